#!/usr/bin/env bash
# Attacks the runtime's ability to be stopped, as attack_signals_setup.sh, with SIGINT: a start
# held at a step of its setup (the test build $NSINIT_HOOKS, LIBCONTAINER_TEST_STOP) is sent
# SIGINT; and a second `nsinit exec` that waits for the directory lock a held start keeps (as
# every later exec did behind a start hung on a hostile image) is sent SIGTERM or SIGINT.
# Secure: nsinit ends within 5 s with 143 (SIGTERM) or 130 (SIGINT), runs nothing, and leaves
# nothing behind: no process, no cgroup directory, no pid file, no mount.
# The config has a cgroups object and a seccomp filter (default allow), so that every step is
# reached and has something to clean.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root
NSINIT_HOOKS=${NSINIT_HOOKS:-$SRCDIR/build/nsinit-hooks}
[ -x "$NSINIT_HOOKS" ] || skip "no test build of nsinit at $NSINIT_HOOKS (target nsinit-hooks)"
[ -n "$(cg_v1_mount memory)$(cg_v2_mount)" ] || skip "no cgroup hierarchy mounted"

N=0
# held_start STEP SIGNAL WANT: a start held at STEP gets SIGNAL; nsinit must end with WANT.
held_start()
{
    local step=$1 sig=$2 want=$3 d cg np stopped procs side
    N=$((N + 1))
    d=$TESTTMP/s$N
    cg=atksig$$-$N
    at_exit cg_remove_here "$cg"
    mkcontainer "$d" "$(config_with '"cgroups": {"name": "'"$cg"'", "pids_limit": 64}' \
        '"seccomp": {"default_action": "allow", "syscalls": []}')"
    case $step in cgroups | clone | veth) side=nsinit ;; *) side=child ;; esac
    LIBCONTAINER_TEST_STOP=$step NSINIT=$NSINIT_HOOKS nsinit_bg --root "$d" --rootfs "$d" \
        exec -- sleep 100 >"$d.out" 2>&1
    np=$NSINIT_PID
    if ! wait_for 10 stopped_in "$np" >/dev/null; then
        not_ok "$step: the start stopped there ($side)" "$(cat "$d.out")"
        kill -KILL "$np" 2>/dev/null
        { wait "$np"; } 2>/dev/null
        return
    fi
    stopped=$(stopped_in "$np")
    mapfile -t procs < <(descendants "$np")
    kill "-$sig" "$np"
    # nsinit itself was stopped: let it go on, with the signal pending
    [ "$stopped" != "$np" ] || kill -CONT "$np"
    if ended_within 5 "$np"; then
        check_eq "held at $step ($side), SIG$sig: nsinit ends with $want" "$want" "$ENDED_STATUS"
    else
        not_ok "held at $step ($side), SIG$sig: nsinit ends within 5 s" \
            "nsinit $np: $(proc_state "$np"); $(cat "$d.out")"
        kill -KILL "$np" 2>/dev/null
        { wait "$np"; } 2>/dev/null
    fi
    wait_for 5 eval 'for p in "${procs[@]}"; do [ -z "$(proc_state "$p")" ] || [ "$(proc_state "$p")" = Z ] || exit 1; done' ||
        true
    local alive=()
    for p in "${procs[@]}"; do
        s=$(proc_state "$p")
        [ -z "$s" ] || [ "$s" = Z ] || alive+=("$p($s)")
    done
    check_eq "held at $step, SIG$sig: no process of the start is left" "" "${alive[*]}"
    check_clean "$d" "held at $step, SIG$sig: nothing left behind"
    check_no_cgroup_here "held at $step, SIG$sig: no cgroup directory left" "$cg"
}

held_start mounts INT 130
held_start clone INT 130

# ---- a second exec waits for the directory lock that a held start keeps --------------------
lock_waiter()
{
    local sig=$1 want=$2 d cg first waiter
    N=$((N + 1))
    d=$TESTTMP/l$N
    cg=atksig$$-$N
    at_exit cg_remove_here "$cg"
    mkcontainer "$d" "$(config_with '"cgroups": {"name": "'"$cg"'"}')"
    LIBCONTAINER_TEST_STOP=clone NSINIT=$NSINIT_HOOKS nsinit_bg --root "$d" --rootfs "$d" \
        exec -- sleep 100 >/dev/null 2>&1
    first=$NSINIT_PID
    if ! wait_for 10 stopped_in "$first" >/dev/null; then
        not_ok "lock, SIG$sig: the first start stopped at clone"
        kill -KILL "$first" 2>/dev/null
        { wait "$first"; } 2>/dev/null
        return
    fi
    nsinit_bg --root "$d" --rootfs "$d" exec -- echo second >"$d.second" 2>&1
    waiter=$NSINIT_PID
    sleep 0.5
    check_eq "lock, SIG$sig: the second exec waits while the first holds the lock" "S" \
        "$(proc_state "$waiter")"
    kill "-$sig" "$waiter"
    if ended_within 5 "$waiter"; then
        check_eq "lock, SIG$sig: the waiting exec ends with $want" "$want" "$ENDED_STATUS"
    else
        not_ok "lock, SIG$sig: the waiting exec ends within 5 s" "state $(proc_state "$waiter")"
        kill -KILL "$waiter" 2>/dev/null
        { wait "$waiter"; } 2>/dev/null
    fi
    check_eq "lock, SIG$sig: the waiting exec ran nothing" "" "$(grep -x second "$d.second")"
    kill -KILL "$first" 2>/dev/null
    { wait "$first"; } 2>/dev/null
    wait_for 5 eval '[ -z "$(_lc_procs_under "$d")" ]'
    # the first nsinit was killed with SIGKILL: what it held, the next nsinit clears
    nsinit --root "$d" state >/dev/null 2>&1
    check_clean "$d" "lock, SIG$sig: nothing left behind"
}
lock_waiter TERM 143
lock_waiter INT 130
