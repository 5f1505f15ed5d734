/* The outgoing HTTP client; see http.h.  Each thread keeps one curl handle (reset between
 * calls), so calls from one worker reuse its connections; a thread's handle is freed when
 * the thread ends. */
#include "http.h"

#include <ctype.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../base/log.h"
#include "../base/banned.h"

#define REMOTE_BODY_MAX (4u << 20)

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t handle_key;
static int started; /* 1: curl_global_init succeeded and the key exists */

static void handle_free(void *p)
{
	curl_easy_cleanup(p);
}

static void start(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return;
	if (pthread_key_create(&handle_key, handle_free))
		return;
	started = 1;
}

/* This thread's handle, reset to defaults, or NULL. */
static CURL *thread_handle(void)
{
	CURL *c;

	pthread_once(&once, start);
	if (!started)
		return NULL;
	c = pthread_getspecific(handle_key);
	if (c) {
		curl_easy_reset(c);
		return c;
	}
	c = curl_easy_init();
	if (c && pthread_setspecific(handle_key, c)) {
		curl_easy_cleanup(c);
		return NULL;
	}
	return c;
}

static size_t keep_body(char *p, size_t size, size_t n, void *arg)
{
	struct remote_response *rs = arg;

	/* Past the cap the rest is dropped; the answer is then read as what fits. */
	(void)!strbuf_add(&rs->body, p, size * n);
	return size * n;
}

static size_t keep_header(char *p, size_t size, size_t n, void *arg)
{
	struct remote_response *rs = arg;
	size_t len = size * n, name = sizeof "Retry-After:" - 1;

	if (len > name && !strncasecmp(p, "Retry-After:", name)) {
		const char *v = p + name, *end = p + len;

		while (v < end && (*v == ' ' || *v == '\t'))
			v++;
		while (end > v && isspace((unsigned char)end[-1]))
			end--;
		if ((size_t)(end - v) < sizeof rs->retry_after) {
			memcpy(rs->retry_after, v, (size_t)(end - v));
			rs->retry_after[end - v] = '\0';
		}
	}
	return len;
}

/* The host part of url, for messages: "scheme://host[:port]". */
static void host_of(const char *url, char *out, size_t n)
{
	const char *p = strstr(url, "://");
	size_t len;

	p = p ? p + 3 : url;
	len = strcspn(p, "/?#");
	snprintf(out, n, "%.*s", (int)len, p);
}

enum err_code remote_call(const struct remote_request *rq, struct remote_response *rs,
			  struct error *e)
{
	struct curl_slist *h = NULL;
	char host[128];
	CURLcode cc;
	CURL *c;

	memset(rs, 0, sizeof *rs);
	strbuf_init(&rs->body, REMOTE_BODY_MAX);
	host_of(rq->url, host, sizeof host);
	c = thread_handle();
	if (!c)
		return err_set(e, ERR_INTERNAL, NULL, "libcurl failed to start");
	for (const char *const *p = rq->headers; p && *p; p++) {
		struct curl_slist *more = curl_slist_append(h, *p);

		if (!more) {
			curl_slist_free_all(h);
			return err_set(e, ERR_INTERNAL, NULL, "out of memory");
		}
		h = more;
	}
	curl_easy_setopt(c, CURLOPT_URL, rq->url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, rq->timeout_ms > 0 ? rq->timeout_ms : 30000L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "ticketd");
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, rq->method ? rq->method : "GET");
	if (rq->body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)rq->body_len);
	} else if (rq->method && !strcmp(rq->method, "HEAD")) {
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, rs);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, keep_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, rs);
	cc = curl_easy_perform(c);
	/* The handle keeps a pointer to the list: clear it before the list goes. */
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(h);
	if (cc != CURLE_OK) {
		log_warn("remote: %s %s: %s", rq->method ? rq->method : "GET", host,
			 curl_easy_strerror(cc));
		return err_set(e, ERR_UNAVAILABLE, NULL, "%s could not be reached: %s", host,
			       curl_easy_strerror(cc));
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &rs->status);
	return ERR_OK;
}

void remote_response_release(struct remote_response *rs)
{
	strbuf_release(&rs->body);
}
