#!/bin/sh
# libxoev - exported-symbol test.
#
# The dynamic symbols that the shared library defines must be exactly the
# functions (and objects) declared with XOEV_EXTERN in the public headers:
# no more (a leaked internal helper), no less (a declared but missing or
# hidden function). Also checks the soname.
#
# Usage: tests/check_symbols.sh build/libxoev.so.X.Y.Z include/xoev
# Environment: CC (preprocessor, default cc), NM (default nm).
#
# SPDX-License-Identifier: Apache-2.0

set -u
lib=${1:?usage: check_symbols.sh LIBRARY HEADER_DIR}
hdrdir=${2:?usage: check_symbols.sh LIBRARY HEADER_DIR}
CC=${CC:-cc}
NM=${NM:-nm}
incdir=$(dirname "$hdrdir")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/xoev-symbols.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

[ -f "$lib" ] || { echo "check_symbols: $lib not found" >&2; exit 1; }

# Declared: preprocess every header as the library does, so that each
# XOEV_EXTERN becomes the visibility attribute; comments, line breaks and
# other macros are then gone. The name is the last identifier before the
# parameter list ("(") or, for an object, before ";".
# One translation unit that includes every header: guards keep each
# declaration once.
for h in "$hdrdir"/*.h; do
	printf '#include "%s"\n' "$(basename "$hdrdir")/$(basename "$h")"
done > "$tmp/all.c"
if ! "$CC" -E -P -DXOEV_BUILDING_LIBRARY -I"$incdir" -x c "$tmp/all.c" > "$tmp/pp.c" 2> "$tmp/pp.err"; then
	echo "check_symbols: cannot preprocess the headers of $hdrdir:" >&2
	cat "$tmp/pp.err" >&2
	exit 1
fi
tr '\n' ' ' < "$tmp/pp.c" |
	grep -oE 'visibility *\( *"default" *\) *\) *\)[^;{}(]*[(;]' |
	sed -E 's/[[:space:]]*[(;]$//; s/.*[^A-Za-z0-9_]([A-Za-z_][A-Za-z0-9_]*)$/\1/' \
	> "$tmp/declared.raw"
LC_ALL=C sort -u "$tmp/declared.raw" > "$tmp/declared"

# Sanity: the text count of XOEV_EXTERN( uses (outside the macro's own
# definition) must match, or the extraction above missed something.
text_count=$(cat "$hdrdir"/*.h | grep -v '^[[:space:]]*#' | grep -o 'XOEV_EXTERN(' | wc -l)
decl_count=$(wc -l < "$tmp/declared.raw")
if [ "$text_count" -ne "$decl_count" ]; then
	echo "check_symbols: found $text_count XOEV_EXTERN uses in $hdrdir but extracted $decl_count declarations" >&2
	exit 1
fi

# Exported: defined dynamic symbols, minus what the linker itself adds.
if ! "$NM" -D --defined-only "$lib" > "$tmp/nm.out" 2> "$tmp/nm.err"; then
	echo "check_symbols: $NM -D failed on $lib:" >&2
	cat "$tmp/nm.err" >&2
	exit 1
fi
awk 'NF >= 3 { print $3 }' "$tmp/nm.out" |
	sed 's/@.*//' |
	grep -vxE '_init|_fini|_edata|_end|__bss_start|_DYNAMIC|_GLOBAL_OFFSET_TABLE_' |
	LC_ALL=C sort -u > "$tmp/exported"

status=0
extra=$(LC_ALL=C comm -13 "$tmp/declared" "$tmp/exported")
missing=$(LC_ALL=C comm -23 "$tmp/declared" "$tmp/exported")
if [ -n "$extra" ]; then
	echo "check_symbols: exported by $lib but not declared with XOEV_EXTERN in $hdrdir:" >&2
	printf '    %s\n' $extra >&2
	status=1
fi
if [ -n "$missing" ]; then
	echo "check_symbols: declared with XOEV_EXTERN in $hdrdir but not exported by $lib:" >&2
	printf '    %s\n' $missing >&2
	status=1
fi

soname=$(LC_ALL=C objdump -p "$lib" 2>/dev/null | awk '$1 == "SONAME" { print $2 }')
if command -v objdump >/dev/null 2>&1 && [ "$soname" != "libxoev.so.0" ]; then
	echo "check_symbols: soname of $lib is '$soname', expected libxoev.so.0" >&2
	status=1
fi

if [ "$status" = 0 ]; then
	echo "symbol test: $(wc -l < "$tmp/exported") exported symbols = $(wc -l < "$tmp/declared") XOEV_EXTERN declarations"
fi
exit "$status"
