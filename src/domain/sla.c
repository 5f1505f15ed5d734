/* SLA arithmetic; see sla.h. */
#include "sla.h"

#include <stddef.h>

#include "../base/timefmt.h"
#include "../base/banned.h"

/* Looking further than this many days for working time means the calendar has none. */
#define SLA_MAX_SCAN_DAYS 800

static const char *const sla_state_names[SLA__MAX] = {"on_track", "at_risk", "overdue", "met",
						      "missed"};

const char *sla_state_name(enum sla_state s)
{
	return s < SLA__MAX ? sla_state_names[s] : "?";
}

static bool has_hours(const struct sla_calendar *c)
{
	if (!c || !c->business_hours)
		return false;
	for (int d = 0; d < 7; d++)
		if (c->open[d] < c->close[d])
			return true;
	return false; /* every day closed: treat as 24x7 rather than never */
}

static bool holiday(const struct sla_calendar *c, int64_t day)
{
	int lo = 0, hi = c->nholidays - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (c->holidays[mid] == day)
			return true;
		if (c->holidays[mid] < day)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}

/* The working window of local day `day`, if it has one. */
static bool window(const struct sla_calendar *c, int64_t day, int64_t *start, int64_t *end)
{
	int w = weekday_of(day);

	if (c->open[w] >= c->close[w] || holiday(c, day))
		return false;
	*start = local_time_at(day, c->open[w]);
	*end = local_time_at(day, c->close[w]);
	return *end > *start;
}

int64_t sla_working_seconds(const struct sla_calendar *c, int64_t from, int64_t to)
{
	int64_t total = 0;

	if (to <= from)
		return 0;
	if (!has_hours(c))
		return to - from;
	for (int64_t day = local_day(from); day <= local_day(to); day++) {
		int64_t s, e;

		if (!window(c, day, &s, &e))
			continue;
		if (s < from)
			s = from;
		if (e > to)
			e = to;
		if (e > s)
			total += e - s;
	}
	return total;
}

int64_t sla_add(const struct sla_calendar *c, int64_t from, int64_t seconds)
{
	if (seconds <= 0)
		return from;
	if (!has_hours(c))
		return from + seconds;
	int64_t day = local_day(from);

	for (int i = 0; i < SLA_MAX_SCAN_DAYS; i++, day++) {
		int64_t s, e;

		if (!window(c, day, &s, &e) || e <= from)
			continue;
		if (s < from)
			s = from;
		if (e - s >= seconds)
			return s + seconds;
		seconds -= e - s;
	}
	return from + seconds; /* holidays cover years: fall back to wall time */
}

static void set_marks(const struct sla_calendar *c, struct sla_clock *k, int64_t now)
{
	int64_t left = k->budget - k->used;
	int64_t risk_left = k->budget * SLA_RISK_PERCENT / 100 - k->used;

	k->due_at = sla_add(c, now, left > 0 ? left : 0);
	k->risk_at = sla_add(c, now, risk_left > 0 ? risk_left : 0);
}

void sla_start(const struct sla_calendar *c, struct sla_clock *k, int64_t budget, int64_t now)
{
	k->budget = budget;
	k->used = 0;
	k->result = 0;
	k->running_since = now;
	set_marks(c, k, now);
}

void sla_pause(const struct sla_calendar *c, struct sla_clock *k, int64_t now)
{
	if (!k->running_since)
		return;
	k->used += sla_working_seconds(c, k->running_since, now);
	k->running_since = 0;
	k->due_at = 0;
	k->risk_at = 0;
}

void sla_resume(const struct sla_calendar *c, struct sla_clock *k, int64_t now)
{
	if (k->running_since)
		return;
	k->result = 0;
	k->running_since = now;
	set_marks(c, k, now);
}

void sla_stop(const struct sla_calendar *c, struct sla_clock *k, int64_t now)
{
	sla_pause(c, k, now);
	k->result = k->used <= k->budget ? 1 : 2;
}

int64_t sla_elapsed(const struct sla_calendar *c, const struct sla_clock *k, int64_t now)
{
	return k->used + (k->running_since ? sla_working_seconds(c, k->running_since, now) : 0);
}

enum sla_state sla_state_at(const struct sla_clock *k, int64_t now)
{
	if (k->result)
		return k->result == 1 ? SLA_MET : SLA_MISSED;
	if (k->running_since) {
		if (now >= k->due_at)
			return SLA_OVERDUE;
		return now >= k->risk_at ? SLA_AT_RISK : SLA_ON_TRACK;
	}
	if (k->used >= k->budget)
		return SLA_OVERDUE;
	return k->used * 100 >= k->budget * SLA_RISK_PERCENT ? SLA_AT_RISK : SLA_ON_TRACK;
}

int sla_escalate_rank(int rank)
{
	return rank < 3 ? rank + 1 : 3;
}
