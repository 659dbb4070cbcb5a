/*
 * libxoev tests - translation between versions (xmig 1.0 <-> 1.1 <-> 2.0,
 * xsoz 1.0 <-> 1.1, path choice on a synthetic version graph).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "tests.h"

#define XMIG XOEV_SRCDIR "/schemas/xmig"
#define XSOZ XOEV_SRCDIR "/schemas/xsoz"

static const char *const golden_10[] = {
	"administration.quittung.0001", "administration.rueckweisung.0002", "akte.anfrage.1201",
	"akte.uebermittlung.1202", "asyl.entscheidungsmitteilung.1501",
	"beschaeftigung.zustimmungsanfrage.1401", "beschaeftigung.zustimmungsentscheidung.1402",
	"meldedaten.anmeldung.1301", "register.anfrage.1002", "register.auskunft.1003",
	"register.meldung.1001", NULL
};
static const char *const golden_11[] = {
	"administration.quittung.0001", "administration.rueckweisung.0002", "akte.anforderung.1201",
	"akte.uebermittlung.1202", "asyl.entscheidungsmitteilung.1501",
	"beschaeftigung.zustimmungsanfrage.1401", "beschaeftigung.zustimmungsentscheidung.1402",
	"meldedaten.anmeldung.1301", "register.anfrage.1002", "register.auskunft.1003",
	"register.meldung.1001", "register.uebermittlungssperre.1004", NULL
};

static const char *const xsoz_10[] = {
	"abrechnung.kostenerstattung.2301", "administration.quittung.0001",
	"administration.rueckweisung.0002", "beratung.einwilligung.2201",
	"rechtskreiswechsel.uebergabe.2001", "zuweisung.ankunft.2102", "zuweisung.bescheid.2101", NULL
};
static const char *const xsoz_11[] = {
	"abrechnung.kostenerstattung.2301", "administration.quittung.0001",
	"administration.rueckweisung.0002", "einwilligung.erklaerung.2201",
	"einwilligung.widerruf.2202", "rechtskreiswechsel.uebergabe.2001", "zuweisung.ankunft.2102",
	"zuweisung.bescheid.2101", NULL
};

static char *read_std_example(const char *std_dir, const char *version, const char *name,
                              size_t *len)
{
	char path[512];
	char *buf;

	snprintf(path, sizeof path, "%s/%s/examples/valid/%s.xml", std_dir, version, name);
	buf = xoev_test_read_file(path, len);
	ck_assert_msg(buf != NULL, "cannot read %s", path);
	return buf;
}

static char *read_example(const char *version, const char *name, size_t *len)
{
	return read_std_example(XMIG, version, name, len);
}

/* Translate; asserts the call itself succeeded. */
static xoev_translation *translate(const xoev_registry *reg, const char *to, int strict,
                                   const char *buf, size_t len, char **out, size_t *out_len,
                                   xoev_diag_list *diags)
{
	xoev_translate_options o = XOEV_TRANSLATE_OPTIONS_INIT;
	xoev_translation *t = NULL;
	int rc;

	o.policy = strict ? XOEV_POLICY_STRICT : XOEV_POLICY_LOSSY;
	rc = xoev_translate(reg, to, &o, buf, len, "in.xml", out, out_len, &t, diags);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(t);
	return t;
}

/* Valid with every layer against the bundle that detects it; that bundle's version must be version. */
static void assert_valid(const xoev_registry *reg, const char *buf, size_t len, const char *version,
                         const char *what)
{
	xoev_validator *v = NULL;
	xoev_diag_list *d = NULL;
	xoev_verdict verdict;

	ck_assert_int_eq(xoev_validator_new(&v, reg, NULL), 0);
	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	ck_assert_int_eq(xoev_validate_memory(v, buf, len, what, d, &verdict), 0);
	ck_assert_msg(verdict == XOEV_VERDICT_VALID, "%s: not valid: %s", what,
	              xoev_diag_list_count(d) ? xoev_diag_message(xoev_diag_list_get(d, 0)) : "");
	ck_assert_str_eq(xoev_bundle_version(xoev_validator_last_bundle(v)), version);
	xoev_diag_list_free(d);
	xoev_validator_free(v);
}

/* Canonical form ignoring prefixes, namespace declarations, PIs, comments and indentation. */
static int cmp_attr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void canon(const xmlNode *n, char **acc, size_t *len)
{
	const xmlNode *k;
	const xmlAttr *a;
	char *attrs[64];
	size_t na = 0, i;
	char tmp[4096];

	snprintf(tmp, sizeof tmp, "<{%s}%s", n->ns ? (const char *)n->ns->href : "",
	         (const char *)n->name);
	for (a = n->properties; a && na < 64; a = a->next) {
		xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
		size_t m = strlen((const char *)a->name) + (v ? strlen((const char *)v) : 0) + 8;
		attrs[na] = malloc(m);
		snprintf(attrs[na], m, " %s=\"%s\"", (const char *)a->name, v ? (const char *)v : "");
		xmlFree(v);
		na++;
	}
	qsort(attrs, na, sizeof *attrs, cmp_attr);
	for (i = 0; i < na; i++) {
		strncat(tmp, attrs[i], sizeof tmp - strlen(tmp) - 1);
		free(attrs[i]);
	}
	strncat(tmp, ">", sizeof tmp - strlen(tmp) - 1);
	*acc = realloc(*acc, *len + strlen(tmp) + 1);
	strcpy(*acc + *len, tmp);
	*len += strlen(tmp);
	for (k = n->children; k; k = k->next) {
		if (k->type == XML_ELEMENT_NODE) {
			canon(k, acc, len);
		} else if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			const char *s = (const char *)k->content;
			size_t m;
			while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
				s++;
			m = strlen(s);
			while (m && (s[m - 1] == ' ' || s[m - 1] == '\n' || s[m - 1] == '\t' || s[m - 1] == '\r'))
				m--;
			*acc = realloc(*acc, *len + m + 1);
			memcpy(*acc + *len, s, m);
			*len += m;
			(*acc)[*len] = '\0';
		}
	}
	*acc = realloc(*acc, *len + 4);
	strcpy(*acc + *len, "</>");
	*len += 3;
}

static char *canonical(const char *buf, size_t len)
{
	xmlDocPtr doc = xmlReadMemory(buf, (int)len, "c.xml", NULL, XML_PARSE_NONET);
	char *acc = NULL;
	size_t n = 0;

	ck_assert_ptr_nonnull(doc);
	canon(xmlDocGetRootElement(doc), &acc, &n);
	xmlFreeDoc(doc);
	return acc;
}

static const xoev_loss *find_loss(const xoev_translation *t, const char *change, xoev_loss_kind kind)
{
	size_t i;

	for (i = 0; i < xoev_translation_loss_count(t); i++) {
		const xoev_loss *l = xoev_translation_loss(t, i);
		if (xoev_loss_get_kind(l) == kind &&
		    ((!change && !xoev_loss_change(l)) ||
		     (change && xoev_loss_change(l) && strcmp(xoev_loss_change(l), change) == 0)))
			return l;
	}
	return NULL;
}

/* Every golden valid 1.0 and 1.1 message translates up to 2.0, valid there with every layer. */
START_TEST(test_golden_up_to_20)
{
	xoev_registry *reg = xoev_test_project_registry();
	const char *const *lists[2] = { golden_10, golden_11 };
	const char *versions[2] = { "1.0", "1.1" };
	int k;

	for (k = 0; k < 2; k++) {
		const char *const *g;
		for (g = lists[k]; *g; g++) {
			size_t len, out_len = 0;
			char *buf = read_example(versions[k], *g, &len), *out = NULL;
			xoev_diag_list *d = NULL;
			xoev_translation *t;

			ck_assert_int_eq(xoev_diag_list_new(&d), 0);
			t = translate(reg, "2.0", 0, buf, len, &out, &out_len, d);
			ck_assert_msg(xoev_translation_outcome(t) <= XOEV_TRANSLATE_LOSSY,
			              "%s %s: %s (%s)", versions[k], *g,
			              xoev_translate_outcome_name(xoev_translation_outcome(t)),
			              xoev_translation_reason(t) ? xoev_translation_reason(t) : "");
			ck_assert_msg(!xoev_test_has_rule(d, "translate.undeclared-loss"),
			              "%s %s: undeclared loss", versions[k], *g);
			ck_assert_ptr_nonnull(out);
			ck_assert_uint_eq(xoev_translation_step_count(t), k == 0 ? 2 : 1);
			assert_valid(reg, out, out_len, "2.0", *g);
			xoev_free(out);
			xoev_translation_free(t);
			xoev_diag_list_free(d);
			free(buf);
		}
	}
	xoev_registry_free(reg);
}
END_TEST

/* Up then down gives back the original for every golden message that lost nothing going up. */
START_TEST(test_round_trip)
{
	xoev_registry *reg = xoev_test_project_registry();
	const char *const *lists[2] = { golden_10, golden_11 };
	const char *versions[2] = { "1.0", "1.1" };
	int k, compared = 0;

	for (k = 0; k < 2; k++) {
		const char *const *g;
		for (g = lists[k]; *g; g++) {
			size_t len, up_len = 0, down_len = 0;
			char *buf = read_example(versions[k], *g, &len), *up = NULL, *down = NULL;
			char *c1, *c2;
			xoev_translation *t, *t2;

			t = translate(reg, "2.0", 0, buf, len, &up, &up_len, NULL);
			if (xoev_translation_outcome(t) == XOEV_TRANSLATE_LOSSY) {
				/* 1.0 1001 (bemerkung), 1301 (religion): reported, cannot come back */
				ck_assert_uint_gt(xoev_translation_loss_count(t), 0);
				xoev_free(up);
				xoev_translation_free(t);
				free(buf);
				continue;
			}
			t2 = translate(reg, versions[k], 0, up, up_len, &down, &down_len, NULL);
			ck_assert_msg(xoev_translation_outcome(t2) <= XOEV_TRANSLATE_LOSSLESS_WITH_DEFAULTS,
			              "%s %s down: %s", versions[k], *g,
			              xoev_translate_outcome_name(xoev_translation_outcome(t2)));
			c1 = canonical(buf, len);
			c2 = canonical(down, down_len);
			ck_assert_msg(strcmp(c1, c2) == 0, "%s %s: round trip differs:\n%s\n%s",
			              versions[k], *g, c1, c2);
			compared++;
			free(c1);
			free(c2);
			xoev_free(up);
			xoev_free(down);
			xoev_translation_free(t);
			xoev_translation_free(t2);
			free(buf);
		}
	}
	ck_assert_int_ge(compared, 18);
	xoev_registry_free(reg);
}
END_TEST

/* 2.0 -> 1.1 reports geburtsname as dropped, with XPath, value, step and reason. */
START_TEST(test_down_reports_losses)
{
	xoev_registry *reg = xoev_test_project_registry();
	size_t len, out_len = 0;
	char *buf = read_example("2.0", "register.meldung.1001", &len), *out = NULL, *mod;
	const char *vn = strstr(buf, "<xmig:nachname>");
	const char *end;
	const xoev_loss *l;
	xoev_translation *t;
	size_t pre;

	/* insert <geburtsname> after nachname (PersonType order: nachname, geburtsname, vorname) */
	ck_assert_ptr_nonnull(vn);
	end = strstr(vn, "</xmig:nachname>") + strlen("</xmig:nachname>");
	pre = (size_t)(end - buf);
	mod = malloc(len + 64);
	memcpy(mod, buf, pre);
	strcpy(mod + pre, "<xmig:geburtsname>Meyer</xmig:geburtsname>");
	strcat(mod, end);

	t = translate(reg, "1.1", 0, mod, strlen(mod), &out, &out_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_LOSSY);
	l = find_loss(t, "c03", XOEV_LOSS_DROPPED);
	ck_assert_ptr_nonnull(l);
	ck_assert_str_eq(xoev_loss_value(l), "Meyer");
	ck_assert_str_eq(xoev_loss_step(l), "2.0->1.1");
	ck_assert_ptr_nonnull(strstr(xoev_loss_xpath(l), "geburtsname"));
	ck_assert_ptr_nonnull(strstr(xoev_loss_reason(l), "Geburtsname"));
	ck_assert_ptr_null(find_loss(t, NULL, XOEV_LOSS_UNDECLARED));
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_null(strstr(out, "Meyer"));
	assert_valid(reg, out, out_len, "1.1", "down");
	xoev_free(out);
	xoev_translation_free(t);

	/* strict: the same loss rejects, and nothing is written */
	out = NULL;
	t = translate(reg, "1.1", 1, mod, strlen(mod), &out, &out_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_REJECTED);
	ck_assert_ptr_null(out);
	xoev_translation_free(t);
	free(mod);
	free(buf);
	xoev_registry_free(reg);
}
END_TEST

/* Message types the target does not have are rejected; a stylesheet's own rejection too. */
START_TEST(test_rejected)
{
	xoev_registry *reg = xoev_test_project_registry();
	size_t len, out_len = 0;
	char *buf = read_example("2.0", "beschaeftigung.fristverlaengerung.1403", &len), *out = NULL;
	xoev_diag_list *d = NULL;
	xoev_translation *t;
	char *p;

	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	t = translate(reg, "1.1", 0, buf, len, &out, &out_len, d);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_REJECTED);
	ck_assert_ptr_null(out);
	ck_assert_ptr_nonnull(strstr(xoev_translation_reason(t), "1403"));
	ck_assert(xoev_test_has_rule(d, "translate.rejected"));
	xoev_translation_free(t);
	xoev_diag_list_free(d);
	free(buf);

	/* 1402 with decision 04 (only in list 2.0): change c09 refuses it */
	buf = read_example("2.0", "beschaeftigung.zustimmungsentscheidung.1402", &len);
	p = strstr(buf, "<xmig:entscheidung");
	ck_assert_ptr_nonnull(p);
	p = strstr(p, "<code>");
	ck_assert_ptr_nonnull(p);
	memcpy(p + 6, "04", 2);
	{
		/* 04 needs list 2.0 to be valid */
		char *lv = strstr(strstr(buf, "<xmig:entscheidung"), "listVersionID=\"");
		if (lv && strncmp(lv + 15, "1.0", 3) == 0)
			memcpy(lv + 15, "2.0", 3);
	}
	t = translate(reg, "1.1", 0, buf, len, &out, &out_len, NULL);
	ck_assert_msg(xoev_translation_outcome(t) == XOEV_TRANSLATE_REJECTED, "%s: %s",
	              xoev_translate_outcome_name(xoev_translation_outcome(t)),
	              xoev_translation_reason(t) ? xoev_translation_reason(t) : "");
	ck_assert_ptr_nonnull(strstr(xoev_translation_reason(t), "c09"));
	ck_assert_ptr_null(out);
	xoev_translation_free(t);
	free(buf);
	xoev_registry_free(reg);
}
END_TEST

/* A copy of schemas/xmig in a temporary directory, with 1.1/steps/to-2.0.xsl patched. */
static xoev_registry *patched_registry(const char *find, const char *replace)
{
	xoev_registry_options o = XOEV_REGISTRY_OPTIONS_INIT;
	const char *paths[1];
	xoev_registry *reg = NULL;
	char cmd[1024], path[512];
	char *xsl, *patched, *at;
	size_t len;

	snprintf(cmd, sizeof cmd, "cp -R '%s' '%s/xmig'", XMIG, xoev_test_dir);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
	snprintf(path, sizeof path, "%s/xmig/1.1/steps/to-2.0.xsl", xoev_test_dir);
	xsl = xoev_test_read_file(path, &len);
	ck_assert_ptr_nonnull(xsl);
	at = strstr(xsl, find);
	ck_assert_ptr_nonnull(at);
	patched = malloc(len + strlen(replace) + 1);
	memcpy(patched, xsl, (size_t)(at - xsl));
	strcpy(patched + (at - xsl), replace);
	strcat(patched, at + strlen(find));
	xoev_test_write_file(path, patched, strlen(patched));
	free(patched);
	free(xsl);
	paths[0] = xoev_test_dir;
	o.paths = paths;
	o.path_count = 1;
	o.flags = XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT;
	ck_assert_int_eq(xoev_registry_open(&reg, &o, NULL), 0);
	return reg;
}

/* The safety net: a stylesheet that drops data without declaring it is caught. */
START_TEST(test_undeclared_loss)
{
	/* broken step: drops person/azrNummer, which no change of 1.1_2.0 mentions */
	xoev_registry *reg = patched_registry("<!-- c10 message-rename",
	                                      "<xsl:template match=\"o:person/o:azrNummer\"/>\n  <!-- c10 message-rename");
	size_t len, out_len = 0;
	char *buf = read_example("1.1", "akte.uebermittlung.1202", &len), *out = NULL;
	xoev_diag_list *d = NULL;
	const xoev_diag *f;
	const xoev_loss *l;
	xoev_translation *t;

	ck_assert_ptr_nonnull(strstr(buf, "azrNummer"));
	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	t = translate(reg, "2.0", 0, buf, len, &out, &out_len, d);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_LOSSY);
	l = find_loss(t, NULL, XOEV_LOSS_UNDECLARED);
	ck_assert_ptr_nonnull(l);
	ck_assert_ptr_nonnull(strstr(xoev_loss_xpath(l), "azrNummer"));
	f = xoev_test_find_rule(d, "translate.undeclared-loss");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(xoev_diag_layer(f), XOEV_LAYER_TRANSLATE);
	xoev_free(out);
	xoev_translation_free(t);
	xoev_diag_list_free(d);
	free(buf);
	xoev_registry_free(reg);
}
END_TEST

/* The sandbox refuses document() on a local file. */
START_TEST(test_sandbox_document)
{
	xoev_registry *reg = patched_registry(
		"<!-- c10 message-rename",
		"<xsl:template match=\"o:aktenzeichen\"><xsl:element name=\"{name()}\" "
		"namespace=\"{$new-ns}\"><xsl:value-of select=\"document('file:///etc/passwd')\"/>"
		"<xsl:value-of select=\".\"/></xsl:element></xsl:template>\n  <!-- c10 message-rename");
	size_t len, out_len = 0;
	char *buf = read_example("1.1", "akte.uebermittlung.1202", &len), *out = NULL;
	xoev_diag_list *d = NULL;
	xoev_translation *t;

	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	t = translate(reg, "2.0", 0, buf, len, &out, &out_len, d);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_FAILED);
	ck_assert_ptr_null(out);
	ck_assert_ptr_nonnull(strstr(xoev_translation_reason(t), "denied"));
	xoev_translation_free(t);
	xoev_diag_list_free(d);
	free(buf);
	xoev_registry_free(reg);
}
END_TEST

/* Argument checks, unknown version, same version. */
START_TEST(test_api_edges)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_translate_options o = XOEV_TRANSLATE_OPTIONS_INIT;
	size_t len, out_len = 0;
	char *buf = read_example("1.1", "register.anfrage.1002", &len), *out = NULL;
	xoev_translation *t = NULL;

	ck_assert_int_eq(xoev_translate(NULL, "2.0", NULL, buf, len, NULL, &out, NULL, &t, NULL),
	                 XOEV_EINVAL);
	o.version = 99;
	ck_assert_int_eq(xoev_translate(reg, "2.0", &o, buf, len, NULL, &out, NULL, &t, NULL),
	                 XOEV_EINVAL);
	ck_assert_int_eq(xoev_translate(reg, "9.9", NULL, buf, len, NULL, &out, NULL, &t, NULL),
	                 XOEV_ENOTFOUND);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_FAILED);
	ck_assert_ptr_null(out);
	xoev_translation_free(t);
	ck_assert_int_eq(xoev_translate(reg, "1.1", NULL, buf, len, NULL, &out, &out_len, &t, NULL), 0);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_LOSSLESS);
	ck_assert_uint_eq(out_len, len);
	ck_assert_uint_eq(xoev_translation_step_count(t), 0);
	xoev_free(out);
	xoev_translation_free(t);
	ck_assert_str_eq(xoev_translate_outcome_name(XOEV_TRANSLATE_LOSSLESS_WITH_DEFAULTS),
	                 "lossless-with-defaults");
	ck_assert_str_eq(xoev_loss_kind_name(XOEV_LOSS_UNDECLARED), "undeclared");
	xoev_translation_free(NULL);
	free(buf);
	xoev_registry_free(reg);
}
END_TEST

/* The CLI: exit codes, atomic output, never over an input. */
START_TEST(test_cli)
{
	char cmd[2048], *output = NULL, *res;
	const char *cli = xoev_test_cli();
	int st;

	if (!cli)
		return;
	snprintf(cmd, sizeof cmd,
	         "%s translate --no-default-path --schema-path %s/schemas --to 2.0 --report json "
	         "%s/1.0/examples/valid/akte.uebermittlung.1202.xml -o %s/out.xml",
	         cli, XOEV_SRCDIR, XMIG, xoev_test_dir);
	st = xoev_test_run(cmd, &output);
	ck_assert_msg(st == 0, "exit %d: %s", st, output);
	ck_assert_ptr_nonnull(strstr(output, "\"lossless-with-defaults\""));
	free(output);
	snprintf(cmd, sizeof cmd, "%s/out.xml", xoev_test_dir);
	res = xoev_test_read_file(cmd, NULL);
	ck_assert_ptr_nonnull(res);
	ck_assert_ptr_nonnull(strstr(res, "urn:libxoev:xmig:schema:2.0"));
	free(res);

	snprintf(cmd, sizeof cmd,
	         "%s translate --no-default-path --schema-path %s/schemas --to 1.1 "
	         "%s/2.0/examples/valid/beschaeftigung.fristverlaengerung.1403.xml -o %s/r.xml",
	         cli, XOEV_SRCDIR, XMIG, xoev_test_dir);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 1);
	snprintf(cmd, sizeof cmd,
	         "%s translate --no-default-path --schema-path %s/schemas --to 7.7 %s/out.xml",
	         cli, XOEV_SRCDIR, xoev_test_dir);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 4);
	snprintf(cmd, sizeof cmd,
	         "%s translate --no-default-path --schema-path %s/schemas --to 1.1 %s/out.xml -o %s/out.xml",
	         cli, XOEV_SRCDIR, xoev_test_dir, xoev_test_dir);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 3);
	snprintf(cmd, sizeof cmd, "%s translate --to 1.1", cli);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 2);
}
END_TEST

/* ---------------------------------------------------------------- */
/* xsoz 1.0 <-> 1.1                                                  */
/* ---------------------------------------------------------------- */

/* Every golden valid xsoz message translates up (1.0 -> 1.1) and down (1.1 -> 1.0),
 * valid with every layer in the target, except what the change list rejects. */
START_TEST(test_xsoz_golden_up_down)
{
	xoev_registry *reg = xoev_test_project_registry();
	const char *const *lists[2] = { xsoz_10, xsoz_11 };
	const char *from[2] = { "1.0", "1.1" }, *to[2] = { "1.1", "1.0" };
	int k, rejected = 0;

	for (k = 0; k < 2; k++) {
		const char *const *g;
		for (g = lists[k]; *g; g++) {
			size_t len, out_len = 0;
			char *buf = read_std_example(XSOZ, from[k], *g, &len), *out = NULL;
			xoev_diag_list *d = NULL;
			xoev_translation *t;
			xoev_translate_outcome o;

			ck_assert_int_eq(xoev_diag_list_new(&d), 0);
			t = translate(reg, to[k], 0, buf, len, &out, &out_len, d);
			o = xoev_translation_outcome(t);
			ck_assert_msg(!xoev_test_has_rule(d, "translate.undeclared-loss"),
			              "xsoz %s %s: undeclared loss", from[k], *g);
			if (k == 1 && (strstr(*g, ".2301") || strstr(*g, ".2202"))) {
				/* c05: the BIC 1.0 requires is unknown in 1.1; c11: 2202 is new */
				ck_assert_msg(o == XOEV_TRANSLATE_REJECTED, "xsoz 1.1 %s: %s", *g,
				              xoev_translate_outcome_name(o));
				ck_assert_ptr_nonnull(strstr(xoev_translation_reason(t),
				                             strstr(*g, ".2301") ? "c05" : "2202"));
				ck_assert(xoev_test_has_rule(d, "translate.rejected"));
				ck_assert_ptr_null(out);
				rejected++;
			} else {
				ck_assert_msg(o <= XOEV_TRANSLATE_LOSSY, "xsoz %s %s: %s (%s)", from[k], *g,
				              xoev_translate_outcome_name(o),
				              xoev_translation_reason(t) ? xoev_translation_reason(t) : "");
				ck_assert_ptr_nonnull(out);
				ck_assert_uint_eq(xoev_translation_step_count(t), 1);
				assert_valid(reg, out, out_len, to[k], *g);
			}
			xoev_free(out);
			xoev_translation_free(t);
			xoev_diag_list_free(d);
			free(buf);
		}
	}
	ck_assert_int_eq(rejected, 2);
	xoev_registry_free(reg);
}
END_TEST

/* 1.0 up to 1.1 and back gives the original, for every golden message that lost nothing going up. */
START_TEST(test_xsoz_round_trip)
{
	xoev_registry *reg = xoev_test_project_registry();
	const char *const *g;
	int compared = 0;

	for (g = xsoz_10; *g; g++) {
		size_t len, up_len = 0, down_len = 0;
		char *buf = read_std_example(XSOZ, "1.0", *g, &len), *up = NULL, *down = NULL;
		char *c1, *c2;
		xoev_translation *t, *t2;

		t = translate(reg, "1.1", 0, buf, len, &up, &up_len, NULL);
		if (xoev_translation_outcome(t) == XOEV_TRANSLATE_LOSSY) {
			/* 2301: the BIC is dropped going up (c05), and 2301 cannot go down */
			ck_assert_ptr_nonnull(find_loss(t, "c05", XOEV_LOSS_DROPPED));
			ck_assert_ptr_nonnull(strstr(*g, ".2301"));
			xoev_free(up);
			xoev_translation_free(t);
			free(buf);
			continue;
		}
		ck_assert_msg(xoev_translation_outcome(t) <= XOEV_TRANSLATE_LOSSLESS_WITH_DEFAULTS,
		              "%s up: %s", *g, xoev_translate_outcome_name(xoev_translation_outcome(t)));
		t2 = translate(reg, "1.0", 0, up, up_len, &down, &down_len, NULL);
		ck_assert_msg(xoev_translation_outcome(t2) == XOEV_TRANSLATE_LOSSLESS,
		              "xsoz %s down: %s", *g,
		              xoev_translate_outcome_name(xoev_translation_outcome(t2)));
		c1 = canonical(buf, len);
		c2 = canonical(down, down_len);
		ck_assert_msg(strcmp(c1, c2) == 0, "xsoz %s: round trip differs:\n%s\n%s", *g, c1, c2);
		compared++;
		free(c1);
		free(c2);
		xoev_free(up);
		xoev_free(down);
		xoev_translation_free(t);
		xoev_translation_free(t2);
		free(buf);
	}
	ck_assert_int_eq(compared, 6);
	xoev_registry_free(reg);
}
END_TEST

/* Replace the first occurrence of find (after the first occurrence of after, if given). */
static char *replaced(const char *buf, const char *after, const char *find, const char *repl)
{
	const char *from = after ? strstr(buf, after) : buf;
	const char *at;
	char *r;

	ck_assert_ptr_nonnull(from);
	at = strstr(from, find);
	ck_assert_msg(at != NULL, "no %s", find);
	r = malloc(strlen(buf) + strlen(repl) + 1);
	memcpy(r, buf, (size_t)(at - buf));
	strcpy(r + (at - buf), repl);
	strcat(r, at + strlen(find));
	return r;
}

/* Down-translate content 1.0 cannot carry: the declared losses are reported. */
static void xsoz_down(xoev_registry *reg, const char *doc, const char *change,
                      xoev_loss_kind kind, const char *value, const char *xpath_part)
{
	size_t out_len = 0;
	char *out = NULL;
	xoev_diag_list *d = NULL;
	const xoev_loss *l;
	xoev_translation *t;

	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	t = translate(reg, "1.0", 0, doc, strlen(doc), &out, &out_len, d);
	ck_assert_msg(xoev_translation_outcome(t) == XOEV_TRANSLATE_LOSSY, "%s: %s (%s)", change,
	              xoev_translate_outcome_name(xoev_translation_outcome(t)),
	              xoev_translation_reason(t) ? xoev_translation_reason(t) : "");
	l = find_loss(t, change, kind);
	ck_assert_msg(l != NULL, "no %s loss for %s", xoev_loss_kind_name(kind), change);
	ck_assert_str_eq(xoev_loss_value(l), value);
	ck_assert_str_eq(xoev_loss_step(l), "1.1->1.0");
	ck_assert_ptr_nonnull(strstr(xoev_loss_xpath(l), xpath_part));
	ck_assert_ptr_null(find_loss(t, NULL, XOEV_LOSS_UNDECLARED));
	ck_assert(!xoev_test_has_rule(d, "translate.undeclared-loss"));
	assert_valid(reg, out, out_len, "1.0", change);
	xoev_free(out);
	xoev_translation_free(t);

	/* strict: the same loss rejects, nothing written */
	out = NULL;
	t = translate(reg, "1.0", 1, doc, strlen(doc), &out, &out_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_REJECTED);
	ck_assert_ptr_null(out);
	xoev_translation_free(t);
	xoev_diag_list_free(d);
}

START_TEST(test_xsoz_down_losses)
{
	xoev_registry *reg = xoev_test_project_registry();
	size_t len, out_len = 0;
	char *buf, *mod, *mod2, *out = NULL;
	xoev_translation *t;

	/* c04: erstattungsanspruchAngemeldet=true (golden) */
	buf = read_std_example(XSOZ, "1.1", "rechtskreiswechsel.uebergabe.2001", &len);
	xsoz_down(reg, buf, "c04", XOEV_LOSS_DROPPED, "true", "erstattungsanspruchAngemeldet");
	/* c07: AB-3A collapses to AB-3, BUT to AB-6 */
	mod = replaced(buf, "<xsoz:leistungsart", "<code>AB-3</code>", "<code>AB-3A</code>");
	mod2 = replaced(mod, "<xsoz:leistungsart", "<code>KDU</code>", "<code>BUT</code>");
	xsoz_down(reg, mod2, "c07", XOEV_LOSS_COLLAPSED, "AB-3A", "leistungsart");
	t = translate(reg, "1.0", 0, mod2, strlen(mod2), &out, &out_len, NULL);
	ck_assert_ptr_nonnull(strstr(out, "<code>AB-6</code>"));
	ck_assert_uint_eq(xoev_translation_loss_count(t), 3); /* AB-3A, BUT, c04's true */
	ck_assert_ptr_null(strstr(out, "AB-3A"));
	xoev_free(out);
	out = NULL;
	xoev_translation_free(t);
	free(mod);
	free(mod2);
	/* ... and erstattungsanspruchAngemeldet=false is the default going away: lossless */
	mod = replaced(buf, NULL, ">true</xsoz:erstattungsanspruchAngemeldet>",
	               ">false</xsoz:erstattungsanspruchAngemeldet>");
	t = translate(reg, "1.0", 0, mod, strlen(mod), &out, &out_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_LOSSLESS);
	xoev_free(out);
	out = NULL;
	xoev_translation_free(t);
	free(mod);
	free(buf);

	/* c03: aufnahmeeinrichtung of 2101 (golden) */
	buf = read_std_example(XSOZ, "1.1", "zuweisung.bescheid.2101", &len);
	xsoz_down(reg, buf, "c03", XOEV_LOSS_DROPPED, "Zentrale Unterbringungseinrichtung Bad Berleburg",
	          "aufnahmeeinrichtung");
	free(buf);

	/* c09: Datenkategorie 07 */
	buf = read_std_example(XSOZ, "1.1", "einwilligung.erklaerung.2201", &len);
	mod = replaced(buf, "<xsoz:datenkategorie", "<code>03</code>", "<code>07</code>");
	xsoz_down(reg, mod, "c09", XOEV_LOSS_DROPPED, "07", "datenkategorie");
	free(mod);
	free(buf);

	/* c06: a person without geburtsort is refused by the step */
	buf = read_std_example(XSOZ, "1.1", "zuweisung.ankunft.2102", &len);
	mod = replaced(buf, NULL, "<xsoz:geburtsort>Enugu</xsoz:geburtsort>", "");
	t = translate(reg, "1.0", 0, mod, strlen(mod), &out, &out_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_REJECTED);
	ck_assert_ptr_nonnull(strstr(xoev_translation_reason(t), "c06"));
	ck_assert_ptr_null(out);
	xoev_translation_free(t);
	free(mod);
	free(buf);

	/* 2202 exists only in 1.1 */
	buf = read_std_example(XSOZ, "1.1", "einwilligung.widerruf.2202", &len);
	t = translate(reg, "1.0", 0, buf, len, &out, &out_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_REJECTED);
	ck_assert_ptr_nonnull(strstr(xoev_translation_reason(t), "2202"));
	ck_assert_ptr_null(out);
	xoev_translation_free(t);
	free(buf);
	xoev_registry_free(reg);
}
END_TEST

/* ---------------------------------------------------------------- */
/* path choice                                                       */
/* ---------------------------------------------------------------- */

/*
 * A copy of schemas/xmig under <test dir>/<sub> with an extra direct step
 * 1.0 -> 2.0 whose change list declares lossy_changes lossy changes.
 */
static xoev_registry *shortcut_registry(const char *sub, int lossy_changes)
{
	xoev_registry_options o = XOEV_REGISTRY_OPTIONS_INIT;
	const char *paths[1];
	xoev_registry *reg = NULL;
	char cmd[4096], dir[512];
	char *xml, *p;
	int i;

	snprintf(dir, sizeof dir, "%s/%s", xoev_test_dir, sub);
	snprintf(cmd, sizeof cmd,
	         "mkdir -p '%s' && cp -R '%s' '%s/xmig' && cp '%s/xmig/1.0/steps/to-1.1.xsl' "
	         "'%s/xmig/1.0/steps/to-2.0.xsl'",
	         dir, XMIG, dir, dir, dir);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
	xml = malloc(256 + (size_t)lossy_changes * 160);
	p = xml + sprintf(xml, "<?xml version=\"1.0\"?>\n<changes xmlns=\"urn:libxoev:changes:1\" "
	                       "format=\"1\" standard=\"xmig\" from=\"1.0\" to=\"2.0\">\n");
	for (i = 0; i < lossy_changes; i++)
		p += sprintf(p, "<change id=\"s%02d\" kind=\"remove\" reversible=\"false\">"
		                "<loss direction=\"up\" result=\"dropped\">x</loss></change>\n", i);
	strcpy(p, "</changes>\n");
	snprintf(cmd, sizeof cmd, "%s/xmig/changes/1.0_2.0.xml", dir);
	xoev_test_write_file(cmd, xml, strlen(xml));
	free(xml);
	paths[0] = dir;
	o.paths = paths;
	o.path_count = 1;
	o.flags = XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT;
	ck_assert_int_eq(xoev_registry_open(&reg, &o, NULL), 0);
	return reg;
}

/* A lossy shortcut loses to a less lossy detour; a lossless shortcut wins. */
START_TEST(test_path_prefers_lossless)
{
	size_t len;
	char *buf = read_example("1.0", "register.anfrage.1002", &len), *out = NULL;
	xoev_registry *reg;
	xoev_translation *t;

	/* 1.0_1.1 and 1.1_2.0 declare fewer than 40 lossy changes going up together */
	reg = shortcut_registry("lossy", 40);
	t = translate(reg, "2.0", 0, buf, len, &out, NULL, NULL);
	ck_assert_uint_eq(xoev_translation_step_count(t), 2);
	ck_assert_str_eq(xoev_translation_step(t, 0), "1.0->1.1");
	ck_assert_str_eq(xoev_translation_step(t, 1), "1.1->2.0");
	ck_assert_int_le(xoev_translation_outcome(t), XOEV_TRANSLATE_LOSSY);
	xoev_free(out);
	out = NULL;
	xoev_translation_free(t);
	xoev_registry_free(reg);

	/* a shortcut declaring no loss is both shorter and less lossy */
	reg = shortcut_registry("lossless", 0);
	t = translate(reg, "2.0", 0, buf, len, &out, NULL, NULL);
	ck_assert_uint_eq(xoev_translation_step_count(t), 1);
	ck_assert_str_eq(xoev_translation_step(t, 0), "1.0->2.0");
	xoev_free(out);
	xoev_translation_free(t);
	xoev_registry_free(reg);
	free(buf);
}
END_TEST

/* ---------------------------------------------------------------- */
/* xmig down then up                                                 */
/* ---------------------------------------------------------------- */

typedef struct {
	char **v;
	size_t n;
} keys;

static void keys_add(keys *k, char *s)
{
	k->v = realloc(k->v, (k->n + 1) * sizeof *k->v);
	k->v[k->n++] = s;
}

static void keys_free(keys *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		free(k->v[i]);
	free(k->v);
	k->v = NULL;
	k->n = 0;
}

static char *key_of(const char *path, const char *value)
{
	char *s = malloc(strlen(path) + strlen(value) + 2);
	sprintf(s, "%s=%s", path, value);
	return s;
}

static char *trim_dup(const char *s)
{
	size_t m;
	char *r;

	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	m = strlen(s);
	while (m && (s[m - 1] == ' ' || s[m - 1] == '\n' || s[m - 1] == '\t' || s[m - 1] == '\r'))
		m--;
	r = malloc(m + 1);
	memcpy(r, s, m);
	r[m] = '\0';
	return r;
}

/*
 * Data points as the engine sees them: leaf elements and attributes,
 * "local/path=value". A code's listVersionID is list metadata the steps
 * rewrite (c07, c08, c09), not a data point: left out, as in the engine.
 */
static void leaf_keys(const xmlNode *el, const char *parent, keys *out)
{
	const xmlNode *k;
	const xmlAttr *a;
	char path[2048];
	int has_child = 0;

	snprintf(path, sizeof path, "%s%s%s", parent ? parent : "", parent ? "/" : "",
	         (const char *)el->name);
	for (a = el->properties; a; a = a->next) {
		xmlChar *v;
		char ap[2200];
		if (strcmp((const char *)a->name, "listVersionID") == 0)
			continue;
		v = xmlNodeGetContent((const xmlNode *)a);
		snprintf(ap, sizeof ap, "%s/@%s", path, (const char *)a->name);
		keys_add(out, key_of(ap, v ? (const char *)v : ""));
		xmlFree(v);
	}
	for (k = el->children; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE) {
			has_child = 1;
			leaf_keys(k, path, out);
		}
	if (!has_child) {
		xmlChar *v = xmlNodeGetContent(el);
		char *t = trim_dup(v ? (const char *)v : "");
		keys_add(out, key_of(path, t));
		free(t);
		xmlFree(v);
	}
}

static void doc_keys(const char *buf, size_t len, keys *out)
{
	xmlDocPtr doc = xmlReadMemory(buf, (int)len, "k.xml", NULL, XML_PARSE_NONET);

	ck_assert_ptr_nonnull(doc);
	leaf_keys(xmlDocGetRootElement(doc), NULL, out);
	xmlFreeDoc(doc);
}

/* "/xmig:a/xmig:b[1]/code[1]" -> "a/b/code" (prefixes and positions dropped). */
static char *local_path(const char *xpath)
{
	char *r = malloc(strlen(xpath) + 1), *w = r;
	const char *p = xpath;

	while (*p) {
		const char *seg, *end, *colon;
		if (*p == '/')
			p++;
		seg = p;
		end = seg + strcspn(seg, "/");
		colon = memchr(seg, ':', (size_t)(end - seg));
		if (w != r)
			*w++ = '/';
		if (*seg == '@')
			*w++ = '@';
		if (colon)
			seg = colon + 1;
		else if (*seg == '@')
			seg++;
		while (seg < end && *seg != '[')
			*w++ = *seg++;
		p = end;
	}
	*w = '\0';
	return r;
}

/* Remove one occurrence of key from k; 1 if it was there. */
static int keys_take(keys *k, const char *key)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (strcmp(k->v[i], key) == 0) {
			free(k->v[i]);
			k->v[i] = k->v[--k->n];
			return 1;
		}
	return 0;
}

static int keys_has(const keys *k, const char *key)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (strcmp(k->v[i], key) == 0)
			return 1;
	return 0;
}

/* Loss entries of t as keys (kind DEFAULT or not, by want_default). */
static void loss_keys(const xoev_translation *t, int want_default, keys *out)
{
	size_t i;

	for (i = 0; i < xoev_translation_loss_count(t); i++) {
		const xoev_loss *l = xoev_translation_loss(t, i);
		char *lp;
		if ((xoev_loss_get_kind(l) == XOEV_LOSS_DEFAULT) != want_default)
			continue;
		lp = local_path(xoev_loss_xpath(l));
		keys_add(out, key_of(lp, xoev_loss_value(l)));
		free(lp);
	}
}

/*
 * Every 2.0 golden message down to 1.1 and back up: the result differs from
 * the input only at the reported losses. With in, out the data points of
 * input and result, lost the losses reported going down and filled the
 * defaults reported going up: in - lost is contained in out, and everything
 * out has beyond that is a default filled in or a value reported lost that
 * came back (a collapsed code mapped up again). One step each way, so every
 * loss XPath points into the input (down) or the result (up).
 */
START_TEST(test_xmig_down_up)
{
	xoev_registry *reg = xoev_test_project_registry();
	const char *golden_20[] = {
		"administration.quittung.0001", "administration.rueckweisung.0002", "akte.anforderung.1201",
		"akte.uebermittlung.1202", "asyl.entscheidungsmitteilung.1501",
		"beschaeftigung.fristverlaengerung.1403", "beschaeftigung.zustimmungsanfrage.1401",
		"beschaeftigung.zustimmungsentscheidung.1402", "meldedaten.anmeldung.1301",
		"register.auskunft.1003", "register.meldung.1001", "register.suchanfrage.1002",
		"register.uebermittlungssperre.1004", NULL
	};
	const char *const *g;
	int compared = 0;

	for (g = golden_20; *g; g++) {
		size_t len, down_len = 0, up_len = 0, i;
		char *buf = read_example("2.0", *g, &len), *down = NULL, *up = NULL;
		keys in = { 0 }, out = { 0 }, lost = { 0 }, filled = { 0 };
		xoev_translation *t, *t2;

		t = translate(reg, "1.1", 0, buf, len, &down, &down_len, NULL);
		if (xoev_translation_outcome(t) == XOEV_TRANSLATE_REJECTED) {
			/* 1403 exists only in 2.0 */
			ck_assert_ptr_nonnull(strstr(*g, ".1403"));
			xoev_translation_free(t);
			free(buf);
			continue;
		}
		ck_assert_msg(xoev_translation_outcome(t) <= XOEV_TRANSLATE_LOSSY, "%s down: %s", *g,
		              xoev_translate_outcome_name(xoev_translation_outcome(t)));
		ck_assert_ptr_null(find_loss(t, NULL, XOEV_LOSS_UNDECLARED));
		t2 = translate(reg, "2.0", 0, down, down_len, &up, &up_len, NULL);
		ck_assert_msg(xoev_translation_outcome(t2) <= XOEV_TRANSLATE_LOSSLESS_WITH_DEFAULTS,
		              "%s up: %s", *g, xoev_translate_outcome_name(xoev_translation_outcome(t2)));
		assert_valid(reg, up, up_len, "2.0", *g);

		doc_keys(buf, len, &in);
		doc_keys(up, up_len, &out);
		loss_keys(t, 0, &lost);
		loss_keys(t2, 1, &filled);
		for (i = 0; i < lost.n; i++)
			ck_assert_msg(keys_take(&in, lost.v[i]), "%s: reported loss %s not in the input",
			              *g, lost.v[i]);
		for (i = 0; i < in.n; i++)
			ck_assert_msg(keys_take(&out, in.v[i]), "%s: %s lost without a report", *g,
			              in.v[i]);
		for (i = 0; i < out.n; i++)
			ck_assert_msg(keys_has(&filled, out.v[i]) || keys_has(&lost, out.v[i]),
			              "%s: %s appeared without a report", *g, out.v[i]);
		compared++;
		keys_free(&in);
		keys_free(&out);
		keys_free(&lost);
		keys_free(&filled);
		xoev_free(down);
		xoev_free(up);
		xoev_translation_free(t);
		xoev_translation_free(t2);
		free(buf);
	}
	ck_assert_int_eq(compared, 12);
	xoev_registry_free(reg);
}
END_TEST

/* Opens a registry over the given directories only. */
static xoev_registry *registry_over(const char *const *paths, size_t n)
{
	xoev_registry_options o = XOEV_REGISTRY_OPTIONS_INIT;
	xoev_registry *reg = NULL;

	o.paths = paths;
	o.path_count = n;
	o.flags = XOEV_REGISTRY_NO_ENV | XOEV_REGISTRY_NO_DEFAULT;
	ck_assert_int_eq(xoev_registry_open(&reg, &o, NULL), 0);
	return reg;
}

/*
 * Step homes: bundles without steps/ (as an import of a real release has
 * none) take their steps from <standard>/<version>/steps/ of another
 * search-path entry, and their change lists from <standard>/changes/ there;
 * a bundle's own steps/ wins over a step home.
 */
START_TEST(test_step_home)
{
	char cmd[4096], bundles[512], home[512];
	const char *paths[2];
	size_t len, out_len = 0;
	char *buf = read_example("1.0", "register.meldung.1001", &len), *out = NULL;
	xoev_registry *reg;
	xoev_translation *t;
	xoev_diag_list *d = NULL;
	const xoev_loss *l;

	snprintf(bundles, sizeof bundles, "%s/bundles", xoev_test_dir);
	snprintf(home, sizeof home, "%s/home", xoev_test_dir);
	snprintf(cmd, sizeof cmd,
	         "set -e; mkdir -p '%s' '%s/xmig'; cp -R '%s' '%s/xmig'; cd '%s/xmig'; "
	         "for v in 1.0 1.1 2.0; do mkdir -p '%s/xmig/'$v; mv $v/steps '%s/xmig/'$v/; done; "
	         "mv changes '%s/xmig/'",
	         bundles, home, XMIG, bundles, bundles, home, home, home);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);

	/* without the step home: no steps at all */
	paths[0] = bundles;
	reg = registry_over(paths, 1);
	t = translate(reg, "2.0", 0, buf, len, &out, &out_len, NULL);
	ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_FAILED);
	ck_assert_ptr_nonnull(strstr(xoev_translation_reason(t), "no translation steps"));
	ck_assert_ptr_null(out);
	xoev_translation_free(t);
	xoev_registry_free(reg);

	/* with it: the chain 1.0 -> 1.1 -> 2.0, losses from the home's change lists */
	paths[1] = home;
	reg = registry_over(paths, 2);
	ck_assert_int_eq(xoev_diag_list_new(&d), 0);
	t = translate(reg, "2.0", 0, buf, len, &out, &out_len, d);
	ck_assert_msg(xoev_translation_outcome(t) <= XOEV_TRANSLATE_LOSSY, "%s",
	              xoev_translation_reason(t) ? xoev_translation_reason(t) : "");
	ck_assert_uint_eq(xoev_translation_step_count(t), 2);
	ck_assert_ptr_nonnull(out);
	assert_valid(reg, out, out_len, "2.0", "register.meldung.1001");
	ck_assert(!xoev_test_has_rule(d, "translate.undeclared-loss"));
	xoev_free(out);
	out = NULL;
	xoev_translation_free(t);
	xoev_diag_list_free(d);
	d = NULL;
	/* down again: the loss carries its change id, so the home's change list was read */
	{
		size_t len2;
		char *b20 = read_example("2.0", "register.meldung.1001", &len2);
		t = translate(reg, "1.0", 0, b20, len2, &out, &out_len, NULL);
		ck_assert_uint_eq(xoev_translation_step_count(t), 2);
		ck_assert_int_eq(xoev_translation_outcome(t), XOEV_TRANSLATE_LOSSY);
		ck_assert_uint_eq(xoev_translation_loss_count(t), 1);
		l = find_loss(t, "c03", XOEV_LOSS_DROPPED);
		ck_assert_ptr_nonnull(l);
		ck_assert_str_eq(xoev_loss_step(l), "1.1->1.0");
		xoev_free(out);
		out = NULL;
		xoev_translation_free(t);
		free(b20);
	}
	xoev_registry_free(reg);

	/* a bundle's own steps/ wins: a broken home step for 1.0 is never compiled */
	snprintf(cmd, sizeof cmd, "set -e; cp -R '%s/xmig/1.0/steps' '%s/xmig/1.0/'; "
	         "printf 'not a stylesheet' > '%s/xmig/1.0/steps/to-1.1.xsl'",
	         home, bundles, home);
	ck_assert_int_eq(xoev_test_run(cmd, NULL), 0);
	reg = registry_over(paths, 2);
	t = translate(reg, "1.1", 0, buf, len, &out, &out_len, NULL);
	ck_assert_msg(xoev_translation_outcome(t) <= XOEV_TRANSLATE_LOSSY, "%s",
	              xoev_translation_reason(t) ? xoev_translation_reason(t) : "");
	xoev_free(out);
	xoev_translation_free(t);
	xoev_registry_free(reg);
	free(buf);
}
END_TEST


Suite *xoev_suite_translate(void)
{
	Suite *s = suite_create("translate");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_add_test(tc, test_golden_up_to_20);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_down_reports_losses);
	tcase_add_test(tc, test_rejected);
	tcase_add_test(tc, test_undeclared_loss);
	tcase_add_test(tc, test_sandbox_document);
	tcase_add_test(tc, test_api_edges);
	tcase_add_test(tc, test_cli);
	tcase_add_test(tc, test_xsoz_golden_up_down);
	tcase_add_test(tc, test_xsoz_round_trip);
	tcase_add_test(tc, test_xsoz_down_losses);
	tcase_add_test(tc, test_path_prefers_lossless);
	tcase_add_test(tc, test_xmig_down_up);
	tcase_add_test(tc, test_step_home);
	suite_add_tcase(s, tc);
	return s;
}
