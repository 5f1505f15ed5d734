/* Logging; see log.h.  Each line is formatted first and written with one fputs call, so
 * lines from different threads do not interleave. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "banned.h"

static enum log_level log_level_min = LOG_INFO;
static enum log_format log_format = LOG_FORMAT_TEXT;
static const char *const log_names[LOG__MAX] = {"debug", "info", "warn", "error"};
static const char *const format_names[LOG_FORMAT__MAX] = {"text", "json"};

void log_set_level(enum log_level level)
{
	log_level_min = level;
}

void log_set_format(enum log_format format)
{
	if (format < LOG_FORMAT__MAX)
		log_format = format;
}

int log_format_from_name(const char *name)
{
	for (int i = 0; name && i < LOG_FORMAT__MAX; i++)
		if (!strcmp(name, format_names[i]))
			return i;
	return -1;
}

/* A line being built in a fixed buffer; what does not fit is cut (a log line is not
 * worth a failure). */
struct line {
	char buf[2048];
	size_t len;
};

static void put(struct line *l, const char *s, size_t n)
{
	if (n > sizeof(l->buf) - 1 - l->len)
		n = sizeof(l->buf) - 1 - l->len;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	l->buf[l->len] = '\0';
}

static void puts_(struct line *l, const char *s)
{
	put(l, s, strlen(s));
}

/* s as a JSON string, quotes included; control bytes escaped, other bytes as they are (the
 * messages are UTF-8 or ASCII). */
static void put_json(struct line *l, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	puts_(l, "\"");
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\') {
			char esc[2] = {'\\', (char)*p};

			put(l, esc, 2);
		} else if (*p < 0x20 || *p == 0x7f) {
			char esc[6] = {'\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15]};

			put(l, esc, 6);
		} else {
			put(l, (const char *)p, 1);
		}
	}
	puts_(l, "\"");
}

static void stamp(struct line *l)
{
	struct timespec ts;
	struct tm tm;
	char t[40];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	if (log_format == LOG_FORMAT_JSON) {
		size_t n = strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%S", &tm);

		snprintf(t + n, sizeof(t) - n, ".%03ldZ", ts.tv_nsec / 1000000);
	} else {
		strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	puts_(l, t);
}

static void emit(struct line *l)
{
	fprintf(stderr, "%s\n", l->buf);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char msg[1024];
	struct line l = {.len = 0};
	va_list ap;

	if (level < log_level_min || level >= LOG__MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (log_format == LOG_FORMAT_JSON) {
		puts_(&l, "{\"time\":\"");
		stamp(&l);
		puts_(&l, "\",\"level\":\"");
		puts_(&l, log_names[level]);
		puts_(&l, "\",\"message\":");
		put_json(&l, msg);
		puts_(&l, "}");
	} else {
		stamp(&l);
		puts_(&l, " ");
		puts_(&l, log_names[level]);
		puts_(&l, " ");
		puts_(&l, msg);
	}
	emit(&l);
}

void log_request(const struct log_access *a)
{
	struct line l = {.len = 0};
	char num[64];

	if (LOG_INFO < log_level_min)
		return;
	if (log_format == LOG_FORMAT_JSON) {
		puts_(&l, "{\"time\":\"");
		stamp(&l);
		puts_(&l, "\",\"level\":\"info\",\"message\":\"request\",\"method\":");
		put_json(&l, a->method);
		puts_(&l, ",\"path\":");
		put_json(&l, a->path);
		puts_(&l, ",\"route\":");
		if (a->route)
			put_json(&l, a->route);
		else
			puts_(&l, "null");
		snprintf(num, sizeof(num),
			 ",\"status\":%d,\"duration_ms\":%.3f,\"client\":", a->status,
			 a->duration_ms);
		puts_(&l, num);
		put_json(&l, a->client);
		puts_(&l, "}");
	} else {
		stamp(&l);
		snprintf(num, sizeof(num), " info request %d %.3fms ", a->status, a->duration_ms);
		puts_(&l, num);
		puts_(&l, a->method ? a->method : "-");
		puts_(&l, " ");
		puts_(&l, a->path ? a->path : "-");
		puts_(&l, " route=");
		puts_(&l, a->route ? a->route : "-");
		puts_(&l, " client=");
		puts_(&l, a->client ? a->client : "-");
	}
	emit(&l);
}
