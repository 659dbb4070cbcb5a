/*
 * libxoev - small string and buffer helpers shared inside lib/.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

char *xoev_util__strdup(const char *s)
{
	size_t n;
	char *d;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

static char *vprintf_new(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *s;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *xoev_util__printf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vprintf_new(fmt, ap);
	va_end(ap);
	return s;
}

static int buf_reserve(xoev_buf *b, size_t extra)
{
	size_t need, cap;
	char *d;

	if (b->failed)
		return -1;
	if (extra > (size_t)-1 - b->len - 1) {
		b->failed = 1;
		return -1;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
	d = realloc(b->data, cap);
	if (!d) {
		b->failed = 1;
		return -1;
	}
	b->data = d;
	b->cap = cap;
	return 0;
}

void xoev_buf__append(xoev_buf *b, const char *s, size_t n)
{
	if (buf_reserve(b, n) != 0)
		return;
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void xoev_buf__puts(xoev_buf *b, const char *s)
{
	if (s)
		xoev_buf__append(b, s, strlen(s));
}

void xoev_buf__printf(xoev_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = vprintf_new(fmt, ap);
	va_end(ap);
	if (!s) {
		b->failed = 1;
		return;
	}
	xoev_buf__puts(b, s);
	free(s);
}

void xoev_buf__xml_escape(xoev_buf *b, const char *s)
{
	const char *p, *start;

	if (!s)
		return;
	for (start = p = s; *p; p++) {
		const char *rep = NULL;
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&apos;"; break;
		default: break;
		}
		if (rep) {
			xoev_buf__append(b, start, (size_t)(p - start));
			xoev_buf__puts(b, rep);
			start = p + 1;
		}
	}
	xoev_buf__append(b, start, (size_t)(p - start));
}

void xoev_buf__json_string(xoev_buf *b, const char *s)
{
	const unsigned char *p;

	xoev_buf__append(b, "\"", 1);
	for (p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '"': xoev_buf__append(b, "\\\"", 2); break;
		case '\\': xoev_buf__append(b, "\\\\", 2); break;
		case '\n': xoev_buf__append(b, "\\n", 2); break;
		case '\r': xoev_buf__append(b, "\\r", 2); break;
		case '\t': xoev_buf__append(b, "\\t", 2); break;
		default:
			if (*p < 0x20)
				xoev_buf__printf(b, "\\u%04x", *p);
			else
				xoev_buf__append(b, (const char *)p, 1);
		}
	}
	xoev_buf__append(b, "\"", 1);
}

char *xoev_buf__take(xoev_buf *b, size_t *len)
{
	char *d;

	if (b->failed) {
		xoev_buf__free(b);
		return NULL;
	}
	if (!b->data) {
		if (buf_reserve(b, 0) != 0)
			return NULL;
		b->data[0] = '\0';
	}
	d = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return d;
}

void xoev_buf__free(xoev_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

int xoev_strv__push_owned(xoev_strv *v, char *s)
{
	if (!s)
		return XOEV_ENOMEM;
	if (v->count == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		char **items = realloc(v->items, cap * sizeof *items);
		if (!items) {
			free(s);
			return XOEV_ENOMEM;
		}
		v->items = items;
		v->cap = cap;
	}
	v->items[v->count++] = s;
	return XOEV_OK;
}

int xoev_strv__push(xoev_strv *v, const char *s)
{
	return xoev_strv__push_owned(v, xoev_util__strdup(s ? s : ""));
}

int xoev_strv__contains(const xoev_strv *v, const char *s)
{
	size_t i;

	for (i = 0; i < v->count; i++)
		if (strcmp(v->items[i], s) == 0)
			return 1;
	return 0;
}

void xoev_strv__free(xoev_strv *v)
{
	size_t i;

	for (i = 0; i < v->count; i++)
		free(v->items[i]);
	free(v->items);
	v->items = NULL;
	v->count = v->cap = 0;
}
