/*
 * libxoev tests - the registry: search path, lookup, detection, broken
 * bundles, and one registry shared by several threads (lazy compile).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <glob.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "tests.h"

#define SCHEMAS XOEV_SRCDIR "/schemas"

static xoev_registry *open_paths(const char *const *paths, size_t n, unsigned flags,
                                 xoev_diag_list *diags)
{
	xoev_registry_options o = XOEV_REGISTRY_OPTIONS_INIT;
	xoev_registry *reg = NULL;

	o.paths = paths;
	o.path_count = n;
	o.flags = flags;
	ck_assert_int_eq(xoev_registry_open(&reg, &o, diags), 0);
	return reg;
}

START_TEST(lookup_and_detect)
{
	const char *paths[] = { SCHEMAS };
	xoev_registry *reg = open_paths(paths, 1, XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT, NULL);
	const xoev_bundle *b = NULL;
	const xoev_message_type *t = NULL;
	size_t i;

	ck_assert_uint_eq(xoev_registry_bundle_count(reg), 5);
	/* sorted by standard, then version numerically */
	ck_assert_str_eq(xoev_bundle_standard(xoev_registry_bundle(reg, 0)), "xmig");
	ck_assert_str_eq(xoev_bundle_version(xoev_registry_bundle(reg, 0)), "1.0");
	ck_assert_str_eq(xoev_bundle_version(xoev_registry_bundle(reg, 2)), "2.0");
	ck_assert_ptr_null(xoev_registry_bundle(reg, 5));

	ck_assert_int_eq(xoev_registry_find(reg, "xmig", NULL, &b), 0);
	ck_assert_str_eq(xoev_bundle_version(b), "2.0");
	ck_assert_int_eq(xoev_registry_find(reg, "xmig", "1.1", &b), 0);
	ck_assert_str_eq(xoev_bundle_version(b), "1.1");
	ck_assert_str_eq(xoev_bundle_namespace(b, 0), "urn:libxoev:xmig:schema:1.1");
	ck_assert_int_eq(xoev_registry_find(reg, "xmig", "9.9", &b), XOEV_ENOTFOUND);
	ck_assert_ptr_null(b);
	ck_assert_int_eq(xoev_registry_find(reg, "nosuch", NULL, &b), XOEV_ENOTFOUND);

	ck_assert_int_eq(xoev_registry_find(reg, "xmig", "1.1", &b), 0);
	t = xoev_bundle_find_message(b, "1501");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(xoev_message_type_root(t), "asyl.entscheidungsmitteilung.1501");
	ck_assert_ptr_eq(xoev_bundle_find_message(b, "asyl.entscheidungsmitteilung.1501"), t);
	ck_assert_ptr_null(xoev_bundle_find_message(b, "9999"));

	/* detection by namespace and root attributes */
	ck_assert_int_eq(xoev_registry_detect(reg, "urn:libxoev:xmig:schema:1.0", "register.meldung.1001",
	                                      "XMigration", "1.0", &b, &t), 0);
	ck_assert_str_eq(xoev_bundle_version(b), "1.0");
	ck_assert_str_eq(xoev_message_type_number(t), "1001");
	ck_assert_int_eq(xoev_registry_detect(reg, "urn:libxoev:xmig:schema:1.0", "nope.nope.0000",
	                                      "XMigration", "1.0", &b, &t), XOEV_ENOTFOUND);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_null(t);
	ck_assert_int_eq(xoev_registry_detect(reg, "urn:elsewhere", "a.b.0001", NULL, NULL, &b, &t),
	                 XOEV_ENOTFOUND);
	ck_assert_ptr_null(b);
	/* every message type of every bundle is detected as itself */
	for (i = 0; i < xoev_registry_bundle_count(reg); i++) {
		const xoev_bundle *bu = xoev_registry_bundle(reg, i);
		size_t m;
		for (m = 0; m < xoev_bundle_message_count(bu); m++) {
			const xoev_message_type *mt = xoev_bundle_message(bu, m);
			const xoev_bundle *got = NULL;
			const xoev_message_type *gt = NULL;
			ck_assert_int_eq(xoev_registry_detect(reg, xoev_message_type_namespace(mt),
			                                      xoev_message_type_root(mt), NULL, NULL, &got, &gt), 0);
			ck_assert_ptr_eq(got, bu);
			ck_assert_ptr_eq(gt, mt);
		}
	}
	xoev_registry_free(reg);
}
END_TEST

START_TEST(search_path_order_and_env)
{
	const char *paths[] = { SCHEMAS "/xmig/1.0", SCHEMAS };
	xoev_diag_list *diags = NULL;
	xoev_registry *reg;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	/* a bundle directory itself, then its parent: the second copy is shadowed */
	reg = open_paths(paths, 2, XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT, diags);
	ck_assert_uint_eq(xoev_registry_bundle_count(reg), 5);
	ck_assert(xoev_test_has_rule(diags, "bundle.shadowed"));
	xoev_registry_free(reg);
	xoev_diag_list_clear(diags);

	/* XOEV_SCHEMA_PATH, colon-separated, is read unless NO_ENV */
	setenv("XOEV_SCHEMA_PATH", "/nonexistent:" SCHEMAS "/xsoz", 1);
	reg = open_paths(NULL, 0, XOEV_REGISTRY_NO_DEFAULT, diags);
	ck_assert_uint_eq(xoev_registry_bundle_count(reg), 2);
	ck_assert_str_eq(xoev_bundle_standard(xoev_registry_bundle(reg, 0)), "xsoz");
	xoev_registry_free(reg);
	reg = open_paths(NULL, 0, XOEV_REGISTRY_NO_DEFAULT | XOEV_REGISTRY_NO_ENV, diags);
	ck_assert_uint_eq(xoev_registry_bundle_count(reg), 0);
	xoev_registry_free(reg);
	unsetenv("XOEV_SCHEMA_PATH");

	{
		xoev_registry_options bad = XOEV_REGISTRY_OPTIONS_INIT;
		xoev_registry *r2 = NULL;
		bad.version = 99;
		ck_assert_int_eq(xoev_registry_open(&r2, &bad, NULL), XOEV_EINVAL);
		ck_assert_ptr_null(r2);
		ck_assert_int_eq(xoev_registry_open(NULL, NULL, NULL), XOEV_EINVAL);
	}
	xoev_diag_list_free(diags);
}
END_TEST

/* A bundle with an unreadable schema document is broken, never half compiled. */
START_TEST(broken_bundle)
{
	char *tmp = xoev_test_tmpdir(), cmd[8192], dir[4096], example[4096];
	const char *paths[1];
	xoev_registry *reg;
	xoev_validator *v = NULL;
	xoev_diag_list *diags = NULL;
	xoev_verdict verdict = XOEV_VERDICT_VALID;

	snprintf(cmd, sizeof cmd, "cp -r '%s/xmig/1.0' '%s/b' && "
	                          "sed -i 's|</xs:schema>|<xs:oops|' '%s/b/xsd/xmig-nachrichten.xsd'",
	         SCHEMAS, tmp, tmp);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
	snprintf(dir, sizeof dir, "%s/b", tmp);
	paths[0] = dir;
	reg = open_paths(paths, 1, XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT, NULL);
	ck_assert_uint_eq(xoev_registry_bundle_count(reg), 1);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_bundle_compile(xoev_registry_bundle(reg, 0), diags), XOEV_ESCHEMA);
	ck_assert(xoev_test_has_rule(diags, "bundle.schema-compile"));
	xoev_diag_list_clear(diags);
	ck_assert_int_eq(xoev_validator_new(&v, reg, NULL), 0);
	snprintf(example, sizeof example, "%s/xmig/1.0/examples/valid/register.meldung.1001.xml", SCHEMAS);
	ck_assert_int_eq(xoev_validate_file(v, example, diags, &verdict), XOEV_ESCHEMA);
	ck_assert(xoev_test_has_rule(diags, "bundle.schema-compile"));
	xoev_validator_free(v);
	xoev_registry_free(reg);
	xoev_diag_list_free(diags);

	/* a manifest that breaks the manifest schema is skipped with a located finding */
	snprintf(cmd, sizeof cmd, "sed -i 's|format=\"1\"|format=\"2\"|' '%s/b/xoev-bundle.xml'", tmp);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	reg = open_paths(paths, 1, XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT, diags);
	ck_assert_uint_eq(xoev_registry_bundle_count(reg), 0);
	ck_assert_uint_gt(xoev_diag_list_count_at_least(diags, XOEV_SEVERITY_ERROR), 0);
	ck_assert_uint_gt(xoev_diag_line(xoev_diag_list_get(diags, 0)), 0);
	xoev_registry_free(reg);
	xoev_diag_list_free(diags);
	free(tmp);
}
END_TEST

/*
 * A bundle whose schema includes a file outside its directory: refused
 * unread. The outside file is a FIFO without a writer, so any attempt to
 * open it would hang the test into its timeout.
 */
START_TEST(nothing_outside_the_bundle_is_read)
{
	char *tmp = xoev_test_tmpdir(), dir[4096], path[8192], cmd[16384];
	const char *paths[1];
	const char *manifest =
		"<bundle xmlns=\"urn:libxoev:bundle:1\" format=\"1\" standard=\"evil\" version=\"1\">\n"
		"  <detect><namespace uri=\"urn:evil\"/></detect>\n"
		"  <schema href=\"main.xsd\" namespace=\"urn:evil\" entry=\"true\"/>\n"
		"  <message root=\"a.b.0001\" namespace=\"urn:evil\"/>\n"
		"</bundle>\n";
	const char *xsd =
		"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:evil\">\n"
		"  <xs:include schemaLocation=\"../outside.xsd\"/>\n"
		"  <xs:element name=\"a.b.0001\"/>\n"
		"</xs:schema>\n";
	xoev_registry *reg;
	xoev_diag_list *diags = NULL;

	snprintf(dir, sizeof dir, "%s/bundle", tmp);
	snprintf(cmd, sizeof cmd, "mkdir '%s' && mkfifo '%s/outside.xsd'", dir, tmp);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
	snprintf(path, sizeof path, "%s/xoev-bundle.xml", dir);
	xoev_test_write_file(path, manifest, strlen(manifest));
	snprintf(path, sizeof path, "%s/main.xsd", dir);
	xoev_test_write_file(path, xsd, strlen(xsd));
	paths[0] = dir;
	reg = open_paths(paths, 1, XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT, NULL);
	ck_assert_uint_eq(xoev_registry_bundle_count(reg), 1);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_bundle_compile(xoev_registry_bundle(reg, 0), diags), XOEV_ESCHEMA);
	ck_assert(xoev_test_has_rule(diags, "resolve.refused"));
	xoev_diag_list_free(diags);
	xoev_registry_free(reg);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	xoev_test_run(cmd, NULL);
	free(tmp);
}
END_TEST

typedef struct {
	const xoev_registry *reg;
	char **files;
	size_t count;
	size_t valid;
	int failed;
} worker;

static void *work(void *arg)
{
	worker *w = arg;
	xoev_validator *v = NULL;
	xoev_diag_list *diags = NULL;
	size_t i, round;

	if (xoev_diag_list_new(&diags)) {
		w->failed = 1;
		return NULL;
	}
	/* One validator per round: a run rejects a message UUID it has seen. */
	for (round = 0; round < 2; round++, xoev_validator_free(v), v = NULL) {
		if (xoev_validator_new(&v, w->reg, NULL)) {
			w->failed = 1;
			break;
		}
		for (i = 0; i < w->count; i++) {
			xoev_verdict verdict;
			xoev_diag_list_clear(diags);
			if (xoev_validate_file(v, w->files[i], diags, &verdict) != 0)
				w->failed = 1;
			else if (verdict == XOEV_VERDICT_VALID)
				w->valid++;
		}
	}
	xoev_diag_list_free(diags);
	xoev_validator_free(v);
	return NULL;
}

/* Eight threads, one registry, nothing compiled yet: every bundle compiles
 * once, under contention, and every thread gets the same verdicts. */
START_TEST(threads_share_one_registry)
{
	const char *paths[] = { SCHEMAS };
	xoev_registry *reg = open_paths(paths, 1, XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT, NULL);
	pthread_t th[8];
	worker w[8];
	glob_t g;
	size_t i;

	ck_assert_int_eq(glob(SCHEMAS "/*/*/examples/valid/*.xml", 0, NULL, &g), 0);
	ck_assert_uint_gt(g.gl_pathc, 40);
	for (i = 0; i < 8; i++) {
		memset(&w[i], 0, sizeof w[i]);
		w[i].reg = reg;
		w[i].files = g.gl_pathv;
		w[i].count = g.gl_pathc;
		ck_assert_int_eq(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (i = 0; i < 8; i++) {
		ck_assert_int_eq(pthread_join(th[i], NULL), 0);
		ck_assert(!w[i].failed);
		ck_assert_uint_eq(w[i].valid, 2 * g.gl_pathc);
	}
	globfree(&g);
	xoev_registry_free(reg);
}
END_TEST

Suite *xoev_suite_registry(void)
{
	Suite *s = suite_create("registry");
	TCase *tc = tcase_create("registry");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, lookup_and_detect);
	tcase_add_test(tc, search_path_order_and_env);
	tcase_add_test(tc, broken_bundle);
	tcase_add_test(tc, nothing_outside_the_bundle_is_read);
	tcase_add_test(tc, threads_share_one_registry);
	suite_add_tcase(s, tc);
	return s;
}
