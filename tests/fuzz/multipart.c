/* The fuzz target for the multipart parser (libFuzzer: built by meson only when clang's
 * -fsanitize=fuzzer works).  An input is a Content-Type header value, a newline, then the
 * body; the corpus in tests/fuzz/corpus/multipart is replayed by every test run
 * (tests/unit/fuzz_corpora.c) through fuzz_multipart_one below. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "http/multipart.h"

int fuzz_multipart_one(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	struct arena a;
	struct error e;
	struct multipart_part *parts;
	int n;

	if (!nl)
		return 0;
	arena_init(&a);
	err_clear(&e);
	char *ct = arena_strndup(&a, (const char *)data, (size_t)(nl - (const char *)data));
	const char *b = multipart_boundary(&a, ct);
	size_t off = (size_t)(nl - (const char *)data) + 1;
	/* The body in its own allocation, so a read past its end is caught by ASan. */
	char *body = arena_alloc(&a, size - off + 1);

	memcpy(body, data + off, size - off);
	if (b && multipart_parse(&a, b, body, size - off, &parts, &n, &e) == ERR_OK)
		for (int i = 0; i < n; i++)
			if (parts[i].data < body ||
			    parts[i].data + parts[i].len > body + size - off)
				__builtin_trap();
	arena_free(&a);
	return 0;
}

#ifdef FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_multipart_one(data, size);
}
#endif
