/* JSON in and out of a request, through jansson: reading a body that must be a JSON object,
 * typed field access that names the field at fault, and replies (the error envelope
 * {"error":{"code","message","field"}} among them). */
#ifndef TICKETD_HTTP_JSON_H
#define TICKETD_HTTP_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../base/strbuf.h"
#include "server.h"

/* Parses r's body as a JSON object into *out (freed with the request's arena).
 * 415 unless the content type is JSON, 400 with the position for bad JSON. */
enum err_code json_body(struct request *r, json_t **out);
/* Refuses (400) any key of obj not in the NULL-terminated list allowed. */
enum err_code json_only(struct request *r, json_t *obj, const char *const *allowed);
/* Reads obj[key] as a string: *out NULL when absent or null.  400 for another type. */
enum err_code json_str(struct request *r, json_t *obj, const char *key, const char **out);
/* As json_str, but absent, null or blank is 422 naming the field. */
enum err_code json_str_req(struct request *r, json_t *obj, const char *key, const char **out);
/* Reads an integer; *present false when absent or null. */
enum err_code json_int(struct request *r, json_t *obj, const char *key, int64_t *out,
		       bool *present);
/* Reads a finite number; *out 0 and *present false when absent or null. */
enum err_code json_number(struct request *r, json_t *obj, const char *key, double *out,
			  bool *present);

/* Replies with status and body (the reference to body is taken over). */
void reply_json(struct request *r, int status, json_t *body);
/* Replies with status and the JSON text in sb (taken over; sb is left empty). */
void reply_text_json(struct request *r, int status, struct strbuf *sb);
/* Replies with the error envelope for r->err. */
void reply_error(struct request *r);

/* A JSON string of s, never NULL: null for NULL, and bytes that are not valid UTF-8
 * replaced by U+FFFD (json_string() returns NULL for them, and whatever held the value would
 * silently lose it). */
json_t *json_text(const char *s);
/* Adds key: value to obj (through json_text), or key: null when value is NULL. */
void json_set_str(json_t *obj, const char *key, const char *value);
/* Adds key: ISO 8601 instant, or null when t is 0. */
void json_set_instant(json_t *obj, const char *key, int64_t t);

#endif
