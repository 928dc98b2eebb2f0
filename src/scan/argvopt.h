/* argvopt: the (name, value) pairs a command line holds, read the way
 * programs read their options, so a judge can look at each value under a
 * name as it looks at an environment variable. Pure: no I/O, no globals but
 * constant tables, no allocation. docs/argv.md lists the forms. */
#ifndef SCAN_ARGVOPT_H
#define SCAN_ARGVOPT_H

#include <stdbool.h>
#include <stddef.h>

#define ARGV_NAME_MAX 128

enum argv_form {
	ARGV_LONG_EQ,	 /* --name=VALUE, also Go-style -name=VALUE */
	ARGV_LONG_SEP,	 /* --name VALUE, for a secret-looking name only */
	ARGV_SHORT,	 /* a program's own password option: mysql -pVALUE */
	ARGV_USERPASS,	 /* curl -u user:PASSWORD, smbclient -U user%PASSWORD */
	ARGV_ASSIGN,	 /* NAME=VALUE, alone or inside an option's value */
	ARGV_PROP,	 /* -Dname=VALUE (Java system properties) */
	ARGV_PASSARG,	 /* openssl -passin pass:VALUE */
	ARGV_POSITIONAL, /* a password operand: htpasswd -b FILE USER PW */
	ARGV_SETTING,	 /* a setting by its key: aws configure set KEY VALUE,
			  * npm config set KEY=VALUE, git -c KEY=VALUE */
	ARGV_HEADER,	 /* an HTTP header: curl -H 'Name: VALUE', httpie
			  * Name:VALUE, curl -b VALUE (Cookie) */
};

struct argv_pair {
	enum argv_form form;
	size_t arg;	   /* index in argv of the argument holding the value */
	const char *value; /* borrowed: a span inside argv[arg] */
	size_t value_len;  /* bytes; 0 for an empty value (--passwd=) */
	char name[ARGV_NAME_MAX]; /* the name as a variable name, NUL-ended */
	size_t name_len;	  /* strlen(name), below ARGV_NAME_MAX */
	bool name_truncated;	  /* the name was cut at ARGV_NAME_MAX - 1 */
	/* SHORT, USERPASS, PASSARG, POSITIONAL: the program takes a password
	 * here, whatever the value looks like. */
	bool program_option;
};

/* Call fn for each (name, value) pair of argv[0..argc), in argument order;
 * fn returns non-zero to stop the walk. argc may be 0; each argv[i] must be
 * a NUL-terminated string (not NULL). argv[0]'s basename picks the
 * program-specific forms (and a wrapper such as sudo or kubectl exec hands
 * them to the program it runs); argv[0] itself is never a pair. The pair
 * passed to fn lives for that call only; its value is borrowed from argv.
 * Names: leading dashes (and -D) stripped, ASCII upper-cased, '-', '.', ' '
 * and '/' mapped to '_', '_' inserted at a lower-to-upper case change
 * ("--db-password" and "--dbPassword" -> "DB_PASSWORD"); ASSIGN names are
 * mapped the same way without the case-change rule; SETTING names are the
 * key mapped like an option ("npmAuthToken" -> "NPM_AUTH_TOKEN"); HEADER
 * names are "HTTP_" and the header's name, as CGI names them ("X-Api-Key"
 * -> "HTTP_X_API_KEY"); SHORT, USERPASS, PASSARG and POSITIONAL pairs are
 * all named "PASSWORD". fn may be NULL to
 * count the pairs. Linear in the total length of argv. Returns the number of
 * pairs reported, that is the number of calls made to fn. */
size_t argvopt_walk(char *const *argv, size_t argc,
		    int (*fn)(const struct argv_pair *p, void *arg), void *arg);

/* Whether an option or variable name looks like it names a secret. The name
 * is split into tokens at non-alphanumerics and at lower-to-upper case
 * changes; one token must be PASSWORD(S), PASSWD, PASS, PWD, PASSPHRASE,
 * PASSCODE, SECRET(S), TOKEN(S), CREDENTIAL(S), CREDS, APIKEY, ACCESSKEY,
 * PRIVATEKEY, SECRETKEY, AUTHTOKEN, BEARER, SIGNINGKEY, ENCRYPTIONKEY,
 * MASTERKEY or SESSIONKEY, end in PASSWORD, TOKEN or SECRET (DBPASSWORD), or
 * be KEY(S) after API, ACCESS, PRIVATE, SECRET, SIGNING, ENCRYPTION, MASTER
 * or SESSION (API_KEY, apiKey). Not
 * when the last token says where a secret is or what it is like (FILE, PATH,
 * DIR, SOCK, ENV, URL, NAME, ID, USER, TYPE, LENGTH, PROMPT, STDIN, FD, CMD,
 * COMMAND, TTL, HASH: --password-file, --token-ttl), when the first token
 * makes it a switch (NO, ASK, SKIP, DISABLE, ENABLE, WITHOUT, ALLOW:
 * --no-password, --ask-pass), nor for the shell's PWD itself. ASCII only,
 * whatever the locale. Pure. */
bool argvopt_name_secret(const char *name, size_t len);

/* A name as a variable name, into out (cap bytes, NUL included): ASCII
 * upper case whatever the locale, '-', '.', ' ' and '/' as '_', and with
 * camel a '_' at each lower-to-upper change ("dbPassword" ->
 * "DB_PASSWORD"). Returns its length; *cut says whether it was cut. */
size_t argvopt_name_norm(const char *s, size_t n, bool camel, char *out,
			 size_t cap, bool *cut);

#endif
