/* The runtime's own resources across many containers.

   usage: test_leaks [N]     (default 1000; root; ROOTFS names the root
                              filesystem, as for the integration tests)

   Runs N times: lc_config_parse -> lc_container_start (/bin/true) ->
   lc_container_wait -> lc_container_free, lc_config_free, with a config that
   reaches most of the parent's work (namespaces, a tmpfs mount, loopback,
   cgroups, rlimits, a seccomp filter, restrictions). Then checks that
   - every container exited 0;
   - the open fds (/proc/self/fd) are the same before the first cycle and
     after the last;
   - no child process is left;
   - the heap in use (glibc mallinfo2) is the same after cycle 10 and after
     cycle N, to the byte. It is exact only without glibc's thread cache
     (whose blocks count as in use), so it is checked when the environment has
     GLIBC_TUNABLES=glibc.malloc.tcache_count=0 (ctest sets it), and not under
     AddressSanitizer or valgrind, whose allocators keep their own books;
   - peak RSS (VmHWM) grew by at most 1 MiB from cycle 10 to cycle N (not
     under AddressSanitizer or valgrind, which hold freed memory back by
     design: ASan's quarantine, valgrind's --freelist-vol).
   RSS and VmHWM are printed at 10 and at N. Under valgrind (see
   tests/README.md) the same program shows zero leaked bytes. Prints TAP;
   exit 77 (skip) when not root or without a root filesystem. */
#define _GNU_SOURCE
#define LIBCONTAINER_IMPLEMENTATION
#include "libcontainer.h"

#include <dirent.h>
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

#define RSS_GROWTH_MAX_KB 1024

#include "tap.h"

/* Open fds of this process, without the one that lists them. */
static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int n = 0;

    if (!d)
        return -1;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n - 1;
}

/* A "Name:   123 kB" line of /proc/self/status, in kB; -1 when absent. */
static long status_kb(const char *name)
{
    char line[256];
    size_t n = strlen(name);
    long v = -1;
    FILE *f = fopen("/proc/self/status", "re");

    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, name, n) && line[n] == ':') {
            v = strtol(line + n + 1, NULL, 10);
            break;
        }
    fclose(f);
    return v;
}

/* glibc's thread cache off: mallinfo2 then counts exactly what is in use. */
static int tcache_off(void)
{
    const char *t = getenv("GLIBC_TUNABLES");

    return t && strstr(t, "glibc.malloc.tcache_count=0") != NULL;
}

static size_t heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();

    return mi.uordblks + mi.hblkhd;
}

/* Is controller enabled in /proc/cgroups? */
static int have_controller(const char *name)
{
    char line[256], sub[64];
    int hier, ncg, enabled, found = 0;
    FILE *f = fopen("/proc/cgroups", "re");

    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "%63s %d %d %d", sub, &hier, &ncg, &enabled) == 4 && enabled &&
            !strcmp(sub, name))
            found = 1;
    fclose(f);
    return found;
}

/* The config of every cycle; memory and pids limits where the machine has
   those controllers. The cgroup parent is this process's own, so that two
   runs at once do not remove each other's. */
static void make_config(char *buf, size_t size)
{
    char limits[128] = "";

    if (have_controller("memory"))
        strcat(limits, ", \"memory\": 67108864");
    if (have_controller("pids"))
        strcat(limits, ", \"pids_limit\": 64");
    snprintf(buf, size,
             "{\n"
             "  \"hostname\": \"leaks\",\n"
             "  \"readonlyfs\": true,\n"
             "  \"environment\": [\"PATH=/usr/sbin:/usr/bin:/sbin:/bin\", \"HOME=/\"],\n"
             "  \"namespaces\": {\"NEWNS\": true, \"NEWUTS\": true, \"NEWIPC\": true,\n"
             "                 \"NEWPID\": true, \"NEWNET\": true},\n"
             "  \"capabilities\": [\"CHOWN\", \"SETUID\", \"SETGID\", \"KILL\"],\n"
             "  \"context\": {\"restrictions\": true},\n"
             "  \"mount_config\": {\"mounts\": [{\"type\": \"tmpfs\", \"source\": \"tmpfs\",\n"
             "                   \"destination\": \"/tmp\", \"writable\": true,\n"
             "                   \"data\": \"size=1m\"}]},\n"
             "  \"networks\": [{\"type\": \"loopback\", \"address\": \"127.0.0.1/0\",\n"
             "                \"gateway\": \"localhost\", \"mtu\": 1500}],\n"
             "  \"cgroups\": {\"parent\": \"lc-test-leaks-%ld\"%s},\n"
             "  \"rlimits\": [{\"type\": \"RLIMIT_CORE\", \"hard\": 0, \"soft\": 0}],\n"
             "  \"seccomp\": {\"default_action\": \"allow\",\n"
             "              \"syscalls\": [{\"name\": \"mkdir\", \"action\": \"errno\"}]},\n"
             "  \"no_new_privileges\": true\n"
             "}\n",
             (long)getpid(), limits);
}

/* valgrind preloads its own vgpreload_*.so into the program it runs. */
static int under_valgrind(void)
{
    const char *p = getenv("LD_PRELOAD");

    return p && strstr(p, "/vgpreload") != NULL;
}

/* One cycle; 0 when the container ran and exited 0, else -1 with why. */
static int cycle(const char *json, const char *rootfs, char *why, size_t whylen)
{
    static char *argv[] = {"/bin/true", NULL};
    lc_config *cfg = NULL;
    lc_container *c = NULL;
    lc_process proc;
    lc_error err;
    int status = 0, rc;

    memset(&proc, 0, sizeof proc);
    proc.argv = argv;
    if ((rc = lc_config_parse(json, strlen(json), NULL, &cfg, &err)) < 0 ||
        (rc = lc_container_start(cfg, rootfs, &proc, &c, &err)) < 0) {
        snprintf(why, whylen, "%s", err.msg);
        lc_config_free(cfg);
        return -1;
    }
    while ((rc = lc_container_wait(c, &status, &err)) == -EINTR)
        ;
    lc_container_free(c);
    lc_config_free(cfg);
    if (rc < 0) {
        snprintf(why, whylen, "%s", err.msg);
        return -1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(why, whylen, "/bin/true ended with wait status %#x", status);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    static char json[4096];
    const char *rootfs = getenv("ROOTFS");
    char why[1100], line[256], path[4096];
    long n = 1000, i, rss10 = -1, hwm10 = -1, rssn = -1, hwmn = -1, failures = 0;
    size_t heap10 = 0, heapn = 0;
    int fds_before, fds_after;
    struct stat st;

    if (argc > 1) {
        char *end;
        n = strtol(argv[1], &end, 10);
        if (*end || n < 11) {
            fprintf(stderr, "usage: test_leaks [N]   (N >= 11, default 1000)\n");
            return 2;
        }
    }
    if (geteuid() != 0) {
        printf("1..0 # SKIP needs root\n");
        return 77;
    }
    snprintf(path, sizeof path, "%s/bin/true", rootfs ? rootfs : "");
    if (!rootfs || stat(path, &st) < 0) {
        printf("1..0 # SKIP no root filesystem with /bin/true at $ROOTFS (%s)\n",
               rootfs ? rootfs : "unset");
        return 77;
    }
    make_config(json, sizeof json);
    /* stdout's buffer is allocated by the first printf, before any figure */
    printf("# %ld cycles of parse, start /bin/true, wait, free on %s%s\n", n, rootfs,
           UNDER_ASAN ? " (AddressSanitizer build)" : "");
    fflush(stdout);

    fds_before = count_fds();
    for (i = 1; i <= n; i++) {
        if (cycle(json, rootfs, why, sizeof why) < 0) {
            /* the first failure tells; the rest only count */
            if (!failures++) {
                printf("# cycle %ld: %s\n", i, why);
                fflush(stdout); /* nothing buffered while processes are cloned */
            }
        }
        if (i == 10) {
            rss10 = status_kb("VmRSS");
            hwm10 = status_kb("VmHWM");
            heap10 = heap_in_use();
        }
    }
    rssn = status_kb("VmRSS");
    hwmn = status_kb("VmHWM");
    heapn = heap_in_use();
    fds_after = count_fds();

    snprintf(line, sizeof line, "%ld of %ld cycles failed", failures, n);
    check(failures == 0, "every container started and exited 0", failures ? line : NULL);
    snprintf(line, sizeof line, "open fds: %d before, %d after", fds_before, fds_after);
    printf("# %s\n", line);
    check(fds_before >= 0 && fds_before == fds_after, "no fd leaked", line);
    check(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD, "no child process left",
          "a child of the test is still there");
    printf("# cycle 10: VmRSS %ld kB, VmHWM %ld kB, heap in use %zu bytes\n", rss10, hwm10, heap10);
    printf("# cycle %ld: VmRSS %ld kB, VmHWM %ld kB, heap in use %zu bytes\n", n, rssn, hwmn,
           heapn);
    if (UNDER_ASAN) {
        printf("ok %d - heap and RSS checks # SKIP AddressSanitizer (LeakSanitizer checks "
               "leaks at exit)\n",
               ++test_count);
    } else if (under_valgrind()) {
        printf("ok %d - heap and RSS checks # SKIP valgrind (it checks leaks at exit; its queue "
               "of freed blocks grows RSS by design)\n",
               ++test_count);
    } else {
        snprintf(line, sizeof line, "heap in use: %zu bytes at cycle 10, %zu at cycle %ld", heap10,
                 heapn, n);
        if (tcache_off())
            check(heapn == heap10, "heap in use is the same at cycle 10 and at the end", line);
        else
            printf("ok %d - heap in use # SKIP needs GLIBC_TUNABLES=glibc.malloc.tcache_count=0\n",
                   ++test_count);
        snprintf(line, sizeof line, "VmHWM grew by %ld kB (at most %d)", hwmn - hwm10,
                 RSS_GROWTH_MAX_KB);
        check(hwm10 > 0 && hwmn - hwm10 <= RSS_GROWTH_MAX_KB, "peak RSS growth bounded", line);
    }
    printf("1..%d\n", test_count);
    printf("%d passed, %d failed\n", test_count - test_failed, test_failed);
    return test_failed ? 1 : 0;
}
