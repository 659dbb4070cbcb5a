/*
 * libxoev - mapping steps derived from two versions' schema models.
 *
 * Where two versions of a standard differ only in their namespaces, root
 * version attributes, fixed attribute values (listURI, listVersionID of
 * code types) and element defaults, the translation step between them
 * (see translate.h) follows from the schemas alone: xoev_mapping_derive()
 * compares the two bundles' schema models and writes the step, an XSLT 1.0
 * stylesheet, and its change list (format schemas/xoev-changes.xsd); when
 * they differ in anything else, it lists every such difference instead,
 * located by type, element or attribute, old and new value and the
 * message numbers it affects: those need a hand-written step.
 *
 * What derive compares, message by message (matched by number), from the
 * root down through every type both versions reach:
 *   - content models: the same particles in the same order with the same
 *     cardinalities (nested groups of one particle and 1..1 sequences
 *     inside sequences are flattened first), the same element names;
 *   - element declarations: namespace (must map one to one), nillable,
 *     fixed and default values, abstract;
 *   - simple types: built-in base, variety, every facet (enumerations,
 *     patterns, lengths, ranges, digits, white space);
 *   - attributes: name, use, type, fixed and default values; wildcards.
 * Type names and documentation are not compared (an instance does not
 * show them). A difference of an element's type is reported once at the
 * element ("type") when the two types differ in content, and in detail at
 * the types themselves.
 *
 * What the derived stylesheet does: copies every node; moves elements
 * (and qualified attributes) from each old namespace to its new one,
 * whatever the prefix, keeping the other namespace declarations; rewrites
 * the root attributes the manifests declare (e.g. version); rewrites
 * attributes whose fixed value changed (per element name, only the old
 * fixed value); writes an element's old default into an empty element
 * when the target declares none. xsi:schemaLocation is copied unchanged.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_MAPPING_H
#define XOEV_MAPPING_H

#include "common.h"
#include "diag.h"
#include "registry.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The result of one derivation. Opaque; free with xoev_mapping_free(). */
typedef struct xoev_mapping xoev_mapping;
/** One difference or one rewrite of a derivation. Borrowed from its mapping. */
typedef struct xoev_mapping_item xoev_mapping_item;

typedef struct {
	unsigned int version; /**< XOEV_MAPPING_OPTIONS_VERSION */
	unsigned int flags;   /**< reserved, 0 */
} xoev_mapping_options;

#define XOEV_MAPPING_OPTIONS_VERSION 1
#define XOEV_MAPPING_OPTIONS_INIT { XOEV_MAPPING_OPTIONS_VERSION, 0 }

/**
 * Derive the step from version `from` to version `to` of `standard`, both
 * bundles loaded in reg (borrowed for the call). `from` may be older
 * (an up step) or newer (a down step). opts may be NULL.
 *
 * On return 0, *out (caller frees with xoev_mapping_free()) holds either a
 * derived step (xoev_mapping_derivable() 1: stylesheet, change list and
 * the list of rewrites) or the differences that need a hand-written step
 * (xoev_mapping_derivable() 0). Findings from reading the schemas go to
 * diags (may be NULL). The function never prints and writes no file.
 *
 * Returns 0; XOEV_EINVAL (a NULL argument, from equal to to, wrong options
 * version); XOEV_ENOTFOUND (no bundle of that standard and version);
 * XOEV_ESCHEMA (a bundle's schemas cannot be read; findings in diags);
 * XOEV_ELIMIT (more than 200,000 element paths in one message);
 * XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_mapping_derive(const xoev_registry *reg, const char *standard,
                                     const char *from, const char *to,
                                     const xoev_mapping_options *opts, xoev_mapping **out,
                                     xoev_diag_list *diags);

/** Free a mapping. NULL is fine. */
XOEV_EXTERN(void) xoev_mapping_free(xoev_mapping *m);

/** 1 if the step could be derived, 0 if differences need a hand-written step (or m is NULL). */
XOEV_EXTERN(int) xoev_mapping_derivable(const xoev_mapping *m);

/** Standard, source and target version. Borrowed from m; NULL for NULL. */
XOEV_EXTERN(const char *) xoev_mapping_standard(const xoev_mapping *m);
XOEV_EXTERN(const char *) xoev_mapping_from(const xoev_mapping *m);
XOEV_EXTERN(const char *) xoev_mapping_to(const xoev_mapping *m);

/**
 * The derived stylesheet (XSLT 1.0, UTF-8, NUL-terminated), *len (may be
 * NULL) its length; NULL when not derivable. Borrowed from m.
 */
XOEV_EXTERN(const char *) xoev_mapping_stylesheet(const xoev_mapping *m, size_t *len);

/**
 * The change list (format schemas/xoev-changes.xsd, always older to newer,
 * covering the rewrites of both directions that can be derived), *len (may
 * be NULL) its length; NULL when not derivable. Borrowed from m.
 */
XOEV_EXTERN(const char *) xoev_mapping_changes(const xoev_mapping *m, size_t *len);

/**
 * Where the step and its change list belong below a directory on the
 * search path (a step home, see translate.h):
 * "<standard>/<from>/steps/to-<to>.xsl" and
 * "<standard>/changes/<older>_<newer>.xml". Borrowed from m; NULL for NULL.
 */
XOEV_EXTERN(const char *) xoev_mapping_step_path(const xoev_mapping *m);
XOEV_EXTERN(const char *) xoev_mapping_changes_path(const xoev_mapping *m);

/** Write the step into the step home dir (created as needed). */
#define XOEV_MAPPING_WRITE_FORCE 1u /**< replace files that exist with other content */

/**
 * Write the stylesheet and the change list below dir at the paths above,
 * each atomically (temporary file and rename). A file that exists with
 * the same content is left as it is (the change list is shared by both
 * directions); one with other content is replaced only with
 * XOEV_MAPPING_WRITE_FORCE, else nothing at all is written. Findings (the
 * file that exists, the file that could not be written) go to diags (may
 * be NULL).
 *
 * Returns 0; XOEV_EINVAL (NULL m or dir, unknown flags);
 * XOEV_EUNSUPPORTED (m is not derivable); XOEV_EEXISTS; XOEV_EIO;
 * XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_mapping_write(const xoev_mapping *m, const char *dir, unsigned int flags,
                                    xoev_diag_list *diags);

/**
 * A report of the derivation: fmt XOEV_FORMAT_TEXT: a heading line
 * "derive STANDARD FROM -> TO: ...", then one entry per difference (or,
 * when derivable, per rewrite); XOEV_FORMAT_JSON: one object {"standard",
 * "from","to","derivable","differences":[...],"rewrites":[...]}, each item
 * {"kind","type","new_type","item","old","new","path","messages":[...],
 * "heuristic"} (absent values null). *out is a new string (free with
 * xoev_free()), *len (may be NULL) its length.
 * Returns 0; XOEV_EINVAL (NULL m or out, another format); XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_mapping_report(const xoev_mapping *m, xoev_format fmt, char **out,
                                     size_t *len);

/** Differences that need a hand-written step (0 when derivable). */
XOEV_EXTERN(size_t) xoev_mapping_difference_count(const xoev_mapping *m);
/** The i-th difference; NULL if out of range. Borrowed from m. */
XOEV_EXTERN(const xoev_mapping_item *) xoev_mapping_difference(const xoev_mapping *m, size_t i);

/** Rewrites the derived step makes (namespaces, attribute values, defaults). */
XOEV_EXTERN(size_t) xoev_mapping_rewrite_count(const xoev_mapping *m);
/** The i-th rewrite; NULL if out of range. Borrowed from m. */
XOEV_EXTERN(const xoev_mapping_item *) xoev_mapping_rewrite(const xoev_mapping *m, size_t i);

/*
 * Item accessors; strings borrowed from the mapping, NULL when absent.
 *
 * Kinds of differences: "message-added", "message-removed",
 * "message-renamed", "element-added", "element-removed", "element-moved"
 * and "element-renamed" (heuristics: xoev_mapping_item_heuristic() 1),
 * "content" (order or grouping), "cardinality", "type", "facet",
 * "enumeration", "element-namespace", "element-property" (nillable,
 * fixed, default, abstract), "attribute-added", "attribute-removed",
 * "attribute-property" (use, fixed, default), "wildcard",
 * "root-attribute", "namespace" (one old namespace would need two new
 * ones), "ambiguous-rewrite" (an element name whose attribute or default
 * the stylesheet cannot rewrite for one type without touching another).
 * Kinds of rewrites: "namespace", "root-attribute", "attribute-value",
 * "element-default".
 */
XOEV_EXTERN(const char *) xoev_mapping_item_kind(const xoev_mapping_item *it);
/** The type (in `from`) that holds the difference, e.g. "xdomea:StaatCodeType". */
XOEV_EXTERN(const char *) xoev_mapping_item_type(const xoev_mapping_item *it);
/** The corresponding type in `to`. */
XOEV_EXTERN(const char *) xoev_mapping_item_new_type(const xoev_mapping_item *it);
/** The element ("Aktenplan"), attribute ("@listURI"), "(text)" or "(content)" concerned. */
XOEV_EXTERN(const char *) xoev_mapping_item_item(const xoev_mapping_item *it);
/** Old (in `from`) and new (in `to`) value. */
XOEV_EXTERN(const char *) xoev_mapping_item_old(const xoev_mapping_item *it);
XOEV_EXTERN(const char *) xoev_mapping_item_new(const xoev_mapping_item *it);
/** One element path where it occurs (local names from the root, '/'-separated). */
XOEV_EXTERN(const char *) xoev_mapping_item_path(const xoev_mapping_item *it);
/** Numbers of the messages it affects, in `from`'s order. */
XOEV_EXTERN(size_t) xoev_mapping_item_message_count(const xoev_mapping_item *it);
XOEV_EXTERN(const char *) xoev_mapping_item_message(const xoev_mapping_item *it, size_t i);
/** 1 for a guess (moved, renamed). */
XOEV_EXTERN(int) xoev_mapping_item_heuristic(const xoev_mapping_item *it);

#ifdef __cplusplus
}
#endif

#endif /* XOEV_MAPPING_H */
