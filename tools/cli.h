/*
 * xoev - shared declarations of the command-line tool's files.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_CLI_H
#define XOEV_CLI_H

#include <stdio.h>

#include "xoev/xoev.h"

/* Exit codes: a class of outcome, never a count. */
#define EXIT_VALID 0
#define EXIT_INVALID 1
#define EXIT_USAGE 2
#define EXIT_IO 3
#define EXIT_UNKNOWN 4
#define EXIT_INTERNAL 5

#define MAX_PATHS 64

extern const char *prog;

/* --schema-path / --no-default-path, shared by the commands that load bundles. */
typedef struct {
	const char *schema_paths[MAX_PATHS];
	size_t schema_path_count;
	int no_default;
} registry_args;

/* Print "xoev CMD: <fmt with arg>" and the --help hint; returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, const char *arg);

/* "--opt VALUE" or "--opt=VALUE": 1 if argv[*i] is opt (*value NULL if missing). */
int take_value(int argc, char **argv, int *i, const char *opt, const char **value);

/* 1 if argv[*i] was a registry option; *status >= 0 on a usage error. */
int registry_arg(int argc, char **argv, int *i, registry_args *ra, int *status, const char *cmd);

/* Open the registry; skipped bundles are reported on stderr. */
int open_registry(const registry_args *ra, xoev_registry **reg);

void print_diags(FILE *f, const xoev_diag_list *diags);

/* A non-negative decimal number; *ok 0 if s is not one. */
unsigned long parse_number(const char *s, int *ok);

/* A growable list of paths (owned strings); files.c. */
typedef struct {
	char **items;
	size_t count;
	size_t cap;
} path_list;

/* Which files of a directory to take (the file's path; 1: take it). */
typedef int (*path_filter)(const char *path);

/* Append a copy of s[0..len). 0 or XOEV_ENOMEM. */
int path_list_push(path_list *l, const char *s, size_t len);
/* Free the strings and the list; l is empty afterwards. */
void path_list_free(path_list *l);
/* 1 if path names a directory ("-" never does). */
int path_is_dir(const char *path);
/*
 * A file (or "-") as given; a directory: every regular file below it that
 * want accepts, recursively, sorted, hidden entries skipped. An unreadable
 * directory is added as a path (its reader reports it). 0 or XOEV_ENOMEM.
 */
int path_list_add(path_list *out, const char *path, path_filter want);

/*
 * Write buf to path through a hidden temporary file in the same directory
 * and a rename: never half a file. replace 0: refuse an existing path
 * (errno EEXIST), atomically where the file system has hard links.
 * 0, or -1 with errno set.
 */
int write_atomic(const char *path, const void *buf, size_t len, int replace);

/*
 * write_atomic for many files: atomic_batch_add writes path's contents to
 * its temporary file (0, or -1 with errno set: nothing left behind);
 * atomic_batch_commit makes the batch durable (one syncfs() per file
 * system, or fsync() per file) and then names every file; each entry's err
 * is 0 or the errno value that kept it from being written (then nothing
 * is left behind). atomic_batch_clear empties the batch for the next one.
 * Zero-initialise an atomic_batch to start.
 */
typedef struct {
	char *tmp;
	char *path;
	int fd;
	int replace;
	int err;
} atomic_pending;

typedef struct {
	atomic_pending *items;
	size_t count;
	size_t cap;
} atomic_batch;

int atomic_batch_add(atomic_batch *b, const char *path, const void *buf, size_t len, int replace);
void atomic_batch_commit(atomic_batch *b);
void atomic_batch_clear(atomic_batch *b);
void atomic_batch_free(atomic_batch *b);
/* mkdir -p. 0, or -1 with errno set. */
int make_dirs(const char *dir);

int cmd_validate(int argc, char **argv);
int cmd_skeleton(int argc, char **argv);
int cmd_describe(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_translate(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_mapping(int argc, char **argv);

#endif
