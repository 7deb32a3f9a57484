/*
 * crm - the dispatcher: "crm add ..." runs crm-add, "crm help VERB" shows
 * its manual, "crm" alone runs crm-status, the dashboard.
 */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"

static const struct {
	const char *verb, *job;
} verbs[] = {
	{ "add", "create contacts and companies, one or many from CSV/TSV" },
	{ "call", "log calls with a pick-list status; import call records" },
	{ "check", "data-quality problems, one row each; exit 1 when found" },
	{ "config", "get, set and list settings" },
	{ "db", "the whole base: backup, restore, integrity check" },
	{ "deal", "deals through a pipeline of stages: add, move, list, sum" },
	{ "edit", "change, archive or erase records; ids or CSV on stdin" },
	{ "export", "records with every field as CSV, TSV or JSON" },
	{ "find", "search and select records; ids only for pipes" },
	{ "log", "the audit trail: who changed what, when" },
	{ "meet", "plan and log meetings, record their result" },
	{ "plan", "plans (targets) per manager or team, metric and period" },
	{ "report", "supervisor reports by manager and period; html and e-mail" },
	{ "show", "one contact's or company's card" },
	{ "status", "the dashboard: plans with bars, agenda, overdue, gaps" },
	{ "task", "follow-ups with due dates: add, mark done, list" },
	{ "user", "users and their roles" },
};

#define NVERBS (sizeof(verbs) / sizeof(verbs[0]))

static void
list_verbs(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: crm VERB [ARGS...]\n"
	    "       crm help [VERB]\n"
	    "       crm            (the dashboard: crm status)\n\nverbs:\n");
	for (i = 0; i < NVERBS; i++)
		fprintf(fp, "  %-8s %s\n", verbs[i].verb, verbs[i].job);
	fprintf(fp, "\n\"crm VERB --help\" lists a verb's options; "
	    "\"crm help VERB\" shows its manual.\n");
}

/* The folder this program was run from, so siblings are found first. */
static int
self_dir(char *buf, size_t bufsz)
{
	ssize_t n;
	char *slash;

	if ((n = readlink("/proc/self/exe", buf, bufsz - 1)) <= 0)
		return -1;
	buf[n] = '\0';
	if ((slash = strrchr(buf, '/')) == NULL)
		return -1;
	*slash = '\0';
	return 0;
}

static int
known_verb(const char *verb)
{
	size_t i;

	for (i = 0; i < NVERBS; i++)
		if (strcmp(verbs[i].verb, verb) == 0)
			return 1;
	return 0;
}

/* Run crm-VERB: the sibling of this program, else from PATH. */
static void
run(const char *verb, char **argv)
{
	char dir[PATH_MAX], path[PATH_MAX + 64], name[64];
	char q[128];

	if (strlen(verb) > 40 || strchr(verb, '/') != NULL)
		errx(2, "unknown verb \"%s\" (crm help lists them)",
		    crm_term_quote(verb, q, sizeof(q)));
	snprintf(name, sizeof(name), "crm-%s", verb);
	argv[0] = name;
	if (self_dir(dir, sizeof(dir)) == 0) {
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (access(path, X_OK) == 0) {
			execv(path, argv);
			err(5, "%s", path);
		}
	}
	execvp(name, argv);
	if (errno == ENOENT)
		errx(2, "unknown verb \"%s\" (crm help lists them)",
		    crm_term_quote(verb, q, sizeof(q)));
	err(5, "%s", name);
}

/* Show the manual of VERB: installed, else beside the build, else --help. */
static void
help(const char *verb)
{
	char dir[PATH_MAX], page[PATH_MAX + 128], name[64];
	char sect = verb == NULL ? '7' : '1';
	char *argv[] = { "--help", NULL, NULL };
	char q[128];

	if (verb != NULL && !known_verb(verb) && strcmp(verb, "crm") != 0)
		errx(2, "unknown verb \"%s\" (crm help lists them)",
		    crm_term_quote(verb, q, sizeof(q)));
	snprintf(name, sizeof(name), "%s%s", verb ? "crm-" : "crm",
	    verb ? verb : "");
	if (self_dir(dir, sizeof(dir)) == 0) {
		/* Installed beside us, or in the source tree above build/. */
		snprintf(page, sizeof(page), "%s/../share/man/man%c/%s.%c",
		    dir, sect, name, sect);
		if (access(page, R_OK) != 0)
			snprintf(page, sizeof(page), "%s/../../man/%s.%c", dir,
			    name, sect);
		if (access(page, R_OK) != 0)
			snprintf(page, sizeof(page), "%s/../../../man/%s.%c",
			    dir, name, sect);
		if (access(page, R_OK) == 0)
			execlp("man", "man", "-l", page, (char *)NULL);
	}
	execlp("man", "man", sect == '7' ? "7" : "1", name, (char *)NULL);
	if (verb == NULL) {
		list_verbs(stdout);
		exit(0);
	}
	argv[0] = (char *)verb;
	run(verb, argv);
}

int
main(int argc, char **argv)
{
	struct crm_err e = { 0 };
	char q[128];

	/*
	 * The dispatcher is installed without privilege, but should it ever
	 * run with some, the programs it runs (man, anything on PATH) must
	 * not have it: each crm-VERB carries its own.
	 */
	if (crm_privilege_drop(&e) != CRM_OK)
		errx(4, "%s", e.msg);
	if (argc < 2) {
		char *status[] = { "status", NULL };

		run("status", status);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "-?") == 0) {
		list_verbs(stdout);
		return 0;
	}
	if (strcmp(argv[1], "help") == 0) {
		if (argc > 3)
			errx(2, "usage: crm help [VERB]");
		help(argc == 3 ? argv[2] : NULL);
	}
	if (argv[1][0] == '-')
		errx(2, "unknown option \"%s\"; usage: crm VERB [ARGS...]",
		    crm_term_quote(argv[1], q, sizeof(q)));
	run(argv[1], argv + 1);
	return 5;
}
