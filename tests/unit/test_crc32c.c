/* Tests for util/crc32c: the published check value, RFC 3720's vectors,
 * chaining, and the table against the polynomial bit by bit. */
#include <criterion/criterion.h>

#include <string.h>

#include "util/crc32c.h"

Test(crc32c, check_value)
{
	cr_assert_eq(crc32c_update(0, "123456789", 9), 0xe3069283u);
	cr_assert_eq(crc32c_update(0, "", 0), 0);
	cr_assert_eq(crc32c_update(0x12345678u, NULL, 0), 0x12345678u);
}

/* RFC 3720 appendix B.4. */
Test(crc32c, rfc3720_vectors)
{
	uint8_t buf[32];

	memset(buf, 0, sizeof(buf));
	cr_assert_eq(crc32c_update(0, buf, 32), 0x8a9136aau);
	memset(buf, 0xff, sizeof(buf));
	cr_assert_eq(crc32c_update(0, buf, 32), 0x62a8ab43u);
	for (int i = 0; i < 32; i++)
		buf[i] = (uint8_t)i;
	cr_assert_eq(crc32c_update(0, buf, 32), 0x46dd794eu);
	for (int i = 0; i < 32; i++)
		buf[i] = (uint8_t)(31 - i);
	cr_assert_eq(crc32c_update(0, buf, 32), 0x113fdb5cu);
}

/* etcd chains one record's CRC into the next. */
Test(crc32c, chains)
{
	uint32_t c = crc32c_update(0, "1234", 4);

	cr_assert_eq(crc32c_update(c, "56789", 5), 0xe3069283u);
}

Test(crc32c, table)
{
	for (unsigned i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0x82f63b78u : c >> 1;
		cr_assert_eq(crc32c_table_entry((uint8_t)i), c, "entry %u", i);
	}
}
