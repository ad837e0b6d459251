#!/usr/bin/env bash
# Attacks the runtime's ability to be stopped: a start held at each named step of its setup (the
# test build $NSINIT_HOOKS stops there, LIBCONTAINER_TEST_STOP) is sent SIGTERM, the way a user
# or a supervisor ends a start that hangs on a hostile image (steps on both sides: nsinit at
# cgroups and clone, the child at mounts, seccomp and exec). Secure: nsinit ends within 5 s
# with 143 and leaves nothing behind: no process, no cgroup directory, no pid file, no mount.
# SIGINT and the directory lock are in attack_signals_lock.sh.
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

for step in cgroups clone mounts seccomp exec; do
    held_start "$step" TERM 143
done
