/* The one list of commands: add a command with one line here. */
#include "cmd/command.h"

#include <string.h>

extern const struct command cmd_help;
extern const struct command cmd_tree;
extern const struct command cmd_ps;

const struct command *const command_list[] = {
	&cmd_tree,
	&cmd_ps,
	&cmd_help,
	NULL,
};

const struct command *command_find(const char *name)
{
	const struct command *const *c;
	for (c = command_list; *c; c++)
		if (!strcmp((*c)->name, name))
			return *c;
	return NULL;
}
