/* procsift rules list|check [FILE]|test FILE: what is looked for, and
 * proof that each rule finds its examples and not its negatives. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/command.h"
#include "cmd/ruleopts.h"
#include "out/finding_view.h"
#include "util/redact.h"
#include "util/msg.h"
#include "util/strbuf.h"

enum { RU_JSON = 1, RU_PRETTY, RU_REVEAL };

static const struct cmd_opt rules_opts[] = {
	RULE_OPTS,
	{RU_JSON, "json", 'j', NULL, COMPLETE_NONE, "JSON output (list)"},
	{RU_PRETTY, "pretty", 0, NULL, COMPLETE_NONE, "indent JSON output"},
	{RU_REVEAL, "reveal", 0, NULL, COMPLETE_NONE,
	 "show matched values in full (test)"},
	{0},
};

struct rules_state {
	struct rule_opts ro;
	bool json, pretty, reveal;
};

static int rules_opt(void *state, int id, const char *arg)
{
	struct rules_state *st = state;
	switch (id) {
	case RU_JSON:
		st->json = true;
		return 0;
	case RU_PRETTY:
		st->json = st->pretty = true;
		return 0;
	case RU_REVEAL:
		st->reveal = true;
		return 0;
	}
	return rule_opts_opt(&st->ro, id, arg) ? EXIT_USAGE : 0;
}

static void report(const struct rule *r, const char *ex, bool expected,
		   void *arg)
{
	(void)arg;
	msg_error("rules check: %s (%s): %s example did not %s: '%s'", r->id,
		  r->origin, expected ? "an" : "a negative",
		  expected ? "match" : "stay unmatched", ex);
}

static int check(const struct ruleset *rs)
{
	size_t i, ex = 0, neg = 0, bad = ruleset_check(rs, report, NULL);
	for (i = 0; i < rs->n; i++) {
		ex += rs->r[i].nexamples;
		neg += rs->r[i].nnegatives;
	}
	printf("%zu rules, %zu examples, %zu negative examples: %s\n", rs->n,
	       ex, neg, bad ? "FAILED" : "all pass");
	return bad ? 1 : 0;
}

struct test_state {
	struct redactor red;
	size_t line, hits;
};

static void print_hit(const struct rule_match *m, void *arg)
{
	struct test_state *t = arg;
	struct strbuf ev = STRBUF_INIT;
	redact_evidence(&t->red, &ev, m->secret, m->len);
	msg_error("line %zu: %s %s (%zu bytes)", t->line, m->rule->id, ev.buf,
		  m->len);
	strbuf_release(&ev);
	t->hits++;
}

/* Each line of stdin: NAME=VALUE as an environment variable, else text. */
static int test(const struct ruleset *rs, bool reveal)
{
	struct test_state t = {.line = 0};
	struct strbuf in = STRBUF_INIT;
	size_t pos = 0;
	if (redactor_init_random(&t.red, reveal))
		return EXIT_RUNTIME;
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
		if (nlen < len && nlen &&
		    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			      "abcdefghijklmnopqrstuvwxyz"
			      "0123456789_") == nlen)
			ruleset_match_env(rs, s, nlen, s + nlen + 1,
					  len - nlen - 1, print_hit, &t, NULL);
		else
			ruleset_match_text(rs, TARGET_TEXT, s, len, print_hit,
					   &t, NULL);
		pos += len + 1;
	}
	printf("%zu lines, %zu matches\n", t.line, t.hits);
	strbuf_release(&in);
	return 0;
}

static int rules_run(struct ctx *ctx, int argc, char **argv);

const struct command cmd_rules = {
	.name = "rules",
	.summary = "list the secret rules, check them, or test text",
	.usage = "list|check [FILE]|test FILE",
	.details = "list: every rule with its severity and targets. check: "
		   "compile every rule (of FILE alone, if given) and run its "
		   "examples and negative examples; exit 1 on any failure. "
		   "test FILE: the rules of FILE on standard input, a line at "
		   "a time (NAME=VALUE lines as environment variables); "
		   "matches are listed on standard error, redacted unless "
		   "--reveal.",
	.opts = rules_opts,
	.operands = COMPLETE_NONE,
	.run = rules_run,
};

static int rules_run(struct ctx *ctx, int argc, char **argv)
{
	struct rules_state st;
	struct ruleset rs;
	const char *action, *file = NULL;
	int first, r;

	memset(&st, 0, sizeof(st));
	ruleset_init(&rs);
	r = cmd_parse_opts(&cmd_rules, ctx, argc, argv, rules_opt, &st, &first);
	if (r)
		goto out;
	action = first < argc ? argv[first] : "list";
	if (first + 1 < argc)
		file = argv[first + 1];
	if (first + 2 < argc || (!strcmp(action, "test") && !file) ||
	    (strcmp(action, "list") && strcmp(action, "check") &&
	     strcmp(action, "test")) ||
	    (!strcmp(action, "list") && file)) {
		msg_error("rules: expected list, check [FILE] or test FILE");
		r = EXIT_USAGE;
		goto out;
	}
	if (file) {
		r = rule_opts_load_file(&rs, file, "rules");
		if (!r)
			ruleset_finish(&rs);
	} else {
		r = rule_opts_load(&st.ro, &rs, "rules");
	}
	if (r)
		goto out;
	if (!strcmp(action, "list"))
		r = rules_print(ctx->out, st.json, st.pretty, &rs)
			    ? EXIT_RUNTIME
			    : 0;
	else if (!strcmp(action, "check"))
		r = check(&rs);
	else
		r = test(&rs, st.reveal);
out:
	ruleset_release(&rs);
	rule_opts_release(&st.ro);
	return r < 0 ? EXIT_OK : r;
}
