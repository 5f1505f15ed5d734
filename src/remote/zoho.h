/* The Zoho Books v3 API client: OAuth access tokens minted from the refresh token at the
 * data centre's accounts server and cached until they expire, every call with
 * ?organization_id=, and an "invalid token" answer (401) refreshing once and retrying. */
#ifndef TICKETD_REMOTE_ZOHO_H
#define TICKETD_REMOTE_ZOHO_H

#include <jansson.h>
#include <stdint.h>

#include "../base/err.h"

struct zoho_config {
	const char *accounts_url; /* https://accounts.zoho.in */
	const char *api_url;	  /* https://www.zohoapis.in/books/v3 */
	const char *client_id, *client_secret, *refresh_token, *organization_id;
};

/* What Zoho answered: the HTTP status, Zoho's own code (0 is success) and message, and the
 * body as JSON (NULL when it was not JSON). */
struct zoho_answer {
	long status;
	int code;
	char message[256];
	char retry_after[32];
	json_t *body;
};

/* One call: method, path below the API root ("/creditnotes"), more query parameters
 * ("reference_number=B2B-000001", already escaped; NULL for none) and a JSON body (NULL for
 * none).  now is the clock, for the token's expiry.  ERR_OK whenever Zoho answered (any
 * status: *out says what); ERR_UNAVAILABLE when it could not be reached or no access token
 * could be had (the message says which and what the accounts server said). */
enum err_code zoho_call(const struct zoho_config *z, int64_t now, const char *method,
			const char *path, const char *query, json_t *body, struct zoho_answer *out,
			struct error *e);
void zoho_answer_release(struct zoho_answer *a);

/* s with every byte but unreserved ones percent-encoded, in a malloc()ed string. */
char *remote_escape(const char *s);

#endif
