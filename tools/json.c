/*
 * xoev - the JSON reader of `xoev new --from` (see json.h). A recursive
 * descent over one object of strings and arrays of strings, strict about
 * RFC 8259 strings (escapes, \u surrogate pairs, no control characters).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

typedef struct {
	const char *s, *end, *p;
	unsigned long line;
	const char *line_start;
	char *err;
	size_t errlen;
	int failed;
} reader;

static unsigned long column(const reader *r, const char *at)
{
	return (unsigned long)(at - r->line_start) + 1;
}

static int error_at(reader *r, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int error_at(reader *r, const char *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->failed)
		return -1;
	r->failed = 1;
	n = snprintf(r->err, r->errlen, "%lu:%lu: ", r->line, column(r, at));
	if (n >= 0 && (size_t)n < r->errlen) {
		va_start(ap, fmt);
		vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void skip_space(reader *r)
{
	while (r->p < r->end) {
		char c = *r->p;
		if (c == '\n') {
			r->line++;
			r->line_start = r->p + 1;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			break;
		}
		r->p++;
	}
}

/* What the next token is, for messages. */
static const char *describe_next(const reader *r)
{
	if (r->p >= r->end)
		return "the end of the input";
	switch (*r->p) {
	case '{': return "an object";
	case '[': return "an array";
	case '"': return "a string";
	case 't': case 'f': return "a boolean";
	case 'n': return "null";
	default:
		return (*r->p == '-' || (*r->p >= '0' && *r->p <= '9')) ? "a number" : "an unexpected character";
	}
}

static int hex4(const char *p, unsigned long *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char c = p[i];
		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static size_t put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* A string at r->p (the opening quote); a new string or NULL (error set). */
static char *read_string(reader *r)
{
	const char *start = r->p;
	char *out, *o;

	if (r->p >= r->end || *r->p != '"') {
		error_at(r, r->p, "expected a string, found %s", describe_next(r));
		return NULL;
	}
	r->p++;
	/* the decoded string is never longer than the encoded one */
	out = malloc((size_t)(r->end - r->p) + 1);
	if (!out) {
		error_at(r, start, "out of memory");
		return NULL;
	}
	o = out;
	while (r->p < r->end && *r->p != '"') {
		unsigned char c = (unsigned char)*r->p;
		if (c < 0x20) {
			error_at(r, r->p, "control character in a string (escape it)");
			free(out);
			return NULL;
		}
		if (c != '\\') {
			*o++ = (char)c;
			r->p++;
			continue;
		}
		if (r->p + 1 >= r->end)
			break;
		switch (r->p[1]) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			unsigned long cp, lo;
			if (r->end - r->p < 6 || hex4(r->p + 2, &cp) != 0) {
				error_at(r, r->p, "\\u needs four hexadecimal digits");
				free(out);
				return NULL;
			}
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (r->end - r->p < 12 || r->p[6] != '\\' || r->p[7] != 'u' ||
				    hex4(r->p + 8, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF) {
					error_at(r, r->p, "a high surrogate \\u%04lX without its low surrogate", cp);
					free(out);
					return NULL;
				}
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				r->p += 6;
			} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
				error_at(r, r->p, "a lone low surrogate \\u%04lX", cp);
				free(out);
				return NULL;
			} else if (cp == 0) {
				error_at(r, r->p, "\\u0000 is not allowed in a value");
				free(out);
				return NULL;
			}
			o += put_utf8(o, cp);
			r->p += 6;
			continue;
		}
		default:
			error_at(r, r->p, "unknown escape \\%c", r->p[1]);
			free(out);
			return NULL;
		}
		r->p += 2;
	}
	if (r->p >= r->end) {
		error_at(r, start, "unterminated string");
		free(out);
		return NULL;
	}
	r->p++; /* closing quote */
	*o = '\0';
	return out;
}

static int seen_path(const json_values *out, const char *path)
{
	size_t i;

	for (i = 0; i < out->count; i++)
		if (strcmp(out->items[i].path, path) == 0)
			return 1;
	return 0;
}

/* Add path (with index k > 0 put on its last element step) = value. */
static int add_value(reader *r, json_values *out, const char *path, unsigned long k,
                     char *value, const char *at)
{
	json_value *nv;
	char *p;

	if (k == 0) {
		p = strdup(path);
	} else {
		const char *slash = strrchr(path, '/');
		const char *last = slash ? slash + 1 : path;
		size_t head = *last == '@' ? (size_t)(slash ? slash - path : 0) : strlen(path);
		size_t n = strlen(path) + 24;
		if (head == 0 || path[head - 1] == ']') {
			free(value);
			return error_at(r, at, "an array for \"%s\": its last element step must not have an "
			                "index already", path);
		}
		p = malloc(n);
		if (p)
			snprintf(p, n, "%.*s[%lu]%s", (int)head, path, k, path + head);
	}
	if (p && seen_path(out, p)) {
		error_at(r, at, "\"%s\" is given twice", p);
		free(p);
		free(value);
		return -1;
	}
	nv = p ? realloc(out->items, (out->count + 1) * sizeof *nv) : NULL;
	if (!nv) {
		free(p);
		free(value);
		return error_at(r, at, "out of memory");
	}
	out->items = nv;
	nv[out->count].path = p;
	nv[out->count].value = value;
	nv[out->count].line = r->line;
	nv[out->count].column = column(r, at);
	out->count++;
	return 0;
}

/* One member's value: a string or an array of strings. */
static int read_member_value(reader *r, json_values *out, const char *path)
{
	const char *at;
	unsigned long k = 0;
	char *v;

	skip_space(r);
	at = r->p;
	if (r->p < r->end && *r->p == '"') {
		v = read_string(r);
		if (!v)
			return -1;
		return add_value(r, out, path, 0, v, at);
	}
	if (r->p >= r->end || *r->p != '[')
		return error_at(r, at, "the value of \"%s\" must be a string or an array of strings, "
		                "found %s", path, describe_next(r));
	r->p++;
	skip_space(r);
	if (r->p < r->end && *r->p == ']') {
		r->p++;
		return 0;
	}
	for (;;) {
		skip_space(r);
		at = r->p;
		if (r->p >= r->end || *r->p != '"')
			return error_at(r, at, "an array member of \"%s\" must be a string, found %s", path,
			                describe_next(r));
		v = read_string(r);
		if (!v || add_value(r, out, path, ++k, v, at) != 0)
			return -1;
		skip_space(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == ']') {
			r->p++;
			return 0;
		}
		return error_at(r, r->p, "expected ',' or ']' in the array of \"%s\", found %s", path,
		                describe_next(r));
	}
}

int json_read_values(const char *text, size_t len, json_values *out, char *err, size_t errlen)
{
	reader r;

	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	r.s = r.p = r.line_start = text;
	r.end = text + len;
	r.line = 1;
	r.err = err;
	r.errlen = errlen;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		r.p = r.line_start = text + 3; /* a BOM */
	skip_space(&r);
	if (r.p >= r.end || *r.p != '{') {
		error_at(&r, r.p, "expected an object {\"path\": \"value\", ...}, found %s",
		         describe_next(&r));
		goto fail;
	}
	r.p++;
	skip_space(&r);
	if (r.p < r.end && *r.p == '}') {
		r.p++;
	} else {
		for (;;) {
			char *path;
			int rc;
			skip_space(&r);
			if (r.p >= r.end || *r.p != '"') {
				error_at(&r, r.p, "expected a path in quotes, found %s", describe_next(&r));
				goto fail;
			}
			path = read_string(&r);
			if (!path)
				goto fail;
			if (!*path) {
				free(path);
				error_at(&r, r.p, "an empty path");
				goto fail;
			}
			skip_space(&r);
			if (r.p >= r.end || *r.p != ':') {
				free(path);
				error_at(&r, r.p, "expected ':' after the path, found %s", describe_next(&r));
				goto fail;
			}
			r.p++;
			rc = read_member_value(&r, out, path);
			free(path);
			if (rc != 0)
				goto fail;
			skip_space(&r);
			if (r.p < r.end && *r.p == ',') {
				r.p++;
				continue;
			}
			if (r.p < r.end && *r.p == '}') {
				r.p++;
				break;
			}
			error_at(&r, r.p, "expected ',' or '}' after a member, found %s", describe_next(&r));
			goto fail;
		}
	}
	skip_space(&r);
	if (r.p < r.end) {
		error_at(&r, r.p, "unexpected text after the object");
		goto fail;
	}
	return 0;
fail:
	json_values_free(out);
	return -1;
}

void json_values_free(json_values *v)
{
	size_t i;

	for (i = 0; i < v->count; i++) {
		free(v->items[i].path);
		free(v->items[i].value);
	}
	free(v->items);
	v->items = NULL;
	v->count = 0;
}
