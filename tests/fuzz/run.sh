#!/usr/bin/env bash
# Runs the fuzz_config harness for ctest (see README.md beside this file).
#
#   run.sh fuzz BINARY SECONDS WORKDIR SEED_DIR...
#       WORKDIR is made afresh: corpus/ (a copy of every file of the seed
#       directories), limits/ (one input just over each input limit), at-limits/
#       (the same, exactly at each limit) and artifacts/.
#       1. The corpus run: every seed and limit input once, each whole; each of
#          LIBCONTAINER_MAX_JSON_DEPTH, _TOKENS and LIBCONTAINER_MAX_CONFIG_SIZE
#          must have rejected an input with its own error, and the at-limits
#          inputs must pass all three.
#       2. Fuzzing for SECONDS over the copy of the corpus; a crash, a leak, an
#          unstable round trip or a slow input fails, and its input is kept in
#          WORKDIR/artifacts/.
#   run.sh regressions BINARY DIR
#       Runs every input of DIR (but its README) once.
#
# Exit 0 when all passed, 1 otherwise.
set -uo pipefail

die() { echo "run.sh: $*" >&2; exit 1; }

# libFuzzer's own default exit code for a crash is 77, which ctest would read as a skip.
fuzz_flags=(-error_exitcode=1 -timeout_exitcode=1 -timeout=25 -rss_limit_mb=2048)

mode=${1:-}
case $mode in
fuzz)
    [ $# -ge 5 ] || die "usage: run.sh fuzz BINARY SECONDS WORKDIR SEED_DIR..."
    bin=$2 seconds=$3 work=$4
    shift 4
    [ -x "$bin" ] || die "not executable: $bin"
    rm -rf "$work"
    mkdir -p "$work/corpus" "$work/limits" "$work/artifacts" ||
        die "cannot make $work"

    # the seed corpus, every file of every directory; names prefixed so that none collide
    n=0
    for dir in "$@"; do
        [ -d "$dir" ] || die "no seed directory $dir"
        tag=$(basename "$(dirname "$dir")")_$(basename "$dir")
        for f in "$dir"/*; do
            [ -f "$f" ] || continue
            cp "$f" "$work/corpus/${tag}_$(basename "$f")" || die "cannot copy $f"
            n=$((n + 1))
        done
    done
    echo "seed corpus: $n files"

    # limit_inputs DIR EXTRA: inputs EXTRA past each limit (1: one over, 0: exactly at it).
    # Depth: an object holding 255 + EXTRA nested arrays. Tokens: the object, its key, the
    # array and 65533 + EXTRA numbers. Size: 4 MiB + EXTRA bytes. Under unknown keys but the
    # size's padding, so that what parses writes back small.
    limit_inputs()
    {
        local dir=$1 extra=$2
        mkdir -p "$dir"
        {
            printf '{"x": '
            printf '[%.0s' $(seq $((255 + extra)))
            printf ']%.0s' $(seq $((255 + extra)))
            printf '}'
        } >"$dir/depth.json"
        {
            printf '{"x": ['
            printf '0,%.0s' $(seq $((65532 + extra)))
            printf '0]}'
        } >"$dir/tokens.json"
        {
            printf '{"hostname": "big"}'
            head -c $((4 * 1024 * 1024 - 19 + extra)) /dev/zero | tr '\0' ' '
        } >"$dir/size.json"
    }
    limit_inputs "$work/limits" 1
    limit_inputs "$work/at-limits" 0

    echo "corpus run: every seed and limit input once"
    FUZZ_CONFIG_SUMMARY=1 "$bin" "${fuzz_flags[@]}" "$work"/corpus/* "$work"/limits/* \
        >"$work/corpus-run.log" 2>&1
    rc=$?
    grep -v '^Running: \|^Executed ' "$work/corpus-run.log"
    [ $rc -eq 0 ] || die "the corpus run failed (exit $rc)"
    summary=$(grep '^fuzz_config summary:' "$work/corpus-run.log") || die "no summary printed"
    for limit in LIBCONTAINER_MAX_JSON_DEPTH LIBCONTAINER_MAX_JSON_TOKENS \
                 LIBCONTAINER_MAX_CONFIG_SIZE; do
        if [[ $summary =~ $limit\ ([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -gt 0 ]; then
            echo "ok - $limit rejects ${BASH_REMATCH[1]} input(s) with its error"
        else
            die "not ok - no input was rejected by $limit"
        fi
    done

    # the same inputs one step smaller pass every limit
    FUZZ_CONFIG_SUMMARY=1 "$bin" "${fuzz_flags[@]}" "$work"/at-limits/* \
        >"$work/at-limits.log" 2>&1 ||
        die "the inputs at the limits failed: $(grep '^fuzz_config:' "$work/at-limits.log")"
    summary=$(grep '^fuzz_config summary:' "$work/at-limits.log") || die "no summary printed"
    if [[ $summary =~ DEPTH\ 0,.*TOKENS\ 0,.*SIZE\ 0\; ]]; then
        echo "ok - inputs exactly at the limits are not rejected by them"
    else
        die "not ok - an input exactly at a limit was rejected: $summary"
    fi

    echo "fuzzing for $seconds s"
    "$bin" "${fuzz_flags[@]}" -max_total_time="$seconds" -print_final_stats=1 \
        -artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/fuzz.log" 2>&1
    rc=$?
    tail -n 40 "$work/fuzz.log"
    if [ $rc -ne 0 ]; then
        for f in "$work"/artifacts/*; do
            [ -f "$f" ] || continue
            echo "input $f (first 400 bytes):"
            head -c 400 "$f" | cat -v
            echo
        done
        die "fuzzing found a failure (exit $rc); its input is in $work/artifacts"
    fi
    echo "fuzzing passed"
    ;;
regressions)
    [ $# -eq 3 ] || die "usage: run.sh regressions BINARY DIR"
    bin=$2 dir=$3
    [ -x "$bin" ] || die "not executable: $bin"
    inputs=()
    for f in "$dir"/*; do
        case $(basename "$f") in README*) continue ;; esac
        [ -f "$f" ] && inputs+=("$f")
    done
    [ ${#inputs[@]} -gt 0 ] || die "no inputs in $dir"
    log=$(mktemp) || die "mktemp failed"
    fails=0
    for f in "${inputs[@]}"; do
        if "$bin" "${fuzz_flags[@]}" "$f" >"$log" 2>&1; then
            echo "ok - $(basename "$f")"
        else
            echo "not ok - $(basename "$f")"
            grep -v '^INFO\|^    #' "$log" | sed 's/^/#   /' | head -n 20
            fails=$((fails + 1))
        fi
    done
    rm -f "$log"
    echo "$((${#inputs[@]} - fails)) passed, $fails failed"
    [ $fails -eq 0 ]
    ;;
*)
    die "usage: run.sh fuzz|regressions ..."
    ;;
esac
