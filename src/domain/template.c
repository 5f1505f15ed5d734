/* Template placeholders; see template.h. */
#include "template.h"

#include <string.h>

#include "../base/strbuf.h"
#include "../base/banned.h"

const char *const placeholder_names[PH__MAX] = {"customer.name", "ticket.number", "order.number",
						"delivery_date", "agent.name",	  "resolution"};

/* The placeholder named by [p, p + n), trimmed of spaces; -1 when unknown. */
static int lookup(const char *p, size_t n)
{
	while (n && *p == ' ') {
		p++;
		n--;
	}
	while (n && p[n - 1] == ' ')
		n--;
	for (int i = 0; i < PH__MAX; i++)
		if (strlen(placeholder_names[i]) == n && !memcmp(placeholder_names[i], p, n))
			return i;
	return -1;
}

bool template_check(struct arena *a, const char *text, const char **bad)
{
	const char *p = text;

	*bad = NULL;
	while ((p = strstr(p, "{{"))) {
		const char *end = strstr(p + 2, "}}");

		if (!end) {
			*bad = arena_strdup(a, "{{ without }}");
			return false;
		}
		if (lookup(p + 2, (size_t)(end - p - 2)) < 0) {
			*bad = arena_strndup(a, p, (size_t)(end + 2 - p));
			return false;
		}
		p = end + 2;
	}
	return true;
}

char *template_render(struct arena *a, const char *text, const char *const values[PH__MAX])
{
	struct strbuf sb;
	const char *p = text, *open;

	strbuf_init(&sb, 0);
	while ((open = strstr(p, "{{"))) {
		const char *end = strstr(open + 2, "}}");
		int ph = end ? lookup(open + 2, (size_t)(end - open - 2)) : -1;

		if (strbuf_add(&sb, p, (size_t)(open - p)))
			break;
		if (ph < 0) { /* not a placeholder: the text stands as written */
			strbuf_puts(&sb, "{{");
			p = open + 2;
			continue;
		}
		strbuf_puts(&sb, values[ph] ? values[ph] : "");
		p = end + 2;
	}
	strbuf_puts(&sb, p);
	char *out = arena_strndup(a, sb.buf, sb.len);

	strbuf_release(&sb);
	return out;
}
