/* tty_nr decoding: Documentation/admin-guide/devices.txt majors. */
#include "proc/tty.h"

#include <stdio.h>

void proc_tty_name(int tty_nr, char *buf, size_t size)
{
	/* stat's tty_nr packs minor bits 31..20 and 7..0, major 15..8. */
	unsigned v = (unsigned)tty_nr;
	unsigned major = (v >> 8) & 0xfff;
	unsigned minor = (v & 0xff) | ((v >> 12) & 0xfff00);
	if (!tty_nr)
		snprintf(buf, size, "%s", "");
	else if (major >= 136 && major <= 143)
		snprintf(buf, size, "pts/%u", (major - 136) * 256 + minor);
	else if (major == 4 && minor < 64)
		snprintf(buf, size, "tty%u", minor);
	else if (major == 4)
		snprintf(buf, size, "ttyS%u", minor - 64);
	else if (major == 5 && minor == 0)
		snprintf(buf, size, "tty");
	else if (major == 5 && minor == 1)
		snprintf(buf, size, "console");
	else
		snprintf(buf, size, "%u:%u", major, minor);
}
