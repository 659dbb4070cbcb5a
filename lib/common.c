/*
 * libxoev - initialisation, version, status texts.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <pthread.h>
#include <stdlib.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxslt/xslt.h>

#include "internal.h"

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int init_status = XOEV_ERROR;

static void do_init(void)
{
	xmlInitParser();
	LIBXML_TEST_VERSION;
	xoev_xml__install_loader();
	init_status = XOEV_OK;
}

int xoev_init(void)
{
	if (pthread_once(&init_once, do_init) != 0)
		return XOEV_ERROR;
	return init_status;
}

const char *xoev_strerror(int status)
{
	switch (status) {
	case XOEV_OK: return "success";
	case XOEV_ERROR: return "failure";
	case XOEV_ENOMEM: return "out of memory";
	case XOEV_EINVAL: return "invalid argument";
	case XOEV_EIO: return "input/output error";
	case XOEV_ENOTFOUND: return "unknown standard, version or message type";
	case XOEV_ESCHEMA: return "schema does not compile";
	case XOEV_EBUNDLE: return "invalid bundle";
	case XOEV_EEXISTS: return "destination exists";
	case XOEV_ELIMIT: return "safety limit reached";
	case XOEV_EUNSUPPORTED: return "not supported";
	default: return "unknown status";
	}
}

const char *xoev_version(int *major, int *minor, int *patch)
{
	if (major)
		*major = XOEV_VERSION_MAJOR;
	if (minor)
		*minor = XOEV_VERSION_MINOR;
	if (patch)
		*patch = XOEV_VERSION_PATCH;
	return XOEV_VERSION_STRING;
}

void xoev_free(void *ptr)
{
	free(ptr);
}
