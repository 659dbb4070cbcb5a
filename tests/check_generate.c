/*
 * libxoev tests - message generation: the schema model, placeholder values,
 * skeletons of every message type (project bundles, xdomea 2.3.0-3.1.0,
 * XAusländer 26.11) validated by libxoev and by xmllint, and the
 * `skeleton`/`describe` commands.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tests.h"
#include "internal.h"
#include "model.h"
#include "skeleton.h"

#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlregexp.h>

/* ------------------------------------------------------------------ */
/* helpers                                                             */
/* ------------------------------------------------------------------ */

static xoev_registry *registry_of(char **dirs, size_t n)
{
	xoev_registry_options o = XOEV_REGISTRY_OPTIONS_INIT;
	xoev_registry *reg = NULL;

	o.paths = (const char *const *)dirs;
	o.path_count = n;
	o.flags = XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT;
	ck_assert_int_eq(xoev_registry_open(&reg, &o, NULL), 0);
	return reg;
}

static char *import_into_tmp(const char *corpus, const char *sub, const char *standard,
                             const char *version)
{
	xoev_import_options io = XOEV_IMPORT_OPTIONS_INIT;
	char src[4096], cat[4096], *tmp, *dest;
	int rc;

	snprintf(src, sizeof src, "%s/%s", corpus, sub);
	snprintf(cat, sizeof cat, "%s/catalog.xml", corpus);
	tmp = xoev_test_tmpdir();
	dest = malloc(strlen(tmp) + 64);
	ck_assert_ptr_nonnull(dest);
	sprintf(dest, "%s/%s-%s", tmp, standard, version);
	free(tmp);
	io.standard = standard;
	io.standard_version = version;
	io.catalog = cat;
	rc = xoev_bundle_import(src, dest, &io, NULL);
	ck_assert_msg(rc == 0, "import of %s failed: %s", sub, xoev_strerror(rc));
	return dest;
}

/* Known, documented exceptions: the schema contradicts the header rule. */
static int allowed_failure(const xoev_bundle *b, const char *root, const xoev_diag_list *diags)
{
	size_t i;

	/* xdomea 2.3.0-3.1.0 declare Geschaeftsgang.GeaendertenLaufwegMitteilen.0203 but
	 * their Nachrichtentyp enumeration has no 0203: XSD-valid means a type mismatch. */
	if (strcmp(xoev_bundle_standard(b), "xdomea") != 0 || !strstr(root, ".0203"))
		return 0;
	for (i = 0; i < xoev_diag_list_count(diags); i++) {
		const xoev_diag *d = xoev_diag_list_get(diags, i);
		if (xoev_diag_severity(d) >= XOEV_SEVERITY_ERROR &&
		    strcmp(xoev_diag_rule(d), "header.type-mismatch") != 0)
			return 0;
	}
	return 1;
}

typedef struct {
	size_t generated, valid, rules_valid, allowed, xmllint_valid, xmllint_checked;
} tally;

/* The schema xmllint should load for a root of bundle b (a new string), or NULL. */
typedef char *(*xsd_for_fn)(const xoev_bundle *b, const char *root, const char *corpus);

static char *xsd_declaring(const char *dir, const char *root)
{
	char cmd[8192], *out = NULL, *nl;

	snprintf(cmd, sizeof cmd,
	         "grep -rl --include='*.xsd' 'name=\"%s\"' '%s' | sort | head -1", root, dir);
	ck_assert_int_eq(xoev_test_run(cmd, &out), 0);
	nl = strchr(out, '\n');
	if (nl)
		*nl = '\0';
	if (!*out) {
		free(out);
		return NULL;
	}
	return out;
}

static char *xsd_project(const xoev_bundle *b, const char *root, const char *corpus)
{
	(void)corpus;
	return xsd_declaring(xoev_bundle_directory(b), root);
}

static char *xsd_xdomea(const xoev_bundle *b, const char *root, const char *corpus)
{
	char path[4096], dir[4096];
	struct stat st;

	snprintf(path, sizeof path, "%s/xdomea/%s/xsd/xdomea.xsd", corpus, xoev_bundle_version(b));
	if (stat(path, &st) == 0)
		return strdup(path);
	snprintf(dir, sizeof dir, "%s/xdomea/%s/xsd", corpus, xoev_bundle_version(b));
	return xsd_declaring(dir, root);
}

static char *xsd_xauslaender(const xoev_bundle *b, const char *root, const char *corpus)
{
	char path[4096];

	(void)b;
	(void)root;
	snprintf(path, sizeof path, "%s/xauslaender/26.11/xsd/xinneres.xauslaender.xsd", corpus);
	return strdup(path);
}

/* Run xmllint once over many files; counts files that validate. */
static size_t xmllint_batch(const char *corpus, const char *xsd, char **files, size_t n,
                            const char *tmp, size_t *checked)
{
	char *list = NULL, *out = NULL, *p;
	xoev_buf cmd = { 0 };
	size_t i, valid = 0;
	int rc;

	(void)list;
	xoev_buf__printf(&cmd, "cd '%s' && ", tmp);
	if (corpus)
		xoev_buf__printf(&cmd, "XML_CATALOG_FILES='%s/catalog.xml' ", corpus);
	xoev_buf__printf(&cmd, "xmllint --nonet --noout --schema '%s'", xsd);
	for (i = 0; i < n; i++)
		xoev_buf__printf(&cmd, " '%s'", files[i]);
	xoev_buf__puts(&cmd, " 2>&1");
	p = xoev_buf__take(&cmd, NULL);
	ck_assert_ptr_nonnull(p);
	rc = xoev_test_run(p, &out);
	free(p);
	ck_assert_msg(rc == 0 || rc == 3, "xmllint failed to run (%d): %.500s", rc, out);
	for (i = 0; i < n; i++) {
		char needle[4096];
		snprintf(needle, sizeof needle, "%s validates", files[i]);
		if (strstr(out, needle))
			valid++;
		else
			fprintf(stderr, "xmllint rejects %s/%s (%s)\n", tmp, files[i], xsd);
	}
	*checked += n;
	free(out);
	return valid;
}

/*
 * For every message type of b: minimal and full skeletons; libxoev
 * validates them (XSD, code lists, header; rules counted apart), and
 * xmllint --schema validates them in batches per schema file.
 */
static void skeletons_of_bundle(const xoev_registry *reg, const xoev_bundle *b,
                                xsd_for_fn xsd_for, const char *corpus, tally *t)
{
	xoev_validate_options vo = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_validate_options vr = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_validator *v = NULL, *vrules = NULL;
	xoev_diag_list *diags = NULL;
	char *tmp = xoev_test_tmpdir();
	char **files, **xsds;
	size_t i, n = xoev_bundle_message_count(b), nf = 0, k;
	unsigned int full;

	vo.layers = XOEV_RUN_XSD | XOEV_RUN_CODELIST | XOEV_RUN_HEADER;
	vr.layers = XOEV_RUN_RULES;
	ck_assert_int_eq(xoev_validator_new(&v, reg, &vo), 0);
	ck_assert_int_eq(xoev_validator_new(&vrules, reg, &vr), 0);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	files = calloc(2 * n + 1, sizeof *files);
	xsds = calloc(2 * n + 1, sizeof *xsds);
	ck_assert(files && xsds);
	for (i = 0; i < n; i++) {
		const xoev_message_type *mt = xoev_bundle_message(b, i);
		const char *root = xoev_message_type_root(mt);
		char *xsd = xsd_for ? xsd_for(b, root, corpus) : NULL;
		for (full = 0; full < 2; full++) {
			char *xml = NULL, name[1024], path[4096];
			size_t len = 0;
			xoev_verdict verdict = XOEV_VERDICT_IO_ERROR;
			int rc;
			xoev_diag_list_clear(diags);
			rc = xoev_skeleton(b, root, full ? XOEV_SKELETON_FULL : 0, &xml, &len, diags);
			ck_assert_msg(rc == 0, "%s %s %s: skeleton failed: %s", xoev_bundle_standard(b),
			              xoev_bundle_version(b), root, xoev_strerror(rc));
			t->generated++;
			snprintf(name, sizeof name, "%s.%s.xml", root, full ? "full" : "min");
			snprintf(path, sizeof path, "%s/%s", tmp, name);
			xoev_test_write_file(path, xml, len);
			xoev_diag_list_clear(diags);
			ck_assert_int_eq(xoev_validate_memory(v, xml, len, name, diags, &verdict), 0);
			if (verdict == XOEV_VERDICT_VALID) {
				t->valid++;
			} else if (allowed_failure(b, root, diags)) {
				t->allowed++;
			} else {
				const xoev_diag *d = NULL;
				for (k = 0; k < xoev_diag_list_count(diags); k++)
					if (xoev_diag_severity(xoev_diag_list_get(diags, k)) >= XOEV_SEVERITY_ERROR) {
						d = xoev_diag_list_get(diags, k);
						break;
					}
				ck_abort_msg("%s %s %s (%s) is invalid: %s: %s [%s]", xoev_bundle_standard(b),
				             xoev_bundle_version(b), root, full ? "full" : "minimal",
				             d ? xoev_diag_rule(d) : "?", d ? xoev_diag_message(d) : "?",
				             d && xoev_diag_xpath(d) ? xoev_diag_xpath(d) : "");
			}
			xoev_diag_list_clear(diags);
			ck_assert_int_eq(xoev_validate_memory(vrules, xml, len, name, diags, &verdict), 0);
			if (verdict == XOEV_VERDICT_VALID)
				t->rules_valid++;
			free(xml);
			if (xsd) {
				files[nf] = strdup(name);
				xsds[nf] = strdup(xsd);
				nf++;
			}
		}
		free(xsd);
	}
	/* xmllint: one run per schema file */
	for (i = 0; i < nf; i++) {
		char **batch;
		size_t bn = 0;
		if (!xsds[i])
			continue;
		batch = calloc(nf, sizeof *batch);
		ck_assert_ptr_nonnull(batch);
		for (k = i; k < nf; k++)
			if (xsds[k] && strcmp(xsds[k], xsds[i]) == 0) {
				batch[bn++] = files[k];
				if (k != i) {
					free(xsds[k]);
					xsds[k] = NULL;
				}
			}
		t->xmllint_valid += xmllint_batch(corpus, xsds[i], batch, bn, tmp, &t->xmllint_checked);
		free(xsds[i]);
		xsds[i] = NULL;
		free(batch);
	}
	for (i = 0; i < nf; i++)
		free(files[i]);
	free(files);
	free(xsds);
	xoev_io__rmtree(tmp);
	free(tmp);
	xoev_diag_list_free(diags);
	xoev_validator_free(v);
	xoev_validator_free(vrules);
}

static void report(const char *what, const tally *t)
{
	fprintf(stderr,
	        "generate: %s: %zu skeletons, %zu valid (xsd+codelist+header), %zu known schema "
	        "conflicts, %zu pass the business rules too; xmllint: %zu of %zu valid\n",
	        what, t->generated, t->valid, t->allowed, t->rules_valid, t->xmllint_valid,
	        t->xmllint_checked);
}

/* ------------------------------------------------------------------ */
/* the model                                                           */
/* ------------------------------------------------------------------ */

START_TEST(model_of_project_bundle)
{
	xoev_registry *reg = xoev_test_project_registry();
	const xoev_bundle *b = NULL;
	const xoev_model *m;
	const xoev_model_element *root;
	const xoev_model_type *t;
	xoev_diag_list *diags = NULL;

	ck_assert_int_eq(xoev_registry_find(reg, "xmig", "1.0", &b), 0);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	m = xoev_bundle__model(b, diags);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(xoev_diag_list_count(diags), 0);
	/* built once: the same pointer again */
	ck_assert_ptr_eq(xoev_bundle__model(b, NULL), m);
	root = xoev_model__element(m, "urn:libxoev:xmig:schema:1.0", "register.meldung.1001");
	ck_assert_ptr_nonnull(root);
	ck_assert_str_eq(root->ns, "urn:libxoev:xmig:schema:1.0");
	ck_assert_int_eq(root->type->kind, XOEV_MT_COMPLEX);
	ck_assert_ptr_nonnull(root->type->particle);
	/* a code type 4 (listURI and listVersionID required) */
	t = xoev_model__type(m, "urn:libxoev:xmig:schema:1.0", "Code.Staat");
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->code_kind, 4);
	ck_assert(t->list_version_required);
	/* a code type 3 with a fixed listURI */
	t = xoev_model__type(m, "urn:libxoev:xmig:schema:1.0", "Code.Verzeichnisdienst");
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->code_kind, 3);
	ck_assert(t->list_uri_fixed);
	ck_assert_str_eq(t->list_uri, "urn:libxoev:codeliste:verzeichnisdienst");
	xoev_diag_list_free(diags);
	xoev_registry_free(reg);
}
END_TEST

START_TEST(model_of_adhoc_schema)
{
	static const char xsd[] =
		"<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' xmlns:t='urn:t'\n"
		"  targetNamespace='urn:t' elementFormDefault='qualified'>\n"
		"  <xs:element name='a.b.0001' type='t:Root'/>\n"
		"  <xs:complexType name='Base'><xs:sequence>\n"
		"    <xs:element name='x' type='xs:int' minOccurs='0'/>\n"
		"    <xs:element name='kind' form='unqualified'>\n"
		"      <xs:simpleType><xs:restriction base='xs:token'>\n"
		"        <xs:pattern value='[A-Z]{2}-[0-9]{3,5}(/[a-z]+)?'/><xs:maxLength value='12'/>\n"
		"      </xs:restriction></xs:simpleType></xs:element>\n"
		"  </xs:sequence><xs:attribute name='v' type='xs:date' use='required'/></xs:complexType>\n"
		"  <xs:complexType name='Root'><xs:complexContent><xs:extension base='t:Base'>\n"
		"    <xs:sequence><xs:choice><xs:element name='self' type='t:Root'/><xs:element name='leaf'\n"
		"       type='xs:decimal'/></xs:choice>\n"
		"    <xs:element ref='t:tail' maxOccurs='unbounded'/></xs:sequence>\n"
		"  </xs:extension></xs:complexContent></xs:complexType>\n"
		"  <xs:element name='tail'><xs:simpleType><xs:restriction base='xs:integer'>\n"
		"    <xs:minInclusive value='10'/><xs:maxExclusive value='20'/>\n"
		"  </xs:restriction></xs:simpleType></xs:element>\n"
		"</xs:schema>\n";
	char path[4096], *xml = NULL;
	xoev_registry *reg = NULL;
	const xoev_model *m;
	const xoev_model_element *root;
	const xoev_model_attribute *a;
	xoev_validator *v = NULL;
	xoev_verdict verdict;
	xoev_diag_list *diags = NULL;
	size_t len = 0;
	unsigned int full;

	snprintf(path, sizeof path, "%s/t.xsd", xoev_test_dir);
	xoev_test_write_file(path, xsd, sizeof xsd - 1);
	ck_assert_int_eq(xoev_registry_open_schema(&reg, path, NULL, NULL), 0);
	m = xoev_bundle__model(xoev_registry_bundle(reg, 0), NULL);
	ck_assert_ptr_nonnull(m);
	root = xoev_model__element(m, "urn:t", "a.b.0001");
	ck_assert_ptr_nonnull(root);
	/* extension: base content first, then the own sequence */
	ck_assert_int_eq(root->type->particle->kind, XOEV_MP_SEQUENCE);
	ck_assert_uint_eq(root->type->attribute_count, 1);
	a = &root->type->attributes[0];
	ck_assert_str_eq(a->name, "v");
	ck_assert(a->required);
	ck_assert_str_eq(a->type->name, "date");
	ck_assert_int_eq(xoev_validator_new(&v, reg, NULL), 0);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	for (full = 0; full < 2; full++) {
		ck_assert_int_eq(xoev_skeleton(xoev_registry_bundle(reg, 0), "a.b.0001",
		                               full ? XOEV_SKELETON_FULL : 0, &xml, &len, diags), 0);
		/* unqualified local element, pattern honoured, range honoured, choice ends */
		ck_assert_ptr_nonnull(strstr(xml, "<kind>"));
		ck_assert_ptr_nonnull(strstr(xml, ">10</"));
		ck_assert_ptr_nonnull(strstr(xml, "<t:leaf>") ? strstr(xml, "<t:leaf>") : strstr(xml, "<t:self>"));
		xoev_diag_list_clear(diags);
		ck_assert_int_eq(xoev_validate_memory(v, xml, len, "t.xml", diags, &verdict), 0);
		ck_assert_msg(verdict == XOEV_VERDICT_VALID, "%s\n%s", xml,
		              xoev_diag_list_count(diags) ? xoev_diag_message(xoev_diag_list_get(diags, 0)) : "");
		xoev_free(xml);
	}
	ck_assert_int_eq(xoev_skeleton(xoev_registry_bundle(reg, 0), "nope", 0, &xml, &len, NULL),
	                 XOEV_ENOTFOUND);
	ck_assert_int_eq(xoev_skeleton(NULL, "nope", 0, &xml, &len, NULL), XOEV_EINVAL);
	xoev_diag_list_free(diags);
	xoev_validator_free(v);
	xoev_registry_free(reg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* values                                                              */
/* ------------------------------------------------------------------ */

START_TEST(regex_strings_match)
{
	static const char *const patterns[] = {
		"[a-z]{2,5}:[0-9]{1,20}",
		"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
		"[0-9|A-F|a-f]{8}-[0-9|A-F|a-f]{4}-[0-9|A-F|a-f]{4}-[0-9|A-F|a-f]{4}-[0-9|A-F|a-f]{12}",
		"\\d{7,10}(-\\d{1,2}){0,10}",
		"[A-Z]{2}[1-3][0-9]{6}([a-zA-Z0-9]{3}|[a-zA-Z0-9]{4})[0-9]{5}",
		"[^/:\\\\][^:\\\\]*",
		"[\\p{L}0-9./ ]*",
		"[A-Za-z_][A-Za-z0-9_.\\-]*(/[A-Za-z_][A-Za-z0-9_.\\-]*)*(/@[A-Za-z_][A-Za-z0-9_.\\-]*)?",
		"[0-9]{2}([0][0-9]|[1][0-2])([0-2][0-9]|[3][0-1])[0-9]{6}",
		"(([\xc3\xa4-\xc3\xb6" "a-z])|(M\xcc\x82|N\xcc\x82))*",
		".{1,100}",
		"[a-z]+/[a-zA-Z0-9.+\\-]+",
		"[A-Z-[AEIOU]]{3}",
		NULL
	};
	size_t i;

	for (i = 0; patterns[i]; i++) {
		char *s = xoev_regen__string(patterns[i], 1, 0);
		xmlRegexpPtr re = xmlRegexpCompile((const xmlChar *)patterns[i]);
		ck_assert_msg(s != NULL, "no string for %s", patterns[i]);
		ck_assert_msg(re != NULL, "libxml2 rejects %s", patterns[i]);
		ck_assert_msg(xmlRegexpExec(re, (const xmlChar *)s) == 1, "'%s' does not match %s", s,
		              patterns[i]);
		xmlRegFreeRegexp(re);
		free(s);
	}
	ck_assert_ptr_null(xoev_regen__string("[a-z", 1, 0));
}
END_TEST

START_TEST(uuid_is_v4)
{
	char a[37], b[37];
	xmlRegexpPtr re = xmlRegexpCompile((const xmlChar *)
		"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

	ck_assert_int_eq(xoev_gen__uuid4(a), 0);
	ck_assert_int_eq(xoev_gen__uuid4(b), 0);
	ck_assert_str_ne(a, b);
	ck_assert_int_eq(xmlRegexpExec(re, (const xmlChar *)a), 1);
	xmlRegFreeRegexp(re);
}
END_TEST

/* ------------------------------------------------------------------ */
/* every message type                                                  */
/* ------------------------------------------------------------------ */

START_TEST(project_skeletons_validate)
{
	xoev_registry *reg = xoev_test_project_registry();
	tally t;
	size_t i;

	memset(&t, 0, sizeof t);
	for (i = 0; i < xoev_registry_bundle_count(reg); i++)
		skeletons_of_bundle(reg, xoev_registry_bundle(reg, i), xsd_project, NULL, &t);
	report("schemas/", &t);
	ck_assert_uint_ge(t.generated, 100);
	ck_assert_uint_eq(t.valid, t.generated);
	ck_assert_uint_eq(t.xmllint_valid, t.generated);
	ck_assert_uint_eq(t.xmllint_checked, t.generated);
	xoev_registry_free(reg);
}
END_TEST

START_TEST(xdomea_skeletons_validate)
{
	static const char *const versions[] = { "2.3.0", "2.4.0", "3.0.0", "3.1.0" };
	const char *corpus = xoev_test_corpus("xdomea_skeletons_validate");
	char *dirs[4], sub[64];
	xoev_registry *reg;
	tally t;
	size_t k;

	if (!corpus)
		return;
	for (k = 0; k < 4; k++) {
		snprintf(sub, sizeof sub, "xdomea/%s", versions[k]);
		dirs[k] = import_into_tmp(corpus, sub, "xdomea", versions[k]);
	}
	reg = registry_of(dirs, 4);
	ck_assert_uint_eq(xoev_registry_bundle_count(reg), 4);
	for (k = 0; k < 4; k++) {
		char what[64];
		memset(&t, 0, sizeof t);
		skeletons_of_bundle(reg, xoev_registry_bundle(reg, k), xsd_xdomea, corpus, &t);
		snprintf(what, sizeof what, "xdomea %s", versions[k]);
		report(what, &t);
		ck_assert_uint_eq(t.valid + t.allowed, t.generated);
		ck_assert_uint_le(t.allowed, 2); /* 0203 minimal and full */
		ck_assert_uint_eq(t.xmllint_valid, t.generated);
	}
	xoev_registry_free(reg);
	for (k = 0; k < 4; k++) {
		char *slash = strrchr(dirs[k], '/');
		*slash = '\0';
		xoev_io__rmtree(dirs[k]);
		free(dirs[k]);
	}
}
END_TEST

START_TEST(xauslaender_skeletons_validate)
{
	const char *corpus = xoev_test_corpus("xauslaender_skeletons_validate");
	char *dirs[1], *slash;
	xoev_registry *reg;
	const xoev_bundle *b = NULL;
	tally t;

	if (!corpus)
		return;
	dirs[0] = import_into_tmp(corpus, "xauslaender/26.11", "xauslaender", "26.11");
	reg = registry_of(dirs, 1);
	ck_assert_int_eq(xoev_registry_find(reg, "xauslaender", "26.11", &b), 0);
	ck_assert_uint_eq(xoev_bundle_message_count(b), 306);
	memset(&t, 0, sizeof t);
	skeletons_of_bundle(reg, b, xsd_xauslaender, corpus, &t);
	report("xauslaender 26.11", &t);
	ck_assert_uint_eq(t.generated, 612);
	ck_assert_uint_eq(t.valid, 612);
	ck_assert_uint_eq(t.xmllint_valid, 612);
	xoev_registry_free(reg);
	slash = strrchr(dirs[0], '/');
	*slash = '\0';
	xoev_io__rmtree(dirs[0]);
	free(dirs[0]);
}
END_TEST

/* ------------------------------------------------------------------ */
/* the CLI                                                             */
/* ------------------------------------------------------------------ */

START_TEST(cli_skeleton_and_describe)
{
	char cmd[8192], *out = NULL, file[4096];
	int rc;

	snprintf(file, sizeof file, "%s/m.xml", xoev_test_dir);
	snprintf(cmd, sizeof cmd,
	         "%s skeleton --schema-path %s/schemas --no-default-path --full xmig 1.0 1001 -o %s",
	         xoev_test_cli(), XOEV_SRCDIR, file);
	rc = xoev_test_run(cmd, &out);
	ck_assert_msg(rc == 0, "%d: %s", rc, out);
	free(out);
	snprintf(cmd, sizeof cmd,
	         "%s validate --schema-path %s/schemas --no-default-path --layers xsd,codelist,header -q %s",
	         xoev_test_cli(), XOEV_SRCDIR, file);
	rc = xoev_test_run(cmd, &out);
	ck_assert_msg(rc == 0, "%d: %s", rc, out);
	free(out);
	/* standard output, by number */
	snprintf(cmd, sizeof cmd, "%s skeleton --schema-path %s/schemas --no-default-path xsoz 1.1 "
	         "rechtskreiswechsel.uebergabe.2001", xoev_test_cli(), XOEV_SRCDIR);
	rc = xoev_test_run(cmd, &out);
	ck_assert_msg(rc == 0, "%d: %s", rc, out);
	ck_assert_ptr_nonnull(strstr(out, "<nachrichtenUUID>"));
	ck_assert_ptr_nonnull(strstr(out, "rechtskreiswechsel.uebergabe.2001"));
	free(out);
	snprintf(cmd, sizeof cmd, "%s describe --schema-path %s/schemas --no-default-path xmig 1.0 1001",
	         xoev_test_cli(), XOEV_SRCDIR);
	rc = xoev_test_run(cmd, &out);
	ck_assert_msg(rc == 0, "%d: %s", rc, out);
	ck_assert_ptr_nonnull(strstr(out, "register.meldung.1001 [1]"));
	ck_assert_ptr_nonnull(strstr(out, "nachrichtenkopf.g2g [1]"));
	ck_assert_ptr_nonnull(strstr(out, "code(type 4"));
	ck_assert_ptr_nonnull(strstr(out, "unqualified"));
	free(out);
	/* errors: unknown version 4, unknown message 4, usage 2 */
	snprintf(cmd, sizeof cmd, "%s skeleton --schema-path %s/schemas --no-default-path xmig 9.9 1001",
	         xoev_test_cli(), XOEV_SRCDIR);
	ck_assert_int_eq(xoev_test_run(cmd, &out), 4);
	free(out);
	snprintf(cmd, sizeof cmd, "%s describe --schema-path %s/schemas --no-default-path xmig 1.0 9999",
	         xoev_test_cli(), XOEV_SRCDIR);
	ck_assert_int_eq(xoev_test_run(cmd, &out), 4);
	ck_assert_ptr_nonnull(strstr(out, "9999"));
	free(out);
	snprintf(cmd, sizeof cmd, "%s skeleton xmig", xoev_test_cli());
	ck_assert_int_eq(xoev_test_run(cmd, &out), 2);
	free(out);
	snprintf(cmd, sizeof cmd, "%s skeleton --help", xoev_test_cli());
	ck_assert_int_eq(xoev_test_run(cmd, &out), 0);
	ck_assert_ptr_nonnull(strstr(out, "--full"));
	free(out);
}
END_TEST

/* ------------------------------------------------------------------ */
/* the builder and the reader                                          */
/* ------------------------------------------------------------------ */

static void expect_refusal(xoev_message *m, const char *path, const char *value, int status,
                           const char *words)
{
	int rc = xoev_message_set(m, path, value);
	ck_assert_msg(rc == status, "%s=%s: status %d, expected %d (%s)", path, value, rc, status,
	              xoev_message_error(m));
	ck_assert_msg(strstr(xoev_message_error(m), path) != NULL, "message does not name %s: %s",
	              path, xoev_message_error(m));
	ck_assert_msg(strstr(xoev_message_error(m), words) != NULL, "message lacks '%s': %s", words,
	              xoev_message_error(m));
}

START_TEST(builder_refuses_bad_values)
{
	xoev_registry *reg = xoev_test_project_registry();
	const xoev_bundle *b = NULL;
	xoev_message *m = NULL;
	char *xml = NULL;
	size_t len;

	ck_assert_int_eq(xoev_registry_find(reg, "xmig", "1.0", &b), 0);
	ck_assert_int_eq(xoev_message_new(&m, b, "1001", NULL), 0);
	expect_refusal(m, "person/nachname", "X", XOEV_ENOTFOUND, "unknown path");
	expect_refusal(m, "person/geburtsdatum", "1990-13-45", XOEV_EINVAL, "not a valid date");
	expect_refusal(m, "person/azrNummer", "12AB", XOEV_EINVAL, "pattern");
	ck_assert_int_eq(xoev_message_set(m, "aktenzeichen", "AZ-1"), 0);
	expect_refusal(m, "aktenzeichen[2]", "AZ-2", XOEV_EINVAL, "too many occurrences");
	expect_refusal(m, "meldeanlass", "99", XOEV_EINVAL, "not a code");
	expect_refusal(m, "person/geschlecht", "q", XOEV_EINVAL, "not a code");
	expect_refusal(m, "person", "x", XOEV_EINVAL, "element content");
	expect_refusal(m, "person/staatsangehoerigkeit[3]", "000", XOEV_EINVAL, "skips");
	/* nothing of the refused calls was kept; a required element is missing */
	ck_assert_int_eq(xoev_message_count(m, "person"), 0);
	ck_assert_int_eq(xoev_message_serialize(m, &xml, &len), XOEV_ERROR);
	ck_assert_ptr_nonnull(strstr(xoev_message_error(m), "person"));
	xoev_message_free(m);
	ck_assert_int_eq(xoev_message_new(&m, b, "no.such.9999", NULL), XOEV_ENOTFOUND);
	xoev_registry_free(reg);
}
END_TEST

START_TEST(builder_builds_and_reads_back)
{
	static const char *const values[][2] = {
		{ "person/familienname", "Muster" }, /* any order: emitted in schema order */
		{ "meldeanlass", "01" },
		{ "person/vorname", "Erika" },
		{ "register.meldung.1001/aktenzeichen", "AZ-1" },
		{ "person/geburtsdatum", "1990-02-03" },
		{ "person/geschlecht", "w" },
		{ "person/staatsangehoerigkeit", "000" },
		{ "person/staatsangehoerigkeit[2]", "000" },
		{ "nachrichtenkopf.g2g/leser/kennung", "ags:09162000" },
	};
	xoev_message_options mo = XOEV_MESSAGE_OPTIONS_INIT;
	xoev_validate_options vo = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_registry *reg = xoev_test_project_registry();
	const xoev_bundle *b = NULL;
	xoev_message *m = NULL, *r = NULL;
	xoev_validator *v = NULL;
	xoev_diag_list *diags = NULL;
	xoev_verdict verdict;
	char *xml = NULL, path[4096], *back = NULL;
	const char *got;
	size_t len = 0, blen = 0, i;

	ck_assert_int_eq(xoev_registry_find(reg, "xmig", "1.0", &b), 0);
	mo.author = "ags:09000000";
	ck_assert_int_eq(xoev_message_new(&m, b, "register.meldung.1001", &mo), 0);
	for (i = 0; i < sizeof values / sizeof *values; i++)
		ck_assert_msg(xoev_message_set(m, values[i][0], values[i][1]) == 0, "%s: %s",
		              values[i][0], xoev_message_error(m));
	ck_assert_int_eq(xoev_message_get(m, "person/vorname", &got), 0);
	ck_assert_str_eq(got, "Erika");
	ck_assert_uint_eq(xoev_message_count(m, "person/staatsangehoerigkeit"), 2);
	ck_assert_int_eq(xoev_message_serialize(m, &xml, &len), 0);
	ck_assert_ptr_nonnull(strstr(xml, "<kennung>ags:09000000</kennung>"));
	ck_assert(strstr(xml, "aktenzeichen") < strstr(xml, "familienname"));
	ck_assert(strstr(xml, "familienname") < strstr(xml, "vorname"));
	vo.layers = XOEV_RUN_XSD | XOEV_RUN_CODELIST | XOEV_RUN_HEADER;
	ck_assert_int_eq(xoev_validator_new(&v, reg, &vo), 0);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_validate_memory(v, xml, len, "built.xml", diags, &verdict), 0);
	ck_assert_msg(verdict == XOEV_VERDICT_VALID, "%s\n%s", xml,
	              xoev_diag_list_count(diags) ? xoev_diag_message(xoev_diag_list_get(diags, 0)) : "");
	/* read back by the same paths */
	ck_assert_int_eq(xoev_message_parse(&r, reg, xml, len, NULL), 0);
	for (i = 0; i < sizeof values / sizeof *values; i++) {
		ck_assert_int_eq(xoev_message_get(r, values[i][0], &got), 0);
		ck_assert_str_eq(got, values[i][1]);
	}
	ck_assert_uint_eq(xoev_message_count(r, "person/staatsangehoerigkeit"), 2);
	ck_assert_int_eq(xoev_message_get(r, "person/nachname", &got), XOEV_ENOTFOUND);
	ck_assert_int_eq(xoev_message_get(r, "nachrichtenkopf.g2g/identifikation.nachricht/nachrichtentyp", &got), 0);
	ck_assert_str_eq(got, "1001");
	ck_assert_int_eq(xoev_message_set(r, "aktenzeichen", "x"), XOEV_EUNSUPPORTED);
	xoev_message_free(r);
	/* gzip file, atomically */
	snprintf(path, sizeof path, "%s/m.xml.gz", xoev_test_dir);
	ck_assert_int_eq(xoev_message_write(m, path, XOEV_WRITE_GZIP), 0);
	back = xoev_test_read_file(path, &blen);
	ck_assert_ptr_nonnull(back);
	ck_assert_uint_eq((unsigned char)back[0], 0x1f);
	ck_assert_int_eq(xoev_message_parse(&r, reg, back, blen, NULL), 0);
	ck_assert_int_eq(xoev_message_get(r, "person/familienname", &got), 0);
	ck_assert_str_eq(got, "Muster");
	xoev_message_free(r);
	free(back);
	xoev_free(xml);
	xoev_diag_list_free(diags);
	xoev_validator_free(v);
	xoev_message_free(m);
	xoev_registry_free(reg);
}
END_TEST

/* A file transfer (xmig 2.0 1202) with the required values: two index entries. */
static void set_1202_values(xoev_message *m)
{
	static const char *const values[][2] = {
		{ "aktenzeichen", "AA-514-2023-08812" },
		{ "person/nachname", "Tesfaye" },
		{ "person/geburt/geburtsdatum", "1999-09-28" },
		{ "person/geschlecht", "m" },
		{ "person/staatsangehoerigkeit/@listURI", "urn:libxoev:codeliste:staaten" },
		{ "person/staatsangehoerigkeit", "224" },
		{ "uebermittlungsgrund", "01" },
		{ "aktenverzeichnis/eintrag[1]/dokumentID", "D1" },
		{ "aktenverzeichnis/eintrag[1]/dokumentart", "001" },
		{ "aktenverzeichnis/eintrag[1]/bezeichnung", "Antrag" },
		{ "aktenverzeichnis/eintrag[1]/datum", "2023-03-28" },
		{ "aktenverzeichnis/eintrag[1]/seitenanzahl", "4" },
		{ "aktenverzeichnis/eintrag[1]/datei/mediatyp", "text/plain" },
		{ "aktenverzeichnis/eintrag[1]/datei/sha256",
		  "b038695260f761573959e3642b3b530220c0f39d92c780955f589b9ffb975156" },
		{ "aktenverzeichnis/eintrag[2]/dokumentID", "D2" },
		{ "aktenverzeichnis/eintrag[2]/dokumentart/code", "002" },
		{ "aktenverzeichnis/eintrag[2]/bezeichnung", "Bescheid" },
		{ "aktenverzeichnis/eintrag[2]/datum", "2023-06-13" },
		{ "aktenverzeichnis/eintrag[2]/seitenanzahl", "3" },
		{ "aktenverzeichnis/eintrag[2]/datei/mediatyp", "text/plain" },
		{ "aktenverzeichnis/eintrag[2]/datei/sha256",
		  "c9e7826e839135071b356658d36cf96f6c4001311028ed5f838736adca90f1b3" },
		{ "anzahlDokumente", "2" },
	};
	size_t i;

	for (i = 0; i < sizeof values / sizeof *values; i++)
		ck_assert_msg(xoev_message_set(m, values[i][0], values[i][1]) == 0, "%s: %s",
		              values[i][0], xoev_message_error(m));
}

START_TEST(builder_sets_and_reads_attributes)
{
	xoev_validate_options vo = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_registry *reg = xoev_test_project_registry();
	const xoev_bundle *b = NULL;
	xoev_message *m = NULL, *r = NULL;
	xoev_validator *v = NULL;
	xoev_diag_list *diags = NULL;
	xoev_verdict verdict;
	char *xml = NULL;
	const char *got;
	size_t len = 0;

	ck_assert_int_eq(xoev_registry_find(reg, "xmig", "2.0", &b), 0);
	ck_assert_int_eq(xoev_message_new(&m, b, "1202", NULL), 0);
	set_1202_values(m);
	/* refused at the call, naming the path */
	expect_refusal(m, "dokument/@nope", "x", XOEV_ENOTFOUND, "no attribute nope");
	expect_refusal(m, "dokument/@komprimiert", "ja", XOEV_EINVAL, "not a valid boolean");
	expect_refusal(m, "@standard", "XSoz", XOEV_EINVAL, "fixed");
	expect_refusal(m, "aktenzeichen/@eintrag", "D1", XOEV_ENOTFOUND, "no attribute eintrag");
	expect_refusal(m, "dokument[2]/@eintrag", "D2", XOEV_EINVAL, "skips");
	expect_refusal(m, "dokument/@eintrag/x", "D2", XOEV_EINVAL, "not a path");
	expect_refusal(m, "dokument/@eintrag[1]", "D2", XOEV_EINVAL, "not a path");
	ck_assert_uint_eq(xoev_message_count(m, "dokument"), 0);
	/* a fixed attribute may be given as it is; the root's product too */
	ck_assert_int_eq(xoev_message_set(m, "@standard", "XMigration"), 0);
	ck_assert_int_eq(xoev_message_set(m, "akte.uebermittlung.1202/@produkt", "Fachverfahren X"), 0);
	/* attributes set before the value; the value missing is named at serialisation */
	ck_assert_int_eq(xoev_message_set(m, "dokument[1]/@eintrag", "D1"), 0);
	ck_assert_int_eq(xoev_message_serialize(m, &xml, &len), XOEV_ERROR);
	ck_assert_msg(strstr(xoev_message_error(m), "/akte.uebermittlung.1202/dokument") != NULL, "%s",
	              xoev_message_error(m));
	ck_assert_int_eq(xoev_message_set(m, "dokument[1]", "SGVsbG8="), 0);
	/* a required attribute not set is named with its path */
	ck_assert_int_eq(xoev_message_set(m, "dokument[2]", "V2VsdA=="), 0);
	ck_assert_int_eq(xoev_message_serialize(m, &xml, &len), XOEV_ERROR);
	ck_assert_msg(strstr(xoev_message_error(m), "/dokument/@eintrag") != NULL, "%s",
	              xoev_message_error(m));
	ck_assert_int_eq(xoev_message_set(m, "dokument[2]/@eintrag", "D2"), 0);
	ck_assert_int_eq(xoev_message_set(m, "dokument[2]/@komprimiert", "false"), 0);
	ck_assert_int_eq(xoev_message_set(m, "dokument[2]/@komprimiert", "true"), 0); /* replaces */
	ck_assert_int_eq(xoev_message_get(m, "dokument[2]/@eintrag", &got), 0);
	ck_assert_str_eq(got, "D2");
	ck_assert_int_eq(xoev_message_get(m, "dokument[1]/@komprimiert", &got), XOEV_ENOTFOUND);
	ck_assert_int_eq(xoev_message_get(m, "aktenverzeichnis/eintrag[2]/dokumentart/code", &got), 0);
	ck_assert_str_eq(got, "002");
	ck_assert_uint_eq(xoev_message_count(m, "dokument[2]/@komprimiert"), 1);
	ck_assert_uint_eq(xoev_message_count(m, "dokument[1]/@komprimiert"), 0);
	ck_assert_int_eq(xoev_message_serialize(m, &xml, &len), 0);
	ck_assert_ptr_nonnull(strstr(xml, "eintrag=\"D2\" komprimiert=\"true\""));
	ck_assert_ptr_nonnull(strstr(xml, "produkt=\"Fachverfahren X\""));
	ck_assert_ptr_nonnull(strstr(xml, "standard=\"XMigration\" version=\"2.0\""));
	ck_assert_ptr_nonnull(strstr(xml, "listURI=\"urn:libxoev:codeliste:staaten\" listVersionID=\"2024-01-01\""));
	/* valid in every layer (anzahlDokumente, @eintrag against the index) */
	vo.layers = XOEV_RUN_ALL;
	ck_assert_int_eq(xoev_validator_new(&v, reg, &vo), 0);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_validate_memory(v, xml, len, "1202.xml", diags, &verdict), 0);
	ck_assert_msg(verdict == XOEV_VERDICT_VALID, "%s\n%s", xml,
	              xoev_diag_list_count(diags) ? xoev_diag_message(xoev_diag_list_get(diags, 0)) : "");
	/* read back by the same paths */
	ck_assert_int_eq(xoev_message_parse(&r, reg, xml, len, NULL), 0);
	ck_assert_int_eq(xoev_message_get(r, "dokument[2]/@eintrag", &got), 0);
	ck_assert_str_eq(got, "D2");
	ck_assert_int_eq(xoev_message_get(r, "akte.uebermittlung.1202/dokument[2]/@komprimiert", &got), 0);
	ck_assert_str_eq(got, "true");
	ck_assert_int_eq(xoev_message_get(r, "@version", &got), 0);
	ck_assert_str_eq(got, "2.0");
	ck_assert_int_eq(xoev_message_get(r, "person/staatsangehoerigkeit/@listVersionID", &got), 0);
	ck_assert_str_eq(got, "2024-01-01");
	ck_assert_int_eq(xoev_message_get(r, "dokument[1]/@komprimiert", &got), XOEV_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(xoev_message_error(r), "dokument[1]/@komprimiert"));
	ck_assert_int_eq(xoev_message_get(r, "dokument[3]/@eintrag", &got), XOEV_ENOTFOUND);
	ck_assert_uint_eq(xoev_message_count(r, "dokument/@eintrag"), 1);
	ck_assert_int_eq(xoev_message_get(r, "dokument/@", &got), XOEV_EINVAL);
	xoev_message_free(r);
	xoev_free(xml);
	xoev_diag_list_free(diags);
	xoev_validator_free(v);
	xoev_message_free(m);
	xoev_registry_free(reg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* round trip of the golden examples                                   */
/* ------------------------------------------------------------------ */

/* Drop PIs, comments and whitespace-only text between elements. */
static void strip_noise(xmlNodePtr n)
{
	xmlNodePtr c = n->children, next;
	int has_elements = 0;

	for (; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			has_elements = 1;
	for (c = n->children; c; c = next) {
		next = c->next;
		if (c->type == XML_PI_NODE || c->type == XML_COMMENT_NODE ||
		    (has_elements && c->type == XML_TEXT_NODE && xmlIsBlankNode(c))) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else if (c->type == XML_ELEMENT_NODE) {
			strip_noise(c);
		}
	}
}

/* Rename every namespace's prefix to "n<k>", k its href's index in hrefs (shared by both documents). */
static void normalise_prefixes(xmlNodePtr n, xoev_strv *hrefs)
{
	xmlNsPtr ns;
	xmlNodePtr c;

	for (ns = n->nsDef; ns; ns = ns->next) {
		size_t k;
		char name[32];
		for (k = 0; k < hrefs->count; k++)
			if (strcmp(hrefs->items[k], (const char *)ns->href) == 0)
				break;
		if (k == hrefs->count)
			ck_assert_int_eq(xoev_strv__push(hrefs, (const char *)ns->href), 0);
		snprintf(name, sizeof name, "n%zu", k);
		xmlFree((xmlChar *)ns->prefix);
		ns->prefix = xmlStrdup((const xmlChar *)name);
	}
	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			normalise_prefixes(c, hrefs);
}

/* Exclusive C14N of xml after removing PIs, comments, indentation; prefixes normalised. */
static char *canonical(const char *xml, size_t len, xoev_strv *hrefs)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)len, "c14n.xml", NULL, XML_PARSE_NONET);
	xmlNodePtr c, next;
	xmlChar *out = NULL;
	char *copy;

	ck_assert_ptr_nonnull(doc);
	for (c = doc->children; c; c = next) { /* the xoev-expect PI before the root */
		next = c->next;
		if (c->type == XML_PI_NODE || c->type == XML_COMMENT_NODE) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
	}
	strip_noise(xmlDocGetRootElement(doc));
	normalise_prefixes(xmlDocGetRootElement(doc), hrefs);
	ck_assert_int_ge(xmlC14NDocDumpMemory(doc, NULL, XML_C14N_EXCLUSIVE_1_0, NULL, 0, &out), 0);
	copy = strdup((const char *)out);
	xmlFree(out);
	xmlFreeDoc(doc);
	return copy;
}

/* The position of n among its element siblings of the same name (1-based). */
static unsigned long same_name_index(xmlNodePtr n)
{
	unsigned long k = 1;
	xmlNodePtr s;

	for (s = n->prev; s; s = s->prev)
		if (s->type == XML_ELEMENT_NODE && xmlStrEqual(s->name, n->name))
			k++;
	return k;
}

typedef struct {
	xoev_message *parsed, *built;
	size_t leaves, failures;
	char first_error[512];
} round_trip;

/* Read one leaf from the parsed message by path and set it in the built one. */
static void copy_leaf(round_trip *rt, const char *path, const char *expected)
{
	const char *got = NULL;

	if (xoev_message_get(rt->parsed, path, &got) != XOEV_OK || strcmp(got, expected) != 0) {
		if (!rt->failures++)
			snprintf(rt->first_error, sizeof rt->first_error, "get %s: %s", path,
			         got ? got : xoev_message_error(rt->parsed));
		return;
	}
	rt->leaves++;
	if (xoev_message_set(rt->built, path, got) != XOEV_OK && !rt->failures++)
		snprintf(rt->first_error, sizeof rt->first_error, "set: %s",
		         xoev_message_error(rt->built));
}

/* Every attribute and every leaf element below n (path: n's path below the root, "" for the root). */
static void copy_tree(round_trip *rt, xmlNodePtr n, const char *path)
{
	xmlAttrPtr a;
	xmlNodePtr c;
	int has_elements = 0;

	for (a = n->properties; a; a = a->next) {
		char p[2048];
		xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
		snprintf(p, sizeof p, "%s%s@%s", path, *path ? "/" : "", (const char *)a->name);
		copy_leaf(rt, p, v ? (const char *)v : "");
		xmlFree(v);
	}
	for (c = n->children; c; c = c->next) {
		char p[2048];
		if (c->type != XML_ELEMENT_NODE)
			continue;
		has_elements = 1;
		snprintf(p, sizeof p, "%s%s%s[%lu]", path, *path ? "/" : "", (const char *)c->name,
		         same_name_index(c));
		copy_tree(rt, c, p);
	}
	if (!has_elements && *path) {
		xmlChar *v = xmlNodeGetContent(n);
		copy_leaf(rt, path, v ? (const char *)v : "");
		xmlFree(v);
	}
}

/* 1 if the golden example file rebuilds to an equal document; *why on failure. */
static int rebuilds_equal(xoev_registry *reg, const char *file, const char *standard,
                          const char *version, char *why, size_t whylen)
{
	const xoev_bundle *b = NULL;
	round_trip rt;
	size_t len = 0, blen = 0, i;
	char *xml = xoev_test_read_file(file, &len), *built = NULL, *c1, *c2;
	xmlDocPtr doc;
	xoev_strv hrefs = { 0 };
	int equal;

	ck_assert_ptr_nonnull(xml);
	memset(&rt, 0, sizeof rt);
	ck_assert_int_eq(xoev_registry_find(reg, standard, version, &b), 0);
	ck_assert_int_eq(xoev_message_parse(&rt.parsed, reg, xml, len, NULL), 0);
	doc = xmlReadMemory(xml, (int)len, file, NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	ck_assert_int_eq(xoev_message_new(&rt.built, b, (const char *)xmlDocGetRootElement(doc)->name,
	                                  NULL), 0);
	copy_tree(&rt, xmlDocGetRootElement(doc), "");
	xmlFreeDoc(doc);
	if (rt.failures) {
		snprintf(why, whylen, "%zu leaves failed; first: %s", rt.failures, rt.first_error);
		equal = 0;
	} else if (xoev_message_serialize(rt.built, &built, &blen) != XOEV_OK) {
		snprintf(why, whylen, "serialise: %s", xoev_message_error(rt.built));
		equal = 0;
	} else {
		c1 = canonical(xml, len, &hrefs);
		c2 = canonical(built, blen, &hrefs);
		equal = strcmp(c1, c2) == 0;
		if (!equal) {
			for (i = 0; c1[i] && c1[i] == c2[i]; i++)
				;
			snprintf(why, whylen, "differs at %zu: original '%.80s' rebuilt '%.80s'", i,
			         c1 + (i > 20 ? i - 20 : 0), c2 + (i > 20 ? i - 20 : 0));
		}
		free(c1);
		free(c2);
	}
	ck_assert_uint_gt(rt.leaves, 10);
	xoev_free(built);
	xoev_strv__free(&hrefs);
	xoev_message_free(rt.parsed);
	xoev_message_free(rt.built);
	free(xml);
	return equal;
}

START_TEST(golden_examples_round_trip)
{
	static const char *const bundles[][2] = {
		{ "xmig", "1.0" }, { "xmig", "1.1" }, { "xmig", "2.0" }, { "xsoz", "1.0" }, { "xsoz", "1.1" },
	};
	xoev_registry *reg = xoev_test_project_registry();
	size_t k, total = 0, equal = 0;

	for (k = 0; k < sizeof bundles / sizeof *bundles; k++) {
		char dir[4096];
		struct dirent **names = NULL;
		int n, i;
		snprintf(dir, sizeof dir, "%s/schemas/%s/%s/examples/valid", XOEV_SRCDIR, bundles[k][0],
		         bundles[k][1]);
		n = scandir(dir, &names, NULL, alphasort);
		ck_assert_int_gt(n, 0);
		for (i = 0; i < n; i++) {
			char file[8192], why[1024] = "";
			if (strstr(names[i]->d_name, ".xml") &&
			    strcmp(names[i]->d_name + strlen(names[i]->d_name) - 4, ".xml") == 0) {
				snprintf(file, sizeof file, "%s/%s", dir, names[i]->d_name);
				total++;
				if (rebuilds_equal(reg, file, bundles[k][0], bundles[k][1], why, sizeof why))
					equal++;
				else
					fprintf(stderr, "round trip: %s %s %s: %s\n", bundles[k][0], bundles[k][1],
					        names[i]->d_name, why);
			}
			free(names[i]);
		}
		free(names);
	}
	fprintf(stderr, "generate: round trip: %zu of %zu golden valid examples rebuild equal (C14N)\n",
	        equal, total);
	ck_assert_uint_eq(total, 51);
	ck_assert_uint_eq(equal, total);
	xoev_registry_free(reg);
}
END_TEST

START_TEST(cli_new)
{
	char cmd[8192], *out = NULL, file[4096];
	int rc;

	snprintf(file, sizeof file, "%s/n.xml", xoev_test_dir);
	snprintf(cmd, sizeof cmd,
	         "%s new --schema-path %s/schemas --no-default-path xmig 1.0 1001 --author ags:01 "
	         "--set person/familienname=Muster --set aktenzeichen=AZ-1 --set person/vorname=Erika "
	         "--set person/geburtsdatum=1990-02-03 --set person/geschlecht=w "
	         "--set person/staatsangehoerigkeit=000 --set meldeanlass=01 -o %s",
	         xoev_test_cli(), XOEV_SRCDIR, file);
	rc = xoev_test_run(cmd, &out);
	ck_assert_msg(rc == 0, "%d: %s", rc, out);
	free(out);
	snprintf(cmd, sizeof cmd,
	         "%s validate --schema-path %s/schemas --no-default-path --layers xsd,codelist,header -q %s",
	         xoev_test_cli(), XOEV_SRCDIR, file);
	rc = xoev_test_run(cmd, &out);
	ck_assert_msg(rc == 0, "%d: %s", rc, out);
	free(out);
	snprintf(cmd, sizeof cmd,
	         "%s new --schema-path %s/schemas --no-default-path xmig 1.0 1001 "
	         "--set person/geburtsdatum=1990-02-30", xoev_test_cli(), XOEV_SRCDIR);
	ck_assert_int_eq(xoev_test_run(cmd, &out), 1);
	ck_assert_ptr_nonnull(strstr(out, "person/geburtsdatum"));
	free(out);
}
END_TEST

/* Run `xoev new ... --from FILE` on json (written to the test dir); exit status, output in *out. */
static int new_from_json(const char *json, const char *extra, char **out)
{
	char cmd[8192], file[4096];

	snprintf(file, sizeof file, "%s/values.json", xoev_test_dir);
	xoev_test_write_file(file, json, strlen(json));
	snprintf(cmd, sizeof cmd,
	         "%s new --schema-path %s/schemas --no-default-path %s --from %s %s",
	         xoev_test_cli(), XOEV_SRCDIR, "xmig 2.0 1202", file, extra ? extra : "");
	return xoev_test_run(cmd, out);
}

START_TEST(cli_new_from_json)
{
	static const char good[] =
		"{\n"
		"  \"aktenzeichen\": \"AA-514-2023-08812\",\n"
		"  \"person/nachname\": \"Tesfaye\",\n"
		"  \"person/vorname\": \"D\\u00e4wit \\\"D\\\\T\\\" \\ud83d\\ude00\",\n"
		"  \"person/geburt/geburtsdatum\": \"1999-09-28\",\n"
		"  \"person/geschlecht\": \"m\",\n"
		"  \"person/staatsangehoerigkeit/@listURI\": [\"urn:libxoev:codeliste:staaten\",\n"
		"                                           \"urn:libxoev:codeliste:staaten\"],\n"
		"  \"person/staatsangehoerigkeit\": [\"224\", \"232\"],\n"
		"  \"uebermittlungsgrund\": \"01\",\n"
		"  \"aktenverzeichnis/eintrag[1]/dokumentID\": \"D1\",\n"
		"  \"aktenverzeichnis/eintrag[2]/dokumentID\": \"D2\",\n"
		"  \"aktenverzeichnis/eintrag[1]/dokumentart\": \"001\",\n"
		"  \"aktenverzeichnis/eintrag[2]/dokumentart\": \"002\",\n"
		"  \"aktenverzeichnis/eintrag[1]/bezeichnung\": \"Antrag\",\n"
		"  \"aktenverzeichnis/eintrag[2]/bezeichnung\": \"Bescheid\",\n"
		"  \"aktenverzeichnis/eintrag[1]/datum\": \"2023-03-28\",\n"
		"  \"aktenverzeichnis/eintrag[2]/datum\": \"2023-06-13\",\n"
		"  \"aktenverzeichnis/eintrag[1]/seitenanzahl\": \"4\",\n"
		"  \"aktenverzeichnis/eintrag[2]/seitenanzahl\": \"3\",\n"
		"  \"aktenverzeichnis/eintrag[1]/datei/mediatyp\": \"text/plain\",\n"
		"  \"aktenverzeichnis/eintrag[2]/datei/mediatyp\": \"text/plain\",\n"
		"  \"aktenverzeichnis/eintrag[1]/datei/sha256\": \"b038695260f761573959e3642b3b530220c0f39d92c780955f589b9ffb975156\",\n"
		"  \"aktenverzeichnis/eintrag[2]/datei/sha256\": \"c9e7826e839135071b356658d36cf96f6c4001311028ed5f838736adca90f1b3\",\n"
		"  \"anzahlDokumente\": \"2\",\n"
		"  \"dokument\": [\"SGVsbG8=\", \"V2VsdA==\"],\n"
		"  \"dokument/@eintrag\": [\"D1\", \"D2\"],\n"
		"  \"empty\": []\n"
		"}\n";
	char *out = NULL, cmd[8192], file[4096], *good_nolast, *p;
	int rc;

	/* "empty": [] sets nothing, so an unknown path in it is not reached */
	snprintf(file, sizeof file, "%s/m.xml", xoev_test_dir);
	snprintf(cmd, sizeof cmd, "--set dokument[2]/@komprimiert=false -o %s", file);
	rc = new_from_json(good, cmd, &out);
	ck_assert_msg(rc == 0, "%d: %s", rc, out);
	free(out);
	snprintf(cmd, sizeof cmd,
	         "%s validate --schema-path %s/schemas --no-default-path -q %s", xoev_test_cli(),
	         XOEV_SRCDIR, file);
	rc = xoev_test_run(cmd, &out);
	ck_assert_msg(rc == 0, "%d: %s", rc, out);
	free(out);
	out = xoev_test_read_file(file, NULL);
	/* \u escapes, a surrogate pair, escaped quote and backslash */
	ck_assert_msg(strstr(out, "D\xc3\xa4wit \"D\\T\" \xf0\x9f\x98\x80") != NULL, "%s", out);
	ck_assert_ptr_nonnull(strstr(out, "eintrag=\"D2\" komprimiert=\"false\""));
	ck_assert_ptr_nonnull(strstr(out, "<code>232</code>"));
	free(out);

	/* a refused value: its JSON position and its path */
	good_nolast = strdup(good);
	p = strstr(good_nolast, "1999-09-28");
	memcpy(p, "1999-02-30", 10);
	rc = new_from_json(good_nolast, NULL, &out);
	ck_assert_msg(rc == 1, "%d: %s", rc, out);
	ck_assert_msg(strstr(out, "values.json:5:33: person/geburt/geburtsdatum") != NULL, "%s", out);
	free(out);
	free(good_nolast);

	/* malformed JSON: exit 2 and the position */
	rc = new_from_json("{\"aktenzeichen\" \"x\"}", NULL, &out);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(out, "values.json:1:17: expected ':'") != NULL, "%s", out);
	free(out);
	rc = new_from_json("{\n  \"anzahlDokumente\": 2\n}", NULL, &out);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(out, "values.json:2:22:") && strstr(out, "found a number"), "%s", out);
	free(out);
	rc = new_from_json("{\"a\": [\"x\", {}]}", NULL, &out);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(out, "values.json:1:13:") && strstr(out, "must be a string"), "%s", out);
	free(out);
	rc = new_from_json("{\"a\": \"x\", \"a\": \"y\"}", NULL, &out);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(out, "values.json:1:17: \"a\" is given twice") != NULL, "%s", out);
	free(out);
	rc = new_from_json("{\"a\": \"x\\q\"}", NULL, &out);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(out, "values.json:1:9: unknown escape") != NULL, "%s", out);
	free(out);
	rc = new_from_json("{\"a\": \"\\ud800\"}", NULL, &out);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(out, "surrogate") != NULL, "%s", out);
	free(out);
	rc = new_from_json("{\"a\": \"x", NULL, &out);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(out, "values.json:1:7: unterminated string") != NULL, "%s", out);
	free(out);
	rc = new_from_json("{\"d[1]\": [\"x\"]}", NULL, &out);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(out, "index already") != NULL, "%s", out);
	free(out);
	rc = new_from_json("[\"a\"]", NULL, &out);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(out, "values.json:1:1: expected an object") != NULL, "%s", out);
	free(out);
	rc = new_from_json("{} x", NULL, &out);
	ck_assert_int_eq(rc, 2);
	ck_assert_msg(strstr(out, "values.json:1:4: unexpected text") != NULL, "%s", out);
	free(out);
	/* an unknown path from JSON: exit 1, the path named */
	rc = new_from_json("{\"person/nope\": \"x\"}", NULL, &out);
	ck_assert_int_eq(rc, 1);
	ck_assert_msg(strstr(out, "values.json:1:17: person/nope: unknown path") != NULL, "%s", out);
	free(out);
	/* an unreadable file: exit 3 */
	snprintf(cmd, sizeof cmd, "%s new --schema-path %s/schemas --no-default-path xmig 2.0 1202 "
	         "--from %s/missing.json", xoev_test_cli(), XOEV_SRCDIR, xoev_test_dir);
	ck_assert_int_eq(xoev_test_run(cmd, &out), 3);
	free(out);
	snprintf(cmd, sizeof cmd, "%s new --help", xoev_test_cli());
	ck_assert_int_eq(xoev_test_run(cmd, &out), 0);
	ck_assert_ptr_nonnull(strstr(out, "--from FILE"));
	free(out);
}
END_TEST

Suite *xoev_suite_generate(void)
{
	Suite *s = suite_create("generate");
	TCase *tc = tcase_create("model");
	TCase *corpus = tcase_create("corpus");

	tcase_add_checked_fixture(tc, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_add_test(tc, model_of_project_bundle);
	tcase_add_test(tc, model_of_adhoc_schema);
	tcase_add_test(tc, regex_strings_match);
	tcase_add_test(tc, uuid_is_v4);
	tcase_add_test(tc, cli_skeleton_and_describe);
	tcase_add_test(tc, builder_refuses_bad_values);
	tcase_add_test(tc, builder_builds_and_reads_back);
	tcase_add_test(tc, builder_sets_and_reads_attributes);
	tcase_add_test(tc, golden_examples_round_trip);
	tcase_add_test(tc, cli_new);
	tcase_add_test(tc, cli_new_from_json);
	suite_add_tcase(s, tc);
	tcase_set_timeout(corpus, 1200);
	tcase_add_test(corpus, project_skeletons_validate);
	tcase_add_test(corpus, xdomea_skeletons_validate);
	tcase_add_test(corpus, xauslaender_skeletons_validate);
	suite_add_tcase(s, corpus);
	return s;
}
