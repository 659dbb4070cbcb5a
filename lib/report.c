/*
 * libxoev - reports: one data model (documents with verdicts and
 * findings), several writers (text, JSON).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct {
	char *file;
	xoev_verdict verdict;
	char *standard;
	char *version;
	char *message;
	char *number;
	xoev_diag_list *diags;
} report_entry;

struct xoev_report {
	report_entry *entries;
	size_t count;
	size_t cap;
};

int xoev_report_new(xoev_report **out)
{
	if (!out)
		return XOEV_EINVAL;
	*out = calloc(1, sizeof **out);
	return *out ? XOEV_OK : XOEV_ENOMEM;
}

static void entry_free(report_entry *e)
{
	free(e->file);
	free(e->standard);
	free(e->version);
	free(e->message);
	free(e->number);
	xoev_diag_list_free(e->diags);
}

void xoev_report_free(xoev_report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->count; i++)
		entry_free(&r->entries[i]);
	free(r->entries);
	free(r);
}

static int dup_opt(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return 0;
	*dst = xoev_util__strdup(src);
	return *dst ? 0 : -1;
}

int xoev_report_add(xoev_report *r, const char *file, xoev_verdict verdict,
                    const xoev_bundle *bundle, const xoev_message_type *type,
                    const xoev_diag_list *diags)
{
	report_entry e;

	if (!r || !file)
		return XOEV_EINVAL;
	if (r->count == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		report_entry *ne = realloc(r->entries, cap * sizeof *ne);
		if (!ne)
			return XOEV_ENOMEM;
		r->entries = ne;
		r->cap = cap;
	}
	memset(&e, 0, sizeof e);
	e.verdict = verdict;
	if (dup_opt(&e.file, file) || dup_opt(&e.standard, xoev_bundle_standard(bundle)) ||
	    dup_opt(&e.version, xoev_bundle_version(bundle)) ||
	    dup_opt(&e.message, xoev_message_type_root(type)) ||
	    dup_opt(&e.number, xoev_message_type_number(type)) || xoev_diag_list_new(&e.diags) ||
	    xoev_diag__append_all(e.diags, diags)) {
		entry_free(&e);
		return XOEV_ENOMEM;
	}
	r->entries[r->count++] = e;
	return XOEV_OK;
}

void xoev_report_counts(const xoev_report *r, size_t *valid, size_t *invalid, size_t *io_errors,
                        size_t *unknown)
{
	size_t i, n[4] = { 0, 0, 0, 0 };

	for (i = 0; r && i < r->count; i++)
		if ((unsigned)r->entries[i].verdict < 4)
			n[r->entries[i].verdict]++;
	if (valid)
		*valid = n[XOEV_VERDICT_VALID];
	if (invalid)
		*invalid = n[XOEV_VERDICT_INVALID];
	if (io_errors)
		*io_errors = n[XOEV_VERDICT_IO_ERROR];
	if (unknown)
		*unknown = n[XOEV_VERDICT_UNKNOWN];
}

char *xoev_report_summary(const xoev_report *r)
{
	size_t valid, invalid, io, unknown;

	xoev_report_counts(r, &valid, &invalid, &io, &unknown);
	return xoev_util__printf("%zu file%s: %zu valid, %zu invalid, %zu unreadable, %zu unknown",
	                         r ? r->count : 0, (r && r->count == 1) ? "" : "s", valid, invalid,
	                         io, unknown);
}

static void text_entry(xoev_buf *b, const report_entry *e)
{
	size_t i;

	for (i = 0; i < xoev_diag_list_count(e->diags); i++) {
		char *line = xoev_diag_format(xoev_diag_list_get(e->diags, i));
		if (!line) {
			b->failed = 1;
			return;
		}
		xoev_buf__puts(b, line);
		xoev_buf__puts(b, "\n");
		free(line);
	}
	xoev_buf__printf(b, "%s: %s", e->file, xoev_verdict_name(e->verdict));
	if (e->standard)
		xoev_buf__printf(b, " (%s %s%s%s)", e->standard, e->version,
		                 e->message ? " " : "", e->message ? e->message : "");
	xoev_buf__puts(b, "\n");
}

static void json_opt(xoev_buf *b, const char *key, const char *value, int comma)
{
	xoev_buf__json_string(b, key);
	xoev_buf__puts(b, ": ");
	if (value)
		xoev_buf__json_string(b, value);
	else
		xoev_buf__puts(b, "null");
	if (comma)
		xoev_buf__puts(b, ", ");
}

static void json_entry(xoev_buf *b, const report_entry *e)
{
	size_t i;

	xoev_buf__puts(b, "{");
	json_opt(b, "file", e->file, 1);
	json_opt(b, "verdict", xoev_verdict_name(e->verdict), 1);
	json_opt(b, "standard", e->standard, 1);
	json_opt(b, "version", e->version, 1);
	json_opt(b, "message", e->message, 1);
	json_opt(b, "number", e->number, 1);
	xoev_buf__puts(b, "\"findings\": [");
	for (i = 0; i < xoev_diag_list_count(e->diags); i++) {
		const xoev_diag *d = xoev_diag_list_get(e->diags, i);
		xoev_buf__puts(b, i ? ", {" : "{");
		json_opt(b, "severity", xoev_severity_name(xoev_diag_severity(d)), 1);
		json_opt(b, "layer", xoev_layer_name(xoev_diag_layer(d)), 1);
		json_opt(b, "rule", xoev_diag_rule(d), 1);
		json_opt(b, "message", xoev_diag_message(d), 1);
		json_opt(b, "file", xoev_diag_file(d), 1);
		xoev_buf__printf(b, "\"line\": %lu, \"column\": %lu, ", xoev_diag_line(d),
		                 xoev_diag_column(d));
		json_opt(b, "xpath", xoev_diag_xpath(d), 0);
		xoev_buf__puts(b, "}");
	}
	xoev_buf__puts(b, "]}");
}

int xoev_report_format(const xoev_report *r, xoev_format format, char **out, size_t *len)
{
	xoev_buf b = { 0 };
	size_t i, valid, invalid, io, unknown;
	char *summary;

	if (!r || !out || (format != XOEV_FORMAT_TEXT && format != XOEV_FORMAT_JSON))
		return XOEV_EINVAL;
	*out = NULL;
	summary = xoev_report_summary(r);
	if (!summary)
		return XOEV_ENOMEM;
	if (format == XOEV_FORMAT_TEXT) {
		for (i = 0; i < r->count; i++)
			text_entry(&b, &r->entries[i]);
		xoev_buf__puts(&b, summary);
		xoev_buf__puts(&b, "\n");
	} else {
		xoev_report_counts(r, &valid, &invalid, &io, &unknown);
		xoev_buf__puts(&b, "{\"tool\": \"xoev\", \"version\": ");
		xoev_buf__json_string(&b, XOEV_VERSION_STRING);
		xoev_buf__puts(&b, ", \"files\": [");
		for (i = 0; i < r->count; i++) {
			if (i)
				xoev_buf__puts(&b, ",");
			xoev_buf__puts(&b, "\n  ");
			json_entry(&b, &r->entries[i]);
		}
		xoev_buf__printf(&b, "\n], \"summary\": {\"files\": %zu, \"valid\": %zu, \"invalid\": %zu, "
		                     "\"unreadable\": %zu, \"unknown\": %zu}}\n",
		                 r->count, valid, invalid, io, unknown);
	}
	free(summary);
	*out = xoev_buf__take(&b, len);
	return *out ? XOEV_OK : XOEV_ENOMEM;
}

int xoev_report_format_entry(const xoev_report *r, size_t i, xoev_format format, char **out,
                             size_t *len)
{
	xoev_buf b = { 0 };

	if (!r || !out || i >= r->count || (format != XOEV_FORMAT_TEXT && format != XOEV_FORMAT_JSON))
		return XOEV_EINVAL;
	if (format == XOEV_FORMAT_TEXT)
		text_entry(&b, &r->entries[i]);
	else
		json_entry(&b, &r->entries[i]);
	*out = xoev_buf__take(&b, len);
	return *out ? XOEV_OK : XOEV_ENOMEM;
}
