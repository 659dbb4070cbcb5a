/*
 * xoev - `xoev translate`: translate messages to another version of their standard.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char translate_help[] =
	"Usage: xoev translate --to VERSION [OPTIONS] FILE...\n"
	"\n"
	"Translate messages to another version of their standard, through the\n"
	"standard's translation steps (sandboxed XSLT), validating the input and\n"
	"every step's output, and report every data point the target cannot carry.\n"
	"\n"
	"Options:\n"
	"  --to VERSION           the target version (required)\n"
	"  --policy lossy|strict  lossy (default): translate and list the losses;\n"
	"                         strict: any loss rejects the message\n"
	"  --report text|json     the loss report format (default text)\n"
	"  -o, --output PATH      one FILE: write the translation to PATH; several:\n"
	"                         PATH is a directory, each result keeps its name.\n"
	"                         Default: standard output (one FILE only).\n"
	"                         Written atomically; an input is never overwritten.\n"
	"  --schema-path DIR      load bundles from DIR first (repeatable)\n"
	"  --no-default-path      do not load the installed schemas\n"
	"  -h, --help             this help\n"
	"\n"
	"The report goes to standard output when -o is given, else to standard error.\n"
	"\n"
	"Exit status (the worst over all files): 0 lossless, lossless with defaults,\n"
	"or lossy under the lossy policy (the report lists the losses); 1 rejected\n"
	"(the target has no such message, a change refuses the content, or loss\n"
	"under --policy strict); 2 usage; 3 a file could not be read or written;\n"
	"4 unknown version; 5 translation failed (invalid input or output, no path,\n"
	"broken step).\n";

#define EXIT_TR_REJECTED 1
#define EXIT_TR_FAILED 5

static int read_all(const char *path, char **buf, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	size_t cap = 65536, n = 0;
	char *b;

	if (!f)
		return -1;
	b = malloc(cap);
	while (b) {
		size_t r = fread(b + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
		if (n == cap) {
			char *nb = realloc(b, cap * 2);
			if (!nb) {
				free(b);
				b = NULL;
				break;
			}
			b = nb;
			cap *= 2;
		}
	}
	if (b && ferror(f)) {
		free(b);
		b = NULL;
	}
	if (f != stdin)
		fclose(f);
	*buf = b;
	*len = n;
	return b ? 0 : -1;
}

static int write_atomic(const char *path, const char *buf, size_t len)
{
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n);
	FILE *f;
	int fd, ok;

	if (!tmp)
		return -1;
	snprintf(tmp, n, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return -1;
	}
	f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	ok = fwrite(buf, 1, len, f) == len;
	ok = fflush(f) == 0 && ok;
	ok = fsync(fileno(f)) == 0 && ok;
	ok = fclose(f) == 0 && ok;
	if (ok)
		ok = rename(tmp, path) == 0;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok ? 0 : -1;
}

/* 1 if a and b name the same existing file. */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
		return 0;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void report_text(FILE *f, const char *file, const xoev_translation *t)
{
	size_t i;

	fprintf(f, "%s: %s", file, xoev_translate_outcome_name(xoev_translation_outcome(t)));
	if (xoev_translation_source_version(t))
		fprintf(f, " (%s %s -> %s)", xoev_translation_standard(t),
		        xoev_translation_source_version(t), xoev_translation_target_version(t));
	if (xoev_translation_reason(t))
		fprintf(f, ": %s", xoev_translation_reason(t));
	fputc('\n', f);
	for (i = 0; i < xoev_translation_loss_count(t); i++) {
		const xoev_loss *l = xoev_translation_loss(t, i);
		fprintf(f, "  %s %s [%s%s%s] %s = \"%s\": %s\n",
		        xoev_loss_kind_name(xoev_loss_get_kind(l)), xoev_loss_step(l),
		        xoev_loss_change(l) ? xoev_loss_change(l) : "", xoev_loss_change(l) ? "" : "-",
		        "", xoev_loss_xpath(l), xoev_loss_value(l), xoev_loss_reason(l));
	}
}

static void report_json(FILE *f, const char *file, const xoev_translation *t, int first)
{
	size_t i;

	fputs(first ? "\n  {" : ",\n  {", f);
	fputs("\"file\": ", f);
	json_str(f, file);
	fputs(", \"outcome\": ", f);
	json_str(f, xoev_translate_outcome_name(xoev_translation_outcome(t)));
	fputs(", \"standard\": ", f);
	json_str(f, xoev_translation_standard(t));
	fputs(", \"from\": ", f);
	json_str(f, xoev_translation_source_version(t));
	fputs(", \"to\": ", f);
	json_str(f, xoev_translation_target_version(t));
	if (xoev_translation_reason(t)) {
		fputs(", \"reason\": ", f);
		json_str(f, xoev_translation_reason(t));
	}
	fputs(", \"steps\": [", f);
	for (i = 0; i < xoev_translation_step_count(t); i++) {
		if (i)
			fputs(", ", f);
		json_str(f, xoev_translation_step(t, i));
	}
	fputs("], \"losses\": [", f);
	for (i = 0; i < xoev_translation_loss_count(t); i++) {
		const xoev_loss *l = xoev_translation_loss(t, i);
		fputs(i ? ",\n    {" : "\n    {", f);
		fputs("\"kind\": ", f);
		json_str(f, xoev_loss_kind_name(xoev_loss_get_kind(l)));
		fputs(", \"step\": ", f);
		json_str(f, xoev_loss_step(l));
		if (xoev_loss_change(l)) {
			fputs(", \"change\": ", f);
			json_str(f, xoev_loss_change(l));
		}
		fputs(", \"xpath\": ", f);
		json_str(f, xoev_loss_xpath(l));
		fputs(", \"value\": ", f);
		json_str(f, xoev_loss_value(l));
		fputs(", \"reason\": ", f);
		json_str(f, xoev_loss_reason(l));
		fputc('}', f);
	}
	fputs("]}", f);
}

static int worse(int a, int b)
{
	/* order of severity: failed > unknown version > io > rejected > ok */
	static const int rank[] = { 0, 1, 0, 2, 3, 4 };
	if (a < 0 || a > 5)
		return a;
	if (b < 0 || b > 5)
		return b;
	return rank[b] > rank[a] ? b : a;
}

int cmd_translate(int argc, char **argv)
{
	const char *cmd = "translate", *to = NULL, *output = NULL, *v;
	const char *files[MAX_PATHS];
	size_t nfiles = 0, k;
	registry_args ra;
	xoev_registry *reg = NULL;
	xoev_translate_options topts = XOEV_TRANSLATE_OPTIONS_INIT;
	int json = 0, i, status = -1, exit_code = 0, out_dir = 0;
	FILE *rep;

	memset(&ra, 0, sizeof ra);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(translate_help, stdout);
			return EXIT_VALID;
		} else if (registry_arg(argc, argv, &i, &ra, &status, cmd)) {
			if (status >= 0)
				return status;
		} else if (take_value(argc, argv, &i, "--to", &v)) {
			if (!v)
				return usage_error(cmd, "--to needs a version", NULL);
			to = v;
		} else if (take_value(argc, argv, &i, "--policy", &v)) {
			if (v && strcmp(v, "strict") == 0)
				topts.policy = XOEV_POLICY_STRICT;
			else if (v && strcmp(v, "lossy") == 0)
				topts.policy = XOEV_POLICY_LOSSY;
			else
				return usage_error(cmd, "--policy is lossy or strict, not '%s'", v ? v : "");
		} else if (take_value(argc, argv, &i, "--report", &v)) {
			if (v && strcmp(v, "json") == 0)
				json = 1;
			else if (v && strcmp(v, "text") == 0)
				json = 0;
			else
				return usage_error(cmd, "--report is text or json, not '%s'", v ? v : "");
		} else if (take_value(argc, argv, &i, "-o", &v) ||
		           take_value(argc, argv, &i, "--output", &v)) {
			if (!v)
				return usage_error(cmd, "-o needs a path", NULL);
			output = v;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return usage_error(cmd, "unknown option '%s'", argv[i]);
		} else if (nfiles >= MAX_PATHS) {
			return usage_error(cmd, "too many files", NULL);
		} else {
			files[nfiles++] = argv[i];
		}
	}
	if (!to)
		return usage_error(cmd, "--to VERSION is required", NULL);
	if (!nfiles)
		return usage_error(cmd, "no input file", NULL);
	if (nfiles > 1) {
		struct stat st;
		if (!output || stat(output, &st) != 0 || !S_ISDIR(st.st_mode))
			return usage_error(cmd, "several files need -o DIRECTORY", NULL);
		out_dir = 1;
	}
	for (k = 0; output && !out_dir && k < nfiles; k++)
		if (same_file(files[k], output)) {
			fprintf(stderr, "%s %s: refusing to overwrite the input %s\n", prog, cmd, files[k]);
			return EXIT_IO;
		}
	if (open_registry(&ra, &reg) != XOEV_OK)
		return EXIT_INTERNAL;
	rep = output ? stdout : stderr;
	if (json)
		fputs("{\"translations\": [", rep);
	for (k = 0; k < nfiles; k++) {
		char *buf = NULL, *out = NULL, *dest = NULL;
		size_t len = 0, out_len = 0;
		xoev_translation *t = NULL;
		xoev_diag_list *diags = NULL;
		int rc, code = 0;

		if (read_all(files[k], &buf, &len) != 0) {
			fprintf(stderr, "%s %s: cannot read %s: %s\n", prog, cmd, files[k], strerror(errno));
			exit_code = worse(exit_code, EXIT_IO);
			continue;
		}
		if (xoev_diag_list_new(&diags) != XOEV_OK) {
			free(buf);
			exit_code = EXIT_INTERNAL;
			break;
		}
		rc = xoev_translate(reg, to, &topts, buf, len, files[k], &out, &out_len, &t, diags);
		free(buf);
		print_diags(stderr, diags);
		xoev_diag_list_free(diags);
		if (!t) {
			fprintf(stderr, "%s %s: %s: %s\n", prog, cmd, files[k], xoev_strerror(rc));
			exit_code = worse(exit_code, EXIT_INTERNAL);
			continue;
		}
		if (json)
			report_json(rep, files[k], t, k == 0);
		else
			report_text(rep, files[k], t);
		switch (xoev_translation_outcome(t)) {
		case XOEV_TRANSLATE_LOSSLESS:
		case XOEV_TRANSLATE_LOSSLESS_WITH_DEFAULTS:
		case XOEV_TRANSLATE_LOSSY:
			code = 0;
			break;
		case XOEV_TRANSLATE_REJECTED:
			code = EXIT_TR_REJECTED;
			break;
		case XOEV_TRANSLATE_FAILED:
			code = rc == XOEV_ENOTFOUND ? EXIT_UNKNOWN : EXIT_TR_FAILED;
			break;
		}
		if (out) {
			if (out_dir) {
				const char *base = strrchr(files[k], '/');
				base = base ? base + 1 : files[k];
				dest = malloc(strlen(output) + strlen(base) + 2);
				if (dest)
					sprintf(dest, "%s/%s", output, base);
			}
			if (out_dir && (!dest || same_file(files[k], dest))) {
				fprintf(stderr, "%s %s: refusing to overwrite the input %s\n", prog, cmd,
				        files[k]);
				code = EXIT_IO;
			} else if (output) {
				if (write_atomic(dest ? dest : output, out, out_len) != 0) {
					fprintf(stderr, "%s %s: cannot write %s\n", prog, cmd,
					        dest ? dest : output);
					code = EXIT_IO;
				}
			} else if (fwrite(out, 1, out_len, stdout) != out_len) {
				code = EXIT_IO;
			}
		}
		free(dest);
		xoev_free(out);
		xoev_translation_free(t);
		exit_code = worse(exit_code, code);
	}
	if (json)
		fputs("\n]}\n", rep);
	xoev_registry_free(reg);
	return exit_code;
}
