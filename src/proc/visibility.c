/* What a /proc does not show (see visibility.h). */
#include "proc/visibility.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc/pidfile.h"
#include "util/strbuf.h"

static int ns_link(int root_fd, const char *name, uint64_t *ino)
{
	char buf[64];
	unsigned long long v;
	ssize_t n = readlinkat(root_fd, name, buf, sizeof(buf) - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	if (sscanf(buf, "pid:[%llu]", &v) != 1)
		return -EINVAL;
	*ino = v;
	return 0;
}

int proc_pidns_is_host(int root_fd, uint64_t *ino)
{
	char self[32];
	ssize_t n;
	int r;
	*ino = 0;
	n = readlinkat(root_fd, "self", self, sizeof(self) - 1);
	if (n < 0)
		/* No self here: this mount's namespace does not hold
		 * procsift, so it is below procsift's, not the host's. */
		return errno == ENOENT ? 0 : -errno;
	self[n] = '\0';
	/* The mount's own namespace: procsift's when self is procsift's
	 * own pid (a mount of its namespace), else that of the mount's
	 * pid 1 (the host's /proc seen from a container: --proc-root). */
	if (strtol(self, NULL, 10) == (long)getpid())
		r = ns_link(root_fd, "self/ns/pid", ino);
	else
		r = ns_link(root_fd, "1/ns/pid", ino);
	if (r)
		return r;
	return *ino == PROC_PIDNS_INIT_INO;
}

int proc_tasks_total(int root_fd, long *total)
{
	struct strbuf sb = STRBUF_INIT;
	const char *slash;
	char *end;
	int r = proc_read_file(root_fd, "loadavg", 256, &sb, NULL);
	/* "0.00 0.01 0.05 1/123 4567" */
	if (!r &&
	    (!(slash = memchr(sb.buf, '/', sb.len)) ||
	     (*total = strtol(slash + 1, &end, 10)) <= 0 || end == slash + 1))
		r = -EINVAL;
	strbuf_release(&sb);
	return r;
}

long proc_tasks_listed(int root_fd)
{
	struct dirent *de;
	long n = 0;
	DIR *d;
	int fd = openat(root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((de = readdir(d))) {
		char name[300];
		struct stat st;
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(name, sizeof(name), "%s/task", de->d_name);
		if (!fstatat(dirfd(d), name, &st, 0) && st.st_nlink > 2)
			n += (long)st.st_nlink - 2;
	}
	closedir(d);
	return n;
}
