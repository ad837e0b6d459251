#!/usr/bin/env bash
# Attacks readonly_paths with the race of attack_ro_race.sh: two containers share one root
# filesystem; one of them exchanges its directory /mnt/d and a symlink to /, /mnt/l, with
# renameat2(RENAME_EXCHANGE) in a loop, while the other is started again and again with
# readonly_paths ["/mnt/d"] (made read-only by a bind of the path onto itself, then a read-only
# remount that looked the path up again). Once running, the victim writes through /mnt/d and
# /mnt/l, and through /.. (a mount stacked on the root itself). Secure: no write ever lands in
# the directory that readonly_paths names (on the host, wherever the swapping left it).
# ATTACK_RACE_ROUNDS (default 100) starts at most, 20 at least, within ATTACK_RACE_SECONDS
# (default 30) of starting; the outcomes are printed.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

ROUNDS=${ATTACK_RACE_ROUNDS:-100}
BUDGET=${ATTACK_RACE_SECONDS:-30}
HELPER=$TESTTMP/sechelper
"${CC:-cc}" -static -O2 -o "$HELPER" "$SRCDIR/tests/fixtures/sechelper.c" 2>"$TESTTMP/cc.err" ||
    skip "no static C compiler: $(head -n 1 "$TESTTMP/cc.err")"

# The shared root filesystem, which is also the swapper's container directory. The directory
# readonly_paths names holds a marker, which tells it from the symlink on the host.
R=$TESTTMP/shared
mkcontainer "$R"
mkdir -p "$R/mnt/d"
chmod 0777 "$R/mnt/d"
touch "$R/mnt/d/ro-marker"
ln -s / "$R/mnt/l"
cp "$HELPER" "$R/bin/sechelper"
V=$TESTTMP/victim
mkdir -p "$V"
config_with '"readonly_paths": ["/mnt/d"]' >"$V/container.json"
# the directory, wherever it is now
ro_dir() { dirname "$(find "$R/mnt" -maxdepth 2 -name ro-marker 2>/dev/null | head -n 1)"; }

NSINIT_TIMEOUT=$((BUDGET + 40)) nsinit_bg --root "$R" --rootfs "$R" exec -- sh -c 'echo up >/tmp/up
    exec sechelper swap '"$((BUDGET + 30))"' /mnt/d /mnt/l /tmp/stop >/tmp/swap 2>&1'
SWAPPER=$NSINIT_PID
wait_for 10 test -s "$R/tmp/up" || bail "the swapping container did not start"

PROBE='for p in /mnt/d /mnt/l /../mnt/d /../mnt/l; do
        touch "$p/probe" 2>/dev/null && echo "wrote:$p"; done; true'
declare -A outcome
breaches=()
first=0
t0=$SECONDS
for ((i = 1; i <= ROUNDS && (i <= 20 || SECONDS - t0 < BUDGET); i++)); do
    run nsinit --root "$V" --rootfs "$R" exec -- sh -c "$PROBE"
    key="status $status"
    d=$(ro_dir)
    if [ -e "$d/probe" ]; then
        key+=" WRITTEN"
        breaches+=("start $i: $(tr '\n' ' ' <<<"$stdout")")
        [ "$first" -ne 0 ] || first=$i
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
[ "$first" -eq 0 ] || echo "# first write into the read-only path at start $first"
check_eq "no start let a write into the directory readonly_paths names (${#breaches[@]} of $n did)" \
    "" "$(printf '%s\n' "${breaches[@]:0:5}")"
check_clean "$R" "the swapper: nothing left behind"
check_clean "$V" "the victim: nothing left behind"
