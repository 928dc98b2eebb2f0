/* procsift maps PID...|--all: memory mappings, or per file with
 * --summary. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/command.h"
#include "cmd/each.h"
#include "render/maps_view.h"
#include "proc/maps.h"
#include "proc/pidfile.h"
#include "util/msg.h"
#include "util/xalloc.h"

enum { MAPS_SUMMARY = 1 };

static const struct cmd_opt maps_opts[] = {
	EACH_OPTS,
	{MAPS_SUMMARY, "summary", 's', NULL, COMPLETE_NONE,
	 "one row per file: size added up, permissions seen"},
	{0},
};

struct maps_state {
	struct each e;
	bool summary;
};

static const struct cmd_flag maps_flags[] = {
	{MAPS_SUMMARY, offsetof(struct maps_state, summary)},
	{0},
};

static const int *maps_defaults(const void *state, size_t *ndef)
{
	const struct maps_state *st = state;
	*ndef = st->summary ? 6 : 8;
	return st->summary ? maps_cols_summary : maps_cols_default;
}

static int one(const struct each_proc *p, struct out_stream *out, void *arg)
{
	const struct maps_state *st = arg;
	const struct psnap *s = p->snap;
	struct proc_maps m = {
		.pid = p->pid, .via_tid = s->proc.via_tid, .comm = p->comm};
	m.truncated = s->truncated & FACET_BIT(FACET_MAPS);
	if (m.truncated)
		msg_warn("maps: pid %d has more than %u MiB of mappings; the "
			 "rest is not shown",
			 (int)p->pid, PSNAP_MAPS_CAP >> 20);
	m.err = s->err[FACET_MAPS];
	m.e = s->maps;
	m.n = s->nmaps;
	maps_view_emit(out, &m, st->summary);
	return -m.err;
}

static int maps_run(const struct command *cmd, struct ctx *ctx, int argc,
		    char **argv)
{
	static const struct each_command ec = {.what = "maps",
					       .facets = FACET_BIT(FACET_MAPS),
					       .flags = maps_flags,
					       .defaults = maps_defaults,
					       .one = one};
	struct maps_state st = {0};
	return each_main(cmd, &ec, &st.e, &st, ctx, argc, argv);
}

const struct command cmd_maps = {
	.name = "maps",
	.summary = "list memory mappings, or a per-file summary",
	.usage = "PID...|--all",
	.details = "Kinds: file, anon, heap, stack, vdso, memfd, deleted, "
		   "other. Paths are as the kernel writes them (a newline in "
		   "a file name shows as \\012).",
	.privileges =
		"For another user's process, CAP_SYS_PTRACE: /proc/PID/maps "
		"is mode 0444, but opening it makes the kernel's ptrace "
		"read check.",
	.opts = maps_opts,
	.operands = COMPLETE_PID,
	CMD_COLUMNS(maps_cols),
	.run = maps_run,
};
