/*
 * libxoev tests - `xoev translate` as a batch tool: directories and several
 * inputs, mirrored output directories, refusals (an existing output, an
 * output that is an input, two inputs onto one output), exit code by the
 * worst outcome class, and the text and JSON reports over every file.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests.h"

#define XMIG XOEV_SRCDIR "/schemas/xmig"
#define SP "--no-default-path --schema-path " XOEV_SRCDIR "/schemas"

/* Run `xoev translate ARGS` with the test directory as working directory. */
static int translate_cli(const char *args, char **out)
{
	char cmd[8192];

	snprintf(cmd, sizeof cmd, "cd '%s' && XOEV_SCHEMA_PATH= '%s' translate " SP " %s",
	         xoev_test_dir, xoev_test_cli(), args);
	return xoev_test_run(cmd, out);
}

static void sh(const char *fmt, const char *arg)
{
	char cmd[8192], inner[4096];

	snprintf(inner, sizeof inner, fmt, arg);
	snprintf(cmd, sizeof cmd, "cd '%s' && %s", xoev_test_dir, inner);
	ck_assert_msg(xoev_test_run(cmd, NULL) == 0, "setup failed: %s", inner);
}

static char *read_rel(const char *rel)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", xoev_test_dir, rel);
	return xoev_test_read_file(path, NULL);
}

static int exists_rel(const char *rel)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof path, "%s/%s", xoev_test_dir, rel);
	return stat(path, &st) == 0;
}

/* Number of entries (hidden ones too) in a directory of the test dir. */
static int count_entries(const char *rel)
{
	char cmd[4096], *out = NULL;
	int n;

	snprintf(cmd, sizeof cmd, "ls -A '%s/%s' | wc -l", xoev_test_dir, rel);
	ck_assert_int_eq(xoev_test_run(cmd, &out), 0);
	n = atoi(out);
	free(out);
	return n;
}

/*
 * in/: three xmig 1.0 messages (one gzipped, in a subdirectory), one of
 * them lossy to 1.1 (register.meldung.1001 drops its remark).
 */
static void make_input_dir(void)
{
	sh("mkdir -p in/sub && cp " XMIG "/1.0/examples/valid/akte.anfrage.1201.xml in/%s", "");
	sh("cp " XMIG "/1.0/examples/valid/register.meldung.1001.xml in/sub/%s", "");
	sh("cp " XMIG "/1.0/examples/valid/register.anfrage.1002.xml in/sub/ && gzip in/sub/%s",
	   "register.anfrage.1002.xml");
}

/* A directory is translated file by file into a mirror of its tree; .xml.gz becomes .xml. */
START_TEST(directory_mirrored)
{
	char *out = NULL, *text;
	int st;

	make_input_dir();
	st = translate_cli("--to 1.1 in -o out", &out);
	ck_assert_msg(st == 0, "exit %d: %s", st, out);
	ck_assert_ptr_nonnull(strstr(out, "in/akte.anfrage.1201.xml: lossless (xmig 1.0 -> 1.1) -> out/akte.anfrage.1201.xml"));
	ck_assert_ptr_nonnull(strstr(out, "in/sub/register.meldung.1001.xml: lossy"));
	ck_assert_ptr_nonnull(strstr(out, "-> out/sub/register.anfrage.1002.xml\n"));
	ck_assert_ptr_nonnull(strstr(out, "3 files: 2 lossless, 0 lossless-with-defaults, 1 lossy, 0 rejected, 0 failed, 0 io-error; exit 0"));
	free(out);
	text = read_rel("out/sub/register.anfrage.1002.xml");
	ck_assert_msg(text && strstr(text, "urn:libxoev:xmig:schema:1.1"), "not a 1.1 message");
	free(text);
	/* exactly the three outputs, no temporary files left behind */
	ck_assert_int_eq(count_entries("out"), 2);
	ck_assert_int_eq(count_entries("out/sub"), 2);
	/* what was written is valid 1.1 */
	{
		char cmd[4096];
		snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' validate " SP " -q '%s/out'",
		         xoev_test_cli(), xoev_test_dir);
		ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
	}
	/* several inputs or a directory without -o: a usage error, nothing done */
	ck_assert_int_eq(translate_cli("--to 1.1 in", NULL), 2);
	ck_assert_int_eq(translate_cli("--to 1.1 in/akte.anfrage.1201.xml in/sub/register.meldung.1001.xml", NULL), 2);
}
END_TEST

/* The exit code is the worst class over all files: 3, then 4, then 1; every file is reported. */
START_TEST(mixed_outcomes)
{
	char *out = NULL;
	int st;

	make_input_dir();
	sh("cp " XMIG "/2.0/examples/valid/beschaeftigung.fristverlaengerung.1403.xml in/%s", "");
	sh("echo '<x:akte.anfrage.1201 xmlns:x=\"urn:libxoev:xmig:schema:1.0\" version=\"1.0\"/>' > %s",
	   "invalid.xml");
	sh("echo '<a xmlns=\"urn:nothing\"/>' > %s", "unknown.xml");

	/* lossless, lossy, rejected (1403 has no 1.1 form), invalid input: 1 */
	st = translate_cli("--to 1.1 in invalid.xml -o out", &out);
	ck_assert_msg(st == 1, "exit %d: %s", st, out);
	ck_assert_ptr_nonnull(strstr(out, "in/beschaeftigung.fristverlaengerung.1403.xml: rejected"));
	ck_assert_ptr_nonnull(strstr(out, "invalid.xml: failed (xmig 1.0 -> 1.1): the input is not a valid"));
	ck_assert_ptr_nonnull(strstr(out, "5 files: 2 lossless, 0 lossless-with-defaults, 1 lossy, 1 rejected, 1 failed, 0 io-error; exit 1"));
	free(out);
	out = NULL;
	/* the translated ones were written, the others not */
	ck_assert(exists_rel("out/akte.anfrage.1201.xml"));
	ck_assert(!exists_rel("out/beschaeftigung.fristverlaengerung.1403.xml"));
	ck_assert(!exists_rel("out/invalid.xml"));

	/* an input no loaded standard knows: 4 wins over 1 */
	st = translate_cli("--to 1.1 invalid.xml unknown.xml -o out2", &out);
	ck_assert_msg(st == 4, "exit %d: %s", st, out);
	free(out);
	out = NULL;
	/* an unreadable file: 3 wins over 4 and 1, and the others are still translated */
	st = translate_cli("--to 1.1 unknown.xml missing.xml in/akte.anfrage.1201.xml -o out3", &out);
	ck_assert_msg(st == 3, "exit %d: %s", st, out);
	ck_assert_ptr_nonnull(strstr(out, "missing.xml: io-error: cannot read"));
	ck_assert(exists_rel("out3/akte.anfrage.1201.xml"));
	free(out);
	/* an unknown target version: 4 */
	ck_assert_int_eq(translate_cli("--to 9.9 in/akte.anfrage.1201.xml", NULL), 4);
}
END_TEST

/* --layers chooses what validates the input: a code-list error stops the default, not --layers xsd. */
START_TEST(layers_option)
{
	char *out = NULL;
	int st;

	sh("cp " XMIG "/1.1/examples/invalid/administration.rueckweisung.0002.grund-unbekannt.xml %s",
	   "msg.xml");
	st = translate_cli("--to 2.0 msg.xml -o a.xml", &out);
	ck_assert_msg(st == 1, "exit %d: %s", st, out);
	ck_assert_ptr_nonnull(strstr(out, "codelist."));
	ck_assert(!exists_rel("a.xml"));
	free(out);
	out = NULL;
	st = translate_cli("--to 2.0 --layers xsd msg.xml -o b.xml", &out);
	ck_assert_msg(st == 0, "exit %d: %s", st, out);
	ck_assert(exists_rel("b.xml"));
	free(out);
	ck_assert_int_eq(translate_cli("--to 2.0 --layers nonsense msg.xml", NULL), 2);
}
END_TEST

/* An existing output is refused before anything is written, unless --force. */
START_TEST(overwrite_refused)
{
	char *out = NULL, *text;
	int st;

	make_input_dir();
	sh("mkdir -p out/sub && echo keep > out/sub/register.meldung.1001.xml%s", "");
	st = translate_cli("--to 1.1 in -o out", &out);
	ck_assert_msg(st == 3, "exit %d: %s", st, out);
	ck_assert_ptr_nonnull(strstr(out, "refusing to overwrite out/sub/register.meldung.1001.xml"));
	free(out);
	out = NULL;
	text = read_rel("out/sub/register.meldung.1001.xml");
	ck_assert_str_eq(text, "keep\n");
	free(text);
	/* nothing else was written either */
	ck_assert(!exists_rel("out/akte.anfrage.1201.xml"));
	ck_assert_int_eq(count_entries("out/sub"), 1);

	/* one file onto an existing file: the same rule */
	sh("echo keep > %s", "one.xml");
	ck_assert_int_eq(translate_cli("--to 1.1 in/akte.anfrage.1201.xml -o one.xml", NULL), 3);
	text = read_rel("one.xml");
	ck_assert_str_eq(text, "keep\n");
	free(text);

	/* --force replaces */
	st = translate_cli("--to 1.1 --force in -o out", &out);
	ck_assert_msg(st == 0, "exit %d: %s", st, out);
	free(out);
	text = read_rel("out/sub/register.meldung.1001.xml");
	ck_assert_ptr_nonnull(strstr(text, "urn:libxoev:xmig:schema:1.1"));
	free(text);
	ck_assert_int_eq(translate_cli("--to 1.1 --force in/akte.anfrage.1201.xml -o one.xml", NULL), 0);
	text = read_rel("one.xml");
	ck_assert_ptr_nonnull(strstr(text, "urn:libxoev:xmig:schema:1.1"));
	free(text);
}
END_TEST

/* An output that is an input is refused even with --force; two inputs onto one output too. */
START_TEST(input_is_output_refused)
{
	char *out = NULL, *before, *after;
	int st;

	make_input_dir();
	before = read_rel("in/akte.anfrage.1201.xml");
	st = translate_cli("--to 1.1 --force in -o in", &out);
	ck_assert_msg(st == 3, "exit %d: %s", st, out);
	ck_assert_ptr_nonnull(strstr(out, "it is an input"));
	free(out);
	out = NULL;
	st = translate_cli("--to 1.1 --force in/akte.anfrage.1201.xml -o in/akte.anfrage.1201.xml", &out);
	ck_assert_msg(st == 3, "exit %d: %s", st, out);
	free(out);
	out = NULL;
	/* the same file by another name */
	sh("ln -s in/akte.anfrage.1201.xml %s", "link.xml");
	ck_assert_int_eq(translate_cli("--to 1.1 --force in/akte.anfrage.1201.xml -o link.xml", NULL), 3);
	after = read_rel("in/akte.anfrage.1201.xml");
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	ck_assert_int_eq(count_entries("in"), 2);

	/* in/akte... and other/akte... both onto out/akte...: usage error, nothing written */
	sh("mkdir other && cp in/akte.anfrage.1201.xml %s", "other/");
	st = translate_cli("--to 1.1 in other -o out", &out);
	ck_assert_msg(st == 2, "exit %d: %s", st, out);
	ck_assert_ptr_nonnull(strstr(out, "would both be written to out/akte.anfrage.1201.xml"));
	free(out);
	ck_assert(!exists_rel("out/sub"));
}
END_TEST

/* ------------------------------------------------------------------ */
/* a strict JSON reader, enough to check the report's syntax           */
/* ------------------------------------------------------------------ */

static const char *ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static const char *json_value(const char *p);

static const char *json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p && *p != '"') {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				int i;
				for (i = 1; i <= 4; i++)
					if (!isxdigit((unsigned char)p[i]))
						return NULL;
				p += 4;
			} else if (!strchr("\"\\/bfnrt", *p) || !*p) {
				return NULL;
			}
		}
		p++;
	}
	return *p == '"' ? p + 1 : NULL;
}

/* Members or elements up to close; *count their number. */
static const char *json_items(const char *p, char close, int members, int *count)
{
	*count = 0;
	p = ws(p);
	if (*p == close)
		return p + 1;
	for (;;) {
		p = ws(p);
		if (members) {
			p = p ? json_string(p) : NULL;
			p = p ? ws(p) : NULL;
			if (!p || *p++ != ':')
				return NULL;
		}
		p = json_value(ws(p));
		if (!p)
			return NULL;
		++*count;
		p = ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

static const char *json_value(const char *p)
{
	int n;

	if (*p == '{')
		return json_items(p + 1, '}', 1, &n);
	if (*p == '[')
		return json_items(p + 1, ']', 0, &n);
	if (*p == '"')
		return json_string(p);
	if (strncmp(p, "null", 4) == 0 || strncmp(p, "true", 4) == 0)
		return p + 4;
	if (strncmp(p, "false", 5) == 0)
		return p + 5;
	if (*p == '-' || isdigit((unsigned char)*p)) {
		p += *p == '-';
		while (isdigit((unsigned char)*p) || *p == '.' || *p == 'e' || *p == 'E' || *p == '+' || *p == '-')
			p++;
		return p;
	}
	return NULL;
}

/* 1 if text is exactly one JSON value (and whitespace). */
static int json_parses(const char *text)
{
	const char *end = json_value(ws(text));
	return end && *ws(end) == '\0';
}

/* The number of elements of the array value of the first member named key. */
static int json_array_length(const char *text, const char *key)
{
	char pat[256];
	const char *p;
	int n;

	snprintf(pat, sizeof pat, "\"%s\": [", key);
	p = strstr(text, pat);
	if (!p)
		return -1;
	return json_items(p + strlen(pat), ']', 0, &n) ? n : -1;
}

START_TEST(json_reader_rejects_bad_json)
{
	/* the checker itself can fail */
	ck_assert(json_parses("{\"a\": [1, \"x\\n\", null, {\"b\": true}]}"));
	ck_assert(!json_parses("{\"a\": [1, 2,]}"));
	ck_assert(!json_parses("{\"a\": \"tab\there\"}"));
	ck_assert(!json_parses("{\"a\": 1} x"));
	ck_assert(!json_parses("{\"a\" 1}"));
	ck_assert_int_eq(json_array_length("{\"t\": [{}, [], \"x\"]}", "t"), 3);
}
END_TEST

/* The JSON report parses, covers every file (also unreadable ones) and states the exit code. */
START_TEST(json_report)
{
	char *out = NULL, *report;
	int st;

	make_input_dir();
	sh("cp " XMIG "/2.0/examples/valid/beschaeftigung.fristverlaengerung.1403.xml in/%s", "");
	sh("printf '<x:akte.anfrage.1201 xmlns:x=\"urn:libxoev:xmig:schema:1.0\" version=\"1.0\"/>' > '%s'",
	   "in/sub/invalid \"quoted\".xml");
	/* -o: the report on standard output, findings inside it; captured alone */
	st = translate_cli("--to 1.1 --report json in missing.xml -o out > report.json 2> err.txt", &out);
	ck_assert_msg(st == 3, "exit %d: %s", st, out);
	free(out);
	report = read_rel("report.json");
	ck_assert_ptr_nonnull(report);
	ck_assert_msg(json_parses(report), "report does not parse:\n%s", report);
	ck_assert_int_eq(json_array_length(report, "translations"), 6);
	ck_assert_ptr_nonnull(strstr(report, "\"summary\": {\"files\": 6, \"lossless\": 2, "
	                                     "\"lossless-with-defaults\": 0, \"lossy\": 1, "
	                                     "\"rejected\": 1, \"failed\": 1, \"io-error\": 1}"));
	ck_assert_ptr_nonnull(strstr(report, "\"exit\": 3}"));
	ck_assert_ptr_nonnull(strstr(report, "\"file\": \"in/sub/invalid \\\"quoted\\\".xml\""));
	ck_assert_ptr_nonnull(strstr(report, "\"rule\": \"xsd.attribute-missing\""));
	ck_assert_ptr_nonnull(strstr(report, "\"file\": \"missing.xml\", \"output\": null, \"outcome\": \"io-error\", \"exit\": 3"));
	ck_assert_ptr_nonnull(strstr(report, "\"output\": \"out/sub/register.meldung.1001.xml\", \"outcome\": \"lossy\", \"exit\": 0"));
	ck_assert_ptr_nonnull(strstr(report, "\"kind\": \"dropped\", \"step\": \"1.0->1.1\", \"change\": \"c05\""));
	free(report);
	/* without -o the report goes to standard error, the translation to standard output */
	st = translate_cli("--to 1.1 --report json in/akte.anfrage.1201.xml > one.xml 2> report2.json", NULL);
	ck_assert_int_eq(st, 0);
	report = read_rel("report2.json");
	ck_assert_msg(json_parses(report), "report does not parse:\n%s", report);
	ck_assert_int_eq(json_array_length(report, "translations"), 1);
	free(report);
	report = read_rel("one.xml");
	ck_assert_ptr_nonnull(strstr(report, "urn:libxoev:xmig:schema:1.1"));
	free(report);
}
END_TEST

Suite *xoev_suite_translate_cli(void)
{
	Suite *s = suite_create("translate_cli");
	TCase *tc = tcase_create("translate_cli");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_add_test(tc, directory_mirrored);
	tcase_add_test(tc, mixed_outcomes);
	tcase_add_test(tc, layers_option);
	tcase_add_test(tc, overwrite_refused);
	tcase_add_test(tc, input_is_output_refused);
	tcase_add_test(tc, json_reader_rejects_bad_json);
	tcase_add_test(tc, json_report);
	suite_add_tcase(s, tc);
	return s;
}
