/* Unit tests for the claim window in words (src/service/portal.c, svc_portal_window): the
 * domain's rule (the end of the delivery's local day) told as the portal tells it, around
 * Kolkata's midnight, and no window for B2B. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/clock.h"
#include "base/timefmt.h"
#include "service/portal.h"

static const struct {
	const char *now; /* UTC */
	enum kind kind;
	const char *delivery; /* local date */
	int within, days_late;
	const char *text;
} cases[] = {
    /* 23:59 in Kolkata on the day of delivery: still within. */
    {"2026-03-02T18:29:00Z", KIND_B2C, "2026-03-02", 1, 0,
     "You can report this delivery until midnight today."},
    /* 00:01 the next local day: one day late. */
    {"2026-03-02T18:31:00Z", KIND_B2C, "2026-03-02", 0, 1,
     "This delivery is 1 day past the claim window (until midnight on the day of delivery); "
     "you can still report it and we will look at it."},
    {"2026-03-04T06:00:00Z", KIND_B2C, "2026-03-02", 0, 2,
     "This delivery is 2 days past the claim window (until midnight on the day of delivery); "
     "you can still report it and we will look at it."},
    {"2026-03-01T06:00:00Z", KIND_B2C, "2026-03-02", 1, 0,
     "This delivery is due on 2026-03-02; you can report a problem with it until midnight "
     "that day."},
    {"2026-03-04T06:00:00Z", KIND_B2B, "2026-03-02", -1, 0,
     "Tell us about any problem with this delivery here."},
    {"2026-03-04T06:00:00Z", KIND_B2C, NULL, -1, 0,
     "Tell us about any problem with this delivery here."},
};

static void test_window_words(void **state)
{
	struct arena a;

	(void)state;
	assert_true(tz_set("Asia/Kolkata"));
	clock_enable_test();
	arena_init(&a);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct portal_window w;
		int64_t now;

		assert_true(instant_parse(cases[i].now, &now));
		clock_set(now);
		svc_portal_window(&a, cases[i].kind, cases[i].delivery, &w);
		assert_int_equal(w.within, cases[i].within);
		assert_int_equal(w.days_late, cases[i].days_late);
		assert_string_equal(w.text, cases[i].text);
	}
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_window_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
