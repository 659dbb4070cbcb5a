#!/bin/sh
# libxoev - check that the build dependencies are installed.
#
# Checks pkg-config, the development files of libxml2, libxslt, zlib and
# Check (pkg-config metadata plus a compile-and-link probe). When something
# is missing: as root with apt-get, installs the Debian packages
# non-interactively; otherwise prints the exact command and exits 1.
#
# Environment: CC (default cc), PKG_CONFIG (default pkg-config),
# XOEV_DEPS_QUIET=1 to print nothing when everything is present,
# XOEV_DEPS_VERBOSE=1 to show the compiler output of the probe.
#
# SPDX-License-Identifier: Apache-2.0

set -u

CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
MODULES="libxml-2.0 libxslt zlib check"
PACKAGES="pkg-config libxml2-dev libxslt1-dev zlib1g-dev check libxml2-utils xsltproc"

say() { printf 'deps.sh: %s\n' "$*" >&2; }

# Prints what is missing (one reason a line) on stdout; exit 0 if nothing.
probe() {
	missing=0
	if ! command -v "$CC" >/dev/null 2>&1; then
		echo "no C compiler ($CC)"
		missing=1
	fi
	if ! command -v "$PKG_CONFIG" >/dev/null 2>&1; then
		echo "no pkg-config ($PKG_CONFIG)"
		return 1
	fi
	for m in $MODULES; do
		if ! "$PKG_CONFIG" --exists "$m" 2>/dev/null; then
			echo "pkg-config module $m not found"
			missing=1
		fi
	done
	[ "$missing" = 0 ] || return 1

	# The .pc files can be there while a header is not: compile and link.
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/xoev-deps.XXXXXX") || return 1
	cat > "$tmp/probe.c" <<'EOF'
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxslt/xslt.h>
#include <libxslt/transform.h>
#include <zlib.h>
#include <check.h>
int main(void)
{
	xmlInitParser();
	(void)zlibVersion();
	(void)xsltLibxsltVersion;
	(void)srunner_create;
	return 0;
}
EOF
	# shellcheck disable=SC2046
	if ! "$CC" -o "$tmp/probe" "$tmp/probe.c" \
	        $("$PKG_CONFIG" --cflags $MODULES) \
	        $("$PKG_CONFIG" --libs $MODULES) >"$tmp/log" 2>&1; then
		# One line per missing header or library, not a compiler dump.
		sed -n -e 's/.*[Ee]rror: \([^ :]*\): No such file or directory.*/header <\1> not found/p' \
		       -e 's/.*cannot find -l\([^ :]*\).*/library -l\1 not found/p' "$tmp/log" | sort -u > "$tmp/why"
		if [ -s "$tmp/why" ]; then
			cat "$tmp/why"
		else
			echo "a test program using libxml2, libxslt, zlib and Check does not compile"
		fi
		[ "${XOEV_DEPS_VERBOSE:-0}" = 1 ] && sed 's/^/    /' "$tmp/log"
		missing=1
	fi
	rm -rf "$tmp"
	return "$missing"
}

command -v "$CC" >/dev/null 2>&1 || PACKAGES="gcc libc6-dev $PACKAGES"

if report=$(probe); then
	[ "${XOEV_DEPS_QUIET:-0}" = 1 ] || say "all development packages present"
	exit 0
fi

say "missing build dependencies:"
printf '%s\n' "$report" | sed 's/^/    /' >&2

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	say "running as root: installing $PACKAGES"
	export DEBIAN_FRONTEND=noninteractive
	# shellcheck disable=SC2086
	if ! { apt-get update && apt-get install -y $PACKAGES; }; then
		say "apt-get failed"
		exit 1
	fi
	if report=$(probe); then
		say "development packages installed"
		exit 0
	fi
	say "still missing after apt-get install:"
	printf '%s\n' "$report" | sed 's/^/    /' >&2
	exit 1
fi

echo "libxoev needs development packages. Run: sudo apt-get install -y $PACKAGES" >&2
exit 1
