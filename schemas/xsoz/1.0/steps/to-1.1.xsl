<?xml version="1.0" encoding="UTF-8"?>
<!-- SPDX-License-Identifier: Apache-2.0 -->
<!--
  XSoz 1.0 -> 1.1: implements schemas/xsoz/changes/1.0_1.1.xml, nothing else.
  Everything not named here is copied, moved from namespace 1.0 to 1.1.
  A message that cannot be translated stops the transform with
  <xsl:message terminate="yes">xoev:reject CHANGE-ID: reason</xsl:message>.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:o="urn:libxoev:xsoz:schema:1.0" xmlns:xsoz="urn:libxoev:xsoz:schema:1.1"
    exclude-result-prefixes="o xsoz">
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
  <xsl:strip-space elements="*"/>
  <xsl:variable name="new-ns" select="'urn:libxoev:xsoz:schema:1.1'"/>

  <!-- identity with namespace rewrite -->
  <xsl:template match="*">
    <xsl:element name="{name()}" namespace="{namespace-uri()}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="o:*">
    <xsl:element name="{name()}" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="@*|text()|comment()|processing-instruction()">
    <xsl:copy/>
  </xsl:template>

  <!-- root attribute version -->
  <xsl:template match="/o:*/@version"><xsl:attribute name="version">1.1</xsl:attribute></xsl:template>

  <!-- c10 message-rename beratung.einwilligung.2201 -> einwilligung.erklaerung.2201 -->
  <xsl:template match="/o:beratung.einwilligung.2201">
    <xsl:element name="{substring-before(name(), 'beratung.einwilligung.2201')}einwilligung.erklaerung.2201" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <!-- c01 rename kostentraeger -> erstattungspflichtigeStelle -->
  <xsl:template match="/o:abrechnung.kostenerstattung.2301/o:kostentraeger">
    <xsl:element name="{substring-before(name(), 'kostentraeger')}erstattungspflichtigeStelle" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <!-- c02 wrap gueltigAb, gueltigBis -> gueltigkeit -->
  <xsl:template match="/o:beratung.einwilligung.2201/o:gueltigAb">
    <xsl:element name="{substring-before(name(), 'gueltigAb')}gueltigkeit" namespace="{$new-ns}">
      <xsl:element name="{name()}" namespace="{$new-ns}"><xsl:apply-templates select="@*|node()"/></xsl:element>
      <xsl:for-each select="../o:gueltigBis">
        <xsl:element name="{name()}" namespace="{$new-ns}"><xsl:apply-templates select="@*|node()"/></xsl:element>
      </xsl:for-each>
    </xsl:element>
  </xsl:template>
  <xsl:template match="/o:beratung.einwilligung.2201/o:gueltigBis"/>

  <!-- c03 add-optional aufnahmeeinrichtung (2101): nothing to do going up -->

  <!-- c04 add-required erstattungsanspruchAngemeldet (default false) after uebergabedatum -->
  <xsl:template match="/o:rechtskreiswechsel.uebergabe.2001/o:uebergabedatum">
    <xsl:element name="{name()}" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
    <xsl:element name="{substring-before(name(), 'uebergabedatum')}erstattungsanspruchAngemeldet" namespace="{$new-ns}">false</xsl:element>
  </xsl:template>

  <!-- c05 remove bankverbindung/bic (declared loss) -->
  <xsl:template match="/o:abrechnung.kostenerstattung.2301/o:bankverbindung/o:bic"/>

  <!-- c06 required-to-optional geburtsort: nothing to do going up -->

  <!-- c07 leistungsart list 1.0 -> 2.0: codes kept (AB-3 narrowed, declared) -->
  <xsl:template match="o:leistungsart/@listVersionID"><xsl:attribute name="listVersionID">2.0</xsl:attribute></xsl:template>

  <!-- c08 nachrichtentyp list 1.0 -> 1.1 -->
  <xsl:template match="identifikation.nachricht/nachrichtentyp/@listVersionID"><xsl:attribute name="listVersionID">1.1</xsl:attribute></xsl:template>

  <!-- c09 datenkategorie code type 1 -> 3, list 2 (listVersionID required) -->
  <xsl:template match="o:umfang/o:datenkategorie">
    <xsl:element name="{name()}" namespace="{$new-ns}">
      <xsl:apply-templates select="@*[local-name() != 'listVersionID']"/>
      <xsl:attribute name="listVersionID">2</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:element>
  </xsl:template>

  <!-- c11 message-add einwilligung.widerruf.2202: nothing to do going up -->
</xsl:stylesheet>
