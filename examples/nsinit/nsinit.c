/* nsinit - the reference command line of libcontainer.h.

   cd into a root filesystem holding a container.json and run
   `nsinit exec /bin/sh`; run it again for a second shell in the same
   container. See `nsinit help`. */
#define _GNU_SOURCE
#define LIBCONTAINER_IMPLEMENTATION
#include "../../libcontainer.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define EXIT_RUNTIME 125

struct options {
    const char *root;   /* the container directory */
    const char *rootfs; /* --rootfs */
    char root_abs[PATH_MAX];
    char state[PATH_MAX]; /* the runtime's record of the container, out of its reach */
};

static const char usage_main[] =
    "usage: nsinit [OPTION...] COMMAND [ARG...]\n"
    "\n"
    "Runs containers described by DIR/container.json (DIR: --root, else $data_path,\n"
    "else the current directory). The root filesystem is --rootfs, else the config's\n"
    "rootfs, else the current directory.\n"
    "\n"
    "options (--opt VALUE or --opt=VALUE):\n"
    "  --root DIR           the container directory\n"
    "  --rootfs DIR         the root filesystem\n"
    "  --log FILE           append every message to FILE as well\n"
    "  --log-format FORMAT  text (default) or json: one {\"level\", \"msg\", \"time\"} a line\n"
    "  --debug              say what nsinit does, step by step\n"
    "  --version            print the version\n"
    "  -h, --help           this text\n"
    "\n"
    "commands:\n"
    "  exec [OPTION...] [--] CMD [ARG...]\n"
    "                       start a container running CMD, or run CMD in the live one\n"
    "  config               print the configuration as JSON\n"
    "  state                print the container's state as JSON\n"
    "  kill [SIGNAL]        send SIGNAL (default TERM) to the container's init\n"
    "  pause                freeze every process of the container\n"
    "  unpause              thaw them\n"
    "  stats                print the container's cgroup statistics as JSON\n"
    "  help                 this text\n"
    "\n"
    "Each command takes --help. exec exits with the command's status, 128+N when it\n"
    "was killed by signal N, 125 when nsinit failed, 126 when CMD cannot be executed\n"
    "and 127 when it is not found.\n";

static const char usage_exec[] =
    "usage: nsinit exec [OPTION...] [--] CMD [ARG...]\n"
    "\n"
    "Starts a container running CMD, with the namespaces, root filesystem, user and\n"
    "terminal of container.json; DIR/pid holds its init's host pid while it runs.\n"
    "When the container already runs, CMD joins it instead: every namespace, the\n"
    "root, the environment, working_dir, user and capabilities of the config it was\n"
    "started with. Signals nsinit receives are passed to the process; SIGTERM,\n"
    "SIGINT, SIGHUP or SIGQUIT during the setup undo it and end nsinit with 128+N.\n"
    "The exit status is CMD's.\n"
    "\n"
    "options (--opt VALUE or --opt=VALUE):\n"
    "  -u, --user USER      run CMD as USER (name, uid, name:group or uid:gid)\n"
    "  --cwd DIR            run CMD in DIR, an absolute path in the container\n"
    "  -e, --env NAME=VALUE set NAME in CMD's environment (again for more)\n";

static const char usage_config[] =
    "usage: nsinit config\n"
    "\n"
    "Prints DIR/container.json as nsinit reads it, as JSON: every key spelled out,\n"
    "checked as exec checks it.\n";

static const char usage_state[] =
    "usage: nsinit state\n"
    "\n"
    "Prints the running container's state as JSON: root, status (running or\n"
    "paused), pid, and oom_kills when its memory cgroup has seen any. Without a\n"
    "running container: 125 and a line saying so.\n";

static const char usage_kill[] =
    "usage: nsinit kill [SIGNAL]\n"
    "\n"
    "Sends SIGNAL (a name such as TERM or SIGKILL, or a number; default TERM) to the\n"
    "container's init.\n";

static const char usage_pause[] = "usage: nsinit pause\n"
                                  "\n"
                                  "Freezes every process of the container (its cgroup's freezer)\n"
                                  "and returns once the kernel reports them frozen.\n";

static const char usage_unpause[] = "usage: nsinit unpause\n"
                                    "\n"
                                    "Thaws the processes of a paused container.\n";

static const char usage_stats[] =
    "usage: nsinit stats\n"
    "\n"
    "Prints the container's cgroup statistics as JSON: memory (usage, max_usage,\n"
    "limit, failcnt, oom_kills, stat), cpu (total, user, system, percpu, periods,\n"
    "throttled_periods, throttled_time; nanoseconds), pids (current, limit), blkio.\n"
    "Unknown values are null.\n";

/* ---- messages ------------------------------------------------------------------ */

static FILE *log_file; /* --log */
static int log_json;   /* --log-format json */
static int debug;      /* --debug */

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

/* One message, one line (control characters, from an argument say, become
   '?'): errors and warnings on stderr, debug lines there with --debug; every
   one in the --log file too, as text or as a JSON object with an RFC 3339
   time. */
static void say(const char *level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void say(const char *level, const char *fmt, ...)
{
    char msg[2048], when[64];
    struct timespec ts;
    struct tm tm;
    va_list ap;
    char *s;
    int is_debug = !strcmp(level, "debug");
    if (is_debug && !debug)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (s = msg; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
    if (!strcmp(level, "error"))
        fprintf(stderr, "nsinit: %s\n", msg);
    else
        fprintf(stderr, "nsinit: %s: %s\n", level, msg);
    if (!log_file)
        return;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    if (log_json) {
        fprintf(log_file, "{\"level\":\"%s\",\"msg\":", level);
        json_string(log_file, msg);
        fprintf(log_file, ",\"time\":\"%s.%06ldZ\"}\n", when, ts.tv_nsec / 1000);
    } else {
        fprintf(log_file, "%s.%06ldZ %s %s\n", when, ts.tv_nsec / 1000, level, msg);
    }
    fflush(log_file);
}

static void die_line(const char *msg)
{
    say("error", "%s", msg);
}

static int wants_help(int argc, char **argv)
{
    return argc > 0 && (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h"));
}

/* A command that takes no arguments got some. */
static int no_args(const char *cmd, int argc, char **argv)
{
    if (argc == 0)
        return 0;
    say("error", "%s: %s: takes no arguments (see nsinit %s --help)", cmd, argv[0], cmd);
    return -1;
}

/* Option name (long, e.g. "--root", and short or NULL) at argv[*i], with its
   value: "--name VALUE", "--name=VALUE" or "-n VALUE". 1 with *value and *i
   on the value, 0 when argv[*i] is another option, -1 after an error line. */
static int opt_value(int argc, char **argv, int *i, const char *name, const char *shortname,
                     const char **value)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (!strncmp(a, name, n) && a[n] == '=') {
        *value = a + n + 1;
        return 1;
    }
    if (strcmp(a, name) != 0 && (!shortname || strcmp(a, shortname) != 0))
        return 0;
    if (*i + 1 >= argc) {
        say("error", "%s: needs a value", a);
        return -1;
    }
    *value = argv[++*i];
    return 1;
}

static void log_warning(void *user, int level, const char *msg)
{
    (void)user;
    say(level <= LIBCONTAINER_LOG_WARN ? "warning" : "debug", "%s", msg);
}

static int load_config(const struct options *o, lc_config **cfg)
{
    char path[PATH_MAX + 32];
    lc_error err;
    lc_log log = {log_warning, NULL};
    snprintf(path, sizeof path, "%s/container.json", o->root_abs);
    say("debug", "config: %s", path);
    if (lc_config_load(path, &log, cfg, &err) < 0) {
        die_line(err.msg);
        return -1;
    }
    return 0;
}

/* The rootfs: --rootfs, else the config's (relative to the container
   directory), else the current directory, which is named in a warning when
   it holds no container.json (the seed's usage is to cd into the rootfs). */
static const char *effective_rootfs(const struct options *o, const lc_config *cfg, char *buf,
                                    size_t size)
{
    char here[PATH_MAX];
    if (o->rootfs)
        return o->rootfs;
    if (cfg->rootfs && cfg->rootfs[0] != '/') {
        snprintf(buf, size, "%s/%s", o->root_abs, cfg->rootfs);
        return buf;
    }
    if (cfg->rootfs)
        return cfg->rootfs;
    if (getcwd(here, sizeof here) && access("container.json", F_OK) < 0)
        say("warning",
            "the root filesystem is the current directory, %s, which holds no "
            "container.json (give --rootfs DIR)",
            here);
    return ".";
}

/* The state directory of the container directory: /run/nsinit (for root;
   $XDG_RUNTIME_DIR/nsinit or /tmp/nsinit-UID otherwise) / DEV-INO of it,
   where no container can write, whatever the layout of its directory. */
static int state_dir(struct options *o)
{
    struct stat st;
    const char *run = getenv("XDG_RUNTIME_DIR");
    char base[PATH_MAX];
    if (stat(o->root_abs, &st) < 0) {
        say("error", "root: %s: %s", o->root_abs, strerror(errno));
        return -1;
    }
    if (geteuid() == 0)
        snprintf(base, sizeof base, "/run/nsinit");
    else if (run && run[0] == '/')
        snprintf(base, sizeof base, "%s/nsinit", run);
    else
        snprintf(base, sizeof base, "/tmp/nsinit-%u", (unsigned)geteuid());
    if ((size_t)snprintf(o->state, sizeof o->state, "%.*s/%llu-%llu", PATH_MAX - 64, base,
                         (unsigned long long)st.st_dev,
                         (unsigned long long)st.st_ino) >= sizeof o->state) {
        say("error", "state: %s: path too long", base);
        return -1;
    }
    return 0;
}

/* Locks the state directory, made when missing, for the start-or-join
   decision and for the removal of the record. Signals keep their default
   meaning while it waits: SIGTERM ends a wait on a stuck start. */
static int lock_state(const struct options *o)
{
    char base[PATH_MAX], *slash;
    struct stat st;
    int fd;
    snprintf(base, sizeof base, "%s", o->state);
    slash = strrchr(base, '/');
    *slash = '\0';
    for (;;) {
        if ((mkdir(base, 0700) < 0 && errno != EEXIST) ||
            (mkdir(o->state, 0700) < 0 && errno != EEXIST) ||
            (fd = open(o->state, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
            say("error", "state: %s: %s", o->state, strerror(errno));
            return -1;
        }
        if (flock(fd, LOCK_EX) < 0) {
            say("error", "lock: %s: %s", o->state, strerror(errno));
            close(fd);
            return -1;
        }
        /* a finishing nsinit may have removed it meanwhile */
        if (fstat(fd, &st) == 0 && st.st_nlink > 0)
            return fd;
        close(fd);
    }
}

/* Removes the record of a container that has ended, and its directory. */
static void remove_state(const struct options *o)
{
    char pid[PATH_MAX + 8];
    int fd = lock_state(o);
    lc_state_remove(o->state, NULL);
    rmdir(o->state);
    snprintf(pid, sizeof pid, "%s/pid", o->root_abs);
    unlink(pid);
    if (fd >= 0)
        close(fd);
}

/* ---- the terminal --------------------------------------------------------- */

static struct termios saved_termios;
static int termios_saved;

static void restore_terminal(void)
{
    if (termios_saved)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
    termios_saved = 0;
}

static void raw_terminal(void)
{
    struct termios t;
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_termios) < 0)
        return;
    t = saved_termios;
    cfmakeraw(&t);
    if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
        termios_saved = 1;
}

static void copy_winsize(int console)
{
    struct winsize ws;
    if (console >= 0 && ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
        ioctl(console, TIOCSWINSZ, &ws);
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Copies what the terminal has to stdout: 1 when it copied, 0 at EOF or EIO
   (no slave left), -1 when there was nothing to read. */
static int pump(int from, int to)
{
    char buf[8192];
    ssize_t n = read(from, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return -1;
    if (n <= 0)
        return 0;
    write_all(to, buf, (size_t)n);
    return 1;
}

/* Ends the terminal's input as typing would: its EOF character. */
static void send_eof(int console)
{
    struct termios t;
    char eof = 4;
    if (tcgetattr(console, &t) == 0 && (t.c_lflag & ICANON) && t.c_cc[VEOF])
        eof = (char)t.c_cc[VEOF];
    write_all(console, &eof, 1);
}

/* How often the end of input is repeated to a program reading in raw mode:
   an EOF queued while the terminal was canonical reaches a program that
   switches to raw mode before reading (a shell's line editor) as a NUL byte,
   and the kernel cannot say when that happened. */
#define EOF_REPEATS 4

/* ---- running the process ---------------------------------------------------- */

/* The signals that end a start or join still being set up (nsinit then
   undoes it and exits 128+N); once the process runs they are passed on
   like the others. */
static void cancel_set(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGHUP);
    sigaddset(set, SIGQUIT);
}

/* Every other signal nsinit passes to the process. */
static void forwarded_set(sigset_t *set)
{
    int s;
    sigemptyset(set);
    for (s = 1; s < NSIG; s++) {
        if (s == SIGKILL || s == SIGSTOP || s == SIGSEGV || s == SIGBUS || s == SIGILL ||
            s == SIGFPE || s == SIGTRAP || s == SIGABRT || s == SIGSYS || s == SIGPIPE ||
            s == SIGTTIN || s == SIGTTOU || s == SIGTERM || s == SIGINT || s == SIGHUP ||
            s == SIGQUIT || (s >= 32 && s < SIGRTMIN))
            continue;
        sigaddset(set, s);
    }
}

/* Relays the terminal and signals (from the two signalfds) until the
   process ends; returns its waitpid status. */
static int supervise(lc_container *c, int sfd, int cfd)
{
    int console = lc_container_console(c), in_open = console >= 0, out_open = console >= 0;
    int eof_repeats = 0; /* once input ended: EOFs still to repeat */
    int status = 0;
    lc_error err;
    for (;;) {
        struct pollfd pf[4];
        int n = 0, i_sig, i_cancel, i_in = -1, i_out = -1, k;
        pf[n].fd = sfd;
        pf[n].events = POLLIN;
        i_sig = n++;
        pf[n].fd = cfd;
        pf[n].events = POLLIN;
        i_cancel = n++;
        if (in_open) {
            pf[n].fd = STDIN_FILENO;
            pf[n].events = POLLIN;
            i_in = n++;
        }
        if (out_open) {
            pf[n].fd = console;
            pf[n].events = POLLIN;
            i_out = n++;
        }
        if (poll(pf, (nfds_t)n, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (i_out >= 0 && pf[i_out].revents) {
            int got = pump(console, STDOUT_FILENO);
            struct termios t;
            out_open = got != 0;
            /* the program answered and reads in raw mode: the end of
               input may have reached it as a NUL */
            if (got > 0 && eof_repeats > 0 && tcgetattr(console, &t) == 0 &&
                !(t.c_lflag & ICANON)) {
                send_eof(console);
                eof_repeats--;
            }
        }
        if (i_in >= 0 && pf[i_in].revents) {
            char buf[4096];
            ssize_t r = read(STDIN_FILENO, buf, sizeof buf);
            if (r > 0) {
                write_all(console, buf, (size_t)r);
            } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
                /* end of input: the terminal's EOF character ends the line,
                   a second one reads as end of file */
                send_eof(console);
                send_eof(console);
                eof_repeats = EOF_REPEATS;
                in_open = 0;
            }
        }
        for (k = 0; k < 2; k++) {
            struct signalfd_siginfo si;
            int i = k ? i_cancel : i_sig;
            if (!pf[i].revents || read(pf[i].fd, &si, sizeof si) != (ssize_t)sizeof si)
                continue;
            if (si.ssi_signo == SIGCHLD) {
                if (lc_container_poll(c, &status, &err) != 0)
                    goto done;
                continue;
            }
            if (si.ssi_signo == SIGWINCH && console >= 0) {
                copy_winsize(console);
                continue;
            }
            lc_container_signal(c, (int)si.ssi_signo, NULL);
        }
    }
done:
    if (console >= 0) {
        /* what the process wrote before it ended is still in the terminal */
        fcntl(console, F_SETFL, fcntl(console, F_GETFL) | O_NONBLOCK);
        while (out_open && pump(console, STDOUT_FILENO) > 0)
            ;
    }
    lc_container_wait(c, &status, NULL);
    return status;
}

/* The exit status for a start or join that failed: 128+N when signal N
   cancelled it (read from the cancel signalfd), else what the error says. */
static int failure_code(const lc_error *err, int cfd)
{
    struct signalfd_siginfo si;
    if (err->code == ECANCELED && read(cfd, &si, sizeof si) == (ssize_t)sizeof si) {
        say("debug", "cancelled by signal %u", si.ssi_signo);
        return 128 + (int)si.ssi_signo;
    }
    die_line(err->msg);
    return lc_error_exit_code(err);
}

/* What exec's options ask of the process. */
struct exec_options {
    const char *user;
    const char *cwd;
    char **env; /* NAME=VALUE, from -e */
    size_t nenv;
};

/* exec's options, up to CMD: the index of CMD in argv, or -1 after an error line. */
static int exec_options(int argc, char **argv, struct exec_options *x)
{
    int i, rc;
    const char *v;
    for (i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            return i + 1;
        if (argv[i][0] != '-' || !argv[i][1])
            return i;
        if ((rc = opt_value(argc, argv, &i, "--user", "-u", &x->user)) != 0 ||
            (rc = opt_value(argc, argv, &i, "--cwd", NULL, &x->cwd)) != 0) {
            if (rc < 0)
                return -1;
            continue;
        }
        if ((rc = opt_value(argc, argv, &i, "--env", "-e", &v)) != 0) {
            if (rc < 0)
                return -1;
            if (v[0] == '=' || !strchr(v, '=')) {
                say("error", "exec: --env %s: expected NAME=VALUE", v);
                return -1;
            }
            x->env[x->nenv++] = (char *)v;
            continue;
        }
        say("error", "exec: %s: unknown option (see nsinit exec --help)", argv[i]);
        return -1;
    }
    return i;
}

/* The environment of the process: the config's, with exec's -e settings
   replacing or adding variables. NULL when there are none (the config's
   stands); *out is what to free. */
static char **merged_env(const lc_config *cfg, const struct exec_options *x, char ***out)
{
    size_t n = 0, i, j, k;
    char **env;
    *out = NULL;
    if (!x->nenv)
        return NULL;
    env = calloc(cfg->env_len + x->nenv + 1, sizeof *env);
    if (!env)
        return NULL;
    for (i = 0; i < cfg->env_len; i++)
        env[n++] = cfg->env[i];
    for (j = 0; j < x->nenv; j++) {
        size_t name = strcspn(x->env[j], "=") + 1;
        for (k = 0; k < n && strncmp(env[k], x->env[j], name) != 0; k++)
            ;
        env[k] = x->env[j];
        if (k == n)
            n++;
    }
    *out = env;
    return env;
}

static int cmd_exec(struct options *o, int argc, char **argv, char **all_argv)
{
    extern char **environ;
    lc_config *cfg = NULL, *live_cfg = NULL;
    lc_container *c = NULL, *live = NULL;
    struct exec_options x;
    lc_process proc;
    lc_error err;
    char rootbuf[PATH_MAX * 2], pidfile[PATH_MAX + 8], **env = NULL;
    const char *rootfs;
    sigset_t set, cset, both, old;
    int sfd = -1, cfd = -1, lock_fd = -1, status, rc = EXIT_RUNTIME, started = 0, running, first;

    if (wants_help(argc, argv)) {
        fputs(usage_exec, stdout);
        return 0;
    }
    memset(&x, 0, sizeof x);
    x.env = calloc((size_t)argc + 1, sizeof *x.env);
    if (!x.env || (first = exec_options(argc, argv, &x)) < 0) {
        free(x.env);
        return EXIT_RUNTIME;
    }
    argc -= first;
    argv += first;
    if (argc == 0) {
        die_line("exec: no command given (see nsinit exec --help)");
        free(x.env);
        return EXIT_RUNTIME;
    }
    sigprocmask(SIG_SETMASK, NULL, &old);
    /* what ends a setup ends a wait for the lock too, even where the shell
       started nsinit with SIGINT ignored (a background job) */
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    if (state_dir(o) < 0)
        goto out;
    /* one starter at a time per directory: the second one joins */
    lock_fd = lock_state(o);
    if (lock_fd < 0)
        goto out;
    forwarded_set(&set);
    cancel_set(&cset);
    both = set;
    sigaddset(&both, SIGTERM);
    sigaddset(&both, SIGINT);
    sigaddset(&both, SIGHUP);
    sigaddset(&both, SIGQUIT);
    sigprocmask(SIG_BLOCK, &both, &old);
    sfd = signalfd(-1, &set, SFD_CLOEXEC);
    cfd = signalfd(-1, &cset, SFD_CLOEXEC);
    if (sfd < 0 || cfd < 0) {
        say("error", "signalfd: %s", strerror(errno));
        goto out;
    }
    memset(&proc, 0, sizeof proc);
    proc.argv = argv;
    proc.user = x.user;
    proc.cwd = x.cwd;
    proc.cancel_fd = cfd;
    running = lc_state_load(o->state, &live, &live_cfg, &err);
    if (running < 0) {
        die_line(err.msg);
        goto out;
    }
    if (running) {
        /* a join: the config recorded when the container started, never
           the file in its directory, which the container may have changed */
        close(lock_fd);
        lock_fd = -1;
        say("debug", "joining the container of init %d", (int)lc_container_pid(live));
        if (lc_cgroup_frozen(lc_container_pid(live)) == 1) {
            die_line("exec: the container is paused (nsinit unpause first)");
            goto out;
        }
        sigprocmask(SIG_SETMASK, &old, NULL);
        if (lc_reexec_sealed(all_argv, environ, &err) < 0) {
            die_line(err.msg);
            goto out;
        }
        sigprocmask(SIG_BLOCK, &both, NULL);
        if (live_cfg->tty) {
            struct winsize ws;
            if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0) {
                proc.console_rows = ws.ws_row;
                proc.console_cols = ws.ws_col;
            }
        }
        proc.env = merged_env(live_cfg, &x, &env);
        if (lc_container_join(live_cfg, lc_container_pid(live), &proc, &c, &err) < 0) {
            rc = failure_code(&err, cfd);
            goto out;
        }
        say("debug", "joined: pid %d", (int)lc_container_pid(c));
    } else {
        if (load_config(o, &cfg) < 0)
            goto out;
        /* one container per directory: a name derived from it is unique, and
           lets the next run find what a killed runtime left */
        if (cfg->cgroups && !cfg->cgroups->name) {
            char name[32];
            unsigned long long h = 1469598103934665603ULL;
            const char *s;
            for (s = o->root_abs; *s; s++)
                h = (h ^ (unsigned char)*s) * 1099511628211ULL;
            snprintf(name, sizeof name, "nsinit-%016llx", h);
            cfg->cgroups->name = lc_strdup(name);
        }
        if (cfg->tty) {
            struct winsize ws;
            if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0) {
                proc.console_rows = ws.ws_row;
                proc.console_cols = ws.ws_col;
            }
        }
        proc.env = merged_env(cfg, &x, &env);
        rootfs = effective_rootfs(o, cfg, rootbuf, sizeof rootbuf);
        say("debug", "starting the container: rootfs %s, state %s", rootfs, o->state);
        if (lc_container_start(cfg, rootfs, &proc, &c, &err) < 0) {
            rc = failure_code(&err, cfd);
            goto out;
        }
        started = 1;
        snprintf(pidfile, sizeof pidfile, "%s/pid", o->root_abs);
        if (lc_state_save(o->state, c, cfg, &err) < 0 ||
            lc_pid_file_write(pidfile, lc_container_pid(c), &err) < 0) {
            die_line(err.msg);
            goto out;
        }
        say("debug", "started: init %d", (int)lc_container_pid(c));
        close(lock_fd);
        lock_fd = -1;
    }
    if (lc_container_console(c) >= 0)
        raw_terminal();
    status = supervise(c, sfd, cfd);
    restore_terminal();
    rc = lc_exit_code(status);
    say("debug", "the process ended: exit status %d", rc);
    if (lc_container_oom_kills(c) > 0) {
        say("error",
            "oom: the kernel killed %lld process(es) of the container for exceeding "
            "cgroups.memory",
            lc_container_oom_kills(c));
        rc = 128 + SIGKILL;
    }
out:
    restore_terminal();
    if (lock_fd >= 0) {
        if (!started)
            rmdir(o->state); /* made by this run for nothing */
        close(lock_fd);
    }
    lc_container_free(c);
    if (started)
        remove_state(o);
    lc_container_free(live);
    if (sfd >= 0)
        close(sfd);
    if (cfd >= 0)
        close(cfd);
    sigprocmask(SIG_SETMASK, &old, NULL);
    lc_config_free(cfg);
    lc_config_free(live_cfg);
    free(env);
    free(x.env);
    return rc;
}

static int cmd_config(struct options *o, int argc, char **argv)
{
    lc_config *cfg = NULL;
    lc_error err;
    char *json = NULL;
    size_t len;
    int rc = EXIT_RUNTIME;
    if (wants_help(argc, argv)) {
        fputs(usage_config, stdout);
        return 0;
    }
    if (no_args("config", argc, argv) < 0 || load_config(o, &cfg) < 0)
        return EXIT_RUNTIME;
    /* as given: rootfs only when the file has one, relative when it is */
    if (lc_config_write(cfg, &json, &len, &err) < 0) {
        die_line(err.msg);
        goto out;
    }
    fwrite(json, 1, len, stdout);
    rc = 0;
out:
    lc_free(json);
    lc_config_free(cfg);
    return rc;
}

/* The running container of DIR: 1 with *c (its init), 0 with a line
   saying there is none, -1 after an error line. */
static int live_container(struct options *o, const char *cmd, lc_container **c)
{
    lc_error err;
    int running;
    if (state_dir(o) < 0)
        return -1;
    running = lc_state_load(o->state, c, NULL, &err);
    if (running < 0) {
        die_line(err.msg);
        return -1;
    }
    if (!running) {
        /* a stale record was removed: its directory goes too, unless a start holds it */
        int fd = open(o->state, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
            rmdir(o->state);
        if (fd >= 0)
            close(fd);
        say("error", "%s: %s: no running container", cmd, o->root_abs);
    }
    return running;
}

static int cmd_state(struct options *o, int argc, char **argv)
{
    lc_container *c = NULL;
    lc_stats *st = NULL;
    pid_t pid;
    if (wants_help(argc, argv)) {
        fputs(usage_state, stdout);
        return 0;
    }
    if (no_args("state", argc, argv) < 0 || live_container(o, "state", &c) <= 0)
        return EXIT_RUNTIME;
    pid = lc_container_pid(c);
    printf("{\n    \"root\": ");
    json_string(stdout, o->root_abs);
    printf(",\n    \"status\": \"%s\",\n    \"pid\": %d",
           lc_cgroup_frozen(pid) == 1 ? "paused" : "running", (int)pid);
    if (lc_cgroup_stats(pid, &st, NULL) == 0 && st->oom_kills > 0)
        printf(",\n    \"oom_kills\": %lld", st->oom_kills);
    lc_stats_free(st);
    printf("\n}\n");
    lc_container_free(c);
    return 0;
}

static int cmd_kill(struct options *o, int argc, char **argv)
{
    lc_container *c = NULL;
    lc_error err;
    int sig = SIGTERM, rc = EXIT_RUNTIME;
    if (wants_help(argc, argv)) {
        fputs(usage_kill, stdout);
        return 0;
    }
    if (argc > 1) {
        die_line("kill: too many arguments (see nsinit kill --help)");
        return EXIT_RUNTIME;
    }
    if (argc == 1 && (sig = lc_signal_from_name(argv[0])) < 0) {
        say("error", "kill: %s: unknown signal", argv[0]);
        return EXIT_RUNTIME;
    }
    if (live_container(o, "kill", &c) <= 0)
        return EXIT_RUNTIME;
    if (lc_container_signal(c, sig, &err) < 0)
        die_line(err.msg);
    else
        rc = 0;
    lc_container_free(c);
    return rc;
}

static int cmd_freeze(struct options *o, int argc, char **argv, int frozen)
{
    const char *cmd = frozen ? "pause" : "unpause";
    lc_container *c = NULL;
    lc_error err;
    int rc = EXIT_RUNTIME;
    if (wants_help(argc, argv)) {
        fputs(frozen ? usage_pause : usage_unpause, stdout);
        return 0;
    }
    if (no_args(cmd, argc, argv) < 0 || live_container(o, cmd, &c) <= 0)
        return EXIT_RUNTIME;
    if (lc_cgroup_freeze(lc_container_pid(c), frozen, &err) < 0)
        die_line(err.msg);
    else
        rc = 0;
    lc_container_free(c);
    return rc;
}

static void json_num(const char *key, long long v, const char *sep)
{
    if (v < 0)
        printf("\"%s\": null%s", key, sep);
    else
        printf("\"%s\": %lld%s", key, v, sep);
}

static void json_stats(const lc_stat *s, size_t n)
{
    size_t i;
    printf("{");
    for (i = 0; i < n; i++) {
        printf("%s\n            ", i ? "," : "");
        json_string(stdout, s[i].key);
        printf(": %llu", s[i].value);
    }
    printf("%s}", n ? "\n        " : "");
}

static int cmd_stats(struct options *o, int argc, char **argv)
{
    lc_container *c = NULL;
    lc_error err;
    lc_stats *s = NULL;
    size_t i;
    int rc;
    if (wants_help(argc, argv)) {
        fputs(usage_stats, stdout);
        return 0;
    }
    if (no_args("stats", argc, argv) < 0 || live_container(o, "stats", &c) <= 0)
        return EXIT_RUNTIME;
    rc = lc_cgroup_stats(lc_container_pid(c), &s, &err);
    lc_container_free(c);
    if (rc < 0) {
        die_line(err.msg);
        return EXIT_RUNTIME;
    }
    printf("{\n    \"memory\": {\n        ");
    json_num("usage", s->memory_usage, ",\n        ");
    json_num("max_usage", s->memory_max_usage, ",\n        ");
    json_num("limit", s->memory_limit == LLONG_MAX ? -1 : s->memory_limit, ",\n        ");
    json_num("failcnt", s->memory_failcnt, ",\n        ");
    json_num("oom_kills", s->oom_kills, ",\n        ");
    printf("\"stat\": ");
    json_stats(s->memory_stat, s->memory_stat_len);
    printf("\n    },\n    \"cpu\": {\n        ");
    json_num("total", s->cpu_total_ns, ",\n        ");
    json_num("user", s->cpu_user_ns, ",\n        ");
    json_num("system", s->cpu_system_ns, ",\n        ");
    printf("\"percpu\": [");
    for (i = 0; i < s->cpu_percpu_len; i++)
        printf("%s%llu", i ? ", " : "", s->cpu_percpu_ns[i]);
    printf("],\n        ");
    json_num("periods", s->cpu_periods, ",\n        ");
    json_num("throttled_periods", s->cpu_throttled_periods, ",\n        ");
    json_num("throttled_time", s->cpu_throttled_ns, "\n    },\n    \"pids\": {\n        ");
    json_num("current", s->pids_current, ",\n        ");
    json_num("limit", s->pids_limit == LLONG_MAX ? -1 : s->pids_limit, "\n    },\n    ");
    printf("\"blkio\": ");
    json_stats(s->blkio, s->blkio_len);
    printf(",\n    \"paused\": %s\n}\n", s->paused ? "true" : "false");
    lc_stats_free(s);
    return 0;
}

int main(int argc, char **argv)
{
    struct options o;
    const char *cmd, *log_path = NULL, *format = NULL;
    int i = 1, rc;
    memset(&o, 0, sizeof o);
    o.root = getenv("data_path");
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if ((rc = opt_value(argc, argv, &i, "--root", NULL, &o.root)) != 0 ||
            (rc = opt_value(argc, argv, &i, "--rootfs", NULL, &o.rootfs)) != 0 ||
            (rc = opt_value(argc, argv, &i, "--log", NULL, &log_path)) != 0 ||
            (rc = opt_value(argc, argv, &i, "--log-format", NULL, &format)) != 0) {
            if (rc < 0)
                return EXIT_RUNTIME;
        } else if (!strcmp(a, "--debug")) {
            debug = 1;
        } else if (!strcmp(a, "--version")) {
            printf("nsinit version %s\nlibcontainer.h %s\n", LIBCONTAINER_VERSION,
                   LIBCONTAINER_VERSION);
            return 0;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_main, stdout);
            return 0;
        } else {
            say("error", "%s: unknown option (see nsinit help)", a);
            return EXIT_RUNTIME;
        }
    }
    if (format && strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
        say("error", "--log-format %s: expected text or json", format);
        return EXIT_RUNTIME;
    }
    log_json = format && !strcmp(format, "json");
    if (log_path && !(log_file = fopen(log_path, "ae"))) {
        say("error", "--log %s: %s", log_path, strerror(errno));
        return EXIT_RUNTIME;
    }
    if (i >= argc) {
        fputs(usage_main, stderr);
        return EXIT_RUNTIME;
    }
    cmd = argv[i++];
    if (!strcmp(cmd, "help")) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (!o.root || !*o.root)
        o.root = ".";
    if (!realpath(o.root, o.root_abs)) {
        say("error", "root: %s: %s", o.root, strerror(errno));
        return EXIT_RUNTIME;
    }
    if (!strcmp(cmd, "exec"))
        return cmd_exec(&o, argc - i, argv + i, argv);
    if (!strcmp(cmd, "config"))
        return cmd_config(&o, argc - i, argv + i);
    if (!strcmp(cmd, "state"))
        return cmd_state(&o, argc - i, argv + i);
    if (!strcmp(cmd, "kill"))
        return cmd_kill(&o, argc - i, argv + i);
    if (!strcmp(cmd, "pause") || !strcmp(cmd, "unpause"))
        return cmd_freeze(&o, argc - i, argv + i, cmd[0] == 'p');
    if (!strcmp(cmd, "stats"))
        return cmd_stats(&o, argc - i, argv + i);
    say("error", "%s: unknown command (see nsinit help)", cmd);
    return EXIT_RUNTIME;
}
