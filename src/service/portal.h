/* The customer portal (issue 16): customers sign in without a staff account — a home
 * customer by a one-time code sent to the email or phone of one of their orders, or by a
 * signed link; a hotel's or restaurant's contact (added by staff) by password or link — and
 * see their recent deliveries, file claims with photos, follow their tickets' status and
 * public replies, reply and add photos.  Closing a customer ticket asks its customer how it
 * went (a survey with a single-purpose link); the answers feed the dashboard.
 *
 * A portal principal (struct portal_user) is never a staff user: it has its own cookie and
 * table, and reaches only the routes of /api/portal/ (routes.c).  Every read is limited to
 * the principal's customer here; writes to tickets go through the same use cases as staff
 * (ticket create, comments, evidence), acting as the reserved user PORTAL_ACTOR_EMAIL. */
#ifndef TICKETD_SERVICE_PORTAL_H
#define TICKETD_SERVICE_PORTAL_H

#include "evidence.h"
#include "service.h"
#include "../store/portal.h"

#define PORTAL_COOKIE	      "ticketd_portal"
#define PORTAL_SESSION_S      (7 * 24 * 3600)
#define PORTAL_CODE_TTL	      (10 * 60)
#define PORTAL_CODE_TRIES     5		/* wrong tries that end a code */
#define PORTAL_LIMIT_WINDOW   (15 * 60) /* the rate limits' window */
#define PORTAL_CODES_PER_TO   3		/* codes asked for one email or phone in a window */
#define PORTAL_CODES_PER_FROM 10	/* codes asked from one client address in a window */
#define PORTAL_VERIFY_PER_TO  10	/* code checks for one email or phone in a window */
#define PORTAL_LINK_TTL	      (3 * 24 * 3600)
#define PORTAL_SURVEY_TTL     (30 * 24 * 3600)
#define PORTAL_DELIVERIES     10
#define PORTAL_ACTOR_EMAIL    "portal@ticketd.invalid"
#define PORTAL_ACTOR_NAME     "Customer (portal)"

/* Who is signed in to the portal. */
struct portal_user {
	const char *customer_id, *customer_name, *customer_type; /* home, hotel, restaurant */
	enum kind kind;		 /* KIND_B2C for a home, KIND_B2B for a company */
	int64_t contact_id;	 /* 0: a home customer */
	const char *name, *role; /* the contact's, or the customer's name */
	const char *address;	 /* what a home customer signed in with, or NULL */
	int64_t expires_at;
};

/* --- signing in ------------------------------------------------------------------------ */

/* Sends a one-time code for the order `order` to `to` (an email address or a phone), when
 * the order is a home customer's whose record has that email or phone: by email (SMTP) or,
 * for a phone, by WhatsApp where it is on (else to the record's email).  Answers the same
 * whether or not anything matched (nothing tells who is a customer).  ERR_RATE_LIMITED
 * (with retry_after) past PORTAL_CODES_PER_TO for `to` or PORTAL_CODES_PER_FROM for client;
 * ERR_INVALID when `to` is neither an email nor a phone. */
enum err_code svc_portal_code_request(struct ctx *c, const char *to, const char *order,
				      const char *client);
/* Checks a code sent to `to`: a new session's token in *token and who in *out.  A wrong,
 * used or expired code is ERR_UNAUTHORIZED (one message for all); PORTAL_CODE_TRIES wrong
 * tries end the code; more than PORTAL_VERIFY_PER_TO checks for `to` are ERR_RATE_LIMITED. */
enum err_code svc_portal_code_verify(struct ctx *c, const char *to, const char *code,
				     const char **token, struct portal_user *out);
/* A contact's password sign-in (rate limited as staff sign-ins are). */
enum err_code svc_portal_password(struct ctx *c, const char *email, const char *password,
				  const char *client, const char **token, struct portal_user *out);
/* A sign-in link's token (once, before it expires). */
enum err_code svc_portal_link_sign_in(struct ctx *c, const char *link, const char **token,
				      struct portal_user *out);
/* The principal of a portal session token; ERR_UNAUTHORIZED when it is not live (or its
 * contact was deactivated). */
enum err_code svc_portal_session(struct ctx *c, const char *token, struct portal_user *out);
enum err_code svc_portal_logout(struct ctx *c, const char *token);

/* --- what staff do (agents, managers, admins) -------------------------------------------- */

struct portal_settings {
	const char *base_url; /* where customers reach ticketd (https://care.example.com); NULL */
};
enum err_code svc_portal_settings(struct ctx *c, struct portal_settings *out);
/* Admins; ERR_INVALID (field base_url) unless an http(s) URL. */
enum err_code svc_portal_settings_put(struct ctx *c, json_t *body, struct portal_settings *out);

/* A company's (hotel, restaurant) contacts; ERR_NOT_FOUND for an unknown customer. */
enum err_code svc_portal_contacts(struct ctx *c, const char *customer_id,
				  struct portal_contact **out, int *n);
/* Creates (id 0) or changes a contact of customer_id from body (name, email, phone, role,
 * active, password: every key optional on a change).  A new password ends the contact's
 * sessions, as does deactivating it. */
enum err_code svc_portal_contact_save(struct ctx *c, const char *customer_id, int64_t id,
				      json_t *body, struct portal_contact *out);
/* A sign-in link for a home customer (contact_id 0) or a company's contact, good once for
 * PORTAL_LINK_TTL; sent to them when send (by WhatsApp or email, *sent_by says which, NULL:
 * no way).  *url is absolute when the portal's base_url is set, else a path. */
enum err_code svc_portal_link_create(struct ctx *c, const char *customer_id, int64_t contact_id,
				     bool send, const char **url, int64_t *expires_at,
				     const char **sent_by);

/* --- what a signed-in customer does ------------------------------------------------------- */

/* The claim window of a delivery in words, from the domain's rule (DESIGN.md), as of now:
 * "You can report this delivery until midnight today." ... *within is 1, 0, or -1 when no
 * window applies (B2B). */
struct portal_window {
	int within, days_late;
	const char *text;
};
void svc_portal_window(struct arena *a, enum kind k, const char *delivery_date,
		       struct portal_window *out);

struct portal_delivery {
	struct order o;
	struct portal_window w;
};
enum err_code svc_portal_deliveries(struct ctx *c, const struct portal_user *p,
				    struct portal_delivery **out, int *n);
/* Files a claim on one of the customer's orders: body holds so_id, category, description,
 * and optionally items_affected, requested_resolution (B2B) and title; photos in ev are
 * required for quality and damage exactly as for staff.  *w is the claim window of the new
 * ticket (in words). */
enum err_code svc_portal_claim(struct ctx *c, const struct portal_user *p, json_t *body,
			       struct evidence *ev, struct ticket *out, struct portal_window *w);
/* The customer's tickets (of their kind and customer), newest first. */
enum err_code svc_portal_tickets(struct ctx *c, const struct portal_user *p, struct ticket **out,
				 int *n);
/* One of them by number (ERR_NOT_FOUND for anything else, whoever's it is), with what the
 * customer may see of its timeline: its public comments and status changes, its photos, and
 * its survey (has_survey false when none). */
struct portal_ticket {
	struct ticket t;
	struct ticket_event *thread;
	int nthread;
	struct attachment *photos;
	int nphotos;
	bool has_survey;
	struct survey survey;
	int64_t actor_id; /* the portal's own user: its comments are the customer's */
};
enum err_code svc_portal_ticket(struct ctx *c, const struct portal_user *p, const char *number,
				struct portal_ticket *out);
enum err_code svc_portal_reply(struct ctx *c, const struct portal_user *p, const char *number,
			       const char *text, struct ticket_event *out);
enum err_code svc_portal_photos(struct ctx *c, const struct portal_user *p, const char *number,
				struct evidence *ev, struct attachment **out, int *n);
/* A photo of one of the customer's tickets (see svc_attachment_open). */
enum err_code svc_portal_attachment(struct ctx *c, const struct portal_user *p, int64_t id,
				    bool thumb, struct attachment *out, struct files_body *body,
				    const char **content_type);

/* --- satisfaction ---------------------------------------------------------------------- */

/* Inside the closing transaction (change.c): makes the closed customer ticket's survey once
 * and asks its customer by WhatsApp or email (the outboxes, so it is retried and sent
 * once), with a link to rate it; what was sent is in the ticket's communication log. */
enum err_code svc_portal_survey_on_close(struct ctx *c, const struct ticket *t);
/* A survey by its link's token: the ticket it is about and the survey. */
enum err_code svc_portal_survey_get(struct ctx *c, const char *link, struct ticket *t,
				    struct survey *out);
/* Records the answer (rating 1..5, optional comment) once: a second answer is ERR_CONFLICT
 * (docs/decisions.md).  By the survey's link, or (rate) by a signed-in customer for one of
 * their closed tickets. */
enum err_code svc_portal_survey_answer(struct ctx *c, const char *link, int rating,
				       const char *comment, struct survey *out);
enum err_code svc_portal_rate(struct ctx *c, const struct portal_user *p, const char *number,
			      int rating, const char *comment, struct survey *out);

#endif
