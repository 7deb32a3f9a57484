/*
 * privilege.c - a shared base on a server.  "make install-shared" installs
 * the binaries setgid to a group that alone can enter the base's folder;
 * a user runs them with that group's rights, and this file makes sure
 * those rights serve only to open the base:
 *
 *   - before main, the environment is cut down to a few harmless
 *     variables (glibc already removed what its loader must not trust);
 *   - the base is the one compiled in (CRM_SHARED_DB): --db and $CRM_DB
 *     naming another are refused;
 *   - its folder must be closed to others, files are made 0660 (umask 007)
 *     so every member of the group can write them;
 *   - SQLite loads no extensions and keeps temporary data in memory;
 *   - once the base is open (file, -wal and -shm), the group is given up
 *     for good: everything the user names afterwards (--rejects FILE,
 *     output) is opened with the user's own rights, and nothing run later
 *     can have the group.
 *
 * A process without privilege (the normal single-user case) is untouched.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crm-internal.h"

#ifndef CRM_SHARED_DB
#define CRM_SHARED_DB "/var/lib/crm/crm.db"
#endif

/* The most environment variables a privileged process keeps. */
#define KEEP_MAX 32

extern char **environ;

static char *given_crm_db;	/* $CRM_DB as the user set it, to refuse it */
static int dropped;		/* the privilege is gone for good */
static int entered;		/* the base is being opened */
static mode_t user_umask;	/* until then; restored with the drop */

int
crm_privileged(void)
{
	/*
	 * The kernel sets AT_SECURE when the effective ids differ from the
	 * real ones at exec (setgid, setuid, file capabilities).  It stays
	 * set after the drop; the drop is what "dropped" records.
	 */
	return getauxval(AT_SECURE) != 0;
}

/*
 * The variables a privileged process keeps: they shape how output reads,
 * and glibc in secure mode already refuses their dangerous values (a TZ
 * file outside the zone folder, a locale name with a '/').  Everything
 * else goes: SQLITE_TMPDIR (glibc strips TMPDIR, not SQLite's own), HOME
 * and XDG_DATA_HOME (the base is compiled in), ARGP_HELP_FMT, PATH
 * (nothing privileged runs a program).
 */
static int
keep_variable(const char *kv)
{
	static const char *const keep[] = {
		"TZ=", "LANG=", "LC_", "TERM=", "COLUMNS=", NULL,
	};
	size_t i;

	for (i = 0; keep[i] != NULL; i++)
		if (strncmp(kv, keep[i], strlen(keep[i])) == 0)
			return 1;
	return 0;
}

/*
 * Clean the environment of a privileged process before main, so that no
 * code (argp, SQLite's start-up, anything a later change adds) reads a
 * value the user chose.  A constructor, because main is in each binary
 * and the first reader may run before the base is opened.  $CRM_DB is
 * remembered only to refuse it.
 */
__attribute__((constructor)) static void
clean_environment(void)
{
	char *kept[KEEP_MAX];
	size_t n = 0, i;
	char **v;

	if (!crm_privileged())
		return;
	for (v = environ; v != NULL && *v != NULL; v++) {
		if (strncmp(*v, "CRM_DB=", 7) == 0 && (*v)[7] != '\0' &&
		    given_crm_db == NULL)
			given_crm_db = strdup(*v + 7);
		else if (keep_variable(*v) && n < KEEP_MAX)
			kept[n++] = *v;
	}
	clearenv();
	/* The strings live in the process's initial stack: never freed. */
	for (i = 0; i < n; i++)
		putenv(kept[i]);
}

char *
crm_privilege_db_path(const char *path, struct crm_err *e)
{
	const char *what = NULL, *named = NULL;
	char *p;

	/*
	 * Compared as text: resolving the user's path with the group's
	 * rights would tell them what the base's folder holds.
	 */
	if (path != NULL && *path != '\0' && strcmp(path, CRM_SHARED_DB) != 0)
		what = "--db", named = path;
	else if (given_crm_db != NULL && strcmp(given_crm_db, CRM_SHARED_DB) !=
	    0 && (path == NULL || *path == '\0'))
		what = "CRM_DB", named = given_crm_db;
	if (what != NULL) {
		crm_err_set(e, CRM_EPERM, "%s %s refused: on this shared "
		    "install the base is %s and no other", what, named,
		    CRM_SHARED_DB);
		return NULL;
	}
	if ((p = strdup(CRM_SHARED_DB)) == NULL)
		crm_err_set(e, CRM_EDB, "out of memory");
	return p;
}

/* The base's folder must exist, belong to our group and be shut to others. */
static int
check_folder(struct crm_err *e)
{
	char dir[sizeof(CRM_SHARED_DB)], *slash;
	struct stat st;

	memcpy(dir, CRM_SHARED_DB, sizeof(dir));
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
		return crm_err_set(e, CRM_EPERM, "the shared base %s is not in "
		    "a folder of its own", CRM_SHARED_DB);
	*slash = '\0';
	if (stat(dir, &st) == -1)
		return crm_err_set(e, CRM_EPERM, "the shared base's folder %s: "
		    "%s (make install-shared makes it)", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode) || (st.st_mode & S_IRWXO) != 0 ||
	    (st.st_gid != getegid() && st.st_uid != geteuid()))
		return crm_err_set(e, CRM_EPERM, "the shared base's folder %s "
		    "must belong to the base's group and be closed to others "
		    "(mode 2770; make install-shared sets it)", dir);
	return CRM_OK;
}

/*
 * Create the base file when missing, 0660: SQLite would make it 0644 less
 * the umask, and the -wal and -shm files copy the base's mode, so the
 * group could not write them.  Closed before SQLite opens the file (a
 * close would drop SQLite's locks on it).  A base the group cannot write
 * (its mode, a read-only mount) is checked all the same: it still serves
 * reading (db.c).
 */
static int
make_base_file(struct crm_err *e)
{
	struct stat st;
	int fd, rc = CRM_OK;

	fd = open(CRM_SHARED_DB, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0660);
	if (fd == -1 && (errno == EACCES || errno == EROFS))
		fd = open(CRM_SHARED_DB, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return crm_err_set(e, CRM_EDB, "cannot open %s: %s",
		    CRM_SHARED_DB, strerror(errno));
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (st.st_mode & S_IRWXO) != 0)
		rc = crm_err_set(e, CRM_EPERM, "the shared base %s must be a "
		    "file closed to others (mode 0660)", CRM_SHARED_DB);
	close(fd);
	return rc;
}

int
crm_privilege_enter(const char *path, struct crm_err *e)
{
	char *p;
	int rc;

	if (!crm_privileged())
		return CRM_OK;
	if (dropped)
		return crm_err_set(e, CRM_EPERM, "the shared base can be "
		    "opened once per run");
	if ((p = crm_privilege_db_path(path, e)) == NULL)
		rc = e != NULL ? e->code : CRM_EPERM;
	else if ((rc = check_folder(e)) == CRM_OK) {
		user_umask = umask(007);
		entered = 1;
		rc = make_base_file(e);
	}
	free(p);
	/* Refused: what follows is reporting, which needs no privilege. */
	if (rc != CRM_OK)
		crm_privilege_drop(NULL);
	return rc;
}

int
crm_privilege_configure(struct crm_db *db, struct crm_err *e)
{
	/* No SQL, ours or anyone's, may load code into the process. */
	if (sqlite3_db_config(db->sql, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0,
	    NULL) != SQLITE_OK)
		return crm_db_err(db, e, "cannot turn extensions off");
	/*
	 * Temporary files (sorts, statement journals of big imports) would
	 * hold rows of the base in a folder outside the group's: keep them
	 * in memory.  Only when privileged: a single user's bulk import keeps
	 * its memory flat with files.
	 */
	if (crm_privileged())
		return crm_db_exec(db, "PRAGMA temp_store=MEMORY", e);
	return CRM_OK;
}

int
crm_privilege_drop(struct crm_err *e)
{
	uid_t ruid = getuid(), eu, su;
	gid_t rgid = getgid(), eg, sg;

	if (!crm_privileged() || dropped)
		return CRM_OK;
	/* Saved ids too, so nothing can take the privilege back. */
	if (setresgid(rgid, rgid, rgid) == -1 ||
	    setresuid(ruid, ruid, ruid) == -1)
		return crm_err_set(e, CRM_EPERM, "cannot give up the group's "
		    "rights: %s", strerror(errno));
	if (getresgid(&rgid, &eg, &sg) == -1 || eg != rgid || sg != rgid ||
	    getresuid(&ruid, &eu, &su) == -1 || eu != ruid || su != ruid)
		return crm_err_set(e, CRM_EPERM, "the group's rights stayed");
	/*
	 * The open descriptors still reach the base: no debugger or core
	 * dump of the user's may read them.  The kernel made the process
	 * undumpable at exec; say so again in case a change of ids reset it.
	 */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	if (entered)
		umask(user_umask);
	dropped = 1;
	return CRM_OK;
}
