/* CSV reader; see csv.h. */
#include "csv.h"

#include <stdio.h>
#include <string.h>

#include "strbuf.h"
#include "banned.h"

void csv_init(struct csv *c, const char *text, size_t len)
{
	c->p = text;
	c->end = text + len;
	c->line = 0;
	c->error[0] = '\0';
	/* A UTF-8 byte order mark, as spreadsheets write it, is not part of the first field. */
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		c->p += 3;
}

int csv_next(struct csv *c, struct arena *a, const char *fields[CSV_MAX_FIELDS])
{
	struct strbuf f;
	int n = 0;
	int rc = 0;

	/* Blank lines between records are skipped. */
	while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
		if (*c->p == '\n')
			c->line++;
		c->p++;
	}
	if (c->p >= c->end)
		return 0;
	c->line++;
	strbuf_init(&f, 1 << 20);
	for (;;) {
		bool quoted = false;

		strbuf_reset(&f);
		if (c->p < c->end && *c->p == '"') {
			quoted = true;
			c->p++;
			for (;;) {
				if (c->p >= c->end) {
					snprintf(c->error, sizeof(c->error),
						 "line %d: a quoted field is not closed", c->line);
					rc = -1;
					goto out;
				}
				if (*c->p == '"') {
					if (c->p + 1 < c->end && c->p[1] == '"') {
						if (strbuf_add(&f, "\"", 1))
							goto toolong;
						c->p += 2;
						continue;
					}
					c->p++;
					break;
				}
				if (strbuf_add(&f, c->p, 1))
					goto toolong;
				c->p++;
			}
		}
		const char *start = c->p;

		while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
			c->p++;
		if (quoted && c->p != start) {
			snprintf(c->error, sizeof(c->error), "line %d: text after a closing quote",
				 c->line);
			rc = -1;
			goto out;
		}
		if (!quoted && strbuf_add(&f, start, (size_t)(c->p - start)))
			goto toolong;
		if (memchr(f.buf, '\0', f.len)) {
			snprintf(c->error, sizeof(c->error), "line %d: a NUL byte", c->line);
			rc = -1;
			goto out;
		}
		if (n == CSV_MAX_FIELDS) {
			snprintf(c->error, sizeof(c->error), "line %d: more than %d fields",
				 c->line, CSV_MAX_FIELDS);
			rc = -1;
			goto out;
		}
		fields[n++] = arena_strndup(a, f.buf, f.len);
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		break;
	}
	if (c->p < c->end && *c->p == '\r')
		c->p++;
	if (c->p < c->end && *c->p == '\n')
		c->p++;
	rc = n;
	goto out;
toolong:
	snprintf(c->error, sizeof(c->error), "line %d: a field longer than 1 MiB", c->line);
	rc = -1;
out:
	strbuf_release(&f);
	return rc;
}

void csv_put(struct strbuf *sb, const char *s, bool first, bool guard)
{
	if (!first)
		strbuf_puts(sb, ",");
	if (!s)
		return;
	bool formula =
	    guard && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r');
	bool quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		strbuf_puts(sb, "\"");
	if (formula)
		strbuf_puts(sb, "'");
	for (const char *p = s; *p; p++) {
		const char *q = strchr(p, '"');

		if (!q) {
			strbuf_puts(sb, p);
			break;
		}
		strbuf_reserve(sb, (size_t)(q - p) + 2);
		memcpy(sb->buf + sb->len, p, (size_t)(q - p));
		sb->len += (size_t)(q - p);
		memcpy(sb->buf + sb->len, "\"\"", 2);
		sb->len += 2;
		sb->buf[sb->len] = '\0';
		p = q;
	}
	if (quote)
		strbuf_puts(sb, "\"");
}

void csv_end(struct strbuf *sb)
{
	strbuf_puts(sb, "\r\n");
}
