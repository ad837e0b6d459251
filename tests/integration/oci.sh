#!/usr/bin/env bash
# OCI bundles: a config.json read by lc_bundle_load and started by the library (the fixture
# bundlerun), each field group checked from inside the container or on the host; a refused
# field fails before anything is made and names the field; runc's own default spec where runc is
# installed; nothing left behind.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root
BUNDLERUN=${BUNDLERUN:-$SRCDIR/build/tests/bundlerun}
[ -x "$BUNDLERUN" ] || bail "not executable: $BUNDLERUN (build first, or set BUNDLERUN)"
[ -x "$ROOTFS/bin/sh" ] || skip "no root filesystem at $ROOTFS (tests/fixtures/mkrootfs.sh)"
cg_enter_own

bundlerun() { _lc_timed "$BUNDLERUN" "$@"; }

# mkbundle DIR CONFIG: DIR/config.json and DIR/rootfs, a copy of the test root filesystem.
mkbundle()
{
    mkdir -p "$1/rootfs"
    _lc_dirs+=("$(cd "$1" && pwd -P)")
    cp -a "$ROOTFS/." "$1/rootfs/" || bail "mkbundle: cannot copy $ROOTFS"
    printf '%s\n' "$2" >"$1/config.json"
}

B=$TESTTMP/bundle
DATA=$TESTTMP/data
SHARED=$TESTTMP/shared
mkdir -p "$DATA" "$SHARED"
chmod 1777 "$SHARED"
echo host-data >"$DATA/marker"
CG=oci-ctr$$
remember_cg() { cg_remove "$CG"; }
at_exit remember_cg

config()
{
    cat <<EOF
{"ociVersion": "1.2.0",
 "root": {"path": "rootfs", "readonly": true},
 "hostname": "ocihost", "domainname": "oci.example",
 "annotations": {"org.example.test": "yes"},
 "process": {"terminal": false, "cwd": "/home",
   "args": ["sh", "-c", "exit 7"],
   "env": ["PATH=/bin:/sbin", "OCI_TEST=1"],
   "user": {"uid": 1000, "gid": 100, "umask": 18, "additionalGids": [5]},
   "capabilities": {"bounding": ["CAP_KILL", "CAP_NET_BIND_SERVICE"],
     "effective": ["CAP_KILL", "CAP_NET_BIND_SERVICE"],
     "permitted": ["CAP_KILL", "CAP_NET_BIND_SERVICE"],
     "inheritable": ["CAP_NET_BIND_SERVICE"], "ambient": ["CAP_NET_BIND_SERVICE"]},
   "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 200, "soft": 100}],
   "noNewPrivileges": true, "oomScoreAdj": 123},
 "mounts": [
   {"destination": "/proc", "type": "proc", "source": "proc"},
   {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
    "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
   {"destination": "/sys", "type": "sysfs", "source": "sysfs",
    "options": ["nosuid", "noexec", "nodev", "ro"]},
   {"destination": "/mnt", "type": "bind", "source": "$DATA", "options": ["rbind", "ro"]},
   {"destination": "/srv", "source": "$SHARED", "options": ["bind", "rw"]},
   {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs",
    "options": ["nosuid", "nodev", "noexec", "size=1m", "mode=1777"]}],
 "linux": {
   "namespaces": [{"type": "pid"}, {"type": "network"}, {"type": "mount"}, {"type": "ipc"},
     {"type": "uts"}],
   "devices": [{"path": "/dev/lcfull", "type": "c", "major": 1, "minor": 7, "fileMode": 420}],
   "cgroupsPath": "oci-parent/$CG",
   "resources": {"devices": [{"allow": false, "access": "rwm"}],
     "memory": {"limit": 67108864}, "pids": {"limit": 32},
     "cpu": {"shares": 256, "quota": 50000, "period": 100000, "burst": 20000, "idle": 1},
     "unified": {"cgroup.max.descendants": "3"}},
   "sysctl": {"net.ipv4.ip_forward": "1"},
   "seccomp": {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64",
       "SCMP_ARCH_AARCH64"],
     "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]},
   "maskedPaths": ["/proc/timer_list"], "readonlyPaths": ["/proc/sys"],
   "rootfsPropagation": "rprivate"}}
EOF
}
mkbundle "$B" "$(config)"

# ---- the process and what it sees -----------------------------------------------------------
run bundlerun "$B"
check_eq "process.args: the config's command, its exit status passed through" "7" "$status" ||
    echo "# $stderr"

run bundlerun "$B" sh -c 'echo "$(hostname) $(cat /proc/sys/kernel/domainname)"; id -u; id -g
id -G; umask; pwd; echo "$OCI_TEST"; ulimit -n; ulimit -Hn; cat /proc/self/oom_score_adj
for k in CapInh CapEff CapBnd CapAmb NoNewPrivs; do grep "^$k:" /proc/self/status; done'
IFS=$'\n' read -r -d '' -a out <<<"$stdout" || true
check_eq "bundle runs" "0" "$status" || echo "# $stderr"
check_eq "hostname and domainname" "ocihost oci.example" "${out[0]}"
# the image's /etc/group adds the groups it lists for uid 1000 (alice), as runc does
check_match "process.user: uid, gid, additionalGids" "^1000 100 100 5( |$)" \
    "${out[1]} ${out[2]} ${out[3]}"
check_eq "process.user.umask (18 = 0022), process.cwd, process.env" "0022 /home 1" \
    "${out[4]} ${out[5]} ${out[6]}"
check_eq "process.rlimits: RLIMIT_NOFILE soft and hard" "100 200" "${out[7]} ${out[8]}"
check_eq "process.oomScoreAdj" "123" "${out[9]}"
# CAP_KILL is bit 5, CAP_NET_BIND_SERVICE bit 10; a process of a user other than root keeps
# across exec only what is ambient in its effective set
check_match "process.capabilities: bounding, inheritable, ambient as given" \
    "CapInh:[[:space:]]+0+400
CapEff:[[:space:]]+0+400
CapBnd:[[:space:]]+0+420
CapAmb:[[:space:]]+0+400
NoNewPrivs:[[:space:]]+1" "$(printf '%s\n' "${out[@]:10}")"
check_eq "annotations are read, and nothing is said of them" "" "$stderr"

# ---- mounts, devices, masked and read-only paths, sysctl, seccomp ---------------------------
run bundlerun "$B" sh -c 'touch /x 2>&1; cat /mnt/marker; touch /mnt/y 2>&1;
echo in-container >/srv/written && echo srv-ok; touch /tmp/t && echo tmp-ok;
grep " /tmp " /proc/mounts; grep " /sys " /proc/mounts; ls -l /dev/lcfull /dev/null;
wc -c </proc/timer_list; sh -c "echo 0 >/proc/sys/net/ipv4/ip_forward" 2>&1;
cat /proc/sys/net/ipv4/ip_forward;
mkdir /tmp/d 2>&1; echo done'
check_eq "mounts: bundle exits 0" "0" "$status" || echo "# $stderr"
check_match "root.readonly: / is read-only" "touch: /x: Read-only file system" "$stdout"
check_match "a bind mount (rbind, ro) shows the host directory, read-only" \
    "host-data
touch: /mnt/y: Read-only file system" "$stdout"
check_match "a bind mount (bind, rw) is writable" "srv-ok" "$stdout"
check_eq "... and the write reached the host directory" "in-container" "$(cat "$SHARED/written")"
check_match "a tmpfs with the filesystem's options (size=1m) and flags (noexec)" \
    "tmp-ok
tmpfs /tmp tmpfs rw,nosuid,nodev,noexec,relatime,size=1024k" "$stdout"
check_match "/sys, the runtime's own mount, read-only as the config asks" \
    "sysfs /sys sysfs ro," "$stdout"
check_match "linux.devices: the node with its mode, and the default nodes" \
    "crw-r--r-- +1 root +root +1, +7 [^
]*/dev/lcfull
crw-rw-rw- +1 root +root +1, +3 [^
]*/dev/null" "$stdout"
check_match "maskedPaths: /proc/timer_list reads empty" "(^|
)0
" "$stdout"
check_match "readonlyPaths and sysctl: /proc/sys read-only, ip_forward set to 1" \
    "Read-only file system
1
" "$stdout"
check_match "seccomp: mkdir fails with the rule's errnoRet (13)" \
    "mkdir: can't create directory '/tmp/d': Permission denied
done" "$stdout"
check_clean "$B" "a run of the bundle leaves nothing behind"

# ---- cgroupsPath and resources, from the host ------------------------------------------------
rm -f "$SHARED/stop"
bundlerun "$B" sh -c 'while [ ! -e /srv/stop ]; do sleep 0.05; done' >/dev/null 2>&1 &
bg=$!
_lc_bg+=("$bg")
found=
wait_for 30 test -n "$(cg_find "$CG")" && found=$(cg_find "$CG")
check "linux.cgroupsPath: a cgroup $CG below oci-parent" [ -n "$found" ]
mem=$(grep -l . $(printf '%s/memory.limit_in_bytes ' $found) 2>/dev/null | head -1)
[ -n "$mem" ] || mem=$(grep -l . $(printf '%s/memory.max ' $found) 2>/dev/null | head -1)
check_eq "resources.memory.limit as the host reads it" "67108864" "$(cat "$mem" 2>/dev/null)"
pids=$(for d in $found; do [ -e "$d/pids.max" ] && echo "$d/pids.max"; done | head -1)
check_eq "resources.pids.limit as the host reads it" "32" "$(cat "$pids" 2>/dev/null)"
cpu=$(for d in $found; do [ -e "$d/cpu.idle" ] && echo "$d"; done | head -1)
if [ -e "$cpu/cpu.cfs_burst_us" ]; then
    check_eq "resources.cpu.burst and idle as the host reads them" "20000 1" \
        "$(cat "$cpu/cpu.cfs_burst_us") $(cat "$cpu/cpu.idle")"
else
    check_eq "resources.cpu.burst and idle as the host reads them" "20000 1" \
        "$(cat "$cpu/cpu.max.burst" 2>/dev/null) $(cat "$cpu/cpu.idle" 2>/dev/null)"
fi
v2=$(for d in $found; do [ -e "$d/cgroup.max.descendants" ] && echo "$d"; done | head -1)
check_eq "resources.unified: a file of the container's cgroup v2 directory" "3" \
    "$(cat "$v2/cgroup.max.descendants" 2>/dev/null)"
check_match "the cgroup sits below oci-parent" "/oci-parent/$CG$" "$(echo "$found" | head -1)"
touch "$SHARED/stop"
wait "$bg"
check_eq "the waiting container ends when told" "0" "$?"
check_no_cgroup "$CG" "no cgroup directory of the bundle's left"
check_clean "$B" "nothing left behind after the cgroup run"

# ---- refused: before anything is made, naming the field ---------------------------------------
refused()
{
    local what=$1 re=$2 json=$3 d
    d=$TESTTMP/r$((++nref))
    mkbundle "$d" "$json"
    run bundlerun "$d" true
    check_match "refused: $what (125, one line naming it)" "^125 bundlerun: $re$" \
        "$status $stderr"
    check_no_cgroup "$CG-r" "refused: $what: no cgroup made"
    check_clean "$d" "refused: $what: nothing left behind"
}
nref=0
base='"ociVersion": "1.0.2", "root": {"path": "rootfs"}, "process": {"cwd": "/", "args": ["true"]}'
ns='"namespaces": [{"type": "mount"}, {"type": "pid"}]'
refused "hooks" "config: [^ ]*/config.json: hooks: not supported by this runtime" \
    "{$base, \"hooks\": {\"prestart\": [{\"path\": \"/bin/true\"}]},
      \"linux\": {$ns, \"cgroupsPath\": \"$CG-r\"}}"
refused "unified: a file that moves processes" \
    "config: [^ ]*/config.json: cgroups.unified.cgroup.procs: the runtime's own file" \
    "{$base, \"linux\": {$ns, \"cgroupsPath\": \"$CG-r\",
      \"resources\": {\"unified\": {\"cgroup.procs\": \"1\"}}}}"
refused "a major version other than 1" \
    "config: [^ ]*/config.json: ociVersion: 2.0.0: only major version 1 of the specification is read" \
    "{\"ociVersion\": \"2.0.0\", \"linux\": {$ns, \"cgroupsPath\": \"$CG-r\"}}"
refused "a time namespace" \
    "config: [^ ]*/config.json: linux.namespaces\[2\].type: not supported by this runtime: namespace time" \
    "{$base, \"linux\": {\"namespaces\": [{\"type\": \"mount\"}, {\"type\": \"pid\"},
      {\"type\": \"time\"}], \"cgroupsPath\": \"$CG-r\"}}"
refused "memory.swappiness" \
    "config: [^ ]*/config.json: linux.resources.memory.swappiness: not supported by this runtime" \
    "{$base, \"linux\": {$ns, \"cgroupsPath\": \"$CG-r\",
      \"resources\": {\"memory\": {\"swappiness\": 0}}}}"
refused "an empty config.json" "config: [^ ]*/config.json: line 2, column 1: unexpected end of input" \
    ""
rm -f "$TESTTMP/r$nref/config.json"
run bundlerun "$TESTTMP/r$nref" true
check_match "refused: a bundle without config.json (125, one line naming it)" \
    "^125 bundlerun: config: [^ ]*/config.json: [^
]*$" "$status $stderr"

# ---- runc's own default spec ----------------------------------------------------------------
if command -v runc >/dev/null 2>&1; then
    R=$TESTTMP/runcspec
    mkbundle "$R" "{}"
    (cd "$R" && rm -f config.json && runc spec) || bail "runc spec failed"
    run bundlerun "$R" sh -c 'echo "$(hostname) $(id -u)"' </dev/null
    if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
        check_eq "runc spec: its default config runs (pure cgroup v2 host)" "0 runc 0" \
            "$status $stdout"
    else
        check_match "runc spec: its cgroup mount refused on a host without cgroup v2 alone" \
            "^125 bundlerun: config: [^ ]*/config.json: mounts\[6\].type: cgroup: this runtime mounts the cgroup view only where the host has cgroup v2 alone$" \
            "$status $(tail -n 1 <<<"$stderr")"
        check_eq "runc spec: its ambient capabilities, none inheritable, named as left out" "3" \
            "$(grep -c 'process.capabilities.ambient: CAP_[A-Z_]* is not inheritable; left out' <<<"$stderr")"
        # without that one mount it runs
        python3 - "$R/config.json" <<'PY' || bail "cannot edit runc's spec"
import json, sys
c = json.load(open(sys.argv[1]))
c["mounts"] = [m for m in c["mounts"] if m["type"] != "cgroup"]
c["process"]["terminal"] = False
json.dump(c, open(sys.argv[1], "w"))
PY
        run bundlerun "$R" sh -c 'echo "$(hostname) $(id -u)"' </dev/null
        check_eq "runc spec: without its cgroup mount, its default config runs" "0 runc 0" \
            "$status $stdout"
    fi
    check_clean "$R" "runc spec: nothing left behind"
else
    note "skip: runc spec: runc is not installed"
fi
