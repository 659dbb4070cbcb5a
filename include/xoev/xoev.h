/*
 * libxoev - umbrella header: generate, validate and translate XÖV messages.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef XOEV_XOEV_H
#define XOEV_XOEV_H

#include "common.h"
#include "diag.h"
#include "registry.h"
#include "profile.h"
#include "validate.h"
#include "bundle.h"
#include "report.h"
#include "header.h"
#include "generate.h"
#include "translate.h"
#include "diff.h"
#include "conformance.h"
#include "mapping.h"

#endif /* XOEV_XOEV_H */
