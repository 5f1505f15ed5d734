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

/* Twelve hotels with about thirty orders a month each: the one with a few complaints like
 * everyone else is not singled out; the one complaining on a third of its orders is. */
static void test_outlier_among_peers(void **state)
{
	struct complaint_peer peers[11];
	struct complaint_outlier o;
	const struct complaint_peer usual = {3, 30}, loud = {10, 30}, new_one = {3, 2};

	(void)state;
	for (int i = 0; i < 11; i++)
		peers[i] = (struct complaint_peer){i % 4, 28 + i};
	complaint_outlier(&usual, peers, 11, 3, 3.0, &o);
	assert_false(o.repeat);
	assert_int_equal(o.npeers, 11);
	assert_true(o.peer_median > 0.034 && o.peer_median < 0.035); /* 1 in 29 */
	complaint_outlier(&loud, peers, 11, 3, 3.0, &o);
	assert_true(o.repeat);
	complaint_outlier(&new_one, peers, 11, 3, 3.0, &o);
	assert_true(o.repeat); /* three complaints in two orders */
	/* Below the minimum nobody is singled out, however few their orders. */
	complaint_outlier(&(struct complaint_peer){2, 1}, peers, 11, 3, 3.0, &o);
	assert_false(o.repeat);
}

/* Peers who never complain: the floor (one in fifty) stands for their median. */
static void test_outlier_floor_and_no_peers(void **state)
{
	struct complaint_peer quiet[5] = {{0, 20}, {0, 25}, {0, 30}, {0, 10}, {0, 40}};
	struct complaint_outlier o;

	(void)state;
	complaint_outlier(&(struct complaint_peer){3, 100}, quiet, 5, 3, 3.0, &o);
	assert_false(o.repeat); /* 0.03 < 3 x 0.02 */
	complaint_outlier(&(struct complaint_peer){3, 40}, quiet, 5, 3, 3.0, &o);
	assert_true(o.repeat); /* 0.075 >= 0.06 */
	complaint_outlier(&(struct complaint_peer){3, 0}, NULL, 0, 3, 3.0, &o);
	assert_true(o.repeat && o.npeers == 0 && o.peer_median == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_windows),
	    cmocka_unit_test(test_general_is_no_complaint),
	    cmocka_unit_test(test_outlier_among_peers),
	    cmocka_unit_test(test_outlier_floor_and_no_peers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
