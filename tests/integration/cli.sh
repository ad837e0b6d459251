#!/usr/bin/env bash
# nsinit's command line: exit statuses, kill and signal forwarding, state, config, help, and
# where it finds the container directory (--root, $data_path, cwd) and the rootfs (--rootfs,
# the config's rootfs, cwd).
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

C=$TESTTMP/c
mkcontainer "$C"

# ---- help -----------------------------------------------------------------------------
run nsinit help
check_match "help lists the commands" "exec.*config.*state.*kill.*help" "$(tr '\n' ' ' <<<"$stdout")"
check_eq "help exits 0" "0" "$status"
for cmd in exec config state kill; do
    run nsinit --root "$C" "$cmd" --help
    check_match "$cmd --help prints its usage and exits 0" "^0 usage: nsinit $cmd" "$status $stdout"
done
run nsinit --root "$C" frobnicate
check_match "unknown command: 125 and one line" "^125 nsinit: [^
]*frobnicate[^
]*$" "$status $stderr"

# ---- exit statuses --------------------------------------------------------------------
run nsexec "$C" true
check_eq "exit status 0" "0" "$status"
run nsexec "$C" false
check_eq "exit status 1" "1" "$status"
run nsexec "$C" sh -c 'exit 3'
check_eq "exit status 3" "3" "$status"
run nsexec "$C" sh -c 'exit 255'
check_eq "exit status 255" "255" "$status"
run nsexec "$C" /bin/noexec
check_eq "a file that is not executable: 126" "126" "$status"
check_match "126: one line naming the file" "^nsinit: exec: [^
]*/bin/noexec[^
]*$" "$stderr"
run nsexec "$C" /tmp
check_eq "a directory as the command: 126" "126" "$status"
run nsexec "$C" /bin/no-such-program
check_eq "a missing command (path): 127" "127" "$status"
check_match "127: one line naming the command" "^nsinit: exec: [^
]*no-such-program[^
]*$" "$stderr"
run nsexec "$C" no-such-program
check_eq "a missing command (PATH search): 127" "127" "$status"
check_match "127 (PATH search): one line naming the command" "^nsinit: exec: [^
]*no-such-program[^
]*$" "$stderr"
run nsexec "$C" sh -c 'echo out; echo err >&2; exit 4'
check_eq "stdout and stderr pass through" "4 out err" "$status $stdout $stderr"
run nsexec "$C" sh -c 'cat; echo done' <<<"typed input"
check_eq "stdin passes through" "typed input done" "$(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
check_clean "$C" "exit statuses: nothing left behind"

# ---- kill, state, pid file ------------------------------------------------------------
run nsinit --root "$C" state
check_match "state without a running container: 125 and a message" \
    "^125 nsinit: state: .*no running container" "$status $stderr"
run nsinit --root "$C" kill KILL
check_match "kill without a running container: 125 and a message" \
    "^125 nsinit: .*no running container" "$status $stderr"

nsinit_bg --root "$C" --rootfs "$C" exec -- sleep 3600
if wait_for 30 test -s "$C/pid"; then
    ok "the pid file appears while the container runs"
else
    not_ok "the pid file appears while the container runs"
fi
pid=$(cat "$C/pid" 2>/dev/null)
run nsinit --root "$C" state
check_match "state of a running container says running" '"status": *"running"' "$stdout"
if command -v jq >/dev/null 2>&1; then
    check_eq "state is valid JSON (jq)" "running $pid" "$(jq -r '"\(.status) \(.pid)"' <<<"$stdout" 2>&1)"
fi
check_match "state gives the pid of the pid file" "\"pid\": *${pid}[^0-9]" "$stdout"
check_eq "the pid file names the container's init (cmdline)" "sleep 3600 " \
    "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>&1)"
check_eq "the pid file names the container's init (pid 1 inside)" "1" \
    "$(awk '$1 == "NSpid:" { print $NF }' "/proc/$pid/status" 2>&1)"
check_eq "the pid file names the container's init (its root is the rootfs)" \
    "$(stat -c %d:%i "$C")" "$(stat -L -c %d:%i "/proc/$pid/root" 2>&1)"
check "init runs in a new pid namespace" [ "$(readlink "/proc/$pid/ns/pid")" != "$(readlink /proc/self/ns/pid)" ]
run nsinit --root "$C" kill KILL
check_eq "nsinit kill KILL exits 0" "0" "$status"
start=$SECONDS
wait "$NSINIT_PID" && st=0 || st=$?
check_eq "killed by SIGKILL from outside: 137" "137" "$st"
# (well before the 100 s of init's sleep, however busy the machine)
check "nsinit returns promptly after the kill" [ $((SECONDS - start)) -lt 60 ]
run nsinit --root "$C" state
check_match "state after the kill: no running container" "no running container" "$stderr"
check_clean "$C" "kill: nothing left behind"

# nsinit kill with the default signal (TERM) reaches an init that handles it.
nsinit_bg --root "$C" --rootfs "$C" exec -- sh -c 'trap "exit 7" TERM; while :; do sleep 0.1; done'
wait_for 30 test -s "$C/pid" || not_ok "container started"
wait_for 30 sig_caught "$(cat "$C/pid")" 15 || not_ok "init's shell set its TERM trap"
run nsinit --root "$C" kill
check_eq "nsinit kill (default TERM) exits 0" "0" "$status"
wait "$NSINIT_PID" && st=0 || st=$?
check_eq "TERM reached init's handler: exit 7" "7" "$st"
check_clean "$C" "kill TERM: nothing left behind"

# Signals sent to nsinit itself are forwarded to the container's init.
nsinit_bg --root "$C" --rootfs "$C" exec -- sh -c 'trap "exit 9" USR1; while :; do sleep 0.1; done'
wait_for 30 test -s "$C/pid" || not_ok "container started"
wait_for 30 sig_caught "$(cat "$C/pid")" 10 || not_ok "init's shell set its USR1 trap"
kill -USR1 "$NSINIT_PID"
wait "$NSINIT_PID" && st=0 || st=$?
check_eq "a signal sent to nsinit is forwarded to init" "9" "$st"
check_clean "$C" "signal forwarding: nothing left behind"

# When nsinit itself dies, the container dies with it; the pid file it leaves is stale and the
# next exec starts a fresh container rather than joining a dead (or zombie) init.
DIE=$TESTTMP/die
mkcontainer "$DIE"
nsinit_bg --root "$DIE" --rootfs "$DIE" exec -- sleep 3600
wait_for 30 test -s "$DIE/pid" || not_ok "container started"
pid=$(cat "$DIE/pid" 2>/dev/null)
kill -KILL "$NSINIT_PID"
wait "$NSINIT_PID" 2>/dev/null
# gone: the process no longer runs (it may linger as a zombie until the host's init reaps it)
gone() { local st; st=$(awk '{ sub(/.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null); [ -z "$st" ] || [ "$st" = Z ] || [ "$st" = X ]; }
if wait_for 30 gone "$pid"; then
    ok "the container's init dies with nsinit"
else
    not_ok "the container's init dies with nsinit" "$(_lc_describe "$pid")"
fi
run nsinit --root "$DIE" state
check_match "after nsinit died: state says there is no running container" \
    "no running container" "$stderr"
run nsexec "$DIE" readlink /proc/self
check_eq "after nsinit died: exec starts a fresh container" "0 1" "$status $stdout"
check_clean "$DIE" "after nsinit died: nothing left behind"

# The command is found through the container's PATH, not nsinit's.
PTH=$TESTTMP/path
mkcontainer "$PTH" '{"hostname": "p", "environment": ["PATH=/nowhere"],
    "namespaces": {"NEWNS": true, "NEWUTS": true, "NEWIPC": true, "NEWPID": true, "NEWNET": true}}'
run nsexec "$PTH" hostname
check_eq "a command missing from the container's PATH: 127" "127" "$status"
run nsexec "$PTH" /bin/hostname
check_eq "the same command by its path runs" "0 p" "$status $stdout"
mkdir -p "$PTH/nowhere"
printf '#!/bin/sh\necho found in nowhere\n' >"$PTH/nowhere/onlyhere"
chmod 755 "$PTH/nowhere/onlyhere"
run env PATH=/usr/bin:/bin "$NSINIT" --root "$PTH" --rootfs "$PTH" exec -- onlyhere
check_eq "a command found only on the container's PATH runs" "0 found in nowhere" "$status $stdout"
check_clean "$PTH" "PATH: nothing left behind"

# The container gets fds 0, 1, 2 and nothing else, whatever nsinit had open.
FDS=$TESTTMP/fds
mkcontainer "$FDS"
exec 8</etc/hostname 9>"$TESTTMP/nine"
nsinit_bg --root "$FDS" --rootfs "$FDS" exec -- sleep 3600 >"$TESTTMP/fds.out" 2>"$TESTTMP/fds.err"
exec 8<&- 9>&-
if wait_for 30 test -s "$FDS/pid"; then
    check_eq "only fds 0, 1 and 2 reach the container's init" "0 1 2" \
        "$(ls "/proc/$(cat "$FDS/pid")/fd" | sort -n | tr '\n' ' ' | sed 's/ $//')"
    check_eq "tty: false: the init's stdout and stderr are nsinit's own files" \
        "$TESTTMP/fds.out $TESTTMP/fds.err" \
        "$(readlink "/proc/$(cat "$FDS/pid")/fd/1") $(readlink "/proc/$(cat "$FDS/pid")/fd/2")"
    init=$(cat "$FDS/pid")
    nsexec "$FDS" sleep 1000 &
    joined=$!
    # joined_pid: the container's process other than init, found through its pid namespace.
    joined_pid()
    {
        local p
        for p in $(pids_in_ns "$(readlink "/proc/$init/ns/pid")"); do
            [ "$p" != "$init" ] && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = sleep ] &&
                echo "$p" && return 0
        done
        return 1
    }
    if wait_for 30 joined_pid >/dev/null; then
        check_eq "only fds 0, 1 and 2 reach a joined process" "0 1 2" \
            "$(ls "/proc/$(joined_pid)/fd" | sort -n | tr '\n' ' ' | sed 's/ $//')"
    else
        not_ok "the joined process started"
    fi
    # killing the init ends the joined process too
    nsinit --root "$FDS" kill KILL
    wait "$joined"
else
    not_ok "container started"
fi
nsinit --root "$FDS" kill KILL
wait "$NSINIT_PID"
check_clean "$FDS" "fds: nothing left behind"

run nsinit --root "$C" exec
check_match "exec without a command: 125 and a message" "^125 nsinit: exec: " "$status $stderr"

run nsinit --root "$C" kill NOSUCHSIG
check_match "kill with an unknown signal: 125" "^125 nsinit: .*NOSUCHSIG" "$status $stderr"

# ---- config ---------------------------------------------------------------------------
H=$TESTTMP/host
mkdir -p "$H/src"
chmod 0777 "$H/src"
F=$TESTTMP/full
mkcontainer "$F" '{
    "hostname": "full",
    "user": "alice:wheel",
    "working_dir": "/home/alice",
    "environment": ["PATH=/bin", "HOME=/home/alice", "X=y z"],
    "tty": false,
    "namespaces": {"NEWNS": true, "NEWUTS": true, "NEWIPC": true, "NEWPID": true, "NEWNET": true},
    "capabilities": ["CHOWN", "KILL", "SETUID"],
    "networks": [{"type": "loopback", "address": "127.0.0.1/0", "gateway": "localhost", "mtu": 1500}],
    "mount_config": {
        "readonly_fs": true,
        "mounts": [
            {"type": "bind", "source": "'"$H/src"'", "destination": "/mnt/src", "writable": true}
        ],
        "device_nodes": [
            {"path": "/dev/null", "type": 99, "major_number": 1, "minor_number": 3, "file_mode": 438,
             "cgroup_permissions": "rwm"},
            {"path": "/dev/zero", "type": "c", "major_number": 1, "minor_number": 5, "file_mode": 420,
             "cgroup_permissions": "rwm"}
        ]
    },
    "context": {"restrictions": "true"}
}'
run nsinit --root "$F" --rootfs "$F" config
check_eq "config exits 0" "0" "$status"
first=$stdout
for want in '"hostname": "full"' '"user": "alice:wheel"' '"working_dir": "/home/alice"' \
    '"X=y z"' '"SETUID"' '"/mnt/src"' '"'"$H/src"'"' '"/dev/zero"' '"loopback"'; do
    case $first in
        *"$want"*) ok "config output holds $want" ;;
        *) not_ok "config output holds $want" "$first" ;;
    esac
done
if command -v jq >/dev/null 2>&1; then
    check_eq "config output is valid JSON (jq)" "full" "$(jq -r .hostname <<<"$first" 2>&1)"
fi
F2=$TESTTMP/full2
mkdir -p "$F2"
printf '%s\n' "$first" >"$F2/container.json"
run nsinit --root "$F2" config
check_eq "config output loads again and prints the same" "0 $first" "$status $stdout"
check_eq "config output loads again: no error" "" "$stderr"
check_eq "config output names no rootfs when the file has none" "" \
    "$(grep '"rootfs"' <<<"$first")"
# The written config runs elsewhere, on the root filesystem given: same identity, same devices,
# same mounts.
run nsinit --root "$F2" --rootfs "$F" exec -- sh -c 'id -u; id -g; pwd; ls /dev | grep -cE "^(null|zero)$";
    stat -c %a /dev/zero; echo x >/mnt/src/x && echo wrote; touch /y 2>/dev/null || echo ro'
check_eq "the written config runs as the original" "0 1000 10 /home/alice 2 644 wrote ro" \
    "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
check_clean "$F" "config: nothing left behind"

# ---- where the container directory and the rootfs come from --------------------------
# Two container directories without a rootfs, and a rootfs without a container.json.
RFS=$TESTTMP/rootfs
mkcontainer "$RFS"
rm "$RFS/container.json"
echo "the rootfs" >"$RFS/marker"
D1=$TESTTMP/d1
D2=$TESTTMP/d2
mkdir -p "$D1" "$D2"
printf '%s\n' "${DEFAULT_CONFIG/\"hostname\": \"test\"/\"hostname\": \"one\"}" >"$D1/container.json"
printf '%s\n' "${DEFAULT_CONFIG/\"hostname\": \"test\"/\"hostname\": \"two\"}" >"$D2/container.json"

run nsinit --root "$D1" --rootfs "$RFS" exec -- sh -c 'hostname; cat /marker'
check_eq "--root and --rootfs" "0 one the rootfs" "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
run env data_path="$D2" "$NSINIT" --rootfs "$RFS" exec -- hostname
check_eq "\$data_path names the container directory" "0 two" "$status $stdout"
run env data_path="$D2" "$NSINIT" --root "$D1" --rootfs "$RFS" exec -- hostname
check_eq "--root wins over \$data_path" "one" "$stdout"
in_dir() { (cd "$1" && shift && "$@"); }
run in_dir "$D1" nsinit --rootfs "$RFS" exec -- hostname
check_eq "the current directory is the container directory by default" "0 one" "$status $stdout"
run in_dir "$RFS" nsinit --root "$D2" exec -- cat /marker
check_eq "the current directory is the rootfs by default" "0 the rootfs" "$status $stdout"

# The config's rootfs, relative to the container directory; --rootfs wins over it.
D3=$TESTTMP/d3
mkdir -p "$D3"
config_with '"rootfs": "../rootfs"' >"$D3/container.json"
run in_dir / nsinit --root "$D3" exec -- cat /marker
check_eq "the config's rootfs, relative to the container directory" "0 the rootfs" "$status $stdout"
OTHER=$TESTTMP/other
mkcontainer "$OTHER"
echo "the other rootfs" >"$OTHER/marker"
run nsinit --root "$D3" --rootfs "$OTHER" exec -- cat /marker
check_eq "--rootfs wins over the config's rootfs" "0 the other rootfs" "$status $stdout"

# The pid file lives in the container directory, not in the rootfs.
nsinit_bg --root "$D1" --rootfs "$RFS" exec -- sleep 3600
if wait_for 30 test -s "$D1/pid"; then
    ok "the pid file is written in the container directory"
else
    not_ok "the pid file is written in the container directory"
fi
check "no pid file in the rootfs" [ ! -e "$RFS/pid" ]
nsinit --root "$D1" kill KILL
wait "$NSINIT_PID" && st=0 || st=$?
check_eq "--root container killed: 137" "137" "$st"

run nsinit --root "$TESTTMP/no-such-dir" state
check_match "a missing container directory: 125 and a message" "^125 nsinit: .*no-such-dir" \
    "$status $stderr"

for d in "$D1" "$D2" "$D3" "$RFS" "$OTHER"; do
    check_clean "$d"
done
