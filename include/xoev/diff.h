/*
 * libxoev - schema diff: what changed between two versions of a standard.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_DIFF_H
#define XOEV_DIFF_H

#include "common.h"
#include "diag.h"
#include "registry.h"
#include "report.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Compare the schemas of two bundles (usually two versions of one
 * standard; a is the older, b the newer) from their schema models.
 *
 * Messages are matched by number: a message only in b is "message-added",
 * only in a "message-removed", in both with different root names
 * "message-renamed". Each message present in both is flattened into its
 * element paths (local names from the root, joined by '/'; at most 12
 * levels deep; a complex type is not expanded again below itself; a
 * code-type element is one path, its code child and attributes are not
 * listed) and the paths are compared relative to the root:
 *   - "element-added", "element-removed";
 *   - "element-moved": a removed and an added path with the same leaf name
 *     and type under different parents, and "element-renamed": a removed
 *     and an added path with the same parent and type and different leaf
 *     names (only when the parent has exactly one such candidate). Both
 *     are heuristics and marked so ("heuristic": true in JSON). Below a
 *     moved or renamed element, the descendants that correspond are
 *     compared, not reported as added and removed;
 *   - for paths in both versions (or paired above): "cardinality" (the
 *     effective minOccurs..maxOccurs: a choice makes its branches optional,
 *     repeated groups multiply), "type" (type name with the schemas'
 *     prefix, "xs:" for built-ins), "codelist-uri" and "codelist-version"
 *     (the fixed or documented listURI / listVersionID of a code type),
 *     "code-type" (XÖV code type 1-4), "enumeration" (values of an inline
 *     enumeration, of a simple type or of a code type's code child, added
 *     and removed).
 * Namespaces and fixed root attributes are not compared, nor element
 * order, attributes other than a code type's, or facets other than
 * enumerations.
 *
 * fmt XOEV_FORMAT_TEXT: a heading line "diff STANDARD A -> B", then one
 * line per difference, grouped by message; XOEV_FORMAT_JSON: one object
 * {"standard_a","version_a","standard_b","version_b","differences":[...]},
 * each difference {"kind","message","old_root","new_root","old_path",
 * "new_path","old","new","heuristic"} (absent values are null; paths are
 * full paths including the root; old/new are the compared values, for
 * "enumeration" the removed and added values joined by ' ').
 *
 * On success *out is a new string (free with xoev_free()), *len (may be
 * NULL) its length. Findings from reading the schemas go to diags (may be
 * NULL). The function never prints.
 *
 * Returns 0; XOEV_EINVAL (NULL argument, a format other than TEXT/JSON);
 * XOEV_ESCHEMA (a bundle's schemas cannot be read; findings in diags);
 * XOEV_ELIMIT (more than 200,000 paths in one message); XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_schema_diff(const xoev_bundle *a, const xoev_bundle *b, xoev_format fmt,
                                  char **out, size_t *len, xoev_diag_list *diags);

#ifdef __cplusplus
}
#endif

#endif /* XOEV_DIFF_H */
