/*
 * path.c - the files a user names beside the base: as the audit trail
 * records them, and never the base's own.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crm-internal.h"

char *
crm_path_absolute(const char *path, struct crm_err *e)
{
	const char *slash = strrchr(path, '/'), *base;
	char *dir, *real, *p;

	if (slash == NULL) {
		dir = strdup(".");
		base = path;
	} else {
		dir = slash == path ? strdup("/") :
		    strndup(path, (size_t)(slash - path));
		base = slash + 1;
	}
	if (dir == NULL) {
		crm_err_set(e, CRM_EDB, "out of memory");
		return NULL;
	}
	if ((real = realpath(dir, NULL)) == NULL) {
		crm_err_errno(e, errno, dir);
		free(dir);
		return NULL;
	}
	free(dir);
	if (asprintf(&p, "%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/",
	    base) < 0) {
		crm_err_set(e, CRM_EDB, "out of memory");
		p = NULL;
	}
	free(real);
	return p;
}

int
crm_path_is_base(const struct crm_db *db, const char *path)
{
	static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
	struct stat given, own;
	char name[PATH_MAX];
	size_t i;

	if (stat(path, &given) == -1)
		return 0;
	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++)
		if ((size_t)snprintf(name, sizeof(name), "%s%s", db->path,
		    suffix[i]) < sizeof(name) && stat(name, &own) == 0 &&
		    own.st_dev == given.st_dev && own.st_ino == given.st_ino)
			return 1;
	return 0;
}
