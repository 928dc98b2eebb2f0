/* argvopt: an argv turned into (name, value) pairs: the generic option
 * forms every program shares, then a table of programs that take a password
 * in an option or operand of their own. docs/argv.md says what and why. */
#include "scan/argvopt.h"

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
			     * a comma-separated NAME=VALUE list */
	char sep;	    /* USERPASS: between user and password */
};

/* Program flags. */
enum {
	P_NO_SEP = 1,	/* no generic --name VALUE: mysql's --password VALUE
			 * prompts and VALUE is the database */
	P_WRAPPER = 2,	/* runs a program named in an operand (sudo mysql) */
	P_HTPASSWD = 4, /* htpasswd's operands */
	P_DASH2 = 8,	/* --opt is -opt too (openssl) */
};

struct prog {
	const char *const *names;    /* basenames, up to a NULL */
	const struct prog_opt *opts; /* up to an entry with a NULL opt */
	unsigned char flags;	     /* P_* */
};

#define S ARGV_SHORT
#define END                   \
	{                     \
		NULL, 0, 0, 0 \
	}
#define GETOPT (O_ATT | O_SEP | O_ANY)

static const struct prog_opt o_mysql[] = {{"-p", O_ATT, S, 0}, END};
static const struct prog_opt o_sshpass[] = {{"-p", GETOPT, S, 0}, END};
static const struct prog_opt o_redis[] = {
	{"--pass", O_SEP | O_ANY, S, 0}, {"-a", GETOPT, S, 0}, END};
static const struct prog_opt o_ldap[] = {{"-w", GETOPT, S, 0}, END};
static const struct prog_opt o_curl[] = {
	{"--user", O_SEP | O_EQ | O_ANY, ARGV_USERPASS, ':'},
	{"--proxy-user", O_SEP | O_EQ | O_ANY, ARGV_USERPASS, ':'},
	{"-u", GETOPT, ARGV_USERPASS, ':'},
	{"-U", GETOPT, ARGV_USERPASS, ':'},
	END};
static const struct prog_opt o_smb[] = {
	{"--user", O_SEP | O_EQ | O_ANY, ARGV_USERPASS, '%'},
	{"-U", GETOPT, ARGV_USERPASS, '%'},
	END};
static const struct prog_opt o_smbmap[] = {
	{"--user", O_SEP | O_EQ | O_ANY, ARGV_USERPASS, '%'},
	{"-U", GETOPT, ARGV_USERPASS, '%'},
	{"-p", O_ATT | O_SEP, S, 0},
	END};
static const struct prog_opt o_openssl[] = {
	{"-pass", O_SEP | O_EQ | O_ANY, ARGV_PASSARG, 0},
	{"-passin", O_SEP | O_EQ | O_ANY, ARGV_PASSARG, 0},
	{"-passout", O_SEP | O_EQ | O_ANY, ARGV_PASSARG, 0},
	{"-password", O_SEP | O_EQ | O_ANY, ARGV_PASSARG, 0},
	{"-k", O_SEP | O_EQ | O_ANY, S, 0},
	{"-K", O_SEP | O_EQ | O_ANY, S, 0},
	END};
static const struct prog_opt o_login[] = {{"-p", GETOPT | O_LOGIN, S, 0}, END};
static const struct prog_opt o_mongo[] = {{"-p", O_ATT | O_SEP, S, 0}, END};
static const struct prog_opt o_mssql[] = {{"-P", O_ATT | O_SEP, S, 0}, END};
static const struct prog_opt o_freerdp[] = {{"/p:", O_ATT, S, 0},
					    {"/password:", O_ATT, S, 0},
					    {"/pth:", O_ATT, S, 0},
					    {"/gp:", O_ATT, S, 0},
					    END};
static const struct prog_opt o_rdesktop[] = {{"-p", GETOPT, S, 0}, END};
static const struct prog_opt o_zip[] = {{"-P", O_SEP | O_ANY, S, 0}, END};
static const struct prog_opt o_7z[] = {{"-p", O_ATT, S, 0}, END};
static const struct prog_opt o_keytool[] = {
	{"-storepass", O_SEP | O_ANY, S, 0},
	{"-keypass", O_SEP | O_ANY, S, 0},
	{"-srcstorepass", O_SEP | O_ANY, S, 0},
	{"-deststorepass", O_SEP | O_ANY, S, 0},
	{"-srckeypass", O_SEP | O_ANY, S, 0},
	{"-destkeypass", O_SEP | O_ANY, S, 0},
	{"-new", O_SEP | O_ANY, S, 0},
	END};
static const struct prog_opt o_jarsigner[] = {
	{"-storepass", O_SEP | O_ANY, S, 0},
	{"-keypass", O_SEP | O_ANY, S, 0},
	END};
static const struct prog_opt o_ipmitool[] = {{"-P", GETOPT, S, 0}, END};
static const struct prog_opt o_snmp[] = {
	{"-A", GETOPT, S, 0}, {"-X", GETOPT, S, 0}, {"-c", GETOPT, S, 0}, END};
static const struct prog_opt o_mosquitto[] = {
	{"-P", O_SEP | O_ANY, S, 0}, {"--pw", O_SEP | O_ANY, S, 0}, END};
static const struct prog_opt o_useradd[] = {{"-p", GETOPT, S, 0}, END};
static const struct prog_opt o_lftp[] = {{"-u", GETOPT, ARGV_USERPASS, ','},
					 END};
static const struct prog_opt o_mount[] = {
	{"--options", O_SEP | O_EQ | O_ANY, ARGV_ASSIGN, 0},
	{"-o", GETOPT, ARGV_ASSIGN, 0},
	END};
static const struct prog_opt o_nmcli[] = {
	{"password", O_SEP | O_ANY, ARGV_POSITIONAL, 0},
	{"wifi-sec.psk", O_SEP | O_ANY, ARGV_POSITIONAL, 0},
	{"802-11-wireless-security.psk", O_SEP | O_ANY, ARGV_POSITIONAL, 0},
	{"802-1x.password", O_SEP | O_ANY, ARGV_POSITIONAL, 0},
	END};

#undef S
#undef END
#undef GETOPT

/* Each row: the basenames that share a set of options. */
#define NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})

static const struct prog progs[] = {
	{NAMES("mysql", "mysqldump", "mysqladmin", "mysqlimport", "mysqlcheck",
	       "mysqlshow", "mysqlslap", "mysqlbinlog", "mysqlpump", "mariadb",
	       "mariadb-dump", "mariadb-admin", "mariadb-import",
	       "mariadb-check", "mariadb-show", "mariadb-slap",
	       "mariadb-binlog"),
	 o_mysql, P_NO_SEP},
	{NAMES("sshpass"), o_sshpass, P_WRAPPER},
	{NAMES("redis-cli", "redis-benchmark"), o_redis, 0},
	{NAMES("ldapsearch", "ldapmodify", "ldapadd", "ldapdelete",
	       "ldapwhoami", "ldappasswd", "ldapcompare", "ldapmodrdn",
	       "ldapexop"),
	 o_ldap, 0},
	{NAMES("curl"), o_curl, 0},
	{NAMES("smbclient", "rpcclient", "smbcacls", "smbget", "net"), o_smb,
	 0},
	{NAMES("smbmap"), o_smbmap, 0},
	{NAMES("openssl"), o_openssl, P_DASH2},
	{NAMES("htpasswd"), NULL, P_HTPASSWD},
	{NAMES("docker", "podman", "nerdctl", "buildah"), o_login, P_WRAPPER},
	{NAMES("skopeo", "helm", "oras", "crane"), o_login, 0},
	{NAMES("mongo", "mongosh", "mongodump", "mongorestore", "mongoexport",
	       "mongoimport", "mongostat", "mongotop"),
	 o_mongo, 0},
	{NAMES("sqlcmd", "bcp", "osql"), o_mssql, 0},
	{NAMES("xfreerdp", "wlfreerdp", "sdl-freerdp"), o_freerdp, 0},
	{NAMES("rdesktop"), o_rdesktop, 0},
	{NAMES("zip", "unzip"), o_zip, 0},
	{NAMES("7z", "7za", "7zr", "7zz"), o_7z, 0},
	{NAMES("keytool"), o_keytool, 0},
	{NAMES("jarsigner"), o_jarsigner, 0},
	{NAMES("ipmitool"), o_ipmitool, 0},
	{NAMES("snmpwalk", "snmpbulkwalk", "snmpget", "snmpgetnext",
	       "snmpbulkget", "snmpset", "snmptable", "snmptrap", "snmpinform",
	       "snmpstatus", "snmpdelta", "snmpdf"),
	 o_snmp, 0},
	{NAMES("mosquitto_pub", "mosquitto_sub", "mosquitto_rr"), o_mosquitto,
	 0},
	{NAMES("useradd", "usermod", "groupadd", "groupmod"), o_useradd, 0},
	{NAMES("lftp"), o_lftp, 0},
	{NAMES("mount", "mount.cifs", "mount.smb3"), o_mount, 0},
	{NAMES("nmcli"), o_nmcli, 0},
	{NAMES("env", "sudo", "doas", "nohup", "timeout", "nice", "ionice",
	       "stdbuf", "setsid", "chrt", "taskset", "runuser", "time",
	       "watch", "xargs", "ssh", "kubectl", "oc", "chroot", "nsenter",
	       "unshare", "flock", "strace", "ltrace", "busybox", "tini",
	       "dumb-init", "gosu", "su-exec"),
	 NULL, P_WRAPPER},
};

#undef NAMES

/* The row naming a's basename, if any. A wrapper looks up each of its
 * operands, so this is the walk's inner loop: a first-byte test before
 * each strcmp. */
static const struct prog *prog_find(const char *a)
{
	const char *base = strrchr(a, '/');
	size_t i;
	base = base ? base + 1 : a;
	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		const char *const *w;
		for (w = progs[i].names; *w; w++)
			if (**w == *base && !strcmp(*w, base))
				return &progs[i];
	}
	return NULL;
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
