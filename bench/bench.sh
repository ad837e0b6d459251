#!/usr/bin/env bash
# bench.sh [N]: how long it takes to start /bin/true in new mount, uts, ipc, pid and net
# namespaces on a busybox root filesystem, N times (default 200) per tool: unshare (the
# floor), nsinit (with and without loopback), and bwrap, crun and runc when installed. The
# runs are interleaved: N rounds, each running every tool once in a rotating order. Prints
# one table: median, p90 and min wall time, the ratios of each median and each min to the
# floor's, and peak RSS. Needs root; no network.
#
# NSINIT=PATH and BENCHRUN=PATH use those binaries instead of building them with cmake;
# NSINIT_BASELINE=PATH adds a row nsinit-base: another nsinit (an earlier build, say) timed
# with nsinit's config in the same rounds, so that a change is measured against it.
# Everything it creates lives in one temporary directory, removed on exit.
set -euo pipefail

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }

N=${1:-200}
case $N in
    '' | *[!0-9]* | 0*) die "usage: bench.sh [N]  (N: runs per tool, a positive number)" ;;
esac
[ "$(id -u)" = 0 ] || die "needs root (namespaces, mounts, crun/runc)"

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
src=$(dirname "$here")

work=$(mktemp -d "${TMPDIR:-/tmp}/lcbench.XXXXXX")
work=$(cd "$work" && pwd -P)
idp=lcbench-$$ # prefix of every crun/runc container id, so leftovers can be found

# shellcheck disable=SC2317 # (called from the EXIT trap)
mounts_under() {
    awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo
}

# shellcheck disable=SC2317
cleanup() {
    local rt st id m cg
    for rt in crun runc; do
        st=$work/$rt-state
        if [ ! -d "$st" ] || ! command -v "$rt" >/dev/null 2>&1; then
            continue
        fi
        for id in $("$rt" --root "$st" list -q 2>/dev/null || true); do
            "$rt" --root "$st" delete -f "$id" >/dev/null 2>&1 || true
        done
    done
    # cgroups a runtime may have left (deepest first; rmdir removes only empty ones).
    find /sys/fs/cgroup -depth -type d -name "$idp-*" 2>/dev/null | while read -r cg; do
        rmdir "$cg" 2>/dev/null || say "left behind: cgroup $cg"
    done
    for m in $(mounts_under "$work" | sort -r); do
        umount -l "$m" 2>/dev/null || true
    done
    if [ -n "$(mounts_under "$work")" ]; then
        say "mounts remain under $work; not removing it"
    else
        rm -rf --one-file-system "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

failed=0 # set when a tool that should work did not

# ---- binaries ---------------------------------------------------------------------------
nsinit_skip=
nsinit_note=
if [ -z "${BENCHRUN:-}" ] || [ -z "${NSINIT:-}" ]; then
    say "building in $work/build"
    log=$work/build.log
    cmake -S "$src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DLIBCONTAINER_BUILD_BENCH=ON \
        -DLIBCONTAINER_BUILD_EXAMPLES=ON -DLIBCONTAINER_BUILD_TESTS=OFF >"$log" 2>&1 ||
        { tail -n 20 "$log" >&2; die "cmake configure failed"; }
    if [ -z "${BENCHRUN:-}" ]; then
        cmake --build "$work/build" --target benchrun >>"$log" 2>&1 ||
            { tail -n 20 "$log" >&2; die "benchrun did not build"; }
        BENCHRUN=$work/build/bench/benchrun
    fi
    if [ -z "${NSINIT:-}" ]; then
        if cmake --build "$work/build" --target nsinit >"$log.nsinit" 2>&1; then
            NSINIT=$work/build/nsinit
        else
            grep -E 'error:|undefined reference' "$log.nsinit" | head -n 5 >&2 || true
            failed=1
            # Some warnings (-Werror) appear only when optimising: try the default build type,
            # so the run still says something about nsinit, and say that it did.
            say "nsinit did not build as Release (first errors above); trying without -O"
            if cmake -S "$src" -B "$work/build-O0" -DLIBCONTAINER_BUILD_EXAMPLES=ON \
                -DLIBCONTAINER_BUILD_TESTS=OFF >>"$log" 2>&1 &&
                cmake --build "$work/build-O0" --target nsinit >"$log.nsinit" 2>&1; then
                NSINIT=$work/build-O0/nsinit
                nsinit_note="nsinit is an unoptimised build: the Release build failed"
            else
                grep -E 'error:|undefined reference' "$log.nsinit" | head -n 5 >&2 || true
                say "nsinit did not build (first errors above)"
                nsinit_skip="did not build"
            fi
        fi
    fi
fi
[ -x "$BENCHRUN" ] || die "BENCHRUN=$BENCHRUN: not an executable"
if [ -z "$nsinit_skip" ] && [ ! -x "$NSINIT" ]; then
    nsinit_skip="NSINIT=$NSINIT: not an executable"
    failed=1
fi

# ---- root filesystem --------------------------------------------------------------------
rootfs=$work/rootfs
if [ -f "$src/tests/fixtures/mkrootfs.sh" ]; then
    rc=0
    bash "$src/tests/fixtures/mkrootfs.sh" "$rootfs" >&2 || rc=$?
    [ "$rc" = 0 ] || die "tests/fixtures/mkrootfs.sh failed (status $rc)"
else
    # The smallest root filesystem that runs /bin/true: a static busybox and its links.
    bb=
    for cand in /bin/busybox /usr/bin/busybox "$(type -P busybox || true)"; do
        if [ -n "$cand" ] && [ -x "$cand" ] && ! ldd "$cand" >/dev/null 2>&1; then
            bb=$cand
            break
        fi
    done
    [ -n "$bb" ] || die "no static busybox for the root filesystem (Debian: busybox-static)"
    mkdir -p "$rootfs"/{bin,dev,proc,sys,tmp,etc}
    cp -L "$bb" "$rootfs/bin/busybox"
    for applet in sh true false ls cat hostname mount; do
        ln -s busybox "$rootfs/bin/$applet"
    done
    say "rootfs: static busybox from $bb"
fi
[ -x "$rootfs/bin/true" ] || die "$rootfs/bin/true: missing"

# ---- the tools --------------------------------------------------------------------------
# Every tool gets one untimed run whose errors are shown (a check that also warms the
# caches); the tools that pass are then timed together by one benchrun. tools: every row,
# in table order; why[T]: "skipped: ..." or "failed: ..."; timed: the tools that passed.
# cmdargs: benchrun's command list; at[T], len[T]: where T's command is in it; nsfile[T]:
# the mount namespace T runs in ("" for this one); res[T]: median|p90|min|peak RSS.
tools=()
timed=()
cmdargs=()
declare -A why=() at=() len=() nsfile=() res=()
notes=()

field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" <<<"$2"; }

# run_shown NAME NSFILE INDEX CMD...: one untimed run of CMD, %i replaced by INDEX, in the
# mount namespace NSFILE when not empty; its stderr goes to $work/NAME.err.
run_shown() {
    local name=$1 ns=$2 idx=$3 pre=()
    shift 3
    [ -z "$ns" ] || pre=(nsenter --mount="$ns" --)
    "${pre[@]}" "${@//\%i/$idx}" </dev/null >/dev/null 2>"$work/$name.err"
}

# add NAME [mntns=FILE] CMD...: the check run; when it passes, NAME is timed. In CMD, %i is
# the round's index ("check" for the check run).
add() {
    local name=$1 ns='' rc=0
    shift
    case $1 in mntns=*) ns=${1#mntns=} && shift ;; esac
    tools+=("$name")
    run_shown "$name" "$ns" check "$@" || rc=$?
    if [ "$rc" != 0 ]; then
        say "$name: check run exited $rc: $(head -c 400 "$work/$name.err" | tr '\n' ' ')"
        why[$name]="failed: check run exited $rc"
        failed=1
        return 1
    fi
    [ ${#cmdargs[@]} = 0 ] || cmdargs+=(';;')
    [ -z "$ns" ] || cmdargs+=("mntns=$ns")
    at[$name]=${#cmdargs[@]}
    len[$name]=$#
    nsfile[$name]=$ns
    cmdargs+=("$@")
    timed+=("$name")
}

skip() {
    say "$1: skipped: $2"
    tools+=("$1")
    why[$1]="skipped: $2"
}

ns="mount, uts, ipc, pid, net"

# 1. The floor: the namespaces, a chroot and an exec, nothing else (lo stays down).
if unshare --help 2>&1 | grep -q -- '--root'; then
    floor=(unshare --mount --uts --ipc --pid --net --fork --root="$rootfs" /bin/true)
else
    floor=(unshare --mount --uts --ipc --pid --net --fork chroot "$rootfs" /bin/true)
fi
add floor "${floor[@]}" || die "the floor (unshare) does not run; nothing to compare with"

# 2. nsinit with a loopback network, and nsinit-noloop: the same config without one, so
# that, as in the floor, no interface is brought up.
nsinit_config() {
    cat <<JSON
{
    "namespaces": {"NEWNS": true, "NEWUTS": true, "NEWIPC": true, "NEWPID": true,
                   "NEWNET": true},
    "hostname": "bench",
    "environment": ["PATH=/bin"],
    "capabilities": ["CHOWN", "DAC_OVERRIDE", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID",
                     "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL"]$1
}
JSON
}
for name in nsinit nsinit-noloop; do
    if [ -n "$nsinit_skip" ]; then
        skip $name "$nsinit_skip"
        continue
    fi
    mkdir -p "$work/$name"
    if [ $name = nsinit ]; then
        nsinit_config ',
    "networks": [{"type": "loopback", "address": "127.0.0.1/0", "mtu": 1500}]'
    else
        nsinit_config ''
    fi >"$work/$name/container.json"
    add $name "$NSINIT" --root "$work/$name" --rootfs "$rootfs" exec /bin/true || true
done
if [ -n "${NSINIT_BASELINE:-}" ]; then
    if [ -x "$NSINIT_BASELINE" ]; then
        mkdir -p "$work/nsinit-base"
        cp "$work/nsinit/container.json" "$work/nsinit-base/"
        add nsinit-base "$NSINIT_BASELINE" --root "$work/nsinit-base" --rootfs "$rootfs" \
            exec /bin/true || true
    else
        skip nsinit-base "NSINIT_BASELINE=$NSINIT_BASELINE: not an executable"
    fi
fi

# 3. bwrap: always a new mount namespace; the rootfs as /, a fresh /proc and a minimal /dev.
if command -v bwrap >/dev/null 2>&1; then
    add bwrap bwrap --unshare-uts --unshare-ipc --unshare-pid --unshare-net \
        --hostname bench --bind "$rootfs" / --proc /proc --dev /dev /bin/true || true
else
    skip bwrap "not installed"
fi

# 4. crun and runc: one OCI bundle from `crun spec` (or `runc spec`), each run a fresh id.
bundle=$work/bundle
spec_why=
if command -v crun >/dev/null 2>&1 || command -v runc >/dev/null 2>&1; then
    mkdir -p "$bundle"
    for rt in crun runc; do
        command -v $rt >/dev/null 2>&1 && (cd "$bundle" && $rt spec) && break
    done
    # shellcheck disable=SC2016 # $rootfs is jq's variable
    edit='.process.args = ["/bin/true"] | .process.terminal = false
          | .root.path = $rootfs | .root.readonly = false | .hostname = "bench"
          | .linux.namespaces = [{"type": "pid"}, {"type": "network"}, {"type": "ipc"},
                                 {"type": "uts"}, {"type": "mount"}]'
    if [ ! -f "$bundle/config.json" ]; then
        spec_why="neither crun spec nor runc spec wrote a config.json"
    elif command -v jq >/dev/null 2>&1; then
        if jq --arg rootfs "$rootfs" "$edit" "$bundle/config.json" >"$bundle/new.json"; then
            mv "$bundle/new.json" "$bundle/config.json"
        else
            spec_why="jq could not edit the spec"
        fi
    elif command -v python3 >/dev/null 2>&1; then
        python3 - "$bundle/config.json" "$rootfs" <<'EOF' || spec_why="python3 failed"
import json, sys
path, rootfs = sys.argv[1], sys.argv[2]
with open(path) as f:
    spec = json.load(f)
spec["process"]["args"] = ["/bin/true"]
spec["process"]["terminal"] = False
spec["root"] = {"path": rootfs, "readonly": False}
spec["hostname"] = "bench"
spec["linux"]["namespaces"] = [{"type": t} for t in ("pid", "network", "ipc", "uts", "mount")]
with open(path, "w") as f:
    json.dump(spec, f, indent=2)
EOF
    else
        spec_why="editing the OCI spec needs jq or python3"
    fi
fi

if ! command -v crun >/dev/null 2>&1; then
    skip crun "not installed"
elif [ -n "$spec_why" ]; then
    skip crun "$spec_why"
else
    mkdir -p "$work/crun-state"
    crun=(crun --root "$work/crun-state")
    # crun refuses a cgroup v1+v2 hybrid whose v2 hierarchy has controllers. In a mount
    # namespace without the cgroup2 mounts it sees plain cgroup v1, as on a v1 host. That
    # namespace is kept in a file (on $work, made a private mount for it); crun's runs join
    # it between benchrun's fork and exec, so no extra process is timed, and the other
    # tools, runc among them, keep the host's view.
    crun_ns=
    crun_why=
    probe=$work/crun.probe
    if ! "${crun[@]}" run --bundle "$bundle" "$idp-probe" </dev/null >/dev/null 2>"$probe" &&
        grep -q 'hybrid mode' "$probe" && [ -n "$(findmnt -n -t cgroup2 || true)" ]; then
        say "crun: does not support this cgroup v1+v2 hybrid; timing it with cgroup v1 only"
        # shellcheck disable=SC2016 # $m is the inner shell's
        if mount --bind "$work" "$work" && mount --make-private "$work" &&
            touch "$work/crun.mntns" &&
            unshare --mount="$work/crun.mntns" --propagation private -- sh -c \
                'for m in $(findmnt -n -l -t cgroup2 -o TARGET); do umount -l "$m" || exit 1; done'
        then
            crun_ns=mntns=$work/crun.mntns
            notes+=("crun's rows ran in a mount namespace without the cgroup2 mounts (hybrid host)")
        else
            crun_why="cgroup v1+v2 hybrid, and no mount namespace without cgroup2 could be made"
        fi
    fi
    if [ -n "$crun_why" ]; then
        skip crun "$crun_why"
    else
        add crun ${crun_ns:+"$crun_ns"} "${crun[@]}" run --bundle "$bundle" "$idp-crun-%i" ||
            true
    fi
    # crun without a cgroup, as nsinit runs this config (it has no cgroups section).
    if crun --help 2>&1 | grep -q -- '--cgroup-manager'; then
        if [ -n "$crun_why" ]; then
            skip crun-nocgroup "$crun_why"
        else
            add crun-nocgroup ${crun_ns:+"$crun_ns"} "${crun[@]}" --cgroup-manager=disabled \
                run --bundle "$bundle" "$idp-nocg-%i" || true
        fi
    fi
fi

if ! command -v runc >/dev/null 2>&1; then
    skip runc "not installed"
elif [ -n "$spec_why" ]; then
    skip runc "$spec_why"
else
    mkdir -p "$work/runc-state"
    add runc runc --root "$work/runc-state" run --bundle "$bundle" "$idp-runc-%i" || true
fi

# ---- measuring --------------------------------------------------------------------------
# N rounds; in each, every tool runs once, in an order that rotates from round to round
# (see benchrun.c), so that all tools run on the same background: the asynchronous
# teardown of earlier runs' namespaces lands on each of them alike.
say "timing ${timed[*]}: $N rounds"
out=$("$BENCHRUN" "$N" -- "${cmdargs[@]}") || true
[ "$(grep -c . <<<"$out")" = ${#timed[@]} ] || die "benchrun failed; no figures"
k=0
for name in "${timed[@]}"; do
    k=$((k + 1))
    line=$(sed -n "${k}p" <<<"$out")
    case $line in
        median_us=*)
            res[$name]="$(field median_us "$line")|$(field p90_us "$line")"
            res[$name]+="|$(field min_us "$line")|$(field max_rss_kb "$line")"
            ;;
        *)
            why[$name]="failed: timed run $(field failed_run "$line") failed"
            failed=1
            rc=0
            run_shown "$name" "${nsfile[$name]}" again \
                "${cmdargs[@]:${at[$name]}:${len[$name]}}" || rc=$?
            say "$name: run once more: exit $rc: $(head -c 400 "$work/$name.err" | tr '\n' ' ')"
            ;;
    esac
done
[ -n "${res[floor]:-}" ] || die "the floor (unshare) failed in a timed run; nothing to compare with"
for name in nsinit nsinit-noloop nsinit-base; do
    if [ -e "$work/$name/pid" ]; then
        say "$name: left $work/$name/pid behind"
        failed=1
    fi
done

# ---- report -----------------------------------------------------------------------------
echo
versions=
for t in unshare bwrap crun runc; do
    command -v $t >/dev/null 2>&1 || continue
    versions+=" $t $($t --version 2>/dev/null | head -n 1 | awk '{ print $NF }'),"
done
echo "/bin/true, $N rounds of one run per tool, rotating order; namespaces: $ns;" \
    "$(uname -sr), $(nproc) CPUs"
echo "versions:${versions%,}"
IFS='|' read -r floor_med _ floor_min _ <<<"${res[floor]}"
printf '%-14s %9s %9s %9s %9s %9s %12s\n' tool "median ms" "p90 ms" "min ms" "x median" \
    "x min" "peak RSS KB"
for name in "${tools[@]}"; do
    if [ -z "${res[$name]:-}" ]; then
        printf '%-14s %s\n' "$name" "${why[$name]}"
        continue
    fi
    IFS='|' read -r m p lo r <<<"${res[$name]}"
    awk -v n="$name" -v m="$m" -v p="$p" -v lo="$lo" -v r="$r" -v fm="$floor_med" \
        -v fl="$floor_min" 'BEGIN {
        printf "%-14s %9.2f %9.2f %9.2f %8.2fx %8.2fx %12d\n",
               n, m / 1000, p / 1000, lo / 1000, m / fm, lo / fl, r }'
done

nsinit_med=
crun_med=
[ -z "${res[nsinit]:-}" ] || nsinit_med=${res[nsinit]%%|*}
[ -z "${res[crun]:-}" ] || crun_med=${res[crun]%%|*}
verdict=$(awk -v n="$nsinit_med" -v c="$crun_med" -v f="$floor_med" -v why="${why[nsinit]:-}" '
BEGIN {
    if (n == "") { printf "nsinit was not measured%s", why != "" ? " (" why ")" : ""; exit }
    r = n / f
    s = sprintf("nsinit is %s 1.5x of the floor (%.2fx)", r <= 1.5 ? "within" : "NOT within", r)
    if (c == "") s = s "; crun was not measured"
    else s = s sprintf(" and %s than crun (%.2f ms vs %.2f ms)",
                       n < c ? "faster" : "NOT faster", n / 1000, c / 1000)
    print s " (medians)" }')
[ -z "$nsinit_note" ] || notes+=("$nsinit_note")
for note in "${notes[@]}"; do
    echo "note: $note"
done
echo "verdict: $verdict"
exit "$failed"
