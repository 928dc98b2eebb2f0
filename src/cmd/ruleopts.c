/* Loading rule sources in their documented order. */
#include "cmd/ruleopts.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/command.h"
#include "cmd/outopts.h"
#include "model/proc.h"
#include "proc/pidfile.h"
#include "scan/builtin.h"
#include "scan/secrets.h"
#include "util/msg.h"
#include "util/redact.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

int rule_opts_opt(struct rule_opts *o, int id, const char *arg)
{
	switch (id) {
	case RO_RULES:
		o->files = xgrow(o->files, &o->alloc, o->nfiles + 1,
				 sizeof(*o->files));
		o->files[o->nfiles++] = arg;
		return 0;
	case RO_NO_BUILTIN:
		o->no_builtin = true;
		return 0;
	}
	return 1;
}

int rule_opts_or_output(struct rule_opts *ro, struct out_opts *oo,
			const char *cmd, int id, const char *arg)
{
	int r = out_opts_opt(oo, cmd, id, arg);
	if (r != 1)
		return r;
	return rule_opts_opt(ro, id, arg) ? EXIT_USAGE : 0;
}

int rule_opts_load_file(struct ruleset *rs, const char *path, const char *cmd)
{
	struct strbuf sb = STRBUF_INIT;
	char err[512];
	bool trunc = false;
	int r = proc_read_file(AT_FDCWD, path, 16u << 20, &sb, &trunc);
	if (r || trunc) {
		msg_error("%s: cannot read rules from %s: %s", cmd, path,
			  r ? strerror(-r) : "larger than 16 MiB");
		strbuf_release(&sb);
		return EXIT_USAGE;
	}
	r = ruleset_load(rs, sb.buf, sb.len, path, err, sizeof(err));
	strbuf_release(&sb);
	if (r) {
		msg_error("%s: %s (nothing loaded from that file)", cmd, err);
		return EXIT_USAGE;
	}
	return 0;
}

int rule_opts_load(const struct rule_opts *o, struct ruleset *rs,
		   const char *cmd)
{
	char err[512];
	glob_t g;
	size_t i;
	int r = 0;
	if (!o->no_builtin &&
	    ruleset_load(rs, builtin_rules_yaml, builtin_rules_yaml_len,
			 RULES_BUILTIN_ORIGIN, err, sizeof(err))) {
		/* A build that fails its own rules check must not ship. */
		msg_error("%s: %s", cmd, err);
		return EXIT_RUNTIME;
	}
	if (!glob(RULES_DIR "/*.yaml", 0, NULL, &g)) {
		for (i = 0; !r && i < g.gl_pathc; i++)
			r = rule_opts_load_file(rs, g.gl_pathv[i], cmd);
		globfree(&g);
	}
	for (i = 0; !r && i < o->nfiles; i++)
		r = rule_opts_load_file(rs, o->files[i], cmd);
	if (!r)
		ruleset_finish(rs);
	return r;
}

void rule_opts_release(struct rule_opts *o)
{
	free(o->files);
	memset(o, 0, sizeof(*o));
}

void rule_redact_argv(const struct ruleset *rs, const struct redactor *red,
		      struct proc *p)
{
	struct secrets_redacted sr;
	size_t cut_len;
	if (!p->argv || !p->argc)
		return;
	/* Counted before redaction shortens it. */
	cut_len = strlen(p->argv[p->argc - 1]);
	sr = secrets_redact_argv(rs, red, p->argv, &p->argc);
	if (p->argv_truncated && !sr.withheld && p->argc) {
		struct strbuf sb = STRBUF_INIT;
		size_t last = p->argc - 1;
		sr.withheld = cut_len;
		redact_withheld(red, &sb, sr.withheld);
		free(p->argv[last]);
		p->argv[last] = strbuf_detach(&sb, NULL);
	}
	p->argv_redacted = sr.redacted || sr.withheld;
	p->argv_withheld = sr.withheld;
}
