/*
 * libxoev tests - validation against real XÖV releases, compared with
 * xmllint on the same files in the same run: imported bundles, ad-hoc
 * mode, version detection, mutated copies located at the right line.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tests.h"

static const char *const xdomea_versions[] = { "2.3.0", "2.4.0", "3.0.0", "3.1.0" };

/* What xmllint --schema does: the XSD layer only. */
static const xoev_validate_options xsd_only = {
	XOEV_VALIDATE_OPTIONS_VERSION, NULL, NULL, 0, 0, 0, 0, 0, XOEV_RUN_XSD, NULL, 0, 0
};

/* Import corpus/<sub> as standard/version into a fresh temp dir; returns the bundle dir. */
static char *import_into_tmp(const char *corpus, const char *sub, const char *standard,
                             const char *version, int with_catalog)
{
	xoev_import_options io = XOEV_IMPORT_OPTIONS_INIT;
	xoev_diag_list *diags = NULL;
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
	io.catalog = with_catalog ? cat : NULL;
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	rc = xoev_bundle_import(src, dest, &io, diags);
	ck_assert_msg(rc == 0, "import of %s failed: %s (%zu findings, first: %s)", sub,
	              xoev_strerror(rc), xoev_diag_list_count(diags),
	              xoev_diag_list_count(diags) ? xoev_diag_message(xoev_diag_list_get(diags, 0)) : "-");
	xoev_diag_list_free(diags);
	return dest;
}

static xoev_registry *registry_of(char **dirs, size_t n)
{
	xoev_registry_options o = XOEV_REGISTRY_OPTIONS_INIT;
	xoev_registry *reg = NULL;
	xoev_diag_list *diags = NULL;

	o.paths = (const char *const *)dirs;
	o.path_count = n;
	o.flags = XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT;
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_registry_open(&reg, &o, diags), 0);
	ck_assert_msg(xoev_diag_list_count_at_least(diags, XOEV_SEVERITY_WARNING) == 0,
	              "registry findings: %s", xoev_diag_message(xoev_diag_list_get(diags, 0)));
	xoev_diag_list_free(diags);
	return reg;
}

/* The sorted sample files of a corpus version directory (NULL-terminated). */
static char **samples_of(const char *corpus, const char *std, const char *version, size_t *n)
{
	char dir[4096];
	DIR *d;
	struct dirent *e;
	char **out = calloc(64, sizeof *out);

	*n = 0;
	ck_assert_ptr_nonnull(out);
	snprintf(dir, sizeof dir, "%s/%s/%s/samples", corpus, std, version);
	d = opendir(dir);
	if (!d)
		return out;
	while ((e = readdir(d)) != NULL && *n < 63) {
		size_t l = strlen(e->d_name);
		if (l < 5 || strcmp(e->d_name + l - 4, ".xml") != 0)
			continue;
		out[*n] = malloc(strlen(dir) + l + 2);
		sprintf(out[*n], "%s/%s", dir, e->d_name);
		(*n)++;
	}
	closedir(d);
	return out;
}

static void free_strs(char **v)
{
	size_t i;
	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* The root element's local name of an XML file (after the prefix). */
static char *root_name_of(const char *path)
{
	char *text = xoev_test_read_file(path, NULL), *p, *q, *name;

	ck_assert_ptr_nonnull(text);
	p = text;
	for (;;) {
		p = strchr(p, '<');
		ck_assert_ptr_nonnull(p);
		if (p[1] != '?' && p[1] != '!')
			break;
		p++;
	}
	p++;
	q = p + strcspn(p, " \t\r\n>/");
	name = strndup(p, (size_t)(q - p));
	free(text);
	p = strchr(name, ':');
	if (p)
		memmove(name, p + 1, strlen(p + 1) + 1);
	return name;
}

/* The XSD xmllint should use for a xdomea sample: xdomea.xsd, or for 2.x the file declaring the root. */
static char *xmllint_schema_for(const char *corpus, const char *version, const char *root)
{
	char cmd[8192], *out = NULL, *nl;

	snprintf(cmd, sizeof cmd, "%s/xdomea/%s/xsd/xdomea.xsd", corpus, version);
	{
		struct stat st;
		if (stat(cmd, &st) == 0)
			return strdup(cmd);
	}
	snprintf(cmd, sizeof cmd, "grep -l 'name=\"%s\"' %s/xdomea/%s/xsd/*.xsd | head -1", root,
	         corpus, version);
	ck_assert_int_eq(xoev_test_run(cmd, &out), 0);
	nl = strchr(out, '\n');
	if (nl)
		*nl = '\0';
	ck_assert_msg(*out, "no schema declares %s", root);
	return out;
}

/*
 * xmllint's verdict (0 valid, 1 invalid) and the sorted, comma-joined line
 * numbers of its errors for this file.
 */
static int xmllint_verdict(const char *corpus, const char *xsd, const char *file, char *lines,
                           size_t cap)
{
	char cmd[8192], *out = NULL, *p;
	int rc;
	size_t used = 0;

	snprintf(cmd, sizeof cmd,
	         "XML_CATALOG_FILES=%s/catalog.xml xmllint --nonet --noout --schema '%s' '%s'", corpus,
	         xsd, file);
	rc = xoev_test_run(cmd, &out);
	ck_assert_msg(rc == 0 || rc == 3 || rc == 4, "xmllint failed to run (%d): %s", rc, out);
	lines[0] = '\0';
	/* Lines look like "FILE:LINE: element X: Schemas validity error : ..." */
	for (p = out; p && *p;) {
		char *nl = strchr(p, '\n');
		size_t fl = strlen(file);
		if (strncmp(p, file, fl) == 0 && p[fl] == ':' && strstr(p, "validity error")) {
			unsigned long ln = strtoul(p + fl + 1, NULL, 10);
			used += (size_t)snprintf(lines + used, cap - used, "%s%lu", used ? "," : "", ln);
		}
		p = nl ? nl + 1 : NULL;
	}
	free(out);
	return rc == 0 ? 0 : 1;
}

/* Our verdict and the comma-joined line numbers of our XSD errors. */
static xoev_verdict our_verdict(xoev_validator *v, const char *file, char *lines, size_t cap,
                                xoev_diag_list *diags)
{
	xoev_verdict verdict = XOEV_VERDICT_IO_ERROR;
	size_t i, used = 0;

	xoev_diag_list_clear(diags);
	ck_assert_int_eq(xoev_validate_file(v, file, diags, &verdict), 0);
	lines[0] = '\0';
	for (i = 0; i < xoev_diag_list_count(diags); i++) {
		const xoev_diag *d = xoev_diag_list_get(diags, i);
		if (xoev_diag_layer(d) == XOEV_LAYER_XSD && xoev_diag_severity(d) >= XOEV_SEVERITY_ERROR)
			used += (size_t)snprintf(lines + used, cap - used, "%s%lu", used ? "," : "",
			                         xoev_diag_line(d));
	}
	return verdict;
}


/*
 * Same findings as xmllint, line by line. libxml2 locates an element at the
 * end of its start tag, libxoev at its '<': for a start tag spread over
 * several lines ours may be up to a few lines earlier, never later.
 */
static void assert_lines_match(const char *file, const char *ours, const char *theirs)
{
	const char *a = ours, *b = theirs;
	size_t n = 0;

	while (*a && *b) {
		char *ea, *eb;
		unsigned long la = strtoul(a, &ea, 10), lb = strtoul(b, &eb, 10);
		ck_assert_msg(la <= lb && lb - la <= 12,
		              "%s: finding %zu at line %lu, xmllint says %lu (ours: %s; xmllint: %s)",
		              file, n, la, lb, ours, theirs);
		a = *ea ? ea + 1 : ea;
		b = *eb ? eb + 1 : eb;
		n++;
	}
	ck_assert_msg(!*a && !*b, "%s: different numbers of findings (ours: %s; xmllint: %s)", file,
	              ours, theirs);
}

START_TEST(xdomea_samples_match_xmllint)
{
	const char *corpus = xoev_test_corpus("xdomea_samples_match_xmllint");
	char *dirs[4];
	xoev_registry *reg;
	xoev_validator *v = NULL;
	xoev_diag_list *diags = NULL;
	size_t k, i, n, checked = 0;

	if (!corpus)
		return;
	for (k = 0; k < 4; k++) {
		char sub[64];
		snprintf(sub, sizeof sub, "xdomea/%s", xdomea_versions[k]);
		dirs[k] = import_into_tmp(corpus, sub, "xdomea", xdomea_versions[k], 1);
	}
	/* One registry with all four versions: detection must pick the right one. */
	reg = registry_of(dirs, 4);
	ck_assert_uint_eq(xoev_registry_bundle_count(reg), 4);
	ck_assert_int_eq(xoev_validator_new(&v, reg, &xsd_only), 0);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	for (k = 0; k < 4; k++) {
		char **samples = samples_of(corpus, "xdomea", xdomea_versions[k], &n);
		for (i = 0; i < n; i++) {
			char ours[4096], theirs[4096];
			char *root = root_name_of(samples[i]);
			char *xsd = xmllint_schema_for(corpus, xdomea_versions[k], root);
			int ref = xmllint_verdict(corpus, xsd, samples[i], theirs, sizeof theirs);
			xoev_verdict got = our_verdict(v, samples[i], ours, sizeof ours, diags);
			const xoev_bundle *b = xoev_validator_last_bundle(v);
			const xoev_message_type *t = xoev_validator_last_message_type(v);

			ck_assert_msg((int)got == ref, "%s: libxoev says %s, xmllint says %s", samples[i],
			              xoev_verdict_name(got), ref ? "invalid" : "valid");
			assert_lines_match(samples[i], ours, theirs);
			ck_assert_ptr_nonnull(b);
			ck_assert_str_eq(xoev_bundle_version(b), xdomea_versions[k]);
			ck_assert_ptr_nonnull(t);
			ck_assert_str_eq(xoev_message_type_root(t), root);
			free(root);
			free(xsd);
			checked++;
		}
		free_strs(samples);
	}
	/* 4 + 4 + 7 samples (3.1.0 publishes none). */
	ck_assert_uint_eq(checked, 15);
	xoev_diag_list_free(diags);
	xoev_validator_free(v);
	xoev_registry_free(reg);
	for (k = 0; k < 4; k++)
		free(dirs[k]);
}
END_TEST

START_TEST(xdomea_adhoc_matches_xmllint)
{
	const char *corpus = xoev_test_corpus("xdomea_adhoc_matches_xmllint");
	size_t k, i, n, checked = 0;
	char cat[4096];

	if (!corpus)
		return;
	snprintf(cat, sizeof cat, "%s/catalog.xml", corpus);
	for (k = 0; k < 3; k++) {
		char **samples = samples_of(corpus, "xdomea", xdomea_versions[k], &n);
		for (i = 0; i < n; i++) {
			char ours[4096], theirs[4096];
			char *root = root_name_of(samples[i]);
			char *xsd = xmllint_schema_for(corpus, xdomea_versions[k], root);
			xoev_registry *reg = NULL;
			xoev_validator *v = NULL;
			xoev_diag_list *diags = NULL;
			int ref;
			xoev_verdict got;

			ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
			ck_assert_int_eq(xoev_registry_open_schema(&reg, xsd, cat, diags), 0);
			ck_assert_int_eq(xoev_validator_new(&v, reg, &xsd_only), 0);
			ref = xmllint_verdict(corpus, xsd, samples[i], theirs, sizeof theirs);
			got = our_verdict(v, samples[i], ours, sizeof ours, diags);
			ck_assert_msg((int)got == ref, "%s: ad-hoc libxoev says %s, xmllint %s", samples[i],
			              xoev_verdict_name(got), ref ? "invalid" : "valid");
			assert_lines_match(samples[i], ours, theirs);
			xoev_validator_free(v);
			xoev_registry_free(reg);
			xoev_diag_list_free(diags);
			free(root);
			free(xsd);
			checked++;
		}
		free_strs(samples);
	}
	ck_assert_uint_eq(checked, 15);
}
END_TEST

/* Replace the first occurrence of `from` in text (new string). */
static char *replace_once(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	char *out;

	ck_assert_msg(p != NULL, "mutation anchor '%s' not found", from);
	out = malloc(strlen(text) - strlen(from) + strlen(to) + 1);
	memcpy(out, text, (size_t)(p - text));
	strcpy(out + (p - text), to);
	strcat(out, p + strlen(from));
	return out;
}

static unsigned long line_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle), *c;
	unsigned long line = 1;

	ck_assert_ptr_nonnull(p);
	for (c = text; c < p; c++)
		line += (*c == '\n');
	return line;
}

START_TEST(xdomea_mutations_located)
{
	const char *corpus = xoev_test_corpus("xdomea_mutations_located");
	char *dirs[1], src[4096], *text, *tmp, file[4096];
	xoev_registry *reg;
	xoev_validator *v = NULL;
	xoev_diag_list *diags = NULL;
	size_t m;
	struct {
		const char *what, *from, *to, *line_anchor, *rule;
	} muts[] = {
		/* a required element removed: the next sibling is reported */
		{ "removed", "<xdomea:Erstellungszeitpunkt>2018-07-24T17:25:39</xdomea:Erstellungszeitpunkt>",
		  "", "<xdomea:Absender>", "xsd.element-content" },
		/* a value of the wrong type */
		{ "wrongtype", "<xdomea:Erstellungszeitpunkt>2018-07-24T17:25:39<",
		  "<xdomea:Erstellungszeitpunkt>24.07.2018 17:25<", "<xdomea:Erstellungszeitpunkt>",
		  "xsd.datatype" },
		/* an element that the schema does not know */
		{ "unexpected", "<xdomea:ProzessID>", "<xdomea:Unbekannt>x</xdomea:Unbekannt><xdomea:ProzessID>",
		  "<xdomea:Unbekannt>", "xsd.element-content" },
	};

	if (!corpus)
		return;
	dirs[0] = import_into_tmp(corpus, "xdomea/3.0.0", "xdomea", "3.0.0", 1);
	reg = registry_of(dirs, 1);
	ck_assert_int_eq(xoev_validator_new(&v, reg, &xsd_only), 0);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	snprintf(src, sizeof src, "%s/xdomea/3.0.0/samples/toolkit_xx_Aussonderung.Aussonderung.0503.xml",
	         corpus);
	text = xoev_test_read_file(src, NULL);
	ck_assert_ptr_nonnull(text);
	tmp = xoev_test_tmpdir();
	for (m = 0; m < sizeof muts / sizeof muts[0]; m++) {
		char *mut = replace_once(text, muts[m].from, muts[m].to);
		char ours[4096], theirs[4096], xsd[4096], expect[32];
		unsigned long line = line_of(mut, muts[m].line_anchor);
		size_t i;
		int found = 0;

		snprintf(file, sizeof file, "%s/%s.xml", tmp, muts[m].what);
		xoev_test_write_file(file, mut, strlen(mut));
		snprintf(xsd, sizeof xsd, "%s/xdomea/3.0.0/xsd/xdomea.xsd", corpus);
		ck_assert_int_eq(xmllint_verdict(corpus, xsd, file, theirs, sizeof theirs), 1);
		ck_assert_int_eq(our_verdict(v, file, ours, sizeof ours, diags), XOEV_VERDICT_INVALID);
		assert_lines_match(file, ours, theirs);
		snprintf(expect, sizeof expect, "%lu", line);
		ck_assert_msg(strncmp(ours, expect, strlen(expect)) == 0,
		              "%s: first error at line %s, expected %s", muts[m].what, ours, expect);
		for (i = 0; i < xoev_diag_list_count(diags); i++) {
			const xoev_diag *d = xoev_diag_list_get(diags, i);
			if (xoev_diag_line(d) == line && strcmp(xoev_diag_rule(d), muts[m].rule) == 0) {
				ck_assert_uint_gt(xoev_diag_column(d), 0);
				ck_assert_ptr_nonnull(xoev_diag_xpath(d));
				ck_assert_ptr_nonnull(strstr(xoev_diag_xpath(d), "/xdomea:Aussonderung.Aussonderung.0503"));
				found = 1;
			}
		}
		ck_assert_msg(found, "%s: no %s finding at line %lu", muts[m].what, muts[m].rule, line);
		free(mut);
	}
	free(text);
	free(tmp);
	xoev_diag_list_free(diags);
	xoev_validator_free(v);
	xoev_registry_free(reg);
	free(dirs[0]);
}
END_TEST

START_TEST(xauslaender_bundle)
{
	const char *corpus = xoev_test_corpus("xauslaender_bundle");
	char *dirs[1], dir[4096], xsd[4096];
	xoev_registry *reg;
	xoev_validator *v = NULL;
	xoev_diag_list *diags = NULL;
	const xoev_bundle *b = NULL;
	const char *kinds[2] = { "valid", "invalid" };
	size_t k, checked[2] = { 0, 0 };

	if (!corpus)
		return;
	dirs[0] = import_into_tmp(corpus, "xauslaender/26.11", "xauslaender", "26.11", 1);
	reg = registry_of(dirs, 1);
	ck_assert_int_eq(xoev_registry_find(reg, "xauslaender", "26.11", &b), 0);
	ck_assert_uint_eq(xoev_bundle_message_count(b), 306);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_bundle_compile(b, diags), 0);
	ck_assert_int_eq(xoev_validator_new(&v, reg, &xsd_only), 0);
	snprintf(xsd, sizeof xsd, "%s/xauslaender/26.11/xsd/xinneres.xauslaender.xsd", corpus);
	for (k = 0; k < 2; k++) {
		DIR *d;
		struct dirent *e;
		snprintf(dir, sizeof dir, "%s/tests/data/xauslaender/%s", XOEV_SRCDIR, kinds[k]);
		d = opendir(dir);
		ck_assert_msg(d != NULL, "missing %s", dir);
		while ((e = readdir(d)) != NULL) {
			char file[8192], ours[4096], theirs[4096];
			int ref;
			xoev_verdict got;
			if (!strstr(e->d_name, ".xml"))
				continue;
			snprintf(file, sizeof file, "%s/%s", dir, e->d_name);
			ref = xmllint_verdict(corpus, xsd, file, theirs, sizeof theirs);
			got = our_verdict(v, file, ours, sizeof ours, diags);
			ck_assert_int_eq(ref, (int)k);
			ck_assert_msg((int)got == ref, "%s: libxoev %s, xmllint %s", file,
			              xoev_verdict_name(got), ref ? "invalid" : "valid");
			assert_lines_match(file, ours, theirs);
			ck_assert_ptr_nonnull(xoev_validator_last_message_type(v));
			checked[k]++;
		}
		closedir(d);
	}
	ck_assert_uint_ge(checked[0], 3);
	ck_assert_uint_ge(checked[1], 3);
	xoev_diag_list_free(diags);
	xoev_validator_free(v);
	xoev_registry_free(reg);
	free(dirs[0]);
}
END_TEST

START_TEST(unknown_standard)
{
	const char *corpus = xoev_test_corpus("unknown_standard");
	char *dirs[1];
	xoev_registry *reg;
	xoev_validator *v = NULL;
	xoev_diag_list *diags = NULL;
	xoev_verdict verdict;
	const char *doc = "<?xml version=\"1.0\"?>\n<x:a.b.0001 xmlns:x=\"urn:nobody\"/>\n";
	const char *wrongmsg = "<?xml version=\"1.0\"?>\n<x:Nope.Nope.9999 xmlns:x=\"urn:xoev-de:xdomea:schema:3.0.0\"/>\n";

	if (!corpus)
		return;
	dirs[0] = import_into_tmp(corpus, "xdomea/3.0.0", "xdomea", "3.0.0", 1);
	reg = registry_of(dirs, 1);
	ck_assert_int_eq(xoev_validator_new(&v, reg, NULL), 0);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_validate_memory(v, doc, strlen(doc), "mem.xml", diags, &verdict), 0);
	ck_assert_int_eq(verdict, XOEV_VERDICT_UNKNOWN);
	ck_assert(xoev_test_has_rule(diags, "detect.unknown-standard"));
	xoev_diag_list_clear(diags);
	ck_assert_int_eq(xoev_validate_memory(v, wrongmsg, strlen(wrongmsg), "m2.xml", diags, &verdict), 0);
	ck_assert_int_eq(verdict, XOEV_VERDICT_INVALID);
	ck_assert(xoev_test_has_rule(diags, "detect.unknown-message"));
	ck_assert(xoev_test_has_rule(diags, "xsd.root-not-declared"));
	xoev_diag_list_free(diags);
	xoev_validator_free(v);
	{
		xoev_validate_options o = XOEV_VALIDATE_OPTIONS_INIT;
		o.standard = "nosuch";
		ck_assert_int_eq(xoev_validator_new(&v, reg, &o), XOEV_ENOTFOUND);
	}
	xoev_registry_free(reg);
	free(dirs[0]);
}
END_TEST

/* The header layer on real samples: some toolkit samples carry the wrong message type code. */
START_TEST(xdomea_header_rules)
{
	const char *corpus = xoev_test_corpus("xdomea_header_rules");
	char *dirs[1], file[4096];
	xoev_registry *reg;
	xoev_validator *v = NULL;
	xoev_diag_list *diags = NULL;
	xoev_verdict verdict;
	const xoev_diag *d;

	if (!corpus)
		return;
	dirs[0] = import_into_tmp(corpus, "xdomea/3.0.0", "xdomea", "3.0.0", 1);
	reg = registry_of(dirs, 1);
	ck_assert_int_eq(xoev_validator_new(&v, reg, NULL), 0);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	snprintf(file, sizeof file, "%s/xdomea/3.0.0/samples/toolkit_xx_Aussonderung.AnbietungEmpfangBestaetigen.0504.xml", corpus);
	ck_assert_int_eq(xoev_validate_file(v, file, diags, &verdict), 0);
	ck_assert_int_eq(verdict, XOEV_VERDICT_INVALID);
	d = xoev_test_find_rule(diags, "header.type-mismatch");
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(strstr(xoev_diag_message(d), "0501"));
	ck_assert_ptr_nonnull(strstr(xoev_diag_message(d), "0504"));
	ck_assert_uint_gt(xoev_diag_line(d), 0);
	ck_assert_ptr_nonnull(strstr(xoev_diag_xpath(d), "Nachrichtentyp"));
	ck_assert(xoev_validator_last_layers(v) & XOEV_RUN_HEADER);
	/* xdomea's ProzessID names a process: the x-man samples share one, no duplicate finding */
	xoev_diag_list_clear(diags);
	snprintf(file, sizeof file, "%s/xdomea/3.0.0/samples/xman_9a75050f-323a-4e84-94c9-a889aa2b4fe8_Aussonderung.Anbieteverzeichnis.0501.xml", corpus);
	ck_assert_int_eq(xoev_validate_file(v, file, diags, &verdict), 0);
	snprintf(file, sizeof file, "%s/xdomea/3.0.0/samples/xman_9a75050f-323a-4e84-94c9-a889aa2b4fe8_Aussonderung.Aussonderung.0503.xml", corpus);
	ck_assert_int_eq(xoev_validate_file(v, file, diags, &verdict), 0);
	ck_assert(!xoev_test_has_rule(diags, "header.uuid-duplicate"));
	xoev_diag_list_free(diags);
	xoev_validator_free(v);
	xoev_registry_free(reg);
	free(dirs[0]);
}
END_TEST

Suite *xoev_suite_validate(void)
{
	Suite *s = suite_create("validate");
	TCase *tc = tcase_create("corpus");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, xdomea_samples_match_xmllint);
	tcase_add_test(tc, xdomea_adhoc_matches_xmllint);
	tcase_add_test(tc, xdomea_mutations_located);
	tcase_add_test(tc, xauslaender_bundle);
	tcase_add_test(tc, unknown_standard);
	tcase_add_test(tc, xdomea_header_rules);
	suite_add_tcase(s, tc);
	return s;
}
