/* Turns what a person types into the search box into a safe full-text query.  Each word
 * matches whole words (the index stems English, so "tomatoes" finds "tomato"); a '*' right
 * after a word's last letter or digit asks for a prefix instead.  A word's letters and
 * digits form a quoted phrase, so a ticket or order number typed whole still matches, and
 * all words are required: "B2B-0001* tomatoes" -> "b2b 0001"* "tomatoes".  Nothing the
 * user types reaches the query syntax unquoted.  docs/decisions.md, "Search". */
#ifndef TICKETD_SEARCH_H
#define TICKETD_SEARCH_H

#include <stddef.h>

#include "../base/arena.h"

#define SEARCH_MAX_TERMS 8

/* Returns the FTS5 MATCH expression (arena-allocated), or NULL when q holds no searchable
 * characters. */
char *search_fts5_query(struct arena *a, const char *q);
/* The same terms as a PostgreSQL to_tsquery('ticketd_english', ...) text (the server stems them):
 * 'b2b' <-> '0001':* & 'tomatoes'. */
char *search_tsquery(struct arena *a, const char *q);

#endif
