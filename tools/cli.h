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

int cmd_validate(int argc, char **argv);
int cmd_skeleton(int argc, char **argv);
int cmd_describe(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_translate(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_mapping(int argc, char **argv);

#endif
