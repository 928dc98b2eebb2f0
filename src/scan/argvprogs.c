/* The program table: which options of which programs take a password or
 * an HTTP header, and which commands store a setting given as KEY VALUE. */
#include "scan/argvprogs.h"

#include <stddef.h>
#include <string.h>

#define S ARGV_SHORT
#define H ARGV_HEADER
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
	{"--header", O_SEP | O_ANY, H, ':'},
	{"--proxy-header", O_SEP | O_ANY, H, ':'},
	{"-H", GETOPT, H, ':'},
	{"--cookie", O_SEP | O_ANY, H, '='},
	{"-b", GETOPT, H, '='},
	{"--oauth2-bearer", O_SEP | O_ANY, S, 0},
	END};
static const struct prog_opt o_header[] = {
	{"--header", O_SEP | O_EQ | O_ANY, H, ':'},
	{"-H", GETOPT, H, ':'},
	END};
/* wget's -H is --span-hosts. */
static const struct prog_opt o_wget[] = {
	{"--header", O_SEP | O_EQ | O_ANY, H, ':'}, END};
static const struct prog_opt o_grpcurl[] = {
	{"-H", O_SEP | O_EQ | O_ANY, H, ':'},
	{"-rpc-header", O_SEP | O_EQ | O_ANY, H, ':'},
	{"-reflect-header", O_SEP | O_EQ | O_ANY, H, ':'},
	END};
static const struct prog_opt o_ab[] = {{"-H", GETOPT, H, ':'},
				       {"-C", GETOPT, H, '='},
				       {"-A", GETOPT, ARGV_USERPASS, ':'},
				       {"-P", GETOPT, ARGV_USERPASS, ':'},
				       END};
static const struct prog_opt o_hey[] = {
	{"-H", O_SEP | O_EQ | O_ANY, H, ':'},
	{"-a", O_SEP | O_EQ | O_ANY, ARGV_USERPASS, ':'},
	END};
static const struct prog_opt o_httpie[] = {
	{"--auth", O_SEP | O_EQ | O_ANY, ARGV_USERPASS, ':'},
	{"-a", GETOPT, ARGV_USERPASS, ':'},
	{"--bearer", O_SEP | O_EQ | O_ANY, S, 0}, /* xh */
	END};
static const struct prog_opt o_git[] = {{"-c", O_SEP, ARGV_SETTING, '='}, END};
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
#undef H
#undef END
#undef GETOPT

/* Each row: the basenames that share a set of options. */
#define NAMES(...) ((const char *const[]){__VA_ARGS__, NULL})

/* KEY VALUE operands after subcommand words, with the options that take
 * a value on the way (global ones included). */
static const struct prog_set set_aws = {
	NAMES("configure", "set"),
	NAMES("--profile", "--region", "--output", "--endpoint-url", "--query",
	      "--ca-bundle", "--cli-read-timeout", "--cli-connect-timeout",
	      "--color", "--cli-binary-format"),
	NULL, 0};
static const char *const npm_valopts[] = {"--userconfig", "--globalconfig",
					  "--prefix",	  "--registry",
					  "--location",	  "-L",
					  "--cache",	  "--workspace",
					  "-w",		  "--loglevel",
					  "--cwd",	  "--dir",
					  "-C",		  NULL};
/* npm config set, npm c set, npm set; npm also takes KEY=VALUE. */
static const struct prog_set set_npm = {NAMES("?config|c", "set"), npm_valopts,
					NULL, SET_EQ};
static const struct prog_set set_yarn = {NAMES("config|c", "set"), npm_valopts,
					 NULL, SET_EQ};
static const struct prog_set set_pip = {
	NAMES("config", "set"),
	NAMES("--log", "--proxy", "--retries", "--timeout", "--exists-action",
	      "--trusted-host", "--cert", "--client-cert", "--cache-dir",
	      "--python", "--editor", "--use-feature", "--use-deprecated"),
	NULL, 0};
static const struct prog_set set_kubectl = {
	NAMES("config", "set"),
	NAMES("--kubeconfig", "--context", "--cluster", "--user", "-n",
	      "--namespace", "-s", "--server", "--as", "--as-group", "--as-uid",
	      "--certificate-authority", "--client-certificate", "--client-key",
	      "--request-timeout", "--tls-server-name", "--cache-dir", "-v",
	      "--v"),
	NULL, 0};
/* git config [opts] KEY VALUE and git config set [opts] KEY VALUE; the
 * other modes read or remove a key, and their second operand is a
 * pattern. */
static const struct prog_set set_git = {
	NAMES("config", "?set"),
	NAMES("-C", "--git-dir", "--work-tree", "--namespace", "--config-env",
	      "-f", "--file", "--blob", "--type", "--default", "--comment",
	      "--value", "--url"),
	NAMES("--get", "--get-all", "--get-regexp", "--get-urlmatch", "--unset",
	      "--unset-all", "-l", "--list", "--remove-section",
	      "--rename-section", "-e", "--edit", "--get-color",
	      "--get-colorbool", "get", "unset", "list", "edit",
	      "rename-section", "remove-section"),
	0};
static const struct prog_set set_dotnet = {
	NAMES("user-secrets", "set"),
	NAMES("-p", "--project", "--id", "-c", "--configuration"), NULL, 0};

static const struct prog progs[] = {
	{NAMES("mysql", "mysqldump", "mysqladmin", "mysqlimport", "mysqlcheck",
	       "mysqlshow", "mysqlslap", "mysqlbinlog", "mysqlpump", "mariadb",
	       "mariadb-dump", "mariadb-admin", "mariadb-import",
	       "mariadb-check", "mariadb-show", "mariadb-slap",
	       "mariadb-binlog"),
	 o_mysql, P_NO_SEP, NULL},
	{NAMES("sshpass"), o_sshpass, P_WRAPPER, NULL},
	{NAMES("redis-cli", "redis-benchmark"), o_redis, 0, NULL},
	{NAMES("ldapsearch", "ldapmodify", "ldapadd", "ldapdelete",
	       "ldapwhoami", "ldappasswd", "ldapcompare", "ldapmodrdn",
	       "ldapexop"),
	 o_ldap, 0, NULL},
	{NAMES("curl"), o_curl, 0, NULL},
	{NAMES("wget", "aria2c"), o_wget, 0, NULL},
	{NAMES("wrk", "siege"), o_header, 0, NULL},
	{NAMES("grpcurl"), o_grpcurl, P_DASH2, NULL},
	{NAMES("ab"), o_ab, 0, NULL},
	{NAMES("hey"), o_hey, 0, NULL},
	{NAMES("http", "https", "xh", "xhs"), o_httpie, P_HTTPIE, NULL},
	{NAMES("aws"), NULL, 0, &set_aws},
	{NAMES("npm"), NULL, 0, &set_npm},
	{NAMES("pnpm", "yarn"), NULL, 0, &set_yarn},
	{NAMES("pip", "pip3"), NULL, 0, &set_pip},
	{NAMES("git"), o_git, 0, &set_git},
	{NAMES("dotnet"), NULL, 0, &set_dotnet},
	{NAMES("smbclient", "rpcclient", "smbcacls", "smbget", "net"), o_smb, 0,
	 NULL},
	{NAMES("smbmap"), o_smbmap, 0, NULL},
	{NAMES("openssl"), o_openssl, P_DASH2, NULL},
	{NAMES("htpasswd"), NULL, P_HTPASSWD, NULL},
	{NAMES("docker", "podman", "nerdctl", "buildah"), o_login, P_WRAPPER,
	 NULL},
	{NAMES("skopeo", "helm", "oras", "crane"), o_login, 0, NULL},
	{NAMES("mongo", "mongosh", "mongodump", "mongorestore", "mongoexport",
	       "mongoimport", "mongostat", "mongotop"),
	 o_mongo, 0, NULL},
	{NAMES("sqlcmd", "bcp", "osql"), o_mssql, 0, NULL},
	{NAMES("xfreerdp", "wlfreerdp", "sdl-freerdp"), o_freerdp, 0, NULL},
	{NAMES("rdesktop"), o_rdesktop, 0, NULL},
	{NAMES("zip", "unzip"), o_zip, 0, NULL},
	{NAMES("7z", "7za", "7zr", "7zz"), o_7z, 0, NULL},
	{NAMES("keytool"), o_keytool, 0, NULL},
	{NAMES("jarsigner"), o_jarsigner, 0, NULL},
	{NAMES("ipmitool"), o_ipmitool, 0, NULL},
	{NAMES("snmpwalk", "snmpbulkwalk", "snmpget", "snmpgetnext",
	       "snmpbulkget", "snmpset", "snmptable", "snmptrap", "snmpinform",
	       "snmpstatus", "snmpdelta", "snmpdf"),
	 o_snmp, 0, NULL},
	{NAMES("mosquitto_pub", "mosquitto_sub", "mosquitto_rr"), o_mosquitto,
	 0, NULL},
	{NAMES("useradd", "usermod", "groupadd", "groupmod"), o_useradd, 0,
	 NULL},
	{NAMES("lftp"), o_lftp, 0, NULL},
	{NAMES("mount", "mount.cifs", "mount.smb3"), o_mount, 0, NULL},
	{NAMES("nmcli"), o_nmcli, 0, NULL},
	{NAMES("env", "sudo", "doas", "nohup", "timeout", "nice", "ionice",
	       "stdbuf", "setsid", "chrt", "taskset", "runuser", "time",
	       "watch", "xargs", "ssh", "chroot", "nsenter", "unshare", "flock",
	       "strace", "ltrace", "busybox", "tini", "dumb-init", "gosu",
	       "su-exec"),
	 NULL, P_WRAPPER, NULL},
	{NAMES("kubectl", "oc"), NULL, P_WRAPPER, &set_kubectl},
};

#undef NAMES

/* The row naming a's basename, if any. A wrapper looks up each of its
 * operands, so this is the walk's inner loop: a first-byte test before
 * each strcmp. */
const struct prog *prog_find(const char *a)
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
