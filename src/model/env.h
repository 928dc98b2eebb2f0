/* A process environment as read from /proc/PID/environ, and which values
 * are withheld from output. */
#ifndef MODEL_ENV_H
#define MODEL_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/redact.h"
#include "util/strbuf.h"

struct env_var {
	const char *name;  /* borrowed from the environ buffer */
	size_t name_len;   /* bytes before the first '=' */
	const char *value; /* after the first '='; NULL when there is none */
	size_t value_len;
};

/* What of a value is withheld: all of it, or the secret spans in it (a
 * password inside a URL, a token inside a JSON value); and its end when
 * judging stopped at a cap before it (scan/secrets.h), which no redaction
 * of spans can vouch for. */
struct env_redaction {
	bool whole;
	struct redact_span *spans; /* owned */
	size_t n, alloc;
	size_t withheld; /* bytes at the end not judged */
};

struct proc_env {
	pid_t pid;
	pid_t via_tid;		   /* psnap's proc.via_tid */
	const char *comm;	   /* borrowed */
	struct env_var *vars;	   /* owned array; strings borrowed from raw */
	struct env_redaction *red; /* owned, per var */
	size_t n;
	struct strbuf raw; /* the bytes read */
	bool truncated;	   /* environ was longer than the cap */
	int err;	   /* 0, or the errno reading environ gave */
};

/* Whether a variable name looks like it holds a secret: one of its tokens
 * (split at anything but letters and digits, and at lower-to-upper case
 * changes) is PASS, PASSWD, PASSPHRASE, PASSCODE, PWD (not the shell's
 * PWD and OLDPWD), SECRET(S), TOKEN(S),
 * CREDENTIAL(S), CREDS, AUTH or KEY(S), or ends in PASSWORD, TOKEN, SECRET
 * or KEY (DBPASSWORD, APIKEY) -- unless the last token is SOCK, FILE, PATH
 * or DIR, which name where a secret is, not the secret (SSH_AUTH_SOCK,
 * POSTGRES_PASSWORD_FILE). TOKENIZERS_PARALLELISM is not a secret. An
 * interim rule until the secret scanners decide. */
bool env_name_looks_secret(const char *name, size_t len);

/* Whether anything of variable i is withheld (without --reveal). */
bool env_redacted(const struct proc_env *e, size_t i);

void proc_env_release(struct proc_env *e);

#endif
