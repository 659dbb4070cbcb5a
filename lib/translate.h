/*
 * libxoev - internal interface between the registry and translate.c. Not installed.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_TRANSLATE_INTERNAL_H
#define XOEV_TRANSLATE_INTERNAL_H

#include "xoev/registry.h"

/**
 * The translation steps of a bundle (its compiled stylesheets), owned by
 * the bundle: built by load(b, &state) on the first call, once, under the
 * bundle's lock (thread-safe, lazy, like xoev_bundle__layers), and freed
 * with free_fn when the registry is freed. *out is borrowed until then.
 * A failed load (non-zero return, state not kept) is retried by the next call.
 * Returns 0 or what load returned.
 */
int xoev_bundle__steps(const xoev_bundle *b, int (*load)(const xoev_bundle *b, void **state),
                       void (*free_fn)(void *state), void **out);

/**
 * The directory whose steps/ holds the bundle's translation steps and
 * whose parent holds changes/: the bundle's own directory if it has
 * steps/, else the first <standard>/<version> directory without a
 * manifest but with steps/ on the search path (a step home: how libxoev
 * ships steps for standards whose schemas the user imports, e.g. xdomea).
 */
const char *xoev_bundle__steps_home(const xoev_bundle *b);

#endif /* XOEV_TRANSLATE_INTERNAL_H */
