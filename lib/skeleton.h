/*
 * libxoev - internals of message generation shared by skeleton.c and
 * describe.c (and, later, the builder). Not installed.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_SKELETON_H
#define XOEV_SKELETON_H

#include "model.h"

/** One generation run over a bundle: its model, code lists and a regex cache. */
typedef struct {
	const xoev_bundle *bundle;
	const xoev_model *model;         /* borrowed from the bundle */
	const xoev_codelists *codelists; /* borrowed; NULL for the ad-hoc bundle */
	xoev_diag_list *diags;           /* borrowed, may be NULL */
	struct _xmlHashTable *regexps;   /* pattern -> compiled xmlRegexp */
	unsigned int id_count;
} xoev_gen;

/** Set up g for bundle b. Returns 0, XOEV_ESCHEMA (the model cannot be built), XOEV_ENOMEM. */
int xoev_gen__init(xoev_gen *g, const xoev_bundle *b, xoev_diag_list *diags);
void xoev_gen__clear(xoev_gen *g);

/** The root declaration and number of a message (root name or number). 0 or XOEV_ENOTFOUND. */
int xoev_gen__root(xoev_gen *g, const char *message, const xoev_model_element **root,
                   const char **number);

/** 1 if v satisfies the simple type t (enumerations, patterns, lengths; unions: some member). */
int xoev_gen__value_ok(xoev_gen *g, const xoev_model_type *t, const char *v);

/**
 * A placeholder value for simple type t (hint: the element or attribute
 * name). New string (NULL on allocation failure); *ok 0 if no candidate
 * satisfied the facets (the best try is returned).
 */
char *xoev_gen__value(xoev_gen *g, const xoev_model_type *t, const char *hint, int *ok);

/** An attribute value set by the builder. */
typedef struct {
	const xoev_model_attribute *decl; /* borrowed from the model */
	char *value;
} xoev_vattr;

/** A value set by the builder: one element occurrence, its text, its children in set order. */
typedef struct xoev_vnode xoev_vnode;
struct xoev_vnode {
	const xoev_model_element *decl;
	char *text;                /* leaf value (for code types: the code), or NULL */
	xoev_vnode **children;
	size_t child_count;
	xoev_vattr *attrs;         /* attributes set by path ("elem/@name"), in set order */
	size_t attr_count;
};

/** The value set for attribute a of n, or NULL. */
const char *xoev_vnode__attr(const xoev_vnode *n, const xoev_model_attribute *a);

/**
 * Serialise a message of root element root: with values NULL a skeleton
 * (XOEV_SKELETON_FULL in flags: every optional element once); with values
 * the builder's tree, emitted in schema order, header filled, required
 * elements, values and attributes outside the header that were not set
 * named in *missing (a new string, the path of the first, "/a/b/@attr"
 * for an attribute; the document is then not returned and XOEV_ERROR is).
 * Attribute values set in the tree win; fixed attributes are filled. author/reader (may be NULL) fill the header's authority ids.
 * Returns 0, XOEV_ERROR, XOEV_ELIMIT, XOEV_ENOMEM.
 */
int xoev_gen__emit(xoev_gen *g, const xoev_model_element *root, const char *number,
                   unsigned int flags, const xoev_vnode *values, const char *author,
                   const char *reader, char **out, size_t *len, char **missing);

/** A version 4 UUID from /dev/urandom. 0 or XOEV_EIO. */
int xoev_gen__uuid4(char out[37]);
/** The local time now as xs:dateTime without zone. */
void xoev_gen__now(char out[32]);

#endif /* XOEV_SKELETON_H */
