/* Unit tests for src/http/gzip.c: which Accept-Encoding values accept gzip (RFC 9110 12.5.3),
 * and that a compressed reply inflates back to the same bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "http/gzip.h"

static void test_accepted(void **state)
{
	(void)state;
	assert_true(gzip_accepted("gzip"));
	assert_true(gzip_accepted("gzip, deflate, br"));
	assert_true(gzip_accepted("br;q=1.0, GZIP;q=0.5"));
	assert_true(gzip_accepted("x-gzip"));
	assert_true(gzip_accepted("*"));
	assert_true(gzip_accepted("deflate, *;q=0.1"));
	assert_false(gzip_accepted(NULL));
	assert_false(gzip_accepted(""));
	assert_false(gzip_accepted("identity"));
	assert_false(gzip_accepted("br, deflate"));
	assert_false(gzip_accepted("gzip;q=0"));
	assert_false(gzip_accepted("gzip; q=0.000, *")); /* refused by name beats the star */
	assert_false(gzip_accepted("*;q=0"));
	assert_false(gzip_accepted("gzipx, xgzip"));
}

static void test_round_trip(void **state)
{
	char json[8192], back[8192];
	size_t n = 0, zlen = 0;

	(void)state;
	while (n + 64 < sizeof(json))
		n += (size_t)snprintf(json + n, sizeof(json) - n,
				      "{\"ticket_id\":%zu,\"status\":\"in_progress\"},", n);
	char *z = gzip_compress(json, n, &zlen);

	assert_non_null(z);
	assert_true(zlen < n / 4);
	assert_int_equal((unsigned char)z[0], 0x1f); /* the gzip magic */
	assert_int_equal((unsigned char)z[1], 0x8b);
	z_stream s = {0};

	assert_int_equal(inflateInit2(&s, 15 + 16), Z_OK);
	s.next_in = (Bytef *)z;
	s.avail_in = (uInt)zlen;
	s.next_out = (Bytef *)back;
	s.avail_out = sizeof(back);
	assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
	assert_int_equal(s.total_out, n);
	assert_memory_equal(back, json, n);
	inflateEnd(&s);
	free(z);
}

static void test_incompressible_is_left_alone(void **state)
{
	unsigned char noise[2048];
	size_t zlen;
	uint32_t x = 2463534242u;

	(void)state;
	for (size_t i = 0; i < sizeof(noise); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		noise[i] = (unsigned char)x;
	}
	assert_null(gzip_compress((const char *)noise, sizeof(noise), &zlen));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_accepted),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_incompressible_is_left_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
