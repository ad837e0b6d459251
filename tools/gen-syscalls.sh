#!/usr/bin/env bash
# Prints the syscall table of libcontainer.h's seccomp section: every name
# with its number on x86_64 and aarch64 (-1 where absent), sorted by name.
# Reads the kernel's uapi headers (linux-libc-dev); syscalls newer than
# those headers are listed at the end by hand (their numbers are shared by
# every architecture since 5.1).
set -euo pipefail
export LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

numbers() { # header and defines -> "name number" lines
    printf '%s\n' "$2" '#include <'"$1"'>' >"$tmp/in.c"
    gcc -E -dM "$tmp/in.c" | awk '$1 == "#define" && $2 ~ /^__NR_/ { print $2 }' | sort -u >"$tmp/names"
    {
        printf '%s\n' "$2" '#include <'"$1"'>' '#include <stdio.h>' 'int main(void) {'
        while read -r n; do printf 'printf("%%s %%ld\\n", "%s", (long)(%s));\n' "${n#__NR_}" "$n"; done <"$tmp/names"
        printf 'return 0; }\n'
    } >"$tmp/p.c"
    gcc -w -o "$tmp/p" "$tmp/p.c" && "$tmp/p" | awk '$2 >= 0 && $2 < 1024 && $1 != "syscalls" && $1 != "arch_specific_syscall"'
}

numbers asm/unistd_64.h '' | sort >"$tmp/x86"
numbers asm-generic/unistd.h '#define __BITS_PER_LONG 64
#define __ARCH_WANT_RENAMEAT
#define __ARCH_WANT_NEW_STAT
#define __ARCH_WANT_SET_GET_RLIMIT
#define __ARCH_WANT_TIME32_SYSCALLS
#define __ARCH_WANT_SYS_CLONE3
#define __ARCH_WANT_MEMFD_SECRET' | grep -v '^NR3264' | sort >"$tmp/arm"

# Newer than the headers: the same number everywhere.
cat >"$tmp/new" <<'NEW'
cachestat 451
fchmodat2 452
map_shadow_stack 453
futex_wake 454
futex_wait 455
futex_requeue 456
statmount 457
listmount 458
lsm_get_self_attr 459
lsm_set_self_attr 460
lsm_list_modules 461
mseal 462
setxattrat 463
getxattrat 464
listxattrat 465
removexattrat 466
open_tree_attr 467
NEW
for f in x86 arm; do sort -u -k1,1 "$tmp/$f" "$tmp/new" >"$tmp/$f.all"; done
join -a1 -a2 -e -1 -o 0,1.2,2.2 "$tmp/x86.all" "$tmp/arm.all" |
    awk '{ printf "    {\"%s\", %s, %s},\n", $1, $2, $3 }'
