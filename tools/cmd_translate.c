/*
 * xoev - `xoev translate`: translate messages to another version of their
 * standard. Files and directories in, one output file or a mirrored output
 * directory out, a text or JSON report that covers every file.
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
	"Usage: xoev translate --to VERSION [OPTIONS] FILE|DIR... [-o OUT]\n"
	"\n"
	"Translate messages to another version of their standard, through the\n"
	"standard's translation steps (sandboxed XSLT), validating the input and\n"
	"every step's output, and report every data point the target cannot carry.\n"
	"A directory gives its *.xml and *.xml.gz files, recursively.\n"
	"\n"
	"Options:\n"
	"  --to VERSION           the target version (required)\n"
	"  --policy lossy|strict  lossy (default): translate and list the losses;\n"
	"                         strict: any loss rejects the message\n"
	"  --report text|json     the report format (default text)\n"
	"  --layers LIST          layers that validate the input and every step's\n"
	"                         output: xsd,codelist,rules,header or all\n"
	"                         (default: xsd,codelist)\n"
	"  -o, --output OUT       one FILE: write the translation to OUT (or into OUT\n"
	"                         when it is a directory). Several inputs or a DIR:\n"
	"                         OUT is a directory (created if missing); a file\n"
	"                         keeps its name, a file found in DIR its path below\n"
	"                         DIR (x.xml.gz is written as x.xml, uncompressed).\n"
	"                         Default: standard output (one FILE only).\n"
	"  --force                replace outputs that exist (never an input)\n"
	"  --schema-path DIR      load bundles from DIR first (repeatable)\n"
	"  --no-default-path      do not load the installed schemas\n"
	"  -h, --help             this help\n"
	"\n"
	"Outputs are written atomically, only for translated messages: a temporary\n"
	"file, made durable (in batches of up to 128 files), then named. Before\n"
	"anything is translated the run stops (exit 3) when an output would be an\n"
	"input, or exists and --force is not given; it stops (exit 2) when two\n"
	"inputs would be written to the same output.\n"
	"\n"
	"The report goes to standard output when -o is given, else to standard error.\n"
	"Outcomes: lossless, lossless-with-defaults, lossy, rejected, failed, and\n"
	"io-error (a file that could not be read or written).\n"
	"\n"
	"Exit status, the worst over all files (first in this order: 5, 3, 4, 1):\n"
	"  0  every file translated (lossless, with defaults, or lossy under the\n"
	"     lossy policy: the report lists the losses)\n"
	"  1  some file rejected (its message type does not exist in the target, a\n"
	"     change refuses its content, or loss under --policy strict), or its\n"
	"     input is not valid\n"
	"  2  usage error\n"
	"  3  a file could not be read or written, or an output was refused\n"
	"  4  unknown standard or version (of an input, or --to)\n"
	"  5  the translation failed in a step: no path of steps to the target, a\n"
	"     step that does not compile or breaks, or a step output that is not valid\n";

/* The files of a run, in input order. */
typedef struct {
	const char *in;  /* the input (borrowed from the path list) */
	char *dest;      /* where its translation goes (owned); NULL: standard output */
} tr_file;

typedef struct {
	registry_args ra;
	xoev_translate_options topts;
	const char *to, *output;
	int json, force;
	path_list inputs; /* files and directories as given */
} tr_args;

/* Counts per outcome for the summary; io-error last. */
enum { N_OUTCOMES = XOEV_TRANSLATE_FAILED + 2, IO_ERROR = N_OUTCOMES - 1 };

typedef struct {
	FILE *f;
	int json;
	size_t entries;
	size_t counts[N_OUTCOMES];
} tr_report;

static int is_translatable(const char *path)
{
	size_t n = strlen(path);
	return (n > 4 && strcmp(path + n - 4, ".xml") == 0) ||
	       (n > 7 && strcmp(path + n - 7, ".xml.gz") == 0);
}

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

/* ------------------------------------------------------------------ */
/* outcome classes                                                     */
/* ------------------------------------------------------------------ */

static int has_layer(const xoev_diag_list *d, xoev_layer layer)
{
	size_t i;

	for (i = 0; i < xoev_diag_list_count(d); i++)
		if (xoev_diag_layer(xoev_diag_list_get(d, i)) == layer &&
		    xoev_diag_severity(xoev_diag_list_get(d, i)) >= XOEV_SEVERITY_ERROR)
			return 1;
	return 0;
}

static int has_rule(const xoev_diag_list *d, const char *rule)
{
	size_t i;

	for (i = 0; i < xoev_diag_list_count(d); i++)
		if (strcmp(xoev_diag_rule(xoev_diag_list_get(d, i)), rule) == 0)
			return 1;
	return 0;
}

/* The exit class of one translation (see the help). */
static int exit_class(const xoev_translation *t, int rc, const xoev_diag_list *d)
{
	switch (xoev_translation_outcome(t)) {
	case XOEV_TRANSLATE_LOSSLESS:
	case XOEV_TRANSLATE_LOSSLESS_WITH_DEFAULTS:
	case XOEV_TRANSLATE_LOSSY:
		return EXIT_VALID;
	case XOEV_TRANSLATE_REJECTED:
		return EXIT_INVALID;
	case XOEV_TRANSLATE_FAILED:
		break;
	}
	if (has_layer(d, XOEV_LAYER_IO))
		return EXIT_IO;
	if (rc == XOEV_ENOTFOUND || has_rule(d, "translate.unknown-version"))
		return EXIT_UNKNOWN;
	if (has_rule(d, "translate.invalid-input") || has_layer(d, XOEV_LAYER_WELLFORMED))
		return EXIT_INVALID;
	if (!xoev_translation_source_version(t))
		return EXIT_UNKNOWN; /* well-formed, but no loaded standard knows it */
	return EXIT_INTERNAL;
}

/* The worse of two exit classes: 5, then 3, 4, 1, 0 (the README's order, 5 first). */
static int worse(int a, int b)
{
	static const int rank[] = { 0, 1, 0, 3, 2, 4 };
	return rank[b] > rank[a] ? b : a;
}

/* ------------------------------------------------------------------ */
/* report                                                              */
/* ------------------------------------------------------------------ */

static void json_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
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

/* ', "key": value' (a JSON string, or null for NULL). */
static void json_member(FILE *f, const char *key, const char *value)
{
	fprintf(f, ", \"%s\": ", key);
	json_str(f, value);
}

static void json_losses(FILE *f, const xoev_translation *t)
{
	size_t i;

	fputs(", \"losses\": [", f);
	for (i = 0; i < xoev_translation_loss_count(t); i++) {
		const xoev_loss *l = xoev_translation_loss(t, i);
		fputs(i ? ",\n    {\"kind\": " : "\n    {\"kind\": ", f);
		json_str(f, xoev_loss_kind_name(xoev_loss_get_kind(l)));
		json_member(f, "step", xoev_loss_step(l));
		json_member(f, "change", xoev_loss_change(l));
		json_member(f, "xpath", xoev_loss_xpath(l));
		json_member(f, "value", xoev_loss_value(l));
		json_member(f, "reason", xoev_loss_reason(l));
		fputc('}', f);
	}
	fputc(']', f);
}

static void json_findings(FILE *f, const xoev_diag_list *d)
{
	size_t i;

	fputs(", \"findings\": [", f);
	for (i = 0; i < xoev_diag_list_count(d); i++) {
		const xoev_diag *g = xoev_diag_list_get(d, i);
		fputs(i ? ",\n    {\"severity\": " : "\n    {\"severity\": ", f);
		json_str(f, xoev_severity_name(xoev_diag_severity(g)));
		json_member(f, "layer", xoev_layer_name(xoev_diag_layer(g)));
		json_member(f, "rule", xoev_diag_rule(g));
		fprintf(f, ", \"line\": %lu, \"column\": %lu", xoev_diag_line(g), xoev_diag_column(g));
		json_member(f, "message", xoev_diag_message(g));
		json_member(f, "xpath", xoev_diag_xpath(g));
		fputc('}', f);
	}
	fputc(']', f);
}

static void json_entry(tr_report *r, const char *file, const char *dest, const char *outcome,
                       int code, const xoev_translation *t, const xoev_diag_list *d,
                       const char *error)
{
	FILE *f = r->f;
	size_t i;

	fputs(r->entries ? ",\n  {\"file\": " : "\n  {\"file\": ", f);
	json_str(f, file);
	json_member(f, "output", dest);
	json_member(f, "outcome", outcome);
	fprintf(f, ", \"exit\": %d", code);
	if (error)
		json_member(f, "error", error);
	if (t) {
		json_member(f, "standard", xoev_translation_standard(t));
		json_member(f, "from", xoev_translation_source_version(t));
		json_member(f, "to", xoev_translation_target_version(t));
		json_member(f, "reason", xoev_translation_reason(t));
		fputs(", \"steps\": [", f);
		for (i = 0; i < xoev_translation_step_count(t); i++) {
			if (i)
				fputs(", ", f);
			json_str(f, xoev_translation_step(t, i));
		}
		fputc(']', f);
		json_losses(f, t);
	}
	if (d)
		json_findings(f, d);
	fputc('}', f);
}

static void text_entry(tr_report *r, const char *file, const char *dest, const char *outcome,
                       const xoev_translation *t, const xoev_diag_list *d, const char *error)
{
	FILE *f = r->f;
	size_t i;

	fprintf(f, "%s: %s", file, outcome);
	if (t && xoev_translation_source_version(t))
		fprintf(f, " (%s %s -> %s)", xoev_translation_standard(t),
		        xoev_translation_source_version(t), xoev_translation_target_version(t));
	if (t && xoev_translation_reason(t))
		fprintf(f, ": %s", xoev_translation_reason(t));
	if (error)
		fprintf(f, ": %s", error);
	if (dest)
		fprintf(f, " -> %s", dest);
	fputc('\n', f);
	for (i = 0; t && i < xoev_translation_loss_count(t); i++) {
		const xoev_loss *l = xoev_translation_loss(t, i);
		fprintf(f, "  %s %s [%s] %s = \"%s\": %s\n", xoev_loss_kind_name(xoev_loss_get_kind(l)),
		        xoev_loss_step(l), xoev_loss_change(l) ? xoev_loss_change(l) : "-",
		        xoev_loss_xpath(l), xoev_loss_value(l), xoev_loss_reason(l));
	}
	for (i = 0; d && i < xoev_diag_list_count(d); i++) {
		const xoev_diag *g = xoev_diag_list_get(d, i);
		char *line;
		if (t && xoev_translation_reason(t) && xoev_diag_layer(g) == XOEV_LAYER_TRANSLATE &&
		    strcmp(xoev_diag_message(g), xoev_translation_reason(t)) == 0)
			continue; /* said on the first line */
		line = xoev_diag_format(g);
		if (line)
			fprintf(f, "  %s\n", line);
		xoev_free(line);
	}
}

/* One file's entry. outcome: a library outcome, or IO_ERROR (t may then be NULL). */
static void report_entry(tr_report *r, const char *file, const char *dest, int outcome, int code,
                         const xoev_translation *t, const xoev_diag_list *d, const char *error)
{
	const char *name = outcome == IO_ERROR ? "io-error" :
	                   xoev_translate_outcome_name((xoev_translate_outcome)outcome);

	if (r->json)
		json_entry(r, file, dest, name, code, t, d, error);
	else
		text_entry(r, file, dest, name, t, d, error);
	r->counts[outcome]++;
	r->entries++;
}

static void report_begin(tr_report *r)
{
	if (r->json)
		fputs("{\"translations\": [", r->f);
}

static void report_end(tr_report *r, int code)
{
	int o;

	if (r->json) {
		fprintf(r->f, "%s],\n \"summary\": {\"files\": %zu", r->entries ? "\n" : "", r->entries);
		for (o = 0; o < N_OUTCOMES; o++)
			fprintf(r->f, ", \"%s\": %zu",
			        o == IO_ERROR ? "io-error" :
			        xoev_translate_outcome_name((xoev_translate_outcome)o), r->counts[o]);
		fprintf(r->f, "},\n \"exit\": %d}\n", code);
		return;
	}
	fprintf(r->f, "%zu file%s:", r->entries, r->entries == 1 ? "" : "s");
	for (o = 0; o < N_OUTCOMES; o++)
		fprintf(r->f, " %zu %s%s", r->counts[o],
		        o == IO_ERROR ? "io-error" :
		        xoev_translate_outcome_name((xoev_translate_outcome)o),
		        o + 1 < N_OUTCOMES ? "," : "");
	fprintf(r->f, "; exit %d\n", code);
}

/* ------------------------------------------------------------------ */
/* the plan: inputs, outputs, refusals                                 */
/* ------------------------------------------------------------------ */

/* OUT/rel, with a final ".gz" dropped (the output is not compressed); new string. */
static char *dest_for(const char *out_dir, const char *rel)
{
	size_t dl = strlen(out_dir), rl = strlen(rel);
	char *d;

	while (dl > 1 && out_dir[dl - 1] == '/')
		dl--;
	if (rl > 7 && strcmp(rel + rl - 7, ".xml.gz") == 0)
		rl -= 3;
	d = malloc(dl + rl + 2);
	if (d)
		sprintf(d, "%.*s/%.*s", (int)dl, out_dir, (int)rl, rel);
	return d;
}

/* The name of in below the argument arg it came from. */
static const char *relative_name(const char *arg, const char *in, int arg_is_dir)
{
	size_t al = strlen(arg);
	const char *base;

	while (al > 1 && arg[al - 1] == '/')
		al--;
	if (arg_is_dir && strlen(in) > al + 1 && strncmp(in, arg, al) == 0 && in[al] == '/')
		return in + al + 1;
	base = strrchr(in, '/');
	return base ? base + 1 : in;
}

typedef struct {
	dev_t dev;
	ino_t ino;
} file_id;

static int cmp_id(const void *a, const void *b)
{
	const file_id *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

static int cmp_dest(const void *a, const void *b)
{
	const tr_file *x = *(tr_file *const *)a, *y = *(tr_file *const *)b;
	return strcmp(x->dest, y->dest);
}

/* Two inputs onto one output: a usage error, before any work. */
static int refuse_collisions(tr_file *files, size_t n)
{
	tr_file **byname = malloc((n ? n : 1) * sizeof *byname);
	size_t i, m = 0;
	int status = -1;

	if (!byname)
		return EXIT_INTERNAL;
	for (i = 0; i < n; i++)
		if (files[i].dest)
			byname[m++] = &files[i];
	qsort(byname, m, sizeof *byname, cmp_dest);
	for (i = 1; i < m && status < 0; i++)
		if (strcmp(byname[i - 1]->dest, byname[i]->dest) == 0) {
			fprintf(stderr, "%s translate: %s and %s would both be written to %s\n", prog,
			        byname[i - 1]->in, byname[i]->in, byname[i]->dest);
			status = EXIT_USAGE;
		}
	free(byname);
	return status;
}

/* An output that is an input, or exists without --force: refused before any work. */
static int refuse_overwrites(tr_file *files, size_t n, int force)
{
	file_id *ids = malloc((n ? n : 1) * sizeof *ids);
	size_t i, m = 0;
	int status = -1;
	struct stat st;

	if (!ids)
		return EXIT_INTERNAL;
	for (i = 0; i < n; i++)
		if (stat(files[i].in, &st) == 0) {
			ids[m].dev = st.st_dev;
			ids[m++].ino = st.st_ino;
		}
	qsort(ids, m, sizeof *ids, cmp_id);
	for (i = 0; i < n && status < 0; i++) {
		file_id key;
		if (!files[i].dest || stat(files[i].dest, &st) != 0)
			continue;
		key.dev = st.st_dev;
		key.ino = st.st_ino;
		if (bsearch(&key, ids, m, sizeof *ids, cmp_id)) {
			fprintf(stderr, "%s translate: refusing to write %s: it is an input\n", prog,
			        files[i].dest);
			status = EXIT_IO;
		} else if (!force) {
			fprintf(stderr, "%s translate: refusing to overwrite %s (--force replaces outputs)\n",
			        prog, files[i].dest);
			status = EXIT_IO;
		}
	}
	free(ids);
	return status;
}

/*
 * Expand the inputs into *files (in order) with their destinations.
 * Returns -1 to go on, or the exit status.
 */
static int plan(const tr_args *a, path_list *found, tr_file **files)
{
	size_t k, i = 0, *ends;
	int out_dir = 0, any_dir = 0, status;

	for (k = 0; k < a->inputs.count; k++)
		any_dir |= path_is_dir(a->inputs.items[k]);
	for (k = 0; k < a->inputs.count; k++)
		if (strcmp(a->inputs.items[k], "-") == 0 && (a->inputs.count > 1 || any_dir))
			return usage_error("translate", "'-' (standard input) goes alone", NULL);
	if (a->output) {
		size_t ol = strlen(a->output);
		out_dir = a->inputs.count > 1 || any_dir || path_is_dir(a->output) ||
		          a->output[ol - 1] == '/';
		if (out_dir && strcmp(a->inputs.items[0], "-") == 0)
			return usage_error("translate", "standard input needs -o FILE", NULL);
	} else if (a->inputs.count > 1 || any_dir) {
		return usage_error("translate", "several inputs or a directory need -o DIRECTORY", NULL);
	}

	ends = malloc(a->inputs.count * sizeof *ends);
	if (!ends)
		return EXIT_INTERNAL;
	for (k = 0; k < a->inputs.count; k++) {
		if (path_list_add(found, a->inputs.items[k], is_translatable) != XOEV_OK) {
			free(ends);
			return EXIT_INTERNAL;
		}
		ends[k] = found->count;
	}
	*files = calloc(found->count ? found->count : 1, sizeof **files);
	for (k = 0, i = 0; *files && k < a->inputs.count; k++) {
		int is_dir = path_is_dir(a->inputs.items[k]);
		for (; i < ends[k]; i++) {
			tr_file *f = &(*files)[i];
			f->in = found->items[i];
			if (out_dir)
				f->dest = dest_for(a->output,
				                   relative_name(a->inputs.items[k], f->in, is_dir));
			else if (a->output)
				f->dest = strdup(a->output);
			if (a->output && !f->dest)
				break;
		}
	}
	free(ends);
	if (!*files || i < found->count)
		return EXIT_INTERNAL;
	if (out_dir && make_dirs(a->output) != 0) {
		fprintf(stderr, "%s translate: cannot create %s: %s\n", prog, a->output, strerror(errno));
		return EXIT_IO;
	}
	status = refuse_collisions(*files, found->count);
	if (status < 0)
		status = refuse_overwrites(*files, found->count, a->force);
	return status;
}

/* ------------------------------------------------------------------ */
/* the run                                                             */
/* ------------------------------------------------------------------ */

/*
 * Outputs are written in batches: the translations of up to BATCH_FILES
 * files go to their temporary files, one commit makes them durable and
 * names them (tools/files.c), then their report entries follow in input
 * order. A file's entry never says "written" before its output is durable
 * and visible.
 */
#define BATCH_FILES 128

typedef struct {
	const tr_file *f;
	xoev_translation *t;
	xoev_diag_list *diags;
	int code;
	int batched;   /* its output is in the batch (the next item in order) */
	int err;       /* errno: its output could not be written */
} tr_pending;

typedef struct {
	atomic_batch batch;
	tr_pending *items;
	size_t count;
	char *made_dir;  /* the directory the last output went to (created then) */
} tr_out;

static void write_error(char *why, size_t n, const char *dest, int err)
{
	snprintf(why, n, "cannot write %s: %s", dest ? dest : "standard output",
	         err == EEXIST ? "it appeared during the run (not replaced)" : strerror(err));
}

/* Commit the batch, report its files in order; returns the worst exit class. */
static int flush_outputs(tr_out *o, tr_report *r)
{
	size_t i, k = 0;
	int worst = EXIT_VALID;

	atomic_batch_commit(&o->batch);
	for (i = 0; i < o->count; i++) {
		tr_pending *p = &o->items[i];
		char why[512];
		int err = p->err, code = p->code;
		if (p->batched)
			err = o->batch.items[k++].err;
		if (err) {
			write_error(why, sizeof why, p->f->dest, err);
			code = worse(code, EXIT_IO);
		}
		report_entry(r, p->f->in, p->batched && !err ? p->f->dest : NULL,
		             err ? IO_ERROR : (int)xoev_translation_outcome(p->t), code, p->t,
		             p->diags, err ? why : NULL);
		xoev_translation_free(p->t);
		xoev_diag_list_free(p->diags);
		worst = worse(worst, code);
	}
	atomic_batch_clear(&o->batch);
	o->count = 0;
	return worst;
}

/* Translate one file and queue its output and report entry; returns its exit class so far. */
static int translate_one(const xoev_registry *reg, const tr_args *a, const tr_file *f,
                         tr_report *r, tr_out *o)
{
	char *buf = NULL, *out = NULL;
	size_t len = 0, out_len = 0;
	xoev_translation *t = NULL;
	xoev_diag_list *diags = NULL;
	tr_pending *p;
	int rc, code;

	if (read_all(f->in, &buf, &len) != 0) {
		char why[256];
		int worst = flush_outputs(o, r);
		snprintf(why, sizeof why, "cannot read: %s", strerror(errno));
		report_entry(r, f->in, NULL, IO_ERROR, EXIT_IO, NULL, NULL, why);
		return worse(worst, EXIT_IO);
	}
	if (xoev_diag_list_new(&diags) != XOEV_OK) {
		free(buf);
		return EXIT_INTERNAL;
	}
	rc = xoev_translate(reg, a->to, &a->topts, buf, len, f->in, &out, &out_len, &t, diags);
	free(buf);
	if (!t) {
		int worst = flush_outputs(o, r);
		report_entry(r, f->in, NULL, XOEV_TRANSLATE_FAILED, EXIT_INTERNAL, NULL, diags,
		             xoev_strerror(rc));
		xoev_diag_list_free(diags);
		return worse(worst, EXIT_INTERNAL);
	}
	code = exit_class(t, rc, diags);
	p = &o->items[o->count++];
	memset(p, 0, sizeof *p);
	p->f = f;
	p->t = t;
	p->diags = diags;
	p->code = code;
	if (out && !f->dest) {
		if (fwrite(out, 1, out_len, stdout) != out_len || fflush(stdout) != 0)
			p->err = errno ? errno : EIO;
	} else if (out) {
		char *dir = strdup(f->dest), *slash = dir ? strrchr(dir, '/') : NULL;
		int bad = !dir;
		if (slash && slash != dir) {
			*slash = '\0';
			/* made for the previous output already: a directory tree's files come in order */
			if (!o->made_dir || strcmp(o->made_dir, dir) != 0) {
				bad = make_dirs(dir) != 0;
				free(o->made_dir);
				o->made_dir = bad ? NULL : dir;
				dir = bad ? dir : NULL;
			}
		}
		free(dir);
		if (bad || atomic_batch_add(&o->batch, f->dest, out, out_len, a->force) != 0)
			p->err = errno ? errno : EIO;
		else
			p->batched = 1;
	}
	xoev_free(out);
	if (o->count == BATCH_FILES || !f->dest)
		return flush_outputs(o, r);
	return EXIT_VALID;
}

static int parse_args(int argc, char **argv, tr_args *a)
{
	const char *cmd = "translate", *v;
	int i, status = -1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(translate_help, stdout);
			return EXIT_VALID;
		} else if (registry_arg(argc, argv, &i, &a->ra, &status, cmd)) {
			if (status >= 0)
				return status;
		} else if (take_value(argc, argv, &i, "--to", &v)) {
			if (!v)
				return usage_error(cmd, "--to needs a version", NULL);
			a->to = v;
		} else if (take_value(argc, argv, &i, "--policy", &v)) {
			if (v && strcmp(v, "strict") == 0)
				a->topts.policy = XOEV_POLICY_STRICT;
			else if (v && strcmp(v, "lossy") == 0)
				a->topts.policy = XOEV_POLICY_LOSSY;
			else
				return usage_error(cmd, "--policy is lossy or strict, not '%s'", v ? v : "");
		} else if (take_value(argc, argv, &i, "--layers", &v)) {
			if (!v || xoev_layers_parse(v, &a->topts.validate_layers) != XOEV_OK ||
			    !a->topts.validate_layers)
				return usage_error(cmd, "--layers takes xsd, codelist, rules, header or all, comma-separated", NULL);
		} else if (take_value(argc, argv, &i, "--report", &v)) {
			if (v && (strcmp(v, "json") == 0 || strcmp(v, "text") == 0))
				a->json = strcmp(v, "json") == 0;
			else
				return usage_error(cmd, "--report is text or json, not '%s'", v ? v : "");
		} else if (take_value(argc, argv, &i, "-o", &v) ||
		           take_value(argc, argv, &i, "--output", &v)) {
			if (!v || !*v)
				return usage_error(cmd, "-o needs a path", NULL);
			a->output = v;
		} else if (strcmp(argv[i], "--force") == 0) {
			a->force = 1;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return usage_error(cmd, "unknown option '%s'", argv[i]);
		} else if (path_list_push(&a->inputs, argv[i], strlen(argv[i])) != XOEV_OK) {
			return EXIT_INTERNAL;
		}
	}
	if (!a->to)
		return usage_error(cmd, "--to VERSION is required", NULL);
	if (!a->inputs.count)
		return usage_error(cmd, "no input file", NULL);
	return -1;
}

int cmd_translate(int argc, char **argv)
{
	xoev_translate_options topts = XOEV_TRANSLATE_OPTIONS_INIT;
	tr_args a;
	path_list found = { 0 };
	tr_file *files = NULL;
	xoev_registry *reg = NULL;
	tr_report r;
	tr_out o;
	int status, exit_code = EXIT_VALID;
	size_t k;

	memset(&a, 0, sizeof a);
	memset(&r, 0, sizeof r);
	memset(&o, 0, sizeof o);
	a.topts = topts;
	status = parse_args(argc, argv, &a);
	if (status < 0)
		status = plan(&a, &found, &files);
	if (status >= 0)
		goto done;
	if (open_registry(&a.ra, &reg) != XOEV_OK) {
		status = EXIT_INTERNAL;
		goto done;
	}
	r.f = a.output ? stdout : stderr;
	r.json = a.json;
	o.items = malloc(BATCH_FILES * sizeof *o.items);
	if (!o.items) {
		status = EXIT_INTERNAL;
		goto done;
	}
	report_begin(&r);
	for (k = 0; k < found.count; k++) {
		int code = translate_one(reg, &a, &files[k], &r, &o);
		exit_code = worse(exit_code, code);
	}
	exit_code = worse(exit_code, flush_outputs(&o, &r));
	report_end(&r, exit_code);
	status = exit_code;
done:
	for (k = 0; files && k < found.count; k++)
		free(files[k].dest);
	free(files);
	path_list_free(&found);
	path_list_free(&a.inputs);
	free(o.items);
	free(o.made_dir);
	atomic_batch_free(&o.batch);
	xoev_registry_free(reg);
	return status;
}
