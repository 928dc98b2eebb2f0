/* Environment model and the interim name-based redaction rule. */
#include "model/env.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/sanitize.h"

/* Tokens compare case-insensitively on the raw bytes: no copy, so no
 * length limit that a long name could use to slip past. */
static bool tok_is(const char *t, size_t n, const char *word)
{
	return strlen(word) == n && !strncasecmp(t, word, n);
}

static bool tok_ends(const char *t, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && !strncasecmp(t + n - k, suf, k);
}

static bool tok_in(const char *t, size_t n, const char *const *set)
{
	for (; *set; set++)
		if (tok_is(t, n, *set))
			return true;
	return false;
}

static bool token_secret(const char *t, size_t n)
{
	static const char *const exact[] = {
		"PASS",	  "PASSWD",	"PASSPHRASE",  "PASSCODE",
		"PWD",	  "SECRET",	"SECRETS",     "TOKEN",
		"TOKENS", "CREDENTIAL", "CREDENTIALS", "CREDS",
		"AUTH",	  "KEY",	"KEYS",	       NULL,
	};
	return tok_in(t, n, exact) || tok_ends(t, n, "PASSWORD") ||
	       tok_ends(t, n, "PASSWORDS") || tok_ends(t, n, "TOKEN") ||
	       tok_ends(t, n, "SECRET") || tok_ends(t, n, "KEY");
}

/* A last token naming where a secret lives, not the secret itself:
 * SSH_AUTH_SOCK, POSTGRES_PASSWORD_FILE. */
static bool token_pointer(const char *t, size_t n)
{
	static const char *const set[] = {"SOCK", "FILE", "PATH", "DIR", NULL};
	return tok_in(t, n, set);
}

bool env_name_looks_secret(const char *name, size_t len)
{
	size_t i = 0;
	bool secret = false, pointer = false;
	/* The shell's working directories, not MYSQL_PWD-style passwords. */
	if (tok_is(name, len, "PWD") || tok_is(name, len, "OLDPWD"))
		return false;
	while (i < len) {
		size_t start;
		while (i < len && !isalnum((unsigned char)name[i]))
			i++;
		start = i;
		while (i < len && isalnum((unsigned char)name[i])) {
			/* camelCase: dbPassword has the token Password. */
			if (i > start && islower((unsigned char)name[i - 1]) &&
			    isupper((unsigned char)name[i]))
				break;
			i++;
		}
		if (i == start)
			continue;
		pointer = token_pointer(name + start, i - start);
		if (token_secret(name + start, i - start))
			secret = true;
	}
	return secret && !pointer;
}

bool env_redacted(const struct proc_env *e, size_t i)
{
	return e->red && (e->red[i].whole || e->red[i].n || e->red[i].withheld);
}

void proc_env_release(struct proc_env *e)
{
	size_t i;
	for (i = 0; e->red && i < e->n; i++)
		free(e->red[i].spans);
	free(e->vars);
	free(e->red);
	strbuf_release(&e->raw);
	e->vars = NULL;
	e->red = NULL;
	e->n = 0;
}
