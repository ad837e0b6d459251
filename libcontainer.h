/* libcontainer.h - a Linux container runtime in one C header, libc only.

   Start a process in new namespaces with its own root filesystem, devices,
   hostname, user, cgroup limits, capabilities, seccomp filter, network and
   terminal; join a running container; signal, pause, inspect and wait for it.
   The configuration is the 2014 libcontainer container.json and the keys its
   lineage added later. Linux, x86_64 and aarch64 (seccomp tables); root, or
   a user namespace for a rootless container. No other library is needed:
   rtnetlink, BPF device programs and seccomp filters are assembled here.

   USAGE
       Define LIBCONTAINER_IMPLEMENTATION in exactly one C file before the
       include, and _GNU_SOURCE before any system header in that file:

           #define _GNU_SOURCE
           #define LIBCONTAINER_IMPLEMENTATION
           #include "libcontainer.h"

       Every other file includes the header alone and sees the declarations.
       The declarations compile as C99 and as C++.

   COMPILE-TIME OPTIONS (define before the include that has the implementation)
       LIBCONTAINER_STATIC         make every function static to that file
       LIBCONTAINER_MALLOC(n)      allocator, default malloc
       LIBCONTAINER_REALLOC(p, n)  default realloc
       LIBCONTAINER_FREE(p)        default free
       LIBCONTAINER_MAX_JSON_TOKENS  tokens in one config (default 65536)
       LIBCONTAINER_MAX_JSON_DEPTH   nesting of one config (default 256)
       LIBCONTAINER_MAX_CONFIG_SIZE  bytes of one config (default 4 MiB)
       LIBCONTAINER_MAX_JSON_STRING  bytes of one string, as written (64 KiB)
       A config over a limit fails with -E2BIG (-EFBIG for the size) and an
       error naming the limit.

   EXAMPLE (a whole program: "hostname" in the container of container.json)
       #define _GNU_SOURCE
       #define LIBCONTAINER_IMPLEMENTATION
       #include "libcontainer.h"
       #include <errno.h>
       #include <stdio.h>
       #include <string.h>

       int main(void)
       {
           char sh[] = "/bin/sh", opt[] = "-c", cmd[] = "hostname";
           char *argv[] = {sh, opt, cmd, NULL};
           lc_config *cfg = NULL;
           lc_container *c = NULL;
           lc_process proc;
           lc_error err;
           int status = 0, rc;

           memset(&proc, 0, sizeof proc);
           proc.argv = argv;
           if (lc_config_load("container.json", NULL, &cfg, &err) < 0 ||
               lc_container_start(cfg, "/srv/rootfs", &proc, &c, &err) < 0) {
               fprintf(stderr, "%s\n", err.msg);
               lc_config_free(cfg);
               return lc_error_exit_code(&err);
           }
           while ((rc = lc_container_wait(c, &status, &err)) == -EINTR)
               ;
           if (rc < 0)
               fprintf(stderr, "%s\n", err.msg);
           lc_container_free(c);
           lc_config_free(cfg);
           return rc < 0 ? 125 : lc_exit_code(status);
       }

   ERRORS
       Functions return an int: >= 0 on success, -errno on failure. The last
       parameter, an optional lc_error *, then holds one line naming the step,
       the path and the reason, e.g. "mount: /proc: Operation not permitted".
       The library never exits, aborts or prints.

   MEMORY
       The library copies every string it keeps. Objects it returns are freed
       with their own lc_*_free function, which accepts NULL. Strings it
       returns are freed with lc_free.

   THREADS
       No global or thread-local mutable state: distinct objects may be used
       from distinct threads at once. One object is used by one thread at a
       time. lc_container_start and lc_container_join fork; the new process
       is killed when the thread that started it exits (PR_SET_PDEATHSIG), so
       start and wait from a thread that lives as long as the container.

   LOGGING
       Pass an lc_log to the config loader to hear about ignored keys. It is
       silent by default and never carries errors.

   SECTIONS (in the order of the data flow, each under a "====" banner)
       utilities; the JSON tokenizer; config: the tables of the model, one
       walker that parses, writes and frees, the keys that need code, the
       OCI config.json's tables, the public calls, then lc_config_check,
       the one validation pass; spawn: the plan, init (the child) and the
       parent's half; join; lifecycle: wait, signal, state; cgroups v1/v2
       with device control, pause and statistics; netlink and the network
       strategies; capabilities and seccomp.

   EXTENDING
       A plain config key is one field in its struct and one row in that
       struct's lc__*_rows table (key, field, kind, range): the walker
       parses, writes and frees it. Its rules, if any, go in
       lc_config_check. A cgroup setting adds a row to lc__cg_settings (the
       v1 and v2 files, and a function where v2 spells the value
       differently). A network type is a row of lc__net_strategies: check,
       prepare, host side, container side.

   VERSION
       0.2.0  the config model as tables, lc_config_check, a security
              review (state outside the root, device filter always,
              sealed re-exec, pidfds), mount_label applied.
       0.1.0  first release: config load and write, start, join, terminal,
              cgroups v1/v2, capabilities, seccomp, user namespaces,
              veth networks.
*/

#ifndef LIBCONTAINER_H
#define LIBCONTAINER_H

#include <stddef.h>
#include <sys/types.h>

#define LIBCONTAINER_VERSION "0.2.0"

#ifndef LCDEF
#ifdef LIBCONTAINER_STATIC
#if defined(__GNUC__)
#define LCDEF static __attribute__((unused))
#else
#define LCDEF static
#endif
#else
#define LCDEF extern
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* One error line. code is the errno of the failure (0 when none applies);
   step names the stage that failed ("config", "mount", "exec", ...). */
typedef struct lc_error {
    int code;
    char step[32];
    char msg[1024];
} lc_error;

/* Log levels: a key ignored, and the like; what the loader read. */
#define LIBCONTAINER_LOG_WARN 1
#define LIBCONTAINER_LOG_DEBUG 3

typedef struct lc_log {
    void (*fn)(void *user, int level, const char *msg);
    void *user;
} lc_log;

/* ---- the configuration model -------------------------------------------
   Every string and array below is owned by the lc_config and released by
   lc_config_free. A program may build or edit one by hand; allocate what it
   stores with lc_malloc or lc_strdup. Zero means unset, or the default, for
   every field: NULL strings, arrays and pointers, 0 numbers; a zeroed
   struct asks for nothing. Where 0 would be a real value, the field is a
   pointer (oom_score_adj), and a limit says "unlimited" with
   LIBCONTAINER_UNLIMITED. */

/* A cgroup limit of no limit ("max"), where 0 leaves the setting alone. */
#define LIBCONTAINER_UNLIMITED (-1)

/* A namespace: type is one CLONE_NEW* flag. With a path, the container
   joins that namespace (a /proc/PID/ns/NAME or a bind-mounted file) instead of
   creating a new one. */
typedef struct lc_namespace {
    int type;
    char *path;
} lc_namespace;

/* A mount: source, destination (inside the rootfs), filesystem type
   ("bind" for a bind mount), MS_* flags, MS_PRIVATE/MS_SLAVE/MS_SHARED
   propagation (0: unchanged) and the filesystem's data string. */
typedef struct lc_mount {
    char *source;
    char *destination;
    char *type;
    char *data;
    unsigned long flags;
    unsigned long propagation;
} lc_mount;

/* A device node, or a device cgroup rule: type 'c', 'b' or 'a'; major and
   minor -1 mean any; permissions a subset of "rwm"; file_mode the node's
   permission bits. */
typedef struct lc_device {
    char type;
    char *path;
    long long major;
    long long minor;
    char permissions[4];
    unsigned int file_mode;
    unsigned int uid;
    unsigned int gid;
} lc_device;

/* A network: type "loopback", "veth" or "netns". */
typedef struct lc_network {
    char *type;
    char *name;
    char *bridge;
    char *veth_prefix;
    char *mac_address;
    char *address;
    char *gateway;
    char *ipv6_address;
    char *ipv6_gateway;
    char *ns_path;
    int mtu;
    int txqueuelen;
} lc_network;

typedef struct lc_route {
    char *destination;
    char *source;
    char *gateway;
    char *interface_name;
} lc_route;

/* A key and its value: a sysctl under /proc/sys, dotted
   ("net.ipv4.ip_forward"), or a file of the container's cgroup v2 directory
   (cgroups.unified). */
typedef struct lc_sysctl {
    char *key;
    char *value;
} lc_sysctl;

/* cgroup settings: 0 (or NULL) leaves a setting alone, the numbers may be
   LIBCONTAINER_UNLIMITED; memory_swap is memory plus swap. */
typedef struct lc_cgroups {
    char *name;
    char *parent;
    int allow_all_devices;
    lc_device *allowed_devices;
    size_t allowed_devices_len;
    long long memory;
    long long memory_reservation;
    long long memory_swap;
    long long cpu_shares;
    long long cpu_quota;
    long long cpu_period;
    long long cpu_burst; /* microseconds a period may borrow */
    long long cpu_idle;  /* 1: the SCHED_IDLE class for the whole group */
    long long pids_limit;
    long long blkio_weight;
    char *cpuset_cpus;
    char *cpuset_mems;
    char *freezer;
    lc_sysctl *unified; /* files of its cgroup v2 directory, written as given */
    size_t unified_len;
} lc_cgroups;

/* An id range of a user namespace: size ids from container_id inside are
   host_id outside. */
typedef struct lc_id_map {
    unsigned int container_id;
    unsigned int host_id;
    unsigned int size;
} lc_id_map;

/* A resource limit: type is an RLIMIT_* number; ~0ULL is unlimited. */
typedef struct lc_rlimit {
    int type;
    unsigned long long hard;
    unsigned long long soft;
} lc_rlimit;

/* seccomp actions and argument operators. */
#define LIBCONTAINER_SECCOMP_KILL 1 /* kill the thread */
#define LIBCONTAINER_SECCOMP_KILL_PROCESS 2
#define LIBCONTAINER_SECCOMP_TRAP 3
#define LIBCONTAINER_SECCOMP_ERRNO 4 /* fail with the rule's errno */
#define LIBCONTAINER_SECCOMP_TRACE 5
#define LIBCONTAINER_SECCOMP_ALLOW 6
#define LIBCONTAINER_SECCOMP_LOG 7

#define LIBCONTAINER_SECCOMP_EQ 1 /* arg == value */
#define LIBCONTAINER_SECCOMP_NE 2
#define LIBCONTAINER_SECCOMP_LT 3
#define LIBCONTAINER_SECCOMP_LE 4
#define LIBCONTAINER_SECCOMP_GT 5
#define LIBCONTAINER_SECCOMP_GE 6
#define LIBCONTAINER_SECCOMP_MASKED_EQ 7 /* (arg & value) == value_two */

typedef struct lc_seccomp_arg {
    unsigned int index; /* 0..5 */
    unsigned long long value;
    unsigned long long value_two;
    int op;
} lc_seccomp_arg;

/* A rule: the syscall by name (resolved for the running architecture) or,
   with name NULL, by number. All args must match. */
typedef struct lc_seccomp_rule {
    char *name;
    int nr;
    int action;
    int errno_ret; /* ERRNO: the errno; TRACE: the tracer's data */
    lc_seccomp_arg *args;
    size_t args_len;
} lc_seccomp_rule;

typedef struct lc_seccomp {
    int default_action;
    int default_errno;
    lc_seccomp_rule *syscalls;
    size_t syscalls_len;
} lc_seccomp;

typedef struct lc_config {
    char *rootfs; /* NULL: the caller says where */
    char **args;  /* the command when lc_process.argv is NULL */
    size_t args_len;
    char *hostname;
    char *domainname;
    char *user; /* name, uid, name:group or uid:gid */
    char *working_dir;
    char **env; /* NAME=value, NULL-terminated */
    size_t env_len;
    int tty;
    lc_namespace *namespaces;
    size_t namespaces_len;
    char **capabilities; /* the kept set, NULL-terminated; NULL keeps none */
    size_t capabilities_len;
    lc_network *networks;
    size_t networks_len;
    lc_route *routes;
    size_t routes_len;
    lc_cgroups *cgroups; /* NULL: no cgroup */
    int restrictions;    /* context.restrictions */
    char *mount_label;
    char *process_label;
    char *apparmor_profile;
    int no_pivot_root;
    int readonly_fs;
    int readonly_sysfs; /* /sys read-only, as restrictions make it too */
    lc_mount *mounts;
    size_t mounts_len;
    lc_device *devices; /* device nodes; none: the default set */
    size_t devices_len;
    lc_id_map *uid_mappings; /* NEWUSER: none maps root to the caller */
    size_t uid_mappings_len;
    lc_id_map *gid_mappings;
    size_t gid_mappings_len;
    lc_rlimit *rlimits;
    size_t rlimits_len;
    char **mask_paths; /* hidden: /dev/null over files, tmpfs over dirs */
    size_t mask_paths_len;
    char **readonly_paths;
    size_t readonly_paths_len;
    lc_sysctl *system_properties;
    size_t system_properties_len;
    char **additional_groups; /* names or gids from the rootfs's /etc/group */
    size_t additional_groups_len;
    char **ambient_capabilities; /* kept across exec by a non-root user */
    size_t ambient_capabilities_len;
    char **inheritable_capabilities; /* NULL: the kept set; else exactly these */
    size_t inheritable_capabilities_len;
    lc_seccomp *seccomp; /* NULL: no filter */
    int no_new_privileges;
    int parent_death_signal; /* 0: SIGKILL when the runtime dies */
    int *oom_score_adj;      /* NULL: the runtime's own is kept */
    int *umask;              /* NULL: 022 */
} lc_config;

/* What to run. Zero-initialise it and set argv; the rest is optional. */
typedef struct lc_process {
    char *const *argv; /* argv[0] is searched in the container's PATH;
                          NULL: the config's args */
    char *const *env;  /* NULL: the config's environment */
    const char *cwd;   /* NULL: the config's working_dir, else / */
    const char *user;  /* NULL: the config's user */
    int set_stdio;     /* nonzero: give stdio[0..2] as fds 0, 1, 2 */
    int stdio[3];
    unsigned short console_rows; /* with a terminal: its size before exec */
    unsigned short console_cols;
    int cancel_fd; /* > 0: when it becomes readable (a signalfd,
                      an eventfd), the start or join is abandoned,
                      undone, and fails with -ECANCELED */
} lc_process;

typedef struct lc_container lc_container;

/* ---- config ------------------------------------------------------------ */

/* An empty config: no namespaces, nothing set. */
LCDEF int lc_config_new(lc_config **out, lc_error *err);
/* Parses a container.json held in json[0..len). Copies what it keeps. */
LCDEF int lc_config_parse(const char *json, size_t len, const lc_log *log, lc_config **out,
                          lc_error *err);
/* Reads and parses the file at path. */
LCDEF int lc_config_load(const char *path, const lc_log *log, lc_config **out, lc_error *err);
/* The OCI runtime specification's config.json (1.x), onto the same model;
   lc_bundle_load reads DIR/config.json, its root.path relative to DIR. A
   field the specification defines and this runtime cannot honour is
   refused, naming it. */
LCDEF int lc_config_parse_oci(const char *json, size_t len, const lc_log *log, lc_config **out,
                              lc_error *err);
LCDEF int lc_bundle_load(const char *dir, const lc_log *log, lc_config **out, lc_error *err);
/* Writes cfg as JSON into a new string *out (free with lc_free); len may
   be NULL. */
LCDEF int lc_config_write(const lc_config *cfg, char **out, size_t *len, lc_error *err);
/* Releases cfg and everything it holds; NULL is fine. */
LCDEF void lc_config_free(lc_config *cfg);
/* Checks cfg as a start does first, before anything is made: every rule
   that holds whatever the host. lc_config_parse and lc_config_load check
   what they return. */
LCDEF int lc_config_check(const lc_config *cfg, lc_error *err);
/* Looks up a namespace entry of cfg by CLONE_NEW* type; NULL when absent. */
LCDEF const lc_namespace *lc_config_namespace(const lc_config *cfg, int type);
/* A copy of s, from the library's allocator (NULL for NULL): what a config
   built by hand holds. */
LCDEF char *lc_strdup(const char *s);
/* n bytes from the library's allocator (LIBCONTAINER_MALLOC), for what a
   config built by hand holds. */
LCDEF void *lc_malloc(size_t n);
/* Frees what the library returned or allocated (a string, lc_malloc). */
LCDEF void lc_free(void *p);

/* ---- containers -------------------------------------------------------- */

/* Starts proc as the init of a new container built from cfg on the root
   filesystem rootfs (NULL: cfg->rootfs). Returns once the process has
   exec'd, or with the error of the first step that failed; nothing is left
   behind on failure. Does not copy proc after return. */
LCDEF int lc_container_start(const lc_config *cfg, const char *rootfs, const lc_process *proc,
                             lc_container **out, lc_error *err);
/* Runs proc inside the running container whose init is init_pid: its
   cgroups, every namespace of it, its root, and the identity cfg gives.
   The privileged steps happen before the process enters the container's
   pid namespace; until it execs it runs the caller's binary there, which a
   container process keeping CAP_SYS_PTRACE could open through
   /proc/PID/exe: a program joining such containers should run from a
   sealed copy of itself (lc_reexec_sealed), as nsinit does. */
LCDEF int lc_container_join(const lc_config *cfg, pid_t init_pid, const lc_process *proc,
                            lc_container **out, lc_error *err);
/* The host pid of the started (or joined) process. */
LCDEF pid_t lc_container_pid(const lc_container *c);
/* A pidfd of the process (readable once it has ended), -1 where the kernel
   has none (before 5.3). Owned by c. */
LCDEF int lc_container_pidfd(const lc_container *c);
/* The terminal's master side when cfg->tty is set, else -1. Owned by c. */
LCDEF int lc_container_console(const lc_container *c);
/* Sends sig to the process, through its pidfd where there is one: a pid
   that has been reused is never signalled. */
LCDEF int lc_container_signal(lc_container *c, int sig, lc_error *err);
/* Waits for the process to end; *status as from waitpid. Returns
   -EINTR when a signal interrupted the wait; call again. */
LCDEF int lc_container_wait(lc_container *c, int *status, lc_error *err);
/* Like lc_container_wait without blocking: 1 when it has ended (*status
   set), 0 while it runs. For event loops woken by SIGCHLD. */
LCDEF int lc_container_poll(lc_container *c, int *status, lc_error *err);
/* OOM kills in the container's memory cgroup, read when it ended; -1 when
   unknown. */
LCDEF long long lc_container_oom_kills(const lc_container *c);
/* Kills the process if it still runs, reaps it and releases c; a
   container from lc_state_load is only released. */
LCDEF void lc_container_free(lc_container *c);
/* The exit status a command line reports for a failed start or join: 127
   when the command was not found in the container, 126 when it could not
   be executed, 125 for every other failure. */
LCDEF int lc_error_exit_code(const lc_error *err);
/* Runs the calling program again from a sealed in-memory copy of itself
   (memfd_create, seals, fexecve), so that a container process reaching
   /proc/PID/exe of it finds that copy, never the file on the host. Returns
   0 when the program already runs from such a copy (its seals are read
   with F_GET_SEALS); otherwise it does not return unless it fails. */
LCDEF int lc_reexec_sealed(char *const argv[], char *const envp[], lc_error *err);

/* ---- cgroups ------------------------------------------------------------
   A config with a cgroups object gets a directory in every hierarchy,
   <mount>/<the caller's cgroup>/<parent>/<name> (a unique name when none is
   given), made and filled before the process runs, and removed when it is
   waited for. v1 controllers are driven where they are mounted; a v2 mount
   serves what it has, always freezing and device programs. */

/* A statistic: memory.stat's "cache 4096", blkio's "8:0 Read 4096". */
typedef struct lc_stat {
    char *key;
    unsigned long long value;
} lc_stat;

/* Usage of a running container; -1 where the kernel does not tell. */
typedef struct lc_stats {
    long long memory_usage, memory_max_usage, memory_limit, memory_failcnt;
    long long oom_kills;
    lc_stat *memory_stat;
    size_t memory_stat_len;
    long long cpu_total_ns, cpu_user_ns, cpu_system_ns;
    unsigned long long *cpu_percpu_ns;
    size_t cpu_percpu_len;
    long long cpu_periods, cpu_throttled_periods, cpu_throttled_ns;
    long long pids_current, pids_limit;
    lc_stat *blkio;
    size_t blkio_len;
    int paused;
} lc_stats;

/* Freezes (frozen 1) or thaws (0) the container whose init is init_pid,
   and returns once the kernel reports the new state: cgroup.freeze where
   v2 has the container, else the v1 freezer. */
LCDEF int lc_cgroup_freeze(pid_t init_pid, int frozen, lc_error *err);
/* 1 when the container is frozen, 0 when not, -errno. */
LCDEF int lc_cgroup_frozen(pid_t init_pid);
/* Reads the container's usage into a new *out (free with lc_stats_free). */
LCDEF int lc_cgroup_stats(pid_t init_pid, lc_stats **out, lc_error *err);
/* Releases statistics from lc_cgroup_stats; NULL is fine. */
LCDEF void lc_stats_free(lc_stats *s);

/* ---- lifecycle: the state directory ------------------------------------
   A state directory holds the runtime's own record of a running container,
   state.json: its init (pid, start time, namespaces) and the config it was
   started with. Keep it where no container can write (nsinit uses
   /run/nsinit): a later join or signal trusts nothing else. */

/* Records the started container c and its config cfg in DIR/state.json,
   atomically. */
LCDEF int lc_state_save(const char *dir, const lc_container *c, const lc_config *cfg,
                        lc_error *err);
/* 1 with *out when DIR records a container whose init still runs: the
   same process (start time) in the same namespaces. *out serves to signal
   it and find its pid; lc_container_free releases it and leaves the
   process alone. With cfg non-NULL, *cfg is the config it was started
   with. 0 when there is none, or the record is stale, which is removed. */
LCDEF int lc_state_load(const char *dir, lc_container **out, lc_config **cfg, lc_error *err);
/* Removes DIR/state.json. */
LCDEF int lc_state_remove(const char *dir, lc_error *err);
/* Writes pid as decimal text to path, atomically (a new file beside it,
   then rename), for people and for supervisors that read pid files. */
LCDEF int lc_pid_file_write(const char *path, pid_t pid, lc_error *err);
/* Start time of pid in clock ticks since boot (field 22 of /proc/PID/stat). */
LCDEF int lc_process_start_time(pid_t pid, unsigned long long *ticks, lc_error *err);
/* Sends sig to pid, a container's init. */
LCDEF int lc_kill(pid_t pid, int sig, lc_error *err);
/* Maps a waitpid status to a shell exit code: the status, or 128+signal. */
LCDEF int lc_exit_code(int status);
/* A signal number from a name ("TERM", "SIGTERM", "sigterm", "RTMIN+2",
   "RTMAX-1") or a decimal number; -EINVAL when it is neither. */
LCDEF int lc_signal_from_name(const char *name);

#ifdef __cplusplus
}
#endif
#endif /* LIBCONTAINER_H */
/* ==== implementation ==================================================== */
#if defined(LIBCONTAINER_IMPLEMENTATION) && !defined(LIBCONTAINER_IMPLEMENTATION_ONCE)
#define LIBCONTAINER_IMPLEMENTATION_ONCE

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/wait.h>

#ifndef CLONE_NEWNS
#error                                                                                             \
    "libcontainer.h: define _GNU_SOURCE before the first system header of the implementation file"
#endif

#ifndef LIBCONTAINER_MALLOC
#define LIBCONTAINER_MALLOC(n) malloc(n)
#endif
#ifndef LIBCONTAINER_REALLOC
#define LIBCONTAINER_REALLOC(p, n) realloc(p, n)
#endif
#ifndef LIBCONTAINER_FREE
#define LIBCONTAINER_FREE(p) free(p)
#endif

/* Constants that older libc headers may lack. */
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef MS_PRIVATE
#define MS_PRIVATE (1 << 18)
#endif
#ifndef MS_SLAVE
#define MS_SLAVE (1 << 19)
#endif
#ifndef MS_STRICTATIME
#define MS_STRICTATIME (1 << 24)
#endif
#ifndef MNT_DETACH
#define MNT_DETACH 2
#endif
#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif
#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif
#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif
#ifndef SYS_pivot_root
#define SYS_pivot_root __NR_pivot_root
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_move_mount
#define SYS_move_mount 429
#endif
#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef F_GET_SEALS
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#define F_SEAL_SEAL 0x0001
#define F_SEAL_SHRINK 0x0002
#define F_SEAL_GROW 0x0004
#define F_SEAL_WRITE 0x0008
#endif

/* ==== utilities ========================================================= */

/* Test builds define LIBCONTAINER_TEST_HOOKS: at each named step of a start
   the runtime then stops itself (SIGSTOP) when $LIBCONTAINER_TEST_STOP names
   the step, and fails the step when $LIBCONTAINER_TEST_FAIL does, so that
   tests can kill it or break it anywhere. Other builds have no hooks. */
#ifdef LIBCONTAINER_TEST_HOOKS
static int lc__hook(const char *step)
{
    const char *stop = getenv("LIBCONTAINER_TEST_STOP");
    const char *fail = getenv("LIBCONTAINER_TEST_FAIL");
    if (stop && !strcmp(stop, step))
        raise(SIGSTOP);
    return fail && !strcmp(fail, step) ? -EIO : 0;
}
#define LC__HOOK(step) lc__hook(step)
#else
#define LC__HOOK(step) 0
#endif

/* The namespaces: config name, /proc/PID/ns name, in the order a joining
   process enters them: the user namespace first, so that the others are
   entered with its capabilities, and the mount namespace late, since it
   changes the root. */
static const struct {
    int type;
    const char *name;
    const char *proc;
} lc__namespaces[] = {
    {CLONE_NEWUSER, "NEWUSER", "user"},       {CLONE_NEWIPC, "NEWIPC", "ipc"},
    {CLONE_NEWUTS, "NEWUTS", "uts"},          {CLONE_NEWNET, "NEWNET", "net"},
    {CLONE_NEWPID, "NEWPID", "pid"},          {CLONE_NEWNS, "NEWNS", "mnt"},
    {CLONE_NEWCGROUP, "NEWCGROUP", "cgroup"},
};
#define LC__NS_COUNT (sizeof lc__namespaces / sizeof lc__namespaces[0])

static int lc__fail(lc_error *err, int code, const char *step, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static int lc__fail(lc_error *err, int code, const char *step, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        int n;
        err->code = code;
        snprintf(err->step, sizeof err->step, "%s", step);
        n = snprintf(err->msg, sizeof err->msg, "%s: ", step);
        if (n < 0 || (size_t)n >= sizeof err->msg)
            n = 0;
        char *s;
        va_start(ap, fmt);
        vsnprintf(err->msg + n, sizeof err->msg - (size_t)n, fmt, ap);
        va_end(ap);
        /* one line, whatever a config quoted into it */
        for (s = err->msg; *s; s++)
            if ((unsigned char)*s < 0x20 || *s == 0x7f)
                *s = '?';
    }
    return code > 0 ? -code : -EINVAL;
}

static void lc__logf(const lc_log *log, int level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void lc__logf(const lc_log *log, int level, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    if (!log || !log->fn)
        return;
    char *s;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    for (s = line; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
    log->fn(log->user, level, line);
}

static char *lc__strndup(const char *s, size_t n)
{
    char *p = (char *)LIBCONTAINER_MALLOC(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

LCDEF char *lc_strdup(const char *s)
{
    return s ? lc__strndup(s, strlen(s)) : NULL;
}

LCDEF void lc_free(void *p)
{
    LIBCONTAINER_FREE(p);
}

static void lc__close(int *fd)
{
    if (*fd >= 0) {
        int saved = errno;
        close(*fd);
        errno = saved;
        *fd = -1;
    }
}

/* Closes every fd from 3 up but those of keep (ascending, n of them): in a
   child, what the caller had open must not reach a container. Allocates
   nothing. */
static void lc__close_others(const int *keep, int n)
{
    unsigned from = 3;
    int i, dfd;
    char buf[1024];
    long got;
    for (i = 0; i < n; i++) {
        if (keep[i] < (int)from)
            continue;
        if ((unsigned)keep[i] > from &&
            syscall(SYS_close_range, from, (unsigned)keep[i] - 1, 0U) < 0)
            goto slow;
        from = (unsigned)keep[i] + 1;
    }
    if (syscall(SYS_close_range, from, ~0U, 0U) == 0)
        return;
slow:
    /* before close_range (5.9): every fd /proc/self/fd lists */
    dfd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return;
    while ((got = syscall(SYS_getdents64, dfd, buf, sizeof buf)) > 0) {
        long off = 0;
        while (off < got) {
            /* struct linux_dirent64: ino, off, reclen, type, name */
            unsigned short reclen;
            const char *name = buf + off + 19;
            int fd = 0, k;
            memcpy(&reclen, buf + off + 16, sizeof reclen);
            off += reclen;
            if (*name < '0' || *name > '9')
                continue;
            for (; *name >= '0' && *name <= '9'; name++)
                fd = fd * 10 + (*name - '0');
            for (k = 0; k < n && keep[k] != fd; k++)
                ;
            if (fd >= 3 && fd != dfd && k == n)
                close(fd);
        }
    }
    close(dfd);
}

static int lc__write_all(int fd, const void *buf, size_t len)
{
    const char *p = (const char *)buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Reads up to size-1 bytes of a small file and terminates them. */
static ssize_t lc__read_small(int dirfd, const char *path, char *buf, size_t size)
{
    ssize_t n, total = 0;
    int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return -errno;
    while ((size_t)total < size - 1) {
        n = read(fd, buf + total, size - 1 - (size_t)total);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            total = -errno;
            break;
        }
        if (n == 0)
            break;
        total += n;
    }
    close(fd);
    if (total >= 0)
        buf[total] = '\0';
    return total;
}

/* Reads a whole file of unknown size (procfs reports 0) into a new buffer. */
static int lc__read_alloc(const char *path, char **out, size_t *len)
{
    size_t cap = 8192, n = 0;
    char *buf = (char *)LIBCONTAINER_MALLOC(cap), *nb;
    int fd, rc = 0;
    *out = NULL;
    if (!buf)
        return -ENOMEM;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        rc = -errno;
        goto fail;
    }
    for (;;) {
        ssize_t r;
        if (n + 1 >= cap) {
            nb = (char *)LIBCONTAINER_REALLOC(buf, cap * 2);
            if (!nb) {
                rc = -ENOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = -errno;
            break;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    if (rc < 0)
        goto fail;
    buf[n] = '\0';
    *out = buf;
    if (len)
        *len = n;
    return 0;
fail:
    LIBCONTAINER_FREE(buf);
    return rc;
}

/* Writes a small string to a file that must exist (procfs, cgroupfs). */
static int lc__write_file(const char *path, const char *data, size_t len)
{
    int rc, fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return -errno;
    rc = lc__write_all(fd, data, len);
    close(fd);
    return rc;
}

/* Writes a file atomically: a temporary beside it, then rename. */
static int lc__write_atomic(const char *path, const char *data, size_t len, lc_error *err)
{
    char tmp[PATH_MAX];
    int fd, rc;
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= sizeof tmp)
        return lc__fail(err, ENAMETOOLONG, "state", "%s: path too long", path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0)
        return lc__fail(err, errno, "state", "%s: %s", tmp, strerror(errno));
    rc = lc__write_all(fd, data, len);
    if (close(fd) < 0 && rc == 0)
        rc = -errno;
    if (rc == 0 && rename(tmp, path) < 0)
        rc = -errno;
    if (rc < 0) {
        unlink(tmp);
        return lc__fail(err, -rc, "state", "%s: %s", path, strerror(-rc));
    }
    return 0;
}

/* Milliseconds of the monotonic clock, for deadlines. */
static long long lc__now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Directories a path inside the root may go through. */
#define LC__MAX_DEPTH 128

/* Copies src into a fixed buffer; -ENAMETOOLONG when it does not fit. */
static int lc__copy(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size)
        return -ENAMETOOLONG;
    memcpy(dst, src, n + 1);
    return 0;
}

static int lc__parse_uint(const char *s, const char *end, unsigned long long *out)
{
    unsigned long long v = 0;
    if (s == end)
        return -EINVAL;
    for (; s < end; s++) {
        if (*s < '0' || *s > '9' || v > (ULLONG_MAX - 9) / 10)
            return -EINVAL;
        v = v * 10 + (unsigned long long)(*s - '0');
    }
    *out = v;
    return 0;
}

/* The highest user or group id: 4294967295 is (uid_t)-1, which setresuid
   takes as "unchanged". */
#define LC__MAX_ID 4294967294ULL

/* An id given as digits: 0, or -EINVAL (not digits), -ERANGE (too high). */
static int lc__parse_id(const char *s, unsigned long long *v)
{
    if (lc__parse_uint(s, s + strlen(s), v) < 0)
        return -EINVAL;
    return *v > LC__MAX_ID ? -ERANGE : 0;
}

/* ---- JSON tokenizer ---------------------------------------------------------

   jsmn's design: the caller supplies the token array, nothing is allocated,
   each token records its type, byte span, number of children and parent.
   Strict RFC 8259: exactly one value, whitespace is space/tab/LF/CR,
   strings must be valid UTF-8 with valid escapes (no lone surrogates).
   An object's children are its keys; a key has one child, its value.
   Passing a NULL token array only validates and counts, so the caller can
   size the array exactly. The walk keeps an explicit stack, no recursion. */

/* Tokens in one document; more is an error naming this macro. */
#ifndef LIBCONTAINER_MAX_JSON_TOKENS
#define LIBCONTAINER_MAX_JSON_TOKENS 65536
#endif
/* Nested objects and arrays; deeper is an error naming this macro. */
#ifndef LIBCONTAINER_MAX_JSON_DEPTH
#define LIBCONTAINER_MAX_JSON_DEPTH 256
#endif
/* Bytes of one config (4 MiB); larger is an error naming this macro. */
#ifndef LIBCONTAINER_MAX_CONFIG_SIZE
#define LIBCONTAINER_MAX_CONFIG_SIZE 4194304
#endif

/* Bytes of one string as written, escapes included; longer is an error naming this macro. */
#ifndef LIBCONTAINER_MAX_JSON_STRING
#define LIBCONTAINER_MAX_JSON_STRING 65536
#endif

#define LC__JSON_STR2(x) #x
#define LC__JSON_STR(x) LC__JSON_STR2(x)
/* "LIBCONTAINER_MAX_JSON_DEPTH (256)": a limit error names the macro and its value. */
#define LC__JSON_LIMIT(name) #name " (" LC__JSON_STR(name) ")"

typedef enum lc__json_type {
    LC__JSON_OBJECT = 1,
    LC__JSON_ARRAY = 2,
    LC__JSON_STRING = 3,
    LC__JSON_PRIMITIVE = 4 /* number, true, false or null */
} lc__json_type;

/* Negative results of lc__json_parse. */
enum {
    LC__JSON_ERROR_NOMEM = -1, /* the token array is too small */
    LC__JSON_ERROR_INVAL = -2, /* not valid JSON */
    LC__JSON_ERROR_PART = -3,  /* the input ends inside a value */
    LC__JSON_ERROR_LIMIT = -4  /* a LIBCONTAINER_MAX_JSON_* limit was reached */
};

typedef struct lc__json_tok {
    int type;     /* lc__json_type */
    int size;     /* elements of an array, keys of an object, 1 for a key */
    int parent;   /* index of the parent token, -1 for the top-level value */
    size_t start; /* first byte; for a string the byte after the quote */
    size_t end;   /* one past the last byte; for a string the closing quote */
} lc__json_tok;

/* Where and why parsing failed; msg is a static string. */
typedef struct lc__json_err {
    size_t offset;
    const char *msg;
} lc__json_err;

enum {
    LC__JSON_S_VALUE,       /* a value */
    LC__JSON_S_FIRST_VALUE, /* a value or ']' */
    LC__JSON_S_KEY,         /* a key */
    LC__JSON_S_FIRST_KEY,   /* a key or '}' */
    LC__JSON_S_COLON,       /* ':' */
    LC__JSON_S_NEXT,        /* ',' or the closing bracket */
    LC__JSON_S_DONE         /* only whitespace may follow */
};

typedef struct lc__json_parser {
    const unsigned char *s;
    size_t len;
    size_t pos;
    lc__json_tok *toks; /* NULL: count only */
    int ntoks;
    int count;
    int cur; /* innermost open container (token mode) */
    int key; /* key waiting for its value (token mode) */
    int depth;
    int state;
    lc__json_err *err;
    /* one bit per open container, set for an object; works without tokens */
    unsigned char kinds[(LIBCONTAINER_MAX_JSON_DEPTH + 7) / 8];
} lc__json_parser;

static int lc__json_fail(lc__json_parser *p, int code, size_t offset, const char *msg)
{
    p->err->offset = offset;
    p->err->msg = msg;
    return code;
}

/* Length of the valid UTF-8 sequence at s (1 to 4), 0 when invalid or cut
   short: no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t lc__json_utf8(const unsigned char *s, size_t n)
{
    unsigned char lo = 0x80, hi = 0xBF;
    size_t need, i;

    if (n == 0)
        return 0;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        need = 2;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        need = 3;
        if (s[0] == 0xE0)
            lo = 0xA0;
        else if (s[0] == 0xED)
            hi = 0x9F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        need = 4;
        if (s[0] == 0xF0)
            lo = 0x90;
        else if (s[0] == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (n < need || s[1] < lo || s[1] > hi)
        return 0;
    for (i = 2; i < need; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return need;
}

/* Value of four hex digits at s (n bytes available), -1 when not hex. */
static long lc__json_hex4(const unsigned char *s, size_t n)
{
    long v = 0;
    size_t i;

    if (n < 4)
        return -1;
    for (i = 0; i < 4; i++) {
        unsigned char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

/* Checks the string whose opening quote is at p->pos; *end is the offset
   of its closing quote. */
static int lc__json_scan_string(lc__json_parser *p, size_t *end)
{
    const unsigned char *s = p->s;
    size_t i = p->pos + 1, n;
    long u, lo;

    while (i < p->len) {
        unsigned char c = s[i];
        if (c == '"') {
            if (i - p->pos - 1 > LIBCONTAINER_MAX_JSON_STRING)
                return lc__json_fail(
                    p, LC__JSON_ERROR_LIMIT, p->pos,
                    "a string longer than " LC__JSON_LIMIT(LIBCONTAINER_MAX_JSON_STRING) " bytes");
            *end = i;
            return 0;
        }
        if (c < 0x20)
            return lc__json_fail(p, LC__JSON_ERROR_INVAL, i, "control character in a string");
        if (c >= 0x80) {
            n = lc__json_utf8(s + i, p->len - i);
            if (n == 0)
                return lc__json_fail(p, LC__JSON_ERROR_INVAL, i, "invalid UTF-8 in a string");
            i += n;
            continue;
        }
        if (c != '\\') {
            i++;
            continue;
        }
        if (i + 1 >= p->len)
            break;
        c = s[i + 1];
        if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' ||
            c == 't') {
            i += 2;
            continue;
        }
        if (c != 'u')
            return lc__json_fail(p, LC__JSON_ERROR_INVAL, i, "invalid escape in a string");
        u = lc__json_hex4(s + i + 2, p->len - i - 2);
        if (u < 0)
            return lc__json_fail(p, LC__JSON_ERROR_INVAL, i, "invalid \\u escape in a string");
        if (u >= 0xDC00 && u <= 0xDFFF)
            return lc__json_fail(p, LC__JSON_ERROR_INVAL, i, "lone surrogate in a string");
        if (u >= 0xD800 && u <= 0xDBFF) {
            /* a high surrogate only makes sense followed by a low one */
            if (i + 7 >= p->len || s[i + 6] != '\\' || s[i + 7] != 'u')
                return lc__json_fail(p, LC__JSON_ERROR_INVAL, i, "lone surrogate in a string");
            lo = lc__json_hex4(s + i + 8, p->len - i - 8);
            if (lo < 0xDC00 || lo > 0xDFFF)
                return lc__json_fail(p, LC__JSON_ERROR_INVAL, i, "lone surrogate in a string");
            i += 12;
        } else {
            i += 6;
        }
    }
    return lc__json_fail(p, LC__JSON_ERROR_PART, p->len, "unterminated string");
}

static int lc__json_is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Bytes that may not directly follow a number or a literal. */
static int lc__json_is_word(unsigned char c)
{
    return lc__json_is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
           c == '+' || c == '-' || c == '_' || c >= 0x80;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? starting at p->pos. */
static int lc__json_scan_number(lc__json_parser *p, size_t *end)
{
    const unsigned char *s = p->s;
    size_t i = p->pos, n = p->len;

    if (s[i] == '-')
        i++;
    if (i < n && s[i] == '0') {
        i++;
    } else if (i < n && s[i] >= '1' && s[i] <= '9') {
        while (i < n && lc__json_is_digit(s[i]))
            i++;
    } else {
        return lc__json_fail(p, LC__JSON_ERROR_INVAL, p->pos, "invalid number");
    }
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || !lc__json_is_digit(s[i]))
            return lc__json_fail(p, LC__JSON_ERROR_INVAL, p->pos, "invalid number");
        while (i < n && lc__json_is_digit(s[i]))
            i++;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= n || !lc__json_is_digit(s[i]))
            return lc__json_fail(p, LC__JSON_ERROR_INVAL, p->pos, "invalid number");
        while (i < n && lc__json_is_digit(s[i]))
            i++;
    }
    if (i < n && lc__json_is_word(s[i]))
        return lc__json_fail(p, LC__JSON_ERROR_INVAL, p->pos, "invalid number");
    *end = i;
    return 0;
}

static int lc__json_scan_literal(lc__json_parser *p, size_t *end)
{
    static const char *const words[] = {"true", "false", "null"};
    size_t i, n;

    for (i = 0; i < 3; i++) {
        n = strlen(words[i]);
        if (p->len - p->pos >= n && memcmp(p->s + p->pos, words[i], n) == 0 &&
            (p->pos + n == p->len || !lc__json_is_word(p->s[p->pos + n]))) {
            *end = p->pos + n;
            return 0;
        }
    }
    return lc__json_fail(p, LC__JSON_ERROR_INVAL, p->pos, "invalid literal");
}

static int lc__json_in_object(const lc__json_parser *p)
{
    int d = p->depth - 1;
    return (p->kinds[d / 8] >> (d % 8)) & 1;
}

/* Records a token and links it to its parent; returns its index. */
static int lc__json_add(lc__json_parser *p, int type, size_t start, size_t end, int is_key)
{
    lc__json_tok *t;
    int parent = -1;

    if (p->count >= LIBCONTAINER_MAX_JSON_TOKENS)
        return lc__json_fail(p, LC__JSON_ERROR_LIMIT, start,
                             "more than " LC__JSON_LIMIT(LIBCONTAINER_MAX_JSON_TOKENS) " tokens");
    if (p->toks) {
        if (p->count >= p->ntoks)
            return lc__json_fail(p, LC__JSON_ERROR_NOMEM, start, "not enough tokens");
        if (p->depth > 0) {
            if (is_key || !lc__json_in_object(p)) {
                parent = p->cur;
                p->toks[parent].size++;
            } else {
                parent = p->key;
                p->toks[parent].size = 1;
            }
        }
        t = &p->toks[p->count];
        t->type = type;
        t->size = 0;
        t->parent = parent;
        t->start = start;
        t->end = end;
    }
    return p->count++;
}

/* A value starts at p->pos. */
static int lc__json_value(lc__json_parser *p)
{
    unsigned char c = p->s[p->pos];
    size_t start = p->pos, end = 0;
    int idx, rc, type;

    if (c == '{' || c == '[') {
        if (p->depth >= LIBCONTAINER_MAX_JSON_DEPTH)
            return lc__json_fail(
                p, LC__JSON_ERROR_LIMIT, start,
                "nesting deeper than " LC__JSON_LIMIT(LIBCONTAINER_MAX_JSON_DEPTH));
        idx = lc__json_add(p, c == '{' ? LC__JSON_OBJECT : LC__JSON_ARRAY, start, start + 1, 0);
        if (idx < 0)
            return idx;
        if (c == '{')
            p->kinds[p->depth / 8] |= (unsigned char)(1u << (p->depth % 8));
        else
            p->kinds[p->depth / 8] &= (unsigned char)~(1u << (p->depth % 8));
        p->depth++;
        p->cur = idx;
        p->pos++;
        p->state = c == '{' ? LC__JSON_S_FIRST_KEY : LC__JSON_S_FIRST_VALUE;
        return 0;
    }
    if (c == '"') {
        rc = lc__json_scan_string(p, &end);
        type = LC__JSON_STRING;
        start++;
    } else if (c == '-' || lc__json_is_digit(c)) {
        rc = lc__json_scan_number(p, &end);
        type = LC__JSON_PRIMITIVE;
    } else if (c == 't' || c == 'f' || c == 'n') {
        rc = lc__json_scan_literal(p, &end);
        type = LC__JSON_PRIMITIVE;
    } else {
        return lc__json_fail(p, LC__JSON_ERROR_INVAL, start,
                             p->state == LC__JSON_S_FIRST_VALUE ? "expected a value or ']'"
                                                                : "expected a value");
    }
    if (rc < 0)
        return rc;
    idx = lc__json_add(p, type, start, end, 0);
    if (idx < 0)
        return idx;
    p->pos = type == LC__JSON_STRING ? end + 1 : end;
    p->state = p->depth > 0 ? LC__JSON_S_NEXT : LC__JSON_S_DONE;
    return 0;
}

static int lc__json_key(lc__json_parser *p)
{
    size_t end = 0;
    int idx, rc;

    if (p->s[p->pos] != '"')
        return lc__json_fail(p, LC__JSON_ERROR_INVAL, p->pos,
                             p->state == LC__JSON_S_FIRST_KEY ? "expected a string key or '}'"
                                                              : "expected a string key");
    rc = lc__json_scan_string(p, &end);
    if (rc < 0)
        return rc;
    idx = lc__json_add(p, LC__JSON_STRING, p->pos + 1, end, 1);
    if (idx < 0)
        return idx;
    p->key = idx;
    p->pos = end + 1;
    p->state = LC__JSON_S_COLON;
    return 0;
}

/* Closes the innermost container at p->pos. */
static void lc__json_close(lc__json_parser *p)
{
    int parent;

    if (p->toks) {
        p->toks[p->cur].end = p->pos + 1;
        parent = p->toks[p->cur].parent;
        /* a container inside an object hangs off its key */
        if (parent >= 0 && p->toks[parent].type == LC__JSON_STRING)
            parent = p->toks[parent].parent;
        p->cur = parent;
    }
    p->depth--;
    p->pos++;
    p->state = p->depth > 0 ? LC__JSON_S_NEXT : LC__JSON_S_DONE;
}

/* Tokenizes js[0..len) into toks[0..ntoks), or only counts when toks is
   NULL. Returns the number of tokens, or a negative LC__JSON_ERROR_* with
   err (if non-NULL) naming the byte offset and the reason. */
static int lc__json_parse(const char *js, size_t len, lc__json_tok *toks, int ntoks,
                          lc__json_err *err)
{
    lc__json_parser p;
    lc__json_err scratch;
    unsigned char c;
    int rc;

    memset(&p, 0, sizeof p);
    p.s = (const unsigned char *)js;
    p.len = js ? len : 0;
    p.toks = toks;
    p.ntoks = ntoks;
    p.cur = -1;
    p.key = -1;
    p.state = LC__JSON_S_VALUE;
    p.err = err ? err : &scratch;
    p.err->offset = 0;
    p.err->msg = NULL;

    for (;;) {
        while (p.pos < p.len && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t' || p.s[p.pos] == '\n' ||
                                 p.s[p.pos] == '\r'))
            p.pos++;
        if (p.pos == p.len) {
            if (p.state == LC__JSON_S_DONE)
                return p.count;
            return lc__json_fail(&p, LC__JSON_ERROR_PART, p.len, "unexpected end of input");
        }
        c = p.s[p.pos];
        rc = 0;
        switch (p.state) {
        case LC__JSON_S_DONE:
            return lc__json_fail(&p, LC__JSON_ERROR_INVAL, p.pos,
                                 "unexpected data after the top-level value");
        case LC__JSON_S_COLON:
            if (c != ':')
                return lc__json_fail(&p, LC__JSON_ERROR_INVAL, p.pos, "expected ':'");
            p.pos++;
            p.state = LC__JSON_S_VALUE;
            break;
        case LC__JSON_S_NEXT:
            if (c == ',') {
                p.pos++;
                p.state = lc__json_in_object(&p) ? LC__JSON_S_KEY : LC__JSON_S_VALUE;
            } else if (c == (lc__json_in_object(&p) ? '}' : ']')) {
                lc__json_close(&p);
            } else {
                return lc__json_fail(&p, LC__JSON_ERROR_INVAL, p.pos,
                                     lc__json_in_object(&p) ? "expected ',' or '}'"
                                                            : "expected ',' or ']'");
            }
            break;
        case LC__JSON_S_FIRST_KEY:
        case LC__JSON_S_KEY:
            if (c == '}' && p.state == LC__JSON_S_FIRST_KEY)
                lc__json_close(&p);
            else
                rc = lc__json_key(&p);
            break;
        default: /* LC__JSON_S_VALUE, LC__JSON_S_FIRST_VALUE */
            if (c == ']' && p.state == LC__JSON_S_FIRST_VALUE)
                lc__json_close(&p);
            else
                rc = lc__json_value(&p);
            break;
        }
        if (rc < 0)
            return rc;
    }
}

/* Index of the token after token i and everything below it. */
static int lc__json_skip(const lc__json_tok *t, int i)
{
    int pending = 1;

    while (pending > 0) {
        pending += t[i].size - 1;
        i++;
    }
    return i;
}

static size_t lc__json_put_utf8(char *dst, unsigned long cp)
{
    if (cp < 0x80) {
        dst[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        dst[0] = (char)(0xC0 | (cp >> 6));
        dst[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        dst[0] = (char)(0xE0 | (cp >> 12));
        dst[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        dst[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    dst[0] = (char)(0xF0 | (cp >> 18));
    dst[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    dst[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    dst[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the body s[0..n) of a string the tokenizer accepted into dst,
   which needs n bytes (decoding never grows); returns the decoded length. */
static size_t lc__json_unescape(const char *s, size_t n, char *dst)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, o = 0;
    unsigned long cp, lo;

    while (i < n) {
        if (u[i] != '\\') {
            dst[o++] = s[i++];
            continue;
        }
        switch (u[i + 1]) {
        case 'b':
            dst[o++] = '\b';
            break;
        case 'f':
            dst[o++] = '\f';
            break;
        case 'n':
            dst[o++] = '\n';
            break;
        case 'r':
            dst[o++] = '\r';
            break;
        case 't':
            dst[o++] = '\t';
            break;
        case 'u':
            cp = (unsigned long)lc__json_hex4(u + i + 2, 4);
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                lo = (unsigned long)lc__json_hex4(u + i + 8, 4);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            }
            o += lc__json_put_utf8(dst + o, cp);
            i += 4;
            break;
        default:
            dst[o++] = s[i + 1];
            break; /* " \ / */
        }
        i += 2;
    }
    return o;
}

/* A key of an object, decoded when it has escapes, for the duplicate check. */
struct lc__json_key {
    const char *s;
    size_t len;
    int tok;
};

static int lc__json_key_cmp(const void *a, const void *b)
{
    const struct lc__json_key *x = (const struct lc__json_key *)a;
    const struct lc__json_key *y = (const struct lc__json_key *)b;
    int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->tok < y->tok ? -1 : x->tok > y->tok;
}

/* Finds an object with two members of one key (compared decoded, so "a"
   and "\u0061" are one): a validator would read one of them and the
   runtime the other. *dup is the second key's token, or -1. Returns 0, or
   -ENOMEM. */
static int lc__json_dup_key(const char *js, const lc__json_tok *t, int n, int *dup)
{
    struct lc__json_key *keys = NULL;
    char *scratch = NULL;
    size_t most = 0, room = 0, i;
    int o, k, left, rc = 0;
    *dup = -1;
    for (o = 0; o < n; o++)
        if (t[o].type == LC__JSON_OBJECT && (size_t)t[o].size > most)
            most = (size_t)t[o].size;
    if (most < 2)
        return 0;
    keys = (struct lc__json_key *)LIBCONTAINER_MALLOC(most * sizeof *keys);
    if (!keys)
        return -ENOMEM;
    for (o = 0; o < n && *dup < 0; o++) {
        size_t need = 0, used = 0, m = 0;
        if (t[o].type != LC__JSON_OBJECT || t[o].size < 2)
            continue;
        /* room to decode the keys that have escapes (decoding never grows) */
        for (k = o + 1, left = t[o].size; left > 0; left--, k = lc__json_skip(t, k))
            if (memchr(js + t[k].start, '\\', t[k].end - t[k].start))
                need += t[k].end - t[k].start;
        if (need > room) {
            LIBCONTAINER_FREE(scratch);
            scratch = (char *)LIBCONTAINER_MALLOC(need);
            room = scratch ? need : 0;
            if (!scratch) {
                rc = -ENOMEM;
                break;
            }
        }
        for (k = o + 1, left = t[o].size; left > 0; left--, k = lc__json_skip(t, k), m++) {
            const char *ks = js + t[k].start;
            size_t kl = t[k].end - t[k].start;
            keys[m].tok = k;
            if (memchr(ks, '\\', kl)) {
                keys[m].s = scratch + used;
                keys[m].len = lc__json_unescape(ks, kl, scratch + used);
                used += keys[m].len;
            } else {
                keys[m].s = ks;
                keys[m].len = kl;
            }
        }
        qsort(keys, m, sizeof *keys, lc__json_key_cmp);
        /* the first repeat in the document's order */
        for (i = 1; i < m; i++)
            if (keys[i].len == keys[i - 1].len && !memcmp(keys[i].s, keys[i - 1].s, keys[i].len) &&
                (*dup < 0 || keys[i].tok < *dup))
                *dup = keys[i].tok;
    }
    LIBCONTAINER_FREE(scratch);
    LIBCONTAINER_FREE(keys);
    return rc;
}

/* The dotted path of token k ("mount_config.mounts[2].type"), cut to fit. */
static void lc__json_path(const char *js, const lc__json_tok *t, int k, char *buf, size_t size)
{
    int chain[LIBCONTAINER_MAX_JSON_DEPTH * 2 + 2], n = 0, x;
    size_t len = 0;
    for (x = k; x > 0 && n < (int)(sizeof chain / sizeof chain[0]); x = t[x].parent)
        if (t[t[x].parent].type != LC__JSON_STRING)
            chain[n++] = x; /* a key, or an element of an array */
    buf[0] = '\0';
    while (n-- > 0 && len + 1 < size) {
        int w, p = t[chain[n]].parent, i = 0, e;
        if (t[p].type == LC__JSON_ARRAY) {
            for (e = p + 1; e != chain[n]; e = lc__json_skip(t, e))
                i++;
            w = snprintf(buf + len, size - len, "[%d]", i);
        } else {
            w = snprintf(buf + len, size - len, "%s%.*s", len ? "." : "",
                         (int)(t[chain[n]].end - t[chain[n]].start), js + t[chain[n]].start);
        }
        if (w < 0 || (size_t)w >= size - len)
            break;
        len += (size_t)w;
    }
}

/* 1-based line and column (in characters) of byte offset off. */
static void lc__json_position(const char *js, size_t off, unsigned long *line, unsigned long *col)
{
    size_t i;

    *line = 1;
    *col = 1;
    for (i = 0; i < off; i++) {
        if (js[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)js[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

/* ---- config: one table per struct, one walker ------------------------------

   JSON <-> lc_config. Each struct of the model has one table of its keys,
   sorted by key, the order the writer keeps (the layout of the 2014 sample
   configs): the key, where the field is, its kind, its range, and for a
   nested object or an array the table of the struct below. One walker parses
   by the tables, one writes, one frees. The few keys that need code (the 2014
   device type stored as its ASCII code, "true" strings in context, the
   seccomp names, the two forms of namespaces, signal and rlimit names) have a
   hook. The OCI config.json has tables of its own over the same model.

   The parser checks JSON types and ranges, and that required keys are there;
   every other rule is lc_config_check's, called at the end. The walk keeps
   the dotted path of the current key for messages
   ("mount_config.mounts[2].destination: expected a string"). Everything goes
   straight into the lc_config, so on error lc_config_free releases what was
   built. */

typedef struct lc__cfg_ctx {
    const char *js;
    const lc__json_tok *t;
    const char *name; /* file name for messages, or NULL */
    const lc_log *log;
    lc_error *err;
    size_t plen;
    char path[512]; /* dotted path of the current key */
} lc__cfg_ctx;

/* The writer: pretty JSON with 4-space indents. Errors are sticky; checked
   once at the end. */
typedef struct lc__cfg_out {
    char *buf;
    size_t len;
    size_t cap;
    int depth;
    int first;       /* nothing written yet in the open container */
    int rc;          /* first error, 0 when none */
    const char *why; /* its reason */
} lc__cfg_out;

/* What a row of a table holds. */
enum {
    LC__K_STR = 1, /* char *; null unsets it */
    LC__K_BOOL,    /* int, 0 or 1; null is false */
    LC__K_INT,     /* int in [lo, hi]; null is 0 */
    LC__K_LL,      /* long long in [lo, hi]; null is 0 */
    LC__K_U32,     /* unsigned int in [lo, hi] */
    LC__K_U64,     /* unsigned long long; with LC__F_MINUS1, -1 is ~0 (unlimited) */
    LC__K_INTP,    /* int * in [lo, hi]: NULL unset, so that 0 can be a value */
    LC__K_STRV,    /* char ** NULL-terminated, its count at len_off */
    LC__K_OBJ,     /* an object whose keys are fields of this same struct (sub) */
    LC__K_PTR,     /* an object: a struct of sub's, allocated when it is there */
    LC__K_ARRAY,   /* an array of objects: sub->size each, the count at len_off */
    LC__K_MAP,     /* an object of strings (numbers as their text): lc_sysctl
                      pairs, the count at len_off */
    LC__K_HOOK     /* code: hook */
};

enum {
    LC__F_REQUIRED = 1, /* an object without it, or with it null, is an error */
    LC__F_ALIAS = 2,    /* another spelling of a field a row elsewhere names: read only */
    LC__F_ALWAYS = 4,   /* written even when 0 or false */
    LC__F_MINUS1 = 8,   /* U64: -1 reads and writes as ~0 */
    LC__F_NUMBERS = 16  /* STRV: numbers are taken too, kept as their decimal text */
};

/* A key that needs code. field is where the row's offset points; base is
   the struct. set says whether the writer writes anything (for the
   emptiness of the object around it); NULL: it always does. */
typedef struct lc__code {
    int (*parse)(lc__cfg_ctx *c, int v, void *field, void *base);
    void (*write)(lc__cfg_out *w, const char *key, const void *field, const void *base);
    void (*release)(void *field, void *base);
    int (*set)(const void *field, const void *base);
} lc__code;

typedef struct lc__schema lc__schema;

typedef struct lc__row {
    const char *key;
    unsigned char kind;
    unsigned char flags;
    size_t off;
    size_t len_off;
    long long lo, hi;
    const lc__schema *sub;
    const lc__code *hook;
} lc__row;

/* A struct's table. init prepares a new one before its keys are read (a
   value that is not 0 by default); done completes it after. */
struct lc__schema {
    const lc__row *f;
    size_t n;
    size_t size;
    void (*init)(void *base);
    void (*done)(void *base);
};

/* Rows, by kind: the struct T, the JSON key, the field, the flags. */
#define LC__ROW(T, key, kind, fl, field, len, lo, hi, sub, hook)                                   \
    {                                                                                              \
        key, kind, fl, offsetof(T, field), len, lo, hi, sub, hook                                  \
    }
#define LC__STR(T, key, field, fl) LC__ROW(T, key, LC__K_STR, fl, field, 0, 0, 0, NULL, NULL)
#define LC__BOOL(T, key, field, fl) LC__ROW(T, key, LC__K_BOOL, fl, field, 0, 0, 1, NULL, NULL)
#define LC__INT(T, key, field, lo, hi, fl)                                                         \
    LC__ROW(T, key, LC__K_INT, fl, field, 0, lo, hi, NULL, NULL)
#define LC__LL(T, key, field, lo, hi, fl)                                                          \
    LC__ROW(T, key, LC__K_LL, fl, field, 0, lo, hi, NULL, NULL)
#define LC__U32(T, key, field, lo, hi, fl)                                                         \
    LC__ROW(T, key, LC__K_U32, fl, field, 0, lo, hi, NULL, NULL)
#define LC__U64(T, key, field, fl) LC__ROW(T, key, LC__K_U64, fl, field, 0, 0, 0, NULL, NULL)
#define LC__INTP(T, key, field, lo, hi, fl)                                                        \
    LC__ROW(T, key, LC__K_INTP, fl, field, 0, lo, hi, NULL, NULL)
#define LC__STRV(T, key, field, fl)                                                                \
    LC__ROW(T, key, LC__K_STRV, fl, field, offsetof(T, field##_len), 0, 0, NULL, NULL)
#define LC__OBJ(T, key, sub)                                                                       \
    {                                                                                              \
        key, LC__K_OBJ, 0, 0, 0, 0, 0, sub, NULL                                                   \
    }
#define LC__PTR(T, key, field, sub) LC__ROW(T, key, LC__K_PTR, 0, field, 0, 0, 0, sub, NULL)
#define LC__ARRAY(T, key, field, sub, fl)                                                          \
    LC__ROW(T, key, LC__K_ARRAY, fl, field, offsetof(T, field##_len), 0, 0, sub, NULL)
#define LC__MAP(T, key, field, fl)                                                                 \
    LC__ROW(T, key, LC__K_MAP, fl, field, offsetof(T, field##_len), 0, 0, NULL, NULL)
#define LC__CODE(T, key, field, hook, fl)                                                          \
    LC__ROW(T, key, LC__K_HOOK, fl, field, 0, 0, 0, NULL, hook)
#define LC__SCHEMA(T, rows, init, done)                                                            \
    {                                                                                              \
        rows, sizeof rows / sizeof rows[0], sizeof(T), init, done                                  \
    }

static void *lc__cfg_zalloc(size_t n, size_t size)
{
    void *p;

    if (n == 0)
        n = 1;
    if (n > (size_t)-1 / size)
        return NULL;
    p = LIBCONTAINER_MALLOC(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

LCDEF void *lc_malloc(size_t n)
{
    return LIBCONTAINER_MALLOC(n);
}

static void lc__cfg_free_strv(char **v, size_t n)
{
    size_t i;

    if (!v)
        return;
    for (i = 0; i < n; i++)
        LIBCONTAINER_FREE(v[i]);
    LIBCONTAINER_FREE(v);
}

/* Fails with "path.key: msg", after the file name when there is one. */
static int lc__cfg_fail(lc__cfg_ctx *c, const char *key, const char *msg)
{
    return lc__fail(c->err, EINVAL, "config", "%s%s%s%s%s%s%s", c->name ? c->name : "",
                    c->name ? ": " : "", c->path, key && c->plen ? "." : "", key ? key : "",
                    c->plen || key ? ": " : "", msg);
}

static int lc__cfg_oom(lc__cfg_ctx *c)
{
    return lc__fail(c->err, ENOMEM, "config", "out of memory");
}

/* Appends ".key" (or "[i]" when key is NULL) to the path; returns the old
   length for lc__cfg_leave. Over-long paths are cut, never overflowed. */
static size_t lc__cfg_enter(lc__cfg_ctx *c, const char *key, size_t klen, size_t index)
{
    size_t old = c->plen, room = sizeof c->path - c->plen;
    int n;

    if (key) {
        if (c->plen && room > 1) {
            c->path[c->plen++] = '.';
            room--;
        }
        if (klen >= room)
            klen = room - 1;
        memcpy(c->path + c->plen, key, klen);
        c->plen += klen;
        c->path[c->plen] = '\0';
    } else {
        n = snprintf(c->path + c->plen, room, "[%lu]", (unsigned long)index);
        if (n > 0)
            c->plen += (size_t)n < room ? (size_t)n : room - 1;
    }
    return old;
}

static void lc__cfg_leave(lc__cfg_ctx *c, size_t old)
{
    c->plen = old;
    c->path[old] = '\0';
}

/* Enters object key k: decodes it into key (empty when it cannot be a
   known key) and appends its text to the path. */
static size_t lc__cfg_enter_key(lc__cfg_ctx *c, int k, char *key, size_t size)
{
    const lc__json_tok *t = &c->t[k];
    size_t n = t->end - t->start;

    key[0] = '\0';
    if (n < size) {
        n = lc__json_unescape(c->js + t->start, n, key);
        key[n] = '\0';
        if (memchr(key, '\0', n))
            key[0] = '\0';
    }
    return lc__cfg_enter(c, c->js + t->start, t->end - t->start, 0);
}

static void lc__cfg_unknown(lc__cfg_ctx *c)
{
    lc__logf(c->log, LIBCONTAINER_LOG_WARN, "config: %s%sunknown key %s ignored",
             c->name ? c->name : "", c->name ? ": " : "", c->path);
}

static int lc__cfg_is_null(const lc__cfg_ctx *c, int v)
{
    return c->t[v].type == LC__JSON_PRIMITIVE && c->js[c->t[v].start] == 'n';
}

/* Copies string token v into *dst (replacing what was there). */
static int lc__cfg_dup(lc__cfg_ctx *c, int v, char **dst)
{
    const lc__json_tok *t = &c->t[v];
    size_t n;
    char *s;

    if (t->type != LC__JSON_STRING)
        return lc__cfg_fail(c, NULL, "expected a string");
    s = (char *)LIBCONTAINER_MALLOC(t->end - t->start + 1);
    if (!s)
        return lc__cfg_oom(c);
    n = lc__json_unescape(c->js + t->start, t->end - t->start, s);
    s[n] = '\0';
    if (memchr(s, '\0', n)) {
        LIBCONTAINER_FREE(s);
        return lc__cfg_fail(c, NULL, "contains a NUL byte");
    }
    LIBCONTAINER_FREE(*dst);
    *dst = s;
    return 0;
}

/* An optional string: null unsets it. */
static int lc__cfg_str(lc__cfg_ctx *c, int v, char **dst)
{
    if (lc__cfg_is_null(c, v)) {
        LIBCONTAINER_FREE(*dst);
        *dst = NULL;
        return 0;
    }
    return lc__cfg_dup(c, v, dst);
}

static int lc__cfg_bool(lc__cfg_ctx *c, int v, int *dst)
{
    const lc__json_tok *t = &c->t[v];
    char ch = c->js[t->start];

    if (t->type != LC__JSON_PRIMITIVE || (ch != 't' && ch != 'f' && ch != 'n'))
        return lc__cfg_fail(c, NULL, "expected a boolean");
    *dst = ch == 't';
    return 0;
}

/* Whether token v is a number, as JSON writes one. */
static int lc__cfg_is_number(const lc__cfg_ctx *c, int v)
{
    const lc__json_tok *t = &c->t[v];
    return t->type == LC__JSON_PRIMITIVE &&
           (c->js[t->start] == '-' || lc__json_is_digit((unsigned char)c->js[t->start]));
}

/* An integer in [lo, hi]; fractions and exponents are refused rather than
   rounded, so a typo cannot silently change a limit. null gives unset. */
static int lc__cfg_int(lc__cfg_ctx *c, int v, long long lo, long long hi, long long unset,
                       long long *dst)
{
    const lc__json_tok *t = &c->t[v];
    const char *s = c->js + t->start, *e = c->js + t->end, *q;
    unsigned long long acc = 0, lim = (unsigned long long)LLONG_MAX;
    unsigned d;
    long long val;
    int neg = 0;

    if (lc__cfg_is_null(c, v)) {
        *dst = unset;
        return 0;
    }
    if (!lc__cfg_is_number(c, v))
        return lc__cfg_fail(c, NULL, "expected an integer");
    if (*s == '-') {
        neg = 1;
        lim++;
        s++;
    }
    for (q = s; q < e; q++)
        if (!lc__json_is_digit((unsigned char)*q))
            return lc__cfg_fail(c, NULL, "expected an integer");
    for (; s < e; s++) {
        d = (unsigned)(*s - '0');
        if (acc > (lim - d) / 10)
            return lc__cfg_fail(c, NULL, "out of range");
        acc = acc * 10 + d;
    }
    if (neg)
        val = acc > (unsigned long long)LLONG_MAX ? LLONG_MIN : -(long long)acc;
    else
        val = (long long)acc;
    if (val < lo || val > hi)
        return lc__cfg_fail(c, NULL, "out of range");
    *dst = val;
    return 0;
}

/* An unsigned 64-bit integer; with minus_one, -1 gives ~0ULL. null gives 0. */
static int lc__cfg_u64(lc__cfg_ctx *c, int v, int minus_one, unsigned long long *dst)
{
    const lc__json_tok *t = &c->t[v];
    const char *s = c->js + t->start, *e = c->js + t->end, *q;
    unsigned long long acc = 0;
    unsigned d;

    if (lc__cfg_is_null(c, v)) {
        *dst = 0;
        return 0;
    }
    if (!lc__cfg_is_number(c, v))
        return lc__cfg_fail(c, NULL, "expected an integer");
    for (q = *s == '-' ? s + 1 : s; q < e; q++)
        if (!lc__json_is_digit((unsigned char)*q))
            return lc__cfg_fail(c, NULL, "expected an integer");
    if (*s == '-') {
        if (minus_one && e - s == 2 && s[1] == '1') {
            *dst = ~0ULL;
            return 0;
        }
        if (e - s == 2 && s[1] == '0') {
            *dst = 0;
            return 0;
        }
        return lc__cfg_fail(c, NULL, "out of range");
    }
    for (; s < e; s++) {
        d = (unsigned)(*s - '0');
        if (acc > (~0ULL - d) / 10)
            return lc__cfg_fail(c, NULL, "out of range");
        acc = acc * 10 + d;
    }
    *dst = acc;
    return 0;
}

/* An array of strings, NULL-terminated; with numbers, a number is taken
   too, as its decimal text (a gid in additional_groups). null unsets it. */
static int lc__cfg_strv(lc__cfg_ctx *c, int v, int numbers, char ***dst, size_t *len)
{
    const lc__json_tok *t = c->t;
    size_t i, n, mark;
    char **list;
    int e, rc = 0;

    lc__cfg_free_strv(*dst, *len);
    *dst = NULL;
    *len = 0;
    if (lc__cfg_is_null(c, v))
        return 0;
    if (t[v].type != LC__JSON_ARRAY)
        return lc__cfg_fail(c, NULL, "expected an array");
    n = (size_t)t[v].size;
    list = (char **)lc__cfg_zalloc(n + 1, sizeof *list);
    if (!list)
        return lc__cfg_oom(c);
    *dst = list;
    *len = n;
    for (i = 0, e = v + 1; i < n && rc == 0; i++, e = lc__json_skip(t, e)) {
        mark = lc__cfg_enter(c, NULL, 0, i);
        if (numbers && lc__cfg_is_number(c, e)) {
            char num[24];
            long long x = 0;
            if ((rc = lc__cfg_int(c, e, 0, (long long)LC__MAX_ID, 0, &x)) == 0) {
                snprintf(num, sizeof num, "%lld", x);
                if (!(list[i] = lc_strdup(num)))
                    rc = lc__cfg_oom(c);
            }
        } else if (numbers && t[e].type != LC__JSON_STRING) {
            rc = lc__cfg_fail(c, NULL, "expected a string or a number");
        } else {
            rc = lc__cfg_dup(c, e, &list[i]);
        }
        if (rc == 0)
            lc__cfg_leave(c, mark);
    }
    return rc;
}

/* ---- the walker ---- */

static int lc__cfg_fields(lc__cfg_ctx *c, int v, const lc__schema *s, void *base);
static void lc__cfg_release(const lc__schema *s, void *base);

/* A new struct of s, prepared. */
static void *lc__cfg_new(const lc__schema *s)
{
    void *p = lc__cfg_zalloc(1, s->size);
    if (p && s->init)
        s->init(p);
    return p;
}

/* Frees the pairs of a map field. */
static void lc__cfg_map_free(lc_sysctl **map, size_t *len)
{
    size_t i;
    for (i = 0; *map && i < *len; i++) {
        LIBCONTAINER_FREE((*map)[i].key);
        LIBCONTAINER_FREE((*map)[i].value);
    }
    LIBCONTAINER_FREE(*map);
    *map = NULL;
    *len = 0;
}

/* An object of strings into the pairs of f ({"net.ipv4.ip_forward": "1"}),
   in the order given; a number is kept as its text. */
static int lc__cfg_map(lc__cfg_ctx *c, int v, const lc__row *f, void *base)
{
    lc_sysctl **map = (lc_sysctl **)(void *)((char *)base + f->off), *e;
    size_t *len = (size_t *)(void *)((char *)base + f->len_off), n, mark;
    const lc__json_tok *t;
    char key[8];
    int k, left, rc;

    lc__cfg_map_free(map, len);
    if (lc__cfg_is_null(c, v))
        return 0;
    if (c->t[v].type != LC__JSON_OBJECT)
        return lc__cfg_fail(c, NULL, "expected an object");
    n = (size_t)c->t[v].size;
    if (n == 0)
        return 0;
    if (!(*map = (lc_sysctl *)lc__cfg_zalloc(n, sizeof **map)))
        return lc__cfg_oom(c);
    for (k = v + 1, left = c->t[v].size; left > 0; left--, k = lc__json_skip(c->t, k)) {
        if (c->t[k].end == c->t[k].start)
            return lc__cfg_fail(c, NULL, "an empty key");
        mark = lc__cfg_enter_key(c, k, key, sizeof key);
        e = &(*map)[(*len)++];
        if ((rc = lc__cfg_dup(c, k, &e->key)) < 0)
            return rc;
        t = &c->t[k + 1];
        if (lc__cfg_is_number(c, k + 1)) {
            if (!(e->value = lc__strndup(c->js + t->start, t->end - t->start)))
                return lc__cfg_oom(c);
        } else if (t->type == LC__JSON_STRING) {
            if ((rc = lc__cfg_dup(c, k + 1, &e->value)) < 0)
                return rc;
        } else {
            return lc__cfg_fail(c, NULL, "expected a string or a number");
        }
        lc__cfg_leave(c, mark);
    }
    return 0;
}

/* An array of objects into the field of f: each element a struct of f->sub. */
static int lc__cfg_list(lc__cfg_ctx *c, int v, const lc__row *f, void *base)
{
    char **dst = (char **)((char *)base + f->off);
    size_t *len = (size_t *)((char *)base + f->len_off), i, n, mark;
    int e, rc;

    if (*dst) {
        for (i = 0; i < *len; i++)
            lc__cfg_release(f->sub, *dst + i * f->sub->size);
        LIBCONTAINER_FREE(*dst);
    }
    *dst = NULL;
    *len = 0;
    if (lc__cfg_is_null(c, v))
        return 0;
    if (c->t[v].type != LC__JSON_ARRAY)
        return lc__cfg_fail(c, NULL, "expected an array");
    n = (size_t)c->t[v].size;
    if (n == 0)
        return 0;
    *dst = (char *)lc__cfg_zalloc(n, f->sub->size);
    if (!*dst)
        return lc__cfg_oom(c);
    *len = n;
    for (i = 0, e = v + 1; i < n; i++, e = lc__json_skip(c->t, e)) {
        char *elem = *dst + i * f->sub->size;
        if (f->sub->init)
            f->sub->init(elem);
        mark = lc__cfg_enter(c, NULL, 0, i);
        if ((rc = lc__cfg_fields(c, e, f->sub, elem)) < 0)
            return rc;
        lc__cfg_leave(c, mark);
    }
    return 0;
}

/* The value token v of row f into the struct at base. */
static int lc__cfg_field(lc__cfg_ctx *c, int v, const lc__row *f, void *base)
{
    char *p = (char *)base + f->off;
    long long x = 0;
    int rc = 0;

    switch (f->kind) {
    case LC__K_STR:
        return lc__cfg_str(c, v, (char **)(void *)p);
    case LC__K_BOOL:
        return lc__cfg_bool(c, v, (int *)(void *)p);
    case LC__K_INT:
        if ((rc = lc__cfg_int(c, v, f->lo, f->hi, 0, &x)) == 0)
            *(int *)(void *)p = (int)x;
        return rc;
    case LC__K_LL:
        return lc__cfg_int(c, v, f->lo, f->hi, 0, (long long *)(void *)p);
    case LC__K_U32:
        if ((rc = lc__cfg_int(c, v, f->lo, f->hi, 0, &x)) == 0)
            *(unsigned int *)(void *)p = (unsigned int)x;
        return rc;
    case LC__K_U64:
        return lc__cfg_u64(c, v, (f->flags & LC__F_MINUS1) != 0, (unsigned long long *)(void *)p);
    case LC__K_INTP: {
        int **ip = (int **)(void *)p;
        LIBCONTAINER_FREE(*ip);
        *ip = NULL;
        if (lc__cfg_is_null(c, v))
            return 0;
        if ((rc = lc__cfg_int(c, v, f->lo, f->hi, 0, &x)) < 0)
            return rc;
        if (!(*ip = (int *)LIBCONTAINER_MALLOC(sizeof **ip)))
            return lc__cfg_oom(c);
        **ip = (int)x;
        return 0;
    }
    case LC__K_STRV:
        return lc__cfg_strv(c, v, (f->flags & LC__F_NUMBERS) != 0, (char ***)(void *)p,
                            (size_t *)(void *)((char *)base + f->len_off));
    case LC__K_OBJ:
        return lc__cfg_is_null(c, v) ? 0 : lc__cfg_fields(c, v, f->sub, base);
    case LC__K_PTR: {
        void **pp = (void **)(void *)p;
        if (lc__cfg_is_null(c, v)) {
            if (*pp)
                lc__cfg_release(f->sub, *pp);
            LIBCONTAINER_FREE(*pp);
            *pp = NULL;
            return 0;
        }
        if (c->t[v].type != LC__JSON_OBJECT)
            return lc__cfg_fail(c, NULL, "expected an object");
        if (!*pp && !(*pp = lc__cfg_new(f->sub)))
            return lc__cfg_oom(c);
        return lc__cfg_fields(c, v, f->sub, *pp);
    }
    case LC__K_ARRAY:
        return lc__cfg_list(c, v, f, base);
    case LC__K_MAP:
        return lc__cfg_map(c, v, f, base);
    default:
        return f->hook->parse(c, v, p, base);
    }
}

/* The object token v into the struct at base, by the table s. */
static int lc__cfg_fields(lc__cfg_ctx *c, int v, const lc__schema *s, void *base)
{
    char key[64];
    unsigned long long seen = 0;
    size_t mark, i;
    int k, left, rc;

    if (c->t[v].type != LC__JSON_OBJECT)
        return lc__cfg_fail(c, NULL, "expected an object");
    for (k = v + 1, left = c->t[v].size; left > 0; left--, k = lc__json_skip(c->t, k)) {
        mark = lc__cfg_enter_key(c, k, key, sizeof key);
        for (i = 0; i < s->n && strcmp(key, s->f[i].key) != 0; i++)
            ;
        if (i == s->n) {
            lc__cfg_unknown(c);
        } else {
            if ((rc = lc__cfg_field(c, k + 1, &s->f[i], base)) < 0)
                return rc;
            if (!lc__cfg_is_null(c, k + 1))
                seen |= 1ULL << i;
        }
        lc__cfg_leave(c, mark);
    }
    for (i = 0; i < s->n; i++)
        if ((s->f[i].flags & LC__F_REQUIRED) && !(seen & (1ULL << i)))
            return lc__cfg_fail(c, s->f[i].key, "required");
    if (s->done)
        s->done(base);
    return 0;
}

/* Frees what the struct at base holds, by its table (not the struct). */
static void lc__cfg_release(const lc__schema *s, void *base)
{
    size_t i, j;

    for (i = 0; i < s->n; i++) {
        const lc__row *f = &s->f[i];
        char *p = (char *)base + f->off;
        if (f->flags & LC__F_ALIAS)
            continue;
        switch (f->kind) {
        case LC__K_STR:
        case LC__K_INTP:
            LIBCONTAINER_FREE(*(void **)(void *)p);
            *(void **)(void *)p = NULL;
            break;
        case LC__K_STRV:
            lc__cfg_free_strv(*(char ***)(void *)p, *(size_t *)(void *)((char *)base + f->len_off));
            *(char ***)(void *)p = NULL;
            break;
        case LC__K_OBJ:
            lc__cfg_release(f->sub, base);
            break;
        case LC__K_PTR:
            if (*(void **)(void *)p)
                lc__cfg_release(f->sub, *(void **)(void *)p);
            LIBCONTAINER_FREE(*(void **)(void *)p);
            *(void **)(void *)p = NULL;
            break;
        case LC__K_ARRAY: {
            char *a = *(char **)(void *)p;
            size_t n = *(size_t *)(void *)((char *)base + f->len_off);
            for (j = 0; a && j < n; j++)
                lc__cfg_release(f->sub, a + j * f->sub->size);
            LIBCONTAINER_FREE(a);
            *(char **)(void *)p = NULL;
            break;
        }
        case LC__K_MAP:
            lc__cfg_map_free((lc_sysctl **)(void *)p,
                             (size_t *)(void *)((char *)base + f->len_off));
            break;
        case LC__K_HOOK:
            if (f->hook->release)
                f->hook->release(p, base);
            break;
        default:
            break;
        }
    }
}

/* ---- the writer ---- */

static void lc__cfg_w_bytes(lc__cfg_out *w, const char *s, size_t n)
{
    size_t cap;
    char *grown;

    if (w->rc)
        return;
    if (w->cap - w->len <= n) {
        cap = w->cap ? w->cap : 1024;
        while (cap - w->len <= n) {
            if (cap > (size_t)-1 / 2) {
                w->rc = -ENOMEM;
                w->why = "out of memory";
                return;
            }
            cap *= 2;
        }
        grown = (char *)LIBCONTAINER_REALLOC(w->buf, cap);
        if (!grown) {
            w->rc = -ENOMEM;
            w->why = "out of memory";
            return;
        }
        w->buf = grown;
        w->cap = cap;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

static void lc__cfg_w_raw(lc__cfg_out *w, const char *s)
{
    lc__cfg_w_bytes(w, s, strlen(s));
}

/* A first error that the writer cannot express. */
static void lc__cfg_w_refuse(lc__cfg_out *w, const char *why)
{
    if (!w->rc) {
        w->rc = -EINVAL;
        w->why = why;
    }
}

static void lc__cfg_w_newline(lc__cfg_out *w)
{
    int i;

    lc__cfg_w_raw(w, "\n");
    for (i = 0; i < w->depth; i++)
        lc__cfg_w_raw(w, "    ");
}

/* A quoted JSON string; refuses NULL and invalid UTF-8, which no reader
   could take back. */
static void lc__cfg_w_string(lc__cfg_out *w, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run, n, len;
    char esc[8];

    if (!s) {
        lc__cfg_w_refuse(w, "a list holds a NULL string");
        return;
    }
    len = strlen(s);
    lc__cfg_w_raw(w, "\"");
    while (i < len) {
        run = i;
        while (run < len && u[run] >= 0x20 && u[run] != '"' && u[run] != '\\') {
            n = lc__json_utf8(u + run, len - run);
            if (n == 0) {
                lc__cfg_w_refuse(w, "a string is not valid UTF-8");
                return;
            }
            run += n;
        }
        lc__cfg_w_bytes(w, s + i, run - i);
        if (run == len)
            break;
        if (u[run] == '"' || u[run] == '\\')
            snprintf(esc, sizeof esc, "\\%c", u[run]);
        else
            snprintf(esc, sizeof esc, "\\u%04x", (unsigned)u[run]);
        lc__cfg_w_raw(w, esc);
        i = run + 1;
    }
    lc__cfg_w_raw(w, "\"");
}

/* Starts an array element or an object member ("key": ). */
static void lc__cfg_w_item(lc__cfg_out *w, const char *key)
{
    if (!w->first)
        lc__cfg_w_raw(w, ",");
    w->first = 0;
    lc__cfg_w_newline(w);
    if (key) {
        lc__cfg_w_string(w, key);
        lc__cfg_w_raw(w, ": ");
    }
}

static void lc__cfg_w_open(lc__cfg_out *w, const char *key, const char *bracket)
{
    lc__cfg_w_item(w, key);
    lc__cfg_w_raw(w, bracket);
    w->depth++;
    w->first = 1;
}

static void lc__cfg_w_close(lc__cfg_out *w, const char *bracket)
{
    w->depth--;
    if (!w->first)
        lc__cfg_w_newline(w);
    lc__cfg_w_raw(w, bracket);
    w->first = 0;
}

static void lc__cfg_w_str(lc__cfg_out *w, const char *key, const char *s)
{
    if (!s)
        return;
    lc__cfg_w_item(w, key);
    lc__cfg_w_string(w, s);
}

static void lc__cfg_w_bool(lc__cfg_out *w, const char *key, int b)
{
    lc__cfg_w_item(w, key);
    lc__cfg_w_raw(w, b ? "true" : "false");
}

static void lc__cfg_w_int(lc__cfg_out *w, const char *key, long long x)
{
    char num[32];

    snprintf(num, sizeof num, "%lld", x);
    lc__cfg_w_item(w, key);
    lc__cfg_w_raw(w, num);
}

static void lc__cfg_w_u64(lc__cfg_out *w, const char *key, unsigned long long x)
{
    char num[32];

    snprintf(num, sizeof num, "%llu", x);
    lc__cfg_w_item(w, key);
    lc__cfg_w_raw(w, num);
}

static void lc__cfg_w_strv(lc__cfg_out *w, const char *key, char *const *v, size_t n)
{
    size_t i;

    if (!v)
        return;
    lc__cfg_w_open(w, key, "[");
    for (i = 0; i < n; i++) {
        lc__cfg_w_item(w, NULL);
        lc__cfg_w_string(w, v[i]);
    }
    lc__cfg_w_close(w, "]");
}

static void lc__cfg_w_fields(lc__cfg_out *w, const lc__schema *s, const void *base);

/* Whether row f of the struct at base would write anything (ALWAYS rows
   aside): an object of nothing but such rows is left out. */
static int lc__cfg_is_set(const lc__row *f, const void *base)
{
    const char *p = (const char *)base + f->off;
    size_t i;

    switch (f->kind) {
    case LC__K_BOOL:
    case LC__K_INT:
        return *(const int *)(const void *)p != 0;
    case LC__K_LL:
        return *(const long long *)(const void *)p != 0;
    case LC__K_U32:
        return *(const unsigned int *)(const void *)p != 0;
    case LC__K_U64:
        return *(const unsigned long long *)(const void *)p != 0;
    case LC__K_OBJ:
        for (i = 0; i < f->sub->n; i++)
            if (!(f->sub->f[i].flags & LC__F_ALIAS) && lc__cfg_is_set(&f->sub->f[i], base))
                return 1;
        return 0;
    case LC__K_ARRAY:
    case LC__K_MAP:
        return *(const size_t *)(const void *)((const char *)base + f->len_off) != 0;
    case LC__K_HOOK:
        return !f->hook->set || f->hook->set(p, base);
    default: /* STR, INTP, STRV, PTR: a pointer */
        return *(void *const *)(const void *)p != NULL;
    }
}

/* The members of the struct at base, by its table, in its order. */
static void lc__cfg_w_fields(lc__cfg_out *w, const lc__schema *s, const void *base)
{
    size_t i, j;

    for (i = 0; i < s->n; i++) {
        const lc__row *f = &s->f[i];
        const char *p = (const char *)base + f->off;
        if (f->flags & LC__F_ALIAS)
            continue;
        if (f->kind == LC__K_HOOK) {
            f->hook->write(w, f->key, p, base);
            continue;
        }
        if (!(f->flags & LC__F_ALWAYS) && !lc__cfg_is_set(f, base))
            continue;
        switch (f->kind) {
        case LC__K_STR:
            lc__cfg_w_str(w, f->key, *(char *const *)(const void *)p);
            break;
        case LC__K_BOOL:
            lc__cfg_w_bool(w, f->key, *(const int *)(const void *)p);
            break;
        case LC__K_INT:
            lc__cfg_w_int(w, f->key, *(const int *)(const void *)p);
            break;
        case LC__K_LL:
            lc__cfg_w_int(w, f->key, *(const long long *)(const void *)p);
            break;
        case LC__K_U32:
            lc__cfg_w_u64(w, f->key, *(const unsigned int *)(const void *)p);
            break;
        case LC__K_U64: {
            unsigned long long x = *(const unsigned long long *)(const void *)p;
            if ((f->flags & LC__F_MINUS1) && x == ~0ULL)
                lc__cfg_w_int(w, f->key, -1);
            else
                lc__cfg_w_u64(w, f->key, x);
            break;
        }
        case LC__K_INTP:
            lc__cfg_w_int(w, f->key, **(int *const *)(const void *)p);
            break;
        case LC__K_STRV:
            lc__cfg_w_strv(w, f->key, *(char **const *)(const void *)p,
                           *(const size_t *)(const void *)((const char *)base + f->len_off));
            break;
        case LC__K_OBJ:
            lc__cfg_w_open(w, f->key, "{");
            lc__cfg_w_fields(w, f->sub, base);
            lc__cfg_w_close(w, "}");
            break;
        case LC__K_PTR:
            lc__cfg_w_open(w, f->key, "{");
            lc__cfg_w_fields(w, f->sub, *(void *const *)(const void *)p);
            lc__cfg_w_close(w, "}");
            break;
        case LC__K_ARRAY: {
            const char *a = *(char *const *)(const void *)p;
            size_t n = *(const size_t *)(const void *)((const char *)base + f->len_off);
            lc__cfg_w_open(w, f->key, "[");
            for (j = 0; a && j < n; j++) {
                lc__cfg_w_open(w, NULL, "{");
                lc__cfg_w_fields(w, f->sub, a + j * f->sub->size);
                lc__cfg_w_close(w, "}");
            }
            lc__cfg_w_close(w, "]");
            break;
        }
        case LC__K_MAP: {
            const lc_sysctl *m = *(const lc_sysctl *const *)(const void *)p;
            size_t n = *(const size_t *)(const void *)((const char *)base + f->len_off);
            for (j = 0; j < n; j++)
                if (!m[j].key || !m[j].key[0] || !m[j].value) {
                    lc__cfg_w_refuse(w, "a pair without a key or a value");
                    return;
                }
            lc__cfg_w_open(w, f->key, "{");
            for (j = 0; j < n; j++)
                lc__cfg_w_str(w, m[j].key, m[j].value);
            lc__cfg_w_close(w, "}");
            break;
        }
        default:
            break;
        }
    }
}

/* ---- the keys that need code ---- */

/* name without a case-insensitive prefix, when it has it. */
static const char *lc__cfg_unprefix(const char *name, const char *prefix)
{
    size_t n = strlen(prefix);

    return strncasecmp(name, prefix, n) == 0 ? name + n : name;
}

/* namespaces: the 2014 map {"NEWNS": true, ...} or the later array form
   [{"type": "NEWNET", "path": "/proc/1/ns/net"}, ...]; the order given is
   kept; the map form is written unless a namespace is joined by path. */
static int lc__cfg_ns_type(const char *name)
{
    size_t i;

    for (i = 0; i < LC__NS_COUNT; i++)
        if (!strcmp(lc__namespaces[i].name, name))
            return lc__namespaces[i].type;
    return 0;
}

static const char *lc__cfg_ns_name(int type)
{
    size_t i;

    for (i = 0; i < LC__NS_COUNT; i++)
        if (lc__namespaces[i].type == type)
            return lc__namespaces[i].name;
    return NULL;
}

/* Appends namespace type to cfg (sized by the caller); refuses repeats. */
static int lc__cfg_ns_add(lc__cfg_ctx *c, lc_config *cfg, const char *key, int type, char **path)
{
    if (lc_config_namespace(cfg, type))
        return lc__cfg_fail(c, key, "duplicate namespace");
    cfg->namespaces[cfg->namespaces_len].type = type;
    cfg->namespaces[cfg->namespaces_len].path = *path;
    cfg->namespaces_len++;
    *path = NULL;
    return 0;
}

typedef struct lc__ns_entry {
    char *type;
    char *path;
} lc__ns_entry;

static const lc__row lc__ns_entry_rows[] = {
    LC__STR(lc__ns_entry, "path", path, 0),
    LC__STR(lc__ns_entry, "type", type, LC__F_REQUIRED),
};
static const lc__schema lc__ns_entry_schema =
    LC__SCHEMA(lc__ns_entry, lc__ns_entry_rows, NULL, NULL);

static void lc__cfg_ns_release(void *field, void *base)
{
    lc_config *cfg = (lc_config *)base;
    size_t i;
    (void)field;
    for (i = 0; cfg->namespaces && i < cfg->namespaces_len; i++)
        LIBCONTAINER_FREE(cfg->namespaces[i].path);
    LIBCONTAINER_FREE(cfg->namespaces);
    cfg->namespaces = NULL;
    cfg->namespaces_len = 0;
}

/* The array form's entries into cfg->namespaces (sized by the caller):
   {"type", "path"}, the type by the model's name (NEWNET), or with oci by the
   OCI specification's (network). */
static int lc__cfg_ns_list(lc__cfg_ctx *c, int v, lc_config *cfg, int oci)
{
    static const struct {
        const char *oci, *model;
    } names[] = {{"pid", "NEWPID"},      {"network", "NEWNET"}, {"mount", "NEWNS"},
                 {"ipc", "NEWIPC"},      {"uts", "NEWUTS"},     {"user", "NEWUSER"},
                 {"cgroup", "NEWCGROUP"}};
    char msg[128];
    size_t i, j, mark;
    int e, rc = 0, ns = 0;

    for (i = 0, e = v + 1; i < (size_t)c->t[v].size; i++, e = lc__json_skip(c->t, e)) {
        lc__ns_entry n;
        const char *model;
        memset(&n, 0, sizeof n);
        mark = lc__cfg_enter(c, NULL, 0, i);
        rc = lc__cfg_fields(c, e, &lc__ns_entry_schema, &n);
        model = n.type;
        for (j = 0; rc == 0 && oci && j < sizeof names / sizeof names[0]; j++)
            if (!strcmp(n.type, names[j].oci))
                break;
        if (rc == 0 && oci)
            model = j < sizeof names / sizeof names[0] ? names[j].model : "";
        if (rc == 0 && !(ns = lc__cfg_ns_type(model))) {
            snprintf(msg, sizeof msg, "%s namespace %.64s",
                     oci && !strcmp(n.type, "time") ? "not supported by this runtime:" : "unknown",
                     n.type);
            rc = lc__cfg_fail(c, "type", msg);
        }
        if (rc == 0)
            rc = lc__cfg_ns_add(c, cfg, "type", ns, &n.path);
        lc__cfg_release(&lc__ns_entry_schema, &n);
        if (rc < 0)
            return rc;
        lc__cfg_leave(c, mark);
    }
    return 0;
}

static int lc__cfg_ns_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    lc_config *cfg = (lc_config *)base;
    const lc__json_tok *t = c->t;
    char key[32], *path = NULL;
    size_t mark;
    int k, left, rc = 0, on = 0, ns;

    lc__cfg_ns_release(field, base);
    if (lc__cfg_is_null(c, v))
        return 0;
    if (t[v].type != LC__JSON_OBJECT && t[v].type != LC__JSON_ARRAY)
        return lc__cfg_fail(c, NULL, "expected an object or an array");
    if (t[v].size == 0)
        return 0;
    cfg->namespaces = (lc_namespace *)lc__cfg_zalloc((size_t)t[v].size, sizeof *cfg->namespaces);
    if (!cfg->namespaces)
        return lc__cfg_oom(c);
    if (t[v].type == LC__JSON_ARRAY)
        return lc__cfg_ns_list(c, v, cfg, 0);
    for (k = v + 1, left = t[v].size; left > 0; left--, k = lc__json_skip(t, k)) {
        mark = lc__cfg_enter_key(c, k, key, sizeof key);
        if (!(ns = lc__cfg_ns_type(key)))
            return lc__cfg_fail(c, NULL, "unknown namespace");
        if ((rc = lc__cfg_bool(c, k + 1, &on)) < 0)
            return rc;
        if (on && (rc = lc__cfg_ns_add(c, cfg, NULL, ns, &path)) < 0)
            return rc;
        lc__cfg_leave(c, mark);
    }
    return 0;
}

static void lc__cfg_ns_write(lc__cfg_out *w, const char *key, const void *field, const void *base)
{
    const lc_config *cfg = (const lc_config *)base;
    const lc_namespace *ns = cfg->namespaces;
    size_t i, n = cfg->namespaces_len;
    int paths = 0;

    (void)field;
    if (n == 0)
        return;
    for (i = 0; i < n; i++) {
        if (!lc__cfg_ns_name(ns[i].type))
            lc__cfg_w_refuse(w, "unknown namespace type");
        if (ns[i].path)
            paths = 1;
    }
    if (w->rc)
        return;
    lc__cfg_w_open(w, key, paths ? "[" : "{");
    for (i = 0; i < n; i++) {
        if (paths) {
            lc__cfg_w_open(w, NULL, "{");
            lc__cfg_w_str(w, "path", ns[i].path);
            lc__cfg_w_str(w, "type", lc__cfg_ns_name(ns[i].type));
            lc__cfg_w_close(w, "}");
        } else {
            lc__cfg_w_bool(w, lc__cfg_ns_name(ns[i].type), 1);
        }
    }
    lc__cfg_w_close(w, paths ? "]" : "}");
}

static const lc__code lc__hook_namespaces = {lc__cfg_ns_parse, lc__cfg_ns_write, lc__cfg_ns_release,
                                             NULL};

/* context.restrictions: the 2014 context is a map of strings, "true" or
   "false"; a boolean is taken too. Written as "true" when set. */
static int lc__cfg_restrictions_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    const lc__json_tok *t = &c->t[v];
    int *dst = (int *)field;

    (void)base;
    if (t->type == LC__JSON_STRING && t->end - t->start == 4 &&
        !memcmp(c->js + t->start, "true", 4))
        *dst = 1;
    else if (t->type == LC__JSON_STRING && t->end - t->start == 5 &&
             !memcmp(c->js + t->start, "false", 5))
        *dst = 0;
    else if (t->type != LC__JSON_STRING)
        return lc__cfg_bool(c, v, dst);
    else
        return lc__cfg_fail(c, NULL, "expected \"true\" or \"false\"");
    return 0;
}

static int lc__cfg_int_set(const void *field, const void *base)
{
    (void)base;
    return *(const int *)field != 0;
}

static void lc__cfg_restrictions_write(lc__cfg_out *w, const char *key, const void *field,
                                       const void *base)
{
    if (lc__cfg_int_set(field, base))
        lc__cfg_w_str(w, key, "true");
}

static const lc__code lc__hook_restrictions = {lc__cfg_restrictions_parse,
                                               lc__cfg_restrictions_write, NULL, lc__cfg_int_set};

/* A device's type: 'c', 'b' or 'a', which the 2014 files store as its ASCII
   code (99, 98, 97); written so. */
static int lc__cfg_devtype_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    const lc__json_tok *t = &c->t[v];
    char *dst = (char *)field;
    long long x = 0;

    (void)base;
    if (t->type == LC__JSON_STRING && t->end - t->start == 1)
        x = c->js[t->start];
    else if (t->type == LC__JSON_PRIMITIVE && t->end - t->start == 2 &&
             lc__json_is_digit((unsigned char)c->js[t->start]) &&
             lc__json_is_digit((unsigned char)c->js[t->start + 1]))
        x = (c->js[t->start] - '0') * 10 + (c->js[t->start + 1] - '0');
    *dst = 0;
    if (x == 'c' || x == 'b' || x == 'a')
        *dst = (char)x;
    else if (!lc__cfg_is_null(c, v))
        return lc__cfg_fail(c, NULL, "expected c, b or a (99, 98 or 97)");
    return 0;
}

static void lc__cfg_devtype_write(lc__cfg_out *w, const char *key, const void *field,
                                  const void *base)
{
    (void)base;
    lc__cfg_w_int(w, key, *(const unsigned char *)field);
}

static const lc__code lc__hook_devtype = {lc__cfg_devtype_parse, lc__cfg_devtype_write, NULL, NULL};

/* A device rule's permissions: a subset of "rwm", in char[4]. */
static int lc__cfg_perm_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    const lc__json_tok *t = &c->t[v];
    char *dst = (char *)field;
    size_t i, n = t->end - t->start;

    (void)base;
    memset(dst, 0, 4);
    if (lc__cfg_is_null(c, v))
        return 0;
    if (t->type != LC__JSON_STRING)
        return lc__cfg_fail(c, NULL, "expected a string");
    for (i = 0; i < n; i++) {
        char ch = c->js[t->start + i];
        if ((ch != 'r' && ch != 'w' && ch != 'm') || n > 3 || memchr(dst, ch, i))
            return lc__cfg_fail(c, NULL, "expected a subset of \"rwm\"");
        dst[i] = ch;
    }
    return 0;
}

static void lc__cfg_perm_write(lc__cfg_out *w, const char *key, const void *field, const void *base)
{
    char s[4];

    (void)base;
    memcpy(s, field, 3);
    s[3] = '\0';
    lc__cfg_w_str(w, key, s);
}

static const lc__code lc__hook_perm = {lc__cfg_perm_parse, lc__cfg_perm_write, NULL, NULL};

/* A 2014 mount's writable, private and slave: its MS_RDONLY flag (set until
   writable says otherwise) and its propagation. */
static int lc__cfg_mount_bit(lc__cfg_ctx *c, int v, unsigned long *bits, unsigned long bit,
                             int invert)
{
    int b = 0, rc = lc__cfg_bool(c, v, &b);

    if (rc == 0 && (b ^ invert))
        *bits |= bit;
    else if (rc == 0)
        *bits &= ~bit;
    return rc;
}

static int lc__cfg_writable_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    (void)field;
    return lc__cfg_mount_bit(c, v, &((lc_mount *)base)->flags, MS_RDONLY, 1);
}

static void lc__cfg_writable_write(lc__cfg_out *w, const char *key, const void *field,
                                   const void *base)
{
    (void)field;
    lc__cfg_w_bool(w, key, !(((const lc_mount *)base)->flags & MS_RDONLY));
}

static int lc__cfg_private_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    (void)field;
    return lc__cfg_mount_bit(c, v, &((lc_mount *)base)->propagation, MS_PRIVATE, 0);
}

static void lc__cfg_private_write(lc__cfg_out *w, const char *key, const void *field,
                                  const void *base)
{
    (void)field;
    lc__cfg_w_bool(w, key, (((const lc_mount *)base)->propagation & MS_PRIVATE) != 0);
}

static int lc__cfg_slave_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    (void)field;
    return lc__cfg_mount_bit(c, v, &((lc_mount *)base)->propagation, MS_SLAVE, 0);
}

static void lc__cfg_slave_write(lc__cfg_out *w, const char *key, const void *field,
                                const void *base)
{
    (void)field;
    lc__cfg_w_bool(w, key, (((const lc_mount *)base)->propagation & MS_SLAVE) != 0);
}

static const lc__code lc__hook_writable = {lc__cfg_writable_parse, lc__cfg_writable_write, NULL,
                                           NULL};
static const lc__code lc__hook_private = {lc__cfg_private_parse, lc__cfg_private_write, NULL, NULL};
static const lc__code lc__hook_slave = {lc__cfg_slave_parse, lc__cfg_slave_write, NULL, NULL};

/* A 2014 mount is read-only unless writable; a bind binds its subtree. */
static void lc__cfg_mount_init(void *base)
{
    ((lc_mount *)base)->flags = MS_RDONLY;
}

static void lc__cfg_mount_done(void *base)
{
    lc_mount *m = (lc_mount *)base;
    if (m->type && !strcmp(m->type, "bind"))
        m->flags |= MS_BIND | MS_REC;
}

/* The resource limits by name, as RLIMIT_<name>. */
static const struct {
    const char *name;
    int type;
} lc__cfg_rlimit_names[] = {
    {"CPU", RLIMIT_CPU},           {"FSIZE", RLIMIT_FSIZE},
    {"DATA", RLIMIT_DATA},         {"STACK", RLIMIT_STACK},
    {"CORE", RLIMIT_CORE},         {"RSS", RLIMIT_RSS},
    {"NPROC", RLIMIT_NPROC},       {"NOFILE", RLIMIT_NOFILE},
    {"MEMLOCK", RLIMIT_MEMLOCK},   {"AS", RLIMIT_AS},
    {"LOCKS", RLIMIT_LOCKS},       {"SIGPENDING", RLIMIT_SIGPENDING},
    {"MSGQUEUE", RLIMIT_MSGQUEUE}, {"NICE", RLIMIT_NICE},
    {"RTPRIO", RLIMIT_RTPRIO},     {"RTTIME", RLIMIT_RTTIME},
};
#define LC__CFG_RLIMIT_COUNT (sizeof lc__cfg_rlimit_names / sizeof lc__cfg_rlimit_names[0])

/* "NOFILE" for RLIMIT_NOFILE; NULL when unknown. */
static const char *lc__cfg_rlimit_name(int type)
{
    size_t i;

    for (i = 0; i < LC__CFG_RLIMIT_COUNT; i++)
        if (lc__cfg_rlimit_names[i].type == type)
            return lc__cfg_rlimit_names[i].name;
    return NULL;
}

/* An rlimit type: its number, or its name with or without RLIMIT_ in any
   case; written as RLIMIT_NAME. */
static int lc__cfg_rltype_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    const lc__json_tok *t = &c->t[v];
    int *type = (int *)field;
    char *name = NULL, msg[96];
    const char *bare;
    long long x = 0;
    size_t i;
    int rc;

    (void)base;
    *type = -1;
    if (t->type == LC__JSON_STRING) {
        if ((rc = lc__cfg_dup(c, v, &name)) < 0)
            return rc;
        bare = lc__cfg_unprefix(name, "RLIMIT_");
        for (i = 0; i < LC__CFG_RLIMIT_COUNT; i++)
            if (!strcasecmp(bare, lc__cfg_rlimit_names[i].name))
                *type = lc__cfg_rlimit_names[i].type;
        if (*type < 0) {
            snprintf(msg, sizeof msg, "unknown rlimit %.64s", name);
            rc = lc__cfg_fail(c, NULL, msg);
        }
        LIBCONTAINER_FREE(name);
        return rc;
    }
    if (lc__cfg_is_null(c, v))
        return 0;
    if (!lc__cfg_is_number(c, v))
        return lc__cfg_fail(c, NULL, "expected an rlimit name or number");
    if ((rc = lc__cfg_int(c, v, LLONG_MIN, LLONG_MAX, 0, &x)) < 0)
        return rc;
    if (x < 0 || x > INT_MAX || !lc__cfg_rlimit_name((int)x)) {
        snprintf(msg, sizeof msg, "unknown rlimit %lld", x);
        return lc__cfg_fail(c, NULL, msg);
    }
    *type = (int)x;
    return 0;
}

static void lc__cfg_rltype_write(lc__cfg_out *w, const char *key, const void *field,
                                 const void *base)
{
    const char *name = lc__cfg_rlimit_name(*(const int *)field);
    char s[32];

    (void)base;
    if (!name) {
        lc__cfg_w_refuse(w, "unknown rlimit type");
        return;
    }
    snprintf(s, sizeof s, "RLIMIT_%s", name);
    lc__cfg_w_str(w, key, s);
}

static const lc__code lc__hook_rltype = {lc__cfg_rltype_parse, lc__cfg_rltype_write, NULL, NULL};

/* seccomp actions and operators by name; the first name of each is the
   one written. */
static const struct {
    const char *name;
    int value;
} lc__cfg_sc_actions[] =
    {
        {"kill", LIBCONTAINER_SECCOMP_KILL},   {"kill_process", LIBCONTAINER_SECCOMP_KILL_PROCESS},
        {"trap", LIBCONTAINER_SECCOMP_TRAP},   {"errno", LIBCONTAINER_SECCOMP_ERRNO},
        {"trace", LIBCONTAINER_SECCOMP_TRACE}, {"allow", LIBCONTAINER_SECCOMP_ALLOW},
        {"log", LIBCONTAINER_SECCOMP_LOG},     {"kill_thread", LIBCONTAINER_SECCOMP_KILL},
},
  lc__cfg_sc_ops[] = {
      {"==", LIBCONTAINER_SECCOMP_EQ},
      {"!=", LIBCONTAINER_SECCOMP_NE},
      {"<", LIBCONTAINER_SECCOMP_LT},
      {"<=", LIBCONTAINER_SECCOMP_LE},
      {">", LIBCONTAINER_SECCOMP_GT},
      {">=", LIBCONTAINER_SECCOMP_GE},
      {"&==", LIBCONTAINER_SECCOMP_MASKED_EQ},
      {"SCMP_CMP_EQ", LIBCONTAINER_SECCOMP_EQ},
      {"SCMP_CMP_NE", LIBCONTAINER_SECCOMP_NE},
      {"SCMP_CMP_LT", LIBCONTAINER_SECCOMP_LT},
      {"SCMP_CMP_LE", LIBCONTAINER_SECCOMP_LE},
      {"SCMP_CMP_GT", LIBCONTAINER_SECCOMP_GT},
      {"SCMP_CMP_GE", LIBCONTAINER_SECCOMP_GE},
      {"SCMP_CMP_MASKED_EQ", LIBCONTAINER_SECCOMP_MASKED_EQ},
};
#define LC__CFG_SC_ACTIONS (sizeof lc__cfg_sc_actions / sizeof lc__cfg_sc_actions[0])
#define LC__CFG_SC_OPS (sizeof lc__cfg_sc_ops / sizeof lc__cfg_sc_ops[0])

/* The written name of a seccomp action (ops 0) or operator (ops 1). */
static const char *lc__cfg_sc_name(int ops, int value)
{
    size_t i, n = ops ? LC__CFG_SC_OPS : LC__CFG_SC_ACTIONS;

    for (i = 0; i < n; i++)
        if ((ops ? lc__cfg_sc_ops[i].value : lc__cfg_sc_actions[i].value) == value)
            return ops ? lc__cfg_sc_ops[i].name : lc__cfg_sc_actions[i].name;
    return NULL;
}

/* An action ("errno", "SCMP_ACT_ERRNO", any case) or an operator ("<=",
   "SCMP_CMP_LE") into *dst. */
static int lc__cfg_sc_enum(lc__cfg_ctx *c, int v, int ops, int *dst)
{
    char *name = NULL, msg[96];
    const char *bare;
    size_t i;
    int rc;

    *dst = 0;
    if (lc__cfg_is_null(c, v))
        return 0;
    if ((rc = lc__cfg_dup(c, v, &name)) < 0)
        return rc;
    if (ops) {
        for (i = 0; i < LC__CFG_SC_OPS && !*dst; i++)
            if (!strcasecmp(name, lc__cfg_sc_ops[i].name))
                *dst = lc__cfg_sc_ops[i].value;
    } else {
        bare = lc__cfg_unprefix(name, "SCMP_ACT_");
        for (i = 0; i < LC__CFG_SC_ACTIONS && !*dst; i++)
            if (!strcasecmp(bare, lc__cfg_sc_actions[i].name))
                *dst = lc__cfg_sc_actions[i].value;
    }
    if (!*dst) {
        snprintf(msg, sizeof msg, "unknown %s %.64s", ops ? "operator" : "action", name);
        rc = lc__cfg_fail(c, NULL, msg);
    }
    LIBCONTAINER_FREE(name);
    return rc;
}

static int lc__cfg_action_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    (void)base;
    return lc__cfg_sc_enum(c, v, 0, (int *)field);
}

static int lc__cfg_op_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    (void)base;
    return lc__cfg_sc_enum(c, v, 1, (int *)field);
}

static void lc__cfg_sc_enum_write(lc__cfg_out *w, const char *key, int ops, int value)
{
    const char *name = lc__cfg_sc_name(ops, value);

    if (!name)
        lc__cfg_w_refuse(w, ops ? "unknown seccomp operator" : "unknown seccomp action");
    else
        lc__cfg_w_str(w, key, name);
}

static void lc__cfg_action_write(lc__cfg_out *w, const char *key, const void *field,
                                 const void *base)
{
    (void)base;
    lc__cfg_sc_enum_write(w, key, 0, *(const int *)field);
}

static void lc__cfg_op_write(lc__cfg_out *w, const char *key, const void *field, const void *base)
{
    (void)base;
    lc__cfg_sc_enum_write(w, key, 1, *(const int *)field);
}

static const lc__code lc__hook_action = {lc__cfg_action_parse, lc__cfg_action_write, NULL, NULL};
static const lc__code lc__hook_op = {lc__cfg_op_parse, lc__cfg_op_write, NULL, NULL};

/* An errno of seccomp: 0 to 65535 (an ERRNO action's, or a TRACE action's
   data); where none is given, EPERM for ERRNO, else 0. Written for ERRNO,
   or when not 0. */
static int lc__cfg_errno_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    long long x = 0;
    int rc = lc__cfg_int(c, v, 0, 65535, -1, &x);

    (void)base;
    if (rc == 0)
        *(int *)field = (int)x;
    return rc;
}

static void lc__cfg_errno_write(lc__cfg_out *w, const char *key, int action, int value)
{
    if (action == LIBCONTAINER_SECCOMP_ERRNO || value)
        lc__cfg_w_int(w, key, value);
}

static void lc__cfg_rule_errno_write(lc__cfg_out *w, const char *key, const void *field,
                                     const void *base)
{
    lc__cfg_errno_write(w, key, ((const lc_seccomp_rule *)base)->action, *(const int *)field);
}

static void lc__cfg_default_errno_write(lc__cfg_out *w, const char *key, const void *field,
                                        const void *base)
{
    lc__cfg_errno_write(w, key, ((const lc_seccomp *)base)->default_action, *(const int *)field);
}

static const lc__code lc__hook_rule_errno = {lc__cfg_errno_parse, lc__cfg_rule_errno_write, NULL,
                                             NULL};
static const lc__code lc__hook_default_errno = {lc__cfg_errno_parse, lc__cfg_default_errno_write,
                                                NULL, NULL};

/* A rule's syscall: a name (resolved for the running architecture at
   start), or a number. */
static int lc__cfg_sysname_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    lc_seccomp_rule *r = (lc_seccomp_rule *)base;
    long long x = 0;
    int rc = 0;

    (void)field;
    LIBCONTAINER_FREE(r->name);
    r->name = NULL;
    r->nr = -1;
    if (c->t[v].type == LC__JSON_STRING) {
        if ((rc = lc__cfg_dup(c, v, &r->name)) == 0 && !r->name[0])
            rc = lc__cfg_fail(c, NULL, "must not be empty");
    } else if (lc__cfg_is_number(c, v)) {
        if ((rc = lc__cfg_int(c, v, 0, INT_MAX, -1, &x)) == 0)
            r->nr = (int)x;
    } else if (!lc__cfg_is_null(c, v)) {
        rc = lc__cfg_fail(c, NULL, "expected a syscall name or number");
    }
    return rc;
}

static void lc__cfg_sysname_write(lc__cfg_out *w, const char *key, const void *field,
                                  const void *base)
{
    const lc_seccomp_rule *r = (const lc_seccomp_rule *)base;

    (void)field;
    if (r->name)
        lc__cfg_w_str(w, key, r->name);
    else if (r->nr >= 0)
        lc__cfg_w_int(w, key, r->nr);
    else
        lc__cfg_w_refuse(w, "a seccomp rule has neither a name nor a number");
}

static void lc__cfg_sysname_release(void *field, void *base)
{
    (void)field;
    LIBCONTAINER_FREE(((lc_seccomp_rule *)base)->name);
    ((lc_seccomp_rule *)base)->name = NULL;
}

static const lc__code lc__hook_sysname = {lc__cfg_sysname_parse, lc__cfg_sysname_write,
                                          lc__cfg_sysname_release, NULL};

/* Before the keys: no syscall number yet, no errno given. */
static void lc__cfg_rule_init(void *base)
{
    ((lc_seccomp_rule *)base)->nr = -1;
    ((lc_seccomp_rule *)base)->errno_ret = -1;
}

static void lc__cfg_rule_done(void *base)
{
    lc_seccomp_rule *r = (lc_seccomp_rule *)base;
    if (r->errno_ret < 0)
        r->errno_ret = r->action == LIBCONTAINER_SECCOMP_ERRNO ? EPERM : 0;
}

static void lc__cfg_seccomp_init(void *base)
{
    ((lc_seccomp *)base)->default_errno = -1;
}

static void lc__cfg_seccomp_done(void *base)
{
    lc_seccomp *sc = (lc_seccomp *)base;
    if (sc->default_errno < 0)
        sc->default_errno = sc->default_action == LIBCONTAINER_SECCOMP_ERRNO ? EPERM : 0;
}

/* Signal names, without SIG. */
static const struct {
    const char *name;
    int sig;
} lc__cfg_signals[] = {
    {"HUP", SIGHUP},       {"INT", SIGINT},       {"QUIT", SIGQUIT}, {"ILL", SIGILL},
    {"TRAP", SIGTRAP},     {"ABRT", SIGABRT},     {"IOT", SIGABRT},  {"BUS", SIGBUS},
    {"FPE", SIGFPE},       {"KILL", SIGKILL},     {"USR1", SIGUSR1}, {"SEGV", SIGSEGV},
    {"USR2", SIGUSR2},     {"PIPE", SIGPIPE},     {"ALRM", SIGALRM}, {"TERM", SIGTERM},
#ifdef SIGSTKFLT
    {"STKFLT", SIGSTKFLT},
#endif
    {"CHLD", SIGCHLD},     {"CONT", SIGCONT},     {"STOP", SIGSTOP}, {"TSTP", SIGTSTP},
    {"TTIN", SIGTTIN},     {"TTOU", SIGTTOU},     {"URG", SIGURG},   {"XCPU", SIGXCPU},
    {"XFSZ", SIGXFSZ},     {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF}, {"WINCH", SIGWINCH},
#ifdef SIGPOLL
    {"POLL", SIGPOLL},
#endif
#ifdef SIGPWR
    {"PWR", SIGPWR},
#endif
    {"IO", SIGIO},         {"SYS", SIGSYS},
};

LCDEF int lc_signal_from_name(const char *name)
{
    const char *bare, *p;
    unsigned long long v;
    size_t i;
    int off = 0;
    if (!name || !*name)
        return -EINVAL;
    if (lc__parse_uint(name, name + strlen(name), &v) == 0)
        return v >= 1 && v < (unsigned long long)NSIG ? (int)v : -EINVAL;
    bare = lc__cfg_unprefix(name, "SIG");
    for (i = 0; i < sizeof lc__cfg_signals / sizeof lc__cfg_signals[0]; i++)
        if (!strcasecmp(bare, lc__cfg_signals[i].name))
            return lc__cfg_signals[i].sig;
    /* RTMIN, RTMIN+n, RTMAX, RTMAX-n */
    if (strncasecmp(bare, "RTMIN", 5) != 0 && strncasecmp(bare, "RTMAX", 5) != 0)
        return -EINVAL;
    p = bare + 5;
    if (*p == ((bare[4] == 'N' || bare[4] == 'n') ? '+' : '-') &&
        lc__json_is_digit((unsigned char)p[1])) {
        for (p++; lc__json_is_digit((unsigned char)*p) && off <= 64; p++)
            off = off * 10 + (*p - '0');
    }
    if (*p || off > SIGRTMAX - SIGRTMIN)
        return -EINVAL;
    return (bare[4] == 'N' || bare[4] == 'n') ? SIGRTMIN + off : SIGRTMAX - off;
}

/* parent_death_signal: 1..64, or a name: "SIGKILL", "KILL", "RTMIN+2"; null
   or 0 is the default (SIGKILL). Written as its number. */
static int lc__cfg_signal_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    const lc__json_tok *t = &c->t[v];
    int *dst = (int *)field, rc, sig;
    char *name = NULL, msg[96];
    unsigned long long num;
    long long x = 0;

    (void)base;
    if (t->type == LC__JSON_STRING) {
        if ((rc = lc__cfg_dup(c, v, &name)) < 0)
            return rc;
        /* a number is given as a number, a name as a string */
        sig = lc__parse_uint(name, name + strlen(name), &num) == 0 ? -EINVAL
                                                                   : lc_signal_from_name(name);
        rc = 0;
        if (sig < 1 || sig > 64) {
            snprintf(msg, sizeof msg, "unknown signal %.64s", name);
            rc = lc__cfg_fail(c, NULL, msg);
        } else {
            *dst = sig;
        }
        LIBCONTAINER_FREE(name);
        return rc;
    }
    if (!lc__cfg_is_number(c, v) && !lc__cfg_is_null(c, v))
        return lc__cfg_fail(c, NULL, "expected a signal number or name");
    if ((rc = lc__cfg_int(c, v, 1, 64, 0, &x)) < 0)
        return rc;
    *dst = (int)x;
    return 0;
}

static void lc__cfg_signal_write(lc__cfg_out *w, const char *key, const void *field,
                                 const void *base)
{
    (void)base;
    if (*(const int *)field)
        lc__cfg_w_int(w, key, *(const int *)field);
}

static const lc__code lc__hook_signal = {lc__cfg_signal_parse, lc__cfg_signal_write, NULL, NULL};

/* ---- the 2014 container.json and its lineage ---- */

static const lc__row lc__device_rows[] = {
    LC__CODE(lc_device, "cgroup_permissions", permissions, &lc__hook_perm, 0),
    LC__U32(lc_device, "file_mode", file_mode, 0, 07777, LC__F_ALWAYS),
    LC__U32(lc_device, "gid", gid, 0, (long long)LC__MAX_ID, LC__F_ALWAYS),
    LC__LL(lc_device, "major_number", major, -1, 4294967295LL, LC__F_ALWAYS),
    LC__LL(lc_device, "minor_number", minor, -1, 4294967295LL, LC__F_ALWAYS),
    LC__STR(lc_device, "path", path, 0),
    LC__CODE(lc_device, "type", type, &lc__hook_devtype, LC__F_REQUIRED),
    LC__U32(lc_device, "uid", uid, 0, (long long)LC__MAX_ID, LC__F_ALWAYS),
};
static const lc__schema lc__device_schema = LC__SCHEMA(lc_device, lc__device_rows, NULL, NULL);

static const lc__row lc__mount_rows[] = {
    LC__STR(lc_mount, "data", data, 0),
    LC__STR(lc_mount, "destination", destination, LC__F_REQUIRED),
    LC__CODE(lc_mount, "private", propagation, &lc__hook_private, 0),
    LC__CODE(lc_mount, "slave", propagation, &lc__hook_slave, 0),
    LC__STR(lc_mount, "source", source, 0),
    LC__STR(lc_mount, "type", type, LC__F_REQUIRED),
    LC__CODE(lc_mount, "writable", flags, &lc__hook_writable, 0),
};
static const lc__schema lc__mount_schema =
    LC__SCHEMA(lc_mount, lc__mount_rows, lc__cfg_mount_init, lc__cfg_mount_done);

static const lc__row lc__network_rows[] = {
    LC__STR(lc_network, "address", address, 0),
    LC__STR(lc_network, "bridge", bridge, 0),
    LC__STR(lc_network, "gateway", gateway, 0),
    LC__STR(lc_network, "ipv6_address", ipv6_address, 0),
    LC__STR(lc_network, "ipv6_gateway", ipv6_gateway, 0),
    LC__STR(lc_network, "mac_address", mac_address, 0),
    LC__INT(lc_network, "mtu", mtu, 0, INT_MAX, 0),
    LC__STR(lc_network, "name", name, 0),
    LC__STR(lc_network, "ns_path", ns_path, 0),
    LC__INT(lc_network, "txqueuelen", txqueuelen, 0, INT_MAX, 0),
    LC__STR(lc_network, "type", type, LC__F_REQUIRED),
    LC__STR(lc_network, "veth_prefix", veth_prefix, 0),
};
static const lc__schema lc__network_schema = LC__SCHEMA(lc_network, lc__network_rows, NULL, NULL);

static const lc__row lc__route_rows[] = {
    LC__STR(lc_route, "destination", destination, 0),
    LC__STR(lc_route, "gateway", gateway, 0),
    LC__STR(lc_route, "interface_name", interface_name, 0),
    LC__STR(lc_route, "source", source, 0),
};
static const lc__schema lc__route_schema = LC__SCHEMA(lc_route, lc__route_rows, NULL, NULL);

static const lc__row lc__id_map_rows[] = {
    LC__U32(lc_id_map, "container_id", container_id, 0, 4294967295LL,
            LC__F_REQUIRED | LC__F_ALWAYS),
    LC__U32(lc_id_map, "host_id", host_id, 0, 4294967295LL, LC__F_REQUIRED | LC__F_ALWAYS),
    LC__U32(lc_id_map, "size", size, 0, 4294967295LL, LC__F_REQUIRED | LC__F_ALWAYS),
};
static const lc__schema lc__id_map_schema = LC__SCHEMA(lc_id_map, lc__id_map_rows, NULL, NULL);

static const lc__row lc__rlimit_rows[] = {
    LC__U64(lc_rlimit, "hard", hard, LC__F_REQUIRED | LC__F_ALWAYS | LC__F_MINUS1),
    LC__U64(lc_rlimit, "soft", soft, LC__F_REQUIRED | LC__F_ALWAYS | LC__F_MINUS1),
    LC__CODE(lc_rlimit, "type", type, &lc__hook_rltype, LC__F_REQUIRED),
};
static const lc__schema lc__rlimit_schema = LC__SCHEMA(lc_rlimit, lc__rlimit_rows, NULL, NULL);

static const lc__row lc__cgroups_rows[] = {
    LC__BOOL(lc_cgroups, "allow_all_devices", allow_all_devices, 0),
    LC__ARRAY(lc_cgroups, "allowed_devices", allowed_devices, &lc__device_schema, 0),
    LC__LL(lc_cgroups, "blkio_weight", blkio_weight, -1, LLONG_MAX, 0),
    LC__LL(lc_cgroups, "cpu_burst", cpu_burst, 0, LLONG_MAX, 0),
    LC__LL(lc_cgroups, "cpu_idle", cpu_idle, 0, 1, 0),
    LC__LL(lc_cgroups, "cpu_period", cpu_period, -1, LLONG_MAX, 0),
    LC__LL(lc_cgroups, "cpu_quota", cpu_quota, -1, LLONG_MAX, 0),
    LC__LL(lc_cgroups, "cpu_shares", cpu_shares, -1, LLONG_MAX, 0),
    LC__STR(lc_cgroups, "cpuset_cpus", cpuset_cpus, 0),
    LC__STR(lc_cgroups, "cpuset_mems", cpuset_mems, 0),
    LC__STR(lc_cgroups, "freezer", freezer, 0),
    LC__LL(lc_cgroups, "memory", memory, -1, LLONG_MAX, 0),
    LC__LL(lc_cgroups, "memory_reservation", memory_reservation, -1, LLONG_MAX, 0),
    LC__LL(lc_cgroups, "memory_swap", memory_swap, -1, LLONG_MAX, 0),
    LC__STR(lc_cgroups, "name", name, 0),
    LC__STR(lc_cgroups, "parent", parent, 0),
    LC__LL(lc_cgroups, "pids_limit", pids_limit, -1, LLONG_MAX, 0),
    LC__MAP(lc_cgroups, "unified", unified, 0),
};
static const lc__schema lc__cgroups_schema = LC__SCHEMA(lc_cgroups, lc__cgroups_rows, NULL, NULL);

static const lc__row lc__sc_arg_rows[] = {
    LC__U32(lc_seccomp_arg, "index", index, 0, 5, LC__F_REQUIRED | LC__F_ALWAYS),
    LC__CODE(lc_seccomp_arg, "op", op, &lc__hook_op, LC__F_REQUIRED),
    LC__U64(lc_seccomp_arg, "value", value, LC__F_ALWAYS),
    LC__U64(lc_seccomp_arg, "value_two", value_two, LC__F_ALWAYS),
};
static const lc__schema lc__sc_arg_schema = LC__SCHEMA(lc_seccomp_arg, lc__sc_arg_rows, NULL, NULL);

static const lc__row lc__sc_rule_rows[] = {
    LC__CODE(lc_seccomp_rule, "action", action, &lc__hook_action, LC__F_REQUIRED),
    LC__ARRAY(lc_seccomp_rule, "args", args, &lc__sc_arg_schema, 0),
    LC__CODE(lc_seccomp_rule, "errno", errno_ret, &lc__hook_rule_errno, 0),
    LC__CODE(lc_seccomp_rule, "name", name, &lc__hook_sysname, LC__F_REQUIRED),
};
static const lc__schema lc__sc_rule_schema =
    LC__SCHEMA(lc_seccomp_rule, lc__sc_rule_rows, lc__cfg_rule_init, lc__cfg_rule_done);

static const lc__row lc__seccomp_rows[] = {
    LC__CODE(lc_seccomp, "default_action", default_action, &lc__hook_action, LC__F_REQUIRED),
    LC__CODE(lc_seccomp, "default_errno", default_errno, &lc__hook_default_errno, 0),
    LC__ARRAY(lc_seccomp, "syscalls", syscalls, &lc__sc_rule_schema, 0),
};
static const lc__schema lc__seccomp_schema =
    LC__SCHEMA(lc_seccomp, lc__seccomp_rows, lc__cfg_seccomp_init, lc__cfg_seccomp_done);

/* mount_config and context hold fields of lc_config itself. */
static const lc__row lc__mount_config_rows[] = {
    LC__ARRAY(lc_config, "device_nodes", devices, &lc__device_schema, 0),
    LC__STR(lc_config, "mount_label", mount_label, LC__F_ALIAS),
    LC__ARRAY(lc_config, "mounts", mounts, &lc__mount_schema, 0),
    LC__BOOL(lc_config, "no_pivot_root", no_pivot_root, 0),
    LC__BOOL(lc_config, "readonly_fs", readonly_fs, 0),
    LC__BOOL(lc_config, "readonly_sysfs", readonly_sysfs, 0),
};
static const lc__schema lc__mount_config_schema =
    LC__SCHEMA(lc_config, lc__mount_config_rows, NULL, NULL);

static const lc__row lc__context_rows[] = {
    LC__STR(lc_config, "apparmor_profile", apparmor_profile, 0),
    LC__STR(lc_config, "mount_label", mount_label, 0),
    LC__STR(lc_config, "process_label", process_label, 0),
    LC__CODE(lc_config, "restrictions", restrictions, &lc__hook_restrictions, 0),
};
static const lc__schema lc__context_schema = LC__SCHEMA(lc_config, lc__context_rows, NULL, NULL);

static const lc__row lc__config_rows[] = {
    LC__STRV(lc_config, "additional_groups", additional_groups, LC__F_NUMBERS),
    LC__STRV(lc_config, "ambient_capabilities", ambient_capabilities, 0),
    LC__STR(lc_config, "apparmor_profile", apparmor_profile, LC__F_ALIAS),
    LC__STRV(lc_config, "args", args, 0),
    LC__STRV(lc_config, "capabilities", capabilities, 0),
    LC__PTR(lc_config, "cgroups", cgroups, &lc__cgroups_schema),
    LC__OBJ(lc_config, "context", &lc__context_schema),
    LC__STR(lc_config, "domainname", domainname, 0),
    LC__ROW(lc_config, "environment", LC__K_STRV, 0, env, offsetof(lc_config, env_len), 0, 0, NULL,
            NULL),
    LC__ARRAY(lc_config, "gid_mappings", gid_mappings, &lc__id_map_schema, 0),
    LC__STR(lc_config, "hostname", hostname, 0),
    LC__STRV(lc_config, "inheritable_capabilities", inheritable_capabilities, 0),
    LC__STRV(lc_config, "mask_paths", mask_paths, 0),
    LC__OBJ(lc_config, "mount_config", &lc__mount_config_schema),
    LC__CODE(lc_config, "namespaces", namespaces, &lc__hook_namespaces, 0),
    LC__ARRAY(lc_config, "networks", networks, &lc__network_schema, 0),
    LC__BOOL(lc_config, "no_new_privileges", no_new_privileges, 0),
    LC__INTP(lc_config, "oom_score_adj", oom_score_adj, -1000, 1000, 0),
    LC__CODE(lc_config, "parent_death_signal", parent_death_signal, &lc__hook_signal, 0),
    LC__STR(lc_config, "process_label", process_label, LC__F_ALIAS),
    LC__STRV(lc_config, "readonly_paths", readonly_paths, 0),
    LC__BOOL(lc_config, "readonlyfs", readonly_fs, LC__F_ALIAS),
    LC__ARRAY(lc_config, "rlimits", rlimits, &lc__rlimit_schema, 0),
    LC__STR(lc_config, "rootfs", rootfs, 0),
    LC__ARRAY(lc_config, "routes", routes, &lc__route_schema, 0),
    LC__PTR(lc_config, "seccomp", seccomp, &lc__seccomp_schema),
    LC__MAP(lc_config, "system_properties", system_properties, 0),
    LC__BOOL(lc_config, "tty", tty, LC__F_ALWAYS),
    LC__ARRAY(lc_config, "uid_mappings", uid_mappings, &lc__id_map_schema, 0),
    LC__INTP(lc_config, "umask", umask, 0, 0777, 0),
    LC__STR(lc_config, "user", user, 0),
    LC__STR(lc_config, "working_dir", working_dir, 0),
};
static const lc__schema lc__config_schema = LC__SCHEMA(lc_config, lc__config_rows, NULL, NULL);

/* The device nodes of a config that lists none; an OCI config gets them
   beside its own. */
static const struct {
    const char *path;
    int major, minor;
} lc__default_nodes[] = {
    {"/dev/null", 1, 3},   {"/dev/zero", 1, 5},    {"/dev/full", 1, 7},
    {"/dev/random", 1, 8}, {"/dev/urandom", 1, 9}, {"/dev/tty", 5, 0},
};
#define LC__NDEFAULT_NODES (sizeof lc__default_nodes / sizeof lc__default_nodes[0])

/* Default node i as a device: a character device, 0666, all but its path
   (which the caller owns). */
static void lc__default_node(size_t i, lc_device *d)
{
    d->type = 'c';
    d->major = lc__default_nodes[i].major;
    d->minor = lc__default_nodes[i].minor;
    d->file_mode = 0666;
}

/* ---- the OCI config.json ---- */

static int lc__cap_from_name(const char *name);

/* The runtime specification's config.json (1.0.0 to 1.2.x) onto the same
   lc_config, by meaning, with tables of its own. A key the specification
   does not define is ignored, as it asks of runtimes (the log hears of it);
   one it defines that this runtime cannot honour yet is refused, naming it,
   never dropped. annotations are read and checked, and not kept. */

/* A key of the specification the model has no place for yet: null, false,
   {} and [] ask for nothing and pass. */
static int lc__oci_refuse_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    const lc__json_tok *t = &c->t[v];
    (void)field;
    (void)base;
    if (lc__cfg_is_null(c, v) || (t->type == LC__JSON_PRIMITIVE && c->js[t->start] == 'f') ||
        ((t->type == LC__JSON_OBJECT || t->type == LC__JSON_ARRAY) && t->size == 0))
        return 0;
    return lc__cfg_fail(c, NULL, "not supported by this runtime");
}
static const lc__code lc__hook_oci_refuse = {lc__oci_refuse_parse, NULL, NULL, NULL};
#define LC__OCI_REFUSE(key)                                                                        \
    {                                                                                              \
        key, LC__K_HOOK, LC__F_ALIAS, 0, 0, 0, 0, NULL, &lc__hook_oci_refuse                       \
    }

/* ociVersion: a major version of 1. */
static int lc__oci_version_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    char *s = NULL, msg[96];
    int rc;
    (void)field;
    (void)base;
    if ((rc = lc__cfg_dup(c, v, &s)) < 0)
        return rc;
    if (strncmp(s, "1.", 2) != 0 || !lc__json_is_digit((unsigned char)s[2])) {
        snprintf(msg, sizeof msg, "%.32s: only major version 1 of the specification is read", s);
        rc = lc__cfg_fail(c, NULL, msg);
    }
    LIBCONTAINER_FREE(s);
    return rc;
}
static const lc__code lc__hook_oci_version = {lc__oci_version_parse, NULL, NULL, NULL};

/* annotations: an object of strings, checked and not kept. */
static int lc__oci_annotations_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    size_t mark;
    char key[8];
    int k, left;
    (void)field;
    (void)base;
    if (lc__cfg_is_null(c, v))
        return 0;
    if (c->t[v].type != LC__JSON_OBJECT)
        return lc__cfg_fail(c, NULL, "expected an object");
    for (k = v + 1, left = c->t[v].size; left > 0; left--, k = lc__json_skip(c->t, k)) {
        mark = lc__cfg_enter_key(c, k, key, sizeof key);
        if (c->t[k + 1].type != LC__JSON_STRING)
            return lc__cfg_fail(c, NULL, "expected a string");
        lc__cfg_leave(c, mark);
    }
    return 0;
}
static const lc__code lc__hook_oci_annotations = {lc__oci_annotations_parse, NULL, NULL, NULL};

/* process.user: numeric uid and gid into user as "uid:gid"; umask and
   additionalGids. */
typedef struct lc__oci_user {
    unsigned int uid, gid;
    int *umask;
    char **gids;
    size_t gids_len;
} lc__oci_user;

static const lc__row lc__oci_user_rows[] = {
    LC__STRV(lc__oci_user, "additionalGids", gids, LC__F_NUMBERS),
    LC__U32(lc__oci_user, "gid", gid, 0, (long long)LC__MAX_ID, 0),
    LC__U32(lc__oci_user, "uid", uid, 0, (long long)LC__MAX_ID, 0),
    LC__INTP(lc__oci_user, "umask", umask, 0, 0777, 0),
    LC__OCI_REFUSE("username"),
};
static const lc__schema lc__oci_user_schema =
    LC__SCHEMA(lc__oci_user, lc__oci_user_rows, NULL, NULL);

static int lc__oci_user_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    lc_config *cfg = (lc_config *)base;
    lc__oci_user u;
    char id[24];
    int rc;
    (void)field;
    memset(&u, 0, sizeof u);
    if (lc__cfg_is_null(c, v))
        return 0;
    if ((rc = lc__cfg_fields(c, v, &lc__oci_user_schema, &u)) == 0) {
        snprintf(id, sizeof id, "%u:%u", u.uid, u.gid);
        LIBCONTAINER_FREE(cfg->user);
        if (!(cfg->user = lc_strdup(id)))
            rc = lc__cfg_oom(c);
    }
    if (rc == 0) {
        LIBCONTAINER_FREE(cfg->umask);
        cfg->umask = u.umask;
        u.umask = NULL;
        lc__cfg_free_strv(cfg->additional_groups, cfg->additional_groups_len);
        cfg->additional_groups = u.gids;
        cfg->additional_groups_len = u.gids_len;
        u.gids = NULL;
    }
    lc__cfg_release(&lc__oci_user_schema, &u);
    return rc;
}
static const lc__code lc__hook_oci_user = {lc__oci_user_parse, NULL, NULL, NULL};

/* process.capabilities: the model keeps one set for bounding, permitted
   and effective, so those three must name the same capabilities;
   inheritable and ambient are their own. */
typedef struct lc__oci_caps {
    char **set[5];
    size_t len[5];
} lc__oci_caps;

static const lc__row lc__oci_caps_rows[] = {
    LC__ROW(lc__oci_caps, "ambient", LC__K_STRV, 0, set[4], offsetof(lc__oci_caps, len[4]), 0, 0,
            NULL, NULL),
    LC__ROW(lc__oci_caps, "bounding", LC__K_STRV, 0, set[0], offsetof(lc__oci_caps, len[0]), 0, 0,
            NULL, NULL),
    LC__ROW(lc__oci_caps, "effective", LC__K_STRV, 0, set[1], offsetof(lc__oci_caps, len[1]), 0, 0,
            NULL, NULL),
    LC__ROW(lc__oci_caps, "inheritable", LC__K_STRV, 0, set[3], offsetof(lc__oci_caps, len[3]), 0,
            0, NULL, NULL),
    LC__ROW(lc__oci_caps, "permitted", LC__K_STRV, 0, set[2], offsetof(lc__oci_caps, len[2]), 0, 0,
            NULL, NULL),
};
static const lc__schema lc__oci_caps_schema =
    LC__SCHEMA(lc__oci_caps, lc__oci_caps_rows, NULL, NULL);

/* Whether the capability lists a and b name the same set. */
static int lc__oci_same_caps(char **a, size_t na, char **b, size_t nb)
{
    uint64_t x = 0, y = 0;
    size_t i;
    for (i = 0; i < na; i++)
        x |= (uint64_t)1 << (lc__cap_from_name(a[i]) & 63);
    for (i = 0; i < nb; i++)
        y |= (uint64_t)1 << (lc__cap_from_name(b[i]) & 63);
    return x == y;
}

/* Whether the capability name is in the list. */
static int lc__oci_in_caps(const char *name, char **list, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (lc__cap_from_name(list[i]) == lc__cap_from_name(name))
            return 1;
    return 0;
}

static int lc__oci_caps_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    static const char *const names[] = {"bounding", "effective", "permitted", "inheritable",
                                        "ambient"};
    lc_config *cfg = (lc_config *)base;
    lc__oci_caps k;
    char msg[128];
    size_t i, j;
    int rc;
    (void)field;
    memset(&k, 0, sizeof k);
    if (lc__cfg_is_null(c, v))
        return 0;
    rc = lc__cfg_fields(c, v, &lc__oci_caps_schema, &k);
    for (i = 0; rc == 0 && i < 5; i++)
        for (j = 0; rc == 0 && j < k.len[i]; j++)
            if (lc__cap_from_name(k.set[i][j]) < 0) {
                snprintf(msg, sizeof msg, "unknown capability %.64s", k.set[i][j]);
                rc = lc__cfg_fail(c, names[i], msg);
            }
    for (i = 1; rc == 0 && i < 3; i++)
        if (!lc__oci_same_caps(k.set[0], k.len[0], k.set[i], k.len[i]))
            rc = lc__cfg_fail(c, names[i],
                              "differs from bounding: this runtime keeps one set "
                              "for bounding, effective and permitted");
    if (rc == 0) {
        lc__cfg_free_strv(cfg->capabilities, cfg->capabilities_len);
        lc__cfg_free_strv(cfg->inheritable_capabilities, cfg->inheritable_capabilities_len);
        lc__cfg_free_strv(cfg->ambient_capabilities, cfg->ambient_capabilities_len);
        cfg->capabilities = k.set[0];
        cfg->capabilities_len = k.len[0];
        cfg->inheritable_capabilities = k.set[3];
        cfg->inheritable_capabilities_len = k.len[3];
        cfg->ambient_capabilities = k.set[4];
        cfg->ambient_capabilities_len = k.len[4];
        k.set[0] = k.set[3] = k.set[4] = NULL;
        /* the kernel raises no ambient capability that is not inheritable:
           such an entry is left out, and the log hears of it (as runc's
           default spec, with none inheritable, runs there) */
        for (i = j = 0; i < cfg->ambient_capabilities_len; i++) {
            char *a = cfg->ambient_capabilities[i];
            if (!lc__oci_in_caps(a, cfg->inheritable_capabilities,
                                 cfg->inheritable_capabilities_len)) {
                lc__logf(c->log, LIBCONTAINER_LOG_WARN,
                         "config: %s%s%s.ambient: %s is not inheritable; left out of the "
                         "ambient set",
                         c->name ? c->name : "", c->name ? ": " : "", c->path, a);
                LIBCONTAINER_FREE(a);
                continue;
            }
            cfg->ambient_capabilities[j++] = a;
        }
        if (cfg->ambient_capabilities)
            cfg->ambient_capabilities[j] = NULL;
        cfg->ambient_capabilities_len = j;
        /* an absent inheritable set is an empty one */
        if (!cfg->inheritable_capabilities &&
            !(cfg->inheritable_capabilities = (char **)lc__cfg_zalloc(1, sizeof(char *))))
            rc = lc__cfg_oom(c);
    }
    lc__cfg_release(&lc__oci_caps_schema, &k);
    return rc;
}
static const lc__code lc__hook_oci_caps = {lc__oci_caps_parse, NULL, NULL, NULL};

/* mounts[].options: flags, propagation and the filesystem's data, as runc
   reads them; a word it does not know is the filesystem's. */
static const struct {
    const char *name;
    int clear;
    unsigned long flag;
} lc__oci_mount_words[] = {
    {"async", 1, MS_SYNCHRONOUS},
    {"atime", 1, MS_NOATIME},
    {"bind", 0, MS_BIND},
    {"defaults", 0, 0},
    {"dev", 1, MS_NODEV},
    {"diratime", 1, MS_NODIRATIME},
    {"dirsync", 0, MS_DIRSYNC},
    {"exec", 1, MS_NOEXEC},
    {"mand", 0, MS_MANDLOCK},
    {"noatime", 0, MS_NOATIME},
    {"nodev", 0, MS_NODEV},
    {"nodiratime", 0, MS_NODIRATIME},
    {"noexec", 0, MS_NOEXEC},
    {"nomand", 1, MS_MANDLOCK},
    {"norelatime", 1, MS_RELATIME},
    {"nostrictatime", 1, MS_STRICTATIME},
    {"nosuid", 0, MS_NOSUID},
    {"nosymfollow", 0, MS_NOSYMFOLLOW},
    {"rbind", 0, MS_BIND | MS_REC},
    {"relatime", 0, MS_RELATIME},
    {"ro", 0, MS_RDONLY},
    {"rw", 1, MS_RDONLY},
    {"strictatime", 0, MS_STRICTATIME},
    {"suid", 1, MS_NOSUID},
    {"sync", 0, MS_SYNCHRONOUS},
};

static const struct {
    const char *name;
    unsigned long propagation;
} lc__oci_propagation[] = {
    {"private", MS_PRIVATE},       {"rprivate", MS_PRIVATE | MS_REC},
    {"shared", MS_SHARED},         {"rshared", MS_SHARED | MS_REC},
    {"slave", MS_SLAVE},           {"rslave", MS_SLAVE | MS_REC},
    {"unbindable", MS_UNBINDABLE}, {"runbindable", MS_UNBINDABLE | MS_REC},
};

static int lc__oci_options_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    lc_mount *m = (lc_mount *)base;
    char **words = NULL, *data;
    size_t n = 0, i, j, dlen = 0;
    int rc;
    (void)field;
    if ((rc = lc__cfg_strv(c, v, 0, &words, &n)) < 0)
        goto out;
    for (i = 0; i < n; i++) {
        for (j = 0; j < sizeof lc__oci_mount_words / sizeof lc__oci_mount_words[0] &&
                    strcmp(words[i], lc__oci_mount_words[j].name) != 0;
             j++)
            ;
        if (j < sizeof lc__oci_mount_words / sizeof lc__oci_mount_words[0]) {
            if (lc__oci_mount_words[j].clear)
                m->flags &= ~lc__oci_mount_words[j].flag;
            else
                m->flags |= lc__oci_mount_words[j].flag;
            continue;
        }
        for (j = 0; j < sizeof lc__oci_propagation / sizeof lc__oci_propagation[0] &&
                    strcmp(words[i], lc__oci_propagation[j].name) != 0;
             j++)
            ;
        if (j < sizeof lc__oci_propagation / sizeof lc__oci_propagation[0]) {
            m->propagation = lc__oci_propagation[j].propagation;
            continue;
        }
        if (!strcmp(words[i], "remount") || !strcmp(words[i], "tmpcopyup") ||
            !strcmp(words[i], "idmap") || !strcmp(words[i], "ridmap")) {
            size_t mark = lc__cfg_enter(c, NULL, 0, i);
            rc = lc__cfg_fail(c, NULL, "not supported by this runtime");
            lc__cfg_leave(c, mark);
            goto out;
        }
        /* the filesystem's own: joined with commas into data */
        data = (char *)LIBCONTAINER_MALLOC(dlen + strlen(words[i]) + 2);
        if (!data) {
            rc = lc__cfg_oom(c);
            goto out;
        }
        snprintf(data, dlen + strlen(words[i]) + 2, "%s%s%s", m->data ? m->data : "",
                 m->data ? "," : "", words[i]);
        LIBCONTAINER_FREE(m->data);
        m->data = data;
        dlen = strlen(data);
    }
out:
    lc__cfg_free_strv(words, n);
    return rc;
}
static const lc__code lc__hook_oci_options = {lc__oci_options_parse, NULL, NULL, NULL};

/* A bind (by its type or its options) is the model's "bind". */
static void lc__oci_mount_done(void *base)
{
    lc_mount *m = (lc_mount *)base;
    if (m->flags & MS_BIND) {
        LIBCONTAINER_FREE(m->type);
        m->type = lc_strdup("bind");
    } else if (m->type && !strcmp(m->type, "bind")) {
        m->flags |= MS_BIND;
    }
}

static const lc__row lc__oci_mount_rows[] = {
    LC__STR(lc_mount, "destination", destination, LC__F_REQUIRED),
    LC__OCI_REFUSE("gidMappings"),
    LC__CODE(lc_mount, "options", flags, &lc__hook_oci_options, 0),
    LC__STR(lc_mount, "source", source, 0),
    LC__STR(lc_mount, "type", type, 0),
    LC__OCI_REFUSE("uidMappings"),
};
static const lc__schema lc__oci_mount_schema =
    LC__SCHEMA(lc_mount, lc__oci_mount_rows, NULL, lc__oci_mount_done);

/* linux.namespaces: [{"type": "pid", "path": ...}], the specification's
   names. */
static int lc__oci_ns_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    lc_config *cfg = (lc_config *)base;

    lc__cfg_ns_release(field, base);
    if (lc__cfg_is_null(c, v))
        return 0;
    if (c->t[v].type != LC__JSON_ARRAY)
        return lc__cfg_fail(c, NULL, "expected an array");
    if (c->t[v].size == 0)
        return 0;
    cfg->namespaces = (lc_namespace *)lc__cfg_zalloc((size_t)c->t[v].size, sizeof *cfg->namespaces);
    if (!cfg->namespaces)
        return lc__cfg_oom(c);
    return lc__cfg_ns_list(c, v, cfg, 1);
}
static const lc__code lc__hook_oci_ns = {lc__oci_ns_parse, NULL, NULL, NULL};

static const lc__row lc__oci_id_map_rows[] = {
    LC__U32(lc_id_map, "containerID", container_id, 0, 4294967295LL, LC__F_REQUIRED),
    LC__U32(lc_id_map, "hostID", host_id, 0, 4294967295LL, LC__F_REQUIRED),
    LC__U32(lc_id_map, "size", size, 0, 4294967295LL, LC__F_REQUIRED),
};
static const lc__schema lc__oci_id_map_schema =
    LC__SCHEMA(lc_id_map, lc__oci_id_map_rows, NULL, NULL);

/* A device's type: "c" (or "u"), "b"; the model's 'c' and 'b'. */
static int lc__oci_devtype_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    char *s = NULL;
    int rc;
    (void)base;
    if ((rc = lc__cfg_dup(c, v, &s)) < 0)
        return rc;
    if (!strcmp(s, "c") || !strcmp(s, "u"))
        *(char *)field = 'c';
    else if (!strcmp(s, "b"))
        *(char *)field = 'b';
    else if (!strcmp(s, "p"))
        rc = lc__cfg_fail(c, NULL, "p (a FIFO) is not supported by this runtime");
    else
        rc = lc__cfg_fail(c, NULL, "expected c, u or b");
    LIBCONTAINER_FREE(s);
    return rc;
}
static const lc__code lc__hook_oci_devtype = {lc__oci_devtype_parse, NULL, NULL, NULL};

static void lc__oci_device_init(void *base)
{
    ((lc_device *)base)->file_mode = 0666;
}

static const lc__row lc__oci_device_rows[] = {
    LC__U32(lc_device, "fileMode", file_mode, 0, 07777, 0),
    LC__U32(lc_device, "gid", gid, 0, (long long)LC__MAX_ID, 0),
    LC__LL(lc_device, "major", major, 0, 4294967295LL, LC__F_REQUIRED),
    LC__LL(lc_device, "minor", minor, 0, 4294967295LL, LC__F_REQUIRED),
    LC__STR(lc_device, "path", path, LC__F_REQUIRED),
    LC__CODE(lc_device, "type", type, &lc__hook_oci_devtype, LC__F_REQUIRED),
    LC__U32(lc_device, "uid", uid, 0, (long long)LC__MAX_ID, 0),
};
static const lc__schema lc__oci_device_schema =
    LC__SCHEMA(lc_device, lc__oci_device_rows, lc__oci_device_init, NULL);

/* The mounts the runtime makes itself (proc, sysfs, the /dev tmpfs, devpts,
   shm, mqueue), as the specification's example lists them: such an entry
   is the runtime's own mount, with its own options, and is not made again. */
static const struct {
    const char *destination, *type;
} lc__oci_own_mounts[] = {
    {"/proc", "proc"},      {"/sys", "sysfs"},     {"/dev", "tmpfs"},
    {"/dev/pts", "devpts"}, {"/dev/shm", "tmpfs"}, {"/dev/mqueue", "mqueue"},
};

static int lc__oci_mounts_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    static const lc__row row = LC__ARRAY(lc_config, "mounts", mounts, &lc__oci_mount_schema, 0);
    lc_config *cfg = (lc_config *)base;
    size_t i, j, mark, kept = 0;
    struct statfs sf;
    int rc;
    (void)field;
    if ((rc = lc__cfg_list(c, v, &row, base)) < 0)
        return rc;
    for (i = 0; i < cfg->mounts_len; i++) {
        lc_mount *m = &cfg->mounts[i];
        for (j = 0; j < sizeof lc__oci_own_mounts / sizeof lc__oci_own_mounts[0]; j++)
            if (m->type && !strcmp(m->destination, lc__oci_own_mounts[j].destination) &&
                !strcmp(m->type, lc__oci_own_mounts[j].type))
                break;
        if (j < sizeof lc__oci_own_mounts / sizeof lc__oci_own_mounts[0]) {
            if (!strcmp(m->destination, "/sys") && (m->flags & MS_RDONLY))
                cfg->readonly_sysfs = 1;
            lc__cfg_release(&lc__mount_schema, m);
            continue;
        }
        /* the container's cgroup view: cgroup2, where the host has cgroup v2 alone */
        if (m->type && !strcmp(m->type, "cgroup")) {
            if (statfs("/sys/fs/cgroup", &sf) < 0 || sf.f_type != 0x63677270 /* cgroup2 */) {
                mark = lc__cfg_enter(c, NULL, 0, i);
                rc = lc__cfg_fail(c, "type",
                                  "cgroup: this runtime mounts the cgroup view only "
                                  "where the host has cgroup v2 alone");
                lc__cfg_leave(c, mark);
                break;
            }
            LIBCONTAINER_FREE(m->type);
            if (!(m->type = lc_strdup("cgroup2"))) {
                rc = lc__cfg_oom(c);
                break;
            }
        }
        if (kept != i) {
            cfg->mounts[kept] = *m;
            memset(m, 0, sizeof *m);
        }
        kept++;
    }
    /* on an error every slot is whole or empty, and all are freed */
    if (rc == 0)
        cfg->mounts_len = kept;
    return rc;
}
static const lc__code lc__hook_oci_mounts = {lc__oci_mounts_parse, NULL, NULL, NULL};

/* linux.devices: the nodes given, and the default ones the specification
   requires of a runtime, where the config does not name them. */
static int lc__oci_devices_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    static const lc__row row = LC__ARRAY(lc_config, "devices", devices, &lc__oci_device_schema, 0);
    lc_config *cfg = (lc_config *)base;
    size_t n = LC__NDEFAULT_NODES, i, j;
    lc_device *d;
    int rc;
    (void)field;
    if ((rc = lc__cfg_list(c, v, &row, base)) < 0 || !cfg->devices_len)
        return rc;
    d = (lc_device *)lc__cfg_zalloc(cfg->devices_len + n, sizeof *d);
    if (!d)
        return lc__cfg_oom(c);
    memcpy(d, cfg->devices, cfg->devices_len * sizeof *d);
    LIBCONTAINER_FREE(cfg->devices);
    cfg->devices = d;
    for (i = 0; i < n; i++) {
        for (j = 0; j < cfg->devices_len && strcmp(d[j].path, lc__default_nodes[i].path); j++)
            ;
        if (j < cfg->devices_len)
            continue;
        lc__default_node(i, &d[cfg->devices_len]);
        if (!(d[cfg->devices_len].path = lc_strdup(lc__default_nodes[i].path)))
            return lc__cfg_oom(c);
        cfg->devices_len++;
    }
    return 0;
}
static const lc__code lc__hook_oci_devices = {lc__oci_devices_parse, NULL, NULL, NULL};

/* linux.cgroupsPath: "a/b/c" (or "/a/b/c") is the cgroup c below a/b,
   itself below the runtime's own cgroup. */
static int lc__oci_cgpath_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    lc_config *cfg = (lc_config *)base;
    char *path = NULL, *start, *slash;
    int rc;
    (void)field;
    if (lc__cfg_is_null(c, v))
        return 0;
    if ((rc = lc__cfg_dup(c, v, &path)) < 0)
        return rc;
    if (strchr(path, ':')) {
        rc = lc__cfg_fail(c, NULL,
                          "a systemd slice:prefix:name path; this runtime manages "
                          "cgroups itself");
        goto out;
    }
    for (start = path; *start == '/'; start++)
        ;
    if (!*start)
        goto out;
    if (!cfg->cgroups && !(cfg->cgroups = (lc_cgroups *)lc__cfg_new(&lc__cgroups_schema))) {
        rc = lc__cfg_oom(c);
        goto out;
    }
    slash = strrchr(start, '/');
    LIBCONTAINER_FREE(cfg->cgroups->name);
    LIBCONTAINER_FREE(cfg->cgroups->parent);
    cfg->cgroups->parent = slash ? lc__strndup(start, (size_t)(slash - start)) : NULL;
    cfg->cgroups->name = lc_strdup(slash ? slash + 1 : start);
    if (!cfg->cgroups->name || (slash && !cfg->cgroups->parent))
        rc = lc__cfg_oom(c);
out:
    LIBCONTAINER_FREE(path);
    return rc;
}
static const lc__code lc__hook_oci_cgpath = {lc__oci_cgpath_parse, NULL, NULL, NULL};

/* linux.resources.devices: the model filters every device but those it
   allows, so a deny-all rule is what it does anyway; allow rules are its
   allowed_devices. A deny rule that narrows an allow is not supported. */
typedef struct lc__oci_devrule {
    int allow;
    char *type;
    long long major, minor;
    char *access;
} lc__oci_devrule;

static void lc__oci_devrule_init(void *base)
{
    ((lc__oci_devrule *)base)->major = ((lc__oci_devrule *)base)->minor = -1;
}

static const lc__row lc__oci_devrule_rows[] = {
    LC__STR(lc__oci_devrule, "access", access, 0),
    LC__BOOL(lc__oci_devrule, "allow", allow, LC__F_REQUIRED),
    LC__LL(lc__oci_devrule, "major", major, -1, 4294967295LL, 0),
    LC__LL(lc__oci_devrule, "minor", minor, -1, 4294967295LL, 0),
    LC__STR(lc__oci_devrule, "type", type, 0),
};
static const lc__schema lc__oci_devrule_schema =
    LC__SCHEMA(lc__oci_devrule, lc__oci_devrule_rows, lc__oci_devrule_init, NULL);

static int lc__oci_devrules_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    lc_cgroups *cg = (lc_cgroups *)base;
    size_t i, mark;
    int e, rc = 0;
    (void)field;
    if (lc__cfg_is_null(c, v))
        return 0;
    if (c->t[v].type != LC__JSON_ARRAY)
        return lc__cfg_fail(c, NULL, "expected an array");
    if (c->t[v].size == 0)
        return 0;
    cg->allowed_devices = (lc_device *)lc__cfg_zalloc((size_t)c->t[v].size, sizeof(lc_device));
    if (!cg->allowed_devices)
        return lc__cfg_oom(c);
    for (i = 0, e = v + 1; i < (size_t)c->t[v].size && rc == 0; i++, e = lc__json_skip(c->t, e)) {
        lc__oci_devrule r;
        const char *type, *access;
        int any;
        memset(&r, 0, sizeof r);
        lc__oci_devrule_init(&r);
        mark = lc__cfg_enter(c, NULL, 0, i);
        if ((rc = lc__cfg_fields(c, e, &lc__oci_devrule_schema, &r)) == 0) {
            type = r.type ? r.type : "a";
            access = r.access ? r.access : "rwm";
            any = !strcmp(type, "a") && r.major < 0 && r.minor < 0;
            if (strlen(type) != 1 || !strchr("abc", type[0]))
                rc = lc__cfg_fail(c, "type", "expected a, b or c");
            else if (strlen(access) > 3 || strspn(access, "rwm") != strlen(access))
                rc = lc__cfg_fail(c, "access", "expected letters of rwm");
            else if (!r.allow && !(any && strspn("rwm", access) == 3 && !cg->allowed_devices_len &&
                                   !cg->allow_all_devices))
                rc = lc__cfg_fail(c, NULL,
                                  "a deny rule other than a first deny-all is not "
                                  "supported by this runtime");
            else if (r.allow && any && strspn("rwm", access) == 3) {
                cg->allow_all_devices = 1;
            } else if (r.allow) {
                lc_device *d = &cg->allowed_devices[cg->allowed_devices_len++];
                d->type = type[0];
                d->major = r.major;
                d->minor = r.minor;
                snprintf(d->permissions, sizeof d->permissions, "%s", access);
            }
        }
        lc__cfg_release(&lc__oci_devrule_schema, &r);
        lc__cfg_leave(c, mark);
    }
    return rc;
}
static const lc__code lc__hook_oci_devrules = {lc__oci_devrules_parse, NULL, NULL, NULL};

static const lc__row lc__oci_memory_rows[] = {
    LC__OCI_REFUSE("checkBeforeUpdate"),
    LC__OCI_REFUSE("disableOOMKiller"),
    LC__OCI_REFUSE("kernel"),
    LC__OCI_REFUSE("kernelTCP"),
    LC__LL(lc_cgroups, "limit", memory, -1, LLONG_MAX, 0),
    LC__LL(lc_cgroups, "reservation", memory_reservation, -1, LLONG_MAX, 0),
    LC__LL(lc_cgroups, "swap", memory_swap, -1, LLONG_MAX, 0),
    LC__OCI_REFUSE("swappiness"),
    LC__OCI_REFUSE("useHierarchy"),
};
static const lc__schema lc__oci_memory_schema =
    LC__SCHEMA(lc_cgroups, lc__oci_memory_rows, NULL, NULL);

static const lc__row lc__oci_cpu_rows[] = {
    LC__LL(lc_cgroups, "burst", cpu_burst, 0, LLONG_MAX, 0),
    LC__STR(lc_cgroups, "cpus", cpuset_cpus, 0),
    LC__LL(lc_cgroups, "idle", cpu_idle, 0, 1, 0),
    LC__STR(lc_cgroups, "mems", cpuset_mems, 0),
    LC__LL(lc_cgroups, "period", cpu_period, 0, LLONG_MAX, 0),
    LC__LL(lc_cgroups, "quota", cpu_quota, -1, LLONG_MAX, 0),
    LC__OCI_REFUSE("realtimePeriod"),
    LC__OCI_REFUSE("realtimeRuntime"),
    LC__LL(lc_cgroups, "shares", cpu_shares, 0, LLONG_MAX, 0),
};
static const lc__schema lc__oci_cpu_schema = LC__SCHEMA(lc_cgroups, lc__oci_cpu_rows, NULL, NULL);

static const lc__row lc__oci_pids_rows[] = {
    LC__LL(lc_cgroups, "limit", pids_limit, -1, LLONG_MAX, 0),
};
static const lc__schema lc__oci_pids_schema = LC__SCHEMA(lc_cgroups, lc__oci_pids_rows, NULL, NULL);

static const lc__row lc__oci_blkio_rows[] = {
    LC__OCI_REFUSE("leafWeight"),
    LC__OCI_REFUSE("throttleReadBpsDevice"),
    LC__OCI_REFUSE("throttleReadIOPSDevice"),
    LC__OCI_REFUSE("throttleWriteBpsDevice"),
    LC__OCI_REFUSE("throttleWriteIOPSDevice"),
    LC__LL(lc_cgroups, "weight", blkio_weight, 0, 1000, 0),
    LC__OCI_REFUSE("weightDevice"),
};
static const lc__schema lc__oci_blkio_schema =
    LC__SCHEMA(lc_cgroups, lc__oci_blkio_rows, NULL, NULL);

static const lc__row lc__oci_resources_rows[] = {
    LC__OBJ(lc_cgroups, "blockIO", &lc__oci_blkio_schema),
    LC__OBJ(lc_cgroups, "cpu", &lc__oci_cpu_schema),
    LC__CODE(lc_cgroups, "devices", allowed_devices, &lc__hook_oci_devrules, 0),
    LC__OCI_REFUSE("hugepageLimits"),
    LC__OBJ(lc_cgroups, "memory", &lc__oci_memory_schema),
    LC__OCI_REFUSE("network"),
    LC__OBJ(lc_cgroups, "pids", &lc__oci_pids_schema),
    LC__OCI_REFUSE("rdma"),
    LC__MAP(lc_cgroups, "unified", unified, 0),
};
static const lc__schema lc__oci_resources_schema =
    LC__SCHEMA(lc_cgroups, lc__oci_resources_rows, NULL, NULL);

/* linux.seccomp: each syscalls entry names several calls; the model has a
   rule per call. The filter is built for the architecture it runs on;
   architectures names what the config was written for. */
typedef struct lc__oci_sc_rule {
    char **names;
    size_t names_len;
    int action;
    int errno_ret;
    lc_seccomp_arg *args;
    size_t args_len;
} lc__oci_sc_rule;

static const lc__row lc__oci_sc_arg_rows[] = {
    LC__U32(lc_seccomp_arg, "index", index, 0, 5, LC__F_REQUIRED),
    LC__CODE(lc_seccomp_arg, "op", op, &lc__hook_op, LC__F_REQUIRED),
    LC__U64(lc_seccomp_arg, "value", value, 0),
    LC__U64(lc_seccomp_arg, "valueTwo", value_two, 0),
};
static const lc__schema lc__oci_sc_arg_schema =
    LC__SCHEMA(lc_seccomp_arg, lc__oci_sc_arg_rows, NULL, NULL);

static void lc__oci_sc_rule_init(void *base)
{
    ((lc__oci_sc_rule *)base)->errno_ret = -1;
}

static const lc__row lc__oci_sc_rule_rows[] = {
    LC__CODE(lc__oci_sc_rule, "action", action, &lc__hook_action, LC__F_REQUIRED),
    LC__ARRAY(lc__oci_sc_rule, "args", args, &lc__oci_sc_arg_schema, 0),
    LC__CODE(lc__oci_sc_rule, "errnoRet", errno_ret, &lc__hook_rule_errno, 0),
    LC__STRV(lc__oci_sc_rule, "names", names, LC__F_REQUIRED),
};
static const lc__schema lc__oci_sc_rule_schema =
    LC__SCHEMA(lc__oci_sc_rule, lc__oci_sc_rule_rows, lc__oci_sc_rule_init, NULL);

typedef struct lc__oci_sc_list {
    lc__oci_sc_rule *rules;
    size_t rules_len;
} lc__oci_sc_list;

static int lc__oci_syscalls_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    static const lc__row row =
        LC__ARRAY(lc__oci_sc_list, "syscalls", rules, &lc__oci_sc_rule_schema, 0);
    lc_seccomp *sc = (lc_seccomp *)base;
    lc__oci_sc_list list = {NULL, 0};
    size_t i, j, n = 0;
    int rc;
    (void)field;
    if ((rc = lc__cfg_list(c, v, &row, &list)) < 0)
        goto out;
    for (i = 0; i < list.rules_len; i++)
        n += list.rules[i].names_len;
    if (n && !(sc->syscalls = (lc_seccomp_rule *)lc__cfg_zalloc(n, sizeof *sc->syscalls))) {
        rc = lc__cfg_oom(c);
        goto out;
    }
    for (i = 0; i < list.rules_len; i++) {
        lc__oci_sc_rule *o = &list.rules[i];
        for (j = 0; j < o->names_len; j++) {
            lc_seccomp_rule *r = &sc->syscalls[sc->syscalls_len++];
            r->nr = -1;
            r->action = o->action;
            r->errno_ret = o->errno_ret;
            lc__cfg_rule_done(r);
            r->name = lc_strdup(o->names[j]);
            if (o->args_len)
                r->args = (lc_seccomp_arg *)lc__cfg_zalloc(o->args_len, sizeof *r->args);
            if (!r->name || (o->args_len && !r->args)) {
                rc = lc__cfg_oom(c);
                goto out;
            }
            if (o->args_len)
                memcpy(r->args, o->args, o->args_len * sizeof *r->args);
            r->args_len = o->args_len;
        }
    }
out:
    for (i = 0; i < list.rules_len; i++)
        lc__cfg_release(&lc__oci_sc_rule_schema, &list.rules[i]);
    LIBCONTAINER_FREE(list.rules);
    return rc;
}
static const lc__code lc__hook_oci_syscalls = {lc__oci_syscalls_parse, NULL, NULL, NULL};

/* architectures: names of libseccomp's, read and checked to be strings. */
static int lc__oci_arches_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    char **names = NULL;
    size_t n = 0;
    int rc = lc__cfg_strv(c, v, 0, &names, &n);
    (void)field;
    (void)base;
    lc__cfg_free_strv(names, n);
    return rc;
}
static const lc__code lc__hook_oci_arches = {lc__oci_arches_parse, NULL, NULL, NULL};

static const lc__row lc__oci_seccomp_rows[] = {
    LC__CODE(lc_seccomp, "architectures", syscalls, &lc__hook_oci_arches, 0),
    LC__CODE(lc_seccomp, "defaultAction", default_action, &lc__hook_action, LC__F_REQUIRED),
    LC__CODE(lc_seccomp, "defaultErrnoRet", default_errno, &lc__hook_default_errno, 0),
    LC__OCI_REFUSE("flags"),
    LC__OCI_REFUSE("listenerMetadata"),
    LC__OCI_REFUSE("listenerPath"),
    LC__CODE(lc_seccomp, "syscalls", syscalls, &lc__hook_oci_syscalls, 0),
};
static const lc__schema lc__oci_seccomp_schema =
    LC__SCHEMA(lc_seccomp, lc__oci_seccomp_rows, lc__cfg_seccomp_init, lc__cfg_seccomp_done);

/* linux.rootfsPropagation: the container's / is rprivate (what the runtime
   makes it); the other kinds are not supported. */
static int lc__oci_rootprop_parse(lc__cfg_ctx *c, int v, void *field, void *base)
{
    char *s = NULL;
    int rc;
    (void)field;
    (void)base;
    if (lc__cfg_is_null(c, v))
        return 0;
    if ((rc = lc__cfg_dup(c, v, &s)) < 0)
        return rc;
    if (strcmp(s, "private") && strcmp(s, "rprivate"))
        rc = lc__cfg_fail(c, NULL, "only private and rprivate are supported by this runtime");
    LIBCONTAINER_FREE(s);
    return rc;
}
static const lc__code lc__hook_oci_rootprop = {lc__oci_rootprop_parse, NULL, NULL, NULL};

static const lc__row lc__oci_linux_rows[] = {
    LC__CODE(lc_config, "cgroupsPath", cgroups, &lc__hook_oci_cgpath, 0),
    LC__CODE(lc_config, "devices", devices, &lc__hook_oci_devices, 0),
    LC__ARRAY(lc_config, "gidMappings", gid_mappings, &lc__oci_id_map_schema, 0),
    LC__OCI_REFUSE("intelRdt"),
    LC__STRV(lc_config, "maskedPaths", mask_paths, 0),
    LC__STR(lc_config, "mountLabel", mount_label, 0),
    LC__CODE(lc_config, "namespaces", namespaces, &lc__hook_oci_ns, 0),
    LC__OCI_REFUSE("personality"),
    LC__STRV(lc_config, "readonlyPaths", readonly_paths, 0),
    LC__PTR(lc_config, "resources", cgroups, &lc__oci_resources_schema),
    LC__CODE(lc_config, "rootfsPropagation", rootfs, &lc__hook_oci_rootprop, 0),
    LC__PTR(lc_config, "seccomp", seccomp, &lc__oci_seccomp_schema),
    LC__MAP(lc_config, "sysctl", system_properties, 0),
    LC__OCI_REFUSE("timeOffsets"),
    LC__ARRAY(lc_config, "uidMappings", uid_mappings, &lc__oci_id_map_schema, 0),
};
static const lc__schema lc__oci_linux_schema =
    LC__SCHEMA(lc_config, lc__oci_linux_rows, NULL, NULL);

static const lc__row lc__oci_process_rows[] = {
    LC__STR(lc_config, "apparmorProfile", apparmor_profile, 0),
    LC__STRV(lc_config, "args", args, 0),
    LC__CODE(lc_config, "capabilities", capabilities, &lc__hook_oci_caps, 0),
    LC__OCI_REFUSE("consoleSize"),
    LC__STR(lc_config, "cwd", working_dir, LC__F_REQUIRED),
    LC__ROW(lc_config, "env", LC__K_STRV, 0, env, offsetof(lc_config, env_len), 0, 0, NULL, NULL),
    LC__OCI_REFUSE("execCPUAffinity"),
    LC__OCI_REFUSE("ioPriority"),
    LC__BOOL(lc_config, "noNewPrivileges", no_new_privileges, 0),
    LC__INTP(lc_config, "oomScoreAdj", oom_score_adj, -1000, 1000, 0),
    LC__ARRAY(lc_config, "rlimits", rlimits, &lc__rlimit_schema, 0),
    LC__OCI_REFUSE("scheduler"),
    LC__STR(lc_config, "selinuxLabel", process_label, 0),
    LC__BOOL(lc_config, "terminal", tty, 0),
    LC__CODE(lc_config, "user", user, &lc__hook_oci_user, 0),
};
static const lc__schema lc__oci_process_schema =
    LC__SCHEMA(lc_config, lc__oci_process_rows, NULL, NULL);

static const lc__row lc__oci_root_rows[] = {
    LC__STR(lc_config, "path", rootfs, LC__F_REQUIRED),
    LC__BOOL(lc_config, "readonly", readonly_fs, 0),
};
static const lc__schema lc__oci_root_schema = LC__SCHEMA(lc_config, lc__oci_root_rows, NULL, NULL);

static const lc__row lc__oci_config_rows[] = {
    LC__CODE(lc_config, "annotations", rootfs, &lc__hook_oci_annotations, 0),
    LC__STR(lc_config, "domainname", domainname, 0),
    LC__OCI_REFUSE("hooks"),
    LC__STR(lc_config, "hostname", hostname, 0),
    LC__OBJ(lc_config, "linux", &lc__oci_linux_schema),
    LC__CODE(lc_config, "mounts", mounts, &lc__hook_oci_mounts, 0),
    LC__CODE(lc_config, "ociVersion", rootfs, &lc__hook_oci_version, LC__F_REQUIRED),
    LC__OBJ(lc_config, "process", &lc__oci_process_schema),
    LC__OBJ(lc_config, "root", &lc__oci_root_schema),
};
static const lc__schema lc__oci_config_schema =
    LC__SCHEMA(lc_config, lc__oci_config_rows, NULL, NULL);

#undef LC__OCI_REFUSE

/* ---- the public calls ---- */

LCDEF int lc_config_new(lc_config **out, lc_error *err)
{
    lc_config *cfg;

    if (!out)
        return lc__fail(err, EINVAL, "config", "no place for the result");
    *out = NULL;
    cfg = (lc_config *)lc__cfg_zalloc(1, sizeof *cfg);
    if (!cfg)
        return lc__fail(err, ENOMEM, "config", "out of memory");
    *out = cfg;
    return 0;
}

LCDEF void lc_config_free(lc_config *cfg)
{
    if (!cfg)
        return;
    lc__cfg_release(&lc__config_schema, cfg);
    LIBCONTAINER_FREE(cfg);
}

LCDEF const lc_namespace *lc_config_namespace(const lc_config *cfg, int type)
{
    size_t i;

    if (!cfg)
        return NULL;
    for (i = 0; i < cfg->namespaces_len; i++)
        if (cfg->namespaces[i].type == type)
            return &cfg->namespaces[i];
    return NULL;
}

/* Parses json[0..len) by the table s into a new config; name (the file, or
   NULL) prefixes every message. */
static int lc__cfg_parse(const char *json, size_t len, const char *name, const lc_log *log,
                         const lc__schema *s, lc_config **out, lc_error *err)
{
    lc__json_tok *toks = NULL;
    lc__json_err jerr;
    lc__cfg_ctx c;
    lc_config *cfg = NULL;
    unsigned long line, col;
    int n, rc, dup = -1;

    if (!out)
        return lc__fail(err, EINVAL, "config", "no place for the result");
    *out = NULL;
    if (!json)
        return lc__fail(err, EINVAL, "config", "no JSON given");
    if (len > LIBCONTAINER_MAX_CONFIG_SIZE)
        return lc__fail(
            err, EFBIG, "config", "%s%slarger than LIBCONTAINER_MAX_CONFIG_SIZE (%lu bytes)",
            name ? name : "", name ? ": " : "", (unsigned long)LIBCONTAINER_MAX_CONFIG_SIZE);
    /* count first, so the token array is exactly as large as needed */
    n = lc__json_parse(json, len, NULL, 0, &jerr);
    if (n > 0) {
        toks = (lc__json_tok *)lc__cfg_zalloc((size_t)n, sizeof *toks);
        if (!toks)
            return lc__fail(err, ENOMEM, "config", "out of memory");
        n = lc__json_parse(json, len, toks, n, &jerr);
    }
    if (n < 0) {
        lc__json_position(json, jerr.offset, &line, &col);
        rc = lc__fail(err, n == LC__JSON_ERROR_LIMIT ? E2BIG : EINVAL, "config",
                      "%s%sline %lu, column %lu: %s", name ? name : "", name ? ": " : "", line, col,
                      jerr.msg);
        goto out;
    }
    if ((rc = lc__json_dup_key(json, toks, n, &dup)) < 0) {
        rc = lc__fail(err, ENOMEM, "config", "out of memory");
        goto out;
    }
    if (dup >= 0) {
        char where[512];
        lc__json_path(json, toks, dup, where, sizeof where);
        rc = lc__fail(err, EINVAL, "config", "%s%s%s: duplicate key", name ? name : "",
                      name ? ": " : "", where);
        goto out;
    }
    lc__logf(log, LIBCONTAINER_LOG_DEBUG, "config: %s%s%lu bytes, %d tokens", name ? name : "",
             name ? ": " : "", (unsigned long)len, n);
    if ((rc = lc_config_new(&cfg, err)) < 0)
        goto out;
    memset(&c, 0, sizeof c);
    c.js = json;
    c.t = toks;
    c.name = name;
    c.log = log;
    c.err = err;
    rc = lc__cfg_fields(&c, 0, s, cfg);
    if (rc == 0 && (rc = lc_config_check(cfg, err)) < 0 && name && err) {
        /* the file's name first, as in every message of the parse */
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg + sizeof "config: " - 1);
        lc__fail(err, err->code, "config", "%s: %s", name, msg);
    }
    if (rc < 0) {
        lc_config_free(cfg);
        goto out;
    }
    *out = cfg;
out:
    LIBCONTAINER_FREE(toks);
    return rc;
}

LCDEF int lc_config_parse(const char *json, size_t len, const lc_log *log, lc_config **out,
                          lc_error *err)
{
    return lc__cfg_parse(json, len, NULL, log, &lc__config_schema, out, err);
}

/* Reads the file at path, at most LIBCONTAINER_MAX_CONFIG_SIZE bytes, into a
   new buffer. */
static int lc__cfg_read(const char *path, char **out, size_t *outlen, lc_error *err)
{
    struct stat st;
    char *buf = NULL, *grown;
    size_t len = 0, cap;
    ssize_t n;
    int fd, rc = 0, e;

    *out = NULL;
    if (!path)
        return lc__fail(err, EINVAL, "config", "no path given");
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        e = errno;
        return lc__fail(err, e, "config", "%s: %s", path, strerror(e));
    }
    /* a regular file tells its size; pipes and the like grow the buffer */
    cap = 4096;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 &&
        (unsigned long long)st.st_size <= LIBCONTAINER_MAX_CONFIG_SIZE)
        cap = (size_t)st.st_size + 1;
    for (;;) {
        if (len == cap || !buf) {
            if (buf)
                cap *= 2;
            /* one byte past the limit is enough to know it was exceeded */
            if (cap > (size_t)LIBCONTAINER_MAX_CONFIG_SIZE + 1)
                cap = (size_t)LIBCONTAINER_MAX_CONFIG_SIZE + 1;
            grown = (char *)LIBCONTAINER_REALLOC(buf, cap);
            if (!grown) {
                rc = lc__fail(err, ENOMEM, "config", "%s: out of memory", path);
                break;
            }
            buf = grown;
        }
        n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            e = errno;
            rc = lc__fail(err, e, "config", "%s: %s", path, strerror(e));
            break;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > LIBCONTAINER_MAX_CONFIG_SIZE) {
            rc = lc__fail(err, EFBIG, "config",
                          "%s: larger than LIBCONTAINER_MAX_CONFIG_SIZE (%lu bytes)", path,
                          (unsigned long)LIBCONTAINER_MAX_CONFIG_SIZE);
            break;
        }
    }
    close(fd);
    if (rc < 0) {
        LIBCONTAINER_FREE(buf);
        return rc;
    }
    *out = buf;
    *outlen = len;
    return 0;
}

LCDEF int lc_config_load(const char *path, const lc_log *log, lc_config **out, lc_error *err)
{
    char *buf;
    size_t len = 0;
    int rc;

    if (!out)
        return lc__fail(err, EINVAL, "config", "no place for the result");
    *out = NULL;
    if ((rc = lc__cfg_read(path, &buf, &len, err)) < 0)
        return rc;
    rc = lc__cfg_parse(buf, len, path, log, &lc__config_schema, out, err);
    LIBCONTAINER_FREE(buf);
    return rc;
}

/* Writes cfg by the table s; the writer spells out what the input may have
   left short (every field of a device, for one): what it writes must still
   load, under the limits too. */
static int lc__cfg_write(const lc_config *cfg, const lc__schema *s, char **out, size_t *len,
                         lc_error *err)
{
    lc__cfg_out w;
    lc__json_err je;
    int n;

    if (!out)
        return lc__fail(err, EINVAL, "config", "no place for the result");
    *out = NULL;
    if (len)
        *len = 0;
    if (!cfg)
        return lc__fail(err, EINVAL, "config", "no config given");
    memset(&w, 0, sizeof w);
    lc__cfg_w_raw(&w, "{");
    w.depth = 1;
    w.first = 1;
    lc__cfg_w_fields(&w, s, cfg);
    lc__cfg_w_close(&w, "}");
    lc__cfg_w_raw(&w, "\n");
    if (w.rc) {
        LIBCONTAINER_FREE(w.buf);
        return lc__fail(err, -w.rc, "config", "cannot write: %s", w.why);
    }
    n = w.len > LIBCONTAINER_MAX_CONFIG_SIZE ? LC__JSON_ERROR_LIMIT
                                             : lc__json_parse(w.buf, w.len, NULL, 0, &je);
    if (n == LC__JSON_ERROR_LIMIT) {
        LIBCONTAINER_FREE(w.buf);
        return lc__fail(err, w.len > LIBCONTAINER_MAX_CONFIG_SIZE ? EFBIG : E2BIG, "config",
                        "cannot write: the written config would be over a limit (%s)",
                        w.len > LIBCONTAINER_MAX_CONFIG_SIZE
                            ? LC__JSON_LIMIT(LIBCONTAINER_MAX_CONFIG_SIZE) " bytes"
                            : je.msg);
    }
    *out = w.buf;
    if (len)
        *len = w.len;
    return 0;
}

LCDEF int lc_config_write(const lc_config *cfg, char **out, size_t *len, lc_error *err)
{
    return lc__cfg_write(cfg, &lc__config_schema, out, len, err);
}

LCDEF int lc_config_parse_oci(const char *json, size_t len, const lc_log *log, lc_config **out,
                              lc_error *err)
{
    return lc__cfg_parse(json, len, NULL, log, &lc__oci_config_schema, out, err);
}

LCDEF int lc_bundle_load(const char *dir, const lc_log *log, lc_config **out, lc_error *err)
{
    char bundle[PATH_MAX], path[PATH_MAX], cwd[PATH_MAX], *buf = NULL, *root;
    size_t len = 0;
    int rc;

    if (!out)
        return lc__fail(err, EINVAL, "config", "no place for the result");
    *out = NULL;
    if (!dir || !dir[0])
        return lc__fail(err, EINVAL, "config", "no bundle directory given");
    cwd[0] = '\0';
    if (dir[0] != '/' && !getcwd(cwd, sizeof cwd))
        return lc__fail(err, errno, "config", "the current directory: %s", strerror(errno));
    if ((size_t)snprintf(bundle, sizeof bundle, "%s%s%s", cwd, cwd[0] ? "/" : "", dir) >=
            sizeof bundle ||
        (size_t)snprintf(path, sizeof path, "%s/config.json", bundle) >= sizeof path)
        return lc__fail(err, ENAMETOOLONG, "config", "%s: bundle path too long", dir);
    if ((rc = lc__cfg_read(path, &buf, &len, err)) < 0)
        return rc;
    rc = lc__cfg_parse(buf, len, path, log, &lc__oci_config_schema, out, err);
    LIBCONTAINER_FREE(buf);
    /* root.path is relative to the bundle */
    if (rc == 0 && (*out)->rootfs && (*out)->rootfs[0] != '/') {
        len = strlen(bundle) + strlen((*out)->rootfs) + 2;
        if (!(root = (char *)LIBCONTAINER_MALLOC(len))) {
            lc_config_free(*out);
            *out = NULL;
            return lc__fail(err, ENOMEM, "config", "out of memory");
        }
        snprintf(root, len, "%s/%s", bundle, (*out)->rootfs);
        LIBCONTAINER_FREE((*out)->rootfs);
        (*out)->rootfs = root;
    }
    return rc;
}

/* ---- config: the one validation pass ----------------------------------------

   Every rule a config must keep whatever the host, checked once, before
   anything is made: by the parser at the end, and by a start or a join
   first, so that a config built by hand is held to the same. What depends
   on the host (a bridge, a kernel's capabilities, an LSM) is checked by the
   start, still before anything is made. */

static int lc__syscall_nr(const char *name);
static int lc__net_config_check(const lc_config *cfg, lc_error *err);

/* Whether s holds a control character (tabs with tab 1): a value written
   to a kernel file (a cgroup setting, a label) must be one plain line; a
   sysctl's value may have tabs between its fields, as the kernel prints it. */
static int lc__has_ctrl(const char *s, int tab)
{
    for (; s && *s; s++)
        if (((unsigned char)*s < 0x20 && !(tab && *s == '\t')) || *s == 0x7f)
            return 1;
    return 0;
}

/* What is wrong with an absolute path that a walk inside the root takes,
   or NULL: it is checked before anything is created on the way. */
static const char *lc__path_problem(const char *path)
{
    size_t len = 0, depth = 0;
    const char *s;
    if (!path || path[0] != '/')
        return "must be an absolute path";
    if (strlen(path) >= PATH_MAX)
        return "longer than PATH_MAX";
    for (s = path; *s; s++) {
        if (*s != '/') {
            if (len++ == 0)
                depth++;
            if (len > NAME_MAX)
                return "has a component longer than NAME_MAX";
        } else {
            len = 0;
        }
    }
    if (depth > LC__MAX_DEPTH)
        return "has more than 128 components";
    return NULL;
}

/* A user or group as the config may give it: a name, or digits that are a
   valid id. */
static int lc__id_ok(const char *s)
{
    unsigned long long v;
    return lc__parse_id(s, &v) != -ERANGE;
}

/* What is wrong with a user as the config or a process gives it ("name",
   "uid", "name:group", "uid:gid"), or NULL. */
static const char *lc__user_problem(const char *user)
{
    const char *colon = strchr(user, ':');
    char name[256];
    if (!user[0] || lc__has_ctrl(user, 0) || strlen(user) >= sizeof name)
        return "not a user name or id";
    snprintf(name, sizeof name, "%.*s", colon ? (int)(colon - user) : (int)strlen(user), user);
    if (!name[0] || (colon && !colon[1]))
        return "not a user name or id";
    if (!lc__id_ok(name) || (colon && !lc__id_ok(colon + 1)))
        return "an id above 4294967294";
    return NULL;
}

/* The namespace of a sysctl: only those of a namespace keep the host apart
   (net.*, the IPC ones, the UTS ones); 0 for the others. */
static int lc__sysctl_ns(const char *key)
{
    static const char *const ipc[] = {"kernel.msgmax", "kernel.msgmnb",         "kernel.msgmni",
                                      "kernel.sem",    "kernel.shmall",         "kernel.shmmax",
                                      "kernel.shmmni", "kernel.shm_rmid_forced"};
    size_t i;
    if (!strncmp(key, "net.", 4))
        return CLONE_NEWNET;
    if (!strncmp(key, "fs.mqueue.", 10))
        return CLONE_NEWIPC;
    for (i = 0; i < sizeof ipc / sizeof ipc[0]; i++)
        if (!strcmp(key, ipc[i]))
            return CLONE_NEWIPC;
    if (!strcmp(key, "kernel.hostname") || !strcmp(key, "kernel.domainname"))
        return CLONE_NEWUTS;
    return 0;
}

/* Whether cfg makes a new namespace of type (one joined by path is not). */
static int lc__cfg_new_ns(const lc_config *cfg, int type)
{
    const lc_namespace *ns = lc_config_namespace(cfg, type);
    return ns && !ns->path;
}

/* The id maps of key: ranges of at least one id, that end below the invalid
   id 4294967295, and share no id inside or outside. */
static int lc__check_id_maps(const lc_id_map *m, size_t n, const char *key, lc_error *err)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        if (m[i].size == 0)
            return lc__fail(err, EINVAL, "config", "%s[%zu].size: must be at least 1", key, i);
        if ((unsigned long long)m[i].container_id + m[i].size > 4294967295ULL)
            return lc__fail(err, EINVAL, "config",
                            "%s[%zu].size: container_id + size exceeds 4294967295", key, i);
        if ((unsigned long long)m[i].host_id + m[i].size > 4294967295ULL)
            return lc__fail(err, EINVAL, "config",
                            "%s[%zu].size: host_id + size exceeds 4294967295", key, i);
        for (j = 0; j < i; j++) {
            const lc_id_map *a = &m[i], *o = &m[j];
            if (((unsigned long long)a->container_id <
                     (unsigned long long)o->container_id + o->size &&
                 (unsigned long long)o->container_id <
                     (unsigned long long)a->container_id + a->size) ||
                ((unsigned long long)a->host_id < (unsigned long long)o->host_id + o->size &&
                 (unsigned long long)o->host_id < (unsigned long long)a->host_id + a->size))
                return lc__fail(err, EINVAL, "config", "%s[%zu]: overlaps %s[%zu]", key, i, key, j);
        }
    }
    return 0;
}

/* A list of absolute paths (mask_paths, readonly_paths). */
static int lc__check_paths(char *const *v, size_t n, const char *key, lc_error *err)
{
    size_t i;
    const char *why;
    for (i = 0; i < n; i++)
        if ((why = lc__path_problem(v[i])) != NULL)
            return lc__fail(err, EINVAL, "config", "%s[%zu]: %s", key, i, why);
    return 0;
}

static int lc__check_seccomp(const lc_seccomp *sc, lc_error *err)
{
    size_t i, j;
    if (!sc->default_action || !lc__cfg_sc_name(0, sc->default_action))
        return lc__fail(err, EINVAL, "config", "seccomp.default_action: unknown action");
    if (sc->default_action == LIBCONTAINER_SECCOMP_ERRNO &&
        (sc->default_errno < 0 || sc->default_errno > 4095))
        return lc__fail(err, EINVAL, "config", "seccomp.default_errno: out of range");
    for (i = 0; i < sc->syscalls_len; i++) {
        const lc_seccomp_rule *r = &sc->syscalls[i];
        if (!r->action || !lc__cfg_sc_name(0, r->action))
            return lc__fail(err, EINVAL, "config", "seccomp.syscalls[%zu].action: unknown action",
                            i);
        if (r->action == LIBCONTAINER_SECCOMP_ERRNO && (r->errno_ret < 0 || r->errno_ret > 4095))
            return lc__fail(err, EINVAL, "config", "seccomp.syscalls[%zu].errno: out of range", i);
        if (!r->name && r->nr < 0)
            return lc__fail(err, EINVAL, "config", "seccomp.syscalls[%zu].name: required", i);
        if (r->name && lc__syscall_nr(r->name) == -ENOENT)
            return lc__fail(err, EINVAL, "config", "seccomp.syscalls[%zu]: unknown syscall %s", i,
                            r->name);
        for (j = 0; j < r->args_len; j++) {
            if (r->args[j].index > 5)
                return lc__fail(err, EINVAL, "config",
                                "seccomp.syscalls[%zu].args[%zu].index: %u is not 0 to 5", i, j,
                                r->args[j].index);
            if (!lc__cfg_sc_name(1, r->args[j].op))
                return lc__fail(err, EINVAL, "config",
                                "seccomp.syscalls[%zu].args[%zu].op: unknown operator", i, j);
        }
    }
    return 0;
}

static int lc__check_cgroups(const lc_cgroups *cg, lc_error *err)
{
    static const struct {
        const char *key;
        size_t off;
    } lines[] = {{"name", offsetof(lc_cgroups, name)},
                 {"parent", offsetof(lc_cgroups, parent)},
                 {"cpuset_cpus", offsetof(lc_cgroups, cpuset_cpus)},
                 {"cpuset_mems", offsetof(lc_cgroups, cpuset_mems)},
                 {"freezer", offsetof(lc_cgroups, freezer)}};
    size_t i;
    for (i = 0; i < sizeof lines / sizeof lines[0]; i++)
        if (lc__has_ctrl(*(char *const *)(const void *)((const char *)cg + lines[i].off), 0))
            return lc__fail(err, EINVAL, "config", "cgroups.%s: contains a control character",
                            lines[i].key);
    if (cg->freezer && cg->freezer[0] && strcmp(cg->freezer, "FROZEN") != 0 &&
        strcmp(cg->freezer, "THAWED") != 0)
        return lc__fail(err, EINVAL, "config", "cgroups.freezer: %s: expected FROZEN or THAWED",
                        cg->freezer);
    if (cg->name && (!cg->name[0] || strchr(cg->name, '/') || !strcmp(cg->name, ".") ||
                     !strcmp(cg->name, "..")))
        return lc__fail(err, EINVAL, "config", "cgroups.name: %s: not a plain name", cg->name);
    if (cg->parent) {
        const char *c = cg->parent;
        if (c[0] == '/')
            return lc__fail(err, EINVAL, "config", "cgroups.parent: %s: must be a relative path",
                            cg->parent);
        /* no "." or ".." component: the path is the one made and removed */
        while (*c) {
            size_t n = strcspn(c, "/");
            if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
                return lc__fail(err, EINVAL, "config",
                                "cgroups.parent: %s: has a . or .. component", cg->parent);
            c += n;
            while (*c == '/')
                c++;
        }
    }
    if (cg->memory_swap > 0 && (cg->memory <= 0 || cg->memory_swap < cg->memory))
        return lc__fail(err, EINVAL, "config",
                        "cgroups.memory_swap: memory plus swap, needs a cgroups.memory below it");
    if (cg->cpu_shares == LIBCONTAINER_UNLIMITED || cg->cpu_period == LIBCONTAINER_UNLIMITED ||
        cg->blkio_weight == LIBCONTAINER_UNLIMITED)
        return lc__fail(err, EINVAL, "config", "cgroups.%s: -1 (no limit) is not a value of it",
                        cg->cpu_shares < 0   ? "cpu_shares"
                        : cg->cpu_period < 0 ? "cpu_period"
                                             : "blkio_weight");
    for (i = 0; i < cg->allowed_devices_len; i++)
        if (!strchr("abc", cg->allowed_devices[i].type) || !cg->allowed_devices[i].type)
            return lc__fail(err, EINVAL, "config",
                            "cgroups.allowed_devices[%zu].type: expected c, b or a", i);
    /* unified: a file of the container's own directory, a plain line; never
       one that moves processes or sets up what the runtime owns */
    for (i = 0; i < cg->unified_len; i++) {
        const char *k = cg->unified[i].key, *why = NULL;
        if (!k || !*k || strchr(k, '/') || k[0] == '.' || !strchr(k, '.'))
            why = "not a file name of the form controller.file";
        else if (!strcmp(k, "cgroup.procs") || !strcmp(k, "cgroup.threads") ||
                 !strcmp(k, "cgroup.subtree_control") || !strcmp(k, "cgroup.kill") ||
                 !strcmp(k, "cgroup.freeze") || !strcmp(k, "cgroup.type"))
            why = "the runtime's own file";
        else if (!cg->unified[i].value || lc__has_ctrl(cg->unified[i].value, 0))
            why = "a value of one plain line is needed";
        if (why)
            return lc__fail(err, EINVAL, "config", "cgroups.unified.%.64s: %s", k ? k : "", why);
    }
    return 0;
}

/* Each capability of list (key) is known and in the set of (ofkey). */
static int lc__check_caps(char **list, size_t n, const char *key, char **of, size_t nof,
                          const char *ofkey, lc_error *err)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        if (lc__cap_from_name(list[i]) < 0)
            return lc__fail(err, EINVAL, "config", "%s[%zu]: unknown capability %s", key, i,
                            list[i]);
        for (j = 0; j < nof && lc__cap_from_name(of[j]) != lc__cap_from_name(list[i]); j++)
            ;
        if (j == nof)
            return lc__fail(err, EINVAL, "config", "%s[%zu]: %s is not in %s", key, i, list[i],
                            ofkey);
    }
    return 0;
}

LCDEF int lc_config_check(const lc_config *cfg, lc_error *err)
{
    const lc_namespace *mnt;
    const char *why;
    size_t i, j;
    int rc;

    if (!cfg)
        return lc__fail(err, EINVAL, "config", "no config given");
    /* namespaces: a new mount namespace; pid and mount ones are not joined */
    mnt = lc_config_namespace(cfg, CLONE_NEWNS);
    if (!mnt || mnt->path)
        return lc__fail(err, EINVAL, "config",
                        "namespaces: NEWNS (a new one) is required to set up the root "
                        "filesystem");
    if (lc_config_namespace(cfg, CLONE_NEWPID) && lc_config_namespace(cfg, CLONE_NEWPID)->path)
        return lc__fail(err, EINVAL, "config",
                        "namespaces: joining a pid namespace by path is not supported");
    for (i = 0; i < cfg->namespaces_len; i++)
        if (!lc__cfg_ns_name(cfg->namespaces[i].type))
            return lc__fail(err, EINVAL, "config", "namespaces[%zu]: unknown type %#x", i,
                            (unsigned)cfg->namespaces[i].type);
    if (cfg->hostname && !lc__cfg_new_ns(cfg, CLONE_NEWUTS))
        return lc__fail(err, EINVAL, "config", "hostname: requires the NEWUTS namespace");
    if (cfg->domainname && !lc__cfg_new_ns(cfg, CLONE_NEWUTS))
        return lc__fail(err, EINVAL, "config", "domainname: requires the NEWUTS namespace");
    if (cfg->uid_mappings_len && !lc_config_namespace(cfg, CLONE_NEWUSER))
        return lc__fail(err, EINVAL, "config", "uid_mappings: requires the NEWUSER namespace");
    if (cfg->gid_mappings_len && !lc_config_namespace(cfg, CLONE_NEWUSER))
        return lc__fail(err, EINVAL, "config", "gid_mappings: requires the NEWUSER namespace");
    if ((rc = lc__check_id_maps(cfg->uid_mappings, cfg->uid_mappings_len, "uid_mappings", err)) <
            0 ||
        (rc = lc__check_id_maps(cfg->gid_mappings, cfg->gid_mappings_len, "gid_mappings", err)) < 0)
        return rc;
        /* values that go to the kernel as one line */
#define LC__ONE_LINE(key, v)                                                                       \
    do {                                                                                           \
        if (lc__has_ctrl(v, 0))                                                                    \
            return lc__fail(err, EINVAL, "config", "%s: contains a control character", key);       \
    } while (0)
    LC__ONE_LINE("hostname", cfg->hostname);
    LC__ONE_LINE("domainname", cfg->domainname);
    LC__ONE_LINE("context.apparmor_profile", cfg->apparmor_profile);
    LC__ONE_LINE("context.process_label", cfg->process_label);
    LC__ONE_LINE("context.mount_label", cfg->mount_label);
#undef LC__ONE_LINE
    if (cfg->mount_label && (strchr(cfg->mount_label, '"') || strlen(cfg->mount_label) > 255))
        return lc__fail(err, EINVAL, "config",
                        "context.mount_label: a double quote, or longer than 255 bytes");
    /* the process */
    if (cfg->user && (why = lc__user_problem(cfg->user)) != NULL)
        return lc__fail(err, EINVAL, "config", "user: %s: %s", cfg->user, why);
    for (i = 0; i < cfg->additional_groups_len; i++) {
        const char *g = cfg->additional_groups[i];
        if (!g || !g[0])
            return lc__fail(err, EINVAL, "config", "additional_groups[%zu]: must not be empty", i);
        if (lc__has_ctrl(g, 0))
            return lc__fail(err, EINVAL, "config",
                            "additional_groups[%zu]: contains a control character", i);
        if (!lc__id_ok(g))
            return lc__fail(err, ERANGE, "config", "additional_groups[%zu]: %s: above 4294967294",
                            i, g);
    }
    if (cfg->working_dir && (why = lc__path_problem(cfg->working_dir)) != NULL)
        return lc__fail(err, EINVAL, "config", "working_dir: %s", why);
    for (i = 0; i < cfg->env_len; i++)
        if (!cfg->env[i] || cfg->env[i][0] == '=' || !strchr(cfg->env[i], '='))
            return lc__fail(err, EINVAL, "config", "environment[%zu]: expected NAME=value", i);
    for (i = 0; i < cfg->capabilities_len; i++)
        if (lc__cap_from_name(cfg->capabilities[i]) < 0)
            return lc__fail(err, EINVAL, "config", "capabilities[%zu]: unknown capability %s", i,
                            cfg->capabilities[i]);
    if ((rc = lc__check_caps(cfg->inheritable_capabilities, cfg->inheritable_capabilities_len,
                             "inheritable_capabilities", cfg->capabilities, cfg->capabilities_len,
                             "capabilities", err)) < 0 ||
        (rc = lc__check_caps(cfg->ambient_capabilities, cfg->ambient_capabilities_len,
                             "ambient_capabilities", cfg->capabilities, cfg->capabilities_len,
                             "capabilities", err)) < 0)
        return rc;
    if (cfg->inheritable_capabilities &&
        (rc = lc__check_caps(cfg->ambient_capabilities, cfg->ambient_capabilities_len,
                             "ambient_capabilities", cfg->inheritable_capabilities,
                             cfg->inheritable_capabilities_len, "inheritable_capabilities", err)) <
            0)
        return rc;
    if (cfg->parent_death_signal < 0 || cfg->parent_death_signal > 64)
        return lc__fail(err, EINVAL, "config", "parent_death_signal: %d: not a signal",
                        cfg->parent_death_signal);
    if (cfg->oom_score_adj && (*cfg->oom_score_adj < -1000 || *cfg->oom_score_adj > 1000))
        return lc__fail(err, EINVAL, "config", "oom_score_adj: out of range");
    for (i = 0; i < cfg->rlimits_len; i++) {
        const lc_rlimit *r = &cfg->rlimits[i];
        if (!lc__cfg_rlimit_name(r->type))
            return lc__fail(err, EINVAL, "config", "rlimits[%zu].type: unknown rlimit %d", i,
                            r->type);
        if (r->soft > r->hard)
            return lc__fail(err, EINVAL, "config", "rlimits[%zu].soft: greater than hard", i);
        for (j = 0; j < i; j++)
            if (cfg->rlimits[j].type == r->type)
                return lc__fail(err, EINVAL, "config",
                                "rlimits[%zu].type: RLIMIT_%s already set by rlimits[%zu]", i,
                                lc__cfg_rlimit_name(r->type), j);
    }
    /* the filesystem */
    for (i = 0; i < cfg->mounts_len; i++) {
        const lc_mount *m = &cfg->mounts[i];
        if (!m->type)
            return lc__fail(err, EINVAL, "config", "mount_config.mounts[%zu].type: required", i);
        if ((why = lc__path_problem(m->destination)) != NULL)
            return lc__fail(err, EINVAL, "config", "mount_config.mounts[%zu].destination: %s", i,
                            why);
        if (!strcmp(m->type, "bind") && !m->source)
            return lc__fail(err, EINVAL, "config",
                            "mount_config.mounts[%zu].source: required for a bind mount", i);
        if ((m->propagation & MS_PRIVATE) && (m->propagation & MS_SLAVE))
            return lc__fail(err, EINVAL, "config",
                            "mount_config.mounts[%zu].slave: conflicts with private", i);
    }
    for (i = 0; i < cfg->devices_len; i++) {
        const lc_device *d = &cfg->devices[i];
        if (d->type != 'c' && d->type != 'b')
            return lc__fail(err, EINVAL, "config",
                            "mount_config.device_nodes[%zu].type: a node is c or b", i);
        if ((why = lc__path_problem(d->path)) != NULL ||
            (why = strrchr(d->path, '/')[1] ? NULL : "not a file path") != NULL)
            return lc__fail(err, EINVAL, "config", "mount_config.device_nodes[%zu].path: %s", i,
                            why);
        if (d->major < 0 || d->minor < 0)
            return lc__fail(err, EINVAL, "config",
                            "mount_config.device_nodes[%zu]: a node has a major and a minor", i);
    }
    if ((rc = lc__check_paths(cfg->mask_paths, cfg->mask_paths_len, "mask_paths", err)) < 0 ||
        (rc = lc__check_paths(cfg->readonly_paths, cfg->readonly_paths_len, "readonly_paths",
                              err)) < 0)
        return rc;
    /* sysctls: only those of a namespace the container makes, so that
       nothing of the host changes */
    for (i = 0; i < cfg->system_properties_len; i++) {
        const lc_sysctl *sc = &cfg->system_properties[i];
        int ns;
        if (!sc->key || !sc->key[0] || !sc->value)
            return lc__fail(err, EINVAL, "config", "system_properties[%zu]: a key and a value", i);
        if (lc__has_ctrl(sc->key, 0) || lc__has_ctrl(sc->value, 1))
            return lc__fail(err, EINVAL, "config",
                            "system_properties.%s: contains a control character", sc->key);
        if (strstr(sc->key, "..") || strchr(sc->key, '/'))
            return lc__fail(err, EINVAL, "config", "system_properties.%s: not a sysctl name",
                            sc->key);
        if (!(ns = lc__sysctl_ns(sc->key)))
            return lc__fail(err, EPERM, "config",
                            "system_properties.%s: not a namespaced sysctl; it would change the "
                            "host",
                            sc->key);
        if (!lc__cfg_new_ns(cfg, ns))
            return lc__fail(err, EPERM, "config",
                            "system_properties.%s: needs the %s namespace, which the container "
                            "does not create",
                            sc->key, lc__cfg_ns_name(ns));
    }
    if (cfg->seccomp && (rc = lc__check_seccomp(cfg->seccomp, err)) < 0)
        return rc;
    if (cfg->cgroups && (rc = lc__check_cgroups(cfg->cgroups, err)) < 0)
        return rc;
    return lc__net_config_check(cfg, err);
}

/* ==== spawn: a start =====================================================
   In the order a start runs: the plan the parent makes from the config
   (below), the child's reporting, paths inside the root, init (the child
   side), identity, the restrictions shared with join, then the parent's
   half that drives the child through the sync socket. */

static const char *lc__cap_name(int cap);
static int lc__cap_last(void);

/* A classic BPF instruction, as struct sock_filter. */
struct lc__sock_filter {
    uint16_t code;
    uint8_t jt;
    uint8_t jf;
    uint32_t k;
};
static int lc__seccomp_compile(const lc_seccomp *sc, struct lc__sock_filter **out,
                               unsigned short *len, lc_error *err);

/* The veth pairs of one container, and the length of an interface name. */
#define LC__MAX_VETHS 16
#define LC__IFNAMSIZ 16

struct lc__inet;
struct lc__plan;
static int lc__net_prepare(struct lc__plan *p, lc_error *err);
static int lc__net_host(const lc_config *cfg, pid_t pid, lc_container *c, lc_error *err);
static void lc__net_host_remove(char (*veths)[LC__IFNAMSIZ], int *nveths);
static void lc__net_container(int sock, const lc_config *cfg);

/* Controllers, as bits. On v2, freezer and devices are built in (cgroup.freeze
   and device programs), and blkio is "io". */
enum {
    LC__CG_CPU = 1 << 0,
    LC__CG_CPUACCT = 1 << 1,
    LC__CG_CPUSET = 1 << 2,
    LC__CG_MEMORY = 1 << 3,
    LC__CG_DEVICES = 1 << 4,
    LC__CG_FREEZER = 1 << 5,
    LC__CG_BLKIO = 1 << 6,
    LC__CG_PIDS = 1 << 7
};

/* A container's cgroup directories, one per hierarchy (cgroups section). */
#define LC__CG_MAX 16
struct lc__cgroup {
    int n;
    int lock_fd; /* the first leaf, flocked while the container lives (0: none) */
    struct {
        char *base;     /* the cgroup the directory goes below (the caller's) */
        char *path;     /* the container's own, once made */
        char devno[32]; /* the hierarchy's device, to skip repeated mounts */
        unsigned ctrl;  /* controllers driven here */
        int v2;
        int made; /* levels of path this runtime created, leaf included */
    } h[LC__CG_MAX];
};

static int lc__cg_find(pid_t pid, struct lc__cgroup *cg, lc_error *err);
static int lc__cg_plan(const struct lc__cgroup *cg, const lc_cgroups *set, lc_error *err);
static int lc__cg_create(struct lc__cgroup *cg, const lc_cgroups *set, lc_error *err);
static int lc__cg_apply(struct lc__cgroup *cg, const lc_cgroups *set, const lc_config *cfg,
                        lc_error *err);
static int lc__cg_attach(const struct lc__cgroup *cg, pid_t pid, int skip_v2, lc_error *err);
static void lc__cg_destroy(struct lc__cgroup *cg);
static void lc__cg_clear(struct lc__cgroup *cg);
static void lc__cg_keep(struct lc__cgroup *cg, int i);
static int lc__cg_v2(const struct lc__cgroup *cg);
static int lc__cg_driver(const struct lc__cgroup *cg, unsigned bit);
static long long lc__cg_oom_kills(const char *dir, int v2);

struct lc_container {
    pid_t pid;
    int pidfd; /* -1 where the kernel has none */
    int console;
    int joined;
    int loaded; /* from lc_state_load: not a child of the caller */
    int reaped;
    int status;
    unsigned long long start_time;
    struct lc__cgroup cg;
    long long oom_kills;
    char veths[LC__MAX_VETHS][LC__IFNAMSIZ]; /* host ends of its veth pairs */
    int nveths;
};

/* Messages on the sync socket. The child sends at most one error and then
   exits; a pty master travels as SCM_RIGHTS with type 'P'. */
enum {
    LC__MSG_GO = 'G',
    LC__MSG_ERROR = 'E',
    LC__MSG_PTY = 'P',
    LC__MSG_PID = 'I',
    LC__MSG_STOP = 'S'
};

struct lc__msg {
    int type;
    int code;
    int pid;
    char step[32];
    char text[PATH_MAX + 256];
};

/* Everything the child needs, prepared by the parent before clone so that
   the child only reads memory it already has. */
struct lc__plan {
    const lc_config *cfg;
    const lc_process *proc;
    char rootfs[PATH_MAX];
    int sock;                 /* the child's end of the sync socket */
    int ns_fds[LC__NS_COUNT]; /* namespaces to enter (join, or paths) */
    int root_fd;              /* join: the container's root */
    int clone_flags;
    uint64_t caps; /* the kept capability set */
    int cap_last;
    char *const *argv; /* the process's, else the config's args */
    char *const *env;
    const char *cwd;
    const char *user;
    struct lc__cgroup join_cg;      /* join: the container's cgroups */
    uint64_t ambient;               /* capabilities raised in the ambient set */
    uint64_t inherit;               /* the inheritable set */
    char **sysctl_paths;            /* /proc/sys/... for each system property */
    struct lc__sock_filter *filter; /* the compiled seccomp program */
    unsigned short filter_len;
    int pdeathsig;
    int setgroups_denied; /* a user namespace that denies setgroups */
    int rootless;         /* the caller is not root */
};

/* ---- child-side reporting: no allocation, one message, then exit ------ */

static void lc__child_die(int sock, int code, const char *step, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5), noreturn))
#endif
    ;
static void lc__child_die(int sock, int code, const char *step, const char *fmt, ...)
{
    struct lc__msg m;
    va_list ap;
    memset(&m, 0, sizeof m);
    m.type = LC__MSG_ERROR;
    m.code = code;
    snprintf(m.step, sizeof m.step, "%s", step);
    va_start(ap, fmt);
    vsnprintf(m.text, sizeof m.text, fmt, ap);
    va_end(ap);
    while (send(sock, &m, sizeof m, MSG_NOSIGNAL) < 0 && errno == EINTR)
        ;
    _exit(125);
}

/* A test hook in the child: pid 1 of a new pid namespace cannot stop
   itself (the kernel drops such signals), so it asks the parent to stop it
   and waits for the answer, which it reads once continued. */
#ifdef LIBCONTAINER_TEST_HOOKS
static int lc__child_hook(const struct lc__plan *p, const char *step)
{
    const char *stop = getenv("LIBCONTAINER_TEST_STOP");
    if (stop && !strcmp(stop, step)) {
        struct lc__msg m;
        memset(&m, 0, sizeof m);
        m.type = LC__MSG_STOP;
        send(p->sock, &m, sizeof m, MSG_NOSIGNAL);
        recv(p->sock, &m, sizeof m, 0);
    }
    stop = getenv("LIBCONTAINER_TEST_FAIL");
    return stop && !strcmp(stop, step) ? -EIO : 0;
}
#define LC__CHILD_HOOK(p, step) lc__child_hook(p, step)
#else
#define LC__CHILD_HOOK(p, step) 0
#endif

static int lc__send_fd(int sock, int type, int fd)
{
    struct lc__msg m;
    struct iovec iov;
    struct msghdr mh;
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    struct cmsghdr *cm;
    memset(&m, 0, sizeof m);
    memset(&mh, 0, sizeof mh);
    memset(&u, 0, sizeof u);
    m.type = type;
    iov.iov_base = &m;
    iov.iov_len = sizeof m;
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = u.buf;
    mh.msg_controllen = sizeof u.buf;
    cm = CMSG_FIRSTHDR(&mh);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &fd, sizeof(int));
    while (sendmsg(sock, &mh, MSG_NOSIGNAL) < 0) {
        if (errno != EINTR)
            return -errno;
    }
    return 0;
}

/* Receives one message; *fd gets a passed descriptor or -1. Returns 0 at
   EOF, 1 with a message, -errno on error. */
static int lc__recv(int sock, struct lc__msg *m, int *fd)
{
    struct iovec iov;
    struct msghdr mh;
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } u;
    struct cmsghdr *cm;
    ssize_t n;
    *fd = -1;
    memset(&mh, 0, sizeof mh);
    iov.iov_base = m;
    iov.iov_len = sizeof *m;
    mh.msg_iov = &iov;
    mh.msg_iovlen = 1;
    mh.msg_control = u.buf;
    mh.msg_controllen = sizeof u.buf;
    do
        n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return -errno;
    if (n == 0)
        return 0;
    for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
        if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
            memcpy(fd, CMSG_DATA(cm), sizeof(int));
    if ((size_t)n != sizeof *m) {
        lc__close(fd);
        return -EPROTO;
    }
    m->step[sizeof m->step - 1] = '\0';
    m->text[sizeof m->text - 1] = '\0';
    return 1;
}

/* ---- paths inside the root --------------------------------------------- */

/* Opens path inside the directory root_fd the way the container will see
   it: absolute symlinks restart at root_fd, and neither a link nor ".."
   may climb above it (-EXDEV). A magic link of /proc (a process's fd, cwd,
   root or exe, which leads wherever that object is, on the host too) is
   refused (-ENOLINK). Missing components are created when create is
   nonzero: directories on the way, and the last one as a directory
   (create 1) or an empty file (create 2). Returns an O_PATH descriptor. */
static int lc__open_in_root(int root_fd, const char *path, int create)
{
    char bufs[2][PATH_MAX * 2];
    int stack[LC__MAX_DEPTH];
    int depth = 0, links = 0, cur = 0, rc = 0;
    char *rest;
    if (lc__copy(bufs[cur], sizeof bufs[cur], path) < 0)
        return -ENAMETOOLONG;
    rest = bufs[cur];
    for (;;) {
        char name[NAME_MAX + 1];
        const char *end;
        int dir = depth ? stack[depth - 1] : root_fd, fd, last;
        struct stat st;
        size_t len;
        while (*rest == '/')
            rest++;
        if (!*rest) {
            rc = fcntl(dir, F_DUPFD_CLOEXEC, 3);
            if (rc < 0)
                rc = -errno;
            break;
        }
        end = strchr(rest, '/');
        len = end ? (size_t)(end - rest) : strlen(rest);
        if (len > NAME_MAX) {
            rc = -ENAMETOOLONG;
            break;
        }
        memcpy(name, rest, len);
        name[len] = '\0';
        rest += len;
        while (*rest == '/')
            rest++;
        last = !*rest;
        if (!strcmp(name, "."))
            continue;
        if (!strcmp(name, "..")) {
            if (depth == 0) {
                rc = -EXDEV;
                break;
            }
            close(stack[--depth]);
            continue;
        }
        fd = openat(dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT && create) {
            if (!last || create == 1) {
                if (mkdirat(dir, name, 0755) < 0 && errno != EEXIST) {
                    rc = -errno;
                    break;
                }
            } else {
                int nfd =
                    openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
                if (nfd < 0 && errno != EEXIST) {
                    rc = -errno;
                    break;
                }
                lc__close(&nfd);
            }
            fd = openat(dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        }
        if (fd < 0) {
            rc = -errno;
            break;
        }
        if (fstat(fd, &st) < 0) {
            rc = -errno;
            close(fd);
            break;
        }
        if (S_ISLNK(st.st_mode)) {
            char target[PATH_MAX];
            struct statfs sf;
            ssize_t n = readlinkat(fd, "", target, sizeof target - 1);
            int proc = fstatfs(fd, &sf) == 0 && sf.f_type == 0x9fa0 /* PROC_SUPER_MAGIC */;
            close(fd);
            if (n < 0 || ++links > 40) {
                rc = n < 0 ? -errno : -ELOOP;
                break;
            }
            /* /proc's plain links name a pid or a path below it ("self",
               "mounts"); its magic ones read as a path or "type:[inode]" */
            if (proc && (target[0] == '/' || memchr(target, ':', (size_t)n))) {
                rc = -ENOLINK;
                break;
            }
            len = strlen(rest);
            if ((size_t)n + len + 2 > sizeof bufs[0]) {
                rc = -ENAMETOOLONG;
                break;
            }
            /* the rest of the walk is the link's target, then what followed */
            memcpy(bufs[!cur], target, (size_t)n);
            bufs[!cur][n] = '/';
            memcpy(bufs[!cur] + n + 1, rest, len + 1);
            target[n] = '\0';
            cur = !cur;
            rest = bufs[cur];
            if (target[0] == '/')
                while (depth > 0)
                    close(stack[--depth]);
            continue;
        }
        if (!last && !S_ISDIR(st.st_mode)) {
            close(fd);
            rc = -ENOTDIR;
            break;
        }
        if (depth == LC__MAX_DEPTH) {
            close(fd);
            rc = -ENAMETOOLONG;
            break;
        }
        stack[depth++] = fd;
    }
    while (depth > 0)
        close(stack[--depth]);
    return rc;
}

static void lc__fd_path(char *buf, size_t size, int fd)
{
    snprintf(buf, size, "/proc/self/fd/%d", fd);
}

/* Whether two fds name the same file. */
static int lc__same_file(int a, int b)
{
    struct stat x, y;
    return fstat(a, &x) == 0 && fstat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* Why lc__open_in_root failed, for a report. */
static const char *lc__walk_error(int rc)
{
    if (rc == -EXDEV)
        return "resolves outside the rootfs";
    if (rc == -ENOLINK)
        return "resolves through a magic link of /proc (a process's fd, cwd, root or exe)";
    return strerror(-rc);
}

/* ---- init: the child side of a start ----------------------------------- */

/* Reports a failed walk inside the root (lc__open_in_root) and exits. */
static void lc__walk_die(const struct lc__plan *p, const char *step, const char *path, int rc)
{
    lc__child_die(p->sock, rc == -ENOLINK ? EPERM : -rc, step, "%s: %s", path, lc__walk_error(rc));
}

/* Mounts onto path inside the root; reports failures and exits. The
   filesystems made for the container (tmpfs, devpts, mqueue) get the
   config's mount_label as their SELinux context. */
static void lc__mount_in(const struct lc__plan *p, int root_fd, const char *src, const char *dst,
                         const char *type, unsigned long flags, const char *data, int create)
{
    char target[64], labelled[4096];
    const char *label = p->cfg->mount_label;
    int fd = lc__open_in_root(root_fd, dst, create);
    if (fd < 0)
        lc__walk_die(p, "mount", dst, fd);
    lc__fd_path(target, sizeof target, fd);
    if (label && label[0] && type &&
        (!strcmp(type, "tmpfs") || !strcmp(type, "devpts") || !strcmp(type, "mqueue"))) {
        int n = snprintf(labelled, sizeof labelled, "%s%scontext=\"%s\"", data ? data : "",
                         data && data[0] ? "," : "", label);
        if (n < 0 || (size_t)n >= sizeof labelled)
            lc__child_die(p->sock, E2BIG, "mount", "%s: its data and mount_label: too long", dst);
        data = labelled;
    }
    if (mount(src, target, type, flags, data) < 0) {
        int e = errno;
        /* devpts refuses gid= when group 5 is not mapped in a user namespace */
        if (!(e == EINVAL && type && !strcmp(type, "devpts") &&
              mount(src, target, type, flags, "newinstance,ptmxmode=0666,mode=0620") == 0))
            lc__child_die(p->sock, e, "mount", "%s: %s", dst, strerror(e));
    }
    close(fd);
}

/* Makes a mount read-only, keeping the flags the kernel locks. */
static int lc__remount_ro(int fd)
{
    char target[64];
    struct statvfs sv;
    unsigned long keep = 0;
    lc__fd_path(target, sizeof target, fd);
    if (statvfs(target, &sv) == 0) {
        if (sv.f_flag & ST_NOSUID)
            keep |= MS_NOSUID;
        if (sv.f_flag & ST_NODEV)
            keep |= MS_NODEV;
        if (sv.f_flag & ST_NOEXEC)
            keep |= MS_NOEXEC;
    }
    if (mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | keep, NULL) < 0)
        return -errno;
    return 0;
}

/* The new mount API (open_tree and move_mount 5.2, mount_setattr 5.12). */
struct lc__mount_attr {
    uint64_t attr_set, attr_clr, propagation, userns_fd;
};
#define LC__OPEN_TREE_CLONE 1
#define LC__AT_RECURSIVE 0x8000
#define LC__MOVE_MOUNT_F_EMPTY_PATH 0x4
#define LC__MOVE_MOUNT_T_EMPTY_PATH 0x40
#define LC__MOUNT_ATTR_RDONLY 0x1

/* Binds what src_fd names (with the mounts below it when recursive) onto
   what target_fd names: a copy of the tree is made, made read-only (ro)
   while still detached, then attached, and its propagation set through
   its own fd. No path is looked up again between the mount and its flags,
   so nothing that swaps a directory for a symlink meanwhile can redirect
   them. With root non-NULL, *root is an fd of the new mount's root.
   -ENOSYS when the kernel lacks the calls. */
static int lc__bind_fd(int src_fd, int target_fd, int recursive, int ro, unsigned long propagation,
                       int *root)
{
    struct lc__mount_attr a;
    char target[64];
    int rec = recursive ? LC__AT_RECURSIVE : 0, rc = 0;
    int tree = (int)syscall(SYS_open_tree, src_fd, "",
                            LC__OPEN_TREE_CLONE | O_CLOEXEC | AT_EMPTY_PATH | rec);
    if (tree < 0)
        return -errno;
    memset(&a, 0, sizeof a);
    a.attr_set = LC__MOUNT_ATTR_RDONLY;
    if (ro && syscall(SYS_mount_setattr, tree, "", AT_EMPTY_PATH | rec, &a, sizeof a) < 0)
        rc = -errno;
    else if (syscall(SYS_move_mount, tree, "", target_fd, "",
                     LC__MOVE_MOUNT_F_EMPTY_PATH | LC__MOVE_MOUNT_T_EMPTY_PATH) < 0)
        rc = -errno;
    lc__fd_path(target, sizeof target, tree);
    if (rc == 0 && propagation && mount(NULL, target, NULL, propagation, NULL) < 0)
        rc = -errno;
    if (rc == 0 && root)
        *root = tree;
    else
        close(tree);
    return rc;
}

/* Binds src_fd onto dst inside the root (target_fd, already open there),
   read-only when ro, with the propagation given; reports failures and
   exits. Kernels without the new mount API take mount(2) and the remount
   through the mount reopened by path, checked to be the bind just made. */
static void lc__bind_in(const struct lc__plan *p, int root_fd, const char *step, const char *dst,
                        int src_fd, int target_fd, int recursive, int ro, unsigned long propagation)
{
    char src[64], target[64];
    struct stat a, b;
    int fd, rc = lc__bind_fd(src_fd, target_fd, recursive, ro, propagation, NULL);
    if (rc == 0)
        return;
    if (rc != -ENOSYS)
        lc__child_die(p->sock, -rc, step, "%s: %s", dst, strerror(-rc));
    lc__fd_path(src, sizeof src, src_fd);
    lc__fd_path(target, sizeof target, target_fd);
    if (mount(src, target, NULL, MS_BIND | (recursive ? MS_REC : 0), NULL) < 0)
        lc__child_die(p->sock, errno, step, "%s: %s", dst, strerror(errno));
    if (!ro && !propagation)
        return;
    fd = lc__open_in_root(root_fd, dst, 0);
    if (fd < 0)
        lc__walk_die(p, step, dst, fd);
    if (fstat(fd, &a) < 0 || fstat(src_fd, &b) < 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino)
        lc__child_die(p->sock, EBUSY, step, "%s: changed while it was being mounted", dst);
    lc__fd_path(target, sizeof target, fd);
    if (ro && lc__remount_ro(fd) < 0)
        lc__child_die(p->sock, errno, step, "%s: read-only remount: %s", dst, strerror(errno));
    if (propagation && mount(NULL, target, NULL, propagation, NULL) < 0)
        lc__child_die(p->sock, errno, step, "%s: propagation: %s", dst, strerror(errno));
    close(fd);
}

/* The config's mounts. A bind's source is looked up once, here, and used
   through that fd. Other filesystems are mounted with their flags (read-only
   included) in one call; in the container's private namespace a new mount
   of them has no peers, so private and slave ask for what it already is. */
static void lc__bind_mounts(const struct lc__plan *p, int root_fd)
{
    const lc_config *cfg = p->cfg;
    size_t i;
    for (i = 0; i < cfg->mounts_len; i++) {
        const lc_mount *m = &cfg->mounts[i];
        struct stat st;
        int sfd, tfd;
        if (!m->type || strcmp(m->type, "bind") != 0) {
            lc__mount_in(p, root_fd, m->source ? m->source : m->type, m->destination, m->type,
                         m->flags, m->data, 1);
            continue;
        }
        sfd = open(m->source, O_PATH | O_CLOEXEC);
        if (sfd < 0 || fstat(sfd, &st) < 0)
            lc__child_die(p->sock, errno, "mount", "%s: %s", m->source, strerror(errno));
        tfd = lc__open_in_root(root_fd, m->destination, S_ISDIR(st.st_mode) ? 1 : 2);
        if (tfd < 0)
            lc__walk_die(p, "mount", m->destination, tfd);
        if (lc__same_file(tfd, root_fd))
            lc__child_die(p->sock, EINVAL, "mount", "%s: resolves to the container's /",
                          m->destination);
        lc__bind_in(p, root_fd, "mount", m->destination, sfd, tfd, (m->flags & MS_REC) != 0,
                    (m->flags & MS_RDONLY) != 0, m->propagation);
        close(tfd);
        close(sfd);
    }
}

/* Writes the system properties through the container's own /proc/sys:
   the values land in its namespaces. */
static void lc__sysctls(const struct lc__plan *p, int root_fd)
{
    size_t i;
    for (i = 0; i < p->cfg->system_properties_len; i++) {
        const lc_sysctl *s = &p->cfg->system_properties[i];
        char target[64];
        int fd = lc__open_in_root(root_fd, p->sysctl_paths[i], 0), wfd, rc;
        if (fd < 0)
            lc__child_die(p->sock, -fd, "system_properties", "%s: %s", s->key, lc__walk_error(fd));
        lc__fd_path(target, sizeof target, fd);
        wfd = open(target, O_WRONLY | O_CLOEXEC);
        close(fd);
        if (wfd < 0)
            lc__child_die(p->sock, errno, "system_properties", "%s: %s", s->key, strerror(errno));
        rc = lc__write_all(wfd, s->value, strlen(s->value));
        close(wfd);
        if (rc < 0)
            lc__child_die(p->sock, -rc, "system_properties", "%s = %s: %s", s->key, s->value,
                          strerror(-rc));
    }
}

/* Hides a path: /dev/null over a file, an empty read-only tmpfs over a
   directory. A path the container does not have is left alone. */
static void lc__mask_in(const struct lc__plan *p, int root_fd, const char *path)
{
    char target[64];
    struct stat st;
    int fd = lc__open_in_root(root_fd, path, 0), rc;
    if (fd == -ENOENT)
        return;
    if (fd < 0)
        lc__walk_die(p, "mask_paths", path, fd);
    if (lc__same_file(fd, root_fd))
        lc__child_die(p->sock, EINVAL, "mask_paths", "%s: resolves to the container's /", path);
    lc__fd_path(target, sizeof target, fd);
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
        rc = mount("tmpfs", target, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                   "size=0,mode=0555");
    else
        rc = mount("/dev/null", target, NULL, MS_BIND, NULL);
    if (rc < 0)
        lc__child_die(p->sock, errno, "mask_paths", "%s: %s", path, strerror(errno));
    close(fd);
}

/* Makes a path read-only: a read-only copy of it, with what is mounted
   below it, bound over it. */
static void lc__readonly_in(const struct lc__plan *p, int root_fd, const char *path)
{
    int fd = lc__open_in_root(root_fd, path, 0);
    if (fd == -ENOENT)
        return;
    if (fd < 0)
        lc__walk_die(p, "readonly_paths", path, fd);
    if (lc__same_file(fd, root_fd))
        lc__child_die(p->sock, EINVAL, "readonly_paths",
                      "%s: resolves to the container's / (readonly_fs makes it read-only)", path);
    lc__bind_in(p, root_fd, "readonly_paths", path, fd, fd, 1, 1, 0);
    close(fd);
}

/* context.restrictions: what 2014 made read-only or hid, and what runc and
   crun hide by default; then the config's own mask_paths and readonly_paths. */
static void lc__restrict(const struct lc__plan *p, int root_fd)
{
    static const char *const ro[] = {"/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus",
                                     "/proc/fs"};
    static const char *const masked[] = {"/proc/kcore",
                                         "/proc/acpi",
                                         "/proc/asound",
                                         "/proc/keys",
                                         "/proc/latency_stats",
                                         "/proc/timer_list",
                                         "/proc/timer_stats",
                                         "/proc/sched_debug",
                                         "/proc/scsi",
                                         "/sys/firmware",
                                         "/sys/devices/virtual/powercap"};
    const lc_config *cfg = p->cfg;
    size_t i;
    if (cfg->restrictions) {
        for (i = 0; i < sizeof ro / sizeof ro[0]; i++)
            lc__readonly_in(p, root_fd, ro[i]);
        for (i = 0; i < sizeof masked / sizeof masked[0]; i++)
            lc__mask_in(p, root_fd, masked[i]);
    }
    for (i = 0; i < cfg->mask_paths_len; i++)
        lc__mask_in(p, root_fd, cfg->mask_paths[i]);
    for (i = 0; i < cfg->readonly_paths_len; i++)
        lc__readonly_in(p, root_fd, cfg->readonly_paths[i]);
}

/* Creates a device node inside the root; where mknod is not allowed (a user
   namespace) the host's node of the same type and number is bound onto an
   empty file instead. dev_fd is the container's /dev, which holds most
   nodes. The umask is 0 here. */
static void lc__make_device(const struct lc__plan *p, int root_fd, int dev_fd, const lc_device *d)
{
    char dir[PATH_MAX], target[64];
    const char *base = strrchr(d->path, '/');
    int dfd = dev_fd, fd;
    mode_t type = d->type == 'b' ? S_IFBLK : S_IFCHR, mode = type | (d->file_mode & 07777);
    dev_t dev = makedev((unsigned)d->major, (unsigned)d->minor);
    struct stat st;
    if (!base || !base[1] || base - d->path >= (long)sizeof dir)
        lc__child_die(p->sock, EINVAL, "device", "%s: not an absolute file path", d->path);
    if (base - d->path != 4 || strncmp(d->path, "/dev", 4) != 0) {
        memcpy(dir, d->path, (size_t)(base - d->path));
        dir[base - d->path] = '\0';
        dfd = lc__open_in_root(root_fd, dir[0] ? dir : "/", 1);
        if (dfd < 0)
            lc__walk_die(p, "device", d->path, dfd);
        /* mknodat needs a real directory descriptor, not an O_PATH one */
        lc__fd_path(target, sizeof target, dfd);
        fd = open(target, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        close(dfd);
        dfd = fd;
        if (dfd < 0)
            lc__child_die(p->sock, errno, "device", "%s: %s", d->path, strerror(errno));
    }
    base++;
    if (mknodat(dfd, base, mode, dev) == 0) {
        if ((d->uid || d->gid) && fchownat(dfd, base, d->uid, d->gid, AT_SYMLINK_NOFOLLOW) < 0)
            lc__child_die(p->sock, errno, "device", "%s: %s", d->path, strerror(errno));
    } else if (errno == EEXIST) {
        /* the image's own file is never replaced: it may be that node already */
        if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) < 0 || (st.st_mode & S_IFMT) != type ||
            st.st_rdev != dev)
            lc__child_die(p->sock, EEXIST, "device", "%s: exists and is not that device", d->path);
    } else if (errno == EPERM) {
        /* in a user namespace: bind the host's node, once it is that node */
        int hfd = open(d->path, O_PATH | O_NOFOLLOW | O_CLOEXEC), ffd;
        if (hfd < 0 || fstat(hfd, &st) < 0)
            lc__child_die(p->sock, errno, "device", "%s: on the host: %s", d->path,
                          strerror(errno));
        if ((st.st_mode & S_IFMT) != type || st.st_rdev != dev)
            lc__child_die(p->sock, ENODEV, "device",
                          "%s: the host's %s is not the %s device %lld:%lld", d->path, d->path,
                          d->type == 'b' ? "block" : "character", d->major, d->minor);
        ffd = openat(dfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0000);
        if (ffd < 0)
            lc__child_die(p->sock, errno, "device", "%s: %s", d->path, strerror(errno));
        close(ffd);
        ffd = openat(dfd, base, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (ffd < 0)
            lc__child_die(p->sock, errno, "device", "%s: %s", d->path, strerror(errno));
        lc__bind_in(p, root_fd, "device", d->path, hfd, ffd, 0, 0, 0);
        close(ffd);
        close(hfd);
    } else {
        lc__child_die(p->sock, errno, "device", "%s: %s", d->path, strerror(errno));
    }
    if (dfd != dev_fd)
        close(dfd);
}

static void lc__symlink_in(const struct lc__plan *p, int dev_fd, const char *target,
                           const char *name)
{
    if (symlinkat(target, dev_fd, name) < 0 && errno != EEXIST)
        lc__child_die(p->sock, errno, "mount", "/dev/%s: %s", name, strerror(errno));
}

/* Opens a new pty in the container's devpts, binds it to /dev/console and
   sends the master to the parent. Returns the slave. */
static int lc__make_console(const struct lc__plan *p, int dev_fd, int console)
{
    int master, slave, unlock = 0, ptn = 0, fd;
    char pts[64], target[64];
    master = openat(dev_fd, "pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0)
        lc__child_die(p->sock, errno, "tty", "/dev/pts/ptmx: %s", strerror(errno));
    if (ioctl(master, TIOCSPTLCK, &unlock) < 0 || ioctl(master, TIOCGPTN, &ptn) < 0)
        lc__child_die(p->sock, errno, "tty", "/dev/pts/ptmx: %s", strerror(errno));
    slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
    if (slave < 0) {
        snprintf(pts, sizeof pts, "pts/%d", ptn);
        slave = openat(dev_fd, pts, O_RDWR | O_NOCTTY);
    }
    if (slave < 0)
        lc__child_die(p->sock, errno, "tty", "/dev/pts/%d: %s", ptn, strerror(errno));
    if (p->proc->console_rows || p->proc->console_cols) {
        struct winsize ws;
        memset(&ws, 0, sizeof ws);
        ws.ws_row = p->proc->console_rows;
        ws.ws_col = p->proc->console_cols;
        ioctl(master, TIOCSWINSZ, &ws);
    }
    if (console) {
        char src[64];
        fd = openat(dev_fd, "console", O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0)
            close(fd);
        fd = openat(dev_fd, "console", O_PATH | O_NOFOLLOW | O_CLOEXEC);
        lc__fd_path(target, sizeof target, fd);
        lc__fd_path(src, sizeof src, slave);
        if (fd < 0 || mount(src, target, NULL, MS_BIND, NULL) < 0)
            lc__child_die(p->sock, errno, "tty", "/dev/console: %s", strerror(errno));
        close(fd);
    }
    if (lc__send_fd(p->sock, LC__MSG_PTY, master) < 0)
        lc__child_die(p->sock, errno, "tty", "sending the pty: %s", strerror(errno));
    close(master);
    return slave;
}

/* Builds the container's root and pivots into it. *cwd_fd is the working
   directory, opened inside the root before the pivot: the process changes
   into that very directory later, never into a path looked up again. */
static void lc__setup_rootfs(const struct lc__plan *p, int *slave, int *cwd_fd)
{
    const lc_config *cfg = p->cfg;
    int root_fd, dev_fd, tree, rc;
    size_t i;
    char target[64];
    umask(0);
    if (mount(NULL, "/", NULL, MS_REC | (cfg->no_pivot_root ? MS_SLAVE : MS_PRIVATE), NULL) < 0)
        lc__child_die(p->sock, errno, "mount", "/: making it private: %s", strerror(errno));
    /* the rootfs bound onto itself, a mount to pivot into; root_fd names
       that mount, reached by one lookup */
    root_fd = open(p->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0)
        lc__child_die(p->sock, errno, "rootfs", "%s: %s", p->rootfs, strerror(errno));
    if ((rc = lc__bind_fd(root_fd, root_fd, 1, 0, 0, &tree)) == 0) {
        close(root_fd);
        root_fd = tree;
    } else if (rc != -ENOSYS) {
        lc__child_die(p->sock, -rc, "mount", "%s: bind onto itself: %s", p->rootfs, strerror(-rc));
    } else {
        close(root_fd);
        if (mount(p->rootfs, p->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
            lc__child_die(p->sock, errno, "mount", "%s: bind onto itself: %s", p->rootfs,
                          strerror(errno));
        root_fd = open(p->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (root_fd < 0)
            lc__child_die(p->sock, errno, "rootfs", "%s: %s", p->rootfs, strerror(errno));
    }

    lc__mount_in(p, root_fd, "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, 1);
    {
        unsigned long f = MS_NOSUID | MS_NODEV | MS_NOEXEC |
                          (cfg->restrictions || cfg->readonly_sysfs ? MS_RDONLY : 0);
        int fd = lc__open_in_root(root_fd, "/sys", 1);
        if (fd < 0)
            lc__walk_die(p, "mount", "/sys", fd);
        lc__fd_path(target, sizeof target, fd);
        /* sysfs needs a network namespace of our own; otherwise bind the host's */
        if (mount("sysfs", target, "sysfs", f, NULL) < 0 &&
            (errno != EPERM || mount("/sys", target, NULL, MS_BIND | MS_REC, NULL) < 0))
            lc__child_die(p->sock, errno, "mount", "/sys: %s", strerror(errno));
        close(fd);
    }
    lc__mount_in(p, root_fd, "tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME,
                 "mode=755,size=65536k", 1);
    lc__mount_in(p, root_fd, "devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
                 "newinstance,ptmxmode=0666,mode=0620,gid=5", 1);
    lc__mount_in(p, root_fd, "shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                 "mode=1777,size=65536k", 1);
    lc__mount_in(p, root_fd, "mqueue", "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                 NULL, 1);
    dev_fd = openat(root_fd, "dev", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dev_fd < 0)
        lc__child_die(p->sock, errno, "mount", "/dev: %s", strerror(errno));
    if (cfg->devices_len)
        for (i = 0; i < cfg->devices_len; i++)
            lc__make_device(p, root_fd, dev_fd, &cfg->devices[i]);
    else
        for (i = 0; i < LC__NDEFAULT_NODES; i++) {
            char path[16];
            lc_device d;
            memset(&d, 0, sizeof d);
            snprintf(path, sizeof path, "%s", lc__default_nodes[i].path);
            lc__default_node(i, &d);
            d.path = path;
            lc__make_device(p, root_fd, dev_fd, &d);
        }
    lc__symlink_in(p, dev_fd, "pts/ptmx", "ptmx");
    lc__symlink_in(p, dev_fd, "/proc/self/fd", "fd");
    lc__symlink_in(p, dev_fd, "/proc/self/fd/0", "stdin");
    lc__symlink_in(p, dev_fd, "/proc/self/fd/1", "stdout");
    lc__symlink_in(p, dev_fd, "/proc/self/fd/2", "stderr");
    if (cfg->tty)
        *slave = lc__make_console(p, dev_fd, 1);
    close(dev_fd);

    lc__bind_mounts(p, root_fd);
    lc__sysctls(p, root_fd);
    lc__restrict(p, root_fd);
    if (LC__CHILD_HOOK(p, "mounts") < 0)
        lc__child_die(p->sock, EIO, "mount", "injected failure");
    /* as runc does, a missing working directory is created */
    if (p->cwd && (*cwd_fd = lc__open_in_root(root_fd, p->cwd, 1)) < 0)
        lc__walk_die(p, "working_dir", p->cwd, *cwd_fd);

    if (fchdir(root_fd) < 0)
        lc__child_die(p->sock, errno, "rootfs", "%s: %s", p->rootfs, strerror(errno));
    if (LC__CHILD_HOOK(p, "pivot_root") < 0)
        lc__child_die(p->sock, EIO, "pivot_root", "%s: injected failure", p->rootfs);
    close(root_fd);
    /* pivot_root(".", ".") stacks the old root under the new one; a root
       that cannot be pivoted (ramfs) falls back to moving it over / */
    if (!cfg->no_pivot_root && syscall(SYS_pivot_root, ".", ".") == 0) {
        if (mount(NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0 || umount2(".", MNT_DETACH) < 0)
            lc__child_die(p->sock, errno, "pivot_root", "old root: %s", strerror(errno));
    } else {
        if (!cfg->no_pivot_root && errno != EINVAL)
            lc__child_die(p->sock, errno, "pivot_root", "%s: %s", p->rootfs, strerror(errno));
        if (mount(".", "/", NULL, MS_MOVE, NULL) < 0 || chroot(".") < 0)
            lc__child_die(p->sock, errno, "chroot", "%s: %s", p->rootfs, strerror(errno));
    }
    if (chdir("/") < 0)
        lc__child_die(p->sock, errno, "chroot", "/: %s", strerror(errno));
    if (cfg->readonly_fs) {
        int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 || lc__remount_ro(fd) < 0)
            lc__child_die(p->sock, errno, "mount", "/: read-only: %s", strerror(errno));
        close(fd);
    }
}

/* ---- identity: users and groups from the rootfs's own files ------------ */

#define LC__MAX_GROUPS 64

struct lc__ident {
    uid_t uid;
    gid_t gid;
    gid_t groups[LC__MAX_GROUPS];
    int ngroups;
};

/* The most of /etc/passwd or /etc/group that is read (16 MiB). */
#define LC__MAX_ID_FILE (16 << 20)

/* Calls fn for each line of a file of the image, without allocating. The
   image chooses what is there: the file must be a regular one, not a link
   (to /dev/zero, say) nor a FIFO, and at most LC__MAX_ID_FILE long
   (-EFBIG). Lines longer than the buffer are skipped. Returns -errno when
   the file cannot be read, or what fn returned when it stopped the walk
   with a nonzero value. */
static int lc__each_line(const char *path, int (*fn)(char *line, void *ctx), void *ctx)
{
    char buf[4096];
    size_t have = 0, total = 0;
    struct stat st;
    int rc = 0, skipping = 0,
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0)
        return errno == ELOOP ? -EINVAL : -errno;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return -EINVAL;
    }
    for (;;) {
        ssize_t n = read(fd, buf + have, sizeof buf - 1 - have);
        if (n > 0 && (total += (size_t)n) > LC__MAX_ID_FILE) {
            rc = -EFBIG;
            break;
        }
        char *line, *nl;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = -errno;
            break;
        }
        have += (size_t)n;
        buf[have] = '\0';
        line = buf;
        while ((nl = strchr(line, '\n')) != NULL) {
            *nl = '\0';
            if (!skipping && (rc = fn(line, ctx)) != 0)
                goto out;
            skipping = 0;
            line = nl + 1;
        }
        have -= (size_t)(line - buf);
        memmove(buf, line, have);
        if (n == 0) {
            if (have && !skipping) {
                buf[have] = '\0';
                rc = fn(buf, ctx);
            }
            break;
        }
        if (have == sizeof buf - 1) {
            skipping = 1;
            have = 0;
        }
    }
out:
    close(fd);
    return rc;
}

/* Field i (0-based) of a colon-separated line, terminated in place. */
static char *lc__field(char *line, int i, char **next)
{
    char *s = line, *c;
    for (; i > 0; i--) {
        s = strchr(s, ':');
        if (!s)
            return NULL;
        s++;
    }
    c = strchr(s, ':');
    if (next)
        *next = c ? c + 1 : NULL;
    if (c)
        *c = '\0';
    return s;
}

/* Why /etc/passwd (group 0) or /etc/group (1) of the image gave rc. */
static const char *lc__id_file_error(int rc, int group)
{
    if (rc == -ENOENT)
        return group ? "the image has no /etc/group" : "the image has no /etc/passwd";
    if (rc == -EINVAL)
        return group ? "/etc/group is not a regular file" : "/etc/passwd is not a regular file";
    if (rc == -EFBIG)
        return group ? "/etc/group is over 16 MiB" : "/etc/passwd is over 16 MiB";
    if (rc == -ERANGE)
        return group ? "its gid in /etc/group is above 4294967294"
                     : "its uid or gid in /etc/passwd is above 4294967294";
    return group ? "/etc/group cannot be read" : "/etc/passwd cannot be read";
}

struct lc__pw_query {
    const char *name; /* or NULL to match uid */
    uid_t uid;
    int found; /* 1, or -ERANGE for an id out of range */
    uid_t out_uid;
    gid_t out_gid;
    char out_name[256];
};

static int lc__pw_line(char *line, void *ctx)
{
    struct lc__pw_query *q = (struct lc__pw_query *)ctx;
    char *rest, *name, *uid_s, *gid_s;
    unsigned long long uid, gid;
    name = lc__field(line, 0, &rest);
    if (!name || !rest || !lc__field(rest, 0, &rest) || !rest)
        return 0;
    uid_s = lc__field(rest, 0, &rest);
    if (!uid_s || !rest)
        return 0;
    gid_s = lc__field(rest, 0, NULL);
    if (!gid_s || lc__parse_uint(uid_s, uid_s + strlen(uid_s), &uid) < 0 ||
        lc__parse_uint(gid_s, gid_s + strlen(gid_s), &gid) < 0)
        return 0;
    if (q->name ? strcmp(q->name, name) != 0 : uid != q->uid)
        return 0;
    if (uid > LC__MAX_ID || gid > LC__MAX_ID) {
        q->found = -ERANGE;
        return 1;
    }
    q->found = 1;
    q->out_uid = (uid_t)uid;
    q->out_gid = (gid_t)gid;
    snprintf(q->out_name, sizeof q->out_name, "%s", name);
    return 1;
}

struct lc__gr_query {
    const char *name;   /* group to find by name, or NULL */
    const char *member; /* user whose groups to collect, or NULL */
    int found;          /* 1, or -ERANGE for a gid out of range (of a group found, or of
                           one the member is in) */
    gid_t gid;
    struct lc__ident *id;
};

static int lc__gr_line(char *line, void *ctx)
{
    struct lc__gr_query *q = (struct lc__gr_query *)ctx;
    char *rest, *name, *gid_s, *members, *m, empty[1] = "";
    unsigned long long gid;
    name = lc__field(line, 0, &rest);
    if (!name || !rest || !lc__field(rest, 0, &rest) || !rest)
        return 0;
    gid_s = lc__field(rest, 0, &rest);
    if (!gid_s || lc__parse_uint(gid_s, gid_s + strlen(gid_s), &gid) < 0)
        return 0;
    if (q->name) {
        if (strcmp(q->name, name) != 0)
            return 0;
        q->found = gid > LC__MAX_ID ? -ERANGE : 1;
        q->gid = (gid_t)gid;
        return 1;
    }
    members = rest ? rest : empty;
    while ((m = strsep(&members, ",")) != NULL) {
        if (strcmp(m, q->member) != 0)
            continue;
        if (gid > LC__MAX_ID) {
            q->found = -ERANGE;
            return 1;
        }
        if (q->id->ngroups < LC__MAX_GROUPS && q->id->groups[0] != (gid_t)gid)
            q->id->groups[q->id->ngroups++] = (gid_t)gid;
        break;
    }
    return 0;
}

/* The gid of group (digits, or a name in the image's /etc/group); -errno
   with *why set. */
static int lc__resolve_group(const char *group, gid_t *gid, const char **why)
{
    struct lc__gr_query gq;
    unsigned long long v;
    int rc = lc__parse_id(group, &v);
    if (rc != -EINVAL) {
        *gid = (gid_t)v;
        if (rc < 0)
            *why = "group id above 4294967294";
        return rc;
    }
    memset(&gq, 0, sizeof gq);
    gq.name = group;
    rc = lc__each_line("/etc/group", lc__gr_line, &gq);
    if (rc < 0 || gq.found < 0) {
        rc = rc < 0 ? rc : gq.found;
        *why = lc__id_file_error(rc, 1);
        return rc;
    }
    if (!gq.found) {
        *why = "no such group in /etc/group";
        return -ENOENT;
    }
    *gid = gq.gid;
    return 0;
}

/* Resolves "user", "uid", "user:group" or "uid:gid" inside the current root.
   Returns 0, or -errno with *why set for the error report. */
static int lc__resolve_user(const char *spec, struct lc__ident *id, const char **why)
{
    char user[256], group[256];
    const char *colon;
    unsigned long long v;
    struct lc__pw_query pq;
    int rc;
    memset(id, 0, sizeof *id);
    memset(&pq, 0, sizeof pq);
    *why = NULL;
    if (!spec || !*spec)
        return 0;
    colon = strchr(spec, ':');
    snprintf(user, sizeof user, "%.*s", colon ? (int)(colon - spec) : (int)strlen(spec), spec);
    snprintf(group, sizeof group, "%s", colon ? colon + 1 : "");
    rc = lc__parse_id(user, &v);
    if (rc == -ERANGE) {
        *why = "user id above 4294967294";
        return rc;
    }
    if (rc == 0)
        pq.uid = (uid_t)v;
    else
        pq.name = user;
    rc = lc__each_line("/etc/passwd", lc__pw_line, &pq);
    if ((rc < 0 && pq.name) || pq.found < 0) {
        rc = rc < 0 ? rc : pq.found;
        *why = lc__id_file_error(rc, 0);
        return rc;
    }
    if (!pq.found && pq.name) {
        *why = "no such user in /etc/passwd";
        return -ENOENT;
    }
    id->uid = pq.found ? pq.out_uid : pq.uid;
    id->gid = pq.found ? pq.out_gid : 0;
    if (group[0] && (rc = lc__resolve_group(group, &id->gid, why)) < 0)
        return rc;
    if (group[0] || pq.found)
        id->groups[id->ngroups++] = id->gid;
    if (pq.found) {
        /* the user's other groups; an image without /etc/group has none */
        struct lc__gr_query gq;
        memset(&gq, 0, sizeof gq);
        gq.member = pq.out_name;
        gq.id = id;
        rc = lc__each_line("/etc/group", lc__gr_line, &gq);
        if ((rc < 0 && rc != -ENOENT) || gq.found < 0) {
            rc = rc < 0 ? rc : gq.found;
            *why = lc__id_file_error(rc, 1);
            return rc;
        }
    }
    return 0;
}

/* ---- restrictions, identity, exec: shared by start and join ------------ */

struct lc__cap_header {
    uint32_t version;
    int pid;
};
struct lc__cap_data {
    uint32_t effective;
    uint32_t permitted;
    uint32_t inheritable;
};

/* Drops what the container does not keep from the bounding set; done while
   the process still has CAP_SETPCAP, before the user switch. */
static void lc__drop_bounding(const struct lc__plan *p)
{
    int c;
    for (c = 0; c <= p->cap_last; c++)
        if (!(p->caps & ((uint64_t)1 << c)) && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 &&
            errno != EINVAL)
            lc__child_die(p->sock, errno, "capabilities", "dropping %d from the bounding set: %s",
                          c, strerror(errno));
}

/* Sets the permitted and effective sets to the kept set, and the
   inheritable set; done after the user switch, which PR_SET_KEEPCAPS let
   keep the permitted set. */
static void lc__set_caps(const struct lc__plan *p)
{
    struct lc__cap_header h;
    struct lc__cap_data d[2];
    int c;
    h.version = 0x20080522; /* _LINUX_CAPABILITY_VERSION_3 */
    h.pid = 0;
    d[0].effective = d[0].permitted = (uint32_t)p->caps;
    d[1].effective = d[1].permitted = (uint32_t)(p->caps >> 32);
    d[0].inheritable = (uint32_t)p->inherit;
    d[1].inheritable = (uint32_t)(p->inherit >> 32);
    if (syscall(SYS_capset, &h, d) < 0)
        lc__child_die(p->sock, errno, "capabilities", "capset: %s", strerror(errno));
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    for (c = 0; c <= p->cap_last; c++)
        if ((p->ambient & ((uint64_t)1 << c)) &&
            prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0)
            lc__child_die(p->sock, errno, "ambient_capabilities", "%s: %s", lc__cap_name(c),
                          strerror(errno));
}

static const char *lc__getenv(char *const *env, const char *name)
{
    size_t n = strlen(name);
    for (; env && *env; env++)
        if (!strncmp(*env, name, n) && (*env)[n] == '=')
            return *env + n + 1;
    return NULL;
}

/* Whether path may be executed: 0, or -ENOLINK when it leads through a
   magic link of /proc (/proc/self/exe is the runtime on the host, an fd
   may be a host directory), or -errno when it cannot be resolved. */
static int lc__exec_path(const char *path)
{
    struct {
        uint64_t flags, mode, resolve;
    } how;
    long fd;
    how.flags = O_PATH | O_CLOEXEC;
    how.mode = 0;
    how.resolve = 0x02; /* RESOLVE_NO_MAGICLINKS */
    fd = syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
    if (fd < 0 && (errno == ENOSYS || errno == E2BIG)) {
        /* before openat2 (5.6): the walk that refuses them */
        int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC), rc;
        if (root < 0 || path[0] != '/')
            rc = root < 0 ? -errno : 0;
        else
            rc = lc__open_in_root(root, path, 0);
        lc__close(&root);
        if (rc >= 0)
            close(rc);
        return rc < 0 ? rc : 0;
    }
    if (fd >= 0) {
        close((int)fd);
        return 0;
    }
    /* ELOOP: a magic link, unless it is a loop of plain links */
    if (errno == ELOOP && (fd = open(path, O_PATH | O_CLOEXEC)) >= 0) {
        close((int)fd);
        return -ENOLINK;
    }
    return -errno;
}

/* execve through the container's own PATH; returns the errno to report
   (ENOLINK: a magic link of /proc was refused). */
static int lc__exec(char *const *argv, char *const *env)
{
    const char *path, *s;
    char buf[PATH_MAX];
    int err = ENOENT, rc;
    if (strchr(argv[0], '/')) {
        if ((rc = lc__exec_path(argv[0])) == -ENOLINK)
            return ENOLINK;
        execve(argv[0], argv, env);
        return errno;
    }
    path = lc__getenv(env, "PATH");
    if (!path)
        path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    for (s = path;; s++) {
        const char *e = strchr(s, ':');
        size_t dl = e ? (size_t)(e - s) : strlen(s);
        if (dl + strlen(argv[0]) + 2 <= sizeof buf) {
            snprintf(buf, sizeof buf, "%.*s/%s", (int)dl, dl ? s : ".", argv[0]);
            if ((rc = lc__exec_path(buf)) == -ENOLINK)
                return ENOLINK;
            if (rc == 0)
                execve(buf, argv, env);
            else
                errno = -rc;
            if (errno != ENOENT && errno != ENOTDIR)
                err = errno;
        }
        if (!e)
            break;
        s = e;
    }
    return err;
}

/* The credential calls of the child, made as raw system calls: glibc's
   wrappers would signal every thread the caller had, which the child of a
   raw clone does not have, and wait for them forever. */
static int lc__setresgid(gid_t g)
{
    return (int)syscall(SYS_setresgid, g, g, g);
}

static int lc__setresuid(uid_t u)
{
    return (int)syscall(SYS_setresuid, u, u, u);
}

/* Adds additional_groups (names from /etc/group, or gids) to the groups. */
static void lc__additional_groups(const struct lc__plan *p, struct lc__ident *id)
{
    size_t i;
    for (i = 0; i < p->cfg->additional_groups_len; i++) {
        const char *g = p->cfg->additional_groups[i], *why;
        gid_t gid;
        int rc = lc__resolve_group(g, &gid, &why);
        if (rc < 0)
            lc__child_die(p->sock, -rc, "additional_groups", "%s: %s", g, why);
        if (id->ngroups == LC__MAX_GROUPS)
            lc__child_die(p->sock, E2BIG, "additional_groups", "more than %d groups",
                          LC__MAX_GROUPS);
        id->groups[id->ngroups++] = gid;
    }
}

/* rlimits, oom_score_adj and LSM labels: set while the process is still
   privileged, before the user switch. */
static void lc__limits(const struct lc__plan *p)
{
    const lc_config *cfg = p->cfg;
    size_t i;
    for (i = 0; i < cfg->rlimits_len; i++) {
        /* struct rlimit64 of prlimit64: 64-bit on every architecture, ~0 unlimited */
        uint64_t rl[2];
        rl[0] = cfg->rlimits[i].soft;
        rl[1] = cfg->rlimits[i].hard;
        if (syscall(SYS_prlimit64, 0, cfg->rlimits[i].type, rl, NULL) < 0)
            lc__child_die(p->sock, errno, "rlimits", "rlimits[%zu]: %s", i, strerror(errno));
    }
    if (cfg->oom_score_adj) {
        char v[16];
        int n = snprintf(v, sizeof v, "%d", *cfg->oom_score_adj), rc;
        if ((rc = lc__write_file("/proc/self/oom_score_adj", v, (size_t)n)) < 0)
            lc__child_die(p->sock, -rc, "oom_score_adj", "/proc/self/oom_score_adj: %s",
                          strerror(-rc));
    }
    if (cfg->apparmor_profile && cfg->apparmor_profile[0]) {
        char v[512];
        int n = snprintf(v, sizeof v, "exec %s", cfg->apparmor_profile), rc;
        if ((rc = lc__write_file("/proc/self/attr/apparmor/exec", v, (size_t)n)) == -ENOENT)
            rc = lc__write_file("/proc/self/attr/exec", v, (size_t)n);
        if (rc < 0)
            lc__child_die(p->sock, -rc, "apparmor_profile", "%s: %s", cfg->apparmor_profile,
                          strerror(-rc));
    }
    if (cfg->process_label && cfg->process_label[0]) {
        int rc =
            lc__write_file("/proc/self/attr/exec", cfg->process_label, strlen(cfg->process_label));
        if (rc < 0)
            lc__child_die(p->sock, -rc, "process_label", "%s: %s", cfg->process_label,
                          strerror(-rc));
    }
}

static void lc__seccomp_install(const struct lc__plan *p)
{
    if (LC__CHILD_HOOK(p, "seccomp") < 0)
        lc__child_die(p->sock, EIO, "seccomp", "installing the filter: injected failure");
    struct {
        unsigned short len;
        const struct lc__sock_filter *filter;
    } prog;
    prog.len = p->filter_len;
    prog.filter = p->filter;
    if (prctl(PR_SET_SECCOMP, 2 /* SECCOMP_MODE_FILTER */, &prog, 0, 0) < 0)
        lc__child_die(p->sock, errno, "seccomp", "installing the filter: %s", strerror(errno));
}

/* The privileged last steps of every container process: working
   directory, user, groups, limits, labels, capabilities and
   no_new_privileges. slave, when there is a terminal, is given to the user;
   cwd_fd (closed here) is the working directory, or -1. */
static void lc__identity(const struct lc__plan *p, int slave, int cwd_fd)
{
    const lc_config *cfg = p->cfg;
    struct lc__ident id;
    const char *why;
    int rc;

    rc = lc__resolve_user(p->user, &id, &why);
    if (rc < 0)
        lc__child_die(p->sock, -rc, "user", "%s: %s (root filesystem %s)", p->user, why,
                      p->rootfs[0] ? p->rootfs : "of the container");
    lc__additional_groups(p, &id);
    if (slave >= 0 && fchown(slave, id.uid, (gid_t)-1) < 0)
        lc__child_die(p->sock, errno, "tty", "giving the terminal to %u: %s", (unsigned)id.uid,
                      strerror(errno));
    if (cwd_fd >= 0 && fchdir(cwd_fd) < 0)
        lc__child_die(p->sock, errno, "working_dir", "%s: %s", p->cwd, strerror(errno));
    lc__close(&cwd_fd);
    lc__limits(p);

    /* without no_new_privileges the filter needs CAP_SYS_ADMIN: install it
       while the process still has it; the rest must be allowed by it */
    if (p->filter && !cfg->no_new_privileges) {
        lc__seccomp_install(p);
    }
    lc__drop_bounding(p);
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 ||
        (!p->setgroups_denied && syscall(SYS_setgroups, (size_t)id.ngroups, id.groups) < 0))
        lc__child_die(p->sock, errno, "user", "%s: setgroups: %s", p->user ? p->user : "0",
                      strerror(errno));
    if (lc__setresgid(id.gid) < 0 || lc__setresuid(id.uid) < 0)
        lc__child_die(p->sock, errno, "user", "%s: %s", p->user ? p->user : "0", strerror(errno));
    if (LC__CHILD_HOOK(p, "capset") < 0)
        lc__child_die(p->sock, EIO, "capabilities", "capset: injected failure");
    lc__set_caps(p);
    if (cfg->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        lc__child_die(p->sock, errno, "no_new_privileges", "%s", strerror(errno));
}

/* The unprivileged last steps: session and terminal, stdio, the parent
   death signal, signals, descriptors, the filter under no_new_privileges,
   and exec. */
static void lc__launch(const struct lc__plan *p, int slave)
{
    sigset_t none;
    int sig, rc;

    /* a change of credentials clears the parent-death signal: set it now */
    prctl(PR_SET_PDEATHSIG, p->pdeathsig, 0, 0, 0);
    if (setsid() < 0)
        lc__child_die(p->sock, errno, "tty", "setsid: %s", strerror(errno));
    if (slave >= 0) {
        if (ioctl(slave, TIOCSCTTY, 0) < 0)
            lc__child_die(p->sock, errno, "tty", "controlling terminal: %s", strerror(errno));
        if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0)
            lc__child_die(p->sock, errno, "tty", "stdio: %s", strerror(errno));
        if (slave > 2)
            close(slave);
    }
    sigemptyset(&none);
    for (sig = 1; sig < NSIG; sig++)
        signal(sig, SIG_DFL);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) < 0) {
        int fd;
        for (fd = 3; fd < 4096; fd++)
            if (fd != p->sock)
                fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    if (p->filter && p->cfg->no_new_privileges)
        lc__seccomp_install(p);
    if (LC__CHILD_HOOK(p, "exec") < 0)
        lc__child_die(p->sock, EIO, "exec", "%s: injected failure", p->argv[0]);
    rc = lc__exec(p->argv, p->env);
    if (rc == ENOLINK)
        lc__child_die(p->sock, EPERM, "exec", "%s: %s", p->argv[0], lc__walk_error(-rc));
    /* not found: where it was looked for */
    if (p->rootfs[0] && (rc == ENOENT || rc == ENOTDIR))
        lc__child_die(p->sock, rc, "exec", "%s: %s (root filesystem %s)", p->argv[0], strerror(rc),
                      p->rootfs);
    lc__child_die(p->sock, rc, "exec", "%s: %s", p->argv[0], strerror(rc));
}

/* Waits for the parent's go, or exits quietly when the parent is gone. */
static void lc__child_wait_go(const struct lc__plan *p)
{
    struct lc__msg m;
    int fd, rc = lc__recv(p->sock, &m, &fd);
    lc__close(&fd);
    if (rc <= 0 || m.type != LC__MSG_GO)
        _exit(125);
}

/* The caller's handlers of faults would run in the child, which has no use
   for them: a fault there (a filter refusing exit) must kill it. */
static void lc__default_faults(void)
{
    signal(SIGSEGV, SIG_DFL);
    signal(SIGBUS, SIG_DFL);
    signal(SIGFPE, SIG_DFL);
    signal(SIGILL, SIG_DFL);
}

/* The child's descriptors: the sync socket moved above 2, the caller's
   chosen stdio (set_stdio) as 0, 1 and 2, and of everything else the caller
   had open only keep (ascending, n of them): a descriptor of a host
   directory, reached through /proc/self/fd, would lead out of the root. */
static void lc__child_fds(struct lc__plan *p, const int *keep, int n)
{
    const lc_process *proc = p->proc;
    int fds[3], k[LC__NS_COUNT + 2], nk = 0, i, j;
    if (p->sock < 3) {
        int old = p->sock;
        if ((p->sock = fcntl(old, F_DUPFD_CLOEXEC, 3)) < 0)
            _exit(125);
        close(old);
    }
    if (proc->set_stdio) {
        /* move the sources above 2 first so that dup2 cannot clobber them */
        for (i = 0; i < 3; i++) {
            fds[i] = fcntl(proc->stdio[i], F_DUPFD_CLOEXEC, 3);
            if (fds[i] < 0)
                lc__child_die(p->sock, errno, "stdio", "fd %d: %s", proc->stdio[i],
                              strerror(errno));
        }
        for (i = 0; i < 3; i++)
            if (dup2(fds[i], i) < 0)
                lc__child_die(p->sock, errno, "stdio", "fd %d: %s", i, strerror(errno));
    }
    /* keep and the socket, in ascending order */
    for (i = 0; i <= n && nk < (int)(sizeof k / sizeof k[0]); i++) {
        int fd = i < n ? keep[i] : p->sock;
        if (fd < 0)
            continue;
        for (j = nk; j > 0 && k[j - 1] > fd; j--)
            k[j] = k[j - 1];
        k[j] = fd;
        nk++;
    }
    lc__close_others(k, nk);
}

static void lc__init_main(struct lc__plan *p)
{
    int slave = -1, cwd_fd = -1;
    size_t i;
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    /* until it execs this process runs the runtime's binary: nothing may
       open it through /proc/PID/exe. A rootless parent writes the id maps,
       which needs the files of a dumpable child; it is made so after. */
    if (!p->rootless)
        prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    lc__default_faults();
    lc__child_wait_go(p);
    if (p->rootless)
        prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    for (i = 0; i < LC__NS_COUNT; i++)
        if (p->ns_fds[i] >= 0 && setns(p->ns_fds[i], lc__namespaces[i].type) < 0)
            lc__child_die(p->sock, errno, "namespaces", "joining %s namespace: %s",
                          lc__namespaces[i].proc, strerror(errno));
    lc__child_fds(p, NULL, 0);
    if (p->clone_flags & CLONE_NEWUSER) {
        if (lc__setresgid(0) < 0 || lc__setresuid(0) < 0)
            lc__child_die(p->sock, errno, "user", "becoming root in the user namespace: %s",
                          strerror(errno));
    }
    if (p->cfg->networks_len || p->cfg->routes_len)
        lc__net_container(p->sock, p->cfg);
    lc__setup_rootfs(p, &slave, &cwd_fd);
    if (p->cfg->hostname && sethostname(p->cfg->hostname, strlen(p->cfg->hostname)) < 0)
        lc__child_die(p->sock, errno, "hostname", "%s: %s", p->cfg->hostname, strerror(errno));
    if (p->cfg->domainname && setdomainname(p->cfg->domainname, strlen(p->cfg->domainname)) < 0)
        lc__child_die(p->sock, errno, "domainname", "%s: %s", p->cfg->domainname, strerror(errno));
    umask(p->cfg->umask ? (mode_t)*p->cfg->umask : 022);
    lc__identity(p, slave, cwd_fd);
    lc__launch(p, slave);
}

/* ---- the parent's half ---------------------------------------------------- */

static void lc__plan_free(struct lc__plan *p)
{
    size_t i;
    for (i = 0; i < LC__NS_COUNT; i++)
        lc__close(&p->ns_fds[i]);
    lc__close(&p->root_fd);
    lc__cg_clear(&p->join_cg);
    LIBCONTAINER_FREE(p->filter);
    if (p->sysctl_paths) {
        for (i = 0; i < p->cfg->system_properties_len; i++)
            LIBCONTAINER_FREE(p->sysctl_paths[i]);
        LIBCONTAINER_FREE(p->sysctl_paths);
    }
}

/* Whether fd is a namespace (a file of nsfs) of the type (NS_GET_NSTYPE;
   kernels without that ioctl leave the type to setns). */
static int lc__ns_is(int fd, int type)
{
    struct statfs sf;
    int t;
    if (fstatfs(fd, &sf) < 0 || sf.f_type != 0x6e736673 /* NSFS_MAGIC */)
        return 0;
    t = ioctl(fd, _IO(0xb7, 0x3) /* NS_GET_NSTYPE */);
    return t == type || (t < 0 && errno == ENOTTY);
}

static int lc__ns_index(int type)
{
    size_t i;
    for (i = 0; i < LC__NS_COUNT; i++)
        if (lc__namespaces[i].type == type)
            return (int)i;
    return -1;
}

/* Checks the config (lc_config_check, then what this host must have) and
   resolves what the child will need: nothing is made yet. */
static int lc__plan_init(struct lc__plan *p, const lc_config *cfg, const lc_process *proc,
                         lc_error *err)
{
    size_t i;
    int rc;
    memset(p, 0, sizeof *p);
    p->cfg = cfg;
    p->proc = proc;
    p->sock = -1;
    p->root_fd = -1;
    for (i = 0; i < LC__NS_COUNT; i++)
        p->ns_fds[i] = -1;
    if ((rc = lc_config_check(cfg, err)) < 0)
        return rc;
    if (!proc)
        return lc__fail(err, EINVAL, "process", "no process given");
    p->argv = proc->argv ? proc->argv : cfg->args;
    if (!p->argv || !p->argv[0] || !p->argv[0][0])
        return lc__fail(err, EINVAL, "process", "no command given");
    p->rootless = geteuid() != 0;
    p->env = proc->env ? proc->env : cfg->env;
    p->cwd = proc->cwd ? proc->cwd : cfg->working_dir;
    p->user = proc->user ? proc->user : cfg->user;
    if (proc->cwd && lc__path_problem(proc->cwd))
        return lc__fail(err, EINVAL, "process", "cwd: %s: %s", proc->cwd,
                        lc__path_problem(proc->cwd));
    if (proc->user && lc__user_problem(proc->user))
        return lc__fail(err, EINVAL, "process", "user: %s: %s", proc->user,
                        lc__user_problem(proc->user));
    /* what this kernel and this runtime have of the capabilities */
    p->cap_last = lc__cap_last();
    for (i = 0; i < cfg->capabilities_len; i++) {
        int c = lc__cap_from_name(cfg->capabilities[i]);
        if (c > p->cap_last)
            return lc__fail(err, EINVAL, "config",
                            "capabilities[%zu]: %s is not known to this kernel", i,
                            cfg->capabilities[i]);
        if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 0)
            return lc__fail(err, EPERM, "config",
                            "capabilities[%zu]: %s is not in the runtime's own bounding set", i,
                            cfg->capabilities[i]);
        p->caps |= (uint64_t)1 << c;
    }
    for (i = 0; i < cfg->ambient_capabilities_len; i++)
        p->ambient |= (uint64_t)1 << lc__cap_from_name(cfg->ambient_capabilities[i]);
    p->inherit = cfg->inheritable_capabilities ? 0 : p->caps;
    for (i = 0; i < cfg->inheritable_capabilities_len; i++)
        p->inherit |= (uint64_t)1 << lc__cap_from_name(cfg->inheritable_capabilities[i]);
    p->pdeathsig = cfg->parent_death_signal > 0 ? cfg->parent_death_signal : SIGKILL;
    if (cfg->apparmor_profile && cfg->apparmor_profile[0]) {
        char buf[8];
        if (lc__read_small(AT_FDCWD, "/sys/module/apparmor/parameters/enabled", buf, sizeof buf) <=
                0 ||
            buf[0] != 'Y')
            return lc__fail(err, ENOTSUP, "config",
                            "apparmor_profile: %s: AppArmor is not enabled on this host",
                            cfg->apparmor_profile);
    }
    if ((cfg->process_label && cfg->process_label[0]) ||
        (cfg->mount_label && cfg->mount_label[0])) {
        struct statfs sf;
        if (statfs("/sys/fs/selinux", &sf) < 0 || sf.f_type != 0xf97cff8c /* SELINUX_MAGIC */)
            return lc__fail(err, ENOTSUP, "config", "%s: SELinux is not enabled on this host",
                            cfg->process_label && cfg->process_label[0] ? "process_label"
                                                                        : "mount_label");
    }
    if (cfg->seccomp)
        return lc__seccomp_compile(cfg->seccomp, &p->filter, &p->filter_len, err);
    return 0;
}

/* Each system property's /proc/sys path (lc_config_check keeps them to the
   container's namespaces). */
static int lc__plan_sysctls(struct lc__plan *p, lc_error *err)
{
    const lc_config *cfg = p->cfg;
    size_t i;
    if (!cfg->system_properties_len)
        return 0;
    p->sysctl_paths = (char **)lc__cfg_zalloc(cfg->system_properties_len, sizeof(char *));
    if (!p->sysctl_paths)
        return lc__fail(err, ENOMEM, "config", "out of memory");
    for (i = 0; i < cfg->system_properties_len; i++) {
        const char *key = cfg->system_properties[i].key;
        char *s;
        p->sysctl_paths[i] = (char *)LIBCONTAINER_MALLOC(strlen(key) + 11);
        if (!p->sysctl_paths[i])
            return lc__fail(err, ENOMEM, "config", "out of memory");
        sprintf(p->sysctl_paths[i], "/proc/sys/%s", key);
        for (s = p->sysctl_paths[i] + 10; *s; s++)
            if (*s == '.')
                *s = '/';
    }
    return 0;
}

/* What a start needs of the host: the rootfs, the namespaces to join, root
   or a user namespace, the networks' needs, the bind mounts' sources. */
static int lc__start_plan(struct lc__plan *p, const char *rootfs, lc_error *err)
{
    const lc_config *cfg = p->cfg;
    size_t i;
    int rc;
    struct stat st;
    if (!rootfs)
        rootfs = cfg->rootfs;
    if (!rootfs)
        return lc__fail(err, EINVAL, "rootfs", "no root filesystem given");
    if (!realpath(rootfs, p->rootfs))
        return lc__fail(err, errno, "rootfs", "%s: %s", rootfs, strerror(errno));
    if (stat(p->rootfs, &st) < 0 || !S_ISDIR(st.st_mode))
        return lc__fail(err, ENOTDIR, "rootfs", "%s: not a directory", rootfs);
    for (i = 0; i < cfg->namespaces_len; i++) {
        const lc_namespace *ns = &cfg->namespaces[i];
        int idx = lc__ns_index(ns->type);
        if (!ns->path) {
            p->clone_flags |= ns->type;
            continue;
        }
        p->ns_fds[idx] = open(ns->path, O_RDONLY | O_CLOEXEC);
        if (p->ns_fds[idx] < 0)
            return lc__fail(err, errno, "namespaces", "%s: %s", ns->path, strerror(errno));
        if (!lc__ns_is(p->ns_fds[idx], ns->type))
            return lc__fail(err, EINVAL, "namespaces", "%s: not a %s namespace", ns->path,
                            lc__namespaces[idx].name);
    }
    if (p->rootless) {
        /* rootless: only what a user namespace grants */
        if (!(p->clone_flags & CLONE_NEWUSER))
            return lc__fail(err, EPERM, "config",
                            "namespaces: without root, NEWUSER is needed (rootless container)");
        if (cfg->cgroups)
            return lc__fail(err, EPERM, "config",
                            "cgroups: a rootless container cannot create cgroups (needs root)");
    }
    if ((rc = lc__plan_sysctls(p, err)) < 0)
        return rc;
    /* without root, the id maps can only be written with setgroups denied */
    p->setgroups_denied = p->rootless && (p->clone_flags & CLONE_NEWUSER);
    if ((rc = lc__net_prepare(p, err)) < 0)
        return rc;
    for (i = 0; i < cfg->mounts_len; i++) {
        const lc_mount *m = &cfg->mounts[i];
        if (!strcmp(m->type, "bind") && stat(m->source, &st) < 0)
            return lc__fail(err, errno, "mount", "mount_config.mounts[%zu].source: %s: %s", i,
                            m->source, strerror(errno));
    }
    return 0;
}

/* Writes one id map of the child: the config's ranges, or by default root
   inside is the caller outside. */
static int lc__write_id_map(pid_t pid, const char *file, const lc_id_map *m, size_t n,
                            unsigned int self, const char *key, lc_error *err)
{
    char path[64], buf[4096];
    size_t len = 0, i;
    int rc;
    snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
    if (!n)
        len = (size_t)snprintf(buf, sizeof buf, "0 %u 1\n", self);
    for (i = 0; i < n; i++) {
        int w = snprintf(buf + len, sizeof buf - len, "%u %u %u\n", m[i].container_id, m[i].host_id,
                         m[i].size);
        if (w < 0 || (size_t)w >= sizeof buf - len)
            return lc__fail(err, E2BIG, "user", "%s: too many ranges", key);
        len += (size_t)w;
    }
    if ((rc = lc__write_file(path, buf, len)) < 0)
        return lc__fail(err, -rc, "user", "%s: %s: %s%s", key, path, strerror(-rc),
                        rc == -EPERM && geteuid() != 0
                            ? " (without root only the caller's own id can be mapped)"
                            : "");
    return 0;
}

static int lc__write_id_maps(pid_t pid, const lc_config *cfg, lc_error *err)
{
    char path[64];
    int rc;
    /* without CAP_SETGID outside, the kernel wants setgroups denied first */
    if (geteuid() != 0) {
        snprintf(path, sizeof path, "/proc/%d/setgroups", (int)pid);
        lc__write_file(path, "deny", 4);
    }
    if ((rc = lc__write_id_map(pid, "uid_map", cfg->uid_mappings, cfg->uid_mappings_len,
                               (unsigned)geteuid(), "uid_mappings", err)) < 0)
        return rc;
    return lc__write_id_map(pid, "gid_map", cfg->gid_mappings, cfg->gid_mappings_len,
                            (unsigned)getegid(), "gid_mappings", err);
}

/* EOF on the sync socket means exec, or death. exec renames the process
   before it closes the socket, so a child still under the runtime's name
   is dying: when a signal killed it, its setup failed. Report what the
   kernel says (the OOM killer at the memory limit, a seccomp filter that
   refuses a call the runtime still makes, another signal) instead of a
   command that seems to have crashed. */
static int lc__died_in_setup(const lc_container *c, const lc_config *cfg, lc_error *err)
{
    siginfo_t si;
    char path[64], comm[64], self[64];
    struct pollfd pf;
    int d;
    snprintf(path, sizeof path, "/proc/%d/comm", (int)c->pid);
    if (lc__read_small(AT_FDCWD, path, comm, sizeof comm) <= 0 ||
        lc__read_small(AT_FDCWD, "/proc/self/comm", self, sizeof self) <= 0 || strcmp(comm, self))
        return 0;
    /* wait for its end, briefly: a command of the runtime's own name runs on */
    if (c->pidfd >= 0) {
        pf.fd = c->pidfd;
        pf.events = POLLIN;
        poll(&pf, 1, 100);
    }
    memset(&si, 0, sizeof si);
    if (waitid(P_PID, (id_t)c->pid, &si, WEXITED | WNOHANG | WNOWAIT | __WALL) < 0 ||
        si.si_pid != c->pid || (si.si_code != CLD_KILLED && si.si_code != CLD_DUMPED))
        return 0;
    d = lc__cg_driver(&c->cg, LC__CG_MEMORY);
    if (si.si_status == SIGKILL && d >= 0 && c->cg.h[d].path &&
        lc__cg_oom_kills(c->cg.h[d].path, c->cg.h[d].v2) > 0)
        return lc__fail(err, ENOMEM, "setup",
                        "the kernel's OOM killer ended the container's process before exec: "
                        "cgroups.memory (%lld bytes) is too low for the runtime to start it",
                        cfg->cgroups ? cfg->cgroups->memory : -1LL);
    if (si.si_status == SIGSYS)
        return lc__fail(err, EPERM, "setup",
                        "the container's process was killed by SIGSYS before exec: the seccomp "
                        "filter refuses a call the runtime still makes");
    return lc__fail(err, EINTR, "setup",
                    "the container's process was killed by signal %d (%s) "
                    "before exec",
                    si.si_status, strsignal(si.si_status));
}

static int lc__proc_stat(pid_t pid, char *state, unsigned long long *ticks, lc_error *err);

/* Whether pid, named by a message on the join's socket, is the joined
   process: a child of ours (the joining process clones it as our child)
   other than that helper, in the container's pid namespace (pid_ns, -1:
   ours), or, where its namespaces cannot be read (a rootless caller), one
   that started after the helper. A container process that takes the socket
   can name any pid; no other pid is ever waited for or signalled. */
static int lc__join_pid_ok(pid_t pid, pid_t helper, int pid_ns)
{
    siginfo_t si;
    struct stat a, b;
    unsigned long long t_pid, t_helper;
    char path[64], st;
    memset(&si, 0, sizeof si);
    if (pid <= 0 || pid == helper ||
        waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT | __WALL) < 0)
        return 0;
    snprintf(path, sizeof path, "/proc/%d/ns/pid", (int)pid);
    if (stat(path, &a) < 0)
        return (errno == EACCES || errno == EPERM) && lc__proc_stat(pid, &st, &t_pid, NULL) == 0 &&
               lc__proc_stat(helper, &st, &t_helper, NULL) == 0 && t_pid >= t_helper;
    if (pid_ns >= 0 ? fstat(pid_ns, &b) < 0 : stat("/proc/self/ns/pid", &b) < 0)
        return 0;
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Reads the child's reports until EOF: the exec closed its end (or the
   child is gone, which lc__died_in_setup tells). A readable cancel fd
   abandons the wait (-ECANCELED). For a join (helper > 0), a verified pid
   of the joined process may arrive. */
static int lc__collect(int sock, lc_container *c, const struct lc__plan *p, pid_t helper,
                       lc_error *err)
{
    int cancel = p->proc->cancel_fd > 0 ? p->proc->cancel_fd : -1;
    for (;;) {
        struct lc__msg m;
        struct pollfd pf[2];
        int fd, rc;
        pf[0].fd = sock;
        pf[0].events = POLLIN;
        pf[1].fd = cancel;
        pf[1].events = POLLIN;
        if (poll(pf, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return lc__fail(err, errno, "sync", "poll: %s", strerror(errno));
        }
        if (pf[1].revents)
            return lc__fail(err, ECANCELED, "start", "cancelled");
        rc = lc__recv(sock, &m, &fd);
        if (rc == 0 || rc == -ECONNRESET)
            return 0;
        if (rc < 0)
            return lc__fail(err, -rc, "sync", "reading the child's report: %s", strerror(-rc));
        /* what a container process that took the socket could send is
           taken once, from where it is expected, or not at all */
        if (m.type == LC__MSG_PTY && fd >= 0 && c->console < 0) {
            c->console = fd;
            fd = -1;
        } else if (m.type == LC__MSG_PID && helper > 0 && c->pid <= 0) {
            int idx = lc__ns_index(CLONE_NEWPID);
            if (lc__join_pid_ok((pid_t)m.pid, helper, p->ns_fds[idx]))
                c->pid = (pid_t)m.pid;
#ifdef LIBCONTAINER_TEST_HOOKS
        } else if (m.type == LC__MSG_STOP) {
            /* a test hook: stop the child where it asked, then let it read on */
            if (c->pid > 0)
                kill(c->pid, SIGSTOP);
            send(sock, &m, sizeof m, MSG_NOSIGNAL);
#endif
        } else if (m.type == LC__MSG_ERROR) {
            lc__close(&fd);
            if (m.code)
                return lc__fail(err, m.code, m.step, "%s", m.text);
            return lc__fail(err, EINVAL, m.step, "%s", m.text);
        }
        lc__close(&fd);
    }
}

static lc_container *lc__container_new(void)
{
    lc_container *c = (lc_container *)LIBCONTAINER_MALLOC(sizeof *c);
    if (c) {
        memset(c, 0, sizeof *c);
        c->console = -1;
        c->pidfd = -1;
        c->pid = -1;
    }
    return c;
}

static void lc__reap(pid_t pid, int *status)
{
    int st;
    while (waitpid(pid, &st, __WALL) < 0 && errno == EINTR)
        ;
    if (status)
        *status = st;
}

/* Kills a child of ours, through its pidfd when there is one, and reaps it. */
static void lc__kill_reap(pid_t pid, int pidfd)
{
    if (pidfd < 0 || syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0) < 0)
        kill(pid, SIGKILL);
    lc__reap(pid, NULL);
}

/* clone(2) with new namespaces, as fork: the child returns 0, the parent
   gets a pidfd too (CLONE_PIDFD, else pidfd_open; -1 before 5.3). With a v2
   cgroup, clone3 starts the child inside it (CLONE_INTO_CGROUP), so no
   moment passes with the child outside; *in_cgroup says whether it did. */
static pid_t lc__clone(int flags, int cgroup_fd, int *in_cgroup, int *pidfd)
{
    long pid = -1;
    *in_cgroup = 0;
    *pidfd = -1;
#ifdef SYS_clone3
    if (cgroup_fd >= 0) {
        struct {
            uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
                set_tid, set_tid_size, cgroup;
        } args;
        memset(&args, 0, sizeof args);
        args.flags = (uint64_t)(unsigned)flags | CLONE_PIDFD | 0x200000000ULL; /* INTO_CGROUP */
        args.pidfd = (uint64_t)(uintptr_t)pidfd;
        args.exit_signal = SIGCHLD;
        args.cgroup = (uint64_t)cgroup_fd;
        pid = syscall(SYS_clone3, &args, sizeof args);
        if (pid >= 0) {
            *in_cgroup = pid > 0;
            return (pid_t)pid;
        }
        if (errno != ENOSYS && errno != E2BIG && errno != EINVAL)
            return -1;
    }
#else
    (void)cgroup_fd;
#endif
    pid =
        syscall(SYS_clone, (unsigned long)(flags | CLONE_PIDFD | SIGCHLD), NULL, pidfd, NULL, NULL);
    if (pid < 0 && errno == EINVAL) {
        /* before CLONE_PIDFD (5.2) */
        pid = syscall(SYS_clone, (unsigned long)(flags | SIGCHLD), NULL, NULL, NULL, NULL);
        if (pid > 0)
            *pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
    }
    return (pid_t)pid;
}

/* The settings of a cgroup that only filters devices: none. */
static const lc_cgroups lc__cg_devices_only;

/* The container's cgroups: the config's, in every hierarchy; else, unless
   rootless, one that filters devices only, as every container's devices
   are (in the v2 hierarchy where there is one, else the v1 devices one). */
static int lc__start_cgroups(lc_container *c, const struct lc__plan *p, lc_error *err)
{
    const lc_cgroups *set = p->cfg->cgroups;
    int d, rc;
    if (!set && p->rootless)
        return 0;
    if ((rc = lc__cg_find(getpid(), &c->cg, err)) < 0)
        return rc;
    if (!set) {
        d = lc__cg_v2(&c->cg);
        if (d < 0)
            d = lc__cg_driver(&c->cg, LC__CG_DEVICES);
        if (d < 0)
            return lc__fail(err, ENODEV, "cgroups",
                            "devices: no devices controller and no cgroup2 mount: the "
                            "container's devices cannot be filtered");
        lc__cg_keep(&c->cg, d);
        set = &lc__cg_devices_only;
    }
    if ((rc = lc__cg_plan(&c->cg, set, err)) < 0 || (rc = lc__cg_create(&c->cg, set, err)) < 0)
        return rc;
    return lc__cg_apply(&c->cg, set, p->cfg, err);
}

LCDEF int lc_container_start(const lc_config *cfg, const char *rootfs, const lc_process *proc,
                             lc_container **out, lc_error *err)
{
    struct lc__plan p;
    int sv[2] = {-1, -1}, rc, v2, cg_fd = -1, in_cgroup = 0;
    lc_container *c = NULL;
    struct lc__msg go;
    pid_t pid;
    if (!out)
        return lc__fail(err, EINVAL, "start", "no place for the result");
    *out = NULL;
    if (!cfg)
        return lc__fail(err, EINVAL, "start", "no config given");
    if ((rc = lc__plan_init(&p, cfg, proc, err)) < 0 || (rc = lc__start_plan(&p, rootfs, err)) < 0)
        goto out;
    c = lc__container_new();
    if (!c) {
        rc = lc__fail(err, ENOMEM, "start", "out of memory");
        goto out;
    }
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
        rc = lc__fail(err, errno, "sync", "socketpair: %s", strerror(errno));
        goto out;
    }
    if ((rc = lc__start_cgroups(c, &p, err)) < 0)
        goto out;
    if (cfg->cgroups && LC__HOOK("cgroups") < 0) {
        rc = lc__fail(err, EIO, "cgroups", "injected failure");
        goto out;
    }
    v2 = lc__cg_v2(&c->cg);
    if (v2 >= 0 && c->cg.h[v2].path)
        cg_fd = open(c->cg.h[v2].path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (LC__HOOK("clone") < 0) {
        rc = lc__fail(err, EIO, "clone", "injected failure");
        goto out;
    }
    pid = lc__clone(p.clone_flags, cg_fd, &in_cgroup, &c->pidfd);
    if (pid < 0) {
        rc = lc__fail(err, errno, "clone", "%s", strerror(errno));
        goto out;
    }
    if (pid == 0) {
        close(sv[0]);
        p.sock = sv[1];
        lc__init_main(&p);
        _exit(125);
    }
    c->pid = pid;
    lc__close(&sv[1]);
    /* the child waits for "go": it is in its cgroups before it runs */
    if (c->cg.n && (rc = lc__cg_attach(&c->cg, pid, in_cgroup, err)) < 0)
        goto fail;
    if (p.clone_flags & CLONE_NEWUSER && (rc = lc__write_id_maps(pid, cfg, err)) < 0)
        goto fail;
    if ((rc = lc__net_host(cfg, pid, c, err)) < 0)
        goto fail;
    if (LC__HOOK("veth") < 0) {
        rc = lc__fail(err, EIO, "network", "injected failure");
        goto fail;
    }
    memset(&go, 0, sizeof go);
    go.type = LC__MSG_GO;
    if (send(sv[0], &go, sizeof go, MSG_NOSIGNAL) < 0 && errno != EPIPE && errno != ECONNRESET) {
        rc = lc__fail(err, errno, "sync", "starting the child: %s", strerror(errno));
        goto fail;
    }
    if ((rc = lc__collect(sv[0], c, &p, 0, err)) < 0 || (rc = lc__died_in_setup(c, cfg, err)) < 0)
        goto fail;
    if (LC__HOOK("running") < 0) {
        rc = lc__fail(err, EIO, "start", "injected failure");
        goto fail;
    }
    if (cfg->cgroups && cfg->cgroups->freezer && !strcmp(cfg->cgroups->freezer, "FROZEN") &&
        (rc = lc_cgroup_freeze(pid, 1, err)) < 0)
        goto fail;
    lc_process_start_time(pid, &c->start_time, NULL);
    *out = c;
    c = NULL;
    rc = 0;
    goto out;
fail:
    lc__kill_reap(pid, c->pidfd);
out:
    lc__close(&sv[0]);
    lc__close(&sv[1]);
    lc__close(&cg_fd);
    if (c) {
        lc__net_host_remove(c->veths, &c->nveths);
        lc__cg_destroy(&c->cg);
        lc__cg_clear(&c->cg);
        lc__close(&c->console);
        lc__close(&c->pidfd);
        LIBCONTAINER_FREE(c);
    }
    lc__plan_free(&p);
    return rc;
}

/* ==== join: enter a running container ==================================== */

static void lc__join_main(struct lc__plan *p)
{
    int slave = -1, cwd_fd = -1, keep[LC__NS_COUNT + 1], n = 0;
    size_t i;
    pid_t pid;
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    lc__default_faults();
    /* nothing of the caller may be read through /proc/PID while we enter */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    /* the namespaces and the root to enter, in ascending order */
    for (i = 0; i < LC__NS_COUNT + 1; i++) {
        int fd = i < LC__NS_COUNT ? p->ns_fds[i] : p->root_fd, j;
        if (fd < 0)
            continue;
        for (j = n; j > 0 && keep[j - 1] > fd; j--)
            keep[j] = keep[j - 1];
        keep[j] = fd;
        n++;
    }
    lc__child_fds(p, keep, n);
    /* into the container's cgroups before anything of it is entered */
    for (i = 0; i < (size_t)p->join_cg.n; i++) {
        char path[PATH_MAX];
        int rc;
        if (!p->join_cg.h[i].base)
            continue; /* already there */
        snprintf(path, sizeof path, "%s/cgroup.procs", p->join_cg.h[i].base);
        if ((rc = lc__write_file(path, "0", 1)) < 0)
            lc__child_die(p->sock, -rc, "join", "%s: %s", path, strerror(-rc));
    }
    for (i = 0; i < LC__NS_COUNT; i++)
        if (p->ns_fds[i] >= 0 && setns(p->ns_fds[i], lc__namespaces[i].type) < 0)
            lc__child_die(p->sock, errno, "join", "entering the %s namespace: %s",
                          lc__namespaces[i].proc, strerror(errno));
    if (fchdir(p->root_fd) < 0 || chroot(".") < 0 || chdir("/") < 0)
        lc__child_die(p->sock, errno, "join", "entering the root: %s", strerror(errno));
    for (i = 0; i < LC__NS_COUNT; i++)
        lc__close(&p->ns_fds[i]);
    /* the working directory as the container sees it: inside its root,
       through no magic link */
    if (p->cwd && (cwd_fd = lc__open_in_root(p->root_fd, p->cwd, 0)) < 0)
        lc__walk_die(p, "working_dir", p->cwd, cwd_fd);
    lc__close(&p->root_fd);
    /* everything privileged happens here, out of sight of the container's
       pid namespace: its processes can neither see nor trace this one */
    if (p->cfg->tty) {
        int dev_fd = open("/dev", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dev_fd < 0)
            lc__child_die(p->sock, errno, "tty", "/dev: %s", strerror(errno));
        slave = lc__make_console(p, dev_fd, 0);
        close(dev_fd);
    }
    lc__identity(p, slave, cwd_fd);
    /* the pid namespace applies to children: the process that runs the
       command is a sibling of this one, a child of the caller, and has the
       container's identity from its first instruction */
    pid =
        (pid_t)syscall(SYS_clone, (unsigned long)(CLONE_PARENT | SIGCHLD), NULL, NULL, NULL, NULL);
    if (pid < 0)
        lc__child_die(p->sock, errno, "join", "clone: %s", strerror(errno));
    if (pid > 0) {
        struct lc__msg m;
        memset(&m, 0, sizeof m);
        m.type = LC__MSG_PID;
        m.pid = (int)pid;
        send(p->sock, &m, sizeof m, MSG_NOSIGNAL);
        _exit(0);
    }
    lc__launch(p, slave);
}

LCDEF int lc_container_join(const lc_config *cfg, pid_t init_pid, const lc_process *proc,
                            lc_container **out, lc_error *err)
{
    struct lc__plan p;
    int sv[2] = {-1, -1}, rc;
    lc_container *c = NULL;
    pid_t mid = -1;
    size_t i;
    char path[64];
    if (!out)
        return lc__fail(err, EINVAL, "join", "no place for the result");
    *out = NULL;
    if (!cfg)
        return lc__fail(err, EINVAL, "join", "no config given");
    if ((rc = lc__plan_init(&p, cfg, proc, err)) < 0)
        goto out;
    for (i = 0; i < LC__NS_COUNT; i++) {
        struct stat a, b;
        snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)init_pid, lc__namespaces[i].proc);
        p.ns_fds[i] = open(path, O_RDONLY | O_CLOEXEC);
        if (p.ns_fds[i] < 0) {
            if (errno == ENOENT && kill(init_pid, 0) == 0)
                continue; /* a namespace type this kernel lacks */
            rc = lc__fail(err, errno, "join", "%s: %s", path, strerror(errno));
            goto out;
        }
        snprintf(path, sizeof path, "/proc/self/ns/%s", lc__namespaces[i].proc);
        if (fstat(p.ns_fds[i], &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino &&
            a.st_dev == b.st_dev)
            lc__close(&p.ns_fds[i]);
    }
    if ((rc = lc__cg_find(init_pid, &p.join_cg, err)) < 0)
        goto out;
    {
        /* a hierarchy where the caller already shares init's cgroup (a
           container without cgroups) needs no move, which a user without
           root could not make */
        struct lc__cgroup self;
        if ((rc = lc__cg_find(getpid(), &self, err)) < 0)
            goto out;
        for (i = 0; i < (size_t)p.join_cg.n && i < (size_t)self.n; i++)
            if (!strcmp(p.join_cg.h[i].base, self.h[i].base)) {
                LIBCONTAINER_FREE(p.join_cg.h[i].base);
                p.join_cg.h[i].base = NULL;
            }
        lc__cg_clear(&self);
    }
    {
        char buf[16];
        snprintf(path, sizeof path, "/proc/%d/setgroups", (int)init_pid);
        p.setgroups_denied = p.ns_fds[lc__ns_index(CLONE_NEWUSER)] >= 0 &&
                             lc__read_small(AT_FDCWD, path, buf, sizeof buf) > 0 &&
                             !strncmp(buf, "deny", 4);
    }
    snprintf(path, sizeof path, "/proc/%d/root", (int)init_pid);
    p.root_fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (p.root_fd < 0) {
        rc = lc__fail(err, errno, "join", "%s: %s", path, strerror(errno));
        goto out;
    }
    c = lc__container_new();
    if (!c) {
        rc = lc__fail(err, ENOMEM, "join", "out of memory");
        goto out;
    }
    c->joined = 1;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
        rc = lc__fail(err, errno, "sync", "socketpair: %s", strerror(errno));
        goto out;
    }
    mid = fork();
    if (mid < 0) {
        rc = lc__fail(err, errno, "join", "fork: %s", strerror(errno));
        goto out;
    }
    if (mid == 0) {
        close(sv[0]);
        p.sock = sv[1];
        lc__join_main(&p);
        _exit(125);
    }
    lc__close(&sv[1]);
    rc = lc__collect(sv[0], c, &p, mid, err);
    if (c->pid > 0)
        c->pidfd = (int)syscall(SYS_pidfd_open, c->pid, 0);
    if (rc == 0 && c->pid > 0)
        rc = lc__died_in_setup(c, cfg, err);
    if (rc < 0)
        kill(mid, SIGKILL);
    lc__reap(mid, NULL);
    if (rc < 0) {
        if (c->pid > 0)
            lc__kill_reap(c->pid, c->pidfd);
        goto out;
    }
    if (c->pid <= 0) {
        rc = lc__fail(err, EPROTO, "join", "the joining process ended without a report");
        goto out;
    }
    lc_process_start_time(c->pid, &c->start_time, NULL);
    *out = c;
    c = NULL;
out:
    lc__close(&sv[0]);
    lc__close(&sv[1]);
    if (c) {
        lc__close(&c->console);
        lc__close(&c->pidfd);
        LIBCONTAINER_FREE(c);
    }
    lc__plan_free(&p);
    return rc;
}

/* ==== lifecycle: wait, signal, state ===================================== */

LCDEF pid_t lc_container_pid(const lc_container *c)
{
    return c ? c->pid : -1;
}

LCDEF int lc_container_pidfd(const lc_container *c)
{
    return c ? c->pidfd : -1;
}

LCDEF int lc_container_console(const lc_container *c)
{
    return c ? c->console : -1;
}

LCDEF int lc_container_signal(lc_container *c, int sig, lc_error *err)
{
    if (!c || c->reaped)
        return lc__fail(err, ESRCH, "signal", "the container has ended");
    if (c->pidfd >= 0 ? syscall(SYS_pidfd_send_signal, c->pidfd, sig, NULL, 0) < 0
                      : kill(c->pid, sig) < 0)
        return lc__fail(err, errno, "signal", "%d: %s", (int)c->pid, strerror(errno));
    return 0;
}

/* After init is reaped: count OOM kills, then remove the cgroups. */
static void lc__ended(lc_container *c)
{
    int d = lc__cg_driver(&c->cg, LC__CG_MEMORY);
    c->reaped = 1;
    if (d >= 0 && c->cg.h[d].path)
        c->oom_kills = lc__cg_oom_kills(c->cg.h[d].path, c->cg.h[d].v2);
    lc__cg_destroy(&c->cg);
    /* the kernel removes them with the namespace, but later: do it now */
    lc__net_host_remove(c->veths, &c->nveths);
}

LCDEF long long lc_container_oom_kills(const lc_container *c)
{
    return c ? c->oom_kills : -1;
}

LCDEF int lc_container_wait(lc_container *c, int *status, lc_error *err)
{
    if (!c || c->loaded)
        return lc__fail(err, EINVAL, "wait", "not a container this process started or joined");
    if (!c->reaped) {
        if (waitpid(c->pid, &c->status, __WALL) < 0)
            return errno == EINTR
                       ? -EINTR
                       : lc__fail(err, errno, "wait", "%d: %s", (int)c->pid, strerror(errno));
        lc__ended(c);
    }
    if (status)
        *status = c->status;
    return 0;
}

LCDEF int lc_container_poll(lc_container *c, int *status, lc_error *err)
{
    pid_t r;
    if (!c || c->loaded)
        return lc__fail(err, EINVAL, "wait", "not a container this process started or joined");
    if (!c->reaped) {
        r = waitpid(c->pid, &c->status, WNOHANG | __WALL);
        if (r < 0)
            return lc__fail(err, errno, "wait", "%d: %s", (int)c->pid, strerror(errno));
        if (r == 0)
            return 0;
        lc__ended(c);
    }
    if (status)
        *status = c->status;
    return 1;
}

LCDEF void lc_container_free(lc_container *c)
{
    if (!c)
        return;
    if (!c->loaded && !c->reaped && c->pid > 0)
        lc__kill_reap(c->pid, c->pidfd);
    lc__cg_destroy(&c->cg);
    lc__cg_clear(&c->cg);
    lc__net_host_remove(c->veths, &c->nveths);
    lc__close(&c->console);
    lc__close(&c->pidfd);
    LIBCONTAINER_FREE(c);
}

LCDEF int lc_exit_code(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return 125;
}

LCDEF int lc_error_exit_code(const lc_error *err)
{
    if (!err || strcmp(err->step, "exec") != 0)
        return 125;
    return err->code == ENOENT || err->code == ENOTDIR ? 127 : 126;
}

LCDEF int lc_kill(pid_t pid, int sig, lc_error *err)
{
    if (pid <= 0)
        return lc__fail(err, EINVAL, "kill", "invalid pid %d", (int)pid);
    if (kill(pid, sig) < 0)
        return lc__fail(err, errno, "kill", "%d: %s", (int)pid, strerror(errno));
    return 0;
}

LCDEF int lc_reexec_sealed(char *const argv[], char *const envp[], lc_error *err)
{
    const int seals = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE;
    int self = open("/proc/self/exe", O_RDONLY | O_CLOEXEC), mfd = -1, have, e;
    char buf[65536];
    ssize_t n;
    if (self < 0)
        return lc__fail(err, errno, "reexec", "/proc/self/exe: %s", strerror(errno));
    have = fcntl(self, F_GET_SEALS);
    if (have >= 0 && (have & seals) == seals) {
        close(self);
        return 0;
    }
    /* MFD_EXEC (6.3) where the kernel may refuse to run a memfd without it */
    mfd = (int)syscall(SYS_memfd_create, "libcontainer", 0x1U | 0x2U | 0x10U);
    if (mfd < 0 && errno == EINVAL)
        mfd = (int)syscall(SYS_memfd_create, "libcontainer", 0x1U | 0x2U);
    if (mfd < 0)
        goto fail;
    while ((n = read(self, buf, sizeof buf)) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || lc__write_all(mfd, buf, (size_t)n) < 0)
            goto fail;
    }
    if (fcntl(mfd, F_ADD_SEALS, seals) < 0)
        goto fail;
    syscall(SYS_execveat, mfd, "", argv, envp, AT_EMPTY_PATH);
fail:
    e = errno;
    close(self);
    lc__close(&mfd);
    return lc__fail(err, e, "reexec", "running from a sealed copy: %s", strerror(e));
}

/* Reads the state letter and the start time (field 22, clock ticks since
   boot) of /proc/PID/stat. */
static int lc__proc_stat(pid_t pid, char *state, unsigned long long *ticks, lc_error *err)
{
    char path[64], buf[1024], *s;
    unsigned long long v = 0;
    int field;
    ssize_t n;
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    n = lc__read_small(AT_FDCWD, path, buf, sizeof buf);
    if (n < 0)
        return lc__fail(err, (int)-n, "state", "%s: %s", path, strerror((int)-n));
    /* the command name may hold spaces and parentheses: count from the last ')' */
    s = strrchr(buf, ')');
    if (!s || s[1] != ' ' || !s[2])
        return lc__fail(err, EPROTO, "state", "%s: unexpected format", path);
    *state = s[2];
    for (field = 2; field < 22 && s; field++)
        s = strchr(s + 1, ' ');
    if (!s || sscanf(s + 1, "%llu", &v) != 1)
        return lc__fail(err, EPROTO, "state", "%s: unexpected format", path);
    *ticks = v;
    return 0;
}

LCDEF int lc_process_start_time(pid_t pid, unsigned long long *ticks, lc_error *err)
{
    char state;
    return lc__proc_stat(pid, &state, ticks, err);
}

static int lc__state_path(char *buf, size_t size, const char *dir, const char *name, lc_error *err)
{
    if ((size_t)snprintf(buf, size, "%s/%s", dir, name) >= size)
        return lc__fail(err, ENAMETOOLONG, "state", "%s: path too long", dir);
    return 0;
}

/* The inode of /proc/PID/ns/NAME, 0 when it cannot be read. */
static unsigned long long lc__ns_inode(pid_t pid, const char *name)
{
    char path[64];
    struct stat st;
    snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, name);
    return stat(path, &st) == 0 ? (unsigned long long)st.st_ino : 0;
}

LCDEF int lc_state_save(const char *dir, const lc_container *c, const lc_config *cfg, lc_error *err)
{
    char path[PATH_MAX], head[1024], *json = NULL, *buf;
    size_t len = 0, i, n;
    int rc;
    if (!dir || !c)
        return lc__fail(err, EINVAL, "state", "no directory or container given");
    if ((rc = lc__state_path(path, sizeof path, dir, "state.json", err)) < 0)
        return rc;
    if (cfg && (rc = lc_config_write(cfg, &json, &len, err)) < 0)
        return rc;
    n = (size_t)snprintf(head, sizeof head,
                         "{\n    \"pid\": %d,\n    \"start_time\": %llu,\n"
                         "    \"namespaces\": {",
                         (int)c->pid, c->start_time);
    for (i = 0; i < LC__NS_COUNT; i++)
        n += (size_t)snprintf(head + n, sizeof head - n, "%s\n        \"%s\": %llu", i ? "," : "",
                              lc__namespaces[i].proc, lc__ns_inode(c->pid, lc__namespaces[i].proc));
    n +=
        (size_t)snprintf(head + n, sizeof head - n, "\n    }%s", json ? ",\n    \"config\": " : "");
    buf = (char *)LIBCONTAINER_MALLOC(n + len + 3);
    if (!buf) {
        LIBCONTAINER_FREE(json);
        return lc__fail(err, ENOMEM, "state", "out of memory");
    }
    memcpy(buf, head, n);
    if (json)
        memcpy(buf + n, json, len);
    memcpy(buf + n + len, "}\n", 3);
    rc = lc__write_atomic(path, buf, n + len + 2, err);
    LIBCONTAINER_FREE(buf);
    LIBCONTAINER_FREE(json);
    return rc;
}

LCDEF int lc_state_remove(const char *dir, lc_error *err)
{
    char path[PATH_MAX];
    if (!dir)
        return lc__fail(err, EINVAL, "state", "no directory given");
    if (lc__state_path(path, sizeof path, dir, "state.json", err) < 0)
        return -ENAMETOOLONG;
    if (unlink(path) < 0 && errno != ENOENT)
        return lc__fail(err, errno, "state", "%s: %s", path, strerror(errno));
    return 0;
}

LCDEF int lc_pid_file_write(const char *path, pid_t pid, lc_error *err)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%d", (int)pid);
    if (!path)
        return lc__fail(err, EINVAL, "state", "no pid file given");
    return lc__write_atomic(path, buf, (size_t)n, err);
}

/* An unsigned integer token of a document the runtime wrote. */
static int lc__tok_u64(const char *js, const lc__json_tok *t, unsigned long long *v)
{
    if (t->type != LC__JSON_PRIMITIVE)
        return -EPROTO;
    return lc__parse_uint(js + t->start, js + t->end, v) < 0 ? -EPROTO : 0;
}

/* Whether the record in js (tokens t, n of them) is a container that runs:
   its init pid alive with the start time and the namespaces recorded, its
   mount namespace not ours. Fills pid and ticks, and *config with the
   config's token (or -1). */
static int lc__state_live(const char *js, const lc__json_tok *t, int n, pid_t *pid,
                          unsigned long long *ticks, int *config)
{
    unsigned long long v, want_pid = 0, want_ticks = 0, have;
    int k, left, checked = 0;
    char state;
    *config = -1;
    if (n < 1 || t[0].type != LC__JSON_OBJECT)
        return 0;
    for (k = 1, left = t[0].size; left > 0; left--, k = lc__json_skip(t, k)) {
        const char *key = js + t[k].start;
        size_t kl = t[k].end - t[k].start;
        if (kl == 3 && !memcmp(key, "pid", 3) && lc__tok_u64(js, &t[k + 1], &v) == 0)
            want_pid = v;
        else if (kl == 10 && !memcmp(key, "start_time", 10) && lc__tok_u64(js, &t[k + 1], &v) == 0)
            want_ticks = v;
        else if (kl == 6 && !memcmp(key, "config", 6) && t[k + 1].type == LC__JSON_OBJECT)
            *config = k + 1;
    }
    /* a zombie init is a container that has ended, even before it is reaped */
    if (want_pid == 0 || want_pid > INT_MAX ||
        lc__proc_stat((pid_t)want_pid, &state, &have, NULL) < 0 || have != want_ticks ||
        state == 'Z' || state == 'X')
        return 0;
    for (k = 1, left = t[0].size; left > 0; left--, k = lc__json_skip(t, k)) {
        int e, el;
        if (t[k].end - t[k].start != 10 || memcmp(js + t[k].start, "namespaces", 10) ||
            t[k + 1].type != LC__JSON_OBJECT)
            continue;
        for (e = k + 2, el = t[k + 1].size; el > 0; el--, e = lc__json_skip(t, e)) {
            char name[16];
            size_t nl = t[e].end - t[e].start;
            if (nl >= sizeof name || lc__tok_u64(js, &t[e + 1], &v) < 0)
                return 0;
            memcpy(name, js + t[e].start, nl);
            name[nl] = '\0';
            if (lc__ns_inode((pid_t)want_pid, name) != v)
                return 0;
            if (!strcmp(name, "mnt") && lc__ns_inode(getpid(), "mnt") != v)
                checked = 1;
        }
    }
    if (!checked)
        return 0;
    *pid = (pid_t)want_pid;
    *ticks = want_ticks;
    return 1;
}

LCDEF int lc_state_load(const char *dir, lc_container **out, lc_config **cfg, lc_error *err)
{
    char path[PATH_MAX], *js = NULL;
    lc__json_tok *t = NULL;
    lc_container *c = NULL;
    unsigned long long ticks = 0, again;
    size_t len = 0;
    pid_t pid = 0;
    int n, rc, conf = -1, live = 0, pidfd = -1;
    char state;
    if (!out)
        return lc__fail(err, EINVAL, "state", "no place for the result");
    *out = NULL;
    if (cfg)
        *cfg = NULL;
    if (!dir)
        return lc__fail(err, EINVAL, "state", "no directory given");
    if ((rc = lc__state_path(path, sizeof path, dir, "state.json", err)) < 0)
        return rc;
    rc = lc__read_alloc(path, &js, &len);
    if (rc == -ENOENT)
        return 0;
    if (rc < 0)
        return lc__fail(err, -rc, "state", "%s: %s", path, strerror(-rc));
    n = len <= (size_t)LIBCONTAINER_MAX_CONFIG_SIZE * 2 ? lc__json_parse(js, len, NULL, 0, NULL)
                                                        : -1;
    if (n > 0 && (t = (lc__json_tok *)LIBCONTAINER_MALLOC((size_t)n * sizeof *t)) != NULL &&
        lc__json_parse(js, len, t, n, NULL) == n && lc__state_live(js, t, n, &pid, &ticks, &conf)) {
        /* the pidfd names the process checked: its start time is the same after */
        pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
        live = lc__proc_stat(pid, &state, &again, NULL) == 0 && again == ticks;
    }
    if (!live) {
        lc__close(&pidfd);
        lc_state_remove(dir, NULL);
        rc = 0;
        goto out;
    }
    c = lc__container_new();
    if (!c) {
        rc = lc__fail(err, ENOMEM, "state", "out of memory");
        goto out;
    }
    c->loaded = 1;
    c->pid = pid;
    c->pidfd = pidfd;
    pidfd = -1;
    c->start_time = ticks;
    if (cfg && conf < 0) {
        rc = lc__fail(err, EPROTO, "state", "%s: no config recorded", path);
        goto out;
    }
    if (cfg && (rc = lc__cfg_parse(js + t[conf].start, t[conf].end - t[conf].start, path, NULL,
                                   &lc__config_schema, cfg, err)) < 0)
        goto out;
    *out = c;
    c = NULL;
    rc = 1;
out:
    lc__close(&pidfd);
    lc_container_free(c);
    LIBCONTAINER_FREE(t);
    LIBCONTAINER_FREE(js);
    return rc;
}

/* ==== cgroups v1/v2 ====================================================== */

static const struct {
    unsigned bit;
    const char *v1;
    const char *v2;
} lc__cg_controllers[] = {
    {LC__CG_CPU, "cpu", "cpu"},          {LC__CG_CPUACCT, "cpuacct", "cpu"},
    {LC__CG_CPUSET, "cpuset", "cpuset"}, {LC__CG_MEMORY, "memory", "memory"},
    {LC__CG_DEVICES, "devices", NULL},   {LC__CG_FREEZER, "freezer", NULL},
    {LC__CG_BLKIO, "blkio", "io"},       {LC__CG_PIDS, "pids", "pids"},
};
#define LC__CG_NCTRL (sizeof lc__cg_controllers / sizeof lc__cg_controllers[0])

/* Undoes mountinfo's octal escapes (\040 for a space) in place. */
static void lc__unescape_octal(char *s)
{
    char *d = s;
    for (; *s; s++) {
        if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
            s[3] >= '0' && s[3] <= '7') {
            *d++ = (char)(((s[1] - '0') << 6) | ((s[2] - '0') << 3) | (s[3] - '0'));
            s += 3;
        } else {
            *d++ = *s;
        }
    }
    *d = '\0';
}

/* Whether a list separated by sep has the word. */
static int lc__has_word(const char *list, const char *word, char sep)
{
    size_t n = strlen(word);
    const char *s = list;
    while ((s = strstr(s, word)) != NULL) {
        if ((s == list || s[-1] == sep) && (s[n] == sep || s[n] == '\0'))
            return 1;
        s += n;
    }
    return 0;
}

/* Whether a /proc/PID/cgroup controller list ("cpu,cpuacct", "name=systemd")
   names the hierarchy mounted with these superoptions. */
static int lc__cg_v1_match(const char *list, const char *opts)
{
    char words[256], *w, *save = NULL;
    if (!list[0] || (size_t)snprintf(words, sizeof words, "%s", list) >= sizeof words)
        return 0;
    for (w = strtok_r(words, ",", &save); w; w = strtok_r(NULL, ",", &save))
        if (!lc__has_word(opts, w, ','))
            return 0;
    return 1;
}

static void lc__cg_clear(struct lc__cgroup *cg)
{
    int i;
    for (i = 0; i < cg->n; i++) {
        LIBCONTAINER_FREE(cg->h[i].path);
        LIBCONTAINER_FREE(cg->h[i].base);
    }
    if (cg->lock_fd > 0)
        close(cg->lock_fd);
    memset(cg, 0, sizeof *cg);
}

/* Keeps hierarchy i alone. */
static void lc__cg_keep(struct lc__cgroup *cg, int i)
{
    int j;
    for (j = 0; j < cg->n; j++) {
        if (j == i)
            continue;
        LIBCONTAINER_FREE(cg->h[j].path);
        LIBCONTAINER_FREE(cg->h[j].base);
    }
    if (i > 0)
        cg->h[0] = cg->h[i];
    cg->n = 1;
}

/* Collapses repeated slashes and drops a trailing one. */
static void lc__strip_slashes(char *s)
{
    char *d = s, *start = s;
    for (; *s; s++)
        if (!(s[0] == '/' && (s[1] == '/' || (s[1] == '\0' && d > start))))
            *d++ = *s;
    *d = '\0';
}

static int lc__cg_file(const char *dir, const char *file, char *buf, size_t size)
{
    if ((size_t)snprintf(buf, size, "%s/%s", dir, file) >= size)
        return -ENAMETOOLONG;
    return 0;
}

/* Writes value into DIR/FILE; on failure names the key, the file and why. */
static int lc__cg_write(const char *dir, const char *file, const char *value, const char *key,
                        lc_error *err)
{
    char path[PATH_MAX];
    int rc;
    if (lc__cg_file(dir, file, path, sizeof path) < 0)
        return lc__fail(err, ENAMETOOLONG, "cgroups", "%s: %s/%s: path too long", key, dir, file);
    rc = lc__write_file(path, value, strlen(value));
    if (rc == -ENOENT && access(dir, F_OK) == 0)
        return lc__fail(err, ENOENT, "cgroups", "%s: %s: not supported by this kernel", key, path);
    if (rc < 0)
        return lc__fail(err, -rc, "cgroups", "%s: %s: writing %s: %s", key, path, value,
                        strerror(-rc));
    return 0;
}

static ssize_t lc__cg_read(const char *dir, const char *file, char *buf, size_t size)
{
    char path[PATH_MAX];
    if (lc__cg_file(dir, file, path, sizeof path) < 0)
        return -ENAMETOOLONG;
    return lc__read_small(AT_FDCWD, path, buf, size);
}

/* Finds the cgroup hierarchies from /proc/self/mountinfo and the cgroups of
   pid in each (/proc/PID/cgroup): cg->h[i].base is where pid's cgroup is in
   that hierarchy, as a host path. v1 hierarchies come first; v2 last. */
static int lc__cg_find(pid_t pid, struct lc__cgroup *cg, lc_error *err)
{
    char *mi = NULL, *pc = NULL, *line, *save = NULL, path[64];
    int rc, i2;
    memset(cg, 0, sizeof *cg);
    if ((rc = lc__read_alloc("/proc/self/mountinfo", &mi, NULL)) < 0)
        return lc__fail(err, -rc, "cgroups", "/proc/self/mountinfo: %s", strerror(-rc));
    snprintf(path, sizeof path, "/proc/%d/cgroup", (int)pid);
    if ((rc = lc__read_alloc(path, &pc, NULL)) < 0) {
        rc = lc__fail(err, -rc, "cgroups", "%s: %s", path, strerror(-rc));
        goto out;
    }
    for (line = strtok_r(mi, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[10], *sep, *opts, *cl, *cline, *csave = NULL, *cpath = NULL, *dup = NULL;
        int nf = 0, v2, i, seen = 0;
        unsigned ctrl = 0;
        size_t rl;
        sep = strstr(line, " - ");
        if (!sep)
            continue;
        *sep = '\0';
        for (f[nf] = strtok(line, " "); f[nf] && nf < 9; f[++nf] = strtok(NULL, " "))
            ;
        if (nf < 5)
            continue;
        opts = sep + 3; /* fstype source superoptions */
        if (!strncmp(opts, "cgroup2 ", 8))
            v2 = 1;
        else if (!strncmp(opts, "cgroup ", 7))
            v2 = 0;
        else
            continue;
        opts = strrchr(opts, ' ') + 1;
        for (i = 0; i < cg->n; i++)
            if (!strcmp(cg->h[i].devno, f[2]))
                seen = 1;
        if (seen || cg->n == LC__CG_MAX)
            continue;
        lc__unescape_octal(f[3]);
        lc__unescape_octal(f[4]);
        /* the matching line of /proc/PID/cgroup: "0::path" on v2, the
           hierarchy's controller list on v1 */
        dup = lc_strdup(pc);
        if (!dup) {
            rc = lc__fail(err, ENOMEM, "cgroups", "out of memory");
            goto out;
        }
        for (cline = strtok_r(dup, "\n", &csave); cline; cline = strtok_r(NULL, "\n", &csave)) {
            char *c1 = strchr(cline, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
            if (!c2)
                continue;
            *c2 = '\0';
            cl = c1 + 1;
            if (v2 ? (cl[0] == '\0' && !strncmp(cline, "0:", 2)) : lc__cg_v1_match(cl, opts)) {
                cpath = c2 + 1;
                break;
            }
        }
        if (!cpath) {
            LIBCONTAINER_FREE(dup);
            continue;
        }
        for (i = 0; i < (int)LC__CG_NCTRL; i++)
            if (!v2 && lc__has_word(opts, lc__cg_controllers[i].v1, ','))
                ctrl |= lc__cg_controllers[i].bit;
        /* the path below the mount's root, as the mount shows it */
        rl = strlen(f[3]);
        if (strcmp(f[3], "/") != 0 && !strncmp(cpath, f[3], rl) && (cpath[rl] == '/' || !cpath[rl]))
            cpath += rl;
        cg->h[cg->n].v2 = v2;
        cg->h[cg->n].ctrl = ctrl;
        snprintf(cg->h[cg->n].devno, sizeof cg->h[cg->n].devno, "%s", f[2]);
        cg->h[cg->n].base = (char *)LIBCONTAINER_MALLOC(strlen(f[4]) + strlen(cpath) + 2);
        if (!cg->h[cg->n].base) {
            LIBCONTAINER_FREE(dup);
            rc = lc__fail(err, ENOMEM, "cgroups", "out of memory");
            goto out;
        }
        sprintf(cg->h[cg->n].base, "%s%s%s", f[4], cpath[0] == '/' ? "" : "/",
                strcmp(cpath, "/") ? cpath : "");
        lc__strip_slashes(cg->h[cg->n].base);
        LIBCONTAINER_FREE(dup);
        cg->n++;
    }
    /* v2 drives what its cgroup.controllers lists, and always freezes and
       filters devices */
    for (i2 = 0; i2 < cg->n; i2++) {
        char buf[512];
        size_t k;
        if (!cg->h[i2].v2)
            continue;
        cg->h[i2].ctrl = LC__CG_FREEZER | LC__CG_DEVICES;
        if (lc__cg_read(cg->h[i2].base, "cgroup.controllers", buf, sizeof buf) > 0) {
            buf[strcspn(buf, "\n")] = '\0';
            for (k = 0; k < LC__CG_NCTRL; k++)
                if (lc__cg_controllers[k].v2 && lc__has_word(buf, lc__cg_controllers[k].v2, ' '))
                    cg->h[i2].ctrl |= lc__cg_controllers[k].bit;
        }
    }
    rc = 0;
out:
    LIBCONTAINER_FREE(mi);
    LIBCONTAINER_FREE(pc);
    if (rc < 0)
        lc__cg_clear(cg);
    return rc;
}

/* The hierarchy that drives a controller: its own v1 mount, else the v2
   mount when that offers it below the caller's cgroup. */
static int lc__cg_driver(const struct lc__cgroup *cg, unsigned bit)
{
    int i;
    for (i = 0; i < cg->n; i++)
        if (!cg->h[i].v2 && (cg->h[i].ctrl & bit))
            return i;
    for (i = 0; i < cg->n; i++)
        if (cg->h[i].v2 && (cg->h[i].ctrl & bit))
            return i;
    return -1;
}

static int lc__cg_v2(const struct lc__cgroup *cg)
{
    int i;
    for (i = 0; i < cg->n; i++)
        if (cg->h[i].v2)
            return i;
    return -1;
}

/* Whether a cgroup directory holds a process. */
static int lc__cg_populated(const char *dir)
{
    char buf[64];
    ssize_t n = lc__cg_read(dir, "cgroup.procs", buf, sizeof buf);
    return n > 0 && buf[0] >= '0' && buf[0] <= '9';
}

/* v1 cpuset: a new cgroup has no cpus or mems, and takes no task until it
   has both; copy its parent's. */
static int lc__cg_cpuset_inherit(const char *dir, lc_error *err)
{
    static const char *const files[] = {"cpuset.cpus", "cpuset.mems"};
    char parent[PATH_MAX], buf[4096];
    size_t i;
    snprintf(parent, sizeof parent, "%s", dir);
    *strrchr(parent, '/') = '\0';
    for (i = 0; i < 2; i++) {
        ssize_t n = lc__cg_read(dir, files[i], buf, sizeof buf);
        if (n > 0 && buf[0] != '\n')
            continue;
        n = lc__cg_read(parent, files[i], buf, sizeof buf);
        if (n < 0)
            return lc__fail(err, (int)-n, "cgroups", "%s/%s: %s", parent, files[i],
                            strerror((int)-n));
        if ((n = lc__cg_write(dir, files[i], buf, files[i], err)) < 0)
            return (int)n;
    }
    return 0;
}

/* Makes the container's directory in every hierarchy: BASE/PARENT/NAME.
   Missing levels are created and remembered, so that they go too. A
   leftover directory of the same name with no process in it (a runtime
   that was killed) is taken over; one with processes is in use. */
static int lc__cg_create(struct lc__cgroup *cg, const lc_cgroups *set, lc_error *err)
{
    char name[64];
    const char *leaf = set->name;
    int i;
    if (!leaf || !*leaf) {
        unsigned char r[8];
        if (syscall(SYS_getrandom, r, sizeof r, 0) != (long)sizeof r)
            return lc__fail(err, errno, "cgroups", "getrandom: %s", strerror(errno));
        snprintf(name, sizeof name, "lc-%02x%02x%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3],
                 r[4], r[5], r[6], r[7]);
        leaf = name;
    }
    for (i = 0; i < cg->n; i++) {
        size_t len =
            strlen(cg->h[i].base) + (set->parent ? strlen(set->parent) : 0) + strlen(leaf) + 3;
        char *p = (char *)LIBCONTAINER_MALLOC(len), *s;
        int tries = 0, levels = 0;
        if (!p)
            return lc__fail(err, ENOMEM, "cgroups", "out of memory");
        snprintf(p, len, "%s/%s/%s", cg->h[i].base, set->parent ? set->parent : "", leaf);
        lc__strip_slashes(p);
        cg->h[i].path = p;
    again:
        /* create each missing level below the base, top down */
        for (s = p + strlen(cg->h[i].base) + 1;; s++) {
            char save = *s;
            if (save != '/' && save != '\0')
                continue;
            *s = '\0';
            levels++;
            if (mkdir(p, 0755) == 0) {
                cg->h[i].made++;
                int rc;
                if (!cg->h[i].v2 && (cg->h[i].ctrl & LC__CG_CPUSET) &&
                    (rc = lc__cg_cpuset_inherit(p, err)) < 0) {
                    *s = save;
                    return rc;
                }
            } else if (errno == ENOENT && tries++ < 3) {
                /* a level above was removed by another container's cleanup */
                *s = save;
                cg->h[i].made = levels = 0;
                goto again;
            } else if (errno != EEXIST) {
                int e = errno;
                *s = save;
                return lc__fail(err, e, "cgroups", "%s: %s", p, strerror(e));
            } else if (save == '\0') {
                /* a directory of this name: a leftover of a killed runtime
                   is taken over, with the empty levels above it */
                if (lc__cg_populated(p))
                    return lc__fail(err, EBUSY, "cgroups",
                                    "cgroups.name: %s: in use by a running container (%s)", leaf,
                                    p);
                cg->h[i].made = levels;
            }
            *s = save;
            if (!save)
                break;
        }
        /* one starter per name: the first hierarchy's leaf is locked for the
           container's life, and a second starter that races for it backs off */
        if (i == 0) {
            int fd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            cg->lock_fd = fd >= 0 ? fcntl(fd, F_DUPFD_CLOEXEC, 3) : -1;
            if (fd >= 0)
                close(fd);
            if (cg->lock_fd < 0 || flock(cg->lock_fd, LOCK_EX | LOCK_NB) < 0) {
                int e = errno;
                /* what is here belongs to the other starter */
                cg->h[0].made = 0;
                return lc__fail(err, e == EWOULDBLOCK ? EBUSY : e, "cgroups",
                                "cgroups.name: %s: in use by a running container (%s)", leaf, p);
            }
        }
    }
    return 0;
}

/* Kills what is left in a cgroup and returns once the kernel says it is
   gone (or after 10 s): cgroup.kill on v2, waiting for "populated 0" in
   cgroup.events; elsewhere every pid it lists, through pidfds whose
   readiness tells each death, until none is left. */
static void lc__cg_kill_all(const char *dir, int v2)
{
    char buf[4096], path[PATH_MAX];
    struct pollfd pf[64];
    long long deadline = lc__now_ms() + 10000;
    int round, fd, n, i;
    if (v2 && lc__cg_write(dir, "cgroup.kill", "1", "kill", NULL) == 0 &&
        lc__cg_file(dir, "cgroup.events", path, sizeof path) == 0 &&
        (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
        ssize_t got;
        pf[0].fd = fd;
        pf[0].events = POLLPRI;
        while ((got = pread(fd, buf, sizeof buf - 1, 0)) > 0) {
            long long left = deadline - lc__now_ms();
            buf[got] = '\0';
            if (strstr(buf, "populated 0") || left <= 0)
                break;
            poll(pf, 1, (int)left);
        }
        close(fd);
        return;
    }
    for (round = 0; round < 100 && lc__now_ms() < deadline &&
                    lc__cg_read(dir, "cgroup.procs", buf, sizeof buf) > 0;
         round++) {
        char *s, *save = NULL;
        n = 0;
        for (s = strtok_r(buf, "\n", &save); s; s = strtok_r(NULL, "\n", &save)) {
            pid_t pid = (pid_t)atoi(s);
            int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
            if (pfd < 0) {
                kill(pid, SIGKILL);
                continue;
            }
            syscall(SYS_pidfd_send_signal, pfd, SIGKILL, NULL, 0);
            if (n < (int)(sizeof pf / sizeof pf[0])) {
                pf[n].fd = pfd;
                pf[n++].events = POLLIN;
            } else {
                close(pfd);
            }
        }
        /* a pidfd is readable once its process has exited */
        for (i = 0; i < n; i++) {
            long long left = deadline - lc__now_ms();
            poll(&pf[i], 1, left > 0 ? (int)left : 0);
            close(pf[i].fd);
        }
        if (!n)
            sched_yield();
    }
}

/* Removes what lc__cg_create made: the leaf, then the levels above it that
   it created, when they are empty. */
static void lc__cg_destroy(struct lc__cgroup *cg)
{
    int i, j;
    for (i = 0; i < cg->n; i++) {
        char *p = cg->h[i].path;
        if (!p || !cg->h[i].made)
            continue;
        for (j = 0; j < 50 && rmdir(p) < 0 && errno == EBUSY; j++)
            lc__cg_kill_all(p, cg->h[i].v2);
        for (j = 1; j < cg->h[i].made; j++) {
            char *slash = strrchr(p, '/');
            if (!slash)
                break;
            *slash = '\0';
            if (rmdir(p) < 0)
                break;
        }
        cg->h[i].made = 0;
    }
}

/* ---- device control: v1 rules and a v2 device program ---------------- */

/* The terminals every container may use besides the nodes it is given:
   /dev/tty, /dev/console, /dev/ptmx and its devpts's slaves. */
static const lc_device lc__terminals[] = {
    {'c', NULL, 5, 0, "rwm", 0, 0, 0},
    {'c', NULL, 5, 1, "rwm", 0, 0, 0},
    {'c', NULL, 5, 2, "rwm", 0, 0, 0},
    {'c', NULL, 136, -1, "rwm", 0, 0, 0},
};
#define LC__NTERMINALS (sizeof lc__terminals / sizeof lc__terminals[0])

/* The rules of a config without allowed_devices: the nodes it is given
   (device_nodes, else the default set) and the terminals. A new array. */
static lc_device *lc__given_devices(const lc_config *cfg, size_t *n)
{
    size_t nodes = cfg->devices_len ? cfg->devices_len : LC__NDEFAULT_NODES, i;
    lc_device *r = (lc_device *)LIBCONTAINER_MALLOC((nodes + LC__NTERMINALS) * sizeof *r);
    if (!r)
        return NULL;
    memset(r, 0, (nodes + LC__NTERMINALS) * sizeof *r);
    for (i = 0; i < nodes; i++) {
        if (cfg->devices_len) {
            r[i].type = cfg->devices[i].type;
            r[i].major = cfg->devices[i].major;
            r[i].minor = cfg->devices[i].minor;
        } else {
            lc__default_node(i, &r[i]);
        }
        memcpy(r[i].permissions, "rwm", 4);
    }
    memcpy(r + nodes, lc__terminals, sizeof lc__terminals);
    *n = nodes + LC__NTERMINALS;
    return r;
}

struct lc__bpf_insn {
    uint8_t code;
    uint8_t regs; /* dst in the low nibble, src in the high one */
    int16_t off;
    int32_t imm;
};

#define LC__BPF(c, d, s, o, i)                                                                     \
    {                                                                                              \
        (uint8_t)(c), (uint8_t)((d) | ((s) << 4)), (int16_t)(o), (int32_t)(i)                      \
    }
#define LC__BPF_LDXW 0x61    /* dst = *(u32 *)(src + off) */
#define LC__BPF_MOV_REG 0xbf /* dst = src */
#define LC__BPF_MOV_IMM 0xb7 /* dst = imm */
#define LC__BPF_AND_IMM 0x57 /* dst &= imm */
#define LC__BPF_RSH_IMM 0x77 /* dst >>= imm */
#define LC__BPF_JNE_IMM 0x56 /* if (u32)dst != imm: pc += off (JMP32) */
#define LC__BPF_EXIT 0x95

static unsigned lc__dev_access(const char *perm)
{
    unsigned a = 0;
    /* BPF_DEVCG_ACC_MKNOD 1, READ 2, WRITE 4 */
    if (strchr(perm, 'm'))
        a |= 1;
    if (strchr(perm, 'r'))
        a |= 2;
    if (strchr(perm, 'w'))
        a |= 4;
    return a;
}

/* Assembles a BPF_PROG_TYPE_CGROUP_DEVICE program that allows what one of
   the rules allows and denies everything else. Returns its length, or -1
   when out does not have room. The context holds access_type (type in the
   low 16 bits: 1 block, 2 char; access above), major, minor. */
static int lc__dev_program(const lc_device *rules, size_t n, int allow_all,
                           struct lc__bpf_insn *out, int room)
{
    int len = 0;
    size_t i;
#define LC__EMIT(c, d, s, o, imm)                                                                  \
    do {                                                                                           \
        struct lc__bpf_insn ins_ = LC__BPF(c, d, s, o, imm);                                       \
        if (len >= room)                                                                           \
            return -1;                                                                             \
        out[len++] = ins_;                                                                         \
    } while (0)
    if (!allow_all) {
        /* r3 = type, r4 = access, r5 = major, r6 = minor */
        LC__EMIT(LC__BPF_LDXW, 2, 1, 0, 0);
        LC__EMIT(LC__BPF_MOV_REG, 3, 2, 0, 0);
        LC__EMIT(LC__BPF_AND_IMM, 3, 0, 0, 0xffff);
        LC__EMIT(LC__BPF_MOV_REG, 4, 2, 0, 0);
        LC__EMIT(LC__BPF_RSH_IMM, 4, 0, 0, 16);
        LC__EMIT(LC__BPF_LDXW, 5, 1, 4, 0);
        LC__EMIT(LC__BPF_LDXW, 6, 1, 8, 0);
        for (i = 0; i < n && !allow_all; i++) {
            const lc_device *r = &rules[i];
            unsigned acc = lc__dev_access(r->permissions);
            struct lc__bpf_insn rule[8];
            int k = 0, j;
            if (r->type == 'a' && acc == 7) {
                allow_all = 1;
                break;
            }
            if (r->type != 'a')
                rule[k++] =
                    (struct lc__bpf_insn)LC__BPF(LC__BPF_JNE_IMM, 3, 0, 0, r->type == 'b' ? 1 : 2);
            if (acc != 7) {
                /* the requested access must lie inside the allowed set */
                rule[k++] = (struct lc__bpf_insn)LC__BPF(LC__BPF_MOV_REG, 7, 4, 0, 0);
                rule[k++] = (struct lc__bpf_insn)LC__BPF(LC__BPF_AND_IMM, 7, 0, 0, ~acc & 7);
                rule[k++] = (struct lc__bpf_insn)LC__BPF(LC__BPF_JNE_IMM, 7, 0, 0, 0);
            }
            if (r->major >= 0)
                rule[k++] = (struct lc__bpf_insn)LC__BPF(LC__BPF_JNE_IMM, 5, 0, 0, r->major);
            if (r->minor >= 0)
                rule[k++] = (struct lc__bpf_insn)LC__BPF(LC__BPF_JNE_IMM, 6, 0, 0, r->minor);
            rule[k++] = (struct lc__bpf_insn)LC__BPF(LC__BPF_MOV_IMM, 0, 0, 0, 1);
            rule[k++] = (struct lc__bpf_insn)LC__BPF(LC__BPF_EXIT, 0, 0, 0, 0);
            /* a failed test skips the rest of the rule */
            for (j = 0; j < k; j++) {
                if (rule[j].code == LC__BPF_JNE_IMM)
                    rule[j].off = (int16_t)(k - j - 1);
                if (len >= room)
                    return -1;
                out[len++] = rule[j];
            }
        }
    }
    LC__EMIT(LC__BPF_MOV_IMM, 0, 0, 0, allow_all ? 1 : 0);
    LC__EMIT(LC__BPF_EXIT, 0, 0, 0, 0);
    return len;
#undef LC__EMIT
}
/* The bpf(2) attributes this file uses, laid out as the kernel's union. */
union lc__bpf_attr {
    struct {
        uint32_t prog_type;
        uint32_t insn_cnt;
        uint64_t insns;
        uint64_t license;
        uint32_t log_level;
        uint32_t log_size;
        uint64_t log_buf;
        uint32_t kern_version;
        uint32_t prog_flags;
    } load;
    struct {
        uint32_t target_fd;
        uint32_t attach_bpf_fd;
        uint32_t attach_type;
        uint32_t attach_flags;
    } attach;
    char pad[128];
};

/* Loads the device program for rules and attaches it to the v2 cgroup dir. */
static int lc__dev_attach(const char *dir, const lc_device *rules, size_t n, int allow_all,
                          const char *key, lc_error *err)
{
    struct lc__bpf_insn prog[4096];
    union lc__bpf_attr a;
    int len = lc__dev_program(rules, n, allow_all, prog, 4096), pfd, cfd, rc = 0;
    if (len < 0)
        return lc__fail(err, E2BIG, "cgroups", "%s: too many device rules", key);
    memset(&a, 0, sizeof a);
    a.load.prog_type = 15; /* BPF_PROG_TYPE_CGROUP_DEVICE */
    a.load.insn_cnt = (uint32_t)len;
    a.load.insns = (uint64_t)(uintptr_t)prog;
    a.load.license = (uint64_t)(uintptr_t) "Apache-2.0";
    pfd = (int)syscall(SYS_bpf, 5 /* BPF_PROG_LOAD */, &a, sizeof a);
    if (pfd < 0)
        return lc__fail(err, errno, "cgroups", "%s: loading the device program: %s", key,
                        strerror(errno));
    cfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (cfd < 0) {
        rc = lc__fail(err, errno, "cgroups", "%s: %s: %s", key, dir, strerror(errno));
        goto out;
    }
    memset(&a, 0, sizeof a);
    a.attach.target_fd = (uint32_t)cfd;
    a.attach.attach_bpf_fd = (uint32_t)pfd;
    a.attach.attach_type = 6;  /* BPF_CGROUP_DEVICE */
    a.attach.attach_flags = 2; /* BPF_F_ALLOW_MULTI: the parents' programs still apply */
    if (syscall(SYS_bpf, 8 /* BPF_PROG_ATTACH */, &a, sizeof a) < 0)
        rc = lc__fail(err, errno, "cgroups", "%s: attaching the device program to %s: %s", key, dir,
                      strerror(errno));
out:
    if (cfd >= 0)
        close(cfd);
    close(pfd);
    return rc;
}

/* Device control where it is mounted: v1 devices.deny and devices.allow,
   and a device program on v2. Both apply when both are there; a host with
   neither cannot filter, and the container is refused. */
static int lc__cg_devices(struct lc__cgroup *cg, const lc_cgroups *set, const lc_config *cfg,
                          lc_error *err)
{
    const lc_device *rules = set->allowed_devices;
    lc_device *given = NULL;
    size_t n = set->allowed_devices_len, i;
    int d, v2 = lc__cg_v2(cg), done = 0, rc = 0;
    if (!n && !set->allow_all_devices) {
        rules = given = lc__given_devices(cfg, &n);
        if (!given)
            return lc__fail(err, ENOMEM, "cgroups", "out of memory");
    }
    for (d = 0; d < cg->n && rc == 0; d++) {
        if (cg->h[d].v2 || !(cg->h[d].ctrl & LC__CG_DEVICES))
            continue;
        done = 1;
        if (set->allow_all_devices) {
            rc =
                lc__cg_write(cg->h[d].path, "devices.allow", "a", "cgroups.allow_all_devices", err);
            continue;
        }
        rc = lc__cg_write(cg->h[d].path, "devices.deny", "a", "cgroups.allowed_devices", err);
        for (i = 0; i < n && rc == 0; i++) {
            char rule[96], maj[24], min[24];
            const lc_device *r = &rules[i];
            if (r->major < 0)
                snprintf(maj, sizeof maj, "*");
            else
                snprintf(maj, sizeof maj, "%lld", r->major);
            if (r->minor < 0)
                snprintf(min, sizeof min, "*");
            else
                snprintf(min, sizeof min, "%lld", r->minor);
            snprintf(rule, sizeof rule, "%c %s:%s %s", r->type, maj, min,
                     r->permissions[0] ? r->permissions : "rwm");
            rc = lc__cg_write(cg->h[d].path, "devices.allow", rule, "cgroups.allowed_devices", err);
        }
    }
    if (rc == 0 && v2 >= 0 && cg->h[v2].path) {
        rc = lc__dev_attach(cg->h[v2].path, rules, n, set->allow_all_devices,
                            "cgroups.allowed_devices", err);
        done = 1;
    }
    if (rc == 0 && !done && !set->allow_all_devices)
        rc = lc__fail(err, ENODEV, "cgroups",
                      "devices: no devices controller and no cgroup2 mount: the container's "
                      "devices cannot be filtered");
    LIBCONTAINER_FREE(given);
    return rc;
}

/* The cgroup settings: the field of lc_cgroups, its controller, its file
   on v1 and on v2 (several: the first the kernel has), and for v2 where
   the value is not the config's (a weight of another scale, swap apart
   from memory, quota and period in one file) the code that makes it.
   LIBCONTAINER_UNLIMITED is written "max" where the file takes it. */
struct lc__cg_setting {
    const char *key;
    size_t off;
    int str; /* a string field (the cpusets), else long long */
    unsigned ctrl;
    const char *v1, *v2;
    void (*v2_value)(const lc_cgroups *set, char *buf, size_t n);
};

/* cpu.weight (1..10000) from shares (2..262144), as runc and crun do. */
static void lc__cg_v2_weight(const lc_cgroups *set, char *buf, size_t n)
{
    long long w = set->cpu_shares < 2 ? 1 : 1 + ((set->cpu_shares - 2) * 9999) / 262142;
    snprintf(buf, n, "%lld", w);
}

/* memory.swap.max: the swap alone, memory_swap being memory plus swap. */
static void lc__cg_v2_swap(const lc_cgroups *set, char *buf, size_t n)
{
    if (set->memory_swap == LIBCONTAINER_UNLIMITED || set->memory == LIBCONTAINER_UNLIMITED)
        snprintf(buf, n, "max");
    else
        snprintf(buf, n, "%lld", set->memory_swap - set->memory);
}

/* cpu.max: "QUOTA PERIOD". */
static void lc__cg_v2_cpu_max(const lc_cgroups *set, char *buf, size_t n)
{
    char q[24];
    if (set->cpu_quota > 0)
        snprintf(q, sizeof q, "%lld", set->cpu_quota);
    else
        snprintf(q, sizeof q, "max");
    snprintf(buf, n, "%s %lld", q, set->cpu_period > 0 ? set->cpu_period : 100000);
}

static const struct lc__cg_setting lc__cg_settings[] = {
    {"memory", offsetof(lc_cgroups, memory), 0, LC__CG_MEMORY, "memory.limit_in_bytes",
     "memory.max", NULL},
    {"memory_reservation", offsetof(lc_cgroups, memory_reservation), 0, LC__CG_MEMORY,
     "memory.soft_limit_in_bytes", "memory.low", NULL},
    {"memory_swap", offsetof(lc_cgroups, memory_swap), 0, LC__CG_MEMORY,
     "memory.memsw.limit_in_bytes", "memory.swap.max", lc__cg_v2_swap},
    {"cpu_shares", offsetof(lc_cgroups, cpu_shares), 0, LC__CG_CPU, "cpu.shares", "cpu.weight",
     lc__cg_v2_weight},
    {"cpu_period", offsetof(lc_cgroups, cpu_period), 0, LC__CG_CPU, "cpu.cfs_period_us", "cpu.max",
     lc__cg_v2_cpu_max},
    {"cpu_quota", offsetof(lc_cgroups, cpu_quota), 0, LC__CG_CPU, "cpu.cfs_quota_us", "cpu.max",
     lc__cg_v2_cpu_max},
    {"cpuset_cpus", offsetof(lc_cgroups, cpuset_cpus), 1, LC__CG_CPUSET, "cpuset.cpus",
     "cpuset.cpus", NULL},
    {"cpuset_mems", offsetof(lc_cgroups, cpuset_mems), 1, LC__CG_CPUSET, "cpuset.mems",
     "cpuset.mems", NULL},
    {"cpu_burst", offsetof(lc_cgroups, cpu_burst), 0, LC__CG_CPU, "cpu.cfs_burst_us",
     "cpu.max.burst", NULL},
    {"cpu_idle", offsetof(lc_cgroups, cpu_idle), 0, LC__CG_CPU, "cpu.idle", "cpu.idle", NULL},
    {"pids_limit", offsetof(lc_cgroups, pids_limit), 0, LC__CG_PIDS, "pids.max", "pids.max", NULL},
    {"blkio_weight", offsetof(lc_cgroups, blkio_weight), 0, LC__CG_BLKIO,
     "blkio.weight blkio.bfq.weight", "io.weight io.bfq.weight", NULL},
};
#define LC__CG_NSETTINGS (sizeof lc__cg_settings / sizeof lc__cg_settings[0])

/* The setting's value as set, or NULL when it is unset. */
static const char *lc__cg_value(const struct lc__cg_setting *k, const lc_cgroups *set, int v2,
                                char *buf, size_t n)
{
    const char *p = (const char *)set + k->off;
    long long x = 0;
    if (k->str)
        return *(char *const *)(const void *)p;
    x = *(const long long *)(const void *)p;
    if (!x)
        return NULL;
    if (v2 && k->v2_value)
        k->v2_value(set, buf, n);
    else if (x == LIBCONTAINER_UNLIMITED && (v2 || !strcmp(k->v1, "pids.max")))
        snprintf(buf, n, "max");
    else
        snprintf(buf, n, "%lld", x);
    return buf;
}

/* Whether every setting of set has a hierarchy to drive it: checked
   before anything is made. */
static int lc__cg_plan(const struct lc__cgroup *cg, const lc_cgroups *set, lc_error *err)
{
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{LC__CG_MEMORY, "memory"},
                 {LC__CG_CPU, "cpu"},
                 {LC__CG_CPUSET, "cpuset"},
                 {LC__CG_PIDS, "pids"},
                 {LC__CG_BLKIO, "blkio"}};
    char buf[64];
    size_t i, j;
    for (i = 0; i < LC__CG_NSETTINGS; i++) {
        const struct lc__cg_setting *k = &lc__cg_settings[i];
        if (!lc__cg_value(k, set, 0, buf, sizeof buf) || lc__cg_driver(cg, k->ctrl) >= 0)
            continue;
        for (j = 0; names[j].bit != k->ctrl; j++)
            ;
        return lc__fail(err, ENODEV, "cgroups", "cgroups.%s: the %s controller is not mounted",
                        k->key, names[j].name);
    }
    for (i = 0; set->unified_len && i < (size_t)cg->n && !cg->h[i].v2; i++)
        ;
    if (set->unified_len && i == (size_t)cg->n)
        return lc__fail(err, ENODEV, "cgroups", "cgroups.unified: no cgroup v2 hierarchy here");
    return 0;
}

/* Writes the settings of set into the container's directories (lc__cg_plan
   has found a hierarchy for each); cfg gives the nodes of the default
   device rules. */
static int lc__cg_apply(struct lc__cgroup *cg, const lc_cgroups *set, const lc_config *cfg,
                        lc_error *err)
{
    char v[64], path[PATH_MAX], files[64], *f, *save = NULL;
    const char *val;
    struct stat st;
    size_t i;
    int d, rc;
    for (i = 0; i < LC__CG_NSETTINGS; i++) {
        const struct lc__cg_setting *k = &lc__cg_settings[i];
        char key[48];
        if ((d = lc__cg_driver(cg, k->ctrl)) < 0 ||
            !(val = lc__cg_value(k, set, cg->h[d].v2, v, sizeof v)))
            continue;
        /* the first of the files this kernel has */
        snprintf(files, sizeof files, "%s", cg->h[d].v2 ? k->v2 : k->v1);
        for (f = strtok_r(files, " ", &save); f; f = strtok_r(NULL, " ", &save))
            if (!strchr(cg->h[d].v2 ? k->v2 : k->v1, ' ') ||
                (lc__cg_file(cg->h[d].path, f, path, sizeof path) == 0 && stat(path, &st) == 0))
                break;
        if (!f)
            return lc__fail(err, ENOTSUP, "cgroups",
                            "cgroups.%s: %s has none of %s (the disk scheduler has no weights?)",
                            k->key, cg->h[d].path, cg->h[d].v2 ? k->v2 : k->v1);
        snprintf(key, sizeof key, "cgroups.%s", k->key);
        if ((rc = lc__cg_write(cg->h[d].path, f, val, key, err)) < 0)
            return rc;
    }
    for (d = 0; set->unified_len && d < cg->n && !cg->h[d].v2; d++)
        ;
    for (i = 0; i < set->unified_len; i++) {
        char key[96];
        snprintf(key, sizeof key, "cgroups.unified.%.64s", set->unified[i].key);
        if ((rc = lc__cg_write(cg->h[d].path, set->unified[i].key, set->unified[i].value, key,
                               err)) < 0)
            return rc;
    }
    return lc__cg_devices(cg, set, cfg, err);
}

/* Puts pid into the container's directory of every hierarchy; skip_v2 when
   clone3 already placed it there. */
static int lc__cg_attach(const struct lc__cgroup *cg, pid_t pid, int skip_v2, lc_error *err)
{
    char v[32];
    int i, rc;
    snprintf(v, sizeof v, "%d", (int)pid);
    for (i = 0; i < cg->n; i++) {
        if (!cg->h[i].path || (skip_v2 && cg->h[i].v2))
            continue;
        if ((rc = lc__cg_write(cg->h[i].path, "cgroup.procs", v, "attach", err)) < 0)
            return rc;
    }
    return 0;
}

/* The number of OOM kills in the container's memory cgroup, -1 unknown. */
static long long lc__cg_oom_kills(const char *dir, int v2)
{
    char buf[2048], *s;
    if (lc__cg_read(dir, v2 ? "memory.events" : "memory.oom_control", buf, sizeof buf) <= 0)
        return -1;
    s = strstr(buf, "oom_kill ");
    return s ? atoll(s + 9) : -1;
}

/* ---- pause, stats: on a running container, found from its init -------- */

/* The container's own cgroups: those of init's that differ from the
   caller's, the others dropped (a container without a cgroups config has
   one that only filters devices, and shares the caller's elsewhere: what
   is done to "its" cgroup there would be done to the caller). */
static int lc__cg_of_container(pid_t init_pid, struct lc__cgroup *cg, const char *step,
                               lc_error *err)
{
    struct lc__cgroup self;
    int i, n = 0, rc;
    if ((rc = lc__cg_find(init_pid, cg, err)) < 0)
        return rc;
    if ((rc = lc__cg_find(getpid(), &self, err)) < 0) {
        lc__cg_clear(cg);
        return rc;
    }
    for (i = 0; i < cg->n; i++) {
        if (i < self.n && !strcmp(cg->h[i].base, self.h[i].base)) {
            LIBCONTAINER_FREE(cg->h[i].base);
            LIBCONTAINER_FREE(cg->h[i].path);
            continue;
        }
        cg->h[n++] = cg->h[i];
    }
    cg->n = n;
    lc__cg_clear(&self);
    if (!n) {
        lc__cg_clear(cg);
        return lc__fail(err, ENOENT, step,
                        "the container has no cgroup of its own (its config has no cgroups)");
    }
    return 0;
}

/* Where freezing is driven: v2's cgroup.freeze when the container has a v2
   cgroup, else the v1 freezer. Returns the index, or -1. */
static int lc__cg_freezer(const struct lc__cgroup *cg)
{
    char buf[8];
    int v2 = lc__cg_v2(cg);
    if (v2 >= 0 && lc__cg_read(cg->h[v2].base, "cgroup.freeze", buf, sizeof buf) > 0)
        return v2;
    return lc__cg_driver(cg, LC__CG_FREEZER);
}

/* 1 when the freezer reports the cgroup frozen, 0 when not, -errno. On v2
   events_fd, when open, is cgroup.events: reading it re-arms its poll. */
static int lc__cg_is_frozen(const struct lc__cgroup *cg, int d, int events_fd)
{
    char buf[256];
    ssize_t n;
    if (cg->h[d].v2) {
        char *s;
        if (events_fd >= 0) {
            n = pread(events_fd, buf, sizeof buf - 1, 0);
            if (n < 0)
                return -errno;
            buf[n] = '\0';
        } else {
            n = lc__cg_read(cg->h[d].base, "cgroup.events", buf, sizeof buf);
            if (n < 0)
                return (int)n;
        }
        s = strstr(buf, "frozen ");
        return s && s[7] == '1';
    }
    n = lc__cg_read(cg->h[d].base, "freezer.state", buf, sizeof buf);
    if (n < 0)
        return (int)n;
    return !strncmp(buf, "FROZEN", 6);
}

LCDEF int lc_cgroup_freeze(pid_t init_pid, int frozen, lc_error *err)
{
    struct lc__cgroup cg;
    const char *step = frozen ? "pause" : "unpause";
    char path[PATH_MAX];
    int d, rc, fd = -1;
    long long deadline = lc__now_ms() + 10000;
    if ((rc = lc__cg_of_container(init_pid, &cg, step, err)) < 0)
        return rc;
    d = lc__cg_freezer(&cg);
    if (d < 0) {
        rc = lc__fail(err, ENODEV, step,
                      "the container has no freezer cgroup of its own (a freezer controller, "
                      "or cgroup v2, and a cgroups config are needed)");
        goto out;
    }
    if (cg.h[d].v2) {
        /* cgroup.events changes when the state does: wait on it */
        lc__cg_file(cg.h[d].base, "cgroup.events", path, sizeof path);
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if ((rc = lc__cg_write(cg.h[d].base, "cgroup.freeze", frozen ? "1" : "0", step, err)) < 0)
            goto out;
    } else if ((rc = lc__cg_write(cg.h[d].base, "freezer.state", frozen ? "FROZEN" : "THAWED", step,
                                  err)) < 0) {
        goto out;
    }
    while ((rc = lc__cg_is_frozen(&cg, d, fd)) >= 0 && rc != frozen) {
        long long left = deadline - lc__now_ms();
        if (left <= 0) {
            rc = lc__fail(err, ETIMEDOUT, step, "%s: the freezer did not settle in 10 s",
                          cg.h[d].base);
            goto out;
        }
        if (fd >= 0) {
            struct pollfd pf;
            pf.fd = fd;
            pf.events = POLLPRI;
            poll(&pf, 1, (int)left);
        } else {
            /* the v1 freezer has no notification; its state file moves on
               from FREEZING as the kernel re-checks it when read */
            struct timespec ts = {0, 1000000};
            nanosleep(&ts, NULL);
        }
    }
    if (rc < 0)
        rc = lc__fail(err, -rc, step, "%s: %s", cg.h[d].base, strerror(-rc));
    else
        rc = 0;
out:
    if (fd >= 0)
        close(fd);
    lc__cg_clear(&cg);
    return rc;
}

LCDEF int lc_cgroup_frozen(pid_t init_pid)
{
    struct lc__cgroup cg;
    int d, rc;
    if ((rc = lc__cg_of_container(init_pid, &cg, "state", NULL)) < 0)
        return rc;
    d = lc__cg_freezer(&cg);
    rc = d < 0 ? 0 : lc__cg_is_frozen(&cg, d, -1);
    lc__cg_clear(&cg);
    return rc;
}

static long long lc__cg_ll(const char *dir, const char *file)
{
    char buf[64];
    if (lc__cg_read(dir, file, buf, sizeof buf) <= 0)
        return -1;
    if (!strncmp(buf, "max", 3))
        return LLONG_MAX;
    return atoll(buf);
}

/* Reads "key value" lines; with two_keys the key is the first two words
   ("8:0 Read 4096"), and "k=v" pairs after a device name are split out
   ("8:0 rbytes=1 wbytes=2"). */
static int lc__cg_kv(const char *dir, const char *file, int two_keys, lc_stat **out, size_t *len)
{
    char path[PATH_MAX], *buf = NULL, *line, *save = NULL;
    size_t cap = 0;
    if (lc__cg_file(dir, file, path, sizeof path) < 0 || lc__read_alloc(path, &buf, NULL) < 0)
        return 0;
    for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *w[64], *wsave = NULL, key[256];
        int nw = 0, k;
        for (w[0] = strtok_r(line, " ", &wsave); w[nw] && nw < 63;
             w[++nw] = strtok_r(NULL, " ", &wsave))
            ;
        for (k = 1; k < nw; k++) {
            char *eq = strchr(w[k], '=');
            lc_stat *ns;
            if (eq) {
                *eq = '\0';
                snprintf(key, sizeof key, "%s %s", w[0], w[k]);
            } else if (two_keys && k == 1 && nw == 3) {
                snprintf(key, sizeof key, "%s %s", w[0], w[1]);
                eq = w[2] - 1;
                k = 2;
            } else if (k == 1 && nw == 2 && !two_keys) {
                snprintf(key, sizeof key, "%s", w[0]);
                eq = w[1] - 1;
            } else {
                continue;
            }
            if (*len == cap) {
                cap = cap ? cap * 2 : 32;
                ns = (lc_stat *)LIBCONTAINER_REALLOC(*out, cap * sizeof **out);
                if (!ns)
                    goto out;
                *out = ns;
            }
            (*out)[*len].key = lc_strdup(key);
            (*out)[*len].value = strtoull(eq + 1, NULL, 10);
            if ((*out)[*len].key)
                (*len)++;
        }
    }
out:
    LIBCONTAINER_FREE(buf);
    return 0;
}

static long long lc__stat_get(const lc_stat *s, size_t n, const char *key)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!strcmp(s[i].key, key))
            return (long long)s[i].value;
    return -1;
}

LCDEF void lc_stats_free(lc_stats *s)
{
    size_t i;
    if (!s)
        return;
    for (i = 0; i < s->memory_stat_len; i++)
        LIBCONTAINER_FREE(s->memory_stat[i].key);
    for (i = 0; i < s->blkio_len; i++)
        LIBCONTAINER_FREE(s->blkio[i].key);
    LIBCONTAINER_FREE(s->memory_stat);
    LIBCONTAINER_FREE(s->blkio);
    LIBCONTAINER_FREE(s->cpu_percpu_ns);
    LIBCONTAINER_FREE(s);
}

LCDEF int lc_cgroup_stats(pid_t init_pid, lc_stats **out, lc_error *err)
{
    struct lc__cgroup cg;
    lc_stats *s;
    int d, rc;
    *out = NULL;
    if ((rc = lc__cg_of_container(init_pid, &cg, "stats", err)) < 0)
        return rc;
    s = (lc_stats *)LIBCONTAINER_MALLOC(sizeof *s);
    if (!s) {
        lc__cg_clear(&cg);
        return lc__fail(err, ENOMEM, "stats", "out of memory");
    }
    memset(s, 0, sizeof *s);
    s->memory_usage = s->memory_max_usage = s->memory_limit = s->memory_failcnt = -1;
    s->oom_kills = s->cpu_total_ns = s->cpu_user_ns = s->cpu_system_ns = -1;
    s->cpu_periods = s->cpu_throttled_periods = s->cpu_throttled_ns = -1;
    s->pids_current = s->pids_limit = -1;
    if ((d = lc__cg_driver(&cg, LC__CG_MEMORY)) >= 0) {
        const char *b = cg.h[d].base;
        int v2 = cg.h[d].v2;
        s->memory_usage = lc__cg_ll(b, v2 ? "memory.current" : "memory.usage_in_bytes");
        s->memory_max_usage = lc__cg_ll(b, v2 ? "memory.peak" : "memory.max_usage_in_bytes");
        s->memory_limit = lc__cg_ll(b, v2 ? "memory.max" : "memory.limit_in_bytes");
        s->memory_failcnt = v2 ? -1 : lc__cg_ll(b, "memory.failcnt");
        s->oom_kills = lc__cg_oom_kills(b, v2);
        lc__cg_kv(b, "memory.stat", 0, &s->memory_stat, &s->memory_stat_len);
    }
    if ((d = lc__cg_driver(&cg, LC__CG_CPUACCT)) >= 0 && !cg.h[d].v2) {
        char buf[4096], *w, *save = NULL;
        lc_stat *kv = NULL;
        size_t n = 0, i;
        long hz = sysconf(_SC_CLK_TCK);
        s->cpu_total_ns = lc__cg_ll(cg.h[d].base, "cpuacct.usage");
        if (lc__cg_read(cg.h[d].base, "cpuacct.usage_percpu", buf, sizeof buf) > 0)
            for (w = strtok_r(buf, " \n", &save); w; w = strtok_r(NULL, " \n", &save)) {
                unsigned long long *np = (unsigned long long *)LIBCONTAINER_REALLOC(
                    s->cpu_percpu_ns, (s->cpu_percpu_len + 1) * sizeof *np);
                if (!np)
                    break;
                s->cpu_percpu_ns = np;
                np[s->cpu_percpu_len++] = strtoull(w, NULL, 10);
            }
        lc__cg_kv(cg.h[d].base, "cpuacct.stat", 0, &kv, &n);
        if (hz > 0 && lc__stat_get(kv, n, "user") >= 0) {
            s->cpu_user_ns = lc__stat_get(kv, n, "user") * (1000000000LL / hz);
            s->cpu_system_ns = lc__stat_get(kv, n, "system") * (1000000000LL / hz);
        }
        for (i = 0; i < n; i++)
            LIBCONTAINER_FREE(kv[i].key);
        LIBCONTAINER_FREE(kv);
    }
    for (d = 0; d < cg.n; d++) {
        /* cpu.stat: v1's cpu controller has throttling, v2 has it all */
        lc_stat *kv = NULL;
        size_t n = 0, i;
        int v2 = cg.h[d].v2;
        if (!(v2 || (cg.h[d].ctrl & LC__CG_CPU)))
            continue;
        lc__cg_kv(cg.h[d].base, "cpu.stat", 0, &kv, &n);
        if (v2 && s->cpu_total_ns < 0 && lc__stat_get(kv, n, "usage_usec") >= 0) {
            s->cpu_total_ns = lc__stat_get(kv, n, "usage_usec") * 1000;
            s->cpu_user_ns = lc__stat_get(kv, n, "user_usec") * 1000;
            s->cpu_system_ns = lc__stat_get(kv, n, "system_usec") * 1000;
        }
        if (s->cpu_periods < 0 && lc__stat_get(kv, n, "nr_periods") >= 0) {
            s->cpu_periods = lc__stat_get(kv, n, "nr_periods");
            s->cpu_throttled_periods = lc__stat_get(kv, n, "nr_throttled");
            s->cpu_throttled_ns = v2 ? lc__stat_get(kv, n, "throttled_usec") * 1000
                                     : lc__stat_get(kv, n, "throttled_time");
        }
        for (i = 0; i < n; i++)
            LIBCONTAINER_FREE(kv[i].key);
        LIBCONTAINER_FREE(kv);
    }
    if ((d = lc__cg_driver(&cg, LC__CG_PIDS)) >= 0) {
        s->pids_current = lc__cg_ll(cg.h[d].base, "pids.current");
        s->pids_limit = lc__cg_ll(cg.h[d].base, "pids.max");
    }
    if ((d = lc__cg_driver(&cg, LC__CG_BLKIO)) >= 0)
        lc__cg_kv(cg.h[d].base, cg.h[d].v2 ? "io.stat" : "blkio.throttle.io_service_bytes", 1,
                  &s->blkio, &s->blkio_len);
    d = lc__cg_freezer(&cg);
    s->paused = d >= 0 && lc__cg_is_frozen(&cg, d, -1) == 1;
    lc__cg_clear(&cg);
    *out = s;
    return 0;
}

/* ==== netlink: links, addresses and routes over rtnetlink ================= */

/* The rtnetlink ABI, spelled out here so that the header needs no kernel
   headers: messages, link, address and route attributes. */
struct lc__nlmsghdr {
    uint32_t len;
    uint16_t type;
    uint16_t flags;
    uint32_t seq;
    uint32_t pid;
};
struct lc__ifinfomsg {
    uint8_t family;
    uint8_t pad;
    uint16_t type;
    int32_t index;
    uint32_t flags;
    uint32_t change;
};
struct lc__ifaddrmsg {
    uint8_t family;
    uint8_t prefixlen;
    uint8_t flags;
    uint8_t scope;
    uint32_t index;
};
struct lc__rtmsg {
    uint8_t family;
    uint8_t dst_len;
    uint8_t src_len;
    uint8_t tos;
    uint8_t table;
    uint8_t protocol;
    uint8_t scope;
    uint8_t type;
    uint32_t flags;
};
struct lc__rtattr {
    uint16_t len;
    uint16_t type;
};

enum {
    LC__NLMSG_ERROR = 2,
    LC__RTM_NEWLINK = 16,
    LC__RTM_DELLINK = 17,
    LC__RTM_NEWADDR = 20,
    LC__RTM_NEWROUTE = 24,
    LC__NLM_F_REQUEST = 0x1,
    LC__NLM_F_ACK = 0x4,
    LC__NLM_F_EXCL = 0x200,
    LC__NLM_F_CREATE = 0x400,
    LC__IFLA_ADDRESS = 1,
    LC__IFLA_IFNAME = 3,
    LC__IFLA_MTU = 4,
    LC__IFLA_MASTER = 10,
    LC__IFLA_TXQLEN = 13,
    LC__IFLA_LINKINFO = 18,
    LC__IFLA_NET_NS_PID = 19,
    LC__IFLA_INFO_KIND = 1,
    LC__IFLA_INFO_DATA = 2,
    LC__VETH_INFO_PEER = 1,
    LC__IFA_ADDRESS = 1,
    LC__IFA_LOCAL = 2,
    LC__IFA_F_NODAD = 0x02,
    LC__RTA_DST = 1,
    LC__RTA_OIF = 4,
    LC__RTA_GATEWAY = 5,
    LC__RTA_PREFSRC = 7
};

#define LC__NL_ALIGN(n) (((n) + 3U) & ~3U)

/* A request being built in a caller's buffer; nests are offsets into it. */
struct lc__nlreq {
    char buf[1024];
    size_t len;
    int overflow;
};

static void *lc__nl_put(struct lc__nlreq *r, const void *data, size_t n)
{
    void *at = r->buf + r->len;
    if (r->len + LC__NL_ALIGN(n) > sizeof r->buf) {
        r->overflow = 1;
        return NULL;
    }
    memset(at, 0, LC__NL_ALIGN(n));
    if (data)
        memcpy(at, data, n);
    r->len += LC__NL_ALIGN(n);
    return at;
}

static void lc__nl_start(struct lc__nlreq *r, uint16_t type, uint16_t flags, const void *hdr,
                         size_t hlen)
{
    struct lc__nlmsghdr h;
    memset(&h, 0, sizeof h);
    h.type = type;
    h.flags = (uint16_t)(LC__NLM_F_REQUEST | LC__NLM_F_ACK | flags);
    h.seq = 1;
    r->len = 0;
    r->overflow = 0;
    lc__nl_put(r, &h, sizeof h);
    lc__nl_put(r, hdr, hlen);
}

static size_t lc__nl_attr(struct lc__nlreq *r, uint16_t type, const void *data, size_t n)
{
    struct lc__rtattr a;
    size_t at = r->len;
    a.len = (uint16_t)(sizeof a + n);
    a.type = type;
    lc__nl_put(r, &a, sizeof a);
    if (n)
        lc__nl_put(r, data, n);
    return at;
}

static void lc__nl_attr_u32(struct lc__nlreq *r, uint16_t type, uint32_t v)
{
    lc__nl_attr(r, type, &v, sizeof v);
}

static void lc__nl_attr_str(struct lc__nlreq *r, uint16_t type, const char *s)
{
    lc__nl_attr(r, type, s, strlen(s) + 1);
}

/* Closes a nested attribute opened at offset at. */
static void lc__nl_end(struct lc__nlreq *r, size_t at)
{
    struct lc__rtattr *a = (struct lc__rtattr *)(void *)(r->buf + at);
    if (!r->overflow)
        a->len = (uint16_t)(r->len - at);
}

/* Sends the request and waits for its acknowledgement: 0 or -errno. */
static int lc__nl_talk(int fd, struct lc__nlreq *r)
{
    char ack[512];
    struct lc__nlmsghdr *h = (struct lc__nlmsghdr *)(void *)r->buf;
    ssize_t n;
    if (r->overflow)
        return -E2BIG;
    h->len = (uint32_t)r->len;
    if (send(fd, r->buf, r->len, 0) < 0)
        return -errno;
    for (;;) {
        n = recv(fd, ack, sizeof ack, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -errno;
        if ((size_t)n >= sizeof(struct lc__nlmsghdr) + sizeof(int)) {
            struct lc__nlmsghdr *a = (struct lc__nlmsghdr *)(void *)ack;
            int e;
            if (a->type != LC__NLMSG_ERROR)
                continue;
            memcpy(&e, ack + sizeof *a, sizeof e);
            return e; /* 0 acknowledges; else -errno */
        }
        return -EPROTO;
    }
}

static int lc__nl_open(void)
{
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0 /* NETLINK_ROUTE */);
    return fd < 0 ? -errno : fd;
}

/* Sets a link's state: up, mtu, mac, txqueuelen, master (0 leaves each). */
static int lc__nl_link_set(int fd, int index, const unsigned char *mac, int mtu, int txqlen,
                           int master, int up)
{
    struct lc__nlreq r;
    struct lc__ifinfomsg ifi;
    memset(&ifi, 0, sizeof ifi);
    ifi.index = index;
    if (up) {
        ifi.flags = IFF_UP;
        ifi.change = IFF_UP;
    }
    lc__nl_start(&r, LC__RTM_NEWLINK, 0, &ifi, sizeof ifi);
    if (mac)
        lc__nl_attr(&r, LC__IFLA_ADDRESS, mac, 6);
    if (mtu > 0)
        lc__nl_attr_u32(&r, LC__IFLA_MTU, (uint32_t)mtu);
    if (txqlen > 0)
        lc__nl_attr_u32(&r, LC__IFLA_TXQLEN, (uint32_t)txqlen);
    if (master > 0)
        lc__nl_attr_u32(&r, LC__IFLA_MASTER, (uint32_t)master);
    return lc__nl_talk(fd, &r);
}

/* Creates a veth pair: host in this namespace, peer in the network
   namespace of pid. */
static int lc__nl_veth(int fd, const char *host, const char *peer, pid_t pid, int mtu)
{
    struct lc__nlreq r;
    struct lc__ifinfomsg ifi;
    size_t info, data, pe;
    memset(&ifi, 0, sizeof ifi);
    lc__nl_start(&r, LC__RTM_NEWLINK, LC__NLM_F_CREATE | LC__NLM_F_EXCL, &ifi, sizeof ifi);
    lc__nl_attr_str(&r, LC__IFLA_IFNAME, host);
    if (mtu > 0)
        lc__nl_attr_u32(&r, LC__IFLA_MTU, (uint32_t)mtu);
    info = lc__nl_attr(&r, LC__IFLA_LINKINFO, NULL, 0);
    lc__nl_attr_str(&r, LC__IFLA_INFO_KIND, "veth");
    data = lc__nl_attr(&r, LC__IFLA_INFO_DATA, NULL, 0);
    pe = lc__nl_attr(&r, LC__VETH_INFO_PEER, NULL, 0);
    lc__nl_put(&r, &ifi, sizeof ifi);
    lc__nl_attr_str(&r, LC__IFLA_IFNAME, peer);
    lc__nl_attr_u32(&r, LC__IFLA_NET_NS_PID, (uint32_t)pid);
    if (mtu > 0)
        lc__nl_attr_u32(&r, LC__IFLA_MTU, (uint32_t)mtu);
    lc__nl_end(&r, pe);
    lc__nl_end(&r, data);
    lc__nl_end(&r, info);
    return lc__nl_talk(fd, &r);
}

static int lc__nl_link_del(int fd, int index)
{
    struct lc__nlreq r;
    struct lc__ifinfomsg ifi;
    memset(&ifi, 0, sizeof ifi);
    ifi.index = index;
    lc__nl_start(&r, LC__RTM_DELLINK, 0, &ifi, sizeof ifi);
    return lc__nl_talk(fd, &r);
}

/* An address parsed from "10.0.0.2/24" or "fd00::2/64" (prefix optional:
   the full length). */
struct lc__inet {
    int family;
    unsigned char addr[16];
    int prefix;
};

static int lc__inet_parse(const char *s, struct lc__inet *a)
{
    char buf[64], *slash;
    unsigned long long v;
    if (!s || lc__copy(buf, sizeof buf, s) < 0)
        return -EINVAL;
    slash = strchr(buf, '/');
    if (slash)
        *slash++ = '\0';
    memset(a, 0, sizeof *a);
    if (inet_pton(AF_INET, buf, a->addr) == 1)
        a->family = AF_INET;
    else if (inet_pton(AF_INET6, buf, a->addr) == 1)
        a->family = AF_INET6;
    else
        return -EINVAL;
    a->prefix = a->family == AF_INET ? 32 : 128;
    if (slash) {
        if (lc__parse_uint(slash, slash + strlen(slash), &v) < 0 || v > (unsigned)a->prefix)
            return -EINVAL;
        a->prefix = (int)v;
    }
    return 0;
}

static int lc__inet_len(const struct lc__inet *a)
{
    return a->family == AF_INET ? 4 : 16;
}

static int lc__nl_addr_add(int fd, int index, const struct lc__inet *a)
{
    struct lc__nlreq r;
    struct lc__ifaddrmsg ifa;
    memset(&ifa, 0, sizeof ifa);
    ifa.family = (uint8_t)a->family;
    ifa.prefixlen = (uint8_t)a->prefix;
    ifa.index = (uint32_t)index;
    /* no duplicate detection: the address is usable at once */
    ifa.flags = a->family == AF_INET6 ? LC__IFA_F_NODAD : 0;
    lc__nl_start(&r, LC__RTM_NEWADDR, LC__NLM_F_CREATE | LC__NLM_F_EXCL, &ifa, sizeof ifa);
    lc__nl_attr(&r, LC__IFA_LOCAL, a->addr, (size_t)lc__inet_len(a));
    lc__nl_attr(&r, LC__IFA_ADDRESS, a->addr, (size_t)lc__inet_len(a));
    return lc__nl_talk(fd, &r);
}

/* Adds a route: dst (NULL: default), optional gateway and preferred source,
   through the link index (0: let the kernel pick by the gateway). */
static int lc__nl_route_add(int fd, int family, const struct lc__inet *dst,
                            const struct lc__inet *gw, const struct lc__inet *src, int index)
{
    struct lc__nlreq r;
    struct lc__rtmsg rt;
    memset(&rt, 0, sizeof rt);
    rt.family = (uint8_t)family;
    rt.table = 254;          /* RT_TABLE_MAIN */
    rt.protocol = 3;         /* RTPROT_BOOT */
    rt.type = 1;             /* RTN_UNICAST */
    rt.scope = gw ? 0 : 253; /* universe through a gateway, else link */
    rt.dst_len = dst ? (uint8_t)dst->prefix : 0;
    lc__nl_start(&r, LC__RTM_NEWROUTE, LC__NLM_F_CREATE | LC__NLM_F_EXCL, &rt, sizeof rt);
    if (dst && dst->prefix)
        lc__nl_attr(&r, LC__RTA_DST, dst->addr, (size_t)lc__inet_len(dst));
    if (gw)
        lc__nl_attr(&r, LC__RTA_GATEWAY, gw->addr, (size_t)lc__inet_len(gw));
    if (src)
        lc__nl_attr(&r, LC__RTA_PREFSRC, src->addr, (size_t)lc__inet_len(src));
    if (index > 0)
        lc__nl_attr_u32(&r, LC__RTA_OIF, (uint32_t)index);
    return lc__nl_talk(fd, &r);
}

static int lc__parse_mac(const char *s, unsigned char mac[6])
{
    int i;
    for (i = 0; i < 6; i++) {
        char *end;
        long v = strtol(s, &end, 16);
        if (end != s + 2 || v < 0 || v > 255 || (i < 5 ? *end != ':' : *end != '\0'))
            return -EINVAL;
        mac[i] = (unsigned char)v;
        s = end + 1;
    }
    return 0;
}

/* ---- the network strategies: loopback, veth, netns; routes ------------- */

/* The container-side name of a veth network that does not give one. */
#define LC__DEFAULT_IFNAME "eth0"

/* A network type, as the 2014 libcontainer kept them: the rules of its
   config (lc_config_check), what the host must have (before anything is
   made), the host side (after clone) and the container side (in the
   child, in its network namespace). NULL: nothing at that step. */
struct lc__net_strategy {
    const char *type;
    int own_netns; /* needs a network namespace of the container's own */
    int (*check)(const lc_network *n, size_t i, const lc_config *cfg, lc_error *err);
    int (*prepare)(struct lc__plan *p, const lc_network *n, size_t i, lc_error *err);
    int (*host)(const lc_network *n, size_t i, pid_t pid, lc_container *c, int *nl, lc_error *err);
    void (*inside)(int sock, int nl, const lc_network *n, size_t i);
};

static const struct lc__net_strategy *lc__net_strategy(const char *type);

/* The container-side name of interface n. */
static const char *lc__net_ifname(const lc_network *n)
{
    return !strcmp(n->type, "loopback") ? "lo" : n->name ? n->name : LC__DEFAULT_IFNAME;
}

/* Brings the container's interface of n up, with its MAC, MTU and queue
   length. Returns its index. */
static int lc__net_link_up(int sock, int nl, const lc_network *n, size_t i)
{
    unsigned char mac[6];
    const char *name = lc__net_ifname(n);
    int index = (int)if_nametoindex(name), rc;
    if (!index)
        lc__child_die(sock, ENODEV, "network", "networks[%zu] (%s): %s: no such interface", i,
                      n->type, name);
    if (n->mac_address)
        lc__parse_mac(n->mac_address, mac);
    rc = lc__nl_link_set(nl, index, n->mac_address ? mac : NULL, n->mtu, n->txqueuelen, 0, 1);
    if (rc < 0)
        lc__child_die(sock, -rc, "network", "networks[%zu] (%s): %s up: %s", i, n->type, name,
                      strerror(-rc));
    return index;
}

static void lc__net_loopback_inside(int sock, int nl, const lc_network *n, size_t i)
{
    lc__net_link_up(sock, nl, n, i);
}

static int lc__net_veth_check(const lc_network *n, size_t i, const lc_config *cfg, lc_error *err)
{
    struct lc__inet a, g;
    unsigned char mac[6];
    const char *name = lc__net_ifname(n);
    size_t j, veths = 0;
    for (j = 0; j <= i; j++)
        veths += !strcmp(cfg->networks[j].type, "veth");
    if (veths > LC__MAX_VETHS)
        return lc__fail(err, E2BIG, "config", "networks[%zu] (veth): more than %d veth pairs", i,
                        LC__MAX_VETHS);
    if (!n->bridge)
        return lc__fail(err, EINVAL, "config", "networks[%zu] (veth): bridge is required", i);
    if (n->veth_prefix && strlen(n->veth_prefix) > 7)
        return lc__fail(err, EINVAL, "config",
                        "networks[%zu] (veth): veth_prefix %s is longer than 7 characters", i,
                        n->veth_prefix);
    if (strlen(name) >= LC__IFNAMSIZ || strchr(name, '/') || !name[0])
        return lc__fail(err, EINVAL, "config",
                        "networks[%zu] (veth): name %s is not a valid interface name", i, name);
    if (!strcmp(name, "lo"))
        return lc__fail(err, EINVAL, "config",
                        "networks[%zu] (veth): name lo is the loopback interface", i);
    for (j = 0; j < i; j++)
        if (!strcmp(cfg->networks[j].type, "veth") &&
            !strcmp(lc__net_ifname(&cfg->networks[j]), name))
            return lc__fail(err, EINVAL, "config",
                            "networks[%zu] (veth): name %s is already used by networks[%zu]", i,
                            name, j);
    if (n->mac_address && lc__parse_mac(n->mac_address, mac) < 0)
        return lc__fail(err, EINVAL, "config",
                        "networks[%zu] (veth): mac_address %s is not aa:bb:cc:dd:ee:ff", i,
                        n->mac_address);
    if (n->mac_address && (mac[0] & 1))
        return lc__fail(err, EINVAL, "config",
                        "networks[%zu] (veth): mac_address %s is a multicast address", i,
                        n->mac_address);
    if (n->address && lc__inet_parse(n->address, &a) < 0)
        return lc__fail(err, EINVAL, "config",
                        "networks[%zu] (veth): address %s is not an IPv4 or IPv6 CIDR", i,
                        n->address);
    if (n->gateway) {
        if (lc__inet_parse(n->gateway, &g) < 0)
            return lc__fail(err, EINVAL, "config",
                            "networks[%zu] (veth): gateway %s is not an IP address", i, n->gateway);
        if (n->address && g.family != a.family)
            return lc__fail(err, EINVAL, "config",
                            "networks[%zu] (veth): gateway %s and address %s mix address "
                            "families",
                            i, n->gateway, n->address);
    }
    if (n->ipv6_address && (lc__inet_parse(n->ipv6_address, &a) < 0 || a.family != AF_INET6))
        return lc__fail(err, EINVAL, "config",
                        "networks[%zu] (veth): ipv6_address %s is not an IPv6 CIDR", i,
                        n->ipv6_address);
    if (n->ipv6_gateway && (lc__inet_parse(n->ipv6_gateway, &g) < 0 || g.family != AF_INET6))
        return lc__fail(err, EINVAL, "config",
                        "networks[%zu] (veth): ipv6_gateway %s is not an IPv6 address", i,
                        n->ipv6_gateway);
    return 0;
}

static int lc__net_veth_prepare(struct lc__plan *p, const lc_network *n, size_t i, lc_error *err)
{
    if (p->rootless)
        return lc__fail(err, EPERM, "config",
                        "networks[%zu] (veth): a rootless container cannot create veth pairs "
                        "(needs root)",
                        i);
    if (!if_nametoindex(n->bridge))
        return lc__fail(err, ENODEV, "network", "networks[%zu] (veth): bridge %s does not exist", i,
                        n->bridge);
    return 0;
}

/* The host side: a pair whose peer is born in the container's namespace
   under its final name, and whose host end, named veth_prefix plus a
   random suffix, joins the bridge and comes up. */
static int lc__net_veth_host(const lc_network *n, size_t i, pid_t pid, lc_container *c, int *nl,
                             lc_error *err)
{
    char *host = c->veths[c->nveths];
    int tries, bridge, index, rc = 0;
    if (*nl < 0 && (*nl = lc__nl_open()) < 0)
        return lc__fail(err, -*nl, "network", "netlink: %s", strerror(-*nl));
    for (tries = 0; tries < 8; tries++) {
        unsigned char r[4];
        if (syscall(SYS_getrandom, r, sizeof r, 0) != (long)sizeof r)
            return lc__fail(err, errno, "network", "getrandom: %s", strerror(errno));
        snprintf(host, LC__IFNAMSIZ, "%s%02x%02x%02x%02x", n->veth_prefix ? n->veth_prefix : "veth",
                 r[0], r[1], r[2], r[3]);
        rc = lc__nl_veth(*nl, host, lc__net_ifname(n), pid, n->mtu);
        if (rc != -EEXIST)
            break;
    }
    if (rc < 0)
        return lc__fail(err, -rc, "network", "networks[%zu] (veth): creating %s: %s", i, host,
                        strerror(-rc));
    c->nveths++;
    bridge = (int)if_nametoindex(n->bridge);
    index = (int)if_nametoindex(host);
    if (!bridge)
        return lc__fail(err, ENODEV, "network", "networks[%zu] (veth): bridge %s does not exist", i,
                        n->bridge);
    if (!index || (rc = lc__nl_link_set(*nl, index, NULL, 0, 0, bridge, 1)) < 0)
        return lc__fail(err, index ? -rc : ENODEV, "network",
                        "networks[%zu] (veth): attaching %s to %s: %s", i, host, n->bridge,
                        strerror(index ? -rc : ENODEV));
    return 0;
}

/* The container side: the peer up, its addresses, default routes. */
static void lc__net_veth_inside(int sock, int nl, const lc_network *n, size_t i)
{
    const char *name = lc__net_ifname(n);
    struct lc__inet a, g;
    int index = lc__net_link_up(sock, nl, n, i), rc;
    if (n->address && lc__inet_parse(n->address, &a) == 0 &&
        (rc = lc__nl_addr_add(nl, index, &a)) < 0)
        lc__child_die(sock, -rc, "network", "networks[%zu] (veth): %s: address %s: %s", i, name,
                      n->address, strerror(-rc));
    if (n->ipv6_address && lc__inet_parse(n->ipv6_address, &a) == 0 &&
        (rc = lc__nl_addr_add(nl, index, &a)) < 0)
        lc__child_die(sock, -rc, "network", "networks[%zu] (veth): %s: address %s: %s", i, name,
                      n->ipv6_address, strerror(-rc));
    if (n->gateway && lc__inet_parse(n->gateway, &g) == 0 &&
        (rc = lc__nl_route_add(nl, g.family, NULL, &g, NULL, index)) < 0)
        lc__child_die(sock, -rc, "network", "networks[%zu] (veth): default route via %s: %s", i,
                      n->gateway, strerror(-rc));
    if (n->ipv6_gateway && lc__inet_parse(n->ipv6_gateway, &g) == 0 &&
        (rc = lc__nl_route_add(nl, AF_INET6, NULL, &g, NULL, index)) < 0)
        lc__child_die(sock, -rc, "network", "networks[%zu] (veth): default route via %s: %s", i,
                      n->ipv6_gateway, strerror(-rc));
}

static int lc__net_netns_check(const lc_network *n, size_t i, const lc_config *cfg, lc_error *err)
{
    (void)cfg;
    if (!n->ns_path)
        return lc__fail(err, EINVAL, "config", "networks[%zu] (netns): ns_path is required", i);
    return 0;
}

/* The netns strategy: the container enters that network namespace. */
static int lc__net_netns_prepare(struct lc__plan *p, const lc_network *n, size_t i, lc_error *err)
{
    int idx = lc__ns_index(CLONE_NEWNET);
    lc__close(&p->ns_fds[idx]);
    p->ns_fds[idx] = open(n->ns_path, O_RDONLY | O_CLOEXEC);
    if (p->ns_fds[idx] < 0)
        return lc__fail(err, errno, "network", "networks[%zu] (netns): %s: %s", i, n->ns_path,
                        strerror(errno));
    if (!lc__ns_is(p->ns_fds[idx], CLONE_NEWNET))
        return lc__fail(err, EINVAL, "network",
                        "networks[%zu] (netns): %s: not a network namespace", i, n->ns_path);
    return 0;
}

static const struct lc__net_strategy lc__net_strategies[] = {
    {"loopback", 1, NULL, NULL, NULL, lc__net_loopback_inside},
    {"veth", 1, lc__net_veth_check, lc__net_veth_prepare, lc__net_veth_host, lc__net_veth_inside},
    {"netns", 0, lc__net_netns_check, lc__net_netns_prepare, NULL, NULL},
};

static const struct lc__net_strategy *lc__net_strategy(const char *type)
{
    size_t i;
    for (i = 0; type && i < sizeof lc__net_strategies / sizeof lc__net_strategies[0]; i++)
        if (!strcmp(lc__net_strategies[i].type, type))
            return &lc__net_strategies[i];
    return NULL;
}

/* The rules of networks and routes (lc_config_check). */
static int lc__net_config_check(const lc_config *cfg, lc_error *err)
{
    size_t i;
    int rc, netns = lc__cfg_new_ns(cfg, CLONE_NEWNET);
    for (i = 0; i < cfg->networks_len; i++) {
        const lc_network *n = &cfg->networks[i];
        const struct lc__net_strategy *s = lc__net_strategy(n->type);
        if (!s)
            return lc__fail(err, EINVAL, "config", "networks[%zu] (%s): unknown network type", i,
                            n->type ? n->type : "");
        if (s->own_netns && !netns)
            return lc__fail(err, EINVAL, "config",
                            "networks[%zu] (%s): requires the NEWNET namespace", i, n->type);
        if (s->check && (rc = s->check(n, i, cfg, err)) < 0)
            return rc;
    }
    for (i = 0; i < cfg->routes_len; i++) {
        const lc_route *r = &cfg->routes[i];
        struct lc__inet d, x;
        int family = 0;
        if (!netns)
            return lc__fail(err, EINVAL, "config", "routes[%zu]: requires the NEWNET namespace", i);
        if (r->destination && strcmp(r->destination, "default") != 0) {
            if (lc__inet_parse(r->destination, &d) < 0)
                return lc__fail(err, EINVAL, "config",
                                "routes[%zu]: destination %s is not an IPv4 or IPv6 CIDR", i,
                                r->destination);
            family = d.family;
        }
        if (r->gateway) {
            if (lc__inet_parse(r->gateway, &x) < 0)
                return lc__fail(err, EINVAL, "config",
                                "routes[%zu]: gateway %s is not an IP address", i, r->gateway);
            if (family && x.family != family)
                return lc__fail(err, EINVAL, "config",
                                "routes[%zu]: gateway %s and destination %s mix address families",
                                i, r->gateway, r->destination);
            family = x.family;
        }
        if (r->source) {
            if (lc__inet_parse(r->source, &x) < 0)
                return lc__fail(err, EINVAL, "config",
                                "routes[%zu]: source %s is not an IP address", i, r->source);
            if (family && x.family != family)
                return lc__fail(err, EINVAL, "config",
                                "routes[%zu]: source %s mixes address families", i, r->source);
        }
        if (!r->gateway && !r->interface_name)
            return lc__fail(err, EINVAL, "config",
                            "routes[%zu]: needs a gateway or an interface_name", i);
    }
    return 0;
}

/* What the host must have for the networks, before anything is made. */
static int lc__net_prepare(struct lc__plan *p, lc_error *err)
{
    size_t i;
    int rc;
    for (i = 0; i < p->cfg->networks_len; i++) {
        const lc_network *n = &p->cfg->networks[i];
        const struct lc__net_strategy *s = lc__net_strategy(n->type);
        if (s && s->prepare && (rc = s->prepare(p, n, i, err)) < 0)
            return rc;
    }
    return 0;
}

static void lc__net_host_remove(char (*veths)[LC__IFNAMSIZ], int *nveths)
{
    int fd, i;
    if (!*nveths)
        return;
    fd = lc__nl_open();
    for (i = 0; fd >= 0 && i < *nveths; i++) {
        int index = (int)if_nametoindex(veths[i]);
        if (index > 0)
            lc__nl_link_del(fd, index);
    }
    if (fd >= 0)
        close(fd);
    *nveths = 0;
}

/* The host side of every network of the config, for the child pid. */
static int lc__net_host(const lc_config *cfg, pid_t pid, lc_container *c, lc_error *err)
{
    size_t i;
    int nl = -1, rc = 0;
    for (i = 0; i < cfg->networks_len && rc == 0; i++) {
        const struct lc__net_strategy *s = lc__net_strategy(cfg->networks[i].type);
        if (s && s->host)
            rc = s->host(&cfg->networks[i], i, pid, c, &nl, err);
    }
    lc__close(&nl);
    return rc;
}

/* The container side, in its network namespace: each network, then the
   routes. Runs in the child: reports and exits on failure. */
static void lc__net_container(int sock, const lc_config *cfg)
{
    size_t i;
    int fd = lc__nl_open(), rc;
    if (fd < 0)
        lc__child_die(sock, -fd, "network", "netlink: %s", strerror(-fd));
    for (i = 0; i < cfg->networks_len; i++) {
        const struct lc__net_strategy *s = lc__net_strategy(cfg->networks[i].type);
        if (s && s->inside)
            s->inside(sock, fd, &cfg->networks[i], i);
    }
    for (i = 0; i < cfg->routes_len; i++) {
        const lc_route *r = &cfg->routes[i];
        struct lc__inet d, g, s;
        int has_d = r->destination && strcmp(r->destination, "default") != 0, index = 0;
        int family = AF_INET;
        if (has_d)
            lc__inet_parse(r->destination, &d);
        if (r->gateway)
            lc__inet_parse(r->gateway, &g);
        if (r->source)
            lc__inet_parse(r->source, &s);
        family = has_d ? d.family : r->gateway ? g.family : r->source ? s.family : AF_INET;
        if (r->interface_name && !(index = (int)if_nametoindex(r->interface_name)))
            lc__child_die(sock, ENODEV, "network", "routes[%zu]: interface %s does not exist", i,
                          r->interface_name);
        rc = lc__nl_route_add(fd, family, has_d ? &d : NULL, r->gateway ? &g : NULL,
                              r->source ? &s : NULL, index);
        if (rc < 0)
            lc__child_die(sock, -rc, "network", "routes[%zu]: %s: %s", i,
                          has_d ? r->destination : "default", strerror(-rc));
    }
    close(fd);
}

/* ==== capability tables ================================================== */

/* Indexed by capability number, as in linux/capability.h. */
static const char *const lc__cap_names[] = {
    "CHOWN",
    "DAC_OVERRIDE",
    "DAC_READ_SEARCH",
    "FOWNER",
    "FSETID",
    "KILL",
    "SETGID",
    "SETUID",
    "SETPCAP",
    "LINUX_IMMUTABLE",
    "NET_BIND_SERVICE",
    "NET_BROADCAST",
    "NET_ADMIN",
    "NET_RAW",
    "IPC_LOCK",
    "IPC_OWNER",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_CHROOT",
    "SYS_PTRACE",
    "SYS_PACCT",
    "SYS_ADMIN",
    "SYS_BOOT",
    "SYS_NICE",
    "SYS_RESOURCE",
    "SYS_TIME",
    "SYS_TTY_CONFIG",
    "MKNOD",
    "LEASE",
    "AUDIT_WRITE",
    "AUDIT_CONTROL",
    "SETFCAP",
    "MAC_OVERRIDE",
    "MAC_ADMIN",
    "SYSLOG",
    "WAKE_ALARM",
    "BLOCK_SUSPEND",
    "AUDIT_READ",
    "PERFMON",
    "BPF",
    "CHECKPOINT_RESTORE",
};
#define LC__CAP_KNOWN ((int)(sizeof lc__cap_names / sizeof lc__cap_names[0]))

/* A capability number from its name, with or without CAP_, any case. */
static int lc__cap_from_name(const char *name)
{
    int i;
    if (!strncasecmp(name, "CAP_", 4))
        name += 4;
    for (i = 0; i < LC__CAP_KNOWN; i++)
        if (!strcasecmp(name, lc__cap_names[i]))
            return i;
    return -1;
}

static const char *lc__cap_name(int cap)
{
    return cap >= 0 && cap < LC__CAP_KNOWN ? lc__cap_names[cap] : "?";
}

/* The highest capability the running kernel knows. */
static int lc__cap_last(void)
{
    char buf[32];
    unsigned long long v;
    if (lc__read_small(AT_FDCWD, "/proc/sys/kernel/cap_last_cap", buf, sizeof buf) > 0 &&
        lc__parse_uint(buf, buf + strcspn(buf, "\n"), &v) == 0 && v < 64)
        return (int)v;
    return LC__CAP_KNOWN - 1;
}

/* ---- seccomp: a classic BPF program from the config ------------------- */

/* Syscall numbers by name on x86_64 and aarch64, -1 where a name does not
   exist; sorted by name (tools/gen-syscalls.sh writes this table). */
static const struct {
    const char *name;
    short x86_64;
    short aarch64;
} lc__syscalls[] = {
    {"_sysctl", 156, -1},
    {"accept", 43, 202},
    {"accept4", 288, 242},
    {"access", 21, -1},
    {"acct", 163, 89},
    {"add_key", 248, 217},
    {"adjtimex", 159, 171},
    {"afs_syscall", 183, -1},
    {"alarm", 37, -1},
    {"arch_prctl", 158, -1},
    {"bind", 49, 200},
    {"bpf", 321, 280},
    {"brk", 12, 214},
    {"cachestat", 451, 451},
    {"capget", 125, 90},
    {"capset", 126, 91},
    {"chdir", 80, 49},
    {"chmod", 90, -1},
    {"chown", 92, -1},
    {"chroot", 161, 51},
    {"clock_adjtime", 305, 266},
    {"clock_getres", 229, 114},
    {"clock_gettime", 228, 113},
    {"clock_nanosleep", 230, 115},
    {"clock_settime", 227, 112},
    {"clone", 56, 220},
    {"clone3", 435, 435},
    {"close", 3, 57},
    {"close_range", 436, 436},
    {"connect", 42, 203},
    {"copy_file_range", 326, 285},
    {"creat", 85, -1},
    {"create_module", 174, -1},
    {"delete_module", 176, 106},
    {"dup", 32, 23},
    {"dup2", 33, -1},
    {"dup3", 292, 24},
    {"epoll_create", 213, -1},
    {"epoll_create1", 291, 20},
    {"epoll_ctl", 233, 21},
    {"epoll_ctl_old", 214, -1},
    {"epoll_pwait", 281, 22},
    {"epoll_pwait2", 441, 441},
    {"epoll_wait", 232, -1},
    {"epoll_wait_old", 215, -1},
    {"eventfd", 284, -1},
    {"eventfd2", 290, 19},
    {"execve", 59, 221},
    {"execveat", 322, 281},
    {"exit", 60, 93},
    {"exit_group", 231, 94},
    {"faccessat", 269, 48},
    {"faccessat2", 439, 439},
    {"fadvise64", 221, 223},
    {"fallocate", 285, 47},
    {"fanotify_init", 300, 262},
    {"fanotify_mark", 301, 263},
    {"fchdir", 81, 50},
    {"fchmod", 91, 52},
    {"fchmodat", 268, 53},
    {"fchmodat2", 452, 452},
    {"fchown", 93, 55},
    {"fchownat", 260, 54},
    {"fcntl", 72, 25},
    {"fdatasync", 75, 83},
    {"fgetxattr", 193, 10},
    {"finit_module", 313, 273},
    {"flistxattr", 196, 13},
    {"flock", 73, 32},
    {"fork", 57, -1},
    {"fremovexattr", 199, 16},
    {"fsconfig", 431, 431},
    {"fsetxattr", 190, 7},
    {"fsmount", 432, 432},
    {"fsopen", 430, 430},
    {"fspick", 433, 433},
    {"fstat", 5, 80},
    {"fstatfs", 138, 44},
    {"fsync", 74, 82},
    {"ftruncate", 77, 46},
    {"futex", 202, 98},
    {"futex_requeue", 456, 456},
    {"futex_wait", 455, 455},
    {"futex_waitv", 449, 449},
    {"futex_wake", 454, 454},
    {"futimesat", 261, -1},
    {"get_kernel_syms", 177, -1},
    {"get_mempolicy", 239, 236},
    {"get_robust_list", 274, 100},
    {"get_thread_area", 211, -1},
    {"getcpu", 309, 168},
    {"getcwd", 79, 17},
    {"getdents", 78, -1},
    {"getdents64", 217, 61},
    {"getegid", 108, 177},
    {"geteuid", 107, 175},
    {"getgid", 104, 176},
    {"getgroups", 115, 158},
    {"getitimer", 36, 102},
    {"getpeername", 52, 205},
    {"getpgid", 121, 155},
    {"getpgrp", 111, -1},
    {"getpid", 39, 172},
    {"getpmsg", 181, -1},
    {"getppid", 110, 173},
    {"getpriority", 140, 141},
    {"getrandom", 318, 278},
    {"getresgid", 120, 150},
    {"getresuid", 118, 148},
    {"getrlimit", 97, 163},
    {"getrusage", 98, 165},
    {"getsid", 124, 156},
    {"getsockname", 51, 204},
    {"getsockopt", 55, 209},
    {"gettid", 186, 178},
    {"gettimeofday", 96, 169},
    {"getuid", 102, 174},
    {"getxattr", 191, 8},
    {"getxattrat", 464, 464},
    {"init_module", 175, 105},
    {"inotify_add_watch", 254, 27},
    {"inotify_init", 253, -1},
    {"inotify_init1", 294, 26},
    {"inotify_rm_watch", 255, 28},
    {"io_cancel", 210, 3},
    {"io_destroy", 207, 1},
    {"io_getevents", 208, 4},
    {"io_pgetevents", 333, 292},
    {"io_setup", 206, 0},
    {"io_submit", 209, 2},
    {"io_uring_enter", 426, 426},
    {"io_uring_register", 427, 427},
    {"io_uring_setup", 425, 425},
    {"ioctl", 16, 29},
    {"ioperm", 173, -1},
    {"iopl", 172, -1},
    {"ioprio_get", 252, 31},
    {"ioprio_set", 251, 30},
    {"kcmp", 312, 272},
    {"kexec_file_load", 320, 294},
    {"kexec_load", 246, 104},
    {"keyctl", 250, 219},
    {"kill", 62, 129},
    {"landlock_add_rule", 445, 445},
    {"landlock_create_ruleset", 444, 444},
    {"landlock_restrict_self", 446, 446},
    {"lchown", 94, -1},
    {"lgetxattr", 192, 9},
    {"link", 86, -1},
    {"linkat", 265, 37},
    {"listen", 50, 201},
    {"listmount", 458, 458},
    {"listxattr", 194, 11},
    {"listxattrat", 465, 465},
    {"llistxattr", 195, 12},
    {"lookup_dcookie", 212, 18},
    {"lremovexattr", 198, 15},
    {"lseek", 8, 62},
    {"lsetxattr", 189, 6},
    {"lsm_get_self_attr", 459, 459},
    {"lsm_list_modules", 461, 461},
    {"lsm_set_self_attr", 460, 460},
    {"lstat", 6, -1},
    {"madvise", 28, 233},
    {"map_shadow_stack", 453, 453},
    {"mbind", 237, 235},
    {"membarrier", 324, 283},
    {"memfd_create", 319, 279},
    {"memfd_secret", 447, 447},
    {"migrate_pages", 256, 238},
    {"mincore", 27, 232},
    {"mkdir", 83, -1},
    {"mkdirat", 258, 34},
    {"mknod", 133, -1},
    {"mknodat", 259, 33},
    {"mlock", 149, 228},
    {"mlock2", 325, 284},
    {"mlockall", 151, 230},
    {"mmap", 9, 222},
    {"modify_ldt", 154, -1},
    {"mount", 165, 40},
    {"mount_setattr", 442, 442},
    {"move_mount", 429, 429},
    {"move_pages", 279, 239},
    {"mprotect", 10, 226},
    {"mq_getsetattr", 245, 185},
    {"mq_notify", 244, 184},
    {"mq_open", 240, 180},
    {"mq_timedreceive", 243, 183},
    {"mq_timedsend", 242, 182},
    {"mq_unlink", 241, 181},
    {"mremap", 25, 216},
    {"mseal", 462, 462},
    {"msgctl", 71, 187},
    {"msgget", 68, 186},
    {"msgrcv", 70, 188},
    {"msgsnd", 69, 189},
    {"msync", 26, 227},
    {"munlock", 150, 229},
    {"munlockall", 152, 231},
    {"munmap", 11, 215},
    {"name_to_handle_at", 303, 264},
    {"nanosleep", 35, 101},
    {"newfstatat", 262, 79},
    {"nfsservctl", 180, 42},
    {"open", 2, -1},
    {"open_by_handle_at", 304, 265},
    {"open_tree", 428, 428},
    {"open_tree_attr", 467, 467},
    {"openat", 257, 56},
    {"openat2", 437, 437},
    {"pause", 34, -1},
    {"perf_event_open", 298, 241},
    {"personality", 135, 92},
    {"pidfd_getfd", 438, 438},
    {"pidfd_open", 434, 434},
    {"pidfd_send_signal", 424, 424},
    {"pipe", 22, -1},
    {"pipe2", 293, 59},
    {"pivot_root", 155, 41},
    {"pkey_alloc", 330, 289},
    {"pkey_free", 331, 290},
    {"pkey_mprotect", 329, 288},
    {"poll", 7, -1},
    {"ppoll", 271, 73},
    {"prctl", 157, 167},
    {"pread64", 17, 67},
    {"preadv", 295, 69},
    {"preadv2", 327, 286},
    {"prlimit64", 302, 261},
    {"process_madvise", 440, 440},
    {"process_mrelease", 448, 448},
    {"process_vm_readv", 310, 270},
    {"process_vm_writev", 311, 271},
    {"pselect6", 270, 72},
    {"ptrace", 101, 117},
    {"putpmsg", 182, -1},
    {"pwrite64", 18, 68},
    {"pwritev", 296, 70},
    {"pwritev2", 328, 287},
    {"query_module", 178, -1},
    {"quotactl", 179, 60},
    {"quotactl_fd", 443, 443},
    {"read", 0, 63},
    {"readahead", 187, 213},
    {"readlink", 89, -1},
    {"readlinkat", 267, 78},
    {"readv", 19, 65},
    {"reboot", 169, 142},
    {"recvfrom", 45, 207},
    {"recvmmsg", 299, 243},
    {"recvmsg", 47, 212},
    {"remap_file_pages", 216, 234},
    {"removexattr", 197, 14},
    {"removexattrat", 466, 466},
    {"rename", 82, -1},
    {"renameat", 264, 38},
    {"renameat2", 316, 276},
    {"request_key", 249, 218},
    {"restart_syscall", 219, 128},
    {"rmdir", 84, -1},
    {"rseq", 334, 293},
    {"rt_sigaction", 13, 134},
    {"rt_sigpending", 127, 136},
    {"rt_sigprocmask", 14, 135},
    {"rt_sigqueueinfo", 129, 138},
    {"rt_sigreturn", 15, 139},
    {"rt_sigsuspend", 130, 133},
    {"rt_sigtimedwait", 128, 137},
    {"rt_tgsigqueueinfo", 297, 240},
    {"sched_get_priority_max", 146, 125},
    {"sched_get_priority_min", 147, 126},
    {"sched_getaffinity", 204, 123},
    {"sched_getattr", 315, 275},
    {"sched_getparam", 143, 121},
    {"sched_getscheduler", 145, 120},
    {"sched_rr_get_interval", 148, 127},
    {"sched_setaffinity", 203, 122},
    {"sched_setattr", 314, 274},
    {"sched_setparam", 142, 118},
    {"sched_setscheduler", 144, 119},
    {"sched_yield", 24, 124},
    {"seccomp", 317, 277},
    {"security", 185, -1},
    {"select", 23, -1},
    {"semctl", 66, 191},
    {"semget", 64, 190},
    {"semop", 65, 193},
    {"semtimedop", 220, 192},
    {"sendfile", 40, 71},
    {"sendmmsg", 307, 269},
    {"sendmsg", 46, 211},
    {"sendto", 44, 206},
    {"set_mempolicy", 238, 237},
    {"set_mempolicy_home_node", 450, 450},
    {"set_robust_list", 273, 99},
    {"set_thread_area", 205, -1},
    {"set_tid_address", 218, 96},
    {"setdomainname", 171, 162},
    {"setfsgid", 123, 152},
    {"setfsuid", 122, 151},
    {"setgid", 106, 144},
    {"setgroups", 116, 159},
    {"sethostname", 170, 161},
    {"setitimer", 38, 103},
    {"setns", 308, 268},
    {"setpgid", 109, 154},
    {"setpriority", 141, 140},
    {"setregid", 114, 143},
    {"setresgid", 119, 149},
    {"setresuid", 117, 147},
    {"setreuid", 113, 145},
    {"setrlimit", 160, 164},
    {"setsid", 112, 157},
    {"setsockopt", 54, 208},
    {"settimeofday", 164, 170},
    {"setuid", 105, 146},
    {"setxattr", 188, 5},
    {"setxattrat", 463, 463},
    {"shmat", 30, 196},
    {"shmctl", 31, 195},
    {"shmdt", 67, 197},
    {"shmget", 29, 194},
    {"shutdown", 48, 210},
    {"sigaltstack", 131, 132},
    {"signalfd", 282, -1},
    {"signalfd4", 289, 74},
    {"socket", 41, 198},
    {"socketpair", 53, 199},
    {"splice", 275, 76},
    {"stat", 4, -1},
    {"statfs", 137, 43},
    {"statmount", 457, 457},
    {"statx", 332, 291},
    {"swapoff", 168, 225},
    {"swapon", 167, 224},
    {"symlink", 88, -1},
    {"symlinkat", 266, 36},
    {"sync", 162, 81},
    {"sync_file_range", 277, 84},
    {"syncfs", 306, 267},
    {"sysfs", 139, -1},
    {"sysinfo", 99, 179},
    {"syslog", 103, 116},
    {"tee", 276, 77},
    {"tgkill", 234, 131},
    {"time", 201, -1},
    {"timer_create", 222, 107},
    {"timer_delete", 226, 111},
    {"timer_getoverrun", 225, 109},
    {"timer_gettime", 224, 108},
    {"timer_settime", 223, 110},
    {"timerfd_create", 283, 85},
    {"timerfd_gettime", 287, 87},
    {"timerfd_settime", 286, 86},
    {"times", 100, 153},
    {"tkill", 200, 130},
    {"truncate", 76, 45},
    {"tuxcall", 184, -1},
    {"umask", 95, 166},
    {"umount2", 166, 39},
    {"uname", 63, 160},
    {"unlink", 87, -1},
    {"unlinkat", 263, 35},
    {"unshare", 272, 97},
    {"uselib", 134, -1},
    {"userfaultfd", 323, 282},
    {"ustat", 136, -1},
    {"utime", 132, -1},
    {"utimensat", 280, 88},
    {"utimes", 235, -1},
    {"vfork", 58, -1},
    {"vhangup", 153, 58},
    {"vmsplice", 278, 75},
    {"vserver", 236, -1},
    {"wait4", 61, 260},
    {"waitid", 247, 95},
    {"write", 1, 64},
    {"writev", 20, 66},
};

#if defined(__x86_64__)
#define LC__AUDIT_ARCH 0xc000003eU /* AUDIT_ARCH_X86_64 */
#define LC__SYSCALL_NR(e) ((e).x86_64)
#elif defined(__aarch64__)
#define LC__AUDIT_ARCH 0xc00000b7U /* AUDIT_ARCH_AARCH64 */
#define LC__SYSCALL_NR(e) ((e).aarch64)
#endif

/* The number of a syscall on this architecture: >= 0; -ENOSYS when the name
   exists only on another architecture; -ENOENT when it is unknown. */
static int lc__syscall_nr(const char *name)
{
    size_t lo = 0, hi = sizeof lc__syscalls / sizeof lc__syscalls[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, lc__syscalls[mid].name);
        if (c == 0) {
#ifdef LC__AUDIT_ARCH
            return LC__SYSCALL_NR(lc__syscalls[mid]) >= 0 ? LC__SYSCALL_NR(lc__syscalls[mid])
                                                          : -ENOSYS;
#else
            return -ENOSYS;
#endif
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -ENOENT;
}

/* BPF opcodes and seccomp return values. */
#define LC__LD_ABS 0x20 /* A = data[k] (32 bits) */
#define LC__JEQ 0x15
#define LC__JGT 0x25
#define LC__JGE 0x35
#define LC__JA 0x05
#define LC__AND 0x54 /* A &= k */
#define LC__RET 0x06
#define LC__JUMP_FAIL 0xff /* placeholders while a rule is assembled */
#define LC__JUMP_PASS 0xfe

static uint32_t lc__seccomp_ret(int action, int data)
{
    switch (action) {
    case LIBCONTAINER_SECCOMP_KILL:
        return 0x00000000U;
    case LIBCONTAINER_SECCOMP_KILL_PROCESS:
        return 0x80000000U;
    case LIBCONTAINER_SECCOMP_TRAP:
        return 0x00030000U;
    case LIBCONTAINER_SECCOMP_ERRNO:
        return 0x00050000U | ((uint32_t)data & 0xffffU);
    case LIBCONTAINER_SECCOMP_TRACE:
        return 0x7ff00000U | ((uint32_t)data & 0xffffU);
    case LIBCONTAINER_SECCOMP_LOG:
        return 0x7ffc0000U;
    default:
        return 0x7fff0000U; /* allow */
    }
}

struct lc__bpf_buf {
    struct lc__sock_filter *f;
    size_t len, cap;
    int oom;
};

static size_t lc__emit(struct lc__bpf_buf *b, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k)
{
    if (b->len == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        struct lc__sock_filter *f =
            (struct lc__sock_filter *)LIBCONTAINER_REALLOC(b->f, cap * sizeof *f);
        if (!f) {
            b->oom = 1;
            return b->len;
        }
        b->f = f;
        b->cap = cap;
    }
    b->f[b->len].code = code;
    b->f[b->len].jt = jt;
    b->f[b->len].jf = jf;
    b->f[b->len].k = k;
    return b->len++;
}

/* One 64-bit argument test, as 32-bit halves; jumps to FAIL or PASS
   placeholders, patched by the caller. */
static void lc__emit_arg(struct lc__bpf_buf *b, const lc_seccomp_arg *a)
{
    uint32_t lo_off = 16 + 8 * a->index, hi_off = lo_off + 4;
    uint32_t v_lo = (uint32_t)a->value, v_hi = (uint32_t)(a->value >> 32);
    uint32_t t_lo = (uint32_t)a->value_two, t_hi = (uint32_t)(a->value_two >> 32);
    const uint8_t F = LC__JUMP_FAIL, P = LC__JUMP_PASS;
    lc__emit(b, LC__LD_ABS, 0, 0, hi_off);
    switch (a->op) {
    case LIBCONTAINER_SECCOMP_EQ:
        lc__emit(b, LC__JEQ, 0, F, v_hi);
        lc__emit(b, LC__LD_ABS, 0, 0, lo_off);
        lc__emit(b, LC__JEQ, 0, F, v_lo);
        break;
    case LIBCONTAINER_SECCOMP_NE:
        lc__emit(b, LC__JEQ, 0, P, v_hi);
        lc__emit(b, LC__LD_ABS, 0, 0, lo_off);
        lc__emit(b, LC__JEQ, F, 0, v_lo);
        break;
    case LIBCONTAINER_SECCOMP_GT:
    case LIBCONTAINER_SECCOMP_GE:
        lc__emit(b, LC__JGT, P, 0, v_hi);
        lc__emit(b, LC__JEQ, 0, F, v_hi);
        lc__emit(b, LC__LD_ABS, 0, 0, lo_off);
        lc__emit(b, a->op == LIBCONTAINER_SECCOMP_GT ? LC__JGT : LC__JGE, 0, F, v_lo);
        break;
    case LIBCONTAINER_SECCOMP_LT:
    case LIBCONTAINER_SECCOMP_LE:
        lc__emit(b, LC__JGT, F, 0, v_hi);
        lc__emit(b, LC__JEQ, 0, P, v_hi);
        lc__emit(b, LC__LD_ABS, 0, 0, lo_off);
        lc__emit(b, a->op == LIBCONTAINER_SECCOMP_LT ? LC__JGE : LC__JGT, F, 0, v_lo);
        break;
    default: /* MASKED_EQ */
        lc__emit(b, LC__AND, 0, 0, v_hi);
        lc__emit(b, LC__JEQ, 0, F, t_hi);
        lc__emit(b, LC__LD_ABS, 0, 0, lo_off);
        lc__emit(b, LC__AND, 0, 0, v_lo);
        lc__emit(b, LC__JEQ, 0, F, t_lo);
        break;
    }
}

/* Points the jumps of [from, b->len) that hold the placeholder at the
   instruction to; -1 when that is further than classic BPF can jump. */
static int lc__patch(struct lc__bpf_buf *b, size_t from, uint8_t placeholder, size_t to)
{
    size_t i;
    for (i = from; i < b->len; i++) {
        struct lc__sock_filter *f = &b->f[i];
        if (f->code != LC__JEQ && f->code != LC__JGT && f->code != LC__JGE)
            continue;
        if (to - i - 1 > 250 && (f->jt == placeholder || f->jf == placeholder))
            return -1;
        if (f->jt == placeholder)
            f->jt = (uint8_t)(to - i - 1);
        if (f->jf == placeholder)
            f->jf = (uint8_t)(to - i - 1);
    }
    return 0;
}

/* Compiles the config's filter: check the architecture, then dispatch on
   the syscall number with one "jeq; ja" pair per syscall (so that no jump
   is too long), then each syscall's rules in order, argument tests first;
   what no rule takes gets the default action. */
static int lc__seccomp_compile(const lc_seccomp *sc, struct lc__sock_filter **out,
                               unsigned short *len, lc_error *err)
{
#ifndef LC__AUDIT_ARCH
    (void)sc;
    (void)out;
    (void)len;
    return lc__fail(err, ENOTSUP, "config", "seccomp: not supported on this architecture");
#else
    struct lc__bpf_buf b;
    int *nrs = NULL, rc = 0;
    size_t i, j, *jumps = NULL, njumps = 0;
    uint32_t dflt =
        lc__seccomp_ret(sc->default_action, sc->default_errno ? sc->default_errno : EPERM);
    memset(&b, 0, sizeof b);
    *out = NULL;
    nrs = (int *)LIBCONTAINER_MALLOC((sc->syscalls_len + 1) * sizeof *nrs);
    jumps = (size_t *)LIBCONTAINER_MALLOC((sc->syscalls_len + 1) * sizeof *jumps);
    if (!nrs || !jumps) {
        rc = lc__fail(err, ENOMEM, "seccomp", "out of memory");
        goto out;
    }
    for (i = 0; i < sc->syscalls_len; i++) {
        const lc_seccomp_rule *r = &sc->syscalls[i];
        nrs[i] = r->name ? lc__syscall_nr(r->name) : r->nr;
        if (nrs[i] == -ENOENT) {
            rc = lc__fail(err, EINVAL, "config", "seccomp.syscalls[%zu]: unknown syscall %s", i,
                          r->name);
            goto out;
        }
        for (j = 0; j < r->args_len; j++)
            if (r->args[j].index > 5) {
                rc = lc__fail(err, EINVAL, "config",
                              "seccomp.syscalls[%zu].args[%zu].index: %u is not 0 to 5", i, j,
                              r->args[j].index);
                goto out;
            }
    }
    lc__emit(&b, LC__LD_ABS, 0, 0, 4); /* arch */
    lc__emit(&b, LC__JEQ, 1, 0, LC__AUDIT_ARCH);
    lc__emit(&b, LC__RET, 0, 0, 0x80000000U); /* another ABI: kill */
    lc__emit(&b, LC__LD_ABS, 0, 0, 0);        /* nr */
#if defined(__x86_64__)
    /* x32 numbers would slip past rules written for x86_64 */
    lc__emit(&b, LC__JGE, 0, 1, 0x40000000U);
    lc__emit(&b, LC__RET, 0, 0, 0x00050000U | ENOSYS);
#endif
    /* the dispatch: one entry per distinct syscall, in first-rule order */
    for (i = 0; i < sc->syscalls_len; i++) {
        size_t k;
        int seen = 0;
        if (nrs[i] < 0)
            continue; /* only absent on this architecture */
        for (k = 0; k < i; k++)
            if (nrs[k] == nrs[i])
                seen = 1;
        if (seen)
            continue;
        lc__emit(&b, LC__JEQ, 0, 1, (uint32_t)nrs[i]);
        jumps[njumps++] = lc__emit(&b, LC__JA, 0, 0, (uint32_t)i); /* patched below */
    }
    lc__emit(&b, LC__RET, 0, 0, dflt);
    /* the rule blocks */
    for (j = 0; j < njumps; j++) {
        size_t first = b.f ? b.f[jumps[j]].k : 0, k;
        int nr = nrs[first];
        if (b.oom)
            break;
        b.f[jumps[j]].k = (uint32_t)(b.len - jumps[j] - 1);
        for (k = first; k < sc->syscalls_len; k++) {
            const lc_seccomp_rule *r = &sc->syscalls[k];
            size_t start = b.len, a;
            if (nrs[k] != nr)
                continue;
            for (a = 0; a < r->args_len; a++) {
                size_t from = b.len;
                lc__emit_arg(&b, &r->args[a]);
                /* a passed test goes on to the next one */
                if (!b.oom && lc__patch(&b, from, LC__JUMP_PASS, b.len) < 0)
                    goto too_long;
            }
            lc__emit(&b, LC__RET, 0, 0, lc__seccomp_ret(r->action, r->errno_ret));
            /* a failed test goes on to the next rule */
            if (!b.oom && lc__patch(&b, start, LC__JUMP_FAIL, b.len) < 0)
                goto too_long;
        }
        lc__emit(&b, LC__RET, 0, 0, dflt);
    }
    if (b.oom) {
        rc = lc__fail(err, ENOMEM, "seccomp", "out of memory");
        goto out;
    }
    if (b.len > 4096) {
        rc = lc__fail(err, E2BIG, "config", "seccomp: the filter needs %zu instructions, over 4096",
                      b.len);
        goto out;
    }
    *out = b.f;
    *len = (unsigned short)b.len;
    b.f = NULL;
    goto out;
too_long:
    rc = lc__fail(err, E2BIG, "config", "seccomp: a rule has too many argument tests");
out:
    LIBCONTAINER_FREE(b.f);
    LIBCONTAINER_FREE(nrs);
    LIBCONTAINER_FREE(jumps);
    return rc;
#endif
}

#endif /* LIBCONTAINER_IMPLEMENTATION */

/*
------------------------------------------------------------------------------
libcontainer.h is available under the Apache License, Version 2.0.
Copyright 2026 the libcontainer.h authors.

Licensed under the Apache License, Version 2.0 (the "License"); you may not
use this file except in compliance with the License. You may obtain a copy of
the License at http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
License for the specific language governing permissions and limitations under
the License.
------------------------------------------------------------------------------
*/
