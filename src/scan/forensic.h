/* Helpers the forensic-indicator judges share (exe, anon-exec-memory,
 * deleted-lib-mapped, loader-hijack, anti-forensics-env, name-spoofing,
 * traced, deleted-file-held, crypto-miner): where a path lies (a
 * temporary directory, a hidden one, the system's own), names, and the
 * start of a finding (which the container judges, shell-in-container and
 * package-manager-in-container, use too). Pure: paths are judged as
 * text, never looked up. */
#ifndef SCAN_FORENSIC_H
#define SCAN_FORENSIC_H

#include <stdbool.h>
#include <stddef.h>

#include "model/finding.h"
#include "model/psnap.h"

/* Longest string a forensic fact copies (a path, a variable's value):
 * an output line must not grow with what a process put in its memory. */
#define FORENSIC_FACT_MAX 512

/* Whether s is a process with memory, files and an environment of its
 * own: not a kernel thread, not a zombie (whose facets are empty). */
bool forensic_userland(const struct psnap *s);
/* The more() of the judges of memory (anon-exec-memory,
 * deleted-lib-mapped): maps and the exe of every userland process (the
 * snapshot reads them once for both). */
unsigned forensic_more_maps(const struct psnap *s);

/* Whether the len bytes at path name /tmp, /var/tmp or /dev/shm or
 * something below them (world-writable staging places). "/tmpfoo" is
 * not /tmp. Repeated slashes count as one. */
bool forensic_in_tmp(const char *path, size_t len);
/* Whether a component of path starts with '.' (but is not "." or
 * ".."): a hidden file or directory. */
bool forensic_hidden(const char *path, size_t len);
/* Whether path has a "." or ".." component (a path that walks around
 * to hide where it ends). */
bool forensic_dotdot(const char *path, size_t len);
/* Whether path lies below a directory of the system's packages: /usr,
 * /bin, /sbin, /lib, /lib32, /lib64, /libx32, /snap, /nix/store. */
bool forensic_sys_dir(const char *path, size_t len);

/* The last component of the len bytes at path (all of it without a
 * '/'); *blen gets its length. Borrowed. */
const char *forensic_base(const char *path, size_t len, size_t *blen);

/* The exe link of s without its " (deleted)" suffix: NULL when EXE was
 * not read or the process has none (a kernel thread, a zombie). *len
 * gets the length, *deleted whether the suffix was there. Borrowed. */
const char *forensic_exe(const struct psnap *s, size_t *len, bool *deleted);

/* Whether s maps a file whose name starts with prefix ("libjvm.so"). */
bool forensic_maps_lib(const struct psnap *s, const char *prefix);
/* Whether s is a Java virtual machine: its exe is java (not from a
 * temporary place or deleted), or it maps libjvm.so. */
bool forensic_jvm(const struct psnap *s);

/* Whether the len bytes at a equal the NUL-terminated b. */
bool forensic_eq(const char *a, size_t len, const char *b);
/* Whether the len bytes at a start with the NUL-terminated b. */
bool forensic_prefix(const char *a, size_t len, const char *b);
/* The first occurrence of needle (NUL-terminated, lower case ASCII) in
 * the len bytes at hay, ignoring ASCII case; NULL when absent. */
const char *forensic_find_nocase(const char *hay, size_t len,
				 const char *needle);

/* A new finding in out about process s (its pid, comm, container filled):
 * kind indicator, judge, rule (static strings), severity and confidence;
 * where is copied. */
struct finding *forensic_finding(struct findings *out, const struct psnap *s,
				 const char *judge, const char *rule,
				 enum severity sev, enum confidence conf,
				 const char *where);
/* finding_fact_str with the value cut at FORENSIC_FACT_MAX bytes. */
void forensic_fact(struct finding *f, const char *key, const char *s,
		   size_t len);
/* The message: printf-style, one line. */
void forensic_message(struct finding *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
