/* The implementation compiles as C99 with every warning the project enables. */
#define _GNU_SOURCE
#define LIBCONTAINER_IMPLEMENTATION
#include "libcontainer.h"

#include <stdio.h>
#include <string.h>

int main(void)
{
    lc_config *cfg = NULL;
    lc_error err;
    char *s;

    memset(&err, 0, sizeof(err));
    if (lc_config_new(&cfg, &err) < 0 || cfg == NULL) {
        printf("not ok - lc_config_new: %s\n", err.msg);
        return 1;
    }
    lc_config_free(cfg);
    lc_config_free(NULL);
    s = lc_strdup("c99");
    if (s == NULL || strcmp(s, "c99") != 0) {
        printf("not ok - lc_strdup\n");
        return 1;
    }
    lc_free(s);
    if (lc_exit_code(0) != 0) {
        printf("not ok - lc_exit_code(0)\n");
        return 1;
    }
    printf("ok\n");
    return 0;
}
