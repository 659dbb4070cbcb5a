/*
 * libxoev - conformance suites: loading a manifest (xoev-suite.xml):
 * checked against the embedded schema, paths resolved and confined to the
 * suite directory, the bases and the directories the caller allows.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "conformance_int.h"

static void case_free(xoev_suite_case *c)
{
	size_t i;

	free(c->id);
	free(c->message);
	free(c->display);
	free(c->path_error);
	free(c->known_gap);
	for (i = 0; i < c->mut_count; i++) {
		free(c->muts[i].select);
		free(c->muts[i].name);
		free(c->muts[i].value);
	}
	free(c->muts);
	free(c->standard);
	free(c->version);
	free(c->message_type);
	xoev_strv__free(&c->fires);
	xoev_strv__free(&c->silent);
	free(c->to);
	free(c->output);
	free(c->output_error);
	for (i = 0; i < c->loss_count; i++) {
		free(c->losses[i].kind);
		free(c->losses[i].change);
		free(c->losses[i].step);
		free(c->losses[i].value);
		free(c->losses[i].xpath);
	}
	free(c->losses);
}

void xoev_suite_free(xoev_suite *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->count; i++)
		case_free(&s->cases[i]);
	free(s->cases);
	free(s->name);
	free(s->manifest);
	free(s->dir);
	xoev_strv__free(&s->ns_prefixes);
	xoev_strv__free(&s->ns_uris);
	free(s);
}

const char *xoev_suite_name(const xoev_suite *s)
{
	return s ? s->name : NULL;
}

const char *xoev_suite_manifest_path(const xoev_suite *s)
{
	return s ? s->manifest : NULL;
}

size_t xoev_suite_case_count(const xoev_suite *s)
{
	return s ? s->count : 0;
}

const char *xoev_suite_case_id(const xoev_suite *s, size_t i)
{
	return s && i < s->count ? s->cases[i].id : NULL;
}

/* ------------------------------------------------------------------ */
/* checking the manifest against the embedded schema                   */
/* ------------------------------------------------------------------ */

typedef struct {
	xoev_diag_list *diags;
	const char *path;
	int errors;
} schema_errors;

static void on_manifest_error(void *user, xmlErrorPtr err)
{
	schema_errors *c = user;
	char *msg;

	if (!err || err->level == XML_ERR_WARNING)
		return;
	c->errors++;
	msg = xoev_xml__error_message(err);
	xoev_diag__addf(c->diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE, "conformance.manifest",
	                c->path, err->line > 0 ? (unsigned long)err->line : 0, 0, NULL, "%s",
	                msg ? msg : "the manifest does not conform to schemas/xoev-conformance.xsd");
	free(msg);
}

/* 0 valid; XOEV_EBUNDLE (findings added); XOEV_ENOMEM. */
static int check_schema(xmlDocPtr doc, const char *path, xoev_diag_list *diags)
{
	schema_errors c = { diags, path, 0 };
	xmlSchemaParserCtxtPtr pctxt;
	xmlSchemaValidCtxtPtr vctxt = NULL;
	xmlSchemaPtr schema = NULL;
	xoev_quiet quiet;
	int r = -1;

	xoev_xml__quiet_begin(&quiet, NULL, NULL);
	pctxt = xmlSchemaNewMemParserCtxt(xoev_conformance__xsd, (int)strlen(xoev_conformance__xsd));
	if (pctxt)
		schema = xmlSchemaParse(pctxt);
	xmlSchemaFreeParserCtxt(pctxt);
	if (schema)
		vctxt = xmlSchemaNewValidCtxt(schema);
	if (vctxt) {
		xmlSchemaSetValidStructuredErrors(vctxt, on_manifest_error, &c);
		r = xmlSchemaValidateDoc(vctxt, doc);
	}
	xoev_xml__quiet_end(&quiet);
	xmlSchemaFreeValidCtxt(vctxt);
	xmlSchemaFree(schema);
	if (r < 0)
		return XOEV_ENOMEM;
	if (r > 0 || c.errors) {
		if (!c.errors)
			xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE,
			                "conformance.manifest", path, 0, 0, NULL,
			                "the manifest does not conform to schemas/xoev-conformance.xsd");
		return XOEV_EBUNDLE;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* loading                                                             */
/* ------------------------------------------------------------------ */

static int is_el(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       strcmp((const char *)n->ns->href, XOEV_SUITE_NAMESPACE) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

typedef struct {
	const xoev_suite_load_options *opts;
	char **allowed;     /* canonical allowed roots: the suite dir, bases, allowed dirs */
	size_t allowed_count;
	char *cwd;
	xoev_strv declared_bases;
	xoev_diag_list *diags;
	const char *path;
	int oom;
	int bad;
} loader;

static char *attr(const xmlNode *n, const char *name, loader *l)
{
	int oom = 0;
	char *v = xoev_xml__attr_dup(n, name, &oom);
	if (oom)
		l->oom = 1;
	return v;
}

static char *text_of(const xmlNode *n, loader *l)
{
	xmlChar *t = xmlNodeGetContent(n);
	char *v = xoev_util__strdup(t ? (const char *)t : "");
	xmlFree(t);
	if (!v)
		l->oom = 1;
	return v;
}

/*
 * The path shown in reports and read by validation: relative to the
 * working directory when below it (it then names the canonical file
 * itself, through no symbolic link), else the canonical path.
 */
static char *display_path(const loader *l, const char *canonical)
{
	size_t n = l->cwd ? strlen(l->cwd) : 0;

	if (n && xoev_io__path_under(l->cwd, canonical) && canonical[n] == '/')
		return xoev_util__strdup(canonical + n + 1);
	return xoev_util__strdup(canonical);
}

/*
 * Resolve rel against dir (the suite's directory or a base's) and check
 * that it stays inside an allowed root. Returns the canonical path, or
 * NULL with *why set (new string) when it is refused or missing.
 */
static char *resolve(loader *l, const char *dir, const char *rel, char **why)
{
	char *joined, *canon;
	struct stat st;
	size_t i;

	*why = NULL;
	joined = xoev_io__join(dir, rel);
	if (!joined) {
		l->oom = 1;
		return NULL;
	}
	canon = xoev_io__realpath(joined);
	if (!canon) {
		*why = xoev_util__printf("%s: cannot resolve '%s': %s", "conformance.path-missing", rel,
		                         strerror(errno));
		free(joined);
		return NULL;
	}
	free(joined);
	if (stat(canon, &st) != 0 || !S_ISREG(st.st_mode)) {
		/* a FIFO or device would hang or never end; a directory is no message */
		*why = xoev_util__printf("%s: '%s' is not a regular file", "conformance.path-missing", rel);
		free(canon);
		return NULL;
	}
	for (i = 0; i < l->allowed_count; i++)
		if (xoev_io__path_under(l->allowed[i], canon))
			return canon;
	*why = xoev_util__printf("%s: '%s' resolves to %s, outside the suite directory and the "
	                         "directories allowed (--allow DIR, --base NAME=DIR)",
	                         "conformance.path-outside", rel, canon);
	free(canon);
	return NULL;
}

/* The directory a case's paths resolve against: its base's, or the suite's. */
static const char *base_dir(loader *l, const xoev_suite *s, const char *base, char **why)
{
	size_t i;

	*why = NULL;
	if (!base)
		return s->dir;
	for (i = 0; l->opts && i < l->opts->base_count; i++)
		if (strcmp(l->opts->base_names[i], base) == 0)
			return l->opts->base_dirs[i];
	*why = xoev_util__printf("conformance.base-missing: the case reads from base '%s', whose "
	                         "directory was not given (--base %s=DIR)", base, base);
	return NULL;
}

static int absolute_refused(loader *l, const xmlNode *n, const char *what, const char *p)
{
	if (p[0] != '/')
		return 0;
	xoev_diag__addf(l->diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE, "conformance.path-absolute",
	                l->path, (unsigned long)xmlGetLineNo(n), 0, NULL,
	                "%s '%s' is absolute; manifest paths are relative to the suite directory or "
	                "to a base", what, p);
	l->bad = 1;
	return 1;
}

static void read_mutations(loader *l, xoev_suite_case *c, const xmlNode *m)
{
	const xmlNode *e;
	size_t n = 0;

	for (e = m->children; e; e = e->next)
		n += e->type == XML_ELEMENT_NODE;
	c->muts = calloc(n ? n : 1, sizeof *c->muts);
	if (!c->muts) {
		l->oom = 1;
		return;
	}
	for (e = m->children; e; e = e->next) {
		xoev_suite_mutation *mu;
		if (e->type != XML_ELEMENT_NODE)
			continue;
		mu = &c->muts[c->mut_count++];
		mu->op = is_el(e, "delete") ? XOEV_MUT_DELETE : is_el(e, "set") ? XOEV_MUT_SET : XOEV_MUT_SET_ATTRIBUTE;
		mu->select = attr(e, "select", l);
		if (mu->op != XOEV_MUT_DELETE)
			mu->value = text_of(e, l);
		if (mu->op == XOEV_MUT_SET_ATTRIBUTE)
			mu->name = attr(e, "name", l);
	}
}

static xoev_verdict verdict_of(const char *s)
{
	if (strcmp(s, "valid") == 0)
		return XOEV_VERDICT_VALID;
	if (strcmp(s, "invalid") == 0)
		return XOEV_VERDICT_INVALID;
	if (strcmp(s, "io-error") == 0)
		return XOEV_VERDICT_IO_ERROR;
	return XOEV_VERDICT_UNKNOWN;
}

static void read_expect(loader *l, xoev_suite_case *c, const xmlNode *x)
{
	const xmlNode *e;
	char *v = attr(x, "verdict", l);

	c->kind = XOEV_CASE_VALIDATE;
	c->verdict = v ? verdict_of(v) : XOEV_VERDICT_VALID;
	free(v);
	c->standard = attr(x, "standard", l);
	c->version = attr(x, "version", l);
	c->message_type = attr(x, "messageType", l);
	for (e = x->children; e; e = e->next) {
		char *rule;
		if (!is_el(e, "fires") && !is_el(e, "silent"))
			continue;
		rule = attr(e, "rule", l);
		if (!rule || xoev_strv__push_owned(is_el(e, "fires") ? &c->fires : &c->silent, rule) != 0)
			l->oom = 1;
	}
}

static xoev_translate_outcome outcome_of(const char *s)
{
	static const xoev_translate_outcome all[] = {
		XOEV_TRANSLATE_LOSSLESS, XOEV_TRANSLATE_LOSSLESS_WITH_DEFAULTS, XOEV_TRANSLATE_LOSSY,
		XOEV_TRANSLATE_REJECTED, XOEV_TRANSLATE_FAILED
	};
	size_t i;

	for (i = 0; i < sizeof all / sizeof all[0]; i++)
		if (strcmp(s, xoev_translate_outcome_name(all[i])) == 0)
			return all[i];
	return XOEV_TRANSLATE_FAILED;
}

static void read_translate(loader *l, xoev_suite *s, xoev_suite_case *c, const xmlNode *t)
{
	const xmlNode *e;
	char *v;
	size_t n = 0;

	c->kind = XOEV_CASE_TRANSLATE;
	c->to = attr(t, "to", l);
	v = attr(t, "outcome", l);
	c->outcome = v ? outcome_of(v) : XOEV_TRANSLATE_FAILED;
	free(v);
	v = attr(t, "policy", l);
	c->strict = v && strcmp(v, "strict") == 0;
	free(v);
	v = attr(t, "losses", l);
	c->losses_exact = !v || strcmp(v, "listed") != 0;
	free(v);
	v = attr(t, "output", l);
	if (v && !absolute_refused(l, t, "output", v)) {
		c->has_output = 1;
		c->output = resolve(l, s->dir, v, &c->output_error);
	}
	free(v);
	for (e = t->children; e; e = e->next)
		n += is_el(e, "loss");
	c->losses = calloc(n ? n : 1, sizeof *c->losses);
	if (!c->losses) {
		l->oom = 1;
		return;
	}
	for (e = t->children; e; e = e->next) {
		xoev_suite_loss *x;
		if (!is_el(e, "loss"))
			continue;
		x = &c->losses[c->loss_count++];
		x->kind = attr(e, "kind", l);
		x->change = attr(e, "change", l);
		x->step = attr(e, "step", l);
		x->value = attr(e, "value", l);
		x->xpath = attr(e, "xpath", l);
	}
}

static void read_case(loader *l, xoev_suite *s, xoev_suite_case *c, const xmlNode *n)
{
	const xmlNode *e;
	char *msg = attr(n, "message", l), *base = attr(n, "base", l), *layers = attr(n, "layers", l);
	const char *dir;

	c->id = attr(n, "id", l);
	c->line = (unsigned long)xmlGetLineNo(n);
	c->known_gap = attr(n, "knownGap", l);
	if (layers && xoev_layers_parse(layers, &c->layers) != 0)
		c->layers = 0;
	if (base && !xoev_strv__contains(&l->declared_bases, base)) {
		xoev_diag__addf(l->diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE,
		                "conformance.unknown-base", l->path, c->line, 0, NULL,
		                "case %s reads from base '%s', which the manifest does not declare "
		                "(<base name=\"%s\"/>)", c->id ? c->id : "?", base, base);
		l->bad = 1;
	}
	if (msg && !absolute_refused(l, n, "message", msg)) {
		dir = base_dir(l, s, base, &c->path_error);
		if (dir)
			c->message = resolve(l, dir, msg, &c->path_error);
		if (c->message)
			c->display = display_path(l, c->message);
		else if (!l->oom)
			c->display = base ? xoev_util__printf("%s:%s", base, msg) : xoev_util__strdup(msg);
		if (!c->display)
			l->oom = 1;
	}
	for (e = n->children; e; e = e->next) {
		if (is_el(e, "mutate"))
			read_mutations(l, c, e);
		else if (is_el(e, "expect"))
			read_expect(l, c, e);
		else if (is_el(e, "translate"))
			read_translate(l, s, c, e);
	}
	free(msg);
	free(base);
	free(layers);
}

/* The canonical roots manifest paths may reach. */
static int collect_roots(loader *l, const xoev_suite *s)
{
	const xoev_suite_load_options *o = l->opts;
	size_t n = 1 + (o ? o->allowed_dir_count + o->base_count : 0), i;

	l->allowed = calloc(n, sizeof *l->allowed);
	if (!l->allowed)
		return XOEV_ENOMEM;
	l->allowed[l->allowed_count++] = xoev_util__strdup(s->dir);
	for (i = 0; o && i < o->allowed_dir_count + o->base_count; i++) {
		const char *d = i < o->allowed_dir_count ? o->allowed_dirs[i]
		                                         : o->base_dirs[i - o->allowed_dir_count];
		char *c = d ? xoev_io__realpath(d) : NULL;
		if (!c) {
			xoev_diag__addf(l->diags, XOEV_SEVERITY_WARNING, XOEV_LAYER_BUNDLE,
			                "conformance.path-missing", d, 0, 0, NULL,
			                "the directory %s does not exist; nothing below it is allowed",
			                d ? d : "(null)");
			continue;
		}
		l->allowed[l->allowed_count++] = c;
	}
	return l->allowed[0] ? 0 : XOEV_ENOMEM;
}

static int load_doc(xoev_suite *s, xmlDocPtr doc, loader *l)
{
	xmlNode *root = xmlDocGetRootElement(doc), *n;
	size_t count = 0;
	char *name;

	for (n = root->children; n; n = n->next) {
		count += is_el(n, "case");
		if (is_el(n, "base")) {
			char *b = attr(n, "name", l);
			if (!b || xoev_strv__push_owned(&l->declared_bases, b) != 0)
				return XOEV_ENOMEM;
		} else if (is_el(n, "namespace")) {
			if (xoev_strv__push_owned(&s->ns_prefixes, attr(n, "prefix", l)) != 0 ||
			    xoev_strv__push_owned(&s->ns_uris, attr(n, "uri", l)) != 0)
				return XOEV_ENOMEM;
		}
	}
	name = attr(root, "name", l);
	if (!name) {
		const char *slash = strrchr(s->dir, '/');
		name = xoev_util__strdup(slash && slash[1] ? slash + 1 : s->dir);
	}
	s->name = name;
	s->cases = calloc(count ? count : 1, sizeof *s->cases);
	if (!s->cases || !s->name)
		return XOEV_ENOMEM;
	for (n = root->children; n && !l->oom; n = n->next)
		if (is_el(n, "case"))
			read_case(l, s, &s->cases[s->count++], n);
	/* case ids are unique: the schema says so (xs:unique) */
	if (l->oom)
		return XOEV_ENOMEM;
	return l->bad ? XOEV_EBUNDLE : 0;
}

int xoev_suite_load(xoev_suite **out, const char *path, const xoev_suite_load_options *opts,
                    xoev_diag_list *diags)
{
	loader l;
	xoev_suite *s;
	xmlDocPtr doc = NULL;
	char *manifest_dir = NULL, cwd[4096];
	int rc;

	if (out)
		*out = NULL;
	if (!out || !path || (opts && opts->version != XOEV_SUITE_LOAD_OPTIONS_VERSION))
		return XOEV_EINVAL;
	if (xoev_init() != 0)
		return XOEV_ERROR;
	memset(&l, 0, sizeof l);
	l.opts = opts;
	l.diags = diags;
	s = calloc(1, sizeof *s);
	if (!s)
		return XOEV_ENOMEM;
	s->manifest = xoev_io__is_dir(path) ? xoev_io__join(path, XOEV_SUITE_MANIFEST)
	                                    : xoev_util__strdup(path);
	if (!s->manifest) {
		rc = XOEV_ENOMEM;
		goto done;
	}
	l.path = s->manifest;
	if (access(s->manifest, R_OK) != 0) {
		xoev_diag__addf(diags, XOEV_SEVERITY_FATAL, XOEV_LAYER_BUNDLE, "conformance.unreadable",
		                s->manifest, 0, 0, NULL, "cannot read the suite manifest: %s",
		                strerror(errno));
		rc = XOEV_EIO;
		goto done;
	}
	doc = xoev_xml__parse_local_file(s->manifest, diags);
	if (!doc) {
		rc = XOEV_EBUNDLE;
		goto done;
	}
	rc = check_schema(doc, s->manifest, diags);
	if (rc != 0)
		goto done;
	manifest_dir = xoev_io__dirname(s->manifest);
	s->dir = manifest_dir ? xoev_io__realpath(manifest_dir) : NULL;
	l.cwd = getcwd(cwd, sizeof cwd) ? xoev_io__realpath(cwd) : NULL;
	rc = s->dir ? collect_roots(&l, s) : XOEV_ENOMEM;
	if (rc == 0)
		rc = load_doc(s, doc, &l);
done:
	xmlFreeDoc(doc);
	free(manifest_dir);
	free(l.cwd);
	while (l.allowed_count)
		free(l.allowed[--l.allowed_count]);
	free(l.allowed);
	xoev_strv__free(&l.declared_bases);
	if (rc != 0) {
		xoev_suite_free(s);
		return rc;
	}
	*out = s;
	return 0;
}
