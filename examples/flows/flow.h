/*
 * examples/flows - the part every flow shares: open the registry, set
 * values with error reporting, validate the serialised message in all
 * layers and write exactly the validated bytes atomically.
 *
 * Uses the public API only (<xoev/xoev.h>).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef FLOW_H
#define FLOW_H

#include <xoev/xoev.h>

/** One flow run: the registry (search path: $XOEV_SCHEMA_PATH, then the installed schemas). */
typedef struct {
	const char *name;        /* program name, for messages */
	xoev_registry *reg;
	const xoev_bundle *bundle;
	xoev_message *msg;
	int failed;              /* a set was refused */
} flow;

/** Open the registry, find standard/version and start a message. 0 or -1 (printed). */
int flow_begin(flow *f, const char *name, const char *standard, const char *version,
               const char *message, const char *author, const char *reader);

/** Set a value; a refusal is printed and remembered (f->failed), the flow goes on. */
void flow_set(flow *f, const char *path, const char *value);

/** flow_set with a path built from fmt (printf style). */
void flow_setp(flow *f, const char *value, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * Serialise, validate with every layer and, when the verdict is VALID,
 * write the validated bytes to out atomically. 0 or -1 (findings printed).
 */
int flow_finish(flow *f, const char *out);

/** Free everything flow_begin opened. */
void flow_end(flow *f);

#endif
