<?xml version="1.0" encoding="UTF-8"?>
<!--
  xdomea 3.1.0 -> 3.0.0 (contract: ../../changes/3.0.0_3.1.0.xml; change
  ids at each template). A namespace step; 0511 loses the detail elements 3.1.0 added to the Aktenplan units.
  Hand-written XSLT 1.0 for libxoev's sandbox: no document(), no output extensions.

  SPDX-License-Identifier: Apache-2.0
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:s="urn:xoev-de:xdomea:schema:3.1.0"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    exclude-result-prefixes="s">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="from" select="'urn:xoev-de:xdomea:schema:3.1.0'"/>
  <xsl:variable name="to" select="'urn:xoev-de:xdomea:schema:3.0.0'"/>

  <!-- namespace: every 3.1.0 element moves to 3.0.0 under its own prefix -->
  <xsl:template match="s:*">
    <xsl:element name="{name()}" namespace="{$to}">
      <xsl:apply-templates select="@*|node()"/>
    </xsl:element>
  </xsl:template>

  <!-- unqualified elements (code, name) and other namespaces -->
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

  <!-- c01: 0511 AktenplaneinheitAktenplanBewertungType -> ...BewertungskatalogType: only ID and Aussonderungsart remain (Kennzeichen, Inhaltsangabe, BetreffKurz of the base type go too) -->
  <xsl:template match="s:Aussonderung.AktenplanZurBewertung.0511//s:Einheit/s:Kennzeichen|s:Aussonderung.AktenplanZurBewertung.0511//s:Einheit/s:Inhaltsangabe|s:Aussonderung.AktenplanZurBewertung.0511//s:Einheit/s:BetreffKurz|s:Aussonderung.AktenplanZurBewertung.0511//s:Einheit/s:Gueltigkeit|s:Aussonderung.AktenplanZurBewertung.0511//s:Einheit/s:Stillgelegt|s:Aussonderung.AktenplanZurBewertung.0511//s:Einheit/s:Aufbewahrungsdauer|s:Aussonderung.AktenplanZurBewertung.0511//s:Einheit/s:Einheit|s:Aussonderung.AktenplanZurBewertung.0511//s:Einheit/s:VerweisAktenplaneinheit|s:Aussonderung.AktenplanZurBewertung.0511//s:Einheit/s:AnwendungsspezifischeErweiterung|s:Aussonderung.AktenplanZurBewertung.0511//s:Einheit/s:AnwendungsspezifischeErweiterungXML"/>
</xsl:stylesheet>
