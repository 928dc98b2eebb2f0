/* A zombie thread-group leader's live threads (see leader.h). */
#include "proc/leader.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "proc/pidfile.h"
#include "proc/stat.h"

static pid_t tid_of(const char *name)
{
	char *end;
	long v = strtol(name, &end, 10);
	return *name >= '0' && *name <= '9' && !*end && v > 0 && v <= 0x3fffffff
		       ? (pid_t)v
		       : 0;
}

/* Whether task/TID below task_fd lives (not a zombie, not dead). */
static bool lives(int task_fd, pid_t t, struct strbuf *sb)
{
	struct proc_stat st;
	char name[32];
	snprintf(name, sizeof(name), "%d/stat", (int)t);
	return !proc_read_file(task_fd, name, 4096, sb, NULL) &&
	       !proc_stat_parse(sb->buf, sb->len, &st) && st.state != 'Z' &&
	       st.state != 'X';
}

int proc_open_thread_again(int dir_fd, pid_t pid, pid_t *tid, struct strbuf *sb)
{
	if (*tid > 0 && *tid != pid) {
		char name[32];
		int task = openat(dir_fd, "task",
				  O_RDONLY | O_DIRECTORY | O_CLOEXEC),
		    fd = -1;
		if (task >= 0) {
			snprintf(name, sizeof(name), "%d", (int)*tid);
			if (lives(task, *tid, sb))
				fd = openat(task, name,
					    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			close(task);
		}
		if (fd >= 0)
			return fd;
	}
	return proc_open_live_thread(dir_fd, pid, tid, sb);
}

int proc_open_live_thread(int dir_fd, pid_t pid, pid_t *tid, struct strbuf *sb)
{
	struct dirent *de;
	DIR *d;
	int r = -ESRCH;
	int task = openat(dir_fd, "task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (task < 0)
		return -errno;
	if (!(d = fdopendir(task))) {
		r = -errno;
		close(task);
		return r;
	}
	/* The first live one: a thread's files are the group's (fd/ and
	 * memory are shared by every thread pthread_create makes). */
	while ((de = readdir(d))) {
		pid_t t = tid_of(de->d_name);
		int fd;
		if (!t || t == pid || !lives(dirfd(d), t, sb))
			continue;
		fd = openat(dirfd(d), de->d_name,
			    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			continue;
		*tid = t;
		r = fd;
		break;
	}
	closedir(d);
	return r;
}

int proc_leader_dir(int dir_fd, pid_t pid, pid_t *tid, struct strbuf *sb)
{
	struct proc_stat st;
	if (proc_read_file(dir_fd, "stat", 4096, sb, NULL) ||
	    proc_stat_parse(sb->buf, sb->len, &st) ||
	    !thread_leader_gone(st.state, st.threads))
		return -ESRCH;
	return proc_open_live_thread(dir_fd, pid, tid, sb);
}
