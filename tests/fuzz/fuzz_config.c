/* libFuzzer harness: container.json -> lc_config -> JSON -> lc_config -> JSON.

   Build with clang -fsanitize=fuzzer,address,undefined (cmake
   -DLIBCONTAINER_BUILD_FUZZ=ON). For every input:
   - lc_config_parse either fails, with *out left NULL, a negative errno and a
     non-empty one-line message, or succeeds;
   - a config that parsed is written; the text parses again (logging
     nothing: the writer writes known keys only) and is written again, and
     both texts must be equal byte for byte:
     write(parse(write(parse(x)))) == write(parse(x));
   - error and log messages are one line: no control characters;
   - everything is freed (LeakSanitizer reports what is not).
   Any broken rule aborts, which libFuzzer reports as a crash.

   With FUZZ_CONFIG_SUMMARY=1 in the environment the harness prints, at exit,
   how many inputs parsed and how many each input limit
   (LIBCONTAINER_MAX_JSON_DEPTH, LIBCONTAINER_MAX_JSON_TOKENS,
   LIBCONTAINER_MAX_CONFIG_SIZE) rejected; tests/fuzz/run.sh uses it to show
   that each limit produces its own error. FUZZ_CONFIG_MULTILINE_OK=1 skips
   the one-line rule, to fuzz past a known violation of it. */
#define _GNU_SOURCE
#define LIBCONTAINER_IMPLEMENTATION
#include "libcontainer.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Counters for the summary: this program is a test, not the library. */
static int summary;
static int multiline_ok; /* FUZZ_CONFIG_MULTILINE_OK=1: skip the one-line rule */
static unsigned long n_inputs, n_parsed, n_rejected, n_depth, n_tokens, n_size, n_warnings;

static void print_summary(void)
{
    fprintf(stderr,
            "fuzz_config summary: %lu inputs, %lu parsed, %lu rejected; limits: "
            "LIBCONTAINER_MAX_JSON_DEPTH %lu, LIBCONTAINER_MAX_JSON_TOKENS %lu, "
            "LIBCONTAINER_MAX_CONFIG_SIZE %lu; %lu log lines\n",
            n_inputs, n_parsed, n_rejected, n_depth, n_tokens, n_size, n_warnings);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *s = getenv("FUZZ_CONFIG_SUMMARY");

    (void)argc;
    (void)argv;
    summary = s && *s && strcmp(s, "0") != 0;
    s = getenv("FUZZ_CONFIG_MULTILINE_OK");
    multiline_ok = s && *s && strcmp(s, "0") != 0;
    if (summary)
        atexit(print_summary);
    return 0;
}

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_config: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

/* One line: no byte below 0x20 (newline, carriage return, escape), so that a
   message printed to a terminal or a log file stays one line. */
static int one_line(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20)
            return 0;
    return 1;
}

/* The log callback gets one NUL-terminated line of a sane length. */
static void on_log(void *user, int level, const char *msg)
{
    size_t n;

    if (user != (void *)&n_warnings)
        fail("log callback: wrong user pointer", NULL);
    if (level < LIBCONTAINER_LOG_WARN || level > LIBCONTAINER_LOG_DEBUG)
        fail("log callback: level out of range", NULL);
    if (!msg)
        fail("log callback: NULL message", NULL);
    n = strlen(msg);
    if (n == 0)
        fail("log callback: empty message", NULL);
    if (!multiline_ok && !one_line(msg, n))
        fail("log callback: a message with a line break or control character", msg);
    n_warnings++;
}

/* The writer writes known keys only: loading its text warns of nothing (the
   debug line of what was read is fine). */
static void on_log_written(void *user, int level, const char *msg)
{
    (void)user;
    if (level <= LIBCONTAINER_LOG_WARN)
        fail("a warning while loading the written config", msg);
}

/* A failed call leaves one non-empty line in err, and a negative errno. */
static void check_error(int rc, const lc_error *err, const char *what)
{
    size_t n = strnlen(err->msg, sizeof err->msg);

    if (rc >= 0)
        fail(what, "success where a failure was expected");
    if (n == 0 || n == sizeof err->msg)
        fail(what, "error message empty or not terminated");
    if (!multiline_ok && !one_line(err->msg, n))
        fail(what, "error message with a line break or control character");
    if (err->code != -rc)
        fail(what, "lc_error.code differs from the returned errno");
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

#define STR2(x) #x
#define STR(x) STR2(x)

/* A parse error over a limit has the limit's own errno and ends naming the
   limit and its value (what comes before may quote the input). */
static void count_limit(int rc, const lc_error *err)
{
    if (rc == -E2BIG && ends_with(err->msg, "nesting deeper than LIBCONTAINER_MAX_JSON_DEPTH (" STR(
                                                LIBCONTAINER_MAX_JSON_DEPTH) ")"))
        n_depth++;
    else if (rc == -E2BIG && ends_with(err->msg, "more than LIBCONTAINER_MAX_JSON_TOKENS (" STR(
                                                     LIBCONTAINER_MAX_JSON_TOKENS) ") tokens"))
        n_tokens++;
    else if (rc == -EFBIG && ends_with(err->msg, "larger than LIBCONTAINER_MAX_CONFIG_SIZE (" STR(
                                                     LIBCONTAINER_MAX_CONFIG_SIZE) " bytes)"))
        n_size++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lc_log log = {on_log, &n_warnings};
    lc_log quiet = {on_log_written, NULL};
    lc_error err;
    static lc_config sentinel; /* shows whether a failed parse cleared *out */
    lc_config *a = &sentinel, *b = NULL;
    char *text1 = NULL, *text2 = NULL;
    size_t len1 = 0, len2 = 0;
    int rc;

    n_inputs++;
    memset(&err, 0, sizeof err);
    rc = lc_config_parse((const char *)data, size, &log, &a, &err);
    if (rc < 0) {
        if (a != NULL)
            fail("parse failed but *out is not NULL", err.msg);
        check_error(rc, &err, "parse");
        count_limit(rc, &err);
        n_rejected++;
        return 0;
    }
    if (!a)
        fail("parse succeeded without a config", NULL);
    n_parsed++;

    rc = lc_config_write(a, &text1, &len1, &err);
    if (rc == -E2BIG || rc == -EFBIG) {
        /* the spelled-out form would be over a limit: the writer says so */
        if (!strstr(err.msg, "LIBCONTAINER_MAX_"))
            fail("a write over a limit does not name it", err.msg);
        lc_config_free(a);
        return 0;
    }
    if (rc < 0)
        fail("writing a parsed config failed", err.msg);
    if (!text1 || strlen(text1) != len1)
        fail("written length differs from the text", NULL);

    /* what the writer produced must load again, without a log line */
    rc = lc_config_parse(text1, len1, &quiet, &b, &err);
    if (rc < 0) {
        fprintf(stderr, "--- written text ---\n%s\n---\n", text1);
        fail("the written config does not parse", err.msg);
    }
    rc = lc_config_write(b, &text2, &len2, &err);
    if (rc < 0)
        fail("writing the re-parsed config failed", err.msg);
    if (len1 != len2 || memcmp(text1, text2, len1) != 0) {
        fprintf(stderr, "--- first write ---\n%s\n--- second write ---\n%s\n---\n", text1, text2);
        fail("round trip is not stable", NULL);
    }

    lc_free(text1);
    lc_free(text2);
    lc_config_free(a);
    lc_config_free(b);
    return 0;
}
