/*
 * libxoev - the message header read out: message id, type, creation time,
 * author and reader authority, for every header family XÖV standards use.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_HEADER_H
#define XOEV_HEADER_H

#include "common.h"
#include "diag.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The header of one message, read out. Opaque; free with xoev_header_free(). */
typedef struct xoev_header xoev_header;

/** Which family of message header a document carries. */
typedef enum {
	XOEV_HEADER_KIND_NONE = 0,  /**< no header found below the root */
	XOEV_HEADER_KIND_G2G,       /**< XÖV Basisnachricht `nachrichtenkopf.g2g` (XBau 2.4+, XWasser, XMeld, XAusländer) */
	XOEV_HEADER_KIND_XINNERES,  /**< XInneres `nachrichtenkopf` with `identifikation.nachricht` (XBau 2.1-2.3.1) */
	XOEV_HEADER_KIND_XDOMEA,    /**< xdomea `Kopf` with `ProzessID` */
	XOEV_HEADER_KIND_XJUSTIZ    /**< XJustiz `nachrichtenkopf` with `eigeneNachrichtenID` */
} xoev_header_kind;

/**
 * Read the header of the message in the file at path (gzip recognised by
 * content), parsed safely (no DOCTYPE, no network, the default limits of
 * xoev_validate_options). The header is looked for among the root's
 * children by element name, in any namespace; no bundle is needed.
 *
 * On success *out is a new header that the caller frees with
 * xoev_header_free(); a document without a known header gives a header of
 * kind XOEV_HEADER_KIND_NONE whose accessors return NULL.
 * Findings (unreadable file, well-formedness errors) go to diags (may be NULL).
 *
 * Returns 0; XOEV_EINVAL (path or out NULL); XOEV_EIO (the file cannot be
 * read, truncated gzip); XOEV_ERROR (not well-formed XML or a limit broken:
 * see diags); XOEV_ELIMIT (larger than 512 MiB); XOEV_ENOMEM.
 */
XOEV_EXTERN(int) xoev_header_read_file(const char *path, xoev_header **out,
                                       xoev_diag_list *diags);

/**
 * As xoev_header_read_file(), for a document in memory (buf borrowed for
 * the call; gzip recognised). name is the file name used in findings (may
 * be NULL: "-").
 */
XOEV_EXTERN(int) xoev_header_read_memory(const void *buf, size_t len, const char *name,
                                         xoev_header **out, xoev_diag_list *diags);

/** Free a header and every string borrowed from it. NULL is fine. */
XOEV_EXTERN(void) xoev_header_free(xoev_header *h);

/** The header's family; XOEV_HEADER_KIND_NONE for NULL. */
XOEV_EXTERN(xoev_header_kind) xoev_header_get_kind(const xoev_header *h);

/** "g2g", "xinneres", "xdomea", "xjustiz" or "none" (the manifest's family names); static, never NULL. */
XOEV_EXTERN(const char *) xoev_header_kind_name(xoev_header_kind kind);

/*
 * Accessors. Each returns a string borrowed from h (valid until
 * xoev_header_free()), whitespace-trimmed as the document has it, or NULL
 * when h is NULL or the document lacks the element.
 */

/**
 * The message identifier: g2g and XInneres `nachrichtenUUID`, xdomea
 * `ProzessID` (it names a process, shared by its messages), XJustiz
 * `eigeneNachrichtenID`.
 */
XOEV_EXTERN(const char *) xoev_header_message_id(const xoev_header *h);

/**
 * The message type code: `nachrichtentyp/code` (g2g, XInneres) or
 * `Nachrichtentyp/code` (xdomea), equal to the root's number in valid
 * messages; XJustiz has none and gives its `ereignis/code` (the event the
 * message reports) instead.
 */
XOEV_EXTERN(const char *) xoev_header_type(const xoev_header *h);

/** The creation time (xs:dateTime as written): `erstellungszeitpunkt` / `Erstellungszeitpunkt`. */
XOEV_EXTERN(const char *) xoev_header_created(const xoev_header *h);

/**
 * The author authority: g2g `autor/kennung` ("prefix:number", e.g.
 * "gha:090"); XInneres `autor/behoerdenkennung/kennung/code`; xdomea
 * `Absender/Behoerdenkennung/Behoerdenschluessel/code` (`Kennung` before
 * 3.0); XJustiz `auswahl_absender`: the court or RV-carrier code, or the
 * free text of `absender.sonstige`.
 */
XOEV_EXTERN(const char *) xoev_header_author(const xoev_header *h);

/** The reader authority, as xoev_header_author() for `leser` / `Empfaenger` / `auswahl_empfaenger`. */
XOEV_EXTERN(const char *) xoev_header_reader(const xoev_header *h);

/** The version the header itself carries: XJustiz `nachrichtenkopf/@xjustizVersion`; NULL for the other families. */
XOEV_EXTERN(const char *) xoev_header_family_version(const xoev_header *h);

#ifdef __cplusplus
}
#endif

#endif /* XOEV_HEADER_H */
