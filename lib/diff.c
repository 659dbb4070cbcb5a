/*
 * libxoev - `diff`: the differences between two versions' schemas, from
 * their schema models (see include/xoev/diff.h for what is compared).
 *
 * Each message is flattened into records, one per element path below the
 * root (local names joined by '/'), holding the effective cardinality, the
 * type name, and code-list data. Records are compared by relative path;
 * what is left over on either side is paired by two heuristics (moved:
 * same leaf name and type under another parent; renamed: same parent and
 * type, another name), and what still is left over is added or removed.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "model.h"
#include "xoev/diff.h"
#include "xoev/registry.h"

/* Deepest element level expanded below a message root (the root is 0). */
#define DIFF_MAX_DEPTH 12
/* Most records (element paths) per message. */
#define DIFF_MAX_RECORDS 200000


typedef struct {
	const xoev_model *m;
	xoev_diff_recs *out;
	const xoev_model_type *stack[DIFF_MAX_DEPTH + 2];
	size_t depth;
	int rc;
} flattener;

typedef struct {
	const char *kind;        /* static */
	const char *number;      /* borrowed from a bundle */
	const char *old_root, *new_root;
	char *old_path, *new_path;
	char *old_val, *new_val;
	int heuristic;
} dentry;

typedef struct {
	dentry *v;
	size_t n, cap;
	int rc;
} dentries;

/* ------------------------------------------------------------------ */

long xoev_diff__occ_mul(long a, long b)
{
	if (a == 0 || b == 0)
		return 0;
	if (a == XOEV_MODEL_UNBOUNDED || b == XOEV_MODEL_UNBOUNDED)
		return XOEV_MODEL_UNBOUNDED;
	if (a > LONG_MAX / b)
		return XOEV_MODEL_UNBOUNDED;
	return a * b;
}

char *xoev_diff__type_label(const xoev_model *m, const xoev_model_type *t)
{
	const xoev_model_type *named = t;
	const char *prefix;
	int guard = 0;

	while (named && !named->name && guard++ < 8)
		named = named->base;
	if (!named)
		return xoev_util__strdup("(anonymous)");
	prefix = named->builtin ? "xs" : xoev_model__prefix(m, named->ns);
	if (named != t)
		return xoev_util__printf("(anonymous, from %s%s%s)", prefix ? prefix : "",
		                         prefix ? ":" : "", named->name);
	return xoev_util__printf("%s%s%s", prefix ? prefix : "", prefix ? ":" : "", named->name);
}

/* The `code` child of a code type, searched in its content model. */
static const xoev_model_element *code_child(const xoev_model_particle *p, int depth)
{
	size_t i;

	if (!p || depth > 8)
		return NULL;
	if (p->kind == XOEV_MP_ELEMENT)
		return p->element && p->element->name && strcmp(p->element->name, "code") == 0 ?
		       p->element : NULL;
	for (i = 0; i < p->child_count; i++) {
		const xoev_model_element *e = code_child(p->children[i], depth + 1);
		if (e)
			return e;
	}
	return NULL;
}

const xoev_strv *xoev_diff__enumerations(const xoev_model_type *t)
{
	const xoev_model_type *st = NULL;

	if (t->kind == XOEV_MT_SIMPLE) {
		st = t;
	} else if (t->code_kind) {
		const xoev_model_element *c = code_child(t->particle, 0);
		if (c && c->type) {
			st = c->type;
			if (st->kind == XOEV_MT_COMPLEX)
				st = st->content == XOEV_MC_SIMPLE ? st->content_type : NULL;
		}
	} else if (t->content == XOEV_MC_SIMPLE) {
		st = t->content_type;
	}
	return st && st->facets.enumerations.count ? &st->facets.enumerations : NULL;
}

static xoev_diff_rec *add_rec(flattener *f, char *rel, const char *leaf)
{
	xoev_diff_recs *o = f->out;
	xoev_diff_rec *r;

	if (!rel) {
		f->rc = XOEV_ENOMEM;
		return NULL;
	}
	if (o->n >= DIFF_MAX_RECORDS) {
		free(rel);
		f->rc = XOEV_ELIMIT;
		return NULL;
	}
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 64;
		xoev_diff_rec *v = realloc(o->v, cap * sizeof *v);
		if (!v) {
			free(rel);
			f->rc = XOEV_ENOMEM;
			return NULL;
		}
		o->v = v;
		o->cap = cap;
	}
	r = &o->v[o->n];
	memset(r, 0, sizeof *r);
	r->rel = rel;
	r->leaf = rel + strlen(rel) - strlen(leaf);
	r->parent_len = r->leaf > rel ? (size_t)(r->leaf - rel - 1) : 0;
	r->order = o->n++;
	return r;
}

static void walk_particle(flattener *f, const xoev_model_particle *p, const char *rel, long min,
                          long max);

static void walk_element(flattener *f, const xoev_model_element *e, const char *rel, long min,
                         long max)
{
	const xoev_model_type *t = e->type;
	char *path;
	xoev_diff_rec *r;
	size_t i;

	if (f->rc)
		return;
	path = *rel ? xoev_util__printf("%s/%s", rel, e->name) : xoev_util__strdup(e->name);
	r = add_rec(f, path, e->name);
	if (!r)
		return;
	r->min = min;
	r->max = max;
	r->type = xoev_diff__type_label(f->m, t);
	if (!r->type) {
		f->rc = XOEV_ENOMEM;
		return;
	}
	r->code_kind = t->code_kind;
	r->list_uri = t->list_uri;
	r->list_version = t->list_version;
	r->enums = xoev_diff__enumerations(t);
	r->elem = e;
	if (t->kind != XOEV_MT_COMPLEX || t->code_kind || !t->particle ||
	    (t->content != XOEV_MC_ELEMENTS && t->content != XOEV_MC_MIXED) ||
	    f->depth >= DIFF_MAX_DEPTH)
		return;
	for (i = 0; i < f->depth; i++)
		if (f->stack[i] == t)
			return; /* recursive */
	f->stack[f->depth++] = t;
	path = xoev_util__strdup(r->rel); /* r moves when the array grows */
	if (!path)
		f->rc = XOEV_ENOMEM;
	else
		walk_particle(f, t->particle, path, 1, 1);
	free(path);
	f->depth--;
}

static void walk_particle(flattener *f, const xoev_model_particle *p, const char *rel, long min,
                          long max)
{
	long emin = xoev_diff__occ_mul(min, p->min_occurs), emax = xoev_diff__occ_mul(max, p->max_occurs);
	size_t i;

	if (f->rc)
		return;
	switch (p->kind) {
	case XOEV_MP_ELEMENT:
		if (p->element)
			walk_element(f, p->element, rel, emin, emax);
		break;
	case XOEV_MP_ANY: {
		xoev_diff_rec *r = add_rec(f, *rel ? xoev_util__printf("%s/#any", rel) : xoev_util__strdup("#any"),
		                  "#any");
		if (r) {
			r->min = emin;
			r->max = emax;
			r->type = xoev_util__printf("any(%s)", p->any_namespace ? p->any_namespace : "##any");
			if (!r->type)
				f->rc = XOEV_ENOMEM;
		}
		break;
	}
	case XOEV_MP_CHOICE:
		for (i = 0; i < p->child_count; i++)
			walk_particle(f, p->children[i], rel, p->child_count > 1 ? 0 : emin, emax);
		break;
	case XOEV_MP_SEQUENCE:
	case XOEV_MP_ALL:
		for (i = 0; i < p->child_count; i++)
			walk_particle(f, p->children[i], rel, emin, emax);
		break;
	}
}

static int rec_cmp(const void *a, const void *b)
{
	const xoev_diff_rec *x = *(xoev_diff_rec *const *)a, *y = *(xoev_diff_rec *const *)b;
	int c = strcmp(x->rel, y->rel);

	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

void xoev_diff__free_recs(xoev_diff_recs *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->v[i].rel);
		free(o->v[i].type);
	}
	free(o->v);
	free(o->sorted);
	memset(o, 0, sizeof *o);
}

int xoev_diff__flatten(const xoev_model *m, const char *ns, const char *root, xoev_diff_recs *out)
{
	const xoev_model_element *e = xoev_model__element(m, ns, root);
	flattener f;
	size_t i;

	memset(out, 0, sizeof *out);
	if (!e)
		return XOEV_OK; /* manifest and schemas disagree: nothing to compare */
	memset(&f, 0, sizeof f);
	f.m = m;
	f.out = out;
	if (e->type && e->type->kind == XOEV_MT_COMPLEX && e->type->particle &&
	    (e->type->content == XOEV_MC_ELEMENTS || e->type->content == XOEV_MC_MIXED)) {
		f.stack[f.depth++] = e->type;
		walk_particle(&f, e->type->particle, "", 1, 1);
	}
	if (f.rc)
		return f.rc;
	if (out->n) {
		out->sorted = malloc(out->n * sizeof *out->sorted);
		if (!out->sorted)
			return XOEV_ENOMEM;
		for (i = 0; i < out->n; i++)
			out->sorted[i] = &out->v[i];
		qsort(out->sorted, out->n, sizeof *out->sorted, rec_cmp);
		for (i = 1; i < out->n; i++)
			if (strcmp(out->sorted[i]->rel, out->sorted[i - 1]->rel) == 0)
				out->sorted[i]->dup = 1;
	}
	return XOEV_OK;
}

static xoev_diff_rec *find_rec(const xoev_diff_recs *o, const char *rel)
{
	size_t lo = 0, hi = o->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(o->sorted[mid]->rel, rel);
		if (c == 0) {
			while (mid > 0 && strcmp(o->sorted[mid - 1]->rel, rel) == 0)
				mid--;
			return o->sorted[mid];
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */

static void add_entry(dentries *l, const char *kind, const char *number, const char *old_root,
                      const char *new_root, char *old_path, char *new_path, char *old_val,
                      char *new_val, int heuristic)
{
	dentry *d;

	if (l->rc)
		goto fail;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		dentry *v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			l->rc = XOEV_ENOMEM;
			goto fail;
		}
		l->v = v;
		l->cap = cap;
	}
	d = &l->v[l->n++];
	d->kind = kind;
	d->number = number;
	d->old_root = old_root;
	d->new_root = new_root;
	d->old_path = old_path;
	d->new_path = new_path;
	d->old_val = old_val;
	d->new_val = new_val;
	d->heuristic = heuristic;
	return;
fail:
	free(old_path);
	free(new_path);
	free(old_val);
	free(new_val);
}

static char *full_path(dentries *l, const char *root, const char *rel)
{
	char *s = xoev_util__printf("%s/%s", root, rel);

	if (!s)
		l->rc = XOEV_ENOMEM;
	return s;
}

static char *dupv(dentries *l, const char *s)
{
	char *r;

	if (!s)
		return NULL;
	r = xoev_util__strdup(s);
	if (!r)
		l->rc = XOEV_ENOMEM;
	return r;
}

char *xoev_diff__cardinality(long min, long max)
{
	if (min == max)
		return xoev_util__printf("%ld", min);
	if (max == XOEV_MODEL_UNBOUNDED)
		return xoev_util__printf("%ld..n", min);
	return xoev_util__printf("%ld..%ld", min, max);
}

static char *cardinality(dentries *l, long min, long max)
{
	char *s = xoev_diff__cardinality(min, max);

	if (!s)
		l->rc = XOEV_ENOMEM;
	return s;
}

static char *describe_rec(dentries *l, const xoev_diff_rec *r)
{
	char *c = cardinality(l, r->min, r->max), *s;

	if (!c)
		return NULL;
	s = xoev_util__printf("[%s] %s", c, r->type);
	free(c);
	if (!s)
		l->rc = XOEV_ENOMEM;
	return s;
}

static int same_str(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Values of x not in y, joined by ' '; NULL if none. */
static char *missing_values(dentries *l, const xoev_strv *x, const xoev_strv *y)
{
	xoev_buf b;
	size_t i;

	memset(&b, 0, sizeof b);
	if (!x)
		return NULL;
	for (i = 0; i < x->count; i++) {
		if (y && xoev_strv__contains(y, x->items[i]))
			continue;
		if (b.len)
			xoev_buf__puts(&b, " ");
		xoev_buf__puts(&b, x->items[i]);
	}
	if (b.failed) {
		l->rc = XOEV_ENOMEM;
		xoev_buf__free(&b);
		return NULL;
	}
	return b.len ? xoev_buf__take(&b, NULL) : NULL;
}

typedef struct {
	dentries *l;
	const char *number, *old_root, *new_root;
} msgctx;

static void prop(const msgctx *c, const char *kind, const xoev_diff_rec *o, const xoev_diff_rec *n, const char *ov,
                 const char *nv)
{
	dentries *l = c->l;

	add_entry(l, kind, c->number, c->old_root, c->new_root, full_path(l, c->old_root, o->rel),
	          full_path(l, c->new_root, n->rel), dupv(l, ov), dupv(l, nv), 0);
}

static void compare_rec(const msgctx *c, const xoev_diff_rec *o, const xoev_diff_rec *n)
{
	dentries *l = c->l;

	if (o->min != n->min || o->max != n->max)
		add_entry(l, "cardinality", c->number, c->old_root, c->new_root,
		          full_path(l, c->old_root, o->rel), full_path(l, c->new_root, n->rel),
		          cardinality(l, o->min, o->max), cardinality(l, n->min, n->max), 0);
	if (strcmp(o->type, n->type) != 0)
		prop(c, "type", o, n, o->type, n->type);
	if (o->code_kind != n->code_kind) {
		char ob[16], nb[16];
		snprintf(ob, sizeof ob, "%d", o->code_kind);
		snprintf(nb, sizeof nb, "%d", n->code_kind);
		prop(c, "code-type", o, n, ob, nb);
	}
	if (!same_str(o->list_uri, n->list_uri))
		prop(c, "codelist-uri", o, n, o->list_uri, n->list_uri);
	if (!same_str(o->list_version, n->list_version))
		prop(c, "codelist-version", o, n, o->list_version, n->list_version);
	{
		char *removed = missing_values(l, o->enums, n->enums);
		char *added = missing_values(l, n->enums, o->enums);
		if (removed || added)
			add_entry(l, "enumeration", c->number, c->old_root, c->new_root,
			          full_path(l, c->old_root, o->rel), full_path(l, c->new_root, n->rel),
			          removed, added, 0);
	}
}

typedef struct {
	const char *old_rel, *new_rel; /* borrowed from the records */
} dpair;

/* The new path of o through an ancestor that was moved or renamed; NULL if none. */
static char *implied_path(const dpair *pairs, size_t npairs, const char *rel, int *oom)
{
	size_t i, best = (size_t)-1, best_len = 0;

	for (i = 0; i < npairs; i++) {
		size_t k = strlen(pairs[i].old_rel);
		if (k > best_len && strncmp(rel, pairs[i].old_rel, k) == 0 && rel[k] == '/') {
			best = i;
			best_len = k;
		}
	}
	if (best == (size_t)-1)
		return NULL;
	{
		char *s = xoev_util__printf("%s%s", pairs[best].new_rel, rel + best_len);
		if (!s)
			*oom = 1;
		return s;
	}
}

static int compare_message(dentries *l, const char *number, const char *old_root,
                           const char *new_root, xoev_diff_recs *a, xoev_diff_recs *b)
{
	msgctx c;
	dpair *pairs = NULL;
	size_t npairs = 0, i, j;
	int oom = 0;

	c.l = l;
	c.number = number;
	c.old_root = old_root;
	c.new_root = new_root;
	if (a->n) {
		pairs = malloc(a->n * sizeof *pairs);
		if (!pairs)
			return XOEV_ENOMEM;
	}
	/* 1. same relative path */
	for (i = 0; i < a->n; i++) {
		xoev_diff_rec *o = &a->v[i], *n;
		if (o->dup)
			continue;
		n = find_rec(b, o->rel);
		if (n) {
			o->paired = n->paired = 1;
			compare_rec(&c, o, n);
		}
	}
	/* 2. heuristics, in document order so that ancestors come first */
	for (i = 0; i < a->n && !oom; i++) {
		xoev_diff_rec *o = &a->v[i], *n = NULL, *cand = NULL;
		char *mapped;
		size_t ncand = 0;
		if (o->dup || o->paired)
			continue;
		mapped = implied_path(pairs, npairs, o->rel, &oom);
		if (mapped) {
			n = find_rec(b, mapped);
			free(mapped);
			if (n && !n->paired) {
				o->paired = n->paired = 1;
				pairs[npairs].old_rel = o->rel;
				pairs[npairs++].new_rel = n->rel;
				compare_rec(&c, o, n);
				continue;
			}
		}
		for (j = 0; j < b->n; j++) { /* moved */
			n = &b->v[j];
			if (!n->dup && !n->paired && strcmp(n->leaf, o->leaf) == 0 &&
			    strcmp(n->type, o->type) == 0)
				break;
		}
		if (j < b->n) {
			o->paired = n->paired = 1;
			pairs[npairs].old_rel = o->rel;
			pairs[npairs++].new_rel = n->rel;
			add_entry(l, "element-moved", number, old_root, new_root,
			          full_path(l, old_root, o->rel), full_path(l, new_root, n->rel), NULL, NULL,
			          1);
			compare_rec(&c, o, n);
			continue;
		}
		for (j = 0; j < b->n; j++) { /* renamed */
			n = &b->v[j];
			if (!n->dup && !n->paired && n->parent_len == o->parent_len &&
			    strncmp(n->rel, o->rel, o->parent_len) == 0 && strcmp(n->type, o->type) == 0) {
				cand = n;
				ncand++;
			}
		}
		if (ncand == 1) {
			o->paired = cand->paired = 1;
			pairs[npairs].old_rel = o->rel;
			pairs[npairs++].new_rel = cand->rel;
			add_entry(l, "element-renamed", number, old_root, new_root,
			          full_path(l, old_root, o->rel), full_path(l, new_root, cand->rel), NULL,
			          NULL, 1);
			compare_rec(&c, o, cand);
		}
	}
	free(pairs);
	if (oom)
		return XOEV_ENOMEM;
	/* 3. what is left */
	for (i = 0; i < a->n; i++)
		if (!a->v[i].dup && !a->v[i].paired)
			add_entry(l, "element-removed", number, old_root, new_root,
			          full_path(l, old_root, a->v[i].rel), NULL, describe_rec(l, &a->v[i]), NULL,
			          0);
	for (i = 0; i < b->n; i++)
		if (!b->v[i].dup && !b->v[i].paired)
			add_entry(l, "element-added", number, old_root, new_root, NULL,
			          full_path(l, new_root, b->v[i].rel), NULL, describe_rec(l, &b->v[i]),
			          0);
	return l->rc;
}

/* ------------------------------------------------------------------ */

void xoev_diff__json_field(xoev_buf *o, const char *name, const char *v, int comma)
{
	xoev_buf__printf(o, "%s\"%s\":", comma ? "," : "", name);
	if (v)
		xoev_buf__json_string(o, v);
	else
		xoev_buf__puts(o, "null");
}

static void format_json(xoev_buf *o, const xoev_bundle *a, const xoev_bundle *b,
                        const dentries *l)
{
	size_t i;

	xoev_buf__puts(o, "{");
	xoev_diff__json_field(o, "standard_a", xoev_bundle_standard(a), 0);
	xoev_diff__json_field(o, "version_a", xoev_bundle_version(a), 1);
	xoev_diff__json_field(o, "standard_b", xoev_bundle_standard(b), 1);
	xoev_diff__json_field(o, "version_b", xoev_bundle_version(b), 1);
	xoev_buf__puts(o, ",\"differences\":[");
	for (i = 0; i < l->n; i++) {
		const dentry *d = &l->v[i];
		xoev_buf__puts(o, i ? ",\n{" : "\n{");
		xoev_diff__json_field(o, "kind", d->kind, 0);
		xoev_diff__json_field(o, "message", d->number, 1);
		xoev_diff__json_field(o, "old_root", d->old_root, 1);
		xoev_diff__json_field(o, "new_root", d->new_root, 1);
		xoev_diff__json_field(o, "old_path", d->old_path, 1);
		xoev_diff__json_field(o, "new_path", d->new_path, 1);
		xoev_diff__json_field(o, "old", d->old_val, 1);
		xoev_diff__json_field(o, "new", d->new_val, 1);
		xoev_buf__printf(o, ",\"heuristic\":%s}", d->heuristic ? "true" : "false");
	}
	xoev_buf__puts(o, l->n ? "\n]}\n" : "]}\n");
}

static const char *nz(const char *s)
{
	return s ? s : "(none)";
}

static void format_text(xoev_buf *o, const xoev_bundle *a, const xoev_bundle *b,
                        const dentries *l)
{
	size_t i;
	int heuristic = 0;

	xoev_buf__printf(o, "diff %s %s -> %s %s: %zu difference%s\n", xoev_bundle_standard(a),
	                 xoev_bundle_version(a), xoev_bundle_standard(b), xoev_bundle_version(b),
	                 l->n, l->n == 1 ? "" : "s");
	for (i = 0; i < l->n; i++) {
		const dentry *d = &l->v[i];
		const char *path = d->new_path ? d->new_path : d->old_path;
		xoev_buf__printf(o, "%s: ", d->number);
		if (strcmp(d->kind, "message-added") == 0) {
			xoev_buf__printf(o, "message added: %s\n", d->new_root);
		} else if (strcmp(d->kind, "message-removed") == 0) {
			xoev_buf__printf(o, "message removed: %s\n", d->old_root);
		} else if (strcmp(d->kind, "message-renamed") == 0) {
			xoev_buf__printf(o, "message renamed: %s -> %s\n", d->old_root, d->new_root);
		} else if (strcmp(d->kind, "element-added") == 0) {
			xoev_buf__printf(o, "added %s %s\n", d->new_path, d->new_val);
		} else if (strcmp(d->kind, "element-removed") == 0) {
			xoev_buf__printf(o, "removed %s %s\n", d->old_path, d->old_val);
		} else if (strcmp(d->kind, "element-moved") == 0 ||
		           strcmp(d->kind, "element-renamed") == 0) {
			xoev_buf__printf(o, "%s (heuristic) %s -> %s\n", d->kind + 8, d->old_path,
			                 d->new_path);
			heuristic = 1;
		} else if (strcmp(d->kind, "enumeration") == 0) {
			xoev_buf__printf(o, "enumeration %s:", path);
			if (d->old_val)
				xoev_buf__printf(o, " removed %s", d->old_val);
			if (d->new_val)
				xoev_buf__printf(o, "%s added %s", d->old_val ? ";" : "", d->new_val);
			xoev_buf__puts(o, "\n");
		} else {
			xoev_buf__printf(o, "%s %s: %s -> %s\n", d->kind, path, nz(d->old_val),
			                 nz(d->new_val));
		}
		if (d->old_path && d->new_path && strcmp(d->kind, "element-moved") != 0 &&
		    strcmp(d->kind, "element-renamed") != 0 &&
		    strcmp(strchr(d->old_path, '/'), strchr(d->new_path, '/')) != 0)
			xoev_buf__printf(o, "      (was %s)\n", d->old_path);
	}
	if (heuristic)
		xoev_buf__puts(o, "Note: moved = same name and type under another parent, renamed = "
		                  "same parent and type under another name; both are guesses.\n");
}

static void free_entries(dentries *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].old_path);
		free(l->v[i].new_path);
		free(l->v[i].old_val);
		free(l->v[i].new_val);
	}
	free(l->v);
}

int xoev_schema_diff(const xoev_bundle *a, const xoev_bundle *b, xoev_format fmt, char **out,
                     size_t *len, xoev_diag_list *diags)
{
	const xoev_model *ma, *mb;
	dentries l;
	xoev_buf o;
	size_t i, na, nb;
	int rc = XOEV_OK;

	if (out)
		*out = NULL;
	if (len)
		*len = 0;
	if (!a || !b || !out || (fmt != XOEV_FORMAT_TEXT && fmt != XOEV_FORMAT_JSON))
		return XOEV_EINVAL;
	if (xoev_init() != XOEV_OK)
		return XOEV_ERROR;
	ma = xoev_bundle__model(a, diags);
	mb = xoev_bundle__model(b, diags);
	if (!ma || !mb)
		return XOEV_ESCHEMA;
	memset(&l, 0, sizeof l);
	na = xoev_bundle_message_count(a);
	nb = xoev_bundle_message_count(b);
	for (i = 0; i < na && rc == XOEV_OK; i++) {
		const xoev_message_type *ta = xoev_bundle_message(a, i);
		const char *num = xoev_message_type_number(ta);
		const xoev_message_type *tb = num ? xoev_bundle_find_message(b, num) : NULL;
		const char *ra = xoev_message_type_root(ta), *rb;
		xoev_diff_recs da, db;
		if (!tb) {
			add_entry(&l, "message-removed", num, ra, NULL, NULL, NULL, NULL, NULL, 0);
			rc = l.rc;
			continue;
		}
		rb = xoev_message_type_root(tb);
		if (strcmp(ra, rb) != 0)
			add_entry(&l, "message-renamed", num, ra, rb, NULL, NULL, NULL, NULL, 0);
		rc = xoev_diff__flatten(ma, xoev_message_type_namespace(ta), ra, &da);
		if (rc == XOEV_OK)
			rc = xoev_diff__flatten(mb, xoev_message_type_namespace(tb), rb, &db);
		else
			memset(&db, 0, sizeof db);
		if (rc == XOEV_OK)
			rc = compare_message(&l, num, ra, rb, &da, &db);
		xoev_diff__free_recs(&da);
		xoev_diff__free_recs(&db);
	}
	for (i = 0; i < nb && rc == XOEV_OK; i++) {
		const xoev_message_type *tb = xoev_bundle_message(b, i);
		const char *num = xoev_message_type_number(tb);
		if (!num || !xoev_bundle_find_message(a, num)) {
			add_entry(&l, "message-added", num, NULL, xoev_message_type_root(tb), NULL, NULL,
			          NULL, NULL, 0);
			rc = l.rc;
		}
	}
	if (rc == XOEV_OK && l.rc)
		rc = l.rc;
	if (rc != XOEV_OK) {
		free_entries(&l);
		return rc;
	}
	memset(&o, 0, sizeof o);
	if (fmt == XOEV_FORMAT_JSON)
		format_json(&o, a, b, &l);
	else
		format_text(&o, a, b, &l);
	free_entries(&l);
	if (o.failed) {
		xoev_buf__free(&o);
		return XOEV_ENOMEM;
	}
	*out = xoev_buf__take(&o, len);
	return *out ? XOEV_OK : XOEV_ENOMEM;
}
