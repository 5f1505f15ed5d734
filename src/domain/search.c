/* Search query building; see search.h. */
#include "search.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "../base/strbuf.h"
#include "../base/banned.h"

/* Token characters: ASCII letters and digits, and every byte of a UTF-8 sequence, so
 * names in Indian scripts are searchable too (matching FTS5's unicode61 tokenizer). */
static bool tok_char(unsigned char c)
{
	return isalnum(c) || c >= 0x80;
}

enum dialect { FTS5, TSQUERY };

/* Appends the word [p, end) as one term: its tokens, lowercased, form a phrase, and a '*'
 * right after its last token makes that token a prefix.  Returns whether the word had any
 * token (nothing is appended otherwise). */
static bool put_word(struct strbuf *sb, const char *p, const char *end, enum dialect d, bool first)
{
	const char *last = NULL; /* just past the last token */
	int toks = 0;

	for (const char *t = p; t < end;) {
		while (t < end && !tok_char((unsigned char)*t))
			t++;
		const char *te = t;

		while (te < end && tok_char((unsigned char)*te))
			te++;
		if (te == t)
			break;
		if (toks == 0)
			strbuf_puts(sb,
				    first ? (d == FTS5 ? "\"" : "") : (d == FTS5 ? " \"" : " & "));
		else
			strbuf_puts(sb, d == FTS5 ? " " : " <-> ");
		if (d == TSQUERY)
			strbuf_puts(sb, "'");
		for (const char *c = t; c < te; c++)
			strbuf_putf(sb, "%c", (char)tolower((unsigned char)*c));
		if (d == TSQUERY)
			strbuf_puts(sb, "'");
		toks++;
		last = te;
		t = te;
	}
	if (!toks)
		return false;
	bool prefix = last < end && *last == '*';

	if (d == FTS5)
		strbuf_puts(sb, prefix ? "\"*" : "\"");
	else if (prefix)
		strbuf_puts(sb, ":*");
	return true;
}

static char *build(struct arena *a, const char *q, enum dialect d)
{
	struct strbuf sb;
	int terms = 0;
	const char *p = q;

	if (!q)
		return NULL;
	strbuf_init(&sb, 0);
	while (*p && terms < SEARCH_MAX_TERMS) {
		while (*p && isspace((unsigned char)*p))
			p++;
		const char *end = p;

		while (*end && !isspace((unsigned char)*end))
			end++;
		if (put_word(&sb, p, end, d, terms == 0))
			terms++;
		p = end;
	}
	char *out = terms ? arena_strndup(a, sb.buf, sb.len) : NULL;

	strbuf_release(&sb);
	return out;
}

char *search_fts5_query(struct arena *a, const char *q)
{
	return build(a, q, FTS5);
}

char *search_tsquery(struct arena *a, const char *q)
{
	return build(a, q, TSQUERY);
}
