/*
 * libxoev bench - corpus generator (plain C99, no dependencies).
 *
 *   gen small OUTDIR N TEMPLATE.xml...
 *       N small messages derived from the templates (the valid golden
 *       examples, schemas/STD/VER/examples/valid/NAME.xml), round robin, into
 *       OUTDIR/STD_VER/NNNNNN-NAME.xml: every UUID is replaced by a new one
 *       (consistently within a message, so references between UUIDs of one
 *       message stay intact; distinct across messages, so a batch sees no
 *       duplicate message ids), and the text of vorname, nachname and
 *       familienname elements is varied.
 *
 *   gen big OUT.xml MEGABYTES
 *       one xmig 2.0 akte.uebermittlung.1202 (Aktenübermittlung) of about
 *       MEGABYTES x 10^6 bytes: an index (aktenverzeichnis) with one entry
 *       per document, then the documents (base64), all valid.
 *
 * Output is deterministic. Exit status 0, or 1 with a message on stderr.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../big_head.h"

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static void die(const char *what, const char *path)
{
	fprintf(stderr, "gen: %s %s: %s\n", what, path ? path : "", strerror(errno));
	exit(1);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (!f)
		die("cannot open", path);
	do {
		if (n + 65536 + 1 > cap) {
			cap = cap * 2 + 65536 + 1;
			buf = realloc(buf, cap);
			if (!buf)
				die("out of memory reading", path);
		}
		r = fread(buf + n, 1, 65536, f);
		n += r;
	} while (r > 0);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* ------------------------------------------------------------------ */
/* small messages                                                      */
/* ------------------------------------------------------------------ */

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* 1 if p starts an 8-4-4-4-12 hex UUID (not inside a longer hex run). */
static int is_uuid_at(const char *p, const char *start)
{
	static const int groups[5] = { 8, 4, 4, 4, 12 };
	int g, i;

	if (p > start && (is_hex(p[-1]) || p[-1] == '-'))
		return 0;
	for (g = 0; g < 5; g++) {
		for (i = 0; i < groups[g]; i++, p++)
			if (!is_hex(*p))
				return 0;
		if (g < 4 && *p++ != '-')
			return 0;
	}
	return !is_hex(*p) && *p != '-';
}

#define MAX_UUIDS 64

typedef struct {
	char old[MAX_UUIDS][37];
	char new_[MAX_UUIDS][37];
	int count;
} uuid_map;

static const char *map_uuid(uuid_map *m, const char *p, uint64_t *seed)
{
	static const char hex[] = "0123456789abcdef";
	uint64_t a, b;
	char *u;
	int i, k;

	for (i = 0; i < m->count; i++)
		if (strncmp(m->old[i], p, 36) == 0)
			return m->new_[i];
	if (m->count == MAX_UUIDS)
		return NULL;
	memcpy(m->old[m->count], p, 36);
	m->old[m->count][36] = '\0';
	u = m->new_[m->count];
	a = splitmix(seed);
	b = splitmix(seed);
	for (i = 0, k = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			u[i] = '-';
			continue;
		}
		u[i] = hex[(k < 16 ? a >> (4 * k) : b >> (4 * (k - 16))) & 15];
		k++;
	}
	u[14] = '4';                      /* version 4 */
	u[19] = hex[8 + (b >> 60 & 3)];   /* variant 10xx */
	u[36] = '\0';
	return m->new_[m->count++];
}

static const char *const given[] = { "Amina", "Jonas", "Mehmet", "Olena", "Lukas", "Fatima",
	                             "Dawit", "Sophie", "Ali", "Marta", "Jörg", "Zeynep" };
static const char *const family[] = { "Tesfaye", "Müller", "Yılmaz", "Kowalska", "Schmidt",
	                              "Haddad", "Nguyen", "Petrenko", "Becker", "Osei" };

/* If p is the '>' ending a <...vorname> or <...nachname>/<...familienname> start tag: the name list. */
static const char *const *name_list_for(const char *start, const char *p, size_t *n)
{
	const char *lt = p, *q;

	while (lt > start && lt[-1] != '<' && lt[-1] != '>' && lt[-1] != ' ')
		lt--;
	if (lt == start || lt[-1] != '<' || *lt == '/')
		return NULL; /* an end tag, or a start tag with attributes: not one of ours */
	for (q = p; q > lt && q[-1] != ':'; q--)
		;
	if ((size_t)(p - q) == 7 && strncmp(q, "vorname", 7) == 0) {
		*n = sizeof given / sizeof given[0];
		return given;
	}
	if (((size_t)(p - q) == 8 && strncmp(q, "nachname", 8) == 0) ||
	    ((size_t)(p - q) == 12 && strncmp(q, "familienname", 12) == 0)) {
		*n = sizeof family / sizeof family[0];
		return family;
	}
	return NULL;
}

static void write_variant(FILE *f, const char *t, size_t len, uint64_t seed)
{
	uuid_map map;
	const char *p = t, *end = t + len;

	map.count = 0;
	while (p < end) {
		const char *const *names;
		size_t n;

		if (is_hex(*p) && end - p >= 36 && is_uuid_at(p, t)) {
			const char *u = map_uuid(&map, p, &seed);
			if (u) {
				fputs(u, f);
				p += 36;
				continue;
			}
		}
		if (*p == '>' && p > t && p[-1] != '/' && (names = name_list_for(t, p, &n)) != NULL) {
			const char *close = strchr(p, '<');
			if (close) {
				fputc('>', f);
				fputs(names[splitmix(&seed) % n], f);
				p = close;
				continue;
			}
		}
		fputc(*p++, f);
	}
}

/* ".../schemas/STD/VER/examples/valid/NAME.xml" -> "STD_VER" and "NAME.xml" */
static int std_ver_of(const char *path, char *sv, size_t cap, const char **base)
{
	const char *p = strstr(path, "/examples/valid/"), *v, *s;

	if (!p)
		return -1;
	*base = p + 16;
	for (v = p; v > path && v[-1] != '/'; v--)
		;
	if (v == path)
		return -1;
	for (s = v - 1; s > path && s[-1] != '/'; s--)
		;
	if ((size_t)(p - s) + 1 > cap)
		return -1;
	snprintf(sv, cap, "%.*s_%.*s", (int)(v - 1 - s), s, (int)(p - v), v);
	return 0;
}

static int gen_small(const char *outdir, long count, char **templates, int ntemplates)
{
	char **text = calloc((size_t)ntemplates, sizeof *text);
	size_t *lens = calloc((size_t)ntemplates, sizeof *lens);
	char path[4096], sv[256];
	long i;
	int t;

	if (!text || !lens)
		die("out of memory", NULL);
	if (mkdir(outdir, 0777) != 0 && errno != EEXIST)
		die("cannot create", outdir);
	for (t = 0; t < ntemplates; t++) {
		const char *base;

		text[t] = read_all(templates[t], &lens[t]);
		if (std_ver_of(templates[t], sv, sizeof sv, &base) != 0) {
			fprintf(stderr, "gen: %s is not schemas/STD/VER/examples/valid/NAME.xml\n",
			        templates[t]);
			return 1;
		}
		snprintf(path, sizeof path, "%s/%s", outdir, sv);
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			die("cannot create", path);
	}
	for (i = 0; i < count; i++) {
		const char *base;
		FILE *f;

		t = (int)(i % ntemplates);
		std_ver_of(templates[t], sv, sizeof sv, &base);
		snprintf(path, sizeof path, "%s/%s/%06ld-%s", outdir, sv, i, base);
		f = fopen(path, "wb");
		if (!f)
			die("cannot write", path);
		write_variant(f, text[t], lens[t], 0x5EED0000ull + (uint64_t)i * 7919u);
		if (fclose(f) != 0)
			die("cannot write", path);
	}
	for (t = 0; t < ntemplates; t++)
		free(text[t]);
	free(text);
	free(lens);
	return 0;
}

/* ------------------------------------------------------------------ */
/* one big message                                                     */
/* ------------------------------------------------------------------ */

static const char big_head[] = XOEV_BIG_HEAD;

#define DOC_CHARS 3000 /* base64 characters per document */

static int gen_big(const char *out, double megabytes)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	static const char *const titles[] = { "Antrag auf Aufenthaltserlaubnis", "Bescheid",
		                              "Passkopie", "Meldebescheinigung", "Arbeitsvertrag" };
	char doc[DOC_CHARS + 1];
	FILE *f = fopen(out, "wb");
	unsigned long entries, i;
	uint64_t seed = 42;
	size_t k;

	if (!f)
		die("cannot write", out);
	/* about 560 bytes of index entry and DOC_CHARS + 50 of document per entry */
	entries = (unsigned long)(megabytes * 1e6 / (560.0 + DOC_CHARS + 50.0));
	if (entries < 1)
		entries = 1;
	for (k = 0; k < DOC_CHARS; k++)
		doc[k] = b64[splitmix(&seed) & 63];
	doc[DOC_CHARS] = '\0';
	fputs(big_head, f);
	for (i = 1; i <= entries; i++) {
		uint64_t h1 = splitmix(&seed), h2 = splitmix(&seed), h3 = splitmix(&seed),
		         h4 = splitmix(&seed);

		fprintf(f,
		        "    <xmig:eintrag>\n"
		        "      <xmig:dokumentID>D%lu</xmig:dokumentID>\n"
		        "      <xmig:dokumentart listURI=\"urn:libxoev:xmig:codeliste:dokumentart\" "
		        "listVersionID=\"2.0\">\n        <code>%03lu</code>\n      </xmig:dokumentart>\n"
		        "      <xmig:bezeichnung>%s Nr. %lu</xmig:bezeichnung>\n"
		        "      <xmig:datum>20%02lu-%02lu-%02lu</xmig:datum>\n"
		        "      <xmig:seitenanzahl>%lu</xmig:seitenanzahl>\n"
		        "      <xmig:datei>\n"
		        "        <xmig:mediatyp>text/plain</xmig:mediatyp>\n"
		        "        <xmig:sha256>%016llx%016llx%016llx%016llx</xmig:sha256>\n"
		        "      </xmig:datei>\n"
		        "    </xmig:eintrag>\n",
		        i, 1 + i % 3, titles[i % 5], i, 10 + i % 15, 1 + i % 12, 1 + i % 28, 1 + i % 40,
		        (unsigned long long)h1, (unsigned long long)h2, (unsigned long long)h3,
		        (unsigned long long)h4);
	}
	fprintf(f, "  </xmig:aktenverzeichnis>\n  <xmig:anzahlDokumente>%lu</xmig:anzahlDokumente>\n",
	        entries);
	for (i = 1; i <= entries; i++) {
		/* vary the document a little: rotate where it starts */
		size_t off = (size_t)(i * 4) % DOC_CHARS;

		fprintf(f, "  <xmig:dokument eintrag=\"D%lu\">%s%.*s</xmig:dokument>\n", i, doc + off,
		        (int)off, doc);
	}
	fputs("</xmig:akte.uebermittlung.1202>\n", f);
	if (fclose(f) != 0)
		die("cannot write", out);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 5 && strcmp(argv[1], "small") == 0) {
		long n = strtol(argv[3], NULL, 10);
		if (n < 1) {
			fprintf(stderr, "gen: N must be positive\n");
			return 1;
		}
		return gen_small(argv[2], n, argv + 4, argc - 4);
	}
	if (argc == 4 && strcmp(argv[1], "big") == 0) {
		double mb = strtod(argv[3], NULL);
		if (mb <= 0) {
			fprintf(stderr, "gen: MEGABYTES must be positive\n");
			return 1;
		}
		return gen_big(argv[2], mb);
	}
	fprintf(stderr, "usage: gen small OUTDIR N TEMPLATE.xml...\n"
	                "       gen big OUT.xml MEGABYTES\n");
	return 2;
}
