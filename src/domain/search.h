/* Turns what a person types into the search box into a safe full-text query: words become
 * quoted phrases of their letters and digits, each matched as a prefix and all required.
 * "B2B-0001 tomato" -> "b2b 0001"* "tomato"*.  Nothing the user types reaches the query
 * syntax unquoted. */
#ifndef TICKETD_SEARCH_H
#define TICKETD_SEARCH_H

#include <stddef.h>

#include "../base/arena.h"

#define SEARCH_MAX_TERMS 8

/* Returns the FTS5 MATCH expression, or NULL when q holds no searchable characters. */
char *search_fts5_query(struct arena *a, const char *q);
/* The same terms as a PostgreSQL to_tsquery('simple', ...) text: 'b2b' <-> '0001':* & ... */
char *search_tsquery(struct arena *a, const char *q);

#endif
