/* Response templates: text with placeholders written {{name}}.  Checking finds unknown
 * placeholders when a template is saved; rendering fills the known ones.  Pure. */
#ifndef TICKETD_TEMPLATE_H
#define TICKETD_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/arena.h"

enum placeholder {
	PH_CUSTOMER_NAME,
	PH_TICKET_NUMBER,
	PH_ORDER_NUMBER,
	PH_DELIVERY_DATE,
	PH_AGENT_NAME,
	PH_RESOLUTION,
	PH__MAX
};

extern const char *const placeholder_names[PH__MAX]; /* "customer.name", ... */

/* Returns true when every {{...}} in text is a known placeholder; otherwise false with the
 * first unknown one (or an unclosed "{{") in *bad, an arena string. */
bool template_check(struct arena *a, const char *text, const char **bad);
/* Fills each placeholder with values[ph] (NULL: an empty string); text outside
 * placeholders, including the agent's edits, stays as written. */
char *template_render(struct arena *a, const char *text, const char *const values[PH__MAX]);

#endif
