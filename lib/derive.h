/*
 * libxoev - internals of `mapping derive`: derive.c compares two bundles'
 * schema models, derive_out.c turns the result into a stylesheet, a
 * change list, a report and files. Not installed.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_DERIVE_INTERNAL_H
#define XOEV_DERIVE_INTERNAL_H

#include "internal.h"
#include "model.h"
#include "xoev/mapping.h"

struct xoev_mapping_item {
	const char *kind;        /* static */
	char *type, *new_type;   /* type labels, may be NULL */
	char *item, *old_val, *new_val;
	char *path;              /* the first path where it was seen */
	xoev_strv messages;
	int heuristic;
	int blocking;
	/* for the rewrites */
	const xoev_model_type *ta, *tb;   /* attribute-value: the type pair */
	const xoev_model_element *ea;     /* element-default: the declaration in `from` */
	char *attr;                       /* attribute-value, root-attribute: the attribute's name */
	char *scope;                      /* root-attribute: the roots' namespace ("" all roots) */
	xoev_strv elems;                  /* attribute-value, element-default: "ns\037name" keys */
	xoev_strv paths;                  /* change list: "number\037path" */
};

typedef struct {
	xoev_mapping_item **v;
	size_t n, cap;
} xoev_derive_items;

struct xoev_mapping {
	char *standard, *from, *to;
	int up;                   /* from is older than to */
	int derivable;
	xoev_derive_items diffs, rewrites;
	xoev_strv ns_old, ns_new; /* namespace map of the step (identities included) */
	char *xsl, *changes;
	size_t xsl_len, changes_len;
	char *step_path, *changes_path;
};

/**
 * Compare bundle a (`from`) with b (`to`) into m (standard, versions set by
 * the caller): fills the differences, the rewrites and the namespace map,
 * sets m->derivable. Returns 0, XOEV_ESCHEMA, XOEV_ELIMIT, XOEV_ENOMEM.
 */
int xoev_derive__compare(const xoev_bundle *a, const xoev_bundle *b, xoev_mapping *m,
                         xoev_diag_list *diags);

/**
 * Fill the change-list paths of m's rewrites from a's model (every path
 * where the stylesheet rewrites, per message). Returns 0, XOEV_ELIMIT,
 * XOEV_ENOMEM.
 */
int xoev_derive__paths(const xoev_bundle *a, xoev_mapping *m);

/** The stylesheet of a derivable m into m->xsl. Returns 0 or XOEV_ENOMEM. */
int xoev_derive__stylesheet(xoev_mapping *m);

/**
 * The change list into m->changes, from m and, when derivable, the reverse
 * derivation back (its element defaults; NULL: none). Returns 0 or XOEV_ENOMEM.
 */
int xoev_derive__changes(xoev_mapping *m, const xoev_mapping *back, const xoev_bundle *a);

void xoev_derive__free_items(xoev_derive_items *l);

#endif /* XOEV_DERIVE_INTERNAL_H */
