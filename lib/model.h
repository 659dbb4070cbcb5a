/*
 * libxoev - the schema model: a bundle's XSDs read into a read-only model
 * of elements, types, content models, facets and XÖV code-type metadata.
 * Used by the skeleton generator, the builder and `xoev describe`; libxml2's
 * compiled schema still does the validating. Not installed.
 *
 * The model is built once per bundle (xoev_bundle__model), then shared
 * read-only between threads. Every pointer in it is borrowed from the model.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_MODEL_H
#define XOEV_MODEL_H

#include <stddef.h>

#include "internal.h"

typedef struct xoev_model xoev_model;
typedef struct xoev_model_type xoev_model_type;
typedef struct xoev_model_element xoev_model_element;
typedef struct xoev_model_particle xoev_model_particle;

/** maxOccurs="unbounded" */
#define XOEV_MODEL_UNBOUNDED (-1L)

typedef enum {
	XOEV_MP_ELEMENT = 0,
	XOEV_MP_SEQUENCE,
	XOEV_MP_CHOICE,
	XOEV_MP_ALL,
	XOEV_MP_ANY
} xoev_model_particle_kind;

struct xoev_model_particle {
	xoev_model_particle_kind kind;
	long min_occurs;
	long max_occurs;                 /* XOEV_MODEL_UNBOUNDED */
	xoev_model_element *element;     /* ELEMENT (a local declaration or the referenced global) */
	xoev_model_particle **children;  /* SEQUENCE, CHOICE, ALL */
	size_t child_count;
	char *any_namespace;             /* ANY: the namespace attribute ("##any" by default) */
	char *any_process;               /* ANY: processContents ("strict" by default) */
};

struct xoev_model_element {
	char *name;
	char *ns;                /* namespace of the element in instances (NULL: none, e.g. unqualified) */
	int global;
	int abstract_;
	int nillable;
	char *fixed;
	char *default_;
	char *doc;               /* first xs:documentation, whitespace collapsed; may be NULL */
	xoev_model_type *type;   /* never NULL (xs:anyType when the declaration names none) */
	xoev_model_element *substitution_head; /* global elements: substitutionGroup, or NULL */
};

typedef enum {
	XOEV_MT_SIMPLE = 0,       /* a simple type (built-in or user-defined) */
	XOEV_MT_COMPLEX
} xoev_model_type_kind;

typedef enum {
	XOEV_MC_EMPTY = 0,
	XOEV_MC_SIMPLE,           /* simpleContent: text of content_type plus attributes */
	XOEV_MC_ELEMENTS,
	XOEV_MC_MIXED
} xoev_model_content;

typedef enum {
	XOEV_MV_ATOMIC = 0,
	XOEV_MV_LIST,
	XOEV_MV_UNION
} xoev_model_variety;

typedef struct {
	char *name;
	char *ns;
	xoev_model_type *type;   /* simple type */
	int required;
	char *fixed;
	char *default_;
	int prohibited;          /* internal, while building */
} xoev_model_attribute;

/** Facets collected along a simple type's restriction chain. */
typedef struct {
	xoev_strv enumerations;  /* of the most derived step that has any */
	xoev_strv patterns;      /* one entry per derivation step: alternatives joined by '|' in (...) */
	long length, min_length, max_length; /* -1: none */
	char *min_inclusive, *max_inclusive, *min_exclusive, *max_exclusive;
	int total_digits, fraction_digits;   /* -1: none */
	char *whitespace;
} xoev_model_facets;

struct xoev_model_type {
	char *name;              /* NULL: anonymous */
	char *ns;
	xoev_model_type_kind kind;
	int builtin;             /* an XML Schema built-in type (ns = XSD namespace) */
	char *doc;
	xoev_model_type *base;   /* derivation base, NULL for anyType */
	int by_extension;        /* 1 extension, 0 restriction */

	/* simple types (and the text of simpleContent via content_type) */
	const char *primitive;   /* the built-in ancestor's local name ("token", "date", ...) */
	xoev_model_variety variety;
	xoev_model_type *item_type;       /* LIST */
	xoev_model_type **members;        /* UNION */
	size_t member_count;
	xoev_model_facets facets;

	/* complex types */
	xoev_model_content content;
	xoev_model_particle *particle;    /* effective content model (NULL: empty) */
	xoev_model_type *content_type;    /* SIMPLE: the simple type of the text */
	xoev_model_attribute *attributes; /* effective attribute uses */
	size_t attribute_count;
	int any_attribute;
	int abstract_;

	/* XÖV code types (a complex type with an unqualified `code` child and listURI) */
	int code_kind;           /* 0 not a code type; 1..4 the XÖV code type */
	char *list_uri;          /* fixed listURI, or the appinfo kennung (may be NULL) */
	int list_uri_fixed;
	int list_uri_required;
	char *list_version;      /* fixed listVersionID, or the appinfo version (may be NULL) */
	int list_version_fixed;
	int list_version_required;

	int state;               /* internal: 1 building, 2 built, 3 finalising, 4 final */
	void *pending;           /* internal: what derivation still has to merge */
};

/**
 * Build a model from the schema files of a scanned closure (see
 * xoev_scan__closure; registry.c scans a bundle's files). Findings (a
 * reference that resolves to nothing: rule "model.unresolved", a warning)
 * go to diags with layer BUNDLE.
 * Returns 0 and *out (free with xoev_model__free), XOEV_EBUNDLE (a file
 * does not parse), XOEV_ENOMEM.
 */
int xoev_model__build_files(const xoev_schema_set *set, xoev_model **out, xoev_diag_list *diags);
void xoev_model__free(xoev_model *m);

/** A global element by namespace (NULL/"" for none) and local name; NULL if absent. */
const xoev_model_element *xoev_model__element(const xoev_model *m, const char *ns,
                                              const char *name);
/** A global type by namespace and name (built-ins under the XSD namespace); NULL if absent. */
const xoev_model_type *xoev_model__type(const xoev_model *m, const char *ns, const char *name);
/** The first global element (in schema order) that may substitute for e (abstract heads); NULL if none. */
const xoev_model_element *xoev_model__substitute(const xoev_model *m, const xoev_model_element *e);
/** A prefix the schemas use for ns (borrowed), or NULL. */
const char *xoev_model__prefix(const xoev_model *m, const char *ns);

/** 1 if t is (or derives from) the built-in named `builtin`, e.g. "ID". */
int xoev_model__derives_from_builtin(const xoev_model_type *t, const char *builtin);

/**
 * The model of a bundle, built on first call, once, thread-safe, then
 * shared (registry.c). NULL on failure (findings in diags, replayed on
 * every call).
 */
const xoev_model *xoev_bundle__model(const xoev_bundle *b, xoev_diag_list *diags);

/**
 * codelist.c: the first code (in row order) of the list uri in version
 * (NULL: the last loaded version). *version_out (may be NULL) is the
 * version used. Borrowed strings; NULL when the bundle ships no such list.
 */
const char *xoev_codelist__first_code(const xoev_codelists *cl, const char *uri,
                                      const char *version, const char **version_out);

/**
 * regen.c: a string that matches the XML Schema regular expression
 * pattern (whole-string match), walking the first branch of alternations,
 * repeating quantified atoms clamp(stretch, min, max) times and picking
 * class members by a preference list chosen by variant (0-3). A new string
 * (caller frees), or NULL if the pattern cannot be read or on allocation
 * failure. The result is a candidate: check it with libxml2's regexps.
 */
char *xoev_regen__string(const char *pattern, long stretch, int variant);

#endif /* XOEV_MODEL_H */
