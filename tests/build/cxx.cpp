// The declaration half compiles as C++ and links against the C implementation (impl.c).
#include "libcontainer.h"
#include "libcontainer.h"

#include <cstdio>
#include <cstring>

int main()
{
    lc_error err;
    std::memset(&err, 0, sizeof(err));

    lc_config *cfg = nullptr;
    if (lc_config_new(&cfg, &err) < 0 || cfg == nullptr) {
        std::printf("not ok - lc_config_new: %s\n", err.msg);
        return 1;
    }
    lc_config_free(cfg);

    char *s = lc_strdup("c++");
    if (s == nullptr || std::strcmp(s, "c++") != 0) {
        std::printf("not ok - lc_strdup\n");
        return 1;
    }
    lc_free(s);

    // Every public function has C linkage and the type its declaration says.
    int (*start)(const lc_config *, const char *, const lc_process *, lc_container **, lc_error *) =
        lc_container_start;
    int (*code)(int) = lc_exit_code;
    if (start == nullptr || code(0) != 0) {
        std::printf("not ok - lc_exit_code(0)\n");
        return 1;
    }
    std::printf("ok\n");
    return 0;
}
