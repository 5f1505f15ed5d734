/* A streaming JSON writer into a strbuf, for the replies that carry many tickets.  Building a
 * jansson tree and dumping it cost three quarters of a list page (an allocation per value,
 * a hash insert per key, and a dump that escapes byte by byte); writing the text directly is
 * several times cheaper (bench/run.sh).  Smaller replies keep using jansson, and a jansson
 * value can be written into a stream with jw_json().
 *
 * The writer keeps the commas: every value after the first in an object or array gets one.
 * Keys and string values are escaped as JSON requires (quote, backslash, control
 * characters).  Stored text is UTF-8 (request bodies are checked by jansson on the way in);
 * should a value hold bytes that are not, each such byte is written as U+FFFD, so a reply is
 * always valid JSON and never loses a record. */
#ifndef TICKETD_HTTP_JW_H
#define TICKETD_HTTP_JW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../base/strbuf.h"

#define JW_MAX_DEPTH 32

struct jw {
	struct strbuf *out; /* uncapped */
	int depth;
	bool first[JW_MAX_DEPTH]; /* no value yet at this depth */
};

void jw_init(struct jw *w, struct strbuf *out);

void jw_object(struct jw *w); /* { */
void jw_array(struct jw *w);  /* [ */
void jw_end_object(struct jw *w);
void jw_end_array(struct jw *w);

/* A key inside an object (a name from the code: written without escaping); the next call
 * writes its value. */
void jw_key_n(struct jw *w, const char *key, size_t n);
/* Inline, so that the length of a literal key is known when compiling. */
static inline void jw_key(struct jw *w, const char *key)
{
	jw_key_n(w, key, strlen(key));
}

void jw_str(struct jw *w, const char *s); /* NULL writes null */
void jw_int(struct jw *w, int64_t v);
void jw_real(struct jw *w, double v); /* the shortest text that reads back as v */
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
void jw_instant(struct jw *w, int64_t t);    /* ISO 8601 UTC, or null when t is 0 */
void jw_json(struct jw *w, const json_t *v); /* a jansson value; NULL writes null */

/* key: value in one call (inline for the same reason as jw_key). */
static inline void jw_kstr(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

static inline void jw_kint(struct jw *w, const char *key, int64_t v)
{
	jw_key(w, key);
	jw_int(w, v);
}

static inline void jw_kint_or_null(struct jw *w, const char *key, int64_t v) /* 0: null */
{
	jw_key(w, key);
	if (v)
		jw_int(w, v);
	else
		jw_null(w);
}

static inline void jw_kreal(struct jw *w, const char *key, double v)
{
	jw_key(w, key);
	jw_real(w, v);
}

static inline void jw_kbool(struct jw *w, const char *key, bool v)
{
	jw_key(w, key);
	jw_bool(w, v);
}

static inline void jw_knull(struct jw *w, const char *key)
{
	jw_key(w, key);
	jw_null(w);
}

static inline void jw_kinstant(struct jw *w, const char *key, int64_t t)
{
	jw_key(w, key);
	jw_instant(w, t);
}

static inline void jw_kjson(struct jw *w, const char *key, const json_t *v)
{
	jw_key(w, key);
	jw_json(w, v);
}

#endif
