/* Shannon entropy of a byte string: weak evidence, used only as a gate a
 * rule asks for. */
#ifndef SCAN_ENTROPY_H
#define SCAN_ENTROPY_H

#include <stddef.h>
#include <stdint.h>

/* The byte counts of a string, from which its entropy is computed (and
 * which other post-filters may read: how many '/' a value holds). */
struct entropy_hist {
	uint32_t count[256];	 /* occurrences of each byte */
	unsigned char seen[256]; /* distinct bytes in first-seen order
				  * (values under 256 bytes only) */
	size_t distinct;	 /* entries of seen */
	size_t len;		 /* bytes counted */
};

/* Count the bytes of s (len bytes) into h. */
void entropy_hist_fill(struct entropy_hist *h, const char *s, size_t len);
/* Bits per byte of what h counted, exactly as entropy_bits computes it. */
double entropy_hist_bits(const struct entropy_hist *h);

/* Bits per byte, 0 for an empty string. */
double entropy_bits(const char *s, size_t len);

#endif
