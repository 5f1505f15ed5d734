/* Dates and instants as text: ISO 8601 in UTC for instants, YYYY-MM-DD for dates, and the
 * calendar arithmetic behind them.  Pure functions, except the *_local ones, which read the
 * process time zone (set once at start-up from the business time zone setting). */
#ifndef TICKETD_TIMEFMT_H
#define TICKETD_TIMEFMT_H

#include <stdbool.h>
#include <stdint.h>

#define TIME_ISO_LEN 32 /* "2026-11-24T05:00:00Z" (20) with room for any year */
#define DATE_ISO_LEN 16 /* "2026-11-24" (10) with room for any year */

/* Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithm). */
int64_t days_from_civil(int y, int m, int d);
void civil_from_days(int64_t days, int *y, int *m, int *d);

/* Parses "YYYY-MM-DD"; false unless it is a real calendar date. */
bool date_parse(const char *s, int *y, int *m, int *d);
/* The instants ticketd accepts and writes, in UTC seconds: 0 means "no time" wherever an
 * instant is stored, and every instant is written as UTC text with a four-digit year, so
 * an instant outside this range could not come back in the form it went in
 * (docs/decisions.md). */
#define INSTANT_MIN ((int64_t)1)	    /* 1970-01-01T00:00:01Z */
#define INSTANT_MAX ((int64_t)253402300799) /* 9999-12-31T23:59:59Z */

/* Parses "YYYY-MM-DDTHH:MM[:SS[.frac]](Z|+HH:MM|-HH:MM)" into UTC seconds; false unless the
 * text is well formed and the instant, once in UTC, is within INSTANT_MIN..INSTANT_MAX. */
bool instant_parse(const char *s, int64_t *out);
/* Parses a date "YYYY-MM-DD" into the instant its local day begins (local_day_start);
 * false unless it is a date and that instant is within INSTANT_MIN..INSTANT_MAX. */
bool date_start_parse(const char *s, int64_t *out);

void instant_format(int64_t t, char out[TIME_ISO_LEN]);
void date_format(int y, int m, int d, char out[DATE_ISO_LEN]);

/* Sets the process time zone (TZ) used by the *_local functions; false if unknown. */
bool tz_set(const char *zone);
/* The local calendar day (days since epoch) of instant t. */
int64_t local_day(int64_t t);
/* The instant at which local day `day` begins (00:00 local; DST-correct). */
int64_t local_day_start(int64_t day);
/* The instant of local wall-clock time `minute` (minutes after midnight) on local day
 * `day`; a time skipped by a DST jump maps to the instant just after the jump. */
int64_t local_time_at(int64_t day, int minute);
/* The weekday of a day since the epoch: 0 Sunday .. 6 Saturday. */
int weekday_of(int64_t day);
/* A date as people read it: "2 Mar 2026". */
#define DATE_TEXT_LEN 16
void date_text(int y, int m, int d, char out[DATE_TEXT_LEN]);
/* Instant t as people read it, in local time with its zone: "8 Dec 2026, 04:04 IST". */
#define TIME_LOCAL_TEXT_LEN 48
void instant_local_text(int64_t t, char out[TIME_LOCAL_TEXT_LEN]);

#endif
