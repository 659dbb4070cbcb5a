/*
 * xoev validate: files, directories, file lists and standard input,
 * validated in parallel over one registry, reported in input order.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char validate_help[] =
	"Usage: xoev validate [OPTIONS] FILE|DIR|- ...\n"
	"\n"
	"Validate XÖV messages: safe parsing, detection of standard, version and\n"
	"message type, then the layers: XML Schema, code lists, business rules\n"
	"(Schematron), header rules. Directories are searched recursively for *.xml\n"
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
	"  --layers LIST          layers to run: xsd,codelist,rules,header or all (default)\n"
	"  --profile FILE         a validation profile (layers, re-graded rule ids)\n"
	"  --files-from FILE      read paths from FILE, one per line ('-': standard input)\n"
	"  -j, --jobs N           validate with N threads (output stays in input order)\n"
	"  --stream-threshold B   stream files larger than B bytes (default 64 MiB)\n"
	"  --future-tolerance S   header rule: seconds a creation time may lie ahead (300)\n"
	"  --format FORMAT        text (default), json, junit (JUnit XML) or sarif (SARIF 2.1.0)\n"
	"  -o, --output FILE      write the report to FILE (atomically) instead of standard output\n"
	"  -q, --quiet            text: findings only, no per-file verdicts\n"
	"  --progress / --no-progress   progress on a terminal (default: when stderr is one)\n"
	"  --max-depth N          element nesting limit (default and maximum 256)\n"
	"  --max-size BYTES       document size limit after decompression (default 512 MiB)\n"
	"  -h, --help             this help\n"
	"\n"
	"Output (text): file:line:col: severity: rule: message [xpath]\n"
	"Exit status: 0 all valid, 1 some invalid, 2 usage, 3 input/output error,\n"
	"4 unknown standard or version, 5 internal error.\n";

/* Directories give their *.xml and *.gz files. */
static int is_candidate(const char *name)
{
	size_t n = strlen(name);
	return (n > 4 && strcmp(name + n - 4, ".xml") == 0) ||
	       (n > 3 && strcmp(name + n - 3, ".gz") == 0);
}

static int add_target(path_list *out, const char *path)
{
	return path_list_add(out, path, is_candidate);
}

/* Paths from a list file, one per line; blank lines and "#" comments skipped. */
static int add_list(path_list *out, const char *list)
{
	FILE *f = strcmp(list, "-") == 0 ? stdin : fopen(list, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = XOEV_OK;

	if (!f) {
		fprintf(stderr, "%s validate: cannot read %s: %s\n", prog, list, strerror(errno));
		return XOEV_EIO;
	}
	while (rc == XOEV_OK && (n = getline(&line, &cap, f)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		rc = add_target(out, line);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

typedef struct {
	xoev_report *report;
	int quiet;
	int json;
	int progress;
	time_t started;
	int progress_shown;
} output;

/* Text output as results arrive, in input order. */
static int print_entry(void *ctx, size_t index, const char *path)
{
	output *o = ctx;
	char *text = NULL;

	(void)path;
	if (o->json)
		return 0;
	if (o->progress_shown) {
		fputs("\r\033[K", stderr);
		o->progress_shown = 0;
	}
	if (o->quiet && xoev_report_entry_findings(o->report, index) == 0)
		return 0; /* nothing to say */
	if (xoev_report_format_entry(o->report, index, XOEV_FORMAT_TEXT, &text, NULL) != XOEV_OK)
		return 0;
	if (o->quiet) {
		/* findings only: drop the verdict line (the last line) */
		char *last = strrchr(text, '\n');
		if (last) {
			*last = '\0';
			last = strrchr(text, '\n');
			if (last)
				last[1] = '\0';
			else
				text[0] = '\0';
		}
	}
	fputs(text, stdout);
	fflush(stdout);
	xoev_free(text);
	return 0;
}

/* A one-line progress display on a terminal, for runs longer than a second. */
static void show_progress(void *ctx, size_t done, size_t total)
{
	output *o = ctx;

	if (!o->progress || time(NULL) - o->started < 1)
		return;
	fprintf(stderr, "\r\033[K%zu/%zu files (%zu%%)", done, total, total ? done * 100 / total : 100);
	o->progress_shown = done < total;
	if (done == total)
		fputs("\r\033[K", stderr);
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

static int format_of(const char *name)
{
	if (strcmp(name, "text") == 0)
		return XOEV_FORMAT_TEXT;
	if (strcmp(name, "json") == 0)
		return XOEV_FORMAT_JSON;
	if (strcmp(name, "junit") == 0)
		return XOEV_FORMAT_JUNIT;
	if (strcmp(name, "sarif") == 0)
		return XOEV_FORMAT_SARIF;
	return -1;
}

typedef struct {
	registry_args ra;
	xoev_validate_options vo;
	const char *schema, *catalog, *format, *profile, *files_from, *output;
	unsigned int jobs;
	int quiet, progress;
	path_list targets;
} validate_args;

static int parse_args(int argc, char **argv, validate_args *a)
{
	int i, status = -1, only_files = 0, ok;
	const char *v;
	unsigned long n;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (only_files || arg[0] != '-' || arg[1] == '\0') {
			if (path_list_push(&a->targets, arg, strlen(arg)) != XOEV_OK)
				return EXIT_INTERNAL;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_files = 1;
		} else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			fputs(validate_help, stdout);
			return EXIT_VALID;
		} else if (registry_arg(argc, argv, &i, &a->ra, &status, "validate")) {
			if (status >= 0)
				return status;
		} else if (take_value(argc, argv, &i, "--standard", &v)) {
			if (!v)
				return usage_error("validate", "--standard needs a standard id", NULL);
			a->vo.standard = v;
		} else if (take_value(argc, argv, &i, "--version", &v)) {
			if (!v)
				return usage_error("validate", "--version needs a version", NULL);
			a->vo.standard_version = v;
		} else if (take_value(argc, argv, &i, "--schema", &v)) {
			if (!v)
				return usage_error("validate", "--schema needs an XSD file", NULL);
			a->schema = v;
		} else if (take_value(argc, argv, &i, "--catalog", &v)) {
			if (!v)
				return usage_error("validate", "--catalog needs a catalog file", NULL);
			a->catalog = v;
		} else if (take_value(argc, argv, &i, "--format", &v)) {
			if (!v || format_of(v) < 0)
				return usage_error("validate", "--format takes text, json, junit or sarif", NULL);
			a->format = v;
		} else if (take_value(argc, argv, &i, "--output", &v) || take_value(argc, argv, &i, "-o", &v)) {
			if (!v)
				return usage_error("validate", "--output needs a file", NULL);
			a->output = v;
		} else if (take_value(argc, argv, &i, "--layers", &v)) {
			if (!v || xoev_layers_parse(v, &a->vo.layers) != XOEV_OK || !a->vo.layers)
				return usage_error("validate", "--layers takes xsd, codelist, rules, header or all, comma-separated", NULL);
		} else if (take_value(argc, argv, &i, "--profile", &v)) {
			if (!v)
				return usage_error("validate", "--profile needs a file", NULL);
			a->profile = v;
		} else if (take_value(argc, argv, &i, "--files-from", &v)) {
			if (!v)
				return usage_error("validate", "--files-from needs a file or '-'", NULL);
			a->files_from = v;
		} else if (take_value(argc, argv, &i, "--jobs", &v) || take_value(argc, argv, &i, "-j", &v)) {
			n = parse_number(v, &ok);
			if (!ok || n == 0 || n > 256)
				return usage_error("validate", "--jobs takes a number from 1 to 256", NULL);
			a->jobs = (unsigned int)n;
		} else if (take_value(argc, argv, &i, "--stream-threshold", &v)) {
			a->vo.stream_threshold = (size_t)parse_number(v, &ok);
			if (!ok || a->vo.stream_threshold == 0)
				return usage_error("validate", "--stream-threshold takes a positive number of bytes", NULL);
		} else if (take_value(argc, argv, &i, "--future-tolerance", &v)) {
			n = parse_number(v, &ok);
			if (!ok)
				return usage_error("validate", "--future-tolerance takes seconds", NULL);
			a->vo.header_future_tolerance = n ? (long)n : -1;
		} else if (take_value(argc, argv, &i, "--max-depth", &v)) {
			a->vo.max_depth = (unsigned int)parse_number(v, &ok);
			if (!ok || a->vo.max_depth == 0)
				return usage_error("validate", "--max-depth takes a positive number", NULL);
		} else if (take_value(argc, argv, &i, "--max-size", &v)) {
			a->vo.max_document_bytes = (size_t)parse_number(v, &ok);
			if (!ok || a->vo.max_document_bytes == 0)
				return usage_error("validate", "--max-size takes a positive number of bytes", NULL);
		} else if (strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0) {
			a->quiet = 1;
		} else if (strcmp(arg, "--progress") == 0) {
			a->progress = 1;
		} else if (strcmp(arg, "--no-progress") == 0) {
			a->progress = 0;
		} else {
			return usage_error("validate", "unknown option '%s'", arg);
		}
	}
	if (a->targets.count == 0 && !a->files_from)
		return usage_error("validate", "no input: name files, directories, '-' or --files-from", NULL);
	if (a->vo.standard_version && !a->vo.standard)
		return usage_error("validate", "--version needs --standard", NULL);
	if (a->schema && a->vo.standard)
		return usage_error("validate", "--schema and --standard exclude each other", NULL);
	if (a->catalog && !a->schema)
		return usage_error("validate", "--catalog goes with --schema (bundles bring their own catalogs)", NULL);
	return -1;
}

int cmd_validate(int argc, char **argv)
{
	validate_args a;
	xoev_validate_options init = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_batch_options bo = XOEV_BATCH_OPTIONS_INIT;
	xoev_registry *reg = NULL;
	xoev_profile *profile = NULL;
	path_list files = { 0 };
	output out;
	int status, rc = XOEV_OK;
	size_t i;

	memset(&a, 0, sizeof a);
	memset(&out, 0, sizeof out);
	a.vo = init;
	a.format = "text";
	a.jobs = 1;
	a.progress = isatty(STDERR_FILENO);
	status = parse_args(argc, argv, &a);
	if (status >= 0)
		goto done;
	status = EXIT_INTERNAL;

	if (a.profile) {
		xoev_diag_list *diags = NULL;
		if (xoev_diag_list_new(&diags))
			goto done;
		rc = xoev_profile_load(&profile, a.profile, diags);
		print_diags(stderr, diags);
		xoev_diag_list_free(diags);
		if (rc != XOEV_OK) {
			fprintf(stderr, "%s validate: profile %s: %s\n", prog, a.profile, xoev_strerror(rc));
			status = rc == XOEV_EIO ? EXIT_IO : EXIT_USAGE;
			goto done;
		}
		a.vo.profile = profile;
	}
	if (a.schema) {
		xoev_diag_list *diags = NULL;
		if (xoev_diag_list_new(&diags))
			goto done;
		rc = xoev_registry_open_schema(&reg, a.schema, a.catalog, diags);
		print_diags(stderr, diags);
		xoev_diag_list_free(diags);
		if (rc == XOEV_EIO || rc == XOEV_ESCHEMA) {
			status = EXIT_IO;
			goto done;
		}
	} else {
		rc = open_registry(&a.ra, &reg);
	}
	if (rc != XOEV_OK) {
		fprintf(stderr, "%s validate: %s\n", prog, xoev_strerror(rc));
		goto done;
	}
	if (a.vo.standard) {
		const xoev_bundle *b = NULL;
		if (xoev_registry_find(reg, a.vo.standard, a.vo.standard_version, &b) != XOEV_OK) {
			fprintf(stderr, "%s validate: standard '%s'%s%s is not loaded (see 'xoev schemas')\n",
			        prog, a.vo.standard, a.vo.standard_version ? " version " : "",
			        a.vo.standard_version ? a.vo.standard_version : "");
			status = EXIT_UNKNOWN;
			goto done;
		}
	}

	for (i = 0; rc == XOEV_OK && i < a.targets.count; i++)
		rc = add_target(&files, a.targets.items[i]);
	if (rc == XOEV_OK && a.files_from)
		rc = add_list(&files, a.files_from);
	if (rc == XOEV_EIO) {
		status = EXIT_IO;
		goto done;
	}
	if (rc == XOEV_OK)
		rc = xoev_report_new(&out.report);
	if (rc != XOEV_OK) {
		fprintf(stderr, "%s validate: %s\n", prog, xoev_strerror(rc));
		goto done;
	}

	out.quiet = a.quiet;
	/* per-file text as results arrive; other formats (or a file) at the end */
	out.json = strcmp(a.format, "text") != 0 || a.output != NULL;
	out.progress = a.progress;
	out.started = time(NULL);
	bo.jobs = a.jobs;
	bo.on_result = print_entry;
	bo.result_ctx = &out;
	bo.on_progress = show_progress;
	bo.progress_ctx = &out;
	rc = xoev_validate_batch(reg, &a.vo, &bo, (const char *const *)files.items, files.count,
	                         out.report);
	if (rc != XOEV_OK) {
		fprintf(stderr, "%s validate: %s\n", prog, xoev_strerror(rc));
		goto done;
	}
	{
		int fmt = format_of(a.format);
		char *text = NULL;
		if (fmt != XOEV_FORMAT_TEXT || a.output) {
			if (xoev_report_format(out.report, (xoev_format)fmt, &text, NULL) != XOEV_OK) {
				fprintf(stderr, "%s validate: %s\n", prog, xoev_strerror(XOEV_ENOMEM));
				goto done;
			}
			if (!a.output) {
				fputs(text, stdout);
			} else if (write_atomic(a.output, text, strlen(text), 1) != 0) {
				fprintf(stderr, "%s validate: cannot write %s: %s\n", prog, a.output, strerror(errno));
				xoev_free(text);
				status = EXIT_IO;
				goto done;
			}
			xoev_free(text);
			text = NULL;
		}
		if (fmt == XOEV_FORMAT_TEXT || a.output) {
			text = xoev_report_summary(out.report);
			if (text)
				fprintf(a.quiet || a.output ? stderr : stdout, "%s\n", text);
		}
		xoev_free(text);
	}
	status = exit_for(out.report);
done:
	xoev_report_free(out.report);
	xoev_registry_free(reg);
	xoev_profile_free(profile);
	path_list_free(&files);
	path_list_free(&a.targets);
	return status;
}
