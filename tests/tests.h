/*
 * libxoev tests - shared helpers for the Check suites.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_TESTS_H
#define XOEV_TESTS_H

#include <check.h>
#include <stdlib.h>

#include "xoev/xoev.h"

/* Every suite: Suite *xoev_suite_<name>(void); listed in tests/suites.def. */
#define XOEV_SUITE(name) Suite *xoev_suite_##name(void);
#include "suites.def"
#undef XOEV_SUITE

/** The source tree (for schemas/, examples/, tests/data/). */
#ifndef XOEV_SRCDIR
#define XOEV_SRCDIR "."
#endif

/**
 * Path of ../shared/corpus (or $XOEV_CORPUS), or NULL. When it is missing:
 * under CI (CI set) the calling test fails loudly; otherwise the test prints
 * "SKIP <test>: corpus missing" and returns NULL, and the caller returns.
 * Skips are counted and printed by the runner; they never count as passed
 * checks of the corpus.
 */
const char *xoev_test_corpus(const char *test_name);

/** Number of skips so far (printed by the runner). */
extern int xoev_test_skips;

/** Path of the xoev CLI built by make ($XOEV_CLI). */
const char *xoev_test_cli(void);

/** A new temporary directory (mkdtemp under $TMPDIR or /tmp); caller frees the string. */
char *xoev_test_tmpdir(void);

/** Write len bytes to path; aborts the test on failure. */
void xoev_test_write_file(const char *path, const void *buf, size_t len);

/** Read a whole file (NUL-terminated, caller frees); NULL if unreadable. */
char *xoev_test_read_file(const char *path, size_t *len);

/**
 * Run a shell command, capture stdout+stderr into *output (may be NULL;
 * caller frees), return its exit status (or -1).
 */
int xoev_test_run(const char *cmd, char **output);

/**
 * A registry of the project's own bundles in schemas/ only (no environment,
 * no installed data); fails the test if a bundle is reported broken.
 */
xoev_registry *xoev_test_project_registry(void);

/** The first finding in list with this rule id, or NULL. */
const xoev_diag *xoev_test_find_rule(const xoev_diag_list *list, const char *rule);

/** A fresh temporary directory per test: the checked fixture below sets it and removes it. */
extern char *xoev_test_dir;
void xoev_test_dir_setup(void);
void xoev_test_dir_teardown(void);

/** 1 if some finding in list has this rule id. */
int xoev_test_has_rule(const xoev_diag_list *list, const char *rule);

/*
 * 1 under valgrind (make valgrind sets XOEV_MEMORY_TOOL) or a sanitizer
 * (make asan/ubsan/tsan set their *_OPTIONS): long property tests then
 * sample their inputs; the plain runs cover them all.
 */
int xoev_test_memory_tool(void);

#endif
