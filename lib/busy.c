/*
 * busy.c - waiting for another writer: as long as it is making progress.
 *
 * One writer at a time holds a base.  A fixed busy timeout fails the
 * people who wait behind a long import (a million rows take longer than
 * any timeout a person would choose) and waits in vain behind a process
 * that is stuck.  So a writer waits as long as the base is seen to move,
 * and gives up only after CRM_BUSY_IDLE_MS in which nothing moved.
 *
 * "Moving" is read without a query (the busy handler may not run one on
 * its own connection): the size of the write-ahead log, which grows while
 * a long transaction spills its pages, and the header of the WAL index
 * (the -shm file, whose layout is part of SQLite's documented file
 * format), which changes with every commit, so a queue of short writers
 * is progress too.  Both are read through the descriptors SQLite holds
 * (sqlite3_file_control and the VFS methods), so the wait works the same
 * once a shared install's process has given up its group.
 *
 * A long writer whose changes fit in its page cache would write nothing
 * to the log until it commits, and look stuck: so it beats, every few
 * seconds, by writing its dirty pages to the log (crm_busy_beat).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm-internal.h"

/* What is compared: the WAL's size and the first copy of the index header. */
struct crm_busy_mark {
	sqlite3_int64 wal_size;
	unsigned char hdr[48];
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
read_mark(struct crm_db *db, struct crm_busy_mark *m)
{
	sqlite3_file *f = NULL;
	volatile void *shm = NULL;

	memset(m, 0, sizeof(*m));
	if (!db->wal)
		return;
	if (sqlite3_file_control(db->sql, "main", SQLITE_FCNTL_JOURNAL_POINTER,
	    &f) == SQLITE_OK && f != NULL && f->pMethods != NULL)
		f->pMethods->xFileSize(f, &m->wal_size);
	f = NULL;
	if (sqlite3_file_control(db->sql, "main", SQLITE_FCNTL_FILE_POINTER,
	    &f) == SQLITE_OK && f != NULL && f->pMethods != NULL &&
	    f->pMethods->iVersion >= 2 && f->pMethods->xShmMap != NULL &&
	    f->pMethods->xShmMap(f, 0, 32768, 0, &shm) == SQLITE_OK &&
	    shm != NULL)
		/* Torn by a concurrent commit at worst: still a change. */
		memcpy(m->hdr, (const void *)shm, sizeof(m->hdr));
}

/*
 * SQLite's busy handler: 0 gives up (SQLITE_BUSY), anything else tries
 * again.  Short sleeps with a little jitter, so that waiters do not wake
 * in step and one of them takes the base as soon as it is free.
 */
static int
busy_wait(void *arg, int count)
{
	struct crm_db *db = arg;
	struct crm_busy_mark m;
	long long t = now_ms();
	struct timespec pause;
	long ms;

	read_mark(db, &m);
	if (count == 0 || memcmp(&m, db->busy_mark, sizeof(m)) != 0) {
		memcpy(db->busy_mark, &m, sizeof(m));
		db->busy_since = t;
	}
	if (t - db->busy_since >= CRM_BUSY_IDLE_MS)
		return 0;
	ms = count < 5 ? 1L << count : 20;
	ms += (long)((t ^ (long long)(size_t)db) & 7);
	pause.tv_sec = 0;
	pause.tv_nsec = ms * 1000000;
	nanosleep(&pause, NULL);
	return 1;
}

void
crm_busy_beat(struct crm_db *db)
{
	long long t;

	/* The clock is read once in 256 rows: a row costs microseconds. */
	if ((++db->beat_rows & 255) != 0 || sqlite3_get_autocommit(db->sql))
		return;
	t = now_ms();
	if (db->beat_at == 0)
		db->beat_at = t;
	if (t - db->beat_at < CRM_BUSY_BEAT_MS)
		return;
	db->beat_at = t;
	sqlite3_db_cacheflush(db->sql);
}

int
crm_busy_install(struct crm_db *db)
{
	if (db->busy_mark == NULL &&
	    (db->busy_mark = calloc(1, sizeof(*db->busy_mark))) == NULL)
		return CRM_EDB;
	sqlite3_busy_handler(db->sql, busy_wait, db);
	return CRM_OK;
}
