/*
 * libxoev tests - the head of the big generated xmig 2.0 file transfer
 * (akte.uebermittlung.1202 up to its aktenverzeichnis), shared by the
 * stream tests (tests/check_stream.c) and the bench generator
 * (tests/bench/gen.c), which append index entries and documents.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_TESTS_BIG_HEAD_H
#define XOEV_TESTS_BIG_HEAD_H

#define XOEV_BIG_HEAD \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<xmig:akte.uebermittlung.1202 produkt=\"Fachverfahren Migration Plus\" " \
	"produkthersteller=\"Beispiel-Software eG\" produktversion=\"4.2.1\" standard=\"XMigration\" " \
	"version=\"2.0\" xmlns:xmig=\"urn:libxoev:xmig:schema:2.0\">\n" \
	"  <nachrichtenkopf.g2g>\n" \
	"    <identifikation.nachricht>\n" \
	"      <nachrichtenUUID>0469c319-a7d9-46ba-8ac0-3ef2bf20f509</nachrichtenUUID>\n" \
	"      <nachrichtentyp listURI=\"urn:libxoev:xmig:codeliste:nachrichtentyp\" listVersionID=\"2.0\">\n" \
	"        <code>1202</code>\n" \
	"      </nachrichtentyp>\n" \
	"      <erstellungszeitpunkt>2026-11-07T11:15:00</erstellungszeitpunkt>\n" \
	"    </identifikation.nachricht>\n" \
	"    <leser>\n" \
	"      <verzeichnisdienst listURI=\"urn:libxoev:codeliste:verzeichnisdienst\" listVersionID=\"1\">\n" \
	"        <code>DVDV</code>\n" \
	"      </verzeichnisdienst>\n" \
	"      <kennung>ags:14713000</kennung>\n" \
	"      <name>Stadt Leipzig, Ausländerbehörde</name>\n" \
	"    </leser>\n" \
	"    <autor>\n" \
	"      <verzeichnisdienst listURI=\"urn:libxoev:codeliste:verzeichnisdienst\" listVersionID=\"1\">\n" \
	"        <code>DVDV</code>\n" \
	"      </verzeichnisdienst>\n" \
	"      <kennung>ags:05315000</kennung>\n" \
	"      <name>Stadt Köln, Ausländeramt</name>\n" \
	"    </autor>\n" \
	"  </nachrichtenkopf.g2g>\n" \
	"  <xmig:aktenzeichen>AA-514-2023-08812</xmig:aktenzeichen>\n" \
	"  <xmig:person>\n" \
	"    <xmig:nachname>Tesfaye</xmig:nachname>\n" \
	"    <xmig:vorname>Dawit</xmig:vorname>\n" \
	"    <xmig:geburt>\n" \
	"      <xmig:geburtsdatum>1999-09-28</xmig:geburtsdatum>\n" \
	"      <xmig:geburtsort>Asmara</xmig:geburtsort>\n" \
	"    </xmig:geburt>\n" \
	"    <xmig:geschlecht listURI=\"urn:libxoev:codeliste:geschlecht\" listVersionID=\"1.0\">\n" \
	"      <code>m</code>\n" \
	"    </xmig:geschlecht>\n" \
	"    <xmig:staatsangehoerigkeit listURI=\"urn:libxoev:codeliste:staaten\" listVersionID=\"2024-01-01\">\n" \
	"      <code>224</code>\n" \
	"    </xmig:staatsangehoerigkeit>\n" \
	"    <xmig:azrNummer>110034567890</xmig:azrNummer>\n" \
	"  </xmig:person>\n" \
	"  <xmig:uebermittlungsgrund listURI=\"urn:libxoev:xmig:codeliste:uebermittlungsgrund\" listVersionID=\"1\">\n" \
	"    <code>01</code>\n" \
	"  </xmig:uebermittlungsgrund>\n" \
	"  <xmig:aktenverzeichnis>\n"

#endif /* XOEV_TESTS_BIG_HEAD_H */
