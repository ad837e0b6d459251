#!/usr/bin/env bash
# Attacks from inside a running container on the runtime and the host:
# - the CVE-2019-5736 pattern: a container process watches /proc for processes of nsinit that
#   are joining the container and tries to open their executable through /proc/PID/exe, while
#   the host runs 20 joins; it must never reach the host's nsinit binary (by default, with every
#   capability nsinit holds, and as a non-root user);
# - no descriptor of the runtime or of its caller reaches the container: 0, 1 and 2 only, for
#   init and for a joined process, even when nsinit's caller has more open;
# - the container sees none of the host's processes and cannot signal them.
# Path attacks (symlinks, ..) are in security_paths.sh.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

CAPS=(CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP
      LINUX_IMMUTABLE NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER
      SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE
      SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP
      MAC_OVERRIDE MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF
      CHECKPOINT_RESTORE)
LAST_CAP=$(cat /proc/sys/kernel/cap_last_cap)
HOST_BND=$((16#$(awk '$1 == "CapBnd:" { print $2 }' /proc/self/status)))
# Every capability nsinit holds, as a JSON list: a container as privileged as it can be.
held_json=""
for ((i = 0; i <= LAST_CAP && i < ${#CAPS[@]}; i++)); do
    (((HOST_BND >> i) & 1)) && held_json+="\"${CAPS[i]}\", "
done
ALL_CAPS="[${held_json%, }]"

# ---- /proc/PID/exe of a joining nsinit ---------------------------------------------------
HELPER=$TESTTMP/sechelper
if ! "${CC:-cc}" -static -O2 -o "$HELPER" "$SRCDIR/tests/fixtures/sechelper.c" 2>"$TESTTMP/cc.err"; then
    echo "# /proc/PID/exe attack not run: no static C compiler ($(head -n 1 "$TESTTMP/cc.err"))"
else
    # The host's nsinit binary as the kernel names it: device and inode.
    target=$(stat -L -c '%d:%i' "$NSINIT")
    nsinit_sum=$(cksum <"$NSINIT")
    # exe_attack WHAT MEMBER...: init watches, in rounds of a second, until the host has joined
    # 20 times and made /tmp/stop (however long the joins take on a busy machine).
    exe_attack()
    {
        local what=$1 d joins=0 i st
        shift
        EXEN=$((${EXEN:-0} + 1))
        d=$TESTTMP/exe$EXEN
        mkcontainer "$d" "$(config_with "$@")"
        cp "$HELPER" "$d/bin/sechelper"
        chmod 0755 "$d/bin/sechelper"
        nsinit_bg --root "$d" --rootfs "$d" exec -- sh -c "echo watching >/tmp/up
            until [ -e /tmp/stop ]; do sechelper exe-watch 1 $target >>/tmp/watch 2>&1; done"
        local bg=$NSINIT_PID
        if ! wait_for 30 test -s "$d/tmp/up"; then
            not_ok "$what: the watching container started" "no /tmp/up"
            return
        fi
        for ((i = 0; i < 20; i++)); do
            nsinit --root "$d" --rootfs "$d" exec -- true >/dev/null 2>&1 && joins=$((joins + 1))
        done
        : >"$d/tmp/stop"
        wait "$bg" && st=0 || st=$?
        check_eq "$what: 20 joins ran while the container watched" "20 0" "$joins $st"
        # every round's summary, added up
        summary=$(awk '$1 == "seen" { s += $2; r += $4; n++ } $1 != "seen" { other = 1 }
            END { printf "seen %d reached %d%s", s, r, (n && !other) ? "" : " (other output)" }' \
            "$d/tmp/watch" 2>&1)
        check_match "$what: no joining process's executable reached" "^seen [0-9]+ reached 0$" \
            "$summary$(grep -v '^seen' "$d/tmp/watch" | head -n 3 | sed 's/^/; /')"
        echo "# $what: $summary (processes seen under the name nsinit)"
        check_clean "$d" "$what: nothing left behind"
    }
    exe_attack "/proc/PID/exe, default capabilities"
    exe_attack "/proc/PID/exe, every capability nsinit holds" "\"capabilities\": $ALL_CAPS"
    exe_attack "/proc/PID/exe, SYS_PTRACE alone" '"capabilities": ["SYS_PTRACE"]'
    exe_attack "/proc/PID/exe, alice with ambient capabilities" '"user": "alice"' \
        '"capabilities": ["KILL", "DAC_OVERRIDE"]' '"ambient_capabilities": ["KILL", "DAC_OVERRIDE"]'
    check_eq "the nsinit binary is unchanged" "$nsinit_sum" "$(cksum <"$NSINIT")"
fi

# ---- descriptors ----------------------------------------------------------------------------
# Seen from the host, so that no shell plumbing inside adds descriptors of its own: the fds of
# init and of a joined process once they run their command.
F=$TESTTMP/fds
mkcontainer "$F"
fds_of() { find "/proc/$1/fd" -mindepth 1 -printf '%f\n' 2>&1 | sort -n | paste -sd ' '; }
is_comm() { [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]; }
# running PARENT NAME: the pid of PARENT's child that runs NAME (comm), once it does.
running()
{
    local p
    for p in $(pgrep -P "$1"); do
        is_comm "$p" "$2" && echo "$p" && return 0
    done
    return 1
}
# The caller holds more descriptors: inheritable files and a pipe.
exec 7<"$F/etc/passwd" 8>"$TESTTMP/fd8" 9< <(exec sleep 30 >/dev/null 2>&1)
pipe_writer=$!
at_exit kill -KILL "$pipe_writer"
nsinit_bg --root "$F" --rootfs "$F" exec -- sleep 3600
BG=$NSINIT_PID
if wait_for 30 test -s "$F/pid"; then
    init=$(cat "$F/pid")
    wait_for 30 is_comm "$init" sleep
    check_eq "start: init has fds 0 1 2 only, though nsinit's caller had 7 8 9 too" "0 1 2" \
        "$(fds_of "$init")"
    nsinit_bg --root "$F" --rootfs "$F" exec -- sleep 101
    JBG=$NSINIT_PID
    if wait_for 30 running "$JBG" sleep >/dev/null; then
        joined=$(running "$JBG" sleep)
        check_eq "join: the joined process has fds 0 1 2 only" "0 1 2" "$(fds_of "$joined")"
        check_eq "join: it is in the container (its pid namespace)" \
            "$(readlink "/proc/$init/ns/pid")" "$(readlink "/proc/$joined/ns/pid")"
    else
        not_ok "join: the joined sleep runs" "no child of nsinit $JBG runs sleep"
    fi
    # From inside: what a process of the container finds open in the others.
    run nsexec "$F" sh -c 'for p in /proc/[0-9]*; do [ "$(cat $p/comm)" = sleep ] && ls $p/fd; done'
    check_eq "join: from inside, both sleeps have 0 1 2" "0 1 2 0 1 2" \
        "$(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
    nsinit --root "$F" kill KILL
    wait "$BG"
    wait "$JBG"
else
    not_ok "fds: the container started" "no pid file"
fi
exec 7<&- 8>&- 9<&-
kill -KILL "$pipe_writer" 2>/dev/null
check_clean "$F" "fds: nothing left behind"

# ---- host processes -------------------------------------------------------------------------
P=$TESTTMP/procs
mkcontainer "$P" "$(config_with "\"capabilities\": $ALL_CAPS")"
sleep 3800 &
host_sleep=$!
disown "$host_sleep"
at_exit kill -KILL "$host_sleep"
run nsexec "$P" sh -c 'ps -o pid,comm; grep PPid /proc/1/status'
check_eq "every capability: ps shows only the container's processes; init's parent is 0" \
    "0 1:sh 2:ps PPid: 0" \
    "$status $(awk 'NR > 1 && $1 ~ /^[0-9]+$/ { printf "%s%s:%s", sep, $1, $2; sep = " " }
        $1 == "PPid:" { printf " PPid: %s", $2 }' <<<"$stdout")"
run nsexec "$P" kill -0 "$host_sleep"
check_match "every capability: a host pid cannot be signalled (kill -0)" "^[1-9]" "$status"
run nsexec "$P" kill -KILL "$host_sleep"
check "every capability: the host process survives kill -KILL from inside" kill -0 "$host_sleep"
run nsexec "$P" sh -c "[ -e /proc/$host_sleep ] || echo absent"
check_eq "every capability: /proc has no entry for the host pid" "absent" "$stdout"
nsinit_bg --root "$P" --rootfs "$P" exec -- sleep 3600
BG=$NSINIT_PID
if wait_for 30 test -s "$P/pid"; then
    run nsexec "$P" sh -c "ps -o comm >/tmp/ps; tail -n +2 /tmp/ps | sort | tr '\n' ' '
        kill -0 $host_sleep || echo no-signal; kill -0 $BG || echo no-nsinit"
    check_eq "join: sees init, itself and ps only; cannot signal the host's sleep or nsinit" \
        "ps sh sleep no-signal no-nsinit" "$(tr '\n' ' ' <<<"$stdout" | sed 's/ *$//')"
    nsinit --root "$P" kill KILL
    wait "$BG"
else
    not_ok "host processes: the container for the join started" "no pid file"
fi
check "the host's process is still alive" kill -0 "$host_sleep"
check_clean "$P" "host processes: nothing left behind"
