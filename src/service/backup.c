/* `ticketd backup FILE`; see svc_backup in evidence.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "evidence.h"
#include "service.h"
#include "../store/backup.h"
#include "../store/files/files.h"
#include "../base/banned.h"

#define BACKUP_MAX_FILE (1u << 30) /* larger than any upload ticketd accepts */

/* One stored file of one kind into the backup's store; false when the source lacks it. */
static enum err_code copy_one(struct ctx *c, struct files *to, enum files_kind k, const char *sha,
			      bool *found)
{
	void *data = NULL;
	size_t len = 0;
	bool created;
	enum err_code rc =
	    files_load(svc_files_store(), c->a, k, sha, BACKUP_MAX_FILE, &data, &len, c->e);

	*found = rc == ERR_OK;
	if (rc == ERR_NOT_FOUND) {
		err_clear(c->e);
		return ERR_OK;
	}
	if (!rc)
		rc = files_put(to, c->a, k, sha, k == FILES_THUMB ? "image/jpeg" : NULL, data, len,
			       &created, c->e);
	free(data);
	return rc;
}

enum err_code svc_backup(struct ctx *c, const char *file, int *copied, int *missing)
{
	struct backup_result res;
	struct files *to = NULL;
	struct stat sb;
	const char *dir = arena_printf(c->a, "%s.files", file);
	enum err_code rc;

	*copied = *missing = 0;
	if (!svc_files_store())
		return err_set(c->e, ERR_INTERNAL, NULL, "no file store is open");
	if (stat(dir, &sb) == 0 || errno != ENOENT)
		return err_set(c->e, ERR_CONFLICT, "file", "%s exists already; name a new file",
			       dir);
	rc = store_backup(c->store, c->a, file, &res, c->e);
	if (rc)
		return rc;
	if (mkdir(dir, 0750) != 0)
		return err_set(c->e, ERR_INTERNAL, NULL, "cannot make %s: %s", dir,
			       strerror(errno));
	rc = files_open(arena_printf(c->a, "dir:%s", dir), dir, &to, c->e);
	for (int i = 0; !rc && i < res.nshas; i++) {
		bool original, thumb;

		rc = copy_one(c, to, FILES_ORIGINAL, res.shas[i], &original);
		if (!rc)
			rc = copy_one(c, to, FILES_THUMB, res.shas[i], &thumb);
		*copied += original;
		*missing += !original;
	}
	files_close(to);
	return rc;
}
