/*
 * libxoev - `mapping derive`, the comparison: two bundles' schema models
 * walked side by side, message by message, from the root through every
 * pair of types both reach (see include/xoev/mapping.h for what counts).
 *
 * Each message is walked on its own, so that every difference knows the
 * messages it affects; a pair of complex types is compared once per
 * message (a pair met again, or met inside itself, counts as compared).
 * What the stylesheet can do (namespaces, fixed attribute values, element
 * defaults) becomes a rewrite; everything else a difference.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "derive.h"
#include "diff.h"
#include "xoev/registry.h"

#define DERIVE_MAX_DEPTH 256 /* element nesting of one walk (types repeat long before) */

typedef struct {
	const xoev_model_type *ta, *tb;
	int done;
	size_t count;            /* blocking differences found below the pair */
} visit;

typedef struct {
	const xoev_model_element *ea;
	const xoev_model_type *ta, *tb;
} usage;

typedef struct {
	const xoev_model *ma, *mb;
	xoev_mapping *m;
	const char *number;      /* the message being walked */
	const char *path[DERIVE_MAX_DEPTH];
	size_t depth;
	visit *visits;
	size_t nvisits, capvisits;
	usage *usages;
	size_t nusages, capusages;
	size_t found;            /* blocking differences noted so far, repeats included */
	int rc;
} dctx;

/* ------------------------------------------------------------------ */
/* items                                                               */
/* ------------------------------------------------------------------ */

static void item_free(xoev_mapping_item *it)
{
	if (!it)
		return;
	free(it->type);
	free(it->new_type);
	free(it->item);
	free(it->old_val);
	free(it->new_val);
	free(it->path);
	free(it->attr);
	free(it->scope);
	xoev_strv__free(&it->messages);
	xoev_strv__free(&it->elems);
	xoev_strv__free(&it->paths);
	free(it);
}

void xoev_derive__free_items(xoev_derive_items *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		item_free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int items_push(xoev_derive_items *l, xoev_mapping_item *it)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		xoev_mapping_item **v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return XOEV_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = it;
	return XOEV_OK;
}

static int same_str(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* items joined by sep, a new string ("" for none); NULL on allocation failure. */
static char *join_strings(const char *const *items, size_t n, const char *sep)
{
	xoev_buf b = { 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			xoev_buf__puts(&b, sep);
		xoev_buf__puts(&b, items[i]);
	}
	xoev_buf__puts(&b, "");
	return xoev_buf__take(&b, NULL);
}

/* The path being walked, "root/a/b". */
static char *current_path(const dctx *c)
{
	return join_strings(c->path, c->depth, "/");
}

/* A type's label; an anonymous type is named by the element being walked. */
static char *label(const dctx *c, const xoev_model *m, const xoev_model_type *t)
{
	if (!t)
		return NULL;
	if (!t->name && c->depth)
		return xoev_util__printf("(anonymous type of %s)", c->path[c->depth - 1]);
	return xoev_diff__type_label(m, t);
}

/*
 * Note a difference (blocking) or a rewrite at (type pair, item) with old
 * and new values; the same note again only adds the message. Returns the
 * item (NULL on allocation failure, c->rc set).
 */
static xoev_mapping_item *note(dctx *c, int blocking, const char *kind, const xoev_model_type *ta,
                               const xoev_model_type *tb, const char *item, const char *old_val,
                               const char *new_val)
{
	xoev_derive_items *l = blocking ? &c->m->diffs : &c->m->rewrites;
	xoev_mapping_item *it = NULL;
	char *la, *lb;
	size_t i;

	if (c->rc)
		return NULL;
	la = label(c, c->ma, ta);
	lb = label(c, c->mb, tb);
	if ((ta && !la) || (tb && !lb))
		goto oom;
	for (i = 0; i < l->n; i++) {
		xoev_mapping_item *x = l->v[i];
		if (x->kind == kind && same_str(x->type, la) && same_str(x->new_type, lb) &&
		    same_str(x->item, item) && same_str(x->old_val, old_val) &&
		    same_str(x->new_val, new_val)) {
			it = x;
			break;
		}
	}
	if (!it) {
		it = calloc(1, sizeof *it);
		if (!it)
			goto oom;
		it->kind = kind;
		it->type = la;
		it->new_type = lb;
		la = lb = NULL;
		it->blocking = blocking;
		it->ta = ta;
		it->tb = tb;
		it->item = xoev_util__strdup(item);
		it->old_val = xoev_util__strdup(old_val);
		it->new_val = xoev_util__strdup(new_val);
		it->path = current_path(c);
		if ((item && !it->item) || (old_val && !it->old_val) || (new_val && !it->new_val) ||
		    !it->path || items_push(l, it) != XOEV_OK) {
			item_free(it);
			goto oom;
		}
	}
	free(la);
	free(lb);
	if (c->number && (!it->messages.count ||
	                  strcmp(it->messages.items[it->messages.count - 1], c->number) != 0) &&
	    !xoev_strv__contains(&it->messages, c->number) &&
	    xoev_strv__push(&it->messages, c->number) != XOEV_OK) {
		c->rc = XOEV_ENOMEM;
		return NULL;
	}
	if (blocking)
		c->found++;
	return it;
oom:
	free(la);
	free(lb);
	c->rc = XOEV_ENOMEM;
	return NULL;
}

static void noteb(dctx *c, const char *kind, const xoev_model_type *ta, const xoev_model_type *tb,
                  const char *item, const char *old_val, const char *new_val)
{
	(void)note(c, 1, kind, ta, tb, item, old_val, new_val);
}

/* ------------------------------------------------------------------ */
/* namespaces                                                          */
/* ------------------------------------------------------------------ */

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* Record that namespace a (from) corresponds to b (to); a conflict is a difference. */
static void map_ns(dctx *c, const char *a, const char *b, const xoev_model_type *ta,
                   const xoev_model_type *tb, const char *item)
{
	xoev_mapping *m = c->m;
	size_t i;

	for (i = 0; i < m->ns_old.count; i++)
		if (strcmp(m->ns_old.items[i], nz(a)) == 0) {
			if (strcmp(m->ns_new.items[i], nz(b)) != 0)
				noteb(c, "namespace", ta, tb, item, m->ns_new.items[i], nz(b));
			return;
		}
	if (xoev_strv__push(&m->ns_old, nz(a)) != XOEV_OK ||
	    xoev_strv__push(&m->ns_new, nz(b)) != XOEV_OK)
		c->rc = XOEV_ENOMEM;
}

/* 1 if namespace a (from) is known to become b (to), or both are absent. */
static int ns_corresponds(const dctx *c, const char *a, const char *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	for (i = 0; i < c->m->ns_old.count; i++)
		if (strcmp(c->m->ns_old.items[i], a) == 0)
			return strcmp(c->m->ns_new.items[i], b) == 0;
	return strcmp(a, b) == 0;
}

/* ------------------------------------------------------------------ */
/* simple types                                                        */
/* ------------------------------------------------------------------ */

/* Values of x not in y, joined by ' '; NULL if none (or on allocation failure, c->rc set). */
static char *missing_values(dctx *c, const xoev_strv *x, const xoev_strv *y)
{
	xoev_buf b = { 0 };
	size_t i;

	for (i = 0; x && i < x->count; i++) {
		if (y && xoev_strv__contains(y, x->items[i]))
			continue;
		if (b.len)
			xoev_buf__puts(&b, " ");
		xoev_buf__puts(&b, x->items[i]);
	}
	if (b.failed)
		c->rc = XOEV_ENOMEM;
	return b.len ? xoev_buf__take(&b, NULL) : (xoev_buf__free(&b), NULL);
}

static void facet_long(dctx *c, const xoev_model_type *oa, const xoev_model_type *ob,
                       const char *item, const char *facet, long a, long b)
{
	char av[48], bv[48];

	if (a == b)
		return;
	if (a < 0)
		snprintf(av, sizeof av, "%s none", facet);
	else
		snprintf(av, sizeof av, "%s %ld", facet, a);
	if (b < 0)
		snprintf(bv, sizeof bv, "%s none", facet);
	else
		snprintf(bv, sizeof bv, "%s %ld", facet, b);
	noteb(c, "facet", oa, ob, item, av, bv);
}

static void facet_str(dctx *c, const xoev_model_type *oa, const xoev_model_type *ob,
                      const char *item, const char *facet, const char *a, const char *b)
{
	char *av, *bv;

	if (same_str(a, b))
		return;
	av = xoev_util__printf("%s %s", facet, a ? a : "none");
	bv = xoev_util__printf("%s %s", facet, b ? b : "none");
	if (av && bv)
		noteb(c, "facet", oa, ob, item, av, bv);
	else
		c->rc = XOEV_ENOMEM;
	free(av);
	free(bv);
}

static char *joined(dctx *c, const xoev_strv *v)
{
	char *r = join_strings((const char *const *)v->items, v->count, " & ");

	if (!r)
		c->rc = XOEV_ENOMEM;
	return r;
}

static int same_strv(const xoev_strv *a, const xoev_strv *b)
{
	size_t i;

	if (a->count != b->count)
		return 0;
	for (i = 0; i < a->count; i++)
		if (strcmp(a->items[i], b->items[i]) != 0)
			return 0;
	return 1;
}

/* Compare two simple types at (owner pair, item): base, variety, facets. */
static void cmp_simple(dctx *c, const xoev_model_type *sa, const xoev_model_type *sb,
                       const xoev_model_type *oa, const xoev_model_type *ob, const char *item,
                       int depth)
{
	const xoev_model_facets *fa, *fb;
	size_t i;

	if (c->rc || depth > 16)
		return;
	if (!sa || !sb) {
		if (sa != sb)
			noteb(c, "type", oa, ob, item, sa ? sa->primitive : "(none)",
			      sb ? sb->primitive : "(none)");
		return;
	}
	if (!same_str(sa->primitive, sb->primitive) || sa->variety != sb->variety) {
		char *la = xoev_diff__type_label(c->ma, sa), *lb = xoev_diff__type_label(c->mb, sb);
		if (la && lb)
			noteb(c, "type", oa, ob, item, la, lb);
		else
			c->rc = XOEV_ENOMEM;
		free(la);
		free(lb);
		return;
	}
	if (sa->variety == XOEV_MV_LIST)
		cmp_simple(c, sa->item_type, sb->item_type, oa, ob, item, depth + 1);
	if (sa->variety == XOEV_MV_UNION) {
		if (sa->member_count != sb->member_count)
			facet_long(c, oa, ob, item, "union members", (long)sa->member_count,
			           (long)sb->member_count);
		else
			for (i = 0; i < sa->member_count; i++)
				cmp_simple(c, sa->members[i], sb->members[i], oa, ob, item, depth + 1);
	}
	fa = &sa->facets;
	fb = &sb->facets;
	{
		char *removed = missing_values(c, &fa->enumerations, &fb->enumerations);
		char *added = missing_values(c, &fb->enumerations, &fa->enumerations);
		if (removed || added)
			noteb(c, "enumeration", oa, ob, item, removed, added);
		free(removed);
		free(added);
	}
	if (!same_strv(&fa->patterns, &fb->patterns)) {
		char *pa = joined(c, &fa->patterns), *pb = joined(c, &fb->patterns);
		if (pa && pb)
			facet_str(c, oa, ob, item, "pattern", *pa ? pa : NULL, *pb ? pb : NULL);
		free(pa);
		free(pb);
	}
	facet_long(c, oa, ob, item, "length", fa->length, fb->length);
	facet_long(c, oa, ob, item, "minLength", fa->min_length, fb->min_length);
	facet_long(c, oa, ob, item, "maxLength", fa->max_length, fb->max_length);
	facet_str(c, oa, ob, item, "minInclusive", fa->min_inclusive, fb->min_inclusive);
	facet_str(c, oa, ob, item, "maxInclusive", fa->max_inclusive, fb->max_inclusive);
	facet_str(c, oa, ob, item, "minExclusive", fa->min_exclusive, fb->min_exclusive);
	facet_str(c, oa, ob, item, "maxExclusive", fa->max_exclusive, fb->max_exclusive);
	facet_long(c, oa, ob, item, "totalDigits", fa->total_digits, fb->total_digits);
	facet_long(c, oa, ob, item, "fractionDigits", fa->fraction_digits, fb->fraction_digits);
	facet_str(c, oa, ob, item, "whiteSpace", fa->whitespace, fb->whitespace);
}

/* 1 unless the type's text cannot be empty (then a default can never apply to valid data). */
static int may_be_empty(const xoev_model_type *t)
{
	static const char *const stringy[] = { "string", "normalizedString", "token", "anyURI",
		                               "hexBinary", "base64Binary", NULL };
	size_t i;

	if (t && t->kind == XOEV_MT_COMPLEX)
		t = t->content == XOEV_MC_SIMPLE ? t->content_type : NULL;
	if (!t || !t->primitive || t->variety != XOEV_MV_ATOMIC || t->facets.patterns.count)
		return 1;
	if (t->facets.enumerations.count)
		return xoev_strv__contains(&t->facets.enumerations, "");
	if (t->facets.length > 0 || t->facets.min_length > 0)
		return 0;
	for (i = 0; stringy[i]; i++)
		if (strcmp(t->primitive, stringy[i]) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* content models                                                      */
/* ------------------------------------------------------------------ */

static size_t cmp_type(dctx *c, const xoev_model_type *ta, const xoev_model_type *tb);
static void cmp_element(dctx *c, const xoev_model_element *ea, const xoev_model_element *eb,
                        const xoev_model_type *oa, const xoev_model_type *ob);

/* A group of one particle stands for that particle (when one of the two bounds is 1..1). */
static const xoev_model_particle *simplify(const xoev_model_particle *p, long *min, long *max)
{
	*min = p->min_occurs;
	*max = p->max_occurs;
	while (p->kind != XOEV_MP_ELEMENT && p->kind != XOEV_MP_ANY && p->child_count == 1) {
		const xoev_model_particle *k = p->children[0];
		if (!(*min == 1 && *max == 1) && !(k->min_occurs == 1 && k->max_occurs == 1))
			break;
		*min = xoev_diff__occ_mul(*min, k->min_occurs);
		*max = xoev_diff__occ_mul(*max, k->max_occurs);
		p = k;
	}
	return p;
}

typedef struct {
	const xoev_model_particle **v;
	size_t n, cap;
	int oom;
} plist;

static void plist_push(plist *l, const xoev_model_particle *p)
{
	if (l->oom)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		const xoev_model_particle **v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			l->oom = 1;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = p;
}

/* The children of a group, with 1..1 groups of the same kind spliced in. */
static void group_children(const xoev_model_particle *g, plist *out, int depth)
{
	size_t i;

	for (i = 0; i < g->child_count && depth < 32; i++) {
		const xoev_model_particle *k = g->children[i];
		if (k->kind == g->kind && k->min_occurs == 1 && k->max_occurs == 1)
			group_children(k, out, depth + 1);
		else
			plist_push(out, k);
	}
}

/* Every element particle in a content model, through its groups. */
static void element_particles(const xoev_model_particle *p, plist *out, int depth)
{
	size_t i;

	if (!p || depth > 32)
		return;
	if (p->kind == XOEV_MP_ELEMENT) {
		if (p->element)
			plist_push(out, p);
		return;
	}
	for (i = 0; i < p->child_count; i++)
		element_particles(p->children[i], out, depth + 1);
}

static int same_shape(const xoev_model_particle *pa, const xoev_model_particle *pb, int depth,
                      int *oom)
{
	long min, max;
	plist ka = { 0 }, kb = { 0 };
	size_t i;
	int same;

	pa = simplify(pa, &min, &max);
	pb = simplify(pb, &min, &max);
	if (pa->kind != pb->kind || depth > 32)
		return 0;
	if (pa->kind == XOEV_MP_ELEMENT)
		return pa->element && pb->element && strcmp(pa->element->name, pb->element->name) == 0;
	if (pa->kind == XOEV_MP_ANY)
		return 1;
	group_children(pa, &ka, 0);
	group_children(pb, &kb, 0);
	same = !ka.oom && !kb.oom && ka.n == kb.n;
	for (i = 0; same && i < ka.n; i++)
		same = same_shape(ka.v[i], kb.v[i], depth + 1, oom);
	if (ka.oom || kb.oom)
		*oom = 1;
	free(ka.v);
	free(kb.v);
	return same;
}

static void occ_suffix(xoev_buf *b, long min, long max)
{
	if (min == 1 && max == 1)
		return;
	if (min == 0 && max == 1)
		xoev_buf__puts(b, "?");
	else if (min == 0 && max == XOEV_MODEL_UNBOUNDED)
		xoev_buf__puts(b, "*");
	else if (min == 1 && max == XOEV_MODEL_UNBOUNDED)
		xoev_buf__puts(b, "+");
	else if (max == XOEV_MODEL_UNBOUNDED)
		xoev_buf__printf(b, "{%ld,}", min);
	else
		xoev_buf__printf(b, "{%ld,%ld}", min, max);
}

/* A content model in a compact notation: (a, b?, (c | d)*). */
static void model_string(xoev_buf *b, const xoev_model_particle *p, int depth)
{
	plist k = { 0 };
	long min, max;
	size_t i;

	p = simplify(p, &min, &max);
	if (p->kind == XOEV_MP_ELEMENT) {
		xoev_buf__puts(b, p->element ? p->element->name : "?");
	} else if (p->kind == XOEV_MP_ANY) {
		xoev_buf__puts(b, "any");
	} else if (depth > 8) {
		xoev_buf__puts(b, "(...)");
	} else {
		group_children(p, &k, 0);
		xoev_buf__puts(b, "(");
		for (i = 0; i < k.n; i++) {
			if (i)
				xoev_buf__puts(b, p->kind == XOEV_MP_CHOICE ? " | " :
				                  p->kind == XOEV_MP_ALL ? " & " : ", ");
			model_string(b, k.v[i], depth + 1);
		}
		xoev_buf__puts(b, ")");
		if (k.oom)
			b->failed = 1;
		free(k.v);
	}
	occ_suffix(b, min, max);
}

static void note_cardinality(dctx *c, const xoev_model_type *oa, const xoev_model_type *ob,
                             const char *item, long amin, long amax, long bmin, long bmax)
{
	char *av, *bv;

	if (amin == bmin && amax == bmax)
		return;
	av = xoev_diff__cardinality(amin, amax);
	bv = xoev_diff__cardinality(bmin, bmax);
	if (av && bv)
		noteb(c, "cardinality", oa, ob, item, av, bv);
	else
		c->rc = XOEV_ENOMEM;
	free(av);
	free(bv);
}

static void cmp_wildcard(dctx *c, const xoev_model_particle *pa, const xoev_model_particle *pb,
                         const xoev_model_type *oa, const xoev_model_type *ob)
{
	const char *na = pa->any_namespace ? pa->any_namespace : "##any";
	const char *nb = pb->any_namespace ? pb->any_namespace : "##any";
	const char *sa = pa->any_process ? pa->any_process : "strict";
	const char *sb = pb->any_process ? pb->any_process : "strict";

	if (!ns_corresponds(c, na, nb))
		noteb(c, "wildcard", oa, ob, "any", na, nb);
	if (strcmp(sa, sb) != 0)
		noteb(c, "wildcard", oa, ob, "any", sa, sb);
}

/* Two models of the same shape, side by side. */
static void walk_same(dctx *c, const xoev_model_particle *pa, const xoev_model_particle *pb,
                      const xoev_model_type *oa, const xoev_model_type *ob)
{
	long amin, amax, bmin, bmax;
	plist ka = { 0 }, kb = { 0 };
	size_t i;

	pa = simplify(pa, &amin, &amax);
	pb = simplify(pb, &bmin, &bmax);
	if (c->rc)
		return;
	if (pa->kind == XOEV_MP_ELEMENT) {
		note_cardinality(c, oa, ob, pa->element->name, amin, amax, bmin, bmax);
		cmp_element(c, pa->element, pb->element, oa, ob);
		return;
	}
	if (pa->kind == XOEV_MP_ANY) {
		note_cardinality(c, oa, ob, "any", amin, amax, bmin, bmax);
		cmp_wildcard(c, pa, pb, oa, ob);
		return;
	}
	if (amin != bmin || amax != bmax) {
		xoev_buf g = { 0 };
		char *s;
		xoev_buf__puts(&g, "group ");
		model_string(&g, pa, 0);
		s = xoev_buf__take(&g, NULL);
		if (!s)
			c->rc = XOEV_ENOMEM;
		else
			note_cardinality(c, oa, ob, s, amin, amax, bmin, bmax);
		free(s);
	}
	group_children(pa, &ka, 0);
	group_children(pb, &kb, 0);
	if (ka.oom || kb.oom)
		c->rc = XOEV_ENOMEM;
	for (i = 0; i < ka.n && i < kb.n && !c->rc; i++)
		walk_same(c, ka.v[i], kb.v[i], oa, ob);
	free(ka.v);
	free(kb.v);
}

static const xoev_model_particle *find_named(const plist *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i]->element->name, name) == 0)
			return l->v[i];
	return NULL;
}

/* 1 if the content of element w's type holds an element named name. */
static int holds(const xoev_model_element *w, const char *name, int *oom)
{
	plist k = { 0 };
	int r;

	if (!w->type || w->type->kind != XOEV_MT_COMPLEX || !w->type->particle)
		return 0;
	element_particles(w->type->particle, &k, 0);
	if (k.oom)
		*oom = 1;
	r = find_named(&k, name) != NULL;
	free(k.v);
	return r;
}

static char *describe_particle(dctx *c, const xoev_model *m, const xoev_model_particle *p)
{
	char *t = xoev_diff__type_label(m, p->element->type);
	char *card = xoev_diff__cardinality(p->min_occurs, p->max_occurs);
	char *s = t && card ? xoev_util__printf("%s [%s] %s", p->element->name, card, t) : NULL;

	if (!s)
		c->rc = XOEV_ENOMEM;
	free(t);
	free(card);
	return s;
}

static void note_pair(dctx *c, const char *kind, const xoev_model_type *oa,
                      const xoev_model_type *ob, const char *item, const char *old_val,
                      const char *new_val)
{
	xoev_mapping_item *it = note(c, 1, kind, oa, ob, item, old_val, new_val);
	if (it)
		it->heuristic = 1;
}

/*
 * Models of another shape: the elements they name are compared by name;
 * what is left is moved (into or out of a new wrapper), renamed (the same
 * type, or the only one left on both sides), removed or added.
 */
static void analyse_names(dctx *c, const xoev_model_particle *pa, const xoev_model_particle *pb,
                          const xoev_model_type *oa, const xoev_model_type *ob)
{
	plist la = { 0 }, lb = { 0 };
	char *used_a = NULL, *used_b = NULL;
	size_t i, j, left_a = 0, left_b = 0, moved = 0;
	int oom = 0;

	element_particles(pa, &la, 0);
	element_particles(pb, &lb, 0);
	used_a = calloc(la.n + 1, 1);
	used_b = calloc(lb.n + 1, 1);
	if (la.oom || lb.oom || !used_a || !used_b) {
		c->rc = XOEV_ENOMEM;
		goto done;
	}
	for (i = 0; i < la.n; i++) /* in both */
		for (j = 0; j < lb.n; j++)
			if (!used_b[j] && strcmp(la.v[i]->element->name, lb.v[j]->element->name) == 0) {
				used_a[i] = used_b[j] = 1;
				note_cardinality(c, oa, ob, la.v[i]->element->name, la.v[i]->min_occurs,
				                 la.v[i]->max_occurs, lb.v[j]->min_occurs, lb.v[j]->max_occurs);
				cmp_element(c, la.v[i]->element, lb.v[j]->element, oa, ob);
				break;
			}
	for (i = 0; i < la.n && !c->rc; i++) { /* moved into a new wrapper */
		for (j = 0; !used_a[i] && j < lb.n; j++)
			if ((!used_b[j] || (used_b[j] == 1 && !holds(find_named(&la, lb.v[j]->element->name)->element,
			                                              la.v[i]->element->name, &oom))) &&
			    holds(lb.v[j]->element, la.v[i]->element->name, &oom)) {
				char *to = xoev_util__printf("%s/%s", lb.v[j]->element->name,
				                             la.v[i]->element->name);
				if (to)
					note_pair(c, "element-moved", oa, ob, la.v[i]->element->name,
					          la.v[i]->element->name, to);
				free(to);
				used_a[i] = 2;
				moved++;
			}
	}
	for (j = 0; j < lb.n && !c->rc; j++) { /* moved out of a wrapper that is gone */
		for (i = 0; !used_b[j] && i < la.n; i++)
			if (used_a[i] != 1 && holds(la.v[i]->element, lb.v[j]->element->name, &oom)) {
				char *from = xoev_util__printf("%s/%s", la.v[i]->element->name,
				                               lb.v[j]->element->name);
				if (from)
					note_pair(c, "element-moved", oa, ob, lb.v[j]->element->name, from,
					          lb.v[j]->element->name);
				free(from);
				used_b[j] = 2;
				moved++;
			}
	}
	for (i = 0; i < la.n; i++)
		left_a += !used_a[i];
	for (j = 0; j < lb.n; j++)
		left_b += !used_b[j];
	for (i = 0; i < la.n && !c->rc; i++) { /* renamed */
		const xoev_model_particle *cand = NULL;
		size_t ncand = 0, cj = 0;
		char *ta;
		if (used_a[i])
			continue;
		ta = xoev_diff__type_label(c->ma, la.v[i]->element->type);
		for (j = 0; ta && j < lb.n; j++) {
			char *tb;
			if (used_b[j])
				continue;
			tb = xoev_diff__type_label(c->mb, lb.v[j]->element->type);
			if ((tb && strcmp(ta, tb) == 0) || (left_a == 1 && left_b == 1)) {
				cand = lb.v[j];
				cj = j;
				ncand++;
			}
			free(tb);
		}
		free(ta);
		if (ncand == 1) {
			note_pair(c, "element-renamed", oa, ob, la.v[i]->element->name,
			          la.v[i]->element->name, cand->element->name);
			used_a[i] = used_b[cj] = 3;
		}
	}
	for (i = 0; i < la.n && !c->rc; i++)
		if (!used_a[i]) {
			char *d = describe_particle(c, c->ma, la.v[i]);
			if (d)
				noteb(c, "element-removed", oa, ob, la.v[i]->element->name, d, NULL);
			free(d);
		}
	for (j = 0; j < lb.n && !c->rc; j++)
		if (!used_b[j]) {
			char *d = describe_particle(c, c->mb, lb.v[j]);
			if (d)
				noteb(c, "element-added", oa, ob, lb.v[j]->element->name, NULL, d);
			free(d);
		}
	if (!left_a && !left_b && !moved && !c->rc) { /* the same names, another order or grouping */
		xoev_buf ma = { 0 }, mb = { 0 };
		char *sa, *sb;
		model_string(&ma, pa, 0);
		model_string(&mb, pb, 0);
		sa = xoev_buf__take(&ma, NULL);
		sb = xoev_buf__take(&mb, NULL);
		if (sa && sb)
			noteb(c, "content", oa, ob, "(content)", sa, sb);
		else
			c->rc = XOEV_ENOMEM;
		free(sa);
		free(sb);
	}
	if (oom)
		c->rc = XOEV_ENOMEM;
done:
	free(used_a);
	free(used_b);
	free(la.v);
	free(lb.v);
}

static void cmp_content(dctx *c, const xoev_model_particle *pa, const xoev_model_particle *pb,
                        const xoev_model_type *ta, const xoev_model_type *tb)
{
	int oom = 0;

	if (!pa || !pb) {
		if (pa || pb)
			noteb(c, "content", ta, tb, "(content)", pa ? "elements" : "empty",
			      pb ? "elements" : "empty");
		return;
	}
	if (same_shape(pa, pb, 0, &oom))
		walk_same(c, pa, pb, ta, tb);
	else if (!oom)
		analyse_names(c, pa, pb, ta, tb);
	if (oom)
		c->rc = XOEV_ENOMEM;
}

/* ------------------------------------------------------------------ */
/* attributes, types, elements                                         */
/* ------------------------------------------------------------------ */

static const xoev_model_attribute *find_attr(const dctx *c, const xoev_model_type *t,
                                             const xoev_model_attribute *like, int from_b)
{
	size_t i;

	for (i = 0; i < t->attribute_count; i++) {
		const xoev_model_attribute *x = &t->attributes[i];
		if (x->prohibited || strcmp(x->name, like->name) != 0)
			continue;
		if (from_b ? ns_corresponds(c, x->ns, like->ns) : ns_corresponds(c, like->ns, x->ns))
			return x;
	}
	return NULL;
}

static void cmp_attributes(dctx *c, const xoev_model_type *ta, const xoev_model_type *tb)
{
	size_t i;

	for (i = 0; i < ta->attribute_count && !c->rc; i++) {
		const xoev_model_attribute *a = &ta->attributes[i], *b;
		char at[512];
		if (a->prohibited)
			continue;
		snprintf(at, sizeof at, "@%s", a->name);
		b = find_attr(c, tb, a, 0);
		if (!b) {
			noteb(c, "attribute-removed", ta, tb, at, a->required ? "required" : "optional",
			      NULL);
			continue;
		}
		if (a->required != b->required)
			noteb(c, "attribute-property", ta, tb, at, a->required ? "required" : "optional",
			      b->required ? "required" : "optional");
		cmp_simple(c, a->type, b->type, ta, tb, at, 0);
		if (a->fixed && b->fixed && strcmp(a->fixed, b->fixed) != 0) {
			xoev_mapping_item *it = note(c, 0, "attribute-value", ta, tb, at, a->fixed, b->fixed);
			if (it && !it->attr && !(it->attr = xoev_util__strdup(a->name)))
				c->rc = XOEV_ENOMEM;
		} else if (!a->fixed && b->fixed) {
			noteb(c, "attribute-property", ta, tb, at, "fixed (none)", b->fixed);
		}
		if (!same_str(a->default_, b->default_))
			noteb(c, "attribute-property", ta, tb, at, a->default_ ? a->default_ : "default (none)",
			      b->default_ ? b->default_ : "default (none)");
	}
	for (i = 0; i < tb->attribute_count && !c->rc; i++) {
		const xoev_model_attribute *b = &tb->attributes[i];
		char at[512];
		if (b->prohibited || find_attr(c, ta, b, 1))
			continue;
		snprintf(at, sizeof at, "@%s", b->name);
		noteb(c, "attribute-added", ta, tb, at, NULL, b->required ? "required" : "optional");
	}
	if (ta->any_attribute != tb->any_attribute)
		noteb(c, "wildcard", ta, tb, "anyAttribute", ta->any_attribute ? "yes" : "no",
		      tb->any_attribute ? "yes" : "no");
}

static const char *content_name(xoev_model_content k)
{
	switch (k) {
	case XOEV_MC_EMPTY: return "empty";
	case XOEV_MC_SIMPLE: return "simple";
	case XOEV_MC_ELEMENTS: return "elements";
	default: return "mixed";
	}
}

static visit *find_visit(dctx *c, const xoev_model_type *ta, const xoev_model_type *tb)
{
	size_t i;

	for (i = 0; i < c->nvisits; i++)
		if (c->visits[i].ta == ta && c->visits[i].tb == tb)
			return &c->visits[i];
	return NULL;
}

/* Compare two complex types; the number of blocking differences found below them. */
static size_t cmp_type(dctx *c, const xoev_model_type *ta, const xoev_model_type *tb)
{
	size_t before = c->found, idx;
	visit *v;

	if (c->rc || ta->kind != XOEV_MT_COMPLEX || tb->kind != XOEV_MT_COMPLEX)
		return 0;
	v = find_visit(c, ta, tb);
	if (v)
		return v->done ? v->count : 0;
	if (c->nvisits == c->capvisits) {
		size_t cap = c->capvisits ? 2 * c->capvisits : 64;
		visit *nv = realloc(c->visits, cap * sizeof *nv);
		if (!nv) {
			c->rc = XOEV_ENOMEM;
			return 0;
		}
		c->visits = nv;
		c->capvisits = cap;
	}
	idx = c->nvisits++;
	c->visits[idx].ta = ta;
	c->visits[idx].tb = tb;
	c->visits[idx].done = 0;
	c->visits[idx].count = 0;
	if (ta->content != tb->content && !((ta->content == XOEV_MC_ELEMENTS || ta->content == XOEV_MC_MIXED) &&
	                                   (tb->content == XOEV_MC_ELEMENTS || tb->content == XOEV_MC_MIXED))) {
		noteb(c, "content", ta, tb, "(content)", content_name(ta->content),
		      content_name(tb->content));
	} else {
		if (ta->content != tb->content)
			noteb(c, "content", ta, tb, "(content)", content_name(ta->content),
			      content_name(tb->content));
		if (ta->content == XOEV_MC_SIMPLE)
			cmp_simple(c, ta->content_type, tb->content_type, ta, tb, "(text)", 0);
		else if (ta->content != XOEV_MC_EMPTY)
			cmp_content(c, ta->particle, tb->particle, ta, tb);
	}
	cmp_attributes(c, ta, tb);
	c->visits[idx].done = 1;
	c->visits[idx].count = c->found - before;
	return c->found - before;
}

static void add_usage(dctx *c, const xoev_model_element *ea, const xoev_model_type *ta,
                      const xoev_model_type *tb)
{
	size_t i;

	for (i = 0; i < c->nusages; i++)
		if (c->usages[i].ea == ea && c->usages[i].ta == ta && c->usages[i].tb == tb)
			return;
	if (c->nusages == c->capusages) {
		size_t cap = c->capusages ? 2 * c->capusages : 64;
		usage *nv = realloc(c->usages, cap * sizeof *nv);
		if (!nv) {
			c->rc = XOEV_ENOMEM;
			return;
		}
		c->usages = nv;
		c->capusages = cap;
	}
	c->usages[c->nusages].ea = ea;
	c->usages[c->nusages].ta = ta;
	c->usages[c->nusages++].tb = tb;
}

static void cmp_element(dctx *c, const xoev_model_element *ea, const xoev_model_element *eb,
                        const xoev_model_type *oa, const xoev_model_type *ob)
{
	const xoev_model_type *ta = ea->type, *tb = eb->type;
	const char *name = ea->name;
	size_t n = 0;

	if (c->rc)
		return;
	if (!ea->ns != !eb->ns)
		noteb(c, "element-namespace", oa, ob, name, ea->ns ? ea->ns : "(unqualified)",
		      eb->ns ? eb->ns : "(unqualified)");
	else if (ea->ns)
		map_ns(c, ea->ns, eb->ns, oa, ob, name);
	if (ea->nillable != eb->nillable)
		noteb(c, "element-property", oa, ob, name, ea->nillable ? "nillable" : "not nillable",
		      eb->nillable ? "nillable" : "not nillable");
	if (ea->abstract_ != eb->abstract_)
		noteb(c, "element-property", oa, ob, name, ea->abstract_ ? "abstract" : "not abstract",
		      eb->abstract_ ? "abstract" : "not abstract");
	if (!same_str(ea->fixed, eb->fixed))
		noteb(c, "element-property", oa, ob, name, ea->fixed ? ea->fixed : "fixed (none)",
		      eb->fixed ? eb->fixed : "fixed (none)");
	if (!same_str(ea->default_, eb->default_)) {
		if (ea->default_ && !eb->default_ && !ea->fixed) {
			xoev_mapping_item *it = note(c, 0, "element-default", oa, ob, name, ea->default_, NULL);
			if (it)
				it->ea = ea;
		} else if (ea->default_ || may_be_empty(ta)) {
			noteb(c, "element-property", oa, ob, name,
			      ea->default_ ? ea->default_ : "default (none)",
			      eb->default_ ? eb->default_ : "default (none)");
		}
	}
	if (c->depth >= DERIVE_MAX_DEPTH)
		return;
	add_usage(c, ea, ta, tb);
	c->path[c->depth++] = name;
	if (ta->kind != tb->kind)
		n = 1;
	else if (ta->kind == XOEV_MT_SIMPLE)
		cmp_simple(c, ta, tb, oa, ob, name, 0);
	else
		n = cmp_type(c, ta, tb);
	c->depth--;
	if (n && !c->rc) {
		char *la = xoev_diff__type_label(c->ma, ta), *lb = xoev_diff__type_label(c->mb, tb);
		if (la && lb && (strcmp(la, lb) != 0 || ta->kind != tb->kind))
			noteb(c, "type", oa, ob, name, la, lb);
		else if (!la || !lb)
			c->rc = XOEV_ENOMEM;
		free(la);
		free(lb);
	}
}

/* ------------------------------------------------------------------ */
/* messages, root attributes, rewrites                                 */
/* ------------------------------------------------------------------ */

static void cmp_message(dctx *c, const xoev_message_type *xa, const xoev_message_type *xb)
{
	const xoev_model_element *ea, *eb;

	ea = xoev_model__element(c->ma, xoev_message_type_namespace(xa), xoev_message_type_root(xa));
	eb = xoev_model__element(c->mb, xoev_message_type_namespace(xb), xoev_message_type_root(xb));
	if (!ea || !eb)
		return; /* manifest and schemas disagree: nothing to compare */
	c->nvisits = 0;
	c->depth = 0;
	if (strcmp(ea->name, eb->name) != 0) {
		noteb(c, "message-renamed", NULL, NULL, ea->name, ea->name, eb->name);
		map_ns(c, ea->ns, eb->ns, NULL, NULL, ea->name);
		add_usage(c, ea, ea->type, eb->type);
		c->path[c->depth++] = ea->name;
		(void)cmp_type(c, ea->type, eb->type);
		c->depth = 0;
	} else {
		cmp_element(c, ea, eb, NULL, NULL);
	}
}

static int key_matches(const char *key, const xoev_model_element *e)
{
	const char *sep = strchr(key, '\037');
	size_t nl = (size_t)(sep - key);

	return sep && strcmp(sep + 1, e->name) == 0 && strlen(nz(e->ns)) == nl &&
	       strncmp(key, nz(e->ns), nl) == 0;
}

static int push_key(xoev_strv *v, const xoev_model_element *e)
{
	char *k = xoev_util__printf("%s\037%s", nz(e->ns), e->name);
	size_t i;

	if (!k)
		return XOEV_ENOMEM;
	for (i = 0; i < v->count; i++)
		if (strcmp(v->items[i], k) == 0) {
			free(k);
			return XOEV_OK;
		}
	return xoev_strv__push_owned(v, k);
}

static const xoev_model_attribute *attr_named(const xoev_model_type *t, const char *name)
{
	size_t i;

	for (i = 0; t && i < t->attribute_count; i++)
		if (!t->attributes[i].prohibited && strcmp(t->attributes[i].name, name) == 0)
			return &t->attributes[i];
	return NULL;
}

/* A rewrite of attribute `attr` old -> new exists for the type ta. */
static int rewritten(const dctx *c, const xoev_model_type *ta, const char *attr, const char *old_val,
                     const char *new_val)
{
	size_t i;

	for (i = 0; i < c->m->rewrites.n; i++) {
		const xoev_mapping_item *r = c->m->rewrites.v[i];
		if (r->kind && strcmp(r->kind, "attribute-value") == 0 && r->ta == ta && same_str(r->attr, attr) &&
		    same_str(r->old_val, old_val) && same_str(r->new_val, new_val))
			return 1;
	}
	return 0;
}

static void ambiguous(dctx *c, const xoev_mapping_item *r, const xoev_model_element *other,
                      const char *why)
{
	xoev_mapping_item *it;
	size_t i;

	c->number = NULL;
	c->depth = 0;
	it = note(c, 1, "ambiguous-rewrite", r->ta, r->tb, r->item, other->name, why);
	for (i = 0; it && i < r->messages.count && !c->rc; i++)
		if (!xoev_strv__contains(&it->messages, r->messages.items[i]) &&
		    xoev_strv__push(&it->messages, r->messages.items[i]) != XOEV_OK)
			c->rc = XOEV_ENOMEM;
}

/*
 * The i-th rewrite, an element default, is the same rewrite as an earlier
 * one (another type declares an element of that name with that default):
 * its messages go to the earlier one and it is marked (kind NULL) for removal.
 */
static int merge_default(dctx *c, size_t i)
{
	xoev_mapping_item *r = c->m->rewrites.v[i];
	size_t j, k;

	for (j = 0; j < i; j++) {
		xoev_mapping_item *e = c->m->rewrites.v[j];
		if (!e->kind || strcmp(e->kind, "element-default") != 0 || !e->elems.count ||
		    strcmp(e->elems.items[0], r->elems.items[0]) != 0 || !same_str(e->old_val, r->old_val))
			continue;
		for (k = 0; k < r->messages.count && !c->rc; k++)
			if (!xoev_strv__contains(&e->messages, r->messages.items[k]) &&
			    xoev_strv__push(&e->messages, r->messages.items[k]) != XOEV_OK)
				c->rc = XOEV_ENOMEM;
		r->kind = NULL;
		return 1;
	}
	return 0;
}

static void drop_merged(xoev_derive_items *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++) {
		if (l->v[i]->kind)
			l->v[n++] = l->v[i];
		else
			item_free(l->v[i]);
	}
	l->n = n;
}

/*
 * The elements each rewrite applies to (the stylesheet matches element
 * names); an element name that another declaration shares, where the
 * rewrite would change data, makes the rewrite ambiguous.
 */
static void resolve_rewrites(dctx *c)
{
	size_t i, j, n = c->m->rewrites.n;

	for (i = 0; i < n && !c->rc; i++) {
		xoev_mapping_item *r = c->m->rewrites.v[i];
		if (strcmp(r->kind, "attribute-value") == 0) {
			for (j = 0; j < c->nusages && !c->rc; j++)
				if (c->usages[j].ta == r->ta && c->usages[j].tb == r->tb &&
				    push_key(&r->elems, c->usages[j].ea) != XOEV_OK)
					c->rc = XOEV_ENOMEM;
			for (j = 0; j < c->nusages && !c->rc; j++) {
				const usage *u = &c->usages[j];
				const xoev_model_attribute *x;
				size_t k;
				int mine = 0;
				for (k = 0; k < r->elems.count; k++)
					mine |= key_matches(r->elems.items[k], u->ea);
				if (!mine || u->ta == r->ta || !(x = attr_named(u->ta, r->attr)))
					continue;
				if (x->fixed && strcmp(x->fixed, r->old_val) != 0)
					continue; /* never carries the old value */
				if (x->fixed && rewritten(c, u->ta, r->attr, r->old_val, r->new_val))
					continue;
				ambiguous(c, r, u->ea, "the same element name carries this attribute elsewhere");
			}
		} else if (strcmp(r->kind, "element-default") == 0) {
			if (push_key(&r->elems, r->ea) != XOEV_OK)
				c->rc = XOEV_ENOMEM;
			if (!c->rc && merge_default(c, i))
				continue;
			for (j = 0; j < c->nusages && !c->rc; j++) {
				const xoev_model_element *o = c->usages[j].ea;
				if (o != r->ea && key_matches(r->elems.items[0], o) &&
				    !same_str(o->default_, r->ea->default_) && may_be_empty(o->type))
					ambiguous(c, r, o, "the same element name may be empty elsewhere");
			}
		}
	}
}

static size_t attr_index(const xoev_manifest *mf, const char *name, const char *scope)
{
	size_t i;

	for (i = 0; i < mf->detect_attr_names.count; i++) {
		const char *s = i < mf->detect_attr_namespaces.count ? mf->detect_attr_namespaces.items[i] : "";
		if (strcmp(mf->detect_attr_names.items[i], name) == 0 && (!scope || strcmp(s, scope) == 0))
			return i;
	}
	return (size_t)-1;
}

/* Root attributes (and header attributes) the manifests declare for detection. */
static void cmp_root_attributes(dctx *c, const xoev_bundle *a, const xoev_bundle *b)
{
	const xoev_manifest *fa = xoev_bundle__manifest(a), *fb = xoev_bundle__manifest(b);
	size_t i, j;

	c->number = NULL;
	c->depth = 0;
	for (i = 0; i < fa->detect_attr_names.count && !c->rc; i++) {
		const char *name = fa->detect_attr_names.items[i];
		const char *va = fa->detect_attr_values.items[i];
		const char *sa = i < fa->detect_attr_namespaces.count ? fa->detect_attr_namespaces.items[i] : "";
		const char *sb = sa;
		char at[512];
		for (j = 0; *sa && j < c->m->ns_old.count; j++)
			if (strcmp(c->m->ns_old.items[j], sa) == 0)
				sb = c->m->ns_new.items[j];
		j = attr_index(fb, name, sb);
		snprintf(at, sizeof at, "@%s", name);
		if (j == (size_t)-1) {
			noteb(c, "root-attribute", NULL, NULL, at, va, "(none)");
		} else if (strcmp(va, fb->detect_attr_values.items[j]) != 0) {
			xoev_mapping_item *it = note(c, 0, "root-attribute", NULL, NULL, at, va,
			                             fb->detect_attr_values.items[j]);
			if (it && ((!it->attr && !(it->attr = xoev_util__strdup(name))) ||
			           (!it->scope && !(it->scope = xoev_util__strdup(sa)))))
				c->rc = XOEV_ENOMEM;
		}
	}
	for (j = 0; j < fb->detect_attr_names.count && !c->rc; j++)
		if (attr_index(fa, fb->detect_attr_names.items[j], NULL) == (size_t)-1) {
			char at[512];
			snprintf(at, sizeof at, "@%s", fb->detect_attr_names.items[j]);
			noteb(c, "root-attribute", NULL, NULL, at, "(none)", fb->detect_attr_values.items[j]);
		}
	for (i = 0; i < fa->detect_header_names.count && !c->rc; i++) {
		char *at = xoev_util__printf("%s/@%s", fa->detect_header_paths.items[i],
		                             fa->detect_header_names.items[i]);
		const char *vb = "(none)";
		for (j = 0; j < fb->detect_header_names.count; j++)
			if (strcmp(fb->detect_header_paths.items[j], fa->detect_header_paths.items[i]) == 0 &&
			    strcmp(fb->detect_header_names.items[j], fa->detect_header_names.items[i]) == 0)
				vb = fb->detect_header_values.items[j];
		if (!at)
			c->rc = XOEV_ENOMEM;
		else if (strcmp(vb, fa->detect_header_values.items[i]) != 0)
			noteb(c, "root-attribute", NULL, NULL, at, fa->detect_header_values.items[i], vb);
		free(at);
	}
}

int xoev_derive__compare(const xoev_bundle *a, const xoev_bundle *b, xoev_mapping *m,
                         xoev_diag_list *diags)
{
	dctx c;
	size_t i, na = xoev_bundle_message_count(a), nb = xoev_bundle_message_count(b);

	memset(&c, 0, sizeof c);
	c.m = m;
	c.ma = xoev_bundle__model(a, diags);
	c.mb = xoev_bundle__model(b, diags);
	if (!c.ma || !c.mb)
		return XOEV_ESCHEMA;
	for (i = 0; i < na && !c.rc; i++) {
		const xoev_message_type *xa = xoev_bundle_message(a, i);
		const char *num = xoev_message_type_number(xa);
		const xoev_message_type *xb = num ? xoev_bundle_find_message(b, num) : NULL;
		c.number = num;
		c.depth = 0;
		if (!xb)
			noteb(&c, "message-removed", NULL, NULL, xoev_message_type_root(xa),
			      xoev_message_type_root(xa), NULL);
		else
			cmp_message(&c, xa, xb);
	}
	for (i = 0; i < nb && !c.rc; i++) {
		const xoev_message_type *xb = xoev_bundle_message(b, i);
		const char *num = xoev_message_type_number(xb);
		if (num && xoev_bundle_find_message(a, num))
			continue;
		c.number = num;
		c.depth = 0;
		noteb(&c, "message-added", NULL, NULL, xoev_message_type_root(xb), NULL,
		      xoev_message_type_root(xb));
	}
	/* a bundle's namespaces that no element showed: pair the lone ones */
	if (!c.rc && xoev_bundle_namespace_count(a) == 1 && xoev_bundle_namespace_count(b) == 1 &&
	    !m->ns_old.count)
		map_ns(&c, xoev_bundle_namespace(a, 0), xoev_bundle_namespace(b, 0), NULL, NULL, NULL);
	if (!c.rc)
		cmp_root_attributes(&c, a, b);
	if (!c.rc)
		resolve_rewrites(&c);
	drop_merged(&m->rewrites);
	free(c.visits);
	free(c.usages);
	if (c.rc)
		return c.rc;
	m->derivable = m->diffs.n == 0;
	return XOEV_OK;
}
