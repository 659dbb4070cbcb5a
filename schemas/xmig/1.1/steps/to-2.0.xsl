<?xml version="1.0" encoding="UTF-8"?>
<!-- SPDX-License-Identifier: Apache-2.0 -->
<!--
  XMigration 1.1 -> 2.0: implements schemas/xmig/changes/1.1_2.0.xml, nothing else.
  Everything not named here is copied, moved from namespace 1.1 to 2.0.
  A message that cannot be translated stops the transform with
  <xsl:message terminate="yes">xoev:reject CHANGE-ID: reason</xsl:message>.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:o="urn:libxoev:xmig:schema:1.1" xmlns:xmig="urn:libxoev:xmig:schema:2.0"
    exclude-result-prefixes="o xmig">
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
  <xsl:strip-space elements="*"/>
  <xsl:variable name="new-ns" select="'urn:libxoev:xmig:schema:2.0'"/>

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

  <xsl:template match="/o:*/@version"><xsl:attribute name="version">2.0</xsl:attribute></xsl:template>

  <!-- c10 message-rename register.anfrage.1002 -> register.suchanfrage.1002 -->
  <xsl:template match="/o:register.anfrage.1002">
    <xsl:element name="{substring-before(name(), 'register.anfrage.1002')}register.suchanfrage.1002" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <!-- c01 rename seitenzahl -> seitenanzahl -->
  <xsl:template match="o:eintrag/o:seitenzahl">
    <xsl:element name="{substring-before(name(), 'seitenzahl')}seitenanzahl" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <!-- c02 wrap mediatyp, sha256 -> datei -->
  <xsl:template match="o:eintrag/o:mediatyp">
    <xsl:element name="{substring-before(name(), 'mediatyp')}datei" namespace="{$new-ns}">
      <xsl:element name="{name()}" namespace="{$new-ns}"><xsl:apply-templates select="@*|node()"/></xsl:element>
      <xsl:for-each select="../o:sha256">
        <xsl:element name="{name()}" namespace="{$new-ns}"><xsl:apply-templates select="@*|node()"/></xsl:element>
      </xsl:for-each>
    </xsl:element>
  </xsl:template>
  <xsl:template match="o:eintrag/o:sha256"/>

  <!-- c04 add-required bestandskraeftig (default false), last child of 1501 -->
  <xsl:template match="/o:asyl.entscheidungsmitteilung.1501">
    <xsl:element name="{name()}" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
      <xsl:element name="{substring-before(name(), 'asyl.entscheidungsmitteilung.1501')}bestandskraeftig" namespace="{$new-ns}">false</xsl:element>
    </xsl:element>
  </xsl:template>

  <!-- c05 remove meldedaten.anmeldung.1301/religion -->
  <xsl:template match="/o:meldedaten.anmeldung.1301/o:religion"/>

  <!-- c07 meldeanlass list 1 -> 2: 04 -> 05 -->
  <xsl:template match="/o:register.meldung.1001/o:meldeanlass/@listVersionID"><xsl:attribute name="listVersionID">2</xsl:attribute></xsl:template>
  <xsl:template match="/o:register.meldung.1001/o:meldeanlass/code[normalize-space(.) = '04']"><code>05</code></xsl:template>

  <!-- c08 nachrichtentyp list 1.1 -> 2.0 -->
  <xsl:template match="identifikation.nachricht/nachrichtentyp/@listVersionID"><xsl:attribute name="listVersionID">2.0</xsl:attribute></xsl:template>

  <!-- c09 zustimmungsentscheidung code type 1 -> 3: listVersionID required, list 1.0 kept -->
  <xsl:template match="/o:beschaeftigung.zustimmungsentscheidung.1402/o:entscheidung">
    <xsl:element name="{name()}" namespace="{$new-ns}">
      <xsl:apply-templates select="@*[local-name() != 'listVersionID']"/>
      <xsl:attribute name="listVersionID">1.0</xsl:attribute>
      <xsl:apply-templates select="node()"/>
    </xsl:element>
  </xsl:template>
</xsl:stylesheet>
