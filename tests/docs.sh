#!/usr/bin/env bash
# The repository's documents against what they describe: the README's two one-line commands
# (tools/readme-command.sh takes them out of its "Try it" section) are what .ci/run runs, taken
# from the README the same way rather than copied into it; the test command runs the whole suite;
# no test is registered disabled; LICENSE carries the header's licence notice and the Apache
# License 2.0 in full.
# shellcheck source=lib.sh disable=SC2154
. "$(dirname "$0")/lib.sh"

README=$SRCDIR/README.md
CI=$SRCDIR/.ci/run
EXTRACT=$SRCDIR/tools/readme-command.sh

# ---- the README's commands and CI ----------------------------------------------------------
for name in demo test; do
    run sh "$EXTRACT" "$name" "$README"
    check_eq "README.md has one $name command, one line" "0" "$status" || echo "#   $stderr"
    eval "cmd_$name=\$stdout"
done
check_match "the demo command builds with the project's defaults and runs nsinit" \
    "^cmake -S \. -B ([^ ]+) && cmake --build \1 .*\1/nsinit .*exec " "$cmd_demo"
check_match "the test command configures, builds and runs ctest on that build" \
    "^cmake -S \. -B ([^ ]+) .*&& cmake --build \1 .*&& ctest --test-dir \1 " "$cmd_test"
check "the test command runs every test (no -R, -E, -L, -LE, -I, no tests turned off)" \
    eval "! grep -qE -- '(^| )(-R|-E|-L|-LE|-I|--tests-regex|--exclude-regex|--label-regex)( |$)|LIBCONTAINER_BUILD_TESTS=OFF' <<<\"\$cmd_test\""

for name in demo test; do
    check "$name: .ci/run takes the command from the README" \
        grep -qE "tools/readme-command\.sh\"? $name( |$|\))" "$CI"
    cmd_var=cmd_$name
    check "$name: .ci/run does not hold a copy of the command" \
        eval "[ -n \"\$$cmd_var\" ] && ! grep -qF -- \"\$$cmd_var\" \"\$CI\""
done

# ---- the tests themselves ---------------------------------------------------------------------
check_eq "no test is registered disabled (CMakeLists.txt files)" "" \
    "$(grep -rn --include=CMakeLists.txt -w DISABLED "$SRCDIR/CMakeLists.txt" "$SRCDIR/tests")"

# ---- the licence -----------------------------------------------------------------------------
# the header's last comment: "/*", a rule, the notice, a rule, "*/"
notice=$(awk '{ line[NR] = $0 } /^\/\*$/ { start = NR }
    END { for (i = start + 2; i <= NR && line[i] !~ /^-+$/; i++) print line[i] }' \
    "$SRCDIR/libcontainer.h")
check "the header ends with a licence notice" test -n "$notice"
check_eq "LICENSE starts with the header's licence notice" "$notice" \
    "$(head -n "$(wc -l <<<"$notice")" "$SRCDIR/LICENSE")"
for phrase in "Apache License" "Version 2.0, January 2004" \
    "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" \
    "9. Accepting Warranty or Additional Liability." "END OF TERMS AND CONDITIONS" \
    "APPENDIX: How to apply the Apache License to your work."; do
    check "LICENSE holds the Apache License 2.0 in full: \"$phrase\"" grep -qF -- "$phrase" "$SRCDIR/LICENSE"
done
