/* Member names a snapshot may hold, the places where /proc has links, and
 * the default limits of a load. */
#include "proc/snapfile.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc/snapfile_impl.h"

enum {
	NAME_MAX_LEN = 255,
	NAME_MAX_DEPTH = 12,
};

bool snapfile_name_valid(const char *name)
{
	size_t len = 0, comp = 0, depth = 0;
	const char *start = name;

	for (const char *p = name;; p++, len++) {
		unsigned char c = (unsigned char)*p;
		if (c == '/' || c == '\0') {
			if (comp == 0 || (comp == 1 && start[0] == '.') ||
			    (comp == 2 && start[0] == '.' && start[1] == '.'))
				return false;
			if (++depth > NAME_MAX_DEPTH)
				return false;
			if (c == '\0')
				break;
			comp = 0;
			start = p + 1;
			continue;
		}
		if (!isascii(c) || !(isalnum(c) || strchr("._:+-", c)))
			return false;
		comp++;
	}
	return len <= NAME_MAX_LEN;
}

/* Whether `s`, up to its end or a '/', is a decimal number without a
 * leading zero; *end is set past it. */
static bool number(const char *s, const char **end)
{
	const char *p = s;
	while (*p >= '0' && *p <= '9')
		p++;
	*end = p;
	return p > s && (s[0] != '0' || p - s == 1) &&
	       (*p == '\0' || *p == '/');
}

/* The links of one pid or task directory, `rest` following "PID/". */
static bool pid_link_place(const char *rest)
{
	const char *end;

	if (!strcmp(rest, "exe") || !strcmp(rest, "cwd") ||
	    !strcmp(rest, "root"))
		return true;
	if (!strncmp(rest, "ns/", 3))
		return rest[3] && !strchr(rest + 3, '/');
	if (!strncmp(rest, "fd/", 3))
		return number(rest + 3, &end) && !*end;
	return false;
}

bool snapfile_link_place(const char *name)
{
	const char *p, *end;

	if (!strcmp(name, "proc/self") || !strcmp(name, "proc/thread-self"))
		return true;
	if (strncmp(name, "proc/", 5) || !number(name + 5, &end) || !*end)
		return false;
	p = end + 1;
	if (!strncmp(p, "task/", 5)) {
		if (!number(p + 5, &end) || !*end)
			return false;
		p = end + 1;
	}
	return pid_link_place(p);
}

void snapfile_limits_default(struct snapfile_limits *l)
{
	uint64_t avail = 0;
	char buf[4096], *p;
	ssize_t n = -1;
	int fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	if (n > 0) {
		buf[n] = '\0';
		p = strstr(buf, "\nMemAvailable:");
		if (p)
			avail = strtoull(p + 14, NULL, 10) * SNAPFILE_KiB;
	}
	l->member_max = 256 * SNAPFILE_MiB;
	l->etcd_member_max = 16 * SNAPFILE_GiB;
	/* Without MemAvailable (an old kernel) assume 2 GiB free. */
	l->total_max = avail ? avail / 2 : 1 * SNAPFILE_GiB;
	if (l->total_max > 16 * SNAPFILE_GiB)
		l->total_max = 16 * SNAPFILE_GiB;
	l->members_max = 4000000;
	l->manifest_max = 512 * SNAPFILE_MiB;
}
