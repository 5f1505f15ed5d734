/* The fuzz target for phone numbers (a WhatsApp sender, a customer record's phone): what
 * phone_e164 accepts is 8 to 15 digits not starting with 0, and, read back as an
 * international number, normalises to itself. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "domain/phone.h"
#include "fuzz.h"

int fuzz_phone_one(const uint8_t *data, size_t size)
{
	struct arena a;
	char out[PHONE_E164_MAX], again[PHONE_E164_MAX];

	arena_init(&a);
	char *s = arena_strndup(&a, (const char *)data, size);

	if (phone_e164(s, out)) {
		size_t n = strlen(out);

		if (n < 8 || n > 15 || out[0] == '0' || strspn(out, "0123456789") != n)
			__builtin_trap();
		char *plus = arena_printf(&a, "+%s", out);

		if (!phone_e164(plus, again) || strcmp(again, out) != 0)
			__builtin_trap();
	}
	arena_free(&a);
	return 0;
}

#ifdef FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_phone_one(data, size);
}
#endif
