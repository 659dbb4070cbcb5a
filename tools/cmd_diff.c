/*
 * xoev - `xoev diff STANDARD A B`: the differences between two versions'
 * schemas (xoev_schema_diff).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char diff_help[] =
	"Usage: xoev diff STANDARD A B [OPTIONS]\n"
	"\n"
	"Print the differences between the schemas of versions A and B of STANDARD:\n"
	"messages added, removed and renamed (same number, another root), and per\n"
	"message the element paths added, removed, moved or renamed, cardinality,\n"
	"type, code list (listURI, listVersionID, code type) and enumeration changes.\n"
	"Moved (same name and type under another parent) and renamed (same parent and\n"
	"type, another name) are heuristics and marked as such.\n"
	"\n"
	"Options:\n"
	"  --format text|json     output format (default: text)\n"
	"  --schema-path DIR      load bundles from DIR first (repeatable)\n"
	"  --no-default-path      do not load the installed schemas\n"
	"  -h, --help             this help\n"
	"\n"
	"Exit codes: 0 done (differences or not), 2 usage, 4 unknown standard or\n"
	"version, 3 unreadable schemas, 5 internal error.\n";

int cmd_diff(int argc, char **argv)
{
	const char *pos[3], *v;
	size_t npos = 0, len = 0;
	registry_args ra;
	xoev_registry *reg = NULL;
	const xoev_bundle *a = NULL, *b = NULL;
	xoev_diag_list *diags = NULL;
	xoev_format fmt = XOEV_FORMAT_TEXT;
	char *text = NULL;
	int i, status = -1, rc;

	memset(&ra, 0, sizeof ra);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(diff_help, stdout);
			return EXIT_VALID;
		} else if (registry_arg(argc, argv, &i, &ra, &status, "diff")) {
			if (status >= 0)
				return status;
		} else if (take_value(argc, argv, &i, "--format", &v)) {
			if (!v)
				return usage_error("diff", "--format needs text or json", NULL);
			if (strcmp(v, "text") == 0)
				fmt = XOEV_FORMAT_TEXT;
			else if (strcmp(v, "json") == 0)
				fmt = XOEV_FORMAT_JSON;
			else
				return usage_error("diff", "unknown format '%s' (text, json)", v);
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error("diff", "unknown option '%s'", argv[i]);
		} else if (npos < 3) {
			pos[npos++] = argv[i];
		} else {
			return usage_error("diff", "unexpected argument '%s'", argv[i]);
		}
	}
	if (npos != 3)
		return usage_error("diff", "needs STANDARD A B", NULL);
	rc = open_registry(&ra, &reg);
	if (rc) {
		fprintf(stderr, "%s diff: %s\n", prog, xoev_strerror(rc));
		return EXIT_INTERNAL;
	}
	for (i = 1; i <= 2; i++) {
		if (xoev_registry_find(reg, pos[0], pos[i], i == 1 ? &a : &b) != XOEV_OK) {
			fprintf(stderr, "%s diff: unknown standard or version '%s %s'\n", prog, pos[0],
			        pos[i]);
			xoev_registry_free(reg);
			return EXIT_UNKNOWN;
		}
	}
	if (xoev_diag_list_new(&diags)) {
		xoev_registry_free(reg);
		return EXIT_INTERNAL;
	}
	rc = xoev_schema_diff(a, b, fmt, &text, &len, diags);
	print_diags(stderr, diags);
	if (rc == XOEV_OK) {
		status = fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0 ? EXIT_VALID :
		                                                                       EXIT_IO;
	} else {
		fprintf(stderr, "%s diff: %s\n", prog, xoev_strerror(rc));
		status = rc == XOEV_ESCHEMA ? EXIT_IO : EXIT_INTERNAL;
	}
	xoev_free(text);
	xoev_diag_list_free(diags);
	xoev_registry_free(reg);
	return status;
}
