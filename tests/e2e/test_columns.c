/* Derived from the column tables of ps and tree (proc_cols), env (env_cols),
 * fds (fd_cols) and maps (maps_cols): for a process the test starts, every
 * column is shown in text, --raw and
 * --pairs under its header or name with the same cell, and its JSON key
 * is in --json with the declared type and a value that agrees with the
 * cell, so that a column cannot exist in one format only. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "columnkit.h"
#include "helpers.h"
#include "inspectee.h"
#include "render/env_view.h"
#include "render/fd_view.h"
#include "render/maps_view.h"
#include "render/proc_view.h"

/* A sleeper with a plain argv; argsleep says ready on stdout. */
static pid_t sleeper(void)
{
	int p[2];
	char c;
	pid_t pid;
	cr_assert(!pipe(p));
	pid = fork();
	cr_assert(pid >= 0);
	if (!pid) {
		static char a1[] = "colcheck";
		char *argv[] = {(char *)e2e_argsleep_bin(), a1, NULL};
		static char e1[] = "COLCHECK=v1";
		char *envp[] = {e1, NULL};
		dup2(p[1], 1);
		execve(argv[0], argv, envp);
		_exit(127);
	}
	close(p[1]);
	(void)!read(p[0], &c, 1);
	close(p[0]);
	return pid;
}

static void stop(pid_t pid)
{
	int st;
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
}

/* The index of out's last line. */
static int last_line(const struct strbuf *out)
{
	int n = 0;
	size_t i;
	for (i = 0; i + 1 < out->len; i++)
		n += out->buf[i] == '\n';
	return n;
}

/* The cell of column c for pid in one format: "text", "raw", "pairs", of
 * ps (one row: -p pid) or env (one row: the sleeper has one variable). */
static void cell(const char *cmd, const struct out_col *c, const char *pids,
		 const char *fmt, struct strbuf *val)
{
	struct e2e_result r;
	struct strbuf line = STRBUF_INIT, key = STRBUF_INIT;
	const char *flag = !strcmp(fmt, "raw")	   ? "-r"
			   : !strcmp(fmt, "pairs") ? "-P"
						   : "-w";
	int last;
	if (!strcmp(cmd, "ps"))
		PROCSIFT(&r, "ps", "-p", pids, flag, "-o", c->name);
	else
		PROCSIFT(&r, cmd, pids, flag, "-o", c->name);
	E2E_EXPECT_STATUS(&r, 0, c->name);
	/* tree PID: the ancestors, then PID, which has no children, last. */
	last = strcmp(cmd, "tree") ? -1 : last_line(&r.out);
	if (!strcmp(fmt, "pairs")) {
		/* NAME="value", NAME the column name upper-cased. */
		const char *p;
		nth_line(&r.out, last < 0 ? 0 : last, &line);
		for (p = c->name; *p; p++)
			strbuf_addch(&key, isalnum((unsigned char)*p)
						   ? toupper((unsigned char)*p)
						   : '_');
		strbuf_addstr(&key, "=\"");
		cr_assert(!strncmp(line.buf, key.buf, key.len) &&
				  line.buf[line.len - 1] == '"',
			  "%s pairs: want %s...\", got %s", c->name, key.buf,
			  line.buf);
		unescape(line.buf + key.len, line.len - key.len - 1, val);
	} else {
		nth_line(&r.out, 0, &line);
		trim(&line);
		cr_expect_str_eq(line.buf, c->header, "%s %s: header %s",
				 c->name, fmt, line.buf);
		nth_line(&r.out, last < 0 ? 1 : last, &line);
		if (!strcmp(fmt, "raw")) {
			unescape(line.buf, line.len, val);
		} else {
			trim(&line);
			strbuf_reset(val);
			strbuf_add(val, line.buf, line.len);
		}
	}
	strbuf_release(&line);
	strbuf_release(&key);
	e2e_result_release(&r);
}

static const enum json_type json_types[] = {
	[OUT_JSON_STRING] = json_type_string,
	[OUT_JSON_INT] = json_type_int,
	[OUT_JSON_BOOL] = json_type_boolean,
	[OUT_JSON_ARRAY] = json_type_array,
	[OUT_JSON_OBJECT] = json_type_object,
};

/* The value at c's key ("a" or "a.b") of proc; *found false when absent. */
static struct json_object *json_at(struct json_object *proc,
				   const struct out_col *c, bool *found)
{
	const char *dot = strchr(c->json, '.');
	struct json_object *v = NULL;
	char top[64];
	snprintf(top, sizeof(top), "%.*s",
		 (int)(dot ? (size_t)(dot - c->json) : strlen(c->json)),
		 c->json);
	*found = json_object_object_get_ex(proc, top, &v);
	/* A nested key of a null object (no container) is null too. */
	if (*found && dot && v)
		*found = json_object_object_get_ex(v, dot + 1, &v);
	return v;
}

/* The text cell agrees with the JSON value. */
static void agree(const struct out_col *c, const char *text,
		  struct json_object *v)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	if (!v) {
		cr_expect(!*text || !strcmp(text, "-") || !strcmp(text, "?"),
			  "%s: JSON null, text \"%s\"", c->name, text);
		return;
	}
	cr_expect_eq(json_object_get_type(v), json_types[c->jtype],
		     "%s: JSON type %s", c->name,
		     json_type_to_name(json_object_get_type(v)));
	switch (c->jtype) {
	case OUT_JSON_INT:
		cr_expect_eq(strtoll(text, NULL, 10), json_object_get_int64(v),
			     "%s: text %s, JSON %lld", c->name, text,
			     (long long)json_object_get_int64(v));
		break;
	case OUT_JSON_STRING:
		cr_expect_str_eq(text, json_object_get_string(v), "%s",
				 c->name);
		break;
	case OUT_JSON_BOOL:
		cr_expect_str_eq(text,
				 json_object_get_boolean(v) ? "yes" : "no",
				 "%s", c->name);
		break;
	case OUT_JSON_ARRAY: /* argv joined with spaces, the rest commas */
		for (i = 0; i < json_object_array_length(v); i++)
			strbuf_addf(&sb, "%s%s",
				    !i			       ? ""
				    : !strcmp(c->json, "argv") ? " "
							       : ",",
				    json_object_get_string(
					    json_object_array_get_idx(v, i)));
		cr_expect_str_eq(text, sb.buf, "%s", c->name);
		break;
	default: /* objects: their text is a summary (names, errors) */
		break;
	}
	strbuf_release(&sb);
}

/* One timeout for the suite: per-test timeouts here made Criterion 2.4's
 * runner leak 48 bytes under LeakSanitizer (its own allocation). */
TestSuite(columns, .timeout = 300);

Test(columns, every_column_in_every_format)
{
	pid_t pid = sleeper();
	char pids[16];
	struct e2e_result r;
	struct json_object *doc, *procs, *proc;
	struct strbuf text = STRBUF_INIT, raw = STRBUF_INIT,
		      pairs = STRBUF_INIT;
	size_t i;

	snprintf(pids, sizeof(pids), "%d", (int)pid);
	PROCSIFT(&r, "ps", "-p", pids, "--json");
	E2E_EXPECT_STATUS(&r, 0, "ps --json");
	e2e_validate("ps", &r.out);
	doc = e2e_json_parse(&r.out);
	cr_assert(json_object_object_get_ex(doc, "processes", &procs));
	cr_assert_eq(json_object_array_length(procs), 1);
	proc = json_object_array_get_idx(procs, 0);
	e2e_result_release(&r);

	for (i = 0; i < PC__COUNT; i++) {
		const struct out_col *c = &proc_cols[i];
		struct json_object *v;
		bool found;
		cr_assert(c->get && c->json && c->jtype != OUT_JSON_ANY,
			  "%s: no getter, JSON key or type", c->name);
		cell("ps", c, pids, "text", &text);
		cell("ps", c, pids, "raw", &raw);
		cell("ps", c, pids, "pairs", &pairs);
		v = json_at(proc, c, &found);
		cr_expect(found, "%s: no JSON key %s", c->name, c->json);
		/* Time passes between the runs: the age may tick. */
		if (!strcmp(c->json, "age_seconds"))
			continue;
		cr_expect_str_eq(raw.buf, text.buf, "%s: raw", c->name);
		cr_expect_str_eq(pairs.buf, text.buf, "%s: pairs", c->name);
		if (!(c->flags & OUT_COL_JSON_ALSO))
			agree(c, text.buf, v);
	}
	/* A few cells known without procsift. */
	cell("ps", &proc_cols[PC_PID], pids, "raw", &raw);
	cr_expect_str_eq(raw.buf, pids);
	cell("ps", &proc_cols[PC_COMM], pids, "pairs", &pairs);
	cr_expect_str_eq(pairs.buf, "argsleep");
	strbuf_release(&text);
	strbuf_release(&raw);
	strbuf_release(&pairs);
	json_object_put(doc);
	stop(pid);
}

/* The node of pid in a tree's JSON (nested by children), or NULL. */
static struct json_object *tree_node(struct json_object *list, int pid)
{
	size_t i;
	for (i = 0; list && i < json_object_array_length(list); i++) {
		struct json_object *n = json_object_array_get_idx(list, i), *v;
		if (json_object_object_get_ex(n, "pid", &v) &&
		    json_object_get_int(v) == pid)
			return n;
		if (json_object_object_get_ex(n, "children", &v) &&
		    (v = tree_node(v, pid)))
			return v;
	}
	return NULL;
}

/* tree shares ps's table; its rows are nested in JSON, and the tree
 * column's text carries the glyphs in front of the raw cell. */
Test(columns, every_tree_column_in_every_format)
{
	pid_t pid = sleeper();
	char pids[16];
	struct e2e_result r;
	struct json_object *doc, *procs, *proc;
	struct strbuf text = STRBUF_INIT, raw = STRBUF_INIT,
		      pairs = STRBUF_INIT;
	size_t i;

	snprintf(pids, sizeof(pids), "%d", (int)pid);
	PROCSIFT(&r, "tree", pids, "--json");
	E2E_EXPECT_STATUS(&r, 0, "tree --json");
	e2e_validate("tree", &r.out);
	doc = e2e_json_parse(&r.out);
	cr_assert(json_object_object_get_ex(doc, "processes", &procs));
	proc = tree_node(procs, (int)pid);
	cr_assert(proc, "pid %s not in tree --json", pids);
	e2e_result_release(&r);

	for (i = 0; i < PC__COUNT; i++) {
		const struct out_col *c = &proc_cols[i];
		struct json_object *v;
		bool found;
		size_t tl, rl;
		cell("tree", c, pids, "text", &text);
		cell("tree", c, pids, "raw", &raw);
		cell("tree", c, pids, "pairs", &pairs);
		v = json_at(proc, c, &found);
		cr_expect(found, "%s: no JSON key %s", c->name, c->json);
		if (!strcmp(c->json, "age_seconds"))
			continue;
		cr_expect_str_eq(pairs.buf, raw.buf, "%s: pairs", c->name);
		tl = text.len;
		rl = raw.len;
		if (c->flags & OUT_COL_TREE)
			cr_expect(tl >= rl &&
					  !strcmp(text.buf + tl - rl, raw.buf),
				  "%s: text \"%s\" does not end in \"%s\"",
				  c->name, text.buf, raw.buf);
		else
			cr_expect_str_eq(raw.buf, text.buf, "%s: raw", c->name);
		if (!(c->flags & OUT_COL_JSON_ALSO))
			agree(c, raw.buf, v);
	}
	strbuf_release(&text);
	strbuf_release(&raw);
	strbuf_release(&pairs);
	json_object_put(doc);
	stop(pid);
}

Test(columns, every_env_column_in_every_format)
{
	pid_t pid = sleeper();
	char pids[16];
	struct e2e_result r;
	struct json_object *doc, *procs, *proc, *vars, *var;
	struct strbuf text = STRBUF_INIT, raw = STRBUF_INIT,
		      pairs = STRBUF_INIT;
	size_t i;

	snprintf(pids, sizeof(pids), "%d", (int)pid);
	PROCSIFT(&r, "env", pids, "--json");
	E2E_EXPECT_STATUS(&r, 0, "env --json");
	e2e_validate("env", &r.out);
	doc = e2e_json_parse(&r.out);
	cr_assert(json_object_object_get_ex(doc, "processes", &procs));
	proc = json_object_array_get_idx(procs, 0);
	cr_assert(json_object_object_get_ex(proc, "env", &vars));
	cr_assert_eq(json_object_array_length(vars), 1);
	var = json_object_array_get_idx(vars, 0);
	e2e_result_release(&r);

	for (i = 0; i < EC__COUNT; i++) {
		const struct out_col *c = &env_cols[i];
		struct json_object *v;
		bool found;
		cr_assert(c->get && c->json && c->jtype != OUT_JSON_ANY,
			  "%s: no getter, JSON key or type", c->name);
		cell("env", c, pids, "text", &text);
		cell("env", c, pids, "raw", &raw);
		cell("env", c, pids, "pairs", &pairs);
		/* pid and comm are keys of the process, the rest of each
		 * variable. */
		v = json_at(c->flags & OUT_COL_JSON_OUTER ? proc : var, c,
			    &found);
		cr_expect(found, "%s: no JSON key %s", c->name, c->json);
		cr_expect_str_eq(raw.buf, text.buf, "%s: raw", c->name);
		cr_expect_str_eq(pairs.buf, text.buf, "%s: pairs", c->name);
		agree(c, text.buf, v);
	}
	cell("env", &env_cols[EC_NAME], pids, "raw", &raw);
	cr_expect_str_eq(raw.buf, "COLCHECK");
	cell("env", &env_cols[EC_VALUE], pids, "pairs", &pairs);
	cr_expect_str_eq(pairs.buf, "v1");
	strbuf_release(&text);
	strbuf_release(&raw);
	strbuf_release(&pairs);
	json_object_put(doc);
	stop(pid);
}

/* Every alias is taken by -o and --sort and names its column, and no
 * alias is another column's name. */
Test(columns, aliases)
{
	size_t i;
	for (i = 0; i < PC__COUNT; i++) {
		const struct out_col *c = &proc_cols[i];
		struct e2e_result r;
		if (!c->alias)
			continue;
		cr_expect_eq(out_col_find(proc_cols, PC__COUNT, c->alias,
					  strlen(c->alias)),
			     (int)i, "alias %s", c->alias);
		PROCSIFT(&r, "ps", "-p", "1", "-o", c->alias, "--sort",
			 c->alias);
		E2E_EXPECT_STATUS(&r, 0, c->alias);
		cr_expect(strstr(r.out.buf, c->header), "-o %s: no header %s",
			  c->alias, c->header);
		e2e_result_release(&r);
	}
}

/* Line n of the output of procsift ARGS... -o col in fmt, as the cell of
 * row n: text and raw have a header line first. */
static void list_cells(const char *const *args, const struct out_col *c,
		       const char *fmt, size_t rows, struct strbuf *cells)
{
	struct e2e_result r;
	struct strbuf line = STRBUF_INIT, key = STRBUF_INIT;
	const char *argv[16];
	const char *p;
	size_t n = 0, k;
	bool pairs = !strcmp(fmt, "pairs");
	for (; *args; args++)
		argv[n++] = *args;
	argv[n++] = !strcmp(fmt, "raw") ? "-r" : pairs ? "-P" : "-w";
	argv[n++] = "-o";
	argv[n++] = c->name;
	argv[n] = NULL;
	e2e_procsift(&r, NULL, argv);
	E2E_EXPECT_STATUS(&r, 0, c->name);
	for (p = c->name; *p; p++)
		strbuf_addch(&key, isalnum((unsigned char)*p)
					   ? toupper((unsigned char)*p)
					   : '_');
	strbuf_addstr(&key, "=\"");
	if (!pairs) {
		nth_line(&r.out, 0, &line);
		trim(&line);
		cr_expect_str_eq(line.buf, c->header, "%s %s: header", c->name,
				 fmt);
	}
	for (k = 0; k < rows; k++) {
		nth_line(&r.out, (int)k + !pairs, &line);
		if (pairs) {
			cr_assert(!strncmp(line.buf, key.buf, key.len) &&
					  line.buf[line.len - 1] == '"',
				  "%s pairs: %s", c->name, line.buf);
			unescape(line.buf + key.len, line.len - key.len - 1,
				 &cells[k]);
		} else {
			/* Text escapes hostile bytes as \xNN too. */
			if (strcmp(fmt, "raw"))
				trim(&line);
			unescape(line.buf, line.len, &cells[k]);
		}
	}
	strbuf_release(&line);
	strbuf_release(&key);
	e2e_result_release(&r);
}

/* Every column of defs for every row of one process's list (the JSON
 * array at key) in text, raw, pairs and JSON; a column whose name is in
 * absent (comma-separated) has no key in this shape of the list. */
static void check_list(const char *const *args, const char *schema,
		       const char *key, const struct out_col *defs,
		       size_t ndefs, const char *absent)
{
	const char *jargs[16];
	struct e2e_result r;
	struct json_object *doc, *procs, *proc, *list;
	struct strbuf *text, *raw, *pairs;
	size_t n = 0, rows, i, k;
	for (; args[n]; n++)
		jargs[n] = args[n];
	jargs[n++] = "--json";
	jargs[n] = NULL;
	e2e_procsift(&r, NULL, jargs);
	E2E_EXPECT_STATUS(&r, 0, schema);
	e2e_validate(schema, &r.out);
	doc = e2e_json_parse(&r.out);
	cr_assert(json_object_object_get_ex(doc, "processes", &procs));
	proc = json_object_array_get_idx(procs, 0);
	cr_assert(json_object_object_get_ex(proc, key, &list) && list);
	rows = json_object_array_length(list);
	cr_assert(rows > 0, "no %s", key);
	e2e_result_release(&r);
	text = calloc(rows, sizeof(*text));
	raw = calloc(rows, sizeof(*raw));
	pairs = calloc(rows, sizeof(*pairs));
	for (i = 0; i < ndefs; i++) {
		const struct out_col *c = &defs[i];
		char word[64];
		snprintf(word, sizeof(word), ",%s,", c->name);
		cr_assert(c->get && c->json && c->jtype != OUT_JSON_ANY,
			  "%s: no getter, JSON key or type", c->name);
		list_cells(args, c, "text", rows, text);
		list_cells(args, c, "raw", rows, raw);
		list_cells(args, c, "pairs", rows, pairs);
		for (k = 0; k < rows; k++) {
			struct json_object *o =
				json_object_array_get_idx(list, k);
			struct json_object *v;
			bool found;
			cr_expect_str_eq(raw[k].buf, text[k].buf, "%s: raw %zu",
					 c->name, k);
			cr_expect_str_eq(pairs[k].buf, text[k].buf,
					 "%s: pairs %zu", c->name, k);
			v = json_at(c->flags & OUT_COL_JSON_OUTER ? proc : o, c,
				    &found);
			if (strstr(absent, word)) {
				cr_expect(!found, "%s: key %s in %s", c->name,
					  c->json, key);
				continue;
			}
			cr_expect(found, "%s: no JSON key %s in %s", c->name,
				  c->json, key);
			/* A position may move between the runs. */
			if (!(c->flags & OUT_COL_JSON_ALSO) &&
			    strcmp(c->json, "pos"))
				agree(c, text[k].buf, v);
		}
	}
	for (k = 0; k < rows; k++) {
		strbuf_release(&text[k]);
		strbuf_release(&raw[k]);
		strbuf_release(&pairs[k]);
	}
	free(text);
	free(raw);
	free(pairs);
	json_object_put(doc);
}

Test(columns, every_maps_column_in_every_format)
{
	struct insp s;
	char pid[16];
	insp_start(&s, "basic");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	check_list((const char *const[]){"maps", pid, NULL}, "maps", "maps",
		   maps_cols, MC__COUNT, ",size_kib,count,");
	check_list((const char *const[]){"maps", "--summary", pid, NULL},
		   "maps", "summary", maps_cols, MC__COUNT,
		   ",start,end,offset,dev,inode,");
	insp_stop(&s);
}

Test(columns, every_fds_column_in_every_format)
{
	struct insp s;
	char pid[16];
	insp_start(&s, "basic");
	snprintf(pid, sizeof(pid), "%d", (int)s.pid);
	check_list((const char *const[]){"fds", "--fdinfo", pid, NULL}, "fds",
		   "fds", fd_cols, FC__COUNT, "");
	insp_stop(&s);
}
