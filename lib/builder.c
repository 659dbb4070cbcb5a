/*
 * libxoev - the message builder (values set by path, checked against the
 * schema model at the call, emitted in schema order) and the reader (a
 * parsed message read by the same paths).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlschemastypes.h>
#include <zlib.h>

#include "skeleton.h"

#define XSD_NS "http://www.w3.org/2001/XMLSchema"

struct xoev_message {
	xoev_gen g;
	int gen_ready;
	const xoev_bundle *bundle;
	const xoev_model_element *root_decl;
	const char *number;
	xoev_vnode root;          /* built messages */
	xoev_xdoc *doc;           /* parsed messages */
	char *author, *reader;
	char error[512];
	xoev_strv returned;       /* strings handed out by get */
};

static int fail(xoev_message *m, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(xoev_message *m, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->error, sizeof m->error, fmt, ap);
	va_end(ap);
	return rc;
}

static void vnode_clear(xoev_vnode *n)
{
	size_t i;

	for (i = 0; i < n->child_count; i++) {
		vnode_clear(n->children[i]);
		free(n->children[i]);
	}
	for (i = 0; i < n->attr_count; i++)
		free(n->attrs[i].value);
	free(n->attrs);
	free(n->children);
	free(n->text);
	n->children = NULL;
	n->child_count = 0;
	n->attrs = NULL;
	n->attr_count = 0;
	n->text = NULL;
}

void xoev_message_free(xoev_message *m)
{
	if (!m)
		return;
	vnode_clear(&m->root);
	if (m->gen_ready)
		xoev_gen__clear(&m->g);
	xoev_xml__free(m->doc);
	free(m->author);
	free(m->reader);
	xoev_strv__free(&m->returned);
	free(m);
}

const char *xoev_message_error(const xoev_message *m)
{
	return m ? m->error : "";
}

int xoev_message_new(xoev_message **out, const xoev_bundle *b, const char *message,
                     const xoev_message_options *opts)
{
	xoev_message *m;
	int rc;

	if (!out || !b || !message)
		return XOEV_EINVAL;
	*out = NULL;
	if (opts && opts->version != XOEV_MESSAGE_OPTIONS_VERSION)
		return XOEV_EINVAL;
	m = calloc(1, sizeof *m);
	if (!m)
		return XOEV_ENOMEM;
	m->bundle = b;
	rc = xoev_gen__init(&m->g, b, NULL);
	m->gen_ready = 1;
	if (rc == XOEV_OK)
		rc = xoev_gen__root(&m->g, message, &m->root_decl, &m->number);
	if (rc == XOEV_OK && opts && opts->author && !(m->author = xoev_util__strdup(opts->author)))
		rc = XOEV_ENOMEM;
	if (rc == XOEV_OK && opts && opts->reader && !(m->reader = xoev_util__strdup(opts->reader)))
		rc = XOEV_ENOMEM;
	if (rc != XOEV_OK) {
		xoev_message_free(m);
		return rc;
	}
	m->root.decl = m->root_decl;
	*out = m;
	return XOEV_OK;
}

/* ------------------------------------------------------------------ */
/* paths                                                               */
/* ------------------------------------------------------------------ */

typedef struct {
	char name[256];
	unsigned long index; /* 1-based; 0: not given */
	int attr;            /* "@name": an attribute (the last step only) */
} step;

/* Split path into steps; returns the number, or -1 if malformed. */
static int parse_path(const char *path, step *steps, int max)
{
	int n = 0;
	const char *p = path;

	while (*p == '/')
		p++;
	while (*p) {
		const char *end;
		size_t len;
		int attr = *p == '@';
		if (n > 0 && steps[n - 1].attr)
			return -1; /* an attribute has no children */
		p += attr;
		end = p + strcspn(p, "/[");
		len = (size_t)(end - p);
		if (n == max || len == 0 || len >= sizeof steps[n].name || memchr(p, '@', len))
			return -1;
		memcpy(steps[n].name, p, len);
		steps[n].name[len] = '\0';
		steps[n].index = 0;
		steps[n].attr = attr;
		p = end;
		if (*p == '[' && attr)
			return -1;
		if (*p == '[') {
			char *e;
			steps[n].index = strtoul(p + 1, &e, 10);
			if (*e != ']' || steps[n].index == 0)
				return -1;
			p = e + 1;
		}
		n++;
		if (*p == '/')
			p++;
		else if (*p)
			return -1;
	}
	return n;
}

/* The particle of the child element named name in p (depth first); *repeat set if inside a repeated group. */
static const xoev_model_particle *find_child(const xoev_model_particle *p, const char *name,
                                             int repeated, int *repeat, int depth)
{
	size_t i;

	if (!p || depth > 32)
		return NULL;
	if (p->kind == XOEV_MP_ELEMENT) {
		if (strcmp(p->element->name, name) == 0) {
			*repeat = repeated;
			return p;
		}
		return NULL;
	}
	for (i = 0; i < p->child_count; i++) {
		const xoev_model_particle *r =
			find_child(p->children[i], name,
			           repeated || p->max_occurs == XOEV_MODEL_UNBOUNDED || p->max_occurs > 1,
			           repeat, depth + 1);
		if (r)
			return r;
	}
	return NULL;
}

static size_t occurrences(const xoev_vnode *n, const xoev_model_element *decl)
{
	size_t i, c = 0;

	for (i = 0; i < n->child_count; i++)
		if (n->children[i]->decl == decl)
			c++;
	return c;
}

static xoev_vnode *nth(const xoev_vnode *n, const xoev_model_element *decl, unsigned long k)
{
	size_t i;

	for (i = 0; i < n->child_count; i++)
		if (n->children[i]->decl == decl && --k == 0)
			return n->children[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* values                                                              */
/* ------------------------------------------------------------------ */

/* 1 if v is a lexically valid value of the built-in type of t (atomic types only). */
static int lexical_ok(const xoev_model_type *t, const char *v)
{
	xmlSchemaTypePtr bt;
	xmlSchemaValPtr val = NULL;
	int rc;

	if (!t->primitive || t->variety != XOEV_MV_ATOMIC)
		return 1;
	bt = xmlSchemaGetPredefinedType((const xmlChar *)t->primitive, (const xmlChar *)XSD_NS);
	if (!bt)
		return 1;
	rc = xmlSchemaValPredefTypeNode(bt, (const xmlChar *)v, &val, NULL);
	if (val)
		xmlSchemaFreeValue(val);
	return rc == 0;
}

/* Check value for element e; 0 or a status with the message set. */
static int check_value(xoev_message *m, const char *path, const xoev_model_element *e,
                       const char *value)
{
	const xoev_model_type *t = e->type, *st = NULL;

	if (t->kind == XOEV_MT_SIMPLE)
		st = t;
	else if (t->content == XOEV_MC_SIMPLE)
		st = t->content_type;
	if (t->kind == XOEV_MT_COMPLEX && t->code_kind) {
		const xoev_model_particle *cp;
		int repeat = 0;
		cp = find_child(t->particle, "code", 0, &repeat, 0);
		if (cp && !xoev_gen__value_ok(&m->g, cp->element->type, value))
			return fail(m, XOEV_EINVAL, "%s: '%s' is not a code of its type%s%s%s", path, value,
			            t->list_uri ? " (list " : "", t->list_uri ? t->list_uri : "",
			            t->list_uri ? ")" : "");
		if (t->code_kind > 1 && t->list_uri && m->g.codelists) {
			const char *ver = NULL;
			if (xoev_codelist__first_code(m->g.codelists, t->list_uri, t->list_version, &ver) ||
			    (!t->list_version_fixed &&
			     xoev_codelist__first_code(m->g.codelists, t->list_uri, NULL, &ver))) {
				xoev_diag_list *d = NULL;
				int bad;
				if (xoev_diag_list_new(&d))
					return XOEV_ENOMEM;
				xoev_codelist__check_code(m->g.codelists, t->list_uri, ver, value, NULL, 0, 0,
				                          NULL, d);
				bad = xoev_diag_list_count_at_least(d, XOEV_SEVERITY_ERROR) > 0;
				xoev_diag_list_free(d);
				if (bad)
					return fail(m, XOEV_EINVAL, "%s: '%s' is not a code of list %s version %s",
					            path, value, t->list_uri, ver);
			}
		}
		return XOEV_OK;
	}
	if (!st)
		return fail(m, XOEV_EINVAL, "%s: element %s has element content, not a value", path,
		            e->name);
	if (e->fixed && strcmp(e->fixed, value) != 0)
		return fail(m, XOEV_EINVAL, "%s: the value is fixed to '%s'", path, e->fixed);
	if (!lexical_ok(st, value))
		return fail(m, XOEV_EINVAL, "%s: '%s' is not a valid %s", path, value, st->primitive);
	if (!xoev_gen__value_ok(&m->g, st, value))
		return fail(m, XOEV_EINVAL, "%s: '%s' breaks the facets of its type%s%s%s", path, value,
		            st->facets.patterns.count ? " (pattern " : "",
		            st->facets.patterns.count ?
		                    st->facets.patterns.items[st->facets.patterns.count - 1] : "",
		            st->facets.patterns.count ? ")" : "");
	return XOEV_OK;
}

/* The attribute named name of element e (no namespace, or any namespace), or NULL. */
static const xoev_model_attribute *find_attr(const xoev_model_element *e, const char *name)
{
	const xoev_model_type *t = e->type;
	size_t i;

	if (t->kind != XOEV_MT_COMPLEX)
		return NULL;
	for (i = 0; i < t->attribute_count; i++)
		if (!t->attributes[i].prohibited && strcmp(t->attributes[i].name, name) == 0)
			return &t->attributes[i];
	return NULL;
}

/* Check value for attribute a; 0 or a status with the message set. */
static int check_attr_value(xoev_message *m, const char *path, const xoev_model_attribute *a,
                            const char *value)
{
	const xoev_model_type *st = a->type;

	if (a->fixed && strcmp(a->fixed, value) != 0)
		return fail(m, XOEV_EINVAL, "%s: the value is fixed to '%s'", path, a->fixed);
	if (!st)
		return XOEV_OK;
	if (!lexical_ok(st, value))
		return fail(m, XOEV_EINVAL, "%s: '%s' is not a valid %s", path, value, st->primitive);
	if (!xoev_gen__value_ok(&m->g, st, value))
		return fail(m, XOEV_EINVAL, "%s: '%s' breaks the facets of its type%s%s%s", path, value,
		            st->facets.patterns.count ? " (pattern " : "",
		            st->facets.patterns.count ?
		                    st->facets.patterns.items[st->facets.patterns.count - 1] : "",
		            st->facets.patterns.count ? ")" : "");
	return XOEV_OK;
}

/* 1 if step name "code" below decl is the code of a code type (set through its parent). */
static int is_code_step(const xoev_model_element *parent, const step *st)
{
	return parent && parent->type->kind == XOEV_MT_COMPLEX && parent->type->code_kind &&
	       !st->attr && st->index <= 1 && strcmp(st->name, "code") == 0;
}

/* Set attribute a of node n to value (replacing a value set before). */
static int set_attr_value(xoev_vnode *n, const xoev_model_attribute *a, const char *value)
{
	char *v = xoev_util__strdup(value);
	size_t i;
	xoev_vattr *na;

	if (!v)
		return XOEV_ENOMEM;
	for (i = 0; i < n->attr_count; i++)
		if (n->attrs[i].decl == a) {
			free(n->attrs[i].value);
			n->attrs[i].value = v;
			return XOEV_OK;
		}
	na = realloc(n->attrs, (n->attr_count + 1) * sizeof *na);
	if (!na) {
		free(v);
		return XOEV_ENOMEM;
	}
	n->attrs = na;
	n->attrs[n->attr_count].decl = a;
	n->attrs[n->attr_count].value = v;
	n->attr_count++;
	return XOEV_OK;
}

int xoev_message_set(xoev_message *m, const char *path, const char *value)
{
	step steps[64];
	int n, i, first = 0, attr;
	xoev_vnode *cur;
	const xoev_model_attribute *adecl = NULL;

	if (!m || !path || !value)
		return XOEV_EINVAL;
	m->error[0] = '\0';
	if (m->doc)
		return fail(m, XOEV_EUNSUPPORTED, "%s: a parsed message cannot be changed", path);
	n = parse_path(path, steps, 64);
	if (n <= 0)
		return fail(m, XOEV_EINVAL, "%s: not a path (name/name[n]/.../@attribute)", path);
	attr = steps[n - 1].attr;
	if (attr)
		n--; /* the element steps; the attribute is steps[n] */
	if (n > 0 && strcmp(steps[0].name, m->root_decl->name) == 0 && steps[0].index <= 1)
		first = 1;
	if (first == n && !attr)
		return fail(m, XOEV_EINVAL, "%s: the root element has element content, not a value", path);
	cur = &m->root;
	/* check the whole path and the value before changing anything */
	{
		const xoev_vnode *probe = cur;
		const xoev_model_element *decl = m->root_decl, *parent = NULL;
		for (i = first; i < n; i++) {
			const xoev_model_particle *p;
			int repeat = 0;
			unsigned long k = steps[i].index ? steps[i].index : 1, have;
			if (decl->type->kind != XOEV_MT_COMPLEX || !decl->type->particle)
				return fail(m, XOEV_ENOTFOUND, "%s: %s has no child elements", path, decl->name);
			p = find_child(decl->type->particle, steps[i].name, 0, &repeat, 0);
			if (!p)
				return fail(m, XOEV_ENOTFOUND, "%s: unknown path: %s has no child %s", path,
				            decl->name, steps[i].name);
			have = probe ? occurrences(probe, p->element) : 0;
			if (k > have && !repeat && p->max_occurs != XOEV_MODEL_UNBOUNDED &&
			    (long)k > p->max_occurs)
				return fail(m, XOEV_EINVAL, "%s: too many occurrences: %s may occur at most %ld time%s",
				            path, steps[i].name, p->max_occurs, p->max_occurs == 1 ? "" : "s");
			if (k > have + 1)
				return fail(m, XOEV_EINVAL, "%s: occurrence [%lu] of %s skips [%lu]", path, k,
				            steps[i].name, have + 1);
			probe = probe ? nth(probe, p->element, k) : NULL;
			parent = decl;
			decl = p->element;
		}
		if (attr) {
			adecl = find_attr(decl, steps[n].name);
			if (!adecl)
				return fail(m, XOEV_ENOTFOUND, "%s: unknown path: %s has no attribute %s", path,
				            decl->name, steps[n].name);
			i = check_attr_value(m, path, adecl, value);
		} else if (n - first >= 2 && is_code_step(parent, &steps[n - 1])) {
			/* ".../x/code": the code of x, checked against x's list */
			n--;
			i = check_value(m, path, parent, value);
		} else {
			i = check_value(m, path, decl, value);
		}
		if (i != XOEV_OK)
			return i;
	}
	for (i = first; i < n; i++) {
		const xoev_model_particle *p;
		int repeat = 0;
		unsigned long k = steps[i].index ? steps[i].index : 1;
		xoev_vnode *next;
		p = find_child(cur->decl->type->particle, steps[i].name, 0, &repeat, 0);
		next = nth(cur, p->element, k);
		if (!next) {
			xoev_vnode **nc = realloc(cur->children, (cur->child_count + 1) * sizeof *nc);
			if (!nc)
				return XOEV_ENOMEM;
			cur->children = nc;
			next = calloc(1, sizeof *next);
			if (!next)
				return XOEV_ENOMEM;
			next->decl = p->element;
			cur->children[cur->child_count++] = next;
		}
		cur = next;
	}
	if (attr)
		return set_attr_value(cur, adecl, value);
	free(cur->text);
	cur->text = xoev_util__strdup(value);
	return cur->text ? XOEV_OK : XOEV_ENOMEM;
}

/* ------------------------------------------------------------------ */
/* output                                                              */
/* ------------------------------------------------------------------ */

int xoev_message_serialize(xoev_message *m, char **out, size_t *len)
{
	char *missing = NULL;
	int rc;

	if (!m || !out)
		return XOEV_EINVAL;
	*out = NULL;
	if (m->doc)
		return fail(m, XOEV_EUNSUPPORTED, "a parsed message is not serialised again");
	m->error[0] = '\0';
	rc = xoev_gen__emit(&m->g, m->root_decl, m->number, 0, &m->root, m->author, m->reader, out,
	                    len, &missing);
	if (rc == XOEV_ERROR)
		fail(m, rc, "%s: required %s not set", missing ? missing : "?",
		     missing && strstr(missing, "/@") ? "attribute" : "element or value");
	free(missing);
	return rc;
}

static int gzip_buffer(const char *in, size_t len, char **out, size_t *outlen)
{
	z_stream z;
	size_t cap = len + len / 100 + 64;
	char *buf = malloc(cap);
	int rc;

	if (!buf)
		return XOEV_ENOMEM;
	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8,
	                 Z_DEFAULT_STRATEGY) != Z_OK) {
		free(buf);
		return XOEV_ENOMEM;
	}
	cap = deflateBound(&z, (uLong)len);
	free(buf);
	buf = malloc(cap);
	if (!buf) {
		deflateEnd(&z);
		return XOEV_ENOMEM;
	}
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)buf;
	z.avail_out = (uInt)cap;
	rc = deflate(&z, Z_FINISH);
	*outlen = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(buf);
		return XOEV_ENOMEM;
	}
	*out = buf;
	return XOEV_OK;
}

int xoev_message_write(xoev_message *m, const char *path, unsigned int flags)
{
	char *xml = NULL, *gz = NULL;
	size_t len = 0, gzlen = 0;
	int rc;

	if (!m || !path)
		return XOEV_EINVAL;
	rc = xoev_message_serialize(m, &xml, &len);
	if (rc == XOEV_OK && (flags & XOEV_WRITE_GZIP))
		rc = gzip_buffer(xml, len, &gz, &gzlen);
	if (rc == XOEV_OK) {
		rc = gz ? xoev_io__write_atomic(path, gz, gzlen) : xoev_io__write_atomic(path, xml, len);
		if (rc != XOEV_OK)
			fail(m, XOEV_EIO, "%s: cannot write the message", path);
	}
	free(xml);
	free(gz);
	return rc;
}

/* ------------------------------------------------------------------ */
/* reading                                                             */
/* ------------------------------------------------------------------ */

int xoev_message_parse(xoev_message **out, const xoev_registry *reg, const void *buf,
                       size_t len, xoev_diag_list *diags)
{
	xoev_message *m;
	char *plain = NULL;
	size_t plen = 0;
	xmlNodePtr root;
	const xoev_message_type *t = NULL;
	int rc;

	if (!out || !reg || !buf)
		return XOEV_EINVAL;
	*out = NULL;
	rc = xoev_io__maybe_gunzip(buf, len, 0, &plain, &plen, NULL, 0);
	if (rc)
		return rc == XOEV_ENOMEM ? rc : XOEV_ERROR;
	m = calloc(1, sizeof *m);
	if (!m) {
		free(plain);
		return XOEV_ENOMEM;
	}
	rc = xoev_xml__parse(plain, plen, "-", NULL, diags, &m->doc);
	free(plain);
	if (rc != XOEV_OK) {
		xoev_message_free(m);
		return rc;
	}
	root = xmlDocGetRootElement(xoev_xml__doc(m->doc));
	{
		char *sa = (char *)xmlGetNoNsProp(root, (const xmlChar *)"standard");
		char *va = (char *)xmlGetNoNsProp(root, (const xmlChar *)"version");
		rc = xoev_registry_detect(reg, root->ns ? (const char *)root->ns->href : NULL,
		                          (const char *)root->name, sa, va, &m->bundle, &t);
		xmlFree(sa);
		xmlFree(va);
	}
	(void)rc;
	if (!m->bundle) {
		xoev_message_free(m);
		return XOEV_ENOTFOUND;
	}
	*out = m;
	return XOEV_OK;
}

/* Text of a node for get: for a code element its `code` child. */
static char *node_value(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !c->ns && strcmp((const char *)c->name, "code") == 0)
			return (char *)xmlNodeGetContent(c);
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return NULL;
	return (char *)xmlNodeGetContent(n);
}

/* Walk the parsed tree: the node at steps (k-th of the last step); *count its occurrences. */
static xmlNodePtr walk_doc(xoev_message *m, const step *steps, int n, size_t *count)
{
	xmlNodePtr cur = xmlDocGetRootElement(xoev_xml__doc(m->doc)), c, found = NULL;
	int i, first = 0;

	*count = 0;
	if (n > 0 && strcmp(steps[0].name, (const char *)cur->name) == 0 && steps[0].index <= 1)
		first = 1;
	if (first == n) {
		*count = 1;
		return cur;
	}
	for (i = first; i < n && cur; i++) {
		unsigned long k = steps[i].index ? steps[i].index : 1, seen = 0;
		found = NULL;
		for (c = cur->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, steps[i].name) == 0) {
				seen++;
				if (seen == k)
					found = c;
			}
		if (i == n - 1)
			*count = seen;
		cur = found;
	}
	return cur;
}

static const xoev_vnode *walk_values(xoev_message *m, const step *steps, int n, size_t *count)
{
	const xoev_vnode *cur = &m->root, *found = NULL;
	int i, first = 0;
	size_t j;

	*count = 0;
	if (n > 0 && strcmp(steps[0].name, m->root_decl->name) == 0 && steps[0].index <= 1)
		first = 1;
	for (i = first; i < n && cur; i++) {
		unsigned long k = steps[i].index ? steps[i].index : 1, seen = 0;
		found = NULL;
		for (j = 0; j < cur->child_count; j++)
			if (strcmp(cur->children[j]->decl->name, steps[i].name) == 0 && ++seen == k)
				found = cur->children[j];
		if (i == n - 1)
			*count = seen;
		cur = found;
	}
	return cur;
}

/* The value of the attribute named name of a parsed element (any namespace), or NULL (xmlFree). */
static char *doc_attr(xmlNodePtr node, const char *name)
{
	xmlAttrPtr a;

	for (a = node->properties; a; a = a->next)
		if (strcmp((const char *)a->name, name) == 0)
			return (char *)xmlNodeListGetString(node->doc, a->children, 1);
	return NULL;
}

/* Hand out v (xmlFree'd here) as a string borrowed from m. */
static int hand_out(xoev_message *m, char *v, const char **value)
{
	int rc = xoev_strv__push(&m->returned, v);

	xmlFree(v);
	if (rc)
		return XOEV_ENOMEM;
	*value = m->returned.items[m->returned.count - 1];
	return XOEV_OK;
}

/* get on a parsed message; steps[n] is the attribute when attr. */
static int get_parsed(xoev_message *m, const char *path, const step *steps, int n, int attr,
                      const char **value)
{
	size_t count;
	xmlNodePtr node = walk_doc(m, steps, n, &count);
	char *v;

	if (!node)
		return fail(m, XOEV_ENOTFOUND, "%s: no such element", path);
	if (attr) {
		v = doc_attr(node, steps[n].name);
		if (!v)
			return fail(m, XOEV_ENOTFOUND, "%s: no such attribute", path);
	} else {
		v = node_value(node);
		if (!v)
			return fail(m, XOEV_ENOTFOUND, "%s: element has element content", path);
	}
	return hand_out(m, v, value);
}

/* get on a built message: what was set (a code set as ".../x/code" is the text of x). */
static int get_built(xoev_message *m, const char *path, const step *steps, int n, int attr,
                     const char **value)
{
	size_t count, i;
	const xoev_vnode *vn = walk_values(m, steps, n, &count);

	if (!vn && !attr && n >= 1 && strcmp(steps[n - 1].name, "code") == 0 &&
	    steps[n - 1].index <= 1) {
		vn = walk_values(m, steps, n - 1, &count);
		if (vn && !(vn->decl->type->kind == XOEV_MT_COMPLEX && vn->decl->type->code_kind))
			vn = NULL;
	}
	if (!vn)
		return fail(m, XOEV_ENOTFOUND, "%s: not set", path);
	if (attr) {
		for (i = 0; i < vn->attr_count; i++)
			if (strcmp(vn->attrs[i].decl->name, steps[n].name) == 0) {
				*value = vn->attrs[i].value;
				return XOEV_OK;
			}
		return fail(m, XOEV_ENOTFOUND, "%s: not set", path);
	}
	if (!vn->text)
		return fail(m, XOEV_ENOTFOUND, "%s: not set", path);
	*value = vn->text;
	return XOEV_OK;
}

int xoev_message_get(xoev_message *m, const char *path, const char **value)
{
	step steps[64];
	int n, attr;

	if (!m || !path || !value)
		return XOEV_EINVAL;
	*value = NULL;
	n = parse_path(path, steps, 64);
	if (n < 0)
		return fail(m, XOEV_EINVAL, "%s: not a path (name/name[n]/.../@attribute)", path);
	attr = n > 0 && steps[n - 1].attr;
	if (attr)
		n--;
	return m->doc ? get_parsed(m, path, steps, n, attr, value) :
	                get_built(m, path, steps, n, attr, value);
}

size_t xoev_message_count(xoev_message *m, const char *path)
{
	step steps[64];
	int n;
	size_t count = 0;

	if (!m || !path)
		return 0;
	n = parse_path(path, steps, 64);
	if (n <= 0)
		return 0;
	if (steps[n - 1].attr) {
		const char *v;
		char saved[sizeof m->error];
		int rc;
		memcpy(saved, m->error, sizeof saved);
		rc = xoev_message_get(m, path, &v);
		memcpy(m->error, saved, sizeof saved);
		return rc == XOEV_OK ? 1 : 0;
	}
	if (m->doc)
		walk_doc(m, steps, n, &count);
	else
		walk_values(m, steps, n, &count);
	return count;
}
