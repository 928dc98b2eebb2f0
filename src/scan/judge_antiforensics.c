/* anti-forensics-env: an environment set up to leave no trace: shell
 * or client history sent to /dev/null or cut to nothing, the variable
 * set BPFDoor gives its shells (HOME=/tmp with history off), and a
 * long-running daemon started without PATH. environ is what the process
 * was started with: a shell's own later `export` shows in its children. */
#include "scan/judge.h"

#include <stdio.h>
#include <string.h>

#include "scan/forensic.h"
#include "util/strbuf.h"

#define JUDGE "anti-forensics-env"
/* A process without PATH this old is a daemon, not a fresh exec. */
#define DAEMON_AGE_S 3600

/* A variable that turns history off when it holds value. */
static const struct {
	const char *name, *value;
} quiet[] = {
	{"HISTFILE", "/dev/null"}, {"HISTFILE", ""},
	{"HISTSIZE", "0"},	   {"HISTFILESIZE", "0"},
	{"HISTIGNORE", "*"},	   {"MYSQL_HISTFILE", "/dev/null"},
};

static bool var_is(const struct env_var *v, const char *name)
{
	return v->value && forensic_eq(v->name, v->name_len, name);
}

static bool val_is(const struct env_var *v, const char *value)
{
	return forensic_eq(v->value, v->value_len, value);
}

/* Whether environ looks like one execve gave: every entry NAME=VALUE.
 * A process that set its own title (setproctitle in nginx, postgres,
 * sshd) writes over it, and then it says nothing about PATH. */
static bool env_intact(const struct psnap *s)
{
	size_t i;
	if (!s->nenv || (s->truncated & FACET_BIT(FACET_ENV)))
		return false;
	for (i = 0; i < s->nenv; i++)
		if (!s->env[i].value || !s->env[i].name_len)
			return false;
	return true;
}

static void history(const struct psnap *s, struct findings *out)
{
	const struct env_var *first = NULL, *home = NULL;
	struct strbuf list = STRBUF_INIT, where = STRBUF_INIT;
	bool histfile_null = false, bpfdoor;
	size_t i, k, n = 0;
	struct finding *f;
	for (i = 0; i < s->nenv; i++) {
		const struct env_var *v = &s->env[i];
		if (var_is(v, "HOME"))
			home = v;
		for (k = 0; k < sizeof(quiet) / sizeof(quiet[0]); k++) {
			if (!var_is(v, quiet[k].name) ||
			    !val_is(v, quiet[k].value))
				continue;
			if (!first)
				first = v;
			if (var_is(v, "HISTFILE") ||
			    var_is(v, "MYSQL_HISTFILE"))
				histfile_null |= v->value_len > 0;
			/* Each names a fixed value: a few make the line. */
			if (n++ >= 8)
				continue;
			if (list.len)
				strbuf_addch(&list, ' ');
			strbuf_add(&list, v->name, v->name_len);
			strbuf_addch(&list, '=');
			strbuf_add(&list, v->value, v->value_len);
		}
	}
	if (!first)
		goto out;
	/* BPFDoor's shells: HOME=/tmp, HISTFILE and MYSQL_HISTFILE
	 * /dev/null (its source; CISA's and Sandfly's notes). */
	bpfdoor = histfile_null && home && val_is(home, "/tmp");
	strbuf_addstr(&where, "env:");
	strbuf_add(&where, first->name, first->name_len);
	f = forensic_finding(out, s, JUDGE,
			     bpfdoor ? "bpfdoor-env" : "history-disabled",
			     bpfdoor ? SEV_HIGH : SEV_MEDIUM,
			     bpfdoor ? CONF_HIGH : CONF_MEDIUM, where.buf);
	forensic_message(f,
			 bpfdoor ? "started with BPFDoor's environment "
				   "(HOME=/tmp, history to /dev/null): %s"
				 : "started with command history turned off: "
				   "%s",
			 list.buf);
	forensic_fact(f, "variables", list.buf, list.len);
	finding_fact_int(f, "count", (long long)n);
	if (home)
		forensic_fact(f, "home", home->value, home->value_len);
	finding_fact_bool(f, "bpfdoor", bpfdoor);
	finding_tag(f, "T1562.003");
	finding_tag(f, "T1070.003");
out:
	strbuf_release(&list);
	strbuf_release(&where);
}

/* No PATH in an intact environment of a daemon (no terminal) older than
 * DAEMON_AGE_S: every init system, shell and runtime sets one. Not for
 * what the kernel starts (init, and its helpers under kthreadd), whose
 * environment the kernel makes without PATH. */
static void no_path(const struct judge_ctx *c, const struct psnap *s,
		    struct findings *out)
{
	const struct host_ref *h = c->host;
	unsigned long long age;
	struct finding *f;
	size_t i;
	if (!h || !h->now_ticks || h->hz <= 0 || s->proc.tty_nr ||
	    s->proc.pid <= 1 || s->proc.ppid == 0 || s->proc.ppid == 2 ||
	    s->proc.start_ticks > h->now_ticks || !env_intact(s))
		return;
	age = (h->now_ticks - s->proc.start_ticks) / (unsigned long long)h->hz;
	if (age < DAEMON_AGE_S)
		return;
	for (i = 0; i < s->nenv; i++)
		if (var_is(&s->env[i], "PATH"))
			return;
	f = forensic_finding(out, s, JUDGE, "daemon-without-path", SEV_LOW,
			     CONF_LOW, "env");
	forensic_message(f,
			 "a daemon running for %llu s was started without "
			 "PATH (%zu variables): a cleaned environment",
			 age, s->nenv);
	finding_fact_int(f, "age_s", (long long)age);
	finding_fact_int(f, "variables", (long long)s->nenv);
	finding_fact_bool(f, "tty", false);
}

static unsigned judge(const struct judge_ctx *c, const struct psnap *s,
		      struct findings *out)
{
	if (s->proc.kthread || !psnap_has(s, FACET_ENV))
		return 0;
	history(s, out);
	no_path(c, s, out);
	return 0;
}

/* The environment of every process but kernel threads; judge env reads
 * it for all anyway. */
static unsigned more(const struct psnap *s)
{
	return s->proc.kthread ? 0 : FACET_BIT(FACET_ENV);
}

const struct judge judge_antiforensics = {
	.id = JUDGE,
	.kind = KIND_INDICATOR,
	.summary = "an environment that hides history (HISTFILE=/dev/null, "
		   "HISTSIZE=0, the BPFDoor set) or a daemon without PATH",
	.more = more,
	.judge = judge,
};
