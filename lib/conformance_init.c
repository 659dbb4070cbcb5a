/*
 * libxoev - `xoev conformance init`: a suite skeleton from a directory of
 * messages, today's results recorded as the expectations (for review).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conformance_int.h"

static int is_message_file(const char *path, const char *manifest)
{
	size_t n = strlen(path);
	const char *base = strrchr(path, '/');

	if (strcmp(path, manifest) == 0 || strcmp(base ? base + 1 : path, XOEV_SUITE_MANIFEST) == 0)
		return 0;
	return (n > 4 && strcmp(path + n - 4, ".xml") == 0) || (n > 3 && strcmp(path + n - 3, ".gz") == 0);
}

/* A case id from a relative path: characters outside [A-Za-z0-9_.:-] become '_', unique. */
static char *case_id_of(const char *rel, const xoev_strv *taken)
{
	char *id = xoev_util__printf("%s", rel), *p, *unique;
	int n = 2;

	if (!id)
		return NULL;
	for (p = id; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '.' || *p == ':' || *p == '-'))
			*p = *p == '/' ? '.' : '_';
	if (id[0] == '.' || id[0] == '-' || id[0] == ':')
		id[0] = '_';
	if (strlen(id) > 190)
		id[190] = '\0';
	if (!xoev_strv__contains(taken, id))
		return id;
	do {
		unique = xoev_util__printf("%s-%d", id, n++);
	} while (unique && xoev_strv__contains(taken, unique) && (free(unique), 1));
	free(id);
	return unique;
}

static void put_attr(xoev_buf *b, const char *name, const char *value)
{
	char *clean;

	if (!value)
		return;
	clean = xoev_conformance__clean(value);
	xoev_buf__printf(b, " %s=\"", name);
	xoev_buf__xml_escape(b, clean);
	xoev_buf__puts(b, "\"");
	free(clean);
}

/* One <case> with today's result of the message at path (rel: relative to the manifest). */
static int init_case(xoev_buf *b, const xoev_registry *reg, const xoev_validate_options *vo,
                     const char *path, const char *rel, xoev_strv *ids, xoev_diag_list *diags)
{
	xoev_validator *v = NULL;
	xoev_diag_list *d = NULL;
	xoev_verdict verdict = XOEV_VERDICT_IO_ERROR;
	const xoev_bundle *bu;
	const xoev_message_type *t;
	xoev_strv rules = { 0 };
	char *id = case_id_of(rel, ids);
	size_t i;
	int rc;

	if (!id || xoev_strv__push_owned(ids, id) != 0)
		return XOEV_ENOMEM;
	rc = xoev_diag_list_new(&d);
	if (rc == 0)
		rc = xoev_validator_new(&v, reg, vo);
	if (rc == 0)
		rc = xoev_validate_file(v, path, d, &verdict);
	if (rc == XOEV_ESCHEMA) {
		xoev_diag__append_all(diags, d);
		verdict = XOEV_VERDICT_INVALID;
		rc = 0;
	}
	if (rc == 0) {
		bu = xoev_validator_last_bundle(v);
		t = xoev_validator_last_message_type(v);
		xoev_buf__puts(b, "  <case");
		put_attr(b, "id", id);
		put_attr(b, "message", rel);
		xoev_buf__puts(b, ">\n    <expect");
		put_attr(b, "verdict", xoev_verdict_name(verdict));
		put_attr(b, "standard", bu ? xoev_bundle_standard(bu) : NULL);
		put_attr(b, "version", bu ? xoev_bundle_version(bu) : NULL);
		put_attr(b, "messageType", t ? xoev_message_type_root(t) : NULL);
		for (i = 0; i < xoev_diag_list_count(d); i++) {
			const xoev_diag *f = xoev_diag_list_get(d, i);
			if (xoev_diag_severity(f) < XOEV_SEVERITY_ERROR ||
			    xoev_strv__contains(&rules, xoev_diag_rule(f)))
				continue;
			if (xoev_strv__push(&rules, xoev_diag_rule(f)) != 0)
				b->failed = 1;
			xoev_buf__puts(b, rules.count == 1 ? ">\n" : "");
			xoev_buf__puts(b, "      <fires");
			put_attr(b, "rule", xoev_diag_rule(f));
			xoev_buf__puts(b, "/>\n");
		}
		xoev_buf__puts(b, rules.count ? "    </expect>\n  </case>\n" : "/>\n  </case>\n");
	}
	xoev_strv__free(&rules);
	xoev_validator_free(v);
	xoev_diag_list_free(d);
	return rc;
}

/* Suite names follow the Id pattern of the manifest schema. */
static char *suite_name_of(const char *dir, const char *given)
{
	char *canon = given ? NULL : xoev_io__realpath(dir), *name;
	const char *base = given ? given : canon ? strrchr(canon, '/') : NULL;
	xoev_strv none = { 0 };

	if (!given && base)
		base = base[1] ? base + 1 : "suite";
	name = case_id_of(base ? base : "suite", &none);
	free(canon);
	return name;
}

int xoev_suite_init(const char *dir, const xoev_registry *reg, const xoev_suite_init_options *opts,
                    size_t *cases, xoev_diag_list *diags)
{
	xoev_strv files = { 0 }, ids = { 0 };
	xoev_buf b = { 0 };
	char *manifest = NULL, *mdir = NULL, *canon_mdir = NULL, *canon_manifest = NULL;
	char *name = NULL, *text = NULL;
	size_t i, n = 0, len = 0;
	struct stat st;
	int rc;

	if (cases)
		*cases = 0;
	if (!dir || !reg || (opts && opts->version != XOEV_SUITE_INIT_OPTIONS_VERSION))
		return XOEV_EINVAL;
	if (xoev_init() != 0)
		return XOEV_ERROR;
	manifest = opts && opts->manifest ? xoev_util__strdup(opts->manifest)
	                                  : xoev_io__join(dir, XOEV_SUITE_MANIFEST);
	mdir = manifest ? xoev_io__dirname(manifest) : NULL;
	name = suite_name_of(dir, opts ? opts->name : NULL);
	if (!manifest || !mdir || !name) {
		rc = XOEV_ENOMEM;
		goto done;
	}
	if (!(opts && opts->overwrite) && stat(manifest, &st) == 0) {
		xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_IO, "conformance.exists", manifest,
		                0, 0, NULL, "the manifest exists already (overwrite it explicitly)");
		rc = XOEV_EEXISTS;
		goto done;
	}
	canon_mdir = xoev_io__realpath(mdir);
	canon_manifest = xoev_io__realpath(manifest); /* NULL when it does not exist yet */
	rc = canon_mdir && xoev_io__is_dir(dir) ? xoev_io__list_files(dir, NULL, &files) : XOEV_EIO;
	if (rc != 0) {
		xoev_diag__addf(diags, XOEV_SEVERITY_FATAL, XOEV_LAYER_IO, "conformance.unreadable", dir,
		                0, 0, NULL, "cannot list the messages (or the manifest's directory is missing)");
		goto done;
	}
	xoev_buf__puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	               "<!-- Written by `xoev conformance init` (libxoev " XOEV_VERSION_STRING "):\n"
	               "     today's results, recorded as the expectations. REVIEW every case: an\n"
	               "     expectation recorded here is what the software does today, not\n"
	               "     necessarily what it must do. -->\n"
	               "<suite xmlns=\"" XOEV_SUITE_NAMESPACE "\"");
	put_attr(&b, "name", name);
	xoev_buf__puts(&b, ">\n");
	for (i = 0; rc == 0 && i < files.count; i++) {
		char *canon = xoev_io__realpath(files.items[i]);
		size_t cl = strlen(canon_mdir);
		const char *skip = canon_manifest ? canon_manifest : "";
		if (!canon || !is_message_file(canon, skip) || !xoev_io__path_under(canon_mdir, canon) ||
		    canon[cl] != '/') {
			if (canon && is_message_file(canon, skip)) {
				xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_IO, "conformance.path-outside",
				                files.items[i], 0, 0, NULL,
				                "the message lies outside the manifest's directory");
				rc = XOEV_EIO;
			}
			free(canon);
			continue;
		}
		rc = init_case(&b, reg, opts ? opts->validate : NULL, canon, canon + cl + 1, &ids, diags);
		n++;
		free(canon);
	}
	xoev_buf__puts(&b, "</suite>\n");
	if (rc == 0 && n == 0) {
		xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_IO, "conformance.empty", dir, 0, 0,
		                NULL, "no *.xml or *.gz message below the directory");
		rc = XOEV_ENOTFOUND;
	}
	text = xoev_buf__take(&b, &len);
	if (rc == 0 && !text)
		rc = XOEV_ENOMEM;
	if (rc == 0 && xoev_io__write_atomic(manifest, text, len) != 0) {
		xoev_diag__addf(diags, XOEV_SEVERITY_FATAL, XOEV_LAYER_IO, "conformance.unwritable",
		                manifest, 0, 0, NULL, "cannot write the manifest");
		rc = XOEV_EIO;
	}
	if (rc == 0 && cases)
		*cases = n;
done:
	free(text);
	xoev_buf__free(&b);
	xoev_strv__free(&files);
	xoev_strv__free(&ids);
	free(manifest);
	free(mdir);
	free(canon_mdir);
	free(canon_manifest);
	free(name);
	return rc;
}
