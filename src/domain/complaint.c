/* Complaints and repeat complainers; see complaint.h. */
#include "complaint.h"

#include <stdlib.h>
#include <string.h>

#include "../base/banned.h"

#define DAY 86400

bool complaint_is(const char *category_group)
{
	return strcmp(category_group, "general") != 0;
}

void complaint_count(struct complaint_counts *c, const char *category_group, int64_t created_at,
		     int64_t now, int window_days)
{
	bool complaint = complaint_is(category_group);

	c->tickets++;
	if (complaint && created_at >= now - 30 * DAY)
		c->last_30d++;
	if (complaint && created_at >= now - 90 * DAY)
		c->last_90d++;
	if (complaint && created_at >= now - (int64_t)window_days * DAY)
		c->last_window++;
}

bool complaint_repeat(const struct complaint_counts *c, int threshold)
{
	return c->last_window >= threshold;
}

double complaint_rate(const struct complaint_peer *p)
{
	return (double)p->complaints / (double)(p->orders > 0 ? p->orders : 1);
}

static int rate_cmp(const void *a, const void *b)
{
	double x = complaint_rate(a), y = complaint_rate(b);

	return (x > y) - (x < y);
}

void complaint_outlier(const struct complaint_peer *me, struct complaint_peer *peers, int npeers,
		       int min_complaints, double factor, struct complaint_outlier *out)
{
	double median = 0;

	if (npeers > 0) {
		qsort(peers, (size_t)npeers, sizeof(*peers), rate_cmp);
		median = npeers % 2 ? complaint_rate(&peers[npeers / 2])
				    : (complaint_rate(&peers[npeers / 2 - 1]) +
				       complaint_rate(&peers[npeers / 2])) /
					  2.0;
	}
	out->rate = complaint_rate(me);
	out->peer_median = median;
	out->npeers = npeers;
	out->repeat =
	    me->complaints >= min_complaints &&
	    out->rate >= factor * (median > COMPLAINT_RATE_FLOOR ? median : COMPLAINT_RATE_FLOOR);
}
