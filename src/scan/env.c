/* The environment scanner: every variable of every process (or of the
 * pids asked for) through the env rules. */
#include "scan/scanner.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/env.h"
#include "proc/environ.h"
#include "proc/pidfile.h"
#include "proc/stat.h"
#include "util/parse.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define ENVIRON_CAP (16u << 20)

static int scan_one(struct scan_ctx *ctx, int root_fd, pid_t pid,
		    struct findings *out)
{
	struct strbuf sb = STRBUF_INIT, where = STRBUF_INIT;
	struct env_var *vars = NULL;
	struct proc_stat st;
	char *comm = NULL;
	size_t n = 0, i, k;
	int r, dir_fd = proc_open_pid(root_fd, pid);
	if (dir_fd < 0)
		return -ENOENT;
	r = proc_read_file(dir_fd, "stat", 4096, &sb, NULL);
	if (r || proc_stat_parse(sb.buf, sb.len, &st)) {
		r = -ENOENT;
		goto out;
	}
	comm = xmemdup0(st.comm, st.comm_len);
	r = proc_read_mem_file(dir_fd, "environ", ENVIRON_CAP, &sb, NULL);
	if (r)
		goto out;
	proc_environ_parse(sb.buf, sb.len, &vars, &n);
	for (i = 0; i < n; i++) {
		struct match_set v = {.n = 0};
		if (!vars[i].value)
			continue;
		ruleset_match_env(ctx->rules, vars[i].name, vars[i].name_len,
				  vars[i].value, vars[i].value_len,
				  match_set_collect, &v);
		for (k = 0; k < v.n; k++) {
			if (match_set_shadowed(&v, k))
				continue;
			strbuf_reset(&where);
			strbuf_addstr(&where, "env:");
			strbuf_add(&where, vars[i].name, vars[i].name_len);
			scan_fill(findings_add(out), ctx, &v.m[k], pid,
				  st.start_ticks, comm, strlen(comm), where.buf,
				  where.len);
		}
	}
out:
	free(vars);
	free(comm);
	strbuf_release(&sb);
	strbuf_release(&where);
	close(dir_fd);
	return r;
}

static void tally(struct scan_ctx *ctx, int r, bool asked)
{
	if (proc_errno_vanished(r)) {
		if (asked)
			ctx->missing++;
		return;
	}
	ctx->scanned++;
	if (r) {
		ctx->unreadable++;
		if (!ctx->unreadable_errno)
			ctx->unreadable_errno = -r;
	}
}

static int run(struct scan_ctx *ctx, struct findings *out)
{
	int root_fd = proc_open_root(), fd;
	struct dirent *de;
	DIR *d;
	size_t i;
	if (root_fd < 0)
		return root_fd;
	if (ctx->pids) {
		for (i = 0; i < ctx->npids; i++)
			tally(ctx, scan_one(ctx, root_fd, ctx->pids[i], out),
			      true);
		close(root_fd);
		return 0;
	}
	fd = openat(root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		close(root_fd);
		return -e;
	}
	while ((de = readdir(d))) {
		pid_t pid;
		if (parse_pid(de->d_name, strlen(de->d_name), &pid))
			continue;
		tally(ctx, scan_one(ctx, root_fd, pid, out), false);
	}
	closedir(d);
	close(root_fd);
	return 0;
}

const struct scanner scan_env = {
	.name = "env",
	.summary = "secrets in process environments (/proc/PID/environ)",
	.run = run,
};
