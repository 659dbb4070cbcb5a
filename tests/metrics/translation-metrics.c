/*
 * translation-metrics - per translation path, in the style of FHIR's
 * cross-version maps: how many golden messages translate, how many are
 * valid in the target afterwards, how many survive the round trip.
 *
 *   translation-metrics [--schema-path DIR]... [--samples STANDARD VERSION DIR]...
 *                       [--no-examples] [--layers LIST] [--title TEXT] [-v]
 *
 * Messages: every bundle's examples/valid/ (unless --no-examples), plus the
 * *.xml and *.xml.gz files of each --samples directory. For every ordered
 * pair of versions (A, B) of a standard for which A has messages and a path
 * of translation steps exists (found by the library, whatever bundle or
 * step home supplies the steps), every message of A is translated to B
 * (lossy policy) and:
 *   translated     outcome lossless, lossless with defaults or lossy;
 *   valid after    the output is valid in B with every layer (or --layers;
 *                  --layers also sets the validation inside the translation);
 *   round trip     translated back to A, the result equals the message
 *                  (elements by namespace and name, attributes, trimmed
 *                  text; prefixes, comments, PIs and indentation ignored).
 * Loss entries are counted: declared (dropped, collapsed), defaults filled
 * in, undeclared. A markdown table goes to standard output; it holds no
 * time or path, so that it can be compared with the copy in README.md.
 * Exit 0, or 2 (usage), 3 (a directory cannot be read), 5 (internal error).
 *
 * Uses the public API, and libxml2 for the comparison of the round trip.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "xoev/xoev.h"

#define MAX_ARGS 64

static int verbose; /* -v: name the messages that do not translate or do not come back */
static unsigned int layers; /* --layers: validation of inputs, steps and results; 0: the defaults */

typedef struct {
	const char *standard, *version; /* borrowed from the registry or argv */
	char **files;
	size_t count;
} msg_set;

typedef struct {
	size_t messages, translated, valid, round_trip;
	size_t declared, defaults, undeclared;
	char path[256];
} pair_stats;

static void die(const char *what)
{
	fprintf(stderr, "translation-metrics: %s\n", what);
	exit(5);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_message_file(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && ((n > 4 && strcmp(name + n - 4, ".xml") == 0) ||
	                          (n > 7 && strcmp(name + n - 7, ".xml.gz") == 0));
}

/* The message files of dir, sorted; 0 if dir does not exist (an empty set). */
static void read_dir(const char *dir, msg_set *set, int must_exist)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t cap = 16;

	set->files = xmalloc(cap * sizeof *set->files);
	set->count = 0;
	if (!d) {
		if (must_exist) {
			fprintf(stderr, "translation-metrics: cannot read %s\n", dir);
			exit(3);
		}
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char *full;
		if (!is_message_file(e->d_name))
			continue;
		if (set->count == cap) {
			char **n = realloc(set->files, (cap *= 2) * sizeof *n);
			if (!n)
				die("out of memory");
			set->files = n;
		}
		full = xmalloc(strlen(dir) + strlen(e->d_name) + 2);
		sprintf(full, "%s/%s", dir, e->d_name);
		set->files[set->count++] = full;
	}
	closedir(d);
	qsort(set->files, set->count, sizeof *set->files, cmp_str);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	buf = xmalloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* ------------------------------------------------------------------ */
/* comparison of the round trip                                        */
/* ------------------------------------------------------------------ */

typedef struct {
	char *s;
	size_t len, cap;
} sbuf;

static void put(sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		char *ns;
		while (b->len + n + 1 > cap)
			cap *= 2;
		ns = realloc(b->s, cap);
		if (!ns)
			die("out of memory");
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void puts_(sbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* One attribute as " {ns}name=value" (new string). */
static char *attr_key(const xmlAttr *a)
{
	xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
	const char *ns = a->ns ? (const char *)a->ns->href : "";
	char *k = xmalloc(strlen(ns) + strlen((const char *)a->name) + (v ? strlen((char *)v) : 0) + 8);

	sprintf(k, " {%s}%s=%s", ns, (const char *)a->name, v ? (const char *)v : "");
	xmlFree(v);
	return k;
}

/* Elements by namespace and name, sorted attributes, trimmed text; nothing else. */
static void canon(const xmlNode *n, sbuf *b)
{
	const xmlNode *k;
	const xmlAttr *a;
	char **attrs;
	size_t na = 0, i;

	puts_(b, "<{");
	puts_(b, n->ns ? (const char *)n->ns->href : "");
	puts_(b, "}");
	puts_(b, (const char *)n->name);
	for (a = n->properties; a; a = a->next)
		na++;
	attrs = xmalloc(na * sizeof *attrs);
	for (i = 0, a = n->properties; a; a = a->next)
		attrs[i++] = attr_key(a);
	qsort(attrs, na, sizeof *attrs, cmp_str);
	for (i = 0; i < na; i++) {
		puts_(b, attrs[i]);
		free(attrs[i]);
	}
	free(attrs);
	puts_(b, ">");
	for (k = n->children; k; k = k->next) {
		if (k->type == XML_ELEMENT_NODE) {
			canon(k, b);
		} else if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			const char *s = (const char *)k->content;
			size_t m;
			while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
				s++;
			m = strlen(s);
			while (m && (s[m - 1] == ' ' || s[m - 1] == '\n' || s[m - 1] == '\t' || s[m - 1] == '\r'))
				m--;
			put(b, s, m);
		}
	}
	puts_(b, "</>");
}

/* The canonical form of a document (new string), or NULL if it does not parse. */
static char *canonical(const char *buf, size_t len)
{
	xmlDocPtr doc = xmlReadMemory(buf, (int)len, "m.xml", NULL, XML_PARSE_NONET);
	sbuf b = { 0 };

	if (!doc)
		return NULL;
	if (xmlDocGetRootElement(doc))
		canon(xmlDocGetRootElement(doc), &b);
	xmlFreeDoc(doc);
	return b.s;
}

/* ------------------------------------------------------------------ */
/* one pair of versions                                                */
/* ------------------------------------------------------------------ */

static int has_rule(const xoev_diag_list *d, const char *rule)
{
	size_t i;

	for (i = 0; i < xoev_diag_list_count(d); i++)
		if (strcmp(xoev_diag_rule(xoev_diag_list_get(d, i)), rule) == 0)
			return 1;
	return 0;
}

static int valid_in(const xoev_registry *reg, const char *standard, const char *version,
                    const char *buf, size_t len)
{
	xoev_validate_options vo = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_validator *v = NULL;
	xoev_diag_list *d = NULL;
	xoev_verdict verdict = XOEV_VERDICT_INVALID;
	int ok;

	vo.standard = standard;
	vo.standard_version = version;
	vo.layers = layers ? layers : XOEV_RUN_ALL;
	if (xoev_validator_new(&v, reg, &vo) != XOEV_OK || xoev_diag_list_new(&d) != XOEV_OK)
		die("cannot create a validator");
	ok = xoev_validate_memory(v, buf, len, "translated.xml", d, &verdict) == XOEV_OK &&
	     verdict == XOEV_VERDICT_VALID;
	xoev_diag_list_free(d);
	xoev_validator_free(v);
	return ok;
}

/* Translate buf to version; the output (xoev_free) when translated, else NULL. */
static char *translate_to(const xoev_registry *reg, const char *version, const char *buf,
                          size_t len, size_t *out_len, xoev_translation **t, int *no_path)
{
	xoev_translate_options o = XOEV_TRANSLATE_OPTIONS_INIT;
	xoev_diag_list *d = NULL;
	char *out = NULL;
	int rc;

	if (xoev_diag_list_new(&d) != XOEV_OK)
		die("out of memory");
	*t = NULL;
	o.validate_layers = layers;
	rc = xoev_translate(reg, version, &o, buf, len, "message.xml", &out, out_len, t, d);
	if (rc != XOEV_OK && rc != XOEV_ENOTFOUND)
		die(xoev_strerror(rc));
	if (no_path)
		*no_path = has_rule(d, "translate.no-path");
	xoev_diag_list_free(d);
	return out;
}

static void measure_message(const xoev_registry *reg, const msg_set *set, const char *to,
                            const char *file, pair_stats *st, int *no_path)
{
	size_t len = 0, out_len = 0, back_len = 0, i;
	char *buf = read_file(file, &len), *out, *back, *plain = NULL;
	xoev_translation *t = NULL, *t2 = NULL;

	if (!buf) {
		fprintf(stderr, "translation-metrics: cannot read %s\n", file);
		exit(3);
	}
	out = translate_to(reg, to, buf, len, &out_len, &t, no_path);
	if (*no_path) {
		xoev_translation_free(t);
		free(buf);
		return;
	}
	st->messages++;
	if (!st->path[0] && xoev_translation_step_count(t)) {
		for (i = 0; i < xoev_translation_step_count(t); i++) {
			const char *s = xoev_translation_step(t, i);
			const char *arrow = strstr(s, "->");
			/* "1.0->1.1", "1.1->2.0" become "1.0 → 1.1 → 2.0" */
			size_t used = strlen(st->path);
			if (i == 0 && arrow)
				snprintf(st->path + used, sizeof st->path - used, "%.*s", (int)(arrow - s), s);
			used = strlen(st->path);
			snprintf(st->path + used, sizeof st->path - used, " → %s", arrow ? arrow + 2 : s);
		}
	}
	for (i = 0; i < xoev_translation_loss_count(t); i++) {
		xoev_loss_kind k = xoev_loss_get_kind(xoev_translation_loss(t, i));
		if (k == XOEV_LOSS_DEFAULT)
			st->defaults++;
		else if (k == XOEV_LOSS_UNDECLARED)
			st->undeclared++;
		else
			st->declared++;
	}
	if (out) {
		st->translated++;
		st->valid += valid_in(reg, xoev_translation_standard(t), to, out, out_len);
		back = translate_to(reg, set->version, out, out_len, &back_len, &t2, NULL);
		if (back) {
			char *a, *b;
			if (len > 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b) {
				/* gzip: the library's copy to the own version is the plain text */
				xoev_translation *t3 = NULL;
				size_t plain_len = 0;
				plain = translate_to(reg, set->version, buf, len, &plain_len, &t3, NULL);
				xoev_translation_free(t3);
				a = plain ? canonical(plain, plain_len) : NULL;
			} else {
				a = canonical(buf, len);
			}
			b = canonical(back, back_len);
			if (a && b && strcmp(a, b) == 0)
				st->round_trip++;
			else if (verbose)
				fprintf(stderr, "%s -> %s -> %s: the round trip differs\n", file, to,
				        set->version);
			free(a);
			free(b);
			xoev_free(plain);
			xoev_free(back);
		}
		xoev_translation_free(t2);
		xoev_free(out);
	} else if (verbose) {
		fprintf(stderr, "%s -> %s: %s: %s\n", file, to,
		        xoev_translate_outcome_name(xoev_translation_outcome(t)),
		        xoev_translation_reason(t) ? xoev_translation_reason(t) : "");
	}
	xoev_translation_free(t);
	free(buf);
}

static void pct(char *dst, size_t cap, size_t n, size_t of)
{
	snprintf(dst, cap, "%.0f %% (%zu)", of ? 100.0 * (double)n / (double)of : 0.0, n);
}

static void print_row(const char *standard, const char *from, const char *to, const pair_stats *st)
{
	char a[64], b[64], c[64];

	pct(a, sizeof a, st->translated, st->messages);
	pct(b, sizeof b, st->valid, st->messages);
	pct(c, sizeof c, st->round_trip, st->messages);
	printf("| %s | %s → %s | %s | %zu | %s | %s | %s | %zu | %zu | %zu |\n", standard, from, to,
	       st->path, st->messages, a, b, c, st->declared, st->defaults, st->undeclared);
}

/* "1.10" after "1.9": dotted parts compared as numbers. */
static int cmp_version(const char *a, const char *b)
{
	while (*a || *b) {
		char *ea, *eb;
		unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
		if (x != y)
			return x < y ? -1 : 1;
		if (ea == a || eb == b)
			return strcmp(a, b);
		a = *ea == '.' ? ea + 1 : ea;
		b = *eb == '.' ? eb + 1 : eb;
	}
	return 0;
}

static int cmp_set(const void *x, const void *y)
{
	const msg_set *a = x, *b = y;
	int c = strcmp(a->standard, b->standard);
	return c ? c : cmp_version(a->version, b->version);
}

int main(int argc, char **argv)
{
	const char *paths[MAX_ARGS], *title = NULL;
	size_t npaths = 0, nsets = 0, i, j, k;
	msg_set sets[256];
	const char *sample_args[MAX_ARGS][3];
	size_t nsamples = 0;
	int examples = 1, a;
	xoev_registry_options ro = XOEV_REGISTRY_OPTIONS_INIT;
	xoev_registry *reg = NULL;
	xoev_diag_list *d = NULL;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--schema-path") == 0 && a + 1 < argc && npaths < MAX_ARGS) {
			paths[npaths++] = argv[++a];
		} else if (strcmp(argv[a], "--samples") == 0 && a + 3 < argc && nsamples < MAX_ARGS) {
			sample_args[nsamples][0] = argv[a + 1];
			sample_args[nsamples][1] = argv[a + 2];
			sample_args[nsamples++][2] = argv[a + 3];
			a += 3;
		} else if (strcmp(argv[a], "--layers") == 0 && a + 1 < argc) {
			if (xoev_layers_parse(argv[++a], &layers) != XOEV_OK)
				die("--layers takes xsd, codelist, rules, header or all");
		} else if (strcmp(argv[a], "-v") == 0) {
			verbose = 1;
		} else if (strcmp(argv[a], "--no-examples") == 0) {
			examples = 0;
		} else if (strcmp(argv[a], "--title") == 0 && a + 1 < argc) {
			title = argv[++a];
		} else {
			fprintf(stderr, "usage: translation-metrics [--schema-path DIR]... "
			                "[--samples STANDARD VERSION DIR]... [--no-examples] [--layers LIST] [--title TEXT] [-v]\n");
			return 2;
		}
	}
	if (xoev_init() != XOEV_OK || xoev_diag_list_new(&d) != XOEV_OK)
		die("cannot initialise");
	ro.paths = paths;
	ro.path_count = npaths;
	ro.flags = XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT;
	if (xoev_registry_open(&reg, &ro, d) != XOEV_OK)
		die("cannot open the registry");
	xoev_diag_list_free(d);

	/* the message sets: golden examples, then the samples given */
	for (i = 0; examples && i < xoev_registry_bundle_count(reg) && nsets < 256; i++) {
		const xoev_bundle *b = xoev_registry_bundle(reg, i);
		char *dir = xmalloc(strlen(xoev_bundle_directory(b)) + 32);
		sprintf(dir, "%s/examples/valid", xoev_bundle_directory(b));
		read_dir(dir, &sets[nsets], 0);
		free(dir);
		sets[nsets].standard = xoev_bundle_standard(b);
		sets[nsets].version = xoev_bundle_version(b);
		if (sets[nsets].count)
			nsets++;
		else
			free(sets[nsets].files);
	}
	for (i = 0; i < nsamples && nsets < 256; i++) {
		read_dir(sample_args[i][2], &sets[nsets], 1);
		sets[nsets].standard = sample_args[i][0];
		sets[nsets].version = sample_args[i][1];
		nsets++;
	}
	qsort(sets, nsets, sizeof *sets, cmp_set);

	if (title)
		printf("%s\n\n", title);
	printf("| standard | translation | path (steps) | messages | translated | valid after | "
	       "lossless round trip | declared losses | defaults | undeclared losses |\n");
	printf("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
	for (i = 0; i < nsets; i++) {
		const char *std = sets[i].standard;
		/* every version of the standard as a target, in version order */
		const char *targets[256];
		size_t nt = 0;
		for (j = 0; j < xoev_registry_bundle_count(reg) && nt < 256; j++) {
			const xoev_bundle *b = xoev_registry_bundle(reg, j);
			if (strcmp(xoev_bundle_standard(b), std) == 0 &&
			    strcmp(xoev_bundle_version(b), sets[i].version) != 0)
				targets[nt++] = xoev_bundle_version(b);
		}
		for (j = 0; j < nt; j++)
			for (k = j + 1; k < nt; k++)
				if (cmp_version(targets[k], targets[j]) < 0) {
					const char *tmp = targets[j];
					targets[j] = targets[k];
					targets[k] = tmp;
				}
		for (j = 0; j < nt; j++) {
			pair_stats st;
			int no_path = 0;
			memset(&st, 0, sizeof st);
			for (k = 0; k < sets[i].count && !no_path; k++)
				measure_message(reg, &sets[i], targets[j], sets[i].files[k], &st, &no_path);
			if (!no_path && st.messages)
				print_row(std, sets[i].version, targets[j], &st);
		}
	}
	for (i = 0; i < nsets; i++) {
		for (j = 0; j < sets[i].count; j++)
			free(sets[i].files[j]);
		free(sets[i].files);
	}
	xoev_registry_free(reg);
	return 0;
}
