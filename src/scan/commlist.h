/* Lists of process names (comm) that several judges share: shells,
 * interpreters, container runtimes, package managers, network tools and
 * server daemons, after Falco's macros where one exists. A comm is the
 * kernel's, cut at 15 bytes: entries longer than that are written cut.
 * Pure. */
#ifndef SCAN_COMMLIST_H
#define SCAN_COMMLIST_H

#include <stdbool.h>

/* A NULL-terminated list of patterns: "bash" matches that comm alone,
 * "containerd-shim*" any comm starting with it, "python#" the name
 * followed by nothing or by a version made of digits and dots only
 * ("python3", "python3.11", not "pythonista"). */
extern const char *const commlist_shells[];	  /* Falco shell_binaries */
extern const char *const commlist_interpreters[]; /* script interpreters */
extern const char *const commlist_runtimes[];	  /* container_entrypoint */
extern const char *const commlist_inits[];	  /* tini, dumb-init... */
extern const char *const commlist_pkgmgrs[];	  /* package_mgmt_binaries */
extern const char *const commlist_nettools[];	  /* nc, socat, curl... */
extern const char *const commlist_daemons[];	  /* web, database and
						   * language-runtime servers */

/* Whether comm (NUL-terminated, raw bytes; NULL is no match) matches a
 * pattern of list. */
bool commlist_match(const char *const *list, const char *comm);

#endif
