/*
 * libxoev - rules: the XPath 2.0 subset of XGenerator's Schematron
 * (queryBinding="xslt2"), run on libxml2's XPath 1.0 engine.
 *
 * Two halves:
 *
 * - a source rewriter, applied once at load time:
 *     if (C) then T else E   ->  ((C) and (T)) or (not(C) and (E))
 *                                (boolean: asserts, reports and conditions)
 *     ( a, b, ... )          ->  xoev-sequence(a, b, ...), a node-set, so
 *                                that general comparisons such as
 *                                code = ('1','2') keep their meaning
 *     eq ne lt le gt ge      ->  = != < <= > >=
 *     (: comments :)         ->  removed
 *   Everything else outside the subset (for/some/every, instance of, cast,
 *   to, except/intersect, idiv, functions that are neither XPath 1.0 nor
 *   registered below) is reported with the construct, never run.
 *
 * - extension functions registered on the run's XPath context: exists(),
 *   empty(), matches() (XML Schema regular expressions translated to POSIX
 *   extended ones: \d \s \w and their negations, classes; flags i, m, s, x),
 *   string-join() and xoev-sequence().
 *
 * POSIX <regex.h> rather than PCRE2: it needs no new dependency; matching is
 * bytewise, so '.' matches one byte of a multi-byte UTF-8 character.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "rules_model.h"

/* ------------------------------------------------------------------ */
/* the rewriter                                                        */
/* ------------------------------------------------------------------ */

typedef struct {
	const char *s;
	xoev_buf out;
	const char *unsupported; /* static text of the first construct outside the subset */
	char what[128];
} rw;

static const char *const known_functions[] = {
	/* XPath 1.0 */
	"last", "position", "count", "id", "local-name", "namespace-uri", "name", "string",
	"concat", "starts-with", "contains", "substring-before", "substring-after", "substring",
	"string-length", "normalize-space", "translate", "boolean", "not", "true", "false", "lang",
	"number", "sum", "floor", "ceiling", "round",
	/* node tests */
	"node", "text", "comment", "processing-instruction",
	/* XSLT, registered by the runner */
	"current",
	/* registered below */
	"exists", "empty", "matches", "string-join", "xoev-sequence", NULL
};

static int name_start(int c)
{
	return isalpha(c) || c == '_' || (c & 0x80);
}

static int name_char(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.' || (c & 0x80);
}

static size_t skip_space(const char *s, size_t i, size_t end)
{
	while (i < end && isspace((unsigned char)s[i]))
		i++;
	return i;
}

/* End of a (Q)Name starting at i: NCName, optionally ":" NCName (not "::"). */
static size_t name_end(const char *s, size_t i, size_t end)
{
	while (i < end && name_char((unsigned char)s[i]))
		i++;
	if (i + 1 < end && s[i] == ':' && s[i + 1] != ':' && name_start((unsigned char)s[i + 1])) {
		i++;
		while (i < end && name_char((unsigned char)s[i]))
			i++;
	}
	return i;
}

/* The index after a string literal starting at i (its quote). */
static size_t skip_string(const char *s, size_t i, size_t end)
{
	char q = s[i++];
	while (i < end && s[i] != q)
		i++;
	return i < end ? i + 1 : end;
}

/* The index of the bracket closing the one at i, or end if unbalanced. */
static size_t match_close(const char *s, size_t i, size_t end)
{
	int depth = 0;

	while (i < end) {
		char c = s[i];
		if (c == '\'' || c == '"') {
			i = skip_string(s, i, end);
			continue;
		}
		if (c == '(' || c == '[')
			depth++;
		else if (c == ')' || c == ']') {
			if (--depth == 0)
				return i;
		}
		i++;
	}
	return end;
}

/* 1 if the word at i..j equals w. */
static int word_is(const char *s, size_t i, size_t j, const char *w)
{
	return j - i == strlen(w) && strncmp(s + i, w, j - i) == 0;
}

/*
 * The end of an if-expression's branch starting at i: for "then", the
 * matching "else" at depth 0 (nested ifs take theirs first); for "else",
 * the end of the enclosing level (a closing bracket or a comma at depth 0).
 */
static size_t branch_end(const char *s, size_t i, size_t end, int then_branch)
{
	int pending = 0;

	while (i < end) {
		char c = s[i];
		if (c == '\'' || c == '"') {
			i = skip_string(s, i, end);
		} else if (c == '(' || c == '[') {
			i = match_close(s, i, end) + 1;
		} else if (c == ')' || c == ']' || (c == ',' && !then_branch)) {
			return i;
		} else if (name_start((unsigned char)c) && (i == 0 || !name_char((unsigned char)s[i - 1]))) {
			size_t j = name_end(s, i, end);
			if (word_is(s, i, j, "if") && skip_space(s, j, end) < end && s[skip_space(s, j, end)] == '(')
				pending++;
			else if (then_branch && word_is(s, i, j, "else")) {
				if (pending == 0)
					return i;
				pending--;
			}
			i = j;
		} else {
			i++;
		}
	}
	return end;
}

static void unsupported(rw *w, const char *fmt, const char *name, size_t len)
{
	if (w->unsupported)
		return;
	snprintf(w->what, sizeof w->what, fmt, (int)(len > 60 ? 60 : len), name);
	w->unsupported = w->what;
}

static int is_known_function(const char *s, size_t len)
{
	size_t i;
	for (i = 0; known_functions[i]; i++)
		if (strlen(known_functions[i]) == len && strncmp(known_functions[i], s, len) == 0)
			return 1;
	return 0;
}

/* 1 if a top-level comma lies between the bracket at open and its match close. */
static int has_top_comma(const char *s, size_t open, size_t close)
{
	size_t i = open + 1;

	while (i < close) {
		char c = s[i];
		if (c == '\'' || c == '"')
			i = skip_string(s, i, close);
		else if (c == '(' || c == '[')
			i = match_close(s, i, close) + 1;
		else if (c == ',')
			return 1;
		else
			i++;
	}
	return 0;
}

static void rewrite_range(rw *w, size_t i, size_t end);

static void put_range(rw *w, const char *prefix, size_t a, size_t b, const char *suffix)
{
	xoev_buf__puts(&w->out, prefix);
	rewrite_range(w, a, b);
	xoev_buf__puts(&w->out, suffix);
}

/* if (C) then T else E, with i at "if" and j after it; returns the index after E. */
static size_t rewrite_if(rw *w, size_t j, size_t end)
{
	const char *s = w->s;
	size_t open = skip_space(s, j, end), close, then_kw, t0, t1, e0, e1;

	close = match_close(s, open, end);
	then_kw = skip_space(s, close + 1, end);
	if (close >= end || !word_is(s, then_kw, name_end(s, then_kw, end), "then")) {
		unsupported(w, "an if without then%.*s", "", 0);
		return end;
	}
	t0 = then_kw + 4;
	t1 = branch_end(s, t0, end, 1);
	if (t1 >= end || !word_is(s, t1, name_end(s, t1, end), "else")) {
		unsupported(w, "an if without else%.*s", "", 0);
		return end;
	}
	e0 = t1 + 4;
	e1 = branch_end(s, e0, end, 0);
	put_range(w, "(((", open + 1, close, ") and (");
	put_range(w, "", t0, t1, ")) or (not(");
	put_range(w, "", open + 1, close, ") and (");
	put_range(w, "", e0, e1, ")))");
	return e1;
}

static void rewrite_range(rw *w, size_t i, size_t end)
{
	const char *s = w->s;
	int operand = 0; /* the last token ended an operand: a name here is an operator */

	while (i < end && !w->unsupported) {
		char c = s[i];

		if (isspace((unsigned char)c)) {
			xoev_buf__append(&w->out, s + i, 1);
			i++;
		} else if (c == '\'' || c == '"') {
			size_t j = skip_string(s, i, end);
			xoev_buf__append(&w->out, s + i, j - i);
			i = j;
			operand = 1;
		} else if (c == '(' && i + 1 < end && s[i + 1] == ':') {
			const char *close = strstr(s + i + 2, ":)");
			i = close && (size_t)(close - s) < end ? (size_t)(close - s) + 2 : end;
		} else if (c == '$') {
			size_t j = name_end(s, i + 1, end);
			xoev_buf__append(&w->out, s + i, j - i);
			i = j;
			operand = 1;
		} else if (c == '(') {
			/* a parenthesised expression: with top-level commas, a sequence */
			size_t close = match_close(s, i, end);
			int seq = has_top_comma(s, i, close) || skip_space(s, i + 1, end) == close;
			put_range(w, seq ? "xoev-sequence(" : "(", i + 1, close, close < end ? ")" : "");
			i = close < end ? close + 1 : end;
			operand = 1;
		} else if (c == '[') {
			size_t close = match_close(s, i, end);
			put_range(w, "[", i + 1, close, close < end ? "]" : "");
			i = close < end ? close + 1 : end;
			operand = 1;
		} else if (c == '*') {
			xoev_buf__append(&w->out, s + i, 1);
			i++;
			operand = !operand;
		} else if (isdigit((unsigned char)c) || (c == '.' && i + 1 < end && isdigit((unsigned char)s[i + 1]))) {
			size_t j = i;
			while (j < end && (isdigit((unsigned char)s[j]) || s[j] == '.'))
				j++;
			if (j < end && (s[j] == 'e' || s[j] == 'E'))
				unsupported(w, "a number in exponent notation%.*s", "", 0);
			xoev_buf__append(&w->out, s + i, j - i);
			i = j;
			operand = 1;
		} else if (name_start((unsigned char)c)) {
			size_t j = name_end(s, i, end), k = skip_space(s, j, end);
			static const char *const cmp2[] = { "eq", "ne", "lt", "le", "gt", "ge", NULL };
			static const char *const cmp1[] = { "=", "!=", "<", "<=", ">", ">=", NULL };
			size_t n;

			if (operand) {
				/* operator position */
				for (n = 0; cmp2[n]; n++)
					if (word_is(s, i, j, cmp2[n]))
						break;
				if (cmp2[n]) {
					xoev_buf__puts(&w->out, cmp1[n]);
				} else if (word_is(s, i, j, "and") || word_is(s, i, j, "or") ||
				           word_is(s, i, j, "div") || word_is(s, i, j, "mod")) {
					xoev_buf__append(&w->out, s + i, j - i);
				} else {
					unsupported(w, "the operator '%.*s'", s + i, j - i);
				}
				i = j;
				operand = 0;
			} else if (word_is(s, i, j, "if") && k < end && s[k] == '(') {
				i = rewrite_if(w, j, end);
				operand = 1;
			} else if ((word_is(s, i, j, "for") || word_is(s, i, j, "some") ||
			            word_is(s, i, j, "every")) && k < end && s[k] == '$') {
				unsupported(w, "a '%.*s' expression", s + i, j - i);
				i = j;
			} else if (k < end && s[k] == '(' ) {
				if (!is_known_function(s + i, j - i))
					unsupported(w, "the function %.*s()", s + i, j - i);
				xoev_buf__append(&w->out, s + i, j - i);
				i = k;
				{
					size_t close = match_close(s, i, end);
					put_range(w, "(", i + 1, close, close < end ? ")" : "");
					i = close < end ? close + 1 : end;
				}
				operand = 1;
			} else {
				/* a name test, possibly an axis ("child::") */
				xoev_buf__append(&w->out, s + i, j - i);
				i = j;
				if (i + 1 < end && s[i] == ':' && s[i + 1] == ':') {
					xoev_buf__puts(&w->out, "::");
					i += 2;
					operand = 0;
				} else {
					operand = 1;
				}
			}
		} else {
			/* operators and punctuation: / // @ . .. | + - = != < > , */
			xoev_buf__append(&w->out, s + i, 1);
			operand = c == '.' || c == ')' || c == ']';
			if (c == '.' && i + 1 < end && s[i + 1] == '.') {
				xoev_buf__append(&w->out, s + i + 1, 1);
				i++;
			}
			i++;
		}
	}
}

char *xoev_rules__xpath2_rewrite(const char *src, char *why, size_t whylen, int *oom)
{
	rw w;
	char *out;

	*oom = 0;
	if (why && whylen)
		why[0] = '\0';
	memset(&w, 0, sizeof w);
	w.s = src;
	rewrite_range(&w, 0, strlen(src));
	if (w.unsupported) {
		if (why && whylen)
			snprintf(why, whylen, "%s", w.unsupported);
		xoev_buf__free(&w.out);
		return NULL;
	}
	out = xoev_buf__take(&w.out, NULL);
	if (!out)
		*oom = 1;
	return out;
}

/* ------------------------------------------------------------------ */
/* the extension functions                                             */
/* ------------------------------------------------------------------ */

static void push_boolean(xmlXPathParserContextPtr ctxt, int v)
{
	xmlXPathObjectPtr o = xmlXPathNewBoolean(v);
	if (!o) {
		xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
		return;
	}
	valuePush(ctxt, o);
}

static int nonempty(const xmlXPathObject *o)
{
	if (!o)
		return 0;
	if (o->type == XPATH_NODESET || o->type == XPATH_XSLT_TREE)
		return o->nodesetval && o->nodesetval->nodeNr > 0;
	return 1; /* one atomic item */
}

/* exists($seq): the sequence is not empty. */
static void fn_exists(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlXPathObjectPtr o;
	int v;

	CHECK_ARITY(1);
	o = valuePop(ctxt);
	v = nonempty(o);
	xmlXPathFreeObject(o);
	push_boolean(ctxt, v);
}

/* empty($seq): the sequence is empty. */
static void fn_empty(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlXPathObjectPtr o;
	int v;

	CHECK_ARITY(1);
	o = valuePop(ctxt);
	v = !nonempty(o);
	xmlXPathFreeObject(o);
	push_boolean(ctxt, v);
}

/* Append a POSIX bracket expression for an escape inside or outside a class; 0 if unknown. */
static int class_escape(xoev_buf *b, char e, int inside)
{
	const char *in = NULL, *neg = NULL;

	switch (e) {
	case 'd': in = "0-9"; break;
	case 'D': neg = "0-9"; break;
	case 's': in = " \t\n\r"; break;
	case 'S': neg = " \t\n\r"; break;
	case 'w': in = "[:alnum:]_"; break;
	case 'W': neg = "[:alnum:]_"; break;
	default: return 0;
	}
	if (inside && neg)
		return 0; /* a negated escape inside a class has no POSIX form */
	if (inside)
		xoev_buf__puts(b, in);
	else
		xoev_buf__printf(b, "[%s%s]", neg ? "^" : "", neg ? neg : in);
	return 1;
}

/*
 * An XML Schema / XPath regular expression as a POSIX extended one. NULL
 * if it uses what POSIX cannot express (\p{..}, \i, \c, class subtraction,
 * back-references); new string otherwise.
 */
static char *regex_to_posix(const char *re, int extended_ws)
{
	xoev_buf b = { 0 };
	const char *p = re;

	while (*p) {
		if (extended_ws && isspace((unsigned char)*p)) {
			p++;
		} else if (*p == '\\') {
			char e = p[1];
			if (!e)
				goto bad;
			if (class_escape(&b, e, 0)) {
			} else if (e == 'n') {
				xoev_buf__puts(&b, "\n");
			} else if (e == 't') {
				xoev_buf__puts(&b, "\t");
			} else if (e == 'r') {
				xoev_buf__puts(&b, "\r");
			} else if (strchr(".\\?*+{}()[]|^$", e)) {
				xoev_buf__append(&b, p, 2);
			} else if (e == '-') {
				xoev_buf__puts(&b, "-");
			} else {
				goto bad; /* \p, \P, \i, \c, back-references */
			}
			p += 2;
		} else if (*p == '[') {
			/* a class: collect its items; ']' and '-' literals placed where POSIX wants them */
			xoev_buf items = { 0 };
			int negated = 0, close_lit = 0, dash_lit = 0;
			p++;
			if (*p == '^') {
				negated = 1;
				p++;
			}
			while (*p && *p != ']') {
				if (*p == '\\') {
					char e = p[1];
					if (!e || (!class_escape(&items, e, 1) && !strchr("-][\\^.?*+{}()|$nrt", e))) {
						xoev_buf__free(&items);
						goto bad;
					}
					if (e == ']')
						close_lit = 1;
					else if (e == '-')
						dash_lit = 1;
					else if (e == 'n')
						xoev_buf__puts(&items, "\n");
					else if (e == 't')
						xoev_buf__puts(&items, "\t");
					else if (e == 'r')
						xoev_buf__puts(&items, "\r");
					else if (!strchr("dswDSW", e))
						xoev_buf__append(&items, p + 1, 1);
					p += 2;
				} else if (*p == '[' || (*p == '-' && p[1] == '[')) {
					xoev_buf__free(&items);
					goto bad; /* class subtraction */
				} else {
					xoev_buf__append(&items, p, 1);
					p++;
				}
			}
			if (*p != ']') {
				xoev_buf__free(&items);
				goto bad;
			}
			p++;
			xoev_buf__puts(&b, negated ? "[^" : "[");
			if (close_lit)
				xoev_buf__puts(&b, "]");
			if (items.len)
				xoev_buf__append(&b, items.data, items.len);
			if (dash_lit)
				xoev_buf__puts(&b, "-");
			xoev_buf__puts(&b, "]");
			xoev_buf__free(&items);
		} else {
			xoev_buf__append(&b, p, 1);
			p++;
		}
	}
	return xoev_buf__take(&b, NULL);
bad:
	xoev_buf__free(&b);
	return NULL;
}

/* matches($input, $pattern[, $flags]) */
static void fn_matches(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar *input = NULL, *pattern = NULL, *flags = NULL;
	char *posix = NULL;
	regex_t re;
	int cflags = REG_EXTENDED | REG_NOSUB, ok = 0;

	if (nargs != 2 && nargs != 3) {
		xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
		return;
	}
	if (nargs == 3)
		flags = xmlXPathPopString(ctxt);
	pattern = xmlXPathPopString(ctxt);
	input = xmlXPathPopString(ctxt);
	if (!pattern || !input || (nargs == 3 && !flags)) {
		xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
		goto out;
	}
	if (flags && strchr((const char *)flags, 'i'))
		cflags |= REG_ICASE;
	if (flags && strchr((const char *)flags, 'm'))
		cflags |= REG_NEWLINE;
	posix = regex_to_posix((const char *)pattern, flags && strchr((const char *)flags, 'x'));
	if (!posix || regcomp(&re, posix, cflags) != 0) {
		xmlXPathErr(ctxt, XPATH_INVALID_OPERAND); /* a runtime error naming the assert */
		goto out;
	}
	ok = regexec(&re, (const char *)input, 0, NULL, 0) == 0;
	regfree(&re);
	push_boolean(ctxt, ok);
out:
	free(posix);
	xmlFree(input);
	xmlFree(pattern);
	xmlFree(flags);
}

/* string-join($seq, $separator) */
static void fn_string_join(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar *sep;
	xmlXPathObjectPtr seq, res;
	xoev_buf b = { 0 };
	char *text;

	CHECK_ARITY(2);
	sep = xmlXPathPopString(ctxt);
	seq = valuePop(ctxt);
	if (seq && (seq->type == XPATH_NODESET || seq->type == XPATH_XSLT_TREE)) {
		int i;
		for (i = 0; seq->nodesetval && i < seq->nodesetval->nodeNr; i++) {
			xmlChar *v = xmlXPathCastNodeToString(seq->nodesetval->nodeTab[i]);
			if (i && sep)
				xoev_buf__puts(&b, (const char *)sep);
			if (v)
				xoev_buf__puts(&b, (const char *)v);
			else
				b.failed = 1;
			xmlFree(v);
		}
	} else if (seq) {
		xmlChar *v = xmlXPathCastToString(seq);
		if (v)
			xoev_buf__puts(&b, (const char *)v);
		else
			b.failed = 1;
		xmlFree(v);
	}
	xmlXPathFreeObject(seq);
	xmlFree(sep);
	text = xoev_buf__take(&b, NULL);
	res = text ? xmlXPathNewString((const xmlChar *)text) : NULL;
	free(text);
	if (!res) {
		xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
		return;
	}
	valuePush(ctxt, res);
}

/*
 * xoev-sequence(a, b, ...): the rewriter's form of (a, b, ...). A node-set:
 * nodes are merged, atomic values become elements of the run's scratch
 * document holding the value, so that XPath 1.0's node-set comparisons give XPath 2.0's
 * general comparisons ("some item equals").
 */
static void fn_sequence(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlXPathObjectPtr *args, res;
	xmlDocPtr scratch = xoev_rules__scratch(ctxt->context);
	int i;

	if (nargs < 0 || !scratch) {
		xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
		return;
	}
	args = calloc((size_t)nargs + 1, sizeof *args);
	res = xmlXPathNewNodeSet(NULL);
	if (!args || !res) {
		free(args);
		xmlXPathFreeObject(res);
		xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
		return;
	}
	for (i = nargs - 1; i >= 0; i--)
		args[i] = valuePop(ctxt);
	for (i = 0; i < nargs; i++) {
		xmlXPathObjectPtr a = args[i];
		if (!a)
			continue;
		if (a->type == XPATH_NODESET || a->type == XPATH_XSLT_TREE) {
			int k;
			for (k = 0; a->nodesetval && k < a->nodesetval->nodeNr; k++)
				xmlXPathNodeSetAdd(res->nodesetval, a->nodesetval->nodeTab[k]);
		} else {
			/* an element per value: adjacent text nodes would be merged */
			xmlChar *v = xmlXPathCastToString(a);
			xmlNodePtr t = v ? xmlNewDocNode(scratch, NULL, BAD_CAST "item", NULL) : NULL;
			if (t && !xmlAddChild(t, xmlNewDocText(scratch, v))) {
				xmlFreeNode(t);
				t = NULL;
			}
			xmlFree(v);
			if (t && !xmlAddChild(xmlDocGetRootElement(scratch), t)) {
				xmlFreeNode(t);
				t = NULL;
			}
			if (t)
				xmlXPathNodeSetAdd(res->nodesetval, t);
		}
		xmlXPathFreeObject(a);
	}
	free(args);
	valuePush(ctxt, res);
}

int xoev_rules__register_xpath2(xmlXPathContextPtr xp)
{
	if (xmlXPathRegisterFunc(xp, BAD_CAST "exists", fn_exists) != 0 ||
	    xmlXPathRegisterFunc(xp, BAD_CAST "empty", fn_empty) != 0 ||
	    xmlXPathRegisterFunc(xp, BAD_CAST "matches", fn_matches) != 0 ||
	    xmlXPathRegisterFunc(xp, BAD_CAST "string-join", fn_string_join) != 0 ||
	    xmlXPathRegisterFunc(xp, BAD_CAST "xoev-sequence", fn_sequence) != 0)
		return XOEV_ENOMEM;
	return 0;
}
