/*
 * libxoev tests - translation between the real xdomea releases 2.3.0,
 * 2.4.0, 3.0.0 and 3.1.0 (../shared/corpus, imported into a temporary
 * registry) with the steps libxoev ships in the step home schemas/xdomea/.
 *
 * The inputs and outputs are checked with the XML Schema layer only: the
 * toolkit and x-man samples are XSD-valid but fail the code-list layer on
 * their own content (empty listURI of Behoerdenkennung codes; 2.x Kanal
 * codes left in the 3.0.0 samples), see tests/data/xdomea-codelist-expected.txt.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "tests.h"
#include "internal.h"

static const char *const versions[] = { "2.3.0", "2.4.0", "3.0.0", "3.1.0" };

/* A registry over <test dir>/bundles (the imported releases) and <test dir>/home (the step home). */
static xoev_registry *open_registry(void)
{
	const char *paths[2];
	char a[4096], b[4096];
	xoev_registry_options o = XOEV_REGISTRY_OPTIONS_INIT;
	xoev_registry *reg = NULL;

	snprintf(a, sizeof a, "%s/bundles", xoev_test_dir);
	snprintf(b, sizeof b, "%s/home", xoev_test_dir);
	paths[0] = a;
	paths[1] = b;
	o.paths = paths;
	o.path_count = 2;
	o.flags = XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT;
	ck_assert_int_eq(xoev_registry_open(&reg, &o, NULL), 0);
	return reg;
}

/* A registry over the four imported releases and libxoev's xdomea step home; NULL without the corpus. */
static xoev_registry *xdomea_registry(const char *test, const char **corpus)
{
	char cat[4096], cmd[8192];
	xoev_registry *reg;
	size_t v;

	*corpus = xoev_test_corpus(test);
	if (!*corpus)
		return NULL;
	snprintf(cat, sizeof cat, "%s/catalog.xml", *corpus);
	for (v = 0; v < 4; v++) {
		xoev_import_options io = XOEV_IMPORT_OPTIONS_INIT;
		char src[4096], dest[4096];

		snprintf(src, sizeof src, "%s/xdomea/%s", *corpus, versions[v]);
		snprintf(dest, sizeof dest, "%s/bundles/xdomea-%s", xoev_test_dir, versions[v]);
		io.standard = "xdomea";
		io.standard_version = versions[v];
		io.catalog = cat;
		ck_assert_msg(xoev_bundle_import(src, dest, &io, NULL) == 0, "import of xdomea %s",
		              versions[v]);
	}
	/* the step home as shipped, without the xmig and xsoz bundles beside it */
	snprintf(cmd, sizeof cmd, "mkdir -p '%s/home' && cp -R '%s/schemas/xdomea' '%s/home/'",
	         xoev_test_dir, XOEV_SRCDIR, xoev_test_dir);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
	reg = open_registry();
	for (v = 0; v < 4; v++) {
		const xoev_bundle *b = NULL;
		ck_assert_int_eq(xoev_registry_find(reg, "xdomea", versions[v], &b), 0);
	}
	return reg;
}

static glob_t samples(const char *corpus, const char *version)
{
	char pattern[4200];
	glob_t g;

	snprintf(pattern, sizeof pattern, "%s/xdomea/%s/samples/*.xml", corpus, version);
	memset(&g, 0, sizeof g);
	if (glob(pattern, 0, NULL, &g) != 0)
		g.gl_pathc = 0;
	return g;
}

static xoev_translation *translate(const xoev_registry *reg, const char *to, const char *buf,
                                   size_t len, char **out, size_t *out_len, xoev_diag_list *d)
{
	xoev_translate_options o = XOEV_TRANSLATE_OPTIONS_INIT;
	xoev_translation *t = NULL;

	o.validate_layers = XOEV_RUN_XSD;
	ck_assert_int_eq(xoev_translate(reg, to, &o, buf, len, "in.xml", out, out_len, &t, d), 0);
	ck_assert_ptr_nonnull(t);
	return t;
}

/* XSD-valid, detected as xdomea version. */
static void assert_valid(const xoev_registry *reg, const char *buf, size_t len, const char *version,
                         const char *what)
{
	xoev_validate_options vo = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_validator *v = NULL;
	xoev_diag_list *d = NULL;
	xoev_verdict verdict;

	vo.layers = XOEV_RUN_XSD;
	ck_assert_int_eq(xoev_validator_new(&v, reg, &vo), 0);
	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	ck_assert_int_eq(xoev_validate_memory(v, buf, len, what, d, &verdict), 0);
	ck_assert_msg(verdict == XOEV_VERDICT_VALID, "%s: not valid: %s", what,
	              xoev_diag_list_count(d) ? xoev_diag_message(xoev_diag_list_get(d, 0)) : "");
	ck_assert_str_eq(xoev_bundle_version(xoev_validator_last_bundle(v)), version);
	xoev_diag_list_free(d);
	xoev_validator_free(v);
}

static size_t count_kind(const xoev_translation *t, xoev_loss_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < xoev_translation_loss_count(t); i++)
		n += xoev_loss_get_kind(xoev_translation_loss(t, i)) == kind;
	return n;
}

/* The loss entry of change in step with xpath ending in tail and this value, or NULL. */
static const xoev_loss *find_loss(const xoev_translation *t, const char *step, const char *change,
                                  const char *tail, const char *value)
{
	size_t i;

	for (i = 0; i < xoev_translation_loss_count(t); i++) {
		const xoev_loss *l = xoev_translation_loss(t, i);
		const char *xp = xoev_loss_xpath(l);
		size_t a = strlen(xp), b = strlen(tail);
		if (xoev_loss_change(l) && strcmp(xoev_loss_change(l), change) == 0 &&
		    strcmp(xoev_loss_step(l), step) == 0 && strcmp(xoev_loss_value(l), value) == 0 &&
		    a >= b && strcmp(xp + a - b, tail) == 0)
			return l;
	}
	return NULL;
}

/* Every sample (15) translates up to 3.1.0 through every step, valid there, nothing lost undeclared. */
START_TEST(test_all_samples_up_to_310)
{
	const char *corpus;
	xoev_registry *reg = xdomea_registry("test_all_samples_up_to_310", &corpus);
	size_t v, i, done = 0;

	if (!reg)
		return;
	for (v = 0; v < 3; v++) {
		glob_t g = samples(corpus, versions[v]);
		for (i = 0; i < g.gl_pathc; i++) {
			size_t len, out_len = 0;
			char *buf = xoev_test_read_file(g.gl_pathv[i], &len), *out = NULL;
			xoev_diag_list *d = NULL;
			xoev_translation *t;

			ck_assert_int_eq(xoev_diag_list_new(&d), 0);
			t = translate(reg, "3.1.0", buf, len, &out, &out_len, d);
			ck_assert_msg(xoev_translation_outcome(t) <= XOEV_TRANSLATE_LOSSY, "%s: %s (%s)",
			              g.gl_pathv[i], xoev_translate_outcome_name(xoev_translation_outcome(t)),
			              xoev_translation_reason(t) ? xoev_translation_reason(t) : "");
			ck_assert_uint_eq(xoev_translation_step_count(t), 3 - v);
			ck_assert_str_eq(xoev_translation_step(t, xoev_translation_step_count(t) - 1),
			                 "3.0.0->3.1.0");
			ck_assert_uint_eq(count_kind(t, XOEV_LOSS_UNDECLARED), 0);
			ck_assert(!xoev_test_has_rule(d, "translate.undeclared-loss"));
			assert_valid(reg, out, out_len, "3.1.0", g.gl_pathv[i]);
			/* the 2.x samples all carry Kanal codes with a name: c13 reports it */
			if (v < 2)
				ck_assert_ptr_nonnull(find_loss(t, "2.4.0->3.0.0", "c13",
				                                "/xdomea:Kopf[1]/xdomea:Absender[1]/xdomea:Kommunikation[1]/xdomea:Kanal[1]/name[1]",
				                                "AbsXdomeaKommunikationKanalName"));
			/* Kanal 002 (Telefon Festnetz) became Erreichbarkeit 02 */
			if (v < 2)
				ck_assert_ptr_nonnull(strstr(out, "<code>02</code>"));
			done++;
			xoev_free(out);
			xoev_translation_free(t);
			xoev_diag_list_free(d);
			free(buf);
		}
		globfree(&g);
	}
	ck_assert_uint_eq(done, 15);
	xoev_registry_free(reg);
}
END_TEST

/* The 7 3.0.0 samples go down to 2.4.0 and 2.3.0, valid there; the 0503 samples lose their Empfangsbestaetigung=1. */
START_TEST(test_300_samples_down)
{
	const char *corpus;
	xoev_registry *reg = xdomea_registry("test_300_samples_down", &corpus);
	glob_t g;
	size_t i, k, done = 0;

	if (!reg)
		return;
	g = samples(corpus, "3.0.0");
	ck_assert_uint_eq(g.gl_pathc, 7);
	for (i = 0; i < g.gl_pathc; i++) {
		static const char *const targets[] = { "2.4.0", "2.3.0" };
		size_t len;
		char *buf = xoev_test_read_file(g.gl_pathv[i], &len);
		int is_0503 = strstr(g.gl_pathv[i], ".0503.xml") != NULL;

		for (k = 0; k < 2; k++) {
			size_t out_len = 0;
			char *out = NULL;
			xoev_translation *t = translate(reg, targets[k], buf, len, &out, &out_len, NULL);
			const xoev_loss *l;

			ck_assert_msg(xoev_translation_outcome(t) <= XOEV_TRANSLATE_LOSSY, "%s -> %s: %s (%s)",
			              g.gl_pathv[i], targets[k],
			              xoev_translate_outcome_name(xoev_translation_outcome(t)),
			              xoev_translation_reason(t) ? xoev_translation_reason(t) : "");
			ck_assert_uint_eq(xoev_translation_step_count(t), k + 1);
			ck_assert_uint_eq(count_kind(t, XOEV_LOSS_UNDECLARED), 0);
			assert_valid(reg, out, out_len, targets[k], g.gl_pathv[i]);
			/* both 0503 samples ask for a receipt (Empfangsbestaetigung 1), 2.4.0 cannot */
			l = find_loss(t, "3.0.0->2.4.0", "c10",
			              "/xdomea:Aussonderung.Aussonderung.0503/xdomea:Kopf[1]/xdomea:Empfangsbestaetigung[1]", "1");
			if (is_0503) {
				ck_assert_ptr_nonnull(l);
				ck_assert_int_eq(xoev_loss_get_kind(l), XOEV_LOSS_DROPPED);
				ck_assert_ptr_nonnull(strstr(xoev_loss_reason(l), "Empfangsbest"));
				ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_LOSSY);
				ck_assert_uint_eq(xoev_translation_loss_count(t), 1);
			} else {
				/* renames, the Aussonderungsart wrapper, Teilakte and Kanal arrive whole */
				ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_LOSSLESS);
			}
			/* renamed back: Behoerdenschluessel is Kennung again */
			ck_assert_ptr_null(strstr(out, "Behoerdenschluessel"));
			done++;
			xoev_free(out);
			xoev_translation_free(t);
		}
		free(buf);
	}
	globfree(&g);
	ck_assert_uint_eq(done, 14);
	xoev_registry_free(reg);
}
END_TEST

/* Canonical form ignoring prefixes, namespace declarations, xsi hints and indentation. */
static void canon(const xmlNode *n, xoev_buf *b)
{
	const xmlNode *k;
	const xmlAttr *a;

	xoev_buf__printf(b, "<%s", (const char *)n->name);
	for (a = n->properties; a; a = a->next) {
		xmlChar *v;
		if (a->ns && strcmp((const char *)a->ns->href, "http://www.w3.org/2001/XMLSchema-instance") == 0)
			continue;
		v = xmlNodeGetContent((const xmlNode *)a);
		xoev_buf__printf(b, " %s=\"%s\"", (const char *)a->name, v ? (const char *)v : "");
		xmlFree(v);
	}
	xoev_buf__puts(b, ">");
	for (k = n->children; k; k = k->next) {
		if (k->type == XML_ELEMENT_NODE) {
			canon(k, b);
		} else if (k->type == XML_TEXT_NODE) {
			xmlChar *v = xmlNodeGetContent(k);
			const char *s = (const char *)v;
			size_t m;
			while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
				s++;
			m = strlen(s);
			while (m && (s[m - 1] == ' ' || s[m - 1] == '\n' || s[m - 1] == '\t' || s[m - 1] == '\r'))
				m--;
			xoev_buf__printf(b, "%.*s", (int)m, s);
			xmlFree(v);
		}
	}
	xoev_buf__puts(b, "</>\n");
}

static char *canonical(const char *buf, size_t len)
{
	xmlDocPtr doc = xmlReadMemory(buf, (int)len, "c.xml", NULL, XML_PARSE_NONET);
	xoev_buf b = { 0 };

	ck_assert_ptr_nonnull(doc);
	canon(xmlDocGetRootElement(doc), &b);
	xmlFreeDoc(doc);
	return xoev_buf__take(&b, NULL);
}

/* Remove one line of the canonical form c (where a reported loss was). */
static void drop_line(char *c, const char *line)
{
	char *at = strstr(c, line);

	ck_assert_msg(at != NULL, "no %s", line);
	memmove(at, at + strlen(line), strlen(at + strlen(line)) + 1);
}

/* 2.4.0 samples up to 3.0.0 and back: equal to the original except at the reported losses. */
START_TEST(test_240_round_trip)
{
	const char *corpus;
	xoev_registry *reg = xdomea_registry("test_240_round_trip", &corpus);
	glob_t g;
	size_t i, j, done = 0;

	if (!reg)
		return;
	g = samples(corpus, "2.4.0");
	ck_assert_uint_eq(g.gl_pathc, 4);
	for (i = 0; i < g.gl_pathc; i++) {
		size_t len, up_len = 0, down_len = 0;
		char *buf = xoev_test_read_file(g.gl_pathv[i], &len), *up = NULL, *down = NULL;
		char *c1, *c2;
		xoev_translation *t1, *t2;

		t1 = translate(reg, "3.0.0", buf, len, &up, &up_len, NULL);
		ck_assert_int_le(xoev_translation_outcome(t1), XOEV_TRANSLATE_LOSSY);
		t2 = translate(reg, "2.4.0", up, up_len, &down, &down_len, NULL);
		ck_assert_int_le(xoev_translation_outcome(t2), XOEV_TRANSLATE_LOSSY);
		/* the default filled in going up goes away again unreported */
		ck_assert_uint_eq(xoev_translation_loss_count(t2), 0);
		c1 = canonical(buf, len);
		c2 = canonical(down, down_len);
		/* up: the reported losses (c13: Kanal and Format names); the rest must be equal */
		for (j = 0; j < xoev_translation_loss_count(t1); j++) {
			const xoev_loss *l = xoev_translation_loss(t1, j);
			char line[1024];
			if (xoev_loss_get_kind(l) == XOEV_LOSS_DEFAULT)
				continue;
			ck_assert_str_eq(xoev_loss_change(l), "c13");
			snprintf(line, sizeof line, "<name>%s</>\n", xoev_loss_value(l));
			drop_line(c1, line);
		}
		ck_assert_msg(strcmp(c1, c2) == 0, "%s: the round trip differs beyond the losses",
		              g.gl_pathv[i]);
		done++;
		free(c1);
		free(c2);
		xoev_free(up);
		xoev_free(down);
		xoev_translation_free(t1);
		xoev_translation_free(t2);
		free(buf);
	}
	globfree(&g);
	ck_assert_uint_eq(done, 4);
	xoev_registry_free(reg);
}
END_TEST

/* Replace the first occurrence of find in buf. */
static char *replaced(const char *buf, const char *find, const char *repl)
{
	const char *at = strstr(buf, find);
	char *r;

	ck_assert_msg(at != NULL, "no %s", find);
	r = malloc(strlen(buf) + strlen(repl) + 1);
	ck_assert_ptr_nonnull(r);
	memcpy(r, buf, (size_t)(at - buf));
	strcpy(r + (at - buf), repl);
	strcat(r, at + strlen(find));
	return r;
}

/*
 * Messages without a 2.x counterpart are rejected with the change list's
 * reason; the 3.0.0 -> 2.4.0 changes report what they lose (Kanal code
 * collapse, IstInstitution folded or dropped); a listVersionID changed on a
 * round trip is list information, not a loss.
 */
START_TEST(test_reject_and_changes)
{
	const char *corpus;
	xoev_registry *reg = xdomea_registry("test_reject_and_changes", &corpus);
	char path[4200], *buf, *m, *out = NULL, *out2 = NULL;
	size_t len, out_len = 0, out2_len = 0;
	xoev_translation *t;
	xoev_diag_list *d = NULL;
	const xoev_loss *l;

	if (!reg)
		return;
	snprintf(path, sizeof path,
	         "%s/xdomea/3.0.0/samples/xman_9a75050f-323a-4e84-94c9-a889aa2b4fe8_Aussonderung.BewertungEmpfangBestaetigen.0505.xml",
	         corpus);
	buf = xoev_test_read_file(path, &len);
	ck_assert_ptr_nonnull(buf);

	/* 0507 (new in 3.0.0): the same header-only content under the 0507 root */
	{
		char *a = replaced(buf, "Aussonderung.BewertungEmpfangBestaetigen.0505", "Aussonderung.AussonderungEmpfangBestaetigen.0507");
		char *b = replaced(a, "Aussonderung.BewertungEmpfangBestaetigen.0505", "Aussonderung.AussonderungEmpfangBestaetigen.0507");
		m = replaced(b, "<code>0505</code>", "<code>0507</code>");
		free(a);
		free(b);
	}
	assert_valid(reg, m, strlen(m), "3.0.0", "0507");
	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	t = translate(reg, "2.3.0", m, strlen(m), &out, &out_len, d);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_REJECTED);
	ck_assert_ptr_null(out);
	ck_assert_ptr_nonnull(strstr(xoev_translation_reason(t), "0507"));
	ck_assert_ptr_nonnull(strstr(xoev_translation_reason(t), "(c01)"));
	ck_assert_ptr_nonnull(strstr(xoev_translation_reason(t), "keine Entsprechung"));
	ck_assert(xoev_test_has_rule(d, "translate.rejected"));
	xoev_translation_free(t);
	xoev_diag_list_free(d);
	/* ... and up to 3.1.0 it is fine */
	t = translate(reg, "3.1.0", m, strlen(m), &out, &out_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_LOSSLESS);
	xoev_free(out);
	out = NULL;
	xoev_translation_free(t);
	free(m);

	/* Kanal: 08 (De-Mail) collapses to 012; 01 + IstInstitution folds into 008, lossless */
	m = replaced(buf, "<code>002</code>", "<code>08</code>");
	t = translate(reg, "2.4.0", m, strlen(m), &out, &out_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_LOSSY);
	l = find_loss(t, "3.0.0->2.4.0", "c11", "/xdomea:Kanal[1]/code[1]", "08");
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(xoev_loss_get_kind(l), XOEV_LOSS_COLLAPSED);
	ck_assert_uint_eq(count_kind(t, XOEV_LOSS_UNDECLARED), 0);
	ck_assert_ptr_nonnull(strstr(out, "<code>012</code>"));
	xoev_free(out);
	out = NULL;
	xoev_translation_free(t);
	free(m);
	m = replaced(buf, "<code>002</code>\n        </xdomea:Kanal>\n        <xdomea:Kennung>AbsXdomeaKommunikationKennung+49123456789</xdomea:Kennung>\n        <xdomea:Zusatz>AbsXdomeaKommunikationZusatz</xdomea:Zusatz>",
	             "<code>01</code>\n        </xdomea:Kanal>\n        <xdomea:Kennung>AbsXdomeaKommunikationKennung+49123456789</xdomea:Kennung>\n        <xdomea:Zusatz>AbsXdomeaKommunikationZusatz</xdomea:Zusatz>\n        <xdomea:IstInstitution>true</xdomea:IstInstitution>");
	assert_valid(reg, m, strlen(m), "3.0.0", "IstInstitution");
	t = translate(reg, "2.4.0", m, strlen(m), &out, &out_len, NULL);
	ck_assert_msg(xoev_translation_outcome(t) == XOEV_TRANSLATE_LOSSLESS, "%s",
	              xoev_translate_outcome_name(xoev_translation_outcome(t)));
	ck_assert_ptr_nonnull(strstr(out, "<code>008</code>"));
	/* back up: 008 becomes 01 plus IstInstitution again */
	{
		xoev_translation *t2 = translate(reg, "3.0.0", out, out_len, &out2, &out2_len, NULL);
		ck_assert_int_eq(xoev_translation_outcome(t2), XOEV_TRANSLATE_LOSSLESS);
		ck_assert_ptr_nonnull(strstr(out2, "<code>01</code>"));
		ck_assert_ptr_nonnull(strstr(out2, "IstInstitution>true<"));
		xoev_free(out2);
		out2 = NULL;
		xoev_translation_free(t2);
	}
	xoev_free(out);
	out = NULL;
	xoev_translation_free(t);
	free(m);
	/* 03 (mobil) with IstInstitution: the flag has no 2.4.0 code, reported (c12) */
	m = replaced(buf, "<code>002</code>\n        </xdomea:Kanal>\n        <xdomea:Kennung>AbsXdomeaKommunikationKennung+49123456789</xdomea:Kennung>\n        <xdomea:Zusatz>AbsXdomeaKommunikationZusatz</xdomea:Zusatz>",
	             "<code>03</code>\n        </xdomea:Kanal>\n        <xdomea:Kennung>AbsXdomeaKommunikationKennung+49123456789</xdomea:Kennung>\n        <xdomea:Zusatz>AbsXdomeaKommunikationZusatz</xdomea:Zusatz>\n        <xdomea:IstInstitution>true</xdomea:IstInstitution>");
	t = translate(reg, "2.4.0", m, strlen(m), &out, &out_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_LOSSY);
	l = find_loss(t, "3.0.0->2.4.0", "c12", "/xdomea:IstInstitution[1]", "true");
	ck_assert_ptr_nonnull(l);
	ck_assert_uint_eq(xoev_translation_loss_count(t), 1);
	xoev_free(out);
	out = NULL;
	xoev_translation_free(t);
	free(m);

	/*
	 * listVersionID: Kanal names Erreichbarkeit version 2 (the XSD allows any
	 * version). Down to 2.4.0 the attribute goes (2.4.0 fixes the list) with
	 * no loss entry; back up it says 3. The code itself is accounted for.
	 */
	m = replaced(buf, "listVersionID=\"3\"", "listVersionID=\"2\"");
	t = translate(reg, "2.4.0", m, strlen(m), &out, &out_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_LOSSLESS);
	ck_assert_uint_eq(xoev_translation_loss_count(t), 0);
	{
		xoev_translation *t2 = translate(reg, "3.0.0", out, out_len, &out2, &out2_len, NULL);
		ck_assert_int_eq(xoev_translation_outcome(t2), XOEV_TRANSLATE_LOSSLESS);
		ck_assert_ptr_null(strstr(out2, "listVersionID=\"2\""));
		ck_assert_ptr_nonnull(strstr(out2, "listVersionID=\"3\""));
		xoev_free(out2);
		xoev_translation_free(t2);
	}
	xoev_free(out);
	xoev_translation_free(t);
	free(m);
	free(buf);
	xoev_registry_free(reg);
}
END_TEST

/* The safety net is live on the real steps: a step that drops a value no change declares is caught. */
START_TEST(test_safety_net_on_real_step)
{
	const char *corpus;
	xoev_registry *reg;
	char cmd[8192], path[4200], *buf, *out = NULL;
	size_t len, out_len = 0;
	xoev_translation *t;
	const xoev_loss *l;

	reg = xdomea_registry("test_safety_net_on_real_step", &corpus);
	if (!reg)
		return;
	xoev_registry_free(reg);
	/* break the shipped 3.0.0 -> 2.4.0 step: it now drops the Zusatz of every Kommunikation */
	snprintf(cmd, sizeof cmd,
	         "sed -i 's#<xsl:template match=\"n:Kommunikation/n:IstInstitution\"/>#<xsl:template match=\"n:Kommunikation/n:IstInstitution|n:Kommunikation/n:Zusatz\"/>#' '%s/home/xdomea/3.0.0/steps/to-2.4.0.xsl' && grep -q 'n:Kommunikation/n:Zusatz' '%s/home/xdomea/3.0.0/steps/to-2.4.0.xsl'",
	         xoev_test_dir, xoev_test_dir);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
	reg = open_registry();
	snprintf(path, sizeof path, "%s/xdomea/3.0.0/samples/toolkit_xx_Aussonderung.Aussonderung.0503.xml", corpus);
	buf = xoev_test_read_file(path, &len);
	ck_assert_ptr_nonnull(buf);
	t = translate(reg, "2.4.0", buf, len, &out, &out_len, NULL);
	ck_assert_uint_eq(count_kind(t, XOEV_LOSS_UNDECLARED), 2);
	l = xoev_translation_loss(t, 0);
	ck_assert_int_eq(xoev_loss_get_kind(l), XOEV_LOSS_UNDECLARED);
	ck_assert_str_eq(xoev_loss_value(l), "AbsXdomeaKommunikationZusatz");
	ck_assert_ptr_null(xoev_loss_change(l));
	xoev_free(out);
	xoev_translation_free(t);
	free(buf);
	xoev_registry_free(reg);
}
END_TEST

/* The shipped change lists follow the change-list schema (check_changes.c has no xdomea bundles to compare with). */
START_TEST(test_change_lists_valid)
{
	static const char *const files[] = { "2.3.0_2.4.0", "2.4.0_3.0.0", "3.0.0_3.1.0" };
	char cmd[4096];
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(cmd, sizeof cmd, "xmllint --noout --nonet --schema '%s/schemas/xoev-changes.xsd' '%s/schemas/xdomea/changes/%s.xml'",
		         XOEV_SRCDIR, XOEV_SRCDIR, files[i]);
		ck_assert_msg(xoev_test_run(cmd, NULL) == 0, "%s", cmd);
	}
}
END_TEST

/* ------------------------------------------------------------------ */
/* generated messages: minimal and full skeletons of every message type */
/* ------------------------------------------------------------------ */

/* The data points of a document in document order, "path\tvalue\n" each (positions, no prefixes, no xsi). */
static void points(const xmlNode *n, const char *parent, xoev_buf *b)
{
	const xmlNode *k;
	const xmlAttr *a;
	char path[4096];
	int has_child = 0;

	if (!parent) {
		snprintf(path, sizeof path, "/%s", (const char *)n->name);
	} else {
		int pos = 1;
		for (k = n->prev; k; k = k->prev)
			pos += k->type == XML_ELEMENT_NODE && strcmp((const char *)k->name, (const char *)n->name) == 0;
		snprintf(path, sizeof path, "%s/%s[%d]", parent, (const char *)n->name, pos);
	}
	for (a = n->properties; a; a = a->next) {
		xmlChar *v;
		if (a->ns && strcmp((const char *)a->ns->href, "http://www.w3.org/2001/XMLSchema-instance") == 0)
			continue;
		v = xmlNodeGetContent((const xmlNode *)a);
		xoev_buf__printf(b, "%s/@%s\t%s\n", path, (const char *)a->name, v ? (const char *)v : "");
		xmlFree(v);
	}
	for (k = n->children; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE) {
			has_child = 1;
			points(k, path, b);
		}
	if (!has_child) {
		xmlChar *v = xmlNodeGetContent(n);
		const char *t = v ? (const char *)v : "";
		size_t m;
		while (*t == ' ' || *t == '\n' || *t == '\t' || *t == '\r')
			t++;
		m = strlen(t);
		while (m && (t[m - 1] == ' ' || t[m - 1] == '\n' || t[m - 1] == '\t' || t[m - 1] == '\r'))
			m--;
		xoev_buf__printf(b, "%s\t%.*s\n", path, (int)m, t);
		xmlFree(v);
	}
}

/* A loss xpath without prefixes ("/x:a/x:b[1]" -> "/a/b[1]"). */
static void unprefixed(const char *xp, char *out, size_t size)
{
	size_t o = 0;

	while (*xp && o + 1 < size) {
		const char *seg = xp + 1, *end = strchr(seg, '/'), *colon;
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		colon = memchr(seg, ':', n);
		if (colon) {
			n -= (size_t)(colon + 1 - seg);
			seg = colon + 1;
		}
		o += (size_t)snprintf(out + o, size - o, "/%.*s", (int)n, seg);
		if (o >= size)
			o = size - 1;
		xp = end ? end : seg + n;
	}
	out[o] = '\0';
}

/* Remove the lines of points p whose path is a reported loss or default of t (or lies below one). */
static void drop_reported(char *p, const xoev_translation *t)
{
	size_t i;

	for (i = 0; i < xoev_translation_loss_count(t); i++) {
		char path[4096], *line = p;
		size_t n;
		unprefixed(xoev_loss_xpath(xoev_translation_loss(t, i)), path, sizeof path);
		n = strlen(path);
		/* a lost code takes its list attributes (not reported on their own) with it */
		if (n > 8 && strcmp(path + n - 8, "/code[1]") == 0)
			path[n -= 8] = '\0';
		while (*line) {
			char *end = strchr(line, '\n');
			size_t len = end ? (size_t)(end - line) + 1 : strlen(line);
			if (strncmp(line, path, n) == 0 && (line[n] == '\t' || line[n] == '/'))
				memmove(line, line + len, strlen(line + len) + 1);
			else
				line += len;
		}
	}
}

/*
 * Canonical form: 2.4.0 fixes listURI and listVersionID of Kanal and of the
 * Dateiformat codes (Format/Name, Aktenplandatei/Name); present or absent,
 * they say the same, and the step down leaves them out.
 */
static void drop_fixed_list_attrs(char *p)
{
	char *line = p;

	while (*line) {
		char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) + 1 : strlen(line);
		char *at = strstr(line, "/@list");
		int fixed = at && at < line + len &&
		            (strncmp(at, "/@listURI\t", 10) == 0 || strncmp(at, "/@listVersionID\t", 16) == 0) &&
		            ((at - line > 9 && memcmp(at - 9, "/Kanal[", 7) == 0) ||
		             (at - line > 8 && memcmp(at - 8, "/Name[", 6) == 0 &&
		              (strstr(line, "/Format[") || strstr(line, "/Aktenplandatei["))));
		if (fixed)
			memmove(line, line + len, strlen(line + len) + 1);
		else
			line += len;
	}
}

static char *points_of(const char *buf, size_t len)
{
	xmlDocPtr doc = xmlReadMemory(buf, (int)len, "p.xml", NULL, XML_PARSE_NONET);
	xoev_buf b = { 0 };
	char *p;

	ck_assert_ptr_nonnull(doc);
	points(xmlDocGetRootElement(doc), NULL, &b);
	xmlFreeDoc(doc);
	p = xoev_buf__take(&b, NULL);
	drop_fixed_list_attrs(p);
	return p;
}

/* Counts per (source version, skeleton kind, target version). */
typedef struct {
	size_t n, translated, rejected;
} sk_count;

/*
 * One skeleton, translated to every other version. 2.x: up to 3.0.0 and
 * 3.1.0 always translates and is valid there; 3.x: down to 2.4.0 and 2.3.0
 * translates and is valid, or is rejected with a change list's reason;
 * never failed, never an undeclared loss. 2.4.0: up to 3.0.0 and back gives
 * the original's data points, in order, except where a loss or a default
 * was reported.
 */
static void check_skeleton(const xoev_registry *reg, size_t v, const char *num, int full,
                           const char *x, size_t len, sk_count counts[4][2][4])
{
	size_t tv;
	char what[128];

	snprintf(what, sizeof what, "xdomea %s %s %s skeleton", versions[v], num, full ? "full" : "minimal");
	assert_valid(reg, x, len, versions[v], what);
	for (tv = 0; tv < 4; tv++) {
		xoev_diag_list *d = NULL;
		xoev_translation *t;
		char *out = NULL;
		size_t out_len = 0;
		xoev_translate_outcome o;

		if (tv == v)
			continue;
		ck_assert_int_eq(xoev_diag_list_new(&d), 0);
		t = translate(reg, versions[tv], x, len, &out, &out_len, d);
		o = xoev_translation_outcome(t);
		counts[v][full][tv].n++;
		ck_assert_msg(o != XOEV_TRANSLATE_FAILED, "%s -> %s failed: %s", what, versions[tv],
		              xoev_translation_reason(t) ? xoev_translation_reason(t) : "");
		ck_assert_msg(count_kind(t, XOEV_LOSS_UNDECLARED) == 0 &&
		              !xoev_test_has_rule(d, "translate.undeclared-loss"),
		              "%s -> %s: undeclared loss", what, versions[tv]);
		if (o == XOEV_TRANSLATE_REJECTED) {
			const char *r = xoev_translation_reason(t);
			/* only on the way down (or 3.0.0 -> 3.1.0), and always with a change list's reason */
			ck_assert_msg(v >= 2, "%s -> %s rejected: %s", what, versions[tv], r);
			ck_assert_msg(r && strstr(r, " (c") && strstr(r, "): "), "%s -> %s: no change list reason: %s",
			              what, versions[tv], r ? r : "");
			counts[v][full][tv].rejected++;
		} else {
			assert_valid(reg, out, out_len, versions[tv], what);
			counts[v][full][tv].translated++;
		}
		/* 2.4.0 -> 3.0.0 -> 2.4.0 */
		if (v == 1 && tv == 2) {
			xoev_translation *t2;
			char *back = NULL, *p1, *p2;
			size_t back_len = 0;

			t2 = translate(reg, "2.4.0", out, out_len, &back, &back_len, NULL);
			ck_assert_msg(xoev_translation_outcome(t2) <= XOEV_TRANSLATE_LOSSY, "%s: back to 2.4.0: %s (%s)",
			              what, xoev_translate_outcome_name(xoev_translation_outcome(t2)),
			              xoev_translation_reason(t2) ? xoev_translation_reason(t2) : "");
			ck_assert_uint_eq(count_kind(t2, XOEV_LOSS_UNDECLARED), 0);
			p1 = points_of(x, len);
			p2 = points_of(back, back_len);
			drop_reported(p1, t);
			drop_reported(p2, t);
			drop_reported(p1, t2);
			drop_reported(p2, t2);
			ck_assert_msg(strcmp(p1, p2) == 0, "%s: the round trip 2.4.0 -> 3.0.0 -> 2.4.0 differs beyond the reported losses", what);
			free(p1);
			free(p2);
			xoev_free(back);
			xoev_translation_free(t2);
		}
		xoev_free(out);
		xoev_translation_free(t);
		xoev_diag_list_free(d);
	}
}

START_TEST(test_skeletons_every_message_type)
{
	const char *corpus;
	xoev_registry *reg = xdomea_registry("test_skeletons_every_message_type", &corpus);
	sk_count counts[4][2][4];
	/* under a memory tool every 7th message type (memory errors, not coverage) */
	size_t stride = xoev_test_memory_tool() ? 7 : 1;
	size_t v, i, tv, types = 0, sampled = 0;
	int full;

	if (!reg)
		return;
	memset(counts, 0, sizeof counts);
	for (v = 0; v < 4; v++) {
		const xoev_bundle *b = NULL;
		ck_assert_int_eq(xoev_registry_find(reg, "xdomea", versions[v], &b), 0);
		for (i = 0; i < xoev_bundle_message_count(b); i++) {
			const char *num = xoev_message_type_number(xoev_bundle_message(b, i));
			if (types++ % stride)
				continue;
			sampled++;
			for (full = 0; full < 2; full++) {
				char *x = NULL;
				size_t len = 0;
				ck_assert_msg(xoev_skeleton(b, num, full ? XOEV_SKELETON_FULL : 0, &x, &len, NULL) == 0,
				              "skeleton %s %s", versions[v], num);
				check_skeleton(reg, v, num, full, x, len, counts);
				xoev_free(x);
			}
		}
	}
	/* 47 + 47 + 64 + 64 message types */
	ck_assert_uint_eq(types, 222);
	ck_assert_uint_eq(sampled, (222 + stride - 1) / stride);
	if (stride > 1)
		fprintf(stderr, "xdomea skeletons: under a memory tool, %zu of 222 message types (every %zuth)\n",
		        sampled, stride);
	for (v = 0; v < 4; v++)
		for (full = 0; full < 2; full++)
			for (tv = 0; tv < 4; tv++)
				if (counts[v][full][tv].n)
					fprintf(stderr, "xdomea skeletons %s %-7s -> %s: %zu, translated %zu, rejected %zu\n",
					        versions[v], full ? "full" : "minimal", versions[tv], counts[v][full][tv].n,
					        counts[v][full][tv].translated, counts[v][full][tv].rejected);
	if (stride == 1) {
		/* the 17 message types new in 3.0.0 are refused on the way down, both kinds */
		ck_assert_uint_ge(counts[2][0][1].rejected, 17);
		/* the minimal 3.0.0 messages of the 47 types 2.4.0 has arrive there, except
		 * 0201, 0203 (Verfuegung) and 0607 (Protokolleintrag) without a time of day (c29) */
		ck_assert_uint_eq(counts[2][0][1].translated, 44);
		ck_assert_uint_eq(counts[2][0][1].rejected, 20);
	}
	xoev_registry_free(reg);
}
END_TEST

/* The header values a built 2.4.0 message needs (Absender, Empfaenger, SendendesSystem). */
#define KOPF_240                                                                          \
	"Kopf/Absender/Behoerdenkennung/Kennung", "X", "Kopf/Empfaenger/Behoerdenkennung/Kennung", \
	"X", "Kopf/SendendesSystem/Produktname", "P"

/* Build a 2.4.0 or 3.0.0 message with the builder: values set by path. */
static char *build(const xoev_registry *reg, const char *version, const char *number,
                   const char *const *pv, size_t *len)
{
	const xoev_bundle *b = NULL;
	xoev_message *m = NULL;
	char *out = NULL;
	size_t i;

	ck_assert_int_eq(xoev_registry_find(reg, "xdomea", version, &b), 0);
	ck_assert_int_eq(xoev_message_new(&m, b, number, NULL), 0);
	for (i = 0; pv[i]; i += 2)
		ck_assert_msg(xoev_message_set(m, pv[i], pv[i + 1]) == 0, "%s: %s", pv[i], xoev_message_error(m));
	ck_assert_msg(xoev_message_serialize(m, &out, len) == 0, "%s", xoev_message_error(m));
	xoev_message_free(m);
	return out;
}

/* The untested operations, on hand-built messages: IDSGO derived or the nil UUID (0402, 0506). */
START_TEST(test_idsgo)
{
	static const char *const m0506[] = {
		KOPF_240,
		"ErfolgOderMisserfolg/Erfolgreich", "true",
		"ErfolgOderMisserfolg/Rueckgabeparameter/ID", "0a1b2c3d-0000-4000-8000-000000000001",
		"ErfolgOderMisserfolg/Rueckgabeparameter/Archivkennung", "ARCH-1",
		"ErfolgOderMisserfolg/Rueckgabeparameter[2]/ID", "0a1b2c3d-0000-4000-8000-000000000002",
		"ErfolgOderMisserfolg/Rueckgabeparameter[2]/Archivkennung", "ARCH-2", NULL };
	static const char *const m0402[] = {
		KOPF_240,
		"ErfolgOderMisserfolg/Erfolgreich", "false", "ErfolgOderMisserfolg/Fehlermeldung", "kaputt", NULL };
	const char *corpus;
	xoev_registry *reg = xdomea_registry("test_idsgo", &corpus);
	char *in, *out = NULL, *back = NULL;
	size_t len, out_len = 0, back_len = 0;
	xoev_translation *t, *t2;
	const xoev_loss *l;

	if (!reg)
		return;
	/* 0506: IDSGO and Archivkennung from the first Rueckgabeparameter; the second is reported (c07) */
	in = build(reg, "2.4.0", "0506", m0506, &len);
	t = translate(reg, "3.0.0", in, len, &out, &out_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_LOSSY);
	ck_assert_ptr_nonnull(strstr(out, "IDSGO>0a1b2c3d-0000-4000-8000-000000000001<"));
	ck_assert_ptr_nonnull(strstr(out, "Archivkennung>ARCH-1<"));
	ck_assert_ptr_nonnull(find_loss(t, "2.4.0->3.0.0", "c07", "/xdomea:ID[1]", "0a1b2c3d-0000-4000-8000-000000000002"));
	ck_assert_ptr_nonnull(find_loss(t, "2.4.0->3.0.0", "c07", "/xdomea:Archivkennung[1]", "ARCH-2"));
	ck_assert_uint_eq(xoev_translation_loss_count(t), 2);
	/* down: IDSGO and Archivkennung become the Rueckgabeparameter again, nothing lost */
	t2 = translate(reg, "2.4.0", out, out_len, &back, &back_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t2), XOEV_TRANSLATE_LOSSLESS);
	ck_assert_ptr_nonnull(strstr(back, "ID>0a1b2c3d-0000-4000-8000-000000000001<"));
	assert_valid(reg, back, back_len, "2.4.0", "0506 back");
	xoev_free(back);
	xoev_translation_free(t2);
	xoev_free(out);
	xoev_translation_free(t);
	free(in);

	/* 0402: no ID to derive from: the nil UUID, reported as a default; down it goes again unreported */
	in = build(reg, "2.4.0", "0402", m0402, &len);
	t = translate(reg, "3.0.0", in, len, &out, &out_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_LOSSLESS_WITH_DEFAULTS);
	l = find_loss(t, "2.4.0->3.0.0", "c06", "/xdomea:AbgegebenesObjekt[1]/xdomea:IDSGO[1]",
	              "00000000-0000-0000-0000-000000000000");
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(xoev_loss_get_kind(l), XOEV_LOSS_DEFAULT);
	t2 = translate(reg, "2.4.0", out, out_len, &back, &back_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t2), XOEV_TRANSLATE_LOSSLESS);
	ck_assert_ptr_null(strstr(back, "IDSGO"));
	ck_assert_ptr_nonnull(strstr(back, "Fehlermeldung>kaputt<"));
	xoev_free(back);
	xoev_translation_free(t2);
	xoev_free(out);
	xoev_translation_free(t);
	free(in);
	xoev_registry_free(reg);
}
END_TEST

/* HistorienProtokoll renames, the Teilakte move, the reorder, Aufbewahrungsende gYear <-> date, Aufbewahrungsdauer. */
START_TEST(test_akte_changes)
{
	static const char *const m0501[] = {
		KOPF_240,
		"Schriftgutobjekt/Akte/Identifikation/ID", "0a1b2c3d-0000-4000-8000-00000000000a",
		"Schriftgutobjekt/Akte/ArchivspezifischeMetadaten/Aufbewahrungsdauer", "30",
		"Schriftgutobjekt/Akte/ArchivspezifischeMetadaten/Aufbewahrungsende", "2031",
		"Schriftgutobjekt/Akte/HistorienProtokollInformation/Metadatum", "Betreff",
		"Schriftgutobjekt/Akte/HistorienProtokollInformation/AlterWert", "alt",
		"Schriftgutobjekt/Akte/HistorienProtokollInformation/NeuerWert", "neu",
		"Schriftgutobjekt/Akte/HistorienProtokollInformation/Akteur", "A",
		"Schriftgutobjekt/Akte/HistorienProtokollInformation/DatumUhrzeit", "2024-01-01T12:00:00",
		"Schriftgutobjekt/Akte/HistorienProtokollInformation/Aktion", "geaendert",
		"Schriftgutobjekt/Akte/Akteninhalt/Vorgang/Identifikation/ID", "0a1b2c3d-0000-4000-8000-00000000000b",
		"Schriftgutobjekt/Akte/Akteninhalt/Vorgang/Teilvorgang/Identifikation/ID", "0a1b2c3d-0000-4000-8000-00000000000d",
		"Schriftgutobjekt/Akte/Akteninhalt/Vorgang/AnwendungsspezifischeErweiterung/Kennung", "ERW",
		"Schriftgutobjekt/Akte/Akteninhalt/Vorgang/AnwendungsspezifischeErweiterung/Name", "E",
		"Schriftgutobjekt/Akte/Teilakte/Identifikation/ID", "0a1b2c3d-0000-4000-8000-00000000000c", NULL };
	const char *corpus;
	xoev_registry *reg = xdomea_registry("test_akte_changes", &corpus);
	char *in, *out = NULL, *back = NULL, *c1, *c2;
	size_t len, out_len = 0, back_len = 0;
	xoev_translation *t, *t2;
	const xoev_loss *l;
	const char *a, *b2;

	if (!reg)
		return;
	in = build(reg, "2.4.0", "0501", m0501, &len);
	assert_valid(reg, in, len, "2.4.0", "0501 built");
	t = translate(reg, "3.0.0", in, len, &out, &out_len, NULL);
	ck_assert_msg(xoev_translation_outcome(t) == XOEV_TRANSLATE_LOSSLESS_WITH_DEFAULTS, "%s",
	              xoev_translate_outcome_name(xoev_translation_outcome(t)));
	/* c03 */
	ck_assert_ptr_nonnull(strstr(out, "MetadatumName>Betreff<"));
	ck_assert_ptr_nonnull(strstr(out, "MetadatumAlterWert>alt<"));
	ck_assert_ptr_nonnull(strstr(out, "MetadatumNeuerWert>neu<"));
	/* c08: Teilakte inside Akteninhalt, after the Vorgang */
	a = strstr(out, "Akteninhalt>");
	b2 = strstr(out, "Teilakte>");
	ck_assert(a && b2 && a < b2 && b2 < strstr(out, "</xdomea:Akteninhalt>"));
	/* c18: the extension after the Teilvorgang */
	ck_assert(strstr(out, "<xdomea:Teilvorgang>") < strstr(out, "<xdomea:AnwendungsspezifischeErweiterung>"));
	/* c24: the years in AnzahlJahre; c15: the year's last day, reported as a default */
	ck_assert_ptr_nonnull(strstr(out, "<xdomea:AnzahlJahre>30</xdomea:AnzahlJahre>"));
	ck_assert_ptr_nonnull(strstr(out, "Aufbewahrungsende>2031-12-31<"));
	l = find_loss(t, "2.4.0->3.0.0", "c15", "/xdomea:Aufbewahrungsende[1]", "2031");
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(xoev_loss_get_kind(l), XOEV_LOSS_DEFAULT);
	ck_assert_uint_eq(xoev_translation_loss_count(t), 1);
	/* and back: the original data in the original order */
	t2 = translate(reg, "2.4.0", out, out_len, &back, &back_len, NULL);
	ck_assert_int_le(xoev_translation_outcome(t2), XOEV_TRANSLATE_LOSSY);
	c1 = points_of(in, len);
	c2 = points_of(back, back_len);
	ck_assert_str_eq(c1, c2);
	free(c1);
	free(c2);
	xoev_free(back);
	xoev_translation_free(t2);
	xoev_free(out);
	xoev_translation_free(t);
	free(in);
	xoev_registry_free(reg);
}
END_TEST

/* 3.0.0 -> 2.4.0: a date keeps its year (collapsed); Unbefristet has no number (dropped); a missing SendendesSystem is filled in (default). */
START_TEST(test_down_derivations)
{
	static const char *const m0501[] = {
		"Kopf/Absender/Behoerdenkennung/Behoerdenschluessel", "X", "Kopf/Empfaenger/Behoerdenkennung/Behoerdenschluessel", "X",
		"Schriftgutobjekt/Akte/Identifikation/ID", "0a1b2c3d-0000-4000-8000-00000000000a",
		"Schriftgutobjekt/Akte/ArchivspezifischeMetadaten/Aufbewahrungsdauer/Unbefristet", "1",
		"Schriftgutobjekt/Akte/ArchivspezifischeMetadaten/Aufbewahrungsende", "2031-06-30", NULL };
	const char *corpus;
	xoev_registry *reg = xdomea_registry("test_down_derivations", &corpus);
	char *in, *out = NULL;
	size_t len, out_len = 0;
	xoev_translation *t;
	const xoev_loss *l;

	if (!reg)
		return;
	in = build(reg, "3.0.0", "0501", m0501, &len);
	t = translate(reg, "2.4.0", in, len, &out, &out_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_LOSSY);
	assert_valid(reg, out, out_len, "2.4.0", "0501 down");
	ck_assert_ptr_nonnull(strstr(out, "Aufbewahrungsende>2031<"));
	l = find_loss(t, "3.0.0->2.4.0", "c15", "/xdomea:Aufbewahrungsende[1]", "2031-06-30");
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(xoev_loss_get_kind(l), XOEV_LOSS_COLLAPSED);
	ck_assert_ptr_nonnull(find_loss(t, "3.0.0->2.4.0", "c24", "/xdomea:Unbefristet[1]", "1"));
	l = find_loss(t, "3.0.0->2.4.0", "c27", "/xdomea:Kopf[1]/xdomea:SendendesSystem[1]", "");
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(xoev_loss_get_kind(l), XOEV_LOSS_DEFAULT);
	ck_assert_uint_eq(count_kind(t, XOEV_LOSS_UNDECLARED), 0);
	xoev_free(out);
	out = NULL;
	xoev_translation_free(t);
	free(in);
	xoev_registry_free(reg);
}
END_TEST

/* 3.1.0 -> 3.0.0: a 0511 Aktenplan unit keeps ID and Aussonderungsart; 3.0.0 -> 3.1.0 refuses units (c02). */
START_TEST(test_0511_units)
{
	const char *corpus;
	xoev_registry *reg = xdomea_registry("test_0511_units", &corpus);
	const xoev_bundle *b = NULL;
	char *in = NULL, *out = NULL, *up = NULL;
	size_t len = 0, out_len = 0, up_len = 0;
	xoev_translation *t, *t2;

	if (!reg)
		return;
	ck_assert_int_eq(xoev_registry_find(reg, "xdomea", "3.1.0", &b), 0);
	ck_assert_int_eq(xoev_skeleton(b, "0511", XOEV_SKELETON_FULL, &in, &len, NULL), 0);
	ck_assert_ptr_nonnull(strstr(in, "<xdomea:Stillgelegt>"));
	t = translate(reg, "3.0.0", in, len, &out, &out_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_LOSSY);
	ck_assert_ptr_null(strstr(out, "Stillgelegt"));
	ck_assert_ptr_null(strstr(out, "Kennzeichen"));
	ck_assert_ptr_nonnull(find_loss(t, "3.1.0->3.0.0", "c01", "/xdomea:Einheit[1]/xdomea:Stillgelegt[1]", "true"));
	ck_assert_uint_eq(count_kind(t, XOEV_LOSS_UNDECLARED), 0);
	t2 = translate(reg, "3.1.0", out, out_len, &up, &up_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t2), XOEV_TRANSLATE_REJECTED);
	ck_assert_ptr_nonnull(strstr(xoev_translation_reason(t2), "(c02): "));
	xoev_translation_free(t2);
	xoev_free(out);
	xoev_translation_free(t);
	xoev_free(in);
	xoev_registry_free(reg);
}
END_TEST

Suite *xoev_suite_xdomea_translate(void)
{
	Suite *s = suite_create("xdomea_translate");
	TCase *tc = tcase_create("xdomea"), *sk;

	/* each test imports four releases; generous for valgrind */
	tcase_set_timeout(tc, 600);
	tcase_add_checked_fixture(tc, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_add_test(tc, test_all_samples_up_to_310);
	tcase_add_test(tc, test_300_samples_down);
	tcase_add_test(tc, test_240_round_trip);
	tcase_add_test(tc, test_reject_and_changes);
	tcase_add_test(tc, test_safety_net_on_real_step);
	tcase_add_test(tc, test_change_lists_valid);
	tcase_add_test(tc, test_idsgo);
	tcase_add_test(tc, test_akte_changes);
	tcase_add_test(tc, test_down_derivations);
	tcase_add_test(tc, test_0511_units);
	suite_add_tcase(s, tc);
	/* 222 message types x 2 skeletons x 3 targets, each validated (sampled under memory tools) */
	sk = tcase_create("skeletons");
	tcase_set_timeout(sk, 900);
	tcase_add_checked_fixture(sk, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_add_test(sk, test_skeletons_every_message_type);
	suite_add_tcase(s, sk);
	return s;
}
