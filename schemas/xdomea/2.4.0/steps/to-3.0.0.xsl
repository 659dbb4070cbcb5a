<?xml version="1.0" encoding="UTF-8"?>
<!--
  xdomea 2.4.0 -> 3.0.0 (contract: ../../changes/2.4.0_3.0.0.xml; the
  change ids are named at each template). Hand-written XSLT 1.0 for libxoev's
  sandbox: no document(), no output extensions.

  SPDX-License-Identifier: Apache-2.0
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:o="urn:xoev-de:xdomea:schema:2.4.0"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    exclude-result-prefixes="o">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="from" select="'urn:xoev-de:xdomea:schema:2.4.0'"/>
  <xsl:variable name="to" select="'urn:xoev-de:xdomea:schema:3.0.0'"/>

  <!-- namespace: every 2.4.0 element moves to 3.0.0 under its own prefix -->
  <xsl:template match="o:*">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="@*"/>
      <xsl:apply-templates select="node()"/>
    </xsl:element>
  </xsl:template>

  <!-- unqualified elements (header parts, code/name) and other namespaces -->
  <xsl:template match="*">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="@*|text()|comment()|processing-instruction()">
    <xsl:copy/>
  </xsl:template>

  <!-- xsi:schemaLocation: a hint; its namespace token follows the message -->
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

  <!-- a new element in the 3.0.0 namespace with the context's prefix -->
  <xsl:template name="qname">
    <xsl:param name="local"/>
    <xsl:variable name="p" select="substring-before(name(), ':')"/>
    <xsl:value-of select="concat($p, substring(':', 1, string-length($p)), $local)"/>
  </xsl:template>

  <!-- c02: BehoerdenkennungType Kennung -> Behoerdenschluessel -->
  <xsl:template match="o:Behoerdenkennung/o:Kennung">
    <xsl:apply-templates select="." mode="renamed"><xsl:with-param name="local" select="'Behoerdenschluessel'"/></xsl:apply-templates>
  </xsl:template>

  <!-- c03: HistorienProtokollInformationType Metadatum, AlterWert, NeuerWert -->
  <xsl:template match="o:HistorienProtokollInformation/o:Metadatum">
    <xsl:apply-templates select="." mode="renamed"><xsl:with-param name="local" select="'MetadatumName'"/></xsl:apply-templates>
  </xsl:template>
  <xsl:template match="o:HistorienProtokollInformation/o:AlterWert">
    <xsl:apply-templates select="." mode="renamed"><xsl:with-param name="local" select="'MetadatumAlterWert'"/></xsl:apply-templates>
  </xsl:template>
  <xsl:template match="o:HistorienProtokollInformation/o:NeuerWert">
    <xsl:apply-templates select="." mode="renamed"><xsl:with-param name="local" select="'MetadatumNeuerWert'"/></xsl:apply-templates>
  </xsl:template>

  <!-- c04 / c05: 0402 and 0506 ErfolgOderMisserfolg -> AbgegebenesObjekt / AusgesondertesSGO -->
  <xsl:template match="o:Abgabe.ImportBestaetigen.0402/o:ErfolgOderMisserfolg">
    <xsl:apply-templates select="." mode="erfolg"><xsl:with-param name="local" select="'AbgegebenesObjekt'"/></xsl:apply-templates>
  </xsl:template>
  <xsl:template match="o:Aussonderung.AussonderungImportBestaetigen.0506/o:ErfolgOderMisserfolg">
    <xsl:apply-templates select="." mode="erfolg"><xsl:with-param name="local" select="'AusgesondertesSGO'"/></xsl:apply-templates>
  </xsl:template>

  <!-- c06: the new required IDSGO, derived from Rueckgabeparameter/ID, else the nil UUID (reported) -->
  <xsl:template match="*" mode="erfolg">
    <xsl:param name="local"/>
    <xsl:variable name="qn"><xsl:call-template name="qname"><xsl:with-param name="local" select="$local"/></xsl:call-template></xsl:variable>
    <xsl:variable name="qi"><xsl:call-template name="qname"><xsl:with-param name="local" select="'IDSGO'"/></xsl:call-template></xsl:variable>
    <xsl:variable name="qa"><xsl:call-template name="qname"><xsl:with-param name="local" select="'Archivkennung'"/></xsl:call-template></xsl:variable>
    <xsl:element name="{$qn}" namespace="{$to}">
      <xsl:element name="{$qi}" namespace="{$to}">
        <xsl:choose>
          <xsl:when test="o:Rueckgabeparameter[1]/o:ID and $uuid-ok and contains($uuid-ok, concat('|', translate(normalize-space(o:Rueckgabeparameter[1]/o:ID), '0123456789abcdefABCDEF', '0000000000000000000000'), '|'))"><xsl:value-of select="normalize-space(o:Rueckgabeparameter[1]/o:ID)"/></xsl:when>
          <xsl:otherwise>00000000-0000-0000-0000-000000000000</xsl:otherwise>
        </xsl:choose>
      </xsl:element>
      <xsl:apply-templates select="o:Erfolgreich|o:Fehlermeldung"/>
      <xsl:if test="o:Rueckgabeparameter/o:Archivkennung">
        <xsl:element name="{$qa}" namespace="{$to}"><xsl:value-of select="o:Rueckgabeparameter[1]/o:Archivkennung"/></xsl:element>
      </xsl:if>
    </xsl:element>
  </xsl:template>

  <!-- a UUID (stringUUIDType) has this shape once every hex digit is 0 -->
  <xsl:variable name="uuid-ok" select="'|00000000-0000-0000-0000-000000000000|'"/>

  <!-- c23: IDSGO String.Latin -> stringUUIDType: a value that is no UUID becomes the nil UUID (reported) -->
  <xsl:template match="o:IDSGO">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:choose>
        <xsl:when test="contains($uuid-ok, concat('|', translate(normalize-space(.), '0123456789abcdefABCDEF', '0000000000000000000000'), '|'))"><xsl:value-of select="normalize-space(.)"/></xsl:when>
        <xsl:otherwise>00000000-0000-0000-0000-000000000000</xsl:otherwise>
      </xsl:choose>
    </xsl:element>
  </xsl:template>

  <!-- c22: integer / String.Latin -> xs:unsignedInt (all optional): a value that is no unsignedInt is left out (reported) -->
  <xsl:template match="o:NummerImUebergeordnetenContainer|o:NummerImStapel|o:Stapellaenge">
    <xsl:variable name="v" select="normalize-space(.)"/>
    <xsl:if test="$v != '' and translate($v, '0123456789', '') = '' and string-length($v) &lt;= 10 and number($v) &lt;= 4294967295">
      <xsl:element name="{name()}" namespace="{$to}"><xsl:value-of select="$v"/></xsl:element>
    </xsl:if>
  </xsl:template>

  <!-- c24, c25: Aufbewahrungsdauer int -> AufbewahrungsdauerType (AnzahlJahre, unsignedShort) -->
  <xsl:template match="o:Aufbewahrungsdauer">
    <xsl:variable name="v" select="normalize-space(.)"/>
    <xsl:variable name="ok" select="$v != '' and translate($v, '0123456789', '') = '' and string-length($v) &lt;= 5 and number($v) &lt;= 65535"/>
    <xsl:choose>
      <xsl:when test="$ok">
        <xsl:element name="{name()}" namespace="{$to}">
          <xsl:variable name="qj"><xsl:call-template name="qname"><xsl:with-param name="local" select="'AnzahlJahre'"/></xsl:call-template></xsl:variable>
          <xsl:element name="{$qj}" namespace="{$to}"><xsl:value-of select="number($v)"/></xsl:element>
        </xsl:element>
      </xsl:when>
      <xsl:when test="parent::o:ArchivspezifischeMetadaten"/>
      <xsl:otherwise>
        <xsl:message terminate="yes">xoev:reject c25: Aufbewahrungsdauer <xsl:value-of select="$v"/> is no number of years 0-65535</xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- c32: GeaenderterBeteiligungsschrittType Neu is fixed 1 in 3.0.0 -->
  <xsl:template match="o:Aenderungsart/o:Neu">
    <xsl:if test="not(normalize-space(.) = 'true' or normalize-space(.) = '1')">
      <xsl:message terminate="yes">xoev:reject c32: Aenderungsart/Neu is false</xsl:message>
    </xsl:if>
    <xsl:element name="{name()}" namespace="{$to}">1</xsl:element>
  </xsl:template>

  <!-- c26: BearbeitungFVType Bearbeiter KontaktType -> string: the person's or organisation's name as text -->
  <xsl:template match="o:Protokolleintrag/o:Bearbeiter">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:value-of select="normalize-space(concat(o:Name/o:Vorname/o:Name, ' ', o:Name/o:Familienname/o:Name, ' ', o:Organisationseinheit/o:Name, ' ', o:Institution/o:Name))"/>
    </xsl:element>
  </xsl:template>

  <!-- c18b: RueckgabeparameterFVDatenType (NummerImStapel, IDSGO first) and SchriftgutobjektZumLoeschstatusAbfragenType (NummerImStapel before IDSGO) -->
  <xsl:template match="o:Rueckgabeparameter[o:Parameter]|o:SchriftgutobjektZumLoeschstatusAbfragen">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="@*"/>
      <xsl:apply-templates select="o:NummerImStapel"/>
      <xsl:apply-templates select="o:IDSGO"/>
      <xsl:apply-templates select="*[not(self::o:NummerImStapel or self::o:IDSGO)]"/>
    </xsl:element>
  </xsl:template>

  <!-- c08: AkteType Teilakte moves into Akteninhalt (now a sequence Dokument*, Vorgang*, Teilakte*) -->
  <xsl:template match="o:Akte|o:Teilakte">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="@*"/>
      <xsl:apply-templates select="o:Identifikation|o:AllgemeineMetadaten|o:ArchivspezifischeMetadaten|o:Standort|o:Typ|o:Laufzeit|o:HistorienProtokollInformation|o:InternerGeschaeftsgang"/>
      <xsl:if test="o:Akteninhalt/* or o:Teilakte">
        <xsl:variable name="qa"><xsl:call-template name="qname"><xsl:with-param name="local" select="'Akteninhalt'"/></xsl:call-template></xsl:variable>
        <xsl:element name="{$qa}" namespace="{$to}">
          <xsl:apply-templates select="o:Akteninhalt/o:Dokument"/>
          <xsl:apply-templates select="o:Akteninhalt/o:Vorgang"/>
          <xsl:apply-templates select="o:Teilakte"/>
        </xsl:element>
      </xsl:if>
      <xsl:apply-templates select="o:Verweis|o:Kontakt|o:AnwendungsspezifischeErweiterung"/>
    </xsl:element>
  </xsl:template>

  <!-- c09: Aussonderungsart gets the wrapper AussonderungsartType -->
  <xsl:template match="o:Aussonderungsart">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:element name="{name()}" namespace="{$to}">
        <xsl:apply-templates select="@*|node()"/>
      </xsl:element>
    </xsl:element>
  </xsl:template>

  <!-- c10: NkAussonderungType / NkAbgabeType: new required Empfangsbestaetigung (default false) -->
  <xsl:template match="o:Aussonderung.Aussonderung.0503/o:Kopf|o:Abgabe.Abgabe.0401/o:Kopf">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="@*|node()"/>
      <xsl:if test="not(o:Empfangsbestaetigung)">
        <xsl:variable name="qe"><xsl:call-template name="qname"><xsl:with-param name="local" select="'Empfangsbestaetigung'"/></xsl:call-template></xsl:variable>
        <xsl:element name="{$qe}" namespace="{$to}">false</xsl:element>
      </xsl:if>
    </xsl:element>
  </xsl:template>

  <!-- c11: Kommunikationsart 1.0 (type 1) -> Erreichbarkeit 3 (type 3) plus IstInstitution; name dropped (c13) -->
  <xsl:template match="o:Kommunikation">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="@*|node()"/>
      <xsl:variable name="c" select="string(o:Kanal/code)"/>
      <xsl:if test="$c = '008' or $c = '009' or $c = '010' or $c = '011'">
        <xsl:variable name="qi"><xsl:call-template name="qname"><xsl:with-param name="local" select="'IstInstitution'"/></xsl:call-template></xsl:variable>
        <xsl:element name="{$qi}" namespace="{$to}">true</xsl:element>
      </xsl:if>
    </xsl:element>
  </xsl:template>
  <xsl:template match="o:Kommunikation/o:Kanal">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:attribute name="listURI">urn:de:xoev:codeliste:erreichbarkeit</xsl:attribute>
      <xsl:attribute name="listVersionID">3</xsl:attribute>
      <code>
        <xsl:variable name="c" select="string(code)"/>
        <xsl:choose>
          <xsl:when test="$c = '001' or $c = '008'">01</xsl:when>
          <xsl:when test="$c = '002' or $c = '009'">02</xsl:when>
          <xsl:when test="$c = '003'">03</xsl:when>
          <xsl:when test="$c = '004' or $c = '010'">04</xsl:when>
          <xsl:when test="$c = '005'">05</xsl:when>
          <xsl:when test="$c = '006'">06</xsl:when>
          <xsl:when test="$c = '012'">07</xsl:when>
          <xsl:when test="$c = '007' or $c = '011'">09</xsl:when>
          <xsl:otherwise><xsl:value-of select="$c"/></xsl:otherwise>
        </xsl:choose>
      </code>
    </xsl:element>
  </xsl:template>

  <!-- c12: Dateiformat type 1 -> type 3: listVersionID now required; name dropped (c13) -->
  <xsl:template match="o:Aussonderungsart/name"/>
  <xsl:template match="o:Format/o:Name|o:Aktenplandatei/o:Name">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:attribute name="listURI">urn:xoev-de:xdomea:codeliste:dateiformat</xsl:attribute>
      <xsl:attribute name="listVersionID">1.0</xsl:attribute>
      <xsl:apply-templates select="code"/>
    </xsl:element>
  </xsl:template>

  <!-- c14: list versions 1.0 -> 1.1 (and Nachrichtentyp 1.0 -> 2.0) where the instance names them -->
  <xsl:template match="@listVersionID[. = '1.0']">
    <xsl:variable name="u" select="string(../@listURI)"/>
    <xsl:attribute name="listVersionID">
      <xsl:choose>
        <xsl:when test="local-name(..) = 'Nachrichtentyp' and (parent::o:Nachrichtentyp)">2.0</xsl:when>
        <xsl:when test="$u = 'urn:xoev-de:xdomea:codeliste:allgemeinerueckmeldung' or $u = 'urn:xoev-de:xdomea:codeliste:beteiligungsstatus' or $u = 'urn:xoev-de:xdomea:codeliste:datenaustauschart' or $u = 'urn:xoev-de:xdomea:codeliste:datentyp' or $u = 'urn:xoev-de:xdomea:codeliste:konfigurationsparameter' or $u = 'urn:xoev-de:xdomea:codeliste:konfigurationsparametergruppe' or $u = 'urn:xoev-de:xdomea:codeliste:spezifischefehlermeldung0611' or $u = 'urn:xoev-de:xdomea:codeliste:spezifischefehlermeldung0621' or $u = 'urn:xoev-de:xdomea:codeliste:spezifischefehlermeldung0623' or $u = 'urn:xoev-de:xdomea:codeliste:spezifischefehlermeldung0632'">1.1</xsl:when>
        <xsl:otherwise>1.0</xsl:otherwise>
      </xsl:choose>
    </xsl:attribute>
  </xsl:template>

  <!-- c15: MetadatenAussonderungType Aufbewahrungsende gYear -> date (the year's last day, reported) -->
  <xsl:template match="o:ArchivspezifischeMetadaten/o:Aufbewahrungsende">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:value-of select="concat(normalize-space(.), '-12-31')"/>
    </xsl:element>
  </xsl:template>

  <!-- c16, c17: elements 3.0.0 removed (reported by the engine) -->
  <xsl:template match="o:Primaerdokument/o:Signaturdaten"/>
  <xsl:template match="o:RueckgabeparameterFVDaten/o:Hinweis|o:Rueckgabeparameter/o:Hinweis"/>

  <!-- c18: reorder: AnwendungsspezifischeErweiterung now after WeitererKontakt (DokumentType) and Teilvorgang (VorgangType) -->
  <xsl:template match="o:AnwendungsspezifischeErweiterung[following-sibling::o:WeitererKontakt or following-sibling::o:Teilvorgang]"/>
  <xsl:template match="o:WeitererKontakt[not(following-sibling::o:WeitererKontakt)]|o:Teilvorgang[not(following-sibling::o:Teilvorgang)]">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
    <xsl:apply-templates select="preceding-sibling::o:AnwendungsspezifischeErweiterung" mode="moved"/>
  </xsl:template>
  <xsl:template match="o:*" mode="moved">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="o:*" mode="renamed">
    <xsl:param name="local"/>
    <xsl:variable name="qn"><xsl:call-template name="qname"><xsl:with-param name="local" select="$local"/></xsl:call-template></xsl:variable>
    <xsl:element name="{$qn}" namespace="{$to}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>
</xsl:stylesheet>
