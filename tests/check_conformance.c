/*
 * libxoev tests - conformance suites (include/xoev/conformance.h and
 * `xoev conformance`): the project's own suite passes and covers every
 * golden example; wrong expectations fail with expected against actual;
 * known gaps; init; the reports against their schemas and a real JUnit
 * consumer (python3-junitparser); hostile manifests; the xdomea suite over
 * the corpus; the CI snippets of examples/ci.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests.h"

#define PROJECT_SUITE XOEV_SRCDIR "/tests/conformance/project"
#define JUNIT_XSD XOEV_SRCDIR "/tests/data/schemas/junit.xsd"

/* ------------------------------------------------------------------ */
/* helpers                                                             */
/* ------------------------------------------------------------------ */

static char path_buf[4][4096];

/* xoev_test_dir + "/" + name, in one of four rotating buffers. */
static const char *tmp_path(const char *name)
{
	static int next;
	char *p = path_buf[next++ % 4];
	snprintf(p, 4096, "%s/%s", xoev_test_dir, name);
	return p;
}

static void write_text(const char *name, const char *text)
{
	xoev_test_write_file(tmp_path(name), text, strlen(text));
}

/* Load a suite (must load) with schemas/ allowed and the base "schemas" given. */
static xoev_suite *load_ok(const char *path)
{
	xoev_suite_load_options lo = XOEV_SUITE_LOAD_OPTIONS_INIT;
	const char *allow[1] = { XOEV_SRCDIR "/schemas" };
	const char *names[1] = { "schemas" }, *dirs[1] = { XOEV_SRCDIR "/schemas" };
	xoev_diag_list *d = NULL;
	xoev_suite *s = NULL;
	int rc;

	lo.allowed_dirs = allow;
	lo.allowed_dir_count = 1;
	lo.base_names = names;
	lo.base_dirs = dirs;
	lo.base_count = 1;
	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	rc = xoev_suite_load(&s, path, &lo, d);
	ck_assert_msg(rc == 0, "%s: %s: %s", path, xoev_strerror(rc),
	              xoev_diag_list_count(d) ? xoev_diag_message(xoev_diag_list_get(d, 0)) : "");
	xoev_diag_list_free(d);
	return s;
}

/* Run one suite on the project's bundles. */
static xoev_conformance *run(const xoev_suite *s, const xoev_registry *reg, unsigned int jobs)
{
	xoev_suite_run_options ro = XOEV_SUITE_RUN_OPTIONS_INIT;
	xoev_conformance *c = NULL;

	ro.jobs = jobs;
	ck_assert_int_eq(xoev_conformance_new(&c), 0);
	ck_assert_int_eq(xoev_suite_run(s, reg, &ro, c), 0);
	return c;
}

static const xoev_case_result *result_by_id(const xoev_conformance *c, const char *id)
{
	size_t i;

	for (i = 0; i < xoev_conformance_count(c); i++)
		if (strcmp(xoev_case_result_id(xoev_conformance_result(c, i)), id) == 0)
			return xoev_conformance_result(c, i);
	ck_abort_msg("no result for case %s", id);
	return NULL;
}

/* A manifest around the given cases (one base "schemas", the xmig 2.0 prefix). */
static void write_suite(const char *name, const char *cases)
{
	char *text = malloc(strlen(cases) + 1024);

	ck_assert_ptr_nonnull(text);
	sprintf(text, "<?xml version=\"1.0\"?>\n"
	              "<suite xmlns=\"urn:libxoev:conformance:1\" name=\"t\">\n"
	              "  <base name=\"schemas\"/>\n"
	              "  <namespace prefix=\"xmig\" uri=\"urn:libxoev:xmig:schema:2.0\"/>\n%s</suite>\n",
	        cases);
	write_text(name, text);
	free(text);
}

#define X20 "xmig/2.0/examples/"

static void cli(const char *args, int expect_rc, char **output)
{
	char cmd[16384];
	char *out = NULL;
	int rc;

	snprintf(cmd, sizeof cmd, "cd '%s' && '%s' conformance %s", XOEV_SRCDIR, xoev_test_cli(), args);
	rc = xoev_test_run(cmd, &out);
	ck_assert_msg(rc == expect_rc, "xoev conformance %s: exit %d, expected %d:\n%s", args, rc,
	              expect_rc, out);
	if (output)
		*output = out;
	else
		free(out);
}

/*
 * A python3 that can import module ("python3" from PATH, else the system
 * one), or NULL: then the test is skipped (counted by the runner), or
 * fails under CI, which installs tests/conformance-packages.txt.
 */
static const char *python_with(const char *test, const char *module, const char *package)
{
	static const char *const candidates[] = { "python3", "/usr/bin/python3" };
	char cmd[256];
	const char *log;
	FILE *f;
	size_t i;

	for (i = 0; i < sizeof candidates / sizeof *candidates; i++) {
		snprintf(cmd, sizeof cmd, "%s -c 'import %s' >/dev/null 2>&1", candidates[i], module);
		if (xoev_test_run(cmd, NULL) == 0)
			return candidates[i];
	}
	if (getenv("CI"))
		ck_abort_msg("%s: python3 module %s is missing; CI installs it (%s, "
		             "tests/conformance-packages.txt)", test, module, package);
	fprintf(stderr, "SKIP %s: python3 module %s is missing (sudo apt-get install -y %s); "
	                "not counted as passed\n", test, module, package);
	log = getenv("XOEV_SKIP_LOG");
	f = log ? fopen(log, "a") : NULL;
	if (f) {
		fprintf(f, "%s\n", test);
		fclose(f);
	}
	xoev_test_skips++;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* the project's own suite                                             */
/* ------------------------------------------------------------------ */

START_TEST(project_suite_passes)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_suite *s = load_ok(PROJECT_SUITE);
	xoev_conformance *c = run(s, reg, 2);
	size_t pass, fail, xfail, xpass, err, i, translations = 0, mutations = 0;

	xoev_conformance_counts(c, &pass, &fail, &xfail, &xpass, &err);
	for (i = 0; i < xoev_conformance_count(c); i++) {
		const xoev_case_result *r = xoev_conformance_result(c, i);
		ck_assert_msg(xoev_case_result_status(r) == XOEV_CASE_PASS, "%s: %s\n%s",
		              xoev_case_result_id(r), xoev_case_status_name(xoev_case_result_status(r)),
		              xoev_case_result_detail(r));
		translations += xoev_case_result_kind(r) == XOEV_CASE_TRANSLATE;
		mutations += strncmp(xoev_case_result_id(r), "mutation.", 9) == 0;
	}
	ck_assert_uint_eq(xoev_conformance_count(c), xoev_suite_case_count(s));
	ck_assert_uint_eq(pass, xoev_suite_case_count(s));
	ck_assert(xoev_conformance_ok(c));
	ck_assert_uint_ge(translations, 8);
	ck_assert_uint_ge(mutations, 3);
	xoev_conformance_free(c);
	xoev_suite_free(s);
	xoev_registry_free(reg);
}
END_TEST

/* The expectation a golden example states: "valid" or its rule id (new string). */
static char *golden_expectation(const char *path)
{
	char *text = xoev_test_read_file(path, NULL), *p, *q, *out;

	ck_assert_ptr_nonnull(text);
	p = strstr(text, "<?xoev-expect ");
	ck_assert_ptr_nonnull(p);
	q = strstr(p, "?>");
	*q = '\0';
	p = strstr(p, "rule=\"");
	out = p ? strndup(p + 6, strcspn(p + 6, "\"")) : strdup("valid");
	free(text);
	return out;
}

/* Every golden example has its case in the project suite, with the expectation it states. */
START_TEST(project_suite_covers_golden_examples)
{
	char *manifest = xoev_test_read_file(PROJECT_SUITE "/xoev-suite.xml", NULL);
	glob_t g;
	size_t i;

	ck_assert_ptr_nonnull(manifest);
	ck_assert_int_eq(glob(XOEV_SRCDIR "/schemas/*/*/examples/*/*.xml", 0, NULL, &g), 0);
	ck_assert_uint_ge(g.gl_pathc, 200);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *rel = strstr(g.gl_pathv[i], "/schemas/") + 1;
		char needle[1024], *expect = golden_expectation(g.gl_pathv[i]), *c, *end;
		snprintf(needle, sizeof needle, "message=\"../../../%s\">", rel);
		c = strstr(manifest, needle);
		ck_assert_msg(c != NULL, "%s has no case in tests/conformance/project/xoev-suite.xml", rel);
		end = strstr(c, "</case>");
		*end = '\0';
		if (strcmp(expect, "valid") == 0) {
			ck_assert_msg(strstr(c, "verdict=\"valid\"") && strstr(c, "<silent rule=\"*\"/>"),
			              "%s: its case does not expect valid without findings", rel);
		} else {
			snprintf(needle, sizeof needle, "<fires rule=\"%s\"/>", expect);
			ck_assert_msg(strstr(c, "verdict=\"invalid\"") && strstr(c, needle),
			              "%s: its case does not expect %s", rel, expect);
		}
		*end = '<';
		free(expect);
	}
	globfree(&g);
	free(manifest);
}
END_TEST

/* ------------------------------------------------------------------ */
/* wrong expectations, known gaps                                      */
/* ------------------------------------------------------------------ */

static const char wrong_cases[] =
	"  <case id=\"rule-does-not-fire\" base=\"schemas\" message=\"" X20 "invalid/register.meldung.1001.duldung-ende-vor-beginn.xml\">\n"
	"    <expect verdict=\"invalid\"><fires rule=\"xmig-999\"/></expect>\n  </case>\n"
	"  <case id=\"valid-expected-invalid\" base=\"schemas\" message=\"" X20 "valid/register.meldung.1001.xml\">\n"
	"    <expect verdict=\"invalid\" version=\"1.1\"/>\n  </case>\n"
	"  <case id=\"silent-fires\" base=\"schemas\" message=\"" X20 "invalid/register.meldung.1001.duldung-ende-vor-beginn.xml\">\n"
	"    <expect verdict=\"invalid\"><silent rule=\"xmig-*\"/></expect>\n  </case>\n"
	"  <case id=\"right\" base=\"schemas\" message=\"" X20 "valid/register.meldung.1001.xml\">\n"
	"    <expect verdict=\"valid\" standard=\"xmig\" version=\"2.0\" messageType=\"1001\"/>\n  </case>\n"
	"  <case id=\"gap-fails\" base=\"schemas\" message=\"" X20 "valid/register.meldung.1001.xml\" knownGap=\"a gap\">\n"
	"    <expect verdict=\"invalid\"/>\n  </case>\n"
	"  <case id=\"gap-holds\" base=\"schemas\" message=\"" X20 "valid/register.meldung.1001.xml\" knownGap=\"fixed by now\">\n"
	"    <expect verdict=\"valid\"/>\n  </case>\n"
	"  <case id=\"wrong-loss\" base=\"schemas\" message=\"" X20 "valid/register.meldung.1001.xml\">\n"
	"    <translate to=\"1.0\" outcome=\"lossless\"><loss kind=\"dropped\" change=\"c99\"/></translate>\n  </case>\n";

START_TEST(wrong_expectations_fail_with_diff)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_suite *s;
	xoev_conformance *c;
	const xoev_case_result *r;
	const char *d;
	size_t pass, fail, xfail, xpass, err;

	ck_assert_ptr_nonnull(strstr(X20, "2.0"));
	write_suite("xoev-suite.xml", wrong_cases);
	s = load_ok(xoev_test_dir);
	c = run(s, reg, 1);
	xoev_conformance_counts(c, &pass, &fail, &xfail, &xpass, &err);
	ck_assert_uint_eq(pass, 1);
	ck_assert_uint_eq(fail, 4);
	ck_assert_uint_eq(xfail, 1);
	ck_assert_uint_eq(xpass, 1);
	ck_assert_uint_eq(err, 0);
	ck_assert(!xoev_conformance_ok(c));

	r = result_by_id(c, "rule-does-not-fire");
	ck_assert_int_eq(xoev_case_result_status(r), XOEV_CASE_FAIL);
	d = xoev_case_result_detail(r);
	ck_assert_msg(strstr(d, "rule xmig-999: expected to fire, actual: did not fire (fired: xmig-") != NULL, "%s", d);
	ck_assert_ptr_null(strstr(d, "verdict")); /* the verdict held */
	ck_assert_uint_eq(xoev_case_result_line(r), 5);

	d = xoev_case_result_detail(result_by_id(c, "valid-expected-invalid"));
	ck_assert_msg(strstr(d, "verdict: expected invalid, actual valid\n") != NULL, "%s", d);
	ck_assert_msg(strstr(d, "version: expected 1.1, actual 2.0") != NULL, "%s", d);

	d = xoev_case_result_detail(result_by_id(c, "silent-fires"));
	ck_assert_msg(strstr(d, "rule xmig-*: expected silent, actual: fired (xmig-") != NULL, "%s", d);

	ck_assert_ptr_null(xoev_case_result_detail(result_by_id(c, "right")));
	r = result_by_id(c, "gap-fails");
	ck_assert_int_eq(xoev_case_result_status(r), XOEV_CASE_XFAIL);
	ck_assert_str_eq(xoev_case_result_known_gap(r), "a gap");
	r = result_by_id(c, "gap-holds");
	ck_assert_int_eq(xoev_case_result_status(r), XOEV_CASE_XPASS);
	ck_assert_ptr_nonnull(strstr(xoev_case_result_detail(r), "remove knownGap"));

	d = xoev_case_result_detail(result_by_id(c, "wrong-loss"));
	ck_assert_msg(strstr(d, "outcome: expected lossless, actual lossy") != NULL, "%s", d);
	ck_assert_msg(strstr(d, "loss dropped c99: expected, actual: not reported") != NULL, "%s", d);
	ck_assert_msg(strstr(d, "loss dropped c03 in step 1.1->1.0") && strstr(d, "expected none, actual: reported"), "%s", d);
	xoev_conformance_free(c);
	xoev_suite_free(s);
	xoev_registry_free(reg);
}
END_TEST

/* A translation output that differs is shown at its first differing canonical line. */
START_TEST(translation_output_differs)
{
	xoev_registry *reg = xoev_test_project_registry();
	char *expected = xoev_test_read_file(PROJECT_SUITE "/expected/xmig-2.0-1001.to-1.0.xml", NULL), *p;
	xoev_suite *s;
	xoev_conformance *c;
	const char *d;

	ck_assert_ptr_nonnull(expected);
	p = strstr(expected, "Haddad");
	ck_assert_ptr_nonnull(p);
	memcpy(p, "Hadded", 6);
	write_text("out.xml", expected);
	write_suite("xoev-suite.xml",
	            "  <case id=\"out\" base=\"schemas\" message=\"" X20 "valid/register.meldung.1001.xml\">\n"
	            "    <translate to=\"1.0\" outcome=\"lossy\" output=\"out.xml\" losses=\"listed\"/>\n  </case>\n");
	s = load_ok(xoev_test_dir);
	c = run(s, reg, 1);
	d = xoev_case_result_detail(xoev_conformance_result(c, 0));
	ck_assert_msg(d && strstr(d, "output: differs from ") && strstr(d, "expected `") &&
	              strstr(d, "Hadded") && strstr(d, "actual `") && strstr(d, "Haddad"), "%s", d);
	xoev_conformance_free(c);
	xoev_suite_free(s);
	free(expected);
	xoev_registry_free(reg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* reports                                                             */
/* ------------------------------------------------------------------ */

static char *format(const xoev_conformance *c, xoev_format f)
{
	char *out = NULL;
	ck_assert_int_eq(xoev_conformance_format(c, f, &out, NULL), 0);
	return out;
}

static const char checker_py[] =
	"import json, sys\n"
	"mode, path = sys.argv[1], sys.argv[2]\n"
	"if mode == 'junit':\n"
	"    from junitparser import JUnitXml, Failure, Error, Skipped\n"
	"    xml = JUnitXml.fromfile(path)\n"
	"    n = {'tests': 0, 'failures': 0, 'errors': 0, 'skipped': 0}\n"
	"    for suite in xml:\n"
	"        for case in suite:\n"
	"            n['tests'] += 1\n"
	"            for r in case.result:\n"
	"                if isinstance(r, Failure): n['failures'] += 1; print('failure', case.name, r.message)\n"
	"                elif isinstance(r, Error): n['errors'] += 1\n"
	"                elif isinstance(r, Skipped): n['skipped'] += 1\n"
	"        assert suite.tests == len(list(suite)), 'tests attribute'\n"
	"    print('junit tests=%(tests)d failures=%(failures)d errors=%(errors)d skipped=%(skipped)d' % n)\n"
	"    sys.exit(0)\n"
	"import jsonschema\n"
	"schema = json.load(open(sys.argv[3]))\n"
	"doc = json.load(open(path))\n"
	"cls = jsonschema.validators.validator_for(schema)\n"
	"errors = list(cls(schema, format_checker=jsonschema.FormatChecker()).iter_errors(doc))\n"
	"for e in errors[:5]: print('schema error:', e.message, list(e.path))\n"
	"print('%s valid=%s' % (mode, not errors))\n"
	"sys.exit(1 if errors else 0)\n";

static char *python_check(const char *python, const char *mode, const char *doc, const char *schema,
                          int expect_rc)
{
	char cmd[8192], *out = NULL;
	int rc;

	write_text("check.py", checker_py);
	snprintf(cmd, sizeof cmd, "%s '%s' %s '%s' '%s'", python, tmp_path("check.py"), mode, doc,
	         schema ? schema : "");
	rc = xoev_test_run(cmd, &out);
	ck_assert_msg(rc == expect_rc, "%s: exit %d\n%s", cmd, rc, out);
	return out;
}

/* Results of wrong_cases, plus one error case (a refused path). */
static xoev_conformance *mixed_results(xoev_registry *reg, xoev_suite **s)
{
	char cases[8192];

	snprintf(cases, sizeof cases, "%s  <case id=\"refused\" message=\"../../etc/passwd\">\n"
	                              "    <expect verdict=\"valid\"/>\n  </case>\n", wrong_cases);
	write_suite("xoev-suite.xml", cases);
	*s = load_ok(xoev_test_dir);
	return run(*s, reg, 3);
}

START_TEST(junit_validates_and_is_read_by_junitparser)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_suite *s = NULL;
	xoev_conformance *c = mixed_results(reg, &s);
	char *junit = format(c, XOEV_FORMAT_JUNIT), *out = NULL, cmd[8192];
	const char *file = tmp_path("junit.xml"), *python;

	xoev_test_write_file(file, junit, strlen(junit));
	snprintf(cmd, sizeof cmd, "xmllint --noout --nonet --schema '%s' '%s'", JUNIT_XSD, file);
	ck_assert_msg(xoev_test_run(cmd, &out) == 0, "JUnit report does not validate:\n%s\n%s", out, junit);
	free(out);
	ck_assert_ptr_nonnull(strstr(junit, "tests=\"8\" failures=\"5\" errors=\"1\" skipped=\"1\""));
	ck_assert_ptr_nonnull(strstr(junit, "<skipped message=\"expected failure: a gap\"/>"));
	ck_assert_ptr_nonnull(strstr(junit, "type=\"conformance.unexpected-pass\""));
	ck_assert_ptr_nonnull(strstr(junit, "rule xmig-999: expected to fire, actual: did not fire"));
	ck_assert_ptr_nonnull(strstr(junit, "<error type=\"conformance.error\""));
	python = python_with("junit_validates_and_is_read_by_junitparser", "junitparser",
	                     "python3-junitparser");
	if (python) {
		out = python_check(python, "junit", file, NULL, 0);
		ck_assert_msg(strstr(out, "junit tests=8 failures=5 errors=1 skipped=1") != NULL, "%s", out);
		ck_assert_msg(strstr(out, "failure rule-does-not-fire rule xmig-999: expected to fire") != NULL,
		              "%s", out);
		free(out);
	}
	free(junit);
	xoev_conformance_free(c);
	xoev_suite_free(s);
	xoev_registry_free(reg);
}
END_TEST

START_TEST(json_and_sarif_validate)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_suite *s = NULL;
	xoev_conformance *c = mixed_results(reg, &s);
	char *json = format(c, XOEV_FORMAT_JSON), *sarif = format(c, XOEV_FORMAT_SARIF), *out;
	char *text = format(c, XOEV_FORMAT_TEXT);

	ck_assert_ptr_nonnull(strstr(text, "FAIL  t/rule-does-not-fire ("));
	ck_assert_ptr_nonnull(strstr(text, "    rule xmig-999: expected to fire, actual: did not fire"));
	ck_assert_ptr_nonnull(strstr(text, "XFAIL t/gap-fails"));
	ck_assert_ptr_nonnull(strstr(text, "ERROR t/refused"));
	ck_assert_ptr_nonnull(strstr(text, "conformance.path-outside"));
	ck_assert_ptr_nonnull(strstr(text, "conformance: 8 cases: 1 passed, 4 failed, 1 expected failures, "
	                                   "1 unexpected passes, 1 errors\n"));
	write_text("c.json", json);
	write_text("c.sarif", sarif);
	ck_assert_ptr_nonnull(strstr(sarif, "\"ruleId\": \"conformance.fail\""));
	ck_assert_ptr_nonnull(strstr(sarif, "\"level\": \"note\""));
	const char *python = python_with("json_and_sarif_validate", "jsonschema", "python3-jsonschema");

	if (python) {
		out = python_check(python, "json", tmp_path("c.json"),
		                   XOEV_SRCDIR "/schemas/xoev-conformance-report.schema.json", 0);
		free(out);
		out = python_check(python, "sarif", tmp_path("c.sarif"),
		                   XOEV_SRCDIR "/tests/data/schemas/sarif-schema-2.1.0.json", 0);
		free(out);
		/* the checker can fail: a report without its summary is refused */
		write_text("bad.json", "{\"tool\": \"xoev\", \"version\": \"0.1.0\", \"cases\": []}");
		out = python_check(python, "json", tmp_path("bad.json"),
		                   XOEV_SRCDIR "/schemas/xoev-conformance-report.schema.json", 1);
		free(out);
	}
	free(text);
	free(json);
	free(sarif);
	xoev_conformance_free(c);
	xoev_suite_free(s);
	xoev_registry_free(reg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* init                                                                */
/* ------------------------------------------------------------------ */

static void copy_example(const char *rel, const char *to)
{
	char from[4096];
	size_t len;
	char *buf;

	snprintf(from, sizeof from, "%s/schemas/%s", XOEV_SRCDIR, rel);
	buf = xoev_test_read_file(from, &len);
	ck_assert_ptr_nonnull(buf);
	xoev_test_write_file(tmp_path(to), buf, len);
	free(buf);
}

START_TEST(init_records_todays_results)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_suite_init_options io = XOEV_SUITE_INIT_OPTIONS_INIT;
	xoev_suite *s;
	xoev_conformance *c;
	size_t cases = 0;
	char *manifest;

	ck_assert_int_eq(mkdir(tmp_path("msgs"), 0755), 0);
	ck_assert_int_eq(mkdir(tmp_path("msgs/sub"), 0755), 0);
	copy_example(X20 "valid/register.meldung.1001.xml", "msgs/a.xml");
	copy_example(X20 "invalid/register.meldung.1001.duldung-ende-vor-beginn.xml", "msgs/sub/b.xml");
	copy_example("xsoz/1.1/examples/valid/zuweisung.bescheid.2101.xml", "msgs/sub/c d.xml");
	write_text("msgs/notes.txt", "not a message");
	write_text("msgs/e.xml", "<unknown/>");
	io.name = "vendor";
	ck_assert_int_eq(xoev_suite_init(tmp_path("msgs"), reg, &io, &cases, NULL), 0);
	ck_assert_uint_eq(cases, 4);
	manifest = xoev_test_read_file(tmp_path("msgs/xoev-suite.xml"), NULL);
	ck_assert_ptr_nonnull(manifest);
	ck_assert_ptr_nonnull(strstr(manifest, "<case id=\"a.xml\" message=\"a.xml\">\n    <expect verdict=\"valid\" "
	                                       "standard=\"xmig\" version=\"2.0\" messageType=\"register.meldung.1001\"/>"));
	ck_assert_ptr_nonnull(strstr(manifest, "<case id=\"sub.b.xml\" message=\"sub/b.xml\">"));
	ck_assert_ptr_nonnull(strstr(manifest, "<fires rule=\"xmig-"));
	ck_assert_ptr_nonnull(strstr(manifest, "id=\"sub.c_d.xml\" message=\"sub/c d.xml\""));
	ck_assert_ptr_nonnull(strstr(manifest, "<expect verdict=\"unknown\">\n      <fires rule=\"detect.unknown-standard\"/>"));
	ck_assert_ptr_nonnull(strstr(manifest, "REVIEW every case"));
	/* the recorded suite passes as it stands */
	s = load_ok(tmp_path("msgs"));
	ck_assert_str_eq(xoev_suite_name(s), "vendor");
	c = run(s, reg, 2);
	ck_assert_msg(xoev_conformance_ok(c), "%s", xoev_case_result_detail(xoev_conformance_result(c, 0)));
	ck_assert_uint_eq(xoev_conformance_count(c), 4);
	/* not twice without overwrite */
	ck_assert_int_eq(xoev_suite_init(tmp_path("msgs"), reg, NULL, NULL, NULL), XOEV_EEXISTS);
	io.overwrite = 1;
	ck_assert_int_eq(xoev_suite_init(tmp_path("msgs"), reg, &io, &cases, NULL), 0);
	ck_assert_uint_eq(cases, 4); /* the manifest itself is not a case */
	ck_assert_int_eq(xoev_suite_init(tmp_path("msgs/sub/none"), reg, NULL, NULL, NULL), XOEV_EIO);
	ck_assert_int_eq(mkdir(tmp_path("empty"), 0755), 0);
	ck_assert_int_eq(xoev_suite_init(tmp_path("empty"), reg, NULL, NULL, NULL), XOEV_ENOTFOUND);
	ck_assert_int_ne(access(tmp_path("empty/xoev-suite.xml"), F_OK), 0);
	free(manifest);
	xoev_conformance_free(c);
	xoev_suite_free(s);
	xoev_registry_free(reg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* hostile and malformed manifests                                     */
/* ------------------------------------------------------------------ */

static int load_rc(const char *manifest_text, const char *rule)
{
	xoev_diag_list *d = NULL;
	xoev_suite *s = NULL;
	int rc;

	write_text("h.xml", manifest_text);
	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	rc = xoev_suite_load(&s, tmp_path("h.xml"), NULL, d);
	if (rule)
		ck_assert_msg(xoev_test_has_rule(d, rule), "no %s finding", rule);
	ck_assert_ptr_null(rc ? s : NULL);
	xoev_suite_free(s);
	xoev_diag_list_free(d);
	return rc;
}

START_TEST(hostile_manifests)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_suite *s;
	xoev_conformance *c;
	const xoev_case_result *r;
	char link[4096];

	/* not well-formed, DOCTYPE (entities), wrong schema, absolute path, unknown base */
	ck_assert_int_eq(load_rc("<suite xmlns=\"urn:libxoev:conformance:1\"><case", NULL), XOEV_EBUNDLE);
	ck_assert_int_eq(load_rc("<!DOCTYPE suite [<!ENTITY x SYSTEM \"/etc/passwd\">]>"
	                         "<suite xmlns=\"urn:libxoev:conformance:1\">&x;</suite>", NULL), XOEV_EBUNDLE);
	ck_assert_int_eq(load_rc("<suite xmlns=\"urn:libxoev:conformance:1\"><case id=\"a\" message=\"m.xml\">"
	                         "<expect verdict=\"maybe\"/></case></suite>", "conformance.manifest"), XOEV_EBUNDLE);
	ck_assert_int_eq(load_rc("<suite xmlns=\"urn:libxoev:conformance:1\"><case id=\"a\" message=\"m.xml\"/>"
	                         "<case id=\"a\" message=\"m.xml\"><expect verdict=\"valid\"/></case></suite>",
	                         "conformance.manifest"), XOEV_EBUNDLE);
	ck_assert_int_eq(load_rc("<suite xmlns=\"urn:libxoev:conformance:1\"><case id=\"a\" message=\"/etc/passwd\">"
	                         "<expect verdict=\"valid\"/></case></suite>", "conformance.path-absolute"), XOEV_EBUNDLE);
	ck_assert_int_eq(load_rc("<suite xmlns=\"urn:libxoev:conformance:1\"><case id=\"a\" base=\"b\" message=\"m.xml\">"
	                         "<expect verdict=\"valid\"/></case></suite>", "conformance.unknown-base"), XOEV_EBUNDLE);
	ck_assert_int_eq(load_rc("<suite xmlns=\"urn:libxoev:conformance:1\"><case id=\"a\" message=\"m.xml\">"
	                         "<translate to=\"1.0\" outcome=\"lossy\" output=\"/tmp/x\"/></case></suite>",
	                         "conformance.path-absolute"), XOEV_EBUNDLE);
	ck_assert_int_eq(xoev_suite_load(&s, tmp_path("missing.xml"), NULL, NULL), XOEV_EIO);
	ck_assert_int_eq(xoev_suite_load(NULL, tmp_path("h.xml"), NULL, NULL), XOEV_EINVAL);

	/* escapes through "..", a symbolic link, a base that was not given: each case an error */
	snprintf(link, sizeof link, "%s/schemas", XOEV_SRCDIR);
	ck_assert_int_eq(symlink(link, tmp_path("link")), 0);
	write_text("xoev-suite.xml",
	           "<suite xmlns=\"urn:libxoev:conformance:1\"><base name=\"other\"/>"
	           "<case id=\"dotdot\" message=\"../../../../../../../../etc/passwd\"><expect verdict=\"valid\"/></case>"
	           "<case id=\"symlink\" message=\"link/" X20 "valid/register.meldung.1001.xml\"><expect verdict=\"valid\"/></case>"
	           "<case id=\"nobase\" base=\"other\" message=\"x.xml\"><expect verdict=\"valid\"/></case>"
	           "<case id=\"missing\" message=\"nothing.xml\"><expect verdict=\"valid\"/></case>"
	           "<case id=\"badxpath\" message=\"m.xml\"><mutate><delete select=\"//nope:x\"/></mutate><expect verdict=\"valid\"/></case>"
	           "<case id=\"nomatch\" message=\"m.xml\"><mutate><delete select=\"//x\"/></mutate><expect verdict=\"valid\"/></case>"
	           "<case id=\"fifo\" message=\"fifo.xml\"><expect verdict=\"valid\"/></case>"
	           "</suite>");
	ck_assert_int_eq(mkfifo(tmp_path("fifo.xml"), 0600), 0); /* would hang if it were opened */
	write_text("m.xml", "<m/>");
	ck_assert_int_eq(xoev_suite_load(&s, xoev_test_dir, NULL, NULL), 0);
	c = run(s, reg, 1);
	ck_assert_uint_eq(xoev_conformance_count(c), 7);
	for (size_t i = 0; i < 7; i++)
		ck_assert_int_eq(xoev_case_result_status(xoev_conformance_result(c, i)), XOEV_CASE_ERROR);
	r = result_by_id(c, "dotdot");
	ck_assert_msg(strstr(xoev_case_result_detail(r), "conformance.path-") != NULL, "%s", xoev_case_result_detail(r));
	ck_assert_ptr_nonnull(strstr(xoev_case_result_detail(result_by_id(c, "symlink")), "conformance.path-outside"));
	ck_assert_ptr_nonnull(strstr(xoev_case_result_detail(result_by_id(c, "nobase")), "--base other=DIR"));
	ck_assert_ptr_nonnull(strstr(xoev_case_result_detail(result_by_id(c, "missing")), "conformance.path-missing"));
	ck_assert_ptr_nonnull(strstr(xoev_case_result_detail(result_by_id(c, "badxpath")), "not an XPath"));
	ck_assert_ptr_nonnull(strstr(xoev_case_result_detail(result_by_id(c, "nomatch")), "selects nothing"));
	ck_assert_ptr_nonnull(strstr(xoev_case_result_detail(result_by_id(c, "fifo")), "not a regular file"));
	xoev_conformance_free(c);
	xoev_suite_free(s);
	xoev_registry_free(reg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* the CLI                                                             */
/* ------------------------------------------------------------------ */

START_TEST(cli_exit_codes_and_reports)
{
	char args[8192], *out = NULL;
	struct stat st;

	cli("--help", 0, NULL);
	cli("", 2, NULL);
	cli("--report xml tests/conformance/project", 2, NULL);
	cli("init", 2, NULL);
	/* the project suite: 0, and the JUnit report written */
	snprintf(args, sizeof args, "--no-default-path --schema-path schemas --allow schemas -j 2 "
	         "--report junit -o '%s' tests/conformance/project", tmp_path("p.xml"));
	cli(args, 0, &out);
	ck_assert_msg(strstr(out, "conformance: ") && strstr(out, " 0 failed, 0 expected failures, 0 unexpected passes, 0 errors"), "%s", out);
	free(out);
	ck_assert_int_eq(stat(tmp_path("p.xml"), &st), 0);
	/* without the allowed directory, every golden case is refused: exit 3 */
	cli("--no-default-path --schema-path schemas -q --filter xmig-2.0-valid tests/conformance/project", 3, &out);
	ck_assert_ptr_nonnull(strstr(out, "conformance.path-outside"));
	free(out);
	/* a wrong expectation: exit 1 and a diff */
	write_suite("xoev-suite.xml", wrong_cases);
	snprintf(args, sizeof args, "--no-default-path --schema-path schemas --base schemas=schemas "
	         "--filter rule-does-not-fire '%s'", xoev_test_dir);
	cli(args, 1, &out);
	ck_assert_msg(strstr(out, "FAIL  t/rule-does-not-fire") &&
	              strstr(out, "    rule xmig-999: expected to fire, actual: did not fire (fired: xmig-") &&
	              strstr(out, "    findings:\n"), "%s", out);
	free(out);
	/* no partial report when the output cannot be written */
	snprintf(args, sizeof args, "--no-default-path --schema-path schemas --allow schemas --report json "
	         "-o '%s/no/such/dir/r.json' tests/conformance/project", xoev_test_dir);
	cli(args, 3, NULL);
	/* a malformed manifest: exit 3 before any case runs */
	snprintf(args, sizeof args, "--no-default-path --schema-path schemas '%s/h.xml'", xoev_test_dir);
	write_text("h.xml", "<suite xmlns=\"urn:libxoev:conformance:1\"/>");
	cli(args, 3, &out);
	ck_assert_ptr_nonnull(strstr(out, "conformance.manifest"));
	free(out);
	/* init and its refusal to overwrite */
	ck_assert_int_eq(mkdir(tmp_path("in"), 0755), 0);
	copy_example(X20 "valid/register.meldung.1001.xml", "in/a.xml");
	snprintf(args, sizeof args, "init --no-default-path --schema-path schemas '%s'", tmp_path("in"));
	cli(args, 0, &out);
	ck_assert_ptr_nonnull(strstr(out, "1 cases recorded"));
	free(out);
	cli(args, 3, &out);
	ck_assert_ptr_nonnull(strstr(out, "--force"));
	free(out);
	snprintf(args, sizeof args, "--no-default-path --schema-path schemas '%s'", tmp_path("in"));
	cli(args, 0, NULL);
}
END_TEST

/* ------------------------------------------------------------------ */
/* the xdomea suite over the corpus                                    */
/* ------------------------------------------------------------------ */

START_TEST(xdomea_suite)
{
	const char *corpus = xoev_test_corpus("xdomea_suite");
	static const char *const versions[] = { "2.3.0", "2.4.0", "3.0.0" };
	char cmd[16384], *out = NULL;
	size_t i;

	if (!corpus)
		return;
	for (i = 0; i < 3; i++) {
		snprintf(cmd, sizeof cmd, "'%s' bundle import '%s/xdomea/%s' --standard xdomea --version %s "
		         "--catalog '%s/catalog.xml' --into '%s/bundles/xdomea-%s'", xoev_test_cli(), corpus,
		         versions[i], versions[i], corpus, xoev_test_dir, versions[i]);
		ck_assert_msg(xoev_test_run(cmd, &out) == 0, "%s\n%s", cmd, out);
		free(out);
	}
	/* schemas/ supplies the xdomea translation steps */
	snprintf(cmd, sizeof cmd, "cd '%s' && '%s' conformance --no-default-path --schema-path '%s/bundles' "
	         "--schema-path schemas --base 'corpus=%s' -j 2 --report junit -o '%s/x.xml' "
	         "tests/conformance/xdomea", XOEV_SRCDIR, xoev_test_cli(), xoev_test_dir, corpus,
	         xoev_test_dir);
	ck_assert_msg(xoev_test_run(cmd, &out) == 0, "xdomea suite:\n%s", out);
	ck_assert_msg(strstr(out, "xfail xdomea-corpus/mutation.2.3.0.0503.staat-unbekannt") &&
	              strstr(out, "conformance: 40 cases: 39 passed") &&
	              strstr(out, "passed, 0 failed, 1 expected failures, 0 unexpected passes, 0 errors"),
	              "%s", out);
	free(out);
	snprintf(cmd, sizeof cmd, "xmllint --noout --nonet --schema '%s' '%s/x.xml'", JUNIT_XSD, xoev_test_dir);
	ck_assert_msg(xoev_test_run(cmd, &out) == 0, "%s", out);
	free(out);
}
END_TEST

/* ------------------------------------------------------------------ */
/* examples/ci: every snippet's commands run against this checkout     */
/* ------------------------------------------------------------------ */

START_TEST(ci_snippets_run)
{
	char cmd[16384], *out = NULL;
	int rc;

	char build[4096];
	const char *slash;

	/*
	 * The build these tests run from is reused (copied with its
	 * timestamps), so make finds it built: fast. A sanitizer build cannot
	 * be mixed with what make would rebuild; under a sanitizer or
	 * valgrind the snippets build libxoev from scratch (about 10 s each).
	 */
	snprintf(build, sizeof build, "%s", xoev_test_cli());
	slash = strrchr(build, '/');
	if (getenv("ASAN_OPTIONS") || getenv("UBSAN_OPTIONS") || getenv("TSAN_OPTIONS") ||
	    getenv("XOEV_MEMORY_TOOL"))
		slash = NULL;
	if (slash)
		build[slash - build] = '\0';
	snprintf(cmd, sizeof cmd, "XOEV_SNIPPET_BUILD='%s' sh '%s/tests/ci-snippets.sh' '%s'",
	         slash ? build : "", XOEV_SRCDIR, xoev_test_dir);
	rc = xoev_test_run(cmd, &out);
	ck_assert_msg(rc == 0, "tests/ci-snippets.sh failed (exit %d); the end of its output:\n%s", rc,
	              strlen(out) > 3000 ? out + strlen(out) - 3000 : out);
	ck_assert_msg(strstr(out, "ci-snippets: 3 snippets ran") != NULL, "%s", out);
	free(out);
}
END_TEST

Suite *xoev_suite_conformance(void)
{
	Suite *s = suite_create("conformance");
	TCase *tc = tcase_create("conformance");

	tcase_set_timeout(tc, 300);
	tcase_add_checked_fixture(tc, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_add_test(tc, project_suite_passes);
	tcase_add_test(tc, project_suite_covers_golden_examples);
	tcase_add_test(tc, wrong_expectations_fail_with_diff);
	tcase_add_test(tc, translation_output_differs);
	tcase_add_test(tc, junit_validates_and_is_read_by_junitparser);
	tcase_add_test(tc, json_and_sarif_validate);
	tcase_add_test(tc, init_records_todays_results);
	tcase_add_test(tc, hostile_manifests);
	tcase_add_test(tc, cli_exit_codes_and_reports);
	tcase_add_test(tc, xdomea_suite);
	tcase_add_test(tc, ci_snippets_run);
	suite_add_tcase(s, tc);
	return s;
}
