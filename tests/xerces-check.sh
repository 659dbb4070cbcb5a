#!/bin/sh
# Validate the example messages of the project's own bundles (schemas/*/*/)
# with a second XSD processor, Xerces-C, so that the schemas are not
# accidentally tied to libxml2's reading of XML Schema.
#
#   tests/xerces-check.sh [schemas-dir]
#
# For every bundle (a directory holding xoev-bundle.xml) it takes the entry
# schema from the manifest, and for every example under examples/ writes a
# temporary copy whose root element carries xsi:schemaLocation pointing at that
# schema, then runs Xerces' SAX2Count with validation forced on.
#   examples/valid/*.xml                      must validate;
#   examples/invalid/* with rule="xsd.*"      must fail (XSD errors);
#   examples/invalid/* with other rules       must validate (they are XSD-valid
#                                             by design: code-list or Schematron
#                                             findings only).
# Exit status: 0 all as expected, 1 some example not as expected, 2 setup error.
#
# Needs SAX2Count from the Debian/Ubuntu package listed in
# tests/xerces-packages.txt. Note: SAX2Count's -s and -n switches DISABLE
# schema and namespace processing, so neither is used here.
#
# SPDX-License-Identifier: Apache-2.0

set -u

here=$(cd "$(dirname "$0")" && pwd)
schemas=${1:-"$here/../schemas"}
schemas=$(cd "$schemas" 2>/dev/null && pwd) || { echo "xerces-check: no such directory: ${1:-$here/../schemas}" >&2; exit 2; }
sax2count=${SAX2COUNT:-SAX2Count}

if ! command -v "$sax2count" >/dev/null 2>&1; then
	echo "xerces-check: $sax2count not found (install: $(cat "$here/xerces-packages.txt" 2>/dev/null))" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/xerces-check.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

checked=0
failed=0
bundles=0

for manifest in "$schemas"/*/*/xoev-bundle.xml; do
	[ -f "$manifest" ] || continue
	bdir=$(dirname "$manifest")
	# <schema href="xsd/x.xsd" namespace="urn:..." entry="true"/>
	entry_line=$(grep '<schema ' "$manifest" | grep 'entry="true"' | head -n 1)
	href=$(printf '%s\n' "$entry_line" | sed -n 's/.*href="\([^"]*\)".*/\1/p')
	nsuri=$(printf '%s\n' "$entry_line" | sed -n 's/.*namespace="\([^"]*\)".*/\1/p')
	if [ -z "$href" ] || [ -z "$nsuri" ] || [ ! -f "$bdir/$href" ]; then
		echo "FAIL $manifest: no entry schema found" >&2
		failed=$((failed + 1))
		continue
	fi
	bundles=$((bundles + 1))
	for ex in "$bdir"/examples/valid/*.xml "$bdir"/examples/invalid/*.xml; do
		[ -f "$ex" ] || continue
		expect=$(sed -n 's/.*<?xoev-expect \([^?]*\)?>.*/\1/p' "$ex" | head -n 1)
		case "$expect" in
		valid) want=pass ;;
		rule=\"xsd.*) want=fail ;;
		rule=*) want=pass ;;
		*) echo "FAIL $ex: no <?xoev-expect?> instruction" >&2; failed=$((failed + 1)); continue ;;
		esac
		copy="$tmp/$(basename "$ex")"
		# Add xmlns:xsi and xsi:schemaLocation to the root start tag: the first
		# line that opens an element (not a PI, comment or declaration).
		awk -v loc="$nsuri file://$bdir/$href" '
			!done && /^[ \t]*<[A-Za-z_]/ {
				sub(/<[A-Za-z_][A-Za-z0-9_.:-]*/, "& xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"" loc "\"")
				done = 1
			}
			{ print }' "$ex" >"$copy"
		"$sax2count" -v=always -f "$copy" >"$tmp/out" 2>&1
		rc=$?
		checked=$((checked + 1))
		if [ $rc -eq 0 ] && grep -q -e '^Error' -e '^Fatal' "$tmp/out"; then rc=99; fi
		if [ "$want" = pass ] && [ $rc -ne 0 ]; then
			echo "FAIL $ex: expected Xerces to accept it:" >&2
			sed 's/^/    /' "$tmp/out" | head -n 20 >&2
			failed=$((failed + 1))
		elif [ "$want" = fail ] && [ $rc -eq 0 ]; then
			echo "FAIL $ex: expected Xerces to reject it ($expect)" >&2
			failed=$((failed + 1))
		fi
		rm -f "$copy"
	done
done

if [ $bundles -eq 0 ]; then
	echo "xerces-check: no bundles under $schemas" >&2
	exit 2
fi
echo "xerces-check: $bundles bundles, $checked examples, $failed not as expected"
[ $failed -eq 0 ] || exit 1
exit 0
