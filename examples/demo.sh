#!/bin/sh
# libxoev demo (make demo): validate the shipped example messages against the
# shipped standards and show both verdicts. Exits 0 when every valid example
# is valid and every invalid example is reported invalid.
set -u
cli=${1:-build/xoev}
here=$(cd "$(dirname "$0")/.." && pwd)
sp="--schema-path $here/schemas --no-default-path"

echo "== Standards in schemas/ (xoev schemas)"
"$cli" schemas $sp || exit 5
echo
echo "== Valid examples (xoev validate examples/messages/valid)"
"$cli" validate $sp "$here/examples/messages/valid"
valid_rc=$?
echo "exit status: $valid_rc (0 = all valid)"
echo
echo "== Invalid examples (xoev validate examples/messages/invalid)"
"$cli" validate $sp "$here/examples/messages/invalid"
invalid_rc=$?
echo "exit status: $invalid_rc (1 = some invalid)"
echo
if [ "$valid_rc" -eq 0 ] && [ "$invalid_rc" -eq 1 ]; then
	echo "demo: both verdicts as expected"
	exit 0
fi
echo "demo: UNEXPECTED verdicts (valid: $valid_rc, invalid: $invalid_rc)" >&2
exit 1
