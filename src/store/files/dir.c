/* The files backend on a local directory (files.h): PATH/files/ab/cdef... and
 * PATH/thumbs/ab/cdef....jpg, each written to a temporary name in the same directory, synced
 * and renamed, so a reader (or another ticketd on the same directory) never sees half a file.
 * A crash can leave .tmp-* files and files no row refers to; dir_sweep removes those older
 * than a grace period, so that what another process is writing right now survives. */
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../../base/log.h"
#include "../../base/banned.h"

#define TMP_PREFIX ".tmp-"

static const char *const top_dirs[FILES_KIND__MAX] = {"files", "thumbs"};
static const char *const suffixes[FILES_KIND__MAX] = {"", ".jpg"};

struct dir {
	char *root;
	char *label; /* dir:ROOT, for logs */
};

static enum err_code dir_open(const char *spec, void **state, struct error *e)
{
	struct dir *d;

	if (!*spec)
		return err_set(e, ERR_INVALID, "files", "dir: needs a path, e.g. dir:/srv/files");
	d = calloc(1, sizeof(*d));
	if (!d)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	d->root = strdup(spec);
	d->label = malloc(strlen(spec) + 5);
	if (!d->root || !d->label) {
		free(d->root);
		free(d->label);
		free(d);
		return err_set(e, ERR_INTERNAL, NULL, "out of memory");
	}
	snprintf(d->label, strlen(spec) + 5, "dir:%s", spec);
	*state = d;
	return ERR_OK;
}

static void dir_close(void *state)
{
	struct dir *d = state;

	free(d->root);
	free(d->label);
	free(d);
}

static const char *dir_describe(void *state)
{
	return ((struct dir *)state)->label;
}

static bool mkdir_ok(const char *path)
{
	return mkdir(path, 0750) == 0 || errno == EEXIST;
}

static enum err_code dir_probe(void *state, struct error *e)
{
	struct dir *d = state;

	if (!mkdir_ok(d->root) || access(d->root, W_OK | X_OK) != 0)
		return err_set(e, ERR_UNAVAILABLE, NULL, "cannot write in %s: %s", d->root,
			       strerror(errno));
	return ERR_OK;
}

static const char *path_of(struct arena *a, const struct dir *d, enum files_kind k, const char *sha)
{
	return arena_printf(a, "%s/%s/%.2s/%s%s", d->root, top_dirs[k], sha, sha + 2, suffixes[k]);
}

static enum err_code dir_put(void *state, struct arena *a, enum files_kind k, const char *sha,
			     const char *mime, const void *data, size_t len, bool *created,
			     struct error *e)
{
	struct dir *d = state;
	const char *path = path_of(a, d, k, sha);
	const char *top = arena_printf(a, "%s/%s", d->root, top_dirs[k]);
	const char *sub = arena_printf(a, "%s/%.2s", top, sha);
	char *tmp;
	int fd;
	struct stat st;

	(void)mime;
	if (stat(path, &st) == 0 && (size_t)st.st_size == len) {
		/* The same bytes are there already.  Mark them as just stored, so that a sweep in
		 * another process does not take them for a crash's leftovers before our row is
		 * committed. */
		utimensat(AT_FDCWD, path, NULL, 0);
		return ERR_OK;
	}
	if (!mkdir_ok(d->root) || !mkdir_ok(top) || !mkdir_ok(sub))
		return err_set(e, ERR_INTERNAL, NULL, "cannot create %s: %s", sub, strerror(errno));
	tmp = arena_printf(a, "%s/" TMP_PREFIX "XXXXXX", sub);
	fd = mkstemp(tmp);
	if (fd < 0)
		return err_set(e, ERR_INTERNAL, NULL, "cannot write in %s: %s", sub,
			       strerror(errno));
	const char *p = data;
	size_t left = len;

	while (left) {
		ssize_t w = write(fd, p, left);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		p += w;
		left -= (size_t)w;
	}
	if (left || fsync(fd) != 0 || close(fd) != 0) {
		if (left)
			close(fd);
		unlink(tmp);
		return err_set(e, ERR_INTERNAL, NULL, "cannot write a file in %s", sub);
	}
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		return err_set(e, ERR_INTERNAL, NULL, "cannot store a file in %s: %s", sub,
			       strerror(errno));
	}
	*created = true;
	return ERR_OK;
}

static enum err_code dir_get(void *state, struct arena *a, enum files_kind k, const char *sha,
			     struct files_body *out, struct error *e)
{
	const char *path = path_of(a, state, k, sha);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;

	if (fd < 0 && errno == ENOENT)
		return err_set(e, ERR_NOT_FOUND, NULL, "no stored file %.12s...", sha);
	if (fd < 0 || fstat(fd, &st) != 0) {
		if (fd >= 0)
			close(fd);
		return err_set(e, ERR_INTERNAL, NULL, "cannot read %s: %s", path, strerror(errno));
	}
	out->fd = fd;
	out->size = (uint64_t)st.st_size;
	return ERR_OK;
}

static void dir_remove(void *state, struct arena *a, const char *sha)
{
	for (int k = 0; k < FILES_KIND__MAX; k++)
		unlink(path_of(a, state, (enum files_kind)k, sha));
}

/* The hash a stored file's name stands for (its two-character directory and the rest), or
 * false for a name no backend call makes. */
static bool sha_of(const char *sub, const char *name, enum files_kind k, char *sha)
{
	size_t n = strlen(name), sl = strlen(suffixes[k]);

	if (n != SHA256_HEX_LEN - 2 + sl || strcmp(name + n - sl, suffixes[k]))
		return false;
	memcpy(sha, sub, 2);
	memcpy(sha + 2, name, SHA256_HEX_LEN - 2);
	sha[SHA256_HEX_LEN] = '\0';
	return files_name_ok(sha);
}

static bool hex_pair(const char *s)
{
	for (int i = 0; i < 2; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[2] == '\0';
}

static void dir_sweep(void *state, int64_t grace_s, bool (*used)(void *arg, const char *sha),
		      void *arg, int *removed)
{
	struct dir *d = state;
	time_t now = time(NULL);
	char path[4096], sha[SHA256_HEX_LEN + 1];

	for (int k = 0; k < FILES_KIND__MAX; k++) {
		snprintf(path, sizeof(path), "%s/%s", d->root, top_dirs[k]);
		DIR *top = opendir(path);
		struct dirent *sub;

		while (top && (sub = readdir(top))) {
			if (!hex_pair(sub->d_name))
				continue;
			snprintf(path, sizeof(path), "%s/%s/%s", d->root, top_dirs[k], sub->d_name);
			DIR *dd = opendir(path);
			struct dirent *de;

			while (dd && (de = readdir(dd))) {
				struct stat st;
				bool tmp = !strncmp(de->d_name, TMP_PREFIX, strlen(TMP_PREFIX));

				if (!tmp &&
				    !sha_of(sub->d_name, de->d_name, (enum files_kind)k, sha))
					continue;
				if (fstatat(dirfd(dd), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
				    !S_ISREG(st.st_mode) || now - st.st_mtime < grace_s)
					continue;
				if (!tmp && used(arg, sha))
					continue;
				if (unlinkat(dirfd(dd), de->d_name, 0) == 0)
					(*removed)++;
				else
					log_warn("files: cannot remove %s/%s: %s", path, de->d_name,
						 strerror(errno));
			}
			if (dd)
				closedir(dd);
		}
		if (top)
			closedir(top);
	}
}

const struct files_ops files_dir_ops = {
    .scheme = "dir:",
    .open = dir_open,
    .probe = dir_probe,
    .put = dir_put,
    .get = dir_get,
    .remove = dir_remove,
    .sweep = dir_sweep,
    .describe = dir_describe,
    .close = dir_close,
};
