/*
 * libxoev tests - every bundle of ../shared/corpus, imported and measured.
 *
 * corpus_table imports every <standard>/<version> directory of the corpus
 * with the corpus catalog into a temporary directory, opens one registry
 * over all of them and builds a table: message roots found, roots that
 * compile in the registry (the bundle's schema compiles and the root is
 * one of its global elements), samples, verdicts equal to xmllint's (XSD
 * layer only, XML_CATALOG_FILES=<corpus>/catalog.xml --nonet), samples
 * detected as their own bundle, Schematron asserts run natively of those
 * published, code lists the schemas reference (fixed listURI, through
 * xoev_bundle_codelist_ref) and how many of them the bundle provides. The table goes to stderr and is compared with
 * tests/data/corpus-table.txt: fewer roots, compiled roots, equal
 * verdicts, detections, supported asserts, referenced or provided code
 * lists, or an import that fails, is a
 * regression and fails the test; improvements are reported, to be
 * committed into the expected file.
 *
 * The other tests check detection where namespaces do not tell versions
 * apart (XJustiz's constant namespace, the Kernmodul inside XBau) and the
 * header readout of every family.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "tests.h"
#include "internal.h"
#include "rules_model.h"

#define SCH_NS "http://purl.oclc.org/dsdl/schematron"

typedef struct {
	char standard[160];
	char version[160];
	int imported;          /* 1 ok, 0 failed */
	int compiles;          /* the bundle's schema compiles in the registry */
	size_t roots, compiled, samples, equal, detected, asserts_ok, asserts_all;
	size_t cl_ref, cl_prov;   /* code lists referenced by the schemas / provided */
	size_t cl_missing;        /* bundle.codelist-missing findings of the import */
	char note[1024];
} row;

typedef struct {
	row *rows;
	size_t count;
} table;

/* ------------------------------------------------------------------ */
/* helpers                                                             */
/* ------------------------------------------------------------------ */

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the entries of dir (dirs only if dirs_only); NULL-free strv. */
static void list_names(const char *dir, int dirs_only, const char *suffix, xoev_strv *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char *p;
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.' || e->d_name[0] == '_')
			continue;
		if (suffix && (n < strlen(suffix) || strcmp(e->d_name + n - strlen(suffix), suffix) != 0))
			continue;
		p = xoev_io__join(dir, e->d_name);
		ck_assert_ptr_nonnull(p);
		if (!dirs_only || is_dir(p))
			ck_assert_int_eq(xoev_strv__push(out, e->d_name), 0);
		free(p);
	}
	closedir(d);
	if (out->count)
		qsort(out->items, out->count, sizeof *out->items, str_cmp);
}

static void note_add(row *r, const char *s)
{
	size_t n = strlen(r->note);
	if (strstr(r->note, s))
		return;
	snprintf(r->note + n, sizeof r->note - n, "%s%s", n ? " " : "", s);
}

/* The quoted part '...' of a finding's message (the URL or file of an unresolved import). */
static void note_quoted(row *r, const char *msg)
{
	const char *a = strchr(msg, '\''), *b = a ? strchr(a + 1, '\'') : NULL;
	char buf[512];

	if (!a || !b || (size_t)(b - a) >= sizeof buf) {
		note_add(r, msg);
		return;
	}
	memcpy(buf, a + 1, (size_t)(b - a - 1));
	buf[b - a - 1] = '\0';
	note_add(r, buf);
}

/* ------------------------------------------------------------------ */
/* measuring one bundle                                                */
/* ------------------------------------------------------------------ */

static void import_bundle(const char *corpus, const char *tmp, row *r)
{
	xoev_import_options o = XOEV_IMPORT_OPTIONS_INIT;
	xoev_diag_list *diags;
	char src[4096], dest[4096], cat[4096];
	size_t i;
	int rc;

	snprintf(src, sizeof src, "%s/%s/%s", corpus, r->standard, r->version);
	snprintf(dest, sizeof dest, "%s/%s-%s", tmp, r->standard, r->version);
	snprintf(cat, sizeof cat, "%s/catalog.xml", corpus);
	o.standard = r->standard;
	o.standard_version = r->version;
	o.catalog = cat;
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	rc = xoev_bundle_import(src, dest, &o, diags);
	r->imported = rc == 0;
	for (i = 0; rc == 0 && i < xoev_diag_list_count(diags); i++) {
		const xoev_diag *d = xoev_diag_list_get(diags, i);
		if (strcmp(xoev_diag_rule(d), "bundle.codelist-missing") == 0) {
			ck_assert_int_eq(xoev_diag_severity(d), XOEV_SEVERITY_INFO);
			r->cl_missing++;
		}
	}
	if (rc != 0) {
		/* why, precisely: every unresolved location by URL or file name */
		for (i = 0; i < xoev_diag_list_count(diags); i++) {
			const xoev_diag *d = xoev_diag_list_get(diags, i);
			if (xoev_diag_severity(d) < XOEV_SEVERITY_ERROR)
				continue;
			if (strcmp(xoev_diag_rule(d), "bundle.unresolved-import") == 0)
				note_quoted(r, xoev_diag_message(d));
			else
				note_add(r, xoev_diag_rule(d));
		}
		ck_assert_msg(rc == XOEV_EBUNDLE, "import of %s %s: %s", r->standard, r->version,
		              xoev_strerror(rc));
		ck_assert_msg(r->note[0], "import of %s %s failed without a finding", r->standard,
		              r->version);
	}
	xoev_diag_list_free(diags);
}

/* 1 if root (in ns) is a global element of the bundle's compiled schema. */
static int root_compiles(xoev_validator *v, const char *ns, const char *root)
{
	char *doc = xoev_util__printf("<p:%s xmlns:p=\"%s\"/>", root, ns);
	xoev_diag_list *diags;
	int ok;

	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_validate_memory(v, doc, strlen(doc), "root.xml", diags, NULL), 0);
	ok = !xoev_test_has_rule(diags, "xsd.root-not-declared") &&
	     !xoev_test_has_rule(diags, "detect.unknown-message") &&
	     (xoev_validator_last_layers(v) & XOEV_RUN_XSD);
	xoev_diag_list_free(diags);
	free(doc);
	return ok;
}

static void measure_compile(const xoev_registry *reg, row *r)
{
	const xoev_bundle *b = NULL;
	xoev_validate_options o = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_validator *v = NULL;
	xoev_diag_list *diags;
	size_t i, missing = 0;

	ck_assert_msg(xoev_registry_find(reg, r->standard, r->version, &b) == 0,
	              "%s %s imported but not in the registry", r->standard, r->version);
	r->roots = xoev_bundle_message_count(b);
	r->cl_ref = xoev_bundle_codelist_ref_count(b);
	for (i = 0; i < r->cl_ref; i++) {
		const char *uri = NULL;
		unsigned int flags = 0;
		ck_assert_int_eq(xoev_bundle_codelist_ref(b, i, &uri, NULL, &flags), 0);
		ck_assert_ptr_nonnull(uri);
		if (flags & XOEV_CODELIST_PROVIDED)
			r->cl_prov++;
		else if (!(flags & XOEV_CODELIST_ENUMERATED))
			missing++;
	}
	/* one INFO finding at import for every list a code type needs and the release lacks */
	ck_assert_msg(missing == r->cl_missing, "%s %s: %zu code lists missing, %zu findings",
	              r->standard, r->version, missing, r->cl_missing);
	ck_assert_int_eq(xoev_bundle_codelist_ref(b, r->cl_ref, NULL, NULL, NULL), XOEV_EINVAL);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	if (xoev_bundle_compile(b, diags) != 0) {
		const xoev_diag *d = xoev_test_find_rule(diags, "bundle.schema-compile");
		note_add(r, "schema does not compile:");
		note_add(r, d ? xoev_diag_message(d) : "?");
		xoev_diag_list_free(diags);
		return;
	}
	r->compiles = 1;
	xoev_diag_list_free(diags);
	o.standard = r->standard;
	o.standard_version = r->version;
	o.layers = XOEV_RUN_XSD;
	ck_assert_int_eq(xoev_validator_new(&v, reg, &o), 0);
	for (i = 0; i < r->roots; i++) {
		const xoev_message_type *t = xoev_bundle_message(b, i);
		if (root_compiles(v, xoev_message_type_namespace(t), xoev_message_type_root(t)))
			r->compiled++;
		else
			note_add(r, xoev_message_type_root(t));
	}
	xoev_validator_free(v);
}

/* The local name of a document's root, or NULL (new string). */
static char *root_name(const char *path)
{
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	                                        XML_PARSE_NOWARNING);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	char *name = root ? xoev_util__strdup((const char *)root->name) : NULL;

	xmlFreeDoc(doc);
	return name;
}

/* 1 if the schema file declares a top-level element named name (any name with a number if NULL). */
static int declares(const char *xsd, const char *name)
{
	xmlDocPtr doc = xmlReadFile(xsd, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	                                       XML_PARSE_NOWARNING);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, n;
	int found = 0;

	for (n = root ? root->children : NULL; n && !found; n = n->next) {
		xmlChar *v;
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "element") != 0)
			continue;
		v = xmlGetNoNsProp(n, BAD_CAST "name");
		if (v) {
			const char *dot = strrchr((const char *)v, '.');
			found = name ? strcmp((const char *)v, name) == 0
			             : dot && dot[1] >= '0' && dot[1] <= '9';
		}
		xmlFree(v);
	}
	xmlFreeDoc(doc);
	return found;
}

/* The schema xmllint validates a sample with: the one declaring its root, else the first declaring any message root. */
static char *xmllint_schema(const char *xsd_dir, const char *root)
{
	xoev_strv names = { 0 };
	char *found = NULL;
	size_t i;
	int pass;

	list_names(xsd_dir, 0, ".xsd", &names);
	for (pass = 0; pass < 2 && !found; pass++)
		for (i = 0; i < names.count && !found; i++) {
			char *p = xoev_io__join(xsd_dir, names.items[i]);
			if (declares(p, pass == 0 ? root : NULL))
				found = p;
			else
				free(p);
		}
	xoev_strv__free(&names);
	return found;
}

static int xmllint_valid(const char *corpus, const char *xsd, const char *sample)
{
	char *cmd = xoev_util__printf("XML_CATALOG_FILES='%s/catalog.xml' xmllint --nonet --noout "
	                              "--schema '%s' '%s'", corpus, xsd, sample);
	char *out = NULL;
	int rc;

	ck_assert_ptr_nonnull(cmd);
	rc = xoev_test_run(cmd, &out);
	free(out);
	free(cmd);
	ck_assert_msg(rc >= 0, "xmllint did not run");
	return rc == 0;
}

static void measure_samples(const char *corpus, const xoev_registry *reg, row *r)
{
	xoev_validate_options o = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_validator *v = NULL;
	xoev_strv names = { 0 };
	char dir[4096], xsd_dir[4096];
	size_t i;

	snprintf(dir, sizeof dir, "%s/%s/%s/samples", corpus, r->standard, r->version);
	snprintf(xsd_dir, sizeof xsd_dir, "%s/%s/%s/xsd", corpus, r->standard, r->version);
	list_names(dir, 0, ".xml", &names);
	r->samples = names.count;
	if (!names.count)
		return;
	o.layers = XOEV_RUN_XSD;
	ck_assert_int_eq(xoev_validator_new(&v, reg, &o), 0);
	for (i = 0; i < names.count; i++) {
		char *path = xoev_io__join(dir, names.items[i]);
		char *root = root_name(path);
		char *xsd = root ? xmllint_schema(xsd_dir, root) : NULL;
		xoev_diag_list *diags;
		xoev_verdict verdict = XOEV_VERDICT_UNKNOWN;
		const xoev_bundle *b;

		ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
		ck_assert_int_eq(xoev_validate_file(v, path, diags, &verdict), 0);
		b = xoev_validator_last_bundle(v);
		if (b && strcmp(xoev_bundle_standard(b), r->standard) == 0 &&
		    strcmp(xoev_bundle_version(b), r->version) == 0)
			r->detected++;
		else
			note_add(r, "misdetected:"), note_add(r, names.items[i]);
		if (xsd && (verdict == XOEV_VERDICT_VALID || verdict == XOEV_VERDICT_INVALID) &&
		    (verdict == XOEV_VERDICT_VALID) == xmllint_valid(corpus, xsd, path))
			r->equal++;
		else
			note_add(r, "verdict differs:"), note_add(r, names.items[i]);
		xoev_diag_list_free(diags);
		free(xsd);
		free(root);
		free(path);
	}
	xoev_validator_free(v);
	xoev_strv__free(&names);
}

/* Asserts and reports of a Schematron file. */
static size_t count_asserts(xmlNodePtr n)
{
	size_t c = 0;
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (n->ns && strcmp((const char *)n->ns->href, SCH_NS) == 0 &&
		    (strcmp((const char *)n->name, "assert") == 0 || strcmp((const char *)n->name, "report") == 0))
			c++;
		c += count_asserts(n->children);
	}
	return c;
}

static void measure_rules(const char *corpus, row *r)
{
	xoev_strv names = { 0 };
	char dir[4096];
	size_t i;

	snprintf(dir, sizeof dir, "%s/%s/%s/schematron", corpus, r->standard, r->version);
	list_names(dir, 0, ".sch", &names);
	for (i = 0; i < names.count; i++) {
		char *path = xoev_io__join(dir, names.items[i]);
		xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
		                                        XML_PARSE_NOWARNING);
		xoev_rules *rules = NULL;
		xoev_diag_list *diags;
		size_t doc_asserts = doc ? count_asserts(xmlDocGetRootElement(doc)) : 0;

		r->asserts_all += doc_asserts;
		xmlFreeDoc(doc);
		ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
		if (xoev_rules__compile(path, NULL, &rules, diags) == 0) {
			/* asserts as written (abstract rules run once per context that
			 * extends them): those not named by a load-time finding */
			xoev_strv left_out = { 0 };
			size_t k, n = doc_asserts;
			for (k = 0; k < xoev_diag_list_count(diags); k++) {
				const xoev_diag *d = xoev_diag_list_get(diags, k);
				const char *m = xoev_diag_message(d), *q;
				char id[256];
				if (strcmp(xoev_diag_rule(d), "rules.unsupported") != 0 &&
				    strcmp(xoev_diag_rule(d), "rules.xpath") != 0)
					continue;
				q = strstr(m, "assert '");
				q = q ? q + 8 : strstr(m, "report '") ? strstr(m, "report '") + 8 : NULL;
				if (!q || sscanf(q, "%255[^']", id) != 1)
					snprintf(id, sizeof id, "%s", m);
				if (!xoev_strv__contains(&left_out, id))
					ck_assert_int_eq(xoev_strv__push(&left_out, id), 0);
			}
			r->asserts_ok += n > left_out.count ? n - left_out.count : 0;
			xoev_strv__free(&left_out);
			xoev_rules__free(rules);
		}
		xoev_diag_list_free(diags);
		free(path);
	}
	xoev_strv__free(&names);
}

/* ------------------------------------------------------------------ */
/* the table                                                           */
/* ------------------------------------------------------------------ */

static void format_row(xoev_buf *b, const row *r)
{
	char name[160], asserts[64];

	snprintf(name, sizeof name, "%s/%s", r->standard, r->version);
	snprintf(asserts, sizeof asserts, "%zu/%zu", r->asserts_ok, r->asserts_all);
	xoev_buf__printf(b, "%-26s %-6s %-6s %5zu %8zu %7zu %5zu %8zu %7s %6zu %7zu", name,
	                 r->imported ? "ok" : "failed", r->compiles ? "ok" : "-", r->roots,
	                 r->compiled, r->samples, r->equal, r->detected, asserts, r->cl_ref,
	                 r->cl_prov);
	if (r->note[0])
		xoev_buf__printf(b, "  %s", r->note);
	xoev_buf__puts(b, "\n");
}

static const char header_line[] =
	"# corpus table (tests/check_corpus.c): import = xoev_bundle_import with the corpus catalog;\n"
	"# schema = the bundle's schema compiles in the registry; roots = message roots found;\n"
	"# compiled = roots that are global elements of the compiled schema; equal = sample verdicts\n"
	"# (XSD layer) equal to xmllint's; detected = samples detected as this bundle; asserts =\n"
	"# Schematron asserts run natively / published; cl-ref = code lists the schemas reference\n"
	"# (listURI fixed on a code type, with listVersionID where fixed); cl-prov = those the\n"
	"# bundle provides as genericode. Regressions fail the test.\n"
	"# bundle                   import schema roots compiled samples equal detected asserts cl-ref cl-prov  note\n";

/* Parse one table line into r; 0 if it is a comment or blank, -1 if it is not a valid row. */
static int parse_row(const char *line, row *r)
{
	char name[160], imp[16], schema[16], asserts[64];
	char *slash;

	memset(r, 0, sizeof *r);
	if (line[0] == '#' || line[0] == '\0')
		return 0;
	if (sscanf(line, "%159s %15s %15s %zu %zu %zu %zu %zu %63s %zu %zu", name, imp, schema,
	           &r->roots, &r->compiled, &r->samples, &r->equal, &r->detected, asserts, &r->cl_ref,
	           &r->cl_prov) != 11)
		return -1;
	r->compiles = strcmp(schema, "ok") == 0;
	slash = strchr(name, '/');
	if (!slash || sscanf(asserts, "%zu/%zu", &r->asserts_ok, &r->asserts_all) != 2)
		return -1;
	*slash = '\0';
	snprintf(r->standard, sizeof r->standard, "%s", name);
	snprintf(r->version, sizeof r->version, "%s", slash + 1);
	r->imported = strcmp(imp, "ok") == 0;
	return 1;
}

#define CMP(field, what)                                                              \
	do {                                                                              \
		if (cur->field < exp->field) {                                                \
			xoev_buf__printf(msgs, "REGRESSION %s/%s: %s %zu, expected %zu\n",         \
			                 cur->standard, cur->version, what, cur->field, exp->field); \
			bad++;                                                                    \
		} else if (cur->field > exp->field) {                                         \
			xoev_buf__printf(msgs, "improved %s/%s: %s %zu, was %zu\n", cur->standard, \
			                 cur->version, what, cur->field, exp->field);             \
			better++;                                                                 \
		}                                                                             \
	} while (0)

/* Compare with the expected table; returns the number of regressions. */
static int compare(const table *t, const char *expected_text, xoev_buf *msgs, int *improved)
{
	const char *p = expected_text;
	int bad = 0, better = 0;
	size_t i, seen = 0;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char line[2048];
		row e;
		int parsed;

		snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
		p = nl ? nl + 1 : NULL;
		parsed = parse_row(line, &e);
		if (parsed == 0)
			continue;
		if (parsed < 0) {
			/* e.g. a row of an older layout: it would otherwise check nothing */
			xoev_buf__printf(msgs, "REGRESSION: expected table row not understood: %s\n", line);
			bad++;
			continue;
		}
		seen++;
		for (i = 0; i < t->count; i++)
			if (strcmp(t->rows[i].standard, e.standard) == 0 &&
			    strcmp(t->rows[i].version, e.version) == 0)
				break;
		if (i == t->count) {
			xoev_buf__printf(msgs, "REGRESSION %s/%s: no longer in the corpus table\n",
			                 e.standard, e.version);
			bad++;
			continue;
		}
		{
			const row *cur = &t->rows[i], *exp = &e;
			if (exp->imported && !cur->imported) {
				xoev_buf__printf(msgs, "REGRESSION %s/%s: import fails\n", e.standard, e.version);
				bad++;
			} else if (!exp->imported && cur->imported) {
				xoev_buf__printf(msgs, "improved %s/%s: imports now\n", e.standard, e.version);
				better++;
			}
			if (exp->compiles && !cur->compiles) {
				xoev_buf__printf(msgs, "REGRESSION %s/%s: schema no longer compiles\n",
				                 e.standard, e.version);
				bad++;
			} else if (!exp->compiles && cur->compiles) {
				xoev_buf__printf(msgs, "improved %s/%s: schema compiles now\n", e.standard,
				                 e.version);
				better++;
			}
			CMP(roots, "message roots found");
			CMP(compiled, "roots compiled");
			CMP(equal, "verdicts equal to xmllint");
			CMP(detected, "samples detected");
			CMP(asserts_ok, "asserts supported");
			CMP(cl_ref, "code lists referenced");
			CMP(cl_prov, "code lists provided");
			if (cur->samples != exp->samples || cur->asserts_all != exp->asserts_all) {
				xoev_buf__printf(msgs, "changed %s/%s: samples or published asserts differ\n",
				                 e.standard, e.version);
				better++;
			}
		}
	}
	if (seen < t->count) {
		xoev_buf__printf(msgs, "new: %zu bundle(s) not in the expected table\n", t->count - seen);
		better++;
	}
	*improved = better;
	return bad;
}

START_TEST(corpus_table)
{
	const char *corpus = xoev_test_corpus("corpus_table");
	xoev_registry_options ro = XOEV_REGISTRY_OPTIONS_INIT;
	xoev_registry *reg = NULL;
	xoev_diag_list *diags;
	xoev_strv stds = { 0 };
	xoev_buf out = { 0 }, msgs = { 0 };
	table t = { NULL, 0 };
	char *tmp, *text, *expected, *exp_path, *report;
	const char *paths[1];
	size_t i, j;
	int bad, improved = 0;

	if (!corpus)
		return;
	tmp = xoev_test_tmpdir();
	list_names(corpus, 1, NULL, &stds);
	for (i = 0; i < stds.count; i++) {
		xoev_strv versions = { 0 };
		char *sdir = xoev_io__join(corpus, stds.items[i]);
		list_names(sdir, 1, NULL, &versions);
		for (j = 0; j < versions.count; j++) {
			row *grown = realloc(t.rows, (t.count + 1) * sizeof *grown);
			ck_assert_ptr_nonnull(grown);
			t.rows = grown;
			memset(&t.rows[t.count], 0, sizeof *t.rows);
			snprintf(t.rows[t.count].standard, sizeof t.rows->standard, "%s", stds.items[i]);
			snprintf(t.rows[t.count].version, sizeof t.rows->version, "%s", versions.items[j]);
			import_bundle(corpus, tmp, &t.rows[t.count]);
			t.count++;
		}
		xoev_strv__free(&versions);
		free(sdir);
	}
	ck_assert_uint_gt(t.count, 0);

	paths[0] = tmp;
	ro.paths = paths;
	ro.path_count = 1;
	ro.flags = XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT;
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_registry_open(&reg, &ro, diags), 0);
	ck_assert_msg(xoev_diag_list_count_at_least(diags, XOEV_SEVERITY_ERROR) == 0,
	              "registry: %s", xoev_diag_message(xoev_diag_list_get(diags, 0)));
	xoev_diag_list_free(diags);

	for (i = 0; i < t.count; i++) {
		if (t.rows[i].imported) {
			measure_compile(reg, &t.rows[i]);
			measure_samples(corpus, reg, &t.rows[i]);
		}
		measure_rules(corpus, &t.rows[i]);
	}

	xoev_buf__puts(&out, header_line);
	for (i = 0; i < t.count; i++)
		format_row(&out, &t.rows[i]);
	text = xoev_buf__take(&out, NULL);
	ck_assert_ptr_nonnull(text);
	fprintf(stderr, "corpus table (%s):\n%s", corpus, text);

	exp_path = xoev_io__join(XOEV_SRCDIR, "tests/data/corpus-table.txt");
	expected = xoev_test_read_file(exp_path, NULL);
	ck_assert_msg(expected != NULL, "%s missing: commit the table above", exp_path);
	bad = compare(&t, expected, &msgs, &improved);
	report = xoev_buf__take(&msgs, NULL);
	if (report && *report)
		fprintf(stderr, "%s", report);
	if (improved && !bad)
		fprintf(stderr, "corpus table improved: commit the table above into %s\n", exp_path);
	ck_assert_msg(bad == 0, "%d regression(s) of the corpus table:\n%s", bad, report ? report : "");

	free(report);
	free(expected);
	free(exp_path);
	free(text);
	free(t.rows);
	xoev_strv__free(&stds);
	xoev_registry_free(reg);
	xoev_io__rmtree(tmp);
	free(tmp);
}
END_TEST

/* ------------------------------------------------------------------ */
/* detection where the namespace does not tell the version             */
/* ------------------------------------------------------------------ */

#define XS "xmlns:xs=\"http://www.w3.org/2001/XMLSchema\""
#define XJ_NS "http://www.xjustiz.de"

/* A tiny XJustiz-like release whose header type fixes xjustizVersion. */
static char *xjustiz_release(const char *dir, const char *name, const char *version)
{
	char *src = xoev_io__join(dir, name), *xsd, *text;

	ck_assert_ptr_nonnull(src);
	ck_assert_int_eq(xoev_io__mkdir_p(src), 0);
	xsd = xoev_io__join(src, "xjustiz.xsd");
	text = xoev_util__printf(
		"<xs:schema " XS " xmlns:tns=\"" XJ_NS "\" targetNamespace=\"" XJ_NS "\" "
		"elementFormDefault=\"qualified\">\n"
		"  <xs:element name=\"nachricht.gds.basisnachricht.0005006\"><xs:complexType><xs:sequence>\n"
		"    <xs:element name=\"nachrichtenkopf\" type=\"tns:Type.GDS.Nachrichtenkopf\"/>\n"
		"  </xs:sequence></xs:complexType></xs:element>\n"
		"  <xs:complexType name=\"Type.GDS.Nachrichtenkopf\"><xs:sequence>\n"
		"    <xs:element name=\"eigeneNachrichtenID\" type=\"xs:string\"/>\n"
		"  </xs:sequence>\n"
		"    <xs:attribute name=\"xjustizVersion\" type=\"xs:string\" use=\"required\" fixed=\"%s\"/>\n"
		"  </xs:complexType>\n"
		"</xs:schema>\n", version);
	ck_assert_ptr_nonnull(text);
	xoev_test_write_file(xsd, text, strlen(text));
	free(text);
	free(xsd);
	return src;
}

static void import_as(const char *src, const char *dest, const char *standard, const char *version,
                      const char *catalog)
{
	xoev_import_options o = XOEV_IMPORT_OPTIONS_INIT;
	xoev_diag_list *diags;
	int rc;

	o.standard = standard;
	o.standard_version = version;
	o.catalog = catalog;
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	rc = xoev_bundle_import(src, dest, &o, diags);
	ck_assert_msg(rc == 0, "import of %s %s: %s", standard, version, xoev_strerror(rc));
	xoev_diag_list_free(diags);
}

static xoev_registry *open_dir(const char *dir)
{
	xoev_registry_options ro = XOEV_REGISTRY_OPTIONS_INIT;
	xoev_registry *reg = NULL;
	const char *paths[1];

	paths[0] = dir;
	ro.paths = paths;
	ro.path_count = 1;
	ro.flags = XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT;
	ck_assert_int_eq(xoev_registry_open(&reg, &ro, NULL), 0);
	return reg;
}

/* Validate a message with xjustizVersion=v; returns the detected bundle's version. */
static const char *detect_xjustiz(xoev_validator *v, const char *version, xoev_verdict *verdict)
{
	char *doc = xoev_util__printf(
		"<j:nachricht.gds.basisnachricht.0005006 xmlns:j=\"" XJ_NS "\">"
		"<j:nachrichtenkopf xjustizVersion=\"%s\"><j:eigeneNachrichtenID>x</j:eigeneNachrichtenID>"
		"</j:nachrichtenkopf></j:nachricht.gds.basisnachricht.0005006>", version);
	xoev_diag_list *diags;
	const xoev_bundle *b;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_validate_memory(v, doc, strlen(doc), "j.xml", diags, verdict), 0);
	xoev_diag_list_free(diags);
	free(doc);
	b = xoev_validator_last_bundle(v);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(xoev_validator_last_message_type(v));
	return xoev_bundle_version(b);
}

START_TEST(xjustiz_version_from_header)
{
	char *tmp = xoev_test_tmpdir(), *bundles = xoev_io__join(tmp, "bundles");
	char *a = xjustiz_release(tmp, "rel-a", "3.4.1"), *b = xjustiz_release(tmp, "rel-b", "3.5.0");
	char *da = xoev_io__join(bundles, "xjustiz-3.4"), *db = xoev_io__join(bundles, "xjustiz-3.5");
	char *man = xoev_io__join(db, XOEV_MANIFEST_NAME);
	xoev_validate_options o = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_validator *v = NULL;
	xoev_registry *reg;
	xoev_verdict verdict;
	xoev_manifest m;

	import_as(a, da, "xjustiz", "3.4", NULL);
	import_as(b, db, "xjustiz", "3.5", NULL);
	ck_assert_int_eq(xoev_manifest__read(man, &m, NULL), 0);
	ck_assert_str_eq(m.header_family, "xjustiz");
	ck_assert_uint_eq(m.detect_header_names.count, 1);
	ck_assert_str_eq(m.detect_header_paths.items[0], "nachrichtenkopf");
	ck_assert_str_eq(m.detect_header_names.items[0], "xjustizVersion");
	ck_assert_str_eq(m.detect_header_values.items[0], "3.5.0");
	ck_assert_uint_eq(m.detect_attr_names.count, 0);
	xoev_manifest__free(&m);

	reg = open_dir(bundles);
	o.layers = XOEV_RUN_XSD;
	ck_assert_int_eq(xoev_validator_new(&v, reg, &o), 0);
	/* same namespace, same root: the header attribute decides */
	ck_assert_str_eq(detect_xjustiz(v, "3.5.0", &verdict), "3.5");
	ck_assert_int_eq(verdict, XOEV_VERDICT_VALID);
	ck_assert_str_eq(detect_xjustiz(v, "3.4.1", &verdict), "3.4");
	ck_assert_int_eq(verdict, XOEV_VERDICT_VALID);
	/* an unknown version: the namespace decides, the XSD reports the fixed value */
	ck_assert_str_eq(detect_xjustiz(v, "9.9", &verdict), "3.4");
	ck_assert_int_eq(verdict, XOEV_VERDICT_INVALID);
	xoev_validator_free(v);
	xoev_registry_free(reg);
	xoev_io__rmtree(tmp);
	free(man);
	free(da);
	free(db);
	free(a);
	free(b);
	free(bundles);
	free(tmp);
}
END_TEST

#define KM_NS "http://www.xleitstelle.de/xbau/kernmodul/1/3/0"
#define XB_NS "http://www.xleitstelle.de/xbau/2/6"

START_TEST(kernmodul_inside_xbau)
{
	const char *corpus = xoev_test_corpus("kernmodul_inside_xbau");
	char *tmp, *only, *both, *src, *dest, *cat;
	const xoev_bundle *b;
	const xoev_message_type *t;
	xoev_registry *reg;

	if (!corpus)
		return;
	tmp = xoev_test_tmpdir();
	only = xoev_io__join(tmp, "only");
	both = xoev_io__join(tmp, "both");
	cat = xoev_io__join(corpus, "catalog.xml");
	src = xoev_io__join(corpus, "xbau/2.6");
	dest = xoev_io__join(only, "xbau-2.6");
	import_as(src, dest, "xbau", "2.6", cat);
	free(dest);
	dest = xoev_io__join(both, "xbau-2.6");
	import_as(src, dest, "xbau", "2.6", cat);
	free(dest);
	free(src);
	src = xoev_io__join(corpus, "xbau-kernmodul/1.3.0");
	dest = xoev_io__join(both, "xbau-kernmodul-1.3.0");
	import_as(src, dest, "xbau-kernmodul", "1.3.0", cat);

	/* XBau 2.6 alone: its Kernmodul messages are its own (four-part name) */
	reg = open_dir(only);
	ck_assert_int_eq(xoev_registry_detect(reg, KM_NS, "prozessnachrichten.rueckweisung.G2G.1100",
	                                      "XBau-Kernmodul", "1.3.0", &b, &t), 0);
	ck_assert_str_eq(xoev_bundle_version(b), "2.6");
	ck_assert_str_eq(xoev_message_type_number(t), "1100");
	ck_assert_int_eq(xoev_registry_detect(reg, XB_NS, "baugenehmigung.antrag.0200", "XBau-Hochbau",
	                                      "2.6", &b, &t), 0);
	ck_assert_str_eq(xoev_bundle_version(b), "2.6");
	xoev_registry_free(reg);

	/* with the Kernmodul's own bundle: the Kernmodul message is the Kernmodul's */
	reg = open_dir(both);
	ck_assert_int_eq(xoev_registry_detect(reg, KM_NS, "prozessnachrichten.rueckweisung.G2G.1100",
	                                      "XBau-Kernmodul", "1.3.0", &b, &t), 0);
	ck_assert_str_eq(xoev_bundle_standard(b), "xbau-kernmodul");
	ck_assert_str_eq(xoev_bundle_version(b), "1.3.0");
	ck_assert_int_eq(xoev_registry_detect(reg, XB_NS, "baugenehmigung.antrag.0200", "XBau-Hochbau",
	                                      "2.6", &b, &t), 0);
	ck_assert_str_eq(xoev_bundle_standard(b), "xbau");
	/* XBau's attributes on a Kernmodul root do not fit XBau 2.6's Kernmodul namespace rule */
	ck_assert_int_eq(xoev_registry_detect(reg, KM_NS, "prozessnachrichten.rueckweisung.G2G.1100",
	                                      "XBau-Hochbau", "2.6", &b, &t), 0);
	ck_assert_ptr_nonnull(b);
	xoev_registry_free(reg);

	xoev_io__rmtree(tmp);
	free(src);
	free(dest);
	free(cat);
	free(only);
	free(both);
	free(tmp);
}
END_TEST

/* ------------------------------------------------------------------ */
/* header readout, every family                                        */
/* ------------------------------------------------------------------ */

static xoev_header *header_of_file(const char *path)
{
	xoev_header *h = NULL;
	xoev_diag_list *diags;
	int rc;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	rc = xoev_header_read_file(path, &h, diags);
	ck_assert_msg(rc == 0, "%s: %s", path, xoev_strerror(rc));
	ck_assert_uint_eq(xoev_diag_list_count(diags), 0);
	xoev_diag_list_free(diags);
	ck_assert_ptr_nonnull(h);
	return h;
}

static xoev_header *header_of_text(const char *text)
{
	xoev_header *h = NULL;
	ck_assert_int_eq(xoev_header_read_memory(text, strlen(text), "t.xml", &h, NULL), 0);
	ck_assert_ptr_nonnull(h);
	return h;
}

START_TEST(header_xdomea_and_xjustiz_samples)
{
	const char *corpus = xoev_test_corpus("header_xdomea_and_xjustiz_samples");
	const char *const versions[] = { "2.3.0", "3.0.0" };
	xoev_header *h;
	size_t i;
	char *p;

	if (!corpus)
		return;
	/* xdomea Kopf: Kennung before 3.0, Behoerdenschluessel from 3.0 */
	for (i = 0; i < 2; i++) {
		p = xoev_util__printf("%s/xdomea/%s/samples/toolkit_xx_Aussonderung.Aussonderung.0503.xml",
		                      corpus, versions[i]);
		h = header_of_file(p);
		ck_assert_int_eq(xoev_header_get_kind(h), XOEV_HEADER_KIND_XDOMEA);
		ck_assert_str_eq(xoev_header_kind_name(xoev_header_get_kind(h)), "xdomea");
		ck_assert_str_eq(xoev_header_message_id(h), "242f44e8-bebf-4503-a086-db252c6a4277");
		ck_assert_str_eq(xoev_header_type(h), "0503");
		ck_assert_str_eq(xoev_header_created(h), "2018-07-24T17:25:39");
		ck_assert_str_eq(xoev_header_author(h), "LATh");
		ck_assert_ptr_nonnull(xoev_header_reader(h));
		ck_assert_ptr_null(xoev_header_family_version(h));
		xoev_header_free(h);
		free(p);
	}
	/* XJustiz nachrichtenkopf: whitespace around values trimmed */
	p = xoev_util__printf("%s/xjustiz/3.4-a2j/samples/Example_cc53730.xml", corpus);
	h = header_of_file(p);
	ck_assert_int_eq(xoev_header_get_kind(h), XOEV_HEADER_KIND_XJUSTIZ);
	ck_assert_str_eq(xoev_header_message_id(h), "b94b84bc-10a4-e412-7e7f-83067ef6eae5");
	ck_assert_str_eq(xoev_header_created(h), "2024-12-18T10:51:28.758Z");
	ck_assert_str_eq(xoev_header_author(h), "Spencer");
	ck_assert_str_eq(xoev_header_reader(h), "P7920");
	ck_assert_str_eq(xoev_header_family_version(h), "3.4.1");
	ck_assert_ptr_null(xoev_header_type(h)); /* the sample has no ereignis */
	xoev_header_free(h);
	free(p);
}
END_TEST

/* No corpus sample carries a g2g or XInneres header: hand-made after XWasser 1.0.0 and XBau 2.2. */
START_TEST(header_g2g_xinneres_none)
{
	xoev_header *h;
	xoev_diag_list *diags;

	h = header_of_text(
		"<x:administration.quittung.0020 xmlns:x=\"urn:x\" standard=\"XWasser\" version=\"1.0.0\">"
		"<nachrichtenkopf.g2g><identifikation.nachricht>"
		"<nachrichtenUUID> 693c64d6-0000-4000-8000-000000000001 </nachrichtenUUID>"
		"<nachrichtentyp listURI=\"urn:xoev-de:xwasser:codeliste:nachrichtentyp\"><code>0020</code></nachrichtentyp>"
		"<erstellungszeitpunkt>2024-05-28T09:00:00</erstellungszeitpunkt></identifikation.nachricht>"
		"<leser><verzeichnisdienst listVersionID=\"\"><code/></verzeichnisdienst><kennung>mp:09000000</kennung><name>R</name></leser>"
		"<autor><verzeichnisdienst listVersionID=\"\"><code/></verzeichnisdienst><kennung>gha:090</kennung><name>A</name></autor>"
		"</nachrichtenkopf.g2g></x:administration.quittung.0020>");
	ck_assert_int_eq(xoev_header_get_kind(h), XOEV_HEADER_KIND_G2G);
	ck_assert_str_eq(xoev_header_message_id(h), "693c64d6-0000-4000-8000-000000000001");
	ck_assert_str_eq(xoev_header_type(h), "0020");
	ck_assert_str_eq(xoev_header_created(h), "2024-05-28T09:00:00");
	ck_assert_str_eq(xoev_header_author(h), "gha:090");
	ck_assert_str_eq(xoev_header_reader(h), "mp:09000000");
	xoev_header_free(h);

	h = header_of_text(
		"<b:baugenehmigung.antrag.0200 xmlns:b=\"http://www.xleitstelle.de/xbau/2/2\">"
		"<nachrichtenkopf><identifikation.nachricht><nachrichtenUUID>u-1</nachrichtenUUID>"
		"<nachrichtentyp><code>0200</code></nachrichtentyp><erstellungszeitpunkt>2020-01-01T00:00:00"
		"</erstellungszeitpunkt></identifikation.nachricht>"
		"<leser><behoerdenkennung><praefix><code>bab</code></praefix><kennung><code>R1</code></kennung></behoerdenkennung></leser>"
		"<autor><behoerdenkennung><praefix><code>bab</code></praefix><kennung><code>A1</code></kennung></behoerdenkennung></autor>"
		"</nachrichtenkopf></b:baugenehmigung.antrag.0200>");
	ck_assert_int_eq(xoev_header_get_kind(h), XOEV_HEADER_KIND_XINNERES);
	ck_assert_str_eq(xoev_header_kind_name(xoev_header_get_kind(h)), "xinneres");
	ck_assert_str_eq(xoev_header_message_id(h), "u-1");
	ck_assert_str_eq(xoev_header_type(h), "0200");
	ck_assert_str_eq(xoev_header_author(h), "A1");
	ck_assert_str_eq(xoev_header_reader(h), "R1");
	xoev_header_free(h);

	h = header_of_text("<a><b/></a>");
	ck_assert_int_eq(xoev_header_get_kind(h), XOEV_HEADER_KIND_NONE);
	ck_assert_str_eq(xoev_header_kind_name(XOEV_HEADER_KIND_NONE), "none");
	ck_assert_ptr_null(xoev_header_message_id(h));
	ck_assert_ptr_null(xoev_header_author(h));
	xoev_header_free(h);

	/* errors */
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	h = (xoev_header *)&h;
	ck_assert_int_eq(xoev_header_read_memory("<a>", 3, "bad.xml", &h, diags), XOEV_ERROR);
	ck_assert_ptr_null(h);
	ck_assert(xoev_diag_list_count(diags) > 0);
	ck_assert_int_eq(xoev_header_read_file("/nonexistent/x.xml", &h, diags), XOEV_EIO);
	ck_assert_int_eq(xoev_header_read_file(NULL, &h, NULL), XOEV_EINVAL);
	ck_assert_int_eq(xoev_header_read_memory("<a/>", 4, NULL, NULL, NULL), XOEV_EINVAL);
	ck_assert_int_eq(xoev_header_get_kind(NULL), XOEV_HEADER_KIND_NONE);
	ck_assert_ptr_null(xoev_header_created(NULL));
	xoev_header_free(NULL);
	xoev_diag_list_free(diags);
}
END_TEST

/* ------------------------------------------------------------------ */
/* XGenerator's Schematron (XPath 2.0 subset), run natively            */
/* ------------------------------------------------------------------ */

#define XB "xmlns:xbau=\"" XB_NS "\""

/* 1 if running r on text finds the rule id; fails on runtime errors. */
static int fires(const xoev_rules *r, const char *text, const char *id)
{
	xoev_diag_list *diags;
	xoev_xdoc *doc = NULL;
	int hit;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_xml__parse(text, strlen(text), "m.xml", NULL, diags, &doc), 0);
	ck_assert_int_eq(xoev_rules__run(r, doc, "m.xml", diags), 0);
	ck_assert_msg(!xoev_test_has_rule(diags, "rules.xpath-runtime"), "runtime error for %s: %s", id,
	              xoev_test_has_rule(diags, "rules.xpath-runtime") ? xoev_diag_message(xoev_test_find_rule(diags, "rules.xpath-runtime")) : "");
	hit = xoev_test_has_rule(diags, id);
	xoev_xml__free(doc);
	xoev_diag_list_free(diags);
	return hit;
}

typedef struct {
	const char *id;
	const char *root;   /* root element (local name, xbau namespace) */
	const char *good;   /* content that satisfies the assert */
	const char *bad;    /* content that violates it */
} sch_case;

#define DEG(x) "<xbau:datenEinzelnesGebaeude>" x "</xbau:datenEinzelnesGebaeude>"
#define ART(c) "<xbau:baugenehmigung><xbau:artDerBautaetigkeit><code>" c "</code></xbau:artDerBautaetigkeit></xbau:baugenehmigung>"
#define WG(c) "<xbau:angabenGebaeude><xbau:artDesWohngebaeudes><code>" c "</code></xbau:artDesWohngebaeudes></xbau:angabenGebaeude>"
#define KOPF(who, vd, k) "<nachrichtenkopf.g2g><" who "><verzeichnisdienst><code>" vd "</code></verzeichnisdienst><kennung>" k "</kennung></" who "></nachrichtenkopf.g2g>"
#define HE(a, b) "<xbau:heizenergie><xbau:primaereHeizenergieHeizung><xbau:code><code>" a "</code></xbau:code></xbau:primaereHeizenergieHeizung><xbau:sekundaereHeizenergieHeizung><xbau:code><code>" b "</code></xbau:code></xbau:sekundaereHeizenergieHeizung></xbau:heizenergie>"
#define WA(x) "<xbau:anzahlDerWohnungenAlt>" x "</xbau:anzahlDerWohnungenAlt>"
#define ST "statistik.baugenehmigung.0421"

static const sch_case xbau26_cases[] = {
	{ "sch-xbau-001", "baugenehmigung.antrag.0200", KOPF("leser", "DVDV", "abc:123"), KOPF("leser", "DVDV", "ABC-12") },
	{ "sch-xbau-001", "baugenehmigung.antrag.0200", KOPF("leser", "XYZ", "anything"), KOPF("leser", "DVDV", "abc:") },
	{ "sch-xbau-002", "vorbescheid.antrag.0210", KOPF("autor", "DVDV", "dbs:060030010000"), KOPF("autor", "DVDV", "db:1") },
	{ "sch-anz-001", "anzeige.beseitigungAbsicht.0950", "<xbau:anzeigender/>", "<xbau:other/>" },
	{ "sch-stat-001", ST, "<xbau:allgemeineAngaben/><xbau:flurstueck><bundesland/></xbau:flurstueck>", "<xbau:allgemeineAngaben/><xbau:flurstueck/>" },
	{ "sch-stat-002", ST, "<xbau:allgemeineAngaben/><xbau:bauherr><p><familienname><name>Meier</name></familienname></p></xbau:bauherr>",
	  "<xbau:allgemeineAngaben/><xbau:bauherr><organisation><name> </name></organisation></xbau:bauherr>" },
	{ "sch-stat-003", ST, HE("001", "002"), HE("014", "001") },
	{ "sch-stat-004", ST, WA("<xbau:kategorie><code>7</code></xbau:kategorie><xbau:anzahlRaeumebeiWohnungenMitSiebenOderMehrRaeumen>8</xbau:anzahlRaeumebeiWohnungenMitSiebenOderMehrRaeumen>"),
	  WA("<xbau:kategorie><code>7</code></xbau:kategorie>") },
	{ "sch-stat-004", ST, WA("<xbau:kategorie><code>3</code></xbau:kategorie>"),
	  WA("<xbau:kategorie><code>3</code></xbau:kategorie><xbau:anzahlRaeumebeiWohnungenMitSiebenOderMehrRaeumen>8</xbau:anzahlRaeumebeiWohnungenMitSiebenOderMehrRaeumen>") },
	{ "sch-stat-005", ST, WA("<xbau:anzahlWohnungen>1</xbau:anzahlWohnungen><xbau:anzahlRaeumebeiWohnungenMitSiebenOderMehrRaeumen>7</xbau:anzahlRaeumebeiWohnungenMitSiebenOderMehrRaeumen>"),
	  WA("<xbau:anzahlWohnungen>2</xbau:anzahlWohnungen><xbau:anzahlRaeumebeiWohnungenMitSiebenOderMehrRaeumen>13</xbau:anzahlRaeumebeiWohnungenMitSiebenOderMehrRaeumen>") },
	/* general comparison with a sequence: code = ('1','2') */
	{ "sch-stat-006", ST, DEG("<xbau:anzahlVollgeschosse>3</xbau:anzahlVollgeschosse>" WG("2") ART("1") "<xbau:anzahlDerWohnungen><xbau:gesamtanzahlWohnungen>1</xbau:gesamtanzahlWohnungen></xbau:anzahlDerWohnungen>"),
	  DEG("<xbau:anzahlVollgeschosse>4</xbau:anzahlVollgeschosse>" WG("2") ART("1") "<xbau:anzahlDerWohnungen><xbau:gesamtanzahlWohnungen>1</xbau:gesamtanzahlWohnungen></xbau:anzahlDerWohnungen>") },
	{ "sch-stat-006", ST, DEG("<xbau:anzahlVollgeschosse>4</xbau:anzahlVollgeschosse>" WG("5") ART("1") "<xbau:anzahlDerWohnungen><xbau:gesamtanzahlWohnungen>1</xbau:gesamtanzahlWohnungen></xbau:anzahlDerWohnungen>"),
	  DEG("<xbau:anzahlVollgeschosse>4</xbau:anzahlVollgeschosse>" WG("1") ART("2") "<xbau:anzahlDerWohnungen><xbau:gesamtanzahlWohnungen>1</xbau:gesamtanzahlWohnungen></xbau:anzahlDerWohnungen>") },
	{ "sch-stat-007", ST, DEG("<xbau:baukosten><xbau:kostengruppe300>20000</xbau:kostengruppe300><xbau:kostengruppe400>5000</xbau:kostengruppe400></xbau:baukosten>" WG("1") ART("1") "<xbau:bruttoRauminhaltBRI>1</xbau:bruttoRauminhaltBRI>"),
	  DEG("<xbau:baukosten><xbau:kostengruppe300>1000</xbau:kostengruppe300><xbau:kostengruppe400>0</xbau:kostengruppe400></xbau:baukosten>" WG("1") ART("1") "<xbau:bruttoRauminhaltBRI>1</xbau:bruttoRauminhaltBRI>") },
	{ "sch-stat-008", ST, DEG(ART("1") "<xbau:angabenGebaeude><xbau:haustypWohngebaeude/></xbau:angabenGebaeude>"), DEG(ART("3") "<xbau:angabenGebaeude><xbau:haustypWohngebaeude/></xbau:angabenGebaeude>") },
	{ "sch-stat-009", ST, DEG(ART("3")), DEG(ART("3") "<xbau:ueberwiegendVerwendeterBaustoff/>") },
	{ "sch-stat-010", ST, DEG(ART("3")), DEG(ART("3") "<xbau:heizungHeizenergie/>") },
	{ "sch-stat-011", ST, DEG(ART("2") "<xbau:bruttoRauminhaltBRI>5</xbau:bruttoRauminhaltBRI>"), DEG(ART("3") "<xbau:bruttoRauminhaltBRI>5</xbau:bruttoRauminhaltBRI>") },
	{ "sch-stat-012", ST, DEG(ART("3")), DEG(ART("3") "<xbau:anzahlVollgeschosse>2</xbau:anzahlVollgeschosse>") },
	{ "sch-stat-013", ST, DEG(ART("3")), DEG(ART("3") "<xbau:sonstigeLueftungsanlagen/>") },
	{ "sch-stat-014", ST, DEG(ART("3")), DEG(ART("3") "<xbau:kuehlung/>") },
	{ "sch-stat-015", ST, DEG(ART("3")), DEG(ART("3") "<xbau:erfuellungGEG/>") },
};

static char *xbau_message(const char *root, const char *content)
{
	char *t = xoev_util__printf("<xbau:%s " XB ">%s</xbau:%s>", root, content, root);
	ck_assert_ptr_nonnull(t);
	return t;
}

START_TEST(xbau26_schematron)
{
	const char *corpus = xoev_test_corpus("xbau26_schematron");
	xoev_rules *r = NULL, *empty = NULL;
	xoev_diag_list *diags;
	char *path;
	size_t i;

	if (!corpus)
		return;
	path = xoev_util__printf("%s/xbau/2.6/schematron/xbau-schematron.sch", corpus);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_rules__compile(path, NULL, &r, diags), 0);
	/* every assert loads; the share is reported */
	ck_assert(!xoev_test_has_rule(diags, "rules.unsupported"));
	ck_assert(!xoev_test_has_rule(diags, "rules.xpath"));
	ck_assert_ptr_nonnull(xoev_test_find_rule(diags, "rules.supported"));
	ck_assert_ptr_nonnull(strstr(xoev_diag_message(xoev_test_find_rule(diags, "rules.supported")),
	                             "(100%;"));
	free(path);
	for (i = 0; i < sizeof xbau26_cases / sizeof xbau26_cases[0]; i++) {
		const sch_case *k = &xbau26_cases[i];
		char *good = xbau_message(k->root, k->good), *bad = xbau_message(k->root, k->bad);
		ck_assert_msg(!fires(r, good, k->id), "%s fired on %s", k->id, good);
		ck_assert_msg(fires(r, bad, k->id), "%s did not fire on %s", k->id, bad);
		free(good);
		free(bad);
	}
	xoev_rules__free(r);

	/* the 19th: no empty elements */
	path = xoev_util__printf("%s/xbau/2.6/schematron/xbau-schematron-leere-elemente.sch", corpus);
	xoev_diag_list_clear(diags);
	ck_assert_int_eq(xoev_rules__compile(path, NULL, &empty, diags), 0);
	ck_assert(!fires(empty, "<a><b>x</b><c><d>1</d></c></a>", "sch-xbau-gen-001"));
	ck_assert(fires(empty, "<a><b>x</b><c>  </c></a>", "sch-xbau-gen-001"));
	xoev_rules__free(empty);
	free(path);
	xoev_diag_list_free(diags);
}
END_TEST

START_TEST(xpath2_rewrite)
{
	static const struct { const char *in, *out; } ok[] = {
		{ "if (a) then b else true()", "(((a) and ( b )) or (not(a) and ( true())))" },
		{ "code = ('1','2')", "code = xoev-sequence('1','2')" },
		{ "a eq 'x' and b ne 2", "a = 'x' and b != 2" },
		{ "(: note :)exists(a)", "exists(a)" },
		{ "count(a) = 1", "count(a) = 1" },
		{ "()", "xoev-sequence()" },
		{ "child::a/@b * 2", "child::a/@b * 2" },
	};
	static const char *const bad[] = {
		"for $x in a return $x", "some $x in a satisfies $x", "upper-case(a)", "a instance of xs:string",
		"1 to 3", "a except b", "if (a) then b",
	};
	char why[160];
	size_t i;
	int oom;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		char *r = xoev_rules__xpath2_rewrite(ok[i].in, why, sizeof why, &oom);
		ck_assert_msg(r != NULL, "%s: %s", ok[i].in, why);
		ck_assert_str_eq(r, ok[i].out);
		free(r);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *r = xoev_rules__xpath2_rewrite(bad[i], why, sizeof why, &oom);
		ck_assert_msg(r == NULL, "%s rewritten as %s", bad[i], r ? r : "");
		ck_assert_int_eq(oom, 0);
		ck_assert_msg(why[0] != '\0', "%s: no reason", bad[i]);
	}
}
END_TEST

/* The extension functions, and unsupported asserts listed by id at load time. */
START_TEST(xpath2_functions)
{
	static const char sch[] =
		"<sch:schema xmlns:sch=\"http://purl.oclc.org/dsdl/schematron\" queryBinding=\"xslt2\">\n"
		"<sch:pattern><sch:rule context=\"/m\">\n"
		"<sch:assert id=\"m1\" test=\"matches(k, '^[a-z]{3}:\\d+$')\">m1</sch:assert>\n"
		"<sch:assert id=\"m2\" test=\"matches(k, '^ABC', 'i')\">m2</sch:assert>\n"
		"<sch:assert id=\"m3\" test=\"not(matches(k, '[\\s]'))\">m3</sch:assert>\n"
		"<sch:assert id=\"e1\" test=\"empty(nothing) and exists(k)\">e1</sch:assert>\n"
		"<sch:assert id=\"j1\" test=\"string-join(v, '-') = '1-2-3'\">j1</sch:assert>\n"
		"<sch:assert id=\"s1\" test=\"v = ('3', '9') and not(v = ('7', '8'))\">s1</sch:assert>\n"
		"<sch:assert id=\"s2\" test=\"if (count(v) gt 2) then v[1] lt 2 else false()\">s2</sch:assert>\n"
		"<sch:assert id=\"f1\" test=\"k = 'abc:12'\">f1 fails on purpose</sch:assert>\n"
		"<sch:assert id=\"u1\" test=\"every $x in v satisfies $x\">u1</sch:assert>\n"
		"<sch:assert id=\"u2\" test=\"upper-case(k) = 'X'\">u2</sch:assert>\n"
		"</sch:rule></sch:pattern></sch:schema>\n";
	char *path = xoev_io__join(xoev_test_dir, "f.sch");
	xoev_rules *r = NULL;
	xoev_diag_list *diags;
	const char *doc = "<m><k>abc:123</k><v>1</v><v>2</v><v>3</v></m>";
	size_t i, unsupported = 0;

	xoev_test_write_file(path, sch, strlen(sch));
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_rules__compile(path, NULL, &r, diags), 0);
	for (i = 0; i < xoev_diag_list_count(diags); i++) {
		const xoev_diag *d = xoev_diag_list_get(diags, i);
		if (strcmp(xoev_diag_rule(d), "rules.unsupported") == 0) {
			unsupported++;
			ck_assert_msg(strstr(xoev_diag_message(d), "'u1'") || strstr(xoev_diag_message(d), "'u2'"),
			              "%s", xoev_diag_message(d));
		}
	}
	ck_assert_uint_eq(unsupported, 2);
	ck_assert_ptr_nonnull(strstr(xoev_diag_message(xoev_test_find_rule(diags, "rules.supported")),
	                             "8 of 10"));
	ck_assert_uint_eq(xoev_rules__assert_count(r), 8);
	ck_assert(!fires(r, doc, "m1"));
	ck_assert(!fires(r, doc, "m2"));
	ck_assert(!fires(r, doc, "m3"));
	ck_assert(!fires(r, doc, "e1"));
	ck_assert(!fires(r, doc, "j1"));
	ck_assert(!fires(r, doc, "s1"));
	ck_assert(!fires(r, doc, "s2"));
	ck_assert(fires(r, doc, "f1"));
	ck_assert(fires(r, "<m><k>ab 1</k></m>", "m1"));
	ck_assert(fires(r, "<m><k>ab 1</k></m>", "m3"));
	ck_assert(fires(r, "<m><k>ab 1</k></m>", "e1") == 0);
	ck_assert(fires(r, "<m><v>7</v></m>", "s1"));
	xoev_rules__free(r);
	xoev_diag_list_free(diags);
	free(path);
}
END_TEST

Suite *xoev_suite_corpus(void)
{
	Suite *s = suite_create("corpus");
	TCase *table_tc = tcase_create("table");
	TCase *detect_tc = tcase_create("detect");
	TCase *header_tc = tcase_create("header");
	TCase *rules_tc = tcase_create("xpath2");

	tcase_set_timeout(table_tc, 600);
	tcase_add_test(table_tc, corpus_table);
	suite_add_tcase(s, table_tc);
	tcase_set_timeout(detect_tc, 120);
	tcase_add_test(detect_tc, xjustiz_version_from_header);
	tcase_add_test(detect_tc, kernmodul_inside_xbau);
	suite_add_tcase(s, detect_tc);
	tcase_add_test(header_tc, header_xdomea_and_xjustiz_samples);
	tcase_add_test(header_tc, header_g2g_xinneres_none);
	suite_add_tcase(s, header_tc);
	tcase_add_checked_fixture(rules_tc, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_add_test(rules_tc, xbau26_schematron);
	tcase_add_test(rules_tc, xpath2_rewrite);
	tcase_add_test(rules_tc, xpath2_functions);
	suite_add_tcase(s, rules_tc);
	return s;
}
