/* One small libcurl client for outgoing JSON calls to the business's systems (Zoho Books,
 * WooCommerce, WhatsApp): a request in, the status, body and Retry-After out.  It knows no
 * protocol: the caller builds the URL, headers and body and reads the answer. */
#ifndef TICKETD_REMOTE_HTTP_H
#define TICKETD_REMOTE_HTTP_H

#include <stddef.h>

#include "../base/err.h"
#include "../base/strbuf.h"

struct remote_request {
	const char *method;	    /* "GET", "POST", "PUT", "DELETE" */
	const char *url;	    /* http:// or https:// */
	const char *const *headers; /* NULL-terminated "Name: value", or NULL */
	const char *body;	    /* NULL: no body */
	size_t body_len;
	long timeout_ms; /* the whole call; 0: 30 s */
};

struct remote_response {
	long status;
	struct strbuf body;   /* capped at 4 MiB; always NUL-terminated */
	char retry_after[32]; /* the Retry-After header's value, or "" */
};

/* ERR_OK whenever an HTTP answer came back (any status: the caller judges it); otherwise
 * ERR_UNAVAILABLE (connect failure, timeout, TLS) with a message naming the host and what
 * libcurl said.  rs is (re)initialized here; release it with remote_response_release()
 * whatever the outcome. */
enum err_code remote_call(const struct remote_request *rq, struct remote_response *rs,
			  struct error *e);
void remote_response_release(struct remote_response *rs);

#endif
