/*
 * libxoev - conformance results: their accessors, and the writers for
 * text, JSON, JUnit XML and SARIF (see xoev_conformance_format in include/xoev/conformance.h). The
 * findings of each case are rendered by the validation report's own
 * writers (report.h), so that they read the same everywhere.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlstring.h>

#include "conformance_int.h"

/* ------------------------------------------------------------------ */
/* results                                                             */
/* ------------------------------------------------------------------ */

void xoev_conformance__result_clear(xoev_case_result *r)
{
	free(r->suite);
	free(r->id);
	free(r->manifest);
	free(r->message);
	free(r->known_gap);
	free(r->detail);
	free(r->outcome);
	xoev_diag_list_free(r->findings);
	xoev_report_free(r->actual);
	memset(r, 0, sizeof *r);
}

int xoev_conformance_new(xoev_conformance **out)
{
	if (!out)
		return XOEV_EINVAL;
	*out = calloc(1, sizeof **out);
	if (!*out)
		return XOEV_ENOMEM;
	(*out)->timestamp = (long long)time(NULL);
	return 0;
}

void xoev_conformance_free(xoev_conformance *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->count; i++)
		xoev_conformance__result_clear(&c->items[i]);
	free(c->items);
	free(c);
}

int xoev_conformance_set_timestamp(xoev_conformance *c, long long unix_seconds)
{
	if (!c)
		return XOEV_EINVAL;
	c->timestamp = unix_seconds;
	return 0;
}

size_t xoev_conformance_count(const xoev_conformance *c)
{
	return c ? c->count : 0;
}

void xoev_conformance_counts(const xoev_conformance *c, size_t *passed, size_t *failed,
                             size_t *xfailed, size_t *xpassed, size_t *errors)
{
	size_t n[5] = { 0, 0, 0, 0, 0 }, i;

	for (i = 0; c && i < c->count; i++)
		n[c->items[i].status]++;
	if (passed)
		*passed = n[XOEV_CASE_PASS];
	if (failed)
		*failed = n[XOEV_CASE_FAIL];
	if (xfailed)
		*xfailed = n[XOEV_CASE_XFAIL];
	if (xpassed)
		*xpassed = n[XOEV_CASE_XPASS];
	if (errors)
		*errors = n[XOEV_CASE_ERROR];
}

int xoev_conformance_ok(const xoev_conformance *c)
{
	size_t pass, xfail;

	xoev_conformance_counts(c, &pass, NULL, &xfail, NULL, NULL);
	return c && c->count > 0 && pass + xfail == c->count;
}

const xoev_case_result *xoev_conformance_result(const xoev_conformance *c, size_t i)
{
	return c && i < c->count ? &c->items[i] : NULL;
}

xoev_case_status xoev_case_result_status(const xoev_case_result *r)
{
	return r ? r->status : XOEV_CASE_ERROR;
}

xoev_case_kind xoev_case_result_kind(const xoev_case_result *r)
{
	return r ? r->kind : XOEV_CASE_VALIDATE;
}

const char *xoev_case_result_suite(const xoev_case_result *r)
{
	return r ? r->suite : NULL;
}

const char *xoev_case_result_id(const xoev_case_result *r)
{
	return r ? r->id : NULL;
}

const char *xoev_case_result_manifest(const xoev_case_result *r)
{
	return r ? r->manifest : NULL;
}

unsigned long xoev_case_result_line(const xoev_case_result *r)
{
	return r ? r->line : 0;
}

const char *xoev_case_result_message(const xoev_case_result *r)
{
	return r ? r->message : NULL;
}

const char *xoev_case_result_known_gap(const xoev_case_result *r)
{
	return r ? r->known_gap : NULL;
}

const char *xoev_case_result_detail(const xoev_case_result *r)
{
	return r ? r->detail : NULL;
}

const xoev_diag_list *xoev_case_result_findings(const xoev_case_result *r)
{
	return r ? r->findings : NULL;
}

xoev_verdict xoev_case_result_verdict(const xoev_case_result *r)
{
	return r ? r->verdict : XOEV_VERDICT_IO_ERROR;
}

double xoev_case_result_seconds(const xoev_case_result *r)
{
	return r ? r->seconds : 0.0;
}

const char *xoev_case_status_name(xoev_case_status status)
{
	static const char *const names[] = { "pass", "fail", "xfail", "xpass", "error" };
	return (unsigned int)status < 5 ? names[status] : "error";
}

const char *xoev_case_kind_name(xoev_case_kind kind)
{
	return kind == XOEV_CASE_TRANSLATE ? "translate" : "validate";
}

/* ------------------------------------------------------------------ */
/* helpers of the writers                                              */
/* ------------------------------------------------------------------ */

/* XML 1.0 Char production. */
static int xml_char_ok(int c)
{
	return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
	       (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

char *xoev_conformance__clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	xoev_buf b = { 0 };

	while (*p) {
		int len = 4, c = xmlGetUTF8Char(p, &len);
		if (c < 0 || len <= 0 || !xml_char_ok(c)) {
			xoev_buf__puts(&b, "\xEF\xBF\xBD"); /* U+FFFD */
			p++;
			/* skip continuation bytes of the broken sequence */
			while ((*p & 0xC0) == 0x80)
				p++;
			continue;
		}
		xoev_buf__append(&b, (const char *)p, (size_t)len);
		p += len;
	}
	xoev_buf__append(&b, "", 0);
	return xoev_buf__take(&b, NULL);
}

static void xml_text(xoev_buf *b, const char *s)
{
	char *c = xoev_conformance__clean(s);
	if (!c)
		b->failed = 1;
	xoev_buf__xml_escape(b, c ? c : "");
	free(c);
}

static void json_text(xoev_buf *b, const char *s)
{
	char *c = xoev_conformance__clean(s);
	if (!c)
		b->failed = 1;
	xoev_buf__json_string(b, c ? c : "");
	free(c);
}

static void json_opt(xoev_buf *b, const char *s)
{
	if (s)
		json_text(b, s);
	else
		xoev_buf__puts(b, "null");
}

static void put_seconds(xoev_buf *b, double s)
{
	xoev_buf__printf(b, "%.3f", isfinite(s) && s > 0 ? s : 0.0);
}

static int failing(const xoev_case_result *r)
{
	return r->status == XOEV_CASE_FAIL || r->status == XOEV_CASE_XPASS ||
	       r->status == XOEV_CASE_ERROR;
}

/* The findings of a result as text lines ("file:line:col: severity: rule: message [xpath]"). */
static char *findings_text(const xoev_case_result *r)
{
	char *text = NULL;

	if (!r->actual || xoev_report_count(r->actual) == 0 ||
	    xoev_report_format_entry(r->actual, 0, XOEV_FORMAT_TEXT, &text, NULL) != 0)
		return NULL;
	return text;
}

/* ------------------------------------------------------------------ */
/* text                                                                */
/* ------------------------------------------------------------------ */

static void indented(xoev_buf *b, const char *text, const char *indent)
{
	const char *p = text, *nl;

	while (p && *p) {
		nl = strchr(p, '\n');
		xoev_buf__printf(b, "%s%.*s\n", indent, (int)(nl ? nl - p : (long)strlen(p)), p);
		p = nl ? nl + 1 : NULL;
	}
}

static void text_result(xoev_buf *b, const xoev_case_result *r)
{
	static const char *const label[] = { "PASS ", "FAIL ", "XFAIL", "XPASS", "ERROR" };

	xoev_buf__printf(b, "%s %s/%s (%s:%lu)", label[r->status], r->suite, r->id, r->manifest,
	                 r->line);
	if (r->status == XOEV_CASE_XFAIL)
		xoev_buf__printf(b, " known gap: %s", r->known_gap);
	xoev_buf__puts(b, "\n");
	if (failing(r)) {
		char *f = findings_text(r);
		indented(b, r->detail, "    ");
		if (f && xoev_diag_list_count(r->findings)) {
			xoev_buf__puts(b, "    findings:\n");
			indented(b, f, "      ");
		}
		xoev_free(f);
	}
}

char *xoev_conformance_summary(const xoev_conformance *c)
{
	size_t p, f, xf, xp, e;

	xoev_conformance_counts(c, &p, &f, &xf, &xp, &e);
	return xoev_util__printf("conformance: %zu cases: %zu passed, %zu failed, %zu expected "
	                         "failures, %zu unexpected passes, %zu errors",
	                         xoev_conformance_count(c), p, f, xf, xp, e);
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

static void json_result(xoev_buf *b, const xoev_case_result *r)
{
	const char *p = r->detail, *nl;
	char *actual = NULL;

	xoev_buf__puts(b, "{\"suite\": ");
	json_text(b, r->suite);
	xoev_buf__puts(b, ", \"id\": ");
	json_text(b, r->id);
	xoev_buf__printf(b, ", \"kind\": \"%s\", \"status\": \"%s\", \"manifest\": ",
	                 xoev_case_kind_name(r->kind), xoev_case_status_name(r->status));
	json_text(b, r->manifest);
	xoev_buf__printf(b, ", \"line\": %lu, \"message\": ", r->line);
	json_opt(b, r->message);
	xoev_buf__puts(b, ", \"knownGap\": ");
	json_opt(b, r->known_gap);
	xoev_buf__puts(b, ", \"detail\": [");
	while (p && *p) {
		char *line;
		nl = strchr(p, '\n');
		line = nl ? xoev_util__printf("%.*s", (int)(nl - p), p) : xoev_util__strdup(p);
		if (!line)
			b->failed = 1;
		if (p != r->detail)
			xoev_buf__puts(b, ", ");
		json_text(b, line ? line : "");
		free(line);
		p = nl ? nl + 1 : NULL;
	}
	xoev_buf__puts(b, "], \"seconds\": ");
	put_seconds(b, r->seconds);
	xoev_buf__puts(b, ", \"outcome\": ");
	json_opt(b, r->outcome);
	xoev_buf__puts(b, ", \"actual\": ");
	if (r->actual && xoev_report_count(r->actual) &&
	    xoev_report_format_entry(r->actual, 0, XOEV_FORMAT_JSON, &actual, NULL) == 0)
		xoev_buf__puts(b, actual);
	else
		xoev_buf__puts(b, "null");
	xoev_free(actual);
	xoev_buf__puts(b, "}");
}

static void json_report(xoev_buf *b, const xoev_conformance *c)
{
	size_t p, f, xf, xp, e, i;

	xoev_buf__puts(b, "{\"tool\": \"xoev\", \"version\": \"" XOEV_VERSION_STRING "\", \"cases\": [");
	for (i = 0; i < c->count; i++) {
		xoev_buf__puts(b, i ? ",\n  " : "\n  ");
		json_result(b, &c->items[i]);
	}
	xoev_conformance_counts(c, &p, &f, &xf, &xp, &e);
	xoev_buf__printf(b, "],\n \"summary\": {\"cases\": %zu, \"passed\": %zu, \"failed\": %zu, "
	                 "\"xfailed\": %zu, \"xpassed\": %zu, \"errors\": %zu}}\n",
	                 c->count, p, f, xf, xp, e);
}

/* ------------------------------------------------------------------ */
/* JUnit                                                               */
/* ------------------------------------------------------------------ */

static void put_timestamp(xoev_buf *b, long long t)
{
	time_t tt = (time_t)(t < 0 ? 0 : t > 253402300799LL ? 253402300799LL : t);
	struct tm tm;
	char s[32];

	gmtime_r(&tt, &tm);
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S", &tm);
	xoev_buf__puts(b, s);
}

/* The first line of s, cut to 200 bytes (new string). */
static char *first_line(const char *s)
{
	size_t n = s ? strcspn(s, "\n") : 0;
	return xoev_util__printf("%.*s%s", (int)(n > 200 ? 200 : n), s ? s : "", n > 200 ? "..." : "");
}

static void junit_case(xoev_buf *b, const xoev_case_result *r)
{
	static const char *const type[] = { NULL, "conformance.mismatch", NULL,
	                                     "conformance.unexpected-pass", "conformance.error" };

	xoev_buf__puts(b, "    <testcase classname=\"conformance.");
	xml_text(b, r->suite);
	xoev_buf__puts(b, "\" name=\"");
	xml_text(b, r->id);
	xoev_buf__puts(b, "\" time=\"");
	put_seconds(b, r->seconds);
	xoev_buf__puts(b, "\"");
	if (r->status == XOEV_CASE_PASS) {
		xoev_buf__puts(b, "/>\n");
	} else if (r->status == XOEV_CASE_XFAIL) {
		xoev_buf__puts(b, ">\n      <skipped message=\"expected failure: ");
		xml_text(b, r->known_gap);
		xoev_buf__puts(b, "\"/>\n    </testcase>\n");
	} else {
		const char *el = r->status == XOEV_CASE_ERROR ? "error" : "failure";
		char *msg = first_line(r->detail), *f = findings_text(r);
		char *where = xoev_util__printf("%s:%lu: case %s\n", r->manifest, r->line, r->id);
		if (!where)
			b->failed = 1;
		xoev_buf__printf(b, ">\n      <%s type=\"%s\" message=\"", el, type[r->status]);
		xml_text(b, msg);
		xoev_buf__puts(b, "\">");
		xml_text(b, where);
		free(where);
		xml_text(b, r->detail);
		if (f && xoev_diag_list_count(r->findings)) {
			xoev_buf__puts(b, "\nfindings:\n");
			xml_text(b, f);
		}
		xoev_buf__printf(b, "</%s>\n    </testcase>\n", el);
		free(msg);
		xoev_free(f);
	}
}

/* Results [from, to) belong to one suite (consecutive results of the same suite and manifest). */
static size_t suite_end(const xoev_conformance *c, size_t from)
{
	size_t to = from + 1;

	while (to < c->count && strcmp(c->items[to].suite, c->items[from].suite) == 0 &&
	       strcmp(c->items[to].manifest, c->items[from].manifest) == 0)
		to++;
	return to;
}

static void junit_report(xoev_buf *b, const xoev_conformance *c)
{
	size_t from, to, i, id = 0;

	xoev_buf__puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
	for (from = 0; from < c->count; from = to, id++) {
		size_t fail = 0, err = 0, skip = 0;
		double time = 0;
		to = suite_end(c, from);
		for (i = from; i < to; i++) {
			fail += c->items[i].status == XOEV_CASE_FAIL || c->items[i].status == XOEV_CASE_XPASS;
			err += c->items[i].status == XOEV_CASE_ERROR;
			skip += c->items[i].status == XOEV_CASE_XFAIL;
			time += c->items[i].seconds;
		}
		xoev_buf__puts(b, "  <testsuite name=\"conformance.");
		xml_text(b, c->items[from].suite);
		xoev_buf__printf(b, "\" package=\"xoev\" id=\"%zu\" hostname=\"localhost\" timestamp=\"", id);
		put_timestamp(b, c->timestamp);
		xoev_buf__printf(b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"",
		                 to - from, fail, err, skip);
		put_seconds(b, time);
		xoev_buf__puts(b, "\">\n    <properties>\n"
		               "      <property name=\"xoev.version\" value=\"" XOEV_VERSION_STRING "\"/>\n"
		               "      <property name=\"xoev.manifest\" value=\"");
		xml_text(b, c->items[from].manifest);
		xoev_buf__puts(b, "\"/>\n    </properties>\n");
		for (i = from; i < to; i++)
			junit_case(b, &c->items[i]);
		xoev_buf__puts(b, "    <system-out/>\n    <system-err/>\n  </testsuite>\n");
	}
	xoev_buf__puts(b, "</testsuites>\n");
}

/* ------------------------------------------------------------------ */
/* SARIF                                                               */
/* ------------------------------------------------------------------ */

static const char *const sarif_rules[] = { NULL, "conformance.fail", "conformance.xfail",
	                                       "conformance.xpass", "conformance.error" };
static const char *const sarif_rule_text[] = {
	NULL, "A case's expectation did not hold.", "A known gap failed, as expected.",
	"A case marked as a known gap held: remove the mark.", "A case could not run."
};

/* A relative URI reference for a path: every byte but A-Z a-z 0-9 - . _ ~ / percent-encoded. */
static void json_uri_of(xoev_buf *b, const char *path)
{
	xoev_buf u = { 0 };
	const unsigned char *p;
	char *s;

	if (path[0] == '/')
		xoev_buf__puts(&u, "file://");
	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			xoev_buf__append(&u, (const char *)p, 1);
		else
			xoev_buf__printf(&u, "%%%02X", *p);
	}
	s = xoev_buf__take(&u, NULL);
	if (!s)
		b->failed = 1;
	xoev_buf__json_string(b, s ? s : "");
	free(s);
}

static void sarif_result(xoev_buf *b, const xoev_case_result *r, int first)
{
	char *text = xoev_util__printf("%s/%s: %s", r->suite, r->id,
	                               r->status == XOEV_CASE_XFAIL ? r->known_gap : r->detail);

	if (!text)
		b->failed = 1;
	xoev_buf__printf(b, "%s\n        {\"ruleId\": \"%s\", \"ruleIndex\": %d, \"level\": \"%s\", "
	                 "\"message\": {\"text\": ", first ? "" : ",", sarif_rules[r->status],
	                 (int)r->status - 1, r->status == XOEV_CASE_XFAIL ? "note" : "error");
	json_text(b, text ? text : "");
	xoev_buf__puts(b, "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
	json_uri_of(b, r->manifest);
	xoev_buf__puts(b, "}");
	if (r->line)
		xoev_buf__printf(b, ", \"region\": {\"startLine\": %lu}", r->line);
	xoev_buf__puts(b, "}}]}");
	free(text);
}

static void sarif_report(xoev_buf *b, const xoev_conformance *c)
{
	size_t i;
	int k, first = 1;

	xoev_buf__puts(b, "{\"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\", "
	               "\"version\": \"2.1.0\",\n \"runs\": [{\n  \"tool\": {\"driver\": {\"name\": "
	               "\"xoev\", \"version\": \"" XOEV_VERSION_STRING "\", \"semanticVersion\": \""
	               XOEV_VERSION_STRING "\", \"informationUri\": \"" XOEV_REPORT_INFORMATION_URI
	               "\", \"rules\": [");
	for (k = 1; k < 5; k++)
		xoev_buf__printf(b, "%s\n    {\"id\": \"%s\", \"shortDescription\": {\"text\": \"%s\"}}",
		                 k > 1 ? "," : "", sarif_rules[k], sarif_rule_text[k]);
	xoev_buf__printf(b, "]}},\n  \"invocations\": [{\"executionSuccessful\": %s, "
	                 "\"startTimeUtc\": \"", xoev_conformance_ok(c) ? "true" : "false");
	put_timestamp(b, c->timestamp);
	xoev_buf__puts(b, "Z\"}],\n  \"results\": [");
	for (i = 0; i < c->count; i++)
		if (c->items[i].status != XOEV_CASE_PASS) {
			sarif_result(b, &c->items[i], first);
			first = 0;
		}
	xoev_buf__puts(b, "]\n }]}\n");
}

/* ------------------------------------------------------------------ */
/* public                                                              */
/* ------------------------------------------------------------------ */

int xoev_conformance_format(const xoev_conformance *c, xoev_format format, char **out, size_t *len)
{
	xoev_buf b = { 0 };
	char *s;
	size_t i;

	if (out)
		*out = NULL;
	if (!c || !out || (unsigned int)format > XOEV_FORMAT_SARIF)
		return XOEV_EINVAL;
	switch (format) {
	case XOEV_FORMAT_TEXT:
		for (i = 0; i < c->count; i++)
			text_result(&b, &c->items[i]);
		s = xoev_conformance_summary(c);
		if (!s)
			b.failed = 1;
		xoev_buf__printf(&b, "%s\n", s ? s : "");
		free(s);
		break;
	case XOEV_FORMAT_JSON:
		json_report(&b, c);
		break;
	case XOEV_FORMAT_JUNIT:
		junit_report(&b, c);
		break;
	case XOEV_FORMAT_SARIF:
		sarif_report(&b, c);
		break;
	}
	xoev_buf__append(&b, "", 0);
	*out = xoev_buf__take(&b, len);
	return *out ? 0 : XOEV_ENOMEM;
}
