/* procsift judges: what scan can run, with --judge, --skip and --only. */
#include "cmd/command.h"
#include "render/judge_view.h"
#include "util/msg.h"

enum { JU_JSON = 1, JU_PRETTY, JU_NOHEAD };

static const struct cmd_opt judges_opts[] = {
	{JU_JSON, "json", 'j', NULL, COMPLETE_NONE, "JSON output"},
	{JU_PRETTY, "pretty", 0, NULL, COMPLETE_NONE, "indent JSON output"},
	{JU_NOHEAD, "noheadings", 'n', NULL, COMPLETE_NONE,
	 "do not print the header line"},
	{0},
};

struct judges_state {
	bool json, pretty, noheadings;
};

static int judges_opt(void *state, int id, const char *arg)
{
	struct judges_state *st = state;
	(void)arg;
	if (id == JU_NOHEAD)
		st->noheadings = true;
	else
		st->json = true;
	st->pretty = st->pretty || id == JU_PRETTY;
	return 0;
}

static int judges_run(struct ctx *ctx, int argc, char **argv);

const struct command cmd_judges = {
	.name = "judges",
	.summary = "list the judges scan runs, with their kinds and facets",
	.usage = "",
	.details = "A judge reads facets of each process's snapshot (or, "
		   "for a host judge, what the walk collected) and reports "
		   "findings of one kind: secret, indicator or posture. "
		   "Select them in scan with --only KIND, --judge ID and "
		   "--skip ID.",
	.opts = judges_opts,
	.operands = COMPLETE_NONE,
	.run = judges_run,
};

static int judges_run(struct ctx *ctx, int argc, char **argv)
{
	struct judges_state st = {0};
	int first, r = cmd_parse_opts(&cmd_judges, ctx, argc, argv, judges_opt,
				      &st, &first);
	if (r)
		return r < 0 ? EXIT_OK : r;
	if (first < argc) {
		msg_error("judges: unexpected operand '%s'", argv[first]);
		return EXIT_USAGE;
	}
	return judges_print(ctx->out, st.json, st.pretty, st.noheadings)
		       ? EXIT_RUNTIME
		       : EXIT_OK;
}
