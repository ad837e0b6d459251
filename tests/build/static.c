/* LIBCONTAINER_STATIC: every function is private to this file, and a program that uses only a
   few of them still compiles without warnings. */
#define _GNU_SOURCE
#define LIBCONTAINER_STATIC
#define LIBCONTAINER_IMPLEMENTATION
#include "libcontainer.h"

#include <stdio.h>

int main(void)
{
    lc_config *cfg = NULL;
    lc_error err;

    if (lc_config_new(&cfg, &err) < 0) {
        printf("not ok - lc_config_new: %s\n", err.msg);
        return 1;
    }
    lc_config_free(cfg);
    printf("ok\n");
    return 0;
}
