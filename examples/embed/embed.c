/* embed - the smallest useful program that starts a container from C.

   usage: embed ROOTFS [CMD [ARG...]]

   Runs CMD (default: /bin/sh -c 'hostname; id') as pid 1 of new mount, uts,
   ipc, pid and network namespaces on ROOTFS, and exits with its status. */
#define _GNU_SOURCE
#define LIBCONTAINER_IMPLEMENTATION
#include "../../libcontainer.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char config[] =
    "{"
    "  \"hostname\": \"embedded\","
    "  \"namespaces\": {\"NEWNS\": true, \"NEWUTS\": true, \"NEWIPC\": true,"
    "                   \"NEWPID\": true, \"NEWNET\": true},"
    "  \"capabilities\": [\"CHOWN\", \"DAC_OVERRIDE\", \"FOWNER\", \"SETUID\", \"SETGID\", "
    "\"KILL\"],"
    "  \"networks\": [{\"type\": \"loopback\", \"address\": \"127.0.0.1/0\", \"mtu\": 1500}],"
    "  \"environment\": [\"PATH=/usr/sbin:/usr/bin:/sbin:/bin\", \"HOME=/\"]"
    "}";

int main(int argc, char **argv)
{
    static char *default_cmd[] = {"/bin/sh", "-c", "hostname; id", NULL};
    lc_config *cfg = NULL;
    lc_container *c = NULL;
    lc_process proc;
    lc_error err;
    int status = 0, rc;

    if (argc < 2) {
        fprintf(stderr, "usage: embed ROOTFS [CMD [ARG...]]\n");
        return 125;
    }
    memset(&proc, 0, sizeof proc);
    proc.argv = argc > 2 ? argv + 2 : default_cmd;
    if (lc_config_parse(config, sizeof config - 1, NULL, &cfg, &err) < 0 ||
        lc_container_start(cfg, argv[1], &proc, &c, &err) < 0) {
        fprintf(stderr, "embed: %s\n", err.msg);
        lc_config_free(cfg);
        return 125;
    }
    while ((rc = lc_container_wait(c, &status, &err)) == -EINTR)
        ;
    if (rc < 0)
        fprintf(stderr, "embed: %s\n", err.msg);
    lc_container_free(c);
    lc_config_free(cfg);
    return rc < 0 ? 125 : lc_exit_code(status);
}
