/* argvopt: an argv turned into (name, value) pairs: the generic option
 * forms every program shares, then a table of programs that take a password
 * in an option or operand of their own. docs/argv.md says what and why. */
#include "scan/argvopt.h"
#include "scan/argvprogs.h"

#include <string.h>

/* ASCII classes and case by hand: the locale must not change a name. */
static bool is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool is_alnum(unsigned char c)
{
	return is_lower(c) || is_upper(c) || (c >= '0' && c <= '9');
}

static unsigned char to_upper(unsigned char c)
{
	return is_lower(c) ? (unsigned char)(c - 'a' + 'A') : c;
}

/* Token t of n bytes is the upper-case word w, in any case. */
static bool tok_is(const char *t, size_t n, const char *w)
{
	size_t i;
	for (i = 0; i < n && w[i]; i++)
		if (to_upper((unsigned char)t[i]) != (unsigned char)w[i])
			return false;
	return i == n && !w[i];
}

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

static bool token_secret(const char *t, size_t n, const char *prev,
			 size_t prev_n)
{
	static const char *const exact[] = {
		"PASS",	      "PASSWD",	     "PWD",	  "PASSPHRASE",
		"PASSCODE",   "PASSWORDS",   "SECRETS",	  "TOKENS",
		"CREDENTIAL", "CREDENTIALS", "CREDS",	  "APIKEY",
		"ACCESSKEY",  "PRIVATEKEY",  "SECRETKEY", NULL,
	};
	static const char *const keyed[] = {"API", "ACCESS", "PRIVATE",
					    "SECRET", NULL};
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

struct walk {
	char *const *argv;
	size_t argc;
	int (*fn)(const struct argv_pair *p, void *arg);
	void *arg;
	size_t n;  /* pairs reported */
	bool stop; /* fn asked to stop */
	const struct prog *prog;
	bool login;	 /* an operand "login" was seen */
	bool opts_done;	 /* htpasswd: options end at the first operand */
	bool batch;	 /* htpasswd -b: the password is an operand */
	bool nofile;	 /* htpasswd -n: no file operand */
	size_t operands; /* htpasswd operands so far */
};

/* The name as a variable name; camel: '_' at lower-to-upper changes. */
static void set_name(struct argv_pair *p, const char *s, size_t n, bool camel)
{
	size_t i, k = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool hump = camel && i && is_lower((unsigned char)s[i - 1]) &&
			    is_upper(c);
		if (k + hump >= ARGV_NAME_MAX - 1) {
			p->name_truncated = true;
			break;
		}
		if (hump)
			p->name[k++] = '_';
		if (c == '-' || c == '.' || c == ' ' || c == '/')
			c = '_';
		p->name[k++] = (char)to_upper(c);
	}
	p->name[k] = '\0';
	p->name_len = k;
}

static void emit(struct walk *w, enum argv_form form, size_t arg, const char *v,
		 size_t vlen, const char *name, size_t nlen)
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
	if (p.program_option)
		set_name(&p, "PASSWORD", 8, false);
	else
		set_name(&p, name, nlen, form != ARGV_ASSIGN);
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
static void assign_one(struct walk *w, size_t arg, const char *s, size_t n,
		       const char *extra)
{
	size_t k = ident_len(s, extra);
	if (k && k < n && s[k] == '=')
		emit(w, ARGV_ASSIGN, arg, s + k + 1, n - k - 1, s, k);
}

/* Comma-separated NAME=VALUE pairs up to the end of s. Helm's --set
 * escapes a comma with '\' and keeps a {a,b} list whole, and its keys may
 * hold [0]; a mount option list has neither. */
static void assign_list(struct walk *w, size_t arg, const char *s, bool helm)
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
static bool assign_value(struct walk *w, size_t arg, const char *v, bool set)
{
	size_t k = ident_len(v, set ? ".-[]" : ".-");
	if (!k || v[k] != '=')
		return false;
	if (set)
		assign_list(w, arg, v, true);
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
static size_t generic(struct walk *w, size_t i)
{
	const char *a = w->argv[i], *name, *next;
	size_t k;
	if (a[0] != '-') {
		k = ident_len(a, "");
		if (k && a[k] == '=')
			emit(w, ARGV_ASSIGN, i, a + k + 1, strlen(a + k + 1), a,
			     k);
		return 1;
	}
	if (a[1] == 'D') {
		/* -Dname=VALUE, or a Java boolean -Dname: nothing. */
		for (k = 2; is_alnum((unsigned char)a[k]) || a[k] == '_' ||
			    a[k] == '.' || a[k] == '-';
		     k++)
			;
		if (k > 2 && a[k] == '=')
			emit(w, ARGV_PROP, i, a + k + 1, strlen(a + k + 1),
			     a + 2, k - 2);
		return 1;
	}
	name = a + 1 + (a[1] == '-');
	k = opt_name_len(name);
	if (!k || (name == a + 1 && k < 2 && name[k] == '='))
		return 1;
	if (name[k] == '=') {
		const char *v = name + k + 1;
		emit(w, ARGV_LONG_EQ, i, v, strlen(v), name, k);
		if (is_set(name, k))
			assign_list(w, i, v, true);
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
		emit(w, ARGV_LONG_SEP, i + 1, next, strlen(next), name, k);
		return 2;
	}
	return 1;
}

/* Whether argv[i] is option o: returns the arguments it uses (0: not o)
 * and sets *v to its value (NULL: none to report). */
static size_t match_opt(const struct walk *w, size_t i,
			const struct prog_opt *o, const char **v)
{
	const char *a = w->argv[i];
	size_t n = strlen(o->opt);
	*v = NULL;
	if (o->how & O_LOGIN && !w->login)
		return 0;
	if (w->prog->flags & P_DASH2 && a[0] == '-' && a[1] == '-')
		a++;
	if (strncmp(a, o->opt, n))
		return 0;
	if (!a[n]) {
		const char *next = i + 1 < w->argc ? w->argv[i + 1] : NULL;
		if (!(o->how & O_SEP))
			return 0;
		if (!next || (next[0] == '-' && !(o->how & O_ANY)))
			return 1; /* the program prompts, or fails */
		/* "-" reads the password from stdin by convention. */
		*v = strcmp(next, "-") ? next : NULL;
		return 2;
	}
	if (o->how & O_EQ && a[n] == '=')
		*v = a + n + 1;
	else if (o->how & O_ATT)
		*v = a + n;
	else
		return 0;
	return 1;
}

/* The program's own options; returns the arguments used. */
static size_t prog_arg(struct walk *w, size_t i)
{
	const struct prog_opt *o;
	for (o = w->prog->opts; o && o->opt; o++) {
		const char *v, *s;
		size_t used = match_opt(w, i, o, &v), arg = i + used - 1;
		if (!used)
			continue;
		if (!v)
			return used;
		switch (o->form) {
		case ARGV_USERPASS:
			s = strchr(v, o->sep); /* none: the program prompts */
			if (s)
				emit(w, ARGV_USERPASS, arg, s + 1,
				     strlen(s + 1), NULL, 0);
			break;
		case ARGV_PASSARG:
			/* env:, file:, fd: and stdin name where it is. */
			if (!strncmp(v, "pass:", 5))
				emit(w, ARGV_PASSARG, arg, v + 5, strlen(v + 5),
				     NULL, 0);
			break;
		case ARGV_ASSIGN:
			assign_list(w, arg, v, false);
			break;
		default:
			emit(w, (enum argv_form)o->form, arg, v, strlen(v),
			     NULL, 0);
		}
		return used;
	}
	return 0;
}

/* htpasswd [-cnmBdpsDvi] [-C cost] [-r rounds] [-b] [FILE] USER [PASSWORD]:
 * options end at the first operand; with -b the password is the operand
 * after the user. */
static size_t htpasswd_arg(struct walk *w, size_t i)
{
	const char *a = w->argv[i];
	size_t k;
	if (!w->opts_done && a[0] == '-' && a[1]) {
		for (a++; *a; a++) {
			if (*a == 'b')
				w->batch = true;
			else if (*a == 'n')
				w->nofile = true;
			else if (*a == 'C' || *a == 'r')
				return a[1] || i + 1 >= w->argc ? 1 : 2;
		}
		return 1;
	}
	w->opts_done = true;
	k = w->operands++;
	if (!w->batch || k != (w->nofile ? 1u : 2u))
		return 0;
	emit(w, ARGV_POSITIONAL, i, w->argv[i], strlen(w->argv[i]), NULL, 0);
	return 1;
}

/* A wrapper's operand naming a program of the table: that program's forms
 * for the arguments after it (sudo mysql -p..., kubectl exec P -- mysql). */
static bool wrapped(struct walk *w, const char *a)
{
	const struct prog *p;
	if (!(w->prog->flags & P_WRAPPER) || a[0] == '-' || strchr(a, '='))
		return false;
	p = prog_find(a);
	if (!p)
		return false;
	w->prog = p;
	w->login = w->opts_done = w->batch = w->nofile = false;
	w->operands = 0;
	return true;
}

size_t argvopt_walk(char *const *argv, size_t argc,
		    int (*fn)(const struct argv_pair *p, void *arg), void *arg)
{
	struct walk w = {.argv = argv, .argc = argc, .fn = fn, .arg = arg};
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
		    (used = htpasswd_arg(&w, i)))
			continue;
		if (w.prog && (used = prog_arg(&w, i)))
			continue;
		used = 1;
		if (w.prog && wrapped(&w, a))
			continue;
		used = generic(&w, i);
	}
	return w.n;
}
