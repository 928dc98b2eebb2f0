/* procsift tree [PID]: the process forest, pstree -p -a in columns. */
#include <stdlib.h>
#include <string.h>

#include "cmd/command.h"
#include "cmd/listing.h"
#include "util/msg.h"
#include "util/parse.h"
#include "util/xalloc.h"

enum { TO_ASCII = 1 };

static const struct cmd_opt tree_opts[] = {
	LISTING_OPTS,
	{TO_ASCII, "ascii", 0, NULL, COMPLETE_NONE,
	 "draw the tree with ASCII characters"},
	{0},
};

struct tree_state {
	struct listing l;
	bool ascii;
};

/* Which processes are shown, by table position. */
struct view {
	const struct proc_table *t;
	bool *keep;
};

static bool view_keep(const struct proc *p, void *arg)
{
	const struct view *v = arg;
	return v->keep[proc_table_index(v->t, p)];
}

/* Mark p's subtree, iteratively (a fork chain can be as deep as the pid
 * space allows). Kernel threads are hidden without --all, but their
 * children (usermode helpers under kthreadd) are still visited. */
static void mark_subtree(struct view *v, const struct proc *p, bool all)
{
	const struct proc **stack = NULL;
	size_t n = 0, alloc = 0, i;
	stack = xgrow(stack, &alloc, 1, sizeof(*stack));
	stack[n++] = p;
	while (n) {
		p = stack[--n];
		if (!p->kthread || all)
			v->keep[proc_table_index(v->t, p)] = true;
		stack = xgrow(stack, &alloc, n + p->nchildren, sizeof(*stack));
		for (i = p->nchildren; i > 0; i--)
			stack[n++] = p->children[i - 1];
	}
	free(stack);
}

/* Whole forest, or the subtree at target and its ancestors. */
static void view_mark(struct view *v, const struct proc *target, bool all)
{
	size_t i;
	if (!target) {
		for (i = 0; i < v->t->n; i++)
			v->keep[i] = all || !v->t->procs[i]->kthread;
		return;
	}
	mark_subtree(v, target, all);
	v->keep[proc_table_index(v->t, target)] = true;
	for (target = target->parent; target; target = target->parent)
		v->keep[proc_table_index(v->t, target)] = true;
}

/* The shown processes: their command lines redacted, and the warning
 * about what was not readable. Returns 0 or EXIT_USAGE (a bad rule file). */
static int shown(const struct view *v, const struct listing *l, bool ascii)
{
	struct proc **rows = xcalloc(v->t->n ? v->t->n : 1, sizeof(*rows));
	size_t i, n = 0;
	int r;
	for (i = 0; i < v->t->n; i++)
		if (v->keep[i])
			rows[n++] = v->t->procs[i];
	r = listing_redact(l, rows, n, "tree", ascii);
	if (!r)
		listing_warn_gaps(l, rows, n, "tree");
	free(rows);
	return r;
}

static int tree_opt(void *state, int id, const char *arg)
{
	struct tree_state *st = state;
	if (id == TO_ASCII) {
		st->ascii = true;
		return 0;
	}
	return listing_opt(&st->l, "tree", id, arg);
}

static int tree_run(const struct command *cmd, struct ctx *ctx, int argc,
		    char **argv);

const struct command cmd_tree = {
	.name = "tree",
	.summary = "show the process tree with container and pod attribution",
	.usage = "[PID]",
	.details = "With PID, show that process's subtree and its ancestors. "
		   "Kernel threads are hidden unless --all is given.",
	.privileges = LISTING_PRIVILEGES,
	.opts = tree_opts,
	.operands = COMPLETE_PID,
	CMD_COLUMNS(proc_cols),
	.run = tree_run,
};

/* The table, the processes shown, the output. */
static int show(struct ctx *ctx, const struct tree_state *st, pid_t pid)
{
	struct proc_table t;
	struct view v;
	const struct proc *target = NULL;
	struct proc_render rend;
	int r;
	proc_table_init(&t);
	r = listing_read(&t, &st->l, "tree");
	if (r)
		goto out_release;
	if (pid) {
		target = proc_table_find(&t, pid);
		if (!target) {
			msg_error("tree: no process with pid %d", (int)pid);
			r = EXIT_RUNTIME;
			goto out_release;
		}
	}
	v.t = &t;
	v.keep = xcalloc(t.n ? t.n : 1, sizeof(*v.keep));
	view_mark(&v, target, st->l.all);
	/* --ascii asks for ASCII marks as well as glyphs. */
	r = shown(&v, &st->l, st->ascii || ctx->ascii_locale);
	if (!r) {
		rend = listing_render(ctx, &st->l, st->ascii);
		r = listing_status(out_proc_tree(&rend, &t, view_keep, &v));
	}
	free(v.keep);
out_release:
	proc_table_release(&t);
	return r;
}

static int tree_run(const struct command *cmd, struct ctx *ctx, int argc,
		    char **argv)
{
	struct tree_state st = {.ascii = false};
	pid_t pid = 0;
	int first, r;

	listing_init(&st.l);
	st.l.src = ctx->src;
	r = cmd_parse_opts(cmd, ctx, argc, argv, tree_opt, &st, &first);
	if (r) {
		r = r < 0 ? EXIT_OK : r;
		goto out;
	}
	if (argc - first > 1 ||
	    (argc - first == 1 &&
	     parse_pid(argv[first], strlen(argv[first]), &pid))) {
		msg_error("tree: expected at most one PID operand; try "
			  "'procsift tree --help'");
		r = EXIT_USAGE;
		goto out;
	}
	r = listing_finish(&st.l, "tree", ctx->out);
	if (!r)
		r = show(ctx, &st, pid);
out:
	listing_release(&st.l);
	return r;
}
