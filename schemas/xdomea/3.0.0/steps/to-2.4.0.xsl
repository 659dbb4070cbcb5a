<?xml version="1.0" encoding="UTF-8"?>
<!--
  xdomea 3.0.0 -> 2.4.0 (contract: ../../changes/2.4.0_3.0.0.xml, direction
  down; change ids at each template). Hand-written XSLT 1.0 for libxoev's
  sandbox: no document(), no output extensions. Messages new in 3.0.0 are
  refused; content 2.4.0 cannot carry is left out and reported by libxoev.

  SPDX-License-Identifier: Apache-2.0
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:n="urn:xoev-de:xdomea:schema:3.0.0"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    exclude-result-prefixes="n">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="from" select="'urn:xoev-de:xdomea:schema:3.0.0'"/>
  <xsl:variable name="to" select="'urn:xoev-de:xdomea:schema:2.4.0'"/>

  <!-- c01, c01a-c01p: messages without a 2.4.0 counterpart -->
  <xsl:template match="/*[self::n:Abgabe.EmpfangBestaetigen.0403 or self::n:Aussonderung.AussonderungEmpfangBestaetigen.0507 or starts-with(substring-after(substring-after(local-name(), '.'), '.'), '051') or starts-with(local-name(), 'Zwischenarchivierung.')]" priority="10">
    <xsl:message terminate="yes">xoev:reject message <xsl:value-of select="local-name()"/> has no counterpart in xdomea 2.4.0 (new in 3.0.0)</xsl:message>
  </xsl:template>

  <!-- namespace: every 3.0.0 element moves to 2.4.0 under its own prefix -->
  <xsl:template match="n:*">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="*">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="@*|text()|comment()|processing-instruction()">
    <xsl:copy/>
  </xsl:template>

  <xsl:template match="@xsi:schemaLocation">
    <xsl:attribute name="xsi:schemaLocation">
      <xsl:choose>
        <xsl:when test="starts-with(normalize-space(.), $from)">
          <xsl:value-of select="concat($to, substring-after(normalize-space(.), $from))"/>
        </xsl:when>
        <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
      </xsl:choose>
    </xsl:attribute>
  </xsl:template>

  <xsl:template name="qname">
    <xsl:param name="local"/>
    <xsl:variable name="p" select="substring-before(name(), ':')"/>
    <xsl:value-of select="concat($p, substring(':', 1, string-length($p)), $local)"/>
  </xsl:template>

  <xsl:template match="n:*" mode="renamed">
    <xsl:param name="local"/>
    <xsl:variable name="qn"><xsl:call-template name="qname"><xsl:with-param name="local" select="$local"/></xsl:call-template></xsl:variable>
    <xsl:element name="{$qn}" namespace="{$to}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <!-- c02 -->
  <xsl:template match="n:Behoerdenkennung/n:Behoerdenschluessel">
    <xsl:apply-templates select="." mode="renamed"><xsl:with-param name="local" select="'Kennung'"/></xsl:apply-templates>
  </xsl:template>

  <!-- c03 -->
  <xsl:template match="n:HistorienProtokollInformation/n:MetadatumName">
    <xsl:apply-templates select="." mode="renamed"><xsl:with-param name="local" select="'Metadatum'"/></xsl:apply-templates>
  </xsl:template>
  <xsl:template match="n:HistorienProtokollInformation/n:MetadatumAlterWert">
    <xsl:apply-templates select="." mode="renamed"><xsl:with-param name="local" select="'AlterWert'"/></xsl:apply-templates>
  </xsl:template>
  <xsl:template match="n:HistorienProtokollInformation/n:MetadatumNeuerWert">
    <xsl:apply-templates select="." mode="renamed"><xsl:with-param name="local" select="'NeuerWert'"/></xsl:apply-templates>
  </xsl:template>

  <!-- c04, c05, c06, c07, c20: AbgegebenesObjekt / AusgesondertesSGO -> ErfolgOderMisserfolg -->
  <xsl:template match="n:Abgabe.ImportBestaetigen.0402/n:AbgegebenesObjekt|n:Aussonderung.AussonderungImportBestaetigen.0506/n:AusgesondertesSGO">
    <xsl:variable name="qn"><xsl:call-template name="qname"><xsl:with-param name="local" select="'ErfolgOderMisserfolg'"/></xsl:call-template></xsl:variable>
    <xsl:variable name="qr"><xsl:call-template name="qname"><xsl:with-param name="local" select="'Rueckgabeparameter'"/></xsl:call-template></xsl:variable>
    <xsl:variable name="qi"><xsl:call-template name="qname"><xsl:with-param name="local" select="'ID'"/></xsl:call-template></xsl:variable>
    <xsl:element name="{$qn}" namespace="{$to}">
      <xsl:apply-templates select="n:Erfolgreich|n:Fehlermeldung[1]"/>
      <xsl:if test="n:Archivkennung and self::n:AusgesondertesSGO">
        <xsl:element name="{$qr}" namespace="{$to}">
          <xsl:element name="{$qi}" namespace="{$to}"><xsl:value-of select="n:IDSGO"/></xsl:element>
          <xsl:apply-templates select="n:Archivkennung"/>
        </xsl:element>
      </xsl:if>
    </xsl:element>
  </xsl:template>

  <!-- c08: Teilakte leaves Akteninhalt; Akteninhalt is a choice Dokument* | Vorgang* again -->
  <xsl:template match="n:Akte|n:Teilakte">
    <xsl:if test="n:Akteninhalt[n:Dokument and n:Vorgang]">
      <xsl:message terminate="yes">xoev:reject c08: an Akteninhalt with both Dokument and Vorgang cannot be expressed in xdomea 2.4.0</xsl:message>
    </xsl:if>
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="@*"/>
      <xsl:apply-templates select="n:Identifikation|n:AllgemeineMetadaten|n:ArchivspezifischeMetadaten|n:Standort|n:Typ|n:Laufzeit|n:HistorienProtokollInformation|n:InternerGeschaeftsgang"/>
      <xsl:if test="n:Akteninhalt/n:Dokument or n:Akteninhalt/n:Vorgang">
        <xsl:variable name="qa"><xsl:call-template name="qname"><xsl:with-param name="local" select="'Akteninhalt'"/></xsl:call-template></xsl:variable>
        <xsl:element name="{$qa}" namespace="{$to}">
          <xsl:apply-templates select="n:Akteninhalt/n:Dokument|n:Akteninhalt/n:Vorgang"/>
        </xsl:element>
      </xsl:if>
      <xsl:apply-templates select="n:Verweis|n:Kontakt|n:Akteninhalt/n:Teilakte|n:AnwendungsspezifischeErweiterung"/>
    </xsl:element>
  </xsl:template>

  <!-- c09: unwrap Aussonderungsart (AussonderungsartKonfigurierbar has no 2.4.0 form: c19) -->
  <xsl:template match="n:Aussonderungsart[n:Aussonderungsart]">
    <xsl:apply-templates select="n:Aussonderungsart" mode="moved"/>
  </xsl:template>
  <xsl:template match="n:Aussonderungsart[n:AussonderungsartKonfigurierbar]"/>

  <!-- c10: Empfangsbestaetigung of NkAussonderungType / NkAbgabeType -->
  <xsl:template match="n:Aussonderung.Aussonderung.0503/n:Kopf/n:Empfangsbestaetigung|n:Abgabe.Abgabe.0401/n:Kopf/n:Empfangsbestaetigung"/>

  <!-- c11, c12: Erreichbarkeit 3 -> Kommunikationsart 1.0; IstInstitution folded into 008-011 -->
  <xsl:template match="n:Kommunikation/n:IstInstitution"/>
  <xsl:template match="n:Kommunikation/n:Kanal">
    <xsl:variable name="c" select="string(code)"/>
    <xsl:variable name="inst" select="../n:IstInstitution = 'true' or ../n:IstInstitution = '1'"/>
    <xsl:element name="{name()}" namespace="{$to}">
      <code>
        <xsl:choose>
          <xsl:when test="$c = '01' and $inst">008</xsl:when>
          <xsl:when test="$c = '01'">001</xsl:when>
          <xsl:when test="$c = '02' and $inst">009</xsl:when>
          <xsl:when test="$c = '02'">002</xsl:when>
          <xsl:when test="$c = '03'">003</xsl:when>
          <xsl:when test="$c = '04' and $inst">010</xsl:when>
          <xsl:when test="$c = '04'">004</xsl:when>
          <xsl:when test="$c = '05'">005</xsl:when>
          <xsl:when test="$c = '06'">006</xsl:when>
          <xsl:when test="$c = '07' or $c = '08'">012</xsl:when>
          <xsl:when test="$c = '09' and $inst">011</xsl:when>
          <xsl:when test="$c = '09'">007</xsl:when>
          <!-- a 2.x code left in a 3.0.0 message (the toolkit samples): kept -->
          <xsl:when test="string-length($c) = 3 and translate($c, '0123456789', '') = '' and number($c) &gt;= 1 and number($c) &lt;= 12"><xsl:value-of select="$c"/></xsl:when>
          <xsl:otherwise>
            <xsl:message terminate="yes">xoev:reject c11a: Kanal code <xsl:value-of select="$c"/> is not in Erreichbarkeit 3 (01-09)</xsl:message>
          </xsl:otherwise>
        </xsl:choose>
      </code>
    </xsl:element>
  </xsl:template>

  <!-- c21: Dateiformat is code type 1 again: list and version follow from the schema -->
  <xsl:template match="n:Format/n:Name|n:Aktenplandatei/n:Name">
    <xsl:variable name="c" select="normalize-space(code)"/>
    <xsl:if test="not(string-length($c) = 3 and translate($c, '0123456789', '') = '' and (number($c) &gt;= 1 and number($c) &lt;= 45 or $c = '100'))">
      <xsl:message terminate="yes">xoev:reject c21a: Dateiformat code <xsl:value-of select="$c"/> is not in the 2.4.0 list</xsl:message>
    </xsl:if>
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="code"/>
    </xsl:element>
  </xsl:template>

  <!-- c14: list versions back (the attributes are optional and fixed in 2.4.0) -->
  <xsl:template match="@listVersionID[. = '1.1' or (. = '2.0' and parent::n:Nachrichtentyp)]">
    <xsl:attribute name="listVersionID">1.0</xsl:attribute>
  </xsl:template>

  <!-- c27: SendendesSystem (every header) and EmpfangendesSystem (FVDaten headers) are required in 2.4.0:
       an absent one becomes an empty SystemType (all its children are optional; reported as a default) -->
  <xsl:template match="n:Kopf/n:Empfaenger">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
    <xsl:if test="not(../n:SendendesSystem)">
      <xsl:variable name="qs"><xsl:call-template name="qname"><xsl:with-param name="local" select="'SendendesSystem'"/></xsl:call-template></xsl:variable>
      <xsl:element name="{$qs}" namespace="{$to}"/>
    </xsl:if>
  </xsl:template>
  <!-- c28: EmpfangendesSystem 0..n -> 1..1: the first stays -->
  <xsl:template match="/*[starts-with(local-name(), 'FVDaten.')]/n:Kopf">
    <xsl:variable name="base" select="n:ProzessID|n:Nachrichtentyp|n:Erstellungszeitpunkt|n:Absender|n:Empfaenger|n:SendendesSystem|n:Hinweis|n:AnwendungsspezifischeErweiterung|n:AnwendungsspezifischeErweiterungXML"/>
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="@*"/>
      <xsl:apply-templates select="$base"/>
      <xsl:choose>
        <xsl:when test="n:EmpfangendesSystem"><xsl:apply-templates select="n:EmpfangendesSystem[1]"/></xsl:when>
        <xsl:otherwise>
          <xsl:variable name="qe"><xsl:call-template name="qname"><xsl:with-param name="local" select="'EmpfangendesSystem'"/></xsl:call-template></xsl:variable>
          <xsl:element name="{$qe}" namespace="{$to}"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:apply-templates select="*[not(self::n:EmpfangendesSystem)][count(. | $base) != count($base)]"/>
    </xsl:element>
  </xsl:template>

  <!-- c29: Uhrzeit (BearbeitungType, BearbeitungFVType) and Erstellungsuhrzeit (VerfuegungType) are required in 2.4.0 and cannot be derived -->
  <xsl:template match="n:*[n:Bearbeiter and n:Datum and not(n:Uhrzeit)]|n:*[n:Ersteller and n:Erstellungsdatum and not(n:Erstellungsuhrzeit)]" priority="2">
    <xsl:message terminate="yes">xoev:reject c29: <xsl:value-of select="local-name()"/> has no time of day</xsl:message>
  </xsl:template>

  <!-- c26: BearbeitungFVType Bearbeiter string -> KontaktType: an empty contact; the text is reported -->
  <xsl:template match="n:Protokolleintrag/n:Bearbeiter">
    <xsl:element name="{name()}" namespace="{$to}"/>
  </xsl:template>

  <!-- c24, c25: AufbewahrungsdauerType -> int: AnzahlJahre; Unbefristet has no number -->
  <xsl:template match="n:Aufbewahrungsdauer">
    <xsl:choose>
      <xsl:when test="n:AnzahlJahre">
        <xsl:element name="{name()}" namespace="{$to}"><xsl:value-of select="normalize-space(n:AnzahlJahre)"/></xsl:element>
      </xsl:when>
      <xsl:when test="parent::n:ArchivspezifischeMetadaten"/>
      <xsl:otherwise>
        <xsl:message terminate="yes">xoev:reject c25: an Aktenplan unit kept without limit (Unbefristet) has no Aufbewahrungsdauer in 2.4.0</xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- c32: Neu fixed 1 -> boolean true -->
  <xsl:template match="n:Aenderungsart/n:Neu">
    <xsl:element name="{name()}" namespace="{$to}">true</xsl:element>
  </xsl:template>

  <!-- c30: ErfolgOderMisserfolgDMSType Rueckmeldung 1..n -> 1..1: the first stays -->
  <xsl:template match="n:ErfolgOderMisserfolg/n:Rueckmeldung[preceding-sibling::n:Rueckmeldung]"/>

  <!-- c18b, c31: RueckgabeparameterFVDatenType: 2.4.0 order Parameter, Erfolgreich, NummerImStapel, IDSGO; Rueckmeldung dropped; Ablageort cannot be expressed -->
  <xsl:template match="n:Rueckgabeparameter[n:Parameter]">
    <xsl:if test="n:Parameter/n:Ablageort">
      <xsl:message terminate="yes">xoev:reject c31: Rueckgabeparameter/Parameter/Ablageort has no 2.4.0 form</xsl:message>
    </xsl:if>
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="@*"/>
      <xsl:apply-templates select="n:Parameter|n:Erfolgreich"/>
      <xsl:apply-templates select="n:NummerImStapel|n:IDSGO"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="n:SchriftgutobjektZumLoeschstatusAbfragen">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="@*"/>
      <xsl:apply-templates select="n:IDSGO"/>
      <xsl:apply-templates select="n:NummerImStapel"/>
    </xsl:element>
  </xsl:template>

  <!-- c15 -->
  <xsl:template match="n:ArchivspezifischeMetadaten/n:Aufbewahrungsende">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:value-of select="substring(normalize-space(.), 1, 4)"/>
    </xsl:element>
  </xsl:template>

  <!-- c19: content 2.4.0 cannot carry -->
  <xsl:template match="n:AnwendungsspezifischeErweiterungXML|n:Akte/n:ZdA|n:Teilakte/n:ZdA|n:ZdADatum|n:BetreffKurz|n:Aktenplaneinheit/n:Gueltigkeit|n:VerweisAktenplaneinheit|n:Primaerdokument/n:DateinameOriginal|n:Primaerdokument/n:SignaturSiegel|n:FehlermeldungCode|n:AllgemeineMetadaten/n:Aktenfuehrung|n:Kopf/n:DMSSessionID|n:Einheit/n:Gueltigkeit|n:Einheit/n:AnwendungsspezifischeErweiterung"/>

  <!-- c18: AnwendungsspezifischeErweiterung back before WeitererKontakt / Teilvorgang -->
  <xsl:template match="n:AnwendungsspezifischeErweiterung[preceding-sibling::n:WeitererKontakt or preceding-sibling::n:Teilvorgang]"/>
  <xsl:template match="n:WeitererKontakt[not(preceding-sibling::n:WeitererKontakt)]|n:Teilvorgang[not(preceding-sibling::n:Teilvorgang)]">
    <xsl:apply-templates select="following-sibling::n:AnwendungsspezifischeErweiterung" mode="moved"/>
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="n:*" mode="moved">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>
</xsl:stylesheet>
