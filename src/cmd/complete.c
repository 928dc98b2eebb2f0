/* Shell completion data and generated man page sections, written from the
 * registry (commands, their option tables with COMPLETE_* kinds, their
 * column tables) and the judge registry, so the build never ships a list
 * kept by hand. Only data is generated: the completion logic is the
 * hand-written completions/procsift.bash.in (and _procsift.in,
 * procsift.fish.in) that the Makefile splices this into. */
#include "cmd/complete.h"

#include <errno.h>
#include <string.h>

#include "cmd/command.h"
#include "model/container.h"
#include "model/finding.h"
#include "scan/judge.h"

/* The word the shell functions in completions/ switch on. */
static const char *kind_word(enum complete_kind k)
{
	switch (k) {
	case COMPLETE_NONE:
		break;
	case COMPLETE_PID:
		return "pid";
	case COMPLETE_PID_LIST:
		return "pids";
	case COMPLETE_COLUMN:
		return "column";
	case COMPLETE_SORT:
		return "sort";
	case COMPLETE_USER:
		return "user";
	case COMPLETE_FILE:
		return "file";
	case COMPLETE_COMMAND:
		return "command";
	case COMPLETE_CONTAINER:
		return "container";
	case COMPLETE_SEVERITY:
		return "severity";
	case COMPLETE_JUDGE:
		return "judge";
	case COMPLETE_JUDGE_KIND:
		return "kinds";
	case COMPLETE_COLOR:
		return "color";
	}
	return "none";
}

/* What a command's operands are: its usage decides the count ("PID..."
 * takes many, "[PID]" one) and, when it opens with lower-case words
 * ("list|check [FILE...]|test [FILE]"), those words are actions that come
 * first. */
static const char *operand_word(const struct command *c)
{
	if (c->operands == COMPLETE_PID && c->usage && strstr(c->usage, "..."))
		return "pids";
	return kind_word(c->operands);
}

/* The actions of c's usage ("list check test"), into buf; "" for none. */
static const char *actions(const struct command *c, char *buf, size_t size)
{
	const char *p = c->usage;
	size_t n = 0, len;

	buf[0] = '\0';
	if (!p || *p < 'a' || *p > 'z')
		return buf;
	while (*p) {
		len = strspn(p, "abcdefghijklmnopqrstuvwxyz-");
		if (len && n + len + 2 < size) {
			if (n)
				buf[n++] = ' ';
			memcpy(buf + n, p, len);
			n += len;
			buf[n] = '\0';
		}
		p = strchr(p, '|');
		if (!p)
			break;
		p++;
	}
	return buf;
}

/* Runtimes that -c also takes, and its two special words. */
static void runtime_words(FILE *fp, const char *sep)
{
	int rt;
	fprintf(fp, "any%snone", sep);
	for (rt = RUNTIME_DOCKER; rt <= RUNTIME_UNKNOWN; rt++)
		fprintf(fp, "%s%s", sep, container_runtime_name(rt));
}

static void severity_words(FILE *fp, const char *sep)
{
	int s;
	for (s = SEV_INFO; s <= SEV_CRITICAL; s++)
		fprintf(fp, "%s%s", s == SEV_INFO ? "" : sep, severity_name(s));
}

static void kind_words(FILE *fp, const char *sep)
{
	int k;
	for (k = 0; k < KIND__COUNT; k++)
		fprintf(fp, "%s%s", k ? sep : "", finding_kind_name(k));
}

/* --- bash: words only; bash cannot show descriptions -------------------- */

static void bash_opt_words(FILE *fp, const struct command *c, bool args_only)
{
	const struct cmd_opt *o;
	bool first = true;
	for (o = c->opts; o->lname; o++) {
		if (args_only && !o->arg)
			continue;
		fprintf(fp, "%s--%s", first ? "" : " ", o->lname);
		if (o->sname)
			fprintf(fp, " -%c", o->sname);
		first = false;
	}
	if (!args_only)
		fprintf(fp, "%s--help -h", first ? "" : " ");
}

static void dump_bash(FILE *fp)
{
	const struct command *const *c;
	const struct cmd_opt *o;
	const struct judge *const *j;
	char act[128];
	size_t i;

	fputs("_procsift_commands=\"", fp);
	for (c = command_list; *c; c++)
		fprintf(fp, "%s%s", c == command_list ? "" : " ", (*c)->name);
	fputs("\"\n_procsift_judges=\"", fp);
	for (j = judge_list; *j; j++)
		fprintf(fp, "%s%s", j == judge_list ? "" : " ", (*j)->id);
	fputs("\"\n_procsift_severities=\"", fp);
	severity_words(fp, " ");
	fputs("\"\n_procsift_kinds=\"", fp);
	kind_words(fp, " ");
	fputs("\"\n_procsift_container_words=\"", fp);
	runtime_words(fp, " ");
	fputs("\"\n\n", fp);

	fputs("# Set opts (every option), argopts (those that take an "
	      "argument), cols,\n# operands (a kind) and actions for the "
	      "command $1; false for none.\n_procsift_cmd()\n{\n\tcase $1 "
	      "in\n",
	      fp);
	for (c = command_list; *c; c++) {
		fprintf(fp, "\t%s)\n\t\topts=\"", (*c)->name);
		bash_opt_words(fp, *c, false);
		fputs("\"\n\t\targopts=\"", fp);
		bash_opt_words(fp, *c, true);
		fputs("\"\n\t\tcols=\"", fp);
		for (i = 0; i < (*c)->ncolumns; i++)
			fprintf(fp, "%s%s", i ? " " : "",
				(*c)->columns[i].name);
		fprintf(fp, "\"\n\t\toperands=%s\n\t\tactions=\"%s\"\n\t\t;;\n",
			operand_word(*c), actions(*c, act, sizeof(act)));
	}
	fputs("\t*)\n\t\treturn 1\n\t\t;;\n\tesac\n}\n\n", fp);

	fputs("# Set kind to what option $2 of command $1 takes.\n"
	      "_procsift_argkind()\n{\n\tcase $1:$2 in\n",
	      fp);
	for (c = command_list; *c; c++)
		for (o = (*c)->opts; o->lname; o++) {
			if (!o->arg)
				continue;
			fprintf(fp, "\t%s:--%s", (*c)->name, o->lname);
			if (o->sname)
				fprintf(fp, " | %s:-%c", (*c)->name, o->sname);
			fprintf(fp, ") kind=%s ;;\n", kind_word(o->complete));
		}
	fputs("\t*) kind=none ;;\n\tesac\n}\n", fp);
}

/* --- zsh: _arguments specs and _values items with descriptions --------- */

/* s in single quotes, with the brackets and colons that _arguments and
 * _values read escaped (when bracket is true). */
static void zsh_quote_body(FILE *fp, const char *s, bool bracket)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", fp);
		else if (bracket &&
			 (*s == '[' || *s == ']' || *s == ':' || *s == '\\'))
			fprintf(fp, "\\%c", *s);
		else
			fputc(*s, fp);
	}
}

/* One _arguments spec for o: '(-o --output)'{-o+,--output=}'[help]:COLS:
 * _procsift_arg column'. An option that takes an argument may be
 * repeated (several are: --rules, --pid, --wal), so it excludes
 * nothing. */
static void zsh_spec(FILE *fp, const struct cmd_opt *o)
{
	fputs("\t", fp);
	if (o->sname && !o->arg)
		fprintf(fp, "'(-%c --%s)'{-%c,--%s}'[", o->sname, o->lname,
			o->sname, o->lname);
	else if (o->sname)
		fprintf(fp, "'*'{-%c+,--%s=}'[", o->sname, o->lname);
	else if (o->arg)
		fprintf(fp, "'*--%s=[", o->lname);
	else
		fprintf(fp, "'--%s[", o->lname);
	zsh_quote_body(fp, o->help, true);
	fputs("]", fp);
	if (o->arg) {
		fprintf(fp, ":%s:", o->arg);
		if (o->complete != COMPLETE_NONE)
			fprintf(fp, "_procsift_arg %s", kind_word(o->complete));
		else
			fputs(" ", fp);
	}
	fputs("'\n", fp);
}

static void dump_zsh(FILE *fp)
{
	const struct command *const *c;
	const struct cmd_opt *o;
	const struct judge *const *j;
	char act[128];
	size_t i;

	fputs("_procsift_command_list=(\n", fp);
	for (c = command_list; *c; c++) {
		fprintf(fp, "\t'%s:", (*c)->name);
		zsh_quote_body(fp, (*c)->summary, false);
		fputs("'\n", fp);
	}
	fputs(")\n_procsift_judge_list=(\n", fp);
	for (j = judge_list; *j; j++) {
		fprintf(fp, "\t'%s[", (*j)->id);
		zsh_quote_body(fp, (*j)->summary, true);
		fputs("]'\n", fp);
	}
	fputs(")\n_procsift_severity_list=(", fp);
	severity_words(fp, " ");
	fputs(")\n_procsift_kind_list=(", fp);
	kind_words(fp, " ");
	fputs(")\n_procsift_container_words=(", fp);
	runtime_words(fp, " ");
	fputs(")\n", fp);

	for (c = command_list; *c; c++) {
		fprintf(fp, "\n_procsift_%s_specs=(\n", (*c)->name);
		for (o = (*c)->opts; o->lname; o++)
			zsh_spec(fp, o);
		fputs("\t'(- *)'{-h,--help}'[show this help]'\n)\n", fp);
		fprintf(fp, "_procsift_%s_operands=%s\n", (*c)->name,
			operand_word(*c));
		fprintf(fp, "_procsift_%s_actions=(%s)\n", (*c)->name,
			actions(*c, act, sizeof(act)));
		if (!(*c)->columns)
			continue;
		fprintf(fp, "_procsift_%s_column_specs=(\n", (*c)->name);
		for (i = 0; i < (*c)->ncolumns; i++) {
			fprintf(fp, "\t'%s[", (*c)->columns[i].name);
			zsh_quote_body(fp, (*c)->columns[i].help, true);
			fputs("]'\n", fp);
		}
		fputs(")\n", fp);
	}
}

/* --- fish: complete lines and functions --------------------------------- */

static void fish_quote(FILE *fp, const char *s)
{
	fputc('\'', fp);
	for (; *s; s++) {
		if (*s == '\'' || *s == '\\')
			fputc('\\', fp);
		fputc(*s, fp);
	}
	fputc('\'', fp);
}

static void fish_opt(FILE *fp, const struct command *c, const struct cmd_opt *o)
{
	fprintf(fp, "complete -c procsift -n '__procsift_using %s'", c->name);
	if (o->sname)
		fprintf(fp, " -s %c", o->sname);
	fprintf(fp, " -l %s", o->lname);
	if (o->arg && o->complete == COMPLETE_FILE)
		fputs(" -r -F", fp);
	else if (o->arg && o->complete != COMPLETE_NONE)
		fprintf(fp, " -x -a '(__procsift_arg %s)'",
			kind_word(o->complete));
	else if (o->arg)
		fputs(" -x", fp);
	fputs(" -d ", fp);
	fish_quote(fp, o->help);
	fputc('\n', fp);
}

static void dump_fish(FILE *fp)
{
	const struct command *const *c;
	const struct cmd_opt *o;
	const struct judge *const *j;
	char act[128];
	size_t i;

	for (c = command_list; *c; c++) {
		fprintf(fp,
			"complete -c procsift -n __procsift_needs_command "
			"-a %s -d ",
			(*c)->name);
		fish_quote(fp, (*c)->summary);
		fputc('\n', fp);
	}
	fputs("\n# The options of command $argv[1] that take an argument.\n"
	      "function __procsift_argopts\n    switch $argv[1]\n",
	      fp);
	for (c = command_list; *c; c++) {
		fprintf(fp, "        case %s\n            echo --", (*c)->name);
		for (o = (*c)->opts; o->lname; o++) {
			if (!o->arg)
				continue;
			fprintf(fp, " --%s", o->lname);
			if (o->sname)
				fprintf(fp, " -%c", o->sname);
		}
		fputc('\n', fp);
	}
	fputs("    end\nend\n\n# The options of command $argv[1] that take "
	      "sort keys.\nfunction __procsift_sort_opts\n    switch "
	      "$argv[1]\n",
	      fp);
	for (c = command_list; *c; c++) {
		fprintf(fp, "        case %s\n            echo --", (*c)->name);
		for (o = (*c)->opts; o->lname; o++) {
			if (o->complete != COMPLETE_SORT)
				continue;
			fprintf(fp, " --%s", o->lname);
			if (o->sname)
				fprintf(fp, " -%c", o->sname);
		}
		fputc('\n', fp);
	}
	fputs("    end\nend\n\nfunction __procsift_command_names\n"
	      "    printf '%s\\n'",
	      fp);
	for (c = command_list; *c; c++) {
		fprintf(fp, " \\\n        %s\\t", (*c)->name);
		fish_quote(fp, (*c)->summary);
	}
	fputs("\nend\n\n# What the operands of command $argv[1] are.\n"
	      "function __procsift_operand_kind\n    switch $argv[1]\n",
	      fp);
	for (c = command_list; *c; c++)
		fprintf(fp, "        case %s\n            echo %s\n",
			(*c)->name, operand_word(*c));
	fputs("    end\nend\n\n# The actions of command $argv[1], if any.\n"
	      "function __procsift_actions\n    switch $argv[1]\n",
	      fp);
	for (c = command_list; *c; c++)
		if (*actions(*c, act, sizeof(act)))
			fprintf(fp,
				"        case %s\n            printf '%%s\\n' "
				"%s\n",
				(*c)->name, act);
	fputs("    end\nend\n\n# The columns of command $argv[1], with their "
	      "help.\nfunction __procsift_column_names\n    switch $argv[1]\n",
	      fp);
	for (c = command_list; *c; c++) {
		if (!(*c)->columns)
			continue;
		fprintf(fp, "        case %s\n            printf '%%s\\n'",
			(*c)->name);
		for (i = 0; i < (*c)->ncolumns; i++) {
			fprintf(fp, " \\\n                %s\\t",
				(*c)->columns[i].name);
			fish_quote(fp, (*c)->columns[i].help);
		}
		fputc('\n', fp);
	}
	fputs("    end\nend\n\nfunction __procsift_judge_names\n"
	      "    printf '%s\\n'",
	      fp);
	for (j = judge_list; *j; j++) {
		fprintf(fp, " \\\n        %s\\t", (*j)->id);
		fish_quote(fp, (*j)->summary);
	}
	fputs("\nend\n\nset -g __procsift_severities ", fp);
	severity_words(fp, " ");
	fputs("\nset -g __procsift_kinds ", fp);
	kind_words(fp, " ");
	fputs("\nset -g __procsift_container_words ", fp);
	runtime_words(fp, " ");
	fputs("\n\n", fp);

	for (c = command_list; *c; c++) {
		fprintf(fp, "# %s\n", (*c)->name);
		for (o = (*c)->opts; o->lname; o++)
			fish_opt(fp, *c, o);
		fprintf(fp,
			"complete -c procsift -n '__procsift_using %s' -s h "
			"-l help -d 'show this help'\n",
			(*c)->name);
	}
}

int complete_dump(FILE *fp, const char *shell)
{
	fprintf(fp,
		"# Generated by `procsift help --dump-completion %s` from "
		"the command\n# registry, option and column tables: do "
		"not edit.\n",
		shell);
	if (!strcmp(shell, "bash"))
		dump_bash(fp);
	else if (!strcmp(shell, "zsh"))
		dump_zsh(fp);
	else if (!strcmp(shell, "fish"))
		dump_fish(fp);
	else
		return -EINVAL;
	return 0;
}

/* --- man page ----------------------------------------------------------- */

/* roff text: a backslash or minus escaped, a leading dot or quote
 * guarded. */
static void roff(FILE *fp, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", fp);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", fp);
		else if (*s == '-')
			fputs("\\-", fp);
		else
			fputc(*s, fp);
	}
}

/* One synopsis line per command, as `procsift help CMD` says it:
 * ".B procsift tree", ".RI [ options ]", then the usage's words, optional
 * ones in brackets as .RI [ X ]. */
static void man_synopsis(FILE *fp)
{
	const struct command *const *c;
	for (c = command_list; *c; c++) {
		fprintf(fp, ".br\n.B procsift %s\n.RI [ options ]\n",
			(*c)->name);
		if (!(*c)->usage || !*(*c)->usage)
			continue;
		if ((*c)->usage[0] == '[' && !strchr((*c)->usage + 1, '[')) {
			fputs(".RI [ ", fp);
			fprintf(fp, "%.*s", (int)(strlen((*c)->usage) - 2),
				(*c)->usage + 1);
			fputs(" ]\n", fp);
		} else {
			fputs(".I \"", fp);
			roff(fp, (*c)->usage);
			fputs("\"\n", fp);
		}
	}
}

/* Each command's privileges, as `procsift help CMD` says them, one
 * tagged paragraph a command (docs/privileges.md has the why). */
static void man_privileges(FILE *fp)
{
	const struct command *const *c;
	for (c = command_list; *c; c++) {
		if (!(*c)->privileges)
			continue;
		fprintf(fp, ".TP\n.B procsift %s\n", (*c)->name);
		roff(fp, (*c)->privileges);
		fputc('\n', fp);
	}
}

int complete_dump_man(FILE *fp, const char *section)
{
	if (!strcmp(section, "SYNOPSIS"))
		man_synopsis(fp);
	else if (!strcmp(section, "PRIVILEGES"))
		man_privileges(fp);
	else
		return -EINVAL;
	return 0;
}
