#!/usr/bin/env bash
# `nsinit exec` on a directory whose container runs joins it: the second process shares every
# namespace of the first, runs with the config's identity, and returns its own status. A stale
# pid file never makes exec join (or kill) anything. Killing pid 1 ends every process of the
# container, the joined ones too.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

J=$TESTTMP/j
mkcontainer "$J" '{
    "hostname": "joined",
    "user": "alice",
    "working_dir": "/home/alice",
    "environment": ["PATH=/bin", "HOME=/home/alice", "JOIN=yes"],
    "capabilities": ["CHOWN", "KILL", "SETGID"],
    "namespaces": {"NEWNS": true, "NEWUTS": true, "NEWIPC": true, "NEWPID": true, "NEWNET": true},
    "tty": false
}'
echo "in the rootfs" >"$J/marker"

# first_up: starts the first container running CMD and waits for its pid file; sets INIT and
# FIRST (nsinit's pid).
first_up()
{
    nsinit_bg --root "$J" --rootfs "$J" exec -- "$@"
    FIRST=$NSINIT_PID
    if wait_for 30 test -s "$J/pid"; then
        INIT=$(cat "$J/pid")
    else
        INIT=
        not_ok "the first container started" "no pid file"
    fi
}

# ns_of PID: the host's view of PID's namespaces, one "name:[inode]" a line.
ns_of()
{
    local n
    for n in mnt uts ipc pid net; do
        echo "$n:$(readlink "/proc/$1/ns/$n" 2>/dev/null)"
    done
}

first_up sleep 3600

run nsexec "$J" ps -o pid,comm
check_match "the joined process sees the first's pid 1" "(^|;)1:sleep(;|$)" \
    "$(awk 'NR > 1 { printf "%s%s:%s", sep, $1, $2; sep = ";" }' <<<"$stdout")"
check_eq "the joined process sees only the container's processes" "2" \
    "$(awk 'NR > 1' <<<"$stdout" | wc -l)"
run nsexec "$J" hostname
check_eq "the joined process has the container's hostname" "0 joined" "$status $stdout"
run nsexec "$J" cat /marker
check_eq "the joined process has the container's root" "in the rootfs" "$stdout"
run nsexec "$J" sh -c 'for n in mnt uts ipc pid net; do echo "$n:$(readlink /proc/self/ns/$n)"; done'
check_eq "the joined process is in every namespace of init" "$(ns_of "$INIT")" "$stdout"
run nsexec "$J" sh -c 'echo $$'
check_match "the joined process gets a pid of the container's namespace" "^([2-9]|[1-9][0-9]+)$" \
    "$stdout"

run nsexec "$J" sh -c 'exit 5'
check_eq "the joined process returns its own status (5)" "5" "$status"
run nsexec "$J" true
check_eq "the joined process returns its own status (0)" "0" "$status"
run nsexec "$J" /bin/noexec
check_eq "join: a file that is not executable: 126" "126" "$status"
run nsexec "$J" no-such-program
check_eq "join: a missing command: 127" "127" "$status"
check_match "join: 127 with one line naming the command" "^nsinit: exec: [^
]*no-such-program[^
]*$" "$stderr"

run nsexec "$J" sh -c 'id -un; grep -E "^(Uid|Gid|Groups):" /proc/self/status'
check_eq "the joined process runs as the config's user" \
    "alice|Uid: 1000 1000 1000 1000|Gid: 1000 1000 1000 1000|Groups: 10 100 1000" \
    "$(awk '{ $1 = $1; print }' <<<"$stdout" | paste -sd '|')"
run nsexec "$J" env
check_eq "the joined process has the config's environment, exactly" \
    "PATH=/bin HOME=/home/alice JOIN=yes" "$(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
run nsexec "$J" pwd
check_eq "the joined process starts in working_dir" "/home/alice" "$stdout"
run nsexec "$J" grep CapBnd /proc/self/status
check_eq "the joined process has the config's bounding set" "CapBnd: 0000000000000061" \
    "$(awk '{ $1 = $1; print }' <<<"$stdout")"
check_eq "init's bounding set is the same" "CapBnd: 0000000000000061" \
    "$(awk '$1 == "CapBnd:" { $1 = $1; print }' "/proc/$INIT/status")"
run env LEAKED=1 "$NSINIT" --root "$J" --rootfs "$J" exec -- sh -c 'echo "${LEAKED:-none}"'
check_eq "nsinit's own environment does not leak into the joined process" "none" "$stdout"
run nsexec "$J" sh -c 'cat; echo end' <<<"joined input"
check_eq "stdin reaches the joined process" "joined input end" "$(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
check "joining leaves the pid file alone" [ "$(cat "$J/pid")" = "$INIT" ]
check "the first container still runs after the joins" kill -0 "$FIRST"

# ---- killing pid 1 ends everything ------------------------------------------------------
ns_pid=$(readlink "/proc/$INIT/ns/pid")
# Held open until the last look, so that its number cannot pass to a namespace made later (by
# this machine's other containers) while the test still looks for it.
exec {ns_fd}<"/proc/$INIT/ns/pid"
# procs_in_ns: host pids of processes in the container's pid namespace.
procs_in_ns()
{
    pids_in_ns "$ns_pid"
}
# A joined process that keeps running, and one that leaves an orphan behind.
nsinit_bg --root "$J" --rootfs "$J" exec -- sleep 3700
JOINED=$NSINIT_PID
run nsexec "$J" sh -c 'sleep 3800 </dev/null >/dev/null 2>&1 & echo started'
check_eq "a joined process that leaves a child behind returns" "0 started" "$status $stdout"
# init, the joined sleep and the orphan, all running their sleep (not a joiner still on its way)
three_sleeping()
{
    local p n=0
    for p in $(procs_in_ns); do
        [ "$(cat "/proc/$p/comm" 2>/dev/null)" = sleep ] && n=$((n + 1))
    done
    [ "$n" -ge 3 ]
}
wait_for 30 three_sleeping || not_ok "the joined sleeps are running"
run nsexec "$J" ps -o comm
check_eq "the container holds init, the joined sleep and the orphan" "sleep sleep sleep" \
    "$(grep -x sleep <<<"$stdout" | tr '\n' ' ' | sed 's/ $//')"
before=$(procs_in_ns | wc -l)
check_eq "host view: 3 processes in the container's pid namespace" "3" "$before"

run nsinit --root "$J" kill KILL
check_eq "nsinit kill KILL" "0" "$status"
start=$SECONDS
wait "$FIRST" && st=0 || st=$?
check_eq "the first nsinit exits 137" "137" "$st"
wait "$JOINED" && st=0 || st=$?
check_eq "the joined nsinit exits 137" "137" "$st"
# (well before the 100 s and 200 s of their sleeps, however busy the machine)
check "both return promptly" [ $((SECONDS - start)) -lt 60 ]
check_eq "no process left in the container's pid namespace" "" "$(procs_in_ns | tr '\n' ' ')"
exec {ns_fd}<&-
check_clean "$J" "after killing pid 1: nothing left behind"

# Init ending by itself ends the joined processes as well: init ends once the joined process
# has made a file in alice's home.
first_up sh -c 'until [ -e /home/alice/joined ]; do sleep 0.05; done'
nsinit_bg --root "$J" --rootfs "$J" exec -- sh -c ': >/home/alice/joined; exec sleep 3700'
JOINED=$NSINIT_PID
wait "$FIRST" && st=0 || st=$?
check_eq "init ending on its own: its status" "0" "$st"
start=$SECONDS
wait "$JOINED" && st=0 || st=$?
check_eq "init ending on its own: the joined nsinit exits 137" "137" "$st"
check "the joined nsinit returns promptly (before its sleep of 200 s)" [ $((SECONDS - start)) -lt 60 ]
check_clean "$J" "after init ended: nothing left behind"
rm -f "$J/home/alice/joined"

# ---- two execs at once: one starts the container, the other joins it ---------------------
# Each adds a line to a file in alice's home and waits for the other's, so the two always overlap.
both()
{
    nsexec "$J" sh -c 'readlink /proc/self/ns/pid; echo x >>/home/alice/both
        until [ "$(wc -l </home/alice/both)" -ge 2 ]; do sleep 0.05; done'
}
both >"$TESTTMP/both1" 2>&1 &
b1=$!
both >"$TESTTMP/both2" 2>&1 &
b2=$!
wait "$b1" && st1=0 || st1=$?
wait "$b2" && st2=0 || st2=$?
# (the joined one may be killed, 137, when the other's init ends first)
check_match "two execs started together both run" "^(0|137) (0|137)$" "$st1 $st2"
check_eq "two execs started together: one of them started the container" "yes" \
    "$([ "$st1" = 0 ] || [ "$st2" = 0 ] && echo yes || echo no)"
check_match "two execs started together share one pid namespace" "^pid:\[[0-9]+\]$" \
    "$(sort -u "$TESTTMP/both1" "$TESTTMP/both2")"
check_eq "two execs started together: both printed" "2" \
    "$(cat "$TESTTMP/both1" "$TESTTMP/both2" | grep -c '^pid:')"
check_clean "$J" "two execs at once: nothing left behind"
rm -f "$J/home/alice/both"

# ---- stale records ----------------------------------------------------------------------
# The runtime's record of a container lives in its state directory (nsinit_state DIR), out of
# the container's reach; a record whose process is gone, or whose pid now names another
# process, is stale: it never makes exec join, nor kill signal, anything. The pid file in the
# container directory is for people only and is never read.
# fresh_start WHAT: a new exec must start a fresh container (pid 1, alone) and clean up.
fresh_start()
{
    run nsexec "$J" ps -o pid,comm
    check_eq "$1: exec starts a fresh container (ps is pid 1, alone)" "0 1:ps" \
        "$status $(awk 'NR > 1 { printf "%s%s:%s", sep, $1, $2; sep = " " }' <<<"$stdout")"
    check_clean "$J" "$1: nothing left behind"
}

# record PID START_TIME [NS]: writes a record naming PID, its mount namespace NS (default:
# PID's own), as the runtime writes them.
record()
{
    local dir ns=${3:-$(stat -L -c %i "/proc/$1/ns/mnt" 2>/dev/null || echo 1)}
    dir=$(nsinit_state "$J")
    mkdir -p "$dir"
    printf '{\n    "pid": %s,\n    "start_time": %s,\n    "namespaces": {\n        "mnt": %s\n    }\n}\n' \
        "$1" "$2" "$ns" >"$dir/state.json"
}

# A dead process's pid, with the record it would have had.
sleep 0 &
dead=$!
wait "$dead"
record "$dead" 12345 4026531840
run nsinit --root "$J" state
check_match "record of a dead process: state says there is no container" "no running container" \
    "$stderr"
record "$dead" 12345 4026531840
fresh_start "record of a dead process"

# A live process that is not the container: this shell's own sleep, and a start time that does
# not match it.
sleep 3800 &
alive=$!
disown "$alive"
at_exit kill -KILL "$alive"
start_time=$(awk '{ sub(/.*\) /, ""); print $20 }' "/proc/$alive/stat")
record "$alive" 1
run nsinit --root "$J" state
check_match "pid reused by another process: state says there is no container" \
    "no running container" "$stderr"
record "$alive" 1
run nsinit --root "$J" kill KILL
check_eq "pid reused by another process: kill refuses" "125" "$status"
check "pid reused by another process: kill left it alone" kill -0 "$alive"
record "$alive" 1
fresh_start "pid reused by another process"
check "pid reused by another process: exec left it alone" kill -0 "$alive"

# Its true start time, but it shares the host's mount namespace: not a container.
record "$alive" "$start_time"
run nsinit --root "$J" kill KILL
check_eq "a host process with its true start time: kill refuses" "125" "$status"
fresh_start "a host process with its true start time"

# The start time off by one tick.
record "$alive" "$((start_time + 1))"
fresh_start "start time off by one tick"

# Garbage in the record, and forged files in the container directory (the container can
# write them there): never read.
mkdir -p "$(nsinit_state "$J")"
printf 'not a record\n' >"$(nsinit_state "$J")/state.json"
printf '%s\n' "$alive" >"$J/pid"
printf '{\n    "pid": %s,\n    "start_time": %s\n}\n' "$alive" "$start_time" >"$J/state.json"
fresh_start "garbage record, forged pid file and state.json"
rm -f "$J/state.json"
check "the unrelated process survived every stale case" kill -0 "$alive"
