#!/usr/bin/env bash
# Resource bounds: nsinit's own memory and fds stay flat across ROBUST_ITERATIONS (default 1000)
# sequential containers on one directory (cgroups and a veth on a bridge): at the 10th and at
# the last run, while the container runs, nsinit's peak RSS (VmHWM) and its open fds are read
# from /proc, and its whole-run peak RSS from /usr/bin/time when installed; the last must not
# exceed the 10th. Every run exits 0 and nothing is left afterwards. Then a config with 500
# bind mounts starts and sees all of them, and the cost of a start with 0, 50 and 500 bind
# mounts (the best of 5 runs each) grows about linearly with their number.
# Figures are printed as "#" lines. The whole topology lives in a network namespace this test
# makes; no traffic is sent.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root
need_cmd ip nsenter
[ -n "$(cg_v1_mount memory)$(cg_v2_mount)" ] || skip "no cgroup hierarchy mounted"
ITER=${ROBUST_ITERATIONS:-1000}
[ "$ITER" -ge 20 ] || bail "ROBUST_ITERATIONS=$ITER: at least 20"

H=rbb$$h   # stands for the host: bridge br0
CG=rbb$$   # the container's cgroup name
at_exit cg_remove "$CG"
netns_add "$H"
if ! { ip -n "$H" link add br0 type bridge && ip -n "$H" addr add 10.94.0.1/24 dev br0 &&
    ip -n "$H" link set br0 up; }; then
    bail "cannot build the bridge in $H"
fi
TIME=
[ -x /usr/bin/time ] && TIME=/usr/bin/time

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# ---- ITER sequential containers -----------------------------------------------------------
B=$TESTTMP/seq
mkcontainer "$B" "$(config_with '"cgroups": {"name": "'"$CG"'", "memory": 67108864}' \
    '"networks": [{"type": "loopback"}, {"type": "veth", "bridge": "br0", "veth_prefix": "rbb",
        "address": "10.94.0.2/24", "gateway": "10.94.0.1"}]')"

# measure I: one run of the container, held until /measured exists; while it waits, nsinit's
# VmHWM, VmRSS and fds are read into HWM_I, RSS_I, FDS_I (and FDLIST_I); PEAK_I from
# /usr/bin/time.
measure()
{
    local i=$1 wrapper=() pid np st hwm rss fds list
    rm -f "$TESTTMP/peak"
    [ -z "$TIME" ] || wrapper=("$TIME" -f %M -o "$TESTTMP/peak")
    "${wrapper[@]}" nsenter --net="/run/netns/$H" "$NSINIT" --root "$B" --rootfs "$B" \
        exec -- sh -c 'until [ -e /measured ]; do sleep 0.05; done' >"$TESTTMP/m.out" 2>&1 &
    pid=$!
    np=$pid
    if [ -n "$TIME" ]; then
        wait_for 30 eval '[ -n "$(cat /proc/'"$pid"'/task/*/children 2>/dev/null)" ]' || true
        np=$(cat /proc/"$pid"/task/*/children 2>/dev/null | tr -d ' ')
    fi
    if wait_for 30 test -s "$B/pid" && [ -n "$np" ]; then
        hwm=$(awk '$1 == "VmHWM:" { print $2 }' "/proc/$np/status")
        rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$np/status")
        # the fds and what they are (inode numbers aside), but for /usr/bin/time's output file
        list=$(ls -l "/proc/$np/fd" 2>/dev/null | awk 'NR > 1 { print $9, $10, $11 }' |
            grep -v " $TESTTMP/peak\$" | sed -E 's/\[[0-9]+\]$/[]/')
        fds=$(grep -c . <<<"$list")
    fi
    : >"$B/measured"
    wait "$pid" && st=0 || st=$?
    rm -f "$B/measured"
    check_eq "run $i: exit 0" "0" "$st" || sed 's/^/#   /' "$TESTTMP/m.out"
    printf -v "HWM_$i" '%s' "${hwm:-?}"
    printf -v "RSS_$i" '%s' "${rss:-?}"
    printf -v "FDS_$i" '%s' "${fds:-?}"
    printf -v "FDLIST_$i" '%s' "$list"
    printf -v "PEAK_$i" '%s' "$(tail -n 1 "$TESTTMP/peak" 2>/dev/null || echo -)"
}

fails=0
first=
t_start=$(now_ms)
for ((i = 1; i <= ITER; i++)); do
    if [ "$i" -eq 10 ] || [ "$i" -eq "$ITER" ]; then
        measure "$i"
        continue
    fi
    nsinit_in "$H" --root "$B" --rootfs "$B" exec -- true >"$TESTTMP/run.out" 2>&1 && st=0 || st=$?
    if [ "$st" -ne 0 ]; then
        fails=$((fails + 1))
        [ -n "$first" ] || first="run $i: $st $(head -n 1 "$TESTTMP/run.out")"
    fi
    [ "$i" -ne 100 ] || t_100=$(now_ms)
    [ "$i" -ne $((ITER - 100)) ] || t_last100=$(now_ms)
done
t_end=$(now_ms)
check_eq "all $ITER sequential runs exit 0" "0" "$fails" || echo "#   first: $first"
eval "h10=\$HWM_10 hN=\$HWM_$ITER r10=\$RSS_10 rN=\$RSS_$ITER f10=\$FDS_10 fN=\$FDS_$ITER"
eval "p10=\$PEAK_10 pN=\$PEAK_$ITER l10=\$FDLIST_10 lN=\$FDLIST_$ITER"
echo "# nsinit at run 10:    VmHWM $h10 kB, VmRSS $r10 kB, fds $f10, peak RSS (time %M) $p10 kB"
echo "# nsinit at run $ITER: VmHWM $hN kB, VmRSS $rN kB, fds $fN, peak RSS (time %M) $pN kB"
if [ -n "${t_100:-}" ] && [ -n "${t_last100:-}" ]; then
    echo "# wall time: runs 1-100 $((t_100 - t_start)) ms, the last 100 $((t_end - t_last100)) ms"
fi
echo "# nsinit's fds at run $ITER: $(tr '\n' ',' <<<"$lN" | sed 's/,$//; s/,/, /g')"
check_eq "nsinit's open fds are the same at run 10 and run $ITER ($f10)" "$l10" "$lN"
# Each run is a new process: two runs differ by a few pages of noise (stack, environment,
# alignment); what the host keeps growing (cgroup, mount or link tables nsinit reads) would
# show as more.
if [[ $h10 =~ ^[0-9]+$ && $hN =~ ^[0-9]+$ ]]; then
    check "nsinit's peak RSS (VmHWM) at run $ITER ($hN kB) is not above run 10's ($h10 kB) + 256 kB" \
        test "$hN" -le $((h10 + 256))
else
    not_ok "nsinit's VmHWM read at runs 10 and $ITER" "got: $h10 / $hN"
fi
if [[ $p10 =~ ^[0-9]+$ && $pN =~ ^[0-9]+$ ]]; then
    check "whole-run peak RSS at run $ITER ($pN kB) is not above run 10's ($p10 kB) + 256 kB" \
        test "$pN" -le $((p10 + 256))
fi
check_no_cgroup "$CG" "after $ITER runs: no cgroup directory left"
check_no_veth "$H" "after $ITER runs: no veth left"
check_clean "$B" "after $ITER runs: nothing left behind"

# ---- bind mounts: 500 start; 0, 50, 500 cost -----------------------------------------------
M=$TESTTMP/binds
mkdir -p "$M"
for ((i = 1; i <= 500; i++)); do
    mkdir "$M/s$i"
done
# bindcfg N: the default config with N bind mounts, s1..sN on /mnt/b/d1..dN
bindcfg()
{
    local n=$1 i list=
    for ((i = 1; i <= n; i++)); do
        list+="${list:+,}{\"type\": \"bind\", \"source\": \"$M/s$i\", \"destination\": \"/mnt/b/d$i\"}"
    done
    config_with '"mount_config": {"mounts": ['"$list"']}'
}
declare -A best
for n in 0 50 500; do
    D=$TESTTMP/bind$n
    mkcontainer "$D" "$(bindcfg "$n")"
    mkdir -p "$D/mnt/b"
    for ((i = 1; i <= n; i++)); do mkdir "$D/mnt/b/d$i"; done
    run nsexec "$D" sh -c 'grep -c " /mnt/b/d[0-9]* " /proc/self/mountinfo || true'
    check_eq "$n bind mounts: the container starts and sees all of them" "0 $n" "$status $stdout" ||
        echo "#   stderr: $stderr"
    best[$n]=
    for k in 1 2 3 4 5; do
        t0=$(date +%s%N)
        nsexec "$D" true >/dev/null 2>&1 || not_ok "$n bind mounts: run $k exits 0"
        t=$((($(date +%s%N) - t0) / 1000))
        [ -n "${best[$n]}" ] && [ "${best[$n]}" -le "$t" ] || best[$n]=$t
    done
    check_clean "$D" "$n bind mounts: nothing left behind"
done
b0=${best[0]} b50=${best[50]} b500=${best[500]}
echo "# start with 0 bind mounts: $((b0 / 1000)).$(printf '%03d' $((b0 % 1000))) ms (best of 5)"
echo "# start with 50 bind mounts: $((b50 / 1000)).$(printf '%03d' $((b50 % 1000))) ms," \
    "$(((b50 - b0) / 50)) us per mount"
echo "# start with 500 bind mounts: $((b500 / 1000)).$(printf '%03d' $((b500 % 1000))) ms," \
    "$(((b500 - b0) / 500)) us per mount"
# Timings are figures, not assertions (a loaded machine makes any bound flaky): linear growth
# shows as a per-mount cost of 500 close to that of 50; quadratic would be about 10 times it.
echo "# per-mount cost, 500 against 50: $(((b500 - b0) / 500)) us against $(((b50 - b0) / 50)) us"
