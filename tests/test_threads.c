/* Containers from threads: THREADS (100) threads of one program each parse
   a config, start a container through the library, wait for it and free
   it, all at the same moment. The header's thread rules say distinct
   objects may be used from distinct threads at once, and that a container
   is started and waited for by the same thread (PR_SET_PDEATHSIG follows the
   thread that started it); this test holds the library to them.

   Each thread's container gets its own hostname (t<i>), a cgroups object
   without a name (the library makes a unique one) and the thread's pipes as
   stdio; it prints its hostname and its memory cgroup line, then waits for
   the thread to close its stdin, so that all of them run at once. Checked:
   every start and wait succeeds with exit 0, the pids are distinct, each
   container is in a cgroup of its own (as the host reads /proc/PID/cgroup,
   and as the container printed it), its hostname is its own, its cgroup
   directory is gone once it was waited for, and the program holds as many
   fds afterwards as before. Then the other half of the rule: a thread that
   starts a container and ends without waiting takes the container with it
   (it dies of SIGKILL), and another thread can still wait for it and free
   it, which removes its cgroup.

   usage: test_threads [ROOTFS]   (default: $ROOTFS)
   Prints TAP; exits 1 when a check fails, 77 (skip) when not root or when
   there is no root filesystem or cgroup hierarchy. */
#define _GNU_SOURCE
#define LIBCONTAINER_IMPLEMENTATION
#include "libcontainer.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define THREADS 100

#include "tap.h"

static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int n = 0;
    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n - 1; /* the directory's own fd */
}

/* The line of a /proc/PID/cgroup text for the memory controller, else the
   v2 line "0::...", without its newline. */
static int memory_line(const char *text, char *out, size_t size)
{
    const char *p = text, *v2 = NULL;
    while (p && *p) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *c1 = memchr(p, ':', len);
        if (c1) {
            const char *c2 = memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - p));
            if (c2) {
                size_t clen = (size_t)(c2 - c1 - 1);
                const char *s = c1 + 1;
                /* the controller list may hold several, comma-separated */
                while (clen > 0) {
                    const char *comma = memchr(s, ',', clen);
                    size_t w = comma ? (size_t)(comma - s) : clen;
                    if (w == 6 && !memcmp(s, "memory", 6)) {
                        snprintf(out, size, "%.*s", (int)len, p);
                        return 0;
                    }
                    if (!comma)
                        break;
                    clen -= w + 1;
                    s = comma + 1;
                }
                if (c1 - p == 1 && p[0] == '0' && c2 == c1 + 1 && !v2)
                    v2 = p;
            }
        }
        p = end ? end + 1 : NULL;
    }
    if (v2) {
        const char *end = strchr(v2, '\n');
        snprintf(out, size, "%.*s", (int)(end ? end - v2 : (long)strlen(v2)), v2);
        return 0;
    }
    return -1;
}

static int read_file(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    size_t len = 0;
    if (fd < 0)
        return -1;
    while (len + 1 < size) {
        ssize_t n = read(fd, buf + len, size - 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    close(fd);
    return (int)len;
}

/* The mount point of the memory hierarchy (v1), else of the cgroup2 one. */
static int memory_mount(char *out, size_t size, int *v2)
{
    static char buf[1 << 16];
    char *line, *save = NULL;
    char v2mount[PATH_MAX] = "";
    if (read_file("/proc/self/mountinfo", buf, sizeof buf) <= 0)
        return -1;
    for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char mnt[PATH_MAX], fstype[64], opts[1024];
        const char *sep = strstr(line, " - ");
        if (!sep || sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1 ||
            sscanf(sep + 3, "%63s %*s %1023s", fstype, opts) != 2)
            continue;
        if (!strcmp(fstype, "cgroup")) {
            char *o, *osave = NULL;
            for (o = strtok_r(opts, ",", &osave); o; o = strtok_r(NULL, ",", &osave))
                if (!strcmp(o, "memory")) {
                    snprintf(out, size, "%s", mnt);
                    *v2 = 0;
                    return 0;
                }
        } else if (!strcmp(fstype, "cgroup2") && !v2mount[0]) {
            snprintf(v2mount, sizeof v2mount, "%s", mnt);
        }
    }
    if (!v2mount[0])
        return -1;
    snprintf(out, size, "%s", v2mount);
    *v2 = 1;
    return 0;
}

struct job {
    int index;
    const char *rootfs;
    pthread_barrier_t *started;
    int rc_parse, rc_start, rc_wait, status;
    pid_t pid;
    char err[1100];
    char host_line[512]; /* the init's memory line as the host reads it */
    char output[1024];   /* what the container printed */
};

static void *run_job(void *arg)
{
    struct job *j = (struct job *)arg;
    char json[1024], path[64];
    lc_config *cfg = NULL;
    lc_container *c = NULL;
    lc_error err;
    int in[2] = {-1, -1}, out[2] = {-1, -1};
    char *argv[] = {
        "/bin/sh", "-c",
        "hostname; grep -m 1 memory /proc/self/cgroup || grep '^0::' /proc/self/cgroup; "
        "read x; echo end",
        NULL};
    lc_process proc;
    size_t len = 0;

    j->rc_start = j->rc_wait = -1;
    snprintf(json, sizeof json,
             "{\"hostname\": \"t%d\", \"environment\": [\"PATH=/bin:/usr/bin:/sbin\"], "
             "\"namespaces\": {\"NEWNS\": true, \"NEWUTS\": true, \"NEWIPC\": true, "
             "\"NEWPID\": true, \"NEWNET\": true}, \"networks\": [{\"type\": \"loopback\"}], "
             "\"cgroups\": {\"memory\": 67108864, \"pids_limit\": 16}}",
             j->index);
    j->rc_parse = lc_config_parse(json, strlen(json), NULL, &cfg, &err);
    if (j->rc_parse < 0) {
        snprintf(j->err, sizeof j->err, "parse: %s", err.msg);
        pthread_barrier_wait(j->started);
        return NULL;
    }
    if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0) {
        snprintf(j->err, sizeof j->err, "pipe: %s", strerror(errno));
        pthread_barrier_wait(j->started);
        goto out;
    }
    memset(&proc, 0, sizeof proc);
    proc.argv = argv;
    proc.set_stdio = 1;
    proc.stdio[0] = in[0];
    proc.stdio[1] = out[1];
    proc.stdio[2] = out[1];
    j->rc_start = lc_container_start(cfg, j->rootfs, &proc, &c, &err);
    close(in[0]);
    close(out[1]);
    in[0] = out[1] = -1;
    if (j->rc_start < 0) {
        snprintf(j->err, sizeof j->err, "start: %s", err.msg);
        pthread_barrier_wait(j->started);
        goto out;
    }
    j->pid = lc_container_pid(c);
    {
        char text[2048];
        snprintf(path, sizeof path, "/proc/%d/cgroup", (int)j->pid);
        if (read_file(path, text, sizeof text) > 0)
            memory_line(text, j->host_line, sizeof j->host_line);
    }
    /* every container runs before any is let go */
    pthread_barrier_wait(j->started);
    close(in[1]);
    in[1] = -1;
    while (len + 1 < sizeof j->output) {
        ssize_t n = read(out[0], j->output + len, sizeof j->output - 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    j->output[len] = '\0';
    do
        j->rc_wait = lc_container_wait(c, &j->status, &err);
    while (j->rc_wait == -EINTR);
    if (j->rc_wait < 0)
        snprintf(j->err, sizeof j->err, "wait: %s", err.msg);
out:
    if (in[0] >= 0)
        close(in[0]);
    if (in[1] >= 0)
        close(in[1]);
    if (out[0] >= 0)
        close(out[0]);
    if (out[1] >= 0)
        close(out[1]);
    lc_container_free(c);
    lc_config_free(cfg);
    return NULL;
}

/* Kills every child of this process that has not exec'd yet (its name is
   still ours), and says what each was waiting in; returns how many. */
static int kill_children(void)
{
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    char self[128] = "";
    int n = 0;
    if (!d)
        return 0;
    if (read_file("/proc/self/comm", self, sizeof self) > 0)
        self[strcspn(self, "\n")] = '\0';
    while ((e = readdir(d)) != NULL) {
        char path[300], list[4096], *tok, *save = NULL;
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "/proc/self/task/%s/children", e->d_name);
        if (read_file(path, list, sizeof list) <= 0)
            continue;
        for (tok = strtok_r(list, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
            char wchan[128] = "?", cmd[128] = "?";
            snprintf(path, sizeof path, "/proc/%s/wchan", tok);
            read_file(path, wchan, sizeof wchan);
            snprintf(path, sizeof path, "/proc/%s/comm", tok);
            if (read_file(path, cmd, sizeof cmd) > 0)
                cmd[strcspn(cmd, "\n")] = '\0';
            if (strcmp(cmd, self) != 0)
                continue;
            printf("# child %s has not exec'd: stuck in %s; killed\n", tok, wchan);
            kill((pid_t)atoi(tok), SIGKILL);
            n++;
        }
    }
    closedir(d);
    fflush(stdout);
    return n;
}

/* Joins every thread. A container that has not exec'd nor failed by the
   deadline is hung: its process is killed (its start then fails and the
   thread goes on), and the count of such is returned. */
static int join_all(pthread_t *threads)
{
    struct timespec deadline;
    int i, hung = 0, rc;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 60;
    for (i = 0; i < THREADS; i++) {
        while ((rc = pthread_timedjoin_np(threads[i], NULL, &deadline)) == ETIMEDOUT) {
            if (hung) {
                printf("Bail out! threads still blocked after their children were killed\n");
                exit(1);
            }
            hung = kill_children();
            if (!hung)
                hung = -1;
            clock_gettime(CLOCK_REALTIME, &deadline);
            deadline.tv_sec += 30;
        }
    }
    return hung;
}

/* A thread that starts a container running sleep and ends at once. */
struct orphan {
    const char *rootfs;
    lc_config *cfg;
    lc_container *c;
    char err[1100];
    char line[512]; /* its memory cgroup line, read while it runs */
};

static void *start_and_leave(void *arg)
{
    struct orphan *o = (struct orphan *)arg;
    static const char json[] =
        "{\"hostname\": \"orphan\", \"environment\": [\"PATH=/bin:/usr/bin:/sbin\"], "
        "\"namespaces\": {\"NEWNS\": true, \"NEWUTS\": true, \"NEWIPC\": true, "
        "\"NEWPID\": true, \"NEWNET\": true}, \"cgroups\": {\"memory\": 67108864}}";
    char *argv[] = {"/bin/sleep", "100", NULL};
    lc_process proc;
    lc_error err;
    char path[64], text[2048];
    memset(&proc, 0, sizeof proc);
    proc.argv = argv;
    if (lc_config_parse(json, sizeof json - 1, NULL, &o->cfg, &err) < 0 ||
        lc_container_start(o->cfg, o->rootfs, &proc, &o->c, &err) < 0) {
        snprintf(o->err, sizeof o->err, "%s", err.msg);
        return NULL;
    }
    snprintf(path, sizeof path, "/proc/%d/cgroup", (int)lc_container_pid(o->c));
    if (read_file(path, text, sizeof text) > 0)
        memory_line(text, o->line, sizeof o->line);
    return NULL;
}

/* The state letter of /proc/PID/stat, 0 when the process is gone. */
static char proc_state(pid_t pid)
{
    char path[64], buf[512], *p;
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    if (read_file(path, buf, sizeof buf) <= 0 || !(p = strrchr(buf, ')')) || !p[1])
        return 0;
    return p[2];
}

static void orphan_case(const char *rootfs, const char *mount)
{
    struct orphan o;
    pthread_t t;
    char why[1500], dir[PATH_MAX + 600] = "";
    struct stat st;
    pid_t pid;
    int i, status = 0, rc;
    char state = 0;
    memset(&o, 0, sizeof o);
    o.rootfs = rootfs;
    if (pthread_create(&t, NULL, start_and_leave, &o) != 0) {
        check(0, "a thread starts a container and ends", "pthread_create failed");
        return;
    }
    pthread_join(t, NULL);
    check(o.c != NULL, "a thread starts a container and ends", o.err);
    if (!o.c) {
        lc_config_free(o.cfg);
        return;
    }
    pid = lc_container_pid(o.c);
    if (strrchr(o.line, ':'))
        snprintf(dir, sizeof dir, "%s%s", mount, strrchr(o.line, ':') + 1);
    /* the parent-death signal is sent when the starting thread exits */
    for (i = 0; i < 40; i++) {
        state = proc_state(pid);
        if (state == 0 || state == 'Z')
            break;
        usleep(50000);
    }
    snprintf(why, sizeof why, "pid %d still in state %c after 2 s", (int)pid, state ? state : '-');
    check(state == 0 || state == 'Z', "its container died with the thread (parent-death signal)",
          why);
    do
        rc = lc_container_wait(o.c, &status, NULL);
    while (rc == -EINTR);
    snprintf(why, sizeof why, "wait %d, status 0x%x", rc, status);
    check(rc >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
          "another thread waits for it: killed by SIGKILL", why);
    lc_container_free(o.c);
    lc_config_free(o.cfg);
    snprintf(why, sizeof why, "%.600s", dir[0] ? dir : "(the cgroup was not read)");
    check(dir[0] && stat(dir, &st) < 0, "its cgroup directory is removed by that wait", why);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_pid(const void *a, const void *b)
{
    pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    static struct job jobs[THREADS];
    pthread_t threads[THREADS];
    pthread_barrier_t started;
    const char *rootfs = argc > 1 ? argv[1] : getenv("ROOTFS");
    const char *lines[THREADS];
    pid_t pids[THREADS];
    char why[4096], sh[PATH_MAX + 8], mount[PATH_MAX];
    int i, n, fds_before, fds_after, v2 = 0, bad, hung;

    if (geteuid() != 0) {
        printf("skip: needs root\n");
        return 77;
    }
    snprintf(sh, sizeof sh, "%s/bin/sh", rootfs ? rootfs : "");
    if (!rootfs || access(sh, X_OK) < 0) {
        printf("skip: no root filesystem (give one, or set ROOTFS)\n");
        return 77;
    }
    if (memory_mount(mount, sizeof mount, &v2) < 0) {
        printf("skip: no memory or cgroup2 hierarchy mounted\n");
        return 77;
    }

    fds_before = count_fds();
    pthread_barrier_init(&started, NULL, THREADS);
    for (i = 0; i < THREADS; i++) {
        jobs[i].index = i;
        jobs[i].rootfs = rootfs;
        jobs[i].started = &started;
        if (pthread_create(&threads[i], NULL, run_job, &jobs[i]) != 0) {
            printf("Bail out! pthread_create: %s\n", strerror(errno));
            return 1;
        }
    }
    hung = join_all(threads);
    pthread_barrier_destroy(&started);
    fds_after = count_fds();
    check(hung == 0, "no container hung on its way to exec (all running within 60 s)",
          hung > 0 ? "the processes listed above were killed" : "threads blocked, no child hung");

    /* every start and wait succeeded, exit 0 */
    why[0] = '\0';
    for (i = 0, bad = 0; i < THREADS; i++) {
        struct job *j = &jobs[i];
        if (j->rc_parse < 0 || j->rc_start < 0 || j->rc_wait < 0 || j->status != 0) {
            if (bad++ < 5) {
                size_t l = strlen(why);
                snprintf(why + l, sizeof why - l, "%sthread %d: %s (status %d)", l ? "; " : "", i,
                         j->err[0] ? j->err : "-", j->status);
            }
        }
    }
    snprintf(sh, sizeof sh, "%d containers started on %d threads at once: all exit 0", THREADS,
             THREADS);
    check(!bad, sh, why);

    /* distinct pids: all ran at the same time */
    for (i = 0, n = 0; i < THREADS; i++)
        if (jobs[i].rc_start >= 0)
            pids[n++] = jobs[i].pid;
    qsort(pids, (size_t)n, sizeof pids[0], cmp_pid);
    for (i = 1, bad = 0; i < n; i++)
        bad += pids[i] == pids[i - 1];
    snprintf(why, sizeof why, "%d started, %d duplicate pids", n, bad);
    check(n == THREADS && !bad, "distinct pids", why);

    /* a cgroup of its own each, as the host saw it */
    for (i = 0, n = 0, bad = 0; i < THREADS; i++) {
        if (!jobs[i].host_line[0])
            continue;
        lines[n++] = jobs[i].host_line;
    }
    qsort(lines, (size_t)n, sizeof lines[0], cmp_str);
    for (i = 1; i < n; i++)
        bad += !strcmp(lines[i], lines[i - 1]);
    snprintf(why, sizeof why, "%d read, %d shared", n, bad);
    check(n == THREADS && !bad, "each container in a cgroup of its own (host's view)", why);

    /* what each printed: its hostname, then the same cgroup line */
    why[0] = '\0';
    for (i = 0, bad = 0; i < THREADS; i++) {
        char want[700];
        struct job *j = &jobs[i];
        if (j->rc_start < 0)
            continue;
        snprintf(want, sizeof want, "t%d\n%s\nend\n", i, j->host_line);
        if (strcmp(j->output, want) != 0 && bad++ < 3) {
            size_t l = strlen(why);
            snprintf(why + l, sizeof why - l, "%sthread %d printed [%s], want [%s]", l ? "; " : "",
                     i, j->output, want);
        }
    }
    check(!bad, "each printed its own hostname and cgroup line", why);

    /* the cgroup directories went with their containers */
    why[0] = '\0';
    for (i = 0, bad = 0; i < THREADS; i++) {
        char dir[PATH_MAX + 600];
        struct stat st;
        const char *rel = strrchr(jobs[i].host_line, ':');
        if (!rel || !jobs[i].host_line[0])
            continue;
        snprintf(dir, sizeof dir, "%s%s", mount, rel + 1);
        if (stat(dir, &st) == 0 && bad++ < 3) {
            size_t l = strlen(why);
            snprintf(why + l, sizeof why - l, "%s%.400s", l ? "; " : "", dir);
        }
    }
    check(!bad, "no cgroup directory left", why);

    orphan_case(rootfs, mount);
    fds_after = count_fds();
    snprintf(why, sizeof why, "%d fds before, %d after", fds_before, fds_after);
    check(fds_before >= 0 && fds_before == fds_after, "no fd leaked", why);

    printf("%d passed, %d failed\n", test_count - test_failed, test_failed);
    return test_failed ? 1 : 0;
}
