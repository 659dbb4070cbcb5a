<?xml version="1.0" encoding="UTF-8"?>
<!--
  xdomea 2.4.0 -> 2.3.0 (contract: ../../changes/2.3.0_2.4.0.xml; change
  ids at each template). A namespace step plus the old fixed listURI of StaatCodeType.
  Hand-written XSLT 1.0 for libxoev's sandbox: no document(), no output extensions.

  SPDX-License-Identifier: Apache-2.0
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:s="urn:xoev-de:xdomea:schema:2.4.0"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    exclude-result-prefixes="s">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="from" select="'urn:xoev-de:xdomea:schema:2.4.0'"/>
  <xsl:variable name="to" select="'urn:xoev-de:xdomea:schema:2.3.0'"/>

  <!-- namespace: every 2.4.0 element moves to 2.3.0 under its own prefix -->
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

  <!-- c01: StaatCodeType listURI back to the fixed "DIN EN ISO 3166-1" -->
  <xsl:template match="s:Staat/s:Staat/@listURI[. = 'urn:xoev-de:kosit:codeliste:country-codes']">
    <xsl:attribute name="listURI">DIN EN ISO 3166-1</xsl:attribute>
  </xsl:template>
</xsl:stylesheet>
