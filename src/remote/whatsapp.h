/* The WhatsApp Cloud API client (Meta's Graph API, /work/shared/integrations.md section 3):
 * sending a text or an approved template to /{phone-number-id}/messages, fetching a media
 * file (its id gives a URL, the URL the bytes, both with the token), the phone number's
 * details, and the webhook's X-Hub-Signature-256.  It knows the protocol, not ticketd: the
 * service decides what to send and what a refusal means to staff. */
#ifndef TICKETD_REMOTE_WHATSAPP_H
#define TICKETD_REMOTE_WHATSAPP_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/err.h"
#include "../base/strbuf.h"

struct wa_config {
	const char *base_url; /* https://graph.facebook.com/v21.0 */
	const char *phone_number_id;
	const char *token;
};

/* What the Graph API answered.  status 0: it was not reached (message says why).  code and
 * message are Meta's error.code and error.message ({"error":{...}}); later says trying again
 * may succeed: unreachable, HTTP 429 or 5xx, or a rate-limit code (130429 throughput, 131056
 * pair rate, 80007, 4, 2). */
struct wa_answer {
	long status;
	long code;
	char message[256];
	int retry_after; /* seconds from Retry-After; 0: none */
	bool later;
	char wamid[160]; /* a send's message id */
};

/* A message to send: kind "text" (text) or "template" (name, language and its body
 * parameters, nparams of them). */
struct wa_outgoing {
	const char *to; /* E.164 digits */
	const char *kind;
	const char *text;
	const char *template_name, *language;
	const char *const *params;
	int nparams;
};

/* ERR_OK with out->wamid when WhatsApp accepted the message; otherwise ERR_UNAVAILABLE (not
 * reached, or refused for now: out->later) or ERR_INVALID (refused: out->code says why). */
enum err_code wa_send(const struct wa_config *c, const struct wa_outgoing *m,
		      struct wa_answer *out);
/* The bytes of a media id into *bytes (initialised here, at most max; the caller releases
 * it).  ERR_OK, or as wa_send. */
enum err_code wa_media(const struct wa_config *c, const char *media_id, size_t max,
		       struct strbuf *bytes, struct wa_answer *out);
/* GET /{phone-number-id}: its display number and verified name (arrays of n bytes, "" when
 * absent).  ERR_OK when it answered 200, otherwise as wa_send. */
enum err_code wa_phone_info(const struct wa_config *c, char *display, char *name, size_t n,
			    struct wa_answer *out);
/* Whether header is "sha256=" and the hex of HMAC-SHA256(body, app_secret), compared in
 * constant time; false for a missing secret or header. */
bool wa_signature_ok(const char *app_secret, const char *header, const void *body, size_t len);

#endif
