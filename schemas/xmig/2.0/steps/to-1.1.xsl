<?xml version="1.0" encoding="UTF-8"?>
<!-- SPDX-License-Identifier: Apache-2.0 -->
<!--
  XMigration 2.0 -> 1.1: reverses schemas/xmig/changes/1.1_2.0.xml, nothing else.
  Everything not named here is copied, moved from namespace 2.0 to 1.1.
  A message that cannot be translated stops the transform with
  <xsl:message terminate="yes">xoev:reject CHANGE-ID: reason</xsl:message>.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:n="urn:libxoev:xmig:schema:2.0" xmlns:xmig="urn:libxoev:xmig:schema:1.1"
    exclude-result-prefixes="n xmig">
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
  <xsl:strip-space elements="*"/>
  <xsl:variable name="new-ns" select="'urn:libxoev:xmig:schema:1.1'"/>

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

  <xsl:template match="/n:*/@version"><xsl:attribute name="version">1.1</xsl:attribute></xsl:template>

  <!-- c11 message-add 1403: no equivalent in 1.1 -->
  <xsl:template match="/n:beschaeftigung.fristverlaengerung.1403">
    <xsl:message terminate="yes">xoev:reject c11: Die Nachricht 1403 hat in 1.1 keine Entsprechung.</xsl:message>
  </xsl:template>

  <!-- c10 message-rename register.suchanfrage.1002 -> register.anfrage.1002 -->
  <xsl:template match="/n:register.suchanfrage.1002">
    <xsl:element name="{substring-before(name(), 'register.suchanfrage.1002')}register.anfrage.1002" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <!-- c01 rename seitenanzahl -> seitenzahl -->
  <xsl:template match="n:eintrag/n:seitenanzahl">
    <xsl:element name="{substring-before(name(), 'seitenanzahl')}seitenzahl" namespace="{$new-ns}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <!-- c02 unwrap datei -->
  <xsl:template match="n:eintrag/n:datei">
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <!-- c03 geburtsname dropped (declared loss) -->
  <xsl:template match="n:person/n:geburtsname"/>

  <!-- c04 bestandskraeftig dropped (declared loss unless the default false) -->
  <xsl:template match="/n:asyl.entscheidungsmitteilung.1501/n:bestandskraeftig"/>

  <!-- c06 vorname required in 1.1 -->
  <xsl:template match="n:person[not(n:vorname)]">
    <xsl:message terminate="yes">xoev:reject c06: Ohne Vornamen kann die Nachricht nicht nach 1.1 übersetzt werden.</xsl:message>
  </xsl:template>

  <!-- c07 meldeanlass list 2 -> 1: 05, 06 -> 04 -->
  <xsl:template match="/n:register.meldung.1001/n:meldeanlass/@listVersionID"><xsl:attribute name="listVersionID">1</xsl:attribute></xsl:template>
  <xsl:template match="/n:register.meldung.1001/n:meldeanlass/code[normalize-space(.) = '05' or normalize-space(.) = '06']"><code>04</code></xsl:template>

  <!-- c08 nachrichtentyp list 2.0 -> 1.1; 1403 rejected -->
  <xsl:template match="identifikation.nachricht/nachrichtentyp/@listVersionID"><xsl:attribute name="listVersionID">1.1</xsl:attribute></xsl:template>
  <xsl:template match="identifikation.nachricht/nachrichtentyp/code[normalize-space(.) = '1403']">
    <xsl:message terminate="yes">xoev:reject c08: Nachrichtentyp 1403 gibt es in 1.1 nicht.</xsl:message>
  </xsl:template>

  <!-- c09 zustimmungsentscheidung back to list 1.0; 04 rejected -->
  <xsl:template match="/n:beschaeftigung.zustimmungsentscheidung.1402/n:entscheidung/@listVersionID"><xsl:attribute name="listVersionID">1.0</xsl:attribute></xsl:template>
  <xsl:template match="/n:beschaeftigung.zustimmungsentscheidung.1402/n:entscheidung/code[normalize-space(.) = '04']">
    <xsl:message terminate="yes">xoev:reject c09: Die Entscheidung 04 (Zustimmungsfiktion) gibt es in 1.1 nicht.</xsl:message>
  </xsl:template>
</xsl:stylesheet>
