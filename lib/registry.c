/*
 * libxoev - the registry: bundles found on the search path, detection,
 * and lazily compiled, shared schemas.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "internal.h"
#include "model.h"
#include "translate.h"

#ifndef XOEV_DATADIR
#define XOEV_DATADIR "/usr/local/share/xoev/schemas"
#endif

struct xoev_message_type {
	char *root;
	char *number;
	char *ns;
	char *title;
};

struct xoev_bundle {
	xoev_manifest m;
	char *dir;                 /* canonical directory */
	xoev_message_type *messages;
	size_t message_count;
	int adhoc;
	char *adhoc_xsd;           /* canonical path of the ad-hoc schema */
	xmlCatalogPtr *catalogs;
	size_t catalog_count;

	pthread_mutex_t lock;
	int compile_state;         /* 0 not yet, 1 compiled, -1 failed */
	xmlSchemaPtr schema;
	xoev_diag_list *compile_diags; /* replayed to every caller after a failure */

	/* code lists and rules: loaded on first use, under the same lock */
	int layers_loaded;
	xoev_codelists *codelists;
	xoev_rules **rules;
	size_t rule_count;
	xoev_diag_list *layer_diags;   /* what loading them found; replayed */

	/* the schema model (model.h): built on first use, under the same lock */
	int model_state;               /* 0 not yet, 1 built, -1 failed */
	xoev_model *model;
	xoev_diag_list *model_diags;   /* what building it found; replayed */

	/* translation steps (translate.c): built on first use, under the same lock */
	void *steps;
	void (*steps_free)(void *);
	char *steps_home;              /* directory holding steps/ (the bundle's own or a step home) */
};

struct xoev_registry {
	xoev_bundle **bundles;
	size_t count;
	size_t cap;
	/*
	 * Step homes: <standard>/<version> directories on the search path
	 * that hold steps/ but no manifest (translation steps shipped for a
	 * standard whose schemas are imported elsewhere, such as xdomea).
	 * Only used while the registry opens.
	 */
	xoev_strv step_homes;
};

/* ------------------------------------------------------------------ */
/* versions and bundles                                                */
/* ------------------------------------------------------------------ */

/* Compare dotted versions numerically where both parts are numbers. */
static int version_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			char *ea, *eb;
			unsigned long na = strtoul(a, &ea, 10), nb = strtoul(b, &eb, 10);
			if (na != nb)
				return na < nb ? -1 : 1;
			a = ea;
			b = eb;
		} else {
			if (*a != *b)
				return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
			a++;
			b++;
		}
	}
	return 0;
}

static int bundle_cmp(const void *pa, const void *pb)
{
	const xoev_bundle *a = *(const xoev_bundle *const *)pa;
	const xoev_bundle *b = *(const xoev_bundle *const *)pb;
	int c = strcmp(a->m.standard, b->m.standard);
	return c ? c : version_cmp(a->m.version, b->m.version);
}

static void bundle_free(xoev_bundle *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->message_count; i++) {
		free(b->messages[i].root);
		free(b->messages[i].number);
		free(b->messages[i].ns);
		free(b->messages[i].title);
	}
	free(b->messages);
	xoev_codelist__free(b->codelists);
	for (i = 0; i < b->rule_count; i++)
		xoev_rules__free(b->rules[i]);
	free(b->rules);
	xoev_diag_list_free(b->layer_diags);
	xoev_model__free(b->model);
	xoev_diag_list_free(b->model_diags);
	for (i = 0; i < b->catalog_count; i++)
		if (b->catalogs[i])
			xmlFreeCatalog(b->catalogs[i]);
	free(b->catalogs);
	if (b->schema)
		xmlSchemaFree(b->schema);
	xoev_diag_list_free(b->compile_diags);
	if (b->steps && b->steps_free)
		b->steps_free(b->steps);
	free(b->steps_home);
	pthread_mutex_destroy(&b->lock);
	xoev_manifest__free(&b->m);
	free(b->dir);
	free(b->adhoc_xsd);
	free(b);
}

static xoev_bundle *bundle_alloc(void)
{
	xoev_bundle *b = calloc(1, sizeof *b);

	if (!b)
		return NULL;
	if (pthread_mutex_init(&b->lock, NULL) != 0) {
		free(b);
		return NULL;
	}
	return b;
}

/* The number of a message root: its last dot-separated part, if all digits. */
static char *root_number(const char *root)
{
	const char *dot = strrchr(root, '.');
	const char *p;

	if (!dot || !dot[1])
		return NULL;
	for (p = dot + 1; *p; p++)
		if (!isdigit((unsigned char)*p))
			return NULL;
	return xoev_util__strdup(dot + 1);
}

static int load_catalogs(xoev_bundle *b, xoev_diag_list *diags)
{
	size_t i;
	const char *roots[1];
	xoev_resolver r;
	xoev_quiet quiet;

	if (b->m.catalogs.count == 0)
		return XOEV_OK;
	b->catalogs = calloc(b->m.catalogs.count, sizeof *b->catalogs);
	if (!b->catalogs)
		return XOEV_ENOMEM;
	/* A catalog's DOCTYPE names the OASIS DTD by URL: never fetch it. */
	memset(&r, 0, sizeof r);
	roots[0] = b->dir;
	r.roots = roots;
	r.root_count = 1;
	r.layer = XOEV_LAYER_BUNDLE;
	for (i = 0; i < b->m.catalogs.count; i++) {
		char *path = xoev_io__join(b->dir, b->m.catalogs.items[i]);
		if (!path)
			return XOEV_ENOMEM;
		xoev_xml__quiet_begin(&quiet, NULL, NULL);
		xoev_resolver__push(&r);
		b->catalogs[b->catalog_count] = xmlLoadACatalog(path);
		xoev_resolver__pop();
		xoev_xml__quiet_end(&quiet);
		if (!b->catalogs[b->catalog_count])
			xoev_diag__addf(diags, XOEV_SEVERITY_WARNING, XOEV_LAYER_BUNDLE,
			                "bundle.catalog", path, 0, 0, NULL,
			                "catalog cannot be read; it is ignored");
		else
			b->catalog_count++;
		free(path);
	}
	return XOEV_OK;
}

static int bundle_messages_from_manifest(xoev_bundle *b)
{
	size_t i;

	if (b->m.message_count == 0)
		return XOEV_OK;
	b->messages = calloc(b->m.message_count, sizeof *b->messages);
	if (!b->messages)
		return XOEV_ENOMEM;
	for (i = 0; i < b->m.message_count; i++) {
		const xoev_manifest_message *mm = &b->m.messages[i];
		xoev_message_type *t = &b->messages[i];
		b->message_count++;
		t->root = xoev_util__strdup(mm->root);
		t->number = mm->number ? xoev_util__strdup(mm->number) : root_number(mm->root);
		t->ns = xoev_util__strdup(mm->namespace_);
		t->title = mm->title ? xoev_util__strdup(mm->title) : NULL;
		if (!t->root || !t->ns || (mm->title && !t->title))
			return XOEV_ENOMEM;
	}
	return XOEV_OK;
}

/* Load one bundle directory. Returns 0 and *out, or a status (findings in diags). */
static int bundle_load(const char *dir, xoev_diag_list *diags, xoev_bundle **out)
{
	xoev_bundle *b;
	char *manifest;
	int rc;

	*out = NULL;
	b = bundle_alloc();
	if (!b)
		return XOEV_ENOMEM;
	b->dir = xoev_io__realpath(dir);
	manifest = b->dir ? xoev_io__join(b->dir, XOEV_MANIFEST_NAME) : NULL;
	if (!manifest) {
		rc = b->dir ? XOEV_ENOMEM : XOEV_EIO;
		bundle_free(b);
		return rc;
	}
	rc = xoev_manifest__read(manifest, &b->m, diags);
	free(manifest);
	if (rc == XOEV_OK)
		rc = bundle_messages_from_manifest(b);
	if (rc == XOEV_OK)
		rc = load_catalogs(b, diags);
	if (rc != XOEV_OK) {
		bundle_free(b);
		return rc;
	}
	*out = b;
	return XOEV_OK;
}

/* ------------------------------------------------------------------ */
/* the registry                                                        */
/* ------------------------------------------------------------------ */

static int registry_has(const xoev_registry *reg, const char *standard, const char *version)
{
	size_t i;

	for (i = 0; i < reg->count; i++)
		if (strcmp(reg->bundles[i]->m.standard, standard) == 0 &&
		    strcmp(reg->bundles[i]->m.version, version) == 0)
			return 1;
	return 0;
}

static int registry_push(xoev_registry *reg, xoev_bundle *b)
{
	if (reg->count == reg->cap) {
		size_t cap = reg->cap ? reg->cap * 2 : 8;
		xoev_bundle **nb = realloc(reg->bundles, cap * sizeof *nb);
		if (!nb)
			return XOEV_ENOMEM;
		reg->bundles = nb;
		reg->cap = cap;
	}
	reg->bundles[reg->count++] = b;
	return XOEV_OK;
}

static int has_manifest(const char *dir)
{
	char *p = xoev_io__join(dir, XOEV_MANIFEST_NAME);
	FILE *f = p ? fopen(p, "rb") : NULL;

	free(p);
	if (!f)
		return 0;
	fclose(f);
	return 1;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A directory without a manifest that holds steps/ is a step home. */
static int note_step_home(xoev_registry *reg, const char *dir)
{
	char *steps = xoev_io__join(dir, "steps");
	char *canon;
	int rc = XOEV_OK;

	if (!steps)
		return XOEV_ENOMEM;
	if (xoev_io__is_dir(steps) && (canon = xoev_io__realpath(dir)) != NULL)
		rc = xoev_strv__push_owned(&reg->step_homes, canon);
	free(steps);
	return rc;
}

static const char *base_name(const char *p, size_t *len)
{
	const char *end = p + strlen(p), *s = end;

	while (s > p && s[-1] != '/')
		s--;
	*len = (size_t)(end - s);
	return s;
}

/*
 * Where each bundle's steps/ lives: its own directory if it has steps/,
 * else the first step home <...>/<standard>/<version> on the search path.
 */
static int assign_step_homes(xoev_registry *reg)
{
	size_t i, j;

	for (i = 0; i < reg->count; i++) {
		xoev_bundle *b = reg->bundles[i];
		const char *home = b->dir;
		char *own = xoev_io__join(b->dir, "steps");

		if (!own)
			return XOEV_ENOMEM;
		if (!xoev_io__is_dir(own)) {
			for (j = 0; j < reg->step_homes.count; j++) {
				const char *h = reg->step_homes.items[j], *v, *st;
				size_t vl, sl;
				char *parent = xoev_io__dirname(h);

				if (!parent) {
					free(own);
					return XOEV_ENOMEM;
				}
				v = base_name(h, &vl);
				st = base_name(parent, &sl);
				if (vl == strlen(b->m.version) && strncmp(v, b->m.version, vl) == 0 &&
				    sl == strlen(b->m.standard) && strncmp(st, b->m.standard, sl) == 0) {
					home = h;
					free(parent);
					break;
				}
				free(parent);
			}
		}
		free(own);
		if (home && !(b->steps_home = xoev_util__strdup(home)))
			return XOEV_ENOMEM;
	}
	return XOEV_OK;
}

/* Load dir if it is a bundle, else search its subdirectories (depth levels). */
static int registry_scan(xoev_registry *reg, const char *dir, int depth, xoev_diag_list *diags)
{
	DIR *d;
	struct dirent *e;
	xoev_strv subdirs = { 0 };
	size_t i;
	int rc = XOEV_OK;

	if (has_manifest(dir)) {
		xoev_bundle *b = NULL;
		rc = bundle_load(dir, diags, &b);
		if (rc == XOEV_ENOMEM)
			return rc;
		if (rc != XOEV_OK)
			return XOEV_OK; /* skipped, with findings */
		if (registry_has(reg, b->m.standard, b->m.version)) {
			xoev_diag__addf(diags, XOEV_SEVERITY_INFO, XOEV_LAYER_BUNDLE, "bundle.shadowed",
			                b->dir, 0, 0, NULL,
			                "%s %s is already loaded from an earlier search path entry; this copy is ignored",
			                b->m.standard, b->m.version);
			bundle_free(b);
			return XOEV_OK;
		}
		rc = registry_push(reg, b);
		if (rc)
			bundle_free(b);
		return rc;
	}
	rc = note_step_home(reg, dir);
	if (rc != XOEV_OK || depth == 0)
		return rc;
	d = opendir(dir);
	if (!d)
		return XOEV_OK;
	while ((e = readdir(d)) != NULL) {
		char *sub;
		if (e->d_name[0] == '.')
			continue;
		sub = xoev_io__join(dir, e->d_name);
		if (!sub) {
			rc = XOEV_ENOMEM;
			break;
		}
		if (xoev_io__is_dir(sub))
			rc = xoev_strv__push_owned(&subdirs, sub);
		else
			free(sub);
		if (rc)
			break;
	}
	closedir(d);
	if (rc == XOEV_OK && subdirs.count)
		qsort(subdirs.items, subdirs.count, sizeof *subdirs.items, name_cmp);
	for (i = 0; rc == XOEV_OK && i < subdirs.count; i++)
		rc = registry_scan(reg, subdirs.items[i], depth - 1, diags);
	xoev_strv__free(&subdirs);
	return rc;
}

static int scan_path_list(xoev_registry *reg, const char *list, xoev_diag_list *diags)
{
	char *copy = xoev_util__strdup(list), *save = NULL, *tok;
	int rc = XOEV_OK;

	if (!copy)
		return XOEV_ENOMEM;
	for (tok = strtok_r(copy, ":", &save); tok && rc == XOEV_OK; tok = strtok_r(NULL, ":", &save))
		if (*tok)
			rc = registry_scan(reg, tok, 2, diags);
	free(copy);
	return rc;
}

int xoev_registry_open(xoev_registry **out, const xoev_registry_options *opts,
                       xoev_diag_list *diags)
{
	xoev_registry *reg;
	size_t i;
	int rc = XOEV_OK;
	unsigned int flags = 0;

	if (!out)
		return XOEV_EINVAL;
	*out = NULL;
	if (opts && opts->version != XOEV_REGISTRY_OPTIONS_VERSION)
		return XOEV_EINVAL;
	if (xoev_init() != XOEV_OK)
		return XOEV_ERROR;
	reg = calloc(1, sizeof *reg);
	if (!reg)
		return XOEV_ENOMEM;
	if (opts) {
		flags = opts->flags;
		for (i = 0; rc == XOEV_OK && i < opts->path_count; i++)
			if (opts->paths[i])
				rc = registry_scan(reg, opts->paths[i], 2, diags);
	}
	if (rc == XOEV_OK && !(flags & XOEV_REGISTRY_NO_ENV)) {
		const char *env = getenv("XOEV_SCHEMA_PATH");
		if (env && *env)
			rc = scan_path_list(reg, env, diags);
	}
	if (rc == XOEV_OK && !(flags & XOEV_REGISTRY_NO_DEFAULT))
		rc = registry_scan(reg, XOEV_DATADIR, 2, diags);
	if (rc == XOEV_OK)
		rc = assign_step_homes(reg);
	xoev_strv__free(&reg->step_homes);
	if (rc != XOEV_OK) {
		xoev_registry_free(reg);
		return rc;
	}
	if (reg->count > 1)
		qsort(reg->bundles, reg->count, sizeof *reg->bundles, bundle_cmp);
	*out = reg;
	return XOEV_OK;
}

int xoev_registry_open_schema(xoev_registry **out, const char *xsd_path,
                              const char *catalog_path, xoev_diag_list *diags)
{
	xoev_registry *reg = NULL;
	xoev_bundle *b = NULL;
	int rc;

	if (!out || !xsd_path)
		return XOEV_EINVAL;
	*out = NULL;
	if (xoev_init() != XOEV_OK)
		return XOEV_ERROR;
	reg = calloc(1, sizeof *reg);
	b = bundle_alloc();
	if (!reg || !b) {
		free(reg);
		free(b);
		return XOEV_ENOMEM;
	}
	b->adhoc = 1;
	b->adhoc_xsd = xoev_io__realpath(xsd_path);
	if (!b->adhoc_xsd) {
		xoev_diag__addf(diags, XOEV_SEVERITY_FATAL, XOEV_LAYER_IO, "io.open", xsd_path, 0, 0,
		                NULL, "schema file cannot be opened");
		rc = XOEV_EIO;
		goto fail;
	}
	b->dir = xoev_io__dirname(b->adhoc_xsd);
	b->m.standard = xoev_util__strdup("adhoc");
	b->m.version = xoev_util__strdup("0");
	b->m.title = xoev_util__strdup(xsd_path);
	if (!b->dir || !b->m.standard || !b->m.version || !b->m.title) {
		rc = XOEV_ENOMEM;
		goto fail;
	}
	if (catalog_path) {
		char *cat = xoev_io__realpath(catalog_path);
		if (!cat) {
			xoev_diag__addf(diags, XOEV_SEVERITY_FATAL, XOEV_LAYER_IO, "io.open", catalog_path,
			                0, 0, NULL, "catalog file cannot be opened");
			rc = XOEV_EIO;
			goto fail;
		}
		b->catalogs = calloc(1, sizeof *b->catalogs);
		if (!b->catalogs) {
			free(cat);
			rc = XOEV_ENOMEM;
			goto fail;
		}
		{
			xoev_quiet quiet;
			xoev_xml__quiet_begin(&quiet, NULL, NULL);
			b->catalogs[0] = xmlLoadACatalog(cat);
			xoev_xml__quiet_end(&quiet);
		}
		if (!b->catalogs[0]) {
			xoev_diag__addf(diags, XOEV_SEVERITY_FATAL, XOEV_LAYER_IO, "io.catalog", cat, 0, 0,
			                NULL, "not a readable XML catalog");
			free(cat);
			rc = XOEV_EIO;
			goto fail;
		}
		free(cat);
		b->catalog_count = 1;
	}
	rc = registry_push(reg, b);
	if (rc)
		goto fail;
	b = NULL;
	rc = xoev_bundle_compile(reg->bundles[0], diags);
	if (rc) {
		xoev_registry_free(reg);
		return rc;
	}
	*out = reg;
	return XOEV_OK;
fail:
	bundle_free(b);
	xoev_registry_free(reg);
	return rc;
}

void xoev_registry_free(xoev_registry *reg)
{
	size_t i;

	if (!reg)
		return;
	for (i = 0; i < reg->count; i++)
		bundle_free(reg->bundles[i]);
	free(reg->bundles);
	free(reg);
}

size_t xoev_registry_bundle_count(const xoev_registry *reg)
{
	return reg ? reg->count : 0;
}

const xoev_bundle *xoev_registry_bundle(const xoev_registry *reg, size_t i)
{
	return (reg && i < reg->count) ? reg->bundles[i] : NULL;
}

int xoev_registry_find(const xoev_registry *reg, const char *standard, const char *version,
                       const xoev_bundle **out)
{
	size_t i;
	const xoev_bundle *best = NULL;

	if (!reg || !standard || !out)
		return XOEV_EINVAL;
	*out = NULL;
	for (i = 0; i < reg->count; i++) {
		const xoev_bundle *b = reg->bundles[i];
		if (strcmp(b->m.standard, standard) != 0)
			continue;
		if (version ? strcmp(b->m.version, version) == 0 :
		              (!best || version_cmp(best->m.version, b->m.version) < 0))
			best = b;
	}
	if (!best)
		return XOEV_ENOTFOUND;
	*out = best;
	return XOEV_OK;
}

/* Every root attribute that applies to roots in ns is present with its value. */
static int attrs_match(const xoev_bundle *b, const char *ns, const char *standard_attr,
                       const char *version_attr)
{
	size_t i;

	for (i = 0; i < b->m.detect_attr_names.count; i++) {
		const char *name = b->m.detect_attr_names.items[i];
		const char *want = b->m.detect_attr_values.items[i];
		const char *only = i < b->m.detect_attr_namespaces.count ?
		                   b->m.detect_attr_namespaces.items[i] : "";
		const char *have = strcmp(name, "standard") == 0 ? standard_attr :
		                   strcmp(name, "version") == 0 ? version_attr : NULL;
		if (*only && strcmp(only, ns) != 0)
			continue;
		if (!have || strcmp(have, want) != 0)
			return 0;
	}
	return 1;
}

/*
 * The bundle's header attributes (XJustiz nachrichtenkopf/@xjustizVersion):
 * 1 all present with their values (or the bundle has none), 0 one differs
 * or is absent, -1 unknown (no reader: streaming), XOEV_ENOMEM.
 */
static int header_match(const xoev_bundle *b, xoev_header_attr_fn fn, void *ctx)
{
	size_t i;

	if (b->m.detect_header_names.count == 0)
		return 1;
	if (!fn)
		return -1;
	for (i = 0; i < b->m.detect_header_names.count && i < b->m.detect_header_paths.count &&
	            i < b->m.detect_header_values.count; i++) {
		int oom = 0, same;
		char *have = fn(ctx, b->m.detect_header_paths.items[i], b->m.detect_header_names.items[i],
		                &oom);
		if (oom)
			return XOEV_ENOMEM;
		same = have && strcmp(have, b->m.detect_header_values.items[i]) == 0;
		free(have);
		if (!same)
			return 0;
	}
	return 1;
}

static const xoev_message_type *find_type(const xoev_bundle *b, const char *ns, const char *local)
{
	size_t j;

	for (j = 0; j < b->message_count; j++) {
		const xoev_message_type *t = &b->messages[j];
		if (strcmp(t->root, local) == 0 && strcmp(t->ns, ns) == 0)
			return t;
	}
	return NULL;
}

int xoev_registry__detect(const xoev_registry *reg, const char *ns, const char *local_name,
                          const char *standard_attr, const char *version_attr,
                          xoev_header_attr_fn fn, void *ctx, const xoev_bundle **bundle,
                          const xoev_message_type **type)
{
	const xoev_bundle *ns_match = NULL, *best = NULL;
	const xoev_message_type *best_type = NULL;
	int best_rank = -1;
	size_t i;

	if (bundle)
		*bundle = NULL;
	if (type)
		*type = NULL;
	if (!reg || !local_name)
		return XOEV_EINVAL;
	if (!ns)
		ns = "";
	/*
	 * Of the bundles whose namespace, root attributes and header attributes
	 * match, prefer one that declares the root, then one whose first
	 * namespace it is (a Kernmodul message belongs to the Kernmodul's own
	 * bundle before the XBau release that includes it); ties: registry order.
	 */
	for (i = 0; i < reg->count; i++) {
		const xoev_bundle *b = reg->bundles[i];
		const xoev_message_type *t;
		int h, rank;

		if (b->adhoc) {
			if (bundle)
				*bundle = b;
			return XOEV_OK;
		}
		if (!xoev_strv__contains(&b->m.detect_namespaces, ns))
			continue;
		if (!ns_match)
			ns_match = b;
		if (!attrs_match(b, ns, standard_attr, version_attr))
			continue;
		h = header_match(b, fn, ctx);
		if (h == XOEV_ENOMEM)
			return XOEV_ENOMEM;
		if (h == 0)
			continue;
		t = find_type(b, ns, local_name);
		rank = (t ? 2 : 0) + (strcmp(b->m.detect_namespaces.items[0], ns) == 0 ? 1 : 0);
		if (rank > best_rank) {
			best = b;
			best_type = t;
			best_rank = rank;
		}
	}
	/* The namespace is known but the root or header attributes name another
	 * version: the namespace decides, the XSD will report the attributes. */
	if (!best && ns_match) {
		best = ns_match;
		best_type = find_type(ns_match, ns, local_name);
	}
	if (bundle)
		*bundle = best;
	if (type)
		*type = best_type;
	return best && best_type ? XOEV_OK : XOEV_ENOTFOUND;
}

int xoev_registry_detect(const xoev_registry *reg, const char *ns, const char *local_name,
                         const char *standard_attr, const char *version_attr,
                         const xoev_bundle **bundle, const xoev_message_type **type)
{
	int rc = xoev_registry__detect(reg, ns, local_name, standard_attr, version_attr, NULL, NULL,
	                               bundle, type);
	return rc == XOEV_ENOMEM ? XOEV_ENOTFOUND : rc; /* cannot happen without a reader */
}

/* ------------------------------------------------------------------ */
/* compilation: one wrapper schema per namespace, imported in order    */
/* ------------------------------------------------------------------ */

/* Collect the wrapper documents for a schema set. urls/docs parallel. */
static int build_wrappers(const char *dir, const xoev_schema_set *set, xoev_strv *urls,
                          xoev_strv *docs)
{
	xoev_strv order = { 0 };
	xoev_buf top = { 0 };
	size_t i, j;
	int rc;

	rc = xoev_scan__namespace_order(set, &order);
	if (rc)
		return rc;
	xoev_buf__puts(&top, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                     "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n");
	for (i = 0; i < order.count; i++) {
		const char *ns = order.items[i];
		xoev_buf w = { 0 };
		char *url;

		if (!*ns) {
			/* No-namespace documents: include them in the top wrapper. */
			for (j = 0; j < set->count; j++)
				if (!set->files[j].target_namespace) {
					xoev_buf__puts(&top, "  <xs:include schemaLocation=\"");
					xoev_buf__xml_escape(&top, set->files[j].path);
					xoev_buf__puts(&top, "\"/>\n");
				}
			continue;
		}
		url = xoev_util__printf("%s/.xoev-namespace-%zu.xsd", dir, i);
		if (!url) {
			rc = XOEV_ENOMEM;
			break;
		}
		xoev_buf__puts(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		                   "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"");
		xoev_buf__xml_escape(&w, ns);
		xoev_buf__puts(&w, "\">\n");
		for (j = 0; j < set->count; j++) {
			const char *tns = set->files[j].target_namespace;
			if (tns && strcmp(tns, ns) == 0) {
				xoev_buf__puts(&w, "  <xs:include schemaLocation=\"");
				xoev_buf__xml_escape(&w, set->files[j].path);
				xoev_buf__puts(&w, "\"/>\n");
			}
		}
		xoev_buf__puts(&w, "</xs:schema>\n");
		xoev_buf__puts(&top, "  <xs:import namespace=\"");
		xoev_buf__xml_escape(&top, ns);
		xoev_buf__puts(&top, "\" schemaLocation=\"");
		xoev_buf__xml_escape(&top, url);
		xoev_buf__puts(&top, "\"/>\n");
		rc = xoev_strv__push_owned(urls, url);
		if (rc == XOEV_OK)
			rc = xoev_strv__push_owned(docs, xoev_buf__take(&w, NULL));
		if (rc)
			break;
	}
	xoev_buf__puts(&top, "</xs:schema>\n");
	if (rc == XOEV_OK) {
		char *url = xoev_util__printf("%s/.xoev-wrapper.xsd", dir);
		rc = xoev_strv__push_owned(urls, url);
		if (rc == XOEV_OK)
			rc = xoev_strv__push_owned(docs, xoev_buf__take(&top, NULL));
	}
	xoev_buf__free(&top);
	xoev_strv__free(&order);
	return rc;
}

typedef struct {
	xoev_diag_list *diags;
} compile_ctx;

static void schema_error(void *data, xmlErrorPtr err)
{
	compile_ctx *c = data;
	char *msg;
	size_t n;

	if (!err || !err->message)
		return;
	msg = xoev_util__strdup(err->message);
	if (!msg)
		return;
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	xoev_diag__addf(c->diags,
	                err->level == XML_ERR_WARNING ? XOEV_SEVERITY_WARNING : XOEV_SEVERITY_ERROR,
	                XOEV_LAYER_BUNDLE, "bundle.schema-compile", err->file, (unsigned long)err->line,
	                0, NULL, "%s", msg);
	free(msg);
}

/* Entry files of a bundle: every schema of its manifest (absolute paths). */
static int bundle_entries(const xoev_bundle *b, xoev_strv *out)
{
	size_t i;
	int rc = XOEV_OK;

	if (b->adhoc)
		return xoev_strv__push(out, b->adhoc_xsd);
	for (i = 0; rc == XOEV_OK && i < b->m.schema_count; i++)
		rc = xoev_strv__push_owned(out, xoev_io__join(b->dir, b->m.schemas[i].href));
	return rc;
}

static int compile_bundle(xoev_bundle *b, xoev_diag_list *diags)
{
	xoev_strv entries = { 0 }, urls = { 0 }, docs = { 0 }, roots = { 0 };
	xoev_schema_set set;
	xoev_resolver r;
	xmlSchemaParserCtxtPtr pctxt = NULL;
	xmlDocPtr wrapper = NULL;
	compile_ctx cc;
	xoev_quiet quiet;
	size_t i;
	int rc;

	memset(&set, 0, sizeof set);
	cc.diags = diags;
	rc = bundle_entries(b, &entries);
	/* A bundle reads nothing outside its directory, not even to scan it. */
	if (rc == XOEV_OK && !b->adhoc)
		rc = xoev_strv__push(&roots, b->dir);
	if (rc == XOEV_OK)
		rc = xoev_scan__closure_within((const char *const *)entries.items, entries.count,
		                               b->catalogs, b->catalog_count,
		                               b->adhoc ? NULL : (const char *const *)roots.items,
		                               roots.count, 0, diags, &set);
	if (rc == XOEV_OK)
		rc = build_wrappers(b->dir, &set, &urls, &docs);
	if (rc != XOEV_OK)
		goto done;

	/* What the loader may read: the bundle directory; for an ad-hoc
	 * schema exactly the files its closure reached. */
	if (b->adhoc)
		for (i = 0; rc == XOEV_OK && i < set.count; i++)
			rc = xoev_strv__push(&roots, set.files[i].path);
	if (rc != XOEV_OK)
		goto done;

	memset(&r, 0, sizeof r);
	r.catalogs = b->catalogs;
	r.catalog_count = b->catalog_count;
	r.roots = (const char *const *)roots.items;
	r.root_count = roots.count;
	r.virtual_urls = (const char *const *)urls.items;
	r.virtual_docs = (const char *const *)docs.items;
	r.virtual_count = urls.count;
	r.diags = diags;
	r.layer = XOEV_LAYER_BUNDLE;

	xoev_xml__quiet_begin(&quiet, schema_error, &cc);
	xoev_resolver__push(&r);
	wrapper = xmlReadMemory(docs.items[docs.count - 1], (int)strlen(docs.items[docs.count - 1]),
	                        urls.items[urls.count - 1], NULL,
	                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (wrapper)
		pctxt = xmlSchemaNewDocParserCtxt(wrapper);
	if (pctxt) {
		xmlSchemaSetParserStructuredErrors(pctxt, schema_error, &cc);
		b->schema = xmlSchemaParse(pctxt);
	}
	xoev_resolver__pop();
	xoev_xml__quiet_end(&quiet);
	if (!wrapper || !pctxt) {
		rc = XOEV_ENOMEM;
	} else if (!b->schema || xoev_diag_list_count_at_least(diags, XOEV_SEVERITY_ERROR) > 0) {
		/* libxml2 skips a schema document it cannot read and goes on: a
		 * bundle with any error is broken, never half compiled. */
		if (b->schema) {
			xmlSchemaFree(b->schema);
			b->schema = NULL;
		}
		rc = XOEV_ESCHEMA;
	}
done:
	if (rc == XOEV_ESCHEMA || (rc != XOEV_OK && rc != XOEV_ENOMEM))
		xoev_diag__addf(diags, XOEV_SEVERITY_FATAL, XOEV_LAYER_BUNDLE, "bundle.schema-compile",
		                b->adhoc ? b->adhoc_xsd : b->dir, 0, 0, NULL,
		                "the schema of %s %s does not compile", b->m.standard, b->m.version);
	if (pctxt)
		xmlSchemaFreeParserCtxt(pctxt);
	if (wrapper)
		xmlFreeDoc(wrapper);
	xoev_scan__free(&set);
	xoev_strv__free(&entries);
	xoev_strv__free(&urls);
	xoev_strv__free(&docs);
	xoev_strv__free(&roots);
	return rc == XOEV_OK ? XOEV_OK : (rc == XOEV_ENOMEM ? rc : XOEV_ESCHEMA);
}

int xoev_bundle_compile(const xoev_bundle *cb, xoev_diag_list *diags)
{
	xoev_bundle *b = (xoev_bundle *)cb; /* compiled state is internally synchronised */
	int rc;

	if (!b)
		return XOEV_EINVAL;
	/* Fast path: compiled without errors, nothing to replay. */
	if (__atomic_load_n(&b->compile_state, __ATOMIC_ACQUIRE) == 1)
		return XOEV_OK;
	pthread_mutex_lock(&b->lock);
	if (b->compile_state == 0) {
		xoev_diag_list *mine = NULL;
		rc = xoev_diag_list_new(&mine);
		if (rc == XOEV_OK) {
			rc = compile_bundle(b, mine);
			if (rc == XOEV_ENOMEM) {
				xoev_diag_list_free(mine); /* may succeed on a later try */
			} else {
				b->compile_diags = mine;
				__atomic_store_n(&b->compile_state, rc == XOEV_OK ? 1 : -1, __ATOMIC_RELEASE);
			}
		}
		if (rc == XOEV_ENOMEM) {
			pthread_mutex_unlock(&b->lock);
			return rc;
		}
	}
	rc = b->compile_state == 1 ? XOEV_OK : XOEV_ESCHEMA;
	/* Every caller sees the compile findings that matter (errors, and
	 * warnings of failed compiles). */
	if (diags && b->compile_diags) {
		size_t i;
		for (i = 0; i < xoev_diag_list_count(b->compile_diags); i++) {
			const xoev_diag *d = xoev_diag_list_get(b->compile_diags, i);
			if (rc == XOEV_OK && xoev_diag_severity(d) < XOEV_SEVERITY_ERROR)
				continue;
			xoev_diag_list_add(diags, xoev_diag_severity(d), xoev_diag_layer(d),
			                   xoev_diag_rule(d), xoev_diag_message(d), xoev_diag_file(d),
			                   xoev_diag_line(d), xoev_diag_column(d), xoev_diag_xpath(d));
		}
	}
	pthread_mutex_unlock(&b->lock);
	return rc;
}

struct _xmlSchema *xoev_bundle__schema(const xoev_bundle *b, xoev_diag_list *diags)
{
	if (xoev_bundle_compile(b, diags) != XOEV_OK)
		return NULL;
	return b->schema;
}

/* Load the code lists and compile the rule files of a bundle (lock held). */
static int load_layers(xoev_bundle *b)
{
	size_t i;
	int rc;

	rc = xoev_diag_list_new(&b->layer_diags);
	if (rc)
		return rc;
	if (b->m.codelist_count) {
		rc = xoev_codelist__load(b->dir, &b->m, &b->codelists, b->layer_diags);
		if (rc == XOEV_ENOMEM)
			return rc;
		/* XOEV_EBUNDLE: the findings say which list is broken; the layer runs without */
	}
	if (b->m.rules.count) {
		b->rules = calloc(b->m.rules.count, sizeof *b->rules);
		if (!b->rules)
			return XOEV_ENOMEM;
	}
	for (i = 0; i < b->m.rules.count; i++) {
		char *path = xoev_io__join(b->dir, b->m.rules.items[i]);
		xoev_rules *r = NULL;
		if (!path)
			return XOEV_ENOMEM;
		rc = xoev_rules__compile(path, NULL, &r, b->layer_diags);
		free(path);
		if (rc == XOEV_ENOMEM)
			return rc;
		if (r)
			b->rules[b->rule_count++] = r;
	}
	return XOEV_OK;
}

int xoev_bundle__layers(const xoev_bundle *cb, const xoev_codelists **codelists,
                        xoev_rules *const **rules, size_t *rule_count, xoev_diag_list *diags)
{
	xoev_bundle *b = (xoev_bundle *)cb; /* loaded state is internally synchronised */
	int rc = XOEV_OK, first_load = 0;

	/* Fast path: loaded, and loading found nothing to repeat. */
	if (__atomic_load_n(&b->layers_loaded, __ATOMIC_ACQUIRE) == 2) {
		*codelists = b->codelists;
		*rules = b->rules;
		*rule_count = b->rule_count;
		return XOEV_OK;
	}
	pthread_mutex_lock(&b->lock);
	if (!b->layers_loaded) {
		rc = load_layers(b);
		if (rc == XOEV_OK) {
			/* 2: nothing to repeat on later calls, which may skip the lock */
			first_load = 1;
			__atomic_store_n(&b->layers_loaded,
			                 xoev_diag_list_count_at_least(b->layer_diags, XOEV_SEVERITY_WARNING) ?
			                 1 : 2, __ATOMIC_RELEASE);
		} else {
			/* out of memory: undo, a later call may succeed */
			size_t i;
			xoev_codelist__free(b->codelists);
			b->codelists = NULL;
			for (i = 0; i < b->rule_count; i++)
				xoev_rules__free(b->rules[i]);
			free(b->rules);
			b->rules = NULL;
			b->rule_count = 0;
			xoev_diag_list_free(b->layer_diags);
			b->layer_diags = NULL;
		}
	}
	if (rc == XOEV_OK) {
		/* every document of a broken bundle says why a layer is incomplete
		 * (warnings and errors; notes such as rules.supported only once,
		 * to the caller of xoev_bundle__layers that loaded them) */
		size_t i;
		for (i = 0; diags && rc == XOEV_OK && i < xoev_diag_list_count(b->layer_diags); i++) {
			const xoev_diag *d = xoev_diag_list_get(b->layer_diags, i);
			if (xoev_diag_severity(d) < XOEV_SEVERITY_WARNING && !first_load)
				continue;
			rc = xoev_diag_list_add(diags, xoev_diag_severity(d), xoev_diag_layer(d),
			                        xoev_diag_rule(d), xoev_diag_message(d), xoev_diag_file(d),
			                        xoev_diag_line(d), xoev_diag_column(d), xoev_diag_xpath(d));
		}
		*codelists = b->codelists;
		*rules = b->rules;
		*rule_count = b->rule_count;
	}
	pthread_mutex_unlock(&b->lock);
	return rc;
}

/* Build the schema model of a bundle from the same closure the compiler reads (lock held). */
static int load_model(xoev_bundle *b, xoev_diag_list *diags)
{
	xoev_strv entries = { 0 }, roots = { 0 };
	xoev_schema_set set;
	int rc;

	memset(&set, 0, sizeof set);
	rc = bundle_entries(b, &entries);
	if (rc == XOEV_OK && !b->adhoc)
		rc = xoev_strv__push(&roots, b->dir);
	if (rc == XOEV_OK)
		rc = xoev_scan__closure_within((const char *const *)entries.items, entries.count,
		                               b->catalogs, b->catalog_count,
		                               b->adhoc ? NULL : (const char *const *)roots.items,
		                               roots.count, 0, diags, &set);
	if (rc == XOEV_OK)
		rc = xoev_model__build_files(&set, &b->model, diags);
	xoev_scan__free(&set);
	xoev_strv__free(&entries);
	xoev_strv__free(&roots);
	return rc;
}

const xoev_model *xoev_bundle__model(const xoev_bundle *cb, xoev_diag_list *diags)
{
	xoev_bundle *b = (xoev_bundle *)cb; /* built state is internally synchronised */
	const xoev_model *m = NULL;

	if (!b)
		return NULL;
	if (__atomic_load_n(&b->model_state, __ATOMIC_ACQUIRE) == 1 &&
	    (!diags || xoev_diag_list_count(b->model_diags) == 0))
		return b->model;
	pthread_mutex_lock(&b->lock);
	if (b->model_state == 0) {
		xoev_diag_list *mine = NULL;
		int rc = xoev_diag_list_new(&mine);
		if (rc == XOEV_OK)
			rc = load_model(b, mine);
		if (rc == XOEV_ENOMEM) {
			xoev_diag_list_free(mine); /* a later call may succeed */
			xoev_model__free(b->model);
			b->model = NULL;
			pthread_mutex_unlock(&b->lock);
			return NULL;
		}
		b->model_diags = mine;
		__atomic_store_n(&b->model_state, rc == XOEV_OK ? 1 : -1, __ATOMIC_RELEASE);
	}
	if (diags && b->model_diags)
		xoev_diag__append_all(diags, b->model_diags);
	if (b->model_state == 1)
		m = b->model;
	pthread_mutex_unlock(&b->lock);
	return m;
}

const xoev_manifest *xoev_bundle__manifest(const xoev_bundle *b)
{
	return b ? &b->m : NULL;
}

int xoev_bundle__accepts_any_root(const xoev_bundle *b)
{
	return b && b->adhoc;
}

/* ------------------------------------------------------------------ */
/* accessors                                                           */
/* ------------------------------------------------------------------ */

const char *xoev_bundle_standard(const xoev_bundle *b) { return b ? b->m.standard : NULL; }
const char *xoev_bundle_version(const xoev_bundle *b) { return b ? b->m.version : NULL; }
const char *xoev_bundle_title(const xoev_bundle *b) { return b ? b->m.title : NULL; }
const char *xoev_bundle_directory(const xoev_bundle *b) { return b ? b->dir : NULL; }
const char *xoev_bundle_valid_from(const xoev_bundle *b) { return b ? b->m.valid_from : NULL; }
const char *xoev_bundle_valid_until(const xoev_bundle *b) { return b ? b->m.valid_until : NULL; }

size_t xoev_bundle_namespace_count(const xoev_bundle *b)
{
	return b ? b->m.detect_namespaces.count : 0;
}

const char *xoev_bundle_namespace(const xoev_bundle *b, size_t i)
{
	return (b && i < b->m.detect_namespaces.count) ? b->m.detect_namespaces.items[i] : NULL;
}

size_t xoev_bundle_message_count(const xoev_bundle *b)
{
	return b ? b->message_count : 0;
}

const xoev_message_type *xoev_bundle_message(const xoev_bundle *b, size_t i)
{
	return (b && i < b->message_count) ? &b->messages[i] : NULL;
}

const xoev_message_type *xoev_bundle_find_message(const xoev_bundle *b, const char *name_or_number)
{
	size_t i;

	if (!b || !name_or_number)
		return NULL;
	for (i = 0; i < b->message_count; i++)
		if (strcmp(b->messages[i].root, name_or_number) == 0 ||
		    (b->messages[i].number && strcmp(b->messages[i].number, name_or_number) == 0))
			return &b->messages[i];
	return NULL;
}

size_t xoev_bundle_codelist_ref_count(const xoev_bundle *b)
{
	return b ? b->m.codelist_ref_count : 0;
}

int xoev_bundle_codelist_ref(const xoev_bundle *b, size_t i, const char **uri,
                             const char **version, unsigned int *flags)
{
	const xoev_manifest_codelist_ref *ref;

	if (uri)
		*uri = NULL;
	if (version)
		*version = NULL;
	if (flags)
		*flags = 0;
	if (!b || i >= b->m.codelist_ref_count)
		return XOEV_EINVAL;
	ref = &b->m.codelist_refs[i];
	if (uri)
		*uri = ref->uri;
	if (version)
		*version = ref->version;
	if (flags)
		*flags = (ref->provided ? XOEV_CODELIST_PROVIDED : 0u) |
		         (ref->enumerated ? XOEV_CODELIST_ENUMERATED : 0u);
	return 0;
}

const char *xoev_message_type_root(const xoev_message_type *t) { return t ? t->root : NULL; }
const char *xoev_message_type_number(const xoev_message_type *t) { return t ? t->number : NULL; }
const char *xoev_message_type_namespace(const xoev_message_type *t) { return t ? t->ns : NULL; }
const char *xoev_message_type_title(const xoev_message_type *t) { return t ? t->title : NULL; }

const char *xoev_bundle__steps_home(const xoev_bundle *b)
{
	return b->steps_home ? b->steps_home : b->dir;
}

int xoev_bundle__steps(const xoev_bundle *cb, int (*load)(const xoev_bundle *b, void **state),
                       void (*free_fn)(void *state), void **out)
{
	xoev_bundle *b = (xoev_bundle *)cb; /* the steps slot is internally synchronised */
	int rc = XOEV_OK;

	pthread_mutex_lock(&b->lock);
	if (!b->steps) {
		void *state = NULL;
		rc = load(cb, &state);
		if (rc == XOEV_OK) {
			b->steps = state;
			b->steps_free = free_fn;
		}
	}
	*out = b->steps;
	pthread_mutex_unlock(&b->lock);
	return rc;
}
