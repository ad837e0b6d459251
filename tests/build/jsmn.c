/* A program that also uses upstream jsmn (https://github.com/zserge/jsmn) in the same file:
   its types, constants, functions and configuration macros are all defined before the header,
   and both tokenizers work side by side. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* ---- upstream jsmn's names (abridged jsmn.h) ---- */
#ifndef JSMN_H
#define JSMN_H
#define JSMN_PARENT_LINKS
#define JSMN_STRICT
#define JSMN_API

typedef enum {
    JSMN_UNDEFINED = 0,
    JSMN_OBJECT = 1 << 0,
    JSMN_ARRAY = 1 << 1,
    JSMN_STRING = 1 << 2,
    JSMN_PRIMITIVE = 1 << 3
} jsmntype_t;

enum jsmnerr { JSMN_ERROR_NOMEM = -1, JSMN_ERROR_INVAL = -2, JSMN_ERROR_PART = -3 };

typedef struct jsmntok {
    jsmntype_t type;
    int start;
    int end;
    int size;
    int parent;
} jsmntok_t;

typedef struct jsmn_parser {
    unsigned int pos;
    unsigned int toknext;
    int toksuper;
} jsmn_parser;

JSMN_API void jsmn_init(jsmn_parser *parser);
JSMN_API int jsmn_parse(jsmn_parser *parser, const char *js, const size_t len, jsmntok_t *tokens,
                        const unsigned int num_tokens);

static jsmntok_t *jsmn_alloc_token(jsmn_parser *parser, jsmntok_t *tokens, const size_t num_tokens)
{
    jsmntok_t *tok;
    if (parser->toknext >= num_tokens)
        return NULL;
    tok = &tokens[parser->toknext++];
    tok->start = tok->end = -1;
    tok->size = 0;
    tok->parent = -1;
    return tok;
}

JSMN_API void jsmn_init(jsmn_parser *parser)
{
    parser->pos = 0;
    parser->toknext = 0;
    parser->toksuper = -1;
}

/* Enough of jsmn_parse for flat objects of strings: {"k": "v", ...}. */
JSMN_API int jsmn_parse(jsmn_parser *parser, const char *js, const size_t len, jsmntok_t *tokens,
                        const unsigned int num_tokens)
{
    for (; parser->pos < len; parser->pos++) {
        char c = js[parser->pos];
        jsmntok_t *tok;
        if (c == '{') {
            tok = jsmn_alloc_token(parser, tokens, num_tokens);
            if (tok == NULL)
                return JSMN_ERROR_NOMEM;
            tok->type = JSMN_OBJECT;
            tok->start = (int)parser->pos;
            parser->toksuper = (int)parser->toknext - 1;
        } else if (c == '}') {
            if (parser->toksuper < 0)
                return JSMN_ERROR_INVAL;
            tokens[parser->toksuper].end = (int)parser->pos + 1;
        } else if (c == '"') {
            unsigned int start = parser->pos + 1;
            for (parser->pos++; parser->pos < len && js[parser->pos] != '"'; parser->pos++)
                ;
            if (parser->pos >= len)
                return JSMN_ERROR_PART;
            tok = jsmn_alloc_token(parser, tokens, num_tokens);
            if (tok == NULL)
                return JSMN_ERROR_NOMEM;
            tok->type = JSMN_STRING;
            tok->start = (int)start;
            tok->end = (int)parser->pos;
            tok->parent = parser->toksuper;
            if (parser->toksuper >= 0)
                tokens[parser->toksuper].size++;
        }
    }
    return (int)parser->toknext;
}
#endif /* JSMN_H */

/* ---- then the library, implementation included ---- */
#define LIBCONTAINER_IMPLEMENTATION
#include "libcontainer.h"

int main(void)
{
    static const char js[] = "{\"hostname\": \"jsmn\"}";
    static const char config[] =
        "{\"namespaces\": {\"NEWNS\": true, \"NEWUTS\": true}, \"hostname\": \"jsmn\"}";
    jsmn_parser p;
    jsmntok_t toks[8];
    lc_config *cfg = NULL;
    lc_error err;
    int n;

    jsmn_init(&p);
    n = jsmn_parse(&p, js, strlen(js), toks, 8);
    if (n != 3 || toks[0].type != JSMN_OBJECT || toks[2].type != JSMN_STRING ||
        toks[2].parent != 0 || strncmp(js + toks[2].start, "jsmn", 4) != 0) {
        printf("not ok - upstream jsmn_parse returned %d\n", n);
        return 1;
    }
    memset(&err, 0, sizeof(err));
    if (lc_config_parse(config, strlen(config), NULL, &cfg, &err) < 0) {
        printf("not ok - lc_config_parse: %s\n", err.msg);
        return 1;
    }
    if (cfg->hostname == NULL || strcmp(cfg->hostname, "jsmn") != 0) {
        printf("not ok - hostname is %s\n", cfg->hostname ? cfg->hostname : "(null)");
        lc_config_free(cfg);
        return 1;
    }
    lc_config_free(cfg);
    printf("ok\n");
    return 0;
}
