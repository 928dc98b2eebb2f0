/* Shannon entropy over byte frequencies. */
#include "scan/entropy.h"

#include <math.h>
#include <string.h>

/* Bytes counted in as small a type as the length allows: clearing the
 * counters is most of the cost for the short values a scan sees. */
#define ENTROPY_BODY(type)                                               \
	do {                                                             \
		type count[256];                                         \
		unsigned char seen[256];                                 \
		size_t i, d = 0;                                         \
		memset(count, 0, sizeof(count));                         \
		for (i = 0; i < len; i++) {                              \
			unsigned char c = (unsigned char)s[i];           \
			if (!count[c]++)                                 \
				seen[d++] = c;                           \
		}                                                        \
		for (i = 0; i < d; i++) {                                \
			double p = (double)count[seen[i]] / (double)len; \
			h -= p * log2(p);                                \
		}                                                        \
	} while (0)

double entropy_bits(const char *s, size_t len)
{
	double h = 0;
	if (!len)
		return 0;
	if (len < 256)
		ENTROPY_BODY(unsigned char);
	else
		ENTROPY_BODY(size_t);
	return h;
}
