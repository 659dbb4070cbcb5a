/*
 * libxoev - validation of messages: safe parsing, version detection, XSD.
 *
 * A validator is used by one thread at a time; create one per thread over
 * a shared registry.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_VALIDATE_H
#define XOEV_VALIDATE_H

#include "common.h"
#include "diag.h"
#include "registry.h"
#include "profile.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xoev_validator xoev_validator;
struct xoev_report; /* report.h */

/** The outcome class of one document. */
typedef enum {
	XOEV_VERDICT_VALID = 0,    /**< no error or fatal finding */
	XOEV_VERDICT_INVALID = 1,  /**< at least one error or fatal finding */
	XOEV_VERDICT_IO_ERROR = 2, /**< the input could not be read */
	XOEV_VERDICT_UNKNOWN = 3   /**< no loaded bundle claims the document */
} xoev_verdict;

typedef struct {
	unsigned int version;        /**< XOEV_VALIDATE_OPTIONS_VERSION */
	/** Force a standard/version instead of detecting it (both NULL: detect). */
	const char *standard;
	const char *standard_version;
	/** Safety limits; 0 takes the default shown. */
	size_t max_document_bytes;   /**< 512 MiB, after gzip decompression */
	unsigned int max_depth;      /**< 256 element levels */
	size_t max_text_bytes;       /**< 10,000,000 bytes per text node */
	size_t max_attribute_bytes;  /**< 10,000,000 bytes per attribute value */
	unsigned int max_findings;   /**< 1000 findings per document, then one "truncated" note */
	/** Layers to run (XOEV_RUN_*); 0: those of the profile, else all. */
	unsigned int layers;
	/** Re-grading of rule ids (borrowed; must outlive the validator); NULL: none. */
	const xoev_profile *profile;
	/**
	 * Files larger than this are validated streaming, without a tree, in
	 * bounded memory (XSD and code lists only); 0: 64 MiB; (size_t)-1: never.
	 */
	size_t stream_threshold;
	/** Header rule: how far a creation time may lie in the future, in seconds; 0: 300; negative: none. */
	long header_future_tolerance;
} xoev_validate_options;

#define XOEV_VALIDATE_OPTIONS_VERSION 1
#define XOEV_VALIDATE_OPTIONS_INIT \
	{ XOEV_VALIDATE_OPTIONS_VERSION, NULL, NULL, 0, 0, 0, 0, 0, 0, NULL, 0, 0 }

/**
 * Create a validator over reg (borrowed: it must outlive the validator).
 * opts may be NULL for the defaults; its strings are copied.
 * Returns 0 and *out (free with xoev_validator_free()), or XOEV_EINVAL,
 * XOEV_ENOMEM, XOEV_ENOTFOUND (forced standard/version not in reg).
 */
XOEV_EXTERN(int) xoev_validator_new(xoev_validator **out, const xoev_registry *reg,
                                    const xoev_validate_options *opts);

/** Free a validator. NULL is fine. */
XOEV_EXTERN(void) xoev_validator_free(xoev_validator *v);

/**
 * Validate one file. gzip-compressed input is recognised by its content.
 * Every finding is appended to diags (caller-owned, not cleared), with
 * file set to path. The outcome class goes to *verdict (may be NULL).
 *
 * Returns 0 when the document was examined or could not be read (see the
 * verdict); XOEV_EINVAL, XOEV_ENOMEM, or XOEV_ESCHEMA when the detected
 * bundle's schema does not compile (its errors are in diags).
 */
XOEV_EXTERN(int) xoev_validate_file(xoev_validator *v, const char *path,
                                    xoev_diag_list *diags, xoev_verdict *verdict);

/**
 * As xoev_validate_file(), for a document in memory (buf borrowed for the
 * call). name is used as the file name in findings (may be NULL: "-").
 */
XOEV_EXTERN(int) xoev_validate_memory(xoev_validator *v, const void *buf, size_t len,
                                      const char *name, xoev_diag_list *diags,
                                      xoev_verdict *verdict);

/**
 * What the last validation detected: its bundle and message type, either
 * NULL if not detected. Borrowed from the registry.
 */
XOEV_EXTERN(const xoev_bundle *) xoev_validator_last_bundle(const xoev_validator *v);
XOEV_EXTERN(const xoev_message_type *) xoev_validator_last_message_type(const xoev_validator *v);

/** The layers the last validation ran (XOEV_RUN_* flags; 0 if it stopped before any). */
XOEV_EXTERN(unsigned int) xoev_validator_last_layers(const xoev_validator *v);

/**
 * Batch validation: many documents over one shared registry, in parallel.
 */

/** Called once per document, in input order, after its result went into the report. Return non-zero to stop. */
typedef int (*xoev_batch_fn)(void *ctx, size_t index, const char *path);
/** Called after each document has been reported (in the calling thread): done of total. */
typedef void (*xoev_progress_fn)(void *ctx, size_t done, size_t total);

typedef struct {
	unsigned int version;      /**< XOEV_BATCH_OPTIONS_VERSION */
	unsigned int jobs;         /**< worker threads; 0 or 1: the calling thread only (at most 256) */
	xoev_batch_fn on_result;   /**< may be NULL */
	void *result_ctx;
	xoev_progress_fn on_progress; /**< may be NULL */
	void *progress_ctx;
} xoev_batch_options;

#define XOEV_BATCH_OPTIONS_VERSION 1
#define XOEV_BATCH_OPTIONS_INIT { XOEV_BATCH_OPTIONS_VERSION, 1, NULL, NULL, NULL, NULL }

/**
 * Validate count files (paths borrowed for the call; "-" is standard
 * input) with the validation options vopts (may be NULL), each thread
 * with its own validator over reg. Every result is added to report in
 * input order, whatever the number of jobs; message UUIDs are checked for
 * uniqueness across the whole batch. bopts may be NULL (one job).
 *
 * Returns 0; XOEV_EINVAL; XOEV_ENOMEM; XOEV_ERROR if on_result asked to stop
 * (the report then holds the results up to that document).
 */
XOEV_EXTERN(int) xoev_validate_batch(const xoev_registry *reg, const xoev_validate_options *vopts,
                                     const xoev_batch_options *bopts, const char *const *paths,
                                     size_t count, struct xoev_report *report);

/** Static name of a verdict: "valid", "invalid", "io-error", "unknown". */
XOEV_EXTERN(const char *) xoev_verdict_name(xoev_verdict verdict);

#ifdef __cplusplus
}
#endif

#endif /* XOEV_VALIDATE_H */
