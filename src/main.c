/* procsift: global options and dispatch to a command. */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cmd/command.h"
#include "cmd/source.h"
#include "util/msg.h"

static int finish(FILE *fp, int status)
{
	/* A full disk or closed pipe must not pass as success. */
	if (fflush(fp) || ferror(fp)) {
		msg_error("write error on standard output");
		return EXIT_RUNTIME;
	}
	return status;
}

int main(int argc, char **argv)
{
	struct ctx ctx = {.out = stdout};
	struct cmd_source src;
	const struct command *cmd;
	const char *name;
	int used, r;

	/* libsmartcols picks cell widths by locale; procsift's own marks
	 * follow the codeset, decided here once for every command. */
	setlocale(LC_ALL, "");
	ctx.ascii_locale = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	/* Before any thread starts: reading a snapshot may need a user
	 * namespace of its own, which a threaded process cannot enter. */
	r = cmd_source_parse(argc, argv, &src, &used);
	if (r) {
		cmd_source_release(&src);
		return r;
	}
	argc -= used;
	argv += used;
	ctx.src = cmd_source_get(&src);
	name = argc > 1 ? argv[1] : NULL;
	if (!name) {
		cmd_print_overview(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
		if (argc > 2) {
			msg_error("--version takes no operands");
			return EXIT_USAGE;
		}
		fprintf(ctx.out, "procsift %s\n", PROCSIFT_VERSION);
		return finish(ctx.out, EXIT_OK);
	}
	if (!strcmp(name, "--help") || !strcmp(name, "-h"))
		name = "help";
	cmd = command_find(name);
	if (!cmd) {
		msg_error("unknown command '%s'; try 'procsift help'", name);
		return EXIT_USAGE;
	}
	r = finish(ctx.out, cmd->run(cmd, &ctx, argc - 1, argv + 1));
	cmd_source_release(&src);
	return r;
}
