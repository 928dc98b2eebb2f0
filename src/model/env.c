/* Environment model and the interim name-based redaction rule. */
#include "model/env.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool ends(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && !strcmp(s + n - k, suf);
}

static bool in_set(const char *s, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(s, *set))
			return true;
	return false;
}

/* Upper-case token t (n bytes) into up; false when too long to matter. */
static bool upper(const char *t, size_t n, char *up, size_t size)
{
	size_t i;
	if (!n || n >= size)
		return false;
	for (i = 0; i < n; i++)
		up[i] = (char)toupper((unsigned char)t[i]);
	up[n] = '\0';
	return true;
}

static bool token_secret(const char *up, size_t n)
{
	static const char *const exact[] = {
		"PASS",	   "PASSWD", "PASSPHRASE", "PASSCODE",	 "SECRET",
		"SECRETS", "TOKEN",  "TOKENS",	   "CREDENTIAL", "CREDENTIALS",
		"CREDS",   "AUTH",   "KEY",	   "KEYS",	 NULL,
	};
	return in_set(up, exact) || ends(up, n, "PASSWORD") ||
	       ends(up, n, "PASSWORDS") || ends(up, n, "TOKEN") ||
	       ends(up, n, "SECRET") || ends(up, n, "KEY");
}

/* A last token naming where a secret lives, not the secret itself:
 * SSH_AUTH_SOCK, POSTGRES_PASSWORD_FILE. */
static bool token_pointer(const char *up)
{
	static const char *const set[] = {"SOCK", "FILE", "PATH", "DIR", NULL};
	return in_set(up, set);
}

bool env_name_looks_secret(const char *name, size_t len)
{
	char up[64];
	size_t i = 0;
	bool secret = false, pointer = false;
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
		if (!upper(name + start, i - start, up, sizeof(up)))
			continue;
		pointer = token_pointer(up);
		if (token_secret(up, i - start))
			secret = true;
	}
	return secret && !pointer;
}

void env_redact(struct strbuf *sb, const char *value, size_t len)
{
	size_t keep = len >= 12 ? 4 : 0;
	strbuf_add(sb, value, keep);
	strbuf_addstr(sb, "\xe2\x80\xa6"); /* U+2026 */
}

void proc_env_release(struct proc_env *e)
{
	free(e->vars);
	strbuf_release(&e->raw);
	e->vars = NULL;
	e->n = 0;
}
