/* The WooCommerce REST API v3 client: /wp-json/wc/v3 below the store's URL, the consumer
 * key and secret as HTTP Basic credentials (the documented way over HTTPS). */
#ifndef TICKETD_REMOTE_WOO_H
#define TICKETD_REMOTE_WOO_H

#include <jansson.h>

#include "../base/err.h"

struct woo_config {
	const char *store_url; /* https://shop.example.com */
	const char *consumer_key, *consumer_secret;
};

/* What WooCommerce answered: the HTTP status, the error's code and message
 * ({"code","message","data":{"status"}}) when it is an error, and the body as JSON. */
struct woo_answer {
	long status;
	char code[96];
	char message[256];
	char retry_after[32];
	json_t *body;
};

/* One call: path below /wp-json/wc/v3 ("/orders/42/refunds"), more query parameters
 * (escaped; NULL for none), a JSON body (NULL for none).  ERR_OK whenever WooCommerce
 * answered (any status); ERR_UNAVAILABLE when it could not be reached. */
enum err_code woo_call(const struct woo_config *w, const char *method, const char *path,
		       const char *query, json_t *body, struct woo_answer *out, struct error *e);
void woo_answer_release(struct woo_answer *a);

#endif
