/* tty_nr decoding. */
#include <criterion/criterion.h>

#include "proc/tty.h"

static void is(int nr, const char *want)
{
	char buf[32];
	proc_tty_name(nr, buf, sizeof(buf));
	cr_assert_str_eq(buf, want, "tty_nr %#x", nr);
}

Test(tty, names)
{
	is(0, "");
	is((136 << 8) | 3, "pts/3");
	is((137 << 8) | 1, "pts/257");
	is((136 << 8) | 0x12 | (1 << 20), "pts/274"); /* minor 0x112 */
	is((4 << 8) | 1, "tty1");
	is((4 << 8) | 64, "ttyS0");
	is((5 << 8) | 1, "console");
	is((5 << 8) | 0, "tty");
	is((204 << 8) | 64, "204:64");
	is(-1, "4095:1048575");
}
