#!/usr/bin/env bash
# What context.restrictions, mask_paths and readonly_paths hide from a container and keep it
# from writing, seen from inside: writes to /proc/sys, /proc/sysrq-trigger and /sys fail,
# /proc/kcore and the other masked files read empty, masked directories are empty and
# read-only. Paths are resolved inside the rootfs: a mount destination, a device node or a
# masked path that climbs out through `..` or a symlink (one the container itself planted in a
# volume, too) is refused, an absolute symlink lands inside, and the host is never touched.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

host_mounts() { awk '{ print $5 }' /proc/self/mountinfo | sort; }
# ro_mounts PATH...: for each PATH that is a mount point in the mountinfo on stdin, "PATH:ro"
# or "PATH:rw" from its per-mount options (the last mount at PATH wins).
ro_mounts()
{
    awk -v list="$*" 'BEGIN { n = split(list, p, " "); for (i = 1; i <= n; i++) want[p[i]] = 1 }
        ($5 in want) { split($6, o, ","); st[$5] = o[1] }
        END { for (i = 1; i <= n; i++) printf "%s%s:%s", (i > 1 ? " " : ""), p[i], st[p[i]] }'
}

CAPS='"capabilities": ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SYS_ADMIN", "NET_ADMIN", "KILL"]'

# ---- context.restrictions -----------------------------------------------------------------
R=$TESTTMP/restricted
mkcontainer "$R" "$(config_with "$CAPS" '"context": {"restrictions": "true"}')"
U=$TESTTMP/unrestricted
mkcontainer "$U" "$(config_with "$CAPS")"

# The control first: with the same capabilities and no restrictions these writes work (the
# values written are the container's own: its hostname, in its UTS namespace).
run nsexec "$U" sh -c 'echo test >/proc/sys/kernel/hostname && echo written'
check_eq "unrestricted: /proc/sys/kernel/hostname is writable (control)" "0 written" \
    "$status $stdout"
run nsexec "$R" sh -c 'echo test >/proc/sys/kernel/hostname && echo written'
check_match "restrictions: writing /proc/sys/kernel/hostname fails, read-only" \
    "^[1-9][0-9]* .*Read-only file system" "$status $stdout $stderr"
run nsexec "$R" sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward && echo written'
check_match "restrictions: writing /proc/sys/net/ipv4/ip_forward fails, read-only" \
    "^[1-9][0-9]* .*Read-only file system" "$status $stdout $stderr"
# Opening for writing is enough to prove it; nothing is written.
if [ -e /proc/sysrq-trigger ]; then
    run nsexec "$R" sh -c ': >/proc/sysrq-trigger && echo opened'
    check_match "restrictions: /proc/sysrq-trigger cannot be opened for writing" \
        "^[1-9][0-9]* .*Read-only file system" "$status $stdout $stderr"
else
    run nsexec "$R" sh -c ': >/proc/sysrq-trigger && echo opened'
    check_match "restrictions: /proc/sysrq-trigger cannot be opened for writing (absent on this kernel)" \
        "^[1-9][0-9]* $" "$status $stdout"
fi
run nsexec "$R" sh -c 'touch /sys/lc-test && echo created'
check_match "restrictions: /sys is read-only" "^[1-9][0-9]* .*Read-only file system" \
    "$status $stdout $stderr"

ro_paths=()
for p in /proc/sys /proc/sysrq-trigger /proc/irq /proc/bus /proc/fs /sys; do
    [ ! -e "$p" ] || ro_paths+=("$p")
done
run nsexec "$R" cat /proc/self/mountinfo
check_eq "restrictions: read-only mounts over ${ro_paths[*]}" \
    "$(printf '%s:ro ' "${ro_paths[@]}" | sed 's/ $//')" "$(ro_mounts "${ro_paths[@]}" <<<"$stdout")"

masked_files=()
masked_dirs=()
for p in /proc/kcore /proc/keys /proc/latency_stats /proc/timer_list /proc/timer_stats \
    /proc/sched_debug; do
    [ ! -e "$p" ] || masked_files+=("$p")
done
for p in /proc/acpi /proc/asound /proc/scsi /sys/firmware /sys/devices/virtual/powercap; do
    [ ! -d "$p" ] || masked_dirs+=("$p")
done
if [ ${#masked_files[@]} -gt 0 ]; then
    # shellcheck disable=SC2145 # one string on purpose
    run nsexec "$R" sh -c 'for f in "$@"; do printf "%s:%s " "$f" "$(head -c 4096 "$f" | wc -c)"; done' \
        sh "${masked_files[@]}"
    check_eq "restrictions: masked files read empty: ${masked_files[*]}" \
        "$(printf '%s:0 ' "${masked_files[@]}")" "$stdout"
    run nsexec "$U" sh -c 'for f in "$@"; do printf "%s:%s " "$f" "$(head -c 4096 "$f" | wc -c)"; done' \
        sh "${masked_files[@]}"
    nonempty=$(tr ' ' '\n' <<<"$stdout" | grep -v ':0$' | grep -c .)
    check "unrestricted: some of those files are not empty (control)" [ "$nonempty" -gt 0 ]
fi
[ -e /proc/kcore ] || echo "# /proc/kcore does not exist on this kernel; the other masked files stand in"
if [ ${#masked_dirs[@]} -gt 0 ]; then
    run nsexec "$R" sh -c 'for d in "$@"; do printf "%s:%s " "$d" "$(ls -A "$d" | wc -l)"
        touch "$d/lc-test" 2>/dev/null && printf "WRITABLE "; done' sh "${masked_dirs[@]}"
    check_eq "restrictions: masked directories are empty and read-only: ${masked_dirs[*]}" \
        "$(printf '%s:0 ' "${masked_dirs[@]}")" "$stdout"
fi
if [ -n "$(ls -A /sys/firmware 2>/dev/null)" ]; then
    run nsexec "$U" ls -A /sys/firmware
    check "unrestricted: /sys/firmware is not empty (control)" [ -n "$stdout" ]
fi
run nsexec "$R" sh -c 'cat /proc/self/status >/dev/null && ls /proc/1 >/dev/null && echo x >/tmp/x && cat /tmp/x'
check_eq "restrictions: the rest of /proc and the rootfs work" "0 x" "$status $stdout"
check_clean "$R" "restrictions: nothing left behind"
check_clean "$U" "unrestricted: nothing left behind"

# ---- mask_paths and readonly_paths ----------------------------------------------------------
M=$TESTTMP/masks
mkcontainer "$M" "$(config_with "$CAPS" \
    '"mask_paths": ["/etc/hostname", "/home/alice", "/proc/cpuinfo", "/link-to-hosts"]' \
    '"readonly_paths": ["/var", "/proc/sys/net"]')"
echo "alice's secret" >"$M/home/alice/secret"
# An absolute symlink names the rootfs's file, not the host's.
ln -s /etc/hosts "$M/link-to-hosts"
host_hosts=$(cksum </etc/hosts)
run nsexec "$M" sh -c 'printf "hostname:%s " "$(wc -c </etc/hostname)"
    printf "cpuinfo:%s " "$(wc -c </proc/cpuinfo)"
    printf "hosts:%s " "$(wc -c </etc/hosts)"
    printf "alice:%s " "$(ls -A /home/alice | wc -l)"
    touch /home/alice/new 2>/dev/null && printf "alice-writable "
    touch /var/tmp/new 2>/dev/null && printf "var-writable "
    echo 1 >/proc/sys/net/ipv4/ip_forward 2>/dev/null && printf "net-writable "
    echo test >/proc/sys/kernel/hostname && printf "kernel-writable "
    touch /tmp/new && printf "tmp-writable"'
check_eq "mask_paths: files and directories hidden; readonly_paths: read-only; the rest writable" \
    "0 hostname:0 cpuinfo:0 hosts:0 alice:0 kernel-writable tmp-writable" "$status $stdout"
check_eq "mask_paths: the rootfs's files are untouched" "rootfs|alice's secret|no" \
    "$(cat "$M/etc/hostname")|$(cat "$M/home/alice/secret")|$([ -e "$M/home/alice/new" ] && echo yes || echo no)"
check_eq "mask_paths through an absolute symlink: the host's /etc/hosts is untouched" \
    "$host_hosts" "$(cksum </etc/hosts)"
check_clean "$M" "mask_paths and readonly_paths: nothing left behind"

# Restrictions and the config's own masks together.
RM=$TESTTMP/restricted-masks
mkcontainer "$RM" "$(config_with '"context": {"restrictions": "true"}' '"mask_paths": ["/etc/passwd"]')"
run nsexec "$RM" sh -c 'wc -c </etc/passwd; touch /sys/x 2>/dev/null || echo sys-ro'
check_eq "restrictions and mask_paths together" "0 0 sys-ro" \
    "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
check_clean "$RM" "restrictions and mask_paths: nothing left behind"

# ---- escape attempts: paths resolved inside the rootfs -------------------------------------
H=$TESTTMP/host
mkdir -p "$H/src" "$H/vol"
echo "bind source" >"$H/src/file"
esc=lc-escape-$$-$RANDOM
at_exit rm -rf "/tmp/$esc"
echo "host file" >"$TESTTMP/host-file"

# escapes WHAT REGEX MEMBER...: a container with these members is refused: 125, one line
# matching REGEX, the command did not run, nothing created at the host's /tmp/$esc, the host's
# mount table unchanged, nothing left behind.
N=0
escapes()
{
    local what=$1 re=$2 d before
    shift 2
    N=$((N + 1))
    d=$TESTTMP/esc$N
    mkcontainer "$d" "$(config_with "$@")"
    [ -z "${SETUP:-}" ] || eval "$SETUP"
    before=$(host_mounts)
    run nsexec "$d" sh -c 'echo ran'
    check_match "$what: refused with 125 and one line: $re" "^125 nsinit: [^
]*${re}[^
]*$" "$status $stdout$stderr"
    check_eq "$what: nothing created on the host" "no" \
        "$([ -e "/tmp/$esc" ] || [ -L "/tmp/$esc" ] && echo yes || echo no)"
    check_eq "$what: the host's mount table unchanged" "$before" "$(host_mounts)"
    check_clean "$d" "$what: nothing left behind"
}
escapes "mount destination climbing with .." "mount: /\.\./\.\./\.\./\.\./\.\./\.\./tmp/$esc/m: .*outside the rootfs" \
    '"mount_config": {"mounts": [{"type": "bind", "source": "'"$H/src"'",
        "destination": "/../../../../../../tmp/'"$esc"'/m", "writable": true}]}'
escapes "mount destination with .. after a directory" "mount: /mnt/\.\./\.\./\.\./\.\./\.\./tmp/$esc: .*outside the rootfs" \
    '"mount_config": {"mounts": [{"type": "bind", "source": "'"$H/src"'",
        "destination": "/mnt/../../../../../tmp/'"$esc"'", "writable": true}]}'
SETUP='mkdir -p "$d/a/b" && ln -s ../../../../../../../tmp "$d/a/b/up"'
escapes "mount destination through a relative symlink in a subdirectory" \
    "mount: /a/b/up/$esc: .*outside the rootfs" \
    '"mount_config": {"mounts": [{"type": "bind", "source": "'"$H/src"'",
        "destination": "/a/b/up/'"$esc"'", "writable": true}]}'
SETUP=
escapes "device node path climbing with .." "device: /dev/\.\./\.\./\.\./\.\./tmp/$esc: .*outside the rootfs" \
    '"mount_config": {"device_nodes": [{"path": "/dev/../../../../tmp/'"$esc"'", "type": "c",
        "major_number": 1, "minor_number": 3, "file_mode": 438}]}'
SETUP='ln -s "../../../../../../../tmp/'"$esc"'" "$d/leak"'
escapes "mask_paths through a relative symlink climbing out" "mask_paths: /leak: .*outside the rootfs" \
    '"mask_paths": ["/leak"]'
escapes "readonly_paths through a relative symlink climbing out" "readonly_paths: /leak: .*outside the rootfs" \
    '"readonly_paths": ["/leak"]'
SETUP='ln -s "../../../../../../..'"$TESTTMP"'/host-file" "$d/leak"'
escapes "mask_paths through a symlink to an existing host file" "mask_paths: /leak: .*outside the rootfs" \
    '"mask_paths": ["/leak"]'
SETUP=
check_eq "the host file named by the masked symlink is untouched" "host file" \
    "$(cat "$TESTTMP/host-file")"

# A volume the container writes to: it plants symlinks there, and a later config mounts through
# them (the container controls the link, the runtime resolves it).
V=$TESTTMP/vol
mkcontainer "$V" "$(config_with '"mount_config": {"mounts": [{"type": "bind",
        "source": "'"$H/vol"'", "destination": "/vol", "writable": true}]}')"
run nsexec "$V" sh -c 'ln -s "../../../../../../../../tmp/'"$esc"'" /vol/rel &&
    ln -s "/tmp/'"$esc"'" /vol/abs && ln -s /../../../../tmp /vol/absdots && echo planted'
check_eq "the container plants symlinks in its volume" "0 planted" "$status $stdout"
check_clean "$V" "planting symlinks: nothing left behind"
escapes "mount destination through a planted relative symlink" "mount: /vol/rel/x: .*outside the rootfs" \
    '"mount_config": {"mounts": [
        {"type": "bind", "source": "'"$H/vol"'", "destination": "/vol", "writable": true},
        {"type": "bind", "source": "'"$H/src"'", "destination": "/vol/rel/x"}]}'
for link in abs absdots; do
    N=$((N + 1))
    d=$TESTTMP/esc$N
    mkcontainer "$d" "$(config_with '"mount_config": {"mounts": [
        {"type": "bind", "source": "'"$H/vol"'", "destination": "/vol", "writable": true},
        {"type": "bind", "source": "'"$H/src"'", "destination": "/vol/'"$link"'/'"$esc"'-x"}]}')"
    before=$(host_mounts)
    run nsexec "$d" sh -c "cat /tmp/$esc/$esc-x/file 2>/dev/null || cat /tmp/$esc-x/file"
    if [ "$link" = abs ]; then
        check_eq "mount destination through a planted absolute symlink (/vol/$link): lands inside" \
            "0 bind source" "$status $stdout"
    else
        # /.. is / inside the container: landing inside and refusing are both safe.
        check_match "planted absolute symlink with /.. (/vol/$link): lands inside or is refused" \
            "^(0 bind source|125 nsinit: [^
]*outside the rootfs)$" "$status $stdout$stderr"
    fi
    check_eq "planted absolute symlink (/vol/$link): nothing created on the host" "no no" \
        "$([ -e "/tmp/$esc" ] && echo yes || echo no) $([ -e "/tmp/$esc-x" ] && echo yes || echo no)"
    check_eq "planted absolute symlink (/vol/$link): the host's mount table unchanged" "$before" \
        "$(host_mounts)"
    check_clean "$d" "planted absolute symlink (/vol/$link): nothing left behind"
done
at_exit rm -rf "/tmp/$esc-x"
check_eq "the volume holds only the planted links" "abs absdots rel" "$(cd "$H/vol" && echo *)"
