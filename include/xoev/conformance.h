/*
 * libxoev - conformance suites: expected outcomes, checked.
 *
 * A suite is a directory of cases described by a manifest (xoev-suite.xml,
 * namespace "urn:libxoev:conformance:1", schema schemas/xoev-conformance.xsd,
 * which the library carries compiled in). Each case names a message and
 * states what must happen to it:
 *
 *   - a validation: the verdict (valid, invalid, io-error, unknown), the
 *     rule ids that must fire and those that must not ("x.*" matches every
 *     rule starting with "x."), optionally the detected standard, version
 *     and message type;
 *   - a translation: the target version, the outcome, the expected output
 *     document (compared in canonical form, C14N) and the expected loss
 *     entries (kind, and optionally change id, value and XPath);
 *   - either one on a mutated copy: XPath edits (delete nodes, set text,
 *     set an attribute) applied in memory before the check, so that a
 *     suite can derive invalid messages from valid samples without copying
 *     them;
 *   - a known gap: the case is expected to fail. Its failure is reported
 *     as an expected failure, never as a pass; if it holds after all, it
 *     is an unexpected pass, which fails the run (remove the mark).
 *
 * Paths in a manifest are relative (an absolute path is refused), resolved
 * against the manifest's directory, or against a named base directory
 * (case attribute base="NAME"; the caller supplies NAME's directory,
 * xoev_suite_load_options.bases). After resolving symbolic links, a path
 * must lie inside the suite directory, inside a base directory the caller
 * supplied, or inside a directory the caller allowed
 * (xoev_suite_load_options.allowed_dirs); anything else is refused
 * ("conformance.path-outside") and the case is reported as an error. The
 * library never uses the network and never writes while running a suite.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_CONFORMANCE_H
#define XOEV_CONFORMANCE_H

#include "common.h"
#include "diag.h"
#include "registry.h"
#include "report.h"
#include "validate.h"

#ifdef __cplusplus
extern "C" {
#endif

/** File name of a suite manifest inside its directory. */
#define XOEV_SUITE_MANIFEST "xoev-suite.xml"
/** Namespace of suite manifests. */
#define XOEV_SUITE_NAMESPACE "urn:libxoev:conformance:1"

/** A loaded suite (its manifest and cases). Opaque; free with xoev_suite_free(). */
typedef struct xoev_suite xoev_suite;
/** The results of running one or more suites. Opaque; free with xoev_conformance_free(). */
typedef struct xoev_conformance xoev_conformance;
/** The result of one case. Borrowed from its xoev_conformance. */
typedef struct xoev_case_result xoev_case_result;

/** What a case checks. */
typedef enum {
	XOEV_CASE_VALIDATE = 0,  /**< validation: verdict, rule ids, detection */
	XOEV_CASE_TRANSLATE = 1  /**< translation: outcome, output document, losses */
} xoev_case_kind;

/** The result of one case. */
typedef enum {
	XOEV_CASE_PASS = 0,   /**< every expectation held */
	XOEV_CASE_FAIL = 1,   /**< an expectation did not hold (see the detail) */
	XOEV_CASE_XFAIL = 2,  /**< a known gap failed, as expected (not a failure of the run) */
	XOEV_CASE_XPASS = 3,  /**< a known gap held after all: fails the run (remove the mark) */
	XOEV_CASE_ERROR = 4   /**< the case could not run: unreadable or refused path, bad mutation */
} xoev_case_status;

typedef struct {
	unsigned int version;             /**< XOEV_SUITE_LOAD_OPTIONS_VERSION */
	/** Directories (besides the suite's own) that manifest paths may reach; borrowed for the call. */
	const char *const *allowed_dirs;
	size_t allowed_dir_count;
	/**
	 * Named base directories: base_names[i] is given the directory
	 * base_dirs[i] (relative to the working directory); paths of cases
	 * with base="NAME" resolve against it, and may reach files below it.
	 * Borrowed for the call.
	 */
	const char *const *base_names;
	const char *const *base_dirs;
	size_t base_count;
} xoev_suite_load_options;

#define XOEV_SUITE_LOAD_OPTIONS_VERSION 1
#define XOEV_SUITE_LOAD_OPTIONS_INIT { XOEV_SUITE_LOAD_OPTIONS_VERSION, NULL, 0, NULL, NULL, 0 }

/**
 * Load a suite: path is a manifest file, or a directory holding
 * XOEV_SUITE_MANIFEST. The manifest is parsed safely (no DOCTYPE, no
 * network) and validated against the manifest schema; every finding goes
 * to diags (may be NULL) with layer BUNDLE and rules "conformance.manifest"
 * (the schema, which also makes case ids unique), "wellformed.*" (syntax,
 * DOCTYPE), "conformance.path-absolute", "conformance.unknown-base" (a
 * case names a base the manifest does not declare); a warning
 * "conformance.path-missing" for an allowed or base directory that does
 * not exist.
 * Paths of cases are resolved now; a path that is refused or missing does
 * not fail the load: that case is reported as an error when run.
 * opts may be NULL (no allowed directories, no bases).
 *
 * Returns 0 and *out (caller frees with xoev_suite_free()); XOEV_EINVAL;
 * XOEV_EIO (the manifest cannot be read); XOEV_EBUNDLE (the manifest is
 * malformed or invalid: see diags); XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_suite_load(xoev_suite **out, const char *path,
                                 const xoev_suite_load_options *opts, xoev_diag_list *diags);

/** Free a suite. NULL is fine. */
XOEV_EXTERN(void) xoev_suite_free(xoev_suite *s);

/** The suite's name (manifest attribute name; else its directory's name). Borrowed; never NULL for a loaded suite. */
XOEV_EXTERN(const char *) xoev_suite_name(const xoev_suite *s);
/** The manifest file as given (directory + "/xoev-suite.xml" for a directory). Borrowed. */
XOEV_EXTERN(const char *) xoev_suite_manifest_path(const xoev_suite *s);
/** Number of cases (0 for NULL). */
XOEV_EXTERN(size_t) xoev_suite_case_count(const xoev_suite *s);
/** Id of case i (unique in its suite); NULL if out of range. Borrowed. */
XOEV_EXTERN(const char *) xoev_suite_case_id(const xoev_suite *s, size_t i);

typedef struct {
	unsigned int version;   /**< XOEV_SUITE_RUN_OPTIONS_VERSION */
	/** Worker threads; 0 or 1: the calling thread only (at most 256). */
	unsigned int jobs;
	/**
	 * Validation options every case starts from (borrowed; NULL: the
	 * defaults). A case's own layers attribute replaces .layers. Every
	 * case runs with a validator of its own: message UUIDs are checked
	 * within a case, not across cases.
	 */
	const xoev_validate_options *validate;
	/** Only run cases whose id contains this text (NULL: all). */
	const char *filter;
} xoev_suite_run_options;

#define XOEV_SUITE_RUN_OPTIONS_VERSION 1
#define XOEV_SUITE_RUN_OPTIONS_INIT { XOEV_SUITE_RUN_OPTIONS_VERSION, 1, NULL, NULL }

/**
 * Create an empty result set (free with xoev_conformance_free). Its
 * timestamp is now (see xoev_conformance_set_timestamp).
 * Returns 0, XOEV_EINVAL or XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_conformance_new(xoev_conformance **out);

/** NULL is fine. */
XOEV_EXTERN(void) xoev_conformance_free(xoev_conformance *c);

/** Set the run's start time in seconds since 1970 (JUnit timestamp). Returns 0 or XOEV_EINVAL. */
XOEV_EXTERN(int) xoev_conformance_set_timestamp(xoev_conformance *c, long long unix_seconds);

/**
 * Run every case of suite s against reg (borrowed; shared by the worker
 * threads) and append one result per case to results, in manifest order.
 * opts may be NULL. A case that cannot run is a result with status
 * XOEV_CASE_ERROR, not a failure of the call.
 *
 * Returns 0; XOEV_EINVAL (NULL argument, wrong options version, jobs
 * above 256); XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_suite_run(const xoev_suite *s, const xoev_registry *reg,
                                const xoev_suite_run_options *opts, xoev_conformance *results);

/** Number of results (0 for NULL). */
XOEV_EXTERN(size_t) xoev_conformance_count(const xoev_conformance *c);

/** Number of results with each status (any pointer may be NULL). */
XOEV_EXTERN(void) xoev_conformance_counts(const xoev_conformance *c, size_t *passed,
                                          size_t *failed, size_t *xfailed, size_t *xpassed,
                                          size_t *errors);

/** 1 if every result passed or failed as a known gap (and there is at least one), else 0. */
XOEV_EXTERN(int) xoev_conformance_ok(const xoev_conformance *c);

/** Result i (in run order); NULL if out of range. Borrowed until c is freed. */
XOEV_EXTERN(const xoev_case_result *) xoev_conformance_result(const xoev_conformance *c, size_t i);

/* Result accessors; strings borrowed from the result set, NULL when absent. */
XOEV_EXTERN(xoev_case_status) xoev_case_result_status(const xoev_case_result *r);
XOEV_EXTERN(xoev_case_kind) xoev_case_result_kind(const xoev_case_result *r);
/** The suite's name. */
XOEV_EXTERN(const char *) xoev_case_result_suite(const xoev_case_result *r);
/** The case id. */
XOEV_EXTERN(const char *) xoev_case_result_id(const xoev_case_result *r);
/** The manifest file and the line of the case element in it (0 if unknown). */
XOEV_EXTERN(const char *) xoev_case_result_manifest(const xoev_case_result *r);
XOEV_EXTERN(unsigned long) xoev_case_result_line(const xoev_case_result *r);
/** The message path as resolved (NULL if it was refused). */
XOEV_EXTERN(const char *) xoev_case_result_message(const xoev_case_result *r);
/** The known-gap reason of the case (NULL if it is not marked as a gap). */
XOEV_EXTERN(const char *) xoev_case_result_known_gap(const xoev_case_result *r);
/**
 * What did not hold, one line per expectation, each "WHAT: expected X,
 * actual Y" (for an error: why the case could not run); NULL when every
 * expectation held.
 */
XOEV_EXTERN(const char *) xoev_case_result_detail(const xoev_case_result *r);
/** The findings of the validation or translation (never NULL for a result). */
XOEV_EXTERN(const xoev_diag_list *) xoev_case_result_findings(const xoev_case_result *r);
/** The actual verdict (validation cases; XOEV_VERDICT_IO_ERROR if the message could not be read). */
XOEV_EXTERN(xoev_verdict) xoev_case_result_verdict(const xoev_case_result *r);
/** Seconds the case took. */
XOEV_EXTERN(double) xoev_case_result_seconds(const xoev_case_result *r);
/** Static names: "pass", "fail", "xfail", "xpass", "error"; "validate", "translate". */
XOEV_EXTERN(const char *) xoev_case_status_name(xoev_case_status status);
XOEV_EXTERN(const char *) xoev_case_kind_name(xoev_case_kind kind);

/**
 * Write the results as a report (*out, NUL-terminated, caller frees with
 * xoev_free; *len may be NULL):
 *
 * XOEV_FORMAT_TEXT: per case "STATUS suite/id (manifest:line)", then for
 * a fail, xpass or error the detail lines indented ("  WHAT: expected X,
 * actual Y") and the findings; last a summary line "conformance: N cases:
 * P passed, F failed, X expected failures, U unexpected passes, E errors".
 *
 * XOEV_FORMAT_JSON: {"tool": "xoev", "version", "cases": [{"suite", "id",
 * "kind", "status", "manifest", "line", "message", "knownGap", "detail":
 * [lines], "seconds", "verdict", "findings": [as in report.h]}],
 * "summary": {"cases", "passed", "failed", "xfailed", "xpassed",
 * "errors"}}; described by schemas/xoev-conformance-report.schema.json.
 *
 * XOEV_FORMAT_JUNIT: <testsuites> with one <testsuite> per suite (the
 * attributes of report.h's JUnit writer; tests/data/schemas/junit.xsd
 * validates it), one <testcase classname="conformance.SUITE" name="ID">
 * per case: a fail or xpass has <failure type="conformance.mismatch"
 * (or "conformance.unexpected-pass") message="first detail line"> whose
 * text is every detail line and the findings; an error has <error
 * type="conformance.error">; an expected failure has <skipped
 * message="expected failure: REASON"/> and counts as skipped.
 *
 * XOEV_FORMAT_SARIF: SARIF 2.1.0, one result per fail, xpass and error
 * (level "error") and per expected failure (level "note"), ruleId
 * "conformance.fail" / "conformance.xpass" / "conformance.error" /
 * "conformance.xfail", located at the case's line in its manifest.
 *
 * Returns 0, XOEV_EINVAL or XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_conformance_format(const xoev_conformance *c, xoev_format format,
                                         char **out, size_t *len);

/** A one-line summary as ending the text report (new string, xoev_free; NULL if out of memory). */
XOEV_EXTERN(char *) xoev_conformance_summary(const xoev_conformance *c);

typedef struct {
	unsigned int version;   /**< XOEV_SUITE_INIT_OPTIONS_VERSION */
	/** The suite's name (NULL: the directory's name). Borrowed for the call. */
	const char *name;
	/** The manifest to write (NULL: DIR/xoev-suite.xml). */
	const char *manifest;
	/** Replace an existing manifest (otherwise XOEV_EEXISTS). */
	int overwrite;
	/** Validation options (borrowed; NULL: the defaults). */
	const xoev_validate_options *validate;
} xoev_suite_init_options;

#define XOEV_SUITE_INIT_OPTIONS_VERSION 1
#define XOEV_SUITE_INIT_OPTIONS_INIT { XOEV_SUITE_INIT_OPTIONS_VERSION, NULL, NULL, 0, NULL }

/**
 * Build a suite skeleton from a directory of messages: every *.xml and
 * *.gz file below dir (recursively, sorted) becomes a validation case
 * whose expectation is today's result: the verdict, the detected standard,
 * version and message type, and every rule id of an error or fatal finding
 * (a comment asks for review). The manifest is written atomically, with
 * paths relative to its directory (which must be dir or a directory
 * above the messages); it validates against the manifest schema and the
 * new suite passes when run with the same registry.
 * *cases (may be NULL) receives the number of cases written.
 *
 * Returns 0; XOEV_EINVAL; XOEV_EIO (dir unreadable, manifest not
 * writable, messages outside the manifest's directory); XOEV_EEXISTS (the
 * manifest exists and overwrite is 0); XOEV_ENOTFOUND (no message in
 * dir); XOEV_ENOMEM. Findings (e.g. unreadable messages) go to diags (may
 * be NULL).
 */
XOEV_EXTERN(int) xoev_suite_init(const char *dir, const xoev_registry *reg,
                                 const xoev_suite_init_options *opts, size_t *cases,
                                 xoev_diag_list *diags);

#ifdef __cplusplus
}
#endif

#endif /* XOEV_CONFORMANCE_H */
