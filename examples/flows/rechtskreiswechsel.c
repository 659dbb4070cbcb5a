/*
 * Flow 2: a change of legal regime. After the asylum decision the social
 * welfare office (benefits under the AsylbLG) hands the case over to the
 * job centre (SGB II): XSoz 1.1 rechtskreiswechsel.uebergabe.2001, with
 * the benefits paid so far.
 *
 * Maps a struct of case data to the message by path, validates it in
 * every layer and writes it atomically.
 *
 * Usage: rechtskreiswechsel [OUT.xml]   (bundles from $XOEV_SCHEMA_PATH)
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>

#include "flow.h"

struct leistung {
	const char *art;                 /* urn:libxoev:xsoz:codeliste:leistungsart */
	const char *beginn, *ende;       /* ende may be NULL */
	const char *betrag;              /* euros, two decimals */
};

struct uebergabe {
	const char *sozialamt_kennung, *sozialamt_name;
	const char *jobcenter_kennung, *jobcenter_name;
	const char *aktenzeichen;
	struct {
		const char *familienname, *vorname, *geburtsdatum, *geburtsort, *geschlecht;
		const char *staatsangehoerigkeit;
	} person;
	const char *aktenzeichen_bamf, *entscheidungsdatum;
	struct leistung leistungen[3];   /* art NULL ends */
	const char *uebergabedatum;
	int erstattungsanspruch_angemeldet;
	const char *einwilligung_id, *einwilligung_erteilt; /* NULL: no consent reference */
};

static const struct uebergabe fall = {
	"ags:05711000", "Stadt Bielefeld, Amt für Soziale Leistungen",
	"jc:5711", "Jobcenter Arbeitplus Bielefeld",
	"50.2-AsylbLG-2025-1187",
	{ "Haidari", "Soraya", "1994-03-17", "Mazar-e Sharif", "w", "423" },
	"8765432-423", "2026-11-16",
	{
		{ "AB-3", "2025-04-01", "2026-11-30", "9184.00" },
		{ "KDU", "2025-04-01", "2026-11-30", "7242.50" },
		{ NULL, NULL, NULL, NULL },
	},
	"2026-12-01",
	1,
	"EW-2025-0419", "2025-04-03",
};

int main(int argc, char **argv)
{
	const char *out = argc > 1 ? argv[1] : "rechtskreiswechsel.uebergabe.2001.xml";
	flow f;
	size_t i;
	int rc = -1;

	if (flow_begin(&f, "rechtskreiswechsel", "xsoz", "1.1", "2001", fall.sozialamt_kennung,
	               fall.jobcenter_kennung) == 0) {
		flow_set(&f, "nachrichtenkopf.g2g/autor/verzeichnisdienst", "DVDV");
		flow_set(&f, "nachrichtenkopf.g2g/autor/name", fall.sozialamt_name);
		flow_set(&f, "nachrichtenkopf.g2g/leser/verzeichnisdienst", "DVDV");
		flow_set(&f, "nachrichtenkopf.g2g/leser/name", fall.jobcenter_name);
		flow_set(&f, "aktenzeichen", fall.aktenzeichen);
		flow_set(&f, "person/familienname", fall.person.familienname);
		flow_set(&f, "person/vorname", fall.person.vorname);
		flow_set(&f, "person/geburtsdatum", fall.person.geburtsdatum);
		flow_set(&f, "person/geburtsort", fall.person.geburtsort);
		flow_set(&f, "person/geschlecht", fall.person.geschlecht);
		flow_set(&f, "person/staatsangehoerigkeit/@listURI", "urn:libxoev:codeliste:staaten");
		flow_set(&f, "person/staatsangehoerigkeit", fall.person.staatsangehoerigkeit);
		flow_set(&f, "asylentscheidung/aktenzeichenBAMF", fall.aktenzeichen_bamf);
		flow_set(&f, "asylentscheidung/entscheidungsdatum", fall.entscheidungsdatum);
		for (i = 0; fall.leistungen[i].art; i++) {
			const struct leistung *l = &fall.leistungen[i];
			flow_setp(&f, l->art, "leistungen/leistung[%zu]/leistungsart", i + 1);
			flow_setp(&f, l->beginn, "leistungen/leistung[%zu]/zeitraum/beginn", i + 1);
			if (l->ende)
				flow_setp(&f, l->ende, "leistungen/leistung[%zu]/zeitraum/ende", i + 1);
			flow_setp(&f, l->betrag, "leistungen/leistung[%zu]/betrag", i + 1);
		}
		flow_set(&f, "uebergabedatum", fall.uebergabedatum);
		flow_set(&f, "erstattungsanspruchAngemeldet",
		         fall.erstattungsanspruch_angemeldet ? "true" : "false");
		if (fall.einwilligung_id) {
			flow_set(&f, "einwilligung/einwilligungsID", fall.einwilligung_id);
			flow_set(&f, "einwilligung/erteiltAm", fall.einwilligung_erteilt);
		}
		rc = flow_finish(&f, out);
	}
	flow_end(&f);
	return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
