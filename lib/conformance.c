/*
 * libxoev - conformance suites: running the cases of a loaded suite
 * (validation or translation, optionally of a mutated copy), comparing
 * with the expectations, on N threads. Loading is in conformance_load.c,
 * init in conformance_init.c, the results and writers in
 * conformance_report.c.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/c14n.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "conformance_int.h"

/* Messages and expected outputs read into memory: the validator's default limit. */
#define MAX_DOCUMENT ((size_t)512 * 1024 * 1024)

/* ------------------------------------------------------------------ */
/* mutations                                                           */
/* ------------------------------------------------------------------ */

/* Apply one mutation. 0, or an English reason (new string) why it cannot. */
static char *apply_mutation(const xoev_suite *s, xmlDocPtr doc, const xoev_suite_mutation *m, size_t index)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr res = NULL;
	xmlNodeSetPtr set;
	xoev_quiet quiet;
	char *why = NULL;
	int i;

	if (!ctx)
		return xoev_util__strdup("out of memory");
	for (i = 0; (size_t)i < s->ns_prefixes.count; i++)
		xmlXPathRegisterNs(ctx, (const xmlChar *)s->ns_prefixes.items[i],
		                   (const xmlChar *)s->ns_uris.items[i]);
	xoev_xml__quiet_begin(&quiet, NULL, NULL); /* libxml2 would print XPath errors */
	res = xmlXPathEvalExpression((const xmlChar *)m->select, ctx);
	xoev_xml__quiet_end(&quiet);
	set = res && res->type == XPATH_NODESET ? res->nodesetval : NULL;
	if (!res) {
		why = xoev_util__printf("mutation %zu: '%s' is not an XPath 1.0 expression (are its "
		                        "prefixes declared with <namespace>?)", index + 1, m->select);
	} else if (!set || set->nodeNr == 0) {
		why = xoev_util__printf("mutation %zu: '%s' selects nothing", index + 1, m->select);
	}
	for (i = 0; !why && i < set->nodeNr; i++) {
		xmlNodePtr n = set->nodeTab[i];
		if (n->type == XML_NAMESPACE_DECL || n->type == XML_DOCUMENT_NODE ||
		    (m->op == XOEV_MUT_SET_ATTRIBUTE && n->type != XML_ELEMENT_NODE) ||
		    (m->op == XOEV_MUT_DELETE && n == xmlDocGetRootElement(doc)))
			why = xoev_util__printf("mutation %zu: '%s' selects a node this edit cannot change",
			                        index + 1, m->select);
	}
	/* deletes: unlink every node first, then free (a selected node may lie inside another) */
	for (i = 0; !why && m->op == XOEV_MUT_DELETE && i < set->nodeNr; i++)
		if (set->nodeTab[i]->type != XML_ATTRIBUTE_NODE)
			xmlUnlinkNode(set->nodeTab[i]);
	for (i = 0; !why && i < set->nodeNr; i++) {
		xmlNodePtr n = set->nodeTab[i];
		if (m->op == XOEV_MUT_DELETE && n->type == XML_ATTRIBUTE_NODE)
			xmlRemoveProp((xmlAttrPtr)n);
		else if (m->op == XOEV_MUT_DELETE)
			xmlFreeNode(n);
		else if (m->op == XOEV_MUT_SET_ATTRIBUTE)
			xmlSetProp(n, (const xmlChar *)m->name, (const xmlChar *)m->value);
		else if (n->type == XML_ATTRIBUTE_NODE)
			xmlSetNsProp(n->parent, n->ns, n->name, (const xmlChar *)m->value);
		else if (n->type == XML_ELEMENT_NODE) {
			xmlNodeSetContent(n, NULL);
			xmlNodeAddContent(n, (const xmlChar *)m->value);
		} else
			xmlNodeSetContent(n, (const xmlChar *)m->value);
	}
	if (m->op == XOEV_MUT_DELETE && set)
		set->nodeNr = 0; /* the nodes are gone */
	xmlXPathFreeObject(res);
	xmlXPathFreeContext(ctx);
	return why;
}

/*
 * Read the message and apply the case's mutations; *buf and *len: the document
 * to check (caller frees). Returns NULL, or why the case cannot run.
 */
static char *prepare_message(const xoev_suite *s, const xoev_suite_case *c, char **buf, size_t *len,
                             xoev_diag_list *findings)
{
	char err[256], *why = NULL;
	xoev_xdoc *xd = NULL;
	xmlChar *mem = NULL;
	int size = 0, rc;
	size_t i;

	*buf = NULL;
	rc = xoev_io__read_file(c->message, MAX_DOCUMENT, buf, len, err, sizeof err);
	if (rc != 0)
		return xoev_util__printf("cannot read the message %s: %s", c->display, err);
	if (!c->mut_count)
		return NULL;
	if (xoev_xml__parse(*buf, *len, c->display, NULL, findings, &xd) != 0)
		return xoev_util__printf("cannot mutate %s: it is not well-formed (see the findings)",
		                         c->display);
	for (i = 0; !why && i < c->mut_count; i++)
		why = apply_mutation(s, xoev_xml__doc(xd), &c->muts[i], i);
	if (!why) {
		xmlDocDumpMemoryEnc(xoev_xml__doc(xd), &mem, &size, "UTF-8");
		free(*buf);
		*buf = NULL;
		if (!mem || size < 0)
			why = xoev_util__strdup("out of memory");
		else if (!(*buf = malloc((size_t)size + 1)))
			why = xoev_util__strdup("out of memory");
		else {
			memcpy(*buf, mem, (size_t)size);
			(*buf)[size] = '\0';
			*len = (size_t)size;
		}
		xmlFree(mem);
	}
	xoev_xml__free(xd);
	return why;
}

/* ------------------------------------------------------------------ */
/* comparing                                                           */
/* ------------------------------------------------------------------ */

/* A rule pattern: an id, or a prefix ending in '*'. */
static int rule_matches(const char *pattern, const char *rule)
{
	size_t n = strlen(pattern);

	if (n && pattern[n - 1] == '*')
		return strncmp(pattern, rule, n - 1) == 0;
	return strcmp(pattern, rule) == 0;
}

/* The distinct rule ids of warning and above, comma-separated (into b). */
static void fired_rules(xoev_buf *b, const xoev_diag_list *d, const char *pattern)
{
	xoev_strv seen = { 0 };
	size_t i;

	for (i = 0; i < xoev_diag_list_count(d); i++) {
		const xoev_diag *f = xoev_diag_list_get(d, i);
		const char *r = xoev_diag_rule(f);
		if (xoev_diag_severity(f) < XOEV_SEVERITY_WARNING || xoev_strv__contains(&seen, r) ||
		    (pattern && !rule_matches(pattern, r)))
			continue;
		if (xoev_strv__push(&seen, r) != 0)
			b->failed = 1;
		xoev_buf__printf(b, "%s%s", seen.count > 1 ? ", " : "", r);
		if (pattern && xoev_diag_line(f))
			xoev_buf__printf(b, " at line %lu", xoev_diag_line(f));
	}
	if (!seen.count)
		xoev_buf__puts(b, "none");
	xoev_strv__free(&seen);
}

static void mismatch_str(xoev_buf *b, const char *what, const char *expected, const char *actual)
{
	if (actual && strcmp(expected, actual) == 0)
		return;
	xoev_buf__printf(b, "%s: expected %s, actual %s\n", what, expected, actual ? actual : "none");
}

static void compare_validation(const xoev_suite_case *c, xoev_verdict verdict, const xoev_bundle *b,
                               const xoev_message_type *t, const xoev_diag_list *d, xoev_buf *out)
{
	size_t i, k;

	mismatch_str(out, "verdict", xoev_verdict_name(c->verdict), xoev_verdict_name(verdict));
	if (c->standard)
		mismatch_str(out, "standard", c->standard, b ? xoev_bundle_standard(b) : NULL);
	if (c->version)
		mismatch_str(out, "version", c->version, b ? xoev_bundle_version(b) : NULL);
	if (c->message_type) {
		const char *num = t ? xoev_message_type_number(t) : NULL;
		if (!t || (strcmp(c->message_type, xoev_message_type_root(t)) != 0 &&
		           (!num || strcmp(c->message_type, num) != 0)))
			mismatch_str(out, "message type", c->message_type, t ? xoev_message_type_root(t) : NULL);
	}
	for (i = 0; i < c->fires.count; i++) {
		int found = 0;
		for (k = 0; !found && k < xoev_diag_list_count(d); k++) {
			const xoev_diag *f = xoev_diag_list_get(d, k);
			found = xoev_diag_severity(f) >= XOEV_SEVERITY_WARNING &&
			        rule_matches(c->fires.items[i], xoev_diag_rule(f));
		}
		if (!found) {
			xoev_buf__printf(out, "rule %s: expected to fire, actual: did not fire (fired: ",
			                 c->fires.items[i]);
			fired_rules(out, d, NULL);
			xoev_buf__puts(out, ")\n");
		}
	}
	for (i = 0; i < c->silent.count; i++) {
		xoev_buf hits = { 0 };
		char *h;
		fired_rules(&hits, d, c->silent.items[i]);
		h = xoev_buf__take(&hits, NULL);
		if (h && strcmp(h, "none") != 0)
			xoev_buf__printf(out, "rule %s: expected silent, actual: fired (%s)\n",
			                 c->silent.items[i], h);
		if (!h)
			out->failed = 1;
		free(h);
	}
}

static int loss_matches(const xoev_suite_loss *x, const xoev_loss *a)
{
	return strcmp(x->kind, xoev_loss_kind_name(xoev_loss_get_kind(a))) == 0 &&
	       (!x->change || (xoev_loss_change(a) && strcmp(x->change, xoev_loss_change(a)) == 0)) &&
	       (!x->step || strcmp(x->step, xoev_loss_step(a)) == 0) &&
	       (!x->value || strcmp(x->value, xoev_loss_value(a)) == 0) &&
	       (!x->xpath || strcmp(x->xpath, xoev_loss_xpath(a)) == 0);
}

static void describe_expected_loss(xoev_buf *b, const xoev_suite_loss *x)
{
	xoev_buf__printf(b, "%s", x->kind);
	if (x->change)
		xoev_buf__printf(b, " %s", x->change);
	if (x->step)
		xoev_buf__printf(b, " in step %s", x->step);
	if (x->xpath)
		xoev_buf__printf(b, " at %s", x->xpath);
	if (x->value)
		xoev_buf__printf(b, " value '%s'", x->value);
}

static void compare_losses(const xoev_suite_case *c, const xoev_translation *t, xoev_buf *out)
{
	size_t n = xoev_translation_loss_count(t), i, k;
	char *used = calloc(n ? n : 1, 1);

	if (!used) {
		out->failed = 1;
		return;
	}
	for (i = 0; i < c->loss_count; i++) {
		for (k = 0; k < n; k++)
			if (!used[k] && loss_matches(&c->losses[i], xoev_translation_loss(t, k)))
				break;
		if (k < n) {
			used[k] = 1;
			continue;
		}
		xoev_buf__puts(out, "loss ");
		describe_expected_loss(out, &c->losses[i]);
		xoev_buf__puts(out, ": expected, actual: not reported\n");
	}
	for (k = 0; c->losses_exact && k < n; k++) {
		const xoev_loss *a = xoev_translation_loss(t, k);
		if (used[k])
			continue;
		xoev_buf__printf(out, "loss %s %s in step %s at %s value '%s': expected none, actual: "
		                 "reported\n", xoev_loss_kind_name(xoev_loss_get_kind(a)),
		                 xoev_loss_change(a) ? xoev_loss_change(a) : "(undeclared)",
		                 xoev_loss_step(a), xoev_loss_xpath(a), xoev_loss_value(a));
	}
	free(used);
}

/* The canonical form (C14N 1.0, no comments) of a document; NULL if it does not parse. */
static char *canonical(const char *buf, size_t len, const char *name)
{
	xoev_xdoc *xd = NULL;
	xmlChar *c14n = NULL;
	char *copy = NULL;

	if (xoev_xml__parse(buf, len, name, NULL, NULL, &xd) != 0)
		return NULL;
	if (xmlC14NDocDumpMemory(xoev_xml__doc(xd), NULL, XML_C14N_1_0, NULL, 0, &c14n) >= 0 && c14n)
		copy = xoev_util__strdup((const char *)c14n);
	xmlFree(c14n);
	xoev_xml__free(xd);
	return copy;
}

/* One line of s (1-based) cut to 160 bytes, into b. */
static void put_line(xoev_buf *b, const char *s, size_t line)
{
	size_t n;

	while (s && --line && (s = strchr(s, '\n')) != NULL)
		s++;
	if (!s) {
		xoev_buf__puts(b, "(end of document)");
		return;
	}
	n = strcspn(s, "\n");
	xoev_buf__printf(b, "`%.*s%s`", (int)(n > 160 ? 160 : n), s, n > 160 ? "..." : "");
}

static void compare_output(const xoev_suite_case *c, const char *out, size_t out_len, xoev_buf *b)
{
	char err[256], *expected_raw = NULL, *exp_c = NULL, *act_c = NULL;
	size_t len = 0, line = 1, i;

	if (!out) {
		xoev_buf__printf(b, "output: expected a document like %s, actual: none\n", c->output);
		return;
	}
	if (xoev_io__read_file(c->output, MAX_DOCUMENT, &expected_raw, &len, err, sizeof err) != 0) {
		xoev_buf__printf(b, "output: cannot read the expected %s: %s\n", c->output, err);
		return;
	}
	exp_c = canonical(expected_raw, len, c->output);
	act_c = canonical(out, out_len, "translation");
	if (!exp_c || !act_c) {
		xoev_buf__printf(b, "output: %s is not well-formed\n", exp_c ? "the translation" : c->output);
	} else if (strcmp(exp_c, act_c) != 0) {
		for (i = 0; exp_c[i] && exp_c[i] == act_c[i]; i++)
			line += exp_c[i] == '\n';
		xoev_buf__printf(b, "output: differs from %s at canonical line %zu: expected ", c->output,
		                 line);
		put_line(b, exp_c, line);
		xoev_buf__puts(b, ", actual ");
		put_line(b, act_c, line);
		xoev_buf__puts(b, "\n");
	}
	free(expected_raw);
	free(exp_c);
	free(act_c);
}

/* ------------------------------------------------------------------ */
/* running one case                                                    */
/* ------------------------------------------------------------------ */

typedef struct {
	const xoev_suite *suite;
	const xoev_registry *reg;
	const xoev_suite_run_options *opts;
	const size_t *todo;   /* indices of the cases to run */
	size_t todo_count;
	xoev_case_result *results;
	size_t next;
	pthread_mutex_t lock;
	int oom;
} run_state;

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run_validation(const run_state *st, const xoev_suite_case *c, const char *buf, size_t len,
                          xoev_case_result *r, xoev_buf *detail)
{
	xoev_validate_options o = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_validator *v = NULL;
	const xoev_bundle *b;
	const xoev_message_type *t;
	int rc;

	if (st->opts && st->opts->validate)
		o = *st->opts->validate;
	if (c->layers)
		o.layers = c->layers;
	rc = xoev_validator_new(&v, st->reg, &o);
	if (rc == 0)
		rc = buf ? xoev_validate_memory(v, buf, len, c->display, r->findings, &r->verdict)
		         : xoev_validate_file(v, c->display, r->findings, &r->verdict);
	if (rc == XOEV_ESCHEMA) {
		r->verdict = XOEV_VERDICT_INVALID;
		rc = 0;
	}
	if (rc == 0) {
		b = xoev_validator_last_bundle(v);
		t = xoev_validator_last_message_type(v);
		compare_validation(c, r->verdict, b, t, r->findings, detail);
		rc = xoev_report_add(r->actual, c->display, r->verdict, b, t, r->findings);
	}
	xoev_validator_free(v);
	return rc;
}

static int run_translation(const run_state *st, const xoev_suite_case *c, const char *buf, size_t len,
                           xoev_case_result *r, xoev_buf *detail)
{
	xoev_translate_options o = XOEV_TRANSLATE_OPTIONS_INIT;
	xoev_translation *t = NULL;
	char *out = NULL;
	size_t out_len = 0;
	int rc;

	o.policy = c->strict ? XOEV_POLICY_STRICT : XOEV_POLICY_LOSSY;
	o.validate_layers = c->layers; /* 0: the translation's default (XSD and code lists) */
	rc = xoev_translate(st->reg, c->to, &o, buf, len, c->display, &out, &out_len, &t, r->findings);
	if (rc != 0 && rc != XOEV_ENOTFOUND) {
		xoev_translation_free(t);
		return rc;
	}
	r->outcome = xoev_util__strdup(xoev_translate_outcome_name(xoev_translation_outcome(t)));
	if (xoev_translation_outcome(t) != c->outcome) {
		const char *why = xoev_translation_reason(t);
		xoev_buf__printf(detail, "outcome: expected %s, actual %s%s%s%s\n",
		                 xoev_translate_outcome_name(c->outcome),
		                 xoev_translate_outcome_name(xoev_translation_outcome(t)),
		                 why ? " (" : "", why ? why : "", why ? ")" : "");
	}
	compare_losses(c, t, detail);
	if (c->has_output)
		compare_output(c, out, out_len, detail);
	r->verdict = xoev_diag_list_count_at_least(r->findings, XOEV_SEVERITY_ERROR)
	             ? XOEV_VERDICT_INVALID : XOEV_VERDICT_VALID;
	rc = xoev_report_add(r->actual, c->display, r->verdict, NULL, NULL, r->findings);
	xoev_free(out);
	xoev_translation_free(t);
	return r->outcome ? rc : XOEV_ENOMEM;
}

/* Why a case cannot run before it starts (new string), or NULL. */
static char *precondition(const xoev_suite_case *c)
{
	if (!c->message)
		return xoev_util__strdup(c->path_error ? c->path_error : "no message");
	if (c->has_output && !c->output)
		return xoev_util__printf("expected output: %s",
		                         c->output_error ? c->output_error : "refused");
	return NULL;
}

static int run_case(const run_state *st, const xoev_suite_case *c, xoev_case_result *r)
{
	xoev_buf detail = { 0 };
	char *buf = NULL, *why;
	size_t len = 0;
	double start = now_seconds();
	int rc = 0;

	r->kind = c->kind;
	r->suite = xoev_util__strdup(st->suite->name);
	r->id = xoev_util__strdup(c->id);
	r->manifest = xoev_util__strdup(st->suite->manifest);
	r->line = c->line;
	r->message = xoev_util__strdup(c->display);
	r->known_gap = xoev_util__strdup(c->known_gap);
	r->verdict = XOEV_VERDICT_IO_ERROR;
	if (!r->suite || !r->id || !r->manifest || (c->display && !r->message) ||
	    (c->known_gap && !r->known_gap) || xoev_diag_list_new(&r->findings) != 0 ||
	    xoev_report_new(&r->actual) != 0)
		return XOEV_ENOMEM;
	why = precondition(c);
	if (!why && (c->mut_count || c->kind == XOEV_CASE_TRANSLATE))
		why = prepare_message(st->suite, c, &buf, &len, r->findings);
	if (!why && c->kind == XOEV_CASE_VALIDATE)
		rc = run_validation(st, c, buf, len, r, &detail);
	else if (!why)
		rc = run_translation(st, c, buf, len, r, &detail);
	free(buf);
	r->seconds = now_seconds() - start;
	if (why) {
		r->status = XOEV_CASE_ERROR;
		r->detail = why;
		xoev_buf__free(&detail);
		return 0;
	}
	if (rc == 0 && detail.len == 0 && c->known_gap)
		xoev_buf__printf(&detail, "known gap: expected to fail (%s), actual: every expectation "
		                 "held; remove knownGap\n", c->known_gap);
	if (detail.failed || rc != 0) {
		xoev_buf__free(&detail);
		return rc ? rc : XOEV_ENOMEM;
	}
	if (detail.len) {
		detail.data[--detail.len] = '\0'; /* the last newline */
		r->detail = xoev_buf__take(&detail, NULL);
		if (!r->detail)
			return XOEV_ENOMEM;
	}
	if (c->known_gap)
		r->status = strncmp(r->detail, "known gap:", 10) == 0 ? XOEV_CASE_XPASS : XOEV_CASE_XFAIL;
	else
		r->status = r->detail ? XOEV_CASE_FAIL : XOEV_CASE_PASS;
	return 0;
}

static void *worker(void *arg)
{
	run_state *st = arg;

	for (;;) {
		size_t i;
		int rc;
		pthread_mutex_lock(&st->lock);
		i = st->oom ? st->todo_count : st->next++;
		pthread_mutex_unlock(&st->lock);
		if (i >= st->todo_count)
			return NULL;
		rc = run_case(st, &st->suite->cases[st->todo[i]], &st->results[i]);
		if (rc != 0) {
			pthread_mutex_lock(&st->lock);
			st->oom = rc;
			pthread_mutex_unlock(&st->lock);
		}
	}
}

/* The cases to run (matching the filter), as indices. */
static size_t *select_cases(const xoev_suite *s, const char *filter, size_t *n)
{
	size_t *todo = calloc(s->count ? s->count : 1, sizeof *todo), i;

	*n = 0;
	for (i = 0; todo && i < s->count; i++)
		if (!filter || strstr(s->cases[i].id, filter))
			todo[(*n)++] = i;
	return todo;
}

int xoev_suite_run(const xoev_suite *s, const xoev_registry *reg,
                   const xoev_suite_run_options *opts, xoev_conformance *results)
{
	run_state st;
	pthread_t threads[256];
	unsigned int jobs = opts && opts->jobs > 1 ? opts->jobs : 1, started = 0, i;
	size_t k;

	if (!s || !reg || !results || (opts && (opts->version != XOEV_SUITE_RUN_OPTIONS_VERSION ||
	                                        opts->jobs > 256)))
		return XOEV_EINVAL;
	memset(&st, 0, sizeof st);
	st.suite = s;
	st.reg = reg;
	st.opts = opts;
	st.todo = select_cases(s, opts ? opts->filter : NULL, &st.todo_count);
	if (!st.todo)
		return XOEV_ENOMEM;
	if (results->count + st.todo_count > results->cap) {
		size_t cap = results->count + st.todo_count + 16;
		xoev_case_result *n = realloc(results->items, cap * sizeof *n);
		if (!n) {
			free((void *)st.todo);
			return XOEV_ENOMEM;
		}
		results->items = n;
		results->cap = cap;
	}
	st.results = results->items + results->count;
	memset(st.results, 0, st.todo_count * sizeof *st.results);
	pthread_mutex_init(&st.lock, NULL);
	if (jobs > st.todo_count)
		jobs = st.todo_count ? (unsigned int)st.todo_count : 1;
	for (i = 1; i < jobs; i++)
		if (pthread_create(&threads[started], NULL, worker, &st) == 0)
			started++;
	worker(&st);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	pthread_mutex_destroy(&st.lock);
	free((void *)st.todo);
	if (st.oom) {
		for (k = 0; k < st.todo_count; k++)
			xoev_conformance__result_clear(&st.results[k]);
		return st.oom;
	}
	results->count += st.todo_count;
	return 0;
}
