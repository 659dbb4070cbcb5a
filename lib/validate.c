/*
 * libxoev - the validation pipeline: read (gzip), safe parse, detect the
 * standard/version/message type, then the layers: XSD, code lists,
 * business rules, header rules; a profile re-grades the findings. Every
 * finding is located.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include <zlib.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>

#include "internal.h"

#define DEFAULT_MAX_DOCUMENT ((size_t)512 * 1024 * 1024)
#define DEFAULT_MAX_FINDINGS 1000u
#define DEFAULT_STREAM_THRESHOLD ((size_t)64 * 1024 * 1024)
#define DEFAULT_FUTURE_TOLERANCE 300

struct xoev_validator {
	const xoev_registry *reg;
	const xoev_bundle *forced;
	xoev_limits limits;
	unsigned int max_findings;
	unsigned int layers;
	const xoev_profile *profile;
	size_t stream_threshold;
	xoev_header_options header;
	xoev_uuid_set *own_seen;   /* the run's message UUIDs, unless shared */
	char *rbuf;                /* read buffer, kept for the next file */
	size_t rcap;
	const xoev_bundle *last_bundle;
	const xoev_message_type *last_type;
	unsigned int last_layers;
};

int xoev_validator_new(xoev_validator **out, const xoev_registry *reg,
                       const xoev_validate_options *opts)
{
	xoev_validator *v;

	if (!out || !reg)
		return XOEV_EINVAL;
	*out = NULL;
	if (opts && opts->version != XOEV_VALIDATE_OPTIONS_VERSION)
		return XOEV_EINVAL;
	v = calloc(1, sizeof *v);
	if (!v)
		return XOEV_ENOMEM;
	v->reg = reg;
	v->limits.max_document_bytes = DEFAULT_MAX_DOCUMENT;
	v->max_findings = DEFAULT_MAX_FINDINGS;
	v->layers = XOEV_RUN_ALL;
	v->stream_threshold = DEFAULT_STREAM_THRESHOLD;
	v->header.future_tolerance_seconds = DEFAULT_FUTURE_TOLERANCE;
	if (xoev_uuid_set__new(&v->own_seen) != XOEV_OK) {
		free(v);
		return XOEV_ENOMEM;
	}
	v->header.seen = v->own_seen;
	if (opts) {
		v->profile = opts->profile;
		if (opts->layers & ~XOEV_RUN_ALL) {
			xoev_validator_free(v);
			return XOEV_EINVAL;
		}
		v->layers = opts->layers ? opts->layers : xoev_profile_layers(opts->profile);
		if (opts->stream_threshold)
			v->stream_threshold = opts->stream_threshold;
		if (opts->header_future_tolerance)
			v->header.future_tolerance_seconds =
				opts->header_future_tolerance < 0 ? 0 : opts->header_future_tolerance;
		if (opts->max_document_bytes)
			v->limits.max_document_bytes = opts->max_document_bytes;
		v->limits.max_depth = opts->max_depth;
		v->limits.max_text_bytes = opts->max_text_bytes;
		v->limits.max_attribute_bytes = opts->max_attribute_bytes;
		if (opts->max_findings)
			v->max_findings = opts->max_findings;
		if (opts->standard) {
			int rc = xoev_registry_find(reg, opts->standard, opts->standard_version, &v->forced);
			if (rc) {
				xoev_validator_free(v);
				return rc;
			}
		}
	}
	*out = v;
	return XOEV_OK;
}

void xoev_validator_free(xoev_validator *v)
{
	if (!v)
		return;
	xoev_uuid_set__free(v->own_seen);
	free(v->rbuf);
	free(v);
}

void xoev_validator__share_uuids(xoev_validator *v, xoev_uuid_set *seen)
{
	v->header.seen = seen ? seen : v->own_seen;
}

unsigned int xoev_validator_last_layers(const xoev_validator *v)
{
	return v ? v->last_layers : 0;
}

const xoev_bundle *xoev_validator_last_bundle(const xoev_validator *v)
{
	return v ? v->last_bundle : NULL;
}

const xoev_message_type *xoev_validator_last_message_type(const xoev_validator *v)
{
	return v ? v->last_type : NULL;
}

const char *xoev_verdict_name(xoev_verdict verdict)
{
	switch (verdict) {
	case XOEV_VERDICT_VALID: return "valid";
	case XOEV_VERDICT_INVALID: return "invalid";
	case XOEV_VERDICT_IO_ERROR: return "io-error";
	case XOEV_VERDICT_UNKNOWN: return "unknown";
	}
	return "unknown";
}

/* ------------------------------------------------------------------ */
/* XSD findings                                                        */
/* ------------------------------------------------------------------ */

/* A stable rule id for a libxml2 schema validation error code. */
const char *xoev_validate__xsd_rule(int code)
{
	switch (code) {
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_1:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_2:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_4:
	case XML_SCHEMAV_ELEMENT_CONTENT:
	case XML_SCHEMAV_ELEMCONT:
	case XML_SCHEMAV_EXTRACONTENT:
	case XML_SCHEMAV_MISSING:
	case XML_SCHEMAV_WRONGELEM:
	case XML_SCHEMAV_NOTEMPTY:
	case XML_SCHEMAV_CVC_ELT_3_2_1:
	case XML_SCHEMAV_CVC_WILDCARD:
		return "xsd.element-content";
	case XML_SCHEMAV_CVC_ELT_1:
	case XML_SCHEMAV_NOROOT:
	case XML_SCHEMAV_UNDECLAREDELEM:
	case XML_SCHEMAV_NOTTOPLEVEL:
	case XML_SCHEMAV_DOCUMENT_ELEMENT_MISSING:
		return "xsd.root-not-declared";
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_4:
		return "xsd.attribute-missing";
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1:
	case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_2:
	case XML_SCHEMAV_ATTRUNKNOWN:
	case XML_SCHEMAV_INVALIDATTR:
		return "xsd.attribute-unexpected";
	case XML_SCHEMAV_CVC_ATTRIBUTE_4:
	case XML_SCHEMAV_CVC_AU:
	case XML_SCHEMAV_CVC_ELT_5_2_2_1:
	case XML_SCHEMAV_CVC_ELT_5_2_2_2_1:
	case XML_SCHEMAV_CVC_ELT_5_2_2_2_2:
		return "xsd.fixed-value";
	case XML_SCHEMAV_CVC_PATTERN_VALID:
		return "xsd.pattern";
	case XML_SCHEMAV_CVC_ENUMERATION_VALID:
		return "xsd.enumeration";
	case XML_SCHEMAV_CVC_LENGTH_VALID:
	case XML_SCHEMAV_CVC_MINLENGTH_VALID:
	case XML_SCHEMAV_CVC_MAXLENGTH_VALID:
		return "xsd.length";
	case XML_SCHEMAV_CVC_MININCLUSIVE_VALID:
	case XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID:
	case XML_SCHEMAV_CVC_MINEXCLUSIVE_VALID:
	case XML_SCHEMAV_CVC_MAXEXCLUSIVE_VALID:
		return "xsd.range";
	case XML_SCHEMAV_CVC_TOTALDIGITS_VALID:
	case XML_SCHEMAV_CVC_FRACTIONDIGITS_VALID:
		return "xsd.digits";
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1:
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_2:
	case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_3:
	case XML_SCHEMAV_CVC_FACET_VALID:
	case XML_SCHEMAV_VALUE:
	case XML_SCHEMAV_FACET:
	case XML_SCHEMAV_ATTRINVALID:
	case XML_SCHEMAV_CVC_ATTRIBUTE_3:
	case XML_SCHEMAV_CVC_ELT_5_2_1:
	case XML_SCHEMAV_CVC_TYPE_3_1_1:
	case XML_SCHEMAV_CVC_TYPE_3_1_2:
	case XML_SCHEMAV_NOTSIMPLE:
		return "xsd.datatype";
	case XML_SCHEMAV_CVC_IDC:
		return "xsd.identity";
	case XML_SCHEMAV_CVC_ELT_2:
	case XML_SCHEMAV_ISABSTRACT:
	case XML_SCHEMAV_CVC_TYPE_1:
	case XML_SCHEMAV_CVC_TYPE_2:
	case XML_SCHEMAV_CVC_ELT_4_1:
	case XML_SCHEMAV_CVC_ELT_4_2:
	case XML_SCHEMAV_CVC_ELT_4_3:
	case XML_SCHEMAV_NOTYPE:
		return "xsd.type";
	case XML_SCHEMAV_CVC_ELT_3_1:
	case XML_SCHEMAV_CVC_ELT_3_2_2:
	case XML_SCHEMAV_NOTNILLABLE:
		return "xsd.nil";
	default:
		return "xsd.invalid";
	}
}

typedef struct {
	xoev_diag_list *diags;
	const xoev_xdoc *doc;
	const char *file;
	unsigned int count;
	unsigned int max;
} xsd_ctx;

/* libxml2's messages name the element ("Element '{ns}x': ..."); trim the newline. */
static void xsd_error(void *data, xmlErrorPtr err)
{
	xsd_ctx *c = data;
	unsigned long line = 0, column = 0;
	const xmlNode *node;
	char *xpath = NULL, *msg;
	size_t n;

	if (!err)
		return;
	if (c->count >= c->max) {
		if (c->count == c->max)
			xoev_diag__addf(c->diags, XOEV_SEVERITY_INFO, XOEV_LAYER_XSD, "xsd.truncated",
			                c->file, 0, 0, NULL,
			                "more than %u schema findings; the rest are not reported", c->max);
		c->count++;
		return;
	}
	c->count++;
	node = err->node;
	if (node) {
		xoev_xml__position(c->doc, node, &line, &column);
		xpath = xoev_xml__xpath(node);
	}
	if (!line)
		line = (unsigned long)(err->line > 0 ? err->line : 0);
	msg = xoev_util__strdup(err->message ? err->message : "schema validation error");
	if (msg) {
		n = strlen(msg);
		while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ' || msg[n - 1] == '.'))
			msg[--n] = '\0';
		xoev_diag_list_add(c->diags,
		                   err->level == XML_ERR_WARNING ? XOEV_SEVERITY_WARNING : XOEV_SEVERITY_ERROR,
		                   XOEV_LAYER_XSD, xoev_validate__xsd_rule(err->code), msg, c->file, line, column, xpath);
	}
	free(msg);
	free(xpath);
}

static int run_xsd(xoev_validator *v, const xoev_bundle *b, const xoev_xdoc *doc,
                   const char *file, xoev_diag_list *diags)
{
	xmlSchemaPtr schema;
	xmlSchemaValidCtxtPtr vctxt;
	xsd_ctx c;
	xoev_resolver deny;
	xoev_quiet quiet;
	int rc;

	schema = xoev_bundle__schema(b, diags);
	if (!schema)
		return XOEV_ESCHEMA;
	vctxt = xmlSchemaNewValidCtxt(schema);
	if (!vctxt)
		return XOEV_ENOMEM;
	memset(&c, 0, sizeof c);
	c.diags = diags;
	c.doc = doc;
	c.file = file;
	c.max = v->max_findings;
	xmlSchemaSetValidStructuredErrors(vctxt, xsd_error, &c);
	/* Default and fixed attributes (listURI, listVersionID) become part of
	 * the tree, so that the code-list layer sees what the schema implies. */
	if (v->layers & XOEV_RUN_CODELIST)
		xmlSchemaSetValidOptions(vctxt, XML_SCHEMA_VAL_VC_I_CREATE);
	/* Validation never loads anything (no xsi:schemaLocation hints). */
	memset(&deny, 0, sizeof deny);
	deny.diags = diags;
	deny.layer = XOEV_LAYER_XSD;
	xoev_xml__quiet_begin(&quiet, NULL, NULL);
	xoev_resolver__push(&deny);
	rc = xmlSchemaValidateDoc(vctxt, xoev_xml__doc(doc));
	xoev_resolver__pop();
	xoev_xml__quiet_end(&quiet);
	xmlSchemaFreeValidCtxt(vctxt);
	if (rc < 0) {
		xoev_diag__addf(diags, XOEV_SEVERITY_FATAL, XOEV_LAYER_XSD, "xsd.internal", file, 0, 0,
		                NULL, "the schema validator failed internally");
	} else if (rc > 0 && c.count == 0) {
		xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_XSD, "xsd.invalid", file, 0, 0,
		                NULL, "the document is not valid against its schema");
	}
	return XOEV_OK;
}

/* ------------------------------------------------------------------ */
/* detection                                                           */
/* ------------------------------------------------------------------ */

/* What detection needs of a root element: from a tree or from a stream's head. */
typedef struct {
	const char *ns;
	const char *local;
	const char *standard; /* root @standard, or NULL */
	const char *version;  /* root @version, or NULL */
	unsigned long line, col;
	const char *xpath;
	const xmlNode *root;  /* the tree's root, for header attributes; NULL while streaming */
} root_info;

/* xoev_header_attr_fn over a tree: follow local names below the root. */
static char *tree_header_attr(void *ctx, const char *path, const char *name, int *oom)
{
	const xmlNode *cur = ctx;
	const char *p = path;

	while (cur && *p) {
		size_t len = strcspn(p, "/");
		const xmlNode *c;
		for (c = cur->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && strlen((const char *)c->name) == len &&
			    strncmp((const char *)c->name, p, len) == 0)
				break;
		cur = c;
		p += len;
		if (*p == '/')
			p++;
	}
	return cur ? xoev_xml__attr_dup(cur, name, oom) : NULL;
}

static const xoev_bundle *detect_root(xoev_validator *v, const root_info *r, const char *file,
                                      xoev_diag_list *diags)
{
	const xoev_bundle *b = NULL;
	const xoev_message_type *t = NULL;
	int rc;

	if (v->forced) {
		size_t i;
		b = v->forced;
		for (i = 0; i < xoev_bundle_message_count(b); i++) {
			const xoev_message_type *m = xoev_bundle_message(b, i);
			if (strcmp(xoev_message_type_root(m), r->local) == 0 &&
			    strcmp(xoev_message_type_namespace(m), r->ns ? r->ns : "") == 0)
				t = m;
		}
		rc = t ? XOEV_OK : XOEV_ENOTFOUND;
	} else {
		rc = xoev_registry__detect(v->reg, r->ns, r->local, r->standard, r->version,
		                           r->root ? tree_header_attr : NULL, (void *)r->root, &b, &t);
	}
	if (!b) {
		xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_DETECT, "detect.unknown-standard",
		                file, r->line, r->col, r->xpath,
		                "no loaded bundle claims root element '%s' in namespace '%s'%s%s%s%s%s "
		                "(see `xoev schemas`; add bundles with --schema-path or XOEV_SCHEMA_PATH)",
		                r->local, r->ns ? r->ns : "", r->standard ? ", standard '" : "",
		                r->standard ? r->standard : "", r->standard ? "'" : "",
		                r->version ? ", version " : "", r->version ? r->version : "");
	} else if (rc == XOEV_ENOTFOUND && !xoev_bundle__accepts_any_root(b)) {
		xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_DETECT, "detect.unknown-message",
		                file, r->line, r->col, r->xpath, "'%s' is not a message type of %s %s",
		                r->local, xoev_bundle_standard(b), xoev_bundle_version(b));
	}
	v->last_bundle = b;
	v->last_type = t;
	return b;
}

static const xoev_bundle *detect(xoev_validator *v, const xoev_xdoc *doc, const char *file,
                                 xoev_diag_list *diags)
{
	xmlNodePtr root = xmlDocGetRootElement(xoev_xml__doc(doc));
	xmlChar *std_attr, *ver_attr;
	char *xpath;
	root_info r;
	const xoev_bundle *b;

	if (!root)
		return NULL;
	memset(&r, 0, sizeof r);
	xoev_xml__position(doc, root, &r.line, &r.col);
	xpath = xoev_xml__xpath(root);
	std_attr = xmlGetNoNsProp(root, BAD_CAST "standard");
	ver_attr = xmlGetNoNsProp(root, BAD_CAST "version");
	r.ns = root->ns ? (const char *)root->ns->href : NULL;
	r.local = (const char *)root->name;
	r.standard = (const char *)std_attr;
	r.version = (const char *)ver_attr;
	r.xpath = xpath;
	r.root = root;
	b = detect_root(v, &r, file, diags);
	xmlFree(std_attr);
	xmlFree(ver_attr);
	free(xpath);
	return b;
}

/* ------------------------------------------------------------------ */
/* the pipeline                                                        */
/* ------------------------------------------------------------------ */

static const char *type_number(const xoev_message_type *t, const xoev_xdoc *doc)
{
	xmlNodePtr root;
	const char *dot;

	if (t)
		return xoev_message_type_number(t);
	/* ad hoc: the root's own number, if its name has one */
	root = xmlDocGetRootElement(xoev_xml__doc(doc));
	dot = root ? strrchr((const char *)root->name, '.') : NULL;
	return dot && dot[1] >= '0' && dot[1] <= '9' ? dot + 1 : NULL;
}

/* The layers after detection, in order; each adds its findings. */
static int run_layers(xoev_validator *v, const xoev_bundle *b, xoev_xdoc *doc, const char *name,
                      xoev_diag_list *diags)
{
	int rc = XOEV_OK;

	if (v->layers & XOEV_RUN_XSD) {
		rc = run_xsd(v, b, doc, name, diags);
		if (rc != XOEV_OK)
			return rc;
		v->last_layers |= XOEV_RUN_XSD;
	}
	if (v->layers & (XOEV_RUN_CODELIST | XOEV_RUN_RULES)) {
		const xoev_codelists *cl = NULL;
		xoev_rules *const *rules = NULL;
		size_t n = 0, i;
		rc = xoev_bundle__layers(b, &cl, &rules, &n, diags);
		if (rc != XOEV_OK)
			return rc;
		if ((v->layers & XOEV_RUN_CODELIST) && cl) {
			rc = xoev_codelist__check(cl, doc, name, diags);
			if (rc != XOEV_OK)
				return rc;
			v->last_layers |= XOEV_RUN_CODELIST;
		}
		if ((v->layers & XOEV_RUN_RULES) && n) {
			for (i = 0; i < n; i++) {
				rc = xoev_rules__run(rules[i], doc, name, diags);
				if (rc != XOEV_OK)
					return rc;
			}
			v->last_layers |= XOEV_RUN_RULES;
		}
	}
	if (v->layers & XOEV_RUN_HEADER) {
		rc = xoev_header__check(doc, xoev_bundle__manifest(b), type_number(v->last_type, doc),
		                        &v->header, name, diags);
		if (rc != XOEV_OK)
			return rc;
		v->last_layers |= XOEV_RUN_HEADER;
	}
	return rc;
}

static xoev_verdict verdict_from(const xoev_diag_list *diags, size_t from)
{
	size_t i;

	for (i = from; i < xoev_diag_list_count(diags); i++)
		if (xoev_diag_severity(xoev_diag_list_get(diags, i)) >= XOEV_SEVERITY_ERROR)
			return XOEV_VERDICT_INVALID;
	return XOEV_VERDICT_VALID;
}

/*
 * The XSD layer with XML_SCHEMA_VAL_VC_I_CREATE writes into the tree it
 * validates: default and fixed attributes (appended to an element's
 * attributes), the default value of an empty element (a text child
 * appended), a namespace declaration for a defaulted attribute (appended to
 * the root's). A caller that goes on with the tree (a translation step)
 * must see it as parsed: each element's last attribute, child and namespace
 * declaration are noted before the layers run, and what follows them is
 * removed afterwards. The element set itself never changes.
 */
typedef struct {
	xmlNodePtr el;
	xmlAttrPtr last_attr;
	xmlNodePtr last_child;
	xmlNsPtr last_ns;
	int empty_text;      /* the last child is an empty text node */
} tree_mark;

typedef struct {
	tree_mark *v;
	size_t n, cap;
} tree_marks;

static int mark_tree(xmlNodePtr root, tree_marks *m)
{
	xmlNodePtr cur = root;

	while (cur) {
		if (cur->type == XML_ELEMENT_NODE) {
			tree_mark *k;
			xmlAttrPtr a = cur->properties;
			xmlNsPtr ns = cur->nsDef;
			if (m->n == m->cap) {
				size_t cap = m->cap ? 2 * m->cap : 128;
				tree_mark *nv = realloc(m->v, cap * sizeof *nv);
				if (!nv)
					return XOEV_ENOMEM;
				m->v = nv;
				m->cap = cap;
			}
			k = &m->v[m->n++];
			while (a && a->next)
				a = a->next;
			while (ns && ns->next)
				ns = ns->next;
			k->el = cur;
			k->last_attr = a;
			k->last_ns = ns;
			k->last_child = cur->last;
			k->empty_text = cur->last && cur->last->type == XML_TEXT_NODE &&
			                (!cur->last->content || !cur->last->content[0]);
			if (cur->children) {
				cur = cur->children;
				continue;
			}
		}
		while (cur != root && !cur->next)
			cur = cur->parent;
		if (cur == root)
			break;
		cur = cur->next;
	}
	return XOEV_OK;
}

static void restore_tree(tree_marks *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		tree_mark *k = &m->v[i];
		xmlNodePtr el = k->el;
		xmlAttrPtr extra_attr = k->last_attr ? k->last_attr->next : el->properties;
		xmlNodePtr extra = k->last_child ? k->last_child->next : el->children;
		xmlNsPtr extra_ns = k->last_ns ? k->last_ns->next : el->nsDef;

		if (extra_attr) {
			if (k->last_attr)
				k->last_attr->next = NULL;
			else
				el->properties = NULL;
			xmlFreePropList(extra_attr);
		}
		if (extra) {
			if (k->last_child)
				k->last_child->next = NULL;
			else
				el->children = NULL;
			el->last = k->last_child;
			xmlFreeNodeList(extra);
		}
		if (k->empty_text && k->last_child->content && k->last_child->content[0])
			xmlNodeSetContent(k->last_child, BAD_CAST ""); /* a default merged into it */
		if (extra_ns) {
			/* nothing refers to it any more: its attributes are gone */
			if (k->last_ns)
				k->last_ns->next = NULL;
			else
				el->nsDef = NULL;
			xmlFreeNsList(extra_ns);
		}
	}
}

/* Detection and the layers on a parsed tree; the tree is left as parsed. */
static int validate_parsed(xoev_validator *v, xoev_xdoc *doc, const char *name,
                           xoev_diag_list *diags, xoev_verdict *verdict, int keep)
{
	size_t before = xoev_diag_list_count(diags);
	tree_marks marks = { 0 };
	const xoev_bundle *b;
	int rc;

	b = detect(v, doc, name, diags);
	if (!b) {
		xoev_diag__regrade(diags, before, v->profile);
		*verdict = XOEV_VERDICT_UNKNOWN;
		return XOEV_OK;
	}
	/* only the XSD layer writes, and only with the code-list layer on (see run_xsd) */
	if (keep && (v->layers & XOEV_RUN_XSD) && (v->layers & XOEV_RUN_CODELIST)) {
		rc = mark_tree(xmlDocGetRootElement(xoev_xml__doc(doc)), &marks);
		if (rc != XOEV_OK) {
			free(marks.v);
			return rc;
		}
	}
	rc = run_layers(v, b, doc, name, diags);
	restore_tree(&marks);
	free(marks.v);
	xoev_diag__regrade(diags, before, v->profile);
	*verdict = rc == XOEV_OK ? verdict_from(diags, before) : XOEV_VERDICT_INVALID;
	return rc;
}

static int validate_buffer(xoev_validator *v, const char *buf, size_t len, const char *name,
                           xoev_diag_list *diags, xoev_verdict *verdict, xoev_xdoc **tree)
{
	xoev_xdoc *doc = NULL;
	int rc;

	rc = xoev_xml__parse(buf, len, name, &v->limits, diags, &doc);
	if (rc == XOEV_ENOMEM)
		return rc;
	if (rc != XOEV_OK) {
		*verdict = XOEV_VERDICT_INVALID;
		return XOEV_OK;
	}
	rc = validate_parsed(v, doc, name, diags, verdict, tree != NULL);
	if (tree && rc != XOEV_ENOMEM)
		*tree = doc;
	else
		xoev_xml__free(doc);
	return rc;
}

int xoev_validate__tree(xoev_validator *v, xoev_xdoc *doc, const char *name,
                        xoev_diag_list *diags, xoev_verdict *verdict)
{
	if (!v || !doc || !diags || !verdict)
		return XOEV_EINVAL;
	if (!name)
		name = "-";
	v->last_bundle = NULL;
	v->last_type = NULL;
	v->last_layers = 0;
	if (!xmlDocGetRootElement(xoev_xml__doc(doc))) {
		*verdict = XOEV_VERDICT_UNKNOWN;
		return XOEV_OK;
	}
	return validate_parsed(v, doc, name, diags, verdict, 1);
}

static int io_failure(int rc, const char *name, const char *err, xoev_diag_list *diags,
                      xoev_verdict *verdict)
{
	if (rc == XOEV_ENOMEM)
		return rc;
	if (rc == XOEV_ELIMIT) {
		xoev_diag__addf(diags, XOEV_SEVERITY_FATAL, XOEV_LAYER_WELLFORMED,
		                "wellformed.document-size", name, 0, 0, NULL, "%s",
		                err && *err ? err : "the document is larger than the size limit");
		*verdict = XOEV_VERDICT_INVALID;
	} else {
		xoev_diag__addf(diags, XOEV_SEVERITY_FATAL, XOEV_LAYER_IO, "io.read", name, 0, 0, NULL,
		                "%s", err && *err ? err : "cannot be read");
		*verdict = XOEV_VERDICT_IO_ERROR;
	}
	return XOEV_OK;
}

int xoev_validate__memory_tree(xoev_validator *v, const void *buf, size_t len, const char *name,
                               xoev_diag_list *diags, xoev_verdict *verdict, xoev_xdoc **tree)
{
	xoev_verdict dummy;
	char *data = NULL;
	size_t dlen = 0;
	char err[256] = "";
	int rc;

	if (tree)
		*tree = NULL;
	if (!v || (!buf && len) || !diags)
		return XOEV_EINVAL;
	if (!verdict)
		verdict = &dummy;
	if (!name)
		name = "-";
	v->last_bundle = NULL;
	v->last_type = NULL;
	v->last_layers = 0;
	rc = xoev_io__maybe_gunzip(buf ? buf : "", len, v->limits.max_document_bytes, &data, &dlen,
	                           err, sizeof err);
	if (rc != XOEV_OK)
		return io_failure(rc, name, err, diags, verdict);
	rc = validate_buffer(v, data, dlen, name, diags, verdict, tree);
	free(data);
	return rc;
}

int xoev_validate_memory(xoev_validator *v, const void *buf, size_t len, const char *name,
                         xoev_diag_list *diags, xoev_verdict *verdict)
{
	return xoev_validate__memory_tree(v, buf, len, name, diags, verdict, NULL);
}

/* ------------------------------------------------------------------ */
/* large files: streaming                                              */
/* ------------------------------------------------------------------ */

#define HEAD_BYTES (256 * 1024)

/*
 * The root element of a large file, read from its first bytes (gzip
 * inflated by zlib) with libxml2's reader: nothing else of the file is
 * needed to choose the bundle. Returns 1 and fills r (strings owned by
 * *reader, freed with it), 0 if no root element shows in the head.
 */
static int stream_head(const char *path, xmlTextReaderPtr *reader, char **head, root_info *r)
{
	gzFile gz = gzopen(path, "rb");
	int n, ret;

	*reader = NULL;
	*head = NULL;
	if (!gz)
		return 0;
	*head = malloc(HEAD_BYTES);
	n = *head ? gzread(gz, *head, HEAD_BYTES) : -1;
	gzclose(gz);
	if (n <= 0)
		return 0;
	*reader = xmlReaderForMemory(*head, n, path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
	                                                   XML_PARSE_NOWARNING);
	if (!*reader)
		return 0;
	while ((ret = xmlTextReaderRead(*reader)) == 1) {
		int type = xmlTextReaderNodeType(*reader);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE)
			return 0; /* the stream refuses it with its own finding */
		if (type == XML_READER_TYPE_ELEMENT) {
			memset(r, 0, sizeof *r);
			r->ns = (const char *)xmlTextReaderConstNamespaceUri(*reader);
			r->local = (const char *)xmlTextReaderConstLocalName(*reader);
			r->standard = (const char *)xmlTextReaderGetAttribute(*reader, BAD_CAST "standard");
			r->version = (const char *)xmlTextReaderGetAttribute(*reader, BAD_CAST "version");
			r->line = (unsigned long)xmlTextReaderGetParserLineNumber(*reader);
			return r->local != NULL;
		}
	}
	return 0;
}

static int validate_streaming(xoev_validator *v, const char *path, size_t size,
                              xoev_diag_list *diags, xoev_verdict *verdict)
{
	size_t before = xoev_diag_list_count(diags);
	xmlTextReaderPtr head_reader = NULL;
	char *head = NULL, *xpath = NULL;
	root_info r;
	const xoev_bundle *b = NULL;
	xoev_quiet quiet;
	xoev_resolver deny;
	int found, invalid = 0, rc = XOEV_OK;

	memset(&deny, 0, sizeof deny);
	xoev_xml__quiet_begin(&quiet, NULL, NULL);
	xoev_resolver__push(&deny);
	found = stream_head(path, &head_reader, &head, &r);
	xoev_resolver__pop();
	xoev_xml__quiet_end(&quiet);
	if (found) {
		xpath = xoev_util__printf("/%s", r.local);
		r.xpath = xpath;
		b = detect_root(v, &r, path, diags);
		xmlFree((xmlChar *)r.standard);
		xmlFree((xmlChar *)r.version);
	}
	xmlFreeTextReader(head_reader);
	free(head);
	free(xpath);
	if (found && !b) {
		*verdict = XOEV_VERDICT_UNKNOWN;
		xoev_diag__regrade(diags, before, v->profile);
		return XOEV_OK;
	}
	xoev_diag__addf(diags, XOEV_SEVERITY_INFO, XOEV_LAYER_IO, "io.streamed", path, 0, 0, NULL,
	                "%zu bytes: validated streaming, without a tree; XSD and code lists (those "
	                "the instance names by listURI) ran, business and header rules need a tree "
	                "and did not", size);
	{
		struct _xmlSchema *schema = NULL;
		const xoev_codelists *cl = NULL;
		xoev_rules *const *rules = NULL;
		size_t nrules = 0;

		if (b && (v->layers & XOEV_RUN_XSD))
			schema = xoev_bundle__schema(b, diags);
		if (b && (v->layers & XOEV_RUN_XSD) && !schema)
			return XOEV_ESCHEMA;
		if (b && (v->layers & XOEV_RUN_CODELIST))
			rc = xoev_bundle__layers(b, &cl, &rules, &nrules, diags);
		if (rc == XOEV_OK)
			rc = xoev_stream__validate(path, schema, cl, &v->limits, diags, &invalid);
		if (rc == XOEV_OK || rc == XOEV_EIO) {
			if (schema)
				v->last_layers |= XOEV_RUN_XSD;
			if (cl)
				v->last_layers |= XOEV_RUN_CODELIST;
		}
	}
	xoev_diag__regrade(diags, before, v->profile);
	if (rc == XOEV_EIO) {
		*verdict = XOEV_VERDICT_IO_ERROR;
		return XOEV_OK;
	}
	/* without a root in the head, the stream's findings say why */
	*verdict = rc == XOEV_OK ? verdict_from(diags, before) : XOEV_VERDICT_INVALID;
	return rc;
}

int xoev_validate_file(xoev_validator *v, const char *path, xoev_diag_list *diags,
                       xoev_verdict *verdict)
{
	struct stat st;
	xoev_verdict dummy;
	size_t dlen = 0;
	char err[256] = "";
	int rc;

	if (!v || !path || !diags)
		return XOEV_EINVAL;
	if (!verdict)
		verdict = &dummy;
	v->last_bundle = NULL;
	v->last_type = NULL;
	v->last_layers = 0;
	if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size > v->stream_threshold)
		return validate_streaming(v, path, (size_t)st.st_size, diags, verdict);
	rc = xoev_io__read_file_reuse(path, v->limits.max_document_bytes, &v->rbuf, &v->rcap, &dlen,
	                              err, sizeof err);
	if (rc != XOEV_OK)
		return io_failure(rc, path, err, diags, verdict);
	rc = validate_buffer(v, v->rbuf, dlen, path, diags, verdict, NULL);
	/* a huge document's buffer is not kept */
	if (v->rcap > ((size_t)16 << 20)) {
		free(v->rbuf);
		v->rbuf = NULL;
		v->rcap = 0;
	}
	return rc;
}
