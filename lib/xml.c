/*
 * libxoev - xml: safe parsing with positions, and XPath locations.
 *
 * Parsing wraps libxml2's SAX2 tree builder. The wrappers refuse any
 * DOCTYPE (so no entity can ever be declared: no XXE, no billion laughs),
 * enforce the depth/text/attribute limits before libxml2 gets to allocate,
 * and record the line and column of every start tag in a side table
 * (libxml2 2.9 keeps lines in an unsigned short and has no columns).
 * Every libxml2 error is collected through the per-context structured
 * handler (sax->serror); the thread's global handlers are replaced by
 * silent ones for the duration of a parse so that nothing is printed.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#define _GNU_SOURCE /* memrchr */
#include "internal.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>

#define DEFAULT_MAX_DOCUMENT ((size_t)512 * 1024 * 1024)
#define DEFAULT_MAX_DEPTH 256u
#define DEFAULT_MAX_TEXT ((size_t)10000000)
#define DEFAULT_MAX_ATTRIBUTE ((size_t)10000000)
/* libxml2 reports at most this many errors of one document to us. */
#define MAX_PARSER_FINDINGS 100

typedef struct {
	unsigned long line;
	unsigned long column;
} xpos;

struct xoev_xdoc {
	xmlDocPtr doc;
	xpos *pos;      /* indexed by (uintptr_t)node->_private - 1 */
	size_t pos_count;
};

enum { TEXT_NONE = 0, TEXT_CHARS, TEXT_CDATA };

typedef struct {
	xmlParserCtxtPtr ctxt;
	const unsigned char *buf; /* the original bytes */
	size_t len;
	const char *name;
	xoev_diag_list *diags;
	xoev_layer layer;
	unsigned int max_depth;
	size_t max_text;
	size_t max_attribute;
	int local;            /* schema/manifest file: DOCTYPE without subset tolerated */
	int record_positions;

	int stopped;          /* we stopped the parser: later libxml2 errors are noise */
	int failed;           /* an error or fatal finding was added */
	int oom;
	unsigned int findings;
	unsigned int depth;
	int text_kind;
	size_t text_len;

	xpos *pos;
	size_t pos_count;
	size_t pos_cap;
	/* incremental cursor over buf: byte offset and its line/column */
	size_t cur_off;
	unsigned long cur_line;
	unsigned long cur_col;
} parse_state;

/* ------------------------------------------------------------------ */
/* Findings                                                            */
/* ------------------------------------------------------------------ */

static void add_finding(parse_state *st, xoev_severity sev, const char *rule,
                        unsigned long line, unsigned long col, const char *xpath,
                        const char *msg)
{
	if (sev >= XOEV_SEVERITY_ERROR)
		st->failed = 1;
	if (xoev_diag__addf(st->diags, sev, st->layer, rule, st->name, line, col, xpath,
	                    "%s", msg) != 0)
		st->oom = 1;
}

/* Stop the parser for one of our own findings (limits, DOCTYPE). */
static void stop_with(parse_state *st, const char *rule, unsigned long line,
                      unsigned long col, const xmlNode *where, const char *msg)
{
	char *xp = NULL;

	if (st->stopped)
		return;
	if (where && where->type == XML_ELEMENT_NODE)
		xp = xoev_xml__xpath(where);
	add_finding(st, XOEV_SEVERITY_FATAL, rule, line, col, xp, msg);
	free(xp);
	st->stopped = 1;
	xmlStopParser(st->ctxt);
}

static int contains(const char *s, const char *needle)
{
	return s && strstr(s, needle) != NULL;
}

int xoev_xml__is_encoding_error(const xmlError *e)
{
	if (e->domain == XML_FROM_I18N)
		return 1;
	switch (e->code) {
	case XML_ERR_INVALID_ENCODING:
	case XML_ERR_UNSUPPORTED_ENCODING:
	case XML_ERR_UNKNOWN_ENCODING:
	case XML_ERR_ENCODING_NAME:
		return 1;
	default:
		break;
	}
	return contains(e->message, "not proper UTF-8") || contains(e->message, "Bytes: 0x");
}

xoev_severity xoev_xml__error_severity(const xmlError *e)
{
	switch (e->level) {
	case XML_ERR_WARNING:
		return XOEV_SEVERITY_WARNING;
	case XML_ERR_ERROR:
		return XOEV_SEVERITY_ERROR;
	default:
		return XOEV_SEVERITY_FATAL;
	}
}

char *xoev_xml__error_message(const xmlError *e)
{
	char *msg = xoev_util__strdup(e->message ? e->message : "not well-formed");
	size_t n;

	if (!msg)
		return NULL;
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' ' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	for (n = 0; msg[n]; n++)
		if (msg[n] == '\n' || msg[n] == '\r')
			msg[n] = ' '; /* one finding, one line */
	return msg;
}

/* A limit libxml2 enforced itself: one finding, then stop (what follows is noise). */
static void limit_stop(parse_state *st, const char *rule, const xmlError *e, const char *msg)
{
	add_finding(st, XOEV_SEVERITY_FATAL, rule, e->line > 0 ? (unsigned long)e->line : 0,
	            e->int2 > 0 ? (unsigned long)e->int2 : 0, NULL, msg);
	st->stopped = 1;
	if (st->ctxt)
		xmlStopParser(st->ctxt);
}

static void on_error(parse_state *st, xmlErrorPtr e)
{
	const char *rule = "wellformed.syntax";
	xoev_severity sev;
	char *msg;

	if (!st || !e)
		return;
	if (e->code == XML_ERR_USER_STOP)
		return;
	if (st->stopped) {
		/* After our own stop, only the libxml2 errors it provokes follow. */
		return;
	}
	/* libxml2's own hard limits (it has them without XML_PARSE_HUGE): our rules. */
	if (e->code == XML_ERR_NO_MEMORY && contains(e->message, "huge text node")) {
		limit_stop(st, "wellformed.text-size", e,
		           "a text node is longer than libxml2's limit of 10000000 bytes");
		return;
	} else if (e->code == XML_ERR_NO_MEMORY) {
		st->oom = 1;
		st->failed = 1;
		return;
	} else if (e->code == XML_ERR_INTERNAL_ERROR && contains(e->message, "Excessive depth")) {
		limit_stop(st, "wellformed.depth", e,
		           "elements nested deeper than libxml2's limit of 256 levels");
		return;
	} else if (contains(e->message, "AttValue length too long")) {
		limit_stop(st, "wellformed.attribute-size", e,
		           "an attribute value is longer than libxml2's limit of 10000000 bytes");
		return;
	} else if (xoev_xml__is_encoding_error(e)) {
		rule = "wellformed.encoding";
	}
	sev = xoev_xml__error_severity(e);
	if (sev >= XOEV_SEVERITY_ERROR)
		st->failed = 1;
	if (st->findings >= MAX_PARSER_FINDINGS)
		return;
	st->findings++;
	msg = xoev_xml__error_message(e);
	if (!msg) {
		st->oom = 1;
		return;
	}
	add_finding(st, sev, rule, e->line > 0 ? (unsigned long)e->line : 0,
	            e->int2 > 0 ? (unsigned long)e->int2 : 0, NULL, msg);
	free(msg);
}

/* sax->serror: userData is the parser context (libxml2 passes ctxt->userData). */
static void on_ctxt_error(void *user, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = user;

	if (ctxt)
		on_error(ctxt->_private, e);
}

/* The thread's structured handler during a parse: errors raised without a context. */
static void on_stray_error(void *user, xmlErrorPtr e)
{
	on_error(user, e);
}

static void silent_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void silent_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

typedef xoev_quiet saved_handlers;

void xoev_xml__quiet_begin(xoev_quiet *q, xmlStructuredErrorFunc fn, void *ctx)
{
	q->generic = xmlGenericError;
	q->generic_ctx = xmlGenericErrorContext;
	q->structured = xmlStructuredError;
	q->structured_ctx = xmlStructuredErrorContext;
	xmlSetGenericErrorFunc(NULL, silent_generic);
	xmlSetStructuredErrorFunc(ctx, fn ? fn : silent_structured);
}

void xoev_xml__quiet_end(const xoev_quiet *q)
{
	xmlSetGenericErrorFunc(q->generic_ctx, q->generic);
	xmlSetStructuredErrorFunc(q->structured_ctx, q->structured);
}

static void silence_begin(saved_handlers *s, parse_state *st)
{
	xoev_xml__quiet_begin(s, on_stray_error, st);
}

static void silence_end(const saved_handlers *s)
{
	xoev_xml__quiet_end(s);
}

/* ------------------------------------------------------------------ */
/* Positions                                                           */
/* ------------------------------------------------------------------ */

/* Advance the cursor over buf up to offset `to`, counting lines and characters. */
static void cursor_advance(parse_state *st, size_t to)
{
	const unsigned char *p;
	size_t i;

	if (to < st->cur_off) {
		st->cur_off = 0;
		st->cur_line = 1;
		st->cur_col = 1;
	}
	p = st->buf;
	i = st->cur_off;
	if (i == 0 && to >= 3 && st->len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		i = 3; /* a byte order mark is no character of the document */
	/* Jump from newline to newline (memchr is fast); count characters
	 * (UTF-8 lead bytes) only on the last line. */
	for (;;) {
		const unsigned char *nl = i < to ? memchr(p + i, '\n', to - i) : NULL;
		if (!nl)
			break;
		st->cur_line++;
		st->cur_col = 1;
		i = (size_t)(nl - p) + 1;
	}
	for (; i < to; i++)
		if ((p[i] & 0xC0) != 0x80)
			st->cur_col++;
	st->cur_off = to;
}

/*
 * Position of the '<' that opened the construct being reported (a start
 * tag or the DOCTYPE): scan back from the parser's current position.
 * Attribute values cannot contain a raw '<', so the first one met is it.
 */
static void markup_position(parse_state *st, unsigned long *line, unsigned long *col)
{
	xmlParserInputPtr in = st->ctxt->input;
	const xmlChar *p;

	*line = 0;
	*col = 0;
	if (!in || !in->cur || !in->base || in->cur < in->base)
		return;

	/* UTF-8 input, no conversion: the input buffer mirrors st->buf. */
	if ((!in->buf || !in->buf->encoder) && in->consumed <= SIZE_MAX - (size_t)(in->cur - in->base)) {
		size_t off = (size_t)in->consumed + (size_t)(in->cur - in->base);

		if (off <= st->len && (off == st->len || st->buf[off] == *in->cur)) {
			/* memrchr: the start tag may be long (many attributes) */
			const unsigned char *lt = off ? memrchr(st->buf, '<', off) : NULL;
			size_t i = lt ? (size_t)(lt - st->buf) + 1 : 0;

			if (i > 0) {
				cursor_advance(st, i - 1);
				*line = st->cur_line;
				*col = st->cur_col;
				return;
			}
		}
	}

	/* Converted input (UTF-16, Latin-1, ...): use what is still in the window. */
	{
		unsigned long nl = 0, c = 1;
		const xmlChar *lt, *q;

		for (p = in->cur; p > in->base && p[-1] != '<'; p--)
			if (p[-1] == '\n')
				nl++;
		if (p == in->base)
			return;
		lt = p - 1;
		if ((unsigned long)in->line > nl)
			*line = (unsigned long)in->line - nl;
		for (q = lt; q > in->base && q[-1] != '\n'; q--)
			;
		if (q == in->base && in->base != NULL && (in->consumed > 0))
			return; /* the start of the line is gone: column unknown */
		for (; q < lt; q++)
			if ((*q & 0xC0) != 0x80)
				c++;
		*col = c;
	}
}

static int record_position(parse_state *st, xmlNodePtr node, unsigned long line,
                           unsigned long col)
{
	if (st->pos_count == st->pos_cap) {
		size_t ncap = st->pos_cap ? st->pos_cap * 2 : 256;
		xpos *np;

		if (ncap > SIZE_MAX / sizeof *np)
			return -1;
		np = realloc(st->pos, ncap * sizeof *np);
		if (!np)
			return -1;
		st->pos = np;
		st->pos_cap = ncap;
	}
	st->pos[st->pos_count].line = line;
	st->pos[st->pos_count].column = col;
	st->pos_count++;
	node->_private = (void *)(uintptr_t)st->pos_count;
	return 0;
}

/* ------------------------------------------------------------------ */
/* SAX wrappers                                                        */
/* ------------------------------------------------------------------ */

static parse_state *state_of(void *ctx)
{
	return ((xmlParserCtxtPtr)ctx)->_private;
}

static void text_reset(parse_state *st)
{
	st->text_kind = TEXT_NONE;
	st->text_len = 0;
}

static void sax_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                              const xmlChar *URI, int nb_namespaces, const xmlChar **namespaces,
                              int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	parse_state *st = state_of(ctx);
	xmlParserCtxtPtr ctxt = ctx;
	xmlNodePtr parent = ctxt->node;
	unsigned long line = 0, col = 0;
	int i;

	if (st->stopped)
		return;
	text_reset(st);
	markup_position(st, &line, &col);
	st->depth++;
	if (st->depth > st->max_depth) {
		char msg[160];
		snprintf(msg, sizeof msg, "elements nested deeper than the limit of %u levels",
		         st->max_depth);
		stop_with(st, "wellformed.depth", line, col, parent, msg);
		return;
	}
	for (i = 0; i < nb_attributes; i++) {
		const xmlChar *v = attributes[i * 5 + 3], *end = attributes[i * 5 + 4];
		size_t n = (v && end && end >= v) ? (size_t)(end - v) : 0;

		if (n > st->max_attribute) {
			char msg[400];
			snprintf(msg, sizeof msg,
			         "attribute \"%.100s\" of element \"%.100s\" is %zu bytes long, "
			         "more than the limit of %zu", (const char *)attributes[i * 5],
			         (const char *)localname, n, st->max_attribute);
			stop_with(st, "wellformed.attribute-size", line, col, parent, msg);
			return;
		}
	}
	xmlSAX2StartElementNs(ctx, localname, prefix, URI, nb_namespaces, namespaces,
	                      nb_attributes, nb_defaulted, attributes);
	if (st->record_positions && ctxt->node && ctxt->node != parent &&
	    ctxt->node->type == XML_ELEMENT_NODE && ctxt->node->_private == NULL) {
		if (record_position(st, ctxt->node, line, col) != 0) {
			st->oom = 1;
			st->failed = 1;
			st->stopped = 1;
			xmlStopParser(ctxt);
		}
	}
}

static void sax_end_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                            const xmlChar *URI)
{
	parse_state *st = state_of(ctx);

	if (st->stopped)
		return;
	text_reset(st);
	if (st->depth > 0)
		st->depth--;
	xmlSAX2EndElementNs(ctx, localname, prefix, URI);
}

static int text_allowed(parse_state *st, int kind, int len)
{
	if (st->stopped)
		return 0;
	if (st->text_kind != kind) {
		st->text_kind = kind;
		st->text_len = 0;
	}
	st->text_len += len > 0 ? (size_t)len : 0;
	if (st->text_len > st->max_text) {
		char msg[160];
		xmlParserCtxtPtr ctxt = st->ctxt;
		unsigned long line = ctxt->input ? (unsigned long)ctxt->input->line : 0;

		snprintf(msg, sizeof msg, "a text node is longer than the limit of %zu bytes",
		         st->max_text);
		stop_with(st, "wellformed.text-size", line, 0, ctxt->node, msg);
		return 0;
	}
	return 1;
}

static void sax_characters(void *ctx, const xmlChar *ch, int len)
{
	if (text_allowed(state_of(ctx), TEXT_CHARS, len))
		xmlSAX2Characters(ctx, ch, len);
}

static void sax_cdata(void *ctx, const xmlChar *value, int len)
{
	if (text_allowed(state_of(ctx), TEXT_CDATA, len))
		xmlSAX2CDataBlock(ctx, value, len);
}

static void sax_comment(void *ctx, const xmlChar *value)
{
	parse_state *st = state_of(ctx);

	if (st->stopped)
		return;
	text_reset(st);
	xmlSAX2Comment(ctx, value);
}

static void sax_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	parse_state *st = state_of(ctx);

	if (st->stopped)
		return;
	text_reset(st);
	xmlSAX2ProcessingInstruction(ctx, target, data);
}

static void sax_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ExternalID,
                                const xmlChar *SystemID)
{
	parse_state *st = state_of(ctx);
	xmlParserCtxtPtr ctxt = ctx;
	unsigned long line = 0, col = 0;
	int has_subset = ctxt->input && ctxt->input->cur && *ctxt->input->cur == '[';

	(void)ExternalID;
	(void)SystemID;
	if (st->stopped)
		return;
	if (st->local && !has_subset)
		return; /* tolerated, never loaded, not kept */
	markup_position(st, &line, &col);
	stop_with(st, "wellformed.doctype", line, col, NULL,
	          st->local ? "a DOCTYPE with an internal subset is not accepted"
	                    : "a DOCTYPE is not accepted (no DTDs, no entity declarations)");
	(void)name;
}

/* SAX callbacks shared with stream.c: never an external subset, never an entity. */
void xoev_xml__sax_no_external_subset(void *ctx, const xmlChar *name, const xmlChar *ExternalID,
                                      const xmlChar *SystemID)
{
	(void)ctx;
	(void)name;
	(void)ExternalID;
	(void)SystemID;
}

xmlParserInputPtr xoev_xml__sax_no_entity(void *ctx, const xmlChar *publicId,
                                          const xmlChar *systemId)
{
	(void)ctx;
	(void)publicId;
	(void)systemId;
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                             */
/* ------------------------------------------------------------------ */

static int check_utf8(parse_state *st);

static int parse_common(parse_state *st, xmlDocPtr *doc_out)
{
	xmlParserCtxtPtr ctxt;
	xmlSAXHandlerPtr sax;
	saved_handlers saved;
	xmlDocPtr doc;
	int opts = XML_PARSE_NONET;

	*doc_out = NULL;
	if (check_utf8(st) != 0)
		return XOEV_ERROR;
	silence_begin(&saved, st);
	ctxt = xmlCreateMemoryParserCtxt((const char *)st->buf, (int)st->len);
	if (!ctxt) {
		silence_end(&saved);
		return XOEV_ENOMEM;
	}
	st->ctxt = ctxt;
	st->cur_line = 1;
	st->cur_col = 1;
	ctxt->_private = st;
	ctxt->userData = ctxt;
	xmlCtxtUseOptions(ctxt, opts);
	/* xmlCtxtUseOptions may set the DTD flags from the globals: clear them. */
	ctxt->loadsubset = 0;
	ctxt->validate = 0;
	ctxt->replaceEntities = 0;
	ctxt->pedantic = 0;
	ctxt->recovery = 0;
	if (st->name && ctxt->input && !ctxt->input->filename) {
		ctxt->input->filename = (char *)xmlStrdup((const xmlChar *)st->name);
		if (!ctxt->input->filename) {
			xmlFreeParserCtxt(ctxt);
			silence_end(&saved);
			return XOEV_ENOMEM;
		}
	}

	sax = ctxt->sax;
	sax->initialized = XML_SAX2_MAGIC;
	sax->serror = on_ctxt_error;
	sax->startElementNs = sax_start_element;
	sax->endElementNs = sax_end_element;
	sax->startElement = NULL;
	sax->endElement = NULL;
	sax->characters = sax_characters;
	sax->ignorableWhitespace = sax_characters;
	sax->cdataBlock = sax_cdata;
	sax->comment = sax_comment;
	sax->processingInstruction = sax_pi;
	sax->internalSubset = sax_internal_subset;
	sax->externalSubset = xoev_xml__sax_no_external_subset;
	sax->resolveEntity = xoev_xml__sax_no_entity;

	xmlParseDocument(ctxt);

	doc = ctxt->myDoc;
	ctxt->myDoc = NULL;
	if (!st->failed && !st->oom && (!ctxt->wellFormed || !doc)) {
		/* libxml2 said no without telling why: still a finding. */
		add_finding(st, XOEV_SEVERITY_FATAL, "wellformed.syntax", 0, 0, NULL,
		            "the document is not well-formed");
	}
	xmlFreeParserCtxt(ctxt);
	st->ctxt = NULL;
	silence_end(&saved);

	if (st->oom) {
		xmlFreeDoc(doc);
		return XOEV_ENOMEM;
	}
	if (st->failed) {
		xmlFreeDoc(doc);
		return XOEV_ERROR;
	}
	*doc_out = doc;
	return 0;
}

static void state_init(parse_state *st, const char *buf, size_t len, const char *name,
                       const xoev_limits *limits, xoev_diag_list *diags, xoev_layer layer)
{
	memset(st, 0, sizeof *st);
	st->buf = (const unsigned char *)buf;
	st->len = len;
	st->name = name;
	st->diags = diags;
	st->layer = layer;
	st->max_depth = (limits && limits->max_depth) ? limits->max_depth : DEFAULT_MAX_DEPTH;
	st->max_text = (limits && limits->max_text_bytes) ? limits->max_text_bytes : DEFAULT_MAX_TEXT;
	st->max_attribute = (limits && limits->max_attribute_bytes) ? limits->max_attribute_bytes
	                                                            : DEFAULT_MAX_ATTRIBUTE;
}

/*
 * 1 if the document is (to be read as) UTF-8: no UTF-16/32 or EBCDIC byte
 * order mark or pattern, and no XML declaration naming another encoding.
 */
static int is_utf8_document(const unsigned char *b, size_t n)
{
	size_t i, end;

	if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		b += 3;
		n -= 3;
	}
	if (n >= 2 && ((b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0xFF && b[1] == 0xFE) ||
	               b[0] == 0x00 || b[1] == 0x00 || (b[0] == 0x4C && b[1] == 0x6F)))
		return 0;
	if (n < 6 || memcmp(b, "<?xml", 5) != 0)
		return 1;
	for (end = 5; end + 1 < n && end < 1024; end++)
		if (b[end] == '?' && b[end + 1] == '>')
			break;
	for (i = 5; i + 8 <= end; i++) {
		if (memcmp(b + i, "encoding", 8) == 0) {
			size_t j = i + 8, k;
			unsigned char q;

			while (j < end && (b[j] == ' ' || b[j] == '\t' || b[j] == '\r' || b[j] == '\n'))
				j++;
			if (j >= end || b[j] != '=')
				return 1;
			j++;
			while (j < end && (b[j] == ' ' || b[j] == '\t' || b[j] == '\r' || b[j] == '\n'))
				j++;
			if (j >= end || (b[j] != '"' && b[j] != '\''))
				return 1;
			q = b[j++];
			for (k = j; k < end && b[k] != q; k++)
				;
			return (k - j == 5 && strncasecmp((const char *)b + j, "UTF-8", 5) == 0) ||
			       (k - j == 4 && strncasecmp((const char *)b + j, "UTF8", 4) == 0);
		}
	}
	return 1;
}

/*
 * Offset of the first byte that is not part of a well-formed UTF-8
 * sequence (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF), or n if all is well.
 */
static size_t utf8_invalid_at(const unsigned char *b, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c;
		size_t need;
		unsigned char lo = 0x80, hi = 0xBF;

		/* ASCII runs, eight bytes at a time */
		while (n - i >= 8) {
			uint64_t w;
			memcpy(&w, b + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		c = b[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			return i;
		}
		if (n - i <= need || b[i + 1] < lo || b[i + 1] > hi)
			return i;
		if (need >= 2 && (b[i + 2] & 0xC0) != 0x80)
			return i;
		if (need == 3 && (b[i + 3] & 0xC0) != 0x80)
			return i;
		i += need + 1;
	}
	return n;
}

/* Reports the first invalid UTF-8 sequence. Returns 0 or XOEV_ERROR. */
static int check_utf8(parse_state *st)
{
	size_t bad, i;
	char msg[160];

	if (!is_utf8_document(st->buf, st->len))
		return 0;
	bad = utf8_invalid_at(st->buf, st->len);
	if (bad == st->len)
		return 0;
	st->cur_line = 1;
	st->cur_col = 1;
	cursor_advance(st, bad);
	i = (size_t)snprintf(msg, sizeof msg, "the input is not proper UTF-8 at byte %zu (bytes", bad);
	for (; bad < st->len && i + 6 < sizeof msg && bad < st->cur_off + 4; bad++)
		i += (size_t)snprintf(msg + i, sizeof msg - i, " 0x%02X", st->buf[bad]);
	snprintf(msg + i, sizeof msg - i, ")");
	add_finding(st, XOEV_SEVERITY_FATAL, "wellformed.encoding", st->cur_line, st->cur_col,
	            NULL, msg);
	st->cur_off = 0;
	st->cur_line = 1;
	st->cur_col = 1;
	return XOEV_ERROR;
}

/* The size check made before libxml2 sees a byte. Returns 0 or XOEV_ERROR. */
static int check_size(parse_state *st, size_t len, const xoev_limits *limits)
{
	size_t max = (limits && limits->max_document_bytes) ? limits->max_document_bytes
	                                                    : DEFAULT_MAX_DOCUMENT;

	if (len > (size_t)INT_MAX && max > (size_t)INT_MAX)
		max = (size_t)INT_MAX; /* libxml2's memory parser takes an int */
	if (len > max) {
		char msg[160];
		snprintf(msg, sizeof msg, "the document is %zu bytes long, more than the limit of %zu",
		         len, max);
		add_finding(st, XOEV_SEVERITY_FATAL, "wellformed.document-size", 0, 0, NULL, msg);
		return XOEV_ERROR;
	}
	if (len == 0) {
		add_finding(st, XOEV_SEVERITY_FATAL, "wellformed.syntax", 0, 0, NULL,
		            "the document is empty");
		return XOEV_ERROR;
	}
	return 0;
}

int xoev_xml__parse(const char *buf, size_t len, const char *name, const xoev_limits *limits,
                    xoev_diag_list *diags, xoev_xdoc **out)
{
	parse_state st;
	xmlDocPtr doc = NULL;
	xoev_xdoc *d;
	int rc;

	if (!out || (!buf && len))
		return XOEV_EINVAL;
	*out = NULL;
	state_init(&st, buf, len, name, limits, diags, XOEV_LAYER_WELLFORMED);
	st.record_positions = 1;
	rc = check_size(&st, len, limits);
	if (rc == 0)
		rc = parse_common(&st, &doc);
	if (rc == 0 && st.oom)
		rc = XOEV_ENOMEM;
	if (rc != 0) {
		xmlFreeDoc(doc);
		free(st.pos);
		return rc == XOEV_ERROR && st.oom ? XOEV_ENOMEM : rc;
	}
	d = calloc(1, sizeof *d);
	if (!d) {
		xmlFreeDoc(doc);
		free(st.pos);
		return XOEV_ENOMEM;
	}
	d->doc = doc;
	d->pos = st.pos;
	d->pos_count = st.pos_count;
	*out = d;
	return 0;
}

void xoev_xml__free(xoev_xdoc *d)
{
	if (!d)
		return;
	xmlFreeDoc(d->doc);
	free(d->pos);
	free(d);
}

int xoev_xml__wrap(xmlDocPtr doc, xoev_xdoc **out)
{
	xoev_xdoc *d = calloc(1, sizeof *d);

	*out = NULL;
	if (!d) {
		xmlFreeDoc(doc);
		return XOEV_ENOMEM;
	}
	d->doc = doc;
	*out = d;
	return 0;
}

xmlDocPtr xoev_xml__doc(const xoev_xdoc *d)
{
	return d ? d->doc : NULL;
}

void xoev_xml__position(const xoev_xdoc *d, const xmlNode *node, unsigned long *line,
                        unsigned long *column)
{
	unsigned long l = 0, c = 0;

	if (node && node->type == XML_NAMESPACE_DECL)
		node = NULL; /* an xmlNs: no parent pointer to follow */
	while (node && node->type != XML_ELEMENT_NODE) {
		if (node->type == XML_DOCUMENT_NODE || node->type == XML_HTML_DOCUMENT_NODE)
			node = NULL;
		else
			node = node->parent;
	}
	if (d && node && node->doc == d->doc) {
		uintptr_t i = (uintptr_t)node->_private;

		if (i >= 1 && i <= d->pos_count) {
			l = d->pos[i - 1].line;
			c = d->pos[i - 1].column;
		}
	}
	if (line)
		*line = l;
	if (column)
		*column = c;
}

xmlDocPtr xoev_xml__parse_local_file(const char *path, xoev_diag_list *diags)
{
	char err[256];
	parse_state st;
	xmlDocPtr doc = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (!path)
		return NULL;
	rc = xoev_io__read_file(path, DEFAULT_MAX_DOCUMENT, &buf, &len, err, sizeof err);
	if (rc != 0) {
		xoev_diag__addf(diags, XOEV_SEVERITY_FATAL, XOEV_LAYER_BUNDLE,
		                rc == XOEV_ELIMIT ? "wellformed.document-size" : "bundle.unreadable",
		                path, 0, 0, NULL, "cannot read the file: %s", err);
		return NULL;
	}
	state_init(&st, buf, len, path, NULL, diags, XOEV_LAYER_BUNDLE);
	st.local = 1;
	rc = check_size(&st, len, NULL);
	if (rc == 0)
		rc = parse_common(&st, &doc);
	free(buf);
	free(st.pos);
	if (rc != 0) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

/* ------------------------------------------------------------------ */
/* XPath                                                               */
/* ------------------------------------------------------------------ */

/* An XPath string literal for s (concat() when it holds both quote kinds). */
void xoev_xml__xpath_literal(xoev_buf *b, const char *s)
{
	if (!strchr(s, '\'')) {
		xoev_buf__printf(b, "'%s'", s);
	} else if (!strchr(s, '"')) {
		xoev_buf__printf(b, "\"%s\"", s);
	} else {
		const char *p = s;

		xoev_buf__puts(b, "concat(");
		while (*p) {
			size_t n = strcspn(p, "'");

			if (n) {
				xoev_buf__puts(b, "'");
				xoev_buf__append(b, p, n);
				xoev_buf__puts(b, "',");
				p += n;
			}
			if (*p == '\'') {
				xoev_buf__puts(b, "\"'\",");
				p++;
			}
		}
		xoev_buf__puts(b, "'')");
	}
}

static int same_expanded_name(const xmlNode *a, const xmlNode *b)
{
	const xmlChar *ha = a->ns ? a->ns->href : NULL;
	const xmlChar *hb = b->ns ? b->ns->href : NULL;

	return xmlStrEqual(a->name, b->name) && xmlStrEqual(ha, hb);
}

static int is_text_like(const xmlNode *n)
{
	return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

/* 1-based position of n among its preceding siblings that match it. */
static unsigned long sibling_position(const xmlNode *n)
{
	const xmlNode *s;
	unsigned long pos = 1;

	for (s = n->prev; s; s = s->prev) {
		if (n->type == XML_ELEMENT_NODE) {
			if (s->type == XML_ELEMENT_NODE && same_expanded_name(s, n))
				pos++;
		} else if (is_text_like(n)) {
			if (is_text_like(s))
				pos++;
		} else if (n->type == XML_PI_NODE) {
			if (s->type == XML_PI_NODE && xmlStrEqual(s->name, n->name))
				pos++;
		} else if (s->type == n->type) {
			pos++;
		}
	}
	return pos;
}

static void xpath_step(xoev_buf *b, const xmlNode *n)
{
	int root = n->parent == NULL || n->parent->type == XML_DOCUMENT_NODE ||
	           n->parent->type == XML_HTML_DOCUMENT_NODE;

	xoev_buf__puts(b, "/");
	switch (n->type) {
	case XML_ELEMENT_NODE:
		if (n->ns && n->ns->prefix) {
			xoev_buf__printf(b, "%s:%s", (const char *)n->ns->prefix, (const char *)n->name);
		} else if (n->ns && n->ns->href) {
			xoev_buf__puts(b, "*[local-name()=");
			xoev_xml__xpath_literal(b, (const char *)n->name);
			xoev_buf__puts(b, " and namespace-uri()=");
			xoev_xml__xpath_literal(b, (const char *)n->ns->href);
			xoev_buf__puts(b, "]");
		} else {
			xoev_buf__puts(b, (const char *)n->name);
		}
		if (!root)
			xoev_buf__printf(b, "[%lu]", sibling_position(n));
		return;
	case XML_ATTRIBUTE_NODE:
		if (n->ns && n->ns->prefix)
			xoev_buf__printf(b, "@%s:%s", (const char *)n->ns->prefix, (const char *)n->name);
		else
			xoev_buf__printf(b, "@%s", (const char *)n->name);
		return;
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		xoev_buf__printf(b, "text()[%lu]", sibling_position(n));
		return;
	case XML_COMMENT_NODE:
		xoev_buf__printf(b, "comment()[%lu]", sibling_position(n));
		return;
	case XML_PI_NODE:
		xoev_buf__puts(b, "processing-instruction(");
		xoev_xml__xpath_literal(b, (const char *)n->name);
		xoev_buf__printf(b, ")[%lu]", sibling_position(n));
		return;
	default:
		xoev_buf__printf(b, "node()[%lu]", sibling_position(n));
		return;
	}
}

char *xoev_xml__xpath(const xmlNode *node)
{
	const xmlNode **chain = NULL;
	const xmlNode *n;
	size_t count = 0, cap = 0, i;
	xoev_buf b = { 0 };

	if (!node || node->type == XML_NAMESPACE_DECL)
		return NULL;
	if (node->type == XML_DOCUMENT_NODE || node->type == XML_HTML_DOCUMENT_NODE)
		return xoev_util__strdup("/");
	for (n = node; n && n->type != XML_DOCUMENT_NODE && n->type != XML_HTML_DOCUMENT_NODE;
	     n = n->parent) {
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			const xmlNode **nc = realloc(chain, ncap * sizeof *nc);

			if (!nc) {
				free(chain);
				return NULL;
			}
			chain = nc;
			cap = ncap;
		}
		chain[count++] = n;
	}
	for (i = count; i > 0; i--)
		xpath_step(&b, chain[i - 1]);
	free(chain);
	return xoev_buf__take(&b, NULL);
}

/* A new copy of attribute name (no namespace) of n, or NULL (absent or out of memory: *oom set). */
char *xoev_xml__attr_dup(const xmlNode *n, const char *name, int *oom)
{
	xmlChar *v;
	char *s;

	if (!xmlHasNsProp(n, (const xmlChar *)name, NULL))
		return NULL;
	v = xmlGetNoNsProp(n, (const xmlChar *)name);
	if (!v) {
		*oom = 1; /* present, so the copy failed */
		return NULL;
	}
	s = xoev_util__strdup((const char *)v);
	xmlFree(v);
	if (!s)
		*oom = 1;
	return s;
}
