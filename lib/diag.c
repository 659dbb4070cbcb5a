/*
 * libxoev - diagnostics: a caller-owned list of located findings.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct xoev_diag {
	xoev_severity severity;
	xoev_layer layer;
	char *rule;
	char *message;
	char *file;
	unsigned long line;
	unsigned long column;
	char *xpath;
};

struct xoev_diag_list {
	xoev_diag *items;
	size_t count;
	size_t cap;
};

int xoev_diag_list_new(xoev_diag_list **out)
{
	if (!out)
		return XOEV_EINVAL;
	*out = calloc(1, sizeof **out);
	return *out ? XOEV_OK : XOEV_ENOMEM;
}

static void diag_release(xoev_diag *d)
{
	free(d->rule);
	free(d->message);
	free(d->file);
	free(d->xpath);
}

void xoev_diag_list_clear(xoev_diag_list *list)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < list->count; i++)
		diag_release(&list->items[i]);
	list->count = 0;
}

void xoev_diag_list_free(xoev_diag_list *list)
{
	if (!list)
		return;
	xoev_diag_list_clear(list);
	free(list->items);
	free(list);
}

size_t xoev_diag_list_count(const xoev_diag_list *list)
{
	return list ? list->count : 0;
}

size_t xoev_diag_list_count_at_least(const xoev_diag_list *list, xoev_severity severity)
{
	size_t i, n = 0;

	if (!list)
		return 0;
	for (i = 0; i < list->count; i++)
		if (list->items[i].severity >= severity)
			n++;
	return n;
}

const xoev_diag *xoev_diag_list_get(const xoev_diag_list *list, size_t i)
{
	if (!list || i >= list->count)
		return NULL;
	return &list->items[i];
}

int xoev_diag_list_add(xoev_diag_list *list, xoev_severity severity, xoev_layer layer,
                       const char *rule, const char *message, const char *file,
                       unsigned long line, unsigned long column, const char *xpath)
{
	xoev_diag d;

	if (!list || !message)
		return XOEV_EINVAL;
	if (list->count == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		xoev_diag *items = realloc(list->items, cap * sizeof *items);
		if (!items)
			return XOEV_ENOMEM;
		list->items = items;
		list->cap = cap;
	}
	memset(&d, 0, sizeof d);
	d.severity = severity;
	d.layer = layer;
	d.line = line;
	d.column = column;
	d.rule = xoev_util__strdup(rule ? rule : "unspecified");
	d.message = xoev_util__strdup(message);
	d.file = file ? xoev_util__strdup(file) : NULL;
	d.xpath = xpath ? xoev_util__strdup(xpath) : NULL;
	if (!d.rule || !d.message || (file && !d.file) || (xpath && !d.xpath)) {
		diag_release(&d);
		return XOEV_ENOMEM;
	}
	list->items[list->count++] = d;
	return XOEV_OK;
}

int xoev_diag__addf(xoev_diag_list *list, xoev_severity sev, xoev_layer layer,
                    const char *rule, const char *file, unsigned long line,
                    unsigned long column, const char *xpath, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n, rc;

	if (!list)
		return XOEV_OK;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return XOEV_ENOMEM;
	msg = malloc((size_t)n + 1);
	if (!msg)
		return XOEV_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = xoev_diag_list_add(list, sev, layer, rule, msg, file, line, column, xpath);
	free(msg);
	return rc;
}

int xoev_diag__append_all(xoev_diag_list *dst, const xoev_diag_list *src)
{
	size_t i;
	int rc;

	if (!dst || !src)
		return XOEV_OK;
	for (i = 0; i < src->count; i++) {
		const xoev_diag *d = &src->items[i];
		rc = xoev_diag_list_add(dst, d->severity, d->layer, d->rule, d->message, d->file,
		                        d->line, d->column, d->xpath);
		if (rc)
			return rc;
	}
	return XOEV_OK;
}

xoev_severity xoev_diag_severity(const xoev_diag *d) { return d ? d->severity : XOEV_SEVERITY_INFO; }
xoev_layer xoev_diag_layer(const xoev_diag *d) { return d ? d->layer : XOEV_LAYER_IO; }
const char *xoev_diag_rule(const xoev_diag *d) { return d ? d->rule : ""; }
const char *xoev_diag_message(const xoev_diag *d) { return d ? d->message : ""; }
const char *xoev_diag_file(const xoev_diag *d) { return d ? d->file : NULL; }
unsigned long xoev_diag_line(const xoev_diag *d) { return d ? d->line : 0; }
unsigned long xoev_diag_column(const xoev_diag *d) { return d ? d->column : 0; }
const char *xoev_diag_xpath(const xoev_diag *d) { return d ? d->xpath : NULL; }

const char *xoev_severity_name(xoev_severity severity)
{
	switch (severity) {
	case XOEV_SEVERITY_INFO: return "info";
	case XOEV_SEVERITY_WARNING: return "warning";
	case XOEV_SEVERITY_ERROR: return "error";
	case XOEV_SEVERITY_FATAL: return "fatal";
	}
	return "unknown";
}

const char *xoev_layer_name(xoev_layer layer)
{
	switch (layer) {
	case XOEV_LAYER_IO: return "io";
	case XOEV_LAYER_WELLFORMED: return "wellformed";
	case XOEV_LAYER_DETECT: return "detect";
	case XOEV_LAYER_XSD: return "xsd";
	case XOEV_LAYER_CODELIST: return "codelist";
	case XOEV_LAYER_RULE: return "rule";
	case XOEV_LAYER_HEADER: return "header";
	case XOEV_LAYER_TRANSLATE: return "translate";
	case XOEV_LAYER_BUNDLE: return "bundle";
	}
	return "unknown";
}

char *xoev_diag_format(const xoev_diag *d)
{
	xoev_buf b = { 0 };

	if (!d)
		return NULL;
	if (d->file) {
		xoev_buf__puts(&b, d->file);
		if (d->line) {
			xoev_buf__printf(&b, ":%lu", d->line);
			if (d->column)
				xoev_buf__printf(&b, ":%lu", d->column);
		}
		xoev_buf__puts(&b, ": ");
	}
	xoev_buf__printf(&b, "%s: %s: %s", xoev_severity_name(d->severity), d->rule, d->message);
	if (d->xpath)
		xoev_buf__printf(&b, " [%s]", d->xpath);
	return xoev_buf__take(&b, NULL);
}

int xoev_diag__regrade(xoev_diag_list *list, size_t from, const xoev_profile *p)
{
	size_t i, out;

	if (!list || !p)
		return XOEV_OK;
	for (i = out = from; i < list->count; i++) {
		xoev_diag d = list->items[i];
		int grade = (d.layer == XOEV_LAYER_IO || d.layer == XOEV_LAYER_WELLFORMED) ?
		            -2 : xoev_profile__grade(p, d.rule);
		if (grade == XOEV_GRADE_OFF) {
			diag_release(&d);
			continue;
		}
		if (grade >= 0)
			d.severity = (xoev_severity)grade;
		list->items[out++] = d;
	}
	list->count = out;
	return XOEV_OK;
}
