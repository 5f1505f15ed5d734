/* Unit tests for src/store/count_memo.c: a capped count is remembered by its exact key for
 * COUNT_MEMO_NS, and then forgotten; the slots are reused, the longest kept first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "store/count_memo.h"

#define SEC 1000000000ULL

static bool capped(const char *key, uint64_t now)
{
	return count_memo_capped(key, strlen(key), now);
}

static void add(const char *key, uint64_t now)
{
	count_memo_add(key, strlen(key), now);
}

static void test_kept_for_a_minute_by_its_exact_key(void **state)
{
	(void)state;
	count_memo_clear();
	assert_false(capped("count|t6:tomato", 10 * SEC));
	add("count|t6:tomato", 10 * SEC);
	assert_true(capped("count|t6:tomato", 10 * SEC));
	assert_true(capped("count|t6:tomato", 10 * SEC + COUNT_MEMO_NS - 1));
	/* another key, one a prefix of it, one longer */
	assert_false(capped("count|t5:onion", 11 * SEC));
	assert_false(capped("count|t6:tomat", 11 * SEC));
	assert_false(capped("count|t6:tomato|i1", 11 * SEC));
	/* a minute on it is read again, and stays forgotten */
	assert_false(capped("count|t6:tomato", 10 * SEC + COUNT_MEMO_NS));
	assert_false(capped("count|t6:tomato", 11 * SEC));
	/* a key with a NUL in it is compared whole */
	count_memo_add("a\0b", 3, 20 * SEC);
	assert_true(count_memo_capped("a\0b", 3, 20 * SEC));
	assert_false(count_memo_capped("a\0c", 3, 20 * SEC));
}

static void test_too_long_a_key_is_not_kept(void **state)
{
	char key[COUNT_MEMO_KEY + 2];

	(void)state;
	count_memo_clear();
	memset(key, 'k', sizeof(key));
	count_memo_add(key, COUNT_MEMO_KEY + 1, SEC);
	assert_false(count_memo_capped(key, COUNT_MEMO_KEY + 1, SEC));
	count_memo_add(key, COUNT_MEMO_KEY, SEC);
	assert_true(count_memo_capped(key, COUNT_MEMO_KEY, SEC));
}

static void test_full_slots_give_up_the_longest_kept(void **state)
{
	char key[32];

	(void)state;
	count_memo_clear();
	for (int i = 0; i < COUNT_MEMO_SLOTS; i++) {
		snprintf(key, sizeof(key), "count %d", i);
		add(key, SEC + (uint64_t)i);
	}
	add("count new", 2 * SEC);
	assert_false(capped("count 0", 2 * SEC));
	assert_true(capped("count 1", 2 * SEC));
	assert_true(capped("count new", 2 * SEC));
	snprintf(key, sizeof(key), "count %d", COUNT_MEMO_SLOTS - 1);
	assert_true(capped(key, 2 * SEC));
	/* the same key again takes its own slot, not another's */
	add("count new", 3 * SEC);
	assert_true(capped("count 1", 3 * SEC));
	/* an expired slot is taken before the oldest fresh one */
	add("count later", SEC + COUNT_MEMO_NS + 5);
	assert_true(capped("count new", SEC + COUNT_MEMO_NS + 5));
	assert_true(capped("count later", SEC + COUNT_MEMO_NS + 5));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kept_for_a_minute_by_its_exact_key),
	    cmocka_unit_test(test_too_long_a_key_is_not_kept),
	    cmocka_unit_test(test_full_slots_give_up_the_longest_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
