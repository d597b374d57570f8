// libdeflate, loaded at run time. Sluice must build on a machine with only zlib's headers, so
// libdeflate is not linked: its library is opened with dlopen and the three functions used here
// are declared by hand (libdeflate's API has kept these signatures since 1.5).
#include "sluice_libdeflate.h"

#include <dlfcn.h>
#include <pthread.h>

struct libdeflate_decompressor;

static struct libdeflate_decompressor *(*alloc_decompressor)(void);
static void (*free_decompressor)(struct libdeflate_decompressor *);
static int (*zlib_decompress_ex)(struct libdeflate_decompressor *, const void *, size_t, void *, size_t, size_t *,
                                 size_t *);
static int loaded;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    void *library = dlopen("libdeflate.so.0", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return;
    alloc_decompressor = (struct libdeflate_decompressor * (*)(void)) dlsym(library, "libdeflate_alloc_decompressor");
    free_decompressor = (void (*)(struct libdeflate_decompressor *))dlsym(library, "libdeflate_free_decompressor");
    zlib_decompress_ex = (int (*)(struct libdeflate_decompressor *, const void *, size_t, void *, size_t, size_t *,
                                  size_t *))dlsym(library, "libdeflate_zlib_decompress_ex");
    loaded = alloc_decompressor != NULL && free_decompressor != NULL && zlib_decompress_ex != NULL;
}

int sluice_libdeflate_available(void) {
    pthread_once(&load_once, load);
    return loaded;
}

int sluice_libdeflate_zlib_decompress(const void *input, size_t length, void *output, size_t capacity,
                                      size_t *consumed, size_t *produced) {
    if (!sluice_libdeflate_available()) return SLUICE_LIBDEFLATE_UNAVAILABLE;
    // A decompressor is about 10 KB of tables: one per call (one per beats window) is cheap.
    struct libdeflate_decompressor *decompressor = alloc_decompressor();
    if (decompressor == NULL) return SLUICE_LIBDEFLATE_UNAVAILABLE;
    const int result = zlib_decompress_ex(decompressor, input, length, output, capacity, consumed, produced);
    free_decompressor(decompressor);
    return result;
}
