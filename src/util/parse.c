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
