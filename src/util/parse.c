/* Strict number parsing: what strtol accepts (signs, spaces, trailing
 * junk) is too loose for pids on a command line. */
#include "util/parse.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

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

int parse_duration(const char *s, size_t len, uint64_t *secs)
{
	static const struct {
		char unit;
		uint64_t secs;
	} units[] = {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}};
	/* A century: enough for any process, small enough never to wrap
	 * when subtracted from a clock. */
	const uint64_t max = 100ULL * 366 * 86400;
	uint64_t v, mult = 1;
	size_t i;
	if (len && (s[len - 1] < '0' || s[len - 1] > '9')) {
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (s[len - 1] == units[i].unit)
				break;
		if (i == sizeof(units) / sizeof(units[0]))
			return -EINVAL;
		mult = units[i].secs;
		len--;
	}
	if (!parse_dec_u64(s, len, max / mult, &v))
		return -EINVAL;
	*secs = v * mult;
	return 0;
}

/* A uid by name; getpwnam_r's buffer grows for a long passwd line. */
static int lookup_user(const char *name, uid_t *uid)
{
	struct passwd pw, *res = NULL;
	size_t size = 1024;
	char *buf = NULL;
	int r;
	for (;;) {
		buf = xrealloc(buf, size);
		r = getpwnam_r(name, &pw, buf, size, &res);
		if (r != ERANGE || size >= (1u << 20))
			break;
		size *= 2;
	}
	if (res)
		*uid = pw.pw_uid;
	free(buf);
	return res ? 0 : -ENOENT;
}

int parse_user_list(const char *list, uid_t **uids, size_t *n, size_t *alloc,
		    const char **bad, size_t *bad_len)
{
	const char *p = list;
	for (;;) {
		size_t len = strcspn(p, ","), i;
		uint64_t v;
		uid_t uid = 0;
		*bad = p;
		*bad_len = len;
		/* (uid_t)-1 means "no change" to setresuid: never a user. */
		if (parse_dec_u64(p, len, UINT32_MAX - 1, &v)) {
			uid = (uid_t)v;
		} else {
			char *name;
			int r;
			if (!len)
				return -EINVAL;
			name = xmemdup0(p, len);
			r = lookup_user(name, &uid);
			free(name);
			if (r)
				return r;
		}
		for (i = 0; i < *n && (*uids)[i] != uid; i++)
			;
		if (i == *n) {
			*uids = xgrow(*uids, alloc, *n + 1, sizeof(**uids));
			(*uids)[(*n)++] = uid;
		}
		if (!p[len])
			return 0;
		p += len + 1;
	}
}
