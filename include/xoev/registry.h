/*
 * libxoev - the registry: the bundles (standard versions) a program has loaded.
 *
 * A registry is immutable once opened and may be shared by any number of
 * threads; schemas compile lazily, once, on first use, under a lock.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_REGISTRY_H
#define XOEV_REGISTRY_H

#include "common.h"
#include "diag.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xoev_registry xoev_registry;
/** One version of one standard. Borrowed from its registry. */
typedef struct xoev_bundle xoev_bundle;
/** One message type of a bundle. Borrowed from its registry. */
typedef struct xoev_message_type xoev_message_type;

/** Do not read the XOEV_SCHEMA_PATH environment variable. */
#define XOEV_REGISTRY_NO_ENV 0x1u
/** Do not read the installed data directory. */
#define XOEV_REGISTRY_NO_DEFAULT 0x2u

typedef struct {
	unsigned int version;       /**< XOEV_REGISTRY_OPTIONS_VERSION */
	const char *const *paths;   /**< directories searched first (borrowed for the call) */
	size_t path_count;
	unsigned int flags;         /**< XOEV_REGISTRY_* */
} xoev_registry_options;

#define XOEV_REGISTRY_OPTIONS_VERSION 1
#define XOEV_REGISTRY_OPTIONS_INIT { XOEV_REGISTRY_OPTIONS_VERSION, NULL, 0, 0 }

/**
 * Open a registry with every bundle found on the search path: the
 * directories in opts->paths, then those in XOEV_SCHEMA_PATH (separated by
 * ':'), then the installed data directory. A directory is a bundle if it
 * holds "xoev-bundle.xml"; otherwise its subdirectories are searched (two
 * levels deep). The first bundle found for a (standard, version) wins.
 *
 * A manifest that fails its schema is skipped with a finding in diags
 * (may be NULL). opts may be NULL for the defaults.
 *
 * Returns 0 and a registry in *out that the caller frees with
 * xoev_registry_free(), or XOEV_EINVAL, XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_registry_open(xoev_registry **out,
                                    const xoev_registry_options *opts,
                                    xoev_diag_list *diags);

/**
 * Open an ad-hoc registry holding one anonymous bundle (standard "adhoc",
 * version "0") made from one XSD file, like `xmllint --schema`. Every
 * global element of the schema is accepted as a root. Imports resolve
 * through relative paths and the optional OASIS catalog (may be NULL), never
 * the network. The schema is compiled now; its errors go to diags.
 *
 * Returns 0, XOEV_EINVAL, XOEV_ENOMEM, XOEV_EIO (file unreadable) or
 * XOEV_ESCHEMA (the schema does not compile).
 */
XOEV_EXTERN(int) xoev_registry_open_schema(xoev_registry **out, const char *xsd_path,
                                           const char *catalog_path,
                                           xoev_diag_list *diags);

/** Free the registry and everything borrowed from it. NULL is fine. */
XOEV_EXTERN(void) xoev_registry_free(xoev_registry *reg);

/** Number of bundles, in order standard then version. */
XOEV_EXTERN(size_t) xoev_registry_bundle_count(const xoev_registry *reg);
/** The i-th bundle, or NULL if out of range. */
XOEV_EXTERN(const xoev_bundle *) xoev_registry_bundle(const xoev_registry *reg, size_t i);

/**
 * Find a bundle by standard id and version (version NULL: the newest).
 * Returns 0 and *out, or XOEV_ENOTFOUND, XOEV_EINVAL.
 */
XOEV_EXTERN(int) xoev_registry_find(const xoev_registry *reg, const char *standard,
                                    const char *version, const xoev_bundle **out);

/**
 * Identify a document from its root element: namespace URI (may be NULL),
 * local name, and the root's `standard` and `version` attributes (may be
 * NULL). On success *bundle and *type (either may be NULL) point into the
 * registry.
 *
 * Returns 0; XOEV_ENOTFOUND if no bundle claims the namespace/attributes,
 * (then *bundle and *type are NULL) or if a bundle matches but has no such
 * message type (then *bundle is set and *type is NULL); XOEV_EINVAL.
 */
XOEV_EXTERN(int) xoev_registry_detect(const xoev_registry *reg, const char *ns,
                                      const char *local_name, const char *standard_attr,
                                      const char *version_attr,
                                      const xoev_bundle **bundle,
                                      const xoev_message_type **type);

/**
 * Compile the bundle's schema now rather than on first use. Thread-safe.
 * Compilation errors go to diags (may be NULL).
 * Returns 0 or XOEV_ESCHEMA, XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_bundle_compile(const xoev_bundle *b, xoev_diag_list *diags);

/* Bundle accessors; strings borrowed from the registry, NULL when absent. */
XOEV_EXTERN(const char *) xoev_bundle_standard(const xoev_bundle *b);
XOEV_EXTERN(const char *) xoev_bundle_version(const xoev_bundle *b);
XOEV_EXTERN(const char *) xoev_bundle_title(const xoev_bundle *b);
/** Absolute directory the bundle was loaded from. */
XOEV_EXTERN(const char *) xoev_bundle_directory(const xoev_bundle *b);
/** ISO dates "YYYY-MM-DD", or NULL. */
XOEV_EXTERN(const char *) xoev_bundle_valid_from(const xoev_bundle *b);
XOEV_EXTERN(const char *) xoev_bundle_valid_until(const xoev_bundle *b);
XOEV_EXTERN(size_t) xoev_bundle_namespace_count(const xoev_bundle *b);
XOEV_EXTERN(const char *) xoev_bundle_namespace(const xoev_bundle *b, size_t i);
XOEV_EXTERN(size_t) xoev_bundle_message_count(const xoev_bundle *b);
XOEV_EXTERN(const xoev_message_type *) xoev_bundle_message(const xoev_bundle *b, size_t i);
/** Find a message type by root element name or by number; NULL if absent. */
XOEV_EXTERN(const xoev_message_type *) xoev_bundle_find_message(const xoev_bundle *b,
                                                                const char *name_or_number);

/**
 * Code lists the bundle's schemas reference: each listURI that a code type
 * of its XSDs fixes, with the listVersionID it fixes, one entry per (URI,
 * version), as recorded by xoev_bundle_import() (manifest elements
 * <codelistReference>; a bundle whose manifest has none has zero).
 * Code lists named only in the schemas' documentation (XÖV code types 3
 * and 4 without a fixed listURI) are not included.
 */
XOEV_EXTERN(size_t) xoev_bundle_codelist_ref_count(const xoev_bundle *b);

/** The bundle ships a genericode list for the reference (that version; any version if none is fixed). */
#define XOEV_CODELIST_PROVIDED 0x1u
/** Every code type naming the list enumerates its codes in the XSD (XÖV code type 1). */
#define XOEV_CODELIST_ENUMERATED 0x2u

/**
 * The i-th code list reference of a bundle: *uri (the listURI), *version
 * (the fixed listVersionID, NULL when the instance names it: code type 3)
 * and *flags (XOEV_CODELIST_*), each borrowed from the registry; any of
 * them may be NULL. A reference with neither flag is a list whose codes the
 * code-list layer cannot check: the release leaves it to be obtained
 * elsewhere (e.g. from the XRepository).
 * Returns 0, or XOEV_EINVAL if b is NULL or i is out of range (then the
 * outputs are NULL and 0).
 */
XOEV_EXTERN(int) xoev_bundle_codelist_ref(const xoev_bundle *b, size_t i, const char **uri,
                                          const char **version, unsigned int *flags);

/** Root element local name, e.g. "Aussonderung.Aussonderung.0503". */
XOEV_EXTERN(const char *) xoev_message_type_root(const xoev_message_type *t);
/** The number (last dot-separated part), e.g. "0503"; NULL if the name has none. */
XOEV_EXTERN(const char *) xoev_message_type_number(const xoev_message_type *t);
XOEV_EXTERN(const char *) xoev_message_type_namespace(const xoev_message_type *t);
XOEV_EXTERN(const char *) xoev_message_type_title(const xoev_message_type *t);

#ifdef __cplusplus
}
#endif

#endif /* XOEV_REGISTRY_H */
