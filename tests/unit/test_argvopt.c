/* argvopt: the (name, value) pairs of command lines, form by form and
 * program by program, and hostile argvs. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "scan/argvopt.h"

#define MAXP 64
#define ARGV(...) ((const char *const[]){__VA_ARGS__, NULL})

struct got {
	const char *const *argv;
	size_t argc;
	size_t n;	   /* callbacks made */
	size_t stop_after; /* 0: never stop */
	struct argv_pair p[MAXP];
};

static int collect(const struct argv_pair *p, void *arg)
{
	struct got *g = arg;
	if (g->n < MAXP)
		g->p[g->n] = *p;
	g->n++;
	return g->stop_after && g->n >= g->stop_after;
}

static size_t walk(struct got *g, const char *const *argv)
{
	size_t r;
	memset(g, 0, sizeof(*g));
	g->argv = argv;
	while (argv[g->argc])
		g->argc++;
	r = argvopt_walk((char *const *)argv, g->argc, collect, g);
	cr_assert_eq(r, g->n);
	return r;
}

/* Pair k is form, named name, with value, in argv[arg]. */
static void expect(const struct got *g, size_t k, enum argv_form form,
		   size_t arg, const char *name, const char *value)
{
	const struct argv_pair *p = &g->p[k];
	const char *a;
	cr_assert_lt(k, g->n, "no pair %zu (%zu pairs)", k, g->n);
	cr_assert_eq(p->form, form, "pair %zu: form %d, want %d", k, p->form,
		     form);
	cr_assert_eq(p->arg, arg, "pair %zu: arg %zu, want %zu", k, p->arg,
		     arg);
	cr_assert_str_eq(p->name, name);
	cr_assert_eq(p->name_len, strlen(name));
	cr_assert(!p->name_truncated);
	cr_assert_eq(p->value_len, strlen(value), "pair %zu: value %.*s", k,
		     (int)p->value_len, p->value);
	cr_assert(!memcmp(p->value, value, p->value_len));
	a = g->argv[arg];
	cr_assert(p->value >= a && p->value + p->value_len <= a + strlen(a));
	cr_assert_eq(p->program_option,
		     form == ARGV_SHORT || form == ARGV_USERPASS ||
			     form == ARGV_PASSARG || form == ARGV_POSITIONAL);
}

/* Exactly one pair. */
static void one(const char *const *argv, enum argv_form form, size_t arg,
		const char *name, const char *value)
{
	struct got g;
	walk(&g, argv);
	cr_assert_eq(g.n, 1, "%zu pairs for %s %s", g.n, argv[0], argv[1]);
	expect(&g, 0, form, arg, name, value);
}

static void none(const char *const *argv)
{
	struct got g;
	walk(&g, argv);
	cr_assert_eq(g.n, 0, "%zu pairs for %s %s (first %s)", g.n, argv[0],
		     argv[1], g.n ? g.p[0].name : "");
}

/* The one pair of the given form among others. */
static void has(const char *const *argv, enum argv_form form, size_t arg,
		const char *value)
{
	struct got g;
	size_t i, found = 0;
	walk(&g, argv);
	for (i = 0; i < g.n; i++)
		if (g.p[i].form == form) {
			expect(&g, i, form, arg, "PASSWORD", value);
			found++;
		}
	cr_assert_eq(found, 1, "%zu pairs of form %d", found, form);
}

Test(argvopt, long_eq)
{
	one(ARGV("app", "--db-password=S3cret"), ARGV_LONG_EQ, 1, "DB_PASSWORD",
	    "S3cret");
	one(ARGV("app", "--clientSecret=x"), ARGV_LONG_EQ, 1, "CLIENT_SECRET",
	    "x");
	one(ARGV("etcd", "-peer-client-cert-auth=true"), ARGV_LONG_EQ, 1,
	    "PEER_CLIENT_CERT_AUTH", "true");
	one(ARGV("app", "--v2.api_key=k"), ARGV_LONG_EQ, 1, "V2_API_KEY", "k");
	one(ARGV("app", "--passwd="), ARGV_LONG_EQ, 1, "PASSWD", "");
	one(ARGV("app", "--password=a b"), ARGV_LONG_EQ, 1, "PASSWORD", "a b");
	none(ARGV("app", "-x=1"));	 /* a short option's value */
	none(ARGV("app", "--_x=1"));	 /* not an option name */
	none(ARGV("app", "--a:b=1"));	 /* ditto */
	none(ARGV("app", "--password")); /* last: no value */
}

Test(argvopt, long_eq_holding_an_assignment)
{
	struct got g;
	walk(&g, ARGV("kubectl", "create", "secret", "generic", "db",
		      "--from-literal=password=S3cret"));
	cr_assert_eq(g.n, 2);
	expect(&g, 0, ARGV_LONG_EQ, 5, "FROM_LITERAL", "password=S3cret");
	expect(&g, 1, ARGV_ASSIGN, 5, "PASSWORD", "S3cret");
	walk(&g, ARGV("kubectl", "run", "x", "--env=DB.Password=p=q"));
	cr_assert_eq(g.n, 2);
	expect(&g, 0, ARGV_LONG_EQ, 3, "ENV", "DB.Password=p=q");
	expect(&g, 1, ARGV_ASSIGN, 3, "DB_PASSWORD", "p=q");
	/* Not an identifier before the '=': one pair. */
	one(ARGV("app", "--opt=1a=b"), ARGV_LONG_EQ, 1, "OPT", "1a=b");
}

Test(argvopt, long_sep)
{
	one(ARGV("app", "--password", "S3cret", "x"), ARGV_LONG_SEP, 2,
	    "PASSWORD", "S3cret");
	one(ARGV("gh", "--token", "ghp_x"), ARGV_LONG_SEP, 2, "TOKEN", "ghp_x");
	one(ARGV("app", "--apiKey", "k"), ARGV_LONG_SEP, 2, "API_KEY", "k");
	one(ARGV("app", "--password", ""), ARGV_LONG_SEP, 2, "PASSWORD", "");
	/* Go flag style, one dash. */
	one(ARGV("consul", "-token", "abc"), ARGV_LONG_SEP, 2, "TOKEN", "abc");
	/* The value is consumed: not read again as an assignment. */
	one(ARGV("app", "--password", "A=b"), ARGV_LONG_SEP, 2, "PASSWORD",
	    "A=b");
	/* A next argument starting with '-' is an option. */
	one(ARGV("app", "--password", "--user=x"), ARGV_LONG_EQ, 2, "USER",
	    "x");
	none(ARGV("app", "--password-file", "/run/secrets/db"));
	none(ARGV("app", "--no-password", "host"));
	none(ARGV("app", "--token-path", "/x"));
	none(ARGV("docker", "login", "--password-stdin", "reg"));
	none(ARGV("ansible-playbook", "--ask-pass", "site.yml"));
	none(ARGV("app", "--user", "admin"));
	none(ARGV("app", "--password", "-"));
}

Test(argvopt, assign)
{
	struct got g;
	one(ARGV("env", "DB_PASSWORD=x", "./app"), ARGV_ASSIGN, 1,
	    "DB_PASSWORD", "x");
	one(ARGV("make", "CFLAGS=-O2 -g"), ARGV_ASSIGN, 1, "CFLAGS", "-O2 -g");
	one(ARGV("make", "_x="), ARGV_ASSIGN, 1, "_X", "");
	none(ARGV("app", "1X=y"));
	none(ARGV("app", "a.b=c")); /* not a shell name */
	none(ARGV("app", "=", "=x", "x"));
	/* Options whose next argument is NAME=VALUE. */
	one(ARGV("docker", "run", "-e", "MYSQL_ROOT_PASSWORD=x", "img"),
	    ARGV_ASSIGN, 3, "MYSQL_ROOT_PASSWORD", "x");
	one(ARGV("docker", "build", "--build-arg", "NPM_TOKEN=t", "."),
	    ARGV_ASSIGN, 3, "NPM_TOKEN", "t");
	one(ARGV("app", "--env", "spring.datasource.password=x"), ARGV_ASSIGN,
	    2, "SPRING_DATASOURCE_PASSWORD", "x");
	one(ARGV("kubectl", "create", "secret", "generic", "s",
		 "--from-literal", "password=S3cret"),
	    ARGV_ASSIGN, 6, "PASSWORD", "S3cret");
	/* docker run -e NAME takes NAME's value from the environment. */
	none(ARGV("docker", "run", "-e", "NAME", "img"));
	walk(&g, ARGV("app", "-e", "a=1", "b=2"));
	cr_assert_eq(g.n, 2);
	expect(&g, 0, ARGV_ASSIGN, 2, "A", "1");
	expect(&g, 1, ARGV_ASSIGN, 3, "B", "2");
}

Test(argvopt, helm_set)
{
	struct got g;
	walk(&g, ARGV("helm", "install", "r", "chart", "--set",
		      "a.b=v,db.password=S3\\,x,list={a,b},"
		      "img.pullSecrets[0].password=p,junk,=z,c=",
		      "--set-string", "tok=1"));
	cr_assert_eq(g.n, 6);
	expect(&g, 0, ARGV_ASSIGN, 5, "A_B", "v");
	expect(&g, 1, ARGV_ASSIGN, 5, "DB_PASSWORD", "S3\\,x");
	expect(&g, 2, ARGV_ASSIGN, 5, "LIST", "{a,b}");
	expect(&g, 3, ARGV_ASSIGN, 5, "IMG_PULLSECRETS[0]_PASSWORD", "p");
	expect(&g, 4, ARGV_ASSIGN, 5, "C", "");
	expect(&g, 5, ARGV_ASSIGN, 7, "TOK", "1");
	walk(&g, ARGV("helm", "upgrade", "--set=a=1,b=2"));
	cr_assert_eq(g.n, 3);
	expect(&g, 0, ARGV_LONG_EQ, 2, "SET", "a=1,b=2");
	expect(&g, 1, ARGV_ASSIGN, 2, "A", "1");
	expect(&g, 2, ARGV_ASSIGN, 2, "B", "2");
}

Test(argvopt, prop)
{
	one(ARGV("java", "-Dspring.datasource.password=x", "-jar", "app.jar"),
	    ARGV_PROP, 1, "SPRING_DATASOURCE_PASSWORD", "x");
	one(ARGV("java", "-Dspring.datasource.clientSecret=x"), ARGV_PROP, 1,
	    "SPRING_DATASOURCE_CLIENT_SECRET", "x");
	/* Reported whatever the name: the caller judges it. */
	one(ARGV("java", "-Dfile.encoding=UTF-8"), ARGV_PROP, 1,
	    "FILE_ENCODING", "UTF-8");
	one(ARGV("java", "-Dx="), ARGV_PROP, 1, "X", "");
	none(ARGV("java", "-Dflag", "-D=x", "-D", "-Da b=c"));
}

Test(argvopt, double_dash_keeps_reading)
{
	struct got g;
	walk(&g, ARGV("app", "--", "--password=x", "TOKEN=y", "--"));
	cr_assert_eq(g.n, 2);
	expect(&g, 0, ARGV_LONG_EQ, 2, "PASSWORD", "x");
	expect(&g, 1, ARGV_ASSIGN, 3, "TOKEN", "y");
}

Test(argvopt, mysql)
{
	one(ARGV("mysql", "-uroot", "-pS3cret", "db"), ARGV_SHORT, 2,
	    "PASSWORD", "S3cret");
	one(ARGV("/usr/bin/mariadb-dump", "-pX"), ARGV_SHORT, 1, "PASSWORD",
	    "X");
	one(ARGV("mysqladmin", "-password"), ARGV_SHORT, 1, "PASSWORD",
	    "assword");
	none(ARGV("mysql", "-uroot", "-p", "db"));  /* prompts; db */
	none(ARGV("mysql", "--password", "db"));    /* ditto */
	none(ARGV("mysql", "-uroot", "-vpS3cret")); /* no clusters */
	one(ARGV("mysql", "--password=S3cret"), ARGV_LONG_EQ, 1, "PASSWORD",
	    "S3cret");
	/* Not the mysql family: -p is nobody's password. */
	none(ARGV("psql", "-pS3cret"));
	none(ARGV("mysqld", "-pS3cret"));
}

Test(argvopt, sshpass)
{
	struct got g;
	one(ARGV("sshpass", "-p", "pw", "ssh", "host"), ARGV_SHORT, 2,
	    "PASSWORD", "pw");
	one(ARGV("sshpass", "-ppw", "ssh", "host"), ARGV_SHORT, 1, "PASSWORD",
	    "pw");
	one(ARGV("sshpass", "-p", "-dash", "ssh"), ARGV_SHORT, 2, "PASSWORD",
	    "-dash");
	none(ARGV("sshpass", "-e", "ssh", "host"));
	none(ARGV("sshpass", "-p"));
	walk(&g, ARGV("sshpass", "-p", "pw", "ssh", "h", "mysql", "-pX"));
	cr_assert_eq(g.n, 2);
	expect(&g, 1, ARGV_SHORT, 6, "PASSWORD", "X");
}

Test(argvopt, redis_ldap)
{
	one(ARGV("redis-cli", "-h", "h", "-a", "pw"), ARGV_SHORT, 4, "PASSWORD",
	    "pw");
	one(ARGV("redis-cli", "-apw"), ARGV_SHORT, 1, "PASSWORD", "pw");
	one(ARGV("redis-cli", "--pass", "pw"), ARGV_SHORT, 2, "PASSWORD", "pw");
	one(ARGV("redis-benchmark", "-a", "pw"), ARGV_SHORT, 2, "PASSWORD",
	    "pw");
	none(ARGV("redis-cli", "--askpass", "-h", "h"));
	has(ARGV("ldapsearch", "-x", "-D", "cn=admin,dc=x", "-w", "pw", "-b",
		 "dc=x"),
	    ARGV_SHORT, 5, "pw");
	one(ARGV("ldappasswd", "-wpw"), ARGV_SHORT, 1, "PASSWORD", "pw");
	none(ARGV("ldapsearch", "-W", "-y", "/x"));
}

Test(argvopt, curl)
{
	one(ARGV("curl", "-u", "admin:pw", "https://x"), ARGV_USERPASS, 2,
	    "PASSWORD", "pw");
	one(ARGV("curl", "-uadmin:p:w"), ARGV_USERPASS, 1, "PASSWORD", "p:w");
	one(ARGV("curl", "--user", "a:pw"), ARGV_USERPASS, 2, "PASSWORD", "pw");
	one(ARGV("curl", "--user=a:pw"), ARGV_USERPASS, 1, "PASSWORD", "pw");
	one(ARGV("curl", "-U", "p:pp"), ARGV_USERPASS, 2, "PASSWORD", "pp");
	one(ARGV("curl", "--proxy-user", "p:pp"), ARGV_USERPASS, 2, "PASSWORD",
	    "pp");
	one(ARGV("curl", "-u", "admin:"), ARGV_USERPASS, 2, "PASSWORD", "");
	none(ARGV("curl", "-u", "admin", "https://x")); /* curl prompts */
	none(ARGV("curl", "--user-agent", "a:b"));
	none(ARGV("wget", "-u", "admin:pw"));
}

Test(argvopt, samba)
{
	one(ARGV("smbclient", "//srv/share", "-U", "DOM\\user%pw"),
	    ARGV_USERPASS, 3, "PASSWORD", "pw");
	one(ARGV("smbclient", "-Uuser%p%w"), ARGV_USERPASS, 1, "PASSWORD",
	    "p%w");
	one(ARGV("rpcclient", "--user=user%pw", "h"), ARGV_USERPASS, 1,
	    "PASSWORD", "pw");
	one(ARGV("net", "rpc", "info", "-U", "u%pw"), ARGV_USERPASS, 4,
	    "PASSWORD", "pw");
	one(ARGV("smbmap", "-u", "u", "-p", "pw", "-H", "h"), ARGV_SHORT, 4,
	    "PASSWORD", "pw");
	none(ARGV("smbclient", "-U", "user", "//srv/share"));
	none(ARGV("smbget", "-U", "user:pw")); /* ':' is curl's */
}

Test(argvopt, openssl)
{
	one(ARGV("openssl", "enc", "-aes256", "-pass", "pass:S3cret", "-in",
		 "f"),
	    ARGV_PASSARG, 4, "PASSWORD", "S3cret");
	one(ARGV("openssl", "pkcs12", "-passin", "pass:a"), ARGV_PASSARG, 3,
	    "PASSWORD", "a");
	one(ARGV("openssl", "rsa", "-passout", "pass:"), ARGV_PASSARG, 3,
	    "PASSWORD", "");
	one(ARGV("openssl", "rsa", "--passin", "pass:b"), ARGV_PASSARG, 3,
	    "PASSWORD", "b");
	one(ARGV("openssl", "rsa", "-passin=pass:c"), ARGV_PASSARG, 2,
	    "PASSWORD", "c");
	one(ARGV("openssl", "enc", "-k", "pw"), ARGV_SHORT, 3, "PASSWORD",
	    "pw");
	/* Where the password is, not the password. */
	none(ARGV("openssl", "rsa", "-passin", "env:VAR"));
	none(ARGV("openssl", "rsa", "-passin", "file:/x", "-pass", "fd:3"));
	none(ARGV("openssl", "enc", "-kfile", "/x", "-pass", "stdin"));
}

Test(argvopt, htpasswd)
{
	one(ARGV("htpasswd", "-bc", "/etc/nginx/.htpasswd", "admin", "S3cret"),
	    ARGV_POSITIONAL, 4, "PASSWORD", "S3cret");
	one(ARGV("htpasswd", "-Bb", "f", "u", "p"), ARGV_POSITIONAL, 4,
	    "PASSWORD", "p");
	one(ARGV("htpasswd", "-b", "-B", "f", "u", "p"), ARGV_POSITIONAL, 5,
	    "PASSWORD", "p");
	one(ARGV("htpasswd", "-nb", "admin", "pw"), ARGV_POSITIONAL, 3,
	    "PASSWORD", "pw");
	one(ARGV("htpasswd", "-B", "-C", "12", "-b", "f", "u", "pw"),
	    ARGV_POSITIONAL, 7, "PASSWORD", "pw");
	one(ARGV("htpasswd", "-bC12", "f", "u", "pw"), ARGV_POSITIONAL, 4,
	    "PASSWORD", "pw");
	none(ARGV("htpasswd", "-c", "f", "admin"));
	none(ARGV("htpasswd", "f", "u", "-b")); /* options come first */
	none(ARGV("htpasswd", "-b", "f", "u"));
}

Test(argvopt, registry_login)
{
	one(ARGV("docker", "login", "-u", "u", "-p", "pw", "reg.io"),
	    ARGV_SHORT, 5, "PASSWORD", "pw");
	one(ARGV("podman", "login", "-ppw"), ARGV_SHORT, 2, "PASSWORD", "pw");
	one(ARGV("helm", "registry", "login", "h", "-u", "u", "-p", "pw"),
	    ARGV_SHORT, 7, "PASSWORD", "pw");
	one(ARGV("crane", "auth", "login", "h", "-p", "pw"), ARGV_SHORT, 5,
	    "PASSWORD", "pw");
	one(ARGV("docker", "login", "--password", "pw"), ARGV_LONG_SEP, 3,
	    "PASSWORD", "pw");
	none(ARGV("docker", "run", "-p", "8080:80", "nginx"));
	none(ARGV("docker", "run", "-p8080:80", "nginx"));
	none(ARGV("helm", "install", "-p", "x"));
}

Test(argvopt, more_programs)
{
	struct got g;
	one(ARGV("mongo", "-u", "admin", "-p", "pw", "--authenticationDatabase",
		 "admin"),
	    ARGV_SHORT, 4, "PASSWORD", "pw");
	none(ARGV("mongosh", "-u", "admin", "-p", "--authenticationDatabase",
		  "admin"));
	one(ARGV("sqlcmd", "-S", "h", "-U", "sa", "-P", "pw"), ARGV_SHORT, 6,
	    "PASSWORD", "pw");
	one(ARGV("bcp", "t", "out", "f", "-Ppw"), ARGV_SHORT, 4, "PASSWORD",
	    "pw");
	one(ARGV("xfreerdp", "/v:h", "/u:admin", "/p:pw"), ARGV_SHORT, 3,
	    "PASSWORD", "pw");
	one(ARGV("sdl-freerdp", "/password:pw"), ARGV_SHORT, 1, "PASSWORD",
	    "pw");
	none(ARGV("xfreerdp", "/v:h", "/u:admin", "/p:"));
	one(ARGV("rdesktop", "-u", "a", "-p", "pw", "h"), ARGV_SHORT, 4,
	    "PASSWORD", "pw");
	none(ARGV("rdesktop", "-u", "a", "-p", "-", "h")); /* stdin */
	one(ARGV("zip", "-P", "pw", "a.zip", "f"), ARGV_SHORT, 2, "PASSWORD",
	    "pw");
	one(ARGV("unzip", "-P", "pw", "a.zip"), ARGV_SHORT, 2, "PASSWORD",
	    "pw");
	one(ARGV("7z", "a", "-pS3cret", "x.7z", "f"), ARGV_SHORT, 2, "PASSWORD",
	    "S3cret");
	none(ARGV("7za", "x", "-p", "x.7z"));
	none(ARGV("psql", "-h", "h", "-U", "u", "-W", "db"));
	none(ARGV("pg_dump", "-U", "u", "-p", "5432", "db"));
	walk(&g, ARGV("keytool", "-importkeystore", "-srcstorepass", "changeit",
		      "-deststorepass", "S3cret", "-storepass:env", "V"));
	cr_assert_eq(g.n, 2);
	expect(&g, 0, ARGV_SHORT, 3, "PASSWORD", "changeit");
	expect(&g, 1, ARGV_SHORT, 5, "PASSWORD", "S3cret");
	one(ARGV("ipmitool", "-I", "lanplus", "-H", "h", "-U", "u", "-P", "pw",
		 "power", "status"),
	    ARGV_SHORT, 8, "PASSWORD", "pw");
	walk(&g, ARGV("snmpwalk", "-v3", "-l", "authPriv", "-u", "u", "-a",
		      "SHA", "-A", "authpw", "-x", "AES", "-Xprivpw", "h"));
	cr_assert_eq(g.n, 2);
	expect(&g, 0, ARGV_SHORT, 9, "PASSWORD", "authpw");
	expect(&g, 1, ARGV_SHORT, 12, "PASSWORD", "privpw");
	one(ARGV("snmpget", "-v2c", "-c", "comm", "h"), ARGV_SHORT, 3,
	    "PASSWORD", "comm");
	one(ARGV("mosquitto_pub", "-u", "u", "-P", "pw", "-t", "t"), ARGV_SHORT,
	    4, "PASSWORD", "pw");
	one(ARGV("useradd", "-m", "-p", "$6$salt$hash", "bob"), ARGV_SHORT, 3,
	    "PASSWORD", "$6$salt$hash");
	one(ARGV("lftp", "-u", "user,pw", "sftp://h"), ARGV_USERPASS, 2,
	    "PASSWORD", "pw");
	one(ARGV("nmcli", "dev", "wifi", "connect", "Home", "password", "pw"),
	    ARGV_POSITIONAL, 6, "PASSWORD", "pw");
	walk(&g, ARGV("mount", "-t", "cifs", "-o",
		      "username=u,password=S3cret,vers=3.0", "//h/s", "/mnt"));
	cr_assert_eq(g.n, 3);
	expect(&g, 0, ARGV_ASSIGN, 4, "USERNAME", "u");
	expect(&g, 1, ARGV_ASSIGN, 4, "PASSWORD", "S3cret");
	expect(&g, 2, ARGV_ASSIGN, 4, "VERS", "3.0");
}

Test(argvopt, wrappers)
{
	struct got g;
	one(ARGV("sudo", "-u", "root", "mysql", "-pX"), ARGV_SHORT, 4,
	    "PASSWORD", "X");
	one(ARGV("kubectl", "exec", "-it", "db", "--", "mysql", "-uroot",
		 "-pX"),
	    ARGV_SHORT, 7, "PASSWORD", "X");
	one(ARGV("/usr/bin/docker", "exec", "db", "/usr/bin/mysql", "-pX"),
	    ARGV_SHORT, 4, "PASSWORD", "X");
	one(ARGV("sudo", "timeout", "5", "redis-cli", "-a", "pw"), ARGV_SHORT,
	    5, "PASSWORD", "pw");
	one(ARGV("sudo", "htpasswd", "-bc", "f", "u", "pw"), ARGV_POSITIONAL, 5,
	    "PASSWORD", "pw");
	walk(&g, ARGV("env", "A=b", "mysql", "-pX"));
	cr_assert_eq(g.n, 2);
	expect(&g, 0, ARGV_ASSIGN, 1, "A", "b");
	expect(&g, 1, ARGV_SHORT, 3, "PASSWORD", "X");
	/* Only wrappers hand over: grep's pattern is not a program. */
	none(ARGV("grep", "mysql", "-pX"));
	none(ARGV("bash", "mysql", "-pX"));
	/* Once handed over, the program's own forms only. */
	none(ARGV("sudo", "-u", "mysql", "mysql", "-p", "mysql"));
}

/* The one pair named name, of the given form, among others. */
static void named(const char *const *argv, enum argv_form form, size_t arg,
		  const char *name, const char *value)
{
	struct got g;
	size_t i, found = 0;
	walk(&g, argv);
	for (i = 0; i < g.n; i++)
		if (g.p[i].form == form && !strcmp(g.p[i].name, name)) {
			expect(&g, i, form, arg, name, value);
			found++;
		}
	cr_assert_eq(found, 1, "%zu pairs %s of form %d", found, name, form);
}

/* No pair of the given form. */
static void no_form(const char *const *argv, enum argv_form form)
{
	struct got g;
	size_t i;
	walk(&g, argv);
	for (i = 0; i < g.n; i++)
		cr_assert_neq(g.p[i].form, form, "%s %s: pair %s = %.*s",
			      argv[0], argv[1], g.p[i].name,
			      (int)g.p[i].value_len, g.p[i].value);
}

Test(argvopt, settings)
{
	struct got g;
	one(ARGV("aws", "configure", "set", "aws_secret_access_key",
		 "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
	    ARGV_SETTING, 4, "AWS_SECRET_ACCESS_KEY",
	    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
	/* Options on the way, with and without a value. */
	one(ARGV("aws", "--profile", "dev", "configure", "--profile", "dev",
		 "set", "profile.dev.aws_session_token", "IQoJb3JpZ2luX2Vj"),
	    ARGV_SETTING, 8, "PROFILE_DEV_AWS_SESSION_TOKEN",
	    "IQoJb3JpZ2luX2Vj");
	one(ARGV("aws", "configure", "set", "region", "us-east-1"),
	    ARGV_SETTING, 4, "REGION", "us-east-1");
	one(ARGV("npm", "config", "set", "//registry.npmjs.org/:_authToken",
		 "tok"),
	    ARGV_SETTING, 4, "__REGISTRY_NPMJS_ORG_:_AUTH_TOKEN", "tok");
	walk(&g, ARGV("npm", "--location", "user", "set",
		      "//r.example/:_password=cHc=", "color=false"));
	cr_assert_eq(g.n, 2);
	expect(&g, 0, ARGV_SETTING, 4, "__R_EXAMPLE_:_PASSWORD", "cHc=");
	expect(&g, 1, ARGV_SETTING, 5, "COLOR", "false");
	one(ARGV("npm", "c", "set", "_auth", "dTpw"), ARGV_SETTING, 4, "_AUTH",
	    "dTpw");
	one(ARGV("yarn", "config", "set", "npmAuthToken", "tok"), ARGV_SETTING,
	    4, "NPM_AUTH_TOKEN", "tok");
	named(ARGV("pnpm", "config", "set", "--location=project",
		   "//npm.pkg.github.com/:_authToken", "tok"),
	      ARGV_SETTING, 5, "__NPM_PKG_GITHUB_COM_:_AUTH_TOKEN", "tok");
	one(ARGV("pip", "config", "set", "global.index-url",
		 "https://u:pw@pypi.corp/simple"),
	    ARGV_SETTING, 4, "GLOBAL_INDEX_URL",
	    "https://u:pw@pypi.corp/simple");
	one(ARGV("kubectl", "--kubeconfig", "/k", "config", "set",
		 "users.bob.token", "tok"),
	    ARGV_SETTING, 6, "USERS_BOB_TOKEN", "tok");
	one(ARGV("dotnet", "user-secrets", "set", "Movies:ServiceApiKey", "k",
		 "--project", "p"),
	    ARGV_SETTING, 4, "MOVIES:SERVICE_API_KEY", "k");
	/* Handed over by a wrapper. */
	one(ARGV("sudo", "-E", "aws", "configure", "set",
		 "aws_secret_access_key", "k"),
	    ARGV_SETTING, 6, "AWS_SECRET_ACCESS_KEY", "k");
	/* Already pairs of the generic forms. */
	one(ARGV("kubectl", "config", "set-credentials", "bob", "--token=tok"),
	    ARGV_LONG_EQ, 4, "TOKEN", "tok");
	one(ARGV("kubectl", "config", "set-credentials", "bob", "--password",
		 "pw"),
	    ARGV_LONG_SEP, 5, "PASSWORD", "pw");
	/* Not a setting: other subcommands, words out of place, a value that
	 * is an option, reading a key. */
	none(ARGV("aws", "configure", "get", "aws_secret_access_key"));
	none(ARGV("aws", "s3", "cp", "configure", "set"));
	none(ARGV("npm", "install", "config", "set", "foo", "bar"));
	none(ARGV("npm", "config", "get", "registry"));
	none(ARGV("yarn", "set", "version", "stable"));
	none(ARGV("pip", "install", "config", "set", "a", "b"));
	none(ARGV("kubectl", "get", "config", "set", "a", "b"));
	none(ARGV("kubectl", "config", "set-context", "dev", "--namespace",
		  "x"));
	none(ARGV("aws", "configure", "set", "k", "--profile", "dev"));
	none(ARGV("aws", "configure", "set", "k"));
	none(ARGV("dotnet", "user-secrets", "list", "--project", "p"));
}

Test(argvopt, git_config)
{
	struct got g;
	one(ARGV("git", "config", "--global", "credential.helper", "store"),
	    ARGV_SETTING, 4, "CREDENTIAL_HELPER", "store");
	one(ARGV("git", "-C", "/repo", "config", "set", "--file", "f",
		 "user.password", "pw"),
	    ARGV_SETTING, 8, "USER_PASSWORD", "pw");
	one(ARGV("git", "config", "--replace-all", "a.b", "v", "pattern"),
	    ARGV_SETTING, 4, "A_B", "v");
	/* -c KEY=VALUE before the subcommand; no '=' sets a boolean. */
	walk(&g,
	     ARGV("git", "-c", "user.name=x", "-c", "core.bare", "clone", "u"));
	cr_assert_eq(g.n, 1);
	expect(&g, 0, ARGV_SETTING, 2, "USER_NAME", "x");
	/* An extra header is a header as well as a setting. */
	walk(&g, ARGV("git", "-c", "http.https://h/.extraheader=X-Api-Key: k1",
		      "config", "--global", "http.extraHeader",
		      "AUTHORIZATION: basic eA=="));
	cr_assert_eq(g.n, 4);
	expect(&g, 0, ARGV_SETTING, 2, "HTTP_HTTPS:__H__EXTRAHEADER",
	       "X-Api-Key: k1");
	expect(&g, 1, ARGV_HEADER, 2, "HTTP_X_API_KEY", "k1");
	expect(&g, 2, ARGV_SETTING, 6, "HTTP_EXTRA_HEADER",
	       "AUTHORIZATION: basic eA==");
	expect(&g, 3, ARGV_HEADER, 6, "HTTP_AUTHORIZATION", "basic eA==");
	/* Reading, removing, listing: the second operand is a pattern. */
	none(ARGV("git", "config", "--get", "user.password", "x"));
	none(ARGV("git", "config", "get", "--all", "user.password"));
	none(ARGV("git", "config", "--unset", "credential.helper", "store"));
	none(ARGV("git", "config", "unset", "user.email"));
	none(ARGV("git", "config", "-l", "--show-origin"));
	none(ARGV("git", "config", "core.abbrev", "-1"));
	none(ARGV("git", "commit", "-m", "config set a b"));
	none(ARGV("git", "log", "config", "set"));
}

Test(argvopt, http_headers)
{
	struct got g;
	one(ARGV("curl", "-H", "X-Api-Key: abc123SecretValue", "https://x"),
	    ARGV_HEADER, 2, "HTTP_X_API_KEY", "abc123SecretValue");
	one(ARGV("curl", "-HAuthorization:Bearer t", "https://x"), ARGV_HEADER,
	    1, "HTTP_AUTHORIZATION", "Bearer t");
	one(ARGV("curl", "--header", "Private-Token:\t t", "https://x"),
	    ARGV_HEADER, 2, "HTTP_PRIVATE_TOKEN", "t");
	one(ARGV("curl", "--proxy-header",
		 "Proxy-Authorization: Basic eA==", "https://x"),
	    ARGV_HEADER, 2, "HTTP_PROXY_AUTHORIZATION", "Basic eA==");
	one(ARGV("curl", "-H", "X-Empty:", "https://x"), ARGV_HEADER, 2,
	    "HTTP_X_EMPTY", "");
	/* curl -b: a cookie string holds '='; without, it names a file. */
	walk(&g, ARGV("curl", "-b", "sid=s1; theme=dark", "-b", "jar.txt",
		      "--cookie-jar", "j", "--cookie", "a=b", "https://x"));
	cr_assert_eq(g.n, 2);
	expect(&g, 0, ARGV_HEADER, 2, "HTTP_COOKIE", "sid=s1; theme=dark");
	expect(&g, 1, ARGV_HEADER, 8, "HTTP_COOKIE", "a=b");
	one(ARGV("curl", "--oauth2-bearer", "t", "https://x"), ARGV_SHORT, 2,
	    "PASSWORD", "t");
	one(ARGV("wget", "--header=X-Auth-Token: t", "https://x"), ARGV_HEADER,
	    1, "HTTP_X_AUTH_TOKEN", "t");
	one(ARGV("wget", "-H", "--header", "Cookie: a=b", "https://x"),
	    ARGV_HEADER, 3, "HTTP_COOKIE", "a=b");
	one(ARGV("aria2c", "--header=X-Api-Key: k", "https://x"), ARGV_HEADER,
	    1, "HTTP_X_API_KEY", "k");
	one(ARGV("grpcurl", "-H", "authorization: Bearer t", "h:443", "s/M"),
	    ARGV_HEADER, 2, "HTTP_AUTHORIZATION", "Bearer t");
	one(ARGV("grpcurl", "--rpc-header=x-api-key:k", "h:443", "s/M"),
	    ARGV_HEADER, 1, "HTTP_X_API_KEY", "k");
	one(ARGV("wrk", "-t2", "-H", "X-Api-Key: k", "http://x/"), ARGV_HEADER,
	    3, "HTTP_X_API_KEY", "k");
	one(ARGV("hey", "-H", "X-Api-Key: k", "http://x/"), ARGV_HEADER, 2,
	    "HTTP_X_API_KEY", "k");
	named(ARGV("hey", "-a", "u:pw", "http://x/"), ARGV_USERPASS, 2,
	      "PASSWORD", "pw");
	named(ARGV("ab", "-n", "9", "-A", "u:pw", "-C", "sid=s", "http://x/"),
	      ARGV_USERPASS, 4, "PASSWORD", "pw");
	named(ARGV("ab", "-C", "sid=s", "http://x/"), ARGV_HEADER, 2,
	      "HTTP_COOKIE", "sid=s");
	/* Not headers: a file of headers, no name, a header name that is
	 * not a token, another program's -H. */
	none(ARGV("curl", "-H", "@headers.txt", "https://x"));
	none(ARGV("curl", "-H", ": x", "https://x"));
	none(ARGV("curl", "-H", "X Y: z", "https://x"));
	none(ARGV("curl", "-H", "X-Api-Key;", "https://x"));
	no_form(ARGV("wget", "-H", "https://x"), ARGV_HEADER);
	no_form(ARGV("sort", "-H", "X-Api-Key: k"), ARGV_HEADER);
	no_form(ARGV("grep", "-H", "Authorization: Bearer", "f"), ARGV_HEADER);
}

Test(argvopt, httpie_items)
{
	struct got g;
	walk(&g,
	     ARGV("http", "POST", "example.com:8080/x",
		  "X-Api-Key:abc123SecretValue", "Authorization:Bearer t",
		  "a:=1", "name=v", "localhost:3000", "http://x", "Accept:"));
	cr_assert_eq(g.n, 4);
	expect(&g, 0, ARGV_HEADER, 3, "HTTP_X_API_KEY", "abc123SecretValue");
	expect(&g, 1, ARGV_HEADER, 4, "HTTP_AUTHORIZATION", "Bearer t");
	expect(&g, 2, ARGV_ASSIGN, 6, "NAME", "v");
	expect(&g, 3, ARGV_HEADER, 9, "HTTP_ACCEPT", "");
	one(ARGV("xh", "https://x", "Cookie:sid=s"), ARGV_HEADER, 2,
	    "HTTP_COOKIE", "sid=s");
	one(ARGV("https", "-a", "u:pw", "x.org"), ARGV_USERPASS, 2, "PASSWORD",
	    "pw");
	one(ARGV("http", "--auth=u:pw", "x.org"), ARGV_USERPASS, 1, "PASSWORD",
	    "pw");
	one(ARGV("xh", "--bearer", "t", "x.org"), ARGV_SHORT, 2, "PASSWORD",
	    "t");
	none(ARGV("http", ":3000/api", "localhost:8000", "https://x/a:b"));
	/* Only httpie's operands are items. */
	none(ARGV("echo", "X-Api-Key:abc"));
}

Test(argvopt, name_secret)
{
	static const char *const yes[] = {
		"DB_PASSWORD",	"password",	  "--db-password",
		"PASSWD",	"MYSQL_PWD",	  "passphrase",
		"SECRET",	"secrets",	  "GITHUB_TOKEN",
		"tokens",	"credentials",	  "CREDS",
		"APIKEY",	"api_key",	  "apiKey",
		"ACCESS_KEY",	"private-key",	  "SECRET_KEY",
		"clientSecret", "AUTH_TOKEN",	  "DBPASSWORD",
		"xsrfToken",	"api-keys",	  "pass",
		"--passwd",	"oauth2Secret",	  "bearer",
		"signing-key",	"ENCRYPTION_KEY", "masterKey",
		"session-key",	"authtoken",	  NULL,
	};
	static const char *const no[] = {
		"PWD",
		"pwd",
		"OLDPWD",
		"SSH_AUTH_SOCK",
		"PASSWORD_FILE",
		"password-file",
		"TOKENIZERS_PARALLELISM",
		"KEYBOARD",
		"monkey",
		"no-password",
		"token-path",
		"password-stdin",
		"KEY",
		"ssl-key",
		"AUTH",
		"token-ttl",
		"ask-pass",
		"passwordLength",
		"secret-name",
		"AWS_ACCESS_KEY_ID",
		"passport",
		"bypass",
		"",
		"--",
		"USER",
		"passphrase-fd",
		"discovery-token-ca-cert-hash",
		NULL,
	};
	const char *const *s;
	for (s = yes; *s; s++)
		cr_expect(argvopt_name_secret(*s, strlen(*s)), "%s", *s);
	for (s = no; *s; s++)
		cr_expect(!argvopt_name_secret(*s, strlen(*s)), "%s", *s);
	/* Only len bytes count. */
	cr_expect(argvopt_name_secret("TOKENIZER", 5));
	cr_expect(!argvopt_name_secret("TOKENIZER", 9));
	cr_expect(argvopt_name_secret("PASSWORD_FILE", 8));
}

Test(argvopt, hostile_small)
{
	struct got g;
	cr_assert_eq(argvopt_walk(NULL, 0, collect, &g), 0);
	one(ARGV("", "--password=x"), ARGV_LONG_EQ, 1, "PASSWORD", "x");
	none(ARGV(""));
	none(ARGV("mysql"));
	none(ARGV("app", "--=x", "-=", "=", "-", "--", "", "---x=y", "-D"));
	none(ARGV("mysql", "-p"));
	none(ARGV("app", "--password"));
	none(ARGV("curl", "-u"));
	none(ARGV("openssl", "-passin"));
	/* Invalid UTF-8: a byte outside a name ends it; values are bytes. */
	none(ARGV("app", "--pass\xffword=x", "\xc3=x"));
	one(ARGV("app", "--password=\xff\xfe\xc3"), ARGV_LONG_EQ, 1, "PASSWORD",
	    "\xff\xfe\xc3");
	one(ARGV("app", "X=\xc3("), ARGV_ASSIGN, 1, "X", "\xc3(");
}

Test(argvopt, stop_early)
{
	struct got g;
	const char *const *argv = ARGV("helm", "--set", "a=1,b=2,c=3", "d=4");
	memset(&g, 0, sizeof(g));
	g.argv = argv;
	g.stop_after = 2;
	cr_assert_eq(argvopt_walk((char *const *)argv, 4, collect, &g), 2);
	cr_assert_eq(g.n, 2);
	expect(&g, 1, ARGV_ASSIGN, 2, "B", "2");
	g.n = 0;
	g.stop_after = 1;
	cr_assert_eq(argvopt_walk((char *const *)argv, 4, collect, &g), 1);
	/* No callback: a count. */
	cr_assert_eq(argvopt_walk((char *const *)argv, 4, NULL, NULL), 4);
}

static char *filled(size_t n, char c)
{
	char *s = malloc(n + 1);
	cr_assert_not_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

Test(argvopt, long_names_are_cut)
{
	struct got g;
	char *a = filled(10002, 'a');
	const char *argv[2] = {"app", a};
	a[0] = a[1] = '-';
	a[10000] = '=';
	a[10001] = 'x';
	argvopt_walk((char *const *)argv, 2, collect, &g);
	cr_assert_eq(g.n, 1);
	cr_assert_eq(g.p[0].name_len, ARGV_NAME_MAX - 1);
	cr_assert_eq(strlen(g.p[0].name), ARGV_NAME_MAX - 1);
	cr_assert(g.p[0].name_truncated);
	cr_assert_eq(g.p[0].name[0], 'A');
	cr_assert_eq(g.p[0].value, a + 10001);
	cr_assert_eq(g.p[0].value_len, 1);
	/* A camelCase hump at the edge: never a name past the limit. */
	memset(a + 2, 'a', 200);
	a[2 + 126] = 'B';
	memset(&g, 0, sizeof(g));
	argvopt_walk((char *const *)argv, 2, collect, &g);
	cr_assert_eq(g.p[0].name_len, strlen(g.p[0].name));
	cr_assert_lt(g.p[0].name_len, ARGV_NAME_MAX);
	cr_assert(g.p[0].name_truncated);
	free(a);
}

Test(argvopt, big_argument, .timeout = 10)
{
	struct got g;
	size_t n = 128 * 1024, i;
	char *a = filled(n, 'A'), *set = filled(n, ',');
	const char *argv[4] = {"sudo", a, "--set", set};
	memcpy(a, "--password=", 11);
	memset(&g, 0, sizeof(g));
	for (i = 0; i + 4 <= n; i += 4)
		memcpy(set + i, "a=1,", 4);
	cr_assert_eq(argvopt_walk((char *const *)argv, 2, collect, &g), 1);
	cr_assert_eq(g.p[0].value_len, n - 11);
	cr_assert_eq(argvopt_walk((char *const *)argv, 4, NULL, NULL),
		     1 + n / 4);
	/* A name of 128 KiB and a wrapper's 128 KiB operand. */
	memset(a, 'p', n);
	a[0] = '-';
	a[n - 2] = '=';
	cr_assert_eq(argvopt_walk((char *const *)argv, 2, NULL, NULL), 1);
	a[0] = '/';
	a[n - 2] = 'p';
	cr_assert_eq(argvopt_walk((char *const *)argv, 2, NULL, NULL), 0);
	free(a);
	free(set);
}

/* 100000 arguments in a few shapes; quadratic work would time out. */
Test(argvopt, many_arguments, .timeout = 10)
{
	static const char *const shapes[][3] = {
		{"sudo", "x", "y"},	   {"app", "--password", "v"},
		{"htpasswd", "-b", "-b"},  {"mysql", "-pX", "DB=1"},
		{"docker", "login", "-p"}, {"helm", "--set", "a=1,b=2"},
	};
	static const size_t want[] = {0, 50000, 0, 100000, 49999, 100000};
	size_t n = 100000, i, s;
	const char **argv = malloc((n + 1) * sizeof(*argv));
	cr_assert_not_null(argv);
	for (s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
		argv[0] = shapes[s][0];
		for (i = 1; i <= n; i++)
			argv[i] = shapes[s][1 + (i - 1) % 2];
		cr_expect_eq(
			argvopt_walk((char *const *)argv, n + 1, NULL, NULL),
			want[s], "%s: %zu", shapes[s][0],
			argvopt_walk((char *const *)argv, n + 1, NULL, NULL));
	}
	free(argv);
}
