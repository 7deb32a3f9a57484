/*
 * backup.c - the whole base copied while others work.  VACUUM INTO reads
 * the base in one read transaction (a consistent snapshot; in WAL mode
 * writers go on, and readers were never in the way) and writes a compact
 * copy without a journal into a temporary file beside the target; the
 * copy is synced to disk and renamed to the target, so the target is
 * whole or absent.  The files are made after crm_db_open gave up the
 * shared install's group: with the user's own rights.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crm-internal.h"

/*
 * The temporary file, removed by a signal that ends the process while
 * it is being written: interrupted, nothing is left behind.
 */
static char pending[PATH_MAX];
static volatile sig_atomic_t armed;
static const int fatal_signals[] = { SIGHUP, SIGINT, SIGTERM };
#define NFATAL (sizeof(fatal_signals) / sizeof(fatal_signals[0]))

static void
remove_pending(int sig)
{
	if (armed)
		unlink(pending);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Remove path should a signal end the process, until disarm. */
static void
arm(const char *path, struct sigaction *saved)
{
	struct sigaction sa;
	size_t i;

	snprintf(pending, sizeof(pending), "%s", path);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = remove_pending;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NFATAL; i++)
		sigaction(fatal_signals[i], &sa, &saved[i]);
	armed = 1;
}

static void
disarm(const struct sigaction *saved)
{
	size_t i;

	armed = 0;
	for (i = 0; i < NFATAL; i++)
		sigaction(fatal_signals[i], &saved[i], NULL);
}

/*
 * Where the copy is made before it is renamed: ".NAME.XXXXXX" in file's
 * folder, or in the temporary folder for standard output.  malloc'd.
 */
static char *
temporary_name(const char *file, int to_stdout)
{
	const char *slash = strrchr(file, '/'), *dir;
	char *tmp;
	int n;

	if (to_stdout) {
		/* A privileged process has no TMPDIR: glibc removed it. */
		if ((dir = getenv("TMPDIR")) == NULL || *dir != '/')
			dir = "/tmp";
		n = asprintf(&tmp, "%s/.crm-backup.XXXXXX", dir);
	} else if (slash == NULL)
		n = asprintf(&tmp, ".%s.XXXXXX", file);
	else
		n = asprintf(&tmp, "%.*s.%s.XXXXXX", (int)(slash - file + 1),
		    file, slash + 1);
	return n < 0 ? NULL : tmp;
}

/* A target that exists is replaced only when asked, and never a folder. */
static int
check_target(struct crm_db *db, const char *file, int force,
    struct crm_err *e)
{
	struct stat sb;

	if (lstat(file, &sb) == -1)
		return errno == ENOENT ? CRM_OK : crm_err_errno(e, errno, file);
	if (S_ISDIR(sb.st_mode))
		return crm_err_set(e, CRM_EUSAGE, "%s is a folder; name the "
		    "backup file", file);
	if (crm_path_is_base(db, file))
		return crm_err_set(e, CRM_EUSAGE, "%s is the base itself",
		    file);
	if (!force)
		return crm_err_set(e, CRM_EUSAGE, "%s exists; --force "
		    "replaces it", file);
	return CRM_OK;
}

/* The audit row, committed before the copy: the copy holds it. */
static int
audit_backup(struct crm_db *db, const char *where, struct crm_err *e)
{
	int rc;

	if ((rc = crm_db_begin(db, e)) != CRM_OK)
		return rc;
	if ((rc = crm_audit(db, "backup", "base", 0, "file", NULL, where, 0,
	    e)) == CRM_OK)
		return crm_db_commit(db, e);
	crm_db_rollback(db);
	return rc;
}

static int
vacuum_into(struct crm_db *db, const char *tmp, struct crm_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = crm_db_prepare(db, "VACUUM INTO ?1", &st, e)) != CRM_OK)
		return rc;
	sqlite3_bind_text(st, 1, tmp, -1, SQLITE_STATIC);
	return crm_db_step_done(db, st, "backup", e);
}

/* Put the copy in place: over file when force, else only if none is. */
static int
move_into_place(const char *tmp, const char *file, int force,
    struct crm_err *e)
{
	int r;

	if (force)
		r = rename(tmp, file);
	else if ((r = renameat2(AT_FDCWD, tmp, AT_FDCWD, file,
	    RENAME_NOREPLACE)) == -1 && errno == EINVAL) {
		/* A file system without it: a link cannot replace either. */
		if ((r = link(tmp, file)) == 0)
			unlink(tmp);
	}
	if (r == -1 && errno == EEXIST)
		return crm_err_set(e, CRM_EUSAGE, "%s exists; --force replaces "
		    "it", file);
	if (r == -1)
		return crm_err_errno(e, errno, file);
	return CRM_OK;
}

/* Sync the folder of file, so the rename itself survives a crash. */
static int
sync_folder(const char *file, struct crm_err *e)
{
	const char *slash = strrchr(file, '/');
	char *dir;
	int fd, rc = CRM_OK;

	dir = slash == NULL ? strdup(".") : slash == file ? strdup("/") :
	    strndup(file, (size_t)(slash - file));
	if (dir == NULL)
		return crm_err_set(e, CRM_EDB, "out of memory");
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fsync(fd) == -1)
		rc = crm_err_errno(e, errno, dir);
	if (fd != -1)
		close(fd);
	free(dir);
	return rc;
}

/* Copy the open file fd, from its start, to standard output. */
static int
send_to_stdout(int fd, struct crm_err *e)
{
	char buf[65536];
	struct stat sb;
	ssize_t n, w;
	size_t off;

	if (lseek(fd, 0, SEEK_SET) == -1)
		return crm_err_errno(e, errno, "backup");
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return crm_err_errno(e, errno, "backup");
		for (off = 0; off < (size_t)n; off += (size_t)w)
			if ((w = write(STDOUT_FILENO, buf + off, (size_t)n -
			    off)) == -1 && errno != EINTR)
				return crm_err_set(e, CRM_EDB, "standard "
				    "output: %s", strerror(errno));
			else if (w == -1)
				w = 0;
	}
	/* Redirected to a file: on disk before success is said. */
	if (fstat(STDOUT_FILENO, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    fsync(STDOUT_FILENO) == -1)
		return crm_err_set(e, CRM_EDB, "standard output: %s",
		    strerror(errno));
	return CRM_OK;
}

int
crm_backup(struct crm_db *db, const char *file, int force, struct crm_err *e)
{
	struct sigaction saved[NFATAL];
	int to_stdout = strcmp(file, "-") == 0, fd = -1, gone = 0, rc;
	char *tmp = NULL, *where = NULL;

	if ((rc = crm_access_need(db, CRM_ROLES_ADMIN, "a backup", e)) !=
	    CRM_OK)
		return rc;
	if (*file == '\0')
		return crm_err_set(e, CRM_EUSAGE, "name the backup file "
		    "(- for standard output)");
	if (to_stdout && isatty(STDOUT_FILENO))
		return crm_err_set(e, CRM_EUSAGE, "standard output is a "
		    "terminal: name a file, or send it down a pipe");
	if (!to_stdout && (rc = check_target(db, file, force, e)) != CRM_OK)
		return rc;
	if ((tmp = temporary_name(file, to_stdout)) == NULL ||
	    (!to_stdout && (where = crm_path_absolute(file, e)) == NULL)) {
		rc = tmp == NULL ? crm_err_set(e, CRM_EDB, "out of memory") :
		    e->code;
		goto done;
	}
	/* 0600, the user's: a backup holds everyone's data. */
	if ((fd = mkstemp(tmp)) == -1) {
		rc = crm_err_errno(e, errno, to_stdout ? tmp : file);
		goto done;
	}
	arm(tmp, saved);
	if ((rc = audit_backup(db, to_stdout ? "stdout" : where, e)) ==
	    CRM_OK && (rc = vacuum_into(db, tmp, e)) == CRM_OK &&
	    fsync(fd) == -1)
		rc = crm_err_errno(e, errno, tmp);
	if (rc == CRM_OK && to_stdout) {
		/* The open descriptor reads it; nobody else can. */
		unlink(tmp);
		gone = 1;
		rc = send_to_stdout(fd, e);
	} else if (rc == CRM_OK &&
	    (rc = move_into_place(tmp, file, force, e)) == CRM_OK) {
		gone = 1;
		rc = sync_folder(file, e);
	}
	if (!gone)
		unlink(tmp);
	disarm(saved);
done:
	if (fd != -1)
		close(fd);
	free(tmp);
	free(where);
	return rc;
}
