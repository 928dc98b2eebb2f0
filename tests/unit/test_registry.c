/* The man page and the shell completions against the registry: every
 * command, option and column that src/cmd/ defines (each command's own
 * column table, struct command .columns; a command without one, such as
 * help, has no COLUMNS subsection and no column list in the
 * completions) must be in docs/procsift.1 and in
 * each generated completion under build/completions/ (make builds them
 * from the .in files in completions/ and the binary), and the man page
 * must document no command, option or column that does not exist. Run
 * from the repository root.
 */
#include <criterion/criterion.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/command.h"
#include "scan/judge.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define MAN_PAGE "docs/procsift.1"
#define COMP_BASH "build/completions/procsift.bash"
#define COMP_ZSH "build/completions/_procsift"
#define COMP_FISH "build/completions/procsift.fish"

static const char *const completion_files[] = {COMP_BASH, COMP_ZSH, COMP_FISH};
#define NCOMPLETION (sizeof(completion_files) / sizeof(completion_files[0]))

static void slurp(struct strbuf *sb, const char *path)
{
	char buf[4096];
	size_t n;
	FILE *fp = fopen(path, "r");
	cr_assert_not_null(fp, "cannot open %s (run from the repository root)",
			   path);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(sb, buf, n);
	cr_assert(!ferror(fp), "cannot read %s", path);
	fclose(fp);
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* Whether needle occurs in text as a whole word: not inside a longer name,
 * as "tree" is in "pstree", "-o" in "cri-o" or "container" in
 * "container_id". */
static bool has_word(const char *text, const char *needle)
{
	size_t n = strlen(needle);
	const char *p;
	for (p = strstr(text, needle); p; p = strstr(p + 1, needle)) {
		if (p > text && word_char(p[-1]) && word_char(needle[0]))
			continue;
		if (word_char(p[n]) && word_char(needle[n - 1]))
			continue;
		return true;
	}
	return false;
}

static size_t count_commands(void)
{
	size_t n = 0;
	while (command_list[n])
		n++;
	return n;
}

static const struct cmd_opt *find_opt(const struct command *cmd,
				      const char *lname)
{
	const struct cmd_opt *o;
	for (o = cmd->opts; o->lname; o++)
		if (!strcmp(o->lname, lname))
			return o;
	return NULL;
}

/* Index of the column named name (len bytes) in cmd's table, or -1. */
static int find_column(const struct command *cmd, const char *name, size_t len)
{
	size_t i;
	for (i = 0; i < cmd->ncolumns; i++)
		if (strlen(cmd->columns[i].name) == len &&
		    !memcmp(cmd->columns[i].name, name, len))
			return (int)i;
	return -1;
}

/* A column without a JSON key: the page says "[text only" there. */
static bool is_text_only(const struct command *cmd, const struct out_col *oc)
{
	(void)cmd;
	return !oc->json;
}

/* --- The man page as paragraphs ----------------------------------------- */

enum para_kind { P_SH, P_SS, P_TP, P_PP };

struct para {
	enum para_kind kind;
	struct strbuf head; /* SH/SS: the title; TP: the item tag */
	struct strbuf body; /* the text, lines joined by spaces */
};

struct man {
	struct para *p;
	size_t n;
};

/* Append the text of s (len bytes, roff escapes and all) to out. */
static void unescape(struct strbuf *out, const char *s, size_t len)
{
	static const struct {
		const char *esc, *text;
	} specials[] = {
		{"\\(aq", "'"},	 {"\\(lq", "\""}, {"\\(rq", "\""},
		{"\\(dq", "\""}, {"\\(bu", "*"},  {"\\(em", "--"},
	};
	size_t i = 0, k, n;
	while (i < len) {
		if (s[i] != '\\' || i + 1 >= len) {
			strbuf_addch(out, s[i++]);
			continue;
		}
		switch (s[i + 1]) {
		case '-':
			strbuf_addch(out, '-');
			i += 2;
			continue;
		case 'e':
		case '\\':
			strbuf_addch(out, '\\');
			i += 2;
			continue;
		case '&':
			i += 2;
			continue;
		case 'f': /* \fB, \f(CW */
			i += i + 2 < len && s[i + 2] == '(' ? 5 : 3;
			continue;
		}
		for (k = 0; k < sizeof(specials) / sizeof(specials[0]); k++) {
			n = strlen(specials[k].esc);
			if (i + n <= len && !memcmp(s + i, specials[k].esc, n))
				break;
		}
		if (k < sizeof(specials) / sizeof(specials[0])) {
			strbuf_addstr(out, specials[k].text);
			i += n;
		} else {
			strbuf_addch(out, s[i++]);
		}
	}
}

/* The arguments of a macro line ("a \"b c\" d"), without quotes, joined
 * with sep (font macros: ".B" joins with spaces, ".BR" with nothing). */
static void macro_args(struct strbuf *out, const char *s, const char *end,
		       const char *sep)
{
	struct strbuf raw = STRBUF_INIT;
	bool first = true;
	while (s < end) {
		if (*s == ' ') {
			s++;
			continue;
		}
		if (!first)
			strbuf_addstr(&raw, sep);
		first = false;
		if (*s == '"') {
			for (s++; s < end && *s != '"'; s++)
				strbuf_addch(&raw, *s);
			s++;
		} else {
			for (; s < end && *s != ' '; s++)
				strbuf_addch(&raw, *s);
		}
	}
	unescape(out, raw.buf, raw.len);
	strbuf_release(&raw);
}

static bool font(char c)
{
	return c == 'B' || c == 'I' || c == 'R';
}

/* The text a line prints, or false for a request that prints none. */
static bool line_text(struct strbuf *out, const char *p, const char *end)
{
	if (*p != '.') {
		unescape(out, p, (size_t)(end - p));
		return true;
	}
	if (end - p >= 3 && (p[1] == 'B' || p[1] == 'I') &&
	    (p + 2 == end || p[2] == ' ')) {
		macro_args(out, p + 2, end, " ");
		return true;
	}
	if (end - p >= 4 && font(p[1]) && font(p[2]) && p[1] != p[2] &&
	    (p + 3 == end || p[3] == ' ')) {
		macro_args(out, p + 3, end, "");
		return true;
	}
	return false;
}

static struct para *man_add(struct man *m, enum para_kind kind)
{
	struct para *pa;
	m->p = xrealloc(m->p, (m->n + 1) * sizeof(*m->p));
	pa = &m->p[m->n++];
	pa->kind = kind;
	strbuf_init(&pa->head, 0);
	strbuf_init(&pa->body, 0);
	return pa;
}

/* Parse the page into paragraphs: comments dropped, font requests and
 * escapes reduced to the text they print. */
static void man_load(struct man *m)
{
	struct strbuf src = STRBUF_INIT, text = STRBUF_INIT;
	struct para *cur;
	const char *p, *nl;
	bool want_tag = false;

	m->p = NULL;
	m->n = 0;
	cur = man_add(m, P_PP);
	slurp(&src, MAN_PAGE);
	for (p = src.buf; *p; p = *nl ? nl + 1 : nl) {
		nl = strchrnul(p, '\n');
		if (!strncmp(p, ".\\\"", 3))
			continue;
		if (!strncmp(p, ".SH ", 4) || !strncmp(p, ".SS ", 4)) {
			cur = man_add(m, p[2] == 'H' ? P_SH : P_SS);
			macro_args(&cur->head, p + 4, nl, " ");
			continue;
		}
		if (!strncmp(p, ".TP", 3)) {
			cur = man_add(m, P_TP);
			want_tag = true;
			continue;
		}
		if (!strncmp(p, ".PP", 3) || !strncmp(p, ".IP", 3)) {
			cur = man_add(m, P_PP);
			continue;
		}
		strbuf_reset(&text);
		if (!line_text(&text, p, nl))
			continue;
		if (want_tag) {
			strbuf_add(&cur->head, text.buf, text.len);
			want_tag = false;
			continue;
		}
		if (cur->body.len)
			strbuf_addch(&cur->body, ' ');
		strbuf_add(&cur->body, text.buf, text.len);
	}
	strbuf_release(&text);
	strbuf_release(&src);
}

static void man_free(struct man *m)
{
	size_t i;
	for (i = 0; i < m->n; i++) {
		strbuf_release(&m->p[i].head);
		strbuf_release(&m->p[i].body);
	}
	free(m->p);
}

/* The paragraphs of section name, [*first, *end), the first being the
 * heading itself (it holds the text up to the next paragraph). Fails when
 * the page has no such section. */
static void man_section(const struct man *m, const char *name, size_t *first,
			size_t *end)
{
	size_t i;
	for (i = 0; i < m->n; i++)
		if (m->p[i].kind == P_SH && !strcmp(m->p[i].head.buf, name))
			break;
	cr_assert_lt(i, m->n, "%s has no section %s", MAN_PAGE, name);
	*first = i;
	for (i++; i < m->n && m->p[i].kind != P_SH; i++)
		;
	*end = i;
}

/* The paragraphs of ".SS procsift NAME" within COMMANDS, the heading
 * first, or false. */
static bool man_command(const struct man *m, const char *name, size_t *first,
			size_t *end)
{
	char title[64];
	size_t s, e, i;
	snprintf(title, sizeof(title), "procsift %s", name);
	man_section(m, "COMMANDS", &s, &e);
	for (i = s; i < e; i++)
		if (m->p[i].kind == P_SS && !strcmp(m->p[i].head.buf, title))
			break;
	if (i == e)
		return false;
	*first = i;
	for (i++; i < e && m->p[i].kind != P_SS; i++)
		;
	*end = i;
	return true;
}

/* "-o, --output COLS" or "--pretty": how the page lists an option. */
static void opt_tag(struct strbuf *sb, const struct cmd_opt *o)
{
	if (o->sname)
		strbuf_addf(sb, "-%c, ", o->sname);
	strbuf_addf(sb, "--%s", o->lname);
	if (o->arg)
		strbuf_addf(sb, " %s", o->arg);
}

/* "procsift tree [options] [PID]", as `procsift help tree` says it. */
static void synopsis(struct strbuf *sb, const struct command *c)
{
	strbuf_addf(sb, "procsift %s [options]", c->name);
	if (c->usage && *c->usage)
		strbuf_addf(sb, " %s", c->usage);
}

/* --- Man page tests ----------------------------------------------------- */

Test(man_page, documents_every_command_with_its_synopsis)
{
	const struct command *const *c;
	struct man m;
	struct strbuf syn = STRBUF_INIT, want = STRBUF_INIT;
	size_t s, e, i;

	man_load(&m);
	man_section(&m, "SYNOPSIS", &s, &e);
	for (i = s; i < e; i++)
		strbuf_addf(&syn, "%s\n", m.p[i].body.buf);
	for (c = command_list; *c; c++) {
		bool found;
		strbuf_reset(&want);
		synopsis(&want, *c);
		found = man_command(&m, (*c)->name, &s, &e);
		cr_expect(found, "%s: no \".SS procsift %s\" under COMMANDS",
			  MAN_PAGE, (*c)->name);
		cr_expect(strstr(syn.buf, want.buf),
			  "%s: SYNOPSIS lacks \"%s\"", MAN_PAGE, want.buf);
		if (found)
			cr_expect(strstr(m.p[s].body.buf, want.buf),
				  "%s: %s's subsection does not open with "
				  "\"%s\"",
				  MAN_PAGE, (*c)->name, want.buf);
	}
	strbuf_release(&want);
	strbuf_release(&syn);
	man_free(&m);
}

Test(man_page, documents_no_command_that_does_not_exist)
{
	struct man m;
	size_t s, e, i;

	man_load(&m);
	man_section(&m, "COMMANDS", &s, &e);
	for (i = s; i < e; i++) {
		const char *t = m.p[i].head.buf;
		if (m.p[i].kind != P_SS)
			continue;
		cr_expect(!strncmp(t, "procsift ", 9) && command_find(t + 9),
			  "%s: subsection \"%s\" is not a registered command",
			  MAN_PAGE, t);
	}
	man_free(&m);
}

Test(man_page, lists_every_option_under_its_command)
{
	const struct command *const *c;
	const struct cmd_opt *o;
	struct strbuf want = STRBUF_INIT;
	struct man m;
	size_t s, e, i;

	man_load(&m);
	for (c = command_list; *c; c++) {
		if (!man_command(&m, (*c)->name, &s, &e))
			continue; /* reported by the test above */
		for (o = (*c)->opts; o->lname; o++) {
			strbuf_reset(&want);
			opt_tag(&want, o);
			for (i = s; i < e; i++)
				if (m.p[i].kind == P_TP &&
				    !strcmp(m.p[i].head.buf, want.buf))
					break;
			cr_expect_lt(i, e, "%s: procsift %s has no item \"%s\"",
				     MAN_PAGE, (*c)->name, want.buf);
		}
		for (i = s; i < e; i++)
			if (m.p[i].kind == P_TP &&
			    !strcmp(m.p[i].head.buf, "-h, --help"))
				break;
		cr_expect_lt(i, e, "%s: procsift %s has no item \"-h, --help\"",
			     MAN_PAGE, (*c)->name);
	}
	strbuf_release(&want);
	man_free(&m);
}

/* Every "--name" in an item tag under a command is one of its options. */
Test(man_page, lists_no_option_that_does_not_exist)
{
	const struct command *const *c;
	struct man m;
	size_t s, e, i;

	man_load(&m);
	for (c = command_list; *c; c++) {
		if (!man_command(&m, (*c)->name, &s, &e))
			continue;
		for (i = s; i < e; i++) {
			const char *t = m.p[i].head.buf, *q;
			if (m.p[i].kind != P_TP)
				continue;
			for (q = strstr(t, "--"); q; q = strstr(q + 2, "--")) {
				char name[64];
				size_t n = strspn(q + 2, "abcdefghijklmnopqrstu"
							 "vwxyz0123456789-_");
				snprintf(name, sizeof(name), "%.*s", (int)n,
					 q + 2);
				cr_expect(!strcmp(name, "help") ||
						  find_opt(*c, name),
					  "%s: procsift %s documents --%s, "
					  "which it does not have",
					  MAN_PAGE, (*c)->name, name);
			}
		}
	}
	man_free(&m);
}

/* The subsection of COLUMNS that documents cmd's table: the one whose
 * title names the command ("tree and ps", "fds"), [*first, *end) with the
 * heading first; false when there is none. */
static bool man_columns(const struct man *m, const struct command *cmd,
			size_t *first, size_t *end)
{
	size_t s, e, i, found = 0;
	man_section(m, "COLUMNS", &s, &e);
	for (i = s; i < e; i++) {
		if (m->p[i].kind != P_SS ||
		    !has_word(m->p[i].head.buf, cmd->name))
			continue;
		if (!found++)
			*first = i;
	}
	cr_expect_leq(found, 1, "%s: %zu COLUMNS subsections name %s", MAN_PAGE,
		      found, cmd->name);
	if (!found)
		return false;
	for (i = *first + 1; i < e && m->p[i].kind != P_SS; i++)
		;
	*end = i;
	return true;
}

/* Each command's COLUMNS subsection has one item per column, in table
 * order, whose text starts with the header and names the JSON key the
 * column shows. */
Test(man_page, lists_every_column_exactly)
{
	const struct command *const *c;
	struct man m;
	size_t s = 0, e = 0, i, col;

	man_load(&m);
	for (c = command_list; *c; c++) {
		const struct command *cmd = *c;
		if (!cmd->columns)
			continue;
		if (!man_columns(&m, cmd, &s, &e)) {
			cr_expect_fail("%s: no COLUMNS subsection names %s",
				       MAN_PAGE, cmd->name);
			continue;
		}
		col = 0;
		for (i = s; i < e; i++) {
			const struct out_col *oc;
			const char *t = m.p[i].head.buf, *b = m.p[i].body.buf;
			char want[64];
			if (m.p[i].kind != P_TP)
				continue;
			if (col >= cmd->ncolumns) {
				cr_expect_fail("%s: COLUMNS item \"%s\" is not "
					       "a column of %s",
					       MAN_PAGE, t, cmd->name);
				break;
			}
			oc = &cmd->columns[col++];
			cr_expect_str_eq(t, oc->name,
					 "%s: COLUMNS item \"%s\" where %s's "
					 "table has \"%s\"",
					 MAN_PAGE, t, cmd->name, oc->name);
			snprintf(want, sizeof(want), "%s:", oc->header);
			cr_expect(!strncmp(b, want, strlen(want)),
				  "%s: %s column %s: text does not start with "
				  "\"%s\"",
				  MAN_PAGE, cmd->name, oc->name, want);
			if (is_text_only(cmd, oc))
				snprintf(want, sizeof(want), "[text only");
			else
				snprintf(want, sizeof(want), "[%s", oc->json);
			cr_expect(strstr(b, want),
				  "%s: %s column %s: no \"%s\"", MAN_PAGE,
				  cmd->name, oc->name, want);
		}
		cr_expect_eq(col, cmd->ncolumns,
			     "%s: COLUMNS has %zu items for %s, its table %zu",
			     MAN_PAGE, col, cmd->name, cmd->ncolumns);
	}
	man_free(&m);
}

/* COLUMNS holds its items in subsections only, each naming commands that
 * share one column table. */
Test(man_page, columns_subsections_name_their_commands)
{
	const struct command *const *c;
	struct man m;
	size_t s, e, i;
	bool in_sub = false;

	man_load(&m);
	man_section(&m, "COLUMNS", &s, &e);
	for (i = s; i < e; i++) {
		const struct out_col *table = NULL;
		const char *t = m.p[i].head.buf;
		if (m.p[i].kind == P_TP)
			cr_expect(in_sub,
				  "%s: COLUMNS item \"%s\" is in no "
				  "subsection",
				  MAN_PAGE, t);
		if (m.p[i].kind != P_SS)
			continue;
		in_sub = true;
		for (c = command_list; *c; c++) {
			if (!has_word(t, (*c)->name))
				continue;
			cr_expect_not_null((*c)->columns,
					   "%s: COLUMNS subsection \"%s\" "
					   "names %s, which has no columns",
					   MAN_PAGE, t, (*c)->name);
			if (!table)
				table = (*c)->columns;
			cr_expect(table == (*c)->columns,
				  "%s: COLUMNS subsection \"%s\" names "
				  "commands with different columns",
				  MAN_PAGE, t);
		}
		cr_expect_not_null(table,
				   "%s: COLUMNS subsection \"%s\" names no "
				   "command",
				   MAN_PAGE, t);
	}
	man_free(&m);
}

Test(man_page, has_the_required_sections)
{
	static const char *const sections[] = {
		"NAME",	   "SYNOPSIS", "DESCRIPTION", "COMMANDS",
		"COLUMNS", "OUTPUT",   "EXIT STATUS", "ENVIRONMENT",
		"FILES",   "EXAMPLES", "SEE ALSO",
	};
	struct man m;
	size_t i, s, e;

	man_load(&m);
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		man_section(&m, sections[i], &s, &e);
	man_free(&m);
}

/* Each command says in its help what it needs to read other users'
 * processes, and the man page's Privileges (NOTES) says the same, in a
 * tagged paragraph per command. */
Test(man_page, says_each_commands_privileges)
{
	const struct command *const *c;
	struct man m;
	size_t s, e, i, first = 0;

	man_load(&m);
	man_section(&m, "NOTES", &s, &e);
	for (i = s; i < e && !first; i++)
		if (m.p[i].kind == P_SS &&
		    !strcmp(m.p[i].head.buf, "Privileges"))
			first = i;
	cr_assert(first, "%s: NOTES has no Privileges subsection", MAN_PAGE);
	for (c = command_list; *c; c++) {
		char tag[64], *help = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&help, &len);
		bool found = false;
		cr_assert((*c)->privileges && *(*c)->privileges,
			  "%s: no privileges paragraph", (*c)->name);
		cmd_print_help(fp, *c);
		fclose(fp);
		cr_assert(strstr(help, "\nPrivileges: ") &&
				  strstr(help, (*c)->privileges),
			  "procsift %s --help does not say its privileges",
			  (*c)->name);
		free(help);
		snprintf(tag, sizeof(tag), "procsift %s", (*c)->name);
		for (i = first + 1; i < e && m.p[i].kind != P_SS; i++)
			if (m.p[i].kind == P_TP &&
			    !strcmp(m.p[i].head.buf, tag)) {
				cr_expect_str_eq(
					m.p[i].body.buf, (*c)->privileges,
					"%s, Privileges: %s", MAN_PAGE, tag);
				found = true;
			}
		cr_assert(found, "%s, Privileges: no item %s (make man)",
			  MAN_PAGE, tag);
	}
	man_free(&m);
}

/* --- Completion tests --------------------------------------------------- */

/* The text between the first open in text and the close after it, into
 * out; false when there is none. */
static bool block(struct strbuf *out, const char *text, const char *open,
		  const char *close)
{
	const char *s = strstr(text, open), *e;
	if (!s)
		return false;
	s += strlen(open);
	e = strstr(s, close);
	if (!e)
		return false;
	strbuf_reset(out);
	strbuf_add(out, s, (size_t)(e - s));
	return true;
}

/* Each whitespace-separated word of s, in turn, in word (size bytes). */
static const char *next_word(const char *s, char *word, size_t size)
{
	size_t n;
	s += strspn(s, " \t\n");
	n = strcspn(s, " \t\n");
	if (!n)
		return NULL;
	snprintf(word, size, "%.*s", (int)n, s);
	return s + n;
}

/* bash keeps the commands in one variable and each command's options in an
 * opts string under its case label: both must match the registry exactly. */
Test(completions, bash_commands_and_options)
{
	const struct command *const *c;
	const struct cmd_opt *o;
	struct strbuf text = STRBUF_INIT, cmds = STRBUF_INIT, b = STRBUF_INIT;
	char word[80], label[80];
	const char *p;
	size_t n = 0;

	slurp(&text, COMP_BASH);
	cr_assert(block(&cmds, text.buf, "_procsift_commands=\"", "\""),
		  "%s: no _procsift_commands", COMP_BASH);
	for (p = cmds.buf; (p = next_word(p, word, sizeof(word))); n++)
		cr_expect_not_null(command_find(word),
				   "%s: %s is not a command", COMP_BASH, word);
	for (c = command_list; *c; c++) {
		cr_expect(has_word(cmds.buf, (*c)->name), "%s: no command %s",
			  COMP_BASH, (*c)->name);
		snprintf(label, sizeof(label), "\t%s)\n\t\topts=\"",
			 (*c)->name);
		if (!block(&b, text.buf, label, "\"")) {
			cr_expect_fail("%s: no opts for %s", COMP_BASH,
				       (*c)->name);
			continue;
		}
		for (o = (*c)->opts; o->lname; o++) {
			snprintf(word, sizeof(word), "--%s", o->lname);
			cr_expect(has_word(b.buf, word), "%s: %s lacks %s",
				  COMP_BASH, (*c)->name, word);
			snprintf(word, sizeof(word), "-%c", o->sname);
			cr_expect(!o->sname || has_word(b.buf, word),
				  "%s: %s lacks %s", COMP_BASH, (*c)->name,
				  word);
		}
		for (p = b.buf; (p = next_word(p, word, sizeof(word)));) {
			bool ok =
				!strcmp(word, "--help") || !strcmp(word, "-h");
			for (o = (*c)->opts; o->lname && !ok; o++)
				ok = (!strncmp(word, "--", 2) &&
				      !strcmp(word + 2, o->lname)) ||
				     (word[0] == '-' && word[1] == o->sname &&
				      !word[2]);
			cr_expect(ok,
				  "%s: %s offers %s, which it does not have",
				  COMP_BASH, (*c)->name, word);
		}
	}
	cr_expect_eq(n, count_commands(), "%s: %zu commands, the registry %zu",
		     COMP_BASH, n, count_commands());
	strbuf_release(&cmds);
	strbuf_release(&b);
	strbuf_release(&text);
}

/* zsh: each command in the _describe list; each option as an _arguments
 * spec pairing its short and long names, "+"/"=" when it takes an
 * argument: {-o+,--output=}, {-j,--json}, '--pretty[...]', or for a
 * repeatable long-only option '*--rules=[...]'. */
Test(completions, zsh_commands_and_options)
{
	const struct command *const *c;
	const struct cmd_opt *o;
	struct strbuf text = STRBUF_INIT;
	char want[96], rep[96];

	slurp(&text, COMP_ZSH);
	for (c = command_list; *c; c++) {
		snprintf(want, sizeof(want), "'%s:", (*c)->name);
		cr_expect(strstr(text.buf, want), "%s: no command %s", COMP_ZSH,
			  (*c)->name);
		for (o = (*c)->opts; o->lname; o++) {
			rep[0] = '\0';
			if (o->sname) {
				snprintf(want, sizeof(want), "{-%c%s,--%s%s}",
					 o->sname, o->arg ? "+" : "", o->lname,
					 o->arg ? "=" : "");
			} else {
				snprintf(want, sizeof(want), "'--%s%s[",
					 o->lname, o->arg ? "=" : "");
				snprintf(rep, sizeof(rep), "'*--%s%s[",
					 o->lname, o->arg ? "=" : "");
			}
			cr_expect(strstr(text.buf, want) ||
					  (rep[0] && strstr(text.buf, rep)),
				  "%s: no spec %s (procsift %s)", COMP_ZSH,
				  want, (*c)->name);
		}
	}
	strbuf_release(&text);
}

/* Whether the fish line's -n condition names the command. */
static bool fish_cond_names(const char *line, const char *cmd)
{
	struct strbuf cond = STRBUF_INIT;
	bool r = block(&cond, line, "-n '", "'") && has_word(cond.buf, cmd);
	strbuf_release(&cond);
	return r;
}

/* fish: each command offered while none is given; each option on a
 * complete line with its short name, whose condition names the command,
 * and that requires an argument (-x or -r) exactly when it takes one. */
Test(completions, fish_commands_and_options)
{
	const struct command *const *c;
	const struct cmd_opt *o;
	struct strbuf text = STRBUF_INIT, line = STRBUF_INIT;
	char want[96];
	const char *p, *nl;

	slurp(&text, COMP_FISH);
	for (c = command_list; *c; c++) {
		snprintf(want, sizeof(want),
			 "-n __procsift_needs_command -a %s ", (*c)->name);
		cr_expect(strstr(text.buf, want), "%s: no command %s",
			  COMP_FISH, (*c)->name);
		for (o = (*c)->opts; o->lname; o++) {
			bool found = false;
			if (o->sname)
				snprintf(want, sizeof(want), "-s %c -l %s",
					 o->sname, o->lname);
			else
				snprintf(want, sizeof(want), "-l %s", o->lname);
			for (p = text.buf; *p && !found;
			     p = *nl ? nl + 1 : nl) {
				nl = strchrnul(p, '\n');
				strbuf_reset(&line);
				strbuf_add(&line, p, (size_t)(nl - p));
				if (strncmp(line.buf, "complete -c procsift",
					    20) ||
				    !has_word(line.buf, want) ||
				    !fish_cond_names(line.buf, (*c)->name))
					continue;
				found = true;
				cr_expect(!o->arg ==
						  !(has_word(line.buf, "-x") ||
						    has_word(line.buf, "-r")),
					  "%s: --%s of %s: -x/-r %s", COMP_FISH,
					  o->lname, (*c)->name,
					  o->arg ? "missing" : "on a flag");
			}
			cr_expect(found, "%s: no \"%s\" for procsift %s",
				  COMP_FISH, want, (*c)->name);
		}
	}
	strbuf_release(&line);
	strbuf_release(&text);
}

/* The column list of a generated completion file for cmd: bash cols="..."
 * under the command's case label in _procsift_cmd, zsh
 * _procsift_CMD_column_specs=(...), fish the command's case in
 * __procsift_column_names. Its names go to names; false when the file has
 * no list for cmd (cmd NULL: never, every list is per command). */
static bool column_block(const char *file, const char *text, const char *cmd,
			 char *names, size_t size)
{
	const char *start = NULL, *end = NULL, *p;
	const char *after = strstr(file, ".fish") ? "\\t" : "[";
	char key[96];
	size_t n = 0;

	names[0] = '\0';
	if (!cmd)
		return false;
	if (strstr(file, ".bash")) {
		snprintf(key, sizeof(key), "\t%s)\n", cmd);
		start = strstr(text, key);
		if (start)
			start = strstr(start, "cols=\"");
		if (start) {
			start += strlen("cols=\"");
			end = strchr(start, '"');
		}
		if (start == end)
			return false; /* cols="": no columns */
	} else if (strstr(file, ".fish")) {
		start = strstr(text, "function __procsift_column_names\n");
		snprintf(key, sizeof(key), "\n        case %s\n", cmd);
		if (start)
			start = strstr(start, key);
		if (start) {
			start += strlen(key) - 1;
			end = strstr(start + 1, "\n        case ");
			p = strstr(start, "\n    end");
			if (!end || (p && p < end))
				end = p;
		}
	} else {
		snprintf(key, sizeof(key), "_procsift_%s_column_specs=(", cmd);
		start = strstr(text, key);
		if (start)
			end = strstr(start, "\n)");
	}
	if (!start || !end)
		return false;
	/* bash: "pid ppid ..."; zsh: one "'pid[process id]'" a line; fish:
	 * one "pid\\t'process id' \\" a line. */
	for (p = start; p < end;) {
		size_t len;
		if (strstr(file, ".bash")) {
			p += strspn(p, " \t\n");
			len = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
		} else {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				break;
			p = nl + 1;
			p += strspn(p, " \t'\"");
			len = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
			/* Only entries: a name, then its description. */
			if (strncmp(p + len, after, strlen(after)))
				len = 0;
		}
		if (p >= end)
			break;
		if (!len) {
			p++;
			continue;
		}
		if (n + len + 2 < size) {
			memcpy(names + n, p, len);
			n += len;
			names[n++] = ' ';
			names[n] = '\0';
		}
		p += len;
	}
	return true;
}

/* Each command with columns completes exactly its own table for -o: its
 * own list, or the shared one (which then must be that table). A command
 * without columns has no list. */
Test(completions, list_exactly_the_columns)
{
	const struct command *const *c;
	char names[2048], name[64];
	size_t f, i, count;

	for (f = 0; f < NCOMPLETION; f++) {
		struct strbuf sb = STRBUF_INIT;
		const char *file = completion_files[f], *p;
		slurp(&sb, file);
		for (c = command_list; *c; c++) {
			const struct command *cmd = *c;
			bool own = column_block(file, sb.buf, cmd->name, names,
						sizeof(names));
			if (!cmd->columns) {
				cr_expect(!own,
					  "%s: a column list for %s, which "
					  "has no columns",
					  file, cmd->name);
				continue;
			}
			if (!own && !column_block(file, sb.buf, NULL, names,
						  sizeof(names))) {
				cr_expect_fail("%s: no column list for %s",
					       file, cmd->name);
				continue;
			}
			for (i = 0; i < cmd->ncolumns; i++)
				cr_expect(has_word(names, cmd->columns[i].name),
					  "%s: %s's column list lacks %s", file,
					  cmd->name, cmd->columns[i].name);
			count = 0;
			for (p = names;
			     (p = next_word(p, name, sizeof(name)));) {
				cr_expect_geq(
					find_column(cmd, name, strlen(name)), 0,
					"%s: %s's column list has %s, "
					"which is not one of its columns",
					file, cmd->name, name);
				count++;
			}
			cr_expect_eq(count, cmd->ncolumns,
				     "%s: %zu columns for %s, its table %zu",
				     file, count, cmd->name, cmd->ncolumns);
		}
		strbuf_release(&sb);
	}
}

/* Each column name of each command also appears in the man page's
 * COLUMNS section. */
Test(man_page, names_every_column)
{
	const struct command *const *c;
	struct strbuf text = STRBUF_INIT;
	struct man m;
	size_t s, e, i;

	man_load(&m);
	man_section(&m, "COLUMNS", &s, &e);
	for (i = s; i < e; i++)
		strbuf_addf(&text, "%s\n%s\n", m.p[i].head.buf,
			    m.p[i].body.buf);
	for (c = command_list; *c; c++)
		for (i = 0; i < (*c)->ncolumns; i++)
			cr_expect(has_word(text.buf, (*c)->columns[i].name),
				  "%s: COLUMNS lacks %s's column %s", MAN_PAGE,
				  (*c)->name, (*c)->columns[i].name);
	strbuf_release(&text);
	man_free(&m);
}

/* Every judge of the registry is offered after --judge and --skip by each
 * shell, and named in the man page: a judge added without them fails. */
Test(completions, every_judge)
{
	static const char *const files[] = {COMP_BASH, COMP_ZSH, COMP_FISH,
					    "docs/procsift.1"};
	const struct judge *const *j;
	struct strbuf sb = STRBUF_INIT, id = STRBUF_INIT;
	size_t i, k;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		strbuf_reset(&sb);
		slurp(&sb, files[i]);
		for (j = judge_list; *j; j++) {
			strbuf_reset(&id);
			/* The man page writes a dash as \-. */
			for (k = 0; (*j)->id[k]; k++) {
				if ((*j)->id[k] == '-' && i == 3)
					strbuf_addch(&id, '\\');
				strbuf_addch(&id, (*j)->id[k]);
			}
			cr_expect(has_word(sb.buf, id.buf), "%s: no judge %s",
				  files[i], id.buf);
		}
	}
	strbuf_release(&id);
	strbuf_release(&sb);
}
