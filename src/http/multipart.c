/* multipart/form-data parsing; see multipart.h. */
#include "multipart.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "mediatype.h"
#include "../base/banned.h"

#define BOUNDARY_MAX	70   /* RFC 2046 */
#define PART_HEADER_MAX 8192 /* bytes of one part's header block */

static bool bchar(char ch)
{
	return isalnum((unsigned char)ch) || strchr("'()+_,-./:=? ", ch);
}

/* Reads one parameter value (token or quoted string) at *p into the arena; advances *p. */
static const char *param_value(struct arena *a, const char **p, const char *end)
{
	const char *s = *p;

	if (s < end && *s == '"') {
		char *out = arena_alloc(a, (size_t)(end - s) + 1);
		size_t n = 0;

		for (s++; s < end && *s != '"'; s++) {
			if (*s == '\\' && s + 1 < end)
				s++;
			out[n++] = *s;
		}
		if (s >= end)
			return NULL; /* unterminated */
		out[n] = '\0';
		*p = s + 1;
		return out;
	}
	const char *start = s;

	while (s < end && *s != ';' && !isspace((unsigned char)*s))
		s++;
	*p = s;
	return arena_strndup(a, start, (size_t)(s - start));
}

/* Finds parameter `want` in "type; k=v; k2="v2"" (the text from p to end). */
static const char *param(struct arena *a, const char *p, const char *end, const char *want)
{
	size_t wl = strlen(want);

	while (p < end) {
		while (p < end && *p != ';') {
			if (*p == '"') { /* skip a quoted string so its ';' does not count */
				if (!param_value(a, &p, end))
					return NULL;
				continue;
			}
			p++;
		}
		if (p >= end)
			return NULL;
		p++;
		while (p < end && isspace((unsigned char)*p))
			p++;
		const char *k = p;

		while (p < end && *p != '=' && *p != ';')
			p++;
		if (p >= end || *p != '=')
			continue;
		const char *kend = p;

		while (kend > k && isspace((unsigned char)kend[-1]))
			kend--;
		p++;
		while (p < end && isspace((unsigned char)*p))
			p++;
		const char *v = param_value(a, &p, end);

		if (!v)
			return NULL;
		if ((size_t)(kend - k) == wl && strncasecmp(k, want, wl) == 0)
			return v;
	}
	return NULL;
}

const char *multipart_boundary(struct arena *a, const char *content_type)
{
	static const char type[] = "multipart/form-data";
	const char *end, *b;
	size_t n;

	if (!mediatype_is(content_type, type))
		return NULL;
	end = content_type + strlen(content_type);
	b = param(a, content_type, end, "boundary"); /* the type holds no ';' or '"' */
	if (!b)
		return NULL;
	n = strlen(b);
	if (n == 0 || n > BOUNDARY_MAX || b[n - 1] == ' ')
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!bchar(b[i]))
			return NULL;
	return b;
}

static enum err_code bad(struct error *e, const char *why)
{
	return err_set(e, ERR_BAD_REQUEST, NULL, "malformed multipart body: %s", why);
}

/* Parses the header block [p, end) of one part into *part. */
static enum err_code part_headers(struct arena *a, const char *p, const char *end,
				  struct multipart_part *part, struct error *e)
{
	bool disposition = false;

	while (p < end) {
		const char *eol = memmem(p, (size_t)(end - p), "\r\n", 2);
		const char *line_end = eol ? eol : end;
		const char *colon = memchr(p, ':', (size_t)(line_end - p));

		if (!colon)
			return bad(e, "a part header without ':'");
		size_t nl = (size_t)(colon - p);
		const char *v = colon + 1;

		while (v < line_end && (*v == ' ' || *v == '\t'))
			v++;
		if (nl == 19 && strncasecmp(p, "Content-Disposition", 19) == 0) {
			if ((size_t)(line_end - v) < 9 || strncasecmp(v, "form-data", 9) != 0)
				return bad(e, "a part that is not form-data");
			part->name = param(a, v, line_end, "name");
			part->filename = param(a, v, line_end, "filename");
			disposition = true;
		} else if (nl == 12 && strncasecmp(p, "Content-Type", 12) == 0) {
			const char *ve = line_end;

			while (ve > v && isspace((unsigned char)ve[-1]))
				ve--;
			part->content_type = arena_strndup(a, v, (size_t)(ve - v));
		}
		p = eol ? eol + 2 : end;
	}
	if (!disposition || !part->name)
		return bad(e, "a part without Content-Disposition: form-data; name=...");
	return ERR_OK;
}

/* The next "\r\n--boundary" in [p, end) that is a delimiter: followed by "--", or by
 * optional blanks and CRLF.  Text that merely starts like one is part of the data. */
static const char *next_delimiter(const char *p, const char *end, const char *delim, size_t dl)
{
	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), delim, dl);
		const char *q;

		if (!hit)
			return NULL;
		q = hit + dl;
		if (end - q >= 2 && q[0] == '-' && q[1] == '-')
			return hit;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (end - q >= 2 && q[0] == '\r' && q[1] == '\n')
			return hit;
		p = hit + 1;
	}
	return NULL;
}

enum err_code multipart_parse(struct arena *a, const char *boundary, const char *body, size_t len,
			      struct multipart_part **parts, int *n, struct error *e)
{
	size_t bl = strlen(boundary);
	char *delim = arena_alloc(a, bl + 5); /* "\r\n--" boundary */
	const char *end = body + len, *p;
	struct multipart_part *out;

	*n = 0;
	*parts = NULL;
	if (bl == 0 || bl > BOUNDARY_MAX)
		return bad(e, "bad boundary");
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, boundary, bl + 1);
	out = arena_zalloc(a, sizeof(*out) * MULTIPART_MAX_PARTS);

	/* The first delimiter may open the body or follow a preamble. */
	if (len >= bl + 2 && memcmp(body, delim + 2, bl + 2) == 0)
		p = body + bl + 2;
	else {
		const char *hit = memmem(body, len, delim, bl + 4);

		if (!hit)
			return bad(e, "no boundary");
		p = hit + bl + 4;
	}
	for (;;) {
		/* After a delimiter: "--" closes the body, else transport padding and CRLF. */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return bad(e, "a boundary not followed by CRLF");
		p += 2;
		if (*n == MULTIPART_MAX_PARTS)
			return err_set(e, ERR_TOO_LARGE, NULL, "more than %d parts",
				       MULTIPART_MAX_PARTS);
		struct multipart_part *part = &out[*n];
		const char *hend;

		if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
			hend = p; /* no headers at all */
		else {
			const char *h = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);

			if (!h)
				return bad(e, "a part's headers do not end");
			hend = h + 2;
		}
		if (hend - p > PART_HEADER_MAX)
			return bad(e, "a part's headers are too long");
		if (part_headers(a, p, hend, part, e))
			return e->code;
		p = hend + 2;
		const char *next = next_delimiter(p, end, delim, bl + 4);

		if (!next)
			return bad(e, "the last part is not closed by the boundary");
		part->data = p;
		part->len = (size_t)(next - p);
		(*n)++;
		p = next + bl + 4;
	}
	*parts = out;
	return ERR_OK;
}
