#!/usr/bin/env bash
# Device control of the cgroups object (v1 devices rules and the v2 device program together):
# an allowed node opens; a node made with mknod inside, where the rules allow mknod on every
# device (as the seed's minimal.json does) but not reading or writing it, fails to open with
# EPERM; a read-only rule allows reading only; without allowed_devices only the default set may
# be used or made; allow_all_devices lets everything open. Joined processes are held to the
# same rules. No cgroup directory of the container is left afterwards.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root
[ -n "$(cg_mounts)" ] || skip "no cgroup hierarchy mounted"

P=lct$$-dev
at_exit cg_remove "$P-rules" "$P-default" "$P-all"
EPERM="Operation not permitted"

# devconfig CGROUPS: a config with CAP_MKNOD (root inside, no other capability) and this
# cgroups object.
devconfig()
{
    config_with '"capabilities": ["MKNOD"]' "\"cgroups\": $1"
}

# inside DIR SHELL-CODE: runs sh -c SHELL-CODE in a new container of DIR (or joins its live one).
inside() { run nsexec "$1" sh -c "$2"; }

# The devices cgroup of the container, from the host: its devices.list (v1).
devices_list()
{
    local d
    d=$(cg_dir "$1" devices) && cat "$d/devices.list"
}

# ---- rules like the seed's: mknod of anything, rw of a few ------------------------------------
D=$TESTTMP/rules
mkcontainer "$D" "$(devconfig '{"name": "'"$P-rules"'", "allowed_devices": [
        {"type": 99, "major_number": -1, "minor_number": -1, "cgroup_permissions": "m"},
        {"type": 98, "major_number": -1, "minor_number": -1, "cgroup_permissions": "m"},
        {"type": 99, "major_number": 1, "minor_number": 3, "cgroup_permissions": "rwm"},
        {"type": "c", "major_number": 1, "minor_number": 5, "cgroup_permissions": "r"},
        {"type": 98, "major_number": 1, "minor_number": 7, "cgroup_permissions": "rwm"}
    ]}')"
inside "$D" 'echo data >/dev/null && cat /dev/null && echo null-ok'
check_eq "rules: an allowed node (/dev/null) opens for writing and reading" "0 null-ok " \
    "$status $stdout $stderr"
inside "$D" 'mknod /tmp/n c 1 3 && echo data >/tmp/n && cat /tmp/n && echo made-null-ok'
check_eq "rules: an allowed device made inside (c 1:3) opens" "0 made-null-ok " \
    "$status $stdout $stderr"
inside "$D" 'head -c 4 /dev/zero | wc -c'
check_eq "rules: a read-only rule (c 1:5 r): reading works" "0 4" "$status $(tr -d ' ' <<<"$stdout")"
inside "$D" 'echo x >/dev/zero'
check_match "rules: a read-only rule: opening for writing fails with EPERM" \
    "^[1-9][0-9]* .*can't create /dev/zero: $EPERM" "$status $stderr"
inside "$D" 'mknod /tmp/full c 1 7 && echo made'
check_eq "rules: mknod of a device allowed only 'm' works" "0 made" "$status $stdout"
inside "$D" 'mknod /tmp/full2 c 1 7 && cat /tmp/full2'
check_match "rules: that node fails to open for reading with EPERM" \
    "^[1-9][0-9]* cat: can't open '/tmp/full2': $EPERM$" "$status $stderr"
inside "$D" 'mknod /tmp/full3 c 1 7 && echo x >/tmp/full3'
check_match "rules: and for writing" "^[1-9][0-9]* .*can't create /tmp/full3: $EPERM$" \
    "$status $stderr"
inside "$D" 'cat /dev/full'
check_match "rules: the runtime's own /dev/full node, not allowed, fails with EPERM (a b 1:7 rule does not allow c 1:7)" \
    "^[1-9][0-9]* cat: can't open '/dev/full': $EPERM$" "$status $stderr"

nsinit_bg --root "$D" --rootfs "$D" exec -- sleep 3600 >/dev/null 2>&1
BG=$NSINIT_PID
if wait_for 30 test -s "$D/pid"; then
    INIT=$(cat "$D/pid")
    if list=$(devices_list "$INIT"); then
        check_eq "rules: the host's devices.list holds the rules" "b *:* m
b 1:7 rwm
c *:* m
c 1:3 rwm
c 1:5 r" "$(sort <<<"$list")"
    fi
    inside "$D" 'cat /dev/full'
    check_match "rules: a joined process is held to them (EPERM)" \
        "^[1-9][0-9]* cat: can't open '/dev/full': $EPERM$" "$status $stderr"
    inside "$D" 'echo x >/dev/null && echo ok'
    check_eq "rules: a joined process opens an allowed node" "0 ok" "$status $stdout"
    nsinit --root "$D" kill KILL >/dev/null 2>&1
else
    not_ok "rules: the container started"
fi
wait "$BG"
check_no_cgroup "$P-rules" "rules: no cgroup directory left"
check_clean "$D" "rules: nothing left behind"

# ---- no allowed_devices: the default set ---------------------------------------------------------
E=$TESTTMP/default
mkcontainer "$E" "$(devconfig '{"name": "'"$P-default"'"}')"
inside "$E" 'for d in null zero full random urandom; do head -c 1 /dev/$d >/dev/null && echo x >/dev/$d 2>/dev/null; echo "$d $?"; done'
check_eq "default: null zero full random urandom open" "0 null 0,zero 0,full 1,random 0,urandom 0" \
    "$status $(paste -sd, <<<"$stdout")"
# (writing /dev/full opens it and then fails with ENOSPC: its 1 above)
inside "$E" 'echo x >/dev/full'
check_match "default: /dev/full opens for writing (the write fails with ENOSPC)" \
    "^[1-9][0-9]* .*No space left on device" "$status $stderr"
inside "$E" 'mknod /tmp/n c 1 3 && echo x >/tmp/n && echo ok'
check_eq "default: a node of the set made inside opens" "0 ok" "$status $stdout"
inside "$E" 'mknod /tmp/kmsg c 1 11'
check_match "default: mknod of a device outside the set fails with EPERM" \
    "^[1-9][0-9]* mknod: /tmp/kmsg: $EPERM$" "$status $stderr"
inside "$E" 'mknod /tmp/sda b 8 0'
check_match "default: mknod of a block device fails with EPERM" \
    "^[1-9][0-9]* mknod: /tmp/sda: $EPERM$" "$status $stderr"
check_no_cgroup "$P-default" "default: no cgroup directory left"
check_clean "$E" "default: nothing left behind"

# ---- allow_all_devices --------------------------------------------------------------------------
A=$TESTTMP/all
mkcontainer "$A" "$(devconfig '{"name": "'"$P-all"'", "allow_all_devices": true}')"
inside "$A" 'mknod /tmp/full c 1 7 && head -c 3 /tmp/full | wc -c'
check_eq "allow_all_devices: the node made inside opens for reading" "0 3" \
    "$status $(tr -d ' ' <<<"$stdout")"
inside "$A" 'mknod /tmp/full2 c 1 7 && echo x >/tmp/full2'
check_match "allow_all_devices: and for writing (the write fails with ENOSPC)" \
    "^[1-9][0-9]* .*No space left on device" "$status $stderr"
inside "$A" 'mknod /tmp/kmsg c 1 11 && mknod /tmp/sda b 8 0 && echo made'
check_eq "allow_all_devices: any device can be made" "0 made" "$status $stdout"
nsinit_bg --root "$A" --rootfs "$A" exec -- sleep 3600 >/dev/null 2>&1
BG=$NSINIT_PID
if wait_for 30 test -s "$A/pid"; then
    if list=$(devices_list "$(cat "$A/pid")"); then
        check_eq "allow_all_devices: the host's devices.list allows everything" "a *:* rwm" "$list"
    fi
    nsinit --root "$A" kill KILL >/dev/null 2>&1
else
    not_ok "allow_all_devices: the container started"
fi
wait "$BG"
check_no_cgroup "$P-all" "allow_all_devices: no cgroup directory left"
check_clean "$A" "allow_all_devices: nothing left behind"
