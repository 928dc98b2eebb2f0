/* One process at a time, PID operands or every pid in /proc. */
#include "cmd/each.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "render/stream.h"
#include "render/table.h"
#include "proc/pidfile.h"
#include "util/msg.h"
#include "util/parse.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

int each_opt(struct each *e, const char *cmd, int id, const char *arg)
{
	if (id == EO_ALL) {
		e->all = true;
		return 0;
	}
	return out_opts_opt(&e->oo, cmd, id, arg);
}

void each_need_comm(struct each *e, int comm_col)
{
	size_t i;
	e->bare = !e->oo.json && !e->oo.ndjson;
	for (i = 0; i < e->nsel && e->bare; i++)
		if (e->sel[i] == comm_col)
			e->bare = false;
}

int each_columns(struct each *e, const char *cmd, FILE *out,
		 const struct out_col *cols, size_t ncols, const int *def,
		 size_t ndef)
{
	int r = out_opts_finish(&e->oo, cmd, out);
	if (r)
		return r;
	return out_opts_columns(&e->oo, cmd, cols, ncols, def, ndef, e->sel,
				sizeof(e->sel) / sizeof(e->sel[0]), &e->nsel);
}

struct out_stream each_stream(const struct each *e, FILE *out, bool ascii,
			      const struct out_col *cols)
{
	struct out_stream s = {
		.fp = out,
		.json = e->oo.json || e->oo.ndjson,
		.ndjson = e->oo.ndjson,
		.pretty = e->oo.pretty,
		.noheadings = e->oo.noheadings,
		.style = e->oo.style,
		.ascii = ascii,
		.cols = cols,
		.sel = e->sel,
		.nsel = e->nsel,
	};
	return s;
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

/* The ordered parallel walk. Workers take processes in order, render each
 * into a memory buffer of its own, and the main thread writes the buffers
 * out in order: /proc reads are kernel time, and two cores halve the
 * wall time. At most WINDOW processes are in flight, and workers stop
 * taking new ones while more than BUDGET bytes of output wait to be
 * written, so memory stays bounded whatever the processes hold. */
#define WORKERS 2
#define WINDOW 64
#define CHUNK 4		   /* processes per claim; divides WINDOW */
#define BUDGET (32u << 20) /* bytes rendered but not yet written */

enum slot_state { SLOT_FREE, SLOT_DONE };

struct slot {
	enum slot_state state;
	char *buf; /* rendered output */
	size_t len;
	int r; /* fn's result; -ENOENT: not there */
};

struct walk {
	const pid_t *pids;
	size_t n;
	size_t next;	/* next index a worker takes */
	size_t written; /* next index the writer needs */
	size_t pending; /* bytes in done slots not yet written */
	struct slot slots[WINDOW];
	pthread_mutex_t lock;
	pthread_cond_t done, space;
	int root_fd;
	struct out_stream tmpl; /* a copy: the writer changes the real one */
	each_fn fn;
	void *arg;
	bool bare, unreadable_too;
	unsigned facets;
	struct psnap_shared *shared;
};

int each_proc_need(const struct each_proc *p, unsigned facets)
{
	return psnap_read(p->snap, p->dir_fd, facets, p->shared, p->scratch);
}

/* One process into s->buf. */
static void render_one(struct walk *w, pid_t pid, struct slot *s,
		       struct psnap *snap, struct strbuf *scratch)
{
	struct each_proc p = {.pid = pid, .snap = snap};
	struct out_stream part;
	unsigned facets = w->facets;
	s->buf = NULL;
	s->len = 0;
	s->r = -ENOENT;
	psnap_init(snap, pid);
	p.dir_fd = proc_open_pid(w->root_fd, pid);
	if (p.dir_fd < 0)
		goto out;
	if (!w->bare)
		facets |= FACET_BIT(FACET_STAT);
	p.shared = w->shared;
	p.scratch = scratch;
	if (psnap_read(snap, p.dir_fd, facets, w->shared, scratch))
		goto out_close;
	if (!w->bare && !psnap_has(snap, FACET_STAT) && !w->unreadable_too) {
		/* Listed but not readable (hidepid=1, an LSM). */
		s->r = -snap->err[FACET_STAT];
		goto out_close;
	}
	if (!w->bare) {
		p.comm = snap->proc.comm;
		p.start_ticks = snap->proc.start_ticks;
	}
	out_stream_part(&w->tmpl, &part, &s->buf, &s->len);
	s->r = w->fn(&p, &part, w->arg);
	out_stream_part_end(&part);
out_close:
	close(p.dir_fd);
out:
	psnap_release(snap);
}

/* May a worker take process w->next now? Not past the window, and not
 * while too much output waits, unless the writer waits for exactly it. */
static bool may_take(const struct walk *w)
{
	return w->next + CHUNK <= w->written + WINDOW &&
	       (w->pending <= BUDGET || w->next == w->written);
}

static void *worker(void *arg)
{
	struct walk *w = arg;
	struct slot got[CHUNK];
	struct psnap snap;
	struct strbuf scratch = STRBUF_INIT;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		size_t i, k, n;
		while (w->next < w->n && !may_take(w))
			pthread_cond_wait(&w->space, &w->lock);
		if (w->next >= w->n)
			break;
		/* A few processes per claim: one lock and one wake-up per
		 * chunk, not per process. */
		i = w->next;
		n = w->n - i < CHUNK ? w->n - i : CHUNK;
		w->next += n;
		pthread_mutex_unlock(&w->lock);
		for (k = 0; k < n; k++)
			render_one(w, w->pids[i + k], &got[k], &snap, &scratch);
		pthread_mutex_lock(&w->lock);
		for (k = 0; k < n; k++) {
			got[k].state = SLOT_DONE;
			w->slots[(i + k) % WINDOW] = got[k];
			w->pending += got[k].len;
		}
		pthread_cond_broadcast(&w->done);
	}
	pthread_mutex_unlock(&w->lock);
	strbuf_release(&scratch);
	return NULL;
}

struct tally {
	size_t seen, unreadable;
	int err;
};

/* Account for and write one finished process. Returns 1 when it was not
 * there. */
static int finish(struct slot *s, struct out_stream *out, struct tally *t)
{
	int missing = proc_errno_vanished(s->r);
	if (!missing) {
		out_stream_splice(out, s->buf, s->len);
		t->seen++;
		if (s->r) {
			t->unreadable++;
			if (!t->err)
				t->err = -s->r;
		}
	}
	free(s->buf);
	return missing;
}

static void note_missing(bool report, const char *cmd, pid_t pid,
			 size_t *missing)
{
	if (!report)
		return;
	msg_error("%s: no process with pid %d", cmd, (int)pid);
	(*missing)++;
}

/* Walk pids in order; a pid that is not there is reported (missing) when
 * report_missing, else skipped quietly. Returns how many were missing. */
static size_t walk(int root_fd, const pid_t *pids, size_t n,
		   const struct each *e, struct out_stream *out, each_fn fn,
		   void *arg, struct tally *t, bool report_missing,
		   const char *cmd)
{
	struct walk *w = xcalloc(1, sizeof(*w));
	pthread_t th[WORKERS];
	size_t missing = 0, k;
	int started = 0;
	w->pids = pids;
	w->n = n;
	w->root_fd = root_fd;
	w->tmpl = *out;
	w->fn = fn;
	w->arg = arg;
	w->bare = e->bare;
	w->facets = e->facets;
	w->unreadable_too = e->unreadable_too;
	w->shared = e->shared;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->done, NULL);
	pthread_cond_init(&w->space, NULL);
	for (k = 0; k < WORKERS && k < n; k++)
		if (!pthread_create(&th[k], NULL, worker, w))
			started++;
	if (!started) {
		/* No threads to be had (a process limit): one at a time,
		 * here, straight through. */
		struct psnap snap;
		struct strbuf scratch = STRBUF_INIT;
		for (k = 0; k < n; k++) {
			struct slot s;
			render_one(w, pids[k], &s, &snap, &scratch);
			if (finish(&s, out, t))
				note_missing(report_missing, cmd, pids[k],
					     &missing);
		}
		strbuf_release(&scratch);
		goto out;
	}
	pthread_mutex_lock(&w->lock);
	while (w->written < n) {
		struct slot *s = &w->slots[w->written % WINDOW];
		struct slot mine;
		if (s->state != SLOT_DONE) {
			pthread_cond_wait(&w->done, &w->lock);
			continue;
		}
		mine = *s;
		s->state = SLOT_FREE;
		pthread_mutex_unlock(&w->lock);
		if (finish(&mine, out, t))
			note_missing(report_missing, cmd, pids[w->written],
				     &missing);
		pthread_mutex_lock(&w->lock);
		w->pending -= mine.len;
		w->written++;
		pthread_cond_broadcast(&w->space);
	}
	pthread_mutex_unlock(&w->lock);
	for (k = 0; k < (size_t)started; k++)
		pthread_join(th[k], NULL);
out:
	pthread_cond_destroy(&w->space);
	pthread_cond_destroy(&w->done);
	pthread_mutex_destroy(&w->lock);
	free(w);
	return missing;
}

static pid_t pid_of(const char *name)
{
	pid_t pid;
	return parse_pid(name, strlen(name), &pid) ? 0 : pid;
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return (x > y) - (x < y);
}

/* Every pid in /proc but skip, ascending: /proc lists them so, a
 * snapshot's tree (tmpfs) does not. */
static int list_all(int root_fd, pid_t skip, pid_t **pids, size_t *n)
{
	size_t alloc = 0;
	struct dirent *de;
	int fd = openat(root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return -e;
	}
	*n = 0;
	while ((de = readdir(d))) {
		pid_t pid = pid_of(de->d_name);
		if (!pid || pid == skip)
			continue;
		*pids = xgrow(*pids, &alloc, *n + 1, sizeof(**pids));
		(*pids)[(*n)++] = pid;
	}
	closedir(d);
	if (*n)
		qsort(*pids, *n, sizeof(**pids), cmp_pid);
	return 0;
}

int each_run(const struct each *e0, const char *cmd, const char *what,
	     struct out_stream *out, each_fn fn, void *arg)
{
	struct tally t = {0};
	struct psnap_shared own;
	struct each ee = *e0, *e = &ee;
	pid_t *all = NULL;
	size_t nall = 0;
	int root_fd = proc_open_root(e0->src), ret = 0, r;
	if (root_fd < 0) {
		msg_error("%s: cannot read /proc: %s", cmd, strerror(-root_fd));
		return EXIT_RUNTIME;
	}
	if (!e->shared) {
		psnap_shared_init(&own, root_fd);
		e->shared = &own;
	}
	if (e->all) {
		r = list_all(root_fd, e->skip_pid, &all, &nall);
		if (r) {
			msg_error("%s: cannot list /proc: %s", cmd,
				  strerror(-r));
			ret = EXIT_RUNTIME;
			goto out;
		}
		walk(root_fd, all, nall, e, out, fn, arg, &t, false, cmd);
	}
	if (walk(root_fd, e->pids, e->npids, e, out, fn, arg, &t, true, cmd))
		ret = EXIT_RUNTIME;
	/* What this /proc does not list at all, said once (a command's
	 * walk: judging and the pipe index say it their own way). */
	if (what) {
		struct cmd_visibility v;
		cmd_visibility_read(e->src, &v);
		cmd_visibility_warn(cmd, &v);
	}
	if (t.unreadable && what)
		msg_warn("%zu of %zu processes: %s not readable: %s%s%s",
			 t.unreadable, t.seen, what, strerror(t.err),
			 cmd_privilege_hint(e->src, t.err) ? "; " : "",
			 cmd_privilege_hint(e->src, t.err)
				 ? cmd_privilege_hint(e->src, t.err)
				 : "");
out:
	if (e->shared == &own)
		psnap_shared_release(&own);
	free(all);
	close(root_fd);
	return ret;
}

void each_release(struct each *e)
{
	free(e->pids);
	memset(e, 0, sizeof(*e));
}

struct main_opt_arg {
	const struct command *cmd;
	const struct each_command *ec;
	struct each *e;
	void *state;
};

static int main_opt(void *arg, int id, const char *val)
{
	const struct main_opt_arg *a = arg;
	int r = a->ec->flags ? cmd_set_flag(a->state, a->ec->flags, id) : 1;
	if (r == 1 && a->ec->opt)
		r = a->ec->opt(a->state, id, val);
	if (r == 1)
		r = each_opt(a->e, a->cmd->name, id, val);
	return r == 1 ? EXIT_USAGE : r;
}

int each_main(const struct command *cmd, const struct each_command *ec,
	      struct each *e, void *state, struct ctx *ctx, int argc,
	      char **argv)
{
	struct main_opt_arg a = {cmd, ec, e, state};
	struct out_stream out;
	const int *def;
	size_t ndef;
	int first, r, r2;
	e->src = ctx->src;
	r = cmd_parse_opts(cmd, ctx, argc, argv, main_opt, &a, &first);
	if (!r)
		r = each_operands(e, cmd->name, argc, argv, first);
	if (!r) {
		def = ec->defaults(state, &ndef);
		r = each_columns(e, cmd->name, ctx->out, cmd->columns,
				 cmd->ncolumns, def, ndef);
	}
	if (r)
		goto out;
	each_need_comm(e, out_col_find(cmd->columns, cmd->ncolumns, "comm", 4));
	e->facets = ec->facets;
	out = each_stream(e, ctx->out, ctx->ascii_locale, cmd->columns);
	r = ec->prepare ? ec->prepare(state, e, &out) : 0;
	if (r)
		goto out;
	out_stream_begin(&out);
	r = each_run(e, cmd->name, ec->what, &out, ec->one, state);
	r2 = out_stream_end(&out);
	if (!r && r2)
		r = EXIT_RUNTIME;
out:
	if (ec->release)
		ec->release(state);
	each_release(e);
	return r < 0 ? EXIT_OK : r;
}
