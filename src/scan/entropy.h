/* Shannon entropy of a byte string: weak evidence, used only as a gate a
 * rule asks for. */
#ifndef SCAN_ENTROPY_H
#define SCAN_ENTROPY_H

#include <stddef.h>

/* Bits per byte, 0 for an empty string. */
double entropy_bits(const char *s, size_t len);

#endif
