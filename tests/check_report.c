/*
 * libxoev tests - reports: the JUnit XML, SARIF and JSON writers, checked
 * against their schemas (tests/data/schemas/junit.xsd with libxml2;
 * tests/data/schemas/sarif-schema-2.1.0.json and
 * schemas/xoev-report.schema.json with python3-jsonschema), with hostile
 * content: quotes, markup characters, non-ASCII, control characters,
 * invalid UTF-8 and very long messages.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include "tests.h"

#define JUNIT_XSD XOEV_SRCDIR "/tests/data/schemas/junit.xsd"
#define SARIF_SCHEMA XOEV_SRCDIR "/tests/data/schemas/sarif-schema-2.1.0.json"
#define REPORT_SCHEMA XOEV_SRCDIR "/schemas/xoev-report.schema.json"

#define LONG_LEN 100000

/* ------------------------------------------------------------------ */
/* A report with every verdict and nasty content                       */
/* ------------------------------------------------------------------ */

typedef struct {
	xoev_registry *reg;
	xoev_report *r;
	char *long_message;
	size_t files;        /* documents added */
	size_t artifacts;    /* distinct file names */
	size_t findings;     /* all findings */
	size_t rules;        /* distinct rule ids */
	size_t invalid, io, unknown;
	const char *root;    /* message root of the bundle entry */
} sample;

static void add(sample *s, const char *file, xoev_verdict verdict, const xoev_bundle *b,
                const xoev_message_type *t, const xoev_diag_list *l)
{
	ck_assert_int_eq(xoev_report_add(s->r, file, verdict, b, t, l), XOEV_OK);
	s->files++;
	s->findings += xoev_diag_list_count(l);
	s->invalid += verdict == XOEV_VERDICT_INVALID;
	s->io += verdict == XOEV_VERDICT_IO_ERROR;
	s->unknown += verdict == XOEV_VERDICT_UNKNOWN;
}

static void sample_build(sample *s)
{
	xoev_registry_options o = XOEV_REGISTRY_OPTIONS_INIT;
	const char *dir = XOEV_SRCDIR "/schemas/xmig/1.0";
	const xoev_bundle *b;
	const xoev_message_type *t;
	xoev_diag_list *l = NULL;

	memset(s, 0, sizeof *s);
	o.paths = &dir;
	o.path_count = 1;
	o.flags = XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT;
	ck_assert_int_eq(xoev_registry_open(&s->reg, &o, NULL), XOEV_OK);
	ck_assert_uint_ge(xoev_registry_bundle_count(s->reg), 1);
	b = xoev_registry_bundle(s->reg, 0);
	ck_assert_uint_ge(xoev_bundle_message_count(b), 1);
	t = xoev_bundle_message(b, 0);
	s->root = xoev_message_type_root(t);

	s->long_message = malloc(LONG_LEN + 4);
	ck_assert_ptr_nonnull(s->long_message);
	memset(s->long_message, 'x', LONG_LEN);
	memcpy(s->long_message + LONG_LEN, "END", 4);

	ck_assert_int_eq(xoev_report_new(&s->r), XOEV_OK);
	ck_assert_int_eq(xoev_diag_list_new(&l), XOEV_OK);

	/* 1: valid, with a warning and a note */
	xoev_diag_list_add(l, XOEV_SEVERITY_WARNING, XOEV_LAYER_HEADER, "header.deprecated",
	                   "version <1.0> & \"old\"", "ok.xml", 1, 1, "/m:a");
	xoev_diag_list_add(l, XOEV_SEVERITY_INFO, XOEV_LAYER_DETECT, "detect.note", "note \x01 here",
	                   "ok.xml", 0, 0, NULL);
	add(s, "ok.xml", XOEV_VERDICT_VALID, b, t, l);
	xoev_diag_list_clear(l);

	/* 2: invalid: markup, quotes, non-ASCII, controls, invalid UTF-8, another file */
	xoev_diag_list_add(l, XOEV_SEVERITY_ERROR, XOEV_LAYER_XSD, "xsd.datatype",
	                   "a \"quoted\" <tag> & 'apos' ]]> value", "dir/bad file \xc3\xa4.xml", 2, 3,
	                   "/a:x/b[2]");
	xoev_diag_list_add(l, XOEV_SEVERITY_ERROR, XOEV_LAYER_CODELIST, "codelist.unknown-code",
	                   "Gr\xc3\xb6\xc3\x9f" "e \xe2\x82\xac \xf0\x9d\x84\x9e ctl:\x01\x02\x1b\x7f "
	                   "cr:\r lf:\n tab:\t end",
	                   "dir/bad file \xc3\xa4.xml", 7, 1, "/a:x/@code");
	xoev_diag_list_add(l, XOEV_SEVERITY_FATAL, XOEV_LAYER_RULE, "BR-01",
	                   "bad utf8: \xff\xfe \xc0\xaf \xed\xa0\x80 \xef\xbf\xbe end",
	                   "dir/bad file \xc3\xa4.xml", 9, 0, "/a:x/text()");
	xoev_diag_list_add(l, XOEV_SEVERITY_WARNING, XOEV_LAYER_BUNDLE, "bundle.schema",
	                   "in the schema", "../schemas/x.xsd", 0, 0, NULL);
	add(s, "dir/bad file \xc3\xa4.xml", XOEV_VERDICT_INVALID, b, t, l);
	xoev_diag_list_clear(l);

	/* 3: unreadable */
	xoev_diag_list_add(l, XOEV_SEVERITY_FATAL, XOEV_LAYER_IO, "io.read",
	                   "cannot be read: No such file", "missing.xml", 0, 0, NULL);
	add(s, "missing.xml", XOEV_VERDICT_IO_ERROR, NULL, NULL, l);
	xoev_diag_list_clear(l);

	/* 4: unknown, no findings at all */
	add(s, "q\"uote<&>'.xml", XOEV_VERDICT_UNKNOWN, NULL, NULL, NULL);

	/* 5: invalid with a very long message; no bundle */
	xoev_diag_list_add(l, XOEV_SEVERITY_ERROR, XOEV_LAYER_XSD, "xsd.datatype", s->long_message,
	                   "long.xml", 100000, 2, "/r");
	add(s, "long.xml", XOEV_VERDICT_INVALID, NULL, NULL, l);
	xoev_diag_list_clear(l);

	/* 6: the first file again, 7: an absolute path, 8: invalid without error findings */
	add(s, "ok.xml", XOEV_VERDICT_VALID, b, t, NULL);
	add(s, "/abs/path/x.xml", XOEV_VERDICT_VALID, b, NULL, NULL);
	add(s, "odd.xml", XOEV_VERDICT_INVALID, b, t, NULL);

	s->artifacts = 7; /* "ok.xml" twice */
	/* header.deprecated, detect.note, xsd.datatype (twice), codelist.unknown-code, BR-01,
	 * bundle.schema, io.read */
	s->rules = 7;
	xoev_diag_list_free(l);
}

static void sample_free(sample *s)
{
	xoev_report_free(s->r);
	xoev_registry_free(s->reg);
	free(s->long_message);
}

/* ------------------------------------------------------------------ */
/* JSON well-formedness (RFC 8259) and UTF-8, without a library        */
/* ------------------------------------------------------------------ */

typedef struct {
	const unsigned char *p, *end;
	const char *error;
} json_in;

static int j_value(json_in *j, int depth);

static void j_ws(json_in *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int j_fail(json_in *j, const char *why)
{
	if (!j->error)
		j->error = why;
	return 0;
}

static int j_utf8(json_in *j)
{
	const unsigned char *p = j->p;
	unsigned long c;
	size_t n, k;

	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		n = 2, c = p[0] & 0x1Fu;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		n = 3, c = p[0] & 0x0Fu;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		n = 4, c = p[0] & 0x07u;
	else
		return j_fail(j, "invalid UTF-8 lead byte");
	if ((size_t)(j->end - p) < n)
		return j_fail(j, "truncated UTF-8");
	for (k = 1; k < n; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return j_fail(j, "invalid UTF-8 continuation");
		c = (c << 6) | (p[k] & 0x3Fu);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return j_fail(j, "overlong or surrogate UTF-8");
	j->p += n;
	return 1;
}

static int j_string(json_in *j)
{
	int k;

	j->p++; /* the opening quote */
	while (j->p < j->end) {
		unsigned char c = *j->p;
		if (c == '"') {
			j->p++;
			return 1;
		}
		if (c < 0x20)
			return j_fail(j, "raw control character in a string");
		if (c == '\\') {
			j->p++;
			if (j->p >= j->end)
				break;
			if (*j->p == 'u') {
				for (k = 1; k <= 4; k++)
					if (j->p + k >= j->end || !strchr("0123456789abcdefABCDEF", j->p[k]) ||
					    j->p[k] == 0)
						return j_fail(j, "bad \\u escape");
				j->p += 5;
			} else if (strchr("\"\\/bfnrt", *j->p) && *j->p) {
				j->p++;
			} else {
				return j_fail(j, "bad escape");
			}
		} else if (c >= 0x80) {
			if (!j_utf8(j))
				return 0;
		} else {
			j->p++;
		}
	}
	return j_fail(j, "unterminated string");
}

static int j_number(json_in *j)
{
	const unsigned char *start = j->p;

	if (*j->p == '-')
		j->p++;
	if (j->p < j->end && *j->p == '0')
		j->p++;
	else if (j->p < j->end && *j->p >= '1' && *j->p <= '9')
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	else
		return j_fail(j, "bad number");
	if (j->p < j->end && *j->p == '.') {
		j->p++;
		if (j->p >= j->end || *j->p < '0' || *j->p > '9')
			return j_fail(j, "bad fraction");
		while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
			j->p++;
	}
	return j->p > start;
}

static int j_literal(json_in *j, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0)
		return j_fail(j, "bad literal");
	j->p += n;
	return 1;
}

static int j_members(json_in *j, int depth, int object)
{
	j->p++; /* [ or { */
	j_ws(j);
	if (j->p < j->end && *j->p == (object ? '}' : ']')) {
		j->p++;
		return 1;
	}
	for (;;) {
		j_ws(j);
		if (object) {
			if (j->p >= j->end || *j->p != '"' || !j_string(j))
				return j_fail(j, "object key expected");
			j_ws(j);
			if (j->p >= j->end || *j->p != ':')
				return j_fail(j, "':' expected");
			j->p++;
		}
		if (!j_value(j, depth + 1))
			return 0;
		j_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == (object ? '}' : ']')) {
			j->p++;
			return 1;
		}
		return j_fail(j, "',' or end of container expected");
	}
}

static int j_value(json_in *j, int depth)
{
	if (depth > 64)
		return j_fail(j, "too deep");
	j_ws(j);
	if (j->p >= j->end)
		return j_fail(j, "value expected");
	switch (*j->p) {
	case '{': return j_members(j, depth, 1);
	case '[': return j_members(j, depth, 0);
	case '"': return j_string(j);
	case 't': return j_literal(j, "true");
	case 'f': return j_literal(j, "false");
	case 'n': return j_literal(j, "null");
	default: return j_number(j);
	}
}

/* Fails the test unless text is exactly one well-formed JSON value in valid UTF-8. */
static void assert_json(const char *text, size_t len)
{
	json_in j;

	j.p = (const unsigned char *)text;
	j.end = j.p + len;
	j.error = NULL;
	ck_assert_uint_eq(strlen(text), len);
	if (j_value(&j, 0)) {
		j_ws(&j);
		if (j.p != j.end)
			j_fail(&j, "text after the value");
	}
	ck_assert_msg(j.error == NULL, "not JSON at byte %ld: %s (\"%.40s\")",
	              (long)(j.p - (const unsigned char *)text), j.error ? j.error : "",
	              (const char *)j.p);
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;
	const char *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

START_TEST(json_checker_rejects)
{
	/* The checker itself: it must be able to fail. */
	static const char *bad[] = { "{", "{\"a\" 1}", "[1,]", "\"\x01\"", "\"\xff\"", "\"\xc0\xaf\"",
		                     "\"\\x\"", "{} x", "[01]", "nul" };
	static const char *good[] = { "{}", "[1, -0.5, true, null, \"\\u00e4\\n\", {\"k\": []}]",
		                      "\"\xc3\xa4\xf0\x9d\x84\x9e\"" };
	size_t i;
	json_in j;

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		j.p = (const unsigned char *)bad[i];
		j.end = j.p + strlen(bad[i]);
		j.error = NULL;
		if (j_value(&j, 0)) {
			j_ws(&j);
			if (j.p != j.end)
				j_fail(&j, "text after the value");
		}
		ck_assert_msg(j.error != NULL, "accepted bad JSON #%zu", i);
	}
	for (i = 0; i < sizeof good / sizeof *good; i++)
		assert_json(good[i], strlen(good[i]));
}
END_TEST

/* ------------------------------------------------------------------ */
/* JSON Schema validation through python3-jsonschema                   */
/* ------------------------------------------------------------------ */

static const char validator_py[] =
	"import copy, json, sys\n"
	"import jsonschema\n"
	"schema = json.load(open(sys.argv[1], encoding=\"utf-8\"))\n"
	"doc = json.load(open(sys.argv[2], encoding=\"utf-8\"))\n"
	"mode = sys.argv[3]\n"
	"cls = jsonschema.validators.validator_for(schema)\n"
	"cls.check_schema(schema)\n"
	"v = cls(schema, format_checker=jsonschema.FormatChecker())\n"
	"def check(d, label):\n"
	"    errs = list(v.iter_errors(d))\n"
	"    for e in errs[:5]:\n"
	"        print(\"INVALID\", label, list(e.absolute_path), e.message[:300])\n"
	"    return not errs\n"
	"ok = check(doc, \"report\")\n"
	"if mode == \"sarif\":\n"
	"    r = doc[\"runs\"][0]\n"
	"    print(\"results=%d rules=%d artifacts=%d success=%s\" % (len(r[\"results\"]),\n"
	"          len(r[\"tool\"][\"driver\"][\"rules\"]), len(r[\"artifacts\"]),\n"
	"          r[\"invocations\"][0][\"executionSuccessful\"]))\n"
	"    ids = [x[\"id\"] for x in r[\"tool\"][\"driver\"][\"rules\"]]\n"
	"    bad = [x for x in r[\"results\"] if ids[x[\"ruleIndex\"]] != x[\"ruleId\"]]\n"
	"    print(\"ruleIndex-ok=%s\" % (not bad))\n"
	"if mode == \"json\":\n"
	"    x = copy.deepcopy(doc); x[\"files\"][0][\"layers\"] = [\"wellformed\", \"xsd\"]\n"
	"    print(\"layers-ok=%s\" % check(x, \"layers\"))\n"
	"    x = copy.deepcopy(doc); x[\"files\"][0][\"bogus\"] = 1\n"
	"    print(\"bogus-rejected=%s\" % (not v.is_valid(x)))\n"
	"    x = copy.deepcopy(doc); x[\"files\"][0][\"layers\"] = [\"nosuchlayer\"]\n"
	"    print(\"badlayer-rejected=%s\" % (not v.is_valid(x)))\n"
	"    x = copy.deepcopy(doc); del x[\"summary\"]\n"
	"    print(\"nosummary-rejected=%s\" % (not v.is_valid(x)))\n"
	"    print(\"files=%d findings=%d\" % (len(doc[\"files\"]),\n"
	"          sum(len(f[\"findings\"]) for f in doc[\"files\"])))\n"
	"sys.exit(0 if ok else 1)\n";

/* Record a skip the way xoev_test_corpus does (the runner counts them). */
static void record_skip(const char *test, const char *why)
{
	const char *log = getenv("XOEV_SKIP_LOG");
	FILE *f = log ? fopen(log, "a") : NULL;

	fprintf(stderr, "SKIP %s: %s (apt-get install -y python3-jsonschema, see "
	                "tests/report-packages.txt); not counted as passed\n", test, why);
	if (f) {
		fprintf(f, "%s\n", test);
		fclose(f);
	}
	xoev_test_skips++;
}

/*
 * A python3 that can import jsonschema ("python3" from PATH, else the
 * system one), or NULL: under CI the test fails, otherwise it is skipped.
 */
static const char *json_python(const char *test)
{
	static const char *const candidates[] = { "python3", "/usr/bin/python3" };
	char cmd[256];
	size_t i;

	for (i = 0; i < sizeof candidates / sizeof *candidates; i++) {
		snprintf(cmd, sizeof cmd, "%s -c 'import jsonschema' >/dev/null 2>&1", candidates[i]);
		if (xoev_test_run(cmd, NULL) == 0)
			return candidates[i];
	}
	if (getenv("CI"))
		ck_abort_msg("%s: python3 with jsonschema is missing; CI installs the packages of "
		             "tests/report-packages.txt", test);
	record_skip(test, "python3 with jsonschema is missing");
	return NULL;
}

/* Validate text against schema; returns the validator's output (caller frees). */
static char *validate_json(const char *python, const char *schema, const char *text,
                           const char *mode, int expect_ok)
{
	char script[4096], doc[4096], cmd[16384];
	char *out = NULL;
	int rc;

	snprintf(script, sizeof script, "%s/validate.py", xoev_test_dir);
	snprintf(doc, sizeof doc, "%s/%s.json", xoev_test_dir, mode);
	xoev_test_write_file(script, validator_py, strlen(validator_py));
	xoev_test_write_file(doc, text, strlen(text));
	snprintf(cmd, sizeof cmd, "%s \"%s\" \"%s\" \"%s\" %s", python, script, schema, doc, mode);
	rc = xoev_test_run(cmd, &out);
	ck_assert_ptr_nonnull(out);
	ck_assert_msg((rc == 0) == expect_ok, "%s against %s: exit %d, expected %s:\n%s", mode,
	              schema, rc, expect_ok ? "valid" : "invalid", out);
	return out;
}

/* ------------------------------------------------------------------ */
/* JUnit                                                               */
/* ------------------------------------------------------------------ */

static char xml_errors[2048];

static void collect_error(void *ctx, xmlErrorPtr e)
{
	size_t n = strlen(xml_errors);

	(void)ctx;
	if (e && e->message && n + 200 < sizeof xml_errors)
		snprintf(xml_errors + n, sizeof xml_errors - n, "line %d: %s", e->line, e->message);
}

/* Parse strictly (no recovery, no network); fails the test if not well-formed. */
static xmlDocPtr parse_xml(const char *text, size_t len)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	xmlDocPtr doc;
	int wellformed;

	ck_assert_ptr_nonnull(ctxt);
	xml_errors[0] = '\0';
	xmlSetStructuredErrorFunc(NULL, collect_error);
	doc = xmlCtxtReadMemory(ctxt, text, (int)len, "junit.xml", "UTF-8", XML_PARSE_NONET);
	xmlSetStructuredErrorFunc(NULL, NULL);
	wellformed = ctxt->wellFormed;
	xmlFreeParserCtxt(ctxt);
	ck_assert_msg(doc != NULL && wellformed && !xml_errors[0],
	              "not well-formed XML: %s", xml_errors);
	return doc;
}

static void assert_junit_valid(xmlDocPtr doc)
{
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(JUNIT_XSD);
	xmlSchemaPtr schema;
	xmlSchemaValidCtxtPtr vc;
	int rc;

	ck_assert_ptr_nonnull(pc);
	schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	ck_assert_msg(schema != NULL, "cannot compile %s", JUNIT_XSD);
	vc = xmlSchemaNewValidCtxt(schema);
	ck_assert_ptr_nonnull(vc);
	xml_errors[0] = '\0';
	xmlSchemaSetValidStructuredErrors(vc, collect_error, NULL);
	rc = xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	ck_assert_msg(rc == 0, "JUnit output does not validate against junit.xsd: %s", xml_errors);
}

/* The string value of an XPath expression (new string, xmlFree). */
static char *xpath_string(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr obj;
	xmlChar *s;

	ck_assert_ptr_nonnull(ctx);
	obj = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	ck_assert_msg(obj != NULL, "bad XPath %s", expr);
	s = xmlXPathCastToString(obj);
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return (char *)s;
}

static void assert_xpath(xmlDocPtr doc, const char *expr, const char *expected)
{
	char *v = xpath_string(doc, expr);

	ck_assert_msg(strcmp(v, expected) == 0, "%s = \"%.200s\", expected \"%s\"", expr, v, expected);
	xmlFree(v);
}

static void assert_xpath_n(xmlDocPtr doc, const char *expr, size_t expected)
{
	char want[32];

	snprintf(want, sizeof want, "%zu", expected);
	assert_xpath(doc, expr, want);
}

START_TEST(junit_validates_and_counts)
{
	sample s;
	char *out = NULL, *v, expr[512], cls[512];
	size_t len = 0;
	xmlDocPtr doc;

	sample_build(&s);
	ck_assert_int_eq(xoev_report_format(s.r, XOEV_FORMAT_JUNIT, &out, &len), XOEV_OK);
	doc = parse_xml(out, len);
	assert_junit_valid(doc);

	assert_xpath_n(doc, "count(/testsuites/testsuite)", 1);
	assert_xpath(doc, "string(/testsuites/testsuite/@name)", "xoev validate");
	assert_xpath_n(doc, "number(/testsuites/testsuite/@tests)", s.files);
	assert_xpath_n(doc, "count(//testcase)", s.files);
	assert_xpath_n(doc, "number(/testsuites/testsuite/@failures)", s.invalid);
	assert_xpath_n(doc, "count(//testcase/failure)", s.invalid);
	assert_xpath_n(doc, "number(/testsuites/testsuite/@errors)", s.io + s.unknown);
	assert_xpath_n(doc, "count(//testcase/error)", s.io + s.unknown);
	assert_xpath_n(doc, "number(/testsuites/testsuite/@skipped)", 0);

	/* classname: standard.version.message, standard.version, or unknown */
	snprintf(cls, sizeof cls, "xmig.1.0.%s", s.root);
	assert_xpath(doc, "string(//testcase[@name='ok.xml'][1]/@classname)", cls);
	assert_xpath(doc, "string(//testcase[@name='/abs/path/x.xml']/@classname)", "xmig.1.0");
	assert_xpath(doc, "string(//testcase[@name='missing.xml']/@classname)", "unknown");

	/* the failure of the file with the nasty findings */
	snprintf(expr, sizeof expr, "string(//testcase[@name='dir/bad file \xc3\xa4.xml']/failure/@type)");
	assert_xpath(doc, expr, "xsd.datatype");
	snprintf(expr, sizeof expr,
	         "string(//testcase[@name='dir/bad file \xc3\xa4.xml']/failure/@message)");
	assert_xpath(doc, expr, "3 errors: a \"quoted\" <tag> & 'apos' ]]> value");
	snprintf(expr, sizeof expr, "string(//testcase[@name='dir/bad file \xc3\xa4.xml']/failure)");
	v = xpath_string(doc, expr);
	ck_assert_ptr_nonnull(strstr(v, "dir/bad file \xc3\xa4.xml:2:3: error: xsd.datatype: a "
	                                "\"quoted\" <tag> & 'apos' ]]> value [/a:x/b[2]]\n"));
	/* controls become U+FFFD; CR, LF and tab survive; non-ASCII kept */
	ck_assert_ptr_nonnull(strstr(v, "Gr\xc3\xb6\xc3\x9f" "e \xe2\x82\xac \xf0\x9d\x84\x9e ctl:"
	                                "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\x7f cr:\r lf:\n tab:\t end"));
	/* invalid UTF-8 and U+FFFE become U+FFFD */
	ck_assert_ptr_nonnull(strstr(v, "fatal: BR-01: bad utf8: \xef\xbf\xbd\xef\xbf\xbd "));
	ck_assert_ptr_nonnull(strstr(v, " \xef\xbf\xbd end [/a:x/text()]"));
	/* the warning about the schema file is not part of the failure */
	ck_assert_ptr_null(strstr(v, "bundle.schema"));
	xmlFree(v);

	/* warnings and notes in system-out */
	v = xpath_string(doc, "string(/testsuites/testsuite/system-out)");
	ck_assert_ptr_nonnull(strstr(v, "ok.xml:1:1: warning: header.deprecated: version <1.0> & "
	                                "\"old\" [/m:a]\n"));
	ck_assert_ptr_nonnull(strstr(v, "ok.xml: info: detect.note: note \xef\xbf\xbd here\n"));
	ck_assert_ptr_nonnull(strstr(v, "../schemas/x.xsd: warning: bundle.schema: in the schema\n"));
	ck_assert_ptr_null(strstr(v, "error:"));
	xmlFree(v);

	/* io error and unknown document: <error>, never a pass */
	assert_xpath(doc, "string(//testcase[@name='missing.xml']/error/@type)", "io.read");
	assert_xpath(doc, "string(//testcase[@name='missing.xml']/error/@message)",
	             "1 error: cannot be read: No such file");
	assert_xpath(doc, "string(//testcase[starts-with(@name,'q')]/error/@type)", "unknown");
	v = xpath_string(doc, "string(//testcase[starts-with(@name,'q')]/error/@message)");
	ck_assert_str_eq(v, "no loaded bundle claims the document");
	xmlFree(v);
	v = xpath_string(doc, "string(//testcase[starts-with(@name,'q')]/@name)");
	ck_assert_str_eq(v, "q\"uote<&>'.xml");
	xmlFree(v);
	assert_xpath(doc, "string(//testcase[@name='odd.xml']/failure/@type)", "invalid");

	/* a very long message: whole in the text, cut in the attribute */
	v = xpath_string(doc, "string(//testcase[@name='long.xml']/failure/@message)");
	ck_assert_uint_le(strlen(v), 256 + 3);
	ck_assert_uint_ge(strlen(v), 200);
	ck_assert_str_eq(v + strlen(v) - 3, "...");
	xmlFree(v);
	v = xpath_string(doc, "string(//testcase[@name='long.xml']/failure)");
	ck_assert_uint_ge(strlen(v), LONG_LEN);
	ck_assert_ptr_nonnull(strstr(v, "xxxEND [/r]"));
	xmlFree(v);

	xmlFreeDoc(doc);
	xoev_free(out);
	sample_free(&s);
}
END_TEST

START_TEST(junit_control_characters)
{
	xoev_report *r = NULL;
	xoev_diag_list *l = NULL;
	char msg[64], file[64], *out = NULL, *v;
	size_t i, len;
	xmlDocPtr doc;

	/* every C0 control character in a message and in a file name */
	for (i = 1; i < 32; i++)
		msg[i - 1] = (char)i;
	msg[31] = '\0';
	snprintf(file, sizeof file, "f\x01\x08\x0b\x0c\x1f\t\r\n.xml");
	ck_assert_int_eq(xoev_report_new(&r), XOEV_OK);
	ck_assert_int_eq(xoev_diag_list_new(&l), XOEV_OK);
	xoev_diag_list_add(l, XOEV_SEVERITY_ERROR, XOEV_LAYER_XSD, "x\x02y", msg, file, 1, 1,
	                   "/a\x03");
	xoev_diag_list_add(l, XOEV_SEVERITY_ERROR, XOEV_LAYER_XSD, "tabs", "a\tb\nc\rd", file, 2, 1,
	                   NULL);
	ck_assert_int_eq(xoev_report_add(r, file, XOEV_VERDICT_INVALID, NULL, NULL, l), XOEV_OK);
	xoev_diag_list_clear(l);
	xoev_diag_list_add(l, XOEV_SEVERITY_ERROR, XOEV_LAYER_XSD, "tabs", "a\tb\nc\rd", "g.xml", 2,
	                   1, NULL);
	ck_assert_int_eq(xoev_report_add(r, "g.xml", XOEV_VERDICT_INVALID, NULL, NULL, l), XOEV_OK);
	ck_assert_int_eq(xoev_report_format(r, XOEV_FORMAT_JUNIT, &out, &len), XOEV_OK);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)out[i];
		ck_assert_msg(c >= 0x20 || c == '\t' || c == '\n', "raw control 0x%02x at %zu", c, i);
	}
	doc = parse_xml(out, len);
	assert_junit_valid(doc);
	/* the rule id is the failure type: controls replaced */
	assert_xpath(doc, "string(//failure[1]/@type)", "x\xef\xbf\xbdy");
	/* tab, LF and CR survive attribute normalisation and text as written */
	v = xpath_string(doc, "string(//testcase[@name='g.xml']/failure/@message)");
	ck_assert_str_eq(v, "1 error: a\tb\nc\rd");
	xmlFree(v);
	v = xpath_string(doc, "string(//testcase[@name='g.xml']/failure)");
	ck_assert_str_eq(v, "g.xml:2:1: error: tabs: a\tb\nc\rd\n");
	xmlFree(v);
	v = xpath_string(doc, "string(//testcase[1]/@name)");
	/* xs:token name: the parser keeps the characters; controls are U+FFFD */
	ck_assert_ptr_nonnull(strstr(v, "f\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	                                "\t\r\n.xml"));
	xmlFree(v);
	xmlFreeDoc(doc);
	xoev_free(out);
	xoev_diag_list_free(l);
	xoev_report_free(r);
}
END_TEST

START_TEST(junit_empty_report)
{
	xoev_report *r = NULL;
	char *out = NULL;
	size_t len;
	xmlDocPtr doc;

	ck_assert_int_eq(xoev_report_new(&r), XOEV_OK);
	ck_assert_int_eq(xoev_report_format(r, XOEV_FORMAT_JUNIT, &out, &len), XOEV_OK);
	doc = parse_xml(out, len);
	assert_junit_valid(doc);
	assert_xpath(doc, "string(/testsuites/testsuite/@tests)", "0");
	assert_xpath(doc, "string(/testsuites/testsuite/@time)", "0.000");
	xmlFreeDoc(doc);
	xoev_free(out);
	xoev_report_free(r);
}
END_TEST

START_TEST(times_and_timestamp)
{
	xoev_report *r = NULL;
	char *out = NULL;
	size_t len;
	xmlDocPtr doc;

	ck_assert_int_eq(xoev_report_new(&r), XOEV_OK);
	ck_assert_int_eq(xoev_report_add(r, "a.xml", XOEV_VERDICT_VALID, NULL, NULL, NULL), 0);
	ck_assert_int_eq(xoev_report_add(r, "b.xml", XOEV_VERDICT_VALID, NULL, NULL, NULL), 0);
	ck_assert_int_eq(xoev_report_add(r, "c.xml", XOEV_VERDICT_VALID, NULL, NULL, NULL), 0);
	ck_assert_int_eq(xoev_report_add(r, "d.xml", (xoev_verdict)4, NULL, NULL, NULL), XOEV_EINVAL);
	ck_assert_int_eq(xoev_report_set_duration(r, 0, 1.5), XOEV_OK);
	ck_assert_int_eq(xoev_report_set_duration(r, 1, 0.2504), XOEV_OK);
	ck_assert_int_eq(xoev_report_set_duration(r, 2, NAN), XOEV_OK);
	ck_assert_int_eq(xoev_report_set_duration(r, 3, 1.0), XOEV_EINVAL);
	ck_assert_int_eq(xoev_report_set_duration(NULL, 0, 1.0), XOEV_EINVAL);
	ck_assert_int_eq(xoev_report_set_timestamp(r, 1700000000LL), XOEV_OK);
	ck_assert_int_eq(xoev_report_set_timestamp(NULL, 0), XOEV_EINVAL);
	ck_assert_int_eq(xoev_report_format(r, XOEV_FORMAT_JUNIT, &out, &len), XOEV_OK);
	doc = parse_xml(out, len);
	assert_junit_valid(doc);
	assert_xpath(doc, "string(/testsuites/testsuite/@timestamp)", "2023-11-14T22:13:20");
	assert_xpath(doc, "string(//testcase[@name='a.xml']/@time)", "1.500");
	assert_xpath(doc, "string(//testcase[@name='b.xml']/@time)", "0.250");
	assert_xpath(doc, "string(//testcase[@name='c.xml']/@time)", "0.000");
	assert_xpath(doc, "string(/testsuites/testsuite/@time)", "1.750");
	xmlFreeDoc(doc);
	xoev_free(out);
	ck_assert_int_eq(xoev_report_format(r, XOEV_FORMAT_SARIF, &out, &len), XOEV_OK);
	ck_assert_ptr_nonnull(strstr(out, "\"startTimeUtc\": \"2023-11-14T22:13:20Z\""));
	ck_assert_ptr_nonnull(strstr(out, "\"executionSuccessful\": true"));
	xoev_free(out);
	/* out of range: clamped */
	ck_assert_int_eq(xoev_report_set_timestamp(r, -5), XOEV_OK);
	ck_assert_int_eq(xoev_report_format(r, XOEV_FORMAT_JUNIT, &out, &len), XOEV_OK);
	ck_assert_ptr_nonnull(strstr(out, "timestamp=\"1970-01-01T00:00:00\""));
	xoev_free(out);
	xoev_report_free(r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* SARIF                                                               */
/* ------------------------------------------------------------------ */

START_TEST(sarif_validates_and_counts)
{
	sample s;
	char *out = NULL, *res, want[128];
	const char *py;
	size_t len;

	sample_build(&s);
	ck_assert_int_eq(xoev_report_format(s.r, XOEV_FORMAT_SARIF, &out, &len), XOEV_OK);
	assert_json(out, len);
	/* counted in C too, so that the counts are checked without python */
	ck_assert_uint_eq(count_of(out, "\"ruleId\":"), s.findings);
	ck_assert_uint_eq(count_of(out, "\"roles\": [\"analysisTarget\"]"), s.artifacts);
	ck_assert_uint_eq(count_of(out, "\"shortDescription\":"), s.rules);
	ck_assert_ptr_nonnull(strstr(out, "\"version\": \"2.1.0\""));
	ck_assert_ptr_nonnull(strstr(out, "\"executionSuccessful\": false"));
	ck_assert_ptr_nonnull(strstr(out, "\"uri\": \"dir/bad%20file%20%C3%A4.xml\", \"index\": 1}"));
	ck_assert_ptr_nonnull(strstr(out, "\"uri\": \"file:///abs/path/x.xml\""));
	ck_assert_ptr_nonnull(strstr(out, "\"uri\": \"q%22uote%3C%26%3E%27.xml\""));
	ck_assert_ptr_nonnull(strstr(out, "\"uri\": \"../schemas/x.xsd\"}"));
	ck_assert_ptr_nonnull(strstr(out, "\"region\": {\"startLine\": 2, \"startColumn\": 3}"));
	ck_assert_ptr_nonnull(strstr(out, "\"region\": {\"startLine\": 9}"));
	ck_assert_ptr_nonnull(strstr(out, "{\"fullyQualifiedName\": \"/a:x/b[2]\", \"kind\": \"element\"}"));
	ck_assert_ptr_nonnull(strstr(out, "{\"fullyQualifiedName\": \"/a:x/@code\", \"kind\": \"attribute\"}"));
	ck_assert_ptr_nonnull(strstr(out, "{\"fullyQualifiedName\": \"/a:x/text()\", \"kind\": \"text\"}"));
	ck_assert_ptr_nonnull(strstr(out, "\"level\": \"note\""));
	ck_assert_ptr_nonnull(strstr(out, "\"level\": \"warning\""));
	ck_assert_ptr_nonnull(strstr(out, "ctl:\\u0001\\u0002\\u001b\x7f cr:\\r lf:\\n tab:\\t end"));
	ck_assert_ptr_nonnull(strstr(out, "bad utf8: \xef\xbf\xbd\xef\xbf\xbd "));

	py = json_python("sarif_validates_and_counts");
	if (py) {
		res = validate_json(py, SARIF_SCHEMA, out, "sarif", 1);
		snprintf(want, sizeof want, "results=%zu rules=%zu artifacts=%zu success=False",
		         s.findings, s.rules, s.artifacts);
		ck_assert_msg(strstr(res, want) != NULL, "expected %s, got: %s", want, res);
		ck_assert_msg(strstr(res, "ruleIndex-ok=True") != NULL, "%s", res);
		free(res);
	}
	xoev_free(out);
	sample_free(&s);
}
END_TEST

START_TEST(sarif_schema_rejects)
{
	/* The SARIF check must be able to fail: a result without message, a bad level. */
	const char *py = json_python("sarif_schema_rejects");
	char *res;

	if (!py)
		return;
	res = validate_json(py, SARIF_SCHEMA,
	                    "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {\"name\": "
	                    "\"xoev\"}}, \"results\": [{\"ruleId\": \"a\", \"level\": \"fatal\"}]}]}",
	                    "sarif", 0);
	free(res);
}
END_TEST

START_TEST(sarif_only_valid)
{
	xoev_report *r = NULL;
	char *out = NULL, *res;
	const char *py;
	size_t len;

	ck_assert_int_eq(xoev_report_new(&r), XOEV_OK);
	ck_assert_int_eq(xoev_report_add(r, "a.xml", XOEV_VERDICT_VALID, NULL, NULL, NULL), 0);
	ck_assert_int_eq(xoev_report_format(r, XOEV_FORMAT_SARIF, &out, &len), XOEV_OK);
	assert_json(out, len);
	ck_assert_ptr_nonnull(strstr(out, "\"executionSuccessful\": true"));
	ck_assert_ptr_nonnull(strstr(out, "\"rules\": []"));
	ck_assert_ptr_nonnull(strstr(out, "\"results\": []"));
	py = json_python("sarif_only_valid");
	if (py) {
		res = validate_json(py, SARIF_SCHEMA, out, "sarif", 1);
		ck_assert_msg(strstr(res, "results=0 rules=0 artifacts=1 success=True") != NULL, "%s",
		              res);
		free(res);
	}
	xoev_free(out);
	xoev_report_free(r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* JSON                                                                */
/* ------------------------------------------------------------------ */

START_TEST(json_validates_against_own_schema)
{
	sample s;
	char *out = NULL, *res, want[128];
	const char *py;
	size_t len;

	sample_build(&s);
	ck_assert_int_eq(xoev_report_format(s.r, XOEV_FORMAT_JSON, &out, &len), XOEV_OK);
	assert_json(out, len);
	ck_assert_uint_eq(count_of(out, "\"verdict\":"), s.files);
	ck_assert_uint_eq(count_of(out, "\"severity\":"), s.findings);
	ck_assert_ptr_nonnull(strstr(out, "\"summary\": {\"files\": 8, \"valid\": 3, \"invalid\": 3, "
	                                  "\"unreadable\": 1, \"unknown\": 1, \"findings\": {\"fatal\": "
	                                  "2, \"error\": 3, \"warning\": 2, \"info\": 1}}"));
	ck_assert_ptr_nonnull(strstr(out, "\"file\": \"q\\\"uote<&>'.xml\""));
	py = json_python("json_validates_against_own_schema");
	if (py) {
		res = validate_json(py, REPORT_SCHEMA, out, "json", 1);
		snprintf(want, sizeof want, "files=%zu findings=%zu", s.files, s.findings);
		ck_assert_msg(strstr(res, want) != NULL, "expected %s, got: %s", want, res);
		ck_assert_msg(strstr(res, "layers-ok=True") != NULL, "%s", res);
		ck_assert_msg(strstr(res, "bogus-rejected=True") != NULL, "%s", res);
		ck_assert_msg(strstr(res, "badlayer-rejected=True") != NULL, "%s", res);
		ck_assert_msg(strstr(res, "nosummary-rejected=True") != NULL, "%s", res);
		free(res);
	}
	xoev_free(out);
	sample_free(&s);
}
END_TEST

START_TEST(json_empty_report)
{
	xoev_report *r = NULL;
	char *out = NULL, *res;
	const char *py;
	size_t len;

	ck_assert_int_eq(xoev_report_new(&r), XOEV_OK);
	ck_assert_int_eq(xoev_report_format(r, XOEV_FORMAT_JSON, &out, &len), XOEV_OK);
	assert_json(out, len);
	py = json_python("json_empty_report");
	if (py) {
		res = validate_json(py, REPORT_SCHEMA, out, "plain", 1);
		free(res);
	}
	xoev_free(out);
	xoev_report_free(r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* One entry                                                           */
/* ------------------------------------------------------------------ */

START_TEST(format_entry_all_formats)
{
	sample s;
	char *out = NULL;
	size_t len;
	xmlDocPtr doc;

	sample_build(&s);
	ck_assert_int_eq(xoev_report_format_entry(s.r, 1, XOEV_FORMAT_JUNIT, &out, &len), XOEV_OK);
	doc = parse_xml(out, len);
	assert_xpath(doc, "string(/testcase/failure/@type)", "xsd.datatype");
	xmlFreeDoc(doc);
	xoev_free(out);
	ck_assert_int_eq(xoev_report_format_entry(s.r, 1, XOEV_FORMAT_SARIF, &out, &len), XOEV_OK);
	assert_json(out, len);
	ck_assert_uint_eq(count_of(out, "\"ruleId\":"), 4);
	ck_assert_ptr_null(strstr(out, "ruleIndex"));
	xoev_free(out);
	/* the second "ok.xml" shares the first one's artifact */
	ck_assert_int_eq(xoev_report_format_entry(s.r, 5, XOEV_FORMAT_SARIF, &out, &len), XOEV_OK);
	ck_assert_str_eq(out, "[]\n");
	xoev_free(out);
	ck_assert_int_eq(xoev_report_format_entry(s.r, 0, XOEV_FORMAT_SARIF, &out, &len), XOEV_OK);
	ck_assert_ptr_nonnull(strstr(out, "\"uri\": \"ok.xml\", \"index\": 0}"));
	xoev_free(out);
	ck_assert_int_eq(xoev_report_format_entry(s.r, 4, XOEV_FORMAT_JSON, &out, &len), XOEV_OK);
	assert_json(out, len);
	xoev_free(out);
	ck_assert_int_eq(xoev_report_format_entry(s.r, 8, XOEV_FORMAT_JUNIT, &out, &len),
	                 XOEV_EINVAL);
	ck_assert_int_eq(xoev_report_format_entry(s.r, 0, (xoev_format)4, &out, &len), XOEV_EINVAL);
	ck_assert_int_eq(xoev_report_format(s.r, (xoev_format)-1, &out, &len), XOEV_EINVAL);
	sample_free(&s);
}
END_TEST

Suite *xoev_suite_report(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, json_checker_rejects);
	tcase_add_test(tc, junit_validates_and_counts);
	tcase_add_test(tc, junit_control_characters);
	tcase_add_test(tc, junit_empty_report);
	tcase_add_test(tc, times_and_timestamp);
	tcase_add_test(tc, sarif_validates_and_counts);
	tcase_add_test(tc, sarif_schema_rejects);
	tcase_add_test(tc, sarif_only_valid);
	tcase_add_test(tc, json_validates_against_own_schema);
	tcase_add_test(tc, json_empty_report);
	tcase_add_test(tc, format_entry_all_formats);
	suite_add_tcase(s, tc);
	return s;
}
