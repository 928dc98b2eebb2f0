/* Strict number parsing: what strtol accepts (signs, spaces, trailing
 * junk) is too loose for pids on a command line. */
#include "util/parse.h"

#include <errno.h>
#include <limits.h>

int parse_pid(const char *s, size_t len, pid_t *out)
{
	long long v = 0;
	size_t i;
	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
		if (v > INT_MAX)
			return -EINVAL;
	}
	if (!v)
		return -EINVAL;
	*out = (pid_t)v;
	return 0;
}

int parse_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool parse_dec_u64(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t x = 0;
	size_t i;
	if (!len)
		return false;
	for (i = 0; i < len; i++) {
		unsigned d = (unsigned)(s[i] - '0');
		/* d > max first: (max - d) must not wrap. */
		if (d > 9 || d > max || x > (max - d) / 10)
			return false;
		x = x * 10 + d;
	}
	*out = x;
	return true;
}
