/*
 * xoev - `xoev mapping derive STANDARD A B`: the translation step between
 * two versions derived from their schema models (xoev_mapping_derive), or
 * the differences that need a hand-written one.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char mapping_help[] =
	"Usage: xoev mapping derive STANDARD A B [OPTIONS]\n"
	"\n"
	"Derive the translation step from version A to version B of STANDARD (A may\n"
	"be older or newer) from the two bundles' schema models. It can be derived\n"
	"when the versions differ only in namespaces, root version attributes, fixed\n"
	"attribute values (listURI, listVersionID) and element defaults; otherwise\n"
	"every other difference is listed (type, element or attribute, old and new\n"
	"value, messages) and nothing is written.\n"
	"\n"
	"The step goes into a step home below DIR, which then belongs on the search\n"
	"path (--schema-path DIR):\n"
	"  DIR/STANDARD/A/steps/to-B.xsl\n"
	"  DIR/STANDARD/changes/OLDER_NEWER.xml   (shared by both directions)\n"
	"Files are written atomically; a file with other content is kept unless\n"
	"--force is given (then nothing is written at all).\n"
	"\n"
	"Options:\n"
	"  -o, --output DIR       write the step home below DIR\n"
	"  --stdout               write the stylesheet to standard output (the report\n"
	"                         goes to standard error)\n"
	"  --force                replace files that exist with other content\n"
	"  --report text|json     the report's format (default: text)\n"
	"  --schema-path DIR      load bundles from DIR first (repeatable)\n"
	"  --no-default-path      do not load the installed schemas\n"
	"  -h, --help             this help\n"
	"\n"
	"Without -o or --stdout only the report is printed.\n"
	"\n"
	"Exit codes: 0 derived, 1 differences need a hand-written step (listed),\n"
	"2 usage, 3 input/output error (a file exists, unreadable schemas),\n"
	"4 unknown standard or version, 5 internal error.\n";

typedef struct {
	const char *pos[3];
	size_t npos;
	const char *outdir;
	int to_stdout, force;
	xoev_format fmt;
	registry_args ra;
} mapping_args;

/* Parse the options after "derive"; -1 on success, else an exit status. */
static int parse_args(int argc, char **argv, mapping_args *a)
{
	const char *v;
	int i, status = -1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(mapping_help, stdout);
			return EXIT_VALID;
		} else if (registry_arg(argc, argv, &i, &a->ra, &status, "mapping")) {
			if (status >= 0)
				return status;
		} else if (take_value(argc, argv, &i, "--output", &v) ||
		           take_value(argc, argv, &i, "-o", &v)) {
			if (!v)
				return usage_error("mapping", "-o needs a directory", NULL);
			a->outdir = v;
		} else if (strcmp(argv[i], "--stdout") == 0) {
			a->to_stdout = 1;
		} else if (strcmp(argv[i], "--force") == 0) {
			a->force = 1;
		} else if (take_value(argc, argv, &i, "--report", &v)) {
			if (v && strcmp(v, "text") == 0)
				a->fmt = XOEV_FORMAT_TEXT;
			else if (v && strcmp(v, "json") == 0)
				a->fmt = XOEV_FORMAT_JSON;
			else
				return usage_error("mapping", "--report needs text or json%s", "");
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error("mapping", "unknown option '%s'", argv[i]);
		} else if (a->npos < 3) {
			a->pos[a->npos++] = argv[i];
		} else {
			return usage_error("mapping", "unexpected argument '%s'", argv[i]);
		}
	}
	if (a->npos != 3)
		return usage_error("mapping", "derive needs STANDARD A B", NULL);
	if (a->outdir && a->to_stdout)
		return usage_error("mapping", "-o and --stdout exclude each other", NULL);
	if (strcmp(a->pos[1], a->pos[2]) == 0)
		return usage_error("mapping", "A and B are the same version '%s'", a->pos[1]);
	return -1;
}

static int status_of(int rc)
{
	switch (rc) {
	case XOEV_ENOTFOUND: return EXIT_UNKNOWN;
	case XOEV_ESCHEMA:
	case XOEV_EIO:
	case XOEV_EEXISTS: return EXIT_IO;
	default: return EXIT_INTERNAL;
	}
}

/* Print the report (to f) and write what was asked for; the exit status. */
static int deliver(const mapping_args *a, const xoev_mapping *m)
{
	xoev_diag_list *diags = NULL;
	FILE *rf = a->to_stdout ? stderr : stdout;
	char *report = NULL;
	size_t len = 0, xlen = 0;
	const char *xsl;
	int rc = xoev_mapping_report(m, a->fmt, &report, &len);

	if (rc != XOEV_OK) {
		fprintf(stderr, "%s mapping: %s\n", prog, xoev_strerror(rc));
		return EXIT_INTERNAL;
	}
	fwrite(report, 1, len, rf);
	xoev_free(report);
	if (!xoev_mapping_derivable(m))
		return EXIT_INVALID;
	if (a->to_stdout) {
		xsl = xoev_mapping_stylesheet(m, &xlen);
		return fwrite(xsl, 1, xlen, stdout) == xlen && fflush(stdout) == 0 ? EXIT_VALID :
		                                                                     EXIT_IO;
	}
	if (!a->outdir)
		return EXIT_VALID;
	if (xoev_diag_list_new(&diags))
		return EXIT_INTERNAL;
	rc = xoev_mapping_write(m, a->outdir, a->force ? XOEV_MAPPING_WRITE_FORCE : 0, diags);
	print_diags(stderr, diags);
	xoev_diag_list_free(diags);
	if (rc != XOEV_OK) {
		fprintf(stderr, "%s mapping: %s\n", prog, xoev_strerror(rc));
		return status_of(rc);
	}
	if (a->fmt == XOEV_FORMAT_TEXT)
		fprintf(rf, "wrote %s/%s and %s/%s\n", a->outdir, xoev_mapping_step_path(m), a->outdir,
		        xoev_mapping_changes_path(m));
	return EXIT_VALID;
}

int cmd_mapping(int argc, char **argv)
{
	mapping_args a;
	xoev_registry *reg = NULL;
	xoev_diag_list *diags = NULL;
	xoev_mapping *m = NULL;
	int status, rc;

	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		fputs(mapping_help, stdout);
		return EXIT_VALID;
	}
	if (argc < 2 || strcmp(argv[1], "derive") != 0)
		return usage_error("mapping", "unknown or missing subcommand '%s' (derive)",
		                   argc >= 2 ? argv[1] : "");
	memset(&a, 0, sizeof a);
	a.fmt = XOEV_FORMAT_TEXT;
	status = parse_args(argc - 1, argv + 1, &a);
	if (status >= 0)
		return status;
	rc = open_registry(&a.ra, &reg);
	if (rc) {
		fprintf(stderr, "%s mapping: %s\n", prog, xoev_strerror(rc));
		return EXIT_INTERNAL;
	}
	if (xoev_diag_list_new(&diags)) {
		xoev_registry_free(reg);
		return EXIT_INTERNAL;
	}
	rc = xoev_mapping_derive(reg, a.pos[0], a.pos[1], a.pos[2], NULL, &m, diags);
	print_diags(stderr, diags);
	if (rc == XOEV_OK) {
		status = deliver(&a, m);
	} else {
		if (rc == XOEV_ENOTFOUND)
			fprintf(stderr, "%s mapping: unknown standard or version '%s %s' or '%s %s'\n",
			        prog, a.pos[0], a.pos[1], a.pos[0], a.pos[2]);
		else
			fprintf(stderr, "%s mapping: %s\n", prog, xoev_strerror(rc));
		status = status_of(rc);
	}
	xoev_mapping_free(m);
	xoev_diag_list_free(diags);
	xoev_registry_free(reg);
	return status;
}
