/* Files on tickets: photos and documents checked by their content, stored once under their
 * SHA-256, attached to a ticket (or held as an upload until a ticket takes them), and read
 * back only by those who may see the ticket.
 *
 * A request's files go through three steps so that a refused request leaves nothing behind:
 * evidence_prepare checks and hashes them (no writes), evidence_stage puts the bytes on disk,
 * and evidence_attach_tx writes their rows inside the caller's transaction.  When the
 * transaction fails, evidence_unstage removes the bytes this request wrote that no row uses. */
#ifndef TICKETD_SERVICE_EVIDENCE_H
#define TICKETD_SERVICE_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "service.h"
#include "../store/attachment.h"
#include "../store/batch.h"
#include "../store/files/files.h"

#define EVIDENCE_MAX_FILE    (10u << 20) /* default bytes a file */
#define EVIDENCE_MAX_REQUEST (50u << 20) /* default bytes a multipart request */
#define EVIDENCE_THUMB_PX    320
/* A file in the store that no row refers to, or a partial write, is a crash's leftover once
 * it is this old; younger ones may be another ticketd's upload in progress. */
#define EVIDENCE_SWEEP_GRACE_S 3600

/* Where files live (the caller keeps f open while requests run) and the per-file cap; set
 * once at start-up (main.c). */
void svc_files_init(struct files *f, size_t max_file);
size_t svc_files_max_file(void);
/* At start-up: removes what a crash left in the file store (partial writes, files no row
 * refers to) once older than grace_s, so files another ticketd is writing survive.  Returns
 * how many were removed. */
int svc_files_sweep(struct ctx *c, int64_t grace_s);
/* The file store svc_files_init was given (NULL before). */
struct files *svc_files_store(void);

/* `ticketd backup FILE`: the SQLite database copied into FILE while it is being served (one
 * snapshot), and every file its attachments name (originals and thumbnails) copied from the
 * file store into the directory store FILE.files (dir:FILE.files: FILE.files/files/..,
 * FILE.files/thumbs/..).  Restoring is copying FILE to DATA/ticketd.db and what FILE.files holds
 * into DATA (docs/deploy.md).  ERR_INVALID on PostgreSQL (pg_dump), ERR_CONFLICT when FILE
 * or FILE.files exists.  *copied counts the files copied, *missing those the store lacked. */
enum err_code svc_backup(struct ctx *c, const char *file, int *copied, int *missing);

/* One file as the client sent it. */
struct upload_file {
	const char *filename; /* the client's name (display only), may be NULL */
	const void *data;
	size_t len;
};

struct staged_file; /* evidence.c */

/* The files of one request: inline files and/or ids of earlier uploads. */
struct evidence {
	const struct upload_file *files;
	int nfiles;
	const int64_t *upload_ids;
	int nuploads;
	bool photos_only;  /* only images are accepted */
	const char *field; /* the request field named in errors: photos, files */
	/* Filled by evidence_prepare and evidence_stage. */
	struct staged_file *staged;
	int64_t *ids; /* attachment ids after evidence_attach_tx (nfiles + nuploads) */
};

enum err_code evidence_prepare(struct ctx *c, struct evidence *ev);
/* A category that needs a photo needs at least one in ev: 422 naming ev->field else. */
enum err_code evidence_require_photo(struct ctx *c, enum kind k, const char *category,
				     const struct evidence *ev);
enum err_code evidence_stage(struct ctx *c, struct evidence *ev);
void evidence_unstage(struct ctx *c, struct evidence *ev);
/* Inside a transaction: rows for the staged files and claims of the uploads, owned by `by`,
 * on the ticket (and communication, or 0), with one audit event each. */
enum err_code evidence_attach_tx(struct ctx *c, int64_t ticket, int64_t communication, int64_t by,
				 struct evidence *ev);
/* The three steps around a change: prepares and stages ev's files, runs fn(c, arg) in one
 * transaction (svc_tx), and removes the staged bytes when it fails.  ev NULL: svc_tx alone. */
enum err_code evidence_tx(struct ctx *c, struct evidence *ev,
			  enum err_code (*fn)(struct ctx *c, void *arg), void *arg);

/* What evidence_prepare found of file i (its hash and type); false past the files. */
bool evidence_staged(const struct evidence *ev, int i, const char **sha, const char **mime);
/* A stored file's bytes by hash, into malloc'd *data (the caller frees it); for files kept
 * outside the attachments (WhatsApp photos until a ticket takes them). */
enum err_code evidence_load(struct ctx *c, const char *sha, void **data, size_t *len);
/* Opens a stored file by hash for sending (see files_get). */
enum err_code evidence_open(struct ctx *c, const char *sha, struct files_body *out);

/* Creates a ticket with its photos in one transaction (svc_ticket_create is this with
 * none); ev may be NULL. */
enum err_code svc_ticket_create_with(struct ctx *c, enum kind k, const struct ticket_input *in,
				     struct evidence *ev, struct ticket *out);
/* Uploads files for a later request (POST /api/uploads); their rows in *out. */
enum err_code svc_upload(struct ctx *c, struct evidence *ev, struct attachment **out, int *n);
/* Adds files to a ticket the actor may comment on; the ticket's attachments after in *out. */
enum err_code svc_attachments_add(struct ctx *c, enum kind k, const char *id, struct evidence *ev,
				  struct attachment **out, int *n);
enum err_code svc_attachments_list(struct ctx *c, enum kind k, const char *id,
				   struct attachment **out, int *n);
/* The bytes to send for attachment id (its thumbnail when thumb, made on first use) and their
 * type.  On success the caller owns *body (send it, or files_body_release it).  404 when the
 * actor may not see its ticket (or, for an upload, is not its uploader), and for a thumbnail
 * the library cannot make; 503 when the file store cannot be reached. */
enum err_code svc_attachment_open(struct ctx *c, int64_t id, bool thumb, struct attachment *out,
				  struct files_body *body, const char **content_type);
/* What a customer ticket's page shows of its evidence (page.h); in the ctx's arena. */
struct ticket_evidence {
	const char *root_cause, *root_cause_note; /* NULL: none */
	bool has_batch;
	struct batch batch; /* the ticket's batch, when known */
	int64_t photo_count;
};

/* Whether the ticket has the photo its category needs (for updates that change it). */
enum err_code evidence_check_category(struct ctx *c, const struct ticket *t);

#endif
