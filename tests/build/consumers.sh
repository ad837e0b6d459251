#!/usr/bin/env bash
# The project as its users take it in, one MODE a test:
#   install             `cmake --install` of this build into a prefix of the test's own
#   find_package        a C-only CMake project finds that prefix with find_package(libcontainer)
#   pkg_config          a program built with `pkg-config --cflags libcontainer` there (and in a
#                       moved copy of the prefix)
#   subdirectory        a C-only parent with strict flags on the Ninja Multi-Config generator
#                       adds the source tree with add_subdirectory: its configurations stay its
#                       own, both build and run, and its install holds nothing of libcontainer
#   fetchcontent        the same parent through FetchContent, on the default generator: its
#                       build type stays its own
#   default_build_type  the project configured by itself with no build type builds Release,
#                       on a multi-config generator gains Sanitize, and needs no C++ compiler
#                       with the tests off
# The consumer project is tests/build/consumer. Environment (ctest sets it): SRCDIR, BUILD (this
# build tree), WORK (where to work), CONFIG (this build's configuration, for multi-config
# generators), CMAKE, CC, VERSION.
# usage: consumers.sh MODE
# shellcheck source=../lib.sh disable=SC2154
. "$(dirname "$0")/../lib.sh"

MODE=${1:-}
CMAKE=${CMAKE:-cmake}
CC=${CC:-cc}
CONSUMER=$SRCDIR/tests/build/consumer
PREFIX=$WORK/prefix
# The warnings a careful parent builds with, as errors; no C++ compiler to be had.
STRICT="-std=c99 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Werror"
NO_CXX=-DCMAKE_CXX_COMPILER=/nonexistent/c++
[ -n "$WORK" ] || bail "WORK is not set"
mkdir -p "$WORK"

# step WHAT CMD...: runs CMD; ok, or not ok with the end of its output, and status 1.
step()
{
    local what=$1
    shift
    run "$@"
    if [ "$status" -eq 0 ]; then
        ok "$what"
    else
        not_ok "$what" "command: $*" "exit status: $status" \
            "$(tail -n 30 <<<"$stdout"$'\n'"$stderr")"
        return 1
    fi
}

# configure DIR ARGS...: a fresh configure of the consumer project in DIR; its output in
# $configured.
configure()
{
    local dir=$1
    shift
    rm -rf "$dir"
    step "configure the consumer ($*)" "$CMAKE" -S "$CONSUMER" -B "$dir" \
        -DCMAKE_C_COMPILER="$CC" "-DCMAKE_C_FLAGS=$STRICT" "$NO_CXX" "$@" || return 1
    configured=$stdout
}

# runs_ok WHAT PROGRAM: the consumer program prints "ok VERSION".
runs_ok()
{
    run "$2"
    check_eq "$1" "0 ok $VERSION" "$status $stdout"
}

# include_dir FLAGS: the directory of the one -I in FLAGS, resolved.
include_dir()
{
    local f dirs=()
    for f in $1; do
        case $f in -I*) dirs+=("$(realpath -m "${f#-I}")") ;; esac
    done
    echo "${dirs[*]}"
}

case $MODE in
install)
    rm -rf "$PREFIX"
    config=()
    [ -z "$CONFIG" ] || config=(--config "$CONFIG")
    step "cmake --install of this build" "$CMAKE" --install "$BUILD" "${config[@]}" \
        --prefix "$PREFIX" || exit 1
    for f in include/libcontainer.h share/cmake/libcontainer/libcontainerConfig.cmake \
        share/cmake/libcontainer/libcontainerConfigVersion.cmake \
        share/cmake/libcontainer/libcontainerTargets.cmake share/pkgconfig/libcontainer.pc \
        share/doc/libcontainer/LICENSE; do
        check "installed: $f" test -f "$PREFIX/$f"
    done
    check "installed: sbin/nsinit, executable" test -x "$PREFIX/sbin/nsinit"
    check "the installed header is the source's" cmp "$SRCDIR/libcontainer.h" \
        "$PREFIX/include/libcontainer.h"
    ;;
find_package)
    [ -f "$PREFIX/include/libcontainer.h" ] || bail "nothing installed at $PREFIX (build_install)"
    B=$WORK/find_package
    configure "$B" -DLIBCONTAINER_VIA=find_package "-DCMAKE_PREFIX_PATH=$PREFIX" \
        -DCMAKE_BUILD_TYPE=Release -DCMAKE_EXPORT_COMPILE_COMMANDS=ON || exit 1
    check_match "the installed package's include directory is used" \
        "-I$PREFIX/include|-isystem $PREFIX/include" "$(cat "$B/compile_commands.json")"
    step "build it (Release)" "$CMAKE" --build "$B" || exit 1
    runs_ok "it runs" "$B/consumer"
    ;;
pkg_config)
    command -v pkg-config >/dev/null 2>&1 || skip "needs pkg-config"
    [ -f "$PREFIX/include/libcontainer.h" ] || bail "nothing installed at $PREFIX (build_install)"
    export PKG_CONFIG_PATH=$PREFIX/share/pkgconfig
    run pkg-config --modversion libcontainer
    check_eq "pkg-config --modversion libcontainer" "0 $VERSION" "$status $stdout"
    run pkg-config --cflags libcontainer
    check_eq "pkg-config --cflags libcontainer: the prefix's include directory" \
        "0 $PREFIX/include" "$status $(include_dir "$stdout")"
    run pkg-config --libs libcontainer
    check_eq "pkg-config --libs libcontainer: nothing to link" "0 " "$status $stdout"
    # shellcheck disable=SC2086 # the flags are words
    step "build a program with its flags" "$CC" $STRICT -O2 $(pkg-config --cflags libcontainer) \
        "$CONSUMER/main.c" -o "$WORK/pkg_config_consumer" || exit 1
    runs_ok "it runs" "$WORK/pkg_config_consumer"
    rm -rf "$WORK/moved"
    cp -a "$PREFIX" "$WORK/moved"
    run env PKG_CONFIG_PATH="$WORK/moved/share/pkgconfig" pkg-config --cflags libcontainer
    check_eq "a moved prefix: the include directory follows the .pc file" \
        "0 $WORK/moved/include" "$status $(include_dir "$stdout")"
    ;;
subdirectory)
    command -v ninja >/dev/null 2>&1 || skip "needs ninja (Debian: ninja-build) for Ninja Multi-Config"
    B=$WORK/subdirectory
    configure "$B" -G "Ninja Multi-Config" -DLIBCONTAINER_VIA=subdirectory \
        "-DLIBCONTAINER_SOURCE_DIR=$SRCDIR" || exit 1
    check_match "the parent's configurations are its own" \
        "consumer: configurations \[Debug;Release;RelWithDebInfo\]" "$configured"
    for config in Debug Release; do
        step "build the parent's $config configuration" "$CMAKE" --build "$B" --config "$config" ||
            continue
        runs_ok "its $config program runs" "$B/$config/consumer"
    done
    check_eq "no example or test of libcontainer is built for the parent" "" \
        "$(cd "$B" && find . -name nsinit -o -name 'test_*' -type f)"
    rm -rf "$WORK/subdirectory-prefix"
    step "install the parent" "$CMAKE" --install "$B" --config Release \
        --prefix "$WORK/subdirectory-prefix" || exit 1
    check_eq "the parent's install holds its own program, nothing of libcontainer" "bin/consumer" \
        "$(cd "$WORK/subdirectory-prefix" && find . -type f | sed 's|^\./||')"
    ;;
fetchcontent)
    B=$WORK/fetchcontent
    configure "$B" -DLIBCONTAINER_VIA=fetchcontent "-DLIBCONTAINER_SOURCE_DIR=$SRCDIR" || exit 1
    check_match "the parent's build type stays its own (none given: none)" \
        "consumer: configurations \[\] build type \[\]" "$configured"
    step "build the parent" "$CMAKE" --build "$B" || exit 1
    runs_ok "its program runs" "$B/consumer"
    ;;
default_build_type)
    B=$WORK/default
    rm -rf "$B"
    step "configure the project alone, no build type, tests off, no C++ compiler" \
        "$CMAKE" -S "$SRCDIR" -B "$B" -DCMAKE_C_COMPILER="$CC" "$NO_CXX" \
        -DLIBCONTAINER_BUILD_TESTS=OFF || exit 1
    check_eq "the build type is Release" "CMAKE_BUILD_TYPE:STRING=Release" \
        "$(grep '^CMAKE_BUILD_TYPE:' "$B/CMakeCache.txt")"
    step "build nsinit" "$CMAKE" --build "$B" --target nsinit || exit 1
    check_match "nsinit is built at -O3" "-O3" \
        "$(grep -h -- '-O' "$B/CMakeFiles/nsinit.dir/flags.make" 2>/dev/null)"
    if command -v ninja >/dev/null 2>&1; then
        B=$WORK/default-multi
        rm -rf "$B"
        step "configure the project alone on Ninja Multi-Config" "$CMAKE" -S "$SRCDIR" -B "$B" \
            -G "Ninja Multi-Config" -DCMAKE_C_COMPILER="$CC" "$NO_CXX" \
            -DLIBCONTAINER_BUILD_TESTS=OFF || exit 1
        check "its configurations include Sanitize" test -f "$B/build-Sanitize.ninja"
    else
        echo "ok - Ninja Multi-Config # SKIP needs ninja (Debian: ninja-build)"
    fi
    ;;
*)
    bail "usage: consumers.sh install|find_package|pkg_config|subdirectory|fetchcontent|default_build_type"
    ;;
esac
