/*
 * libxoev - validation profiles: layers to run and re-graded rule ids.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define PROFILE_NS "urn:libxoev:profile:1"

typedef struct {
	char *rule;   /* exact id, or prefix when it ends in '*' */
	int grade;
} grade_entry;

struct xoev_profile {
	unsigned int layers;
	grade_entry *grades;
	size_t count;
	size_t cap;
};

int xoev_profile_new(xoev_profile **out)
{
	if (!out)
		return XOEV_EINVAL;
	*out = calloc(1, sizeof **out);
	if (!*out)
		return XOEV_ENOMEM;
	(*out)->layers = XOEV_RUN_ALL;
	return XOEV_OK;
}

void xoev_profile_free(xoev_profile *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->count; i++)
		free(p->grades[i].rule);
	free(p->grades);
	free(p);
}

int xoev_profile_set_grade(xoev_profile *p, const char *rule, int grade)
{
	size_t i;

	if (!p || !rule || !*rule || grade < XOEV_GRADE_OFF || grade > XOEV_SEVERITY_FATAL)
		return XOEV_EINVAL;
	for (i = 0; i < p->count; i++)
		if (strcmp(p->grades[i].rule, rule) == 0) {
			p->grades[i].grade = grade;
			return XOEV_OK;
		}
	if (p->count == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		grade_entry *g = realloc(p->grades, cap * sizeof *g);
		if (!g)
			return XOEV_ENOMEM;
		p->grades = g;
		p->cap = cap;
	}
	p->grades[p->count].rule = xoev_util__strdup(rule);
	if (!p->grades[p->count].rule)
		return XOEV_ENOMEM;
	p->grades[p->count].grade = grade;
	p->count++;
	return XOEV_OK;
}

int xoev_profile_set_layers(xoev_profile *p, unsigned int layers)
{
	if (!p || (layers & ~XOEV_RUN_ALL))
		return XOEV_EINVAL;
	p->layers = layers;
	return XOEV_OK;
}

unsigned int xoev_profile_layers(const xoev_profile *p)
{
	return p ? p->layers : XOEV_RUN_ALL;
}

int xoev_layers_parse(const char *list, unsigned int *out)
{
	static const struct {
		const char *name;
		unsigned int bit;
	} names[] = { { "xsd", XOEV_RUN_XSD },       { "codelist", XOEV_RUN_CODELIST },
	              { "codelists", XOEV_RUN_CODELIST }, { "rules", XOEV_RUN_RULES },
	              { "rule", XOEV_RUN_RULES },     { "header", XOEV_RUN_HEADER },
	              { "all", XOEV_RUN_ALL } };
	unsigned int layers = 0;
	const char *p = list;

	if (!list || !out)
		return XOEV_EINVAL;
	while (*p) {
		size_t len, i;
		int found = 0;
		p += strspn(p, ", \t\n");
		len = strcspn(p, ", \t\n");
		if (!len)
			break;
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strlen(names[i].name) == len && strncmp(p, names[i].name, len) == 0) {
				layers |= names[i].bit;
				found = 1;
			}
		if (!found)
			return XOEV_EINVAL;
		p += len;
	}
	*out = layers;
	return XOEV_OK;
}

/* The grade for a rule id: exact match, else the longest prefix; -2 if none. */
int xoev_profile__grade(const xoev_profile *p, const char *rule)
{
	size_t i, best_len = 0;
	int best = -2;

	for (i = 0; p && i < p->count; i++) {
		const char *r = p->grades[i].rule;
		size_t n = strlen(r);
		if (r[n - 1] == '*') {
			if (strncmp(rule, r, n - 1) == 0 && n - 1 >= best_len && best_len != (size_t)-1) {
				best_len = n - 1;
				best = p->grades[i].grade;
			}
		} else if (strcmp(rule, r) == 0) {
			return p->grades[i].grade;
		}
	}
	return best;
}

static int grade_of(const char *s)
{
	if (strcmp(s, "error") == 0)
		return XOEV_SEVERITY_ERROR;
	if (strcmp(s, "warning") == 0)
		return XOEV_SEVERITY_WARNING;
	if (strcmp(s, "info") == 0)
		return XOEV_SEVERITY_INFO;
	if (strcmp(s, "fatal") == 0)
		return XOEV_SEVERITY_FATAL;
	if (strcmp(s, "off") == 0)
		return XOEV_GRADE_OFF;
	return -2;
}

static int in_profile_ns(const xmlNode *n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && n->ns &&
	       strcmp((const char *)n->ns->href, PROFILE_NS) == 0 &&
	       strcmp((const char *)n->name, local) == 0;
}

static int bad(xoev_diag_list *diags, const char *path, const xmlNode *n, const char *what)
{
	xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_BUNDLE, "profile.invalid", path,
	                n ? (unsigned long)xmlGetLineNo(n) : 0, 0, NULL, "%s", what);
	return XOEV_EINVAL;
}

int xoev_profile_load(xoev_profile **out, const char *path, xoev_diag_list *diags)
{
	xmlDocPtr doc;
	xmlNode *root, *n;
	xoev_profile *p = NULL;
	int rc;

	if (!out || !path)
		return XOEV_EINVAL;
	*out = NULL;
	if (xoev_init() != XOEV_OK)
		return XOEV_ERROR;
	doc = xoev_xml__parse_local_file(path, diags);
	if (!doc)
		return XOEV_EIO;
	root = xmlDocGetRootElement(doc);
	rc = xoev_profile_new(&p);
	if (rc == XOEV_OK && (!root || !in_profile_ns(root, "profile")))
		rc = bad(diags, path, root, "the document element is not {" PROFILE_NS "}profile");
	for (n = root ? root->children : NULL; rc == XOEV_OK && n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (in_profile_ns(n, "layers")) {
			xmlChar *text = xmlNodeGetContent(n);
			unsigned int layers = 0;
			if (!text)
				rc = XOEV_ENOMEM;
			else if (xoev_layers_parse((const char *)text, &layers) != XOEV_OK)
				rc = bad(diags, path, n, "layers: use xsd, codelist, rules, header or all");
			else
				p->layers = layers;
			xmlFree(text);
		} else if (in_profile_ns(n, "rule")) {
			xmlChar *id = xmlGetNoNsProp(n, BAD_CAST "id");
			xmlChar *sev = xmlGetNoNsProp(n, BAD_CAST "severity");
			int grade = sev ? grade_of((const char *)sev) : -2;
			if (!id || !*id || grade == -2)
				rc = bad(diags, path, n, "rule needs id and severity (error, warning, info or off)");
			else
				rc = xoev_profile_set_grade(p, (const char *)id, grade);
			xmlFree(id);
			xmlFree(sev);
		} else {
			rc = bad(diags, path, n, "unexpected element: profile holds layers and rule elements");
		}
	}
	xmlFreeDoc(doc);
	if (rc != XOEV_OK) {
		xoev_profile_free(p);
		return rc;
	}
	*out = p;
	return XOEV_OK;
}
