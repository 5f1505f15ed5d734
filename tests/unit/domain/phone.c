/* Unit tests for src/domain/phone.c: numbers as people write them, normalised to WhatsApp's
 * E.164 digits, Indian mobiles without a country code included. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/phone.h"

static void test_normalised(void **state)
{
	static const struct {
		const char *in, *want; /* want NULL: refused */
	} cases[] = {
	    {"919812345678", "919812345678"},
	    {"+91 98123 45678", "919812345678"},
	    {"+91-98123-45678", "919812345678"},
	    {"(+91) 98123.45678", NULL}, /* '+' only leads */
	    {"98123 45678", "919812345678"},
	    {"9812345678", "919812345678"},
	    {"09812345678", "919812345678"},
	    {"0091 98123 45678", "919812345678"},
	    {"  +44 20 7946 0958", "442079460958"},
	    {"+1 (415) 555-0100", "14155550100"},
	    {"8045678900", "918045678900"}, /* a Bengaluru landline, area code 80 */
	    {"0123456789", NULL},
	    {"12345", NULL},
	    {"+1234567890123456", NULL}, /* 16 digits */
	    {"98123x45678", NULL},
	    {"", NULL},
	    {NULL, NULL},
	};
	char out[PHONE_E164_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool ok = phone_e164(cases[i].in, out);

		if (cases[i].want) {
			assert_true(ok);
			assert_string_equal(out, cases[i].want);
		} else {
			assert_false(ok);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_normalised)};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
