#!/bin/sh
# Run the commands of every CI snippet in examples/ci/ (GitLab CI, GitHub
# Actions, Jenkins) against this checkout, so that the snippets cannot rot.
#
#   tests/ci-snippets.sh [WORKDIR]
#
# For each snippet, the lines between "# >>> xoev-ci" and "# <<< xoev-ci"
# are extracted (YAML list dashes and indentation removed) and run with
# `sh -eu` in a fresh directory that plays the vendor's repository: it
# holds examples/ci/suite as "conformance/". Only two things are replaced:
#   - `git clone ... libxoev` copies this checkout (tracked and untracked,
#     not ignored files) instead of cloning;
#   - with XOEV_SNIPPET_BUILD=DIR (tests/check_conformance.c passes the
#     build the tests run from), DIR is copied as libxoev/build with its
#     timestamps, so `make` finds everything built and the run is fast;
#     without it, `make` builds libxoev from scratch.
# Then the JUnit report the commands wrote must validate against
# tests/data/schemas/junit.xsd, and the snippet's publish step must name
# the same file.
#
# Exit status: 0 every snippet ran and published what it wrote; 1 otherwise.
#
# SPDX-License-Identifier: Apache-2.0

set -u

src=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-}
if [ -z "$work" ]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/ci-snippets.XXXXXX") || exit 1
	trap 'rm -rf "$work"' EXIT INT TERM
fi
ran=0
failed=0

fail() {
	echo "ci-snippets: $1: $2" >&2
	failed=$((failed + 1))
}

for snippet in "$src/examples/ci/gitlab-ci.yml" "$src/examples/ci/github-actions.yml" \
               "$src/examples/ci/Jenkinsfile"; do
	name=$(basename "$snippet")
	dir="$work/snippet-$name"
	rm -rf "$dir"
	mkdir -p "$dir"
	cp -R "$src/examples/ci/suite" "$dir/conformance"
	awk '/# <<< xoev-ci/ { on = 0 } on { print } /# >>> xoev-ci/ { on = 1 }' "$snippet" |
		sed -e 's/^[[:space:]]*//' -e 's/^- //' >"$dir/commands.sh"
	if [ ! -s "$dir/commands.sh" ]; then
		fail "$name" "no commands between the xoev-ci markers"
		continue
	fi
	report=$(sed -n 's/.* -o \([^ ]*\) .*/\1/p' "$dir/commands.sh" | head -n 1)
	if [ -z "$report" ]; then
		fail "$name" "the commands write no report (-o FILE)"
		continue
	fi
	# the publish step (outside the markers) names the same report
	if ! awk '/# >>> xoev-ci/ { on = 1 } !on { print } /# <<< xoev-ci/ { on = 0 }' "$snippet" |
	     grep -v '^[[:space:]]*#' | grep -v '^[[:space:]]*//' | grep -q -F "$report"; then
		fail "$name" "no publish step reads $report"
		continue
	fi
	cat >"$dir/run.sh" <<'EOF'
set -eu
git() {
	[ "$1" = clone ] || { echo "ci-snippets: unexpected git $*" >&2; return 1; }
	for dest; do :; done
	mkdir -p "$dest"
	if command git -C "$XOEV_SNIPPET_SRC" rev-parse >/dev/null 2>&1; then
		(cd "$XOEV_SNIPPET_SRC" && command git ls-files -co --exclude-standard |
		 while IFS= read -r f; do [ -f "$f" ] && printf '%s\n' "$f"; done | tar -cf - -T -) |
			(cd "$dest" && tar -xf -)
	else
		(cd "$XOEV_SNIPPET_SRC" && find . \( -name 'build' -o -name 'build-*' \) -prune -o -type f -print |
		 tar -cf - -T -) | (cd "$dest" && tar -xf -)
	fi
	if [ -n "${XOEV_SNIPPET_BUILD:-}" ] && [ -d "$XOEV_SNIPPET_BUILD" ]; then
		cp -pR "$XOEV_SNIPPET_BUILD" "$dest/build"
	fi
}
. ./commands.sh
EOF
	echo "ci-snippets: $name:"
	sed 's/^/    /' "$dir/commands.sh"
	# a fresh CI job: no make variables inherited from a make that runs this test
	if ! (cd "$dir" && unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES BUILD CFLAGS &&
	      LIBXOEV_GIT="$src" LIBXOEV_REF=main XOEV_SUITE=conformance \
	      XOEV_SNIPPET_SRC="$src" sh -eu run.sh >"$dir/log" 2>&1); then
		fail "$name" "the commands failed:"
		tail -n 30 "$dir/log" >&2
		continue
	fi
	if ! xmllint --noout --nonet --schema "$src/tests/data/schemas/junit.xsd" "$dir/$report" \
	     >"$dir/xmllint.log" 2>&1; then
		fail "$name" "$report does not validate against junit.xsd"
		cat "$dir/xmllint.log" >&2
		continue
	fi
	ran=$((ran + 1))
done

echo "ci-snippets: $ran snippets ran, their JUnit reports valid; $failed failed"
[ "$failed" -eq 0 ] && [ "$ran" -eq 3 ]
