<?xml version="1.0" encoding="UTF-8"?>
<!-- SPDX-License-Identifier: Apache-2.0 -->
<!--
  XSoz 1.1 -> 1.0: reverses schemas/xsoz/changes/1.0_1.1.xml, nothing else.
  Everything not named here is copied, moved from namespace 1.1 to 1.0.
  A message that cannot be translated stops the transform with
  <xsl:message terminate="yes">xoev:reject CHANGE-ID: reason</xsl:message>.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:n="urn:libxoev:xsoz:schema:1.1" xmlns:xsoz="urn:libxoev:xsoz:schema:1.0"
    exclude-result-prefixes="n xsoz">
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
  <xsl:strip-space elements="*"/>
  <xsl:variable name="new-ns" select="'urn:libxoev:xsoz:schema:1.0'"/>

  <xsl:template match="*">
    <xsl:element name="{name()}" namespace="{namespace-uri()}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="n:*">
    <xsl:element name="{name()}" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="@*|text()|comment()|processing-instruction()">
    <xsl:copy/>
  </xsl:template>

  <xsl:template match="/n:*/@version"><xsl:attribute name="version">1.0</xsl:attribute></xsl:template>

  <!-- c11 message-add 2202: no equivalent in 1.0 -->
  <xsl:template match="/n:einwilligung.widerruf.2202">
    <xsl:message terminate="yes">xoev:reject c11: Die Nachricht 2202 hat in 1.0 keine Entsprechung.</xsl:message>
  </xsl:template>

  <!-- c10 message-rename einwilligung.erklaerung.2201 -> beratung.einwilligung.2201 -->
  <xsl:template match="/n:einwilligung.erklaerung.2201">
    <xsl:element name="{substring-before(name(), 'einwilligung.erklaerung.2201')}beratung.einwilligung.2201" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <!-- c01 rename erstattungspflichtigeStelle -> kostentraeger -->
  <xsl:template match="/n:abrechnung.kostenerstattung.2301/n:erstattungspflichtigeStelle">
    <xsl:element name="{substring-before(name(), 'erstattungspflichtigeStelle')}kostentraeger" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <!-- c02 unwrap gueltigkeit -->
  <xsl:template match="/n:einwilligung.erklaerung.2201/n:gueltigkeit">
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <!-- c03 aufnahmeeinrichtung of 2101 dropped (declared loss) -->
  <xsl:template match="/n:zuweisung.bescheid.2101/n:aufnahmeeinrichtung"/>

  <!-- c04 erstattungsanspruchAngemeldet dropped (declared loss unless the default false) -->
  <xsl:template match="/n:rechtskreiswechsel.uebergabe.2001/n:erstattungsanspruchAngemeldet"/>

  <!-- c05 bic required in 1.0 and unknown in 1.1: rejected -->
  <xsl:template match="/n:abrechnung.kostenerstattung.2301/n:bankverbindung">
    <xsl:message terminate="yes">xoev:reject c05: Die BIC ist in 1.0 Pflicht und in 1.1 nicht vorhanden.</xsl:message>
  </xsl:template>

  <!-- c06 geburtsort required in 1.0 -->
  <xsl:template match="n:person[not(n:geburtsort)]">
    <xsl:message terminate="yes">xoev:reject c06: Ohne Geburtsort kann die Nachricht nicht nach 1.0 übersetzt werden.</xsl:message>
  </xsl:template>

  <!-- c07 leistungsart list 2.0 -> 1.0: AB-3A -> AB-3, BUT -> AB-6 (collapsed) -->
  <xsl:template match="n:leistungsart/@listVersionID"><xsl:attribute name="listVersionID">1.0</xsl:attribute></xsl:template>
  <xsl:template match="n:leistungsart/code[normalize-space(.) = 'AB-3A']"><code>AB-3</code></xsl:template>
  <xsl:template match="n:leistungsart/code[normalize-space(.) = 'BUT']"><code>AB-6</code></xsl:template>

  <!-- c08 nachrichtentyp list 1.1 -> 1.0; 2202 rejected -->
  <xsl:template match="identifikation.nachricht/nachrichtentyp/@listVersionID"><xsl:attribute name="listVersionID">1.0</xsl:attribute></xsl:template>
  <xsl:template match="identifikation.nachricht/nachrichtentyp/code[normalize-space(.) = '2202']">
    <xsl:message terminate="yes">xoev:reject c08: Nachrichtentyp 2202 gibt es in 1.0 nicht.</xsl:message>
  </xsl:template>

  <!-- c09 datenkategorie code type 3 -> 1, list 1.0; 07 dropped (declared loss) -->
  <xsl:template match="n:umfang/n:datenkategorie/@listVersionID"><xsl:attribute name="listVersionID">1.0</xsl:attribute></xsl:template>
  <xsl:template match="n:umfang/n:datenkategorie[normalize-space(code) = '07']"/>
</xsl:stylesheet>
