/*
 * libxoev - the schema model: a bundle's XSDs read into a read-only model.
 *
 * Every schema document of the bundle's closure (include/import, through
 * catalogs, never the network) is parsed; global components are indexed by
 * (namespace, name); then every global element and named type is built.
 * Named types, global elements and groups are memoised, so recursive
 * schemas build in finite time (a type that refers to itself gets the
 * pointer of the one being built). Everything the model allocates sits in
 * one pool and is freed at once; the schema documents are freed when the
 * build ends.
 *
 * Not modelled: xs:redefine, identity constraints, substitution groups
 * beyond recording the head, wildcards beyond their namespace and
 * processContents.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "model.h"

#define XSD_NS "http://www.w3.org/2001/XMLSchema"

typedef struct {
	char *tns;              /* NULL: no namespace */
	int element_qualified;  /* elementFormDefault */
	int attribute_qualified;
} doc_info;

struct xoev_model {
	void **pool;
	size_t pool_count, pool_cap;
	int oom;
	int broken;             /* a reference resolved to nothing */
	xoev_diag_list *diags;

	xmlDocPtr *docs;
	doc_info *infos;
	size_t doc_count;

	/* definitions: (name, ns) -> xmlNode */
	xmlHashTablePtr def_elements, def_ctypes, def_stypes, def_groups, def_agroups, def_attrs;
	/* built: (name, ns) -> object */
	xmlHashTablePtr elements, types, groups, builtins;
	xmlHashTablePtr prefixes; /* ns -> prefix */

	/* complex types whose derivation is merged after every type exists */
	xoev_model_type **pending;
	size_t pending_count, pending_cap;

	/* global elements in definition order (for lookups by local name) */
	xoev_model_element **globals;
	size_t global_count, global_cap;
};

/* ------------------------------------------------------------------ */
/* pool                                                                */
/* ------------------------------------------------------------------ */

static void *pool_add(xoev_model *m, void *p)
{
	if (!p) {
		m->oom = 1;
		return NULL;
	}
	if (m->pool_count == m->pool_cap) {
		size_t cap = m->pool_cap ? m->pool_cap * 2 : 256;
		void **np = realloc(m->pool, cap * sizeof *np);
		if (!np) {
			free(p);
			m->oom = 1;
			return NULL;
		}
		m->pool = np;
		m->pool_cap = cap;
	}
	m->pool[m->pool_count++] = p;
	return p;
}

static void *m_alloc(xoev_model *m, size_t n)
{
	return pool_add(m, calloc(1, n));
}

static char *m_strdup(xoev_model *m, const char *s)
{
	if (!s)
		return NULL;
	return pool_add(m, xoev_util__strdup(s));
}

static char *m_xmlstr(xoev_model *m, xmlChar *s)
{
	char *r;

	if (!s)
		return NULL;
	r = m_strdup(m, (const char *)s);
	xmlFree(s);
	return r;
}

/* ------------------------------------------------------------------ */
/* small XSD helpers                                                   */
/* ------------------------------------------------------------------ */

static int is_xs(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, XSD_NS) == 0 &&
	       (!local || strcmp((const char *)n->name, local) == 0);
}

static const xmlNode *xs_child(const xmlNode *n, const char *local)
{
	const xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (is_xs(c, local))
			return c;
	return NULL;
}

/* An attribute's value, borrowed from the tree, or NULL. */
static const char *attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n ? n->properties : NULL; a; a = a->next)
		if (!a->ns && strcmp((const char *)a->name, name) == 0)
			return a->children && a->children->content ? (const char *)a->children->content :
			                                             "";
	return NULL;
}

static const doc_info *info_of(const xmlNode *n)
{
	return n && n->doc ? (const doc_info *)n->doc->_private : NULL;
}

static const char *tns_of(const xmlNode *n)
{
	const doc_info *i = info_of(n);
	return i ? i->tns : NULL;
}

/* Split a QName in the scope of n: *ns (borrowed, NULL for none) and the local part. */
static const char *resolve_qname(const xmlNode *n, const char *qname, const char **ns)
{
	const char *colon = strchr(qname, ':');
	xmlNsPtr x;

	*ns = NULL;
	if (colon) {
		char prefix[128];
		size_t len = (size_t)(colon - qname);
		if (len >= sizeof prefix)
			return colon + 1;
		memcpy(prefix, qname, len);
		prefix[len] = '\0';
		x = xmlSearchNs(n->doc, (xmlNodePtr)n, (const xmlChar *)prefix);
		*ns = x ? (const char *)x->href : NULL;
		return colon + 1;
	}
	x = xmlSearchNs(n->doc, (xmlNodePtr)n, NULL);
	*ns = x && x->href && *x->href ? (const char *)x->href : NULL;
	/* chameleon documents: an unprefixed name means the including namespace */
	if (!*ns && !tns_of(n))
		*ns = NULL;
	return qname;
}

static long occurs(const xmlNode *n, const char *name)
{
	const char *v = attr(n, name);

	if (!v)
		return 1;
	if (strcmp(v, "unbounded") == 0)
		return XOEV_MODEL_UNBOUNDED;
	return strtol(v, NULL, 10);
}

/* The whitespace-collapsed text of the first xs:documentation under n's annotation. */
static char *documentation(xoev_model *m, const xmlNode *n)
{
	const xmlNode *ann = xs_child(n, "annotation"), *d;
	xmlChar *text;
	char *s, *r, *w;
	int space = 0;

	d = xs_child(ann, "documentation");
	if (!d)
		return NULL;
	text = xmlNodeGetContent((xmlNodePtr)d);
	if (!text)
		return NULL;
	s = (char *)text;
	r = w = s;
	while (*r && isspace((unsigned char)*r))
		r++;
	for (; *r; r++) {
		if (isspace((unsigned char)*r)) {
			space = 1;
			continue;
		}
		if (space && w != s)
			*w++ = ' ';
		space = 0;
		*w++ = *r;
	}
	*w = '\0';
	if (!*s) {
		xmlFree(text);
		return NULL;
	}
	return m_xmlstr(m, text);
}

/* A hash key for a possibly NULL namespace. */
static const xmlChar *nskey(const char *ns)
{
	return (const xmlChar *)(ns ? ns : "");
}

static void broken_ref(xoev_model *m, const xmlNode *n, const char *what, const char *qname)
{
	m->broken = 1;
	xoev_diag__addf(m->diags, XOEV_SEVERITY_WARNING, XOEV_LAYER_BUNDLE, "model.unresolved",
	                n && n->doc ? (const char *)n->doc->URL : NULL,
	                n ? (unsigned long)xmlGetLineNo((xmlNodePtr)n) : 0, 0, NULL,
	                "%s '%s' is not declared in the bundle's schemas", what, qname);
}

/* ------------------------------------------------------------------ */
/* built-in types                                                      */
/* ------------------------------------------------------------------ */

/* Built-in simple types and their base (NULL: anySimpleType). */
static const char *const builtin_table[][2] = {
	{ "anySimpleType", NULL },
	{ "string", "anySimpleType" }, { "normalizedString", "string" }, { "token", "normalizedString" },
	{ "language", "token" }, { "Name", "token" }, { "NMTOKEN", "token" }, { "NCName", "Name" },
	{ "ID", "NCName" }, { "IDREF", "NCName" }, { "ENTITY", "NCName" },
	{ "NMTOKENS", "anySimpleType" }, { "IDREFS", "anySimpleType" }, { "ENTITIES", "anySimpleType" },
	{ "boolean", "anySimpleType" }, { "decimal", "anySimpleType" }, { "float", "anySimpleType" },
	{ "double", "anySimpleType" }, { "duration", "anySimpleType" }, { "dateTime", "anySimpleType" },
	{ "time", "anySimpleType" }, { "date", "anySimpleType" }, { "gYearMonth", "anySimpleType" },
	{ "gYear", "anySimpleType" }, { "gMonthDay", "anySimpleType" }, { "gDay", "anySimpleType" },
	{ "gMonth", "anySimpleType" }, { "hexBinary", "anySimpleType" },
	{ "base64Binary", "anySimpleType" }, { "anyURI", "anySimpleType" }, { "QName", "anySimpleType" },
	{ "NOTATION", "anySimpleType" },
	{ "integer", "decimal" }, { "nonPositiveInteger", "integer" }, { "negativeInteger", "nonPositiveInteger" },
	{ "long", "integer" }, { "int", "long" }, { "short", "int" }, { "byte", "short" },
	{ "nonNegativeInteger", "integer" }, { "unsignedLong", "nonNegativeInteger" },
	{ "unsignedInt", "unsignedLong" }, { "unsignedShort", "unsignedInt" },
	{ "unsignedByte", "unsignedShort" }, { "positiveInteger", "nonNegativeInteger" },
};

static void facets_init(xoev_model_facets *f)
{
	memset(f, 0, sizeof *f);
	f->length = f->min_length = f->max_length = -1;
	f->total_digits = f->fraction_digits = -1;
}

static xoev_model_type *builtin(xoev_model *m, const char *name)
{
	xoev_model_type *t = xmlHashLookup(m->builtins, (const xmlChar *)name);
	size_t i;

	if (t)
		return t;
	t = m_alloc(m, sizeof *t);
	if (!t)
		return NULL;
	t->ns = m_strdup(m, XSD_NS);
	t->name = m_strdup(m, name);
	t->builtin = 1;
	t->state = 4;
	facets_init(&t->facets);
	if (strcmp(name, "anyType") == 0) {
		t->kind = XOEV_MT_COMPLEX;
		t->content = XOEV_MC_MIXED;
		t->any_attribute = 1;
		t->particle = m_alloc(m, sizeof *t->particle);
		if (t->particle) {
			t->particle->kind = XOEV_MP_ANY;
			t->particle->min_occurs = 0;
			t->particle->max_occurs = XOEV_MODEL_UNBOUNDED;
			t->particle->any_namespace = m_strdup(m, "##any");
			t->particle->any_process = m_strdup(m, "lax");
		}
	} else {
		t->kind = XOEV_MT_SIMPLE;
		t->primitive = t->name;
		if (strcmp(name, "NMTOKENS") == 0 || strcmp(name, "IDREFS") == 0 ||
		    strcmp(name, "ENTITIES") == 0) {
			t->variety = XOEV_MV_LIST;
			t->item_type = builtin(m, strcmp(name, "NMTOKENS") == 0 ? "NMTOKEN" :
			                          strcmp(name, "IDREFS") == 0 ? "IDREF" : "ENTITY");
		}
		for (i = 0; i < sizeof builtin_table / sizeof *builtin_table; i++)
			if (strcmp(builtin_table[i][0], name) == 0 && builtin_table[i][1]) {
				t->base = builtin(m, builtin_table[i][1]);
				break;
			}
	}
	if (!t->name || xmlHashAddEntry(m->builtins, (const xmlChar *)name, t) != 0)
		m->oom = 1;
	return t;
}

static int is_builtin_name(const char *name)
{
	size_t i;

	if (strcmp(name, "anyType") == 0)
		return 1;
	for (i = 0; i < sizeof builtin_table / sizeof *builtin_table; i++)
		if (strcmp(builtin_table[i][0], name) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* building                                                            */
/* ------------------------------------------------------------------ */

static xoev_model_type *build_type_node(xoev_model *m, const xmlNode *def, const char *name,
                                        const char *ns);
static xoev_model_element *global_element(xoev_model *m, const char *ns, const char *name,
                                          const xmlNode *from);
static xoev_model_particle *build_particle(xoev_model *m, const xmlNode *n);

/* The type named by a QName in the scope of n. */
static xoev_model_type *type_ref(xoev_model *m, const xmlNode *n, const char *qname)
{
	const char *ns, *local = resolve_qname(n, qname, &ns);
	xoev_model_type *t;
	const xmlNode *def;

	if (ns && strcmp(ns, XSD_NS) == 0) {
		if (is_builtin_name(local))
			return builtin(m, local);
		broken_ref(m, n, "built-in type", qname);
		return builtin(m, "anySimpleType");
	}
	t = xmlHashLookup2(m->types, (const xmlChar *)local, nskey(ns));
	if (t)
		return t;
	def = xmlHashLookup2(m->def_ctypes, (const xmlChar *)local, nskey(ns));
	if (!def)
		def = xmlHashLookup2(m->def_stypes, (const xmlChar *)local, nskey(ns));
	if (!def) {
		broken_ref(m, n, "type", qname);
		return builtin(m, "anyType");
	}
	return build_type_node(m, def, local, ns);
}

/* The simple type of a restriction/list/union/attribute: @attr_name or an inline xs:simpleType. */
static xoev_model_type *simple_of(xoev_model *m, const xmlNode *n, const char *attr_name)
{
	const char *q = attr(n, attr_name);
	const xmlNode *inl;

	if (q)
		return type_ref(m, n, q);
	inl = xs_child(n, "simpleType");
	if (inl)
		return build_type_node(m, inl, NULL, tns_of(n));
	return builtin(m, "anySimpleType");
}

static char *join_patterns(xoev_model *m, const xoev_strv *v)
{
	xoev_buf b = { 0 };
	size_t i;

	if (v->count == 1)
		return m_strdup(m, v->items[0]);
	for (i = 0; i < v->count; i++) {
		xoev_buf__puts(&b, i ? "|(" : "(");
		xoev_buf__puts(&b, v->items[i]);
		xoev_buf__puts(&b, ")");
	}
	return pool_add(m, xoev_buf__take(&b, NULL));
}

static int strv_copy(xoev_strv *dst, const xoev_strv *src)
{
	size_t i;

	for (i = 0; i < src->count; i++)
		if (xoev_strv__push(dst, src->items[i]))
			return XOEV_ENOMEM;
	return XOEV_OK;
}

/* The strv buffers of facets are malloc'd outside the pool: remember them. */
static void facets_pool(xoev_model *m, xoev_model_facets *f)
{
	if (f->enumerations.items)
		pool_add(m, f->enumerations.items);
	if (f->patterns.items)
		pool_add(m, f->patterns.items);
}

/* Copy base facets into t, then apply the facets under restriction node r. */
static void apply_facets(xoev_model *m, xoev_model_type *t, const xoev_model_type *base,
                         const xmlNode *r)
{
	xoev_strv enums = { 0 }, pats = { 0 };
	const xmlNode *c;
	size_t i;

	facets_init(&t->facets);
	if (base) {
		const xoev_model_facets *bf = &base->facets;
		xoev_model_facets *f = &t->facets;
		*f = *bf;
		memset(&f->enumerations, 0, sizeof f->enumerations);
		memset(&f->patterns, 0, sizeof f->patterns);
		if (strv_copy(&enums, &bf->enumerations) || strv_copy(&pats, &bf->patterns))
			m->oom = 1;
	}
	if (r) {
		xoev_strv own_enums = { 0 }, own_pats = { 0 };
		for (c = r->children; c; c = c->next) {
			const char *v;
			if (!is_xs(c, NULL))
				continue;
			v = attr(c, "value");
			if (!v)
				continue;
#define IS(x) (strcmp((const char *)c->name, x) == 0)
			if (IS("enumeration")) {
				if (xoev_strv__push(&own_enums, v))
					m->oom = 1;
			} else if (IS("pattern")) {
				if (xoev_strv__push(&own_pats, v))
					m->oom = 1;
			} else if (IS("length")) {
				t->facets.length = strtol(v, NULL, 10);
			} else if (IS("minLength")) {
				t->facets.min_length = strtol(v, NULL, 10);
			} else if (IS("maxLength")) {
				t->facets.max_length = strtol(v, NULL, 10);
			} else if (IS("minInclusive")) {
				t->facets.min_inclusive = m_strdup(m, v);
			} else if (IS("maxInclusive")) {
				t->facets.max_inclusive = m_strdup(m, v);
			} else if (IS("minExclusive")) {
				t->facets.min_exclusive = m_strdup(m, v);
			} else if (IS("maxExclusive")) {
				t->facets.max_exclusive = m_strdup(m, v);
			} else if (IS("totalDigits")) {
				t->facets.total_digits = (int)strtol(v, NULL, 10);
			} else if (IS("fractionDigits")) {
				t->facets.fraction_digits = (int)strtol(v, NULL, 10);
			} else if (IS("whiteSpace")) {
				t->facets.whitespace = m_strdup(m, v);
			}
#undef IS
		}
		if (own_enums.count) {
			xoev_strv__free(&enums);
			enums = own_enums;
		} else {
			xoev_strv__free(&own_enums);
		}
		if (own_pats.count) {
			char *joined = join_patterns(m, &own_pats);
			if (!joined || xoev_strv__push(&pats, joined))
				m->oom = 1;
		}
		xoev_strv__free(&own_pats);
	}
	/* move into the pool: strings individually, arrays too */
	for (i = 0; i < enums.count; i++)
		pool_add(m, enums.items[i]);
	for (i = 0; i < pats.count; i++)
		pool_add(m, pats.items[i]);
	t->facets.enumerations = enums;
	t->facets.patterns = pats;
	facets_pool(m, &t->facets);
}

static void build_simple(xoev_model *m, xoev_model_type *t, const xmlNode *def)
{
	const xmlNode *c;

	t->kind = XOEV_MT_SIMPLE;
	if ((c = xs_child(def, "restriction")) != NULL) {
		xoev_model_type *base = simple_of(m, c, "base");
		if (!base)
			return;
		t->base = base;
		if (base->kind == XOEV_MT_COMPLEX) /* a complex base here is an error; keep going */
			base = base->content_type;
		t->primitive = base ? (base->builtin ? base->name : base->primitive) : "string";
		t->variety = base ? base->variety : XOEV_MV_ATOMIC;
		t->item_type = base ? base->item_type : NULL;
		t->members = base ? base->members : NULL;
		t->member_count = base ? base->member_count : 0;
		apply_facets(m, t, base, c);
	} else if ((c = xs_child(def, "list")) != NULL) {
		t->variety = XOEV_MV_LIST;
		t->primitive = "string";
		t->base = builtin(m, "anySimpleType");
		t->item_type = simple_of(m, c, "itemType");
		facets_init(&t->facets);
	} else if ((c = xs_child(def, "union")) != NULL) {
		const char *members = attr(c, "memberTypes");
		const xmlNode *s;
		size_t cap = 0;
		t->variety = XOEV_MV_UNION;
		t->primitive = "string";
		t->base = builtin(m, "anySimpleType");
		facets_init(&t->facets);
		if (members) {
			char *copy = xoev_util__strdup(members), *save = NULL, *tok;
			for (tok = copy ? strtok_r(copy, " \t\r\n", &save) : NULL; tok;
			     tok = strtok_r(NULL, " \t\r\n", &save))
				cap++;
			free(copy);
		}
		for (s = c->children; s; s = s->next)
			if (is_xs(s, "simpleType"))
				cap++;
		t->members = cap ? m_alloc(m, cap * sizeof *t->members) : NULL;
		if (cap && !t->members)
			return;
		if (members) {
			char *copy = xoev_util__strdup(members), *save = NULL, *tok;
			if (!copy)
				m->oom = 1;
			for (tok = copy ? strtok_r(copy, " \t\r\n", &save) : NULL; tok;
			     tok = strtok_r(NULL, " \t\r\n", &save))
				t->members[t->member_count++] = type_ref(m, c, tok);
			free(copy);
		}
		for (s = c->children; s; s = s->next)
			if (is_xs(s, "simpleType"))
				t->members[t->member_count++] = build_type_node(m, s, NULL, tns_of(s));
	} else {
		t->primitive = "string";
		facets_init(&t->facets);
	}
}

/* ---- attributes ---- */

typedef struct {
	xoev_model_attribute *v;
	size_t n, cap;
} attr_vec;

static void attrs_put(xoev_model *m, attr_vec *a, const xoev_model_attribute *at, int prohibited)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->v[i].name, at->name) == 0 &&
		    ((!a->v[i].ns && !at->ns) || (a->v[i].ns && at->ns && strcmp(a->v[i].ns, at->ns) == 0))) {
			if (prohibited) {
				memmove(&a->v[i], &a->v[i + 1], (a->n - i - 1) * sizeof *a->v);
				a->n--;
			} else {
				a->v[i] = *at;
			}
			return;
		}
	if (prohibited)
		return;
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 8;
		xoev_model_attribute *nv = realloc(a->v, cap * sizeof *nv);
		if (!nv) {
			m->oom = 1;
			return;
		}
		a->v = nv;
		a->cap = cap;
	}
	a->v[a->n++] = *at;
}

static void collect_attributes(xoev_model *m, const xmlNode *parent, attr_vec *a, int *any,
                               int depth);

static void one_attribute(xoev_model *m, const xmlNode *c, attr_vec *a)
{
	xoev_model_attribute at;
	const char *ref = attr(c, "ref"), *use = attr(c, "use");
	const xmlNode *decl = c;

	memset(&at, 0, sizeof at);
	if (ref) {
		const char *ns, *local = resolve_qname(c, ref, &ns);
		decl = xmlHashLookup2(m->def_attrs, (const xmlChar *)local, nskey(ns));
		at.name = m_strdup(m, local);
		at.ns = m_strdup(m, ns);
		if (!decl) {
			/* xml:lang and friends are not in the bundle: a plain string */
			if (!ns || strcmp(ns, "http://www.w3.org/XML/1998/namespace") != 0)
				broken_ref(m, c, "attribute", ref);
			at.type = builtin(m, "string");
		}
	} else {
		const char *form = attr(c, "form");
		const doc_info *di = info_of(c);
		int qualified = form ? strcmp(form, "qualified") == 0 : (di && di->attribute_qualified);
		at.name = m_strdup(m, attr(c, "name"));
		at.ns = qualified ? m_strdup(m, tns_of(c)) : NULL;
	}
	if (decl && !at.type)
		at.type = simple_of(m, decl, "type");
	if (!at.name)
		return;
	at.required = use && strcmp(use, "required") == 0;
	at.fixed = m_strdup(m, attr(c, "fixed") ? attr(c, "fixed") : (decl ? attr(decl, "fixed") : NULL));
	at.default_ = m_strdup(m, attr(c, "default") ? attr(c, "default") :
	                                               (decl ? attr(decl, "default") : NULL));
	at.prohibited = use && strcmp(use, "prohibited") == 0;
	attrs_put(m, a, &at, 0);
}

static void collect_attributes(xoev_model *m, const xmlNode *parent, attr_vec *a, int *any,
                               int depth)
{
	const xmlNode *c;

	if (depth > 32)
		return;
	for (c = parent ? parent->children : NULL; c; c = c->next) {
		if (is_xs(c, "attribute")) {
			one_attribute(m, c, a);
		} else if (is_xs(c, "attributeGroup")) {
			const char *ref = attr(c, "ref"), *ns, *local;
			const xmlNode *g;
			if (!ref)
				continue;
			local = resolve_qname(c, ref, &ns);
			g = xmlHashLookup2(m->def_agroups, (const xmlChar *)local, nskey(ns));
			if (!g)
				broken_ref(m, c, "attribute group", ref);
			else
				collect_attributes(m, g, a, any, depth + 1);
		} else if (is_xs(c, "anyAttribute")) {
			*any = 1;
		}
	}
}

static void attrs_finish(xoev_model *m, xoev_model_type *t, attr_vec *a)
{
	if (a->n) {
		t->attributes = m_alloc(m, a->n * sizeof *t->attributes);
		if (t->attributes) {
			memcpy(t->attributes, a->v, a->n * sizeof *a->v);
			t->attribute_count = a->n;
		}
	}
	free(a->v);
}

/* ---- particles ---- */

static xoev_model_particle *new_particle(xoev_model *m, xoev_model_particle_kind k,
                                         const xmlNode *n)
{
	xoev_model_particle *p = m_alloc(m, sizeof *p);

	if (!p)
		return NULL;
	p->kind = k;
	p->min_occurs = n ? occurs(n, "minOccurs") : 1;
	p->max_occurs = n ? occurs(n, "maxOccurs") : 1;
	return p;
}

static int particle_push(xoev_model *m, xoev_model_particle *group, xoev_model_particle *child)
{
	xoev_model_particle **nc;

	if (!child)
		return 0;
	nc = realloc(group->children, (group->child_count + 1) * sizeof *nc);
	if (!nc) {
		m->oom = 1;
		return 0;
	}
	group->children = nc;
	group->children[group->child_count++] = child;
	return 1;
}

static xoev_model_element *local_element(xoev_model *m, const xmlNode *n)
{
	xoev_model_element *e = m_alloc(m, sizeof *e);
	const char *form = attr(n, "form"), *type = attr(n, "type");
	const doc_info *di = info_of(n);
	const xmlNode *inl;
	int qualified = form ? strcmp(form, "qualified") == 0 : (di && di->element_qualified);

	if (!e)
		return NULL;
	e->name = m_strdup(m, attr(n, "name"));
	e->ns = qualified ? m_strdup(m, tns_of(n)) : NULL;
	e->nillable = attr(n, "nillable") && strcmp(attr(n, "nillable"), "true") == 0;
	e->fixed = m_strdup(m, attr(n, "fixed"));
	e->default_ = m_strdup(m, attr(n, "default"));
	e->doc = documentation(m, n);
	if (type)
		e->type = type_ref(m, n, type);
	else if ((inl = xs_child(n, "complexType")) != NULL || (inl = xs_child(n, "simpleType")) != NULL)
		e->type = build_type_node(m, inl, NULL, tns_of(n));
	else
		e->type = builtin(m, "anyType");
	return e;
}

static xoev_model_particle *build_group_ref(xoev_model *m, const xmlNode *n)
{
	const char *ref = attr(n, "ref"), *ns, *local;
	const xmlNode *g, *c;
	xoev_model_particle *inner, *wrap;

	if (!ref)
		return NULL;
	local = resolve_qname(n, ref, &ns);
	inner = xmlHashLookup2(m->groups, (const xmlChar *)local, nskey(ns));
	if (!inner) {
		g = xmlHashLookup2(m->def_groups, (const xmlChar *)local, nskey(ns));
		if (!g) {
			broken_ref(m, n, "group", ref);
			return NULL;
		}
		for (c = g->children; c; c = c->next)
			if (is_xs(c, "sequence") || is_xs(c, "choice") || is_xs(c, "all"))
				break;
		if (!c)
			return NULL;
		/* memoise before building the children: recursion meets this pointer */
		inner = new_particle(m, is_xs(c, "sequence") ? XOEV_MP_SEQUENCE :
		                        is_xs(c, "choice") ? XOEV_MP_CHOICE : XOEV_MP_ALL, c);
		if (!inner || xmlHashAddEntry2(m->groups, (const xmlChar *)local, nskey(ns), inner) != 0) {
			m->oom = 1;
			return NULL;
		}
		{
			const xmlNode *k;
			for (k = c->children; k; k = k->next)
				if (is_xs(k, NULL))
					particle_push(m, inner, build_particle(m, k));
			if (inner->children)
				pool_add(m, inner->children);
		}
	}
	/* the reference's occurrence wraps the group's model group */
	wrap = new_particle(m, XOEV_MP_SEQUENCE, n);
	if (!wrap)
		return NULL;
	if (particle_push(m, wrap, inner) && wrap->children)
		pool_add(m, wrap->children);
	return wrap;
}

static xoev_model_particle *build_particle(xoev_model *m, const xmlNode *n)
{
	xoev_model_particle *p;
	const xmlNode *c;

	if (m->oom)
		return NULL;
	if (is_xs(n, "element")) {
		const char *ref = attr(n, "ref");
		p = new_particle(m, XOEV_MP_ELEMENT, n);
		if (!p)
			return NULL;
		if (ref) {
			const char *ns, *local = resolve_qname(n, ref, &ns);
			p->element = global_element(m, ns, local, n);
			if (!p->element)
				return NULL;
		} else {
			p->element = local_element(m, n);
		}
		return p->element ? p : NULL;
	}
	if (is_xs(n, "group"))
		return build_group_ref(m, n);
	if (is_xs(n, "any")) {
		p = new_particle(m, XOEV_MP_ANY, n);
		if (!p)
			return NULL;
		p->any_namespace = m_strdup(m, attr(n, "namespace") ? attr(n, "namespace") : "##any");
		p->any_process = m_strdup(m, attr(n, "processContents") ? attr(n, "processContents") :
		                                                          "strict");
		return p;
	}
	if (!is_xs(n, "sequence") && !is_xs(n, "choice") && !is_xs(n, "all"))
		return NULL;
	p = new_particle(m, is_xs(n, "sequence") ? XOEV_MP_SEQUENCE :
	                    is_xs(n, "choice") ? XOEV_MP_CHOICE : XOEV_MP_ALL, n);
	if (!p)
		return NULL;
	for (c = n->children; c; c = c->next)
		if (is_xs(c, NULL))
			particle_push(m, p, build_particle(m, c));
	if (p->children)
		pool_add(m, p->children);
	return p;
}

/* The model group child of a complexType/extension/restriction, built; NULL if none. */
static xoev_model_particle *content_particle(xoev_model *m, const xmlNode *n)
{
	const xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (is_xs(c, "sequence") || is_xs(c, "choice") || is_xs(c, "all") || is_xs(c, "group"))
			return build_particle(m, c);
	return NULL;
}

/* The particle of base content followed by own (extension). */
static xoev_model_particle *extend_particle(xoev_model *m, xoev_model_particle *base,
                                            xoev_model_particle *own)
{
	xoev_model_particle *seq;

	if (!base)
		return own;
	if (!own)
		return base;
	seq = new_particle(m, XOEV_MP_SEQUENCE, NULL);
	if (!seq)
		return NULL;
	particle_push(m, seq, base);
	particle_push(m, seq, own);
	if (seq->children)
		pool_add(m, seq->children);
	return seq;
}

/* ---- code types ---- */

static const xoev_model_element *find_child_element(const xoev_model_particle *p,
                                                    const char *name, int depth)
{
	size_t i;

	if (!p || depth > 16)
		return NULL;
	if (p->kind == XOEV_MP_ELEMENT)
		return strcmp(p->element->name, name) == 0 && !p->element->ns ? p->element : NULL;
	for (i = 0; i < p->child_count; i++) {
		const xoev_model_element *e = find_child_element(p->children[i], name, depth + 1);
		if (e)
			return e;
	}
	return NULL;
}

static const xoev_model_attribute *find_attr(const xoev_model_type *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->attribute_count; i++)
		if (strcmp(t->attributes[i].name, name) == 0 && !t->attributes[i].ns)
			return &t->attributes[i];
	return NULL;
}

/* Text of a descendant element named `path` (a/b) in the appinfo of def, no namespace check. */
static char *appinfo_text(xoev_model *m, const xmlNode *def, const char *outer, const char *inner)
{
	const xmlNode *ann = xs_child(def, "annotation"), *ai, *c, *d;

	for (ai = ann ? ann->children : NULL; ai; ai = ai->next) {
		if (!is_xs(ai, "appinfo"))
			continue;
		for (c = ai->children; c; c = c->next) {
			if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, outer) != 0)
				continue;
			for (d = c->children; d; d = d->next)
				if (d->type == XML_ELEMENT_NODE && strcmp((const char *)d->name, inner) == 0) {
					xmlChar *s = xmlNodeGetContent((xmlNodePtr)d);
					char *r = m_xmlstr(m, s);
					if (r) {
						/* trim */
						char *e = r + strlen(r);
						while (e > r && isspace((unsigned char)e[-1]))
							*--e = '\0';
						while (isspace((unsigned char)*r))
							r++;
					}
					return r && *r ? r : NULL;
				}
		}
	}
	return NULL;
}

static void code_metadata(xoev_model *m, xoev_model_type *t, char *appinfo_uri,
                          char *appinfo_version)
{
	const xoev_model_element *code = find_child_element(t->particle, "code", 0);
	const xoev_model_attribute *uri = find_attr(t, "listURI");
	const xoev_model_attribute *ver = find_attr(t, "listVersionID");
	const xoev_model_type *b = t->base;

	if (!code || (!uri && !ver))
		return;
	t->list_uri_fixed = uri && uri->fixed;
	t->list_uri_required = uri && uri->required;
	t->list_version_fixed = ver && ver->fixed;
	t->list_version_required = ver && ver->required;
	(void)m;
	t->list_uri = uri && uri->fixed ? uri->fixed : appinfo_uri;
	t->list_version = ver && ver->fixed ? ver->fixed : appinfo_version;
	/* metadata inherited from a restricted code type */
	if (b && b->code_kind) {
		if (!t->list_uri)
			t->list_uri = b->list_uri;
		if (!t->list_version)
			t->list_version = b->list_version;
	}
	if (code->type && code->type->facets.enumerations.count)
		t->code_kind = 1;
	else if (t->list_uri_fixed && t->list_version_fixed)
		t->code_kind = 2;
	else if (t->list_uri_fixed)
		t->code_kind = 3;
	else
		t->code_kind = 4;
}

/* What a complex type declares itself; merged with its base in finalize(). */
typedef struct {
	int mode;                      /* 0 plain, 1 simpleContent, 2 complexContent */
	xoev_model_particle *own;
	attr_vec attrs;
	int any;
	int mixed;
	xoev_model_type *inline_simple; /* simpleContent restriction: an inline simpleType */
	xoev_model_facets restriction;  /* simpleContent restriction: its facets (applied later) */
	int has_restriction;
	char *code_uri, *code_version;  /* appinfo metadata */
} pending_info;

static void build_complex(xoev_model *m, xoev_model_type *t, const xmlNode *def)
{
	const xmlNode *sc = xs_child(def, "simpleContent"), *cc = xs_child(def, "complexContent");
	const char *mixed = attr(def, "mixed");
	pending_info *pi = m_alloc(m, sizeof *pi);

	t->kind = XOEV_MT_COMPLEX;
	t->abstract_ = attr(def, "abstract") && strcmp(attr(def, "abstract"), "true") == 0;
	facets_init(&t->facets);
	if (!pi)
		return;
	t->pending = pi;
	pi->mixed = mixed && strcmp(mixed, "true") == 0;
	pi->code_uri = appinfo_text(m, def, "codeliste", "kennung");
	pi->code_version = appinfo_text(m, def, "versionCodeliste", "version");
	if (m->pending_count == m->pending_cap) {
		size_t cap = m->pending_cap ? m->pending_cap * 2 : 256;
		xoev_model_type **np = realloc(m->pending, cap * sizeof *np);
		if (!np) {
			m->oom = 1;
			return;
		}
		m->pending = np;
		m->pending_cap = cap;
	}
	m->pending[m->pending_count++] = t;
	if (sc || cc) {
		const xmlNode *x = sc ? sc : cc, *d = xs_child(x, "extension");
		const char *xm = attr(x, "mixed");
		pi->mode = sc ? 1 : 2;
		if (xm && strcmp(xm, "true") == 0)
			pi->mixed = 1;
		t->by_extension = d != NULL;
		if (!d)
			d = xs_child(x, "restriction");
		if (!d) {
			t->base = builtin(m, "anyType");
			return;
		}
		t->base = attr(d, "base") ? type_ref(m, d, attr(d, "base")) :
		                            builtin(m, sc ? "anySimpleType" : "anyType");
		if (sc && !t->by_extension) {
			const xmlNode *inl = xs_child(d, "simpleType");
			xoev_model_type tmp;
			memset(&tmp, 0, sizeof tmp);
			if (inl)
				pi->inline_simple = build_type_node(m, inl, NULL, tns_of(d));
			apply_facets(m, &tmp, NULL, d);
			pi->restriction = tmp.facets;
			pi->has_restriction = 1;
		}
		if (cc)
			pi->own = content_particle(m, d);
		collect_attributes(m, d, &pi->attrs, &pi->any, 0);
	} else {
		t->base = builtin(m, "anyType");
		pi->own = content_particle(m, def);
		collect_attributes(m, def, &pi->attrs, &pi->any, 0);
	}
}

/* Merge own facets (restriction step r) over base facets into f. */
static void merge_facets(xoev_model *m, xoev_model_facets *f, const xoev_model_facets *base,
                         const xoev_model_facets *r)
{
	xoev_strv pats = { 0 };
	size_t i;

	*f = *base;
	memset(&f->enumerations, 0, sizeof f->enumerations);
	memset(&f->patterns, 0, sizeof f->patterns);
	if (strv_copy(&pats, &base->patterns) || strv_copy(&pats, &r->patterns))
		m->oom = 1;
	for (i = 0; i < pats.count; i++)
		pool_add(m, pats.items[i]);
	f->patterns = pats;
	f->enumerations = r->enumerations.count ? r->enumerations : base->enumerations;
	if (f->enumerations.count) {
		/* share the strings, own a new array */
		xoev_strv e = { 0 };
		if (strv_copy(&e, &f->enumerations))
			m->oom = 1;
		for (i = 0; i < e.count; i++)
			pool_add(m, e.items[i]);
		f->enumerations = e;
	}
	if (r->length >= 0) f->length = r->length;
	if (r->min_length >= 0) f->min_length = r->min_length;
	if (r->max_length >= 0) f->max_length = r->max_length;
	if (r->min_inclusive) f->min_inclusive = r->min_inclusive;
	if (r->max_inclusive) f->max_inclusive = r->max_inclusive;
	if (r->min_exclusive) f->min_exclusive = r->min_exclusive;
	if (r->max_exclusive) f->max_exclusive = r->max_exclusive;
	if (r->total_digits >= 0) f->total_digits = r->total_digits;
	if (r->fraction_digits >= 0) f->fraction_digits = r->fraction_digits;
	if (r->whitespace) f->whitespace = r->whitespace;
	facets_pool(m, f);
}

/* Merge a complex type with its base, base first (derivation cycles are broken). */
static void finalize(xoev_model *m, xoev_model_type *t)
{
	pending_info *pi = t->pending;
	xoev_model_type *base = t->base;
	attr_vec av = { 0 };
	size_t i;

	if (t->state != 2 || !pi)
		return;
	t->state = 3;
	if (base && base->kind == XOEV_MT_COMPLEX && base->state == 2)
		finalize(m, base);
	if (pi->mode != 0 && base && base->kind == XOEV_MT_COMPLEX)
		for (i = 0; i < base->attribute_count; i++)
			attrs_put(m, &av, &base->attributes[i], 0);
	for (i = 0; i < pi->attrs.n; i++)
		attrs_put(m, &av, &pi->attrs.v[i], pi->attrs.v[i].prohibited);
	free(pi->attrs.v);
	pi->attrs.v = NULL;
	t->any_attribute = pi->any || (t->by_extension && base && base->any_attribute);
	attrs_finish(m, t, &av);
	if (pi->mode == 1) {
		t->content = XOEV_MC_SIMPLE;
		if (base && base->kind == XOEV_MT_SIMPLE) {
			t->content_type = base;
		} else if (t->by_extension || !pi->has_restriction) {
			t->content_type = base ? base->content_type : NULL;
		} else {
			xoev_model_type *sbase = pi->inline_simple ? pi->inline_simple :
			                         base ? base->content_type : NULL;
			xoev_model_type *st = sbase ? m_alloc(m, sizeof *st) : NULL;
			if (st) {
				st->kind = XOEV_MT_SIMPLE;
				st->state = 4;
				st->ns = t->ns;
				st->base = sbase;
				st->primitive = sbase->builtin ? sbase->name : sbase->primitive;
				st->variety = sbase->variety;
				st->item_type = sbase->item_type;
				st->members = sbase->members;
				st->member_count = sbase->member_count;
				merge_facets(m, &st->facets, &sbase->facets, &pi->restriction);
			}
			t->content_type = st ? st : sbase;
		}
	} else {
		if (pi->mode == 2 && t->by_extension && base)
			t->particle = extend_particle(m, base->particle, pi->own);
		else
			t->particle = pi->own;
		if (pi->mixed || (pi->mode == 2 && t->by_extension && base &&
		                  base->content == XOEV_MC_MIXED))
			t->content = XOEV_MC_MIXED;
		else
			t->content = t->particle ? XOEV_MC_ELEMENTS : XOEV_MC_EMPTY;
	}
	code_metadata(m, t, pi->code_uri, pi->code_version);
	t->pending = NULL;
	t->state = 4;
}

static xoev_model_type *build_type_node(xoev_model *m, const xmlNode *def, const char *name,
                                        const char *ns)
{
	xoev_model_type *t;

	if (m->oom)
		return NULL;
	if (name) {
		t = xmlHashLookup2(m->types, (const xmlChar *)name, nskey(ns));
		if (t)
			return t;
	}
	t = m_alloc(m, sizeof *t);
	if (!t)
		return NULL;
	t->name = m_strdup(m, name);
	t->ns = m_strdup(m, ns);
	t->state = 1;
	if (name && xmlHashAddEntry2(m->types, (const xmlChar *)name, nskey(ns), t) != 0) {
		m->oom = 1;
		return NULL;
	}
	t->doc = documentation(m, def);
	if (is_xs(def, "simpleType"))
		build_simple(m, t, def);
	else
		build_complex(m, t, def);
	t->state = 2;
	return t;
}

static xoev_model_element *global_element(xoev_model *m, const char *ns, const char *name,
                                          const xmlNode *from)
{
	xoev_model_element *e = xmlHashLookup2(m->elements, (const xmlChar *)name, nskey(ns));
	const xmlNode *def, *inl;
	const char *type;

	if (e)
		return e;
	def = xmlHashLookup2(m->def_elements, (const xmlChar *)name, nskey(ns));
	if (!def) {
		if (from)
			broken_ref(m, from, "element", name);
		return NULL;
	}
	e = m_alloc(m, sizeof *e);
	if (!e)
		return NULL;
	e->name = m_strdup(m, name);
	e->ns = m_strdup(m, ns);
	e->global = 1;
	if (xmlHashAddEntry2(m->elements, (const xmlChar *)name, nskey(ns), e) != 0) {
		m->oom = 1;
		return NULL;
	}
	if (m->global_count == m->global_cap) {
		size_t cap = m->global_cap ? m->global_cap * 2 : 64;
		xoev_model_element **ng = realloc(m->globals, cap * sizeof *ng);
		if (!ng) {
			m->oom = 1;
			return NULL;
		}
		m->globals = ng;
		m->global_cap = cap;
	}
	m->globals[m->global_count++] = e;
	e->abstract_ = attr(def, "abstract") && strcmp(attr(def, "abstract"), "true") == 0;
	e->nillable = attr(def, "nillable") && strcmp(attr(def, "nillable"), "true") == 0;
	e->fixed = m_strdup(m, attr(def, "fixed"));
	e->default_ = m_strdup(m, attr(def, "default"));
	e->doc = documentation(m, def);
	if (attr(def, "substitutionGroup")) {
		const char *sns, *slocal = resolve_qname(def, attr(def, "substitutionGroup"), &sns);
		e->substitution_head = global_element(m, sns, slocal, def);
	}
	type = attr(def, "type");
	if (type)
		e->type = type_ref(m, def, type);
	else if ((inl = xs_child(def, "complexType")) != NULL ||
	         (inl = xs_child(def, "simpleType")) != NULL)
		e->type = build_type_node(m, inl, NULL, ns);
	else
		e->type = builtin(m, "anyType");
	return e;
}

/* ------------------------------------------------------------------ */
/* indexing and the entry point                                        */
/* ------------------------------------------------------------------ */

static int index_doc(xoev_model *m, xmlDocPtr doc, doc_info *info)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), c;
	const char *efd, *afd;
	xmlNsPtr ns;

	if (!is_xs(root, "schema"))
		return XOEV_OK;
	info->tns = xoev_util__strdup(attr(root, "targetNamespace"));
	if (attr(root, "targetNamespace") && !info->tns)
		return XOEV_ENOMEM;
	if (info->tns && !*info->tns) {
		free(info->tns);
		info->tns = NULL;
	}
	efd = attr(root, "elementFormDefault");
	afd = attr(root, "attributeFormDefault");
	info->element_qualified = efd && strcmp(efd, "qualified") == 0;
	info->attribute_qualified = afd && strcmp(afd, "qualified") == 0;
	doc->_private = info;
	for (ns = root->nsDef; ns; ns = ns->next)
		if (ns->prefix && ns->href && strcmp((const char *)ns->href, XSD_NS) != 0 &&
		    !xmlHashLookup(m->prefixes, ns->href)) {
			char *p = m_strdup(m, (const char *)ns->prefix);
			if (!p || xmlHashAddEntry(m->prefixes, ns->href, p) != 0)
				return XOEV_ENOMEM;
		}
	for (c = root->children; c; c = c->next) {
		xmlHashTablePtr h = NULL;
		const char *name;
		if (!is_xs(c, NULL) || !(name = attr(c, "name")))
			continue;
		if (is_xs(c, "element"))
			h = m->def_elements;
		else if (is_xs(c, "complexType"))
			h = m->def_ctypes;
		else if (is_xs(c, "simpleType"))
			h = m->def_stypes;
		else if (is_xs(c, "group"))
			h = m->def_groups;
		else if (is_xs(c, "attributeGroup"))
			h = m->def_agroups;
		else if (is_xs(c, "attribute"))
			h = m->def_attrs;
		if (h && !xmlHashLookup2(h, (const xmlChar *)name, nskey(info->tns)) &&
		    xmlHashAddEntry2(h, (const xmlChar *)name, nskey(info->tns), c) != 0)
			return XOEV_ENOMEM;
	}
	return XOEV_OK;
}

static void build_all_globals(xoev_model *m)
{
	size_t d;
	xmlNodePtr c;

	for (d = 0; d < m->doc_count && !m->oom; d++) {
		xmlNodePtr root = xmlDocGetRootElement(m->docs[d]);
		const char *tns = m->infos[d].tns;
		if (!is_xs(root, "schema"))
			continue;
		for (c = root->children; c && !m->oom; c = c->next) {
			const char *name = attr(c, "name");
			if (!name)
				continue;
			if (is_xs(c, "element"))
				global_element(m, tns, name, NULL);
			else if (is_xs(c, "complexType") || is_xs(c, "simpleType"))
				build_type_node(m, c, name, tns);
		}
	}
}

void xoev_model__free(xoev_model *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->pool_count; i++)
		free(m->pool[i]);
	free(m->pool);
	free(m->globals);
	free(m->pending);
	xmlHashFree(m->elements, NULL);
	xmlHashFree(m->types, NULL);
	xmlHashFree(m->groups, NULL);
	xmlHashFree(m->builtins, NULL);
	xmlHashFree(m->prefixes, NULL);
	free(m);
}

static void free_docs(xoev_model *m)
{
	size_t i;

	for (i = 0; i < m->doc_count; i++) {
		free(m->infos[i].tns);
		xmlFreeDoc(m->docs[i]);
	}
	free(m->docs);
	free(m->infos);
	m->docs = NULL;
	m->infos = NULL;
	m->doc_count = 0;
	xmlHashFree(m->def_elements, NULL);
	xmlHashFree(m->def_ctypes, NULL);
	xmlHashFree(m->def_stypes, NULL);
	xmlHashFree(m->def_groups, NULL);
	xmlHashFree(m->def_agroups, NULL);
	xmlHashFree(m->def_attrs, NULL);
	m->def_elements = m->def_ctypes = m->def_stypes = NULL;
	m->def_groups = m->def_agroups = m->def_attrs = NULL;
}

int xoev_model__build_files(const xoev_schema_set *set, xoev_model **out, xoev_diag_list *diags)
{
	xoev_model *m;
	size_t i;
	int rc = XOEV_OK;

	*out = NULL;
	m = calloc(1, sizeof *m);
	if (!m)
		return XOEV_ENOMEM;
	m->diags = diags;
	m->def_elements = xmlHashCreate(64);
	m->def_ctypes = xmlHashCreate(64);
	m->def_stypes = xmlHashCreate(64);
	m->def_groups = xmlHashCreate(16);
	m->def_agroups = xmlHashCreate(16);
	m->def_attrs = xmlHashCreate(16);
	m->elements = xmlHashCreate(64);
	m->types = xmlHashCreate(64);
	m->groups = xmlHashCreate(16);
	m->builtins = xmlHashCreate(64);
	m->prefixes = xmlHashCreate(16);
	m->docs = calloc(set->count ? set->count : 1, sizeof *m->docs);
	m->infos = calloc(set->count ? set->count : 1, sizeof *m->infos);
	if (!m->def_elements || !m->def_ctypes || !m->def_stypes || !m->def_groups ||
	    !m->def_agroups || !m->def_attrs || !m->elements || !m->types || !m->groups ||
	    !m->builtins || !m->prefixes || !m->docs || !m->infos) {
		rc = XOEV_ENOMEM;
		goto done;
	}
	for (i = 0; i < set->count; i++) {
		xmlDocPtr doc = xoev_xml__parse_local_file(set->files[i].path, diags);
		if (!doc) {
			rc = XOEV_EBUNDLE;
			goto done;
		}
		m->docs[m->doc_count++] = doc;
		rc = index_doc(m, doc, &m->infos[m->doc_count - 1]);
		if (rc)
			goto done;
	}
	build_all_globals(m);
	for (i = 0; i < m->pending_count && !m->oom; i++)
		finalize(m, m->pending[i]);
	if (m->oom)
		rc = XOEV_ENOMEM;
done:
	free_docs(m);
	m->diags = NULL;
	if (rc) {
		xoev_model__free(m);
		return rc;
	}
	*out = m;
	return XOEV_OK;
}

const xoev_model_element *xoev_model__element(const xoev_model *m, const char *ns,
                                              const char *name)
{
	size_t i;

	if (!m || !name)
		return NULL;
	if (ns && *ns)
		return xmlHashLookup2(m->elements, (const xmlChar *)name, (const xmlChar *)ns);
	/* no namespace given: the no-namespace element, else the first by that name */
	{
		const xoev_model_element *e = xmlHashLookup2(m->elements, (const xmlChar *)name,
		                                             (const xmlChar *)"");
		if (e || ns)
			return e;
	}
	for (i = 0; i < m->global_count; i++)
		if (strcmp(m->globals[i]->name, name) == 0)
			return m->globals[i];
	return NULL;
}

const xoev_model_element *xoev_model__substitute(const xoev_model *m, const xoev_model_element *e)
{
	size_t i;

	if (!m || !e)
		return NULL;
	for (i = 0; i < m->global_count; i++) {
		const xoev_model_element *g = m->globals[i];
		int guard = 0;
		const xoev_model_element *h;
		if (g->abstract_)
			continue;
		for (h = g->substitution_head; h && guard < 16; h = h->substitution_head, guard++)
			if (h == e)
				return g;
	}
	return NULL;
}

const xoev_model_type *xoev_model__type(const xoev_model *m, const char *ns, const char *name)
{
	if (!m || !name)
		return NULL;
	if (ns && strcmp(ns, XSD_NS) == 0)
		return xmlHashLookup(m->builtins, (const xmlChar *)name);
	return xmlHashLookup2(m->types, (const xmlChar *)name, nskey(ns));
}

const char *xoev_model__prefix(const xoev_model *m, const char *ns)
{
	return m && ns ? xmlHashLookup(m->prefixes, (const xmlChar *)ns) : NULL;
}

int xoev_model__derives_from_builtin(const xoev_model_type *t, const char *name)
{
	int guard = 0;

	for (; t && guard < 64; t = t->base, guard++)
		if (t->builtin && strcmp(t->name, name) == 0)
			return 1;
	return 0;
}
