#!/usr/bin/env bash
# Attacks the host through descriptors the container's process still holds before its exec
# (the pattern of runc's CVE-2024-21626): a working_dir, an exec path, a PATH entry or a symlink
# of the image that leads through /proc/self/fd/N (also spelled /dev/fd/N, /proc/thread-self/fd/N
# and /proc/1/fd/N) to nsinit's lock on the container directory, fd 4, or to any other
# descriptor that names a host file. From a current directory on the host, `..` climbs to the
# host's /. Secure: such a working_dir is refused (125, naming working_dir) and leaves nothing in
# the rootfs; such an exec path never runs the host's program; the host's marker file is never
# read, no file is written next to it, and the host's /etc/shadow is never seen; /etc/passwd
# leading there is never read. Starts and joins alike.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

# nsinit's own descriptors get the numbers a shell gives them (3 its signalfd, 4 its lock on the
# container directory): what the test runner left open above 2 is closed first. Descriptors a
# caller passes on are attacked separately below.
for f in "/proc/$$/fd"/*; do
    fd=${f##*/}
    if [ "$fd" -gt 2 ] && [ "$fd" -lt 255 ] && [ -e "$f" ]; then
        echo "# closing fd $fd ($(readlink "$f")), left open by the test's caller"
        eval "exec $fd>&-"
    fi
done

HELPER=$TESTTMP/sechelper
"${CC:-cc}" -static -O2 -o "$HELPER" "$SRCDIR/tests/fixtures/sechelper.c" 2>"$TESTTMP/cc.err" ||
    skip "no static C compiler: $(head -n 1 "$TESTTMP/cc.err")"

# On the host, next to the container directories ($TESTTMP/NAME): a marker file, and a program
# the container must never run ("ids" prints a line starting with "uid").
MARK="host-marker-$$-$RANDOM"
echo "$MARK" >"$TESTTMP/host-marker"
mkdir -p "$TESTTMP/hostbin"
cp "$HELPER" "$TESTTMP/hostbin/hostprog"
# What the container runs from its working directory: the marker one level up, the host's
# /etc/shadow far up (exists only on the host: the rootfs has none), a file written one level up.
PROBE='cat ../host-marker 2>/dev/null
    [ -e ../../../../../../../../../etc/shadow ] && echo host-shadow
    touch ../host-write 2>/dev/null && echo wrote
    echo ran'

# reached: what of the host a run reached, from its output and the host's side; "" when none.
reached()
{
    local out=()
    [[ $stdout != *"$MARK"* ]] || out+=("read the host's marker")
    [[ $stdout != *host-shadow* ]] || out+=("saw the host's /etc/shadow")
    [ ! -e "$TESTTMP/host-write" ] || out+=("wrote $TESTTMP/host-write")
    [[ $stdout != *"uid "* ]] || out+=("ran the host's program")
    rm -f "$TESTTMP/host-write"
    echo "${out[*]}"
}

# ---- start: working_dir through a descriptor ------------------------------------------------
# One container directory serves every start case: what a case adds to it is removed after it.
W=$TESTTMP/wd
mkcontainer "$W"
BASE=$(tree_of "$W")
# reset_w: removes what is in $W and was not there at first; writes CONFIG (default: the
# default config) as its container.json.
reset_w()
{
    tree_reset "$W" "$BASE"
    printf '%s\n' "${1:-$DEFAULT_CONFIG}" >"$W/container.json"
}
# wd_case WHAT WORKING_DIR [SETUP]: a start with this working_dir runs PROBE; it must be refused
# with 125 naming working_dir, reach nothing of the host and leave the rootfs as it was.
wd_case()
{
    local what=$1 wd=$2 setup=${3:-} before got
    reset_w "$(config_with "\"working_dir\": \"$wd\"")"
    [ -z "$setup" ] || (cd "$W" && eval "$setup")
    before=$(tree_of "$W")
    run nsexec "$W" sh -c "$PROBE"
    got=$(reached)
    check_eq "$what: nothing of the host reached" "" "$got${got:+ (status $status; $stderr)}"
    check_match "$what: refused with 125, naming working_dir" \
        "^125 nsinit: [^
]*working_dir[^
]*$" "$status $stderr"
    check_eq "$what: nothing created in the rootfs" "" \
        "$(diff <(echo "$before") <(tree_of "$W") | grep '^>' | head -n 5 | tr '\n' ' ')"
    check_clean "$W" "$what: nothing left behind"
}
for n in 3 4 5; do
    wd_case "working_dir /proc/self/fd/$n" "/proc/self/fd/$n"
done
wd_case "working_dir /dev/fd/4" "/dev/fd/4"
wd_case "working_dir /proc/thread-self/fd/4" "/proc/thread-self/fd/4"
wd_case "working_dir /proc/1/fd/4 (init's own pid inside)" "/proc/1/fd/4"
wd_case "working_dir through the image's symlink /hostlink -> /proc/self/fd/4/.." "/hostlink" \
    'ln -s /proc/self/fd/4/.. hostlink'
wd_case "working_dir through the image's relative symlink /var/wd -> ../proc/self/fd/4" \
    "/var/wd" 'ln -s ../proc/self/fd/4 var/wd'
wd_case "working_dir below the image's symlink /hostlink -> /dev/fd/4" "/hostlink/.." \
    'ln -s /dev/fd/4 hostlink'

# ---- start: the exec path through a descriptor ----------------------------------------------
# exec_case WHAT [SETUP] -- CMD...: the host's program never runs; the start fails with 125, 126
# or 127 and one line.
exec_case()
{
    local what=$1 setup=$2 got
    shift 3
    reset_w
    [ -z "$setup" ] || (cd "$W" && eval "$setup")
    run nsexec "$W" "$@"
    got=$(reached)
    check_eq "$what: the host's program did not run" "" "$got${got:+ (status $status)}"
    check_match "$what: fails with 125, 126 or 127 and one line" "^12[567] nsinit: [^
]*$" "$status $stderr"
    check_clean "$W" "$what: nothing left behind"
}
exec_case "exec /proc/self/fd/4/../hostbin/hostprog" "" -- /proc/self/fd/4/../hostbin/hostprog ids
exec_case "exec /dev/fd/4/../hostbin/hostprog" "" -- /dev/fd/4/../hostbin/hostprog ids
exec_case "exec through the image's symlink /hostlink -> /proc/self/fd/4/.." \
    'ln -s /proc/self/fd/4/.. hostlink' -- /hostlink/hostbin/hostprog ids
exec_case "exec through the image's symlink /bin/tool -> /proc/self/fd/4/../hostbin/hostprog" \
    'ln -s /proc/self/fd/4/../hostbin/hostprog bin/tool' -- tool ids

# The command searched in a PATH that leads through the descriptor.
reset_w '{
    "hostname": "test",
    "environment": ["HOME=/", "PATH=/proc/self/fd/4/../hostbin:/bin"],
    "namespaces": {"NEWNS": true, "NEWUTS": true, "NEWIPC": true, "NEWPID": true, "NEWNET": true}
}'
run nsexec "$W" hostprog ids
got=$(reached)
check_eq "PATH=/proc/self/fd/4/../hostbin: the host's program did not run" "" \
    "$got${got:+ (status $status)}"
check_match "PATH=/proc/self/fd/4/../hostbin: fails with 125, 126 or 127 and one line" \
    "^12[567] nsinit: [^
]*$" "$status $stderr"
check_clean "$W" "PATH through a descriptor: nothing left behind"

# ---- start: a descriptor nsinit's caller left open -------------------------------------------
# fd 7 on a host directory (the test's own, which holds the marker), inherited by nsinit.
reset_w "$(config_with '"working_dir": "/proc/self/fd/7"')"
exec 7<"$TESTTMP/hostbin"
run nsexec "$W" sh -c "$PROBE"
exec 7<&-
got=$(reached)
check_eq "working_dir /proc/self/fd/7, fd 7 a host directory nsinit's caller left open: nothing of the host reached" \
    "" "$got${got:+ (status $status; $stderr)}"
check_clean "$W" "a descriptor of the caller: nothing left behind"

# ---- start: the image's /etc/passwd leads to a host file --------------------------------------
echo "alice:x:4242:4242:from the host:/:/bin/sh" >"$TESTTMP/host-passwd"
reset_w "$(config_with '"user": "alice"')"
ln -sf /proc/self/fd/4/../host-passwd "$W/etc/passwd"
run nsexec "$W" id -u
check_eq "/etc/passwd -> /proc/self/fd/4/../host-passwd: the host's file is not read (no uid 4242)" \
    "no" "$([[ $stdout == *4242* ]] && echo "yes: status $status, uid $stdout" || echo no)"
check_match "/etc/passwd -> /proc/self/fd/4/...: refused with 125, naming /etc/passwd or user" \
    "^125 nsinit: [^
]*(passwd|user)[^
]*$" "$status $stderr"
check_clean "$W" "/etc/passwd through a descriptor: nothing left behind"

# ---- join: the same paths, into a running container ---------------------------------------
J=$TESTTMP/join
mkcontainer "$J"
ln -s /proc/self/fd/4/.. "$J/hostlink"
nsinit_bg --root "$J" --rootfs "$J" exec -- sleep 100
BG=$NSINIT_PID
if wait_for 10 test -s "$J/pid"; then
    results=()
    for wd in /proc/self/fd/3 /proc/self/fd/4 /proc/self/fd/5 /proc/self/fd/6 /proc/self/fd/7 \
        /dev/fd/4/.. /hostlink; do
        sed -i '/"working_dir"/d; s|^{$|{\n    "working_dir": "'"$wd"'",|' "$J/container.json"
        run nsinit --root "$J" --rootfs "$J" exec -- sh -c "$PROBE"
        got=$(reached)
        [ -z "$got" ] || results+=("working_dir $wd: $got")
    done
    sed -i '/"working_dir"/d' "$J/container.json"
    for n in 3 4 5 6 7; do
        run nsinit --root "$J" --rootfs "$J" exec -- "/proc/self/fd/$n/../hostbin/hostprog" ids
        got=$(reached)
        [ -z "$got" ] || results+=("exec /proc/self/fd/$n/../hostbin/hostprog: $got")
    done
    check_eq "join: no working_dir or exec path through /proc/self/fd/3..7 reached the host" "" \
        "$(printf '%s\n' "${results[@]}")"
    nsinit --root "$J" kill KILL
    wait "$BG"
else
    not_ok "join: the container started" "no pid file"
fi
check_clean "$J" "join: nothing left behind"
