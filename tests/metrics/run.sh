#!/bin/sh
# Translation metrics (FHIR cross-version map style): per translation path,
# the share of golden messages translated, valid after, and lossless on the
# round trip. See tests/metrics/translation-metrics.c for the definitions.
#
#   sh tests/metrics/run.sh write   (make metrics)   writes $BUILD/translation-metrics.md
#   sh tests/metrics/run.sh check   (make check)     compares with README.md
#
# Two tables, each between marker comments in README.md:
#   project: the golden examples of every bundle in schemas/ that has steps
#            (always computed and checked);
#   xdomea:  the samples of the real xdomea releases in the corpus, when
#            schemas/xdomea/*/steps/ holds steps (picked up automatically).
#            Needs the corpus (../shared/corpus or $XOEV_CORPUS): missing, the
#            check prints SKIP, or fails under CI (CI set).
#
# Environment: METRICS (the program), CLI (xoev, for importing the corpus
# releases), BUILD (output directory).
#
# SPDX-License-Identifier: Apache-2.0

set -eu

SRC=$(cd "$(dirname "$0")/../.." && pwd)
MODE=${1:-write}
BUILD=${BUILD:-build}
METRICS=${METRICS:-$BUILD/translation-metrics}
CLI=${CLI:-$BUILD/xoev}
CORPUS=${XOEV_CORPUS:-$SRC/../shared/corpus}
README=$SRC/README.md

die() { echo "metrics: $*" >&2; exit 1; }
[ -x "$METRICS" ] || die "no program at $METRICS (make metrics builds it)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/xoev-metrics-XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

section() { # NAME FILE: the table with its markers
	echo "<!-- translation-metrics:$1:begin (make metrics; checked by make check) -->"
	cat "$2"
	echo "<!-- translation-metrics:$1:end -->"
}

"$METRICS" --schema-path "$SRC/schemas" > "$TMP/project.md"
section project "$TMP/project.md" > "$TMP/project.section"

XDOMEA=skip
if ls "$SRC"/schemas/xdomea/*/steps/*.xsl >/dev/null 2>&1; then
	if [ -d "$CORPUS/xdomea" ]; then
		[ -x "$CLI" ] || die "no xoev CLI at $CLI"
		args=""
		for dir in "$CORPUS"/xdomea/*/; do
			v=$(basename "$dir")
			"$CLI" bundle import "$dir" --standard xdomea --version "$v" \
				--catalog "$CORPUS/catalog.xml" --into "$TMP/bundles/xdomea-$v" >/dev/null 2>"$TMP/import.err" ||
				{ cat "$TMP/import.err" >&2; die "import of the corpus release xdomea $v failed"; }
			[ -d "$dir/samples" ] && args="$args --samples xdomea $v $dir/samples"
		done
		# shellcheck disable=SC2086 # word splitting of $args is intended (no spaces in the corpus paths)
		# XSD only: the real samples carry code-list findings (tests/data/xdomea-codelist-expected.txt)
		"$METRICS" --no-examples --layers xsd --schema-path "$TMP/bundles" --schema-path "$SRC/schemas" $args \
			--title "xdomea, corpus samples, validated with the XSD layer (inputs, steps, results):" \
			> "$TMP/xdomea.md"
		section xdomea "$TMP/xdomea.md" > "$TMP/xdomea.section"
		XDOMEA=done
	elif [ -n "${CI:-}" ]; then
		die "schemas/xdomea has steps but the corpus is missing at $CORPUS (CI needs it)"
	else
		echo "SKIP translation metrics of xdomea: corpus missing at $CORPUS (set XOEV_CORPUS); not counted as checked"
	fi
fi

if [ "$MODE" = write ]; then
	mkdir -p "$BUILD"
	{
		cat "$TMP/project.section"
		if [ "$XDOMEA" = done ]; then echo; cat "$TMP/xdomea.section"; fi
	} > "$BUILD/translation-metrics.md"
	cat "$BUILD/translation-metrics.md"
	echo "metrics: written to $BUILD/translation-metrics.md (copy each section over its markers in README.md)" >&2
	exit 0
fi

# check: each computed section equals the one recorded in README.md
recorded() { # NAME: README's lines from the begin marker to the end marker
	awk -v b="<!-- translation-metrics:$1:begin" -v e="<!-- translation-metrics:$1:end -->" '
		index($0, b) == 1 { on = 1 } on { print } on && index($0, e) == 1 { exit }' "$README"
}
status=0
for name in project xdomea; do
	[ -f "$TMP/$name.section" ] || continue
	recorded "$name" > "$TMP/$name.recorded"
	if [ ! -s "$TMP/$name.recorded" ]; then
		echo "metrics: README.md has no translation-metrics:$name section; run make metrics and add it" >&2
		status=1
	elif ! diff -u "$TMP/$name.recorded" "$TMP/$name.section" > "$TMP/$name.diff"; then
		echo "metrics: the $name table in README.md is stale (- README, + now); run make metrics and copy it:" >&2
		cat "$TMP/$name.diff" >&2
		status=1
	else
		echo "metrics: the $name translation table in README.md is current ($(grep -c '^| [a-z]* | [0-9]' "$TMP/$name.md") rows)"
	fi
done
exit $status
