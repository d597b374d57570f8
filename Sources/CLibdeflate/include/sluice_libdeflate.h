#ifndef SLUICE_LIBDEFLATE_H
#define SLUICE_LIBDEFLATE_H

#include <stddef.h>

/// Whether libdeflate (`libdeflate.so.0`, Debian: `libdeflate0`) could be loaded. It is looked
/// for once, at the first call, with dlopen: Sluice builds and runs without it (zlib inflates
/// then), and inflates whole buffers about twice as fast with it.
int sluice_libdeflate_available(void);

/// What `sluice_libdeflate_zlib_decompress` returns: libdeflate's own result codes, and one for
/// "libdeflate is not loaded".
enum {
    SLUICE_LIBDEFLATE_SUCCESS = 0,
    SLUICE_LIBDEFLATE_BAD_DATA = 1,
    SLUICE_LIBDEFLATE_SHORT_OUTPUT = 2,
    SLUICE_LIBDEFLATE_INSUFFICIENT_SPACE = 3,
    SLUICE_LIBDEFLATE_UNAVAILABLE = -1,
};

/// Inflates one whole zlib stream (RFC 1950, its Adler-32 checked) from `input` into `output`,
/// which has room for `capacity` bytes: libdeflate's `libdeflate_zlib_decompress_ex`. On success
/// `*consumed` is the stream's length in `input` and `*produced` the bytes written.
int sluice_libdeflate_zlib_decompress(const void *input, size_t length, void *output, size_t capacity,
                                      size_t *consumed, size_t *produced);

#endif
