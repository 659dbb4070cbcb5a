/*
 * libxoev tests - the bundle manifest: reading, checking, writing.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <string.h>

#include "tests.h"
#include "internal.h"

#define NS "urn:libxoev:bundle:1"

static const char *valid_manifest =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<bundle xmlns=\"" NS "\" format=\"1\" standard=\"xdomea\" version=\"3.0.0\">\n"
	"  <title>xdomea 3.0.0</title>\n"
	"  <validFrom>2021-05-01</validFrom>\n"
	"  <detect>\n"
	"    <namespace uri=\"urn:xoev-de:xdomea:schema:3.0.0\"/>\n"
	"    <rootAttribute name=\"version\" value=\"3.0.0\"/>\n"
	"  </detect>\n"
	"  <header family=\"xdomea\"/>\n"
	"  <catalog href=\"catalog.xml\"/>\n"
	"  <schema href=\"files/xsd/xdomea.xsd\" namespace=\"urn:xoev-de:xdomea:schema:3.0.0\" entry=\"true\"/>\n"
	"  <schema href=\"files/xoev/xoev-code.xsd\" namespace=\"http://xoev.de/schemata/code/1_0\"/>\n"
	"  <schema href=\"files/chameleon.xsd\" entry=\" 1 \"/>\n"
	"  <message root=\"Aussonderung.Aussonderung.0503\" number=\"0503\" namespace=\"urn:xoev-de:xdomea:schema:3.0.0\" title=\"Aussonderung\"/>\n"
	"  <codelist href=\"codelists/Nachrichtentyp_2.0.xml\" uri=\"urn:xoev-de:xdomea:codeliste:nachrichtentyp\" version=\"2.0\"/>\n"
	"  <rules href=\"rules/xdomea.sch\"/>\n"
	"</bundle>\n";


static char *write_tmp(const char *name, const char *text)
{
	char *path = xoev_io__join(xoev_test_dir, name);
	ck_assert_ptr_nonnull(path);
	xoev_test_write_file(path, text, strlen(text));
	return path;
}


START_TEST(read_valid)
{
	char *path = write_tmp("xoev-bundle.xml", valid_manifest);
	xoev_diag_list *diags;
	xoev_manifest m;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_manifest__read(path, &m, diags), 0);
	ck_assert_uint_eq(xoev_diag_list_count(diags), 0);
	ck_assert_str_eq(m.standard, "xdomea");
	ck_assert_str_eq(m.version, "3.0.0");
	ck_assert_str_eq(m.title, "xdomea 3.0.0");
	ck_assert_str_eq(m.valid_from, "2021-05-01");
	ck_assert_ptr_null(m.valid_until);
	ck_assert_str_eq(m.header_family, "xdomea");
	ck_assert_uint_eq(m.detect_namespaces.count, 1);
	ck_assert_str_eq(m.detect_namespaces.items[0], "urn:xoev-de:xdomea:schema:3.0.0");
	ck_assert_uint_eq(m.detect_attr_names.count, 1);
	ck_assert_str_eq(m.detect_attr_names.items[0], "version");
	ck_assert_str_eq(m.detect_attr_values.items[0], "3.0.0");
	ck_assert_uint_eq(m.catalogs.count, 1);
	ck_assert_str_eq(m.catalogs.items[0], "catalog.xml");
	ck_assert_uint_eq(m.schema_count, 3);
	ck_assert_str_eq(m.schemas[0].href, "files/xsd/xdomea.xsd");
	ck_assert_int_eq(m.schemas[0].entry, 1);
	ck_assert_int_eq(m.schemas[1].entry, 0);
	ck_assert_str_eq(m.schemas[1].namespace_, "http://xoev.de/schemata/code/1_0");
	ck_assert_ptr_null(m.schemas[2].namespace_);
	ck_assert_int_eq(m.schemas[2].entry, 1);
	ck_assert_uint_eq(m.message_count, 1);
	ck_assert_str_eq(m.messages[0].root, "Aussonderung.Aussonderung.0503");
	ck_assert_str_eq(m.messages[0].number, "0503");
	ck_assert_str_eq(m.messages[0].title, "Aussonderung");
	ck_assert_uint_eq(m.codelist_count, 1);
	ck_assert_str_eq(m.codelists[0].uri, "urn:xoev-de:xdomea:codeliste:nachrichtentyp");
	ck_assert_str_eq(m.codelists[0].version, "2.0");
	ck_assert_uint_eq(m.rules.count, 1);
	ck_assert_str_eq(m.rules.items[0], "rules/xdomea.sch");
	xoev_manifest__free(&m);
	xoev_manifest__free(&m); /* freeing twice is harmless: free zeroes */

	ck_assert_int_eq(xoev_bundle_check_manifest(path, diags), 0);
	ck_assert_uint_eq(xoev_diag_list_count(diags), 0);
	xoev_diag_list_free(diags);
	free(path);
}
END_TEST

/* write -> read gives the same manifest, and the text validates. */
START_TEST(write_roundtrip)
{
	char *in = write_tmp("in.xml", valid_manifest);
	char *out_path, *text;
	xoev_manifest a, b;
	size_t len, i;

	ck_assert_int_eq(xoev_manifest__read(in, &a, NULL), 0);
	text = xoev_manifest__write(&a, &len);
	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(strlen(text), len);
	ck_assert_msg(strncmp(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39) == 0, "%s", text);
	out_path = write_tmp("out.xml", text);
	ck_assert_int_eq(xoev_manifest__read(out_path, &b, NULL), 0);
	ck_assert_str_eq(a.standard, b.standard);
	ck_assert_str_eq(a.title, b.title);
	ck_assert_uint_eq(a.schema_count, b.schema_count);
	for (i = 0; i < a.schema_count; i++) {
		ck_assert_str_eq(a.schemas[i].href, b.schemas[i].href);
		ck_assert_int_eq(a.schemas[i].entry, b.schemas[i].entry);
	}
	ck_assert_uint_eq(b.message_count, 1);
	ck_assert_str_eq(b.messages[0].title, "Aussonderung");
	ck_assert_uint_eq(b.codelist_count, 1);
	ck_assert_uint_eq(b.detect_attr_values.count, 1);
	xoev_manifest__free(&a);
	xoev_manifest__free(&b);
	free(text);
	free(in);
	free(out_path);
}
END_TEST

/* Characters that need escaping survive a round trip. */
START_TEST(write_escapes)
{
	xoev_manifest m;
	xoev_manifest back;
	char *text, *path;
	size_t len;

	memset(&m, 0, sizeof m);
	m.standard = "x-test";
	m.version = "1.0";
	m.title = "A & B <\"quoted\"> 'x' Ä";
	ck_assert_int_eq(xoev_strv__push(&m.detect_namespaces, "urn:x?a=1&b=2"), 0);
	m.schemas = calloc(1, sizeof *m.schemas);
	ck_assert_ptr_nonnull(m.schemas);
	m.schemas[0].href = "files/a b&c.xsd";
	m.schema_count = 1;
	text = xoev_manifest__write(&m, &len);
	ck_assert_ptr_nonnull(text);
	path = write_tmp("esc.xml", text);
	ck_assert_int_eq(xoev_manifest__read(path, &back, NULL), 0);
	ck_assert_str_eq(back.title, m.title);
	ck_assert_str_eq(back.detect_namespaces.items[0], "urn:x?a=1&b=2");
	ck_assert_str_eq(back.schemas[0].href, "files/a b&c.xsd");
	ck_assert_ptr_null(back.header_family);
	xoev_manifest__free(&back);
	xoev_strv__free(&m.detect_namespaces);
	free(m.schemas);
	free(text);
	free(path);
}
END_TEST

static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	char *s;
	ck_assert_ptr_nonnull(at);
	s = malloc(strlen(text) - strlen(from) + strlen(to) + 1);
	ck_assert_ptr_nonnull(s);
	memcpy(s, text, (size_t)(at - text));
	strcpy(s + (at - text), to);
	strcat(s, at + strlen(from));
	return s;
}

/* Line of the first line of text holding needle (1-based). */
static unsigned long line_of(const char *text, const char *needle)
{
	const char *at = strstr(text, needle), *p;
	unsigned long line = 1;
	ck_assert_ptr_nonnull(at);
	for (p = text; p < at; p++)
		line += (*p == '\n');
	return line;
}

static void expect_rejected(const char *text, const char *rule, const char *needle)
{
	char *path = write_tmp("bad.xml", text);
	xoev_diag_list *diags;
	const xoev_diag *d;
	xoev_manifest m;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_bundle_check_manifest(path, diags), XOEV_EBUNDLE);
	d = xoev_test_find_rule(diags, rule);
	ck_assert_msg(d != NULL, "no %s finding", rule);
	ck_assert_int_eq(xoev_diag_layer(d), XOEV_LAYER_BUNDLE);
	ck_assert_int_eq(xoev_diag_severity(d), XOEV_SEVERITY_ERROR);
	ck_assert_str_eq(xoev_diag_file(d), path);
	ck_assert_uint_eq(xoev_diag_line(d), line_of(text, needle));
	xoev_diag_list_clear(diags);
	ck_assert_int_eq(xoev_manifest__read(path, &m, diags), XOEV_EBUNDLE);
	ck_assert(xoev_test_has_rule(diags, rule));
	/* nothing to free on failure, but freeing is harmless */
	xoev_manifest__free(&m);
	xoev_diag_list_free(diags);
	free(path);
}

START_TEST(reject_dotdot_href)
{
	char *text = replace(valid_manifest, "href=\"files/xoev/xoev-code.xsd\"", "href=\"../x\"");
	expect_rejected(text, "bundle.manifest-href", "href=\"../x\"");
	free(text);
	text = replace(valid_manifest, "href=\"codelists/Nachrichtentyp_2.0.xml\"",
	               "href=\"codelists/../../etc/passwd\"");
	expect_rejected(text, "bundle.manifest-href", "etc/passwd");
	free(text);
	text = replace(valid_manifest, "href=\"rules/xdomea.sch\"", "href=\"rules/..\"");
	expect_rejected(text, "bundle.manifest-href", "rules/..");
	free(text);
}
END_TEST

START_TEST(dotted_names_are_fine)
{
	char *text = replace(valid_manifest, "href=\"files/xoev/xoev-code.xsd\"",
	                     "href=\"files/..xoev/a..b/.../x.xsd\"");
	char *path = write_tmp("dots.xml", text);
	ck_assert_int_eq(xoev_bundle_check_manifest(path, NULL), 0);
	free(text);
	free(path);
}
END_TEST

START_TEST(reject_absolute_and_scheme_href)
{
	char *text = replace(valid_manifest, "href=\"files/xoev/xoev-code.xsd\"", "href=\"/etc/x.xsd\"");
	expect_rejected(text, "bundle.manifest-invalid", "/etc/x.xsd");
	free(text);
	text = replace(valid_manifest, "href=\"files/xoev/xoev-code.xsd\"", "href=\"http://example.org/x.xsd\"");
	expect_rejected(text, "bundle.manifest-invalid", "http://example.org");
	free(text);
}
END_TEST

START_TEST(reject_missing_required_attribute)
{
	char *text = replace(valid_manifest,
	                     "<message root=\"Aussonderung.Aussonderung.0503\" number=\"0503\" ",
	                     "<message number=\"0503\" ");
	expect_rejected(text, "bundle.manifest-invalid", "<message number");
	free(text);
	text = replace(valid_manifest, " standard=\"xdomea\"", "");
	expect_rejected(text, "bundle.manifest-invalid", "<bundle");
	free(text);
	text = replace(valid_manifest, " uri=\"urn:xoev-de:xdomea:codeliste:nachrichtentyp\"", "");
	expect_rejected(text, "bundle.manifest-invalid", "<codelist");
	free(text);
}
END_TEST

START_TEST(reject_schema_violations)
{
	char *text = replace(valid_manifest, "family=\"xdomea\"", "family=\"klingon\"");
	expect_rejected(text, "bundle.manifest-invalid", "klingon");
	free(text);
	text = replace(valid_manifest, "standard=\"xdomea\"", "standard=\"XDomea!\"");
	expect_rejected(text, "bundle.manifest-invalid", "<bundle");
	free(text);
	/* a duplicate message root (xs:unique) */
	text = replace(valid_manifest, "  <codelist",
	               "  <message root=\"Aussonderung.Aussonderung.0503\" namespace=\"urn:xoev-de:xdomea:schema:3.0.0\"/>\n  <codelist");
	{
		char *path = write_tmp("dup.xml", text);
		xoev_diag_list *diags;
		ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
		ck_assert_int_eq(xoev_bundle_check_manifest(path, diags), XOEV_EBUNDLE);
		ck_assert(xoev_test_has_rule(diags, "bundle.manifest-invalid"));
		xoev_diag_list_free(diags);
		free(path);
	}
	free(text);
	/* no schema element at all */
	text = replace(valid_manifest, "  <schema href=\"files/xsd/xdomea.xsd\" namespace=\"urn:xoev-de:xdomea:schema:3.0.0\" entry=\"true\"/>\n"
	               "  <schema href=\"files/xoev/xoev-code.xsd\" namespace=\"http://xoev.de/schemata/code/1_0\"/>\n"
	               "  <schema href=\"files/chameleon.xsd\" entry=\" 1 \"/>\n", "");
	expect_rejected(text, "bundle.manifest-invalid", "<message");
	free(text);
}
END_TEST

START_TEST(reject_wrong_namespace_and_syntax)
{
	char *text = replace(valid_manifest, "urn:libxoev:bundle:1", "urn:other");
	char *path;
	xoev_diag_list *diags;

	expect_rejected(text, "bundle.manifest-invalid", "<bundle");
	free(text);

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	path = write_tmp("broken.xml", "<bundle xmlns=\"" NS "\">\n<detect>\n</bundle>\n");
	ck_assert_int_eq(xoev_bundle_check_manifest(path, diags), XOEV_EBUNDLE);
	ck_assert_uint_gt(xoev_diag_list_count(diags), 0);
	free(path);
	xoev_diag_list_free(diags);
}
END_TEST

START_TEST(missing_file_and_args)
{
	xoev_diag_list *diags;
	char *path = xoev_io__join(xoev_test_dir, "nope.xml");
	xoev_manifest m;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_bundle_check_manifest(path, diags), XOEV_EIO);
	ck_assert(xoev_test_has_rule(diags, "bundle.manifest-missing"));
	ck_assert_int_eq(xoev_bundle_check_manifest(NULL, diags), XOEV_EINVAL);
	ck_assert_int_eq(xoev_manifest__read(NULL, &m, diags), XOEV_EINVAL);
	ck_assert_ptr_null(xoev_manifest__write(NULL, NULL));
	xoev_manifest__free(NULL);
	/* a directory is not a manifest */
	ck_assert_int_eq(xoev_bundle_check_manifest(xoev_test_dir, NULL), XOEV_EIO);
	xoev_diag_list_free(diags);
	free(path);
}
END_TEST

/* The schema the library embeds is the one in schemas/. */
START_TEST(embedded_schema_matches_source)
{
	char *src = xoev_test_read_file(XOEV_SRCDIR "/schemas/xoev-bundle.xsd", NULL);
	ck_assert_ptr_nonnull(src);
	ck_assert_str_eq(xoev_manifest__xsd, src);
	free(src);
}
END_TEST

Suite *xoev_suite_manifest(void)
{
	Suite *s = suite_create("manifest");
	TCase *tc = tcase_create("manifest");

	tcase_add_checked_fixture(tc, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_add_test(tc, read_valid);
	tcase_add_test(tc, write_roundtrip);
	tcase_add_test(tc, write_escapes);
	tcase_add_test(tc, reject_dotdot_href);
	tcase_add_test(tc, dotted_names_are_fine);
	tcase_add_test(tc, reject_absolute_and_scheme_href);
	tcase_add_test(tc, reject_missing_required_attribute);
	tcase_add_test(tc, reject_schema_violations);
	tcase_add_test(tc, reject_wrong_namespace_and_syntax);
	tcase_add_test(tc, missing_file_and_args);
	tcase_add_test(tc, embedded_schema_matches_source);
	suite_add_tcase(s, tc);
	return s;
}
