/* Errors are values: one enum for the program, one table from it to the HTTP status and the
 * JSON code of the error envelope {"error":{"code","message","field"}}.  Details travel in a
 * request-scoped struct error that the failing function fills with err_set(). */
#ifndef TICKETD_ERR_H
#define TICKETD_ERR_H

enum err_code {
	ERR_OK = 0,
	ERR_BAD_REQUEST,  /* 400: malformed JSON, wrong type, unknown field */
	ERR_UNAUTHORIZED, /* 401: no or bad credentials */
	ERR_FORBIDDEN,	  /* 403: authenticated, but not allowed */
	ERR_NOT_FOUND,	  /* 404 */
	ERR_METHOD,	  /* 405 */
	ERR_CONFLICT,	  /* 409: not allowed in the current state */
	ERR_TOO_LARGE,	  /* 413 */
	ERR_UNSUPPORTED,  /* 415: wrong content type */
	ERR_INVALID,	  /* 422: well-formed, but breaks a rule (missing field, unknown record) */
	ERR_RATE_LIMITED, /* 429 */
	ERR_INTERNAL,	  /* 500 */
	ERR_UNAVAILABLE,  /* 503 */
	ERR__MAX
};

struct error {
	enum err_code code;
	const char *field; /* static or arena string, or NULL */
	char message[256];
	int retry_after; /* seconds, for ERR_RATE_LIMITED */
};

/* Fills e and returns code, so a caller can `return err_set(...)`. */
enum err_code err_set(struct error *e, enum err_code code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void err_clear(struct error *e);

int err_http_status(enum err_code code);
const char *err_name(enum err_code code);

#endif
