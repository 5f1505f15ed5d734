/* Errors are values: one enum for the program, one table from it to the HTTP status and the
 * JSON code of the error envelope {"error":{"code","message","field","errors"}}.  Details
 * travel in a request-scoped struct error that the failing function fills with err_set(), or,
 * when a check reports every failing field of a request at once, with err_add(). */
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

#define ERR_FIELDS_MAX 16

/* One failing field of a request, for the envelope's "errors" list. */
struct field_error {
	const char *field; /* static or arena string */
	char message[256];
};

struct error {
	enum err_code code;
	const char *field; /* static or arena string, or NULL */
	char message[256];
	int retry_after; /* seconds, for ERR_RATE_LIMITED */
	/* Every failing field, the first being field and message; filled by err_add().  With
	 * nfields 0 the list is the one field above, if any. */
	int nfields;
	struct field_error fields[ERR_FIELDS_MAX];
};

/* Fills e and returns code, so a caller can `return err_set(...)`. */
enum err_code err_set(struct error *e, enum err_code code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Reports one more failing field.  When e holds no error, or one of another code, this is
 * err_set(); otherwise the field joins e's list (beyond ERR_FIELDS_MAX it is dropped) and
 * the first error stays e's code, field and message.  Returns e->code. */
enum err_code err_add(struct error *e, enum err_code code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void err_clear(struct error *e);

int err_http_status(enum err_code code);
const char *err_name(enum err_code code);

#endif
