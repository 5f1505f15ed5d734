/* Unit tests for src/domain/routing.c: twenty tickets over a team with an away member. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/routing.h"

static void test_round_robin_twenty(void **state)
{
	/* Users 3, 5, 8 and 9; 5 is away. */
	struct route_candidate c[] = {{3, true, 0}, {5, false, 0}, {8, true, 0}, {9, true, 0}};
	int counts[4] = {0};
	int64_t last = 0;

	(void)state;
	for (int t = 0; t < 20; t++) {
		int i = route_round_robin(c, 4, last);

		assert_true(i >= 0);
		counts[i]++;
		last = c[i].user_id;
	}
	assert_int_equal(counts[0], 7);
	assert_int_equal(counts[1], 0);
	assert_int_equal(counts[2], 7);
	assert_int_equal(counts[3], 6);
}

static void test_least_open_twenty(void **state)
{
	/* Unequal starting loads: 4, 0 (away), 1, 2 open tickets. */
	struct route_candidate c[] = {{3, true, 4}, {5, false, 0}, {8, true, 1}, {9, true, 2}};
	int counts[4] = {0};

	(void)state;
	for (int t = 0; t < 20; t++) {
		int i = route_least_open(c, 4);

		assert_true(i >= 0);
		counts[i]++;
		c[i].open++;
	}
	/* 27 open in the end, spread 9/9/9 over the three on duty. */
	assert_int_equal(counts[0], 5);
	assert_int_equal(counts[1], 0);
	assert_int_equal(counts[2], 8);
	assert_int_equal(counts[3], 7);
	assert_int_equal(c[0].open, 9);
	assert_int_equal(c[2].open, 9);
	assert_int_equal(c[3].open, 9);
}

static void test_nobody(void **state)
{
	struct route_candidate away[] = {{3, false, 0}, {5, false, 0}};

	(void)state;
	assert_int_equal(route_round_robin(away, 2, 0), -1);
	assert_int_equal(route_least_open(away, 2), -1);
	assert_int_equal(route_round_robin(away, 0, 0), -1);
	/* Wraps around after the last one. */
	struct route_candidate two[] = {{3, true, 0}, {5, true, 0}};

	assert_int_equal(route_round_robin(two, 2, 5), 0);
	assert_int_equal(route_round_robin(two, 2, 4), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_robin_twenty),
	    cmocka_unit_test(test_least_open_twenty),
	    cmocka_unit_test(test_nobody),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
