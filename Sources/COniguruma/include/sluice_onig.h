#ifndef SLUICE_ONIG_H
#define SLUICE_ONIG_H

#include <stddef.h>
#include <oniguruma.h>

/// Compiles `pattern` (UTF-8, Ruby syntax, as Logstash's Joni) with `options`; on failure returns
/// Oniguruma's error code and writes its message into `message`.
int sluice_onig_compile(OnigRegex *out, const unsigned char *pattern, size_t length, OnigOptionType options,
                        char *message, size_t size);

/// Searches `text` from byte `start` to its end (anchors see the whole text); returns the match's
/// start, ONIG_MISMATCH, or an error code (ONIGERR_RETRY_LIMIT_IN_MATCH_OVER / _IN_SEARCH_OVER when
/// `param`'s limits were reached).
int sluice_onig_search(OnigRegex regex, const unsigned char *text, size_t length, size_t start, OnigRegion *region,
                       OnigMatchParam *param);

/// Oniguruma's message for an error code.
void sluice_onig_error(int code, char *message, size_t size);

#endif
