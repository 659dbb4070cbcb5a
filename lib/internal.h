/*
 * libxoev - internal interfaces shared between lib/ modules. Not installed.
 *
 * Naming: xoev_<module>__<verb> for helpers shared inside lib/.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_INTERNAL_H
#define XOEV_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>
#include <libxml/catalog.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>

#include "xoev/xoev.h"

/* ------------------------------------------------------------------ */
/* util.c: strings, growable buffers                                   */
/* ------------------------------------------------------------------ */

/** strdup that accepts NULL (returns NULL) ; NULL on allocation failure otherwise too. */
char *xoev_util__strdup(const char *s);
/** malloc'd printf. NULL on failure. */
char *xoev_util__printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** A growable byte buffer. Zero-initialise to start. */
typedef struct {
	char *data;
	size_t len;
	size_t cap;
	int failed; /**< set once an allocation failed; later appends are no-ops */
} xoev_buf;

void xoev_buf__append(xoev_buf *b, const char *s, size_t n);
void xoev_buf__puts(xoev_buf *b, const char *s);
void xoev_buf__printf(xoev_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** Append s with XML escaping (&, <, >, ", '). */
void xoev_buf__xml_escape(xoev_buf *b, const char *s);
/** Append s as a JSON string literal, quotes included. */
void xoev_buf__json_string(xoev_buf *b, const char *s);
/** Take the NUL-terminated data (caller frees); NULL if failed. Resets b. */
char *xoev_buf__take(xoev_buf *b, size_t *len);
void xoev_buf__free(xoev_buf *b);

/** A growable array of owned strings. Zero-initialise to start. */
typedef struct {
	char **items;
	size_t count;
	size_t cap;
} xoev_strv;

/** Append a copy of s. Returns 0 or XOEV_ENOMEM. */
int xoev_strv__push(xoev_strv *v, const char *s);
/** Append s, taking ownership (s freed on failure). Returns 0 or XOEV_ENOMEM. */
int xoev_strv__push_owned(xoev_strv *v, char *s);
int xoev_strv__contains(const xoev_strv *v, const char *s);
void xoev_strv__free(xoev_strv *v);

/* ------------------------------------------------------------------ */
/* diag.c                                                              */
/* ------------------------------------------------------------------ */

/** printf-style xoev_diag_list_add; list may be NULL (then a no-op). Returns 0 or XOEV_ENOMEM. */
int xoev_diag__addf(xoev_diag_list *list, xoev_severity sev, xoev_layer layer,
                    const char *rule, const char *file, unsigned long line,
                    unsigned long column, const char *xpath, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));

/** Append copies of every finding of src to dst. Returns 0 or XOEV_ENOMEM. */
int xoev_diag__append_all(xoev_diag_list *dst, const xoev_diag_list *src);

/* ------------------------------------------------------------------ */
/* io.c: files, standard input, gzip, directories, atomic writes       */
/* ------------------------------------------------------------------ */

/**
 * Read a whole file (path "-" = standard input) into a new NUL-terminated
 * buffer (*out, caller frees with free(); *len excludes the NUL).
 * gzip input (magic 1f 8b) is decompressed with zlib, detected by content.
 * At most max_bytes after decompression (0 = no limit).
 *
 * Returns 0; XOEV_EIO (cannot open/read, truncated or corrupt gzip: reason
 * in err), XOEV_ELIMIT (larger than max_bytes), XOEV_ENOMEM.
 * err (may be NULL) receives an English reason without the path.
 */
int xoev_io__read_file(const char *path, size_t max_bytes, char **out, size_t *len,
                       char *err, size_t errlen);

/**
 * As xoev_io__read_file, into a buffer kept by the caller for many files
 * (buf and cap: grown as needed, never shrunk; the caller frees buf when done, also
 * after a failure). Saves an allocation per file. *len excludes the NUL.
 */
int xoev_io__read_file_reuse(const char *path, size_t max_bytes, char **buf, size_t *cap,
                             size_t *len, char *err, size_t errlen);

/** As xoev_io__read_file for a buffer already in memory (decompresses gzip; copies otherwise). */
int xoev_io__maybe_gunzip(const void *buf, size_t len, size_t max_bytes, char **out,
                          size_t *outlen, char *err, size_t errlen);

/**
 * Write buf to path atomically: a temporary file in the same directory,
 * fsync, rename. On failure nothing is left behind. Returns 0 or XOEV_EIO.
 */
int xoev_io__write_atomic(const char *path, const void *buf, size_t len);

/** Copy a file byte for byte (atomically). Returns 0 or XOEV_EIO. */
int xoev_io__copy_file(const char *from, const char *to);

/** mkdir -p. Returns 0 or XOEV_EIO. */
int xoev_io__mkdir_p(const char *path);

/** Remove a directory tree (used to clean up a failed import). Returns 0 or XOEV_EIO. */
int xoev_io__rmtree(const char *path);

/** realpath() into a new string, NULL if the path does not exist. */
char *xoev_io__realpath(const char *path);

/** 1 if the canonical path equals root or lies below it ("root/..."), else 0. */
int xoev_io__path_under(const char *root, const char *path);

/** 1 if path is a directory, 0 otherwise. */
int xoev_io__is_dir(const char *path);

/**
 * List regular files below dir recursively, sorted by path, appending
 * paths (dir + "/" + relative) to out. Symbolic links to directories are
 * not followed. suffix (may be NULL) filters by name ending (e.g. ".xml").
 * Returns 0, XOEV_EIO or XOEV_ENOMEM.
 */
int xoev_io__list_files(const char *dir, const char *suffix, xoev_strv *out);

/** Join two paths; if rel is absolute returns a copy of rel. NULL on failure. */
char *xoev_io__join(const char *dir, const char *rel);

/** Directory part of a path (new string). */
char *xoev_io__dirname(const char *path);

/* ------------------------------------------------------------------ */
/* xml.c: safe parsing with positions; resolve.c: the entity loader   */
/* ------------------------------------------------------------------ */

typedef struct {
	size_t max_document_bytes;  /* 0 = default 512 MiB */
	unsigned int max_depth;     /* 0 = default 256 */
	size_t max_text_bytes;      /* 0 = default 10,000,000 */
	size_t max_attribute_bytes; /* 0 = default 10,000,000 */
} xoev_limits;

/** A parsed document plus the line/column of every element's start tag. */
typedef struct xoev_xdoc xoev_xdoc;

/**
 * Parse a document from memory, safely: no DOCTYPE at all (rule
 * "wellformed.doctype"), no network, no external entity, no DTD loading,
 * the limits above ("wellformed.depth", "wellformed.text-size",
 * "wellformed.attribute-size", "wellformed.document-size"); every
 * well-formedness error as a finding ("wellformed.syntax", "wellformed.encoding"
 * for invalid UTF-8) with line and column. name is the file name for
 * findings and the document URL.
 *
 * Returns 0 and *out (free with xoev_xml__free) when a tree was built
 * without errors; XOEV_ERROR when the document is not well-formed or
 * breaks a limit (findings in diags, *out NULL); XOEV_ENOMEM.
 */
int xoev_xml__parse(const char *buf, size_t len, const char *name,
                    const xoev_limits *limits, xoev_diag_list *diags, xoev_xdoc **out);

void xoev_xml__free(xoev_xdoc *d);

/**
 * An xoev_xdoc for a tree built elsewhere (an XSLT result), taking doc
 * over (freed with the xdoc, also on failure): no positions, findings on
 * it have line 0. Returns 0 or XOEV_ENOMEM.
 */
int xoev_xml__wrap(xmlDocPtr doc, xoev_xdoc **out);
xmlDocPtr xoev_xml__doc(const xoev_xdoc *d);

/**
 * Line and column (1-based, column in characters) of node's start tag
 * (for attributes and text: of the parent element). 0/0 if unknown.
 */
void xoev_xml__position(const xoev_xdoc *d, const xmlNode *node, unsigned long *line,
                        unsigned long *column);

/**
 * An XPath 1.0 path to node, with the document's prefixes and positions,
 * e.g. "/x:a/x:b[2]/c/@attr"; for an element in a default namespace
 * "*[local-name()='b'][1]" style steps are used. New string, caller frees.
 */
char *xoev_xml__xpath(const xmlNode *node);

/* libxml2 parser errors, as the tree parse and the stream report them. */
/** 1 if e is an encoding error (invalid UTF-8, unknown or unsupported encoding). */
int xoev_xml__is_encoding_error(const xmlError *e);
/** The finding severity of a libxml2 error level. */
xoev_severity xoev_xml__error_severity(const xmlError *e);
/** e's message on one line, trailing blanks trimmed (new string; NULL if out of memory). */
char *xoev_xml__error_message(const xmlError *e);

/** SAX callbacks for every libxoev parse: an external subset is never loaded, an entity never resolved. */
void xoev_xml__sax_no_external_subset(void *ctx, const xmlChar *name, const xmlChar *ExternalID,
                                      const xmlChar *SystemID);
xmlParserInputPtr xoev_xml__sax_no_entity(void *ctx, const xmlChar *publicId,
                                          const xmlChar *systemId);

/** Append an XPath 1.0 string literal for s (concat() when s holds both quote kinds). */
void xoev_xml__xpath_literal(xoev_buf *b, const char *s);

/**
 * A new copy of the no-namespace attribute name of n; NULL if it is absent,
 * or if the copy failed (then *oom is set to 1).
 */
char *xoev_xml__attr_dup(const xmlNode *n, const char *name, int *oom);

/**
 * Parse a schema or manifest file from disk: same safety as above but a
 * DOCTYPE without an internal subset is tolerated (catalogs carry one),
 * nothing external is loaded. Returns an xmlDoc (xmlFreeDoc) or NULL with
 * findings in diags.
 */
xmlDocPtr xoev_xml__parse_local_file(const char *path, xoev_diag_list *diags);

/**
 * The resolver: what the global entity loader may hand to libxml2 while a
 * libxoev operation runs on this thread. Set up with xoev_resolver__push,
 * removed with xoev_resolver__pop (strictly nested, per thread).
 */
typedef struct {
	/** Catalogs (xmlACatalog*) consulted for absolute URLs and system ids. Borrowed. */
	xmlCatalogPtr *catalogs;
	size_t catalog_count;
	/** Canonical directories (or files) whose contents may be read. Borrowed. */
	const char *const *roots;
	size_t root_count;
	/** In-memory documents served by URL (generated wrapper schemas). Borrowed. */
	const char *const *virtual_urls;
	const char *const *virtual_docs;
	size_t virtual_count;
	/** Refusals are reported here (layer BUNDLE or WELLFORMED, rule "resolve.refused"). */
	xoev_diag_list *diags;
	xoev_layer layer;
} xoev_resolver;

/** Make r the active resolver of this thread (r borrowed until pop). */
void xoev_resolver__push(xoev_resolver *r);
void xoev_resolver__pop(void);

/**
 * Resolve a schemaLocation/system id the way the loader does (virtual
 * documents, catalogs, local paths; never the network) and check it
 * against the roots. Returns a new canonical path or NULL (reason in err).
 * r may be NULL (no catalogs, no roots check).
 */
char *xoev_resolver__resolve(const xoev_resolver *r, const char *url, const char *base,
                             char *err, size_t errlen);

/**
 * libxml2 reports some errors through the thread's global handlers (and
 * prints them by default). Between quiet_begin and quiet_end this thread's
 * generic handler is silent and its structured handler is fn(ctx) (fn NULL:
 * silent). The library never prints.
 */
typedef struct {
	xmlGenericErrorFunc generic;
	void *generic_ctx;
	xmlStructuredErrorFunc structured;
	void *structured_ctx;
} xoev_quiet;

void xoev_xml__quiet_begin(xoev_quiet *q, xmlStructuredErrorFunc fn, void *ctx);
void xoev_xml__quiet_end(const xoev_quiet *q);

/** Installs the entity loader; called once from xoev_init(). */
void xoev_xml__install_loader(void);

/* ------------------------------------------------------------------ */
/* scan.c: schema files, their imports and global elements             */
/* ------------------------------------------------------------------ */

typedef struct {
	char *path;              /* canonical path */
	char *target_namespace;  /* NULL for no-namespace (chameleon) documents */
	xoev_strv imported_namespaces;
	xoev_strv remote_locations; /* absolute-URL schemaLocations met in this file */
	xoev_strv message_roots; /* global elements named like <a>.<b>.<digits> */
	xoev_strv components;    /* "kind name" of every named top-level declaration */
	int shadowed;            /* a copy of a namespace's documents met earlier (see below) */
} xoev_schema_file;

typedef struct {
	xoev_schema_file *files;
	size_t count;
	/**
	 * Copies: documents of a namespace that declare a component an earlier
	 * document of the same namespace declares already (the same XÖV base
	 * schema reached once through the catalog and once through a relative
	 * path, e.g. XBau 2.1's latinchars.xsd). libxml2 reads only the first
	 * document per namespace and skips such copies; a wrapper that includes
	 * every document of a namespace must leave them out, so they are kept
	 * here, not in files. Scanned like the others (their references are
	 * followed); flagged shadowed.
	 */
	xoev_schema_file *shadowed;
	size_t shadowed_count;
	/** remote URL -> canonical local path, as resolved through the catalog */
	xoev_strv remote_urls;
	xoev_strv remote_paths;
} xoev_schema_set;

/**
 * Follow xs:include/xs:import/xs:redefine from the entry files (canonical
 * or relative paths), resolving relative locations against each file and
 * absolute URLs through the catalogs (may be none). Never the network.
 * An unresolvable location is a finding (rule "bundle.unresolved-import",
 * naming the URL) and, if fail_on_unresolved, makes the call fail.
 * Returns 0, XOEV_EBUNDLE, XOEV_EIO, XOEV_ENOMEM.
 */
int xoev_scan__closure(const char *const *entries, size_t entry_count,
                       xmlCatalogPtr *catalogs, size_t catalog_count,
                       int fail_on_unresolved, xoev_diag_list *diags,
                       xoev_schema_set *out);

/**
 * As xoev_scan__closure, but only files under one of the roots (canonical
 * directories or files) are read; any other reference is refused unread
 * (rule "resolve.refused", an error that makes the call fail).
 */
int xoev_scan__closure_within(const char *const *entries, size_t entry_count,
                              xmlCatalogPtr *catalogs, size_t catalog_count,
                              const char *const *roots, size_t root_count,
                              int fail_on_unresolved, xoev_diag_list *diags,
                              xoev_schema_set *out);

/**
 * The namespaces of set in import order: a namespace comes after every
 * namespace it imports (cycles broken in file order). New strings in out.
 * A NULL namespace (no-namespace files) is represented by "".
 */
int xoev_scan__namespace_order(const xoev_schema_set *set, xoev_strv *out);

void xoev_scan__free(xoev_schema_set *set);

/* ------------------------------------------------------------------ */
/* manifest.c: the bundle manifest (schemas/xoev-bundle.xsd)           */
/* ------------------------------------------------------------------ */

#define XOEV_MANIFEST_NAME "xoev-bundle.xml"
#define XOEV_MANIFEST_NS "urn:libxoev:bundle:1"

typedef struct {
	char *href;       /* relative to the bundle directory */
	char *namespace_; /* NULL: no namespace */
	int entry;
} xoev_manifest_schema;

typedef struct {
	char *root;
	char *number;
	char *namespace_;
	char *title;
} xoev_manifest_message;

typedef struct {
	char *href;
	char *uri;
	char *version;
} xoev_manifest_codelist;

/*
 * A code list the bundle's XSDs reference (manifest <codelistReference>):
 * the listURI a code type fixes, with the listVersionID it fixes (NULL:
 * the instance names the version, code type 3), whether the bundle ships
 * a genericode list for it (that version; any version when version is
 * NULL), and whether every code type naming it enumerates its codes in the
 * XSD (type 1: no genericode file needed to check them).
 */
typedef struct {
	char *uri;
	char *version;
	int provided;
	int enumerated;
} xoev_manifest_codelist_ref;

typedef struct {
	char *standard;
	char *version;
	char *title;
	char *valid_from;
	char *valid_until;
	char *header_family;       /* "g2g", "xinneres", "xdomea", "xjustiz", "none" or NULL */
	xoev_strv detect_namespaces;
	xoev_strv detect_attr_names;  /* parallel with detect_attr_values */
	xoev_strv detect_attr_values;
	/* parallel with detect_attr_names, may be shorter: the namespace of the
	 * roots an attribute applies to; "" or missing: every root */
	xoev_strv detect_attr_namespaces;
	/* header attributes (XJustiz nachrichtenkopf/@xjustizVersion): the
	 * element path below the root ('/'-separated local names), the
	 * attribute's name and value; three parallel arrays */
	xoev_strv detect_header_paths;
	xoev_strv detect_header_names;
	xoev_strv detect_header_values;
	xoev_strv catalogs;           /* hrefs relative to the bundle */
	xoev_manifest_schema *schemas;
	size_t schema_count;
	xoev_manifest_message *messages;
	size_t message_count;
	xoev_manifest_codelist *codelists;
	size_t codelist_count;
	xoev_strv rules;              /* hrefs */
	/* the code lists the XSDs reference (written by the import), in order */
	xoev_manifest_codelist_ref *codelist_refs;
	size_t codelist_ref_count;
} xoev_manifest;

/**
 * Read and check a manifest (against the embedded manifest schema).
 * Returns 0, XOEV_EBUNDLE (findings in diags), XOEV_EIO, XOEV_ENOMEM.
 */
int xoev_manifest__read(const char *path, xoev_manifest *out, xoev_diag_list *diags);

/** Serialise a manifest (new string, caller frees). NULL on failure. */
char *xoev_manifest__write(const xoev_manifest *m, size_t *len);

void xoev_manifest__free(xoev_manifest *m);

/** The manifest schema text compiled into the library (schemas/xoev-bundle.xsd). */
extern const char xoev_manifest__xsd[];

/* ------------------------------------------------------------------ */
/* codelist.c: genericode code lists and the code-list layer           */
/* ------------------------------------------------------------------ */

/** Every code list of one bundle, plus what its XSDs say about code types. Immutable once loaded. */
typedef struct xoev_codelists xoev_codelists;

/**
 * Load the genericode files a manifest lists (XÖV genericode annotations 3
 * and 4; columns by the recommended key column) and read the bundle's XSDs
 * for code types (type 1: enumerated in the XSD; listURI/listVersionID
 * fixed or required). Findings (unreadable list, list not genericode) go to
 * diags with layer BUNDLE. Returns 0, XOEV_ENOMEM, or XOEV_EBUNDLE.
 */
int xoev_codelist__load(const char *bundle_dir, const xoev_manifest *m, xoev_codelists **out,
                        xoev_diag_list *diags);
void xoev_codelist__free(xoev_codelists *cl);

/**
 * Check every code element of a parsed document (an element with an
 * unqualified `code` child and listURI/listVersionID attributes, after XSD
 * validation filled in default and fixed attributes): type 2, 3 and 4
 * codes must name a known list (rule "codelist.unknown-list"), a known
 * version of it ("codelist.unknown-version") and a code of that version
 * ("codelist.unknown-code"; the message names the list, the version and a
 * few allowed values). Findings carry line, column and XPath.
 * Returns 0 or XOEV_ENOMEM.
 */
int xoev_codelist__check(const xoev_codelists *cl, const xoev_xdoc *doc, const char *file,
                         xoev_diag_list *diags);

/** Number of lists loaded (for reports and tests). */
size_t xoev_codelist__count(const xoev_codelists *cl);

/** One XÖV code type of a set of XSDs, as xoev_codelist__scan_types finds it. */
typedef struct {
	char *uri;      /* the fixed (or default) listURI, token-normalised; never NULL */
	char *version;  /* the fixed listVersionID (whitespace replaced) or NULL */
	int enumerated; /* type 1: the `code` element enumerates its values */
} xoev_code_type;

/**
 * The code-type scan of xoev_codelist__load on its own: read the schema
 * files at paths (all of them together: derivations may cross files) and
 * list every complex type that is an XÖV code type with a fixed or default
 * listURI, one entry per type (duplicates kept), sorted by URI, external
 * (types 2 and 3) before enumerated (type 1). A file that cannot be parsed
 * is a finding ("codelist.schema-unreadable", layer BUNDLE) and fails the
 * call. Returns 0 with *types (free with xoev_codelist__free_types; NULL
 * when *type_count is 0), XOEV_EBUNDLE, XOEV_EINVAL or XOEV_ENOMEM.
 */
int xoev_codelist__scan_types(const char *const *paths, size_t count, xoev_code_type **types,
                              size_t *type_count, xoev_diag_list *diags);
void xoev_codelist__free_types(xoev_code_type *types, size_t count);

/**
 * Check one code met while streaming (no tree): list_uri/list_version may
 * be NULL when the instance omits them (then the fixed values the XSDs
 * give for that list cannot be known without a type: such a code is
 * checked only if list_uri is present). Same rules and findings as
 * xoev_codelist__check, at the given location. Returns 0 or XOEV_ENOMEM.
 */
int xoev_codelist__check_code(const xoev_codelists *cl, const char *list_uri,
                              const char *list_version, const char *code, const char *file,
                              unsigned long line, unsigned long column, const char *xpath,
                              xoev_diag_list *diags);

/* ------------------------------------------------------------------ */
/* stream.c: validation without a tree, in bounded memory              */
/* ------------------------------------------------------------------ */

/**
 * Validate the file at path (gzip recognised by content, decompressed while
 * reading) with libxml2's reader and the compiled schema, and check the
 * codes it meets against cl (may be NULL: no code-list layer), in memory
 * bounded by the document's depth, not its size. Same safety as
 * xoev_xml__parse (no DOCTYPE, no network, depth/text/attribute limits;
 * max_document_bytes does not apply). Findings carry line, column (where
 * libxml2 can tell) and an XPath built from the reader's element stack.
 * *invalid is set to 1 if any error or fatal finding was added.
 * Returns 0; XOEV_EIO (cannot open, truncated/corrupt gzip: a finding is
 * added too); XOEV_ENOMEM.
 */
int xoev_stream__validate(const char *path, struct _xmlSchema *schema, const xoev_codelists *cl,
                          const xoev_limits *limits, xoev_diag_list *diags, int *invalid);

/* ------------------------------------------------------------------ */
/* rules.c: ISO Schematron (XPath 1.0), compiled once, run natively    */
/* ------------------------------------------------------------------ */

typedef struct xoev_rules xoev_rules;

/**
 * Compile an ISO Schematron file (queryBinding xslt, xslt1 or xpath, or
 * none): namespaces, phases (phase NULL: #DEFAULT, else that phase id),
 * patterns, abstract rules and rule extends, let variables (schema,
 * pattern and rule level), assert and report with value-of and name in
 * their messages. Every XPath is compiled now; an expression that does
 * not compile is a finding (layer BUNDLE, rule "rules.xpath", naming the
 * assert id) and that assert is left out, never silently.
 * Returns 0, XOEV_EBUNDLE (the file is not Schematron or nothing
 * compiles), XOEV_EIO, XOEV_ENOMEM. The result is immutable and may be
 * run by several threads at once.
 */
int xoev_rules__compile(const char *path, const char *phase, xoev_rules **out,
                        xoev_diag_list *diags);
void xoev_rules__free(xoev_rules *r);

/**
 * Run the rules on a parsed document: for each pattern, each node matched
 * by a rule context (first matching rule of a pattern wins, as in
 * Schematron), evaluate the asserts and reports. A failed assert or a
 * fired report is a finding with layer RULE, rule id = the assert's @id
 * (else the rule's or pattern's id, else "rules.anonymous"), severity from
 * @role/@flag (error by default; "warning"/"warn", "info"/"information"),
 * the message text with value-of/name evaluated, and the line, column and
 * XPath of the context node.
 * Returns 0 or XOEV_ENOMEM.
 */
int xoev_rules__run(const xoev_rules *r, const xoev_xdoc *doc, const char *file,
                    xoev_diag_list *diags);

/** Number of asserts and reports compiled (for reports and tests). */
size_t xoev_rules__assert_count(const xoev_rules *r);

/* ------------------------------------------------------------------ */
/* header.c: the message header, read out and checked                  */
/* ------------------------------------------------------------------ */

typedef enum {
	XOEV_HEADER_NONE = 0,
	XOEV_HEADER_G2G,      /* XÖV nachrichtenkopf.g2g */
	XOEV_HEADER_XINNERES, /* XInneres nachrichtenkopf */
	XOEV_HEADER_XDOMEA,   /* xdomea Kopf */
	XOEV_HEADER_XJUSTIZ   /* XJustiz nachrichtenkopf (Type.GDS.Nachrichtenkopf) */
} xoev_header_family;

typedef struct {
	xoev_header_family family;
	char *uuid;       /* nachrichtenUUID / ProzessID */
	char *type_code;  /* nachrichtentyp/code */
	char *created;    /* erstellungszeitpunkt, as written */
	char *author;     /* author authority id */
	char *reader;     /* reader authority id */
	char *event;      /* XJustiz: ereignis/code (the type code stays NULL) */
	char *family_version; /* XJustiz: nachrichtenkopf/@xjustizVersion */
	/* borrowed from the document */
	const xmlNode *node, *uuid_node, *type_node, *created_node, *author_node, *reader_node;
} xoev_header_info;

/** Read the header of a document (family NONE if none is found). Returns 0 or XOEV_ENOMEM. */
int xoev_header__read(const xoev_xdoc *doc, xoev_header_info *out);
void xoev_header__clear(xoev_header_info *h);

/** Message UUIDs seen in one run (thread-safe). */
typedef struct xoev_uuid_set xoev_uuid_set;
int xoev_uuid_set__new(xoev_uuid_set **out);
void xoev_uuid_set__free(xoev_uuid_set *s);
/** Add uuid; if it was there, *first_file is a new copy of the file that had it first. */
int xoev_uuid_set__add(xoev_uuid_set *s, const char *uuid, const char *file, char **first_file);

/** xs:dateTime to seconds since the epoch (no time zone: local time). 1 on success. */
int xoev_header__parse_datetime(const char *s, long long *out);

typedef struct {
	xoev_uuid_set *seen;               /* NULL: no uniqueness check */
	long long future_tolerance_seconds;
	long long now;                     /* 0: the clock */
} xoev_header_options;

/**
 * The header rules (layer HEADER): "header.uuid-format",
 * "header.uuid-duplicate" (within the run of o->seen; not for xdomea, whose
 * ProzessID names a process), "header.future-time", "header.type-mismatch"
 * (nachrichtentyp code vs the root's number), "header.authority-format"
 * (g2g: prefix:number), "header.version-mismatch" (root standard/version
 * attributes vs the manifest m). Returns 0 or XOEV_ENOMEM.
 */
int xoev_header__check(const xoev_xdoc *doc, const xoev_manifest *m, const char *number,
                       const xoev_header_options *o, const char *file, xoev_diag_list *diags);

/* ------------------------------------------------------------------ */
/* report.c                                                            */
/* ------------------------------------------------------------------ */

/** As xoev_report_add, taking over *diags (set to NULL on success) instead of copying it. */
int xoev_report__add_owned(xoev_report *r, const char *file, xoev_verdict verdict,
                           const xoev_bundle *bundle, const xoev_message_type *type,
                           xoev_diag_list **diags);

/* ------------------------------------------------------------------ */
/* profile.c                                                           */
/* ------------------------------------------------------------------ */

/** The grade (xoev_severity or XOEV_GRADE_OFF) a profile gives a rule id; -2 if none applies. */
int xoev_profile__grade(const xoev_profile *p, const char *rule);

/**
 * Apply a profile to the findings of list from index `from` on: change their
 * severity, remove those graded off. io and wellformed findings are kept
 * as they are. Returns 0 (never fails).
 */
int xoev_diag__regrade(xoev_diag_list *list, size_t from, const xoev_profile *p);

/* ------------------------------------------------------------------ */
/* validate.c                                                          */
/* ------------------------------------------------------------------ */

/** The stable rule id ("xsd.element-content", ...) of a libxml2 schema validation error code. */
const char *xoev_validate__xsd_rule(int code);

/** Make v record message UUIDs in seen (shared by a batch run; NULL: its own set again). */
void xoev_validator__share_uuids(xoev_validator *v, xoev_uuid_set *seen);

/**
 * As xoev_validate_memory, but the parsed tree is kept: *tree (may be NULL
 * to drop it) receives it when the document parsed (else NULL); the
 * caller frees it with xoev_xml__free. The tree is handed back as the
 * parser built it: whatever the XSD layer added to it (default and fixed
 * values, namespace declarations) is removed again.
 */
int xoev_validate__memory_tree(xoev_validator *v, const void *buf, size_t len, const char *name,
                               xoev_diag_list *diags, xoev_verdict *verdict, xoev_xdoc **tree);

/**
 * Validate an already parsed tree (from xoev_xml__parse or xoev_xml__wrap)
 * with v, as xoev_validate_memory does after parsing: detection (or v's
 * bundle), then v's layers; the last bundle, type and layers are set. The
 * tree is left as it was (see xoev_validate__memory_tree). Findings on a
 * tree without positions have no line numbers.
 */
int xoev_validate__tree(xoev_validator *v, xoev_xdoc *doc, const char *name,
                        xoev_diag_list *diags, xoev_verdict *verdict);

/* ------------------------------------------------------------------ */
/* registry internals used by validate.c                               */
/* ------------------------------------------------------------------ */

struct _xmlSchema;
/**
 * The compiled schema of a bundle (compiles on first call, once; thread-safe).
 * Returns NULL if compilation failed (findings appended to diags).
 */
struct _xmlSchema *xoev_bundle__schema(const xoev_bundle *b, xoev_diag_list *diags);
/**
 * The code lists and compiled rule sets of a bundle (loaded on first use,
 * once, thread-safe). What loading found (a broken list, an assert that
 * does not compile) is appended to diags on every call. Borrowed results.
 * Returns 0 or XOEV_ENOMEM.
 */
int xoev_bundle__layers(const xoev_bundle *b, const xoev_codelists **codelists,
                        xoev_rules *const **rules, size_t *rule_count, xoev_diag_list *diags);

/**
 * Reads an attribute of an element below the document's root for
 * detection by header attributes: path is '/'-separated local names (any
 * namespace), name a no-namespace attribute. Returns a new string (free())
 * or NULL when absent; sets *oom on allocation failure.
 */
typedef char *(*xoev_header_attr_fn)(void *ctx, const char *path, const char *name, int *oom);

/**
 * As xoev_registry_detect, also matching the bundles' header attributes
 * (manifest detect/headerAttribute) through fn. fn NULL: header attributes
 * are unknown (streaming), and a bundle that needs them matches by its
 * namespace only. Returns as xoev_registry_detect, or XOEV_ENOMEM.
 */
int xoev_registry__detect(const xoev_registry *reg, const char *ns, const char *local_name,
                          const char *standard_attr, const char *version_attr,
                          xoev_header_attr_fn fn, void *ctx, const xoev_bundle **bundle,
                          const xoev_message_type **type);

/** The manifest a bundle was loaded from (the ad-hoc bundle's is nearly empty). */
const xoev_manifest *xoev_bundle__manifest(const xoev_bundle *b);
/** 1 for the ad-hoc bundle: any global element is a root. */
int xoev_bundle__accepts_any_root(const xoev_bundle *b);

#endif /* XOEV_INTERNAL_H */
