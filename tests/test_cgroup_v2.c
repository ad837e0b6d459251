/* Device programs on cgroup v2: lc__dev_attach on real cgroups of
   the cgroup2 mount, and the verdicts the kernel gives a process inside them.

   For each case a cgroup is made below the caller's own v2 cgroup, a program
   is attached, and a forked child moves itself into the cgroup and tries
   opens and mknods; the directories are removed at the end.

   usage: test_cgroup_v2 [MOUNT]   (default: /sys/fs/cgroup/unified, else
                                    /sys/fs/cgroup, whichever is cgroup2)
   Prints TAP; exits 1 when a check fails, 77 (skip) when not root, when
   there is no cgroup2 mount, or when the kernel refuses BPF with EPERM. */
#define _GNU_SOURCE
#define LIBCONTAINER_IMPLEMENTATION
#include "libcontainer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define CGROUP2_MAGIC 0x63677270

#include "tap.h"

/* ---- the child: runs in the cgroup, reports each check as a line
   "1|name|" or "0|name|why" on a pipe ---------------------------------- */

static int report_fd = -1;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void
report(int ok, const char *name, const char *fmt, ...);

static void report(int ok, const char *name, const char *fmt, ...)
{
    char line[1024], why[512] = "";
    int n;
    if (!ok && fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, sizeof why, fmt, ap);
        va_end(ap);
    }
    n = snprintf(line, sizeof line, "%d|%s|%s\n", ok, name, why);
    if (n > 0 && write(report_fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1) < 0)
        _exit(2);
}

/* expect_open: open(path, flags) should succeed (want 0) or fail with errno
   want; reads too when it opens for reading. */
static void expect_open(const char *path, int flags, int want, const char *name)
{
    int fd = open(path, flags | O_CLOEXEC | O_NOCTTY);
    int e = errno;
    if (fd >= 0) {
        char c;
        /* /dev/null reads nothing (0), the others one byte */
        int rd = (flags & O_ACCMODE) != O_WRONLY ? (int)read(fd, &c, 1) : 0;
        e = errno;
        close(fd);
        if (want)
            report(0, name, "%s opened; expected %s", path, strerror(want));
        else
            report(rd >= 0, name, "%s opened, but reading it failed: %s", path, strerror(e));
    } else {
        report(e == want, name, "open %s: %s; expected %s", path, strerror(e),
               want ? strerror(want) : "success");
    }
}

/* expect_mknod: a character node major:minor made at path: success (want 0)
   or errno want. */
static void expect_mknod(const char *path, unsigned maj, unsigned min, int want, const char *name)
{
    int r = mknod(path, S_IFCHR | 0600, makedev(maj, min)), e = errno;
    if (r == 0)
        unlink(path);
    report(r == 0 ? want == 0 : e == want, name, "mknod %s c %u:%u: %s; expected %s", path, maj,
           min, r == 0 ? "made" : strerror(e), want ? strerror(want) : "success");
}

/* Moves the calling process into dir; reports it and checks /proc/self/cgroup. */
static int enter(const char *dir, const char *rel)
{
    char path[PATH_MAX], buf[4096], want[PATH_MAX + 8];
    int fd, n, ok;
    snprintf(path, sizeof path, "%s/cgroup.procs", dir);
    fd = open(path, O_WRONLY | O_CLOEXEC);
    n = snprintf(buf, sizeof buf, "%d", (int)getpid());
    if (fd < 0 || write(fd, buf, (size_t)n) != n) {
        report(0, "the child moves itself into the cgroup", "%s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    fd = open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
    n = fd >= 0 ? (int)read(fd, buf, sizeof buf - 1) : -1;
    if (fd >= 0)
        close(fd);
    buf[n > 0 ? n : 0] = '\0';
    snprintf(want, sizeof want, "0::%s\n", rel);
    ok = strstr(buf, want) != NULL;
    report(ok, "the child is in the cgroup (/proc/self/cgroup)", "want %s", want);
    return ok ? 0 : -1;
}

typedef void (*child_fn)(const char *tmp);

/* Forks a child that enters dir (rel: its path below the mount) and runs fn;
   collects its reports as checks. */
static void in_cgroup(const char *dir, const char *rel, const char *tmp, child_fn fn,
                      const char *label)
{
    int p[2], status;
    pid_t pid;
    FILE *f;
    char line[1200];
    if (pipe(p) < 0) {
        check(0, label, strerror(errno));
        return;
    }
    fflush(stdout);
    pid = fork();
    if (pid < 0) {
        check(0, label, strerror(errno));
        close(p[0]);
        close(p[1]);
        return;
    }
    if (pid == 0) {
        close(p[0]);
        report_fd = p[1];
        if (enter(dir, rel) == 0)
            fn(tmp);
        _exit(0);
    }
    close(p[1]);
    f = fdopen(p[0], "r");
    while (f && fgets(line, sizeof line, f)) {
        char name[600], *bar1 = strchr(line, '|'), *bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;
        if (!bar2)
            continue;
        *bar2 = '\0';
        bar2[1 + strcspn(bar2 + 1, "\n")] = '\0';
        snprintf(name, sizeof name, "%s: %s", label, bar1 + 1);
        check(line[0] == '1', name, bar2 + 1);
    }
    if (f)
        fclose(f);
    else
        close(p[0]);
    waitpid(pid, &status, 0);
    snprintf(line, sizeof line, "%s: the child ended normally", label);
    check(WIFEXITED(status) && WEXITSTATUS(status) == 0, line, "it did not");
}

/* c 1:3 rwm, c 1:5 r */
static void child_rules(const char *tmp)
{
    char path[PATH_MAX];
    expect_open("/dev/null", O_RDWR, 0, "/dev/null (c 1:3 rwm) opens read-write");
    expect_open("/dev/zero", O_RDONLY, 0, "/dev/zero (c 1:5 r) opens for reading and reads");
    expect_open("/dev/zero", O_WRONLY, EPERM, "/dev/zero: opening for writing fails with EPERM");
    expect_open("/dev/zero", O_RDWR, EPERM, "/dev/zero: opening read-write fails with EPERM");
    expect_open("/dev/full", O_RDONLY, EPERM, "/dev/full (no rule) fails with EPERM");
    expect_open("/dev/full", O_WRONLY, EPERM, "/dev/full for writing fails with EPERM");
    snprintf(path, sizeof path, "%s/null", tmp);
    expect_mknod(path, 1, 3, 0, "mknod c 1:3 (m allowed) works");
    snprintf(path, sizeof path, "%s/zero", tmp);
    expect_mknod(path, 1, 5, EPERM, "mknod c 1:5 (r only) fails with EPERM");
}

static void child_all(const char *tmp)
{
    char path[PATH_MAX];
    expect_open("/dev/full", O_RDWR, 0, "/dev/full opens read-write");
    expect_open("/dev/zero", O_WRONLY, 0, "/dev/zero opens for writing");
    snprintf(path, sizeof path, "%s/full", tmp);
    expect_mknod(path, 1, 7, 0, "mknod c 1:7 works");
}

/* b 1:7 rwm, c 1:* r */
static void child_wild(const char *tmp)
{
    char path[PATH_MAX];
    expect_open("/dev/full", O_RDONLY, 0, "/dev/full (c 1:* r) opens for reading");
    expect_open("/dev/full", O_WRONLY, EPERM,
                "/dev/full for writing fails with EPERM (the b 1:7 rule is for blocks)");
    expect_open("/dev/null", O_WRONLY, EPERM, "/dev/null for writing fails with EPERM");
    snprintf(path, sizeof path, "%s/full", tmp);
    expect_mknod(path, 1, 7, EPERM, "mknod c 1:7 fails with EPERM");
}

static void child_none(const char *tmp)
{
    (void)tmp;
    expect_open("/dev/null", O_RDONLY, EPERM, "/dev/null fails with EPERM");
}

/* The caller's own v2 cgroup path ("0::PATH"), without a trailing slash. */
static int own_cgroup(char *out, size_t size)
{
    char buf[8192], *s;
    int fd = open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
    if (fd >= 0)
        close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    s = strncmp(buf, "0::", 3) == 0 ? buf : strstr(buf, "\n0::");
    if (!s)
        return -1;
    s += s[0] == '\n' ? 4 : 3;
    s[strcspn(s, "\n")] = '\0';
    if (!strcmp(s, "/"))
        s[0] = '\0';
    snprintf(out, size, "%s", s);
    return 0;
}

static int is_cgroup2(const char *path)
{
    struct statfs st;
    return statfs(path, &st) == 0 && (unsigned long)st.f_type == CGROUP2_MAGIC;
}

struct cg {
    char dir[PATH_MAX];
    char rel[PATH_MAX];
    int made;
};

static int make_cg(struct cg *c, const char *mount, const char *own, const char *suffix)
{
    snprintf(c->rel, sizeof c->rel, "%s/lct-v2-%d-%s", own, (int)getpid(), suffix);
    snprintf(c->dir, sizeof c->dir, "%s%s", mount, c->rel);
    c->made = mkdir(c->dir, 0755) == 0;
    return c->made ? 0 : -errno;
}

int main(int argc, char **argv)
{
    static const char *const candidates[] = {"/sys/fs/cgroup/unified", "/sys/fs/cgroup"};
    const lc_device rules[] = {
        {'c', NULL, 1, 3, "rwm", 0, 0, 0},
        {'c', NULL, 1, 5, "r", 0, 0, 0},
    };
    const lc_device wild[] = {
        {'b', NULL, 1, 7, "rwm", 0, 0, 0},
        {'c', NULL, 1, -1, "r", 0, 0, 0},
    };
    const char *mount = NULL;
    char own[PATH_MAX], tmp[] = "/tmp/lct-v2-XXXXXX", why[2 * PATH_MAX + 256];
    struct cg a, b, w, none;
    struct cg *all[4];
    lc_error err;
    size_t i;
    int rc, fd;

    if (geteuid() != 0) {
        printf("skip: needs root\n");
        return 77;
    }
    if (argc > 1) {
        mount = is_cgroup2(argv[1]) ? argv[1] : NULL;
    } else {
        for (i = 0; i < sizeof candidates / sizeof candidates[0] && !mount; i++)
            if (is_cgroup2(candidates[i]))
                mount = candidates[i];
    }
    if (!mount) {
        printf("skip: no cgroup2 mount at %s\n", argc > 1 ? argv[1] : candidates[0]);
        return 77;
    }
    if (own_cgroup(own, sizeof own) < 0) {
        printf("skip: this process has no v2 cgroup in /proc/self/cgroup\n");
        return 77;
    }
    printf("# cgroup2 at %s, this process in %s\n", mount, own[0] ? own : "/");
    if (!mkdtemp(tmp)) {
        printf("not ok 1 - mkdtemp: %s\n", strerror(errno));
        return 1;
    }
    memset(all, 0, sizeof all);
    all[0] = &a;
    all[1] = &b;
    all[2] = &w;
    all[3] = &none;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    memset(&w, 0, sizeof w);
    memset(&none, 0, sizeof none);

    /* c 1:3 rwm and c 1:5 r */
    rc = make_cg(&a, mount, own, "rules");
    snprintf(why, sizeof why, "mkdir %s: %s", a.dir, strerror(-rc));
    check(rc == 0, "a cgroup below this process's v2 cgroup", why);
    if (rc < 0)
        goto out;
    rc = lc__dev_attach(a.dir, rules, 2, 0, "devices", &err);
    if (rc == -EPERM) {
        printf("# %s\n", err.msg);
        for (i = 0; i < 4; i++)
            if (all[i]->made)
                rmdir(all[i]->dir);
        rmdir(tmp);
        printf("skip: the kernel refuses BPF programs here (EPERM)\n");
        return 77;
    }
    check(rc == 0, "lc__dev_attach: c 1:3 rwm, c 1:5 r", rc < 0 ? err.msg : NULL);
    if (rc == 0)
        in_cgroup(a.dir, a.rel, tmp, child_rules, "rules");

    /* allow_all */
    rc = make_cg(&b, mount, own, "all");
    rc = rc < 0 ? rc : lc__dev_attach(b.dir, NULL, 0, 1, "devices", &err);
    check(rc == 0, "lc__dev_attach: allow_all", rc < 0 ? err.msg : NULL);
    if (rc == 0)
        in_cgroup(b.dir, b.rel, tmp, child_all, "allow_all");

    /* b 1:7 rwm, c 1:* r */
    rc = make_cg(&w, mount, own, "wild");
    rc = rc < 0 ? rc : lc__dev_attach(w.dir, wild, 2, 0, "devices", &err);
    check(rc == 0, "lc__dev_attach: b 1:7 rwm, c 1:* r", rc < 0 ? err.msg : NULL);
    if (rc == 0)
        in_cgroup(w.dir, w.rel, tmp, child_wild, "wildcard");

    /* no rules at all: everything denied */
    rc = make_cg(&none, mount, own, "none");
    rc = rc < 0 ? rc : lc__dev_attach(none.dir, NULL, 0, 0, "devices", &err);
    check(rc == 0, "lc__dev_attach: no rules", rc < 0 ? err.msg : NULL);
    if (rc == 0)
        in_cgroup(none.dir, none.rel, tmp, child_none, "no rules");

    /* the programs hold only their cgroups: this process is outside them */
    fd = open("/dev/full", O_RDWR | O_CLOEXEC);
    check(fd >= 0, "outside those cgroups /dev/full still opens", strerror(errno));
    if (fd >= 0)
        close(fd);

    /* a missing directory is an error naming it */
    rc = lc__dev_attach("/nonexistent-cgroup", rules, 2, 0, "devices", &err);
    check(rc < 0 && strstr(err.msg, "/nonexistent-cgroup") != NULL,
          "attaching to a missing directory fails, naming it", rc < 0 ? err.msg : "it succeeded");

out:
    for (i = 0; i < 4; i++) {
        if (!all[i]->made)
            continue;
        rc = rmdir(all[i]->dir);
        snprintf(why, sizeof why, "rmdir %s: %s", all[i]->dir, strerror(errno));
        check(rc == 0, "the cgroup directory is removed", why);
    }
    rmdir(tmp);
    printf("%d passed, %d failed\n", test_count - test_failed, test_failed);
    return test_failed ? 1 : 0;
}
