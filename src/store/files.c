/* Content-addressed files on disk; see files.h. */
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/banned.h"

bool files_name_ok(const char *s)
{
	size_t n = 0;

	for (; s && s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == SHA256_HEX_LEN;
}

const char *files_path(struct arena *a, const char *data_dir, const char *sha, bool thumb)
{
	if (!files_name_ok(sha))
		return NULL;
	return arena_printf(a, "%s/%s/%.2s/%s%s", data_dir, thumb ? "thumbs" : "files", sha,
			    sha + 2, thumb ? ".jpg" : "");
}

static bool mkdir_ok(const char *path)
{
	return mkdir(path, 0750) == 0 || errno == EEXIST;
}

enum err_code files_put(struct arena *a, const char *data_dir, const char *sha, const void *data,
			size_t len, bool thumb, bool *created, struct error *e)
{
	const char *path = files_path(a, data_dir, sha, thumb);
	const char *top = arena_printf(a, "%s/%s", data_dir, thumb ? "thumbs" : "files");
	const char *dir = arena_printf(a, "%s/%.2s", top, sha);
	char *tmp;
	int fd;
	struct stat st;

	*created = false;
	if (!path)
		return err_set(e, ERR_INTERNAL, NULL, "bad file name");
	if (stat(path, &st) == 0 && (size_t)st.st_size == len)
		return ERR_OK; /* the same bytes are there already */
	if (!mkdir_ok(top) || !mkdir_ok(dir))
		return err_set(e, ERR_INTERNAL, NULL, "cannot create %s: %s", dir, strerror(errno));
	tmp = arena_printf(a, "%s/.tmp-XXXXXX", dir);
	fd = mkstemp(tmp);
	if (fd < 0)
		return err_set(e, ERR_INTERNAL, NULL, "cannot write in %s: %s", dir,
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
		return err_set(e, ERR_INTERNAL, NULL, "cannot write a file in %s", dir);
	}
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		return err_set(e, ERR_INTERNAL, NULL, "cannot store a file in %s: %s", dir,
			       strerror(errno));
	}
	*created = true;
	return ERR_OK;
}

void files_remove(struct arena *a, const char *data_dir, const char *sha)
{
	const char *p = files_path(a, data_dir, sha, false);

	if (p)
		unlink(p);
	p = files_path(a, data_dir, sha, true);
	if (p)
		unlink(p);
}
