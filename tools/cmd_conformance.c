/*
 * xoev conformance: run conformance suites (expected outcomes of messages)
 * and report every case as a test case; `xoev conformance init` records a
 * suite skeleton from a directory of messages. A thin user of
 * include/xoev/conformance.h.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_conformance(int argc, char **argv);

static const char conformance_help[] =
	"Usage: xoev conformance [OPTIONS] SUITE...\n"
	"       xoev conformance init DIR [--name NAME] [--manifest FILE] [--force]\n"
	"\n"
	"Run conformance suites: every case of each SUITE (a directory holding\n"
	"xoev-suite.xml, or a manifest file) states what must happen to a message\n"
	"(valid; invalid with rule ids that must or must not fire; a translation\n"
	"with its output and losses; known gaps expected to fail). Each case is\n"
	"reported as a test case; a mismatch shows expected against actual.\n"
	"\n"
	"init: record a suite skeleton from a directory of messages: standard,\n"
	"version, message type and today's verdict and rule ids become the\n"
	"expectations. Review them before relying on the suite.\n"
	"\n"
	"Options:\n"
	"  --report FORMAT        text (default), json, junit or sarif (also --format)\n"
	"  -o, --output FILE      write the report to FILE (atomically); the cases that\n"
	"                         did not pass and the summary still go to standard output\n"
	"  -j, --jobs N           run cases on N threads (results stay in manifest order)\n"
	"  --allow DIR            manifest paths may reach files below DIR (repeatable);\n"
	"                         by default only files below the suite's directory\n"
	"  --base NAME=DIR        the directory of the manifest's base NAME (repeatable)\n"
	"  --filter TEXT          run only the cases whose id contains TEXT\n"
	"  --layers LIST          layers for cases that name none (default all)\n"
	"  -q, --quiet            text: only the cases that did not pass, and the summary\n"
	"  --schema-path DIR      load bundles from DIR first (repeatable)\n"
	"  --no-default-path      do not load the installed schemas\n"
	"  -h, --help             this help\n"
	"\n"
	"Options of init:\n"
	"  --name NAME            the suite's name (default: the directory's name)\n"
	"  --manifest FILE        where to write the manifest (default DIR/xoev-suite.xml;\n"
	"                         it must lie in DIR or a directory above it)\n"
	"  --force                replace an existing manifest\n"
	"\n"
	"Exit status: 0 every expectation held (known gaps failed as expected);\n"
	"1 a case failed or a known gap passed; 2 usage; 3 a suite or message could\n"
	"not be read or a path was refused; 5 internal error.\n";

#define MAX_ITEMS 64

typedef struct {
	registry_args ra;
	const char *suites[MAX_ITEMS];
	size_t suite_count;
	const char *allow[MAX_ITEMS];
	size_t allow_count;
	const char *base_names[MAX_ITEMS];
	const char *base_dirs[MAX_ITEMS];
	char *base_copies[MAX_ITEMS];
	size_t base_count;
	const char *output, *filter, *name, *manifest;
	xoev_format format;
	unsigned int jobs, layers;
	int quiet, force, init;
} conformance_args;

static int format_named(const char *v, xoev_format *f)
{
	static const char *const names[] = { "text", "json", "junit", "sarif" };
	int i;

	for (i = 0; v && i < 4; i++)
		if (strcmp(v, names[i]) == 0) {
			*f = (xoev_format)i;
			return 1;
		}
	return 0;
}

/* --base NAME=DIR */
static int take_base(conformance_args *a, const char *v)
{
	const char *eq = v ? strchr(v, '=') : NULL;
	char *name;

	if (!eq || eq == v || !eq[1] || a->base_count >= MAX_ITEMS)
		return usage_error("conformance", "--base takes NAME=DIR (at most 64)", NULL);
	name = malloc((size_t)(eq - v) + 1);
	if (!name)
		return EXIT_INTERNAL;
	memcpy(name, v, (size_t)(eq - v));
	name[eq - v] = '\0';
	a->base_copies[a->base_count] = name;
	a->base_names[a->base_count] = name;
	a->base_dirs[a->base_count++] = eq + 1;
	return -1;
}

static int parse_args(int argc, char **argv, conformance_args *a)
{
	int i, status = -1, ok;
	const char *v;
	unsigned long n;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			fputs(conformance_help, stdout);
			return EXIT_VALID;
		} else if (i == 1 && strcmp(arg, "init") == 0) {
			a->init = 1;
		} else if (registry_arg(argc, argv, &i, &a->ra, &status, "conformance")) {
			if (status >= 0)
				return status;
		} else if (take_value(argc, argv, &i, "--report", &v) ||
		           take_value(argc, argv, &i, "--format", &v)) {
			if (!format_named(v, &a->format))
				return usage_error("conformance", "--report takes text, json, junit or sarif", NULL);
		} else if (take_value(argc, argv, &i, "--output", &v) || take_value(argc, argv, &i, "-o", &v)) {
			if (!v)
				return usage_error("conformance", "--output needs a file", NULL);
			a->output = v;
		} else if (take_value(argc, argv, &i, "--jobs", &v) || take_value(argc, argv, &i, "-j", &v)) {
			n = parse_number(v, &ok);
			if (!ok || n == 0 || n > 256)
				return usage_error("conformance", "--jobs takes a number from 1 to 256", NULL);
			a->jobs = (unsigned int)n;
		} else if (take_value(argc, argv, &i, "--allow", &v)) {
			if (!v || a->allow_count >= MAX_ITEMS)
				return usage_error("conformance", "--allow needs a directory (at most 64)", NULL);
			a->allow[a->allow_count++] = v;
		} else if (take_value(argc, argv, &i, "--base", &v)) {
			if ((status = take_base(a, v)) >= 0)
				return status;
		} else if (take_value(argc, argv, &i, "--filter", &v)) {
			if (!v)
				return usage_error("conformance", "--filter needs a text", NULL);
			a->filter = v;
		} else if (take_value(argc, argv, &i, "--layers", &v)) {
			if (!v || xoev_layers_parse(v, &a->layers) != XOEV_OK || !a->layers)
				return usage_error("conformance", "--layers takes xsd, codelist, rules, header or all, comma-separated", NULL);
		} else if (take_value(argc, argv, &i, "--name", &v)) {
			a->name = v;
		} else if (take_value(argc, argv, &i, "--manifest", &v)) {
			a->manifest = v;
		} else if (strcmp(arg, "--force") == 0) {
			a->force = 1;
		} else if (strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0) {
			a->quiet = 1;
		} else if (arg[0] == '-') {
			return usage_error("conformance", "unknown option '%s'", arg);
		} else if (a->suite_count < MAX_ITEMS) {
			a->suites[a->suite_count++] = arg;
		} else {
			return usage_error("conformance", "at most 64 suites", NULL);
		}
	}
	if (a->suite_count == 0)
		return usage_error("conformance", a->init ? "init needs a directory of messages"
		                                          : "no suite: name a suite directory or manifest", NULL);
	if (a->init && a->suite_count > 1)
		return usage_error("conformance", "init takes one directory", NULL);
	if (!a->init && (a->name || a->manifest || a->force))
		return usage_error("conformance", "--name, --manifest and --force go with init", NULL);
	return -1;
}

static int run_init(const conformance_args *a, const xoev_registry *reg)
{
	xoev_suite_init_options io = XOEV_SUITE_INIT_OPTIONS_INIT;
	xoev_validate_options vo = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_diag_list *diags = NULL;
	size_t cases = 0;
	int rc;

	vo.layers = a->layers;
	io.name = a->name;
	io.manifest = a->manifest;
	io.overwrite = a->force;
	io.validate = &vo;
	if (xoev_diag_list_new(&diags) != XOEV_OK)
		return EXIT_INTERNAL;
	rc = xoev_suite_init(a->suites[0], reg, &io, &cases, diags);
	print_diags(stderr, diags);
	xoev_diag_list_free(diags);
	if (rc == XOEV_OK) {
		printf("%s: %zu cases recorded from today's results; review every expectation\n",
		       a->manifest ? a->manifest : a->suites[0], cases);
		return EXIT_VALID;
	}
	fprintf(stderr, "%s conformance init: %s%s\n", prog, xoev_strerror(rc),
	        rc == XOEV_EEXISTS ? " (use --force to replace it)" : "");
	return rc == XOEV_EINVAL ? EXIT_USAGE : rc == XOEV_ENOMEM ? EXIT_INTERNAL : EXIT_IO;
}

/* Load every suite; a manifest that cannot be loaded stops the run before any case runs. */
static int load_suites(const conformance_args *a, xoev_suite **suites)
{
	xoev_suite_load_options lo = XOEV_SUITE_LOAD_OPTIONS_INIT;
	xoev_diag_list *diags = NULL;
	size_t i;
	int rc = XOEV_OK;

	lo.allowed_dirs = a->allow;
	lo.allowed_dir_count = a->allow_count;
	lo.base_names = a->base_names;
	lo.base_dirs = a->base_dirs;
	lo.base_count = a->base_count;
	if (xoev_diag_list_new(&diags) != XOEV_OK)
		return EXIT_INTERNAL;
	for (i = 0; rc == XOEV_OK && i < a->suite_count; i++) {
		rc = xoev_suite_load(&suites[i], a->suites[i], &lo, diags);
		if (rc != XOEV_OK)
			fprintf(stderr, "%s conformance: suite %s: %s\n", prog, a->suites[i], xoev_strerror(rc));
	}
	print_diags(stderr, diags);
	xoev_diag_list_free(diags);
	if (rc == XOEV_OK)
		return -1;
	return rc == XOEV_ENOMEM ? EXIT_INTERNAL : EXIT_IO;
}

static int exit_for(const xoev_conformance *c)
{
	size_t failed, xpassed, errors;

	xoev_conformance_counts(c, NULL, &failed, NULL, &xpassed, &errors);
	if (errors)
		return EXIT_IO;
	return failed || xpassed || xoev_conformance_count(c) == 0 ? EXIT_INVALID : EXIT_VALID;
}

/* Text of the cases that did not pass, and the summary (for -q and next to -o). */
static void print_quiet(const xoev_conformance *c)
{
	char *text = NULL, *line, *summary;
	size_t i;

	for (i = 0; i < xoev_conformance_count(c); i++) {
		const xoev_case_result *r = xoev_conformance_result(c, i);
		if (xoev_case_result_status(r) == XOEV_CASE_PASS)
			continue;
		printf("%s %s/%s (%s:%lu)\n", xoev_case_status_name(xoev_case_result_status(r)),
		       xoev_case_result_suite(r), xoev_case_result_id(r), xoev_case_result_manifest(r),
		       xoev_case_result_line(r));
		text = xoev_case_result_detail(r) ? strdup(xoev_case_result_detail(r)) : NULL;
		for (line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n"))
			printf("    %s\n", line);
		free(text);
	}
	summary = xoev_conformance_summary(c);
	if (summary)
		printf("%s\n", summary);
	xoev_free(summary);
}

static int run_suites(const conformance_args *a, const xoev_registry *reg)
{
	xoev_suite *suites[MAX_ITEMS] = { 0 };
	xoev_suite_run_options ro = XOEV_SUITE_RUN_OPTIONS_INIT;
	xoev_validate_options vo = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_conformance *results = NULL;
	char *text = NULL;
	size_t i;
	int status, rc = XOEV_OK;

	status = load_suites(a, suites);
	if (status >= 0)
		goto done;
	status = EXIT_INTERNAL;
	vo.layers = a->layers;
	ro.jobs = a->jobs;
	ro.validate = &vo;
	ro.filter = a->filter;
	if (xoev_conformance_new(&results) != XOEV_OK)
		goto done;
	for (i = 0; rc == XOEV_OK && i < a->suite_count; i++)
		rc = xoev_suite_run(suites[i], reg, &ro, results);
	if (rc == XOEV_OK)
		rc = xoev_conformance_format(results, a->format, &text, NULL);
	if (rc != XOEV_OK) {
		fprintf(stderr, "%s conformance: %s\n", prog, xoev_strerror(rc));
		goto done;
	}
	if (!a->output && a->quiet && a->format == XOEV_FORMAT_TEXT) {
		print_quiet(results);
	} else if (!a->output) {
		fputs(text, stdout);
	} else if (write_atomic(a->output, text, strlen(text), 1) != 0) {
		fprintf(stderr, "%s conformance: cannot write %s: %s\n", prog, a->output, strerror(errno));
		status = EXIT_IO;
		goto done;
	} else {
		print_quiet(results);
	}
	status = exit_for(results);
done:
	xoev_free(text);
	xoev_conformance_free(results);
	for (i = 0; i < a->suite_count; i++)
		xoev_suite_free(suites[i]);
	return status;
}

int cmd_conformance(int argc, char **argv)
{
	conformance_args a;
	xoev_registry *reg = NULL;
	int status, rc;
	size_t i;

	memset(&a, 0, sizeof a);
	a.format = XOEV_FORMAT_TEXT;
	a.jobs = 1;
	status = parse_args(argc, argv, &a);
	if (status < 0) {
		rc = open_registry(&a.ra, &reg);
		if (rc != XOEV_OK) {
			fprintf(stderr, "%s conformance: %s\n", prog, xoev_strerror(rc));
			status = EXIT_INTERNAL;
		} else {
			status = a.init ? run_init(&a, reg) : run_suites(&a, reg);
		}
	}
	xoev_registry_free(reg);
	for (i = 0; i < a.base_count; i++)
		free(a.base_copies[i]);
	return status;
}
