/* The one table from error codes to HTTP statuses and JSON codes. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "banned.h"

static const struct {
	int status;
	const char *name;
} err_table[ERR__MAX] = {
    [ERR_OK] = {200, "ok"},
    [ERR_BAD_REQUEST] = {400, "bad_request"},
    [ERR_UNAUTHORIZED] = {401, "unauthorized"},
    [ERR_FORBIDDEN] = {403, "forbidden"},
    [ERR_NOT_FOUND] = {404, "not_found"},
    [ERR_METHOD] = {405, "method_not_allowed"},
    [ERR_CONFLICT] = {409, "conflict"},
    [ERR_TOO_LARGE] = {413, "too_large"},
    [ERR_UNSUPPORTED] = {415, "unsupported_media_type"},
    [ERR_INVALID] = {422, "invalid"},
    [ERR_RATE_LIMITED] = {429, "rate_limited"},
    [ERR_INTERNAL] = {500, "internal"},
    [ERR_UNAVAILABLE] = {503, "unavailable"},
};

enum err_code err_set(struct error *e, enum err_code code, const char *field, const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	e->field = field;
	e->nfields = 0;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	return code;
}

enum err_code err_add(struct error *e, enum err_code code, const char *field, const char *fmt, ...)
{
	va_list ap;
	struct field_error *f;

	if (e->code != code || !e->field) {
		e->code = code;
		e->field = field;
		e->nfields = 0;
		va_start(ap, fmt);
		vsnprintf(e->message, sizeof(e->message), fmt, ap);
		va_end(ap);
	}
	if (!e->nfields && e->field) { /* the first field opens the list */
		e->fields[0].field = e->field;
		snprintf(e->fields[0].message, sizeof(e->fields[0].message), "%s", e->message);
		e->nfields = 1;
		if (e->field == field)
			return e->code;
	}
	if (e->nfields >= ERR_FIELDS_MAX || !field)
		return e->code;
	for (int i = 0; i < e->nfields; i++)
		if (!strcmp(e->fields[i].field, field)) /* one message per field: the first */
			return e->code;
	f = &e->fields[e->nfields++];
	f->field = field;
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
	return e->code;
}

void err_clear(struct error *e)
{
	e->code = ERR_OK;
	e->field = NULL;
	e->message[0] = '\0';
	e->retry_after = 0;
	e->nfields = 0;
}

int err_http_status(enum err_code code)
{
	return code < ERR__MAX ? err_table[code].status : 500;
}

const char *err_name(enum err_code code)
{
	return code < ERR__MAX ? err_table[code].name : "internal";
}
