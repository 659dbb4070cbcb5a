/*
 * libxoev - `mapping derive`, the output: the public API of mapping.h,
 * the derived stylesheet, its change list, the report and the files.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE /* strverscmp */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "derive.h"
#include "diff.h"
#include "xoev/registry.h"

#define CHANGES_NS "urn:libxoev:changes:1"

/* ------------------------------------------------------------------ */
/* paths for the change list                                           */
/* ------------------------------------------------------------------ */

static int key_of(const xoev_model_element *e, char **out)
{
	*out = xoev_util__printf("%s\037%s", e->ns ? e->ns : "", e->name);
	return *out ? XOEV_OK : XOEV_ENOMEM;
}

static int has_attr(const xoev_model_type *t, const char *name)
{
	size_t i;

	for (i = 0; t && i < t->attribute_count; i++)
		if (!t->attributes[i].prohibited && strcmp(t->attributes[i].name, name) == 0)
			return 1;
	return 0;
}

static int add_path(xoev_mapping_item *r, const char *number, const char *root, const char *rel,
                    const char *attr)
{
	char *p = attr ? xoev_util__printf("%s\037%s/%s/@%s", number, root, rel, attr)
	               : xoev_util__printf("%s\037%s/%s", number, root, rel);
	int rc;

	if (!p)
		return XOEV_ENOMEM;
	if (xoev_strv__contains(&r->paths, p)) {
		free(p);
		return XOEV_OK;
	}
	rc = xoev_strv__push_owned(&r->paths, p);
	if (rc == XOEV_OK && !xoev_strv__contains(&r->messages, number))
		rc = xoev_strv__push(&r->messages, number);
	return rc;
}

int xoev_derive__paths(const xoev_bundle *a, xoev_mapping *m)
{
	const xoev_model *ma = xoev_bundle__model(a, NULL);
	size_t i, j, k, n = xoev_bundle_message_count(a);
	int rc = XOEV_OK;

	if (!ma)
		return XOEV_ESCHEMA;
	for (i = 0; i < n && rc == XOEV_OK; i++) {
		const xoev_message_type *t = xoev_bundle_message(a, i);
		const char *num = xoev_message_type_number(t), *root = xoev_message_type_root(t);
		xoev_diff_recs recs;

		rc = xoev_diff__flatten(ma, xoev_message_type_namespace(t), root, &recs);
		for (j = 0; j < recs.n && rc == XOEV_OK && num; j++) {
			const xoev_model_element *e = recs.v[j].elem;
			char *key;
			if (!e || (rc = key_of(e, &key)) != XOEV_OK)
				continue;
			for (k = 0; k < m->rewrites.n && rc == XOEV_OK; k++) {
				xoev_mapping_item *r = m->rewrites.v[k];
				if (!xoev_strv__contains(&r->elems, key))
					continue;
				if (strcmp(r->kind, "attribute-value") == 0 && has_attr(e->type, r->attr))
					rc = add_path(r, num, root, recs.v[j].rel, r->attr);
				else if (strcmp(r->kind, "element-default") == 0)
					rc = add_path(r, num, root, recs.v[j].rel, NULL);
			}
			free(key);
		}
		xoev_diff__free_recs(&recs);
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* the stylesheet                                                      */
/* ------------------------------------------------------------------ */

/* An XPath string literal, XML-escaped for an attribute value. */
static void put_lit(xoev_buf *o, const char *s)
{
	xoev_buf lit = { 0 };
	char *t;

	xoev_xml__xpath_literal(&lit, s);
	t = xoev_buf__take(&lit, NULL);
	if (!t) {
		o->failed = 1;
		return;
	}
	xoev_buf__xml_escape(o, t);
	free(t);
}

/* Text for an attribute value template: XML-escaped, braces doubled. */
static void put_avt(xoev_buf *o, const char *s)
{
	for (; *s; s++) {
		char one[2] = { *s, 0 };
		if (*s == '{' || *s == '}')
			xoev_buf__puts(o, *s == '{' ? "{{" : "}}");
		else
			xoev_buf__xml_escape(o, one);
	}
}

/* "namespace-uri() = 'x'" conditions for a pattern: the element of a key. */
static void put_elem_test(xoev_buf *o, const char *key)
{
	const char *sep = strchr(key, '\037');
	char *ns = sep ? xoev_util__printf("%.*s", (int)(sep - key), key) : NULL;

	if (!ns) {
		o->failed = 1;
		return;
	}
	xoev_buf__puts(o, "*[local-name() = ");
	put_lit(o, sep + 1);
	xoev_buf__puts(o, " and namespace-uri() = ");
	put_lit(o, ns);
	xoev_buf__puts(o, "]");
	free(ns);
}

static const char *new_ns(const xoev_mapping *m, const char *ns)
{
	size_t i;

	for (i = 0; i < m->ns_old.count; i++)
		if (strcmp(m->ns_old.items[i], ns) == 0)
			return m->ns_new.items[i];
	return ns;
}

/* The select of the namespace nodes kept on a copied element (all but the old ones). */
static void put_kept_namespaces(xoev_buf *o, const xoev_mapping *m)
{
	size_t i, n = 0;

	xoev_buf__puts(o, "namespace::*");
	for (i = 0; i < m->ns_old.count; i++) {
		if (strcmp(m->ns_old.items[i], m->ns_new.items[i]) == 0 || !*m->ns_old.items[i])
			continue;
		xoev_buf__puts(o, n++ ? " or . = " : "[not(. = ");
		put_lit(o, m->ns_old.items[i]);
	}
	if (n)
		xoev_buf__puts(o, ")]");
}

static void stylesheet_head(xoev_buf *o, const xoev_mapping *m)
{
	size_t i;

	xoev_buf__puts(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--\n  ");
	xoev_buf__xml_escape(o, m->standard);
	xoev_buf__printf(o, " %s -> %s: derived by libxoev (xoev mapping derive) from the schema\n"
	                 "  models of both versions; implements %s.\n"
	                 "  Every node is copied; elements and attributes move to the new namespaces\n"
	                 "  whatever their prefix. Re-derive rather than edit.\n-->\n",
	                 m->from, m->to, m->changes_path);
	xoev_buf__puts(o, "<xsl:stylesheet version=\"1.0\" "
	                  "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
	                  "  <xsl:output method=\"xml\" encoding=\"UTF-8\"/>\n\n"
	                  "  <!-- the namespace a node moves to -->\n"
	                  "  <xsl:template name=\"xoev-ns\">\n"
	                  "    <xsl:param name=\"uri\"/>\n"
	                  "    <xsl:choose>\n");
	for (i = 0; i < m->ns_old.count; i++) {
		if (strcmp(m->ns_old.items[i], m->ns_new.items[i]) == 0)
			continue;
		xoev_buf__puts(o, "      <xsl:when test=\"$uri = ");
		put_lit(o, m->ns_old.items[i]);
		xoev_buf__puts(o, "\">");
		xoev_buf__xml_escape(o, m->ns_new.items[i]);
		xoev_buf__puts(o, "</xsl:when>\n");
	}
	xoev_buf__puts(o, "      <xsl:otherwise><xsl:value-of select=\"$uri\"/></xsl:otherwise>\n"
	                  "    </xsl:choose>\n  </xsl:template>\n\n"
	                  "  <xsl:template match=\"*\">\n"
	                  "    <xsl:variable name=\"ns\"><xsl:call-template name=\"xoev-ns\">"
	                  "<xsl:with-param name=\"uri\" select=\"namespace-uri()\"/>"
	                  "</xsl:call-template></xsl:variable>\n"
	                  "    <xsl:element name=\"{name()}\" namespace=\"{$ns}\">\n"
	                  "      <xsl:copy-of select=\"");
	put_kept_namespaces(o, m);
	xoev_buf__puts(o, "\"/>\n"
	                  "      <xsl:apply-templates select=\"@*|node()\"/>\n"
	                  "    </xsl:element>\n  </xsl:template>\n\n"
	                  "  <xsl:template match=\"@*\">\n"
	                  "    <xsl:variable name=\"ns\"><xsl:call-template name=\"xoev-ns\">"
	                  "<xsl:with-param name=\"uri\" select=\"namespace-uri()\"/>"
	                  "</xsl:call-template></xsl:variable>\n"
	                  "    <xsl:attribute name=\"{name()}\" namespace=\"{$ns}\">"
	                  "<xsl:value-of select=\".\"/></xsl:attribute>\n"
	                  "  </xsl:template>\n\n"
	                  "  <xsl:template match=\"text()|comment()|processing-instruction()\">"
	                  "<xsl:copy/></xsl:template>\n");
}

/* Text inside an XML comment: escaped, no "--". */
static void put_comment(xoev_buf *o, const char *s)
{
	for (; s && *s; s++) {
		char one[2] = { *s, 0 };
		if (*s == '-' && s[1] == '-')
			xoev_buf__puts(o, "- ");
		else
			xoev_buf__xml_escape(o, one);
	}
}

static void put_attr_match(xoev_buf *o, const char *name, const char *value)
{
	xoev_buf__puts(o, "@*[local-name() = ");
	put_lit(o, name);
	xoev_buf__puts(o, " and namespace-uri() = ''][normalize-space(.) = ");
	put_lit(o, value);
	xoev_buf__puts(o, "]");
}

static void put_new_attr(xoev_buf *o, const char *value)
{
	xoev_buf__puts(o, "<xsl:attribute name=\"{name()}\">");
	xoev_buf__xml_escape(o, value);
	xoev_buf__puts(o, "</xsl:attribute>");
}

static void stylesheet_rewrite(xoev_buf *o, const xoev_mapping *m, const xoev_mapping_item *r)
{
	size_t k;

	xoev_buf__puts(o, "\n  <!-- ");
	put_comment(o, r->kind);
	xoev_buf__puts(o, " ");
	if (r->type) {
		put_comment(o, r->type);
		xoev_buf__puts(o, " ");
	}
	put_comment(o, r->item);
	xoev_buf__puts(o, ": ");
	put_comment(o, r->old_val);
	if (r->new_val) {
		xoev_buf__puts(o, " => ");
		put_comment(o, r->new_val);
	}
	xoev_buf__puts(o, " -->\n");
	if (strcmp(r->kind, "root-attribute") == 0) {
		xoev_buf__puts(o, "  <xsl:template match=\"/*");
		if (r->scope && *r->scope) {
			xoev_buf__puts(o, "[namespace-uri() = ");
			put_lit(o, r->scope);
			xoev_buf__puts(o, "]");
		}
		xoev_buf__puts(o, "/");
		put_attr_match(o, r->attr, r->old_val);
		xoev_buf__puts(o, "\" priority=\"3\">");
		put_new_attr(o, r->new_val);
		xoev_buf__puts(o, "</xsl:template>\n");
	} else if (strcmp(r->kind, "attribute-value") == 0) {
		for (k = 0; k < r->elems.count; k++) {
			xoev_buf__puts(o, "  <xsl:template match=\"");
			put_elem_test(o, r->elems.items[k]);
			xoev_buf__puts(o, "/");
			put_attr_match(o, r->attr, r->old_val);
			xoev_buf__puts(o, "\" priority=\"2\">");
			put_new_attr(o, r->new_val);
			xoev_buf__puts(o, "</xsl:template>\n");
		}
	} else if (strcmp(r->kind, "element-default") == 0 && r->elems.count) {
		const char *ns = r->ea->ns ? new_ns(m, r->ea->ns) : "";
		xoev_buf__puts(o, "  <xsl:template match=\"");
		put_elem_test(o, r->elems.items[0]);
		xoev_buf__puts(o, "[not(node())]\" priority=\"2\">\n"
		                  "    <xsl:element name=\"{name()}\" namespace=\"");
		put_avt(o, ns);
		xoev_buf__puts(o, "\">\n      <xsl:copy-of select=\"");
		put_kept_namespaces(o, m);
		xoev_buf__puts(o, "\"/>\n      <xsl:apply-templates select=\"@*\"/>\n      <xsl:text>");
		xoev_buf__xml_escape(o, r->old_val);
		xoev_buf__puts(o, "</xsl:text>\n    </xsl:element>\n  </xsl:template>\n");
	}
}

int xoev_derive__stylesheet(xoev_mapping *m)
{
	xoev_buf o = { 0 };
	size_t i;

	stylesheet_head(&o, m);
	for (i = 0; i < m->rewrites.n; i++)
		stylesheet_rewrite(&o, m, m->rewrites.v[i]);
	xoev_buf__puts(&o, "</xsl:stylesheet>\n");
	m->xsl = xoev_buf__take(&o, &m->xsl_len);
	return m->xsl ? XOEV_OK : XOEV_ENOMEM;
}

/* ------------------------------------------------------------------ */
/* the change list                                                     */
/* ------------------------------------------------------------------ */

static void put_attr(xoev_buf *o, const char *name, const char *value)
{
	xoev_buf__printf(o, " %s=\"", name);
	xoev_buf__xml_escape(o, value);
	xoev_buf__puts(o, "\"");
}

/* One <change> for rewrite r of the step m (older = !m->up ? m->to : m->from). */
static void change_entry(xoev_buf *o, const xoev_mapping *m, const xoev_mapping_item *r, size_t id)
{
	int listver = strcmp(r->kind, "attribute-value") == 0 && r->attr &&
	              strcmp(r->attr, "listVersionID") == 0 && r->ta && r->ta->list_uri;
	int dflt = strcmp(r->kind, "element-default") == 0;
	const char *older_val = m->up ? r->old_val : r->new_val;
	const char *newer_val = m->up ? r->new_val : r->old_val;
	size_t i;

	xoev_buf__printf(o, "  <change id=\"d%02zu\" kind=\"%s\" reversible=\"%s\">\n", id,
	                 listver ? "codelist-version" : "type-change", dflt ? "false" : "true");
	xoev_buf__puts(o, "    <description>");
	if (dflt) {
		xoev_buf__xml_escape(o, r->item);
		xoev_buf__puts(o, ": the default '");
		xoev_buf__xml_escape(o, r->old_val);
		xoev_buf__printf(o, "' is declared only in %s; the step to %s writes it into an empty "
		                 "element.", m->from, m->to);
	} else {
		xoev_buf__xml_escape(o, r->type);
		xoev_buf__puts(o, " ");
		xoev_buf__xml_escape(o, r->item);
		xoev_buf__puts(o, ": fixed value '");
		xoev_buf__xml_escape(o, older_val);
		xoev_buf__puts(o, "' becomes '");
		xoev_buf__xml_escape(o, newer_val);
		xoev_buf__puts(o, "'.");
	}
	xoev_buf__puts(o, "</description>\n    <messages>");
	for (i = 0; i < r->messages.count; i++) {
		if (i)
			xoev_buf__puts(o, " ");
		xoev_buf__xml_escape(o, r->messages.items[i]);
	}
	xoev_buf__puts(o, "</messages>\n");
	for (i = 0; i < r->paths.count; i++) {
		const char *sep = strchr(r->paths.items[i], '\037');
		char *num = sep ? xoev_util__printf("%.*s", (int)(sep - r->paths.items[i]),
		                                    r->paths.items[i]) : NULL;
		if (!num) {
			o->failed = 1;
			return;
		}
		xoev_buf__puts(o, "    <path");
		put_attr(o, "message", num);
		put_attr(o, "old", sep + 1);
		put_attr(o, "new", sep + 1);
		xoev_buf__puts(o, "/>\n");
		free(num);
	}
	if (r->type && r->new_type && r->ta) {
		xoev_buf__puts(o, "    <type");
		put_attr(o, "old", m->up ? r->type : r->new_type);
		put_attr(o, "new", m->up ? r->new_type : r->type);
		xoev_buf__puts(o, "/>\n");
	}
	if (listver) {
		xoev_buf__puts(o, "    <codelist");
		put_attr(o, "uri", r->ta->list_uri);
		put_attr(o, "oldVersion", older_val);
		put_attr(o, "newVersion", newer_val);
		xoev_buf__puts(o, "/>\n");
	}
	if (dflt) {
		xoev_buf__puts(o, "    <default>");
		xoev_buf__xml_escape(o, r->old_val);
		xoev_buf__printf(o, "</default>\n    <loss direction=\"%s\" result=\"default\">An empty ",
		                 m->up ? "up" : "down");
		xoev_buf__xml_escape(o, r->item);
		xoev_buf__puts(o, " means its default '");
		xoev_buf__xml_escape(o, r->old_val);
		xoev_buf__printf(o, "' in %s; the step writes the value.</loss>\n", m->from);
	}
	xoev_buf__puts(o, "  </change>\n");
}

int xoev_derive__changes(xoev_mapping *m, const xoev_mapping *back, const xoev_bundle *a)
{
	const char *older = m->up ? m->from : m->to, *newer = m->up ? m->to : m->from;
	xoev_buf o = { 0 };
	size_t i, id = 1, nns = 0;

	xoev_buf__puts(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                   "<!-- Derived by libxoev (xoev mapping derive) from the schema models; "
	                   "re-derive rather than edit. -->\n<changes xmlns=\"" CHANGES_NS
	                   "\" format=\"1\"");
	put_attr(&o, "standard", m->standard);
	put_attr(&o, "from", older);
	put_attr(&o, "to", newer);
	xoev_buf__puts(&o, ">\n  <title>");
	xoev_buf__xml_escape(&o, m->standard);
	xoev_buf__printf(&o, " %s -> %s, derived from the schema models</title>\n", older, newer);
	for (i = 0; i < m->ns_old.count; i++) {
		if (strcmp(m->ns_old.items[i], m->ns_new.items[i]) == 0 || !*m->ns_old.items[i])
			continue;
		xoev_buf__puts(&o, "  <namespace");
		put_attr(&o, "from", m->up ? m->ns_old.items[i] : m->ns_new.items[i]);
		put_attr(&o, "to", m->up ? m->ns_new.items[i] : m->ns_old.items[i]);
		xoev_buf__puts(&o, "/>\n");
		nns++;
	}
	if (!nns && xoev_bundle_namespace_count(a)) { /* one namespace for both versions */
		xoev_buf__puts(&o, "  <namespace");
		put_attr(&o, "from", xoev_bundle_namespace(a, 0));
		put_attr(&o, "to", xoev_bundle_namespace(a, 0));
		xoev_buf__puts(&o, "/>\n");
	}
	for (i = 0; i < m->rewrites.n; i++) {
		const xoev_mapping_item *r = m->rewrites.v[i];
		if (strcmp(r->kind, "root-attribute") != 0)
			continue;
		xoev_buf__puts(&o, "  <rootAttribute");
		put_attr(&o, "name", r->attr);
		put_attr(&o, "from", m->up ? r->old_val : r->new_val);
		put_attr(&o, "to", m->up ? r->new_val : r->old_val);
		xoev_buf__puts(&o, "/>\n");
	}
	for (i = 0; i < m->rewrites.n; i++)
		if (strcmp(m->rewrites.v[i]->kind, "attribute-value") == 0 ||
		    strcmp(m->rewrites.v[i]->kind, "element-default") == 0)
			change_entry(&o, m, m->rewrites.v[i], id++);
	for (i = 0; back && i < back->rewrites.n; i++) /* the other direction's defaults */
		if (strcmp(back->rewrites.v[i]->kind, "element-default") == 0)
			change_entry(&o, back, back->rewrites.v[i], id++);
	xoev_buf__puts(&o, "</changes>\n");
	m->changes = xoev_buf__take(&o, &m->changes_len);
	return m->changes ? XOEV_OK : XOEV_ENOMEM;
}

/* ------------------------------------------------------------------ */
/* the public API                                                      */
/* ------------------------------------------------------------------ */

static void mapping_clear(xoev_mapping *m)
{
	xoev_derive__free_items(&m->diffs);
	xoev_derive__free_items(&m->rewrites);
	xoev_strv__free(&m->ns_old);
	xoev_strv__free(&m->ns_new);
	free(m->standard);
	free(m->from);
	free(m->to);
	free(m->xsl);
	free(m->changes);
	free(m->step_path);
	free(m->changes_path);
}

void xoev_mapping_free(xoev_mapping *m)
{
	if (!m)
		return;
	mapping_clear(m);
	free(m);
}

static int mapping_new(const char *standard, const xoev_bundle *a, const xoev_bundle *b,
                       xoev_mapping **out)
{
	xoev_mapping *m = calloc(1, sizeof *m);
	const char *from = xoev_bundle_version(a), *to = xoev_bundle_version(b);

	*out = m;
	if (!m)
		return XOEV_ENOMEM;
	m->up = strverscmp(from, to) < 0;
	m->standard = xoev_util__strdup(standard);
	m->from = xoev_util__strdup(from);
	m->to = xoev_util__strdup(to);
	m->step_path = xoev_util__printf("%s/%s/steps/to-%s.xsl", standard, from, to);
	m->changes_path = xoev_util__printf("%s/changes/%s_%s.xml", standard, m->up ? from : to,
	                                    m->up ? to : from);
	return m->standard && m->from && m->to && m->step_path && m->changes_path ? XOEV_OK :
	       XOEV_ENOMEM;
}

int xoev_mapping_derive(const xoev_registry *reg, const char *standard, const char *from,
                        const char *to, const xoev_mapping_options *opts, xoev_mapping **out,
                        xoev_diag_list *diags)
{
	const xoev_bundle *a = NULL, *b = NULL;
	xoev_mapping *m = NULL, *back = NULL;
	int rc;

	if (out)
		*out = NULL;
	if (!reg || !standard || !from || !to || !out || strcmp(from, to) == 0 ||
	    (opts && opts->version != XOEV_MAPPING_OPTIONS_VERSION))
		return XOEV_EINVAL;
	if (xoev_init() != XOEV_OK)
		return XOEV_ERROR;
	if (xoev_registry_find(reg, standard, from, &a) != XOEV_OK ||
	    xoev_registry_find(reg, standard, to, &b) != XOEV_OK)
		return XOEV_ENOTFOUND;
	rc = mapping_new(standard, a, b, &m);
	if (rc == XOEV_OK)
		rc = xoev_derive__compare(a, b, m, diags);
	if (rc == XOEV_OK && m->derivable) {
		/* the change list serves both directions: the way back's defaults too */
		rc = mapping_new(standard, b, a, &back);
		if (rc == XOEV_OK)
			rc = xoev_derive__compare(b, a, back, NULL);
		if (rc == XOEV_OK && back->derivable)
			rc = xoev_derive__paths(b, back);
		if (rc == XOEV_OK)
			rc = xoev_derive__paths(a, m);
		if (rc == XOEV_OK)
			rc = xoev_derive__stylesheet(m);
		if (rc == XOEV_OK)
			rc = xoev_derive__changes(m, back->derivable ? back : NULL, a);
	}
	xoev_mapping_free(back);
	if (rc != XOEV_OK) {
		xoev_mapping_free(m);
		return rc;
	}
	*out = m;
	return XOEV_OK;
}

int xoev_mapping_derivable(const xoev_mapping *m)
{
	return m ? m->derivable : 0;
}

const char *xoev_mapping_standard(const xoev_mapping *m)
{
	return m ? m->standard : NULL;
}

const char *xoev_mapping_from(const xoev_mapping *m)
{
	return m ? m->from : NULL;
}

const char *xoev_mapping_to(const xoev_mapping *m)
{
	return m ? m->to : NULL;
}

const char *xoev_mapping_stylesheet(const xoev_mapping *m, size_t *len)
{
	if (len)
		*len = m && m->xsl ? m->xsl_len : 0;
	return m ? m->xsl : NULL;
}

const char *xoev_mapping_changes(const xoev_mapping *m, size_t *len)
{
	if (len)
		*len = m && m->changes ? m->changes_len : 0;
	return m ? m->changes : NULL;
}

const char *xoev_mapping_step_path(const xoev_mapping *m)
{
	return m ? m->step_path : NULL;
}

const char *xoev_mapping_changes_path(const xoev_mapping *m)
{
	return m ? m->changes_path : NULL;
}

size_t xoev_mapping_difference_count(const xoev_mapping *m)
{
	return m ? m->diffs.n : 0;
}

const xoev_mapping_item *xoev_mapping_difference(const xoev_mapping *m, size_t i)
{
	return m && i < m->diffs.n ? m->diffs.v[i] : NULL;
}

size_t xoev_mapping_rewrite_count(const xoev_mapping *m)
{
	return m ? m->rewrites.n : 0;
}

const xoev_mapping_item *xoev_mapping_rewrite(const xoev_mapping *m, size_t i)
{
	return m && i < m->rewrites.n ? m->rewrites.v[i] : NULL;
}

const char *xoev_mapping_item_kind(const xoev_mapping_item *it)
{
	return it ? it->kind : NULL;
}

const char *xoev_mapping_item_type(const xoev_mapping_item *it)
{
	return it ? it->type : NULL;
}

const char *xoev_mapping_item_new_type(const xoev_mapping_item *it)
{
	return it ? it->new_type : NULL;
}

const char *xoev_mapping_item_item(const xoev_mapping_item *it)
{
	return it ? it->item : NULL;
}

const char *xoev_mapping_item_old(const xoev_mapping_item *it)
{
	return it ? it->old_val : NULL;
}

const char *xoev_mapping_item_new(const xoev_mapping_item *it)
{
	return it ? it->new_val : NULL;
}

const char *xoev_mapping_item_path(const xoev_mapping_item *it)
{
	return it && it->path && *it->path ? it->path : NULL;
}

size_t xoev_mapping_item_message_count(const xoev_mapping_item *it)
{
	return it ? it->messages.count : 0;
}

const char *xoev_mapping_item_message(const xoev_mapping_item *it, size_t i)
{
	return it && i < it->messages.count ? it->messages.items[i] : NULL;
}

int xoev_mapping_item_heuristic(const xoev_mapping_item *it)
{
	return it ? it->heuristic : 0;
}

/* ------------------------------------------------------------------ */
/* report                                                              */
/* ------------------------------------------------------------------ */

static void json_items(xoev_buf *o, const char *name, const xoev_derive_items *l)
{
	size_t i, j;

	xoev_buf__printf(o, ",\"%s\":[", name);
	for (i = 0; i < l->n; i++) {
		const xoev_mapping_item *it = l->v[i];
		xoev_buf__puts(o, i ? ",\n{" : "\n{");
		xoev_diff__json_field(o, "kind", it->kind, 0);
		xoev_diff__json_field(o, "type", it->type, 1);
		xoev_diff__json_field(o, "new_type", it->new_type, 1);
		xoev_diff__json_field(o, "item", it->item, 1);
		xoev_diff__json_field(o, "old", it->old_val, 1);
		xoev_diff__json_field(o, "new", it->new_val, 1);
		xoev_diff__json_field(o, "path", xoev_mapping_item_path(it), 1);
		xoev_buf__puts(o, ",\"messages\":[");
		for (j = 0; j < it->messages.count; j++) {
			if (j)
				xoev_buf__puts(o, ",");
			xoev_buf__json_string(o, it->messages.items[j]);
		}
		xoev_buf__printf(o, "],\"heuristic\":%s}", it->heuristic ? "true" : "false");
	}
	xoev_buf__puts(o, "]");
}

/* A value on one line of the text report: control characters escaped, long ones cut. */
static void put_text_value(xoev_buf *o, const char *s)
{
	size_t i, n;

	if (!s) {
		xoev_buf__puts(o, "(none)");
		return;
	}
	n = strlen(s);
	for (i = 0; i < n && i < 160; i++) {
		if (s[i] == '\n' || s[i] == '\t' || s[i] == '\r')
			xoev_buf__puts(o, s[i] == '\n' ? "\\n" : s[i] == '\t' ? "\\t" : "\\r");
		else
			xoev_buf__append(o, s + i, 1);
	}
	if (i < n)
		xoev_buf__printf(o, "... (%zu bytes)", n);
}

static void text_item(xoev_buf *o, const xoev_mapping_item *it)
{
	size_t j;

	xoev_buf__printf(o, "%s%s", it->kind, it->heuristic ? " (heuristic)" : "");
	if (it->type) {
		xoev_buf__printf(o, " in %s", it->type);
		if (it->new_type && strcmp(it->type, it->new_type) != 0)
			xoev_buf__printf(o, " (now %s)", it->new_type);
	}
	xoev_buf__printf(o, ", %s: ", it->item ? it->item : "");
	put_text_value(o, it->old_val);
	xoev_buf__puts(o, " -> ");
	put_text_value(o, it->new_val);
	if (it->messages.count) {
		xoev_buf__puts(o, " [message");
		xoev_buf__puts(o, it->messages.count > 1 ? "s" : "");
		for (j = 0; j < it->messages.count; j++)
			xoev_buf__printf(o, " %s", it->messages.items[j]);
		xoev_buf__puts(o, "]");
	}
	xoev_buf__puts(o, "\n");
	if (xoev_mapping_item_path(it))
		xoev_buf__printf(o, "    at %s\n", it->path);
}

int xoev_mapping_report(const xoev_mapping *m, xoev_format fmt, char **out, size_t *len)
{
	xoev_buf o = { 0 };
	size_t i;

	if (out)
		*out = NULL;
	if (len)
		*len = 0;
	if (!m || !out || (fmt != XOEV_FORMAT_TEXT && fmt != XOEV_FORMAT_JSON))
		return XOEV_EINVAL;
	if (fmt == XOEV_FORMAT_JSON) {
		xoev_buf__puts(&o, "{");
		xoev_diff__json_field(&o, "standard", m->standard, 0);
		xoev_diff__json_field(&o, "from", m->from, 1);
		xoev_diff__json_field(&o, "to", m->to, 1);
		xoev_buf__printf(&o, ",\"derivable\":%s", m->derivable ? "true" : "false");
		json_items(&o, "differences", &m->diffs);
		json_items(&o, "rewrites", &m->rewrites);
		xoev_buf__puts(&o, "}\n");
	} else if (m->derivable) {
		xoev_buf__printf(&o, "derive %s %s -> %s: derived, %zu rewrite%s\n", m->standard,
		                 m->from, m->to, m->rewrites.n, m->rewrites.n == 1 ? "" : "s");
		for (i = 0; i < m->ns_old.count; i++)
			if (strcmp(m->ns_old.items[i], m->ns_new.items[i]) != 0)
				xoev_buf__printf(&o, "namespace %s -> %s\n", m->ns_old.items[i],
				                 m->ns_new.items[i]);
		for (i = 0; i < m->rewrites.n; i++)
			text_item(&o, m->rewrites.v[i]);
	} else {
		xoev_buf__printf(&o, "derive %s %s -> %s: not derivable, %zu difference%s need%s a "
		                 "hand-written step\n", m->standard, m->from, m->to, m->diffs.n,
		                 m->diffs.n == 1 ? "" : "s", m->diffs.n == 1 ? "s" : "");
		for (i = 0; i < m->diffs.n; i++)
			text_item(&o, m->diffs.v[i]);
	}
	*out = xoev_buf__take(&o, len);
	return *out ? XOEV_OK : XOEV_ENOMEM;
}

/* ------------------------------------------------------------------ */
/* files                                                               */
/* ------------------------------------------------------------------ */

/* 0 absent, 1 the same content, 2 other content, negative: unreadable. */
static int compare_file(const char *path, const char *text, size_t len)
{
	char *cur = NULL;
	size_t cur_len = 0;
	char err[256];
	int same;

	if (access(path, F_OK) != 0)
		return 0;
	if (xoev_io__read_file(path, 64u << 20, &cur, &cur_len, err, sizeof err) != XOEV_OK)
		return 2;
	same = cur_len == len && memcmp(cur, text, len) == 0;
	free(cur);
	return same ? 1 : 2;
}

int xoev_mapping_write(const xoev_mapping *m, const char *dir, unsigned int flags,
                       xoev_diag_list *diags)
{
	const char *texts[2];
	size_t lens[2];
	char *paths[2] = { NULL, NULL };
	int state[2], rc = XOEV_OK, i;

	if (!m || !dir || (flags & ~XOEV_MAPPING_WRITE_FORCE))
		return XOEV_EINVAL;
	if (!m->derivable || !m->xsl || !m->changes)
		return XOEV_EUNSUPPORTED;
	texts[0] = m->changes; /* the change list first: a step without it declares nothing */
	lens[0] = m->changes_len;
	texts[1] = m->xsl;
	lens[1] = m->xsl_len;
	paths[0] = xoev_io__join(dir, m->changes_path);
	paths[1] = xoev_io__join(dir, m->step_path);
	if (!paths[0] || !paths[1]) {
		rc = XOEV_ENOMEM;
		goto done;
	}
	for (i = 0; i < 2; i++) {
		state[i] = compare_file(paths[i], texts[i], lens[i]);
		if (state[i] == 2 && !(flags & XOEV_MAPPING_WRITE_FORCE)) {
			xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_TRANSLATE, "mapping.exists",
			                paths[i], 0, 0, NULL,
			                "exists with other content; nothing was written (force to replace)");
			rc = XOEV_EEXISTS;
		}
	}
	for (i = 0; i < 2 && rc == XOEV_OK; i++) {
		char *parent;
		if (state[i] == 1)
			continue;
		parent = xoev_io__dirname(paths[i]);
		if (!parent) {
			rc = XOEV_ENOMEM;
			break;
		}
		rc = xoev_io__mkdir_p(parent);
		free(parent);
		if (rc == XOEV_OK)
			rc = xoev_io__write_atomic(paths[i], texts[i], lens[i]);
		if (rc != XOEV_OK)
			xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_TRANSLATE, "mapping.write",
			                paths[i], 0, 0, NULL, "cannot be written");
	}
done:
	free(paths[0]);
	free(paths[1]);
	return rc;
}
