/* One-line logging to standard error, safe from any thread: as text ("TIME LEVEL message")
 * or, with log_set_format(LOG_FORMAT_JSON), as one JSON object a line with the keys time,
 * level and message (access lines add method, path, route, status, duration_ms, client). */
#ifndef TICKETD_LOG_H
#define TICKETD_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG__MAX };
enum log_format { LOG_FORMAT_TEXT, LOG_FORMAT_JSON, LOG_FORMAT__MAX };

void log_set_level(enum log_level level);
void log_set_format(enum log_format format);
/* The format called name ("text", "json"), or -1. */
int log_format_from_name(const char *name);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One answered request, at level info.  route is the route table's pattern (NULL: none). */
struct log_access {
	const char *method, *path, *route, *client;
	int status;
	double duration_ms;
};
void log_request(const struct log_access *a);

#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
