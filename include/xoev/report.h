/*
 * libxoev - reports: the results of many documents, written as text,
 * JSON, JUnit XML or SARIF. One data model (documents with verdicts and
 * findings), several writers.
 *
 * All writers produce UTF-8. Bytes of file names or messages that are not
 * valid UTF-8 are written as U+FFFD; the XML writer also replaces the
 * characters XML 1.0 forbids (C0 controls other than tab, LF and CR;
 * U+FFFE, U+FFFF) with U+FFFD, so the output is always well-formed.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_REPORT_H
#define XOEV_REPORT_H

#include "common.h"
#include "diag.h"
#include "profile.h"
#include "registry.h"
#include "validate.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xoev_report xoev_report;

/**
 * Report formats.
 *
 * XOEV_FORMAT_TEXT: one line per finding, "file:line:col: severity: rule:
 * message [xpath]" (unknown parts left out), then "file: verdict (standard
 * version message)" per document, then the summary line.
 *
 * XOEV_FORMAT_JSON: one object, described exactly by the JSON Schema
 * schemas/xoev-report.schema.json (draft-07):
 *
 *     {"tool": "xoev", "version": "0.1.0",
 *      "files": [{"file": "a.xml", "verdict": "valid|invalid|io-error|unknown",
 *                 "standard": s|null, "version": s|null, "message": s|null,
 *                 "number": s|null,
 *                 "findings": [{"severity": "info|warning|error|fatal",
 *                               "layer": "io|wellformed|detect|xsd|...",
 *                               "rule": s, "message": s, "file": s|null,
 *                               "line": n, "column": n, "xpath": s|null}]}],
 *      "summary": {"files": n, "valid": n, "invalid": n, "unreadable": n,
 *                  "unknown": n,
 *                  "findings": {"fatal": n, "error": n, "warning": n, "info": n}}}
 *
 * line and column are 1-based, 0 when unknown; null means "not known".
 * A file object may also carry "layers": the names of the layers that ran
 * on it, in order (reserved: the schema allows it; the writer does not emit
 * it yet). New keys are only ever added, never renamed or retyped.
 *
 * XOEV_FORMAT_JUNIT: JUnit XML as read by Jenkins, GitLab and the Ant
 * JUnitReport schema (tests/data/schemas/junit.xsd validates it):
 * <testsuites><testsuite name="xoev validate" package="xoev" id="0"
 * hostname="localhost" timestamp="YYYY-MM-DDThh:mm:ss" (UTC) tests failures
 * errors skipped time> with <properties> (xoev.version, xoev.summary), one
 * <testcase classname="standard.version.message-root" (or "standard.version",
 * or "unknown") name="file" time="seconds"> per document, then <system-out>
 * (warning and info findings, as text lines) and <system-err/>.
 * An invalid document has <failure type="RULE" message="N error(s): first
 * message"> whose text is the text line of every error and fatal finding;
 * RULE is the rule of the first of them ("invalid" if there is none). An
 * unreadable document (io-error) and a document no bundle claims (unknown)
 * have <error> in the same shape: they were not validated and never count
 * as passed. skipped is 0 (no verdict maps to it). Times are those set with
 * xoev_report_set_duration (0 otherwise), with three decimals.
 *
 * XOEV_FORMAT_SARIF: a SARIF 2.1.0 log with one run: tool.driver {name
 * "xoev", version, semanticVersion, informationUri XOEV_REPORT_INFORMATION_URI,
 * rules: every rule id that occurs, in order of first occurrence, with a
 * shortDescription naming its layer}; invocations [{executionSuccessful:
 * false if a document was unreadable or unknown, startTimeUtc}];
 * columnKind "unicodeCodePoints"; artifacts: every distinct file name, in
 * order, its uri being the name as given, percent-encoded (every byte but
 * A-Z a-z 0-9 - . _ ~ /; an absolute path becomes a file:// URI);
 * results: every finding in order, with ruleId, ruleIndex, level
 * (fatal and error: "error", warning: "warning", info: "note"),
 * message.text and one location: physicalLocation {artifactLocation {uri,
 * index}, region {startLine, startColumn} (only what is known)} and
 * logicalLocations [{fullyQualifiedName: the XPath, kind "element" (or
 * "attribute", "text")}] when the XPath is known.
 */
typedef enum {
	XOEV_FORMAT_TEXT = 0,  /**< lines and a summary (see above) */
	XOEV_FORMAT_JSON = 1,  /**< one JSON object (schemas/xoev-report.schema.json) */
	XOEV_FORMAT_JUNIT = 2, /**< JUnit XML: one testsuite, one testcase per document */
	XOEV_FORMAT_SARIF = 3  /**< SARIF 2.1.0: one run, one result per finding */
} xoev_format;

/** tool.driver.informationUri of SARIF reports. */
#define XOEV_REPORT_INFORMATION_URI "urn:libxoev"

/**
 * Create an empty report (free with xoev_report_free). Its timestamp (the
 * JUnit timestamp, the SARIF startTimeUtc) is the current time; see
 * xoev_report_set_timestamp. Returns 0, XOEV_EINVAL or XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_report_new(xoev_report **out);

/** NULL is fine. */
XOEV_EXTERN(void) xoev_report_free(xoev_report *r);

/**
 * Add the result of one document. file is copied; bundle and type (may be
 * NULL) are read now; the findings of diags (may be NULL) are copied.
 * Returns 0, XOEV_EINVAL (r or file NULL, verdict not an xoev_verdict) or
 * XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_report_add(xoev_report *r, const char *file, xoev_verdict verdict,
                                 const xoev_bundle *bundle, const xoev_message_type *type,
                                 const xoev_diag_list *diags);

/**
 * Set how long document i (0-based, in the order added) took, in seconds
 * (the JUnit testcase time; the testsuite time is the sum). A negative or
 * non-finite value counts as 0. Returns 0, or XOEV_EINVAL (r NULL, i out of
 * range).
 */
XOEV_EXTERN(int) xoev_report_set_duration(xoev_report *r, size_t i, double seconds);

/**
 * Set the time the run started, in seconds since 1970-01-01 UTC (for
 * reproducible reports, e.g. from SOURCE_DATE_EPOCH). Values before 1970 or
 * after 9999 are clamped. Returns 0 or XOEV_EINVAL (r NULL).
 */
XOEV_EXTERN(int) xoev_report_set_timestamp(xoev_report *r, long long unix_seconds);

/**
 * Record which layers ran on document i (XOEV_RUN_* flags, see profile.h;
 * 0: not known). JSON writes them as "layers"; text names them when not
 * all ran. Returns 0, or XOEV_EINVAL (r NULL, i out of range, unknown bits).
 */
XOEV_EXTERN(int) xoev_report_set_layers(xoev_report *r, size_t i, unsigned int layers);

/** Number of findings of document i (0 if r is NULL or i out of range). */
XOEV_EXTERN(size_t) xoev_report_entry_findings(const xoev_report *r, size_t i);

/** Number of documents in the report (0 for NULL). */
XOEV_EXTERN(size_t) xoev_report_count(const xoev_report *r);

/** Number of documents with each verdict (any pointer may be NULL). */
XOEV_EXTERN(void) xoev_report_counts(const xoev_report *r, size_t *valid, size_t *invalid,
                                     size_t *io_errors, size_t *unknown);

/**
 * Write the report in the given format into a new NUL-terminated string
 * (*out, caller frees with xoev_free; *len may be NULL).
 * Returns 0, XOEV_EINVAL or XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_report_format(const xoev_report *r, xoev_format format, char **out,
                                    size_t *len);

/**
 * Like xoev_report_format for document i only: text, its lines; JSON, its
 * object in "files"; JUnit, its <testcase> element; SARIF, a JSON array of
 * its result objects (without ruleIndex, which needs the whole run).
 * Returns 0, XOEV_EINVAL (also for i out of range) or XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_report_format_entry(const xoev_report *r, size_t i, xoev_format format,
                                          char **out, size_t *len);

/** A one-line summary, e.g. "3 files: 2 valid, 1 invalid, 0 unreadable, 0 unknown". New string (xoev_free). */
XOEV_EXTERN(char *) xoev_report_summary(const xoev_report *r);

#ifdef __cplusplus
}
#endif

#endif /* XOEV_REPORT_H */
