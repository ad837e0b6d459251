#!/usr/bin/env bash
# Bad input: exit 125, one stderr line naming the step and the problem, and nothing left behind
# (no mount under the container directory or anywhere on the host, no pid file, no process).
# A mount destination is resolved inside the rootfs: a symlink climbing out is refused, an
# absolute one lands inside the container's tree.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

host_mounts() { awk '{ print $5 }' /proc/self/mountinfo | sort; }

# fails WHAT REGEX DIR [NSINIT-ARGS...]: runs `nsinit ARGS exec -- /bin/sh -c 'echo ran'` and
# checks: status 125, a single stderr line matching REGEX, the command never ran, the host's
# mount table unchanged, and check_clean DIR.
fails()
{
    local what=$1 re=$2 dir=$3 before
    shift 3
    before=$(host_mounts)
    run nsinit "$@" exec -- /bin/sh -c 'echo ran'
    check_eq "$what: exit 125" "125" "$status"
    check_match "$what: one line: $re" "^nsinit: [^
]*${re}[^
]*$" "$stderr"
    check_eq "$what: the command did not run" "" "$stdout"
    check_eq "$what: no mount added on the host" "$before" "$(host_mounts)"
    check_clean "$dir" "$what: nothing left behind"
}

C=$TESTTMP/c
mkcontainer "$C"

# ---- where things are ---------------------------------------------------------------------
fails "missing rootfs" "rootfs: /nonexistent: No such file" "$C" --root "$C" --rootfs /nonexistent
E=$TESTTMP/empty
mkdir -p "$E"
fails "missing container.json" "config: $E/container.json: No such file" "$E" --root "$E" --rootfs "$C"
run nsinit --root "$E" config
check_match "missing container.json: config fails too" "^125 nsinit: config: .*container.json" \
    "$status $stderr"

# ---- broken configs -------------------------------------------------------------------------
# bad NAME JSON REGEX: container NAME with this container.json must fail with REGEX; a broken
# config (REGEX starting with "config:") is refused by `nsinit config` too.
bad()
{
    local d=$TESTTMP/bad-$1
    mkcontainer "$d" "$2"
    fails "$1" "$3" "$d" --root "$d" --rootfs "$d"
    case $3 in
        config:*)
            run nsinit --root "$d" --rootfs "$d" config
            check_eq "$1: nsinit config refuses it too" "125" "$status"
            ;;
    esac
}
bad json '{
    "hostname": "test",
    "tty": tru
}' 'config: .*container.json: line 3, column 12: '
bad json-truncated '{
    "hostname": "test",
    "environment": ["A=1"' 'config: .*container.json: line [34], column [0-9]+: '
bad json-trailing-comma '{"hostname": "test", "namespaces": {"NEWUTS": true},}' \
    'config: .*container.json: line 1, column [0-9]+: '
bad wrong-type "$(config_with '"mount_config": {"mounts": [{"type": "bind", "source": "/tmp", "destination": 5}]}')" \
    'config: .*mount_config\.mounts\[0\]\.destination: expected a string'
bad env-without-equals '{"environment": ["PATH=/bin", "NOEQUALS"], "namespaces": {"NEWNS": true}}' \
    'config: .*environment\[1\]'
bad unknown-namespace '{"namespaces": {"NEWNS": true, "NEWFOO": true}}' 'config: .*NEWFOO'

# ---- failures while setting up ----------------------------------------------------------------
bad unknown-user "$(config_with '"user": "nosuchuser"')" 'user: nosuchuser: no such user'
bad unknown-group "$(config_with '"user": "alice:nosuchgroup"')" 'user: .*nosuchgroup: no such group'
bad missing-bind-source \
    "$(config_with '"mount_config": {"mounts": [{"type": "bind", "source": "'"$TESTTMP"'/no-such-source", "destination": "/mnt/x"}]}')" \
    "mount: .*mounts\[0\].*$TESTTMP/no-such-source: No such file"
check_eq "missing bind source: not created on the host" "no" \
    "$([ -e "$TESTTMP/no-such-source" ] && echo yes || echo no)"

# A failure after earlier mounts succeeded undoes them all: the second bind is the bad one.
H=$TESTTMP/host
mkdir -p "$H/a"
bad second-bind-fails "$(config_with '"mount_config": {"mounts": [
        {"type": "bind", "source": "'"$H/a"'", "destination": "/mnt/a"},
        {"type": "bind", "source": "'"$TESTTMP"'/nothing-here", "destination": "/mnt/b"}]}')" \
    "mount: .*mounts\[1\].*nothing-here"

# ---- mount destinations and symlinks ---------------------------------------------------------
# A relative symlink that climbs out of the rootfs: /esc -> ../../../.. ; the destination
# /esc/tmp/NAME would be the host's /tmp/NAME if the link were followed on the host.
escape=lc-escape-$$-$RANDOM
at_exit rm -rf "/tmp/$escape"
S=$TESTTMP/bad-symlink-escape
mkcontainer "$S" "$(config_with '"mount_config": {"mounts": [
        {"type": "bind", "source": "'"$H/a"'", "destination": "/esc/tmp/'"$escape"'", "writable": true}]}')"
ln -s ../../../.. "$S/esc"
fails "destination symlink climbing out of the rootfs" \
    "mount: [^ ]*/esc/tmp/${escape}[^ ]*: .*outside the rootfs" "$S" --root "$S" --rootfs "$S"
check_eq "climbing symlink: nothing created on the host" "no" \
    "$([ -e "/tmp/$escape" ] && echo yes || echo no)"
check_eq "climbing symlink: the host's directory is untouched" "" "$(ls -A "$H/a")"

# The same with the link as the destination's last component: /evil -> ../../../../tmp/NAME.
S2=$TESTTMP/bad-symlink-last
mkcontainer "$S2" "$(config_with '"mount_config": {"mounts": [
        {"type": "bind", "source": "'"$H/a"'", "destination": "/evil", "writable": true}]}')"
ln -s "../../../../tmp/$escape" "$S2/evil"
fails "destination whose last component climbs out of the rootfs" \
    "mount: /evil: .*outside the rootfs" "$S2" --root "$S2" --rootfs "$S2"
check_eq "climbing last component: nothing created on the host" "no" \
    "$([ -e "/tmp/$escape" ] && echo yes || echo no)"

# A relative symlink inside a subdirectory that climbs out of it only partly stays valid.
I=$TESTTMP/inner-symlink
mkcontainer "$I" "$(config_with '"mount_config": {"mounts": [
        {"type": "bind", "source": "'"$H/a"'", "destination": "/opt/link/x"}]}')"
mkdir -p "$I/opt" "$I/srv/inner"
ln -s ../srv/inner "$I/opt/link"
echo "host a" >"$H/a/file"
run nsexec "$I" cat /srv/inner/x/file
check_eq "a relative symlink inside the rootfs is followed inside it" "0 host a" "$status $stdout"
check_clean "$I" "relative symlink inside: nothing left behind"

# An absolute symlink: /abs -> /NAME resolves to the rootfs's /NAME, not the host's.
absname=lc-abs-$$-$RANDOM
at_exit rm -rf "/$absname"
at_exit rm -rf "/tmp/$absname"
B=$TESTTMP/abs-symlink
mkcontainer "$B" "$(config_with '"mount_config": {"mounts": [
        {"type": "bind", "source": "'"$H/a"'", "destination": "/abs/x"}]}')"
ln -s "/$absname" "$B/abs"
mkdir -p "$B/$absname"
before=$(host_mounts)
run nsexec "$B" sh -c "cat /$absname/x/file; cat /abs/x/file"
check_eq "absolute symlink destination: the bind lands inside the container's tree" \
    "0 host a host a" "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
check_eq "absolute symlink destination: nothing created at the host path" "no" \
    "$([ -e "/$absname" ] && echo yes || echo no)"
check_eq "absolute symlink destination: no mount added on the host" "$before" "$(host_mounts)"
check_clean "$B" "absolute symlink destination: nothing left behind"

# An absolute symlink that names a missing directory is created inside the rootfs.
B2=$TESTTMP/abs-symlink-missing
mkcontainer "$B2" "$(config_with '"mount_config": {"mounts": [
        {"type": "bind", "source": "'"$H/a"'", "destination": "/abs/x"}]}')"
ln -s "/tmp/$absname" "$B2/abs"
run nsexec "$B2" cat "/tmp/$absname/x/file"
check_eq "absolute symlink to a missing directory: created inside the rootfs" "0 host a" \
    "$status $stdout"
check_eq "absolute symlink to a missing directory: nothing created on the host" "no" \
    "$([ -e "/tmp/$absname" ] && echo yes || echo no)"
check_clean "$B2" "absolute symlink to a missing directory: nothing left behind"

# An absolute symlink as the last component: /abs -> /tmp/NAME is the rootfs's /tmp/NAME.
B3=$TESTTMP/abs-symlink-last
mkcontainer "$B3" "$(config_with '"mount_config": {"mounts": [
        {"type": "bind", "source": "'"$H/a"'", "destination": "/abs"}]}')"
ln -s "/tmp/$absname-last" "$B3/abs"
at_exit rm -rf "/tmp/$absname-last"
run nsexec "$B3" cat "/tmp/$absname-last/file"
check_eq "absolute symlink as the last component: the bind lands inside" "0 host a" \
    "$status $stdout"
check_eq "absolute symlink as the last component: nothing created on the host" "no" \
    "$([ -e "/tmp/$absname-last" ] && echo yes || echo no)"
check_clean "$B3" "absolute symlink as the last component: nothing left behind"

# The bind source may be a symlink on the host (it is a host path); the container sees its target.
ln -s "$H/a" "$H/link-to-a"
L=$TESTTMP/source-link
mkcontainer "$L" "$(config_with '"mount_config": {"mounts": [
        {"type": "bind", "source": "'"$H/link-to-a"'", "destination": "/mnt/a"}]}')"
run nsexec "$L" cat /mnt/a/file
check_eq "a symlink as the bind source is the host's path" "0 host a" "$status $stdout"
check_clean "$L" "symlink source: nothing left behind"
