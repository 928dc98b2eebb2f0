/* procsift tree [PID]: the process forest, pstree -p -a in columns. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "cmd/command.h"
#include "cmd/listing.h"
#include "out/json.h"
#include "util/msg.h"
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

static void mark_subtree(struct view *v, const struct proc *p, bool all)
{
	size_t i;
	if (p->kthread && !all)
		return;
	v->keep[proc_table_index(v->t, p)] = true;
	for (i = 0; i < p->nchildren; i++)
		mark_subtree(v, p->children[i], all);
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

/* Shown processes whose parent is not shown start a tree of their own. */
static bool view_is_top(const struct view *v, const struct proc *p)
{
	return view_keep(p, (void *)v) &&
	       (!p->parent || !view_keep(p->parent, (void *)v));
}

static void add_lines(struct out_table *tb, const struct listing *l,
		      const struct view *v, struct out_line *parent,
		      const struct proc *p)
{
	struct out_line *ln = listing_add(tb, l, parent, p);
	size_t i;
	for (i = 0; i < p->nchildren; i++)
		if (view_keep(p->children[i], (void *)v))
			add_lines(tb, l, v, ln, p->children[i]);
}

/* Generations nested in one JSON tree. A fork chain is attacker-made, and
 * consumers have nesting limits (jq 1.6: 256 levels; Python's json: about
 * 1000): deeper subtrees start a top-level entry of their own instead,
 * and the process they were cut from says so with "children_cut". */
#define JSON_MAX_DEPTH 100

struct json_walk {
	const struct view *v;
	const struct proc **cut; /* processes to start top-level entries */
	size_t ncut, cut_alloc;
};

static struct json_object *tree_json(struct json_walk *w, const struct proc *p,
				     int depth)
{
	struct json_object *o = proc_json(p), *a = json_object_new_array();
	bool cut = false;
	size_t i;
	for (i = 0; i < p->nchildren; i++) {
		const struct proc *c = p->children[i];
		if (!view_keep(c, (void *)w->v))
			continue;
		if (depth + 1 < JSON_MAX_DEPTH) {
			json_object_array_add(a, tree_json(w, c, depth + 1));
			continue;
		}
		cut = true;
		w->cut = xgrow(w->cut, &w->cut_alloc, w->ncut + 1,
			       sizeof(*w->cut));
		w->cut[w->ncut++] = c;
	}
	json_object_object_add(o, "children", a);
	json_object_object_add(o, "children_cut", json_object_new_boolean(cut));
	return o;
}

static struct json_object *render_json(const struct view *v)
{
	struct json_walk w = {.v = v};
	struct json_object *doc = json_object_new_object();
	struct json_object *a = json_object_new_array();
	size_t i;
	for (i = 0; i < v->t->n; i++)
		if (view_is_top(v, v->t->procs[i]))
			json_object_array_add(a,
					      tree_json(&w, v->t->procs[i], 0));
	/* Cut subtrees follow, in the order they were cut; each may cut
	 * more, which the growing list picks up. */
	for (i = 0; i < w.ncut; i++)
		json_object_array_add(a, tree_json(&w, w.cut[i], 0));
	free(w.cut);
	json_object_object_add(doc, "processes", a);
	return doc;
}

static int render(struct ctx *ctx, struct tree_state *st, struct view *v)
{
	size_t i;
	if (st->l.json) {
		return listing_print_json(ctx, &st->l, render_json(v));
	} else {
		struct out_table *tb =
			listing_table(ctx, &st->l, true, st->ascii);
		for (i = 0; i < v->t->n; i++)
			if (view_is_top(v, v->t->procs[i]))
				add_lines(tb, &st->l, v, NULL, v->t->procs[i]);
		return listing_print_table(tb);
	}
}

static int tree_opt(void *state, int id, const char *arg)
{
	struct tree_state *st = state;
	if (id == TO_ASCII) {
		st->ascii = true;
		return 0;
	}
	return listing_opt(&st->l, id, arg) ? EXIT_USAGE : 0;
}

static int parse_pid(const char *s, pid_t *out)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v <= 0 || v > INT_MAX)
		return -EINVAL;
	*out = (pid_t)v;
	return 0;
}

static int tree_run(struct ctx *ctx, int argc, char **argv);

const struct command cmd_tree = {
	.name = "tree",
	.summary = "show the process tree with container and pod attribution",
	.usage = "[PID]",
	.details = "With PID, show that process's subtree and its ancestors. "
		   "Kernel threads are hidden unless --all is given.",
	.opts = tree_opts,
	.operands = COMPLETE_PID,
	.columns = proc_cols,
	.ncolumns = PC__COUNT,
	.run = tree_run,
};

static int tree_run(struct ctx *ctx, int argc, char **argv)
{
	struct tree_state st = {.ascii = false};
	struct proc_table t;
	struct view v;
	const struct proc *target = NULL;
	pid_t pid = 0;
	int first, r;

	listing_init(&st.l);
	r = cmd_parse_opts(&cmd_tree, ctx, argc, argv, tree_opt, &st, &first);
	if (r)
		return r < 0 ? EXIT_OK : r;
	if (argc - first > 1 ||
	    (argc - first == 1 && parse_pid(argv[first], &pid))) {
		msg_error("tree: expected at most one PID operand; try "
			  "'procsift tree --help'");
		return EXIT_USAGE;
	}
	r = listing_finish(&st.l, "tree");
	if (r)
		return r;
	proc_table_init(&t);
	r = listing_read(&t, &st.l, "tree");
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
	view_mark(&v, target, st.l.all);
	r = render(ctx, &st, &v);
	free(v.keep);
out_release:
	proc_table_release(&t);
	return r;
}
