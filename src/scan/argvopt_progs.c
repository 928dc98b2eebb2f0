/* The forms of the programs of the table (argvprogs.c): their own
 * options, htpasswd's operands, and a wrapper's hand-over to the program
 * it runs. docs/argv.md lists them. */
#include "scan/argvopt_impl.h"

#include <string.h>

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
	w->operands = 0;
	return true;
}
