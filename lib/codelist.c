/*
 * libxoev - genericode code lists and the code-list layer.
 *
 * Loading (xoev_codelist__load):
 *   - every <codelist> of the manifest is a genericode 1.0 file. Its
 *     Identification/CanonicalUri and Version identify the list (they are
 *     what instances carry in listURI/listVersionID); a manifest uri or
 *     version that differs from the file's is a warning
 *     ("codelist.manifest-mismatch") and the file's own values win.
 *   - the code column is the key column marked with an XÖV genericode
 *     annotation (empfohleneCodeSpalte in genericode/3, recommendedKeyColumn
 *     in genericode/4, xoev-code in genericode/1_0 and /2), else the column
 *     of the first key, else the column with Id "code". A description
 *     column (beschreibung/name/..., else the first other column) is kept
 *     for messages. Codes are token-normalised and indexed by a sorted
 *     array (binary search). The same URI may be loaded in several versions.
 *   - the bundle's XSDs (the manifest's <schema> files) are read for XÖV
 *     code types: complex types that are, or derive (restriction or
 *     extension, any depth, named or anonymous) from, a type with a `code`
 *     child element and listURI/listVersionID attributes (xoev-code:Code,
 *     libxoev's own urn:libxoev:schema:code:1.0 Code, ...). Per type: the
 *     fixed (or default) listURI, the fixed listVersionID, and whether the
 *     `code` element enumerates its values (inline or through a named
 *     simple type). Type 1: listURI fixed and values enumerated; type 2:
 *     listURI and listVersionID fixed, values external; type 3: listURI
 *     fixed, version from the instance; type 4: listURI not fixed.
 *   - a list that cannot be read or is not genericode, or a schema file
 *     that cannot be parsed, fails the load (XOEV_EBUNDLE, findings with
 *     layer BUNDLE): a half-loaded layer would report wrong findings.
 *
 * Checking (xoev_codelist__check), after XSD validation has filled in fixed
 * and default attributes: an element with an unqualified `code` child and a
 * listURI or listVersionID attribute is a code.
 *   - type 1 codes are skipped: the XSD enumeration checks them. A code is
 *     type 1 when its listURI is fixed only by enumerating types (if the
 *     same URI is also fixed by a type 2/3, when its version is the version
 *     an enumerating type fixes).
 *   - a missing or empty listURI, or one the bundle does not ship:
 *     "codelist.unknown-list" (error). POLICY: real releases often do not
 *     ship every external list they reference. When the bundle ships no
 *     list at all for a URI that its XSDs fix (type 2 or 3), the code cannot
 *     be checked: a WARNING "codelist.unavailable", not an error. A URI the
 *     XSDs do not fix (type 4, sender's choice) and the bundle does not
 *     ship stays an error: the receiver cannot interpret the code.
 *   - a version that is not loaded for that URI: "codelist.unknown-version"
 *     (naming the loaded versions). No listVersionID at all: the code must
 *     be in one of the loaded versions.
 *   - a code (xs:token-normalised) that is not in that version:
 *     "codelist.unknown-code", naming the list, the version and up to five
 *     allowed values.
 *   All findings: layer CODELIST, with line, column and XPath of the code
 *   element.
 *   xoev_codelist__check_code applies the same rules to one code met while
 *   streaming, at a location the caller gives. Without a tree the XSD's
 *   fixed attributes are not filled in, so a code without listURI is skipped
 *   there (in the tree it is "codelist.unknown-list").
 *
 * The loaded object is immutable; any number of threads may check with it
 * at once.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "internal.h"
#include "model.h"

#define GC_NS "http://docs.oasis-open.org/codelist/ns/genericode/1.0/"
#define XS_NS "http://www.w3.org/2001/XMLSchema"
#define XOEV_CODE_NS "http://xoev.de/schemata/code/1_0"
#define MAX_DERIVATION 32
#define MSG_VALUES 5

/* ------------------------------------------------------------------ */
/* data                                                                */
/* ------------------------------------------------------------------ */

typedef struct {
	char *code; /* token-normalised */
	char *name; /* description, may be NULL */
} cl_entry;

typedef struct {
	char *uri;
	char *version;
	char *title;       /* LongName or ShortName, may be NULL */
	cl_entry *entries; /* in row order */
	size_t count;
	size_t *sorted;    /* indexes into entries, sorted by code */
} cl_list;

/* fixed listURI (never NULL in the table), fixed listVersionID or NULL, type 1 */
typedef xoev_code_type cl_type;

struct xoev_codelists {
	char *standard;
	char *version;
	cl_list *lists;     /* sorted by uri, then version */
	size_t list_count;
	cl_type *types;     /* code types with a fixed listURI, sorted by uri */
	size_t type_count;
};

/* ------------------------------------------------------------------ */
/* small helpers                                                       */
/* ------------------------------------------------------------------ */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* xs:token normalisation in place: tabs/newlines to spaces, runs collapsed, trimmed. */
static void token_normalise(char *s)
{
	char *r = s, *w = s;
	int pending = 0;

	while (*r && is_space(*r))
		r++;
	for (; *r; r++) {
		if (is_space(*r)) {
			pending = 1;
			continue;
		}
		if (pending)
			*w++ = ' ';
		pending = 0;
		*w++ = *r;
	}
	*w = '\0';
}

/* xs:normalizedString: tabs and newlines become spaces. */
static void replace_normalise(char *s)
{
	for (; *s; s++)
		if (is_space(*s))
			*s = ' ';
}

/*
 * Text content of element n as a new token-normalised string; NULL on
 * allocation failure (xmlNodeGetContent returns "" for an empty element,
 * so NULL from it means it ran out of memory).
 */
static char *text_token(const xmlNode *n)
{
	xmlChar *t = xmlNodeGetContent(n);
	char *s;

	if (!t)
		return NULL;
	s = xoev_util__strdup((const char *)t);
	xmlFree(t);
	if (s)
		token_normalise(s);
	return s;
}

static int name_is(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

/* A genericode element: the root is in GC_NS, its descendants are unqualified (accept both). */
static int gc_is(const xmlNode *n, const char *local)
{
	return name_is(n, local) &&
	       (!n->ns || strcmp((const char *)n->ns->href, GC_NS) == 0);
}

static int xs_is(const xmlNode *n, const char *local)
{
	return name_is(n, local) && n->ns && strcmp((const char *)n->ns->href, XS_NS) == 0;
}

static const xmlNode *first_child(const xmlNode *n, int (*is)(const xmlNode *, const char *),
                                  const char *local)
{
	const xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (is(c, local))
			return c;
	return NULL;
}

/* An attribute's value (borrowed from the tree: the attribute's text child) or NULL. */
static const char *attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n->properties; a; a = a->next) {
		if (!a->ns && strcmp((const char *)a->name, name) == 0) {
			if (a->children && a->children->type == XML_TEXT_NODE && !a->children->next)
				return (const char *)a->children->content;
			return a->children ? NULL : "";
		}
	}
	return NULL;
}

/* Copy of an attribute value (NULL if absent; *oom set on allocation failure). */
static char *attr_dup(const xmlNode *n, const char *name, int *oom)
{
	return xoev_xml__attr_dup(n, name, oom);
}

/* ------------------------------------------------------------------ */
/* genericode                                                          */
/* ------------------------------------------------------------------ */

/* An XÖV genericode annotation marking the recommended code key. */
static int is_code_key_marker(const xmlNode *n)
{
	const char *ns;

	if (!n || n->type != XML_ELEMENT_NODE || !n->ns)
		return 0;
	ns = (const char *)n->ns->href;
	if (strncmp(ns, "http://xoev.de/schemata/genericode/", 35) != 0 &&
	    strncmp(ns, "http://www.xoev.de/schemata/", 28) != 0)
		return 0;
	return strcmp((const char *)n->name, "empfohleneCodeSpalte") == 0 ||
	       strcmp((const char *)n->name, "recommendedKeyColumn") == 0 ||
	       strcmp((const char *)n->name, "xoev-code") == 0;
}

static int key_is_marked(const xmlNode *key)
{
	const xmlNode *ann = first_child(key, gc_is, "Annotation"), *ai, *m;

	for (ai = ann ? ann->children : NULL; ai; ai = ai->next) {
		if (!gc_is(ai, "AppInfo"))
			continue;
		for (m = ai->children; m; m = m->next)
			if (is_code_key_marker(m))
				return 1;
	}
	return 0;
}

static const char *key_column(const xmlNode *key)
{
	const xmlNode *ref = first_child(key, gc_is, "ColumnRef");
	return ref ? attr(ref, "Ref") : NULL;
}

static int lower_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return *a == *b;
}

/*
 * The Ids of the columns, and which one holds the code and which the
 * description. Returns 0, or -1 when no code column can be found.
 */
static int choose_columns(const xmlNode *colset, const char ***ids, size_t *n, size_t *code_col,
                          size_t *name_col)
{
	static const char *const name_ids[] = { "beschreibung", "name", "wert", "bezeichnung",
		                                    "description", "shortname", "fullname" };
	const xmlNode *c;
	const char *want = NULL, *first_key = NULL;
	size_t i, k, count = 0;

	*ids = NULL;
	*n = 0;
	for (c = colset ? colset->children : NULL; c; c = c->next)
		if (gc_is(c, "Column"))
			count++;
	if (count == 0)
		return -1;
	*ids = calloc(count, sizeof **ids);
	if (!*ids)
		return XOEV_ENOMEM;
	for (c = colset->children; c; c = c->next) {
		if (gc_is(c, "Column")) {
			const char *id = attr(c, "Id");
			(*ids)[(*n)++] = id ? id : "";
		} else if (gc_is(c, "Key")) {
			const char *col = key_column(c);
			if (col && !first_key)
				first_key = col;
			if (col && !want && key_is_marked(c))
				want = col;
		}
	}
	if (!want)
		want = first_key;
	*code_col = (size_t)-1;
	for (i = 0; want && i < *n; i++)
		if (strcmp((*ids)[i], want) == 0)
			*code_col = i;
	for (i = 0; *code_col == (size_t)-1 && i < *n; i++)
		if (strcmp((*ids)[i], "code") == 0)
			*code_col = i;
	if (*code_col == (size_t)-1)
		return -1;
	*name_col = (size_t)-1;
	for (k = 0; k < sizeof name_ids / sizeof name_ids[0] && *name_col == (size_t)-1; k++)
		for (i = 0; i < *n; i++)
			if (i != *code_col && lower_eq((*ids)[i], name_ids[k])) {
				*name_col = i;
				break;
			}
	for (i = 0; *name_col == (size_t)-1 && i < *n; i++)
		if (i != *code_col)
			*name_col = i;
	return 0;
}

static size_t column_index(const char *const *ids, size_t n, const char *ref)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(ids[i], ref) == 0)
			return i;
	return (size_t)-1;
}

static int cmp_entry_idx(const void *a, const void *b, const cl_list *l)
{
	return strcmp(l->entries[*(const size_t *)a].code, l->entries[*(const size_t *)b].code);
}

/* qsort without a context argument in C99: a simple merge sort instead (stable, no globals). */
static void merge_sort(size_t *v, size_t *tmp, size_t n, const cl_list *l)
{
	size_t mid, i, j, k;

	if (n < 2)
		return;
	mid = n / 2;
	merge_sort(v, tmp, mid, l);
	merge_sort(v + mid, tmp, n - mid, l);
	i = 0;
	j = mid;
	k = 0;
	while (i < mid && j < n)
		tmp[k++] = cmp_entry_idx(&v[j], &v[i], l) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof *v);
}

static int sort_entries(cl_list *l)
{
	size_t i, *tmp;

	l->sorted = malloc((l->count ? l->count : 1) * sizeof *l->sorted);
	tmp = malloc((l->count ? l->count : 1) * sizeof *tmp);
	if (!l->sorted || !tmp) {
		free(tmp);
		return XOEV_ENOMEM;
	}
	for (i = 0; i < l->count; i++)
		l->sorted[i] = i;
	merge_sort(l->sorted, tmp, l->count, l);
	free(tmp);
	return XOEV_OK;
}

static void list_free(cl_list *l)
{
	size_t i;

	for (i = 0; i < l->count; i++) {
		free(l->entries[i].code);
		free(l->entries[i].name);
	}
	free(l->entries);
	free(l->sorted);
	free(l->uri);
	free(l->version);
	free(l->title);
	memset(l, 0, sizeof *l);
}

static int add_entry(cl_list *l, size_t *cap, char *code, char *name)
{
	if (l->count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		cl_entry *ne = realloc(l->entries, ncap * sizeof *ne);
		if (!ne)
			return XOEV_ENOMEM;
		l->entries = ne;
		*cap = ncap;
	}
	l->entries[l->count].code = code;
	l->entries[l->count].name = name;
	l->count++;
	return XOEV_OK;
}

/* The SimpleValue text of a Value (token-normalised copy); "" when absent. */
static char *value_text(const xmlNode *value)
{
	const xmlNode *sv = first_child(value, gc_is, "SimpleValue");
	return sv ? text_token(sv) : xoev_util__strdup("");
}

static int read_rows(cl_list *l, const xmlNode *scl, const char *const *ids, size_t n,
                     size_t code_col, size_t name_col)
{
	const xmlNode *row, *v;
	size_t cap = 0;

	for (row = scl ? scl->children : NULL; row; row = row->next) {
		char *code = NULL, *name = NULL;
		size_t col = (size_t)-1;

		if (!gc_is(row, "Row"))
			continue;
		for (v = row->children; v; v = v->next) {
			const char *ref;

			if (!gc_is(v, "Value"))
				continue;
			/* A Value without ColumnRef belongs to the column after the previous one. */
			ref = attr(v, "ColumnRef");
			col = ref ? column_index(ids, n, ref) : col + 1;
			if (col == code_col && !code) {
				code = value_text(v);
				if (!code)
					goto oom;
			} else if (col == name_col && !name) {
				name = value_text(v);
				if (!name)
					goto oom;
			}
		}
		if (!code) {
			free(name);
			continue; /* a row without a code: nothing to match */
		}
		if (name && !*name) {
			free(name);
			name = NULL;
		}
		if (add_entry(l, &cap, code, name) != 0) {
			free(code);
			free(name);
			return XOEV_ENOMEM;
		}
		continue;
oom:
		free(code);
		free(name);
		return XOEV_ENOMEM;
	}
	return XOEV_OK;
}

/* Identification child text (token-normalised copy), NULL if absent or empty; *oom on failure. */
static char *ident_text(const xmlNode *ident, const char *local, int *oom)
{
	const xmlNode *n = first_child(ident, gc_is, local);
	char *s;

	if (!n)
		return NULL;
	s = text_token(n);
	if (!s) {
		*oom = 1;
		return NULL;
	}
	if (!*s) {
		free(s);
		return NULL;
	}
	return s;
}

/*
 * Load one genericode file into *l. Returns 0, XOEV_ENOMEM, or
 * XOEV_EBUNDLE (finding added).
 */
static int load_list(const char *path, const xoev_manifest_codelist *mc, cl_list *l,
                     xoev_diag_list *diags)
{
	xmlDocPtr doc;
	const xmlNode *root, *ident, *colset, *scl;
	const char **ids = NULL;
	size_t nids = 0, code_col = 0, name_col = 0;
	int rc, oom = 0;

	memset(l, 0, sizeof *l);
	doc = xoev_xml__parse_local_file(path, diags);
	if (!doc)
		return xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE,
		                       "codelist.unreadable", path, 0, 0, NULL,
		                       "the code list %s %s cannot be read", mc->uri, mc->version)
		           ? XOEV_ENOMEM : XOEV_EBUNDLE;
	root = xmlDocGetRootElement(doc);
	if (!root || strcmp((const char *)root->name, "CodeList") != 0 || !root->ns ||
	    strcmp((const char *)root->ns->href, GC_NS) != 0) {
		rc = XOEV_EBUNDLE;
		if (xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE,
		                    "codelist.not-genericode", path, 0, 0, NULL,
		                    "not a genericode 1.0 code list (root element gc:CodeList in %s)",
		                    GC_NS))
			rc = XOEV_ENOMEM;
		goto out;
	}
	ident = first_child(root, gc_is, "Identification");
	l->uri = ident_text(ident, "CanonicalUri", &oom);
	l->version = ident_text(ident, "Version", &oom);
	l->title = ident_text(ident, "LongName", &oom);
	if (!l->title && !oom)
		l->title = ident_text(ident, "ShortName", &oom);
	if (oom) {
		rc = XOEV_ENOMEM;
		goto out;
	}
	if (!l->uri || !l->version) {
		rc = XOEV_EBUNDLE;
		if (xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE,
		                    "codelist.not-genericode", path, 0, 0, NULL,
		                    "genericode code list without Identification/CanonicalUri and Version"))
			rc = XOEV_ENOMEM;
		goto out;
	}
	if (strcmp(l->uri, mc->uri) != 0 || strcmp(l->version, mc->version) != 0) {
		rc = xoev_diag__addf(diags, XOEV_SEVERITY_WARNING, XOEV_LAYER_BUNDLE,
		                     "codelist.manifest-mismatch", path, 0, 0, NULL,
		                     "the manifest names this code list %s version %s, the file "
		                     "identifies itself as %s version %s; the file's identity is used",
		                     mc->uri, mc->version, l->uri, l->version);
		if (rc)
			goto out;
	}
	colset = first_child(root, gc_is, "ColumnSet");
	rc = choose_columns(colset, &ids, &nids, &code_col, &name_col);
	if (rc == XOEV_ENOMEM)
		goto out;
	if (rc != 0) {
		rc = XOEV_EBUNDLE;
		if (xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE,
		                    "codelist.no-code-column", path, 0, 0, NULL,
		                    "code list %s %s: no code column (no key column and no column "
		                    "with Id \"code\")", l->uri, l->version))
			rc = XOEV_ENOMEM;
		goto out;
	}
	scl = first_child(root, gc_is, "SimpleCodeList");
	rc = read_rows(l, scl, ids, nids, code_col, name_col);
	if (rc == 0)
		rc = sort_entries(l);
out:
	free(ids);
	xmlFreeDoc(doc);
	if (rc != 0)
		list_free(l);
	return rc;
}

/* ------------------------------------------------------------------ */
/* XSD code types                                                      */
/* ------------------------------------------------------------------ */

typedef struct {
	const char *ns;    /* target namespace ("" for none); borrowed from the doc */
	const char *name;
	const xmlNode *node;
	int simple;        /* xs:simpleType */
} xsd_def;

typedef struct {
	xmlDocPtr *docs;
	size_t doc_count;
	xsd_def *defs;
	size_t def_count;
	size_t def_cap;
} xsd_set;

static void xsd_set_free(xsd_set *s)
{
	size_t i;

	for (i = 0; i < s->doc_count; i++)
		xmlFreeDoc(s->docs[i]);
	free(s->docs);
	free(s->defs);
	memset(s, 0, sizeof *s);
}

static int add_def(xsd_set *s, const char *ns, const char *name, const xmlNode *node, int simple)
{
	if (s->def_count == s->def_cap) {
		size_t ncap = s->def_cap ? s->def_cap * 2 : 128;
		xsd_def *nd = realloc(s->defs, ncap * sizeof *nd);
		if (!nd)
			return XOEV_ENOMEM;
		s->defs = nd;
		s->def_cap = ncap;
	}
	s->defs[s->def_count].ns = ns;
	s->defs[s->def_count].name = name;
	s->defs[s->def_count].node = node;
	s->defs[s->def_count].simple = simple;
	s->def_count++;
	return XOEV_OK;
}

/* Index the global complexTypes and simpleTypes of one schema document. */
static int index_doc(xsd_set *s, xmlDocPtr doc)
{
	const xmlNode *root = xmlDocGetRootElement(doc), *c;
	const char *tns;

	if (!xs_is(root, "schema"))
		return XOEV_OK;
	tns = attr(root, "targetNamespace");
	if (!tns)
		tns = "";
	for (c = root->children; c; c = c->next) {
		const xmlNode *d = c;
		const xmlNode *r;

		/* xs:redefine holds definitions too */
		if (xs_is(c, "redefine")) {
			for (r = c->children; r; r = r->next) {
				const char *nm = attr(r, "name");
				if (nm && (xs_is(r, "complexType") || xs_is(r, "simpleType")) &&
				    add_def(s, tns, nm, r, xs_is(r, "simpleType")))
					return XOEV_ENOMEM;
			}
			continue;
		}
		if ((xs_is(d, "complexType") || xs_is(d, "simpleType")) && attr(d, "name") &&
		    add_def(s, tns, attr(d, "name"), d, xs_is(d, "simpleType")))
			return XOEV_ENOMEM;
	}
	return XOEV_OK;
}

/* Split a QName attribute value of node n into namespace and local name. */
static void resolve_qname(const xmlNode *n, const char *qname, const char **ns, const char **local)
{
	const char *colon = strchr(qname, ':');
	xmlNsPtr x;

	if (colon) {
		char prefix[128];
		size_t len = (size_t)(colon - qname);

		*local = colon + 1;
		*ns = NULL;
		if (len >= sizeof prefix)
			return;
		memcpy(prefix, qname, len);
		prefix[len] = '\0';
		x = xmlSearchNs(n->doc, (xmlNodePtr)n, (const xmlChar *)prefix);
		*ns = x ? (const char *)x->href : NULL;
	} else {
		*local = qname;
		x = xmlSearchNs(n->doc, (xmlNodePtr)n, NULL);
		*ns = x ? (const char *)x->href : "";
	}
}

static const xmlNode *find_def(const xsd_set *s, const char *ns, const char *local, int simple)
{
	size_t i;
	const xmlNode *only = NULL;
	int by_local = 0;

	for (i = 0; i < s->def_count; i++) {
		if (s->defs[i].simple != simple || strcmp(s->defs[i].name, local) != 0)
			continue;
		if (ns && strcmp(s->defs[i].ns, ns) == 0)
			return s->defs[i].node;
		/* chameleon includes take the includer's namespace: accept a unique no-namespace match */
		if (!*s->defs[i].ns) {
			only = s->defs[i].node;
			by_local++;
		}
	}
	return by_local == 1 ? only : NULL;
}

/* The xs:restriction or xs:extension of a complexType's complex or simple content, or NULL. */
static const xmlNode *derivation_of(const xmlNode *ct)
{
	const xmlNode *c, *d;

	for (c = ct->children; c; c = c->next) {
		if (!xs_is(c, "complexContent") && !xs_is(c, "simpleContent"))
			continue;
		for (d = c->children; d; d = d->next)
			if (xs_is(d, "restriction") || xs_is(d, "extension"))
				return d;
	}
	return NULL;
}

/* The base type definition of ct (NULL if none or not in the set); *xoev_code set for xoev-code:Code. */
static const xmlNode *base_of(const xsd_set *s, const xmlNode *ct, int *xoev_code)
{
	const xmlNode *d = derivation_of(ct);
	const char *base, *ns, *local;

	*xoev_code = 0;
	if (!d || !(base = attr(d, "base")))
		return NULL;
	resolve_qname(d, base, &ns, &local);
	if (ns && strcmp(ns, XOEV_CODE_NS) == 0 && strcmp(local, "Code") == 0)
		*xoev_code = 1;
	if (ns && strcmp(ns, XS_NS) == 0)
		return NULL;
	return find_def(s, ns, local, 0);
}

/*
 * Find the first declaration below n (not descending into nested complex
 * types or element declarations) of an element (want_element) or attribute
 * named name.
 */
static const xmlNode *find_decl(const xmlNode *n, int want_element, const char *name)
{
	const xmlNode *c, *r;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !c->ns || strcmp((const char *)c->ns->href, XS_NS) != 0)
			continue;
		if (xs_is(c, want_element ? "element" : "attribute")) {
			const char *nm = attr(c, "name");
			if (nm && strcmp(nm, name) == 0)
				return c;
			continue;
		}
		if (xs_is(c, "element") || xs_is(c, "complexType") || xs_is(c, "simpleType") ||
		    xs_is(c, "annotation"))
			continue;
		r = find_decl(c, want_element, name);
		if (r)
			return r;
	}
	return NULL;
}

/* Does a simple type definition (inline or named, followed through its bases) enumerate values? */
static int simple_enumerates(const xsd_set *s, const xmlNode *st, int depth)
{
	const xmlNode *r, *c;
	const char *base, *ns, *local;

	if (!st || depth > MAX_DERIVATION)
		return 0;
	r = first_child(st, xs_is, "restriction");
	if (!r)
		return 0;
	for (c = r->children; c; c = c->next)
		if (xs_is(c, "enumeration"))
			return 1;
	c = first_child(r, xs_is, "simpleType");
	if (c)
		return simple_enumerates(s, c, depth + 1);
	base = attr(r, "base");
	if (!base)
		return 0;
	resolve_qname(r, base, &ns, &local);
	if (ns && strcmp(ns, XS_NS) == 0)
		return 0;
	return simple_enumerates(s, find_def(s, ns, local, 1), depth + 1);
}

static int element_enumerates(const xsd_set *s, const xmlNode *el)
{
	const xmlNode *st = first_child(el, xs_is, "simpleType");
	const char *type, *ns, *local;

	if (st)
		return simple_enumerates(s, st, 0);
	type = attr(el, "type");
	if (!type)
		return 0;
	resolve_qname(el, type, &ns, &local);
	if (ns && strcmp(ns, XS_NS) == 0)
		return 0;
	return simple_enumerates(s, find_def(s, ns, local, 1), 0);
}

/* What a code type says about its list. */
typedef struct {
	int is_code;
	const char *uri;     /* fixed/default listURI, borrowed */
	const char *version; /* fixed listVersionID, borrowed */
	int enumerated;
} type_info;

/* Walk ct and its bases, most derived first. */
static void analyse_type(const xsd_set *s, const xmlNode *ct, type_info *ti)
{
	const xmlNode *chain[MAX_DERIVATION];
	size_t n = 0, i;
	int xoev_code = 0, structure = 0, found_code_el = 0;
	const xmlNode *t = ct;

	memset(ti, 0, sizeof *ti);
	while (t && n < MAX_DERIVATION) {
		int xc;
		for (i = 0; i < n; i++)
			if (chain[i] == t)
				break;
		if (i < n)
			break; /* a derivation cycle: invalid schema, stop */
		chain[n++] = t;
		t = base_of(s, t, &xc);
		xoev_code |= xc;
	}
	for (i = 0; i < n; i++) {
		const xmlNode *scope = derivation_of(chain[i]);
		const xmlNode *code_el, *a_uri, *a_ver;

		if (!scope)
			scope = chain[i];
		code_el = find_decl(scope, 1, "code");
		a_uri = find_decl(scope, 0, "listURI");
		a_ver = find_decl(scope, 0, "listVersionID");
		if (code_el && (a_uri || a_ver))
			structure = 1;
		if (code_el && !found_code_el) {
			found_code_el = 1;
			ti->enumerated = element_enumerates(s, code_el);
		}
		if (a_uri && !ti->uri) {
			ti->uri = attr(a_uri, "fixed");
			if (!ti->uri)
				ti->uri = attr(a_uri, "default");
		}
		if (a_ver && !ti->version)
			ti->version = attr(a_ver, "fixed");
	}
	ti->is_code = structure || xoev_code;
}

/* A growable table of code types. */
typedef struct {
	cl_type *types;
	size_t count;
	size_t cap;
} type_table;

static int add_type(type_table *tt, const type_info *ti)
{
	cl_type *t;
	char *uri, *version = NULL;

	uri = xoev_util__strdup(ti->uri);
	if (!uri)
		return XOEV_ENOMEM;
	token_normalise(uri);
	if (ti->version) {
		version = xoev_util__strdup(ti->version);
		if (!version) {
			free(uri);
			return XOEV_ENOMEM;
		}
		replace_normalise(version);
	}
	if (tt->count == tt->cap) {
		size_t ncap = tt->cap ? tt->cap * 2 : 32;
		cl_type *nt = realloc(tt->types, ncap * sizeof *nt);
		if (!nt) {
			free(uri);
			free(version);
			return XOEV_ENOMEM;
		}
		tt->types = nt;
		tt->cap = ncap;
	}
	t = &tt->types[tt->count++];
	t->uri = uri;
	t->version = version;
	t->enumerated = ti->enumerated;
	return XOEV_OK;
}

/* Every complexType of a document, global or anonymous. */
static int scan_types(type_table *tt, const xsd_set *s, const xmlNode *n)
{
	const xmlNode *c;
	int rc;

	for (c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xs_is(c, "complexType")) {
			type_info ti;
			analyse_type(s, c, &ti);
			if (ti.is_code && ti.uri && *ti.uri && (rc = add_type(tt, &ti)) != 0)
				return rc;
		}
		if (!xs_is(c, "annotation") && (rc = scan_types(tt, s, c)) != 0)
			return rc;
	}
	return XOEV_OK;
}

static int cmp_type(const void *a, const void *b)
{
	const cl_type *x = a, *y = b;
	int r = strcmp(x->uri, y->uri);

	if (r)
		return r;
	return (x->enumerated > y->enumerated) - (x->enumerated < y->enumerated);
}

void xoev_codelist__free_types(xoev_code_type *types, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		free(types[i].uri);
		free(types[i].version);
	}
	free(types);
}

int xoev_codelist__scan_types(const char *const *paths, size_t count, xoev_code_type **types,
                              size_t *type_count, xoev_diag_list *diags)
{
	xsd_set s;
	type_table tt = { NULL, 0, 0 };
	size_t i;
	int rc = XOEV_OK;

	if (!types || !type_count || (count && !paths))
		return XOEV_EINVAL;
	*types = NULL;
	*type_count = 0;
	memset(&s, 0, sizeof s);
	s.docs = calloc(count ? count : 1, sizeof *s.docs);
	if (!s.docs)
		return XOEV_ENOMEM;
	for (i = 0; i < count && rc == 0; i++) {
		xmlDocPtr doc = xoev_xml__parse_local_file(paths[i], diags);

		if (!doc) {
			rc = xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE,
			                     "codelist.schema-unreadable", paths[i], 0, 0, NULL,
			                     "cannot read the schema for its code types")
			         ? XOEV_ENOMEM : XOEV_EBUNDLE;
		} else {
			s.docs[s.doc_count++] = doc;
			rc = index_doc(&s, doc);
		}
	}
	for (i = 0; i < s.doc_count && rc == 0; i++)
		rc = scan_types(&tt, &s, (const xmlNode *)s.docs[i]);
	xsd_set_free(&s);
	if (rc != 0) {
		xoev_codelist__free_types(tt.types, tt.count);
		return rc;
	}
	if (tt.count)
		qsort(tt.types, tt.count, sizeof *tt.types, cmp_type);
	*types = tt.types;
	*type_count = tt.count;
	return XOEV_OK;
}

static int load_types(xoev_codelists *cl, const char *bundle_dir, const xoev_manifest *m,
                      xoev_diag_list *diags)
{
	xoev_strv paths = { 0 };
	size_t i;
	int rc = XOEV_OK;

	for (i = 0; i < m->schema_count && rc == 0; i++)
		rc = xoev_strv__push_owned(&paths, xoev_io__join(bundle_dir, m->schemas[i].href));
	if (rc == 0)
		rc = xoev_codelist__scan_types((const char *const *)paths.items, paths.count,
		                               &cl->types, &cl->type_count, diags);
	xoev_strv__free(&paths);
	return rc;
}

/* ------------------------------------------------------------------ */
/* load / free                                                         */
/* ------------------------------------------------------------------ */

static int cmp_list(const void *a, const void *b)
{
	const cl_list *x = a, *y = b;
	int r = strcmp(x->uri, y->uri);

	return r ? r : strcmp(x->version, y->version);
}

void xoev_codelist__free(xoev_codelists *cl)
{
	size_t i;

	if (!cl)
		return;
	for (i = 0; i < cl->list_count; i++)
		list_free(&cl->lists[i]);
	free(cl->lists);
	for (i = 0; i < cl->type_count; i++) {
		free(cl->types[i].uri);
		free(cl->types[i].version);
	}
	free(cl->types);
	free(cl->standard);
	free(cl->version);
	free(cl);
}

int xoev_codelist__load(const char *bundle_dir, const xoev_manifest *m, xoev_codelists **out,
                        xoev_diag_list *diags)
{
	xoev_codelists *cl;
	size_t i;
	int rc = XOEV_OK, failed = 0;

	if (!out)
		return XOEV_EINVAL;
	*out = NULL;
	if (!bundle_dir || !m)
		return XOEV_EINVAL;
	cl = calloc(1, sizeof *cl);
	if (!cl)
		return XOEV_ENOMEM;
	cl->standard = xoev_util__strdup(m->standard ? m->standard : "");
	cl->version = xoev_util__strdup(m->version ? m->version : "");
	cl->lists = calloc(m->codelist_count ? m->codelist_count : 1, sizeof *cl->lists);
	if (!cl->standard || !cl->version || !cl->lists) {
		xoev_codelist__free(cl);
		return XOEV_ENOMEM;
	}
	for (i = 0; i < m->codelist_count; i++) {
		char *path = xoev_io__join(bundle_dir, m->codelists[i].href);

		if (!path) {
			rc = XOEV_ENOMEM;
			break;
		}
		rc = load_list(path, &m->codelists[i], &cl->lists[cl->list_count], diags);
		if (rc == XOEV_OK)
			cl->list_count++;
		else if (rc == XOEV_EBUNDLE)
			failed = 1; /* keep going: report every broken list at once */
		free(path);
		if (rc == XOEV_ENOMEM)
			break;
	}
	if (rc != XOEV_ENOMEM) {
		qsort(cl->lists, cl->list_count, sizeof *cl->lists, cmp_list);
		for (i = 1; i < cl->list_count; i++) {
			if (cmp_list(&cl->lists[i - 1], &cl->lists[i]) == 0 &&
			    xoev_diag__addf(diags, XOEV_SEVERITY_WARNING, XOEV_LAYER_BUNDLE,
			                    "codelist.duplicate", NULL, 0, 0, NULL,
			                    "code list %s version %s is listed more than once; the "
			                    "first file is used", cl->lists[i].uri, cl->lists[i].version)) {
				rc = XOEV_ENOMEM;
				break;
			}
		}
	}
	if (rc != XOEV_ENOMEM) {
		rc = load_types(cl, bundle_dir, m, diags);
		if (rc == XOEV_EBUNDLE)
			failed = 1;
	}
	if (rc == XOEV_ENOMEM || failed) {
		xoev_codelist__free(cl);
		return rc == XOEV_ENOMEM ? XOEV_ENOMEM : XOEV_EBUNDLE;
	}
	*out = cl;
	return XOEV_OK;
}

size_t xoev_codelist__count(const xoev_codelists *cl)
{
	return cl ? cl->list_count : 0;
}

/* ------------------------------------------------------------------ */
/* lookups                                                             */
/* ------------------------------------------------------------------ */

/* The range [*first, *end) of loaded versions of uri. */
static void versions_of(const xoev_codelists *cl, const char *uri, size_t *first, size_t *end)
{
	size_t lo = 0, hi = cl->list_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(cl->lists[mid].uri, uri) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo < cl->list_count && strcmp(cl->lists[lo].uri, uri) == 0)
		lo++;
	*end = lo;
}

static int list_has(const cl_list *l, const char *code)
{
	size_t lo = 0, hi = l->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(l->entries[l->sorted[mid]].code, code);
		if (r == 0)
			return 1;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The range of code types with this fixed listURI. */
static void types_of(const xoev_codelists *cl, const char *uri, size_t *first, size_t *end)
{
	size_t lo = 0, hi = cl->type_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(cl->types[mid].uri, uri) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo < cl->type_count && strcmp(cl->types[lo].uri, uri) == 0)
		lo++;
	*end = lo;
}

/* 1 if the XSD enumerates this code (type 1): skip it. */
static int is_type1(const xoev_codelists *cl, const char *uri, const char *version)
{
	size_t first, end, i;
	int enumerated = 0, external = 0, version_match = 0;

	types_of(cl, uri, &first, &end);
	for (i = first; i < end; i++) {
		if (cl->types[i].enumerated) {
			enumerated = 1;
			if (version && cl->types[i].version && strcmp(cl->types[i].version, version) == 0)
				version_match = 1;
		} else {
			external = 1;
		}
	}
	if (!enumerated)
		return 0;
	if (!external)
		return 1;
	return !version || version_match;
}

/* 1 if a type 2 or 3 of the XSDs fixes this listURI. */
static int fixed_externally(const xoev_codelists *cl, const char *uri)
{
	size_t first, end, i;

	types_of(cl, uri, &first, &end);
	for (i = first; i < end; i++)
		if (!cl->types[i].enumerated)
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* check                                                               */
/* ------------------------------------------------------------------ */

/* Where a code was met: a tree element (position and XPath computed on demand) or a given location. */
typedef struct {
	const xoev_xdoc *doc;
	const xmlNode *el;  /* NULL: use line, column, xpath */
	const char *file;
	unsigned long line;
	unsigned long column;
	const char *xpath;
	xoev_diag_list *diags;
} where;

/* Append s to b, cut to at most max bytes on a UTF-8 character boundary ("..." if cut). */
static void put_cut(xoev_buf *b, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max) {
		xoev_buf__puts(b, s);
		return;
	}
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	xoev_buf__append(b, s, max);
	xoev_buf__puts(b, "...");
}

static int report(const where *w, xoev_severity sev, const char *rule, const char *msg)
{
	unsigned long line = w->line, col = w->column;
	char *xpath = NULL;
	int rc;

	if (!w->diags)
		return XOEV_OK;
	if (w->el) {
		xoev_xml__position(w->doc, w->el, &line, &col);
		xpath = xoev_xml__xpath(w->el);
		if (!xpath)
			return XOEV_ENOMEM;
	}
	rc = xoev_diag_list_add(w->diags, sev, XOEV_LAYER_CODELIST, rule, msg, w->file, line, col,
	                        w->el ? xpath : w->xpath);
	free(xpath);
	return rc;
}

static int finish(const where *w, xoev_severity sev, const char *rule, xoev_buf *b)
{
	char *msg = xoev_buf__take(b, NULL);
	int rc;

	if (!msg)
		return XOEV_ENOMEM;
	rc = report(w, sev, rule, msg);
	free(msg);
	return rc;
}

static void describe_code(xoev_buf *b, const char *code)
{
	xoev_buf__puts(b, "code '");
	put_cut(b, code, 100);
	xoev_buf__puts(b, "'");
}

static void put_list_name(xoev_buf *b, const char *uri, const char *version)
{
	xoev_buf__puts(b, "code list ");
	put_cut(b, uri, 300);
	if (version) {
		xoev_buf__puts(b, " version '");
		put_cut(b, version, 100);
		xoev_buf__puts(b, "'");
	}
}

static void put_allowed(xoev_buf *b, const cl_list *l)
{
	size_t i;

	if (l->title) {
		xoev_buf__puts(b, " (");
		put_cut(b, l->title, 80);
		xoev_buf__puts(b, ")");
	}
	if (l->count == 0) {
		xoev_buf__puts(b, "; the list has no codes");
		return;
	}
	xoev_buf__printf(b, "; %zu allowed values: ", l->count);
	for (i = 0; i < l->count && i < MSG_VALUES; i++) {
		xoev_buf__puts(b, i ? ", '" : "'");
		put_cut(b, l->entries[i].code, 60);
		xoev_buf__puts(b, "'");
		if (l->entries[i].name) {
			xoev_buf__puts(b, " (");
			put_cut(b, l->entries[i].name, 40);
			xoev_buf__puts(b, ")");
		}
	}
	if (l->count > MSG_VALUES)
		xoev_buf__puts(b, ", ...");
}

/* The rules, for a normalised listURI (NULL: absent), listVersionID (NULL: absent) and code. */
static int check_code(const xoev_codelists *cl, const where *w, const char *uri,
                      const char *version, const char *code)
{
	xoev_buf b = { 0 };
	size_t first, end, i;

	if (!uri || !*uri) {
		describe_code(&b, code);
		xoev_buf__puts(&b, ": the code names no code list (listURI is ");
		xoev_buf__puts(&b, uri ? "empty)" : "missing)");
		return finish(w, XOEV_SEVERITY_ERROR, "codelist.unknown-list", &b);
	}
	if (is_type1(cl, uri, version))
		return XOEV_OK;
	versions_of(cl, uri, &first, &end);
	if (first == end) {
		if (fixed_externally(cl, uri)) {
			describe_code(&b, code);
			xoev_buf__puts(&b, " not checked: ");
			put_list_name(&b, uri, version);
			xoev_buf__printf(&b, " is fixed by the schema of %s %s but the bundle does not "
			                 "ship it", cl->standard, cl->version);
			return finish(w, XOEV_SEVERITY_WARNING, "codelist.unavailable", &b);
		}
		describe_code(&b, code);
		xoev_buf__puts(&b, ": ");
		put_list_name(&b, uri, NULL);
		xoev_buf__printf(&b, " is not a code list of %s %s", cl->standard, cl->version);
		return finish(w, XOEV_SEVERITY_ERROR, "codelist.unknown-list", &b);
	}
	if (!version) {
		/* no version named: any loaded version that has the code will do */
		for (i = first; i < end; i++)
			if (list_has(&cl->lists[i], code))
				return XOEV_OK;
		describe_code(&b, code);
		xoev_buf__puts(&b, " is in no loaded version of ");
		put_list_name(&b, uri, NULL);
		xoev_buf__puts(&b, " (listVersionID is missing)");
		put_allowed(&b, &cl->lists[end - 1]);
		return finish(w, XOEV_SEVERITY_ERROR, "codelist.unknown-code", &b);
	}
	for (i = first; i < end; i++)
		if (strcmp(cl->lists[i].version, version) == 0)
			break;
	if (i == end) {
		size_t k;

		put_list_name(&b, uri, version);
		xoev_buf__puts(&b, " is not known");
		xoev_buf__puts(&b, end - first == 1 ? "; known version: " : "; known versions: ");
		for (k = first; k < end; k++) {
			xoev_buf__puts(&b, k > first ? ", '" : "'");
			put_cut(&b, cl->lists[k].version, 60);
			xoev_buf__puts(&b, "'");
		}
		return finish(w, XOEV_SEVERITY_ERROR, "codelist.unknown-version", &b);
	}
	if (list_has(&cl->lists[i], code))
		return XOEV_OK;
	describe_code(&b, code);
	xoev_buf__puts(&b, " is not in ");
	put_list_name(&b, uri, version);
	put_allowed(&b, &cl->lists[i]);
	return finish(w, XOEV_SEVERITY_ERROR, "codelist.unknown-code", &b);
}

static const xmlNode *code_child(const xmlNode *el)
{
	const xmlNode *c;

	for (c = el->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !c->ns && strcmp((const char *)c->name, "code") == 0)
			return c;
	return NULL;
}

static int visit(const xoev_codelists *cl, where *w, const xmlNode *el)
{
	const xmlNode *code_el;
	char *uri = NULL, *version = NULL, *code = NULL;
	int oom = 0, rc;

	if (!xmlHasNsProp(el, (const xmlChar *)"listURI", NULL) &&
	    !xmlHasNsProp(el, (const xmlChar *)"listVersionID", NULL))
		return XOEV_OK;
	code_el = code_child(el);
	if (!code_el)
		return XOEV_OK;
	uri = attr_dup(el, "listURI", &oom);
	version = attr_dup(el, "listVersionID", &oom);
	code = text_token(code_el);
	if (oom || !code) {
		rc = XOEV_ENOMEM;
		goto out;
	}
	if (uri)
		token_normalise(uri); /* xs:anyURI collapses whitespace */
	if (version)
		replace_normalise(version); /* xs:normalizedString */
	w->el = el;
	rc = check_code(cl, w, uri, version, code);
out:
	free(uri);
	free(version);
	free(code);
	return rc;
}

int xoev_codelist__check(const xoev_codelists *cl, const xoev_xdoc *doc, const char *file,
                         xoev_diag_list *diags)
{
	where w;
	const xmlNode *root, *n;
	int rc;

	if (!cl || !doc)
		return XOEV_EINVAL;
	root = xmlDocGetRootElement(xoev_xml__doc(doc));
	if (!root)
		return XOEV_OK;
	memset(&w, 0, sizeof w);
	w.doc = doc;
	w.file = file;
	w.diags = diags;
	n = root;
	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			rc = visit(cl, &w, n);
			if (rc != XOEV_OK)
				return rc;
			if (n->children) {
				n = n->children;
				continue;
			}
		}
		while (n != root && !n->next)
			n = n->parent;
		if (n == root)
			break;
		n = n->next;
	}
	return XOEV_OK;
}

/*
 * Streaming: no tree, so fixed attributes the XSD would fill in are not
 * known; a code without listURI cannot be attributed to a list and is
 * skipped (the tree check reports it as codelist.unknown-list).
 */
int xoev_codelist__check_code(const xoev_codelists *cl, const char *list_uri,
                              const char *list_version, const char *code, const char *file,
                              unsigned long line, unsigned long column, const char *xpath,
                              xoev_diag_list *diags)
{
	char *uri = NULL, *version = NULL, *value = NULL;
	where w;
	int rc = XOEV_ENOMEM;

	if (!cl || !code)
		return XOEV_EINVAL;
	if (!list_uri)
		return XOEV_OK;
	uri = xoev_util__strdup(list_uri);
	version = list_version ? xoev_util__strdup(list_version) : NULL;
	value = xoev_util__strdup(code);
	if (uri && value && (version || !list_version)) {
		token_normalise(uri);
		if (version)
			replace_normalise(version);
		token_normalise(value);
		memset(&w, 0, sizeof w);
		w.file = file;
		w.line = line;
		w.column = column;
		w.xpath = xpath;
		w.diags = diags;
		rc = check_code(cl, &w, uri, version, value);
	}
	free(uri);
	free(version);
	free(value);
	return rc;
}

/* ------------------------------------------------------------------ */
/* for the generator (declared in model.h)                             */
/* ------------------------------------------------------------------ */

const char *xoev_codelist__first_code(const xoev_codelists *cl, const char *uri,
                                      const char *version, const char **version_out)
{
	size_t first, end, i;

	if (version_out)
		*version_out = NULL;
	if (!cl || !uri)
		return NULL;
	versions_of(cl, uri, &first, &end);
	/* the asked version, else the last loaded one (lists sort by version) */
	for (i = first; version && i < end; i++)
		if (strcmp(cl->lists[i].version, version) == 0)
			break;
	if (!version || i == end) {
		if (version || first == end)
			return NULL;
		i = end - 1;
	}
	if (cl->lists[i].count == 0)
		return NULL;
	if (version_out)
		*version_out = cl->lists[i].version;
	return cl->lists[i].entries[0].code;
}
