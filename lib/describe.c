/*
 * libxoev - `describe`: a message type's element tree as text, from the
 * schema model.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skeleton.h"

#define DESCRIBE_MAX_DEPTH 64
#define DESCRIBE_MAX_LINES 100000

typedef struct {
	xoev_buf out;
	const xoev_model *m;
	const xoev_model_type *stack[DESCRIBE_MAX_DEPTH];
	size_t depth;
	size_t lines;
} ds;

static void indent(ds *d, size_t level)
{
	size_t i;

	for (i = 0; i < level; i++)
		xoev_buf__puts(&d->out, "  ");
}

static void cardinality(xoev_buf *b, long min, long max)
{
	if (min == max)
		xoev_buf__printf(b, "%ld", min);
	else if (max == XOEV_MODEL_UNBOUNDED)
		xoev_buf__printf(b, "%ld..n", min);
	else
		xoev_buf__printf(b, "%ld..%ld", min, max);
}

static void type_name(xoev_buf *b, const xoev_model *m, const xoev_model_type *t)
{
	const xoev_model_type *named = t;
	int guard = 0;

	while (named && !named->name && guard++ < 8)
		named = named->base;
	if (!named) {
		xoev_buf__puts(b, "(anonymous)");
		return;
	}
	if (named != t)
		xoev_buf__puts(b, "(anonymous, from ");
	if (named->builtin) {
		xoev_buf__printf(b, "xs:%s", named->name);
	} else {
		const char *p = xoev_model__prefix(m, named->ns);
		if (p)
			xoev_buf__printf(b, "%s:", p);
		xoev_buf__puts(b, named->name);
	}
	if (named != t)
		xoev_buf__puts(b, ")");
}

static void facets(xoev_buf *b, const xoev_model_type *t)
{
	const xoev_model_facets *f;
	size_t i;

	if (!t || t->kind != XOEV_MT_SIMPLE)
		return;
	f = &t->facets;
	if (f->enumerations.count) {
		xoev_buf__puts(b, " enum{");
		for (i = 0; i < f->enumerations.count && i < 5; i++)
			xoev_buf__printf(b, "%s%s", i ? "," : "", f->enumerations.items[i]);
		if (f->enumerations.count > 5)
			xoev_buf__printf(b, ",... %zu values", f->enumerations.count);
		xoev_buf__puts(b, "}");
	}
	for (i = 0; i < f->patterns.count; i++) {
		const char *p = f->patterns.items[i];
		if (strlen(p) > 60)
			xoev_buf__printf(b, " pattern(%.57s...)", p);
		else
			xoev_buf__printf(b, " pattern(%s)", p);
	}
	if (f->length >= 0)
		xoev_buf__printf(b, " length=%ld", f->length);
	if (f->min_length >= 0)
		xoev_buf__printf(b, " minLength=%ld", f->min_length);
	if (f->max_length >= 0)
		xoev_buf__printf(b, " maxLength=%ld", f->max_length);
	if (f->min_inclusive)
		xoev_buf__printf(b, " >=%s", f->min_inclusive);
	if (f->min_exclusive)
		xoev_buf__printf(b, " >%s", f->min_exclusive);
	if (f->max_inclusive)
		xoev_buf__printf(b, " <=%s", f->max_inclusive);
	if (f->max_exclusive)
		xoev_buf__printf(b, " <%s", f->max_exclusive);
	if (f->total_digits >= 0)
		xoev_buf__printf(b, " totalDigits=%d", f->total_digits);
	if (f->fraction_digits >= 0)
		xoev_buf__printf(b, " fractionDigits=%d", f->fraction_digits);
}

static void particle(ds *d, const xoev_model_particle *p, size_t level, long min, long max);

static void element(ds *d, const xoev_model_element *e, size_t level, long min, long max)
{
	const xoev_model_type *t = e->type;
	size_t i;
	int recursive = 0;

	if (++d->lines > DESCRIBE_MAX_LINES)
		return;
	indent(d, level);
	xoev_buf__puts(&d->out, e->name);
	xoev_buf__puts(&d->out, " [");
	cardinality(&d->out, min, max);
	xoev_buf__puts(&d->out, "] ");
	type_name(&d->out, d->m, t);
	if (!e->ns && level > 0)
		xoev_buf__puts(&d->out, " unqualified");
	if (e->abstract_)
		xoev_buf__puts(&d->out, " abstract");
	if (e->fixed)
		xoev_buf__printf(&d->out, " fixed=\"%s\"", e->fixed);
	if (t->code_kind)
		xoev_buf__printf(&d->out, " code(type %d, listURI=%s%s, listVersionID=%s%s)", t->code_kind,
		                 t->list_uri ? t->list_uri : "?", t->list_uri_fixed ? " fixed" : "",
		                 t->list_version ? t->list_version : "?",
		                 t->list_version_fixed ? " fixed" :
		                 t->list_version_required ? " required" : "");
	if (t->kind == XOEV_MT_SIMPLE)
		facets(&d->out, t);
	else if (t->content == XOEV_MC_SIMPLE)
		facets(&d->out, t->content_type);
	for (i = 0; i < d->depth; i++)
		if (d->stack[i] == t && t->kind == XOEV_MT_COMPLEX)
			recursive = 1;
	if (recursive)
		xoev_buf__puts(&d->out, " (recursive, see above)");
	if (e->doc || t->doc) {
		const char *doc = e->doc ? e->doc : t->doc;
		size_t n = strcspn(doc, ".");
		if (n > 100)
			n = 100;
		xoev_buf__puts(&d->out, "  -- ");
		xoev_buf__append(&d->out, doc, n);
	}
	xoev_buf__puts(&d->out, "\n");
	if (recursive || t->kind != XOEV_MT_COMPLEX || d->depth >= DESCRIBE_MAX_DEPTH)
		return;
	for (i = 0; i < t->attribute_count; i++) {
		const xoev_model_attribute *a = &t->attributes[i];
		indent(d, level + 1);
		xoev_buf__printf(&d->out, "@%s [%s] ", a->name, a->required ? "1" : "0..1");
		type_name(&d->out, d->m, a->type);
		if (a->fixed)
			xoev_buf__printf(&d->out, " fixed=\"%s\"", a->fixed);
		facets(&d->out, a->type);
		xoev_buf__puts(&d->out, "\n");
	}
	if (t->particle && (t->content == XOEV_MC_ELEMENTS || t->content == XOEV_MC_MIXED)) {
		d->stack[d->depth++] = t;
		particle(d, t->particle, level + 1, t->particle->min_occurs, t->particle->max_occurs);
		d->depth--;
	}
}

static void particle(ds *d, const xoev_model_particle *p, size_t level, long min, long max)
{
	size_t i;

	switch (p->kind) {
	case XOEV_MP_ELEMENT:
		element(d, p->element, level, min, max);
		break;
	case XOEV_MP_ANY:
		indent(d, level);
		xoev_buf__puts(&d->out, "(any element [");
		cardinality(&d->out, min, max);
		xoev_buf__printf(&d->out, "] namespace=%s)\n", p->any_namespace);
		break;
	case XOEV_MP_CHOICE:
		indent(d, level);
		xoev_buf__puts(&d->out, "(choice [");
		cardinality(&d->out, min, max);
		xoev_buf__puts(&d->out, "])\n");
		for (i = 0; i < p->child_count; i++)
			particle(d, p->children[i], level + 1, p->children[i]->min_occurs,
			         p->children[i]->max_occurs);
		break;
	case XOEV_MP_SEQUENCE:
	case XOEV_MP_ALL:
		/* sequences are flattened; occurrence of a repeated/optional group multiplies in */
		if (min != 1 || max != 1) {
			indent(d, level);
			xoev_buf__printf(&d->out, "(%s [", p->kind == XOEV_MP_ALL ? "all" : "sequence");
			cardinality(&d->out, min, max);
			xoev_buf__puts(&d->out, "])\n");
			level++;
		}
		for (i = 0; i < p->child_count; i++)
			particle(d, p->children[i], level, p->children[i]->min_occurs,
			         p->children[i]->max_occurs);
		break;
	}
}

int xoev_describe(const xoev_bundle *b, const char *message, char **out_text, size_t *len,
                  xoev_diag_list *diags)
{
	xoev_gen g;
	const xoev_model_element *root;
	const char *number;
	ds d;
	int rc;

	if (!b || !message || !out_text)
		return XOEV_EINVAL;
	*out_text = NULL;
	if (len)
		*len = 0;
	rc = xoev_gen__init(&g, b, diags);
	if (rc == XOEV_OK)
		rc = xoev_gen__root(&g, message, &root, &number);
	if (rc != XOEV_OK) {
		xoev_gen__clear(&g);
		return rc;
	}
	memset(&d, 0, sizeof d);
	d.m = g.model;
	element(&d, root, 0, 1, 1);
	xoev_gen__clear(&g);
	*out_text = xoev_buf__take(&d.out, len);
	return *out_text ? XOEV_OK : XOEV_ENOMEM;
}
