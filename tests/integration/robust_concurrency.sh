#!/usr/bin/env bash
# Concurrency: N containers (ROBUST_CONCURRENCY, default 100) started at the same moment by N
# nsinit processes, each with its own container directory, on one shared root filesystem; the
# config has cgroups and a veth on one bridge. While all of them run, each has its own pid file
# and init, its own cgroup directory (the host reads distinct memory cgroups, each holding its
# init) and its own host veth on the bridge (N distinct names). Each prints its memory cgroup
# line from inside; all exit 0; afterwards no pid file, cgroup directory, veth, mount or
# process of theirs is left.
# The whole topology lives in a network namespace this test makes; no traffic is sent.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root
need_cmd ip nsenter flock
[ -n "$(cg_v1_mount memory)$(cg_v2_mount)" ] || skip "no cgroup hierarchy mounted"
N=${ROBUST_CONCURRENCY:-100}
[ "$N" -ge 2 ] && [ "$N" -le 250 ] || bail "ROBUST_CONCURRENCY=$N: between 2 and 250"

H=rbc$$h   # stands for the host: bridge br0
netns_add "$H"
if ! { ip -n "$H" link add br0 type bridge && ip -n "$H" addr add 10.95.0.1/24 dev br0 &&
    ip -n "$H" link set br0 up; }; then
    bail "cannot build the bridge in $H"
fi

# One root filesystem for all, with the gate the containers wait at once they run.
R=$TESTTMP/rootfs
mkcontainer "$R"
mkdir -p "$R/gate" "$TESTTMP/gate"
LOCK=$TESTTMP/start.lock
: >"$LOCK"

# The cgroup names nsinit derives from the directories; removed at exit if a case failed.
NAMES=()
cleanup() { [ ${#NAMES[@]} -eq 0 ] || cg_remove "${NAMES[@]}"; }
at_exit cleanup

dirs=()
for ((i = 1; i <= N; i++)); do
    d=$TESTTMP/c$i
    mkdir -p "$d"
    dirs+=("$d")
    config_with '"cgroups": {"memory": 67108864, "pids_limit": 32}' \
        '"networks": [{"type": "loopback"}, {"type": "veth", "bridge": "br0", "veth_prefix": "rbc",
            "address": "10.95.0.'$((i + 1))'/24", "gateway": "10.95.0.1"}]' \
        '"mount_config": {"mounts": [{"type": "bind", "source": "'"$TESTTMP/gate"'",
            "destination": "/gate"}]}' >"$d/container.json"
done

# The starters wait on a lock the test holds, and all go when it lets go.
exec {lockfd}>"$LOCK"
flock -x "$lockfd"
jobs_=()
for d in "${dirs[@]}"; do
    flock -s "$LOCK" timeout -k 5 270 nsenter --net="/run/netns/$H" "$NSINIT" --root "$d" \
        --rootfs "$R" exec -- sh -c 'grep -m 1 memory /proc/self/cgroup
            while [ ! -e /gate/go ]; do sleep 0.1; done; echo done' >"$d.out" 2>"$d.err" {lockfd}>&- &
    jobs_+=("$!")
done
# every starter is waiting on the lock
waiting() { [ "$(grep -c -- '->' /proc/locks)" -ge "$N" ]; }
wait_for 30 waiting || echo "# not every starter was seen waiting on the lock"
t0=$(date +%s%N)
exec {lockfd}>&-

all_up() { for d in "${dirs[@]}"; do [ -s "$d/pid" ] || return 1; done; }
if wait_for 240 all_up; then
    up_ms=$((($(date +%s%N) - t0) / 1000000))
    ok "all $N containers run (pid files after $up_ms ms)"
else
    up_ms=-
    missing=()
    for d in "${dirs[@]}"; do [ -s "$d/pid" ] || missing+=("${d##*/}: $(head -n 1 "$d.err")"); done
    not_ok "all $N containers run" "${#missing[@]} without a pid file" \
        "$(printf '%s\n' "${missing[@]}" | head -n 10)"
fi

# While they all run: pids, cgroups, veths.
pids=()
cgs=()
for d in "${dirs[@]}"; do
    [ -s "$d/pid" ] || continue
    p=$(cat "$d/pid")
    pids+=("$p")
    m=$(cg_dir "$p" memory 2>/dev/null || cg_dir "$p" "")
    cgs+=("$m")
    NAMES+=("${m##*/}")
    grep -qx "$p" "$m/cgroup.procs" 2>/dev/null || echo "# $p is not in $m/cgroup.procs"
done
check_eq "$N distinct init pids in the pid files" "$N" "$(printf '%s\n' "${pids[@]}" | sort -u | grep -c .)"
check_eq "$N distinct memory cgroup directories, as the host sees them" "$N" \
    "$(printf '%s\n' "${cgs[@]}" | sort -u | grep -c .)"
inits_in_own=0
for ((i = 0; i < ${#pids[@]}; i++)); do
    grep -qx "${pids[i]}" "${cgs[i]}/cgroup.procs" 2>/dev/null && inits_in_own=$((inits_in_own + 1))
done
check_eq "each init is in its own memory cgroup" "$N" "$inits_in_own"
check_eq "$N distinct host veths (rbc*) on the bridge" "$N" \
    "$(ip -n "$H" -o link show master br0 type veth | awk -F': ' '{ sub("@.*", "", $2); print $2 }' |
        grep '^rbc' | sort -u | grep -c .)"

# Let them end.
touch "$TESTTMP/gate/go"
t1=$(date +%s%N)
failed=()
for ((i = 0; i < N; i++)); do
    wait "${jobs_[i]}" && st=0 || st=$?
    [ "$st" -eq 0 ] || failed+=("c$((i + 1)): $st $(head -n 1 "${dirs[i]}.err")")
done
end_ms=$((($(date +%s%N) - t1) / 1000000))
if [ ${#failed[@]} -eq 0 ]; then
    ok "all $N nsinit processes exit 0 (the last $end_ms ms after the gate opened)"
else
    not_ok "all $N nsinit processes exit 0" "${#failed[@]} did not:" \
        "$(printf '%s\n' "${failed[@]}" | head -n 10)"
fi
inside=$(cat "${dirs[@]/%/.out}" | tr -d '\r' | grep ':memory:' | sort -u | grep -c .)
check_eq "each printed its own memory cgroup line from inside ($N distinct)" "$N" "$inside"
check_eq "each printed done" "$N" "$(cat "${dirs[@]/%/.out}" | grep -cx 'done')"
inside_names=$(cat "${dirs[@]/%/.out}" | tr -d '\r' | grep ':memory:' | sed 's:.*/::' | sort)
check_eq "the cgroups seen inside are the ones the host saw" \
    "$(printf '%s\n' "${NAMES[@]}" | sort)" "$inside_names"

# Nothing left.
left=()
for d in "${dirs[@]}"; do
    [ ! -e "$d/pid" ] || left+=("$d/pid")
    [ ! -e "$(nsinit_state "$d")" ] || left+=("$(nsinit_state "$d")")
done
check_eq "no pid or state file left in the $N directories" "" "${left[*]}"
cg_left=$(cg_find "${NAMES[@]}")
check_eq "no cgroup directory of theirs left" "" "$cg_left"
check_no_veth "$H" "no veth left on the bridge's side"
check_clean "$R" "nothing left behind on the shared root filesystem"
echo "# $N containers at once: all running after ${up_ms} ms, all ended ${end_ms} ms after the gate opened"
