/* One process at a time, PID operands or every pid in /proc. */
#include "cmd/each.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "out/table.h"
#include "proc/pidfile.h"
#include "proc/stat.h"
#include "util/msg.h"
#include "util/parse.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

int each_opt(struct each *e, int id, const char *arg)
{
	switch (id) {
	case EO_ALL:
		e->all = true;
		return 0;
	case EO_OUTPUT:
		e->columns = arg;
		return 0;
	case EO_JSON:
		e->json = true;
		return 0;
	case EO_PRETTY:
		e->json = e->pretty = true;
		return 0;
	case EO_NOHEADINGS:
		e->noheadings = true;
		return 0;
	}
	return 1;
}

int each_columns(struct each *e, const char *cmd, const struct out_col *cols,
		 size_t ncols, const int *def, size_t ndef)
{
	const char *bad;
	size_t bad_len;
	int r;
	if (!e->columns) {
		memcpy(e->sel, def, ndef * sizeof(*def));
		e->nsel = ndef;
		return 0;
	}
	r = out_cols_parse(cols, ncols, e->columns, def, ndef, e->sel,
			   sizeof(e->sel) / sizeof(e->sel[0]), &e->nsel, &bad,
			   &bad_len);
	if (r == -E2BIG) {
		msg_error("%s: too many columns in '%s'", cmd, e->columns);
		return EXIT_USAGE;
	}
	if (r) {
		msg_error("%s: unknown column '%.*s' in '%s'; see 'procsift "
			  "%s --help'",
			  cmd, (int)bad_len, bad, e->columns, cmd);
		return EXIT_USAGE;
	}
	return 0;
}

int each_operands(struct each *e, const char *cmd, int argc, char **argv,
		  int first)
{
	int i;
	if (e->all && first < argc) {
		msg_error("%s: give PIDs or --all, not both", cmd);
		return EXIT_USAGE;
	}
	if (!e->all && first >= argc) {
		msg_error("%s: which process? give PIDs or --all", cmd);
		return EXIT_USAGE;
	}
	for (i = first; i < argc; i++) {
		pid_t pid;
		if (parse_pid(argv[i], strlen(argv[i]), &pid)) {
			msg_error("%s: '%s' is not a pid", cmd, argv[i]);
			return EXIT_USAGE;
		}
		e->pids = xgrow(e->pids, &e->alloc, e->npids + 1,
				sizeof(*e->pids));
		e->pids[e->npids++] = pid;
	}
	return 0;
}

struct tally {
	size_t seen, unreadable;
	int err;
};

/* Returns -ENOENT when the process is not there (or went away). */
static int one(int root_fd, pid_t pid, struct strbuf *sb,
	       int (*fn)(const struct each_proc *p, void *arg), void *arg,
	       struct tally *t)
{
	struct each_proc p = {.pid = pid};
	struct proc_stat st;
	char *comm = NULL;
	int r;
	p.dir_fd = proc_open_pid(root_fd, pid);
	if (p.dir_fd < 0)
		return -ENOENT;
	r = proc_read_file(p.dir_fd, "stat", 4096, sb, NULL);
	if (r || proc_stat_parse(sb->buf, sb->len, &st)) {
		close(p.dir_fd);
		return -ENOENT;
	}
	comm = xmemdup0(st.comm, st.comm_len);
	p.comm = comm;
	p.start_ticks = st.start_ticks;
	r = fn(&p, arg);
	free(comm);
	close(p.dir_fd);
	if (proc_errno_vanished(r))
		return -ENOENT;
	t->seen++;
	if (r) {
		t->unreadable++;
		if (!t->err)
			t->err = -r;
	}
	return 0;
}

static pid_t pid_of(const char *name)
{
	pid_t pid;
	return parse_pid(name, strlen(name), &pid) ? 0 : pid;
}

int each_run(const struct each *e, const char *cmd, const char *what,
	     int (*fn)(const struct each_proc *p, void *arg), void *arg)
{
	struct strbuf sb = STRBUF_INIT;
	struct tally t = {0};
	int root_fd = proc_open_root(), ret = 0;
	size_t i;
	if (root_fd < 0) {
		msg_error("%s: cannot read /proc: %s", cmd, strerror(-root_fd));
		return EXIT_RUNTIME;
	}
	if (e->all) {
		int fd = openat(root_fd, ".", O_RDONLY | O_DIRECTORY);
		DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
		struct dirent *de;
		if (!d) {
			msg_error("%s: cannot list /proc: %s", cmd,
				  strerror(errno));
			if (fd >= 0)
				close(fd);
			ret = EXIT_RUNTIME;
			goto out;
		}
		while ((de = readdir(d))) {
			pid_t pid = pid_of(de->d_name);
			if (pid)
				one(root_fd, pid, &sb, fn, arg, &t);
		}
		closedir(d);
	}
	for (i = 0; i < e->npids; i++) {
		if (one(root_fd, e->pids[i], &sb, fn, arg, &t)) {
			msg_error("%s: no process with pid %d", cmd,
				  (int)e->pids[i]);
			ret = EXIT_RUNTIME;
		}
	}
	if (t.unreadable)
		msg_warn("%zu of %zu processes: %s not readable: %s%s",
			 t.unreadable, t.seen, what, strerror(t.err),
			 (t.err == EACCES || t.err == EPERM) && geteuid()
				 ? "; run as root to read them"
				 : "");
out:
	strbuf_release(&sb);
	close(root_fd);
	return ret;
}

void each_release(struct each *e)
{
	free(e->pids);
	memset(e, 0, sizeof(*e));
}
