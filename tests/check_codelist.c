/*
 * libxoev tests - the code-list layer (lib/codelist.c): genericode
 * loading, code types from the XSDs, checking, the golden examples of the
 * project's bundles and the real xdomea 2.4.0/3.0.0 samples.
 *
 * Golden examples: a valid example has no code-list finding; an invalid
 * example that expects codelist.X has X (at least once) and no other
 * code-list rule; every other invalid example has no code-list finding.
 * Examples that expect xsd.enumeration may in principle also yield
 * codelist.unknown-code (when the enumerated type's list is not type 1 by
 * its listURI); with the current bundles none does, and the test accepts
 * only that one extra rule for them.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "internal.h"
#include "tests.h"

/* ------------------------------------------------------------------ */
/* helpers                                                             */
/* ------------------------------------------------------------------ */

static void put_file(const char *name, const char *text)
{
	char *path = xoev_io__join(xoev_test_dir, name);
	char *dir;

	ck_assert_ptr_nonnull(path);
	dir = xoev_io__dirname(path);
	ck_assert_int_eq(xoev_io__mkdir_p(dir), 0);
	xoev_test_write_file(path, text, strlen(text));
	free(dir);
	free(path);
}

/* A genericode document. annot: "3", "4" or NULL (no XÖV annotation namespace). */
static char *genericode(const char *annot, const char *uri, const char *version,
                        const char *columnset, const char *rows)
{
	char *s = xoev_util__printf(
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<gc:CodeList xmlns:gc=\"http://docs.oasis-open.org/codelist/ns/genericode/1.0/\""
		" xmlns:xoev-cl-%s=\"http://xoev.de/schemata/genericode/%s\">\n"
		"  <Identification>\n    <ShortName>t</ShortName>\n    <LongName>Testliste</LongName>\n"
		"    <Version>%s</Version>\n    <CanonicalUri>%s</CanonicalUri>\n  </Identification>\n"
		"  <ColumnSet>%s</ColumnSet>\n  <SimpleCodeList>%s</SimpleCodeList>\n</gc:CodeList>\n",
		annot ? annot : "3", annot ? annot : "3", version, uri, columnset, rows);
	ck_assert_ptr_nonnull(s);
	return s;
}

static const char std_columns[] =
	"<Column Id=\"code\" Use=\"required\"><ShortName>code</ShortName><Data Type=\"string\"/></Column>"
	"<Column Id=\"beschreibung\" Use=\"required\"><ShortName>beschreibung</ShortName><Data Type=\"string\"/></Column>"
	"<Key Id=\"codeKey\"><Annotation><AppInfo><xoev-cl-4:recommendedKeyColumn/></AppInfo></Annotation>"
	"<ShortName>codeKey</ShortName><ColumnRef Ref=\"code\"/></Key>";

/* Rows for the standard columns: codes separated by '|', description "Text <code>". */
static char *rows_of(const char *codes)
{
	xoev_buf b = { 0 };
	const char *p = codes;

	while (*p) {
		const char *e = strchr(p, '|');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		xoev_buf__printf(&b, "<Row><Value ColumnRef=\"code\"><SimpleValue>%.*s</SimpleValue></Value>"
		                 "<Value ColumnRef=\"beschreibung\"><SimpleValue>Text %.*s</SimpleValue></Value></Row>",
		                 (int)n, p, (int)n, p);
		p += n;
		if (*p == '|')
			p++;
	}
	return xoev_buf__take(&b, NULL);
}

static void put_list(const char *file, const char *uri, const char *version, const char *codes)
{
	char *rows = rows_of(codes);
	char *gc = genericode("4", uri, version, std_columns, rows);

	put_file(file, gc);
	free(gc);
	free(rows);
}

typedef struct {
	xoev_manifest m;
	xoev_manifest_codelist cls[16];
	xoev_manifest_schema schemas[4];
} test_manifest;

static void tm_init(test_manifest *t)
{
	memset(t, 0, sizeof *t);
	t->m.standard = (char *)"test";
	t->m.version = (char *)"1";
	t->m.codelists = t->cls;
	t->m.schemas = t->schemas;
}

static void tm_list(test_manifest *t, const char *href, const char *uri, const char *version)
{
	ck_assert_uint_lt(t->m.codelist_count, 16);
	t->cls[t->m.codelist_count].href = (char *)href;
	t->cls[t->m.codelist_count].uri = (char *)uri;
	t->cls[t->m.codelist_count].version = (char *)version;
	t->m.codelist_count++;
}

static void tm_schema(test_manifest *t, const char *href)
{
	ck_assert_uint_lt(t->m.schema_count, 4);
	t->schemas[t->m.schema_count].href = (char *)href;
	t->m.schema_count++;
}

static xoev_codelists *load_ok(const test_manifest *t)
{
	xoev_diag_list *d = NULL;
	xoev_codelists *cl = NULL;
	int rc;

	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	rc = xoev_codelist__load(xoev_test_dir, &t->m, &cl, d);
	ck_assert_msg(rc == 0, "load failed: %s; first finding: %s", xoev_strerror(rc),
	              xoev_diag_list_count(d) ? xoev_diag_message(xoev_diag_list_get(d, 0)) : "-");
	ck_assert_uint_eq(xoev_diag_list_count(d), 0);
	xoev_diag_list_free(d);
	ck_assert_ptr_nonnull(cl);
	return cl;
}

static xoev_xdoc *parse_text(const char *text)
{
	xoev_xdoc *doc = NULL;
	xoev_diag_list *d = NULL;

	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	ck_assert_int_eq(xoev_xml__parse(text, strlen(text), "t.xml", NULL, d, &doc), 0);
	xoev_diag_list_free(d);
	return doc;
}

/* Check an instance; returns the findings (caller frees). */
static xoev_diag_list *check_text(const xoev_codelists *cl, const char *text)
{
	xoev_xdoc *doc = parse_text(text);
	xoev_diag_list *d = NULL;

	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	ck_assert_int_eq(xoev_codelist__check(cl, doc, "t.xml", d), 0);
	xoev_xml__free(doc);
	return d;
}

/* One code element in a small document. */
static char *one_code(const char *attrs, const char *code)
{
	char *s = xoev_util__printf("<t:m xmlns:t=\"urn:t\">\n  <t:c %s><code>%s</code></t:c>\n</t:m>\n", attrs,
	                            code);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* The rule of the only finding, or "" when there is none. Fails on more than one. */
static const char *only_rule(const xoev_diag_list *d)
{
	ck_assert_msg(xoev_diag_list_count(d) <= 1, "%zu findings, first: %s",
	              xoev_diag_list_count(d), xoev_diag_message(xoev_diag_list_get(d, 0)));
	return xoev_diag_list_count(d) ? xoev_diag_rule(xoev_diag_list_get(d, 0)) : "";
}

static void expect_one(const xoev_codelists *cl, const char *attrs, const char *code,
                       const char *rule)
{
	char *text = one_code(attrs, code);
	xoev_diag_list *d = check_text(cl, text);

	ck_assert_msg(strcmp(only_rule(d), rule) == 0, "%s <code>%s</code>: got '%s', want '%s'%s%s",
	              attrs, code, only_rule(d), rule, xoev_diag_list_count(d) ? ": " : "",
	              xoev_diag_list_count(d) ? xoev_diag_message(xoev_diag_list_get(d, 0)) : "");
	xoev_diag_list_free(d);
	free(text);
}

/* ------------------------------------------------------------------ */
/* genericode                                                          */
/* ------------------------------------------------------------------ */

/* Two keys: the annotated one wins over the first key (genericode/3 and /4). */
static void annotated_key(const char *annot, const char *marker)
{
	test_manifest t;
	xoev_codelists *cl;
	char cols[2048], *gc;
	const char *rows =
		"<Row><Value ColumnRef=\"nr\"><SimpleValue>1</SimpleValue></Value>"
		"<Value ColumnRef=\"schluessel\"><SimpleValue>A1</SimpleValue></Value></Row>"
		"<Row><Value ColumnRef=\"nr\"><SimpleValue>2</SimpleValue></Value>"
		"<Value ColumnRef=\"schluessel\"><SimpleValue>B2</SimpleValue></Value></Row>";

	snprintf(cols, sizeof cols,
	         "<Column Id=\"nr\" Use=\"required\"><Data Type=\"string\"/></Column>"
	         "<Column Id=\"schluessel\" Use=\"required\"><Data Type=\"string\"/></Column>"
	         "<Key Id=\"nrKey\"><ColumnRef Ref=\"nr\"/></Key>"
	         "<Key Id=\"sKey\"><Annotation><AppInfo><xoev-cl-%s:%s/></AppInfo></Annotation>"
	         "<ColumnRef Ref=\"schluessel\"/></Key>", annot, marker);
	gc = genericode(annot, "urn:t:a", "1", cols, rows);
	put_file("a.xml", gc);
	free(gc);
	tm_init(&t);
	tm_list(&t, "a.xml", "urn:t:a", "1");
	cl = load_ok(&t);
	ck_assert_uint_eq(xoev_codelist__count(cl), 1);
	expect_one(cl, "listURI=\"urn:t:a\" listVersionID=\"1\"", "B2", "");
	expect_one(cl, "listURI=\"urn:t:a\" listVersionID=\"1\"", "2", "codelist.unknown-code");
	xoev_codelist__free(cl);
}

START_TEST(genericode_annotation_v3)
{
	annotated_key("3", "empfohleneCodeSpalte");
}
END_TEST

START_TEST(genericode_annotation_v4)
{
	annotated_key("4", "recommendedKeyColumn");
}
END_TEST

/* No annotation: the first key; no key: the column "code"; neither: the list fails. */
START_TEST(key_column_fallbacks)
{
	test_manifest t;
	xoev_codelists *cl = NULL;
	xoev_diag_list *d = NULL;
	char *gc;
	const char *rows =
		"<Row><Value ColumnRef=\"x\"><SimpleValue>X1</SimpleValue></Value>"
		"<Value ColumnRef=\"code\"><SimpleValue>C1</SimpleValue></Value></Row>"
		/* a Value without ColumnRef belongs to the next column */
		"<Row><Value ColumnRef=\"x\"><SimpleValue>X2</SimpleValue></Value>"
		"<Value><SimpleValue>C2</SimpleValue></Value></Row>";

	gc = genericode(NULL, "urn:t:firstkey", "1",
	                "<Column Id=\"x\"/><Column Id=\"code\"/><Key Id=\"k\"><ColumnRef Ref=\"x\"/></Key>",
	                rows);
	put_file("k1.xml", gc);
	free(gc);
	gc = genericode(NULL, "urn:t:nokey", "1", "<Column Id=\"x\"/><Column Id=\"code\"/>", rows);
	put_file("k2.xml", gc);
	free(gc);
	tm_init(&t);
	tm_list(&t, "k1.xml", "urn:t:firstkey", "1");
	tm_list(&t, "k2.xml", "urn:t:nokey", "1");
	cl = load_ok(&t);
	expect_one(cl, "listURI=\"urn:t:firstkey\" listVersionID=\"1\"", "X2", "");
	expect_one(cl, "listURI=\"urn:t:firstkey\" listVersionID=\"1\"", "C1", "codelist.unknown-code");
	expect_one(cl, "listURI=\"urn:t:nokey\" listVersionID=\"1\"", "C2", "");
	expect_one(cl, "listURI=\"urn:t:nokey\" listVersionID=\"1\"", "X1", "codelist.unknown-code");
	xoev_codelist__free(cl);

	gc = genericode(NULL, "urn:t:nocode", "1", "<Column Id=\"x\"/><Column Id=\"y\"/>", rows);
	put_file("k3.xml", gc);
	free(gc);
	tm_list(&t, "k3.xml", "urn:t:nocode", "1");
	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	cl = (xoev_codelists *)&t; /* must be reset to NULL */
	ck_assert_int_eq(xoev_codelist__load(xoev_test_dir, &t.m, &cl, d), XOEV_EBUNDLE);
	ck_assert_ptr_null(cl);
	ck_assert(xoev_test_has_rule(d, "codelist.no-code-column"));
	ck_assert_int_eq(xoev_diag_layer(xoev_test_find_rule(d, "codelist.no-code-column")),
	                 XOEV_LAYER_BUNDLE);
	xoev_diag_list_free(d);
}
END_TEST

START_TEST(broken_lists_fail_the_load)
{
	test_manifest t;
	xoev_codelists *cl = NULL;
	xoev_diag_list *d = NULL;

	put_file("notgc.xml", "<CodeList xmlns=\"urn:other\"/>");
	put_file("noident.xml",
	         "<gc:CodeList xmlns:gc=\"http://docs.oasis-open.org/codelist/ns/genericode/1.0/\">"
	         "<Identification><ShortName>x</ShortName></Identification></gc:CodeList>");
	put_file("bad.xml", "<gc:CodeList");
	tm_init(&t);
	tm_list(&t, "notgc.xml", "urn:t:x", "1");
	tm_list(&t, "noident.xml", "urn:t:y", "1");
	tm_list(&t, "bad.xml", "urn:t:z", "1");
	tm_list(&t, "missing.xml", "urn:t:w", "1");
	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	ck_assert_int_eq(xoev_codelist__load(xoev_test_dir, &t.m, &cl, d), XOEV_EBUNDLE);
	ck_assert_ptr_null(cl);
	ck_assert(xoev_test_has_rule(d, "codelist.not-genericode"));
	ck_assert(xoev_test_has_rule(d, "codelist.unreadable"));
	xoev_diag_list_free(d);
}
END_TEST

/* The manifest names the list differently from the file: a warning, the file wins. */
START_TEST(manifest_mismatch)
{
	test_manifest t;
	xoev_codelists *cl = NULL;
	xoev_diag_list *d = NULL;
	const xoev_diag *f;

	put_list("l.xml", "urn:t:real", "2", "A|B");
	tm_init(&t);
	tm_list(&t, "l.xml", "urn:t:real", "1");
	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	ck_assert_int_eq(xoev_codelist__load(xoev_test_dir, &t.m, &cl, d), 0);
	ck_assert_uint_eq(xoev_diag_list_count(d), 1);
	f = xoev_diag_list_get(d, 0);
	ck_assert_str_eq(xoev_diag_rule(f), "codelist.manifest-mismatch");
	ck_assert_int_eq(xoev_diag_severity(f), XOEV_SEVERITY_WARNING);
	ck_assert_ptr_nonnull(strstr(xoev_diag_message(f), "version 1"));
	ck_assert_ptr_nonnull(strstr(xoev_diag_message(f), "version 2"));
	xoev_diag_list_free(d);
	expect_one(cl, "listURI=\"urn:t:real\" listVersionID=\"2\"", "A", "");
	expect_one(cl, "listURI=\"urn:t:real\" listVersionID=\"1\"", "A", "codelist.unknown-version");
	xoev_codelist__free(cl);
}
END_TEST

/* One URI in two versions: each version has its own codes. */
START_TEST(two_versions)
{
	test_manifest t;
	xoev_codelists *cl;
	xoev_diag_list *d;
	char *text;
	const char *msg;

	put_list("v1.xml", "urn:t:v", "1.0", "A|B");
	put_list("v2.xml", "urn:t:v", "2.0", "B|C");
	tm_init(&t);
	tm_list(&t, "v2.xml", "urn:t:v", "2.0");
	tm_list(&t, "v1.xml", "urn:t:v", "1.0");
	cl = load_ok(&t);
	ck_assert_uint_eq(xoev_codelist__count(cl), 2);
	expect_one(cl, "listURI=\"urn:t:v\" listVersionID=\"1.0\"", "A", "");
	expect_one(cl, "listURI=\"urn:t:v\" listVersionID=\"2.0\"", "C", "");
	expect_one(cl, "listURI=\"urn:t:v\" listVersionID=\"1.0\"", "C", "codelist.unknown-code");
	expect_one(cl, "listURI=\"urn:t:v\" listVersionID=\"2.0\"", "A", "codelist.unknown-code");
	/* no version: any loaded version will do */
	expect_one(cl, "listURI=\"urn:t:v\"", "A", "");
	expect_one(cl, "listURI=\"urn:t:v\"", "D", "codelist.unknown-code");

	text = one_code("listURI=\"urn:t:v\" listVersionID=\"3.0\"", "A");
	d = check_text(cl, text);
	ck_assert_str_eq(only_rule(d), "codelist.unknown-version");
	msg = xoev_diag_message(xoev_diag_list_get(d, 0));
	ck_assert_msg(strstr(msg, "'1.0'") && strstr(msg, "'2.0'") && strstr(msg, "'3.0'") &&
	              strstr(msg, "urn:t:v"), "message: %s", msg);
	ck_assert_int_eq(xoev_diag_severity(xoev_diag_list_get(d, 0)), XOEV_SEVERITY_ERROR);
	ck_assert_int_eq(xoev_diag_layer(xoev_diag_list_get(d, 0)), XOEV_LAYER_CODELIST);
	xoev_diag_list_free(d);
	free(text);
	xoev_codelist__free(cl);
}
END_TEST

START_TEST(token_normalisation)
{
	test_manifest t;
	xoev_codelists *cl;
	char *gc;

	gc = genericode("4", "urn:t:ws", "1", std_columns,
	                "<Row><Value ColumnRef=\"code\"><SimpleValue>\n  B\t C \n</SimpleValue></Value></Row>"
	                "<Row><Value ColumnRef=\"code\"><SimpleValue>D</SimpleValue></Value></Row>");
	put_file("ws.xml", gc);
	free(gc);
	tm_init(&t);
	tm_list(&t, "ws.xml", "urn:t:ws", "1");
	cl = load_ok(&t);
	expect_one(cl, "listURI=\" urn:t:ws \" listVersionID=\"1\"", "B C", "");
	expect_one(cl, "listURI=\"urn:t:ws\" listVersionID=\"1\"", "  B \n\t  C  ", "");
	expect_one(cl, "listURI=\"urn:t:ws\" listVersionID=\"1\"", "\n D\n", "");
	expect_one(cl, "listURI=\"urn:t:ws\" listVersionID=\"1\"", "BC", "codelist.unknown-code");
	expect_one(cl, "listURI=\"urn:t:ws\" listVersionID=\"1\"", "d", "codelist.unknown-code");
	xoev_codelist__free(cl);
}
END_TEST

/* The message names the list, the version and up to five allowed values. */
START_TEST(message_names_allowed_values)
{
	test_manifest t;
	xoev_codelists *cl;
	xoev_diag_list *d;
	const xoev_diag *f;
	char *text;
	const char *msg;

	put_list("seven.xml", "urn:t:seven", "1", "01|02|03|04|05|06|07");
	put_list("three.xml", "urn:t:three", "1", "x|y|z");
	tm_init(&t);
	tm_list(&t, "seven.xml", "urn:t:seven", "1");
	tm_list(&t, "three.xml", "urn:t:three", "1");
	cl = load_ok(&t);

	text = one_code("listURI=\"urn:t:seven\" listVersionID=\"1\"", "99");
	d = check_text(cl, text);
	ck_assert_str_eq(only_rule(d), "codelist.unknown-code");
	f = xoev_diag_list_get(d, 0);
	msg = xoev_diag_message(f);
	ck_assert_msg(strstr(msg, "'99'") && strstr(msg, "urn:t:seven") && strstr(msg, "'1'") &&
	              strstr(msg, "'01' (Text 01)") && strstr(msg, "'05'") && !strstr(msg, "'06'") &&
	              strstr(msg, ", ...") && strstr(msg, "7 allowed values"), "message: %s", msg);
	ck_assert_int_eq(xoev_diag_severity(f), XOEV_SEVERITY_ERROR);
	ck_assert_int_eq(xoev_diag_layer(f), XOEV_LAYER_CODELIST);
	ck_assert_uint_eq(xoev_diag_line(f), 2);
	ck_assert_uint_eq(xoev_diag_column(f), 3);
	ck_assert_str_eq(xoev_diag_file(f), "t.xml");
	ck_assert_str_eq(xoev_diag_xpath(f), "/t:m/t:c[1]");
	xoev_diag_list_free(d);
	free(text);

	text = one_code("listURI=\"urn:t:three\" listVersionID=\"1\"", "w");
	d = check_text(cl, text);
	msg = xoev_diag_message(xoev_diag_list_get(d, 0));
	ck_assert_msg(strstr(msg, "'x'") && strstr(msg, "'z'") && !strstr(msg, "..."),
	              "message: %s", msg);
	xoev_diag_list_free(d);
	free(text);
	xoev_codelist__free(cl);
}
END_TEST

/* Unknown and empty lists; elements that are not codes are ignored. */
START_TEST(unknown_lists_and_non_codes)
{
	test_manifest t;
	xoev_codelists *cl;
	xoev_diag_list *d;

	put_list("l.xml", "urn:t:l", "1", "A");
	tm_init(&t);
	tm_list(&t, "l.xml", "urn:t:l", "1");
	cl = load_ok(&t);
	expect_one(cl, "listURI=\"urn:t:other\" listVersionID=\"1\"", "A", "codelist.unknown-list");
	expect_one(cl, "listURI=\"\" listVersionID=\"\"", "A", "codelist.unknown-list");
	expect_one(cl, "listVersionID=\"1\"", "A", "codelist.unknown-list");
	expect_one(cl, "", "Z", ""); /* no list attributes: not a code */
	/* a qualified `code` child does not make a code element */
	d = check_text(cl, "<m xmlns:q=\"urn:q\"><c listURI=\"urn:t:x\"><q:code>Z</q:code></c>"
	                   "<c listURI=\"urn:t:l\" listVersionID=\"1\"><code>A</code></c></m>");
	ck_assert_uint_eq(xoev_diag_list_count(d), 0);
	xoev_diag_list_free(d);
	/* nested codes and the order of findings */
	d = check_text(cl, "<m><c listURI=\"urn:t:l\" listVersionID=\"1\"><code>B</code>"
	                   "<c listURI=\"urn:t:l\" listVersionID=\"1\"><code>C</code></c></c>"
	                   "<c listURI=\"urn:t:l\" listVersionID=\"2\"><code>A</code></c></m>");
	ck_assert_uint_eq(xoev_diag_list_count(d), 3);
	ck_assert_str_eq(xoev_diag_rule(xoev_diag_list_get(d, 0)), "codelist.unknown-code");
	ck_assert_str_eq(xoev_diag_xpath(xoev_diag_list_get(d, 1)), "/m/c[1]/c[1]");
	ck_assert_str_eq(xoev_diag_rule(xoev_diag_list_get(d, 2)), "codelist.unknown-version");
	xoev_diag_list_free(d);
	xoev_codelist__free(cl);
}
END_TEST

/* ------------------------------------------------------------------ */
/* code types from an XSD                                              */
/* ------------------------------------------------------------------ */

static const char base_xsd[] =
	"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:libxoev:schema:code:1.0\""
	" elementFormDefault=\"qualified\">"
	"<xs:complexType name=\"Code\"><xs:sequence>"
	"<xs:element name=\"code\" type=\"xs:token\" form=\"unqualified\"/>"
	"<xs:element name=\"name\" type=\"xs:normalizedString\" form=\"unqualified\" minOccurs=\"0\"/>"
	"</xs:sequence>"
	"<xs:attribute name=\"listURI\" type=\"xs:anyURI\"/>"
	"<xs:attribute name=\"listVersionID\" type=\"xs:normalizedString\"/>"
	"</xs:complexType></xs:schema>";

#define RESTRICT(name, code_el, uri_attr, ver_attr) \
	"<xs:complexType name=\"" name "\"><xs:complexContent><xs:restriction base=\"c:Code\">" \
	"<xs:sequence>" code_el "</xs:sequence>" uri_attr ver_attr \
	"</xs:restriction></xs:complexContent></xs:complexType>"
#define TOKEN_CODE "<xs:element name=\"code\" type=\"xs:token\" form=\"unqualified\"/>"
#define FIXED_URI(u) "<xs:attribute name=\"listURI\" type=\"xs:anyURI\" fixed=\"" u "\"/>"
#define FIXED_VER(v) "<xs:attribute name=\"listVersionID\" type=\"xs:normalizedString\" fixed=\"" v "\"/>"
#define REQ_URI "<xs:attribute name=\"listURI\" type=\"xs:anyURI\" use=\"required\"/>"
#define REQ_VER "<xs:attribute name=\"listVersionID\" type=\"xs:normalizedString\" use=\"required\"/>"

static const char types_xsd[] =
	"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:c=\"urn:libxoev:schema:code:1.0\""
	" xmlns:t=\"urn:t\" targetNamespace=\"urn:t\" elementFormDefault=\"qualified\">"
	"<xs:import namespace=\"urn:libxoev:schema:code:1.0\" schemaLocation=\"code.xsd\"/>"
	/* type 1: inline enumeration */
	RESTRICT("T1", "<xs:element name=\"code\" form=\"unqualified\"><xs:simpleType>"
	         "<xs:restriction base=\"xs:token\"><xs:enumeration value=\"A\"/><xs:enumeration value=\"B\"/>"
	         "</xs:restriction></xs:simpleType></xs:element>",
	         FIXED_URI("urn:t:one"), FIXED_VER("1"))
	/* type 1: a named simple type (two levels) that enumerates */
	"<xs:simpleType name=\"Werte\"><xs:restriction base=\"xs:token\"><xs:enumeration value=\"A\"/>"
	"</xs:restriction></xs:simpleType>"
	"<xs:simpleType name=\"Werte2\"><xs:restriction base=\"t:Werte\"/></xs:simpleType>"
	RESTRICT("T1n", "<xs:element name=\"code\" type=\"t:Werte2\" form=\"unqualified\"/>",
	         FIXED_URI("urn:t:onenamed"), FIXED_VER("1"))
	/* type 2 */
	RESTRICT("T2", TOKEN_CODE, FIXED_URI("urn:t:two"), FIXED_VER("1.0"))
	/* type 3 */
	RESTRICT("T3", TOKEN_CODE, FIXED_URI("urn:t:three"), REQ_VER)
	/* type 4 */
	RESTRICT("T4", TOKEN_CODE, REQ_URI, REQ_VER)
	/* type 2 whose list is not shipped, and an extension of it */
	RESTRICT("T2b", TOKEN_CODE, FIXED_URI("urn:t:twob"), FIXED_VER("1"))
	"<xs:complexType name=\"T2x\"><xs:complexContent><xs:extension base=\"t:T2b\">"
	"<xs:attribute name=\"extra\" type=\"xs:string\"/></xs:extension></xs:complexContent></xs:complexType>"
	/* the root, with an anonymous type 3 (not shipped) */
	"<xs:element name=\"m\"><xs:complexType><xs:sequence>"
	"<xs:element name=\"t1\" type=\"t:T1\" minOccurs=\"0\"/>"
	"<xs:element name=\"t1n\" type=\"t:T1n\" minOccurs=\"0\"/>"
	"<xs:element name=\"t2\" type=\"t:T2\" minOccurs=\"0\" maxOccurs=\"unbounded\"/>"
	"<xs:element name=\"t3\" type=\"t:T3\" minOccurs=\"0\" maxOccurs=\"unbounded\"/>"
	"<xs:element name=\"t4\" type=\"t:T4\" minOccurs=\"0\" maxOccurs=\"unbounded\"/>"
	"<xs:element name=\"t2x\" type=\"t:T2x\" minOccurs=\"0\"/>"
	"<xs:element name=\"anon\" minOccurs=\"0\"><xs:complexType><xs:complexContent>"
	"<xs:restriction base=\"c:Code\"><xs:sequence>" TOKEN_CODE "</xs:sequence>"
	FIXED_URI("urn:t:anon") REQ_VER "</xs:restriction></xs:complexContent></xs:complexType></xs:element>"
	"</xs:sequence></xs:complexType></xs:element>"
	"</xs:schema>";

static xoev_codelists *types_bundle(void)
{
	static test_manifest t;

	put_file("xsd/code.xsd", base_xsd);
	put_file("xsd/t.xsd", types_xsd);
	put_list("cl/one.xml", "urn:t:one", "1", "X");   /* shipped, yet type 1: never consulted */
	put_list("cl/two.xml", "urn:t:two", "1.0", "X|Y");
	put_list("cl/three1.xml", "urn:t:three", "1", "P");
	put_list("cl/three2.xml", "urn:t:three", "2", "P|Q");
	tm_init(&t);
	tm_schema(&t, "xsd/t.xsd");
	tm_schema(&t, "xsd/code.xsd");
	tm_list(&t, "cl/one.xml", "urn:t:one", "1");
	tm_list(&t, "cl/two.xml", "urn:t:two", "1.0");
	tm_list(&t, "cl/three1.xml", "urn:t:three", "1");
	tm_list(&t, "cl/three2.xml", "urn:t:three", "2");
	return load_ok(&t);
}

START_TEST(types_from_xsd)
{
	xoev_codelists *cl = types_bundle();

	ck_assert_uint_eq(xoev_codelist__count(cl), 4);
	/* type 1: skipped whatever the value (the XSD enumeration checks it) */
	expect_one(cl, "listURI=\"urn:t:one\" listVersionID=\"1\"", "Z", "");
	expect_one(cl, "listURI=\"urn:t:onenamed\" listVersionID=\"1\"", "Z", "");
	/* type 2 */
	expect_one(cl, "listURI=\"urn:t:two\" listVersionID=\"1.0\"", "Y", "");
	expect_one(cl, "listURI=\"urn:t:two\" listVersionID=\"1.0\"", "Z", "codelist.unknown-code");
	/* type 3 */
	expect_one(cl, "listURI=\"urn:t:three\" listVersionID=\"2\"", "Q", "");
	expect_one(cl, "listURI=\"urn:t:three\" listVersionID=\"1\"", "Q", "codelist.unknown-code");
	expect_one(cl, "listURI=\"urn:t:three\" listVersionID=\"9\"", "P", "codelist.unknown-version");
	/* type 2/3 fixed by the XSD but not shipped (also through an extension, and anonymous) */
	expect_one(cl, "listURI=\"urn:t:twob\" listVersionID=\"1\"", "Z", "codelist.unavailable");
	expect_one(cl, "listURI=\"urn:t:anon\" listVersionID=\"1\"", "Z", "codelist.unavailable");
	/* type 4: the sender picks; a list nobody mentions is an error */
	expect_one(cl, "listURI=\"urn:t:elsewhere\" listVersionID=\"1\"", "Z", "codelist.unknown-list");
	expect_one(cl, "listURI=\"urn:t:two\" listVersionID=\"1.0\"", "X", "");
	xoev_codelist__free(cl);
}
END_TEST

/* The severity of codelist.unavailable, and the pipeline order: XSD (filling fixed attributes) first. */
START_TEST(types_after_xsd_validation)
{
	xoev_codelists *cl = types_bundle();
	const char *text =
		"<t:m xmlns:t=\"urn:t\">\n"
		"<t:t1><code>A</code></t:t1>\n"
		"<t:t1n><code>A</code></t:t1n>\n"
		"<t:t2><code>Y</code></t:t2>\n"
		"<t:t2><code>Z</code></t:t2>\n"
		"<t:t3 listVersionID=\"2\"><code>Q</code></t:t3>\n"
		"<t:t3 listVersionID=\"1\"><code>  Q </code></t:t3>\n"
		"<t:t4 listURI=\"urn:t:three\" listVersionID=\"1\"><code>P</code></t:t4>\n"
		"<t:t4 listURI=\"urn:t:zzz\" listVersionID=\"1\"><code>P</code></t:t4>\n"
		"<t:t2x><code>P</code></t:t2x>\n"
		"<t:anon listVersionID=\"1\"><code>P</code></t:anon>\n"
		"</t:m>\n";
	xoev_xdoc *doc = parse_text(text);
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr schema;
	xmlSchemaValidCtxtPtr vc;
	xoev_diag_list *d = NULL;
	char *path = xoev_io__join(xoev_test_dir, "xsd/t.xsd");

	pc = xmlSchemaNewParserCtxt(path);
	schema = xmlSchemaParse(pc);
	ck_assert_ptr_nonnull(schema);
	vc = xmlSchemaNewValidCtxt(schema);
	xmlSchemaSetValidOptions(vc, XML_SCHEMA_VAL_VC_I_CREATE);
	ck_assert_int_eq(xmlSchemaValidateDoc(vc, xoev_xml__doc(doc)), 0);
	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	ck_assert_int_eq(xoev_codelist__check(cl, doc, "t.xml", d), 0);
	ck_assert_uint_eq(xoev_diag_list_count(d), 5);
	ck_assert_str_eq(xoev_diag_rule(xoev_diag_list_get(d, 0)), "codelist.unknown-code");
	ck_assert_uint_eq(xoev_diag_line(xoev_diag_list_get(d, 0)), 5);
	ck_assert_str_eq(xoev_diag_rule(xoev_diag_list_get(d, 1)), "codelist.unknown-code");
	ck_assert_uint_eq(xoev_diag_line(xoev_diag_list_get(d, 1)), 7);
	ck_assert_str_eq(xoev_diag_rule(xoev_diag_list_get(d, 2)), "codelist.unknown-list");
	ck_assert_uint_eq(xoev_diag_line(xoev_diag_list_get(d, 2)), 9);
	ck_assert_str_eq(xoev_diag_rule(xoev_diag_list_get(d, 3)), "codelist.unavailable");
	ck_assert_int_eq(xoev_diag_severity(xoev_diag_list_get(d, 3)), XOEV_SEVERITY_WARNING);
	ck_assert_uint_eq(xoev_diag_line(xoev_diag_list_get(d, 3)), 10);
	ck_assert_str_eq(xoev_diag_xpath(xoev_diag_list_get(d, 3)), "/t:m/t:t2x[1]");
	ck_assert_str_eq(xoev_diag_rule(xoev_diag_list_get(d, 4)), "codelist.unavailable");
	xoev_diag_list_free(d);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	xoev_xml__free(doc);
	free(path);
	xoev_codelist__free(cl);
}
END_TEST

/* A list of n rows with codes (i * 7919) % 100000, i < n. */
static void put_numbered_list(const char *file, const char *uri, unsigned n)
{
	xoev_buf rows = { 0 };
	char *gc, *rows_s;
	unsigned i;

	for (i = 0; i < n; i++)
		xoev_buf__printf(&rows, "<Row><Value ColumnRef=\"code\"><SimpleValue>%05u</SimpleValue></Value>"
		                 "<Value ColumnRef=\"beschreibung\"><SimpleValue>Eintrag %u</SimpleValue></Value></Row>",
		                 (i * 7919u) % 100000u, i);
	rows_s = xoev_buf__take(&rows, NULL);
	ck_assert_ptr_nonnull(rows_s);
	gc = genericode("4", uri, "1", std_columns, rows_s);
	put_file(file, gc);
	free(gc);
	free(rows_s);
}

/* A document of count codes of list uri: code i is row (i % rows) of put_numbered_list, or a miss. */
static xoev_xdoc *numbered_doc(const char *uri, unsigned count, unsigned rows, unsigned misses)
{
	xoev_buf doc = { 0 };
	xoev_xdoc *x;
	char *doc_s;
	unsigned i;

	xoev_buf__puts(&doc, "<m>");
	for (i = 0; i < count; i++)
		xoev_buf__printf(&doc, "<c listURI=\"%s\" listVersionID=\"1\"><code>%05u</code></c>", uri,
		                 i < misses ? 100000u + i : ((i % rows) * 7919u) % 100000u);
	xoev_buf__puts(&doc, "</m>");
	doc_s = xoev_buf__take(&doc, NULL);
	ck_assert_ptr_nonnull(doc_s);
	x = parse_text(doc_s);
	free(doc_s);
	return x;
}

static double timed_check(const xoev_codelists *cl, const xoev_xdoc *x, size_t want_findings)
{
	xoev_diag_list *d = NULL;
	clock_t t0;
	double secs;

	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	t0 = clock();
	ck_assert_int_eq(xoev_codelist__check(cl, x, "big.xml", d), 0);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	ck_assert_uint_eq(xoev_diag_list_count(d), want_findings);
	if (want_findings)
		ck_assert_ptr_nonnull(strstr(xoev_diag_message(xoev_diag_list_get(d, 0)),
		                             "5000 allowed values"));
	xoev_diag_list_free(d);
	return secs;
}

/*
 * A 5000-row list: every row is found, misses are reported, and a lookup
 * does not grow with the list (binary search): 20000 lookups in the
 * 5000-row list take about as long as in a 50-row list (a linear scan
 * would be about 100 times slower). Relative, so it holds under valgrind.
 */
START_TEST(large_list_lookup)
{
	test_manifest t;
	xoev_codelists *cl;
	xoev_xdoc *x;
	double big, small;

	put_numbered_list("big.xml", "urn:t:big", 5000);
	put_numbered_list("small.xml", "urn:t:small", 50);
	tm_init(&t);
	tm_list(&t, "big.xml", "urn:t:big", "1");
	tm_list(&t, "small.xml", "urn:t:small", "1");
	cl = load_ok(&t);

	x = numbered_doc("urn:t:big", 5100, 5000, 100);
	timed_check(cl, x, 100);
	xoev_xml__free(x);

	x = numbered_doc("urn:t:big", 20000, 5000, 0);
	big = timed_check(cl, x, 0);
	xoev_xml__free(x);
	x = numbered_doc("urn:t:small", 20000, 50, 0);
	small = timed_check(cl, x, 0);
	xoev_xml__free(x);
	ck_assert_msg(big < 5 * small + 0.05, "20000 lookups: %.3f s in 5000 rows, %.3f s in 50 rows",
	              big, small);
	xoev_codelist__free(cl);
}
END_TEST

/* The streaming entry point: same rules, the caller's location, no listURI: skipped. */
START_TEST(check_one_code)
{
	xoev_codelists *cl = types_bundle();
	xoev_diag_list *d = NULL;
	const xoev_diag *f;

	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	ck_assert_int_eq(xoev_codelist__check_code(cl, "urn:t:two", "1.0", "Y", "s.xml", 3, 4, "/a/b", d), 0);
	ck_assert_int_eq(xoev_codelist__check_code(cl, NULL, "1.0", "Z", "s.xml", 3, 4, "/a/b", d), 0);
	ck_assert_int_eq(xoev_codelist__check_code(cl, "urn:t:one", "1", "Z", "s.xml", 3, 4, "/a/b", d), 0);
	ck_assert_uint_eq(xoev_diag_list_count(d), 0);
	ck_assert_int_eq(xoev_codelist__check_code(cl, " urn:t:two ", "1.0", " Z ", "s.xml", 7, 9,
	                                           "/a/c[2]", d), 0);
	ck_assert_int_eq(xoev_codelist__check_code(cl, "urn:t:three", NULL, "Z", NULL, 0, 0, NULL, d), 0);
	ck_assert_int_eq(xoev_codelist__check_code(cl, "urn:t:twob", "1", "Z", "s.xml", 1, 1, "/x", d), 0);
	ck_assert_int_eq(xoev_codelist__check_code(cl, "", "", "Z", "s.xml", 1, 1, "/x", d), 0);
	ck_assert_uint_eq(xoev_diag_list_count(d), 4);
	f = xoev_diag_list_get(d, 0);
	ck_assert_str_eq(xoev_diag_rule(f), "codelist.unknown-code");
	ck_assert_str_eq(xoev_diag_file(f), "s.xml");
	ck_assert_uint_eq(xoev_diag_line(f), 7);
	ck_assert_uint_eq(xoev_diag_column(f), 9);
	ck_assert_str_eq(xoev_diag_xpath(f), "/a/c[2]");
	ck_assert_ptr_nonnull(strstr(xoev_diag_message(f), "'Z'"));
	ck_assert_str_eq(xoev_diag_rule(xoev_diag_list_get(d, 1)), "codelist.unknown-code");
	ck_assert_ptr_null(xoev_diag_xpath(xoev_diag_list_get(d, 1)));
	ck_assert_str_eq(xoev_diag_rule(xoev_diag_list_get(d, 2)), "codelist.unavailable");
	ck_assert_str_eq(xoev_diag_rule(xoev_diag_list_get(d, 3)), "codelist.unknown-list");
	ck_assert_int_eq(xoev_codelist__check_code(NULL, "u", "v", "c", NULL, 0, 0, NULL, d), XOEV_EINVAL);
	xoev_diag_list_free(d);
	xoev_codelist__free(cl);
}
END_TEST

START_TEST(null_arguments)
{
	xoev_codelists *cl = NULL;
	test_manifest t;

	tm_init(&t);
	ck_assert_int_eq(xoev_codelist__load(NULL, &t.m, &cl, NULL), XOEV_EINVAL);
	ck_assert_int_eq(xoev_codelist__load("x", NULL, &cl, NULL), XOEV_EINVAL);
	ck_assert_int_eq(xoev_codelist__load("x", &t.m, NULL, NULL), XOEV_EINVAL);
	ck_assert_int_eq(xoev_codelist__check(NULL, NULL, NULL, NULL), XOEV_EINVAL);
	ck_assert_uint_eq(xoev_codelist__count(NULL), 0);
	xoev_codelist__free(NULL);
	/* an empty bundle loads */
	ck_assert_int_eq(xoev_codelist__load(xoev_test_dir, &t.m, &cl, NULL), 0);
	ck_assert_uint_eq(xoev_codelist__count(cl), 0);
	expect_one(cl, "listURI=\"urn:x\" listVersionID=\"1\"", "A", "codelist.unknown-list");
	xoev_codelist__free(cl);
}
END_TEST

/* ------------------------------------------------------------------ */
/* XSD validation with defaults/fixed values filled in                */
/* ------------------------------------------------------------------ */

static void ignore_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

/* Validate doc against schema, creating fixed/default attributes; returns xmlSchemaValidateDoc's result. */
static int xsd_fill(xmlSchemaPtr schema, xoev_xdoc *doc)
{
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	int rc;

	ck_assert_ptr_nonnull(vc);
	xmlSchemaSetValidStructuredErrors(vc, ignore_error, NULL);
	xmlSchemaSetValidOptions(vc, XML_SCHEMA_VAL_VC_I_CREATE);
	rc = xmlSchemaValidateDoc(vc, xoev_xml__doc(doc));
	xmlSchemaFreeValidCtxt(vc);
	return rc;
}

static xoev_xdoc *parse_file(const char *path)
{
	size_t len = 0;
	char *text = xoev_test_read_file(path, &len);
	xoev_xdoc *doc = NULL;
	xoev_diag_list *d = NULL;

	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	ck_assert_msg(xoev_xml__parse(text, len, path, NULL, d, &doc) == 0, "%s does not parse", path);
	xoev_diag_list_free(d);
	free(text);
	return doc;
}

static xoev_codelists *load_bundle(const char *dir)
{
	xoev_manifest m;
	xoev_diag_list *d = NULL;
	xoev_codelists *cl = NULL;
	char *path = xoev_io__join(dir, XOEV_MANIFEST_NAME);
	int rc;

	memset(&m, 0, sizeof m);
	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	ck_assert_int_eq(xoev_manifest__read(path, &m, d), 0);
	rc = xoev_codelist__load(dir, &m, &cl, d);
	ck_assert_msg(rc == 0, "%s: %s; first finding: %s", dir, xoev_strerror(rc),
	              xoev_diag_list_count(d) ? xoev_diag_message(xoev_diag_list_get(d, 0)) : "-");
	ck_assert_msg(xoev_diag_list_count(d) == 0, "%s: %s", dir,
	              xoev_diag_message(xoev_diag_list_get(d, 0)));
	ck_assert_uint_eq(xoev_codelist__count(cl), m.codelist_count);
	xoev_manifest__free(&m);
	xoev_diag_list_free(d);
	free(path);
	return cl;
}

/* ------------------------------------------------------------------ */
/* golden examples of the project's bundles                            */
/* ------------------------------------------------------------------ */

static char *expectation_of(const char *path)
{
	char *text = xoev_test_read_file(path, NULL), *p, *q, *rule = NULL;

	ck_assert_ptr_nonnull(text);
	p = strstr(text, "<?xoev-expect");
	ck_assert_msg(p != NULL, "%s has no xoev-expect", path);
	q = strstr(p, "?>");
	ck_assert_ptr_nonnull(q);
	*q = '\0';
	p = strstr(p, "rule=\"");
	if (p) {
		p += 6;
		q = strchr(p, '"');
		ck_assert_ptr_nonnull(q);
		rule = strndup(p, (size_t)(q - p));
	}
	free(text);
	return rule;
}

static void golden_bundle(const xoev_registry *reg, const char *std, const char *ver,
                          unsigned *examples, unsigned *expected_hits)
{
	char dir[4096], pattern[4200];
	const xoev_bundle *b = NULL;
	xmlSchemaPtr schema;
	xoev_codelists *cl;
	glob_t g;
	size_t i, k;

	snprintf(dir, sizeof dir, "%s/schemas/%s/%s", XOEV_SRCDIR, std, ver);
	ck_assert_int_eq(xoev_registry_find(reg, std, ver, &b), 0);
	ck_assert_int_eq(xoev_bundle_compile(b, NULL), 0);
	schema = xoev_bundle__schema(b, NULL);
	ck_assert_ptr_nonnull(schema);
	cl = load_bundle(dir);
	snprintf(pattern, sizeof pattern, "%s/examples/*/*.xml", dir);
	ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *path = g.gl_pathv[i];
		char *rule = expectation_of(path);
		xoev_xdoc *doc = parse_file(path);
		xoev_diag_list *d = NULL;
		int valid_example = strstr(path, "/examples/valid/") != NULL;
		int xsd_rc = xsd_fill(schema, doc);
		int wants_cl = rule && strncmp(rule, "codelist.", 9) == 0;
		int hit = 0;

		ck_assert_msg(valid_example == (rule == NULL), "%s: expectation and directory disagree", path);
		if (!rule || wants_cl)
			ck_assert_msg(xsd_rc == 0, "%s: not XSD-valid, but expects %s", path,
			              rule ? rule : "valid");
		ck_assert_int_eq(xoev_diag_list_new(&d), 0);
		ck_assert_int_eq(xoev_codelist__check(cl, doc, path, d), 0);
		for (k = 0; k < xoev_diag_list_count(d); k++) {
			const xoev_diag *f = xoev_diag_list_get(d, k);
			const char *r = xoev_diag_rule(f);

			ck_assert_int_eq(xoev_diag_layer(f), XOEV_LAYER_CODELIST);
			ck_assert_msg(xoev_diag_line(f) > 0 && xoev_diag_xpath(f), "%s: unlocated finding", path);
			if (wants_cl && strcmp(r, rule) == 0) {
				hit = 1;
				continue;
			}
			if (rule && strcmp(rule, "xsd.enumeration") == 0 &&
			    strcmp(r, "codelist.unknown-code") == 0)
				continue;
			ck_abort_msg("%s (expects %s): unexpected %s at line %lu: %s", path,
			             rule ? rule : "valid", r, xoev_diag_line(f), xoev_diag_message(f));
		}
		if (wants_cl) {
			ck_assert_msg(hit, "%s: expected %s, not found", path, rule);
			(*expected_hits)++;
		}
		(*examples)++;
		xoev_diag_list_free(d);
		xoev_xml__free(doc);
		free(rule);
	}
	globfree(&g);
	xoev_codelist__free(cl);
}

START_TEST(golden_examples)
{
	xoev_registry *reg = xoev_test_project_registry();
	unsigned examples = 0, hits = 0;
	glob_t g;
	size_t i;

	ck_assert_int_eq(glob(XOEV_SRCDIR "/schemas/*/*/" XOEV_MANIFEST_NAME, 0, NULL, &g), 0);
	ck_assert_uint_ge(g.gl_pathc, 5);
	for (i = 0; i < g.gl_pathc; i++) {
		char std[64], ver[64];
		const char *p = g.gl_pathv[i] + strlen(XOEV_SRCDIR "/schemas/");

		ck_assert_int_eq(sscanf(p, "%63[^/]/%63[^/]/", std, ver), 2);
		golden_bundle(reg, std, ver, &examples, &hits);
	}
	globfree(&g);
	/* every bundle's examples ran, and the code-list expectations were met */
	ck_assert_uint_ge(examples, 250);
	ck_assert_uint_ge(hits, 61);
	xoev_registry_free(reg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* real data: xdomea 2.4.0 and 3.0.0                                   */
/* ------------------------------------------------------------------ */

static char *import_xdomea(const char *corpus, const char *version)
{
	xoev_import_options io = XOEV_IMPORT_OPTIONS_INIT;
	char src[4096], cat[4096], *dest;
	int rc;

	snprintf(src, sizeof src, "%s/xdomea/%s", corpus, version);
	snprintf(cat, sizeof cat, "%s/catalog.xml", corpus);
	dest = xoev_util__printf("%s/xdomea-%s", xoev_test_dir, version);
	ck_assert_ptr_nonnull(dest);
	io.standard = "xdomea";
	io.standard_version = version;
	io.catalog = cat;
	rc = xoev_bundle_import(src, dest, &io, NULL);
	ck_assert_msg(rc == 0, "import of xdomea %s: %s", version, xoev_strerror(rc));
	return dest;
}

static void register_all_ns(xmlXPathContextPtr ctx, xmlNodePtr n)
{
	for (; n; n = n->next) {
		xmlNsPtr ns;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (ns = n->nsDef; ns; ns = ns->next)
			if (ns->prefix)
				xmlXPathRegisterNs(ctx, ns->prefix, ns->href);
		register_all_ns(ctx, n->children);
	}
}

/* "attr" value of the element at xpath, quoted ('' when empty, - when absent). */
static void quoted_attr(xoev_buf *b, xmlNodePtr el, const char *name)
{
	xmlChar *v = xmlHasNsProp(el, (const xmlChar *)name, NULL) ? xmlGetNoNsProp(el, (const xmlChar *)name) : NULL;

	if (!v) {
		xoev_buf__puts(b, " -");
		return;
	}
	xoev_buf__printf(b, " '%s'", (const char *)v);
	xmlFree(v);
}

/* One line per finding: "<file> <line> <rule> '<listURI>' '<listVersionID>' '<code>'". */
static void describe_findings(xoev_buf *out, const char *base, xoev_xdoc *doc,
                              const xoev_diag_list *d)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(xoev_xml__doc(doc));
	size_t k;

	ck_assert_ptr_nonnull(ctx);
	register_all_ns(ctx, xmlDocGetRootElement(xoev_xml__doc(doc)));
	for (k = 0; k < xoev_diag_list_count(d); k++) {
		const xoev_diag *f = xoev_diag_list_get(d, k);
		xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)xoev_diag_xpath(f), ctx);
		xmlNodePtr el, c;
		xmlChar *code = NULL;

		ck_assert_msg(o && o->nodesetval && o->nodesetval->nodeNr == 1, "xpath %s",
		              xoev_diag_xpath(f));
		el = o->nodesetval->nodeTab[0];
		for (c = el->children; c && !code; c = c->next)
			if (c->type == XML_ELEMENT_NODE && !c->ns && xmlStrEqual(c->name, (const xmlChar *)"code"))
				code = xmlNodeGetContent(c);
		xoev_buf__printf(out, "%s %lu %s", base, xoev_diag_line(f), xoev_diag_rule(f));
		quoted_attr(out, el, "listURI");
		quoted_attr(out, el, "listVersionID");
		xoev_buf__printf(out, " '%s'\n", code ? (const char *)code : "");
		xmlFree(code);
		xmlXPathFreeObject(o);
	}
	xmlXPathFreeContext(ctx);
}

/* The expected lines of the data file (comments and blank lines dropped). */
static char *expected_lines(void)
{
	char *text = xoev_test_read_file(XOEV_SRCDIR "/tests/data/xdomea-codelist-expected.txt", NULL);
	xoev_buf b = { 0 };
	char *line, *save = NULL;

	ck_assert_ptr_nonnull(text);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (*line == '#' || *line == '\0')
			continue;
		xoev_buf__printf(&b, "%s\n", line);
	}
	free(text);
	line = xoev_buf__take(&b, NULL);
	ck_assert_ptr_nonnull(line);
	return line;
}

START_TEST(xdomea_samples_match_manual_check)
{
	static const char *const versions[] = { "2.4.0", "3.0.0" };
	const char *corpus = xoev_test_corpus("xdomea_samples_match_manual_check");
	xoev_buf got = { 0 };
	char *dirs[2], *got_s, *want;
	xoev_registry_options o = XOEV_REGISTRY_OPTIONS_INIT;
	xoev_registry *reg = NULL;
	size_t v, i, samples = 0;

	if (!corpus)
		return;
	for (v = 0; v < 2; v++)
		dirs[v] = import_xdomea(corpus, versions[v]);
	o.paths = (const char *const *)dirs;
	o.path_count = 2;
	o.flags = XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT;
	ck_assert_int_eq(xoev_registry_open(&reg, &o, NULL), 0);
	for (v = 0; v < 2; v++) {
		const xoev_bundle *b = NULL;
		xmlSchemaPtr schema;
		xoev_codelists *cl = load_bundle(dirs[v]);
		char pattern[4200];
		glob_t g;

		ck_assert_uint_ge(xoev_codelist__count(cl), 40);
		ck_assert_int_eq(xoev_registry_find(reg, "xdomea", versions[v], &b), 0);
		schema = xoev_bundle__schema(b, NULL);
		ck_assert_ptr_nonnull(schema);
		snprintf(pattern, sizeof pattern, "%s/xdomea/%s/samples/*.xml", corpus, versions[v]);
		ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
		for (i = 0; i < g.gl_pathc; i++) {
			xoev_xdoc *doc = parse_file(g.gl_pathv[i]);
			xoev_diag_list *d = NULL;
			const char *base = strrchr(g.gl_pathv[i], '/') + 1;
			char name[512];

			ck_assert_int_eq(xsd_fill(schema, doc), 0);
			ck_assert_int_eq(xoev_diag_list_new(&d), 0);
			ck_assert_int_eq(xoev_codelist__check(cl, doc, base, d), 0);
			snprintf(name, sizeof name, "%s/%s", versions[v], base);
			describe_findings(&got, name, doc, d);
			xoev_diag_list_free(d);
			xoev_xml__free(doc);
			samples++;
		}
		globfree(&g);
		xoev_codelist__free(cl);
	}
	ck_assert_uint_eq(samples, 11);
	got_s = xoev_buf__take(&got, NULL);
	ck_assert_ptr_nonnull(got_s);
	want = expected_lines();
	if (strcmp(got_s, want) != 0) {
		size_t at = 0, line_start = 0;

		fprintf(stderr, "xdomea code-list findings (differ from the manual check):\n%s", got_s);
		while (got_s[at] && got_s[at] == want[at]) {
			if (got_s[at] == '\n')
				line_start = at + 1;
			at++;
		}
		ck_abort_msg("findings differ from tests/data/xdomea-codelist-expected.txt; first "
		             "difference: got \"%.200s\", expected \"%.200s\"", got_s + line_start,
		             want + line_start);
	}
	free(got_s);
	free(want);
	xoev_registry_free(reg);
	for (v = 0; v < 2; v++)
		free(dirs[v]);
}
END_TEST

Suite *xoev_suite_codelist(void)
{
	Suite *s = suite_create("codelist");
	TCase *tc = tcase_create("codelist");
	TCase *real = tcase_create("real");

	tcase_add_checked_fixture(tc, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, genericode_annotation_v3);
	tcase_add_test(tc, genericode_annotation_v4);
	tcase_add_test(tc, key_column_fallbacks);
	tcase_add_test(tc, broken_lists_fail_the_load);
	tcase_add_test(tc, manifest_mismatch);
	tcase_add_test(tc, two_versions);
	tcase_add_test(tc, token_normalisation);
	tcase_add_test(tc, message_names_allowed_values);
	tcase_add_test(tc, unknown_lists_and_non_codes);
	tcase_add_test(tc, types_from_xsd);
	tcase_add_test(tc, types_after_xsd_validation);
	tcase_add_test(tc, large_list_lookup);
	tcase_add_test(tc, check_one_code);
	tcase_add_test(tc, null_arguments);
	tcase_add_test(tc, golden_examples);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(real, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_set_timeout(real, 300);
	tcase_add_test(real, xdomea_samples_match_manual_check);
	suite_add_tcase(s, real);
	return s;
}
