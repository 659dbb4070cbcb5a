/*
 * examples/flows - shared helpers, see flow.h.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flow.h"

int flow_begin(flow *f, const char *name, const char *standard, const char *version,
               const char *message, const char *author, const char *reader)
{
	xoev_message_options mo = XOEV_MESSAGE_OPTIONS_INIT;
	int rc;

	memset(f, 0, sizeof *f);
	f->name = name;
	rc = xoev_registry_open(&f->reg, NULL, NULL);
	if (rc != XOEV_OK) {
		fprintf(stderr, "%s: cannot open the registry: %s\n", name, xoev_strerror(rc));
		return -1;
	}
	if (xoev_registry_find(f->reg, standard, version, &f->bundle) != XOEV_OK) {
		fprintf(stderr, "%s: %s %s not found (set XOEV_SCHEMA_PATH to the schemas directory)\n",
		        name, standard, version);
		return -1;
	}
	mo.author = author;
	mo.reader = reader;
	rc = xoev_message_new(&f->msg, f->bundle, message, &mo);
	if (rc != XOEV_OK) {
		fprintf(stderr, "%s: cannot start %s: %s\n", name, message, xoev_strerror(rc));
		return -1;
	}
	return 0;
}

void flow_set(flow *f, const char *path, const char *value)
{
	if (xoev_message_set(f->msg, path, value) != XOEV_OK) {
		fprintf(stderr, "%s: %s\n", f->name, xoev_message_error(f->msg));
		f->failed = 1;
	}
}

void flow_setp(flow *f, const char *value, const char *fmt, ...)
{
	char path[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	flow_set(f, path, value);
}

/* Write buf to path through a temporary file in the same directory and rename. */
static int write_atomic(const char *path, const char *buf, size_t len)
{
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n);
	FILE *out;
	int fd, ok;

	if (!tmp)
		return -1;
	snprintf(tmp, n, "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return -1;
	}
	out = fdopen(fd, "wb");
	if (!out) {
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	ok = fwrite(buf, 1, len, out) == len;
	ok = fflush(out) == 0 && ok;
	ok = fsync(fileno(out)) == 0 && ok;
	ok = fclose(out) == 0 && ok;
	ok = ok && rename(tmp, path) == 0;
	if (!ok)
		unlink(tmp);
	free(tmp);
	return ok ? 0 : -1;
}

int flow_finish(flow *f, const char *out)
{
	xoev_validate_options vo = XOEV_VALIDATE_OPTIONS_INIT;
	xoev_validator *v = NULL;
	xoev_diag_list *diags = NULL;
	xoev_verdict verdict = XOEV_VERDICT_IO_ERROR;
	char *xml = NULL;
	size_t len = 0, i;
	int rc, status = -1;

	if (f->failed)
		return -1;
	rc = xoev_message_serialize(f->msg, &xml, &len);
	if (rc != XOEV_OK) {
		fprintf(stderr, "%s: %s\n", f->name,
		        *xoev_message_error(f->msg) ? xoev_message_error(f->msg) : xoev_strerror(rc));
		return -1;
	}
	vo.layers = XOEV_RUN_ALL;
	rc = xoev_validator_new(&v, f->reg, &vo);
	if (rc == XOEV_OK)
		rc = xoev_diag_list_new(&diags);
	if (rc == XOEV_OK)
		rc = xoev_validate_memory(v, xml, len, out, diags, &verdict);
	if (rc != XOEV_OK) {
		fprintf(stderr, "%s: cannot validate: %s\n", f->name, xoev_strerror(rc));
	} else {
		for (i = 0; i < xoev_diag_list_count(diags); i++) {
			char *line = xoev_diag_format(xoev_diag_list_get(diags, i));
			fprintf(stderr, "%s\n", line ? line : "(out of memory)");
			xoev_free(line);
		}
		if (verdict != XOEV_VERDICT_VALID)
			fprintf(stderr, "%s: the message is %s; not written\n", f->name,
			        xoev_verdict_name(verdict));
		else if (write_atomic(out, xml, len) != 0)
			fprintf(stderr, "%s: cannot write %s\n", f->name, out);
		else
			status = 0;
	}
	if (status == 0)
		printf("%s: %s written (%zu bytes, valid in every layer)\n", f->name, out, len);
	xoev_free(xml);
	xoev_diag_list_free(diags);
	xoev_validator_free(v);
	return status;
}

void flow_end(flow *f)
{
	xoev_message_free(f->msg);
	xoev_registry_free(f->reg);
	f->msg = NULL;
	f->reg = NULL;
}
