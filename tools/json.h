/*
 * xoev - a small JSON reader for `xoev new --from`: one object whose
 * members are paths and whose values are strings or arrays of strings.
 * No library dependency; positions in errors are line:column (1-based,
 * columns in bytes).
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_JSON_H
#define XOEV_JSON_H

#include <stddef.h>

/** One value to set: a path (with [n] added for array members) and its value. */
typedef struct {
	char *path;
	char *value;
	unsigned long line, column; /* where the value starts in the JSON text */
} json_value;

typedef struct {
	json_value *items;
	size_t count;
} json_values;

/**
 * Read text (len bytes, UTF-8) as {"path": "value", "path": ["v1", "v2"], ...}.
 * An array maps to path[1], path[2], ...: the index goes on the last
 * element step ("dokument/@eintrag": [...] gives "dokument[1]/@eintrag").
 * Members are returned in document order; duplicate paths, numbers,
 * booleans, null, nested objects and arrays are refused.
 * Returns 0 and fills *out (free with json_values_free), or -1 with err set
 * to "LINE:COL: message" (out is then empty).
 */
int json_read_values(const char *text, size_t len, json_values *out, char *err, size_t errlen);

void json_values_free(json_values *v);

#endif
