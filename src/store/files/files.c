/* The files interface: picks the backend a URL names and dispatches to it; see files.h. */
#include "files.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../base/banned.h"

struct files {
	const struct files_ops *ops;
	void *state;
};

static const struct files_ops *const backends[] = {&files_dir_ops, &files_s3_ops};

bool files_name_ok(const char *s)
{
	size_t n = 0;

	for (; s && s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == SHA256_HEX_LEN;
}

enum err_code files_open(const char *url, const char *default_dir, struct files **out,
			 struct error *e)
{
	const struct files_ops *ops = NULL;
	const char *spec = NULL;
	struct files *f;
	enum err_code rc;

	*out = NULL;
	if (!url || !*url) {
		ops = &files_dir_ops;
		spec = default_dir;
	}
	for (size_t i = 0; !ops && i < sizeof(backends) / sizeof(backends[0]); i++) {
		size_t n = strlen(backends[i]->scheme);

		if (!strncmp(url, backends[i]->scheme, n)) {
			ops = backends[i];
			spec = url + n;
		}
	}
	if (!ops)
		return err_set(e, ERR_INVALID, "files",
			       "files URL '%.80s' is neither dir:PATH nor s3://BUCKET?endpoint=...",
			       url);
	f = calloc(1, sizeof(*f));
	if (!f)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	f->ops = ops;
	rc = ops->open(spec, &f->state, e);
	if (rc) {
		free(f);
		return rc;
	}
	*out = f;
	return ERR_OK;
}

void files_close(struct files *f)
{
	if (!f)
		return;
	f->ops->close(f->state);
	free(f);
}

const char *files_describe(const struct files *f)
{
	return f->ops->describe(f->state);
}

enum err_code files_probe(struct files *f, struct error *e)
{
	return f->ops->probe(f->state, e);
}

enum err_code files_put(struct files *f, struct arena *a, enum files_kind k, const char *sha,
			const char *mime, const void *data, size_t len, bool *created,
			struct error *e)
{
	*created = false;
	if (!files_name_ok(sha))
		return err_set(e, ERR_INTERNAL, NULL, "bad file name");
	return f->ops->put(f->state, a, k, sha, mime, data, len, created, e);
}

enum err_code files_get(struct files *f, struct arena *a, enum files_kind k, const char *sha,
			struct files_body *out, struct error *e)
{
	memset(out, 0, sizeof(*out));
	out->fd = -1;
	if (!files_name_ok(sha))
		return err_set(e, ERR_NOT_FOUND, NULL, "bad file name");
	return f->ops->get(f->state, a, k, sha, out, e);
}

void files_body_release(struct files_body *b)
{
	if (b->fd >= 0)
		close(b->fd);
	else if (b->release)
		b->release(b->cls);
	b->fd = -1;
	b->release = NULL;
}

enum err_code files_load(struct files *f, struct arena *a, enum files_kind k, const char *sha,
			 size_t max, void **data, size_t *len, struct error *e)
{
	struct files_body b;
	enum err_code rc = files_get(f, a, k, sha, &b, e);
	char *buf = NULL;
	uint64_t got = 0;

	*data = NULL;
	*len = 0;
	if (rc)
		return rc;
	if (b.size > max) {
		rc = err_set(e, ERR_TOO_LARGE, NULL, "the stored file is larger than %zu bytes",
			     max);
		goto out;
	}
	buf = malloc(b.size ? (size_t)b.size : 1);
	if (!buf) {
		rc = err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto out;
	}
	while (got < b.size) {
		ssize_t n;

		if (b.fd >= 0)
			n = read(b.fd, buf + got, (size_t)(b.size - got));
		else
			n = b.read(b.cls, got, buf + got, (size_t)(b.size - got));
		if (n < 0 && b.fd >= 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = err_set(e, ERR_UNAVAILABLE, NULL,
				     "the file store stopped midway through a file");
			goto out;
		}
		got += (uint64_t)n;
	}
	*data = buf;
	*len = (size_t)got;
	buf = NULL;
out:
	free(buf);
	files_body_release(&b);
	return rc;
}

void files_remove(struct files *f, struct arena *a, const char *sha)
{
	if (files_name_ok(sha))
		f->ops->remove(f->state, a, sha);
}

int files_sweep(struct files *f, int64_t grace_s, bool (*used)(void *arg, const char *sha),
		void *arg)
{
	int removed = 0;

	if (f->ops->sweep)
		f->ops->sweep(f->state, grace_s, used, arg, &removed);
	return removed;
}
