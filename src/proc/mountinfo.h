/* Parser for /proc/PID/mountinfo (proc(5)). Pure: no I/O. */
#ifndef PROC_MOUNTINFO_H
#define PROC_MOUNTINFO_H

#include <stddef.h>

struct mount_entry {
	int id, parent_id;
	unsigned major, minor;
	char *root;	     /* owned: field 4, octal escapes (\040) decoded */
	char *mount_point;   /* owned: field 5, decoded */
	char *options;	     /* owned: per-mount options ("rw,noatime") */
	char *optional;	     /* owned: optional fields ("shared:1 master:2"),
			      * "" when none */
	char *fstype;	     /* owned: filesystem type ("ext4", "overlay") */
	char *source;	     /* owned: mount source, decoded ("/dev/sda1") */
	char *super_options; /* owned */
};

/* Parse one line (len bytes, no newline needed, may be hostile) into out,
 * which the caller releases with mount_entry_release. Returns 0 or
 * -EINVAL (out is then left empty). */
int proc_mountinfo_parse_line(const char *line, size_t len,
			      struct mount_entry *out);
void mount_entry_release(struct mount_entry *e);

/* All lines of a mountinfo file into a new array (*out, *n), skipping
 * lines that do not parse (counted in *bad, may be NULL). The caller frees
 * with mount_entries_free. */
void proc_mountinfo_parse(const char *buf, size_t len, struct mount_entry **out,
			  size_t *n, size_t *bad);
void mount_entries_free(struct mount_entry *e, size_t n);

#endif
