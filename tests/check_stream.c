/*
 * libxoev tests - stream: validation without a tree (lib/stream.c).
 *
 * The streaming validator must agree with the tree pipeline: same verdict,
 * same XSD rule ids, lines, columns and XPaths for every golden example;
 * read gzip; refuse hostile input with the same rule ids; and validate a
 * large message in memory that does not grow with its size.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "big_head.h"
#include "internal.h"
#include "tests.h"

static xmlSchemaPtr schema_of(const xoev_registry *reg, const char *std, const char *ver)
{
	const xoev_bundle *b = NULL;
	xmlSchemaPtr s;

	ck_assert_int_eq(xoev_registry_find(reg, std, ver, &b), 0);
	s = xoev_bundle__schema(b, NULL);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* A tree validator that runs the XSD layer only and never streams. */
static xoev_validator *tree_validator(const xoev_registry *reg)
{
	xoev_validate_options o = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_validator *v = NULL;

	o.layers = XOEV_RUN_XSD;
	o.stream_threshold = (size_t)-1;
	ck_assert_int_eq(xoev_validator_new(&v, reg, &o), 0);
	return v;
}

static int stream(const char *path, xmlSchemaPtr schema, const xoev_limits *limits,
                  xoev_diag_list *diags, int *invalid)
{
	return xoev_stream__validate(path, schema, NULL, limits, diags, invalid);
}

static size_t count_layer(const xoev_diag_list *l, xoev_layer layer)
{
	size_t i, n = 0;

	for (i = 0; i < xoev_diag_list_count(l); i++)
		n += xoev_diag_layer(xoev_diag_list_get(l, i)) == layer;
	return n;
}

static const xoev_diag *nth_of_layer(const xoev_diag_list *l, xoev_layer layer, size_t k)
{
	size_t i;

	for (i = 0; i < xoev_diag_list_count(l); i++)
		if (xoev_diag_layer(xoev_diag_list_get(l, i)) == layer && k-- == 0)
			return xoev_diag_list_get(l, i);
	return NULL;
}

/* The first finding as text, for failure messages (static buffer). */
static const char *first(const xoev_diag_list *l)
{
	static char buf[1024];
	char *s = xoev_diag_list_count(l) ? xoev_diag_format(xoev_diag_list_get(l, 0)) : NULL;

	snprintf(buf, sizeof buf, "%s", s ? s : "(no findings)");
	xoev_free(s);
	return buf;
}

static const char *str_or(const char *s)
{
	return s ? s : "(null)";
}

/* The XSD findings of both runs: same count, rules, lines, columns, XPaths, messages. */
static void assert_same_xsd(const char *what, const xoev_diag_list *tree,
                            const xoev_diag_list *streamed)
{
	size_t i, n = count_layer(tree, XOEV_LAYER_XSD);

	ck_assert_msg(count_layer(streamed, XOEV_LAYER_XSD) == n,
	              "%s: %zu XSD findings in the tree, %zu streaming", what, n,
	              count_layer(streamed, XOEV_LAYER_XSD));
	for (i = 0; i < n; i++) {
		const xoev_diag *a = nth_of_layer(tree, XOEV_LAYER_XSD, i);
		const xoev_diag *b = nth_of_layer(streamed, XOEV_LAYER_XSD, i);

		ck_assert_msg(strcmp(xoev_diag_rule(a), xoev_diag_rule(b)) == 0, "%s: rule %s vs %s",
		              what, xoev_diag_rule(a), xoev_diag_rule(b));
		ck_assert_msg(xoev_diag_line(a) == xoev_diag_line(b), "%s: %s at line %lu vs %lu", what,
		              xoev_diag_rule(a), xoev_diag_line(a), xoev_diag_line(b));
		ck_assert_msg(xoev_diag_column(a) == xoev_diag_column(b),
		              "%s: %s at line %lu column %lu vs %lu", what, xoev_diag_rule(a),
		              xoev_diag_line(a), xoev_diag_column(a), xoev_diag_column(b));
		ck_assert_msg(strcmp(str_or(xoev_diag_xpath(a)), str_or(xoev_diag_xpath(b))) == 0,
		              "%s: xpath %s vs %s", what, str_or(xoev_diag_xpath(a)),
		              str_or(xoev_diag_xpath(b)));
		ck_assert_msg(strcmp(xoev_diag_message(a), xoev_diag_message(b)) == 0,
		              "%s: message '%s' vs '%s'", what, xoev_diag_message(a),
		              xoev_diag_message(b));
	}
}

static int has_error(const xoev_diag_list *l, xoev_layer layer)
{
	size_t i;

	for (i = 0; i < xoev_diag_list_count(l); i++) {
		const xoev_diag *d = xoev_diag_list_get(l, i);
		if (xoev_diag_layer(d) == layer && xoev_diag_severity(d) >= XOEV_SEVERITY_ERROR)
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The golden examples: streaming agrees with the tree                 */
/* ------------------------------------------------------------------ */

START_TEST(stream_golden_parity)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_validator *v = tree_validator(reg);
	xoev_diag_list *tree = NULL, *streamed = NULL;
	glob_t g;
	size_t i, valid = 0, invalid_xsd = 0;

	ck_assert_int_eq(xoev_diag_list_new(&tree), 0);
	ck_assert_int_eq(xoev_diag_list_new(&streamed), 0);
	ck_assert_int_eq(glob(XOEV_SRCDIR "/schemas/*/*/examples/*/*.xml", 0, NULL, &g), 0);
	ck_assert_uint_gt(g.gl_pathc, 100);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *path = g.gl_pathv[i];
		const xoev_bundle *b;
		xoev_verdict verdict;
		xmlSchemaPtr schema;
		int invalid = -1, tree_invalid;

		xoev_diag_list_clear(tree);
		xoev_diag_list_clear(streamed);
		ck_assert_int_eq(xoev_validate_file(v, path, tree, &verdict), 0);
		b = xoev_validator_last_bundle(v);
		ck_assert_msg(b != NULL, "%s: not detected", path);
		schema = xoev_bundle__schema(b, NULL);
		ck_assert_ptr_nonnull(schema);
		ck_assert_int_eq(stream(path, schema, NULL, streamed, &invalid), 0);
		tree_invalid = has_error(tree, XOEV_LAYER_XSD) || has_error(tree, XOEV_LAYER_WELLFORMED);
		ck_assert_msg(invalid == tree_invalid, "%s: tree says %s, streaming %s", path,
		              tree_invalid ? "invalid" : "valid", invalid ? "invalid" : "valid");
		ck_assert_msg(count_layer(streamed, XOEV_LAYER_WELLFORMED) ==
		                      count_layer(tree, XOEV_LAYER_WELLFORMED),
		              "%s: well-formedness findings differ", path);
		assert_same_xsd(path, tree, streamed);
		if (invalid)
			invalid_xsd++;
		else
			valid++;
	}
	/* the comparison saw both outcomes, and XSD findings of several kinds */
	ck_assert_uint_gt(valid, 50);
	ck_assert_uint_gt(invalid_xsd, 20);
	globfree(&g);
	xoev_diag_list_free(tree);
	xoev_diag_list_free(streamed);
	xoev_validator_free(v);
	xoev_registry_free(reg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Generated messages                                                  */
/* ------------------------------------------------------------------ */

static const char big_head[] = XOEV_BIG_HEAD;

/*
 * An akte.uebermittlung.1202 (xmig 2.0) with `entries` index entries and as
 * many documents of `doc_bytes` base64 characters each. bad_at (1-based,
 * 0: none) gets an invalid hash and an invalid date. flat: no line breaks
 * or indentation after the header (one very long line). Returns the size.
 */
static long long write_big(const char *path, unsigned long entries, size_t doc_bytes,
                           unsigned long bad_at, int flat)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *nl = flat ? "" : "\n", *in2 = flat ? "" : "    ", *in3 = flat ? "" : "      ",
	           *in4 = flat ? "" : "        ";
	FILE *f = fopen(path, "wb");
	char *doc;
	unsigned long i;
	long long size;
	size_t k;

	ck_assert_ptr_nonnull(f);
	doc = malloc(doc_bytes + 1);
	ck_assert_ptr_nonnull(doc);
	for (k = 0; k < doc_bytes; k++)
		doc[k] = b64[(k * 7 + k / 64) % 64];
	doc[doc_bytes] = '\0';
	fputs(big_head, f);
	for (i = 1; i <= entries; i++) {
		fprintf(f,
		        "%s<xmig:eintrag>%s"
		        "%s<xmig:dokumentID>D%lu</xmig:dokumentID>%s"
		        "%s<xmig:dokumentart listURI=\"urn:libxoev:xmig:codeliste:dokumentart\" "
		        "listVersionID=\"2.0\">%s%s<code>%03lu</code>%s%s</xmig:dokumentart>%s"
		        "%s<xmig:bezeichnung>Dokument Nr. %lu – Übersicht</xmig:bezeichnung>%s"
		        "%s<xmig:datum>%s</xmig:datum>%s"
		        "%s<xmig:seitenanzahl>%lu</xmig:seitenanzahl>%s"
		        "%s<xmig:datei>%s%s<xmig:mediatyp>text/plain</xmig:mediatyp>%s"
		        "%s<xmig:sha256>%s%062lx</xmig:sha256>%s%s</xmig:datei>%s"
		        "%s</xmig:eintrag>%s",
		        in2, nl, in3, i, nl, in3, nl, in4, 1 + i % 3, nl, in3, nl, in3, i, nl, in3,
		        i == bad_at ? "2023-02-30" : "2023-03-28", nl, in3, 1 + i % 20, nl, in3, nl, in4,
		        nl, in4, i == bad_at ? "XX" : "ab", i, nl, in3, nl, in2, nl);
	}
	fprintf(f, "  </xmig:aktenverzeichnis>\n  <xmig:anzahlDokumente>%lu</xmig:anzahlDokumente>\n",
	        entries);
	for (i = 1; i <= entries; i++)
		fprintf(f, "  <xmig:dokument eintrag=\"D%lu\">%s</xmig:dokument>%s", i, doc, nl);
	fputs("\n</xmig:akte.uebermittlung.1202>\n", f);
	size = ftell(f);
	ck_assert_int_eq(fclose(f), 0);
	free(doc);
	return size;
}

/* Large generated messages, pretty and on one line, with errors deep inside: same findings. */
START_TEST(stream_parity_large)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_validator *v = tree_validator(reg);
	xmlSchemaPtr schema = schema_of(reg, "xmig", "2.0");
	xoev_diag_list *tree = NULL, *streamed = NULL;
	char path[4096];
	int flat;

	ck_assert_int_eq(xoev_diag_list_new(&tree), 0);
	ck_assert_int_eq(xoev_diag_list_new(&streamed), 0);
	for (flat = 0; flat <= 1; flat++) {
		xoev_verdict verdict;
		int invalid = 0;
		const xoev_diag *d;

		snprintf(path, sizeof path, "%s/big-%d.xml", xoev_test_dir, flat);
		write_big(path, 6000, 700, 5999, flat);
		xoev_diag_list_clear(tree);
		xoev_diag_list_clear(streamed);
		ck_assert_int_eq(xoev_validate_file(v, path, tree, &verdict), 0);
		ck_assert_int_eq(verdict, XOEV_VERDICT_INVALID);
		ck_assert_int_eq(stream(path, schema, NULL, streamed, &invalid), 0);
		ck_assert_int_eq(invalid, 1);
		ck_assert_uint_eq(count_layer(streamed, XOEV_LAYER_XSD), 2);
		assert_same_xsd(flat ? "one-line message" : "pretty message", tree, streamed);
		d = nth_of_layer(streamed, XOEV_LAYER_XSD, 0);
		ck_assert_str_eq(xoev_diag_xpath(d), "/xmig:akte.uebermittlung.1202/xmig:aktenverzeichnis[1]"
		                                     "/xmig:eintrag[5999]/xmig:datum[1]");
		if (!flat)
			ck_assert_uint_gt(xoev_diag_line(d), 65535); /* beyond libxml2 2.9's node->line */
		else
			ck_assert_uint_gt(xoev_diag_column(d), 1000000); /* far along one long line */
	}
	xoev_diag_list_free(tree);
	xoev_diag_list_free(streamed);
	xoev_validator_free(v);
	xoev_registry_free(reg);
}
END_TEST

/* Read VmHWM (peak resident set) of this process in kB; 0 if unknown. */
static unsigned long vm_hwm_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	unsigned long kb = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "VmHWM: %lu kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* Reset the peak to the current RSS (Linux >= 4.0); 0 on success. */
static int reset_hwm(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	int rc;

	if (!f)
		return -1;
	rc = fputs("5", f) < 0;
	return fclose(f) != 0 || rc ? -1 : 0;
}

static int under_valgrind(void)
{
	const char *p = getenv("LD_PRELOAD");
	/* make valgrind says so; valgrind's preload shows it as well */
	return getenv("XOEV_MEMORY_TOOL") != NULL || (p && strstr(p, "vgpreload") != NULL);
}

/*
 * A ~200 MB message validates with less than 30 MB of peak RSS growth
 * (measured here, in the process that validates: Check forks per test).
 * Under valgrind the size is cut to keep the suite fast.
 */
START_TEST(stream_big_bounded_memory)
{
	xoev_registry *reg = xoev_test_project_registry();
	xmlSchemaPtr schema = schema_of(reg, "xmig", "2.0");
	xoev_diag_list *diags = NULL;
	char path[4096];
	unsigned long entries = under_valgrind() ? 2000 : 50000, before, after;
	long long size;
	int invalid = -1;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	snprintf(path, sizeof path, "%s/huge.xml", xoev_test_dir);
	size = write_big(path, entries, 3500, 0, 0);
	if (!under_valgrind())
		ck_assert_int_gt(size, 190LL * 1000 * 1000);
	/* a first small run: libxml2's lazily built tables are not what is measured */
	{
		char small[4096];
		snprintf(small, sizeof small, "%s/small.xml", xoev_test_dir);
		write_big(small, 3, 100, 0, 0);
		ck_assert_int_eq(stream(small, schema, NULL, diags, &invalid), 0);
		ck_assert_msg(invalid == 0, "%s", first(diags));
	}
	reset_hwm();
	before = vm_hwm_kb();
	ck_assert_int_eq(stream(path, schema, NULL, diags, &invalid), 0);
	after = vm_hwm_kb();
	ck_assert_msg(invalid == 0, "%s", xoev_diag_message(xoev_diag_list_get(diags, 0)));
	ck_assert_uint_eq(xoev_diag_list_count(diags), 0);
	fprintf(stderr, "stream: %lld bytes validated, peak RSS %lu kB -> %lu kB (+%lu kB)\n", size,
	        before, after, after - before);
	ck_assert_uint_gt(before, 0);
	/* Under a memory tool (ASan's quarantine, valgrind's own heap) a peak
	 * RSS bound means nothing; make check and make bench measure it. */
#if defined(__SANITIZE_ADDRESS__)
	if (1) {
#else
	if (under_valgrind()) {
#endif
		fprintf(stderr, "stream: RSS bound not checked under a memory tool\n");
	} else {
		ck_assert_uint_ge(after, before);
		ck_assert_msg(after - before < 30 * 1024, "peak RSS grew by %lu kB", after - before);
	}
	unlink(path);
	xoev_diag_list_free(diags);
	xoev_registry_free(reg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* gzip                                                                */
/* ------------------------------------------------------------------ */

static void gzip_file(const char *from, const char *to, int members)
{
	size_t len = 0;
	char *text = xoev_test_read_file(from, &len);
	FILE *out = fopen(to, "wb");
	int m;

	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_nonnull(out);
	for (m = 0; m < members; m++) {
		/* split the document between members: `cat a.gz b.gz` */
		size_t a = len * (size_t)m / (size_t)members, b = len * (size_t)(m + 1) / (size_t)members;
		uLongf cap = compressBound((uLong)(b - a)) + 64;
		unsigned char *z = malloc(cap);
		z_stream zs;

		ck_assert_ptr_nonnull(z);
		memset(&zs, 0, sizeof zs);
		ck_assert_int_eq(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
		                 Z_OK);
		zs.next_in = (unsigned char *)text + a;
		zs.avail_in = (uInt)(b - a);
		zs.next_out = z;
		zs.avail_out = (uInt)cap;
		ck_assert_int_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
		ck_assert_uint_eq(fwrite(z, 1, zs.total_out, out), zs.total_out);
		deflateEnd(&zs);
		free(z);
	}
	ck_assert_int_eq(fclose(out), 0);
	free(text);
}

START_TEST(stream_gzip)
{
	xoev_registry *reg = xoev_test_project_registry();
	xmlSchemaPtr schema = schema_of(reg, "xmig", "2.0");
	xoev_diag_list *plain = NULL, *zipped = NULL;
	const char *invalid_example =
		XOEV_SRCDIR "/schemas/xmig/2.0/examples/invalid/asyl.entscheidungsmitteilung.1501.ohne-bestandskraft.xml";
	char gz[4096], big[4096];
	int invalid = -1, members;

	ck_assert_int_eq(xoev_diag_list_new(&plain), 0);
	ck_assert_int_eq(xoev_diag_list_new(&zipped), 0);
	snprintf(gz, sizeof gz, "%s/m.xml.gz", xoev_test_dir);

	/* valid, one member and three */
	for (members = 1; members <= 3; members += 2) {
		gzip_file(XOEV_SRCDIR "/schemas/xmig/2.0/examples/valid/akte.uebermittlung.1202.xml", gz,
		          members);
		xoev_diag_list_clear(zipped);
		ck_assert_int_eq(stream(gz, schema, NULL, zipped, &invalid), 0);
		ck_assert_msg(invalid == 0, "%s", first(zipped));
		ck_assert_uint_eq(xoev_diag_list_count(zipped), 0);
	}

	/* invalid: the same findings as the plain file */
	gzip_file(invalid_example, gz, 1);
	ck_assert_int_eq(stream(invalid_example, schema, NULL, plain, &invalid), 0);
	ck_assert_int_eq(invalid, 1);
	xoev_diag_list_clear(zipped);
	ck_assert_int_eq(stream(gz, schema, NULL, zipped, &invalid), 0);
	ck_assert_int_eq(invalid, 1);
	ck_assert_uint_gt(count_layer(plain, XOEV_LAYER_XSD), 0);
	assert_same_xsd("gzip", plain, zipped);

	/* a larger one, many chunks of inflated output */
	snprintf(big, sizeof big, "%s/big.xml", xoev_test_dir);
	write_big(big, 3000, 500, 0, 0);
	gzip_file(big, gz, 2);
	xoev_diag_list_clear(zipped);
	ck_assert_int_eq(stream(gz, schema, NULL, zipped, &invalid), 0);
	ck_assert_msg(invalid == 0, "%s", first(zipped));
	ck_assert_uint_eq(xoev_diag_list_count(zipped), 0);

	xoev_diag_list_free(plain);
	xoev_diag_list_free(zipped);
	xoev_registry_free(reg);
}
END_TEST

/* Truncated, corrupt, trailing garbage: an io.read finding and XOEV_EIO. */
START_TEST(stream_gzip_broken)
{
	xoev_registry *reg = xoev_test_project_registry();
	xmlSchemaPtr schema = schema_of(reg, "xmig", "2.0");
	xoev_diag_list *diags = NULL;
	char gz[4096], bad[4096], big[4096];
	size_t len = 0;
	char *data;
	int invalid = -1, kind;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	snprintf(big, sizeof big, "%s/big.xml", xoev_test_dir);
	snprintf(gz, sizeof gz, "%s/m.xml.gz", xoev_test_dir);
	snprintf(bad, sizeof bad, "%s/bad.xml.gz", xoev_test_dir);
	write_big(big, 400, 300, 0, 0);
	gzip_file(big, gz, 1);
	data = xoev_test_read_file(gz, &len);
	ck_assert_ptr_nonnull(data);
	ck_assert_uint_gt(len, 1000);
	for (kind = 0; kind < 4; kind++) {
		const xoev_diag *d;
		const char *want;

		switch (kind) {
		case 0: /* cut in the middle */
			xoev_test_write_file(bad, data, len / 2);
			want = "truncated";
			break;
		case 1: /* cut just before the trailer (CRC and size) */
			xoev_test_write_file(bad, data, len - 4);
			want = "truncated";
			break;
		case 2: /* damaged in the middle */
			data[len / 2] ^= 0x55;
			data[len / 2 + 1] ^= 0x55;
			data[len / 2 + 2] ^= 0x55;
			xoev_test_write_file(bad, data, len);
			data[len / 2] ^= 0x55;
			data[len / 2 + 1] ^= 0x55;
			data[len / 2 + 2] ^= 0x55;
			want = "corrupt";
			break;
		default: { /* trailing garbage */
			FILE *f;
			xoev_test_write_file(bad, data, len);
			f = fopen(bad, "ab");
			ck_assert_ptr_nonnull(f);
			fputs("garbage", f);
			fclose(f);
			want = "corrupt";
			break;
		}
		}
		xoev_diag_list_clear(diags);
		ck_assert_int_eq(stream(bad, schema, NULL, diags, &invalid), XOEV_EIO);
		ck_assert_int_eq(invalid, 1);
		d = xoev_test_find_rule(diags, "io.read");
		ck_assert_msg(d != NULL, "kind %d: no io.read finding", kind);
		ck_assert_int_eq(xoev_diag_layer(d), XOEV_LAYER_IO);
		ck_assert_int_eq(xoev_diag_severity(d), XOEV_SEVERITY_FATAL);
		ck_assert_msg(strstr(xoev_diag_message(d), want) != NULL, "kind %d: %s", kind,
		              xoev_diag_message(d));
	}
	/* the intact file is fine */
	xoev_diag_list_clear(diags);
	ck_assert_int_eq(stream(gz, schema, NULL, diags, &invalid), 0);
	ck_assert_msg(invalid == 0, "%s", first(diags));

	/* missing file, directory */
	xoev_diag_list_clear(diags);
	ck_assert_int_eq(stream("/nonexistent/x.xml", schema, NULL, diags, &invalid), XOEV_EIO);
	ck_assert_int_eq(invalid, 1);
	ck_assert(xoev_test_has_rule(diags, "io.read"));
	xoev_diag_list_clear(diags);
	ck_assert_int_eq(stream(xoev_test_dir, schema, NULL, diags, &invalid), XOEV_EIO);
	ck_assert(xoev_test_has_rule(diags, "io.read"));
	free(data);
	xoev_diag_list_free(diags);
	xoev_registry_free(reg);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Hostile input                                                       */
/* ------------------------------------------------------------------ */

static const xoev_diag *stream_text(xmlSchemaPtr schema, const char *text, size_t len,
                                    const xoev_limits *limits, xoev_diag_list *diags,
                                    int *invalid)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/t.xml", xoev_test_dir);
	xoev_test_write_file(path, text, len);
	xoev_diag_list_clear(diags);
	ck_assert_int_eq(stream(path, schema, limits, diags, invalid), 0);
	return xoev_diag_list_get(diags, 0);
}

START_TEST(stream_doctype)
{
	static const char *docs[] = {
		"<?xml version=\"1.0\"?>\n<!DOCTYPE x [\n<!ENTITY e SYSTEM \"file:///etc/passwd\">\n]>\n<x>&e;</x>\n",
		"<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
		"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
		"<x>&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;</x>",
		"<!DOCTYPE x SYSTEM \"http://example.invalid/x.dtd\"><x/>",
		"<!DOCTYPE x PUBLIC \"-//X//DTD X//EN\" \"x.dtd\"><x/>",
	};
	xoev_registry *reg = xoev_test_project_registry();
	xmlSchemaPtr schema = schema_of(reg, "xmig", "2.0");
	xoev_diag_list *diags = NULL;
	size_t i;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	for (i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		int invalid = 0;
		const xoev_diag *d = stream_text(schema, docs[i], strlen(docs[i]), NULL, diags, &invalid);

		ck_assert_int_eq(invalid, 1);
		ck_assert_ptr_nonnull(d);
		ck_assert_str_eq(xoev_diag_rule(d), "wellformed.doctype");
		ck_assert_int_eq(xoev_diag_severity(d), XOEV_SEVERITY_FATAL);
		ck_assert_uint_eq(xoev_diag_line(d), i == 0 ? 2 : 1);
		ck_assert_uint_eq(xoev_diag_column(d), 1);
		/* stopped there: one finding, nothing read, nothing else reported */
		ck_assert_uint_eq(xoev_diag_list_count(diags), 1);
		ck_assert_ptr_null(strstr(xoev_diag_message(d), "root:"));
	}
	xoev_diag_list_free(diags);
	xoev_registry_free(reg);
}
END_TEST

static char *nested(size_t depth, size_t *len)
{
	char *s = malloc(depth * 7 + 16), *p;
	size_t i;

	ck_assert_ptr_nonnull(s);
	p = s;
	for (i = 0; i < depth; i++) {
		memcpy(p, "<a>", 3);
		p += 3;
	}
	for (i = 0; i < depth; i++) {
		memcpy(p, "</a>", 4);
		p += 4;
	}
	*len = (size_t)(p - s);
	return s;
}

START_TEST(stream_depth)
{
	xoev_registry *reg = xoev_test_project_registry();
	xmlSchemaPtr schema = schema_of(reg, "xmig", "2.0");
	xoev_diag_list *diags = NULL;
	xoev_limits lim;
	size_t len;
	char *s = nested(100000, &len);
	const xoev_diag *d;
	int invalid = 0;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	d = stream_text(schema, s, len, NULL, diags, &invalid);
	ck_assert_int_eq(invalid, 1);
	d = xoev_test_find_rule(diags, "wellformed.depth");
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(xoev_diag_severity(d), XOEV_SEVERITY_FATAL);
	ck_assert_uint_eq(xoev_diag_line(d), 1);
	ck_assert_uint_eq(xoev_diag_column(d), 256 * 3 + 1);
	ck_assert_ptr_null(xoev_test_find_rule(diags, "wellformed.syntax"));
	free(s);

	/* a lower limit of our own */
	memset(&lim, 0, sizeof lim);
	lim.max_depth = 10;
	s = nested(11, &len);
	d = stream_text(NULL, s, len, &lim, diags, &invalid);
	ck_assert_int_eq(invalid, 1);
	ck_assert_str_eq(xoev_diag_rule(d), "wellformed.depth");
	ck_assert_str_eq(xoev_diag_xpath(d), "/a/a[1]/a[1]/a[1]/a[1]/a[1]/a[1]/a[1]/a[1]/a[1]");
	free(s);
	s = nested(10, &len);
	stream_text(schema, s, len, &lim, diags, &invalid);
	ck_assert_ptr_null(xoev_test_find_rule(diags, "wellformed.depth"));
	ck_assert(xoev_test_has_rule(diags, "xsd.root-not-declared"));
	free(s);
	xoev_diag_list_free(diags);
	xoev_registry_free(reg);
}
END_TEST

/* A 50 MB attribute and a 20 MB text node: refused with their rule ids, in bounded memory. */
START_TEST(stream_huge_values)
{
	xoev_registry *reg = xoev_test_project_registry();
	xmlSchemaPtr schema = schema_of(reg, "xmig", "2.0");
	xoev_diag_list *diags = NULL;
	size_t n = (size_t)50 * 1024 * 1024, i;
	char *s = malloc(n + 64);
	const xoev_diag *d;
	xoev_limits lim;
	int invalid = 0;

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	i = (size_t)sprintf(s, "<x a=\"");
	memset(s + i, 'v', n);
	i += n;
	i += (size_t)sprintf(s + i, "\"/>");
	d = stream_text(schema, s, i, NULL, diags, &invalid);
	ck_assert_int_eq(invalid, 1);
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(xoev_diag_rule(d), "wellformed.attribute-size");
	ck_assert_uint_eq(xoev_diag_list_count(diags), 1);

	/* our own lower limit, under libxml2's */
	memset(&lim, 0, sizeof lim);
	lim.max_attribute_bytes = 1000;
	i = (size_t)sprintf(s, "<x a=\"");
	memset(s + i, 'v', 1001);
	i += 1001;
	i += (size_t)sprintf(s + i, "\"/>");
	d = stream_text(NULL, s, i, &lim, diags, &invalid);
	ck_assert_str_eq(xoev_diag_rule(d), "wellformed.attribute-size");
	ck_assert_uint_eq(xoev_diag_column(d), 1);

	/* text: 20 MB in one node */
	i = (size_t)sprintf(s, "<x>");
	memset(s + i, 't', (size_t)20 * 1024 * 1024);
	i += (size_t)20 * 1024 * 1024;
	i += (size_t)sprintf(s + i, "</x>");
	d = stream_text(NULL, s, i, NULL, diags, &invalid);
	ck_assert_int_eq(invalid, 1);
	ck_assert_str_eq(xoev_diag_rule(d), "wellformed.text-size");
	ck_assert_str_eq(xoev_diag_xpath(d), "/x");
	ck_assert_uint_eq(xoev_diag_list_count(diags), 1);
	lim.max_text_bytes = 100;
	{
		static const char small[] = "<x><y>0123456789012345678901234567890123456789012345678901234567890"
		                            "12345678901234567890123456789012345678901234567890</y></x>";
		d = stream_text(NULL, small, sizeof small - 1, &lim, diags, &invalid);
	}
	ck_assert_str_eq(xoev_diag_rule(d), "wellformed.text-size");
	ck_assert_str_eq(xoev_diag_xpath(d), "/x/y[1]");

	/* a 20 MB comment: libxml2's look-ahead limit */
	i = (size_t)sprintf(s, "<x><!--");
	memset(s + i, 'c', (size_t)20 * 1024 * 1024);
	i += (size_t)20 * 1024 * 1024;
	i += (size_t)sprintf(s + i, "--></x>");
	d = stream_text(schema, s, i, NULL, diags, &invalid);
	ck_assert_int_eq(invalid, 1);
	ck_assert_ptr_nonnull(xoev_test_find_rule(diags, "wellformed.text-size"));
	free(s);
	xoev_diag_list_free(diags);
	xoev_registry_free(reg);
}
END_TEST

START_TEST(stream_not_wellformed)
{
	xoev_registry *reg = xoev_test_project_registry();
	xmlSchemaPtr schema = schema_of(reg, "xmig", "2.0");
	xoev_diag_list *diags = NULL;
	const xoev_diag *d;
	int invalid = 0;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	d = stream_text(schema, "<x>\n  <y>\n</x>\n", 14, NULL, diags, &invalid);
	ck_assert_int_eq(invalid, 1);
	ck_assert(xoev_test_has_rule(diags, "wellformed.syntax"));
	d = xoev_test_find_rule(diags, "wellformed.syntax");
	ck_assert_uint_eq(xoev_diag_line(d), 3);

	d = stream_text(schema, "", 0, NULL, diags, &invalid);
	ck_assert_int_eq(invalid, 1);
	ck_assert_str_eq(xoev_diag_rule(d), "wellformed.syntax");

	d = stream_text(schema, "<x>\xC3\x28</x>", 8, NULL, diags, &invalid);
	ck_assert_int_eq(invalid, 1);
	ck_assert(xoev_test_has_rule(diags, "wellformed.encoding"));

	d = stream_text(schema, "<x>&undefined;</x>", 18, NULL, diags, &invalid);
	ck_assert_int_eq(invalid, 1);
	ck_assert(xoev_test_has_rule(diags, "wellformed.syntax"));

	/* UTF-8 with a byte order mark, predefined and character references: fine */
	{
		static const char bom[] = "\xEF\xBB\xBF<x a=\"&amp;&#65;\">&lt;&#x42;</x>";
		d = stream_text(NULL, bom, sizeof bom - 1, NULL, diags, &invalid);
	}
	ck_assert_int_eq(invalid, 0);
	ck_assert_ptr_null(d);
	xoev_diag_list_free(diags);
	xoev_registry_free(reg);
}
END_TEST

/* XPaths: positions per expanded name, prefixes, default namespaces. */
START_TEST(stream_xpaths)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_validator *v = tree_validator(reg);
	xmlSchemaPtr schema = schema_of(reg, "xmig", "2.0");
	xoev_diag_list *tree = NULL, *streamed = NULL;
	char path[4096];
	char *text, *p;
	size_t len;
	int invalid = 0;
	xoev_verdict verdict;

	ck_assert_int_eq(xoev_diag_list_new(&tree), 0);
	ck_assert_int_eq(xoev_diag_list_new(&streamed), 0);
	/* the valid example with the second entry's date broken and a default-namespace element */
	text = xoev_test_read_file(XOEV_SRCDIR "/schemas/xmig/2.0/examples/valid/akte.uebermittlung.1202.xml",
	                           &len);
	ck_assert_ptr_nonnull(text);
	p = strstr(text, "<xmig:datum>2023-06-13</xmig:datum>");
	ck_assert_ptr_nonnull(p);
	memcpy(p + 12, "2023-06-31", 10);
	p = strstr(text, "<xmig:anzahlDokumente>");
	ck_assert_ptr_nonnull(p);
	snprintf(path, sizeof path, "%s/x.xml", xoev_test_dir);
	{
		FILE *f = fopen(path, "wb");
		ck_assert_ptr_nonnull(f);
		fwrite(text, 1, (size_t)(p - text), f);
		fputs("<fremd xmlns=\"urn:x:'q'\"><b/><b/></fremd>\n  ", f);
		fputs(p, f);
		fclose(f);
	}
	free(text);
	ck_assert_int_eq(xoev_validate_file(v, path, tree, &verdict), 0);
	ck_assert_int_eq(stream(path, schema, NULL, streamed, &invalid), 0);
	ck_assert_int_eq(invalid, 1);
	assert_same_xsd("xpaths", tree, streamed);
	ck_assert_str_eq(xoev_diag_xpath(nth_of_layer(streamed, XOEV_LAYER_XSD, 0)),
	                 "/xmig:akte.uebermittlung.1202/xmig:aktenverzeichnis[1]/xmig:eintrag[2]"
	                 "/xmig:datum[1]");
	ck_assert_str_eq(xoev_diag_xpath(nth_of_layer(streamed, XOEV_LAYER_XSD, 1)),
	                 "/xmig:akte.uebermittlung.1202/*[local-name()='fremd' and "
	                 "namespace-uri()=\"urn:x:'q'\"][1]");
	xoev_diag_list_free(tree);
	xoev_diag_list_free(streamed);
	xoev_validator_free(v);
	xoev_registry_free(reg);
}
END_TEST

/* Without a schema: well-formedness and limits only. Bad arguments. */
START_TEST(stream_no_schema)
{
	xoev_diag_list *diags = NULL;
	int invalid = 0;

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	stream_text(NULL, "<x><y/></x>", 11, NULL, diags, &invalid);
	ck_assert_int_eq(invalid, 0);
	ck_assert_uint_eq(xoev_diag_list_count(diags), 0);
	ck_assert_int_eq(xoev_stream__validate(NULL, NULL, NULL, NULL, diags, &invalid), XOEV_EINVAL);
	ck_assert_int_eq(xoev_stream__validate("x", NULL, NULL, NULL, NULL, &invalid), XOEV_EINVAL);
	xoev_diag_list_free(diags);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Code lists                                                          */
/* ------------------------------------------------------------------ */

START_TEST(stream_codelists)
{
	xoev_registry *reg = xoev_test_project_registry();
	const xoev_bundle *b = NULL;
	xoev_manifest m;
	xoev_codelists *cl = NULL;
	xoev_diag_list *diags = NULL;
	char manifest[4096];
	const xoev_diag *d;
	int invalid = -1;
	const char *bad =
		XOEV_SRCDIR "/schemas/xmig/2.0/examples/invalid/meldedaten.anmeldung.1301.staat-unbekannt.xml";

	ck_assert_int_eq(xoev_diag_list_new(&diags), 0);
	ck_assert_int_eq(xoev_registry_find(reg, "xmig", "2.0", &b), 0);
	snprintf(manifest, sizeof manifest, "%s/%s", xoev_bundle_directory(b), XOEV_MANIFEST_NAME);
	memset(&m, 0, sizeof m);
	ck_assert_int_eq(xoev_manifest__read(manifest, &m, diags), 0);
	ck_assert_int_eq(xoev_codelist__load(xoev_bundle_directory(b), &m, &cl, diags), 0);
	xoev_diag_list_clear(diags);

	/* every valid example: no code-list finding */
	ck_assert_int_eq(xoev_stream__validate(XOEV_SRCDIR "/schemas/xmig/2.0/examples/valid/akte.uebermittlung.1202.xml",
	                                       xoev_bundle__schema(b, NULL), cl, NULL, diags, &invalid),
	                 0);
	ck_assert_msg(invalid == 0, "%s", xoev_diag_message(xoev_diag_list_get(diags, 0)));

	/* an unknown state code: found, located at the code element */
	ck_assert_int_eq(xoev_stream__validate(bad, xoev_bundle__schema(b, NULL), cl, NULL, diags,
	                                       &invalid),
	                 0);
	ck_assert_int_eq(invalid, 1);
	d = xoev_test_find_rule(diags, "codelist.unknown-code");
	ck_assert_msg(d != NULL, "no codelist.unknown-code: %s",
	              xoev_diag_message(xoev_diag_list_get(diags, 0)));
	ck_assert_int_eq(xoev_diag_layer(d), XOEV_LAYER_CODELIST);
	ck_assert_uint_gt(xoev_diag_line(d), 1);
	ck_assert_ptr_nonnull(xoev_diag_xpath(d));
	ck_assert_ptr_nonnull(strstr(xoev_diag_xpath(d), "staatsangehoerigkeit"));
	xoev_codelist__free(cl);
	xoev_manifest__free(&m);
	xoev_diag_list_free(diags);
	xoev_registry_free(reg);
}
END_TEST

/* Code lists: the same findings as the tree pipeline's code-list layer, for every golden example. */
START_TEST(stream_golden_codelists)
{
	xoev_registry *reg = xoev_test_project_registry();
	xoev_validate_options o = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_validator *v = NULL;
	xoev_diag_list *tree = NULL, *streamed = NULL;
	glob_t g;
	size_t i, findings = 0;

	o.layers = XOEV_RUN_XSD | XOEV_RUN_CODELIST;
	o.stream_threshold = (size_t)-1;
	ck_assert_int_eq(xoev_validator_new(&v, reg, &o), 0);
	ck_assert_int_eq(xoev_diag_list_new(&tree), 0);
	ck_assert_int_eq(xoev_diag_list_new(&streamed), 0);
	ck_assert_int_eq(glob(XOEV_SRCDIR "/schemas/*/*/examples/*/*.xml", 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *path = g.gl_pathv[i];
		const xoev_codelists *cl = NULL;
		const xoev_bundle *b;
		xoev_rules *const *rules;
		size_t nrules, k, n;
		xoev_verdict verdict;
		int invalid = -1;

		xoev_diag_list_clear(tree);
		xoev_diag_list_clear(streamed);
		ck_assert_int_eq(xoev_validate_file(v, path, tree, &verdict), 0);
		b = xoev_validator_last_bundle(v);
		ck_assert_ptr_nonnull(b);
		ck_assert_int_eq(xoev_bundle__layers(b, &cl, &rules, &nrules, NULL), 0);
		ck_assert_ptr_nonnull(cl);
		ck_assert_int_eq(xoev_stream__validate(path, xoev_bundle__schema(b, NULL), cl, NULL,
		                                       streamed, &invalid),
		                 0);
		ck_assert_int_eq(invalid, verdict == XOEV_VERDICT_INVALID);
		n = count_layer(tree, XOEV_LAYER_CODELIST);
		ck_assert_msg(count_layer(streamed, XOEV_LAYER_CODELIST) == n,
		              "%s: %zu code-list findings in the tree, %zu streaming", path, n,
		              count_layer(streamed, XOEV_LAYER_CODELIST));
		for (k = 0; k < n; k++) {
			const xoev_diag *a = nth_of_layer(tree, XOEV_LAYER_CODELIST, k);
			const xoev_diag *c = nth_of_layer(streamed, XOEV_LAYER_CODELIST, k);

			ck_assert_msg(strcmp(xoev_diag_rule(a), xoev_diag_rule(c)) == 0 &&
			                      xoev_diag_line(a) == xoev_diag_line(c) &&
			                      xoev_diag_column(a) == xoev_diag_column(c) &&
			                      strcmp(str_or(xoev_diag_xpath(a)), str_or(xoev_diag_xpath(c))) == 0 &&
			                      strcmp(xoev_diag_message(a), xoev_diag_message(c)) == 0,
			              "%s: tree %s:%lu:%lu %s [%s], streaming %s:%lu:%lu %s [%s]", path,
			              xoev_diag_rule(a), xoev_diag_line(a), xoev_diag_column(a),
			              xoev_diag_message(a), str_or(xoev_diag_xpath(a)), xoev_diag_rule(c),
			              xoev_diag_line(c), xoev_diag_column(c), xoev_diag_message(c),
			              str_or(xoev_diag_xpath(c)));
		}
		findings += n;
	}
	ck_assert_uint_gt(findings, 20); /* the comparison saw code-list findings */
	globfree(&g);
	xoev_diag_list_free(tree);
	xoev_diag_list_free(streamed);
	xoev_validator_free(v);
	xoev_registry_free(reg);
}
END_TEST

Suite *xoev_suite_stream(void)
{
	Suite *s = suite_create("stream");
	TCase *tc = tcase_create("stream");

	tcase_add_checked_fixture(tc, xoev_test_dir_setup, xoev_test_dir_teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, stream_golden_parity);
	tcase_add_test(tc, stream_parity_large);
	tcase_add_test(tc, stream_gzip);
	tcase_add_test(tc, stream_gzip_broken);
	tcase_add_test(tc, stream_doctype);
	tcase_add_test(tc, stream_depth);
	tcase_add_test(tc, stream_huge_values);
	tcase_add_test(tc, stream_not_wellformed);
	tcase_add_test(tc, stream_xpaths);
	tcase_add_test(tc, stream_no_schema);
	tcase_add_test(tc, stream_codelists);
	tcase_add_test(tc, stream_golden_codelists);
	tcase_add_test(tc, stream_big_bounded_memory);
	suite_add_tcase(s, tc);
	return s;
}

