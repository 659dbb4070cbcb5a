/*
 * libxoev - reports: one data model (documents with verdicts and
 * findings), several writers (text, JSON, JUnit XML, SARIF 2.1.0).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

typedef struct {
	char *file;
	xoev_verdict verdict;
	char *standard;
	char *version;
	char *message;
	char *number;
	xoev_diag_list *diags;
	double seconds;
	unsigned int layers; /* XOEV_RUN_*; 0: not known */
} report_entry;

struct xoev_report {
	report_entry *entries;
	size_t count;
	size_t cap;
	long long timestamp; /* seconds since 1970-01-01 UTC */
};

/* 9999-12-31T23:59:59Z: beyond it the timestamp would not fit the formats. */
#define MAX_TIMESTAMP 253402300799LL

int xoev_report_new(xoev_report **out)
{
	if (!out)
		return XOEV_EINVAL;
	*out = calloc(1, sizeof **out);
	if (!*out)
		return XOEV_ENOMEM;
	(*out)->timestamp = (long long)time(NULL);
	return XOEV_OK;
}

static void entry_free(report_entry *e)
{
	free(e->file);
	free(e->standard);
	free(e->version);
	free(e->message);
	free(e->number);
	xoev_diag_list_free(e->diags);
}

void xoev_report_free(xoev_report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->count; i++)
		entry_free(&r->entries[i]);
	free(r->entries);
	free(r);
}

static int dup_opt(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return 0;
	*dst = xoev_util__strdup(src);
	return *dst ? 0 : -1;
}

/* Add an entry whose findings are either copied (src) or taken over (*owned). */
static int report_add(xoev_report *r, const char *file, xoev_verdict verdict,
                      const xoev_bundle *bundle, const xoev_message_type *type,
                      const xoev_diag_list *src, xoev_diag_list **owned)
{
	report_entry e;

	if (!r || !file || (unsigned)verdict > XOEV_VERDICT_UNKNOWN)
		return XOEV_EINVAL;
	if (r->count == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		report_entry *ne = realloc(r->entries, cap * sizeof *ne);
		if (!ne)
			return XOEV_ENOMEM;
		r->entries = ne;
		r->cap = cap;
	}
	memset(&e, 0, sizeof e);
	e.verdict = verdict;
	if (dup_opt(&e.file, file) || dup_opt(&e.standard, xoev_bundle_standard(bundle)) ||
	    dup_opt(&e.version, xoev_bundle_version(bundle)) ||
	    dup_opt(&e.message, xoev_message_type_root(type)) ||
	    dup_opt(&e.number, xoev_message_type_number(type))) {
		entry_free(&e);
		return XOEV_ENOMEM;
	}
	if (owned && *owned) {
		e.diags = *owned;
		*owned = NULL;
	} else if (xoev_diag_list_new(&e.diags) || xoev_diag__append_all(e.diags, src)) {
		entry_free(&e);
		return XOEV_ENOMEM;
	}
	r->entries[r->count++] = e;
	return XOEV_OK;
}

int xoev_report_add(xoev_report *r, const char *file, xoev_verdict verdict,
                    const xoev_bundle *bundle, const xoev_message_type *type,
                    const xoev_diag_list *diags)
{
	return report_add(r, file, verdict, bundle, type, diags, NULL);
}

int xoev_report__add_owned(xoev_report *r, const char *file, xoev_verdict verdict,
                           const xoev_bundle *bundle, const xoev_message_type *type,
                           xoev_diag_list **diags)
{
	return report_add(r, file, verdict, bundle, type, NULL, diags);
}

int xoev_report_set_duration(xoev_report *r, size_t i, double seconds)
{
	if (!r || i >= r->count)
		return XOEV_EINVAL;
	/* NaN fails every comparison; the upper bound keeps the ms count in range. */
	r->entries[i].seconds = (seconds > 0 && seconds < 1e12) ? seconds : 0;
	return XOEV_OK;
}

size_t xoev_report_entry_findings(const xoev_report *r, size_t i)
{
	return (r && i < r->count) ? xoev_diag_list_count(r->entries[i].diags) : 0;
}

size_t xoev_report_count(const xoev_report *r)
{
	return r ? r->count : 0;
}

int xoev_report_set_layers(xoev_report *r, size_t i, unsigned int layers)
{
	if (!r || i >= r->count || (layers & ~XOEV_RUN_ALL))
		return XOEV_EINVAL;
	r->entries[i].layers = layers;
	return XOEV_OK;
}

/* The layers of an entry, in pipeline order, as report names. */
static const struct {
	unsigned int bit;
	const char *name;
} layer_names[] = { { XOEV_RUN_XSD, "xsd" },
                    { XOEV_RUN_CODELIST, "codelist" },
                    { XOEV_RUN_RULES, "rule" },
                    { XOEV_RUN_HEADER, "header" } };

int xoev_report_set_timestamp(xoev_report *r, long long unix_seconds)
{
	if (!r)
		return XOEV_EINVAL;
	r->timestamp = unix_seconds < 0 ? 0 : unix_seconds > MAX_TIMESTAMP ? MAX_TIMESTAMP
	                                                                   : unix_seconds;
	return XOEV_OK;
}

void xoev_report_counts(const xoev_report *r, size_t *valid, size_t *invalid, size_t *io_errors,
                        size_t *unknown)
{
	size_t i, n[4] = { 0, 0, 0, 0 };

	for (i = 0; r && i < r->count; i++)
		if ((unsigned)r->entries[i].verdict < 4)
			n[r->entries[i].verdict]++;
	if (valid)
		*valid = n[XOEV_VERDICT_VALID];
	if (invalid)
		*invalid = n[XOEV_VERDICT_INVALID];
	if (io_errors)
		*io_errors = n[XOEV_VERDICT_IO_ERROR];
	if (unknown)
		*unknown = n[XOEV_VERDICT_UNKNOWN];
}

char *xoev_report_summary(const xoev_report *r)
{
	size_t valid, invalid, io, unknown;

	xoev_report_counts(r, &valid, &invalid, &io, &unknown);
	return xoev_util__printf("%zu file%s: %zu valid, %zu invalid, %zu unreadable, %zu unknown",
	                         r ? r->count : 0, (r && r->count == 1) ? "" : "s", valid, invalid,
	                         io, unknown);
}

/* ------------------------------------------------------------------ */
/* Encoding helpers: UTF-8, XML, JSON, URIs, times                      */
/* ------------------------------------------------------------------ */

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/*
 * Length of the valid UTF-8 sequence at p (1-4) and its code point in *cp;
 * 0 if the bytes there are not valid UTF-8 (overlong forms, surrogates and
 * values above U+10FFFF included). p points at a NUL-terminated string, so
 * a truncated sequence stops at the NUL.
 */
static size_t utf8_char(const unsigned char *p, unsigned long *cp)
{
	unsigned long c;
	size_t n, k;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2;
		c = p[0] & 0x1Fu;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3;
		c = p[0] & 0x0Fu;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4;
		c = p[0] & 0x07u;
	} else {
		return 0;
	}
	for (k = 1; k < n; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[k] & 0x3Fu);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/*
 * Append s as XML character data (attr 0) or as an attribute value in
 * double quotes (attr 1): markup characters escaped; tab, LF and CR in
 * attributes (and CR in text) as character references so that they
 * survive normalisation; anything XML 1.0 cannot carry as U+FFFD.
 */
static void xml_put(xoev_buf *b, const char *s, int attr)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	unsigned long c;
	size_t n;

	while (*p) {
		n = utf8_char(p, &c);
		if (n == 0) {
			xoev_buf__puts(b, REPLACEMENT);
			p++;
			continue;
		}
		switch (c) {
		case '&': xoev_buf__puts(b, "&amp;"); break;
		case '<': xoev_buf__puts(b, "&lt;"); break;
		case '>': xoev_buf__puts(b, "&gt;"); break;
		case '"': xoev_buf__puts(b, attr ? "&quot;" : "\""); break;
		case '\r': xoev_buf__puts(b, "&#13;"); break;
		case '\n': xoev_buf__puts(b, attr ? "&#10;" : "\n"); break;
		case '\t': xoev_buf__puts(b, attr ? "&#9;" : "\t"); break;
		default:
			if (c < 0x20 || c == 0xFFFE || c == 0xFFFF)
				xoev_buf__puts(b, REPLACEMENT);
			else
				xoev_buf__append(b, (const char *)p, n);
		}
		p += n;
	}
}

/* Append s as a JSON string literal; invalid UTF-8 becomes U+FFFD. NULL: null. */
static void json_put(xoev_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long c;
	size_t n;

	if (!s) {
		xoev_buf__puts(b, "null");
		return;
	}
	xoev_buf__puts(b, "\"");
	while (*p) {
		n = utf8_char(p, &c);
		if (n == 0) {
			xoev_buf__puts(b, REPLACEMENT);
			p++;
			continue;
		}
		switch (c) {
		case '"': xoev_buf__puts(b, "\\\""); break;
		case '\\': xoev_buf__puts(b, "\\\\"); break;
		case '\n': xoev_buf__puts(b, "\\n"); break;
		case '\r': xoev_buf__puts(b, "\\r"); break;
		case '\t': xoev_buf__puts(b, "\\t"); break;
		default:
			if (c < 0x20)
				xoev_buf__printf(b, "\\u%04lx", c);
			else
				xoev_buf__append(b, (const char *)p, n);
		}
		p += n;
	}
	xoev_buf__puts(b, "\"");
}

/* "key": value, -- the value a JSON string or null */
static void json_kv(xoev_buf *b, const char *key, const char *value, int comma)
{
	json_put(b, key);
	xoev_buf__puts(b, ": ");
	json_put(b, value);
	if (comma)
		xoev_buf__puts(b, ", ");
}

/*
 * Append a file name as a JSON string holding a URI reference: every byte
 * but the unreserved characters and "/" percent-encoded (so ":" can never
 * be taken for a scheme); an absolute path becomes a file:// URI.
 */
static void json_uri(xoev_buf *b, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	char esc[3];

	xoev_buf__puts(b, "\"");
	if (path[0] == '/')
		xoev_buf__puts(b, "file://");
	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~' || *p == '/') {
			xoev_buf__append(b, (const char *)p, 1);
		} else {
			esc[0] = '%';
			esc[1] = hex[*p >> 4];
			esc[2] = hex[*p & 0xF];
			xoev_buf__append(b, esc, 3);
		}
	}
	xoev_buf__puts(b, "\"");
}

/* Seconds with three decimals, independent of the locale's decimal point. */
static void put_seconds(xoev_buf *b, double seconds)
{
	unsigned long long ms = (unsigned long long)(seconds * 1000.0 + 0.5);

	xoev_buf__printf(b, "%llu.%03llu", ms / 1000, ms % 1000);
}

/* "YYYY-MM-DDThh:mm:ss" in UTC, plus suffix (e.g. "Z"). */
static void put_timestamp(xoev_buf *b, long long t, const char *suffix)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char s[32];

	if (!gmtime_r(&tt, &tm) || strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
		strcpy(s, "1970-01-01T00:00:00");
	xoev_buf__puts(b, s);
	xoev_buf__puts(b, suffix);
}

/* The text line of one finding plus "\n". */
static void put_diag_line(xoev_buf *b, const xoev_diag *d, int xml)
{
	char *line = xoev_diag_format(d);

	if (!line) {
		b->failed = 1;
		return;
	}
	if (xml)
		xml_put(b, line, 0);
	else
		xoev_buf__puts(b, line);
	xoev_buf__puts(b, "\n");
	free(line);
}

static int is_error(const xoev_diag *d)
{
	return xoev_diag_severity(d) >= XOEV_SEVERITY_ERROR;
}

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

static void text_entry(xoev_buf *b, const report_entry *e)
{
	size_t i;

	for (i = 0; i < xoev_diag_list_count(e->diags); i++)
		put_diag_line(b, xoev_diag_list_get(e->diags, i), 0);
	/* "file: verdict (standard version message)": plain appends, no printf */
	xoev_buf__puts(b, e->file);
	xoev_buf__puts(b, ": ");
	xoev_buf__puts(b, xoev_verdict_name(e->verdict));
	if (e->standard) {
		xoev_buf__puts(b, " (");
		xoev_buf__puts(b, e->standard);
		xoev_buf__puts(b, " ");
		xoev_buf__puts(b, e->version);
		if (e->message) {
			xoev_buf__puts(b, " ");
			xoev_buf__puts(b, e->message);
		}
		xoev_buf__puts(b, ")");
	}
	if (e->layers && e->layers != XOEV_RUN_ALL) {
		size_t k, n = 0;
		xoev_buf__puts(b, " [layers:");
		for (k = 0; k < sizeof layer_names / sizeof layer_names[0]; k++)
			if (e->layers & layer_names[k].bit)
				xoev_buf__printf(b, "%s%s", n++ ? "," : " ", layer_names[k].name);
		xoev_buf__puts(b, "]");
	}
	xoev_buf__puts(b, "\n");
}

/* ------------------------------------------------------------------ */
/* JSON (schemas/xoev-report.schema.json)                              */
/* ------------------------------------------------------------------ */

static void json_entry(xoev_buf *b, const report_entry *e)
{
	size_t i;

	xoev_buf__puts(b, "{");
	json_kv(b, "file", e->file, 1);
	json_kv(b, "verdict", xoev_verdict_name(e->verdict), 1);
	json_kv(b, "standard", e->standard, 1);
	json_kv(b, "version", e->version, 1);
	json_kv(b, "message", e->message, 1);
	json_kv(b, "number", e->number, 1);
	if (e->layers) {
		size_t k, n = 0;
		xoev_buf__puts(b, "\"layers\": [");
		for (k = 0; k < sizeof layer_names / sizeof layer_names[0]; k++)
			if (e->layers & layer_names[k].bit) {
				xoev_buf__puts(b, n++ ? ", " : "");
				xoev_buf__json_string(b, layer_names[k].name);
			}
		xoev_buf__puts(b, "], ");
	}
	xoev_buf__puts(b, "\"findings\": [");
	for (i = 0; i < xoev_diag_list_count(e->diags); i++) {
		const xoev_diag *d = xoev_diag_list_get(e->diags, i);
		xoev_buf__puts(b, i ? ", {" : "{");
		json_kv(b, "severity", xoev_severity_name(xoev_diag_severity(d)), 1);
		json_kv(b, "layer", xoev_layer_name(xoev_diag_layer(d)), 1);
		json_kv(b, "rule", xoev_diag_rule(d), 1);
		json_kv(b, "message", xoev_diag_message(d), 1);
		json_kv(b, "file", xoev_diag_file(d), 1);
		xoev_buf__printf(b, "\"line\": %lu, \"column\": %lu, ", xoev_diag_line(d),
		                 xoev_diag_column(d));
		json_kv(b, "xpath", xoev_diag_xpath(d), 0);
		xoev_buf__puts(b, "}");
	}
	xoev_buf__puts(b, "]}");
}

static void json_report(xoev_buf *b, const xoev_report *r)
{
	size_t i, j, valid, invalid, io, unknown, sev[4] = { 0, 0, 0, 0 };

	xoev_report_counts(r, &valid, &invalid, &io, &unknown);
	xoev_buf__puts(b, "{\"tool\": \"xoev\", \"version\": ");
	json_put(b, XOEV_VERSION_STRING);
	xoev_buf__puts(b, ", \"files\": [");
	for (i = 0; i < r->count; i++) {
		const xoev_diag_list *l = r->entries[i].diags;
		xoev_buf__puts(b, i ? ",\n  " : "\n  ");
		json_entry(b, &r->entries[i]);
		for (j = 0; j < xoev_diag_list_count(l); j++) {
			unsigned s = (unsigned)xoev_diag_severity(xoev_diag_list_get(l, j));
			sev[s < 4 ? s : XOEV_SEVERITY_FATAL]++;
		}
	}
	xoev_buf__printf(b, "\n], \"summary\": {\"files\": %zu, \"valid\": %zu, \"invalid\": %zu, "
	                    "\"unreadable\": %zu, \"unknown\": %zu, \"findings\": {\"fatal\": %zu, "
	                    "\"error\": %zu, \"warning\": %zu, \"info\": %zu}}}\n",
	                 r->count, valid, invalid, io, unknown, sev[XOEV_SEVERITY_FATAL],
	                 sev[XOEV_SEVERITY_ERROR], sev[XOEV_SEVERITY_WARNING],
	                 sev[XOEV_SEVERITY_INFO]);
}

/* ------------------------------------------------------------------ */
/* JUnit XML (tests/data/schemas/junit.xsd)                            */
/* ------------------------------------------------------------------ */

/* The failure/error message attribute: a summary, not the whole text. */
#define JUNIT_MESSAGE_MAX 256

/* s cut to at most max bytes at a character boundary, "..." added if cut. New string. */
static char *cut_utf8(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return xoev_util__strdup(s);
	while (n > 0 && (n > max || (s[n] & 0xC0) == 0x80))
		n--;
	return xoev_util__printf("%.*s...", (int)n, s);
}

static void junit_classname(xoev_buf *b, const report_entry *e)
{
	if (!e->standard) {
		xoev_buf__puts(b, "unknown");
		return;
	}
	xml_put(b, e->standard, 1);
	if (e->version) {
		xoev_buf__puts(b, ".");
		xml_put(b, e->version, 1);
	}
	if (e->message) {
		xoev_buf__puts(b, ".");
		xml_put(b, e->message, 1);
	}
}

static void junit_entry(xoev_buf *b, const report_entry *e)
{
	const xoev_diag *first = NULL;
	size_t i, errors = 0;
	const char *element, *type, *what;
	char *msg, *cut;

	xoev_buf__puts(b, "    <testcase classname=\"");
	junit_classname(b, e);
	xoev_buf__puts(b, "\" name=\"");
	xml_put(b, e->file, 1);
	xoev_buf__puts(b, "\" time=\"");
	put_seconds(b, e->seconds);
	if (e->verdict == XOEV_VERDICT_VALID) {
		xoev_buf__puts(b, "\"/>\n");
		return;
	}
	for (i = 0; i < xoev_diag_list_count(e->diags); i++) {
		const xoev_diag *d = xoev_diag_list_get(e->diags, i);
		if (is_error(d)) {
			errors++;
			if (!first)
				first = d;
		}
	}
	if (e->verdict == XOEV_VERDICT_INVALID) {
		element = "failure";
		type = "invalid";
		what = "the document is invalid";
	} else if (e->verdict == XOEV_VERDICT_IO_ERROR) {
		element = "error";
		type = "io-error";
		what = "the document could not be read";
	} else {
		element = "error";
		type = "unknown";
		what = "no loaded bundle claims the document";
	}
	if (first)
		msg = xoev_util__printf("%zu error%s: %s", errors, errors == 1 ? "" : "s",
		                        xoev_diag_message(first));
	else
		msg = xoev_util__strdup(what);
	cut = msg ? cut_utf8(msg, JUNIT_MESSAGE_MAX) : NULL;
	free(msg);
	if (!cut) {
		b->failed = 1;
		return;
	}
	xoev_buf__printf(b, "\">\n      <%s type=\"", element);
	xml_put(b, first ? xoev_diag_rule(first) : type, 1);
	xoev_buf__puts(b, "\" message=\"");
	xml_put(b, cut, 1);
	xoev_buf__puts(b, "\">");
	free(cut);
	for (i = 0; i < xoev_diag_list_count(e->diags); i++)
		if (is_error(xoev_diag_list_get(e->diags, i)))
			put_diag_line(b, xoev_diag_list_get(e->diags, i), 1);
	xoev_buf__printf(b, "</%s>\n    </testcase>\n", element);
}

static void junit_report(xoev_buf *b, const xoev_report *r)
{
	size_t i, j, valid, invalid, io, unknown;
	double total = 0;
	char *summary = xoev_report_summary(r);

	if (!summary) {
		b->failed = 1;
		return;
	}
	xoev_report_counts(r, &valid, &invalid, &io, &unknown);
	for (i = 0; i < r->count; i++)
		total += r->entries[i].seconds;
	xoev_buf__puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
	                  "  <testsuite name=\"xoev validate\" package=\"xoev\" id=\"0\" "
	                  "hostname=\"localhost\" timestamp=\"");
	put_timestamp(b, r->timestamp, "");
	xoev_buf__printf(b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"0\" time=\"",
	                 r->count, invalid, io + unknown);
	put_seconds(b, total);
	xoev_buf__puts(b, "\">\n    <properties>\n"
	                  "      <property name=\"xoev.version\" value=\"" XOEV_VERSION_STRING "\"/>\n"
	                  "      <property name=\"xoev.summary\" value=\"");
	xml_put(b, summary, 1);
	xoev_buf__puts(b, "\"/>\n    </properties>\n");
	free(summary);
	for (i = 0; i < r->count; i++)
		junit_entry(b, &r->entries[i]);
	/* Warnings and notes fail nothing, but a CI log should still show them. */
	xoev_buf__puts(b, "    <system-out>");
	for (i = 0; i < r->count; i++)
		for (j = 0; j < xoev_diag_list_count(r->entries[i].diags); j++)
			if (!is_error(xoev_diag_list_get(r->entries[i].diags, j)))
				put_diag_line(b, xoev_diag_list_get(r->entries[i].diags, j), 1);
	xoev_buf__puts(b, "</system-out>\n    <system-err></system-err>\n  </testsuite>\n"
	                  "</testsuites>\n");
}

/* ------------------------------------------------------------------ */
/* SARIF 2.1.0                                                         */
/* ------------------------------------------------------------------ */

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

static const char *layer_title(xoev_layer layer)
{
	switch (layer) {
	case XOEV_LAYER_IO: return "Reading the input";
	case XOEV_LAYER_WELLFORMED: return "XML well-formedness and safety limits";
	case XOEV_LAYER_DETECT: return "Standard, version and message type detection";
	case XOEV_LAYER_XSD: return "XML Schema validation";
	case XOEV_LAYER_CODELIST: return "Code lists";
	case XOEV_LAYER_RULE: return "Business rules";
	case XOEV_LAYER_HEADER: return "Message header rules";
	case XOEV_LAYER_TRANSLATE: return "Version translation";
	case XOEV_LAYER_BUNDLE: return "Bundles, manifests and schema compilation";
	}
	return "Other";
}

static const char *sarif_level(xoev_severity s)
{
	switch (s) {
	case XOEV_SEVERITY_INFO: return "note";
	case XOEV_SEVERITY_WARNING: return "warning";
	default: return "error";
	}
}

/* What an XPath's last step selects, as a SARIF logical location kind. */
static const char *xpath_kind(const char *xpath)
{
	const char *last = strrchr(xpath, '/');

	last = last ? last + 1 : xpath;
	if (last[0] == '@')
		return "attribute";
	if (strncmp(last, "text()", 6) == 0)
		return "text";
	return "element";
}

/* Index of id in rules, or rules->count. */
static size_t rule_index(const xoev_strv *rules, const char *id)
{
	size_t k;

	for (k = 0; k < rules->count; k++)
		if (strcmp(rules->items[k], id) == 0)
			break;
	return k;
}

/*
 * The artifact index of each document: run.artifacts must hold unique
 * items, so a file added twice is one artifact (in order of first
 * occurrence). New array of r->count indexes (caller frees); NULL if
 * memory ran out (or the report is empty).
 */
typedef struct {
	const char *file;
	size_t index;
} file_ref;

static int file_ref_cmp(const void *a, const void *b)
{
	const file_ref *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static size_t *artifact_map(const xoev_report *r)
{
	file_ref *refs;
	size_t *first, *map, i, k = 0;

	if (r->count == 0)
		return NULL;
	refs = malloc(r->count * sizeof *refs);
	first = malloc(r->count * sizeof *first);
	map = malloc(r->count * sizeof *map);
	if (!refs || !first || !map) {
		free(refs);
		free(first);
		free(map);
		return NULL;
	}
	for (i = 0; i < r->count; i++) {
		refs[i].file = r->entries[i].file;
		refs[i].index = i;
	}
	qsort(refs, r->count, sizeof *refs, file_ref_cmp);
	for (i = 0; i < r->count; i++)
		first[refs[i].index] = (i > 0 && strcmp(refs[i].file, refs[i - 1].file) == 0)
		                               ? first[refs[i - 1].index]
		                               : refs[i].index;
	for (i = 0; i < r->count; i++)
		map[i] = first[i] == i ? k++ : map[first[i]];
	free(refs);
	free(first);
	return map;
}

/* One result object; rules NULL: no ruleIndex. artifact: the document's artifact index. */
static void sarif_result(xoev_buf *b, const report_entry *e, size_t artifact, const xoev_diag *d,
                         const xoev_strv *rules)
{
	const char *file = xoev_diag_file(d);
	const char *xpath = xoev_diag_xpath(d);
	unsigned long line = xoev_diag_line(d), col = xoev_diag_column(d);

	xoev_buf__puts(b, "{\"ruleId\": ");
	json_put(b, xoev_diag_rule(d));
	if (rules)
		xoev_buf__printf(b, ", \"ruleIndex\": %zu", rule_index(rules, xoev_diag_rule(d)));
	xoev_buf__printf(b, ", \"level\": \"%s\", \"message\": {\"text\": ",
	                 sarif_level(xoev_diag_severity(d)));
	json_put(b, xoev_diag_message(d));
	xoev_buf__puts(b, "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
	if (!file || strcmp(file, e->file) == 0) {
		json_uri(b, e->file);
		xoev_buf__printf(b, ", \"index\": %zu}", artifact);
	} else {
		/* e.g. a schema file of the bundle: not one of the artifacts */
		json_uri(b, file);
		xoev_buf__puts(b, "}");
	}
	if (line > 0) {
		xoev_buf__printf(b, ", \"region\": {\"startLine\": %lu", line);
		if (col > 0)
			xoev_buf__printf(b, ", \"startColumn\": %lu", col);
		xoev_buf__puts(b, "}");
	}
	xoev_buf__puts(b, "}");
	if (xpath && *xpath) {
		xoev_buf__puts(b, ", \"logicalLocations\": [{\"fullyQualifiedName\": ");
		json_put(b, xpath);
		xoev_buf__printf(b, ", \"kind\": \"%s\"}]", xpath_kind(xpath));
	}
	xoev_buf__puts(b, "}]}");
}

static void sarif_entry_results(xoev_buf *b, const xoev_report *r, size_t i, size_t artifact,
                                const xoev_strv *rules, int *first)
{
	const report_entry *e = &r->entries[i];
	size_t j;

	for (j = 0; j < xoev_diag_list_count(e->diags); j++) {
		xoev_buf__puts(b, *first ? "\n        " : ",\n        ");
		*first = 0;
		sarif_result(b, e, artifact, xoev_diag_list_get(e->diags, j), rules);
	}
}

static void sarif_report(xoev_buf *b, const xoev_report *r)
{
	xoev_strv rules = { 0 };
	xoev_strv layers = { 0 }; /* two per rule: its layer's title and name */
	size_t i, j, io, unknown, *map = artifact_map(r);
	int first = 1;

	if (r->count && !map) {
		b->failed = 1;
		return;
	}
	for (i = 0; i < r->count; i++) {
		for (j = 0; j < xoev_diag_list_count(r->entries[i].diags); j++) {
			const xoev_diag *d = xoev_diag_list_get(r->entries[i].diags, j);
			if (rule_index(&rules, xoev_diag_rule(d)) < rules.count)
				continue;
			if (xoev_strv__push(&rules, xoev_diag_rule(d)) ||
			    xoev_strv__push(&layers, layer_title(xoev_diag_layer(d))) ||
			    xoev_strv__push(&layers, xoev_layer_name(xoev_diag_layer(d)))) {
				b->failed = 1;
				goto out;
			}
		}
	}
	xoev_report_counts(r, NULL, NULL, &io, &unknown);
	xoev_buf__puts(b, "{\n  \"$schema\": \"" SARIF_SCHEMA "\",\n  \"version\": \"2.1.0\",\n"
	                  "  \"runs\": [{\n    \"tool\": {\"driver\": {\"name\": \"xoev\", "
	                  "\"version\": \"" XOEV_VERSION_STRING "\", \"semanticVersion\": \""
	                  XOEV_VERSION_STRING "\",\n      \"informationUri\": \""
	                  XOEV_REPORT_INFORMATION_URI "\",\n      \"rules\": [");
	for (i = 0; i < rules.count; i++) {
		char *text = xoev_util__printf("%s: %s", layers.items[2 * i], rules.items[i]);
		if (!text) {
			b->failed = 1;
			goto out;
		}
		xoev_buf__puts(b, i ? ",\n        {\"id\": " : "\n        {\"id\": ");
		json_put(b, rules.items[i]);
		xoev_buf__puts(b, ", \"shortDescription\": {\"text\": ");
		json_put(b, text);
		xoev_buf__puts(b, "}, \"properties\": {\"tags\": [");
		json_put(b, layers.items[2 * i + 1]);
		xoev_buf__puts(b, "]}}");
		free(text);
	}
	xoev_buf__printf(b, "]}},\n    \"invocations\": [{\"executionSuccessful\": %s, "
	                    "\"startTimeUtc\": \"",
	                 (io + unknown) ? "false" : "true");
	put_timestamp(b, r->timestamp, "Z");
	xoev_buf__puts(b, "\"}],\n    \"columnKind\": \"unicodeCodePoints\",\n    \"artifacts\": [");
	for (i = 0, j = 0; i < r->count; i++) {
		if (map[i] != j)
			continue; /* a file seen before */
		xoev_buf__puts(b, j++ ? ",\n      {\"location\": {\"uri\": "
		                      : "\n      {\"location\": {\"uri\": ");
		json_uri(b, r->entries[i].file);
		xoev_buf__puts(b, "}, \"roles\": [\"analysisTarget\"]}");
	}
	xoev_buf__puts(b, "],\n    \"results\": [");
	for (i = 0; i < r->count; i++)
		sarif_entry_results(b, r, i, map[i], &rules, &first);
	xoev_buf__puts(b, "]\n  }]\n}\n");
out:
	free(map);
	xoev_strv__free(&rules);
	xoev_strv__free(&layers);
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */
/* ------------------------------------------------------------------ */

static int known_format(xoev_format format)
{
	return format == XOEV_FORMAT_TEXT || format == XOEV_FORMAT_JSON ||
	       format == XOEV_FORMAT_JUNIT || format == XOEV_FORMAT_SARIF;
}

int xoev_report_format(const xoev_report *r, xoev_format format, char **out, size_t *len)
{
	xoev_buf b = { 0 };
	size_t i;
	char *summary;

	if (!r || !out || !known_format(format))
		return XOEV_EINVAL;
	*out = NULL;
	switch (format) {
	case XOEV_FORMAT_TEXT:
		summary = xoev_report_summary(r);
		if (!summary)
			return XOEV_ENOMEM;
		for (i = 0; i < r->count; i++)
			text_entry(&b, &r->entries[i]);
		xoev_buf__puts(&b, summary);
		xoev_buf__puts(&b, "\n");
		free(summary);
		break;
	case XOEV_FORMAT_JSON:
		json_report(&b, r);
		break;
	case XOEV_FORMAT_JUNIT:
		junit_report(&b, r);
		break;
	case XOEV_FORMAT_SARIF:
		sarif_report(&b, r);
		break;
	}
	*out = xoev_buf__take(&b, len);
	return *out ? XOEV_OK : XOEV_ENOMEM;
}

int xoev_report_format_entry(const xoev_report *r, size_t i, xoev_format format, char **out,
                             size_t *len)
{
	xoev_buf b = { 0 };
	size_t *map;
	int first = 1;

	if (!r || !out || i >= r->count || !known_format(format))
		return XOEV_EINVAL;
	*out = NULL;
	switch (format) {
	case XOEV_FORMAT_TEXT:
		text_entry(&b, &r->entries[i]);
		break;
	case XOEV_FORMAT_JSON:
		json_entry(&b, &r->entries[i]);
		break;
	case XOEV_FORMAT_JUNIT:
		junit_entry(&b, &r->entries[i]);
		break;
	case XOEV_FORMAT_SARIF:
		map = artifact_map(r);
		if (!map)
			return XOEV_ENOMEM;
		xoev_buf__puts(&b, "[");
		sarif_entry_results(&b, r, i, map[i], NULL, &first);
		xoev_buf__puts(&b, "]\n");
		free(map);
		break;
	}
	*out = xoev_buf__take(&b, len);
	return *out ? XOEV_OK : XOEV_ENOMEM;
}
