/* Config loader and writer tests.

   usage: test_config SAMPLE.json...   (the seed's minimal.json and
                                        attach_to_bridge.json)
   Loads the samples and checks what comes out, round-trips them through the
   writer, runs a table of broken configs that must fail with an exact
   message, checks the log callback, and fails every allocation in turn to
   show that nothing leaks and *out stays NULL. Prints TAP. */
#define _GNU_SOURCE

/* count allocations so leaks and out-of-memory paths can be checked */
#include <stddef.h>
static void *test_malloc(size_t n);
static void *test_realloc(void *p, size_t n);
static void test_free(void *p);
#define LIBCONTAINER_MALLOC(n) test_malloc(n)
#define LIBCONTAINER_REALLOC(p, n) test_realloc(p, n)
#define LIBCONTAINER_FREE(p) test_free(p)

#define LIBCONTAINER_IMPLEMENTATION
#include "libcontainer.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <signal.h>
#include <unistd.h>

static long alloc_live;  /* blocks handed out and not yet freed */
static long alloc_calls; /* malloc and realloc calls so far */
static long alloc_fail_at = -1;

static void *test_malloc(size_t n)
{
    void *p;

    if (++alloc_calls == alloc_fail_at)
        return NULL;
    p = malloc(n ? n : 1);
    if (p)
        alloc_live++;
    return p;
}

static void *test_realloc(void *p, size_t n)
{
    void *q;

    if (++alloc_calls == alloc_fail_at)
        return NULL;
    q = realloc(p, n ? n : 1);
    if (q && !p)
        alloc_live++;
    return q;
}

static void test_free(void *p)
{
    if (p)
        alloc_live--;
    free(p);
}

#include "tap.h"

static int streq(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* ---- deep comparison of two configs ------------------------------------ */

static const char *diff_strv(char **a, size_t na, char **b, size_t nb)
{
    size_t i;

    if ((a == NULL) != (b == NULL) || na != nb)
        return "length";
    for (i = 0; i < na; i++)
        if (!streq(a[i], b[i]))
            return "element";
    if (a && (a[na] != NULL || b[nb] != NULL))
        return "terminator";
    return NULL;
}

static int same_device(const lc_device *a, const lc_device *b)
{
    return a->type == b->type && streq(a->path, b->path) && a->major == b->major &&
           a->minor == b->minor && !strcmp(a->permissions, b->permissions) &&
           a->file_mode == b->file_mode && a->uid == b->uid && a->gid == b->gid;
}

static int same_devices(const lc_device *a, size_t na, const lc_device *b, size_t nb)
{
    size_t i;

    if (na != nb)
        return 0;
    for (i = 0; i < na; i++)
        if (!same_device(&a[i], &b[i]))
            return 0;
    return 1;
}

static int same_id_maps(const lc_id_map *a, size_t na, const lc_id_map *b, size_t nb)
{
    size_t i;

    if (na != nb)
        return 0;
    for (i = 0; i < na; i++)
        if (a[i].container_id != b[i].container_id || a[i].host_id != b[i].host_id ||
            a[i].size != b[i].size)
            return 0;
    return 1;
}

static int same_seccomp(const lc_seccomp *a, const lc_seccomp *b)
{
    size_t i, j;

    if (!a || !b)
        return a == b;
    if (a->default_action != b->default_action || a->default_errno != b->default_errno ||
        a->syscalls_len != b->syscalls_len)
        return 0;
    for (i = 0; i < a->syscalls_len; i++) {
        const lc_seccomp_rule *x = &a->syscalls[i], *y = &b->syscalls[i];
        if (!streq(x->name, y->name) || x->nr != y->nr || x->action != y->action ||
            x->errno_ret != y->errno_ret || x->args_len != y->args_len)
            return 0;
        for (j = 0; j < x->args_len; j++)
            if (x->args[j].index != y->args[j].index || x->args[j].value != y->args[j].value ||
                x->args[j].value_two != y->args[j].value_two || x->args[j].op != y->args[j].op)
                return 0;
    }
    return 1;
}

/* The first field that differs, or NULL. */
static const char *config_diff(const lc_config *a, const lc_config *b)
{
    size_t i;

    if (!streq(a->rootfs, b->rootfs))
        return "rootfs";
    if (!streq(a->hostname, b->hostname))
        return "hostname";
    if (!streq(a->user, b->user))
        return "user";
    if (!streq(a->working_dir, b->working_dir))
        return "working_dir";
    if (diff_strv(a->env, a->env_len, b->env, b->env_len))
        return "env";
    if (a->tty != b->tty)
        return "tty";
    if (a->namespaces_len != b->namespaces_len)
        return "namespaces_len";
    for (i = 0; i < a->namespaces_len; i++)
        if (a->namespaces[i].type != b->namespaces[i].type ||
            !streq(a->namespaces[i].path, b->namespaces[i].path))
            return "namespaces";
    if (diff_strv(a->capabilities, a->capabilities_len, b->capabilities, b->capabilities_len))
        return "capabilities";
    if (a->networks_len != b->networks_len)
        return "networks_len";
    for (i = 0; i < a->networks_len; i++) {
        const lc_network *x = &a->networks[i], *y = &b->networks[i];
        if (!streq(x->type, y->type) || !streq(x->name, y->name) || !streq(x->bridge, y->bridge) ||
            !streq(x->veth_prefix, y->veth_prefix) || !streq(x->mac_address, y->mac_address) ||
            !streq(x->address, y->address) || !streq(x->gateway, y->gateway) ||
            !streq(x->ipv6_address, y->ipv6_address) || !streq(x->ipv6_gateway, y->ipv6_gateway) ||
            !streq(x->ns_path, y->ns_path) || x->mtu != y->mtu || x->txqueuelen != y->txqueuelen)
            return "networks";
    }
    if (a->routes_len != b->routes_len)
        return "routes_len";
    for (i = 0; i < a->routes_len; i++) {
        const lc_route *x = &a->routes[i], *y = &b->routes[i];
        if (!streq(x->destination, y->destination) || !streq(x->source, y->source) ||
            !streq(x->gateway, y->gateway) || !streq(x->interface_name, y->interface_name))
            return "routes";
    }
    if ((a->cgroups == NULL) != (b->cgroups == NULL))
        return "cgroups";
    if (a->cgroups) {
        const lc_cgroups *x = a->cgroups, *y = b->cgroups;
        if (!streq(x->name, y->name) || !streq(x->parent, y->parent) ||
            x->allow_all_devices != y->allow_all_devices ||
            !same_devices(x->allowed_devices, x->allowed_devices_len, y->allowed_devices,
                          y->allowed_devices_len) ||
            x->memory != y->memory || x->memory_reservation != y->memory_reservation ||
            x->memory_swap != y->memory_swap || x->cpu_shares != y->cpu_shares ||
            x->cpu_quota != y->cpu_quota || x->cpu_period != y->cpu_period ||
            x->pids_limit != y->pids_limit || x->blkio_weight != y->blkio_weight ||
            !streq(x->cpuset_cpus, y->cpuset_cpus) || !streq(x->cpuset_mems, y->cpuset_mems) ||
            !streq(x->freezer, y->freezer))
            return "cgroups fields";
    }
    if (a->restrictions != b->restrictions)
        return "restrictions";
    if (!streq(a->mount_label, b->mount_label))
        return "mount_label";
    if (!streq(a->process_label, b->process_label))
        return "process_label";
    if (!streq(a->apparmor_profile, b->apparmor_profile))
        return "apparmor_profile";
    if (a->no_pivot_root != b->no_pivot_root)
        return "no_pivot_root";
    if (a->readonly_fs != b->readonly_fs)
        return "readonly_fs";
    if (a->mounts_len != b->mounts_len)
        return "mounts_len";
    for (i = 0; i < a->mounts_len; i++) {
        const lc_mount *x = &a->mounts[i], *y = &b->mounts[i];
        if (!streq(x->source, y->source) || !streq(x->destination, y->destination) ||
            !streq(x->type, y->type) || !streq(x->data, y->data) || x->flags != y->flags ||
            x->propagation != y->propagation)
            return "mounts";
    }
    if (!same_devices(a->devices, a->devices_len, b->devices, b->devices_len))
        return "devices";
    if (!same_id_maps(a->uid_mappings, a->uid_mappings_len, b->uid_mappings, b->uid_mappings_len))
        return "uid_mappings";
    if (!same_id_maps(a->gid_mappings, a->gid_mappings_len, b->gid_mappings, b->gid_mappings_len))
        return "gid_mappings";
    if (a->rlimits_len != b->rlimits_len)
        return "rlimits_len";
    for (i = 0; i < a->rlimits_len; i++)
        if (a->rlimits[i].type != b->rlimits[i].type || a->rlimits[i].hard != b->rlimits[i].hard ||
            a->rlimits[i].soft != b->rlimits[i].soft)
            return "rlimits";
    if (diff_strv(a->mask_paths, a->mask_paths_len, b->mask_paths, b->mask_paths_len))
        return "mask_paths";
    if (diff_strv(a->readonly_paths, a->readonly_paths_len, b->readonly_paths,
                  b->readonly_paths_len))
        return "readonly_paths";
    if (a->system_properties_len != b->system_properties_len)
        return "system_properties_len";
    for (i = 0; i < a->system_properties_len; i++)
        if (!streq(a->system_properties[i].key, b->system_properties[i].key) ||
            !streq(a->system_properties[i].value, b->system_properties[i].value))
            return "system_properties";
    if (diff_strv(a->additional_groups, a->additional_groups_len, b->additional_groups,
                  b->additional_groups_len))
        return "additional_groups";
    if (diff_strv(a->ambient_capabilities, a->ambient_capabilities_len, b->ambient_capabilities,
                  b->ambient_capabilities_len))
        return "ambient_capabilities";
    if (!same_seccomp(a->seccomp, b->seccomp))
        return "seccomp";
    if (a->no_new_privileges != b->no_new_privileges)
        return "no_new_privileges";
    if (a->parent_death_signal != b->parent_death_signal)
        return "parent_death_signal";
    if (!a->oom_score_adj != !b->oom_score_adj ||
        (a->oom_score_adj && *a->oom_score_adj != *b->oom_score_adj))
        return "oom_score_adj";
    return NULL;
}

/* ---- helpers ------------------------------------------------------------ */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    *len = 0;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    int ok;

    if (!f)
        return -1;
    ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* The namespaces a fragment of a config is given when it names none: every
   config needs a mount namespace (lc_config_check), and keys such as
   hostname or uid_mappings the namespace they act in. */
#define FRAGMENT_NAMESPACES                                                                        \
    "\"namespaces\": {\"NEWNS\": true, \"NEWUTS\": true, \"NEWIPC\": true, \"NEWNET\": true,"      \
    " \"NEWUSER\": true}"

/* Parses a fragment of a config, given FRAGMENT_NAMESPACES when it names
   no namespaces, so that it tests what it is about. */
static int parse_rc(const char *json, lc_config **cfg, lc_error *err)
{
    static char buf[65536];
    const char *body = json;

    if (json[0] == '{' && !strstr(json, "\"namespaces\"") && strlen(json) + 128 < sizeof buf) {
        for (body = json + 1; *body == ' '; body++)
            ;
        snprintf(buf, sizeof buf, "{" FRAGMENT_NAMESPACES "%s%s", *body == '}' ? "" : ", ", body);
        body = buf;
    }
    return lc_config_parse(body, strlen(body), NULL, cfg, err);
}

static lc_config *parse(const char *json, lc_error *err)
{
    lc_config *cfg = NULL;

    if (parse_rc(json, &cfg, err) < 0)
        return NULL;
    return cfg;
}

/* parse(write(cfg)) equals cfg, and writing that again gives the same text. */
static void check_round_trip(const lc_config *cfg, const char *name)
{
    char label[256], why[1200];
    char *one = NULL, *two = NULL;
    size_t len1 = 0, len2 = 0;
    lc_config *again = NULL;
    const char *diff = "write failed";
    lc_error err;

    snprintf(why, sizeof why, "%s", "");
    if (lc_config_write(cfg, &one, &len1, &err) == 0) {
        if (lc_config_parse(one, len1, NULL, &again, &err) < 0) {
            diff = "the written JSON does not parse";
            snprintf(why, sizeof why, "%s", err.msg);
        } else if ((diff = config_diff(cfg, again)) == NULL) {
            if (lc_config_write(again, &two, &len2, &err) < 0)
                diff = "second write failed";
            else if (len1 != len2 || memcmp(one, two, len1) != 0 || strlen(one) != len1)
                diff = "the second write differs from the first";
        }
    } else {
        snprintf(why, sizeof why, "%s", err.msg);
    }
    snprintf(label, sizeof label, "%s: round trip is stable", name);
    if (diff && !why[0])
        snprintf(why, sizeof why, "%s", diff);
    check(diff == NULL, label, why);
    lc_free(one);
    lc_free(two);
    lc_config_free(again);
}

/* ---- the sample configs ------------------------------------------------- */

static void test_sample(const char *path)
{
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    int minimal = strstr(base, "minimal") != NULL;
    int bridge = strstr(base, "bridge") != NULL;
    lc_config *cfg = NULL, *parsed = NULL;
    lc_error err;
    char label[256];
    size_t len;
    char *text;
    int rc;

    rc = lc_config_load(path, NULL, &cfg, &err);
    snprintf(label, sizeof label, "%s: loads", base);
    check(rc == 0 && cfg != NULL, label, rc < 0 ? err.msg : NULL);
    if (!cfg)
        return;

    text = read_file(path, &len);
    snprintf(label, sizeof label, "%s: load and parse agree", base);
    if (text && lc_config_parse(text, len, NULL, &parsed, &err) == 0)
        check(config_diff(cfg, parsed) == NULL, label, config_diff(cfg, parsed));
    else
        check(0, label, err.msg);
    free(text);
    lc_config_free(parsed);

    snprintf(label, sizeof label, "%s: hostname koye, tty", base);
    check(streq(cfg->hostname, "koye") && cfg->tty == 1, label, NULL);

    snprintf(label, sizeof label, "%s: 5 namespaces in the order given", base);
    check(cfg->namespaces_len == 5 && cfg->namespaces[0].type == CLONE_NEWIPC &&
              cfg->namespaces[1].type == CLONE_NEWNET && cfg->namespaces[2].type == CLONE_NEWNS &&
              cfg->namespaces[3].type == CLONE_NEWPID && cfg->namespaces[4].type == CLONE_NEWUTS &&
              !cfg->namespaces[0].path &&
              lc_config_namespace(cfg, CLONE_NEWNET) == &cfg->namespaces[1] &&
              lc_config_namespace(cfg, CLONE_NEWUSER) == NULL,
          label, NULL);

    snprintf(label, sizeof label, "%s: 12 capabilities", base);
    check(cfg->capabilities_len == 12 && streq(cfg->capabilities[0], "CHOWN") &&
              streq(cfg->capabilities[11], "KILL") && cfg->capabilities[12] == NULL,
          label, NULL);

    snprintf(label, sizeof label, "%s: 4 environment entries", base);
    check(cfg->env_len == 4 && streq(cfg->env[0], "HOME=/") && streq(cfg->env[3], "TERM=xterm") &&
              cfg->env[4] == NULL,
          label, NULL);

    snprintf(label, sizeof label, "%s: 6 device nodes", base);
    check(cfg->devices_len == 6 && cfg->devices[0].type == 'c' &&
              streq(cfg->devices[0].path, "/dev/null") && cfg->devices[0].major == 1 &&
              cfg->devices[0].minor == 3 && !strcmp(cfg->devices[0].permissions, "rwm") &&
              cfg->devices[0].file_mode == 0666 && streq(cfg->devices[3].path, "/dev/tty") &&
              cfg->devices[3].major == 5 && cfg->devices[3].minor == 0 &&
              streq(cfg->devices[5].path, "/dev/random") && cfg->devices[5].minor == 8,
          label, NULL);

    snprintf(label, sizeof label, "%s: cgroups with 14 allowed devices", base);
    check(cfg->cgroups && streq(cfg->cgroups->name, "docker-koye") &&
              streq(cfg->cgroups->parent, "docker") && cfg->cgroups->allowed_devices_len == 14 &&
              cfg->cgroups->allowed_devices[0].type == 'c' &&
              cfg->cgroups->allowed_devices[0].major == -1 &&
              cfg->cgroups->allowed_devices[0].minor == -1 &&
              !strcmp(cfg->cgroups->allowed_devices[0].permissions, "m") &&
              cfg->cgroups->allowed_devices[1].type == 'b' &&
              cfg->cgroups->allowed_devices[0].path == NULL && cfg->cgroups->memory == 0 &&
              cfg->cgroups->pids_limit == 0 && !cfg->cgroups->allow_all_devices,
          label, NULL);

    snprintf(label, sizeof label, "%s: context and mount_config defaults", base);
    check(cfg->restrictions == 1 && streq(cfg->mount_label, "") && streq(cfg->process_label, "") &&
              cfg->apparmor_profile == NULL && cfg->mounts_len == 0 && !cfg->no_pivot_root &&
              !cfg->readonly_fs && cfg->rootfs == NULL && cfg->working_dir == NULL &&
              cfg->routes_len == 0,
          label, NULL);

    snprintf(label, sizeof label, "%s: loopback network", base);
    check(cfg->networks_len >= 1 && streq(cfg->networks[0].type, "loopback") &&
              streq(cfg->networks[0].address, "127.0.0.1/0") &&
              streq(cfg->networks[0].gateway, "localhost") && cfg->networks[0].mtu == 1500,
          label, NULL);

    if (minimal) {
        check(streq(cfg->user, "daemon") && cfg->networks_len == 1,
              "minimal.json: user daemon, one network", NULL);
    }
    if (bridge) {
        check(cfg->user == NULL && cfg->networks_len == 2 && streq(cfg->networks[1].type, "veth") &&
                  streq(cfg->networks[1].bridge, "docker0") &&
                  streq(cfg->networks[1].veth_prefix, "veth") &&
                  streq(cfg->networks[1].address, "172.17.0.101/16") &&
                  streq(cfg->networks[1].gateway, "172.17.42.1") && cfg->networks[1].mtu == 1500,
              "attach_to_bridge.json: no user, a veth on docker0", NULL);
    }
    check_round_trip(cfg, base);
    lc_config_free(cfg);
}

/* ---- every key, both namespace forms ----------------------------------- */

static const char full_json[] =
    "{\n"
    "  \"rootfs\": \"/srv/root\", \"hostname\": \"h\\u00e9\\ud83d\\ude00\",\n"
    "  \"user\": \"1000:1000\", \"working_dir\": \"/home\", \"tty\": false,\n"
    "  \"readonlyfs\": true,\n"
    "  \"environment\": [\"A=1\", \"B=x=y\", \"C=\"],\n"
    "  \"capabilities\": [],\n"
    "  \"namespaces\": [{\"type\": \"NEWIPC\", \"path\": \"/proc/1/ns/ipc\"},\n"
    "                 {\"type\": \"NEWUSER\"}, {\"type\": \"NEWCGROUP\", \"path\": null},\n"
    "                 {\"type\": \"NEWNS\"}, {\"type\": \"NEWUTS\"}, {\"type\": \"NEWNET\"}],\n"
    "  \"context\": {\"apparmor_profile\": \"docker-default\", \"restrictions\": false,\n"
    "              \"process_label\": \"system_u:system_r:svirt_lxc_net_t:s0\"},\n"
    "  \"mount_config\": {\n"
    "    \"no_pivot_root\": true, \"mount_label\": \"system_u:object_r:svirt_sandbox_file_t:s0\",\n"
    "    \"mounts\": [\n"
    "      {\"type\": \"bind\", \"source\": \"/etc/resolv.conf\",\n"
    "       \"destination\": \"/etc/resolv.conf\", \"private\": true},\n"
    "      {\"type\": \"bind\", \"source\": \"/data\", \"destination\": \"/data\",\n"
    "       \"writable\": true, \"slave\": true},\n"
    "      {\"type\": \"tmpfs\", \"destination\": \"/tmp\", \"writable\": true,\n"
    "       \"data\": \"size=65536k\", \"source\": null}\n"
    "    ],\n"
    "    \"device_nodes\": [{\"type\": \"b\", \"path\": \"/dev/loop0\", \"major_number\": 7,\n"
    "                      \"minor_number\": 0, \"cgroup_permissions\": \"rw\",\n"
    "                      \"file_mode\": 432, \"uid\": 0, \"gid\": 6}]\n"
    "  },\n"
    "  \"cgroups\": {\"name\": \"c1\", \"parent\": null, \"allow_all_devices\": true,\n"
    "              \"memory\": 536870912, \"memory_reservation\": 0, \"memory_swap\": -1,\n"
    "              \"cpu_shares\": 512, \"cpu_quota\": 50000, \"cpu_period\": 100000,\n"
    "              \"pids_limit\": 64, \"blkio_weight\": 500, \"cpuset_cpus\": \"0-1\",\n"
    "              \"cpuset_mems\": \"0\", \"freezer\": \"THAWED\", \"cpu_burst\": 1000,\n"
    "              \"cpu_idle\": 1, \"unified\": {\"memory.high\": \"1000000\", \"io.weight\": "
    "50},\n"
    "              \"allowed_devices\": [{\"type\": \"a\", \"major_number\": -1,\n"
    "                                   \"minor_number\": -1, \"cgroup_permissions\": \"rwm\"}]},\n"
    "  \"networks\": [{\"type\": \"veth\", \"name\": \"eth0\", \"bridge\": \"br0\",\n"
    "                \"veth_prefix\": \"v\", \"mac_address\": \"02:42:ac:11:00:02\",\n"
    "                \"address\": \"10.0.0.2/24\", \"gateway\": \"10.0.0.1\",\n"
    "                \"ipv6_address\": \"fd00::2/64\", \"ipv6_gateway\": \"fd00::1\",\n"
    "                \"mtu\": 9000, \"txqueuelen\": 1000},\n"
    "               {\"type\": \"netns\", \"ns_path\": \"/var/run/netns/x\"}],\n"
    "  \"routes\": [{\"destination\": \"0.0.0.0/0\", \"source\": \"10.0.0.2\",\n"
    "              \"gateway\": \"10.0.0.1\", \"interface_name\": \"eth0\"}]\n"
    "}\n";

static void test_full(void)
{
    lc_error err;
    lc_config *cfg = parse(full_json, &err);
    const lc_mount *m;
    char *text = NULL;

    check(cfg != NULL, "full config parses", cfg ? NULL : err.msg);
    if (!cfg)
        return;
    check(streq(cfg->rootfs, "/srv/root") && streq(cfg->user, "1000:1000") &&
              streq(cfg->working_dir, "/home") && cfg->tty == 0 && cfg->readonly_fs == 1 &&
              cfg->no_pivot_root == 1,
          "full: top-level strings and booleans", NULL);
    check(streq(cfg->hostname, "h\xc3\xa9\xf0\x9f\x98\x80"),
          "full: \\u escapes and surrogate pairs decode to UTF-8", cfg->hostname);
    check(cfg->env_len == 3 && streq(cfg->env[1], "B=x=y") && streq(cfg->env[2], "C=") &&
              cfg->capabilities != NULL && cfg->capabilities_len == 0 &&
              cfg->capabilities[0] == NULL,
          "full: environment, empty capability list", NULL);
    check(cfg->namespaces_len == 6 && cfg->namespaces[0].type == CLONE_NEWIPC &&
              streq(cfg->namespaces[0].path, "/proc/1/ns/ipc") &&
              cfg->namespaces[1].type == CLONE_NEWUSER && cfg->namespaces[1].path == NULL &&
              cfg->namespaces[2].type == CLONE_NEWCGROUP && cfg->namespaces[2].path == NULL &&
              cfg->namespaces[3].type == CLONE_NEWNS && cfg->namespaces[3].path == NULL,
          "full: namespaces in array form with a path", NULL);
    check(streq(cfg->apparmor_profile, "docker-default") && cfg->restrictions == 0 &&
              streq(cfg->process_label, "system_u:system_r:svirt_lxc_net_t:s0") &&
              streq(cfg->mount_label, "system_u:object_r:svirt_sandbox_file_t:s0"),
          "full: context and labels", NULL);
    m = cfg->mounts;
    check(cfg->mounts_len == 3 && streq(m[0].type, "bind") &&
              m[0].flags == (MS_BIND | MS_REC | MS_RDONLY) && m[0].propagation == MS_PRIVATE &&
              m[1].flags == (MS_BIND | MS_REC) && m[1].propagation == MS_SLAVE &&
              streq(m[2].type, "tmpfs") && m[2].flags == 0 && m[2].propagation == 0 &&
              m[2].source == NULL && streq(m[2].data, "size=65536k") &&
              streq(m[2].destination, "/tmp"),
          "full: mounts map to flags and propagation", NULL);
    check(cfg->devices_len == 1 && cfg->devices[0].type == 'b' && cfg->devices[0].major == 7 &&
              !strcmp(cfg->devices[0].permissions, "rw") && cfg->devices[0].file_mode == 0660 &&
              cfg->devices[0].gid == 6,
          "full: device node with a string type", NULL);
    check(cfg->cgroups && streq(cfg->cgroups->name, "c1") && cfg->cgroups->parent == NULL &&
              cfg->cgroups->allow_all_devices && cfg->cgroups->memory == 536870912LL &&
              cfg->cgroups->memory_reservation == 0 && cfg->cgroups->memory_swap == -1 &&
              cfg->cgroups->cpu_shares == 512 && cfg->cgroups->cpu_quota == 50000 &&
              cfg->cgroups->cpu_period == 100000 && cfg->cgroups->pids_limit == 64 &&
              cfg->cgroups->blkio_weight == 500 && streq(cfg->cgroups->cpuset_cpus, "0-1") &&
              streq(cfg->cgroups->cpuset_mems, "0") && streq(cfg->cgroups->freezer, "THAWED") &&
              cfg->cgroups->allowed_devices_len == 1 &&
              cfg->cgroups->allowed_devices[0].type == 'a' && cfg->cgroups->cpu_burst == 1000 &&
              cfg->cgroups->cpu_idle == 1 && cfg->cgroups->unified_len == 2 &&
              streq(cfg->cgroups->unified[1].key, "io.weight") &&
              streq(cfg->cgroups->unified[1].value, "50"),
          "full: cgroups", NULL);
    check(cfg->networks_len == 2 && cfg->networks[0].mtu == 9000 &&
              cfg->networks[0].txqueuelen == 1000 &&
              streq(cfg->networks[0].mac_address, "02:42:ac:11:00:02") &&
              streq(cfg->networks[0].ipv6_gateway, "fd00::1") &&
              streq(cfg->networks[1].ns_path, "/var/run/netns/x") && cfg->routes_len == 1 &&
              streq(cfg->routes[0].interface_name, "eth0") &&
              streq(cfg->routes[0].source, "10.0.0.2"),
          "full: networks and routes", NULL);
    check_round_trip(cfg, "full");
    if (lc_config_write(cfg, &text, NULL, &err) == 0)
        check(strstr(text, "\"namespaces\": [\n") != NULL &&
                  strstr(text, "\"path\": \"/proc/1/ns/ipc\"") != NULL,
              "full: a namespace path selects the array form", NULL);
    else
        check(0, "full: a namespace path selects the array form", err.msg);
    lc_free(text);
    lc_config_free(cfg);
}

/* ---- the security keys -------------------------------------------------- */

static const char security_json[] =
    "{\n"
    "  \"namespaces\": {\"NEWUSER\": true, \"NEWNS\": true, \"NEWNET\": true, \"NEWIPC\": true},\n"
    "  \"capabilities\": [\"CHOWN\", \"NET_BIND_SERVICE\"],\n"
    "  \"uid_mappings\": [{\"container_id\": 0, \"host_id\": 100000, \"size\": 65536},\n"
    "                   {\"container_id\": 65536, \"host_id\": 1000, \"size\": 1}],\n"
    "  \"gid_mappings\": [{\"size\": 1, \"host_id\": 1000, \"container_id\": 0},\n"
    "                   {\"container_id\": 1, \"host_id\": 4294901760, \"size\": 65535}],\n"
    "  \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"hard\": 1024, \"soft\": 512},\n"
    "              {\"type\": \"core\", \"hard\": -1, \"soft\": 0},\n"
    "              {\"type\": 6, \"hard\": 18446744073709551615, \"soft\": -1},\n"
    "              {\"type\": \"Rlimit_RtTime\", \"hard\": 20000, \"soft\": 10000}],\n"
    "  \"mask_paths\": [\"/proc/kcore\", \"/sys/firmware\"],\n"
    "  \"readonly_paths\": [\"/proc/sys\", \"/proc/sysrq-trigger\"],\n"
    "  \"additional_groups\": [\"wheel\", 10, \"audio\", 0],\n"
    "  \"ambient_capabilities\": [\"NET_BIND_SERVICE\", \"CAP_CHOWN\"],\n"
    "  \"system_properties\": {\"net.ipv4.ip_forward\": 1, \"kernel.msgmax\": \"65536\",\n"
    "                        \"net.core.somaxconn\": -1.5e3},\n"
    "  \"seccomp\": {\n"
    "    \"default_action\": \"SCMP_ACT_ALLOW\",\n"
    "    \"syscalls\": [\n"
    "      {\"name\": \"mkdir\", \"action\": \"errno\"},\n"
    "      {\"name\": 62, \"action\": \"Kill_Process\"},\n"
    "      {\"name\": \"personality\", \"action\": \"SCMP_ACT_ERRNO\", \"errno\": 38,\n"
    "       \"args\": [{\"index\": 0, \"value\": 8, \"op\": \"!=\"},\n"
    "                {\"index\": 5, \"value\": 18446744073709551615, \"value_two\": 8,\n"
    "                 \"op\": \"&==\"}]},\n"
    "      {\"name\": \"ptrace\", \"action\": \"trace\", \"errno\": 65535},\n"
    "      {\"name\": \"uselib\", \"action\": \"log\", \"args\": []}\n"
    "    ]\n"
    "  },\n"
    "  \"no_new_privileges\": true, \"parent_death_signal\": \"SIGTERM\",\n"
    "  \"oom_score_adj\": -500,\n"
    "  \"apparmor_profile\": \"docker-default\", \"process_label\": \"system_u:system_r:t:s0\"\n"
    "}\n";

static void test_security(void)
{
    lc_error err;
    lc_config *cfg = parse(security_json, &err);
    const lc_seccomp *sc;
    const lc_rlimit *r;
    char *text = NULL;

    check(cfg != NULL, "security: config parses", cfg ? NULL : err.msg);
    if (!cfg)
        return;
    check(cfg->uid_mappings_len == 2 && cfg->uid_mappings[0].container_id == 0 &&
              cfg->uid_mappings[0].host_id == 100000 && cfg->uid_mappings[0].size == 65536 &&
              cfg->uid_mappings[1].container_id == 65536 && cfg->uid_mappings[1].host_id == 1000 &&
              cfg->uid_mappings[1].size == 1,
          "security: uid_mappings", NULL);
    check(cfg->gid_mappings_len == 2 && cfg->gid_mappings[0].container_id == 0 &&
              cfg->gid_mappings[0].host_id == 1000 && cfg->gid_mappings[0].size == 1 &&
              cfg->gid_mappings[1].host_id == 4294901760u && cfg->gid_mappings[1].size == 65535,
          "security: gid_mappings, up to the last valid id", NULL);
    r = cfg->rlimits;
    check(cfg->rlimits_len == 4 && r[0].type == RLIMIT_NOFILE && r[0].hard == 1024 &&
              r[0].soft == 512 && r[1].type == RLIMIT_CORE && r[1].hard == ~0ULL &&
              r[1].soft == 0 && r[2].type == RLIMIT_NPROC && r[2].hard == ~0ULL &&
              r[2].soft == ~0ULL && r[3].type == RLIMIT_RTTIME && r[3].hard == 20000 &&
              r[3].soft == 10000,
          "security: rlimits by name, short name and number; -1 is unlimited", NULL);
    check(cfg->mask_paths_len == 2 && streq(cfg->mask_paths[1], "/sys/firmware") &&
              cfg->mask_paths[2] == NULL && cfg->readonly_paths_len == 2 &&
              streq(cfg->readonly_paths[0], "/proc/sys") &&
              streq(cfg->readonly_paths[1], "/proc/sysrq-trigger") &&
              cfg->readonly_paths[2] == NULL,
          "security: mask_paths and readonly_paths", NULL);
    check(cfg->additional_groups_len == 4 && streq(cfg->additional_groups[0], "wheel") &&
              streq(cfg->additional_groups[1], "10") && streq(cfg->additional_groups[2], "audio") &&
              streq(cfg->additional_groups[3], "0") && cfg->additional_groups[4] == NULL,
          "security: additional_groups, numbers kept as decimal strings", NULL);
    check(cfg->ambient_capabilities_len == 2 &&
              streq(cfg->ambient_capabilities[0], "NET_BIND_SERVICE") &&
              streq(cfg->ambient_capabilities[1], "CAP_CHOWN") &&
              cfg->ambient_capabilities[2] == NULL,
          "security: ambient_capabilities", NULL);
    check(cfg->system_properties_len == 3 &&
              streq(cfg->system_properties[0].key, "net.ipv4.ip_forward") &&
              streq(cfg->system_properties[0].value, "1") &&
              streq(cfg->system_properties[1].key, "kernel.msgmax") &&
              streq(cfg->system_properties[1].value, "65536") &&
              streq(cfg->system_properties[2].key, "net.core.somaxconn") &&
              streq(cfg->system_properties[2].value, "-1.5e3"),
          "security: system_properties in order, numbers as their text", NULL);
    sc = cfg->seccomp;
    check(sc && sc->default_action == LIBCONTAINER_SECCOMP_ALLOW && sc->default_errno == 0 &&
              sc->syscalls_len == 5,
          "security: seccomp default action", NULL);
    if (sc && sc->syscalls_len == 5) {
        const lc_seccomp_rule *x = sc->syscalls;
        check(streq(x[0].name, "mkdir") && x[0].nr == -1 &&
                  x[0].action == LIBCONTAINER_SECCOMP_ERRNO && x[0].errno_ret == EPERM &&
                  x[0].args == NULL && x[0].args_len == 0,
              "security: a rule by name; errno defaults to EPERM", NULL);
        check(x[1].name == NULL && x[1].nr == 62 &&
                  x[1].action == LIBCONTAINER_SECCOMP_KILL_PROCESS && x[1].errno_ret == 0,
              "security: a rule by number", NULL);
        check(streq(x[2].name, "personality") && x[2].action == LIBCONTAINER_SECCOMP_ERRNO &&
                  x[2].errno_ret == 38 && x[2].args_len == 2 && x[2].args[0].index == 0 &&
                  x[2].args[0].value == 8 && x[2].args[0].value_two == 0 &&
                  x[2].args[0].op == LIBCONTAINER_SECCOMP_NE && x[2].args[1].index == 5 &&
                  x[2].args[1].value == 18446744073709551615ULL && x[2].args[1].value_two == 8 &&
                  x[2].args[1].op == LIBCONTAINER_SECCOMP_MASKED_EQ,
              "security: a rule with arguments", NULL);
        check(x[3].action == LIBCONTAINER_SECCOMP_TRACE && x[3].errno_ret == 65535 &&
                  x[4].action == LIBCONTAINER_SECCOMP_LOG && x[4].errno_ret == 0 &&
                  x[4].args_len == 0,
              "security: trace data, log", NULL);
    }
    check(cfg->no_new_privileges == 1 && cfg->parent_death_signal == SIGTERM &&
              cfg->oom_score_adj && *cfg->oom_score_adj == -500,
          "security: no_new_privileges, parent_death_signal, oom_score_adj", NULL);
    check(streq(cfg->apparmor_profile, "docker-default") &&
              streq(cfg->process_label, "system_u:system_r:t:s0"),
          "security: top-level apparmor_profile and process_label", NULL);
    check_round_trip(cfg, "security");
    if (lc_config_write(cfg, &text, NULL, &err) == 0) {
        check(strstr(text, "\"type\": \"RLIMIT_NOFILE\"") &&
                  strstr(text, "\"type\": \"RLIMIT_CORE\"") &&
                  strstr(text, "\"type\": \"RLIMIT_NPROC\"") &&
                  strstr(text, "\"type\": \"RLIMIT_RTTIME\"") &&
                  strstr(text, "\"hard\": -1,\n            \"soft\": 0,") &&
                  strstr(text, "\"hard\": -1,\n            \"soft\": -1,") &&
                  !strstr(text, "18446744073709551615,\n            \"soft\""),
              "security: rlimits written as RLIMIT_ names with -1 for unlimited", text);
        check(strstr(text, "\"default_action\": \"allow\"") &&
                  strstr(text, "\"action\": \"kill_process\"") &&
                  strstr(text, "\"action\": \"errno\"") && strstr(text, "\"op\": \"!=\"") &&
                  strstr(text, "\"op\": \"&==\"") && strstr(text, "\"name\": 62") &&
                  strstr(text, "\"errno\": 1,") &&
                  strstr(text, "\"value\": 18446744073709551615") && !strstr(text, "SCMP_") &&
                  !strstr(text, "\"default_errno\""),
              "security: seccomp written with lowercase actions and operator strings", text);
        check(strstr(text, "\"context\": {\n        \"apparmor_profile\": \"docker-default\",\n"
                           "        \"process_label\": \"system_u:system_r:t:s0\"\n    }") &&
                  strstr(text, "\"parent_death_signal\": 15") &&
                  strstr(text, "\"no_new_privileges\": true") &&
                  strstr(text, "\"oom_score_adj\": -500") &&
                  strstr(text, "\"additional_groups\": [\n        \"wheel\",\n        \"10\",") &&
                  strstr(text, "\"net.core.somaxconn\": \"-1.5e3\"") &&
                  !strstr(text, "\n    \"apparmor_profile\""),
              "security: labels under context, the signal as its number", text);
    } else {
        check(0, "security: rlimits written as RLIMIT_ names with -1 for unlimited", err.msg);
        check(0, "security: seccomp written with lowercase actions and operator strings", NULL);
        check(0, "security: labels under context, the signal as its number", NULL);
    }
    lc_free(text);
    lc_config_free(cfg);
}

/* Parses {"KEY": VALUE}; NULL with err set when it fails. */
static lc_config *parse_kv(const char *key, const char *value, lc_error *err)
{
    char js[512];

    snprintf(js, sizeof js, "{\"%s\": %s}", key, value);
    return parse(js, err);
}

static void test_security_semantics(void)
{
    static const struct {
        const char *name;
        int type;
    } rl[] = {
        {"\"RLIMIT_CPU\"", RLIMIT_CPU},
        {"\"fsize\"", RLIMIT_FSIZE},
        {"\"DATA\"", RLIMIT_DATA},
        {"\"rlimit_stack\"", RLIMIT_STACK},
        {"\"core\"", RLIMIT_CORE},
        {"\"RLIMIT_RSS\"", RLIMIT_RSS},
        {"\"nproc\"", RLIMIT_NPROC},
        {"\"NoFile\"", RLIMIT_NOFILE},
        {"\"memlock\"", RLIMIT_MEMLOCK},
        {"\"RLIMIT_AS\"", RLIMIT_AS},
        {"\"as\"", RLIMIT_AS},
        {"\"locks\"", RLIMIT_LOCKS},
        {"\"sigpending\"", RLIMIT_SIGPENDING},
        {"\"RLIMIT_MSGQUEUE\"", RLIMIT_MSGQUEUE},
        {"\"nice\"", RLIMIT_NICE},
        {"\"rtprio\"", RLIMIT_RTPRIO},
        {"\"RLIMIT_RTTIME\"", RLIMIT_RTTIME},
        {"0", RLIMIT_CPU},
        {"15", RLIMIT_RTTIME},
    };
    static const struct {
        const char *name;
        int action;
    } act[] = {
        {"kill", LIBCONTAINER_SECCOMP_KILL},
        {"kill_process", LIBCONTAINER_SECCOMP_KILL_PROCESS},
        {"trap", LIBCONTAINER_SECCOMP_TRAP},
        {"errno", LIBCONTAINER_SECCOMP_ERRNO},
        {"trace", LIBCONTAINER_SECCOMP_TRACE},
        {"allow", LIBCONTAINER_SECCOMP_ALLOW},
        {"log", LIBCONTAINER_SECCOMP_LOG},
        {"KILL", LIBCONTAINER_SECCOMP_KILL},
        {"Allow", LIBCONTAINER_SECCOMP_ALLOW},
        {"SCMP_ACT_KILL", LIBCONTAINER_SECCOMP_KILL},
        {"SCMP_ACT_KILL_PROCESS", LIBCONTAINER_SECCOMP_KILL_PROCESS},
        {"SCMP_ACT_TRAP", LIBCONTAINER_SECCOMP_TRAP},
        {"SCMP_ACT_ERRNO", LIBCONTAINER_SECCOMP_ERRNO},
        {"SCMP_ACT_TRACE", LIBCONTAINER_SECCOMP_TRACE},
        {"SCMP_ACT_ALLOW", LIBCONTAINER_SECCOMP_ALLOW},
        {"SCMP_ACT_LOG", LIBCONTAINER_SECCOMP_LOG},
        {"scmp_act_log", LIBCONTAINER_SECCOMP_LOG},
    };
    static const struct {
        const char *name;
        int op;
    } ops[] = {
        {"==", LIBCONTAINER_SECCOMP_EQ},         {"!=", LIBCONTAINER_SECCOMP_NE},
        {"<", LIBCONTAINER_SECCOMP_LT},          {"<=", LIBCONTAINER_SECCOMP_LE},
        {">", LIBCONTAINER_SECCOMP_GT},          {">=", LIBCONTAINER_SECCOMP_GE},
        {"&==", LIBCONTAINER_SECCOMP_MASKED_EQ},
    };
    char js[512], buf[256], why[1400];
    lc_config *cfg;
    lc_error err;
    char *text = NULL;
    size_t i;
    int ok;

    /* every rlimit name and spelling */
    for (i = 0, ok = 1; i < sizeof rl / sizeof rl[0]; i++) {
        snprintf(buf, sizeof buf, "[{\"type\": %s, \"hard\": 2, \"soft\": 1}]", rl[i].name);
        cfg = parse_kv("rlimits", buf, &err);
        if (!cfg || cfg->rlimits_len != 1 || cfg->rlimits[0].type != rl[i].type) {
            if (ok)
                snprintf(why, sizeof why, "%s: %s", rl[i].name, cfg ? "wrong type" : err.msg);
            ok = 0;
        } else {
            snprintf(js, sizeof js, "rlimit type %s", rl[i].name);
            check_round_trip(cfg, js);
        }
        lc_config_free(cfg);
    }
    check(ok, "rlimits: all 16 RLIMIT_* names, with or without RLIMIT_, any case", why);

    for (i = 0, ok = 1; i < sizeof act / sizeof act[0]; i++) {
        snprintf(buf, sizeof buf, "{\"default_action\": \"%s\"}", act[i].name);
        cfg = parse_kv("seccomp", buf, &err);
        if (!cfg || !cfg->seccomp || cfg->seccomp->default_action != act[i].action ||
            cfg->seccomp->default_errno != (act[i].action == LIBCONTAINER_SECCOMP_ERRNO)) {
            if (ok)
                snprintf(why, sizeof why, "%s: %s", act[i].name, cfg ? "wrong action" : err.msg);
            ok = 0;
        }
        lc_config_free(cfg);
    }
    check(ok, "seccomp: every action, short and SCMP_ACT_ spellings, any case", why);

    for (i = 0, ok = 1; i < sizeof ops / sizeof ops[0]; i++) {
        snprintf(buf, sizeof buf,
                 "{\"default_action\": \"kill\", \"syscalls\": [{\"name\": \"read\", "
                 "\"action\": \"allow\", \"args\": [{\"index\": 2, \"op\": \"%s\"}]}]}",
                 ops[i].name);
        snprintf(js, sizeof js, "{\"seccomp\": %s}", buf);
        cfg = parse(js, &err);
        if (!cfg || cfg->seccomp->syscalls[0].args[0].op != ops[i].op ||
            cfg->seccomp->syscalls[0].args[0].value != 0 ||
            cfg->seccomp->syscalls[0].args[0].index != 2) {
            if (ok)
                snprintf(why, sizeof why, "%s: %s", ops[i].name, cfg ? "wrong op" : err.msg);
            ok = 0;
        } else {
            snprintf(js, sizeof js, "seccomp operator %s", ops[i].name);
            check_round_trip(cfg, js);
        }
        lc_config_free(cfg);
    }
    check(ok, "seccomp: every operator", why);

    cfg =
        parse("{\"seccomp\": {\"default_action\": \"errno\", \"default_errno\": 13,"
              " \"syscalls\": [{\"name\": \"mkdir\", \"action\": \"errno\", \"errno\": 0},"
              " {\"name\": \"rmdir\", \"action\": \"trace\"}, {\"name\": 0, \"action\": \"allow\","
              " \"errno\": 4}]}}",
              &err);
    check(cfg && cfg->seccomp->default_errno == 13 && cfg->seccomp->syscalls[0].errno_ret == 0 &&
              cfg->seccomp->syscalls[1].errno_ret == 0 && cfg->seccomp->syscalls[2].nr == 0 &&
              cfg->seccomp->syscalls[2].errno_ret == 4,
          "seccomp: errno 0 is kept, trace defaults to 0, syscall number 0", cfg ? NULL : err.msg);
    if (cfg)
        check_round_trip(cfg, "seccomp errno values");
    lc_config_free(cfg);

    cfg = parse("{\"seccomp\": {\"default_action\": \"kill\", \"syscalls\": [{\"name\": \"a\","
                " \"action\": \"allow\", \"name\": 5}, {\"name\": 7, \"action\": \"allow\","
                " \"name\": \"b\"}]}}",
                &err);
    check(!cfg && !strcmp(err.msg, "config: seccomp.syscalls[0].name: duplicate key"),
          "seccomp: a repeated name is refused, naming it", cfg ? "accepted" : err.msg);
    lc_config_free(cfg);

    /* parent_death_signal by number and by name */
    {
        static const char *const sigs[] = {
            "9",       "\"KILL\"",     "\"SIGKILL\"", "\"sigkill\"",    "\"SIGUSR1\"",
            "\"hup\"", "\"SIGRTMIN\"", "\"RTMIN+2\"", "\"SIGRTMAX-1\"", "64",
            "null"};
        int want[11];
        want[0] = want[1] = want[2] = want[3] = SIGKILL;
        want[4] = SIGUSR1;
        want[5] = SIGHUP;
        want[6] = SIGRTMIN;
        want[7] = SIGRTMIN + 2;
        want[8] = SIGRTMAX - 1;
        want[9] = 64;
        want[10] = 0;
        for (i = 0, ok = 1; i < 11; i++) {
            cfg = parse_kv("parent_death_signal", sigs[i], &err);
            if (!cfg || cfg->parent_death_signal != want[i]) {
                if (ok)
                    snprintf(why, sizeof why, "%s: %s", sigs[i], cfg ? "wrong number" : err.msg);
                ok = 0;
            }
            lc_config_free(cfg);
        }
        check(ok, "parent_death_signal: numbers, names with or without SIG, real-time", why);
    }

    cfg = parse("{\"uid_mappings\": [{\"container_id\": 0, \"host_id\": 1000, \"size\": 1},"
                " {\"container_id\": 1, \"host_id\": 1001, \"size\": 1},"
                " {\"container_id\": 2, \"host_id\": 999, \"size\": 1}],"
                " \"gid_mappings\": [{\"container_id\": 0, \"host_id\": 0,"
                " \"size\": 4294967295}]}",
                &err);
    check(cfg && cfg->uid_mappings_len == 3 && cfg->gid_mappings_len == 1 &&
              cfg->gid_mappings[0].size == 4294967295u,
          "id maps: adjacent ranges are fine, one range may cover every id", cfg ? NULL : err.msg);
    lc_config_free(cfg);

    cfg = parse("{\"uid_mappings\": [], \"gid_mappings\": null, \"rlimits\": [],"
                " \"mask_paths\": [], \"readonly_paths\": null, \"system_properties\": {},"
                " \"additional_groups\": [], \"ambient_capabilities\": null, \"seccomp\": null,"
                " \"no_new_privileges\": null, \"parent_death_signal\": null,"
                " \"oom_score_adj\": null, \"apparmor_profile\": null, \"process_label\": null}",
                &err);
    check(cfg && !cfg->uid_mappings && !cfg->uid_mappings_len && !cfg->gid_mappings &&
              !cfg->rlimits && !cfg->rlimits_len && cfg->mask_paths && !cfg->mask_paths_len &&
              !cfg->readonly_paths && !cfg->system_properties && !cfg->system_properties_len &&
              cfg->additional_groups && !cfg->additional_groups_len && !cfg->ambient_capabilities &&
              !cfg->seccomp && !cfg->no_new_privileges && !cfg->parent_death_signal &&
              !cfg->oom_score_adj && !cfg->apparmor_profile && !cfg->process_label,
          "security keys: empty and null values", cfg ? NULL : err.msg);
    if (cfg)
        check_round_trip(cfg, "empty security keys");
    lc_config_free(cfg);

    /* a repeated key is refused: a validator would read one and the runtime the other */
    cfg = parse("{\"uid_mappings\": [{\"container_id\": 0, \"host_id\": 1, \"size\": 1}],"
                " \"uid_mappings\": [{\"container_id\": 0, \"host_id\": 2, \"size\": 1}],"
                " \"rlimits\": [{\"type\": \"nofile\", \"hard\": 2, \"soft\": 1}],"
                " \"rlimits\": [{\"type\": \"core\", \"hard\": 0, \"soft\": 0}],"
                " \"mask_paths\": [\"/a\"], \"mask_paths\": [\"/b\", \"/c\"],"
                " \"system_properties\": {\"a\": \"1\"}, \"system_properties\": {\"b\": \"2\"},"
                " \"seccomp\": {\"default_action\": \"kill\", \"syscalls\": [{\"name\": \"x\","
                " \"action\": \"allow\", \"args\": [{\"index\": 0, \"op\": \"==\"}]}]},"
                " \"seccomp\": {\"default_action\": \"trap\", \"syscalls\": [{\"name\": \"y\","
                " \"action\": \"allow\", \"args\": [{\"index\": 1, \"op\": \"==\"}],"
                " \"args\": []}], \"syscalls\": [{\"name\": \"z\", \"action\": \"kill\"}]},"
                " \"oom_score_adj\": 5, \"oom_score_adj\": null}",
                &err);
    check(!cfg && strstr(err.msg, ": duplicate key") &&
              (strstr(err.msg, "config: uid_mappings:") || strstr(err.msg, "config: rlimits:") ||
               strstr(err.msg, "config: mask_paths:") ||
               strstr(err.msg, "config: system_properties:") ||
               strstr(err.msg, "config: seccomp") || strstr(err.msg, "config: oom_score_adj:")),
          "security keys: a repeated key is refused, naming it", cfg ? "accepted" : err.msg);
    lc_config_free(cfg);

    cfg =
        parse("{\"system_properties\": {\"net.b\": \"1\", \"net.a\": 2, \"net.b\": \"3\"}}", &err);
    check(!cfg && !strcmp(err.msg, "config: system_properties.net.b: duplicate key"),
          "system_properties: a repeated key is refused, naming it", cfg ? "accepted" : err.msg);
    lc_config_free(cfg);
    cfg = parse("{\"system_properties\": {\"net.b\": \"1\", \"net.a\": 2, \"net.k\\u00e9y\":"
                " \"v\\tw\"}}",
                &err);
    check(cfg && cfg->system_properties_len == 3 && streq(cfg->system_properties[0].key, "net.b") &&
              streq(cfg->system_properties[0].value, "1") &&
              streq(cfg->system_properties[1].key, "net.a") &&
              streq(cfg->system_properties[1].value, "2") &&
              streq(cfg->system_properties[2].key, "net.k\xc3\xa9y") &&
              streq(cfg->system_properties[2].value, "v\tw"),
          "system_properties: kept in order, a number as its text", cfg ? NULL : err.msg);
    if (cfg)
        check_round_trip(cfg, "system_properties");
    lc_config_free(cfg);

    /* the labels: either place, the last one given wins */
    cfg = parse("{\"apparmor_profile\": \"a\", \"context\": {\"apparmor_profile\": \"b\","
                " \"process_label\": \"c\"}, \"process_label\": \"d\"}",
                &err);
    check(cfg && streq(cfg->apparmor_profile, "b") && streq(cfg->process_label, "d"),
          "apparmor_profile and process_label: top level or context, the last wins",
          cfg ? NULL : err.msg);
    lc_config_free(cfg);

    cfg = parse("{\"namespaces\": {\"NEWNS\": true}, \"oom_score_adj\": 0,"
                " \"no_new_privileges\": false}",
                &err);
    check(cfg && cfg->oom_score_adj && *cfg->oom_score_adj == 0 && !cfg->no_new_privileges,
          "oom_score_adj 0 is set", cfg ? NULL : err.msg);
    if (cfg && lc_config_write(cfg, &text, NULL, &err) == 0)
        check(!strcmp(text, "{\n    \"namespaces\": {\n        \"NEWNS\": true\n    },\n"
                            "    \"oom_score_adj\": 0,\n    \"tty\": false\n}\n"),
              "oom_score_adj 0 is written, no_new_privileges false is not", text);
    else
        check(0, "oom_score_adj 0 is written, no_new_privileges false is not", err.msg);
    lc_free(text);
    text = NULL;
    lc_config_free(cfg);

    cfg = parse("{\"oom_score_adj\": -1000, \"additional_groups\": [4294967294, -0]}", &err);
    check(cfg && cfg->oom_score_adj && *cfg->oom_score_adj == -1000 &&
              streq(cfg->additional_groups[0], "4294967294") &&
              streq(cfg->additional_groups[1], "0"),
          "oom_score_adj -1000, gids up to 4294967294", cfg ? NULL : err.msg);
    lc_config_free(cfg);

    /* what the writer cannot express */
    cfg = NULL;
    if (lc_config_new(&cfg, &err) == 0) {
        cfg->namespaces = (lc_namespace *)lc__cfg_zalloc(2, sizeof *cfg->namespaces);
        if (cfg->namespaces) {
            cfg->namespaces_len = 2;
            cfg->namespaces[0].type = CLONE_NEWNS;
            cfg->namespaces[1].type = CLONE_NEWIPC;
        }
        cfg->rlimits = (lc_rlimit *)lc__cfg_zalloc(1, sizeof *cfg->rlimits);
        cfg->rlimits_len = 1;
        cfg->rlimits[0].type = 99;
        text = (char *)1;
        check(lc_config_write(cfg, &text, NULL, &err) == -EINVAL && text == NULL &&
                  !strcmp(err.msg, "config: cannot write: unknown rlimit type"),
              "writer refuses an unknown rlimit type", err.msg);
        cfg->rlimits[0].type = RLIMIT_NOFILE;
        cfg->seccomp = (lc_seccomp *)lc__cfg_zalloc(1, sizeof *cfg->seccomp);
        check(lc_config_write(cfg, &text, NULL, &err) == -EINVAL && text == NULL &&
                  !strcmp(err.msg, "config: cannot write: unknown seccomp action"),
              "writer refuses an unknown seccomp action", err.msg);
        cfg->seccomp->default_action = LIBCONTAINER_SECCOMP_KILL;
        cfg->seccomp->syscalls = (lc_seccomp_rule *)lc__cfg_zalloc(1, sizeof(lc_seccomp_rule));
        cfg->seccomp->syscalls_len = 1;
        cfg->seccomp->syscalls[0].action = LIBCONTAINER_SECCOMP_ALLOW;
        cfg->seccomp->syscalls[0].nr = -1;
        check(lc_config_write(cfg, &text, NULL, &err) == -EINVAL && text == NULL &&
                  !strcmp(err.msg,
                          "config: cannot write: a seccomp rule has neither a name nor a number"),
              "writer refuses a seccomp rule without a syscall", err.msg);
        cfg->seccomp->syscalls[0].nr = 0;
        cfg->seccomp->syscalls[0].args =
            (lc_seccomp_arg *)lc__cfg_zalloc(1, sizeof(lc_seccomp_arg));
        cfg->seccomp->syscalls[0].args_len = 1;
        cfg->seccomp->syscalls[0].args[0].op = 42;
        check(lc_config_write(cfg, &text, NULL, &err) == -EINVAL && text == NULL &&
                  !strcmp(err.msg, "config: cannot write: unknown seccomp operator"),
              "writer refuses an unknown seccomp operator", err.msg);
        cfg->seccomp->syscalls[0].args[0].op = LIBCONTAINER_SECCOMP_GE;
        cfg->system_properties = (lc_sysctl *)lc__cfg_zalloc(1, sizeof(lc_sysctl));
        cfg->system_properties_len = 1;
        cfg->system_properties[0].key = lc_strdup("kernel.shmmax");
        check(lc_config_write(cfg, &text, NULL, &err) == -EINVAL && text == NULL &&
                  !strcmp(err.msg, "config: cannot write: a pair without a key or a value"),
              "writer refuses a system property without a value", err.msg);
        cfg->system_properties[0].value = lc_strdup("1");
        check(lc_config_write(cfg, &text, NULL, &err) == 0 && text != NULL,
              "a hand-built config with the security keys writes", err.msg);
        lc_free(text);
        text = NULL;
        if (cfg->rlimits && cfg->seccomp && cfg->seccomp->syscalls)
            check_round_trip(cfg, "hand-built security config");
        lc_config_free(cfg);
    } else {
        check(0, "lc_config_new", err.msg);
    }
}

/* ---- smaller semantic checks -------------------------------------------- */

static void test_semantics(void)
{
    lc_config *cfg;
    lc_error err;
    char *text = NULL;
    size_t len = 0;

    cfg = parse("{\"namespaces\": {\"NEWNS\": true, \"NEWNET\": false, \"NEWPID\": null,"
                " \"NEWUSER\": true}}",
                &err);
    check(cfg && cfg->namespaces_len == 2 && cfg->namespaces[0].type == CLONE_NEWNS &&
              cfg->namespaces[1].type == CLONE_NEWUSER,
          "namespace map: false and null leave a namespace out", cfg ? NULL : err.msg);
    lc_config_free(cfg);

    cfg = parse("{\"hostname\": null, \"cgroups\": null, \"mount_config\": null, \"context\": null,"
                " \"environment\": null, \"networks\": null}",
                &err);
    check(cfg && !cfg->hostname && !cfg->cgroups && !cfg->env && cfg->namespaces_len == 5 &&
              !cfg->networks_len,
          "null means unset", cfg ? NULL : err.msg);
    lc_config_free(cfg);

    cfg = parse("{\"hostname\": \"a\", \"hostname\": \"b\", \"environment\": [\"X=1\"],"
                " \"environment\": [\"Y=2\", \"Z=3\"]}",
                &err);
    check(!cfg && !strcmp(err.msg, "config: hostname: duplicate key"),
          "a repeated key is refused, naming it", cfg ? "accepted" : err.msg);
    lc_config_free(cfg);
    cfg =
        parse("{\"mount_config\": {\"mounts\": [{\"type\": \"tmpfs\", \"destination\":"
              " \"/a\"}, {\"type\": \"tmpfs\", \"destination\": \"/b\", \"t\\u0079pe\": \"x\"}]}}",
              &err);
    check(!cfg && !strcmp(err.msg, "config: mount_config.mounts[1].t\\u0079pe: duplicate key"),
          "a repeated key, one of them escaped, is refused with its path",
          cfg ? "accepted" : err.msg);
    lc_config_free(cfg);

    cfg = parse("{\"host\\u006eame\": \"x\", \"context\": {\"restrictions\": true},"
                " \"mount_config\": {\"readonly_fs\": true}}",
                &err);
    check(cfg && streq(cfg->hostname, "x") && cfg->restrictions == 1 && cfg->readonly_fs == 1,
          "escaped keys, boolean restrictions, readonly_fs", cfg ? NULL : err.msg);
    lc_config_free(cfg);

    cfg = parse("{\"cgroups\": {}}", &err);
    check(cfg && cfg->cgroups && cfg->cgroups->memory == 0 && cfg->cgroups->cpu_shares == 0 &&
              cfg->cgroups->blkio_weight == 0 && cfg->cgroups->name == NULL,
          "cgroups: unset integers are 0", cfg ? NULL : err.msg);
    lc_config_free(cfg);

    cfg = parse("{\"cgroups\": {\"memory\": 9223372036854775807, \"cpu_quota\": -0}}", &err);
    check(cfg && cfg->cgroups && cfg->cgroups->memory == 9223372036854775807LL &&
              cfg->cgroups->cpu_quota == 0,
          "integers up to LLONG_MAX", cfg ? NULL : err.msg);
    lc_config_free(cfg);

    cfg = parse("{\"namespaces\": {\"NEWNS\": true}}", &err);
    check(cfg && !cfg->cgroups && !cfg->env && !cfg->capabilities && cfg->namespaces_len == 1 &&
              !cfg->mounts_len && !cfg->devices_len && !cfg->tty && !cfg->restrictions,
          "a config of a mount namespace alone gives defaults", cfg ? NULL : err.msg);
    if (cfg && lc_config_write(cfg, &text, &len, &err) == 0)
        check(!strcmp(text, "{\n    \"namespaces\": {\n        \"NEWNS\": true\n    },\n"
                            "    \"tty\": false\n}\n") &&
                  len == strlen(text),
              "it writes as {\"namespaces\": {\"NEWNS\": true}, \"tty\": false}", text);
    else
        check(0, "it writes as {\"namespaces\": {\"NEWNS\": true}, \"tty\": false}", err.msg);
    lc_config_free(cfg);
    cfg = NULL;
    check(lc_config_parse("{}", 2, NULL, &cfg, &err) == -EINVAL && !cfg &&
              strstr(err.msg, "NEWNS") != NULL,
          "an empty object is refused: a container needs a mount namespace", err.msg);
    lc_free(text);
    text = NULL;
    lc_config_free(cfg);

    /* a config built by hand: strings needing escapes, and invalid UTF-8 */
    cfg = NULL;
    if (lc_config_new(&cfg, &err) == 0) {
        cfg->working_dir = lc_strdup("/q\"b\\s/\n\t\x01\x1f\x7f\xc3\xa9");
        cfg->namespaces = (lc_namespace *)lc__cfg_zalloc(1, sizeof *cfg->namespaces);
        if (cfg->namespaces) {
            cfg->namespaces_len = 1;
            cfg->namespaces[0].type = CLONE_NEWNS;
        }
        if (lc_config_write(cfg, &text, &len, &err) == 0) {
            lc_config *back = NULL;
            check(strstr(text, "\"working_dir\": \"/q\\\"b\\\\s/\\u000a\\u0009\\u0001\\u001f"
                               "\x7f\xc3\xa9\"") != NULL,
                  "writer escapes quotes, backslashes and control characters", text);
            if (lc_config_parse(text, len, NULL, &back, &err) == 0)
                check(streq(back->working_dir, cfg->working_dir), "escaped strings read back",
                      NULL);
            else
                check(0, "escaped strings read back", err.msg);
            lc_config_free(back);
        } else {
            check(0, "writer escapes quotes, backslashes and control characters", err.msg);
            check(0, "escaped strings read back", NULL);
        }
        lc_free(text);
        text = (char *)1;
        lc_free(cfg->hostname);
        cfg->hostname = lc_strdup("bad\xff");
        check(lc_config_write(cfg, &text, &len, &err) == -EINVAL && text == NULL &&
                  !strcmp(err.msg, "config: cannot write: a string is not valid UTF-8"),
              "writer refuses invalid UTF-8", err.msg);
        lc_free(cfg->hostname);
        cfg->hostname = NULL;
        if (cfg->namespaces)
            cfg->namespaces[0].type = 12345;
        check(lc_config_write(cfg, &text, &len, &err) == -EINVAL && text == NULL &&
                  !strcmp(err.msg, "config: cannot write: unknown namespace type"),
              "writer refuses an unknown namespace type", err.msg);
        lc_config_free(cfg);
    } else {
        check(0, "lc_config_new", err.msg);
    }
    lc_config_free(NULL);
    check(lc_config_namespace(NULL, CLONE_NEWNS) == NULL,
          "lc_config_free(NULL) and lookups on NULL", NULL);
}

/* ---- broken configs ----------------------------------------------------- */

static const struct {
    const char *json;
    int code;
    const char *msg;
} broken[] = {
    {"{\"hostname\": \"a\",\n  \"tty\": true\n  \"user\": \"x\"}", EINVAL,
     "config: line 3, column 3: expected ',' or '}'"},
    {"{\"hostname\": \"a\",}", EINVAL, "config: line 1, column 18: expected a string key"},
    {"{\"hostname\": \"\xff\"}", EINVAL, "config: line 1, column 15: invalid UTF-8 in a string"},
    {"{\"h\xc3\xa9\xc3\xa9\" 1}", EINVAL, "config: line 1, column 8: expected ':'"},
    {"", EINVAL, "config: line 1, column 1: unexpected end of input"},
    {"{\"a\": [1, 2]\n", EINVAL, "config: line 2, column 1: unexpected end of input"},
    {"{} {}", EINVAL, "config: line 1, column 4: unexpected data after the top-level value"},
    {"[1]", EINVAL, "config: expected an object"},
    {"{\"hostname\": 5}", EINVAL, "config: hostname: expected a string"},
    {"{\"tty\": \"yes\"}", EINVAL, "config: tty: expected a boolean"},
    {"{\"capabilities\": [\"CHOWN\", 3]}", EINVAL, "config: capabilities[1]: expected a string"},
    {"{\"environment\": [\"A=1\", \"B=2\", \"C=3\", \"D\"]}", EINVAL,
     "config: environment[3]: expected NAME=value"},
    {"{\"environment\": [\"=x\"]}", EINVAL, "config: environment[0]: expected NAME=value"},
    {"{\"mount_config\": {\"mounts\": [{\"type\": \"bind\", \"source\": \"/a\", \"destination\": "
     "\"/b\"}, {\"type\": \"bind\", \"source\": \"/a\", \"destination\": \"/b\"}, {\"type\": "
     "\"tmpfs\", \"destination\": 7}]}}",
     EINVAL, "config: mount_config.mounts[2].destination: expected a string"},
    {"{\"mount_config\": {\"mounts\": [{\"type\": \"bind\", \"destination\": \"/x\"}]}}", EINVAL,
     "config: mount_config.mounts[0].source: required for a bind mount"},
    {"{\"mount_config\": {\"mounts\": [{\"type\": \"bind\", \"source\": \"/x\", \"destination\": "
     "\"x\"}]}}",
     EINVAL, "config: mount_config.mounts[0].destination: must be an absolute path"},
    {"{\"mount_config\": {\"mounts\": [{\"type\": \"tmpfs\"}]}}", EINVAL,
     "config: mount_config.mounts[0].destination: required"},
    {"{\"mount_config\": {\"mounts\": [{\"destination\": \"/x\"}]}}", EINVAL,
     "config: mount_config.mounts[0].type: required"},
    {"{\"mount_config\": {\"mounts\": [{\"type\": \"bind\", \"source\": \"/x\", \"destination\": "
     "\"/x\", \"writable\": 1}]}}",
     EINVAL, "config: mount_config.mounts[0].writable: expected a boolean"},
    {"{\"mount_config\": []}", EINVAL, "config: mount_config: expected an object"},
    {"{\"mount_config\": {\"device_nodes\": [{\"type\": \"c\", \"cgroup_permissions\": \"rwx\"}]}}",
     EINVAL,
     "config: mount_config.device_nodes[0].cgroup_permissions: expected a subset of "
     "\"rwm\""},
    {"{\"mount_config\": {\"device_nodes\": [{\"type\": 99, \"cgroup_permissions\": \"rwmr\"}]}}",
     EINVAL,
     "config: mount_config.device_nodes[0].cgroup_permissions: expected a subset of "
     "\"rwm\""},
    {"{\"mount_config\": {\"device_nodes\": [{\"path\": \"/dev/null\"}]}}", EINVAL,
     "config: mount_config.device_nodes[0].type: required"},
    {"{\"mount_config\": {\"device_nodes\": [{\"type\": 99, \"file_mode\": 4096}]}}", EINVAL,
     "config: mount_config.device_nodes[0].file_mode: out of range"},
    {"{\"cgroups\": {\"allowed_devices\": [{\"type\": 99}, {\"type\": 100}]}}", EINVAL,
     "config: cgroups.allowed_devices[1].type: expected c, b or a (99, 98 or 97)"},
    {"{\"cgroups\": {\"allowed_devices\": [{\"type\": 99, \"major_number\": -2}]}}", EINVAL,
     "config: cgroups.allowed_devices[0].major_number: out of range"},
    {"{\"cgroups\": {\"memory\": 1.5}}", EINVAL, "config: cgroups.memory: expected an integer"},
    {"{\"cgroups\": {\"unified\": {\"cgroup.procs\": \"1\"}}}", EINVAL,
     "config: cgroups.unified.cgroup.procs: the runtime's own file"},
    {"{\"cgroups\": {\"unified\": {\"../memory.max\": \"1\"}}}", EINVAL,
     "config: cgroups.unified.../memory.max: not a file name of the form controller.file"},
    {"{\"cgroups\": {\"unified\": {\"memory.max\": \"1\\n2\"}}}", EINVAL,
     "config: cgroups.unified.memory.max: a value of one plain line is needed"},
    {"{\"cgroups\": {\"unified\": {\"memory.max\": true}}}", EINVAL,
     "config: cgroups.unified.memory.max: expected a string or a number"},
    {"{\"cgroups\": {\"cpu_idle\": 2}}", EINVAL, "config: cgroups.cpu_idle: out of range"},
    {"{\"cgroups\": {\"memory\": 1e6}}", EINVAL, "config: cgroups.memory: expected an integer"},
    {"{\"cgroups\": {\"cpu_shares\": \"512\"}}", EINVAL,
     "config: cgroups.cpu_shares: expected an integer"},
    {"{\"cgroups\": {\"cpu_shares\": 99999999999999999999}}", EINVAL,
     "config: cgroups.cpu_shares: out of range"},
    {"{\"cgroups\": {\"memory\": -2}}", EINVAL, "config: cgroups.memory: out of range"},
    {"{\"networks\": [{\"type\": \"veth\", \"mtu\": -5}]}", EINVAL,
     "config: networks[0].mtu: out of range"},
    {"{\"networks\": [{\"type\": \"veth\", \"mtu\": 2147483648}]}", EINVAL,
     "config: networks[0].mtu: out of range"},
    {"{\"networks\": [{\"name\": \"eth0\"}]}", EINVAL, "config: networks[0].type: required"},
    {"{\"networks\": [null]}", EINVAL, "config: networks[0]: expected an object"},
    {"{\"routes\": {}}", EINVAL, "config: routes: expected an array"},
    {"{\"routes\": [{\"gateway\": false}]}", EINVAL,
     "config: routes[0].gateway: expected a string"},
    {"{\"namespaces\": {\"NEWFOO\": true}}", EINVAL,
     "config: namespaces.NEWFOO: unknown namespace"},
    {"{\"namespaces\": {\"NEWNET\": \"yes\"}}", EINVAL,
     "config: namespaces.NEWNET: expected a boolean"},
    {"{\"namespaces\": {\"NEWNS\": true, \"NEWNS\": true}}", EINVAL,
     "config: namespaces.NEWNS: duplicate key"},
    {"{\"namespaces\": [{\"type\": \"NEWFOO\"}]}", EINVAL,
     "config: namespaces[0].type: unknown namespace NEWFOO"},
    {"{\"namespaces\": [{\"type\": \"NEWNET\"}, {\"type\": \"NEWNET\", \"path\": \"/x\"}]}", EINVAL,
     "config: namespaces[1].type: duplicate namespace"},
    {"{\"namespaces\": [{\"path\": \"/proc/1/ns/net\"}]}", EINVAL,
     "config: namespaces[0].type: required"},
    {"{\"namespaces\": \"NEWNS\"}", EINVAL, "config: namespaces: expected an object or an array"},
    {"{\"context\": {\"restrictions\": \"maybe\"}}", EINVAL,
     "config: context.restrictions: expected \"true\" or \"false\""},
    {"{\"context\": {\"mount_label\": 1}}", EINVAL,
     "config: context.mount_label: expected a string"},
    {"{\"hostname\": \"a\\u0000b\"}", EINVAL, "config: hostname: contains a NUL byte"},
    {"{\"mount_config\": {\"mounts\": [{\"type\": \"bind\", \"source\": \"/a\\u0000\", "
     "\"destination\": \"/b\"}]}}",
     EINVAL, "config: mount_config.mounts[0].source: contains a NUL byte"},
    /* uid_mappings, gid_mappings */
    {"{\"uid_mappings\": {}}", EINVAL, "config: uid_mappings: expected an array"},
    {"{\"uid_mappings\": [1]}", EINVAL, "config: uid_mappings[0]: expected an object"},
    {"{\"uid_mappings\": [{\"container_id\": 0, \"host_id\": 1000}]}", EINVAL,
     "config: uid_mappings[0].size: required"},
    {"{\"gid_mappings\": [{\"container_id\": 0, \"size\": 1}]}", EINVAL,
     "config: gid_mappings[0].host_id: required"},
    {"{\"gid_mappings\": [{\"container_id\": null, \"host_id\": 0, \"size\": 1}]}", EINVAL,
     "config: gid_mappings[0].container_id: required"},
    {"{\"uid_mappings\": [{\"container_id\": 0, \"host_id\": 1000, \"size\": 0}]}", EINVAL,
     "config: uid_mappings[0].size: must be at least 1"},
    {"{\"uid_mappings\": [{\"container_id\": 0, \"host_id\": -1, \"size\": 1}]}", EINVAL,
     "config: uid_mappings[0].host_id: out of range"},
    {"{\"uid_mappings\": [{\"container_id\": 4294967296, \"host_id\": 0, \"size\": 1}]}", EINVAL,
     "config: uid_mappings[0].container_id: out of range"},
    {"{\"namespaces\": {\"NEWNS\": true}, \"uid_mappings\": [{\"container_id\": 0, \"host_id\": 0,"
     " \"size\": 1}]}",
     EINVAL, "config: uid_mappings: requires the NEWUSER namespace"},
    {"{\"namespaces\": {\"NEWNS\": true}, \"gid_mappings\": [{\"container_id\": 0, \"host_id\": 0,"
     " \"size\": 1}]}",
     EINVAL, "config: gid_mappings: requires the NEWUSER namespace"},
    {"{\"uid_mappings\": [{\"container_id\": \"0\", \"host_id\": 0, \"size\": 1}]}", EINVAL,
     "config: uid_mappings[0].container_id: expected an integer"},
    {"{\"uid_mappings\": [{\"container_id\": 0, \"host_id\": 0, \"size\": 1.0}]}", EINVAL,
     "config: uid_mappings[0].size: expected an integer"},
    {"{\"uid_mappings\": [{\"container_id\": 4294967295, \"host_id\": 0, \"size\": 1}]}", EINVAL,
     "config: uid_mappings[0].size: container_id + size exceeds 4294967295"},
    {"{\"gid_mappings\": [{\"container_id\": 0, \"host_id\": 4294967290, \"size\": 6}]}", EINVAL,
     "config: gid_mappings[0].size: host_id + size exceeds 4294967295"},
    {"{\"uid_mappings\": [{\"container_id\": 0, \"host_id\": 1000, \"size\": 10},"
     " {\"container_id\": 5, \"host_id\": 2000, \"size\": 10}]}",
     EINVAL, "config: uid_mappings[1]: overlaps uid_mappings[0]"},
    {"{\"gid_mappings\": [{\"container_id\": 0, \"host_id\": 1000, \"size\": 10},"
     " {\"container_id\": 100, \"host_id\": 1009, \"size\": 1}]}",
     EINVAL, "config: gid_mappings[1]: overlaps gid_mappings[0]"},
    {"{\"uid_mappings\": [{\"container_id\": 10, \"host_id\": 1000, \"size\": 1},"
     " {\"container_id\": 0, \"host_id\": 2000, \"size\": 1},"
     " {\"container_id\": 0, \"host_id\": 990, \"size\": 20}]}",
     EINVAL, "config: uid_mappings[2]: overlaps uid_mappings[0]"},
    /* rlimits */
    {"{\"rlimits\": {}}", EINVAL, "config: rlimits: expected an array"},
    {"{\"rlimits\": [\"nofile\"]}", EINVAL, "config: rlimits[0]: expected an object"},
    {"{\"rlimits\": [{\"type\": \"RLIMIT_FOO\", \"hard\": 1, \"soft\": 1}]}", EINVAL,
     "config: rlimits[0].type: unknown rlimit RLIMIT_FOO"},
    {"{\"rlimits\": [{\"type\": \"core\", \"hard\": 1, \"soft\": 1},"
     " {\"type\": \"files\", \"hard\": 1, \"soft\": 1}]}",
     EINVAL, "config: rlimits[1].type: unknown rlimit files"},
    {"{\"rlimits\": [{\"type\": \"RLIMIT_\", \"hard\": 1, \"soft\": 1}]}", EINVAL,
     "config: rlimits[0].type: unknown rlimit RLIMIT_"},
    {"{\"rlimits\": [{\"type\": 16, \"hard\": 1, \"soft\": 1}]}", EINVAL,
     "config: rlimits[0].type: unknown rlimit 16"},
    {"{\"rlimits\": [{\"type\": -1, \"hard\": 1, \"soft\": 1}]}", EINVAL,
     "config: rlimits[0].type: unknown rlimit -1"},
    {"{\"rlimits\": [{\"type\": true, \"hard\": 1, \"soft\": 1}]}", EINVAL,
     "config: rlimits[0].type: expected an rlimit name or number"},
    {"{\"rlimits\": [{\"type\": 7.0, \"hard\": 1, \"soft\": 1}]}", EINVAL,
     "config: rlimits[0].type: expected an integer"},
    {"{\"rlimits\": [{\"hard\": 1, \"soft\": 1}]}", EINVAL, "config: rlimits[0].type: required"},
    {"{\"rlimits\": [{\"type\": \"nofile\", \"soft\": 1}]}", EINVAL,
     "config: rlimits[0].hard: required"},
    {"{\"rlimits\": [{\"type\": \"nofile\", \"hard\": 1, \"soft\": null}]}", EINVAL,
     "config: rlimits[0].soft: required"},
    {"{\"rlimits\": [{\"type\": \"nofile\", \"hard\": 10, \"soft\": 11}]}", EINVAL,
     "config: rlimits[0].soft: greater than hard"},
    {"{\"rlimits\": [{\"type\": \"nofile\", \"hard\": 10, \"soft\": -1}]}", EINVAL,
     "config: rlimits[0].soft: greater than hard"},
    {"{\"rlimits\": [{\"type\": \"nofile\", \"hard\": -2, \"soft\": 1}]}", EINVAL,
     "config: rlimits[0].hard: out of range"},
    {"{\"rlimits\": [{\"type\": \"nofile\", \"hard\": 18446744073709551616, \"soft\": 1}]}", EINVAL,
     "config: rlimits[0].hard: out of range"},
    {"{\"rlimits\": [{\"type\": \"nofile\", \"hard\": \"1\", \"soft\": 1}]}", EINVAL,
     "config: rlimits[0].hard: expected an integer"},
    {"{\"rlimits\": [{\"type\": \"nofile\", \"hard\": 2, \"soft\": 1},"
     " {\"type\": 7, \"hard\": 2, \"soft\": 1}]}",
     EINVAL, "config: rlimits[1].type: RLIMIT_NOFILE already set by rlimits[0]"},
    /* string lists */
    {"{\"mask_paths\": [\"/proc/kcore\", \"proc/keys\"]}", EINVAL,
     "config: mask_paths[1]: must be an absolute path"},
    {"{\"readonly_paths\": [\"\"]}", EINVAL, "config: readonly_paths[0]: must be an absolute path"},
    {"{\"readonly_paths\": \"/sys\"}", EINVAL, "config: readonly_paths: expected an array"},
    {"{\"mask_paths\": [1]}", EINVAL, "config: mask_paths[0]: expected a string"},
    {"{\"additional_groups\": [\"wheel\", true]}", EINVAL,
     "config: additional_groups[1]: expected a string or a number"},
    {"{\"additional_groups\": [-1]}", EINVAL, "config: additional_groups[0]: out of range"},
    {"{\"additional_groups\": [4294967295]}", EINVAL, "config: additional_groups[0]: out of range"},
    {"{\"additional_groups\": [1.5]}", EINVAL, "config: additional_groups[0]: expected an integer"},
    {"{\"additional_groups\": [\"\"]}", EINVAL, "config: additional_groups[0]: must not be empty"},
    {"{\"additional_groups\": {}}", EINVAL, "config: additional_groups: expected an array"},
    {"{\"ambient_capabilities\": [\"CHOWN\", null]}", EINVAL,
     "config: ambient_capabilities[1]: expected a string"},
    /* system_properties */
    {"{\"system_properties\": []}", EINVAL, "config: system_properties: expected an object"},
    {"{\"system_properties\": {\"net.ipv4.ip_forward\": true}}", EINVAL,
     "config: system_properties.net.ipv4.ip_forward: expected a string or a number"},
    {"{\"system_properties\": {\"a\": \"1\", \"kernel.shmmax\": null}}", EINVAL,
     "config: system_properties.kernel.shmmax: expected a string or a number"},
    {"{\"system_properties\": {\"a\": {}}}", EINVAL,
     "config: system_properties.a: expected a string or a number"},
    {"{\"system_properties\": {\"\": \"1\"}}", EINVAL, "config: system_properties: an empty key"},
    {"{\"system_properties\": {\"a\\u0000b\": \"1\"}}", EINVAL,
     "config: system_properties.a\\u0000b: contains a NUL byte"},
    {"{\"system_properties\": {\"a\": \"1\\u0000\"}}", EINVAL,
     "config: system_properties.a: contains a NUL byte"},
    /* seccomp */
    {"{\"seccomp\": []}", EINVAL, "config: seccomp: expected an object"},
    {"{\"seccomp\": {}}", EINVAL, "config: seccomp.default_action: required"},
    {"{\"seccomp\": {\"syscalls\": [{\"name\": \"mkdir\", \"action\": \"errno\"}]}}", EINVAL,
     "config: seccomp.default_action: required"},
    {"{\"seccomp\": {\"default_action\": \"deny\"}}", EINVAL,
     "config: seccomp.default_action: unknown action deny"},
    {"{\"seccomp\": {\"default_action\": \"SCMP_ACT_NOTIFY\"}}", EINVAL,
     "config: seccomp.default_action: unknown action SCMP_ACT_NOTIFY"},
    {"{\"seccomp\": {\"default_action\": 1}}", EINVAL,
     "config: seccomp.default_action: expected a string"},
    {"{\"seccomp\": {\"default_action\": \"errno\", \"default_errno\": 4096}}", EINVAL,
     "config: seccomp.default_errno: out of range"},
    {"{\"seccomp\": {\"default_action\": \"trace\", \"default_errno\": 65536}}", EINVAL,
     "config: seccomp.default_errno: out of range"},
    {"{\"seccomp\": {\"default_action\": \"kill\", \"default_errno\": \"EPERM\"}}", EINVAL,
     "config: seccomp.default_errno: expected an integer"},
    {"{\"seccomp\": {\"default_action\": \"kill\", \"syscalls\": {}}}", EINVAL,
     "config: seccomp.syscalls: expected an array"},
    {"{\"seccomp\": {\"default_action\": \"kill\", \"syscalls\": [\"read\"]}}", EINVAL,
     "config: seccomp.syscalls[0]: expected an object"},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"action\": \"errno\"}]}}",
     EINVAL, "config: seccomp.syscalls[0].name: required"},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"name\": true, "
     "\"action\": \"errno\"}]}}",
     EINVAL, "config: seccomp.syscalls[0].name: expected a syscall name or number"},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"name\": -1, "
     "\"action\": \"errno\"}]}}",
     EINVAL, "config: seccomp.syscalls[0].name: out of range"},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"name\": \"\", "
     "\"action\": \"errno\"}]}}",
     EINVAL, "config: seccomp.syscalls[0].name: must not be empty"},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"name\": \"read\"}]}}", EINVAL,
     "config: seccomp.syscalls[0].action: required"},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"name\": \"read\", "
     "\"action\": \"deny\"}]}}",
     EINVAL, "config: seccomp.syscalls[0].action: unknown action deny"},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"name\": \"read\", "
     "\"action\": \"kill\"}, {\"name\": \"mkdir\", \"action\": \"errno\", \"errno\": 5000}]}}",
     EINVAL, "config: seccomp.syscalls[1].errno: out of range"},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"name\": \"mkdir\", "
     "\"action\": \"errno\", \"errno\": \"1\"}]}}",
     EINVAL, "config: seccomp.syscalls[0].errno: expected an integer"},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"name\": \"read\", "
     "\"action\": \"kill\"}, {\"name\": \"b\", \"action\": \"kill\", \"args\": [{\"index\": 6, "
     "\"op\": \"==\"}]}]}}",
     EINVAL, "config: seccomp.syscalls[1].args[0].index: out of range"},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"name\": \"read\", "
     "\"action\": \"kill\", \"args\": [{\"value\": 1, \"op\": \"==\"}]}]}}",
     EINVAL, "config: seccomp.syscalls[0].args[0].index: required"},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"name\": \"read\", "
     "\"action\": \"kill\", \"args\": [{\"index\": 0, \"op\": \"==\"}, {\"index\": 1}]}]}}",
     EINVAL, "config: seccomp.syscalls[0].args[1].op: required"},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"name\": \"read\", "
     "\"action\": \"kill\", \"args\": [{\"index\": 0, \"op\": \"=\"}]}]}}",
     EINVAL, "config: seccomp.syscalls[0].args[0].op: unknown operator ="},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"name\": \"read\", "
     "\"action\": \"kill\", \"args\": [{\"index\": 0, \"op\": 1}]}]}}",
     EINVAL, "config: seccomp.syscalls[0].args[0].op: expected a string"},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"name\": \"read\", "
     "\"action\": \"kill\", \"args\": [{\"index\": 0, \"op\": \"==\", \"value\": -1}]}]}}",
     EINVAL, "config: seccomp.syscalls[0].args[0].value: out of range"},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"name\": \"read\", "
     "\"action\": \"kill\", \"args\": [{\"index\": 0, \"op\": \"&==\", \"value_two\": 1.5}]}]}}",
     EINVAL, "config: seccomp.syscalls[0].args[0].value_two: expected an integer"},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"name\": \"read\", "
     "\"action\": \"kill\", \"args\": {}}]}}",
     EINVAL, "config: seccomp.syscalls[0].args: expected an array"},
    {"{\"seccomp\": {\"default_action\": \"allow\", \"syscalls\": [{\"name\": \"read\", "
     "\"action\": \"kill\", \"args\": [[]]}]}}",
     EINVAL, "config: seccomp.syscalls[0].args[0]: expected an object"},
    /* the other keys */
    {"{\"no_new_privileges\": \"true\"}", EINVAL, "config: no_new_privileges: expected a boolean"},
    {"{\"parent_death_signal\": 0}", EINVAL, "config: parent_death_signal: out of range"},
    {"{\"parent_death_signal\": 65}", EINVAL, "config: parent_death_signal: out of range"},
    {"{\"parent_death_signal\": 9.5}", EINVAL, "config: parent_death_signal: expected an integer"},
    {"{\"parent_death_signal\": \"SIGFOO\"}", EINVAL,
     "config: parent_death_signal: unknown signal SIGFOO"},
    {"{\"parent_death_signal\": \"RTMIN+99\"}", EINVAL,
     "config: parent_death_signal: unknown signal RTMIN+99"},
    {"{\"parent_death_signal\": \"RTMIN-1\"}", EINVAL,
     "config: parent_death_signal: unknown signal RTMIN-1"},
    {"{\"parent_death_signal\": \"\"}", EINVAL, "config: parent_death_signal: unknown signal "},
    {"{\"parent_death_signal\": true}", EINVAL,
     "config: parent_death_signal: expected a signal number or name"},
    {"{\"oom_score_adj\": 1001}", EINVAL, "config: oom_score_adj: out of range"},
    {"{\"oom_score_adj\": -1001}", EINVAL, "config: oom_score_adj: out of range"},
    {"{\"oom_score_adj\": \"5\"}", EINVAL, "config: oom_score_adj: expected an integer"},
    {"{\"apparmor_profile\": 5}", EINVAL, "config: apparmor_profile: expected a string"},
    {"{\"process_label\": []}", EINVAL, "config: process_label: expected a string"},
};

static void test_broken(void)
{
    char label[300], why[2100];
    lc_config *cfg;
    lc_error err;
    size_t i;
    int rc;

    for (i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        cfg = (lc_config *)1;
        memset(&err, 0, sizeof err);
        /* a JSON error names a place in the text as given */
        if (strstr(broken[i].msg, ": line "))
            rc = lc_config_parse(broken[i].json, strlen(broken[i].json), NULL, &cfg, &err);
        else
            rc = parse_rc(broken[i].json, &cfg, &err);
        snprintf(label, sizeof label, "broken: %s", broken[i].msg);
        snprintf(why, sizeof why, "rc %d, got \"%s\"", rc, err.msg);
        check(rc == -broken[i].code && cfg == NULL && err.code == broken[i].code &&
                  !strcmp(err.step, "config") && !strcmp(err.msg, broken[i].msg),
              label, why);
    }
}

/* ---- limits ------------------------------------------------------------- */

static void test_limits(void)
{
    char expect[256], why[1200];
    lc_config *cfg;
    lc_error err;
    size_t i, n, p;
    char *s;
    int rc;

    /* {"capabilities": ["A","A",...]}: token 1 + MAX is string number MAX - 2 */
    n = (size_t)LIBCONTAINER_MAX_JSON_TOKENS + 10;
    s = malloc(20 + 4 * n);
    if (s) {
        p = (size_t)sprintf(s, "{\"capabilities\": [");
        for (i = 0; i < n; i++)
            p += (size_t)sprintf(s + p, "\"A\",");
        s[p - 1] = ']';
        s[p++] = '}';
        cfg = (lc_config *)1;
        rc = lc_config_parse(s, p, NULL, &cfg, &err);
        snprintf(expect, sizeof expect,
                 "config: line 1, column %lu: more than LIBCONTAINER_MAX_JSON_TOKENS (%d) tokens",
                 (unsigned long)(18 + 4 * ((size_t)LIBCONTAINER_MAX_JSON_TOKENS - 3) + 2),
                 LIBCONTAINER_MAX_JSON_TOKENS);
        snprintf(why, sizeof why, "rc %d, got \"%s\"", rc, err.msg);
        check(rc == -E2BIG && cfg == NULL && !strcmp(err.msg, expect),
              "a config past the token limit names LIBCONTAINER_MAX_JSON_TOKENS", why);
        free(s);
    }

    /* {"x": [[[...]]]}: the object is level 1, so array number MAX opens too deep */
    n = (size_t)LIBCONTAINER_MAX_JSON_DEPTH + 5;
    s = malloc(16 + 2 * n);
    if (s) {
        p = (size_t)sprintf(s, "{\"x\": ");
        for (i = 0; i < n; i++)
            s[p++] = '[';
        for (i = 0; i < n; i++)
            s[p++] = ']';
        s[p++] = '}';
        cfg = (lc_config *)1;
        rc = lc_config_parse(s, p, NULL, &cfg, &err);
        snprintf(expect, sizeof expect,
                 "config: line 1, column %d: nesting deeper than LIBCONTAINER_MAX_JSON_DEPTH (%d)",
                 6 + LIBCONTAINER_MAX_JSON_DEPTH, LIBCONTAINER_MAX_JSON_DEPTH);
        snprintf(why, sizeof why, "rc %d, got \"%s\"", rc, err.msg);
        check(rc == -E2BIG && cfg == NULL && !strcmp(err.msg, expect),
              "a config past the depth limit names LIBCONTAINER_MAX_JSON_DEPTH", why);
        free(s);
    }

    n = (size_t)LIBCONTAINER_MAX_CONFIG_SIZE + 1;
    s = malloc(n);
    if (s) {
        memset(s, ' ', n);
        s[0] = '{';
        s[n - 1] = '}';
        cfg = (lc_config *)1;
        rc = lc_config_parse(s, n, NULL, &cfg, &err);
        snprintf(expect, sizeof expect,
                 "config: larger than LIBCONTAINER_MAX_CONFIG_SIZE (%lu bytes)",
                 (unsigned long)LIBCONTAINER_MAX_CONFIG_SIZE);
        snprintf(why, sizeof why, "rc %d, got \"%s\"", rc, err.msg);
        check(rc == -EFBIG && cfg == NULL && !strcmp(err.msg, expect),
              "a config past the size limit names LIBCONTAINER_MAX_CONFIG_SIZE", why);
        rc = lc_config_parse(s, n - 1, NULL, &cfg, &err);
        check(rc == -EINVAL && cfg == NULL, "a config at the size limit is read", err.msg);
        free(s);
    }
}

/* ---- loading files ------------------------------------------------------ */

static void test_load(void)
{
    char dir[] = "/tmp/test_config.XXXXXX", path[64], big[64], expect[300], why[1200];
    lc_config *cfg;
    lc_error err;
    FILE *f;
    int rc, i;

    if (!mkdtemp(dir)) {
        check(0, "load: a scratch directory", strerror(errno));
        return;
    }
    snprintf(path, sizeof path, "%s/container.json", dir);
    snprintf(big, sizeof big, "%s/big.json", dir);

    cfg = (lc_config *)1;
    rc = lc_config_load(path, NULL, &cfg, &err);
    snprintf(expect, sizeof expect, "config: %s: No such file or directory", path);
    check(rc == -ENOENT && cfg == NULL && err.code == ENOENT && !strcmp(err.msg, expect),
          "load: a missing file names the path", err.msg);

    write_file(path, "{\n    \"hostname\" \"koye\"\n}\n");
    cfg = (lc_config *)1;
    rc = lc_config_load(path, NULL, &cfg, &err);
    snprintf(expect, sizeof expect, "config: %s: line 2, column 16: expected ':'", path);
    snprintf(why, sizeof why, "got \"%s\"", err.msg);
    check(rc == -EINVAL && cfg == NULL && !strcmp(err.msg, expect),
          "load: a syntax error names the path, line and column", why);

    write_file(path, "{\"mount_config\": {\"mounts\": [{\"type\": \"bind\", \"source\": \"/\","
                     " \"destination\": []}]}}");
    cfg = (lc_config *)1;
    rc = lc_config_load(path, NULL, &cfg, &err);
    snprintf(expect, sizeof expect,
             "config: %s: mount_config.mounts[0].destination: expected a string", path);
    snprintf(why, sizeof why, "got \"%s\"", err.msg);
    check(rc == -EINVAL && cfg == NULL && !strcmp(err.msg, expect),
          "load: a type error names the path and the key", why);

    cfg = (lc_config *)1;
    rc = lc_config_load(dir, NULL, &cfg, &err);
    snprintf(expect, sizeof expect, "config: %s: Is a directory", dir);
    check(rc == -EISDIR && cfg == NULL && !strcmp(err.msg, expect), "load: a directory", err.msg);

    f = fopen(big, "wb");
    if (f) {
        fputc('[', f);
        for (i = 0; i < LIBCONTAINER_MAX_CONFIG_SIZE / 4 + 1; i++)
            fputs("0,  ", f);
        fputs("0]", f);
        fclose(f);
    }
    cfg = (lc_config *)1;
    rc = lc_config_load(big, NULL, &cfg, &err);
    snprintf(expect, sizeof expect,
             "config: %s: larger than LIBCONTAINER_MAX_CONFIG_SIZE (%lu bytes)", big,
             (unsigned long)LIBCONTAINER_MAX_CONFIG_SIZE);
    check(rc == -EFBIG && cfg == NULL && !strcmp(err.msg, expect),
          "load: a file past the size limit", err.msg);

    cfg = (lc_config *)1;
    rc = lc_config_load("/dev/null", NULL, &cfg, &err);
    check(rc == -EINVAL && cfg == NULL &&
              !strcmp(err.msg, "config: /dev/null: line 1, column 1: unexpected end of input"),
          "load: an empty file", err.msg);

    unlink(path);
    unlink(big);
    rmdir(dir);
}

/* ---- the log callback --------------------------------------------------- */

struct log_seen {
    int count;
    int levels_ok;
    char lines[8][256];
};

static void log_fn(void *user, int level, const char *msg)
{
    struct log_seen *seen = (struct log_seen *)user;

    if (level == LIBCONTAINER_LOG_DEBUG)
        return; /* what the loader read */
    if (level != LIBCONTAINER_LOG_WARN)
        seen->levels_ok = 0;
    if (seen->count < 8)
        snprintf(seen->lines[seen->count], sizeof seen->lines[0], "%s", msg);
    seen->count++;
}

static void test_log(void)
{
    static const char js[] =
        "{\"foo\": 1, \"namespaces\": {\"NEWNS\": true, \"NEWUTS\": true},"
        " \"cgroups\": {\"bar\": [2, {\"x\": 3}], \"name\": \"n\"},"
        " \"mount_config\": {\"mounts\": [{\"type\": \"bind\", \"source\": \"/a\","
        " \"destination\": \"/b\", \"extra\": {}}]},"
        " \"uid_mapping\": [], \"context\": {\"selinux\": \"x\"}, \"hostname\": \"h\"}";
    static const char sec[] =
        "{\"namespaces\": {\"NEWNS\": true, \"NEWUSER\": true},"
        " \"uid_mappings\": [{\"container_id\": 0, \"host_id\": 1, \"size\": 1, \"extra\": 1}],"
        " \"rlimits\": [{\"type\": 7, \"name\": \"x\", \"hard\": 1, \"soft\": 1}],"
        " \"seccomp\": {\"default_action\": \"kill\", \"architectures\": [\"x86_64\"],"
        " \"syscalls\": [{\"name\": \"read\", \"comment\": {}, \"action\": \"allow\","
        " \"args\": [{\"index\": 0, \"op\": \"<\", \"valueTwo\": 1}]}]}}";
    struct log_seen seen;
    lc_log log;
    lc_config *cfg = NULL;
    lc_error err;
    int rc;

    memset(&seen, 0, sizeof seen);
    seen.levels_ok = 1;
    log.fn = log_fn;
    log.user = &seen;
    rc = lc_config_parse(js, strlen(js), &log, &cfg, &err);
    check(rc == 0 && cfg && streq(cfg->hostname, "h") && cfg->cgroups &&
              streq(cfg->cgroups->name, "n"),
          "unknown keys are ignored", rc < 0 ? err.msg : NULL);
    check(seen.count == 5 && seen.levels_ok &&
              !strcmp(seen.lines[0], "config: unknown key foo ignored") &&
              !strcmp(seen.lines[1], "config: unknown key cgroups.bar ignored") &&
              !strcmp(seen.lines[2], "config: unknown key mount_config.mounts[0].extra ignored") &&
              !strcmp(seen.lines[3], "config: unknown key uid_mapping ignored") &&
              !strcmp(seen.lines[4], "config: unknown key context.selinux ignored"),
          "unknown keys reach the log callback at LIBCONTAINER_LOG_WARN", seen.lines[0]);
    lc_config_free(cfg);
    cfg = NULL;
    rc = lc_config_parse(js, strlen(js), NULL, &cfg, NULL);
    check(rc == 0 && cfg, "no log and no lc_error are fine", NULL);
    lc_config_free(cfg);
    log.fn = NULL;
    cfg = NULL;
    rc = lc_config_parse(js, strlen(js), &log, &cfg, NULL);
    check(rc == 0 && cfg, "a log without a function is fine", NULL);
    lc_config_free(cfg);
    cfg = (lc_config *)1;
    rc = lc_config_parse("{\"tty\": 1}", 10, NULL, &cfg, NULL);
    check(rc == -EINVAL && cfg == NULL, "errors without an lc_error", NULL);

    memset(&seen, 0, sizeof seen);
    seen.levels_ok = 1;
    log.fn = log_fn;
    cfg = NULL;
    rc = lc_config_parse(sec, strlen(sec), &log, &cfg, &err);
    check(rc == 0 && cfg && cfg->uid_mappings_len == 1 && cfg->rlimits_len == 1 && cfg->seccomp &&
              cfg->seccomp->syscalls_len == 1 && cfg->seccomp->syscalls[0].args_len == 1,
          "unknown keys inside the security keys are ignored", rc < 0 ? err.msg : NULL);
    check(seen.count == 5 && seen.levels_ok &&
              !strcmp(seen.lines[0], "config: unknown key uid_mappings[0].extra ignored") &&
              !strcmp(seen.lines[1], "config: unknown key rlimits[0].name ignored") &&
              !strcmp(seen.lines[2], "config: unknown key seccomp.architectures ignored") &&
              !strcmp(seen.lines[3], "config: unknown key seccomp.syscalls[0].comment ignored") &&
              !strcmp(seen.lines[4],
                      "config: unknown key seccomp.syscalls[0].args[0].valueTwo ignored"),
          "unknown keys inside the security keys reach the log", seen.lines[0]);
    lc_config_free(cfg);
}

/* ---- out of memory everywhere ------------------------------------------- */

static void test_oom(const char *sample)
{
    char label[300], why[1400];
    size_t len;
    char *text = read_file(sample, &len);
    lc_config *cfg = NULL, *keep = NULL;
    char *out = NULL;
    lc_error err;
    long total, k, bad = 0;
    int rc, phase;

    if (!text)
        return;
    for (phase = 0; phase < 3; phase++) {
        /* how many allocations one successful call makes */
        if (phase == 2 && lc_config_parse(text, len, NULL, &keep, &err) < 0)
            break;
        alloc_calls = 0;
        alloc_fail_at = -1;
        if (phase == 0)
            rc = lc_config_parse(text, len, NULL, &cfg, &err);
        else if (phase == 1)
            rc = lc_config_load(sample, NULL, &cfg, &err);
        else
            rc = lc_config_write(keep, &out, NULL, &err);
        total = alloc_calls;
        lc_config_free(cfg);
        lc_free(out);
        cfg = NULL;
        out = NULL;
        if (rc < 0)
            break;
        for (k = 1; k <= total; k++) {
            long before = alloc_live;
            alloc_calls = 0;
            alloc_fail_at = k;
            /* sentinels: a failed call must reset the output to NULL */
            if (phase < 2)
                cfg = (lc_config *)1;
            else
                out = (char *)1;
            if (phase == 0)
                rc = lc_config_parse(text, len, NULL, &cfg, &err);
            else if (phase == 1)
                rc = lc_config_load(sample, NULL, &cfg, &err);
            else
                rc = lc_config_write(keep, &out, NULL, &err);
            alloc_fail_at = -1;
            if (rc != -ENOMEM || (phase < 2 && cfg != NULL) || (phase == 2 && out != NULL) ||
                alloc_live != before || strstr(err.msg, "out of memory") == NULL) {
                if (!bad)
                    snprintf(why, sizeof why, "allocation %ld of %ld: rc %d, leaked %ld, %s", k,
                             total, rc, alloc_live - before, err.msg);
                bad++;
                if (phase < 2 && rc == 0 && cfg != (lc_config *)1)
                    lc_config_free(cfg);
            }
            cfg = NULL;
            out = NULL;
        }
        snprintf(label, sizeof label,
                 "%s: %s: each of %ld allocations failing gives ENOMEM, no leak",
                 strrchr(sample, '/') ? strrchr(sample, '/') + 1 : sample,
                 phase == 0   ? "parse"
                 : phase == 1 ? "load"
                              : "write",
                 total);
        check(bad == 0, label, why);
        bad = 0;
    }
    lc_config_free(keep);
    free(text);
}

/* ---- the OCI config.json -------------------------------------------------- */

static const char oci_json[] =
    "{\"ociVersion\": \"1.2.0\",\n"
    " \"root\": {\"path\": \"rootfs\", \"readonly\": true},\n"
    " \"hostname\": \"oci\", \"domainname\": \"example.org\",\n"
    " \"annotations\": {\"org.example.a\": \"b\"},\n"
    " \"windows\": {\"ignored\": true},\n"
    " \"process\": {\"terminal\": false, \"cwd\": \"/tmp\",\n"
    "   \"args\": [\"sh\", \"-c\", \"true\"], \"env\": [\"PATH=/bin\", \"A=1\"],\n"
    "   \"user\": {\"uid\": 1000, \"gid\": 100, \"umask\": 63, \"additionalGids\": [5, 6]},\n"
    "   \"capabilities\": {\"bounding\": [\"CAP_KILL\", \"CAP_CHOWN\"],\n"
    "     \"effective\": [\"CAP_CHOWN\", \"CAP_KILL\"], \"permitted\": [\"CAP_KILL\", "
    "\"CAP_CHOWN\"],\n"
    "     \"inheritable\": [\"CAP_KILL\"], \"ambient\": [\"CAP_KILL\", \"CAP_CHOWN\"]},\n"
    "   \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", \"hard\": 1024, \"soft\": 512}],\n"
    "   \"noNewPrivileges\": true, \"oomScoreAdj\": 0, \"selinuxLabel\": \"\"},\n"
    " \"mounts\": [{\"destination\": \"/proc\", \"type\": \"proc\", \"source\": \"proc\"},\n"
    "   {\"destination\": \"/sys\", \"type\": \"sysfs\", \"source\": \"sysfs\",\n"
    "    \"options\": [\"nosuid\", \"ro\"]},\n"
    "   {\"destination\": \"/data\", \"source\": \"/srv\", \"options\": [\"rbind\", \"ro\", "
    "\"rslave\"]},\n"
    "   {\"destination\": \"/scratch\", \"type\": \"tmpfs\", \"source\": \"tmpfs\",\n"
    "    \"options\": [\"nosuid\", \"nodev\", \"size=1m\", \"mode=700\", \"rw\"]}],\n"
    " \"linux\": {\n"
    "   \"namespaces\": [{\"type\": \"pid\"}, {\"type\": \"network\"}, {\"type\": \"mount\"},\n"
    "     {\"type\": \"ipc\"}, {\"type\": \"uts\"}, {\"type\": \"cgroup\"}],\n"
    "   \"devices\": [{\"path\": \"/dev/fuse\", \"type\": \"c\", \"major\": 10, \"minor\": 229,\n"
    "     \"fileMode\": 438, \"uid\": 0, \"gid\": 0}, {\"path\": \"/dev/null\", \"type\": \"c\",\n"
    "     \"major\": 1, \"minor\": 3}],\n"
    "   \"cgroupsPath\": \"/machine/oci-test\",\n"
    "   \"resources\": {\"devices\": [{\"allow\": false, \"access\": \"rwm\"},\n"
    "       {\"allow\": true, \"type\": \"c\", \"major\": 10, \"minor\": 229, \"access\": "
    "\"rw\"}],\n"
    "     \"memory\": {\"limit\": 67108864, \"reservation\": 33554432, \"swap\": 134217728,\n"
    "       \"disableOOMKiller\": false},\n"
    "     \"cpu\": {\"shares\": 512, \"quota\": 50000, \"period\": 100000, \"cpus\": \"0\",\n"
    "       \"burst\": 1000, \"idle\": 1,\n"
    "       \"mems\": \"0\"},\n"
    "     \"pids\": {\"limit\": 64}, \"blockIO\": {\"weight\": 500}},\n"
    "   \"sysctl\": {\"net.ipv4.ip_forward\": \"1\"},\n"
    "   \"seccomp\": {\"defaultAction\": \"SCMP_ACT_ALLOW\", \"architectures\": "
    "[\"SCMP_ARCH_X86_64\"],\n"
    "     \"syscalls\": [{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\",\n"
    "       \"errnoRet\": 1}, {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ERRNO\",\n"
    "       \"args\": [{\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]}]},\n"
    "   \"maskedPaths\": [\"/proc/kcore\"], \"readonlyPaths\": [\"/proc/sys\"],\n"
    "   \"rootfsPropagation\": \"rprivate\"}}\n";

static int oci_parse(const char *json, lc_config **cfg, lc_error *err)
{
    *cfg = NULL;
    memset(err, 0, sizeof *err);
    return lc_config_parse_oci(json, strlen(json), NULL, cfg, err);
}

static void test_oci(void)
{
    static const struct {
        const char *json, *msg;
    } refused[] = {
        {"{\"ociVersion\": \"2.0.0\"}", "config: ociVersion: 2.0.0: only major version 1 of the "
                                        "specification is read"},
        {"{\"root\": {\"path\": \"r\"}}", "config: ociVersion: required"},
        {"{\"ociVersion\": \"1.0.2\", \"hooks\": {\"prestart\": [{\"path\": \"/bin/true\"}]}}",
         "config: hooks: not supported by this runtime"},
        {"{\"ociVersion\": \"1.1.0\", \"linux\": {\"namespaces\": [{\"type\": \"time\"}]}}",
         "config: linux.namespaces[0].type: not supported by this runtime: namespace time"},
        {"{\"ociVersion\": \"1.1.0\", \"linux\": {\"namespaces\": [{\"type\": \"net\"}]}}",
         "config: linux.namespaces[0].type: unknown namespace net"},
        {"{\"ociVersion\": \"1.0.0\", \"process\": {\"cwd\": \"/\", \"consoleSize\": "
         "{\"height\": 1, \"width\": 2}}}",
         "config: process.consoleSize: not supported by this runtime"},
        {"{\"ociVersion\": \"1.0.0\", \"process\": {\"capabilities\": {\"bounding\": "
         "[\"CAP_KILL\"], \"effective\": [], \"permitted\": [\"CAP_KILL\"]}}}",
         "config: process.capabilities.effective: differs from bounding: this runtime keeps one "
         "set for bounding, effective and permitted"},
        {"{\"ociVersion\": \"1.0.0\", \"process\": {\"capabilities\": {\"bounding\": "
         "[\"CAP_NOPE\"]}}}",
         "config: process.capabilities.bounding: unknown capability CAP_NOPE"},
        {"{\"ociVersion\": \"1.0.0\", \"process\": {\"cwd\": \"/\"}, \"linux\": "
         "{\"cgroupsPath\": \"system.slice:lc:x\"}}",
         "config: linux.cgroupsPath: a systemd slice:prefix:name path; this runtime manages "
         "cgroups itself"},
        {"{\"ociVersion\": \"1.0.0\", \"linux\": {\"seccomp\": {\"defaultAction\": "
         "\"SCMP_ACT_ALLOW\", \"listenerPath\": \"/run/x.sock\"}}}",
         "config: linux.seccomp.listenerPath: not supported by this runtime"},
        {"{\"ociVersion\": \"1.0.0\", \"linux\": {\"resources\": {\"memory\": "
         "{\"swappiness\": 10}}}}",
         "config: linux.resources.memory.swappiness: not supported by this runtime"},
        {"{\"ociVersion\": \"1.0.0\", \"linux\": {\"resources\": {\"devices\": [{\"allow\": "
         "true, \"type\": \"c\", \"major\": 1, \"minor\": 3}, {\"allow\": false, \"type\": "
         "\"c\", \"major\": 1, \"minor\": 3}]}}}",
         "config: linux.resources.devices[1]: a deny rule other than a first deny-all is not "
         "supported by this runtime"},
        {"{\"ociVersion\": \"1.0.0\", \"mounts\": [{\"destination\": \"/m\", \"type\": "
         "\"bind\", \"source\": \"/srv\", \"options\": [\"bind\", \"idmap\"]}]}",
         "config: mounts[0].options[1]: not supported by this runtime"},
        {"{\"ociVersion\": \"1.0.0\", \"linux\": {\"devices\": [{\"path\": \"/dev/p\", "
         "\"type\": \"p\", \"major\": 0, \"minor\": 0}]}}",
         "config: linux.devices[0].type: p (a FIFO) is not supported by this runtime"},
        {"{\"ociVersion\": \"1.0.0\", \"linux\": {\"rootfsPropagation\": \"shared\"}}",
         "config: linux.rootfsPropagation: only private and rprivate are supported by this "
         "runtime"},
        {"{\"ociVersion\": \"1.0.0\", \"linux\": {\"timeOffsets\": {\"monotonic\": "
         "{\"secs\": 1}}}}",
         "config: linux.timeOffsets: not supported by this runtime"},
    };
    char why[1200];
    lc_config *cfg;
    lc_error err;
    size_t i;
    int rc;

    rc = oci_parse(oci_json, &cfg, &err);
    check(rc == 0 && cfg, "oci: a full config.json loads", err.msg);
    if (cfg) {
        check(streq(cfg->rootfs, "rootfs") && cfg->readonly_fs && streq(cfg->hostname, "oci") &&
                  streq(cfg->domainname, "example.org"),
              "oci: root, hostname, domainname", NULL);
        check(cfg->args_len == 3 && streq(cfg->args[2], "true") && cfg->env_len == 2 &&
                  streq(cfg->working_dir, "/tmp") && !cfg->tty,
              "oci: args, env, cwd, terminal", NULL);
        check(streq(cfg->user, "1000:100") && cfg->umask && *cfg->umask == 63 &&
                  cfg->additional_groups_len == 2 && streq(cfg->additional_groups[1], "6"),
              "oci: user uid:gid, umask, additionalGids", cfg->user);
        check(cfg->capabilities_len == 2 && cfg->inheritable_capabilities_len == 1 &&
                  cfg->ambient_capabilities_len == 1 &&
                  streq(cfg->ambient_capabilities[0], "CAP_KILL"),
              "oci: capabilities: one kept set, inheritable, ambient within inheritable", NULL);
        check(cfg->rlimits_len == 1 && cfg->rlimits[0].hard == 1024 &&
                  cfg->rlimits[0].soft == 512 && cfg->no_new_privileges && cfg->oom_score_adj &&
                  *cfg->oom_score_adj == 0,
              "oci: rlimits, noNewPrivileges, oomScoreAdj 0 is a value", NULL);
        check(cfg->mounts_len == 2 && cfg->readonly_sysfs,
              "oci: the runtime's own mounts are "
              "its own; /sys ro is kept",
              NULL);
        if (cfg->mounts_len == 2) {
            const lc_mount *b = &cfg->mounts[0], *t = &cfg->mounts[1];
            check(streq(b->type, "bind") &&
                      (b->flags & (MS_BIND | MS_REC | MS_RDONLY)) ==
                          (MS_BIND | MS_REC | MS_RDONLY) &&
                      b->propagation == (MS_SLAVE | MS_REC),
                  "oci: rbind, ro, rslave", NULL);
            check(streq(t->type, "tmpfs") && streq(t->data, "size=1m,mode=700") &&
                      (t->flags & (MS_NOSUID | MS_NODEV)) == (MS_NOSUID | MS_NODEV) &&
                      !(t->flags & MS_RDONLY),
                  "oci: flags and the filesystem's data", t->data);
        }
        check(cfg->namespaces_len == 6 && lc_config_namespace(cfg, CLONE_NEWCGROUP) &&
                  lc_config_namespace(cfg, CLONE_NEWNET),
              "oci: namespaces by the specification's names", NULL);
        check(cfg->devices_len == 7 && streq(cfg->devices[0].path, "/dev/fuse") &&
                  cfg->devices[0].file_mode == 0666,
              "oci: devices, with the default nodes not named", NULL);
        check(cfg->cgroups && streq(cfg->cgroups->name, "oci-test") &&
                  streq(cfg->cgroups->parent, "machine") && cfg->cgroups->memory == 67108864 &&
                  cfg->cgroups->memory_reservation == 33554432 &&
                  cfg->cgroups->memory_swap == 134217728 && cfg->cgroups->cpu_shares == 512 &&
                  cfg->cgroups->cpu_quota == 50000 && cfg->cgroups->cpu_period == 100000 &&
                  streq(cfg->cgroups->cpuset_cpus, "0") && cfg->cgroups->pids_limit == 64 &&
                  cfg->cgroups->blkio_weight == 500 && cfg->cgroups->cpu_burst == 1000 &&
                  cfg->cgroups->cpu_idle == 1,
              "oci: cgroupsPath and resources", NULL);
        check(cfg->cgroups && cfg->cgroups->allowed_devices_len == 1 &&
                  cfg->cgroups->allowed_devices[0].type == 'c' &&
                  cfg->cgroups->allowed_devices[0].minor == 229 &&
                  streq(cfg->cgroups->allowed_devices[0].permissions, "rw") &&
                  !cfg->cgroups->allow_all_devices,
              "oci: device rules: deny-all, then what is allowed", NULL);
        check(cfg->seccomp && cfg->seccomp->default_action == LIBCONTAINER_SECCOMP_ALLOW &&
                  cfg->seccomp->syscalls_len == 3 &&
                  streq(cfg->seccomp->syscalls[1].name, "mkdirat") &&
                  cfg->seccomp->syscalls[1].errno_ret == 1 &&
                  cfg->seccomp->syscalls[2].errno_ret == EPERM &&
                  cfg->seccomp->syscalls[2].args_len == 1 &&
                  cfg->seccomp->syscalls[2].args[0].value == 8,
              "oci: seccomp, a rule per name", NULL);
        check(cfg->system_properties_len == 1 && cfg->mask_paths_len == 1 &&
                  cfg->readonly_paths_len == 1,
              "oci: sysctl, maskedPaths, readonlyPaths", NULL);
        lc_config_free(cfg);
    }
    for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        rc = oci_parse(refused[i].json, &cfg, &err);
        snprintf(why, sizeof why, "rc %d, got \"%s\"", rc, err.msg);
        check(rc == -EINVAL && !cfg && !strcmp(err.msg, refused[i].msg), refused[i].msg, why);
        lc_config_free(cfg);
    }
}

/* ---- start and join: arguments and return values ------------------------- */

/* A missing result pointer or config is an error, never a crash; a failed call returns the
   negated errno that err.code holds. */
static void test_calls(void)
{
    char *argv[] = {"true", NULL};
    lc_process proc = {0};
    lc_container *c = (lc_container *)1;
    lc_config *cfg;
    lc_error err;
    char why[1100];
    int rc;

    proc.argv = argv;
    cfg = parse("{}", &err);
    check(cfg != NULL, "calls: a minimal config", cfg ? NULL : err.msg);
    if (!cfg)
        return;

    memset(&err, 0, sizeof err);
    rc = lc_container_start(cfg, "/", &proc, NULL, &err);
    check(rc == -EINVAL && err.code == EINVAL && !strcmp(err.step, "start"),
          "calls: start without a result pointer is refused", err.msg);
    memset(&err, 0, sizeof err);
    rc = lc_container_start(NULL, "/", &proc, &c, &err);
    check(rc == -EINVAL && err.code == EINVAL && c == NULL && !strcmp(err.step, "start"),
          "calls: start without a config is refused", err.msg);
    memset(&err, 0, sizeof err);
    rc = lc_container_join(cfg, 1, &proc, NULL, &err);
    check(rc == -EINVAL && err.code == EINVAL && !strcmp(err.step, "join"),
          "calls: join without a result pointer is refused", err.msg);
    c = (lc_container *)1;
    memset(&err, 0, sizeof err);
    rc = lc_container_join(NULL, 1, &proc, &c, &err);
    check(rc == -EINVAL && err.code == EINVAL && c == NULL && !strcmp(err.step, "join"),
          "calls: join without a config is refused", err.msg);

    /* failures past the arguments: the return value and err.code agree */
    memset(&err, 0, sizeof err);
    rc = lc_container_start(cfg, "/nonexistent/test_config/rootfs", &proc, &c, &err);
    snprintf(why, sizeof why, "rc %d, code %d: %s", rc, err.code, err.msg);
    check(rc < 0 && rc == -err.code && err.code != EIO && c == NULL,
          "calls: a start on a missing rootfs returns the errno it reports", why);
    memset(&err, 0, sizeof err);
    rc = lc_container_join(cfg, 0x3ffffff0, &proc, &c, &err);
    snprintf(why, sizeof why, "rc %d, code %d: %s", rc, err.code, err.msg);
    check(rc < 0 && rc == -err.code && err.code != EIO && c == NULL,
          "calls: a join of a pid that does not exist returns the errno it reports", why);
    lc_config_free(cfg);
}

int main(int argc, char **argv)
{
    int i;

    if (argc < 2) {
        fprintf(stderr, "usage: %s SAMPLE.json...\n", argv[0]);
        return 2;
    }
    for (i = 1; i < argc; i++)
        test_sample(argv[i]);
    test_full();
    test_semantics();
    test_security();
    test_security_semantics();
    test_broken();
    test_limits();
    test_load();
    test_log();
    test_calls();
    test_oci();
    test_oom(argv[1]);
    {
        char dir[] = "/tmp/test_config.XXXXXX", path[64];
        if (mkdtemp(dir)) {
            snprintf(path, sizeof path, "%s/security.json", dir);
            if (write_file(path, security_json) == 0)
                test_oom(path);
            else
                check(0, "security.json written", strerror(errno));
            unlink(path);
            rmdir(dir);
        } else {
            check(0, "security.json written", strerror(errno));
        }
    }
    check(alloc_live == 0, "every allocation was freed", NULL);
    printf("1..%d\n", test_count);
    if (test_failed)
        printf("# %d of %d failed\n", test_failed, test_count);
    return test_failed ? 1 : 0;
}
