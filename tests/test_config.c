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

static int test_count;
static int test_failed;

static void check(int ok, const char *name, const char *why)
{
    test_count++;
    if (ok) {
        printf("ok %d - %s\n", test_count, name);
    } else {
        test_failed++;
        printf("not ok %d - %s\n", test_count, name);
        if (why)
            printf("#   %s\n", why);
    }
}

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

static lc_config *parse(const char *json, lc_error *err)
{
    lc_config *cfg = NULL;

    if (lc_config_parse(json, strlen(json), NULL, &cfg, err) < 0)
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
              cfg->cgroups->allowed_devices[0].path == NULL && cfg->cgroups->memory == -1 &&
              cfg->cgroups->pids_limit == -1 && !cfg->cgroups->allow_all_devices,
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
    "  \"namespaces\": [{\"type\": \"NEWNET\", \"path\": \"/proc/1/ns/net\"},\n"
    "                 {\"type\": \"NEWUSER\"}, {\"type\": \"NEWCGROUP\", \"path\": null}],\n"
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
    "              \"cpuset_mems\": \"0\", \"freezer\": \"THAWED\",\n"
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
    check(cfg->namespaces_len == 3 && cfg->namespaces[0].type == CLONE_NEWNET &&
              streq(cfg->namespaces[0].path, "/proc/1/ns/net") &&
              cfg->namespaces[1].type == CLONE_NEWUSER && cfg->namespaces[1].path == NULL &&
              cfg->namespaces[2].type == CLONE_NEWCGROUP && cfg->namespaces[2].path == NULL,
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
              cfg->cgroups->allowed_devices[0].type == 'a',
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
                  strstr(text, "\"path\": \"/proc/1/ns/net\"") != NULL,
              "full: a namespace path selects the array form", NULL);
    else
        check(0, "full: a namespace path selects the array form", err.msg);
    lc_free(text);
    lc_config_free(cfg);
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
                " \"environment\": null, \"namespaces\": null, \"networks\": null}",
                &err);
    check(cfg && !cfg->hostname && !cfg->cgroups && !cfg->env && !cfg->namespaces_len &&
              !cfg->networks_len,
          "null means unset", cfg ? NULL : err.msg);
    lc_config_free(cfg);

    cfg = parse("{\"hostname\": \"a\", \"hostname\": \"b\", \"environment\": [\"X=1\"],"
                " \"environment\": [\"Y=2\", \"Z=3\"]}",
                &err);
    check(cfg && streq(cfg->hostname, "b") && cfg->env_len == 2 && streq(cfg->env[0], "Y=2"),
          "a repeated key: the last one wins", cfg ? NULL : err.msg);
    lc_config_free(cfg);

    cfg = parse("{\"host\\u006eame\": \"x\", \"context\": {\"restrictions\": true},"
                " \"mount_config\": {\"readonly_fs\": true}}",
                &err);
    check(cfg && streq(cfg->hostname, "x") && cfg->restrictions == 1 && cfg->readonly_fs == 1,
          "escaped keys, boolean restrictions, readonly_fs", cfg ? NULL : err.msg);
    lc_config_free(cfg);

    cfg = parse("{\"cgroups\": {}}", &err);
    check(cfg && cfg->cgroups && cfg->cgroups->memory == -1 && cfg->cgroups->cpu_shares == -1 &&
              cfg->cgroups->blkio_weight == -1 && cfg->cgroups->name == NULL,
          "cgroups: unset integers are -1", cfg ? NULL : err.msg);
    lc_config_free(cfg);

    cfg = parse("{\"cgroups\": {\"memory\": 9223372036854775807, \"cpu_quota\": -0}}", &err);
    check(cfg && cfg->cgroups && cfg->cgroups->memory == 9223372036854775807LL &&
              cfg->cgroups->cpu_quota == 0,
          "integers up to LLONG_MAX", cfg ? NULL : err.msg);
    lc_config_free(cfg);

    cfg = parse("{}", &err);
    check(cfg && !cfg->cgroups && !cfg->env && !cfg->capabilities && !cfg->namespaces_len &&
              !cfg->mounts_len && !cfg->devices_len && !cfg->tty && !cfg->restrictions,
          "an empty object gives defaults", cfg ? NULL : err.msg);
    if (cfg && lc_config_write(cfg, &text, &len, &err) == 0)
        check(!strcmp(text, "{\n    \"tty\": false\n}\n") && len == strlen(text),
              "an empty config writes as {\"tty\": false}", text);
    else
        check(0, "an empty config writes as {\"tty\": false}", err.msg);
    lc_free(text);
    text = NULL;
    lc_config_free(cfg);

    /* a config built by hand: strings needing escapes, and invalid UTF-8 */
    cfg = NULL;
    if (lc_config_new(&cfg, &err) == 0) {
        cfg->hostname = lc_strdup("q\"b\\s/\n\t\x01\x1f\x7f\xc3\xa9");
        if (lc_config_write(cfg, &text, &len, &err) == 0) {
            lc_config *back = NULL;
            check(strstr(text, "\"hostname\": \"q\\\"b\\\\s/\\u000a\\u0009\\u0001\\u001f"
                               "\x7f\xc3\xa9\"") != NULL,
                  "writer escapes quotes, backslashes and control characters", text);
            if (lc_config_parse(text, len, NULL, &back, &err) == 0)
                check(streq(back->hostname, cfg->hostname), "escaped strings read back", NULL);
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
        cfg->namespaces = (lc_namespace *)lc__cfg_zalloc(1, sizeof *cfg->namespaces);
        if (cfg->namespaces) {
            cfg->namespaces_len = 1;
            cfg->namespaces[0].type = 12345;
        }
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
     "config: namespaces.NEWNS: duplicate namespace"},
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
        rc = lc_config_parse(broken[i].json, strlen(broken[i].json), NULL, &cfg, &err);
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

    if (level != LIBCONTAINER_LOG_WARN)
        seen->levels_ok = 0;
    if (seen->count < 8)
        snprintf(seen->lines[seen->count], sizeof seen->lines[0], "%s", msg);
    seen->count++;
}

static void test_log(void)
{
    static const char js[] =
        "{\"foo\": 1, \"cgroups\": {\"bar\": [2, {\"x\": 3}], \"name\": \"n\"},"
        " \"mount_config\": {\"mounts\": [{\"type\": \"bind\", \"source\": \"/a\","
        " \"destination\": \"/b\", \"extra\": {}}]},"
        " \"uid_mappings\": [], \"context\": {\"selinux\": \"x\"}, \"hostname\": \"h\"}";
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
              !strcmp(seen.lines[3], "config: unknown key uid_mappings ignored") &&
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
        snprintf(label, sizeof label, "%s: each of %ld allocations failing gives ENOMEM, no leak",
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
    test_broken();
    test_limits();
    test_load();
    test_log();
    test_oom(argv[1]);
    check(alloc_live == 0, "every allocation was freed", NULL);
    printf("1..%d\n", test_count);
    if (test_failed)
        printf("# %d of %d failed\n", test_failed, test_count);
    return test_failed ? 1 : 0;
}
