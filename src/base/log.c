/* Logging; see log.h.  Each line is formatted first and written with one fputs call, so
 * lines from different threads do not interleave. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "banned.h"

static enum log_level log_level_min = LOG_INFO;
static const char *const log_names[LOG__MAX] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
	log_level_min = level;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[1024], stamp[32];
	struct tm tm;
	time_t now = time(NULL);
	va_list ap;

	if (level < log_level_min || level >= LOG__MAX)
		return;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	int n = snprintf(line, sizeof(line), "%s %s ", stamp, log_names[level]);

	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof(line))
		vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", line);
}
