/*
 * input.c - standard input read whole before a write begins.
 *
 * A bulk write holds the base's write lock from its first row to its
 * commit.  Were it to read its rows from a pipe as it went, a slow
 * producer (a script still querying, a FIFO nobody closes, a person
 * typing) would hold every other user's writes for as long as it liked.
 * So a binary that writes what it reads copies standard input into a
 * private temporary file first, and reads that: the lock is held only
 * for as long as the work takes.  The copy goes through a fixed buffer
 * (memory stays flat), the file is unlinked at once (created O_TMPFILE,
 * or unlinked right after mkstemp) with mode 0600, in TMPDIR (or /tmp),
 * and always /tmp on a shared install, whose environment has no TMPDIR.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crm.h"

/* The spool, once made: crm_input_name still calls it "stdin". */
static dev_t spool_dev;
static ino_t spool_ino;
static int spooled;

static int
open_private(struct crm_err *e)
{
	const char *dir = crm_privileged() ? NULL : getenv("TMPDIR");
	char path[4096];
	int fd;

	if (dir == NULL || *dir != '/')
		dir = "/tmp";
	if ((fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600)) !=
	    -1)
		return fd;
	/* A file system without O_TMPFILE: a named file, unlinked at once. */
	if ((size_t)snprintf(path, sizeof(path), "%s/crm-input.XXXXXX", dir) >=
	    sizeof(path))
		return crm_err_set(e, CRM_EDB, "TMPDIR is too long"), -1;
	if ((fd = mkostemp(path, O_CLOEXEC)) == -1) {
		crm_err_set(e, CRM_EDB, "cannot hold standard input in %s: %s",
		    dir, strerror(errno));
		return -1;
	}
	unlink(path);
	return fd;
}

int
crm_input_spool(struct crm_err *e)
{
	static char buf[65536];
	struct stat sb;
	ssize_t n, w, off;
	int fd;

	if (spooled || fstat(STDIN_FILENO, &sb) == -1 || S_ISREG(sb.st_mode) ||
	    isatty(STDIN_FILENO))
		return CRM_OK;
	if ((fd = open_private(e)) == -1)
		return CRM_EDB;
	for (;;) {
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n == 0)
			break;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			crm_err_set(e, CRM_EDB, "reading standard input: %s",
			    strerror(errno));
			goto fail;
		}
		for (off = 0; off < n; off += w)
			if ((w = write(fd, buf + off, (size_t)(n - off))) == -1 &&
			    errno != EINTR) {
				crm_err_set(e, CRM_EDB, "holding standard input "
				    "in a temporary file: %s", strerror(errno));
				goto fail;
			} else if (w == -1)
				w = 0;
	}
	if (lseek(fd, 0, SEEK_SET) == -1 || fstat(fd, &sb) == -1 ||
	    dup2(fd, STDIN_FILENO) == -1) {
		crm_err_set(e, CRM_EDB, "temporary file: %s", strerror(errno));
		goto fail;
	}
	close(fd);
	/* Whatever stdio read of the old descriptor (nothing yet) is gone. */
	clearerr(stdin);
	spool_dev = sb.st_dev;
	spool_ino = sb.st_ino;
	spooled = 1;
	return CRM_OK;
fail:
	close(fd);
	return CRM_EDB;
}

int
crm_input_is_spool(int fd)
{
	struct stat sb;

	return spooled && fstat(fd, &sb) == 0 && sb.st_dev == spool_dev &&
	    sb.st_ino == spool_ino;
}
