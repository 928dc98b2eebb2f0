/* Names for controlling terminals from stat's tty_nr, without touching
 * /dev (libproc2's lookup costs a failed open per process). */
#ifndef PROC_TTY_H
#define PROC_TTY_H

#include <stddef.h>

/* Write the name of device tty_nr ("pts/3", "tty1", "ttyS0", "console",
 * or "MAJ:MIN" for others) into buf. tty_nr 0 gives "". */
void proc_tty_name(int tty_nr, char *buf, size_t size);

#endif
