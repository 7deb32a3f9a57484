/*
 * fuzz_cdr.c - libFuzzer target for the call-record imports (crm-call
 * --import asterisk, the cdr_csv Master.csv, and --import csv), into a
 * real base: two users with extensions, two contacts with numbers.
 *
 * Each input is imported as both formats, in New York or in UTC as its
 * first byte says (late on 9999-12-31 a western zone is in the year
 * 10000 in UTC).  Besides the sanitizers, it checks what the import
 * promises: it ends with success or a rejected input (never a database
 * error for what a file holds), every report and every failure names a
 * line, every rejection is counted, and each call and callback task
 * stored has a stored time, YYYY-MM-DDTHH:MM:SSZ.  The calls are deleted
 * after each input, so that every input meets the same base.
 */
#include <unistd.h>

#include "fuzz.h"
#include "crm-internal.h"

static struct crm_db *db;
static char dir[] = "/tmp/fuzz_cdr.XXXXXX";
static char path[64];

/* What the reports of one import said. */
struct seen {
	long rejected, reports;
};

static void
report(void *arg, const struct crm_err *e)
{
	struct seen *s = arg;

	CHECK(e->line >= 1);
	CHECK(e->msg[0] != '\0' && strchr(e->msg, '\n') == NULL);
	s->reports++;
	if (e->code != CRM_OK) {
		CHECK(e->code == CRM_EINPUT);
		s->rejected++;
	}
}

/* One number of a query on the base. */
static long
count(const char *sql)
{
	sqlite3_stmt *st;
	long n;

	CHECK(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
cleanup(void)
{
	char p[128];

	crm_db_close(db);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	unlink(path);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const unames[] = { "extension", "role" };
	static const char *const ana[] = { "101", "manager" };
	static const char *const luis[] = { "102", "manager" };
	static const char *const cnames[] = { "first_name", "last_name",
	    "phone" };
	static const char *const c1[] = { "Ana", "García", "600111222" };
	static const char *const c2[] = { "Pedro", "Gómez", "+44 20 7946 0000" };
	struct crm_import_opts o = { 0 };
	struct crm_import *im;
	struct crm_import_stats st;
	enum crm_import_result res;
	struct crm_err e = { 0 };

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/crm.db", dir);
	CHECK(crm_db_open(&db, path, &e) == CRM_OK);
	atexit(cleanup);
	CHECK(crm_db_begin(db, &e) == CRM_OK);
	CHECK(crm_setting_set(db, "phone.default_country", "34", &e) ==
	    CRM_OK);
	CHECK(crm_user_add(db, "ana", unames, ana, 2, &e) == CRM_OK);
	CHECK(crm_user_add(db, "luis", unames, luis, 2, &e) == CRM_OK);
	CHECK(crm_import_begin(&im, db, crm_entity_lookup("contact"), &o,
	    cnames, 3, &e) == CRM_OK);
	CHECK(crm_import_row(im, c1, &res, &e) == CRM_OK);
	CHECK(crm_import_row(im, c2, &res, &e) == CRM_OK);
	CHECK(crm_import_finish(im, &st, &e) == CRM_OK);
	crm_import_free(im);
	CHECK(crm_db_commit(db, &e) == CRM_OK);
	return 0;
}

static void
import(const uint8_t *data, size_t size, enum crm_cdr_kind kind)
{
	struct crm_cdr_stats st;
	struct crm_err e = { 0 };
	struct fuzz_in in;
	struct seen s = { 0, 0 };
	int rc;

	if (fuzz_open(&in, data, size) != 0)
		return;
	rc = crm_cdr_import(db, kind, in.fp, 0, 0, report, &s, &st, &e);
	fuzz_close(&in);
	/* A file is rejected or read; the base never fails for it. */
	CHECK(rc == CRM_OK || rc == CRM_EINPUT);
	if (rc != CRM_OK) {
		fuzz_check_err(&e);
		/* Only an input of blank lines has no line to name. */
		CHECK(e.line >= 1 || strcmp(e.msg, "no header row") == 0);
	}
	CHECK(s.rejected == st.rejected);
	CHECK(st.added >= 0 && st.tasks <= st.added);
	if (rc == CRM_OK && st.committed)
		CHECK(count("SELECT count(*) FROM calls") == st.added);
	CHECK(count("SELECT count(*) FROM calls WHERE at NOT GLOB "
	    "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]"
	    ":[0-5][0-9]Z'") == 0);
	CHECK(count("SELECT count(*) FROM tasks WHERE due NOT GLOB "
	    "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]"
	    ":[0-5][0-9]Z'") == 0);
	/* The same base for the next input. */
	CHECK(crm_db_exec(db, "DELETE FROM tasks; DELETE FROM calls;"
	    " DELETE FROM audit WHERE entity = 'call';"
	    " DELETE FROM batches WHERE entity = 'call';", &e) == CRM_OK);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setenv("TZ", size > 0 && data[0] % 2 ? "America/New_York" : "UTC",
	    1);
	tzset();
	import(data, size, CRM_CDR_ASTERISK);
	import(data, size, CRM_CDR_CSV);
	return 0;
}
