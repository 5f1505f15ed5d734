/* Capped counts that reached their cap, remembered for a minute.  A search of a common word
 * counts its matches only up to a cap (the lists' "1000 or more"), and on PostgreSQL that
 * count is most of what the search costs: 2-3 ms of the server's CPU for "tomato" in the
 * bench's million tickets, against 0.5 ms for the page of 50.  Once a count has reached its
 * cap it stays there while tickets are only added (none is deleted; the text of hundreds
 * would have to change within the minute to bring it under; the store keeps only the counts
 * of searches with no other filter), so the same count (statement
 * and parameters) asked again within COUNT_MEMO_NS is answered from here.  A count under
 * its cap is exact and never kept.  Each process keeps its own; the slots are fixed. */
#ifndef TICKETD_STORE_COUNT_MEMO_H
#define TICKETD_STORE_COUNT_MEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COUNT_MEMO_NS	 (60 * 1000000000ULL)
#define COUNT_MEMO_SLOTS 64
#define COUNT_MEMO_KEY	 768 /* a longer key (statement and parameters) is not kept */

/* Whether the count named by key (len bytes, any content) reached its cap less than
 * COUNT_MEMO_NS before now_ns (the monotonic clock). */
bool count_memo_capped(const char *key, size_t len, uint64_t now_ns);
/* Remembers that the count named by key reached its cap at now_ns, in the slot of the same
 * key, else a free or expired one, else the one kept longest. */
void count_memo_add(const char *key, size_t len, uint64_t now_ns);
/* Forgets every count (tests). */
void count_memo_clear(void);

#endif
