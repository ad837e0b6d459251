/* The header included twice, then the implementation requested twice in the same file: the
   include guard and LIBCONTAINER_IMPLEMENTATION_ONCE make the repeats harmless. */
#define _GNU_SOURCE
#include "libcontainer.h"
#include "libcontainer.h"

#define LIBCONTAINER_IMPLEMENTATION
#include "libcontainer.h"
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
