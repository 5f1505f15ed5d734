/* Unit tests for src/base/timefmt.c: calendar arithmetic, parsing, formatting, local days. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/timefmt.h"

static void test_days_round_trip(void **state)
{
	static const struct {
		int y, m, d;
		int64_t days;
	} cases[] = {
	    {1970, 1, 1, 0},	  {1970, 1, 2, 1},	 {1969, 12, 31, -1},  {2000, 2, 29, 11016},
	    {2024, 2, 29, 19782}, {2026, 11, 24, 20781}, {2100, 3, 1, 47541},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int y, m, d;

		assert_int_equal(days_from_civil(cases[i].y, cases[i].m, cases[i].d),
				 cases[i].days);
		civil_from_days(cases[i].days, &y, &m, &d);
		assert_int_equal(y, cases[i].y);
		assert_int_equal(m, cases[i].m);
		assert_int_equal(d, cases[i].d);
	}
}

static void test_date_parse(void **state)
{
	static const struct {
		const char *s;
		int ok;
	} cases[] = {
	    {"2026-11-24", 1}, {"2024-02-29", 1}, {"2023-02-29", 0},  {"2026-13-01", 0},
	    {"2026-04-31", 0}, {"2026-1-24", 0},  {"2026-11-24x", 0}, {"", 0},
	    {"26-11-24", 0},   {"2026/11/24", 0}, {"1899-12-31", 0},  {"2000-02-29", 1},
	    {"1900-02-29", 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int y, m, d;

		assert_int_equal(date_parse(cases[i].s, &y, &m, &d), cases[i].ok);
	}
}

static void test_instant_parse(void **state)
{
	static const struct {
		const char *s;
		int ok;
		int64_t t;
	} cases[] = {
	    {"1970-01-01T00:00:00Z", 0, 0}, /* 0 is "no time": below the range */
	    {"1970-01-01T00:00:01Z", 1, 1},
	    {"1970-01-01T05:30:00+05:30", 0, 0},
	    {"1900-01-01T00:00:00+05:30", 0, 0}, /* was 1899-12-31T18:30:00Z */
	    {"9999-12-31T23:59:59Z", 1, 253402300799},
	    {"9999-12-31T23:59:59-14:00", 0, 0}, /* would be year 10000 */
	    {"9999-12-31T23:59:59+14:00", 1, 253402300799 - 14 * 3600},
	    {"2026-11-24T05:00:00Z", 1, 1795496400},
	    {"2026-11-24T10:30:00+05:30", 1, 1795496400},
	    {"2026-11-24T10:30+05:30", 1, 1795496400},
	    {"2026-11-24T10:30:00.123+0530", 1, 1795496400},
	    {"2026-11-23T23:00:00-06:00", 1, 1795496400},
	    {"2026-11-24 05:00:00Z", 1, 1795496400},
	    {"2026-11-24T05:00:00", 0, 0}, /* no zone */
	    {"2026-11-24T24:00:00Z", 0, 0},
	    {"2026-11-24T05:60:00Z", 0, 0},
	    {"2026-11-24T05:00:00Zjunk", 0, 0},
	    {"2026-11-24", 0, 0},
	    {"2026-11-24T05:00:00+15:00", 0, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t t = -1;

		assert_int_equal(instant_parse(cases[i].s, &t), cases[i].ok);
		if (cases[i].ok)
			assert_int_equal(t, cases[i].t);
	}
}

static void test_instant_format(void **state)
{
	char out[TIME_ISO_LEN];

	(void)state;
	instant_format(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	instant_format(1795496400, out);
	assert_string_equal(out, "2026-11-24T05:00:00Z");
	instant_format(-1, out);
	assert_string_equal(out, "1969-12-31T23:59:59Z");
	instant_format(951782400, out); /* 2000-02-29 */
	assert_string_equal(out, "2000-02-29T00:00:00Z");
	instant_format(253402300799, out); /* the last second written by hand */
	assert_string_equal(out, "9999-12-31T23:59:59Z");
	instant_format(253402300800, out); /* past it, snprintf */
	assert_string_equal(out, "10000-01-01T00:00:00Z");
	instant_format(-62135596800, out); /* year 1 */
	assert_string_equal(out, "0001-01-01T00:00:00Z");
}

static void test_local_days_kolkata(void **state)
{
	int64_t t;

	(void)state;
	assert_true(tz_set("Asia/Kolkata"));
	/* 23:59:59 local on the 24th is the 24th; 00:00:00 the next day is the 25th. */
	assert_true(instant_parse("2026-11-24T23:59:59+05:30", &t));
	assert_int_equal(local_day(t), days_from_civil(2026, 11, 24));
	assert_true(instant_parse("2026-11-25T00:00:00+05:30", &t));
	assert_int_equal(local_day(t), days_from_civil(2026, 11, 25));
	/* 20:00 UTC is already the next local day in India. */
	assert_true(instant_parse("2026-11-24T20:00:00Z", &t));
	assert_int_equal(local_day(t), days_from_civil(2026, 11, 25));
	assert_true(instant_parse("2026-11-24T00:00:00+05:30", &t));
	assert_int_equal(local_day_start(days_from_civil(2026, 11, 24)), t);
}

static void test_local_text(void **state)
{
	char out[TIME_LOCAL_TEXT_LEN];
	int64_t t;

	(void)state;
	assert_true(tz_set("Asia/Kolkata"));
	/* 22:34 UTC is 04:04 the next morning in India; the day has no leading zero. */
	assert_true(instant_parse("2026-12-07T22:34:28Z", &t));
	instant_local_text(t, out);
	assert_string_equal(out, "8 Dec 2026, 04:04 IST");
	assert_true(instant_parse("2026-12-17T10:00:00Z", &t));
	instant_local_text(t, out);
	assert_string_equal(out, "17 Dec 2026, 15:30 IST");
	assert_true(tz_set("America/New_York"));
	instant_local_text(t, out);
	assert_string_equal(out, "17 Dec 2026, 05:00 EST");
	assert_true(tz_set("Asia/Kolkata"));
	char day[DATE_TEXT_LEN];

	date_text(2026, 3, 2, day);
	assert_string_equal(day, "2 Mar 2026");
	date_text(2026, 12, 31, day);
	assert_string_equal(day, "31 Dec 2026");
}

static void test_local_days_dst(void **state)
{
	int64_t t;

	(void)state;
	/* New York springs forward on 2026-03-08 at 02:00 local: that day has 23 hours. */
	assert_true(tz_set("America/New_York"));
	int64_t d8 = days_from_civil(2026, 3, 8);

	assert_int_equal(local_day_start(d8 + 1) - local_day_start(d8), 23 * 3600);
	assert_true(instant_parse("2026-03-08T23:59:59-04:00", &t));
	assert_int_equal(local_day(t), d8);
	assert_true(instant_parse("2026-03-09T00:00:00-04:00", &t));
	assert_int_equal(local_day(t), d8 + 1);
	/* And falls back on 2026-11-01: 25 hours. */
	int64_t n1 = days_from_civil(2026, 11, 1);

	assert_int_equal(local_day_start(n1 + 1) - local_day_start(n1), 25 * 3600);
	assert_false(tz_set("Nowhere/Atlantis"));
	assert_false(tz_set("../../etc/passwd"));
	assert_true(tz_set("Asia/Kolkata"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_days_round_trip),    cmocka_unit_test(test_date_parse),
	    cmocka_unit_test(test_instant_parse),      cmocka_unit_test(test_instant_format),
	    cmocka_unit_test(test_local_days_kolkata), cmocka_unit_test(test_local_days_dst),
	    cmocka_unit_test(test_local_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
