#!/usr/bin/env bash
# Attacks read-only mounts whose path resolves to the container's root, no race needed: a
# read-only bind of a host directory whose destination is / or an image's symlink to /, and
# readonly_paths naming / or such a symlink. The bind was mounted over the root, then the
# read-only remount went to the root's own mount below it: the bind stayed read-write, and
# /.. (or /bin/..) reached it, so the container wrote into the host's source directory; the same
# way readonly_paths left the root writable through /... Secure: whether such a start runs or is
# refused, nothing is written into the source or the root, and no mount of the source is
# read-write.
# run sets status, stdout and stderr; single quotes hold shell code for the container.
# shellcheck source=../lib.sh disable=SC2154,SC2016
. "$(dirname "$0")/../lib.sh"
need_root

SRC=$TESTTMP/src
mkdir -p "$SRC"
echo source >"$SRC/src-marker"
chmod 0777 "$SRC"
C=$TESTTMP/c
mkcontainer "$C"
ln -s / "$C/rootlink"
ln -s ../.. "$C/bin/uptwo"
# What the container does: write through /, /.., /bin/.. ("wrote:PLACE"), and print the read
# state of each mount of the source ("src:ro" or "src:rw").
PROBE='for p in "" /.. /bin/..; do touch "$p/probe" 2>/dev/null && echo "wrote:${p:-/}"; done
    while read -r _ _ _ root point opts _; do
        [ "$root" = '"$SRC"' ] && echo "src:${opts%%,*}"
    done </proc/self/mountinfo; true'
# ro_case WHAT MEMBER: a start with this member; nothing written where it must not be.
ro_case()
{
    local what=$1 leaked
    config_with "$2" >"$C/container.json"
    run nsexec "$C" sh -c "$PROBE"
    echo "# $what: status $status: $(tr '\n' ' ' <<<"$stdout$stderr")"
    leaked=$(find "$SRC" -mindepth 1 ! -name src-marker -printf '%f ')
    check_eq "$what: nothing written into the host's source" "" "$leaked"
    check_eq "$what: no read-write mount of the source" "" "$(grep -x 'src:rw' <<<"$stdout")"
    find "$SRC" -mindepth 1 ! -name src-marker -delete
    rm -f "$C/probe"
    check_clean "$C" "$what: nothing left behind"
}
BIND='"mount_config": {"mounts": [{"type": "bind", "source": "'"$SRC"'", "destination": "DEST"}]}'
ro_case "read-only bind at /" "${BIND/DEST//}"
ro_case "read-only bind at the image's symlink /rootlink -> /" "${BIND/DEST//rootlink}"
ro_case "read-only bind at the image's symlink /bin/uptwo -> ../.. (the root)" "${BIND/DEST//bin/uptwo}"

# readonly_paths naming the root: nothing of the root may be written, through any path.
rp_case()
{
    local what=$1 leaked
    config_with "\"readonly_paths\": [\"$2\"]" >"$C/container.json"
    run nsexec "$C" sh -c "$PROBE"
    echo "# $what: status $status: $(tr '\n' ' ' <<<"$stdout$stderr")"
    leaked=$(find "$C" -maxdepth 1 -name probe -printf '%f ')
    check_eq "$what: nothing written into the root" "" "$leaked"
    rm -f "$C/probe"
    check_clean "$C" "$what: nothing left behind"
}
rp_case "readonly_paths [\"/\"]" /
rp_case "readonly_paths through the image's symlink /rootlink -> /" /rootlink
