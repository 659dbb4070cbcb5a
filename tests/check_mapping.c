/*
 * libxoev tests - `xoev mapping derive`: steps derived from two versions'
 * schema models (xoev_mapping_derive), on synthetic bundles, the project's
 * own standards and the real xdomea releases of the corpus.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "tests.h"

#define SYN_XSD \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:t=\"urn:test:syn:%s\"\n" \
	"    targetNamespace=\"urn:test:syn:%s\" elementFormDefault=\"qualified\">\n" \
	"  <xs:complexType name=\"Code.Farbe\">\n" \
	"    <xs:sequence><xs:element name=\"code\" type=\"xs:token\" form=\"unqualified\"/></xs:sequence>\n" \
	"    <xs:attribute name=\"listURI\" type=\"xs:anyURI\" fixed=\"urn:test:farbe\"/>\n" \
	"    <xs:attribute name=\"listVersionID\" type=\"xs:normalizedString\" fixed=\"%s\"/>\n" \
	"  </xs:complexType>\n" \
	"  <xs:element name=\"test.meldung.0001\">\n" \
	"    <xs:complexType>\n" \
	"      <xs:sequence>\n" \
	"        <xs:element name=\"farbe\" type=\"t:Code.Farbe\" maxOccurs=\"unbounded\"/>\n" \
	"        <xs:element name=\"text\" type=\"xs:string\" minOccurs=\"0\"/>\n" \
	"        %s\n" \
	"      </xs:sequence>\n" \
	"      <xs:attribute name=\"version\" type=\"xs:string\" use=\"required\"/>\n" \
	"    </xs:complexType>\n" \
	"  </xs:element>\n" \
	"</xs:schema>\n"

#define SYN_MANIFEST \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<bundle xmlns=\"urn:libxoev:bundle:1\" format=\"1\" standard=\"syn\" version=\"%s\">\n" \
	"  <title>Syn %s</title>\n" \
	"  <detect><namespace uri=\"urn:test:syn:%s\"/>" \
	"<rootAttribute name=\"version\" value=\"%s\"/></detect>\n" \
	"  <schema href=\"syn.xsd\" namespace=\"urn:test:syn:%s\" entry=\"true\"/>\n" \
	"  <message root=\"test.meldung.0001\" number=\"0001\" namespace=\"urn:test:syn:%s\" title=\"Meldung\"/>\n" \
	"</bundle>\n"

#define SYN_MSG \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<s:test.meldung.0001 xmlns:s=\"urn:test:syn:1\" xmlns:x=\"urn:other\" version=\"1.0\">" \
	"<s:farbe listURI=\"urn:test:farbe\" listVersionID=\"1\"><code>rot</code></s:farbe>" \
	"<s:farbe><code>blau</code></s:farbe><s:text>Gr\xc3\xbc\xc3\x9f" "e</s:text></s:test.meldung.0001>\n"

/* A synthetic bundle of standard "syn" in dir/name; extra: more content of the root. */
static void write_syn(const char *name, const char *version, const char *nsv, const char *listver,
                      const char *extra)
{
	char dir[4096], path[4200], text[4096];

	snprintf(dir, sizeof dir, "%s/bundles/%s", xoev_test_dir, name);
	snprintf(path, sizeof path, "%s/bundles", xoev_test_dir);
	mkdir(path, 0755);
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	snprintf(text, sizeof text, SYN_XSD, nsv, nsv, listver, extra);
	snprintf(path, sizeof path, "%s/syn.xsd", dir);
	xoev_test_write_file(path, text, strlen(text));
	snprintf(text, sizeof text, SYN_MANIFEST, version, version, nsv, version, nsv, nsv);
	snprintf(path, sizeof path, "%s/xoev-bundle.xml", dir);
	xoev_test_write_file(path, text, strlen(text));
}

static xoev_registry *open_paths(const char *p1, const char *p2)
{
	xoev_registry_options o = XOEV_REGISTRY_OPTIONS_INIT;
	const char *paths[2];
	xoev_registry *reg = NULL;
	xoev_diag_list *d = NULL;

	paths[0] = p1;
	paths[1] = p2;
	o.paths = paths;
	o.path_count = p2 ? 2 : 1;
	o.flags = XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT;
	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	ck_assert_int_eq(xoev_registry_open(&reg, &o, d), 0);
	xoev_diag_list_free(d);
	return reg;
}

static xoev_mapping *derive(const xoev_registry *reg, const char *std, const char *a,
                            const char *b)
{
	xoev_mapping *m = NULL;
	xoev_diag_list *d = NULL;
	int rc;

	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	rc = xoev_mapping_derive(reg, std, a, b, NULL, &m, d);
	ck_assert_msg(rc == 0, "derive %s %s %s: %s", std, a, b, xoev_strerror(rc));
	ck_assert_ptr_nonnull(m);
	xoev_diag_list_free(d);
	return m;
}

/* The first item of the list with this kind and item name (NULL: any), or NULL. */
static const xoev_mapping_item *find_item(const xoev_mapping *m, int rewrites, const char *kind,
                                          const char *item)
{
	size_t i, n = rewrites ? xoev_mapping_rewrite_count(m) : xoev_mapping_difference_count(m);

	for (i = 0; i < n; i++) {
		const xoev_mapping_item *it = rewrites ? xoev_mapping_rewrite(m, i) :
		                                         xoev_mapping_difference(m, i);
		if (strcmp(xoev_mapping_item_kind(it), kind) == 0 &&
		    (!item || strcmp(xoev_mapping_item_item(it), item) == 0))
			return it;
	}
	return NULL;
}

static int affects(const xoev_mapping_item *it, const char *number)
{
	size_t i;

	for (i = 0; i < xoev_mapping_item_message_count(it); i++)
		if (strcmp(xoev_mapping_item_message(it, i), number) == 0)
			return 1;
	return 0;
}

/* The change list of m is valid against schemas/xoev-changes.xsd. */
static void assert_changes_valid(const xoev_mapping *m)
{
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(XOEV_SRCDIR "/schemas/xoev-changes.xsd");
	xmlSchemaPtr schema = xmlSchemaParse(pc);
	xmlSchemaValidCtxtPtr vc;
	xmlDocPtr doc;
	size_t len = 0;
	const char *text = xoev_mapping_changes(m, &len);

	ck_assert_ptr_nonnull(schema);
	ck_assert_ptr_nonnull(text);
	doc = xmlReadMemory(text, (int)len, "changes.xml", NULL, XML_PARSE_NONET);
	ck_assert_ptr_nonnull(doc);
	vc = xmlSchemaNewValidCtxt(schema);
	ck_assert_msg(xmlSchemaValidateDoc(vc, doc) == 0, "change list invalid:\n%s", text);
	xmlSchemaFreeValidCtxt(vc);
	xmlFreeDoc(doc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
}

/* Translate buf with XSD validation only; the outcome, the output in *out (caller frees). */
static xoev_translate_outcome translate(const xoev_registry *reg, const char *to, const char *buf,
                                        size_t len, const char *name, char **out)
{
	xoev_translate_options o = XOEV_TRANSLATE_OPTIONS_INIT;
	xoev_translation *t = NULL;
	xoev_diag_list *d = NULL;
	xoev_translate_outcome oc;
	size_t i;

	o.validate_layers = XOEV_RUN_XSD;
	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	ck_assert_int_eq(xoev_translate(reg, to, &o, buf, len, name, out, NULL, &t, d), 0);
	oc = xoev_translation_outcome(t);
	for (i = 0; oc != XOEV_TRANSLATE_LOSSLESS && i < xoev_diag_list_count(d); i++)
		fprintf(stderr, "%s: %s %s\n", name, xoev_diag_rule(xoev_diag_list_get(d, i)),
		        xoev_diag_message(xoev_diag_list_get(d, i)));
	for (i = 0; oc != XOEV_TRANSLATE_LOSSLESS && i < xoev_translation_loss_count(t); i++)
		fprintf(stderr, "%s: loss %s %s\n", name, xoev_loss_xpath(xoev_translation_loss(t, i)),
		        xoev_loss_value(xoev_translation_loss(t, i)));
	xoev_translation_free(t);
	xoev_diag_list_free(d);
	return oc;
}

/* ------------------------------------------------------------------ */

START_TEST(test_synthetic_round_trip)
{
	char home[4096], bundles[4096];
	xoev_registry *reg, *reg2;
	xoev_mapping *up, *down;
	const xoev_mapping_item *it;
	char *out = NULL, *back = NULL;

	write_syn("syn-1.0", "1.0", "1", "1", "");
	write_syn("syn-2.0", "2.0", "2", "2", "");
	snprintf(bundles, sizeof bundles, "%s/bundles", xoev_test_dir);
	snprintf(home, sizeof home, "%s/home", xoev_test_dir);
	reg = open_paths(bundles, NULL);
	up = derive(reg, "syn", "1.0", "2.0");
	down = derive(reg, "syn", "2.0", "1.0");
	ck_assert_int_eq(xoev_mapping_derivable(up), 1);
	ck_assert_int_eq(xoev_mapping_derivable(down), 1);
	ck_assert_uint_eq(xoev_mapping_difference_count(up), 0);
	it = find_item(up, 1, "attribute-value", "@listVersionID");
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(xoev_mapping_item_old(it), "1");
	ck_assert_str_eq(xoev_mapping_item_new(it), "2");
	ck_assert_str_eq(xoev_mapping_item_type(it), "t:Code.Farbe");
	ck_assert(affects(it, "0001"));
	it = find_item(up, 1, "root-attribute", "@version");
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(xoev_mapping_item_new(it), "2.0");
	ck_assert_str_eq(xoev_mapping_step_path(up), "syn/1.0/steps/to-2.0.xsl");
	ck_assert_str_eq(xoev_mapping_changes_path(up), "syn/changes/1.0_2.0.xml");
	ck_assert_str_eq(xoev_mapping_changes_path(down), "syn/changes/1.0_2.0.xml");
	/* one change list for both directions */
	ck_assert_str_eq(xoev_mapping_changes(up, NULL), xoev_mapping_changes(down, NULL));
	assert_changes_valid(up);
	ck_assert_ptr_nonnull(strstr(xoev_mapping_changes(up, NULL),
	                             "<codelist uri=\"urn:test:farbe\" oldVersion=\"1\" newVersion=\"2\"/>"));
	ck_assert_ptr_nonnull(strstr(xoev_mapping_changes(up, NULL),
	                             "<rootAttribute name=\"version\" from=\"1.0\" to=\"2.0\"/>"));
	ck_assert_int_eq(xoev_mapping_write(up, home, 0, NULL), 0);
	ck_assert_int_eq(xoev_mapping_write(down, home, 0, NULL), 0);
	xoev_mapping_free(up);
	xoev_mapping_free(down);

	/* the derived steps through the translation engine, both ways */
	reg2 = open_paths(bundles, home);
	ck_assert_int_eq(translate(reg2, "2.0", SYN_MSG, strlen(SYN_MSG), "syn.xml", &out),
	                 XOEV_TRANSLATE_LOSSLESS);
	ck_assert_ptr_nonnull(strstr(out, "xmlns:s=\"urn:test:syn:2\""));
	ck_assert_ptr_nonnull(strstr(out, "xmlns:x=\"urn:other\""));
	ck_assert_ptr_nonnull(strstr(out, "version=\"2.0\""));
	ck_assert_ptr_nonnull(strstr(out, "<s:farbe listURI=\"urn:test:farbe\" listVersionID=\"2\"><code>rot</code></s:farbe>"));
	ck_assert_ptr_nonnull(strstr(out, "<s:farbe><code>blau</code></s:farbe>"));
	ck_assert_ptr_null(strstr(out, "urn:test:syn:1"));
	ck_assert_int_eq(translate(reg2, "1.0", out, strlen(out), "syn2.xml", &back),
	                 XOEV_TRANSLATE_LOSSLESS);
	ck_assert_ptr_nonnull(strstr(back, strchr(SYN_MSG, '\n') + 1));
	xoev_free(out);
	xoev_free(back);
	xoev_registry_free(reg2);
	xoev_registry_free(reg);
}
END_TEST

START_TEST(test_synthetic_default_prefix_and_refusal)
{
	static const char msg[] =
		"<test.meldung.0001 xmlns=\"urn:test:syn:1\" version=\"1.0\">"
		"<farbe listVersionID=\"1\"><code xmlns=\"\">gelb</code></farbe></test.meldung.0001>";
	char bundles[4096], home[4096];
	xoev_registry *reg;
	xoev_mapping *m;
	const xoev_mapping_item *it;
	char *out = NULL;

	write_syn("syn-1.0", "1.0", "1", "1", "");
	write_syn("syn-2.0", "2.0", "2", "2", "");
	write_syn("syn-3.0", "3.0", "3", "2",
	          "<xs:element name=\"neu\" type=\"xs:string\" minOccurs=\"0\"/>");
	snprintf(bundles, sizeof bundles, "%s/bundles", xoev_test_dir);
	snprintf(home, sizeof home, "%s/home", xoev_test_dir);
	reg = open_paths(bundles, NULL);
	m = derive(reg, "syn", "1.0", "2.0");
	ck_assert_int_eq(xoev_mapping_write(m, home, 0, NULL), 0);
	xoev_mapping_free(m);
	/* an element only in 3.0: refused both ways, with the element named */
	m = derive(reg, "syn", "2.0", "3.0");
	ck_assert_int_eq(xoev_mapping_derivable(m), 0);
	ck_assert_ptr_null(xoev_mapping_stylesheet(m, NULL));
	ck_assert_int_eq(xoev_mapping_write(m, home, 0, NULL), XOEV_EUNSUPPORTED);
	ck_assert_uint_eq(xoev_mapping_difference_count(m), 1);
	it = find_item(m, 0, "element-added", "neu");
	ck_assert_ptr_nonnull(it);
	ck_assert(affects(it, "0001"));
	ck_assert_str_eq(xoev_mapping_item_path(it), "test.meldung.0001");
	xoev_mapping_free(m);
	m = derive(reg, "syn", "3.0", "2.0");
	ck_assert_ptr_nonnull(find_item(m, 0, "element-removed", "neu"));
	ck_assert_uint_eq(xoev_mapping_difference_count(m), 1);
	xoev_mapping_free(m);
	xoev_registry_free(reg);

	reg = open_paths(bundles, home);
	ck_assert_int_eq(translate(reg, "2.0", msg, strlen(msg), "default-ns.xml", &out),
	                 XOEV_TRANSLATE_LOSSLESS);
	ck_assert_ptr_nonnull(strstr(out, "<test.meldung.0001 xmlns=\"urn:test:syn:2\" version=\"2.0\">"));
	ck_assert_ptr_nonnull(strstr(out, "<farbe listVersionID=\"2\"><code xmlns=\"\">gelb</code></farbe>"));
	xoev_free(out);
	xoev_registry_free(reg);
}
END_TEST

START_TEST(test_project_pairs_refused)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_mapping *m;
	const xoev_mapping_item *it;
	char *text = NULL;
	size_t len = 0;

	m = derive(reg, "xmig", "1.0", "1.1");
	ck_assert_int_eq(xoev_mapping_derivable(m), 0);
	ck_assert_ptr_null(xoev_mapping_changes(m, NULL));
	it = find_item(m, 0, "element-renamed", "familienname");
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(xoev_mapping_item_type(it), "xmig:PersonType");
	ck_assert_str_eq(xoev_mapping_item_new(it), "nachname");
	ck_assert_int_eq(xoev_mapping_item_heuristic(it), 1);
	ck_assert(affects(it, "1001") && affects(it, "1501"));
	it = find_item(m, 0, "element-moved", "geburtsdatum");
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(xoev_mapping_item_new(it), "geburt/geburtsdatum");
	it = find_item(m, 0, "message-renamed", NULL);
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(xoev_mapping_item_new(it), "akte.anforderung.1201");
	it = find_item(m, 0, "cardinality", "betriebsnummer");
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(xoev_mapping_item_old(it), "1");
	ck_assert_str_eq(xoev_mapping_item_new(it), "0..1");
	ck_assert(affects(it, "1401") && !affects(it, "1001"));
	ck_assert_ptr_nonnull(find_item(m, 0, "element-removed", "bemerkung"));
	ck_assert_ptr_nonnull(find_item(m, 0, "element-added", "uebermittlungsgrund"));
	ck_assert_int_eq(xoev_mapping_report(m, XOEV_FORMAT_TEXT, &text, &len), 0);
	ck_assert_uint_eq(len, strlen(text));
	ck_assert_ptr_nonnull(strstr(text, "derive xmig 1.0 -> 1.1: not derivable"));
	ck_assert_ptr_nonnull(strstr(text, "element-renamed (heuristic) in xmig:PersonType, familienname: familienname -> nachname"));
	xoev_free(text);
	ck_assert_int_eq(xoev_mapping_report(m, XOEV_FORMAT_JSON, &text, NULL), 0);
	ck_assert_ptr_nonnull(strstr(text, "\"derivable\":false"));
	ck_assert_ptr_nonnull(strstr(text, "\"kind\":\"element-moved\""));
	xoev_free(text);
	xoev_mapping_free(m);

	m = derive(reg, "xmig", "2.0", "1.1");
	ck_assert_int_eq(xoev_mapping_derivable(m), 0);
	it = find_item(m, 0, "element-moved", "mediatyp");
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(xoev_mapping_item_old(it), "datei/mediatyp");
	ck_assert_ptr_nonnull(find_item(m, 0, "element-removed", "geburtsname"));
	xoev_mapping_free(m);

	m = derive(reg, "xsoz", "1.0", "1.1");
	ck_assert_int_eq(xoev_mapping_derivable(m), 0);
	it = find_item(m, 0, "element-removed", "bic");
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(xoev_mapping_item_type(it), "xsoz:BankverbindungType");
	ck_assert(affects(it, "2301"));
	ck_assert_ptr_nonnull(find_item(m, 0, "element-moved", "gueltigAb"));
	xoev_mapping_free(m);
	xoev_registry_free(reg);
}
END_TEST

START_TEST(test_api_edges)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_mapping_options o = XOEV_MAPPING_OPTIONS_INIT;
	xoev_mapping *m = (xoev_mapping *)&o;
	char *out = NULL;

	ck_assert_int_eq(xoev_mapping_derive(NULL, "xmig", "1.0", "1.1", NULL, &m, NULL), XOEV_EINVAL);
	ck_assert_ptr_null(m);
	ck_assert_int_eq(xoev_mapping_derive(reg, "xmig", "1.0", "1.0", NULL, &m, NULL), XOEV_EINVAL);
	o.version = 99;
	ck_assert_int_eq(xoev_mapping_derive(reg, "xmig", "1.0", "1.1", &o, &m, NULL), XOEV_EINVAL);
	ck_assert_int_eq(xoev_mapping_derive(reg, "xmig", "1.0", "9.9", NULL, &m, NULL), XOEV_ENOTFOUND);
	ck_assert_int_eq(xoev_mapping_derive(reg, "nosuch", "1.0", "1.1", NULL, &m, NULL), XOEV_ENOTFOUND);
	ck_assert_ptr_null(m);
	ck_assert_int_eq(xoev_mapping_report(NULL, XOEV_FORMAT_TEXT, &out, NULL), XOEV_EINVAL);
	ck_assert_int_eq(xoev_mapping_write(NULL, "/tmp", 0, NULL), XOEV_EINVAL);
	ck_assert_int_eq(xoev_mapping_derivable(NULL), 0);
	ck_assert_ptr_null(xoev_mapping_difference(NULL, 0));
	ck_assert_ptr_null(xoev_mapping_item_kind(NULL));
	xoev_mapping_free(NULL);
	m = derive(reg, "xmig", "1.1", "2.0");
	ck_assert_ptr_null(xoev_mapping_difference(m, xoev_mapping_difference_count(m)));
	ck_assert_int_eq(xoev_mapping_write(m, "/tmp", 0x80, NULL), XOEV_EINVAL);
	ck_assert_int_eq(xoev_mapping_report(m, XOEV_FORMAT_SARIF, &out, NULL), XOEV_EINVAL);
	xoev_mapping_free(m);
	xoev_registry_free(reg);
}
END_TEST

START_TEST(test_cli)
{
	const char *cli = xoev_test_cli();
	char cmd[16384], sp[8300], path[4300], *out = NULL, *before, *after;
	struct stat st;

	write_syn("syn-1.0", "1.0", "1", "1", "");
	write_syn("syn-2.0", "2.0", "2", "2", "");
	write_syn("syn-3.0", "3.0", "3", "2",
	          "<xs:element name=\"neu\" type=\"xs:string\" minOccurs=\"0\"/>");
	snprintf(sp, sizeof sp, "--schema-path '%s/bundles' --no-default-path", xoev_test_dir);
	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' mapping derive syn 1.0 2.0 %s -o '%s/out'",
	         cli, sp, xoev_test_dir);
	ck_assert_int_eq(xoev_test_run(cmd, &out), 0);
	ck_assert_ptr_nonnull(strstr(out, "derive syn 1.0 -> 2.0: derived"));
	free(out);
	snprintf(path, sizeof path, "%s/out/syn/1.0/steps/to-2.0.xsl", xoev_test_dir);
	before = xoev_test_read_file(path, NULL);
	ck_assert_ptr_nonnull(before);
	snprintf(path, sizeof path, "%s/out/syn/changes/1.0_2.0.xml", xoev_test_dir);
	ck_assert_int_eq(stat(path, &st), 0);
	/* the same again, and the other direction: the shared change list is the same */
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' mapping derive syn 2.0 1.0 %s -o '%s/out'",
	         cli, sp, xoev_test_dir);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
	/* a step changed by hand is not overwritten, and nothing else is written */
	snprintf(path, sizeof path, "%s/out/syn/1.0/steps/to-2.0.xsl", xoev_test_dir);
	xoev_test_write_file(path, "edited", 6);
	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' mapping derive syn 1.0 2.0 %s -o '%s/out'",
	         cli, sp, xoev_test_dir);
	ck_assert_int_eq(xoev_test_run(cmd, &out), 3);
	ck_assert_ptr_nonnull(strstr(out, "mapping.exists"));
	free(out);
	after = xoev_test_read_file(path, NULL);
	ck_assert_str_eq(after, "edited");
	free(after);
	snprintf(cmd, sizeof cmd,
	         "XOEV_SCHEMA_PATH= '%s' mapping derive syn 1.0 2.0 %s -o '%s/out' --force", cli, sp,
	         xoev_test_dir);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
	after = xoev_test_read_file(path, NULL);
	ck_assert_str_eq(after, before);
	free(after);
	/* no temporary file is left behind */
	snprintf(cmd, sizeof cmd, "test -z \"$(find '%s/out' -name '.*' -type f)\"", xoev_test_dir);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
	/* --stdout: the stylesheet on standard output, byte for byte */
	snprintf(cmd, sizeof cmd,
	         "XOEV_SCHEMA_PATH= '%s' mapping derive syn 1.0 2.0 %s --stdout 2>/dev/null", cli, sp);
	ck_assert_int_eq(xoev_test_run(cmd, &out), 0);
	ck_assert_str_eq(out, before);
	free(out);
	free(before);
	/* refused: exit 1, the difference listed, nothing written */
	snprintf(cmd, sizeof cmd,
	         "XOEV_SCHEMA_PATH= '%s' mapping derive syn 2.0 3.0 %s -o '%s/out3' --report json", cli,
	         sp, xoev_test_dir);
	ck_assert_int_eq(xoev_test_run(cmd, &out), 1);
	ck_assert_ptr_nonnull(strstr(out, "\"kind\":\"element-added\",\"type\":\"(anonymous type of test.meldung.0001)\""));
	ck_assert_ptr_nonnull(strstr(out, "\"item\":\"neu\""));
	free(out);
	snprintf(path, sizeof path, "%s/out3", xoev_test_dir);
	ck_assert_int_ne(stat(path, &st), 0);
	/* usage and unknown versions */
	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' mapping derive syn 1.0 %s", cli, sp);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 2);
	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' mapping derive syn 1.0 2.0 --bogus %s", cli, sp);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 2);
	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' mapping derive syn 1.0 2.0 --report xml %s", cli, sp);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 2);
	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' mapping derive syn 1.0 2.0 -o x --stdout %s", cli, sp);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 2);
	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' mapping frobnicate %s", cli, sp);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 2);
	snprintf(cmd, sizeof cmd, "XOEV_SCHEMA_PATH= '%s' mapping derive syn 1.0 7.7 %s", cli, sp);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 4);
	snprintf(cmd, sizeof cmd, "'%s' mapping derive --help", cli);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
}
END_TEST

/* ------------------------------------------------------------------ */
/* the real xdomea releases                                            */
/* ------------------------------------------------------------------ */

static void import_xdomea(const char *corpus, const char *version)
{
	xoev_import_options io = XOEV_IMPORT_OPTIONS_INIT;
	char src[4096], cat[4096], dest[4300];
	int rc;

	snprintf(src, sizeof src, "%s/xdomea/%s", corpus, version);
	snprintf(cat, sizeof cat, "%s/catalog.xml", corpus);
	snprintf(dest, sizeof dest, "%s/bundles/xdomea-%s", xoev_test_dir, version);
	io.standard = "xdomea";
	io.standard_version = version;
	io.catalog = cat;
	rc = xoev_bundle_import(src, dest, &io, NULL);
	ck_assert_msg(rc == 0, "import of xdomea %s: %s", version, xoev_strerror(rc));
}

/* Every sample of `from` translates to `to` and back, lossless, with the derived steps. */
static void round_trip_samples(const char *corpus, const char *home, const char *from,
                               const char *to)
{
	char bundles[4096], pattern[4200], ns[64];
	xoev_registry *reg;
	glob_t g;
	size_t i;

	snprintf(bundles, sizeof bundles, "%s/bundles", xoev_test_dir);
	reg = open_paths(bundles, home);
	snprintf(pattern, sizeof pattern, "%s/xdomea/%s/samples/*.xml", corpus, from);
	ck_assert_int_eq(glob(pattern, 0, NULL, &g), 0);
	ck_assert_uint_ge(g.gl_pathc, 4);
	snprintf(ns, sizeof ns, "urn:xoev-de:xdomea:schema:%s", to);
	for (i = 0; i < g.gl_pathc; i++) {
		size_t len = 0;
		char *in = xoev_test_read_file(g.gl_pathv[i], &len), *out = NULL, *back = NULL;
		ck_assert_ptr_nonnull(in);
		ck_assert_msg(translate(reg, to, in, len, g.gl_pathv[i], &out) == XOEV_TRANSLATE_LOSSLESS,
		              "%s -> %s not lossless", g.gl_pathv[i], to);
		ck_assert_ptr_nonnull(strstr(out, ns));
		ck_assert_msg(translate(reg, from, out, strlen(out), g.gl_pathv[i], &back) ==
		              XOEV_TRANSLATE_LOSSLESS, "%s -> %s -> %s not lossless", g.gl_pathv[i], to,
		              from);
		xoev_free(out);
		xoev_free(back);
		free(in);
	}
	globfree(&g);
	xoev_registry_free(reg);
}

START_TEST(test_xdomea_23_24)
{
	const char *corpus = xoev_test_corpus("mapping_xdomea_23_24");
	char bundles[4096], home[4096];
	xoev_registry *reg;
	xoev_mapping *up, *down;
	const xoev_mapping_item *it;

	if (!corpus)
		return;
	import_xdomea(corpus, "2.3.0");
	import_xdomea(corpus, "2.4.0");
	snprintf(bundles, sizeof bundles, "%s/bundles", xoev_test_dir);
	snprintf(home, sizeof home, "%s/home", xoev_test_dir);
	reg = open_paths(bundles, NULL);
	up = derive(reg, "xdomea", "2.3.0", "2.4.0");
	down = derive(reg, "xdomea", "2.4.0", "2.3.0");
	ck_assert_int_eq(xoev_mapping_derivable(up), 1);
	ck_assert_int_eq(xoev_mapping_derivable(down), 1);
	/* up: the country list's listURI, nothing else */
	ck_assert_uint_eq(xoev_mapping_rewrite_count(up), 1);
	it = find_item(up, 1, "attribute-value", "@listURI");
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(xoev_mapping_item_type(it), "xdomea:StaatCodeType");
	ck_assert_str_eq(xoev_mapping_item_old(it), "DIN EN ISO 3166-1");
	ck_assert_str_eq(xoev_mapping_item_new(it), "urn:xoev-de:kosit:codeliste:country-codes");
	ck_assert(affects(it, "0503"));
	/* down: the same back, and Empfangsbestaetigung's default (new in 2.4.0) written out */
	ck_assert_ptr_nonnull(find_item(down, 1, "attribute-value", "@listURI"));
	it = find_item(down, 1, "element-default", "Empfangsbestaetigung");
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(xoev_mapping_item_old(it), "0");
	ck_assert_uint_eq(xoev_mapping_rewrite_count(down), 2);
	ck_assert_str_eq(xoev_mapping_changes(up, NULL), xoev_mapping_changes(down, NULL));
	assert_changes_valid(up);
	ck_assert_int_eq(xoev_mapping_write(up, home, 0, NULL), 0);
	ck_assert_int_eq(xoev_mapping_write(down, home, 0, NULL), 0);
	xoev_mapping_free(up);
	xoev_mapping_free(down);
	xoev_registry_free(reg);
	round_trip_samples(corpus, home, "2.3.0", "2.4.0");
	round_trip_samples(corpus, home, "2.4.0", "2.3.0");
}
END_TEST

START_TEST(test_xdomea_30_31)
{
	const char *corpus = xoev_test_corpus("mapping_xdomea_30_31");
	char bundles[4096];
	xoev_registry *reg;
	xoev_mapping *m;
	const xoev_mapping_item *it;
	size_t i, dir;

	if (!corpus)
		return;
	import_xdomea(corpus, "3.0.0");
	import_xdomea(corpus, "3.1.0");
	snprintf(bundles, sizeof bundles, "%s/bundles", xoev_test_dir);
	reg = open_paths(bundles, NULL);
	for (dir = 0; dir < 2; dir++) {
		m = dir ? derive(reg, "xdomea", "3.1.0", "3.0.0") : derive(reg, "xdomea", "3.0.0", "3.1.0");
		ck_assert_int_eq(xoev_mapping_derivable(m), 0);
		/* only 0511, and only below Aktenplan */
		for (i = 0; i < xoev_mapping_difference_count(m); i++) {
			const xoev_mapping_item *d = xoev_mapping_difference(m, i);
			ck_assert_uint_eq(xoev_mapping_item_message_count(d), 1);
			ck_assert_str_eq(xoev_mapping_item_message(d, 0), "0511");
			ck_assert_msg(strncmp(xoev_mapping_item_path(d), "Aussonderung.AktenplanZurBewertung.0511", 39) == 0,
			              "%s", xoev_mapping_item_path(d));
		}
		it = find_item(m, 0, "type", "Aktenplan");
		ck_assert_ptr_nonnull(it);
		ck_assert_str_eq(xoev_mapping_item_old(it), dir ? "xdomea:AktenplanBewertungType" :
		                                                  "xdomea:AktenplanBewertungskatalogType");
		ck_assert_str_eq(xoev_mapping_item_new(it), dir ? "xdomea:AktenplanBewertungskatalogType" :
		                                                  "xdomea:AktenplanBewertungType");
		it = find_item(m, 0, dir ? "element-removed" : "element-added", "Aufbewahrungsdauer");
		ck_assert_ptr_nonnull(it);
		xoev_mapping_free(m);
	}
	xoev_registry_free(reg);
}
END_TEST

START_TEST(test_xdomea_24_30)
{
	const char *corpus = xoev_test_corpus("mapping_xdomea_24_30");
	char bundles[4096];
	xoev_registry *reg;
	xoev_mapping *m;
	const xoev_mapping_item *it;

	if (!corpus)
		return;
	import_xdomea(corpus, "2.4.0");
	import_xdomea(corpus, "3.0.0");
	snprintf(bundles, sizeof bundles, "%s/bundles", xoev_test_dir);
	reg = open_paths(bundles, NULL);
	m = derive(reg, "xdomea", "2.4.0", "3.0.0");
	ck_assert_int_eq(xoev_mapping_derivable(m), 0);
	ck_assert_ptr_null(xoev_mapping_stylesheet(m, NULL));
	it = find_item(m, 0, "element-renamed", "Kennung");
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(xoev_mapping_item_type(it), "xdomea:BehoerdenkennungType");
	ck_assert_str_eq(xoev_mapping_item_new(it), "Behoerdenschluessel");
	ck_assert(affects(it, "0503"));
	it = find_item(m, 0, "element-moved", "Teilakte");
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(xoev_mapping_item_type(it), "xdomea:AkteType");
	ck_assert_str_eq(xoev_mapping_item_new(it), "Akteninhalt/Teilakte");
	it = find_item(m, 0, "message-added", "Aussonderung.AussonderungEmpfangBestaetigen.0507");
	ck_assert_ptr_nonnull(it);
	ck_assert(affects(it, "0507"));
	it = find_item(m, 0, "attribute-property", "@listVersionID");
	ck_assert_ptr_nonnull(it); /* Kanal and Format became code type 3 */
	xoev_mapping_free(m);
	m = derive(reg, "xdomea", "3.0.0", "2.4.0");
	ck_assert_int_eq(xoev_mapping_derivable(m), 0);
	ck_assert_ptr_nonnull(find_item(m, 0, "message-removed", "Aussonderung.AussonderungEmpfangBestaetigen.0507"));
	it = find_item(m, 0, "element-renamed", "Behoerdenschluessel");
	ck_assert_ptr_nonnull(it);
	ck_assert_str_eq(xoev_mapping_item_new(it), "Kennung");
	xoev_mapping_free(m);
	xoev_registry_free(reg);
}
END_TEST

Suite *xoev_suite_mapping(void)
{
	Suite *s = suite_create("mapping");
	TCase *tc = tcase_create("core");
	TCase *real = tcase_create("xdomea");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_add_test(tc, test_synthetic_round_trip);
	tcase_add_test(tc, test_synthetic_default_prefix_and_refusal);
	tcase_add_test(tc, test_project_pairs_refused);
	tcase_add_test(tc, test_api_edges);
	tcase_add_test(tc, test_cli);
	suite_add_tcase(s, tc);
	tcase_set_timeout(real, 600);
	tcase_add_checked_fixture(real, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_add_test(real, test_xdomea_23_24);
	tcase_add_test(real, test_xdomea_30_31);
	tcase_add_test(real, test_xdomea_24_30);
	suite_add_tcase(s, real);
	return s;
}
