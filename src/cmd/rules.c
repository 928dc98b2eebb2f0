/* procsift rules list|check [FILE...]|test [FILE]: what is looked for,
 * proof that each rule finds its examples and not its negatives, and what
 * the rules make of text. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "cmd/outopts.h"
#include "cmd/ruleopts.h"
#include "model/finding.h"
#include "render/rule_view.h"
#include "scan/secrets.h"
#include "util/msg.h"
#include "util/redact.h"
#include "util/strbuf.h"

enum { RU_REVEAL = 1 };

static const struct cmd_opt rules_opts[] = {
	RULE_OPTS,
	OUTPUT_OPTS,
	{RU_REVEAL, "reveal", 0, NULL, COMPLETE_NONE,
	 "show matched values in full (test)"},
	{0},
};

struct rules_state {
	struct rule_opts ro;
	struct out_opts oo; /* list */
	bool reveal;
};

static int rules_opt(void *state, int id, const char *arg)
{
	struct rules_state *st = state;
	if (id == RU_REVEAL) {
		st->reveal = true;
		return 0;
	}
	return rule_opts_or_output(&st->ro, &st->oo, "rules", id, arg);
}

/* An example as a message shows it: its first line. */
static int ex_len(const char *ex)
{
	return (int)strcspn(ex, "\n");
}

static const char *ex_more(const char *ex)
{
	return ex[strcspn(ex, "\n")] ? "..." : "";
}

static void report(const struct rule *r, const char *ex, bool expected,
		   void *arg)
{
	(void)arg;
	if (!ex)
		msg_error("rules check: %s (%s): has no examples", r->id,
			  r->origin);
	else
		msg_error("rules check: %s (%s): %s example did not %s: "
			  "'%.*s%s'",
			  r->id, r->origin, expected ? "an" : "a negative",
			  expected ? "match" : "stay unmatched", ex_len(ex), ex,
			  ex_more(ex));
}

static void overlap(const struct rule *r, const char *ex, const struct rule *by,
		    void *arg)
{
	const char *why = by->confidence > r->confidence   ? "more confident"
			  : by->confidence < r->confidence ? "found first"
			  : by->severity > r->severity	   ? "more severe"
							   : "found first";
	(void)arg;
	msg_warn("rules check: %s (%s): an example is reported as %s (%s): "
		 "'%.*s%s'",
		 r->id, r->origin, by->id, why, ex_len(ex), ex, ex_more(ex));
}

/* "references, a second example and a negative example": what a rule
 * lacks, from enum rule_gap bits. */
static void gap_words(unsigned gaps, char *buf, size_t len)
{
	static const struct {
		unsigned bit;
		const char *word;
	} words[] = {
		{RULE_GAP_REFERENCES, "references"},
		{RULE_GAP_EXAMPLES, "a second example"},
		{RULE_GAP_NEGATIVES, "a negative example"},
	};
	size_t i, n = 0, left = 0, off = 0;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		left += !!(gaps & words[i].bit);
	buf[0] = '\0';
	for (i = 0; i < sizeof(words) / sizeof(words[0]) && off < len; i++) {
		if (!(gaps & words[i].bit))
			continue;
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
					!n		? ""
					: n + 1 == left ? " and "
							: ", ",
					words[i].word);
		n++;
	}
}

/* A built-in rule must carry references, two examples and a negative one;
 * a user's rule is told, not failed: a team's quick rule with one example
 * is still proven by it. */
static void gap(const struct rule *r, unsigned gaps, bool fatal, void *arg)
{
	char what[96];
	(void)arg;
	gap_words(gaps, what, sizeof(what));
	if (fatal)
		msg_error("rules check: %s (%s): a built-in rule lacks %s",
			  r->id, r->origin, what);
	else
		msg_warn("rules check: %s (%s): lacks %s, which every "
			 "built-in rule has",
			 r->id, r->origin, what);
}

/* files: the set is FILE... alone, where one id may be defined once; else
 * the sources scan uses, where a later one replacing an id is noted. */
static int check(const struct ruleset *rs, bool files)
{
	size_t i, ex = 0, neg = 0, bad = ruleset_check(rs, report, NULL), over;
	bad += ruleset_check_conventions(rs, gap, NULL);
	for (i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->r[i];
		ex += r->nexamples;
		neg += r->nnegatives;
		if (!r->replaced)
			continue;
		if (files) {
			msg_error("rules check: %s (%s): id defined twice "
				  "(first at %s)",
				  r->id, r->origin, r->replaced);
			bad++;
		} else {
			msg_note("rules check: %s (%s) replaces the rule of "
				 "that id at %s",
				 r->id, r->origin, r->replaced);
		}
	}
	over = secrets_check_overlaps(rs, overlap, NULL);
	printf("%zu rules, %zu examples, %zu negative examples: %s\n", rs->n,
	       ex, neg, bad ? "FAILED" : "all pass");
	if (over)
		msg_note("rules check: %zu examples are reported as another "
			 "rule (named above): overlapping rules, resolved by "
			 "confidence, then severity, then order",
			 over);
	return bad ? 1 : 0;
}

struct test_state {
	struct redactor red;
	size_t line, hits;
	const char *where; /* "env:NAME" or "text" */
	size_t where_len;
};

static void print_hit(const struct secret_hit *h, void *arg)
{
	struct test_state *t = arg;
	struct finding f;
	memset(&f, 0, sizeof(f));
	secret_finding(&f, &t->red, h, "rules", t->where, t->where_len);
	msg_error("line %zu: %s %s (%zu bytes) at %s, %s", t->line, f.rule,
		  f.evidence, f.secret_len, f.where, severity_name(f.severity));
	finding_release(&f);
	t->hits++;
}

/* Each line of stdin judged as scan judges it: NAME=VALUE as an
 * environment variable, else as text (a command-line argument). */
static int test(const struct ruleset *rs, bool reveal, bool ascii)
{
	struct test_state t = {.line = 0};
	struct strbuf in = STRBUF_INIT, where = STRBUF_INIT;
	size_t pos = 0;
	if (redactor_init_random(&t.red, reveal))
		return EXIT_RUNTIME;
	t.red.ascii = ascii;
	for (;;) {
		ssize_t n;
		strbuf_grow(&in, 65536);
		n = read(STDIN_FILENO, in.buf + in.len, 65536);
		if (n <= 0)
			break;
		in.len += (size_t)n;
		in.buf[in.len] = '\0';
	}
	while (pos < in.len) {
		char *nl = memchr(in.buf + pos, '\n', in.len - pos);
		size_t len = nl ? (size_t)(nl - in.buf) - pos : in.len - pos;
		const char *s = in.buf + pos;
		size_t nlen = strcspn(s, "=\n");
		t.line++;
		strbuf_reset(&where);
		if (nlen < len && nlen &&
		    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			      "abcdefghijklmnopqrstuvwxyz"
			      "0123456789_") == nlen) {
			strbuf_addstr(&where, "env:");
			strbuf_add(&where, s, nlen);
			t.where = where.buf;
			t.where_len = where.len;
			secrets_in_var(rs, s, nlen, s + nlen + 1,
				       len - nlen - 1, print_hit, &t);
		} else {
			t.where = "text";
			t.where_len = 4;
			secrets_in_text(rs, TARGET_TEXT, s, len, print_hit, &t);
		}
		pos += len + 1;
	}
	printf("%zu lines, %zu matches\n", t.line, t.hits);
	strbuf_release(&in);
	strbuf_release(&where);
	return 0;
}

static int list(struct ctx *ctx, struct rules_state *st,
		const struct ruleset *rs)
{
	int sel[RC__COUNT * 2];
	struct out_list_opts o;
	int r = out_opts_list(&st->oo, "rules", ctx->out, ctx->ascii_locale,
			      rule_view_cols, RC__COUNT, rule_view_default,
			      rule_view_ndefault, sel,
			      sizeof(sel) / sizeof(sel[0]), &o);
	if (r)
		return r;
	return rule_view_print(&o, rs) ? EXIT_RUNTIME : 0;
}

static int rules_run(const struct command *cmd, struct ctx *ctx, int argc,
		     char **argv);

const struct command cmd_rules = {
	.name = "rules",
	.summary = "list the secret rules, check them, or test text",
	.usage = "list|check [FILE...]|test [FILE]",
	.details = "list: every rule with its severity and targets (-o for "
		   "other columns, --json for every field). check: compile "
		   "every rule (of the FILEs alone, if given, where an id may "
		   "be defined once) and run its examples and negative "
		   "examples; exit 1 on any failure or a rule without "
		   "examples; an example that another rule's finding takes "
		   "is named as a warning. test [FILE]: the rule set, with "
		   "FILE's rules on top, on standard input, a line at a time "
		   "as scan judges it (NAME=VALUE lines as environment "
		   "variables); findings are listed on standard error, "
		   "redacted unless --reveal.",
	.privileges = "None beyond reading the FILEs: it reads no process.",
	.opts = rules_opts,
	.operands = COMPLETE_FILE,
	CMD_COLUMNS(rule_view_cols),
	.run = rules_run,
};

static int rules_run(const struct command *cmd, struct ctx *ctx, int argc,
		     char **argv)
{
	struct rules_state st;
	struct ruleset rs;
	const char *action;
	int first, r, nfiles, i;

	memset(&st, 0, sizeof(st));
	ruleset_init(&rs);
	r = cmd_parse_opts(cmd, ctx, argc, argv, rules_opt, &st, &first);
	if (r)
		goto out;
	action = first < argc ? argv[first] : "list";
	nfiles = first + 1 < argc ? argc - first - 1 : 0;
	if ((strcmp(action, "list") && strcmp(action, "check") &&
	     strcmp(action, "test")) ||
	    (!strcmp(action, "list") && nfiles) ||
	    (!strcmp(action, "test") && nfiles > 1)) {
		msg_error("rules: expected list, check [FILE...] or test "
			  "[FILE]");
		r = EXIT_USAGE;
		goto out;
	}
	if (!strcmp(action, "check") && nfiles) {
		for (i = 0, r = 0; !r && i < nfiles; i++)
			r = rule_opts_load_file(&rs, argv[first + 1 + i],
						"rules");
		if (!r)
			ruleset_finish(&rs);
	} else {
		r = rule_opts_load(&st.ro, &rs, "rules");
		if (!r && nfiles) {
			r = rule_opts_load_file(&rs, argv[first + 1], "rules");
			if (!r)
				ruleset_finish(&rs);
		}
	}
	if (r)
		goto out;
	if (!strcmp(action, "list"))
		r = list(ctx, &st, &rs);
	else if (!strcmp(action, "check"))
		r = check(&rs, nfiles > 0);
	else
		r = test(&rs, st.reveal, ctx->ascii_locale);
out:
	ruleset_release(&rs);
	rule_opts_release(&st.ro);
	return r < 0 ? EXIT_OK : r;
}
