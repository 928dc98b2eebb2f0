/* The hidden-pid probe (see pidprobe.h). */
#include "proc/pidprobe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc/pidfile.h"
#include "proc/stat.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The kernel's PID_MAX_LIMIT on 64-bit (4 Mi): more is not a pid_max. */
#define PROBE_PID_LIMIT (4u << 20)

int proc_pid_max(int root_fd, unsigned *out)
{
	struct strbuf sb = STRBUF_INIT;
	char *end;
	unsigned long v;
	int r = proc_read_file(root_fd, "sys/kernel/pid_max", 64, &sb, NULL);
	if (!r) {
		errno = 0;
		v = strtoul(sb.buf, &end, 10);
		if (errno || end == sb.buf || !v || v > PROBE_PID_LIMIT)
			r = -EINVAL;
		else
			*out = (unsigned)v;
	}
	strbuf_release(&sb);
	return r;
}

bool pid_probe_is_leader(const char *status, size_t len, pid_t pid)
{
	const char *p = status, *end = status + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 5 && !memcmp(p, "Tgid:", 5)) {
			const char *v = p + 5;
			unsigned long long t = 0;
			size_t k = (size_t)(v - p);
			while (k < n && (p[k] == ' ' || p[k] == '\t'))
				k++;
			if (k == n)
				return false;
			for (; k < n && p[k] >= '0' && p[k] <= '9'; k++) {
				t = t * 10 + (unsigned)(p[k] - '0');
				if (t > INT32_MAX)
					return false;
			}
			return k == n && t == (unsigned long long)pid;
		}
		p += n + 1;
	}
	return false;
}

/* The pids readdir of /proc lists, as bits, from a fresh open (a
 * directory's offset is per open file: rewinding root_fd is not enough
 * to bypass a cached listing, and would move the caller's). Returns the
 * number listed, or -errno. */
static long list_pids(int root_fd, uint64_t *bits, unsigned pid_max)
{
	struct dirent *de;
	long n = 0;
	DIR *d;
	int fd = openat(root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (!(d = fdopendir(fd))) {
		int e = errno;
		close(fd);
		return -e;
	}
	memset(bits, 0, ((size_t)pid_max / 64 + 1) * sizeof(*bits));
	while ((de = readdir(d))) {
		unsigned long v = 0;
		const char *c = de->d_name;
		if (*c < '1' || *c > '9')
			continue;
		for (; *c >= '0' && *c <= '9' && v <= pid_max; c++)
			v = v * 10 + (unsigned)(*c - '0');
		if (*c || v > pid_max)
			continue;
		bits[v / 64] |= 1ull << (v % 64);
		n++;
	}
	closedir(d);
	return n;
}

int proc_count_pids(int root_fd, size_t *n)
{
	struct dirent *de;
	DIR *d;
	int fd = openat(root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (!(d = fdopendir(fd))) {
		int e = errno;
		close(fd);
		return -e;
	}
	*n = 0;
	while ((de = readdir(d)))
		if (de->d_name[0] >= '1' && de->d_name[0] <= '9')
			(*n)++;
	closedir(d);
	return 0;
}

static bool listed(const uint64_t *bits, unsigned pid)
{
	return bits[pid / 64] & (1ull << (pid % 64));
}

/* The stat of pid: 0 with *st filled, or -errno (-ENOENT: gone). */
static int read_stat(int root_fd, pid_t pid, struct strbuf *sb,
		     struct proc_stat *st)
{
	char name[32];
	int r;
	snprintf(name, sizeof(name), "%d/stat", (int)pid);
	r = proc_read_file(root_fd, name, 4096, sb, NULL);
	if (!r && proc_stat_parse(sb->buf, sb->len, st))
		r = -EINVAL;
	return r;
}

/* Whether a pid that a stat found leads its thread group: a thread's
 * /proc/TID can be opened, but readdir never lists it. A status that
 * cannot be read (not gone) keeps it a candidate. */
static bool leader(int root_fd, pid_t pid, struct strbuf *sb)
{
	char name[32];
	int r;
	snprintf(name, sizeof(name), "%d/status", (int)pid);
	r = proc_read_file(root_fd, name, 1024, sb, NULL);
	if (r)
		return !proc_errno_vanished(-r);
	return pid_probe_is_leader(sb->buf, sb->len, pid);
}

static void add_hidden(struct host_pidprobe *p, pid_t pid)
{
	struct hidden_pid *h;
	p->hidden = xgrow(p->hidden, &p->hidden_alloc, p->nhidden + 1,
			  sizeof(*p->hidden));
	h = &p->hidden[p->nhidden++];
	memset(h, 0, sizeof(*h));
	h->pid = pid;
}

/* Drop the candidates that a fresh readdir lists, that are gone, or
 * whose start time changed (another process on a reused pid). */
static int recheck(int root_fd, struct host_pidprobe *p, uint64_t *bits,
		   struct strbuf *sb)
{
	size_t i, k = 0;
	long n = list_pids(root_fd, bits, p->pid_max);
	if (n < 0)
		return (int)n;
	for (i = 0; i < p->nhidden; i++) {
		struct hidden_pid *h = &p->hidden[i];
		struct proc_stat st;
		if (listed(bits, (unsigned)h->pid) ||
		    read_stat(root_fd, h->pid, sb, &st) ||
		    (h->stat_read && st.start_ticks != h->start_ticks)) {
			p->transient++;
			continue;
		}
		if (!h->stat_read) {
			h->stat_read = true;
			h->ppid = st.ppid;
			h->start_ticks = st.start_ticks;
			memcpy(h->comm, st.comm,
			       st.comm_len < sizeof(h->comm)
				       ? st.comm_len
				       : sizeof(h->comm) - 1);
		}
		p->hidden[k++] = *h;
	}
	p->nhidden = k;
	return 0;
}

int pid_probe_run(int root_fd, struct host_pidprobe *p)
{
	struct strbuf sb = STRBUF_INIT;
	uint64_t *bits = NULL;
	char name[16];
	struct stat st;
	unsigned pid;
	long n;
	int r, round;
	memset(p, 0, sizeof(*p));
	p->ran = true;
	r = proc_pid_max(root_fd, &p->pid_max);
	if (r)
		goto out;
	bits = xcalloc((size_t)p->pid_max / 64 + 1, sizeof(*bits));
	n = list_pids(root_fd, bits, p->pid_max);
	if (n < 0) {
		r = (int)n;
		goto out_free;
	}
	p->listed = (size_t)n;
	for (pid = 1; pid <= p->pid_max; pid++) {
		if (listed(bits, pid))
			continue;
		snprintf(name, sizeof(name), "%u", pid);
		if (fstatat(root_fd, name, &st, AT_SYMLINK_NOFOLLOW))
			continue;
		if (leader(root_fd, (pid_t)pid, &sb))
			add_hidden(p, (pid_t)pid);
	}
	/* The first re-check reads each one's stat, the second checks that
	 * the same process is still there and still unlisted. */
	for (round = 0; round < 2 && p->nhidden && !r; round++)
		r = recheck(root_fd, p, bits, &sb);
	p->confirmed = p->nhidden;
out_free:
	free(bits);
out:
	strbuf_release(&sb);
	if (r) {
		free(p->hidden);
		p->hidden = NULL;
		p->nhidden = p->hidden_alloc = 0;
		p->confirmed = 0;
	}
	p->err = -r;
	return r;
}
