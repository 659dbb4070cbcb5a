/*
 * xoev - the command-line tool: a thin user of the public libxoev API.
 * This file: main, `xoev schemas`, `xoev bundle`; cmd_validate.c: `xoev validate`.
 *
 * Exit codes: 0 all valid; 1 some document invalid; 2 usage error;
 * 3 input/output error; 4 unknown standard or version; 5 internal error.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_conformance(int argc, char **argv); /* cmd_conformance.c */

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
	"  --codelists            list the code lists each bundle's schemas reference\n"
	"                         (fixed listURI, and listVersionID where fixed):\n"
	"                         provided (a genericode list of the bundle), in-schema\n"
	"                         (code type 1: the XSD enumerates the codes) or missing\n"
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
	int i, status = -1, messages = 0, codelists = 0, json = 0, rc;
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
		} else if (strcmp(argv[i], "--codelists") == 0) {
			codelists = 1;
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
			fputs("]", stdout);
			if (codelists) {
				fputs(", \"codelists\": [", stdout);
				for (m = 0; m < xoev_bundle_codelist_ref_count(bu); m++) {
					const char *uri, *ver;
					unsigned int fl;
					xoev_bundle_codelist_ref(bu, m, &uri, &ver, &fl);
					fputs(m ? ", {\"uri\": " : "{\"uri\": ", stdout);
					json_str(uri);
					fputs(", \"version\": ", stdout);
					json_str(ver);
					printf(", \"provided\": %s, \"enumerated\": %s}",
					       (fl & XOEV_CODELIST_PROVIDED) ? "true" : "false",
					       (fl & XOEV_CODELIST_ENUMERATED) ? "true" : "false");
				}
				fputs("]", stdout);
			}
			fputs("}", stdout);
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
		if (codelists) {
			size_t n = xoev_bundle_codelist_ref_count(bu), provided = 0;
			for (m = 0; m < n; m++) {
				unsigned int fl;
				xoev_bundle_codelist_ref(bu, m, NULL, NULL, &fl);
				provided += (fl & XOEV_CODELIST_PROVIDED) != 0;
			}
			printf("    code lists referenced: %zu, provided: %zu\n", n, provided);
			for (m = 0; m < n; m++) {
				const char *uri, *ver;
				unsigned int fl;
				xoev_bundle_codelist_ref(bu, m, &uri, &ver, &fl);
				printf("    %-9s %s %s%s\n",
				       (fl & XOEV_CODELIST_PROVIDED) ? "provided"
				       : (fl & XOEV_CODELIST_ENUMERATED) ? "in-schema" : "missing",
				       uri, ver ? "version " : "(any version)", ver ? ver : "");
			}
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
	"  skeleton   write a minimal or full instance of a message type\n"
	"  describe   print a message type's tree: cardinalities, types, code lists\n"
	"  new        build a message from values set by path\n"
	"  translate  translate messages to another version of their standard\n"
	"  diff       the schema differences between two versions of a standard\n"
	"  conformance  run conformance suites (expected outcomes); init a suite\n"
	"  mapping    derive a translation step from two versions' schemas\n"
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
	if (strcmp(argv[1], "skeleton") == 0)
		return cmd_skeleton(argc - 1, argv + 1);
	if (strcmp(argv[1], "describe") == 0)
		return cmd_describe(argc - 1, argv + 1);
	if (strcmp(argv[1], "new") == 0)
		return cmd_new(argc - 1, argv + 1);
	if (strcmp(argv[1], "translate") == 0)
		return cmd_translate(argc - 1, argv + 1);
	if (strcmp(argv[1], "diff") == 0)
		return cmd_diff(argc - 1, argv + 1);
	if (strcmp(argv[1], "conformance") == 0)
		return cmd_conformance(argc - 1, argv + 1);
	if (strcmp(argv[1], "mapping") == 0)
		return cmd_mapping(argc - 1, argv + 1);
	return usage_error(NULL, "unknown command '%s'", argv[1]);
}
