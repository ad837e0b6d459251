#!/usr/bin/env bash
# Networks that work: containers on a bridge in a namespace standing for the host ping each
# other and move data over TCP; the default route leads to the bridge; lo, mtu, mac, addresses,
# txqueuelen and routes (IPv4 and IPv6) are as configured, read from inside; the host end of a
# veth is named from veth_prefix, sits on the bridge and is up; a joining process and a
# container of the netns strategy see the same interfaces; the host end goes away however the
# container ends, and no namespace of the test is left.
# The whole topology lives in network namespaces this test makes; traffic goes only to them.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root
need_cmd ip nsenter

H=lcnet$$h     # stands for the host: bridge br0
X=lcnet$$x     # a namespace made with `ip netns add`, joined by path
# The veths in the test's own namespace that could be this test's host ends (other links there
# are not the test's business).
own_links() { veths_in "" | grep -E '^(lc[a-z0-9]{0,5}|veth)[0-9a-f]{8}$'; }
own_links_before=$(own_links)

netns_add "$H"
if ! { ip -n "$H" link add br0 type bridge &&
    ip -n "$H" addr add 10.88.0.1/24 dev br0 &&
    ip -n "$H" addr add 10.77.0.1/24 dev br0 &&
    ip -n "$H" addr add fd00:88::1/64 dev br0 nodad &&
    ip -n "$H" addr add fd00:77::1/64 dev br0 nodad &&
    ip -n "$H" addr add 10.66.0.1/32 dev lo &&
    ip -n "$H" addr add fd00:66::1/128 dev lo &&
    ip -n "$H" link set br0 up; }; then
    bail "cannot build the bridge in $H"
fi
netns_add "$X"
if ! { ip -n "$X" link add xbr0 type bridge && ip -n "$X" addr add 10.44.0.1/24 dev xbr0 &&
    ip -n "$X" link set xbr0 up; }; then
    bail "cannot add xbr0 to $X"
fi
X_links=$(ip -n "$X" -o link show | awk -F': ' '{ print $2 }')

# netcfg MEMBER...: the default config (new network namespace) with ping's capability and
# MEMBERs ('"networks": [...]', '"routes": [...]').
netcfg() { config_with '"capabilities": ["NET_RAW"]' "$@"; }

# lines TEXT: TEXT without carriage returns, its lines joined by single spaces.
lines() { tr -d '\r' <<<"$1" | tr '\n' ' ' | sed 's/ *$//'; }

# listening PID PORT: a TCP socket listens on PORT in PID's network namespace.
listening()
{
    local hex
    hex=$(printf '%04X' "$2")
    cat "/proc/$1/net/tcp" "/proc/$1/net/tcp6" 2>/dev/null |
        awk -v p=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { f = 1 } END { exit !f }'
}

# start_bg NAME DIR CMD...: starts DIR's container in $H in the background (output to
# $TESTTMP/NAME.out) and waits for its pid file; sets <NAME>_NSINIT and <NAME>_INIT.
start_bg()
{
    local name=$1 dir=$2
    shift 2
    nsinit_bg_in "$H" --root "$dir" --rootfs "$dir" exec -- "$@" >"$TESTTMP/$name.out" 2>&1
    printf -v "${name}_NSINIT" '%s' "$NSINIT_PID"
    if wait_for 30 test -s "$dir/pid"; then
        printf -v "${name}_INIT" '%s' "$(cat "$dir/pid")"
    else
        printf -v "${name}_INIT" '%s' ""
        not_ok "container $name started" "no pid file" "$(cat "$TESTTMP/$name.out")"
    fi
}

# ---- mtu, mac, addresses, txqueuelen and the default route, read from inside ------------------
C=$TESTTMP/cfg
mkcontainer "$C" "$(netcfg '"networks": [
        {"type": "loopback", "mtu": 16384},
        {"type": "veth", "bridge": "br0", "veth_prefix": "lccfg", "name": "net0",
         "mac_address": "02:42:0a:58:00:05", "address": "10.88.0.5/24",
         "gateway": "10.88.0.1", "ipv6_address": "fd00:88::5/64",
         "ipv6_gateway": "fd00:88::1", "mtu": 1400, "txqueuelen": 123}
    ]')"
run nsexec_in "$H" "$C" sh -c 'cd /sys/class/net && echo $(ls)
    for f in lo/mtu lo/operstate net0/mtu net0/address net0/tx_queue_len net0/operstate; do
        echo "$f=$(cat $f)"
    done
    ip -o -4 addr show dev net0 | awk "{ print \$4 }"
    ip -o -6 addr show dev net0 scope global | awk "{ print \$4 }"
    ip -o -4 addr show dev lo | awk "{ print \$4 }"
    ip -4 route show default
    ip -4 route get 10.77.0.1 | head -n 1
    ping -c 1 -W 5 10.77.0.1 >/dev/null && echo reached
    ip -6 route show default | head -n 1
    ping6 -c 1 -W 5 fd00:77::1 >/dev/null && echo reached6'
text=$(tr -d '\r' <<<"$stdout")
check_eq "config: the container runs" "0" "$status" || echo "# $stderr"
check_eq "config: interfaces lo and net0 (the veth's name), nothing else" "lo net0" \
    "$(sed -n 1p <<<"$text")"
check_eq "config: lo's mtu as configured" "lo/mtu=16384" "$(grep '^lo/mtu=' <<<"$text")"
check_match "config: lo is up" "lo/operstate=(unknown|up)" "$(grep '^lo/operstate=' <<<"$text")"
check_eq "config: net0's mtu as configured" "net0/mtu=1400" "$(grep '^net0/mtu=' <<<"$text")"
check_eq "config: net0's mac_address as configured" "net0/address=02:42:0a:58:00:05" \
    "$(grep '^net0/address=' <<<"$text")"
check_eq "config: net0's txqueuelen as configured" "net0/tx_queue_len=123" \
    "$(grep '^net0/tx_queue_len=' <<<"$text")"
check_eq "config: net0 is up" "net0/operstate=up" "$(grep '^net0/operstate=' <<<"$text")"
check_eq "config: net0's IPv4 address" "10.88.0.5/24" "$(sed -n 8p <<<"$text")"
check_eq "config: net0's IPv6 address (ipv6_address)" "fd00:88::5/64" "$(sed -n 9p <<<"$text")"
check_eq "config: lo has 127.0.0.1" "127.0.0.1/8" "$(sed -n 10p <<<"$text")"
check_match "config: the default route goes through the gateway on net0" \
    "^default via 10\.88\.0\.1 dev net0" "$(sed -n 11p <<<"$text")"
check_match "config: an address off the subnet is routed through the gateway" \
    "^10\.77\.0\.1 via 10\.88\.0\.1 dev net0" "$(sed -n 12p <<<"$text")"
check_eq "config: the bridge's other address is reached through the default route" "reached" \
    "$(sed -n 13p <<<"$text")"
check_match "config: the IPv6 default route goes through ipv6_gateway on net0" \
    "^default via fd00:88::1 dev net0" "$(sed -n 14p <<<"$text")"
check_eq "config: the bridge's other IPv6 address is reached through it" "reached6" \
    "$(sed -n 15p <<<"$text")"
check_no_veth "$H" "config: no veth left in the host namespace after the container ended"
check_clean "$C" "config: nothing left behind"

# The same container without a gateway has no way there.
N=$TESTTMP/nogw
mkcontainer "$N" "$(netcfg '"networks": [
        {"type": "loopback"},
        {"type": "veth", "bridge": "br0", "veth_prefix": "lcngw", "address": "10.88.0.6/24"}
    ]')"
run nsexec_in "$H" "$N" sh -c 'ip -4 route show default; ping -c 1 -W 2 10.88.0.1 >/dev/null &&
    echo bridge-reached; ping -c 1 -W 2 10.77.0.1 >/dev/null 2>&1 || echo no-route'
check_eq "no gateway: no default route, the bridge's subnet reached, the other address not" \
    "0 bridge-reached no-route" "$status $(lines "$stdout")"
check_no_veth "$H" "no gateway: no veth left in the host namespace"
check_clean "$N" "no gateway: nothing left behind"

# ---- IPv6 and routes ------------------------------------------------------------------------
R=$TESTTMP/routes
mkcontainer "$R" "$(netcfg '"networks": [
        {"type": "loopback"},
        {"type": "veth", "bridge": "br0", "veth_prefix": "lcrt", "address": "10.88.0.7/24",
         "ipv6_address": "fd00:88::7/64"}
    ]' '"routes": [
        {"destination": "fd00:66::/64", "gateway": "fd00:88::1", "source": "fd00:88::7",
         "interface_name": "eth0"},
        {"destination": "10.66.0.0/24", "gateway": "10.88.0.1", "source": "10.88.0.7",
         "interface_name": "eth0"},
        {"destination": "10.55.0.0/24", "interface_name": "eth0"},
        {"destination": "default", "gateway": "10.88.0.1"}
    ]')"
run nsexec_in "$H" "$R" sh -c 'ip -o -6 addr show dev eth0 scope global | awk "{ print \$4 }"
    ip -6 route show fd00:66::/64
    ip -4 route show 10.66.0.0/24
    ip -4 route show 10.55.0.0/24
    ping6 -c 1 -W 5 fd00:88::1 >/dev/null && echo ping6-bridge
    ping6 -c 1 -W 5 fd00:66::1 >/dev/null && echo ping6-routed
    ping6 -c 1 -W 2 fd00:77::1 >/dev/null 2>&1 || echo ping6-no-default
    ping -c 1 -W 5 10.66.0.1 >/dev/null && echo ping-routed
    ip -4 route show default
    ping -c 1 -W 5 10.77.0.1 >/dev/null && echo ping-default'
text=$(tr -d '\r' <<<"$stdout")
check_eq "routes: the container runs" "0" "$status" || echo "# $stderr"
check_eq "routes: eth0's IPv6 address" "fd00:88::7/64" "$(sed -n 1p <<<"$text")"
check_match "routes: the IPv6 route, with its gateway and source" \
    "^fd00:66::/64 via fd00:88::1 dev eth0 .*src fd00:88::7" "$(sed -n 2p <<<"$text")"
check_match "routes: the IPv4 route, with its gateway and source" \
    "^10\.66\.0\.0/24 via 10\.88\.0\.1 dev eth0 .*src 10\.88\.0\.7" "$(sed -n 3p <<<"$text")"
check_match "routes: a route by interface alone is on-link" \
    "^10\.55\.0\.0/24 dev eth0 .*scope link" "$(sed -n 4p <<<"$text")"
check_eq "routes: ping6 reaches the bridge's IPv6 address" "ping6-bridge" "$(sed -n 5p <<<"$text")"
check_eq "routes: ping6 reaches an address only the route leads to" "ping6-routed" \
    "$(sed -n 6p <<<"$text")"
check_eq "routes: without an IPv6 gateway nothing else is reached" "ping6-no-default" \
    "$(sed -n 7p <<<"$text")"
check_eq "routes: ping reaches an address only the IPv4 route leads to" "ping-routed" \
    "$(sed -n 8p <<<"$text")"
check_match "routes: a default route by a routes entry" "^default via 10\.88\.0\.1 dev eth0" \
    "$(sed -n 9p <<<"$text")"
check_eq "routes: ping reaches the bridge's other address through it" "ping-default" \
    "$(sed -n 10p <<<"$text")"
check_no_veth "$H" "routes: no veth left in the host namespace"
check_clean "$R" "routes: nothing left behind"

# IPv6 as the veth's main address, its gateway the default route.
S=$TESTTMP/v6
mkcontainer "$S" "$(netcfg '"networks": [
        {"type": "loopback"},
        {"type": "veth", "bridge": "br0", "veth_prefix": "lcv6", "address": "fd00:88::8/64",
         "gateway": "fd00:88::1"}
    ]')"
run nsexec_in "$H" "$S" sh -c 'ip -o -6 addr show dev eth0 scope global | awk "{ print \$4 }"
    ip -6 route show default | head -n 1
    ping6 -c 1 -W 5 fd00:77::1 >/dev/null && echo ping6-default'
check_match "IPv6 address: as configured, default route through its gateway, which leads on" \
    "^0 fd00:88::8/64 default via fd00:88::1 dev eth0 .*ping6-default$" \
    "$status $(lines "$stdout")"
check_no_veth "$H" "IPv6 address: no veth left in the host namespace"
check_clean "$S" "IPv6 address: nothing left behind"

# ---- two containers on the bridge: ping and TCP -----------------------------------------------
# What a process sees of its network namespace: interfaces, addresses (an IPv6 address stops
# being "tentative" once its duplicate detection is done: not a difference), routes.
VIEW='ls /sys/class/net; ip -o addr | sed "s/ tentative//"; ip route'
A=$TESTTMP/a
B=$TESTTMP/b
mkcontainer "$A" "$(netcfg '"networks": [
        {"type": "loopback"},
        {"type": "veth", "bridge": "br0", "veth_prefix": "lca", "address": "10.88.0.2/24",
         "gateway": "10.88.0.1", "mtu": 1400}
    ]')"
mkcontainer "$B" "$(netcfg '"networks": [
        {"type": "loopback"},
        {"type": "veth", "bridge": "br0", "veth_prefix": "lcb", "address": "10.88.0.3/24",
         "gateway": "10.88.0.1"}
    ]')"
head -c 1000000 /dev/urandom >"$B/tmp/data"

# A records what it sees, listens, and stays up once the data is in. (busybox nc -l stops
# reading soon after its stdin ends: its stdin is a fifo that never does.)
start_bg A "$A" sh -c "{ $VIEW; } >/tmp/seen"'
    mkfifo /tmp/in && exec 3<>/tmp/in && nc -l -p 5000 <&3 >/tmp/got; echo $? >/tmp/nc-status
    exec sleep 3600 3>&-'
A_NET=$(netns_id "$A_INIT")
if ! wait_for 30 listening "$A_INIT" 5000; then
    not_ok "A listens on port 5000" "$(cat "$TESTTMP/A.out")"
fi

# The host end of A's veth: veth_prefix plus 8 hex digits, on the bridge, up, with the mtu.
hostend=$(veths_in "$H")
check_match "A's host end is named lca + 8 hex digits (the only veth in the host namespace)" \
    "^lca[0-9a-f]{8}$" "$hostend"
link=$(ip -n "$H" -o link show dev "$hostend" 2>&1)
check_match "A's host end is on br0" " master br0 " "$link"
check_match "A's host end is up" "<[^>]*[<,]UP[,>]" "<${link#*<}"
check_match "A's host end has the configured mtu" " mtu 1400 " "$link"
check_eq "A's host end is not in the test's own namespace" "$own_links_before" "$(own_links)"

# Join: a second exec on A's directory sees A's interfaces, addresses and routes.
run nsexec_in "$H" "$A" sh -c "$VIEW"
check_eq "join: the joined process sees the same interfaces, addresses and routes" \
    "0 $(cat "$A/tmp/seen")" "$status $stdout"
run nsexec_in "$H" "$A" stat -L -c %i /proc/self/ns/net
check_eq "join: the joined process is in A's network namespace" "0 $A_NET" "$status $stdout"
check_eq "join: no veth made for the joined process" "$hostend" "$(veths_in "$H")"
run nsinit_in "$X" --root "$A" --rootfs "$A" exec -- sh -c "$VIEW"
check_eq "join from a namespace without the bridge: the same interfaces, addresses and routes" \
    "0 $(cat "$A/tmp/seen")" "$status $stdout"
check_eq "join from a namespace without the bridge: nothing made there" "$X_links" \
    "$(ip -n "$X" -o link show | awk -F': ' '{ print $2 }')"

# B sends a megabyte to A and stays up until told.
start_bg B "$B" sh -c 'nc 10.88.0.2 5000 </tmp/data; echo $? >/tmp/sent; exec sleep 3600'
B_NET=$(netns_id "$B_INIT")
wait_for 30 test -s "$A/tmp/nc-status" || not_ok "A's nc ended" "$(cat "$TESTTMP/A.out")"
check_eq "TCP: the sender's nc succeeded" "0" "$(cat "$B/tmp/sent" 2>/dev/null)"
check_eq "TCP: the listener's nc succeeded" "0" "$(cat "$A/tmp/nc-status" 2>/dev/null)"
check "TCP: the listener got the sender's megabyte, intact" cmp "$B/tmp/data" "$A/tmp/got"
check_eq "two containers: two veths in the host namespace" "2" "$(veths_in "$H" | wc -l)"
run nsexec_in "$H" "$B" ping -c 1 -W 5 10.88.0.2
check_eq "ping: B reaches A" "0" "$status" || echo "# $stdout $stderr"
run nsexec_in "$H" "$A" ping -c 1 -W 5 10.88.0.3
check_eq "ping: A reaches B" "0" "$status" || echo "# $stdout $stderr"
run nsexec_in "$H" "$B" ping -c 1 -W 5 10.88.0.1
check_eq "ping: B reaches the bridge" "0" "$status" || echo "# $stdout $stderr"

# ---- the netns strategy -----------------------------------------------------------------------
# By /proc/<A's init>/ns/net: the container is in A's namespace and sees A's interfaces.
P=$TESTTMP/procns
mkcontainer "$P" "$(netcfg '"networks": [
        {"type": "netns", "ns_path": "/proc/'"$A_INIT"'/ns/net"}
    ]')"
run nsexec_in "$H" "$P" sh -c "$VIEW"
check_eq "netns (/proc/PID/ns/net): sees A's interfaces, addresses and routes" \
    "0 $(cat "$A/tmp/seen")" "$status $stdout"
run nsexec_in "$H" "$P" sh -c 'stat -L -c %i /proc/self/ns/net
    ping -c 1 -W 5 10.88.0.3 >/dev/null && echo reached'
check_eq "netns (/proc/PID/ns/net): in A's namespace, reaches B from A's address" \
    "0 $A_NET reached" "$status $(lines "$stdout")"
check_eq "netns (/proc/PID/ns/net): no veth made, A's and B's still there" "2" \
    "$(veths_in "$H" | wc -l)"
check_clean "$P" "netns (/proc/PID/ns/net): nothing left behind"

# Ending A and B by signal removes their host ends; their namespaces go.
run nsinit_in "$H" --root "$A" kill KILL
check_eq "kill A" "0" "$status" || echo "# $stderr"
run nsinit_in "$H" --root "$B" kill KILL
check_eq "kill B" "0" "$status" || echo "# $stderr"
wait "$A_NSINIT" && st=0 || st=$?
check_eq "A's nsinit reports the kill" "137" "$st"
wait "$B_NSINIT" && st=0 || st=$?
check_eq "B's nsinit reports the kill" "137" "$st"
check_no_veth "$H" "after A and B: no veth left in the host namespace"
check_netns_gone "$A_NET" "after A: A's network namespace is gone"
check_netns_gone "$B_NET" "after B: B's network namespace is gone"
check_clean "$A" "after A: nothing left behind"
check_clean "$B" "after B: nothing left behind"

# By a namespace file made with `ip netns add` (a bind mount), without NEWNET: the container
# sees that namespace's interfaces, and leaves them there.
F=$TESTTMP/filens
mkcontainer "$F" '{
    "hostname": "test",
    "environment": ["PATH=/bin"],
    "namespaces": {"NEWNS": true, "NEWUTS": true, "NEWIPC": true, "NEWPID": true},
    "networks": [{"type": "netns", "ns_path": "/run/netns/'"$X"'"}],
    "tty": false
}'
run nsexec_in "$H" "$F" sh -c 'echo $(ls /sys/class/net); ip -o -4 addr show dev xbr0 |
    awk "{ print \$4 }"; stat -L -c %i /proc/self/ns/net'
check_eq "netns (ip netns add file): sees its interfaces and is in it" \
    "0 lo xbr0 10.44.0.1/24 $(stat -L -c %i "/run/netns/$X")" "$status $(lines "$stdout")"
check_eq "netns (ip netns add file): its interfaces stay after the container" "xbr0" \
    "$(ip -n "$X" -o link show dev xbr0 2>/dev/null | awk -F': ' '{ print $2 }')"
check_no_veth "$H" "netns (ip netns add file): no veth made in the host namespace"
check_clean "$F" "netns (ip netns add file): nothing left behind"

# ---- other ways to end ------------------------------------------------------------------------
E=$TESTTMP/end
mkcontainer "$E" "$(netcfg '"networks": [
        {"type": "loopback"},
        {"type": "veth", "bridge": "br0", "veth_prefix": "lcend", "address": "10.88.0.9/24"}
    ]')"
run nsexec_in "$H" "$E" sh -c 'exit 3'
check_eq "exit 3: the status comes back" "3" "$status"
check_no_veth "$H" "exit 3: no veth left in the host namespace"
run nsexec_in "$H" "$E" /no/such/command
check_eq "command not found: 127" "127" "$status"
check_no_veth "$H" "command not found: no veth left in the host namespace"
start_bg E "$E" sleep 3600
E_NET=$(netns_id "$E_INIT")
kill -KILL "$E_INIT" 2>/dev/null
wait "$E_NSINIT" && st=0 || st=$?
check_eq "init killed from the host: nsinit reports it" "137" "$st"
check_no_veth "$H" "init killed from the host: no veth left in the host namespace"
check_netns_gone "$E_NET" "init killed from the host: its network namespace is gone"
check_clean "$E" "init killed from the host: nothing left behind"

# nsinit itself killed: init dies with it (parent death signal), and the kernel takes the
# namespace and both ends of the veth with it. (The pid and state files stay, stale.)
start_bg E "$E" sleep 3600
E_NET=$(netns_id "$E_INIT")
kill -KILL "$E_NSINIT"
wait "$E_NSINIT" 2>/dev/null
no_veth_in_h() { [ -z "$(veths_in "$H")" ]; }
wait_for 30 no_veth_in_h
check_no_veth "$H" "nsinit killed: no veth left in the host namespace (within 30 s)"
init_gone() { ! stat -L "/proc/$E_INIT/ns/net" >/dev/null 2>&1; }
wait_for 30 init_gone
check_netns_gone "$E_NET" "nsinit killed: the container's network namespace is gone"
rm -rf "$E/pid" "$(nsinit_state "$E")"
check_clean "$E" "nsinit killed: nothing else left behind"

# ---- nothing of the test remains --------------------------------------------------------------
check_eq "no host end of the test in the test's own namespace" "$own_links_before" "$(own_links)"
ip netns delete "$X"
ip netns delete "$H"
check_no_netns "$H" "$X"
