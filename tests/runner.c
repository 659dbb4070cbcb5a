/*
 * libxoev tests - the runner: every suite of tests/suites.def in one run.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "tests.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int xoev_test_skips = 0;

const char *xoev_test_corpus(const char *test_name)
{
	static char path[4096];
	const char *env = getenv("XOEV_CORPUS");
	struct stat st;

	if (env && *env)
		snprintf(path, sizeof path, "%s", env);
	else
		snprintf(path, sizeof path, "%s/../shared/corpus", XOEV_SRCDIR);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return path;
	if (getenv("CI"))
		ck_abort_msg("%s: the corpus is missing at %s (CI requires it)", test_name, path);
	fprintf(stderr, "SKIP %s: corpus missing at %s (set XOEV_CORPUS)\n", test_name, path);
	{
		/* Tests run in forked children: count skips through a file. */
		const char *log = getenv("XOEV_SKIP_LOG");
		FILE *f = log ? fopen(log, "a") : NULL;
		if (f) {
			fprintf(f, "%s\n", test_name);
			fclose(f);
		}
	}
	xoev_test_skips++;
	return NULL;
}

const char *xoev_test_cli(void)
{
	const char *cli = getenv("XOEV_CLI");
	return (cli && *cli) ? cli : XOEV_SRCDIR "/build/xoev";
}

int xoev_test_memory_tool(void)
{
	const char *p = getenv("LD_PRELOAD");

	return getenv("XOEV_MEMORY_TOOL") != NULL || (p && strstr(p, "vgpreload") != NULL) ||
	       getenv("ASAN_OPTIONS") != NULL || getenv("UBSAN_OPTIONS") != NULL ||
	       getenv("TSAN_OPTIONS") != NULL;
}

char *xoev_test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *path = NULL;
	size_t n;

	if (!base || !*base)
		base = "/tmp";
	n = strlen(base) + 32;
	path = malloc(n);
	ck_assert_ptr_nonnull(path);
	snprintf(path, n, "%s/xoev-test-XXXXXX", base);
	ck_assert_msg(mkdtemp(path) != NULL, "mkdtemp: %s", strerror(errno));
	return path;
}

void xoev_test_write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

char *xoev_test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			char *nb;
			cap = (cap ? cap * 2 : 8192) + 4096;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, 4096, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

int xoev_test_run(const char *cmd, char **output)
{
	char *full;
	FILE *p;
	char *buf = NULL;
	size_t cap = 0, n = 0, r;
	int status;

	full = malloc(strlen(cmd) + 16);
	ck_assert_ptr_nonnull(full);
	sprintf(full, "(%s) 2>&1", cmd);
	p = popen(full, "r");
	free(full);
	if (!p)
		return -1;
	do {
		if (n + 4096 + 1 > cap) {
			cap = (cap ? cap * 2 : 8192) + 4096;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		r = fread(buf + n, 1, 4096, p);
		n += r;
	} while (r > 0);
	buf[n] = '\0';
	status = pclose(p);
	if (output)
		*output = buf;
	else
		free(buf);
	if (status == -1 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

const xoev_diag *xoev_test_find_rule(const xoev_diag_list *list, const char *rule)
{
	size_t i;

	for (i = 0; i < xoev_diag_list_count(list); i++)
		if (strcmp(xoev_diag_rule(xoev_diag_list_get(list, i)), rule) == 0)
			return xoev_diag_list_get(list, i);
	return NULL;
}

int xoev_test_has_rule(const xoev_diag_list *list, const char *rule)
{
	return xoev_test_find_rule(list, rule) != NULL;
}

xoev_registry *xoev_test_project_registry(void)
{
	xoev_registry_options o = XOEV_REGISTRY_OPTIONS_INIT;
	const char *paths[1] = { XOEV_SRCDIR "/schemas" };
	xoev_registry *reg = NULL;
	xoev_diag_list *diags = NULL;

	o.paths = paths;
	o.path_count = 1;
	o.flags = XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT;
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_registry_open(&reg, &o, diags), 0);
	ck_assert_msg(xoev_diag_list_count_at_least(diags, XOEV_SEVERITY_WARNING) == 0,
	              "bundle findings in schemas/: %s",
	              xoev_diag_message(xoev_diag_list_get(diags, 0)));
	xoev_diag_list_free(diags);
	return reg;
}

char *xoev_test_dir;

void xoev_test_dir_setup(void)
{
	xoev_test_dir = xoev_test_tmpdir();
}

void xoev_test_dir_teardown(void)
{
	char *cmd;

	if (!xoev_test_dir)
		return;
	cmd = malloc(strlen(xoev_test_dir) + 16);
	if (cmd) {
		sprintf(cmd, "rm -rf '%s'", xoev_test_dir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", xoev_test_dir);
		free(cmd);
	}
	free(xoev_test_dir);
	xoev_test_dir = NULL;
}

int main(void)
{
	SRunner *sr = NULL;
	int failed;
	char skiplog[64];
	int fd;

	snprintf(skiplog, sizeof skiplog, "/tmp/xoev-skips-XXXXXX");
	fd = mkstemp(skiplog);
	if (fd >= 0) {
		close(fd);
		setenv("XOEV_SKIP_LOG", skiplog, 1);
	}

#define XOEV_SUITE(name) \
	if (!sr) sr = srunner_create(xoev_suite_##name()); \
	else srunner_add_suite(sr, xoev_suite_##name());
#include "suites.def"
#undef XOEV_SUITE

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (fd >= 0) {
		char *log = xoev_test_read_file(skiplog, NULL);
		int skips = 0;
		const char *c;
		for (c = log; c && *c; c++)
			skips += (*c == '\n');
		if (skips)
			fprintf(stderr, "%d test(s) SKIPPED (see the SKIP lines above for why); "
			        "they are not counted as passed\n", skips);
		free(log);
		unlink(skiplog);
	}
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
