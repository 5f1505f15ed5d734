/* What counts as a complaint, and when a customer is a repeat complainer: customer tickets
 * outside the "general" group are complaints; a customer with at least `threshold` of them
 * in the last `window_days` is a repeat complainer.  Pure: the caller gives "now". */
#ifndef TICKETD_COMPLAINT_H
#define TICKETD_COMPLAINT_H

#include <stdbool.h>
#include <stdint.h>

/* A customer's tickets counted against now; start zeroed. */
struct complaint_counts {
	int64_t tickets;     /* every ticket, complaint or not */
	int64_t last_30d;    /* complaints created in the last 30 days */
	int64_t last_90d;    /* ... 90 days */
	int64_t last_window; /* ... window_days */
};

bool complaint_is(const char *category_group);
/* Counts one ticket of the group, created at created_at. */
void complaint_count(struct complaint_counts *c, const char *category_group, int64_t created_at,
		     int64_t now, int window_days);
bool complaint_repeat(const struct complaint_counts *c, int threshold);

#endif
