/*
 * libxoev - bundle import: turn a published XÖV release directory into a bundle.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_BUNDLE_H
#define XOEV_BUNDLE_H

#include "common.h"
#include "diag.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	unsigned int version;      /**< XOEV_IMPORT_OPTIONS_VERSION */
	const char *standard;      /**< standard id, e.g. "xdomea" (required) */
	const char *standard_version; /**< e.g. "3.0.0" (required) */
	/** OASIS catalog that maps remote schemaLocation URLs to local files (may be NULL). */
	const char *catalog;
	/** Entry schemas relative to the release directory; NULL/0: every XSD that declares a message root. */
	const char *const *entries;
	size_t entry_count;
	const char *title;         /**< optional human title */
	const char *valid_from;    /**< optional, YYYY-MM-DD */
	const char *valid_until;   /**< optional, YYYY-MM-DD */
} xoev_import_options;

#define XOEV_IMPORT_OPTIONS_VERSION 1
#define XOEV_IMPORT_OPTIONS_INIT { XOEV_IMPORT_OPTIONS_VERSION, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL }

/**
 * Import the release in src_dir into a new bundle directory dest_dir.
 *
 * Follows every xs:import/xs:include from the release's schemas (through
 * relative paths and the catalog; never the network), copies each file
 * reached byte for byte into dest_dir keeping their relative layout, copies
 * the release's genericode code lists, finds the target namespaces and the
 * message root elements (global elements named <group>.<name>.<number>,
 * with two or more parts before the number), copies the release's ISO
 * Schematron files (*.sch) as rules, and writes the manifest
 * "xoev-bundle.xml" plus a catalog for remote imports. Nothing in src_dir
 * is modified. dest_dir must not exist or be empty; on failure nothing is
 * left behind.
 *
 * How instances show the version goes into the manifest's detect element:
 * the namespaces of the message roots (several per release, e.g. XBau with
 * its Kernmodul), the root standard/version attributes the schemas fix
 * (per namespace when the namespaces fix different values), and header
 * attributes such as XJustiz's nachrichtenkopf/@xjustizVersion. A release
 * without message roots (a library such as XBildung) is imported with zero
 * messages, identified by its target namespaces, with a warning
 * "bundle.no-message".
 *
 * The manifest also records every code list the schemas reference
 * (listURI and version from the code types) and whether the release
 * provides it; each referenced list neither provided nor enumerated in the
 * schema is an INFO finding "bundle.codelist-missing" (see
 * xoev_bundle_codelist_ref()).
 *
 * Findings (unresolvable imports, by URL; files that are not schemas;
 * missing code lists) go to diags (may be NULL).
 *
 * Returns 0; XOEV_EINVAL; XOEV_EEXISTS (dest_dir not empty); XOEV_EIO;
 * XOEV_EBUNDLE (no schema, nothing that identifies the release: neither a
 * message root nor a target namespace, unresolvable import); XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_bundle_import(const char *src_dir, const char *dest_dir,
                                    const xoev_import_options *opts,
                                    xoev_diag_list *diags);

/**
 * Check a manifest file against the manifest schema shipped with libxoev.
 * Findings go to diags (may be NULL).
 * Returns 0 if valid, XOEV_EBUNDLE if not, XOEV_EIO, XOEV_ENOMEM, XOEV_EINVAL.
 */
XOEV_EXTERN(int) xoev_bundle_check_manifest(const char *manifest_path,
                                            xoev_diag_list *diags);

#ifdef __cplusplus
}
#endif

#endif /* XOEV_BUNDLE_H */
