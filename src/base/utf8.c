/* UTF-8 validation and repair; see utf8.h. */
#include "utf8.h"

#include <string.h>

#include "banned.h"

static bool cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

size_t utf8_seq_len(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return len >= 2 && cont(s[1]) ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		/* E0 needs A0..BF (no overlong), ED needs 80..9F (no surrogates). */
		unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;

		return len >= 3 && s[1] >= lo && s[1] <= hi && cont(s[2]) ? 3 : 0;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;

		return len >= 4 && s[1] >= lo && s[1] <= hi && cont(s[2]) && cont(s[3]) ? 4 : 0;
	}
	return 0;
}

bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		size_t n = utf8_seq_len(p, (size_t)(end - p));

		if (!n)
			return false;
		p += n;
	}
	return true;
}

const char *utf8_scrub(struct arena *a, const char *s)
{
	static const char replacement[] = "\xEF\xBF\xBD";
	size_t len = s ? strlen(s) : 0;

	if (!s || utf8_valid(s, len))
		return s;
	char *out = arena_alloc(a, len * 3 + 1), *d = out;
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		size_t n = utf8_seq_len(p, (size_t)(end - p));

		if (n) {
			memcpy(d, p, n);
			d += n;
			p += n;
		} else {
			memcpy(d, replacement, 3);
			d += 3;
			p++;
		}
	}
	*d = '\0';
	return out;
}
