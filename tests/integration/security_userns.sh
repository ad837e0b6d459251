#!/usr/bin/env bash
# User namespaces: uid_mappings and gid_mappings with several ranges are what the process reads
# in /proc/self/uid_map and gid_map, and ids land on the host through them (a file chowned
# inside belongs to the mapped host id); a joined process enters the same user namespace.
# Rootless: a non-root user runs a container end to end (root inside is the caller, files it
# writes in a bind are the caller's on the host, it sees no host process); what needs real root
# (cgroups, veth, mapping ids it does not own) is refused with a clear message before anything
# starts. Overlapping ranges are config errors.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root
[ -e /proc/self/ns/user ] || skip "no user namespaces in this kernel"

USERNS='"namespaces": {"NEWUSER": true, "NEWNS": true, "NEWUTS": true, "NEWIPC": true,
        "NEWPID": true, "NEWNET": true}'
# userns_config MEMBER...: a config with a user namespace and these members.
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
# maps: /proc/self/uid_map and gid_map (inside) with their columns joined by single spaces.
maps_cmd='for f in uid_map gid_map; do echo "$f:"; while read -r a b c; do echo "$a $b $c"; done </proc/self/$f; done'
RANGES='[{"container_id": 0, "host_id": 100000, "size": 1000},
        {"container_id": 1000, "host_id": 1000, "size": 1},
        {"container_id": 1001, "host_id": 101001, "size": 64535}]'
WANT_MAP='0 100000 1000
1000 1000 1
1001 101001 64535'

# The container's root (a host id other than 0) and the user below must reach the rootfs.
chmod 0755 "$TESTTMP"
H=$TESTTMP/host
mkdir -p "$H/vol"
chmod 0777 "$H/vol"

# ---- uid_mappings and gid_mappings, started by root ----------------------------------------
M=$TESTTMP/mapped
mkcontainer "$M" "$(userns_config "\"uid_mappings\": $RANGES" "\"gid_mappings\": $RANGES" \
    '"capabilities": ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETUID", "SETGID", "KILL"]' \
    '"mount_config": {"mounts": [{"type": "bind", "source": "'"$H/vol"'", "destination": "/vol",
        "writable": true}]}')"
# The mount point already exists: root in the namespace is not root of the rootfs's /.
mkdir "$M/vol"
run nsexec "$M" sh -c "$maps_cmd"
check_eq "three uid and gid ranges: uid_map and gid_map inside" "uid_map:
$WANT_MAP
gid_map:
$WANT_MAP" "$stdout"
run nsexec "$M" sh -c 'id -u; id -g; stat -c %u:%g /bin/busybox'
check_eq "mapped: root inside; a file of the host's root (unmapped) shows as the overflow id" \
    "0 0 0 65534:65534" "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
run nsexec "$M" sh -c 'touch /vol/root /vol/u1500 /vol/alice && chown 1500:1600 /vol/u1500 &&
    chown 1000:1000 /vol/alice && echo done'
check_eq "mapped: chown inside to ids of each range" "0 done" "$status $stdout"
check_eq "mapped: on the host the files belong to the mapped ids" \
    "alice 1000:1000|root 100000:100000|u1500 101500:101600" \
    "$(cd "$H/vol" && stat -c '%n %u:%g' alice root u1500 2>&1 | paste -sd '|')"
run nsexec "$M" sh -c 'chown 70000 /vol/root'
check_match "mapped: chown to an unmapped id fails" "^[1-9][0-9]* .*(Invalid argument|not permitted)" \
    "$status $stderr"
run nsexec "$M" sh -c 'echo x >/dev/null && head -c 3 /dev/zero | wc -c && stat -c %t,%T /dev/null'
check_eq "mapped: /dev/null and /dev/zero work" "0 3 1,3" "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"

# Joining: the same user namespace and maps.
nsinit_bg --root "$M" --rootfs "$M" exec -- sleep 3600
BG=$NSINIT_PID
if wait_for 30 test -s "$M/pid"; then
    init=$(cat "$M/pid")
    run nsexec "$M" sh -c 'readlink /proc/self/ns/user; id -u'
    check_eq "join: the joined process is in init's user namespace, root there" \
        "0 $(readlink "/proc/$init/ns/user") 0" "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
    check "join: that is not the host's user namespace" \
        [ "$(readlink "/proc/$init/ns/user")" != "$(readlink /proc/self/ns/user)" ]
    run nsexec "$M" sh -c "$maps_cmd"
    check_eq "join: the same uid_map and gid_map" "uid_map:
$WANT_MAP
gid_map:
$WANT_MAP" "$stdout"
    check_eq "join: host view of init's uid" "100000" \
        "$(awk '$1 == "Uid:" { print $2 }' "/proc/$init/status")"
    nsinit --root "$M" kill KILL
    wait "$BG"
else
    not_ok "mapped: the container for the join started" "no pid file"
fi
check_clean "$M" "mapped: nothing left behind"

# A non-root user of the config in a user namespace: its host id through the maps.
MA=$TESTTMP/mapped-alice
mkcontainer "$MA" "$(userns_config "\"uid_mappings\": $RANGES" "\"gid_mappings\": $RANGES" \
    '"user": "1500:1500"' \
    '"mount_config": {"mounts": [{"type": "bind", "source": "'"$H/vol"'", "destination": "/vol",
        "writable": true}]}')"
mkdir "$MA/vol"
run nsexec "$MA" sh -c 'id -u; touch /vol/by-1500'
check_eq "mapped user 1500: runs as 1500" "0 1500" "$status $stdout"
check_eq "mapped user 1500: its file is host uid 101500" "101500:101500" \
    "$(stat -c %u:%g "$H/vol/by-1500" 2>&1)"
check_clean "$MA" "mapped user 1500: nothing left behind"

# ---- bad mappings: 125, one line naming the key, nothing left behind -------------------------
N=0
refused()
{
    local what=$1 re=$2 d
    shift 2
    N=$((N + 1))
    d=$TESTTMP/bad$N
    mkcontainer "$d" "$1"
    run nsexec "$d" sh -c 'echo ran'
    check_match "$what: 125 and one line: $re" "^125 nsinit: [^
]*${re}[^
]*$" "$status $stdout$stderr"
    check_clean "$d" "$what: nothing left behind"
}
refused "overlapping container ranges" "uid_mappings\[1\]: overlaps uid_mappings\[0\]" \
    "$(userns_config '"uid_mappings": [{"container_id": 0, "host_id": 100000, "size": 1000},
        {"container_id": 500, "host_id": 200000, "size": 10}]')"
refused "overlapping host ranges" "uid_mappings\[1\]: overlaps uid_mappings\[0\]" \
    "$(userns_config '"uid_mappings": [{"container_id": 0, "host_id": 100000, "size": 10},
        {"container_id": 10, "host_id": 100005, "size": 10}]')"
refused "overlapping gid ranges" "gid_mappings\[1\]: overlaps gid_mappings\[0\]" \
    "$(userns_config '"gid_mappings": [{"container_id": 0, "host_id": 100000, "size": 10},
        {"container_id": 5, "host_id": 300000, "size": 10}]')"
refused "an empty range" "uid_mappings\[0\]\.size" \
    "$(userns_config '"uid_mappings": [{"container_id": 0, "host_id": 100000, "size": 0}]')"
refused "a range past the last id" "uid_mappings\[0\]" \
    "$(userns_config '"uid_mappings": [{"container_id": 4294967295, "host_id": 100000, "size": 2}]')"
refused "uid_mappings without NEWUSER" "uid_mappings: .*NEWUSER" \
    "$(config_with '"uid_mappings": [{"container_id": 0, "host_id": 100000, "size": 10}]')"

# ---- rootless: a non-root user runs a container --------------------------------------------
need_cmd setpriv
RUID=1000
as_user() { setpriv --reuid=$RUID --regid=$RUID --clear-groups "$@"; }
# rl_nsinit ARGS...: nsinit run by the unprivileged user, under the same timeout as nsinit.
rl_nsinit() { timeout --foreground -k 5 "$NSINIT_TIMEOUT" setpriv --reuid=$RUID --regid=$RUID \
    --clear-groups "$NSINIT" "$@"; }
# The user must reach the nsinit binary.
if ! as_user test -x "$NSINIT"; then
    skip "uid $RUID cannot run $NSINIT (a directory on the way is closed to it)"
fi
if ! as_user unshare -U true 2>/dev/null; then
    skip "unprivileged user namespaces are disabled here"
fi
# rlcontainer DIR CONFIG: a container directory the user owns.
rlcontainer()
{
    mkcontainer "$1" "$2"
    chown -R "$RUID:$RUID" "$1"
}
RH=$TESTTMP/rl-host
mkdir -p "$RH"
chown "$RUID:$RUID" "$RH"

RL=$TESTTMP/rootless
rlcontainer "$RL" "$(userns_config \
    '"capabilities": ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETUID", "SETGID", "KILL", "SYS_ADMIN"]' \
    '"mount_config": {"mounts": [{"type": "bind", "source": "'"$RH"'", "destination": "/vol",
        "writable": true}]}')"
sleep 3800 &
host_sleep=$!
disown "$host_sleep"
at_exit kill -KILL "$host_sleep"
run rl_nsinit --root "$RL" --rootfs "$RL" exec -- sh -c 'id -u; id -g; hostname; echo $$'
check_eq "rootless: runs; root inside, its own hostname, pid 1" "0 0 0 userns 1" \
    "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
run rl_nsinit --root "$RL" --rootfs "$RL" exec -- sh -c "$maps_cmd; cat /proc/self/setgroups"
check_eq "rootless: uid_map and gid_map map root to the caller; setgroups denied" "uid_map:
0 $RUID 1
gid_map:
0 $RUID 1
deny" "$stdout"
run rl_nsinit --root "$RL" --rootfs "$RL" exec -- sh -c 'echo data >/vol/file && mkdir /vol/dir &&
    touch /created-in-rootfs && stat -c %u /vol/file'
check_eq "rootless: writes to a bind and the rootfs" "0 0" "$status $stdout"
check_eq "rootless: on the host they belong to the caller" \
    "$RUID:$RUID $RUID:$RUID $RUID:$RUID" \
    "$(stat -c %u:%g "$RH/file" "$RH/dir" "$RL/created-in-rootfs" 2>&1 | paste -sd ' ')"
run rl_nsinit --root "$RL" --rootfs "$RL" exec -- sh -c 'ps -o pid,comm; kill -0 '"$host_sleep"
check_match "rootless: ps shows only its own process, a host pid cannot be signalled" \
    "^[1-9][0-9]* 1:sh 2:ps$" \
    "$status $(awk 'NR > 1 { printf "%s%s:%s", sep, $1, $2; sep = " " }' <<<"$stdout")"
run rl_nsinit --root "$RL" --rootfs "$RL" exec -- sh -c 'echo x >/dev/null &&
    head -c 2 /dev/urandom | wc -c && stat -c %t,%T /dev/null /dev/zero && ls /proc/1 >/dev/null &&
    cat /sys/class/net/lo/mtu >/dev/null && echo ok'
check_eq "rootless: /dev nodes (from the host), /proc and /sys work" "0 2 1,3 1,5 ok" \
    "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
run rl_nsinit --root "$RL" --rootfs "$RL" exec -- sh -c 'grep -E "^Cap(Eff|Bnd):" /proc/self/status'
check_eq "rootless: the configured capabilities, in the user namespace" \
    "CapEff: 00000000002000eb|CapBnd: 00000000002000eb" \
    "$(awk '{ $1 = $1; print }' <<<"$stdout" | paste -sd '|')"
run rl_nsinit --root "$RL" --rootfs "$RL" exec -- sh -c 'mount -t tmpfs t /tmp && echo mounted'
check_eq "rootless: SYS_ADMIN in its user namespace mounts a tmpfs" "0 mounted" "$status $stdout"
check_clean "$RL" "rootless: nothing left behind"

# Joining as the same user enters the user namespace.
setpriv --reuid=$RUID --regid=$RUID --clear-groups "$NSINIT" --root "$RL" --rootfs "$RL" \
    exec -- sleep 3600 &
RLBG=$!
at_exit kill -KILL "$RLBG"
if wait_for 30 test -s "$RL/pid"; then
    init=$(cat "$RL/pid")
    run rl_nsinit --root "$RL" --rootfs "$RL" exec -- sh -c 'readlink /proc/self/ns/user; id -u; ps -o comm; true'
    check_eq "rootless join: in init's user namespace, root there, sees init" \
        "0 $(readlink "/proc/$init/ns/user") 0 COMMAND sleep sh ps" \
        "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')$stderr"
    check_eq "rootless join: host view of init's uid is the caller" "$RUID" \
        "$(awk '$1 == "Uid:" { print $2 }' "/proc/$init/status")"
    run rl_nsinit --root "$RL" kill KILL
    wait "$RLBG"
else
    not_ok "rootless: the container for the join started" "no pid file"
fi
check_clean "$RL" "rootless join: nothing left behind"

# An explicit mapping of the caller's own ids.
RE=$TESTTMP/rootless-explicit
rlcontainer "$RE" "$(userns_config \
    '"uid_mappings": [{"container_id": 0, "host_id": '"$RUID"', "size": 1}]' \
    '"gid_mappings": [{"container_id": 0, "host_id": '"$RUID"', "size": 1}]')"
run rl_nsinit --root "$RE" --rootfs "$RE" exec -- sh -c "id -u; $maps_cmd"
check_eq "rootless with uid_mappings of its own uid" "0 0 uid_map: 0 $RUID 1 gid_map: 0 $RUID 1" \
    "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
check_clean "$RE" "rootless with its own mapping: nothing left behind"

# What needs real root is refused before anything starts.
rl_refused()
{
    local what=$1 re=$2 d
    N=$((N + 1))
    d=$TESTTMP/rl-bad$N
    rlcontainer "$d" "$3"
    run rl_nsinit --root "$d" --rootfs "$d" exec -- sh -c 'echo ran'
    check_match "rootless, $what: 125 and one line: $re" "^125 nsinit: [^
]*${re}[^
]*$" "$status $stdout$stderr"
    check_clean "$d" "rootless, $what: nothing left behind"
}
cgname=lc-rootless-$$
at_exit cg_remove "$cgname"
rl_refused "a cgroups object" "cgroups: .*rootless.*" \
    "$(userns_config '"cgroups": {"name": "'"$cgname"'", "memory": 100000000}')"
check_no_cgroup "$cgname" "rootless, a cgroups object: no cgroup created"
rl_refused "a veth network" "networks\[1\].*rootless.*" \
    "$(userns_config '"networks": [{"type": "loopback", "address": "127.0.0.1/0", "mtu": 1500},
        {"type": "veth", "bridge": "lc-nobr", "veth_prefix": "lcrl", "address": "10.99.0.2/24",
         "mtu": 1500}]')"
check_eq "rootless, a veth network: no veth created" "" \
    "$(ip -o link show 2>/dev/null | awk -F': ' '$2 ~ /^lcrl/ { print $2 }')"
rl_refused "mapping the host's root" "uid_mappings.*(not permitted|own id)" \
    "$(userns_config '"uid_mappings": [{"container_id": 0, "host_id": 0, "size": 1}]')"
rl_refused "mapping a range of ids it does not own" "uid_mappings.*(not permitted|own id)" \
    "$(userns_config '"uid_mappings": [{"container_id": 0, "host_id": '"$RUID"', "size": 2}]')"
rl_refused "no user namespace" "namespaces: .*NEWUSER" '{
    "environment": ["PATH=/bin"],
    "namespaces": {"NEWNS": true, "NEWPID": true}
}'
