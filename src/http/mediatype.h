/* Media types in a Content-Type header (RFC 9110 section 8.3.1): "type/subtype" followed by
 * nothing or by ";" and parameters, with optional blanks around.  A prefix is not a match:
 * "application/jsonx" is not "application/json". */
#ifndef TICKETD_HTTP_MEDIATYPE_H
#define TICKETD_HTTP_MEDIATYPE_H

#include <stdbool.h>

/* Whether the header value's media type is `type` (lower case, e.g. "application/json"),
 * compared without regard to case.  False for NULL. */
bool mediatype_is(const char *value, const char *type);

#endif
