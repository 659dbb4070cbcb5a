/*
 * libxoev - header rules: the message header (XÖV nachrichtenkopf.g2g, the
 * older XInneres nachrichtenkopf, xdomea Kopf, XJustiz nachrichtenkopf)
 * read out and checked:
 * UUID format and uniqueness within a run, creation time not in the
 * future, authority identifiers "prefix:number", the message type code
 * equal to the root's number, root standard/version attributes agreeing
 * with the namespace's bundle.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

/* ------------------------------------------------------------------ */
/* reading the header                                                  */
/* ------------------------------------------------------------------ */

static int named(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

/* The first child element of n with this local name (any namespace). */
static xmlNode *child(const xmlNode *n, const char *local)
{
	xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (named(c, local))
			return c;
	return NULL;
}

/* Follow a path of local names separated by '/'. */
static xmlNode *path(const xmlNode *n, const char *p)
{
	char step[64];
	const xmlNode *cur = n;

	while (cur && *p) {
		size_t len = strcspn(p, "/");
		if (len >= sizeof step)
			return NULL;
		memcpy(step, p, len);
		step[len] = '\0';
		cur = child(cur, step);
		p += len;
		if (*p == '/')
			p++;
	}
	return (xmlNode *)cur;
}

/* The trimmed text content of n (new string), NULL if n is NULL. *oom on failure. */
static char *text_of(const xmlNode *n, int *oom)
{
	xmlChar *v;
	char *s, *start, *end;

	if (!n)
		return NULL;
	v = xmlNodeGetContent(n);
	if (!v) {
		*oom = 1;
		return NULL;
	}
	for (start = (char *)v; isspace((unsigned char)*start); start++)
		;
	end = start + strlen(start);
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	s = malloc((size_t)(end - start) + 1);
	if (s) {
		memcpy(s, start, (size_t)(end - start));
		s[end - start] = '\0';
	} else {
		*oom = 1;
	}
	xmlFree(v);
	return s;
}

void xoev_header__clear(xoev_header_info *h)
{
	free(h->uuid);
	free(h->type_code);
	free(h->created);
	free(h->author);
	free(h->reader);
	free(h->event);
	free(h->family_version);
	memset(h, 0, sizeof *h);
}

/* xdomea Absender/Empfaenger: the Behördenkennung's code (Behoerdenschluessel from 3.0, Kennung before). */
static xmlNode *xdomea_authority(const xmlNode *contact)
{
	xmlNode *k = path(contact, "Behoerdenkennung/Behoerdenschluessel/code");
	return k ? k : path(contact, "Behoerdenkennung/Kennung/code");
}

/* XJustiz auswahl_absender/auswahl_empfaenger: court code, RV carrier code or free text. */
static xmlNode *xjustiz_party(const xmlNode *choice, const char *who)
{
	char step[64];
	xmlNode *n;

	snprintf(step, sizeof step, "%s.gericht/code", who);
	if ((n = path(choice, step)) != NULL)
		return n;
	snprintf(step, sizeof step, "%s.rvTraeger/code", who);
	if ((n = path(choice, step)) != NULL)
		return n;
	snprintf(step, sizeof step, "%s.sonstige", who);
	return path(choice, step);
}

/* XJustiz nachrichtenkopf: it has eigeneNachrichtenID where the others have identifikation.nachricht. */
static int read_xjustiz(xmlNode *head, xoev_header_info *h, int *oom)
{
	h->family = XOEV_HEADER_XJUSTIZ;
	h->uuid_node = child(head, "eigeneNachrichtenID");
	h->created_node = child(head, "erstellungszeitpunkt");
	h->type_node = child(head, "ereignis");
	h->author_node = xjustiz_party(child(head, "auswahl_absender"), "absender");
	h->reader_node = xjustiz_party(child(head, "auswahl_empfaenger"), "empfaenger");
	h->uuid = text_of(h->uuid_node, oom);
	h->created = text_of(h->created_node, oom);
	h->event = text_of(child(h->type_node, "code"), oom);
	h->author = text_of(h->author_node, oom);
	h->reader = text_of(h->reader_node, oom);
	h->family_version = xoev_xml__attr_dup(head, "xjustizVersion", oom);
	return XOEV_OK;
}

int xoev_header__read(const xoev_xdoc *doc, xoev_header_info *h)
{
	xmlNode *root = xmlDocGetRootElement(xoev_xml__doc(doc));
	xmlNode *head, *id;
	int oom = 0;

	memset(h, 0, sizeof *h);
	if (!root)
		return XOEV_OK;
	if ((head = child(root, "nachrichtenkopf.g2g")) != NULL) {
		h->family = XOEV_HEADER_G2G;
		id = child(head, "identifikation.nachricht");
		h->uuid = text_of(child(id, "nachrichtenUUID"), &oom);
		h->type_code = text_of(path(id, "nachrichtentyp/code"), &oom);
		h->created = text_of(child(id, "erstellungszeitpunkt"), &oom);
		h->author = text_of(path(head, "autor/kennung"), &oom);
		h->reader = text_of(path(head, "leser/kennung"), &oom);
		h->author_node = path(head, "autor/kennung");
		h->reader_node = path(head, "leser/kennung");
	} else if ((head = child(root, "nachrichtenkopf")) != NULL &&
	           child(head, "identifikation.nachricht")) {
		h->family = XOEV_HEADER_XINNERES;
		id = child(head, "identifikation.nachricht");
		h->uuid = text_of(child(id, "nachrichtenUUID"), &oom);
		h->type_code = text_of(path(id, "nachrichtentyp/code"), &oom);
		h->created = text_of(child(id, "erstellungszeitpunkt"), &oom);
		h->author_node = path(head, "autor/behoerdenkennung/kennung/code");
		h->reader_node = path(head, "leser/behoerdenkennung/kennung/code");
		h->author = text_of(h->author_node, &oom);
		h->reader = text_of(h->reader_node, &oom);
	} else if ((head = child(root, "Kopf")) != NULL && child(head, "ProzessID")) {
		h->family = XOEV_HEADER_XDOMEA;
		h->uuid = text_of(child(head, "ProzessID"), &oom);
		h->type_code = text_of(path(head, "Nachrichtentyp/code"), &oom);
		h->created = text_of(child(head, "Erstellungszeitpunkt"), &oom);
		h->author_node = xdomea_authority(child(head, "Absender"));
		h->reader_node = xdomea_authority(child(head, "Empfaenger"));
		h->author = text_of(h->author_node, &oom);
		h->reader = text_of(h->reader_node, &oom);
	} else if ((head = child(root, "nachrichtenkopf")) != NULL &&
	           child(head, "eigeneNachrichtenID")) {
		read_xjustiz(head, h, &oom);
		h->node = head;
		if (oom) {
			xoev_header__clear(h);
			return XOEV_ENOMEM;
		}
		return XOEV_OK;
	} else {
		return XOEV_OK;
	}
	h->node = head;
	h->uuid_node = h->family == XOEV_HEADER_XDOMEA ? child(head, "ProzessID") :
	               child(child(head, "identifikation.nachricht"), "nachrichtenUUID");
	h->created_node = h->family == XOEV_HEADER_XDOMEA ? child(head, "Erstellungszeitpunkt") :
	                  child(child(head, "identifikation.nachricht"), "erstellungszeitpunkt");
	h->type_node = h->family == XOEV_HEADER_XDOMEA ? child(head, "Nachrichtentyp") :
	               child(child(head, "identifikation.nachricht"), "nachrichtentyp");
	if (oom) {
		xoev_header__clear(h);
		return XOEV_ENOMEM;
	}
	return XOEV_OK;
}

/* ------------------------------------------------------------------ */
/* UUIDs seen in one run                                               */
/* ------------------------------------------------------------------ */

struct xoev_uuid_set {
	pthread_mutex_t lock;
	char **keys;   /* open addressing; "uuid\tfile" */
	size_t cap;
	size_t count;
};

int xoev_uuid_set__new(xoev_uuid_set **out)
{
	xoev_uuid_set *s = calloc(1, sizeof *s);

	if (!s)
		return XOEV_ENOMEM;
	if (pthread_mutex_init(&s->lock, NULL) != 0) {
		free(s);
		return XOEV_ENOMEM;
	}
	*out = s;
	return XOEV_OK;
}

void xoev_uuid_set__free(xoev_uuid_set *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->cap; i++)
		free(s->keys[i]);
	free(s->keys);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

static size_t hash_str(const char *s, size_t len)
{
	size_t h = 1469598103934665603ULL & (size_t)-1, i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * (1099511628211ULL & (size_t)-1);
	return h;
}

/* The slot of uuid (or the empty slot where it belongs). */
static size_t slot_of(char **keys, size_t cap, const char *uuid)
{
	size_t n = strlen(uuid), i = hash_str(uuid, n) & (cap - 1);

	while (keys[i] && !(strncmp(keys[i], uuid, n) == 0 && keys[i][n] == '\t'))
		i = (i + 1) & (cap - 1);
	return i;
}

static int grow(xoev_uuid_set *s)
{
	size_t cap = s->cap ? s->cap * 2 : 64, i;
	char **keys = calloc(cap, sizeof *keys);

	if (!keys)
		return XOEV_ENOMEM;
	for (i = 0; i < s->cap; i++)
		if (s->keys[i]) {
			size_t n = strcspn(s->keys[i], "\t"), j = hash_str(s->keys[i], n) & (cap - 1);
			while (keys[j])
				j = (j + 1) & (cap - 1);
			keys[j] = s->keys[i];
		}
	free(s->keys);
	s->keys = keys;
	s->cap = cap;
	return XOEV_OK;
}

int xoev_uuid_set__add(xoev_uuid_set *s, const char *uuid, const char *file, char **first_file)
{
	size_t i;
	int rc = XOEV_OK;

	*first_file = NULL;
	pthread_mutex_lock(&s->lock);
	if ((s->count + 1) * 2 > s->cap)
		rc = grow(s);
	if (rc == XOEV_OK) {
		i = slot_of(s->keys, s->cap, uuid);
		if (s->keys[i]) {
			*first_file = xoev_util__strdup(strchr(s->keys[i], '\t') + 1);
			if (!*first_file)
				rc = XOEV_ENOMEM;
		} else {
			s->keys[i] = xoev_util__printf("%s\t%s", uuid, file ? file : "-");
			if (s->keys[i])
				s->count++;
			else
				rc = XOEV_ENOMEM;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

/* ------------------------------------------------------------------ */
/* the checks                                                          */
/* ------------------------------------------------------------------ */

static int is_uuid(const char *s)
{
	static const int groups[5] = { 8, 4, 4, 4, 12 };
	int g, i;

	for (g = 0; g < 5; g++) {
		for (i = 0; i < groups[g]; i++, s++)
			if (!isxdigit((unsigned char)*s))
				return 0;
		if (g < 4 && *s++ != '-')
			return 0;
	}
	return *s == '\0';
}

/* "prefix:identifier": a lower-case prefix, a colon, no blanks after it. */
static int is_authority(const char *s)
{
	const char *p = s;

	while (islower((unsigned char)*p) || isdigit((unsigned char)*p))
		p++;
	if (p == s || !isalpha((unsigned char)*s) || *p != ':' || !p[1])
		return 0;
	for (p++; *p; p++)
		if (isspace((unsigned char)*p))
			return 0;
	return 1;
}

static int two(const char *s, int *v)
{
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
		return 0;
	*v = (s[0] - '0') * 10 + (s[1] - '0');
	return 1;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * Parse xs:dateTime into seconds since the epoch. Without a time zone the
 * value is local time (XÖV headers usually omit it). Returns 1 on success.
 */
int xoev_header__parse_datetime(const char *s, long long *out)
{
	long year;
	int mon, day, hh, mm, ss;
	char *end;
	const char *p;
	long long t;

	year = strtol(s, &end, 10);
	if (end - s < 4 || *end != '-')
		return 0;
	p = end + 1;
	if (!two(p, &mon) || p[2] != '-' || !two(p + 3, &day) || p[5] != 'T' || !two(p + 6, &hh) ||
	    p[8] != ':' || !two(p + 9, &mm) || p[11] != ':' || !two(p + 12, &ss))
		return 0;
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || hh > 24 || mm > 59 || ss > 60)
		return 0;
	p += 14;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	t = (long long)days_from_civil(year, mon, day) * 86400 + hh * 3600 + mm * 60 + ss;
	if (*p == 'Z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om, sign = *p == '-' ? -1 : 1;
		if (!two(p + 1, &oh) || p[3] != ':' || !two(p + 4, &om))
			return 0;
		t -= sign * (oh * 3600 + om * 60);
		p += 6;
	} else if (*p == '\0') {
		/* local time: the offset of this machine at that moment */
		struct tm tm;
		time_t guess = (time_t)t;
		if (!localtime_r(&guess, &tm))
			return 0;
		t -= tm.tm_gmtoff;
	}
	if (*p != '\0')
		return 0;
	*out = t;
	return 1;
}

typedef struct {
	xoev_diag_list *diags;
	const xoev_xdoc *doc;
	const char *file;
} check_ctx;

static int finding(check_ctx *c, const xmlNode *at, const char *rule, const char *fmt,
                   const char *a, const char *b)
{
	unsigned long line = 0, col = 0;
	char *xpath = NULL;
	int rc;

	if (at) {
		xoev_xml__position(c->doc, at, &line, &col);
		xpath = xoev_xml__xpath(at);
	}
	rc = xoev_diag__addf(c->diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_HEADER, rule, c->file, line,
	                     col, xpath, fmt, a ? a : "", b ? b : "");
	free(xpath);
	return rc;
}

static int check_attr(check_ctx *c, const xoev_manifest *m, const xmlNode *root, const char *name)
{
	const char *ns = root->ns && root->ns->href ? (const char *)root->ns->href : "";
	size_t i;
	int rc = XOEV_OK;

	for (i = 0; rc == XOEV_OK && i < m->detect_attr_names.count; i++) {
		const char *only = i < m->detect_attr_namespaces.count ? m->detect_attr_namespaces.items[i] : "";
		xmlChar *have;
		if (strcmp(m->detect_attr_names.items[i], name) != 0 || (*only && strcmp(only, ns) != 0))
			continue;
		have = xmlGetNoNsProp(root, BAD_CAST name);
		if (have && strcmp((const char *)have, m->detect_attr_values.items[i]) != 0)
			rc = finding(c, root, "header.version-mismatch",
			             "the root's namespace names this bundle, but its attribute says '%s' where "
			             "the bundle has '%s'",
			             (const char *)have, m->detect_attr_values.items[i]);
		xmlFree(have);
	}
	return rc;
}

int xoev_header__check(const xoev_xdoc *doc, const xoev_manifest *m, const char *number,
                       const xoev_header_options *o, const char *file, xoev_diag_list *diags)
{
	xoev_header_info h;
	check_ctx c;
	xmlNode *root = xmlDocGetRootElement(xoev_xml__doc(doc));
	int rc;

	c.diags = diags;
	c.doc = doc;
	c.file = file;
	rc = xoev_header__read(doc, &h);
	if (rc)
		return rc;
	if (root && m) {
		rc = check_attr(&c, m, root, "standard");
		if (rc == XOEV_OK)
			rc = check_attr(&c, m, root, "version");
	}
	if (rc || h.family == XOEV_HEADER_NONE)
		goto done;

	if (h.uuid && !is_uuid(h.uuid))
		rc = finding(&c, h.uuid_node, "header.uuid-format",
		             "'%s' is not a UUID (8-4-4-4-12 hexadecimal digits)%s", h.uuid, NULL);
	/* xdomea's ProzessID names a process: several messages share it. */
	if (rc == XOEV_OK && h.uuid && o && o->seen && h.family != XOEV_HEADER_XDOMEA) {
		char *first = NULL;
		rc = xoev_uuid_set__add(o->seen, h.uuid, file, &first);
		if (rc == XOEV_OK && first)
			rc = finding(&c, h.uuid_node, "header.uuid-duplicate",
			             "message UUID %s was already used by %s in this run", h.uuid, first);
		free(first);
	}
	if (rc == XOEV_OK && h.created) {
		long long t;
		if (xoev_header__parse_datetime(h.created, &t)) {
			long long now = o && o->now ? o->now : (long long)time(NULL);
			long long tolerance = o ? o->future_tolerance_seconds : 300;
			if (t > now + tolerance) {
				char limit[32];
				snprintf(limit, sizeof limit, "%lld", tolerance);
				rc = finding(&c, h.created_node, "header.future-time",
				             "creation time %s lies in the future (tolerance %s seconds)",
				             h.created, limit);
			}
		}
	}
	if (rc == XOEV_OK && h.type_code && number && strcmp(h.type_code, number) != 0)
		rc = finding(&c, h.type_node, "header.type-mismatch",
		             "message type code %s does not match the root element's number %s",
		             h.type_code, number);
	if (rc == XOEV_OK && h.family == XOEV_HEADER_G2G) {
		if (h.author && !is_authority(h.author))
			rc = finding(&c, h.author_node, "header.authority-format",
			             "author authority '%s' is not of the form prefix:number%s", h.author, NULL);
		if (rc == XOEV_OK && h.reader && !is_authority(h.reader))
			rc = finding(&c, h.reader_node, "header.authority-format",
			             "reader authority '%s' is not of the form prefix:number%s", h.reader, NULL);
	}
done:
	xoev_header__clear(&h);
	return rc;
}

/* ------------------------------------------------------------------ */
/* public: xoev_header_read_*                                          */
/* ------------------------------------------------------------------ */

struct xoev_header {
	xoev_header_kind kind;
	char *id, *type, *created, *author, *reader, *family_version;
};

static xoev_header_kind kind_of(xoev_header_family f)
{
	switch (f) {
	case XOEV_HEADER_G2G: return XOEV_HEADER_KIND_G2G;
	case XOEV_HEADER_XINNERES: return XOEV_HEADER_KIND_XINNERES;
	case XOEV_HEADER_XDOMEA: return XOEV_HEADER_KIND_XDOMEA;
	case XOEV_HEADER_XJUSTIZ: return XOEV_HEADER_KIND_XJUSTIZ;
	default: return XOEV_HEADER_KIND_NONE;
	}
}

/* Parse an (already decompressed) document and read its header into a new handle. */
static int header_from_text(const char *text, size_t len, const char *name, xoev_header **out,
                            xoev_diag_list *diags)
{
	xoev_xdoc *doc = NULL;
	xoev_header_info info;
	xoev_header *h;
	int rc;

	rc = xoev_xml__parse(text, len, name, NULL, diags, &doc);
	if (rc != XOEV_OK)
		return rc;
	rc = xoev_header__read(doc, &info);
	xoev_xml__free(doc);
	if (rc != XOEV_OK)
		return rc;
	h = calloc(1, sizeof *h);
	if (!h) {
		xoev_header__clear(&info);
		return XOEV_ENOMEM;
	}
	/* the strings move from info to the handle */
	h->kind = kind_of(info.family);
	h->id = info.uuid;
	h->type = info.family == XOEV_HEADER_XJUSTIZ ? info.event : info.type_code;
	h->created = info.created;
	h->author = info.author;
	h->reader = info.reader;
	h->family_version = info.family_version;
	if (info.family == XOEV_HEADER_XJUSTIZ)
		free(info.type_code);
	else
		free(info.event);
	*out = h;
	return XOEV_OK;
}

int xoev_header_read_memory(const void *buf, size_t len, const char *name, xoev_header **out,
                            xoev_diag_list *diags)
{
	char err[256] = "";
	char *text = NULL;
	size_t tlen = 0;
	int rc;

	if (out)
		*out = NULL;
	if (!out || (!buf && len))
		return XOEV_EINVAL;
	if (xoev_init() != 0)
		return XOEV_ERROR;
	if (!name)
		name = "-";
	rc = xoev_io__maybe_gunzip(buf ? buf : "", len, 0, &text, &tlen, err, sizeof err);
	if (rc == XOEV_EIO)
		xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_IO, "io.read", name, 0, 0, NULL,
		                "%s", err[0] ? err : "cannot decompress");
	if (rc == XOEV_OK)
		rc = header_from_text(text, tlen, name, out, diags);
	free(text);
	return rc;
}

int xoev_header_read_file(const char *path, xoev_header **out, xoev_diag_list *diags)
{
	char err[256] = "";
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (out)
		*out = NULL;
	if (!path || !out)
		return XOEV_EINVAL;
	if (xoev_init() != 0)
		return XOEV_ERROR;
	rc = xoev_io__read_file(path, (size_t)512 << 20, &text, &len, err, sizeof err);
	if (rc == XOEV_EIO || rc == XOEV_ELIMIT)
		xoev_diag__addf(diags, XOEV_SEVERITY_ERROR, XOEV_LAYER_IO,
		                rc == XOEV_EIO ? "io.read" : "io.limit", path, 0, 0, NULL, "%s",
		                err[0] ? err : "cannot read the file");
	if (rc == XOEV_OK)
		rc = header_from_text(text, len, path, out, diags);
	free(text);
	return rc;
}

void xoev_header_free(xoev_header *h)
{
	if (!h)
		return;
	free(h->id);
	free(h->type);
	free(h->created);
	free(h->author);
	free(h->reader);
	free(h->family_version);
	free(h);
}

xoev_header_kind xoev_header_get_kind(const xoev_header *h)
{
	return h ? h->kind : XOEV_HEADER_KIND_NONE;
}

const char *xoev_header_kind_name(xoev_header_kind kind)
{
	switch (kind) {
	case XOEV_HEADER_KIND_G2G: return "g2g";
	case XOEV_HEADER_KIND_XINNERES: return "xinneres";
	case XOEV_HEADER_KIND_XDOMEA: return "xdomea";
	case XOEV_HEADER_KIND_XJUSTIZ: return "xjustiz";
	default: return "none";
	}
}

const char *xoev_header_message_id(const xoev_header *h) { return h ? h->id : NULL; }
const char *xoev_header_type(const xoev_header *h) { return h ? h->type : NULL; }
const char *xoev_header_created(const xoev_header *h) { return h ? h->created : NULL; }
const char *xoev_header_author(const xoev_header *h) { return h ? h->author : NULL; }
const char *xoev_header_reader(const xoev_header *h) { return h ? h->reader : NULL; }
const char *xoev_header_family_version(const xoev_header *h) { return h ? h->family_version : NULL; }
