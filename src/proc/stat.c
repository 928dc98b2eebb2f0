/* /proc/PID/stat: "pid (comm) state ppid ... starttime ...". */
#include "proc/stat.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

/* Fields counted from the first one after "(comm)" (state is 1). */
enum {
	AFTER_STATE = 1,
	AFTER_PPID = 2,
	AFTER_TTY = 5,
	AFTER_FLAGS = 7,
	AFTER_THREADS = 18,
	AFTER_START = 20,
	AFTER_RSS = 22,
};

/* An unsigned decimal ending at a blank or the end; a '-' allowed for
 * tty_nr (signed in the kernel). */
static bool number(const char *p, const char *end, bool sign,
		   unsigned long long *out, bool *neg)
{
	unsigned long long v = 0;
	const char *s;
	*neg = false;
	if (sign && p < end && *p == '-') {
		*neg = true;
		p++;
	}
	for (s = p; p < end && *p >= '0' && *p <= '9'; p++) {
		if (v > (~0ULL - 9) / 10)
			return false;
		v = v * 10 + (unsigned)(*p - '0');
	}
	if (p == s || (p < end && *p != ' ' && *p != '\n'))
		return false;
	*out = v;
	return true;
}

int proc_stat_parse(const char *buf, size_t len, struct proc_stat *out)
{
	const char *open = memchr(buf, '(', len), *close = NULL, *p, *end;
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
	memset(out, 0, sizeof(*out));
	out->comm = open + 1;
	out->comm_len = (size_t)(close - open - 1);
	p = close + 1;
	end = buf + len;
	while (p < end) {
		unsigned long long v;
		bool neg;
		while (p < end && *p == ' ')
			p++;
		if (p >= end || *p == '\n')
			break;
		field++;
		switch (field) {
		case AFTER_STATE:
			out->state = *p;
			break;
		case AFTER_PPID:
		case AFTER_TTY:
		case AFTER_FLAGS:
		case AFTER_THREADS:
		case AFTER_START:
		case AFTER_RSS:
			if (!number(p, end, field == AFTER_TTY, &v, &neg))
				return field == AFTER_RSS ? 0 : -EINVAL;
			if (field == AFTER_PPID)
				out->ppid = (pid_t)v;
			else if (field == AFTER_TTY)
				out->tty_nr = neg ? -(int)v : (int)v;
			else if (field == AFTER_FLAGS)
				out->flags = (unsigned long)v;
			else if (field == AFTER_THREADS)
				out->threads = (long)v;
			else if (field == AFTER_START)
				out->start_ticks = v;
			else
				out->rss_pages = v;
			break;
		default:
			break;
		}
		if (field == AFTER_RSS)
			return 0;
		while (p < end && *p != ' ' && *p != '\n')
			p++;
	}
	return field >= AFTER_START ? 0 : -EINVAL;
}
