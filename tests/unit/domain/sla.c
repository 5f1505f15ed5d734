/* Unit tests for src/domain/sla.c: working time across nights, weekends, holidays and DST,
 * pause and resume, the states, and the escalation chain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/timefmt.h"
#include "domain/sla.h"

#define H 3600

static int64_t at(const char *iso)
{
	int64_t t = 0;

	assert_true(instant_parse(iso, &t));
	return t;
}

/* Monday to Saturday, 09:00 to 18:00; Sunday closed. */
static void shop_hours(struct sla_calendar *c)
{
	memset(c, 0, sizeof(*c));
	c->business_hours = true;
	for (int d = 1; d <= 6; d++) {
		c->open[d] = 9 * 60;
		c->close[d] = 18 * 60;
	}
}

static void test_add_business_hours(void **state)
{
	struct sla_calendar cal;
	static const struct {
		const char *from;
		int64_t seconds;
		const char *due;
		int holiday_tuesday;
	} cases[] = {
	    /* 2026-11-23 is a Monday. */
	    {"2026-11-23T10:00:00+05:30", 2 * H, "2026-11-23T12:00:00+05:30", 0},
	    {"2026-11-23T17:00:00+05:30", 4 * H, "2026-11-24T12:00:00+05:30", 0}, /* overnight */
	    {"2026-11-23T20:00:00+05:30", 1 * H, "2026-11-24T10:00:00+05:30", 0}, /* after hours */
	    {"2026-11-23T07:00:00+05:30", 1 * H, "2026-11-23T10:00:00+05:30", 0}, /* before */
	    {"2026-11-28T17:30:00+05:30", 2 * H, "2026-11-30T10:30:00+05:30", 0}, /* weekend */
	    {"2026-11-23T17:00:00+05:30", 4 * H, "2026-11-25T12:00:00+05:30", 1}, /* holiday */
	    {"2026-11-23T18:00:00+05:30", 9 * H, "2026-11-24T18:00:00+05:30", 0}, /* a full day */
	    {"2026-11-23T10:00:00+05:30", 0, "2026-11-23T10:00:00+05:30", 0},
	};

	(void)state;
	assert_true(tz_set("Asia/Kolkata"));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		shop_hours(&cal);
		if (cases[i].holiday_tuesday) {
			cal.holidays[0] = days_from_civil(2026, 11, 24);
			cal.nholidays = 1;
		}
		int64_t from = at(cases[i].from), due = sla_add(&cal, from, cases[i].seconds);

		assert_int_equal(due, at(cases[i].due));
		/* The inverse: the working time between them is what was added. */
		assert_int_equal(sla_working_seconds(&cal, from, due), cases[i].seconds);
	}
}

static void test_24x7(void **state)
{
	struct sla_calendar cal;
	int64_t t = at("2026-11-23T23:30:00+05:30");

	(void)state;
	memset(&cal, 0, sizeof(cal));
	assert_int_equal(sla_add(&cal, t, 2 * H), t + 2 * H);
	assert_int_equal(sla_working_seconds(&cal, t, t + 5 * H), 5 * H);
	/* Business hours with every day closed would never end: it runs 24x7 instead. */
	cal.business_hours = true;
	assert_int_equal(sla_add(&cal, t, H), t + H);
}

static void test_dst(void **state)
{
	struct sla_calendar cal;

	(void)state;
	assert_true(tz_set("America/New_York"));
	memset(&cal, 0, sizeof(cal));
	cal.business_hours = true;
	for (int d = 1; d <= 5; d++) {
		cal.open[d] = 9 * 60;
		cal.close[d] = 17 * 60;
	}
	/* Friday 16:00 EST + 3 working hours = Monday 11:00 EDT, after the spring jump. */
	int64_t from = at("2026-03-06T16:00:00-05:00");

	assert_int_equal(sla_add(&cal, from, 3 * H), at("2026-03-09T11:00:00-04:00"));
	/* 24x7 across the jump counts real hours, not wall-clock ones. */
	memset(&cal, 0, sizeof(cal));
	assert_int_equal(sla_add(&cal, at("2026-03-08T01:00:00-05:00"), 2 * H),
			 at("2026-03-08T04:00:00-04:00"));
	assert_true(tz_set("Asia/Kolkata"));
}

static void test_clock_pause_resume(void **state)
{
	struct sla_calendar cal;
	struct sla_clock k;
	int64_t t0 = at("2026-11-24T10:00:00+05:30");

	(void)state;
	memset(&cal, 0, sizeof(cal));
	sla_start(&cal, &k, 4 * H, t0);
	assert_int_equal(k.due_at, t0 + 4 * H);
	assert_int_equal(k.risk_at, t0 + 3 * H);
	sla_pause(&cal, &k, t0 + H); /* awaiting the customer */
	assert_int_equal(k.used, H);
	assert_int_equal(k.due_at, 0);
	assert_int_equal(sla_state_at(&k, t0 + 10 * H), SLA_ON_TRACK);
	sla_resume(&cal, &k, t0 + 5 * H);
	assert_int_equal(k.due_at, t0 + 8 * H); /* 3 hours left */
	assert_int_equal(k.risk_at, t0 + 7 * H);
	sla_stop(&cal, &k, t0 + 6 * H);
	assert_int_equal(k.result, 1);
	assert_int_equal(sla_state_at(&k, t0 + 100 * H), SLA_MET);
	/* Reopened: the clock goes on with what was left (2 hours). */
	sla_resume(&cal, &k, t0 + 10 * H);
	assert_int_equal(k.due_at, t0 + 12 * H);
	sla_stop(&cal, &k, t0 + 13 * H);
	assert_int_equal(sla_state_at(&k, t0 + 13 * H), SLA_MISSED);
}

static void test_states(void **state)
{
	struct sla_calendar cal;
	struct sla_clock k;
	static const struct {
		int64_t offset;
		enum sla_state want;
	} cases[] = {
	    {0, SLA_ON_TRACK},	      {3 * H - 1, SLA_ON_TRACK}, {3 * H, SLA_AT_RISK},
	    {4 * H - 1, SLA_AT_RISK}, {4 * H, SLA_OVERDUE},	 {100 * H, SLA_OVERDUE},
	};

	(void)state;
	memset(&cal, 0, sizeof(cal));
	sla_start(&cal, &k, 4 * H, 1000);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(sla_state_at(&k, 1000 + cases[i].offset), cases[i].want);
	/* Paused after the due time: still overdue. */
	sla_pause(&cal, &k, 1000 + 5 * H);
	assert_int_equal(sla_state_at(&k, 1000 + 6 * H), SLA_OVERDUE);
	assert_string_equal(sla_state_name(SLA_AT_RISK), "at_risk");
}

static void test_escalation_chain(void **state)
{
	static const int chain[][2] = {{0, 1}, {1, 2}, {2, 3}, {3, 3}};

	(void)state;
	for (size_t i = 0; i < sizeof(chain) / sizeof(chain[0]); i++)
		assert_int_equal(sla_escalate_rank(chain[i][0]), chain[i][1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add_business_hours),
	    cmocka_unit_test(test_24x7),
	    cmocka_unit_test(test_dst),
	    cmocka_unit_test(test_clock_pause_resume),
	    cmocka_unit_test(test_states),
	    cmocka_unit_test(test_escalation_chain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
