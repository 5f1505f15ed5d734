/* The counters behind GET /metrics; see metrics.h.  A latency is counted in one bucket; the
 * cumulative counts the format wants are summed when written. */
#include "metrics.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

#include "banned.h"

#define STATUS_MIN 100
#define STATUS_MAX 599

/* Upper bounds of the latency buckets, in seconds (the +Inf bucket is the count). */
static const double bucket_le[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
				   0.1,	   0.25,  0.5,	  1,	 2.5,  5,     10};
#define BUCKETS ((int)(sizeof(bucket_le) / sizeof(bucket_le[0])))

struct route_counters {
	_Atomic uint64_t by_status[STATUS_MAX - STATUS_MIN + 1];
	_Atomic uint64_t bucket[BUCKETS + 1]; /* the last: above every bound */
	_Atomic uint64_t count, ns, db_ns;
};

static struct route_counters routes[METRICS_ROUTES];

static const char *const sweep_names[SWEEP__MAX] = {"sla", "auto_close", "outbox"};
static struct {
	_Atomic uint64_t count, ns, last_ns;
} sweeps[SWEEP__MAX];

uint64_t metrics_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static struct route_counters *route_of(int route)
{
	return &routes[route >= 0 && route < METRICS_ROUTES ? route : METRICS_OTHER];
}

void metrics_request(int route, int status, uint64_t ns)
{
	struct route_counters *rc = route_of(route);
	double s = (double)ns / 1e9;
	int b = 0;

	while (b < BUCKETS && s > bucket_le[b])
		b++;
	if (status < STATUS_MIN || status > STATUS_MAX)
		status = 500;
	atomic_fetch_add_explicit(&rc->by_status[status - STATUS_MIN], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&rc->bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&rc->ns, ns, memory_order_relaxed);
	atomic_fetch_add_explicit(&rc->count, 1, memory_order_relaxed);
}

void metrics_db_time(int route, uint64_t ns)
{
	if (ns)
		atomic_fetch_add_explicit(&route_of(route)->db_ns, ns, memory_order_relaxed);
}

void metrics_sweep_done(enum metrics_sweep s, uint64_t ns)
{
	if (s >= SWEEP__MAX)
		return;
	atomic_store_explicit(&sweeps[s].last_ns, ns, memory_order_relaxed);
	atomic_fetch_add_explicit(&sweeps[s].ns, ns, memory_order_relaxed);
	atomic_fetch_add_explicit(&sweeps[s].count, 1, memory_order_relaxed);
}

void metrics_label(struct strbuf *sb, const char *value)
{
	for (const char *p = value; *p; p++) {
		if (*p == '\\')
			strbuf_puts(sb, "\\\\");
		else if (*p == '"')
			strbuf_puts(sb, "\\\"");
		else if (*p == '\n')
			strbuf_puts(sb, "\\n");
		else {
			char ch[2] = {*p, '\0'};

			strbuf_puts(sb, ch);
		}
	}
}

static double seconds(uint64_t ns)
{
	return (double)ns / 1e9;
}

static uint64_t get(_Atomic uint64_t *v)
{
	return atomic_load_explicit(v, memory_order_relaxed);
}

/* `name{method="...",route="..."` without the closing brace, for more labels to follow. */
static void open_route(struct strbuf *sb, const char *metric, const char *method, const char *route)
{
	strbuf_putf(sb, "%s{method=\"", metric);
	metrics_label(sb, method);
	strbuf_puts(sb, "\",route=\"");
	metrics_label(sb, route);
	strbuf_puts(sb, "\"");
}

void metrics_write(struct strbuf *sb,
		   bool (*route_name)(int route, const char **method, const char **pattern))
{
	const char *names[METRICS_ROUTES], *methods[METRICS_ROUTES];
	bool used[METRICS_ROUTES];

	for (int i = 0; i < METRICS_ROUTES; i++) {
		methods[i] = names[i] = NULL;
		if (i == METRICS_OTHER) {
			methods[i] = "";
			names[i] = "other";
		} else if (!route_name(i, &methods[i], &names[i])) {
			names[i] = NULL;
		}
		used[i] = names[i] && get(&routes[i].count) > 0;
	}
	strbuf_puts(sb, "# HELP ticketd_http_requests_total HTTP requests answered, by route "
			"(the route table's pattern) and status.\n"
			"# TYPE ticketd_http_requests_total counter\n");
	for (int i = 0; i < METRICS_ROUTES; i++)
		for (int s = 0; used[i] && s <= STATUS_MAX - STATUS_MIN; s++) {
			uint64_t n = get(&routes[i].by_status[s]);

			if (!n)
				continue;
			open_route(sb, "ticketd_http_requests_total", methods[i], names[i]);
			strbuf_putf(sb, ",status=\"%d\"} %llu\n", s + STATUS_MIN,
				    (unsigned long long)n);
		}
	strbuf_puts(sb, "# HELP ticketd_http_request_duration_seconds Time from a request's "
			"arrival to the end of its reply, by route.\n"
			"# TYPE ticketd_http_request_duration_seconds histogram\n");
	for (int i = 0; i < METRICS_ROUTES; i++) {
		uint64_t cum = 0, count = 0;
		uint64_t b[BUCKETS + 1];

		if (!used[i])
			continue;
		for (int k = 0; k <= BUCKETS; k++) {
			b[k] = get(&routes[i].bucket[k]);
			count += b[k];
		}
		for (int k = 0; k < BUCKETS; k++) {
			cum += b[k];
			open_route(sb, "ticketd_http_request_duration_seconds_bucket", methods[i],
				   names[i]);
			strbuf_putf(sb, ",le=\"%g\"} %llu\n", bucket_le[k],
				    (unsigned long long)cum);
		}
		open_route(sb, "ticketd_http_request_duration_seconds_bucket", methods[i],
			   names[i]);
		strbuf_putf(sb, ",le=\"+Inf\"} %llu\n", (unsigned long long)count);
		open_route(sb, "ticketd_http_request_duration_seconds_sum", methods[i], names[i]);
		strbuf_putf(sb, "} %.9f\n", seconds(get(&routes[i].ns)));
		open_route(sb, "ticketd_http_request_duration_seconds_count", methods[i], names[i]);
		strbuf_putf(sb, "} %llu\n", (unsigned long long)count);
	}
	strbuf_puts(sb, "# HELP ticketd_db_seconds_total Time requests spent in database calls "
			"(statements and commits), by route.\n"
			"# TYPE ticketd_db_seconds_total counter\n");
	for (int i = 0; i < METRICS_ROUTES; i++)
		if (used[i]) {
			open_route(sb, "ticketd_db_seconds_total", methods[i], names[i]);
			strbuf_putf(sb, "} %.9f\n", seconds(get(&routes[i].db_ns)));
		}
	strbuf_puts(sb, "# HELP ticketd_sweep_duration_seconds Runs of the timed jobs and the "
			"time they took.\n"
			"# TYPE ticketd_sweep_duration_seconds summary\n");
	for (int s = 0; s < SWEEP__MAX; s++) {
		strbuf_putf(sb, "ticketd_sweep_duration_seconds_sum{sweep=\"%s\"} %.9f\n",
			    sweep_names[s], seconds(get(&sweeps[s].ns)));
		strbuf_putf(sb, "ticketd_sweep_duration_seconds_count{sweep=\"%s\"} %llu\n",
			    sweep_names[s], (unsigned long long)get(&sweeps[s].count));
	}
	strbuf_puts(sb, "# HELP ticketd_sweep_last_duration_seconds How long the last run of each "
			"timed job took.\n"
			"# TYPE ticketd_sweep_last_duration_seconds gauge\n");
	for (int s = 0; s < SWEEP__MAX; s++)
		strbuf_putf(sb, "ticketd_sweep_last_duration_seconds{sweep=\"%s\"} %.9f\n",
			    sweep_names[s], seconds(get(&sweeps[s].last_ns)));
}
