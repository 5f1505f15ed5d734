/* UTF-8 checks for text that crosses a trust boundary: file names from a multipart header,
 * bytes stored before a check existed.  Everything ticketd writes as JSON must be valid
 * UTF-8 (jansson refuses anything else and the value is lost), so text of unknown origin is
 * made valid on the way in and again on the way out. */
#ifndef TICKETD_UTF8_H
#define TICKETD_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* The length of the well-formed UTF-8 sequence at s (of at most len bytes): 1 to 4, or 0
 * when the bytes there are not one (RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF).  len must be at least 1. */
size_t utf8_seq_len(const unsigned char *s, size_t len);
/* Whether the len bytes at s are well-formed UTF-8. */
bool utf8_valid(const char *s, size_t len);
/* s when it is valid UTF-8; otherwise a copy in the arena with each byte that does not
 * begin a well-formed sequence replaced by U+FFFD.  NULL stays NULL. */
const char *utf8_scrub(struct arena *a, const char *s);

#endif
