/*
 * libxoev tests - rules: the native ISO Schematron engine (lib/rules.c).
 *
 * The shipped bundles' rules against their golden examples, small
 * hand-written schemas for each feature, error handling, positions,
 * threads, and a cross-check with xmllint --schematron.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "tests.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* ------------------------------------------------------------------ */
/* helpers                                                             */
/* ------------------------------------------------------------------ */

#define SCH_OPEN "<sch:schema xmlns:sch=\"http://purl.oclc.org/dsdl/schematron\" queryBinding=\"xslt\""

/* Write text to <test dir>/name; returns the path (caller frees). */
static char *write_tmp(const char *name, const char *text)
{
	char *path = xoev_io__join(xoev_test_dir, name);

	ck_assert_ptr_nonnull(path);
	xoev_test_write_file(path, text, strlen(text));
	return path;
}

/* Compile schema text with phase; asserts the status; the rules (or NULL) are returned. */
static xoev_rules *compile_text(const char *sch, const char *phase, xoev_diag_list *diags,
                                int want)
{
	char *path = write_tmp("rules.sch", sch);
	xoev_rules *r = NULL;
	int rc = xoev_rules__compile(path, phase, &r, diags);

	ck_assert_msg(rc == want, "compile status %d, want %d (first finding: %s)", rc, want,
	              xoev_diag_list_count(diags)
	                  ? xoev_diag_message(xoev_diag_list_get(diags, 0)) : "none");
	if (want == 0)
		ck_assert_ptr_nonnull(r);
	else
		ck_assert_ptr_null(r);
	free(path);
	return r;
}

static xoev_xdoc *parse_text(const char *xml)
{
	xoev_xdoc *d = NULL;
	xoev_diag_list *diags = NULL;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_xml__parse(xml, strlen(xml), "doc.xml", NULL, diags, &d), 0);
	xoev_diag_list_free(diags);
	return d;
}

/* Run r on xml; returns the findings (caller frees). */
static xoev_diag_list *run_text(const xoev_rules *r, const char *xml)
{
	xoev_xdoc *d = parse_text(xml);
	xoev_diag_list *diags = NULL;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_rules__run(r, d, "doc.xml", diags), 0);
	xoev_xml__free(d);
	return diags;
}

/* How many findings carry this rule id. */
static size_t count_rule(const xoev_diag_list *l, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < xoev_diag_list_count(l); i++)
		if (strcmp(xoev_diag_rule(xoev_diag_list_get(l, i)), rule) == 0)
			n++;
	return n;
}

/* All findings as one string, one line each (caller frees). */
static char *dump(const xoev_diag_list *l)
{
	xoev_buf b = { 0 };
	size_t i;

	for (i = 0; i < xoev_diag_list_count(l); i++) {
		char *s = xoev_diag_format(xoev_diag_list_get(l, i));
		ck_assert_ptr_nonnull(s);
		xoev_buf__puts(&b, s);
		xoev_buf__puts(&b, "\n");
		free(s);
	}
	xoev_buf__puts(&b, "");
	return xoev_buf__take(&b, NULL);
}

/* Redirect stderr to a file to prove that nothing is printed. */
typedef struct {
	int saved;
	int fd;
	char path[64];
} stderr_trap;

static void trap_begin(stderr_trap *t)
{
	snprintf(t->path, sizeof t->path, "/tmp/xoev-stderr-XXXXXX");
	t->fd = mkstemp(t->path);
	ck_assert_int_ge(t->fd, 0);
	fflush(stderr);
	t->saved = dup(STDERR_FILENO);
	ck_assert_int_ge(dup2(t->fd, STDERR_FILENO), 0);
}

static char *trap_end(stderr_trap *t)
{
	char *out;

	fflush(stderr);
	ck_assert_int_ge(dup2(t->saved, STDERR_FILENO), 0);
	close(t->saved);
	close(t->fd);
	out = xoev_test_read_file(t->path, NULL);
	unlink(t->path);
	ck_assert_ptr_nonnull(out);
	return out;
}

/* ------------------------------------------------------------------ */
/* The shipped bundles and their golden examples                       */
/* ------------------------------------------------------------------ */

/* The expectation PI of an example: "valid" or the rule id (new string). */
static char *expectation(const xoev_xdoc *d)
{
	const xmlNode *n;

	for (n = xoev_xml__doc(d)->children; n; n = n->next) {
		const char *c, *q;
		if (n->type != XML_PI_NODE || strcmp((const char *)n->name, "xoev-expect") != 0)
			continue;
		c = (const char *)n->content;
		if (strncmp(c, "valid", 5) == 0)
			return strdup("valid");
		c = strstr(c, "rule=\"");
		ck_assert_ptr_nonnull(c);
		c += 6;
		q = strchr(c, '"');
		ck_assert_ptr_nonnull(q);
		return strndup(c, (size_t)(q - c));
	}
	return NULL;
}

static int is_assert_id(const char *id)
{
	return (strncmp(id, "xmig-", 5) == 0 || strncmp(id, "xsoz-", 5) == 0) &&
	       strspn(id + 5, "0123456789") == strlen(id + 5) && id[5];
}

typedef struct {
	size_t files, fired, quiet;
} golden_stats;

static void check_bundle(const char *bundle, golden_stats *gs)
{
	char *rules_dir = xoev_io__join(bundle, "rules");
	char *ex_dir = xoev_io__join(bundle, "examples");
	xoev_strv sch = { 0 }, ex = { 0 };
	size_t i, j;

	ck_assert_int_eq(xoev_io__list_files(rules_dir, ".sch", &sch), 0);
	ck_assert_uint_ge(sch.count, 1);
	ck_assert_int_eq(xoev_io__list_files(ex_dir, ".xml", &ex), 0);
	ck_assert_uint_ge(ex.count, 10);
	for (i = 0; i < sch.count; i++) {
		xoev_diag_list *cd = NULL;
		xoev_rules *r = NULL;

		ck_assert_int_eq(xoev_diag_list_new(&cd), 0);
		ck_assert_msg(xoev_rules__compile(sch.items[i], NULL, &r, cd) == 0, "%s does not compile",
		              sch.items[i]);
		ck_assert_msg(xoev_diag_list_count(cd) == 0, "%s: %s", sch.items[i],
		              xoev_diag_message(xoev_diag_list_get(cd, 0)));
		ck_assert_uint_ge(xoev_rules__assert_count(r), 5);
		for (j = 0; j < ex.count; j++) {
			size_t len = 0;
			char *buf = xoev_test_read_file(ex.items[j], &len), *want, *got;
			xoev_xdoc *d = NULL;
			xoev_diag_list *pd = NULL, *rd = NULL;

			ck_assert_ptr_nonnull(buf);
			ck_assert_int_eq(xoev_diag_list_new(&pd), 0);
			ck_assert_int_eq(xoev_diag_list_new(&rd), 0);
			ck_assert_msg(xoev_xml__parse(buf, len, ex.items[j], NULL, pd, &d) == 0,
			              "%s does not parse", ex.items[j]);
			want = expectation(d);
			ck_assert_msg(want != NULL, "%s has no xoev-expect", ex.items[j]);
			ck_assert_int_eq(xoev_rules__run(r, d, ex.items[j], rd), 0);
			got = dump(rd);
			if (is_assert_id(want)) {
				ck_assert_msg(xoev_diag_list_count(rd) == 1 &&
				              strcmp(xoev_diag_rule(xoev_diag_list_get(rd, 0)), want) == 0,
				              "%s: want exactly %s, got:\n%s", ex.items[j], want, got);
				ck_assert_int_eq(xoev_diag_layer(xoev_diag_list_get(rd, 0)), XOEV_LAYER_RULE);
				ck_assert_uint_gt(xoev_diag_line(xoev_diag_list_get(rd, 0)), 0);
				ck_assert_ptr_nonnull(xoev_diag_xpath(xoev_diag_list_get(rd, 0)));
				gs->fired++;
			} else {
				ck_assert_msg(xoev_diag_list_count(rd) == 0, "%s (expects %s): got rule findings:\n%s",
				              ex.items[j], want, got);
				gs->quiet++;
			}
			gs->files++;
			free(got);
			free(want);
			free(buf);
			xoev_xml__free(d);
			xoev_diag_list_free(pd);
			xoev_diag_list_free(rd);
		}
		xoev_rules__free(r);
		xoev_diag_list_free(cd);
	}
	xoev_strv__free(&sch);
	xoev_strv__free(&ex);
	free(rules_dir);
	free(ex_dir);
}

static const char *const bundles[] = {
	"schemas/xmig/1.0", "schemas/xmig/1.1", "schemas/xmig/2.0",
	"schemas/xsoz/1.0", "schemas/xsoz/1.1", NULL
};

START_TEST(golden_examples)
{
	golden_stats gs = { 0, 0, 0 };
	size_t i;

	for (i = 0; bundles[i]; i++) {
		char *b = xoev_io__join(XOEV_SRCDIR, bundles[i]);
		check_bundle(b, &gs);
		free(b);
	}
	ck_assert_uint_ge(gs.files, 250);
	ck_assert_uint_ge(gs.fired, 60); /* every xmig-NNN / xsoz-NNN example fired exactly */
	ck_assert_uint_ge(gs.quiet, 150);
}
END_TEST

/* xmllint --schematron (libxml2's own, limited engine) agrees on every golden example. */
START_TEST(xmllint_cross_check)
{
	size_t i, j, compared = 0;
	char *out = NULL;

	if (xoev_test_run("xmllint --version", &out) != 0) {
		free(out);
		fprintf(stderr, "SKIP xmllint_cross_check: xmllint is not installed\n");
		return;
	}
	free(out);
	for (i = 0; bundles[i]; i++) {
		char *b = xoev_io__join(XOEV_SRCDIR, bundles[i]);
		char *rd = xoev_io__join(b, "rules"), *ed = xoev_io__join(b, "examples");
		xoev_strv sch = { 0 }, ex = { 0 };
		xoev_rules *r = NULL;

		ck_assert_int_eq(xoev_io__list_files(rd, ".sch", &sch), 0);
		ck_assert_int_eq(xoev_io__list_files(ed, ".xml", &ex), 0);
		ck_assert_int_eq(xoev_rules__compile(sch.items[0], NULL, &r, NULL), 0);
		for (j = 0; j < ex.count; j++) {
			char cmd[8192];
			size_t len;
			char *buf = xoev_test_read_file(ex.items[j], &len);
			xoev_xdoc *d = NULL;
			xoev_diag_list *l = NULL;
			int st, ours;

			ck_assert_int_eq(xoev_diag_list_new(&l), 0);
			ck_assert_int_eq(xoev_xml__parse(buf, len, "x", NULL, NULL, &d), 0);
			ck_assert_int_eq(xoev_rules__run(r, d, "x", l), 0);
			ours = xoev_diag_list_count(l) > 0;
			snprintf(cmd, sizeof cmd, "xmllint --noout --schematron '%s' '%s'", sch.items[0],
			         ex.items[j]);
			st = xoev_test_run(cmd, &out);
			/* xmllint: 0 valid, 3 (XMLLINT_ERR_VALID) invalid */
			ck_assert_msg(st == 0 || st == 3, "%s: xmllint exit %d: %s", cmd, st, out);
			ck_assert_msg(ours == (st == 3), "%s: xmllint says %s, we say %s:\n%s", ex.items[j],
			              st ? "invalid" : "valid", ours ? "invalid" : "valid", out);
			if (ours) /* the same assert message text */
				ck_assert_msg(strstr(out, xoev_diag_message(xoev_diag_list_get(l, 0))) != NULL,
				              "%s: xmllint output lacks our message '%s':\n%s", ex.items[j],
				              xoev_diag_message(xoev_diag_list_get(l, 0)), out);
			compared++;
			free(out);
			free(buf);
			xoev_xml__free(d);
			xoev_diag_list_free(l);
		}
		xoev_rules__free(r);
		xoev_strv__free(&sch);
		xoev_strv__free(&ex);
		free(rd);
		free(ed);
		free(b);
	}
	ck_assert_uint_ge(compared, 250);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Features on small schemas                                           */
/* ------------------------------------------------------------------ */

static const char phases_sch[] =
	SCH_OPEN " defaultPhase=\"one\">\n"
	"<sch:phase id=\"one\"><sch:active pattern=\"p1\"/></sch:phase>\n"
	"<sch:phase id=\"two\"><sch:active pattern=\"p2\"/></sch:phase>\n"
	"<sch:pattern id=\"p1\"><sch:rule context=\"a\"><sch:assert id=\"a1\" test=\"false()\">one</sch:assert></sch:rule></sch:pattern>\n"
	"<sch:pattern id=\"p2\"><sch:rule context=\"a\"><sch:assert id=\"a2\" test=\"false()\">two</sch:assert></sch:rule></sch:pattern>\n"
	"</sch:schema>\n";

START_TEST(phases)
{
	static const struct {
		const char *phase;
		size_t a1, a2;
	} cases[] = { { NULL, 1, 0 }, { "one", 1, 0 }, { "two", 0, 1 }, { "#ALL", 1, 1 } };
	size_t i;
	xoev_diag_list *cd = NULL;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		xoev_rules *r = compile_text(phases_sch, cases[i].phase, NULL, 0);
		xoev_diag_list *l = run_text(r, "<a/>");
		ck_assert_uint_eq(count_rule(l, "a1"), cases[i].a1);
		ck_assert_uint_eq(count_rule(l, "a2"), cases[i].a2);
		ck_assert_uint_eq(xoev_rules__assert_count(r), cases[i].a1 + cases[i].a2);
		xoev_diag_list_free(l);
		xoev_rules__free(r);
	}
	ck_assert_int_eq(xoev_diag_list_new(&cd), 0);
	compile_text(phases_sch, "three", cd, XOEV_EBUNDLE);
	ck_assert(xoev_test_has_rule(cd, "rules.unknown-phase"));
	xoev_diag_list_free(cd);
	{
		/* no defaultPhase: every pattern */
		xoev_rules *r = compile_text(
			SCH_OPEN ">\n<sch:phase id=\"one\"><sch:active pattern=\"p1\"/></sch:phase>"
			"<sch:pattern id=\"p1\"><sch:rule context=\"a\"><sch:assert id=\"a1\" test=\"false()\">x</sch:assert></sch:rule></sch:pattern>"
			"<sch:pattern id=\"p2\"><sch:rule context=\"a\"><sch:assert id=\"a2\" test=\"false()\">x</sch:assert></sch:rule></sch:pattern>"
			"</sch:schema>", NULL, NULL, 0);
		xoev_diag_list *l = run_text(r, "<a/>");
		ck_assert_uint_eq(xoev_diag_list_count(l), 2);
		xoev_diag_list_free(l);
		xoev_rules__free(r);
	}
}
END_TEST

START_TEST(abstract_rule_extends)
{
	xoev_rules *r = compile_text(
		SCH_OPEN ">\n"
		"<sch:pattern id=\"p\">\n"
		" <sch:rule abstract=\"true\" id=\"has-name\">\n"
		"  <sch:assert id=\"name-required\" test=\"@name\"><sch:name/> needs a name</sch:assert>\n"
		" </sch:rule>\n"
		" <sch:rule context=\"person\"><sch:extends rule=\"has-name\"/></sch:rule>\n"
		" <sch:rule context=\"org\" id=\"org-rule\"><sch:extends rule=\"shared\"/>"
		"  <sch:assert test=\"@id\">org needs an id</sch:assert></sch:rule>\n"
		"</sch:pattern>\n"
		"<sch:rules><sch:rule abstract=\"true\" id=\"shared\"><sch:extends rule=\"has-name\"/></sch:rule></sch:rules>\n"
		"</sch:schema>\n", NULL, NULL, 0);
	xoev_diag_list *l = run_text(r, "<r><person/><person name=\"x\"/><org/><thing/></r>");
	char *s = dump(l);

	/* person: 1 (the second has a name); org: name (via two levels of extends) and id */
	ck_assert_uint_eq(xoev_rules__assert_count(r), 3);
	ck_assert_msg(count_rule(l, "name-required") == 2, "%s", s);
	ck_assert_msg(count_rule(l, "org-rule") == 1, "%s", s); /* no assert id: the rule's id */
	ck_assert_str_eq(xoev_diag_message(xoev_test_find_rule(l, "name-required")),
	                 "person needs a name");
	free(s);
	xoev_diag_list_free(l);
	xoev_rules__free(r);
}
END_TEST

START_TEST(lets_three_levels)
{
	xoev_rules *r = compile_text(
		SCH_OPEN ">\n"
		"<sch:let name=\"max\" value=\"3\"/>\n"
		"<sch:let name=\"twice\" value=\"2 * $max\"/>\n"
		"<sch:pattern id=\"p\">\n"
		" <sch:let name=\"min\" value=\"count(//list[1]/item) - count(//list[1]/item) + 1\"/>\n"
		" <sch:rule context=\"list\">\n"
		"  <sch:let name=\"n\" value=\"count(item)\"/>\n"
		"  <sch:let name=\"first\" value=\"item[1]\"/>\n"
		"  <sch:assert id=\"range\" test=\"$n &gt;= $min and $n &lt;= $max\">"
		"<sch:value-of select=\"$n\"/> items, want <sch:value-of select=\"$min\"/>..<sch:value-of select=\"$max\"/></sch:assert>\n"
		"  <sch:assert id=\"twice\" test=\"$twice = 6\">twice</sch:assert>\n"
		"  <sch:report id=\"first\" test=\"$first = 'x'\">first is <sch:value-of select=\"$first\"/></sch:report>\n"
		" </sch:rule>\n"
		"</sch:pattern></sch:schema>\n", NULL, NULL, 0);
	xoev_diag_list *l = run_text(r, "<r><list/><list><item>x</item><item/></list>"
	                                "<list><item/><item/><item/><item/><item/></list></r>");
	char *s = dump(l);

	ck_assert_msg(count_rule(l, "range") == 2, "%s", s);
	ck_assert_msg(count_rule(l, "twice") == 0, "%s", s);
	ck_assert_msg(count_rule(l, "first") == 1, "%s", s);
	ck_assert_str_eq(xoev_diag_message(xoev_diag_list_get(l, 0)), "0 items, want 1..3");
	ck_assert_str_eq(xoev_diag_message(xoev_test_find_rule(l, "first")), "first is x");
	free(s);
	xoev_diag_list_free(l);
	xoev_rules__free(r);
}
END_TEST

START_TEST(report_and_assert_value_of)
{
	xoev_rules *r = compile_text(
		SCH_OPEN "><sch:ns prefix=\"x\" uri=\"urn:x\"/>\n"
		"<sch:pattern><sch:rule context=\"x:list\">\n"
		" <sch:assert id=\"not-empty\" test=\"x:item\">The   list\n  <sch:name/> is empty.</sch:assert>\n"
		" <sch:report id=\"many\" test=\"count(x:item) &gt; 2\">\n"
		"   Found <sch:value-of select=\"count(x:item)\"/> items in <sch:name path=\"..\"/>; "
		"first: <sch:emph><sch:value-of select=\"x:item[1]/@v\"/></sch:emph>.\n"
		" </sch:report>\n"
		"</sch:rule></sch:pattern></sch:schema>\n", NULL, NULL, 0);
	xoev_diag_list *l = run_text(r, "<p:root xmlns:p=\"urn:x\"><p:list/><p:list><p:item v=\"7\"/>"
	                                "<p:item/><p:item/></p:list><p:list><p:item/></p:list></p:root>");
	char *s = dump(l);

	ck_assert_msg(xoev_diag_list_count(l) == 2, "%s", s);
	ck_assert_str_eq(xoev_diag_message(xoev_test_find_rule(l, "not-empty")),
	                 "The list p:list is empty.");
	ck_assert_str_eq(xoev_diag_message(xoev_test_find_rule(l, "many")),
	                 "Found 3 items in p:root; first: 7.");
	free(s);
	xoev_diag_list_free(l);
	xoev_rules__free(r);
}
END_TEST

START_TEST(first_matching_rule_wins)
{
	xoev_rules *r = compile_text(
		SCH_OPEN ">\n"
		"<sch:pattern id=\"p1\">\n"
		" <sch:rule context=\"item[@special]\"><sch:assert id=\"special\" test=\"false()\">s</sch:assert></sch:rule>\n"
		" <sch:rule context=\"item\"><sch:assert id=\"plain\" test=\"false()\">p</sch:assert></sch:rule>\n"
		" <sch:rule context=\"r/item | other\"><sch:assert id=\"never\" test=\"false()\">n</sch:assert></sch:rule>\n"
		"</sch:pattern>\n"
		"<sch:pattern id=\"p2\"><sch:rule context=\"/r/item\"><sch:assert id=\"again\" test=\"false()\">a</sch:assert></sch:rule></sch:pattern>\n"
		"</sch:schema>\n", NULL, NULL, 0);
	xoev_diag_list *l = run_text(r, "<r><item/><item special=\"1\"/><item/><other/></r>");
	char *s = dump(l);

	ck_assert_msg(count_rule(l, "special") == 1, "%s", s);
	ck_assert_msg(count_rule(l, "plain") == 2, "%s", s);
	ck_assert_msg(count_rule(l, "never") == 1, "%s", s); /* only <other/> is left for it */
	ck_assert_msg(count_rule(l, "again") == 3, "%s", s); /* another pattern: runs again */
	/* document order within a pattern: item[1] plain, item[2] special, item[3] plain, other */
	ck_assert_str_eq(xoev_diag_rule(xoev_diag_list_get(l, 0)), "plain");
	ck_assert_str_eq(xoev_diag_rule(xoev_diag_list_get(l, 1)), "special");
	ck_assert_str_eq(xoev_diag_rule(xoev_diag_list_get(l, 2)), "plain");
	ck_assert_str_eq(xoev_diag_rule(xoev_diag_list_get(l, 3)), "never");
	free(s);
	xoev_diag_list_free(l);
	xoev_rules__free(r);
}
END_TEST

START_TEST(role_severity_and_ids)
{
	xoev_rules *r = compile_text(
		SCH_OPEN ">\n"
		"<sch:pattern id=\"pat\"><sch:rule context=\"a\">\n"
		" <sch:assert id=\"f\" role=\"fatal\" test=\"false()\">f</sch:assert>\n"
		" <sch:assert id=\"e\" role=\"error\" test=\"false()\">e</sch:assert>\n"
		" <sch:assert id=\"w\" role=\"warning\" test=\"false()\">w</sch:assert>\n"
		" <sch:assert id=\"w2\" role=\"WARN\" test=\"false()\">w2</sch:assert>\n"
		" <sch:assert id=\"i\" role=\"information\" test=\"false()\">i</sch:assert>\n"
		" <sch:assert id=\"i2\" flag=\"info\" test=\"false()\">i2</sch:assert>\n"
		" <sch:assert id=\"d\" test=\"false()\">d</sch:assert>\n"
		" <sch:assert test=\"false()\">from the pattern</sch:assert>\n"
		"</sch:rule></sch:pattern>\n"
		"<sch:pattern><sch:rule context=\"a\"><sch:assert test=\"false()\"></sch:assert></sch:rule></sch:pattern>\n"
		"</sch:schema>\n", NULL, NULL, 0);
	xoev_diag_list *l = run_text(r, "<a/>");
	static const struct {
		const char *id;
		xoev_severity sev;
	} want[] = { { "f", XOEV_SEVERITY_ERROR }, { "e", XOEV_SEVERITY_ERROR },
		     { "w", XOEV_SEVERITY_WARNING }, { "w2", XOEV_SEVERITY_WARNING },
		     { "i", XOEV_SEVERITY_INFO }, { "i2", XOEV_SEVERITY_INFO },
		     { "d", XOEV_SEVERITY_ERROR }, { "pat", XOEV_SEVERITY_ERROR },
		     { "rules.anonymous", XOEV_SEVERITY_ERROR } };
	size_t i;

	ck_assert_uint_eq(xoev_diag_list_count(l), sizeof want / sizeof want[0]);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		const xoev_diag *d = xoev_diag_list_get(l, i);
		ck_assert_str_eq(xoev_diag_rule(d), want[i].id);
		ck_assert_int_eq(xoev_diag_severity(d), want[i].sev);
		ck_assert_int_eq(xoev_diag_layer(d), XOEV_LAYER_RULE);
	}
	/* an empty message says which test failed */
	ck_assert_str_eq(xoev_diag_message(xoev_diag_list_get(l, 8)), "assert failed: false()");
	xoev_diag_list_free(l);
	xoev_rules__free(r);
}
END_TEST

START_TEST(xpath_errors)
{
	xoev_diag_list *cd = NULL, *l;
	xoev_rules *r;
	stderr_trap t;
	char *printed, *s;
	const xoev_diag *d;

	ck_assert_int_eq(xoev_diag_list_new(&cd), 0);
	trap_begin(&t);
	r = compile_text(
		SCH_OPEN ">\n<sch:pattern><sch:rule context=\"a\">\n"
		" <sch:assert id=\"broken\" test=\"count(a[\">b</sch:assert>\n"
		" <sch:assert id=\"ok\" test=\"false()\">ok</sch:assert>\n"
		" <sch:assert id=\"undefined-var\" test=\"$nope = 1\">u</sch:assert>\n"
		" <sch:assert id=\"unknown-fn\" test=\"no-such-function(.)\">u</sch:assert>\n"
		" <sch:assert id=\"bad-prefix\" test=\"q:b\">u</sch:assert>\n"
		" <sch:assert id=\"after\" test=\"false()\">after</sch:assert>\n"
		"</sch:rule></sch:pattern>\n"
		"<sch:pattern id=\"bad-context\"><sch:rule context=\"a[\"><sch:assert id=\"lost\" test=\"1\">x</sch:assert></sch:rule></sch:pattern>\n"
		"</sch:schema>\n", NULL, cd, 0);
	l = run_text(r, "<r><a/><a/></r>");
	printed = trap_end(&t);
	ck_assert_msg(printed[0] == '\0', "libxml2 printed: %s", printed);
	free(printed);
	s = dump(l);

	/* compile time: named, left out, the others compiled */
	d = xoev_test_find_rule(cd, "rules.xpath");
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(xoev_diag_layer(d), XOEV_LAYER_BUNDLE);
	ck_assert_ptr_nonnull(strstr(xoev_diag_message(d), "'broken'"));
	ck_assert_ptr_nonnull(strstr(xoev_diag_message(d), "count(a["));
	ck_assert_uint_gt(xoev_diag_line(d), 0);
	ck_assert_uint_eq(count_rule(cd, "rules.xpath"), 3); /* broken, the context a[, its rule */
	ck_assert_uint_eq(xoev_rules__assert_count(r), 5);
	/* run time: one finding per failing assert (not per node), the rest still run */
	ck_assert_msg(count_rule(l, "ok") == 2 && count_rule(l, "after") == 2, "%s", s);
	ck_assert_msg(count_rule(l, "rules.xpath-runtime") == 3, "%s", s);
	ck_assert_msg(strstr(s, "'undefined-var'") && strstr(s, "'unknown-fn'") && strstr(s, "'bad-prefix'"),
	              "%s", s);
	free(s);
	xoev_diag_list_free(l);
	xoev_diag_list_free(cd);
	xoev_rules__free(r);

	/* nothing compiles: the bundle is refused */
	ck_assert_int_eq(xoev_diag_list_new(&cd), 0);
	compile_text(SCH_OPEN "><sch:pattern><sch:rule context=\"a\"><sch:assert test=\"((\">x</sch:assert>"
	             "</sch:rule></sch:pattern></sch:schema>", NULL, cd, XOEV_EBUNDLE);
	ck_assert(xoev_test_has_rule(cd, "rules.xpath"));
	xoev_diag_list_free(cd);
}
END_TEST

START_TEST(not_schematron)
{
	xoev_diag_list *cd = NULL;
	xoev_rules *r = NULL;
	char *path;

	ck_assert_int_eq(xoev_diag_list_new(&cd), 0);
	compile_text("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"/>", NULL, cd,
	             XOEV_EBUNDLE);
	ck_assert(xoev_test_has_rule(cd, "rules.not-schematron"));
	xoev_diag_list_clear(cd);
	compile_text("<schema xmlns=\"http://www.ascc.net/xml/schematron\"/>", NULL, cd, XOEV_EBUNDLE);
	ck_assert(xoev_test_has_rule(cd, "rules.not-schematron"));
	ck_assert_ptr_nonnull(strstr(xoev_diag_message(xoev_diag_list_get(cd, 0)), "1.5"));
	xoev_diag_list_clear(cd);
	compile_text(SCH_OPEN "><sch:pattern>", NULL, cd, XOEV_EBUNDLE); /* not well-formed */
	ck_assert_uint_ge(xoev_diag_list_count(cd), 1);
	xoev_diag_list_clear(cd);
	/* xslt2 runs through the XPath 2.0 subset since issue 8 (tests/check_corpus.c); xquery does not */
	compile_text("<sch:schema xmlns:sch=\"http://purl.oclc.org/dsdl/schematron\" queryBinding=\"xquery\">"
	             "<sch:pattern/></sch:schema>", NULL, cd, XOEV_EBUNDLE);
	ck_assert(xoev_test_has_rule(cd, "rules.unsupported"));
	ck_assert_ptr_nonnull(strstr(xoev_diag_message(xoev_diag_list_get(cd, 0)), "xquery"));
	xoev_diag_list_clear(cd);
	path = xoev_io__join(xoev_test_dir, "missing.sch");
	ck_assert_int_eq(xoev_rules__compile(path, NULL, &r, cd), XOEV_EIO);
	ck_assert_ptr_null(r);
	free(path);
	ck_assert_int_eq(xoev_rules__compile(NULL, NULL, &r, cd), XOEV_EINVAL);
	xoev_diag_list_free(cd);
}
END_TEST

START_TEST(unsupported_is_never_silent)
{
	xoev_diag_list *cd = NULL, *l;
	xoev_rules *r;

	ck_assert_int_eq(xoev_diag_list_new(&cd), 0);
	r = compile_text(
		SCH_OPEN " xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n"
		"<xsl:key name=\"k\" match=\"a\" use=\"@id\"/>\n"
		"<sch:include href=\"other.sch\"/>\n"
		"<sch:pattern id=\"p\"><sch:rule context=\"a\"><sch:assert id=\"k\" test=\"key('k', 'x')\">k</sch:assert>"
		"</sch:rule></sch:pattern></sch:schema>\n", NULL, cd, 0);
	ck_assert_uint_eq(count_rule(cd, "rules.unsupported"), 2);
	l = run_text(r, "<a/>"); /* key() is unknown: a runtime finding, not a pass */
	ck_assert(xoev_test_has_rule(l, "rules.xpath-runtime"));
	xoev_diag_list_free(l);
	xoev_diag_list_free(cd);
	xoev_rules__free(r);
}
END_TEST

START_TEST(namespaces_and_locations)
{
	xoev_rules *r = compile_text(
		SCH_OPEN "><sch:ns prefix=\"m\" uri=\"urn:m\"/><sch:ns prefix=\"o\" uri=\"urn:o\"/>\n"
		"<sch:pattern><sch:rule context=\"m:item\"><sch:assert id=\"v\" test=\"@v &gt; 0\">v</sch:assert></sch:rule>\n"
		"<sch:rule context=\"o:x/@a\"><sch:assert id=\"attr\" test=\". = 'ok'\">a</sch:assert></sch:rule></sch:pattern>\n"
		"</sch:schema>\n", NULL, NULL, 0);
	xoev_diag_list *l = run_text(r,
		"<list xmlns=\"urn:m\">\n"
		"  <item v=\"1\"/>\n"
		"  <item v=\"0\"/>\n"
		"  <q:x xmlns:q=\"urn:o\" a=\"bad\"/>\n"
		"  <item xmlns=\"urn:other\" v=\"0\"/>\n"
		"</list>\n");
	const xoev_diag *d;
	char *s = dump(l);

	ck_assert_msg(xoev_diag_list_count(l) == 2, "%s", s);
	d = xoev_test_find_rule(l, "v");
	ck_assert_uint_eq(xoev_diag_line(d), 3);
	ck_assert_uint_eq(xoev_diag_column(d), 3);
	ck_assert_str_eq(xoev_diag_file(d), "doc.xml");
	ck_assert_str_eq(xoev_diag_xpath(d), "/*[local-name()='list' and namespace-uri()='urn:m']"
	                                     "/*[local-name()='item' and namespace-uri()='urn:m'][2]");
	d = xoev_test_find_rule(l, "attr");
	ck_assert_uint_eq(xoev_diag_line(d), 4);
	ck_assert_ptr_nonnull(strstr(xoev_diag_xpath(d), "q:x"));
	ck_assert_ptr_nonnull(strstr(xoev_diag_xpath(d), "@a"));
	free(s);
	xoev_diag_list_free(l);
	xoev_rules__free(r);
}
END_TEST

START_TEST(abstract_pattern_diagnostics_current_subject)
{
	xoev_rules *r = compile_text(
		SCH_OPEN ">\n"
		"<sch:pattern abstract=\"true\" id=\"limit\">\n"
		" <sch:rule context=\"$el\"><sch:assert id=\"limit\" test=\"count(*) &lt;= $max\" diagnostics=\"d1\">"
		"<sch:name/> has too many children</sch:assert></sch:rule>\n"
		"</sch:pattern>\n"
		"<sch:pattern is-a=\"limit\" id=\"list-limit\"><sch:param name=\"el\" value=\"list\"/><sch:param name=\"max\" value=\"2\"/></sch:pattern>\n"
		"<sch:pattern id=\"cur\"><sch:rule context=\"ref\">"
		"<sch:assert id=\"ref\" test=\"//target[@id = current()/@to]\" subject=\"@to\">dangling</sch:assert>"
		"</sch:rule></sch:pattern>\n"
		"<sch:diagnostics><sch:diagnostic id=\"d1\">(found <sch:value-of select=\"count(*)\"/>)</sch:diagnostic></sch:diagnostics>\n"
		"</sch:schema>\n", NULL, NULL, 0);
	xoev_diag_list *l = run_text(r, "<r><list><a/><a/><a/></list><list/><target id=\"t\"/>"
	                                "<ref to=\"t\"/><ref to=\"u\"/></r>");
	char *s = dump(l);
	const xoev_diag *d;

	ck_assert_msg(xoev_diag_list_count(l) == 2, "%s", s);
	ck_assert_str_eq(xoev_diag_message(xoev_test_find_rule(l, "limit")),
	                 "list has too many children (found 3)");
	d = xoev_test_find_rule(l, "ref");
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(xoev_diag_xpath(d), "/r/ref[2]/@to"); /* the subject */
	free(s);
	xoev_diag_list_free(l);
	xoev_rules__free(r);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Threads: one compiled rule set, four threads, results as single     */
/* ------------------------------------------------------------------ */

static const char threads_sch[] =
	SCH_OPEN ">\n<sch:let name=\"limit\" value=\"5\"/>\n"
	"<sch:pattern><sch:rule context=\"n\"><sch:let name=\"v\" value=\"number(.)\"/>"
	"<sch:assert id=\"small\" test=\"$v &lt; $limit\"><sch:value-of select=\"$v\"/> at "
	"<sch:value-of select=\"count(current()/preceding-sibling::n)\"/></sch:assert>"
	"<sch:report id=\"odd\" test=\"$v mod 2 = 1\">odd</sch:report></sch:rule></sch:pattern>\n"
	"</sch:schema>\n";

typedef struct {
	const xoev_rules *r;
	const xoev_xdoc *doc;
	char *result;
	int rc;
} thread_job;

static void *thread_main(void *arg)
{
	thread_job *j = arg;
	int k;

	for (k = 0; k < 50; k++) {
		xoev_diag_list *l = NULL;
		xoev_buf b = { 0 };
		size_t i;

		if (xoev_diag_list_new(&l) != 0) {
			j->rc = -1;
			return NULL;
		}
		j->rc = xoev_rules__run(j->r, j->doc, "t.xml", l);
		for (i = 0; i < xoev_diag_list_count(l); i++) {
			char *s = xoev_diag_format(xoev_diag_list_get(l, i));
			xoev_buf__puts(&b, s ? s : "?");
			xoev_buf__puts(&b, "\n");
			free(s);
		}
		xoev_buf__puts(&b, "");
		free(j->result);
		j->result = xoev_buf__take(&b, NULL);
		xoev_diag_list_free(l);
		if (j->rc)
			break;
	}
	return NULL;
}

START_TEST(threads)
{
	xoev_rules *r = compile_text(threads_sch, NULL, NULL, 0);
	xoev_xdoc *docs[4];
	thread_job single[4], jobs[4];
	pthread_t th[4];
	int i, k;

	for (i = 0; i < 4; i++) {
		xoev_buf b = { 0 };
		char *xml;
		xoev_buf__puts(&b, "<r>");
		for (k = 0; k < 200; k++)
			xoev_buf__printf(&b, "<n>%d</n>", (k * (i + 3)) % 11);
		xoev_buf__puts(&b, "</r>");
		xml = xoev_buf__take(&b, NULL);
		docs[i] = parse_text(xml);
		free(xml);
		memset(&single[i], 0, sizeof single[i]);
		single[i].r = r;
		single[i].doc = docs[i];
		thread_main(&single[i]);
		ck_assert_int_eq(single[i].rc, 0);
		ck_assert_ptr_nonnull(strstr(single[i].result, "small"));
	}
	for (i = 0; i < 4; i++) {
		memset(&jobs[i], 0, sizeof jobs[i]);
		jobs[i].r = r;
		jobs[i].doc = docs[i];
		ck_assert_int_eq(pthread_create(&th[i], NULL, thread_main, &jobs[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(pthread_join(th[i], NULL), 0);
		ck_assert_int_eq(jobs[i].rc, 0);
		ck_assert_str_eq(jobs[i].result, single[i].result);
		free(jobs[i].result);
		free(single[i].result);
		xoev_xml__free(docs[i]);
	}
	xoev_rules__free(r);
}
END_TEST

Suite *xoev_suite_rules(void)
{
	Suite *s = suite_create("rules");
	TCase *golden = tcase_create("golden");
	TCase *unit = tcase_create("unit");

	tcase_set_timeout(golden, 300);
	tcase_add_test(golden, golden_examples);
	tcase_add_test(golden, xmllint_cross_check);
	suite_add_tcase(s, golden);

	tcase_set_timeout(unit, 120);
	tcase_add_checked_fixture(unit, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_add_test(unit, phases);
	tcase_add_test(unit, abstract_rule_extends);
	tcase_add_test(unit, lets_three_levels);
	tcase_add_test(unit, report_and_assert_value_of);
	tcase_add_test(unit, first_matching_rule_wins);
	tcase_add_test(unit, role_severity_and_ids);
	tcase_add_test(unit, xpath_errors);
	tcase_add_test(unit, not_schematron);
	tcase_add_test(unit, unsupported_is_never_silent);
	tcase_add_test(unit, namespaces_and_locations);
	tcase_add_test(unit, abstract_pattern_diagnostics_current_subject);
	tcase_add_test(unit, threads);
	suite_add_tcase(s, unit);
	return s;
}
