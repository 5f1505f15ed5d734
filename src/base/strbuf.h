/* A growable, always NUL-terminated byte buffer with an optional size cap (git's strbuf,
 * curl's dynbuf).  buf is never NULL after strbuf_init(); the caller owns it until
 * strbuf_release() (or takes it with strbuf_detach()). */
#ifndef TICKETD_STRBUF_H
#define TICKETD_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t max; /* 0: no cap; otherwise appends past max fail and set toobig */
	bool toobig;
};

void strbuf_init(struct strbuf *sb, size_t max);
void strbuf_release(struct strbuf *sb);
/* Returns the buffer, which the caller now owns (free()); sb is reset to empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_reset(struct strbuf *sb);

/* Each returns 0, or -1 when the cap would be passed (nothing is appended then). */
__attribute__((warn_unused_result)) int strbuf_add(struct strbuf *sb, const void *p, size_t n);
__attribute__((warn_unused_result)) int strbuf_adds(struct strbuf *sb, const char *s);
__attribute__((warn_unused_result, format(printf, 2, 3))) int strbuf_addf(struct strbuf *sb,
									  const char *fmt, ...);

/* Makes room for n more bytes (and the NUL) in a buffer without a cap, so that a writer can
 * fill sb->buf + sb->len directly and then add to sb->len (and write the NUL). */
void strbuf_reserve(struct strbuf *sb, size_t n);

/* Appends for buffers without a cap, where failure cannot happen. */
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A non-owning slice (nginx's ngx_str_t). */
struct str {
	const char *p;
	size_t len;
};

bool str_eq(struct str s, const char *z);

#endif
