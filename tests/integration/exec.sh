#!/usr/bin/env bash
# What a process started by `nsinit exec` sees from inside: pid 1, its own processes only, the
# hostname, /proc and /dev, bind mounts, a read-only rootfs, no_pivot_root, its user and
# groups, environment, working directory and capabilities. Nothing may be left on the host.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

# ---- the default container ------------------------------------------------------------
C=$TESTTMP/c
mkcontainer "$C"

run nsexec "$C" readlink /proc/self
check_eq "the command is pid 1" "0 1" "$status $stdout"

cmdline_of_1() { nsexec "$C" cat /proc/1/cmdline | tr '\0' ' '; }
run cmdline_of_1
check_eq "pid 1's command line is the command" "cat /proc/1/cmdline " "$stdout"

# A host process the container must not see.
sleep 3800 &
host_sleep=$!
disown "$host_sleep"
at_exit kill -KILL "$host_sleep"
run nsexec "$C" ps -o pid,comm
check_eq "ps shows only the container's own process" "0 1:ps" \
    "$status $(awk 'NR > 1 { printf "%s%s:%s", sep, $1, $2; sep = " " }' <<<"$stdout")"
run nsexec "$C" ls /proc
check_eq "/proc lists only pid 1" "1" "$(grep -E '^[0-9]+$' <<<"$stdout" | tr '\n' ' ' | sed 's/ $//')"
run nsexec "$C" kill -0 "$host_sleep"
check_match "a host pid cannot be signalled from inside" "^[1-9]" "$status"

host_name=$(hostname)
run nsexec "$C" hostname
check_eq "hostname inside" "test" "$stdout"
check_eq "the host's hostname is unchanged" "$host_name" "$(hostname)"

run nsexec "$C" cat /proc/mounts
check_eq "/proc is a proc mount" "proc" "$(awk '$2 == "/proc" { print $3 }' <<<"$stdout")"
check_eq "/sys is a sysfs mount" "sysfs" "$(awk '$2 == "/sys" { print $3 }' <<<"$stdout")"
check_eq "/dev is a tmpfs" "tmpfs" "$(awk '$2 == "/dev" { print $3 }' <<<"$stdout")"
check_eq "/dev/pts is a devpts" "devpts" "$(awk '$2 == "/dev/pts" { print $3 }' <<<"$stdout")"
check_eq "/dev/shm is a tmpfs" "tmpfs" "$(awk '$2 == "/dev/shm" { print $3 }' <<<"$stdout")"
check_eq "/dev/mqueue is an mqueue" "mqueue" "$(awk '$2 == "/dev/mqueue" { print $3 }' <<<"$stdout")"

run nsexec "$C" ls -A1 /dev
check_eq "/dev holds the default set and nothing else" \
    "fd full mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero" \
    "$(sort <<<"$stdout" | tr '\n' ' ' | sed 's/ $//')"

run nsexec "$C" stat -c '%n %A %t,%T %u:%g' /dev/null /dev/zero /dev/full /dev/random \
    /dev/urandom /dev/tty /dev/pts/ptmx
check_eq "device nodes: type, mode, major,minor, owner" \
    "/dev/null crw-rw-rw- 1,3 0:0
/dev/zero crw-rw-rw- 1,5 0:0
/dev/full crw-rw-rw- 1,7 0:0
/dev/random crw-rw-rw- 1,8 0:0
/dev/urandom crw-rw-rw- 1,9 0:0
/dev/tty crw-rw-rw- 5,0 0:0
/dev/pts/ptmx crw-rw-rw- 5,2 0:0" "$stdout"

run nsexec "$C" stat -c '%n %a' /dev /dev/shm /dev/mqueue /dev/pts
check_eq "directory modes under /dev" "/dev 755
/dev/shm 1777
/dev/mqueue 1777
/dev/pts 755" "$stdout"

run nsexec "$C" sh -c 'for l in /dev/ptmx /dev/fd /dev/stdin /dev/stdout /dev/stderr; do
    readlink $l; done'
check_eq "/dev links" "pts/ptmx /proc/self/fd /proc/self/fd/0 /proc/self/fd/1 /proc/self/fd/2" \
    "$(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"

run nsexec "$C" stat -c %d /dev/pts
check_match "/dev/pts is a new devpts instance, not the host's" "^[0-9]+$" "$stdout"
check "/dev/pts device differs from the host's" [ "$stdout" != "$(stat -c %d /dev/pts)" ]

run nsexec "$C" sh -c 'echo x >/dev/null && head -c 5 /dev/zero | wc -c &&
    head -c 7 /dev/urandom | wc -c && echo x >/dev/shm/f && cat /dev/shm/f &&
    { echo x >/dev/full && echo full-accepted-write; true; } && ls /dev/fd/ | grep -qx 1 && echo fd'
check_eq "devices work: null, zero, urandom, shm, full refuses writes, /dev/fd" "0 5 7 x fd" \
    "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ *$//')"

run nsexec "$C" pwd
check_eq "working directory defaults to /" "/" "$stdout"

run nsexec "$C" sh -c 'umask'
check_eq "umask is 022" "0022" "$stdout"

check_clean "$C" "default container: nothing left behind"

# ---- bind mounts ----------------------------------------------------------------------
H=$TESTTMP/host
mkdir -p "$H/ro" "$H/rw"
echo "read only data" >"$H/ro/f"
echo "host file" >"$H/file"
B=$TESTTMP/bind
mkcontainer "$B" "$(config_with '"mount_config": {
        "mounts": [
            {"type": "bind", "source": "'"$H/ro"'", "destination": "/mnt/ro"},
            {"type": "bind", "source": "'"$H/rw"'", "destination": "/mnt/rw", "writable": true},
            {"type": "bind", "source": "'"$H/file"'", "destination": "/etc/bound", "private": true}
        ]
    }')"

run nsexec "$B" cat /mnt/ro/f
check_eq "read-only bind: host content visible" "0 read only data" "$status $stdout"
run nsexec "$B" sh -c 'echo x >/mnt/ro/new'
check_match "read-only bind: write fails" "Read-only file system" "$status $stderr"
check "read-only bind: nothing written on the host" [ ! -e "$H/ro/new" ]
run nsexec "$B" sh -c 'echo "from inside" >/mnt/rw/new && cat /mnt/rw/new'
check_eq "writable bind: write succeeds" "0 from inside" "$status $stdout"
check_eq "writable bind: the write is visible on the host" "from inside" "$(cat "$H/rw/new" 2>&1)"
echo "written on the host" >"$H/rw/host"
run nsexec "$B" cat /mnt/rw/host
check_eq "writable bind: a host write is visible inside" "written on the host" "$stdout"
run nsexec "$B" sh -c 'cat /etc/bound; echo x >/etc/bound'
check_match "bind onto a file: host content, read-only" "^[1-9][0-9]* host file .*Read-only" \
    "$status $stdout $stderr"
check_eq "bind onto a file: host file unchanged" "host file" "$(cat "$H/file")"
run nsexec "$B" cat /proc/self/mountinfo
check_eq "bind mounts are mounted at their destinations" "/etc/bound /mnt/ro /mnt/rw" \
    "$(awk '$5 ~ "^/(mnt|etc)/" { print $5 }' <<<"$stdout" | sort | tr '\n' ' ' | sed 's/ $//')"
run nsexec "$B" sh -c 'touch /rootfs-write && echo ok'
check_eq "the rootfs itself is writable without readonly_fs" "0 ok" "$status $stdout"
check_clean "$B" "bind mounts: nothing left behind"
check_eq "bind sources untouched on the host" "f" "$(ls "$H/ro")"

# ---- readonly_fs ----------------------------------------------------------------------
R=$TESTTMP/ro
mkcontainer "$R" "$(config_with '"mount_config": {
        "readonly_fs": true,
        "mounts": [
            {"type": "bind", "source": "'"$H/rw"'", "destination": "/mnt/rw", "writable": true}
        ]
    }')"
run nsexec "$R" sh -c 'touch /x'
check_match "readonly_fs: writing to / fails" "Read-only file system" "$status $stderr"
run nsexec "$R" sh -c 'echo x >/etc/hostname'
check_match "readonly_fs: overwriting a file fails" "Read-only file system" "$status $stderr"
check_eq "readonly_fs: the file is unchanged" "rootfs" "$(cat "$R/etc/hostname")"
check "readonly_fs: nothing created in the rootfs" [ ! -e "$R/x" ]
run nsexec "$R" sh -c 'echo x >/dev/null && echo y >/dev/shm/y && cat /dev/shm/y &&
    cat /proc/1/comm && echo z >/mnt/rw/z && echo ok'
check_eq "readonly_fs: /dev, /dev/shm, /proc and a writable bind still work" "0 y sh ok" \
    "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
run nsexec "$R" cat /proc/mounts
check_match "readonly_fs: / is mounted ro" "^ro(,|$)" "$(awk '$2 == "/" { print $4 }' <<<"$stdout")"
check_clean "$R" "readonly_fs: nothing left behind"

# ---- no_pivot_root --------------------------------------------------------------------
# The container directory apart from the rootfs, so that its pid file is not in the listing.
P=$TESTTMP/nopivot
PD=$TESTTMP/nopivot-dir
mkcontainer "$P" "$(config_with '"mount_config": {"no_pivot_root": true}')"
mkdir -p "$PD"
mv "$P/container.json" "$PD/"
echo "inside nopivot" >"$P/marker"
run nsinit --root "$PD" --rootfs "$P" exec -- sh -c 'echo $$; hostname; cat /marker; ls /'
check_eq "no_pivot_root: pid 1, hostname, the rootfs is /" \
    "0 1 test inside nopivot $(cd "$P" && ls | tr '\n' ' ' | sed 's/ $//')" \
    "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
run nsinit --root "$PD" --rootfs "$P" exec -- sh -c 'cd /../../..; cat marker'
check_eq "no_pivot_root: .. from / stays in the rootfs" "inside nopivot" "$stdout"
run nsinit --root "$PD" --rootfs "$P" exec -- ls -A1 /dev
check_eq "no_pivot_root: /dev is set up" \
    "fd full mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero" \
    "$(sort <<<"$stdout" | tr '\n' ' ' | sed 's/ $//')"
check_clean "$P" "no_pivot_root: nothing left behind in the rootfs"
check_clean "$PD" "no_pivot_root: nothing left behind in the container directory"

# ---- users and groups -----------------------------------------------------------------
# ids SPEC WANT: WANT is "name|Uid: ...|Gid: ...|Groups: ..." as /proc/self/status says it.
ids()
{
    local spec=$1 want=$2 d
    d=$TESTTMP/user-${spec//:/-}
    mkcontainer "$d" "$(config_with "\"user\": \"$spec\"")"
    run nsexec "$d" sh -c 'id -un; grep -E "^(Uid|Gid|Groups):" /proc/self/status'
    check_eq "user \"$spec\": name, uid, gid, groups" "$want" \
        "$(awk '{ $1 = $1; print }' <<<"$stdout" | paste -sd '|')"
    check_clean "$d" "user \"$spec\": nothing left behind"
}
ids root "root|Uid: 0 0 0 0|Gid: 0 0 0 0|Groups: 0"
ids daemon "daemon|Uid: 1 1 1 1|Gid: 1 1 1 1|Groups: 1 10"
ids alice "alice|Uid: 1000 1000 1000 1000|Gid: 1000 1000 1000 1000|Groups: 10 100 1000"
ids 1000:100 "alice|Uid: 1000 1000 1000 1000|Gid: 100 100 100 100|Groups: 10 100"
ids alice:wheel "alice|Uid: 1000 1000 1000 1000|Gid: 10 10 10 10|Groups: 10 100"
ids 1 "daemon|Uid: 1 1 1 1|Gid: 1 1 1 1|Groups: 1 10"

# ---- environment and working directory ------------------------------------------------
E=$TESTTMP/env
mkcontainer "$E" '{
    "hostname": "envtest",
    "environment": [
        "PATH=/usr/bin:/bin",
        "HOME=/home/alice",
        "A=1",
        "WITH_SPACE=two words",
        "EMPTY=",
        "EQ=a=b"
    ],
    "working_dir": "/home/alice",
    "user": "alice",
    "namespaces": {"NEWNS": true, "NEWUTS": true, "NEWIPC": true, "NEWPID": true, "NEWNET": true}
}'
run env LEAK_FROM_HOST=1 "$NSINIT" --root "$E" --rootfs "$E" exec -- env
check_eq "environment is exactly the configured list" "PATH=/usr/bin:/bin
HOME=/home/alice
A=1
WITH_SPACE=two words
EMPTY=
EQ=a=b" "$stdout"
run nsexec "$E" pwd
check_eq "working_dir" "/home/alice" "$stdout"
run nsexec "$E" sh -c 'touch here && ls -n here | awk "{ print \$3 }"'
check_eq "working_dir is usable by the user" "1000" "$stdout"
check_clean "$E" "environment: nothing left behind"

# ---- capabilities ---------------------------------------------------------------------
CAPS=(CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP
      LINUX_IMMUTABLE NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER
      SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE
      SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP)
# capmask NAME...: the 64-bit mask /proc/PID/status prints for these capabilities.
capmask()
{
    local name i mask=0
    for name in "$@"; do
        for i in "${!CAPS[@]}"; do
            [ "${CAPS[i]}" != "$name" ] || mask=$((mask | (1 << i)))
        done
    done
    printf '%016x\n' "$mask"
}
# capstatus NAME...: starts a container keeping these capabilities and checks the sets.
capstatus()
{
    local d json want
    CAPN=$((${CAPN:-0} + 1))
    d=$TESTTMP/caps$CAPN
    json=$(printf '"%s", ' "$@")
    mkcontainer "$d" "$(config_with "\"capabilities\": [${json%, }]")"
    want=$(capmask "$@")
    run nsexec "$d" grep -E '^Cap(Bnd|Eff|Prm):' /proc/self/status
    check_eq "capabilities ($*): bounding, effective, permitted" \
        "CapPrm: $want|CapEff: $want|CapBnd: $want" \
        "$(awk '{ $1 = $1; print }' <<<"$stdout" | paste -sd '|')"
    CAPDIR=$d
}
capstatus CHOWN DAC_OVERRIDE FOWNER MKNOD NET_RAW SETGID SETUID SETFCAP SETPCAP \
    NET_BIND_SERVICE SYS_CHROOT KILL
run nsexec "$CAPDIR" sh -c 'touch /tmp/c && chown 1000 /tmp/c && stat -c %u /tmp/c'
check_eq "with CHOWN: chown works" "0 1000" "$status $stdout"
run nsexec "$CAPDIR" hostname other
check_match "without SYS_ADMIN: sethostname is refused" "^[1-9].*(not permitted|denied)" \
    "$status $stderr"
run nsexec "$CAPDIR" mount -t tmpfs none /tmp
check_match "without SYS_ADMIN: mount is refused" "^[1-9].*(not permitted|denied)" \
    "$status $stderr"
check_clean "$CAPDIR" "capabilities: nothing left behind"
capstatus KILL
run nsexec "$CAPDIR" sh -c 'touch /tmp/c && chown 1000 /tmp/c'
check_match "without CHOWN: chown is refused" "^[1-9].*not permitted" "$status $stderr"
check_clean "$CAPDIR" "capabilities: nothing left behind"
capstatus SYS_ADMIN
run nsexec "$CAPDIR" sh -c 'hostname other && hostname'
check_eq "with SYS_ADMIN: sethostname works" "0 other" "$status $stdout"
check_eq "the host's hostname is still unchanged" "$host_name" "$(hostname)"
check_clean "$CAPDIR" "capabilities: nothing left behind"

# ---- device_nodes replaces the default set ---------------------------------------------
DV=$TESTTMP/devices
mkcontainer "$DV" "$(config_with '"mount_config": {"device_nodes": [
        {"path": "/dev/null", "type": 99, "major_number": 1, "minor_number": 3, "file_mode": 438},
        {"path": "/dev/zero", "type": "c", "major_number": 1, "minor_number": 5, "file_mode": 384},
        {"path": "/dev/net/tun", "type": "c", "major_number": 10, "minor_number": 200, "file_mode": 432}
    ]}')"
run nsexec "$DV" sh -c 'ls /dev | grep -xE "null|zero|full|random|urandom|tty|net" | sort | paste -sd " ";
    stat -c "%n %A %t,%T" /dev/null /dev/zero /dev/net/tun'
check_eq "device_nodes: exactly the listed nodes, with their modes" "net null zero
/dev/null crw-rw-rw- 1,3
/dev/zero crw------- 1,5
/dev/net/tun crw-rw---- a,c8" "$stdout"
check_clean "$DV" "device_nodes: nothing left behind"

# ---- readonly_fs and no_pivot_root together ----------------------------------------------
RP=$TESTTMP/ro-nopivot
mkcontainer "$RP" "$(config_with '"mount_config": {"readonly_fs": true, "no_pivot_root": true}')"
run nsexec "$RP" sh -c 'echo $$; touch /x 2>/dev/null || echo ro; echo x >/dev/null && echo dev-ok'
check_eq "readonly_fs with no_pivot_root: pid 1, / read-only, /dev works" "0 1 ro dev-ok" \
    "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
check_clean "$RP" "readonly_fs with no_pivot_root: nothing left behind"

# ---- when init exits, the rest of the container is gone before nsinit returns ---------
OR=$TESTTMP/orphans
mkcontainer "$OR"
run nsexec "$OR" sh -c 'sleep 3801 </dev/null >/dev/null 2>&1 & sleep 3802 </dev/null >/dev/null 2>&1 & echo bg'
check_eq "init leaves background children and exits" "0 bg" "$status $stdout"
check_eq "its children are gone when nsinit returns" "" \
    "$(ps -e -o pid= -o args= | awk '$2 == "sleep" && ($3 == "3801" || $3 == "3802")')"
check_clean "$OR" "orphans: nothing left behind"
