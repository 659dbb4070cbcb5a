<?xml version="1.0" encoding="UTF-8"?>
<!-- SPDX-License-Identifier: Apache-2.0 -->
<!--
  XMigration 1.1 -> 1.0: reverses schemas/xmig/changes/1.0_1.1.xml, nothing else.
  Everything not named here is copied, moved from namespace 1.1 to 1.0.
  A message that cannot be translated stops the transform with
  <xsl:message terminate="yes">xoev:reject CHANGE-ID: reason</xsl:message>.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:n="urn:libxoev:xmig:schema:1.1" xmlns:xmig="urn:libxoev:xmig:schema:1.0"
    exclude-result-prefixes="n xmig">
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
  <xsl:strip-space elements="*"/>
  <xsl:variable name="new-ns" select="'urn:libxoev:xmig:schema:1.0'"/>

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

  <!-- c11 message-add 1004: no equivalent in 1.0 -->
  <xsl:template match="/n:register.uebermittlungssperre.1004">
    <xsl:message terminate="yes">xoev:reject c11: Die Nachricht 1004 hat in 1.0 keine Entsprechung.</xsl:message>
  </xsl:template>

  <!-- c10 message-rename akte.anforderung.1201 -> akte.anfrage.1201 -->
  <xsl:template match="/n:akte.anforderung.1201">
    <xsl:element name="{substring-before(name(), 'akte.anforderung.1201')}akte.anfrage.1201" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <!-- c01 rename nachname -> familienname -->
  <xsl:template match="n:person/n:nachname">
    <xsl:element name="{substring-before(name(), 'nachname')}familienname" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <!-- c02 unwrap geburt -->
  <xsl:template match="n:person/n:geburt">
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <!-- c03 nebenbestimmungen dropped (declared loss) -->
  <xsl:template match="n:aufenthaltstitel/n:nebenbestimmungen"/>

  <!-- c04 uebermittlungsgrund dropped (declared loss unless the default 01) -->
  <xsl:template match="/n:akte.uebermittlung.1202/n:uebermittlungsgrund"/>

  <!-- c06 betriebsnummer required in 1.0 -->
  <xsl:template match="/n:beschaeftigung.zustimmungsanfrage.1401/n:arbeitgeber[not(n:betriebsnummer)]">
    <xsl:message terminate="yes">xoev:reject c06: Ohne Betriebsnummer kann die Anfrage nicht nach 1.0 übersetzt werden.</xsl:message>
  </xsl:template>

  <!-- c07 dokumentart list 2.0 -> 1.0: 007, 008 -> 006; 009, 010 rejected -->
  <xsl:template match="n:eintrag/n:dokumentart/@listVersionID"><xsl:attribute name="listVersionID">1.0</xsl:attribute></xsl:template>
  <xsl:template match="n:eintrag/n:dokumentart/code">
    <xsl:variable name="c" select="normalize-space(.)"/>
    <xsl:choose>
      <xsl:when test="$c = '007' or $c = '008'"><code>006</code></xsl:when>
      <xsl:when test="$c = '009' or $c = '010'">
        <xsl:message terminate="yes">xoev:reject c07: Für Dokumentart <xsl:value-of select="$c"/> gibt es in 1.0 keinen Code.</xsl:message>
      </xsl:when>
      <xsl:otherwise><xsl:copy-of select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- c08 nachrichtentyp list 1.1 -> 1.0; 1004 rejected -->
  <xsl:template match="identifikation.nachricht/nachrichtentyp/@listVersionID"><xsl:attribute name="listVersionID">1.0</xsl:attribute></xsl:template>
  <xsl:template match="identifikation.nachricht/nachrichtentyp/code[normalize-space(.) = '1004']">
    <xsl:message terminate="yes">xoev:reject c08: Nachrichtentyp 1004 gibt es in 1.0 nicht.</xsl:message>
  </xsl:template>

  <!-- c09 asylentscheidung back to list 1.0; 08 rejected -->
  <xsl:template match="/n:asyl.entscheidungsmitteilung.1501/n:entscheidung/@listVersionID"><xsl:attribute name="listVersionID">1.0</xsl:attribute></xsl:template>
  <xsl:template match="/n:asyl.entscheidungsmitteilung.1501/n:entscheidung/code[normalize-space(.) = '08']">
    <xsl:message terminate="yes">xoev:reject c09: Die Entscheidung 08 (unzulässig) gibt es in 1.0 nicht.</xsl:message>
  </xsl:template>
</xsl:stylesheet>
