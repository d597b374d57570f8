#ifndef SLUICE_ADLER32_H
#define SLUICE_ADLER32_H

#include <stddef.h>
#include <stdint.h>

/// The Adler-32 checksum (RFC 1950) of `length` bytes at `bytes`, continuing from `adler`
/// (1 for a new stream): the same value as zlib's adler32(), computed 32 bytes at a time with
/// SSSE3 where the CPU has it.
uint32_t sluice_adler32(uint32_t adler, const uint8_t *bytes, size_t length);

#endif
