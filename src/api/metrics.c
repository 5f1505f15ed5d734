/* GET /metrics for Prometheus (the text exposition format, version 0.0.4), open to the
 * bearer token of --metrics-token or to the client addresses of --metrics-allow, and the
 * per-request hook that counts what it reports. */
#include <arpa/inet.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "api.h"
#include "../base/log.h"
#include "../base/metrics.h"
#include "../base/banned.h"

static bool parse_net(const char *text, struct metrics_net *out)
{
	char addr[64];
	const char *slash = strchr(text, '/');
	size_t len = slash ? (size_t)(slash - text) : strlen(text);

	if (!len || len >= sizeof(addr))
		return false;
	memcpy(addr, text, len);
	addr[len] = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, addr, out->addr) == 1) {
		out->family = AF_INET;
		out->prefix = 32;
	} else if (inet_pton(AF_INET6, addr, out->addr) == 1) {
		out->family = AF_INET6;
		out->prefix = 128;
	} else {
		return false;
	}
	if (slash) {
		char *end;
		long bits = strtol(slash + 1, &end, 10);

		if (end == slash + 1 || *end || bits < 0 || bits > out->prefix)
			return false;
		out->prefix = (int)bits;
	}
	return true;
}

bool api_metrics_allow(struct app *app, const char *list, char *err, size_t errlen)
{
	char *copy = strdup(list);
	int n = 1;

	if (!copy)
		abort();
	for (const char *p = list; *p; p++)
		n += *p == ',';
	app->metrics_allow = calloc((size_t)n, sizeof(*app->metrics_allow));
	if (!app->metrics_allow)
		abort();
	app->metrics_nallow = 0;
	for (char *item = copy, *next; item; item = next) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		while (*item == ' ')
			item++;
		if (!*item)
			continue;
		if (!parse_net(item, &app->metrics_allow[app->metrics_nallow])) {
			snprintf(err, errlen, "'%s' is not an address or network (10.0.0.0/8)",
				 item);
			free(copy);
			return false;
		}
		app->metrics_nallow++;
	}
	free(copy);
	return true;
}

static bool in_net(const struct metrics_net *net, const unsigned char *addr)
{
	int full = net->prefix / 8, rest = net->prefix % 8;

	if (memcmp(net->addr, addr, (size_t)full) != 0)
		return false;
	if (!rest)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));

	return (net->addr[full] & mask) == (addr[full] & mask);
}

static bool address_allowed(const struct app *app, const char *client)
{
	unsigned char a4[4], a6[16];
	bool v4 = inet_pton(AF_INET, client, a4) == 1;
	bool v6 = !v4 && inet_pton(AF_INET6, client, a6) == 1;

	/* An IPv4 client seen through an IPv6 socket (::ffff:10.1.2.3) is its IPv4 address. */
	if (v6 && !memcmp(a6, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12)) {
		memcpy(a4, a6 + 12, 4);
		v4 = true;
	}
	for (int i = 0; i < app->metrics_nallow; i++) {
		const struct metrics_net *net = &app->metrics_allow[i];

		if ((net->family == AF_INET && v4 && in_net(net, a4)) ||
		    (net->family == AF_INET6 && v6 && in_net(net, a6)))
			return true;
	}
	return false;
}

/* The token compared in constant time (through hashes, whatever the lengths). */
static bool token_matches(const char *expected, const char *given)
{
	unsigned char a[crypto_hash_sha256_BYTES], b[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(a, (const unsigned char *)expected, strlen(expected));
	crypto_hash_sha256(b, (const unsigned char *)given, strlen(given));
	return sodium_memcmp(a, b, sizeof(a)) == 0;
}

static enum err_code metrics_access(struct request *r)
{
	const struct app *app = r->app;
	const char *auth = req_header(r, "Authorization");

	if (!app->metrics_token && !app->metrics_nallow)
		return err_set(&r->err, ERR_FORBIDDEN, NULL,
			       "metrics are not open to anyone: start ticketd with "
			       "--metrics-token or --metrics-allow");
	if (app->metrics_token && auth && !strncasecmp(auth, "Bearer ", 7) &&
	    token_matches(app->metrics_token, auth + 7))
		return ERR_OK;
	if (address_allowed(app, r->client_ip))
		return ERR_OK;
	if (auth)
		return err_set(&r->err, ERR_FORBIDDEN, NULL, "the metrics token is not valid");
	return err_set(&r->err, ERR_FORBIDDEN, NULL,
		       "metrics are open to their bearer token or to configured addresses only");
}

void api_metrics(struct request *r)
{
	struct ctx c = api_ctx(r);
	struct strbuf sb;
	int64_t waiting = 0, age = 0;

	if (api_failed(r, metrics_access(r)) || api_failed(r, svc_outbox_stats(&c, &waiting, &age)))
		return;
	strbuf_init(&sb, 0);
	metrics_write(&sb, api_route_name);
	strbuf_putf(&sb,
		    "# HELP ticketd_outbox_waiting Emails in the outbox waiting to be sent "
		    "(pending, being sent, or waiting to retry).\n"
		    "# TYPE ticketd_outbox_waiting gauge\n"
		    "ticketd_outbox_waiting %lld\n"
		    "# HELP ticketd_outbox_oldest_due_age_seconds How long the earliest due email "
		    "has waited past its due time (0 when none is overdue).\n"
		    "# TYPE ticketd_outbox_oldest_due_age_seconds gauge\n"
		    "ticketd_outbox_oldest_due_age_seconds %lld\n",
		    (long long)waiting, (long long)age);
	free(r->resp_body);
	r->resp_body = strbuf_detach(&sb, &r->resp_len);
	r->status = 200;
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	req_add_header(r, "Cache-Control", "no-store");
}

void api_completed(struct request *r, bool sent)
{
	const struct app *app = r->app;
	int status = r->status ? r->status : 499; /* the client left before any reply */
	uint64_t ns = metrics_now_ns() - r->started_ns;
	int route = api_route_index(r);

	(void)sent;
	metrics_request(route, status, ns);
	if (app && app->access_log) {
		const char *method = NULL, *pattern = NULL;

		api_route_name(route, &method, &pattern);
		struct log_access a = {r->method,    r->path, pattern,
				       r->client_ip, status,  (double)ns / 1e6};

		log_request(&a);
	}
}
