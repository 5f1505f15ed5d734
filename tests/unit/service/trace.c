/* Unit tests for the pure part of src/service/trace.c: the batch investigation's grouping of
 * tickets and deliveries by customer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "service/trace.h"

static void test_groups_by_customer(void **state)
{
	/* Oldest first, as the store reads them. */
	struct complaint tickets[] = {
	    {.ticket_id = 1, .customer_id = "ZC-2", .customer_name = "Taj"},
	    {.ticket_id = 2, .customer_id = NULL, .customer_name = "Walk-in"},
	    {.ticket_id = 3, .customer_id = "ZC-1", .customer_name = "Leela"},
	    {.ticket_id = 4, .customer_id = "ZC-2", .customer_name = "Taj Palace"},
	    {.ticket_id = 5, .customer_id = NULL, .customer_name = NULL},
	    {.ticket_id = 6, .customer_id = NULL, .customer_name = "Walk-in"},
	};
	/* By customer id, as the store reads them. */
	const struct batch_delivery deliveries[] = {
	    {"ZC-1", "Leela", "hotel", "SO-1", 1, "Tomato", 10.0, "2026-11-01"},
	    {"ZC-1", "Leela", "hotel", "SO-2", 2, "Tomato", 2.5, NULL},
	    {"ZC-3", "Olive", "restaurant", "SO-3", 1, "Tomato", 4.0, "2026-11-02"},
	    {"ZC-2", "Taj", "hotel", "SO-4", 1, "Tomato", 1.0, "2026-11-02"},
	};
	struct investigation inv = {0};
	struct arena a;

	(void)state;
	arena_init(&a);
	investigation_group(&a, tickets, 6, deliveries, 4, &inv);
	assert_int_equal(inv.ntickets, 6);
	/* Complainants in the order of their first ticket, by id, else name, else unknown. */
	assert_int_equal(inv.ncomplainants, 4);
	assert_string_equal(inv.complainants[0].customer_id, "ZC-2");
	assert_string_equal(inv.complainants[0].customer_name, "Taj"); /* the first ticket's */
	assert_int_equal(inv.complainants[0].complaints, 2);
	assert_null(inv.complainants[1].customer_id);
	assert_string_equal(inv.complainants[1].customer_name, "Walk-in");
	assert_int_equal(inv.complainants[1].complaints, 2);
	assert_string_equal(inv.complainants[2].customer_id, "ZC-1");
	assert_int_equal(inv.complainants[2].complaints, 1);
	assert_null(inv.complainants[3].customer_name);
	assert_int_equal(inv.complainants[3].complaints, 1);
	/* Receiving customers, each with its deliveries and complaints. */
	assert_int_equal(inv.ncustomers, 3);
	assert_string_equal(inv.customers[0].customer_id, "ZC-1");
	assert_int_equal(inv.customers[0].ndeliveries, 2);
	assert_true(inv.customers[0].qty == 12.5);
	assert_int_equal(inv.customers[0].complaints, 1);
	assert_string_equal(inv.customers[0].deliveries[1].so_id, "SO-2");
	assert_string_equal(inv.customers[1].customer_id, "ZC-3");
	assert_string_equal(inv.customers[1].type, "restaurant");
	assert_int_equal(inv.customers[1].complaints, 0);
	assert_string_equal(inv.customers[2].customer_id, "ZC-2");
	assert_int_equal(inv.customers[2].complaints, 2);
	assert_true(inv.delivered_qty == 17.5);
	arena_free(&a);
}

static void test_nothing_received(void **state)
{
	struct investigation inv = {0};
	struct arena a;

	(void)state;
	arena_init(&a);
	investigation_group(&a, NULL, 0, NULL, 0, &inv);
	assert_int_equal(inv.ncustomers, 0);
	assert_int_equal(inv.ncomplainants, 0);
	assert_true(inv.delivered_qty == 0);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_groups_by_customer),
	    cmocka_unit_test(test_nothing_received),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
