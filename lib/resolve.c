/*
 * libxoev - the resolver and the global entity loader: what libxml2 may
 * load while a libxoev call runs on this thread (virtual wrapper schemas,
 * catalog entries, files under the allowed roots), and never the network.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/uri.h>
#include <libxml/xmlIO.h>
/* ------------------------------------------------------------------ */
/* The resolver and the entity loader                                  */
/* ------------------------------------------------------------------ */

#define RESOLVER_STACK_MAX 32

static __thread xoev_resolver *resolver_stack[RESOLVER_STACK_MAX];
static __thread size_t resolver_depth;
/* Active when the stack overflowed or NULL was pushed: permits nothing. */
static xoev_resolver refuse_everything;
static xmlExternalEntityLoader previous_loader;

void xoev_resolver__push(xoev_resolver *r)
{
	if (resolver_depth < RESOLVER_STACK_MAX)
		resolver_stack[resolver_depth] = r;
	resolver_depth++;
}

void xoev_resolver__pop(void)
{
	if (resolver_depth > 0)
		resolver_depth--;
}

static xoev_resolver *active_resolver(void)
{
	xoev_resolver *r;

	if (resolver_depth == 0)
		return NULL;
	if (resolver_depth > RESOLVER_STACK_MAX)
		return &refuse_everything;
	r = resolver_stack[resolver_depth - 1];
	return r ? r : &refuse_everything;
}

enum { RES_FILE, RES_VIRTUAL, RES_REFUSED, RES_NOTFOUND, RES_NOMEM };

#define REASON_NETWORK "network access is never used; map the URL in a catalog"
#define REASON_OUTSIDE "outside the bundle directories"

static void set_reason(char *err, size_t errlen, const char *s)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", s);
}

/* Length of the URI scheme of s (without ':'), 0 if s has none. */
static size_t scheme_len(const char *s)
{
	size_t i = 0;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (i = 1; s[i]; i++) {
		char c = s[i];
		if (c == ':')
			return i >= 2 ? i : 0; /* one letter would be a drive letter */
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '+' || c == '-' || c == '.'))
			return 0;
	}
	return 0;
}

static const char *virtual_doc(const xoev_resolver *r, const char *url)
{
	size_t i;

	if (!r || !url)
		return NULL;
	for (i = 0; i < r->virtual_count; i++)
		if (r->virtual_urls[i] && r->virtual_docs[i] && strcmp(r->virtual_urls[i], url) == 0)
			return r->virtual_docs[i];
	return NULL;
}

/* A catalog mapping of url (or pubid), new string (xmlFree) or NULL. */
static xmlChar *catalog_lookup(const xoev_resolver *r, const char *url, const char *pubid)
{
	size_t i;

	if (!r)
		return NULL;
	for (i = 0; i < r->catalog_count; i++) {
		xmlCatalogPtr cat = r->catalogs[i];
		xmlChar *res = NULL;

		if (!cat)
			continue;
		if (url || pubid)
			res = xmlACatalogResolve(cat, (const xmlChar *)pubid, (const xmlChar *)url);
		if (!res && url)
			res = xmlACatalogResolveURI(cat, (const xmlChar *)url);
		if (res)
			return res;
	}
	return NULL;
}

/* "file:" URL to a local path (new string); NULL with *remote set for file://host/. */
static char *file_url_to_path(const char *url, int *remote)
{
	const char *p = url + 5; /* after "file:" */
	char *path, *q;

	*remote = 0;
	if (strncmp(p, "//", 2) == 0) {
		p += 2;
		if (strncmp(p, "localhost/", 10) == 0)
			p += 9;
		else if (*p != '/') {
			*remote = 1;
			return NULL;
		}
	}
	path = (char *)xmlURIUnescapeString(p, 0, NULL);
	if (!path)
		return NULL;
	q = xoev_util__strdup(path);
	xmlFree(path);
	if (q) {
		/* A query or fragment is no part of a file name. */
		char *cut = strpbrk(q, "?#");
		if (cut)
			*cut = '\0';
	}
	return q;
}

static int under_some_root(const xoev_resolver *r, const char *canon)
{
	size_t i;

	for (i = 0; i < r->root_count; i++)
		if (r->roots[i] && xoev_io__path_under(r->roots[i], canon))
			return 1;
	return 0;
}

/*
 * The whole resolution: virtual documents, catalogs, local paths. Returns a
 * new string (the canonical path, or the URL of a virtual document) and the
 * kind in *kind; NULL with the reason in err.
 */
static char *resolve_ex(const xoev_resolver *r, const char *url, const char *pubid,
                        const char *base, int *kind, char *err, size_t errlen)
{
	xmlChar *built = NULL, *mapped = NULL;
	const char *target;
	char *path = NULL, *canon = NULL;
	size_t sl;

	*kind = RES_NOTFOUND;
	if ((!url || !*url) && !pubid) {
		set_reason(err, errlen, "no URL given");
		return NULL;
	}
	if (url && virtual_doc(r, url)) {
		*kind = RES_VIRTUAL;
		canon = xoev_util__strdup(url);
		if (!canon)
			*kind = RES_NOMEM;
		return canon;
	}
	if (url && *url && base && *base && !scheme_len(url) && url[0] != '/') {
		built = xmlBuildURI((const xmlChar *)url, (const xmlChar *)base);
		if (built && virtual_doc(r, (const char *)built)) {
			*kind = RES_VIRTUAL;
			canon = xoev_util__strdup((const char *)built);
			xmlFree(built);
			if (!canon)
				*kind = RES_NOMEM;
			return canon;
		}
	}
	mapped = catalog_lookup(r, url, pubid);
	if (!mapped && built)
		mapped = catalog_lookup(r, (const char *)built, NULL);
	if (mapped && virtual_doc(r, (const char *)mapped)) {
		*kind = RES_VIRTUAL;
		canon = xoev_util__strdup((const char *)mapped);
		if (!canon)
			*kind = RES_NOMEM;
		goto out;
	}
	target = mapped ? (const char *)mapped : built ? (const char *)built : url;
	if (!target) {
		*kind = RES_REFUSED;
		set_reason(err, errlen, "a public identifier that no catalog maps");
		goto out;
	}
	sl = scheme_len(target);
	if (sl == 4 && strncasecmp(target, "file", 4) == 0) {
		int remote;

		path = file_url_to_path(target, &remote);
		if (!path) {
			if (remote) {
				*kind = RES_REFUSED;
				set_reason(err, errlen, REASON_NETWORK);
			} else {
				*kind = RES_NOMEM;
				set_reason(err, errlen, "out of memory");
			}
			goto out;
		}
	} else if (sl > 0) {
		*kind = RES_REFUSED;
		set_reason(err, errlen, REASON_NETWORK);
		goto out;
	} else {
		path = xoev_util__strdup(target);
		if (!path) {
			*kind = RES_NOMEM;
			set_reason(err, errlen, "out of memory");
			goto out;
		}
	}
	canon = xoev_io__realpath(path);
	if (!canon && strchr(path, '%')) {
		char *unesc = (char *)xmlURIUnescapeString(path, 0, NULL);
		if (unesc) {
			canon = xoev_io__realpath(unesc);
			xmlFree(unesc);
		}
	}
	if (!canon) {
		*kind = RES_NOTFOUND;
		if (err && errlen)
			snprintf(err, errlen, "no such file: %s", path);
		goto out;
	}
	if (r && !under_some_root(r, canon)) {
		free(canon);
		canon = NULL;
		*kind = RES_REFUSED;
		set_reason(err, errlen, REASON_OUTSIDE);
		goto out;
	}
	*kind = RES_FILE;
out:
	free(path);
	xmlFree(built);
	xmlFree(mapped);
	return canon;
}

char *xoev_resolver__resolve(const xoev_resolver *r, const char *url, const char *base,
                             char *err, size_t errlen)
{
	int kind;

	if (err && errlen)
		err[0] = '\0';
	return resolve_ex(r, url, NULL, base, &kind, err, errlen);
}

/* Report a refusal once per URL and reason. */
static void report_refusal(xoev_resolver *r, const char *url, const char *reason)
{
	char *msg;
	size_t i, n;

	if (!r || !r->diags)
		return;
	msg = xoev_util__printf("refused to load \"%s\": %s", url ? url : "(none)", reason);
	if (!msg)
		return;
	n = xoev_diag_list_count(r->diags);
	for (i = 0; i < n; i++) {
		const xoev_diag *d = xoev_diag_list_get(r->diags, i);
		if (strcmp(xoev_diag_rule(d), "resolve.refused") == 0 &&
		    strcmp(xoev_diag_message(d), msg) == 0) {
			free(msg);
			return;
		}
	}
	xoev_diag__addf(r->diags, XOEV_SEVERITY_ERROR, r->layer, "resolve.refused", NULL, 0, 0,
	                NULL, "%s", msg);
	free(msg);
}

static xmlParserInputPtr input_from_buffer(xmlParserCtxtPtr ctxt, xmlParserInputBufferPtr buf,
                                           const char *filename)
{
	xmlParserInputPtr in;

	if (!buf)
		return NULL;
	in = xmlNewIOInputStream(ctxt, buf, XML_CHAR_ENCODING_NONE);
	if (!in) {
		xmlFreeParserInputBuffer(buf);
		return NULL;
	}
	if (filename) {
		in->filename = (char *)xmlStrdup((const xmlChar *)filename);
		if (!in->filename) {
			xmlFreeInputStream(in);
			return NULL;
		}
	}
	return in;
}

static xmlParserInputPtr xoev_entity_loader(const char *URL, const char *ID,
                                            xmlParserCtxtPtr ctxt)
{
	xoev_resolver *r = active_resolver();
	const char *vdoc;
	char err[512];
	char *res;
	int kind;

	if (!r) {
		if (previous_loader)
			return previous_loader(URL, ID, ctxt);
		return NULL;
	}
	err[0] = '\0';
	res = resolve_ex(r, URL, ID, NULL, &kind, err, sizeof err);
	switch (kind) {
	case RES_VIRTUAL: {
		xmlParserInputPtr in = NULL;

		vdoc = virtual_doc(r, res);
		if (vdoc && strlen(vdoc) <= INT_MAX)
			in = input_from_buffer(ctxt,
			                       xmlParserInputBufferCreateMem(vdoc, (int)strlen(vdoc),
			                                                     XML_CHAR_ENCODING_NONE),
			                       res);
		free(res);
		return in;
	}
	case RES_FILE: {
		xmlParserInputPtr in;

		if (ctxt)
			in = xmlNewInputFromFile(ctxt, res);
		else
			in = input_from_buffer(NULL,
			                       xmlParserInputBufferCreateFilename(res,
			                                                          XML_CHAR_ENCODING_NONE),
			                       res);
		free(res);
		return in;
	}
	case RES_REFUSED:
		report_refusal(r, URL ? URL : ID, err);
		free(res);
		return NULL;
	default:
		free(res);
		return NULL;
	}
}

void xoev_xml__install_loader(void)
{
	xmlExternalEntityLoader cur = xmlGetExternalEntityLoader();

	if (cur == xoev_entity_loader)
		return;
	previous_loader = cur;
	xmlSetExternalEntityLoader(xoev_entity_loader);
}
