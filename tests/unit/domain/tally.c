/* Unit tests for src/domain/tally.c: grouping, key order, costs in rupees, and month keys in
 * the business time zone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "base/timefmt.h"
#include "domain/tally.h"

static void test_groups_in_key_order(void **state)
{
	static const struct {
		const char *key, *label;
		double qty;
		int64_t paise;
	} events[] = {
	    {"FARM-B", "Bee Farm", 2.0, 150}, {"FARM-A", "Ay Farm", 1.5, 1000},
	    {"FARM-B", NULL, 0.5, 50},	      {"(none)", NULL, 4.0, 0},
	    {"FARM-A", "renamed", 1.0, 1},
	};
	struct arena a;
	struct tally t;

	(void)state;
	arena_init(&a);
	tally_init(&t, &a);
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		tally_event(tally_row(&t, events[i].key, events[i].label), events[i].qty,
			    events[i].paise);
	tally_sort(&t);
	assert_int_equal(t.n, 3);
	assert_string_equal(t.rows[0].key, "(none)");
	assert_null(t.rows[0].label);
	assert_string_equal(t.rows[1].key, "FARM-A");
	assert_string_equal(t.rows[1].label, "Ay Farm"); /* the label it was made with */
	assert_int_equal(t.rows[1].events, 2);
	assert_true(t.rows[1].qty == 2.5);
	assert_true(t.rows[1].cost == 10.0 + 0.01);
	assert_string_equal(t.rows[2].key, "FARM-B");
	assert_string_equal(t.rows[2].label, "Bee Farm");
	assert_int_equal(t.rows[2].events, 2);
	assert_true(t.rows[2].cost == 1.5 + 0.5);
	arena_free(&a);
}

static void test_many_rows_grow(void **state)
{
	struct arena a;
	struct tally t;
	char key[8];

	(void)state;
	arena_init(&a);
	tally_init(&t, &a);
	for (int i = 99; i >= 0; i--) {
		snprintf(key, sizeof(key), "k%02d", i);
		tally_row(&t, key, NULL)->complaints++;
	}
	tally_row(&t, "k42", NULL)->flags++;
	tally_sort(&t);
	assert_int_equal(t.n, 100);
	assert_string_equal(t.rows[0].key, "k00");
	assert_string_equal(t.rows[99].key, "k99");
	assert_int_equal(t.rows[42].complaints, 1);
	assert_int_equal(t.rows[42].flags, 1);
	arena_free(&a);
}

static void test_month_is_local(void **state)
{
	static const struct {
		const char *instant, *month;
	} cases[] = {
	    {"2026-10-31T18:29:59Z", "2026-10"}, /* 23:59:59 in Kolkata */
	    {"2026-10-31T18:30:00Z", "2026-11"}, /* midnight in Kolkata */
	    {"2026-12-31T20:00:00Z", "2027-01"},
	    {"2026-01-01T00:00:00Z", "2026-01"},
	};
	char m[TALLY_MONTH_LEN];

	(void)state;
	assert_true(tz_set("Asia/Kolkata"));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t t;

		assert_true(instant_parse(cases[i].instant, &t));
		tally_month(t, m);
		assert_string_equal(m, cases[i].month);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_groups_in_key_order),
	    cmocka_unit_test(test_many_rows_grow),
	    cmocka_unit_test(test_month_is_local),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
