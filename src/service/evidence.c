/* Files on tickets; see evidence.h. */
#include "evidence.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/clock.h"
#include "../domain/policy.h"
#include "../media/media.h"
#include "../store/root_cause.h"
#include "../store/files/files.h"
#include "../base/utf8.h"
#include "../base/banned.h"

#define FILENAME_MAX_BYTES 200

static struct files *files;
static size_t max_file = EVIDENCE_MAX_FILE;

void svc_files_init(struct files *f, size_t max)
{
	files = f;
	max_file = max;
}

struct files *svc_files_store(void)
{
	return files;
}

size_t svc_files_max_file(void)
{
	return max_file;
}

static bool sha_used(void *arg, const char *sha)
{
	return store_attachment_sha_maybe_used(arg, sha);
}

int svc_files_sweep(struct ctx *c, int64_t grace_s)
{
	struct db *db = svc_db(c);

	return db ? files_sweep(files, grace_s, sha_used, db) : 0;
}

struct staged_file {
	char sha[SHA256_HEX_LEN + 1];
	const char *mime;
	const char *filename;
	int64_t taken_at;
	bool created; /* this request wrote the bytes */
};

/* The client's name for display: its last path component, without control characters or
 * quotes, valid UTF-8 (a byte that is not part of a well-formed sequence becomes U+FFFD:
 * jansson refuses to write anything else, and the record would vanish from the replies),
 * at most FILENAME_MAX_BYTES (on a UTF-8 boundary).  Never used as a path. */
static const char *display_name(struct arena *a, const char *name, const char *mime)
{
	const char *base = name ? name : "";
	char *out, *kept;
	size_t n = 0;

	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	kept = arena_alloc(a, strlen(base) + 1);
	for (const unsigned char *p = (const unsigned char *)base; *p; p++)
		if (*p >= 0x20 && *p != 0x7f && *p != '"')
			kept[n++] = (char)*p;
	kept[n] = '\0';
	out = arena_strdup(a, utf8_scrub(a, kept));
	n = strlen(out);
	while (n > FILENAME_MAX_BYTES ||
	       (n && ((unsigned char)out[n] & 0xC0) == 0x80 && n > FILENAME_MAX_BYTES - 4))
		n--;
	out[n] = '\0';
	if (!n || !strcmp(out, ".") || !strcmp(out, ".."))
		return !strcmp(mime, "application/pdf") ? "document.pdf" : "photo";
	return out;
}

enum err_code evidence_prepare(struct ctx *c, struct evidence *ev)
{
	ev->staged = arena_zalloc(c->a, sizeof(*ev->staged) * (size_t)(ev->nfiles + 1));
	for (int i = 0; i < ev->nfiles; i++) {
		const struct upload_file *f = &ev->files[i];
		struct staged_file *s = &ev->staged[i];
		unsigned char hash[crypto_hash_sha256_BYTES];
		char found[128];

		if (f->len == 0)
			return err_set(c->e, ERR_INVALID, ev->field, "file %d (%s) is empty", i + 1,
				       display_name(c->a, f->filename, ""));
		if (f->len > max_file)
			return err_set(c->e, ERR_TOO_LARGE, ev->field,
				       "file %d (%s) is larger than %zu bytes", i + 1,
				       display_name(c->a, f->filename, ""), max_file);
		s->mime = media_sniff(f->data, f->len, found, sizeof(found));
		if (!s->mime || (ev->photos_only && !media_is_image(s->mime)))
			return err_set(c->e, ERR_UNSUPPORTED, ev->field,
				       "file %d (%s) is %s by its content; %s", i + 1,
				       display_name(c->a, f->filename, ""), found,
				       ev->photos_only ? "photos are JPEG, PNG, WebP or HEIC"
						       : "files are JPEG, PNG, WebP or HEIC "
							 "images, or PDF documents");
		crypto_hash_sha256(hash, f->data, f->len);
		sodium_bin2hex(s->sha, sizeof(s->sha), hash, sizeof(hash));
		s->filename = display_name(c->a, f->filename, s->mime);
		s->taken_at = media_is_image(s->mime) ? media_taken_at(f->data, f->len) : 0;
	}
	return ERR_OK;
}

bool evidence_staged(const struct evidence *ev, int i, const char **sha, const char **mime)
{
	if (!ev->staged || i < 0 || i >= ev->nfiles)
		return false;
	*sha = ev->staged[i].sha;
	*mime = ev->staged[i].mime;
	return true;
}

enum err_code evidence_load(struct ctx *c, const char *sha, void **data, size_t *len)
{
	return files_load(files, c->a, FILES_ORIGINAL, sha, max_file, data, len, c->e);
}

enum err_code evidence_open(struct ctx *c, const char *sha, struct files_body *out)
{
	return files_get(files, c->a, FILES_ORIGINAL, sha, out, c->e);
}

enum err_code evidence_require_photo(struct ctx *c, enum kind k, const char *category,
				     const struct evidence *ev)
{
	const struct category *cat = category_find(k, category);
	int photos = 0;

	if (!cat || !cat->photo_required)
		return ERR_OK;
	for (int i = 0; ev && i < ev->nfiles; i++)
		photos += ev->staged && media_is_image(ev->staged[i].mime);
	if (photos || (ev && ev->nuploads))
		return ERR_OK;
	return err_add(c->e, ERR_INVALID, "photos",
		       "'%s' (%s) needs at least one photo: send it as a 'photos' part, or upload "
		       "it first and give its id in 'photo_upload_ids'",
		       cat->label, category);
}

enum err_code evidence_stage(struct ctx *c, struct evidence *ev)
{
	for (int i = 0; i < ev->nfiles; i++) {
		enum err_code rc =
		    files_put(files, c->a, FILES_ORIGINAL, ev->staged[i].sha, ev->staged[i].mime,
			      ev->files[i].data, ev->files[i].len, &ev->staged[i].created, c->e);

		if (rc) {
			evidence_unstage(c, ev);
			return rc;
		}
	}
	return ERR_OK;
}

void evidence_unstage(struct ctx *c, struct evidence *ev)
{
	struct db *db = svc_db(c);

	for (int i = 0; ev && ev->staged && i < ev->nfiles; i++)
		if (ev->staged[i].created && db &&
		    !store_attachment_sha_maybe_used(db, ev->staged[i].sha)) {
			files_remove(files, c->a, ev->staged[i].sha);
			ev->staged[i].created = false;
		}
}

static enum err_code attachment_event(struct ctx *c, int64_t ticket, int64_t by,
				      const struct attachment *at)
{
	struct ticket_event e = {
	    .at = clock_now(),
	    .actor_id = by,
	    .type = "attachment",
	    .field = at->kind,
	    .new_value = arena_printf(c->a, "%lld", (long long)at->id),
	    .note = arena_printf(c->a, "%s added: %s",
				 !strcmp(at->kind, "photo") ? "Photo" : "File", at->filename),
	};

	return store_event_add(svc_db(c), &e, ticket, c->e);
}

enum err_code evidence_attach_tx(struct ctx *c, int64_t ticket, int64_t communication, int64_t by,
				 struct evidence *ev)
{
	struct db *db = svc_db(c);
	enum err_code rc;

	if (!ev)
		return ERR_OK;
	ev->ids = arena_zalloc(c->a, sizeof(*ev->ids) * (size_t)(ev->nfiles + ev->nuploads + 1));
	for (int i = 0; i < ev->nfiles; i++) {
		const struct staged_file *s = &ev->staged[i];
		struct attachment at = {
		    .ticket_id = ticket,
		    .communication_id = communication,
		    .sha256 = s->sha,
		    .filename = s->filename,
		    .content_type = s->mime,
		    .size = (int64_t)ev->files[i].len,
		    .kind = media_is_image(s->mime) ? "photo" : "document",
		    .uploaded_by = by,
		    .uploaded_at = clock_now(),
		    .taken_at = s->taken_at,
		};

		rc = store_attachment_insert(db, &at, &at.id, c->e);
		if (!rc && ticket)
			rc = attachment_event(c, ticket, by, &at);
		if (rc)
			return rc;
		ev->ids[i] = at.id;
	}
	for (int i = 0; i < ev->nuploads; i++) {
		struct attachment at;
		const char *field = ev->photos_only ? "photo_upload_ids" : "upload_ids";

		rc = store_attachment_claim(db, ev->upload_ids[i], by, ticket, communication,
					    ev->photos_only, field, c->e);
		if (!rc)
			rc = store_attachment_get(db, c->a, ev->upload_ids[i], &at, c->e);
		if (!rc)
			rc = attachment_event(c, ticket, by, &at);
		if (rc)
			return rc;
		ev->ids[ev->nfiles + i] = ev->upload_ids[i];
	}
	return ERR_OK;
}

struct upload_args {
	struct evidence *ev;
};

static enum err_code upload_tx(struct ctx *c, void *arg)
{
	return evidence_attach_tx(c, 0, 0, c->who->id, arg);
}

enum err_code evidence_tx(struct ctx *c, struct evidence *ev,
			  enum err_code (*fn)(struct ctx *c, void *arg), void *arg)
{
	enum err_code rc;

	if (!ev)
		return svc_tx(c, fn, arg);
	rc = evidence_prepare(c, ev);
	if (!rc)
		rc = evidence_stage(c, ev);
	if (rc)
		return rc;
	rc = svc_tx(c, fn, arg);
	if (rc)
		evidence_unstage(c, ev);
	return rc;
}

enum err_code svc_upload(struct ctx *c, struct evidence *ev, struct attachment **out, int *n)
{
	enum err_code rc;

	*n = 0;
	if (!c->who || !policy_can_work(c->who->role, KIND_B2B))
		return err_set(c->e, ERR_FORBIDDEN, NULL, "only support staff upload files");
	if (ev->nfiles == 0)
		return err_set(c->e, ERR_INVALID, ev->field,
			       "send at least one file as a '%s' part", ev->field);
	ev->nuploads = 0;
	rc = evidence_tx(c, ev, upload_tx, ev);
	if (rc)
		return rc;
	*out = arena_zalloc(c->a, sizeof(**out) * (size_t)ev->nfiles);
	for (int i = 0; i < ev->nfiles && !rc; i++)
		rc = store_attachment_get(svc_db(c), c->a, ev->ids[i], &(*out)[i], c->e);
	*n = rc ? 0 : ev->nfiles;
	return rc;
}

struct add_args {
	enum kind kind;
	const char *id;
	struct evidence *ev;
	struct ticket t;
};

static enum err_code add_tx(struct ctx *c, void *arg)
{
	struct add_args *aa = arg;
	enum err_code rc = svc_ticket_get(c, aa->kind, aa->id, &aa->t);

	if (rc)
		return rc;
	if (c->who &&
	    !policy_allows(c->who->role, aa->kind, ACT_COMMENT, c->who->id, aa->t.created_by))
		return err_set(c->e, ERR_FORBIDDEN, NULL, "a %s may not add files to %s",
			       role_name(c->who->role), aa->t.number);
	if (aa->t.status == ST_CLOSED)
		return err_set(c->e, ERR_CONFLICT, "status", "%s is closed", aa->t.number);
	rc = evidence_attach_tx(c, aa->t.id, 0, c->who ? c->who->id : aa->t.created_by, aa->ev);
	return rc ? rc : store_ticket_touch(svc_db(c), aa->t.id, clock_now(), c->e);
}

enum err_code svc_attachments_add(struct ctx *c, enum kind k, const char *id, struct evidence *ev,
				  struct attachment **out, int *n)
{
	struct add_args aa = {k, id, ev, {0}};
	enum err_code rc;

	*n = 0;
	if (ev->nfiles + ev->nuploads == 0)
		return err_set(c->e, ERR_INVALID, ev->field,
			       "send at least one file as a '%s' part", ev->field);
	rc = evidence_tx(c, ev, add_tx, &aa);
	return rc ? rc : store_attachments_of(svc_db(c), c->a, aa.t.id, out, n, c->e);
}

enum err_code svc_attachments_list(struct ctx *c, enum kind k, const char *id,
				   struct attachment **out, int *n)
{
	struct ticket t;
	enum err_code rc = svc_ticket_get(c, k, id, &t);

	*n = 0;
	return rc ? rc : store_attachments_of(svc_db(c), c->a, t.id, out, n, c->e);
}

/* Makes and stores the thumbnail of an image attachment whose thumbnail is not stored yet. */
static enum err_code make_thumbnail(struct ctx *c, const struct attachment *at)
{
	void *orig = NULL, *tdata = NULL;
	size_t len = 0, tlen = 0;
	bool made = false;
	enum err_code rc;

	if (!media_is_image(at->content_type))
		return err_set(c->e, ERR_NOT_FOUND, "size", "a document has no thumbnail");
	rc = files_load(files, c->a, FILES_ORIGINAL, at->sha256,
			(size_t)at->size > max_file ? (size_t)at->size : max_file, &orig, &len,
			c->e);
	if (!rc && media_thumbnail(orig, len, at->content_type, EVIDENCE_THUMB_PX, &tdata, &tlen))
		rc = files_put(files, c->a, FILES_THUMB, at->sha256, "image/jpeg", tdata, tlen,
			       &made, c->e);
	else if (!rc)
		rc = err_set(c->e, ERR_NOT_FOUND, "size",
			     "no thumbnail can be made of this %s; download the file",
			     at->content_type);
	else if (rc == ERR_NOT_FOUND)
		rc = err_set(c->e, ERR_INTERNAL, NULL,
			     "the stored file of attachment %lld is missing", (long long)at->id);
	free(orig);
	free(tdata);
	return rc;
}

enum err_code svc_attachment_open(struct ctx *c, int64_t id, bool thumb, struct attachment *out,
				  struct files_body *body, const char **content_type)
{
	struct db *db = svc_db(c);
	struct ticket t;
	enum err_code rc;
	enum files_kind k = thumb ? FILES_THUMB : FILES_ORIGINAL;

	if (!db)
		return err_set(c->e, ERR_UNAVAILABLE, NULL, "the database is unavailable");
	rc = store_attachment_get(db, c->a, id, out, c->e);
	if (rc)
		return rc;
	if (out->ticket_id) {
		/* Seeing the file is seeing its ticket: the same rule, the same 404. */
		rc = store_ticket_get(db, c->a, out->ticket_id, &t, c->e);
		if (!rc)
			rc = svc_ticket_get(c, t.kind, arena_printf(c->a, "%lld", (long long)t.id),
					    &t);
	} else if (c->who && c->who->id != out->uploaded_by) {
		rc = ERR_NOT_FOUND;
	}
	if (rc == ERR_NOT_FOUND || rc == ERR_FORBIDDEN)
		return err_set(c->e, ERR_NOT_FOUND, NULL, "no attachment %lld", (long long)id);
	if (rc)
		return rc;
	*content_type = thumb ? "image/jpeg" : out->content_type;
	rc = files_get(files, c->a, k, out->sha256, body, c->e);
	if (rc == ERR_NOT_FOUND && thumb) {
		rc = make_thumbnail(c, out);
		if (rc)
			return rc; /* its own 404 (none can be made) or the store's error */
		rc = files_get(files, c->a, k, out->sha256, body, c->e);
	}
	if (rc == ERR_NOT_FOUND)
		return err_set(c->e, ERR_INTERNAL, NULL,
			       "the stored file of attachment %lld is missing", (long long)id);
	return rc;
}

enum err_code evidence_check_category(struct ctx *c, const struct ticket *t)
{
	const struct category *cat = category_find(t->kind, t->v[TF_CATEGORY]);

	if (!cat || !cat->photo_required || store_attachment_photo_count(svc_db(c), t->id) > 0)
		return ERR_OK;
	return err_set(c->e, ERR_INVALID, "photos",
		       "'%s' needs at least one photo: add it with POST .../attachments first",
		       cat->label);
}
