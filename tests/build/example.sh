#!/usr/bin/env bash
# The EXAMPLE of libcontainer.h's top comment, as written: taken from the comment, built by each
# C compiler (and, as the declarations' user, by each C++ compiler) with the project's warnings
# as errors, then run as root on a copy of the test root filesystem.
#
# The example is the section between the "EXAMPLE" heading and the next heading, less its
# indent. A complete program (it has a main) is compiled as it is; a fragment is the body of
# main() after the include recipe of USAGE, with <stdio.h>.
#
# Environment (ctest sets it): SRCDIR, ROOTFS, COMPILERS ("gcc;clang"), CC_<compiler>,
# CXX_<compiler>, C_FLAGS, CXX_FLAGS.
# shellcheck source=../lib.sh disable=SC2154
. "$(dirname "$0")/../lib.sh"

HEADER=$SRCDIR/libcontainer.h
[ -r "$HEADER" ] || bail "no header at $HEADER"

# ---- taken from the top comment ---------------------------------------------------------
example=$(awk '
    /^\*\// { exit }
    /^   [A-Z][A-Z -]*( \(.*\))?$/ { inside = ($0 ~ /^   EXAMPLE( |$)/); next }
    inside { sub(/^       /, ""); print }' "$HEADER")
# trailing blank lines are the comment's spacing, not the example's
example=$(sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' <<<"$example")
if [ -n "$(tr -d '[:space:]' <<<"$example")" ]; then
    ok "the top comment has an EXAMPLE section ($(wc -l <<<"$example") lines)"
else
    bail "the top comment has an EXAMPLE section"
fi

D=$TESTTMP/example
mkdir -p "$D"
complete=
if grep -qE '(^|[^a-z_])main[[:space:]]*\(' <<<"$example"; then
    complete=1
    printf '%s\n' "$example" >"$D/example.c"
else
    {
        printf '#define _GNU_SOURCE\n#define LIBCONTAINER_IMPLEMENTATION\n'
        printf '#include "libcontainer.h"\n\n#include <stdio.h>\n\nint main(void)\n{\n'
        sed 's/^/    /' <<<"$example"
        printf '}\n'
    } >"$D/example.c"
    {
        printf '#include "libcontainer.h"\n\n#include <stdio.h>\n\nint main()\n{\n'
        sed 's/^/    /' <<<"$example"
        printf '}\n'
    } >"$D/example.cpp"
    printf '#define _GNU_SOURCE\n#define LIBCONTAINER_IMPLEMENTATION\n#include "libcontainer.h"\n' \
        >"$D/impl.c"
fi

# detail TEXT: TEXT as "#" lines under the last ok or not ok.
detail()
{
    [ -z "$1" ] || sed 's/^/#   /' <<<"$1"
}

# ---- built, warnings as errors ------------------------------------------------------------
echo "# C flags: ${C_FLAGS:-none} -Werror -O2; C++ flags: -std=c++11 ${CXX_FLAGS:-none} -Werror -O2"
# shellcheck disable=SC2086 # the flags are words
built=
IFS=';' read -r -a compilers <<<"${COMPILERS:-gcc;clang}"
for compiler in "${compilers[@]}"; do
    cc_var=CC_$compiler
    cxx_var=CXX_$compiler
    cc=${!cc_var:-$compiler}
    cxx=${!cxx_var:-}
    run "$cc" $C_FLAGS -Werror -O2 -I"$SRCDIR" "$D/example.c" -o "$D/example-$compiler"
    if check_eq "$compiler builds the EXAMPLE, warnings as errors" "0" "$status"; then
        built=${built:-$D/example-$compiler}
    else
        detail "$stderr"
    fi
    if [ -n "$complete" ]; then
        echo "ok - $compiler's C++ compiler: # SKIP the EXAMPLE is a complete C program"
    elif [ -n "$cxx" ]; then
        run "$cc" $C_FLAGS -Werror -O2 -I"$SRCDIR" -c "$D/impl.c" -o "$D/impl-$compiler.o"
        [ "$status" -eq 0 ] || detail "$stderr"
        run "$cxx" -std=c++11 $CXX_FLAGS -Werror -O2 -I"$SRCDIR" "$D/example.cpp" \
            "$D/impl-$compiler.o" -o "$D/example-$compiler-cxx"
        check_eq "${cxx##*/} builds the EXAMPLE on the declarations, warnings as errors" "0" \
            "$status" || detail "$stderr"
    fi
done

# ---- run: as root, on a copy of the test root filesystem ------------------------------------
# The config is container.json in the current directory; the root filesystem is the path the
# example passes to lc_container_start: a relative one is made there, an absolute one in a mount
# namespace of this test's own (tmpfs over its first component), so nothing on the host changes.
[ -n "$built" ] || bail "no build of the EXAMPLE to run"
# What the machine lacks skips the run alone: the builds above were checked.
skip_run()
{
    echo "ok - the EXAMPLE runs # SKIP $*"
    exit 0
}
[ "$(id -u)" -eq 0 ] || skip_run "needs root"
command -v unshare >/dev/null 2>&1 || skip_run "needs unshare (util-linux)"
[ -x "$ROOTFS/bin/sh" ] || skip_run "no root filesystem at $ROOTFS (tests/fixtures/mkrootfs.sh)"
rootfs=$(grep -oE 'lc_container_start\([^,]*,[[:space:]]*"[^"]+"' <<<"$example" |
    sed -E 's/.*"([^"]+)"$/\1/')
[ -n "$rootfs" ] || bail "the EXAMPLE names no root filesystem in its lc_container_start call"
R=$TESTTMP/rootfs
mkdir -p "$R"
cp -a "$ROOTFS/." "$R/" || bail "cannot copy $ROOTFS"
W=$TESTTMP/run
mkdir -p "$W"
printf '%s\n' "$(config_with '"hostname": "example"' | sed '/"hostname": "test",/d')" \
    >"$W/container.json"

# run_example [DIR]: runs the build in DIR (default $W) with the root filesystem in place.
run_example()
{
    local dir=${1:-$W}
    # shellcheck disable=SC2016 # expanded by the inner shell
    unshare -m --propagation private sh -ec '
        rootfs=$1 copy=$2 dir=$3 prog=$4
        case $rootfs in
        /*)
            top=${rootfs#/}
            top=${top%%/*}
            [ -n "$top" ] && [ -d "/$top" ] || { echo "example.sh: no /$top to mount over" >&2; exit 2; }
            mount -t tmpfs -o mode=755 example "/$top"
            mkdir -p "$rootfs"
            ;;
        *)
            cd "$dir"
            mkdir -p "$rootfs"
            ;;
        esac
        mount --bind "$copy" "$rootfs"
        cd "$dir"
        exec timeout -k 5 "$5" "$prog"' \
        example "$rootfs" "$R" "$dir" "$built" "$NSINIT_TIMEOUT"
}
run run_example </dev/null
check_eq "the EXAMPLE runs: exit 0" "0" "$status" || detail "$stderr"
detail "stdout: $stdout"
E=$TESTTMP/empty
mkdir -p "$E"
run run_example "$E" </dev/null
check_match "the EXAMPLE without a container.json: it fails, with a message on stderr" \
    "^[1-9][0-9]* .*[^[:space:]]" "$status $stderr"
detail "stderr: $stderr"
check_eq "the EXAMPLE's runs leave no mount on the host" "" \
    "$(awk -v d="$TESTTMP" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo)"
