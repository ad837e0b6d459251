#!/usr/bin/env bash
# Failure injection: every step of a start is made to fail, by the test build of nsinit
# ($NSINIT_HOOKS, LIBCONTAINER_TEST_FAIL=STEP) and by configs that break a real step (a bind
# source that does not exist, a mount the kernel refuses, a cgroup value the kernel refuses, a
# sysctl value it cannot take, a missing bridge, a gateway it cannot route to, a seccomp rule
# that blocks execve, a command that is not there). Each exits 125 (126 when the command cannot
# be executed, 127 when it is not found), prints one line naming the step, the path and the
# reason, and leaves nothing behind: no pid file, mount or process of the container, no cgroup
# directory, no veth in the namespace standing for the host.
# The config has cgroups, a veth on a bridge and a seccomp filter, so that every step has
# something to undo. The whole topology lives in a network namespace this test makes.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
hooks_setup rbf 10.96.0.1/24   # $H: the host namespace with br0; $CG: the cgroup name

CGROUPS='"cgroups": {"name": "'"$CG"'", "memory": 67108864}'
NETWORKS='"networks": [{"type": "loopback"},
        {"type": "veth", "bridge": "br0", "veth_prefix": "rbf", "address": "10.96.0.2/24",
         "gateway": "10.96.0.1"}]'
SECCOMP='"seccomp": {"default_action": "allow",
        "syscalls": [{"name": "sethostname", "action": "errno", "errno": 99}]}'

# one_line TEXT: TEXT is a single line (no newline in it, not empty).
one_line() { [ -n "$1" ] && [ "$(wc -l <<<"$1")" -eq 1 ]; }

# left_behind DIR: checks that nothing of the failed start is left, under WHAT.
left_behind()
{
    local dir=$1 what=$2
    check_no_cgroup "$CG" "$what: no cgroup directory left"
    check_no_veth "$H" "$what: no veth left in the host's namespace"
    check_clean "$dir" "$what: nothing left behind"
}

# ---- the test hooks: each step fails ---------------------------------------------------------
F=$TESTTMP/hooks
mkcontainer "$F" "$(config_with "$CGROUPS" "$NETWORKS" "$SECCOMP")"
# hook step, the step nsinit's line names, the exit status
for entry in cgroups:cgroups:125 clone:clone:125 veth:network:125 mounts:mount:125 \
    pivot_root:pivot_root:125 capset:capabilities:125 seccomp:seccomp:125 exec:exec:126 \
    running:start:125; do
    IFS=: read -r step name want <<<"$entry"
    LIBCONTAINER_TEST_FAIL=$step NSINIT=$NSINIT_HOOKS run nsinit_in "$H" --root "$F" --rootfs "$F" \
        exec -- sh -c 'echo ran >/dev/null'
    check_eq "fail at $step: exit $want" "$want" "$status" || echo "#   stderr: $stderr"
    if one_line "$stderr"; then
        check_match "fail at $step: one line naming the step ($name)" \
            "^nsinit: $name: (.*: )?injected failure$" "$stderr"
    else
        not_ok "fail at $step: one line on stderr" "$stderr"
    fi
    left_behind "$F" "fail at $step"
done
# the same directory still works
run nsinit_in "$H" --root "$F" --rootfs "$F" exec -- sh -c 'hostname x 2>&1; echo works'
check_eq "after the injected failures a plain run works" \
    "0 hostname: sethostname: Cannot assign requested address
works" "$status $stdout"
left_behind "$F" "after the injected failures"

# ---- real failures, made by the config -------------------------------------------------------
# fails NAME WANT_STATUS LINE_REGEX CMD MEMBER...: a container with cgroups, the veth network
# and MEMBERs (replacing the defaults of the same key) fails to run CMD (a string for sh -c, or
# "exec:PATH" to run PATH directly) with WANT_STATUS and one line matching LINE_REGEX.
n=0
fails()
{
    local name=$1 want=$2 line=$3 cmd=$4 members=("$CGROUPS" "$NETWORKS" "$SECCOMP") m key i
    shift 4
    for m in "$@"; do
        key=${m%%:*}
        for i in "${!members[@]}"; do
            [ "${members[i]%%:*}" != "$key" ] || unset 'members[i]'
        done
        members+=("$m")
    done
    n=$((n + 1))
    local D=$TESTTMP/c$n
    mkcontainer "$D" "$(config_with "${members[@]}")"
    if [[ $cmd == exec:* ]]; then
        run nsinit_in "$H" --root "$D" --rootfs "$D" exec -- "${cmd#exec:}" arg
    else
        run nsinit_in "$H" --root "$D" --rootfs "$D" exec -- sh -c "$cmd"
    fi
    check_eq "$name: exit $want, the command did not run" "$want " "$status $stdout" ||
        echo "#   stderr: $stderr"
    if one_line "$stderr"; then
        check_match "$name: one line naming the step, the path and the reason" "$line" "$stderr"
    else
        not_ok "$name: one line on stderr" "$stderr"
    fi
    left_behind "$D" "$name"
}

fails "bind source missing" 125 \
    "^nsinit: mount: mount_config\.mounts\[0\]\.source: /nonexistent-$$: No such file or directory$" \
    'echo ran' '"mount_config": {"mounts": [{"type": "bind", "source": "/nonexistent-'$$'",
        "destination": "/mnt"}]}'
fails "a mount the kernel refuses (tmpfs size=bogus)" 125 \
    "^nsinit: mount: [^ ]*/mnt: Invalid argument$" \
    'echo ran' '"mount_config": {"mounts": [{"type": "tmpfs", "source": "tmpfs",
        "destination": "/mnt", "data": "size=bogus"}]}'
if [ -n "$(cg_v1_mount cpuset)" ]; then
    fails "cgroup value refused (cpuset_cpus 999)" 125 \
        "^nsinit: cgroups: cgroups\.cpuset_cpus: /[^ ]*/$CG/cpuset\.cpus: writing 999: [A-Z][^:]*$" \
        'echo ran' '"cgroups": {"name": "'"$CG"'", "cpuset_cpus": "999"}'
fi
fails "sysctl value the kernel cannot take (kernel.shmmax = notanumber)" 125 \
    "^nsinit: system_properties: (kernel\.shmmax|/proc/sys/kernel/shmmax)( = notanumber)?: Invalid argument$" \
    'echo ran' '"system_properties": {"kernel.shmmax": "notanumber"}'
fails "a namespaced sysctl that does not exist (net.ipv4.nonexistent_rb)" 125 \
    "^nsinit: system_properties: (net\.ipv4\.nonexistent_rb|/proc/sys/net/ipv4/nonexistent_rb)( = 1)?: No such file or directory$" \
    'echo ran' '"system_properties": {"net.ipv4.nonexistent_rb": "1"}'
fails "netlink: the bridge does not exist" 125 \
    "^nsinit: network: networks\[1\] \(veth\): bridge nobr$$ does not exist$" \
    'echo ran' '"networks": [{"type": "loopback"}, {"type": "veth", "bridge": "nobr'$$'",
        "veth_prefix": "rbf", "address": "10.96.0.2/24"}]'
fails "netlink: a gateway off the subnet" 125 \
    "^nsinit: network: networks\[1\] \(veth\): [^:]*10\.55\.0\.1[^:]*: [A-Z][^:]*$" \
    'echo ran' '"networks": [{"type": "loopback"}, {"type": "veth", "bridge": "br0",
        "veth_prefix": "rbf", "address": "10.96.0.2/24", "gateway": "10.55.0.1"}]'
fails "a seccomp rule that blocks execve" 126 \
    "^nsinit: exec: sh: Operation not permitted$" \
    'echo ran' '"seccomp": {"default_action": "allow",
        "syscalls": [{"name": "execve", "action": "errno", "errno": 1}]}'
fails "a command that is not there" 127 \
    "^nsinit: exec: /nonexistent-$$: No such file or directory( \(root filesystem [^)]*\))?$" "exec:/nonexistent-$$"
fails "a command that cannot be executed (a directory)" 126 \
    "^nsinit: exec: /etc: Permission denied$" "exec:/etc"
