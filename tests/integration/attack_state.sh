#!/usr/bin/env bash
# Attacks the runtime through its own files in the layout the README teaches (--root and --rootfs
# the same directory): from inside, the container rewrites /pid and /state.json to name a host
# process (a decoy `sleep` of this test, its real start time included), and rewrites
# /container.json to give later processes every capability, its own environment and a writable
# bind of a host directory. Secure: the next `nsinit exec` runs in the real container (its
# hostname, its pid namespace, a file only its own /dev/shm holds) with the config it was started
# with; it never joins the decoy nor sees the host's marker; `nsinit kill`, `nsinit state` and
# `nsinit pause` never aim at the decoy (which has cgroups of its own, so that a freeze aimed at
# it freezes nothing else). Both while the real container runs and after it ended (its runtime
# killed, or a process of a container without a pid namespace that outlived it writing the files
# afterwards).
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

# A marker on the host, outside every container directory: a joined process that sees it runs
# in the host's mount namespace.
HOSTMARK=$TESTTMP/host-marker-$$
echo host >"$HOSTMARK"
start_time_of() { awk '{ sub(/^.*\) /, ""); print $20 }' "/proc/$1/stat"; }

# What a process run by the next exec reports: hostname, whether the container's own /dev/shm
# marker is there, whether the host's marker is, its pid, its pid namespace.
REPORT='echo "host=$(hostname)"; cat /dev/shm/inside 2>/dev/null || echo "no-inside"
    [ -e '"$HOSTMARK"' ] && echo host-marker-seen; echo "pid=$$"; echo "ns=$(readlink /proc/self/ns/pid)"'
# The container's side of the forgery: waits for the runtime's pid file, then writes its own pid
# file and state.json naming $1 (pid) and $2 (start time).
FORGE='while [ ! -s /pid ]; do sleep 0.05; done; sleep 0.3
    echo "$1" >/pid
    printf "{\n    \"pid\": %s,\n    \"start_time\": %s\n}\n" "$1" "$2" >/state.json'

# decoy_own_cgroups: moves $DECOY into cgroups of its own (the v1 freezer and cgroup2 ones that
# exist, below this shell's), so that a freeze aimed at it freezes nothing else; sets DECOY_CGS.
# Status 1 when it could not be moved everywhere (then nothing may try to freeze it).
decoy_own_cgroups()
{
    local fz v2 d
    DECOY_CGS=()
    fz=$(cg_v1_mount freezer)
    v2=$(cg_v2_mount)
    [ -z "$fz" ] || DECOY_CGS+=("$fz$(cg_rel $$ freezer | sed 's|^/$||')/atkdecoy$$")
    [ -z "$v2" ] || DECOY_CGS+=("$v2$(cg_rel $$ '' | sed 's|^/$||')/atkdecoy$$")
    at_exit decoy_cgroups_remove
    [ ${#DECOY_CGS[@]} -gt 0 ] || return 1
    for d in "${DECOY_CGS[@]}"; do
        mkdir -p "$d" && echo "$DECOY" >"$d/cgroup.procs" || return 1
    done
}
decoy_cgroups_remove()
{
    local d
    for d in "${DECOY_CGS[@]}"; do
        echo THAWED >"$d/freezer.state" 2>/dev/null
        echo 0 >"$d/cgroup.freeze" 2>/dev/null
    done
    kill -KILL "$DECOY" 2>/dev/null
    for d in "${DECOY_CGS[@]}"; do
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            rmdir "$d" 2>/dev/null && break
            [ -d "$d" ] || break
            sleep 0.1
        done
    done
}
# decoy_frozen: what of the decoy's cgroups is frozen; "" when none.
decoy_frozen()
{
    local d out=()
    for d in "${DECOY_CGS[@]}"; do
        if grep -qx 'frozen 1' "$d/cgroup.events" 2>/dev/null ||
            grep -qE 'FROZEN|FREEZING' "$d/freezer.state" 2>/dev/null; then
            out+=("$d")
        fi
    done
    echo "${out[*]}"
}

# ---- while the container runs: forged pid and state.json ----------------------------------
start_decoy
decoy_cg=yes
decoy_own_cgroups || decoy_cg=
A=$TESTTMP/running
mkcontainer "$A"
NSINIT_TIMEOUT=100 nsinit_bg --root "$A" --rootfs "$A" exec -- sh -c 'echo inside >/dev/shm/inside; '"$FORGE"'
    echo done >/tmp/forged; exec sleep 100' sh "$DECOY" "$(start_time_of "$DECOY")"
BG=$NSINIT_PID
if wait_for 10 test -s "$A/tmp/forged"; then
    real_init=$(pgrep -P "$BG" | head -n 1)
    echo "# the container forged: pid file $(cat "$A/pid"), state.json $(tr -d ' \n' <"$A/state.json" 2>/dev/null); decoy $DECOY, real init $real_init"
    run nsinit --root "$A" --rootfs "$A" exec -- sh -c "$REPORT"
    check_eq "running, forged pid and state.json: exec joins the real container" \
        "0 host=test inside ns=$(readlink "/proc/$real_init/ns/pid")" \
        "$status $(grep -E '^(host=|inside|no-inside|host-marker-seen|ns=)' <<<"$stdout" | tr '\n' ' ' | sed 's/ $//')"
    run nsinit --root "$A" state
    check_eq "running, forged: nsinit state does not name the decoy" "no" \
        "$(grep -q "\"pid\": $DECOY\b" <<<"$stdout" && echo "yes: $stdout" || echo no)"
    if [ -n "$decoy_cg" ]; then
        run nsinit --root "$A" pause
        check_eq "running, forged: nsinit pause does not freeze the decoy's cgroup" "" "$(decoy_frozen)"
        run nsinit --root "$A" unpause
        for d in "${DECOY_CGS[@]}"; do
            echo THAWED >"$d/freezer.state" 2>/dev/null
            echo 0 >"$d/cgroup.freeze" 2>/dev/null
        done
    else
        echo "# the decoy could not have cgroups of its own: nsinit pause is not tried"
    fi
    run nsinit --root "$A" kill KILL
    check "running, forged: nsinit kill leaves the decoy alive" decoy_alive "$DECOY"
    # the real container ends either way
    wait_for 5 eval '! kill -0 "$BG" 2>/dev/null' || kill -KILL "$real_init" 2>/dev/null
    wait "$BG"
else
    not_ok "running, forged: the container started and forged its files"
fi
check_clean "$A" "running, forged: nothing left behind"

# ---- while the container runs: an edited container.json -----------------------------------
mkdir -p "$TESTTMP/hostdir"
echo host >"$TESTTMP/hostdir/host-file"
EVIL='{
    "hostname": "test",
    "environment": ["HOME=/", "PATH=/bin", "TAMPERED=1"],
    "namespaces": {"NEWNS": true, "NEWUTS": true, "NEWIPC": true, "NEWPID": true, "NEWNET": true},
    "capabilities": ["SYS_ADMIN", "SYS_PTRACE", "SYS_MODULE", "DAC_READ_SEARCH", "NET_ADMIN", "MKNOD"],
    "mount_config": {"mounts": [{"type": "bind", "source": "'"$TESTTMP/hostdir"'",
        "destination": "/hostroot", "writable": true}]}
}'
B=$TESTTMP/edited
mkcontainer "$B"
nsinit_bg --root "$B" --rootfs "$B" exec -- sh -c 'while [ ! -s /pid ]; do sleep 0.05; done
    printf "%s\n" "$1" >/container.json; echo done >/tmp/edited; exec sleep 100' sh "$EVIL"
BG=$NSINIT_PID
if wait_for 10 test -s "$B/tmp/edited"; then
    run nsinit --root "$B" --rootfs "$B" exec -- sh -c 'echo "tampered=${TAMPERED:-no}"
        grep CapEff /proc/self/status; [ ! -e /hostroot/host-file ] || echo host-file-seen'
    check_eq "running, container.json edited from inside: a join uses the config the container started with" \
        "0 tampered=no CapEff: 0000000000000000" \
        "$status $(tr '\n' ' ' <<<"$stdout" | tr -s ' \t' ' ' | sed 's/ $//')"
    nsinit --root "$B" kill KILL
    wait "$BG"
else
    not_ok "running, edited: the container started and edited its config"
fi
check_clean "$B" "running, edited container.json: nothing left behind"

# ---- after it ended: its runtime was killed, the forged files stay ---------------------------
start_decoy
C=$TESTTMP/ended
mkcontainer "$C"
nsinit_bg --root "$C" --rootfs "$C" exec -- sh -c "$FORGE"'
    echo done >/tmp/forged; exec sleep 100' sh "$DECOY" "$(start_time_of "$DECOY")"
BG=$NSINIT_PID
if wait_for 10 test -s "$C/tmp/forged"; then
    kill -KILL "$BG"
    { wait "$BG"; } 2>/dev/null
    wait_for 5 eval '[ -z "$(_lc_procs_under "$C")" ]'
    echo "# the runtime was killed; left: pid file $(cat "$C/pid" 2>&1), state.json $(tr -d ' \n' <"$C/state.json" 2>&1)"
    run nsinit --root "$C" --rootfs "$C" exec -- sh -c "$REPORT"
    check_eq "ended, forged files left: exec starts a new container (pid 1, hostname test), not the decoy" \
        "0 host=test no-inside pid=1" \
        "$status $(grep -E '^(host=|inside|no-inside|host-marker-seen|pid=)' <<<"$stdout" | tr '\n' ' ' | sed 's/ $//')"
    run nsinit --root "$C" state
    check_eq "ended, forged: nsinit state does not name the decoy" "no" \
        "$(grep -q "\"pid\": $DECOY\b" <<<"$stdout" && echo "yes: $stdout" || echo no)"
    # the files again, as the container left them
    echo "$DECOY" >"$C/pid"
    printf '{\n    "pid": %s,\n    "start_time": %s\n}\n' "$DECOY" "$(start_time_of "$DECOY")" >"$C/state.json"
    run nsinit --root "$C" kill KILL
    check "ended, forged: nsinit kill leaves the decoy alive" decoy_alive "$DECOY"
    rm -f "$C/pid" "$C/state.json"
else
    not_ok "ended: the container started and forged its files"
fi
check_clean "$C" "ended, runtime killed: nothing left behind"

# ---- after it ended: a process that outlived init forges the files --------------------------
# Without a pid namespace of its own, a background process of the container can outlive init:
# it waits for the runtime to remove its files, then writes its own.
start_decoy
O=$TESTTMP/orphan
mkcontainer "$O" "$(sed '/"NEWPID": true,/d' <<<"$DEFAULT_CONFIG")"
run nsexec "$O" sh -c '(while [ -e /pid ]; do sleep 0.05; done; '"${FORGE#*sleep 0.3}"'
    echo done >/tmp/forged) >/dev/null 2>&1 </dev/null &
    while [ ! -s /pid ]; do sleep 0.05; done; exit 0' sh "$DECOY" "$(start_time_of "$DECOY")"
if wait_for 10 test -s "$O/tmp/forged"; then
    echo "# after the container ended, a process it left wrote: pid file $(cat "$O/pid" 2>&1)"
else
    echo "# no process of the container outlived it to forge the files (nothing to join)"
fi
run nsinit --root "$O" --rootfs "$O" exec -- sh -c "$REPORT"
check_eq "ended, files forged after the end: exec starts a new container (hostname test), not the decoy" \
    "0 host=test no-inside" \
    "$status $(grep -E '^(host=|inside|no-inside|host-marker-seen)' <<<"$stdout" | tr '\n' ' ' | sed 's/ $//')"
run nsinit --root "$O" kill KILL
check "ended, files forged after the end: nsinit kill leaves the decoy alive" decoy_alive "$DECOY"
rm -f "$O/pid" "$O/state.json"
check_clean "$O" "ended, orphan: nothing left behind"
