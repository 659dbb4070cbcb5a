/*
 * libxoev tests - the xoev command line: help, exit codes, output format,
 * inputs (files, directories, stdin, gzip), bundle import.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <glob.h>
#include <stdio.h>
#include <string.h>

#include "tests.h"

#define SP "--schema-path " XOEV_SRCDIR "/schemas --no-default-path"

static int run_cli(const char *args, char **out)
{
	char cmd[16384];

	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' %s", xoev_test_cli(), args);
	return xoev_test_run(cmd, out);
}

/* The first file matching a glob under the source tree (new string). */
static char *first_match(const char *pattern)
{
	glob_t g;
	char full[4096], *r = NULL;

	snprintf(full, sizeof full, "%s/%s", XOEV_SRCDIR, pattern);
	if (glob(full, 0, NULL, &g) == 0 && g.gl_pathc > 0)
		r = strdup(g.gl_pathv[0]);
	globfree(&g);
	ck_assert_msg(r != NULL, "no file matches %s", full);
	return r;
}

/* An invalid example of the project's standards that fails the XSD only (a structure error; new string). */
static char *first_xsd_invalid(void)
{
	glob_t g;
	char pattern[4096], *r = NULL;
	size_t i;

	snprintf(pattern, sizeof pattern, "%s/schemas/xmig/*/examples/invalid/*.xml", XOEV_SRCDIR);
	ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc && !r; i++) {
		char *text = xoev_test_read_file(g.gl_pathv[i], NULL);
		if (text && strstr(text, "<?xoev-expect rule=\"xsd.element-content\""))
			r = strdup(g.gl_pathv[i]);
		free(text);
	}
	globfree(&g);
	ck_assert_msg(r != NULL, "no XSD-invalid example under %s", pattern);
	return r;
}

START_TEST(version_and_help)
{
	char *out = NULL;
	const char *cmds[] = { "validate --help", "schemas --help", "bundle --help", "--help" };
	size_t i;

	ck_assert_int_eq(run_cli("--version", &out), 0);
	ck_assert_ptr_nonnull(strstr(out, XOEV_VERSION_STRING));
	free(out);
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		ck_assert_int_eq(run_cli(cmds[i], &out), 0);
		ck_assert_msg(strstr(out, "Usage") != NULL, "%s: %s", cmds[i], out);
		free(out);
	}
}
END_TEST

START_TEST(usage_errors_exit_2)
{
	const char *bad[] = { "", "frobnicate", "validate", "validate --format xml x.xml",
	                      "validate --bogus x.xml", "validate --max-depth -3 x.xml",
	                      "validate --catalog c.xml x.xml", "bundle import",
	                      "schemas --what" };
	size_t i;
	char *out = NULL;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(run_cli(bad[i], &out) == 2, "'xoev %s' should exit 2: %s", bad[i], out);
		free(out);
	}
}
END_TEST

START_TEST(schemas_lists_standards)
{
	char *out = NULL;

	ck_assert_int_eq(run_cli("schemas " SP " --messages", &out), 0);
	ck_assert_msg(strstr(out, "xmig") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "xsoz") != NULL, "%s", out);
	free(out);
	ck_assert_int_eq(run_cli("schemas " SP " --format json", &out), 0);
	ck_assert_ptr_nonnull(strstr(out, "{\"bundles\": ["));
	ck_assert_ptr_nonnull(strstr(out, "\"standard\": \"xmig\""));
	free(out);
}
END_TEST

START_TEST(exit_codes)
{
	char *valid = first_match("schemas/xmig/*/examples/valid/*.xml");
	char *invalid = first_xsd_invalid();
	char args[8192], *out = NULL, *tmp = xoev_test_tmpdir(), unknown[4096];
	const char *doc = "<?xml version=\"1.0\"?>\n<u:x.y.0001 xmlns:u=\"urn:nobody\"/>\n";

	snprintf(args, sizeof args, "validate " SP " '%s'", valid);
	ck_assert_msg(run_cli(args, &out) == 0, "%s", out);
	ck_assert_ptr_nonnull(strstr(out, ": valid (xmig "));
	free(out);

	snprintf(args, sizeof args, "validate " SP " '%s' '%s' '%s'", invalid, invalid, invalid);
	ck_assert_int_eq(run_cli(args, &out), 1); /* a class, never a count */
	ck_assert_ptr_nonnull(strstr(out, ": invalid (xmig "));
	free(out);

	snprintf(args, sizeof args, "validate " SP " '%s/does-not-exist.xml'", tmp);
	ck_assert_int_eq(run_cli(args, &out), 3);
	ck_assert_ptr_nonnull(strstr(out, "io.read"));
	free(out);

	snprintf(unknown, sizeof unknown, "%s/unknown.xml", tmp);
	xoev_test_write_file(unknown, doc, strlen(doc));
	snprintf(args, sizeof args, "validate " SP " '%s'", unknown);
	ck_assert_int_eq(run_cli(args, &out), 4);
	ck_assert_ptr_nonnull(strstr(out, "detect.unknown-standard"));
	free(out);

	snprintf(args, sizeof args, "validate " SP " --standard nosuch '%s'", valid);
	ck_assert_int_eq(run_cli(args, &out), 4);
	free(out);

	free(valid);
	free(invalid);
	free(tmp);
}
END_TEST

/* An XSD-invalid example gives a line "file:line:col: error: xsd.*: ... [xpath]". */
START_TEST(finding_lines_are_located)
{
	char *invalid = first_xsd_invalid();
	char args[8192], *out = NULL, *p, *start;
	unsigned long line = 0, col = 0;

	snprintf(args, sizeof args, "validate -q " SP " '%s'", invalid);
	ck_assert_int_eq(run_cli(args, &out), 1);
	p = strstr(out, ": error: xsd.");
	ck_assert_msg(p != NULL, "%s", out);
	start = p;
	while (start > out && start[-1] != '\n')
		start--;
	ck_assert_msg(strncmp(start, invalid, strlen(invalid)) == 0, "%s", start);
	ck_assert_msg(sscanf(start + strlen(invalid), ":%lu:%lu:", &line, &col) == 2,
	              "not located: %s", start);
	ck_assert_uint_gt(line, 0);
	ck_assert_uint_gt(col, 0);
	ck_assert_ptr_nonnull(strstr(p, " [/"));
	free(out);
	free(invalid);
}
END_TEST

START_TEST(stdin_gzip_directory_json)
{
	char *valid = first_match("schemas/xmig/*/examples/valid/*.xml");
	char args[8192], *out = NULL, *tmp = xoev_test_tmpdir(), cmd[8192];

	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' validate " SP " - < '%s'", xoev_test_cli(), valid);
	ck_assert_int_eq(xoev_test_run(cmd, &out), 0);
	free(out);

	snprintf(cmd, sizeof cmd, "gzip -c '%s' > '%s/m.xml.gz' && mkdir -p '%s/sub/deeper' && "
	                          "cp '%s' '%s/sub/deeper/copy.xml'", valid, tmp, tmp, valid, tmp);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
	snprintf(args, sizeof args, "validate " SP " '%s/m.xml.gz'", tmp);
	ck_assert_int_eq(run_cli(args, &out), 0);
	free(out);

	/* a directory, recursively: both files; they are copies, so the second
	 * repeats the first's message UUID (a header finding) */
	snprintf(args, sizeof args, "validate --layers xsd " SP " '%s'", tmp);
	ck_assert_int_eq(run_cli(args, &out), 0);
	ck_assert_msg(strstr(out, "2 files: 2 valid") != NULL, "%s", out);
	free(out);
	snprintf(args, sizeof args, "validate " SP " '%s'", tmp);
	ck_assert_int_eq(run_cli(args, &out), 1);
	ck_assert_msg(strstr(out, "header.uuid-duplicate") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "2 files: 1 valid, 1 invalid") != NULL, "%s", out);
	free(out);

	/* truncated gzip: an input/output error, exit 3 */
	snprintf(cmd, sizeof cmd, "head -c 60 '%s/m.xml.gz' > '%s/t.gz'", tmp, tmp);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
	snprintf(args, sizeof args, "validate " SP " '%s/t.gz'", tmp);
	ck_assert_int_eq(run_cli(args, &out), 3);
	ck_assert_ptr_nonnull(strstr(out, "gzip"));
	free(out);

	snprintf(args, sizeof args, "validate --layers xsd --format json " SP " '%s' '%s/m.xml.gz'", valid, tmp);
	ck_assert_int_eq(run_cli(args, &out), 0);
	ck_assert_ptr_nonnull(strstr(out, "{\"tool\": \"xoev\""));
	ck_assert_ptr_nonnull(strstr(out, "\"verdict\": \"valid\""));
	ck_assert_ptr_nonnull(strstr(out, "\"summary\": {\"files\": 2, \"valid\": 2"));
	free(out);
	free(valid);
	free(tmp);
}
END_TEST

START_TEST(hostile_documents)
{
	char *tmp = xoev_test_tmpdir(), path[4096], args[8192], *out = NULL;
	const char *xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE m [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
	                  "<m>&e;</m>\n";

	snprintf(path, sizeof path, "%s/xxe.xml", tmp);
	xoev_test_write_file(path, xxe, strlen(xxe));
	snprintf(args, sizeof args, "validate " SP " '%s'", path);
	ck_assert_int_eq(run_cli(args, &out), 1);
	ck_assert_ptr_nonnull(strstr(out, "wellformed.doctype"));
	ck_assert_ptr_null(strstr(out, "root:"));
	free(out);
	free(tmp);
}
END_TEST

START_TEST(bundle_import_cli)
{
	const char *corpus = xoev_test_corpus("bundle_import_cli");
	char *tmp, args[8192], *out = NULL;

	if (!corpus)
		return;
	tmp = xoev_test_tmpdir();
	snprintf(args, sizeof args, "bundle import '%s/xdomea/3.0.0' --standard xdomea --version 3.0.0 "
	                            "--catalog '%s/catalog.xml' --into '%s/x'", corpus, corpus, tmp);
	ck_assert_msg(run_cli(args, &out) == 0, "%s", out);
	free(out);
	snprintf(args, sizeof args, "schemas --schema-path '%s' --no-default-path", tmp);
	ck_assert_int_eq(run_cli(args, &out), 0);
	ck_assert_msg(strstr(out, "xdomea") && strstr(out, "64 message types"), "%s", out);
	free(out);
	snprintf(args, sizeof args, "validate --layers xsd --schema-path '%s' --no-default-path '%s/xdomea/3.0.0/samples'",
	         tmp, corpus);
	ck_assert_int_eq(run_cli(args, &out), 0);
	ck_assert_msg(strstr(out, "7 files: 7 valid") != NULL, "%s", out);
	free(out);
	/* all layers: two toolkit samples name message type 0501 in their header */
	snprintf(args, sizeof args, "validate -j 2 --schema-path '%s' --no-default-path '%s/xdomea/3.0.0/samples'",
	         tmp, corpus);
	ck_assert_int_eq(run_cli(args, &out), 1);
	ck_assert_msg(strstr(out, "header.type-mismatch") != NULL, "%s", out);
	free(out);
	/* the destination exists and is not empty */
	snprintf(args, sizeof args, "bundle import '%s/xdomea/3.0.0' --standard xdomea --version 3.0.0 "
	                            "--into '%s/x'", corpus, tmp);
	ck_assert_int_eq(run_cli(args, &out), 3);
	free(out);
	/* ad-hoc mode, like xmllint --schema */
	snprintf(args, sizeof args, "validate --layers xsd --schema '%s/xdomea/3.0.0/xsd/xdomea.xsd' --catalog "
	                            "'%s/catalog.xml' '%s/xdomea/3.0.0/samples'", corpus, corpus, corpus);
	ck_assert_int_eq(run_cli(args, &out), 0);
	ck_assert_msg(strstr(out, "7 files: 7 valid") != NULL, "%s", out);
	free(out);
	free(tmp);
}
END_TEST

/* Two outputs are equal; on a mismatch, the first differing line (Check's messages are short). */
static void assert_same_output(const char *what, const char *a, const char *b)
{
	size_t line = 1;
	const char *p = a, *q = b, *ls_a = a, *ls_b = b;

	while (*p && *p == *q) {
		if (*p == '\n') {
			line++;
			ls_a = p + 1;
			ls_b = q + 1;
		}
		p++;
		q++;
	}
	if (*p == *q)
		return;
	ck_abort_msg("%s: outputs differ at line %zu:\n< %.300s\n> %.300s", what, line, ls_a, ls_b);
}

/* Many files with -j 4: the same output, in the same order, as with one job. */
START_TEST(jobs_keep_input_order)
{
	char *tmp = xoev_test_tmpdir(), args[8192], list[4096], *one = NULL, *four = NULL, *viaList = NULL;
	char cmd[16384];

	snprintf(list, sizeof list, "%s/list.txt", tmp);
	snprintf(cmd, sizeof cmd, "ls -d %s/schemas/*/*/examples/*/*.xml > '%s' && echo '# a comment' >> '%s'",
	         XOEV_SRCDIR, list, list);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
	snprintf(args, sizeof args, "validate --no-progress " SP " %s/schemas/*/*/examples", XOEV_SRCDIR);
	ck_assert_int_eq(run_cli(args, &one), 1);
	snprintf(args, sizeof args, "validate --no-progress -j 4 " SP " %s/schemas/*/*/examples", XOEV_SRCDIR);
	ck_assert_int_eq(run_cli(args, &four), 1);
	assert_same_output("-j 4 against one job", one, four);
	snprintf(args, sizeof args, "validate --no-progress --jobs=3 " SP " --files-from '%s'", list);
	ck_assert_int_eq(run_cli(args, &viaList), 1);
	assert_same_output("--files-from against the arguments", one, viaList);
	ck_assert_ptr_nonnull(strstr(one, "250 files:"));
	free(one);
	free(four);
	free(viaList);
	free(tmp);
}
END_TEST

/* --layers and --profile change what runs and how it is graded. */
START_TEST(layers_and_profile)
{
	char *tmp = xoev_test_tmpdir(), args[8192], prof[4096], *out = NULL;
	char *invalid = first_xsd_invalid();
	const char *profile =
		"<profile xmlns=\"urn:libxoev:profile:1\">\n"
		"  <layers>xsd header</layers>\n"
		"  <rule id=\"xsd.*\" severity=\"warning\"/>\n"
		"</profile>\n";

	snprintf(prof, sizeof prof, "%s/p.xml", tmp);
	xoev_test_write_file(prof, profile, strlen(profile));
	/* no XSD layer: the XSD-invalid example passes the header rules */
	snprintf(args, sizeof args, "validate --layers header " SP " '%s'", invalid);
	ck_assert_msg(run_cli(args, &out) == 0, "%s", out);
	free(out);
	/* the profile grades XSD findings as warnings: valid, with warnings shown */
	snprintf(args, sizeof args, "validate --profile '%s' " SP " '%s'", prof, invalid);
	ck_assert_msg(run_cli(args, &out) == 0, "%s", out);
	ck_assert_ptr_nonnull(strstr(out, ": warning: xsd."));
	free(out);
	snprintf(args, sizeof args, "validate --layers xsd,bogus " SP " '%s'", invalid);
	ck_assert_int_eq(run_cli(args, &out), 2);
	free(out);
	xoev_test_write_file(prof, "<profile/>", 10);
	snprintf(args, sizeof args, "validate --profile '%s' " SP " '%s'", prof, invalid);
	ck_assert_int_eq(run_cli(args, &out), 2);
	ck_assert_ptr_nonnull(strstr(out, "profile.invalid"));
	free(out);
	free(invalid);
	free(tmp);
}
END_TEST

Suite *xoev_suite_cli(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("cli");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, version_and_help);
	tcase_add_test(tc, usage_errors_exit_2);
	tcase_add_test(tc, schemas_lists_standards);
	tcase_add_test(tc, exit_codes);
	tcase_add_test(tc, finding_lines_are_located);
	tcase_add_test(tc, stdin_gzip_directory_json);
	tcase_add_test(tc, hostile_documents);
	tcase_add_test(tc, bundle_import_cli);
	tcase_add_test(tc, jobs_keep_input_order);
	tcase_add_test(tc, layers_and_profile);
	suite_add_tcase(s, tc);
	return s;
}
