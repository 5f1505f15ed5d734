/* The fuzz target for reply templates: a template is checked as when it is saved, and
 * rendered as when a reply is sent, whether or not the check passed. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "domain/template.h"
#include "fuzz.h"

int fuzz_template_one(const uint8_t *data, size_t size)
{
	static const char *const values[PH__MAX] = {"Hotel Leela", "B2B-000123", "SO-0042",
						    "2026-11-24",  "Asha",	 NULL};
	struct arena a;
	const char *bad = NULL;

	arena_init(&a);
	char *text = arena_strndup(&a, (const char *)data, size);
	bool ok = template_check(&a, text, &bad);
	char *out = template_render(&a, text, values);

	if (!ok && !bad)
		__builtin_trap(); /* a refusal must name what is wrong */
	if (out)
		(void)strlen(out);
	arena_free(&a);
	return 0;
}

#ifdef FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_template_one(data, size);
}
#endif
