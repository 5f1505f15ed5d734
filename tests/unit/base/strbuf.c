/* Unit tests for src/base/strbuf.c: growth, the cap, detach. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/strbuf.h"

static void test_grow_and_format(void **state)
{
	struct strbuf sb;

	(void)state;
	strbuf_init(&sb, 0);
	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");
	for (int i = 0; i < 1000; i++)
		assert_int_equal(strbuf_addf(&sb, "%d,", i % 10), 0);
	assert_int_equal(sb.len, 2000);
	assert_int_equal(strlen(sb.buf), 2000);
	assert_memory_equal(sb.buf, "0,1,2,", 6);
	strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
}

static void test_cap(void **state)
{
	static const struct {
		size_t max, first, second;
		int second_ok;
	} cases[] = {
	    {10, 5, 5, 1}, {10, 5, 6, 0}, {10, 10, 0, 1}, {10, 0, 11, 0}, {1, 1, 1, 0},
	};
	char chunk[32];

	(void)state;
	memset(chunk, 'x', sizeof(chunk));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb;

		strbuf_init(&sb, cases[i].max);
		assert_int_equal(strbuf_add(&sb, chunk, cases[i].first),
				 cases[i].first <= cases[i].max ? 0 : -1);
		int rc = strbuf_add(&sb, chunk, cases[i].second);

		assert_int_equal(rc == 0, cases[i].second_ok);
		assert_int_equal(sb.toobig, !cases[i].second_ok);
		/* A refused append leaves the buffer as it was. */
		assert_true(sb.len <= cases[i].max);
		strbuf_release(&sb);
	}
}

static void test_detach(void **state)
{
	struct strbuf sb;
	size_t len;

	(void)state;
	strbuf_init(&sb, 0);
	char *empty = strbuf_detach(&sb, &len);

	assert_int_equal(len, 0);
	assert_string_equal(empty, "");
	free(empty);
	strbuf_puts(&sb, "hello");
	char *p = strbuf_detach(&sb, &len);

	assert_int_equal(len, 5);
	assert_string_equal(p, "hello");
	assert_int_equal(sb.len, 0);
	free(p);
	strbuf_release(&sb);
}

static void test_str_eq(void **state)
{
	struct str s = {"abcdef", 3};

	(void)state;
	assert_true(str_eq(s, "abc"));
	assert_false(str_eq(s, "abcd"));
	assert_false(str_eq(s, "ab"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_grow_and_format),
	    cmocka_unit_test(test_cap),
	    cmocka_unit_test(test_detach),
	    cmocka_unit_test(test_str_eq),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
