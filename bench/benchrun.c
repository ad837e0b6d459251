/* benchrun - runs one or more commands N times each, interleaved, and prints their
   startup figures.

   usage: benchrun N -- [mntns=FILE] CMD [ARG...] [';;' [mntns=FILE] CMD [ARG...]]...

   The commands are separated by the argument ";;" (quote it in a shell). benchrun runs
   N rounds; in each round every command runs once. The order within a round rotates
   from round to round as the rows of a Williams design: over K rounds (2K when the
   number of commands K is odd) each command runs once in every position and directly
   after every other command equally often, so that no command always inherits the
   clean-up work (such as the kernel's asynchronous teardown of a network namespace)
   of the same predecessor.

   Each run is fork + execvp + wait4, with stdin, stdout and stderr on /dev/null.
   A run's time is wall time (CLOCK_MONOTONIC) from just before fork to wait4's
   return; its memory is wait4's ru_maxrss: the peak resident set of the largest
   single process of the tree that was reaped inside it. In every ARG, "%i" becomes
   the round's index (0 to N-1) and "%%" a single "%", so that each run can name a
   fresh container. "mntns=FILE" before a command makes its runs join the mount
   namespace FILE (setns, in the child between fork and exec, so inside the timed
   interval; it costs microseconds) instead of benchrun's own.

   A run that does not exit 0 ends that command's runs: benchrun names the command,
   the round and the status on stderr and runs the other commands to the end.

   Prints one line per command, in the order given:
     median_us=... p90_us=... min_us=... max_rss_kb=...
   or, for a command that failed, failed_run=R (the round of its failing run).
   p90 is the nearest-rank 90th percentile; max_rss_kb the largest over all runs.
   Exit status: 0 when every run of every command exited 0, 1 when a command failed
   or benchrun could not run (then it prints nothing), 2 on a usage error. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 1000000L
#define SEPARATOR ";;"
#define MNTNS_PREFIX "mntns="

static const char usage[] =
    "usage: benchrun N -- [mntns=FILE] CMD [ARG...] [';;' [mntns=FILE] CMD [ARG...]]...\n"
    "Runs N rounds; in each, every command runs once (stdio on /dev/null), in an order\n"
    "that rotates from round to round. Prints one line per command, in the order given:\n"
    "median_us=... p90_us=... min_us=... max_rss_kb=...  (or failed_run=R)\n"
    "In each ARG, %i becomes the round index (0..N-1) and %% a single %.\n"
    "mntns=FILE: that command's runs join the mount namespace FILE before exec.\n";

struct command {
    char **words; /* CMD [ARG...], not expanded */
    int nwords;
    const char *mntns; /* NULL: benchrun's own mount namespace */
    int nsfd;          /* open on mntns, or -1 */
    long long *times;  /* one per round, in round order */
    long nruns;        /* runs that exited 0 */
    long max_rss;
    long failed_run; /* the failing round, or -1 */
};

/* What the child reports through its pipe when it cannot run the command. */
enum { STAGE_STDIO, STAGE_SETNS, STAGE_EXEC };

static long long now_us(void)
{
    struct timespec ts;

    /* CLOCK_MONOTONIC cannot fail with a valid pointer on Linux. */
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a;
    long long y = *(const long long *)b;

    return (x > y) - (x < y);
}

/* Returns a malloc'd copy of tmpl with %i replaced by run and %% by %, or NULL. */
static char *expand(const char *tmpl, long run)
{
    char num[32];
    size_t numlen, len = 0;
    const char *p;
    char *out, *q;

    numlen = (size_t)snprintf(num, sizeof num, "%ld", run);
    for (p = tmpl; *p; p++) {
        if (p[0] == '%' && p[1] == 'i') {
            len += numlen;
            p++;
        } else {
            if (p[0] == '%' && p[1] == '%')
                p++;
            len++;
        }
    }
    out = malloc(len + 1);
    if (!out)
        return NULL;
    for (p = tmpl, q = out; *p; p++) {
        if (p[0] == '%' && p[1] == 'i') {
            memcpy(q, num, numlen);
            q += numlen;
            p++;
        } else {
            if (p[0] == '%' && p[1] == '%')
                p++;
            *q++ = *p;
        }
    }
    *q = '\0';
    return out;
}

static void free_argv(char **argv, int argc)
{
    int i;

    for (i = 0; i < argc; i++)
        free(argv[i]);
}

/* The position in [0, k) of the command that runs j-th in round `round`, for k
   commands: row (round mod k) of a Williams design, whose first row is
   0, 1, k-1, 2, k-2, ... and whose row r adds r to every entry (mod k). For odd k the
   next k rounds run those rows backwards, which balances who follows whom. */
static size_t order(size_t k, long round, size_t j)
{
    size_t rows = k % 2 ? 2 * k : k;
    size_t r = (size_t)round % rows, first;

    if (r >= k) {
        r -= k;
        j = k - 1 - j;
    }
    if (j == 0)
        first = 0;
    else if (j % 2)
        first = (j + 1) / 2;
    else
        first = k - j / 2;
    return (first + r) % k;
}

/* Runs argv once, in the mount namespace nsfd when it is not -1. Returns 0 when it
   exited 0, 1 when it did not (saying why), -1 when benchrun itself failed. */
static int run_once(char **argv, int nsfd, size_t cmdno, long run, long long *elapsed_us,
                    long *maxrss_kb)
{
    struct rusage ru;
    long long t0;
    int pipefd[2], status, report[2] = {0, 0};
    ssize_t n;
    pid_t pid, r;

    /* The child reports a failure through this pipe; a successful exec closes it. */
    if (pipe2(pipefd, O_CLOEXEC) < 0) {
        fprintf(stderr, "benchrun: pipe2: %s\n", strerror(errno));
        return -1;
    }

    t0 = now_us();
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "benchrun: fork: %s\n", strerror(errno));
        close(pipefd[0]);
        close(pipefd[1]);
        return -1;
    }
    if (pid == 0) {
        int fd = open("/dev/null", O_RDWR);

        report[0] = STAGE_STDIO;
        if (fd >= 0 && dup2(fd, 0) >= 0 && dup2(fd, 1) >= 0 && dup2(fd, 2) >= 0) {
            if (fd > 2)
                close(fd);
            report[0] = STAGE_SETNS;
            if (nsfd < 0 || setns(nsfd, CLONE_NEWNS) == 0) {
                report[0] = STAGE_EXEC;
                execvp(argv[0], argv);
            }
        }
        report[1] = errno;
        if (write(pipefd[1], report, sizeof report) < 0) {
            /* Nothing more can be reported; the exit status says it failed. */
        }
        _exit(127);
    }
    close(pipefd[1]);
    do {
        n = read(pipefd[0], report, sizeof report);
    } while (n < 0 && errno == EINTR);
    close(pipefd[0]);

    do {
        r = wait4(pid, &status, 0, &ru);
    } while (r < 0 && errno == EINTR);
    *elapsed_us = now_us() - t0;
    if (r < 0) {
        fprintf(stderr, "benchrun: command %zu, run %ld: wait4: %s\n", cmdno, run, strerror(errno));
        return -1;
    }
    *maxrss_kb = ru.ru_maxrss;

    if (n == (ssize_t)sizeof report) {
        static const char *const what[] = {"cannot open /dev/null for",
                                           "cannot join the mount namespace for", "cannot execute"};

        fprintf(stderr, "benchrun: command %zu, run %ld: %s %s: %s\n", cmdno, run, what[report[0]],
                argv[0], strerror(report[1]));
        return 1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFEXITED(status))
        fprintf(stderr, "benchrun: command %zu, run %ld: %s exited with status %d\n", cmdno, run,
                argv[0], WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        fprintf(stderr, "benchrun: command %zu, run %ld: %s was killed by signal %d (%s)\n", cmdno,
                run, argv[0], WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        fprintf(stderr, "benchrun: command %zu, run %ld: %s ended with wait status 0x%x\n", cmdno,
                run, argv[0], (unsigned)status);
    return 1;
}

/* One run of command c (number cmdno, from 1), in round `round`. Returns as run_once. */
static int run_command(struct command *c, size_t cmdno, long round)
{
    char **argv;
    long rss = 0;
    int i, rc;

    argv = calloc((size_t)c->nwords + 1, sizeof *argv);
    if (!argv) {
        fprintf(stderr, "benchrun: out of memory\n");
        return -1;
    }
    for (i = 0; i < c->nwords; i++) {
        argv[i] = expand(c->words[i], round);
        if (!argv[i]) {
            fprintf(stderr, "benchrun: out of memory\n");
            free_argv(argv, i);
            free(argv);
            return -1;
        }
    }
    rc = run_once(argv, c->nsfd, cmdno, round, &c->times[c->nruns], &rss);
    free_argv(argv, c->nwords);
    free(argv);
    if (rc == 0) {
        c->nruns++;
        if (rss > c->max_rss)
            c->max_rss = rss;
    }
    return rc;
}

/* Splits argv[first..argc) at ";;" into cmds (room for argc entries). Returns the
   number of commands, or 0 when one of them is empty. */
static size_t parse_commands(int argc, char **argv, int first, struct command *cmds)
{
    size_t ncmds = 0;
    int i = first;

    for (;;) {
        struct command *c = &cmds[ncmds];

        c->mntns = NULL;
        c->nsfd = -1;
        c->failed_run = -1;
        if (i < argc && strncmp(argv[i], MNTNS_PREFIX, strlen(MNTNS_PREFIX)) == 0)
            c->mntns = argv[i++] + strlen(MNTNS_PREFIX);
        c->words = &argv[i];
        c->nwords = 0;
        while (i < argc && strcmp(argv[i], SEPARATOR) != 0) {
            c->nwords++;
            i++;
        }
        if (c->nwords == 0 || (c->mntns && !*c->mntns))
            return 0;
        ncmds++;
        if (i == argc)
            return ncmds;
        i++; /* the separator */
    }
}

int main(int argc, char **argv)
{
    struct command *cmds = NULL;
    size_t ncmds = 0, nalive, *alive = NULL, c, j;
    long long median, p90;
    long nruns, round;
    char *end;
    int ret = 1, rc;

    if (argc < 4 || strcmp(argv[2], "--") != 0) {
        fputs(usage, stderr);
        return 2;
    }
    errno = 0;
    nruns = strtol(argv[1], &end, 10);
    if (errno || end == argv[1] || *end || nruns < 1 || nruns > MAX_RUNS) {
        fprintf(stderr, "benchrun: N must be a number from 1 to %ld, not '%s'\n", MAX_RUNS,
                argv[1]);
        return 2;
    }

    cmds = calloc((size_t)argc, sizeof *cmds);
    alive = calloc((size_t)argc, sizeof *alive);
    if (!cmds || !alive) {
        fprintf(stderr, "benchrun: out of memory\n");
        goto out;
    }
    ncmds = parse_commands(argc, argv, 3, cmds);
    if (ncmds == 0) {
        fputs("benchrun: a command is empty\n", stderr);
        fputs(usage, stderr);
        ret = 2;
        goto out;
    }
    for (c = 0; c < ncmds; c++) {
        cmds[c].times = malloc((size_t)nruns * sizeof *cmds[c].times);
        if (!cmds[c].times) {
            fprintf(stderr, "benchrun: out of memory\n");
            goto out;
        }
        if (cmds[c].mntns) {
            cmds[c].nsfd = open(cmds[c].mntns, O_RDONLY | O_CLOEXEC);
            if (cmds[c].nsfd < 0) {
                fprintf(stderr, "benchrun: command %zu: %s: %s\n", c + 1, cmds[c].mntns,
                        strerror(errno));
                goto out;
            }
        }
    }

    for (round = 0; round < nruns; round++) {
        nalive = 0;
        for (c = 0; c < ncmds; c++)
            if (cmds[c].failed_run < 0)
                alive[nalive++] = c;
        for (j = 0; j < nalive; j++) {
            c = alive[order(nalive, round, j)];
            rc = run_command(&cmds[c], c + 1, round);
            if (rc < 0)
                goto out;
            if (rc > 0)
                cmds[c].failed_run = round;
        }
    }

    ret = 0;
    for (c = 0; c < ncmds; c++) {
        long long *t = cmds[c].times;
        long n = cmds[c].nruns;

        if (cmds[c].failed_run >= 0) {
            printf("failed_run=%ld\n", cmds[c].failed_run);
            ret = 1;
            continue;
        }
        qsort(t, (size_t)n, sizeof *t, cmp_ll);
        if (n % 2)
            median = t[n / 2];
        else
            median = (t[n / 2 - 1] + t[n / 2]) / 2;
        /* Nearest rank: the ceil(0.9 * N)-th smallest. */
        p90 = t[(9 * n + 9) / 10 - 1];
        printf("median_us=%lld p90_us=%lld min_us=%lld max_rss_kb=%ld\n", median, p90, t[0],
               cmds[c].max_rss);
    }
    if (fflush(stdout) != 0)
        ret = 1;

out:
    if (cmds) {
        for (c = 0; c < ncmds; c++) {
            free(cmds[c].times);
            if (cmds[c].nsfd >= 0)
                close(cmds[c].nsfd);
        }
    }
    free(cmds);
    free(alive);
    return ret;
}
