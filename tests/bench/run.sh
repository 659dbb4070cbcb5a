#!/bin/sh
# libxoev bench: libxoev against xmllint on the same generated files, in one run.
#
#   make bench            (builds the CLI and tests/bench/gen.c, then runs this)
#
# Environment (set by the Makefile; defaults for a manual run):
#   XOEV   the xoev CLI            (build/xoev)
#   GEN    the corpus generator    (build/bench/gen)
#   BUILD  where bench.md goes     (build)
#   BENCH_SMALL    number of small messages     (20000)
#   BENCH_BIG_MB   size of the large message    (300, in 10^6 bytes)
#   BENCH_HUGE_MB  size of the streaming message (1000)
#   BENCH_TIMEOUT  seconds one command may take before it is stopped (300)
#   BENCH_REPEAT   runs per small-message measurement; the fastest counts (3)
#   BENCH_DIR      scratch directory (default: a new one under $TMPDIR or /tmp, removed after)
#   BENCH_TRANSLATE number of xmig 1.0 messages translated to 2.0 (5000)
#
# Needs xmllint, xsltproc and GNU time (/usr/bin/time, Debian package "time", listed in
# tests/bench/packages.txt; installed with apt-get when run as root).
# Prints a markdown table and writes it to $BUILD/bench.md. Not part of CI.
#
# SPDX-License-Identifier: Apache-2.0

set -eu

SRC=$(cd "$(dirname "$0")/../.." && pwd)
XOEV=${XOEV:-$SRC/build/xoev}
GEN=${GEN:-$SRC/build/bench/gen}
BUILD=${BUILD:-build}
SMALL=${BENCH_SMALL:-20000}
BIG_MB=${BENCH_BIG_MB:-300}
HUGE_MB=${BENCH_HUGE_MB:-1000}
TIMEOUT=${BENCH_TIMEOUT:-300}
REPEAT=${BENCH_REPEAT:-3}
TRANSLATE=${BENCH_TRANSLATE:-5000}
SCHEMAS=$SRC/schemas
NCPU=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?')

die() { echo "bench: $*" >&2; exit 1; }

[ -x "$XOEV" ] || die "no xoev CLI at $XOEV (run: make bench)"
[ -x "$GEN" ] || die "no generator at $GEN (run: make bench)"
command -v xmllint >/dev/null 2>&1 || die "xmllint is missing (apt-get install -y libxml2-utils)"
command -v xsltproc >/dev/null 2>&1 || die "xsltproc is missing (apt-get install -y xsltproc)"
if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "bench: installing $(cat "$SRC/tests/bench/packages.txt") (GNU time)" >&2
		apt-get install -y $(cat "$SRC/tests/bench/packages.txt") >/dev/null 2>&1 ||
			die "apt-get install $(cat "$SRC/tests/bench/packages.txt") failed"
	else
		die "GNU time is missing: sudo apt-get install -y $(cat "$SRC/tests/bench/packages.txt")"
	fi
fi
/usr/bin/time -f %M true >/dev/null 2>&1 || die "/usr/bin/time is not GNU time"

if [ -n "${BENCH_DIR:-}" ]; then
	TMP=$BENCH_DIR
	mkdir -p "$TMP"
	KEEP=1
else
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/xoev-bench-XXXXXX")
	KEEP=0
fi
cleanup() { [ "$KEEP" = 1 ] || rm -rf "$TMP"; }
trap cleanup EXIT INT TERM

mkdir -p "$BUILD"
OUT=$BUILD/bench.md
ROWS=$TMP/rows.md
: > "$ROWS"

# The entry schema of a bundle directory (the manifest's entry="true" schema).
entry_xsd() {
	href=$(grep 'entry="true"' "$1/xoev-bundle.xml" | head -n 1 | sed 's/.*href="\([^"]*\)".*/\1/')
	[ -n "$href" ] || die "no entry schema in $1/xoev-bundle.xml"
	echo "$1/$href"
}

XOEVV="$XOEV validate --schema-path $SCHEMAS --no-default-path --quiet"

now_ns() { date +%s%N; }

# measure NAME EXPECT CMD...: run CMD under GNU time (peak RSS, CPU seconds)
# and the wall clock (nanoseconds, GNU date); sets SECS, CPU, RSS_MB, RC and note.
# EXPECT: the exit status that means "ran as intended" (0 for valid input).
# A command that runs longer than $TIMEOUT seconds is stopped (exit 124).
measure() {
	name=$1
	expect=$2
	shift 2
	set +e
	t0=$(now_ns)
	timeout "$TIMEOUT" /usr/bin/time -f '%U %S %M' -o "$TMP/time.out" "$@" >"$TMP/cmd.out" 2>&1
	RC=$?
	t1=$(now_ns)
	set -e
	SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
	kb=$(tail -n 1 "$TMP/time.out" 2>/dev/null | awk 'NF == 3 { print $3; exit } END { if (NF != 3) print 0 }')
	CPU=$(tail -n 1 "$TMP/time.out" 2>/dev/null | awk 'NF == 3 { printf "%.2f", $1 + $2; exit } END { if (NF != 3) print "?" }')
	RSS_MB=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
	note=""
	if [ "$RC" = 124 ]; then
		note="stopped after ${TIMEOUT} s (BENCH_TIMEOUT)"
		SECS=">$TIMEOUT"
		echo "bench: $name: stopped after $TIMEOUT s" >&2
	elif [ "$RC" != "$expect" ]; then
		note="exit $RC, expected $expect: $(grep -v '^ *$' "$TMP/cmd.out" | tail -n 1 | cut -c1-100 | tr '|' '/')"
		echo "bench: $name: exit $RC (expected $expect)" >&2
		tail -n 3 "$TMP/cmd.out" >&2
	fi
	echo "  $name: ${SECS}s, ${RSS_MB} MB, exit $RC" >&2
}

# row CASE TOOL: append the last measurement as a table row
row() {
	printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$SECS" "${CPU:-?}" "$RSS_MB" "${note:-ok}" >> "$ROWS"
}

ratio() {
	case "$1$2" in *'>'*) echo "n/a (timeout)"; return ;; esac
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
}
add() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a + b }'; }
maxf() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (a > b ? a : b) }'; }

T0=$(date +%s)
LOAD0=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')

# ------------------------------------------------------------------
# corpus
# ------------------------------------------------------------------
echo "bench: generating $SMALL small messages, ${BIG_MB} MB and ${HUGE_MB} MB messages in $TMP" >&2
"$GEN" small "$TMP/small" "$SMALL" "$SCHEMAS"/*/*/examples/valid/*.xml
find "$TMP/small" -name '*.xml' | LC_ALL=C sort > "$TMP/small.list"
SMALL_BYTES=$(xargs cat < "$TMP/small.list" | wc -c)
"$GEN" big "$TMP/big.xml" "$BIG_MB"
"$GEN" big "$TMP/huge.xml" "$HUGE_MB"
BIG_BYTES=$(wc -c < "$TMP/big.xml")
HUGE_BYTES=$(wc -c < "$TMP/huge.xml")
BIG_XSD=$(entry_xsd "$SCHEMAS/xmig/2.0")
# tree mode for the large file: a threshold above its size
TREE_THRESHOLD=$((BIG_BYTES + 1))

# best NAME EXPECT CMD...: measure CMD $REPEAT times, keep the fastest run
# (short runs are noisy; the minimum is the least disturbed one).
best() {
	b_secs=""
	b_cpu=""
	b_rss=0
	b_note=""
	n=0
	while [ "$n" -lt "$REPEAT" ]; do
		measure "$@"
		if [ -n "$note" ]; then
			b_note=$note
			b_secs=$SECS
			break
		fi
		if [ -z "$b_secs" ] || awk -v a="$SECS" -v b="$b_secs" 'BEGIN { exit !(a < b) }'; then
			b_secs=$SECS
			b_cpu=$CPU
		fi
		b_rss=$(maxf "$b_rss" "$RSS_MB")
		n=$((n + 1))
	done
	SECS=$b_secs
	CPU=$b_cpu
	RSS_MB=$b_rss
	note=$b_note
}

# ------------------------------------------------------------------
# (a) many small messages (each measurement: the best of $REPEAT runs)
# ------------------------------------------------------------------
echo "bench: (a) $SMALL small messages" >&2
# xmllint takes many files per run; xargs makes as few runs as the command line allows
best "xmllint parse" 0 sh -c "xargs xmllint --noout < '$TMP/small.list'"
row "small x$SMALL" "xmllint --noout (parse only)"
X_PARSE=$SECS

# xmllint --schema, one invocation per bundle (each compiles its schema once)
X_XSD=0
X_XSD_RSS=0
X_XSD_CPU=0
for d in "$TMP"/small/*/; do
	sv=$(basename "$d")
	std=${sv%%_*}
	ver=${sv#*_}
	xsd=$(entry_xsd "$SCHEMAS/$std/$ver")
	grep "/${sv}/" "$TMP/small.list" > "$TMP/bundle.list"
	best "xmllint --schema $sv" 0 sh -c "xargs xmllint --noout --schema '$xsd' < '$TMP/bundle.list'"
	X_XSD=$(add "$X_XSD" "$SECS")
	X_XSD_RSS=$(maxf "$X_XSD_RSS" "$RSS_MB")
	X_XSD_CPU=$(add "$X_XSD_CPU" "$CPU")
	[ -z "$note" ] || row "small x$SMALL" "xmllint --schema ($sv)"
done
SECS=$X_XSD
RSS_MB=$X_XSD_RSS
CPU=$X_XSD_CPU
note=""
row "small x$SMALL" "xmllint --noout --schema ENTRY.xsd (one run per bundle, summed)"

best "xoev xsd j1" 0 $XOEVV --layers xsd --jobs 1 --files-from "$TMP/small.list"
row "small x$SMALL" "xoev validate --layers xsd --jobs 1"
V_XSD1=$SECS
best "xoev xsd j2" 0 $XOEVV --layers xsd --jobs 2 --files-from "$TMP/small.list"
row "small x$SMALL" "xoev validate --layers xsd --jobs 2"
V_XSD2=$SECS
best "xoev full j1" 0 $XOEVV --jobs 1 --files-from "$TMP/small.list"
row "small x$SMALL" "xoev validate (all layers) --jobs 1"
V_FULL1=$SECS
best "xoev full j2" 0 $XOEVV --jobs 2 --files-from "$TMP/small.list"
row "small x$SMALL" "xoev validate (all layers) --jobs 2"
V_FULL2=$SECS

# ------------------------------------------------------------------
# (b) one large message
# ------------------------------------------------------------------
echo "bench: (b) one message of $BIG_BYTES bytes" >&2
BIGC="big $(awk -v b="$BIG_BYTES" 'BEGIN { printf "%.0f MB", b / 1e6 }')"
measure "xmllint parse big" 0 xmllint --noout "$TMP/big.xml"
row "$BIGC" "xmllint --noout (parse only, tree)"
measure "xmllint schema big" 0 xmllint --noout --schema "$BIG_XSD" "$TMP/big.xml"
row "$BIGC" "xmllint --noout --schema (tree)"
XB_TREE=$SECS
XB_TREE_RSS=$RSS_MB
measure "xmllint stream big" 0 xmllint --noout --stream --schema "$BIG_XSD" "$TMP/big.xml"
row "$BIGC" "xmllint --noout --stream --schema"
XB_STREAM=$SECS
XB_STREAM_RSS=$RSS_MB
measure "xoev tree big" 0 $XOEVV --layers xsd --stream-threshold "$TREE_THRESHOLD" "$TMP/big.xml"
row "$BIGC" "xoev validate --layers xsd --stream-threshold SIZE+1 (tree)"
VB_TREE=$SECS
VB_TREE_RSS=$RSS_MB
measure "xoev stream big" 0 $XOEVV --layers xsd "$TMP/big.xml"
row "$BIGC" "xoev validate --layers xsd (streams: above 64 MiB)"
VB_STREAM=$SECS
VB_STREAM_RSS=$RSS_MB
measure "xoev full big" 0 $XOEVV "$TMP/big.xml"
row "$BIGC" "xoev validate (all layers that stream)"

# ------------------------------------------------------------------
# (c) streaming memory
# ------------------------------------------------------------------
echo "bench: (c) one message of $HUGE_BYTES bytes" >&2
HUGEC="huge $(awk -v b="$HUGE_BYTES" 'BEGIN { printf "%.0f MB", b / 1e6 }')"
measure "xmllint stream huge" 0 xmllint --noout --stream --schema "$BIG_XSD" "$TMP/huge.xml"
row "$HUGEC" "xmllint --noout --stream --schema"
XH=$SECS
XH_RSS=$RSS_MB
measure "xoev stream huge" 0 $XOEVV --layers xsd "$TMP/huge.xml"
row "$HUGEC" "xoev validate --layers xsd (streams)"
VH=$SECS
VH_RSS=$RSS_MB
measure "xoev full huge" 0 $XOEVV "$TMP/huge.xml"
row "$HUGEC" "xoev validate (all layers that stream)"

# ------------------------------------------------------------------
# (d) translation: xoev translate against xsltproc on the same step chain
# ------------------------------------------------------------------
# N xmig 1.0 messages (variants of the golden examples) to 2.0 through the
# steps 1.0->1.1->2.0. xsltproc gets its fastest fair form: one process per
# step over all files (xargs), each stylesheet compiled once, its outputs
# concatenated on standard output; the step-1 output is split into files for
# step 2 outside the measurement. xoev translate does more per message: it
# validates the input and each step's output (XSD and code lists), accounts
# every data point (losses, defaults), and writes one file per message
# atomically (an unnamed or temporary file, made durable before it gets its
# name: one syncfs() per batch of 128 files). Each xoev run writes into a new,
# empty output directory (a run that replaced the previous run's files would
# measure the file system's deletions, not the translation). Both run on one
# core (taskset when available); CPU seconds are user + system.
echo "bench: (d) translation of $TRANSLATE xmig 1.0 messages to 2.0" >&2
ONE_CORE=""
command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null && ONE_CORE="taskset -c 0"
"$GEN" small "$TMP/tr" "$TRANSLATE" "$SCHEMAS"/xmig/1.0/examples/valid/*.xml
find "$TMP/tr" -name '*.xml' | LC_ALL=C sort > "$TMP/tr.list"
TR_BYTES=$(xargs cat < "$TMP/tr.list" | wc -c)
STEP1=$SCHEMAS/xmig/1.0/steps/to-1.1.xsl
STEP2=$SCHEMAS/xmig/1.1/steps/to-2.0.xsl
TRC="translate x$TRANSLATE"
best "xsltproc 1.0->1.1" 0 sh -c "xargs $ONE_CORE xsltproc '$STEP1' < '$TMP/tr.list' > '$TMP/tr1.out'"
row "$TRC" "xsltproc to-1.1.xsl (one process over all files)"
XT1=$SECS
XT1_CPU=$CPU
mkdir -p "$TMP/tr11"
awk -v d="$TMP/tr11" '/^<\?xml /{ if (f) close(f); n++; f = sprintf("%s/%06d.xml", d, n) } { print > f }' "$TMP/tr1.out"
find "$TMP/tr11" -name '*.xml' | LC_ALL=C sort > "$TMP/tr11.list"
[ "$(wc -l < "$TMP/tr11.list")" = "$TRANSLATE" ] || die "xsltproc step 1 wrote $(wc -l < "$TMP/tr11.list") documents, not $TRANSLATE"
best "xsltproc 1.1->2.0" 0 sh -c "xargs $ONE_CORE xsltproc '$STEP2' < '$TMP/tr11.list' > '$TMP/tr2.out'"
row "$TRC" "xsltproc to-2.0.xsl (one process over the step-1 outputs)"
XT=$(add "$XT1" "$SECS")
XT_CPU=$(add "$XT1_CPU" "$CPU")
[ "$(grep -c '^<?xml ' "$TMP/tr2.out")" = "$TRANSLATE" ] || die "xsltproc step 2 wrote fewer than $TRANSLATE documents"
# The same chain with the validation xoev does: xmllint --schema (one process
# over all files) on the input, the step-1 outputs and the results.
mkdir -p "$TMP/tr20"
awk -v d="$TMP/tr20" '/^<\?xml /{ if (f) close(f); n++; f = sprintf("%s/%06d.xml", d, n) } { print > f }' "$TMP/tr2.out"
find "$TMP/tr20" -name '*.xml' | LC_ALL=C sort > "$TMP/tr20.list"
XSD10=$(entry_xsd "$SCHEMAS/xmig/1.0")
XSD11=$(entry_xsd "$SCHEMAS/xmig/1.1")
XSD20=$(entry_xsd "$SCHEMAS/xmig/2.0")
XV=0
XV_CPU=0
for pair in "tr.list:$XSD10:1.0" "tr11.list:$XSD11:1.1" "tr20.list:$XSD20:2.0"; do
	lst=${pair%%:*}
	rest=${pair#*:}
	xsd=${rest%:*}
	best "xmllint --schema $lst" 0 sh -c "xargs $ONE_CORE xmllint --noout --schema '$xsd' < '$TMP/$lst' 2>/dev/null"
	row "$TRC" "xmllint --schema xmig ${rest##*:} (one process over the files)"
	XV=$(add "$XV" "$SECS")
	XV_CPU=$(add "$XV_CPU" "$CPU")
done
XTV=$(add "$XT" "$XV")
XTV_CPU=$(add "$XT_CPU" "$XV_CPU")
best "xoev translate" 0 sh -c "d=\$(mktemp -d '$TMP/tr-out.XXXXXX') && exec $ONE_CORE '$XOEV' translate \
	--schema-path '$SCHEMAS' --no-default-path --to 2.0 '$TMP/tr' -o \"\$d\""
row "$TRC" "xoev translate --to 2.0 (validates input and both step outputs, accounts losses, one file each)"
VT=$SECS
VT_CPU=$CPU
grep -q "^$TRANSLATE files: .* 0 rejected, 0 failed, 0 io-error; exit 0\$" "$TMP/cmd.out" ||
	die "xoev translate did not translate all $TRANSLATE messages: $(tail -n 1 "$TMP/cmd.out")"

T1=$(date +%s)

# ------------------------------------------------------------------
# report
# ------------------------------------------------------------------
{
	echo "# libxoev bench"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -sm), $NCPU CPUs, $(xmllint --version 2>&1 | head -n 1 | sed 's/^xmllint: //'), $("$XOEV" --version 2>/dev/null | head -n 1 || echo 'xoev ?')."
	echo "Corpus: $SMALL small messages derived from the valid golden examples ($SMALL_BYTES bytes in all);"
	echo "a $BIG_BYTES-byte and a $HUGE_BYTES-byte xmig 2.0 akte.uebermittlung.1202;"
	echo "$TRANSLATE xmig 1.0 messages ($TR_BYTES bytes) translated to 2.0 (steps 1.0->1.1->2.0). Bench run: $((T1 - T0)) s."
	echo "Load average when the bench started: $LOAD0 (other work on the machine skews the times, --jobs most)."
	echo "Times are wall-clock seconds (small messages: the fastest of $REPEAT runs; large ones: one run), memory is the peak resident set size (GNU time)."
	echo "A status other than ok means the run did not do what was asked (wrong exit status, or stopped)."
	echo
	echo "| case | command | seconds | CPU s | max RSS MB | status |"
	echo "|---|---|---:|---:|---:|---|"
	cat "$ROWS"
	echo
	echo "| ratio | value |"
	echo "|---|---:|"
	echo "| small: xoev xsd --jobs 1 / xmllint --schema | $(ratio "$V_XSD1" "$X_XSD") |"
	echo "| small: xoev all layers --jobs 1 / xmllint --schema | $(ratio "$V_FULL1" "$X_XSD") |"
	echo "| small: xoev all layers --jobs 1 / xmllint parse only | $(ratio "$V_FULL1" "$X_PARSE") |"
	echo "| small: speed-up --jobs 2 over --jobs 1 (xsd) | $(ratio "$V_XSD1" "$V_XSD2") |"
	echo "| small: speed-up --jobs 2 over --jobs 1 (all layers) | $(ratio "$V_FULL1" "$V_FULL2") |"
	echo "| big: xoev tree / xmllint --schema tree (time) | $(ratio "$VB_TREE" "$XB_TREE") |"
	echo "| big: xoev tree / xmllint --schema tree (memory) | $(ratio "$VB_TREE_RSS" "$XB_TREE_RSS") |"
	echo "| big: xoev stream / xmllint --stream (time) | $(ratio "$VB_STREAM" "$XB_STREAM") |"
	echo "| big: xoev stream / xmllint --stream (memory) | $(ratio "$VB_STREAM_RSS" "$XB_STREAM_RSS") |"
	echo "| huge: xoev stream / xmllint --stream (time) | $(ratio "$VH" "$XH") |"
	echo "| huge: xoev stream / xmllint --stream (memory) | $(ratio "$VH_RSS" "$XH_RSS") |"
	echo "| translate: xoev translate / xsltproc chain, wall time (one core) | $(ratio "$VT" "$XT") |"
	echo "| translate: xoev translate / xsltproc chain, CPU time (user + system) | $(ratio "$VT_CPU" "$XT_CPU") |"
	echo "| translate: xoev translate / (xsltproc chain + xmllint --schema on input, step-1 output, result), wall time | $(ratio "$VT" "$XTV") |"
	echo "| translate: the same, CPU time | $(ratio "$VT_CPU" "$XTV_CPU") |"
	echo "| translate: xoev messages per second (one core) / xsltproc chain | $(awk -v n="$TRANSLATE" -v t="$VT" 'BEGIN { printf "%.0f", n / t }') / $(awk -v n="$TRANSLATE" -v t="$XT" 'BEGIN { printf "%.0f", n / t }') |"
	echo "| huge: xoev stream peak RSS, MB per GB of input | $(awk -v r="$VH_RSS" -v b="$HUGE_BYTES" 'BEGIN { printf "%.1f", r / (b / 1e9) }') |"
} > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
echo "bench: written to $OUT" >&2
