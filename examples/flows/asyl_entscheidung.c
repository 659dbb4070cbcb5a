/*
 * Flow 1: the federal office (BAMF) notifies the foreigners' office (ABH)
 * of an asylum decision: XMigration 2.0 asyl.entscheidungsmitteilung.1501.
 *
 * A case-management system keeps its case in its own struct; this program
 * maps that struct to the message by path, validates the message in every
 * layer (XSD, code lists, business rules, header) and writes it
 * atomically.
 *
 * Usage: asyl_entscheidung [OUT.xml]   (bundles from $XOEV_SCHEMA_PATH)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>

#include "flow.h"

/* The case as the BAMF's system holds it. */
struct person {
	const char *nachname, *vorname, *geburtsdatum, *geburtsort;
	const char *geschlecht;          /* code list urn:libxoev:codeliste:geschlecht */
	const char *staatsangehoerigkeit[2]; /* codes of urn:libxoev:codeliste:staaten; NULL ends */
	const char *azr_nummer;          /* 12 digits, or NULL */
};

struct behoerde {
	const char *kennung;             /* "prefix:number" in the directory service */
	const char *name;
};

struct asyl_entscheidung {
	struct behoerde bamf, abh;
	const char *aktenzeichen_bamf;
	struct person person;
	const char *entscheidung;        /* urn:libxoev:xmig:codeliste:asylentscheidung */
	const char *entscheidungsdatum, *zustellungsdatum;
	int bestandskraeftig;
};

static const struct asyl_entscheidung fall = {
	{ "bamf:4711", "Bundesamt für Migration und Flüchtlinge, Außenstelle Bielefeld" },
	{ "ags:05711000", "Stadt Bielefeld, Ausländerbehörde" },
	"8765432-423",
	{ "Haidari", "Soraya", "1994-03-17", "Mazar-e Sharif", "w", { "423", NULL }, "120034561234" },
	"02", /* Zuerkennung der Flüchtlingseigenschaft */
	"2026-11-16",
	"2026-11-20",
	0,
};

static void set_behoerde(flow *f, const char *role, const struct behoerde *b)
{
	flow_setp(f, "DVDV", "nachrichtenkopf.g2g/%s/verzeichnisdienst", role);
	flow_setp(f, b->kennung, "nachrichtenkopf.g2g/%s/kennung", role);
	flow_setp(f, b->name, "nachrichtenkopf.g2g/%s/name", role);
}

static void set_person(flow *f, const struct person *p)
{
	size_t i;

	flow_set(f, "person/nachname", p->nachname);
	if (p->vorname)
		flow_set(f, "person/vorname", p->vorname);
	flow_set(f, "person/geburt/geburtsdatum", p->geburtsdatum);
	if (p->geburtsort)
		flow_set(f, "person/geburt/geburtsort", p->geburtsort);
	flow_set(f, "person/geschlecht", p->geschlecht);
	for (i = 0; i < 2 && p->staatsangehoerigkeit[i]; i++) {
		/* code type 4: the sender names the list */
		flow_setp(f, "urn:libxoev:codeliste:staaten", "person/staatsangehoerigkeit[%zu]/@listURI",
		          i + 1);
		flow_setp(f, p->staatsangehoerigkeit[i], "person/staatsangehoerigkeit[%zu]", i + 1);
	}
	if (p->azr_nummer)
		flow_set(f, "person/azrNummer", p->azr_nummer);
}

int main(int argc, char **argv)
{
	const char *out = argc > 1 ? argv[1] : "asyl.entscheidungsmitteilung.1501.xml";
	flow f;
	int rc = -1;

	if (flow_begin(&f, "asyl_entscheidung", "xmig", "2.0", "asyl.entscheidungsmitteilung.1501",
	               fall.bamf.kennung, fall.abh.kennung) == 0) {
		set_behoerde(&f, "autor", &fall.bamf);
		set_behoerde(&f, "leser", &fall.abh);
		flow_set(&f, "aktenzeichenBAMF", fall.aktenzeichen_bamf);
		set_person(&f, &fall.person);
		flow_set(&f, "entscheidung", fall.entscheidung);
		flow_set(&f, "entscheidungsdatum", fall.entscheidungsdatum);
		flow_set(&f, "zustellungsdatum", fall.zustellungsdatum);
		flow_set(&f, "bestandskraeftig", fall.bestandskraeftig ? "true" : "false");
		rc = flow_finish(&f, out);
	}
	flow_end(&f);
	return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
