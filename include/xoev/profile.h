/*
 * libxoev - validation profiles: which layers run, and how rule ids are
 * graded (error, warning, info, off).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_PROFILE_H
#define XOEV_PROFILE_H

#include "common.h"
#include "diag.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Layers a validation runs (bit flags). Safe parsing and detection always run. */
#define XOEV_RUN_XSD 0x1u
#define XOEV_RUN_CODELIST 0x2u
#define XOEV_RUN_RULES 0x4u
#define XOEV_RUN_HEADER 0x8u
#define XOEV_RUN_ALL 0xFu

/** A grade that removes a finding. */
#define XOEV_GRADE_OFF (-1)

typedef struct xoev_profile xoev_profile;

/** An empty profile: all layers, no re-grading. Free with xoev_profile_free. Returns 0, XOEV_EINVAL, XOEV_ENOMEM. */
XOEV_EXTERN(int) xoev_profile_new(xoev_profile **out);

/**
 * Load a profile file:
 *
 *   <profile xmlns="urn:libxoev:profile:1">
 *     <layers>xsd codelist rules header</layers>        (optional; default all)
 *     <rule id="xmig-007" severity="warning"/>          (error|warning|info|off)
 *     <rule id="codelist.*" severity="off"/>            (a trailing * matches a prefix)
 *   </profile>
 *
 * Findings about the file go to diags (may be NULL).
 * Returns 0; XOEV_EIO (unreadable); XOEV_EINVAL (not a valid profile: findings say why); XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_profile_load(xoev_profile **out, const char *path, xoev_diag_list *diags);

/** NULL is fine. */
XOEV_EXTERN(void) xoev_profile_free(xoev_profile *p);

/**
 * Grade a rule id (exact, or a prefix ending in '*'; the exact or longest
 * match wins): grade is an xoev_severity or XOEV_GRADE_OFF. Findings of the
 * io and wellformed layers are never re-graded (they protect the reader).
 * The rule string is copied. Returns 0, XOEV_EINVAL or XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_profile_set_grade(xoev_profile *p, const char *rule, int grade);

/** Choose the layers (XOEV_RUN_* flags). Returns 0 or XOEV_EINVAL (NULL profile, unknown bits). */
XOEV_EXTERN(int) xoev_profile_set_layers(xoev_profile *p, unsigned int layers);

/** The layers of a profile (XOEV_RUN_ALL for NULL). */
XOEV_EXTERN(unsigned int) xoev_profile_layers(const xoev_profile *p);

/**
 * Parse a layer list such as "xsd,codelist" or "xsd rules" (also "all")
 * into XOEV_RUN_* flags. Returns 0 or XOEV_EINVAL (unknown name).
 */
XOEV_EXTERN(int) xoev_layers_parse(const char *list, unsigned int *out);

#ifdef __cplusplus
}
#endif

#endif /* XOEV_PROFILE_H */
