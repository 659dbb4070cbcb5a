/*
 * libxoev - common definitions: export macro, version, status codes, init.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_COMMON_H
#define XOEV_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Marks every public symbol; the library is built with hidden visibility. */
#if defined(XOEV_BUILDING_LIBRARY) && defined(__GNUC__)
#define XOEV_EXTERN(type) __attribute__((visibility("default"))) type
#else
#define XOEV_EXTERN(type) extern type
#endif

/** Compile-time version of the headers. */
#define XOEV_VERSION_MAJOR 0
#define XOEV_VERSION_MINOR 1
#define XOEV_VERSION_PATCH 0
#define XOEV_VERSION_STRING "0.1.0"
/** A single number for comparisons: 0xMMmmpp. */
#define XOEV_VERSION_NUMBER \
	((XOEV_VERSION_MAJOR << 16) | (XOEV_VERSION_MINOR << 8) | XOEV_VERSION_PATCH)

/**
 * Status codes. Every fallible call returns 0 on success or one of these
 * negative values. Findings about a document are never statuses: they are
 * diagnostics (see diag.h).
 */
typedef enum {
	XOEV_OK = 0,
	XOEV_ERROR = -1,        /**< generic failure, see the handle's error text */
	XOEV_ENOMEM = -2,       /**< an allocation failed */
	XOEV_EINVAL = -3,       /**< an argument is invalid (NULL, wrong options version) */
	XOEV_EIO = -4,          /**< a file could not be read or written */
	XOEV_ENOTFOUND = -5,    /**< unknown standard, version, message type or index */
	XOEV_ESCHEMA = -6,      /**< a schema did not compile */
	XOEV_EBUNDLE = -7,      /**< a bundle or its manifest is invalid */
	XOEV_EEXISTS = -8,      /**< the destination exists already */
	XOEV_ELIMIT = -9,       /**< a safety limit was reached */
	XOEV_EUNSUPPORTED = -10 /**< the operation is not supported for this input */
} xoev_status;

/**
 * Initialise the library. Thread-safe and idempotent; every other entry
 * point calls it, so calling it is optional. It initialises libxml2 and
 * installs libxoev's external entity loader, which refuses network access
 * and, while no libxoev call is running on the thread, defers to the loader
 * that was installed before.
 *
 * Returns 0, or XOEV_ERROR if libxml2 could not be initialised.
 */
XOEV_EXTERN(int) xoev_init(void);

/** A static English text for a status code; never NULL. */
XOEV_EXTERN(const char *) xoev_strerror(int status);

/**
 * The runtime version of the library. Any pointer may be NULL.
 * Returns the version string, e.g. "0.1.0" (static, never NULL).
 */
XOEV_EXTERN(const char *) xoev_version(int *major, int *minor, int *patch);

/** Frees memory that libxoev handed to the caller (formatted reports). NULL is fine. */
XOEV_EXTERN(void) xoev_free(void *ptr);

#ifdef __cplusplus
}
#endif

#endif /* XOEV_COMMON_H */
