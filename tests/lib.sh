# shellcheck shell=bash
# lib.sh: helpers for tests/integration/*.sh (bash). Source it first:
#
#     . "$(dirname "$0")/../lib.sh"
#     need_root
#     mkcontainer "$TESTTMP/c"
#     run nsinit --root "$TESTTMP/c" exec -- hostname
#     check_eq "hostname inside" "test" "$stdout"
#     check_clean "$TESTTMP/c"
#
# Output is TAP-like: "ok N - what", "not ok N - what" with "#" detail lines, and a last line
# "N passed, N failed". Exit status: 0 when nothing failed, 1 when something did, 77 when the
# test skipped (and nothing had failed before). A script that itself ends with a nonzero status
# (other than 77) counts as one more failure. At exit, whatever the test registered is
# cleaned up: at_exit commands, background nsinit, then temporary and container directories
# (lazily unmounting anything left mounted under them first), so a failing test does not
# poison the next one.
#
# Environment (ctest sets all of it; by hand the defaults fit a build in $SRCDIR/build):
#   NSINIT EMBED ROOTFS SRCDIR; NSINIT_TIMEOUT (seconds, default 120) for every nsinit or embed
#   run in the foreground, NSINIT_BG_TIMEOUT (default 600) for one in the background (a container
#   that lives through many checks): bounds that only end a hang, loose enough for a machine busy
#   with other work. A container meant to run until the test ends it runs `sleep 3600` (or so).
#   Nothing outside the repository and the build is read.

set -u

SRCDIR=${SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
SAMPLES=$SRCDIR/sample_configs
NSINIT=${NSINIT:-$SRCDIR/build/nsinit}
EMBED=${EMBED:-$SRCDIR/build/embed}
ROOTFS=${ROOTFS:-$SRCDIR/build/rootfs}
NSINIT_TIMEOUT=${NSINIT_TIMEOUT:-120}
NSINIT_BG_TIMEOUT=${NSINIT_BG_TIMEOUT:-600}
# nsinit falls back to $data_path for its container directory; tests say which one they mean.
unset data_path

# The container.json mkcontainer writes unless given another.
DEFAULT_CONFIG='{
    "hostname": "test",
    "environment": [
        "HOME=/",
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    ],
    "namespaces": {
        "NEWNS": true,
        "NEWUTS": true,
        "NEWIPC": true,
        "NEWPID": true,
        "NEWNET": true
    },
    "tty": false
}'

_lc_n=0
_lc_passed=0
_lc_failed=0
_lc_dirs=()
_lc_bg=()
_lc_at_exit=()

# ---- reporting --------------------------------------------------------------------------

# ok WHAT: records a pass.
ok()
{
    _lc_n=$((_lc_n + 1))
    _lc_passed=$((_lc_passed + 1))
    echo "ok $_lc_n - $*"
}

# not_ok WHAT [DETAIL...]: records a failure; each DETAIL (may be multi-line) is printed as
# "#" lines under it.
not_ok()
{
    local what=$1 line detail
    shift
    _lc_n=$((_lc_n + 1))
    _lc_failed=$((_lc_failed + 1))
    echo "not ok $_lc_n - $what"
    for detail in "$@"; do
        [ -n "$detail" ] || continue
        while IFS= read -r line; do
            echo "#   $line"
        done <<<"$detail"
    done
    return 0
}

# check WHAT CMD...: runs CMD; ok when it exits 0, else not ok with its status and output.
check()
{
    local what=$1 output st
    shift
    output=$("$@" 2>&1) && st=0 || st=$?
    if [ "$st" -eq 0 ]; then
        ok "$what"
    else
        not_ok "$what" "command: $*" "exit status: $st" "$(tail -n 20 <<<"$output")"
        return 1
    fi
}

# check_eq WHAT WANT GOT: ok when the two strings are equal.
check_eq()
{
    if [ "$2" = "$3" ]; then
        ok "$1"
    else
        not_ok "$1" "want: $2" "got:  $3"
        return 1
    fi
}

# check_match WHAT REGEX TEXT: ok when TEXT matches the extended regular expression.
check_match()
{
    if [[ $3 =~ $2 ]]; then
        ok "$1"
    else
        not_ok "$1" "want match: $2" "got: $3"
        return 1
    fi
}

# skip REASON: the test cannot run here; prints why and exits 77.
skip()
{
    echo "skip: $*"
    exit 77
}

# bail REASON: the test cannot go on; records a failure and exits 1.
bail()
{
    not_ok "$*"
    exit 1
}

need_root()
{
    [ "$(id -u)" -eq 0 ] || skip "needs root"
}

# need_cmd CMD...: skips unless every CMD is on PATH.
need_cmd()
{
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || skip "needs $c"
    done
}

# ---- running things -------------------------------------------------------------------

# run CMD...: runs CMD (a function too) in this shell and sets $status, $stdout and $stderr
# (trailing newlines removed). Never fails itself.
run()
{
    local f="$TESTTMP/.run"
    # shellcheck disable=SC2034 # set for the caller
    "$@" >"$f.out" 2>"$f.err" && status=0 || status=$?
    # shellcheck disable=SC2034
    stdout=$(cat "$f.out")
    # shellcheck disable=SC2034
    stderr=$(cat "$f.err")
    rm -f "$f.out" "$f.err"
    return 0
}

# nsinit ARGS...: $NSINIT under a timeout: SIGTERM after $NSINIT_TIMEOUT seconds, SIGKILL 5 s
# later. A hang ends with status 124 and a note on stderr.
nsinit()
{
    _lc_timed "$NSINIT" "$@"
}

# embed ARGS...: $EMBED, the same way.
embed()
{
    _lc_timed "$EMBED" "$@"
}

_lc_timed()
{
    local st start=$SECONDS
    [ -x "$1" ] || bail "not executable: $1 (build first, or set NSINIT/EMBED)"
    # --foreground: the program stays in the test's process group and gets the signal itself.
    timeout --foreground -k 5 "$NSINIT_TIMEOUT" "$@" && st=0 || st=$?
    # timeout reports 137 when it had to escalate to SIGKILL.
    if [ "$st" -eq 124 ] || { [ "$st" -eq 137 ] && [ $((SECONDS - start)) -ge "$NSINIT_TIMEOUT" ]; }; then
        echo "# timed out after ${NSINIT_TIMEOUT}s: ${1##*/} ${*:2}" >&2
        st=124
    fi
    return "$st"
}

# nsinit_bg ARGS...: starts $NSINIT in the background and sets NSINIT_PID to its own pid
# (so signals sent to it reach nsinit itself). A watchdog kills it with SIGKILL after
# $NSINIT_BG_TIMEOUT seconds (wait then reports 137); whatever is left is killed at exit.
# Collect its status with: wait "$NSINIT_PID".
nsinit_bg()
{
    [ -x "$NSINIT" ] || bail "not executable: $NSINIT (build first, or set NSINIT)"
    "$NSINIT" "$@" &
    NSINIT_PID=$!
    (sleep "$NSINIT_BG_TIMEOUT" && kill -KILL "$NSINIT_PID") </dev/null >/dev/null 2>&1 &
    _lc_bg+=("$NSINIT_PID" "$!")
}

# wait_for SECONDS CMD...: polls CMD every 50 ms until it succeeds (status 0) or SECONDS pass
# (status 1).
wait_for()
{
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.05
    done
}

# pids_in_ns NS: the pids of every process in namespace NS ("pid:[4026531836]", as
# readlink /proc/PID/ns/pid gives it), one a line; one find over /proc, however many processes.
pids_in_ns()
{
    local type=${1%%:*} pattern=${1//[/\\[}
    pattern=${pattern//]/\\]}
    find /proc -mindepth 3 -maxdepth 3 -path "/proc/[0-9]*/ns/$type" -lname "$pattern" \
        2>/dev/null | cut -d/ -f3 | sort -n
}

# sig_caught PID N: true when process PID has a handler for signal N (its SigCgt mask), e.g.
# once a shell has set its trap.
sig_caught()
{
    local mask
    mask=$(awk '$1 == "SigCgt:" { print $2 }' "/proc/$1/status" 2>/dev/null)
    [ -n "$mask" ] && (((16#$mask >> ($2 - 1)) & 1))
}

# at_exit CMD...: runs CMD at exit, before directories are removed (last registered first).
at_exit()
{
    _lc_at_exit+=("$(printf '%q ' "$@")")
}

# ---- containers -----------------------------------------------------------------------

# mkcontainer DIR [CONFIG]: makes DIR a container directory: a copy of $ROOTFS plus
# container.json, which is CONFIG when it is JSON text ("{..."), a copy of the file CONFIG
# otherwise, $DEFAULT_CONFIG without it. DIR is removed at exit.
mkcontainer()
{
    local dir=$1 config=${2:-$DEFAULT_CONFIG}
    [ -x "$ROOTFS/bin/sh" ] || skip "no root filesystem at $ROOTFS (tests/fixtures/mkrootfs.sh)"
    [ ! -e "$dir" ] || [ -z "$(ls -A "$dir")" ] || bail "mkcontainer: $dir exists and is not empty"
    mkdir -p "$dir"
    _lc_dirs+=("$(cd "$dir" && pwd -P)")
    cp -a "$ROOTFS/." "$dir/" || bail "mkcontainer: cannot copy $ROOTFS to $dir"
    if [[ $config =~ ^[[:space:]]*\{ ]]; then
        printf '%s\n' "$config" >"$dir/container.json"
    else
        cp "$config" "$dir/container.json" || bail "mkcontainer: cannot copy $config"
    fi
}

# config_with MEMBER...: prints $DEFAULT_CONFIG with each MEMBER (JSON text such as
# '"user": "alice"') as a top-level member; a MEMBER whose key is one of the default's
# (hostname, environment, namespaces, tty) takes that member's place (a key may appear once).
config_with()
{
    local out='{' sep=$'\n    ' m key line member='' keep=1
    # the default's members, one at a time (each starts at four spaces and a quote)
    while IFS= read -r line; do
        case $line in
            '{' | '}') continue ;;
            '    "'*)
                [ -z "$member" ] || [ "$keep" = 0 ] || { out+=$sep${member%,}; sep=$',\n    '; }
                member=${line#    }
                key=${member%%\":*}\"
                keep=1
                for m in "$@"; do
                    [ "${m%%\":*}\"" != "$key" ] || keep=0
                done
                ;;
            *) member+=$'\n'$line ;;
        esac
    done <<<"$DEFAULT_CONFIG"
    [ -z "$member" ] || [ "$keep" = 0 ] || { out+=$sep${member%,}; sep=$',\n    '; }
    for m in "$@"; do
        out+=$sep$m
        sep=$',\n    '
    done
    printf '%s\n}\n' "$out"
}

# nsexec DIR CMD [ARG...]: runs CMD in the container whose directory and rootfs are both DIR.
nsexec()
{
    local dir=$1
    shift
    nsinit --root "$dir" --rootfs "$dir" exec -- "$@"
}

# nsinit_state DIR: the state directory where nsinit (as root) keeps its record of the
# container of directory DIR: /run/nsinit/DEV-INO of DIR.
nsinit_state()
{
    echo "/run/nsinit/$(stat -L -c '%d-%i' "$1")"
}

# check_clean DIR [WHAT]: ok when nothing of a container is left under DIR: no mount
# (host's /proc/self/mountinfo), no DIR/pid, no record in nsinit's state directory for DIR, and
# no process whose root or cwd is DIR or below (by path, and by inode for processes in other
# mount namespaces).
check_clean()
{
    local dir what=${2:-"nothing left behind in $1"} problems=() m p st
    dir=$(cd "$1" 2>/dev/null && pwd -P) || dir=$1
    m=$(_lc_mounts_under "$dir")
    [ -z "$m" ] || problems+=("mounted: $m")
    [ ! -e "$dir/pid" ] || problems+=("pid file: $dir/pid ($(cat "$dir/pid" 2>/dev/null))")
    if [ -d "$dir" ]; then
        st=$(nsinit_state "$dir")
        [ ! -e "$st" ] || problems+=("state directory: $st ($(ls -A "$st" 2>/dev/null))")
    fi
    p=$(_lc_procs_under "$dir")
    # shellcheck disable=SC2086 # one pid a line
    [ -z "$p" ] || problems+=("processes: $(_lc_describe $p)")
    if [ ${#problems[@]} -eq 0 ]; then
        ok "$what"
    else
        not_ok "$what" "${problems[@]}"
        return 1
    fi
}

# Mount points at or under $1, deepest first.
_lc_mounts_under()
{
    awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo |
        sort -r
}

# Pids whose root or cwd is at or under $1, except this shell and the subshells that call this.
_lc_procs_under()
{
    local dir=$1 mine=" " p=$BASHPID line
    [ -d "$dir" ] || return 0
    while [ "$p" -gt 1 ] && read -r line <"/proc/$p/stat"; do
        mine+="$p "
        [ "$p" != "$$" ] || break
        line=${line##*) }
        line=${line#* }
        p=${line%% *}
    done 2>/dev/null
    (
        # From /, so that none of the commands below has its cwd under $dir.
        cd / || exit 0
        {
            find "$dir" -xdev -type d -printf 'I %D:%i\n'
            stat -L -c 'S %n %d:%i' /proc/[0-9]*/root /proc/[0-9]*/cwd
            find /proc -mindepth 2 -maxdepth 2 -path '/proc/[0-9]*' \( -name root -o -name cwd \) \
                -printf 'L %p %l\n'
        } 2>/dev/null | awk -v d="$dir" -v mine="$mine" '
            $1 == "I" { inode[$2] = 1; next }
            {
                pid = $2; sub("^/proc/", "", pid); sub("/.*", "", pid)
                if (index(mine, " " pid " ")) next
            }
            $1 == "S" && ($3 in inode) { hit[pid] = 1; next }
            $1 == "L" {
                link = $0; sub("^L [^ ]+ ", "", link)
                if (link == d || index(link, d "/") == 1) hit[pid] = 1
            }
            END { for (p in hit) print p }' | sort -n
    )
}

_lc_describe()
{
    local p cmd out=()
    for p in "$@"; do
        cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline") || continue
        out+=("$p(${cmd:0:60})")
    done
    echo "${out[*]}"
}

# tree_of DIR: every path under DIR (as ./PATH), sorted, one a line; mounts are not crossed.
tree_of()
{
    (cd "$1" && find . -xdev | sort)
}

# tree_reset DIR TREE: removes what is under DIR and not in TREE (an earlier tree_of DIR): the
# top-most such entries, with everything below them (however deep).
tree_reset()
{
    local dir=$1 p
    diff <(echo "$2") <(tree_of "$dir") | sed -n 's|^> \./||p' |
        awk '{ n = split($0, c, "/"); p = ""; top = 1
               for (i = 1; i < n; i++) {
                   p = p (i > 1 ? "/" : "") c[i]
                   if (p in seen) { top = 0; break }
               }
               seen[$0] = 1
               if (top) print }' |
        while IFS= read -r p; do
            rm -rf --one-file-system "${dir:?}/$p"
        done
}

# ---- cgroups ----------------------------------------------------------------------------

# cg_mounts: the mount point of every cgroup (v1) and cgroup2 hierarchy, one a line.
cg_mounts()
{
    awk '{ split($0, a, " - "); split(a[2], f, " "); split(a[1], g, " ")
           if (f[1] == "cgroup" || f[1] == "cgroup2") print g[5] }' /proc/self/mountinfo
}

# cg_v1_mount CTRL: where the v1 hierarchy with controller CTRL ("memory", "name=systemd")
# is mounted; nothing when none is.
cg_v1_mount()
{
    awk -v c="$1" '{ split($0, a, " - "); split(a[2], f, " "); split(a[1], g, " ")
        if (f[1] != "cgroup") next
        n = split(f[3], o, ",")
        for (i = 1; i <= n; i++) if (o[i] == c) { print g[5]; exit } }' /proc/self/mountinfo
}

# cg_v2_mount: where the cgroup2 hierarchy is mounted; nothing when it is not.
cg_v2_mount()
{
    awk '{ split($0, a, " - "); split(a[2], f, " "); split(a[1], g, " ")
           if (f[1] == "cgroup2") { print g[5]; exit } }' /proc/self/mountinfo
}

# cg_rel PID CTRL: PID's cgroup path in CTRL's v1 hierarchy ("" for CTRL selects v2's
# "0::" line), from /proc/PID/cgroup.
cg_rel()
{
    awk -v c="$2" '{
        i = index($0, ":"); rest = substr($0, i + 1); j = index(rest, ":")
        list = substr(rest, 1, j - 1); path = substr(rest, j + 1)
        if (c == "") { if (substr($0, 1, i) == "0:" && list == "") { print path; exit } ; next }
        n = split(list, w, ",")
        for (k = 1; k <= n; k++) if (w[k] == c) { print path; exit } }' "/proc/$1/cgroup"
}

# cg_dir PID CTRL: the host directory of PID's cgroup in CTRL's v1 hierarchy (CTRL "": the v2
# one); status 1 when there is none.
cg_dir()
{
    local m rel
    if [ -n "$2" ]; then m=$(cg_v1_mount "$2"); else m=$(cg_v2_mount); fi
    rel=$(cg_rel "$1" "$2")
    [ -n "$m" ] && [ -n "$rel" ] || return 1
    [ "$rel" = / ] && rel=
    echo "$m$rel"
}

# cg_own_dirs: the directory of this script's own cgroup on every hierarchy, one a line. What
# nsinit starts goes below these.
cg_own_dirs()
{
    awk 'NR == FNR {
            i = index($0, ":"); rest = substr($0, i + 1); j = index(rest, ":")
            list = substr(rest, 1, j - 1); path = substr(rest, j + 1)
            if (substr($0, 1, i) == "0:" && list == "") { v2 = path; have_v2 = 1; next }
            n = split(list, w, ",")
            for (k = 1; k <= n; k++) v1[w[k]] = path
            next
        }
        {
            split($0, a, " - "); split(a[2], f, " "); split(a[1], g, " ")
            if (f[1] == "cgroup2") { if (!have_v2) next; p = v2 }
            else if (f[1] == "cgroup") {
                p = ""; found = 0; n = split(f[3], o, ",")
                for (k = 1; k <= n; k++) if (o[k] in v1) { p = v1[o[k]]; found = 1; break }
                if (!found) next
            } else next
            if (g[4] != "/" && index(p, g[4]) == 1) p = substr(p, length(g[4]) + 1)
            if (p == "/") p = ""
            print g[5] p
        }' "/proc/$$/cgroup" /proc/self/mountinfo | sort -u
}

# cg_find NAME...: every cgroup directory called one of the NAMEs below this script's own
# cgroups (where what it starts lands), on every hierarchy; one walk of each, however many names.
cg_find()
{
    local d
    while read -r d; do
        find "$d" -xdev -mindepth 1 -type d 2>/dev/null
    done < <(cg_own_dirs) | awk 'BEGIN { for (i = 1; i < ARGC; i++) want[ARGV[i]] = 1; ARGC = 1 }
        { n = $0; sub(".*/", "", n); if (n in want) print }' "$@" | sort -u
}

# cg_enter_own: moves this script into a cgroup of its own, lctest<pid> below its cgroup on
# every hierarchy, so that a config's fixed cgroup name (the samples' docker/docker-koye) lands
# apart from what any other test or test run starts at the same time. Undone at exit.
cg_enter_own()
{
    local d f own=()
    [ "$BASHPID" = "$$" ] || bail "cg_enter_own: call it from the script's own shell"
    while read -r d; do
        mkdir "$d/lctest$$" || bail "cg_enter_own: cannot make $d/lctest$$"
        own+=("$d")
        # a v1 cpuset takes no task before it has CPUs and memory nodes
        for f in cpuset.cpus cpuset.mems; do
            [ ! -e "$d/$f" ] || cat "$d/$f" >"$d/lctest$$/$f" ||
                bail "cg_enter_own: cannot set $d/lctest$$/$f"
        done
    done < <(cg_own_dirs)
    at_exit _lc_cg_leave_own "${own[@]}"
    for d in "${own[@]}"; do
        echo "$$" >"$d/lctest$$/cgroup.procs" || bail "cg_enter_own: cannot move into $d/lctest$$"
    done
}

# _lc_cg_leave_own DIR...: back into each DIR, then lctest<pid> below it removed with whatever
# is left inside.
_lc_cg_leave_own()
{
    local d sub p
    for d in "$@"; do
        echo "$$" >"$d/cgroup.procs"
    done
    for d in "$@"; do
        for sub in $(find "$d/lctest$$" -xdev -depth -type d 2>/dev/null); do
            while read -r p; do
                kill -KILL "$p" 2>/dev/null
            done <"$sub/cgroup.procs" 2>/dev/null
            wait_for 10 _lc_rmdir_gone "$sub"
        done
    done
    return 0
}

# _lc_rmdir_gone DIR: true once DIR is removed (or was never there).
_lc_rmdir_gone()
{
    rmdir "$1" 2>/dev/null || [ ! -d "$1" ]
}

# check_no_cgroup NAME [WHAT]: ok when no hierarchy has a directory called NAME.
check_no_cgroup()
{
    local left
    left=$(cg_find "$1")
    if [ -z "$left" ]; then
        ok "${2:-"no cgroup directory $1 left"}"
    else
        not_ok "${2:-"no cgroup directory $1 left"}" "left: $left"
        return 1
    fi
}

# cg_remove NAME...: removes every cgroup directory called NAME on every hierarchy (deepest
# first, killing what is still inside); for at_exit after a test that may fail midway.
cg_remove()
{
    local d p
    [ $# -gt 0 ] || return 0
    for d in $(cg_find "$@" | sort -r); do
        while read -r p; do
            kill -KILL "$p" 2>/dev/null
        done <"$d/cgroup.procs" 2>/dev/null
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            rmdir "$d" 2>/dev/null && break
            [ -d "$d" ] || break
            sleep 0.1
        done
    done
    return 0
}

# cg_own_dirs: the directory of this shell's own cgroup in every mounted hierarchy (cgroup v1
# and cgroup2), one a line: where nsinit, started from here, makes a container's cgroups
# (<hierarchy>/<its own cgroup>/<parent>/<name>). Looking there is much cheaper than cg_find's
# walk of every hierarchy on a machine with many cgroups.
cg_own_dirs()
{
    awk 'FNR == NR {
            i = index($0, ":"); rest = substr($0, i + 1); j = index(rest, ":")
            list = substr(rest, 1, j - 1); path = substr(rest, j + 1)
            if (substr($0, 1, i) == "0:" && list == "") { v2 = path; next }
            n = split(list, w, ",")
            for (k = 1; k <= n; k++) rel[w[k]] = path
            next
        }
        { split($0, a, " - "); split(a[2], f, " "); split(a[1], g, " ")
          if (f[1] == "cgroup2") p = v2
          else if (f[1] == "cgroup") {
              p = "-"; n = split(f[3], o, ",")
              for (k = 1; k <= n; k++) if (o[k] in rel) { p = rel[o[k]]; break }
              if (p == "-") next
          } else next
          if (p == "/") p = ""
          print g[5] p }' "/proc/$BASHPID/cgroup" /proc/self/mountinfo
}

# check_no_cgroup_here WHAT NAME...: ok when no hierarchy has a directory NAME (a relative path)
# below this shell's own cgroup.
check_no_cgroup_here()
{
    local what=$1 d n left=()
    shift
    for d in $(cg_own_dirs); do
        for n in "$@"; do
            [ ! -e "$d/$n" ] || left+=("$d/$n")
        done
    done
    if [ ${#left[@]} -eq 0 ]; then
        ok "$what"
    else
        not_ok "$what" "left: ${left[*]}"
        return 1
    fi
}

# cg_remove_here NAME...: removes the directories NAME below this shell's own cgroup in every
# hierarchy, and what is below them (deepest first, killing what is still inside).
cg_remove_here()
{
    local d n c p
    for d in $(cg_own_dirs); do
        for n in "$@"; do
            [ -d "$d/$n" ] || continue
            while read -r c; do
                while read -r p; do
                    kill -KILL "$p" 2>/dev/null
                done <"$c/cgroup.procs" 2>/dev/null
                for _ in 1 2 3 4 5 6 7 8 9 10; do
                    rmdir "$c" 2>/dev/null && break
                    [ -d "$c" ] || break
                    sleep 0.1
                done
            done < <(find "$d/$n" -depth -type d 2>/dev/null)
        done
    done
    return 0
}

# ---- networks -----------------------------------------------------------------------------
# Network tests build their whole topology in network namespaces they make themselves: one
# standing for the host (holding the bridge), nsinit run inside it. iproute2 builds and
# inspects that topology; nsenter --net runs nsinit there (not `ip netns exec`, which remounts
# /sys and hides the cgroup mounts).

# netns_add NAME: makes the named network namespace /run/netns/NAME (lo up), deleted at exit.
# Pick names unique to the test run (with $$).
_LC_NETNS=()
netns_add()
{
    ip netns add "$1" || bail "ip netns add $1 failed"
    _LC_NETNS+=("$1")
    at_exit ip netns delete "$1"
    ip -n "$1" link set lo up || bail "ip -n $1 link set lo up failed"
}

# hooks_setup PREFIX ADDR: what the robust_* scripts share: skip without the nsinit-hooks build
# or a cgroup hierarchy; the cgroup name $CG (removed at exit) and a namespace $H standing for
# the host with bridge br0 holding ADDR.
hooks_setup()
{
    need_root
    need_cmd ip nsenter
    NSINIT_HOOKS=${NSINIT_HOOKS:-$SRCDIR/build/nsinit-hooks}
    [ -x "$NSINIT_HOOKS" ] || skip "no test build of nsinit at $NSINIT_HOOKS (target nsinit-hooks)"
    [ -n "$(cg_v1_mount memory)$(cg_v2_mount)" ] || skip "no cgroup hierarchy mounted"
    H=$1$$h
    CG=$1$$
    at_exit cg_remove "$CG"
    netns_add "$H"
    if ! { ip -n "$H" link add br0 type bridge && ip -n "$H" addr add "$2" dev br0 &&
        ip -n "$H" link set br0 up; }; then
        bail "cannot build the bridge in $H"
    fi
}

# netns_path NS: the namespace file for NS, a name from netns_add or a path.
netns_path()
{
    case $1 in
        /*) echo "$1" ;;
        *) echo "/run/netns/$1" ;;
    esac
}

# nsinit_in NS ARGS...: nsinit (as nsinit above, under the timeout) run in network namespace NS.
nsinit_in()
{
    local ns
    ns=$(netns_path "$1")
    shift
    [ -x "$NSINIT" ] || bail "not executable: $NSINIT (build first, or set NSINIT)"
    _lc_timed "$(command -v nsenter)" --net="$ns" "$NSINIT" "$@"
}

# nsexec_in NS DIR CMD [ARG...]: nsexec DIR CMD... run in network namespace NS.
nsexec_in()
{
    local ns=$1 dir=$2
    shift 2
    nsinit_in "$ns" --root "$dir" --rootfs "$dir" exec -- "$@"
}

# nsinit_bg_in NS ARGS...: nsinit_bg ARGS... run in network namespace NS; NSINIT_PID is
# nsinit's own pid (nsenter execs it).
nsinit_bg_in()
{
    local ns
    ns=$(netns_path "$1")
    shift
    [ -x "$NSINIT" ] || bail "not executable: $NSINIT (build first, or set NSINIT)"
    nsenter --net="$ns" "$NSINIT" "$@" &
    NSINIT_PID=$!
    (sleep "$NSINIT_BG_TIMEOUT" && kill -KILL "$NSINIT_PID") </dev/null >/dev/null 2>&1 &
    _lc_bg+=("$NSINIT_PID" "$!")
}

# veths_in NS: the names of the veth links in network namespace NS ("": the caller's own), one a
# line, sorted.
veths_in()
{
    local in=()
    [ -z "$1" ] || in=(-n "$1")
    ip "${in[@]}" -o link show type veth 2>/dev/null |
        awk -F': ' '{ sub("@.*", "", $2); print $2 }' | sort
}

# check_no_veth NS [WHAT]: ok when network namespace NS holds no veth link.
check_no_veth()
{
    local left what=${2:-"no veth left in $1"}
    left=$(veths_in "$1")
    if [ -z "$left" ]; then
        ok "$what"
    else
        not_ok "$what" "left: $(tr '\n' ' ' <<<"$left")"
        return 1
    fi
}

# netns_id PID: the inode of PID's network namespace ("net:[N]" gives N).
netns_id()
{
    stat -L -c %i "/proc/$1/ns/net" 2>/dev/null
}

# check_netns_gone INODE [WHAT]: ok when no process is in, or holds an fd of, the network
# namespace INODE and no mount pins it: the kernel has (or is about to have) destroyed it.
check_netns_gone()
{
    local id=$1 what=${2:-"network namespace $1 is gone"} held=() p fds=() f mp
    # The kernel gives a freed namespace's inode number to the next one made, perhaps by a test
    # running beside this one: only what is this test's holds the namespace it named.
    for p in $(stat -L -c '%i %n' /proc/[0-9]*/ns/net 2>/dev/null | awk -v id="$id" '$1 == id {
            split($2, a, "/"); print a[3] }'); do
        _lc_ours "$p" && held+=("a process is still in it: $(_lc_describe "$p")")
    done
    for f in $(find /proc/[0-9]*/fd -lname "net:\[$id\]" 2>/dev/null); do
        p=${f#/proc/}
        _lc_ours "${p%%/*}" && fds+=("$f")
    done
    [ ${#fds[@]} -eq 0 ] || held+=("an open fd holds it: ${fds[*]:0:3}")
    while read -r mp; do
        case $mp in
            /run/netns/*) [[ " ${_LC_NETNS[*]} " == *" ${mp#/run/netns/} "* ]] || continue ;;
        esac
        held+=("a mount pins it: $mp")
    done < <(awk -v id="net:[$id]" '$4 == id { print $5 }' /proc/self/mountinfo)
    if [ ${#held[@]} -eq 0 ]; then
        ok "$what"
    else
        not_ok "$what" "${held[@]}"
        return 1
    fi
}

# _lc_ours PID: whether PID is this test's: below this script in the process tree, or with its
# root directory in the test's directory (a container's process whose runtime is gone).
_lc_ours()
{
    local p=$1 root n=0
    root=$(readlink "/proc/$p/root" 2>/dev/null) || return 1
    case $root/ in "$TESTTMP"/*) return 0 ;; esac
    while [ "$p" -gt 1 ] && [ $n -lt 64 ]; do
        [ "$p" != "$$" ] || return 0
        p=$(awk '/^PPid:/ { print $2 }' "/proc/$p/status" 2>/dev/null) || return 1
        [ -n "$p" ] || return 1
        n=$((n + 1))
    done
    return 1
}

# check_no_netns NAME... : ok when none of the named network namespaces exists any more.
check_no_netns()
{
    local n left=()
    for n in "$@"; do
        if [ -e "/run/netns/$n" ] ||
            ip netns list 2>/dev/null | awk '{ print $1 }' | grep -qxF -- "$n"; then
            left+=("$n")
        fi
    done
    if [ ${#left[@]} -eq 0 ]; then
        ok "no network namespace of the test left ($*)"
    else
        not_ok "no network namespace of the test left ($*)" "left: ${left[*]}"
        return 1
    fi
}

# ---- processes -------------------------------------------------------------------------------

# proc_state PID: the state letter of PID (R, S, T, Z, ...); nothing when it is gone.
proc_state()
{
    local line
    read -r line 2>/dev/null <"/proc/$1/stat" || return 0
    line=${line##*) }
    echo "${line%% *}"
}

# descendants PID: every descendant of PID, one a line.
descendants()
{
    local c
    # shellcheck disable=SC2013 # one pid a word
    for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
        echo "$c"
        descendants "$c"
    done
}

# stopped_in PID: prints the first of PID and its descendants that is stopped (state T).
stopped_in()
{
    local p
    for p in "$1" $(descendants "$1"); do
        if [ "$(proc_state "$p")" = T ]; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# ended_within SECS PID: PID, a child of this shell, ends (or is a zombie) within SECS seconds;
# then it is reaped and ENDED_STATUS holds its exit status. Status 1 when it still runs.
ended_within()
{
    local pid=$2
    # shellcheck disable=SC2016 # expanded by eval, on each try
    if wait_for "$1" eval '[ -z "$(proc_state "$pid")" ] || [ "$(proc_state "$pid")" = Z ]'; then
        # shellcheck disable=SC2034 # set for the caller
        { wait "$pid"; } 2>/dev/null && ENDED_STATUS=0 || ENDED_STATUS=$?
        return 0
    fi
    # shellcheck disable=SC2034
    ENDED_STATUS=running
    return 1
}

# ---- decoys --------------------------------------------------------------------------------
# Attacks aimed at host processes aim at a decoy the test starts, never at a real one.

# start_decoy: sets DECOY to the pid of a host `sleep` of the test's own. Its parent never reaps
# it: killed, it stays a zombie while the test runs, so its pid cannot pass to another process
# that a forged message naming it would then reach. Both are killed at exit.
start_decoy()
{
    local holder
    sh -c 'sleep 1000 & exec sleep 1001' </dev/null >/dev/null 2>&1 &
    holder=$!
    disown "$holder"
    at_exit kill -KILL "$holder"
    DECOY=
    # shellcheck disable=SC2016 # expanded by eval, on each try
    wait_for 5 eval 'DECOY=$(cat /proc/$holder/task/$holder/children 2>/dev/null); [ -n "$DECOY" ]' ||
        bail "start_decoy: no decoy under $holder"
    DECOY=${DECOY%% *}
    at_exit kill -KILL "$DECOY"
}

# decoy_alive PID: PID exists and is not a zombie.
decoy_alive()
{
    local line
    read -r line 2>/dev/null <"/proc/$1/stat" || return 1
    line=${line##*) }
    [ "${line%% *}" != Z ] && [ "${line%% *}" != X ]
}

# ---- exit -------------------------------------------------------------------------------

_lc_remove_dir()
{
    local d=$1 p m
    [ -e "$d" ] || return 0
    # the record of a container whose nsinit was killed outlives it; the directory goes now
    rm -rf "$(nsinit_state "$d")"
    p=$(_lc_procs_under "$d")
    # shellcheck disable=SC2086
    [ -z "$p" ] || kill -KILL $p 2>/dev/null
    for m in $(_lc_mounts_under "$d"); do
        umount -R -l "$m" 2>/dev/null
    done
    m=$(_lc_mounts_under "$d")
    if [ -n "$m" ]; then
        echo "# cleanup: $d left in place, still mounted: $m" >&2
        return 1
    fi
    rm -rf --one-file-system "$d"
}

_lc_exit()
{
    local st=$? i p
    trap - EXIT INT TERM
    cd / || true
    for ((i = ${#_lc_at_exit[@]} - 1; i >= 0; i--)); do
        eval "${_lc_at_exit[i]}" >/dev/null 2>&1 || true
    done
    for p in "${_lc_bg[@]}"; do
        pkill -KILL -P "$p" 2>/dev/null
        kill -KILL "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    for ((i = ${#_lc_dirs[@]} - 1; i >= 0; i--)); do
        _lc_remove_dir "${_lc_dirs[i]}"
    done
    if [ "$st" -eq 77 ] && [ "$_lc_failed" -eq 0 ]; then
        exit 77
    fi
    if [ "$st" -ne 0 ] && [ "$st" -ne 77 ] && [ "$_lc_failed" -eq 0 ]; then
        not_ok "test script ended with status $st"
    fi
    echo "$_lc_passed passed, $_lc_failed failed"
    [ "$_lc_failed" -eq 0 ] || exit 1
    exit 0
}

trap _lc_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

TESTTMP=$(mktemp -d "${TMPDIR:-/tmp}/lc-test.XXXXXX") || bail "mktemp failed"
_lc_dirs+=("$TESTTMP")
