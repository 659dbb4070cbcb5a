/*
 * Flow 3: a file transfer between foreigners' offices after a move:
 * XMigration 2.0 akte.uebermittlung.1202 with two attached documents.
 *
 * Each document gets an index entry (aktenverzeichnis/eintrag: id, kind,
 * title, date, pages, media type and the SHA-256 of the document) and a
 * `dokument` element whose @eintrag names the entry and whose content is
 * the document in base64. The second document is sent DEFLATE-compressed
 * (RFC 1951, raw, via zlib) with @komprimiert="true"; its SHA-256 is still
 * that of the uncompressed document. anzahlDokumente equals the number of
 * index entries (rule xmig-004).
 *
 * Usage: akte_uebermittlung [OUT.xml]   (bundles from $XOEV_SCHEMA_PATH)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "flow.h"

/* ------------------------------------------------------------------ */
/* SHA-256 (FIPS 180-4), small and slow enough for an example          */
/* ------------------------------------------------------------------ */

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, k, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0]; b = h[1]; c = h[2]; d = h[3]; e = h[4]; f = h[5]; g = h[6]; k = h[7];
	for (i = 0; i < 64; i++) {
		t1 = k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
		t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		k = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

/* The SHA-256 of data as 64 lowercase hex digits. */
static void sha256_hex(const void *data, size_t len, char out[65])
{
	uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	                  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	const unsigned char *p = data;
	unsigned char tail[128];
	uint64_t bits = (uint64_t)len * 8;
	size_t rest, n, i;

	for (; len >= 64; p += 64, len -= 64)
		sha256_block(h, p);
	rest = len;
	memset(tail, 0, sizeof tail);
	memcpy(tail, p, rest);
	tail[rest] = 0x80;
	n = rest + 1 + 8 <= 64 ? 64 : 128;
	for (i = 0; i < 8; i++)
		tail[n - 1 - i] = (unsigned char)(bits >> (8 * i));
	for (i = 0; i < n; i += 64)
		sha256_block(h, tail + i);
	for (i = 0; i < 8; i++)
		snprintf(out + 8 * i, 9, "%08x", (unsigned)h[i]);
}

/* ------------------------------------------------------------------ */
/* base64 and raw DEFLATE                                              */
/* ------------------------------------------------------------------ */

/* base64 of data (RFC 4648, no line breaks); a new string or NULL. */
static char *base64(const unsigned char *data, size_t len)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = malloc((len + 2) / 3 * 4 + 1), *o = out;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i + 2 < len; i += 3) {
		uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];
		*o++ = abc[v >> 18];
		*o++ = abc[(v >> 12) & 63];
		*o++ = abc[(v >> 6) & 63];
		*o++ = abc[v & 63];
	}
	if (i < len) {
		uint32_t v = (uint32_t)data[i] << 16 | (i + 1 < len ? (uint32_t)data[i + 1] << 8 : 0);
		*o++ = abc[v >> 18];
		*o++ = abc[(v >> 12) & 63];
		*o++ = i + 1 < len ? abc[(v >> 6) & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

/* Raw DEFLATE (no zlib header, as the schema asks); a new buffer or NULL. */
static unsigned char *deflate_raw(const void *data, size_t len, size_t *outlen)
{
	z_stream z;
	unsigned char *out;
	uLong cap;

	memset(&z, 0, sizeof z);
	if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	cap = deflateBound(&z, (uLong)len);
	out = malloc(cap);
	if (!out) {
		deflateEnd(&z);
		return NULL;
	}
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&z);
		free(out);
		return NULL;
	}
	*outlen = z.total_out;
	deflateEnd(&z);
	return out;
}

/* ------------------------------------------------------------------ */
/* the case                                                            */
/* ------------------------------------------------------------------ */

struct dokument {
	const char *id, *art, *bezeichnung, *datum, *seiten, *mediatyp;
	const char *inhalt;              /* the document itself */
	int komprimieren;                /* send DEFLATE-compressed */
};

struct akte {
	const char *abh_alt_kennung, *abh_alt_name, *abh_neu_kennung, *abh_neu_name;
	const char *aktenzeichen;
	const char *nachname, *vorname, *geburtsdatum, *geburtsort, *geschlecht, *staat, *azr;
	const char *grund;               /* urn:libxoev:xmig:codeliste:uebermittlungsgrund */
	struct dokument dokumente[2];
};

static const struct akte fall = {
	"ags:05315000", "Stadt Köln, Ausländeramt",
	"ags:14713000", "Stadt Leipzig, Ausländerbehörde",
	"AA-514-2025-04417",
	"Okonkwo", "Chinedu", "1991-07-09", "Enugu", "m", "232", "110098765432",
	"01", /* Zuständigkeitswechsel durch Umzug */
	{
		{ "D-2025-0001", "001", "Antrag auf Verlängerung der Aufenthaltserlaubnis", "2025-02-11",
		  "2", "text/plain",
		  "Antrag auf Verlängerung der Aufenthaltserlaubnis\n"
		  "Antragsteller: Chinedu Okonkwo, geb. 09.07.1991 in Enugu\n"
		  "Aufenthaltszweck: Beschäftigung (§ 18b AufenthG)\n"
		  "Arbeitgeber: Rheinische Anlagenbau GmbH, Köln\n",
		  0 },
		{ "D-2025-0002", "009", "Aktenvermerk zum Umzug nach Leipzig", "2026-11-24", "1",
		  "text/plain",
		  "Aktenvermerk\n"
		  "Herr Okonkwo hat am 20.11.2026 den Umzug nach Leipzig angezeigt.\n"
		  "Neue Anschrift: Karl-Liebknecht-Straße 112, 04275 Leipzig.\n"
		  "Die Akte wird an die Ausländerbehörde Leipzig abgegeben.\n"
		  "Die Aufenthaltserlaubnis ist gültig bis 10.02.2028.\n"
		  "Die Aufenthaltserlaubnis ist gültig bis 10.02.2028.\n",
		  1 },
	},
};

/* The index entry and the dokument element of document i (1-based). */
static int add_dokument(flow *f, size_t i, const struct dokument *d)
{
	size_t len = strlen(d->inhalt), zlen = 0;
	unsigned char *z = NULL;
	char hash[65], *b64;

	sha256_hex(d->inhalt, len, hash); /* of the uncompressed document */
	flow_setp(f, d->id, "aktenverzeichnis/eintrag[%zu]/dokumentID", i);
	flow_setp(f, d->art, "aktenverzeichnis/eintrag[%zu]/dokumentart", i);
	flow_setp(f, d->bezeichnung, "aktenverzeichnis/eintrag[%zu]/bezeichnung", i);
	flow_setp(f, d->datum, "aktenverzeichnis/eintrag[%zu]/datum", i);
	flow_setp(f, d->seiten, "aktenverzeichnis/eintrag[%zu]/seitenanzahl", i);
	flow_setp(f, d->mediatyp, "aktenverzeichnis/eintrag[%zu]/datei/mediatyp", i);
	flow_setp(f, hash, "aktenverzeichnis/eintrag[%zu]/datei/sha256", i);
	if (d->komprimieren) {
		z = deflate_raw(d->inhalt, len, &zlen);
		if (!z)
			return -1;
		b64 = base64(z, zlen);
		free(z);
	} else {
		b64 = base64((const unsigned char *)d->inhalt, len);
	}
	if (!b64)
		return -1;
	flow_setp(f, b64, "dokument[%zu]", i);
	flow_setp(f, d->id, "dokument[%zu]/@eintrag", i);
	if (d->komprimieren)
		flow_setp(f, "true", "dokument[%zu]/@komprimiert", i);
	free(b64);
	return 0;
}

int main(int argc, char **argv)
{
	const char *out = argc > 1 ? argv[1] : "akte.uebermittlung.1202.xml";
	size_t n = sizeof fall.dokumente / sizeof *fall.dokumente, i;
	char count[24];
	flow f;
	int rc = -1;

	if (flow_begin(&f, "akte_uebermittlung", "xmig", "2.0", "1202", fall.abh_alt_kennung,
	               fall.abh_neu_kennung) == 0) {
		flow_set(&f, "nachrichtenkopf.g2g/autor/verzeichnisdienst", "DVDV");
		flow_set(&f, "nachrichtenkopf.g2g/autor/name", fall.abh_alt_name);
		flow_set(&f, "nachrichtenkopf.g2g/leser/verzeichnisdienst", "DVDV");
		flow_set(&f, "nachrichtenkopf.g2g/leser/name", fall.abh_neu_name);
		flow_set(&f, "aktenzeichen", fall.aktenzeichen);
		flow_set(&f, "person/nachname", fall.nachname);
		flow_set(&f, "person/vorname", fall.vorname);
		flow_set(&f, "person/geburt/geburtsdatum", fall.geburtsdatum);
		flow_set(&f, "person/geburt/geburtsort", fall.geburtsort);
		flow_set(&f, "person/geschlecht", fall.geschlecht);
		flow_set(&f, "person/staatsangehoerigkeit/@listURI", "urn:libxoev:codeliste:staaten");
		flow_set(&f, "person/staatsangehoerigkeit", fall.staat);
		flow_set(&f, "person/azrNummer", fall.azr);
		flow_set(&f, "uebermittlungsgrund", fall.grund);
		rc = 0;
		for (i = 0; i < n && rc == 0; i++)
			rc = add_dokument(&f, i + 1, &fall.dokumente[i]);
		snprintf(count, sizeof count, "%zu", n); /* = the index entries (xmig-004) */
		flow_set(&f, "anzahlDokumente", count);
		if (rc == 0)
			rc = flow_finish(&f, out);
		else
			fprintf(stderr, "akte_uebermittlung: out of memory\n");
	}
	flow_end(&f);
	return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
