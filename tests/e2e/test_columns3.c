/* Derived from the findings column table (finding_cols), as
 * test_columns.c is for ps and env: for a process the test starts with one
 * known secret, every column is shown in text, --raw and --pairs under its
 * header or name with the same cell, and its JSON key is in scan --json
 * with the declared type and a value that agrees with the cell, so that a
 * column cannot exist in one format only; and the finding object has the
 * keys of the table, in its JSON order, and no other. */
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
#include "render/finding_view.h"

#define TOKEN "ghp_38AibNyyurlGFb0EkjKWREhbiGjlvhkTp3SK"
#define KEY "0123456789abcdef0123456789abcdef"

/* A sleeper with one secret in its environment; argsleep says ready on
 * stdout. */
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
		static char e1[] = "GITHUB_TOKEN=" TOKEN;
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

/* scan of pids (the env judge only: one finding a process) with flag and
 * -o cols (flag and cols may be NULL), into r. */
static void scan(struct e2e_result *r, const char *pids, const char *flag,
		 const char *cols)
{
	if (cols)
		PROCSIFT(r, "scan", "-p", pids, "--judge", "env",
			 "--fingerprint-key", KEY, flag, "-o", cols);
	else
		PROCSIFT(r, "scan", "-p", pids, "--judge", "env",
			 "--fingerprint-key", KEY, flag);
	/* Exit 0: no --fail-on. */
	E2E_EXPECT_STATUS(r, 0, cols ? cols : flag);
}

/* The cell of column c on the one row in fmt ("text", "raw", "pairs"). */
static void cell(const char *pids, const struct out_col *c, const char *fmt,
		 struct strbuf *val)
{
	struct e2e_result r;
	struct strbuf line = STRBUF_INIT, key = STRBUF_INIT;
	scan(&r, pids,
	     !strcmp(fmt, "raw")     ? "-r"
	     : !strcmp(fmt, "pairs") ? "-P"
				     : "-w",
	     c->name);
	if (!strcmp(fmt, "pairs")) {
		nth_line(&r.out, 0, &line);
		out_col_pairs_key(&key, c->name);
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
		nth_line(&r.out, 1, &line);
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
	[OUT_JSON_DOUBLE] = json_type_double,
};

/* A JSON value as its text cell shows it: strings as they are, booleans
 * yes or no, arrays comma-joined, objects as KEY=VALUE comma-joined. */
static void as_text(struct strbuf *sb, struct json_object *v)
{
	size_t i, k = 0;
	switch (json_object_get_type(v)) {
	case json_type_null:
		break;
	case json_type_boolean:
		strbuf_addstr(sb, json_object_get_boolean(v) ? "yes" : "no");
		break;
	case json_type_array:
		for (i = 0; i < json_object_array_length(v); i++) {
			if (i)
				strbuf_addch(sb, ',');
			as_text(sb, json_object_array_get_idx(v, i));
		}
		break;
	case json_type_object: {
		json_object_object_foreach(v, key, val)
		{
			strbuf_addf(sb, "%s%s=", k++ ? "," : "", key);
			as_text(sb, val);
		}
		break;
	}
	default:
		strbuf_addstr(sb, json_object_get_string(v));
	}
}

/* want with each U+2026 as "...": the text of a locale that is not
 * UTF-8. */
static void ascii_marks(struct strbuf *sb, const char *want)
{
	const char *p;
	strbuf_reset(sb);
	for (p = want; *p; p++) {
		if (!strncmp(p, "\xe2\x80\xa6", 3)) {
			strbuf_addstr(sb, "...");
			p += 2;
		} else {
			strbuf_addch(sb, *p);
		}
	}
}

/* One timeout for the suite: per-test timeouts made Criterion 2.4's runner
 * leak 48 bytes under LeakSanitizer (its own allocation; see columns). */
TestSuite(columns3, .timeout = 180);

/* The text cell of column c agrees with item, the finding's object. */
static void agree(const struct out_col *c, const char *text,
		  struct json_object *item)
{
	struct json_object *v = e2e_json_get(item, c->json);
	struct strbuf want = STRBUF_INIT, alt = STRBUF_INIT;
	if (v)
		cr_expect_eq(json_object_get_type(v), json_types[c->jtype],
			     "%s: JSON type %s", c->name,
			     json_type_to_name(json_object_get_type(v)));
	if (!strcmp(c->name, "evidence")) {
		/* The redacted secret with its length and fingerprint. */
		cr_assert(v, "evidence: null");
		strbuf_addf(&want, "%s len=%lld fp=%s",
			    json_object_get_string(v),
			    (long long)json_object_get_int64(
				    e2e_json_get(item, "length")),
			    json_object_get_string(
				    e2e_json_get(item, "fingerprint")));
	} else if (!strcmp(c->name, "container") && v) {
		/* A name where the runtime gives one, else the id's first
		 * 12 digits. */
		cr_expect(strstr(json_object_get_string(v), text) ||
				  e2e_json_get(item, "container_name") ||
				  e2e_json_get(item, "pod_name"),
			  "container: text \"%s\", JSON %s", text,
			  json_object_get_string(v));
		goto out;
	} else {
		as_text(&want, v);
	}
	ascii_marks(&alt, want.buf);
	cr_expect(!strcmp(text, want.buf) || !strcmp(text, alt.buf),
		  "%s: text \"%s\", JSON \"%s\"", c->name, text, want.buf);
out:
	strbuf_release(&want);
	strbuf_release(&alt);
}

Test(columns3, every_finding_column_in_every_format)
{
	pid_t pid = sleeper();
	char pids[16];
	struct e2e_result r;
	struct json_object *doc, *items, *item;
	struct strbuf text = STRBUF_INIT, raw = STRBUF_INIT,
		      pairs = STRBUF_INIT;
	size_t i, k = 0;

	snprintf(pids, sizeof(pids), "%d", (int)pid);
	scan(&r, pids, "--json", NULL);
	e2e_validate("scan", &r.out);
	doc = e2e_json_parse(&r.out);
	cr_assert(json_object_object_get_ex(doc, "findings", &items));
	cr_assert_eq(json_object_array_length(items), 1, "%s", r.out.buf);
	item = json_object_array_get_idx(items, 0);
	e2e_result_release(&r);
	cr_expect_eq(json_object_get_int64(e2e_json_get(item, "pid")), pid);
	cr_expect_str_eq(json_object_get_string(e2e_json_get(item, "rule")),
			 "github-token");

	for (i = 0; i < FINDING_NCOLS_ALL; i++) {
		const struct out_col *c = &finding_cols[i];
		cr_assert(c->get && c->json && c->jtype != OUT_JSON_ANY,
			  "%s: no getter, JSON key or type", c->name);
		/* -o takes the JSON key as well where the name is older. */
		cr_expect(!strcmp(c->name, c->json) ||
				  (c->alias && !strcmp(c->alias, c->json)),
			  "%s: JSON key %s", c->name, c->json);
		cell(pids, c, "text", &text);
		cell(pids, c, "raw", &raw);
		cell(pids, c, "pairs", &pairs);
		cr_expect(json_object_object_get_ex(item, c->json, NULL),
			  "%s: no JSON key %s", c->name, c->json);
		cr_expect_str_eq(raw.buf, text.buf, "%s: raw", c->name);
		cr_expect_str_eq(pairs.buf, text.buf, "%s: pairs", c->name);
		agree(c, text.buf, item);
	}
	/* The object has the table's keys in the table's JSON order, each
	 * once, and no other. */
	json_object_object_foreach(item, key, val)
	{
		(void)val;
		cr_assert_lt(k, FINDING_NCOLS_ALL, "JSON key %s has no column",
			     key);
		cr_expect_str_eq(key, finding_cols[finding_cols_json[k]].json,
				 "JSON key %zu", k);
		k++;
	}
	cr_expect_eq(k, FINDING_NCOLS_ALL);
	strbuf_release(&text);
	strbuf_release(&raw);
	strbuf_release(&pairs);
	json_object_put(doc);
	stop(pid);
}

/* A text row groups the processes that share a secret and place: the PID
 * cell lists them, a cell that can differ between them shows each value
 * once, and JSON has one object a process. */
Test(columns3, grouped_row)
{
	pid_t a = sleeper(), b = sleeper(), t;
	unsigned long long ta, tb;
	char pids[40], want[200];
	struct e2e_result r;
	struct json_object *doc, *items;

	/* Findings are in pid order, and so are a row's processes. */
	if (a > b) {
		t = a;
		a = b;
		b = t;
	}
	ta = e2e_start_ticks(a);
	tb = e2e_start_ticks(b);
	snprintf(pids, sizeof(pids), "%d,%d", (int)a, (int)b);
	scan(&r, pids, "-P", "pid,command,start_ticks");
	if (ta == tb)
		snprintf(want, sizeof(want),
			 "PID=\"%d,%d\" COMMAND=\"argsleep\" "
			 "START_TICKS=\"%llu\"\n",
			 (int)a, (int)b, ta);
	else
		snprintf(want, sizeof(want),
			 "PID=\"%d,%d\" COMMAND=\"argsleep\" "
			 "START_TICKS=\"%llu,%llu\"\n",
			 (int)a, (int)b, ta, tb);
	cr_expect_str_eq(r.out.buf, want);
	e2e_result_release(&r);

	scan(&r, pids, "--json", NULL);
	doc = e2e_json_parse(&r.out);
	cr_assert(json_object_object_get_ex(doc, "findings", &items));
	cr_expect_eq(json_object_array_length(items), 2, "%s", r.out.buf);
	json_object_put(doc);
	e2e_result_release(&r);
	stop(a);
	stop(b);
}
