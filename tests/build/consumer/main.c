/* A program of a libcontainer user: the implementation in its one C file and
   a config parsed. Prints "ok VERSION" and exits 0. */
#define _GNU_SOURCE
#define LIBCONTAINER_IMPLEMENTATION
#include <libcontainer.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
    static const char json[] = "{\"hostname\": \"consumer\", "
                               "\"namespaces\": {\"NEWNS\": true, \"NEWUTS\": true}}";
    lc_config *cfg = NULL;
    lc_error err;
    int ok;

    memset(&err, 0, sizeof err);
    ok = lc_config_parse(json, sizeof json - 1, NULL, &cfg, &err) == 0 && cfg != NULL;
    printf("%s %s\n", ok ? "ok" : "not ok", ok ? LIBCONTAINER_VERSION : err.msg);
    lc_config_free(cfg);
    return ok ? 0 : 1;
}
