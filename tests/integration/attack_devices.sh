#!/usr/bin/env bash
# Attacks host devices from a container that has no `cgroups` object: with CAP_MKNOD it makes
# nodes for the host's root disk, /dev/hwrng, /dev/tty1 and /dev/kvm (those the host has) and
# opens them; the shipped sample_configs/demo.json kept MKNOD. Secure: a device filter is always
# there, so each open (or the mknod itself) fails with EPERM, at start and in a join, while the
# nodes the container is given (the default set, or device_nodes) and its terminal still work.
# Nothing is ever written to a device: the nodes are only opened read-only (O_NOCTTY,
# O_NONBLOCK), and at most 4 bytes are read, from the disk only.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

HELPER=$TESTTMP/sechelper
"${CC:-cc}" -static -O2 -o "$HELPER" "$SRCDIR/tests/fixtures/sechelper.c" 2>"$TESTTMP/cc.err" ||
    skip "no static C compiler: $(head -n 1 "$TESTTMP/cc.err")"

# The host's devices to aim at: "NAME TYPE MAJOR MINOR BYTES", each only when the host has it
# and the host itself can open it (this test, with the same helper): the disk under / first,
# else another block device.
TARGETS=()
host_opens() { "$HELPER" open "$1" >/dev/null 2>&1; }
blocks=()
rootdev=$(findmnt -n -o MAJ:MIN -T / 2>/dev/null | head -n 1 | tr -d ' ')
if [ -n "$rootdev" ] && [ -e "/sys/dev/block/$rootdev" ]; then
    # the whole disk when / is on a partition
    if [ -e "/sys/dev/block/$rootdev/partition" ]; then
        blocks+=("$(cat "/sys/dev/block/$rootdev/../dev")")
    fi
    blocks+=("$rootdev")
fi
for b in /sys/class/block/*; do
    [ -e "$b/partition" ] || blocks+=("$(cat "$b/dev")")
done
for mm in "${blocks[@]}"; do
    node=$(find /dev -maxdepth 1 -type b 2>/dev/null | while read -r f; do
        [ "$(stat -c '%t:%T' "$f")" = "$(printf '%x:%x' "${mm%%:*}" "${mm##*:}")" ] && echo "$f" && break
    done)
    if [ -n "$node" ] && host_opens "$node"; then
        TARGETS+=("${node#/dev/} b ${mm%%:*} ${mm##*:} 4")
        break
    fi
done
for spec in "hwrng c 10 183 0" "tty1 c 4 1 0" "kvm c 10 232 0"; do
    read -r name _ maj min _ <<<"$spec"
    if [ -c "/dev/$name" ] && [ "$(stat -c '%t:%T' "/dev/$name")" = "$(printf '%x:%x' "$maj" "$min")" ] &&
        host_opens "/dev/$name"; then
        TARGETS+=("$spec")
    fi
done
[ ${#TARGETS[@]} -gt 0 ] || skip "none of the devices aimed at exists on this host"
echo "# aiming at: $(printf '%s; ' "${TARGETS[@]}")"

# What the container runs: for each target, mknod then open; one line each,
# "NAME: mknod: MESSAGE" or "NAME: ok", "NAME: ok read N", "NAME: errno E".
ATTACK='for t in "$@"; do
    set -- $t
    if err=$(mknod "/dev/atk-$1" "$2" "$3" "$4" 2>&1); then
        echo "$1: $(sechelper open "/dev/atk-$1" "$5")"
    else
        echo "$1: mknod: $err"
    fi
    rm -f "/dev/atk-$1"
done'
# refused_all WHAT: every line of $stdout says the device was refused with EPERM.
refused_all()
{
    local what=$1 bad
    bad=$(grep -v -E ': (errno 1|mknod: .*Operation not permitted)$' <<<"$stdout")
    if [ "$status" -eq 0 ] && [ "$(grep -c . <<<"$stdout")" -eq ${#TARGETS[@]} ] && [ -z "$bad" ]; then
        ok "$what"
    else
        not_ok "$what" "status $status" "$stdout" "$stderr"
    fi
}

MKNOD_CONFIG=$(config_with '"capabilities": ["MKNOD", "CHOWN", "DAC_OVERRIDE", "FOWNER"]')

# ---- no cgroups object, CAP_MKNOD: start ----------------------------------------------------
S=$TESTTMP/start
mkcontainer "$S" "$MKNOD_CONFIG"
cp "$HELPER" "$S/bin/sechelper"
run nsexec "$S" sh -c "$ATTACK" sh "${TARGETS[@]}"
refused_all "no cgroups, CAP_MKNOD: every host device made with mknod is refused (EPERM)"
run nsexec "$S" sh -c 'echo x >/dev/null && head -c 3 /dev/zero | wc -c && head -c 3 /dev/urandom | wc -c'
check_eq "no cgroups: the default nodes still work (null, zero, urandom)" "0 3 3" \
    "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
check_clean "$S" "no cgroups, start: nothing left behind"

# ---- the same, joined --------------------------------------------------------------------------
nsinit_bg --root "$S" --rootfs "$S" exec -- sleep 100
BG=$NSINIT_PID
if wait_for 10 test -s "$S/pid"; then
    run nsexec "$S" sh -c "$ATTACK" sh "${TARGETS[@]}"
    refused_all "no cgroups, CAP_MKNOD, a join: every host device made with mknod is refused (EPERM)"
    run nsexec "$S" sh -c 'echo x >/dev/null && head -c 3 /dev/zero | wc -c'
    check_eq "no cgroups, a join: /dev/null and /dev/zero still work" "0 3" \
        "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
    nsinit --root "$S" kill KILL
    wait "$BG"
else
    not_ok "no cgroups, join: the container started" "no pid file"
fi
check_clean "$S" "no cgroups, join: nothing left behind"

# ---- a terminal: still usable under the filter -------------------------------------------------
T=$TESTTMP/tty
mkcontainer "$T" "$(config_with '"capabilities": ["MKNOD"]' | sed 's/"tty": false/"tty": true/')"
cp "$HELPER" "$T/bin/sechelper"
run nsexec "$T" sh -c 'test -t 0 && test -t 1 && echo tty; echo hi >/dev/tty && echo devtty
    echo hi >/dev/console && echo console' </dev/null
check_eq "no cgroups, tty: the container's terminal, /dev/tty and /dev/console work" \
    "0 tty devtty console" "$status $(tr -d '\r' <<<"$stdout" | grep -xE 'tty|devtty|console' | tr '\n' ' ' | sed 's/ $//')"
run nsexec "$T" sh -c "$ATTACK" sh "${TARGETS[@]}" </dev/null
stdout=$(tr -d '\r' <<<"$stdout")
refused_all "no cgroups, tty: every host device made with mknod is refused (EPERM)"
check_clean "$T" "tty: nothing left behind"

# ---- device_nodes: the nodes given work, nothing else --------------------------------------
if [ -c /dev/hwrng ]; then
    G=$TESTTMP/given
    mkcontainer "$G" "$(config_with '"capabilities": ["MKNOD"]' '"mount_config": {"device_nodes": [
        {"type": "c", "path": "/dev/null", "major_number": 1, "minor_number": 3, "file_mode": 438},
        {"type": "c", "path": "/dev/hwrng", "major_number": 10, "minor_number": 183,
         "file_mode": 384}]}')"
    cp "$HELPER" "$G/bin/sechelper"
    run nsexec "$G" sh -c 'sechelper open /dev/hwrng; echo x >/dev/null && echo null'
    check_eq "device_nodes: the node given (/dev/hwrng) opens, /dev/null works" "0 ok null" \
        "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
    others=()
    for t in "${TARGETS[@]}"; do
        [[ $t == hwrng* ]] || others+=("$t")
    done
    if [ ${#others[@]} -gt 0 ]; then
        TARGETS_ALL=("${TARGETS[@]}")
        TARGETS=("${others[@]}")
        run nsexec "$G" sh -c "$ATTACK" sh "${TARGETS[@]}"
        refused_all "device_nodes: a device not given is refused (EPERM)"
        TARGETS=("${TARGETS_ALL[@]}")
    fi
    check_clean "$G" "device_nodes: nothing left behind"
fi

# ---- with a cgroups object (a filter already) ------------------------------------------------
if [ -n "$(cg_v1_mount devices)$(cg_v2_mount)" ]; then
    CGN=atkdev$$
    at_exit cg_remove_here "$CGN"
    C=$TESTTMP/cgroup
    mkcontainer "$C" "$(config_with '"capabilities": ["MKNOD"]' '"cgroups": {"name": "'"$CGN"'"}')"
    cp "$HELPER" "$C/bin/sechelper"
    run nsexec "$C" sh -c "$ATTACK" sh "${TARGETS[@]}"
    refused_all "a cgroups object, CAP_MKNOD: every host device made with mknod is refused (EPERM)"
    check_clean "$C" "cgroups: nothing left behind"
    check_no_cgroup_here "cgroups: no cgroup directory $CGN left" "$CGN"
fi

# ---- the shipped demo ------------------------------------------------------------------------
DEMO=$SRCDIR/sample_configs/demo.json
check_eq "sample_configs/demo.json does not keep MKNOD" "" "$(grep -o '"MKNOD"' "$DEMO")"
D=$TESTTMP/demo
mkcontainer "$D" "$DEMO"
cp "$HELPER" "$D/bin/sechelper"
run nsexec "$D" sh -c "$ATTACK" sh "${TARGETS[@]}" </dev/null
stdout=$(tr -d '\r' <<<"$stdout")
refused_all "demo.json: no host device can be made and opened"
check_clean "$D" "demo.json: nothing left behind"
