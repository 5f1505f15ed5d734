/* Date and instant text and calendar arithmetic; see timefmt.h. */
#include "timefmt.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "banned.h"

int64_t days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = mm;
	*d = dd;
}

static int days_in_month(int y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dm[m - 1];
}

/* Reads exactly n digits. */
static bool digits(const char **s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*s)[i]))
			return false;
		v = v * 10 + ((*s)[i] - '0');
	}
	*s += n;
	*out = v;
	return true;
}

static bool date_part(const char **s, int *y, int *m, int *d)
{
	if (!digits(s, 4, y) || **s != '-')
		return false;
	(*s)++;
	if (!digits(s, 2, m) || **s != '-')
		return false;
	(*s)++;
	if (!digits(s, 2, d))
		return false;
	return *y >= 1900 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in_month(*y, *m);
}

bool date_parse(const char *s, int *y, int *m, int *d)
{
	return date_part(&s, y, m, d) && *s == '\0';
}

bool instant_parse(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec = 0;

	if (!date_part(&s, &y, &mo, &d))
		return false;
	if (*s != 'T' && *s != 't' && *s != ' ')
		return false;
	s++;
	if (!digits(&s, 2, &h) || *s != ':')
		return false;
	s++;
	if (!digits(&s, 2, &mi))
		return false;
	if (*s == ':') {
		s++;
		if (!digits(&s, 2, &sec))
			return false;
		if (*s == '.') {
			s++;
			if (!isdigit((unsigned char)*s))
				return false;
			while (isdigit((unsigned char)*s))
				s++;
		}
	}
	if (h > 23 || mi > 59 || sec > 60)
		return false;
	int offset = 0;

	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		int sign = *s == '-' ? -1 : 1, oh, om;

		s++;
		if (!digits(&s, 2, &oh))
			return false;
		if (*s == ':')
			s++;
		if (!digits(&s, 2, &om) || oh > 14 || om > 59)
			return false;
		offset = sign * (oh * 3600 + om * 60);
	} else {
		return false; /* an instant without a zone is ambiguous */
	}
	if (*s != '\0')
		return false;
	int64_t t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset;

	if (t < INSTANT_MIN || t > INSTANT_MAX)
		return false;
	*out = t;
	return true;
}

bool date_start_parse(const char *s, int64_t *out)
{
	int y, m, d;
	int64_t t;

	if (!date_parse(s, &y, &m, &d))
		return false;
	t = local_day_start(days_from_civil(y, m, d));
	if (t < INSTANT_MIN || t > INSTANT_MAX)
		return false;
	*out = t;
	return true;
}

void instant_format(int64_t t, char out[TIME_ISO_LEN])
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t rem = t - days * 86400;
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		snprintf(out, TIME_ISO_LEN, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
			 (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
		return;
	}
	/* By hand: every ticket in a reply has several instants, and snprintf was 3% of a
	 * list page (bench/run.sh, perf). */
	int v[6] = {y, m, d, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60)};
	char *p = out;

	*p++ = (char)('0' + y / 1000);
	*p++ = (char)('0' + y / 100 % 10);
	*p++ = (char)('0' + y / 10 % 10);
	*p++ = (char)('0' + y % 10);
	for (int i = 1; i < 6; i++) {
		*p++ = "--T::"[i - 1];
		*p++ = (char)('0' + v[i] / 10);
		*p++ = (char)('0' + v[i] % 10);
	}
	*p++ = 'Z';
	*p = '\0';
}

void date_format(int y, int m, int d, char out[DATE_ISO_LEN])
{
	snprintf(out, DATE_ISO_LEN, "%04d-%02d-%02d", y, m, d);
}

bool tz_set(const char *zone)
{
	char path[512];

	if (!zone || !*zone || strstr(zone, ".."))
		return false;
	if (strcmp(zone, "UTC") != 0) {
		snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zone);
		if (access(path, R_OK) != 0)
			return false;
	}
	setenv("TZ", zone, 1);
	tzset();
	return true;
}

int64_t local_day(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int64_t local_day_start(int64_t day)
{
	int y, m, d;
	struct tm tm = {0};

	civil_from_days(day, &y, &m, &d);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	/* Where midnight does not exist (a DST jump at 00:00), mktime moves forward to the
	 * first instant of the day, which is what "start of day" means. */
	return (int64_t)mktime(&tm);
}

int64_t local_time_at(int64_t day, int minute)
{
	int y, m, d;
	struct tm tm = {0};

	if (minute >= 24 * 60)
		return local_day_start(day + 1);
	civil_from_days(day, &y, &m, &d);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = minute / 60;
	tm.tm_min = minute % 60;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

int weekday_of(int64_t day)
{
	int64_t w = (day + 4) % 7; /* 1970-01-01 was a Thursday */

	return (int)(w < 0 ? w + 7 : w);
}

void instant_local_text(int64_t t, char out[TIME_LOCAL_TEXT_LEN])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!localtime_r(&tt, &tm) ||
	    !strftime(out, TIME_LOCAL_TEXT_LEN, "%d %b %Y, %H:%M %Z", &tm))
		instant_format(t, out);
	else if (out[0] == '0') /* "08 Dec": the day without its leading zero */
		memmove(out, out + 1, strlen(out));
}

void date_text(int y, int m, int d, char out[DATE_TEXT_LEN])
{
	static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

	snprintf(out, DATE_TEXT_LEN, "%d %s %d", d, months[(m >= 1 && m <= 12 ? m : 1) - 1], y);
}
