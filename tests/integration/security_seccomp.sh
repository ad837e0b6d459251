#!/usr/bin/env bash
# seccomp, compiled by the header: an errno rule makes mkdir fail with that errno while
# everything else works; kill, kill_process and trap end the process with SIGSYS (exit 159);
# trace without a tracer gives ENOSYS; log allows. Argument tests with each operator, 64-bit
# values, several tests in a rule (and) and several rules for a call (or). Rules by number. The
# filter holds for a non-root user (with or without no_new_privileges) and for joined
# processes; system calls of another ABI (i386 through int 0x80, x32) do not get around it.
# Unknown syscall names, actions and operators are config errors.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

ARCH=$(uname -m)
case $ARCH in
    x86_64 | aarch64) ;;
    *) skip "seccomp tables cover x86_64 and aarch64, not $ARCH" ;;
esac

N=0
# newc SECCOMP [MEMBER...]: a container whose config is the default with this seccomp object
# and the other members; sets D.
newc()
{
    local sc=$1
    shift
    N=$((N + 1))
    D=$TESTTMP/c$N
    mkcontainer "$D" "$(config_with "\"seccomp\": $sc" "$@")"
}
# mkdir_rules ACTION [EXTRA]: rules for mkdir and mkdirat (busybox may use either) with this
# action and extra members ("errno": 13).
mkdir_rules()
{
    local extra=${2:+, $2}
    echo '{"default_action": "allow", "syscalls": [
        {"name": "mkdir", "action": "'"$1"'"'"$extra"'},
        {"name": "mkdirat", "action": "'"$1"'"'"$extra"'}]}'
}
# Everything else a shell session does, which must keep working.
OTHERS='touch /tmp/t && ls /tmp >/dev/null && echo data >/tmp/t && cat /tmp/t && rm /tmp/t &&
    ps >/dev/null && ln -s x /tmp/l && rm /tmp/l && echo others-ok'

# ---- errno -------------------------------------------------------------------------------------
newc "$(mkdir_rules errno '"errno": 1')"
run nsexec "$D" sh -c 'mkdir /newdir; echo "mkdir:$?"; '"$OTHERS"
check_eq "errno 1 on mkdir: mkdir fails, the rest works" "0 mkdir:1 data others-ok" \
    "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
check_match "errno 1 on mkdir: Operation not permitted (EPERM)" \
    "mkdir: can't create directory '/newdir': Operation not permitted" "$stderr"
check "errno 1 on mkdir: nothing created in the rootfs" [ ! -e "$D/newdir" ]
run nsexec "$D" mkdir /newdir2
check_eq "errno 1 on mkdir: mkdir as the container's command exits 1" "1" "$status"
check_clean "$D" "errno 1: nothing left behind"

newc "$(mkdir_rules errno '"errno": 13')"
run nsexec "$D" mkdir /newdir
check_match "errno 13 on mkdir: Permission denied (EACCES)" "^1 .*Permission denied" \
    "$status $stderr"
check_clean "$D" "errno 13: nothing left behind"

# ---- kill, kill_process, trap: SIGSYS -----------------------------------------------------
for action in kill kill_process trap; do
    newc "$(mkdir_rules "$action")"
    run nsexec "$D" mkdir /newdir
    check_eq "$action on mkdir: the process ends with SIGSYS (128+31)" "159" "$status"
    run nsexec "$D" sh -c 'mkdir /newdir; echo "mkdir:$?"; '"$OTHERS"
    check_eq "$action on mkdir: a shell sees its child killed by SIGSYS and goes on" \
        "0 mkdir:159 data others-ok" "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
    check "$action on mkdir: nothing created" [ ! -e "$D/newdir" ]
    check_clean "$D" "$action: nothing left behind"
done

# ---- trace without a tracer, log, allow ---------------------------------------------------
newc "$(mkdir_rules trace)"
run nsexec "$D" mkdir /newdir
check_match "trace on mkdir with no tracer: ENOSYS" "^1 .*Function not implemented" "$status $stderr"
check_clean "$D" "trace: nothing left behind"
newc "$(mkdir_rules log)"
run nsexec "$D" sh -c 'mkdir /newdir && echo made'
check_eq "log on mkdir: allowed" "0 made" "$status $stdout"
check_clean "$D" "log: nothing left behind"
newc '{"default_action": "errno", "syscalls": [{"name": "mkdir", "action": "allow"}]}'
run nsexec "$D" true
check_match "default_action errno, execve not allowed: fails, as 125 or 126" "^12[56]$" "$status"
check_clean "$D" "default_action errno: nothing left behind"
newc '{"default_action": "allow", "syscalls": [{"name": "mkdirat", "action": "allow"},
        {"name": "mkdir", "action": "allow"}]}'
run nsexec "$D" sh -c 'mkdir /newdir && echo made'
check_eq "allow rules under default allow: mkdir works" "0 made" "$status $stdout"
check_clean "$D" "allow: nothing left behind"

# ---- rules by number -------------------------------------------------------------------
if [ "$ARCH" = x86_64 ]; then
    nums='{"name": 83, "action": "errno", "errno": 1}, {"name": 258, "action": "errno", "errno": 1}'
else
    nums='{"name": 34, "action": "errno", "errno": 1}'
    # mkdir itself does not exist on aarch64: a name absent only here is accepted.
    newc '{"default_action": "allow", "syscalls": [{"name": "mkdir", "action": "errno", "errno": 1}]}'
    run nsexec "$D" sh -c 'echo ran'
    check_eq "a syscall name absent only on $ARCH (mkdir) is accepted" "0 ran" "$status $stdout"
    check_clean "$D" "absent syscall name: nothing left behind"
fi
newc '{"default_action": "allow", "syscalls": ['"$nums"']}'
run nsexec "$D" sh -c 'mkdir /newdir; echo "mkdir:$?"; '"$OTHERS"
check_eq "rules by syscall number ($ARCH): mkdir fails, the rest works" \
    "0 mkdir:1 data others-ok" "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
check_clean "$D" "rules by number: nothing left behind"

# ---- argument tests ------------------------------------------------------------------------
# kill(2)'s second argument is the signal: the shell's kill builtin sends 0 (existence),
# CHLD (17), CONT (18), URG (23), WINCH (28) to itself, pid 1, which ignores them all.
# For each signal: y when kill worked, n when the rule refused it (errno 1).
SIGS='for s in 0 17 18 23 28; do kill -$s $$ 2>/dev/null && printf "$s:y " || printf "$s:n "; done'
# argrule WHAT WANT ARGS...: one kill rule (errno 1) with these argument tests.
argrule()
{
    local what=$1 want=$2 args
    shift 2
    args=$(printf '%s, ' "$@")
    newc '{"default_action": "allow", "syscalls": [{"name": "kill", "action": "errno", "errno": 1,
        "args": ['"${args%, }"']}]}'
    run nsexec "$D" sh -c "$SIGS"
    check_eq "args: $what" "0 $want" "$status $stdout"
    check_clean "$D" "args, $what: nothing left behind"
}
argrule "signal == 0" "0:n 17:y 18:y 23:y 28:y " '{"index": 1, "value": 0, "op": "=="}'
argrule "signal != 0" "0:y 17:n 18:n 23:n 28:n " '{"index": 1, "value": 0, "op": "!="}'
argrule "signal < 18" "0:n 17:n 18:y 23:y 28:y " '{"index": 1, "value": 18, "op": "<"}'
argrule "signal <= 18" "0:n 17:n 18:n 23:y 28:y " '{"index": 1, "value": 18, "op": "<="}'
argrule "signal > 18" "0:y 17:y 18:y 23:n 28:n " '{"index": 1, "value": 18, "op": ">"}'
argrule "signal >= 18" "0:y 17:y 18:n 23:n 28:n " '{"index": 1, "value": 18, "op": ">="}'
argrule "signal & 3 == 1" "0:y 17:n 18:y 23:y 28:y " \
    '{"index": 1, "value": 3, "value_two": 1, "op": "&=="}'
# 64-bit values: the upper half counts.
argrule "signal == 2^32 (low half 0) matches none" "0:y 17:y 18:y 23:y 28:y " \
    '{"index": 1, "value": 4294967296, "op": "=="}'
argrule "signal == 2^32+17 matches none" "0:y 17:y 18:y 23:y 28:y " \
    '{"index": 1, "value": 4294967313, "op": "=="}'
argrule "signal != 2^32 matches all" "0:n 17:n 18:n 23:n 28:n " \
    '{"index": 1, "value": 4294967296, "op": "!="}'
argrule "signal < 2^32 matches all" "0:n 17:n 18:n 23:n 28:n " \
    '{"index": 1, "value": 4294967296, "op": "<"}'
argrule "signal > 2^32-1 matches none" "0:y 17:y 18:y 23:y 28:y " \
    '{"index": 1, "value": 4294967295, "op": ">"}'
argrule "signal >= 2^32+18 matches none" "0:y 17:y 18:y 23:y 28:y " \
    '{"index": 1, "value": 4294967314, "op": ">="}'
argrule "signal & 0xffffffff00000000 == 0 matches all" "0:n 17:n 18:n 23:n 28:n " \
    '{"index": 1, "value": 18446744069414584320, "value_two": 0, "op": "&=="}'
# Two tests in one rule: both must hold (pid 1 and signal 18).
newc '{"default_action": "allow", "syscalls": [{"name": "kill", "action": "errno", "errno": 1,
    "args": [{"index": 0, "value": 1, "op": "=="}, {"index": 1, "value": 18, "op": "=="}]}]}'
run nsexec "$D" sh -c 'sleep 30 & p=$!
    kill -18 $$ 2>/dev/null && printf "self18:y " || printf "self18:n "
    kill -17 $$ 2>/dev/null && printf "self17:y " || printf "self17:n "
    kill -18 $p 2>/dev/null && printf "other18:y " || printf "other18:n "
    kill -9 $p'
check_eq "args: two tests in a rule must both hold" "0 self18:n self17:y other18:y " \
    "$status $stdout"
check_clean "$D" "args, two tests: nothing left behind"
# Two rules for one call: either refuses, each with its own errno.
newc '{"default_action": "allow", "syscalls": [
    {"name": "kill", "action": "errno", "errno": 1, "args": [{"index": 1, "value": 17, "op": "=="}]},
    {"name": "kill", "action": "errno", "errno": 13, "args": [{"index": 1, "value": 23, "op": "=="}]}]}'
run nsexec "$D" sh -c "$SIGS; kill -17 \$\$; kill -23 \$\$"
check_eq "args: two rules for one call, either refuses" "0:y 17:n 18:y 23:n 28:y " "$stdout"
check_match "args: each rule returns its own errno" \
    "Operation not permitted.*
.*Permission denied" "$stderr"
check_clean "$D" "args, two rules: nothing left behind"

# ---- who is filtered ----------------------------------------------------------------------------
for v in "alice false" "alice true" "root true"; do
    read -r user nnp <<<"$v"
    newc "$(mkdir_rules errno '"errno": 1')" "\"user\": \"$user\"" "\"no_new_privileges\": $nnp"
    run nsexec "$D" sh -c 'mkdir /tmp/newdir; echo "mkdir:$?"; id -un; grep -E "^(Seccomp|NoNewPrivs):" /proc/self/status'
    check_eq "filter for $user, no_new_privileges $nnp: mkdir refused, filter mode 2" \
        "0 mkdir:1 $user NoNewPrivs: $([ "$nnp" = true ] && echo 1 || echo 0) Seccomp: 2" \
        "$status $(awk '{ $1 = $1; print }' <<<"$stdout" | tr '\n' ' ' | sed 's/ $//')"
    check_clean "$D" "filter for $user: nothing left behind"
done

# A joined process gets the filter too.
newc "$(mkdir_rules errno '"errno": 1')" '"capabilities": ["CHOWN", "DAC_OVERRIDE", "FOWNER"]'
nsinit_bg --root "$D" --rootfs "$D" exec -- sleep 3600
BG=$NSINIT_PID
if wait_for 30 test -s "$D/pid"; then
    run nsexec "$D" sh -c 'mkdir /joined; echo "mkdir:$?"; '"$OTHERS"
    check_eq "join: mkdir refused in the joined process, the rest works" \
        "0 mkdir:1 data others-ok" "$status $(tr '\n' ' ' <<<"$stdout" | sed 's/ $//')"
    check "join: nothing created" [ ! -e "$D/joined" ]
    nsinit --root "$D" kill KILL
    wait "$BG"
else
    not_ok "join: the container started" "no pid file"
fi
check_clean "$D" "join: nothing left behind"

# ---- another ABI does not get around the filter -----------------------------------------------
HELPER=$TESTTMP/sechelper
if [ "$ARCH" != x86_64 ]; then
    echo "# other-ABI checks are for x86_64"
elif ! "${CC:-cc}" -static -O2 -o "$HELPER" "$SRCDIR/tests/fixtures/sechelper.c" 2>"$TESTTMP/cc.err"; then
    echo "# other-ABI checks not run: no static C compiler ($(head -n 1 "$TESTTMP/cc.err"))"
else
    # Without a filter, which of these ABIs this kernel runs at all.
    U=$TESTTMP/unfiltered
    mkcontainer "$U"
    cp "$HELPER" "$U/bin/sechelper"
    run nsexec "$U" sh -c 'sechelper mkdir /n64; sechelper mkdir-i386 /n32; sechelper mkdir-x32 /nx32'
    read -r base64 base32 basex32 <<<"$(tr '\n' ' ' <<<"$stdout")"
    check_eq "unfiltered: native mkdir through the helper works (control)" "ok" "$base64"
    check_clean "$U" "unfiltered: nothing left behind"
    newc "$(mkdir_rules errno '"errno": 1')"
    cp "$HELPER" "$D/bin/sechelper"
    run nsexec "$D" sechelper mkdir /n64
    check_eq "filtered: native mkdir through the helper refused" "1 errno 1" "$status $stdout"
    if [ "$base32" = ok ]; then
        run nsexec "$D" sechelper mkdir-i386 /n32
        check_match "filtered: i386 mkdir through int 0x80 refused or killed" "^(1 errno [0-9]+|159 )$" \
            "$status $stdout"
        check "filtered: i386 mkdir created nothing" [ ! -e "$D/n32" ]
    else
        echo "# this kernel does not run i386 system calls ($base32): int 0x80 check not run"
    fi
    if [ "$basex32" = ok ]; then
        run nsexec "$D" sechelper mkdir-x32 /nx32
        check_match "filtered: x32 mkdir refused or killed" "^(1 errno [0-9]+|159 )$" "$status $stdout"
        check "filtered: x32 mkdir created nothing" [ ! -e "$D/nx32" ]
    else
        echo "# this kernel does not run x32 system calls ($basex32): x32 check not run"
    fi
    check_clean "$D" "other ABIs: nothing left behind"
fi

# ---- bad filters: 125, one line naming the key, nothing left behind ---------------------------
refused()
{
    local what=$1 re=$2
    newc "$3"
    run nsexec "$D" sh -c 'echo ran'
    check_match "$what: 125 and one line: $re" "^125 nsinit: [^
]*${re}[^
]*$" "$status $stdout$stderr"
    check_clean "$D" "$what: nothing left behind"
}
refused "unknown syscall name" "seccomp\.syscalls\[1\]: unknown syscall no_such_call" \
    '{"default_action": "allow", "syscalls": [{"name": "mkdir", "action": "errno"},
        {"name": "no_such_call", "action": "errno"}]}'
refused "unknown action" "seccomp\.syscalls\[0\].*action.*" \
    '{"default_action": "allow", "syscalls": [{"name": "mkdir", "action": "explode"}]}'
refused "unknown default action" "seccomp\.default_action" \
    '{"default_action": "maybe", "syscalls": []}'
refused "unknown operator" "seccomp\.syscalls\[0\]\.args\[0\].*op" \
    '{"default_action": "allow", "syscalls": [{"name": "kill", "action": "errno",
        "args": [{"index": 1, "value": 0, "op": "=~"}]}]}'
refused "argument index above 5" "seccomp\.syscalls\[0\]\.args\[0\]\.index" \
    '{"default_action": "allow", "syscalls": [{"name": "kill", "action": "errno",
        "args": [{"index": 6, "value": 0, "op": "=="}]}]}'
refused "negative syscall number" "seccomp\.syscalls\[0\]" \
    '{"default_action": "allow", "syscalls": [{"name": -5, "action": "errno"}]}'
