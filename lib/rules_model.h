/*
 * libxoev - rules: the compiled Schematron model shared by rules.c
 * (compilation) and rules_run.c (running). Private to these two files.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_RULES_MODEL_H
#define XOEV_RULES_MODEL_H

#include <libxml/xpath.h>

#include "internal.h"

/* ------------------------------------------------------------------ */
/* The compiled model                                                  */
/* ------------------------------------------------------------------ */

typedef enum { PART_TEXT, PART_VALUE, PART_NAME } part_kind;

/* One piece of an assert's message: literal text, value-of or name. */
typedef struct {
	part_kind kind;
	char *text;               /* PART_TEXT */
	xmlXPathCompExprPtr expr; /* PART_VALUE; PART_NAME with @path (else NULL) */
} msg_part;

typedef enum { ITEM_LET, ITEM_ASSERT, ITEM_REPORT } item_kind;

/* A rule's body, in document order: lets and asserts/reports interleaved. */
typedef struct {
	item_kind kind;
	char *name;               /* ITEM_LET: variable name; else the finding's rule id */
	char *label;              /* for error messages: "assert 'id'", "let $x" */
	char *source;             /* the expression text, for error messages */
	xmlXPathCompExprPtr expr; /* let value or test */
	xmlXPathCompExprPtr subject;
	xoev_severity severity;
	msg_part *parts;
	size_t part_count;
	size_t slot;              /* index of the "runtime error reported" flag */
} rule_item;

typedef struct {
	char *label;
	char *source;
	xmlXPathCompExprPtr context;
	rule_item *items;
	size_t item_count;
	size_t slot;
} rule_def;

typedef struct {
	char *id;
	rule_item *lets; /* ITEM_LET only, evaluated at the document node */
	size_t let_count;
	rule_def *rules;
	size_t rule_count;
} pattern_def;

struct xoev_rules {
	xoev_strv ns_prefixes;
	xoev_strv ns_uris;
	rule_item *lets; /* schema- and phase-level */
	size_t let_count;
	pattern_def *patterns;
	size_t pattern_count;
	size_t assert_count;
	size_t slot_count;
	int xpath2;      /* queryBinding xslt2/xslt3: XGenerator's XPath 2.0 subset, rewritten */
};

/** Make room for one more item of size bytes. Returns 0 or XOEV_ENOMEM. */
int xoev_rules__grow(void **items, size_t *cap, size_t count, size_t size);
/** Collapse runs of white space to one space and trim, in place. */
void xoev_rules__normalise_space(char *s);
/** A text for an XPath error (libxml2 2.9 gives the callback none). Static. */
const char *xoev_rules__xpath_error_text(const xmlError *e);

/* ------------------------------------------------------------------ */
/* rules_xpath2.c: the XPath 2.0 subset of XGenerator's Schematron     */
/* ------------------------------------------------------------------ */

/**
 * Rewrite an XPath 2.0 expression of the supported subset into XPath 1.0
 * plus the extension functions below. Returns a new string; NULL when the
 * expression uses a construct outside the subset (described in why) or
 * when memory ran out (*oom set).
 */
char *xoev_rules__xpath2_rewrite(const char *src, char *why, size_t whylen, int *oom);
/** Register exists(), empty(), matches(), string-join(), xoev-sequence() on xp. 0 or XOEV_ENOMEM. */
int xoev_rules__register_xpath2(xmlXPathContextPtr xp);
/** The run's scratch document for atomic values turned into nodes (rules_run.c); NULL on failure. */
xmlDocPtr xoev_rules__scratch(xmlXPathContextPtr xp);

#endif /* XOEV_RULES_MODEL_H */
