/* procsift fds PID...|--all: open file descriptors, classified from the
 * link text and the link's own mode, never by touching the target. */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "cmd/each.h"
#include "render/fd_view.h"
#include "proc/fds.h"
#include "proc/pidfile.h"
#include "model/nstab.h"

enum { FDS_FDINFO = 1, FDS_ALL_PEERS };

static const struct cmd_opt fds_opts[] = {
	EACH_OPTS,
	{FDS_FDINFO, "fdinfo", 'i', NULL, COMPLETE_NONE,
	 "also read fdinfo: position, open flags, mount id"},
	{FDS_ALL_PEERS, "all-peers", 0, NULL, COMPLETE_NONE,
	 "list every process sharing a pipe in JSON (default: the first "
	 "3 and a count)"},
	{0},
};

struct fds_state {
	struct each e;
	bool fdinfo, all_peers;
	struct pipe_index pipes; /* built before the walk */
	pthread_mutex_t lock;	 /* guards pipes while it is built */
};

static const struct cmd_flag fds_flags[] = {
	{FDS_FDINFO, offsetof(struct fds_state, fdinfo)},
	{FDS_ALL_PEERS, offsetof(struct fds_state, all_peers)},
	{0},
};

static const int *fds_defaults(const void *state, size_t *ndef)
{
	const struct fds_state *st = state;
	*ndef = st->fdinfo ? 7 : 5;
	return st->fdinfo ? fd_cols_fdinfo : fd_cols_default;
}

/* Every process's pipe fds, once, the first time a pipe needs its other
 * end (with --all, before the walk): a readlink per fd on the whole host.
 * Workers index into their own list and merge under the lock. */
static int index_one(const struct each_proc *p, struct out_stream *out,
		     void *arg)
{
	struct fds_state *st = arg;
	struct pipe_index mine = {0};
	(void)out;
	pipe_index_add(&mine, p->dir_fd, p->pid, p->scratch);
	pthread_mutex_lock(&st->lock);
	pipe_index_merge(&st->pipes, &mine);
	pthread_mutex_unlock(&st->lock);
	pipe_index_release(&mine);
	return 0;
}

static void build_pipes(struct fds_state *st, struct out_stream *out)
{
	struct each all = {.all = true, .bare = true, .src = st->e.src};
	each_run(&all, "fds", NULL, out, index_one, st);
	pipe_index_sort(&st->pipes);
}

static int one(const struct each_proc *p, struct out_stream *out, void *arg)
{
	struct fds_state *st = arg;
	struct psnap *s = p->snap;
	struct fd_list *list = &s->fds;
	size_t i;
	/* Partly readable: the list shows what could be read, with the
	 * error beside it. */
	for (i = 0; i < list->n; i++) {
		struct fd_entry *e = &list->e[i];
		if (e->type == FD_SOCKET && e->inode) {
			if (!(s->loaded & FACET_BIT(FACET_SOCKETS)) &&
			    each_proc_need(p, FACET_BIT(FACET_SOCKETS)))
				return -ESRCH;
			e->sock = netns_lookup(s->net, e->inode);
		} else if (e->type == FD_PIPE && e->inode) {
			pipe_index_peers(&st->pipes, p->pid, e, st->all_peers);
		}
	}
	fd_view_emit(out, p->pid, p->snap->proc.via_tid, p->comm, list,
		     st->fdinfo);
	return -s->err[FACET_FDS];
}

/* Whether one of the PID operands holds a pipe (a readlink per fd). */
static bool any_pipe(const struct each *e)
{
	struct pipe_index ix = {0};
	struct strbuf sb = STRBUF_INIT;
	int root = proc_open_root(e->src);
	size_t i;
	bool any;
	for (i = 0; root >= 0 && i < e->npids; i++) {
		int dir = proc_open_pid(root, e->pids[i]);
		if (dir >= 0) {
			pipe_index_add(&ix, dir, e->pids[i], &sb);
			close(dir);
		}
	}
	any = ix.n > 0;
	strbuf_release(&sb);
	pipe_index_release(&ix);
	if (root >= 0)
		close(root);
	return any;
}

static bool wants_info(const struct each *e)
{
	size_t i;
	for (i = 0; i < e->nsel; i++)
		if (e->sel[i] == FC_POS || e->sel[i] == FC_FLAGS ||
		    e->sel[i] == FC_MNT_ID)
			return true;
	return false;
}

static int fds_prepare(void *state, struct each *e, struct out_stream *out)
{
	struct fds_state *st = state;
	st->fdinfo = st->fdinfo || wants_info(e);
	if (st->fdinfo)
		e->facets |= FACET_BIT(FACET_FDINFO);
	/* Pipe ends need every process's fds first; only a listing with a
	 * pipe in it pays for that, which --all almost always has. */
	if (e->all || any_pipe(e))
		build_pipes(st, out);
	return 0;
}

static void fds_release(void *state)
{
	struct fds_state *st = state;
	pipe_index_release(&st->pipes);
	pthread_mutex_destroy(&st->lock);
}

static int fds_run(const struct command *cmd, struct ctx *ctx, int argc,
		   char **argv)
{
	static const struct each_command ec = {.what = "fd",
					       .facets = FACET_BIT(FACET_FDS),
					       .flags = fds_flags,
					       .defaults = fds_defaults,
					       .prepare = fds_prepare,
					       .release = fds_release,
					       .one = one};
	struct fds_state st = {.lock = PTHREAD_MUTEX_INITIALIZER};
	return each_main(cmd, &ec, &st.e, &st, ctx, argc, argv);
}

const struct command cmd_fds = {
	.name = "fds",
	.summary = "list open file descriptors with socket endpoints",
	.usage = "PID...|--all",
	.details = "Types come from the fd link, its own mode, fdinfo and "
		   "the target's inode (a stat through the link, never an "
		   "open; not on network or FUSE file systems, where a stat "
		   "can hang). Sockets resolve from each process's own "
		   "network namespace. A pipe shows the first 3 other "
		   "processes holding it and how many more.",
	.privileges =
		"For another user's process, CAP_SYS_PTRACE (the ptrace "
		"read check guards each fd link and fdinfo file, and the "
		"ns/net link) and CAP_DAC_READ_SEARCH (fd/ and fdinfo/ are "
		"directories of mode 0500, owned by the process's user); "
		"the socket tables in /proc/PID/net are world-readable.",
	.opts = fds_opts,
	.operands = COMPLETE_PID,
	CMD_COLUMNS(fd_cols),
	.run = fds_run,
};
