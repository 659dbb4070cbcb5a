/*
 * libxoev - translation between versions of a standard: the steps of a
 * bundle (sandboxed XSLT plus the change list), the version graph, the
 * loss report and its safety net.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/transform.h>
#include <libxslt/security.h>
#include <libxslt/xsltutils.h>

#include "internal.h"
#include "translate.h"

#define CHANGES_NS "urn:libxoev:changes:1"
#define REJECT_MARK "xoev:reject "

/* ------------------------------------------------------------------ */
/* the change list of one step, seen in the step's direction           */
/* ------------------------------------------------------------------ */

typedef struct tr_change_s {
	char *id;
	char *kind;
	xoev_strv src_paths;  /* local-name paths on the side the step reads ("//a/b": anywhere) */
	xoev_strv dst_paths;  /* ... and on the side it writes */
	char *loss_result;    /* result of the first <loss> in this direction, or NULL */
	char *loss_text;
	char *loss_when;      /* its XPath condition, or NULL (always) */
	char *default_value;  /* <default> text or @code */
	char *message;        /* <message number> (message-add/-remove/-rename), or NULL */
	xoev_strv map_src;    /* code map in the step's direction: map_src[i] -> map_dst[i] */
	xoev_strv map_dst;
} tr_change;

typedef struct {
	char *to_version;
	char *label;          /* "FROM->TO" */
	xsltStylesheetPtr style;
	char *error;          /* why the step cannot run (compile failure), or NULL */
	tr_change *changes;
	size_t change_count;
	char *root_attr;      /* rootAttribute/@name, e.g. "version" */
	char *ns_old;         /* the first <namespace>: prefix o in loss conditions */
	char *ns_new;         /* ... prefix n */
	size_t lossy;         /* changes declaring a loss in this direction (dropped, collapsed, rejected) */
} tr_step;

typedef struct {
	tr_step *steps;
	size_t count;
} tr_steps;

static void change_clear(tr_change *c)
{
	free(c->id);
	free(c->kind);
	xoev_strv__free(&c->src_paths);
	xoev_strv__free(&c->dst_paths);
	free(c->loss_result);
	free(c->loss_text);
	free(c->loss_when);
	free(c->default_value);
	free(c->message);
	xoev_strv__free(&c->map_src);
	xoev_strv__free(&c->map_dst);
}

static void steps_free(void *p)
{
	tr_steps *s = p;
	size_t i, j;

	if (!s)
		return;
	for (i = 0; i < s->count; i++) {
		tr_step *st = &s->steps[i];
		free(st->to_version);
		free(st->label);
		if (st->style)
			xsltFreeStylesheet(st->style);
		free(st->error);
		for (j = 0; j < st->change_count; j++)
			change_clear(&st->changes[j]);
		free(st->changes);
		free(st->root_attr);
		free(st->ns_old);
		free(st->ns_new);
	}
	free(s->steps);
	free(s);
}

static int is_changes_elem(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns &&
	       strcmp((const char *)n->ns->href, CHANGES_NS) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

static char *attr(const xmlNode *n, const char *name)
{
	int oom = 0;
	return xoev_xml__attr_dup(n, name, &oom);
}

static char *text_of(const xmlNode *n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *s = c ? xoev_util__strdup((const char *)c) : NULL;
	xmlFree(c);
	return s;
}

/* 1 unless the boolean attribute name says "false" or "0" (default true). */
static int flag(const xmlNode *n, const char *name)
{
	char *v = attr(n, name);
	int r = !v || (strcmp(v, "false") != 0 && strcmp(v, "0") != 0);

	free(v);
	return r;
}

/*
 * The <map> entries of a <codelist> that hold both ways, as source ->
 * target pairs in the step's direction: such a code arrives as its partner
 * without loss. A one-way entry (up or down "false") collapses or guesses;
 * its value falls to the change's loss.
 */
static int read_code_map(const xmlNode *cl, int up, tr_change *c)
{
	const xmlNode *m;
	int rc = XOEV_OK;

	for (m = cl->children; m && rc == XOEV_OK; m = m->next) {
		char *o, *n;
		if (!is_changes_elem(m, "map") || !flag(m, "up") || !flag(m, "down"))
			continue;
		o = attr(m, "old");
		n = attr(m, "new");
		if (o && n) {
			rc = xoev_strv__push(&c->map_src, up ? o : n);
			if (rc == XOEV_OK)
				rc = xoev_strv__push(&c->map_dst, up ? n : o);
		}
		free(o);
		free(n);
	}
	return rc;
}

/* Read one <change>; up: the step goes from the list's "from" to its "to". */
static int read_change(const xmlNode *ce, int up, tr_change *c)
{
	const xmlNode *k;
	int rc = XOEV_OK;

	c->id = attr(ce, "id");
	c->kind = attr(ce, "kind");
	for (k = ce->children; k && rc == XOEV_OK; k = k->next) {
		if (is_changes_elem(k, "path")) {
			char *o = attr(k, "old"), *n = attr(k, "new");
			if (up ? o : n)
				rc = xoev_strv__push(&c->src_paths, up ? o : n);
			if (rc == XOEV_OK && (up ? n : o))
				rc = xoev_strv__push(&c->dst_paths, up ? n : o);
			free(o);
			free(n);
		} else if (is_changes_elem(k, "message") && !c->message) {
			c->message = attr(k, "number");
		} else if (is_changes_elem(k, "codelist")) {
			rc = read_code_map(k, up, c);
		} else if (is_changes_elem(k, "default") && !c->default_value) {
			c->default_value = attr(k, "code");
			if (!c->default_value)
				c->default_value = text_of(k);
		} else if (is_changes_elem(k, "loss") && !c->loss_result) {
			char *dir = attr(k, "direction");
			if (dir && strcmp(dir, up ? "up" : "down") == 0) {
				c->loss_result = attr(k, "result");
				c->loss_text = text_of(k);
				c->loss_when = attr(k, "when");
			}
			free(dir);
		}
	}
	return rc;
}

/* Load <standard dir>/changes/<older>_<newer>.xml for the step from -> to. */
static int load_changes(const char *bundle_dir, const char *from, const char *to, tr_step *st)
{
	char *parent = xoev_io__dirname(bundle_dir);
	char *up_path = NULL, *down_path = NULL;
	xmlDocPtr doc = NULL;
	const xmlNode *root, *k;
	int up = 1, rc = XOEV_OK;
	size_t n = 0;

	if (!parent)
		return XOEV_ENOMEM;
	up_path = xoev_util__printf("%s/changes/%s_%s.xml", parent, from, to);
	down_path = xoev_util__printf("%s/changes/%s_%s.xml", parent, to, from);
	free(parent);
	if (!up_path || !down_path) {
		rc = XOEV_ENOMEM;
		goto done;
	}
	if (access(up_path, R_OK) == 0) {
		doc = xoev_xml__parse_local_file(up_path, NULL);
	} else if (access(down_path, R_OK) == 0) {
		up = 0;
		doc = xoev_xml__parse_local_file(down_path, NULL);
	}
	if (!doc)
		goto done; /* no change list: every loss is undeclared */
	root = xmlDocGetRootElement(doc);
	if (!root || !is_changes_elem(root, "changes"))
		goto done;
	for (k = root->children; k; k = k->next)
		if (is_changes_elem(k, "change"))
			n++;
	st->changes = calloc(n ? n : 1, sizeof *st->changes);
	if (!st->changes) {
		rc = XOEV_ENOMEM;
		goto done;
	}
	for (k = root->children; k && rc == XOEV_OK; k = k->next) {
		if (is_changes_elem(k, "change")) {
			tr_change *c = &st->changes[st->change_count++];
			rc = read_change(k, up, c);
			if (rc == XOEV_OK && c->loss_result && strcmp(c->loss_result, "default") != 0)
				st->lossy++;
		}
		else if (is_changes_elem(k, "rootAttribute") && !st->root_attr)
			st->root_attr = attr(k, "name");
		else if (is_changes_elem(k, "namespace") && !st->ns_old) {
			st->ns_old = attr(k, "from");
			st->ns_new = attr(k, "to");
		}
	}
done:
	if (doc)
		xmlFreeDoc(doc);
	free(up_path);
	free(down_path);
	return rc;
}

/* ------------------------------------------------------------------ */
/* compiling the stylesheets                                           */
/* ------------------------------------------------------------------ */

/*
 * libxslt reports compile errors through its process-wide generic error
 * handler; the library never prints, so the handler is swapped for a
 * collecting one while a stylesheet compiles, under this lock.
 */
static pthread_mutex_t compile_lock = PTHREAD_MUTEX_INITIALIZER;

static void collect_error(void *ctx, const char *fmt, ...)
{
	xoev_buf *b = ctx;
	va_list ap;
	char tmp[1024];

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (b->len < 4096)
		xoev_buf__puts(b, tmp);
}

static void compile_step(const char *steps_dir, const char *path, tr_step *st)
{
	xoev_resolver r;
	xoev_quiet q;
	xoev_buf errs = { 0 };
	xmlDocPtr doc;
	xmlGenericErrorFunc prev_fn;
	void *prev_ctx;
	const char *roots[1];

	memset(&r, 0, sizeof r);
	roots[0] = steps_dir;
	r.roots = roots;
	r.root_count = 1; /* xsl:import/include only from the bundle's steps */
	r.layer = XOEV_LAYER_TRANSLATE;
	xoev_resolver__push(&r);
	xoev_xml__quiet_begin(&q, NULL, NULL);
	doc = xoev_xml__parse_local_file(path, NULL);
	if (doc) {
		pthread_mutex_lock(&compile_lock);
		prev_fn = xsltGenericError;
		prev_ctx = xsltGenericErrorContext;
		xsltSetGenericErrorFunc(&errs, collect_error);
		st->style = xsltParseStylesheetDoc(doc);
		xsltSetGenericErrorFunc(prev_ctx, prev_fn);
		pthread_mutex_unlock(&compile_lock);
		if (!st->style)
			xmlFreeDoc(doc);
	}
	xoev_xml__quiet_end(&q);
	xoev_resolver__pop();
	if (!st->style) {
		char *msg = xoev_buf__take(&errs, NULL);
		st->error = xoev_util__printf("stylesheet %s does not compile%s%s", path,
		                              msg && *msg ? ": " : "", msg ? msg : "");
		free(msg);
	}
	xoev_buf__free(&errs);
}

/* Discover <steps home>/steps/to-<version>.xsl, compile each, read its change list (bundle lock held). */
static int load_steps(const xoev_bundle *b, void **state)
{
	const char *dir = xoev_bundle__steps_home(b);
	char *steps_dir = xoev_io__join(dir, "steps");
	xoev_strv files = { 0 };
	tr_steps *s = calloc(1, sizeof *s);
	int rc = XOEV_OK;
	size_t i;

	if (!steps_dir || !s) {
		rc = XOEV_ENOMEM;
		goto done;
	}
	if (xoev_io__is_dir(steps_dir))
		rc = xoev_io__list_files(steps_dir, ".xsl", &files);
	if (rc != XOEV_OK)
		goto done;
	s->steps = calloc(files.count ? files.count : 1, sizeof *s->steps);
	if (!s->steps) {
		rc = XOEV_ENOMEM;
		goto done;
	}
	for (i = 0; i < files.count && rc == XOEV_OK; i++) {
		const char *base = strrchr(files.items[i], '/');
		size_t bl;
		tr_step *st;

		base = base ? base + 1 : files.items[i];
		bl = strlen(base);
		if (strncmp(base, "to-", 3) != 0 || bl <= 7 || strchr(files.items[i] + strlen(steps_dir) + 1, '/'))
			continue;
		st = &s->steps[s->count++];
		st->to_version = xoev_util__strdup(base + 3);
		if (!st->to_version) {
			rc = XOEV_ENOMEM;
			break;
		}
		st->to_version[bl - 7] = '\0';
		st->label = xoev_util__printf("%s->%s", xoev_bundle_version(b), st->to_version);
		if (!st->label) {
			rc = XOEV_ENOMEM;
			break;
		}
		compile_step(steps_dir, files.items[i], st);
		rc = load_changes(dir, xoev_bundle_version(b), st->to_version, st);
	}
done:
	xoev_strv__free(&files);
	free(steps_dir);
	if (rc != XOEV_OK) {
		steps_free(s);
		s = NULL;
	}
	*state = s;
	return rc;
}

static int bundle_steps(const xoev_bundle *b, tr_steps **out)
{
	void *p = NULL;
	int rc = xoev_bundle__steps(b, load_steps, steps_free, &p);

	*out = p;
	return rc;
}

/* ------------------------------------------------------------------ */
/* the translation result                                              */
/* ------------------------------------------------------------------ */

struct xoev_loss {
	xoev_loss_kind kind;
	char *xpath;
	char *value;
	char *step;
	char *change;
	char *reason;
};

struct xoev_translation {
	xoev_translate_outcome outcome;
	char *reason;
	char *standard;
	char *source_version;
	char *target_version;
	xoev_strv steps;
	xoev_loss *losses;
	size_t loss_count;
	size_t loss_cap;
};

static int add_loss(xoev_translation *t, xoev_loss_kind kind, const char *xpath,
                    const char *value, const char *step, const char *change, const char *reason)
{
	xoev_loss *l;

	if (t->loss_count == t->loss_cap) {
		size_t cap = t->loss_cap ? 2 * t->loss_cap : 16;
		xoev_loss *nl = realloc(t->losses, cap * sizeof *nl);
		if (!nl)
			return XOEV_ENOMEM;
		t->losses = nl;
		t->loss_cap = cap;
	}
	l = &t->losses[t->loss_count];
	l->kind = kind;
	l->xpath = xoev_util__strdup(xpath ? xpath : "");
	l->value = xoev_util__strdup(value ? value : "");
	l->step = xoev_util__strdup(step ? step : "");
	l->change = xoev_util__strdup(change);
	l->reason = xoev_util__strdup(reason ? reason : "");
	if (!l->xpath || !l->value || !l->step || !l->reason || (change && !l->change)) {
		free(l->xpath);
		free(l->value);
		free(l->step);
		free(l->change);
		free(l->reason);
		return XOEV_ENOMEM;
	}
	t->loss_count++;
	return XOEV_OK;
}

void xoev_translation_free(xoev_translation *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->loss_count; i++) {
		free(t->losses[i].xpath);
		free(t->losses[i].value);
		free(t->losses[i].step);
		free(t->losses[i].change);
		free(t->losses[i].reason);
	}
	free(t->losses);
	xoev_strv__free(&t->steps);
	free(t->reason);
	free(t->standard);
	free(t->source_version);
	free(t->target_version);
	free(t);
}

xoev_translate_outcome xoev_translation_outcome(const xoev_translation *t)
{
	return t ? t->outcome : XOEV_TRANSLATE_FAILED;
}

const char *xoev_translate_outcome_name(xoev_translate_outcome o)
{
	switch (o) {
	case XOEV_TRANSLATE_LOSSLESS: return "lossless";
	case XOEV_TRANSLATE_LOSSLESS_WITH_DEFAULTS: return "lossless-with-defaults";
	case XOEV_TRANSLATE_LOSSY: return "lossy";
	case XOEV_TRANSLATE_REJECTED: return "rejected";
	case XOEV_TRANSLATE_FAILED: return "failed";
	}
	return "failed";
}

const char *xoev_translation_reason(const xoev_translation *t) { return t ? t->reason : NULL; }
const char *xoev_translation_standard(const xoev_translation *t) { return t ? t->standard : NULL; }
const char *xoev_translation_source_version(const xoev_translation *t)
{
	return t ? t->source_version : NULL;
}
const char *xoev_translation_target_version(const xoev_translation *t)
{
	return t ? t->target_version : NULL;
}
size_t xoev_translation_step_count(const xoev_translation *t) { return t ? t->steps.count : 0; }
const char *xoev_translation_step(const xoev_translation *t, size_t i)
{
	return t && i < t->steps.count ? t->steps.items[i] : NULL;
}
size_t xoev_translation_loss_count(const xoev_translation *t) { return t ? t->loss_count : 0; }
const xoev_loss *xoev_translation_loss(const xoev_translation *t, size_t i)
{
	return t && i < t->loss_count ? &t->losses[i] : NULL;
}
xoev_loss_kind xoev_loss_get_kind(const xoev_loss *l) { return l ? l->kind : XOEV_LOSS_UNDECLARED; }
const char *xoev_loss_xpath(const xoev_loss *l) { return l ? l->xpath : ""; }
const char *xoev_loss_value(const xoev_loss *l) { return l ? l->value : ""; }
const char *xoev_loss_step(const xoev_loss *l) { return l ? l->step : ""; }
const char *xoev_loss_change(const xoev_loss *l) { return l ? l->change : NULL; }
const char *xoev_loss_reason(const xoev_loss *l) { return l ? l->reason : ""; }

const char *xoev_loss_kind_name(xoev_loss_kind kind)
{
	switch (kind) {
	case XOEV_LOSS_DROPPED: return "dropped";
	case XOEV_LOSS_COLLAPSED: return "collapsed";
	case XOEV_LOSS_DEFAULT: return "default";
	case XOEV_LOSS_UNDECLARED: return "undeclared";
	}
	return "undeclared";
}

/* ------------------------------------------------------------------ */
/* data points: leaf elements and attributes                           */
/* ------------------------------------------------------------------ */

typedef struct {
	const xmlNode *node;   /* element, or attribute (xmlAttr cast) */
	char *path;            /* local names from the root, "a/b/@c" */
	char *value;
	int attribute;
	int claimed;
	int looked;                /* change and below hold change_for() of path (src side) */
	const struct tr_change_s *change;
	size_t below;
} tr_leaf;

typedef struct {
	tr_leaf *v;
	size_t n, cap;
} tr_leaves;

static void leaves_free(tr_leaves *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].value);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int leaves_push(tr_leaves *l, const xmlNode *node, char *path, char *value, int attribute)
{
	if (!path || !value) {
		free(path);
		free(value);
		return XOEV_ENOMEM;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		tr_leaf *nv = realloc(l->v, cap * sizeof *nv);
		if (!nv) {
			free(path);
			free(value);
			return XOEV_ENOMEM;
		}
		l->v = nv;
		l->cap = cap;
	}
	l->v[l->n].node = node;
	l->v[l->n].path = path;
	l->v[l->n].value = value;
	l->v[l->n].attribute = attribute;
	l->v[l->n].claimed = 0;
	l->v[l->n].looked = 0;
	l->n++;
	return XOEV_OK;
}

/* Trimmed copy of s (whitespace around a leaf's text is no data). */
static char *trimmed(const char *s)
{
	const char *e;
	char *r;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		e--;
	r = malloc((size_t)(e - s) + 1);
	if (r) {
		memcpy(r, s, (size_t)(e - s));
		r[e - s] = '\0';
	}
	return r;
}

/* a, sep and b joined in a new string (a data point's path). */
static char *join_path(const char *a, const char *sep, const char *b)
{
	size_t al = strlen(a), sl = strlen(sep), bl = strlen(b);
	char *r = malloc(al + sl + bl + 1);

	if (r) {
		memcpy(r, a, al);
		memcpy(r + al, sep, sl);
		memcpy(r + al + sl, b, bl + 1);
	}
	return r;
}

static int collect_leaves(const xmlNode *el, const char *parent_path, tr_leaves *out)
{
	const xmlNode *k;
	const xmlAttr *a;
	char *path;
	int rc = XOEV_OK, has_child = 0;

	path = parent_path ? join_path(parent_path, "/", (const char *)el->name)
	                   : xoev_util__strdup((const char *)el->name);
	if (!path)
		return XOEV_ENOMEM;
	for (a = el->properties; a && rc == XOEV_OK; a = a->next) {
		xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
		rc = leaves_push(out, (const xmlNode *)a,
		                 join_path(path, "/@", (const char *)a->name),
		                 xoev_util__strdup(v ? (const char *)v : ""), 1);
		xmlFree(v);
	}
	for (k = el->children; k && rc == XOEV_OK; k = k->next)
		if (k->type == XML_ELEMENT_NODE) {
			has_child = 1;
			rc = collect_leaves(k, path, out);
		}
	if (rc == XOEV_OK && !has_child) {
		xmlChar *v = xmlNodeGetContent(el);
		rc = leaves_push(out, el, path, trimmed(v ? (const char *)v : ""), 0);
		path = NULL; /* the leaf's now */
		xmlFree(v);
	}
	free(path);
	return rc;
}

/*
 * 1 if the change path pattern covers path: pattern equals path or is a
 * whole-segment prefix of it; a pattern "//a/b" (anywhere) matches the
 * segments a/b at any depth, and what lies below them. *below (may be
 * NULL): the number of path segments below the element the pattern names.
 */
static int path_within(const char *pattern, const char *path, size_t *below)
{
	const char *p = path, *q;
	size_t n;
	int anywhere = pattern[0] == '/' && pattern[1] == '/';

	if (anywhere)
		pattern += 2;
	n = strlen(pattern);
	for (;;) {
		if (strncmp(pattern, p, n) == 0 && (p[n] == '\0' || p[n] == '/')) {
			if (below)
				for (*below = 0, q = p + n; *q; q++)
					*below += *q == '/';
			return 1;
		}
		if (!anywhere || !(p = strchr(p, '/')))
			return 0;
		p++;
	}
}

/*
 * The change whose path covers path most closely (fewest segments below its
 * element), or NULL; want (may be NULL: any change): only changes whose loss
 * in the step's direction has this result ("*": any loss).
 */
static const tr_change *change_covering(const tr_step *st, const char *path, int dst,
                                        const char *want, size_t *below)
{
	const tr_change *best = NULL;
	size_t i, j, b, best_b = 0;

	for (i = 0; i < st->change_count; i++) {
		const xoev_strv *v = dst ? &st->changes[i].dst_paths : &st->changes[i].src_paths;
		const char *r = st->changes[i].loss_result;
		if (want && (!r || (strcmp(want, "*") != 0 && strcmp(r, want) != 0)))
			continue;
		for (j = 0; j < v->count; j++)
			if (path_within(v->items[j], path, &b) && (!best || b < best_b)) {
				best = &st->changes[i];
				best_b = b;
			}
	}
	if (below)
		*below = best_b;
	return best;
}

static const tr_change *change_for(const tr_step *st, const char *path, int dst, size_t *below)
{
	return change_covering(st, path, dst, NULL, below);
}

/*
 * The change that explains a lost data point: the closest change that
 * declares a loss in this direction when the closest one does not (a value
 * below a renamed or re-listed element inside a dropped subtree is the
 * dropped subtree's loss), else the closest.
 */
static const tr_change *change_for_loss(const tr_step *st, const char *path, size_t *below)
{
	const tr_change *c = change_covering(st, path, 0, NULL, below);

	if (c && !c->loss_result) {
		size_t b = 0;
		const tr_change *l = change_covering(st, path, 0, "*", &b);
		if (l) {
			*below = b;
			return l;
		}
	}
	return c;
}

/* change_for() of an input data point, looked up once. */
static const tr_change *leaf_change(const tr_step *st, tr_leaf *l, size_t *below)
{
	if (!l->looked) {
		l->change = change_for(st, l->path, 0, &l->below);
		l->looked = 1;
	}
	if (below)
		*below = l->below;
	return l->change;
}

static int cmp_leaf_value(const void *a, const void *b)
{
	const tr_leaf *const *x = a, *const *y = b;
	return strcmp((*x)->value, (*y)->value);
}

/* Claim an unclaimed output leaf with the same value; 1 if one was found. */
static int claim(tr_leaf **sorted, size_t n, const char *value)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(sorted[mid]->value, value) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && strcmp(sorted[lo]->value, value) == 0; lo++)
		if (!sorted[lo]->claimed) {
			sorted[lo]->claimed = 1;
			return 1;
		}
	return 0;
}

/* The last segment of a leaf's path ("b" of "a/b", "@c" of "a/@c"). */
static const char *leaf_name(const tr_leaf *l)
{
	const char *s = strrchr(l->path, '/');
	return s ? s + 1 : l->path;
}

/* Claim an unclaimed output leaf with the same value and the same name; 1 if one was found. */
static int claim_named(tr_leaf **sorted, size_t n, const tr_leaf *l)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(sorted[mid]->value, l->value) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && strcmp(sorted[lo]->value, l->value) == 0; lo++)
		if (!sorted[lo]->claimed && strcmp(leaf_name(sorted[lo]), leaf_name(l)) == 0) {
			sorted[lo]->claimed = 1;
			return 1;
		}
	return 0;
}

static int is_list_attr(const tr_leaf *l)
{
	const char *at = strrchr(l->path, '@');
	return l->attribute && at && (strcmp(at, "@listURI") == 0 || strcmp(at, "@listVersionID") == 0);
}

/* xsi:schemaLocation and friends: processing hints a step rewrites, no data. */
static int is_schema_hint(const tr_leaf *l)
{
	return l->attribute && l->node->ns &&
	       strcmp((const char *)l->node->ns->href, "http://www.w3.org/2001/XMLSchema-instance") == 0;
}

static int is_root_attr(const tr_step *st, const tr_leaf *l)
{
	const char *at = strchr(l->path, '/');
	return l->attribute && st->root_attr && at && at[1] == '@' && strcmp(at + 2, st->root_attr) == 0;
}

/* Claim an output leaf holding a code the change maps value to; 1 if one was found. */
static int claim_mapped(const tr_change *c, tr_leaf **sorted, size_t n, const char *value)
{
	size_t i;

	for (i = 0; i < c->map_src.count; i++)
		if (strcmp(c->map_src.items[i], value) == 0 && claim(sorted, n, c->map_dst.items[i]))
			return 1;
	return 0;
}

/*
 * Evaluate the change's loss condition for the lost leaf l: XPath 1.0 with
 * the parent of the element the change path names as context (below: the
 * leaf's depth under that element), prefixes o and n for the older and the
 * newer namespace. *holds: 1 if it is true (or cannot be evaluated: a broken
 * condition never hides a loss).
 */
static int condition_holds(const tr_step *st, const tr_change *c, const tr_leaf *l, size_t below,
                           int *holds)
{
	const xmlNode *n = l->node;
	xmlXPathContextPtr xp;
	xmlXPathObjectPtr r;
	xoev_quiet q;

	*holds = 1;
	/* up from the leaf to the named element (a path naming an attribute
	 * names it as its own element's child), then to its parent */
	if (l->attribute)
		n = n->parent;
	else
		below++;
	for (; n && below; below--)
		n = n->parent;
	if (!n || n->type != XML_ELEMENT_NODE)
		return XOEV_OK;
	xp = xmlXPathNewContext(n->doc);
	if (!xp)
		return XOEV_ENOMEM;
	xp->node = (xmlNodePtr)n;
	if (st->ns_old && st->ns_new) {
		xmlXPathRegisterNs(xp, BAD_CAST "o", BAD_CAST st->ns_old);
		xmlXPathRegisterNs(xp, BAD_CAST "n", BAD_CAST st->ns_new);
	}
	xoev_xml__quiet_begin(&q, NULL, NULL);
	r = xmlXPathEvalExpression(BAD_CAST c->loss_when, xp);
	xoev_xml__quiet_end(&q);
	if (r)
		*holds = xmlXPathCastToBoolean(r);
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(xp);
	return XOEV_OK;
}

/*
 * Compare the data points of one step's input and output (multisets of
 * values): every input value without a partner in the output is lost,
 * and explained by the change list or reported as undeclared.
 */
static int account_step(const tr_step *st, const xmlDoc *in, const xmlDoc *outdoc,
                        xoev_translation *t, const char *file, xoev_diag_list *diags)
{
	tr_leaves a = { 0 }, b = { 0 };
	tr_leaf **sorted = NULL;
	size_t i, below = 0;
	int rc, pass, holds = 1;

	rc = collect_leaves(xmlDocGetRootElement((xmlDoc *)in), NULL, &a);
	if (rc == XOEV_OK)
		rc = collect_leaves(xmlDocGetRootElement((xmlDoc *)outdoc), NULL, &b);
	if (rc == XOEV_OK && !(sorted = malloc((b.n ? b.n : 1) * sizeof *sorted)))
		rc = XOEV_ENOMEM;
	if (rc != XOEV_OK)
		goto done;
	for (i = 0; i < b.n; i++)
		sorted[i] = &b.v[i];
	qsort(sorted, b.n, sizeof *sorted, cmp_leaf_value);
	/*
	 * Who claims an equal output value first decides which of several equal
	 * values counts as lost, so the order goes from the surest partner to
	 * the least sure: 0: data points no change touches; 1: those whose
	 * change neither maps codes nor declares a loss in this direction
	 * (renames, moves, list versions); 2: codes a change maps claim their
	 * mapped partner (else a code mapped away, e.g. 001 -> 01, takes the 001
	 * of another list); 3: the rest claim a partner of the same name (an
	 * element moved by a lossy change keeps its name; a value lost takes no
	 * other's); 4: the rest of the lossless ones; 5: those whose change may
	 * lose them, so that of equal values the declared loss is the one that
	 * goes.
	 */
	for (pass = 0; pass < 6; pass++)
		for (i = 0; i < a.n; i++) {
			const tr_change *c;
			int touched;

			if (a.v[i].claimed)
				continue;
			c = leaf_change(st, &a.v[i], NULL);
			touched = c != NULL || is_root_attr(st, &a.v[i]);
			if (touched != (pass > 0))
				continue;
			if (pass == 2) {
				a.v[i].claimed = c && claim_mapped(c, sorted, b.n, a.v[i].value);
				continue;
			}
			if (pass == 3) {
				a.v[i].claimed = claim_named(sorted, b.n, &a.v[i]);
				continue;
			}
			if (c && ((pass == 1 && (c->map_src.count || c->loss_result)) ||
			          (pass == 4 && c->loss_result)))
				continue;
			a.v[i].claimed = claim(sorted, b.n, a.v[i].value);
		}
	for (i = 0; i < a.n && rc == XOEV_OK; i++) {
		const tr_leaf *l = &a.v[i];
		const tr_change *c;
		char *xp;

		if (l->claimed || is_root_attr(st, l) || is_schema_hint(l))
			continue;
		c = change_for_loss(st, l->path, &below);
		if (c && is_list_attr(l))
			continue; /* list metadata of a code the change handles */
		if (c && claim_mapped(c, sorted, b.n, l->value))
			continue; /* a code that arrived as the code the change's map gives it */
		if (c && c->loss_result && c->loss_when) {
			rc = condition_holds(st, c, l, below, &holds);
			if (rc != XOEV_OK)
				break;
			if (!holds)
				continue; /* the change says this value is not lost here */
		}
		if (c && c->loss_result && c->default_value && strcmp(c->loss_result, "dropped") == 0 &&
		    strcmp(l->value, c->default_value) == 0)
			continue; /* the default going away again: nothing was known */
		xp = xoev_xml__xpath(l->node);
		if (!xp) {
			rc = XOEV_ENOMEM;
			break;
		}
		if (c && c->loss_result) {
			xoev_loss_kind k = strcmp(c->loss_result, "collapsed") == 0 ? XOEV_LOSS_COLLAPSED :
			                   strcmp(c->loss_result, "default") == 0 ? XOEV_LOSS_DEFAULT :
			                   XOEV_LOSS_DROPPED;
			rc = add_loss(t, k, xp, l->value, st->label, c->id, c->loss_text);
		} else {
			rc = add_loss(t, XOEV_LOSS_UNDECLARED, xp, l->value, st->label, NULL,
			              "the step dropped this value although its change list does not declare it");
			if (rc == XOEV_OK)
				rc = xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_TRANSLATE,
				                     "translate.undeclared-loss", file, 0, 0, xp,
				                     "step %s lost the value \"%s\" without declaring it",
				                     st->label, l->value);
		}
		free(xp);
	}
	/* defaults: new required values the change list fills in */
	for (i = 0; i < b.n && rc == XOEV_OK; i++) {
		const tr_leaf *l = &b.v[i];
		const tr_change *c;
		char *xp;

		if (l->claimed || l->attribute)
			continue;
		/* a new required element, or one that became optional, filled in */
		c = change_covering(st, l->path, 1, "default", NULL);
		if (!c || !c->kind ||
		    (strcmp(c->kind, "add-required") != 0 && strcmp(c->kind, "required-to-optional") != 0))
			continue;
		xp = xoev_xml__xpath(l->node);
		if (!xp) {
			rc = XOEV_ENOMEM;
			break;
		}
		rc = add_loss(t, XOEV_LOSS_DEFAULT, xp, l->value, st->label, c->id, c->loss_text);
		free(xp);
	}
done:
	free(sorted);
	leaves_free(&a);
	leaves_free(&b);
	return rc;
}

/* ------------------------------------------------------------------ */
/* running one step                                                    */
/* ------------------------------------------------------------------ */

typedef struct {
	xoev_buf messages;
} tr_capture;

static void transform_error(void *ctx, const char *fmt, ...)
{
	tr_capture *c = ctx;
	va_list ap;
	char tmp[2048];

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (c->messages.len < 8192)
		xoev_buf__puts(&c->messages, tmp);
}

/* The sandbox: every file, directory and network access forbidden. */
static xsltSecurityPrefsPtr sandbox_prefs(void)
{
	xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();

	if (!sec)
		return NULL;
	if (xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid) != 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid) != 0) {
		xsltFreeSecurityPrefs(sec);
		return NULL;
	}
	return sec;
}

/*
 * Apply a step's stylesheet to doc, sandboxed. Returns the new document,
 * or NULL with *rejected set (the stylesheet refused: reason in *why) or
 * not (it failed: reason in *why). *why: new string.
 */
static xmlDocPtr run_step(const tr_step *st, xmlDocPtr doc, const char *file,
                          xoev_diag_list *diags, int *rejected, char **why)
{
	xsltTransformContextPtr ctxt;
	xsltSecurityPrefsPtr sec;
	xmlDocPtr res = NULL;
	tr_capture cap;
	xoev_resolver r;
	xoev_quiet q;
	char *msgs;

	*rejected = 0;
	*why = NULL;
	memset(&cap, 0, sizeof cap);
	sec = sandbox_prefs();
	ctxt = xsltNewTransformContext(st->style, doc);
	if (!sec || !ctxt) {
		if (sec)
			xsltFreeSecurityPrefs(sec);
		if (ctxt)
			xsltFreeTransformContext(ctxt);
		return NULL;
	}
	xsltSetCtxtSecurityPrefs(sec, ctxt);
	xsltSetTransformErrorFunc(ctxt, &cap, transform_error);
	/* deny-all resolver: no root, no catalog; refusals become findings */
	memset(&r, 0, sizeof r);
	r.diags = diags;
	r.layer = XOEV_LAYER_TRANSLATE;
	xoev_resolver__push(&r);
	xoev_xml__quiet_begin(&q, NULL, NULL);
	res = xsltApplyStylesheetUser(st->style, doc, NULL, NULL, NULL, ctxt);
	if (res && ctxt->state != XSLT_STATE_OK) {
		xmlFreeDoc(res);
		res = NULL;
	}
	xoev_xml__quiet_end(&q);
	xoev_resolver__pop();
	xsltFreeTransformContext(ctxt);
	xsltFreeSecurityPrefs(sec);
	msgs = xoev_buf__take(&cap.messages, NULL);
	xoev_buf__free(&cap.messages);
	if (res && msgs && strstr(msgs, "rights for") && strstr(msgs, "denied")) {
		/* the sandbox refused an access: the result cannot be trusted to be complete */
		xmlFreeDoc(res);
		res = NULL;
	}
	if (!res) {
		const char *m = msgs ? strstr(msgs, REJECT_MARK) : NULL;
		if (m) {
			size_t n;
			*rejected = 1;
			m += strlen(REJECT_MARK);
			n = strcspn(m, "\n");
			*why = malloc(n + 1);
			if (*why) {
				memcpy(*why, m, n);
				(*why)[n] = '\0';
			}
		} else {
			*why = xoev_util__printf("step %s failed%s%s", st->label,
			                         msgs && *msgs ? ": " : "", msgs ? msgs : "");
			if (*why) {
				size_t n = strlen(*why);
				while (n && (*why)[n - 1] == '\n')
					(*why)[--n] = '\0';
			}
		}
		(void)file;
	}
	free(msgs);
	return res;
}

/* ------------------------------------------------------------------ */
/* the version graph                                                   */
/* ------------------------------------------------------------------ */

/*
 * Weighted shortest path from src to dst over the bundles of one standard
 * (Dijkstra; the graphs are small, so a linear scan picks the next node).
 * A path's cost is the pair (lossy changes its steps declare, steps),
 * compared lexicographically: a lossless detour beats a lossy shortcut, and
 * among equally lossy paths the shorter wins; ties go to the step found
 * first (bundle order, then the steps' file order). path: step pointers.
 */
static int find_path(const xoev_registry *reg, const xoev_bundle *src, const xoev_bundle *dst,
                     const tr_step ***path, const xoev_bundle ***hops, size_t *len)
{
	size_t n = xoev_registry_bundle_count(reg), i, k;
	const xoev_bundle **node = calloc(n ? n : 1, sizeof *node);
	size_t *prev = calloc(n ? n : 1, sizeof *prev);
	const tr_step **via = calloc(n ? n : 1, sizeof *via);
	size_t *loss = calloc(n ? n : 1, sizeof *loss);
	size_t *dist = calloc(n ? n : 1, sizeof *dist);
	int *state = calloc(n ? n : 1, sizeof *state); /* 0 unseen, 1 reached, 2 settled */
	int rc = XOEV_OK;
	size_t src_i = n, dst_i = n;

	*path = NULL;
	*hops = NULL;
	*len = 0;
	if (!node || !prev || !via || !loss || !dist || !state) {
		rc = XOEV_ENOMEM;
		goto done;
	}
	for (i = 0; i < n; i++) {
		node[i] = xoev_registry_bundle(reg, i);
		if (node[i] == src)
			src_i = i;
		if (node[i] == dst)
			dst_i = i;
	}
	if (src_i == n || dst_i == n)
		goto done;
	state[src_i] = 1;
	for (;;) {
		size_t bi = n, s;
		tr_steps *steps;

		for (i = 0; i < n; i++)
			if (state[i] == 1 && (bi == n || loss[i] < loss[bi] ||
			                      (loss[i] == loss[bi] && dist[i] < dist[bi])))
				bi = i;
		if (bi == n || bi == dst_i)
			break;
		state[bi] = 2;
		rc = bundle_steps(node[bi], &steps);
		if (rc != XOEV_OK)
			goto done;
		for (s = 0; steps && s < steps->count; s++) {
			const tr_step *st = &steps->steps[s];
			const xoev_bundle *to = NULL;
			size_t ti, nl = loss[bi] + st->lossy, nd = dist[bi] + 1;

			if (xoev_registry_find(reg, xoev_bundle_standard(node[bi]), st->to_version,
			                       &to) != XOEV_OK)
				continue;
			for (ti = 0; ti < n && node[ti] != to; ti++)
				;
			if (ti == n || state[ti] == 2)
				continue;
			if (state[ti] == 1 && (loss[ti] < nl || (loss[ti] == nl && dist[ti] <= nd)))
				continue;
			state[ti] = 1;
			loss[ti] = nl;
			dist[ti] = nd;
			prev[ti] = bi;
			via[ti] = st;
		}
	}
	if (state[dst_i] && dst_i != src_i) {
		size_t cur;
		k = dist[dst_i];
		*path = calloc(k, sizeof **path);
		*hops = calloc(k, sizeof **hops);
		if (!*path || !*hops) {
			free(*path);
			free(*hops);
			*path = NULL;
			*hops = NULL;
			rc = XOEV_ENOMEM;
			goto done;
		}
		*len = k;
		for (cur = dst_i; cur != src_i; cur = prev[cur]) {
			k--;
			(*path)[k] = via[cur];
			(*hops)[k] = node[cur];
		}
	}
done:
	free(node);
	free(prev);
	free(via);
	free(loss);
	free(dist);
	free(state);
	return rc;
}

/* ------------------------------------------------------------------ */
/* xoev_translate                                                      */
/* ------------------------------------------------------------------ */

/*
 * Validate buf against a forced bundle (or detect when b is NULL). Errors appended to diags.
 * tree (may be NULL): receives the parsed tree, as parsed. With a tree given (in, buf
 * unused) the tree is validated instead and nothing is appended: a caller that needs the
 * findings of an invalid tree validates its text (findings with line numbers).
 */
static int validate_doc(const xoev_registry *reg, const xoev_bundle *b, unsigned int layers,
                        const void *buf, size_t len, const char *name, xoev_diag_list *diags,
                        const xoev_bundle **detected, const xoev_message_type **type, int *valid,
                        xoev_xdoc *in, xoev_xdoc **tree)
{
	xoev_validate_options vo = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_validator *v = NULL;
	xoev_diag_list *tmp = NULL;
	xoev_verdict verdict = XOEV_VERDICT_INVALID;
	int rc;
	size_t i;

	*valid = 0;
	if (b) {
		vo.standard = xoev_bundle_standard(b);
		vo.standard_version = xoev_bundle_version(b);
	}
	vo.layers = layers;
	vo.stream_threshold = (size_t)-1;
	rc = xoev_validator_new(&v, reg, &vo);
	if (rc == XOEV_OK)
		rc = xoev_diag_list_new(&tmp);
	if (rc == XOEV_OK && in)
		rc = xoev_validate__tree(v, in, name, tmp, &verdict);
	else if (rc == XOEV_OK)
		rc = xoev_validate__memory_tree(v, buf, len, name, tmp, &verdict, tree);
	if (in)
		diags = NULL;
	if (rc == XOEV_OK || rc == XOEV_ESCHEMA) {
		if (detected)
			*detected = xoev_validator_last_bundle(v);
		if (type)
			*type = xoev_validator_last_message_type(v);
		*valid = rc == XOEV_OK && verdict == XOEV_VERDICT_VALID;
		for (i = 0; diags && i < xoev_diag_list_count(tmp); i++) {
			const xoev_diag *d = xoev_diag_list_get(tmp, i);
			if (xoev_diag_severity(d) < XOEV_SEVERITY_ERROR)
				continue;
			if (xoev_diag_list_add(diags, xoev_diag_severity(d), xoev_diag_layer(d),
			                       xoev_diag_rule(d), xoev_diag_message(d), xoev_diag_file(d),
			                       xoev_diag_line(d), xoev_diag_column(d),
			                       xoev_diag_xpath(d)) != XOEV_OK) {
				rc = XOEV_ENOMEM;
				break;
			}
		}
		if (rc == XOEV_ESCHEMA)
			rc = XOEV_OK;
	}
	xoev_diag_list_free(tmp);
	xoev_validator_free(v);
	return rc;
}

static int set_reason(xoev_translation *t, xoev_translate_outcome o, char *why)
{
	t->outcome = o;
	free(t->reason);
	t->reason = why;
	return why ? XOEV_OK : XOEV_ENOMEM;
}

static int fail(xoev_translation *t, xoev_diag_list *diags, const char *file, const char *rule,
                xoev_translate_outcome o, char *why)
{
	int rc = set_reason(t, o, why);
	if (rc == XOEV_OK)
		rc = xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_TRANSLATE, rule, file, 0,
		                     0, NULL, "%s", why);
	return rc;
}

/* The change that refuses message type number in the step's direction (with its reason), or NULL. */
static const tr_change *message_change(const tr_step *st, const char *number)
{
	size_t i;

	for (i = 0; i < st->change_count; i++) {
		const tr_change *c = &st->changes[i];
		if (c->message && strcmp(c->message, number) == 0 && c->loss_result &&
		    strcmp(c->loss_result, "rejected") == 0 && c->loss_text)
			return c;
	}
	return NULL;
}

/*
 * The change a stylesheet's refusal "CHANGE-ID: reason" names, if the step's
 * change list has it with a rejecting loss in this direction; else NULL.
 */
static const tr_change *reject_change(const tr_step *st, const char *why)
{
	size_t i, n = strcspn(why, ": ");

	if (why[n] != ':')
		return NULL;
	for (i = 0; i < st->change_count; i++) {
		const tr_change *c = &st->changes[i];
		if (c->id && strlen(c->id) == n && strncmp(c->id, why, n) == 0 && c->loss_result &&
		    strcmp(c->loss_result, "rejected") == 0)
			return c;
	}
	return NULL;
}

/* Serialise a transform result with its stylesheet's xsl:output. */
static int serialise(xmlDocPtr res, const tr_step *st, char **out, size_t *len)
{
	xmlChar *s = NULL;
	int n = 0;

	if (xsltSaveResultToString(&s, &n, res, st->style) != 0 || !s || n < 0) {
		xmlFree(s);
		return XOEV_ENOMEM;
	}
	*out = malloc((size_t)n + 1);
	if (!*out) {
		xmlFree(s);
		return XOEV_ENOMEM;
	}
	memcpy(*out, s, (size_t)n);
	(*out)[n] = '\0';
	*len = (size_t)n;
	xmlFree(s);
	return XOEV_OK;
}

int xoev_translate(const xoev_registry *reg, const char *target_version,
                   const xoev_translate_options *opts, const void *buf, size_t len,
                   const char *name, char **out, size_t *out_len, xoev_translation **result,
                   xoev_diag_list *diags)
{
	xoev_translate_options defaults = XOEV_TRANSLATE_OPTIONS_INIT;
	xoev_translation *t;
	const xoev_bundle *src = NULL, *dst = NULL;
	const xoev_message_type *type = NULL;
	const tr_step **path = NULL;
	const xoev_bundle **hops = NULL;
	size_t steps = 0, i, cur_len = 0;
	char *cur = NULL;
	unsigned int layers;
	int rc, valid = 0, lost = 0, defaults_filled = 0;
	const char *file = name ? name : "-";
	xoev_xdoc *xin = NULL;

	if (out)
		*out = NULL;
	if (out_len)
		*out_len = 0;
	if (result)
		*result = NULL;
	if (!reg || !target_version || !buf || !out || !result)
		return XOEV_EINVAL;
	if (!opts)
		opts = &defaults;
	if (opts->version != XOEV_TRANSLATE_OPTIONS_VERSION)
		return XOEV_EINVAL;
	if (xoev_init() != XOEV_OK)
		return XOEV_ERROR;
	layers = opts->validate_layers ? opts->validate_layers : (XOEV_RUN_XSD | XOEV_RUN_CODELIST);
	t = calloc(1, sizeof *t);
	if (!t)
		return XOEV_ENOMEM;
	t->outcome = XOEV_TRANSLATE_FAILED;
	t->target_version = xoev_util__strdup(target_version);
	if (!t->target_version) {
		rc = XOEV_ENOMEM;
		goto done;
	}

	/* the input: detected and valid */
	rc = validate_doc(reg, NULL, layers, buf, len, file, diags, &src, &type, &valid, NULL, &xin);
	if (rc != XOEV_OK)
		goto done;
	if (!src || !type) {
		rc = fail(t, diags, file, "translate.failed", XOEV_TRANSLATE_FAILED,
		          xoev_util__strdup("the input's standard, version or message type is unknown"));
		goto done;
	}
	t->standard = xoev_util__strdup(xoev_bundle_standard(src));
	t->source_version = xoev_util__strdup(xoev_bundle_version(src));
	if (!t->standard || !t->source_version) {
		rc = XOEV_ENOMEM;
		goto done;
	}
	if (xoev_registry_find(reg, t->standard, target_version, &dst) != XOEV_OK) {
		rc = fail(t, diags, file, "translate.unknown-version", XOEV_TRANSLATE_FAILED,
		          xoev_util__printf("%s has no version %s", t->standard, target_version));
		if (rc == XOEV_OK)
			rc = XOEV_ENOTFOUND;
		goto done;
	}
	if (!valid) {
		rc = fail(t, diags, file, "translate.invalid-input", XOEV_TRANSLATE_FAILED,
		          xoev_util__printf("the input is not a valid %s %s message", t->standard,
		                            t->source_version));
		goto done;
	}
	if (dst == src) {
		/* nothing to do: a copy (gzip input decompressed) */
		rc = xoev_io__maybe_gunzip(buf, len, 0, &cur, &cur_len, NULL, 0);
		if (rc == XOEV_OK)
			t->outcome = XOEV_TRANSLATE_LOSSLESS;
		goto done;
	}
	rc = find_path(reg, src, dst, &path, &hops, &steps);
	if (rc != XOEV_OK)
		goto done;
	if (!steps) {
		rc = fail(t, diags, file, "translate.no-path", XOEV_TRANSLATE_FAILED,
		          xoev_util__printf("no translation steps lead from %s %s to %s", t->standard,
		                            t->source_version, target_version));
		goto done;
	}
	for (i = 0; i < steps && rc == XOEV_OK; i++)
		rc = xoev_strv__push(&t->steps, path[i]->label);
	if (rc != XOEV_OK)
		goto done;

	/* the input tree goes to the first step; each step's result tree, validated, to the
	 * next; only the last one is serialised (an invalid one also, for its findings) */
	for (i = 0; i < steps && rc == XOEV_OK; i++) {
		const tr_step *st = path[i];
		xoev_xdoc *xres = NULL;
		xmlDocPtr res = NULL;
		char *why = NULL;
		int rejected = 0;

		if (!st->style) {
			rc = fail(t, diags, file, "translate.failed", XOEV_TRANSLATE_FAILED,
			          xoev_util__strdup(st->error ? st->error : "step does not compile"));
			break;
		}
		/* a message type the step's target does not have cannot arrive */
		if (xoev_message_type_number(type) &&
		    !xoev_bundle_find_message(hops[i], xoev_message_type_number(type))) {
			const tr_change *mc = message_change(st, xoev_message_type_number(type));
			rc = fail(t, diags, file, "translate.rejected", XOEV_TRANSLATE_REJECTED,
			          xoev_util__printf("message type %s does not exist in %s %s%s%s%s%s",
			                            xoev_message_type_number(type), t->standard,
			                            xoev_bundle_version(hops[i]), mc ? " (" : "",
			                            mc ? mc->id : "", mc ? "): " : "",
			                            mc ? mc->loss_text : ""));
			break;
		}
		if (!xin) {
			rc = fail(t, diags, file, "translate.failed", XOEV_TRANSLATE_FAILED,
			          xoev_util__printf("step %s: its input does not parse", st->label));
			break;
		}
		res = run_step(st, xoev_xml__doc(xin), file, diags, &rejected, &why);
		if (!res) {
			if (!why) {
				rc = XOEV_ENOMEM;
				break;
			}
			if (rejected) {
				const tr_change *rchg = reject_change(st, why);
				char *full = rchg ? xoev_util__printf("step %s: %s (%s): %s", st->label, why, rchg->id,
				                                     rchg->loss_text ? rchg->loss_text : "")
				                 : xoev_util__printf("step %s: %s", st->label, why);
				free(why);
				rc = fail(t, diags, file, "translate.rejected", XOEV_TRANSLATE_REJECTED, full);
			} else {
				rc = fail(t, diags, file, "translate.failed", XOEV_TRANSLATE_FAILED, why);
			}
			break;
		}
		rc = account_step(st, xoev_xml__doc(xin), res, t, file, diags);
		xoev_xml__free(xin);
		xin = NULL;
		if (rc == XOEV_OK && i + 1 == steps)
			rc = serialise(res, st, &cur, &cur_len);
		if (rc != XOEV_OK) {
			xmlFreeDoc(res);
			break;
		}
		rc = xoev_xml__wrap(res, &xres);
		if (rc == XOEV_OK)
			rc = validate_doc(reg, hops[i], layers, NULL, 0, file, diags, NULL, &type, &valid,
			                  xres, NULL);
		if (rc == XOEV_OK && (!valid || !type)) {
			/* the findings, located: validate the text the step wrote */
			if (!cur)
				rc = serialise(res, st, &cur, &cur_len);
			if (rc == XOEV_OK)
				rc = validate_doc(reg, hops[i], layers, cur, cur_len, file, diags, NULL, &type,
				                  &valid, NULL, NULL);
			if (rc == XOEV_OK)
				rc = fail(t, diags, file, "translate.invalid-output", XOEV_TRANSLATE_FAILED,
				          xoev_util__printf("step %s wrote a message that is not valid %s %s",
				                            st->label, t->standard, xoev_bundle_version(hops[i])));
			xoev_xml__free(xres);
			break;
		}
		xin = xres;
	}
	if (rc != XOEV_OK || t->reason)
		goto done;
	for (i = 0; i < t->loss_count; i++) {
		if (t->losses[i].kind == XOEV_LOSS_DEFAULT)
			defaults_filled = 1;
		else
			lost = 1;
	}
	if (lost && opts->policy == XOEV_POLICY_STRICT) {
		rc = fail(t, diags, file, "translate.rejected", XOEV_TRANSLATE_REJECTED,
		          xoev_util__printf("the translation loses data (%zu loss entries) and the "
		                            "policy is strict", t->loss_count));
		goto done;
	}
	t->outcome = lost ? XOEV_TRANSLATE_LOSSY :
	             defaults_filled ? XOEV_TRANSLATE_LOSSLESS_WITH_DEFAULTS : XOEV_TRANSLATE_LOSSLESS;
done:
	xoev_xml__free(xin);
	free(path);
	free(hops);
	if (rc != XOEV_OK && rc != XOEV_ENOTFOUND) {
		free(cur);
		xoev_translation_free(t);
		return rc;
	}
	if (t->outcome <= XOEV_TRANSLATE_LOSSY && !t->reason) {
		*out = cur;
		if (out_len)
			*out_len = cur_len;
	} else {
		free(cur);
	}
	*result = t;
	return rc;
}
