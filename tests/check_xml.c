/*
 * libxoev tests - xml: safe parsing, limits, hostile documents, positions,
 * XPath locations, the entity loader and the resolver.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "tests.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "internal.h"

/* ------------------------------------------------------------------ */
/* helpers                                                             */
/* ------------------------------------------------------------------ */

/* Redirect stderr into a temporary file to prove that nothing is printed. */
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
	ck_assert_int_ge(t->saved, 0);
	ck_assert_int_ge(dup2(t->fd, STDERR_FILENO), 0);
}

/* Restores stderr; returns what was printed meanwhile (caller frees). */
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

/* Parse s; asserts the status and that libxml2 printed nothing. */
static xoev_xdoc *parse_expect(const char *s, size_t len, const xoev_limits *lim,
                               xoev_diag_list *diags, int want)
{
	stderr_trap t;
	xoev_xdoc *d = NULL;
	char *printed;
	int rc;

	trap_begin(&t);
	rc = xoev_xml__parse(s, len, "doc.xml", lim, diags, &d);
	printed = trap_end(&t);
	ck_assert_msg(printed[0] == '\0', "libxml2 printed: %s", printed);
	free(printed);
	ck_assert_msg(rc == want, "status %d, want %d (first finding: %s)", rc, want,
	              xoev_diag_list_count(diags)
	                  ? xoev_diag_message(xoev_diag_list_get(diags, 0)) : "none");
	if (want == 0)
		ck_assert_ptr_nonnull(d);
	else
		ck_assert_ptr_null(d);
	return d;
}


/* A hostile document: refused with the rule, no crash, nothing printed. */
static void expect_rule(const char *s, size_t len, const xoev_limits *lim, const char *rule)
{
	xoev_diag_list *diags = NULL;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	parse_expect(s, len, lim, diags, XOEV_ERROR);
	ck_assert_msg(xoev_test_has_rule(diags, rule), "no finding %s (first: %s: %s)", rule,
	              xoev_diag_list_count(diags) ? xoev_diag_rule(xoev_diag_list_get(diags, 0)) : "-",
	              xoev_diag_list_count(diags) ? xoev_diag_message(xoev_diag_list_get(diags, 0)) : "-");
	ck_assert_int_eq(xoev_diag_layer(xoev_test_find_rule(diags, rule)), XOEV_LAYER_WELLFORMED);
	ck_assert_str_eq(xoev_diag_file(xoev_test_find_rule(diags, rule)), "doc.xml");
	xoev_diag_list_free(diags);
}

static xmlNodePtr child_element(xmlNodePtr parent, int n)
{
	xmlNodePtr c;

	for (c = parent->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && n-- == 0)
			return c;
	ck_abort_msg("no child element %d", n);
	return NULL;
}

static void expect_pos(const xoev_xdoc *d, const xmlNode *n, unsigned long line, unsigned long col)
{
	unsigned long l, c;

	xoev_xml__position(d, n, &l, &c);
	ck_assert_msg(l == line && c == col, "%s at %lu:%lu, want %lu:%lu", (const char *)n->name,
	              l, c, line, col);
}

/* A TCP listener on 127.0.0.1 (non-blocking); port in *port. */
static int listen_loopback(int *port)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = 0;
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	ck_assert_int_eq(listen(fd, 16), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	ck_assert_int_eq(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

/* 1 if a connection came in (waits a little for stragglers). */
static int connection_arrived(int fd)
{
	struct pollfd p;
	int c;

	p.fd = fd;
	p.events = POLLIN;
	p.revents = 0;
	if (poll(&p, 1, 250) <= 0)
		return 0;
	c = accept(fd, NULL, NULL);
	if (c < 0)
		return 0;
	close(c);
	return 1;
}

/* The control: the detector does see a connection. */
static void prove_detector(int fd, int port)
{
	struct sockaddr_in a;
	int c = socket(AF_INET, SOCK_STREAM, 0);

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((unsigned short)port);
	ck_assert_int_eq(connect(c, (struct sockaddr *)&a, sizeof a), 0);
	ck_assert(connection_arrived(fd));
	close(c);
	ck_assert(!connection_arrived(fd));
}

/* ------------------------------------------------------------------ */
/* well-formed documents and positions                                 */
/* ------------------------------------------------------------------ */

START_TEST(test_parse_ok_positions)
{
	const char *s =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<r xmlns=\"urn:x\">\n"
		"  <a\n"
		"     b=\"1\"\n"
		"     c=\"2 &lt; 3\"/>\n"
		"\xc3\xa4\xc3\xb6\xc3\xbc\xe2\x82\xac <b/>\n"  /* "äöü€ " then <b/> at column 6 */
		"<c>x</c><c\tx='>'/>\n"
		"<!-- <d> --><d/></r>\n";
	xoev_diag_list *diags = NULL;
	xoev_xdoc *d;
	xmlNodePtr root, a, b, c1, c2, dd;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	d = parse_expect(s, strlen(s), NULL, diags, 0);
	ck_assert_uint_eq(xoev_diag_list_count(diags), 0);
	root = xmlDocGetRootElement(xoev_xml__doc(d));
	ck_assert_str_eq((const char *)root->name, "r");
	ck_assert_str_eq((const char *)xoev_xml__doc(d)->URL, "doc.xml");
	a = child_element(root, 0);
	b = child_element(root, 1);
	c1 = child_element(root, 2);
	c2 = child_element(root, 3);
	dd = child_element(root, 4);
	expect_pos(d, root, 2, 1);
	expect_pos(d, a, 3, 3);
	expect_pos(d, b, 6, 6);
	expect_pos(d, c1, 7, 1);
	expect_pos(d, c2, 7, 9);
	expect_pos(d, dd, 8, 13);
	/* attributes and text: the parent element's position */
	expect_pos(d, (xmlNodePtr)a->properties, 3, 3);
	expect_pos(d, c1->children, 7, 1);
	/* a node that did not come from the parser: unknown */
	{
		xmlNodePtr extra = xmlNewNode(NULL, BAD_CAST "extra");
		unsigned long l = 9, col = 9;
		xmlAddChild(root, extra);
		xoev_xml__position(d, extra, &l, &col);
		ck_assert_uint_eq(l, 0);
		ck_assert_uint_eq(col, 0);
		xoev_xml__position(d, NULL, &l, &col);
		ck_assert_uint_eq(l, 0);
	}
	xoev_xml__free(d);
	xoev_xml__free(NULL);
	xoev_diag_list_free(diags);
}
END_TEST

START_TEST(test_positions_bom)
{
	const char *s = "\xef\xbb\xbf<r><a/></r>";
	xoev_diag_list *diags = NULL;
	xoev_xdoc *d;
	xmlNodePtr root;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	d = parse_expect(s, strlen(s), NULL, diags, 0);
	root = xmlDocGetRootElement(xoev_xml__doc(d));
	expect_pos(d, root, 1, 1);
	expect_pos(d, child_element(root, 0), 1, 4);
	xoev_xml__free(d);
	xoev_diag_list_free(diags);
}
END_TEST

START_TEST(test_positions_many_lines)
{
	const size_t lines = 70000;
	xoev_buf b = { 0 };
	xoev_diag_list *diags = NULL;
	xoev_xdoc *d;
	xmlNodePtr root, last;
	size_t i, len;
	char *s;

	xoev_buf__puts(&b, "<r>");
	for (i = 0; i < lines; i++)
		xoev_buf__puts(&b, "\n<e/>");
	xoev_buf__puts(&b, "\n  \xc3\xa9<last/></r>");
	s = xoev_buf__take(&b, &len);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	d = parse_expect(s, len, NULL, diags, 0);
	root = xmlDocGetRootElement(xoev_xml__doc(d));
	last = xmlLastElementChild(root);
	expect_pos(d, root, 1, 1);
	expect_pos(d, child_element(root, 65535), 65537, 1);
	expect_pos(d, child_element(root, 69999), 70001, 1);
	expect_pos(d, last, 70002, 4);
	xoev_xml__free(d);
	xoev_diag_list_free(diags);
	free(s);
}
END_TEST

START_TEST(test_positions_other_encoding)
{
	/* ISO-8859-1: libxml2 converts; positions still count characters */
	const char *s = "<?xml version='1.0' encoding='ISO-8859-1'?>\n<r>\n\xe4\xe4<b/>\n  <c\n/></r>";
	xoev_diag_list *diags = NULL;
	xoev_xdoc *d;
	xmlNodePtr root;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	d = parse_expect(s, strlen(s), NULL, diags, 0);
	root = xmlDocGetRootElement(xoev_xml__doc(d));
	expect_pos(d, root, 2, 1);
	expect_pos(d, child_element(root, 0), 3, 3);
	expect_pos(d, child_element(root, 1), 4, 3);
	xoev_xml__free(d);
	xoev_diag_list_free(diags);
}
END_TEST

START_TEST(test_syntax_errors)
{
	const char *s = "<r>\n  <a></b>\n</r>";
	xoev_diag_list *diags = NULL;
	const xoev_diag *f;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	parse_expect(s, strlen(s), NULL, diags, XOEV_ERROR);
	f = xoev_test_find_rule(diags, "wellformed.syntax");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(xoev_diag_line(f), 2);
	ck_assert_uint_gt(xoev_diag_column(f), 0);
	ck_assert_int_ge(xoev_diag_severity(f), XOEV_SEVERITY_ERROR);
	ck_assert(xoev_diag_message(f)[strlen(xoev_diag_message(f)) - 1] != '\n');
	xoev_diag_list_free(diags);

	expect_rule("", 0, NULL, "wellformed.syntax");
	expect_rule("<r>", 3, NULL, "wellformed.syntax");
	expect_rule("<r/><r/>", 8, NULL, "wellformed.syntax");
	expect_rule("<p:r/>", 6, NULL, "wellformed.syntax");           /* undeclared prefix */
	expect_rule("<r>&undeclared;</r>", 19, NULL, "wellformed.syntax");
	expect_rule("<r>\x01</r>", 8, NULL, "wellformed.syntax");
	/* NULL diags is allowed */
	{
		xoev_xdoc *d = (xoev_xdoc *)1;
		ck_assert_int_eq(xoev_xml__parse("<r", 2, "x", NULL, NULL, &d), XOEV_ERROR);
		ck_assert_ptr_null(d);
	}
}
END_TEST

START_TEST(test_invalid_utf8)
{
	expect_rule("<r>\xff\xfe</r>", 9, NULL, "wellformed.encoding");
	{
		xoev_diag_list *diags = NULL;
		const xoev_diag *f;

		ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
		parse_expect("<r>\n \xc3\xa4\xc3</r>", 11, NULL, diags, XOEV_ERROR);
		f = xoev_test_find_rule(diags, "wellformed.encoding");
		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(xoev_diag_line(f), 2);
		ck_assert_uint_eq(xoev_diag_column(f), 3);
		ck_assert_int_eq(xoev_diag_severity(f), XOEV_SEVERITY_FATAL);
		xoev_diag_list_free(diags);
	}
	/* declared in another encoding, the same bytes are fine */
	{
		xoev_diag_list *diags = NULL;
		const char *s = "<?xml version='1.0' encoding='ISO-8859-1'?><r>\xff</r>";
		ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
		xoev_xml__free(parse_expect(s, strlen(s), NULL, diags, 0));
		xoev_diag_list_free(diags);
	}
	expect_rule("<r>\xc0\xaf</r>", 9, NULL, "wellformed.encoding"); /* overlong */
	expect_rule("<r>\xf4\x90\x80\x80</r>", 11, NULL, "wellformed.encoding"); /* > U+10FFFF */
	expect_rule("<r a=\"\xc3\x28\"/>", 12, NULL, "wellformed.encoding");
	expect_rule("<r\xc3/>", 5, NULL, "wellformed.encoding");
	expect_rule("<?xml version='1.0' encoding='UTF-8'?><r>\xed\xa0\x80</r>", 50, NULL,
	            "wellformed.encoding"); /* an encoded surrogate */
	expect_rule("<?xml version='1.0' encoding='no-such-encoding'?><r/>", 53, NULL,
	            "wellformed.encoding");
}
END_TEST

/* ------------------------------------------------------------------ */
/* hostile documents                                                   */
/* ------------------------------------------------------------------ */

START_TEST(test_doctype_refused)
{
	const char *docs[] = {
		"<!DOCTYPE r><r/>",
		"<!DOCTYPE r SYSTEM \"r.dtd\"><r/>",
		"<!DOCTYPE r [<!ENTITY x \"y\">]><r>&x;</r>",
		"<?xml version=\"1.0\"?>\n<!DOCTYPE r PUBLIC \"-//x//y\" \"http://example.invalid/r.dtd\" [\n]>\n<r/>",
	};
	size_t i;

	for (i = 0; i < sizeof docs / sizeof *docs; i++)
		expect_rule(docs[i], strlen(docs[i]), NULL, "wellformed.doctype");
	{
		xoev_diag_list *diags = NULL;
		const xoev_diag *f;

		ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
		parse_expect(docs[3], strlen(docs[3]), NULL, diags, XOEV_ERROR);
		/* exactly one finding: nothing follows the stop */
		ck_assert_uint_eq(xoev_diag_list_count(diags), 1);
		f = xoev_test_find_rule(diags, "wellformed.doctype");
		ck_assert_uint_eq(xoev_diag_line(f), 2);
		ck_assert_uint_eq(xoev_diag_column(f), 1);
		ck_assert_int_eq(xoev_diag_severity(f), XOEV_SEVERITY_FATAL);
		xoev_diag_list_free(diags);
	}
}
END_TEST

START_TEST(test_xxe_local_file)
{
	const char *docs[] = {
		"<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>",
		"<!DOCTYPE r [<!ENTITY x SYSTEM \"/etc/passwd\">]><r>&x;</r>",
		"<!DOCTYPE r [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><r/>",
		"<!DOCTYPE r SYSTEM \"/etc/passwd\"><r/>",
		"<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r a=\"&x;\"/>",
	};
	size_t i, j;

	xoev_init();
	for (i = 0; i < sizeof docs / sizeof *docs; i++) {
		xoev_diag_list *diags = NULL;

		ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
		parse_expect(docs[i], strlen(docs[i]), NULL, diags, XOEV_ERROR);
		ck_assert(xoev_test_has_rule(diags, "wellformed.doctype"));
		for (j = 0; j < xoev_diag_list_count(diags); j++)
			ck_assert(strstr(xoev_diag_message(xoev_diag_list_get(diags, j)), "root:") == NULL);
		xoev_diag_list_free(diags);
	}
}
END_TEST

START_TEST(test_xxe_network)
{
	char doc[512];
	int port, fd, k;
	const char *forms[] = {
		"<!DOCTYPE r [<!ENTITY x SYSTEM \"http://127.0.0.1:%d/x\">]><r>&x;</r>",
		"<!DOCTYPE r [<!ENTITY %% p SYSTEM \"http://127.0.0.1:%d/p\"> %%p;]><r/>",
		"<!DOCTYPE r SYSTEM \"http://127.0.0.1:%d/r.dtd\"><r/>",
		"<!DOCTYPE r PUBLIC \"-//x//y\" \"http://127.0.0.1:%d/r.dtd\"><r>&x;</r>",
		"<r xmlns:xi=\"http://www.w3.org/2001/XInclude\"><xi:include href=\"http://127.0.0.1:%d/i\"/></r>",
	};

	xoev_init();
	fd = listen_loopback(&port);
	prove_detector(fd, port);
	for (k = 0; k < (int)(sizeof forms / sizeof *forms); k++) {
		xoev_diag_list *diags = NULL;
		xoev_xdoc *d;

		snprintf(doc, sizeof doc, forms[k], port);
		ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
		d = parse_expect(doc, strlen(doc), NULL, diags, k == 4 ? 0 : XOEV_ERROR);
		if (k < 4)
			ck_assert(xoev_test_has_rule(diags, "wellformed.doctype"));
		xoev_xml__free(d);
		xoev_diag_list_free(diags);
		ck_assert_msg(!connection_arrived(fd), "form %d opened a connection", k);
	}
	/* schema/catalog files tolerate a DOCTYPE without subset but never load it */
	{
		char *dir = xoev_test_tmpdir(), *p = xoev_io__join(dir, "cat.xml");
		xoev_diag_list *diags = NULL;
		xmlDocPtr x;

		snprintf(doc, sizeof doc, forms[2], port);
		xoev_test_write_file(p, doc, strlen(doc));
		ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
		x = xoev_xml__parse_local_file(p, diags);
		ck_assert_ptr_nonnull(x);
		xmlFreeDoc(x);
		ck_assert(!connection_arrived(fd));
		xoev_diag_list_free(diags);
		xoev_io__rmtree(dir);
		free(p);
		free(dir);
	}
	close(fd);
}
END_TEST

START_TEST(test_billion_laughs)
{
	const char *s =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE lolz [\n"
		" <!ENTITY lol \"lol\">\n"
		" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
		" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		" <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
		" <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
		" <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
		" <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
		" <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
		" <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
		"]>\n"
		"<lolz>&lol9;</lolz>\n";

	expect_rule(s, strlen(s), NULL, "wellformed.doctype");
}
END_TEST

static char *nested(size_t depth, size_t *len)
{
	char *s = malloc(depth * 7 + 1), *p;
	size_t i;

	ck_assert_ptr_nonnull(s);
	p = s;
	for (i = 0; i < depth; i++, p += 3)
		memcpy(p, "<a>", 3);
	for (i = 0; i < depth; i++, p += 4)
		memcpy(p, "</a>", 4);
	*p = '\0';
	*len = (size_t)(p - s);
	return s;
}

START_TEST(test_deep_nesting)
{
	xoev_limits lim;
	xoev_diag_list *diags = NULL;
	xoev_xdoc *d;
	size_t len;
	char *s = nested(100000, &len);

	expect_rule(s, len, NULL, "wellformed.depth");
	free(s);

	/* the default limit is 256 levels: 256 pass */
	s = nested(256, &len);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	d = parse_expect(s, len, NULL, diags, 0);
	xoev_xml__free(d);
	free(s);
	s = nested(257, &len);
	expect_rule(s, len, NULL, "wellformed.depth");
	free(s);

	/* a stricter limit */
	memset(&lim, 0, sizeof lim);
	lim.max_depth = 10;
	s = nested(10, &len);
	d = parse_expect(s, len, &lim, diags, 0);
	xoev_xml__free(d);
	free(s);
	s = nested(11, &len);
	expect_rule(s, len, &lim, "wellformed.depth");
	free(s);

	/* a looser limit meets libxml2's own (256 without XML_PARSE_HUGE): same rule */
	lim.max_depth = 5000;
	s = nested(3000, &len);
	expect_rule(s, len, &lim, "wellformed.depth");
	free(s);
	xoev_diag_list_free(diags);
}
END_TEST

static char *big_attribute(size_t n, size_t *len)
{
	char *s = malloc(n + 16);

	ck_assert_ptr_nonnull(s);
	memcpy(s, "<r a=\"", 6);
	memset(s + 6, 'x', n);
	memcpy(s + 6 + n, "\"/>", 4);
	*len = n + 9;
	return s;
}

START_TEST(test_huge_attribute)
{
	xoev_limits lim;
	size_t len;
	char *s = big_attribute(50u * 1000 * 1000, &len);

	/* libxml2 refuses above 10,000,000 itself: mapped to the same rule */
	expect_rule(s, len, NULL, "wellformed.attribute-size");
	free(s);

	memset(&lim, 0, sizeof lim);
	lim.max_attribute_bytes = 10;
	s = big_attribute(11, &len);
	expect_rule(s, len, &lim, "wellformed.attribute-size");
	free(s);
	s = big_attribute(10, &len);
	{
		xoev_diag_list *diags = NULL;
		ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
		xoev_xml__free(parse_expect(s, len, &lim, diags, 0));
		xoev_diag_list_free(diags);
	}
	free(s);
}
END_TEST

START_TEST(test_text_size)
{
	xoev_limits lim;
	xoev_diag_list *diags = NULL;
	char s[512];
	size_t n;

	memset(&lim, 0, sizeof lim);
	lim.max_text_bytes = 100;
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);

	memcpy(s, "<r>", 3);
	memset(s + 3, 't', 100);
	memcpy(s + 103, "</r>", 5);
	xoev_xml__free(parse_expect(s, strlen(s), &lim, diags, 0));
	memset(s + 3, 't', 101);
	memcpy(s + 104, "</r>", 5);
	expect_rule(s, strlen(s), &lim, "wellformed.text-size");

	/* one text node built from several pieces: 50 + "&amp;" (1) + 50 */
	n = (size_t)snprintf(s, sizeof s, "<r>%.50s&amp;%.50s</r>",
	                     "tttttttttttttttttttttttttttttttttttttttttttttttttt",
	                     "tttttttttttttttttttttttttttttttttttttttttttttttttt");
	expect_rule(s, n, &lim, "wellformed.text-size");
	/* separate text nodes are counted separately */
	n = (size_t)snprintf(s, sizeof s, "<r>%.60s<b/>%.60s</r>",
	                     "tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt",
	                     "tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt");
	xoev_xml__free(parse_expect(s, n, &lim, diags, 0));
	/* CDATA too */
	n = (size_t)snprintf(s, sizeof s, "<r><![CDATA[%.60s]]><![CDATA[%.60s]]></r>",
	                     "tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt",
	                     "tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt");
	expect_rule(s, n, &lim, "wellformed.text-size");
	xoev_diag_list_free(diags);
}
END_TEST

START_TEST(test_document_size)
{
	xoev_limits lim;

	memset(&lim, 0, sizeof lim);
	lim.max_document_bytes = 10;
	expect_rule("<r>1234</r>", 11, &lim, "wellformed.document-size");
	{
		xoev_diag_list *diags = NULL;
		ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
		xoev_xml__free(parse_expect("<r>123</r>", 10, &lim, diags, 0));
		xoev_diag_list_free(diags);
	}
}
END_TEST

/* ------------------------------------------------------------------ */
/* XPath                                                               */
/* ------------------------------------------------------------------ */

static void expect_xpath(xmlXPathContextPtr xp, xmlNodePtr n, const char *want)
{
	char *got = xoev_xml__xpath(n);
	xmlXPathObjectPtr o;

	ck_assert_ptr_nonnull(got);
	ck_assert_msg(strcmp(got, want) == 0, "xpath %s, want %s", got, want);
	/* and it selects exactly that node */
	o = xmlXPathEvalExpression(BAD_CAST got, xp);
	ck_assert_ptr_nonnull(o);
	ck_assert_ptr_nonnull(o->nodesetval);
	ck_assert_int_eq(o->nodesetval->nodeNr, 1);
	ck_assert_ptr_eq(o->nodesetval->nodeTab[0], n);
	xmlXPathFreeObject(o);
	free(got);
}

START_TEST(test_xpath)
{
	const char *s =
		"<p:r xmlns:p=\"urn:p\" xmlns=\"urn:d\"><a/><p:b/><a x=\"1\" p:y=\"2\">t1<!--c-->t2</a>"
		"<n xmlns=\"\">u</n><n xmlns=\"\"><q:m xmlns:q=\"urn:q'\"/><o xmlns=\"urn:'\"/></n><?pi x?></p:r>";
	xoev_diag_list *diags = NULL;
	xoev_xdoc *d;
	xmlDocPtr doc;
	xmlXPathContextPtr xp;
	xmlNodePtr root, a2, n2;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	d = parse_expect(s, strlen(s), NULL, diags, 0);
	doc = xoev_xml__doc(d);
	xp = xmlXPathNewContext(doc);
	ck_assert_ptr_nonnull(xp);
	xmlXPathRegisterNs(xp, BAD_CAST "p", BAD_CAST "urn:p");
	xmlXPathRegisterNs(xp, BAD_CAST "q", BAD_CAST "urn:q'");
	root = xmlDocGetRootElement(doc);
	a2 = child_element(root, 2);
	n2 = child_element(root, 4);

	expect_xpath(xp, root, "/p:r");
	expect_xpath(xp, child_element(root, 0),
	             "/p:r/*[local-name()='a' and namespace-uri()='urn:d'][1]");
	expect_xpath(xp, child_element(root, 1), "/p:r/p:b[1]");
	expect_xpath(xp, a2, "/p:r/*[local-name()='a' and namespace-uri()='urn:d'][2]");
	expect_xpath(xp, (xmlNodePtr)xmlHasProp(a2, BAD_CAST "x"),
	             "/p:r/*[local-name()='a' and namespace-uri()='urn:d'][2]/@x");
	expect_xpath(xp, (xmlNodePtr)xmlHasNsProp(a2, BAD_CAST "y", BAD_CAST "urn:p"),
	             "/p:r/*[local-name()='a' and namespace-uri()='urn:d'][2]/@p:y");
	expect_xpath(xp, a2->children, "/p:r/*[local-name()='a' and namespace-uri()='urn:d'][2]/text()[1]");
	expect_xpath(xp, a2->children->next,
	             "/p:r/*[local-name()='a' and namespace-uri()='urn:d'][2]/comment()[1]");
	expect_xpath(xp, a2->last, "/p:r/*[local-name()='a' and namespace-uri()='urn:d'][2]/text()[2]");
	expect_xpath(xp, child_element(root, 3), "/p:r/n[1]");
	expect_xpath(xp, n2, "/p:r/n[2]");
	expect_xpath(xp, child_element(n2, 0), "/p:r/n[2]/q:m[1]");
	expect_xpath(xp, child_element(n2, 1),
	             "/p:r/n[2]/*[local-name()='o' and namespace-uri()=\"urn:'\"][1]");
	expect_xpath(xp, root->last, "/p:r/processing-instruction('pi')[1]");
	/* a namespace name with both quote characters (built, libxml2 would not parse it) */
	{
		xmlNodePtr w = xmlNewChild(n2, NULL, BAD_CAST "w", NULL);
		xmlNsPtr ns = xmlNewNs(w, BAD_CAST "urn:'\"", NULL);
		xmlSetNs(w, ns);
		expect_xpath(xp, w, "/p:r/n[2]/*[local-name()='w' and "
		             "namespace-uri()=concat('urn:',\"'\",'\"','')][1]");
	}
	{
		char *x = xoev_xml__xpath((xmlNodePtr)doc);
		ck_assert_str_eq(x, "/");
		free(x);
		ck_assert_ptr_null(xoev_xml__xpath(NULL));
	}
	/* a default-namespace root */
	{
		xoev_xdoc *d2 = parse_expect("<r xmlns='urn:r'/>", 18, NULL, diags, 0);
		char *x = xoev_xml__xpath(xmlDocGetRootElement(xoev_xml__doc(d2)));
		ck_assert_str_eq(x, "/*[local-name()='r' and namespace-uri()='urn:r']");
		free(x);
		xoev_xml__free(d2);
	}
	xmlXPathFreeContext(xp);
	xoev_xml__free(d);
	xoev_diag_list_free(diags);
}
END_TEST

/* ------------------------------------------------------------------ */
/* local files                                                         */
/* ------------------------------------------------------------------ */

START_TEST(test_parse_local_file)
{
	char *dir = xoev_test_tmpdir(), *p = xoev_io__join(dir, "catalog.xml");
	const char *cat =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE catalog PUBLIC \"-//OASIS//DTD XML Catalogs V1.1//EN\"\n"
		"  \"http://www.oasis-open.org/committees/entity/release/1.1/catalog.dtd\">\n"
		"<catalog xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\"/>\n";
	const char *subset = "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
	xoev_diag_list *diags = NULL;
	xmlDocPtr doc;
	stderr_trap t;
	char *printed;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	trap_begin(&t);
	xoev_test_write_file(p, cat, strlen(cat));
	doc = xoev_xml__parse_local_file(p, diags);
	ck_assert_ptr_nonnull(doc);
	ck_assert_str_eq((const char *)xmlDocGetRootElement(doc)->name, "catalog");
	ck_assert_ptr_nonnull(doc->URL);
	xmlFreeDoc(doc);
	ck_assert_uint_eq(xoev_diag_list_count(diags), 0);

	xoev_test_write_file(p, subset, strlen(subset));
	ck_assert_ptr_null(xoev_xml__parse_local_file(p, diags));
	ck_assert(xoev_test_has_rule(diags, "wellformed.doctype"));
	ck_assert_int_eq(xoev_diag_layer(xoev_test_find_rule(diags, "wellformed.doctype")), XOEV_LAYER_BUNDLE);
	ck_assert_str_eq(xoev_diag_file(xoev_test_find_rule(diags, "wellformed.doctype")), p);
	xoev_diag_list_clear(diags);

	xoev_test_write_file(p, "<r>\n<a></r>", 11);
	ck_assert_ptr_null(xoev_xml__parse_local_file(p, diags));
	ck_assert(xoev_test_has_rule(diags, "wellformed.syntax"));
	ck_assert_uint_eq(xoev_diag_line(xoev_test_find_rule(diags, "wellformed.syntax")), 2);
	xoev_diag_list_clear(diags);

	ck_assert_ptr_null(xoev_xml__parse_local_file("/nonexistent/x.xsd", diags));
	ck_assert_uint_eq(xoev_diag_list_count(diags), 1);
	printed = trap_end(&t);
	ck_assert_msg(printed[0] == '\0', "printed: %s", printed);
	free(printed);
	xoev_diag_list_free(diags);
	xoev_io__rmtree(dir);
	free(p);
	free(dir);
}
END_TEST

/* ------------------------------------------------------------------ */
/* the resolver and the entity loader                                  */
/* ------------------------------------------------------------------ */

static const char *SCHEMA_A =
	"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:a\"\n"
	"           xmlns:b=\"urn:b\" elementFormDefault=\"qualified\">\n"
	"  <xs:import namespace=\"urn:b\" schemaLocation=\"http://example.org/schemas/b.xsd\"/>\n"
	"  <xs:element name=\"a\"><xs:complexType><xs:sequence><xs:element ref=\"b:b\"/>"
	"</xs:sequence></xs:complexType></xs:element>\n"
	"</xs:schema>\n";
static const char *SCHEMA_B =
	"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:b\">\n"
	"  <xs:element name=\"b\" type=\"xs:string\"/>\n"
	"</xs:schema>\n";

typedef struct {
	char *dir;       /* canonical */
	char *outside;   /* canonical, not a root */
	char *catalog_path;
	xmlCatalogPtr catalog;
	xoev_diag_list *diags;
	const char *roots[1];
	const char *vurls[1];
	const char *vdocs[1];
	xoev_resolver r;
} loader_fixture;

static char *in_dir(const char *dir, const char *name)
{
	char *p = xoev_io__join(dir, name);
	ck_assert_ptr_nonnull(p);
	return p;
}

static void fixture_setup(loader_fixture *f, int port)
{
	char *tmp, *p, catalog[1024];

	memset(f, 0, sizeof *f);
	xoev_init();
	tmp = xoev_test_tmpdir();
	f->dir = xoev_io__realpath(tmp);
	free(tmp);
	tmp = xoev_test_tmpdir();
	f->outside = xoev_io__realpath(tmp);
	free(tmp);
	p = in_dir(f->dir, "a.xsd");
	xoev_test_write_file(p, SCHEMA_A, strlen(SCHEMA_A));
	free(p);
	p = in_dir(f->dir, "b.xsd");
	xoev_test_write_file(p, SCHEMA_B, strlen(SCHEMA_B));
	free(p);
	p = in_dir(f->outside, "o.xsd");
	xoev_test_write_file(p, SCHEMA_B, strlen(SCHEMA_B));
	free(p);
	snprintf(catalog, sizeof catalog,
	         "<?xml version=\"1.0\"?>\n"
	         "<catalog xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\">\n"
	         "  <system systemId=\"http://example.org/schemas/a.xsd\" uri=\"a.xsd\"/>\n"
	         "  <uri name=\"http://example.org/schemas/b.xsd\" uri=\"b.xsd\"/>\n"
	         "  <system systemId=\"http://example.org/escape.xsd\" uri=\"file://%s/o.xsd\"/>\n"
	         "  <system systemId=\"http://example.org/net.xsd\" uri=\"http://127.0.0.1:%d/n.xsd\"/>\n"
	         "</catalog>\n", f->outside, port);
	f->catalog_path = in_dir(f->dir, "catalog.xml");
	xoev_test_write_file(f->catalog_path, catalog, strlen(catalog));
	f->catalog = xmlLoadACatalog(f->catalog_path);
	ck_assert_ptr_nonnull(f->catalog);
	ck_assert_int_eq(xoev_diag_list_new(&f->diags), 0);
	f->roots[0] = f->dir;
	f->vurls[0] = "urn:xoev:virtual:wrapper.xsd";
	f->vdocs[0] = "<virtual-root/>";
	f->r.catalogs = &f->catalog;
	f->r.catalog_count = 1;
	f->r.roots = f->roots;
	f->r.root_count = 1;
	f->r.virtual_urls = f->vurls;
	f->r.virtual_docs = f->vdocs;
	f->r.virtual_count = 1;
	f->r.diags = f->diags;
	f->r.layer = XOEV_LAYER_BUNDLE;
}

static void fixture_teardown(loader_fixture *f)
{
	xmlFreeCatalog(f->catalog);
	xoev_diag_list_free(f->diags);
	xoev_io__rmtree(f->dir);
	xoev_io__rmtree(f->outside);
	free(f->dir);
	free(f->outside);
	free(f->catalog_path);
}

/* Load url through libxml2 (and so through the installed entity loader). */
static xmlDocPtr load(const char *url)
{
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	xmlDocPtr doc;
	stderr_trap t;
	char *printed;

	ck_assert_ptr_nonnull(ctxt);
	trap_begin(&t);
	doc = xmlCtxtReadFile(ctxt, url, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	printed = trap_end(&t);
	free(printed);
	xmlFreeParserCtxt(ctxt);
	return doc;
}

static const char *root_name(xmlDocPtr doc)
{
	ck_assert_ptr_nonnull(doc);
	return (const char *)xmlDocGetRootElement(doc)->name;
}

static int refused_with(const xoev_diag_list *l, const char *url, const char *reason)
{
	size_t i;

	for (i = 0; i < xoev_diag_list_count(l); i++) {
		const xoev_diag *d = xoev_diag_list_get(l, i);
		if (strcmp(xoev_diag_rule(d), "resolve.refused") == 0 &&
		    strstr(xoev_diag_message(d), url) && strstr(xoev_diag_message(d), reason))
			return 1;
	}
	return 0;
}

START_TEST(test_loader)
{
	loader_fixture f;
	xmlDocPtr doc;
	char *p, url[256];
	int fd, port;

	fd = listen_loopback(&port);
	prove_detector(fd, port);
	fixture_setup(&f, port);

	/* no resolver active: the previous loader serves local files */
	p = in_dir(f.outside, "o.xsd");
	doc = load(p);
	ck_assert_str_eq(root_name(doc), "schema");
	xmlFreeDoc(doc);

	xoev_resolver__push(&f.r);
	/* through the catalog (system entry) */
	doc = load("http://example.org/schemas/a.xsd");
	ck_assert_str_eq(root_name(doc), "schema");
	ck_assert_ptr_nonnull(strstr((const char *)doc->URL, "/a.xsd"));
	xmlFreeDoc(doc);
	/* through the catalog (uri entry) */
	doc = load("http://example.org/schemas/b.xsd");
	ck_assert_str_eq(root_name(doc), "schema");
	xmlFreeDoc(doc);
	/* a virtual document */
	doc = load("urn:xoev:virtual:wrapper.xsd");
	ck_assert_str_eq(root_name(doc), "virtual-root");
	xmlFreeDoc(doc);
	ck_assert_uint_eq(xoev_diag_list_count(f.diags), 0);

	/* a URL no catalog maps: refused, never fetched */
	snprintf(url, sizeof url, "http://127.0.0.1:%d/unmapped.xsd", port);
	ck_assert_ptr_null(load(url));
	ck_assert(refused_with(f.diags, url, "network access is never used; map the URL in a catalog"));
	ck_assert_int_eq(xoev_diag_layer(xoev_diag_list_get(f.diags, 0)), XOEV_LAYER_BUNDLE);
	/* a catalog that maps to the network: still refused */
	ck_assert_ptr_null(load("http://example.org/net.xsd"));
	ck_assert(refused_with(f.diags, "http://example.org/net.xsd", "network access"));
	ck_assert_ptr_null(load("ftp://127.0.0.1/x.xsd"));
	ck_assert(refused_with(f.diags, "ftp://127.0.0.1/x.xsd", "network access"));
	ck_assert(!connection_arrived(fd));

	/* a file outside the roots: refused, directly or through the catalog */
	ck_assert_ptr_null(load(p));
	ck_assert(refused_with(f.diags, p, "outside the bundle directories"));
	ck_assert_ptr_null(load("http://example.org/escape.xsd"));
	ck_assert(refused_with(f.diags, "http://example.org/escape.xsd", "outside the bundle directories"));
	{
		char *dotdot = xoev_util__printf("%s/..%s/o.xsd", f.dir, strrchr(f.outside, '/'));
		ck_assert_ptr_null(load(dotdot));
		free(dotdot);
		ck_assert_ptr_null(load("/etc/passwd"));
		ck_assert(refused_with(f.diags, "/etc/passwd", "outside the bundle directories"));
	}
	/* refusals are reported once per URL and reason */
	{
		size_t n = xoev_diag_list_count(f.diags);
		ck_assert_ptr_null(load("/etc/passwd"));
		ck_assert_uint_eq(xoev_diag_list_count(f.diags), n);
	}

	/* nested resolvers: zero roots permit no file at all */
	{
		xoev_diag_list *d0 = NULL;
		xoev_resolver none;
		char *a = in_dir(f.dir, "a.xsd");

		ck_assert_int_eq(xoev_diag_list_new(&d0), 0);
		memset(&none, 0, sizeof none);
		none.diags = d0;
		none.layer = XOEV_LAYER_WELLFORMED;
		xoev_resolver__push(&none);
		ck_assert_ptr_null(load(a));
		ck_assert(refused_with(d0, a, "outside the bundle directories"));
		ck_assert_int_eq(xoev_diag_layer(xoev_diag_list_get(d0, 0)), XOEV_LAYER_WELLFORMED);
		xoev_resolver__pop();
		doc = load(a);  /* the outer resolver again */
		ck_assert_str_eq(root_name(doc), "schema");
		xmlFreeDoc(doc);
		xoev_diag_list_free(d0);
		free(a);
	}
	xoev_resolver__pop();

	/* popped: the previous loader again */
	doc = load(p);
	ck_assert_str_eq(root_name(doc), "schema");
	xmlFreeDoc(doc);
	ck_assert(!connection_arrived(fd));
	close(fd);
	free(p);
	fixture_teardown(&f);
}
END_TEST

START_TEST(test_resolve)
{
	loader_fixture f;
	char err[256], *base, *want, *got;

	fixture_setup(&f, 9);
	base = in_dir(f.dir, "x.xsd");
	want = in_dir(f.dir, "a.xsd");

	got = xoev_resolver__resolve(&f.r, "a.xsd", base, err, sizeof err);
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
	got = xoev_resolver__resolve(&f.r, "http://example.org/schemas/a.xsd", NULL, err, sizeof err);
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
	/* relative to a remote base, then through the catalog */
	got = xoev_resolver__resolve(&f.r, "b.xsd", "http://example.org/schemas/a.xsd", err,
	                             sizeof err);
	ck_assert_msg(got != NULL, "err: %s", err);
	ck_assert_ptr_nonnull(strstr(got, "/b.xsd"));
	free(got);
	{
		char *fileurl = xoev_util__printf("file://%s", want);
		got = xoev_resolver__resolve(&f.r, fileurl, NULL, err, sizeof err);
		ck_assert_ptr_nonnull(got);
		ck_assert_str_eq(got, want);
		free(got);
		free(fileurl);
	}
	ck_assert_ptr_null(xoev_resolver__resolve(&f.r, "https://example.net/x.xsd", NULL, err,
	                                          sizeof err));
	ck_assert_str_eq(err, "network access is never used; map the URL in a catalog");
	ck_assert_ptr_null(xoev_resolver__resolve(&f.r, "file://otherhost/x.xsd", NULL, err,
	                                          sizeof err));
	ck_assert_ptr_null(xoev_resolver__resolve(&f.r, "/etc/passwd", NULL, err, sizeof err));
	ck_assert_str_eq(err, "outside the bundle directories");
	ck_assert_ptr_null(xoev_resolver__resolve(&f.r, "missing.xsd", base, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "no such file"));
	got = xoev_resolver__resolve(&f.r, "urn:xoev:virtual:wrapper.xsd", NULL, err, sizeof err);
	ck_assert_str_eq(got, "urn:xoev:virtual:wrapper.xsd");
	free(got);
	/* without a resolver: local paths only, no roots check */
	got = xoev_resolver__resolve(NULL, "/etc/passwd", NULL, err, sizeof err);
	ck_assert_str_eq(got, "/etc/passwd");
	free(got);
	ck_assert_ptr_null(xoev_resolver__resolve(NULL, "http://example.org/schemas/a.xsd", NULL,
	                                          err, sizeof err));
	/* resolving adds no findings: the caller decides */
	ck_assert_uint_eq(xoev_diag_list_count(f.diags), 0);
	free(base);
	free(want);
	fixture_teardown(&f);
}
END_TEST

static void silent_schema_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

START_TEST(test_schema_import_through_catalog)
{
	loader_fixture f;
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr schema;
	char *a;
	int fd, port;

	fd = listen_loopback(&port);
	fixture_setup(&f, port);
	a = in_dir(f.dir, "a.xsd");

	xoev_resolver__push(&f.r);
	pc = xmlSchemaNewParserCtxt(a);
	ck_assert_ptr_nonnull(pc);
	xmlSchemaSetParserStructuredErrors(pc, silent_schema_error, NULL);
	schema = xmlSchemaParse(pc);
	xoev_resolver__pop();
	ck_assert_msg(schema != NULL, "the schema did not compile (%zu findings)",
	              xoev_diag_list_count(f.diags));
	ck_assert_uint_eq(xoev_diag_list_count(f.diags), 0);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);

	/* without the catalog the import is refused, not fetched */
	f.r.catalog_count = 0;
	xoev_resolver__push(&f.r);
	pc = xmlSchemaNewParserCtxt(a);
	xmlSchemaSetParserStructuredErrors(pc, silent_schema_error, NULL);
	schema = xmlSchemaParse(pc);
	xoev_resolver__pop();
	ck_assert(refused_with(f.diags, "http://example.org/schemas/b.xsd", "network access"));
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	ck_assert(!connection_arrived(fd));
	close(fd);
	free(a);
	fixture_teardown(&f);
}
END_TEST

Suite *xoev_suite_xml(void)
{
	Suite *s = suite_create("xml");
	TCase *tc = tcase_create("xml");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_parse_ok_positions);
	tcase_add_test(tc, test_positions_bom);
	tcase_add_test(tc, test_positions_many_lines);
	tcase_add_test(tc, test_positions_other_encoding);
	tcase_add_test(tc, test_syntax_errors);
	tcase_add_test(tc, test_invalid_utf8);
	tcase_add_test(tc, test_doctype_refused);
	tcase_add_test(tc, test_xxe_local_file);
	tcase_add_test(tc, test_xxe_network);
	tcase_add_test(tc, test_billion_laughs);
	tcase_add_test(tc, test_deep_nesting);
	tcase_add_test(tc, test_huge_attribute);
	tcase_add_test(tc, test_text_size);
	tcase_add_test(tc, test_document_size);
	tcase_add_test(tc, test_xpath);
	tcase_add_test(tc, test_parse_local_file);
	tcase_add_test(tc, test_loader);
	tcase_add_test(tc, test_resolve);
	tcase_add_test(tc, test_schema_import_through_catalog);
	suite_add_tcase(s, tc);
	return s;
}
