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

/* --- the repeat complainer among peers (issue 18, docs/decisions.md) ------------------------
 * A customer's complaint rate is their complaints in the window per order in the window (at
 * least one order counted, so a customer without orders on record is judged by complaints
 * alone).  They are a repeat complainer when they have at least min_complaints complaints
 * and a rate at least factor times the peers' median rate (their peers: the other customers
 * of the same type with an order or a complaint in the window), the median taken as at least
 * COMPLAINT_RATE_FLOOR so that peers who never complain do not make one complaint too
 * many. */
#define COMPLAINT_RATE_FLOOR 0.02 /* one complaint in fifty orders */

struct complaint_peer {
	int64_t complaints, orders;
};

struct complaint_outlier {
	double rate;	    /* the customer's */
	double peer_median; /* the peers' (before the floor); 0 without peers */
	int npeers;
	bool repeat;
};

double complaint_rate(const struct complaint_peer *p);
/* me among peers (me not included in them); peers is reordered. */
void complaint_outlier(const struct complaint_peer *me, struct complaint_peer *peers, int npeers,
		       int min_complaints, double factor, struct complaint_outlier *out);

#endif
