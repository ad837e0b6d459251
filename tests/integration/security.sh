#!/usr/bin/env bash
# The process's privileges as it sees them: the five capability sets equal the config exactly,
# for root and for a non-root user keeping some through the ambient set, joined processes too;
# no_new_privileges (and a setuid-root binary gaining nothing under it); rlimits, oom_score_adj,
# namespaced sysctls (the host's value unchanged), additional_groups and parent_death_signal.
# Bad values (unknown capability, ambient outside the kept set, non-namespaced sysctl, LSM
# labels on a host without that LSM...) exit 125 with one line naming the key, and leave
# nothing behind. Restrictions and masked paths are in security_paths.sh, seccomp in
# security_seccomp.sh, user namespaces in security_userns.sh.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

# ---- capability masks ------------------------------------------------------------------
# Every capability by its number (linux/capability.h).
CAPS=(CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP
      LINUX_IMMUTABLE NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER
      SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE
      SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP
      MAC_OVERRIDE MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF
      CHECKPOINT_RESTORE)
LAST_CAP=$(cat /proc/sys/kernel/cap_last_cap)
[ "$LAST_CAP" -lt "${#CAPS[@]}" ] || LAST_CAP=$((${#CAPS[@]} - 1))
# What this runtime can hand on at most: its caller's bounding set.
HOST_BND=$((16#$(awk '$1 == "CapBnd:" { print $2 }' /proc/self/status)))

# capmask NAME...: the mask /proc/PID/status prints for these capabilities (CAP_ optional).
capmask()
{
    local name i mask=0
    for name in "$@"; do
        name=${name#CAP_}
        for i in "${!CAPS[@]}"; do
            [ "${CAPS[i]}" != "$name" ] || mask=$((mask | (1 << i)))
        done
    done
    printf '%016x\n' "$mask"
}

# capsets: the five sets of /proc/self/status as "Inh Prm Eff Bnd Amb" (for nsexec and friends).
capsets_cmd='awk '\''$1 ~ /^Cap(Inh|Prm|Eff|Bnd|Amb):$/ { printf "%s%s %s", s, $1, $2; s = "|" }'\'' /proc/self/status'
# want_caps INH PRM EFF BND AMB: the line capsets_cmd prints for these masks.
want_caps()
{
    echo "CapInh: $1|CapPrm: $2|CapEff: $3|CapBnd: $4|CapAmb: $5"
}

# json_list WORD...: ["WORD", ...]
json_list()
{
    local out
    [ $# -gt 0 ] || { echo "[]"; return; }
    out=$(printf '"%s", ' "$@")
    echo "[${out%, }]"
}

ZERO=0000000000000000
N=0
# newc MEMBER...: a new container directory whose config is the default with these members;
# sets D.
newc()
{
    N=$((N + 1))
    D=$TESTTMP/c$N
    mkcontainer "$D" "$(config_with "$@")"
}

# ---- capabilities, root ------------------------------------------------------------------
# With and without the CAP_ prefix, numbers below and above 31.
set1=(CAP_CHOWN KILL SETUID CAP_SETGID NET_BIND_SERVICE SYS_CHROOT AUDIT_READ)
m1=$(capmask "${set1[@]}")
newc "\"capabilities\": $(json_list "${set1[@]}")"
run nsexec "$D" sh -c "$capsets_cmd"
check_eq "root, 7 capabilities (with and without CAP_, one above 31): all sets but ambient" \
    "$(want_caps "$m1" "$m1" "$m1" "$m1" "$ZERO")" "$stdout"
run nsexec "$D" sh -c 'touch /tmp/f && chown 1000 /tmp/f && stat -c %u /tmp/f; hostname x'
check_match "root with CHOWN: chown works; without SYS_ADMIN: sethostname refused" \
    "^[1-9][0-9]* 1000 .*(not permitted|denied)" "$status $stdout $stderr"
check_clean "$D" "root, 7 capabilities: nothing left behind"

# Every capability this kernel knows and nsinit holds, by name.
all=()
missing=()
for ((i = 0; i <= LAST_CAP; i++)); do
    if (((HOST_BND >> i) & 1)); then all+=("${CAPS[i]}"); else missing+=("${CAPS[i]}"); fi
done
mall=$(capmask "${all[@]}")
newc "\"capabilities\": $(json_list "${all[@]}")"
run nsexec "$D" sh -c "$capsets_cmd"
check_eq "root, every capability up to cap_last_cap ($LAST_CAP) that nsinit holds (${#all[@]})" \
    "$(want_caps "$mall" "$mall" "$mall" "$mall" "$ZERO")" "$stdout"
check_clean "$D" "root, every capability: nothing left behind"

# One that nsinit itself lacks (this machine's bounding set) cannot be handed on: a clear error.
if [ ${#missing[@]} -gt 0 ]; then
    newc "\"capabilities\": [\"CHOWN\", \"${missing[0]}\"]"
    run nsexec "$D" sh -c 'echo ran'
    check_eq "a capability nsinit does not hold (${missing[0]}): 125, the command did not run" \
        "125 " "$status $stdout"
    check_match "a capability nsinit does not hold: one line naming it" \
        "^nsinit: [^
]*capabilities[^
]*${missing[0]}[^
]*$" "$stderr"
    check_clean "$D" "a capability nsinit does not hold: nothing left behind"
fi

# An empty list: root without any capability.
newc '"capabilities": []'
run nsexec "$D" sh -c "$capsets_cmd"
check_eq "root, capabilities []: every set empty" \
    "$(want_caps "$ZERO" "$ZERO" "$ZERO" "$ZERO" "$ZERO")" "$stdout"
run nsexec "$D" sh -c 'touch /tmp/f && chown 1000 /tmp/f'
check_match "root without capabilities: chown refused" "^[1-9][0-9]* .*not permitted" \
    "$status $stderr"
check_clean "$D" "root, no capabilities: nothing left behind"

# ---- capabilities, non-root user through the ambient set ----------------------------------
set2=(CHOWN KILL NET_BIND_SERVICE)
m2=$(capmask "${set2[@]}")
newc '"user": "alice"' "\"capabilities\": $(json_list "${set2[@]}")" \
    "\"ambient_capabilities\": $(json_list "${set2[@]}")"
A1=$D
run nsexec "$D" sh -c "id -u; $capsets_cmd"
check_eq "alice, ambient = capabilities: every set is the config's" \
    "1000
$(want_caps "$m2" "$m2" "$m2" "$m2" "$m2")" "$stdout"
run nsexec "$D" sh -c 'touch /tmp/f && chown 1 /tmp/f && stat -c %u /tmp/f'
check_eq "alice with ambient CHOWN: chown to another user works" "0 1" "$status $stdout"

# The same sets in a process that joins the container, and in init itself.
nsinit_bg --root "$D" --rootfs "$D" exec -- sleep 3600
BG=$NSINIT_PID
if wait_for 30 test -s "$D/pid"; then
    init=$(cat "$D/pid")
    run nsexec "$D" sh -c "id -u; $capsets_cmd"
    check_eq "alice, ambient = capabilities: a joined process has the same sets" \
        "1000
$(want_caps "$m2" "$m2" "$m2" "$m2" "$m2")" "$stdout"
    check_eq "alice, ambient = capabilities: init (seen from the host) has them too" \
        "$(want_caps "$m2" "$m2" "$m2" "$m2" "$m2")" \
        "$(awk '$1 ~ /^Cap(Inh|Prm|Eff|Bnd|Amb):$/ { printf "%s%s %s", s, $1, $2; s = "|" }' \
            "/proc/$init/status")"
    run nsinit --root "$D" kill KILL
    wait "$BG"
else
    not_ok "alice, ambient: the container for the join started" "no pid file"
fi
check_clean "$A1" "alice, ambient = capabilities: nothing left behind"

# Ambient a subset: the rest stays bounded and inheritable only.
set3=(CHOWN KILL SETUID SYS_PTRACE)
m3=$(capmask "${set3[@]}")
a3=$(capmask CHOWN SYS_PTRACE)
newc '"user": "1000:1000"' "\"capabilities\": $(json_list "${set3[@]}")" \
    '"ambient_capabilities": ["CAP_CHOWN", "SYS_PTRACE"]'
run nsexec "$D" sh -c "$capsets_cmd"
check_eq "alice, ambient a subset: permitted, effective and ambient are the subset" \
    "$(want_caps "$m3" "$a3" "$a3" "$m3" "$a3")" "$stdout"
check_clean "$D" "alice, ambient a subset: nothing left behind"

# No ambient capabilities: a non-root user ends with none in effect.
newc '"user": "alice"' "\"capabilities\": $(json_list "${set3[@]}")"
run nsexec "$D" sh -c "$capsets_cmd"
check_eq "alice without ambient: nothing permitted, effective or ambient" \
    "$(want_caps "$m3" "$ZERO" "$ZERO" "$m3" "$ZERO")" "$stdout"
run nsexec "$D" sh -c 'touch /tmp/f && chown 1 /tmp/f'
check_match "alice without ambient: chown refused" "^[1-9][0-9]* .*not permitted" \
    "$status $stderr"
check_clean "$D" "alice without ambient: nothing left behind"

# ---- no_new_privileges ---------------------------------------------------------------------
nnp() { nsexec "$1" awk '$1 == "NoNewPrivs:" { print $2 }' /proc/self/status; }
newc '"no_new_privileges": true' '"capabilities": ["CHOWN"]'
run nnp "$D"
check_eq "no_new_privileges: NoNewPrivs 1 (root)" "0 1" "$status $stdout"
check_clean "$D" "no_new_privileges, root: nothing left behind"
newc '"no_new_privileges": true' '"user": "alice"'
run nnp "$D"
check_eq "no_new_privileges: NoNewPrivs 1 (alice)" "0 1" "$status $stdout"
nsinit_bg --root "$D" --rootfs "$D" exec -- sleep 3600
BG=$NSINIT_PID
if wait_for 30 test -s "$D/pid"; then
    run nnp "$D"
    check_eq "no_new_privileges: NoNewPrivs 1 in a joined process" "0 1" "$status $stdout"
    nsinit --root "$D" kill KILL
    wait "$BG"
else
    not_ok "no_new_privileges: the container for the join started" "no pid file"
fi
check_clean "$D" "no_new_privileges, alice: nothing left behind"
newc '"no_new_privileges": false'
run nnp "$D"
check_eq "no_new_privileges false: NoNewPrivs 0" "0 0" "$status $stdout"
check_clean "$D" "no_new_privileges false: nothing left behind"
newc '"user": "alice"'
run nnp "$D"
check_eq "no_new_privileges unset: NoNewPrivs 0" "0 0" "$status $stdout"
check_clean "$D" "no_new_privileges unset: nothing left behind"

# A setuid-root program run by alice: euid 0 and the bounding set without no_new_privileges,
# nothing at all with it. (busybox drops a setuid bit by itself: a small static program.)
HELPER=$TESTTMP/sechelper
if "${CC:-cc}" -static -O2 -o "$HELPER" "$SRCDIR/tests/fixtures/sechelper.c" 2>"$TESTTMP/cc.err"; then
    msu=$(capmask CHOWN KILL SETUID SETGID)
    for nnp_value in false true; do
        newc '"user": "alice"' '"capabilities": ["CHOWN", "KILL", "SETUID", "SETGID"]' \
            "\"no_new_privileges\": $nnp_value"
        install -o 0 -g 0 -m 4755 "$HELPER" "$D/bin/suid-ids"
        run nsexec "$D" /bin/suid-ids ids
        if [ "$nnp_value" = false ]; then
            check_eq "setuid-root program without no_new_privileges: euid 0, the kept set" \
                "0 uid 1000 0 0 0 cap $msu" "$status $stdout"
        else
            check_eq "setuid-root program under no_new_privileges: gains nothing" \
                "0 uid 1000 1000 1000 1000 cap $ZERO" "$status $stdout"
        fi
        check_clean "$D" "setuid-root program (no_new_privileges $nnp_value): nothing left behind"
    done
else
    echo "# setuid checks not run: no static C compiler ($(head -n 1 "$TESTTMP/cc.err"))"
fi

# ---- rlimits ---------------------------------------------------------------------------------
newc '"rlimits": [
        {"type": "RLIMIT_NOFILE", "hard": 300, "soft": 200},
        {"type": "nproc", "hard": 5000, "soft": 4000},
        {"type": 4, "hard": 0, "soft": 0},
        {"type": "RLIMIT_STACK", "hard": 16777216, "soft": 8388608}
    ]' '"user": "alice"'
run nsexec "$D" sh -c 'grep -E "^Max (open files|processes|core file size|stack size) " /proc/self/limits; ulimit -n'
# /proc/self/limits lists stack, core, processes, open files in this order; ulimit -n last.
check_eq "rlimits by name, short name and number: /proc/self/limits and ulimit -n" \
    "8388608 16777216|0 0|4000 5000|200 300|200" \
    "$(awk '/^Max/ { print $(NF-2), $(NF-1); next } { print }' <<<"$stdout" | paste -sd '|')"
run nsexec "$D" sh -c 'ulimit -n 400'
check_match "rlimits: the hard limit cannot be raised from inside" "^[1-9]" "$status"
check_clean "$D" "rlimits: nothing left behind"

# ---- oom_score_adj -----------------------------------------------------------------------
host_oom=$(cat /proc/self/oom_score_adj)
newc '"oom_score_adj": 500' '"user": "alice"'
run nsexec "$D" cat /proc/self/oom_score_adj
check_eq "oom_score_adj 500 (alice)" "0 500" "$status $stdout"
check_clean "$D" "oom_score_adj 500: nothing left behind"
# Below 0 needs CAP_SYS_RESOURCE, which nsinit may not hold here.
if (((HOST_BND >> 24) & 1)); then
    newc '"oom_score_adj": -300'
    run nsexec "$D" cat /proc/self/oom_score_adj
    check_eq "oom_score_adj -300 (root)" "0 -300" "$status $stdout"
    check_clean "$D" "oom_score_adj -300: nothing left behind"
else
    newc '"oom_score_adj": -300'
    run nsexec "$D" cat /proc/self/oom_score_adj
    check_match "oom_score_adj -300 without CAP_SYS_RESOURCE: 125 naming the key" \
        "^125 nsinit: [^
]*oom_score_adj[^
]*$" "$status $stdout$stderr"
    check_clean "$D" "oom_score_adj -300 refused: nothing left behind"
fi
check_eq "oom_score_adj: the caller's own is unchanged" "$host_oom" "$(cat /proc/self/oom_score_adj)"

# ---- system_properties: namespaced sysctls --------------------------------------------------
host_fwd=$(cat /proc/sys/net/ipv4/ip_forward)
want_fwd=$((1 - host_fwd))
host_msgmax=$(cat /proc/sys/kernel/msgmax)
want_msgmax=$((host_msgmax - 1234))
host_shmmni=$(cat /proc/sys/kernel/shmmni)
newc "\"system_properties\": {\"net.ipv4.ip_forward\": \"$want_fwd\",
        \"kernel.msgmax\": \"$want_msgmax\", \"kernel.shmmni\": \"1000\"}"
run nsexec "$D" cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/msgmax /proc/sys/kernel/shmmni
check_eq "system_properties: net.ipv4.ip_forward, kernel.msgmax, kernel.shmmni inside" \
    "0 $want_fwd $want_msgmax 1000" "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
check_eq "system_properties: the host's values are unchanged" \
    "$host_fwd $host_msgmax $host_shmmni" \
    "$(cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/msgmax /proc/sys/kernel/shmmni | paste -sd ' ')"
check_clean "$D" "system_properties: nothing left behind"

# ---- additional_groups ----------------------------------------------------------------------
newc '"user": "daemon"' '"additional_groups": ["users", 65534, "5"]'
run nsexec "$D" sh -c 'grep -E "^(Gid|Groups):" /proc/self/status'
check_eq "additional_groups by name and number: daemon's own groups plus these" \
    "Gid: 1 1 1 1|Groups: 1 5 10 100 65534" \
    "$(awk '$1 == "Gid:" { $1 = $1; print }' <<<"$stdout")|Groups: $(awk '$1 == "Groups:" {
        for (i = 2; i <= NF; i++) print $i }' <<<"$stdout" | sort -n | paste -sd ' ')"
check_clean "$D" "additional_groups: nothing left behind"

# ---- parent_death_signal -----------------------------------------------------------------
# nsinit killed with SIGKILL: init gets the configured signal (its default is SIGKILL, so the
# test asks for one that init catches and reports in a file of the rootfs).
for case in '"SIGUSR1" root USR1' '12 alice USR2' '"USR1" alice USR1'; do
    read -r sig user want <<<"$case"
    newc "\"parent_death_signal\": $sig" "\"user\": \"$user\""
    nsinit_bg --root "$D" --rootfs "$D" exec -- sh -c \
        'trap "echo USR1 >/tmp/sig; exit 0" USR1; trap "echo USR2 >/tmp/sig; exit 0" USR2
         echo up >/tmp/up; while :; do sleep 0.05; done'
    BG=$NSINIT_PID
    if wait_for 30 test -s "$D/tmp/up"; then
        init=$(cat "$D/pid" 2>/dev/null)
        kill -KILL "$BG"
        wait "$BG" 2>/dev/null
        wait_for 30 test -s "$D/tmp/sig"
        check_eq "parent_death_signal $sig ($user): init gets SIG$want when nsinit dies" "$want" \
            "$(cat "$D/tmp/sig" 2>/dev/null)"
        wait_for 30 sh -c "! kill -0 ${init:-0} 2>/dev/null" || kill -KILL "$init" 2>/dev/null
    else
        not_ok "parent_death_signal $sig ($user): the container started" "no /tmp/up"
    fi
    rm -rf "$D/pid" "$(nsinit_state "$D")"
    check_clean "$D" "parent_death_signal $sig: nothing left behind once init is gone"
done

# ---- bad values: 125, one line naming the key, nothing left behind ----------------------------
# refused WHAT REGEX MEMBER...: a container with these members must fail that way.
refused()
{
    local what=$1 re=$2
    shift 2
    newc "$@"
    run nsexec "$D" sh -c 'echo ran'
    check_eq "$what: exit 125" "125" "$status"
    check_match "$what: one line: $re" "^nsinit: [^
]*${re}[^
]*$" "$stderr"
    check_eq "$what: the command did not run" "" "$stdout"
    check_clean "$D" "$what: nothing left behind"
}
refused "unknown capability" "capabilities\[1\]: unknown capability CAP_FLY" \
    '"capabilities": ["CHOWN", "CAP_FLY"]'
refused "ambient capability outside the kept set" "ambient_capabilities\[0\]: .*KILL.*not in capabilities" \
    '"user": "alice"' '"capabilities": ["CHOWN"]' '"ambient_capabilities": ["KILL"]'
refused "unknown ambient capability" "ambient_capabilities\[0\]: unknown capability" \
    '"user": "alice"' '"capabilities": ["CHOWN"]' '"ambient_capabilities": ["FLY"]'
host_swap=$(cat /proc/sys/vm/swappiness)
new_swap=$(((host_swap + 7) % 100))
at_exit sh -c "[ \"\$(cat /proc/sys/vm/swappiness)\" = $host_swap ] || echo $host_swap >/proc/sys/vm/swappiness"
refused "non-namespaced sysctl" "system_properties\.vm\.swappiness: not a namespaced sysctl" \
    '"system_properties": {"vm.swappiness": "10"}'
check_eq "non-namespaced sysctl: the host's vm.swappiness unchanged" "$host_swap" \
    "$(cat /proc/sys/vm/swappiness)"
# A namespaced prefix climbing to another sysctl (harmless if it got through: put back at exit).
refused "sysctl key climbing out of net/" "system_properties\.net/\.\./vm/swappiness: " \
    "\"system_properties\": {\"net/../vm/swappiness\": \"$new_swap\"}"
refused "sysctl key with empty components" "system_properties\.net\.ipv4\.\.\.\.vm\.swappiness: " \
    "\"system_properties\": {\"net.ipv4....vm.swappiness\": \"$new_swap\"}"
check_eq "sysctl keys climbing out: the host's vm.swappiness unchanged" "$host_swap" \
    "$(cat /proc/sys/vm/swappiness)"
# Namespaced, but not by a namespace this container creates: it would change the host.
N=$((N + 1))
D=$TESTTMP/c$N
mkcontainer "$D" '{
    "environment": ["PATH=/bin"],
    "namespaces": {"NEWNS": true, "NEWPID": true},
    "system_properties": {"net.ipv4.ip_forward": "'"$want_fwd"'"}
}'
run nsexec "$D" sh -c 'echo ran'
check_match "net.* sysctl without NEWNET: 125 naming the key" \
    "^125 nsinit: [^
]*system_properties\.net\.ipv4\.ip_forward: [^
]*NEWNET[^
]*$" "$status $stderr"
check_eq "net.* sysctl without NEWNET: the host's value unchanged" "$host_fwd" \
    "$(cat /proc/sys/net/ipv4/ip_forward)"
check_clean "$D" "net.* sysctl without NEWNET: nothing left behind"
refused "kernel.shm* sysctl without NEWIPC" "system_properties\.kernel\.shmmni: [^ ]*.*NEWIPC" \
    '"namespaces": {"NEWNS": true, "NEWPID": true, "NEWUTS": true}' \
    '"system_properties": {"kernel.shmmni": "1000"}'
refused "unknown rlimit" "rlimits\[0\]\.type: unknown rlimit RLIMIT_FLY" \
    '"rlimits": [{"type": "RLIMIT_FLY", "hard": 1, "soft": 1}]'
refused "rlimit soft above hard" "rlimits\[0\]\.soft: greater than hard" \
    '"rlimits": [{"type": "nofile", "hard": 10, "soft": 20}]'
refused "oom_score_adj out of range" "oom_score_adj: out of range" '"oom_score_adj": 1001'
refused "unknown group" "additional_groups: nosuchgroup: no such group" \
    '"additional_groups": ["nosuchgroup"]'
refused "unknown parent_death_signal" "parent_death_signal: unknown signal SIGFLY" \
    '"parent_death_signal": "SIGFLY"'
# This machine runs neither AppArmor nor SELinux.
if [ -d /sys/kernel/security/apparmor ] || [ -e /sys/fs/selinux/enforce ]; then
    echo "# LSM label errors not checked: this host runs AppArmor or SELinux"
else
    refused "apparmor_profile without AppArmor" "apparmor_profile: .*AppArmor is not enabled" \
        '"apparmor_profile": "lc-test-profile"'
    refused "process_label without SELinux" "process_label: .*SELinux is not enabled" \
        '"process_label": "system_u:system_r:container_t:s0"'
    refused "mount_label without SELinux" "mount_label: .*SELinux is not enabled" \
        '"context": {"mount_label": "system_u:object_r:container_file_t:s0"}'
fi
refused "mount_label with a double quote" "context.mount_label: a double quote" \
    '"context": {"mount_label": "system_u:object_r:x\"s0"}'

