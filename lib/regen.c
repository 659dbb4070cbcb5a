/*
 * libxoev - strings that match an XML Schema regular expression, for the
 * skeleton generator's placeholder values.
 *
 * A small recursive-descent walker over the XSD regex syntax that XÖV
 * schemas use: literals and escapes, '.', character classes with ranges,
 * negation, class escapes (\d \w \s \i \c, \p{..}, their complements) and
 * subtraction, groups, alternation, and the quantifiers ? * + {n} {n,}
 * {n,m}. It writes one string as it walks: the first branch of an
 * alternation, a quantifier repeated clamp(stretch, min, max) times, and
 * for a class the first preferred character (by `variant`) that the class
 * contains. The caller checks the result with libxml2's regex engine and
 * tries other stretches and variants.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

typedef struct {
	const unsigned char *p;
	xoev_buf *out;
	long stretch;
	int variant;
	int error;
} rg;

static unsigned long utf8_next(const unsigned char **pp)
{
	const unsigned char *p = *pp;
	unsigned long c = *p;
	int n = 0;

	if (c < 0x80)
		n = 0;
	else if ((c & 0xE0) == 0xC0)
		c &= 0x1F, n = 1;
	else if ((c & 0xF0) == 0xE0)
		c &= 0x0F, n = 2;
	else
		c &= 0x07, n = 3;
	p++;
	while (n-- > 0 && (*p & 0xC0) == 0x80)
		c = (c << 6) | (*p++ & 0x3F);
	*pp = p;
	return c;
}

static void put_cp(xoev_buf *b, unsigned long c)
{
	char s[5];
	size_t n;

	if (c < 0x80) {
		s[0] = (char)c, n = 1;
	} else if (c < 0x800) {
		s[0] = (char)(0xC0 | (c >> 6)), s[1] = (char)(0x80 | (c & 0x3F)), n = 2;
	} else if (c < 0x10000) {
		s[0] = (char)(0xE0 | (c >> 12)), s[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		s[2] = (char)(0x80 | (c & 0x3F)), n = 3;
	} else {
		s[0] = (char)(0xF0 | (c >> 18)), s[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((c >> 6) & 0x3F)), s[3] = (char)(0x80 | (c & 0x3F)), n = 4;
	}
	xoev_buf__append(b, s, n);
}

/* ---- character sets ---- */

#define MAX_ITEMS 512

typedef struct {
	int kind;               /* 0 range, 1 class escape */
	unsigned long lo, hi;   /* range */
	char esc;               /* class escape letter: d D w W s S i I c C, p P */
	char prop[16];          /* \p{..} name */
} item;

typedef struct {
	item items[MAX_ITEMS];
	size_t n;
	int negated;
	void *sub;              /* subtracted set (cset *), may be NULL */
} cset;

static int is_letter(unsigned long c)
{
	return (c < 0x80 && isalpha((int)c)) || (c >= 0xC0 && c != 0xD7 && c != 0xF7 && c < 0x2000);
}

static int is_digit(unsigned long c)
{
	return c >= '0' && c <= '9';
}

static int esc_has(char e, const char *prop, unsigned long c)
{
	int r;

	switch (tolower((unsigned char)e)) {
	case 'd': r = is_digit(c); break;
	case 'w': r = is_letter(c) || is_digit(c); break;
	case 's': r = c == ' ' || c == '\t' || c == '\n' || c == '\r'; break;
	case 'i': r = is_letter(c) || c == '_' || c == ':'; break;
	case 'c': r = is_letter(c) || is_digit(c) || c == '_' || c == ':' || c == '-' || c == '.'; break;
	case 'p':
		if (prop[0] == 'L')
			r = is_letter(c);
		else if (prop[0] == 'N')
			r = is_digit(c);
		else if (prop[0] == 'Z')
			r = c == ' ';
		else if (prop[0] == 'P')
			r = c == '.' || c == ',' || c == '-';
		else
			r = 0;
		break;
	default: r = 0;
	}
	return isupper((unsigned char)e) ? !r : r;
}

static int cset_has(const cset *s, unsigned long c)
{
	size_t i;
	int in = 0;

	for (i = 0; i < s->n && !in; i++) {
		const item *it = &s->items[i];
		in = it->kind == 0 ? (c >= it->lo && c <= it->hi) : esc_has(it->esc, it->prop, c);
	}
	if (s->negated)
		in = !in;
	if (in && s->sub && cset_has(s->sub, c))
		in = 0;
	return in;
}

static const char *const preferences[] = { "X1a0A-", "1a0X", "a0X1", "0Aa1" };

static unsigned long cset_pick(const cset *s, int variant)
{
	const char *pref = preferences[variant % 4];
	size_t i;

	for (; *pref; pref++)
		if (cset_has(s, (unsigned char)*pref))
			return (unsigned char)*pref;
	/* the first printable member of a range */
	for (i = 0; i < s->n; i++)
		if (s->items[i].kind == 0) {
			unsigned long c = s->items[i].lo < 0x20 ? 0x20 : s->items[i].lo;
			if (c <= s->items[i].hi && cset_has(s, c))
				return c;
		}
	for (i = 0x21; i < 0x7F; i++)
		if (cset_has(s, i))
			return i;
	return 'X';
}

/* After a backslash: a single-character escape, or 0 if it is a class escape. */
static unsigned long single_escape(unsigned char e)
{
	switch (e) {
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 'd': case 'D': case 'w': case 'W': case 's': case 'S': case 'i': case 'I':
	case 'c': case 'C': case 'p': case 'P':
		return 0;
	default: return e;
	}
}

static void parse_class_escape(rg *r, item *it)
{
	it->kind = 1;
	it->esc = (char)*r->p++;
	it->prop[0] = '\0';
	if ((it->esc == 'p' || it->esc == 'P') && *r->p == '{') {
		size_t n = 0;
		r->p++;
		while (*r->p && *r->p != '}') {
			if (n + 1 < sizeof it->prop)
				it->prop[n++] = (char)*r->p;
			r->p++;
		}
		it->prop[n] = '\0';
		if (*r->p == '}')
			r->p++;
	}
}

static void cset_add(cset *s, const item *it)
{
	if (s->n < MAX_ITEMS)
		s->items[s->n++] = *it;
}

/* Parse "[...]" (r->p just after '['); fills s. */
static void parse_class(rg *r, cset *s)
{
	memset(s, 0, sizeof *s);
	if (*r->p == '^') {
		s->negated = 1;
		r->p++;
	}
	while (*r->p && *r->p != ']') {
		item it;
		unsigned long c;
		memset(&it, 0, sizeof it);
		if (*r->p == '-' && r->p[1] == '[') { /* subtraction */
			cset *sub = malloc(sizeof *sub);
			r->p += 2;
			if (!sub) {
				r->error = 1;
				return;
			}
			parse_class(r, sub);
			s->sub = sub;
			continue;
		}
		if (*r->p == '\\') {
			r->p++;
			c = single_escape(*r->p);
			if (!c) {
				parse_class_escape(r, &it);
				cset_add(s, &it);
				continue;
			}
			r->p++;
		} else {
			c = utf8_next(&r->p);
		}
		it.lo = it.hi = c;
		if (*r->p == '-' && r->p[1] && r->p[1] != ']' && r->p[1] != '[') {
			r->p++;
			if (*r->p == '\\') {
				r->p++;
				it.hi = single_escape(*r->p);
				if (!it.hi)
					it.hi = *r->p;
				r->p++;
			} else {
				it.hi = utf8_next(&r->p);
			}
		}
		cset_add(s, &it);
	}
	if (*r->p == ']')
		r->p++;
	else
		r->error = 1;
}

static void cset_free_sub(cset *s)
{
	if (s->sub) {
		cset_free_sub(s->sub);
		free(s->sub);
	}
}

/* ---- the walker ---- */

static void walk_alt(rg *r, int emit);

/* One atom; emits it once if emit. Returns the atom's start for repetition. */
static void walk_atom(rg *r, int emit)
{
	unsigned long c;

	if (*r->p == '(') {
		r->p++;
		walk_alt(r, emit);
		if (*r->p == ')')
			r->p++;
		else
			r->error = 1;
		return;
	}
	if (*r->p == '[') {
		cset *s = malloc(sizeof *s);
		r->p++;
		if (!s) {
			r->error = 1;
			return;
		}
		parse_class(r, s);
		if (emit)
			put_cp(r->out, cset_pick(s, r->variant));
		cset_free_sub(s);
		free(s);
		return;
	}
	if (*r->p == '.') {
		r->p++;
		if (emit)
			put_cp(r->out, 'X');
		return;
	}
	if (*r->p == '\\') {
		r->p++;
		c = single_escape(*r->p);
		if (!c) {
			cset *s = calloc(1, sizeof *s);
			item it;
			if (!s) {
				r->error = 1;
				return;
			}
			memset(&it, 0, sizeof it);
			parse_class_escape(r, &it);
			cset_add(s, &it);
			if (emit)
				put_cp(r->out, cset_pick(s, r->variant));
			free(s);
			return;
		}
		r->p++;
		if (emit)
			put_cp(r->out, c);
		return;
	}
	c = utf8_next(&r->p);
	if (emit)
		put_cp(r->out, c);
}

static void parse_quant(rg *r, long *min, long *max)
{
	*min = *max = 1;
	if (*r->p == '?') {
		*min = 0, *max = 1, r->p++;
	} else if (*r->p == '*') {
		*min = 0, *max = -1, r->p++;
	} else if (*r->p == '+') {
		*min = 1, *max = -1, r->p++;
	} else if (*r->p == '{') {
		char *end;
		r->p++;
		*min = strtol((const char *)r->p, &end, 10);
		r->p = (const unsigned char *)end;
		if (*r->p == ',') {
			r->p++;
			if (*r->p == '}') {
				*max = -1;
			} else {
				*max = strtol((const char *)r->p, &end, 10);
				r->p = (const unsigned char *)end;
			}
		} else {
			*max = *min;
		}
		if (*r->p == '}')
			r->p++;
		else
			r->error = 1;
	}
}

static void walk_branch(rg *r, int emit)
{
	while (*r->p && *r->p != '|' && *r->p != ')' && !r->error) {
		const unsigned char *start = r->p, *after;
		long min, max, count, i;
		walk_atom(r, 0); /* find the atom's end */
		after = r->p;
		parse_quant(r, &min, &max);
		count = r->stretch;
		if (count < min)
			count = min;
		if (max >= 0 && count > max)
			count = max;
		if (count > 4096)
			count = 4096;
		for (i = 0; emit && i < count && !r->error; i++) {
			const unsigned char *save = r->p;
			r->p = start;
			walk_atom(r, 1);
			r->p = save;
		}
		(void)after;
	}
}

static void walk_alt(rg *r, int emit)
{
	walk_branch(r, emit);
	while (*r->p == '|' && !r->error) {
		r->p++;
		walk_branch(r, 0);
	}
}

char *xoev_regen__string(const char *pattern, long stretch, int variant)
{
	xoev_buf out = { 0 };
	rg r;

	memset(&r, 0, sizeof r);
	r.p = (const unsigned char *)pattern;
	r.out = &out;
	r.stretch = stretch;
	r.variant = variant;
	walk_alt(&r, 1);
	if (*r.p)
		r.error = 1;
	if (r.error) {
		xoev_buf__free(&out);
		return NULL;
	}
	xoev_buf__append(&out, "", 0);
	return xoev_buf__take(&out, NULL);
}
