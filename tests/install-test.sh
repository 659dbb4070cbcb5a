#!/bin/sh
# libxoev - install test (run by `make installcheck` and .ci/run).
#
# 1. `make install DESTDIR=<tmp> PREFIX=/usr/local`: checks every file the
#    install must hold, builds examples/pkgconfig against the staged install
#    through pkg-config, runs it with LD_LIBRARY_PATH, then `make uninstall`
#    must leave no file behind.
# 2. `make install PREFIX=<tmp>` (a real install, separate build directory):
#    the installed library finds its installed bundles with no search path,
#    i.e. XOEV_DATADIR points at $(DATADIR)/schemas.
#
# Environment: MAKE, BUILD (build directory of phase 1), CC, PKG_CONFIG.
#
# SPDX-License-Identifier: Apache-2.0

set -eu

MAKE=${MAKE:-make}
BUILD=${BUILD:-build}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
src=$(cd "$(dirname "$0")/.." && pwd)
prefix=/usr/local

work=$(mktemp -d "${TMPDIR:-/tmp}/xoev-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
stage=$work/stage
mkdir -p "$stage"

fails=0
fail() { echo "install-test: FAIL: $*" >&2; fails=$((fails + 1)); }
ok() { echo "install-test: ok: $*"; }
need() { # need TEST PATH...: each path exists (file or symlink)
	what=$1; shift
	for p in "$@"; do
		[ -e "$p" ] || [ -L "$p" ] || { fail "$what: missing $p"; return 0; }
	done
	ok "$what"
}

# Bundles shipped in the tree: every schemas/<std>/<ver>/ with a manifest.
expected_bundles=$(cd "$src/schemas" && find . -mindepth 3 -maxdepth 3 -name xoev-bundle.xml | wc -l)
expected_bundles=$((expected_bundles + 0))

echo "=== phase 1: make install DESTDIR=$stage PREFIX=$prefix"
"$MAKE" -C "$src" --no-print-directory BUILD="$BUILD" CC="$CC" install DESTDIR="$stage" PREFIX="$prefix"

root=$stage$prefix
need "static library" "$root/lib/libxoev.a"
need "shared library" "$root/lib/libxoev.so.0.1.0"
if [ "$(readlink "$root/lib/libxoev.so.0")" = libxoev.so.0.1.0 ] &&
   [ "$(readlink "$root/lib/libxoev.so")" = libxoev.so.0 ]; then
	ok "symlinks libxoev.so -> libxoev.so.0 -> libxoev.so.0.1.0"
else
	fail "symlinks: libxoev.so.0 -> '$(readlink "$root/lib/libxoev.so.0")', libxoev.so -> '$(readlink "$root/lib/libxoev.so")'"
fi
need "CLI" "$root/bin/xoev"
[ -x "$root/bin/xoev" ] || fail "bin/xoev is not executable"
need "pkg-config file" "$root/lib/pkgconfig/xoev.pc"

for h in "$src"/include/xoev/*.h; do
	cmp -s "$h" "$root/include/xoev/$(basename "$h")" || fail "header $(basename "$h") not installed"
done
nh_src=$(ls "$src"/include/xoev/*.h | wc -l)
nh_dst=$(ls "$root"/include/xoev/*.h | wc -l)
[ "$nh_src" -eq "$nh_dst" ] && ok "headers ($nh_dst)" || fail "headers: $nh_src in tree, $nh_dst installed"

# Schemas: every file of every bundle directory plus schemas/*.xsd and *.json.
(cd "$src/schemas" && { ls *.xsd *.json 2>/dev/null; find . -mindepth 2 -type f ! -name '.*' ! -name '*~' | sed 's|^\./||'; } | LC_ALL=C sort) > "$work/schemas.src"
(cd "$root/share/xoev/schemas" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) > "$work/schemas.dst"
if cmp -s "$work/schemas.src" "$work/schemas.dst"; then
	ok "schemas ($(wc -l < "$work/schemas.dst") files, $expected_bundles bundles)"
else
	fail "installed schemas differ from the tree:"
	diff "$work/schemas.src" "$work/schemas.dst" | sed 's/^/    /' >&2 || true
fi

if strings "$root/lib/libxoev.so.0.1.0" | grep -qx "$prefix/share/xoev/schemas"; then
	ok "XOEV_DATADIR is $prefix/share/xoev/schemas"
else
	fail "the library does not carry the data directory $prefix/share/xoev/schemas"
fi

# pkg-config against the staged tree. The sysroot prefixes only xoev's own
# paths here; libxml2 & co. come from the build machine.
export PKG_CONFIG_PATH="$root/lib/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$stage"
pc_version=$("$PKG_CONFIG" --modversion xoev) || pc_version=
[ "$pc_version" = 0.1.0 ] && ok "pkg-config --modversion xoev = 0.1.0" || fail "pkg-config --modversion xoev = '$pc_version'"
echo "pkg-config --cflags --libs xoev: $("$PKG_CONFIG" --cflags --libs xoev)"
echo "pkg-config --static --libs xoev: $("$PKG_CONFIG" --static --libs xoev)"

cp -R "$src/examples/pkgconfig" "$work/example"
if "$MAKE" -C "$work/example" --no-print-directory CC="$CC" PKG_CONFIG="$PKG_CONFIG" CFLAGS="-O2 -g -Wall -Wextra -Werror"; then
	ok "examples/pkgconfig builds against the staged install"
	if LD_LIBRARY_PATH="$root/lib" ldd "$work/example/xoev-hello" | grep -q "$root/lib/libxoev.so.0"; then
		ok "xoev-hello loads the staged libxoev.so.0"
	else
		fail "xoev-hello does not load $root/lib/libxoev.so.0:"
		LD_LIBRARY_PATH="$root/lib" ldd "$work/example/xoev-hello" >&2 || true
	fi
	if out=$(LD_LIBRARY_PATH="$root/lib" "$work/example/xoev-hello" "$root/share/xoev/schemas" 2>&1); then
		echo "$out" | sed 's/^/    /'
		echo "$out" | grep -q '^libxoev 0\.1\.0 ' || fail "xoev-hello: no version line"
		echo "$out" | grep -q "^$expected_bundles bundles*$" ||
			fail "xoev-hello: expected $expected_bundles bundle(s) from the staged schemas"
		ok "xoev-hello runs"
	else
		echo "$out" | sed 's/^/    /' >&2
		fail "xoev-hello exited non-zero"
	fi
else
	fail "examples/pkgconfig does not build against the staged install"
fi
# Static: libxoev.a plus what Requires.private/Libs.private name must link.
static_libs=$("$PKG_CONFIG" --static --libs xoev | sed 's/ -lxoev / /; s/^-lxoev //')
# shellcheck disable=SC2046,SC2086
if "$CC" -std=c99 -o "$work/xoev-hello-static" "$work/example/xoev-hello.c" $("$PKG_CONFIG" --cflags xoev) \
       "$root/lib/libxoev.a" $static_libs &&
   ! ldd "$work/xoev-hello-static" | grep -q libxoev &&
   "$work/xoev-hello-static" "$root/share/xoev/schemas" | grep -q "^$expected_bundles bundles*$"; then
	ok "xoev-hello links statically with libxoev.a and pkg-config --static --libs"
else
	fail "static link against libxoev.a with pkg-config --static --libs xoev ($static_libs)"
fi
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

if LD_LIBRARY_PATH="$root/lib" "$root/bin/xoev" --help > "$work/help.out" 2>&1; then
	ok "installed xoev --help"
else
	fail "installed xoev --help exited non-zero:"
	sed 's/^/    /' "$work/help.out" >&2
fi

echo "=== phase 1: make uninstall DESTDIR=$stage PREFIX=$prefix"
"$MAKE" -C "$src" --no-print-directory BUILD="$BUILD" uninstall DESTDIR="$stage" PREFIX="$prefix"
left=$(cd "$stage" && find . ! -type d)
if [ -z "$left" ]; then
	ok "make uninstall removed every installed file"
else
	fail "make uninstall left files behind:"
	printf '    %s\n' $left >&2
fi
for d in "$root/include/xoev" "$root/share/xoev"; do
	[ -d "$d" ] && fail "make uninstall left the directory $d"
done

echo "=== phase 2: make install PREFIX=$work/prefix (real install, own build directory)"
"$MAKE" -C "$src" --no-print-directory BUILD="$work/build" CC="$CC" install PREFIX="$work/prefix" > "$work/phase2.log" 2>&1 ||
	{ cat "$work/phase2.log" >&2; fail "make install PREFIX=$work/prefix"; }
if [ -f "$work/prefix/lib/pkgconfig/xoev.pc" ]; then
	rm -f "$work/example/xoev-hello"
	if PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" "$MAKE" -C "$work/example" --no-print-directory \
	       CC="$CC" PKG_CONFIG="$PKG_CONFIG" >/dev/null &&
	   out=$(env -u XOEV_SCHEMA_PATH LD_LIBRARY_PATH="$work/prefix/lib" "$work/example/xoev-hello" 2>&1); then
		echo "$out" | sed 's/^/    /'
		if echo "$out" | grep -q "^$expected_bundles bundles*$"; then
			ok "the installed library finds its $expected_bundles installed bundle(s) without a search path"
		else
			fail "the installed library did not find the $expected_bundles installed bundle(s) by default"
		fi
	else
		fail "xoev-hello against $work/prefix"
	fi
	"$MAKE" -C "$src" --no-print-directory BUILD="$work/build" uninstall PREFIX="$work/prefix" >/dev/null
	left=$(cd "$work/prefix" && find . ! -type d)
	[ -z "$left" ] && ok "make uninstall PREFIX=$work/prefix" || fail "uninstall left: $left"
fi

if [ "$fails" -ne 0 ]; then
	echo "install-test: $fails failure(s)" >&2
	exit 1
fi
echo "install-test: all passed"
