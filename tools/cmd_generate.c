/*
 * xoev - message generation commands: `xoev skeleton`, `xoev describe`, `xoev new`.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"

static const char skeleton_help[] =
	"Usage: xoev skeleton STANDARD VERSION MESSAGE [OPTIONS]\n"
	"\n"
	"Write a skeleton instance of a message type (root element name or number):\n"
	"the header filled (message UUID, creation time, message type code, product),\n"
	"placeholder values that satisfy the types, facets and code lists. By default\n"
	"only required content; with --full every optional element once.\n"
	"\n"
	"Options:\n"
	"  --full                 every optional element once (choices: first branch)\n"
	"  -o, --output FILE      write to FILE atomically (default: standard output)\n"
	"  --schema-path DIR      load bundles from DIR first (repeatable)\n"
	"  --no-default-path      do not load the installed schemas\n"
	"  -h, --help             this help\n";

static const char describe_help[] =
	"Usage: xoev describe STANDARD VERSION MESSAGE [OPTIONS]\n"
	"\n"
	"Print the element tree of a message type (root element name or number) in\n"
	"schema order: cardinalities, types, code lists (listURI, listVersionID, XÖV\n"
	"code type), facets and documentation.\n"
	"\n"
	"Options:\n"
	"  --schema-path DIR      load bundles from DIR first (repeatable)\n"
	"  --no-default-path      do not load the installed schemas\n"
	"  -h, --help             this help\n";

static int status_exit(int rc)
{
	switch (rc) {
	case XOEV_OK: return EXIT_VALID;
	case XOEV_EINVAL: return EXIT_USAGE;
	case XOEV_ENOTFOUND: return EXIT_UNKNOWN;
	case XOEV_EIO:
	case XOEV_ESCHEMA: return EXIT_IO;
	default: return EXIT_INTERNAL;
	}
}

/* Shared by both commands: parse arguments, open the registry, find the bundle. */
static int generate_command(int argc, char **argv, int describe)
{
	const char *cmd = describe ? "describe" : "skeleton";
	const char *pos[3], *out = NULL, *v;
	size_t npos = 0;
	registry_args ra;
	xoev_registry *reg = NULL;
	const xoev_bundle *b = NULL;
	xoev_diag_list *diags = NULL;
	unsigned int flags = 0;
	char *text = NULL;
	size_t len = 0;
	int i, status = -1, rc;

	memset(&ra, 0, sizeof ra);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(describe ? describe_help : skeleton_help, stdout);
			return EXIT_VALID;
		} else if (registry_arg(argc, argv, &i, &ra, &status, cmd)) {
			if (status >= 0)
				return status;
		} else if (!describe && strcmp(argv[i], "--full") == 0) {
			flags |= XOEV_SKELETON_FULL;
		} else if (!describe && (take_value(argc, argv, &i, "-o", &v) ||
		                         take_value(argc, argv, &i, "--output", &v))) {
			if (!v)
				return usage_error(cmd, "-o needs a file name", NULL);
			out = v;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error(cmd, "unknown option '%s'", argv[i]);
		} else if (npos < 3) {
			pos[npos++] = argv[i];
		} else {
			return usage_error(cmd, "unexpected argument '%s'", argv[i]);
		}
	}
	if (npos != 3)
		return usage_error(cmd, "needs STANDARD VERSION MESSAGE", NULL);
	rc = open_registry(&ra, &reg);
	if (rc) {
		fprintf(stderr, "%s %s: %s\n", prog, cmd, xoev_strerror(rc));
		return EXIT_INTERNAL;
	}
	if (xoev_registry_find(reg, pos[0], pos[1], &b) != XOEV_OK) {
		fprintf(stderr, "%s %s: unknown standard or version '%s %s'\n", prog, cmd, pos[0],
		        pos[1]);
		xoev_registry_free(reg);
		return EXIT_UNKNOWN;
	}
	if (xoev_diag_list_new(&diags)) {
		xoev_registry_free(reg);
		return EXIT_INTERNAL;
	}
	rc = describe ? xoev_describe(b, pos[2], &text, &len, diags) :
	                xoev_skeleton(b, pos[2], flags, &text, &len, diags);
	print_diags(stderr, diags);
	if (rc == XOEV_ENOTFOUND)
		fprintf(stderr, "%s %s: %s %s has no message type '%s'\n", prog, cmd, pos[0], pos[1],
		        pos[2]);
	else if (rc != XOEV_OK)
		fprintf(stderr, "%s %s: %s\n", prog, cmd, xoev_strerror(rc));
	status = status_exit(rc);
	if (rc == XOEV_OK) {
		if (out) {
			if (write_atomic(out, text, len, 1) != 0) {
				fprintf(stderr, "%s %s: cannot write %s\n", prog, cmd, out);
				status = EXIT_IO;
			}
		} else if (fwrite(text, 1, len, stdout) != len) {
			status = EXIT_IO;
		}
	}
	xoev_free(text);
	xoev_diag_list_free(diags);
	xoev_registry_free(reg);
	return status;
}

static const char new_help[] =
	"Usage: xoev new STANDARD VERSION MESSAGE [--set PATH=VALUE ...] [--from FILE] [OPTIONS]\n"
	"\n"
	"Build a message of a message type (root element name or number) from values\n"
	"set by path below the root (\"person/familienname=Muster\", \"[n]\" for the\n"
	"n-th occurrence, \"dokument[2]/@eintrag\" for an attribute; for a code type\n"
	"the code). Values are checked as they are set; children are written in\n"
	"schema order; the header is filled (UUID, creation time, message type code,\n"
	"product, --author/--reader).\n"
	"\n"
	"--from reads a JSON object of paths and values, strings only; an array of\n"
	"strings sets the occurrences [1], [2], ... of a repeated element:\n"
	"  {\"person/familienname\": \"Muster\",\n"
	"   \"person/staatsangehoerigkeit\": [\"000\", \"232\"],\n"
	"   \"dokument/@eintrag\": [\"D1\", \"D2\"]}\n"
	"Its values are set first, then the --set values.\n"
	"\n"
	"Options:\n"
	"  --set PATH=VALUE       set a value (repeatable)\n"
	"  --from FILE            set the values of a JSON file (- for standard input)\n"
	"  --author ID            author authority id (prefix:number)\n"
	"  --reader ID            reader authority id (prefix:number)\n"
	"  -o, --output FILE      write to FILE atomically (default: standard output)\n"
	"  --gzip                 gzip-compress the output file\n"
	"  --schema-path DIR      load bundles from DIR first (repeatable)\n"
	"  --no-default-path      do not load the installed schemas\n"
	"  -h, --help             this help\n";

#define MAX_SETS 1024
#define MAX_JSON_BYTES (64u << 20)

/* Read a whole file ("-": standard input); a new NUL-terminated buffer or NULL. */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t cap = 4096, n = 0;
	char *buf = NULL, *nb;

	if (!f)
		return NULL;
	for (;;) {
		size_t got;
		nb = realloc(buf, cap + 1);
		if (!nb)
			break;
		buf = nb;
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n < cap) {
			if (ferror(f))
				break;
			if (f != stdin)
				fclose(f);
			buf[n] = '\0';
			*len = n;
			return buf;
		}
		if (cap >= MAX_JSON_BYTES)
			break;
		cap *= 2;
	}
	if (f != stdin)
		fclose(f);
	free(buf);
	return NULL;
}

/* Set the values of a JSON file; an exit status (EXIT_VALID when all were set). */
static int set_from_json(xoev_message *msg, const char *file)
{
	json_values vals;
	char err[512];
	size_t len = 0, k;
	char *text = read_all(file, &len);
	int status = EXIT_VALID;

	if (!text) {
		fprintf(stderr, "%s new: cannot read %s\n", prog, file);
		return EXIT_IO;
	}
	if (json_read_values(text, len, &vals, err, sizeof err) != 0) {
		fprintf(stderr, "%s new: %s:%s\n", prog, file, err);
		free(text);
		return EXIT_USAGE;
	}
	free(text);
	for (k = 0; k < vals.count && status == EXIT_VALID; k++)
		if (xoev_message_set(msg, vals.items[k].path, vals.items[k].value) != XOEV_OK) {
			fprintf(stderr, "%s new: %s:%lu:%lu: %s\n", prog, file, vals.items[k].line,
			        vals.items[k].column, xoev_message_error(msg));
			status = EXIT_INVALID;
		}
	json_values_free(&vals);
	return status;
}

int cmd_new(int argc, char **argv)
{
	xoev_message_options mo = XOEV_MESSAGE_OPTIONS_INIT;
	const char *pos[3], *out = NULL, *v, *sets[MAX_SETS], *from = NULL;
	size_t npos = 0, nsets = 0, k;
	registry_args ra;
	xoev_registry *reg = NULL;
	const xoev_bundle *b = NULL;
	xoev_message *msg = NULL;
	int i, status = -1, rc, gzip = 0;

	memset(&ra, 0, sizeof ra);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(new_help, stdout);
			return EXIT_VALID;
		} else if (registry_arg(argc, argv, &i, &ra, &status, "new")) {
			if (status >= 0)
				return status;
		} else if (take_value(argc, argv, &i, "--set", &v)) {
			if (!v || !strchr(v, '=') || nsets == MAX_SETS)
				return usage_error("new", "--set needs PATH=VALUE", NULL);
			sets[nsets++] = v;
		} else if (take_value(argc, argv, &i, "--from", &v)) {
			if (!v)
				return usage_error("new", "--from needs a JSON file", NULL);
			from = v;
		} else if (take_value(argc, argv, &i, "--author", &v)) {
			if (!v)
				return usage_error("new", "--author needs an id", NULL);
			mo.author = v;
		} else if (take_value(argc, argv, &i, "--reader", &v)) {
			if (!v)
				return usage_error("new", "--reader needs an id", NULL);
			mo.reader = v;
		} else if (take_value(argc, argv, &i, "-o", &v) ||
		           take_value(argc, argv, &i, "--output", &v)) {
			if (!v)
				return usage_error("new", "-o needs a file name", NULL);
			out = v;
		} else if (strcmp(argv[i], "--gzip") == 0) {
			gzip = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return usage_error("new", "unknown option '%s'", argv[i]);
		} else if (npos < 3) {
			pos[npos++] = argv[i];
		} else {
			return usage_error("new", "unexpected argument '%s'", argv[i]);
		}
	}
	if (npos != 3)
		return usage_error("new", "needs STANDARD VERSION MESSAGE", NULL);
	if (gzip && !out)
		return usage_error("new", "--gzip needs -o FILE", NULL);
	rc = open_registry(&ra, &reg);
	if (rc) {
		fprintf(stderr, "%s new: %s\n", prog, xoev_strerror(rc));
		return EXIT_INTERNAL;
	}
	if (xoev_registry_find(reg, pos[0], pos[1], &b) != XOEV_OK) {
		fprintf(stderr, "%s new: unknown standard or version '%s %s'\n", prog, pos[0], pos[1]);
		xoev_registry_free(reg);
		return EXIT_UNKNOWN;
	}
	rc = xoev_message_new(&msg, b, pos[2], &mo);
	if (rc) {
		fprintf(stderr, "%s new: %s\n", prog,
		        rc == XOEV_ENOTFOUND ? "unknown message type" : xoev_strerror(rc));
		xoev_registry_free(reg);
		return status_exit(rc);
	}
	status = from ? set_from_json(msg, from) : EXIT_VALID;
	for (k = 0; k < nsets && status == EXIT_VALID; k++) {
		const char *eq = strchr(sets[k], '=');
		char path[1024];
		size_t n = (size_t)(eq - sets[k]);
		if (n >= sizeof path) {
			status = usage_error("new", "path too long in '%s'", sets[k]);
			break;
		}
		memcpy(path, sets[k], n);
		path[n] = '\0';
		rc = xoev_message_set(msg, path, eq + 1);
		if (rc) {
			fprintf(stderr, "%s new: %s\n", prog, xoev_message_error(msg));
			status = EXIT_INVALID;
		}
	}
	if (status == EXIT_VALID) {
		if (out) {
			rc = xoev_message_write(msg, out, gzip ? XOEV_WRITE_GZIP : 0);
		} else {
			char *text = NULL;
			size_t len = 0;
			rc = xoev_message_serialize(msg, &text, &len);
			if (rc == XOEV_OK && fwrite(text, 1, len, stdout) != len)
				rc = XOEV_EIO;
			xoev_free(text);
		}
		if (rc) {
			fprintf(stderr, "%s new: %s\n", prog,
			        *xoev_message_error(msg) ? xoev_message_error(msg) : xoev_strerror(rc));
			status = rc == XOEV_ERROR ? EXIT_INVALID : rc == XOEV_EIO ? EXIT_IO : EXIT_INTERNAL;
		}
	}
	xoev_message_free(msg);
	xoev_registry_free(reg);
	return status;
}

int cmd_skeleton(int argc, char **argv)
{
	return generate_command(argc, argv, 0);
}

int cmd_describe(int argc, char **argv)
{
	return generate_command(argc, argv, 1);
}
