#!/usr/bin/env bash
# Attacks a read-only bind mount with a race: two containers share one root filesystem. One of
# them (the swapper) exchanges a directory of it, /mnt/d, and a symlink to /, /mnt/l, with
# renameat2(RENAME_EXCHANGE) in a loop; the other is started again and again with a read-only
# bind of a host directory at /mnt/d. Once running, the victim reads its mountinfo for the
# source's mount and tries to write through every place the source may be: /mnt/d, /mnt/l, /,
# and /.. (a mount stacked on the root itself). Secure: in no start is the source mounted
# read-write, and no write ever reaches the host's source directory (the bind is read-only
# wherever it lands, or the start is refused).
# ATTACK_RACE_ROUNDS (default 100) starts at most, 20 at least, within ATTACK_RACE_SECONDS
# (default 60) of starting; the outcomes are printed.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

ROUNDS=${ATTACK_RACE_ROUNDS:-100}
BUDGET=${ATTACK_RACE_SECONDS:-60}
HELPER=$TESTTMP/sechelper
"${CC:-cc}" -static -O2 -o "$HELPER" "$SRCDIR/tests/fixtures/sechelper.c" 2>"$TESTTMP/cc.err" ||
    skip "no static C compiler: $(head -n 1 "$TESTTMP/cc.err")"

# The host's source directory: one marker file, and nothing else may ever appear in it.
SRC=$TESTTMP/src
mkdir -p "$SRC"
echo source >"$SRC/src-marker"
chmod 0777 "$SRC"

# The shared root filesystem, which is also the swapper's container directory.
R=$TESTTMP/shared
mkcontainer "$R"
mkdir -p "$R/mnt/d"
ln -s / "$R/mnt/l"
cp "$HELPER" "$R/bin/sechelper"
# The victim's own container directory: only its config.
V=$TESTTMP/victim
mkdir -p "$V"
config_with '"mount_config": {"mounts": [{"type": "bind", "source": "'"$SRC"'",
    "destination": "/mnt/d"}]}' >"$V/container.json"

NSINIT_TIMEOUT=$((BUDGET + 40)) nsinit_bg --root "$R" --rootfs "$R" exec -- sh -c 'echo up >/tmp/up
    exec sechelper swap '"$((BUDGET + 30))"' /mnt/d /mnt/l /tmp/stop >/tmp/swap 2>&1'
SWAPPER=$NSINIT_PID
wait_for 10 test -s "$R/tmp/up" || bail "the swapping container did not start"

# What the victim does: write through each place ("wrote:PLACE"), then, for each mount of the
# source in its mountinfo (the mount's root is $SRC), "mount:ro" or "mount:rw" and "at:POINT",
# and "root:ro" or "root:rw" for each mount at /.
PROBE='for p in /mnt/d /mnt/l "" /.. /bin/..; do touch "$p/probe" 2>/dev/null && echo "wrote:${p:-/}"; done
    while read -r _ _ _ root point opts _; do
        [ "$root" = '"$SRC"' ] && echo "mount:${opts%%,*}" && echo "at:$point"
        [ "$point" = / ] && echo "root:${opts%%,*}"
    done </proc/self/mountinfo; true'
declare -A outcome
breaches=()
rw_mounts=()
first=0
first_rw=0
t0=$SECONDS
for ((i = 1; i <= ROUNDS && (i <= 20 || SECONDS - t0 < BUDGET); i++)); do
    run nsinit --root "$V" --rootfs "$R" exec -- sh -c "$PROBE"
    key="status $status"
    if [ "$status" -eq 0 ]; then
        key+=" $(grep -E '^(mount|root|at):' <<<"$stdout" | sed 's|^at:/mnt/.*|at:/mnt/..|' | sort |
            tr '\n' ' ')"
        if grep -q '^mount:rw' <<<"$stdout"; then
            rw_mounts+=("start $i: $(tr '\n' ' ' <<<"$stdout")")
            [ "$first_rw" -ne 0 ] || first_rw=$i
        fi
    fi
    leaked=$(find "$SRC" -mindepth 1 ! -name src-marker -printf '%f ')
    if [ -n "$leaked" ]; then
        key+=" WRITTEN"
        breaches+=("start $i: the source got: $leaked(seen: $(tr '\n' ' ' <<<"$stdout"))")
        [ "$first" -ne 0 ] || first=$i
        find "$SRC" -mindepth 1 ! -name src-marker -delete
    fi
    outcome[$key]=$((${outcome[$key]:-0} + 1))
    rm -f "$R/probe" "$R/mnt/d/probe" "$R/mnt/l/probe" 2>/dev/null
    [ ! -e "$V/pid" ] || break
done
n=$((i - 1))
secs=$((SECONDS - t0))
touch "$R/tmp/stop"
wait "$SWAPPER"
echo "# $n starts in ${secs}s while the other container swapped ($(cat "$R/tmp/swap"))"
for k in "${!outcome[@]}"; do
    echo "#   ${outcome[$k]} x $k"
done
[ "$first_rw" -eq 0 ] || echo "# first read-write mount of the source at start $first_rw"
[ "$first" -eq 0 ] || echo "# first write into the source at start $first"
check_eq "no start left the source mounted read-write (${#rw_mounts[@]} of $n did)" \
    "" "$(printf '%s\n' "${rw_mounts[@]:0:5}")"
check_eq "no start let a write reach the host's read-only bind source (${#breaches[@]} of $n did)" \
    "" "$(printf '%s\n' "${breaches[@]:0:5}")"
check_eq "the source directory holds only its marker" "src-marker" "$(cd "$SRC" && ls -A)"
check_clean "$R" "the swapper: nothing left behind"
check_clean "$V" "the victim: nothing left behind"
