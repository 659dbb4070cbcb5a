/*
 * xoev-hello - the smallest program built against an installed libxoev
 * through pkg-config: prints the library version and the bundles the
 * registry finds.
 *
 * Usage: xoev-hello [BUNDLE_DIR...]
 *   Searches the given directories, then $XOEV_SCHEMA_PATH, then the
 *   installed data directory.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#include <stdio.h>
#include <stdlib.h>

#include <xoev/xoev.h>

int main(int argc, char **argv)
{
	xoev_registry_options opts = XOEV_REGISTRY_OPTIONS_INIT;
	xoev_registry *reg = NULL;
	xoev_diag_list *diags = NULL;
	int major, minor, patch, rc;
	size_t i, n;

	printf("libxoev %s (headers %s)\n", xoev_version(&major, &minor, &patch),
	       XOEV_VERSION_STRING);
	if (major != XOEV_VERSION_MAJOR) {
		fprintf(stderr, "xoev-hello: library major version %d, headers %d\n",
		        major, XOEV_VERSION_MAJOR);
		return EXIT_FAILURE;
	}

	opts.paths = (const char *const *)(argv + 1);
	opts.path_count = argc > 1 ? (size_t)(argc - 1) : 0;

	rc = xoev_diag_list_new(&diags);
	if (rc == 0)
		rc = xoev_registry_open(&reg, &opts, diags);
	if (rc != 0) {
		fprintf(stderr, "xoev-hello: %s\n", xoev_strerror(rc));
		xoev_diag_list_free(diags);
		return EXIT_FAILURE;
	}
	for (i = 0; i < xoev_diag_list_count(diags); i++) {
		char *line = xoev_diag_format(xoev_diag_list_get(diags, i));
		fprintf(stderr, "%s\n", line ? line : "(out of memory)");
		xoev_free(line);
	}

	n = xoev_registry_bundle_count(reg);
	printf("%lu bundle%s\n", (unsigned long)n, n == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		const xoev_bundle *b = xoev_registry_bundle(reg, i);
		printf("  %s %s: %lu message type(s)\n", xoev_bundle_standard(b),
		       xoev_bundle_version(b), (unsigned long)xoev_bundle_message_count(b));
	}

	xoev_registry_free(reg);
	xoev_diag_list_free(diags);
	return EXIT_SUCCESS;
}
