/* unexpected-child: a shell or network tool whose parent is a web server,
 * database or runtime daemon (webshell, RCE). Such servers run their own
 * workers, not `sh -c` or `curl`: a webshell, an injected command or a
 * deserialisation exploit shows as exactly that child. */
#include "scan/judge.h"

#include <ctype.h>
#include <string.h>

#include "scan/commlist.h"
#include "scan/secrets.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define ID "unexpected-child"
#define RULE_SENDMAIL "unexpected-child-sendmail"
#define RULE_TERMINAL "unexpected-child-terminal"

/* Bytes of the child's command line kept in its fact. */
#define COMMAND_MAX 256

/* Interpreters that run code given on the command line, and the short
 * options that give it. */
static const struct {
	const char *name; /* commlist pattern */
	const char *letters;
} code_opts[] = {
	{"python#", "c"},
	{"perl#", "eE"},
	{"ruby#", "e"},
	{"php#", "r"},
};

static int interpreter(const char *comm)
{
	const char *one[2] = {NULL, NULL};
	size_t i;
	for (i = 0; i < sizeof(code_opts) / sizeof(code_opts[0]); i++) {
		one[0] = code_opts[i].name;
		if (commlist_match(one, comm))
			return (int)i;
	}
	return -1;
}

/* Whether argv gives code with the interpreter's option: "-c", "-uc",
 * "-ne" before the first operand (a script, whose own arguments do not
 * count). */
static bool runs_code(const struct psnap *s, int k)
{
	size_t i;
	if (!s->proc.argv)
		return false;
	for (i = 1; i < s->proc.argc; i++) {
		const char *a = s->proc.argv[i], *p;
		if (a[0] != '-' || !strcmp(a, "--"))
			return false;
		if (a[1] == '-')
			continue;
		/* A cluster of flags; what follows a non-letter is an
		 * option's value ("-I/usr/lib"). */
		for (p = a + 1; isalpha((unsigned char)*p); p++)
			if (strchr(code_opts[k].letters, *p))
				return true;
	}
	return false;
}

/* The children worth a parent's comm. */
static bool child_comm(const char *comm)
{
	return commlist_match(commlist_shells, comm) ||
	       commlist_match(commlist_nettools, comm) ||
	       interpreter(comm) >= 0;
}

static unsigned more(const struct psnap *s)
{
	if (!psnap_has(s, FACET_STAT) || !child_comm(s->proc.comm))
		return 0;
	return FACET_BIT(FACET_KIN) | FACET_BIT(FACET_ARGV);
}

/* php's mail() runs `sh -c "/usr/sbin/sendmail -t -i"`: a shell under
 * php-fpm that runs sendmail alone, with nothing a shell would interpret
 * besides words, is that. */
static bool php_sendmail(const struct psnap *s)
{
	const char *cmd, *end;
	size_t n;
	if (!commlist_match(commlist_shells, s->proc.comm) || !s->proc.argv ||
	    s->proc.argc != 3 || strcmp(s->proc.argv[1], "-c"))
		return false;
	cmd = s->proc.argv[2];
	if (strpbrk(cmd, ";|&$`<>()\\\n'\"*?{}[]~#"))
		return false;
	while (*cmd == ' ')
		cmd++;
	end = strchr(cmd, ' ');
	n = end ? (size_t)(end - cmd) : strlen(cmd);
	return (n == 8 && !memcmp(cmd, "sendmail", 8)) ||
	       (n > 9 && !memcmp(cmd + n - 9, "/sendmail", 9));
}

/* A shell with a controlling terminal under node or java: an IDE's
 * terminal (VS Code Remote's ptyHost is node, JetBrains' gateway java).
 * A webshell or injected command rarely gets a pty from the daemon
 * itself; it runs `sh -c` on pipes. */
static bool ide_terminal(const struct psnap *s, const char *parent)
{
	return s->proc.tty_nr != 0 &&
	       commlist_match(commlist_shells, s->proc.comm) &&
	       (!strcmp(parent, "node") || !strcmp(parent, "nodejs") ||
		!strcmp(parent, "java"));
}

/* The child's command line as a fact: secrets redacted as `procsift ps`
 * shows them, cut to COMMAND_MAX bytes after redaction (a cut made before
 * could leave a secret too short for its rule). Without rules (a judge
 * run without a rule set) only argv[0]. */
static void add_command(struct finding *f, const struct judge_ctx *c,
			const struct psnap *s)
{
	struct strbuf sb = STRBUF_INIT;
	char **v;
	size_t n = s->proc.argc, i;
	if (!s->proc.argv || !n)
		return;
	if (!c->rules || !c->red) {
		finding_fact_str(f, "argv0", s->proc.argv[0],
				 strlen(s->proc.argv[0]));
		return;
	}
	v = xcalloc(n + 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = xstrdup(s->proc.argv[i]);
	{
		struct redactor red = *c->red;
		red.reveal = false; /* a fact is never evidence */
		secrets_redact_argv(c->rules, &red, v, &n);
	}
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_addch(&sb, ' ');
		strbuf_addstr(&sb, v[i]);
	}
	if (s->proc.argv_truncated || sb.len > COMMAND_MAX) {
		if (sb.len > COMMAND_MAX)
			sb.len = COMMAND_MAX;
		strbuf_addstr(&sb, " ...");
	}
	finding_fact_str(f, "command", sb.buf, sb.len);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	strbuf_release(&sb);
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	struct strbuf sb = STRBUF_INIT;
	const struct psnap_kin *p;
	struct finding *f;
	bool shell, sendmail, terminal;
	int k;
	if (!psnap_has(s, FACET_STAT) || !child_comm(s->proc.comm) ||
	    !psnap_has(s, FACET_KIN) || !s->nkin)
		return 0;
	p = &s->kin[0];
	if (!commlist_match(commlist_daemons, p->comm))
		return 0;
	k = interpreter(s->proc.comm);
	/* An interpreter running a script is a daemon's helper; running code
	 * from its command line, a one-liner someone typed or injected. */
	if (k >= 0 && !runs_code(s, k))
		return 0;
	shell = commlist_match(commlist_shells, s->proc.comm);
	sendmail = php_sendmail(s);
	terminal = !sendmail && ide_terminal(s, p->comm);
	f = findings_add(out);
	judge_fill_proc(f, s);
	f->kind = KIND_INDICATOR;
	f->rule = sendmail ? RULE_SENDMAIL : terminal ? RULE_TERMINAL : ID;
	f->judge = ID;
	f->severity = sendmail || terminal ? SEV_LOW : SEV_HIGH;
	/* Build servers (Jenkins under java), npm scripts under node and
	 * postgres's archive_command run shells by design. */
	f->confidence = sendmail || terminal ? CONF_LOW : CONF_MEDIUM;
	f->where = xstrdup("stat:ppid");
	strbuf_addf(&sb, "%s started by %s (%d)%s", s->proc.comm, p->comm,
		    (int)p->pid,
		    sendmail   ? ": sendmail for a mail() call, as php runs it"
		    : terminal ? ": a shell on a terminal, as an IDE's "
				 "remote terminal runs (VS Code, JetBrains)"
		    : shell    ? ": a server running a shell (webshell, RCE)"
			       : ": a server running a network tool or a "
				 "one-liner (webshell, RCE)");
	f->message = strbuf_detach(&sb, NULL);
	judge_fact_parent(f, p);
	finding_fact_str(f, "child_comm", s->proc.comm, strlen(s->proc.comm));
	if (psnap_has(s, FACET_ARGV))
		add_command(f, c, s);
	if (sendmail)
		finding_fact_bool(f, "sendmail", true);
	if (terminal) {
		static const char why[] = "a shell with a controlling "
					  "terminal under node or java: an "
					  "IDE's terminal (webshells rarely "
					  "have a pty)";
		const char *tty = s->proc.tty ? s->proc.tty : "";
		finding_fact_str(f, "tty", tty, strlen(tty));
		finding_fact_int(f, "tty_nr", s->proc.tty_nr);
		finding_fact_str(f, "reason", why, sizeof(why) - 1);
	}
	finding_tag(f, "T1505.003");
	finding_tag(f, shell ? "T1059.004" : "T1059");
	return 0;
}

const struct judge judge_unexpected_child = {
	.id = ID,
	.kind = KIND_INDICATOR,
	.summary = "a shell or network tool whose parent is a web server, "
		   "database or runtime daemon (webshell, RCE)",
	.facets = FACET_BIT(FACET_STAT),
	.more = more,
	.judge = judge,
};
