/* Private to the argv reader (argvopt.c: names, the generic forms and the
 * walk; argvopt_progs.c: the forms of the programs of the table): the
 * walk's state, the ASCII helpers both use, and each side's entry points. */
#ifndef SCAN_ARGVOPT_IMPL_H
#define SCAN_ARGVOPT_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "scan/argvopt.h"
#include "scan/argvprogs.h"

/* ASCII classes and case by hand: the locale must not change a name. */
static inline bool is_lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

static inline bool is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static inline bool is_alnum(unsigned char c)
{
	return is_lower(c) || is_upper(c) || (c >= '0' && c <= '9');
}

static inline unsigned char to_upper(unsigned char c)
{
	return is_lower(c) ? (unsigned char)(c - 'a' + 'A') : c;
}

/* Token t of n bytes is the upper-case word w, in any case. */
static inline bool tok_is(const char *t, size_t n, const char *w)
{
	size_t i;
	for (i = 0; i < n && w[i]; i++)
		if (to_upper((unsigned char)t[i]) != (unsigned char)w[i])
			return false;
	return i == n && !w[i];
}

/* The walk over one argv. */
struct argvopt_walker {
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
	size_t set_word; /* prog->set: subcommand words passed */
	bool set_done;	 /* prog->set: no (more) KEY VALUE operands */
};

/* argvopt.c */

/* Report a pair (unless the walk was stopped): the value is the span
 * v[0..vlen) of argv[arg], named after name[0..nlen) as docs/argv.md says
 * for its form. */
void argvopt_emit(struct argvopt_walker *w, enum argv_form form, size_t arg,
		  const char *v, size_t vlen, const char *name, size_t nlen);
/* Comma-separated NAME=VALUE pairs up to the end of s (Helm's --set when
 * helm, a mount option list otherwise). */
void argvopt_assign_list(struct argvopt_walker *w, size_t arg, const char *s,
			 bool helm);
/* The forms every program shares at argv[i]; returns the arguments used
 * (1 or 2). */
size_t argvopt_generic(struct argvopt_walker *w, size_t i);

/* argvopt_progs.c: each returns the arguments used at argv[i], 0 when the
 * argument is not its business. */

/* The program's own options (mysql -pV, curl -H 'Name: V'). */
size_t argvopt_prog_arg(struct argvopt_walker *w, size_t i);
/* htpasswd's options and operands. */
size_t argvopt_htpasswd_arg(struct argvopt_walker *w, size_t i);
/* The KEY VALUE operands of a configuration command (w->prog->set). */
size_t argvopt_setting_arg(struct argvopt_walker *w, size_t i);
/* An httpie request item Name:VALUE (a header). */
size_t argvopt_httpie_item(struct argvopt_walker *w, size_t i);
/* Whether the wrapper's operand a names a program of the table; if so, the
 * walk goes on with that program's forms. */
bool argvopt_wrapped(struct argvopt_walker *w, const char *a);

#endif
