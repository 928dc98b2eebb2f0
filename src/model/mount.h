/* One mount as /proc/PID/mountinfo describes it (proc(5)); parsed by
 * proc/mountinfo.c, held per mount namespace in model/nstab.h. */
#ifndef MODEL_MOUNT_H
#define MODEL_MOUNT_H

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

/* Free an entry's strings; it is left empty. */
void mount_entry_release(struct mount_entry *e);
/* Release n entries and the array. */
void mount_entries_free(struct mount_entry *e, size_t n);

#endif
