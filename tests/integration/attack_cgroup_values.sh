#!/usr/bin/env bash
# Attacks the checks of the cgroups object with values that slipped through: cgroups.parent with
# ./ (and //) that left directories in every hierarchy; control characters (a newline, a tab) in
# cpuset_cpus and cpuset_mems, which are written to kernel files; an unknown freezer state; a
# memory limit too low to start, which was reported as a broken connection or a kill. Secure:
# each is refused with 125 and one line naming the key (or, for cgroups.parent, normalised), and
# nothing is left behind: no cgroup directory, no new directory in the rootfs, no process.
# The other config values are in attack_config.sh.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root
[ -n "$(cg_v1_mount memory)$(cg_v2_mount)" ] || skip "no cgroup hierarchy mounted"
have_cgroups=$([ -n "$(cg_v1_mount memory)$(cg_v2_mount)" ] && echo yes)

# One container directory serves every case; each writes its own container.json.
C=$TESTTMP/c
mkcontainer "$C"
BASE=$(tree_of "$C")
N=0
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

# ---- cgroups.parent with ./ and // ---------------------------------------------------------
if [ -n "$have_cgroups" ]; then
    for parent in "atkp$$/./atkq$$" "atkp$$/." "./atkp$$/atkq$$" "atkp$$//atkq$$"; do
        N=$((N + 1))
        d=$C
        leaf=atkl$$-$N
        at_exit cg_remove_here "atkp$$" "$leaf"
        config_with '"cgroups": {"name": "'"$leaf"'", "parent": "'"$parent"'",
            "pids_limit": 64}' >"$d/container.json"
        run nsexec "$d" sh -c 'echo ran'
        check_match "cgroups.parent \"$parent\": runs (normalised) or is refused naming cgroups.parent" \
            "^(0 ran|125 nsinit: [^
]*cgroups\.parent[^
]*)$" "$status $stdout$stderr"
        check_no_cgroup_here "cgroups.parent \"$parent\": no cgroup directory left (atkp$$, $leaf)" \
            "atkp$$" "$leaf"
        cg_remove_here "atkp$$" "$leaf"
        check_clean "$d" "cgroups.parent \"$parent\": nothing left behind"
    done
fi

# ---- control characters in values written to cgroup files ---------------------------------
if [ -n "$have_cgroups" ]; then
    if [ -n "$(cg_v1_mount cpuset)" ] || grep -qw cpuset "$(cg_v2_mount)/cgroup.controllers" 2>/dev/null; then
        refused "cgroups.cpuset_cpus with a newline" "cpuset_cpus" "atkc$$-1" \
            '"cgroups": {"name": "'"atkc$$-1"'", "cpuset_cpus": "0\n0"}'
        refused "cgroups.cpuset_mems with a newline" "cpuset_mems" "atkc$$-2" \
            '"cgroups": {"name": "'"atkc$$-2"'", "cpuset_mems": "0\n0"}'
        refused "cgroups.cpuset_cpus with a tab" "cpuset_cpus" "atkc$$-3" \
            '"cgroups": {"name": "'"atkc$$-3"'", "cpuset_cpus": "0\t"}'
    fi
fi

# ---- an unknown freezer state --------------------------------------------------------------
if [ -n "$have_cgroups" ]; then
    refused "cgroups.freezer \"MELTED\"" "freezer" "atkf$$" \
        '"cgroups": {"name": "'"atkf$$"'", "freezer": "MELTED"}'
fi

# ---- a memory limit too low to start -------------------------------------------------------
if [ -n "$(cg_v1_mount memory)" ] || grep -qw memory "$(cg_v2_mount)/cgroup.controllers" 2>/dev/null; then
    refused "cgroups.memory 1" "memory" "atkm$$" '"cgroups": {"name": "'"atkm$$"'", "memory": 1}'
    check_eq "cgroups.memory 1: not reported as a broken connection or an unexplained kill" "" \
        "$(grep -E 'Connection reset|killed by signal' <<<"$stderr")"
fi
