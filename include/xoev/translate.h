/*
 * libxoev - translation of messages between versions of their standard.
 *
 * A step maps one version of a standard to another: an XSLT 1.0 stylesheet
 * <bundle dir>/steps/to-<version>.xsl in the source bundle, plus the
 * standard's change list (<standard dir>/changes/<older>_<newer>.xml,
 * format schemas/xoev-changes.xsd) that says what the step can lose.
 * Steps for a standard whose schemas are imported elsewhere live in a
 * step home: a <standard>/<version> directory on the search path with
 * steps/ and no manifest (libxoev ships schemas/xdomea/ this way); a
 * bundle without steps/ of its own uses the first matching step home. The
 * steps of a standard form a version graph; a translation follows the
 * path with the fewest declared lossy changes (then the fewest steps),
 * validates the input and every step's output against its
 * version, and reports every data point that did not survive.
 *
 * Stylesheets run sandboxed: no file or network access, no document(), no
 * writing (exsl:document), nothing loaded through the entity loader. A
 * stylesheet refuses a message with
 * <xsl:message terminate="yes">xoev:reject CHANGE-ID: reason</xsl:message>.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_TRANSLATE_H
#define XOEV_TRANSLATE_H

#include "common.h"
#include "diag.h"
#include "registry.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The result of one translation. Opaque; free with xoev_translation_free(). */
typedef struct xoev_translation xoev_translation;
/** One data point the translation lost or filled in. Borrowed from its translation. */
typedef struct xoev_loss xoev_loss;

/** The outcome class of a translation. */
typedef enum {
	XOEV_TRANSLATE_LOSSLESS = 0,               /**< every data point arrived */
	XOEV_TRANSLATE_LOSSLESS_WITH_DEFAULTS = 1, /**< nothing lost; defaults filled in (see the losses) */
	XOEV_TRANSLATE_LOSSY = 2,                  /**< data points were lost (see the losses) */
	XOEV_TRANSLATE_REJECTED = 3,               /**< the target cannot carry this message, or the policy forbids the loss */
	XOEV_TRANSLATE_FAILED = 4                  /**< invalid input or output, broken step, no path */
} xoev_translate_outcome;

/** What happened to one data point. */
typedef enum {
	XOEV_LOSS_DROPPED = 0,    /**< removed, as the change list declares */
	XOEV_LOSS_COLLAPSED = 1,  /**< a code mapped onto a coarser one, as the change list declares */
	XOEV_LOSS_DEFAULT = 2,    /**< a value the target needs was filled with the change list's default (not a loss) */
	XOEV_LOSS_UNDECLARED = 3  /**< removed although no change declares it (the safety net; also a finding) */
} xoev_loss_kind;

/** How much loss a translation may accept. */
typedef enum {
	XOEV_POLICY_LOSSY = 0,  /**< translate, listing every loss */
	XOEV_POLICY_STRICT = 1  /**< any loss (declared or not) makes the translation rejected */
} xoev_translate_policy;

typedef struct {
	unsigned int version;          /**< XOEV_TRANSLATE_OPTIONS_VERSION */
	xoev_translate_policy policy;  /**< XOEV_POLICY_LOSSY by default */
	/**
	 * Layers (XOEV_RUN_* of profile.h) that validate the input and every
	 * step's output; 0: XSD and code lists.
	 */
	unsigned int validate_layers;
} xoev_translate_options;

#define XOEV_TRANSLATE_OPTIONS_VERSION 1
#define XOEV_TRANSLATE_OPTIONS_INIT { XOEV_TRANSLATE_OPTIONS_VERSION, XOEV_POLICY_LOSSY, 0 }

/**
 * Translate the message in buf (len bytes, borrowed for the call; gzip is
 * recognised) to target_version of its standard. Its standard and version
 * are detected with reg. name is used as the file name in findings (NULL:
 * "-"). opts may be NULL for the defaults.
 *
 * The input is validated against its bundle, every step's output against
 * the step's target; a step's stylesheet runs sandboxed (see above).
 * Findings (validation errors, refusals, layer TRANSLATE findings such as
 * "translate.undeclared-loss", "translate.rejected", "translate.failed")
 * are appended to diags (may be NULL).
 *
 * On return 0, *result (caller frees with xoev_translation_free()) says
 * the outcome and lists the losses; *out (caller frees with xoev_free())
 * holds the translated document when the outcome is lossless,
 * lossless-with-defaults or lossy, else NULL; *out_len (may be NULL) its
 * length. Translating to the document's own version returns a copy.
 *
 * Returns 0 (see the outcome); XOEV_EINVAL (NULL reg, target_version,
 * buf, out or result, wrong options version); XOEV_ENOTFOUND (the input's
 * standard has no version target_version; *result is still set, outcome
 * failed); XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_translate(const xoev_registry *reg, const char *target_version,
                                const xoev_translate_options *opts, const void *buf,
                                size_t len, const char *name, char **out, size_t *out_len,
                                xoev_translation **result, xoev_diag_list *diags);

/** Free a translation and its losses. NULL is fine. */
XOEV_EXTERN(void) xoev_translation_free(xoev_translation *t);

/** The outcome (XOEV_TRANSLATE_FAILED for NULL). */
XOEV_EXTERN(xoev_translate_outcome) xoev_translation_outcome(const xoev_translation *t);

/** Static names: "lossless", "lossless-with-defaults", "lossy", "rejected", "failed". */
XOEV_EXTERN(const char *) xoev_translate_outcome_name(xoev_translate_outcome outcome);

/**
 * Why a translation was rejected or failed (English, from the change list
 * when a change rejected it); NULL otherwise. Borrowed from t.
 */
XOEV_EXTERN(const char *) xoev_translation_reason(const xoev_translation *t);

/** Standard, source and target version; NULL when unknown. Borrowed from t. */
XOEV_EXTERN(const char *) xoev_translation_standard(const xoev_translation *t);
XOEV_EXTERN(const char *) xoev_translation_source_version(const xoev_translation *t);
XOEV_EXTERN(const char *) xoev_translation_target_version(const xoev_translation *t);

/** Number of steps on the path taken (0 for a copy or when no path was found). */
XOEV_EXTERN(size_t) xoev_translation_step_count(const xoev_translation *t);
/** The i-th step as "FROM->TO", e.g. "1.1->2.0"; NULL if out of range. Borrowed from t. */
XOEV_EXTERN(const char *) xoev_translation_step(const xoev_translation *t, size_t i);

/** Number of loss entries (lost data points and defaults filled in). */
XOEV_EXTERN(size_t) xoev_translation_loss_count(const xoev_translation *t);
/** The i-th loss entry in document order per step; NULL if out of range. Borrowed from t. */
XOEV_EXTERN(const xoev_loss *) xoev_translation_loss(const xoev_translation *t, size_t i);

/* Loss accessors; strings borrowed from the translation. */
XOEV_EXTERN(xoev_loss_kind) xoev_loss_get_kind(const xoev_loss *l);
/**
 * XPath 1.0 of the data point in the document the step read (for
 * XOEV_LOSS_DEFAULT: in the document the step wrote), with positions,
 * e.g. "/xmig:register.meldung.1001/xmig:person[1]/xmig:geburtsname[1]". Never NULL.
 */
XOEV_EXTERN(const char *) xoev_loss_xpath(const xoev_loss *l);
/** The value (text of a leaf element, or an attribute's value); never NULL. */
XOEV_EXTERN(const char *) xoev_loss_value(const xoev_loss *l);
/** The step, "FROM->TO". Never NULL. */
XOEV_EXTERN(const char *) xoev_loss_step(const xoev_loss *l);
/** The change id of the change list ("c03"); NULL for an undeclared loss. */
XOEV_EXTERN(const char *) xoev_loss_change(const xoev_loss *l);
/** The reason: the change list's loss text, or an English note for an undeclared loss. Never NULL. */
XOEV_EXTERN(const char *) xoev_loss_reason(const xoev_loss *l);
/** Static names: "dropped", "collapsed", "default", "undeclared". */
XOEV_EXTERN(const char *) xoev_loss_kind_name(xoev_loss_kind kind);

#ifdef __cplusplus
}
#endif

#endif /* XOEV_TRANSLATE_H */
