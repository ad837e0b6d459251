#!/usr/bin/env bash
# Networks, continued: the seed's attach_to_bridge.json runs unchanged once a docker0 bridge
# with 172.17.42.1/16 exists where nsinit runs; containers started at once get distinct host
# veth names; bad network entries (missing bridge, bad CIDR, mixed families, unknown route
# interface, veth without NEWNET, ...) exit 125 with one line naming the entry, and leave
# nothing behind: no veth, no pid file, no process, no namespace of the test.
# The whole topology lives in network namespaces this test makes; traffic goes only to them.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root
need_cmd ip nsenter

# attach_to_bridge.json names its cgroup docker/docker-koye
cg_enter_own
H=lcnet$$e     # stands for the host: bridge br0
D=lcnet$$d     # stands for a docker host: bridge docker0 with 172.17.42.1/16
# The veths in the test's own namespace that could be this test's host ends (other links there
# are not the test's business).
own_links() { veths_in "" | grep -E '^(lc[a-z0-9]{0,5}|veth)[0-9a-f]{8}$'; }
links_in() { ip -n "$1" -o link show | awk -F': ' '{ sub("@.*", "", $2); print $2 }' | sort; }
own_links_before=$(own_links)

netns_add "$H"
if ! { ip -n "$H" link add br0 type bridge && ip -n "$H" addr add 10.88.0.1/24 dev br0 &&
    ip -n "$H" link set br0 up; }; then
    bail "cannot build the bridge in $H"
fi
H_links=$(links_in "$H")

# ---- attach_to_bridge.json, unchanged ---------------------------------------------------------
[ -e "$SAMPLES/attach_to_bridge.json" ] || bail "missing sample config $SAMPLES/attach_to_bridge.json"
netns_add "$D"
if ! { ip -n "$D" link add docker0 type bridge && ip -n "$D" addr add 172.17.42.1/16 dev docker0 &&
    ip -n "$D" link set docker0 up; }; then
    bail "cannot build docker0 in $D"
fi
at_exit cg_remove docker-koye
S=$TESTTMP/seed
mkcontainer "$S" "$SAMPLES/attach_to_bridge.json"
run nsexec_in "$D" "$S" sh -c 'echo $(ls /sys/class/net); cat /sys/class/net/eth0/mtu
    ip -o -4 addr show dev eth0 | awk "{ print \$4 }"; ip -4 route show default
    ping -c 1 -W 5 172.17.42.1 >/dev/null && echo reached' </dev/null
text=$(tr -d '\r' <<<"$stdout")
check_eq "attach_to_bridge.json: runs" "0" "$status" || echo "# $stderr"
check_eq "attach_to_bridge.json: eth0 and lo" "eth0 lo" "$(sed -n 1p <<<"$text")"
check_eq "attach_to_bridge.json: eth0's mtu 1500" "1500" "$(sed -n 2p <<<"$text")"
check_eq "attach_to_bridge.json: eth0 has 172.17.0.101/16" "172.17.0.101/16" \
    "$(sed -n 3p <<<"$text")"
check_match "attach_to_bridge.json: default route through 172.17.42.1" \
    "^default via 172\.17\.42\.1 dev eth0" "$(sed -n 4p <<<"$text")"
check_eq "attach_to_bridge.json: ping reaches docker0's 172.17.42.1" "reached" \
    "$(sed -n 5p <<<"$text")"
check_no_veth "$D" "attach_to_bridge.json: no veth left beside docker0"
check_clean "$S" "attach_to_bridge.json: nothing left behind"
check_no_cgroup docker-koye "attach_to_bridge.json: no cgroup docker-koye left"

# ---- containers started at once get distinct host ends ----------------------------------------
names_cfg()
{
    config_with '"networks": [{"type": "loopback"},
        {"type": "veth", "bridge": "br0", '"$1"'"address": "10.88.0.'"$2"'/24"}]'
}
pids=()
dirs=()
for i in 1 2 3 4; do
    dirs+=("$TESTTMP/same$i")
    mkcontainer "$TESTTMP/same$i" "$(names_cfg '"veth_prefix": "lcnames", ' "1$i")"
done
dirs+=("$TESTTMP/noprefix")
mkcontainer "$TESTTMP/noprefix" "$(names_cfg "" 20)"
dirs+=("$TESTTMP/twoveths")
mkcontainer "$TESTTMP/twoveths" "$(config_with '"capabilities": ["NET_RAW"]' '"networks": [
        {"type": "loopback"},
        {"type": "veth", "bridge": "br0", "veth_prefix": "lcnames", "address": "10.88.0.21/24"},
        {"type": "veth", "bridge": "br0", "veth_prefix": "lcnames", "name": "eth1",
         "address": "10.88.0.22/24"}]')"
for d in "${dirs[@]}"; do
    nsinit_bg_in "$H" --root "$d" --rootfs "$d" exec -- sleep 3600 >/dev/null 2>&1
    pids+=("$NSINIT_PID")
done
up=0
for d in "${dirs[@]}"; do
    wait_for 30 test -s "$d/pid" && up=$((up + 1))
done
check_eq "names: six containers started at once are up" "6" "$up"
hostends=$(veths_in "$H")
check_eq "names: seven host ends, all distinct" "7 7" \
    "$(wc -l <<<"$hostends") $(sort -u <<<"$hostends" | wc -l)"
check_eq "names: six are lcnames (7 characters) + 8 hex digits" "6" \
    "$(grep -cE '^lcnames[0-9a-f]{8}$' <<<"$hostends")"
check_eq "names: without veth_prefix, veth + 8 hex digits" "1" \
    "$(grep -cE '^veth[0-9a-f]{8}$' <<<"$hostends")"
check_eq "names: every host end is on br0" "7" \
    "$(ip -n "$H" -o link show type veth | grep -c ' master br0 ')"
run nsexec_in "$H" "$TESTTMP/twoveths" sh -c 'echo $(ls /sys/class/net)
    ping -c 1 -W 5 10.88.0.11 >/dev/null && echo reached'
check_eq "names: the container with two veths has eth0 and eth1, and reaches another" \
    "0 eth0 eth1 lo reached" "$status $(tr -d '\r' <<<"$stdout" | tr '\n' ' ' | sed 's/ $//')"
for d in "${dirs[@]}"; do
    nsinit_in "$H" --root "$d" kill KILL
done
ended=0
for p in "${pids[@]}"; do
    wait "$p" && st=0 || st=$?
    [ "$st" -ne 137 ] || ended=$((ended + 1))
done
check_eq "names: all six ended by the kill (137)" "6" "$ended"
check_no_veth "$H" "names: no veth left in the host namespace"
for d in "${dirs[@]}"; do
    check_clean "$d" "names: nothing left behind in ${d##*/}"
done

# ---- errors -----------------------------------------------------------------------------------
C=$TESTTMP/c
mkcontainer "$C"
printf 'not a namespace\n' >"$TESTTMP/notns"

# fails WHAT REGEX CONFIG: runs `/bin/sh -c 'echo ran'` in a container with CONFIG, from $H,
# and checks: status 125, one stderr line "nsinit: STEP: " followed by REGEX (to its end), the
# command never ran, $H's links as before (no veth), no pid file, nothing else left.
fails()
{
    local what=$1 re=$2
    printf '%s\n' "$3" >"$C/container.json"
    run nsexec_in "$H" "$C" /bin/sh -c 'echo ran'
    check_eq "$what: exit 125" "125" "$status"
    # a config error names the file it is in; a host's, the step
    check_match "$what: one line: $re" "^nsinit: [a-z]+: ([^ ]*/container\.json: )?${re}$" "$stderr"
    check_eq "$what: the command did not run" "" "$stdout"
    check_eq "$what: no link left in the host namespace" "$H_links" "$(links_in "$H")"
    check_clean "$C" "$what: nothing left behind"
}

# veth_cfg MEMBERS [TOP-LEVEL...]: the default config with networks lo and one veth on br0
# whose members are MEMBERS, plus top-level members.
veth_cfg()
{
    local m=$1
    shift
    config_with '"networks": [{"type": "loopback"},
        {"type": "veth", "bridge": "br0", "veth_prefix": "lcerr", '"$m"'}]' "$@"
}

nonet='{
    "hostname": "test",
    "environment": ["PATH=/bin"],
    "namespaces": {"NEWNS": true, "NEWUTS": true, "NEWIPC": true, "NEWPID": true},
    "tty": false'

fails "missing bridge" 'networks\[1\] \(veth\): bridge br9 does not exist' \
    "$(config_with '"networks": [{"type": "loopback"},
        {"type": "veth", "bridge": "br9", "address": "10.88.0.2/24"}]')"
fails "bridge not given" 'networks\[1\] \(veth\): bridge is required' \
    "$(config_with '"networks": [{"type": "loopback"},
        {"type": "veth", "address": "10.88.0.2/24"}]')"
fails "a bridge that is no bridge" 'networks\[1\] \(veth\): attaching lcerr[0-9a-f]{8} to lo: .+' \
    "$(config_with '"networks": [{"type": "loopback"},
        {"type": "veth", "bridge": "lo", "veth_prefix": "lcerr", "address": "10.88.0.2/24"}]')"
fails "bad CIDR" 'networks\[1\] \(veth\): address 10\.0\.0/24 is not an IPv4 or IPv6 CIDR' \
    "$(veth_cfg '"address": "10.0.0/24"')"
fails "prefix length out of range" \
    'networks\[1\] \(veth\): address 10\.88\.0\.2/33 is not an IPv4 or IPv6 CIDR' \
    "$(veth_cfg '"address": "10.88.0.2/33"')"
fails "mixed families" \
    'networks\[1\] \(veth\): gateway fd00:88::1 and address 10\.88\.0\.2/24 mix address families' \
    "$(veth_cfg '"address": "10.88.0.2/24", "gateway": "fd00:88::1"')"
fails "ipv6_address not IPv6" \
    'networks\[1\] \(veth\): ipv6_address 10\.88\.0\.3/24 is not an IPv6 CIDR' \
    "$(veth_cfg '"address": "10.88.0.2/24", "ipv6_address": "10.88.0.3/24"')"
fails "veth_prefix too long" \
    'networks\[1\] \(veth\): veth_prefix lcerror1 is longer than 7 characters' \
    "$(config_with '"networks": [{"type": "loopback"},
        {"type": "veth", "bridge": "br0", "veth_prefix": "lcerror1"}]')"
fails "two veths named eth0" 'networks\[2\] \(veth\): .*eth0.*' \
    "$(config_with '"networks": [{"type": "loopback"},
        {"type": "veth", "bridge": "br0", "veth_prefix": "lcerr", "address": "10.88.0.2/24"},
        {"type": "veth", "bridge": "br0", "veth_prefix": "lcerr", "address": "10.88.0.3/24"}]')"
fails "unknown route interface" 'routes\[0\]: interface eth9 does not exist' \
    "$(veth_cfg '"address": "10.88.0.2/24"' \
        '"routes": [{"destination": "10.66.0.0/24", "interface_name": "eth9"}]')"
fails "a route the kernel refuses (gateway off-link)" \
    'routes\[0\]: 10\.66\.0\.0/24: Network is unreachable' \
    "$(veth_cfg '"address": "10.88.0.2/24"' \
        '"routes": [{"destination": "10.66.0.0/24", "gateway": "10.99.0.1"}]')"
fails "route mixing families" \
    'routes\[0\]: gateway 10\.88\.0\.1 and destination fd00:66::/64 mix address families' \
    "$(veth_cfg '"address": "10.88.0.2/24"' \
        '"routes": [{"destination": "fd00:66::/64", "gateway": "10.88.0.1"}]')"
fails "a failure after the network is set up (a mount)" '/mnt: No such device' \
    "$(veth_cfg '"address": "10.88.0.2/24"' \
        '"mount_config": {"mounts": [{"type": "nosuchfs", "destination": "/mnt"}]}')"
fails "veth without NEWNET" 'networks\[0\] \(veth\): requires the NEWNET namespace' \
    "$nonet"',
    "networks": [{"type": "veth", "bridge": "br0", "address": "10.88.0.2/24"}]
}'
fails "routes without NEWNET" 'routes\[0\]: requires the NEWNET namespace' \
    "$nonet"',
    "routes": [{"destination": "10.66.0.0/24", "interface_name": "lo"}]
}'
fails "netns: missing ns_path file" \
    'networks\[0\] \(netns\): /nonexistent/net: No such file or directory' \
    "$nonet"',
    "networks": [{"type": "netns", "ns_path": "/nonexistent/net"}]
}'
fails "netns: ns_path not a network namespace" "networks\\[0\\] \\(netns\\): $TESTTMP/notns: .+" \
    "$nonet"',
    "networks": [{"type": "netns", "ns_path": "'"$TESTTMP/notns"'"}]
}'
fails "unknown network type" 'networks\[0\] \(bogus\): unknown network type' \
    "$nonet"',
    "networks": [{"type": "bogus"}]
}'

# ---- nothing of the test remains --------------------------------------------------------------
check_eq "no host end of the test in the test's own namespace" "$own_links_before" "$(own_links)"
ip netns delete "$D"
ip netns delete "$H"
check_no_netns "$H" "$D"
