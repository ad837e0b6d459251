#!/usr/bin/env bash
# Attacks the runtime binary on the start path (the CVE-2019-5736 pattern): a container without
# a pid namespace of its own (so that it sees the host's processes) and with the default
# capabilities watches for a starting container's init while it still runs nsinit, opens
# /proc/PID/exe with O_PATH, keeps the descriptor, and once no nsinit runs reopens it for
# writing and writes into it. The starts use a COPY of nsinit in the test's own directory, the
# file the attacker aims at; the binary of the build is never a target. Secure: the watcher
# never reaches the copy, and the copy is unchanged.
# ATTACK_EXE_STARTS (default 30) sets the number of starts while the watcher runs.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

STARTS=${ATTACK_EXE_STARTS:-30}
HELPER=$TESTTMP/sechelper
"${CC:-cc}" -static -O2 -o "$HELPER" "$SRCDIR/tests/fixtures/sechelper.c" 2>"$TESTTMP/cc.err" ||
    skip "no static C compiler: $(head -n 1 "$TESTTMP/cc.err")"

# The target: a copy of nsinit under its usual name, in a directory of its own.
mkdir -p "$TESTTMP/bin"
cp "$NSINIT" "$TESTTMP/bin/nsinit"
COPY=$TESTTMP/bin/nsinit
copy_sum=$(cksum <"$COPY")
build_sum=$(cksum <"$NSINIT")
target=$(stat -L -c '%d:%i' "$COPY")

# The watcher: no NEWPID, no capabilities key (the default set).
NOPID_CONFIG=$(sed '/"NEWPID": true,/d' <<<"$DEFAULT_CONFIG")
W=$TESTTMP/watcher
mkcontainer "$W" "$NOPID_CONFIG"
cp "$HELPER" "$W/bin/sechelper"
# The starting containers: the default config.
B=$TESTTMP/started
mkcontainer "$B"

# The watch lasts until the starts are done (the file /tmp/stop), 90 s at most; then the watcher
# tries for 3 s to write what it kept.
NSINIT_TIMEOUT=110 nsinit_bg --root "$W" --rootfs "$W" exec -- sh -c "echo up >/tmp/up
    exec sechelper exe-grab 90 $target nsinit 3 /tmp/stop >/tmp/watch 2>&1"
WPID=$NSINIT_PID
wait_for 10 test -s "$W/tmp/up" || bail "the watching container did not start"
sleep 0.2

ok_starts=0
t0=$SECONDS
for ((i = 0; i < STARTS; i++)); do
    "$COPY" --root "$B" --rootfs "$B" exec -- true >/dev/null 2>&1 && ok_starts=$((ok_starts + 1))
done
start_secs=$((SECONDS - t0))
check_eq "$STARTS starts with the copy of nsinit ran while the container watched" "$STARTS" "$ok_starts"
touch "$W/tmp/stop"
wait "$WPID"
summary=$(grep '^seen' "$W/tmp/watch")
echo "# $STARTS starts in ${start_secs}s; watcher: $summary"
check_match "the starting init's executable was never reached through /proc/PID/exe" \
    "^seen [0-9]+ reached 0 wrote 0$" \
    "$summary$(grep -E '^(reached|wrote|write)' "$W/tmp/watch" | head -n 5 | sed 's/^/; /')"
check_eq "the copy of nsinit is unchanged" "$copy_sum" "$(cksum <"$COPY")"
check_eq "the build's nsinit is unchanged" "$build_sum" "$(cksum <"$NSINIT")"
check_clean "$W" "the watcher: nothing left behind"
check_clean "$B" "the started containers: nothing left behind"
