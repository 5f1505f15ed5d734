/* Unit tests for src/remote/http.c against a one-shot HTTP server on loopback (port 0): the
 * request as sent (method, path, headers, body), the answer's status, body and Retry-After,
 * any status counting as an answer, and a refused connection as ERR_UNAVAILABLE. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "remote/http.h"
#include "remote/zoho.h"

struct server {
	int fd;
	int port;
	const char *reply; /* the whole HTTP answer */
	char got[4096];	   /* what the client sent */
	pthread_t thread;
};

static void *serve_one(void *arg)
{
	struct server *s = arg;
	int c = accept(s->fd, NULL, NULL);
	size_t n = 0;

	if (c < 0)
		return NULL;
	/* Headers, then the body by Content-Length (the client sends one with a body). */
	for (;;) {
		ssize_t r = read(c, s->got + n, sizeof(s->got) - 1 - n);
		char *end, *cl;

		if (r <= 0)
			break;
		n += (size_t)r;
		s->got[n] = '\0';
		end = strstr(s->got, "\r\n\r\n");
		if (!end)
			continue;
		cl = strcasestr(s->got, "Content-Length:");
		if (!cl || (size_t)(end + 4 - s->got) + strtoul(cl + 15, NULL, 10) <= n)
			break;
	}
	(void)!write(c, s->reply, strlen(s->reply));
	close(c);
	return NULL;
}

static void server_start(struct server *s, const char *reply)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);

	memset(s->got, 0, sizeof(s->got));
	s->reply = reply;
	s->fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(s->fd >= 0);
	assert_int_equal(bind(s->fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(s->fd, 1), 0);
	assert_int_equal(getsockname(s->fd, (struct sockaddr *)&a, &len), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&s->thread, NULL, serve_one, s), 0);
}

static void server_stop(struct server *s)
{
	pthread_join(s->thread, NULL);
	close(s->fd);
}

static void test_post_with_headers_and_answer(void **state)
{
	struct server s;
	struct remote_response rs;
	struct error e = {0};
	char url[64];
	const char *headers[] = {"Authorization: Zoho-oauthtoken abc",
				 "Content-Type: application/json", NULL};

	(void)state;
	server_start(&s, "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n"
			 "Retry-After:  30 \r\nContent-Length: 11\r\nConnection: close\r\n\r\n"
			 "{\"code\":44}");
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/books/v3/creditnotes?x=1", s.port);
	struct remote_request rq = {.method = "POST",
				    .url = url,
				    .headers = headers,
				    .body = "{\"a\":1}",
				    .body_len = 7,
				    .timeout_ms = 5000};

	assert_int_equal(remote_call(&rq, &rs, &e), ERR_OK);
	server_stop(&s);
	assert_int_equal(rs.status, 429);
	assert_string_equal(rs.body.buf, "{\"code\":44}");
	assert_string_equal(rs.retry_after, "30");
	assert_non_null(strstr(s.got, "POST /books/v3/creditnotes?x=1 HTTP/1.1\r\n"));
	assert_non_null(strstr(s.got, "\r\nAuthorization: Zoho-oauthtoken abc\r\n"));
	assert_non_null(strstr(s.got, "\r\n\r\n{\"a\":1}"));
	remote_response_release(&rs);
}

static void test_get_without_retry_after(void **state)
{
	struct server s;
	struct remote_response rs;
	struct error e = {0};
	char url[64];

	(void)state;
	server_start(&s, "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\nConnection: close\r\n\r\n"
			 "{}");
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/wp-json/wc/v3/orders/9", s.port);
	struct remote_request rq = {.method = "GET", .url = url};

	assert_int_equal(remote_call(&rq, &rs, &e), ERR_OK);
	server_stop(&s);
	assert_int_equal(rs.status, 404);
	assert_string_equal(rs.retry_after, "");
	assert_non_null(strstr(s.got, "GET /wp-json/wc/v3/orders/9 HTTP/1.1\r\n"));
	remote_response_release(&rs);
}

static void test_refused_is_unavailable(void **state)
{
	struct server s;
	struct remote_response rs;
	struct error e = {0};
	char url[64];

	(void)state;
	/* A port that was just listening and is closed now. */
	server_start(&s, "");
	close(s.fd);
	pthread_cancel(s.thread);
	pthread_join(s.thread, NULL);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/", s.port);
	struct remote_request rq = {.method = "GET", .url = url, .timeout_ms = 5000};

	assert_int_equal(remote_call(&rq, &rs, &e), ERR_UNAVAILABLE);
	assert_non_null(strstr(e.message, "could not be reached"));
	assert_non_null(strstr(e.message, "127.0.0.1"));
	remote_response_release(&rs);
}

static void test_escape(void **state)
{
	char *s = remote_escape("B2B-000001 a&b=c/é~");

	(void)state;
	assert_string_equal(s, "B2B-000001%20a%26b%3Dc%2F%C3%A9~");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_post_with_headers_and_answer),
	    cmocka_unit_test(test_get_without_retry_after),
	    cmocka_unit_test(test_refused_is_unavailable),
	    cmocka_unit_test(test_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
