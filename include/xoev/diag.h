/*
 * libxoev - diagnostics: located findings in a caller-owned list.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_DIAG_H
#define XOEV_DIAG_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How serious a finding is. A document is invalid if it has an error or a fatal finding. */
typedef enum {
	XOEV_SEVERITY_INFO = 0,
	XOEV_SEVERITY_WARNING = 1,
	XOEV_SEVERITY_ERROR = 2,
	XOEV_SEVERITY_FATAL = 3  /**< processing of the document stopped here */
} xoev_severity;

/** Which layer produced a finding. */
typedef enum {
	XOEV_LAYER_IO = 0,        /**< reading the input (file, stdin, gzip) */
	XOEV_LAYER_WELLFORMED = 1,/**< XML well-formedness and safety limits */
	XOEV_LAYER_DETECT = 2,    /**< standard, version and message type detection */
	XOEV_LAYER_XSD = 3,       /**< XML Schema validation */
	XOEV_LAYER_CODELIST = 4,  /**< code lists */
	XOEV_LAYER_RULE = 5,      /**< business rules (Schematron) */
	XOEV_LAYER_HEADER = 6,    /**< message header rules */
	XOEV_LAYER_TRANSLATE = 7, /**< version translation */
	XOEV_LAYER_BUNDLE = 8     /**< bundles, manifests, schema compilation */
} xoev_layer;

/** One finding. Opaque; read it with the accessors below. */
typedef struct xoev_diag xoev_diag;

/** A list of findings. Opaque; owned by the caller. */
typedef struct xoev_diag_list xoev_diag_list;

/**
 * Create an empty list in *out. The caller frees it with xoev_diag_list_free().
 * Returns 0, XOEV_EINVAL (out is NULL) or XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_diag_list_new(xoev_diag_list **out);

/** Free a list and every finding in it. NULL is fine. */
XOEV_EXTERN(void) xoev_diag_list_free(xoev_diag_list *list);

/** Remove every finding; the list stays usable. NULL is fine. */
XOEV_EXTERN(void) xoev_diag_list_clear(xoev_diag_list *list);

/** Number of findings in the list (0 for NULL). */
XOEV_EXTERN(size_t) xoev_diag_list_count(const xoev_diag_list *list);

/** Number of findings at or above a severity (0 for NULL). */
XOEV_EXTERN(size_t) xoev_diag_list_count_at_least(const xoev_diag_list *list,
                                                  xoev_severity severity);

/**
 * The i-th finding, in the order they were added; NULL if i is out of range.
 * Borrowed: valid until the list is cleared or freed.
 */
XOEV_EXTERN(const xoev_diag *) xoev_diag_list_get(const xoev_diag_list *list, size_t i);

/**
 * Append a finding (used by applications that add their own checks).
 * Strings are copied; rule, file and xpath may be NULL; line and column
 * are 1-based, 0 when unknown.
 * Returns 0, XOEV_EINVAL or XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_diag_list_add(xoev_diag_list *list, xoev_severity severity,
                                    xoev_layer layer, const char *rule,
                                    const char *message, const char *file,
                                    unsigned long line, unsigned long column,
                                    const char *xpath);

/* Accessors. Strings are borrowed from the list; NULL means "not known". */
XOEV_EXTERN(xoev_severity) xoev_diag_severity(const xoev_diag *d);
XOEV_EXTERN(xoev_layer) xoev_diag_layer(const xoev_diag *d);
/** Stable rule id, e.g. "xsd.missing-element" or "wellformed.doctype". Never NULL. */
XOEV_EXTERN(const char *) xoev_diag_rule(const xoev_diag *d);
/** English message text. Never NULL. */
XOEV_EXTERN(const char *) xoev_diag_message(const xoev_diag *d);
XOEV_EXTERN(const char *) xoev_diag_file(const xoev_diag *d);
/** 1-based line, 0 if unknown. */
XOEV_EXTERN(unsigned long) xoev_diag_line(const xoev_diag *d);
/** 1-based column in characters, 0 if unknown. */
XOEV_EXTERN(unsigned long) xoev_diag_column(const xoev_diag *d);
/** XPath 1.0 location of the node, e.g. "/xdomea:Aussonderung.Aussonderung.0503/xdomea:Kopf[1]". */
XOEV_EXTERN(const char *) xoev_diag_xpath(const xoev_diag *d);

/** Static lower-case names: "error", "warning", ...; "xsd", "wellformed", ... */
XOEV_EXTERN(const char *) xoev_severity_name(xoev_severity severity);
XOEV_EXTERN(const char *) xoev_layer_name(xoev_layer layer);

/**
 * Format one finding as a text line without a newline:
 * "file:line:col: severity: rule: message [xpath]" (parts that are unknown
 * are left out). Returns a new string the caller frees with xoev_free(),
 * or NULL if memory ran out.
 */
XOEV_EXTERN(char *) xoev_diag_format(const xoev_diag *d);

#ifdef __cplusplus
}
#endif

#endif /* XOEV_DIAG_H */
