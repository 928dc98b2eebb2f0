/* procsift help [COMMAND] */
#include "cmd/command.h"

#include <string.h>

#include "cmd/complete.h"
#include "util/msg.h"

static const struct cmd_opt help_opts[] = {
	{0},
};

static int noop_opt(void *state, int id, const char *arg)
{
	(void)state, (void)id, (void)arg;
	return 0;
}

static int help_run(const struct command *cmd, struct ctx *ctx, int argc,
		    char **argv);

const struct command cmd_help = {
	.name = "help",
	.summary = "show the commands, or one command's options",
	.usage = "[COMMAND]",
	.privileges = "None.",
	.opts = help_opts,
	.operands = COMPLETE_COMMAND,
	.run = help_run,
};

/* The build's and packagers' generators (docs/design.md): kept out of
 * help_opts so that help, the completions and the man page, which list
 * that table, do not offer them to users. Returns -1 when argv is not
 * one of them. */
static int help_dump(struct ctx *ctx, int argc, char **argv)
{
	int r;
	if (argc < 2 || (strcmp(argv[1], "--dump-completion") &&
			 strcmp(argv[1], "--dump-man")))
		return -1;
	if (argc != 3) {
		msg_error("help: %s takes one argument", argv[1]);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--dump-man"))
		r = complete_dump_man(ctx->out, argv[2]);
	else
		r = complete_dump(ctx->out, argv[2]);
	if (r) {
		msg_error("help: %s: unknown '%s'", argv[1], argv[2]);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int help_run(const struct command *cmd, struct ctx *ctx, int argc,
		    char **argv)
{
	const struct command *c;
	int first, r = help_dump(ctx, argc, argv);
	if (r >= 0)
		return r;
	r = cmd_parse_opts(cmd, ctx, argc, argv, noop_opt, NULL, &first);
	if (r)
		return r < 0 ? EXIT_OK : r;
	if (first >= argc) {
		cmd_print_overview(ctx->out);
		return EXIT_OK;
	}
	if (argc - first > 1) {
		msg_error("help: one command at a time");
		return EXIT_USAGE;
	}
	c = command_find(argv[first]);
	if (!c) {
		msg_error("help: no such command '%s'; try 'procsift help'",
			  argv[first]);
		return EXIT_USAGE;
	}
	cmd_print_help(ctx->out, c);
	return EXIT_OK;
}
