/* /proc/PID/fdinfo/N: the four fixed "key:\tvalue" lines every fd has, the
 * type-specific rest kept as one borrowed run, and open-flag names. */
#include "proc/fdinfo.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* A number after "key:", with blanks either side and nothing else. */
static int value_u64(const char *p, const char *end, unsigned base,
		     uint64_t max, uint64_t *out)
{
	const char *s;
	uint64_t v = 0;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	for (s = p; p < end && *p >= '0' && *p < (char)('0' + base); p++) {
		uint64_t d = (uint64_t)(*p - '0');
		if (d > max || v > (max - d) / base)
			return -EINVAL;
		v = v * base + d;
	}
	if (p == s)
		return -EINVAL;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p != end)
		return -EINVAL;
	*out = v;
	return 0;
}

static const char *after_key(const char *p, const char *end, const char *key)
{
	size_t n = strlen(key);

	if ((size_t)(end - p) < n || memcmp(p, key, n) != 0)
		return NULL;
	return p + n;
}

/* One of the fixed lines, parsed into out. Returns false for any other
 * line, and for a repeat of a key already seen: the first one wins, and
 * the repeat stays visible in extra instead of silently replacing it. */
static bool known_line(const char *p, const char *end, struct fdinfo *out)
{
	const char *v;
	uint64_t n;

	if ((v = after_key(p, end, "pos:")) && !out->has_pos &&
	    !value_u64(v, end, 10, UINT64_MAX, &n)) {
		out->pos = n;
		return out->has_pos = true;
	}
	if ((v = after_key(p, end, "flags:")) && !out->has_flags &&
	    !value_u64(v, end, 8, UINT_MAX, &n)) {
		out->flags = (unsigned)n;
		return out->has_flags = true;
	}
	if ((v = after_key(p, end, "mnt_id:")) && !out->has_mnt_id &&
	    !value_u64(v, end, 10, INT_MAX, &n)) {
		out->mnt_id = (int)n;
		return out->has_mnt_id = true;
	}
	if ((v = after_key(p, end, "ino:")) && !out->has_ino &&
	    !value_u64(v, end, 10, UINT64_MAX, &n)) {
		out->ino = n;
		return out->has_ino = true;
	}
	return false;
}

int proc_fdinfo_parse(const char *buf, size_t len, struct fdinfo *out)
{
	const char *p = buf, *end = buf + len;
	const char *xstart = NULL, *xend = NULL;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		/* extra is one borrowed span, so it runs from the first
		 * unknown line to the end of the last; a fixed line between
		 * two unknown ones (never in kernel output) is inside it. */
		if (eol > p && !known_line(p, eol, out)) {
			if (!xstart)
				xstart = p;
			xend = eol;
		}
		p = nl ? nl + 1 : end;
	}
	if (xstart) {
		out->extra = xstart;
		out->extra_len = (size_t)(xend - xstart);
	}
	return out->has_pos || out->has_flags ? 0 : -EINVAL;
}
