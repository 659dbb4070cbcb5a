/*
 * libxoev - the bundle manifest "xoev-bundle.xml" (schemas/xoev-bundle.xsd):
 * read and check it, write it, free it; and xoev_bundle_check_manifest().
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "internal.h"

/* ------------------------------------------------------------------ */
/* checking against the embedded schema                                */
/* ------------------------------------------------------------------ */

typedef struct {
	xoev_diag_list *diags;
	const char *path;
	int errors;
	int oom;
} check_ctx;

/* libxml2 messages end with a newline; findings do not. */
static void trim_newline(char *s)
{
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = '\0';
}

static void on_schema_error(void *user, xmlErrorPtr err)
{
	check_ctx *c = user;
	char *msg, *xpath = NULL;
	xoev_severity sev;

	if (!err)
		return;
	sev = err->level == XML_ERR_WARNING ? XOEV_SEVERITY_WARNING : XOEV_SEVERITY_ERROR;
	if (sev == XOEV_SEVERITY_ERROR)
		c->errors++;
	msg = xoev_util__strdup(err->message ? err->message : "invalid manifest");
	if (!msg) {
		c->oom = 1;
		return;
	}
	trim_newline(msg);
	if (err->node && ((xmlNodePtr)err->node)->type == XML_ELEMENT_NODE)
		xpath = xoev_xml__xpath((xmlNodePtr)err->node);
	if (xoev_diag__addf(c->diags, sev, XOEV_LAYER_BUNDLE, "bundle.manifest-invalid", c->path,
	                    err->line > 0 ? (unsigned long)err->line : 0, 0, xpath, "%s", msg) != 0)
		c->oom = 1;
	free(xpath);
	free(msg);
}

/* A compiled copy of the manifest schema; NULL if it cannot be built. */
static xmlSchemaPtr compile_manifest_schema(check_ctx *c)
{
	xmlSchemaParserCtxtPtr pctxt;
	xmlSchemaPtr schema;
	xoev_quiet quiet;

	pctxt = xmlSchemaNewMemParserCtxt(xoev_manifest__xsd, (int)strlen(xoev_manifest__xsd));
	if (!pctxt)
		return NULL;
	xmlSchemaSetParserStructuredErrors(pctxt, on_schema_error, c);
	xoev_xml__quiet_begin(&quiet, NULL, NULL);
	schema = xmlSchemaParse(pctxt);
	xoev_xml__quiet_end(&quiet);
	xmlSchemaFreeParserCtxt(pctxt);
	return schema;
}

/* Validate doc. Returns 0 (valid), XOEV_EBUNDLE (findings), XOEV_ENOMEM, XOEV_ERROR. */
static int validate_doc(xmlDocPtr doc, const char *path, xoev_diag_list *diags)
{
	check_ctx c = { diags, path, 0, 0 };
	xmlSchemaPtr schema;
	xmlSchemaValidCtxtPtr vctxt;
	xoev_quiet quiet;
	int r;

	schema = compile_manifest_schema(&c);
	if (!schema)
		return c.oom ? XOEV_ENOMEM : XOEV_ERROR;
	vctxt = xmlSchemaNewValidCtxt(schema);
	if (!vctxt) {
		xmlSchemaFree(schema);
		return XOEV_ENOMEM;
	}
	xmlSchemaSetValidStructuredErrors(vctxt, on_schema_error, &c);
	xoev_xml__quiet_begin(&quiet, NULL, NULL);
	r = xmlSchemaValidateDoc(vctxt, doc);
	xoev_xml__quiet_end(&quiet);
	xmlSchemaFreeValidCtxt(vctxt);
	xmlSchemaFree(schema);
	if (c.oom)
		return XOEV_ENOMEM;
	if (r < 0)
		return XOEV_ERROR;
	if (r > 0 || c.errors) {
		if (!c.errors &&
		    xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE,
		                    "bundle.manifest-invalid", path, 0, 0, NULL,
		                    "the manifest does not conform to the manifest schema") != 0)
			return XOEV_ENOMEM;
		return XOEV_EBUNDLE;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* extraction                                                          */
/* ------------------------------------------------------------------ */

typedef struct {
	const char *path;
	xoev_diag_list *diags;
	int oom;
	int bad;
} read_ctx;

static int in_ns(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, XOEV_MANIFEST_NS) == 0 &&
	       strcmp((const char *)n->name, local) == 0;
}

static char *get_attr(read_ctx *r, xmlNode *n, const char *name)
{
	return xoev_xml__attr_dup(n, name, &r->oom);
}

static char *get_text(read_ctx *r, xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *s;

	if (!v) {
		r->oom = 1;
		return NULL;
	}
	s = xoev_util__strdup((const char *)v);
	xmlFree(v);
	if (!s)
		r->oom = 1;
	return s;
}

/*
 * The schema forbids absolute paths and schemes; a ".." step could still
 * leave the bundle directory.
 */
static int href_escapes(const char *href)
{
	const char *p = href;

	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return href[0] == '/';
}

/* Read attribute "href" and check it stays inside the bundle. */
static char *get_href(read_ctx *r, xmlNode *n)
{
	char *href = get_attr(r, n, "href");

	if (href && href_escapes(href)) {
		char *xpath = xoev_xml__xpath(n);
		r->bad = 1;
		if (xoev_diag__addf(r->diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE,
		                    "bundle.manifest-href", r->path, (unsigned long)xmlGetLineNo(n), 0,
		                    xpath, "href '%s' leaves the bundle directory", href) != 0)
			r->oom = 1;
		free(xpath);
	}
	return href;
}

static int is_true(const char *s)
{
	if (!s)
		return 0;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return strncmp(s, "true", 4) == 0 || s[0] == '1';
}

static void *grow(void *arr, size_t count, size_t size, int *oom)
{
	void *p = realloc(arr, (count + 1) * size);
	if (!p) {
		*oom = 1;
		return NULL;
	}
	memset((char *)p + count * size, 0, size);
	return p;
}

static void read_detect(read_ctx *r, xmlNode *detect, xoev_manifest *m)
{
	xmlNode *n;

	for (n = detect->children; n && !r->oom; n = n->next) {
		if (in_ns(n, "namespace")) {
			if (xoev_strv__push_owned(&m->detect_namespaces, get_attr(r, n, "uri")) != 0)
				r->oom = 1;
		} else if (in_ns(n, "rootAttribute")) {
			char *ns = get_attr(r, n, "namespace");
			if (xoev_strv__push_owned(&m->detect_attr_names, get_attr(r, n, "name")) != 0 ||
			    xoev_strv__push_owned(&m->detect_attr_values, get_attr(r, n, "value")) != 0 ||
			    xoev_strv__push_owned(&m->detect_attr_namespaces,
			                          ns ? ns : xoev_util__strdup("")) != 0)
				r->oom = 1;
		} else if (in_ns(n, "headerAttribute")) {
			if (xoev_strv__push_owned(&m->detect_header_paths, get_attr(r, n, "path")) != 0 ||
			    xoev_strv__push_owned(&m->detect_header_names, get_attr(r, n, "name")) != 0 ||
			    xoev_strv__push_owned(&m->detect_header_values, get_attr(r, n, "value")) != 0)
				r->oom = 1;
		}
	}
}

static void read_child(read_ctx *r, xmlNode *n, xoev_manifest *m)
{
	if (in_ns(n, "title")) {
		free(m->title);
		m->title = get_text(r, n);
	} else if (in_ns(n, "validFrom")) {
		free(m->valid_from);
		m->valid_from = get_text(r, n);
	} else if (in_ns(n, "validUntil")) {
		free(m->valid_until);
		m->valid_until = get_text(r, n);
	} else if (in_ns(n, "detect")) {
		read_detect(r, n, m);
	} else if (in_ns(n, "header")) {
		free(m->header_family);
		m->header_family = get_attr(r, n, "family");
	} else if (in_ns(n, "catalog")) {
		if (xoev_strv__push_owned(&m->catalogs, get_href(r, n)) != 0)
			r->oom = 1;
	} else if (in_ns(n, "rules")) {
		if (xoev_strv__push_owned(&m->rules, get_href(r, n)) != 0)
			r->oom = 1;
	} else if (in_ns(n, "schema")) {
		xoev_manifest_schema *s = grow(m->schemas, m->schema_count, sizeof *s, &r->oom);
		char *entry;
		if (!s)
			return;
		m->schemas = s;
		s = &m->schemas[m->schema_count++];
		s->href = get_href(r, n);
		s->namespace_ = get_attr(r, n, "namespace");
		entry = get_attr(r, n, "entry");
		s->entry = is_true(entry);
		free(entry);
	} else if (in_ns(n, "message")) {
		xoev_manifest_message *msg = grow(m->messages, m->message_count, sizeof *msg, &r->oom);
		if (!msg)
			return;
		m->messages = msg;
		msg = &m->messages[m->message_count++];
		msg->root = get_attr(r, n, "root");
		msg->number = get_attr(r, n, "number");
		msg->namespace_ = get_attr(r, n, "namespace");
		msg->title = get_attr(r, n, "title");
	} else if (in_ns(n, "codelist")) {
		xoev_manifest_codelist *cl = grow(m->codelists, m->codelist_count, sizeof *cl, &r->oom);
		if (!cl)
			return;
		m->codelists = cl;
		cl = &m->codelists[m->codelist_count++];
		cl->href = get_href(r, n);
		cl->uri = get_attr(r, n, "uri");
		cl->version = get_attr(r, n, "version");
	} else if (in_ns(n, "codelistReference")) {
		xoev_manifest_codelist_ref *ref = grow(m->codelist_refs, m->codelist_ref_count,
		                                       sizeof *ref, &r->oom);
		char *flag;
		if (!ref)
			return;
		m->codelist_refs = ref;
		ref = &m->codelist_refs[m->codelist_ref_count++];
		ref->uri = get_attr(r, n, "uri");
		ref->version = get_attr(r, n, "version");
		flag = get_attr(r, n, "provided");
		ref->provided = is_true(flag);
		free(flag);
		flag = get_attr(r, n, "enumerated");
		ref->enumerated = is_true(flag);
		free(flag);
	}
}

int xoev_manifest__read(const char *path, xoev_manifest *out, xoev_diag_list *diags)
{
	xmlDocPtr doc;
	xmlNode *root, *n;
	read_ctx r;
	struct stat st;
	int rc;

	if (!path || !out)
		return XOEV_EINVAL;
	memset(out, 0, sizeof *out);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE,
		                    "bundle.manifest-missing", path, 0, 0, NULL,
		                    "the manifest file cannot be read") != 0)
			return XOEV_ENOMEM;
		return XOEV_EIO;
	}
	doc = xoev_xml__parse_local_file(path, diags);
	if (!doc) {
		if (xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE,
		                    "bundle.manifest-invalid", path, 0, 0, NULL,
		                    "the manifest is not well-formed XML") != 0)
			return XOEV_ENOMEM;
		return XOEV_EBUNDLE;
	}
	rc = validate_doc(doc, path, diags);
	if (rc != 0) {
		xmlFreeDoc(doc);
		return rc;
	}

	memset(&r, 0, sizeof r);
	r.path = path;
	r.diags = diags;
	root = xmlDocGetRootElement(doc);
	out->standard = get_attr(&r, root, "standard");
	out->version = get_attr(&r, root, "version");
	for (n = root->children; n && !r.oom; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			read_child(&r, n, out);
	xmlFreeDoc(doc);

	if (r.oom || r.bad) {
		xoev_manifest__free(out);
		return r.oom ? XOEV_ENOMEM : XOEV_EBUNDLE;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* writing                                                             */
/* ------------------------------------------------------------------ */

static void put_attr(xoev_buf *b, const char *name, const char *value)
{
	if (!value)
		return;
	xoev_buf__printf(b, " %s=\"", name);
	xoev_buf__xml_escape(b, value);
	xoev_buf__puts(b, "\"");
}

static void put_text_element(xoev_buf *b, const char *name, const char *value)
{
	if (!value)
		return;
	xoev_buf__printf(b, "  <%s>", name);
	xoev_buf__xml_escape(b, value);
	xoev_buf__printf(b, "</%s>\n", name);
}

static void put_href_element(xoev_buf *b, const char *name, const char *href)
{
	xoev_buf__printf(b, "  <%s", name);
	put_attr(b, "href", href);
	xoev_buf__puts(b, "/>\n");
}

char *xoev_manifest__write(const xoev_manifest *m, size_t *len)
{
	xoev_buf b = { 0 };
	size_t i;

	if (!m)
		return NULL;
	xoev_buf__puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	xoev_buf__puts(&b, "<bundle xmlns=\"" XOEV_MANIFEST_NS "\" format=\"1\"");
	put_attr(&b, "standard", m->standard);
	put_attr(&b, "version", m->version);
	xoev_buf__puts(&b, ">\n");
	put_text_element(&b, "title", m->title);
	put_text_element(&b, "validFrom", m->valid_from);
	put_text_element(&b, "validUntil", m->valid_until);

	xoev_buf__puts(&b, "  <detect>\n");
	for (i = 0; i < m->detect_namespaces.count; i++) {
		xoev_buf__puts(&b, "    <namespace");
		put_attr(&b, "uri", m->detect_namespaces.items[i]);
		xoev_buf__puts(&b, "/>\n");
	}
	for (i = 0; i < m->detect_attr_names.count && i < m->detect_attr_values.count; i++) {
		xoev_buf__puts(&b, "    <rootAttribute");
		put_attr(&b, "name", m->detect_attr_names.items[i]);
		put_attr(&b, "value", m->detect_attr_values.items[i]);
		if (i < m->detect_attr_namespaces.count && *m->detect_attr_namespaces.items[i])
			put_attr(&b, "namespace", m->detect_attr_namespaces.items[i]);
		xoev_buf__puts(&b, "/>\n");
	}
	for (i = 0; i < m->detect_header_paths.count && i < m->detect_header_names.count &&
	            i < m->detect_header_values.count; i++) {
		xoev_buf__puts(&b, "    <headerAttribute");
		put_attr(&b, "path", m->detect_header_paths.items[i]);
		put_attr(&b, "name", m->detect_header_names.items[i]);
		put_attr(&b, "value", m->detect_header_values.items[i]);
		xoev_buf__puts(&b, "/>\n");
	}
	xoev_buf__puts(&b, "  </detect>\n");

	if (m->header_family) {
		xoev_buf__puts(&b, "  <header");
		put_attr(&b, "family", m->header_family);
		xoev_buf__puts(&b, "/>\n");
	}
	for (i = 0; i < m->catalogs.count; i++)
		put_href_element(&b, "catalog", m->catalogs.items[i]);
	for (i = 0; i < m->schema_count; i++) {
		const xoev_manifest_schema *s = &m->schemas[i];
		xoev_buf__puts(&b, "  <schema");
		put_attr(&b, "href", s->href);
		put_attr(&b, "namespace", s->namespace_);
		if (s->entry)
			put_attr(&b, "entry", "true");
		xoev_buf__puts(&b, "/>\n");
	}
	for (i = 0; i < m->message_count; i++) {
		const xoev_manifest_message *msg = &m->messages[i];
		xoev_buf__puts(&b, "  <message");
		put_attr(&b, "root", msg->root);
		put_attr(&b, "number", msg->number);
		put_attr(&b, "namespace", msg->namespace_);
		put_attr(&b, "title", msg->title);
		xoev_buf__puts(&b, "/>\n");
	}
	for (i = 0; i < m->codelist_count; i++) {
		const xoev_manifest_codelist *cl = &m->codelists[i];
		xoev_buf__puts(&b, "  <codelist");
		put_attr(&b, "href", cl->href);
		put_attr(&b, "uri", cl->uri);
		put_attr(&b, "version", cl->version);
		xoev_buf__puts(&b, "/>\n");
	}
	for (i = 0; i < m->codelist_ref_count; i++) {
		const xoev_manifest_codelist_ref *ref = &m->codelist_refs[i];
		xoev_buf__puts(&b, "  <codelistReference");
		put_attr(&b, "uri", ref->uri);
		put_attr(&b, "version", ref->version);
		put_attr(&b, "provided", ref->provided ? "true" : "false");
		if (ref->enumerated)
			put_attr(&b, "enumerated", "true");
		xoev_buf__puts(&b, "/>\n");
	}
	for (i = 0; i < m->rules.count; i++)
		put_href_element(&b, "rules", m->rules.items[i]);
	xoev_buf__puts(&b, "</bundle>\n");
	return xoev_buf__take(&b, len);
}

void xoev_manifest__free(xoev_manifest *m)
{
	size_t i;

	if (!m)
		return;
	free(m->standard);
	free(m->version);
	free(m->title);
	free(m->valid_from);
	free(m->valid_until);
	free(m->header_family);
	xoev_strv__free(&m->detect_namespaces);
	xoev_strv__free(&m->detect_attr_names);
	xoev_strv__free(&m->detect_attr_values);
	xoev_strv__free(&m->detect_attr_namespaces);
	xoev_strv__free(&m->detect_header_paths);
	xoev_strv__free(&m->detect_header_names);
	xoev_strv__free(&m->detect_header_values);
	xoev_strv__free(&m->catalogs);
	for (i = 0; i < m->schema_count; i++) {
		free(m->schemas[i].href);
		free(m->schemas[i].namespace_);
	}
	free(m->schemas);
	for (i = 0; i < m->message_count; i++) {
		free(m->messages[i].root);
		free(m->messages[i].number);
		free(m->messages[i].namespace_);
		free(m->messages[i].title);
	}
	free(m->messages);
	for (i = 0; i < m->codelist_count; i++) {
		free(m->codelists[i].href);
		free(m->codelists[i].uri);
		free(m->codelists[i].version);
	}
	free(m->codelists);
	for (i = 0; i < m->codelist_ref_count; i++) {
		free(m->codelist_refs[i].uri);
		free(m->codelist_refs[i].version);
	}
	free(m->codelist_refs);
	xoev_strv__free(&m->rules);
	memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------------------ */
/* public                                                              */
/* ------------------------------------------------------------------ */

int xoev_bundle_check_manifest(const char *manifest_path, xoev_diag_list *diags)
{
	xoev_manifest m;
	int rc;

	if (!manifest_path)
		return XOEV_EINVAL;
	if (xoev_init() != 0)
		return XOEV_ERROR;
	rc = xoev_manifest__read(manifest_path, &m, diags);
	if (rc == 0)
		xoev_manifest__free(&m);
	return rc;
}
