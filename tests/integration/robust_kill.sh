#!/usr/bin/env bash
# The runtime killed at any moment: nsinit (the test build, $NSINIT_HOOKS) is stopped at each
# named step of a start (LIBCONTAINER_TEST_STOP), or left running a container, and then killed
# with SIGKILL. Every process of the container must die with it (the parent-death signal), and
# the next plain `nsinit exec` on the same directory must clean what the killed run left (a
# stale pid file, cgroup directories, a host veth) and start normally: a new container (pid 1),
# in the cgroup of the config, with its veth and seccomp filter, leaving nothing behind.
# The config has cgroups, a veth on a bridge and a seccomp filter (default allow, one errno
# rule), so that every step has something to leave. A table of the kill points is printed as
# "#" lines at the end.
# The whole topology lives in a network namespace this test makes; no traffic is sent.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
hooks_setup rbk 10.97.0.1/24   # $H: the host namespace with br0; $CG: the cgroup name

MEMBERS=('"cgroups": {"name": "'"$CG"'", "memory": 67108864, "pids_limit": 64}'
    '"networks": [{"type": "loopback"},
        {"type": "veth", "bridge": "br0", "veth_prefix": "rbk", "address": "10.97.0.2/24",
         "gateway": "10.97.0.1"}]'
    '"seccomp": {"default_action": "allow",
        "syscalls": [{"name": "sethostname", "action": "errno", "errno": 99}]}')
CONFIG=$(config_with "${MEMBERS[@]}")
# The same without a pid namespace of its own: the container's init-to-be is then not the init
# of a pid namespace, and can stop itself at a step of its side.
CONFIG_NOPID=$(sed '/"NEWPID": true,/d' <<<"$CONFIG")

# proc_state PID: the state letter of PID (R, S, T, Z, ...); nothing when it is gone.
proc_state()
{
    local line
    read -r line 2>/dev/null <"/proc/$1/stat" || return 0
    line=${line##*) }
    echo "${line%% *}"
}

# descendants PID: every descendant of PID, one a line.
descendants()
{
    local c
    for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
        echo "$c"
        descendants "$c"
    done
}

# stopped_in PID: prints the first of PID and its descendants that is stopped (state T).
stopped_in()
{
    local p
    for p in "$1" $(descendants "$1"); do
        if [ "$(proc_state "$p")" = T ]; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# all_dead PID...: every PID is gone or a zombie (dead, waiting to be reaped).
all_dead()
{
    local p s
    for p in "$@"; do
        s=$(proc_state "$p")
        [ -z "$s" ] || [ "$s" = Z ] || return 1
    done
}

# leftovers DIR: what a killed run left: pid file, state file, cgroup directories, host veths,
# mounts; "none" when nothing.
leftovers()
{
    local dir=$1 out=() n v m
    [ ! -e "$dir/pid" ] || out+=("pid file")
    [ ! -e "$(nsinit_state "$dir")" ] || out+=("state record")
    n=$(cg_find "$CG" | wc -l)
    [ "$n" -eq 0 ] || out+=("cgroup dirs x$n")
    v=$(veths_in "$H" | wc -l)
    [ "$v" -eq 0 ] || out+=("host veth x$v")
    m=$(_lc_mounts_under "$dir" | wc -l)
    [ "$m" -eq 0 ] || out+=("mounts x$m")
    if [ ${#out[@]} -eq 0 ]; then echo none; else (IFS=,; echo "${out[*]}" | sed 's/,/, /g'); fi
}

# The container's command: init and two more processes.
CMD=(sh -c 'sleep 3600 & sleep 3600 & wait')
# What the next run prints: its pid (1: a new container, not a join), its memory cgroup, its
# interfaces, what sethostname gets from the seccomp filter.
NEXT='echo "pid=$$"; grep -m 1 "memory" /proc/self/cgroup; echo $(ls /sys/class/net)
    hostname other 2>&1; echo done'

TABLE=()

# kill_at CASE STEP CONFIG: the whole cycle for one kill point. STEP "" means while running.
kill_at()
{
    local case=$1 step=$2 config=$3 K="$TESTTMP/${1//[^a-zA-Z0-9_]/-}" side stopped procs=() p gone left next
    local t0 ms point=$1 pid1=1
    grep -q '"NEWPID": true' <<<"$config" || pid1='[0-9]+'
    mkcontainer "$K" "$config"
    case $step in
        cgroups | clone | veth | running) side=nsinit ;;
        "") side= ;;
        *) side=child ;;
    esac
    if [ -n "$step" ]; then
        LIBCONTAINER_TEST_STOP=$step NSINIT=$NSINIT_HOOKS \
            nsinit_bg_in "$H" --root "$K" --rootfs "$K" exec -- "${CMD[@]}" >"$K.out" 2>&1
    else
        nsinit_bg_in "$H" --root "$K" --rootfs "$K" exec -- "${CMD[@]}" >"$K.out" 2>&1
    fi
    # nsinit_bg_in registers nsinit and its watchdog for the exit's cleanup; both are ended here
    # and dropped from it, since pids come round quickly (the exit must not kill a later owner)
    local NP=$NSINIT_PID WATCHDOG=${_lc_bg[${#_lc_bg[@]} - 1]}
    if [ -n "$step" ]; then
        if wait_for 30 stopped_in "$NP" >/dev/null; then
            stopped=$(stopped_in "$NP")
            if [ "$side" = nsinit ]; then
                check_eq "$case: nsinit stopped itself at $step" "$NP" "$stopped"
            else
                check_eq "$case: the init-to-be (nsinit's child) stopped itself at $step" \
                    "$(cat /proc/"$NP"/task/*/children 2>/dev/null | tr -d ' ')" "$stopped"
            fi
        else
            stopped=
            point="$case *"
            not_ok "$case: the $side stopped at $step (state T within 30 s)" \
                "nsinit $NP: $(proc_state "$NP"), its processes: $(for p in $(descendants "$NP"); do
                    printf '%s(%s: %s) ' "$p" "$(proc_state "$p")" \
                        "$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)"; done)" \
                "$(cat "$K.out")"
        fi
    else
        # init and its two sleeps
        wait_for 30 test -s "$K/pid" &&
            wait_for 30 eval '[ "$(descendants "$NP" | wc -l)" -ge 3 ]' ||
            not_ok "$case: the container runs (pid file, 3 processes)" "$(cat "$K.out")"
    fi
    mapfile -t procs < <(descendants "$NP")
    kill -KILL "$NP"
    { wait "$NP"; } 2>/dev/null
    kill "$WATCHDOG" 2>/dev/null
    _lc_bg=("${_lc_bg[@]:0:${#_lc_bg[@]}-2}")
    t0=$(date +%s%N)
    # the kernel delivers the parent-death signal at once; how long the processes take to die
    # depends on how busy the machine is (reported, not judged)
    wait_for 30 all_dead "${procs[@]}"
    ms=$((($(date +%s%N) - t0) / 1000000))
    if [ ${#procs[@]} -eq 0 ]; then
        gone="no process yet"
        ok "$case: nsinit killed before any process of the container existed"
    elif all_dead "${procs[@]}"; then
        gone="yes (${#procs[@]} in ${ms} ms)"
        ok "$case: all ${#procs[@]} process(es) of the container died with nsinit (${ms} ms)"
    else
        gone="NO"
        not_ok "$case: all ${#procs[@]} process(es) of the container died with nsinit" \
            "$(for p in "${procs[@]}"; do printf '%s(%s: %s) ' "$p" "$(proc_state "$p")" \
                "$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)"; done)"
        kill -KILL "${procs[@]}" 2>/dev/null
    fi
    local d
    for d in $(cg_find "$CG"); do
        if [ -s "$d/cgroup.procs" ]; then
            not_ok "$case: no process left in the cgroup $d" "$(cat "$d/cgroup.procs")"
        fi
    done
    # the kernel removes the host veth with the container's network namespace, asynchronously
    wait_for 30 test -z "$(veths_in "$H")" || true
    left=$(leftovers "$K")

    run nsinit_in "$H" --root "$K" --rootfs "$K" exec -- sh -c "$NEXT"
    local want
    want="0 pid=$pid1
[0-9]+:memory:/([^
]*/)?$CG
eth0 lo
hostname: sethostname: Cannot assign requested address
done"
    if check_match "$case: the next nsinit exec starts a new container normally" "^$want\$" \
        "$status $(tr -d '\r' <<<"$stdout")"; then
        next=yes
    else
        next=NO
        echo "#   stderr: $stderr"
    fi
    check_no_cgroup "$CG" "$case: no cgroup directory left after the next run" || next="$next, cgroup left"
    check_no_veth "$H" "$case: no host veth left after the next run" || next="$next, veth left"
    check_clean "$K" "$case: nothing left behind after the next run" || next="$next, not clean"
    TABLE+=("$(printf '%-27s | %-20s | %-42s | %s' "$point" "$gone" "$left" "$next")")
}

for step in cgroups clone veth mounts pivot_root capset seccomp exec running; do
    kill_at "$step" "$step" "$CONFIG"
done
kill_at "while running" "" "$CONFIG"
# Child-side steps once more with the host's pid namespace.
for step in mounts pivot_root capset seccomp exec; do
    kill_at "$step (no NEWPID)" "$step" "$CONFIG_NOPID"
done

echo "# kill points: nsinit stopped at a step (LIBCONTAINER_TEST_STOP), then SIGKILL"
printf '# %-27s | %-20s | %-42s | %s\n' "step" "container gone" "leftovers after kill" \
    "next run ok"
printf '# %s\n' "$(printf '%.0s-' {1..110})"
printf '# %s\n' "${TABLE[@]}"
if printf '%s\n' "${TABLE[@]}" | grep -q '^[^|]* \*'; then
    echo "# * the process never stopped at the step: it ran the command, and was killed running"
fi
