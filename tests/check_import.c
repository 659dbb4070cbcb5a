/*
 * libxoev tests - bundle import (xoev_bundle_import) and the schema scanner.
 *
 * The corpus tests import real releases (xdomea 2.3.0-3.1.0, XAusländer
 * 26.11) into temporary directories; the synthetic tests build tiny
 * releases of their own.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/catalog.h>

#include "tests.h"
#include "internal.h"


static char *path2(const char *a, const char *b)
{
	char *p = xoev_io__join(a, b);
	ck_assert_ptr_nonnull(p);
	return p;
}

static void put(const char *dir, const char *rel, const char *text)
{
	char *p = path2(dir, rel);
	char *d = xoev_io__dirname(p);
	ck_assert_int_eq(xoev_io__mkdir_p(d), 0);
	xoev_test_write_file(p, text, strlen(text));
	free(d);
	free(p);
}

static int exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static int same_bytes(const char *a, const char *b)
{
	size_t la, lb;
	char *x = xoev_test_read_file(a, &la);
	char *y = xoev_test_read_file(b, &lb);
	int same = x && y && la == lb && memcmp(x, y, la) == 0;
	free(x);
	free(y);
	return same;
}

/* Names in dir starting with prefix (leftover temporary directories). */
static int count_prefixed(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

/* A listing of a tree with sizes and modification times, to see it is unchanged. */
static char *snapshot(const char *dir)
{
	char *cmd = xoev_util__printf("cd '%s' && find . -printf '%%p %%s %%T@ %%m\\n' | LC_ALL=C sort", dir);
	char *out = NULL;
	ck_assert_ptr_nonnull(cmd);
	ck_assert_int_eq(xoev_test_run(cmd, &out), 0);
	free(cmd);
	return out;
}


static void dump_diags(const xoev_diag_list *l)
{
	size_t i;
	for (i = 0; i < xoev_diag_list_count(l) && i < 20; i++) {
		char *s = xoev_diag_format(xoev_diag_list_get(l, i));
		fprintf(stderr, "  %s\n", s ? s : "?");
		xoev_free(s);
	}
}

/* ------------------------------------------------------------------ */
/* corpus imports                                                      */
/* ------------------------------------------------------------------ */

typedef struct {
	const char *standard;
	const char *version;
	const char *subdir;        /* below the corpus */
	const char *files_base;    /* below the corpus: where files/ starts */
	const char *ns;
	size_t messages;
	const char *header;
	int catalog;
} corpus_case;

static const corpus_case cases[] = {
	{ "xdomea", "2.3.0", "xdomea/2.3.0", "xdomea/2.3.0", "urn:xoev-de:xdomea:schema:2.3.0", 47, "xdomea", 0 },
	{ "xdomea", "2.4.0", "xdomea/2.4.0", "xdomea/2.4.0", "urn:xoev-de:xdomea:schema:2.4.0", 47, "xdomea", 0 },
	{ "xdomea", "3.0.0", "xdomea/3.0.0", "xdomea/3.0.0", "urn:xoev-de:xdomea:schema:3.0.0", 64, "xdomea", 0 },
	{ "xdomea", "3.1.0", "xdomea/3.1.0", "xdomea/3.1.0", "urn:xoev-de:xdomea:schema:3.1.0", 64, "xdomea", 0 },
	{ "xauslaender", "26.11", "xauslaender/26.11", "", "http://www.osci.de/xauslaender2611", 306, "g2g", 1 },
};

/* Check a freshly imported bundle against the source. */
static void check_bundle(const char *corpus, const corpus_case *k, const char *dest)
{
	char *manifest = path2(dest, XOEV_MANIFEST_NAME);
	char *base = *k->files_base ? path2(corpus, k->files_base) : xoev_util__strdup(corpus);
	xoev_diag_list *diags;
	xoev_manifest m;
	size_t i, entries = 0;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_bundle_check_manifest(manifest, diags), 0);
	ck_assert_int_eq(xoev_manifest__read(manifest, &m, diags), 0);
	ck_assert_str_eq(m.standard, k->standard);
	ck_assert_str_eq(m.version, k->version);
	ck_assert_uint_eq(m.message_count, k->messages);
	ck_assert_uint_eq(m.detect_namespaces.count, 1);
	ck_assert_str_eq(m.detect_namespaces.items[0], k->ns);
	ck_assert_str_eq(m.header_family, k->header);
	ck_assert_uint_eq(m.catalogs.count, 1);

	for (i = 0; i < m.message_count; i++) {
		const char *root = m.messages[i].root;
		const char *dot = strrchr(root, '.');
		ck_assert_ptr_nonnull(dot);
		ck_assert_str_eq(m.messages[i].number, dot + 1);
		ck_assert_str_eq(m.messages[i].namespace_, k->ns);
	}
	/* every schema copied byte for byte from its place in the corpus */
	for (i = 0; i < m.schema_count; i++) {
		char *copy = path2(dest, m.schemas[i].href);
		char *orig;
		ck_assert_msg(strncmp(m.schemas[i].href, "files/", 6) == 0, "%s", m.schemas[i].href);
		orig = path2(base, m.schemas[i].href + 6);
		ck_assert_msg(same_bytes(copy, orig), "%s differs from %s", copy, orig);
		entries += m.schemas[i].entry;
		free(copy);
		free(orig);
	}
	ck_assert_uint_gt(entries, 0);
	/* code lists: copied byte for byte, with URI and version */
	for (i = 0; i < m.codelist_count; i++) {
		char *copy = path2(dest, m.codelists[i].href);
		ck_assert(exists(copy));
		ck_assert(strlen(m.codelists[i].uri) > 4);
		ck_assert(strlen(m.codelists[i].version) > 0);
		free(copy);
	}
	xoev_manifest__free(&m);
	xoev_diag_list_free(diags);
	free(manifest);
	free(base);
}

static char *import_case(const char *corpus, const corpus_case *k, xoev_diag_list *diags)
{
	xoev_import_options o = XOEV_IMPORT_OPTIONS_INIT;
	char *src = path2(corpus, k->subdir);
	char *dest = path2(xoev_test_dir, "bundle");
	char *cat = k->catalog ? path2(corpus, "catalog.xml") : NULL;
	char *before = snapshot(src), *after;
	int rc;

	o.standard = k->standard;
	o.standard_version = k->version;
	o.catalog = cat;
	rc = xoev_bundle_import(src, dest, &o, diags);
	if (rc != 0)
		dump_diags(diags);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(xoev_diag_list_count_at_least(diags, XOEV_SEVERITY_ERROR), 0);
	after = snapshot(src);
	ck_assert_str_eq(before, after);
	ck_assert_int_eq(count_prefixed(xoev_test_dir, ".xoev-import"), 0);
	free(before);
	free(after);
	free(src);
	free(cat);
	return dest;
}

START_TEST(import_corpus)
{
	const char *corpus = xoev_test_corpus("import_corpus");
	const corpus_case *k = &cases[_i];
	xoev_diag_list *diags;
	char *dest;

	if (!corpus)
		return;
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	dest = import_case(corpus, k, diags);
	check_bundle(corpus, k, dest);
	free(dest);
	xoev_diag_list_free(diags);
}
END_TEST

START_TEST(xdomea_layout_and_codelists)
{
	const char *corpus = xoev_test_corpus("xdomea_layout_and_codelists");
	xoev_diag_list *diags;
	xoev_manifest m;
	char *dest, *p, *man;
	size_t i;
	int found = 0;

	if (!corpus)
		return;
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	dest = import_case(corpus, &cases[2], diags);
	p = path2(dest, "files/xsd/xdomea.xsd");
	ck_assert_msg(exists(p), "%s missing", p);
	free(p);
	p = path2(dest, "files/xoev/xoev-code.xsd");
	ck_assert_msg(exists(p), "%s missing", p);
	free(p);
	man = path2(dest, XOEV_MANIFEST_NAME);
	ck_assert_int_eq(xoev_manifest__read(man, &m, NULL), 0);
	/* 48 genericode lists in the release */
	ck_assert_uint_eq(m.codelist_count, 48);
	for (i = 0; i < m.codelist_count; i++) {
		if (strcmp(m.codelists[i].uri, "urn:xoev-de:xdomea:codeliste:nachrichtentyp") == 0) {
			char *copy = path2(dest, m.codelists[i].href);
			char *orig = path2(corpus, "xdomea/3.0.0/codelists/Nachrichtentyp_2.0.xml");
			ck_assert_str_eq(m.codelists[i].version, "2.0");
			ck_assert_str_eq(m.codelists[i].href, "codelists/Nachrichtentyp_2.0.xml");
			ck_assert(same_bytes(copy, orig));
			free(copy);
			free(orig);
			found = 1;
		}
	}
	ck_assert(found);
	/* the xoev-code schema is not an entry, the message schemas are */
	for (i = 0; i < m.schema_count; i++) {
		if (strcmp(m.schemas[i].href, "files/xoev/xoev-code.xsd") == 0) {
			ck_assert_int_eq(m.schemas[i].entry, 0);
			ck_assert_str_eq(m.schemas[i].namespace_, "http://xoev.de/schemata/code/1_0");
		}
		if (strcmp(m.schemas[i].href, "files/xsd/xdomea-Nachrichten-AussonderungDurchfuehren.xsd") == 0)
			ck_assert_int_eq(m.schemas[i].entry, 1);
	}
	/* xdomea roots carry no attributes */
	ck_assert_uint_eq(m.detect_attr_names.count, 0);
	xoev_manifest__free(&m);
	free(man);
	free(dest);
	xoev_diag_list_free(diags);
}
END_TEST

START_TEST(xauslaender_details)
{
	const char *corpus = xoev_test_corpus("xauslaender_details");
	xoev_diag_list *diags;
	xoev_manifest m;
	xmlCatalogPtr cat;
	xmlChar *r;
	char *dest, *p, *man;
	size_t i;
	int titled = 0, xinneres_schema = 0;

	if (!corpus)
		return;
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	dest = import_case(corpus, &cases[4], diags);

	p = path2(dest, "files/xauslaender/26.11/xsd/xinneres.xauslaender.xsd");
	ck_assert_msg(exists(p), "%s missing", p);
	free(p);
	p = path2(dest, "files/xinneres/26.11/xsd/xinneres-postanschrift.xsd");
	ck_assert_msg(exists(p), "%s missing", p);
	free(p);
	p = path2(dest, "files/_xoev-common/xoev-code.xsd");
	ck_assert_msg(exists(p), "%s missing", p);
	free(p);

	man = path2(dest, XOEV_MANIFEST_NAME);
	ck_assert_int_eq(xoev_manifest__read(man, &m, NULL), 0);
	ck_assert_uint_eq(m.codelist_count, 36);
	ck_assert_uint_eq(m.detect_attr_names.count, 2);
	for (i = 0; i < m.detect_attr_names.count; i++) {
		if (strcmp(m.detect_attr_names.items[i], "version") == 0)
			ck_assert_str_eq(m.detect_attr_values.items[i], "26.11");
		else
			ck_assert_str_eq(m.detect_attr_values.items[i], "XAusländer");
	}
	for (i = 0; i < m.message_count; i++) {
		/* the XInneres roots (quittung, rueckweisung, ...) are not XAusländer's */
		ck_assert_str_eq(m.messages[i].namespace_, "http://www.osci.de/xauslaender2611");
		if (strcmp(m.messages[i].root, "Asyl.PersoenlicheErstantragstellung.110101") == 0) {
			ck_assert_str_eq(m.messages[i].number, "110101");
			ck_assert_str_eq(m.messages[i].title, "Persönliche Erstantragstellung");
			titled = 1;
		}
	}
	ck_assert(titled);
	for (i = 0; i < m.schema_count; i++)
		if (m.schemas[i].namespace_ &&
		    strcmp(m.schemas[i].namespace_, "http://www.osci.de/xinneres/datum/2") == 0) {
			ck_assert_int_eq(m.schemas[i].entry, 0);
			xinneres_schema = 1;
		}
	ck_assert(xinneres_schema);
	xoev_manifest__free(&m);
	free(man);

	/* the bundle's catalog maps the remote URLs to the copies */
	p = path2(dest, "catalog.xml");
	cat = xmlLoadACatalog(p);
	ck_assert_ptr_nonnull(cat);
	r = xmlACatalogResolveSystem(cat, (const xmlChar *)"http://www.osci.de/xinneres/postanschrift/5/xinneres-postanschrift.xsd");
	ck_assert_ptr_nonnull(r);
	ck_assert_msg(strstr((const char *)r, "files/xinneres/26.11/xsd/xinneres-postanschrift.xsd") != NULL, "%s", r);
	xmlFree(r);
	r = xmlACatalogResolveSystem(cat, (const xmlChar *)"https://xoev.de/schemata/din/91379/2022-08/din-norm-91379-datatypes.xsd");
	ck_assert_ptr_nonnull(r);
	ck_assert_msg(strstr((const char *)r, "files/_xoev-common/din-norm-91379-datatypes.xsd") != NULL, "%s", r);
	xmlFree(r);
	xmlFreeCatalog(cat);
	free(p);
	free(dest);
	xoev_diag_list_free(diags);
}
END_TEST

START_TEST(unresolvable_remote_import)
{
	const char *corpus = xoev_test_corpus("unresolvable_remote_import");
	xoev_import_options o = XOEV_IMPORT_OPTIONS_INIT;
	xoev_diag_list *diags;
	const xoev_diag *d;
	char *src, *dest, *before, *after;

	if (!corpus)
		return;
	src = path2(corpus, "xauslaender/26.11");
	dest = path2(xoev_test_dir, "bundle");
	before = snapshot(src);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	o.standard = "xauslaender";
	o.standard_version = "26.11";
	ck_assert_int_eq(xoev_bundle_import(src, dest, &o, diags), XOEV_EBUNDLE);
	d = xoev_test_find_rule(diags, "bundle.unresolved-import");
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(xoev_diag_severity(d), XOEV_SEVERITY_ERROR);
	ck_assert_msg(strstr(xoev_diag_message(d), "http://www.osci.de/xinneres/") ||
	              strstr(xoev_diag_message(d), "xoev.de/"), "%s", xoev_diag_message(d));
	ck_assert_ptr_nonnull(xoev_diag_file(d));
	ck_assert_uint_gt(xoev_diag_line(d), 0);
	ck_assert(!exists(dest));
	ck_assert_int_eq(count_prefixed(xoev_test_dir, ".xoev-import"), 0);
	after = snapshot(src);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
	xoev_diag_list_free(diags);
	free(src);
	free(dest);
}
END_TEST

START_TEST(nonempty_dest)
{
	const char *corpus = xoev_test_corpus("nonempty_dest");
	xoev_import_options o = XOEV_IMPORT_OPTIONS_INIT;
	xoev_diag_list *diags;
	char *src, *dest, *keep;

	if (!corpus)
		return;
	src = path2(corpus, "xdomea/2.3.0");
	dest = path2(xoev_test_dir, "bundle");
	put(dest, "keep.txt", "mine");
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	o.standard = "xdomea";
	o.standard_version = "2.3.0";
	ck_assert_int_eq(xoev_bundle_import(src, dest, &o, diags), XOEV_EEXISTS);
	keep = path2(dest, "keep.txt");
	ck_assert(exists(keep));
	ck_assert_int_eq(count_prefixed(dest, ""), 3); /* ".", "..", keep.txt */
	free(keep);
	/* a file in the way */
	free(dest);
	dest = path2(xoev_test_dir, "afile");
	put(xoev_test_dir, "afile", "x");
	ck_assert_int_eq(xoev_bundle_import(src, dest, &o, diags), XOEV_EEXISTS);
	/* an existing empty directory is fine */
	free(dest);
	dest = path2(xoev_test_dir, "empty");
	ck_assert_int_eq(mkdir(dest, 0755), 0);
	ck_assert_int_eq(xoev_bundle_import(src, dest, &o, diags), 0);
	keep = path2(dest, XOEV_MANIFEST_NAME);
	ck_assert(exists(keep));
	free(keep);
	ck_assert_int_eq(count_prefixed(xoev_test_dir, ".xoev-import"), 0);
	xoev_diag_list_free(diags);
	free(src);
	free(dest);
}
END_TEST

/* ------------------------------------------------------------------ */
/* synthetic releases                                                  */
/* ------------------------------------------------------------------ */

#define XS "xmlns:xs=\"http://www.w3.org/2001/XMLSchema\""

static void make_release(const char *src)
{
	put(src, "xsd/msg.xsd",
	    "<xs:schema " XS " xmlns:m=\"urn:test:msg:1\" xmlns:t=\"urn:test:types\" targetNamespace=\"urn:test:msg:1\">\n"
	    "  <xs:include schemaLocation=\"msg-part.xsd\"/>\n"
	    "  <xs:import namespace=\"urn:test:types\" schemaLocation=\"../lib/types%20v1.xsd\"/>\n"
	    "  <xs:import namespace=\"http://www.w3.org/XML/1998/namespace\"/>\n"
	    "  <xs:element name=\"gruppe.antrag.0100\">\n"
	    "    <xs:annotation><xs:appinfo><title>  Ein\n   Antrag </title></xs:appinfo></xs:annotation>\n"
	    "    <xs:complexType><xs:sequence><xs:element name=\"nachrichtenkopf.g2g\" type=\"xs:string\"/></xs:sequence>\n"
	    "      <xs:attribute name=\"version\" type=\"xs:string\" fixed=\"1.0\"/>\n"
	    "    </xs:complexType>\n"
	    "  </xs:element>\n"
	    "  <xs:element name=\"notamessage\" type=\"xs:string\"/>\n"
	    "  <xs:element name=\"a.0100x\" type=\"xs:string\"/>\n"
	    "  <xs:element name=\"0100\" type=\"xs:string\"/>\n"
	    "  <xs:element name=\"a..0100\" type=\"xs:string\"/>\n"
	    "</xs:schema>\n");
	put(src, "xsd/msg-part.xsd",
	    "<xs:schema " XS " targetNamespace=\"urn:test:msg:1\">\n"
	    "  <xs:element name=\"prozess.rueckweisung.G2G.1100\" type=\"xs:string\"/>\n"
	    "  <xs:element name=\"x.y1\" type=\"xs:string\"/>\n"
	    "</xs:schema>\n");
	put(src, "lib/types v1.xsd",
	    "<xs:schema " XS " targetNamespace=\"urn:test:types\">\n"
	    "  <xs:element name=\"libelement\" type=\"xs:string\"/>\n"
	    "</xs:schema>\n");
	put(src, "xsd/not-a-schema.xsd", "<html/>\n");
	put(src, "codelists/liste.xml",
	    "<?xml version=\"1.0\"?>\n"
	    "<gc:CodeList xmlns:gc=\"http://docs.oasis-open.org/codelist/ns/genericode/1.0/\">\n"
	    "  <Identification><ShortName>x</ShortName><Version> 3 </Version>\n"
	    "    <CanonicalUri>urn:test:codeliste:x</CanonicalUri><CanonicalVersionUri>urn:test:codeliste:x_3</CanonicalVersionUri>\n"
	    "  </Identification>\n"
	    "  <SimpleCodeList/>\n"
	    "</gc:CodeList>\n");
	put(src, "samples/sample.xml", "<m:gruppe.antrag.0100 xmlns:m=\"urn:test:msg:1\"/>\n");
	put(src, "samples/broken.xml", "<a><b></a>\n");
}

START_TEST(synthetic_release)
{
	xoev_import_options o = XOEV_IMPORT_OPTIONS_INIT;
	xoev_diag_list *diags;
	xoev_manifest m;
	char *src = path2(xoev_test_dir, "release");
	char *dest = path2(xoev_test_dir, "out/sub/bundle");
	char *man, *p, *before, *after;
	size_t i;

	make_release(src);
	before = snapshot(src);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	o.standard = "test";
	o.standard_version = "1.0";
	o.title = "Test & Co";
	o.valid_from = "2024-01-01";
	if (xoev_bundle_import(src, dest, &o, diags) != 0) {
		dump_diags(diags);
		ck_abort_msg("import failed");
	}
	/* the non-schema .xsd is a warning, not a failure */
	ck_assert(xoev_test_has_rule(diags, "bundle.skipped-file"));
	after = snapshot(src);
	ck_assert_str_eq(before, after);

	man = path2(dest, XOEV_MANIFEST_NAME);
	ck_assert_int_eq(xoev_manifest__read(man, &m, NULL), 0);
	ck_assert_str_eq(m.title, "Test & Co");
	ck_assert_str_eq(m.valid_from, "2024-01-01");
	ck_assert_str_eq(m.header_family, "g2g");
	/* entries in listing order: msg-part.xsd, then msg.xsd */
	ck_assert_uint_eq(m.message_count, 2);
	ck_assert_str_eq(m.messages[0].root, "prozess.rueckweisung.G2G.1100");
	ck_assert_str_eq(m.messages[0].number, "1100");
	ck_assert_ptr_null(m.messages[0].title);
	ck_assert_str_eq(m.messages[1].root, "gruppe.antrag.0100");
	ck_assert_str_eq(m.messages[1].number, "0100");
	ck_assert_str_eq(m.messages[1].title, "Ein Antrag");
	ck_assert_uint_eq(m.detect_namespaces.count, 1);
	ck_assert_str_eq(m.detect_namespaces.items[0], "urn:test:msg:1");
	ck_assert_uint_eq(m.detect_attr_names.count, 1);
	ck_assert_str_eq(m.detect_attr_names.items[0], "version");
	ck_assert_str_eq(m.detect_attr_values.items[0], "1.0");
	ck_assert_uint_eq(m.schema_count, 3);
	for (i = 0; i < m.schema_count; i++) {
		char *copy = path2(dest, m.schemas[i].href);
		char *orig = path2(src, m.schemas[i].href + strlen("files/"));
		ck_assert(same_bytes(copy, orig));
		ck_assert_int_eq(m.schemas[i].entry,
		                 strcmp(m.schemas[i].href, "files/lib/types v1.xsd") != 0);
		free(copy);
		free(orig);
	}
	ck_assert_uint_eq(m.codelist_count, 1);
	ck_assert_str_eq(m.codelists[0].href, "codelists/liste.xml");
	ck_assert_str_eq(m.codelists[0].uri, "urn:test:codeliste:x");
	ck_assert_str_eq(m.codelists[0].version, "3");
	p = path2(dest, "codelists/liste.xml");
	{
		char *orig = path2(src, "codelists/liste.xml");
		ck_assert(same_bytes(p, orig));
		free(orig);
	}
	free(p);
	xoev_manifest__free(&m);

	/* importing again into the same place */
	xoev_diag_list_clear(diags);
	ck_assert_int_eq(xoev_bundle_import(src, dest, &o, diags), XOEV_EEXISTS);
	xoev_diag_list_free(diags);
	free(man);
	free(before);
	free(after);
	free(src);
	free(dest);
}
END_TEST

/*
 * A release whose code types reference code lists: x 3 (shipped), x in any
 * version (shipped: x 3 is a version of it), x 2 (not shipped), y 1 (two
 * types, not shipped), z in any version (not shipped), e 1.0 (type 1:
 * enumerated in the XSD, not shipped), and a type 4 (listURI not fixed: no
 * reference).
 */
#define CODE_TYPE(name, uri_fixed, ver_fixed, code_type)                                        \
	"  <xs:complexType name=\"" name "\"><xs:complexContent><xs:restriction base=\"c:Code\">\n" \
	"    <xs:sequence><xs:element name=\"code\" type=\"" code_type "\" form=\"unqualified\"/></xs:sequence>\n" \
	"    <xs:attribute name=\"listURI\" type=\"xs:anyURI\"" uri_fixed "/>\n"                   \
	"    <xs:attribute name=\"listVersionID\" type=\"xs:normalizedString\"" ver_fixed "/>\n"   \
	"  </xs:restriction></xs:complexContent></xs:complexType>\n"

static void make_code_release(const char *src)
{
	put(src, "xsd/msg.xsd",
	    "<xs:schema " XS " xmlns:k=\"urn:test:cl:codes\" targetNamespace=\"urn:test:cl:1\">\n"
	    "  <xs:import namespace=\"urn:test:cl:codes\" schemaLocation=\"codes.xsd\"/>\n"
	    "  <xs:element name=\"gruppe.codes.0100\">\n"
	    "    <xs:complexType><xs:sequence>\n"
	    "      <xs:element name=\"a\" type=\"k:Code.X3\"/><xs:element name=\"b\" type=\"k:Code.Y\"/>\n"
	    "    </xs:sequence></xs:complexType>\n"
	    "  </xs:element>\n"
	    "</xs:schema>\n");
	put(src, "xsd/codes.xsd",
	    "<xs:schema " XS " xmlns:c=\"urn:test:cl:codes\" targetNamespace=\"urn:test:cl:codes\">\n"
	    "  <xs:complexType name=\"Code\"><xs:sequence>\n"
	    "    <xs:element name=\"code\" type=\"xs:token\" form=\"unqualified\"/></xs:sequence>\n"
	    "    <xs:attribute name=\"listURI\" type=\"xs:anyURI\"/>\n"
	    "    <xs:attribute name=\"listVersionID\" type=\"xs:normalizedString\"/>\n"
	    "  </xs:complexType>\n"
	    CODE_TYPE("Code.X3", " fixed=\"urn:test:codeliste:x\"", " fixed=\" 3 \"", "xs:token")
	    CODE_TYPE("Code.X", " fixed=\"urn:test:codeliste:x\"", "", "xs:token")
	    CODE_TYPE("Code.X2", " fixed=\"urn:test:codeliste:x\"", " fixed=\"2\"", "xs:token")
	    CODE_TYPE("Code.Y", " fixed=\"urn:test:codeliste:y\"", " fixed=\"1\"", "xs:token")
	    CODE_TYPE("Code.Y.again", " fixed=\"urn:test:codeliste:y\"", " fixed=\"1\"", "xs:token")
	    CODE_TYPE("Code.Z", " fixed=\"urn:test:codeliste:z\"", "", "xs:token")
	    CODE_TYPE("Code.E", " fixed=\"urn:test:codeliste:e\"", " fixed=\"1.0\"", "c:E")
	    CODE_TYPE("Code.Frei", "", "", "xs:token")
	    "  <xs:simpleType name=\"E\"><xs:restriction base=\"xs:token\">\n"
	    "    <xs:enumeration value=\"01\"/><xs:enumeration value=\"02\"/>\n"
	    "  </xs:restriction></xs:simpleType>\n"
	    "</xs:schema>\n");
	put(src, "codelists/x.xml",
	    "<?xml version=\"1.0\"?>\n"
	    "<gc:CodeList xmlns:gc=\"http://docs.oasis-open.org/codelist/ns/genericode/1.0/\">\n"
	    "  <Identification><ShortName>x</ShortName><Version>3</Version>\n"
	    "    <CanonicalUri>urn:test:codeliste:x</CanonicalUri></Identification>\n"
	    "  <ColumnSet><Column Id=\"code\" Use=\"required\"><ShortName>code</ShortName>\n"
	    "    <Data Type=\"string\"/></Column></ColumnSet>\n"
	    "  <SimpleCodeList><Row><Value ColumnRef=\"code\"><SimpleValue>A</SimpleValue></Value></Row></SimpleCodeList>\n"
	    "</gc:CodeList>\n");
}

static size_t count_rule(const xoev_diag_list *diags, const char *rule)
{
	size_t i, n = 0;
	for (i = 0; i < xoev_diag_list_count(diags); i++)
		n += strcmp(xoev_diag_rule(xoev_diag_list_get(diags, i)), rule) == 0;
	return n;
}

/* The message of the bundle.codelist-missing finding naming uri (and version), or NULL. */
static const char *missing_finding(const xoev_diag_list *diags, const char *uri, const char *version)
{
	size_t i;

	for (i = 0; i < xoev_diag_list_count(diags); i++) {
		const xoev_diag *d = xoev_diag_list_get(diags, i);
		const char *msg = xoev_diag_message(d);
		char want[256];
		if (strcmp(xoev_diag_rule(d), "bundle.codelist-missing") != 0)
			continue;
		ck_assert_int_eq(xoev_diag_severity(d), XOEV_SEVERITY_INFO);
		ck_assert_int_eq(xoev_diag_layer(d), XOEV_LAYER_BUNDLE);
		snprintf(want, sizeof want, "%s %s", uri, version ? "version '" : "(any version");
		if (!strstr(msg, want))
			continue;
		if (version) {
			snprintf(want, sizeof want, "version '%s'", version);
			if (!strstr(msg, want))
				continue;
		}
		return msg;
	}
	return NULL;
}

START_TEST(codelists_referenced_and_provided)
{
	static const struct {
		const char *uri, *version;
		int provided, enumerated;
	} want[] = {
		{ "urn:test:codeliste:e", "1.0", 0, 1 },
		{ "urn:test:codeliste:x", NULL, 1, 0 },
		{ "urn:test:codeliste:x", "2", 0, 0 },
		{ "urn:test:codeliste:x", "3", 1, 0 },
		{ "urn:test:codeliste:y", "1", 0, 0 },
		{ "urn:test:codeliste:z", NULL, 0, 0 },
	};
	xoev_import_options o = XOEV_IMPORT_OPTIONS_INIT;
	xoev_registry_options ro = XOEV_REGISTRY_OPTIONS_INIT;
	xoev_registry *reg = NULL;
	const xoev_bundle *b = NULL;
	xoev_diag_list *diags;
	xoev_manifest m;
	char *src = path2(xoev_test_dir, "release");
	char *dest = path2(xoev_test_dir, "bundles/codes");
	char *bundles = path2(xoev_test_dir, "bundles");
	char *man, *text;
	const char *paths[1];
	size_t i, n = sizeof want / sizeof want[0];

	make_code_release(src);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	o.standard = "codes";
	o.standard_version = "1.0";
	if (xoev_bundle_import(src, dest, &o, diags) != 0) {
		dump_diags(diags);
		ck_abort_msg("import failed");
	}
	/* not provided, needed by a code type: INFO findings naming URI and version, nothing worse */
	ck_assert_uint_eq(xoev_diag_list_count_at_least(diags, XOEV_SEVERITY_WARNING), 0);
	ck_assert_uint_eq(count_rule(diags, "bundle.codelist-missing"), 3);
	ck_assert_ptr_nonnull(missing_finding(diags, "urn:test:codeliste:x", "2"));
	ck_assert_ptr_nonnull(missing_finding(diags, "urn:test:codeliste:y", "1"));
	ck_assert_ptr_nonnull(missing_finding(diags, "urn:test:codeliste:z", NULL));
	ck_assert_ptr_null(missing_finding(diags, "urn:test:codeliste:e", "1.0"));
	ck_assert_ptr_null(missing_finding(diags, "urn:test:codeliste:x", "3"));

	/* the manifest records every reference, sorted, and stays valid format 1 */
	man = path2(dest, XOEV_MANIFEST_NAME);
	ck_assert_int_eq(xoev_bundle_check_manifest(man, NULL), 0);
	text = xoev_test_read_file(man, NULL);
	ck_assert_ptr_nonnull(strstr(text, "format=\"1\""));
	ck_assert_ptr_nonnull(strstr(text, "<codelistReference uri=\"urn:test:codeliste:x\" "
	                                   "version=\"3\" provided=\"true\"/>"));
	ck_assert_ptr_nonnull(strstr(text, "<codelistReference uri=\"urn:test:codeliste:e\" "
	                                   "version=\"1.0\" provided=\"false\" enumerated=\"true\"/>"));
	free(text);
	ck_assert_int_eq(xoev_manifest__read(man, &m, NULL), 0);
	ck_assert_uint_eq(m.codelist_count, 1);
	ck_assert_uint_eq(m.codelist_ref_count, n);
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(m.codelist_refs[i].uri, want[i].uri);
		if (want[i].version)
			ck_assert_str_eq(m.codelist_refs[i].version, want[i].version);
		else
			ck_assert_ptr_null(m.codelist_refs[i].version);
		ck_assert_int_eq(m.codelist_refs[i].provided, want[i].provided);
		ck_assert_int_eq(m.codelist_refs[i].enumerated, want[i].enumerated);
	}
	xoev_manifest__free(&m);

	/* and the registry hands them out */
	paths[0] = bundles;
	ro.paths = paths;
	ro.path_count = 1;
	ro.flags = XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT;
	xoev_diag_list_clear(diags);
	ck_assert_int_eq(xoev_registry_open(&reg, &ro, diags), 0);
	ck_assert_int_eq(xoev_registry_find(reg, "codes", "1.0", &b), 0);
	ck_assert_uint_eq(xoev_bundle_codelist_ref_count(b), n);
	for (i = 0; i < n; i++) {
		const char *uri = NULL, *version = "unset";
		unsigned int flags = 99;
		ck_assert_int_eq(xoev_bundle_codelist_ref(b, i, &uri, &version, &flags), 0);
		ck_assert_str_eq(uri, want[i].uri);
		if (want[i].version)
			ck_assert_str_eq(version, want[i].version);
		else
			ck_assert_ptr_null(version);
		ck_assert_uint_eq(flags, (want[i].provided ? XOEV_CODELIST_PROVIDED : 0u) |
		                         (want[i].enumerated ? XOEV_CODELIST_ENUMERATED : 0u));
		ck_assert_int_eq(xoev_bundle_codelist_ref(b, i, NULL, NULL, NULL), 0);
	}
	{
		const char *uri = "unset", *version = "unset";
		unsigned int flags = 99;
		ck_assert_int_eq(xoev_bundle_codelist_ref(b, n, &uri, &version, &flags), XOEV_EINVAL);
		ck_assert_ptr_null(uri);
		ck_assert_ptr_null(version);
		ck_assert_uint_eq(flags, 0);
		ck_assert_int_eq(xoev_bundle_codelist_ref(NULL, 0, &uri, NULL, NULL), XOEV_EINVAL);
		ck_assert_uint_eq(xoev_bundle_codelist_ref_count(NULL), 0);
	}
	xoev_registry_free(reg);
	xoev_diag_list_free(diags);
	free(man);
	free(bundles);
	free(src);
	free(dest);
}
END_TEST

/* A manifest written before code list references existed: still valid, zero references. */
START_TEST(manifest_without_codelist_refs)
{
	xoev_registry *reg = xoev_test_project_registry();
	size_t i;

	ck_assert_uint_gt(xoev_registry_bundle_count(reg), 0);
	for (i = 0; i < xoev_registry_bundle_count(reg); i++)
		ck_assert_uint_eq(xoev_bundle_codelist_ref_count(xoev_registry_bundle(reg, i)), 0);
	xoev_registry_free(reg);
}
END_TEST

START_TEST(explicit_entries)
{
	xoev_import_options o = XOEV_IMPORT_OPTIONS_INIT;
	const char *entries[] = { "xsd/msg-part.xsd" };
	const char *bad[] = { "../etc/passwd" };
	xoev_diag_list *diags;
	xoev_manifest m;
	char *src = path2(xoev_test_dir, "release");
	char *dest = path2(xoev_test_dir, "bundle");
	char *man;

	make_release(src);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	o.standard = "test";
	o.standard_version = "1.0";
	o.entries = entries;
	o.entry_count = 1;
	ck_assert_int_eq(xoev_bundle_import(src, dest, &o, diags), 0);
	man = path2(dest, XOEV_MANIFEST_NAME);
	ck_assert_int_eq(xoev_manifest__read(man, &m, NULL), 0);
	ck_assert_uint_eq(m.schema_count, 1);
	ck_assert_str_eq(m.schemas[0].href, "files/msg-part.xsd");
	ck_assert_int_eq(m.schemas[0].entry, 1);
	ck_assert_uint_eq(m.message_count, 1);
	ck_assert_str_eq(m.header_family, "none");
	xoev_manifest__free(&m);
	free(man);

	o.entries = bad;
	free(dest);
	dest = path2(xoev_test_dir, "bundle2");
	ck_assert_int_eq(xoev_bundle_import(src, dest, &o, diags), XOEV_EINVAL);
	ck_assert(xoev_test_has_rule(diags, "bundle.missing-file"));
	ck_assert(!exists(dest));
	xoev_diag_list_free(diags);
	free(src);
	free(dest);
}
END_TEST

START_TEST(bad_arguments)
{
	xoev_import_options o = XOEV_IMPORT_OPTIONS_INIT;
	char *src = path2(xoev_test_dir, "release");
	char *dest = path2(xoev_test_dir, "bundle");
	char *inside = path2(src, "out");

	make_release(src);
	ck_assert_int_eq(xoev_bundle_import(src, dest, &o, NULL), XOEV_EINVAL); /* no standard */
	o.standard = "Bad Name";
	o.standard_version = "1.0";
	ck_assert_int_eq(xoev_bundle_import(src, dest, &o, NULL), XOEV_EINVAL);
	o.standard = "test";
	o.valid_from = "01.01.2024";
	ck_assert_int_eq(xoev_bundle_import(src, dest, &o, NULL), XOEV_EINVAL);
	o.valid_from = NULL;
	o.version = 99;
	ck_assert_int_eq(xoev_bundle_import(src, dest, &o, NULL), XOEV_EINVAL);
	o.version = XOEV_IMPORT_OPTIONS_VERSION;
	ck_assert_int_eq(xoev_bundle_import(NULL, dest, &o, NULL), XOEV_EINVAL);
	ck_assert_int_eq(xoev_bundle_import(src, NULL, &o, NULL), XOEV_EINVAL);
	ck_assert_int_eq(xoev_bundle_import(src, dest, NULL, NULL), XOEV_EINVAL);
	/* the destination may not lie inside the source */
	ck_assert_int_eq(xoev_bundle_import(src, inside, &o, NULL), XOEV_EINVAL);
	ck_assert(!exists(inside));
	/* a source that does not exist */
	ck_assert_int_eq(xoev_bundle_import(dest, inside, &o, NULL), XOEV_EIO);
	ck_assert(!exists(dest));
	free(src);
	free(dest);
	free(inside);
}
END_TEST

/*
 * Issue 8: a release without message roots (XBildung: a library of types)
 * imports as a bundle with zero messages, identified by its target
 * namespace, with a warning; one without any namespace still fails.
 */
START_TEST(no_message_roots)
{
	xoev_import_options o = XOEV_IMPORT_OPTIONS_INIT;
	xoev_diag_list *diags;
	const xoev_diag *d;
	xoev_manifest m;
	char *src = path2(xoev_test_dir, "release");
	char *dest = path2(xoev_test_dir, "bundle");
	char *man = path2(dest, XOEV_MANIFEST_NAME);

	put(src, "a.xsd", "<xs:schema " XS " targetNamespace=\"urn:a\"><xs:element name=\"a\"/></xs:schema>\n");
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	o.standard = "test";
	o.standard_version = "1";
	ck_assert_int_eq(xoev_bundle_import(src, dest, &o, diags), 0);
	d = xoev_test_find_rule(diags, "bundle.no-message");
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(xoev_diag_severity(d), XOEV_SEVERITY_WARNING);
	ck_assert_int_eq(xoev_manifest__read(man, &m, NULL), 0);
	ck_assert_uint_eq(m.message_count, 0);
	ck_assert_uint_eq(m.detect_namespaces.count, 1);
	ck_assert_str_eq(m.detect_namespaces.items[0], "urn:a");
	ck_assert_str_eq(m.header_family, "none");
	xoev_manifest__free(&m);
	ck_assert_int_eq(count_prefixed(xoev_test_dir, ".xoev-import"), 0);
	/* no namespace and no root: nothing identifies it */
	free(src);
	free(dest);
	src = path2(xoev_test_dir, "release2");
	dest = path2(xoev_test_dir, "bundle2");
	put(src, "a.xsd", "<xs:schema " XS "><xs:element name=\"a\"/></xs:schema>\n");
	xoev_diag_list_clear(diags);
	ck_assert_int_eq(xoev_bundle_import(src, dest, &o, diags), XOEV_EBUNDLE);
	ck_assert(xoev_test_has_rule(diags, "bundle.no-message"));
	ck_assert(!exists(dest));
	ck_assert_int_eq(count_prefixed(xoev_test_dir, ".xoev-import"), 0);
	free(man);
	/* no schema at all */
	free(src);
	src = path2(xoev_test_dir, "empty");
	ck_assert_int_eq(mkdir(src, 0755), 0);
	xoev_diag_list_clear(diags);
	ck_assert_int_eq(xoev_bundle_import(src, dest, &o, diags), XOEV_EBUNDLE);
	ck_assert(xoev_test_has_rule(diags, "bundle.no-schema"));
	xoev_diag_list_free(diags);
	free(src);
	free(dest);
}
END_TEST

START_TEST(malformed_schema_fails)
{
	xoev_import_options o = XOEV_IMPORT_OPTIONS_INIT;
	xoev_diag_list *diags;
	char *src = path2(xoev_test_dir, "release");
	char *dest = path2(xoev_test_dir, "bundle");

	make_release(src);
	put(src, "xsd/broken.xsd", "<xs:schema " XS ">\n<xs:element name=\"a.b.1\">\n</xs:schema>\n");
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	o.standard = "test";
	o.standard_version = "1";
	ck_assert_int_eq(xoev_bundle_import(src, dest, &o, diags), XOEV_EBUNDLE);
	ck_assert(xoev_test_has_rule(diags, "bundle.schema-unreadable"));
	ck_assert_uint_gt(xoev_diag_list_count_at_least(diags, XOEV_SEVERITY_ERROR), 1);
	ck_assert(!exists(dest));
	ck_assert_int_eq(count_prefixed(xoev_test_dir, ".xoev-import"), 0);
	xoev_diag_list_free(diags);
	free(src);
	free(dest);
}
END_TEST

START_TEST(missing_relative_include)
{
	xoev_import_options o = XOEV_IMPORT_OPTIONS_INIT;
	xoev_diag_list *diags;
	const xoev_diag *d;
	char *src = path2(xoev_test_dir, "release");
	char *dest = path2(xoev_test_dir, "bundle");

	put(src, "a.xsd", "<xs:schema " XS " targetNamespace=\"urn:a\">\n"
	                  "<xs:include schemaLocation=\"gone.xsd\"/>\n"
	                  "<xs:element name=\"a.b.0001\"/></xs:schema>\n");
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	o.standard = "test";
	o.standard_version = "1";
	ck_assert_int_eq(xoev_bundle_import(src, dest, &o, diags), XOEV_EBUNDLE);
	d = xoev_test_find_rule(diags, "bundle.unresolved-import");
	ck_assert_ptr_nonnull(d);
	ck_assert(strstr(xoev_diag_message(d), "gone.xsd") != NULL);
	ck_assert_uint_eq(xoev_diag_line(d), 2);
	ck_assert(!exists(dest));
	xoev_diag_list_free(diags);
	free(src);
	free(dest);
}
END_TEST

/* ------------------------------------------------------------------ */
/* the scanner                                                         */
/* ------------------------------------------------------------------ */

static void ns_schema(const char *dir, const char *name, const char *ns, const char *imports)
{
	char *text = xoev_util__printf("<xs:schema " XS " targetNamespace=\"%s\">%s</xs:schema>\n", ns, imports);
	ck_assert_ptr_nonnull(text);
	put(dir, name, text);
	free(text);
}

#define IMP(ns, loc) "<xs:import namespace=\"" ns "\" schemaLocation=\"" loc "\"/>"

START_TEST(scan_namespace_order)
{
	xoev_schema_set set;
	xoev_strv order = { 0 };
	char *a = path2(xoev_test_dir, "a.xsd");
	const char *entries[1];

	/* a -> b -> c -> a (cycle), a -> d, b -> d */
	ns_schema(xoev_test_dir, "a.xsd", "urn:a", IMP("urn:b", "b.xsd") IMP("urn:d", "d.xsd"));
	ns_schema(xoev_test_dir, "b.xsd", "urn:b", IMP("urn:c", "c.xsd") IMP("urn:d", "d.xsd"));
	ns_schema(xoev_test_dir, "c.xsd", "urn:c", IMP("urn:a", "a.xsd"));
	ns_schema(xoev_test_dir, "d.xsd", "urn:d", "");
	entries[0] = a;
	ck_assert_int_eq(xoev_scan__closure(entries, 1, NULL, 0, 1, NULL, &set), 0);
	ck_assert_uint_eq(set.count, 4);
	ck_assert_int_eq(xoev_scan__namespace_order(&set, &order), 0);
	ck_assert_uint_eq(order.count, 4);
	/* c's import of a is the cycle broken: c, d before b, b before a */
	ck_assert_str_eq(order.items[0], "urn:c");
	ck_assert_str_eq(order.items[1], "urn:d");
	ck_assert_str_eq(order.items[2], "urn:b");
	ck_assert_str_eq(order.items[3], "urn:a");
	xoev_strv__free(&order);
	xoev_scan__free(&set);
	free(a);
}
END_TEST

START_TEST(scan_roots_and_remote)
{
	xoev_schema_set set;
	xoev_diag_list *diags;
	char *src = path2(xoev_test_dir, "release");
	char *entry = path2(src, "xsd/msg.xsd");
	char *catpath = path2(xoev_test_dir, "cat.xml");
	char *target = path2(xoev_test_dir, "remote/r.xsd");
	char *cattext, *canon_target;
	const char *entries[1];
	xmlCatalogPtr cats[1];
	const xoev_schema_file *f;
	xoev_strv order = { 0 };

	make_release(src);
	/* add a remote import resolved through a catalog with a file: URL */
	put(xoev_test_dir, "remote/r.xsd", "<xs:schema " XS "><xs:element name=\"r.s.1\"/></xs:schema>\n");
	canon_target = xoev_io__realpath(target);
	cattext = xoev_util__printf(
		"<catalog xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\">"
		"<system systemId=\"http://example.org/r.xsd\" uri=\"file://%s\"/>"
		"<uri name=\"urn:example:r\" uri=\"remote/r.xsd\"/></catalog>\n", canon_target);
	put(xoev_test_dir, "cat.xml", cattext);
	put(src, "xsd/remote.xsd",
	    "<xs:schema " XS " targetNamespace=\"urn:rem\">"
	    "<xs:import schemaLocation=\"http://example.org/r.xsd\"/>"
	    "<xs:import namespace=\"urn:x\" schemaLocation=\"urn:example:r\"/>"
	    "<xs:redefine schemaLocation=\"https://example.org/unknown.xsd\"/></xs:schema>\n");
	entries[0] = entry;
	ck_assert_int_eq(xoev_scan__closure(entries, 1, NULL, 0, 1, NULL, &set), 0);
	ck_assert_uint_eq(set.count, 3);
	f = &set.files[0];
	ck_assert_str_eq(f->target_namespace, "urn:test:msg:1");
	ck_assert_uint_eq(f->message_roots.count, 1);
	ck_assert_str_eq(f->message_roots.items[0], "gruppe.antrag.0100");
	ck_assert(xoev_strv__contains(&f->imported_namespaces, "urn:test:types"));
	ck_assert(xoev_strv__contains(&f->imported_namespaces, "http://www.w3.org/XML/1998/namespace"));
	ck_assert_uint_eq(set.files[1].message_roots.count, 1);
	ck_assert_str_eq(set.files[1].message_roots.items[0], "prozess.rueckweisung.G2G.1100");
	ck_assert_ptr_nonnull(strstr(set.files[2].path, "types v1.xsd"));
	ck_assert_int_eq(xoev_scan__namespace_order(&set, &order), 0);
	ck_assert_uint_eq(order.count, 2);
	ck_assert_str_eq(order.items[0], "urn:test:types");
	xoev_strv__free(&order);
	xoev_scan__free(&set);

	/* remote locations: through the catalog only */
	free(entry);
	entry = path2(src, "xsd/remote.xsd");
	entries[0] = entry;
	cats[0] = xmlLoadACatalog(catpath);
	ck_assert_ptr_nonnull(cats[0]);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_scan__closure(entries, 1, cats, 1, 1, diags, &set), XOEV_EBUNDLE);
	ck_assert_uint_eq(xoev_diag_list_count(diags), 1);
	ck_assert(strstr(xoev_diag_message(xoev_diag_list_get(diags, 0)), "https://example.org/unknown.xsd"));
	ck_assert_uint_eq(set.count, 2);
	ck_assert_str_eq(set.files[1].path, canon_target);
	ck_assert_uint_eq(set.files[0].remote_locations.count, 3);
	ck_assert_uint_eq(set.remote_urls.count, 2);
	ck_assert_str_eq(set.remote_paths.items[0], canon_target);
	ck_assert_str_eq(set.remote_paths.items[1], canon_target);
	ck_assert(xoev_strv__contains(&set.files[0].imported_namespaces, ""));
	ck_assert_ptr_null(set.files[1].target_namespace);
	xoev_scan__free(&set);
	/* not failing on unresolved: a warning */
	xoev_diag_list_clear(diags);
	ck_assert_int_eq(xoev_scan__closure(entries, 1, cats, 1, 0, diags, &set), 0);
	ck_assert_int_eq(xoev_diag_severity(xoev_diag_list_get(diags, 0)), XOEV_SEVERITY_WARNING);
	xoev_scan__free(&set);
	/* without the catalog nothing is fetched */
	xoev_diag_list_clear(diags);
	ck_assert_int_eq(xoev_scan__closure(entries, 1, NULL, 0, 1, diags, &set), XOEV_EBUNDLE);
	ck_assert_uint_eq(xoev_diag_list_count(diags), 3);
	ck_assert_uint_eq(set.count, 1);
	xoev_scan__free(&set);
	/* a missing entry */
	xoev_diag_list_clear(diags);
	entries[0] = "/nonexistent/x.xsd";
	ck_assert_int_eq(xoev_scan__closure(entries, 1, NULL, 0, 1, diags, &set), XOEV_EIO);
	ck_assert(xoev_test_has_rule(diags, "bundle.missing-file"));
	xoev_scan__free(&set);

	xmlFreeCatalog(cats[0]);
	xoev_diag_list_free(diags);
	free(cattext);
	free(canon_target);
	free(target);
	free(catpath);
	free(entry);
	free(src);
}
END_TEST

Suite *xoev_suite_import(void)
{
	Suite *s = suite_create("import");
	TCase *corpus = tcase_create("corpus");
	TCase *synth = tcase_create("synthetic");
	TCase *scan = tcase_create("scan");

	tcase_set_timeout(corpus, 120);
	tcase_add_checked_fixture(corpus, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_add_loop_test(corpus, import_corpus, 0, (int)(sizeof cases / sizeof cases[0]));
	tcase_add_test(corpus, xdomea_layout_and_codelists);
	tcase_add_test(corpus, xauslaender_details);
	tcase_add_test(corpus, unresolvable_remote_import);
	tcase_add_test(corpus, nonempty_dest);
	suite_add_tcase(s, corpus);

	tcase_add_checked_fixture(synth, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_add_test(synth, synthetic_release);
	tcase_add_test(synth, explicit_entries);
	tcase_add_test(synth, bad_arguments);
	tcase_add_test(synth, no_message_roots);
	tcase_add_test(synth, missing_relative_include);
	tcase_add_test(synth, malformed_schema_fails);
	tcase_add_test(synth, codelists_referenced_and_provided);
	tcase_add_test(synth, manifest_without_codelist_refs);
	suite_add_tcase(s, synth);

	tcase_add_checked_fixture(scan, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_add_test(scan, scan_namespace_order);
	tcase_add_test(scan, scan_roots_and_remote);
	suite_add_tcase(s, scan);
	return s;
}
