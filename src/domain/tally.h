/* Figures grouped by a key (a farm, a product, a month such as "2026-11"), listed in key
 * order: the totals of the farm and wastage reports.  Pure apart from the process time zone
 * (timefmt.h), which is the business time zone, for tally_month. */
#ifndef TICKETD_TALLY_H
#define TICKETD_TALLY_H

#include <stdint.h>

#include "../base/arena.h"

#define TALLY_MONTH_LEN 8 /* "YYYY-MM" and its NUL */

struct tally_row {
	const char *key;
	const char *label; /* the label given when the row was made, or NULL */
	int64_t complaints, flags, events;
	double qty;
	double cost; /* rupees: each event's paise / 100, summed in the order they came */
};

/* Rows live in the arena; a tally starts zeroed apart from a. */
struct tally {
	struct arena *a;
	struct tally_row *rows;
	int n, cap;
};

void tally_init(struct tally *t, struct arena *a);
/* The row of key, made (zeroed, with key and label copied) when there is none yet.  The
 * pointer is good until the next tally_row or tally_sort. */
struct tally_row *tally_row(struct tally *t, const char *key, const char *label);
/* Adds one event of qty and cost (in paise) to the row. */
void tally_event(struct tally_row *r, double qty, int64_t cost_paise);
/* Orders the rows by key (bytewise, so months sort by time). */
void tally_sort(struct tally *t);

/* The month key ("YYYY-MM") of instant t in the business time zone. */
void tally_month(int64_t t, char out[TALLY_MONTH_LEN]);

#endif
