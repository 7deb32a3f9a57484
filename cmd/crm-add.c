/*
 * crm-add - create contacts and companies: one from name=value arguments,
 * or as many as arrive on stdin as CSV or TSV with a header.
 */
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

struct args {
	struct crm_common common;
	struct crm_import_opts opts;
	const struct crm_entity *ent;
	char **assign;
	int nassign;
	const char *rejects;
	int atomic, dry_run;
};

enum {
	OPT_ALLOW_DUPS = 0x100,
	OPT_ATOMIC,
};

static const struct argp_option options[] = {
	{ "allow-duplicates", OPT_ALLOW_DUPS, NULL, 0,
	  "Add contacts whose phone or e-mail is already in the base", 0 },
	{ "atomic", OPT_ATOMIC, NULL, 0,
	  "Commit nothing if any row is rejected", 0 },
	{ "dry-run", 'n', NULL, 0, "Validate only; change nothing", 0 },
	{ "rejects", 'r', "FILE", 0,
	  "Write rejected rows to FILE as CSV, with an error column", 0 },
	{ "upsert", 'u', NULL, 0,
	  "Update the record with the same id, phone, e-mail (contacts) or "
	  "name (companies) instead of rejecting the row", 0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static error_t
parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->common;
		break;
	case OPT_ALLOW_DUPS:
		a->opts.allow_duplicates = 1;
		break;
	case OPT_ATOMIC:
		a->atomic = 1;
		break;
	case 'n':
		a->dry_run = 1;
		break;
	case 'r':
		a->rejects = arg;
		break;
	case 'u':
		a->opts.upsert = 1;
		break;
	case ARGP_KEY_ARG:
		if (state->arg_num == 0 && strchr(arg, '=') == NULL) {
			if ((a->ent = crm_entity_lookup(arg)) == NULL)
				argp_error(state, "unknown entity \"%s\" "
				    "(contact, company)", arg);
			break;
		}
		a->assign = &state->argv[state->next - 1];
		a->nassign = state->argc - state->next + 1;
		state->next = state->argc;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	options, parse_opt, "[ENTITY] [FIELD=VALUE...]",
	"Create contacts (the default ENTITY) or companies.\v"
	"With FIELD=VALUE arguments, adds one record.  Without them, reads "
	"CSV or TSV with a header row from standard input and adds every "
	"good row in one transaction; bad rows are reported with their line "
	"number and skipped.\n\n"
	"Contact fields: first_name last_name phone email company title city "
	"address source tags notes owner consent (and id, created_at, "
	"created_by, updated_at, updated_by, archived_at from an export).  "
	"Company fields: name phone email website city address tags notes "
	"owner.\n\n"
	"Exit status: 0 all added, 1 some rows rejected, 2 usage, 5 database "
	"error.",
	crm_common_children, NULL, NULL,
};

/* Report a rejected row, and keep it for the rejects file. */
static void
reject(struct crm_rejects *rj, const struct crm_row *row,
    const struct crm_err *e)
{
	struct crm_err we = { 0 };
	char msg[1200];

	crm_err_text(e, msg, sizeof(msg));
	warnx("%s", msg);
	if (crm_rejects_write(rj, row, msg, &we) != CRM_OK)
		errx(5, "%s", we.msg);
}

static void
summary(const struct args *a, const struct crm_import_stats *s, int kept)
{
	const char *how = a->dry_run ? "would be " : "";

	if (a->common.quiet)
		return;
	if (!kept && !a->dry_run) {
		long good = s->added + s->updated + s->unchanged;

		fprintf(stderr, "crm-add: %ld rejected; nothing committed "
		    "(--atomic), %ld good row%s left out\n", s->rejected, good,
		    good == 1 ? "" : "s");
		return;
	}
	fprintf(stderr, "crm-add: %ld %sadded", s->added, how);
	if (s->updated)
		fprintf(stderr, ", %ld %supdated", s->updated, how);
	if (s->unchanged)
		fprintf(stderr, ", %ld unchanged", s->unchanged);
	fprintf(stderr, ", %ld rejected", s->rejected);
	if (s->companies_created)
		fprintf(stderr, ", %ld %s %screated", s->companies_created,
		    s->companies_created == 1 ? "company" : "companies", how);
	fprintf(stderr, "\n");
}

/* Read CSV rows from stdin and import them; returns the exit status. */
static int
add_stream(struct crm_db *db, struct args *a, struct crm_spool *sp)
{
	struct crm_reader *r = NULL;
	struct crm_import *im = NULL;
	struct crm_import_stats st;
	struct crm_row row;
	struct crm_rejects *rj = NULL;
	struct crm_err e = { 0 };
	enum crm_import_result res;
	char source[PATH_MAX], msg[1200];
	const char **names;
	size_t i, ncols;
	int rc, got, keep;

	if ((rc = crm_reader_open(&r, stdin, a->common.delimiter, &e)) !=
	    CRM_OK) {
		warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
		crm_spool_close(sp, NULL, NULL);
		return rc;
	}
	crm_input_name(stdin, source, sizeof(source));
	a->opts.bulk = 1;
	a->opts.source = source;
	if ((rc = crm_db_begin(db, &e)) != CRM_OK)
		goto fail;
	ncols = crm_reader_ncols(r);
	if ((names = calloc(ncols, sizeof(*names))) == NULL)
		err(5, NULL);
	for (i = 0; i < ncols; i++)
		names[i] = crm_reader_col(r, i);
	rc = crm_import_begin(&im, db, a->ent, &a->opts, names, ncols, &e);
	free(names);
	if (rc != CRM_OK) {
		e.line = 1;
		goto fail;
	}
	if (a->rejects != NULL &&
	    (rc = crm_rejects_open(&rj, a->rejects, r, &e)) != CRM_OK)
		goto fail;
	while ((got = crm_reader_next(r, &row, &e)) != 0) {
		if (got == -2) {
			rc = e.code ? e.code : CRM_EDB;
			goto fail;
		}
		if (got == -1) {
			crm_import_reject(im);
			reject(rj, &row, &e);
			continue;
		}
		rc = crm_import_row(im, (const char *const *)row.fields, &res,
		    &e);
		if (rc == CRM_EINPUT) {
			e.line = row.line;
			reject(rj, &row, &e);
			continue;
		}
		if (rc != CRM_OK ||
		    (rc = crm_spool_row(sp, crm_import_record(im), &e)) != CRM_OK)
			goto fail;
	}
	if ((rc = crm_import_finish(im, &st, &e)) != CRM_OK)
		goto fail;
	keep = !a->dry_run && !(a->atomic && st.rejected > 0);
	if (keep) {
		if ((rc = crm_db_commit(db, &e)) != CRM_OK)
			goto fail;
	} else
		crm_db_rollback(db);
	rc = crm_rejects_close(rj, &e);
	rj = NULL;
	crm_import_free(im);
	crm_reader_close(r);
	summary(a, &st, keep);
	if (rc != CRM_OK ||
	    (rc = crm_spool_close(sp, keep || a->dry_run ? stdout : NULL, &e))
	    != CRM_OK) {
		warnx("%s", e.msg);
		return rc;
	}
	return st.rejected > 0 ? 1 : 0;
fail:
	crm_db_rollback(db);
	warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
	crm_import_free(im);
	crm_reader_close(r);
	crm_rejects_close(rj, NULL);
	crm_spool_close(sp, NULL, NULL);
	return rc;
}

/* Add one record from name=value arguments; returns the exit status. */
static int
add_one(struct crm_db *db, struct args *a, struct crm_spool *sp)
{
	struct crm_import *im = NULL;
	struct crm_import_stats st;
	struct crm_err e = { 0 };
	enum crm_import_result res;
	char **names;
	const char **vals;
	char msg[1200];
	int i, rc;

	names = calloc((size_t)a->nassign, sizeof(*names));
	vals = calloc((size_t)a->nassign, sizeof(*vals));
	if (names == NULL || vals == NULL)
		err(5, NULL);
	for (i = 0; i < a->nassign; i++)
		if (crm_split_assignment(a->assign[i], &names[i], &vals[i],
		    &e) != CRM_OK) {
			warnx("%s", e.msg);
			rc = e.code;
			goto done;
		}
	if ((rc = crm_db_begin(db, &e)) != CRM_OK)
		goto fail;
	if ((rc = crm_import_begin(&im, db, a->ent, &a->opts,
	    (const char *const *)names, (size_t)a->nassign, &e)) != CRM_OK)
		goto fail;
	if ((rc = crm_import_row(im, vals, &res, &e)) != CRM_OK ||
	    (rc = crm_spool_row(sp, crm_import_record(im), &e)) != CRM_OK)
		goto fail;
	if ((rc = crm_import_finish(im, &st, &e)) != CRM_OK)
		goto fail;
	if (a->dry_run)
		crm_db_rollback(db);
	else if ((rc = crm_db_commit(db, &e)) != CRM_OK)
		goto fail;
	rc = crm_spool_close(sp, stdout, &e);
	sp = NULL;
	if (rc != CRM_OK)
		warnx("%s", e.msg);
	else if (!a->common.quiet && res != CRM_ADDED)
		fprintf(stderr, "crm-add: %s %s\n", a->ent->name,
		    res == CRM_UPDATED ? "updated" : "unchanged");
	goto done;
fail:
	crm_db_rollback(db);
	warnx("%s", crm_err_text(&e, msg, sizeof(msg)));
done:
	crm_spool_close(sp, NULL, NULL);
	crm_import_free(im);
	for (i = 0; i < a->nassign; i++)
		free(names[i]);
	free(names);
	free(vals);
	return rc;
}

int
main(int argc, char **argv)
{
	struct args a = { 0 };
	struct crm_db *db;
	struct crm_err e = { 0 };
	struct crm_spool *sp;
	int rc;

	a.ent = crm_entity_lookup("contact");
	crm_argp_parse(&argp, argc, argv, &a);
	if (a.common.complete != NULL)
		return crm_complete_run(&a.common, stdout);
	if (a.nassign == 0 && isatty(STDIN_FILENO))
		errx(2, "give FIELD=VALUE arguments or CSV on standard input "
		    "(crm-add --help)");
	if (a.nassign > 0 && a.rejects != NULL)
		errx(2, "--rejects is for CSV on standard input");
	if ((rc = crm_db_open(&db, a.common.db, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	/* Records are printed once committed: a spool holds them until then. */
	if ((rc = crm_spool_open(&sp, a.common.format, crm_entity_cols(a.ent),
	    a.ent->nfields, a.common.quiet, &e)) != CRM_OK)
		errx(rc, "%s", e.msg);
	rc = a.nassign > 0 ? add_one(db, &a, sp) : add_stream(db, &a, sp);
	crm_db_close(db);
	return rc;
}
