/* <locale.h> first: POSIX reserves LC_ followed by a capital letter, and glibc defines
   LC_NAME, LC_ADDRESS, LC_IDENTIFICATION...; no name of the header may collide with them. */
#define _GNU_SOURCE
#include <locale.h>

#define LIBCONTAINER_IMPLEMENTATION
#include "libcontainer.h"

#include <stdio.h>

int main(void)
{
    lc_config *cfg = NULL;
    lc_error err;
    int categories[] = {LC_ALL, LC_CTYPE, LC_NAME, LC_ADDRESS, LC_TELEPHONE, LC_IDENTIFICATION};

    if (setlocale(LC_ALL, "C") == NULL) {
        printf("not ok - setlocale\n");
        return 1;
    }
    if (lc_config_new(&cfg, &err) < 0) {
        printf("not ok - lc_config_new: %s\n", err.msg);
        return 1;
    }
    lc_config_free(cfg);
    (void)categories;
    printf("ok\n");
    return 0;
}
