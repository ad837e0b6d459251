#!/usr/bin/env bash
# Every sample config loads with `nsinit config` (and its output loads again) and runs; the seed's
# minimal.json runs as daemon with what it asks for. A sample with a
# veth network runs from a network namespace of the test's own that has no bridge: it fails
# cleanly, naming the missing bridge (network_errors.sh runs attach_to_bridge.json with one).
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root
need_cmd ip nsenter
# minimal.json and attach_to_bridge.json name their cgroup docker/docker-koye
cg_enter_own

samples=("$SAMPLES"/*.json)
for f in "$SAMPLES/minimal.json" "$SAMPLES/attach_to_bridge.json"; do
    [ -e "$f" ] || bail "missing sample config $f"
done

host_links() { ip -o link show 2>/dev/null | awk -F': ' '{ print $2 }' | sort; }
links_before=$(host_links)
# Where the veth samples run: a network namespace with lo alone, no bridge.
NONET=lcsamples$$
netns_add "$NONET"
nonet_links() { ip -n "$NONET" -o link show 2>/dev/null | awk -F': ' '{ print $2 }' | sort; }

n=0
for f in "${samples[@]}"; do
    n=$((n + 1))
    name=${f#"$SRCDIR/"}
    d=$TESTTMP/s$n
    mkcontainer "$d" "$f"
    run nsinit --root "$d" --rootfs "$d" config
    check_eq "$name: nsinit config loads it" "0" "$status" || echo "# $stderr"
    first=$stdout
    d2=$TESTTMP/s$n-again
    mkdir -p "$d2"
    printf '%s\n' "$first" >"$d2/container.json"
    run nsinit --root "$d2" --rootfs "$d" config
    check_eq "$name: the printed config loads again, unchanged" "0 $first" "$status $stdout"

    # Each runs (a veth one, where its bridge does not exist, fails cleanly).
    if grep -q '"veth"' "$f"; then
        run nsinit_in "$NONET" --root "$d" --rootfs "$d" exec -- \
            /bin/sh -c 'echo sample-ok' </dev/null
        re='^125 nsinit: network: networks\[[0-9]+\] \(veth\): bridge [^ ]+ does not exist$'
        check_match "$name: without its bridge, a veth network fails cleanly (125)" "$re" \
            "$status $stderr"
        check_eq "$name: no link left" "lo" "$(nonet_links)"
    else
        run nsinit --root "$d" --rootfs "$d" exec -- /bin/sh -c 'echo sample-ok' </dev/null
        text=$(tr -d '\r' <<<"$stdout")
        check_eq "$name: runs /bin/sh -c 'echo sample-ok'" "0 sample-ok" "$status $text"
    fi
    check_clean "$d" "$name: nothing left behind"
done

# ---- minimal.json -------------------------------------------------------------------------
M=$TESTTMP/minimal
mkcontainer "$M" "$SAMPLES/minimal.json"
run nsinit --root "$M" --rootfs "$M" exec -- id </dev/null
check_match "minimal.json: id runs as daemon" "^0 uid=1\(daemon\) gid=1\(daemon\)" \
    "$status $(tr -d '\r' <<<"$stdout")"
run nsinit --root "$M" --rootfs "$M" exec -- sh -c 'hostname; env; grep CapBnd /proc/self/status' \
    </dev/null
text=$(tr -d '\r' <<<"$stdout")
check_eq "minimal.json: hostname" "koye" "$(head -n 1 <<<"$text")"
check_match "minimal.json: the configured environment" \
    "HOSTNAME=koye.*HOME=/.*TERM=xterm.*PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    "$(grep -vE '^(SHLVL|PWD)=' <<<"$text" | tr '\n' ' ')"
# CHOWN DAC_OVERRIDE FOWNER MKNOD NET_RAW SETGID SETUID SETFCAP SETPCAP NET_BIND_SERVICE
# SYS_CHROOT KILL: bits 0 1 3 27 13 6 7 31 8 10 18 5.
check_match "minimal.json: the bounding set is the 12 capabilities" "CapBnd:[[:space:]]+00000000880425eb" "$text"
run nsinit --root "$M" --rootfs "$M" exec -- sh -c 'ls /sys/class/net; cat /sys/class/net/lo/mtu;
    cat /sys/class/net/lo/flags' </dev/null
check_eq "minimal.json: only lo, up, with the configured mtu" "lo 1500 0x9" \
    "$(tr -d '\r' <<<"$stdout" | tr '\n' ' ' | sed 's/ $//')"
run nsinit --root "$M" --rootfs "$M" exec -- sh -c 'for d in null zero full tty urandom random; do
    stat -c "%n %A %t,%T" /dev/$d; done' </dev/null
check_eq "minimal.json: its device_nodes" "/dev/null crw-rw-rw- 1,3
/dev/zero crw-rw-rw- 1,5
/dev/full crw-rw-rw- 1,7
/dev/tty crw-rw-rw- 5,0
/dev/urandom crw-rw-rw- 1,9
/dev/random crw-rw-rw- 1,8" "$(tr -d '\r' <<<"$stdout")"
check_clean "$M" "minimal.json: nothing left behind"

# ---- attach_to_bridge.json, where there is no docker0 -----------------------------------------
A=$TESTTMP/bridge
mkcontainer "$A" "$SAMPLES/attach_to_bridge.json"
mounts_before=$(awk '{ print $5 }' /proc/self/mountinfo | sort)
run nsinit_in "$NONET" --root "$A" --rootfs "$A" exec -- /bin/sh -c 'echo should-not-run' </dev/null
check_eq "attach_to_bridge.json without docker0: exit 125" "125" "$status"
check_eq "attach_to_bridge.json without docker0: one line naming networks[1] and the bridge" \
    "nsinit: network: networks[1] (veth): bridge docker0 does not exist" "$stderr"
check_eq "attach_to_bridge.json without docker0: the command did not run" "" \
    "$(tr -d '\r' <<<"$stdout")"
check_eq "attach_to_bridge.json without docker0: no link created where it ran" "lo" "$(nonet_links)"
check_eq "attach_to_bridge.json without docker0: no link created on the host" "$links_before" \
    "$(host_links)"
check_eq "attach_to_bridge.json: no mount left on the host" "$mounts_before" \
    "$(awk '{ print $5 }' /proc/self/mountinfo | sort)"
check_clean "$A" "attach_to_bridge.json: nothing left behind"
ip netns delete "$NONET"
check_no_netns "$NONET"
