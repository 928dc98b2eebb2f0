/* The program table: which options of which programs take a password. */
#include "scan/argvprogs.h"

#include <stddef.h>
#include <string.h>

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
