/* Unit tests for src/base/metrics.c: counts by route and status, cumulative buckets, label
 * escaping, and the sweeps, table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/metrics.h"

static bool names(int route, const char **method, const char **pattern)
{
	static const char *const patterns[] = {"/api/a/{id}", "/api/\"b\"\\c"};

	if (route < 0 || route >= 2)
		return false;
	*method = route ? "POST" : "GET";
	*pattern = patterns[route];
	return true;
}

static void test_requests_and_buckets(void **state)
{
	static const struct {
		int route, status;
		uint64_t ns;
	} reqs[] = {
	    {0, 200, 300000},	   /* 0.3 ms: le 0.0005 and up */
	    {0, 200, 4000000},	   /* 4 ms: le 0.005 and up */
	    {0, 404, 20000000000}, /* 20 s: only +Inf */
	    {1, 201, 1000000},	   /* 1 ms: le 0.001 exactly */
	    {7, 200, 1000},	   /* a number no route has: counted, not written */
	    {-1, 42, 1000},	   /* no route, no sane status: "other", 500 */
	};
	static const char *const want[] = {
	    "ticketd_http_requests_total{method=\"GET\",route=\"/api/a/{id}\",status=\"200\"} 2\n",
	    "ticketd_http_requests_total{method=\"GET\",route=\"/api/a/{id}\",status=\"404\"} 1\n",
	    "ticketd_http_requests_total{method=\"POST\",route=\"/api/"
	    "\\\"b\\\"\\\\c\",status=\"201\"} 1\n",
	    "ticketd_http_requests_total{method=\"\",route=\"other\",status=\"500\"} 1\n",
	    "ticketd_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/a/"
	    "{id}\",le=\"0.0005\"} 1\n",
	    "ticketd_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/a/"
	    "{id}\",le=\"0.005\"} 2\n",
	    "ticketd_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/a/"
	    "{id}\",le=\"10\"} 2\n",
	    "ticketd_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/a/"
	    "{id}\",le=\"+Inf\"} 3\n",
	    "ticketd_http_request_duration_seconds_count{method=\"GET\",route=\"/api/a/{id}\"} 3\n",
	    "ticketd_http_request_duration_seconds_bucket{method=\"POST\",route=\"/api/"
	    "\\\"b\\\"\\\\c\",le=\"0.001\"} 1\n",
	    "ticketd_db_seconds_total{method=\"GET\",route=\"/api/a/{id}\"} 0.002000000\n",
	    "ticketd_sweep_duration_seconds_count{sweep=\"sla\"} 2\n",
	    "ticketd_sweep_duration_seconds_sum{sweep=\"sla\"} 3.000000000\n",
	    "ticketd_sweep_last_duration_seconds{sweep=\"sla\"} 2.000000000\n",
	    "ticketd_sweep_duration_seconds_count{sweep=\"outbox\"} 0\n",
	};
	struct strbuf sb;

	(void)state;
	for (size_t i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++)
		metrics_request(reqs[i].route, reqs[i].status, reqs[i].ns);
	metrics_db_time(0, 2000000);
	metrics_sweep_done(SWEEP_SLA, 1000000000);
	metrics_sweep_done(SWEEP_SLA, 2000000000);
	strbuf_init(&sb, 0);
	metrics_write(&sb, names);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!strstr(sb.buf, want[i]))
			fail_msg("missing: %s\nin:\n%s", want[i], sb.buf);
	assert_null(strstr(sb.buf, "route=\"7\""));
	assert_int_equal(sb.buf[sb.len - 1], '\n');
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_requests_and_buckets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
