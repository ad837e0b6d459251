#!/usr/bin/env bash
# Attacks the runtime with a hostile /etc/passwd or /etc/group in the image: a symlink to
# /dev/zero (a line reader that never ends), a FIFO (an open that never returns), a sparse file
# of 4 GiB; and a running container that replaces its own /etc/passwd with a symlink to
# /dev/zero before a join (whose helper would spin in the host's pid namespace). Each config
# names a user, so that the files are read. Secure: each start or join ends within 10 s with
# 125 and one line naming the file, and leaves nothing behind (no process, no lock held: the next
# exec on the directory runs).
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

BOUND=6
# bounded ARGS...: nsinit, killed with SIGKILL after $BOUND seconds (status 137 then).
bounded()
{
    timeout --foreground -s KILL "$BOUND" "$NSINIT" "$@"
}

# hostile WHAT FILE SETUP: a start (user alice) whose image's FILE was made hostile by SETUP
# (run in the container directory).
N=0
hostile()
{
    local what=$1 file=$2 setup=$3 d t0 secs
    N=$((N + 1))
    d=$TESTTMP/h$N
    mkcontainer "$d" "$(config_with '"user": "alice"')"
    (cd "$d" && eval "$setup")
    t0=$(date +%s%N)
    run bounded --root "$d" --rootfs "$d" exec -- id -u
    secs=$((($(date +%s%N) - t0) / 1000000))
    echo "# $what: status $status after ${secs} ms: $stderr"
    check_match "$what: refused within ${BOUND}s with 125 and one line naming $file" \
        "^125 nsinit: [^
]*${file}[^
]*$" "$status $stderr"
    wait_for 5 eval '[ -z "$(_lc_procs_under "$d")" ]'
    check_clean "$d" "$what: nothing left behind"
    rm -f "$d/$file"
    cp "$ROOTFS/$file" "$d/$file"
    run bounded --root "$d" --rootfs "$d" exec -- id -u
    check_eq "$what: with the file restored, the next exec runs (no lock left held)" "0 1000" \
        "$status $stdout"
}
hostile "/etc/passwd -> /dev/zero" /etc/passwd 'ln -sf /dev/zero etc/passwd'
hostile "/etc/passwd a FIFO" /etc/passwd 'rm -f etc/passwd && mkfifo etc/passwd'
hostile "/etc/passwd a sparse file of 4 GiB, alice on its last line" /etc/passwd \
    'rm etc/passwd && truncate -s 4G etc/passwd &&
     grep alice "$ROOTFS/etc/passwd" >>etc/passwd'
hostile "/etc/group -> /dev/zero" /etc/group 'ln -sf /dev/zero etc/group'
hostile "/etc/group a FIFO" /etc/group 'rm -f etc/group && mkfifo etc/group'

# ---- a join: the running container makes its /etc/passwd hostile ---------------------------
J=$TESTTMP/join
mkcontainer "$J" "$(config_with '"user": "alice"')"
# init runs as alice, who cannot replace /etc/passwd: a world-writable /etc stands for an image
# that lets the container's user do it
chmod 0777 "$J/etc"
nsinit_bg --root "$J" --rootfs "$J" exec -- sh -c 'while [ ! -s /pid ]; do sleep 0.05; done
    ln -sf /dev/zero /etc/passwd.new && mv -f /etc/passwd.new /etc/passwd && echo done >/tmp/hostile
    exec sleep 100'
BG=$NSINIT_PID
if wait_for 10 test -s "$J/tmp/hostile"; then
    t0=$(date +%s%N)
    run bounded --root "$J" --rootfs "$J" exec -- id -u
    secs=$((($(date +%s%N) - t0) / 1000000))
    echo "# join, /etc/passwd -> /dev/zero: status $status after ${secs} ms: $stderr"
    check_match "join, /etc/passwd -> /dev/zero: refused within ${BOUND}s with 125 and one line naming /etc/passwd" \
        "^125 nsinit: [^
]*/etc/passwd[^
]*$" "$status $stderr"
    # only init and its sleep remain: no helper of the join spins on
    stray=$(pgrep -f -- "--root $J" | grep -vx "$BG" | tr '\n' ' ')
    check_eq "join: no process of the join is left" "" "$stray"
    nsinit --root "$J" kill KILL
    wait "$BG"
else
    not_ok "join: the container started and replaced its /etc/passwd"
fi
check_clean "$J" "join: nothing left behind"
