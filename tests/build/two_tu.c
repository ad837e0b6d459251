/* A translation unit without the implementation, linked with impl.c, which has it. */
#include "libcontainer.h"

#include <stdio.h>
#include <string.h>

int main(void)
{
    lc_config *cfg = NULL;
    lc_error err;
    char *s;

    if (lc_config_new(&cfg, &err) < 0) {
        printf("not ok - lc_config_new: %s\n", err.msg);
        return 1;
    }
    lc_config_free(cfg);
    s = lc_strdup("two");
    if (s == NULL || strcmp(s, "two") != 0) {
        printf("not ok - lc_strdup\n");
        return 1;
    }
    lc_free(s);
    printf("ok\n");
    return 0;
}
