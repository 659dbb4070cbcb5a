/*
 * libxoev - message generation: skeleton instances and message descriptions
 * built from a bundle's schema model.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_GENERATE_H
#define XOEV_GENERATE_H

#include "common.h"
#include "diag.h"
#include "registry.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Every optional element once (choices take their first branch); default: required content only. */
#define XOEV_SKELETON_FULL 0x1u

/**
 * Produce a skeleton instance of one message type of bundle b: the root
 * element with the standard's fixed attributes, the header filled (a
 * version 4 message UUID from the operating system's random source, the
 * creation time now, the message type code = the root's number, product
 * "libxoev"), and placeholder values that satisfy the types and facets
 * (first enumeration value; a string matching the patterns; a code from
 * the bundle's code list, with listURI/listVersionID, when it ships one).
 * Children come in schema order. With XOEV_SKELETON_FULL every optional
 * element appears once (an element whose type is already being expanded
 * is left out, so recursive types end); otherwise only required content.
 *
 * message: the root element name or the number ("0501"). For the ad-hoc
 * bundle any global element name.
 *
 * On success *out_xml is a new UTF-8 document (caller frees with
 * xoev_free()) and *len (may be NULL) its length. What could not be
 * satisfied (a pattern no generated string matches, an abstract element
 * without substitute, a wildcard that needs a declared element) is a
 * warning in diags (may be NULL; rule "generate.*"), naming the element's
 * path; the document is still returned.
 *
 * Returns 0; XOEV_EINVAL; XOEV_ENOTFOUND (no such message type or root
 * declaration); XOEV_ESCHEMA (the bundle's schemas cannot be read; findings
 * in diags); XOEV_ELIMIT (the instance would exceed 200,000 elements);
 * XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_skeleton(const xoev_bundle *b, const char *message, unsigned int flags,
                               char **out_xml, size_t *len, xoev_diag_list *diags);

/**
 * Describe one message type of bundle b as text: the element tree in
 * schema order, one line per element, indented by depth, with its
 * cardinality ("1", "0..1", "1..n"), its type, choices marked, the code
 * list of code types (listURI, listVersionID, XÖV code type 1-4), the
 * simple type's facets (first enumeration values, patterns, lengths), and
 * the first line of its documentation. A type that recurs below itself is
 * shown once and then marked "(recursive, see above)".
 *
 * On success *out_text is a new string (caller frees with xoev_free()),
 * *len (may be NULL) its length.
 * Returns 0, XOEV_EINVAL, XOEV_ENOTFOUND, XOEV_ESCHEMA, XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_describe(const xoev_bundle *b, const char *message, char **out_text,
                               size_t *len, xoev_diag_list *diags);

/* ------------------------------------------------------------------ */
/* builder and reader                                                  */
/* ------------------------------------------------------------------ */

/**
 * A message being built, or a parsed message being read. One thread at a
 * time; borrows its bundle (the registry must outlive it).
 */
typedef struct xoev_message xoev_message;

typedef struct {
	unsigned int version;   /**< XOEV_MESSAGE_OPTIONS_VERSION */
	const char *author;     /**< author authority id for the header ("prefix:number"), or NULL */
	const char *reader;     /**< reader authority id for the header, or NULL */
} xoev_message_options;

#define XOEV_MESSAGE_OPTIONS_VERSION 1
#define XOEV_MESSAGE_OPTIONS_INIT { XOEV_MESSAGE_OPTIONS_VERSION, NULL, NULL }

/**
 * Start a message of one message type (root element name or number) of
 * bundle b. The header is filled when the message is serialised (message
 * UUID v4, creation time, message type code, product, and the authority
 * ids of opts; whatever a caller sets below the header wins). opts may be
 * NULL. Returns 0 and *out (free with xoev_message_free()), XOEV_EINVAL,
 * XOEV_ENOTFOUND, XOEV_ESCHEMA, XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_message_new(xoev_message **out, const xoev_bundle *b, const char *message,
                                  const xoev_message_options *opts);

/**
 * Set a value by a simple path below the root: element names separated by
 * '/', "[n]" for the n-th occurrence (1-based; default 1), e.g.
 * "person/familienname" or "treffer[2]/aktenzeichen"; a leading root name
 * is allowed. Missing elements on the way are created; values may be set
 * in any order, they are emitted in schema order. For a code type the
 * value is the code: listURI and listVersionID come from the schema and
 * the bundle's code lists ("x/code" is the same as "x").
 *
 * A last step "@name" sets an attribute of the element the path names
 * (the root's with "@name" alone), e.g. "dokument[2]/@eintrag" or
 * "person/staatsangehoerigkeit/@listURI" (a code type 4: the sender
 * chooses the list; listVersionID then defaults to the version the bundle
 * ships). The value is checked against the attribute's declaration: its
 * type and facets, and a fixed value must be given exactly. Setting an
 * attribute creates the elements on the way; an element with simple
 * content still needs its value. Fixed attributes and the code-list
 * metadata need not be set: serialisation fills them.
 *
 * Refused at the call, with a message naming the path (see
 * xoev_message_error()): an unknown path or attribute (XOEV_ENOTFOUND); a
 * value that breaks the type or its facets (a bad date, a pattern, a
 * length, an enumeration, a fixed value), an occurrence beyond maxOccurs
 * or skipping one, a path to an element with element content, a code that
 * is not in its code list, a malformed path (XOEV_EINVAL). Also
 * XOEV_ENOMEM; XOEV_EUNSUPPORTED on a parsed message.
 */
XOEV_EXTERN(int) xoev_message_set(xoev_message *m, const char *path, const char *value);

/**
 * Serialise a built message (UTF-8). *out is new (caller frees with
 * xoev_free()); *len (may be NULL) its length. Returns 0; XOEV_ERROR when,
 * outside the header, a required element, the value of an element whose
 * attributes were set, or a required attribute without a fixed value was
 * not set (xoev_message_error() names its path, "/root/a/b" or
 * "/root/a/@name"); XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_message_serialize(xoev_message *m, char **out, size_t *len);

/** Gzip-compress the file written by xoev_message_write(). */
#define XOEV_WRITE_GZIP 0x1u

/**
 * Serialise a built message to path atomically (temporary file and
 * rename; nothing is left behind on failure), gzip-compressed with
 * XOEV_WRITE_GZIP. Returns 0, XOEV_ERROR (as xoev_message_serialize),
 * XOEV_EIO, XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_message_write(xoev_message *m, const char *path, unsigned int flags);

/**
 * Parse a message (gzip recognised by content) safely, detecting its
 * bundle in reg, for reading by path. Findings of the parse go to diags
 * (may be NULL). Returns 0 and *out (free with xoev_message_free()),
 * XOEV_ERROR (not well-formed), XOEV_ENOTFOUND (no bundle claims it),
 * XOEV_EINVAL, XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_message_parse(xoev_message **out, const xoev_registry *reg,
                                    const void *buf, size_t len, xoev_diag_list *diags);

/**
 * The text of the element at path (same paths as xoev_message_set; for a
 * code type the code), or with a last step "@name" the value of that
 * attribute, on a built or a parsed message. On a built message only what
 * was set is found (not the header or attributes filled at
 * serialisation). *value is borrowed until the message is freed or
 * changed. Returns 0, XOEV_ENOTFOUND (no such element or attribute, or not
 * set), XOEV_EINVAL (a malformed path), XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_message_get(xoev_message *m, const char *path, const char **value);

/**
 * Number of occurrences of the last step of path (its own [n] ignored); 0
 * if none. For an attribute step ("@name"): 1 if it is there, else 0.
 */
XOEV_EXTERN(size_t) xoev_message_count(xoev_message *m, const char *path);

/** The last error message of m (English, naming the path), or "" (borrowed). */
XOEV_EXTERN(const char *) xoev_message_error(const xoev_message *m);

/** Free a message. NULL is fine. */
XOEV_EXTERN(void) xoev_message_free(xoev_message *m);

#ifdef __cplusplus
}
#endif

#endif /* XOEV_GENERATE_H */
