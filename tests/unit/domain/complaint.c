/* Unit tests for src/domain/complaint.c: which tickets count, the windows, and the repeat
 * complainer threshold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/complaint.h"

#define DAY 86400

static void test_windows(void **state)
{
	const int64_t now = 1800000000;
	static const struct {
		const char *group;
		int64_t age; /* seconds before now */
	} tickets[] = {
	    {"quality", 0},	     {"order", 30 * DAY},
	    {"general", DAY},	     {"returns", 30 * DAY + 1},
	    {"quality", 60 * DAY},   {"quality", 90 * DAY},
	    {"order", 90 * DAY + 1}, {"general", 400 * DAY},
	};
	struct complaint_counts c = {0};

	(void)state;
	for (size_t i = 0; i < sizeof(tickets) / sizeof(tickets[0]); i++)
		complaint_count(&c, tickets[i].group, now - tickets[i].age, now, 45);
	assert_int_equal(c.tickets, 8);
	assert_int_equal(c.last_30d, 2);    /* now and exactly 30 days ago */
	assert_int_equal(c.last_90d, 5);    /* ... and up to exactly 90 days ago */
	assert_int_equal(c.last_window, 3); /* 45 days */
	assert_true(complaint_repeat(&c, 3));
	assert_false(complaint_repeat(&c, 4));
}

static void test_general_is_no_complaint(void **state)
{
	struct complaint_counts c = {0};

	(void)state;
	assert_false(complaint_is("general"));
	assert_true(complaint_is("quality"));
	assert_true(complaint_is("order"));
	complaint_count(&c, "general", 100, 100, 90);
	assert_int_equal(c.tickets, 1);
	assert_int_equal(c.last_window, 0);
	assert_false(complaint_repeat(&c, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_windows),
	    cmocka_unit_test(test_general_is_no_complaint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
