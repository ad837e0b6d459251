/* TAP output shared by the C tests: "ok N - name" or "not ok N - name" with
   the reason on a "#" line; test_failed decides the exit status. */
#ifndef LIBCONTAINER_TESTS_TAP_H
#define LIBCONTAINER_TESTS_TAP_H

#include <stdio.h>

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
    fflush(stdout);
}

#endif
