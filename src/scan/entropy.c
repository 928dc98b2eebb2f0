/* Shannon entropy over byte frequencies. */
#include "scan/entropy.h"

#include <math.h>

double entropy_bits(const char *s, size_t len)
{
	size_t count[256] = {0}, i;
	double h = 0;
	if (!len)
		return 0;
	for (i = 0; i < len; i++)
		count[(unsigned char)s[i]]++;
	for (i = 0; i < 256; i++) {
		double p;
		if (!count[i])
			continue;
		p = (double)count[i] / (double)len;
		h -= p * log2(p);
	}
	return h;
}
