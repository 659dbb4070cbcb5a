/*
 * libxoev - skeleton instances: a minimal or full message of any message
 * type, built from the schema model, with placeholder values that satisfy
 * types, facets and code lists, and the header filled.
 *
 * The tree is built with libxml2 and serialised at the end: namespaces are
 * declared once on the root, with the prefixes the schemas use.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/hash.h>
#include <libxml/tree.h>
#include <libxml/xmlregexp.h>

#include "model.h"
#include "skeleton.h"

#define MAX_ELEMENTS 200000
#define MAX_DEPTH 96

/* ------------------------------------------------------------------ */
/* values                                                              */
/* ------------------------------------------------------------------ */

static void regex_free(void *payload, const xmlChar *name)
{
	(void)name;
	if (payload != (void *)1)
		xmlRegFreeRegexp(payload);
}

int xoev_gen__init(xoev_gen *g, const xoev_bundle *b, xoev_diag_list *diags)
{
	memset(g, 0, sizeof *g);
	g->bundle = b;
	g->diags = diags;
	g->model = xoev_bundle__model(b, diags);
	if (!g->model)
		return XOEV_ESCHEMA;
	if (!xoev_bundle__accepts_any_root(b)) {
		xoev_rules *const *rules;
		size_t n;
		if (xoev_bundle__layers(b, &g->codelists, &rules, &n, NULL) != XOEV_OK)
			return XOEV_ENOMEM;
	}
	g->regexps = xmlHashCreate(64);
	return g->regexps ? XOEV_OK : XOEV_ENOMEM;
}

void xoev_gen__clear(xoev_gen *g)
{
	xmlHashFree(g->regexps, regex_free);
	g->regexps = NULL;
}

/* 1 if value matches pattern (an unreadable pattern counts as a match: libxml2 rejected it too). */
static int pattern_ok(xoev_gen *g, const char *pattern, const char *value)
{
	xmlRegexpPtr re = xmlHashLookup(g->regexps, (const xmlChar *)pattern);

	if (!re) {
		xoev_quiet q;
		xoev_xml__quiet_begin(&q, NULL, NULL);
		re = xmlRegexpCompile((const xmlChar *)pattern);
		xoev_xml__quiet_end(&q);
		if (xmlHashAddEntry(g->regexps, (const xmlChar *)pattern, re ? (void *)re : (void *)1)) {
			if (re)
				xmlRegFreeRegexp(re);
			return 1;
		}
		if (!re)
			return 1;
	}
	if (re == (void *)1)
		return 1;
	return xmlRegexpExec(re, (const xmlChar *)value) == 1;
}

static long utf8_len(const char *s)
{
	long n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static int is_stringish(const char *p)
{
	static const char *const names[] = { "string", "normalizedString", "token", "language",
	                                     "Name", "NCName", "NMTOKEN", "anyURI", "ID", "IDREF",
	                                     "ENTITY", "anySimpleType", NULL };
	size_t i;

	for (i = 0; names[i]; i++)
		if (strcmp(p, names[i]) == 0)
			return 1;
	return 0;
}

int xoev_gen__value_ok(xoev_gen *g, const xoev_model_type *t, const char *v)
{
	const xoev_model_facets *f;
	size_t i;

	if (!t || t->kind != XOEV_MT_SIMPLE)
		return 1;
	if (t->variety == XOEV_MV_UNION) {
		for (i = 0; i < t->member_count; i++)
			if (xoev_gen__value_ok(g, t->members[i], v))
				break;
		if (t->member_count && i == t->member_count)
			return 0;
	}
	f = &t->facets;
	if (f->enumerations.count && !xoev_strv__contains(&f->enumerations, v))
		return 0;
	for (i = 0; i < f->patterns.count; i++)
		if (!pattern_ok(g, f->patterns.items[i], v))
			return 0;
	if (t->variety == XOEV_MV_ATOMIC && t->primitive &&
	    (is_stringish(t->primitive) || strcmp(t->primitive, "hexBinary") == 0 ||
	     strcmp(t->primitive, "base64Binary") == 0)) {
		long n = utf8_len(v);
		if (f->length >= 0 && n != f->length)
			return 0;
		if (f->min_length >= 0 && n < f->min_length)
			return 0;
		if (f->max_length >= 0 && n > f->max_length)
			return 0;
	}
	return 1;
}

static int builtin_is(const xoev_model_type *t, const char *name)
{
	return xoev_model__derives_from_builtin(t, name);
}

/* A number within the type's bounds: integer types get integers. */
static char *number_value(const xoev_model_type *t, int integer)
{
	const xoev_model_facets *f = &t->facets;
	double v = 1, lo = -INFINITY, hi = INFINITY;
	char buf[64];

	if (builtin_is(t, "nonPositiveInteger"))
		v = 0;
	if (builtin_is(t, "negativeInteger"))
		v = -1;
	if (f->min_inclusive)
		lo = strtod(f->min_inclusive, NULL);
	if (f->min_exclusive)
		lo = strtod(f->min_exclusive, NULL) + (integer ? 1 : 0.5);
	if (f->max_inclusive)
		hi = strtod(f->max_inclusive, NULL);
	if (f->max_exclusive)
		hi = strtod(f->max_exclusive, NULL) - (integer ? 1 : 0.5);
	if (v < lo)
		v = integer ? ceil(lo) : lo;
	if (v > hi)
		v = integer ? floor(hi) : hi;
	if (integer || v == floor(v))
		snprintf(buf, sizeof buf, "%.0f", v);
	else
		snprintf(buf, sizeof buf, "%.2f", v);
	return xoev_util__strdup(buf);
}

static char *padded(const char *base, const xoev_model_facets *f)
{
	long want = (long)strlen(base), i;
	char *s;

	if (f->length >= 0)
		want = f->length;
	else if (f->min_length >= 0 && want < f->min_length)
		want = f->min_length;
	if (f->max_length >= 0 && want > f->max_length)
		want = f->max_length;
	s = malloc((size_t)want + 1);
	if (!s)
		return NULL;
	for (i = 0; i < want; i++)
		s[i] = i < (long)strlen(base) ? base[i] : 'X';
	s[want] = '\0';
	return s;
}

/* The typed default for an atomic primitive, before facets. */
static char *typed_default(xoev_gen *g, const xoev_model_type *t, const char *hint)
{
	const char *p = t->primitive ? t->primitive : "string";
	const xoev_model_facets *f = &t->facets;

	if (f->min_inclusive && !strstr("decimal integer float double", p) &&
	    !builtin_is(t, "decimal") && !builtin_is(t, "float") && !builtin_is(t, "double"))
		return xoev_util__strdup(f->min_inclusive);
	if (builtin_is(t, "decimal"))
		return number_value(t, builtin_is(t, "integer"));
	if (builtin_is(t, "float") || builtin_is(t, "double"))
		return number_value(t, 0);
	if (strcmp(p, "boolean") == 0)
		return xoev_util__strdup("true");
	if (strcmp(p, "date") == 0)
		return xoev_util__strdup("2024-01-01");
	if (strcmp(p, "dateTime") == 0)
		return xoev_util__strdup("2024-01-01T12:00:00");
	if (strcmp(p, "time") == 0)
		return xoev_util__strdup("12:00:00");
	if (strcmp(p, "gYear") == 0)
		return xoev_util__strdup("2024");
	if (strcmp(p, "gYearMonth") == 0)
		return xoev_util__strdup("2024-01");
	if (strcmp(p, "gMonth") == 0)
		return xoev_util__strdup("--01");
	if (strcmp(p, "gDay") == 0)
		return xoev_util__strdup("---01");
	if (strcmp(p, "gMonthDay") == 0)
		return xoev_util__strdup("--01-01");
	if (strcmp(p, "duration") == 0)
		return xoev_util__strdup("P1D");
	if (strcmp(p, "hexBinary") == 0)
		return padded("00", f);
	if (strcmp(p, "base64Binary") == 0)
		return xoev_util__strdup("AAAA");
	if (strcmp(p, "QName") == 0 || strcmp(p, "NOTATION") == 0)
		return xoev_util__strdup("x");
	if (strcmp(p, "language") == 0)
		return xoev_util__strdup("de");
	if (strcmp(p, "anyURI") == 0)
		return padded("urn:x", f);
	if (strcmp(p, "ID") == 0)
		return xoev_util__printf("id%u", ++g->id_count);
	if (strcmp(p, "IDREF") == 0)
		return xoev_util__strdup("id1");
	if (hint && strcmp(hint, "kennung") == 0)
		return padded("ags:09000000", f);
	if (strcmp(p, "NCName") == 0 || strcmp(p, "Name") == 0 || strcmp(p, "NMTOKEN") == 0)
		return padded("X", f);
	return padded("X", f);
}

/* Try regex-generated candidates for the most derived pattern. */
static char *from_patterns(xoev_gen *g, const xoev_model_type *t)
{
	static const long stretches[] = { 1, 0, 2, 3, 4, 5, 8, 12, 16, 24, 32, 64 };
	const xoev_model_facets *f = &t->facets;
	size_t s, k;
	int variant;

	for (k = f->patterns.count; k-- > 0;)
		for (variant = 0; variant < 4; variant++)
			for (s = 0; s < sizeof stretches / sizeof *stretches; s++) {
				char *c = xoev_regen__string(f->patterns.items[k], stretches[s], variant);
				if (!c)
					break;
				if (xoev_gen__value_ok(g, t, c))
					return c;
				free(c);
			}
	return NULL;
}

char *xoev_gen__value(xoev_gen *g, const xoev_model_type *t, const char *hint, int *ok)
{
	char *v;

	*ok = 1;
	if (!t || t->kind != XOEV_MT_SIMPLE)
		return xoev_util__strdup("X");
	if (t->facets.enumerations.count)
		return xoev_util__strdup(t->facets.enumerations.items[0]);
	if (t->variety == XOEV_MV_UNION && t->member_count && !t->facets.patterns.count)
		return xoev_gen__value(g, t->members[0], hint, ok);
	if (t->variety == XOEV_MV_LIST && t->item_type)
		return xoev_gen__value(g, t->item_type, hint, ok);
	v = typed_default(g, t, hint);
	if (!v || xoev_gen__value_ok(g, t, v))
		return v;
	if (t->facets.patterns.count) {
		char *c = from_patterns(g, t);
		if (c) {
			free(v);
			return c;
		}
	}
	*ok = 0;
	return v;
}

/* ------------------------------------------------------------------ */
/* header values                                                       */
/* ------------------------------------------------------------------ */

int xoev_gen__uuid4(char out[37])
{
	unsigned char r[16];
	size_t got = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return XOEV_EIO;
	while (got < sizeof r) {
		ssize_t n = read(fd, r + got, sizeof r - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return XOEV_EIO;
		}
		got += (size_t)n;
	}
	close(fd);
	r[6] = (unsigned char)((r[6] & 0x0F) | 0x40);
	r[8] = (unsigned char)((r[8] & 0x3F) | 0x80);
	snprintf(out, 37,
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", r[0], r[1],
	         r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14],
	         r[15]);
	return XOEV_OK;
}

void xoev_gen__now(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
}

/* ------------------------------------------------------------------ */
/* the tree                                                            */
/* ------------------------------------------------------------------ */

typedef struct {
	xoev_gen *g;
	int full;
	xmlDocPtr doc;
	xmlNodePtr root;
	const char *number;
	const xoev_model_type *stack[MAX_DEPTH];
	size_t depth;
	size_t elements;
	int limit;
	int oom;
	xoev_strv path;    /* element names from the root, for findings */
	xmlNodePtr *idrefs;
	size_t idref_count;
	char *first_id;
	int values_mode;   /* building from a value tree */
	int in_header;     /* inside the header subtree: unset required content is filled */
	char *missing;     /* first required element that was not set */
	const char *author, *reader;
} sk;

static char *path_text(const sk *s)
{
	xoev_buf b = { 0 };
	size_t i;

	for (i = 0; i < s->path.count; i++) {
		xoev_buf__puts(&b, "/");
		xoev_buf__puts(&b, s->path.items[i]);
	}
	return xoev_buf__take(&b, NULL);
}

static void warn(sk *s, const char *rule, const char *fmt, const char *arg)
{
	char *p = path_text(s);
	xoev_diag__addf(s->g->diags, XOEV_SEVERITY_WARNING, XOEV_LAYER_XSD, rule, NULL, 0, 0, p,
	                fmt, arg ? arg : "");
	free(p);
}

static xmlNsPtr ns_for(sk *s, const char *href)
{
	xmlNsPtr ns;
	const char *pref;
	char buf[64];
	int i;

	if (!href)
		return NULL;
	for (ns = s->root ? s->root->nsDef : NULL; ns; ns = ns->next)
		if (strcmp((const char *)ns->href, href) == 0)
			return ns;
	pref = xoev_model__prefix(s->g->model, href);
	if (!pref || !*pref || strcmp(pref, "xml") == 0)
		pref = "ns";
	snprintf(buf, sizeof buf, "%s", pref);
	for (i = 1; xmlSearchNs(s->doc, s->root, (const xmlChar *)buf); i++)
		snprintf(buf, sizeof buf, "%s%d", pref, i);
	ns = xmlNewNs(s->root, (const xmlChar *)href, (const xmlChar *)buf);
	if (!ns)
		s->oom = 1;
	return ns;
}

static int on_stack(const sk *s, const xoev_model_type *t)
{
	size_t i;

	for (i = 0; i < s->depth; i++)
		if (s->stack[i] == t)
			return 1;
	return 0;
}

static void set_text(sk *s, xmlNodePtr n, const char *v)
{
	xmlNodePtr t = xmlNewDocText(s->doc, (const xmlChar *)v);
	if (!t || !xmlAddChild(n, t)) {
		xmlFreeNode(t);
		s->oom = 1;
	}
}

static void set_attr(sk *s, xmlNodePtr n, const xoev_model_attribute *a, const char *v)
{
	xmlNsPtr ns = a->ns ? ns_for(s, a->ns) : NULL;
	if (!xmlNewNsProp(n, ns, (const xmlChar *)a->name, (const xmlChar *)v))
		s->oom = 1;
}

/* The code chosen for a code-type element: code and list version. */
typedef struct {
	const char *code;
	const char *uri;
	const char *version;
} code_choice;

/* Type 4 without metadata: a shipped list whose URI ends like the type's (or element's) name. */
static const char *guess_list(const sk *s, const xoev_model_element *e)
{
	const xoev_manifest *m = xoev_bundle__manifest(s->g->bundle);
	const char *names[2];
	size_t i, k;

	names[0] = e->type->name ? e->type->name : e->name;
	names[1] = e->name;
	for (k = 0; k < 2 && m; k++) {
		const char *dot = strrchr(names[k], '.');
		char key[64];
		size_t n = 0;
		const char *p = dot ? dot + 1 : names[k];
		for (; *p && n + 1 < sizeof key; p++)
			key[n++] = (char)tolower((unsigned char)*p);
		key[n] = '\0';
		if (n < 3)
			continue;
		for (i = 0; i < m->codelist_count; i++) {
			const char *uri = m->codelists[i].uri, *last;
			if (!uri)
				continue;
			last = strrchr(uri, ':');
			last = last ? last + 1 : uri;
			if (strncmp(last, key, n) == 0)
				return uri;
		}
	}
	return NULL;
}

static void choose_code(sk *s, const xoev_model_element *e, code_choice *cc)
{
	const xoev_model_type *t = e->type;
	const char *ver = NULL, *code = NULL;

	memset(cc, 0, sizeof *cc);
	cc->uri = t->list_uri;
	cc->version = t->list_version;
	if ((strcmp(e->name, "nachrichtentyp") == 0 || strcmp(e->name, "Nachrichtentyp") == 0) &&
	    s->number)
		cc->code = s->number;
	if (t->code_kind == 4 && !cc->uri)
		cc->uri = guess_list(s, e);
	if (t->code_kind <= 1 || !s->g->codelists)
		return;
	if (cc->uri) {
		code = xoev_codelist__first_code(s->g->codelists, cc->uri, t->list_version, &ver);
		if (!code && !t->list_version_fixed)
			code = xoev_codelist__first_code(s->g->codelists, cc->uri, NULL, &ver);
	}
	if (!code && t->code_kind == 4 && !t->list_uri) {
		/* type 4: the sender chooses the list; any list the bundle ships will do */
		const xoev_manifest *m = xoev_bundle__manifest(s->g->bundle);
		size_t i;
		for (i = 0; m && !code && i < m->codelist_count; i++) {
			code = xoev_codelist__first_code(s->g->codelists, m->codelists[i].uri, NULL, &ver);
			if (code)
				cc->uri = m->codelists[i].uri;
		}
	}
	if (code) {
		if (!cc->code)
			cc->code = code;
		cc->version = ver;
	}
}

static void gen_particle(sk *s, xmlNodePtr parent, const xoev_model_particle *p,
                         const code_choice *cc, const xoev_vnode *vn);
static void note_missing(sk *s, const char *name);

const char *xoev_vnode__attr(const xoev_vnode *n, const xoev_model_attribute *a)
{
	size_t i;

	for (i = 0; n && i < n->attr_count; i++)
		if (n->attrs[i].decl == a)
			return n->attrs[i].value;
	return NULL;
}

/* The attribute of t named name (no namespace), or NULL. */
static const xoev_model_attribute *attr_named(const xoev_model_type *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->attribute_count; i++)
		if (!t->attributes[i].ns && strcmp(t->attributes[i].name, name) == 0)
			return &t->attributes[i];
	return NULL;
}

/* 1 if a required attribute of the root that the generator fills (product). */
static int filled_root_attr(const sk *s, const xoev_model_attribute *a)
{
	return s->depth == 1 && !a->ns &&
	       (strcmp(a->name, "produkt") == 0 || strcmp(a->name, "produkthersteller") == 0 ||
	        strcmp(a->name, "produktversion") == 0);
}

/*
 * Attributes of element e: values set in vn (the builder) win; fixed ones
 * are filled; code-list metadata comes from cc. In values mode a required
 * attribute outside the header that was not set is missing.
 */
static void gen_attributes(sk *s, xmlNodePtr n, const xoev_model_element *e, const code_choice *cc,
                           const xoev_vnode *vn)
{
	const xoev_model_type *t = e->type;
	size_t i;

	for (i = 0; i < t->attribute_count; i++) {
		const xoev_model_attribute *a = &t->attributes[i];
		const char *given = xoev_vnode__attr(vn, a);
		char *v = NULL;
		int ok = 1;
		if (given) {
			set_attr(s, n, a, given);
			continue;
		}
		if (a->fixed) {
			set_attr(s, n, a, a->fixed);
			continue;
		}
		if (t->code_kind && !a->ns && strcmp(a->name, "listURI") == 0) {
			if (cc->uri && (a->required || s->full || cc->version))
				set_attr(s, n, a, cc->uri);
			else if (a->required)
				set_attr(s, n, a, "urn:libxoev:placeholder");
			continue;
		}
		if (t->code_kind && !a->ns && strcmp(a->name, "listVersionID") == 0) {
			if (cc->version && (a->required || s->full || cc->uri))
				set_attr(s, n, a, cc->version);
			else if (a->required)
				set_attr(s, n, a, "1");
			continue;
		}
		if (!a->required && !s->full)
			continue;
		if (vn && s->values_mode && !s->in_header && !filled_root_attr(s, a)) {
			char at[300];
			snprintf(at, sizeof at, "@%s", a->name);
			note_missing(s, at);
			continue;
		}
		if (s->depth == 1 && !a->ns && (strcmp(a->name, "produkt") == 0 ||
		                                strcmp(a->name, "produkthersteller") == 0))
			v = xoev_util__strdup("libxoev");
		else if (s->depth == 1 && !a->ns && strcmp(a->name, "produktversion") == 0)
			v = xoev_util__strdup(XOEV_VERSION_STRING);
		else if (s->depth == 1 && !a->ns && strcmp(a->name, "test") == 0)
			v = xoev_util__strdup("true");
		else
			v = xoev_gen__value(s->g, a->type, a->name, &ok);
		if (!v) {
			s->oom = 1;
			return;
		}
		if (!ok)
			warn(s, "generate.facets", "no value found for attribute %s that satisfies its facets",
			     a->name);
		set_attr(s, n, a, v);
		free(v);
	}
}

/* A header value for element e by its name, or NULL (then the type decides). */
static char *header_value(sk *s, const xoev_model_element *e)
{
	const xoev_model_type *t = e->type;

	if (!t || t->kind != XOEV_MT_SIMPLE)
		return NULL;
	if (strcmp(e->name, "nachrichtenUUID") == 0 || strcmp(e->name, "ProzessID") == 0) {
		char u[37];
		if (xoev_gen__uuid4(u) == XOEV_OK && xoev_gen__value_ok(s->g, t, u))
			return xoev_util__strdup(u);
	}
	if (strcmp(e->name, "kennung") == 0 && s->in_header && s->path.count >= 2) {
		const char *up = s->path.items[s->path.count - 2];
		if (strcmp(up, "autor") == 0 && s->author)
			return xoev_util__strdup(s->author);
		if (strcmp(up, "leser") == 0 && s->reader)
			return xoev_util__strdup(s->reader);
	}
	if ((strcmp(e->name, "erstellungszeitpunkt") == 0 ||
	     strcmp(e->name, "Erstellungszeitpunkt") == 0) &&
	    t->primitive && strcmp(t->primitive, "dateTime") == 0) {
		char now[32];
		xoev_gen__now(now);
		return xoev_util__strdup(now);
	}
	return NULL;
}

/*
 * A code element built from values: a listURI set by path chooses the list
 * (code type 4), its version then comes from the bundle's code lists unless
 * listVersionID was set too.
 */
static void code_from_values(sk *s, const xoev_model_type *t, const xoev_vnode *vn,
                             code_choice *cc)
{
	const xoev_model_attribute *ua = attr_named(t, "listURI");
	const xoev_model_attribute *va = attr_named(t, "listVersionID");
	const char *uri = ua ? xoev_vnode__attr(vn, ua) : NULL;
	const char *ver = va ? xoev_vnode__attr(vn, va) : NULL;

	if (uri && (!cc->uri || strcmp(uri, cc->uri) != 0)) {
		const char *found = NULL;
		cc->uri = uri;
		cc->version = NULL;
		if (s->g->codelists && xoev_codelist__first_code(s->g->codelists, uri, NULL, &found))
			cc->version = found;
	}
	if (ver)
		cc->version = ver;
}

/* The value of the current element (simple content) was not set. */
static void note_missing_value(sk *s)
{
	if (s->missing)
		return;
	s->missing = path_text(s);
	if (!s->missing)
		s->oom = 1;
}

static int is_header_name(const char *name)
{
	return strcmp(name, "nachrichtenkopf.g2g") == 0 || strcmp(name, "nachrichtenkopf") == 0 ||
	       strcmp(name, "Kopf") == 0;
}

static void gen_element(sk *s, xmlNodePtr parent, const xoev_model_element *e,
                        const code_choice *parent_cc, const xoev_vnode *vn)
{
	int was_header = s->in_header;
	const xoev_model_type *t;
	xmlNodePtr n;
	code_choice cc;
	xmlNsPtr ns;

	if (s->oom || s->limit)
		return;
	if (e->abstract_) {
		const xoev_model_element *sub = xoev_model__substitute(s->g->model, e);
		if (!sub) {
			warn(s, "generate.abstract", "abstract element %s has no substitute", e->name);
			return;
		}
		e = sub;
	}
	t = e->type;
	if (++s->elements > MAX_ELEMENTS || s->depth >= MAX_DEPTH) {
		s->limit = 1;
		return;
	}
	if (xoev_strv__push(&s->path, e->name)) {
		s->oom = 1;
		return;
	}
	n = xmlNewDocNode(s->doc, NULL, (const xmlChar *)e->name, NULL);
	if (!n) {
		s->oom = 1;
		goto out;
	}
	if (!s->root) {
		xmlDocSetRootElement(s->doc, n);
		s->root = n;
	} else if (!xmlAddChild(parent, n)) {
		xmlFreeNode(n);
		s->oom = 1;
		goto out;
	}
	ns = e->ns ? ns_for(s, e->ns) : NULL;
	if (ns)
		xmlSetNs(n, ns);
	s->stack[s->depth++] = t;
	if (s->depth == 2 && is_header_name(e->name))
		s->in_header = 1;
	if (t->kind == XOEV_MT_COMPLEX && t->code_kind)
		choose_code(s, e, &cc);
	else
		memset(&cc, 0, sizeof cc);
	if (vn && vn->text && t->kind == XOEV_MT_COMPLEX && t->code_kind)
		cc.code = vn->text;
	if (vn && t->kind == XOEV_MT_COMPLEX && t->code_kind)
		code_from_values(s, t, vn, &cc);
	if (t->kind == XOEV_MT_COMPLEX)
		gen_attributes(s, n, e, &cc, vn);
	if (e->fixed) {
		set_text(s, n, e->fixed);
	} else if (t->kind == XOEV_MT_SIMPLE ||
	           (t->kind == XOEV_MT_COMPLEX && t->content == XOEV_MC_SIMPLE)) {
		const xoev_model_type *st = t->kind == XOEV_MT_SIMPLE ? t : t->content_type;
		char *v = NULL;
		int ok = 1;
		if (vn && vn->text) {
			v = xoev_util__strdup(vn->text);
		} else if (vn && s->values_mode && !s->in_header) {
			/* attributes were set, the value was not */
			note_missing_value(s);
			goto done;
		} else if (parent_cc && parent_cc->code && !e->ns && strcmp(e->name, "code") == 0 &&
		         xoev_gen__value_ok(s->g, st, parent_cc->code))
			v = xoev_util__strdup(parent_cc->code);
		else if (!(v = header_value(s, e)))
			v = xoev_gen__value(s->g, st, e->name, &ok);
		if (!v) {
			s->oom = 1;
		} else {
			if (!ok)
				warn(s, "generate.facets", "no value found that satisfies the facets of %s",
				     e->name);
			if (st && (xoev_model__derives_from_builtin(st, "IDREF"))) {
				xmlNodePtr *ni = realloc(s->idrefs, (s->idref_count + 1) * sizeof *ni);
				if (ni) {
					s->idrefs = ni;
					s->idrefs[s->idref_count++] = n;
				}
			} else if (st && xoev_model__derives_from_builtin(st, "ID") && !s->first_id) {
				s->first_id = xoev_util__strdup(v);
			}
			set_text(s, n, v);
			free(v);
		}
	} else if (vn && s->values_mode && !s->in_header && t->code_kind && !vn->text &&
	           !vn->child_count) {
		note_missing(s, "code");
	} else if (t->particle && t->content != XOEV_MC_EMPTY) {
		/* a leaf value (a code) fills the element's children like a skeleton */
		gen_particle(s, n, t->particle, &cc, vn && !vn->text ? vn : NULL);
	}
done:
	s->depth--;
	s->in_header = was_header;
out:
	free(s->path.items[--s->path.count]);
}

/* 1 if generating p (once) would expand a type already on the stack. */
static int recurses(const sk *s, const xoev_model_particle *p, int depth)
{
	size_t i;

	if (depth > 8)
		return 0;
	if (p->kind == XOEV_MP_ELEMENT)
		return on_stack(s, p->element->type);
	if (p->kind == XOEV_MP_ANY)
		return 0;
	for (i = 0; i < p->child_count; i++)
		if (p->children[i]->min_occurs > 0 && recurses(s, p->children[i], depth + 1))
			return 1;
	return 0;
}

static void gen_any(sk *s, xmlNodePtr parent, const xoev_model_particle *p)
{
	const char *nsattr = p->any_namespace ? p->any_namespace : "##any";
	const char *href = strstr(nsattr, "##local") ? NULL : "urn:libxoev:skeleton:any";
	xmlNodePtr n;

	if (p->any_process && strcmp(p->any_process, "strict") == 0)
		warn(s, "generate.wildcard", "a strict wildcard needs a declared element; %s",
		     "a placeholder element is written");
	if (strcmp(nsattr, "##any") != 0 && strcmp(nsattr, "##other") != 0 && !strstr(nsattr, "##local")) {
		/* a list of namespaces: take the first */
		static char first[512];
		size_t l = strcspn(nsattr, " \t\r\n");
		if (l < sizeof first) {
			memcpy(first, nsattr, l);
			first[l] = '\0';
			href = strcmp(first, "##targetNamespace") == 0 ? NULL : first;
		}
	}
	n = xmlNewDocNode(s->doc, NULL, (const xmlChar *)"placeholder", NULL);
	if (!n || !xmlAddChild(parent, n)) {
		xmlFreeNode(n);
		s->oom = 1;
		return;
	}
	if (href) {
		xmlNsPtr ns = xmlNewNs(n, (const xmlChar *)href, (const xmlChar *)"any");
		if (ns)
			xmlSetNs(n, ns);
	}
}

/* 1 if the text of element e can satisfy its type (schemas with contradicting facets exist). */
static int satisfiable(sk *s, const xoev_model_element *e)
{
	const xoev_model_type *t = e->type, *st;
	char *v;
	int ok = 1;

	if (e->fixed)
		return 1;
	st = t->kind == XOEV_MT_SIMPLE ? t : t->content == XOEV_MC_SIMPLE ? t->content_type : NULL;
	if (!st)
		return 1;
	v = xoev_gen__value(s->g, st, e->name, &ok);
	free(v);
	return ok;
}

/* 1 if the value tree vn sets something below particle p. */
static int has_values(const xoev_vnode *vn, const xoev_model_particle *p, int depth)
{
	size_t i;

	if (!vn || depth > 32)
		return 0;
	if (p->kind == XOEV_MP_ELEMENT) {
		for (i = 0; i < vn->child_count; i++)
			if (vn->children[i]->decl == p->element)
				return 1;
		return 0;
	}
	for (i = 0; i < p->child_count; i++)
		if (has_values(vn, p->children[i], depth + 1))
			return 1;
	return 0;
}

static void note_missing(sk *s, const char *name)
{
	char *p;

	if (s->missing)
		return;
	p = path_text(s);
	s->missing = p ? xoev_util__printf("%s/%s", p, name) : NULL;
	free(p);
	if (!s->missing)
		s->oom = 1;
}

/* Build from values: what vn sets, in schema order; required content that is unset is missing. */
static void gen_particle_values(sk *s, xmlNodePtr parent, const xoev_model_particle *p,
                                const code_choice *cc, const xoev_vnode *vn)
{
	size_t k;

	switch (p->kind) {
	case XOEV_MP_ELEMENT: {
		size_t found = 0;
		for (k = 0; k < vn->child_count; k++)
			if (vn->children[k]->decl == p->element) {
				gen_element(s, parent, p->element, cc, vn->children[k]);
				found++;
			}
		if (found == 0 && p->min_occurs > 0) {
			if (s->in_header || (s->depth == 1 && is_header_name(p->element->name))) {
				long i;
				for (i = 0; i < p->min_occurs; i++)
					gen_element(s, parent, p->element, cc, NULL);
			} else {
				note_missing(s, p->element->name);
			}
		}
		break;
	}
	case XOEV_MP_ANY:
		break;
	case XOEV_MP_SEQUENCE:
	case XOEV_MP_ALL:
		if (p->min_occurs == 0 && !has_values(vn, p, 0))
			break;
		for (k = 0; k < p->child_count; k++)
			gen_particle(s, parent, p->children[k], cc, vn);
		break;
	case XOEV_MP_CHOICE: {
		size_t pick = p->child_count;
		for (k = 0; k < p->child_count; k++)
			if (has_values(vn, p->children[k], 0)) {
				pick = k;
				break;
			}
		if (pick == p->child_count) {
			if (p->min_occurs == 0 || !p->child_count)
				break;
			if (!s->in_header) {
				const xoev_model_particle *c = p->children[0];
				note_missing(s, c->kind == XOEV_MP_ELEMENT ? c->element->name : "(choice)");
				break;
			}
			pick = 0;
		}
		gen_particle(s, parent, p->children[pick], cc, vn);
		break;
	}
	}
}

static void gen_particle(sk *s, xmlNodePtr parent, const xoev_model_particle *p,
                         const code_choice *cc, const xoev_vnode *vn)
{
	long count, i;
	size_t k;

	if (s->oom || s->limit || !p)
		return;
	if (vn) {
		gen_particle_values(s, parent, p, cc, vn);
		return;
	}
	count = p->min_occurs;
	if (count == 0 && s->full && p->max_occurs != 0 && p->kind != XOEV_MP_ANY && !recurses(s, p, 0)) {
		count = 1;
		if (p->kind == XOEV_MP_ELEMENT && !satisfiable(s, p->element)) {
			warn(s, "generate.unsatisfiable",
			     "optional element %s left out: no value satisfies all facets of its type",
			     p->element->name);
			count = 0;
		}
	}
	for (i = 0; i < count; i++) {
		switch (p->kind) {
		case XOEV_MP_ELEMENT:
			gen_element(s, parent, p->element, cc, NULL);
			break;
		case XOEV_MP_ANY:
			gen_any(s, parent, p);
			break;
		case XOEV_MP_SEQUENCE:
		case XOEV_MP_ALL:
			for (k = 0; k < p->child_count; k++)
				gen_particle(s, parent, p->children[k], cc, NULL);
			break;
		case XOEV_MP_CHOICE: {
			/* the first branch, unless it recurses and another does not */
			size_t pick = 0;
			for (k = 0; k < p->child_count; k++)
				if (!recurses(s, p->children[k], 0)) {
					pick = k;
					break;
				}
			if (p->child_count) {
				const xoev_model_particle *c = p->children[pick];
				/* a choice branch that is optional: one occurrence of it */
				if (c->min_occurs == 0 && c->kind == XOEV_MP_ELEMENT)
					gen_element(s, parent, c->element, cc, NULL);
				else
					gen_particle(s, parent, c, cc, NULL);
			}
			break;
		}
		}
	}
}

/* ------------------------------------------------------------------ */
/* entry points                                                        */
/* ------------------------------------------------------------------ */

int xoev_gen__root(xoev_gen *g, const char *message, const xoev_model_element **root,
                   const char **number)
{
	const xoev_message_type *t = xoev_bundle_find_message(g->bundle, message);

	*root = NULL;
	*number = NULL;
	if (t) {
		*number = xoev_message_type_number(t);
		*root = xoev_model__element(g->model, xoev_message_type_namespace(t),
		                            xoev_message_type_root(t));
	} else if (xoev_bundle__accepts_any_root(g->bundle)) {
		const char *dot = strrchr(message, '.');
		*root = xoev_model__element(g->model, NULL, message);
		if (dot && dot[1] && strspn(dot + 1, "0123456789") == strlen(dot + 1))
			*number = dot + 1;
	}
	return *root ? XOEV_OK : XOEV_ENOTFOUND;
}

int xoev_gen__emit(xoev_gen *g, const xoev_model_element *root, const char *number,
                   unsigned int flags, const xoev_vnode *values, const char *author,
                   const char *reader, char **out, size_t *len, char **missing)
{
	sk s;
	xmlChar *mem = NULL;
	int size = 0, rc;
	size_t i;

	*out = NULL;
	if (len)
		*len = 0;
	if (missing)
		*missing = NULL;
	memset(&s, 0, sizeof s);
	s.number = number;
	s.g = g;
	s.full = (flags & XOEV_SKELETON_FULL) != 0;
	s.values_mode = values != NULL;
	s.author = author;
	s.reader = reader;
	s.doc = xmlNewDoc((const xmlChar *)"1.0");
	if (!s.doc)
		return XOEV_ENOMEM;
	gen_element(&s, NULL, root, NULL, values);
	for (i = 0; i < s.idref_count; i++)
		xmlNodeSetContent(s.idrefs[i], (const xmlChar *)(s.first_id ? s.first_id : "id1"));
	if (!s.oom && !s.limit && !s.missing) {
		xmlDocDumpFormatMemoryEnc(s.doc, &mem, &size, "UTF-8", 1);
		if (!mem)
			s.oom = 1;
	}
	rc = s.oom ? XOEV_ENOMEM : s.limit ? XOEV_ELIMIT : s.missing ? XOEV_ERROR : XOEV_OK;
	if (rc == XOEV_OK) {
		*out = malloc((size_t)size + 1);
		if (!*out) {
			rc = XOEV_ENOMEM;
		} else {
			memcpy(*out, mem, (size_t)size);
			(*out)[size] = '\0';
			if (len)
				*len = (size_t)size;
		}
	}
	if (missing && s.missing) {
		*missing = s.missing;
		s.missing = NULL;
	}
	free(s.missing);
	xmlFree(mem);
	xmlFreeDoc(s.doc);
	free(s.idrefs);
	free(s.first_id);
	xoev_strv__free(&s.path);
	return rc;
}

int xoev_skeleton(const xoev_bundle *b, const char *message, unsigned int flags, char **out_xml,
                  size_t *len, xoev_diag_list *diags)
{
	xoev_gen g;
	const xoev_model_element *root;
	const char *number;
	int rc;

	if (!b || !message || !out_xml)
		return XOEV_EINVAL;
	*out_xml = NULL;
	if (len)
		*len = 0;
	rc = xoev_gen__init(&g, b, diags);
	if (rc == XOEV_OK)
		rc = xoev_gen__root(&g, message, &root, &number);
	if (rc == XOEV_OK)
		rc = xoev_gen__emit(&g, root, number, flags, NULL, NULL, NULL, out_xml, len, NULL);
	xoev_gen__clear(&g);
	return rc;
}
