/*
 * libxoev - xoev_bundle_import(): turn a published XÖV release directory
 * into a bundle directory (copied schemas, catalog, code lists, manifest).
 *
 * Everything is written into a temporary sibling of the destination and
 * renamed into place at the end, so a failed import leaves nothing. The
 * source directory is only read.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/catalog.h>
#include <libxml/uri.h>
#include <libxml/xmlreader.h>

#include "internal.h"

#define XS_NS "http://www.w3.org/2001/XMLSchema"
#define GC_NS "http://docs.oasis-open.org/codelist/ns/genericode/1.0/"

/* header families, in order of preference */
enum { HDR_G2G = 1, HDR_XINNERES = 2, HDR_XDOMEA = 4, HDR_XJUSTIZ = 8 };

/* The version and standard a namespace's schemas fix on the root. */
typedef struct {
	char *version;
	char *standard;
	int version_conflict;       /* 1: two different values; 2: out of memory */
	int standard_conflict;
} fixed_attrs;

typedef struct {
	const char *src;            /* canonical source directory */
	xoev_diag_list *diags;
	xmlCatalogPtr catalog;      /* NULL: none */
	char *tmp;                  /* the temporary bundle directory */
	xoev_schema_set set;        /* the closure */
	xoev_strv entries;          /* canonical entry paths */
	xoev_strv hrefs;            /* parallel with set.files: "files/<rel>" */
	xoev_manifest m;
	/* root attributes fixed by the schemas, per detect namespace */
	fixed_attrs *fixed;         /* parallel with m.detect_namespaces */
	/* header types: local type names of header elements (nachrichtenkopf),
	 * and the fixed attributes of named complex types (type, name, value) */
	xoev_strv hdr_types;
	xoev_strv type_attr_types, type_attr_names, type_attr_values;
	unsigned int hdr_src, hdr_other;
	int broken;                 /* a schema of the release is not well-formed */
} import_ctx;

/* ------------------------------------------------------------------ */
/* helpers                                                             */
/* ------------------------------------------------------------------ */

/* 1 if path lies strictly below dir (both canonical). */
static int below(const char *dir, const char *path)
{
	size_t n = strlen(dir);

	if (n == 1 && dir[0] == '/')
		return path[0] == '/' && path[1] != '\0';
	return strncmp(dir, path, n) == 0 && path[n] == '/';
}

static int is_src_file(const import_ctx *c, const char *path)
{
	return below(c->src, path);
}

/* Relative path of path below dir (both canonical), borrowed from path. */
static const char *rel_to(const char *dir, const char *path)
{
	size_t n = strlen(dir);
	return (n == 1 && dir[0] == '/') ? path + 1 : path + n + 1;
}

/* A manifest href may not hold ':' or '\\': replace them. New string. */
static char *sanitize_href(const char *s)
{
	char *d = xoev_util__strdup(s), *p;

	if (!d)
		return NULL;
	for (p = d; *p; p++)
		if (*p == ':' || *p == '\\')
			*p = '_';
	return d;
}

static int is_empty_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			empty = 0;
			break;
		}
	}
	closedir(d);
	return empty;
}

static int pattern_ok(const char *s, int allow_upper)
{
	size_t n = 0;

	if (!s || !*s)
		return 0;
	if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) ||
	      (allow_upper && isupper((unsigned char)*s))))
		return 0;
	for (; *s; s++, n++) {
		unsigned char ch = (unsigned char)*s;
		if (!(islower(ch) || isdigit(ch) || (allow_upper && isupper(ch)) ||
		      ch == '.' || ch == '_' || ch == '-'))
			return 0;
	}
	return n <= 64;
}

static int date_ok(const char *s)
{
	int i;

	if (!s)
		return 1;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (!isdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	return s[10] == '\0';
}

static int add_error(import_ctx *c, const char *rule, const char *file, const char *fmt,
                     const char *arg)
{
	if (xoev_diag__addf(c->diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE, rule, file, 0, 0,
	                    NULL, fmt, arg) != 0)
		return XOEV_ENOMEM;
	return 0;
}

/* ------------------------------------------------------------------ */
/* arguments and destination                                           */
/* ------------------------------------------------------------------ */

static int check_options(const xoev_import_options *o)
{
	if (!o || o->version != XOEV_IMPORT_OPTIONS_VERSION)
		return XOEV_EINVAL;
	if (!pattern_ok(o->standard, 0) || !pattern_ok(o->standard_version, 1))
		return XOEV_EINVAL;
	if (!date_ok(o->valid_from) || !date_ok(o->valid_until))
		return XOEV_EINVAL;
	if (o->entry_count && !o->entries)
		return XOEV_EINVAL;
	return 0;
}

/* The canonical path of path or of its nearest existing ancestor. NULL: out of memory. */
static char *existing_ancestor(const char *path)
{
	char *p = xoev_util__strdup(path);

	while (p) {
		char *canon = xoev_io__realpath(p), *up;
		if (canon) {
			free(p);
			return canon;
		}
		up = xoev_io__dirname(p);
		if (up && strcmp(up, p) == 0) {
			/* "." or "/" that does not resolve: give up with the cwd */
			free(up);
			free(p);
			return xoev_io__realpath(".");
		}
		free(p);
		p = up;
	}
	return NULL;
}

/*
 * dest must not exist or be an empty directory, and must not lie in src.
 * *parent receives its (created) parent directory.
 */
static int check_dest(import_ctx *c, const char *dest, char **parent)
{
	struct stat st;
	char *canon_parent;
	int rc;

	*parent = NULL;
	if (lstat(dest, &st) == 0) {
		if (!S_ISDIR(st.st_mode) || !is_empty_dir(dest)) {
			rc = add_error(c, "bundle.dest-exists", dest,
			               "%s", "the destination exists and is not an empty directory");
			return rc ? rc : XOEV_EEXISTS;
		}
	}
	*parent = xoev_io__dirname(dest);
	if (!*parent)
		return XOEV_ENOMEM;
	/* before creating anything: the nearest existing ancestor may not be in src */
	canon_parent = existing_ancestor(*parent);
	if (!canon_parent)
		return XOEV_ENOMEM;
	if (strcmp(canon_parent, c->src) == 0 || below(c->src, canon_parent)) {
		free(canon_parent);
		rc = add_error(c, "bundle.dest-in-source", dest, "%s",
		               "the destination lies inside the source directory, which is never modified");
		return rc ? rc : XOEV_EINVAL;
	}
	free(canon_parent);
	if (xoev_io__mkdir_p(*parent) != 0) {
		rc = add_error(c, "bundle.io", *parent, "%s", "cannot create the destination's parent directory");
		return rc ? rc : XOEV_EIO;
	}
	return 0;
}

/* A new directory next to dest, created with the default mode (umask applies). */
static char *make_tmp_dir(const char *parent)
{
	unsigned int n;

	for (n = 0; n < 1000; n++) {
		char *p = xoev_util__printf("%s/.xoev-import-%ld-%u", parent, (long)getpid(), n);
		if (!p)
			return NULL;
		if (mkdir(p, 0777) == 0)
			return p;
		free(p);
		if (errno != EEXIST)
			return NULL;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* choosing the schemas                                                */
/* ------------------------------------------------------------------ */

/*
 * The import copies every document, copies included: put the shadowed ones
 * back at the end of files (flagged), where the manifest lists them last,
 * so that the registry's scan of the bundle shadows the same documents.
 */
static int merge_shadowed(xoev_schema_set *set)
{
	xoev_schema_file *grown;

	if (!set->shadowed_count)
		return 0;
	grown = realloc(set->files, (set->count + set->shadowed_count) * sizeof *grown);
	if (!grown)
		return XOEV_ENOMEM;
	memcpy(grown + set->count, set->shadowed, set->shadowed_count * sizeof *grown);
	set->files = grown;
	set->count += set->shadowed_count;
	free(set->shadowed);
	set->shadowed = NULL;
	set->shadowed_count = 0;
	return 0;
}

static const xoev_schema_file *find_file(const xoev_schema_set *set, const char *path)
{
	size_t i;
	for (i = 0; i < set->count; i++)
		if (strcmp(set->files[i].path, path) == 0)
			return &set->files[i];
	return NULL;
}

/*
 * A listed XSD that the first scan could not use. Well-formed XML that is
 * not a schema is skipped with a warning; a document that does not parse
 * makes the release broken (its findings are passed on), so that a failure
 * is never silently turned into a smaller bundle.
 */
static int report_unscanned(import_ctx *c, const xoev_diag_list *scratch, const char *listed,
                            const char *canon)
{
	size_t i, n = xoev_diag_list_count(scratch);
	int not_schema = 0, rc;

	for (i = 0; canon && i < n; i++) {
		const xoev_diag *d = xoev_diag_list_get(scratch, i);
		const char *file = xoev_diag_file(d);
		if (file && strcmp(file, canon) == 0 && strcmp(xoev_diag_rule(d), "bundle.not-a-schema") == 0)
			not_schema = 1;
	}
	if (not_schema)
		return xoev_diag__addf(c->diags, XOEV_SEVERITY_WARNING, XOEV_LAYER_BUNDLE,
		                       "bundle.skipped-file", listed, 0, 0, NULL,
		                       "not an XML schema document (the root is not xs:schema); skipped");
	c->broken = 1;
	for (i = 0; canon && i < n; i++) {
		const xoev_diag *d = xoev_diag_list_get(scratch, i);
		const char *file = xoev_diag_file(d);
		if (!file || strcmp(file, canon) != 0)
			continue;
		rc = xoev_diag_list_add(c->diags, xoev_diag_severity(d), xoev_diag_layer(d),
		                        xoev_diag_rule(d), xoev_diag_message(d), file,
		                        xoev_diag_line(d), xoev_diag_column(d), xoev_diag_xpath(d));
		if (rc == XOEV_ENOMEM)
			return rc;
	}
	return xoev_diag__addf(c->diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE,
	                       "bundle.schema-unreadable", listed, 0, 0, NULL,
	                       "the schema document cannot be read or is not well-formed");
}

/*
 * Entries and closure roots. With entries in the options: those, and only
 * their closure. Otherwise every XSD of the release that declares a message
 * root is an entry (every XSD if none does), and every other schema of the
 * release is followed too, so that the bundle holds the whole release.
 */
static int choose_schemas(import_ctx *c, const xoev_import_options *o, xoev_strv *roots)
{
	xoev_strv xsds = { 0 }, readable = { 0 };
	xoev_schema_set pre;
	xoev_diag_list *scratch = NULL;
	size_t i;
	int rc;

	memset(&pre, 0, sizeof pre);
	if (o->entry_count) {
		for (i = 0; i < o->entry_count; i++) {
			char *joined, *canon;
			if (!o->entries[i])
				return XOEV_EINVAL;
			joined = xoev_io__join(c->src, o->entries[i]);
			if (!joined)
				return XOEV_ENOMEM;
			canon = xoev_io__realpath(joined);
			if (!canon || !is_src_file(c, canon)) {
				rc = add_error(c, "bundle.missing-file", joined, "%s",
				               "entry schema not found in the release directory");
				free(joined);
				free(canon);
				return rc ? rc : XOEV_EINVAL;
			}
			free(joined);
			if (xoev_strv__push_owned(&c->entries, canon) != 0 ||
			    xoev_strv__push(roots, canon) != 0)
				return XOEV_ENOMEM;
		}
		return 0;
	}

	rc = xoev_io__list_files(c->src, ".xsd", &xsds);
	if (rc != 0) {
		xoev_strv__free(&xsds);
		return rc;
	}
	if (xsds.count == 0) {
		xoev_strv__free(&xsds);
		rc = add_error(c, "bundle.no-schema", c->src, "%s", "no XML schema (*.xsd) in the release directory");
		return rc ? rc : XOEV_EBUNDLE;
	}
	rc = xoev_diag_list_new(&scratch);
	if (rc == 0) {
		xmlCatalogPtr cats[1];
		cats[0] = c->catalog;
		rc = xoev_scan__closure((const char *const *)xsds.items, xsds.count, cats,
		                        c->catalog ? 1 : 0, 0, scratch, &pre);
		if (rc == XOEV_EBUNDLE)
			rc = 0; /* nothing readable: reported below, file by file */
		if (rc == 0)
			rc = merge_shadowed(&pre);
	}
	/* the release's readable schemas, in listing order; entries declare roots */
	for (i = 0; rc == 0 && i < xsds.count; i++) {
		char *canon = xoev_io__realpath(xsds.items[i]);
		const xoev_schema_file *f = canon ? find_file(&pre, canon) : NULL;

		if (!f)
			rc = report_unscanned(c, scratch, xsds.items[i], canon);
		else if (xoev_strv__contains(&readable, canon))
			; /* the same file through a symbolic link */
		else if ((rc = xoev_strv__push(&readable, canon)) == 0 && f->message_roots.count)
			rc = xoev_strv__push(&c->entries, canon);
		free(canon);
	}
	/* no file declares a root: every schema is an entry */
	for (i = 0; rc == 0 && c->entries.count == 0 && i < readable.count; i++)
		rc = xoev_strv__push(&c->entries, readable.items[i]);
	/* closure roots: the entries first, then the rest of the release */
	for (i = 0; rc == 0 && i < c->entries.count; i++)
		rc = xoev_strv__push(roots, c->entries.items[i]);
	for (i = 0; rc == 0 && i < readable.count; i++)
		if (!xoev_strv__contains(roots, readable.items[i]))
			rc = xoev_strv__push(roots, readable.items[i]);
	if (rc == 0 && c->broken)
		rc = XOEV_EBUNDLE;
	if (rc == 0 && roots->count == 0) {
		rc = add_error(c, "bundle.no-schema", c->src, "%s",
		               "no readable XML schema in the release directory");
		if (rc == 0)
			rc = XOEV_EBUNDLE;
	}
	xoev_scan__free(&pre);
	xoev_diag_list_free(scratch);
	xoev_strv__free(&xsds);
	xoev_strv__free(&readable);
	return rc;
}

/* ------------------------------------------------------------------ */
/* copying schemas, the catalog                                        */
/* ------------------------------------------------------------------ */

static char *common_ancestor(const xoev_schema_set *set)
{
	char *anc;
	size_t i;

	if (set->count == 0)
		return NULL;
	anc = xoev_io__dirname(set->files[0].path);
	for (i = 1; anc && i < set->count; i++) {
		while (anc && !below(anc, set->files[i].path)) {
			char *up;
			if (strcmp(anc, "/") == 0)
				break;
			up = xoev_io__dirname(anc);
			free(anc);
			anc = up;
		}
	}
	return anc;
}

static int copy_into(const char *from, const char *to)
{
	char *dir = xoev_io__dirname(to);
	int rc;

	if (!dir)
		return XOEV_ENOMEM;
	rc = xoev_io__mkdir_p(dir);
	free(dir);
	if (rc == 0)
		rc = xoev_io__copy_file(from, to);
	return rc;
}

static int copy_schemas(import_ctx *c)
{
	char *anc = common_ancestor(&c->set);
	size_t i;
	int rc = 0;

	if (!anc)
		return XOEV_ENOMEM;
	for (i = 0; rc == 0 && i < c->set.count; i++) {
		const char *path = c->set.files[i].path;
		char *clean = sanitize_href(rel_to(anc, path));
		char *href = clean ? xoev_util__printf("files/%s", clean) : NULL;
		char *to = href ? xoev_io__join(c->tmp, href) : NULL;

		free(clean);
		if (!to) {
			free(href);
			rc = XOEV_ENOMEM;
			break;
		}
		rc = copy_into(path, to);
		if (rc != 0) {
			int r2 = add_error(c, "bundle.io", path, "%s", "cannot copy the schema into the bundle");
			if (r2)
				rc = r2;
		}
		free(to);
		if (rc == 0)
			rc = xoev_strv__push_owned(&c->hrefs, href);
		else
			free(href);
	}
	free(anc);
	return rc;
}

static const char *href_of(const import_ctx *c, const char *path)
{
	size_t i;
	for (i = 0; i < c->set.count; i++)
		if (strcmp(c->set.files[i].path, path) == 0)
			return c->hrefs.items[i];
	return NULL;
}

static int write_catalog(import_ctx *c)
{
	xoev_buf b = { 0 };
	size_t i, len;
	char *text, *path;
	int rc;

	xoev_buf__puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                   "<!-- Maps the remote schemaLocations of this bundle to its files. Written by libxoev. -->\n"
	                   "<catalog xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\">\n");
	for (i = 0; i < c->set.remote_urls.count; i++) {
		const char *href = href_of(c, c->set.remote_paths.items[i]);
		xmlChar *esc;
		if (!href)
			continue;
		esc = xmlURIEscapeStr((const xmlChar *)href, (const xmlChar *)"/");
		if (!esc) {
			xoev_buf__free(&b);
			return XOEV_ENOMEM;
		}
		xoev_buf__puts(&b, "  <system systemId=\"");
		xoev_buf__xml_escape(&b, c->set.remote_urls.items[i]);
		xoev_buf__puts(&b, "\" uri=\"");
		xoev_buf__xml_escape(&b, (const char *)esc);
		xoev_buf__puts(&b, "\"/>\n");
		xmlFree(esc);
	}
	xoev_buf__puts(&b, "</catalog>\n");
	text = xoev_buf__take(&b, &len);
	if (!text)
		return XOEV_ENOMEM;
	path = xoev_io__join(c->tmp, "catalog.xml");
	rc = path ? xoev_io__write_atomic(path, text, len) : XOEV_ENOMEM;
	free(path);
	free(text);
	if (rc == 0)
		rc = xoev_strv__push(&c->m.catalogs, "catalog.xml");
	return rc;
}

/* ------------------------------------------------------------------ */
/* code lists                                                          */
/* ------------------------------------------------------------------ */

/* Reader errors: silent (a broken sample is simply not a code list), except running out of memory. */
static void quiet_reader(void *arg, xmlErrorPtr err)
{
	int *oom = arg;
	if (err && err->code == XML_ERR_NO_MEMORY)
		*oom = 1;
}

/*
 * If path is a genericode code list, *uri and *version receive its
 * Identification/CanonicalUri and Version (new strings; NULL if missing).
 * Returns 1 for a code list, 0 otherwise, 2 when the file is not
 * well-formed (before the answer was known), XOEV_ENOMEM.
 */
static int probe_codelist(const char *path, char **uri, char **version)
{
	xmlTextReaderPtr r;
	int ret, is_cl = 0, in_ident = 0, oom = 0;

	*uri = *version = NULL;
	r = xmlReaderForFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!r)
		return access(path, R_OK) == 0 ? XOEV_ENOMEM : 0;
	xmlTextReaderSetStructuredErrorHandler(r, quiet_reader, &oom);
	while ((ret = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
		const char *local = (const char *)xmlTextReaderConstLocalName(r);
		const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);

		if (type != XML_READER_TYPE_ELEMENT) {
			if (type == XML_READER_TYPE_END_ELEMENT && depth == 1 && in_ident)
				break;
			continue;
		}
		if (!local) {
			oom = 1; /* every element has a name: the dictionary ran out of memory */
			break;
		}
		if (depth == 0) {
			if (!local || strcmp(local, "CodeList") != 0 || !ns || strcmp(ns, GC_NS) != 0)
				break;
			is_cl = 1;
		} else if (depth == 1) {
			if (in_ident)
				break; /* past Identification */
			in_ident = local && strcmp(local, "Identification") == 0;
		} else if (depth == 2 && in_ident && local &&
		           (strcmp(local, "CanonicalUri") == 0 || strcmp(local, "Version") == 0)) {
			xmlChar *text = xmlTextReaderReadString(r);
			char **slot = strcmp(local, "Version") == 0 ? version : uri;
			if (text) {
				char *s = (char *)text, *e;
				while (isspace((unsigned char)*s))
					s++;
				e = s + strlen(s);
				while (e > s && isspace((unsigned char)e[-1]))
					*--e = '\0';
				if (!*slot && *s) {
					*slot = xoev_util__strdup(s);
					if (!*slot)
						oom = 1;
				}
				xmlFree(text);
			}
		}
	}
	xmlFreeTextReader(r);
	if (ret < 0 && !oom && !(is_cl && *uri && *version)) {
		/* not well-formed before we knew: reported, never silently dropped */
		free(*uri);
		free(*version);
		*uri = *version = NULL;
		return 2;
	}
	if (oom) {
		free(*uri);
		free(*version);
		*uri = *version = NULL;
		return XOEV_ENOMEM;
	}
	return is_cl;
}

static int add_codelist(import_ctx *c, const char *from, char *uri, char *version)
{
	const char *base = strrchr(from, '/');
	char *clean = sanitize_href(base ? base + 1 : from);
	char *href = NULL, *to = NULL;
	xoev_manifest_codelist *grown;
	unsigned int n;
	size_t i;
	int rc;

	if (!clean)
		goto oom;
	for (n = 1; !href; n++) {
		int taken = 0;
		href = n == 1 ? xoev_util__printf("codelists/%s", clean)
		              : xoev_util__printf("codelists/%u-%s", n, clean);
		if (!href)
			goto oom;
		for (i = 0; i < c->m.codelist_count; i++)
			if (strcmp(c->m.codelists[i].href, href) == 0)
				taken = 1;
		if (taken) {
			free(href);
			href = NULL;
		}
	}
	to = xoev_io__join(c->tmp, href);
	if (!to)
		goto oom;
	rc = copy_into(from, to);
	free(to);
	if (rc != 0) {
		int r2 = add_error(c, "bundle.io", from, "%s", "cannot copy the code list into the bundle");
		free(clean);
		free(href);
		free(uri);
		free(version);
		return r2 ? r2 : rc;
	}
	grown = realloc(c->m.codelists, (c->m.codelist_count + 1) * sizeof *grown);
	if (!grown)
		goto oom;
	c->m.codelists = grown;
	grown[c->m.codelist_count].href = href;
	grown[c->m.codelist_count].uri = uri;
	grown[c->m.codelist_count].version = version;
	c->m.codelist_count++;
	free(clean);
	return 0;
oom:
	free(clean);
	free(href);
	free(uri);
	free(version);
	return XOEV_ENOMEM;
}

/* 1 if path is an ISO Schematron schema (root sch:schema), 0 if not, 2 if not well-formed. */
static int probe_schematron(const char *path)
{
	xmlDocPtr doc = xoev_xml__parse_local_file(path, NULL);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	int is = root && root->ns && root->ns->href &&
	         strcmp((const char *)root->ns->href, "http://purl.oclc.org/dsdl/schematron") == 0 &&
	         strcmp((const char *)root->name, "schema") == 0;

	xmlFreeDoc(doc);
	return doc ? is : 2;
}

/*
 * The release's Schematron files (*.sch; XGenerator's are queryBinding
 * xslt2, run through the XPath 2.0 subset), copied to rules/ and listed in
 * the manifest, so that the rules layer runs them as their authors intended.
 */
static int collect_rules(import_ctx *c)
{
	xoev_strv schs = { 0 };
	size_t i;
	int rc;

	rc = xoev_io__list_files(c->src, ".sch", &schs);
	for (i = 0; rc == 0 && i < schs.count; i++) {
		const char *base = strrchr(schs.items[i], '/');
		char *clean, *href = NULL, *to = NULL;
		int kind = probe_schematron(schs.items[i]);

		if (kind != 1) {
			rc = xoev_diag__addf(c->diags, XOEV_SEVERITY_WARNING, XOEV_LAYER_BUNDLE,
			                     "bundle.skipped-file", schs.items[i], 0, 0, NULL,
			                     kind == 2 ? "not well-formed XML: not taken as Schematron"
			                               : "not ISO Schematron (root sch:schema); skipped");
			continue;
		}
		clean = sanitize_href(base ? base + 1 : schs.items[i]);
		href = clean ? xoev_util__printf("rules/%s", clean) : NULL;
		to = href ? xoev_io__join(c->tmp, href) : NULL;
		free(clean);
		if (!to) {
			free(href);
			rc = XOEV_ENOMEM;
			break;
		}
		if (xoev_strv__contains(&c->m.rules, href)) {
			/* two files of one name in different folders: the first wins */
			rc = xoev_diag__addf(c->diags, XOEV_SEVERITY_WARNING, XOEV_LAYER_BUNDLE,
			                     "bundle.skipped-file", schs.items[i], 0, 0, NULL,
			                     "a Schematron file of the same name was taken already");
			free(href);
			free(to);
			continue;
		}
		rc = copy_into(schs.items[i], to);
		free(to);
		if (rc != 0) {
			int r2 = add_error(c, "bundle.io", schs.items[i], "%s",
			                   "cannot copy the Schematron file into the bundle");
			free(href);
			rc = r2 ? r2 : rc;
			break;
		}
		rc = xoev_strv__push_owned(&c->m.rules, href);
	}
	xoev_strv__free(&schs);
	return rc;
}

static int collect_codelists(import_ctx *c)
{
	xoev_strv xmls = { 0 };
	size_t i;
	int rc;

	rc = xoev_io__list_files(c->src, ".xml", &xmls);
	for (i = 0; rc == 0 && i < xmls.count; i++) {
		char *uri, *version;
		int r = probe_codelist(xmls.items[i], &uri, &version);

		if (r < 0) {
			rc = r;
		} else if (r == 2) {
			rc = xoev_diag__addf(c->diags, XOEV_SEVERITY_WARNING, XOEV_LAYER_BUNDLE,
			                     "bundle.skipped-file", xmls.items[i], 0, 0, NULL,
			                     "not well-formed XML: not checked for a genericode code list");
		} else if (r == 1 && uri && version) {
			rc = add_codelist(c, xmls.items[i], uri, version);
		} else {
			if (r == 1)
				rc = xoev_diag__addf(c->diags, XOEV_SEVERITY_WARNING, XOEV_LAYER_BUNDLE,
				                     "bundle.codelist-identification", xmls.items[i], 0, 0, NULL,
				                     "genericode code list without Identification/CanonicalUri and Version; skipped");
			free(uri);
			free(version);
		}
	}
	xoev_strv__free(&xmls);
	return rc;
}

/*
 * The code lists the closure's XSDs reference: every listURI a code type
 * fixes (with the listVersionID it fixes, if any), found by the code-list
 * layer's own scan, one reference per (URI, version). Each is compared
 * with the genericode lists of the release: one that a code type needs
 * (types 2 and 3) and the release does not provide is an INFO finding
 * "bundle.codelist-missing" (real releases often leave external lists to
 * the XRepository), not a failure. Type 3/4 lists named only in the
 * documentation are not references here.
 */
static int is_provided(const import_ctx *c, const char *uri, const char *version)
{
	size_t i;

	for (i = 0; i < c->m.codelist_count; i++)
		if (strcmp(c->m.codelists[i].uri, uri) == 0 &&
		    (!version || strcmp(c->m.codelists[i].version, version) == 0))
			return 1;
	return 0;
}

static int same_version(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* The listVersionID a type fixes, trimmed (new string); NULL: none, blank or out of memory (*oom). */
static char *ref_version(const xoev_code_type *t, int *oom)
{
	const char *v = t->version;
	size_t n;
	char *s;

	if (!v)
		return NULL;
	while (*v == ' ')
		v++;
	n = strlen(v);
	while (n && v[n - 1] == ' ')
		n--;
	if (!n)
		return NULL; /* blank: fixes nothing */
	s = malloc(n + 1);
	if (!s) {
		*oom = 1;
		return NULL;
	}
	memcpy(s, v, n);
	s[n] = '\0';
	return s;
}

static int add_codelist_ref(import_ctx *c, const xoev_code_type *t)
{
	xoev_manifest_codelist_ref *grown, *ref;
	int oom = 0;
	char *version = ref_version(t, &oom);
	size_t i;

	if (oom)
		return XOEV_ENOMEM;
	if (!*t->uri || strlen(t->uri) > 4096 || (version && strlen(version) > 1024)) {
		free(version); /* not a usable reference (the manifest's limits) */
		return 0;
	}
	for (i = 0; i < c->m.codelist_ref_count; i++) {
		ref = &c->m.codelist_refs[i];
		if (strcmp(ref->uri, t->uri) == 0 && same_version(ref->version, version)) {
			/* external wins: a list is type 1 only if every type naming it enumerates */
			ref->enumerated = ref->enumerated && t->enumerated;
			free(version);
			return 0;
		}
	}
	grown = realloc(c->m.codelist_refs, (c->m.codelist_ref_count + 1) * sizeof *grown);
	if (!grown) {
		free(version);
		return XOEV_ENOMEM;
	}
	c->m.codelist_refs = grown;
	ref = &grown[c->m.codelist_ref_count++];
	memset(ref, 0, sizeof *ref);
	ref->version = version;
	ref->enumerated = t->enumerated;
	ref->uri = xoev_util__strdup(t->uri);
	if (!ref->uri)
		return XOEV_ENOMEM;
	ref->provided = is_provided(c, ref->uri, ref->version);
	return 0;
}

/* By URI, then version ("any version" first). */
static int cmp_codelist_ref(const void *a, const void *b)
{
	const xoev_manifest_codelist_ref *x = a, *y = b;
	int r = strcmp(x->uri, y->uri);

	if (r || x->version == y->version)
		return r;
	if (!x->version || !y->version)
		return x->version ? 1 : -1;
	return strcmp(x->version, y->version);
}

static int collect_codelist_refs(import_ctx *c)
{
	xoev_strv paths = { 0 };
	xoev_code_type *types = NULL;
	size_t i, n = 0;
	int rc = 0;

	for (i = 0; rc == 0 && i < c->set.count; i++)
		rc = xoev_strv__push(&paths, c->set.files[i].path);
	if (rc == 0)
		rc = xoev_codelist__scan_types((const char *const *)paths.items, paths.count, &types,
		                               &n, c->diags);
	xoev_strv__free(&paths);
	for (i = 0; rc == 0 && i < n; i++)
		rc = add_codelist_ref(c, &types[i]);
	xoev_codelist__free_types(types, n);
	if (rc == 0 && c->m.codelist_ref_count > 1)
		qsort(c->m.codelist_refs, c->m.codelist_ref_count, sizeof *c->m.codelist_refs,
		      cmp_codelist_ref);
	for (i = 0; rc == 0 && i < c->m.codelist_ref_count; i++) {
		const xoev_manifest_codelist_ref *ref = &c->m.codelist_refs[i];
		if (ref->provided || ref->enumerated)
			continue;
		if (ref->version)
			rc = xoev_diag__addf(c->diags, XOEV_SEVERITY_INFO, XOEV_LAYER_BUNDLE,
			                     "bundle.codelist-missing", c->src, 0, 0, NULL,
			                     "code list %s version '%s' is referenced by the schemas (fixed "
			                     "listURI and listVersionID) but the release provides no "
			                     "genericode file for it",
			                     ref->uri, ref->version);
		else
			rc = xoev_diag__addf(c->diags, XOEV_SEVERITY_INFO, XOEV_LAYER_BUNDLE,
			                     "bundle.codelist-missing", c->src, 0, 0, NULL,
			                     "code list %s (any version: the schemas fix its listURI, not "
			                     "its listVersionID) is referenced by the schemas but the release "
			                     "provides no genericode file for it",
			                     ref->uri);
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* messages, detection, header family                                  */
/* ------------------------------------------------------------------ */

static int is_xs(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, XS_NS) == 0 &&
	       strcmp((const char *)n->name, local) == 0;
}

/* Attribute name of n (libxml2 copy, xmlFree), NULL if absent; *oom set if the copy failed. */
static xmlChar *prop(xmlNode *n, const char *name, int *oom)
{
	xmlChar *v;

	if (!xmlHasNsProp(n, (const xmlChar *)name, NULL))
		return NULL;
	v = xmlGetNoNsProp(n, (const xmlChar *)name);
	if (!v)
		*oom = 1;
	return v;
}

static unsigned int header_of(const char *name, const char *ns)
{
	if (strcmp(name, "nachrichtenkopf.g2g") == 0)
		return HDR_G2G;
	if (strcmp(name, "nachrichtenkopf") == 0 && ns) {
		if (strstr(ns, "osci.de/xinneres"))
			return HDR_XINNERES;
		if (strstr(ns, "xjustiz"))
			return HDR_XJUSTIZ;
	}
	if (strcmp(name, "Kopf") == 0 && ns && strstr(ns, "xdomea"))
		return HDR_XDOMEA;
	return 0;
}

static void note_fixed(char **slot, int *conflict, const char *value)
{
	if (*conflict)
		return;
	if (!*slot) {
		*slot = xoev_util__strdup(value);
		if (!*slot)
			*conflict = 2; /* out of memory */
	} else if (strcmp(*slot, value) != 0) {
		*conflict = 1;
	}
}

/* The local part of a QName (borrowed). */
static const char *local_part(const char *qname)
{
	const char *colon = strchr(qname, ':');
	return colon ? colon + 1 : qname;
}

/* Fixed attributes declared directly on a named complex type (not on nested elements). */
static void type_fixed_attrs(import_ctx *c, xmlNode *n, const char *type, int *oom)
{
	for (; n && !*oom; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || is_xs(n, "element"))
			continue;
		if (is_xs(n, "attribute")) {
			xmlChar *name = prop(n, "name", oom);
			xmlChar *fixed = prop(n, "fixed", oom);
			if (name && fixed &&
			    (xoev_strv__push(&c->type_attr_types, type) != 0 ||
			     xoev_strv__push(&c->type_attr_names, (const char *)name) != 0 ||
			     xoev_strv__push(&c->type_attr_values, (const char *)fixed) != 0))
				*oom = 1;
			xmlFree(name);
			xmlFree(fixed);
			continue;
		}
		type_fixed_attrs(c, n->children, type, oom);
	}
}

/*
 * Walk every element declaration and attribute declaration of a schema.
 * fixed: where the root attributes this file fixes go (NULL: not a
 * detect file, nothing is noted).
 */
static void walk_decls(import_ctx *c, xmlNode *n, const char *ns, int src, fixed_attrs *fixed,
                       int *oom)
{
	for (; n && !*oom; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is_xs(n, "element")) {
			xmlChar *name = prop(n, "name", oom);
			if (name) {
				unsigned int h = header_of((const char *)name, ns);
				if (src)
					c->hdr_src |= h;
				else
					c->hdr_other |= h;
				if (h && fixed) {
					xmlChar *type = prop(n, "type", oom);
					if (type && !xoev_strv__contains(&c->hdr_types, local_part((const char *)type)) &&
					    xoev_strv__push(&c->hdr_types, local_part((const char *)type)) != 0)
						*oom = 1;
					xmlFree(type);
				}
				xmlFree(name);
			}
		} else if (fixed && is_xs(n, "complexType")) {
			xmlChar *name = prop(n, "name", oom);
			if (name)
				type_fixed_attrs(c, n->children, (const char *)name, oom);
			xmlFree(name);
		} else if (fixed && is_xs(n, "attribute")) {
			xmlChar *name = prop(n, "name", oom);
			xmlChar *value = prop(n, "fixed", oom);
			if (name && value) {
				if (strcmp((const char *)name, "version") == 0)
					note_fixed(&fixed->version, &fixed->version_conflict, (const char *)value);
				else if (strcmp((const char *)name, "standard") == 0)
					note_fixed(&fixed->standard, &fixed->standard_conflict, (const char *)value);
			}
			xmlFree(name);
			xmlFree(value);
		}
		walk_decls(c, n->children, ns, src, fixed, oom);
	}
}

static long detect_index(const import_ctx *c, const char *ns)
{
	size_t i;
	for (i = 0; i < c->m.detect_namespaces.count; i++)
		if (strcmp(c->m.detect_namespaces.items[i], ns) == 0)
			return (long)i;
	return -1;
}

/* The text of xs:annotation/xs:appinfo/title of a global element, whitespace collapsed. */
static char *appinfo_title(xmlNode *element, int *oom)
{
	xmlNode *a, *i, *t;

	for (a = element->children; a; a = a->next) {
		if (!is_xs(a, "annotation"))
			continue;
		for (i = a->children; i; i = i->next) {
			if (!is_xs(i, "appinfo"))
				continue;
			for (t = i->children; t; t = t->next) {
				if (t->type == XML_ELEMENT_NODE && strcmp((const char *)t->name, "title") == 0) {
					xmlChar *text = xmlNodeGetContent(t);
					xoev_buf b = { 0 };
					const char *p;
					int space = 0;
					char *s;

					if (!text) {
						*oom = 1;
						return NULL;
					}
					for (p = (const char *)text; *p; p++) {
						if (isspace((unsigned char)*p)) {
							space = b.len > 0;
						} else {
							if (space)
								xoev_buf__append(&b, " ", 1);
							space = 0;
							xoev_buf__append(&b, p, 1);
						}
					}
					xmlFree(text);
					if (b.len == 0) {
						xoev_buf__free(&b);
						return NULL;
					}
					s = xoev_buf__take(&b, NULL);
					if (!s)
						*oom = 1;
					return s;
				}
			}
		}
	}
	return NULL;
}

static int add_message(import_ctx *c, const char *root, const char *ns, char *title)
{
	xoev_manifest_message *grown, *msg;
	const char *dot = strrchr(root, '.');
	size_t i;

	for (i = 0; i < c->m.message_count; i++) {
		if (strcmp(c->m.messages[i].root, root) == 0 &&
		    strcmp(c->m.messages[i].namespace_, ns) == 0) {
			free(title);
			return 0; /* declared twice: keep the first */
		}
	}
	grown = realloc(c->m.messages, (c->m.message_count + 1) * sizeof *grown);
	if (!grown) {
		free(title);
		return XOEV_ENOMEM;
	}
	c->m.messages = grown;
	msg = &grown[c->m.message_count];
	memset(msg, 0, sizeof *msg);
	msg->title = title;
	msg->root = xoev_util__strdup(root);
	msg->number = xoev_util__strdup(dot ? dot + 1 : root);
	msg->namespace_ = xoev_util__strdup(ns);
	c->m.message_count++;
	if (!msg->root || !msg->number || !msg->namespace_)
		return XOEV_ENOMEM;
	return 0;
}

/* Messages of one release file, in declaration order. */
static int collect_file_messages(import_ctx *c, const xoev_schema_file *f, xmlNode *root)
{
	const char *ns = f->target_namespace ? f->target_namespace : "";
	xmlNode *n;
	int rc = 0, oom = 0;

	for (n = root->children; n && rc == 0; n = n->next) {
		xmlChar *name;
		if (!is_xs(n, "element"))
			continue;
		name = prop(n, "name", &oom);
		if (oom)
			rc = XOEV_ENOMEM;
		else if (name && xoev_strv__contains(&f->message_roots, (const char *)name)) {
			char *title = appinfo_title(n, &oom);
			rc = oom ? XOEV_ENOMEM : add_message(c, (const char *)name, ns, title);
		}
		xmlFree(name);
	}
	return rc;
}

/*
 * Detect namespaces: the target namespaces of release files declaring
 * roots. A release without any root (a library such as XBildung) is
 * identified by the target namespaces of its own schemas instead.
 */
static int choose_detect_namespaces(import_ctx *c)
{
	size_t i;
	int rc = 0, pass;

	for (pass = 0; pass < 2 && rc == 0 && c->m.detect_namespaces.count == 0; pass++) {
		for (i = 0; rc == 0 && i < c->set.count; i++) {
			const xoev_schema_file *f = &c->set.files[i];
			const char *ns = f->target_namespace ? f->target_namespace : "";
			if (is_src_file(c, f->path) && (pass == 1 ? *ns != '\0' : f->message_roots.count > 0) &&
			    !xoev_strv__contains(&c->m.detect_namespaces, ns))
				rc = xoev_strv__push(&c->m.detect_namespaces, ns);
		}
	}
	if (rc == 0 && c->m.detect_namespaces.count) {
		c->fixed = calloc(c->m.detect_namespaces.count, sizeof *c->fixed);
		if (!c->fixed)
			rc = XOEV_ENOMEM;
	}
	return rc;
}

static int inspect_schemas(import_ctx *c)
{
	size_t i;
	int rc = 0, oom = 0;

	rc = choose_detect_namespaces(c);
	for (i = 0; rc == 0 && i < c->set.count; i++) {
		const xoev_schema_file *f = &c->set.files[i];
		int src = is_src_file(c, f->path);
		long k = src ? detect_index(c, f->target_namespace ? f->target_namespace : "") : -1;
		xmlDocPtr doc = xoev_xml__parse_local_file(f->path, NULL);
		xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;

		if (!root) {
			xmlFreeDoc(doc);
			rc = add_error(c, "bundle.schema-unreadable", f->path, "%s",
			               "the schema document changed or cannot be read any more");
			if (rc == 0)
				rc = XOEV_EIO;
			break;
		}
		walk_decls(c, root->children, f->target_namespace, src, k >= 0 ? &c->fixed[k] : NULL,
		           &oom);
		if (oom)
			rc = XOEV_ENOMEM;
		else if (src && f->message_roots.count)
			rc = collect_file_messages(c, f, root);
		xmlFreeDoc(doc);
	}
	for (i = 0; rc == 0 && i < c->m.detect_namespaces.count; i++)
		if (c->fixed[i].version_conflict == 2 || c->fixed[i].standard_conflict == 2)
			rc = XOEV_ENOMEM;
	return rc;
}

static int push_root_attr(import_ctx *c, const char *name, const char *value, const char *ns)
{
	if (xoev_strv__push(&c->m.detect_attr_names, name) != 0 ||
	    xoev_strv__push(&c->m.detect_attr_values, value) != 0 ||
	    xoev_strv__push(&c->m.detect_attr_namespaces, ns) != 0)
		return XOEV_ENOMEM;
	return 0;
}

/* The value namespace i fixes for the attribute (NULL: none or ambiguous). */
static const char *fixed_value(const import_ctx *c, size_t i, int version)
{
	const fixed_attrs *f = &c->fixed[i];
	if (version)
		return f->version_conflict ? NULL : f->version;
	return f->standard_conflict ? NULL : f->standard;
}

/*
 * Root attributes: one value for every namespace when they all fix the
 * same; otherwise per namespace (XBau 2.6 fixes "XBau-Hochbau" 2.6 on its
 * own roots and "XBau-Kernmodul" 1.3.0 on the Kernmodul's).
 */
static int fill_root_attrs(import_ctx *c, int version)
{
	const char *name = version ? "version" : "standard";
	const char *first = c->m.detect_namespaces.count ? fixed_value(c, 0, version) : NULL;
	size_t i;
	int same = first != NULL, rc = 0;

	for (i = 1; same && i < c->m.detect_namespaces.count; i++) {
		const char *v = fixed_value(c, i, version);
		same = v && strcmp(v, first) == 0;
	}
	if (same)
		return push_root_attr(c, name, first, "");
	for (i = 0; rc == 0 && i < c->m.detect_namespaces.count; i++) {
		const char *v = fixed_value(c, i, version);
		if (v)
			rc = push_root_attr(c, name, v, c->m.detect_namespaces.items[i]);
	}
	return rc;
}

/* Header attributes: the fixed attributes of the header elements' types (XJustiz's xjustizVersion). */
static int fill_header_attrs(import_ctx *c, const char *header_element)
{
	size_t i, j;

	for (i = 0; i < c->type_attr_types.count; i++) {
		const char *name = c->type_attr_names.items[i], *value = c->type_attr_values.items[i];
		int clash = 0, seen = 0;
		if (!xoev_strv__contains(&c->hdr_types, c->type_attr_types.items[i]))
			continue;
		for (j = 0; j < c->type_attr_types.count; j++)
			if (j != i && strcmp(c->type_attr_names.items[j], name) == 0 &&
			    xoev_strv__contains(&c->hdr_types, c->type_attr_types.items[j]) &&
			    strcmp(c->type_attr_values.items[j], value) != 0)
				clash = 1; /* two header types disagree: no evidence */
		for (j = 0; j < c->m.detect_header_names.count; j++)
			if (strcmp(c->m.detect_header_names.items[j], name) == 0)
				seen = 1;
		if (clash || seen)
			continue;
		if (xoev_strv__push(&c->m.detect_header_paths, header_element) != 0 ||
		    xoev_strv__push(&c->m.detect_header_names, name) != 0 ||
		    xoev_strv__push(&c->m.detect_header_values, value) != 0)
			return XOEV_ENOMEM;
	}
	return 0;
}

static int fill_detect_and_header(import_ctx *c)
{
	unsigned int h = c->hdr_src ? c->hdr_src : c->hdr_other;
	const char *family = "none";

	if (fill_root_attrs(c, 0) != 0 || fill_root_attrs(c, 1) != 0)
		return XOEV_ENOMEM;
	/* only XJustiz carries its version in the header; the other families'
	 * header types fix nothing */
	if ((h & HDR_XJUSTIZ) && !(h & (HDR_G2G | HDR_XINNERES | HDR_XDOMEA)) &&
	    fill_header_attrs(c, "nachrichtenkopf") != 0)
		return XOEV_ENOMEM;
	if (h & HDR_G2G)
		family = "g2g";
	else if (h & HDR_XINNERES)
		family = "xinneres";
	else if (h & HDR_XDOMEA)
		family = "xdomea";
	else if (h & HDR_XJUSTIZ)
		family = "xjustiz";
	c->m.header_family = xoev_util__strdup(family);
	return c->m.header_family ? 0 : XOEV_ENOMEM;
}

static int fill_schemas(import_ctx *c)
{
	size_t i;

	c->m.schemas = calloc(c->set.count ? c->set.count : 1, sizeof *c->m.schemas);
	if (!c->m.schemas)
		return XOEV_ENOMEM;
	for (i = 0; i < c->set.count; i++) {
		xoev_manifest_schema *s = &c->m.schemas[i];
		const xoev_schema_file *f = &c->set.files[i];
		c->m.schema_count++;
		s->href = xoev_util__strdup(c->hrefs.items[i]);
		if (!s->href)
			return XOEV_ENOMEM;
		if (f->target_namespace) {
			s->namespace_ = xoev_util__strdup(f->target_namespace);
			if (!s->namespace_)
				return XOEV_ENOMEM;
		}
		s->entry = xoev_strv__contains(&c->entries, f->path);
	}
	return 0;
}

static int fill_identity(import_ctx *c, const xoev_import_options *o)
{
	c->m.standard = xoev_util__strdup(o->standard);
	c->m.version = xoev_util__strdup(o->standard_version);
	if (!c->m.standard || !c->m.version)
		return XOEV_ENOMEM;
	if (o->title && !(c->m.title = xoev_util__strdup(o->title)))
		return XOEV_ENOMEM;
	if (o->valid_from && !(c->m.valid_from = xoev_util__strdup(o->valid_from)))
		return XOEV_ENOMEM;
	if (o->valid_until && !(c->m.valid_until = xoev_util__strdup(o->valid_until)))
		return XOEV_ENOMEM;
	return 0;
}

/* Write the manifest and read it back through the manifest schema. */
static int write_manifest(import_ctx *c)
{
	size_t len;
	char *text = xoev_manifest__write(&c->m, &len);
	char *path;
	xoev_manifest back;
	int rc;

	if (!text)
		return XOEV_ENOMEM;
	path = xoev_io__join(c->tmp, XOEV_MANIFEST_NAME);
	rc = path ? xoev_io__write_atomic(path, text, len) : XOEV_ENOMEM;
	free(text);
	if (rc == 0) {
		rc = xoev_manifest__read(path, &back, c->diags);
		if (rc == 0)
			xoev_manifest__free(&back);
	}
	free(path);
	return rc;
}

/* ------------------------------------------------------------------ */
/* the public call                                                     */
/* ------------------------------------------------------------------ */

static int run_import(import_ctx *c, const xoev_import_options *o, const char *dest)
{
	xoev_strv roots = { 0 };
	xmlCatalogPtr cats[1];
	char *parent = NULL;
	int rc;

	rc = check_dest(c, dest, &parent);
	if (rc == 0 && o->catalog) {
		xmlDocPtr probe = xoev_xml__parse_local_file(o->catalog, c->diags);
		if (!probe) {
			rc = add_error(c, "bundle.catalog-unreadable", o->catalog, "%s",
			               "the catalog cannot be read or is not well-formed XML");
			if (rc == 0)
				rc = XOEV_EIO;
		} else {
			xoev_quiet quiet;
			xmlFreeDoc(probe);
			xoev_xml__quiet_begin(&quiet, NULL, NULL);
			c->catalog = xmlLoadACatalog(o->catalog);
			xoev_xml__quiet_end(&quiet);
			if (!c->catalog) {
				rc = add_error(c, "bundle.catalog-unreadable", o->catalog, "%s",
				               "the file is not an OASIS XML catalog");
				if (rc == 0)
					rc = XOEV_EIO;
			}
		}
	}
	if (rc == 0)
		rc = choose_schemas(c, o, &roots);
	if (rc == 0) {
		cats[0] = c->catalog;
		rc = xoev_scan__closure((const char *const *)roots.items, roots.count, cats,
		                        c->catalog ? 1 : 0, 1, c->diags, &c->set);
		if (rc == 0)
			rc = merge_shadowed(&c->set);
	}
	xoev_strv__free(&roots);
	if (rc == 0) {
		c->tmp = make_tmp_dir(parent);
		if (!c->tmp)
			rc = add_error(c, "bundle.io", parent, "%s", "cannot create a temporary directory");
		if (rc == 0 && !c->tmp)
			rc = XOEV_EIO;
	}
	free(parent);
	if (rc == 0)
		rc = copy_schemas(c);
	if (rc == 0)
		rc = write_catalog(c);
	if (rc == 0)
		rc = collect_codelists(c);
	if (rc == 0)
		rc = collect_codelist_refs(c);
	if (rc == 0)
		rc = collect_rules(c);
	if (rc == 0)
		rc = fill_identity(c, o);
	if (rc == 0)
		rc = inspect_schemas(c);
	/* A release without message roots is a library (XBildung): imported
	 * with zero messages, identified by its own target namespaces. */
	if (rc == 0 && c->m.message_count == 0 && c->m.detect_namespaces.count)
		rc = xoev_diag__addf(c->diags, XOEV_SEVERITY_WARNING, XOEV_LAYER_BUNDLE,
		                     "bundle.no-message", c->src, 0, 0, NULL,
		                     "no message root element (<group>.<name>.<number>) is declared in the "
		                     "release: imported as a library with zero messages, identified by its "
		                     "target namespace%s",
		                     c->m.detect_namespaces.count > 1 ? "s" : "");
	if (rc == 0 && c->m.detect_namespaces.count == 0) {
		rc = add_error(c, "bundle.no-message", c->src, "%s",
		               "no schema of the release declares a message root or a target namespace, so "
		               "nothing identifies it");
		if (rc == 0)
			rc = XOEV_EBUNDLE;
	}
	if (rc == 0)
		rc = fill_detect_and_header(c);
	if (rc == 0)
		rc = fill_schemas(c);
	if (rc == 0)
		rc = write_manifest(c);
	if (rc == 0 && rename(c->tmp, dest) != 0) {
		rc = add_error(c, "bundle.io", dest, "%s", "cannot move the imported bundle into place");
		if (rc == 0)
			rc = errno == ENOTEMPTY || errno == EEXIST ? XOEV_EEXISTS : XOEV_EIO;
	}
	return rc;
}

int xoev_bundle_import(const char *src_dir, const char *dest_dir,
                       const xoev_import_options *opts, xoev_diag_list *diags)
{
	import_ctx c;
	char *src;
	size_t i;
	int rc;

	if (!src_dir || !dest_dir || !*dest_dir)
		return XOEV_EINVAL;
	rc = check_options(opts);
	if (rc != 0)
		return rc;
	if (xoev_init() != 0)
		return XOEV_ERROR;
	src = xoev_io__realpath(src_dir);
	if (!src || !xoev_io__is_dir(src)) {
		free(src);
		rc = xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE, "bundle.io",
		                     src_dir, 0, 0, NULL, "the release directory does not exist");
		return rc ? rc : XOEV_EIO;
	}

	memset(&c, 0, sizeof c);
	c.src = src;
	c.diags = diags;
	rc = run_import(&c, opts, dest_dir);
	if (rc != 0 && c.tmp)
		xoev_io__rmtree(c.tmp);

	if (c.catalog)
		xmlFreeCatalog(c.catalog);
	free(c.tmp);
	xoev_scan__free(&c.set);
	xoev_strv__free(&c.entries);
	xoev_strv__free(&c.hrefs);
	for (i = 0; c.fixed && i < c.m.detect_namespaces.count; i++) {
		free(c.fixed[i].version);
		free(c.fixed[i].standard);
	}
	free(c.fixed);
	xoev_manifest__free(&c.m);
	xoev_strv__free(&c.hdr_types);
	xoev_strv__free(&c.type_attr_types);
	xoev_strv__free(&c.type_attr_names);
	xoev_strv__free(&c.type_attr_values);
	free(src);
	return rc;
}
