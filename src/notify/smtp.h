/* Sending one email over SMTP with libcurl (STARTTLS, login, one recipient). */
#ifndef TICKETD_SMTP_H
#define TICKETD_SMTP_H

#include <stdbool.h>
#include <stddef.h>

struct smtp_message {
	const char *url;      /* smtp://host:port or smtps://host:port */
	bool starttls;	      /* require STARTTLS on smtp:// */
	const char *username; /* NULL or empty: no login */
	const char *password;
	const char *from;
	const char *to;
	const char *subject;
	const char *body;	/* plain text, UTF-8 */
	const char *message_id; /* without angle brackets, e.g. "n42@ticketd" */
};

/* Returns 0 when the server accepted the message, else -1 with the reason in err. */
int smtp_send(const struct smtp_message *m, char *err, size_t errlen);

#endif
