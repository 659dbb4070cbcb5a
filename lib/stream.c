/*
 * libxoev - stream: validation without a tree, in memory bounded by the
 * document's depth (not its size).
 *
 * The file is read in chunks (gzip inflated on the way, recognised by its
 * magic bytes) and pushed into a libxml2 push parser whose SAX events go
 * through the schema validator (xmlSchemaSAXPlug) and then to our own
 * handlers. That is the machinery libxml2's xmlTextReader uses for XSD
 * validation, minus the reader's node tree. Going below the reader buys
 * two things the reader cannot give:
 *   - the schema validator reports an error while it handles one SAX event,
 *     right after our handler for the same event ran, so the element a
 *     finding is about is the top of our stack (start tag, attributes) or
 *     the element just closed (content, value): findings carry the line and
 *     column of that element's start tag and its XPath, exactly as the tree
 *     pipeline reports them (the reader's err->line is the end tag's line
 *     for "missing child" errors);
 *   - no nodes are built at all.
 *
 * Safety is that of lib/xml.c: any DOCTYPE stops the parse (no entity can
 * be declared, so no XXE and no expansion), no network, no DTD, depth,
 * text and attribute limits with the same rule ids. Memory: the parser's
 * input window (libxml2 refuses to look ahead more than 10 MB without
 * XML_PARSE_HUGE: "Huge input lookup"), the validator's per-depth state,
 * and our element stack: per level one XPath step, the start position,
 * listURI/listVersionID copies and sibling counters by expanded name,
 * O(depth x distinct child names). Names are libxml2 dictionary strings,
 * compared by pointer first.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>

#define DEFAULT_MAX_DEPTH 256u
#define DEFAULT_MAX_TEXT ((size_t)10000000)
#define DEFAULT_MAX_ATTRIBUTE ((size_t)10000000)
#define MAX_PARSER_FINDINGS 100u
#define MAX_XSD_FINDINGS 1000u
#define IN_CHUNK ((size_t)64 * 1024)
#define OUT_CHUNK ((size_t)64 * 1024)

/* ------------------------------------------------------------------ */
/* Input: a file or standard input, gzip inflated while reading        */
/* ------------------------------------------------------------------ */

typedef struct {
	int fd;
	int own_fd;
	int eof;        /* read() returned 0 */
	int gz;         /* the input is gzip */
	int zinit;
	int in_member;  /* inside a gzip member */
	z_stream zs;
	unsigned char in[IN_CHUNK];
	size_t in_pos, in_len;
	char err[256];
} source;

/* The reason of a failure, with an optional detail after a colon. */
static void src_err(source *s, const char *reason, const char *detail)
{
	snprintf(s->err, sizeof s->err, "%s%s%s", reason, detail ? ": " : "", detail ? detail : "");
}

static int src_fill(source *s)
{
	ssize_t r;

	if (s->in_pos > 0) {
		memmove(s->in, s->in + s->in_pos, s->in_len - s->in_pos);
		s->in_len -= s->in_pos;
		s->in_pos = 0;
	}
	if (s->eof || s->in_len == sizeof s->in)
		return 0;
	do
		r = read(s->fd, s->in + s->in_len, sizeof s->in - s->in_len);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		src_err(s, "cannot read", strerror(errno));
		return XOEV_EIO;
	}
	if (r == 0)
		s->eof = 1;
	s->in_len += (size_t)r;
	return 0;
}

static int src_open(source *s, const char *path)
{
	memset(s, 0, sizeof *s);
	s->fd = -1;
	if (strcmp(path, "-") == 0) {
		s->fd = STDIN_FILENO;
	} else {
		struct stat st;

		do
			s->fd = open(path, O_RDONLY | O_CLOEXEC);
		while (s->fd < 0 && errno == EINTR);
		if (s->fd < 0) {
			src_err(s, "cannot open", strerror(errno));
			return XOEV_EIO;
		}
		s->own_fd = 1;
		if (fstat(s->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			src_err(s, "is a directory", NULL);
			return XOEV_EIO;
		}
	}
	/* Two bytes decide: gzip magic 1f 8b or not. */
	while (s->in_len < 2 && !s->eof) {
		int rc = src_fill(s);
		if (rc)
			return rc;
	}
	if (s->in_len >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b) {
		int zr = inflateInit2(&s->zs, 16 + MAX_WBITS);

		if (zr != Z_OK) {
			src_err(s, zr == Z_MEM_ERROR ? "out of memory" : "cannot initialise zlib", NULL);
			return zr == Z_MEM_ERROR ? XOEV_ENOMEM : XOEV_EIO;
		}
		s->gz = 1;
		s->zinit = 1;
		s->in_member = 1;
	}
	return 0;
}

static void src_close(source *s)
{
	if (s->zinit)
		inflateEnd(&s->zs);
	s->zinit = 0;
	if (s->own_fd && s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

/* Up to cap decoded bytes into out; *n = 0 only at the end of the input. */
static int src_read(source *s, unsigned char *out, size_t cap, size_t *n)
{
	int rc;

	*n = 0;
	if (!s->gz) {
		if (s->in_pos == s->in_len) {
			s->in_pos = s->in_len = 0;
			rc = src_fill(s);
			if (rc)
				return rc;
		}
		*n = s->in_len - s->in_pos < cap ? s->in_len - s->in_pos : cap;
		memcpy(out, s->in + s->in_pos, *n);
		s->in_pos += *n;
		return 0;
	}
	while (*n == 0) {
		int zr;

		if (!s->in_member) {
			/* Between members (`cat a.gz b.gz`): the end, or another gzip header. */
			while (s->in_len - s->in_pos < 2 && !s->eof) {
				rc = src_fill(s);
				if (rc)
					return rc;
			}
			if (s->in_len == s->in_pos)
				return 0;
			if (s->in_len - s->in_pos < 2 || s->in[s->in_pos] != 0x1f ||
			    s->in[s->in_pos + 1] != 0x8b) {
				src_err(s, "corrupt gzip data", "trailing garbage after the compressed data");
				return XOEV_EIO;
			}
			if (inflateReset(&s->zs) != Z_OK) {
				src_err(s, "corrupt gzip data", NULL);
				return XOEV_EIO;
			}
			s->in_member = 1;
		}
		if (s->in_pos == s->in_len) {
			rc = src_fill(s);
			if (rc)
				return rc;
			if (s->in_len == 0 && s->eof) {
				src_err(s, "truncated gzip data", NULL);
				return XOEV_EIO;
			}
		}
		s->zs.next_in = s->in + s->in_pos;
		s->zs.avail_in = (uInt)(s->in_len - s->in_pos);
		s->zs.next_out = out;
		s->zs.avail_out = (uInt)cap;
		zr = inflate(&s->zs, Z_NO_FLUSH);
		s->in_pos = s->in_len - s->zs.avail_in;
		*n = cap - s->zs.avail_out;
		if (zr == Z_STREAM_END) {
			s->in_member = 0;
		} else if (zr == Z_MEM_ERROR) {
			src_err(s, "out of memory", NULL);
			return XOEV_ENOMEM;
		} else if (zr == Z_NEED_DICT || zr == Z_DATA_ERROR || zr == Z_STREAM_ERROR) {
			src_err(s, "corrupt gzip data", s->zs.msg);
			return XOEV_EIO;
		} else if (zr == Z_BUF_ERROR && *n == 0 && s->eof && s->in_pos == s->in_len) {
			src_err(s, "truncated gzip data", NULL);
			return XOEV_EIO;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* State                                                               */
/* ------------------------------------------------------------------ */

typedef struct {
	const xmlChar *local; /* dictionary strings of the parser */
	const xmlChar *uri;
	unsigned long count;
} name_count;

typedef struct {
	size_t path_len;     /* length of the XPath up to and including this step */
	unsigned long line;  /* start tag ('<') */
	unsigned long col;
	name_count *kids;    /* sibling counters of this element's children */
	size_t nkids, kcap;
	char *list_uri;      /* code element: its listURI / listVersionID (copies) */
	char *list_version;
	int code_element;    /* has listURI or listVersionID */
	int code_seen;       /* its first unqualified `code` child was checked */
	int is_code;         /* an unqualified `code` child of a code element */
} level;

enum { TEXT_NONE = 0, TEXT_CHARS, TEXT_CDATA };

typedef struct {
	xmlParserCtxtPtr ctxt;
	const char *name;
	xoev_diag_list *diags;
	const xoev_codelists *cl;
	unsigned int max_depth;
	size_t max_text;
	size_t max_attribute;

	int stopped;  /* we (or a limit) stopped the parser: later errors are noise */
	int failed;   /* an error or fatal finding was added */
	int oom;
	unsigned int parser_findings;
	unsigned int xsd_findings;

	level *levels;
	size_t depth; /* open elements; levels[depth - 1] is the innermost */
	size_t levels_cap;
	xoev_buf path; /* XPath of the open elements (steps beyond the top: stale) */

	/* where a schema error raised now belongs: set by each element event */
	size_t loc_path_len;
	unsigned long loc_line, loc_col;
	int loc_valid;

	int text_kind;
	size_t text_len;
	xoev_buf code_text; /* text of the `code` element being read */

	/* position cursor over the parser's (UTF-8) input buffer */
	unsigned long long cur_off;
	unsigned long cur_line, cur_col;
	int cur_col_known;
} stream_state;

static void add_finding(stream_state *st, xoev_severity sev, xoev_layer layer, const char *rule,
                        unsigned long line, unsigned long col, const char *xpath, const char *msg)
{
	if (sev >= XOEV_SEVERITY_ERROR)
		st->failed = 1;
	if (xoev_diag__addf(st->diags, sev, layer, rule, st->name, line, col, xpath, "%s", msg) != 0)
		st->oom = 1;
}

/* A new copy of the XPath of the element whose path ends at len. */
static char *path_dup(const stream_state *st, size_t len)
{
	char *s;

	if (!st->path.data || len == 0)
		return NULL;
	s = malloc(len + 1);
	if (!s)
		return NULL;
	memcpy(s, st->path.data, len);
	s[len] = '\0';
	return s;
}

static void stop_parser(stream_state *st)
{
	st->stopped = 1;
	if (st->ctxt)
		xmlStopParser(st->ctxt);
}

/* Stop for one of our own findings (limits, DOCTYPE), located at the innermost open element. */
static void stop_with(stream_state *st, const char *rule, unsigned long line, unsigned long col,
                      const char *msg)
{
	char *xp;

	if (st->stopped)
		return;
	xp = st->depth ? path_dup(st, st->levels[st->depth - 1].path_len) : NULL;
	add_finding(st, XOEV_SEVERITY_FATAL, XOEV_LAYER_WELLFORMED, rule, line, col, xp, msg);
	free(xp);
	stop_parser(st);
}

/* ------------------------------------------------------------------ */
/* Positions                                                           */
/* ------------------------------------------------------------------ */

/* Count lines and characters of p[0..n) into the cursor. */
static void cursor_count(stream_state *st, const unsigned char *p, size_t n)
{
	const unsigned char *nl = NULL, *q, *end = p + n;
	unsigned long chars = 0;

	for (q = end; q > p; q--) {
		if (q[-1] == '\n') {
			nl = q - 1;
			break;
		}
	}

	if (nl) {
		for (q = p; q <= nl; q++) {
			q = memchr(q, '\n', (size_t)(nl - q) + 1);
			st->cur_line++;
		}
		st->cur_col = 1;
		st->cur_col_known = 1;
		p = nl + 1;
	}
	for (q = p; q < end; q++)
		chars += (*q & 0xC0) != 0x80;
	st->cur_col += chars;
}

/*
 * Bring the cursor to absolute offset `to` of the parser's input. The
 * bytes between the cursor and `to` are normally still in the parser's
 * window (every SAX event moves the cursor to the parser's position, and
 * libxml2 keeps at least 80 bytes before it when it shrinks); if not, the
 * line is taken from libxml2 and the column from the window, if it holds
 * the start of the line.
 */
static void cursor_to(stream_state *st, unsigned long long to)
{
	xmlParserInputPtr in = st->ctxt ? st->ctxt->input : NULL;
	unsigned long long consumed, end_off;

	if (!in || !in->base || !in->cur || to <= st->cur_off)
		return;
	consumed = (unsigned long long)in->consumed;
	end_off = consumed + (unsigned long long)(in->end - in->base);
	if (to > end_off)
		return;
	if (st->cur_off == 0 && consumed == 0 && in->end - in->base >= 3 && in->base[0] == 0xEF &&
	    in->base[1] == 0xBB && in->base[2] == 0xBF)
		st->cur_off = 3; /* a byte order mark is no character of the document */
	if (st->cur_off >= consumed) {
		cursor_count(st, in->base + (st->cur_off - consumed), (size_t)(to - st->cur_off));
	} else {
		/* the bytes are gone: resynchronise */
		const xmlChar *target = in->base + (to - consumed), *p;
		unsigned long below = 0;

		for (p = target; p < in->cur; p++)
			below += *p == '\n';
		st->cur_line = (unsigned long)in->line > below ? (unsigned long)in->line - below : 1;
		for (p = target; p > in->base && p[-1] != '\n'; p--)
			;
		if (p > in->base || (consumed == 0)) {
			st->cur_col = 1;
			for (; p < target; p++)
				st->cur_col += (*p & 0xC0) != 0x80;
			st->cur_col_known = 1;
		} else {
			st->cur_col = 1;
			st->cur_col_known = 0;
		}
	}
	st->cur_off = to;
}

static unsigned long long parser_offset(const stream_state *st)
{
	xmlParserInputPtr in = st->ctxt->input;

	if (!in || !in->base || !in->cur)
		return 0;
	return (unsigned long long)in->consumed + (unsigned long long)(in->cur - in->base);
}

/* Every event: the cursor follows the parser. */
static void cursor_sync(stream_state *st)
{
	cursor_to(st, parser_offset(st));
}

/* Line and column of the '<' that opened the start tag being reported. */
static void start_tag_position(stream_state *st, unsigned long *line, unsigned long *col)
{
	xmlParserInputPtr in = st->ctxt->input;
	const xmlChar *p;

	*line = 0;
	*col = 0;
	if (!in || !in->base || !in->cur)
		return;
	/* Attribute values cannot hold a raw '<': the first one back is the tag's. */
	for (p = in->cur; p > in->base && p[-1] != '<'; p--)
		;
	if (p == in->base)
		return;
	cursor_to(st, (unsigned long long)in->consumed + (unsigned long long)(p - 1 - in->base));
	*line = st->cur_line;
	*col = st->cur_col_known ? st->cur_col : 0;
}

/* ------------------------------------------------------------------ */
/* The element stack and its XPath                                     */
/* ------------------------------------------------------------------ */

static int same_name(const xmlChar *a, const xmlChar *b)
{
	return a == b || (a && b && strcmp((const char *)a, (const char *)b) == 0);
}

/* Position of a child (local, uri) among its parent's children of that expanded name. */
static int count_sibling(level *parent, const xmlChar *local, const xmlChar *uri,
                         unsigned long *pos)
{
	size_t i;

	for (i = 0; i < parent->nkids; i++)
		if (parent->kids[i].local == local && parent->kids[i].uri == uri)
			goto found;
	for (i = 0; i < parent->nkids; i++)
		if (same_name(parent->kids[i].local, local) && same_name(parent->kids[i].uri, uri))
			goto found;
	if (parent->nkids == parent->kcap) {
		size_t ncap = parent->kcap ? parent->kcap * 2 : 8;
		name_count *nk = realloc(parent->kids, ncap * sizeof *nk);

		if (!nk)
			return -1;
		parent->kids = nk;
		parent->kcap = ncap;
	}
	i = parent->nkids++;
	parent->kids[i].local = local;
	parent->kids[i].uri = uri;
	parent->kids[i].count = 0;
found:
	*pos = ++parent->kids[i].count;
	return 0;
}

/* No-namespace attribute `name` among SAX2 attributes, as a new string; NULL if absent. */
static char *attr_copy(const xmlChar **attributes, int nb, const char *name, int *present,
                       int *oom)
{
	int i;

	*present = 0;
	for (i = 0; i < nb; i++) {
		const xmlChar *v = attributes[i * 5 + 3], *end = attributes[i * 5 + 4];
		size_t n;
		char *s;

		if (attributes[i * 5 + 2] != NULL || strcmp((const char *)attributes[i * 5], name) != 0)
			continue;
		*present = 1;
		n = (v && end && end >= v) ? (size_t)(end - v) : 0;
		s = malloc(n + 1);
		if (!s) {
			*oom = 1;
			return NULL;
		}
		if (n)
			memcpy(s, v, n);
		s[n] = '\0';
		return s;
	}
	return NULL;
}

static void level_clear_codes(level *l)
{
	free(l->list_uri);
	free(l->list_version);
	l->list_uri = l->list_version = NULL;
	l->code_element = l->code_seen = l->is_code = 0;
}

static int push_level(stream_state *st, const xmlChar *local, const xmlChar *prefix,
                      const xmlChar *uri, unsigned long line, unsigned long col,
                      int nb_attributes, const xmlChar **attributes)
{
	level *l, *parent = st->depth ? &st->levels[st->depth - 1] : NULL;
	unsigned long pos = 0;
	size_t base = parent ? parent->path_len : 0;
	int has_uri = 0, has_ver = 0;

	if (st->depth == st->levels_cap) {
		size_t ncap = st->levels_cap ? st->levels_cap * 2 : 32;
		level *nl = realloc(st->levels, ncap * sizeof *nl);

		if (!nl)
			return -1;
		memset(nl + st->levels_cap, 0, (ncap - st->levels_cap) * sizeof *nl);
		st->levels = nl;
		st->levels_cap = ncap;
		parent = st->depth ? &st->levels[st->depth - 1] : NULL;
	}
	if (parent && count_sibling(parent, local, uri, &pos) != 0)
		return -1;
	l = &st->levels[st->depth];
	l->nkids = 0;
	level_clear_codes(l);
	l->line = line;
	l->col = col;

	/* the step, written over whatever a closed sibling left there */
	st->path.len = base;
	xoev_buf__puts(&st->path, "/");
	if (prefix) {
		xoev_buf__printf(&st->path, "%s:%s", (const char *)prefix, (const char *)local);
	} else if (uri) {
		xoev_buf__puts(&st->path, "*[local-name()=");
		xoev_xml__xpath_literal(&st->path, (const char *)local);
		xoev_buf__puts(&st->path, " and namespace-uri()=");
		xoev_xml__xpath_literal(&st->path, (const char *)uri);
		xoev_buf__puts(&st->path, "]");
	} else {
		xoev_buf__puts(&st->path, (const char *)local);
	}
	if (parent)
		xoev_buf__printf(&st->path, "[%lu]", pos);
	if (st->path.failed)
		return -1;
	l->path_len = st->path.len;

	if (st->cl) {
		int oom = 0;

		l->list_uri = attr_copy(attributes, nb_attributes, "listURI", &has_uri, &oom);
		l->list_version = attr_copy(attributes, nb_attributes, "listVersionID", &has_ver, &oom);
		if (oom)
			return -1;
		l->code_element = has_uri || has_ver;
		if (!uri && parent && parent->code_element && !parent->code_seen &&
		    strcmp((const char *)local, "code") == 0) {
			parent->code_seen = 1;
			l->is_code = 1;
			st->code_text.len = 0;
			st->code_text.failed = 0;
		}
	}
	st->depth++;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Code lists                                                          */
/* ------------------------------------------------------------------ */

/* The `code` child of a code element ended: check it, located at the code element. */
static void check_code(stream_state *st, level *code_el)
{
	char *xp, *code;
	size_t before, i;
	int rc;

	if (st->code_text.failed) {
		st->oom = 1;
		return;
	}
	code = malloc(st->code_text.len + 1);
	if (!code) {
		st->oom = 1;
		return;
	}
	if (st->code_text.len)
		memcpy(code, st->code_text.data, st->code_text.len);
	code[st->code_text.len] = '\0';
	/* check_code normalises the values as their XSD types do (token, normalizedString) */
	xp = path_dup(st, code_el->path_len);
	before = xoev_diag_list_count(st->diags);
	rc = xoev_codelist__check_code(st->cl, code_el->list_uri, code_el->list_version, code,
	                               st->name, code_el->line, code_el->col, xp, st->diags);
	if (rc == XOEV_ENOMEM)
		st->oom = 1;
	for (i = before; i < xoev_diag_list_count(st->diags); i++)
		if (xoev_diag_severity(xoev_diag_list_get(st->diags, i)) >= XOEV_SEVERITY_ERROR)
			st->failed = 1;
	free(xp);
	free(code);
	st->code_text.len = 0;
}

/* ------------------------------------------------------------------ */
/* SAX handlers (called before the schema validator sees the event)    */
/* ------------------------------------------------------------------ */

static stream_state *state_of(void *ctx)
{
	return ((xmlParserCtxtPtr)ctx)->_private;
}

static void text_reset(stream_state *st)
{
	st->text_kind = TEXT_NONE;
	st->text_len = 0;
}

static void sax_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                              const xmlChar *URI, int nb_namespaces, const xmlChar **namespaces,
                              int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	stream_state *st = state_of(ctx);
	unsigned long line = 0, col = 0;
	int i;

	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted;
	if (st->stopped)
		return;
	text_reset(st);
	start_tag_position(st, &line, &col);
	if (st->depth + 1 > st->max_depth) {
		char msg[160];

		snprintf(msg, sizeof msg, "elements nested deeper than the limit of %u levels",
		         st->max_depth);
		stop_with(st, "wellformed.depth", line, col, msg);
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
			stop_with(st, "wellformed.attribute-size", line, col, msg);
			return;
		}
	}
	if (push_level(st, localname, prefix, URI, line, col, nb_attributes, attributes) != 0) {
		st->oom = 1;
		st->failed = 1;
		stop_parser(st);
		return;
	}
	st->loc_path_len = st->levels[st->depth - 1].path_len;
	st->loc_line = line;
	st->loc_col = col;
	st->loc_valid = 1;
}

static void sax_end_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                            const xmlChar *URI)
{
	stream_state *st = state_of(ctx);
	level *l;

	(void)localname;
	(void)prefix;
	(void)URI;
	if (st->stopped || st->depth == 0)
		return;
	text_reset(st);
	cursor_sync(st);
	l = &st->levels[st->depth - 1];
	if (l->is_code && st->depth >= 2)
		check_code(st, &st->levels[st->depth - 2]);
	/* The validator now checks this element's content: its findings are located here. */
	st->loc_path_len = l->path_len;
	st->loc_line = l->line;
	st->loc_col = l->col;
	st->loc_valid = 1;
	st->depth--;
}

static int text_allowed(stream_state *st, int kind, int len)
{
	if (st->stopped)
		return 0;
	cursor_sync(st);
	if (st->text_kind != kind) {
		st->text_kind = kind;
		st->text_len = 0;
	}
	st->text_len += len > 0 ? (size_t)len : 0;
	if (st->text_len > st->max_text) {
		char msg[160];

		snprintf(msg, sizeof msg, "a text node is longer than the limit of %zu bytes",
		         st->max_text);
		stop_with(st, "wellformed.text-size", st->cur_line, 0, msg);
		return 0;
	}
	return 1;
}

static void collect_code_text(stream_state *st, const xmlChar *ch, int len)
{
	if (st->depth && st->levels[st->depth - 1].is_code && len > 0)
		xoev_buf__append(&st->code_text, (const char *)ch, (size_t)len);
}

static void sax_characters(void *ctx, const xmlChar *ch, int len)
{
	stream_state *st = state_of(ctx);

	if (text_allowed(st, TEXT_CHARS, len))
		collect_code_text(st, ch, len);
}

static void sax_cdata(void *ctx, const xmlChar *value, int len)
{
	stream_state *st = state_of(ctx);

	if (text_allowed(st, TEXT_CDATA, len))
		collect_code_text(st, value, len);
}

static void sax_other(void *ctx)
{
	stream_state *st = state_of(ctx);

	if (st->stopped)
		return;
	text_reset(st);
	cursor_sync(st);
}

static void sax_comment(void *ctx, const xmlChar *value)
{
	(void)value;
	sax_other(ctx);
}

static void sax_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	(void)target;
	(void)data;
	sax_other(ctx);
}

static void sax_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ExternalID,
                                const xmlChar *SystemID)
{
	stream_state *st = state_of(ctx);
	unsigned long line, col;

	(void)name;
	(void)ExternalID;
	(void)SystemID;
	if (st->stopped)
		return;
	start_tag_position(st, &line, &col);
	stop_with(st, "wellformed.doctype", line, col,
	          "a DOCTYPE is not accepted (no DTDs, no entity declarations)");
}


static xmlEntityPtr sax_get_entity(void *ctx, const xmlChar *name)
{
	(void)ctx;
	(void)name;
	return NULL; /* no DOCTYPE, so no entity but the predefined ones */
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

static int contains(const char *s, const char *needle)
{
	return s && strstr(s, needle) != NULL;
}

/* A limit libxml2 enforced itself: one finding, then stop (what follows is noise). */
static void limit_stop(stream_state *st, const char *rule, const xmlError *e, const char *msg)
{
	add_finding(st, XOEV_SEVERITY_FATAL, XOEV_LAYER_WELLFORMED, rule,
	            e->line > 0 ? (unsigned long)e->line : 0, e->int2 > 0 ? (unsigned long)e->int2 : 0,
	            NULL, msg);
	stop_parser(st);
}

/*
 * libxml2's push parser will not look further than 10 MB ahead for the end
 * of one construct: what was it reading? A start tag (huge attribute), a
 * comment or processing instruction (huge text), else syntax.
 */
static void lookup_limit(stream_state *st, const xmlError *e)
{
	xmlParserInputPtr in = st->ctxt ? st->ctxt->input : NULL;
	const xmlChar *p = in ? in->cur : NULL;

	if (p && in->end - p >= 2 && p[0] == '<' && (p[1] == '!' || p[1] == '?'))
		limit_stop(st, "wellformed.text-size", e,
		           "a comment or processing instruction is longer than libxml2's limit of "
		           "10000000 bytes");
	else if (p && in->end - p >= 2 && p[0] == '<' && p[1] != '/')
		limit_stop(st, "wellformed.attribute-size", e,
		           "a start tag (its attribute values) is longer than libxml2's limit of "
		           "10000000 bytes");
	else
		limit_stop(st, "wellformed.text-size", e,
		           "a construct is longer than libxml2's limit of 10000000 bytes");
}

/* Parser errors: the thread's structured handler during the parse (ctx = our state). */
static void on_parse_error(void *ctx, xmlErrorPtr e)
{
	stream_state *st = ctx;
	const char *rule = "wellformed.syntax";
	xoev_severity sev;
	char *msg;

	if (!st || !e || e->code == XML_ERR_USER_STOP || st->stopped)
		return;
	if (e->code == XML_ERR_NO_MEMORY) {
		st->oom = 1;
		st->failed = 1;
		return;
	}
	if (e->code == XML_ERR_INTERNAL_ERROR && contains(e->message, "Excessive depth")) {
		limit_stop(st, "wellformed.depth", e,
		           "elements nested deeper than libxml2's limit of 256 levels");
		return;
	}
	if (contains(e->message, "Huge input lookup")) {
		lookup_limit(st, e);
		return;
	}
	if (contains(e->message, "AttValue length too long")) {
		limit_stop(st, "wellformed.attribute-size", e,
		           "an attribute value is longer than libxml2's limit of 10000000 bytes");
		return;
	}
	if (xoev_xml__is_encoding_error(e))
		rule = "wellformed.encoding";
	sev = xoev_xml__error_severity(e);
	if (sev >= XOEV_SEVERITY_ERROR)
		st->failed = 1;
	if (st->parser_findings >= MAX_PARSER_FINDINGS)
		return;
	st->parser_findings++;
	msg = xoev_xml__error_message(e);
	if (!msg) {
		st->oom = 1;
		return;
	}
	add_finding(st, sev, XOEV_LAYER_WELLFORMED, rule, e->line > 0 ? (unsigned long)e->line : 0,
	            e->int2 > 0 ? (unsigned long)e->int2 : 0, NULL, msg);
	free(msg);
}

/* Schema validation errors (xmlSchemaSetValidStructuredErrors). */
static void on_xsd_error(void *ctx, xmlErrorPtr err)
{
	stream_state *st = ctx;
	unsigned long line = 0, col = 0;
	char *msg, *xpath = NULL;
	size_t n;
	xoev_severity sev;

	if (!st || !err)
		return;
	sev = err->level == XML_ERR_WARNING ? XOEV_SEVERITY_WARNING : XOEV_SEVERITY_ERROR;
	if (sev >= XOEV_SEVERITY_ERROR)
		st->failed = 1;
	if (st->xsd_findings >= MAX_XSD_FINDINGS) {
		if (st->xsd_findings == MAX_XSD_FINDINGS)
			xoev_diag__addf(st->diags, XOEV_SEVERITY_INFO, XOEV_LAYER_XSD, "xsd.truncated",
			                st->name, 0, 0, NULL,
			                "more than %u schema findings; the rest are not reported",
			                MAX_XSD_FINDINGS);
		st->xsd_findings++;
		return;
	}
	st->xsd_findings++;
	msg = xoev_util__strdup(err->message ? err->message : "schema validation error");
	if (!msg) {
		st->oom = 1;
		return;
	}
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ' || msg[n - 1] == '.'))
		msg[--n] = '\0';
	if (st->loc_valid) {
		line = st->loc_line;
		col = st->loc_col;
		if (st->path.data && st->loc_path_len) {
			xpath = path_dup(st, st->loc_path_len);
			if (!xpath)
				st->oom = 1;
		}
	} else if (err->line > 0) {
		line = (unsigned long)err->line;
	}
	if (xoev_diag_list_add(st->diags, sev, XOEV_LAYER_XSD, xoev_validate__xsd_rule(err->code),
	                       msg, st->name, line, col, xpath) != 0)
		st->oom = 1;
	free(xpath);
	free(msg);
}

/* The schema validator's idea of where it is (used only when we have no element). */
static int xsd_locator(void *ctx, const char **file, unsigned long *line)
{
	stream_state *st = ctx;

	if (file)
		*file = st->name;
	if (line)
		*line = (st->ctxt && st->ctxt->input && st->ctxt->input->line > 0)
		                ? (unsigned long)st->ctxt->input->line
		                : 0;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The run                                                             */
/* ------------------------------------------------------------------ */

static void state_free(stream_state *st)
{
	size_t i;

	for (i = 0; i < st->levels_cap; i++) {
		free(st->levels[i].kids);
		level_clear_codes(&st->levels[i]);
	}
	free(st->levels);
	xoev_buf__free(&st->path);
	xoev_buf__free(&st->code_text);
}

static void init_sax(xmlSAXHandler *sax)
{
	memset(sax, 0, sizeof *sax);
	sax->initialized = XML_SAX2_MAGIC;
	sax->startElementNs = sax_start_element;
	sax->endElementNs = sax_end_element;
	sax->characters = sax_characters;
	sax->ignorableWhitespace = sax_characters;
	sax->cdataBlock = sax_cdata;
	sax->comment = sax_comment;
	sax->processingInstruction = sax_pi;
	sax->internalSubset = sax_internal_subset;
	sax->externalSubset = xoev_xml__sax_no_external_subset;
	sax->resolveEntity = xoev_xml__sax_no_entity;
	sax->getEntity = sax_get_entity;
	sax->getParameterEntity = sax_get_entity;
	/* serror stays NULL: parser errors reach the thread's structured handler (ours). */
}

/*
 * Push the whole input through the parser. Returns 0, XOEV_EIO (reason in
 * src->err) or XOEV_ENOMEM.
 */
static int run_parser(stream_state *st, source *src, xmlSchemaValidCtxtPtr vctxt,
                      const char *path)
{
	unsigned char *buf;
	xmlSAXHandler sax;
	xmlSchemaSAXPlugPtr plug = NULL;
	size_t n = 0, first;
	int rc;

	buf = malloc(OUT_CHUNK);
	if (!buf)
		return XOEV_ENOMEM;
	/* The first bytes tell libxml2 the encoding. */
	while (n < 4) {
		size_t got;

		rc = src_read(src, buf + n, OUT_CHUNK - n, &got);
		if (rc) {
			free(buf);
			return rc;
		}
		if (got == 0)
			break;
		n += got;
	}
	if (n == 0) {
		add_finding(st, XOEV_SEVERITY_FATAL, XOEV_LAYER_WELLFORMED, "wellformed.syntax", 0, 0,
		            NULL, "the document is empty");
		free(buf);
		return 0;
	}
	init_sax(&sax);
	first = n < 4 ? n : 4;
	st->ctxt = xmlCreatePushParserCtxt(&sax, NULL, (const char *)buf, (int)first, path);
	if (!st->ctxt) {
		free(buf);
		return XOEV_ENOMEM;
	}
	st->ctxt->_private = st;
	xmlCtxtUseOptions(st->ctxt, XML_PARSE_NONET);
	/* xmlCtxtUseOptions may set the DTD flags from the globals: clear them. */
	st->ctxt->loadsubset = 0;
	st->ctxt->validate = 0;
	st->ctxt->replaceEntities = 0;
	st->ctxt->pedantic = 0;
	st->ctxt->recovery = 0;
	if (vctxt) {
		plug = xmlSchemaSAXPlug(vctxt, &st->ctxt->sax, &st->ctxt->userData);
		if (!plug) {
			xmlFreeParserCtxt(st->ctxt);
			st->ctxt = NULL;
			free(buf);
			return XOEV_ENOMEM;
		}
	}
	rc = 0;
	if (n > first)
		xmlParseChunk(st->ctxt, (const char *)buf + first, (int)(n - first), 0);
	while (!st->stopped && !st->oom) {
		rc = src_read(src, buf, OUT_CHUNK, &n);
		if (rc || n == 0)
			break;
		xmlParseChunk(st->ctxt, (const char *)buf, (int)n, 0);
	}
	if (rc == 0 && !st->stopped && !st->oom)
		xmlParseChunk(st->ctxt, NULL, 0, 1);
	if (rc == 0 && !st->oom && !st->ctxt->wellFormed && !st->failed)
		add_finding(st, XOEV_SEVERITY_FATAL, XOEV_LAYER_WELLFORMED, "wellformed.syntax", 0, 0,
		            NULL, "the document is not well-formed");
	if (plug)
		xmlSchemaSAXUnplug(plug);
	if (rc == 0 && vctxt && !st->oom && st->ctxt->wellFormed && !st->stopped &&
	    xmlSchemaIsValid(vctxt) == 0 && st->xsd_findings == 0)
		add_finding(st, XOEV_SEVERITY_ERROR, XOEV_LAYER_XSD, "xsd.invalid", 0, 0, NULL,
		            "the document is not valid against its schema");
	xmlFreeParserCtxt(st->ctxt);
	st->ctxt = NULL;
	free(buf);
	return rc;
}

int xoev_stream__validate(const char *path, struct _xmlSchema *schema, const xoev_codelists *cl,
                          const xoev_limits *limits, xoev_diag_list *diags, int *invalid)
{
	stream_state st;
	source *src;
	xmlSchemaValidCtxtPtr vctxt = NULL;
	xoev_resolver deny;
	xoev_quiet quiet;
	int rc;

	if (invalid)
		*invalid = 0;
	if (!path || !diags)
		return XOEV_EINVAL;
	memset(&st, 0, sizeof st);
	st.name = path;
	st.diags = diags;
	st.cl = cl;
	st.max_depth = (limits && limits->max_depth) ? limits->max_depth : DEFAULT_MAX_DEPTH;
	st.max_text = (limits && limits->max_text_bytes) ? limits->max_text_bytes : DEFAULT_MAX_TEXT;
	st.max_attribute = (limits && limits->max_attribute_bytes) ? limits->max_attribute_bytes
	                                                           : DEFAULT_MAX_ATTRIBUTE;
	st.cur_line = 1;
	st.cur_col = 1;
	st.cur_col_known = 1;

	src = malloc(sizeof *src);
	if (!src)
		return XOEV_ENOMEM;
	rc = src_open(src, path);
	if (rc == 0 && schema) {
		vctxt = xmlSchemaNewValidCtxt(schema);
		if (!vctxt)
			rc = XOEV_ENOMEM;
		else {
			xmlSchemaSetValidStructuredErrors(vctxt, on_xsd_error, &st);
			xmlSchemaValidateSetLocator(vctxt, xsd_locator, &st);
		}
	}
	if (rc == 0) {
		/* Nothing is loaded (deny-all resolver), nothing is printed. */
		memset(&deny, 0, sizeof deny);
		deny.diags = diags;
		deny.layer = XOEV_LAYER_WELLFORMED;
		xoev_xml__quiet_begin(&quiet, on_parse_error, &st);
		xoev_resolver__push(&deny);
		rc = run_parser(&st, src, vctxt, path);
		xoev_resolver__pop();
		xoev_xml__quiet_end(&quiet);
	}
	if (rc == XOEV_EIO) {
		if (xoev_diag__addf(diags, XOEV_SEVERITY_FATAL, XOEV_LAYER_IO, "io.read", path, 0, 0,
		                    NULL, "%s", src->err[0] ? src->err : "cannot be read") != 0)
			rc = XOEV_ENOMEM;
		st.failed = 1;
	}
	if (rc == 0 && st.oom)
		rc = XOEV_ENOMEM;
	if (vctxt)
		xmlSchemaFreeValidCtxt(vctxt);
	src_close(src);
	free(src);
	state_free(&st);
	if (invalid && st.failed)
		*invalid = 1;
	return rc;
}
