/*
 * libxoev tests - `xoev diff`: schema differences between two versions
 * (xoev_schema_diff), checked against the change files of xmig.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "tests.h"

#define SP "--schema-path " XOEV_SRCDIR "/schemas --no-default-path"
#define CHANGES_NS "urn:libxoev:changes:1"

static char *diff(xoev_registry *reg, const char *a, const char *b, xoev_format fmt)
{
	const xoev_bundle *ba = NULL, *bb = NULL;
	xoev_diag_list *d = NULL;
	char *out = NULL;
	size_t len = 0;

	ck_assert_int_eq(xoev_registry_find(reg, "xmig", a, &ba), 0);
	ck_assert_int_eq(xoev_registry_find(reg, "xmig", b, &bb), 0);
	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	ck_assert_int_eq(xoev_schema_diff(ba, bb, fmt, &out, &len, d), 0);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(len, strlen(out));
	xoev_diag_list_free(d);
	return out;
}

/* 1 if text contains line as a whole line. */
static int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line)) != NULL) {
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return 1;
		p++;
	}
	return 0;
}

/* 1 if text contains path as a whole path (followed by a space, ':' or a line end). */
static int has_path(const char *text, const char *path)
{
	size_t n = strlen(path);
	const char *p = text;

	while ((p = strstr(p, path)) != NULL) {
		if ((p == text || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == ':' || p[n] == '\n' || p[n] == '\0'))
			return 1;
		p++;
	}
	return 0;
}

/* Every <path> and <message> of the change file is named by the diff. */
static void check_change_file(const char *text, const char *file)
{
	char path[4096];
	xmlDocPtr doc;
	xmlNodePtr ch, n;
	size_t checked = 0;

	snprintf(path, sizeof path, "%s/schemas/xmig/changes/%s", XOEV_SRCDIR, file);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	ck_assert_msg(doc != NULL, "cannot read %s", path);
	for (ch = xmlDocGetRootElement(doc)->children; ch; ch = ch->next) {
		if (ch->type != XML_ELEMENT_NODE || strcmp((const char *)ch->name, "change") != 0)
			continue;
		for (n = ch->children; n; n = n->next) {
			xmlChar *o, *nw;
			const char *want;
			if (n->type != XML_ELEMENT_NODE || !n->ns ||
			    strcmp((const char *)n->ns->href, CHANGES_NS) != 0)
				continue;
			if (strcmp((const char *)n->name, "path") == 0) {
				o = xmlGetProp(n, BAD_CAST "old");
				nw = xmlGetProp(n, BAD_CAST "new");
			} else if (strcmp((const char *)n->name, "message") == 0) {
				o = xmlGetProp(n, BAD_CAST "oldRoot");
				nw = xmlGetProp(n, BAD_CAST "newRoot");
			} else {
				continue;
			}
			want = (const char *)(nw ? nw : o);
			ck_assert_msg(want && has_path(text, want), "%s: diff does not name %s", file,
			              want ? want : "?");
			checked++;
			xmlFree(o);
			xmlFree(nw);
		}
	}
	xmlFreeDoc(doc);
	ck_assert_uint_gt(checked, 10);
}

/* A tiny JSON syntax check: 1 if s is one JSON value (and nothing else). */
static const char *json_value(const char *s, int depth);

static const char *json_ws(const char *s)
{
	while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
		s++;
	return s;
}

static const char *json_string(const char *s)
{
	if (*s++ != '"')
		return NULL;
	while (*s && *s != '"') {
		if ((unsigned char)*s < 0x20)
			return NULL;
		if (*s == '\\') {
			s++;
			if (!strchr("\"\\/bfnrtu", *s) || !*s)
				return NULL;
		}
		s++;
	}
	return *s == '"' ? s + 1 : NULL;
}

static const char *json_value(const char *s, int depth)
{
	if (depth > 64)
		return NULL;
	s = json_ws(s);
	if (*s == '{' || *s == '[') {
		char close = *s == '{' ? '}' : ']';
		int obj = *s == '{';
		s = json_ws(s + 1);
		if (*s == close)
			return s + 1;
		for (;;) {
			if (obj) {
				s = json_string(json_ws(s));
				if (!s)
					return NULL;
				s = json_ws(s);
				if (*s++ != ':')
					return NULL;
			}
			s = json_value(s, depth + 1);
			if (!s)
				return NULL;
			s = json_ws(s);
			if (*s == close)
				return s + 1;
			if (*s++ != ',')
				return NULL;
		}
	}
	if (*s == '"')
		return json_string(s);
	if (strncmp(s, "true", 4) == 0)
		return s + 4;
	if (strncmp(s, "false", 5) == 0)
		return s + 5;
	if (strncmp(s, "null", 4) == 0)
		return s + 4;
	if (*s == '-' || (*s >= '0' && *s <= '9')) {
		s++;
		while ((*s >= '0' && *s <= '9') || *s == '.' || *s == 'e' || *s == 'E' || *s == '+' ||
		       *s == '-')
			s++;
		return s;
	}
	return NULL;
}

static int json_ok(const char *s)
{
	s = json_value(s, 0);
	return s && *json_ws(s) == '\0';
}

START_TEST(test_xmig_10_11)
{
	xoev_registry *reg = xoev_test_project_registry();
	char *t = diff(reg, "1.0", "1.1", XOEV_FORMAT_TEXT);

	ck_assert_msg(has_line(t, "1001: renamed (heuristic) register.meldung.1001/person/familienname"
	                          " -> register.meldung.1001/person/nachname"), "%s", t);
	ck_assert(has_line(t, "1001: added register.meldung.1001/person/geburt [1] xmig:GeburtType"));
	ck_assert(has_line(t, "1001: moved (heuristic) register.meldung.1001/person/geburtsdatum"
	                      " -> register.meldung.1001/person/geburt/geburtsdatum"));
	ck_assert(has_line(t, "1004: message added: register.uebermittlungssperre.1004"));
	ck_assert(has_line(t, "1201: message renamed: akte.anfrage.1201 -> akte.anforderung.1201"));
	ck_assert(has_line(t, "1202: codelist-version "
	                      "akte.uebermittlung.1202/aktenverzeichnis/eintrag/dokumentart: 1.0 -> 2.0"));
	ck_assert(has_line(t, "1001: removed register.meldung.1001/bemerkung [0..1] xmig:TextType"));
	ck_assert(has_line(t, "1001: added register.meldung.1001/aufenthaltstitel/nebenbestimmungen"
	                      " [0..1] xmig:TextType"));
	ck_assert(has_line(t, "1401: cardinality "
	                      "beschaeftigung.zustimmungsanfrage.1401/arbeitgeber/betriebsnummer: 1 -> 0..1"));
	ck_assert(has_line(t, "1501: code-type asyl.entscheidungsmitteilung.1501/entscheidung: 1 -> 3"));
	ck_assert(has_line(t, "1501: enumeration asyl.entscheidungsmitteilung.1501/entscheidung: "
	                      "removed 01 02 03 04 05 06 07"));
	ck_assert(strstr(t, "guesses") != NULL); /* heuristics are said to be heuristics */
	check_change_file(t, "1.0_1.1.xml");
	xoev_free(t);

	t = diff(reg, "1.0", "1.1", XOEV_FORMAT_JSON);
	ck_assert_msg(json_ok(t), "%s", t);
	ck_assert(strstr(t, "\"kind\":\"element-renamed\",\"message\":\"1001\"") != NULL);
	ck_assert(strstr(t, "\"heuristic\":true") != NULL);
	ck_assert(strstr(t, "\"kind\":\"message-added\",\"message\":\"1004\"") != NULL);
	xoev_free(t);
	xoev_registry_free(reg);
}
END_TEST

START_TEST(test_xmig_11_20)
{
	xoev_registry *reg = xoev_test_project_registry();
	char *t = diff(reg, "1.1", "2.0", XOEV_FORMAT_TEXT);

	ck_assert_msg(has_line(t, "1202: renamed (heuristic) "
	                          "akte.uebermittlung.1202/aktenverzeichnis/eintrag/seitenzahl -> "
	                          "akte.uebermittlung.1202/aktenverzeichnis/eintrag/seitenanzahl"), "%s", t);
	ck_assert(has_line(t, "1002: message renamed: register.anfrage.1002 -> register.suchanfrage.1002"));
	ck_assert(has_line(t, "1403: message added: beschaeftigung.fristverlaengerung.1403"));
	ck_assert(has_line(t, "1001: codelist-version register.meldung.1001/meldeanlass: 1 -> 2"));
	ck_assert(has_line(t, "1301: removed meldedaten.anmeldung.1301/religion [0..1] xs:token"));
	check_change_file(t, "1.1_2.0.xml");
	xoev_free(t);

	t = diff(reg, "1.1", "2.0", XOEV_FORMAT_JSON);
	ck_assert_msg(json_ok(t), "%s", t);
	xoev_free(t);
	/* a version against itself: no differences */
	t = diff(reg, "2.0", "2.0", XOEV_FORMAT_JSON);
	ck_assert(json_ok(t));
	ck_assert(strstr(t, "\"differences\":[]") != NULL);
	xoev_free(t);
	t = diff(reg, "2.0", "2.0", XOEV_FORMAT_TEXT);
	ck_assert(has_line(t, "diff xmig 2.0 -> xmig 2.0: 0 differences"));
	xoev_free(t);
	xoev_registry_free(reg);
}
END_TEST

START_TEST(test_api_edges)
{
	xoev_registry *reg = xoev_test_project_registry();
	const xoev_bundle *b = NULL;
	char *out = (char *)"x";

	ck_assert_int_eq(xoev_registry_find(reg, "xmig", "1.0", &b), 0);
	ck_assert_int_eq(xoev_schema_diff(NULL, b, XOEV_FORMAT_TEXT, &out, NULL, NULL), XOEV_EINVAL);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(xoev_schema_diff(b, NULL, XOEV_FORMAT_TEXT, &out, NULL, NULL), XOEV_EINVAL);
	ck_assert_int_eq(xoev_schema_diff(b, b, XOEV_FORMAT_TEXT, NULL, NULL, NULL), XOEV_EINVAL);
	ck_assert_int_eq(xoev_schema_diff(b, b, XOEV_FORMAT_SARIF, &out, NULL, NULL), XOEV_EINVAL);
	ck_assert_ptr_null(out);
	ck_assert_int_eq(xoev_schema_diff(b, b, XOEV_FORMAT_TEXT, &out, NULL, NULL), 0);
	xoev_free(out);
	xoev_registry_free(reg);
}
END_TEST

START_TEST(test_cli)
{
	char cmd[4096], *out = NULL;
	const char *cli = xoev_test_cli();

	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' diff xmig 1.0 1.1 " SP, cli);
	ck_assert_int_eq(xoev_test_run(cmd, &out), 0);
	ck_assert(strstr(out, "akte.anfrage.1201 -> akte.anforderung.1201") != NULL);
	free(out);
	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' diff xmig 1.1 2.0 --format json " SP, cli);
	ck_assert_int_eq(xoev_test_run(cmd, &out), 0);
	ck_assert_msg(json_ok(out), "%s", out);
	free(out);
	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' diff xmig 1.0 " SP, cli);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 2);
	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' diff xmig 1.0 1.1 --format xml " SP, cli);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 2);
	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' diff xmig 1.0 1.1 --bogus " SP, cli);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 2);
	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' diff xmig 1.0 7.7 " SP, cli);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 4);
	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' diff nosuchstandard 1.0 1.1 " SP, cli);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 4);
	snprintf(cmd, sizeof cmd, "'%s' diff --help", cli);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
}
END_TEST

Suite *xoev_suite_diff(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_xmig_10_11);
	tcase_add_test(tc, test_xmig_11_20);
	tcase_add_test(tc, test_api_edges);
	tcase_add_test(tc, test_cli);
	suite_add_tcase(s, tc);
	return s;
}
