/*
 * xoev - option helpers shared by the commands.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *prog = "xoev";

int usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s%s%s: ", prog, cmd ? " " : "", cmd ? cmd : "");
	fprintf(stderr, fmt, arg ? arg : "");
	fprintf(stderr, "\nTry '%s%s%s --help'.\n", prog, cmd ? " " : "", cmd ? cmd : "");
	return EXIT_USAGE;
}

/* Takes "--opt VALUE" or "--opt=VALUE". Returns 1 if argv[*i] is opt. */
int take_value(int argc, char **argv, int *i, const char *opt, const char **value)
{
	size_t n = strlen(opt);

	if (strncmp(argv[*i], opt, n) != 0)
		return 0;
	if (argv[*i][n] == '=') {
		*value = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		*value = NULL;
		return 1;
	}
	*value = argv[++*i];
	return 1;
}

int registry_arg(int argc, char **argv, int *i, registry_args *ra, int *status,
                        const char *cmd)
{
	const char *v;

	if (take_value(argc, argv, i, "--schema-path", &v)) {
		if (!v) {
			*status = usage_error(cmd, "--schema-path needs a directory", NULL);
		} else if (ra->schema_path_count >= MAX_PATHS) {
			*status = usage_error(cmd, "too many --schema-path options", NULL);
		} else {
			ra->schema_paths[ra->schema_path_count++] = v;
		}
		return 1;
	}
	if (strcmp(argv[*i], "--no-default-path") == 0) {
		ra->no_default = 1;
		return 1;
	}
	return 0;
}

void print_diags(FILE *f, const xoev_diag_list *diags)
{
	size_t i;

	for (i = 0; i < xoev_diag_list_count(diags); i++) {
		char *line = xoev_diag_format(xoev_diag_list_get(diags, i));
		if (line)
			fprintf(f, "%s\n", line);
		xoev_free(line);
	}
}

int open_registry(const registry_args *ra, xoev_registry **reg)
{
	xoev_registry_options opts = XOEV_REGISTRY_OPTIONS_INIT;
	xoev_diag_list *diags = NULL;
	int rc;

	opts.paths = ra->schema_paths;
	opts.path_count = ra->schema_path_count;
	if (ra->no_default)
		opts.flags |= XOEV_REGISTRY_NO_DEFAULT;
	if (xoev_diag_list_new(&diags) != XOEV_OK)
		return XOEV_ENOMEM;
	rc = xoev_registry_open(reg, &opts, diags);
	/* Bundles that were skipped are worth knowing about. */
	{
		size_t i;
		for (i = 0; i < xoev_diag_list_count(diags); i++) {
			const xoev_diag *d = xoev_diag_list_get(diags, i);
			if (xoev_diag_severity(d) >= XOEV_SEVERITY_WARNING) {
				char *line = xoev_diag_format(d);
				if (line)
					fprintf(stderr, "%s\n", line);
				xoev_free(line);
			}
		}
	}
	xoev_diag_list_free(diags);
	return rc;
}

unsigned long parse_number(const char *s, int *ok)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s ? s : "", &end, 10);
	*ok = s && *s && *end == '\0' && errno == 0 && s[0] != '-';
	return v;
}
