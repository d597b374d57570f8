// Calls Oniguruma's variadic and macro-based API (UTF-8, Ruby syntax, error texts) from Swift.
#include "sluice_onig.h"
#include <pthread.h>
#include <string.h>

static pthread_once_t initialized = PTHREAD_ONCE_INIT;

static void initialize(void) {
    OnigEncoding encodings[1] = {ONIG_ENCODING_UTF8};
    onig_initialize(encodings, 1);
}

int sluice_onig_compile(OnigRegex *out, const unsigned char *pattern, size_t length, OnigOptionType options,
                        char *message, size_t size) {
    pthread_once(&initialized, initialize);
    OnigErrorInfo info;
    int code = onig_new(out, pattern, pattern + length, options, ONIG_ENCODING_UTF8, ONIG_SYNTAX_RUBY, &info);
    if (code != ONIG_NORMAL && message && size > 0) {
        unsigned char text[ONIG_MAX_ERROR_MESSAGE_LEN];
        onig_error_code_to_str(text, code, &info);
        strncpy(message, (const char *)text, size - 1);
        message[size - 1] = 0;
    }
    return code;
}

int sluice_onig_search(OnigRegex regex, const unsigned char *text, size_t length, size_t start, OnigRegion *region,
                       OnigMatchParam *param) {
    const unsigned char *end = text + length;
    return onig_search_with_param(regex, text, end, text + start, end, region, ONIG_OPTION_NONE, param);
}

void sluice_onig_error(int code, char *message, size_t size) {
    unsigned char text[ONIG_MAX_ERROR_MESSAGE_LEN];
    onig_error_code_to_str(text, code);
    strncpy(message, (const char *)text, size - 1);
    message[size - 1] = 0;
}
