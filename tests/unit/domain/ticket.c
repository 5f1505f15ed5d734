/* Unit tests for src/domain/ticket.c: field checks, required fields per kind, numbering,
 * transition errors and the B2C claim window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/timefmt.h"
#include "domain/ticket.h"

/* Builds an input from name/value pairs ending with NULL. */
static struct ticket_input input(const char *const *kv)
{
	struct ticket_input in;

	memset(&in, 0, sizeof(in));
	for (int i = 0; kv[i]; i += 2) {
		int f = tfield_from_name(kv[i]);

		assert_true(f >= 0);
		in.set[f] = true;
		in.v[f] = kv[i + 1];
	}
	return in;
}

static void test_check_fields(void **state)
{
	static const struct {
		enum kind k;
		const char *kv[8];
		int creating;
		enum err_code want;
		const char *field;
	} cases[] = {
	    {KIND_B2B, {"category", "damaged_items", NULL}, 1, ERR_OK, NULL},
	    {KIND_B2B, {"category", "spoiled_items", NULL}, 1, ERR_INVALID, "category"},
	    {KIND_B2B, {"priority", "critical", NULL}, 1, ERR_INVALID, "priority"},
	    {KIND_INTERNAL, {"priority", "critical", NULL}, 1, ERR_OK, NULL},
	    {KIND_B2B, {"woo_order_number", "WC-1", NULL}, 1, ERR_BAD_REQUEST, "woo_order_number"},
	    {KIND_B2B, {"steps_to_reproduce", "x", NULL}, 1, ERR_BAD_REQUEST, "steps_to_reproduce"},
	    {KIND_B2C, {"customer_email", "not-an-email", NULL}, 1, ERR_INVALID, "customer_email"},
	    {KIND_B2C, {"customer_email", "a@b.in", NULL}, 1, ERR_OK, NULL},
	    {KIND_B2C, {"customer_phone", "+91 98765 43210", NULL}, 1, ERR_OK, NULL},
	    {KIND_B2C, {"customer_phone", "call me", NULL}, 1, ERR_INVALID, "customer_phone"},
	    {KIND_B2C, {"delivery_date", "2026-11-22T07:30:00+05:30", NULL}, 1, ERR_OK, NULL},
	    {KIND_B2C, {"delivery_date", "2026-11-22", NULL}, 1, ERR_OK, NULL},
	    {KIND_B2C, {"delivery_date", "yesterday", NULL}, 1, ERR_INVALID, "delivery_date"},
	    {KIND_B2B,
	     {"preferred_resolution_date", "2026-02-30", NULL},
	     1,
	     ERR_INVALID,
	     "preferred_resolution_date"},
	    {KIND_B2B,
	     {"requested_resolution", "store_credit", NULL},
	     1,
	     ERR_INVALID,
	     "requested_resolution"},
	    {KIND_B2B, {"customer_id", "ZC-1", NULL}, 0, ERR_INVALID, "customer_id"},
	    {KIND_B2B, {"so_id", "SO\001", NULL}, 1, ERR_INVALID, "so_id"},
	    {KIND_B2B, {"description", "line one\nline two", NULL}, 1, ERR_OK, NULL},
	    {KIND_INTERNAL, {"title", NULL, NULL}, 1, ERR_OK, NULL}, /* JSON null */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ticket_input in = input(cases[i].kv);
		struct error e;

		err_clear(&e);
		assert_int_equal(ticket_check_fields(cases[i].k, &in, cases[i].creating, &e),
				 cases[i].want);
		if (cases[i].field)
			assert_string_equal(e.field, cases[i].field);
	}
}

static void test_too_long(void **state)
{
	char title[202];
	struct ticket_input in;
	struct error e;

	(void)state;
	memset(title, 't', sizeof(title) - 1);
	title[sizeof(title) - 1] = '\0';
	memset(&in, 0, sizeof(in));
	in.set[TF_TITLE] = true;
	in.v[TF_TITLE] = title;
	assert_int_equal(ticket_check_fields(KIND_INTERNAL, &in, true, &e), ERR_INVALID);
	assert_string_equal(e.field, "title");
	title[200] = '\0';
	assert_int_equal(ticket_check_fields(KIND_INTERNAL, &in, true, &e), ERR_OK);
}

static void test_required(void **state)
{
	static const struct {
		enum kind k;
		const char *kv[20];
		const char *missing; /* NULL: complete */
	} cases[] = {
	    {KIND_B2B,
	     {"customer_id", "ZC-1", "so_id", "SO-1", "category", "damaged_items", "priority",
	      "high", "description", "crushed", "requested_resolution", "credit_note", NULL},
	     NULL},
	    {KIND_B2B,
	     {"customer_id", "ZC-1", "invoice_id", "ZI-1", "category", "damaged_items", "priority",
	      "high", "description", "crushed", "requested_resolution", "credit_note", NULL},
	     NULL},
	    {KIND_B2B,
	     {"customer_id", "ZC-1", "category", "damaged_items", "priority", "high", "description",
	      "crushed", "requested_resolution", "credit_note", NULL},
	     "so_id"},
	    {KIND_B2B,
	     {"so_id", "SO-1", "category", "damaged_items", "priority", "high", "description",
	      "crushed", "requested_resolution", "credit_note", NULL},
	     "customer_id"},
	    {KIND_B2B,
	     {"customer_id", "ZC-1", "so_id", "SO-1", "category", "damaged_items", "priority",
	      "high", "description", "crushed", NULL},
	     "requested_resolution"},
	    {KIND_B2B,
	     {"customer_id", "ZC-1", "so_id", "SO-1", "category", "pricing_query", "priority",
	      "low", "description", "why?", NULL},
	     NULL},
	    {KIND_B2B,
	     {"customer_id", "ZC-1", "so_id", "SO-1", "category", "pricing_query", "priority",
	      "low", "description", "   ", NULL},
	     "description"},
	    {KIND_B2C,
	     {"customer_name", "Ananya", "customer_phone", "+91 98765 43210", "woo_order_number",
	      "WC-1", "delivery_date", "2026-11-22T07:30:00Z", "category", "late_delivery",
	      "priority", "medium", "description", "late", NULL},
	     NULL},
	    {KIND_B2C,
	     {"customer_name", "Ananya", "woo_order_number", "WC-1", "delivery_date",
	      "2026-11-22T07:30:00Z", "category", "late_delivery", "priority", "medium",
	      "description", "late", NULL},
	     "customer_phone"},
	    {KIND_B2C,
	     {"customer_name", "Ananya", "customer_email", "a@b.in", "woo_order_number", "WC-1",
	      "category", "late_delivery", "priority", "medium", "description", "late", NULL},
	     "delivery_date"},
	    {KIND_INTERNAL,
	     {"title", "Slow", "category", "performance", "priority", "low", "description", "slow",
	      NULL},
	     NULL},
	    {KIND_INTERNAL,
	     {"title", "Crash", "category", "bug", "priority", "high", "description", "boom",
	      "steps_to_reproduce", "click", "expected_behavior", "works", NULL},
	     "actual_behavior"},
	    {KIND_INTERNAL,
	     {"category", "training", "priority", "low", "description", "how?", NULL},
	     "title"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ticket_input in = input(cases[i].kv);
		struct error e;

		err_clear(&e);
		enum err_code rc = ticket_check_required(cases[i].k, &in, &e);

		if (!cases[i].missing) {
			assert_int_equal(rc, ERR_OK);
		} else {
			assert_int_equal(rc, ERR_INVALID);
			assert_string_equal(e.field, cases[i].missing);
		}
	}
}

static void test_number(void **state)
{
	char out[32];

	(void)state;
	ticket_number_format(KIND_B2B, 123, out, sizeof(out));
	assert_string_equal(out, "B2B-000123");
	ticket_number_format(KIND_B2C, 1, out, sizeof(out));
	assert_string_equal(out, "B2C-000001");
	ticket_number_format(KIND_INTERNAL, 1234567, out, sizeof(out));
	assert_string_equal(out, "INT-1234567");
}

static void test_transition_error(void **state)
{
	struct error e;

	(void)state;
	err_clear(&e);
	assert_int_equal(ticket_check_transition(KIND_B2B, ST_NEW, ST_ASSIGNED, &e), ERR_OK);
	assert_int_equal(ticket_check_transition(KIND_B2B, ST_NEW, ST_CLOSED, &e), ERR_CONFLICT);
	assert_string_equal(e.field, "status");
	assert_non_null(strstr(e.message, "allowed: assigned"));
	assert_int_equal(ticket_check_transition(KIND_B2B, ST_IN_PROGRESS, ST_NEW, &e),
			 ERR_CONFLICT);
	assert_non_null(strstr(e.message, "awaiting_customer, resolved"));
	assert_int_equal(ticket_check_transition(KIND_B2C, ST_CLOSED, ST_IN_PROGRESS, &e),
			 ERR_CONFLICT);
	assert_non_null(strstr(e.message, "allowed: none"));
}

static void test_claim_window(void **state)
{
	static const struct {
		int64_t delivered, created;
		int within, late;
	} cases[] = {
	    {100, 100, 1, 0}, /* the same local day, e.g. delivered 10:00, raised 23:59:59 */
	    {100, 101, 0, 1}, /* 00:00:00 the next day */
	    {100, 102, 0, 2}, {100, 130, 0, 30},
	    {100, 99, 1, 0}, /* raised before delivery: within */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool within;
		int late;

		claim_window(cases[i].delivered, cases[i].created, &within, &late);
		assert_int_equal(within, cases[i].within);
		assert_int_equal(late, cases[i].late);
	}
}

/* The claim window on real instants, through the business time zone. */
static void test_claim_window_local(void **state)
{
	static const struct {
		const char *zone, *delivered, *created;
		int within, late;
	} cases[] = {
	    {"Asia/Kolkata", "2026-11-24T10:00:00+05:30", "2026-11-24T23:59:59+05:30", 1, 0},
	    {"Asia/Kolkata", "2026-11-24T10:00:00+05:30", "2026-11-25T00:00:00+05:30", 0, 1},
	    /* Delivered at 23:30 local: half an hour to complain the same day. */
	    {"Asia/Kolkata", "2026-11-24T23:30:00+05:30", "2026-11-24T23:59:00+05:30", 1, 0},
	    {"Asia/Kolkata", "2026-11-24T23:30:00+05:30", "2026-11-25T00:10:00+05:30", 0, 1},
	    /* 20:00 UTC is already the next day in India. */
	    {"Asia/Kolkata", "2026-11-24T10:00:00+05:30", "2026-11-24T20:00:00Z", 0, 1},
	    {"Asia/Kolkata", "2026-11-20T08:00:00+05:30", "2026-11-24T09:00:00+05:30", 0, 4},
	    /* New York's spring-forward day (23 hours) and fall-back day (25 hours). */
	    {"America/New_York", "2026-03-08T09:00:00-04:00", "2026-03-08T23:59:59-04:00", 1, 0},
	    {"America/New_York", "2026-03-08T09:00:00-04:00", "2026-03-09T00:00:00-04:00", 0, 1},
	    {"America/New_York", "2026-11-01T00:30:00-04:00", "2026-11-01T23:59:59-05:00", 1, 0},
	    {"America/New_York", "2026-11-01T00:30:00-04:00", "2026-11-02T00:00:00-05:00", 0, 1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t d, c;
		bool within;
		int late;

		assert_true(tz_set(cases[i].zone));
		assert_true(instant_parse(cases[i].delivered, &d));
		assert_true(instant_parse(cases[i].created, &c));
		claim_window(local_day(d), local_day(c), &within, &late);
		assert_int_equal(within, cases[i].within);
		assert_int_equal(late, cases[i].late);
	}
	assert_true(tz_set("Asia/Kolkata"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check_fields),       cmocka_unit_test(test_too_long),
	    cmocka_unit_test(test_required),	       cmocka_unit_test(test_number),
	    cmocka_unit_test(test_transition_error),   cmocka_unit_test(test_claim_window),
	    cmocka_unit_test(test_claim_window_local),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
