#!/usr/bin/env bash
# Attacks a start through its sync socket, as attack_join_forge.sh does a join: a container
# without a pid namespace of its own (it sees the host's processes) watches for another
# container's init while it still runs nsinit, takes its sync socket with pidfd_getfd as soon as
# the init can be reached (uid 0, dumpable, its capabilities dropped to the attacker's own), and
# sends the runtime a message (struct lc__msg, type LC__MSG_PID) naming a decoy host process as
# the container's init. Both containers have the default capabilities (none). Secure: the decoy
# survives every start, every start runs its command, and nothing is left behind.
# In this configuration the container could signal the decoy itself (kill(2) needs no
# capability between processes of the same uid, and without NEWPID it sees host pids): what is
# checked is that nsinit never acts on a pid it did not verify. With CAP_SYS_PTRACE and no pid
# namespace a container reaches nsinit's own descriptors (it took nsinit's end of the socket and
# made the child fail with "Connection reset by peer"); no runtime can prevent that, so it is not
# tested.
# ATTACK_FORGE_STARTS (default 30) sets the number of starts of each round.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

STARTS=${ATTACK_FORGE_STARTS:-30}
HELPER=$TESTTMP/sechelper
"${CC:-cc}" -static -O2 -o "$HELPER" "$SRCDIR/tests/fixtures/sechelper.c" 2>"$TESTTMP/cc.err" ||
    skip "no static C compiler: $(head -n 1 "$TESTTMP/cc.err")"
NOPID_CONFIG=$(sed '/"NEWPID": true,/d' <<<"$DEFAULT_CONFIG")

# The starts run a copy of nsinit under a name of its own: the attacker aims at that name only,
# and never at another test's nsinit.
NAME=nsatk$$
NAME=${NAME:0:15}
mkdir -p "$TESTTMP/bin"
cp "$NSINIT" "$TESTTMP/bin/$NAME"

# forge_round WHAT MEMBER...: the attacker (no NEWPID) and the started container both have
# these members; stops at the first start after which the decoy is dead.
N=0
forge_round()
{
    local what=$1 a b ran=0 killed_at=0 i out statuses=()
    shift
    N=$((N + 1))
    a=$TESTTMP/attacker$N
    b=$TESTTMP/started$N
    if [ $# -gt 0 ]; then
        mkcontainer "$a" "$(sed '/"NEWPID": true,/d' <<<"$(config_with "$@")")"
        mkcontainer "$b" "$(config_with "$@")"
    else
        mkcontainer "$a" "$NOPID_CONFIG"
        mkcontainer "$b"
    fi
    cp "$HELPER" "$a/bin/sechelper"
    start_decoy
    NSINIT_TIMEOUT=110 nsinit_bg --root "$a" --rootfs "$a" exec -- sh -c "echo up >/tmp/up
        exec sechelper start-forge 90 $NAME $DECOY /tmp/stop >/tmp/forge 2>&1"
    local bg=$NSINIT_PID
    if ! wait_for 10 test -s "$a/tmp/up"; then
        not_ok "$what: the attacking container started"
        return
    fi
    sleep 0.2
    for ((i = 1; i <= STARTS; i++)); do
        run _lc_timed "$TESTTMP/bin/$NAME" --root "$b" --rootfs "$b" exec -- sh -c 'echo started'
        statuses+=("$status")
        [ "$status $stdout" != "0 started" ] || ran=$((ran + 1))
        if ! decoy_alive "$DECOY"; then
            killed_at=$i
            echo "# $what: the decoy died at start $i (that start: status $status, stdout '$stdout', stderr '$stderr')"
            break
        fi
    done
    touch "$a/tmp/stop"
    wait "$bg"
    out=$(grep -v '^forged pid' "$a/tmp/forge" 2>&1)
    echo "# $what: ${#statuses[@]} starts; attacker: $out; start statuses: $(printf '%s\n' \
        "${statuses[@]}" | sort | uniq -c | awk '{ printf "%s%sx%s", sep, $2, $1; sep = " " }')"
    check_eq "$what: the decoy host process survived $STARTS starts" "0" "$killed_at"
    check_eq "$what: every start ran its own command (exit 0, its output)" "${#statuses[@]}" "$ran"
    wait_for 5 eval '[ -z "$(_lc_procs_under "$b")" ]'
    check_clean "$a" "$what: the attacker: nothing left behind"
    check_clean "$b" "$what: the started container: nothing left behind"
}

forge_round "default capabilities"
