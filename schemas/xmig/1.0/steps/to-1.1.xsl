<?xml version="1.0" encoding="UTF-8"?>
<!-- SPDX-License-Identifier: Apache-2.0 -->
<!--
  XMigration 1.0 -> 1.1: implements schemas/xmig/changes/1.0_1.1.xml, nothing else.
  Everything not named here is copied, moved from namespace 1.0 to 1.1.
  A message that cannot be translated stops the transform with
  <xsl:message terminate="yes">xoev:reject CHANGE-ID: reason</xsl:message>.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:o="urn:libxoev:xmig:schema:1.0" xmlns:xmig="urn:libxoev:xmig:schema:1.1"
    exclude-result-prefixes="o xmig">
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
  <xsl:strip-space elements="*"/>
  <xsl:variable name="new-ns" select="'urn:libxoev:xmig:schema:1.1'"/>

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

  <!-- c10 message-rename akte.anfrage.1201 -> akte.anforderung.1201 -->
  <xsl:template match="/o:akte.anfrage.1201">
    <xsl:element name="{substring-before(name(), 'akte.anfrage.1201')}akte.anforderung.1201" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <!-- c01 rename familienname -> nachname -->
  <xsl:template match="o:person/o:familienname">
    <xsl:element name="{substring-before(name(), 'familienname')}nachname" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <!-- c02 wrap geburtsdatum, geburtsort -> geburt -->
  <xsl:template match="o:person/o:geburtsdatum">
    <xsl:element name="{substring-before(name(), 'geburtsdatum')}geburt" namespace="{$new-ns}">
      <xsl:element name="{name()}" namespace="{$new-ns}"><xsl:apply-templates select="@*|node()"/></xsl:element>
      <xsl:for-each select="../o:geburtsort">
        <xsl:element name="{name()}" namespace="{$new-ns}"><xsl:apply-templates select="@*|node()"/></xsl:element>
      </xsl:for-each>
    </xsl:element>
  </xsl:template>
  <xsl:template match="o:person/o:geburtsort"/>

  <!-- c04 add-required uebermittlungsgrund (default code 01) after person -->
  <xsl:template match="/o:akte.uebermittlung.1202/o:person">
    <xsl:element name="{name()}" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
    <xsl:element name="{substring-before(name(), 'person')}uebermittlungsgrund" namespace="{$new-ns}">
      <xsl:attribute name="listURI">urn:libxoev:xmig:codeliste:uebermittlungsgrund</xsl:attribute>
      <xsl:attribute name="listVersionID">1</xsl:attribute>
      <code>01</code>
    </xsl:element>
  </xsl:template>

  <!-- c05 remove register.meldung.1001/bemerkung -->
  <xsl:template match="/o:register.meldung.1001/o:bemerkung"/>

  <!-- c07 dokumentart list 1.0 -> 2.0: 006 -> 007, 099 rejected -->
  <xsl:template match="o:eintrag/o:dokumentart/@listVersionID"><xsl:attribute name="listVersionID">2.0</xsl:attribute></xsl:template>
  <xsl:template match="o:eintrag/o:dokumentart/code">
    <xsl:choose>
      <xsl:when test="normalize-space(.) = '006'"><code>007</code></xsl:when>
      <xsl:when test="normalize-space(.) = '099'">
        <xsl:message terminate="yes">xoev:reject c07: Dokumentart 099 (Sonstiges) hat in 1.1 keinen Code.</xsl:message>
      </xsl:when>
      <xsl:otherwise><xsl:copy-of select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- c08 nachrichtentyp list 1.0 -> 1.1 -->
  <xsl:template match="identifikation.nachricht/nachrichtentyp/@listVersionID"><xsl:attribute name="listVersionID">1.1</xsl:attribute></xsl:template>

  <!-- c09 asylentscheidung code type 1 -> 3, list 2.0 (listVersionID required) -->
  <xsl:template match="/o:asyl.entscheidungsmitteilung.1501/o:entscheidung">
    <xsl:element name="{name()}" namespace="{$new-ns}">
      <xsl:apply-templates select="@*[local-name() != 'listVersionID']"/>
      <xsl:attribute name="listVersionID">2.0</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:element>
  </xsl:template>
</xsl:stylesheet>
