/*
 * libxoev tests - diagnostics, reports, status texts, version.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <string.h>

#include "tests.h"

START_TEST(list_add_and_read)
{
	xoev_diag_list *l = NULL;
	const xoev_diag *d;

	ck_assert_int_eq(xoev_diag_list_new(&l), 0);
	ck_assert_uint_eq(xoev_diag_list_count(l), 0);
	ck_assert_int_eq(xoev_diag_list_add(l, XOEV_SEVERITY_ERROR, XOEV_LAYER_XSD, "xsd.pattern",
	                                    "bad value", "a.xml", 3, 7, "/a:x/b[2]"), 0);
	ck_assert_int_eq(xoev_diag_list_add(l, XOEV_SEVERITY_WARNING, XOEV_LAYER_IO, NULL,
	                                    "note", NULL, 0, 0, NULL), 0);
	ck_assert_uint_eq(xoev_diag_list_count(l), 2);
	ck_assert_uint_eq(xoev_diag_list_count_at_least(l, XOEV_SEVERITY_ERROR), 1);
	d = xoev_diag_list_get(l, 0);
	ck_assert_str_eq(xoev_diag_rule(d), "xsd.pattern");
	ck_assert_str_eq(xoev_diag_message(d), "bad value");
	ck_assert_str_eq(xoev_diag_file(d), "a.xml");
	ck_assert_uint_eq(xoev_diag_line(d), 3);
	ck_assert_uint_eq(xoev_diag_column(d), 7);
	ck_assert_str_eq(xoev_diag_xpath(d), "/a:x/b[2]");
	ck_assert_int_eq(xoev_diag_layer(d), XOEV_LAYER_XSD);
	ck_assert_ptr_null(xoev_diag_list_get(l, 2));
	d = xoev_diag_list_get(l, 1);
	ck_assert_str_eq(xoev_diag_rule(d), "unspecified");
	ck_assert_ptr_null(xoev_diag_file(d));
	ck_assert_int_eq(xoev_diag_list_add(l, XOEV_SEVERITY_ERROR, XOEV_LAYER_XSD, NULL, NULL,
	                                    NULL, 0, 0, NULL), XOEV_EINVAL);
	xoev_diag_list_clear(l);
	ck_assert_uint_eq(xoev_diag_list_count(l), 0);
	xoev_diag_list_free(l);
	xoev_diag_list_free(NULL);
}
END_TEST

START_TEST(format_line)
{
	xoev_diag_list *l = NULL;
	char *s;

	ck_assert_int_eq(xoev_diag_list_new(&l), 0);
	xoev_diag_list_add(l, XOEV_SEVERITY_ERROR, XOEV_LAYER_XSD, "xsd.element-content",
	                   "Element 'x': This element is not expected", "m.xml", 12, 5, "/a:m/x[1]");
	xoev_diag_list_add(l, XOEV_SEVERITY_FATAL, XOEV_LAYER_IO, "io.read", "cannot be read",
	                   "n.xml", 0, 0, NULL);
	s = xoev_diag_format(xoev_diag_list_get(l, 0));
	ck_assert_str_eq(s, "m.xml:12:5: error: xsd.element-content: Element 'x': This element is "
	                    "not expected [/a:m/x[1]]");
	xoev_free(s);
	s = xoev_diag_format(xoev_diag_list_get(l, 1));
	ck_assert_str_eq(s, "n.xml: fatal: io.read: cannot be read");
	xoev_free(s);
	xoev_diag_list_free(l);
}
END_TEST

START_TEST(report_text_and_json)
{
	xoev_diag_list *l = NULL;
	xoev_report *r = NULL;
	char *out = NULL;
	size_t valid, invalid, io, unknown;

	ck_assert_int_eq(xoev_diag_list_new(&l), 0);
	ck_assert_int_eq(xoev_report_new(&r), 0);
	ck_assert_int_eq(xoev_report_add(r, "ok.xml", XOEV_VERDICT_VALID, NULL, NULL, l), 0);
	xoev_diag_list_add(l, XOEV_SEVERITY_ERROR, XOEV_LAYER_XSD, "xsd.datatype",
	                   "a \"quoted\"\nvalue", "bad.xml", 2, 3, NULL);
	ck_assert_int_eq(xoev_report_add(r, "bad.xml", XOEV_VERDICT_INVALID, NULL, NULL, l), 0);
	xoev_report_counts(r, &valid, &invalid, &io, &unknown);
	ck_assert_uint_eq(valid, 1);
	ck_assert_uint_eq(invalid, 1);
	ck_assert_uint_eq(io + unknown, 0);
	ck_assert_int_eq(xoev_report_format(r, XOEV_FORMAT_TEXT, &out, NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "bad.xml:2:3: error: xsd.datatype:"));
	ck_assert_ptr_nonnull(strstr(out, "2 files: 1 valid, 1 invalid, 0 unreadable, 0 unknown"));
	xoev_free(out);
	ck_assert_int_eq(xoev_report_format(r, XOEV_FORMAT_JSON, &out, NULL), 0);
	ck_assert_ptr_nonnull(strstr(out, "\"message\": \"a \\\"quoted\\\"\\nvalue\""));
	ck_assert_ptr_nonnull(strstr(out, "\"verdict\": \"invalid\""));
	ck_assert_ptr_nonnull(strstr(out, "\"summary\": {\"files\": 2, \"valid\": 1, \"invalid\": 1"));
	xoev_free(out);
	ck_assert_int_eq(xoev_report_format(r, (xoev_format)9, &out, NULL), XOEV_EINVAL);
	xoev_report_free(r);
	xoev_diag_list_free(l);
}
END_TEST

START_TEST(status_and_version)
{
	int ma = -1, mi = -1, pa = -1;

	ck_assert_str_eq(xoev_version(&ma, &mi, &pa), XOEV_VERSION_STRING);
	ck_assert_int_eq(ma, XOEV_VERSION_MAJOR);
	ck_assert_int_eq(mi, XOEV_VERSION_MINOR);
	ck_assert_int_eq(pa, XOEV_VERSION_PATCH);
	ck_assert_str_eq(xoev_strerror(XOEV_ENOMEM), "out of memory");
	ck_assert_str_eq(xoev_strerror(-999), "unknown status");
	ck_assert_int_eq(xoev_init(), 0);
	ck_assert_int_eq(xoev_init(), 0);
	ck_assert_str_eq(xoev_layer_name(XOEV_LAYER_CODELIST), "codelist");
	ck_assert_str_eq(xoev_severity_name(XOEV_SEVERITY_WARNING), "warning");
	ck_assert_str_eq(xoev_verdict_name(XOEV_VERDICT_UNKNOWN), "unknown");
}
END_TEST

Suite *xoev_suite_diag(void)
{
	Suite *s = suite_create("diag");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, list_add_and_read);
	tcase_add_test(tc, format_line);
	tcase_add_test(tc, report_text_and_json);
	tcase_add_test(tc, status_and_version);
	suite_add_tcase(s, tc);
	return s;
}
