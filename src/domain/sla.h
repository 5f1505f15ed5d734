/* SLA arithmetic: working time under an optional business-hours calendar with holidays,
 * and the clock of one ticket (start, pause, resume, stop) with its state.  Pure apart
 * from the process time zone (timefmt.h), which is the business time zone. */
#ifndef TICKETD_SLA_H
#define TICKETD_SLA_H

#include <stdbool.h>
#include <stdint.h>

#define SLA_MAX_HOLIDAYS 366

struct sla_calendar {
	bool business_hours; /* false: the clock runs 24x7 */
	/* Working window per weekday (0 Sunday .. 6 Saturday), in minutes after local
	 * midnight; open >= close means closed that day. */
	int open[7], close[7];
	int64_t holidays[SLA_MAX_HOLIDAYS]; /* local days since the epoch, ascending */
	int nholidays;
};

/* Working seconds in [from, to); 0 when to <= from. */
int64_t sla_working_seconds(const struct sla_calendar *c, int64_t from, int64_t to);
/* The instant at which `seconds` of working time have passed after `from`. */
int64_t sla_add(const struct sla_calendar *c, int64_t from, int64_t seconds);

enum sla_state { SLA_ON_TRACK, SLA_AT_RISK, SLA_OVERDUE, SLA_MET, SLA_MISSED, SLA__MAX };

const char *sla_state_name(enum sla_state s);

/* A ticket's SLA clock.  While running, due_at and risk_at say when it becomes overdue and
 * at risk (75% used); while paused or stopped they are 0. */
struct sla_clock {
	int64_t budget;	       /* seconds of working time allowed */
	int64_t used;	       /* working seconds used before running_since */
	int64_t running_since; /* 0: paused or stopped */
	int64_t due_at;
	int64_t risk_at;
	int result; /* 0 running or paused, 1 met, 2 missed */
};

#define SLA_RISK_PERCENT 75

/* A fresh clock of `budget` seconds running from now. */
void sla_start(const struct sla_calendar *c, struct sla_clock *k, int64_t budget, int64_t now);
void sla_pause(const struct sla_calendar *c, struct sla_clock *k, int64_t now);
/* Runs again (after a pause, or a reopen after a stop) with the budget that is left. */
void sla_resume(const struct sla_calendar *c, struct sla_clock *k, int64_t now);
/* Stops at resolution and records whether the SLA was met. */
void sla_stop(const struct sla_calendar *c, struct sla_clock *k, int64_t now);
/* Working seconds used up to now. */
int64_t sla_elapsed(const struct sla_calendar *c, const struct sla_clock *k, int64_t now);
/* The state at now, from the clock marks (risk_at and due_at were placed on the calendar
 * when the clock last started, so no calendar is needed here). */
enum sla_state sla_state_at(const struct sla_clock *k, int64_t now);

/* Priority after one escalation step: one up, never past the top (rank 3). */
int sla_escalate_rank(int rank);

#endif
