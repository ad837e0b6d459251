#!/usr/bin/env bash
# examples/embed: the smallest program that starts a container through the API. Its default
# command prints the hostname and id; the exit status is the command's.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root
[ -x "$EMBED" ] || skip "no embed program at $EMBED"

R=$TESTTMP/r
mkcontainer "$R"

run embed "$R"
check_eq "embed ROOTFS: exit 0" "0" "$status"
check_eq "embed ROOTFS: prints the hostname, then root's id" "embedded
uid=0(root) gid=0(root)" "${stdout%% groups=*}"
check_eq "embed ROOTFS: nothing on stderr" "" "$stderr"

run embed "$ROOTFS" hostname
check_eq "embed on the shared rootfs" "0 embedded" "$status $stdout"

run embed "$R" sh -c 'echo $$; cat /sys/class/net/lo/mtu; ls /sys/class/net'
check_eq "embed: pid 1, a private network with lo only" "0 1 1500 lo" \
    "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
run embed "$R" ls /proc
check_eq "embed: the command is alone in its pid namespace" "1" \
    "$(grep -E '^[0-9]+$' <<<"$stdout" | tr '\n' ' ' | sed 's/ $//')"
run embed "$R" grep CapBnd /proc/self/status
# CHOWN DAC_OVERRIDE FOWNER SETUID SETGID KILL: bits 0 1 3 7 6 5.
check_eq "embed: the capabilities it asks for" "CapBnd: 00000000000000eb" \
    "$(awk '{ $1 = $1; print }' <<<"$stdout")"
run embed "$R" env
check_eq "embed: its environment" "PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/" \
    "$(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"

for code in 0 1 7 42 255; do
    run embed "$R" sh -c "exit $code"
    check_eq "embed: exit status $code passes through" "$code" "$status"
done

# Killed by a signal from outside: 128+9.
"$EMBED" "$R" sleep 3600 &
pid=$!
at_exit kill -KILL "$pid"
wait_for 30 pgrep -P "$pid" sleep >/dev/null || not_ok "embed's container started"
child=$(pgrep -P "$pid" sleep | head -n 1)
kill -KILL "$child"
wait "$pid" && st=0 || st=$?
check_eq "embed: a command killed by SIGKILL gives 137" "137" "$st"

run embed "$TESTTMP/no-such-rootfs" true
check_match "embed: a missing rootfs gives 125 and one line" "^125 embed: [^
]*no-such-rootfs[^
]*$" "$status $stderr"
run embed
check_match "embed without arguments: usage, 125" "^125 usage: embed ROOTFS" "$status $stderr"

check_clean "$R" "embed: nothing left behind"
