/*
 * libxoev tests - header rules and validation profiles, on variants of a
 * golden example of the project's own standard.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tests.h"
#include "internal.h"

#define EXAMPLE XOEV_SRCDIR "/schemas/xmig/1.1/examples/valid/asyl.entscheidungsmitteilung.1501.xml"

/* The example with the text between the first `from` and its end replaced. */
static char *variant(const char *from, const char *to)
{
	char *text = xoev_test_read_file(EXAMPLE, NULL), *p, *out;

	ck_assert_ptr_nonnull(text);
	p = strstr(text, from);
	ck_assert_msg(p != NULL, "anchor %s", from);
	out = malloc(strlen(text) + strlen(to) + 1);
	memcpy(out, text, (size_t)(p - text));
	strcpy(out + (p - text), to);
	strcat(out, p + strlen(from));
	free(text);
	return out;
}

/* Validate text with the header layer only; returns the findings (caller frees). */
static xoev_diag_list *header_findings(xoev_validator *v, const char *text)
{
	xoev_diag_list *diags = NULL;
	xoev_verdict verdict;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_validate_memory(v, text, strlen(text), "m.xml", diags, &verdict), 0);
	ck_assert_uint_eq(xoev_validator_last_layers(v), XOEV_RUN_HEADER);
	return diags;
}

static xoev_validator *header_validator(xoev_registry *reg)
{
	xoev_validate_options o = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_validator *v = NULL;

	o.layers = XOEV_RUN_HEADER;
	ck_assert_int_eq(xoev_validator_new(&v, reg, &o), 0);
	return v;
}

START_TEST(each_header_rule)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_validator *v;
	struct {
		const char *from, *to, *rule;
	} cases[] = {
		{ "<nachrichtenUUID>", "<nachrichtenUUID>x-", "header.uuid-format" },
		{ "2025-08-08T10:15:00", "2999-01-01T00:00:00", "header.future-time" },
		{ "<code>1501</code>", "<code>1502</code>", "header.type-mismatch" },
		{ "<kennung>bamf:4711</kennung>", "<kennung>BAMF 4711</kennung>", "header.authority-format" },
		{ "version=\"1.1\"", "version=\"1.0\"", "header.version-mismatch" },
		{ "standard=\"XMigration\"", "standard=\"XMig\"", "header.version-mismatch" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *text = variant(cases[i].from, cases[i].to);
		xoev_diag_list *diags;
		const xoev_diag *d;
		/* a fresh run each time: the example's UUID is always the same */
		v = header_validator(reg);
		diags = header_findings(v, text);
		d = xoev_test_find_rule(diags, cases[i].rule);
		ck_assert_msg(d != NULL, "case %zu: no %s (%zu findings)", i, cases[i].rule,
		              xoev_diag_list_count(diags));
		ck_assert_int_eq(xoev_diag_layer(d), XOEV_LAYER_HEADER);
		ck_assert_uint_gt(xoev_diag_line(d), 0);
		ck_assert_ptr_nonnull(xoev_diag_xpath(d));
		ck_assert_uint_eq(xoev_diag_list_count(diags), 1);
		xoev_diag_list_free(diags);
		xoev_validator_free(v);
		free(text);
	}
	xoev_registry_free(reg);
}
END_TEST

START_TEST(uuid_unique_within_a_run)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_validator *v = header_validator(reg);
	char *text = xoev_test_read_file(EXAMPLE, NULL);
	xoev_diag_list *first, *second;
	const xoev_diag *d;

	first = header_findings(v, text);
	ck_assert_uint_eq(xoev_diag_list_count(first), 0);
	second = header_findings(v, text);
	d = xoev_test_find_rule(second, "header.uuid-duplicate");
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(strstr(xoev_diag_message(d), "m.xml"));
	xoev_diag_list_free(first);
	xoev_diag_list_free(second);
	xoev_validator_free(v);
	/* a new validator is a new run */
	v = header_validator(reg);
	first = header_findings(v, text);
	ck_assert_uint_eq(xoev_diag_list_count(first), 0);
	xoev_diag_list_free(first);
	xoev_validator_free(v);
	free(text);
	xoev_registry_free(reg);
}
END_TEST

START_TEST(future_tolerance)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_validate_options o = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_validator *v = NULL;
	char stamp[64], *text;
	time_t soon = time(NULL) + 120;
	struct tm tm;
	xoev_diag_list *diags;

	/* two minutes ahead (UTC, explicit): inside the default 300 s, outside 60 s */
	gmtime_r(&soon, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	text = variant("2025-08-08T10:15:00", stamp);
	o.layers = XOEV_RUN_HEADER;
	ck_assert_int_eq(xoev_validator_new(&v, reg, &o), 0);
	diags = header_findings(v, text);
	ck_assert(!xoev_test_has_rule(diags, "header.future-time"));
	xoev_diag_list_free(diags);
	xoev_validator_free(v);
	o.header_future_tolerance = 60;
	ck_assert_int_eq(xoev_validator_new(&v, reg, &o), 0);
	diags = header_findings(v, text);
	ck_assert(xoev_test_has_rule(diags, "header.future-time"));
	xoev_diag_list_free(diags);
	xoev_validator_free(v);
	free(text);
	xoev_registry_free(reg);
}
END_TEST

START_TEST(datetime_parsing)
{
	long long t;

	ck_assert(xoev_header__parse_datetime("1970-01-01T00:00:00Z", &t));
	ck_assert_int_eq(t, 0);
	ck_assert(xoev_header__parse_datetime("2000-03-01T12:30:15.250+02:00", &t));
	ck_assert_int_eq(t, 951913815 - 7200);
	ck_assert(xoev_header__parse_datetime("2024-02-29T23:59:59-01:00", &t));
	ck_assert_int_eq(t, 1709251199 + 3600);
	ck_assert(!xoev_header__parse_datetime("2024-13-01T00:00:00", &t));
	ck_assert(!xoev_header__parse_datetime("24.12.2024", &t));
	ck_assert(!xoev_header__parse_datetime("2024-12-24T10:00:00+1", &t));
	ck_assert(!xoev_header__parse_datetime("2024-12-24T10:00:00Zjunk", &t));
}
END_TEST

START_TEST(profile_grades)
{
	xoev_profile *p = NULL;
	xoev_diag_list *l = NULL;
	unsigned int layers = 0;

	ck_assert_int_eq(xoev_profile_new(&p), 0);
	ck_assert_uint_eq(xoev_profile_layers(p), XOEV_RUN_ALL);
	ck_assert_int_eq(xoev_profile_set_grade(p, "xsd.*", XOEV_SEVERITY_WARNING), 0);
	ck_assert_int_eq(xoev_profile_set_grade(p, "xsd.pattern", XOEV_GRADE_OFF), 0);
	ck_assert_int_eq(xoev_profile_set_grade(p, "wellformed.*", XOEV_GRADE_OFF), 0);
	ck_assert_int_eq(xoev_profile_set_grade(p, "x", 17), XOEV_EINVAL);
	ck_assert_int_eq(xoev_profile_set_layers(p, 0x100), XOEV_EINVAL);
	ck_assert_int_eq(xoev_diag_list_new(&l), 0);
	xoev_diag_list_add(l, XOEV_SEVERITY_ERROR, XOEV_LAYER_XSD, "xsd.datatype", "a", "f", 1, 1, NULL);
	xoev_diag_list_add(l, XOEV_SEVERITY_ERROR, XOEV_LAYER_XSD, "xsd.pattern", "b", "f", 2, 1, NULL);
	xoev_diag_list_add(l, XOEV_SEVERITY_FATAL, XOEV_LAYER_WELLFORMED, "wellformed.doctype", "c", "f", 3, 1, NULL);
	xoev_diag_list_add(l, XOEV_SEVERITY_ERROR, XOEV_LAYER_RULE, "xmig-001", "d", "f", 4, 1, NULL);
	xoev_diag__regrade(l, 1, p);
	ck_assert_uint_eq(xoev_diag_list_count(l), 3);
	/* before `from`: untouched */
	ck_assert_int_eq(xoev_diag_severity(xoev_diag_list_get(l, 0)), XOEV_SEVERITY_ERROR);
	/* pattern off; the safety finding stays fatal; the rule untouched */
	ck_assert_str_eq(xoev_diag_rule(xoev_diag_list_get(l, 1)), "wellformed.doctype");
	ck_assert_int_eq(xoev_diag_severity(xoev_diag_list_get(l, 1)), XOEV_SEVERITY_FATAL);
	ck_assert_int_eq(xoev_diag_severity(xoev_diag_list_get(l, 2)), XOEV_SEVERITY_ERROR);
	xoev_diag__regrade(l, 0, p);
	ck_assert_int_eq(xoev_diag_severity(xoev_diag_list_get(l, 0)), XOEV_SEVERITY_WARNING);
	xoev_diag_list_free(l);
	xoev_profile_free(p);

	ck_assert_int_eq(xoev_layers_parse("xsd, header", &layers), 0);
	ck_assert_uint_eq(layers, XOEV_RUN_XSD | XOEV_RUN_HEADER);
	ck_assert_int_eq(xoev_layers_parse("all", &layers), 0);
	ck_assert_uint_eq(layers, XOEV_RUN_ALL);
	ck_assert_int_eq(xoev_layers_parse("xsd,nope", &layers), XOEV_EINVAL);
}
END_TEST

START_TEST(profile_file)
{
	char *tmp = xoev_test_tmpdir(), path[4096];
	const char *good =
		"<profile xmlns=\"urn:libxoev:profile:1\">\n"
		"  <layers>xsd rules</layers>\n"
		"  <rule id=\"xmig-007\" severity=\"info\"/>\n"
		"</profile>\n";
	const char *bad = "<profile xmlns=\"urn:libxoev:profile:1\">\n  <rule id=\"x\" severity=\"loud\"/>\n</profile>\n";
	xoev_profile *p = NULL;
	xoev_diag_list *diags = NULL;

	snprintf(path, sizeof path, "%s/p.xml", tmp);
	xoev_test_write_file(path, good, strlen(good));
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_profile_load(&p, path, diags), 0);
	ck_assert_uint_eq(xoev_profile_layers(p), XOEV_RUN_XSD | XOEV_RUN_RULES);
	ck_assert_int_eq(xoev_profile__grade(p, "xmig-007"), XOEV_SEVERITY_INFO);
	ck_assert_int_eq(xoev_profile__grade(p, "xmig-008"), -2);
	xoev_profile_free(p);
	xoev_test_write_file(path, bad, strlen(bad));
	ck_assert_int_eq(xoev_profile_load(&p, path, diags), XOEV_EINVAL);
	ck_assert_ptr_null(p);
	ck_assert_uint_eq(xoev_diag_line(xoev_test_find_rule(diags, "profile.invalid")), 2);
	snprintf(path, sizeof path, "%s/none.xml", tmp);
	ck_assert_int_eq(xoev_profile_load(&p, path, diags), XOEV_EIO);
	xoev_diag_list_free(diags);
	free(tmp);
}
END_TEST

Suite *xoev_suite_header(void)
{
	Suite *s = suite_create("header");
	TCase *tc = tcase_create("header");

	tcase_add_test(tc, each_header_rule);
	tcase_add_test(tc, uuid_unique_within_a_run);
	tcase_add_test(tc, future_tolerance);
	tcase_add_test(tc, datetime_parsing);
	tcase_add_test(tc, profile_grades);
	tcase_add_test(tc, profile_file);
	suite_add_tcase(s, tc);
	return s;
}
