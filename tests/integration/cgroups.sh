#!/usr/bin/env bash
# The cgroups object on this machine's real hierarchies: a container's directory is
# <mount>/<the runtime's own cgroup>/<parent>/<name> on every hierarchy and holds its init
# before the command runs; memory, cpu, cpuset and pids settings land in their files and take
# effect (a memory hog is OOM-killed and nsinit says so with 137, a fork loop stops at
# pids_limit, cpuset pins the process); pause and unpause freeze and thaw a busy container;
# stats prints JSON; joined processes enter the container's cgroups; two containers never share
# a cgroup; the seed's minimal.json runs with its cgroups object; a missing controller fails
# cleanly; a killed runtime's leftovers are taken over by the next run. After each case no
# cgroup directory of the container is left on any hierarchy.
# Device rules are in cgroups_devices.sh.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root
[ -n "$(cg_mounts)" ] || skip "no cgroup hierarchy mounted"
for c in memory cpu cpuacct cpuset pids freezer; do
    [ -n "$(cg_v1_mount "$c")" ] || skip "needs the v1 $c hierarchy"
done

# minimal.json names its cgroup docker/docker-koye: below a cgroup of this run's own.
cg_enter_own

# Names unique to this run; whatever a failing case leaves is removed at exit (leaves first).
P=lct$$
CG_NAMES=()
cleanup_cgroups()
{
    local i
    for ((i = ${#CG_NAMES[@]} - 1; i >= 0; i--)); do
        cg_remove "${CG_NAMES[i]}"
    done
}
at_exit cleanup_cgroups
remember() { CG_NAMES+=("$@"); }

HAVE_PY=
python3 -c 'import json' >/dev/null 2>&1 && HAVE_PY=1
note() { echo "# $*"; }

# json_get EXPR: evaluates the Python expression EXPR on the JSON document on stdin (as d);
# prints the result (null as "null").
json_get()
{
    python3 -c 'import json, sys
d = json.load(sys.stdin)
v = eval(sys.argv[1], {"d": d})
print("null" if v is None else json.dumps(v) if isinstance(v, (list, dict)) else v)' "$1"
}

# cgconfig CGROUPS [MEMBER...]: the default config with this cgroups object (JSON text) and
# the other members.
cgconfig()
{
    config_with "\"cgroups\": $1" "${@:2}"
}

# up DIR CMD...: starts the container of DIR in the background running CMD, stdout and stderr
# into DIR.out and DIR.err; waits for its pid file and sets INIT (its host pid) and BG (nsinit's).
up()
{
    local d=$1
    shift
    nsinit_bg --root "$d" --rootfs "$d" exec -- "$@" >"$d.out" 2>"$d.err"
    BG=$NSINIT_PID
    INIT=
    if wait_for 30 test -s "$d/pid"; then
        INIT=$(cat "$d/pid")
    else
        not_ok "$d: the container started" "$(cat "$d.err")"
    fi
}

# down DIR: kills the container of DIR and sets st to nsinit's status.
down()
{
    nsinit --root "$1" kill KILL >/dev/null 2>&1
    wait "$BG" && st=0 || st=$?
}

# expected_cgroup SUFFIX: /proc/self/cgroup of this shell (the runtime's own cgroups) with
# /SUFFIX added to every path: where a container named so goes.
expected_cgroup()
{
    awk -v s="$1" '{
        i = index($0, ":"); rest = substr($0, i + 1); j = index(rest, ":")
        path = substr(rest, j + 1); sub("/$", "", path)
        print substr($0, 1, i + j) path "/" s }' "/proc/$$/cgroup"
}

# leaf PID: the name of PID's own cgroup (the last part of its v2, else freezer, path).
leaf()
{
    local rel
    rel=$(cg_rel "$1" "")
    [ -n "$rel" ] || rel=$(cg_rel "$1" freezer)
    echo "${rel##*/}"
}

# ---- placement, memory files, stats, join ------------------------------------------------
M=$TESTTMP/mem
remember "$P-par" "$P-mem"
mkcontainer "$M" "$(cgconfig '{"name": "'"$P-mem"'", "parent": "'"$P-par"'/sub",
        "memory": 67108864, "memory_reservation": 33554432, "memory_swap": 100663296}')"
up "$M" sleep 3600
if [ -n "$INIT" ]; then
    check_eq "init is in <mount>/<the runtime's cgroup>/<parent>/<name> on every hierarchy" \
        "$(expected_cgroup "$P-par/sub/$P-mem")" "$(cat "/proc/$INIT/cgroup")"
    mem=$(cg_dir "$INIT" memory)
    check_eq "memory: the runtime's own memory cgroup is the base" \
        "$(cg_v1_mount memory)$(cg_rel $$ memory | sed 's:/$::')/$P-par/sub/$P-mem" "$mem"
    check_eq "memory: memory.limit_in_bytes" "67108864" "$(cat "$mem/memory.limit_in_bytes")"
    check_eq "memory_reservation: memory.soft_limit_in_bytes" "33554432" \
        "$(cat "$mem/memory.soft_limit_in_bytes")"
    if [ -e "$mem/memory.memsw.limit_in_bytes" ]; then
        check_eq "memory_swap: memory.memsw.limit_in_bytes is memory plus swap, as given" \
            "100663296" "$(cat "$mem/memory.memsw.limit_in_bytes")"
    else
        note "memory_swap: no memory.memsw.limit_in_bytes here (swap accounting off)"
    fi
    check_eq "init is alone in its cgroup" "$INIT" "$(cat "$(cg_dir "$INIT" pids)/cgroup.procs")"

    run nsexec "$M" cat /proc/self/cgroup
    check_eq "join: the joined process is in the container's cgroups, every hierarchy" \
        "0 $(cat "/proc/$INIT/cgroup")" "$status $stdout"
    nsinit_bg --root "$M" --rootfs "$M" exec -- sleep 3600 >/dev/null 2>&1
    J=$NSINIT_PID
    wait_for 30 sh -c "[ \$(wc -l <'$mem/cgroup.procs') -ge 2 ]" || true
    check_eq "join: the host sees the joined process in the container's memory cgroup" "2" \
        "$(wc -l <"$mem/cgroup.procs")"
    kill -KILL "$J" 2>/dev/null
    wait "$J" 2>/dev/null
    check "join: the joined process ends with its nsinit" \
        wait_for 30 sh -c "[ \$(wc -l <'$mem/cgroup.procs') -eq 1 ]"
    # An ended task leaves cgroup.procs at once and pids.current only once it is reaped.
    pids=$(cg_dir "$INIT" pids)
    check "join: pids.current counts init alone again" \
        wait_for 30 sh -c "[ \$(cat '$pids/pids.current') -eq 1 ]"

    run nsinit --root "$M" stats
    check_eq "stats: exit 0" "0" "$status"
    if [ -n "$HAVE_PY" ]; then
        check "stats: the output parses as JSON" python3 -m json.tool <<<"$stdout"
        usage=$(json_get 'd["memory"]["usage"]' <<<"$stdout")
        check_match "stats: memory usage above zero ($usage)" "^[1-9][0-9]*$" "$usage"
        check_eq "stats: memory limit" "67108864" "$(json_get 'd["memory"]["limit"]' <<<"$stdout")"
        check_match "stats: memory.stat is there" "^[1-9][0-9]*$" \
            "$(json_get 'len(d["memory"]["stat"])' <<<"$stdout")"
        check_eq "stats: pids.current as the host reads it, paused false" \
            "$(cat "$(cg_dir "$INIT" pids)/pids.current") False" \
            "$(json_get 'd["pids"]["current"], d["paused"]' <<<"$stdout" | tr -d '(),')"
    else
        note "stats: no python3, JSON checks skipped"
        check_match "stats: memory usage above zero" '"usage": [1-9]' "$stdout"
    fi
    down "$M"
    check_eq "killed with SIGKILL: 137" "137" "$st"
fi
check_no_cgroup "$P-mem" "memory: no cgroup directory of the container left"
check_no_cgroup "$P-par" "memory: the parent levels it made are removed too"
check_clean "$M" "memory: nothing left behind"

# ---- OOM -------------------------------------------------------------------------------------
O=$TESTTMP/oom
remember "$P-oom"
mkcontainer "$O" "$(cgconfig '{"name": "'"$P-oom"'", "memory": 33554432}')"
# dd holds one 64 MiB block in memory: twice the limit (there is no swap to go to).
run nsexec "$O" sh -c 'dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null; echo "dd: $?"'
check_eq "OOM: a hog under a shell: nsinit exits 137" "137" "$status"
check_eq "OOM: the hog was killed (the shell saw 137) and the shell went on" "dd: 137" "$stdout"
check_match "OOM: nsinit says so on stderr" "(^|
)nsinit: oom: [^
]*" "$stderr"
check_no_cgroup "$P-oom" "OOM: no cgroup directory left"
run nsexec "$O" dd if=/dev/zero of=/dev/null bs=64M count=1
check_match "OOM: the hog as init: 137 and the oom line" "^137 .*nsinit: oom:" \
    "$status $(tr '\n' ' ' <<<"$stderr")"
run nsexec "$O" sh -c 'dd if=/dev/zero of=/dev/null bs=8M count=1 2>/dev/null; echo "dd: $?"'
check_eq "OOM: below the limit nothing is killed" "0 dd: 0 " "$status $stdout $stderr"

up "$O" sh -c 'dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null; echo "dd: $?"; exec sleep 3600'
if [ -n "$INIT" ]; then
    wait_for 30 grep -q "dd:" "$O.out" || true
    check_eq "OOM in a running container: the hog died" "dd: 137" "$(cat "$O.out")"
    run nsinit --root "$O" state
    check_match "OOM: state shows the kill" '"oom_kills": 1' "$stdout"
    check_match "OOM: state still says running" '"status": "running"' "$stdout"
    if [ -n "$HAVE_PY" ]; then
        run nsinit --root "$O" stats
        check_eq "OOM: stats: oom_kills 1, failcnt above zero, limit" "1 True 33554432" \
            "$(json_get 'd["memory"]["oom_kills"], d["memory"]["failcnt"] > 0, d["memory"]["limit"]' \
                <<<"$stdout" | tr -d '(),')"
    fi
    down "$O"
fi
check_no_cgroup "$P-oom" "OOM: no cgroup directory left after the running case"
check_clean "$O" "OOM: nothing left behind"

# ---- pids_limit ---------------------------------------------------------------------------
L=$TESTTMP/pids
remember "$P-pids"
mkcontainer "$L" "$(cgconfig '{"name": "'"$P-pids"'", "pids_limit": 16}')"
# The inner shell forks sleeps until fork fails (and then ends); the outer one counts what is
# left with builtins only: itself and the sleeps.
up "$L" sh -c 'sh -c "while :; do sleep 3600 & done"
    n=0; for p in /proc/[0-9]*; do n=$((n + 1)); done; echo "procs $n"; exec sleep 3600'
if [ -n "$INIT" ]; then
    wait_for 30 grep -q "^procs" "$L.out" || true
    check_eq "pids: the fork loop stopped at the limit: 14 sleeps and two shells made 16" \
        "procs 15" "$(cat "$L.out")"
    check_match "pids: the loop's fork failed with EAGAIN" "Resource temporarily unavailable" \
        "$(cat "$L.err")"
    pids=$(cg_dir "$INIT" pids)
    check_eq "pids: pids.max" "16" "$(cat "$pids/pids.max")"
    check_eq "pids: pids.current after the inner shell ended" "15" "$(cat "$pids/pids.current")"
    check_match "pids: pids.events counted refused forks" "^max [1-9]" "$(cat "$pids/pids.events")"
    check_eq "pids: the host sees 15 processes in the cgroup" "15" "$(wc -l <"$pids/cgroup.procs")"
    if [ -n "$HAVE_PY" ]; then
        run nsinit --root "$L" stats
        check_eq "pids: stats current and limit" "15 16" \
            "$(json_get 'd["pids"]["current"], d["pids"]["limit"]' <<<"$stdout" | tr -d '(),')"
    fi
    down "$L"
fi
check_no_cgroup "$P-pids" "pids: no cgroup directory left"
check_clean "$L" "pids: nothing left behind"

# ---- cpu shares, quota, period; cpuset -----------------------------------------------------
C=$TESTTMP/cpu
remember "$P-cpu"
cpus=$(cat "$(cg_v1_mount cpuset)$(cg_rel $$ cpuset | sed 's:/$::')/cpuset.effective_cpus" 2>/dev/null ||
    cat "$(cg_v1_mount cpuset)/cpuset.cpus")
cpu=${cpus##*[,-]}   # the highest one
cpumount=$(cg_v1_mount cpu)
mkcontainer "$C" "$(cgconfig '{"name": "'"$P-cpu"'", "cpu_shares": 512, "cpu_quota": 25000,
        "cpu_period": 50000, "cpuset_cpus": "'"$cpu"'", "cpuset_mems": "0"}' \
    '"mount_config": {"mounts": [{"type": "bind", "source": "'"$cpumount"'", "destination": "/cgroup/cpu"}]}')"
mkdir -p "$C/cgroup/cpu"
# Inside: Cpus_allowed_list, and the cpu files through the bound hierarchy; then a busy loop.
up "$C" sh -c 'grep Cpus_allowed_list /proc/self/status
    p=$(sed -n "s/^[0-9]*:\([^:]*,\)\{0,1\}cpu\(,[^:]*\)\{0,1\}:\(.*\)/\3/p" /proc/self/cgroup)
    echo "inside: $(cat /cgroup/cpu$p/cpu.shares) $(cat /cgroup/cpu$p/cpu.cfs_quota_us) $(cat /cgroup/cpu$p/cpu.cfs_period_us)"
    echo ready; while :; do :; done'
if [ -n "$INIT" ]; then
    wait_for 30 grep -q "^ready" "$C.out" || true
    cpud=$(cg_dir "$INIT" cpu)
    check_eq "cpu_shares: cpu.shares" "512" "$(cat "$cpud/cpu.shares")"
    check_eq "cpu_quota: cpu.cfs_quota_us" "25000" "$(cat "$cpud/cpu.cfs_quota_us")"
    check_eq "cpu_period: cpu.cfs_period_us" "50000" "$(cat "$cpud/cpu.cfs_period_us")"
    check_eq "cpu: the same values read from inside the container" "inside: 512 25000 50000" \
        "$(grep '^inside' "$C.out")"
    setd=$(cg_dir "$INIT" cpuset)
    check_eq "cpuset_cpus: cpuset.cpus" "$cpu" "$(cat "$setd/cpuset.cpus")"
    check_eq "cpuset_mems: cpuset.mems" "0" "$(cat "$setd/cpuset.mems")"
    check_match "cpuset: inside, the process may run on cpu $cpu only" \
        "^Cpus_allowed_list:[[:space:]]+$cpu$" "$(grep Cpus_allowed_list "$C.out")"
    check_match "cpuset: the host sees init pinned too" "^Cpus_allowed_list:[[:space:]]+$cpu$" \
        "$(grep Cpus_allowed_list "/proc/$INIT/status")"
    check "cpu_quota: the busy loop is throttled (cpu.stat nr_throttled)" \
        wait_for 30 sh -c "awk '\$1 == \"nr_throttled\" && \$2 > 0 { f = 1 } END { exit !f }' '$cpud/cpu.stat'"
    if [ -n "$HAVE_PY" ]; then
        run nsinit --root "$C" stats
        check_eq "cpu: stats: total, periods and throttled periods above zero" "True True True" \
            "$(json_get 'd["cpu"]["total"] > 0, d["cpu"]["periods"] > 0, d["cpu"]["throttled_periods"] > 0' \
                <<<"$stdout" | tr -d '(),')"
    fi
    down "$C"
fi
check_no_cgroup "$P-cpu" "cpu: no cgroup directory left"
check_clean "$C" "cpu: nothing left behind"

# ---- pause and unpause ---------------------------------------------------------------------
F=$TESTTMP/freeze
mkcontainer "$F" "$(cgconfig '{}')"
# cpu_total: the container's CPU time, from stats (python3) or the host's cpuacct.usage.
cpu_total()
{
    if [ -n "$HAVE_PY" ]; then
        nsinit --root "$F" stats | json_get 'd["cpu"]["total"]'
    else
        cat "$(cg_dir "$INIT" cpuacct)/cpuacct.usage"
    fi
}
up "$F" sh -c 'while :; do :; done'
if [ -n "$INIT" ]; then
    name=$(leaf "$INIT")
    remember "$name"
    check_match "a nameless container gets nsinit-<hash>" "^nsinit-[0-9a-f]{16}$" "$name"
    run nsinit --root "$F" pause
    check_eq "pause: exit 0" "0 " "$status $stderr"
    run nsinit --root "$F" state
    check_match "pause: state says paused" '"status": "paused"' "$stdout"
    if v2=$(cg_dir "$INIT" "") && [ -e "$v2/cgroup.freeze" ]; then
        check_eq "pause: the kernel reports the v2 cgroup frozen (cgroup.events)" "frozen 1" \
            "$(grep '^frozen' "$v2/cgroup.events")"
    else
        check_eq "pause: the v1 freezer reports FROZEN" "FROZEN" \
            "$(cat "$(cg_dir "$INIT" freezer)/freezer.state")"
    fi
    t1=$(cpu_total)
    sleep 1
    t2=$(cpu_total)
    check_match "pause: CPU time read ($t1)" "^[1-9][0-9]*$" "$t1"
    check_eq "pause: the busy loop used no CPU time for a second" "$t1" "$t2"
    [ -z "$HAVE_PY" ] ||
        check_eq "pause: stats says paused" "True" "$(nsinit --root "$F" stats | json_get 'd["paused"]')"
    run nsinit --root "$F" unpause
    check_eq "unpause: exit 0" "0 " "$status $stderr"
    run nsinit --root "$F" state
    check_match "unpause: state says running" '"status": "running"' "$stdout"
    grew() { [ "$(cpu_total)" -gt "$t2" ]; }
    check "unpause: the busy loop uses CPU time again" wait_for 30 grew
    down "$F"
    check_eq "a paused-then-resumed container is killed normally: 137" "137" "$st"
    check_no_cgroup "$name" "pause: no cgroup directory left"
fi
run nsinit --root "$F" pause
check_match "pause without a running container: 125, says so" "^125 nsinit: pause: .*no running container" \
    "$status $stderr"
check_clean "$F" "pause: nothing left behind"

# freezer "FROZEN": the container starts paused.
Z=$TESTTMP/frozen
remember "$P-frozen"
mkcontainer "$Z" "$(cgconfig '{"name": "'"$P-frozen"'", "freezer": "FROZEN"}')"
up "$Z" sh -c 'sleep 0.2; echo ran'
if [ -n "$INIT" ]; then
    run nsinit --root "$Z" state
    check_match "freezer FROZEN: the container starts paused" '"status": "paused"' "$stdout"
    sleep 0.6
    check_eq "freezer FROZEN: nothing ran while paused" "" "$(cat "$Z.out")"
    run nsinit --root "$Z" unpause
    wait "$BG" && st=0 || st=$?
    check_eq "freezer FROZEN: after unpause it runs to the end" "0 ran" "$st $(cat "$Z.out")"
fi
check_no_cgroup "$P-frozen" "freezer FROZEN: no cgroup directory left"
check_clean "$Z" "freezer FROZEN: nothing left behind"

# ---- two containers never share a cgroup ----------------------------------------------------
A=$TESTTMP/two-a
B=$TESTTMP/two-b
mkcontainer "$A" "$(cgconfig '{}')"
mkcontainer "$B" "$(cgconfig '{}')"
nsinit_bg --root "$A" --rootfs "$A" exec -- sleep 3600 >/dev/null 2>&1
BGA=$NSINIT_PID
nsinit_bg --root "$B" --rootfs "$B" exec -- sleep 3600 >/dev/null 2>&1
BGB=$NSINIT_PID
if wait_for 30 test -s "$A/pid" && wait_for 30 test -s "$B/pid"; then
    IA=$(cat "$A/pid")
    IB=$(cat "$B/pid")
    na=$(leaf "$IA")
    nb=$(leaf "$IB")
    remember "$na" "$nb"
    check "two at once: distinct names ($na, $nb)" test -n "$na" -a "$na" != "$nb"
    check_eq "two at once: no hierarchy where they share a cgroup" "" \
        "$(comm -12 <(sort "/proc/$IA/cgroup") <(sort "/proc/$IB/cgroup"))"
    check_eq "two at once: each init alone in its memory cgroup" "$IA $IB" \
        "$(cat "$(cg_dir "$IA" memory)/cgroup.procs") $(cat "$(cg_dir "$IB" memory)/cgroup.procs")"
else
    not_ok "two at once: both started"
    na=
    nb=
fi
nsinit --root "$A" kill KILL >/dev/null 2>&1
nsinit --root "$B" kill KILL >/dev/null 2>&1
wait "$BGA" "$BGB"
[ -z "$na" ] || check_no_cgroup "$na" "two at once: no cgroup directory of the first left"
[ -z "$nb" ] || check_no_cgroup "$nb" "two at once: no cgroup directory of the second left"
check_clean "$A" "two at once: nothing left of the first"
check_clean "$B" "two at once: nothing left of the second"

# The same name for two live containers: the second is refused, the first keeps its cgroup.
S1=$TESTTMP/same-1
S2=$TESTTMP/same-2
remember "$P-same"
mkcontainer "$S1" "$(cgconfig '{"name": "'"$P-same"'"}')"
mkcontainer "$S2" "$(cgconfig '{"name": "'"$P-same"'"}')"
up "$S1" sleep 3600
if [ -n "$INIT" ]; then
    run nsinit --root "$S2" --rootfs "$S2" exec -- echo ran
    check_eq "one name, two containers: the second exits 125 and does not run" "125 " "$status $stdout"
    check_match "one name, two containers: one line saying the cgroup is in use" \
        "^nsinit: [^
]*$P-same[^
]*in use[^
]*$" "$stderr"
    check_eq "one name, two containers: the first keeps its cgroup on every hierarchy" \
        "$(expected_cgroup "$P-same")" "$(cat "/proc/$INIT/cgroup")"
    check_eq "one name, two containers: the first's memory cgroup is still there, holding it" \
        "$INIT" "$(cat "$(cg_dir "$INIT" memory)/cgroup.procs" 2>&1)"
    check_clean "$S2" "one name, two containers: nothing left of the second"
    down "$S1"
fi
check_no_cgroup "$P-same" "one name, two containers: no cgroup directory left"
check_clean "$S1" "one name, two containers: nothing left of the first"

# Both started at the same moment, several times: each time one runs and the other is refused;
# neither is killed by the other's cleanup. Each command waits for a line on /go, a fifo in its
# rootfs that this shell holds open (fds 5 and 6), and gets it only once the other nsinit has
# ended: the two always overlap, however slowly either starts.
mkfifo "$S1/go" "$S2/go"
exec 5<>"$S1/go" 6<>"$S2/go"
outcomes=()
for i in 1 2 3 4 5 6 7 8; do
    nsinit --root "$S1" --rootfs "$S1" exec -- sh -c 'read -r x </go' >"$S1.out" 2>&1 5<&- 6<&- &
    r1=$!
    nsinit --root "$S2" --rootfs "$S2" exec -- sh -c 'read -r x </go' >"$S2.out" 2>&1 5<&- 6<&- &
    r2=$!
    first=
    wait -n -p first "$r1" "$r2" && s=0 || s=$?
    # the other runs until its line comes (a lost line would end in nsinit's timeout: 124)
    echo go >&5
    echo go >&6
    if [ "$first" = "$r1" ]; then
        s1=$s
        wait "$r2" && s2=0 || s2=$?
    else
        s2=$s
        wait "$r1" && s1=0 || s1=$?
    fi
    # a line the refused one's command never read is drained
    read -r -t 0.01 x <&5 || true
    read -r -t 0.01 x <&6 || true
    o="$s1/$s2"
    case $o in
        0/125) grep -q "in use" "$S2.out" || o="$o(no 'in use': $(head -n 1 "$S2.out"))" ;;
        125/0) grep -q "in use" "$S1.out" || o="$o(no 'in use': $(head -n 1 "$S1.out"))" ;;
        *) o="$o($(cat "$S1.out" "$S2.out" | head -n 1))" ;;
    esac
    outcomes+=("$o")
done
exec 5>&- 6>&-
rm -f "$S1/go" "$S2/go"
check_eq "one name, two started at once (8 times): one runs, the other is refused as in use" \
    "8" "$(printf '%s\n' "${outcomes[@]}" | grep -cE '^(0/125|125/0)$')" ||
    printf '#   %s\n' "${outcomes[@]}"
check_no_cgroup "$P-same" "one name, two started at once: no cgroup directory left"
check_clean "$S1" "one name, two started at once: nothing left of the first"
check_clean "$S2" "one name, two started at once: nothing left of the second"

# ---- the seed's minimal.json (cgroups: parent docker, name docker-koye) ----------------------
K=$TESTTMP/minimal
mkcontainer "$K" "$SAMPLES/minimal.json"
docker_before=$(cg_find docker)
[ -z "$(cg_find docker-koye)" ] || note "docker-koye cgroups exist before the test: $(cg_find docker-koye)"
remember docker-koye
run nsinit --root "$K" --rootfs "$K" exec -- sh -c 'cat /proc/self/cgroup; echo x >/dev/null && echo null-ok' </dev/null
check_eq "minimal.json: runs in docker/docker-koye on every hierarchy" \
    "0 $(expected_cgroup docker/docker-koye)
null-ok" "$status $(tr -d '\r' <<<"$stdout")"
check_no_cgroup docker-koye "minimal.json: no docker-koye directory left"
check_eq "minimal.json: the docker level is removed unless it was there before" "$docker_before" \
    "$(cg_find docker)"
check_clean "$K" "minimal.json: nothing left behind"

# ---- a setting whose controller is missing ---------------------------------------------------
# In a mount namespace of its own, nsinit sees no hierarchy with the memory controller.
if command -v unshare >/dev/null 2>&1; then
    X=$TESTTMP/nomem
    remember "$P-nomem"
    mkcontainer "$X" "$(cgconfig '{"name": "'"$P-nomem"'", "memory": 33554432}')"
    hide=$(cg_v1_mount memory)
    if v2m=$(cg_v2_mount) && [ -n "$v2m" ] && grep -qw memory "$v2m/cgroup.controllers" 2>/dev/null; then
        hide="$hide $v2m"
    fi
    run unshare -m sh -c 'for m in $1; do umount "$m" || exit 99; done; shift; exec "$@"' sh "$hide" \
        timeout -k 5 "$NSINIT_TIMEOUT" "$NSINIT" --root "$X" --rootfs "$X" exec -- echo ran
    check_eq "no memory controller: exit 125, the command did not run" "125 " "$status $stdout"
    check_match "no memory controller: one clear line" \
        "^nsinit: [^
]*cgroups\.memory: the memory controller is not mounted$" "$stderr"
    check_no_cgroup "$P-nomem" "no memory controller: nothing left on the other hierarchies"
    check_clean "$X" "no memory controller: nothing left behind"
else
    note "no unshare: the missing-controller case is not run"
fi

# blkio_weight: written when the hierarchy offers a weight file in a new cgroup, else refused.
W=$TESTTMP/blkio
remember "$P-blkio" "$P-probe"
mkcontainer "$W" "$(cgconfig '{"name": "'"$P-blkio"'", "blkio_weight": 500}')"
blk=$(cg_v1_mount blkio)
if [ -n "$blk" ]; then
    probe=$blk$(cg_rel $$ blkio | sed 's:/$::')/$P-probe
    mkdir "$probe"
    wfile=
    for f in blkio.weight blkio.bfq.weight; do
        [ -e "$probe/$f" ] && { wfile=$f; break; }
    done
    rmdir "$probe"
    if [ -n "$wfile" ]; then
        note "blkio: a new cgroup has $wfile here"
        up "$W" sleep 3600
        if [ -n "$INIT" ]; then
            check_match "blkio_weight: $wfile holds 500" "(^| )500($|
)" "$(cat "$(cg_dir "$INIT" blkio)/$wfile")"
            down "$W"
        fi
    else
        run nsinit --root "$W" --rootfs "$W" exec -- echo ran
        check_eq "blkio_weight without a weight file: 125, the command did not run" "125 " \
            "$status $stdout"
        check_match "blkio_weight without a weight file: one clear line" \
            "^nsinit: [^
]*cgroups\.blkio_weight: [^
]*weight[^
]*$" "$stderr"
    fi
    check_no_cgroup "$P-blkio" "blkio_weight: no cgroup directory left"
    check_clean "$W" "blkio_weight: nothing left behind"
fi

# ---- a killed runtime's leftovers ------------------------------------------------------------
R=$TESTTMP/killed
remember "$P-kpar"
mkcontainer "$R" "$(cgconfig '{"parent": "'"$P-kpar"'", "memory": 33554432}')"
up "$R" sleep 3600
if [ -n "$INIT" ]; then
    name=$(leaf "$INIT")
    remember "$name"
    kill -KILL "$BG"
    { wait "$BG"; } 2>/dev/null
    wait_for 30 sh -c "! kill -0 $INIT 2>/dev/null" || not_ok "killed runtime: its init ended"
    leftover=$(cg_find "$name")
    [ -n "$leftover" ] || note "killed runtime: it left no cgroup directory"
    run nsinit --root "$R" --rootfs "$R" exec -- sh -c 'cat /proc/self/cgroup; echo works'
    check_eq "killed runtime: the next exec on the directory runs, in the same cgroup" \
        "0 $(expected_cgroup "$P-kpar/$name")
works" "$status $stdout"
    check_no_cgroup "$name" "killed runtime: the next run removed the leftover directories"
    check_no_cgroup "$P-kpar" "killed runtime: the parent level the killed run made is removed too"
    run nsinit --root "$R" --rootfs "$R" exec -- echo again
    check_eq "killed runtime: a third run works too" "0 again" "$status $stdout"
fi
check_clean "$R" "killed runtime: nothing left behind"
