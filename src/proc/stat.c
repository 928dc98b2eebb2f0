/* /proc/PID/stat: "pid (comm) state ppid ... starttime ...". */
#include "proc/stat.h"

#include <errno.h>
#include <string.h>

#define STARTTIME_AFTER_PAREN 20 /* field 22 is the 20th after "(comm)" */

int proc_stat_parse(const char *buf, size_t len, struct proc_stat *out)
{
	const char *open = memchr(buf, '(', len), *close = NULL, *p, *end;
	unsigned long long v = 0;
	int field = 0;
	size_t i;

	if (!open)
		return -EINVAL;
	/* The last ')' ends comm, whatever comm contains. */
	for (i = len; i > (size_t)(open - buf); i--)
		if (buf[i - 1] == ')') {
			close = buf + i - 1;
			break;
		}
	if (!close)
		return -EINVAL;
	out->comm = open + 1;
	out->comm_len = (size_t)(close - open - 1);
	p = close + 1;
	end = buf + len;
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		if (p >= end || *p == '\n')
			break;
		field++;
		if (field == STARTTIME_AFTER_PAREN) {
			const char *s = p;
			for (; p < end && *p >= '0' && *p <= '9'; p++) {
				if (v > (~0ULL - 9) / 10)
					return -EINVAL;
				v = v * 10 + (unsigned)(*p - '0');
			}
			if (p == s || (p < end && *p != ' ' && *p != '\n'))
				return -EINVAL;
			out->start_ticks = v;
			return 0;
		}
		while (p < end && *p != ' ' && *p != '\n')
			p++;
	}
	return -EINVAL;
}
