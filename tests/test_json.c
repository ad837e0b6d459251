/* JSON tokenizer tests: token layout, count-only mode and the limits, then
   every case file of a folder by its name: y_ accepted, n_ rejected, i_ either
   way but without harm.

   usage: test_json CASES [EXTRA]
   CASES is the project's own folder (tests/json), always run. EXTRA (such as
   JSONTestSuite's test_parsing) is run too when it exists; when it does not,
   a skip line says so. Prints TAP; exits 1 when any case fails. */
#define _GNU_SOURCE
#define LIBCONTAINER_IMPLEMENTATION
#include "libcontainer.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

/* A part that cannot run here: an ok line with the TAP skip directive. */
static void skip_check(const char *name, const char *why)
{
    test_count++;
    printf("ok %d - %s # SKIP %s\n", test_count, name, why);
    fflush(stdout);
}

static char *read_file(const char *path, size_t *len)
{
    char *buf = NULL, *grown;
    size_t cap = 0;
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    *len = 0;
    if (fd < 0)
        return NULL;
    for (;;) {
        if (*len == cap) {
            cap = cap ? cap * 2 : 4096;
            grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                close(fd);
                return NULL;
            }
            buf = grown;
        }
        n = read(fd, buf + *len, cap - *len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            free(buf);
            close(fd);
            return NULL;
        }
        if (n == 0)
            break;
        *len += (size_t)n;
    }
    close(fd);
    return buf;
}

/* The tree the tokenizer built must hang together: parents come first and
   contain their children, sizes match the children counted, keys have one
   child each and only objects have keys. */
static const char *tree_problem(const lc__json_tok *t, int n, size_t len)
{
    int i, *seen;
    const char *why = NULL;

    if (n < 1 || t[0].parent != -1)
        return "the first token is not the root";
    seen = calloc((size_t)n, sizeof *seen);
    if (!seen)
        return "out of memory";
    for (i = 0; i < n && !why; i++) {
        if (t[i].start > t[i].end || t[i].end > len)
            why = "a token span is out of bounds";
        else if (i > 0 && (t[i].parent < 0 || t[i].parent >= i))
            why = "a parent does not precede its child";
        else if (i > 0 && (t[i].start < t[t[i].parent].start))
            why = "a child starts before its parent";
        else if (t[i].type < LC__JSON_OBJECT || t[i].type > LC__JSON_PRIMITIVE)
            why = "a token has no type";
        if (!why && i > 0) {
            seen[t[i].parent]++;
            if (t[t[i].parent].type == LC__JSON_OBJECT && t[i].type != LC__JSON_STRING)
                why = "an object member is not a string key";
        }
    }
    for (i = 0; i < n && !why; i++) {
        if (seen[i] != t[i].size)
            why = "a size differs from the children counted";
        else if (t[i].type == LC__JSON_STRING && t[i].parent >= 0 &&
                 t[t[i].parent].type == LC__JSON_OBJECT && t[i].size != 1)
            why = "a key does not have exactly one value";
        else if (t[i].type == LC__JSON_PRIMITIVE && t[i].size != 0)
            why = "a primitive has children";
    }
    if (!why && lc__json_skip(t, 0) != n)
        why = "skipping the root does not reach the end";
    free(seen);
    return why;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Tokenizes one file both ways (count only, then into an exact array) and
   judges the outcome by the file's prefix. */
static void run_file(const char *dir, const char *name, const char *label)
{
    char path[4096], why[256], title[512];
    lc__json_tok *toks = NULL;
    lc__json_err e1, e2;
    const char *problem = NULL;
    size_t len;
    char *buf;
    int n1, n2 = -1;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(title, sizeof title, "%s%s", label, name);
    buf = read_file(path, &len);
    if (!buf && len == 0) {
        /* an empty file reads as NULL; give the tokenizer a real pointer */
        buf = malloc(1);
    }
    if (!buf) {
        check(0, title, "cannot read the file");
        return;
    }
    n1 = lc__json_parse(buf, len, NULL, 0, &e1);
    if (n1 > 0) {
        toks = malloc((size_t)n1 * sizeof *toks);
        if (toks)
            n2 = lc__json_parse(buf, len, toks, n1, &e2);
        if (n2 != n1)
            problem = "count-only and token modes disagree";
        else
            problem = tree_problem(toks, n2, len);
    }
    if (n1 < 0 && (e1.offset > len || !e1.msg))
        problem = "an error without a valid offset and reason";
    if (n1 < 0 && n1 != LC__JSON_ERROR_INVAL && n1 != LC__JSON_ERROR_PART &&
        n1 != LC__JSON_ERROR_LIMIT)
        problem = "an unexpected error code";

    if (name[0] == 'y') {
        if (n1 <= 0)
            snprintf(why, sizeof why, "rejected at byte %lu: %s", (unsigned long)e1.offset,
                     e1.msg ? e1.msg : "?");
        check(n1 > 0 && !problem, title, n1 <= 0 ? why : problem);
    } else if (name[0] == 'n') {
        check(n1 < 0 && !problem, title, n1 >= 0 ? "accepted" : problem);
    } else {
        check(!problem, title, problem);
    }
    free(toks);
    free(buf);
}

/* Runs every y_, n_ and i_ case of dir, each named label + file name;
   returns how many there were of each kind (counts[0..2]), -1 when the
   folder cannot be read. */
static int run_dir(const char *dir, const char *label, size_t counts[3])
{
    DIR *d = opendir(dir);
    struct dirent *ent;
    char **names = NULL, **grown;
    size_t n = 0, cap = 0, i;

    counts[0] = counts[1] = counts[2] = 0;
    if (!d)
        return -1;
    while ((ent = readdir(d)) != NULL) {
        size_t l = strlen(ent->d_name);
        if (l < 6 || strcmp(ent->d_name + l - 5, ".json") != 0 ||
            (ent->d_name[0] != 'y' && ent->d_name[0] != 'n' && ent->d_name[0] != 'i') ||
            ent->d_name[1] != '_')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 512;
            grown = realloc(names, cap * sizeof *names);
            if (!grown)
                break;
            names = grown;
        }
        names[n] = strdup(ent->d_name);
        if (names[n])
            n++;
    }
    closedir(d);
    /* a stable order keeps the TAP numbers meaningful between runs */
    qsort(names, n, sizeof *names, cmp_names);
    for (i = 0; i < n; i++) {
        counts[names[i][0] == 'y' ? 0 : names[i][0] == 'n' ? 1 : 2]++;
        run_file(dir, names[i], label);
        free(names[i]);
    }
    free(names);
    return (int)n;
}

/* Token layout of a small document, jsmn style. */
static void test_layout(void)
{
    static const char js[] = "{\"a\": [1, \"x\"], \"b\": {\"c\": null}}";
    lc__json_tok t[16];
    int n = lc__json_parse(js, strlen(js), t, 16, NULL);
    int ok = n == 9 && t[0].type == LC__JSON_OBJECT && t[0].size == 2 && t[0].start == 0 &&
             t[0].end == strlen(js) && t[1].type == LC__JSON_STRING && t[1].size == 1 &&
             t[1].start == 2 && t[1].end == 3 && t[1].parent == 0 && t[2].type == LC__JSON_ARRAY &&
             t[2].size == 2 && t[2].parent == 1 && t[3].type == LC__JSON_PRIMITIVE &&
             t[3].parent == 2 && t[4].type == LC__JSON_STRING && t[4].parent == 2 &&
             t[4].size == 0 && t[5].parent == 0 && t[6].type == LC__JSON_OBJECT &&
             t[6].parent == 5 && t[7].parent == 6 && t[8].parent == 7 && lc__json_skip(t, 5) == 9 &&
             lc__json_skip(t, 1) == 5;

    check(ok, "layout: types, spans, sizes and parents", NULL);
}

static void test_errors(void)
{
    lc__json_tok t[4];
    lc__json_err e;
    int n;

    n = lc__json_parse("[1, 2, 3, 4, 5]", 15, t, 4, &e);
    check(n == LC__JSON_ERROR_NOMEM, "a short token array gives NOMEM", NULL);
    n = lc__json_parse("[1, 2, 3, 4, 5]", 15, NULL, 0, &e);
    check(n == 6, "count-only mode counts", NULL);
    n = lc__json_parse("{\"a\": 1,}", 9, NULL, 0, &e);
    check(n == LC__JSON_ERROR_INVAL && e.offset == 8 && !strcmp(e.msg, "expected a string key"),
          "trailing comma: offset and reason", e.msg);
    n = lc__json_parse("{\"a\" 1}", 7, NULL, 0, &e);
    check(n == LC__JSON_ERROR_INVAL && e.offset == 5 && !strcmp(e.msg, "expected ':'"),
          "missing colon: offset and reason", e.msg);
    n = lc__json_parse("[1, 2", 5, NULL, 0, &e);
    check(n == LC__JSON_ERROR_PART && e.offset == 5, "truncated input gives PART", e.msg);
    n = lc__json_parse("", 0, NULL, 0, &e);
    check(n == LC__JSON_ERROR_PART, "empty input is rejected", e.msg);
    n = lc__json_parse("\"a\0b\"", 5, NULL, 0, &e);
    check(n == LC__JSON_ERROR_INVAL && e.offset == 2, "a raw NUL inside a string", e.msg);
    n = lc__json_parse("[1]\0", 4, NULL, 0, &e);
    check(n == LC__JSON_ERROR_INVAL && e.offset == 3, "a NUL after the value", e.msg);
    n = lc__json_parse("\"\\ud800\"", 8, NULL, 0, &e);
    check(n == LC__JSON_ERROR_INVAL, "a lone high surrogate escape", e.msg);
    n = lc__json_parse("\"\\ud83d\\ude00\"", 14, NULL, 0, &e);
    check(n == 1, "a surrogate pair escape", e.msg);
}

static char *repeat(const char *open, size_t times, const char *close)
{
    size_t lo = strlen(open), lc = strlen(close), i;
    char *s = malloc(times * (lo + lc) + 1), *p = s;

    if (!s)
        return NULL;
    for (i = 0; i < times; i++, p += lo)
        memcpy(p, open, lo);
    for (i = 0; i < times; i++, p += lc)
        memcpy(p, close, lc);
    *p = '\0';
    return s;
}

static void test_limits(void)
{
    lc__json_err e;
    char *s;
    int n;

    s = repeat("[", LIBCONTAINER_MAX_JSON_DEPTH, "]");
    n = s ? lc__json_parse(s, strlen(s), NULL, 0, &e) : 0;
    check(n == LIBCONTAINER_MAX_JSON_DEPTH, "nesting at the depth limit is accepted", NULL);
    free(s);
    s = repeat("[", LIBCONTAINER_MAX_JSON_DEPTH + 1, "]");
    n = s ? lc__json_parse(s, strlen(s), NULL, 0, &e) : 0;
    check(n == LC__JSON_ERROR_LIMIT && strstr(e.msg, "LIBCONTAINER_MAX_JSON_DEPTH") &&
              e.offset == LIBCONTAINER_MAX_JSON_DEPTH,
          "nesting past the depth limit names the limit", n < 0 ? e.msg : NULL);
    free(s);
    /* "[0,0,...]" with exactly the allowed number of tokens, then one more */
    s = malloc(2 * (size_t)LIBCONTAINER_MAX_JSON_TOKENS + 2);
    if (s) {
        size_t i, p = 0;
        s[p++] = '[';
        for (i = 0; i < (size_t)LIBCONTAINER_MAX_JSON_TOKENS - 1; i++) {
            s[p++] = '0';
            s[p++] = ',';
        }
        s[p - 1] = ']';
        n = lc__json_parse(s, p, NULL, 0, &e);
        check(n == LIBCONTAINER_MAX_JSON_TOKENS, "tokens at the limit are accepted", NULL);
        s[p - 1] = ',';
        s[p++] = '0';
        s[p++] = ']';
        n = lc__json_parse(s, p, NULL, 0, &e);
        check(n == LC__JSON_ERROR_LIMIT && strstr(e.msg, "LIBCONTAINER_MAX_JSON_TOKENS"),
              "tokens past the limit name the limit", n < 0 ? e.msg : NULL);
        free(s);
    }
    /* a string of exactly the allowed length, then one byte longer */
    s = malloc((size_t)LIBCONTAINER_MAX_JSON_STRING + 4);
    if (s) {
        size_t l = (size_t)LIBCONTAINER_MAX_JSON_STRING;
        s[0] = '"';
        memset(s + 1, 'a', l);
        s[l + 1] = '"';
        n = lc__json_parse(s, l + 2, NULL, 0, &e);
        check(n == 1, "a string at the length limit is accepted", n < 0 ? e.msg : NULL);
        s[l + 1] = 'a';
        s[l + 2] = '"';
        n = lc__json_parse(s, l + 3, NULL, 0, &e);
        check(n == LC__JSON_ERROR_LIMIT && strstr(e.msg, "LIBCONTAINER_MAX_JSON_STRING"),
              "a string past the length limit names the limit", n < 0 ? e.msg : NULL);
        free(s);
    }
}

int main(int argc, char **argv)
{
    size_t own[3], extra[3];
    char why[4200];

    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: %s CASES [EXTRA]\n", argv[0]);
        return 2;
    }
    test_layout();
    test_errors();
    test_limits();
    /* the project's own cases: accepted, rejected and either-way ones */
    if (run_dir(argv[1], "", own) < 0) {
        snprintf(why, sizeof why, "%s: %s", argv[1], strerror(errno));
        check(0, "the project's cases can be read", why);
    } else {
        check(own[0] > 0 && own[1] > 0, "the project's cases include y_ and n_ ones", argv[1]);
    }
    if (argc == 3) {
        struct stat st;
        if (!argv[2][0]) {
            skip_check("the extra cases", "none named (LIBCONTAINER_JSONTESTSUITE_DIR)");
        } else if (stat(argv[2], &st) != 0 || !S_ISDIR(st.st_mode)) {
            snprintf(why, sizeof why, "no directory %s", argv[2]);
            skip_check("the extra cases", why);
        } else if (run_dir(argv[2], "extra: ", extra) < 0) {
            snprintf(why, sizeof why, "%s: %s", argv[2], strerror(errno));
            check(0, "the extra cases can be read", why);
        } else {
            check(extra[0] + extra[1] + extra[2] > 0, "the extra folder holds cases", argv[2]);
        }
    }
    printf("1..%d\n", test_count);
    if (test_failed)
        printf("# %d of %d failed\n", test_failed, test_count);
    return test_failed ? 1 : 0;
}
