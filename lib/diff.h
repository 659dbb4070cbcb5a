/*
 * libxoev - internals of the schema diff (diff.c) shared with the mapping
 * derivation (derive.c): message flattening into element paths and the
 * labels both print. Not installed.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_DIFF_INTERNAL_H
#define XOEV_DIFF_INTERNAL_H

#include "model.h"

/* One element path of a flattened message. */
typedef struct {
	char *rel;               /* path below the root, "" never stored */
	const char *leaf;        /* into rel */
	size_t parent_len;       /* length of the parent part of rel (0: child of the root) */
	long min, max;
	char *type;
	int code_kind;
	const char *list_uri;    /* borrowed from the model */
	const char *list_version;
	const xoev_strv *enums;  /* borrowed from the model, may be NULL */
	const xoev_model_element *elem; /* the declaration (borrowed from the model) */
	size_t order;            /* document order */
	int dup;                 /* the same path once more (ignored) */
	int paired;
} xoev_diff_rec;

typedef struct {
	xoev_diff_rec *v;
	size_t n, cap;
	xoev_diff_rec **sorted;           /* by rel */
} xoev_diff_recs;

/**
 * Flatten the message whose root is the global element (ns, root) of m into
 * its element paths (at most 12 levels, a complex type not expanded again
 * below itself). An absent root gives no records. Free *out with
 * xoev_diff__free_recs (also after a failure).
 * Returns 0, XOEV_ELIMIT (more than 200,000 paths), XOEV_ENOMEM.
 */
int xoev_diff__flatten(const xoev_model *m, const char *ns, const char *root,
                       xoev_diff_recs *out);
void xoev_diff__free_recs(xoev_diff_recs *o);

/** a * b for occurrence bounds (XOEV_MODEL_UNBOUNDED absorbs, 0 wins). */
long xoev_diff__occ_mul(long a, long b);

/**
 * "prefix:Name" of t (the schemas' prefix, "xs" for built-ins), or
 * "(anonymous, from prefix:Base)"; a new string (caller frees), NULL on
 * allocation failure.
 */
char *xoev_diff__type_label(const xoev_model *m, const xoev_model_type *t);

/** The enumerated values of a simple type, a code type's code or simple content; NULL if none. */
const xoev_strv *xoev_diff__enumerations(const xoev_model_type *t);

/** "1", "0..1", "0..n": a new string (caller frees), NULL on allocation failure. */
char *xoev_diff__cardinality(long min, long max);

/** Append ,"name":"v" (comma 0: no leading comma; v NULL: null) to a JSON object. */
void xoev_diff__json_field(xoev_buf *o, const char *name, const char *v, int comma);

#endif /* XOEV_DIFF_INTERNAL_H */
