/*
 * libxoev - reports: the results of many documents, written as text or JSON.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_REPORT_H
#define XOEV_REPORT_H

#include "common.h"
#include "diag.h"
#include "registry.h"
#include "validate.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xoev_report xoev_report;

typedef enum {
	XOEV_FORMAT_TEXT = 0, /**< "file:line:col: severity: rule: message [xpath]" lines and a summary */
	XOEV_FORMAT_JSON = 1  /**< one JSON object: {"tool", "version", "files": [...], "summary"} */
} xoev_format;

/** Create an empty report (free with xoev_report_free). Returns 0, XOEV_EINVAL or XOEV_ENOMEM. */
XOEV_EXTERN(int) xoev_report_new(xoev_report **out);

/** NULL is fine. */
XOEV_EXTERN(void) xoev_report_free(xoev_report *r);

/**
 * Add the result of one document. file is copied; bundle and type (may be
 * NULL) are read now; the findings of diags (may be NULL) are copied.
 * Returns 0, XOEV_EINVAL or XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_report_add(xoev_report *r, const char *file, xoev_verdict verdict,
                                 const xoev_bundle *bundle, const xoev_message_type *type,
                                 const xoev_diag_list *diags);

/** Number of documents with each verdict (any pointer may be NULL). */
XOEV_EXTERN(void) xoev_report_counts(const xoev_report *r, size_t *valid, size_t *invalid,
                                     size_t *io_errors, size_t *unknown);

/**
 * Write the report in the given format into a new NUL-terminated string
 * (*out, caller frees with xoev_free; *len may be NULL).
 * Returns 0, XOEV_EINVAL or XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_report_format(const xoev_report *r, xoev_format format, char **out,
                                    size_t *len);

/** Like xoev_report_format for the findings of one document only (text: the lines; JSON: the object of one file). */
XOEV_EXTERN(int) xoev_report_format_entry(const xoev_report *r, size_t i, xoev_format format,
                                          char **out, size_t *len);

/** A one-line summary, e.g. "3 files: 2 valid, 1 invalid, 0 unreadable, 0 unknown". New string (xoev_free). */
XOEV_EXTERN(char *) xoev_report_summary(const xoev_report *r);

#ifdef __cplusplus
}
#endif

#endif /* XOEV_REPORT_H */
