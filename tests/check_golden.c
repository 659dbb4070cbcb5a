/*
 * libxoev tests - the golden examples of the project's own standards
 * (schemas/STD/VER/examples/valid and invalid). Each example states
 * its expected outcome in a processing instruction before its root:
 *   <?xoev-expect valid?>   or   <?xoev-expect rule="RULE-ID"?>
 * Every layer runs: a valid example has no finding at all, an invalid one
 * has its rule and nothing else (but XSD companions of an XSD finding).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <glob.h>
#include <stdio.h>
#include <string.h>

#include "tests.h"

/*
 * A finding that may accompany the expected one: one fault seen by two
 * layers (a malformed UUID fails the XSD pattern and the header rule) is
 * reported at the same node; and libxml2 reports a bad simple value twice
 * (the facet, then the type). Nothing else may fire.
 */
static int companion(const xoev_diag_list *diags, const char *expected, const xoev_diag *d)
{
	size_t i;

	if (strncmp(expected, "xsd.", 4) == 0 && xoev_diag_layer(d) == XOEV_LAYER_XSD)
		return 1;
	for (i = 0; xoev_diag_xpath(d) && i < xoev_diag_list_count(diags); i++) {
		const xoev_diag *e = xoev_diag_list_get(diags, i);
		if (strcmp(xoev_diag_rule(e), expected) == 0 && xoev_diag_xpath(e) &&
		    strcmp(xoev_diag_xpath(e), xoev_diag_xpath(d)) == 0)
			return 1;
	}
	return 0;
}

/* The expectation of an example: NULL for valid, else the rule id (new string). */
static char *expectation_of(const char *path, int *has)
{
	char *text = xoev_test_read_file(path, NULL), *p, *q, *rule = NULL;

	ck_assert_ptr_nonnull(text);
	*has = 0;
	p = strstr(text, "<?xoev-expect");
	if (p) {
		*has = 1;
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
	}
	free(text);
	return rule;
}

/* "schemas/xmig/1.1/examples/..." -> standard "xmig", version "1.1" */
static void std_ver_of(const char *path, char *std, char *ver, size_t cap)
{
	const char *p = strstr(path, "/schemas/");
	int n;

	ck_assert_ptr_nonnull(p);
	n = sscanf(p + 9, "%63[^/]/%63[^/]/", std, ver);
	ck_assert_int_eq(n, 2);
	(void)cap;
}

START_TEST(golden_examples)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_validator *v = NULL;
	xoev_diag_list *diags = NULL;
	glob_t g;
	size_t i, ok_valid = 0, ok_invalid = 0, by_codelist = 0, by_rules = 0;

	ck_assert_int_eq(xoev_validator_new(&v, reg, NULL), 0);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(glob(XOEV_SRCDIR "/schemas/*/*/examples/*/*.xml", 0, NULL, &g), 0);
	ck_assert_uint_gt(g.gl_pathc, 0);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *path = g.gl_pathv[i];
		int has = 0, is_valid_dir = strstr(path, "/examples/valid/") != NULL;
		char *rule = expectation_of(path, &has);
		char std[64], ver[64];
		xoev_verdict verdict;
		const xoev_bundle *b;

		ck_assert_msg(has, "%s: no <?xoev-expect ...?> annotation", path);
		ck_assert_msg(is_valid_dir == (rule == NULL), "%s: annotation does not fit its folder", path);
		xoev_diag_list_clear(diags);
		/* each example is a message of its own: a fresh run, so that the
		 * copies in invalid/ do not repeat the UUIDs of valid/ */
		xoev_validator_free(v);
		ck_assert_int_eq(xoev_validator_new(&v, reg, NULL), 0);
		ck_assert_int_eq(xoev_validate_file(v, path, diags, &verdict), 0);
		std_ver_of(path, std, ver, sizeof std);
		b = xoev_validator_last_bundle(v);
		ck_assert_msg(b != NULL, "%s: not detected", path);
		ck_assert_str_eq(xoev_bundle_standard(b), std);
		ck_assert_str_eq(xoev_bundle_version(b), ver);
		ck_assert_msg(xoev_validator_last_message_type(v) != NULL, "%s: message type not detected", path);
		if (!rule) {
			ck_assert_msg(verdict == XOEV_VERDICT_VALID &&
			              xoev_diag_list_count_at_least(diags, XOEV_SEVERITY_WARNING) == 0,
			              "%s: expected valid without findings, got %s: %s %s", path,
			              xoev_verdict_name(verdict), xoev_diag_rule(xoev_diag_list_get(diags, 0)),
			              xoev_diag_message(xoev_diag_list_get(diags, 0)));
			ok_valid++;
		} else {
			size_t k;
			ck_assert_msg(verdict == XOEV_VERDICT_INVALID, "%s: expected %s, got %s", path, rule,
			              xoev_verdict_name(verdict));
			ck_assert_msg(xoev_test_has_rule(diags, rule), "%s: expected rule %s, got %s", path,
			              rule, xoev_diag_rule(xoev_diag_list_get(diags, 0)));
			for (k = 0; k < xoev_diag_list_count(diags); k++) {
				const xoev_diag *d = xoev_diag_list_get(diags, k);
				if (xoev_diag_severity(d) < XOEV_SEVERITY_WARNING)
					continue;
				ck_assert_msg(strcmp(xoev_diag_rule(d), rule) == 0 || companion(diags, rule, d),
				              "%s: expected only %s, but also %s: %s", path, rule,
				              xoev_diag_rule(d), xoev_diag_message(d));
			}
			ok_invalid++;
			if (strncmp(rule, "codelist.", 9) == 0)
				by_codelist++;
			else if (strncmp(rule, "xsd.", 4) != 0 && strncmp(rule, "header.", 7) != 0)
				by_rules++;
		}
		free(rule);
	}
	fprintf(stderr, "golden: %zu valid without findings, %zu invalid with exactly the expected "
	                "rule (%zu code lists, %zu business rules)\n", ok_valid, ok_invalid, by_codelist,
	        by_rules);
	ck_assert_uint_gt(by_codelist, 0);
	ck_assert_uint_gt(by_rules, 0);
	globfree(&g);
	xoev_diag_list_free(diags);
	xoev_validator_free(v);
	xoev_registry_free(reg);
}
END_TEST

/* Every message type of every version has a valid example and two invalid ones. */
START_TEST(golden_coverage)
{
	xoev_registry *reg = xoev_test_project_registry();
	size_t b, m, bundles = 0;

	for (b = 0; b < xoev_registry_bundle_count(reg); b++) {
		const xoev_bundle *bu = xoev_registry_bundle(reg, b);
		bundles++;
		for (m = 0; m < xoev_bundle_message_count(bu); m++) {
			const char *root = xoev_message_type_root(xoev_bundle_message(bu, m));
			char pattern[4096];
			glob_t g;
			snprintf(pattern, sizeof pattern, "%s/examples/valid/%s.xml",
			         xoev_bundle_directory(bu), root);
			ck_assert_msg(glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc == 1,
			              "%s %s: no valid example %s", xoev_bundle_standard(bu),
			              xoev_bundle_version(bu), root);
			globfree(&g);
			snprintf(pattern, sizeof pattern, "%s/examples/invalid/%s.*.xml",
			         xoev_bundle_directory(bu), root);
			ck_assert_msg(glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc >= 2,
			              "%s %s: fewer than two invalid examples of %s",
			              xoev_bundle_standard(bu), xoev_bundle_version(bu), root);
			globfree(&g);
		}
	}
	ck_assert_uint_ge(bundles, 5);
	xoev_registry_free(reg);
}
END_TEST

/*
 * The same examples through the streaming path (every file above the
 * threshold): XSD and code-list outcomes are the same as with a tree; the
 * layers that need a tree (rules, header) are reported as not run.
 */
START_TEST(golden_examples_streaming)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_validate_options o = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_validator *v = NULL;
	xoev_diag_list *diags = NULL;
	glob_t g;
	size_t i, same = 0;

	o.stream_threshold = 1;
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(glob(XOEV_SRCDIR "/schemas/*/*/examples/*/*.xml", 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *path = g.gl_pathv[i];
		int has = 0;
		char *rule = expectation_of(path, &has);
		int streamable = !rule || strncmp(rule, "xsd.", 4) == 0 || strncmp(rule, "codelist.", 9) == 0;
		xoev_verdict verdict;

		xoev_diag_list_clear(diags);
		ck_assert_int_eq(xoev_validator_new(&v, reg, &o), 0);
		ck_assert_int_eq(xoev_validate_file(v, path, diags, &verdict), 0);
		ck_assert(xoev_test_has_rule(diags, "io.streamed"));
		ck_assert_uint_eq(xoev_validator_last_layers(v), XOEV_RUN_XSD | XOEV_RUN_CODELIST);
		if (streamable) {
			ck_assert_msg(verdict == (rule ? XOEV_VERDICT_INVALID : XOEV_VERDICT_VALID),
			              "%s: streaming says %s", path, xoev_verdict_name(verdict));
			if (rule)
				ck_assert_msg(xoev_test_has_rule(diags, rule), "%s: streaming lacks %s", path, rule);
			same++;
		} else {
			/* rules and header rules did not run: those examples pass */
			ck_assert_msg(!xoev_test_has_rule(diags, rule), "%s", path);
		}
		xoev_validator_free(v);
		free(rule);
	}
	ck_assert_uint_ge(same, 170);
	globfree(&g);
	xoev_diag_list_free(diags);
	xoev_registry_free(reg);
}
END_TEST

Suite *xoev_suite_golden(void)
{
	Suite *s = suite_create("golden");
	TCase *tc = tcase_create("golden");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, golden_examples);
	tcase_add_test(tc, golden_coverage);
	tcase_add_test(tc, golden_examples_streaming);
	suite_add_tcase(s, tc);
	return s;
}
