/* Streaming JSON writer; see jw.h. */
#include "jw.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/timefmt.h"
#include "../base/utf8.h"
#include "../base/banned.h"

/* The buffer is filled directly: a list page writes some 3,000 small pieces, and a call
 * per piece to strbuf_add (checks, memcpy, NUL) was a fifth of the page (perf). */
static inline char *room(struct jw *w, size_t n)
{
	struct strbuf *sb = w->out;

	if (sb->alloc - sb->len < n + 1)
		strbuf_reserve(sb, n < 4096 ? 4096 : n);
	return sb->buf + sb->len;
}

static inline void done(struct jw *w, char *end)
{
	w->out->len = (size_t)(end - w->out->buf);
	*end = '\0';
}

static inline void put(struct jw *w, const char *p, size_t n)
{
	char *d = room(w, n);

	memcpy(d, p, n);
	done(w, d + n);
}

static inline void putc1(struct jw *w, char c)
{
	char *d = room(w, 1);

	*d = c;
	done(w, d + 1);
}

/* Before a value: the comma when it is not the first at its depth. */
static void value_start(struct jw *w)
{
	if (w->first[w->depth])
		w->first[w->depth] = false;
	else
		putc1(w, ',');
}

void jw_init(struct jw *w, struct strbuf *out)
{
	w->out = out;
	w->depth = 0;
	w->first[0] = true;
}

static void begin(struct jw *w, char c)
{
	value_start(w);
	putc1(w, c);
	if (w->depth + 1 >= JW_MAX_DEPTH)
		abort(); /* a programming error: no reply nests this deep */
	w->first[++w->depth] = true;
}

static void end(struct jw *w, char c)
{
	putc1(w, c);
	if (w->depth > 0)
		w->depth--;
}

void jw_object(struct jw *w)
{
	begin(w, '{');
}

void jw_array(struct jw *w)
{
	begin(w, '[');
}

void jw_end_object(struct jw *w)
{
	end(w, '}');
}

void jw_end_array(struct jw *w)
{
	end(w, ']');
}

/* Whether c is written as it is inside a JSON string without a look at what follows: ASCII
 * but control bytes, quote and backslash.  A byte from 0x80 up is copied when it begins a
 * well-formed UTF-8 sequence and written as U+FFFD when not, so the reply stays JSON that
 * every reader accepts whatever bytes were stored. */
static inline bool plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* The quoted, escaped text: runs of plain bytes are copied in one go. */
/* How many bytes from the start of s (of length len) are plain: eight at a time while none
 * of the eight needs a look (a control byte, quote, backslash or a byte from 0x80 up: the
 * bit tricks of
 * "Bit Twiddling Hacks", exact as a test of the whole word), then one at a time.  Ticket
 * descriptions made the byte-at-a-time scan a tenth of a list page (perf). */
static size_t plain_run(const char *s, size_t len)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	size_t n = 0;

	for (; n + 8 <= len; n += 8) {
		uint64_t x, q, b;

		memcpy(&x, s + n, 8);
		q = x ^ (ones * '"');
		b = x ^ (ones * '\\');
		if (((x - ones * 0x20) & ~x & highs) | ((q - ones) & ~q & highs) |
		    ((b - ones) & ~b & highs) | (x & highs))
			break;
	}
	while (n < len && plain((unsigned char)s[n]))
		n++;
	return n;
}

static void quoted(struct jw *w, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = plain_run(s, strlen(s));
	char *d = room(w, n + 2);

	*d++ = '"';
	memcpy(d, s, n);
	d += n;
	if (!s[n]) {
		*d++ = '"';
		done(w, d);
		return;
	}
	done(w, d);
	for (s += n;; s++) {
		unsigned char c = (unsigned char)*s;
		const char *run = s;

		while (plain((unsigned char)*s))
			s++;
		put(w, run, (size_t)(s - run));
		c = (unsigned char)*s;
		if (!c)
			break;
		switch (c) {
		case '"':
			put(w, "\\\"", 2);
			break;
		case '\\':
			put(w, "\\\\", 2);
			break;
		case '\n':
			put(w, "\\n", 2);
			break;
		case '\r':
			put(w, "\\r", 2);
			break;
		case '\t':
			put(w, "\\t", 2);
			break;
		case '\b':
			put(w, "\\b", 2);
			break;
		case '\f':
			put(w, "\\f", 2);
			break;
		default: {
			if (c >= 0x80) {
				/* Short-circuits at the NUL: never reads past the string. */
				size_t seq = utf8_seq_len((const unsigned char *)s, 4);

				if (seq)
					put(w, s, seq);
				else
					put(w, "\\ufffd", 6);
				s += seq ? seq - 1 : 0;
				break;
			}
			char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};

			put(w, u, sizeof(u));
		}
		}
	}
	putc1(w, '"');
}

void jw_key_n(struct jw *w, const char *key, size_t n)
{
	char *d = room(w, n + 4);

	/* Keys are names from the code, which need no escaping. */
	if (w->first[w->depth])
		w->first[w->depth] = false;
	else
		*d++ = ',';
	*d++ = '"';
	memcpy(d, key, n);
	d += n;
	*d++ = '"';
	*d++ = ':';
	done(w, d);
	w->first[w->depth] = true; /* the value that follows takes no comma */
}

void jw_str(struct jw *w, const char *s)
{
	value_start(w);
	if (s)
		quoted(w, s);
	else
		put(w, "null", 4);
}

/* v's digits, after a '-' when negative is set (also for -0.0 written by jw_real). */
static void jw_int_digits(struct jw *w, int64_t v, bool negative)
{
	char buf[24], *p = buf + sizeof(buf);
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (negative)
		*--p = '-';
	put(w, p, (size_t)(buf + sizeof(buf) - p));
}

void jw_int(struct jw *w, int64_t v)
{
	value_start(w);
	jw_int_digits(w, v, v < 0);
}

void jw_real(struct jw *w, double v)
{
	char buf[40];

	value_start(w);
	if (!isfinite(v)) {
		put(w, "null", 4); /* JSON has no infinities */
		return;
	}
	/* A whole number (hours of an SLA, most amounts) without printf, which was 3% of a
	 * list page. */
	if (v == (double)(int64_t)v && fabs(v) < 1e15) {
		jw_int_digits(w, (int64_t)v, v < 0 || (v == 0 && signbit(v)));
		put(w, ".0", 2);
		return;
	}
	/* The shortest of 15 to 17 significant digits that reads back as v; always with a
	 * fraction or exponent, so that it reads back as a real (as jansson writes them). */
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	put(w, buf, strlen(buf));
	if (!strpbrk(buf, ".eE"))
		put(w, ".0", 2);
}

void jw_bool(struct jw *w, bool v)
{
	value_start(w);
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

void jw_null(struct jw *w)
{
	value_start(w);
	put(w, "null", 4);
}

void jw_instant(struct jw *w, int64_t t)
{
	char iso[TIME_ISO_LEN];

	if (!t) {
		jw_null(w);
		return;
	}
	instant_format(t, iso);
	jw_str(w, iso);
}

static int dump_part(const char *buf, size_t size, void *data)
{
	put(data, buf, size);
	return 0;
}

void jw_json(struct jw *w, const json_t *v)
{
	value_start(w);
	if (!v || json_dump_callback(v, dump_part, w, JSON_COMPACT | JSON_ENCODE_ANY) != 0)
		put(w, "null", 4);
}
