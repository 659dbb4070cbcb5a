/*
 * libxoev tests - the change files explain every schema change, and nothing
 * else.
 *
 * Issue acceptance: "The change files cover every change between consecutive
 * versions: a test compares each pair of versions' schemas and fails on a
 * difference no change entry explains."
 *
 * How it works:
 *
 *  1. Discovery. Every directory schemas/<standard>/ that has a changes/
 *     directory is a standard; its versions are the subdirectories with an
 *     xoev-bundle.xml, in version order. Each pair of consecutive versions
 *     needs changes/<from>_<to>.xml (format schemas/xoev-changes.xsd); a
 *     missing or an orphaned change file is a failure.
 *
 *  2. Flattening. A bundle's XSD files are the ones its manifest lists, plus
 *     whatever they include or import from inside the bundle. Each message
 *     (manifest <message>) becomes a set of records, one per element or
 *     attribute, keyed by the path of local names below the root
 *     ("person/geburt/geburtsort", "aktenverzeichnis/eintrag/datei",
 *     "dokument/@eintrag", "@version"; the root itself has the empty path).
 *     A record holds what a change entry can talk about:
 *       - minOccurs/maxOccurs, effective within the content model (a choice
 *         with several branches makes its branches optional; occurrences of
 *         nested groups multiply); for attributes min 1 = use="required";
 *       - whether the element is namespace-qualified (form, or the
 *         elementFormDefault of the schema document that declares it);
 *       - the type name ("xs:date", "<standard>:PersonType"; "" when
 *         anonymous) and a summary of the simple content: the built-in base
 *         and every facet on the way, enumerations included;
 *       - fixed and default values;
 *       - for an element of a code type (a complex type whose attributes,
 *         inherited ones included, are listURI and listVersionID): the fixed
 *         listURI, the fixed listVersionID, whether listVersionID is
 *         required, and the enumeration of the code child. Such an element
 *         is one record; the code child and the two attributes are not
 *         listed separately. From this the XÖV code type (1-4) follows.
 *     Supported: named and anonymous types, xs:sequence/xs:choice/xs:all
 *     nested at will, xs:group and xs:attributeGroup references, element and
 *     attribute references, complexContent extension (base content first)
 *     and restriction (own content, attributes inherited unless redeclared
 *     or prohibited), simpleContent extension/restriction, simple type
 *     restriction/list/union chains. Recursion through a complex type that
 *     is already being expanded stops (the record's content says
 *     "recursive"), and so does expansion deeper than MAX_DEPTH.
 *     Not modelled: element order (a "reorder" entry cannot be verified and
 *     is reported), substitution groups, xs:redefine, identity
 *     constraints; a wildcard becomes a "#any" record.
 *
 *  3. Comparison. For each step the messages are matched by number. A
 *     message only in the newer version, only in the older one, or with a
 *     different root is one difference each; the records of a message in
 *     both versions are compared by relative path: path added, path
 *     removed, and per property minOccurs/use, maxOccurs, form, type,
 *     simple content, fixed, default, listURI, listVersionID, code type,
 *     enumeration. The manifest namespace of each message is compared too.
 *
 *  4. Explanation. Each difference must be explained by the change file:
 *     the namespace and the fixed root attributes by its <namespace> and
 *     <rootAttribute> elements, everything else by a <change> whose kind
 *     fits the difference and whose <path> (same message number; old and
 *     new full paths) or <message> names it - see ref_explains(). Every
 *     <path>, <message>, <namespace> and <rootAttribute> must in turn explain
 *     at least one difference (no stale entries), and what an entry states
 *     about the schemas (<type> names and occurrences, the code list URI,
 *     versions and code types, the code list versions shipped in the
 *     manifests) must agree with them.
 *
 * The test "dropped_entry_is_reported" proves that the check can fail: it
 * drops each change entry in turn (in memory) and expects problems.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "tests.h"
#include "internal.h"

#define XS_NS      "http://www.w3.org/2001/XMLSchema"
#define BUNDLE_NS  "urn:libxoev:bundle:1"
#define CHANGES_NS "urn:libxoev:changes:1"

/* Deepest element level expanded below a message root (the root is 0). */
#define MAX_DEPTH 12
/* Limit for chains of simple types, attribute groups and type derivations. */
#define MAX_CHAIN 32

/* ================================================================ helpers */

static void *xrealloc(void *p, size_t n)
{
	void *r = realloc(p, n ? n : 1);

	if (!r)
		abort();
	return r;
}

static char *xdup(const char *s)
{
	char *r;

	if (!s)
		return NULL;
	r = strdup(s);
	if (!r)
		abort();
	return r;
}

/* String equality where NULL (absent) equals only NULL. */
static int same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* A growable string. */
typedef struct {
	char *s;
	size_t len, cap;
} sbuf;

static void sb_printf(sbuf *b, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(sbuf *b, const char *format, ...)
{
	va_list ap;
	int n;

	va_start(ap, format);
	n = vsnprintf(NULL, 0, format, ap);
	va_end(ap);
	if (n < 0)
		abort();
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;

		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
	va_start(ap, format);
	vsnprintf(b->s + b->len, (size_t)n + 1, format, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* The buffer's string (never NULL), handed to the caller; the buffer is empty again. */
static char *sb_take(sbuf *b)
{
	char *s = b->s ? b->s : xdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

/* "a/b" for a non-empty a, else "b". */
static char *join_path(const char *a, const char *b)
{
	sbuf s = {0};

	if (a && *a)
		sb_printf(&s, "%s/%s", a, b);
	else
		sb_printf(&s, "%s", b);
	return sb_take(&s);
}

/* 1 if path is base or lies below it ("a/b/c" is under "a/b", "a/bc" is not). */
static int is_under(const char *path, const char *base)
{
	size_t n = strlen(base);

	return strncmp(path, base, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* 1 if anc is a proper ancestor of path. */
static int is_ancestor(const char *anc, const char *path)
{
	return strlen(anc) < strlen(path) && is_under(path, anc);
}

/* 1 if the element is in the XML Schema namespace (and, if local is given, has that name). */
static int is_xs(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, XS_NS) == 0 &&
	       (!local || strcmp((const char *)n->name, local) == 0);
}

static int is_in(const xmlNode *n, const char *ns, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, ns) == 0 &&
	       strcmp((const char *)n->name, local) == 0;
}

/*
 * The value of an unqualified attribute, or NULL. Not a copy: it lives as
 * long as the document. (The files are parsed with XML_PARSE_NOENT, so a
 * value is a single text node.)
 */
static const char *attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n->properties; a; a = a->next)
		if (!a->ns && strcmp((const char *)a->name, name) == 0)
			return (a->children && a->children->content) ?
				(const char *)a->children->content : "";
	return NULL;
}

static xmlDocPtr parse_file(const char *path)
{
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOENT);

	ck_assert_msg(doc != NULL && xmlDocGetRootElement(doc) != NULL, "cannot parse %s", path);
	return doc;
}

/*
 * Resolves a QName against the in-scope namespaces of ctx. *ns is "" for
 * no namespace, *local points into value. 0 if the prefix is not bound.
 */
static int resolve_qname(const xmlNode *ctx, const char *value, const char **ns, const char **local)
{
	const char *colon = strchr(value, ':');
	xmlNsPtr n;

	if (colon) {
		char prefix[128];
		size_t len = (size_t)(colon - value);

		if (len >= sizeof prefix)
			return 0;
		memcpy(prefix, value, len);
		prefix[len] = '\0';
		n = xmlSearchNs(ctx->doc, (xmlNodePtr)ctx, (const xmlChar *)prefix);
		if (!n)
			return 0;
		*local = colon + 1;
	} else {
		n = xmlSearchNs(ctx->doc, (xmlNodePtr)ctx, NULL);
		*local = value;
	}
	*ns = (n && n->href) ? (const char *)n->href : "";
	return 1;
}

/* ========================================================= flattened data */

/* One element or attribute of a message; see the file comment. */
typedef struct {
	char *rel;              /* path below the root; "" for the root */
	int is_attr;
	int min, max;           /* max -1: unbounded; attributes: min 1 = required */
	int qualified;          /* elements: namespace-qualified */
	char *type;             /* type name, "" when anonymous */
	char *content;          /* simple content summary, "" for element-only content */
	char *fixed, *dflt;     /* NULL when absent */
	int code;               /* 1: element of a code type (fields below) */
	char *list_uri;         /* fixed listURI, NULL when not fixed */
	char *list_version;     /* fixed listVersionID, NULL when not fixed */
	int version_required;   /* listVersionID use="required" */
	char *enumeration;      /* enumeration of the code child, "a|b|c" or "" */
} xrec;

typedef struct {
	char *root, *number, *ns;
	xrec *recs;             /* sorted by rel */
	size_t nrecs;
} xmsg;

typedef struct {
	xmlDocPtr doc;
	char *path;             /* canonical file path */
	const char *tns;        /* targetNamespace, "" if none (points into doc) */
	int elem_qualified;     /* elementFormDefault="qualified" */
} xsd_doc;

typedef struct {
	char *uri, *version;
} xcodelist;

typedef struct {
	char *dir;              /* canonical bundle directory */
	char *standard;         /* manifest @standard: prefix of type names */
	char *version;
	const char *std_ns;     /* namespace of the messages (from the manifest) */
	xsd_doc *docs;
	size_t ndocs;
	xmsg *msgs;
	size_t nmsgs;
	xcodelist *codelists;
	size_t ncodelists;
} bundle;

static void free_rec(xrec *r)
{
	free(r->rel);
	free(r->type);
	free(r->content);
	free(r->fixed);
	free(r->dflt);
	free(r->list_uri);
	free(r->list_version);
	free(r->enumeration);
}

static void free_bundle(bundle *b)
{
	size_t i, j;

	for (i = 0; i < b->nmsgs; i++) {
		for (j = 0; j < b->msgs[i].nrecs; j++)
			free_rec(&b->msgs[i].recs[j]);
		free(b->msgs[i].recs);
		free(b->msgs[i].root);
		free(b->msgs[i].number);
		free(b->msgs[i].ns);
	}
	free(b->msgs);
	for (i = 0; i < b->ndocs; i++) {
		xmlFreeDoc(b->docs[i].doc);
		free(b->docs[i].path);
	}
	free(b->docs);
	for (i = 0; i < b->ncodelists; i++) {
		free(b->codelists[i].uri);
		free(b->codelists[i].version);
	}
	free(b->codelists);
	free(b->dir);
	free(b->standard);
	free(b->version);
	memset(b, 0, sizeof *b);
}

/* XÖV code type of a code element: 1 enumerated, 2 list+version fixed, 3 list fixed, 4 free; 0 if no code. */
static int code_type(const xrec *r)
{
	if (!r->code)
		return 0;
	if (!r->list_uri)
		return 4;
	if (!r->list_version)
		return 3;
	return (r->enumeration && *r->enumeration) ? 1 : 2;
}

/* ============================================================ XSD loading */

/* Global schema component of the given kind ("element", "complexType", ...) by namespace and name. */
static const xmlNode *find_global(const bundle *b, const char *kind, const char *ns,
				  const char *local, const xsd_doc **where)
{
	size_t i;

	for (i = 0; i < b->ndocs; i++) {
		const xmlNode *c;

		if (strcmp(b->docs[i].tns, ns) != 0)
			continue;
		for (c = xmlDocGetRootElement(b->docs[i].doc)->children; c; c = c->next) {
			const char *name = is_xs(c, kind) ? attr(c, "name") : NULL;

			if (name && strcmp(name, local) == 0) {
				*where = &b->docs[i];
				return c;
			}
		}
	}
	return NULL;
}

/* Like find_global, for the QName in the attribute qattr of ctx; fails the test if it is not found. */
static const xmlNode *find_ref(const bundle *b, const char *kind, const xmlNode *ctx,
			       const char *qattr, const xsd_doc **where)
{
	const char *qn = attr(ctx, qattr), *ns, *local;
	const xmlNode *n;

	ck_assert_msg(qn && resolve_qname(ctx, qn, &ns, &local),
		      "%s: unresolvable %s=\"%s\" (line %d)", b->dir, qattr, qn ? qn : "", ctx->line);
	n = find_global(b, kind, ns, local, where);
	ck_assert_msg(n != NULL, "%s: %s %s not found (line %d)", b->dir, kind, qn, ctx->line);
	return n;
}

/* Loads an XSD file of the bundle (once) and, recursively, what it includes or imports. */
static void load_xsd(bundle *b, const char *base_dir, const char *href)
{
	char *joined = join_path(base_dir, href);
	char *real = realpath(joined, NULL);
	char *dir;
	xmlDocPtr doc;
	const xmlNode *root, *c;
	const char *tns, *efd;
	size_t i;

	ck_assert_msg(real != NULL, "%s: schema %s not found", b->dir, joined);
	ck_assert_msg(is_under(real, b->dir), "%s reaches outside the bundle %s", joined, b->dir);
	free(joined);
	for (i = 0; i < b->ndocs; i++) {
		if (strcmp(b->docs[i].path, real) == 0) {
			free(real);
			return;
		}
	}
	doc = parse_file(real);
	root = xmlDocGetRootElement(doc);
	ck_assert_msg(is_xs(root, "schema"), "%s is no XML schema", real);
	tns = attr(root, "targetNamespace");
	efd = attr(root, "elementFormDefault");
	b->docs = xrealloc(b->docs, (b->ndocs + 1) * sizeof *b->docs);
	b->docs[b->ndocs].doc = doc;
	b->docs[b->ndocs].path = real;
	b->docs[b->ndocs].tns = tns ? tns : "";
	b->docs[b->ndocs].elem_qualified = efd && strcmp(efd, "qualified") == 0;
	b->ndocs++;

	/* real stays owned by docs[]; include paths are relative to this file. */
	dir = xdup(real);
	*strrchr(dir, '/') = '\0';
	for (c = root->children; c; c = c->next) {
		const char *loc = attr(c, "schemaLocation");

		if (loc && (is_xs(c, "include") || is_xs(c, "import") || is_xs(c, "redefine")))
			load_xsd(b, dir, loc);
	}
	free(dir);
}

/* ============================================================= flattening */

/* An attribute in effect on a complex type (declaration or reference). */
typedef struct {
	const char *name;
	const xmlNode *decl;
	const xsd_doc *doc;
} xattr_use;

typedef struct {
	xattr_use *v;
	size_t n;
} attr_list;

typedef struct {
	const bundle *b;
	xrec *recs;
	size_t n, cap;
	const xmlNode *stack[MAX_DEPTH + 2];  /* complex types being expanded */
	size_t nstack;
} flattener;

static size_t add_rec(flattener *f, char *rel)
{
	xrec *r;

	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 64;
		f->recs = xrealloc(f->recs, f->cap * sizeof *f->recs);
	}
	r = &f->recs[f->n];
	memset(r, 0, sizeof *r);
	r->rel = rel;
	r->min = r->max = 1;
	r->type = xdup("");
	r->content = xdup("");
	return f->n++;
}

static void set_str(char **field, char *value)
{
	free(*field);
	*field = value;
}

/* Type label of a resolved QName: "xs:x", "<standard>:X", else as written. */
static char *type_label(const bundle *b, const char *ns, const char *local, const char *written)
{
	sbuf s = {0};

	if (strcmp(ns, XS_NS) == 0)
		sb_printf(&s, "xs:%s", local);
	else if (b->std_ns && strcmp(ns, b->std_ns) == 0)
		sb_printf(&s, "%s:%s", b->standard, local);
	else
		sb_printf(&s, "%s", written);
	return sb_take(&s);
}

static void read_occurs(const xmlNode *p, int *min, int *max)
{
	const char *mi = attr(p, "minOccurs"), *ma = attr(p, "maxOccurs");

	*min = mi ? atoi(mi) : 1;
	*max = ma ? (strcmp(ma, "unbounded") == 0 ? -1 : atoi(ma)) : 1;
}

/* Product of two maxOccurs values (-1 = unbounded). */
static int occ_mul(int a, int b)
{
	if (a == 0 || b == 0)
		return 0;
	if (a < 0 || b < 0)
		return -1;
	return a * b;
}

static void simple_summary(const flattener *f, const xmlNode *st, sbuf *out, int chain);
static void complex_simple_summary(const flattener *f, const xmlNode *ct, sbuf *out, int chain);

/* Appends the facets of a restriction: " name=value", enumerations joined as " enumeration=a|b". */
static void facet_summary(const xmlNode *restriction, sbuf *out)
{
	const xmlNode *c;
	int nenum = 0;

	for (c = restriction->children; c; c = c->next) {
		const char *v;

		if (!is_xs(c, NULL) || is_xs(c, "annotation") || is_xs(c, "simpleType") ||
		    is_xs(c, "attribute") || is_xs(c, "attributeGroup") || is_xs(c, "anyAttribute") ||
		    is_xs(c, "enumeration"))
			continue;
		v = attr(c, "value");
		sb_printf(out, " %s=%s", (const char *)c->name, v ? v : "");
	}
	for (c = restriction->children; c; c = c->next) {
		if (is_xs(c, "enumeration")) {
			const char *v = attr(c, "value");

			sb_printf(out, "%s%s", nenum++ ? "|" : " enumeration=", v ? v : "");
		}
	}
}

/* Appends the summary of the simple type named by the QName value (in the context ctx). */
static void qname_summary(const flattener *f, const xmlNode *ctx, const char *value, sbuf *out, int chain)
{
	const char *ns, *local;
	const xsd_doc *d;
	const xmlNode *t;

	if (chain > MAX_CHAIN || !resolve_qname(ctx, value, &ns, &local)) {
		sb_printf(out, "unresolved(%s)", value);
		return;
	}
	if (strcmp(ns, XS_NS) == 0)
		sb_printf(out, "xs:%s", local);
	else if ((t = find_global(f->b, "simpleType", ns, local, &d)))
		simple_summary(f, t, out, chain + 1);
	else if ((t = find_global(f->b, "complexType", ns, local, &d)))
		complex_simple_summary(f, t, out, chain + 1);
	else
		sb_printf(out, "unresolved(%s)", value);
}

/* Appends the summary of an xs:simpleType: built-in base and the facets of every derivation step. */
static void simple_summary(const flattener *f, const xmlNode *st, sbuf *out, int chain)
{
	const xmlNode *c, *g;

	if (chain > MAX_CHAIN) {
		sb_printf(out, "too-deep");
		return;
	}
	for (c = st->children; c; c = c->next) {
		if (is_xs(c, "restriction")) {
			const char *base = attr(c, "base");

			if (base)
				qname_summary(f, c, base, out, chain + 1);
			for (g = c->children; g; g = g->next)
				if (is_xs(g, "simpleType"))
					simple_summary(f, g, out, chain + 1);
			facet_summary(c, out);
		} else if (is_xs(c, "list")) {
			const char *item = attr(c, "itemType");

			sb_printf(out, "list(");
			if (item)
				qname_summary(f, c, item, out, chain + 1);
			for (g = c->children; g; g = g->next)
				if (is_xs(g, "simpleType"))
					simple_summary(f, g, out, chain + 1);
			sb_printf(out, ")");
		} else if (is_xs(c, "union")) {
			const char *members = attr(c, "memberTypes");

			sb_printf(out, "union(%s", members ? members : "");
			for (g = c->children; g; g = g->next) {
				if (is_xs(g, "simpleType")) {
					sb_printf(out, " ");
					simple_summary(f, g, out, chain + 1);
				}
			}
			sb_printf(out, ")");
		}
	}
}

/* Appends the summary of the simple content of a complex type (simpleContent extension/restriction). */
static void complex_simple_summary(const flattener *f, const xmlNode *ct, sbuf *out, int chain)
{
	const xmlNode *c, *der;

	for (c = ct->children; c; c = c->next) {
		if (!is_xs(c, "simpleContent"))
			continue;
		for (der = c->children; der; der = der->next) {
			const char *base;

			if (!is_xs(der, "extension") && !is_xs(der, "restriction"))
				continue;
			base = attr(der, "base");
			if (base)
				qname_summary(f, der, base, out, chain + 1);
			if (is_xs(der, "restriction"))
				facet_summary(der, out);
		}
	}
}

/* Appends the enumeration values of a simple type ("a|b|c"), from the nearest derivation step that has any. */
static void enum_values(const flattener *f, const xmlNode *st, sbuf *out, int chain)
{
	const xmlNode *c, *g;

	if (chain > MAX_CHAIN)
		return;
	for (c = st->children; c; c = c->next) {
		size_t before = out->len;
		const char *base;

		if (!is_xs(c, "restriction"))
			continue;
		for (g = c->children; g; g = g->next) {
			if (is_xs(g, "enumeration")) {
				const char *v = attr(g, "value");

				sb_printf(out, "%s%s", out->len > before ? "|" : "", v ? v : "");
			}
		}
		if (out->len > before)
			return;
		for (g = c->children; g; g = g->next)
			if (is_xs(g, "simpleType"))
				enum_values(f, g, out, chain + 1);
		base = attr(c, "base");
		if (base && out->len == before) {
			const char *ns, *local;
			const xsd_doc *d;
			const xmlNode *t;

			if (resolve_qname(c, base, &ns, &local) &&
			    (t = find_global(f->b, "simpleType", ns, local, &d)))
				enum_values(f, t, out, chain + 1);
		}
	}
}

/* Adds an attribute use; a later declaration of the same name (derived type) replaces the earlier. */
static void attr_list_set(attr_list *al, const char *name, const xmlNode *decl, const xsd_doc *d)
{
	size_t i;

	for (i = 0; i < al->n; i++) {
		if (strcmp(al->v[i].name, name) == 0) {
			al->v[i].decl = decl;
			al->v[i].doc = d;
			return;
		}
	}
	al->v = xrealloc(al->v, (al->n + 1) * sizeof *al->v);
	al->v[al->n].name = name;
	al->v[al->n].decl = decl;
	al->v[al->n].doc = d;
	al->n++;
}

static const xattr_use *attr_list_find(const attr_list *al, const char *name)
{
	size_t i;

	for (i = 0; i < al->n; i++) {
		const char *use = attr(al->v[i].decl, "use");

		if (strcmp(al->v[i].name, name) == 0)
			return (use && strcmp(use, "prohibited") == 0) ? NULL : &al->v[i];
	}
	return NULL;
}

/* Adds the xs:attribute and xs:attributeGroup children of parent. */
static void add_attr_decls(const flattener *f, const xsd_doc *d, const xmlNode *parent, attr_list *al, int chain)
{
	const xmlNode *c;

	ck_assert_msg(chain <= MAX_CHAIN, "%s: attribute groups nested too deeply", f->b->dir);
	for (c = parent->children; c; c = c->next) {
		if (is_xs(c, "attribute")) {
			const char *name = attr(c, "name"), *ref = attr(c, "ref"), *ns;

			if (!name && ref)
				ck_assert_msg(resolve_qname(c, ref, &ns, &name), "%s: bad ref %s", f->b->dir, ref);
			if (name)
				attr_list_set(al, name, c, d);
		} else if (is_xs(c, "attributeGroup") && attr(c, "ref")) {
			const xsd_doc *gd;
			const xmlNode *g = find_ref(f->b, "attributeGroup", c, "ref", &gd);

			add_attr_decls(f, gd, g, al, chain + 1);
		}
	}
}

/* The derivation element (extension/restriction) of a complex type's complex or simple content, or NULL. */
static const xmlNode *derivation(const xmlNode *ct, int *simple)
{
	const xmlNode *c, *der;

	for (c = ct->children; c; c = c->next) {
		if (!is_xs(c, "complexContent") && !is_xs(c, "simpleContent"))
			continue;
		for (der = c->children; der; der = der->next) {
			if (is_xs(der, "extension") || is_xs(der, "restriction")) {
				if (simple)
					*simple = is_xs(c, "simpleContent");
				return der;
			}
		}
	}
	return NULL;
}

/* The base complex type of a derivation, or NULL for a built-in or simple base. */
static const xmlNode *base_complex(const flattener *f, const xmlNode *der, const xsd_doc **where)
{
	const char *base = attr(der, "base"), *ns, *local;

	if (!base || !resolve_qname(der, base, &ns, &local) || strcmp(ns, XS_NS) == 0)
		return NULL;
	return find_global(f->b, "complexType", ns, local, where);
}

/* Collects the attributes in effect on a complex type: the base type's first, then its own. */
static void collect_attrs(const flattener *f, const xsd_doc *d, const xmlNode *ct, attr_list *al, int chain)
{
	const xmlNode *der = derivation(ct, NULL);

	ck_assert_msg(chain <= MAX_CHAIN, "%s: type derivation too deep", f->b->dir);
	if (der) {
		const xsd_doc *bd;
		const xmlNode *base = base_complex(f, der, &bd);

		if (base)
			collect_attrs(f, bd, base, al, chain + 1);
		add_attr_decls(f, d, der, al, 0);
	}
	add_attr_decls(f, d, ct, al, 0);
}

/* Finds the declaration of the child element "code" in a model group (not below nested elements). */
static const xmlNode *find_code_in_group(const xmlNode *group)
{
	const xmlNode *c, *r;

	for (c = group->children; c; c = c->next) {
		const char *name;

		if (is_xs(c, "element")) {
			name = attr(c, "name");
			if (name && strcmp(name, "code") == 0)
				return c;
		} else if (is_xs(c, "sequence") || is_xs(c, "choice") || is_xs(c, "all")) {
			if ((r = find_code_in_group(c)))
				return r;
		}
	}
	return NULL;
}

/* The declaration of the code child of a code type (following extension bases), or NULL. */
static const xmlNode *find_code_child(const flattener *f, const xmlNode *ct, int chain)
{
	const xmlNode *der = derivation(ct, NULL), *r;

	if (chain > MAX_CHAIN)
		return NULL;
	if ((r = find_code_in_group(der ? der : ct)))
		return r;
	if (der && is_xs(der, "extension")) {
		const xsd_doc *bd;
		const xmlNode *base = base_complex(f, der, &bd);

		if (base)
			return find_code_child(f, base, chain + 1);
	}
	return NULL;
}

/* The declaration behind an attribute use: the global attribute for a ref, else the use itself. */
static const xmlNode *attr_decl(const flattener *f, const xattr_use *u)
{
	const xsd_doc *gd;

	if (attr(u->decl, "ref"))
		return find_ref(f->b, "attribute", u->decl, "ref", &gd);
	return u->decl;
}

/* Fixed value of an attribute use (on the use, or on the referenced declaration). */
static const char *attr_fixed(const flattener *f, const xattr_use *u)
{
	const char *v = attr(u->decl, "fixed");

	return v ? v : attr(attr_decl(f, u), "fixed");
}

static void describe_element(flattener *f, const xsd_doc *d, const xmlNode *decl, size_t idx, int depth);

/* Sets type and content of record idx from a type attribute or an inline simple type of decl. */
static void describe_simple(flattener *f, const xmlNode *decl, size_t idx)
{
	const char *t = attr(decl, "type");
	const xmlNode *c;
	sbuf s = {0};

	if (t) {
		const char *ns, *local;

		ck_assert_msg(resolve_qname(decl, t, &ns, &local), "%s: bad type %s", f->b->dir, t);
		set_str(&f->recs[idx].type, type_label(f->b, ns, local, t));
		qname_summary(f, decl, t, &s, 0);
	} else {
		for (c = decl->children; c; c = c->next)
			if (is_xs(c, "simpleType"))
				simple_summary(f, c, &s, 0);
		if (!s.len)
			sb_printf(&s, "xs:anySimpleType");
	}
	set_str(&f->recs[idx].content, sb_take(&s));
}

/* Emits the attribute records of a (non-code) complex type below the element path rel. */
static void emit_attrs(flattener *f, const attr_list *al, const char *rel)
{
	size_t i;

	for (i = 0; i < al->n; i++) {
		const xattr_use *u = &al->v[i];
		const char *use = attr(u->decl, "use"), *dflt;
		const xmlNode *decl;
		sbuf s = {0};
		size_t idx;

		if (use && strcmp(use, "prohibited") == 0)
			continue;
		sb_printf(&s, "@%s", u->name);
		idx = add_rec(f, join_path(rel, s.s));
		free(sb_take(&s));
		decl = attr_decl(f, u);
		f->recs[idx].is_attr = 1;
		f->recs[idx].min = use && strcmp(use, "required") == 0;
		f->recs[idx].max = 1;
		describe_simple(f, decl, idx);
		f->recs[idx].fixed = xdup(attr_fixed(f, u));
		dflt = attr(u->decl, "default");
		f->recs[idx].dflt = xdup(dflt ? dflt : attr(decl, "default"));
	}
}

static void emit_particle(flattener *f, const xsd_doc *d, const xmlNode *p, const char *rel,
			  int pmin, int pmax, int depth);

static int is_particle(const xmlNode *n)
{
	return is_xs(n, "element") || is_xs(n, "sequence") || is_xs(n, "choice") ||
	       is_xs(n, "all") || is_xs(n, "group") || is_xs(n, "any");
}

/* Emits the child elements of a complex type (extension: the base type's content first). */
static void emit_content(flattener *f, const xsd_doc *d, const xmlNode *ct, const char *rel, int depth, int chain)
{
	int simple = 0;
	const xmlNode *der = derivation(ct, &simple), *c;

	ck_assert_msg(chain <= MAX_CHAIN, "%s: type derivation too deep", f->b->dir);
	if (der && simple)
		return;
	if (der && is_xs(der, "extension")) {
		const xsd_doc *bd;
		const xmlNode *base = base_complex(f, der, &bd);

		if (base)
			emit_content(f, bd, base, rel, depth, chain + 1);
	}
	for (c = (der ? der : ct)->children; c; c = c->next)
		if (is_particle(c))
			emit_particle(f, d, c, rel, 1, 1, depth);
}

/* Expands a complex type into record idx (code summary or simple content) and records below it. */
static void expand_complex(flattener *f, const xsd_doc *d, const xmlNode *ct, size_t idx, int depth)
{
	attr_list al = {0};
	const xattr_use *uri, *ver;
	const xmlNode *der;
	char *rel;
	int simple = 0;
	size_t i;

	for (i = 0; i < f->nstack; i++) {
		if (f->stack[i] == ct) {
			set_str(&f->recs[idx].content, xdup("recursive"));
			return;
		}
	}
	if (depth >= MAX_DEPTH || f->nstack >= sizeof f->stack / sizeof f->stack[0]) {
		set_str(&f->recs[idx].content, xdup("depth-limit"));
		return;
	}
	f->stack[f->nstack++] = ct;

	collect_attrs(f, d, ct, &al, 0);
	uri = attr_list_find(&al, "listURI");
	ver = attr_list_find(&al, "listVersionID");
	if (uri && ver) {
		/* A code type: one record with the code list properties. */
		const xmlNode *code = find_code_child(f, ct, 0), *c;
		const char *use = attr(ver->decl, "use");
		sbuf e = {0};

		f->recs[idx].code = 1;
		f->recs[idx].list_uri = xdup(attr_fixed(f, uri));
		f->recs[idx].list_version = xdup(attr_fixed(f, ver));
		f->recs[idx].version_required = use && strcmp(use, "required") == 0;
		if (code && attr(code, "type")) {
			const char *ns, *local;
			const xsd_doc *sd;
			const xmlNode *st;

			if (resolve_qname(code, attr(code, "type"), &ns, &local) &&
			    (st = find_global(f->b, "simpleType", ns, local, &sd)))
				enum_values(f, st, &e, 0);
		} else if (code) {
			for (c = code->children; c; c = c->next)
				if (is_xs(c, "simpleType"))
					enum_values(f, c, &e, 0);
		}
		f->recs[idx].enumeration = sb_take(&e);
	} else {
		der = derivation(ct, &simple);
		if (der && simple) {
			sbuf s = {0};

			complex_simple_summary(f, ct, &s, 0);
			set_str(&f->recs[idx].content, sb_take(&s));
		} else {
			const char *mixed = attr(ct, "mixed");

			if (mixed && (strcmp(mixed, "true") == 0 || strcmp(mixed, "1") == 0))
				set_str(&f->recs[idx].content, xdup("mixed"));
		}
		/* recs may move while children are added: work on a copy of the path. */
		rel = xdup(f->recs[idx].rel);
		emit_content(f, d, ct, rel, depth, 0);
		emit_attrs(f, &al, rel);
		free(rel);
	}
	free(al.v);
	f->nstack--;
}

/* Fills record idx from an element declaration: fixed/default, type, and everything below. */
static void describe_element(flattener *f, const xsd_doc *d, const xmlNode *decl, size_t idx, int depth)
{
	const char *t = attr(decl, "type");
	const xmlNode *c;

	f->recs[idx].fixed = xdup(attr(decl, "fixed"));
	f->recs[idx].dflt = xdup(attr(decl, "default"));
	if (t) {
		const char *ns, *local;
		const xsd_doc *td;
		const xmlNode *ct;

		ck_assert_msg(resolve_qname(decl, t, &ns, &local), "%s: bad type %s", f->b->dir, t);
		if (strcmp(ns, XS_NS) != 0 && (ct = find_global(f->b, "complexType", ns, local, &td))) {
			set_str(&f->recs[idx].type, type_label(f->b, ns, local, t));
			expand_complex(f, td, ct, idx, depth);
			return;
		}
		ck_assert_msg(strcmp(ns, XS_NS) == 0 || find_global(f->b, "simpleType", ns, local, &td),
			      "%s: type %s not found (line %d)", f->b->dir, t, decl->line);
		describe_simple(f, decl, idx);
		return;
	}
	for (c = decl->children; c; c = c->next) {
		if (is_xs(c, "complexType")) {
			expand_complex(f, d, c, idx, depth);
			return;
		}
		if (is_xs(c, "simpleType")) {
			describe_simple(f, decl, idx);
			return;
		}
	}
	set_str(&f->recs[idx].type, xdup("xs:anyType"));
}

/* Emits an element particle (declaration or reference) below rel with the effective occurrences. */
static void emit_element(flattener *f, const xsd_doc *d, const xmlNode *el, const char *rel,
			 int min, int max, int depth)
{
	const xmlNode *decl = el;
	const xsd_doc *dd = d;
	const char *name, *form;
	int qualified;
	size_t idx;

	if (attr(el, "ref")) {
		const char *ns;

		decl = find_ref(f->b, "element", el, "ref", &dd);
		resolve_qname(el, attr(el, "ref"), &ns, &name);
		qualified = 1;  /* global elements are always qualified */
	} else {
		name = attr(el, "name");
		ck_assert_msg(name != NULL, "%s: element without name or ref (line %d)", f->b->dir, el->line);
		form = attr(el, "form");
		qualified = form ? strcmp(form, "qualified") == 0 : d->elem_qualified;
	}
	idx = add_rec(f, join_path(rel, name));
	f->recs[idx].min = min;
	f->recs[idx].max = max;
	f->recs[idx].qualified = qualified;
	describe_element(f, dd, decl, idx, depth + 1);
}

/*
 * Emits a particle with the occurrences of its enclosing group (pmin,
 * pmax): element, model group (nested at will), group reference, wildcard.
 */
static void emit_particle(flattener *f, const xsd_doc *d, const xmlNode *p, const char *rel,
			  int pmin, int pmax, int depth)
{
	const xmlNode *c;
	int min, max;

	read_occurs(p, &min, &max);
	min *= pmin;
	max = occ_mul(max, pmax);
	if (is_xs(p, "element")) {
		emit_element(f, d, p, rel, min, max, depth);
	} else if (is_xs(p, "sequence") || is_xs(p, "all") || is_xs(p, "choice")) {
		int branches = 0;

		for (c = p->children; c; c = c->next)
			branches += is_particle(c);
		/* In a choice of several branches, each branch may be absent. */
		for (c = p->children; c; c = c->next)
			if (is_particle(c))
				emit_particle(f, d, c, rel, (is_xs(p, "choice") && branches > 1) ? 0 : min, max, depth);
	} else if (is_xs(p, "group")) {
		const xsd_doc *gd;
		const xmlNode *g = find_ref(f->b, "group", p, "ref", &gd);

		for (c = g->children; c; c = c->next)
			if (is_particle(c))
				emit_particle(f, gd, c, rel, min, max, depth);
	} else if (is_xs(p, "any")) {
		size_t idx = add_rec(f, join_path(rel, "#any"));

		f->recs[idx].min = min;
		f->recs[idx].max = max;
		set_str(&f->recs[idx].type, xdup("#any"));
	}
}

static int rec_cmp(const void *a, const void *b)
{
	return strcmp(((const xrec *)a)->rel, ((const xrec *)b)->rel);
}

/*
 * Sorts the records and merges repeated paths (the same name twice in one
 * content model): occurrences add up, differing declarations are marked.
 */
static void sort_records(xrec *recs, size_t *n)
{
	size_t i, out = 0;

	qsort(recs, *n, sizeof *recs, rec_cmp);
	for (i = 0; i < *n; i++) {
		if (out && strcmp(recs[out - 1].rel, recs[i].rel) == 0) {
			xrec *k = &recs[out - 1];

			k->min += recs[i].min;
			k->max = (k->max < 0 || recs[i].max < 0) ? -1 : k->max + recs[i].max;
			if (!same(k->type, recs[i].type) || !same(k->content, recs[i].content))
				set_str(&k->content, xdup("ambiguous"));
			free_rec(&recs[i]);
		} else {
			recs[out++] = recs[i];
		}
	}
	*n = out;
}

/* Flattens one message of a loaded bundle. */
static void flatten_message(const bundle *b, xmsg *m)
{
	flattener f = {0};
	const xsd_doc *d;
	const xmlNode *decl = find_global(b, "element", m->ns, m->root, &d);
	size_t idx;

	ck_assert_msg(decl != NULL, "%s: no global element {%s}%s for message %s",
		      b->dir, m->ns, m->root, m->number);
	f.b = b;
	idx = add_rec(&f, xdup(""));
	f.recs[idx].qualified = 1;
	describe_element(&f, d, decl, idx, 0);
	sort_records(f.recs, &f.n);
	m->recs = f.recs;
	m->nrecs = f.n;
}

/* Loads a bundle directory: manifest, XSD files, and the flattened messages. */
static void load_bundle(bundle *b, const char *dir)
{
	char *mpath = join_path(dir, "xoev-bundle.xml");
	xmlDocPtr doc = parse_file(mpath);
	const xmlNode *root = xmlDocGetRootElement(doc), *c;
	size_t i;

	ck_assert_msg(is_in(root, BUNDLE_NS, "bundle"), "%s is no bundle manifest", mpath);
	memset(b, 0, sizeof *b);
	b->dir = realpath(dir, NULL);
	ck_assert_msg(b->dir != NULL, "%s not found", dir);
	b->standard = xdup(attr(root, "standard"));
	b->version = xdup(attr(root, "version"));
	ck_assert_msg(b->standard && b->version, "%s: standard or version missing", mpath);
	for (c = root->children; c; c = c->next) {
		if (is_in(c, BUNDLE_NS, "schema") && attr(c, "href")) {
			load_xsd(b, b->dir, attr(c, "href"));
		} else if (is_in(c, BUNDLE_NS, "message")) {
			xmsg *m;

			b->msgs = xrealloc(b->msgs, (b->nmsgs + 1) * sizeof *b->msgs);
			m = &b->msgs[b->nmsgs++];
			memset(m, 0, sizeof *m);
			m->root = xdup(attr(c, "root"));
			m->number = xdup(attr(c, "number"));
			m->ns = xdup(attr(c, "namespace") ? attr(c, "namespace") : "");
			ck_assert_msg(m->root && m->number, "%s: message without root or number", mpath);
		} else if (is_in(c, BUNDLE_NS, "codelist")) {
			b->codelists = xrealloc(b->codelists, (b->ncodelists + 1) * sizeof *b->codelists);
			b->codelists[b->ncodelists].uri = xdup(attr(c, "uri"));
			b->codelists[b->ncodelists].version = xdup(attr(c, "version"));
			b->ncodelists++;
		}
	}
	xmlFreeDoc(doc);
	free(mpath);
	ck_assert_msg(b->nmsgs > 0, "%s: no messages", b->dir);
	b->std_ns = b->msgs[0].ns;
	for (i = 0; i < b->nmsgs; i++)
		flatten_message(b, &b->msgs[i]);
}

static const xmsg *find_msg(const bundle *b, const char *number)
{
	size_t i;

	for (i = 0; i < b->nmsgs; i++)
		if (strcmp(b->msgs[i].number, number) == 0)
			return &b->msgs[i];
	return NULL;
}

static const xrec *find_rel(const xmsg *m, const char *rel)
{
	xrec key;

	memset(&key, 0, sizeof key);
	key.rel = (char *)rel;
	return bsearch(&key, m->recs, m->nrecs, sizeof *m->recs, rec_cmp);
}

/* The record of a full path ("root/a/b") in message number, or NULL. */
static const xrec *find_full(const bundle *b, const char *number, const char *full)
{
	const xmsg *m = find_msg(b, number);
	size_t n;

	if (!m || !full || !is_under(full, m->root))
		return NULL;
	n = strlen(m->root);
	return find_rel(m, full[n] ? full + n + 1 : "");
}

/* ============================================================ change files */

/* A <path> (number, old, new) or a <message> (number, oldRoot, newRoot) of a change. */
typedef struct {
	char *number, *old, *nw;
	int used;               /* explains at least one difference */
} cref;

typedef struct {
	char *id, *kind;
	char **messages;        /* <messages> */
	size_t nmessages;
	cref message;           /* <message>, if has_message */
	int has_message;
	cref *paths;
	size_t npaths;
	char *type_old, *type_new;      /* <type> attributes, NULL when absent */
	char *min_old, *min_new, *max_old, *max_new;
	int has_codelist;
	char *cl_uri, *cl_old, *cl_new;
	int cl_oldtype, cl_newtype;     /* 0 when absent */
	int dropped;            /* ignored (the negative test) */
} xchange;

typedef struct {
	char *a, *b, *c;        /* namespace: from, to; rootAttribute: name, from, to */
	int used;
} cimplicit;

typedef struct {
	char *file;
	char *standard, *from, *to;
	cimplicit *ns;
	size_t nns;
	cimplicit *rootattrs;
	size_t nrootattrs;
	xchange *ch;
	size_t nch;
} xchanges;

static void free_changes(xchanges *cf)
{
	size_t i, j;

	for (i = 0; i < cf->nch; i++) {
		xchange *ch = &cf->ch[i];

		free(ch->id);
		free(ch->kind);
		for (j = 0; j < ch->nmessages; j++)
			free(ch->messages[j]);
		free(ch->messages);
		free(ch->message.number);
		free(ch->message.old);
		free(ch->message.nw);
		for (j = 0; j < ch->npaths; j++) {
			free(ch->paths[j].number);
			free(ch->paths[j].old);
			free(ch->paths[j].nw);
		}
		free(ch->paths);
		free(ch->type_old);
		free(ch->type_new);
		free(ch->min_old);
		free(ch->min_new);
		free(ch->max_old);
		free(ch->max_new);
		free(ch->cl_uri);
		free(ch->cl_old);
		free(ch->cl_new);
	}
	free(cf->ch);
	for (i = 0; i < cf->nns; i++) {
		free(cf->ns[i].a);
		free(cf->ns[i].b);
	}
	free(cf->ns);
	for (i = 0; i < cf->nrootattrs; i++) {
		free(cf->rootattrs[i].a);
		free(cf->rootattrs[i].b);
		free(cf->rootattrs[i].c);
	}
	free(cf->rootattrs);
	free(cf->file);
	free(cf->standard);
	free(cf->from);
	free(cf->to);
	memset(cf, 0, sizeof *cf);
}

static int int_attr(const xmlNode *n, const char *name)
{
	const char *v = attr(n, name);

	return v ? atoi(v) : 0;
}

static void parse_change(xchange *ch, const xmlNode *el)
{
	const xmlNode *c;

	memset(ch, 0, sizeof *ch);
	ch->id = xdup(attr(el, "id") ? attr(el, "id") : "?");
	ch->kind = xdup(attr(el, "kind") ? attr(el, "kind") : "?");
	for (c = el->children; c; c = c->next) {
		if (is_in(c, CHANGES_NS, "messages")) {
			xmlChar *text = xmlNodeGetContent(c);
			char *save = NULL, *tok;

			for (tok = strtok_r((char *)text, " \t\r\n", &save); tok;
			     tok = strtok_r(NULL, " \t\r\n", &save)) {
				ch->messages = xrealloc(ch->messages, (ch->nmessages + 1) * sizeof *ch->messages);
				ch->messages[ch->nmessages++] = xdup(tok);
			}
			xmlFree(text);
		} else if (is_in(c, CHANGES_NS, "message")) {
			ch->has_message = 1;
			ch->message.number = xdup(attr(c, "number"));
			ch->message.old = xdup(attr(c, "oldRoot"));
			ch->message.nw = xdup(attr(c, "newRoot"));
		} else if (is_in(c, CHANGES_NS, "path")) {
			cref *p;

			ch->paths = xrealloc(ch->paths, (ch->npaths + 1) * sizeof *ch->paths);
			p = &ch->paths[ch->npaths++];
			p->number = xdup(attr(c, "message"));
			p->old = xdup(attr(c, "old"));
			p->nw = xdup(attr(c, "new"));
			p->used = 0;
		} else if (is_in(c, CHANGES_NS, "type")) {
			ch->type_old = xdup(attr(c, "old"));
			ch->type_new = xdup(attr(c, "new"));
			ch->min_old = xdup(attr(c, "oldMinOccurs"));
			ch->min_new = xdup(attr(c, "newMinOccurs"));
			ch->max_old = xdup(attr(c, "oldMaxOccurs"));
			ch->max_new = xdup(attr(c, "newMaxOccurs"));
		} else if (is_in(c, CHANGES_NS, "codelist")) {
			ch->has_codelist = 1;
			ch->cl_uri = xdup(attr(c, "uri"));
			ch->cl_old = xdup(attr(c, "oldVersion"));
			ch->cl_new = xdup(attr(c, "newVersion"));
			ch->cl_oldtype = int_attr(c, "oldCodeType");
			ch->cl_newtype = int_attr(c, "newCodeType");
		}
	}
}

static void load_changes(xchanges *cf, const char *path)
{
	xmlDocPtr doc = parse_file(path);
	const xmlNode *root = xmlDocGetRootElement(doc), *c;

	ck_assert_msg(is_in(root, CHANGES_NS, "changes"), "%s is no change file", path);
	memset(cf, 0, sizeof *cf);
	cf->file = xdup(path);
	cf->standard = xdup(attr(root, "standard"));
	cf->from = xdup(attr(root, "from"));
	cf->to = xdup(attr(root, "to"));
	for (c = root->children; c; c = c->next) {
		if (is_in(c, CHANGES_NS, "namespace")) {
			cf->ns = xrealloc(cf->ns, (cf->nns + 1) * sizeof *cf->ns);
			memset(&cf->ns[cf->nns], 0, sizeof *cf->ns);
			cf->ns[cf->nns].a = xdup(attr(c, "from"));
			cf->ns[cf->nns].b = xdup(attr(c, "to"));
			cf->nns++;
		} else if (is_in(c, CHANGES_NS, "rootAttribute")) {
			cf->rootattrs = xrealloc(cf->rootattrs, (cf->nrootattrs + 1) * sizeof *cf->rootattrs);
			memset(&cf->rootattrs[cf->nrootattrs], 0, sizeof *cf->rootattrs);
			cf->rootattrs[cf->nrootattrs].a = xdup(attr(c, "name"));
			cf->rootattrs[cf->nrootattrs].b = xdup(attr(c, "from"));
			cf->rootattrs[cf->nrootattrs].c = xdup(attr(c, "to"));
			cf->nrootattrs++;
		} else if (is_in(c, CHANGES_NS, "change")) {
			cf->ch = xrealloc(cf->ch, (cf->nch + 1) * sizeof *cf->ch);
			parse_change(&cf->ch[cf->nch++], c);
		}
	}
	xmlFreeDoc(doc);
}

/* ============================================================ differences */

enum dkind {
	D_MSG_ADDED, D_MSG_REMOVED, D_MSG_RENAMED, D_NAMESPACE,
	D_PATH_ADDED, D_PATH_REMOVED,
	D_MIN, D_MAX, D_FORM, D_TYPE, D_CONTENT, D_FIXED, D_DEFAULT,
	D_LIST_URI, D_LIST_VERSION, D_CODE_TYPE, D_ENUM
};

static const char *const dkind_names[] = {
	"message added", "message removed", "message renamed", "namespace changed",
	"path added", "path removed",
	"minOccurs/use changed", "maxOccurs changed", "form changed", "type changed",
	"simple content changed", "fixed value changed", "default changed",
	"listURI changed", "listVersionID changed", "code type changed", "enumeration changed"
};

typedef struct {
	enum dkind kind;
	const char *number;     /* message number (points into the bundle) */
	char *rel;              /* relative path for record differences, else NULL */
	char *old_path, *new_path;      /* full paths or roots; NULL on the absent side */
	char *old_val, *new_val;        /* compared property values, NULL when absent */
	const char *by;         /* id of an explaining entry, NULL if unexplained */
} xdiff;

typedef struct {
	xdiff *v;
	size_t n;
} difflist;

static void free_diffs(difflist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].rel);
		free(l->v[i].old_path);
		free(l->v[i].new_path);
		free(l->v[i].old_val);
		free(l->v[i].new_val);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Adds a difference; takes the path strings, copies the values. */
static void diff_add(difflist *l, enum dkind kind, const char *number, const char *rel,
		     char *old_path, char *new_path, const char *old_val, const char *new_val)
{
	xdiff *d;

	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	d = &l->v[l->n++];
	d->kind = kind;
	d->number = number;
	d->rel = xdup(rel);
	d->old_path = old_path;
	d->new_path = new_path;
	d->old_val = xdup(old_val);
	d->new_val = xdup(new_val);
	d->by = NULL;
}

static char *full_path(const xmsg *m, const char *rel)
{
	return *rel ? join_path(m->root, rel) : xdup(m->root);
}

/* Adds a property difference of two records at the same relative path, if the values differ. */
static void diff_prop(difflist *l, enum dkind kind, const xmsg *om, const xmsg *nm, const char *rel,
		      const char *ov, const char *nv)
{
	if (!same(ov, nv))
		diff_add(l, kind, om->number, rel, full_path(om, rel), full_path(nm, rel), ov, nv);
}

static void diff_int(difflist *l, enum dkind kind, const xmsg *om, const xmsg *nm, const char *rel,
		     int ov, int nv)
{
	char a[32], b[32];

	if (ov == nv)
		return;
	if (ov < 0)
		snprintf(a, sizeof a, "unbounded");
	else
		snprintf(a, sizeof a, "%d", ov);
	if (nv < 0)
		snprintf(b, sizeof b, "unbounded");
	else
		snprintf(b, sizeof b, "%d", nv);
	diff_prop(l, kind, om, nm, rel, a, b);
}

static void compare_records(difflist *l, const xmsg *om, const xmsg *nm, const xrec *o, const xrec *n)
{
	const char *rel = o->rel;

	diff_int(l, D_MIN, om, nm, rel, o->min, n->min);
	diff_int(l, D_MAX, om, nm, rel, o->max, n->max);
	if (!o->is_attr)
		diff_int(l, D_FORM, om, nm, rel, o->qualified, n->qualified);
	diff_prop(l, D_TYPE, om, nm, rel, o->type, n->type);
	diff_prop(l, D_CONTENT, om, nm, rel, o->content, n->content);
	diff_prop(l, D_FIXED, om, nm, rel, o->fixed, n->fixed);
	diff_prop(l, D_DEFAULT, om, nm, rel, o->dflt, n->dflt);
	if (o->code && n->code) {
		diff_prop(l, D_LIST_URI, om, nm, rel, o->list_uri, n->list_uri);
		diff_prop(l, D_LIST_VERSION, om, nm, rel, o->list_version, n->list_version);
		diff_int(l, D_CODE_TYPE, om, nm, rel, code_type(o), code_type(n));
		diff_prop(l, D_ENUM, om, nm, rel, o->enumeration, n->enumeration);
	} else {
		diff_int(l, D_CODE_TYPE, om, nm, rel, code_type(o), code_type(n));
	}
}

/* Every difference between two consecutive bundles. */
static void compare_bundles(difflist *l, const bundle *ob, const bundle *nb)
{
	size_t i, j, k;

	for (i = 0; i < ob->nmsgs; i++) {
		const xmsg *om = &ob->msgs[i], *nm = find_msg(nb, om->number);

		if (!nm) {
			diff_add(l, D_MSG_REMOVED, om->number, NULL, xdup(om->root), NULL, NULL, NULL);
			continue;
		}
		if (strcmp(om->root, nm->root) != 0)
			diff_add(l, D_MSG_RENAMED, om->number, NULL, xdup(om->root), xdup(nm->root), NULL, NULL);
		if (strcmp(om->ns, nm->ns) != 0)
			diff_add(l, D_NAMESPACE, om->number, NULL, xdup(om->root), xdup(nm->root), om->ns, nm->ns);
		/* Merge of the two sorted record lists by relative path. */
		j = k = 0;
		while (j < om->nrecs || k < nm->nrecs) {
			int c = j >= om->nrecs ? 1 : k >= nm->nrecs ? -1 :
				strcmp(om->recs[j].rel, nm->recs[k].rel);

			if (c < 0) {
				diff_add(l, D_PATH_REMOVED, om->number, om->recs[j].rel,
					 full_path(om, om->recs[j].rel), NULL, NULL, NULL);
				j++;
			} else if (c > 0) {
				diff_add(l, D_PATH_ADDED, om->number, nm->recs[k].rel,
					 NULL, full_path(nm, nm->recs[k].rel), NULL, NULL);
				k++;
			} else {
				compare_records(l, om, nm, &om->recs[j], &nm->recs[k]);
				j++;
				k++;
			}
		}
	}
	for (i = 0; i < nb->nmsgs; i++)
		if (!find_msg(ob, nb->msgs[i].number))
			diff_add(l, D_MSG_ADDED, nb->msgs[i].number, NULL, NULL, xdup(nb->msgs[i].root), NULL, NULL);
}

/* ============================================================ explanation */

static int kind_is(const char *kind, const char *const *kinds)
{
	for (; *kinds; kinds++)
		if (strcmp(kind, *kinds) == 0)
			return 1;
	return 0;
}

/* The paths of the reference are exactly the difference's old and new path. */
static int ref_exact(const cref *r, const xdiff *d)
{
	return r->old && r->nw && d->old_path && d->new_path &&
	       strcmp(r->old, d->old_path) == 0 && strcmp(r->nw, d->new_path) == 0;
}

/*
 * Does the <path> reference r of change ch explain the difference d?
 *   rename, move:   the old path and its subtree removed, the new path and its subtree added;
 *   wrap:           the same, plus the new wrapper(s) above the new path added;
 *   unwrap:         the same, plus the removed wrapper(s) above the old path;
 *   add-optional, add-required: the new path and its subtree added;
 *   remove:         the old path and its subtree removed;
 *   required-to-optional / optional-to-required: minOccurs (or use) at
 *                   exactly that path, in that direction;
 *   cardinality:    maxOccurs at exactly that path;
 *   type-change:    type, simple content, fixed, default or listURI at that path;
 *   codelist-version: listVersionID or enumeration of the code element at that path;
 *   codetype-change:  the same, plus the code type and listURI.
 */
static int ref_explains(const xchange *ch, const cref *r, const xdiff *d)
{
	static const char *const removing[] = {"rename", "move", "wrap", "unwrap", "remove", NULL};
	static const char *const adding[] = {"rename", "move", "wrap", "unwrap", "add-optional", "add-required", NULL};
	static const char *const codelist[] = {"codelist-version", "codetype-change", NULL};
	static const char *const list_uri[] = {"type-change", "codetype-change", NULL};
	const char *k = ch->kind;

	if (!same(r->number, d->number))
		return 0;
	switch (d->kind) {
	case D_PATH_REMOVED:
		if (!r->old)
			return 0;
		if (kind_is(k, removing) && is_under(d->old_path, r->old))
			return 1;
		return strcmp(k, "unwrap") == 0 && is_ancestor(d->old_path, r->old);
	case D_PATH_ADDED:
		if (!r->nw)
			return 0;
		if (kind_is(k, adding) && is_under(d->new_path, r->nw))
			return 1;
		return strcmp(k, "wrap") == 0 && is_ancestor(d->new_path, r->nw);
	case D_MIN:
		if (!ref_exact(r, d))
			return 0;
		if (strcmp(k, "required-to-optional") == 0)
			return atoi(d->old_val) > 0 && atoi(d->new_val) == 0;
		if (strcmp(k, "optional-to-required") == 0)
			return atoi(d->old_val) == 0 && atoi(d->new_val) > 0;
		return 0;
	case D_MAX:
		return strcmp(k, "cardinality") == 0 && ref_exact(r, d);
	case D_TYPE:
	case D_CONTENT:
	case D_FIXED:
	case D_DEFAULT:
		return strcmp(k, "type-change") == 0 && ref_exact(r, d);
	case D_LIST_URI:
		return kind_is(k, list_uri) && ref_exact(r, d);
	case D_LIST_VERSION:
	case D_ENUM:
		return kind_is(k, codelist) && ref_exact(r, d);
	case D_CODE_TYPE:
		return strcmp(k, "codetype-change") == 0 && ref_exact(r, d);
	default:
		return 0;
	}
}

/* Does the <message> of change ch explain the message-level difference d? */
static int message_explains(const xchange *ch, const cref *m, const xdiff *d)
{
	if (!same(m->number, d->number))
		return 0;
	switch (d->kind) {
	case D_MSG_RENAMED:
		return strcmp(ch->kind, "message-rename") == 0 &&
		       same(m->old, d->old_path) && same(m->nw, d->new_path);
	case D_MSG_ADDED:
		return strcmp(ch->kind, "message-add") == 0 && !m->old && same(m->nw, d->new_path);
	case D_MSG_REMOVED:
		return strcmp(ch->kind, "message-remove") == 0 && !m->nw && same(m->old, d->old_path);
	default:
		return 0;
	}
}

/* Explains d by the step's <namespace> or <rootAttribute> elements; returns 1 if explained. */
static int implicit_explains(xchanges *cf, const xdiff *d)
{
	size_t i;
	int found = 0;

	if (d->kind == D_NAMESPACE) {
		for (i = 0; i < cf->nns; i++) {
			if (same(cf->ns[i].a, d->old_val) && same(cf->ns[i].b, d->new_val)) {
				cf->ns[i].used = 1;
				found = 1;
			}
		}
	} else if (d->kind == D_FIXED && d->rel && d->rel[0] == '@') {
		for (i = 0; i < cf->nrootattrs; i++) {
			if (same(cf->rootattrs[i].a, d->rel + 1) && same(cf->rootattrs[i].b, d->old_val) &&
			    same(cf->rootattrs[i].c, d->new_val)) {
				cf->rootattrs[i].used = 1;
				found = 1;
			}
		}
	}
	return found;
}

static void describe_diff(const xdiff *d, sbuf *out)
{
	sbuf s = {0};

	sb_printf(&s, "message %s: %s: ", d->number, dkind_names[d->kind]);
	if (d->old_path && d->new_path && strcmp(d->old_path, d->new_path) != 0)
		sb_printf(&s, "%s -> %s", d->old_path, d->new_path);
	else
		sb_printf(&s, "%s", d->old_path ? d->old_path : d->new_path);
	if (d->old_val || d->new_val)
		sb_printf(&s, " (\"%s\" -> \"%s\")", d->old_val ? d->old_val : "(none)",
			  d->new_val ? d->new_val : "(none)");
	sb_printf(out, "%s", s.s);
	free(s.s);
}

/* ====================================================== entry consistency */

static void problem(sbuf *report, size_t *count, const char *step, const char *format, ...)
	__attribute__((format(printf, 4, 5)));

static void problem(sbuf *report, size_t *count, const char *step, const char *format, ...)
{
	va_list ap;
	char buf[2048];

	va_start(ap, format);
	vsnprintf(buf, sizeof buf, format, ap);
	va_end(ap);
	sb_printf(report, "  %s: %s\n", step, buf);
	(*count)++;
}

static int bundle_ships(const bundle *b, const char *uri, const char *version)
{
	size_t i;

	for (i = 0; i < b->ncodelists; i++)
		if (same(b->codelists[i].uri, uri) && same(b->codelists[i].version, version))
			return 1;
	return 0;
}

static int occurs_value(const char *s)
{
	return strcmp(s, "unbounded") == 0 ? -1 : atoi(s);
}

/* The parent path of a full path (a copy), or NULL at the root. */
static char *parent_path(const char *path)
{
	char *p = xdup(path), *slash = strrchr(p, '/');

	if (!slash) {
		free(p);
		return NULL;
	}
	*slash = '\0';
	return p;
}

/* Checks a type name of the entry against a record: named types only (an anonymous type has no name). */
static void check_type(sbuf *rep, size_t *cnt, const char *step, const xchange *ch, const char *side,
		       const char *claimed, const xrec *r, const char *path)
{
	if (claimed && r && *r->type && strcmp(claimed, r->type) != 0)
		problem(rep, cnt, step, "change %s: %s type %s, but %s has type %s",
			ch->id, side, claimed, path, r->type);
}

/* Checks a code element's list properties against the entry's <codelist>. */
static void check_codelist(sbuf *rep, size_t *cnt, const char *step, const xchange *ch, const char *side,
			   const xrec *r, const char *path, const char *version, int ctype)
{
	if (!r)
		return;
	if (!r->code) {
		problem(rep, cnt, step, "change %s: %s is no code element", ch->id, path);
		return;
	}
	if (r->list_uri && !same(r->list_uri, ch->cl_uri))
		problem(rep, cnt, step, "change %s: codelist uri %s, but %s has listURI %s",
			ch->id, ch->cl_uri, path, r->list_uri);
	if (ctype && ctype != code_type(r))
		problem(rep, cnt, step, "change %s: %s code type %d, but %s has code type %d",
			ch->id, side, ctype, path, code_type(r));
	if (r->list_version && !same(r->list_version, version))
		problem(rep, cnt, step, "change %s: %s version %s, but %s fixes listVersionID %s",
			ch->id, side, version, path, r->list_version);
}

/* What the entries state about the schemas must agree with the flattened schemas. */
static void check_entries(const xchanges *cf, const bundle *ob, const bundle *nb, const char *step,
			  sbuf *rep, size_t *cnt)
{
	size_t i, j, k;

	for (i = 0; i < cf->nch; i++) {
		const xchange *ch = &cf->ch[i];
		int wrap = strcmp(ch->kind, "wrap") == 0, unwrap = strcmp(ch->kind, "unwrap") == 0;

		if (ch->dropped)
			continue;
		if (strcmp(ch->kind, "reorder") == 0)
			problem(rep, cnt, step, "change %s: kind reorder cannot be verified (element order is not compared)",
				ch->id);
		if (ch->has_message) {
			for (k = 0; k < ch->nmessages && !same(ch->messages[k], ch->message.number); k++)
				;
			if (k == ch->nmessages)
				problem(rep, cnt, step, "change %s: message %s is not listed in <messages>",
					ch->id, ch->message.number);
		}
		if (ch->has_codelist && (!bundle_ships(ob, ch->cl_uri, ch->cl_old) || !bundle_ships(nb, ch->cl_uri, ch->cl_new)))
			problem(rep, cnt, step, "change %s: code list %s %s -> %s is not shipped by both bundles",
				ch->id, ch->cl_uri, ch->cl_old, ch->cl_new);
		for (j = 0; j < ch->npaths; j++) {
			const cref *p = &ch->paths[j];
			const xrec *o = find_full(ob, p->number, p->old), *n = find_full(nb, p->number, p->nw);

			for (k = 0; k < ch->nmessages && !same(ch->messages[k], p->number); k++)
				;
			if (k == ch->nmessages)
				problem(rep, cnt, step, "change %s: path of message %s, which is not listed in <messages>",
					ch->id, p->number);
			if (wrap || unwrap) {
				/* <type>: old = the type that held the elements, new = the wrapper's type. */
				char *op = p->old ? parent_path(p->old) : NULL, *np = p->nw ? parent_path(p->nw) : NULL;
				const xrec *oh = op ? find_full(ob, p->number, op) : NULL;
				const xrec *nh = np ? find_full(nb, p->number, np) : NULL;

				check_type(rep, cnt, step, ch, wrap ? "old" : "new", wrap ? ch->type_old : ch->type_new,
					   wrap ? oh : nh, wrap ? op : np);
				check_type(rep, cnt, step, ch, wrap ? "new" : "old", wrap ? ch->type_new : ch->type_old,
					   wrap ? nh : oh, wrap ? np : op);
				free(op);
				free(np);
			} else {
				check_type(rep, cnt, step, ch, "old", ch->type_old, o, p->old);
				check_type(rep, cnt, step, ch, "new", ch->type_new, n, p->nw);
				if (o && ch->min_old && occurs_value(ch->min_old) != o->min)
					problem(rep, cnt, step, "change %s: oldMinOccurs %s, but %s has %d",
						ch->id, ch->min_old, p->old, o->min);
				if (n && ch->min_new && occurs_value(ch->min_new) != n->min)
					problem(rep, cnt, step, "change %s: newMinOccurs %s, but %s has %d",
						ch->id, ch->min_new, p->nw, n->min);
				if (o && ch->max_old && occurs_value(ch->max_old) != o->max)
					problem(rep, cnt, step, "change %s: oldMaxOccurs %s, but %s has %d",
						ch->id, ch->max_old, p->old, o->max);
				if (n && ch->max_new && occurs_value(ch->max_new) != n->max)
					problem(rep, cnt, step, "change %s: newMaxOccurs %s, but %s has %d",
						ch->id, ch->max_new, p->nw, n->max);
			}
			if (strcmp(ch->kind, "add-optional") == 0 && n && n->min != 0)
				problem(rep, cnt, step, "change %s: add-optional, but %s has minOccurs %d",
					ch->id, p->nw, n->min);
			if (strcmp(ch->kind, "add-required") == 0 && n && n->min == 0)
				problem(rep, cnt, step, "change %s: add-required, but %s is optional", ch->id, p->nw);
			if (ch->has_codelist) {
				check_codelist(rep, cnt, step, ch, "old", o, p->old, ch->cl_old, ch->cl_oldtype);
				check_codelist(rep, cnt, step, ch, "new", n, p->nw, ch->cl_new, ch->cl_newtype);
			}
		}
	}
}

/* ================================================================ a step */

/*
 * Checks one step (ob -> nb) against its change file: every difference
 * explained, every entry used, every entry consistent with the schemas.
 * Appends the problems to report and returns their number. With verbose,
 * prints every difference and what explains it.
 */
static size_t check_step(const bundle *ob, const bundle *nb, xchanges *cf, sbuf *report, int verbose)
{
	difflist l = {0};
	char step[256];
	size_t i, j, count = 0, unexplained = 0;

	snprintf(step, sizeof step, "%s %s -> %s", ob->standard, ob->version, nb->version);
	if (!same(cf->standard, ob->standard) || !same(cf->from, ob->version) || !same(cf->to, nb->version))
		problem(report, &count, step, "%s says standard=%s from=%s to=%s", cf->file,
			cf->standard ? cf->standard : "", cf->from ? cf->from : "", cf->to ? cf->to : "");
	for (i = 0; i < cf->nns; i++)
		cf->ns[i].used = 0;
	for (i = 0; i < cf->nrootattrs; i++)
		cf->rootattrs[i].used = 0;
	for (i = 0; i < cf->nch; i++) {
		cf->ch[i].message.used = 0;
		for (j = 0; j < cf->ch[i].npaths; j++)
			cf->ch[i].paths[j].used = 0;
	}

	compare_bundles(&l, ob, nb);
	for (i = 0; i < l.n; i++) {
		xdiff *d = &l.v[i];

		if (implicit_explains(cf, d))
			d->by = d->kind == D_NAMESPACE ? "<namespace>" : "<rootAttribute>";
		/* Mark every entry that explains d, so that the stale check is fair. */
		for (j = 0; j < cf->nch; j++) {
			xchange *ch = &cf->ch[j];
			size_t k;

			if (ch->dropped)
				continue;
			if (ch->has_message && message_explains(ch, &ch->message, d)) {
				ch->message.used = 1;
				d->by = d->by ? d->by : ch->id;
			}
			for (k = 0; k < ch->npaths; k++) {
				if (ref_explains(ch, &ch->paths[k], d)) {
					ch->paths[k].used = 1;
					d->by = d->by ? d->by : ch->id;
				}
			}
		}
		if (!d->by) {
			sb_printf(report, "  %s: unexplained difference: ", step);
			describe_diff(d, report);
			sb_printf(report, "\n");
			count++;
			unexplained++;
		}
		if (verbose) {
			sbuf s = {0};

			describe_diff(d, &s);
			printf("  %s [%s] %s\n", step, d->by ? d->by : "UNEXPLAINED", s.s);
			free(s.s);
		}
	}
	if (verbose)
		printf("%s: %zu differences, %zu unexplained\n", step, l.n, unexplained);

	/* The converse: every entry must explain something. */
	for (i = 0; i < cf->nns; i++)
		if (!cf->ns[i].used)
			problem(report, &count, step, "stale <namespace from=\"%s\" to=\"%s\">: no message changes so",
				cf->ns[i].a ? cf->ns[i].a : "", cf->ns[i].b ? cf->ns[i].b : "");
	for (i = 0; i < cf->nrootattrs; i++)
		if (!cf->rootattrs[i].used)
			problem(report, &count, step, "stale <rootAttribute name=\"%s\">: the fixed value does not change so",
				cf->rootattrs[i].a ? cf->rootattrs[i].a : "");
	for (i = 0; i < cf->nch; i++) {
		const xchange *ch = &cf->ch[i];

		if (ch->dropped)
			continue;
		if (!ch->has_message && ch->npaths == 0)
			problem(report, &count, step, "change %s (%s) names neither a message nor a path", ch->id, ch->kind);
		if (ch->has_message && !ch->message.used)
			problem(report, &count, step, "stale change %s (%s): message %s (%s -> %s) explains no difference",
				ch->id, ch->kind, ch->message.number, ch->message.old ? ch->message.old : "-",
				ch->message.nw ? ch->message.nw : "-");
		for (j = 0; j < ch->npaths; j++)
			if (!ch->paths[j].used)
				problem(report, &count, step, "stale change %s (%s): path of message %s (%s -> %s) explains no difference",
					ch->id, ch->kind, ch->paths[j].number,
					ch->paths[j].old ? ch->paths[j].old : "-", ch->paths[j].nw ? ch->paths[j].nw : "-");
	}
	check_entries(cf, ob, nb, step, report, &count);
	free_diffs(&l);
	return count;
}

/* ============================================================== discovery */

typedef struct {
	char *name;             /* directory under schemas/ */
	bundle *versions;       /* in version order */
	size_t nversions;
	xchanges *steps;        /* steps[i]: versions[i] -> versions[i + 1] */
	size_t nsteps;
} standard;

/* Compares version strings numerically, part by part ("1.10" > "1.9"). */
static int version_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		char *ea, *eb;
		unsigned long na = strtoul(a, &ea, 10), nb = strtoul(b, &eb, 10);

		if (ea == a || eb == b)
			return strcmp(a, b);
		if (na != nb)
			return na < nb ? -1 : 1;
		a = ea + (*ea == '.');
		b = eb + (*eb == '.');
	}
	return (*a != '\0') - (*b != '\0');
}

static int version_qsort_cmp(const void *a, const void *b)
{
	return version_cmp(*(char *const *)a, *(char *const *)b);
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The names in dir (without "." entries) for which keep(dir/name) holds, sorted by name. */
static char **list_dir(const char *dir, int (*keep)(const char *), size_t *n)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	char **names = NULL;

	*n = 0;
	ck_assert_msg(dh != NULL, "cannot read %s", dir);
	while ((e = readdir(dh))) {
		char *p;

		if (e->d_name[0] == '.')
			continue;
		p = join_path(dir, e->d_name);
		if (keep(p)) {
			names = xrealloc(names, (*n + 1) * sizeof *names);
			names[(*n)++] = xdup(e->d_name);
		}
		free(p);
	}
	closedir(dh);
	if (*n > 1)
		qsort(names, *n, sizeof *names, version_qsort_cmp);
	return names;
}

static void free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static int has_changes_dir(const char *path)
{
	char *c = join_path(path, "changes");
	int r = is_dir(c);

	free(c);
	return r;
}

static int has_manifest(const char *path)
{
	char *m = join_path(path, "xoev-bundle.xml");
	int r = is_file(m);

	free(m);
	return r;
}

static int is_xml_file(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && strcmp(path + n - 4, ".xml") == 0 && is_file(path);
}

/*
 * Loads every standard with a changes/ directory: its bundles and the change
 * file of each step. Missing and orphaned change files go to report.
 */
static void load_standards(standard **out, size_t *nout, sbuf *report, size_t *count)
{
	const char *schemas = XOEV_SRCDIR "/schemas";
	size_t nstd, i, j;
	char **stds = list_dir(schemas, has_changes_dir, &nstd);

	*out = calloc(nstd ? nstd : 1, sizeof **out);
	if (!*out)
		abort();
	*nout = nstd;
	for (i = 0; i < nstd; i++) {
		standard *s = &(*out)[i];
		char *sdir = join_path(schemas, stds[i]), *cdir = join_path(sdir, "changes");
		size_t nver, nfiles;
		char **vers = list_dir(sdir, has_manifest, &nver);
		char **files = list_dir(cdir, is_xml_file, &nfiles);

		s->name = xdup(stds[i]);
		s->versions = calloc(nver ? nver : 1, sizeof *s->versions);
		s->steps = calloc(nver ? nver : 1, sizeof *s->steps);
		if (!s->versions || !s->steps)
			abort();
		for (j = 0; j < nver; j++) {
			char *vdir = join_path(sdir, vers[j]);

			load_bundle(&s->versions[j], vdir);
			s->nversions++;
			free(vdir);
		}
		for (j = 0; j + 1 < nver; j++) {
			sbuf name = {0};
			char *path;

			sb_printf(&name, "%s_%s.xml", vers[j], vers[j + 1]);
			path = join_path(cdir, name.s);
			if (is_file(path)) {
				load_changes(&s->steps[s->nsteps++], path);
			} else {
				problem(report, count, s->name, "change file %s is missing", path);
				/* An empty change file: every difference of the step is reported. */
				memset(&s->steps[s->nsteps], 0, sizeof s->steps[0]);
				s->steps[s->nsteps].file = xdup(path);
				s->steps[s->nsteps].standard = xdup(s->versions[j].standard);
				s->steps[s->nsteps].from = xdup(vers[j]);
				s->steps[s->nsteps].to = xdup(vers[j + 1]);
				s->nsteps++;
			}
			free(path);
			free(name.s);
		}
		/* A change file must belong to a step between consecutive versions
		 * (a step home without bundles, e.g. xdomea, is checked against the
		 * imported releases in check_xdomea_translate.c). */
		for (j = 0; nver > 0 && j < nfiles; j++) {
			size_t k;
			int known = 0;

			for (k = 0; k + 1 < nver; k++) {
				sbuf name = {0};

				sb_printf(&name, "%s_%s.xml", vers[k], vers[k + 1]);
				known |= strcmp(name.s, files[j]) == 0;
				free(name.s);
			}
			if (!known)
				problem(report, count, s->name,
					"changes/%s is no step between consecutive versions", files[j]);
		}
		free_names(vers, nver);
		free_names(files, nfiles);
		free(sdir);
		free(cdir);
	}
	free_names(stds, nstd);
}

static void free_standards(standard *s, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < s[i].nversions; j++)
			free_bundle(&s[i].versions[j]);
		for (j = 0; j < s[i].nsteps; j++)
			free_changes(&s[i].steps[j]);
		free(s[i].versions);
		free(s[i].steps);
		free(s[i].name);
	}
	free(s);
}

/* The step of standard name that starts at version from; *std and *index locate it. */
static xchanges *find_step(standard *s, size_t n, const char *name, const char *from,
			   standard **std, size_t *index)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (strcmp(s[i].name, name) != 0)
			continue;
		for (j = 0; j < s[i].nsteps; j++) {
			if (same(s[i].steps[j].from, from)) {
				*std = &s[i];
				*index = j;
				return &s[i].steps[j];
			}
		}
	}
	return NULL;
}

static const standard *find_standard(const standard *s, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s[i].name, name) == 0)
			return &s[i];
	return NULL;
}

/* ================================================================== tests */

/* The flattener sees what the schemas say (a few known records of each kind). */
START_TEST(flattener_records)
{
	standard *stds;
	size_t nstds, count = 0;
	sbuf report = {0};
	const standard *xmig;
	const bundle *v10, *v20;
	const xmsg *m;
	const xrec *r;

	load_standards(&stds, &nstds, &report, &count);
	xmig = find_standard(stds, nstds, "xmig");
	ck_assert_msg(xmig && xmig->nversions == 3, "xmig with 3 versions expected");
	v10 = &xmig->versions[0];
	v20 = &xmig->versions[2];
	ck_assert_str_eq(v10->version, "1.0");
	ck_assert_str_eq(v20->version, "2.0");

	/* Element content through complexContent extension of the root type. */
	m = find_msg(v20, "1202");
	ck_assert_ptr_nonnull(m);
	r = find_rel(m, "aktenverzeichnis/eintrag/datei/seitenanzahl");
	ck_assert_ptr_null(r);
	r = find_rel(m, "aktenverzeichnis/eintrag/seitenanzahl");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->type, "xs:positiveInteger");
	r = find_rel(m, "aktenverzeichnis/eintrag/datei/sha256");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->min, 1);
	ck_assert_str_eq(r->type, "xmig:SHA256Type");
	ck_assert_str_eq(r->content, "xs:token pattern=[0-9a-f]{64}");
	r = find_rel(m, "aktenverzeichnis/eintrag");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->max, -1);
	ck_assert_int_eq(r->qualified, 1);

	/* The unqualified header and its code element (code type 2). */
	r = find_rel(m, "nachrichtenkopf.g2g/identifikation.nachricht/nachrichtentyp");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->qualified, 0);
	ck_assert_int_eq(r->code, 1);
	ck_assert_int_eq(code_type(r), 2);
	ck_assert_str_eq(r->list_uri, "urn:libxoev:xmig:codeliste:nachrichtentyp");
	ck_assert_str_eq(r->list_version, "2.0");
	ck_assert_ptr_null(find_rel(m, "nachrichtenkopf.g2g/identifikation.nachricht/nachrichtentyp/code"));

	/* simpleContent extension with attributes; root attributes from the base type. */
	r = find_rel(m, "dokument");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->content, "xs:base64Binary");
	r = find_rel(m, "dokument/@eintrag");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->is_attr, 1);
	ck_assert_int_eq(r->min, 1);
	r = find_rel(m, "dokument/@komprimiert");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->min, 0);
	ck_assert_str_eq(r->dflt, "false");
	r = find_rel(m, "@version");
	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->fixed, "2.0");

	/* Code type 1 (enumeration in the schema), 3 and 4. */
	m = find_msg(v10, "1501");
	ck_assert_ptr_nonnull(m);
	r = find_rel(m, "entscheidung");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(code_type(r), 1);
	ck_assert_str_eq(r->enumeration, "01|02|03|04|05|06|07");
	r = find_rel(m, "person/staatsangehoerigkeit");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(code_type(r), 4);
	ck_assert_int_eq(r->max, -1);
	m = find_msg(v20, "1402");
	ck_assert_ptr_nonnull(m);
	r = find_rel(m, "entscheidung");
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(code_type(r), 3);
	ck_assert_int_eq(r->version_required, 1);

	ck_assert_msg(count == 0, "discovery problems:\n%s", report.s ? report.s : "");
	free(report.s);
	free_standards(stds, nstds);
}
END_TEST

/*
 * A synthetic bundle with what the real schemas do not use (yet): choice,
 * all, group and attributeGroup references, element references, a
 * wildcard, recursion, list types, simple type chains, simpleContent
 * restriction, a code type over an imported base with a named enumeration
 * type, and form overrides across included schema documents.
 */
static const char synthetic_manifest[] =
	"<bundle xmlns='urn:libxoev:bundle:1' format='1' standard='t' version='1'>\n"
	"  <schema href='main.xsd' namespace='urn:t' entry='true'/>\n"
	"  <message root='m.0001' number='0001' namespace='urn:t'/>\n"
	"</bundle>\n";

static const char synthetic_main[] =
	"<xs:schema xmlns:xs='" XS_NS "' xmlns:t='urn:t' targetNamespace='urn:t'\n"
	"           elementFormDefault='unqualified'>\n"
	"  <xs:include schemaLocation='types.xsd'/>\n"
	"  <xs:element name='m.0001' type='t:MType'/>\n"
	"  <xs:element name='glob' type='xs:string'/>\n"
	"  <xs:group name='G'><xs:sequence>\n"
	"    <xs:element name='g1' type='xs:int' maxOccurs='3'/>\n"
	"  </xs:sequence></xs:group>\n"
	"  <xs:attributeGroup name='AG'>\n"
	"    <xs:attribute name='ag' type='xs:token' use='required'/>\n"
	"  </xs:attributeGroup>\n"
	"</xs:schema>\n";

static const char synthetic_types[] =
	"<xs:schema xmlns:xs='" XS_NS "' xmlns:t='urn:t' xmlns:c='urn:c' targetNamespace='urn:t'\n"
	"           elementFormDefault='qualified'>\n"
	"  <xs:import namespace='urn:c' schemaLocation='sub/code.xsd'/>\n"
	"  <xs:complexType name='Base'>\n"
	"    <xs:sequence><xs:element name='b' type='xs:string'/></xs:sequence>\n"
	"    <xs:attribute name='v' type='xs:token' fixed='1'/>\n"
	"  </xs:complexType>\n"
	"  <xs:complexType name='MType'><xs:complexContent><xs:extension base='t:Base'>\n"
	"    <xs:sequence>\n"
	"      <xs:choice>\n"
	"        <xs:element name='c1' type='xs:string'/>\n"
	"        <xs:element name='c2' type='t:Node'/>\n"
	"      </xs:choice>\n"
	"      <xs:element ref='t:glob'/>\n"
	"      <xs:group ref='t:G' minOccurs='0'/>\n"
	"      <xs:sequence maxOccurs='unbounded'>\n"
	"        <xs:element name='loc' form='unqualified' type='t:Short'/>\n"
	"      </xs:sequence>\n"
	"      <xs:element name='k' type='t:Code.K'/>\n"
	"      <xs:element name='s' type='t:Sc'/>\n"
	"      <xs:element name='anon'><xs:complexType>\n"
	"        <xs:all><xs:element name='a1' type='t:Lst'/></xs:all>\n"
	"        <xs:attributeGroup ref='t:AG'/>\n"
	"      </xs:complexType></xs:element>\n"
	"      <xs:any minOccurs='0' processContents='lax'/>\n"
	"    </xs:sequence>\n"
	"  </xs:extension></xs:complexContent></xs:complexType>\n"
	"  <xs:complexType name='Node'><xs:sequence>\n"
	"    <xs:element name='child' type='t:Node' minOccurs='0'/>\n"
	"  </xs:sequence></xs:complexType>\n"
	"  <xs:simpleType name='Short'><xs:restriction base='t:Shorter'><xs:maxLength value='5'/></xs:restriction></xs:simpleType>\n"
	"  <xs:simpleType name='Shorter'><xs:restriction base='xs:string'><xs:minLength value='1'/></xs:restriction></xs:simpleType>\n"
	"  <xs:simpleType name='Lst'><xs:list itemType='xs:int'/></xs:simpleType>\n"
	"  <xs:complexType name='ScBase'><xs:simpleContent><xs:extension base='xs:int'>\n"
	"    <xs:attribute name='u' type='xs:token'/>\n"
	"  </xs:extension></xs:simpleContent></xs:complexType>\n"
	"  <xs:complexType name='Sc'><xs:simpleContent><xs:restriction base='t:ScBase'>\n"
	"    <xs:maxInclusive value='9'/>\n"
	"  </xs:restriction></xs:simpleContent></xs:complexType>\n"
	"  <xs:simpleType name='KWerte'><xs:restriction base='xs:token'>\n"
	"    <xs:enumeration value='a'/><xs:enumeration value='b'/>\n"
	"  </xs:restriction></xs:simpleType>\n"
	"  <xs:complexType name='Code.K'><xs:complexContent><xs:restriction base='c:Code'>\n"
	"    <xs:sequence><xs:element name='code' form='unqualified' type='t:KWerte'/></xs:sequence>\n"
	"    <xs:attribute name='listURI' type='xs:anyURI' fixed='urn:k'/>\n"
	"    <xs:attribute name='listVersionID' type='xs:normalizedString' fixed='3'/>\n"
	"  </xs:restriction></xs:complexContent></xs:complexType>\n"
	"</xs:schema>\n";

static const char synthetic_code[] =
	"<xs:schema xmlns:xs='" XS_NS "' xmlns:c='urn:c' targetNamespace='urn:c'>\n"
	"  <xs:complexType name='Code'>\n"
	"    <xs:sequence><xs:element name='code' type='xs:token' form='unqualified'/></xs:sequence>\n"
	"    <xs:attribute name='listURI' type='xs:anyURI'/>\n"
	"    <xs:attribute name='listVersionID' type='xs:normalizedString'/>\n"
	"  </xs:complexType>\n"
	"</xs:schema>\n";

static void write_in(const char *dir, const char *name, const char *text)
{
	char *path = join_path(dir, name);

	xoev_test_write_file(path, text, strlen(text));
	free(path);
}

/* Shorthand: the record at rel, which must exist. */
static const xrec *rec_at(const xmsg *m, const char *rel)
{
	const xrec *r = find_rel(m, rel);

	ck_assert_msg(r != NULL, "no record %s", rel);
	return r;
}

START_TEST(flattener_constructs)
{
	char *dir = xoev_test_tmpdir(), *sub = join_path(dir, "sub");
	bundle b;
	const xmsg *m;
	const xrec *r;
	size_t i;

	ck_assert_int_eq(mkdir(sub, 0700), 0);
	write_in(dir, "xoev-bundle.xml", synthetic_manifest);
	write_in(dir, "main.xsd", synthetic_main);
	write_in(dir, "types.xsd", synthetic_types);
	write_in(sub, "code.xsd", synthetic_code);
	load_bundle(&b, dir);
	ck_assert_uint_eq(b.ndocs, 3);  /* include and import followed */
	m = find_msg(&b, "0001");
	ck_assert_ptr_nonnull(m);

	r = rec_at(m, "");
	ck_assert_str_eq(r->type, "t:MType");
	ck_assert_str_eq(rec_at(m, "@v")->fixed, "1");          /* attribute of the base type */
	r = rec_at(m, "b");                                      /* base content comes first */
	ck_assert_int_eq(r->qualified, 1);                       /* declared in types.xsd */
	ck_assert_int_eq(rec_at(m, "c1")->min, 0);               /* choice branches are optional */
	ck_assert_int_eq(rec_at(m, "c2")->min, 0);
	ck_assert_str_eq(rec_at(m, "c2/child")->content, "recursive");
	ck_assert_ptr_null(find_rel(m, "c2/child/child"));
	r = rec_at(m, "glob");                                   /* element reference */
	ck_assert_int_eq(r->qualified, 1);
	ck_assert_str_eq(r->type, "xs:string");
	r = rec_at(m, "g1");                                     /* group ref minOccurs=0 x maxOccurs=3 */
	ck_assert_int_eq(r->min, 0);
	ck_assert_int_eq(r->max, 3);
	r = rec_at(m, "loc");
	ck_assert_int_eq(r->qualified, 0);                       /* form="unqualified" */
	ck_assert_int_eq(r->max, -1);                            /* repeated sequence */
	ck_assert_str_eq(r->type, "t:Short");
	ck_assert_str_eq(r->content, "xs:string minLength=1 maxLength=5");
	r = rec_at(m, "k");                                      /* code type 1 over an imported base */
	ck_assert_int_eq(code_type(r), 1);
	ck_assert_str_eq(r->list_uri, "urn:k");
	ck_assert_str_eq(r->list_version, "3");
	ck_assert_str_eq(r->enumeration, "a|b");
	ck_assert_ptr_null(find_rel(m, "k/code"));
	ck_assert_ptr_null(find_rel(m, "k/@listURI"));
	ck_assert_str_eq(rec_at(m, "s")->content, "xs:int maxInclusive=9");
	ck_assert_int_eq(rec_at(m, "s/@u")->min, 0);             /* inherited by the restriction */
	r = rec_at(m, "anon");
	ck_assert_str_eq(r->type, "");
	ck_assert_int_eq(r->qualified, 1);
	ck_assert_str_eq(rec_at(m, "anon/a1")->content, "list(xs:int)");
	ck_assert_int_eq(rec_at(m, "anon/@ag")->min, 1);         /* attribute group */
	ck_assert_int_eq(rec_at(m, "#any")->min, 0);
	for (i = 0; i < m->nrecs; i++)
		ck_assert_msg(strstr(m->recs[i].content, "unresolved") == NULL, "%s: %s",
			      m->recs[i].rel, m->recs[i].content);
	ck_assert_uint_eq(m->nrecs, 16);

	free_bundle(&b);
	xoev_io__rmtree(dir);
	free(sub);
	free(dir);
}
END_TEST

/* The acceptance test: every difference explained, no stale or inconsistent entry. */
START_TEST(every_change_is_explained)
{
	standard *stds;
	size_t nstds, i, j, count = 0, steps = 0;
	sbuf report = {0};
	const char *v = getenv("XOEV_CHANGES_VERBOSE");
	int verbose = v && *v && strcmp(v, "0") != 0;

	load_standards(&stds, &nstds, &report, &count);
	ck_assert_msg(nstds >= 2, "expected the standards xmig and xsoz under schemas/");
	for (i = 0; i < nstds; i++) {
		for (j = 0; j < stds[i].nsteps; j++) {
			count += check_step(&stds[i].versions[j], &stds[i].versions[j + 1], &stds[i].steps[j],
					    &report, verbose);
			steps++;
		}
	}
	ck_assert_msg(steps >= 3, "expected at least 3 steps, found %zu", steps);
	if (count)
		fprintf(stderr, "check_changes: %zu problem(s):\n%s", count, report.s);
	ck_assert_msg(count == 0, "%zu problem(s) with the change files (full list on stderr):\n%.3000s",
		      count, report.s);
	free(report.s);
	free_standards(stds, nstds);
}
END_TEST

/* Dropping any change entry (in memory) makes the check fail. */
START_TEST(dropped_entry_is_reported)
{
	standard *stds;
	size_t nstds, i, j, k, count = 0, index = 0, n;
	sbuf report = {0};
	standard *xmig = NULL;
	xchanges *cf;

	load_standards(&stds, &nstds, &report, &count);
	ck_assert_msg(count == 0, "discovery problems:\n%s", report.s ? report.s : "");
	for (i = 0; i < nstds; i++) {
		for (j = 0; j < stds[i].nsteps; j++) {
			cf = &stds[i].steps[j];
			for (k = 0; k < cf->nch; k++) {
				cf->ch[k].dropped = 1;
				n = check_step(&stds[i].versions[j], &stds[i].versions[j + 1], cf, &report, 0);
				ck_assert_msg(n > 0, "%s: without change %s the check still passes", cf->file, cf->ch[k].id);
				cf->ch[k].dropped = 0;
				free(report.s);
				memset(&report, 0, sizeof report);
			}
		}
	}

	/* In detail: without the rename seitenzahl -> seitenanzahl both paths are unexplained. */
	cf = find_step(stds, nstds, "xmig", "1.1", &xmig, &index);
	ck_assert_ptr_nonnull(cf);
	for (k = 0; k < cf->nch && strcmp(cf->ch[k].id, "c01") != 0; k++)
		;
	ck_assert_uint_lt(k, cf->nch);
	ck_assert_str_eq(cf->ch[k].kind, "rename");
	cf->ch[k].dropped = 1;
	n = check_step(&xmig->versions[index], &xmig->versions[index + 1], cf, &report, 0);
	ck_assert_msg(n == 2, "expected 2 problems, got %zu:\n%s", n, report.s);
	ck_assert_ptr_nonnull(strstr(report.s, "unexplained difference: message 1202: path removed: "
				     "akte.uebermittlung.1202/aktenverzeichnis/eintrag/seitenzahl"));
	ck_assert_ptr_nonnull(strstr(report.s, "unexplained difference: message 1202: path added: "
				     "akte.uebermittlung.1202/aktenverzeichnis/eintrag/seitenanzahl"));
	free(report.s);
	free_standards(stds, nstds);
}
END_TEST

/* The converse: an entry that explains nothing (or has the wrong kind) is reported as stale. */
START_TEST(stale_entry_is_reported)
{
	standard *stds;
	size_t nstds, count = 0, index = 0, n, k;
	sbuf report = {0};
	standard *xmig = NULL;
	xchanges *cf;
	char *saved;

	load_standards(&stds, &nstds, &report, &count);
	ck_assert_msg(count == 0, "discovery problems:\n%s", report.s ? report.s : "");
	cf = find_step(stds, nstds, "xmig", "1.1", &xmig, &index);
	ck_assert_ptr_nonnull(cf);

	/* c06 is required-to-optional (vorname); claimed the other way round, it explains nothing. */
	for (k = 0; k < cf->nch && strcmp(cf->ch[k].id, "c06") != 0; k++)
		;
	ck_assert_uint_lt(k, cf->nch);
	saved = cf->ch[k].kind;
	cf->ch[k].kind = xdup("optional-to-required");
	n = check_step(&xmig->versions[index], &xmig->versions[index + 1], cf, &report, 0);
	/* 8 messages: 8 unexplained minOccurs differences and 8 stale paths. */
	ck_assert_msg(n == 16, "expected 16 problems, got %zu:\n%s", n, report.s);
	ck_assert_ptr_nonnull(strstr(report.s, "stale change c06 (optional-to-required): path of message 1002 "
				     "(register.anfrage.1002/person/vorname -> register.suchanfrage.1002/person/vorname)"));
	free(cf->ch[k].kind);
	cf->ch[k].kind = saved;
	free(report.s);
	memset(&report, 0, sizeof report);

	/* A path that does not exist in the older version. */
	free(cf->ch[k].paths[0].old);
	cf->ch[k].paths[0].old = xdup("register.meldung.1001/person/rufname");
	n = check_step(&xmig->versions[index], &xmig->versions[index + 1], cf, &report, 0);
	ck_assert_msg(n == 2, "expected 2 problems, got %zu:\n%s", n, report.s);
	ck_assert_ptr_nonnull(strstr(report.s, "stale change c06"));
	ck_assert_ptr_nonnull(strstr(report.s, "unexplained difference: message 1001: minOccurs/use changed: "
				     "register.meldung.1001/person/vorname"));
	free(report.s);
	free_standards(stds, nstds);
}
END_TEST

Suite *xoev_suite_changes(void)
{
	Suite *s = suite_create("changes");
	TCase *tc = tcase_create("changes");

	/* Generous for valgrind: each test loads and flattens all five bundles. */
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, flattener_records);
	tcase_add_test(tc, flattener_constructs);
	tcase_add_test(tc, every_change_is_explained);
	tcase_add_test(tc, dropped_entry_is_reported);
	tcase_add_test(tc, stale_entry_is_reported);
	suite_add_tcase(s, tc);
	return s;
}
