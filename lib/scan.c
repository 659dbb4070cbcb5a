/*
 * libxoev - schema scanning: the transitive closure of xs:include,
 * xs:import and xs:redefine from a set of entry schemas, with each
 * file's target namespace, imports, remote locations and message roots.
 *
 * Absolute URLs are resolved only through the given catalogs, never
 * through the network. Files are parsed with the safe local-file parser.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/uri.h>
#include <libxml/xmlstring.h>

#include "internal.h"

#define XS_NS "http://www.w3.org/2001/XMLSchema"

/* ------------------------------------------------------------------ */
/* small helpers                                                       */
/* ------------------------------------------------------------------ */

static int is_xs(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, XS_NS) == 0 &&
	       strcmp((const char *)n->name, local) == 0;
}


/*
 * Message root names: <part>.<part>(.<part>)*.<digits>: at least two
 * non-empty dot-separated parts, the last one all digits.
 */
static int is_message_root_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	const char *p;

	if (!dot || dot == name || dot[1] == '\0')
		return 0;
	for (p = dot + 1; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	/* no empty part before the last one */
	for (p = name; p < dot; p++)
		if (*p == '.' && (p == name || p[-1] == '.'))
			return 0;
	return dot[-1] != '.';
}

/* "http:", "urn:", ... : a scheme of two characters or more (so "C:" is not one). */
static int has_scheme(const char *s)
{
	const char *p = s;

	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':' && p - s >= 2;
}

/* A file: URL (or a path) as a new local path, %-escapes decoded. NULL if not a file URL. */
static char *file_url_to_path(const char *url)
{
	xmlURIPtr uri;
	char *path = NULL;

	if (strncmp(url, "file:", 5) != 0)
		return xoev_util__strdup(url);
	uri = xmlParseURI(url);
	if (!uri)
		return NULL;
	if (uri->path && (!uri->server || !*uri->server ||
	                  strcmp(uri->server, "localhost") == 0))
		path = xoev_util__strdup(uri->path);
	xmlFreeURI(uri);
	return path;
}

/* ------------------------------------------------------------------ */
/* resolving schemaLocations                                           */
/* ------------------------------------------------------------------ */

typedef enum { RES_OK, RES_UNRESOLVED, RES_NOMEM } res_status;

/*
 * Resolve a remote (absolute URL) location through the catalogs:
 * system entries first, then uri entries. *out: new canonical path.
 */
static res_status resolve_remote(const char *url, xmlCatalogPtr *catalogs, size_t count,
                                 char **out)
{
	size_t i;
	int pass;

	*out = NULL;
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < count; i++) {
			xmlChar *r;
			char *path, *canon;

			if (!catalogs[i])
				continue;
			r = pass == 0 ? xmlACatalogResolveSystem(catalogs[i], (const xmlChar *)url)
			              : xmlACatalogResolveURI(catalogs[i], (const xmlChar *)url);
			if (!r)
				continue;
			if (has_scheme((const char *)r) && strncmp((const char *)r, "file:", 5) != 0) {
				/* the catalog maps to another remote URL: never fetched */
				xmlFree(r);
				continue;
			}
			path = file_url_to_path((const char *)r);
			xmlFree(r);
			if (!path)
				continue;
			canon = xoev_io__realpath(path);
			free(path);
			if (canon) {
				*out = canon;
				return RES_OK;
			}
		}
	}
	/* A local file: URL needs no catalog. */
	if (strncmp(url, "file:", 5) == 0) {
		char *path = file_url_to_path(url);
		if (path) {
			*out = xoev_io__realpath(path);
			free(path);
			if (*out)
				return RES_OK;
		}
	}
	return RES_UNRESOLVED;
}

/* Resolve a relative (or absolute path) location against the including file's directory. */
static res_status resolve_local(const char *loc, const char *including, char **out)
{
	char *unescaped, *dir, *joined;
	char *hash;

	*out = NULL;
	unescaped = xmlURIUnescapeString(loc, 0, NULL);
	if (!unescaped)
		return RES_NOMEM;
	hash = strchr(unescaped, '#');
	if (hash)
		*hash = '\0';
	dir = xoev_io__dirname(including);
	if (!dir) {
		xmlFree(unescaped);
		return RES_NOMEM;
	}
	joined = xoev_io__join(dir, unescaped);
	free(dir);
	xmlFree(unescaped);
	if (!joined)
		return RES_NOMEM;
	*out = xoev_io__realpath(joined);
	free(joined);
	return *out ? RES_OK : RES_UNRESOLVED;
}

/* ------------------------------------------------------------------ */
/* the closure                                                         */
/* ------------------------------------------------------------------ */

typedef struct {
	xoev_strv queue;     /* canonical paths, in discovery order */
	xmlCatalogPtr *catalogs;
	size_t catalog_count;
	int fail_on_unresolved;
	int failed;          /* an error finding was recorded */
	xoev_diag_list *diags;
	xoev_schema_set *set;
	const char *const *roots; /* NULL: any local file may be read */
	size_t root_count;
} scan_ctx;

static int set_add_remote(xoev_schema_set *set, const char *url, const char *path)
{
	if (xoev_strv__contains(&set->remote_urls, url))
		return 0;
	if (xoev_strv__push(&set->remote_urls, url) != 0)
		return XOEV_ENOMEM;
	if (xoev_strv__push(&set->remote_paths, path) != 0) {
		/* keep the arrays parallel */
		set->remote_urls.count--;
		free(set->remote_urls.items[set->remote_urls.count]);
		return XOEV_ENOMEM;
	}
	return 0;
}

static int under_roots(const scan_ctx *c, const char *canon)
{
	size_t i;

	if (!c->roots)
		return 1;
	for (i = 0; i < c->root_count; i++)
		if (xoev_io__path_under(c->roots[i], canon))
			return 1;
	return 0;
}

/* Queue a file for scanning; a file outside the roots is refused unread. */
static int enqueue(scan_ctx *c, const char *canon, const char *from, unsigned long line)
{
	if (xoev_strv__contains(&c->queue, canon))
		return 0;
	if (!under_roots(c, canon)) {
		c->failed = 1;
		return xoev_diag__addf(c->diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE,
		                       "resolve.refused", from ? from : canon, line, 0, NULL,
		                       "'%s' is outside the bundle directories and is not read", canon);
	}
	return xoev_strv__push(&c->queue, canon);
}

/* Handle one xs:include/xs:import/xs:redefine element of file f. */
static int follow_reference(scan_ctx *c, xoev_schema_file *f, xmlNode *n, const char *kind)
{
	int oom = 0, rc = 0;
	char *loc = xoev_xml__attr_dup(n, "schemaLocation", &oom);
	char *canon = NULL;
	res_status rs;
	unsigned long line = (unsigned long)xmlGetLineNo(n);

	if (oom)
		return XOEV_ENOMEM;
	if (strcmp(kind, "import") == 0) {
		char *ns = xoev_xml__attr_dup(n, "namespace", &oom);
		if (oom)
			rc = XOEV_ENOMEM;
		else if (!xoev_strv__contains(&f->imported_namespaces, ns ? ns : "") &&
		         xoev_strv__push(&f->imported_namespaces, ns ? ns : "") != 0)
			rc = XOEV_ENOMEM;
		free(ns);
		if (rc)
			goto done;
	}
	if (!loc || !*loc)
		goto done; /* namespace only: the processor knows where to find it */

	if (has_scheme(loc) && strncmp(loc, "file:", 5) != 0) {
		if (!xoev_strv__contains(&f->remote_locations, loc) &&
		    xoev_strv__push(&f->remote_locations, loc) != 0) {
			rc = XOEV_ENOMEM;
			goto done;
		}
		rs = resolve_remote(loc, c->catalogs, c->catalog_count, &canon);
		if (rs == RES_OK && set_add_remote(c->set, loc, canon) != 0)
			rs = RES_NOMEM;
	} else if (strncmp(loc, "file:", 5) == 0) {
		rs = resolve_remote(loc, c->catalogs, c->catalog_count, &canon);
	} else {
		rs = resolve_local(loc, f->path, &canon);
	}

	if (rs == RES_NOMEM) {
		rc = XOEV_ENOMEM;
	} else if (rs == RES_UNRESOLVED) {
		int remote = has_scheme(loc);
		if (c->fail_on_unresolved)
			c->failed = 1;
		rc = xoev_diag__addf(c->diags,
		                     c->fail_on_unresolved ? XOEV_SEVERITY_ERROR : XOEV_SEVERITY_WARNING,
		                     XOEV_LAYER_BUNDLE, "bundle.unresolved-import", f->path, line, 0, NULL,
		                     remote ? "xs:%s of '%s' cannot be resolved: no catalog entry maps this URL to a local file (the network is never used)"
		                            : "xs:%s of '%s' cannot be resolved: no such file",
		                     kind, loc);
	} else {
		rc = enqueue(c, canon, f->path, line);
	}
done:
	free(canon);
	free(loc);
	return rc;
}

/* Named top-level declarations: what two documents of one namespace may not both declare. */
static int is_component(const xmlNode *n)
{
	return is_xs(n, "element") || is_xs(n, "complexType") || is_xs(n, "simpleType") ||
	       is_xs(n, "group") || is_xs(n, "attributeGroup") || is_xs(n, "attribute");
}

/*
 * A document is a copy (shadowed) when an earlier, not shadowed document of
 * its namespace declares one of its components: libxml2 would skip it.
 * Documents of one namespace that split its components (XBau 2.3's
 * Kernmodul) declare disjoint sets and are all kept.
 */
static int is_copy(const xoev_schema_set *set, size_t idx)
{
	const xoev_schema_file *f = &set->files[idx];
	size_t i, j;

	if (!f->target_namespace)
		return 0;
	for (i = 0; i < idx; i++) {
		const xoev_schema_file *g = &set->files[i];
		if (g->shadowed || !g->target_namespace ||
		    strcmp(g->target_namespace, f->target_namespace) != 0)
			continue;
		for (j = 0; j < f->components.count; j++)
			if (xoev_strv__contains(&g->components, f->components.items[j]))
				return 1;
	}
	return 0;
}

/* Move the shadowed documents from files to shadowed, keeping the order of each. */
static int split_shadowed(xoev_schema_set *set)
{
	size_t i, kept = 0, n = 0;
	xoev_schema_file *sh;

	for (i = 0; i < set->count; i++)
		n += set->files[i].shadowed != 0;
	if (n == 0)
		return 0;
	sh = calloc(n, sizeof *sh);
	if (!sh)
		return XOEV_ENOMEM;
	for (i = 0; i < set->count; i++) {
		if (set->files[i].shadowed)
			sh[set->shadowed_count++] = set->files[i];
		else
			set->files[kept++] = set->files[i];
	}
	set->count = kept;
	set->shadowed = sh;
	return 0;
}

static int scan_file(scan_ctx *c, const char *canon)
{
	xmlDocPtr doc;
	xmlNode *root, *n;
	xoev_schema_file *f, *grown;
	int oom = 0, rc = 0;

	doc = xoev_xml__parse_local_file(canon, c->diags);
	if (!doc) {
		c->failed = 1;
		return xoev_diag__addf(c->diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE,
		                       "bundle.schema-unreadable", canon, 0, 0, NULL,
		                       "the schema document cannot be read or is not well-formed");
	}
	root = xmlDocGetRootElement(doc);
	if (!is_xs(root, "schema")) {
		unsigned long line = root ? (unsigned long)xmlGetLineNo(root) : 0;
		xmlFreeDoc(doc);
		c->failed = 1;
		return xoev_diag__addf(c->diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE,
		                       "bundle.not-a-schema", canon, line, 0, NULL,
		                       "the document element is not xs:schema");
	}

	grown = realloc(c->set->files, (c->set->count + 1) * sizeof *grown);
	if (!grown) {
		xmlFreeDoc(doc);
		return XOEV_ENOMEM;
	}
	c->set->files = grown;
	f = &grown[c->set->count];
	memset(f, 0, sizeof *f);
	f->path = xoev_util__strdup(canon);
	if (!f->path) {
		xmlFreeDoc(doc);
		return XOEV_ENOMEM;
	}
	c->set->count++;
	f->target_namespace = xoev_xml__attr_dup(root, "targetNamespace", &oom);
	if (oom) {
		xmlFreeDoc(doc);
		return XOEV_ENOMEM;
	}

	for (n = root->children; n && rc == 0; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_component(n)) {
			char *name = xoev_xml__attr_dup(n, "name", &oom);
			char *key = name ? xoev_util__printf("%s %s", (const char *)n->name, name) : NULL;
			if (oom || (name && !key))
				rc = XOEV_ENOMEM;
			else if (key && !xoev_strv__contains(&f->components, key))
				rc = xoev_strv__push(&f->components, key);
			free(key);
			free(name);
			if (rc)
				break;
		}
		if (is_xs(n, "include") || is_xs(n, "import") || is_xs(n, "redefine")) {
			rc = follow_reference(c, f, n, (const char *)n->name);
		} else if (is_xs(n, "element")) {
			char *name = xoev_xml__attr_dup(n, "name", &oom);
			if (oom) {
				rc = XOEV_ENOMEM;
			} else if (name && is_message_root_name(name) &&
			           !xoev_strv__contains(&f->message_roots, name)) {
				rc = xoev_strv__push_owned(&f->message_roots, name);
				name = NULL;
			}
			free(name);
		}
	}
	xmlFreeDoc(doc);
	if (rc == 0) {
		f = &c->set->files[c->set->count - 1];
		f->shadowed = is_copy(c->set, c->set->count - 1);
	}
	return rc;
}

int xoev_scan__closure(const char *const *entries, size_t entry_count,
                       xmlCatalogPtr *catalogs, size_t catalog_count,
                       int fail_on_unresolved, xoev_diag_list *diags,
                       xoev_schema_set *out)
{
	return xoev_scan__closure_within(entries, entry_count, catalogs, catalog_count, NULL, 0,
	                                 fail_on_unresolved, diags, out);
}

int xoev_scan__closure_within(const char *const *entries, size_t entry_count,
                              xmlCatalogPtr *catalogs, size_t catalog_count,
                              const char *const *roots, size_t root_count,
                              int fail_on_unresolved, xoev_diag_list *diags,
                              xoev_schema_set *out)
{
	scan_ctx c;
	size_t i;
	int rc = 0;

	if (!out || (entry_count && !entries) || (catalog_count && !catalogs))
		return XOEV_EINVAL;
	memset(out, 0, sizeof *out);
	memset(&c, 0, sizeof c);
	c.catalogs = catalogs;
	c.catalog_count = catalog_count;
	c.fail_on_unresolved = fail_on_unresolved;
	c.diags = diags;
	c.set = out;
	c.roots = roots;
	c.root_count = root_count;

	for (i = 0; i < entry_count && rc == 0; i++) {
		char *canon = xoev_io__realpath(entries[i]);
		if (!canon) {
			c.failed = 1;
			rc = xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE,
			                     "bundle.missing-file", entries[i], 0, 0, NULL,
			                     "entry schema not found");
			if (rc == 0)
				rc = XOEV_EIO;
			continue;
		}
		rc = enqueue(&c, canon, NULL, 0);
		free(canon);
	}
	/* Breadth first; the queue grows while we walk it. */
	for (i = 0; rc == 0 && i < c.queue.count; i++)
		rc = scan_file(&c, c.queue.items[i]);

	xoev_strv__free(&c.queue);
	if (rc == 0 || rc == XOEV_EBUNDLE) {
		int r2 = split_shadowed(out);
		if (r2)
			rc = r2;
	}
	if (rc == 0 && c.failed && (fail_on_unresolved || out->count == 0))
		rc = XOEV_EBUNDLE;
	/* On XOEV_EBUNDLE the set keeps what was found (the caller frees it). */
	if (rc != 0 && rc != XOEV_EBUNDLE)
		xoev_scan__free(out);
	return rc;
}

/* ------------------------------------------------------------------ */
/* namespace order                                                     */
/* ------------------------------------------------------------------ */

static const char *file_ns(const xoev_schema_file *f)
{
	return f->target_namespace ? f->target_namespace : "";
}

static long ns_index(const xoev_strv *nodes, const char *ns)
{
	size_t i;
	for (i = 0; i < nodes->count; i++)
		if (strcmp(nodes->items[i], ns) == 0)
			return (long)i;
	return -1;
}

/* state: 0 new, 1 on the stack, 2 done. Depth-first, dependencies emitted first. */
static int visit(const xoev_schema_set *set, const xoev_strv *nodes, unsigned char *state,
                 size_t node, xoev_strv *out)
{
	size_t i, j;
	int rc;

	state[node] = 1;
	for (i = 0; i < set->count; i++) {
		const xoev_schema_file *f = &set->files[i];
		if (strcmp(file_ns(f), nodes->items[node]) != 0)
			continue;
		for (j = 0; j < f->imported_namespaces.count; j++) {
			long k = ns_index(nodes, f->imported_namespaces.items[j]);
			if (k < 0 || state[k] != 0)
				continue; /* outside the set, done, or a cycle: broken here */
			rc = visit(set, nodes, state, (size_t)k, out);
			if (rc)
				return rc;
		}
	}
	state[node] = 2;
	return xoev_strv__push(out, nodes->items[node]);
}

int xoev_scan__namespace_order(const xoev_schema_set *set, xoev_strv *out)
{
	xoev_strv nodes = { 0 };
	unsigned char *state = NULL;
	size_t i;
	int rc = 0;

	if (!set || !out)
		return XOEV_EINVAL;
	for (i = 0; i < set->count && rc == 0; i++)
		if (!xoev_strv__contains(&nodes, file_ns(&set->files[i])))
			rc = xoev_strv__push(&nodes, file_ns(&set->files[i]));
	if (rc == 0 && nodes.count) {
		state = calloc(nodes.count, 1);
		if (!state)
			rc = XOEV_ENOMEM;
	}
	for (i = 0; i < nodes.count && rc == 0; i++)
		if (state[i] == 0)
			rc = visit(set, &nodes, state, i, out);
	free(state);
	xoev_strv__free(&nodes);
	return rc;
}

static void file_free(xoev_schema_file *f)
{
	free(f->path);
	free(f->target_namespace);
	xoev_strv__free(&f->imported_namespaces);
	xoev_strv__free(&f->remote_locations);
	xoev_strv__free(&f->message_roots);
	xoev_strv__free(&f->components);
}

void xoev_scan__free(xoev_schema_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->count; i++)
		file_free(&set->files[i]);
	for (i = 0; i < set->shadowed_count; i++)
		file_free(&set->shadowed[i]);
	free(set->files);
	free(set->shadowed);
	xoev_strv__free(&set->remote_urls);
	xoev_strv__free(&set->remote_paths);
	memset(set, 0, sizeof *set);
}
