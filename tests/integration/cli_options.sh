#!/usr/bin/env bash
# nsinit's options as people who know runc and crun expect them: --version, --opt=value and
# --opt value, --log with text and json lines, --debug; exec's --user, --cwd and --env for a
# start and for a join; commands that take no arguments refuse them; state without a
# container is an error; config prints the file as given (rootfs only when it has one); a
# rootfs that defaults to a directory without container.json is named; a paused container is
# not joined; raw arguments in messages stay on one line.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

C=$TESTTMP/c
mkcontainer "$C"

# ---- global options -------------------------------------------------------------------------
run nsinit --version
check_match "--version prints the version" "^nsinit version [0-9]+\.[0-9]+\.[0-9]+" "$stdout"
check_eq "--version exits 0" "0" "$status"
run nsinit --root="$C" --rootfs="$C" exec -- hostname
check_eq "--root=DIR and --rootfs=DIR" "0 test" "$status $stdout"
run nsinit --bogus exec true
check_match "an unknown option: 125, one line naming it" "^125 nsinit: --bogus: unknown option" \
    "$status $stderr"
run nsinit --root
check_match "an option without its value: 125, one line" "^125 nsinit: --root: needs a value" \
    "$status $stderr"
run nsinit --root "$C" --log-format yaml state
check_match "--log-format other than text or json is refused" "^125 nsinit: --log-format yaml" \
    "$status $stderr"
run nsinit $'--root\n' "$C" state
check_eq "a raw argument with a newline stays on one line" "1" "$(grep -c . <<<"$stderr")"

# --log FILE: errors there too; json lines with level, msg and an RFC 3339 time
run nsinit --root "$C" --rootfs "$C" --log "$TESTTMP/log.json" --log-format json exec -- /nonexistent
check_eq "a failed exec still exits 127 with --log" "127" "$status"
check_match "--log-format json: the error as one JSON line" \
    '^\{"level":"error","msg":"exec: /nonexistent: No such file or directory[^"]*","time":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z"\}$' \
    "$(tail -n 1 "$TESTTMP/log.json")"
check_match "the error is on stderr as well" "^nsinit: exec: /nonexistent" "$stderr"
run nsinit --root "$C" --rootfs "$C" --log "$TESTTMP/log.txt" --debug exec -- true
check_eq "--debug: the command still runs" "0" "$status"
check_match "--debug: the steps on stderr" "nsinit: debug: started: init [0-9]+" "$stderr"
check_match "--log text: the steps with a time and a level" \
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z debug started: init [0-9]+$" \
    "$(grep started "$TESTTMP/log.txt")"
check_clean "$C" "global options: nothing left behind"

# ---- exec's options ---------------------------------------------------------------------------
run nsinit --root "$C" --rootfs "$C" exec --user 1000:1000 --cwd /tmp -e FOO=bar \
    --env=HOME=/tmp -- sh -c 'echo "$(id -u):$(id -g) $(pwd) $FOO $HOME $PATH"'
check_eq "exec --user, --cwd, -e and --env= on a start" \
    "0 1000:1000 /tmp bar /tmp /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    "$status $stdout"
run nsinit --root "$C" --rootfs "$C" exec -u alice id -un
check_eq "exec -u by name" "0 alice" "$status $stdout"
run nsinit --root "$C" --rootfs "$C" exec --env NOEQUALS true
check_match "exec --env without =: 125, one line" "^125 nsinit: exec: --env NOEQUALS" \
    "$status $stderr"
run nsinit --root "$C" --rootfs "$C" exec --cwd relative true
check_match "exec --cwd relative: 125 naming cwd" "^125 nsinit: process: cwd: relative" \
    "$status $stderr"
run nsinit --root "$C" --rootfs "$C" exec --user 4294967295 true
check_match "exec --user above the highest id: 125" "^125 nsinit: process: user: 4294967295" \
    "$status $stderr"
run nsinit --root "$C" --rootfs "$C" exec --nope true
check_match "exec with an unknown option: 125" "^125 nsinit: exec: --nope: unknown option" \
    "$status $stderr"
run nsinit --root "$C" --rootfs "$C" exec ""
check_eq "exec of an empty command: 125 (a usage error)" "125" "$status"

# the same options on a join
nsinit_bg --root "$C" --rootfs "$C" exec -- sh -c 'echo up >/tmp/up; sleep 30'
bg=$NSINIT_PID
wait_for 10 test -s "$C/tmp/up" || not_ok "the first container started"
run nsinit --root "$C" --rootfs "$C" exec -u 1000 --cwd /etc -e FOO=joined -- \
    sh -c 'echo "$(id -u) $(pwd) $FOO $(cat /proc/1/comm)"'
check_eq "exec --user, --cwd, -e on a join" "0 1000 /etc joined sleep" "$status $stdout"

# ---- a paused container is not joined ---------------------------------------------------------
P=$TESTTMP/p
mkcontainer "$P" "$(config_with '"cgroups": {"name": "lcclio'"$$"'"}')"
at_exit cg_remove "lcclio$$"
nsinit_bg --root "$P" --rootfs "$P" exec -- sh -c 'echo up >/tmp/up; sleep 30'
pbg=$NSINIT_PID
if wait_for 10 test -s "$P/tmp/up" && nsinit --root "$P" pause; then
    start=$SECONDS
    run nsinit --root "$P" --rootfs "$P" exec -- true
    check_match "exec into a paused container: 125 at once, saying it is paused" \
        "^125 nsinit: exec: the container is paused" "$status $stderr"
    check "exec into a paused container returned promptly" [ $((SECONDS - start)) -lt 5 ]
    nsinit --root "$P" unpause
    run nsinit --root "$P" --rootfs "$P" exec -- echo joined
    check_eq "after unpause the join works" "0 joined" "$status $stdout"
else
    not_ok "a container to pause started and paused"
fi
nsinit --root "$P" kill KILL
wait "$pbg" 2>/dev/null
check_clean "$P" "pause: nothing left behind"

# ---- commands that take no arguments ----------------------------------------------------------
for cmd in config state stats pause unpause; do
    run nsinit --root "$C" "$cmd" extra
    check_match "$cmd with an argument: 125 and one line" \
        "^125 nsinit: $cmd: extra: takes no arguments" "$status $stderr"
done
run nsinit --root "$C" kill TERM extra
check_match "kill with two arguments: 125" "^125 nsinit: kill: too many arguments" \
    "$status $stderr"
nsinit --root "$C" kill KILL
wait "$bg" 2>/dev/null
run nsinit --root "$C" state
check_match "state without a container: 125 and a line naming the directory" \
    "^125 nsinit: state: $C: no running container$" "$status $stderr"
check_clean "$C" "exec options: nothing left behind"

# ---- config prints the file as given ------------------------------------------------------------
run nsinit --root "$C" config
check_eq "config: exit 0" "0" "$status"
check_eq "config: no rootfs when the file has none" "" "$(grep '"rootfs"' <<<"$stdout")"
R=$TESTTMP/r
mkdir -p "$R"
config_with '"rootfs": "../c"' >"$R/container.json"
run nsinit --root "$R" config
check_match "config: a relative rootfs stays relative" '"rootfs": "\.\./c"' "$stdout"
run nsinit --root "$R" exec -- hostname
check_eq "a relative rootfs is the container directory's" "0 test" "$status $stdout"
printf '%s\n' "$stdout" >/dev/null
nsinit --root "$R" config >"$TESTTMP/copy.json"
config_with '"capabilities": ["CHOWN", "CAP_FLY"]' >"$R/container.json"
run nsinit --root "$R" config
check_match "config checks as exec does: an unknown capability" \
    "^125 nsinit: .*capabilities\[1\]: unknown capability CAP_FLY" "$status $stderr"
printf '{"namespaces": {"NEWPID": true}}\n' >"$R/container.json"
run nsinit --root "$R" config
check_match "config checks as exec does: NEWNS is required" "^125 nsinit: .*NEWNS" \
    "$status $stderr"

# ---- the rootfs defaults to the current directory ------------------------------------------------
E=$TESTTMP/e
mkdir -p "$E"
printf '%s\n' "$DEFAULT_CONFIG" >"$E/container.json"
run bash -c "cd '$TESTTMP' && '$NSINIT' --root '$E' exec -- hostname"
check_match "a rootfs that defaults to a directory without container.json is named" \
    "warning: the root filesystem is the current directory, $TESTTMP" "$stderr"
check_match "and the command that is not found says where it looked" \
    "exec: hostname: No such file or directory \(root filesystem $TESTTMP\)" "$stderr"

# ---- an init the kernel ends before exec: what the kernel said -----------------------------------
if [ -n "$(cg_v1_mount memory)" ] || grep -qw memory "$(cg_v2_mount)/cgroup.controllers" 2>/dev/null; then
    M=$TESTTMP/m
    at_exit cg_remove "lcclim$$"
    for limit in 1 65536; do
        rm -rf "$M"
        mkcontainer "$M" "$(config_with '"cgroups": {"name": "lcclim'"$$"'", "memory": '"$limit"'}')"
        run nsinit --root "$M" --rootfs "$M" exec -- true
        check_match "memory $limit: 125, the OOM killer at that limit named" \
            "^125 nsinit: setup: the kernel's OOM killer ended the container's process before exec: cgroups\.memory \($limit bytes\) is too low" \
            "$status $stderr"
        check_no_cgroup "lcclim$$" "memory $limit: no cgroup left"
        check_clean "$M" "memory $limit: nothing left behind"
    done
else
    echo "# no memory controller: the OOM report is not checked here"
fi
