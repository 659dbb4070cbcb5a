/*
 * libxoev - rules: running compiled Schematron on a parsed document.
 *
 * One xmlXPathContext per run (namespaces, the variable lookup for sch:let,
 * XSLT current()); the compiled rules are only read, so several threads may
 * run the same xoev_rules at once. For each pattern every rule context is
 * evaluated from the document node, each matched node goes to the first rule
 * that matched it, and the nodes are visited in document order.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "rules_model.h"

/* ------------------------------------------------------------------ */
/* Helpers shared with rules.c                                         */
/* ------------------------------------------------------------------ */

int xoev_rules__grow(void **items, size_t *cap, size_t count, size_t size)
{
	void *n;
	size_t ncap;

	if (count < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 4;
	n = realloc(*items, ncap * size);
	if (!n)
		return XOEV_ENOMEM;
	*items = n;
	*cap = ncap;
	return 0;
}

/* Collapse runs of white space to one space and trim, in place. */
void xoev_rules__normalise_space(char *s)
{
	char *w = s, *start = s;
	int pending = 0;

	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			pending = 1;
			continue;
		}
		if (pending && w != start)
			*w++ = ' ';
		pending = 0;
		*w++ = *s;
	}
	*w = '\0';
}

/*
 * libxml2 2.9 hands XPath errors to the context's callback without a
 * message text; the texts of its enum, in order.
 */
const char *xoev_rules__xpath_error_text(const xmlError *e)
{
	static const char *const text[] = {
		"ok", "number encoding", "unfinished literal", "start of literal",
		"expected $ for variable reference", "undefined variable", "invalid predicate",
		"invalid expression", "missing closing curly brace", "unregistered function",
		"invalid operand", "invalid type", "invalid number of arguments",
		"invalid context size", "invalid context position", "memory allocation failed",
		"syntax error", "resource error", "sub-resource error", "undefined namespace prefix",
		"encoding error", "char out of XML range", "invalid or incomplete context",
		"stack usage error", "forbidden variable", "operation limit exceeded",
		"recursion limit exceeded"
	};
	int i;

	if (e->message && e->message[0])
		return e->message;
	i = e->code - XML_XPATH_EXPRESSION_OK;
	if (e->domain == XML_FROM_XPATH && i >= 0 && (size_t)i < sizeof text / sizeof text[0])
		return text[i];
	return "error";
}

/* ------------------------------------------------------------------ */
/* Running                                                             */
/* ------------------------------------------------------------------ */

typedef struct {
	const char *name;
	xmlXPathObjectPtr value;
} binding;

typedef struct {
	const xoev_rules *r;
	const xoev_xdoc *xd;
	xmlNodePtr docnode;
	const char *file;
	xoev_diag_list *diags;
	xmlXPathContextPtr xp;
	binding *vars;
	size_t var_count;
	size_t var_cap;
	xmlNodePtr current;      /* the rule's context node: current() */
	unsigned char *reported; /* per slot: a runtime error was reported */
	char errmsg[256];
	int status;
	xmlDocPtr scratch;       /* XPath 2.0 sequences' atomic values as text nodes */
} run_state;

xmlDocPtr xoev_rules__scratch(xmlXPathContextPtr xp)
{
	run_state *st = xp ? xp->userData : NULL;

	if (!st)
		return NULL;
	if (!st->scratch) {
		xmlNodePtr root;
		st->scratch = xmlNewDoc(BAD_CAST "1.0");
		root = st->scratch ? xmlNewDocNode(st->scratch, NULL, BAD_CAST "sequence", NULL) : NULL;
		if (!root) {
			xmlFreeDoc(st->scratch);
			st->scratch = NULL;
			st->status = XOEV_ENOMEM;
			return NULL;
		}
		xmlDocSetRootElement(st->scratch, root);
	}
	return st->scratch;
}

static void on_run_error(void *data, xmlErrorPtr e)
{
	run_state *st = data;

	if (!e)
		return;
	if (e->code == XML_ERR_NO_MEMORY || e->code == XML_XPATH_MEMORY_ERROR)
		st->status = XOEV_ENOMEM;
	if (!st->errmsg[0]) {
		size_t n;
		snprintf(st->errmsg, sizeof st->errmsg, "%s", xoev_rules__xpath_error_text(e));
		n = strlen(st->errmsg);
		while (n && (st->errmsg[n - 1] == '\n' || st->errmsg[n - 1] == ' '))
			st->errmsg[--n] = '\0';
	}
}

/* The variable lookup of the run's XPath context: innermost binding first; a new copy. */
static xmlXPathObjectPtr lookup_var(void *data, const xmlChar *name, const xmlChar *ns_uri)
{
	run_state *st = data;
	size_t i;

	if (ns_uri)
		return NULL;
	for (i = st->var_count; i > 0; i--) {
		if (strcmp(st->vars[i - 1].name, (const char *)name) == 0) {
			xmlXPathObjectPtr v = xmlXPathObjectCopy(st->vars[i - 1].value);
			if (!v)
				st->status = XOEV_ENOMEM;
			return v;
		}
	}
	return NULL;
}

/* XSLT current(): the node the rule is being run on. */
static void fn_current(xmlXPathParserContextPtr ctxt, int nargs)
{
	run_state *st;
	xmlXPathObjectPtr o;

	CHECK_ARITY(0);
	st = ctxt->context->userData;
	o = xmlXPathNewNodeSet(st->current);
	if (!o) {
		st->status = XOEV_ENOMEM;
		XP_ERROR(XPATH_MEMORY_ERROR);
	}
	valuePush(ctxt, o);
}

/* A finding located at node (line, column and XPath of node). */
static void add_at(run_state *st, const xmlNode *node, xoev_severity sev, const char *rule,
                   const char *msg)
{
	unsigned long line = 0, col = 0;
	char *xpath = NULL;

	if (!st->diags)
		return;
	xoev_xml__position(st->xd, node, &line, &col);
	if (node && node->type != XML_NAMESPACE_DECL) {
		xpath = xoev_xml__xpath(node);
		if (!xpath) {
			st->status = XOEV_ENOMEM;
			return;
		}
	}
	if (xoev_diag_list_add(st->diags, sev, XOEV_LAYER_RULE, rule, msg, st->file, line, col,
	                       xpath) != 0)
		st->status = XOEV_ENOMEM;
	free(xpath);
}

/* One "rules.xpath-runtime" finding per expression and run. */
static void runtime_error(run_state *st, const xmlNode *node, size_t slot, const char *label,
                          const char *source)
{
	char *msg;

	if (st->status || st->reported[slot])
		return;
	st->reported[slot] = 1;
	msg = xoev_util__printf("%s: the XPath '%s' failed at run time (%s); it was not evaluated "
	                        "here, so the result of this check is unknown",
	                        label, source ? source : "", st->errmsg[0] ? st->errmsg : "error");
	if (!msg) {
		st->status = XOEV_ENOMEM;
		return;
	}
	add_at(st, node, XOEV_SEVERITY_ERROR, "rules.xpath-runtime", msg);
	free(msg);
}

/* Evaluate e with node as the context node. NULL on an error (st->errmsg says which). */
static xmlXPathObjectPtr eval_at(run_state *st, xmlXPathCompExprPtr e, xmlNodePtr node)
{
	xmlXPathObjectPtr o;

	st->xp->node = node;
	st->xp->contextSize = 1;
	st->xp->proximityPosition = 1;
	st->errmsg[0] = '\0';
	xmlResetError(&st->xp->lastError);
	o = xmlXPathCompiledEval(e, st->xp);
	if (o && st->xp->lastError.code != XML_ERR_OK) {
		xmlXPathFreeObject(o);
		o = NULL;
	}
	return o;
}

static void unbind(run_state *st, size_t mark)
{
	while (st->var_count > mark)
		xmlXPathFreeObject(st->vars[--st->var_count].value);
}

static void bind(run_state *st, const rule_item *it, xmlNodePtr node)
{
	xmlXPathObjectPtr o = eval_at(st, it->expr, node);

	if (!o) {
		runtime_error(st, node, it->slot, it->label, it->source);
		return;
	}
	if (xoev_rules__grow((void **)&st->vars, &st->var_cap, st->var_count, sizeof *st->vars) != 0) {
		xmlXPathFreeObject(o);
		st->status = XOEV_ENOMEM;
		return;
	}
	st->vars[st->var_count].name = it->name;
	st->vars[st->var_count].value = o;
	st->var_count++;
}

/* The qualified name of a node as name() gives it. */
static void put_name(xoev_buf *b, const xmlNode *n)
{
	if (!n || n->type == XML_DOCUMENT_NODE || n->type == XML_TEXT_NODE ||
	    n->type == XML_CDATA_SECTION_NODE || n->type == XML_COMMENT_NODE || !n->name)
		return;
	if (n->type == XML_NAMESPACE_DECL) {
		const xmlNs *ns = (const xmlNs *)n;
		xoev_buf__puts(b, ns->prefix ? (const char *)ns->prefix : "");
		return;
	}
	if ((n->type == XML_ELEMENT_NODE || n->type == XML_ATTRIBUTE_NODE) && n->ns && n->ns->prefix)
		xoev_buf__printf(b, "%s:", (const char *)n->ns->prefix);
	xoev_buf__puts(b, (const char *)n->name);
}

static char *build_message(run_state *st, const rule_item *it, xmlNodePtr node)
{
	xoev_buf b = { 0 };
	size_t i;
	char *msg;

	xoev_buf__append(&b, "", 0); /* a NUL even if nothing follows */
	for (i = 0; i < it->part_count && !st->status; i++) {
		const msg_part *p = &it->parts[i];
		xmlXPathObjectPtr o;

		if (p->kind == PART_TEXT) {
			xoev_buf__puts(&b, p->text);
			continue;
		}
		if (p->kind == PART_NAME && !p->expr) {
			put_name(&b, node);
			continue;
		}
		o = eval_at(st, p->expr, node);
		if (!o) {
			runtime_error(st, node, it->slot, it->label, "(sch:value-of or sch:name)");
			xoev_buf__puts(&b, "?");
		} else if (p->kind == PART_NAME && o->type == XPATH_NODESET) {
			if (o->nodesetval && o->nodesetval->nodeNr > 0)
				put_name(&b, o->nodesetval->nodeTab[0]);
		} else {
			xmlChar *s = xmlXPathCastToString(o);
			if (!s)
				st->status = XOEV_ENOMEM;
			else
				xoev_buf__puts(&b, (const char *)s);
			xmlFree(s);
		}
		xmlXPathFreeObject(o);
	}
	msg = xoev_buf__take(&b, NULL);
	if (!msg) {
		st->status = XOEV_ENOMEM;
		return NULL;
	}
	xoev_rules__normalise_space(msg);
	if (!msg[0]) {
		free(msg);
		msg = xoev_util__printf("%s: %s", it->kind == ITEM_REPORT ? "report fired" : "assert failed",
		                        it->source);
		if (!msg)
			st->status = XOEV_ENOMEM;
	}
	return msg;
}

/* A failed assert or a fired report. */
static void fire(run_state *st, const rule_item *it, xmlNodePtr node)
{
	xmlNodePtr at = node;
	char *msg;

	if (it->subject) {
		xmlXPathObjectPtr o = eval_at(st, it->subject, node);
		if (!o)
			runtime_error(st, node, it->slot, it->label, "(@subject)");
		else if (o->type == XPATH_NODESET && o->nodesetval && o->nodesetval->nodeNr > 0 &&
		         o->nodesetval->nodeTab[0]->type != XML_NAMESPACE_DECL)
			at = o->nodesetval->nodeTab[0];
		xmlXPathFreeObject(o); /* at points into the document, not into o */
	}
	msg = build_message(st, it, node);
	if (msg)
		add_at(st, at, it->severity, it->name, msg);
	free(msg);
}

static void run_rule(run_state *st, const rule_def *rd, xmlNodePtr node)
{
	size_t mark = st->var_count, i;

	st->current = node;
	for (i = 0; i < rd->item_count && !st->status; i++) {
		const rule_item *it = &rd->items[i];
		xmlXPathObjectPtr o;
		int v;

		if (it->kind == ITEM_LET) {
			bind(st, it, node);
			continue;
		}
		o = eval_at(st, it->expr, node);
		if (!o) {
			runtime_error(st, node, it->slot, it->label, it->source);
			continue;
		}
		v = xmlXPathCastToBoolean(o);
		xmlXPathFreeObject(o);
		if ((it->kind == ITEM_ASSERT && !v) || (it->kind == ITEM_REPORT && v))
			fire(st, it, node);
	}
	unbind(st, mark);
}

/* A node matched by a rule context: the first rule of the pattern that matches it wins. */
typedef struct {
	xmlNodePtr node;
	size_t rule;
	unsigned long line, col, sub; /* document order key */
} work;

/* Open addressing set of node pointers; 1 if node was new. */
static int seen_add(const void **keys, size_t mask, const void *node)
{
	unsigned long long x = (unsigned long long)(uintptr_t)node;
	size_t i;

	x ^= x >> 17;
	x *= 0x9E3779B97F4A7C15ULL;
	for (i = (size_t)(x >> 20) & mask;; i = (i + 1) & mask) {
		if (keys[i] == node)
			return 0;
		if (!keys[i]) {
			keys[i] = node;
			return 1;
		}
	}
}

/*
 * The document order key of a node: the start tag position of an element
 * (unique per element), for an attribute its element's and its place among
 * the attributes. 0 if the node has no such key (text, comment, namespace,
 * an element without a recorded position).
 */
static int order_key(const xoev_xdoc *xd, work *w)
{
	const xmlNode *n = w->node;

	w->sub = 0;
	if (n->type == XML_ATTRIBUTE_NODE && n->parent) {
		const xmlAttr *a;
		for (a = n->parent->properties; a && (const xmlNode *)a != n; a = a->next)
			w->sub++;
		w->sub++;
		n = n->parent;
	}
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	xoev_xml__position(xd, n, &w->line, &w->col);
	return w->line != 0;
}

static int cmp_order(const void *pa, const void *pb)
{
	const work *a = pa, *b = pb;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	if (a->sub != b->sub)
		return a->sub < b->sub ? -1 : 1;
	return 0;
}

/*
 * Visit the nodes in document order when every node has a key (elements and
 * attributes: the usual rule contexts); otherwise keep rule order. Not with
 * xmlXPathCmpNodes: it walks sibling lists, quadratic on wide documents.
 */
static void sort_document_order(const xoev_xdoc *xd, work *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!order_key(xd, &a[i]))
			return;
	qsort(a, n, sizeof *a, cmp_order);
}

static void run_pattern(run_state *st, const pattern_def *p)
{
	size_t mark = st->var_count, i, j, total = 0, n = 0, cap = 1;
	xmlXPathObjectPtr *sets = NULL;
	const void **keys = NULL;
	work *list = NULL;

	for (i = 0; i < p->let_count && !st->status; i++)
		bind(st, &p->lets[i], st->docnode);
	sets = calloc(p->rule_count + 1, sizeof *sets);
	if (!sets)
		goto nomem;
	for (i = 0; i < p->rule_count && !st->status; i++) {
		const rule_def *rd = &p->rules[i];
		sets[i] = eval_at(st, rd->context, st->docnode);
		if (sets[i] && sets[i]->type != XPATH_NODESET) {
			snprintf(st->errmsg, sizeof st->errmsg, "the context is not a node-set");
			xmlXPathFreeObject(sets[i]);
			sets[i] = NULL;
		}
		if (!sets[i])
			runtime_error(st, st->docnode, rd->slot, rd->label, rd->source);
		else if (sets[i]->nodesetval)
			total += (size_t)sets[i]->nodesetval->nodeNr;
	}
	if (st->status || total == 0)
		goto out;
	while (cap < 2 * total)
		cap *= 2;
	keys = calloc(cap, sizeof *keys);
	list = malloc(total * sizeof *list);
	if (!keys || !list)
		goto nomem;
	for (i = 0; i < p->rule_count; i++) {
		xmlNodeSetPtr ns = sets[i] ? sets[i]->nodesetval : NULL;
		for (j = 0; ns && j < (size_t)ns->nodeNr; j++) {
			if (seen_add(keys, cap - 1, ns->nodeTab[j])) {
				list[n].node = ns->nodeTab[j];
				list[n++].rule = i;
			}
		}
	}
	sort_document_order(st->xd, list, n);
	for (i = 0; i < n && !st->status; i++)
		run_rule(st, &p->rules[list[i].rule], list[i].node);
	goto out;
nomem:
	st->status = XOEV_ENOMEM;
out:
	if (sets)
		for (i = 0; i < p->rule_count; i++)
			xmlXPathFreeObject(sets[i]);
	free(sets);
	free(keys);
	free(list);
	unbind(st, mark);
}

int xoev_rules__run(const xoev_rules *r, const xoev_xdoc *doc, const char *file,
                    xoev_diag_list *diags)
{
	run_state st;
	xoev_quiet q;
	size_t i;

	if (!r || !doc || !xoev_xml__doc(doc))
		return XOEV_EINVAL;
	memset(&st, 0, sizeof st);
	st.r = r;
	st.xd = doc;
	st.docnode = (xmlNodePtr)xoev_xml__doc(doc);
	st.file = file;
	st.diags = diags;
	st.reported = calloc(r->slot_count + 1, 1);
	st.xp = xmlXPathNewContext(xoev_xml__doc(doc));
	if (!st.reported || !st.xp) {
		st.status = XOEV_ENOMEM;
		goto out;
	}
	for (i = 0; i < r->ns_prefixes.count; i++)
		if (xmlXPathRegisterNs(st.xp, (const xmlChar *)r->ns_prefixes.items[i],
		                       (const xmlChar *)r->ns_uris.items[i]) != 0)
			st.status = XOEV_ENOMEM;
	if (xmlXPathRegisterFunc(st.xp, (const xmlChar *)"current", fn_current) != 0)
		st.status = XOEV_ENOMEM;
	if (r->xpath2 && xoev_rules__register_xpath2(st.xp) != 0)
		st.status = XOEV_ENOMEM;
	if (st.status)
		goto out;
	xmlXPathRegisterVariableLookup(st.xp, lookup_var, &st);
	st.xp->error = on_run_error;
	st.xp->userData = &st;
	xoev_xml__quiet_begin(&q, on_run_error, &st);
	for (i = 0; i < r->let_count && !st.status; i++)
		bind(&st, &r->lets[i], st.docnode);
	for (i = 0; i < r->pattern_count && !st.status; i++)
		run_pattern(&st, &r->patterns[i]);
	unbind(&st, 0);
	xoev_xml__quiet_end(&q);
out:
	xmlXPathFreeContext(st.xp);
	xmlFreeDoc(st.scratch);
	free(st.vars);
	free(st.reported);
	return st.status;
}
