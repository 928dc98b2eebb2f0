/* The forms of the programs of the table (argvprogs.c): their own
 * options, htpasswd's operands, configuration commands' KEY VALUE
 * operands, HTTP headers, and a wrapper's hand-over to the program it
 * runs. docs/argv.md lists them. */
#include "scan/argvopt_impl.h"

#include <string.h>

/* A header "Name: VALUE": the length of Name (letters, digits, '-', '_')
 * and *v at VALUE, after the ':' and blanks; 0 if s is not one. */
static size_t header_split(const char *s, const char **v)
{
	size_t k = 0;
	while (is_alnum((unsigned char)s[k]) || s[k] == '-' || s[k] == '_')
		k++;
	if (!k || s[k] != ':')
		return 0;
	for (*v = s + k + 1; **v == ' ' || **v == '\t'; (*v)++)
		;
	return k;
}

/* The value of a header option: "Name: VALUE", or with sep '=' a Cookie
 * header's value ("a=b; c=d"; curl -b without '=' names a file). */
static void header_value(struct argvopt_walker *w, size_t arg, const char *v,
			 char sep)
{
	const char *hv;
	size_t k;
	if (sep == '=') {
		if (strchr(v, '='))
			argvopt_emit(w, ARGV_HEADER, arg, v, strlen(v),
				     "Cookie", 6);
		return;
	}
	k = header_split(v, &hv);
	if (k)
		argvopt_emit(w, ARGV_HEADER, arg, hv, strlen(hv), v, k);
}

/* An httpie request item Name:VALUE is a header; Name:=JSON is a field,
 * and host:PORT or scheme://... is the URL. */
size_t argvopt_httpie_item(struct argvopt_walker *w, size_t i)
{
	const char *a = w->argv[i], *v, *d;
	size_t k;
	if (a[0] == '-')
		return 0;
	k = header_split(a, &v);
	if (!k || a[k + 1] == '=' || (a[k + 1] == '/' && a[k + 2] == '/'))
		return 0;
	for (d = a + k + 1; *d >= '0' && *d <= '9'; d++)
		;
	if (d > a + k + 1 && (!*d || *d == '/'))
		return 0;
	argvopt_emit(w, ARGV_HEADER, i, v, strlen(v), a, k);
	return 1;
}

/* A setting KEY=VALUE or KEY VALUE; the value of git's http.extraHeader
 * (or http.URL.extraHeader) is a header too. */
static void setting(struct argvopt_walker *w, size_t arg, const char *v,
		    const char *key, size_t klen)
{
	argvopt_emit(w, ARGV_SETTING, arg, v, strlen(v), key, klen);
	if (klen >= 12 && tok_is(key + klen - 12, 12, ".EXTRAHEADER"))
		header_value(w, arg, v, ':');
}

static bool in_list(const char *const *list, const char *a)
{
	for (; list && *list; list++)
		if (!strcmp(*list, a))
			return true;
	return false;
}

/* Whether a is the subcommand word w: "a|b" is either of two. */
static bool word_is(const char *w, const char *a)
{
	size_t n = strlen(a);
	while (*w) {
		const char *bar = strchr(w, '|');
		size_t k = bar ? (size_t)(bar - w) : strlen(w);
		if (k == n && !memcmp(w, a, n))
			return true;
		w += k + !!bar;
	}
	return false;
}

/* A configuration command's KEY VALUE operands (aws configure set KEY
 * VALUE). The subcommand words must be its first operands; options on the
 * way are left to the generic forms, and those known to take a value skip
 * it. Returns the arguments used, 0 to leave argv[i] to the other forms. */
size_t argvopt_setting_arg(struct argvopt_walker *w, size_t i)
{
	const struct prog_set *g = w->prog->set;
	const char *a = w->argv[i], *next, *eq;
	if (w->set_done)
		return 0;
	if (a[0] == '-' && a[1]) {
		if (in_list(g->stops, a)) {
			w->set_done = true;
			return 0;
		}
		if (!in_list(g->valopts, a) || i + 1 >= w->argc)
			return 0;
		argvopt_generic(w, i); /* kubectl --token V is still a pair */
		return 2;
	}
	for (; g->path[w->set_word]; w->set_word++) {
		const char *word = g->path[w->set_word];
		bool optional = word[0] == '?';
		if (word_is(word + optional, a)) {
			w->set_word++;
			return 1;
		}
		if (!optional) {
			w->set_done = true;
			return 0;
		}
	}
	if (in_list(g->stops, a)) {
		w->set_done = true;
		return 0;
	}
	eq = g->flags & SET_EQ ? strchr(a, '=') : NULL;
	if (eq && eq > a) {
		setting(w, i, eq + 1, a, (size_t)(eq - a));
		return 1; /* npm takes more KEY=VALUE */
	}
	w->set_done = true; /* one KEY VALUE */
	if (eq || !a[0] || i + 1 >= w->argc)
		return 0;
	next = w->argv[i + 1];
	if (next[0] == '-' && next[1]) /* an option: git needs -- before */
		return 0;
	setting(w, i + 1, next, a, strlen(a));
	return 2;
}

/* Whether argv[i] is option o: returns the arguments it uses (0: not o)
 * and sets *v to its value (NULL: none to report). */
static size_t match_opt(const struct argvopt_walker *w, size_t i,
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
size_t argvopt_prog_arg(struct argvopt_walker *w, size_t i)
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
				argvopt_emit(w, ARGV_USERPASS, arg, s + 1,
					     strlen(s + 1), NULL, 0);
			break;
		case ARGV_PASSARG:
			/* env:, file:, fd: and stdin name where it is. */
			if (!strncmp(v, "pass:", 5))
				argvopt_emit(w, ARGV_PASSARG, arg, v + 5,
					     strlen(v + 5), NULL, 0);
			break;
		case ARGV_ASSIGN:
			argvopt_assign_list(w, arg, v, false);
			break;
		case ARGV_SETTING:
			s = strchr(v, o->sep); /* none: a boolean (git -c k) */
			if (s && s > v)
				setting(w, arg, s + 1, v, (size_t)(s - v));
			break;
		case ARGV_HEADER:
			header_value(w, arg, v, o->sep);
			break;
		default:
			argvopt_emit(w, (enum argv_form)o->form, arg, v,
				     strlen(v), NULL, 0);
		}
		return used;
	}
	return 0;
}

/* htpasswd [-cnmBdpsDvi] [-C cost] [-r rounds] [-b] [FILE] USER [PASSWORD]:
 * options end at the first operand; with -b the password is the operand
 * after the user. */
size_t argvopt_htpasswd_arg(struct argvopt_walker *w, size_t i)
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
	argvopt_emit(w, ARGV_POSITIONAL, i, w->argv[i], strlen(w->argv[i]),
		     NULL, 0);
	return 1;
}

/* A wrapper's operand naming a program of the table: that program's forms
 * for the arguments after it (sudo mysql -p..., kubectl exec P -- mysql). */
bool argvopt_wrapped(struct argvopt_walker *w, const char *a)
{
	const struct prog *p;
	if (!(w->prog->flags & P_WRAPPER) || a[0] == '-' || strchr(a, '='))
		return false;
	p = prog_find(a);
	if (!p)
		return false;
	w->prog = p;
	w->login = w->opts_done = w->batch = w->nofile = false;
	w->set_done = false;
	w->operands = w->set_word = 0;
	return true;
}
