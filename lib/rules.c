/*
 * libxoev - rules: a native ISO Schematron engine over libxml2's XPath 1.0.
 *
 * Compile once (every XPath with xmlXPathCtxtCompile), run many times, from
 * many threads: the compiled xoev_rules is read-only after compilation; every
 * run has its own xmlXPathContext (namespaces, variables, current()).
 *
 * Not used: libxslt (no generated stylesheet) and libxml2's xmlSchematron
 * (a subset, with a value-of bug, removed in later versions).
 *
 * One note on sharing: libxml2 2.9 caches the function pointer of a function
 * call in the compiled expression on its first evaluation (op->cache). Every
 * run registers the same functions, so concurrent runs store the same value;
 * no other part of a compiled expression is written during evaluation.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "rules_model.h"

#define SCH_NS "http://purl.oclc.org/dsdl/schematron"
#define SCH15_NS "http://www.ascc.net/xml/schematron"
#define XSL_NS "http://www.w3.org/1999/XSL/Transform"
#define MAX_EXTENDS_DEPTH 32

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static int is_in(const xmlNode *n, const char *ns)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, ns) == 0;
}

static int is_sch(const xmlNode *n, const char *name)
{
	return is_in(n, SCH_NS) && strcmp((const char *)n->name, name) == 0;
}

/* A new copy of attribute name, NULL if absent; *oom set if the copy failed. */
static char *attr(const xmlNode *n, const char *name, int *oom)
{
	return xoev_xml__attr_dup(n, name, oom);
}

static int attr_is(const xmlNode *n, const char *name, const char *value)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	int eq = v && strcmp((const char *)v, value) == 0;

	xmlFree(v);
	return eq;
}

static xoev_severity severity_of(const char *role)
{
	static const char *const warn[] = { "warning", "warn", NULL };
	static const char *const info[] = { "info", "information", "informational", NULL };
	size_t i;

	if (!role)
		return XOEV_SEVERITY_ERROR;
	for (i = 0; warn[i]; i++)
		if (strcasecmp(role, warn[i]) == 0)
			return XOEV_SEVERITY_WARNING;
	for (i = 0; info[i]; i++)
		if (strcasecmp(role, info[i]) == 0)
			return XOEV_SEVERITY_INFO;
	return XOEV_SEVERITY_ERROR; /* "fatal", "error" and anything else */
}

static void free_parts(msg_part *parts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(parts[i].text);
		xmlXPathFreeCompExpr(parts[i].expr);
	}
	free(parts);
}

static void free_items(rule_item *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(items[i].name);
		free(items[i].label);
		free(items[i].source);
		xmlXPathFreeCompExpr(items[i].expr);
		xmlXPathFreeCompExpr(items[i].subject);
		free_parts(items[i].parts, items[i].part_count);
	}
	free(items);
}

void xoev_rules__free(xoev_rules *r)
{
	size_t i, j;

	if (!r)
		return;
	for (i = 0; i < r->pattern_count; i++) {
		pattern_def *p = &r->patterns[i];
		for (j = 0; j < p->rule_count; j++) {
			free(p->rules[j].label);
			free(p->rules[j].source);
			xmlXPathFreeCompExpr(p->rules[j].context);
			free_items(p->rules[j].items, p->rules[j].item_count);
		}
		free(p->rules);
		free_items(p->lets, p->let_count);
		free(p->id);
	}
	free(r->patterns);
	free_items(r->lets, r->let_count);
	xoev_strv__free(&r->ns_prefixes);
	xoev_strv__free(&r->ns_uris);
	free(r);
}

size_t xoev_rules__assert_count(const xoev_rules *r)
{
	return r ? r->assert_count : 0;
}

/* ------------------------------------------------------------------ */
/* Compilation                                                         */
/* ------------------------------------------------------------------ */

typedef struct {
	const char *path;
	xmlDocPtr doc;
	xmlNodePtr root;
	xmlXPathContextPtr xp;   /* for compiling: errors land in errmsg */
	char errmsg[256];
	xoev_diag_list *diags;
	xoev_rules *r;
	size_t attempted;        /* asserts and reports met */
	int status;              /* first XOEV_ENOMEM */
	/* parameters of the abstract pattern being instantiated (or none) */
	xoev_strv *param_names;
	xoev_strv *param_values;
} comp_state;

static void oom(comp_state *cs)
{
	cs->status = XOEV_ENOMEM;
}

static void on_compile_error(void *data, xmlErrorPtr e)
{
	comp_state *cs = data;

	if (e && (e->code == XML_ERR_NO_MEMORY || e->code == XML_XPATH_MEMORY_ERROR))
		oom(cs);
	if (e && !cs->errmsg[0]) {
		size_t n;
		snprintf(cs->errmsg, sizeof cs->errmsg, "%s", xoev_rules__xpath_error_text(e));
		n = strlen(cs->errmsg);
		while (n && (cs->errmsg[n - 1] == '\n' || cs->errmsg[n - 1] == ' '))
			cs->errmsg[--n] = '\0';
	}
}

/* A finding about the schema, located at schema node n. */
static void finding(comp_state *cs, const xmlNode *n, const char *rule, const char *fmt,
                    const char *a, const char *b, const char *c)
{
	long line = n ? xmlGetLineNo(n) : 0;
	char *xpath = n ? xoev_xml__xpath(n) : NULL;

	if (xoev_diag__addf(cs->diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE, rule, cs->path,
	                    line > 0 ? (unsigned long)line : 0, 0, xpath, fmt, a ? a : "",
	                    b ? b : "", c ? c : "") != 0)
		oom(cs);
	free(xpath);
}

static void unsupported(comp_state *cs, const xmlNode *n, const char *what)
{
	finding(cs, n, "rules.unsupported", "%s%s%s is not supported; it is left out", what, NULL,
	        NULL);
}

static int is_name_char(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':' || (c & 0x80);
}

/* Replace $param by its value (abstract pattern instantiation). New string. */
static char *substitute(const comp_state *cs, const char *s)
{
	xoev_buf b = { 0 };
	size_t i;

	if (!cs->param_names || !cs->param_names->count)
		return xoev_util__strdup(s);
	while (*s) {
		const char *hit = NULL;
		size_t hitlen = 0;

		if (*s == '$') {
			for (i = 0; i < cs->param_names->count; i++) {
				const char *nm = cs->param_names->items[i];
				size_t n = strlen(nm);
				if (strncmp(s + 1, nm, n) == 0 && !is_name_char((unsigned char)s[1 + n]) &&
				    n > hitlen) {
					hit = cs->param_values->items[i];
					hitlen = n;
				}
			}
		}
		if (hit) {
			xoev_buf__puts(&b, hit);
			s += 1 + hitlen;
		} else {
			xoev_buf__append(&b, s, 1);
			s++;
		}
	}
	return xoev_buf__take(&b, NULL);
}

/*
 * Compile text (after parameter substitution). Returns the expression, or
 * NULL: cs->status set on memory failure, else a "rules.xpath" finding
 * naming label was added.
 */
static xmlXPathCompExprPtr compile_xpath(comp_state *cs, const xmlNode *at, const char *text,
                                         const char *label, char **source_out)
{
	xmlXPathCompExprPtr e;
	char *src = substitute(cs, text);

	if (!src) {
		oom(cs);
		return NULL;
	}
	cs->errmsg[0] = '\0';
	if (cs->r->xpath2) {
		/* XGenerator's XPath 2.0: rewritten, or reported with the construct */
		char why[160];
		int nomem = 0;
		char *v1 = xoev_rules__xpath2_rewrite(src, why, sizeof why, &nomem);
		if (!v1) {
			if (nomem)
				oom(cs);
			else
				finding(cs, at, "rules.unsupported",
				        "%s: the XPath 2.0 expression '%s' uses %s, outside the supported "
				        "subset; left out", label, src, why);
			free(src);
			return NULL;
		}
		xmlResetError(&cs->xp->lastError);
		e = xmlXPathCtxtCompile(cs->xp, (const xmlChar *)v1);
		free(v1);
	} else {
		xmlResetError(&cs->xp->lastError);
		e = xmlXPathCtxtCompile(cs->xp, (const xmlChar *)src);
	}
	if (!e) {
		if (cs->xp->lastError.code == XML_XPATH_MEMORY_ERROR ||
		    cs->xp->lastError.code == XML_ERR_NO_MEMORY || cs->status)
			oom(cs);
		else
			finding(cs, at, "rules.xpath", "%s: the XPath '%s' does not compile (%s); left out",
			        label, src, cs->errmsg[0] ? cs->errmsg : "syntax error");
		free(src);
		return NULL;
	}
	if (source_out)
		*source_out = src;
	else
		free(src);
	return e;
}

/* The text of an XPath-bearing attribute (substituted later); NULL if absent. */
static char *required_attr(comp_state *cs, const xmlNode *n, const char *name, const char *label)
{
	int failed = 0;
	char *v = attr(n, name, &failed);

	if (failed)
		oom(cs);
	else if (!v)
		finding(cs, n, "rules.syntax", "%s: sch:%s has no @%s; left out", label,
		        (const char *)n->name, name);
	return v;
}

static int add_part(comp_state *cs, msg_part **parts, size_t *count, size_t *cap,
                    part_kind kind, char *text, xmlXPathCompExprPtr expr)
{
	if (xoev_rules__grow((void **)parts, cap, *count, sizeof **parts) != 0) {
		free(text);
		xmlXPathFreeCompExpr(expr);
		oom(cs);
		return XOEV_ENOMEM;
	}
	(*parts)[*count].kind = kind;
	(*parts)[*count].text = text;
	(*parts)[*count].expr = expr;
	(*count)++;
	return 0;
}

/* Message content: text, value-of, name; other elements contribute their content. */
static void compile_message(comp_state *cs, const xmlNode *n, const char *label,
                            msg_part **parts, size_t *count, size_t *cap)
{
	const xmlNode *c;

	for (c = n->children; c && !cs->status; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			char *t = xoev_util__strdup(c->content ? (const char *)c->content : "");
			if (!t)
				oom(cs);
			else
				add_part(cs, parts, count, cap, PART_TEXT, t, NULL);
		} else if (is_sch(c, "value-of") || is_sch(c, "name")) {
			int value = is_sch(c, "value-of"), failed = 0;
			char *sel = attr(c, value ? "select" : "path", &failed);
			xmlXPathCompExprPtr e = NULL;

			if (failed) {
				oom(cs);
				break;
			}
			if (value && !sel) {
				finding(cs, c, "rules.syntax", "%s: sch:value-of has no @select%s%s", label,
				        NULL, NULL);
				continue;
			}
			if (sel) {
				e = compile_xpath(cs, c, sel, label, NULL);
				free(sel);
				if (!e)
					continue; /* finding added; the rest of the message stays */
			}
			add_part(cs, parts, count, cap, value ? PART_VALUE : PART_NAME, NULL, e);
		} else if (c->type == XML_ELEMENT_NODE) {
			compile_message(cs, c, label, parts, count, cap);
		}
	}
}

/*
 * The sch:<name> child of parent with this id (abstract ones only if asked);
 * deep: also inside sch:pattern, sch:rules and sch:diagnostics children.
 */
static const xmlNode *find_by_id(const xmlNode *parent, const char *name, const char *id,
                                 int abstract_only, int deep)
{
	const xmlNode *c, *d;

	for (c = parent->children; c; c = c->next) {
		if (is_sch(c, name) && attr_is(c, "id", id) &&
		    (!abstract_only || attr_is(c, "abstract", "true")))
			return c;
		if (deep && (is_sch(c, "pattern") || is_sch(c, "rules") || is_sch(c, "diagnostics")) &&
		    (d = find_by_id(c, name, id, abstract_only, 0)) != NULL)
			return d;
	}
	return NULL;
}

static void compile_diagnostics(comp_state *cs, const xmlNode *a, const char *label,
                                msg_part **parts, size_t *count, size_t *cap)
{
	int failed = 0;
	char *ids = attr(a, "diagnostics", &failed), *save = NULL, *id;

	if (failed)
		oom(cs);
	for (id = ids ? strtok_r(ids, " \t\r\n", &save) : NULL; id && !cs->status;
	     id = strtok_r(NULL, " \t\r\n", &save)) {
		const xmlNode *d = find_by_id(cs->root, "diagnostic", id, 0, 1);
		char *sp;

		if (!d) {
			finding(cs, a, "rules.syntax", "%s: diagnostic '%s' is not defined%s", label, id,
			        NULL);
			continue;
		}
		sp = xoev_util__strdup(" ");
		if (!sp || add_part(cs, parts, count, cap, PART_TEXT, sp, NULL) != 0) {
			oom(cs);
			break;
		}
		compile_message(cs, d, label, parts, count, cap);
	}
	free(ids);
}

typedef struct {
	rule_item *items;
	size_t count;
	size_t cap;
} item_list;

static rule_item *new_item(comp_state *cs, item_list *l, item_kind kind)
{
	rule_item *it;

	if (xoev_rules__grow((void **)&l->items, &l->cap, l->count, sizeof *l->items) != 0) {
		oom(cs);
		return NULL;
	}
	it = &l->items[l->count];
	memset(it, 0, sizeof *it);
	it->kind = kind;
	it->slot = cs->r->slot_count;
	return it;
}

static void compile_let(comp_state *cs, const xmlNode *n, item_list *l)
{
	int failed = 0;
	char *name = attr(n, "name", &failed), *value = NULL, *label = NULL;
	rule_item *it;

	if (!failed && name)
		value = attr(n, "value", &failed);
	if (failed) {
		oom(cs);
		goto out;
	}
	if (!name) {
		finding(cs, n, "rules.syntax", "sch:let has no @name; left out%s%s", NULL, NULL, NULL);
		goto out;
	}
	label = xoev_util__printf("let $%s", name);
	if (!label) {
		oom(cs);
		goto out;
	}
	if (!value) {
		finding(cs, n, "rules.unsupported",
		        "%s: a let without @value (element content) is not supported; left out%s%s",
		        label, NULL, NULL);
		goto out;
	}
	it = new_item(cs, l, ITEM_LET);
	if (!it)
		goto out;
	it->expr = compile_xpath(cs, n, value, label, &it->source);
	if (!it->expr)
		goto out;
	it->name = name;
	it->label = label;
	name = label = NULL;
	cs->r->slot_count++;
	l->count++;
out:
	free(name);
	free(value);
	free(label);
}

static void compile_assert(comp_state *cs, const xmlNode *a, const char *fallback_id,
                           item_list *l)
{
	int report = is_sch(a, "report"), failed = 0;
	char *id = attr(a, "id", &failed), *role = NULL, *flag = NULL, *test = NULL;
	char *label = NULL, *subject = NULL;
	rule_item *it = NULL;
	size_t cap = 0;

	cs->attempted++;
	if (!failed)
		role = attr(a, "role", &failed);
	if (!failed)
		flag = attr(a, "flag", &failed);
	if (!failed)
		subject = attr(a, "subject", &failed);
	if (failed)
		goto nomem;
	label = id ? xoev_util__printf("%s '%s'", report ? "report" : "assert", id)
	           : xoev_util__printf("%s %lu of '%s'", report ? "report" : "assert",
	                               (unsigned long)l->count + 1, fallback_id);
	if (!label)
		goto nomem;
	test = required_attr(cs, a, "test", label);
	if (!test)
		goto out;
	it = new_item(cs, l, report ? ITEM_REPORT : ITEM_ASSERT);
	if (!it)
		goto out;
	it->expr = compile_xpath(cs, a, test, label, &it->source);
	if (!it->expr)
		goto out;
	if (subject && !(it->subject = compile_xpath(cs, a, subject, label, NULL)))
		goto drop;
	it->name = id ? id : xoev_util__strdup(fallback_id);
	id = NULL;
	if (!it->name)
		goto drop_nomem;
	it->severity = severity_of(role ? role : flag);
	compile_message(cs, a, label, &it->parts, &it->part_count, &cap);
	compile_diagnostics(cs, a, label, &it->parts, &it->part_count, &cap);
	if (cs->status)
		goto drop;
	it->label = label;
	label = NULL;
	cs->r->slot_count++;
	cs->r->assert_count++;
	l->count++;
	goto out;
drop_nomem:
	oom(cs);
drop:
	free(it->name);
	free(it->source);
	xmlXPathFreeCompExpr(it->expr);
	xmlXPathFreeCompExpr(it->subject);
	free_parts(it->parts, it->part_count);
	goto out;
nomem:
	oom(cs);
out:
	free(id);
	free(role);
	free(flag);
	free(test);
	free(label);
	free(subject);
}

/* The body of a rule (lets, asserts, reports, extends) into l. */
static void compile_body(comp_state *cs, const xmlNode *rule, const xmlNode *pattern,
                         const char *fallback_id, item_list *l, int depth)
{
	const xmlNode *c;

	for (c = rule->children; c && !cs->status; c = c->next) {
		if (is_sch(c, "let")) {
			compile_let(cs, c, l);
		} else if (is_sch(c, "assert") || is_sch(c, "report")) {
			compile_assert(cs, c, fallback_id, l);
		} else if (is_sch(c, "extends")) {
			int failed = 0;
			char *ref = attr(c, "rule", &failed);
			const xmlNode *abs = NULL;

			if (failed) {
				oom(cs);
				break;
			}
			if (!ref) {
				unsupported(cs, c, "sch:extends without @rule (with @href)");
				continue;
			}
			if (pattern) /* the same pattern first, then the whole schema */
				abs = find_by_id(pattern, "rule", ref, 1, 0);
			if (!abs)
				abs = find_by_id(cs->root, "rule", ref, 1, 1);
			if (!abs)
				finding(cs, c, "rules.syntax",
				        "sch:extends names the abstract rule '%s', which is not defined%s%s",
				        ref, NULL, NULL);
			else if (depth >= MAX_EXTENDS_DEPTH)
				finding(cs, c, "rules.syntax",
				        "sch:extends '%s' nests too deeply (a cycle?); left out%s%s", ref, NULL,
				        NULL);
			else
				compile_body(cs, abs, pattern, fallback_id, l, depth + 1);
			free(ref);
		} else if (is_sch(c, "include")) {
			unsupported(cs, c, "sch:include");
		}
	}
}

/* The XSLT pattern of a rule context as an XPath evaluated from the document node. */
static char *context_to_xpath(const char *pat)
{
	xoev_buf b = { 0 };
	const char *s = pat, *start = pat;
	int depth = 0;
	char quote = 0;

	xoev_buf__append(&b, "", 0); /* a NUL even if nothing follows */
	for (;; s++) {
		if (quote && *s) { /* an unbalanced quote is left to the XPath compiler */
			if (*s == quote)
				quote = 0;
			continue;
		}
		if (*s == '\'' || *s == '"') {
			quote = *s;
		} else if (*s == '[' || *s == '(') {
			depth++;
		} else if ((*s == ']' || *s == ')') && depth > 0) {
			depth--;
		} else if (!*s || (*s == '|' && depth == 0)) {
			const char *a = start, *e = s;
			while (a < e && isspace((unsigned char)*a))
				a++;
			while (e > a && isspace((unsigned char)e[-1]))
				e--;
			if (b.len)
				xoev_buf__puts(&b, " | ");
			if (a < e && *a != '/' && strncmp(a, "id(", 3) != 0 && strncmp(a, "key(", 4) != 0)
				xoev_buf__puts(&b, "//");
			xoev_buf__append(&b, a, (size_t)(e - a));
			if (!*s)
				break;
			start = s + 1;
		}
	}
	return xoev_buf__take(&b, NULL);
}

static void compile_rule(comp_state *cs, const xmlNode *rn, const xmlNode *pattern,
                         pattern_def *p, size_t *cap)
{
	int failed = 0;
	char *id = attr(rn, "id", &failed), *ctx = NULL, *xp = NULL, *label = NULL;
	const char *fallback;
	rule_def *rd;
	item_list l = { 0 };

	if (failed)
		goto nomem;
	label = id ? xoev_util__printf("rule '%s'", id)
	           : xoev_util__printf("rule %lu of pattern '%s'", (unsigned long)p->rule_count + 1,
	                               p->id ? p->id : "(anonymous)");
	if (!label)
		goto nomem;
	ctx = required_attr(cs, rn, "context", label);
	if (!ctx)
		goto out;
	fallback = id ? id : p->id ? p->id : "rules.anonymous";
	compile_body(cs, rn, pattern, fallback, &l, 0);
	if (cs->status)
		goto out;
	if (xoev_rules__grow((void **)&p->rules, cap, p->rule_count, sizeof *p->rules) != 0)
		goto nomem;
	rd = &p->rules[p->rule_count];
	memset(rd, 0, sizeof *rd);
	{
		char *sub = substitute(cs, ctx);
		xp = sub ? context_to_xpath(sub) : NULL;
		free(sub);
	}
	if (!xp)
		goto nomem;
	rd->context = compile_xpath(cs, rn, xp, label, &rd->source);
	if (!rd->context) {
		/* the rule's asserts cannot run: say so for each, never silently */
		finding(cs, rn, "rules.xpath",
		        "%s: the context does not compile, so every assert and report of the rule is "
		        "left out%s%s", label, NULL, NULL);
		goto out;
	}
	rd->items = l.items;
	rd->item_count = l.count;
	l.items = NULL;
	l.count = 0;
	rd->label = label;
	label = NULL;
	rd->slot = cs->r->slot_count++;
	p->rule_count++;
	goto out;
nomem:
	oom(cs);
out:
	if (l.items) {
		size_t i;
		for (i = 0; i < l.count; i++)
			if (l.items[i].kind != ITEM_LET)
				cs->r->assert_count--;
		free_items(l.items, l.count);
	}
	free(id);
	free(ctx);
	free(xp);
	free(label);
}

/* One concrete pattern: body is the pattern (or the abstract pattern it instantiates). */
static void compile_pattern(comp_state *cs, const xmlNode *pn, const xmlNode *body, char *id)
{
	pattern_def *p;
	const xmlNode *c;
	item_list lets = { 0 };
	size_t rcap = 0, pcap = cs->r->pattern_count;

	if (xoev_rules__grow((void **)&cs->r->patterns, &pcap, cs->r->pattern_count, sizeof *p) != 0) {
		free(id);
		oom(cs);
		return;
	}
	p = &cs->r->patterns[cs->r->pattern_count++];
	memset(p, 0, sizeof *p);
	p->id = id;
	for (c = body->children; c && !cs->status; c = c->next) {
		if (is_sch(c, "let"))
			compile_let(cs, c, &lets);
		else if (is_sch(c, "rule") && !attr_is(c, "abstract", "true"))
			compile_rule(cs, c, body, p, &rcap);
		else if (is_sch(c, "include"))
			unsupported(cs, c, "sch:include");
	}
	p->lets = lets.items;
	p->let_count = lets.count;
	if (xmlHasProp(pn, (const xmlChar *)"documents"))
		unsupported(cs, pn, "sch:pattern/@documents (rules on other documents)");
}

/* pattern @is-a: bind its sch:param children and compile the abstract pattern. */
static void compile_instance(comp_state *cs, const xmlNode *pn, char *id, const char *is_a)
{
	xoev_strv names = { 0 }, values = { 0 };
	const xmlNode *abs = find_by_id(cs->root, "pattern", is_a, 1, 0), *c;

	if (!abs) {
		finding(cs, pn, "rules.syntax",
		        "pattern '%s' instantiates the abstract pattern '%s', which is not defined%s",
		        id ? id : "", is_a, NULL);
		free(id);
		return;
	}
	for (c = pn->children; c; c = c->next) {
		int failed = 0;
		char *n, *v;
		if (!is_sch(c, "param"))
			continue;
		n = attr(c, "name", &failed);
		v = failed ? NULL : attr(c, "value", &failed);
		if (failed) {
			free(n);
			oom(cs);
			break;
		}
		if (!n || !v) {
			finding(cs, c, "rules.syntax", "sch:param needs @name and @value%s%s%s", NULL, NULL,
			        NULL);
			free(n);
			free(v);
			continue;
		}
		if (xoev_strv__push_owned(&names, n) != 0) {
			free(v);
			oom(cs);
			break;
		}
		if (xoev_strv__push_owned(&values, v) != 0) {
			oom(cs);
			break;
		}
	}
	if (!cs->status) {
		cs->param_names = &names;
		cs->param_values = &values;
		compile_pattern(cs, pn, abs, id);
		cs->param_names = cs->param_values = NULL;
	} else {
		free(id);
	}
	xoev_strv__free(&names);
	xoev_strv__free(&values);
}

/* 1 if pattern id is active in phase (NULL: every pattern). */
static int pattern_active(const xmlNode *phase, const char *id)
{
	const xmlNode *c;

	if (!phase)
		return 1;
	if (!id)
		return 0;
	for (c = phase->children; c; c = c->next)
		if (is_sch(c, "active") && attr_is(c, "pattern", id))
			return 1;
	return 0;
}

static void compile_schema(comp_state *cs, const xmlNode *phase)
{
	const xmlNode *c;
	item_list lets = { 0 };

	/* namespaces and lets first: patterns may use them in any order */
	for (c = cs->root->children; c && !cs->status; c = c->next) {
		if (is_sch(c, "ns")) {
			int failed = 0;
			char *pfx = attr(c, "prefix", &failed), *uri = failed ? NULL : attr(c, "uri", &failed);
			if (failed) {
				free(pfx);
				oom(cs);
			} else if (!pfx || !uri) {
				finding(cs, c, "rules.syntax", "sch:ns needs @prefix and @uri%s%s%s", NULL,
				        NULL, NULL);
				free(pfx);
				free(uri);
			} else if (xoev_strv__push_owned(&cs->r->ns_prefixes, pfx) != 0) {
				free(uri);
				oom(cs);
			} else if (xoev_strv__push_owned(&cs->r->ns_uris, uri) != 0 ||
			           xmlXPathRegisterNs(cs->xp, (const xmlChar *)pfx, (const xmlChar *)uri)) {
				oom(cs);
			}
		} else if (is_sch(c, "let")) {
			compile_let(cs, c, &lets);
		} else if (is_sch(c, "include")) {
			unsupported(cs, c, "sch:include");
		} else if (is_in(c, XSL_NS)) {
			char what[96];
			snprintf(what, sizeof what, "xsl:%s (XSLT inside Schematron)",
			         (const char *)c->name);
			unsupported(cs, c, what);
		}
	}
	if (phase)
		for (c = phase->children; c && !cs->status; c = c->next)
			if (is_sch(c, "let"))
				compile_let(cs, c, &lets);
	cs->r->lets = lets.items;
	cs->r->let_count = lets.count;
	for (c = cs->root->children; c && !cs->status; c = c->next) {
		int failed = 0;
		char *id, *is_a;

		if (!is_sch(c, "pattern") || attr_is(c, "abstract", "true"))
			continue;
		id = attr(c, "id", &failed);
		is_a = failed ? NULL : attr(c, "is-a", &failed);
		if (failed) {
			free(id);
			oom(cs);
		} else if (!pattern_active(phase, id)) {
			free(id);
		} else if (is_a) {
			compile_instance(cs, c, id, is_a);
		} else {
			compile_pattern(cs, c, c, id);
		}
		free(is_a);
	}
}

/* The phase to run: NULL for all patterns; *bad set if the phase is unknown. */
static const xmlNode *select_phase(comp_state *cs, const char *phase, int *bad)
{
	const xmlNode *c;
	char *def = NULL;
	int failed = 0;

	*bad = 0;
	if (!phase) {
		def = attr(cs->root, "defaultPhase", &failed);
		if (failed) {
			oom(cs);
			return NULL;
		}
		phase = def;
	}
	if (!phase || strcmp(phase, "#ALL") == 0 || strcmp(phase, "#DEFAULT") == 0) {
		free(def);
		return NULL;
	}
	for (c = cs->root->children; c; c = c->next)
		if (is_sch(c, "phase") && attr_is(c, "id", phase))
			break;
	if (!c) {
		finding(cs, cs->root, "rules.unknown-phase", "the phase '%s' is not defined%s%s", phase,
		        NULL, NULL);
		*bad = 1;
	}
	free(def);
	return c;
}

/* 1 if queryBinding is one this engine runs (XPath 1.0), 2 if XPath 2.0 (rewritten), 0 if not. */
static int binding_ok(const char *qb)
{
	static const char *const ok[] = { "xslt", "xslt1", "xslt1.0", "xpath", "xpath1", "exslt", NULL };
	static const char *const ok2[] = { "xslt2", "xslt2.0", "xslt3", "xslt3.0", "xpath2", "xpath31", NULL };
	size_t i;

	if (!qb)
		return 1;
	for (i = 0; ok[i]; i++)
		if (strcasecmp(qb, ok[i]) == 0)
			return 1;
	for (i = 0; ok2[i]; i++)
		if (strcasecmp(qb, ok2[i]) == 0)
			return 2;
	return 0;
}

int xoev_rules__compile(const char *path, const char *phase, xoev_rules **out,
                        xoev_diag_list *diags)
{
	comp_state cs;
	xoev_quiet q;
	const xmlNode *ph;
	char *qb = NULL;
	int bad = 0, failed = 0, binding, rc;

	if (!out || !path)
		return XOEV_EINVAL;
	*out = NULL;
	if (xoev_init() != 0)
		return XOEV_ERROR;
	if (access(path, R_OK) != 0) {
		xoev_diag__addf(diags, XOEV_SEVERITY_FATAL, XOEV_LAYER_BUNDLE, "bundle.unreadable", path,
		                0, 0, NULL, "cannot read the Schematron file");
		return XOEV_EIO;
	}
	memset(&cs, 0, sizeof cs);
	cs.path = path;
	cs.diags = diags;
	cs.doc = xoev_xml__parse_local_file(path, diags);
	if (!cs.doc)
		return XOEV_EBUNDLE;
	cs.root = xmlDocGetRootElement(cs.doc);
	if (!is_sch(cs.root, "schema")) {
		finding(&cs, cs.root, "rules.not-schematron", "%s%s%s",
		        is_in(cs.root, SCH15_NS) ? "Schematron 1.5 is not supported, only ISO Schematron ("
		                                 : "not an ISO Schematron schema (root element sch:schema in ",
		        SCH_NS, ")");
		xmlFreeDoc(cs.doc);
		return cs.status ? cs.status : XOEV_EBUNDLE;
	}
	qb = attr(cs.root, "queryBinding", &failed);
	binding = failed ? 0 : binding_ok(qb);
	if (failed || !binding) {
		if (!failed)
			finding(&cs, cs.root, "rules.unsupported",
			        "queryBinding '%s' is not supported (this engine runs XPath 1.0: "
			        "xslt, xslt1, xpath; and XGenerator's XPath 2.0 subset: xslt2, xslt3)%s%s",
			        qb, NULL, NULL);
		free(qb);
		xmlFreeDoc(cs.doc);
		return failed ? XOEV_ENOMEM : cs.status ? cs.status : XOEV_EBUNDLE;
	}
	free(qb);
	cs.r = calloc(1, sizeof *cs.r);
	cs.xp = xmlXPathNewContext(NULL);
	if (!cs.r || !cs.xp) {
		rc = XOEV_ENOMEM;
		goto done;
	}
	cs.r->xpath2 = binding == 2;
	cs.xp->error = on_compile_error;
	cs.xp->userData = &cs;
	xoev_xml__quiet_begin(&q, NULL, NULL);
	ph = select_phase(&cs, phase, &bad);
	if (!bad && !cs.status)
		compile_schema(&cs, ph);
	xoev_xml__quiet_end(&q);
	/* XPath 2.0 files: the share this engine runs, every time */
	if (!cs.status && !bad && cs.r->xpath2 && cs.attempted > 0 &&
	    xoev_diag__addf(diags, XOEV_SEVERITY_INFO, XOEV_LAYER_BUNDLE, "rules.supported", path, 0,
	                    0, NULL, "XPath 2.0 (queryBinding xslt2): %zu of %zu asserts and reports "
	                    "supported (%zu%%; an abstract rule counts once per rule extending "
	                    "it)%s", cs.r->assert_count, cs.attempted,
	                    cs.r->assert_count * 100 / cs.attempted,
	                    cs.r->assert_count < cs.attempted ? "; the others are listed by id" : "") != 0)
		oom(&cs);
	if (cs.status)
		rc = cs.status;
	else if (bad || (cs.attempted > 0 && cs.r->assert_count == 0))
		rc = XOEV_EBUNDLE;
	else
		rc = 0;
done:
	xmlXPathFreeContext(cs.xp);
	xmlFreeDoc(cs.doc);
	if (rc) {
		xoev_rules__free(cs.r);
		return rc;
	}
	*out = cs.r;
	return 0;
}
