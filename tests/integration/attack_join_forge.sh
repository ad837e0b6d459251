#!/usr/bin/env bash
# Attacks a join through its sync socket: a container that keeps CAP_SYS_PTRACE watches its pid
# namespace for the process a join creates, takes the join's sync socket from it with
# pidfd_getfd while it still holds it (until its exec), and sends the runtime a message (struct
# lc__msg, type LC__MSG_PID) naming a host process, a decoy `sleep` this test starts, as the
# joined command's process. Secure: the decoy survives every join (nsinit neither waits on it
# nor kills it at cleanup), and every join runs its own command.
# ATTACK_FORGE_JOINS (default 30) sets the number of joins of each round.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

JOINS=${ATTACK_FORGE_JOINS:-30}
HELPER=$TESTTMP/sechelper
"${CC:-cc}" -static -O2 -o "$HELPER" "$SRCDIR/tests/fixtures/sechelper.c" 2>"$TESTTMP/cc.err" ||
    skip "no static C compiler: $(head -n 1 "$TESTTMP/cc.err")"

# forge_round WHAT MEMBER...: a container with these members runs the attacker as its init; the
# host joins it up to $JOINS times with `sh -c 'echo joined'`, and stops at the first join after
# which the decoy is dead.
N=0
forge_round()
{
    local what=$1 d out joined=0 killed_at=0 i statuses=()
    shift
    N=$((N + 1))
    d=$TESTTMP/forge$N
    mkcontainer "$d" "$(config_with "$@")"
    cp "$HELPER" "$d/bin/sechelper"
    start_decoy
    NSINIT_TIMEOUT=110 nsinit_bg --root "$d" --rootfs "$d" exec -- sh -c "echo up >/tmp/up
        exec sechelper join-forge 90 $DECOY /tmp/stop >/tmp/forge 2>&1"
    local bg=$NSINIT_PID
    if ! wait_for 10 test -s "$d/tmp/up"; then
        not_ok "$what: the attacking container started"
        return
    fi
    sleep 0.2
    for ((i = 1; i <= JOINS; i++)); do
        run nsinit --root "$d" --rootfs "$d" exec -- sh -c 'echo joined'
        statuses+=("$status")
        [ "$status $stdout" != "0 joined" ] || joined=$((joined + 1))
        if ! decoy_alive "$DECOY"; then
            killed_at=$i
            echo "# $what: the decoy died at join $i (that join: status $status, stdout '$stdout', stderr '$stderr')"
            break
        fi
    done
    touch "$d/tmp/stop"
    wait "$bg"
    out=$(grep -v '^forged pid' "$d/tmp/forge" 2>&1)
    echo "# $what: ${#statuses[@]} joins; attacker: $out; join statuses: $(printf '%s\n' \
        "${statuses[@]}" | sort | uniq -c | awk '{ printf "%s%sx%s", sep, $2, $1; sep = " " }')"
    check_eq "$what: the decoy host process survived $JOINS joins" "0" "$killed_at"
    check_eq "$what: every join ran its own command (exit 0, its output)" "${#statuses[@]}" "$joined"
    check_clean "$d" "$what: nothing left behind"
}

forge_round "CAP_SYS_PTRACE" '"capabilities": ["SYS_PTRACE"]'
forge_round "CAP_SYS_PTRACE and CAP_KILL, user alice with them ambient" '"user": "alice"' \
    '"capabilities": ["SYS_PTRACE", "KILL"]' '"ambient_capabilities": ["SYS_PTRACE", "KILL"]'
