/* Unit tests for src/domain/ticket.c: the column table's invariants, field checks, required
 * fields per kind, numbering, transition errors and the B2C claim window. */
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

/* --- the column table ---------------------------------------------------------- */

/* A stored value for column c: variant 1 or 2, each non-null and different from the other. */
static struct col_value sample(int c, int variant)
{
	struct col_value v = {.null = false, .i = 0, .s = NULL};
	bool one = variant == 1;

	switch (ticket_cols[c].type) {
	case CT_TEXT:
		v.s = one ? "one" : "two";
		break;
	case CT_KIND:
		v.s = one ? "b2c" : "internal";
		break;
	case CT_STATUS:
		v.s = one ? "closed" : "in_progress";
		break;
	case CT_BOOL:
	case CT_WINDOW:
		v.i = one ? 1 : 0;
		break;
	case CT_INSTANT_TEXT:
		v.i = 1700000000 + variant * 86400;
		break;
	default:
		v.i = 1000 * variant + c;
		break;
	}
	return v;
}

/* Whether a column's type keeps NULL apart from every value. */
static bool nullable(enum col_type t)
{
	return t == CT_TEXT || t == CT_ID || t == CT_TIME || t == CT_WINDOW || t == CT_MONEY ||
	       t == CT_INSTANT_TEXT;
}

static void test_cols_described(void **state)
{
	(void)state;
	for (int c = 0; c < TC__MAX; c++) {
		const struct ticket_col *d = &ticket_cols[c];

		assert_non_null(d->name);
		assert_true(d->type < CT__MAX);
		assert_true(d->off < sizeof(struct ticket));
		assert_true(d->off2 < sizeof(struct ticket));
		assert_true(d->kinds != 0 && (d->kinds & ~KINDS_ALL) == 0);
		for (int o = 0; o < c; o++)
			assert_string_not_equal(ticket_cols[o].name, d->name);
		/* A column nothing writes would only ever hold its default. */
		if (c != TC_ID)
			assert_true(d->flags & (COL_INSERT | COL_UPDATE));
		/* An audited change is one the UPDATE writes. */
		if (d->event)
			assert_true(d->flags & COL_UPDATE);
		if (c < TF__MAX) { /* the client fields, in enum tfield's order */
			assert_int_equal(tfield_from_name(d->name), c);
			assert_true(d->max > 0);
			assert_true(d->flags & COL_INSERT);
			assert_true(d->type == CT_TEXT || d->type == CT_INSTANT_TEXT);
		} else {
			assert_int_equal(d->flags & COL_EDITABLE, 0);
			assert_int_equal(d->max, 0);
		}
	}
	/* The timeline's order: fields, assignee, release, roadmap, team, then the status. */
	assert_string_equal(ticket_cols[TC_STATUS].event, "status");
	for (int c = TC_STATUS + 1; c < TC__MAX; c++)
		assert_null(ticket_cols[c].event);
}

/* Every column has a reader and a writer: what ticket_col_set stores, ticket_col_get gives
 * back, for a value and (where the type has one) for NULL. */
static void test_cols_round_trip(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	for (int c = 0; c < TC__MAX; c++) {
		struct ticket t;
		struct col_value in = sample(c, 2), out;

		memset(&t, 0, sizeof(t));
		t.within_policy_window = 1; /* days_late is NULL without a window */
		ticket_col_set(&t, (enum tcol)c, &in, &a);
		ticket_col_get(&t, (enum tcol)c, &out);
		assert_false(out.null);
		assert_int_equal(out.i, in.i);
		if (in.s)
			assert_string_equal(out.s, in.s);
		if (ticket_cols[c].type == CT_INSTANT_TEXT) {
			char iso[TIME_ISO_LEN];

			instant_format(in.i, iso);
			assert_string_equal(out.s, iso);
		}
		if (!nullable(ticket_cols[c].type))
			continue;
		in.null = true;
		ticket_col_set(&t, (enum tcol)c, &in, &a);
		ticket_col_get(&t, (enum tcol)c, &out);
		assert_true(out.null);
	}
	arena_free(&a);
}

/* Two tickets that differ in one column: the diff is exactly that column when the UPDATE
 * writes it, and nothing otherwise; equal tickets differ in nothing. */
static void test_diff_one_column(void **state)
{
	struct arena a;
	struct ticket base;
	enum tcol out[TC__MAX];

	(void)state;
	arena_init(&a);
	memset(&base, 0, sizeof(base));
	for (int c = 0; c < TC__MAX; c++) {
		struct col_value v = sample(c, 1);

		ticket_col_set(&base, (enum tcol)c, &v, &a);
	}
	assert_int_equal(ticket_diff(&base, &base, out), 0);
	for (int c = 0; c < TC__MAX; c++) {
		struct ticket other = base;
		struct col_value v = sample(c, 2);

		ticket_col_set(&other, (enum tcol)c, &v, &a);
		if (ticket_cols[c].flags & COL_UPDATE) {
			assert_int_equal(ticket_diff(&base, &other, out), 1);
			assert_int_equal(out[0], c);
		} else {
			assert_int_equal(ticket_diff(&base, &other, out), 0);
		}
		if (!nullable(ticket_cols[c].type) || !(ticket_cols[c].flags & COL_UPDATE))
			continue;
		v.null = true; /* a value removed is a change too */
		ticket_col_set(&other, (enum tcol)c, &v, &a);
		if (c == TC_WITHIN_POLICY_WINDOW) { /* without a window, days_late is NULL too */
			assert_int_equal(ticket_diff(&base, &other, out), 2);
			assert_int_equal(out[1], TC_DAYS_LATE);
		} else {
			assert_int_equal(ticket_diff(&base, &other, out), 1);
		}
		assert_int_equal(out[0], c);
	}
	arena_free(&a);
}

/* The texts the audit trail records. */
static void test_col_text(void **state)
{
	struct arena a;
	struct ticket t;
	static const struct {
		enum tcol c;
		const char *want;
	} cases[] = {
	    {(enum tcol)TF_TITLE, "Bruised tomatoes"},
	    {(enum tcol)TF_SO_ID, NULL},
	    {TC_ASSIGNED_TO, "42"},
	    {TC_TEAM_ID, NULL},
	    {TC_ON_ROADMAP, "true"},
	    {TC_STATUS, "awaiting_customer"},
	    {TC_RELEASE_ID, "7"},
	    {TC_KIND, "b2b"},
	};

	(void)state;
	arena_init(&a);
	memset(&t, 0, sizeof(t));
	t.v[TF_TITLE] = "Bruised tomatoes";
	t.assigned_to = 42;
	t.on_roadmap = true;
	t.status = ST_AWAITING_CUSTOMER;
	t.release_id = 7;
	t.kind = KIND_B2B;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = ticket_col_text(&t, cases[i].c, &a);

		if (cases[i].want)
			assert_string_equal(got, cases[i].want);
		else
			assert_null(got);
	}
	t.on_roadmap = false;
	assert_string_equal(ticket_col_text(&t, TC_ON_ROADMAP, &a), "false");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check_fields),       cmocka_unit_test(test_too_long),
	    cmocka_unit_test(test_required),	       cmocka_unit_test(test_number),
	    cmocka_unit_test(test_transition_error),   cmocka_unit_test(test_claim_window),
	    cmocka_unit_test(test_claim_window_local), cmocka_unit_test(test_cols_described),
	    cmocka_unit_test(test_cols_round_trip),    cmocka_unit_test(test_diff_one_column),
	    cmocka_unit_test(test_col_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
