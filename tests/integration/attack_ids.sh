#!/usr/bin/env bash
# Attacks identity and device handling with values past their range: a uid or gid of 4294967296
# (which wraps to 0, root) or 4294967295 (which setresuid takes as "unchanged": root stays), from
# the image's /etc/passwd and /etc/group, from `user` and from `additional_groups`; device_nodes
# under a user namespace, where the fallback binds a host path: an entry naming a regular host
# file (which it bound read-write, after unlinking the image's own file at that path) or a host
# node of another major:minor than the one configured; and `exec ""`. Secure: each is refused
# with 125 and one line naming the key or file, the command never runs, the host file and the
# image's file are untouched, and nothing is left behind.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

# One container directory serves the id cases: its /etc/passwd and /etc/group are restored and
# its container.json written for each.
C=$TESTTMP/c
mkcontainer "$C"
N=0
# refused WHAT REGEX SETUP MEMBER...: a container with these members, its image changed by SETUP
# (run in the container directory), runs `id`; it must be refused with 125 and one line
# matching REGEX, and leave nothing behind.
refused()
{
    local what=$1 re=$2 setup=$3 d=$C
    shift 3
    cp "$ROOTFS/etc/passwd" "$ROOTFS/etc/group" "$d/etc/"
    config_with "$@" >"$d/container.json"
    [ -z "$setup" ] || (cd "$d" && eval "$setup")
    run nsexec "$d" sh -c 'echo "ran as $(id -u):$(id -g) groups $(id -G)"'
    check_match "$what: refused with 125 and one line matching: $re" "^125 nsinit: [^
]*(${re})[^
]*$" "$status $stderr${stdout:+ / ran: $stdout}"
    check_clean "$d" "$what: nothing left behind"
}

BIG=4294967296
MINUS1=4294967295
refused "/etc/passwd uid $BIG" "user|passwd" \
    "echo 'big:x:$BIG:1000::/:/bin/sh' >>etc/passwd" '"user": "big"'
refused "/etc/passwd gid $BIG" "user|passwd" \
    "echo 'big:x:1000:$BIG::/:/bin/sh' >>etc/passwd" '"user": "big"'
refused "/etc/passwd uid $MINUS1 (-1)" "user|passwd" \
    "echo 'minus:x:$MINUS1:1000::/:/bin/sh' >>etc/passwd" '"user": "minus"'
refused "/etc/passwd gid $MINUS1 (-1)" "user|passwd" \
    "echo 'minus:x:1000:$MINUS1::/:/bin/sh' >>etc/passwd" '"user": "minus"'
refused "/etc/group gid $BIG for user:group" "user|group" \
    "echo 'biggrp:x:$BIG:' >>etc/group" '"user": "alice:biggrp"'
refused "/etc/group gid $BIG among the user's groups" "user|group" \
    "echo 'biggrp:x:$BIG:alice' >>etc/group" '"user": "alice"'
refused "user $BIG" "user" "" "\"user\": \"$BIG\""
refused "user $MINUS1" "user" "" "\"user\": \"$MINUS1\""
refused "user 1000:$BIG" "user" "" "\"user\": \"1000:$BIG\""
refused "user 1000:$MINUS1" "user" "" "\"user\": \"1000:$MINUS1\""
refused "user with a uid of 20 digits" "user" "" '"user": "18446744073709551616"'
refused "additional_groups [$BIG]" "additional_groups" "" "\"additional_groups\": [\"$BIG\"]"
refused "additional_groups [$MINUS1]" "additional_groups" "" "\"additional_groups\": [\"$MINUS1\"]"
refused "additional_groups naming a group of gid $BIG" "additional_groups|group" \
    "echo 'biggrp:x:$BIG:' >>etc/group" '"additional_groups": ["biggrp"]'

# The largest valid ids still work (the control).
d=$C
cp "$ROOTFS/etc/passwd" "$ROOTFS/etc/group" "$d/etc/"
config_with '"user": "4294967294:4294967294"' '"additional_groups": ["4294967294"]' >"$d/container.json"
run nsexec "$d" sh -c 'echo "$(id -u):$(id -g)"'
check_eq "user 4294967294:4294967294 (the largest id) runs" "0 4294967294:4294967294" "$status $stdout"
check_clean "$d" "the largest id: nothing left behind"

# ---- device_nodes under a user namespace ---------------------------------------------------
if [ -e /proc/self/ns/user ]; then
    USERNS='"namespaces": {"NEWUSER": true, "NEWNS": true, "NEWUTS": true, "NEWIPC": true,
        "NEWPID": true, "NEWNET": true}'
    userns_config()
    {
        local m json='{
    "hostname": "userns",
    "environment": ["PATH=/bin", "HOME=/"],
    '"$USERNS"
        for m in "$@"; do
            json+=$',\n    '"$m"
        done
        printf '%s\n}\n' "$json"
    }
    # A host file at an absolute path, which the image also has, with its own content.
    HOSTF=$TESTTMP/hostdir/secret
    mkdir -p "$(dirname "$HOSTF")"
    echo "host-secret-$$" >"$HOSTF"
    host_sum=$(cksum <"$HOSTF")
    N=$((N + 1))
    d=$TESTTMP/c$N
    mkcontainer "$d" "$(userns_config '"mount_config": {"device_nodes": [
        {"type": "c", "path": "/dev/null", "major_number": 1, "minor_number": 3, "file_mode": 438},
        {"type": "c", "path": "'"$HOSTF"'", "major_number": 1, "minor_number": 3, "file_mode": 438}]}')"
    mkdir -p "$d$(dirname "$HOSTF")"
    echo "image-file" >"$d$HOSTF"
    run nsexec "$d" sh -c 'cat "$1"; echo written-from-inside >>"$1"; echo ran' sh "$HOSTF"
    check_eq "user namespace, device_nodes naming a host regular file: the host file is not reached" \
        "no" "$([[ $stdout == *host-secret* ]] && echo "yes: $stdout" || echo no)"
    check_eq "user namespace, device_nodes naming a host regular file: the host file is unchanged" \
        "$host_sum" "$(cksum <"$HOSTF")"
    check_match "user namespace, device_nodes naming a host regular file: refused with 125, naming the path" \
        "^125 nsinit: [^
]*${HOSTF}[^
]*$" "$status $stderr"
    check_eq "user namespace, device_nodes: the image's own file at that path is kept" "image-file" \
        "$(cat "$d$HOSTF" 2>&1)"
    check_clean "$d" "user namespace, device_nodes naming a host file: nothing left behind"

    # A node of the host, but not the one configured: /dev/zero is 1:5, the entry says 1:3.
    N=$((N + 1))
    d=$TESTTMP/c$N
    mkcontainer "$d" "$(userns_config '"mount_config": {"device_nodes": [
        {"type": "c", "path": "/dev/null", "major_number": 1, "minor_number": 3, "file_mode": 438},
        {"type": "c", "path": "/dev/zero", "major_number": 1, "minor_number": 3, "file_mode": 438}]}')"
    run nsexec "$d" sh -c 'stat -c %t:%T /dev/zero'
    check_match "user namespace, device_nodes /dev/zero declared 1:3 (the host's is 1:5): refused with 125, naming /dev/zero" \
        "^125 nsinit: [^
]*/dev/zero[^
]*$" "$status $stderr${stdout:+ / ran: $stdout}"
    check_clean "$d" "user namespace, a mismatched node: nothing left behind"

    # The control: the default nodes, bound from the host's, work.
    N=$((N + 1))
    d=$TESTTMP/c$N
    mkcontainer "$d" "$(userns_config)"
    run nsexec "$d" sh -c 'echo x >/dev/null && head -c 3 /dev/zero | wc -c && stat -c %t:%T /dev/null'
    check_eq "user namespace: the default nodes work" "0 3 1:3" "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
    check_clean "$d" "user namespace, the default nodes: nothing left behind"
fi

# ---- exec "" -----------------------------------------------------------------------------------
d=$C
config_with >"$d/container.json"
run nsinit --root "$d" --rootfs "$d" exec ""
check_match 'exec "": a usage error, 125 and one line' "^125 nsinit: [^
]*$" "$status $stderr"
run nsinit --root "$d" --rootfs "$d" exec -- ""
check_match 'exec -- "": a usage error, 125 and one line' "^125 nsinit: [^
]*$" "$status $stderr"
check_clean "$d" 'exec "": nothing left behind'
