/* Growable buffer; see strbuf.h. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static char strbuf_empty[1];

void strbuf_init(struct strbuf *sb, size_t max)
{
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	sb->max = max;
	sb->toobig = false;
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	strbuf_init(sb, sb->max);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->alloc)
		sb->buf[0] = '\0';
	sb->toobig = false;
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *p = sb->alloc ? sb->buf : calloc(1, 1);

	if (!p)
		abort();
	if (len)
		*len = sb->len;
	strbuf_init(sb, sb->max);
	return p;
}

static int strbuf_grow(struct strbuf *sb, size_t extra)
{
	if (sb->max && (extra > sb->max || sb->len > sb->max - extra)) {
		sb->toobig = true;
		return -1;
	}
	size_t need = sb->len + extra + 1;

	if (need <= sb->alloc)
		return 0;
	size_t alloc = sb->alloc ? sb->alloc : 64;

	while (alloc < need)
		alloc *= 2;
	char *p = sb->alloc ? realloc(sb->buf, alloc) : malloc(alloc);

	if (!p)
		abort();
	if (!sb->alloc)
		p[0] = '\0';
	sb->buf = p;
	sb->alloc = alloc;
	return 0;
}

int strbuf_add(struct strbuf *sb, const void *p, size_t n)
{
	if (strbuf_grow(sb, n))
		return -1;
	memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

int strbuf_adds(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

static int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;

	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);

	va_end(cp);
	if (n < 0)
		return -1;
	if (strbuf_grow(sb, (size_t)n))
		return -1;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return 0;
}

int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int rc = strbuf_vaddf(sb, fmt, ap);

	va_end(ap);
	return rc;
}

void strbuf_reserve(struct strbuf *sb, size_t n)
{
	if (strbuf_grow(sb, n))
		abort();
}

void strbuf_puts(struct strbuf *sb, const char *s)
{
	if (strbuf_adds(sb, s))
		abort();
}

void strbuf_putf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int rc = strbuf_vaddf(sb, fmt, ap);

	va_end(ap);
	if (rc)
		abort();
}

bool str_eq(struct str s, const char *z)
{
	size_t n = strlen(z);

	return s.len == n && memcmp(s.p, z, n) == 0;
}
