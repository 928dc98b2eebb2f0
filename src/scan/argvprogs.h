/* The programs whose own options take a password (mysql -pV, curl -u
 * user:pw, sshpass -p V, ...) or an HTTP header (curl -H), the commands
 * that store a setting given as KEY VALUE (aws configure set, git config),
 * and the wrappers that run a program named in an operand (sudo, docker
 * exec, kubectl exec): static data for argvopt.c, which reads command
 * lines with them (docs/argv.md). */
#ifndef SCAN_ARGVPROGS_H
#define SCAN_ARGVPROGS_H

#include "scan/argvopt.h"

/* Program option flags. */
enum {
	O_ATT = 1,    /* the value glued on: -pVALUE, /p:VALUE */
	O_EQ = 2,     /* --opt=VALUE */
	O_SEP = 4,    /* the value is the next argument */
	O_ANY = 8,    /* ... even one starting with '-', as getopt takes it */
	O_LOGIN = 16, /* only after an operand "login" */
};

struct prog_opt {
	const char *opt;
	unsigned char how;  /* O_* */
	unsigned char form; /* SHORT, USERPASS, PASSARG, POSITIONAL; ASSIGN:
			     * a comma-separated NAME=VALUE list; SETTING:
			     * one KEY=VALUE; HEADER: see sep */
	char sep;	    /* USERPASS: between user and password; HEADER:
			     * ':' for "Name: VALUE", '=' for a Cookie
			     * header's value (curl -b a=b; no '=': a file) */
};

/* Setting flags. */
enum {
	SET_EQ = 1, /* an operand KEY=VALUE is a setting too (npm) */
};

/* A command that stores a setting given as two operands, KEY VALUE, after
 * its subcommand words: aws configure set KEY VALUE. */
struct prog_set {
	/* The subcommand words, in order, as the first operands: "a|b" is
	 * either, a leading '?' makes a word optional. Up to a NULL. */
	const char *const *path;
	/* Options that take the next argument as their value (--profile P),
	 * so that P is not taken for a word or the KEY. Up to a NULL. */
	const char *const *valopts;
	/* Options or KEY operands that make the command something else (git
	 * config --get KEY, git config get KEY). Up to a NULL; may be NULL. */
	const char *const *stops;
	unsigned char flags; /* SET_* */
};

/* Program flags. */
enum {
	P_NO_SEP = 1,	/* no generic --name VALUE: mysql's --password VALUE
			 * prompts and VALUE is the database */
	P_WRAPPER = 2,	/* runs a program named in an operand (sudo mysql) */
	P_HTPASSWD = 4, /* htpasswd's operands */
	P_DASH2 = 8,	/* --opt is -opt too (openssl) */
	P_HTTPIE = 16,	/* operands Name:VALUE are headers (httpie, xh) */
};

struct prog {
	const char *const *names;    /* basenames, up to a NULL */
	const struct prog_opt *opts; /* up to an entry with a NULL opt */
	unsigned char flags;	     /* P_* */
	const struct prog_set *set;  /* KEY VALUE operands, or NULL */
};

/* The row naming a's basename (a path's last component), or NULL. */
const struct prog *prog_find(const char *a);

#endif
