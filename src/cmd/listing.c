/* Shared by tree and ps: options, reading the table, emitting output. */
#include "cmd/listing.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "proc/ctrnames.h"
#include "render/colrow.h"
#include "proc/pidfile.h"
#include "proc/pids.h"
#include "util/msg.h"

void listing_init(struct listing *l)
{
	memset(l, 0, sizeof(*l));
}

int listing_opt(struct listing *l, const char *cmd, int id, const char *arg)
{
	int r = out_opts_opt(&l->oo, cmd, id, arg);
	if (r != 1)
		return r;
	switch (id) {
	case LO_ALL:
		l->all = true;
		return 0;
	case LO_REVEAL:
		l->reveal = true;
		return 0;
	}
	return rule_opts_opt(&l->ro, id, arg) ? EXIT_USAGE : 0;
}

void listing_release(struct listing *l)
{
	rule_opts_release(&l->ro);
}

int listing_finish(struct listing *l, const char *cmd, FILE *out)
{
	int r = out_opts_finish(&l->oo, cmd, out);
	if (r)
		return r;
	return out_opts_columns(&l->oo, cmd, proc_cols, PC__COUNT,
				proc_cols_default,
				sizeof(proc_cols_default) / sizeof(int), l->sel,
				sizeof(l->sel) / sizeof(l->sel[0]), &l->nsel);
}

static const char *gap_hint(const struct proc_source *src, int err)
{
	const char *h = cmd_privilege_hint(src, err);
	return h ? h : "";
}

/* Read per-process files only where they are shown or filtered on: JSON
 * is complete, text shows its columns. */
static unsigned wanted(const struct listing *l)
{
	unsigned want = l->need;
	if (l->oo.json || l->oo.ndjson)
		return PROC_WANT_ALL;
	want |= out_cols_want(proc_cols, l->sel, l->nsel);
	return want;
}

/* Command lines are world-readable on Linux, but what procsift prints
 * is copied into tickets and chats: the secret part of an argument is
 * redacted, as scan's argv judge finds it. */
int listing_redact(const struct listing *l, struct proc *const *rows, size_t n,
		   const char *cmd, bool ascii)
{
	struct redactor red = {.reveal = false,
			       .ascii = ascii && !l->oo.json && !l->oo.ndjson};
	struct ruleset rs;
	size_t i;
	int r;
	/* A rule file given is loaded (and so checked) whether or not it
	 * is needed: a bad one is an error every time, not now and then. */
	if ((l->reveal || !(wanted(l) & PROC_WANT_ARGV)) && !l->ro.nfiles)
		return 0;
	ruleset_init(&rs);
	r = rule_opts_load(&l->ro, &rs, cmd);
	for (i = 0; !r && !l->reveal && i < n; i++)
		rule_redact_argv(&rs, &red, rows[i]);
	ruleset_release(&rs);
	return r;
}

int listing_read(struct proc_table *t, const struct listing *l, const char *cmd)
{
	int r = proc_pids_read(t, wanted(l), l->src), root_fd;
	if (r) {
		msg_error("%s: cannot read /proc: %s", cmd, strerror(-r));
		return EXIT_RUNTIME;
	}
	/* Names need the container ids, which come with the cgroups. */
	if (!(wanted(l) & PROC_WANT_CGROUP))
		return 0;
	root_fd = proc_open_root(l->src);
	if (root_fd >= 0) {
		ctrnames_fill(root_fd, t, NULL);
		close(root_fd);
	}
	return 0;
}

void listing_warn_gaps(const struct listing *l, struct proc *const *rows,
		       size_t n, const char *cmd)
{
	struct cmd_visibility v;
	struct proc_gaps g;
	struct strbuf sb = STRBUF_INIT;
	int f, hint = 0;
	cmd_visibility_read(l->src, &v);
	cmd_visibility_warn(cmd, &v);
	proc_gaps_count(rows, n, &g);
	if (!g.procs)
		return;
	for (f = 0; f < PROC_F__COUNT; f++) {
		if (!g.field[f])
			continue;
		strbuf_addf(&sb, "%s%s: %s (%zu)", sb.len ? ", " : "",
			    proc_field_name(f), strerror(g.field_errno[f]),
			    g.field[f]);
		if (!hint)
			hint = g.field_errno[f];
	}
	msg_warn("%zu of %zu processes shown not fully readable: %s%s%s",
		 g.procs, n, sb.buf, *gap_hint(l->src, hint) ? "; " : "",
		 gap_hint(l->src, hint));
	strbuf_release(&sb);
}

struct proc_render listing_render(struct ctx *ctx, const struct listing *l,
				  bool ascii)
{
	struct proc_render r = {
		.fp = ctx->out,
		.json = l->oo.json,
		.pretty = l->oo.pretty,
		.ndjson = l->oo.ndjson,
		.style = l->oo.style,
		.ascii = ascii || ctx->ascii_locale,
		.noheadings = l->oo.noheadings,
		.sel = l->sel,
		.nsel = l->nsel,
	};
	return r;
}

int listing_status(int render_ret)
{
	return render_ret ? EXIT_RUNTIME : 0;
}
