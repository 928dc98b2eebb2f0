/* argvopt: an argv turned into (name, value) pairs: the generic option
 * forms every program shares, and the walk, which hands an argument to the
 * forms of its program first (argvopt_progs.c). docs/argv.md says what and
 * why. */
#include "scan/argvopt.h"

#include <string.h>

#include "scan/argvopt_impl.h"

static bool tok_ends(const char *t, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && tok_is(t + n - k, k, w);
}

static bool tok_in(const char *t, size_t n, const char *const *set)
{
	for (; *set; set++)
		if (tok_is(t, n, *set))
			return true;
	return false;
}

/* The words of a name that make `--name VALUE` a pair (docs/argv.md).
 * They cover the names the rule argv-secret-option takes (rules-c.yaml:
 * its env_name) but a bare AUTH, which is mostly a mode (`--auth basic`):
 * a word missing here leaves a value after a space unjudged by name,
 * where `--name=VALUE` is judged. */
static bool token_secret(const char *t, size_t n, const char *prev,
			 size_t prev_n)
{
	static const char *const exact[] = {
		"PASS",	      "PASSWD",	     "PWD",	      "PASSPHRASE",
		"PASSCODE",   "PASSWORDS",   "SECRETS",	      "TOKENS",
		"CREDENTIAL", "CREDENTIALS", "CREDS",	      "APIKEY",
		"ACCESSKEY",  "PRIVATEKEY",  "SECRETKEY",     "AUTHTOKEN",
		"BEARER",     "SIGNINGKEY",  "ENCRYPTIONKEY", "MASTERKEY",
		"SESSIONKEY", NULL,
	};
	static const char *const keyed[] = {"API",    "ACCESS",	 "PRIVATE",
					    "SECRET", "SIGNING", "ENCRYPTION",
					    "MASTER", "SESSION", NULL};
	if (n < 3) /* PWD, KEY: no shorter word; and cheap on a-b-c-d */
		return false;
	if (tok_in(t, n, exact) || tok_ends(t, n, "PASSWORD") ||
	    tok_ends(t, n, "TOKEN") || tok_ends(t, n, "SECRET"))
		return true;
	return (tok_is(t, n, "KEY") || tok_is(t, n, "KEYS")) && prev &&
	       tok_in(prev, prev_n, keyed);
}

bool argvopt_name_secret(const char *name, size_t len)
{
	/* Last tokens naming where a secret is or what it is like. */
	static const char *const where[] = {
		"FILE", "PATH",	   "DIR",  "SOCK",   "ENV",    "URL",	"NAME",
		"ID",	"USER",	   "TYPE", "LENGTH", "PROMPT", "STDIN", "FD",
		"CMD",	"COMMAND", "TTL",  "HASH",   NULL,
	};
	/* First tokens making a switch of it: --no-password, --ask-pass. */
	static const char *const switches[] = {
		"NO",	  "ASK",     "SKIP",  "DISABLE",
		"ENABLE", "WITHOUT", "ALLOW", NULL,
	};
	const char *prev = NULL;
	size_t i = 0, prev_n = 0;
	bool secret = false;
	/* The shell's working directory, not MYSQL_PWD-style passwords. */
	if (tok_is(name, len, "PWD"))
		return false;
	while (i < len) {
		size_t start;
		while (i < len && !is_alnum((unsigned char)name[i]))
			i++;
		start = i;
		while (i < len && is_alnum((unsigned char)name[i])) {
			if (i > start && is_lower((unsigned char)name[i - 1]) &&
			    is_upper((unsigned char)name[i]))
				break; /* camelCase: clientSecret */
			i++;
		}
		if (i == start)
			continue;
		if (!prev && tok_in(name + start, i - start, switches))
			return false;
		if (token_secret(name + start, i - start, prev, prev_n))
			secret = true;
		prev = name + start;
		prev_n = i - start;
	}
	return secret && !tok_in(prev, prev_n, where);
}

size_t argvopt_name_norm(const char *s, size_t n, bool camel, char *out,
			 size_t cap, bool *cut)
{
	size_t i, k = 0;
	*cut = false;
	if (!cap)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool hump = camel && i && is_lower((unsigned char)s[i - 1]) &&
			    is_upper(c);
		if (k + hump >= cap - 1) {
			*cut = true;
			break;
		}
		if (hump)
			out[k++] = '_';
		if (c == '-' || c == '.' || c == ' ' || c == '/')
			c = '_';
		out[k++] = (char)to_upper(c);
	}
	out[k] = '\0';
	return k;
}

/* Append the name as a variable name (argvopt_name_norm). */
static void add_name(struct argv_pair *p, const char *s, size_t n, bool camel)
{
	bool cut;
	p->name_len += argvopt_name_norm(s, n, camel, p->name + p->name_len,
					 ARGV_NAME_MAX - p->name_len, &cut);
	p->name_truncated = p->name_truncated || cut;
}

void argvopt_emit(struct argvopt_walker *w, enum argv_form form, size_t arg,
		  const char *v, size_t vlen, const char *name, size_t nlen)
{
	struct argv_pair p = {
		.form = form,
		.arg = arg,
		.value = v,
		.value_len = vlen,
		.program_option = form == ARGV_SHORT || form == ARGV_USERPASS ||
				  form == ARGV_PASSARG ||
				  form == ARGV_POSITIONAL,
	};
	if (w->stop)
		return;
	if (p.program_option) {
		add_name(&p, "PASSWORD", 8, false);
	} else if (form == ARGV_HEADER) {
		add_name(&p, "HTTP_", 5, false); /* as CGI names a header */
		add_name(&p, name, nlen, false);
	} else {
		add_name(&p, name, nlen, form != ARGV_ASSIGN);
	}
	w->n++;
	if (w->fn && w->fn(&p, w->arg))
		w->stop = true;
}

/* The length of the longest prefix of s that is [A-Za-z0-9][A-Za-z0-9_.-]*,
 * an option name. */
static size_t opt_name_len(const char *s)
{
	size_t k = 0;
	if (!is_alnum((unsigned char)s[0]))
		return 0;
	while (is_alnum((unsigned char)s[k]) || s[k] == '_' || s[k] == '.' ||
	       s[k] == '-')
		k++;
	return k;
}

/* ... of s that is [A-Za-z_][A-Za-z0-9_]* plus the bytes in extra. */
static size_t ident_len(const char *s, const char *extra)
{
	size_t k = 0;
	unsigned char c = (unsigned char)s[0];
	if (!is_alnum(c) && c != '_')
		return 0;
	if (c >= '0' && c <= '9')
		return 0;
	while ((c = (unsigned char)s[k]) &&
	       (is_alnum(c) || c == '_' || strchr(extra, c)))
		k++;
	return k;
}

/* NAME=VALUE in s[0..n): s[n] is ',' or the end of the argument. */
static void assign_one(struct argvopt_walker *w, size_t arg, const char *s,
		       size_t n, const char *extra)
{
	size_t k = ident_len(s, extra);
	if (k && k < n && s[k] == '=')
		argvopt_emit(w, ARGV_ASSIGN, arg, s + k + 1, n - k - 1, s, k);
}

/* Comma-separated NAME=VALUE pairs up to the end of s. Helm's --set
 * escapes a comma with '\' and keeps a {a,b} list whole, and its keys may
 * hold [0]; a mount option list has neither. */
void argvopt_assign_list(struct argvopt_walker *w, size_t arg, const char *s,
			 bool helm)
{
	while (!w->stop) {
		size_t j, depth = 0;
		for (j = 0; s[j]; j++) {
			if (helm && s[j] == '\\' && s[j + 1])
				j++;
			else if (helm && s[j] == '{')
				depth++;
			else if (helm && s[j] == '}' && depth)
				depth--;
			else if (s[j] == ',' && !depth)
				break;
		}
		assign_one(w, arg, s, j, helm ? ".-[]" : ".-");
		if (!s[j])
			break;
		s += j + 1;
	}
}

static bool is_set(const char *name, size_t k)
{
	return (k == 3 && !memcmp(name, "set", 3)) ||
	       (k == 10 && !memcmp(name, "set-string", 10));
}

/* The value of an option that holds NAME=VALUE, as a pair or a list. */
static bool assign_value(struct argvopt_walker *w, size_t arg, const char *v,
			 bool set)
{
	size_t k = ident_len(v, set ? ".-[]" : ".-");
	if (!k || v[k] != '=')
		return false;
	if (set)
		argvopt_assign_list(w, arg, v, true);
	else
		assign_one(w, arg, v, strlen(v), ".-");
	return true;
}

/* Options whose separate value is NAME=VALUE. */
static bool assign_opt(const char *a)
{
	static const char *const opts[] = {
		"-e",		"--env",	  "--build-arg", "--set",
		"--set-string", "--from-literal", NULL,
	};
	const char *const *o;
	for (o = opts; *o; o++)
		if (!strcmp(a, *o))
			return true;
	return false;
}

/* The forms every program shares; returns the arguments used. */
size_t argvopt_generic(struct argvopt_walker *w, size_t i)
{
	const char *a = w->argv[i], *name, *next;
	size_t k;
	if (a[0] != '-') {
		k = ident_len(a, "");
		if (k && a[k] == '=')
			argvopt_emit(w, ARGV_ASSIGN, i, a + k + 1,
				     strlen(a + k + 1), a, k);
		return 1;
	}
	if (a[1] == 'D') {
		/* -Dname=VALUE, or a Java boolean -Dname: nothing. */
		for (k = 2; is_alnum((unsigned char)a[k]) || a[k] == '_' ||
			    a[k] == '.' || a[k] == '-';
		     k++)
			;
		if (k > 2 && a[k] == '=')
			argvopt_emit(w, ARGV_PROP, i, a + k + 1,
				     strlen(a + k + 1), a + 2, k - 2);
		return 1;
	}
	name = a + 1 + (a[1] == '-');
	k = opt_name_len(name);
	if (!k || (name == a + 1 && k < 2 && name[k] == '='))
		return 1;
	if (name[k] == '=') {
		const char *v = name + k + 1;
		argvopt_emit(w, ARGV_LONG_EQ, i, v, strlen(v), name, k);
		if (is_set(name, k))
			argvopt_assign_list(w, i, v, true);
		else
			assign_value(w, i, v, false);
		return 1;
	}
	if (name[k] || i + 1 >= w->argc)
		return 1;
	next = w->argv[i + 1];
	if (assign_opt(a) && next[0] != '-' &&
	    assign_value(w, i + 1, next, is_set(name, k)))
		return 2;
	if ((name == a + 2 || k >= 2) && next[0] != '-' &&
	    !(w->prog && w->prog->flags & P_NO_SEP) &&
	    argvopt_name_secret(name, k)) {
		argvopt_emit(w, ARGV_LONG_SEP, i + 1, next, strlen(next), name,
			     k);
		return 2;
	}
	return 1;
}

size_t argvopt_walk(char *const *argv, size_t argc,
		    int (*fn)(const struct argv_pair *p, void *arg), void *arg)
{
	struct argvopt_walker w = {
		.argv = argv, .argc = argc, .fn = fn, .arg = arg};
	size_t i, used;
	if (!argc)
		return 0;
	w.prog = prog_find(argv[0]);
	for (i = 1; i < argc && !w.stop; i += used) {
		const char *a = argv[i];
		used = 1;
		/* Not an end of options: what follows is still readable. */
		if (!strcmp(a, "--"))
			continue;
		if (!strcmp(a, "login"))
			w.login = true;
		if (w.prog && w.prog->flags & P_HTPASSWD &&
		    (used = argvopt_htpasswd_arg(&w, i)))
			continue;
		if (w.prog && w.prog->set &&
		    (used = argvopt_setting_arg(&w, i)))
			continue;
		if (w.prog && (used = argvopt_prog_arg(&w, i)))
			continue;
		if (w.prog && w.prog->flags & P_HTTPIE &&
		    (used = argvopt_httpie_item(&w, i)))
			continue;
		used = 1;
		if (w.prog && argvopt_wrapped(&w, a))
			continue;
		used = argvopt_generic(&w, i);
	}
	return w.n;
}
