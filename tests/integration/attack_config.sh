#!/usr/bin/env bash
# Attacks the config checks with values that slipped through: a 5,000-character working_dir that
# was refused after making 128 nested directories in the rootfs; control characters (a newline)
# in a sysctl value, which is written to a kernel file; duplicate JSON keys (the last one won
# silently), at the top and nested, for exec and for nsinit config. Secure: each is refused with
# 125 and one line naming the key, and nothing is left behind: no new directory in the rootfs, no
# process. The cgroups object's values are in attack_cgroup_values.sh.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

# One container directory serves every case; each writes its own container.json.
C=$TESTTMP/c
mkcontainer "$C"
BASE=$(tree_of "$C")
# refused WHAT REGEX CGNAME MEMBER...: a container with these members (CONFIG instead, when it is
# set) is refused with 125 and one line matching REGEX; the command did not run, the rootfs is
# as it was, and no cgroup directory CGNAME (when not "") is left.
refused()
{
    local what=$1 re=$2 cg=$3 d=$C before
    shift 3
    printf '%s\n' "${CONFIG:-$(config_with "$@")}" >"$d/container.json"
    [ -z "$cg" ] || at_exit cg_remove_here "$cg"
    before=$BASE
    run nsexec "$d" sh -c 'echo ran'
    check_match "$what: refused with 125 and one line naming $re" "^125 nsinit: [^
]*(${re})[^
]*$" "$status $stderr${stdout:+ / ran: $stdout}"
    check_eq "$what: nothing created in the rootfs" "" \
        "$(diff <(echo "$before") <(tree_of "$d") | grep '^>' | head -n 3 | cut -c1-80 | tr '\n' ' ')"
    [ -z "$cg" ] || check_no_cgroup_here "$what: no cgroup directory $cg left" "$cg"
    check_clean "$d" "$what: nothing left behind"
    # what a case made is removed, for the next
    tree_reset "$d" "$BASE"
}

# ---- a working_dir that is too long ---------------------------------------------------------
parts=()
for _ in $(seq 130); do parts+=("dir-of-thirty-eight-characters-xxxxxx"); done
long=$(printf '/%s' "${parts[@]}")
echo "# working_dir of ${#long} characters, $(grep -o / <<<"$long" | wc -l) levels"
refused "working_dir of ${#long} characters" "working_dir" "" "\"working_dir\": \"$long\""

# ---- control characters in a sysctl value ---------------------------------------------------
refused "system_properties value with a newline" "shmmax|system_properties" "" \
    '"system_properties": {"kernel.shmmax": "100000000\n2"}'
refused "system_properties value with a carriage return" "shmmax|system_properties" "" \
    '"system_properties": {"kernel.shmmax": "100000000\r"}'

# ---- duplicate keys ----------------------------------------------------------------------------
CONFIG='{
    "hostname": "first",
    "hostname": "second",
    "environment": ["HOME=/", "PATH=/bin"],
    "namespaces": {"NEWNS": true, "NEWUTS": true, "NEWIPC": true, "NEWPID": true, "NEWNET": true}
}'
refused "duplicate key hostname" "hostname" ""
CONFIG='{
    "hostname": "test",
    "environment": ["HOME=/", "PATH=/bin"],
    "namespaces": {"NEWNS": true, "NEWUTS": true, "NEWIPC": true, "NEWPID": true, "NEWPID": false,
        "NEWNET": true}
}'
refused "duplicate key namespaces.NEWPID" "NEWPID" ""
CONFIG='{
    "hostname": "test",
    "environment": ["HOME=/", "PATH=/bin"],
    "namespaces": {"NEWNS": true, "NEWUTS": true, "NEWIPC": true, "NEWPID": true, "NEWNET": true},
    "capabilities": ["KILL"],
    "capabilities": ["SYS_ADMIN"]
}'
refused "duplicate key capabilities" "capabilities" ""
CONFIG=
# nsinit config reads the same way
echo '{"hostname": "first", "hostname": "second", "namespaces": {"NEWNS": true, "NEWUTS": true}}' \
    >"$C/container.json"
run nsinit --root "$C" config
check_match "nsinit config: a duplicate key hostname is refused with 125, naming it" "^125 nsinit: [^
]*hostname[^
]*$" "$status $stderr"

