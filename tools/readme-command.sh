#!/bin/sh
# readme-command.sh demo|test [README]: prints the README's one-line command of that name, the
# first (demo) or second (test) ```sh block of its "## Try it" section. Fails, saying why, when
# the block is missing or not one line. .ci/run runs what this prints; tests/docs.sh checks it.
set -eu
case ${1:-} in
demo) n=1 ;;
test) n=2 ;;
*)
    echo "usage: readme-command.sh demo|test [README]" >&2
    exit 2
    ;;
esac
readme=${2:-$(dirname "$0")/../README.md}
block=$(awk -v want="$n" '
    /^## / { section = ($0 == "## Try it"); next }
    section && !inblock && /^```sh$/ { inblock = 1; count++; next }
    inblock && /^```$/ { inblock = 0; next }
    inblock && count == want { print }' "$readme")
lines=$(printf '%s' "$block" | grep -c . || true)
if [ "$lines" -ne 1 ]; then
    echo "readme-command.sh: $readme: block $n ($1) of \"## Try it\" has $lines lines, not one" >&2
    exit 1
fi
printf '%s\n' "$block"
