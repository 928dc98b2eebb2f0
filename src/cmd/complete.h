/* The shell completions' data and the man page's generated sections,
 * written from the registry, each command's option table and its column
 * table, so that neither can drift from the code. For packagers and the
 * build (procsift help --dump-completion SHELL, --dump-man SECTION). */
#ifndef CMD_COMPLETE_H
#define CMD_COMPLETE_H

#include <stdio.h>

/* Write the data part of the completion for shell ("bash", "zsh",
 * "fish") to fp; the hand-written logic it is spliced into is
 * completions/procsift.bash.in, _procsift.in, procsift.fish.in. Returns
 * 0, or -EINVAL for an unknown shell. */
int complete_dump(FILE *fp, const char *shell);

/* Write the generated man page section (roff) named section ("SYNOPSIS")
 * to fp. Returns 0, or -EINVAL for an unknown section. */
int complete_dump_man(FILE *fp, const char *section);

#endif
