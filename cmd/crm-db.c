/*
 * crm-db - the base as a whole: a backup taken while others work, a
 * backup restored, the base checked for damage (for cron).
 */
#include <err.h>
#include <stdio.h>
#include <string.h>

#include "crm.h"

struct args {
	struct crm_common common;
	struct crm_verb v;
	int force;
};

enum {
	OPT_FORCE = 0x100,
};

static const struct argp_option options[] = {
	{ "force", OPT_FORCE, NULL, 0,
	  "backup: replace FILE if it exists; restore: replace the base's "
	  "content (required)", 0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->common;
		return 0;
	case OPT_FORCE:
		a->force = 1;
		return 0;
	default:
		return crm_verb_parse(key, arg, state, &a->v, NULL);
	}
}

static const struct argp argp = {
	options, parse_opt,
	"backup [--force] FILE\nrestore --force FILE\ncheck",
	"Back up, restore and check the whole base.\v"
	"backup FILE copies the whole base to FILE (- for standard output, "
	"not a terminal) while others go on reading and writing: one "
	"consistent snapshot, mode 0600, whole or absent; admins only, "
	"audited.  restore --force FILE replaces the content of the base "
	"with FILE's, a backup, once FILE passes every check (an older "
	"schema is migrated forward); admins only, audited in the restored "
	"base.  check prints each problem of the base (schema, integrity, "
	"foreign_key, search, users) on a line of its own, nothing when there "
	"is none; with -q nothing at all: the exit status tells.\n\n"
	"Exit status: 0 success (check: no problem), 1 problems found or "
	"FILE refused, 2 usage (FILE exists without --force), 3 FILE or its "
	"folder not found, 4 permission denied, 5 database or I/O error.",
	crm_common_children, NULL, NULL,
};

/* Print one problem of check: "kind: detail" (none with -q). */
static void
print_problem(void *arg, const char *kind, const char *detail)
{
	const struct args *a = arg;

	if (!a->common.quiet)
		printf("%s: %s\n", kind, detail);
}

/* Say one problem of a refused backup on stderr. */
static void
warn_problem(void *arg, const char *kind, const char *detail)
{
	const char *file = arg;

	warnx("%s: %s: %s", file, kind, detail);
}

static void
nargs(const struct args *a, int want)
{
	if (a->v.nrest != want)
		errx(2, "%s takes %s (crm-db --help)", a->v.verb, want == 1 ?
		    "a FILE" : "no argument");
}

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_db *db;
	struct crm_err e = { 0 };
	long problems = 0;
	int rc;

	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	if (a.v.verb == NULL)
		errx(2, "say backup, restore or check (crm-db --help)");
	if (strcmp(a.v.verb, "backup") == 0 || strcmp(a.v.verb, "restore") == 0)
		nargs(&a, 1);
	else if (strcmp(a.v.verb, "check") == 0)
		nargs(&a, 0);
	else
		errx(2, "unknown command \"%s\" (backup, restore, check)",
		    a.v.verb);
	if (strcmp(a.v.verb, "restore") == 0 && !a.force)
		errx(2, "restore replaces everything in the base with %s's "
		    "content: give --force", a.v.rest[0]);
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	if (strcmp(a.v.verb, "backup") == 0)
		rc = crm_backup(db, a.v.rest[0], a.force, &e);
	else if (strcmp(a.v.verb, "restore") == 0)
		rc = crm_restore(db, a.v.rest[0], warn_problem, a.v.rest[0],
		    &e);
	else if ((rc = crm_integrity_check(db, print_problem, &a, &problems,
	    &e)) == CRM_OK && fflush(stdout) != 0)
		rc = crm_err_set(&e, CRM_EDB, "write error on standard output");
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	else if (problems > 0)
		rc = CRM_EINPUT;
	crm_db_close(db);
	return rc;
}
