/* benchrun - runs a command N times in a row and prints its startup figures.

   usage: benchrun N -- CMD [ARG...]

   Each run is fork + execvp + wait4, with stdin, stdout and stderr on /dev/null.
   A run's time is wall time (CLOCK_MONOTONIC) from just before fork to wait4's
   return; its memory is wait4's ru_maxrss: the peak resident set of the largest
   single process of the tree that was reaped inside it. In every ARG, "%i" becomes
   the run's index (0 to N-1) and "%%" a single "%", so that each run can name a
   fresh container. Any run that does not exit 0 stops the benchmark, naming the
   run and its status.

   Prints one line: median_us=... p90_us=... min_us=... max_rss_kb=...
   p90 is the nearest-rank 90th percentile; max_rss_kb the largest over all runs. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

static const char usage[] =
    "usage: benchrun N -- CMD [ARG...]\n"
    "Runs CMD N times in a row (stdio on /dev/null) and prints\n"
    "median_us=... p90_us=... min_us=... max_rss_kb=...\n"
    "In each ARG, %i becomes the run index (0..N-1) and %% a single %.\n";

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

/* Runs argv once. Returns 0 when it exited 0; otherwise prints why and returns -1. */
static int run_once(char **argv, long run, long long *elapsed_us, long *maxrss_kb)
{
    struct rusage ru;
    long long t0;
    int pipefd[2], status, child_errno = 0;
    ssize_t n;
    pid_t pid, r;

    /* The child reports a failed exec through this pipe; a successful exec closes it. */
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

        if (fd < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) {
            child_errno = errno;
        } else {
            if (fd > 2)
                close(fd);
            execvp(argv[0], argv);
            child_errno = errno;
        }
        if (write(pipefd[1], &child_errno, sizeof child_errno) < 0) {
            /* Nothing more can be reported; the exit status says it failed. */
        }
        _exit(127);
    }
    close(pipefd[1]);
    do {
        n = read(pipefd[0], &child_errno, sizeof child_errno);
    } while (n < 0 && errno == EINTR);
    close(pipefd[0]);

    do {
        r = wait4(pid, &status, 0, &ru);
    } while (r < 0 && errno == EINTR);
    *elapsed_us = now_us() - t0;
    if (r < 0) {
        fprintf(stderr, "benchrun: run %ld: wait4: %s\n", run, strerror(errno));
        return -1;
    }
    *maxrss_kb = ru.ru_maxrss;

    if (n == (ssize_t)sizeof child_errno) {
        fprintf(stderr, "benchrun: run %ld: cannot execute %s: %s\n", run, argv[0],
                strerror(child_errno));
        return -1;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFEXITED(status))
        fprintf(stderr, "benchrun: run %ld: %s exited with status %d\n", run, argv[0],
                WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        fprintf(stderr, "benchrun: run %ld: %s was killed by signal %d (%s)\n", run, argv[0],
                WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        fprintf(stderr, "benchrun: run %ld: %s ended with wait status 0x%x\n", run, argv[0],
                (unsigned)status);
    return -1;
}

int main(int argc, char **argv)
{
    long long *times = NULL, median, p90;
    long nruns, run, rss, max_rss = 0;
    char **cmd = NULL, *end;
    int cmdc, i, ret = 1;

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
    cmdc = argc - 3;

    times = malloc((size_t)nruns * sizeof *times);
    cmd = calloc((size_t)cmdc + 1, sizeof *cmd);
    if (!times || !cmd) {
        fprintf(stderr, "benchrun: out of memory\n");
        goto out;
    }

    for (run = 0; run < nruns; run++) {
        int rc;

        for (i = 0; i < cmdc; i++) {
            cmd[i] = expand(argv[3 + i], run);
            if (!cmd[i]) {
                fprintf(stderr, "benchrun: out of memory\n");
                free_argv(cmd, i);
                goto out;
            }
        }
        rss = 0;
        rc = run_once(cmd, run, &times[run], &rss);
        free_argv(cmd, cmdc);
        if (rc < 0)
            goto out;
        if (rss > max_rss)
            max_rss = rss;
    }

    qsort(times, (size_t)nruns, sizeof *times, cmp_ll);
    if (nruns % 2)
        median = times[nruns / 2];
    else
        median = (times[nruns / 2 - 1] + times[nruns / 2]) / 2;
    /* Nearest rank: the ceil(0.9 * N)-th smallest. */
    p90 = times[(9 * nruns + 9) / 10 - 1];
    printf("median_us=%lld p90_us=%lld min_us=%lld max_rss_kb=%ld\n", median, p90, times[0],
           max_rss);
    ret = fflush(stdout) == 0 ? 0 : 1;

out:
    free(cmd);
    free(times);
    return ret;
}
