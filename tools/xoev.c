/*
 * xoev - the command-line tool: a thin user of the public libxoev API.
 *
 * Exit codes: 0 all valid; 1 some document invalid; 2 usage error;
 * 3 input/output error; 4 unknown standard or version; 5 internal error.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xoev/xoev.h"

#define EXIT_VALID 0
#define EXIT_INVALID 1
#define EXIT_USAGE 2
#define EXIT_IO 3
#define EXIT_UNKNOWN 4
#define EXIT_INTERNAL 5

#define MAX_PATHS 64

static const char *prog = "xoev";

/* ------------------------------------------------------------------ */
/* shared option handling                                              */
/* ------------------------------------------------------------------ */

typedef struct {
	const char *schema_paths[MAX_PATHS];
	size_t schema_path_count;
	int no_default;
} registry_args;

static int usage_error(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s%s%s: ", prog, cmd ? " " : "", cmd ? cmd : "");
	fprintf(stderr, fmt, arg ? arg : "");
	fprintf(stderr, "\nTry '%s%s%s --help'.\n", prog, cmd ? " " : "", cmd ? cmd : "");
	return EXIT_USAGE;
}

/* Takes "--opt VALUE" or "--opt=VALUE". Returns 1 if argv[*i] is opt. */
static int take_value(int argc, char **argv, int *i, const char *opt, const char **value)
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

static int registry_arg(int argc, char **argv, int *i, registry_args *ra, int *status,
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

static void print_diags(FILE *f, const xoev_diag_list *diags)
{
	size_t i;

	for (i = 0; i < xoev_diag_list_count(diags); i++) {
		char *line = xoev_diag_format(xoev_diag_list_get(diags, i));
		if (line)
			fprintf(f, "%s\n", line);
		xoev_free(line);
	}
}

static int open_registry(const registry_args *ra, xoev_registry **reg)
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

/* ------------------------------------------------------------------ */
/* validate                                                            */
/* ------------------------------------------------------------------ */

static const char validate_help[] =
	"Usage: xoev validate [OPTIONS] FILE|DIR|- ...\n"
	"\n"
	"Validate XÖV messages: safe parsing, detection of standard, version and\n"
	"message type, XML Schema. Directories are searched recursively for *.xml\n"
	"and *.gz files; '-' reads standard input; gzip input is recognised by content.\n"
	"\n"
	"Options:\n"
	"  --schema-path DIR      load bundles from DIR first (repeatable; then\n"
	"                         $XOEV_SCHEMA_PATH, then the installed schemas)\n"
	"  --no-default-path      do not load the installed schemas\n"
	"  --standard ID          do not detect: validate against this standard\n"
	"  --version V            ... in this version (default: the newest)\n"
	"  --schema FILE.xsd      ad-hoc mode, like xmllint --schema: no bundle\n"
	"  --catalog FILE         OASIS catalog for the ad-hoc schema's imports\n"
	"  --format text|json     report format (default text)\n"
	"  -q, --quiet            text: print findings only, no per-file verdicts\n"
	"  --max-depth N          element nesting limit (default 256)\n"
	"  --max-size BYTES       document size limit after decompression (default 512 MiB)\n"
	"  -h, --help             this help\n"
	"\n"
	"Output (text): file:line:col: severity: rule: message [xpath]\n"
	"Exit status: 0 all valid, 1 some invalid, 2 usage, 3 input/output error,\n"
	"4 unknown standard or version, 5 internal error.\n";

typedef struct {
	xoev_validator *v;
	xoev_report *report;
	int json;
	int quiet;
	int worst_internal;
	size_t files;
} validate_run;

static int is_candidate(const char *name)
{
	size_t n = strlen(name);
	return (n > 4 && strcmp(name + n - 4, ".xml") == 0) ||
	       (n > 3 && strcmp(name + n - 3, ".gz") == 0);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int validate_one(validate_run *run, const char *path);

/* Validate a directory recursively, in sorted order. */
static int validate_dir(validate_run *run, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "%s: cannot open directory: %s\n", dir, strerror(errno));
		return XOEV_EIO;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn;
			cap = cap ? cap * 2 : 32;
			nn = realloc(names, cap * sizeof *nn);
			if (!nn) {
				rc = XOEV_ENOMEM;
				break;
			}
			names = nn;
		}
		names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
		if (!names[n]) {
			rc = XOEV_ENOMEM;
			break;
		}
		{
			size_t dl = strlen(dir);
			while (dl > 1 && dir[dl - 1] == '/')
				dl--;
			sprintf(names[n], "%.*s/%s", (int)dl, dir, e->d_name);
		}
		n++;
	}
	closedir(d);
	if (rc == 0 && n)
		qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; rc == 0 && i < n; i++) {
		struct stat st;
		if (lstat(names[i], &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			rc = validate_dir(run, names[i]);
		else if (S_ISREG(st.st_mode) && is_candidate(names[i]))
			rc = validate_one(run, names[i]);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc == XOEV_EIO ? 0 : rc;
}

static int read_stdin(char **buf, size_t *len)
{
	size_t cap = 65536, n = 0, r;
	char *b = malloc(cap);

	if (!b)
		return XOEV_ENOMEM;
	while ((r = fread(b + n, 1, cap - n, stdin)) > 0) {
		n += r;
		if (n == cap) {
			char *nb = realloc(b, cap * 2);
			if (!nb) {
				free(b);
				return XOEV_ENOMEM;
			}
			b = nb;
			cap *= 2;
		}
	}
	if (ferror(stdin)) {
		free(b);
		return XOEV_EIO;
	}
	*buf = b;
	*len = n;
	return XOEV_OK;
}

static int validate_one(validate_run *run, const char *path)
{
	xoev_diag_list *diags = NULL;
	xoev_verdict verdict = XOEV_VERDICT_IO_ERROR;
	int rc;

	rc = xoev_diag_list_new(&diags);
	if (rc)
		return rc;
	if (strcmp(path, "-") == 0) {
		char *buf = NULL;
		size_t len = 0;
		rc = read_stdin(&buf, &len);
		if (rc == XOEV_OK) {
			rc = xoev_validate_memory(run->v, buf, len, "-", diags, &verdict);
			free(buf);
		} else if (rc == XOEV_EIO) {
			xoev_diag_list_add(diags, XOEV_SEVERITY_FATAL, XOEV_LAYER_IO, "io.read",
			                   "standard input cannot be read", "-", 0, 0, NULL);
			rc = XOEV_OK;
		}
	} else {
		rc = xoev_validate_file(run->v, path, diags, &verdict);
	}
	if (rc == XOEV_ESCHEMA) {
		/* The bundle's schema does not compile: report it, go on. */
		verdict = XOEV_VERDICT_IO_ERROR;
		rc = XOEV_OK;
	}
	if (rc == XOEV_OK) {
		rc = xoev_report_add(run->report, path, verdict, xoev_validator_last_bundle(run->v),
		                     xoev_validator_last_message_type(run->v), diags);
		if (rc == XOEV_OK && !run->json) {
			char *text = NULL;
			size_t idx = run->files;
			if (run->quiet) {
				print_diags(stdout, diags);
			} else if (xoev_report_format_entry(run->report, idx, XOEV_FORMAT_TEXT, &text,
			                                    NULL) == XOEV_OK) {
				fputs(text, stdout);
				xoev_free(text);
			}
			fflush(stdout);
		}
		run->files++;
	}
	xoev_diag_list_free(diags);
	return rc;
}

static int validate_target(validate_run *run, const char *path)
{
	struct stat st;

	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return validate_dir(run, path);
	return validate_one(run, path);
}

static int exit_for(const xoev_report *report)
{
	size_t valid, invalid, io, unknown;

	xoev_report_counts(report, &valid, &invalid, &io, &unknown);
	if (io)
		return EXIT_IO;
	if (unknown)
		return EXIT_UNKNOWN;
	if (invalid)
		return EXIT_INVALID;
	return EXIT_VALID;
}

static unsigned long parse_number(const char *s, int *ok)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s ? s : "", &end, 10);
	*ok = s && *s && *end == '\0' && errno == 0 && s[0] != '-';
	return v;
}

static int cmd_validate(int argc, char **argv)
{
	registry_args ra;
	xoev_validate_options vo = XOEV_VALIDATE_OPTIONS_INIT;
	const char *schema = NULL, *catalog = NULL, *format = "text", *v;
	const char *files[4096];
	size_t nfiles = 0, i;
	validate_run run;
	xoev_registry *reg = NULL;
	int status = -1, rc, ok, only_files = 0;

	memset(&ra, 0, sizeof ra);
	memset(&run, 0, sizeof run);
	for (i = 1; i < (size_t)argc; i++) {
		int idx = (int)i;
		const char *a = argv[i];
		if (!only_files && a[0] == '-' && a[1] != '\0') {
			if (strcmp(a, "--") == 0) {
				only_files = 1;
			} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
				fputs(validate_help, stdout);
				return EXIT_VALID;
			} else if (registry_arg(argc, argv, &idx, &ra, &status, "validate")) {
				if (status >= 0)
					return status;
			} else if (take_value(argc, argv, &idx, "--standard", &v)) {
				if (!v)
					return usage_error("validate", "--standard needs a standard id", NULL);
				vo.standard = v;
			} else if (take_value(argc, argv, &idx, "--version", &v)) {
				if (!v)
					return usage_error("validate", "--version needs a version", NULL);
				vo.standard_version = v;
			} else if (take_value(argc, argv, &idx, "--schema", &v)) {
				if (!v)
					return usage_error("validate", "--schema needs an XSD file", NULL);
				schema = v;
			} else if (take_value(argc, argv, &idx, "--catalog", &v)) {
				if (!v)
					return usage_error("validate", "--catalog needs a catalog file", NULL);
				catalog = v;
			} else if (take_value(argc, argv, &idx, "--format", &v)) {
				if (!v || (strcmp(v, "text") != 0 && strcmp(v, "json") != 0))
					return usage_error("validate", "--format takes text or json", NULL);
				format = v;
			} else if (take_value(argc, argv, &idx, "--max-depth", &v)) {
				vo.max_depth = (unsigned int)parse_number(v, &ok);
				if (!ok || vo.max_depth == 0)
					return usage_error("validate", "--max-depth takes a positive number", NULL);
			} else if (take_value(argc, argv, &idx, "--max-size", &v)) {
				vo.max_document_bytes = (size_t)parse_number(v, &ok);
				if (!ok || vo.max_document_bytes == 0)
					return usage_error("validate", "--max-size takes a positive number of bytes", NULL);
			} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
				run.quiet = 1;
			} else {
				return usage_error("validate", "unknown option '%s'", a);
			}
			i = (size_t)idx;
			continue;
		}
		if (nfiles >= sizeof files / sizeof files[0])
			return usage_error("validate", "too many arguments; pass a directory instead", NULL);
		files[nfiles++] = a;
	}
	if (nfiles == 0)
		return usage_error("validate", "no input: name files, directories or '-'", NULL);
	if (vo.standard_version && !vo.standard)
		return usage_error("validate", "--version needs --standard", NULL);
	if (schema && vo.standard)
		return usage_error("validate", "--schema and --standard exclude each other", NULL);
	if (catalog && !schema)
		return usage_error("validate", "--catalog goes with --schema (bundles bring their own catalogs)", NULL);

	if (schema) {
		xoev_diag_list *diags = NULL;
		if (xoev_diag_list_new(&diags))
			return EXIT_INTERNAL;
		rc = xoev_registry_open_schema(&reg, schema, catalog, diags);
		print_diags(stderr, diags);
		xoev_diag_list_free(diags);
		if (rc == XOEV_EIO || rc == XOEV_ESCHEMA)
			return EXIT_IO;
	} else {
		rc = open_registry(&ra, &reg);
	}
	if (rc) {
		fprintf(stderr, "%s validate: %s\n", prog, xoev_strerror(rc));
		return EXIT_INTERNAL;
	}
	rc = xoev_validator_new(&run.v, reg, &vo);
	if (rc == XOEV_ENOTFOUND) {
		fprintf(stderr, "%s validate: standard '%s'%s%s is not loaded (see 'xoev schemas')\n",
		        prog, vo.standard, vo.standard_version ? " version " : "",
		        vo.standard_version ? vo.standard_version : "");
		xoev_registry_free(reg);
		return EXIT_UNKNOWN;
	}
	if (rc == XOEV_OK)
		rc = xoev_report_new(&run.report);
	if (rc) {
		fprintf(stderr, "%s validate: %s\n", prog, xoev_strerror(rc));
		xoev_validator_free(run.v);
		xoev_registry_free(reg);
		return EXIT_INTERNAL;
	}
	run.json = strcmp(format, "json") == 0;
	for (i = 0; rc == XOEV_OK && i < nfiles; i++)
		rc = validate_target(&run, files[i]);
	if (rc) {
		fprintf(stderr, "%s validate: %s\n", prog, xoev_strerror(rc));
		status = EXIT_INTERNAL;
	} else {
		char *out = NULL;
		if (run.json) {
			if (xoev_report_format(run.report, XOEV_FORMAT_JSON, &out, NULL) == XOEV_OK)
				fputs(out, stdout);
		} else {
			out = xoev_report_summary(run.report);
			if (out)
				fprintf(run.quiet ? stderr : stdout, "%s\n", out);
		}
		xoev_free(out);
		status = exit_for(run.report);
	}
	xoev_report_free(run.report);
	xoev_validator_free(run.v);
	xoev_registry_free(reg);
	return status;
}

/* ------------------------------------------------------------------ */
/* schemas                                                             */
/* ------------------------------------------------------------------ */

static const char schemas_help[] =
	"Usage: xoev schemas [OPTIONS]\n"
	"\n"
	"List the standards, versions and message types the registry holds.\n"
	"\n"
	"Options:\n"
	"  --schema-path DIR      load bundles from DIR first (repeatable)\n"
	"  --no-default-path      do not load the installed schemas\n"
	"  -m, --messages         list every message type\n"
	"  --format text|json     output format (default text)\n"
	"  -h, --help             this help\n";

static void json_str(const char *s)
{
	const unsigned char *p;

	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static int cmd_schemas(int argc, char **argv)
{
	registry_args ra;
	xoev_registry *reg = NULL;
	int i, status = -1, messages = 0, json = 0, rc;
	size_t b, m;
	const char *v;

	memset(&ra, 0, sizeof ra);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(schemas_help, stdout);
			return EXIT_VALID;
		} else if (registry_arg(argc, argv, &i, &ra, &status, "schemas")) {
			if (status >= 0)
				return status;
		} else if (strcmp(argv[i], "-m") == 0 || strcmp(argv[i], "--messages") == 0) {
			messages = 1;
		} else if (take_value(argc, argv, &i, "--format", &v)) {
			if (!v || (strcmp(v, "text") != 0 && strcmp(v, "json") != 0))
				return usage_error("schemas", "--format takes text or json", NULL);
			json = strcmp(v, "json") == 0;
		} else {
			return usage_error("schemas", "unknown argument '%s'", argv[i]);
		}
	}
	rc = open_registry(&ra, &reg);
	if (rc) {
		fprintf(stderr, "%s schemas: %s\n", prog, xoev_strerror(rc));
		return EXIT_INTERNAL;
	}
	if (json)
		fputs("{\"bundles\": [", stdout);
	for (b = 0; b < xoev_registry_bundle_count(reg); b++) {
		const xoev_bundle *bu = xoev_registry_bundle(reg, b);
		if (json) {
			printf("%s\n  {\"standard\": ", b ? "," : "");
			json_str(xoev_bundle_standard(bu));
			fputs(", \"version\": ", stdout);
			json_str(xoev_bundle_version(bu));
			fputs(", \"title\": ", stdout);
			json_str(xoev_bundle_title(bu));
			fputs(", \"directory\": ", stdout);
			json_str(xoev_bundle_directory(bu));
			fputs(", \"namespaces\": [", stdout);
			for (m = 0; m < xoev_bundle_namespace_count(bu); m++) {
				if (m)
					fputs(", ", stdout);
				json_str(xoev_bundle_namespace(bu, m));
			}
			fputs("], \"messages\": [", stdout);
			for (m = 0; m < xoev_bundle_message_count(bu); m++) {
				const xoev_message_type *t = xoev_bundle_message(bu, m);
				fputs(m ? ", {\"root\": " : "{\"root\": ", stdout);
				json_str(xoev_message_type_root(t));
				fputs(", \"number\": ", stdout);
				json_str(xoev_message_type_number(t));
				fputs(", \"title\": ", stdout);
				json_str(xoev_message_type_title(t));
				fputs("}", stdout);
			}
			fputs("]}", stdout);
			continue;
		}
		printf("%-12s %-10s %4zu message types  %s\n", xoev_bundle_standard(bu),
		       xoev_bundle_version(bu), xoev_bundle_message_count(bu),
		       xoev_bundle_title(bu) ? xoev_bundle_title(bu) : "");
		if (messages)
			for (m = 0; m < xoev_bundle_message_count(bu); m++) {
				const xoev_message_type *t = xoev_bundle_message(bu, m);
				printf("    %-6s %s%s%s\n",
				       xoev_message_type_number(t) ? xoev_message_type_number(t) : "-",
				       xoev_message_type_root(t), xoev_message_type_title(t) ? "  " : "",
				       xoev_message_type_title(t) ? xoev_message_type_title(t) : "");
			}
	}
	if (json)
		fputs("\n]}\n", stdout);
	else if (xoev_registry_bundle_count(reg) == 0)
		fprintf(stderr, "no bundles found (use --schema-path DIR or XOEV_SCHEMA_PATH)\n");
	xoev_registry_free(reg);
	return EXIT_VALID;
}

/* ------------------------------------------------------------------ */
/* bundle                                                              */
/* ------------------------------------------------------------------ */

static const char bundle_help[] =
	"Usage: xoev bundle import DIR --standard ID --version V --into DEST [OPTIONS]\n"
	"       xoev bundle check MANIFEST\n"
	"\n"
	"import: turn a published XÖV release directory (XSDs, genericode code lists)\n"
	"into a bundle in DEST without modifying its files: follows every import and\n"
	"include (relative paths and the catalog; never the network), copies the\n"
	"files it reaches, finds namespaces and message roots, writes the manifest.\n"
	"\n"
	"Options for import:\n"
	"  --catalog FILE     OASIS catalog mapping remote schemaLocations to local files\n"
	"  --entry FILE       entry schema, relative to DIR (repeatable; default: every\n"
	"                     XSD that declares a message root)\n"
	"  --title TEXT       a title for the bundle\n"
	"  --valid-from DATE  --valid-until DATE   validity (YYYY-MM-DD)\n"
	"\n"
	"check: validate a manifest against the manifest schema.\n";

static int cmd_bundle(int argc, char **argv)
{
	xoev_import_options io = XOEV_IMPORT_OPTIONS_INIT;
	const char *entries[MAX_PATHS];
	const char *src = NULL, *dest = NULL, *v;
	xoev_diag_list *diags = NULL;
	int i, rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(bundle_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_VALID;
	}
	if (strcmp(argv[1], "check") == 0) {
		if (argc != 3)
			return usage_error("bundle", "check takes one manifest file", NULL);
		if (strcmp(argv[2], "-h") == 0 || strcmp(argv[2], "--help") == 0) {
			fputs(bundle_help, stdout);
			return EXIT_VALID;
		}
		if (xoev_diag_list_new(&diags))
			return EXIT_INTERNAL;
		rc = xoev_bundle_check_manifest(argv[2], diags);
		print_diags(stderr, diags);
		xoev_diag_list_free(diags);
		if (rc == XOEV_OK)
			printf("%s: valid manifest\n", argv[2]);
		return rc == XOEV_OK ? EXIT_VALID : rc == XOEV_EBUNDLE ? EXIT_INVALID :
		       rc == XOEV_EIO ? EXIT_IO : EXIT_INTERNAL;
	}
	if (strcmp(argv[1], "import") != 0)
		return usage_error("bundle", "unknown subcommand '%s'", argv[1]);
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(bundle_help, stdout);
			return EXIT_VALID;
		} else if (take_value(argc, argv, &i, "--standard", &v)) {
			io.standard = v;
		} else if (take_value(argc, argv, &i, "--version", &v)) {
			io.standard_version = v;
		} else if (take_value(argc, argv, &i, "--into", &v)) {
			dest = v;
		} else if (take_value(argc, argv, &i, "--catalog", &v)) {
			io.catalog = v;
		} else if (take_value(argc, argv, &i, "--title", &v)) {
			io.title = v;
		} else if (take_value(argc, argv, &i, "--valid-from", &v)) {
			io.valid_from = v;
		} else if (take_value(argc, argv, &i, "--valid-until", &v)) {
			io.valid_until = v;
		} else if (take_value(argc, argv, &i, "--entry", &v)) {
			if (!v || io.entry_count >= MAX_PATHS)
				return usage_error("bundle", "--entry needs a file (at most 64)", NULL);
			entries[io.entry_count++] = v;
		} else if (argv[i][0] == '-') {
			return usage_error("bundle", "unknown option '%s'", argv[i]);
		} else if (!src) {
			src = argv[i];
		} else {
			return usage_error("bundle", "unexpected argument '%s'", argv[i]);
		}
	}
	if (!src || !dest || !io.standard || !io.standard_version)
		return usage_error("bundle", "import needs DIR, --standard, --version and --into", NULL);
	if (io.entry_count)
		io.entries = entries;
	if (xoev_diag_list_new(&diags))
		return EXIT_INTERNAL;
	rc = xoev_bundle_import(src, dest, &io, diags);
	print_diags(stderr, diags);
	xoev_diag_list_free(diags);
	if (rc == XOEV_OK) {
		printf("imported %s %s into %s\n", io.standard, io.standard_version, dest);
		return EXIT_VALID;
	}
	fprintf(stderr, "%s bundle import: %s\n", prog, xoev_strerror(rc));
	switch (rc) {
	case XOEV_EINVAL: return EXIT_USAGE;
	case XOEV_EIO:
	case XOEV_EEXISTS:
	case XOEV_EBUNDLE: return EXIT_IO;
	default: return EXIT_INTERNAL;
	}
}

/* ------------------------------------------------------------------ */
/* main                                                                */
/* ------------------------------------------------------------------ */

static const char main_help[] =
	"Usage: xoev COMMAND [OPTIONS] ...\n"
	"\n"
	"Validate, inspect and import XÖV message standards.\n"
	"\n"
	"Commands:\n"
	"  validate   validate messages (files, directories, '-', gzip)\n"
	"  schemas    list the loaded standards, versions and message types\n"
	"  bundle     import a published XÖV release as a bundle; check a manifest\n"
	"\n"
	"Options:\n"
	"  --version  print the version\n"
	"  -h, --help this help; 'xoev COMMAND --help' for a command\n"
	"\n"
	"Bundles are loaded from --schema-path, then $XOEV_SCHEMA_PATH, then the\n"
	"installed schemas.\n";

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(main_help, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(main_help, stdout);
		return EXIT_VALID;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("xoev %s (libxoev %s)\n", XOEV_VERSION_STRING, xoev_version(NULL, NULL, NULL));
		return EXIT_VALID;
	}
	if (xoev_init() != XOEV_OK) {
		fprintf(stderr, "%s: cannot initialise libxml2\n", prog);
		return EXIT_INTERNAL;
	}
	if (strcmp(argv[1], "validate") == 0)
		return cmd_validate(argc - 1, argv + 1);
	if (strcmp(argv[1], "schemas") == 0)
		return cmd_schemas(argc - 1, argv + 1);
	if (strcmp(argv[1], "bundle") == 0)
		return cmd_bundle(argc - 1, argv + 1);
	return usage_error(NULL, "unknown command '%s'", argv[1]);
}
