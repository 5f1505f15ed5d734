/* Complaints and repeat complainers; see complaint.h. */
#include "complaint.h"

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
