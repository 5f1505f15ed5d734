/* Where the bytes of uploaded files live: one interface, two backends (as curl's vtls has one
 * struct Curl_ssl and a file per TLS library).  A file is named by its SHA-256 only, never by
 * anything a client sent; each is stored once, with its thumbnail beside it.
 *
 *   dir:PATH     a local directory (dir.c): PATH/files/ab/cdef..., PATH/thumbs/ab/cdef....jpg
 *   s3://BUCKET[/PREFIX]?endpoint=URL&region=R[&style=path|virtual]
 *                S3-compatible object storage (s3.c): keys PREFIX/files/SHA, PREFIX/thumbs/SHA.jpg,
 *                signed with AWS SigV4 by libcurl; keys from AWS_ACCESS_KEY_ID,
 *                AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.
 *
 * A struct files is opened once at start-up and is then shared, read-only, by every thread;
 * each call is independent.  No call hands out a location a client could fetch from: the bytes
 * always flow through ticketd, after its own permission check.  Failures come back as values:
 * ERR_NOT_FOUND for a file that is not there, ERR_UNAVAILABLE when the store cannot be reached
 * or refuses ticketd (bad keys, no bucket, 5xx), ERR_INTERNAL for the rest; e says which. */
#ifndef TICKETD_STORE_FILES_H
#define TICKETD_STORE_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../../base/arena.h"
#include "../../base/err.h"

#define SHA256_HEX_LEN 64

enum files_kind { FILES_ORIGINAL, FILES_THUMB, FILES_KIND__MAX };

struct files;

/* The bytes of one stored file, to be sent to a client.  Either fd >= 0 (an open file, to be
 * closed by whoever sends it) or read/release: read copies up to max bytes from offset pos
 * into buf and returns how many, or -1 when the store fails midway; release is called once,
 * sent or not.  Whoever takes a files_body owns it from then on. */
struct files_body {
	uint64_t size;
	int fd;
	ssize_t (*read)(void *cls, uint64_t pos, char *buf, size_t max);
	void (*release)(void *cls);
	void *cls;
};

/* What a backend does; files.c dispatches to it.  State is the backend's own. */
struct files_ops {
	const char *scheme; /* the URL's prefix: "dir:", "s3://" */
	/* Parses spec (the URL after the scheme); no I/O beyond reading the environment. */
	enum err_code (*open)(const char *spec, void **state, struct error *e);
	/* Whether the store answers and accepts ticketd: at start-up, to say early what is wrong.
	 */
	enum err_code (*probe)(void *state, struct error *e);
	enum err_code (*put)(void *state, struct arena *a, enum files_kind k, const char *sha,
			     const char *mime, const void *data, size_t len, bool *created,
			     struct error *e);
	enum err_code (*get)(void *state, struct arena *a, enum files_kind k, const char *sha,
			     struct files_body *out, struct error *e);
	void (*remove)(void *state, struct arena *a, const char *sha);
	/* Removes leftovers of a crash older than grace_s: partial writes, and files whose hash
	 * used() says no row refers to.  NULL: the backend has none to sweep. */
	void (*sweep)(void *state, int64_t grace_s, bool (*used)(void *arg, const char *sha),
		      void *arg, int *removed);
	const char *(*describe)(void *state); /* for logs: never shows a secret */
	void (*close)(void *state);
};

extern const struct files_ops files_dir_ops, files_s3_ops;

/* Whether s is 64 lowercase hex digits (the only names the backends accept). */
bool files_name_ok(const char *sha_hex);

/* Opens the store a --files URL names (see above); default_dir is used for an empty url.
 * On success *out is the caller's until files_close.  ERR_INVALID for a malformed URL or
 * missing keys, with the reason in e. */
enum err_code files_open(const char *url, const char *default_dir, struct files **out,
			 struct error *e);
void files_close(struct files *f);
const char *files_describe(const struct files *f);
enum err_code files_probe(struct files *f, struct error *e);

/* Stores the bytes under their hash unless they are there already (*created says whether this
 * call stored them).  A reader never sees half a file. */
enum err_code files_put(struct files *f, struct arena *a, enum files_kind k, const char *sha,
			const char *mime, const void *data, size_t len, bool *created,
			struct error *e);
/* Opens the stored bytes for sending; ERR_NOT_FOUND when there are none.  On success the
 * caller owns *out (see struct files_body). */
enum err_code files_get(struct files *f, struct arena *a, enum files_kind k, const char *sha,
			struct files_body *out, struct error *e);
/* Reads the whole file into malloc'd memory (the caller frees *data); ERR_TOO_LARGE past max
 * bytes.  For making a thumbnail. */
enum err_code files_load(struct files *f, struct arena *a, enum files_kind k, const char *sha,
			 size_t max, void **data, size_t *len, struct error *e);
/* Removes the file of this hash and its thumbnail, if any; failures are only logged. */
void files_remove(struct files *f, struct arena *a, const char *sha);
/* See files_ops.sweep; returns how many were removed (0 for a backend without a sweep). */
int files_sweep(struct files *f, int64_t grace_s, bool (*used)(void *arg, const char *sha),
		void *arg);

/* Releases a body that will not be sent. */
void files_body_release(struct files_body *b);

#endif
