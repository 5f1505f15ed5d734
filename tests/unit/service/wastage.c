/* Unit tests for the pure part of src/service/wastage.c: the wastage report's totals, its
 * groups by farm, product and month, and the cap on the events it lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/timefmt.h"
#include "service/wastage.h"

static void test_totals_and_groups(void **state)
{
	int64_t nov, dec;
	struct arena a;
	struct wastage_report rep;

	(void)state;
	assert_true(tz_set("Asia/Kolkata"));
	assert_true(instant_parse("2026-11-30T19:00:00Z", &dec)); /* 1 December, local */
	assert_true(instant_parse("2026-11-30T18:00:00Z", &nov)); /* 30 November, local */
	struct wastage events[] = {
	    {.farm_id = "F-2",
	     .farm_name = "Nashik Greens",
	     .product = "Tomato",
	     .qty = 2,
	     .cost_paise = 5000,
	     .recorded_at = dec},
	    {.farm_id = NULL,
	     .product = "Onion",
	     .qty = 1.5,
	     .cost_paise = 1234,
	     .recorded_at = nov},
	    {.farm_id = "F-1",
	     .farm_name = "Ooty Farms",
	     .product = "Tomato",
	     .qty = 3,
	     .cost_paise = 999,
	     .recorded_at = nov},
	};

	arena_init(&a);
	wastage_report_make(&a, events, 3, &rep);
	assert_int_equal(rep.nitems, 3);
	assert_true(rep.qty == 6.5);
	assert_int_equal(rep.cost_paise, 7233);
	assert_int_equal(rep.by_farm.n, 3);
	assert_string_equal(rep.by_farm.rows[0].key, "(none)");
	assert_null(rep.by_farm.rows[0].label);
	assert_string_equal(rep.by_farm.rows[1].key, "F-1");
	assert_string_equal(rep.by_farm.rows[1].label, "Ooty Farms");
	assert_true(rep.by_farm.rows[1].cost == 9.99);
	assert_int_equal(rep.by_product.n, 2);
	assert_string_equal(rep.by_product.rows[1].key, "Tomato");
	assert_int_equal(rep.by_product.rows[1].events, 2);
	assert_true(rep.by_product.rows[1].qty == 5);
	assert_int_equal(rep.by_month.n, 2);
	assert_string_equal(rep.by_month.rows[0].key, "2026-11");
	assert_int_equal(rep.by_month.rows[0].events, 2);
	assert_string_equal(rep.by_month.rows[1].key, "2026-12");
	arena_free(&a);
}

static void test_lists_at_most_the_cap(void **state)
{
	enum { N = WASTAGE_LISTED + 7 };
	static struct wastage events[N];
	struct arena a;
	struct wastage_report rep;

	(void)state;
	for (int i = 0; i < N; i++)
		events[i] = (struct wastage){.product = "Okra", .qty = 1, .cost_paise = 100};
	arena_init(&a);
	wastage_report_make(&a, events, N, &rep);
	assert_int_equal(rep.nitems, WASTAGE_LISTED);
	assert_true(rep.qty == N); /* the totals count every event */
	assert_int_equal(rep.by_product.rows[0].events, N);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_totals_and_groups),
	    cmocka_unit_test(test_lists_at_most_the_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
