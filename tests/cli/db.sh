# tests/cli/db.sh - crm-db: a backup taken while others write is one
# consistent snapshot of the whole base, and restores into a fresh base
# table for table; restore takes only a sound crm base and replaces the
# content under the processes that have the base open; check finds damage
# for cron.  The cases with real users (a private base, and a shared
# install of its own) need root and are reported skipped otherwise.
. "$TOP/tests/lib.sh"

q() { sqlite3 "$CRM_DB" "$1"; }
as_role() { q "UPDATE users SET role = '$1' WHERE login = '$ME'"; }

# Every table of the base, the search index's content as a table.
TABLES="users settings batches companies contacts contact_custom tags tasks
    deals meetings calls plans audit contacts_fts companies_fts"
# dump DB [TABLE[:MAX]...]: each TABLE's rows in order (up to rowid MAX),
# after a line "== TABLE"; all of them when none is named.  One sqlite3.
dump() {
	local db=$1 t upto sql=
	shift
	for t in ${*:-$TABLES}; do
		upto=
		case $t in *:*) upto="WHERE rowid <= ${t#*:}" t=${t%%:*} ;; esac
		sql="$sql SELECT '== $t';"
		case $t in
		tags) sql="$sql SELECT * FROM tags ORDER BY tag;" ;;
		contact_custom) sql="$sql SELECT * FROM contact_custom
		    ORDER BY contact_id, name;" ;;
		*_fts) sql="$sql SELECT rowid, text FROM $t $upto ORDER BY rowid;" ;;
		*) sql="$sql SELECT * FROM $t $upto ORDER BY rowid;" ;;
		esac
	done
	sqlite3 "$db" "$sql"
}
# The whole base as text, schema version included: what a refusal keeps.
snap() { { dump "$CRM_DB"; q "PRAGMA user_version"; } | md5sum; }
# t_same NAME A B: the texts A and B are the same (the first lines that
# differ, if not).
t_same() {
	if [ "$2" = "$3" ]; then
		t_report "$1" 1
	else
		t_report "$1" 0 "$(diff <(echo "$2") <(echo "$3") | head -20)"
	fi
}
# t_same_tables NAME A B [TABLE...]: each table of base A equals B's.
t_same_tables() {
	local name=$1 a=$2 b=$3
	shift 3
	t_same "$name" "$(dump "$a" "$@")" "$(dump "$b" "$@")"
}
# t_refused NAME STATUS LAST-LINE CMD...: CMD exits STATUS, its last line
# on stderr is LAST-LINE, and the base is exactly as it was.
t_refused() {
	local name=$1 want=$2 line=$3 before
	shift 3
	before=$(snap)
	t_run "$name" "$want" "$@"
	t_eq "$name: says why" "$(tail -n 1 "$ERR")" "$line"
	t_eq "$name: the base is unchanged" "$(snap)" "$before"
}
# damage FILE: write text over a page in the middle of its contacts.
damage() {
	local page size
	page=$(sqlite3 "$1" "SELECT pageno FROM dbstat WHERE name = 'contacts'
	    AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET 10")
	size=$(sqlite3 "$1" "PRAGMA page_size")
	yes 'not a page of a base' | head -c "$size" |
	    dd of="$1" bs="$size" seek=$((page - 1)) conv=notrunc status=none
}
# until_true CMD...: wait for CMD to succeed (a bound, not a timing:
# only a stuck run reaches it).
until_true() {
	local i
	for i in $(seq 1 6000); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}
real() { realpath -m "$1"; }

# --- A base with a row in every table.
crm-config set phone.default_country 34 >/dev/null
crm-user add ana role=manager name="Ana Ruiz" >/dev/null
crm-user add ada role=admin >/dev/null
crm-add -q company name=Acme tags=vip >/dev/null
crm-add -q first_name=Mía last_name=Núñez phone="600 111 222" company=Acme \
    tags=vip,madrid >/dev/null
printf 'first_name,last_name,email,Colour\nBo,Li,bo@x.es,red\nCy,Ma,cy@x.es,blue\n' |
    crm-add -q --keep-unknown >/dev/null
crm-meet -q 1 Demo Signed >/dev/null
crm-call -q 1 done "price list" >/dev/null
crm-task -q 1 "Send offer" --due 2099-01-01 >/dev/null
crm-deal -q 1 Licences amount=1200.50 >/dev/null
crm-plan -q ana calls=10 --month 2099-01 >/dev/null
empty=
for t in $TABLES; do
	[ "$(dump "$CRM_DB" "$t" | wc -l)" -gt 1 ] || empty="$empty $t"
done
t_eq "setup: every table holds rows" "$empty" ""

# --- check: nothing on a sound base, for cron.
t_run "check: a sound base" 0 crm-db check
t_out "prints nothing" ""
t_err "and says nothing" ""
t_run "crm db check: the dispatcher runs it" 0 crm db check
t_out "nothing" ""

# --- Usage.
t_run "crm-db alone" 2 crm-db
t_err "names the commands" "crm-db: say backup, restore or check (crm-db --help)"
t_run "an unknown command" 2 crm-db frobnicate
t_err "is named" 'crm-db: unknown command "frobnicate" (backup, restore, check)'
t_run "backup without FILE" 2 crm-db backup
t_err "asks for it" "crm-db: backup takes a FILE (crm-db --help)"
t_run "backup of two files" 2 crm-db backup a.db b.db
t_run "check takes no argument" 2 crm-db check now
t_run "backup to an empty name" 2 crm-db backup ""
t_run "an unknown option" 2 crm-db check --frob

# --- backup: the whole base, a file of its own, audited.
t_run "backup FILE" 0 crm-db backup "$T/b1.db"
t_out "prints nothing" ""
t_err "says nothing" ""
t_eq "the file is the user's alone, 0600" "$(stat -c %a "$T/b1.db")" 600
t_same_tables "every table equals the base's, audit trail included" \
    "$T/b1.db" "$CRM_DB"
t_eq "its schema version too" "$(sqlite3 "$T/b1.db" "PRAGMA user_version")" \
    "$(q "PRAGMA user_version")"
t_eq "one file: no write-ahead log to carry along" \
    "$(sqlite3 "$T/b1.db" "PRAGMA journal_mode"; ls "$T" | grep -c '^b1\.db-')" \
    "delete
0"
t_eq "audited, with the file's path, before the copy: the copy holds it" \
    "$(sqlite3 "$T/b1.db" "SELECT actor, action, entity, field, new
        FROM audit ORDER BY id DESC LIMIT 1")" \
    "$ME|backup|base|file|$(real "$T/b1.db")"
t_run "crm-log shows it" 0 crm-log --action backup -f csv
t_has "the backup row" ",$ME,backup,base,,file,,$(real "$T/b1.db"),"
mkdir "$T/rel"
t_run "a relative FILE, under umask 0" 0 sh -c \
    'cd "$1" && umask 0 && crm-db backup b2.db' x "$T/rel"
t_eq "is 0600 all the same" "$(stat -c %a "$T/rel/b2.db")" 600
t_eq "is audited by its absolute path" "$(q "SELECT new FROM audit
    ORDER BY id DESC LIMIT 1")" "$(real "$T/rel/b2.db")"

sum=$(md5sum <"$T/b1.db")
audits=$(q "SELECT count(*) FROM audit")
t_run "an existing FILE without --force" 2 crm-db backup "$T/b1.db"
t_err "is refused" "crm-db: $T/b1.db exists; --force replaces it"
t_eq "and left as it was" "$(md5sum <"$T/b1.db")" "$sum"
t_eq "nothing audited" "$(q "SELECT count(*) FROM audit")" "$audits"
ln -s "$T/b1.db" "$T/link.db"
t_run "nor through a symbolic link to it" 2 crm-db backup "$T/link.db"
t_eq "which stays a link to the file, unchanged" \
    "$(readlink "$T/link.db"; md5sum <"$T/b1.db")" "$T/b1.db
$sum"
t_run "--force replaces it" 0 crm-db backup --force "$T/b1.db"
t_eq "with the base as it is now" \
    "$(sqlite3 "$T/b1.db" "SELECT count(*) FROM audit")" "$((audits + 1))"
t_run "the base itself, even with --force" 2 crm-db backup --force "$CRM_DB"
t_err "is refused" "crm-db: $CRM_DB is the base itself"
t_run "the base is sound" 0 crm-db check
t_run "a folder" 2 crm-db backup --force "$T/rel"
t_err "is not a file" "crm-db: $T/rel is a folder; name the backup file"
t_run "a folder that is not there" 3 crm-db backup "$T/none/b.db"
t_err "is not found" "crm-db: $T/none: No such file or directory"
t_eq "no file, no temporary file left in the folders written" \
    "$(ls -A "$T/rel")" "b2.db"
t_eq "nor beside the base" "$(ls -A "$T" | grep -c '^\.b')" 0

# "-": standard output, to a pipe or a file; never a terminal.
mkdir "$T/tmpd"
t_run "backup - to a pipe" 0 sh -c \
    'TMPDIR="$2" crm-db backup - | cat >"$1"' x "$T/piped.db" "$T/tmpd"
t_same_tables "is the whole base" "$T/piped.db" "$CRM_DB"
t_eq "audited as stdout" "$(q "SELECT new FROM audit ORDER BY id DESC
    LIMIT 1")" stdout
t_eq "no temporary file left in TMPDIR" "$(ls -A "$T/tmpd")" ""
if command -v script >/dev/null; then
	t_run "backup - to a terminal" 0 script -qec \
	    "crm-db backup -; echo \"exit \$?\"" /dev/null
	t_ok "is refused, exit 2" grep -q "^exit 2" "$OUT"
	t_has "saying why" "crm-db: standard output is a terminal"
else
	t_report "backup - to a terminal # SKIP no script(1)" 1
fi

# Backups are an admin's job: a copy of everything, outside the roles.
for role in manager operator supervisor; do
	as_role "$role"
	before=$(snap)
	a=a
	[ "$role" = operator ] && a=an
	t_run "a backup by a $role" 4 crm-db backup "$T/$role.db"
	t_err "is refused" "crm-db: a backup is for admins ($ME is $a $role)"
	t_ok "no file made" test ! -e "$T/$role.db"
	t_eq "nothing audited" "$(snap)" "$before"
done
as_role manager
t_run "a manager checks the base" 0 crm-db check
as_role admin

# --- A backup taken while five writers log meetings, calls and contacts.
# Each writer runs until told to stop; the backup starts once each has
# written and the writers stop once each has written after it, so the
# snapshot falls strictly inside the writes.  A base of its own, larger
# (so that the copy takes a while): the others stay small and quick.
MAIN=$CRM_DB
crm-db backup "$T/busy.db"
export CRM_DB=$T/busy.db
bulk=5000
[ -n "${CRM_SAN:-}" ] && bulk=1000
awk -v n="$bulk" 'BEGIN { print "first_name,last_name,email";
    for (j = 1; j <= n; j++) printf "Bulk,R%d,bulk%d@x.es\n", j, j }' |
    crm-add -q >/dev/null
writer() {	# W: write until $T/stop exists; 1, 2 meet, 3, 4 call, 5 add
	local k=0
	while [ ! -e "$T/stop" ]; do
		k=$((k + 1))
		case $1 in
		1 | 2) crm-meet -q 1 "W$1 $k" "Result $k" ;;
		3 | 4) crm-call -q "+346$1$(printf %07d "$k")" done "W$1 $k" ;;
		5) crm-add -q first_name=W5 last_name="R$k" email="w5.$k@x.es" ;;
		esac >/dev/null || { echo "writer $1 failed at $k"; return 1; }
	done
}
written() {	# DB W: how many rows writer W has in DB
	case $2 in
	1 | 2) sqlite3 "$1" "SELECT count(*) FROM meetings WHERE topic LIKE 'W$2 %'" ;;
	3 | 4) sqlite3 "$1" "SELECT count(*) FROM calls WHERE note LIKE 'W$2 %'" ;;
	5) sqlite3 "$1" "SELECT count(*) FROM contacts WHERE first_name = 'W5'" ;;
	esac
}
beyond() {	# DB N...: writer i has more than the i-th N rows in DB
	local db=$1 w=0 n
	shift
	for n; do
		w=$((w + 1))
		[ "$(written "$db" "$w")" -gt "$n" ] || return 1
	done
}
rm -f "$T/stop"
pids=()
for w in 1 2 3 4 5; do
	writer "$w" 2>"$T/werr.$w" >>"$T/werr.$w" &
	pids+=($!)
done
t_ok "every writer has written" until_true beyond "$CRM_DB" 0 0 0 0 0
t_run "backup while they write" 0 crm-db backup "$T/snap.db"
in_snap=()
for w in 1 2 3 4 5; do in_snap+=("$(written "$T/snap.db" "$w")"); done
t_ok "every writer has written after it" until_true beyond "$CRM_DB" \
    "${in_snap[@]}"
touch "$T/stop"
fails=0
for p in "${pids[@]}"; do wait "$p" || fails=$((fails + 1)); done
t_report "the writers were never stopped: every invocation succeeded" \
    "$([ "$fails" = 0 ] && echo 1 || echo 0)" "$(cat "$T"/werr.* | head -5)"
t_ok "the snapshot holds writes of every writer" \
    sh -c '! echo "$*" | grep -qw 0' x "${in_snap[@]}"
cp "$T/snap.db" "$T/snap-check.db"
t_run "the backup is sound: check finds nothing" 0 crm-db --db \
    "$T/snap-check.db" check
t_out "nothing" ""
# It is the base at one point of its history: every table of the backup
# is the base's rows up to the backup's last one (the writers only add,
# with rising ids) ...
upto=
for t in $TABLES; do
	case $t in
	tags | contact_custom) upto="$upto $t" ;;
	*) upto="$upto $t:$(sqlite3 "$T/snap.db" "SELECT coalesce(max(rowid), 0)
	    FROM $t")" ;;
	esac
done
# shellcheck disable=SC2086  # one word a table
t_same "every table is the base's up to the backup's last row" \
    "$(dump "$T/snap.db")" "$(dump "$CRM_DB" $upto)"
# ... and the same point for all of them: the audit trail, numbered in
# the order transactions committed, is cut at one row, and a record is
# in the backup exactly when the audit rows of its transaction are.
t_run "records and their audit rows: all of a transaction or none" 0 \
    sqlite3 "$T/snap.db" "
    SELECT (SELECT count(*) FROM meetings AS m WHERE NOT EXISTS (SELECT 1
	FROM audit WHERE entity = 'meeting' AND entity_id = m.id))
     + (SELECT count(*) FROM calls AS c WHERE NOT EXISTS (SELECT 1
	FROM audit WHERE entity = 'call' AND entity_id = c.id))
     + (SELECT count(*) FROM contacts AS c WHERE first_name = 'W5' AND
	NOT EXISTS (SELECT 1 FROM audit WHERE entity = 'contact' AND
	entity_id = c.id))
     + (SELECT count(*) FROM audit AS a WHERE entity IN ('meeting', 'call',
	'contact') AND entity_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM
	meetings WHERE a.entity = 'meeting' AND id = a.entity_id UNION ALL
	SELECT 1 FROM calls WHERE a.entity = 'call' AND id = a.entity_id
	UNION ALL SELECT 1 FROM contacts WHERE a.entity = 'contact' AND
	id = a.entity_id))"
t_out "none half there" 0

# Restored into a fresh base: every table equal, and the restore audited.
F=$T/fresh.db
crm-user --db "$F" list >/dev/null
t_run "restore the backup into a fresh base" 0 crm-db --db "$F" restore \
    --force "$T/snap.db"
t_out "prints nothing" ""
t_err "says nothing" ""
t_same_tables "every table equals the backup's" "$F" "$T/snap.db" \
    users settings batches companies contacts contact_custom tags tasks \
    deals meetings calls plans contacts_fts companies_fts
last=$(sqlite3 "$T/snap.db" "SELECT max(id) FROM audit")
t_same "the audit trail is the backup's" "$(dump "$F" "audit:$last")" \
    "$(dump "$T/snap.db" audit)"
t_eq "and then one row: who restored what file" \
    "$(sqlite3 "$F" "SELECT actor, action, entity, field, new FROM audit
        WHERE id > $last")" "$ME|restore|base|file|$(real "$T/snap.db")"
t_run "the restored base is sound" 0 crm-db --db "$F" check
t_out "nothing" ""
export CRM_DB=$MAIN

# --- restore refuses anything but a sound crm base of a version it knows.
cp "$T/b1.db" "$T/ok.db"
t_refused "restore without --force" 2 \
    "crm-db: restore replaces everything in the base with $T/ok.db's content: give --force" \
    crm-db restore "$T/ok.db"
t_refused "a file that is not there" 3 \
    "crm-db: $T/none.db: No such file or directory" \
    crm-db restore --force "$T/none.db"
t_refused "a folder" 1 "crm-db: $T/rel is not a file" \
    crm-db restore --force "$T/rel"
t_refused "the base itself" 1 "crm-db: $CRM_DB is the base itself" \
    crm-db restore --force "$CRM_DB"
sqlite3 "$T/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1)"
t_refused "an SQLite file that is not a crm base" 1 \
    "crm-db: $T/other.db is not a crm base (it has no schema version)" \
    crm-db restore --force "$T/other.db"
sqlite3 "$T/other9.db" "CREATE TABLE t(x); PRAGMA user_version = 9"
t_run "nor with crm's schema version" 1 crm-db restore --force \
    "$T/other9.db"
t_ok "is refused" grep -qx \
    "crm-db: $T/other9.db: refused, [0-9]* problems; the base is unchanged" \
    "$ERR"
t_ok "each schema difference named" grep -qx \
    "crm-db: $T/other9.db: schema: table contacts is missing" "$ERR"
printf 'first_name,last_name\nAna,Ruiz\n' >"$T/text.db"
t_refused "a text file" 1 \
    "crm-db: $T/text.db is not a crm base (not an SQLite database)" \
    crm-db restore --force "$T/text.db"
cp "$T/ok.db" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 99"
t_refused "a newer schema" 1 \
    "crm-db: $T/newer.db: schema version 99 is newer than this crm ($(q "PRAGMA user_version")); upgrade crm" \
    crm-db restore --force "$T/newer.db"
cp "$T/snap.db" "$T/corrupt.db"
damage "$T/corrupt.db"
before=$(snap)
t_run "a damaged file" 1 crm-db restore --force "$T/corrupt.db"
t_ok "its damage is named" grep -q "^crm-db: $T/corrupt.db: integrity: " \
    "$ERR"
t_ok "and it is refused" grep -qx \
    "crm-db: $T/corrupt.db: refused, [0-9]* problems\{0,1\}; the base is unchanged" \
    "$ERR"
t_eq "the base is unchanged" "$(snap)" "$before"
cp "$T/ok.db" "$T/dangling.db"
sqlite3 "$T/dangling.db" "PRAGMA foreign_keys = OFF;
    UPDATE calls SET contact_id = 999999 WHERE id = 1"
t_refused "a reference that leads nowhere" 1 \
    "crm-db: $T/dangling.db: refused, 1 problem; the base is unchanged" \
    crm-db restore --force "$T/dangling.db"
t_ok "named" grep -qx \
    "crm-db: $T/dangling.db: foreign_key: calls 1: contact_id names no row of contacts" \
    "$ERR"
cp "$T/ok.db" "$T/trigger.db"
sqlite3 "$T/trigger.db" "CREATE TRIGGER forget AFTER INSERT ON audit
    BEGIN DELETE FROM audit; END"
t_refused "a trigger crm never made" 1 \
    "crm-db: $T/trigger.db: refused, 1 problem; the base is unchanged" \
    crm-db restore --force "$T/trigger.db"
t_ok "named" grep -qx \
    "crm-db: $T/trigger.db: schema: trigger forget is not one of crm's" "$ERR"
for role in manager supervisor; do
	as_role "$role"
	t_refused "a restore by a $role" 4 \
	    "crm-db: restoring a backup is for admins ($ME is a $role)" \
	    crm-db restore --force "$T/ok.db"
done
as_role admin

# --- restore: the content replaced under processes that have it open.
crm-db backup "$T/r.db"
in_r=$(sqlite3 "$T/r.db" "SELECT count(*) FROM contacts")
crm-add -q first_name=After last_name=Backup email=after@x.es >/dev/null
mode=$(stat -c %a "$CRM_DB")
rm -f "$T/held" "$T/go"
sqlite3 "$CRM_DB" "SELECT count(*) FROM contacts" \
    ".shell touch '$T/held'; while [ ! -e '$T/go' ]; do sleep 0.05; done" \
    "SELECT count(*) FROM contacts" \
    "INSERT INTO tags VALUES ('still-writing')" >"$T/held.out" 2>&1 &
held=$!
until_true test -e "$T/held"
rm -f "$T/stop"
writer 3 >"$T/rerr" 2>&1 &
w3=$!
t_run "restore while a process holds the base and another writes" 0 \
    crm-db restore --force "$T/r.db"
touch "$T/go" "$T/stop"
wait "$held"
t_eq "the process that held it open sees the restored content, and writes" \
    "$(cat "$T/held.out")" "$((in_r + 1))
$in_r"
wait "$w3"
t_eq "the writer was never stopped" "$?" 0
t_eq "the base keeps its mode" "$(stat -c %a "$CRM_DB")" "$mode"
t_eq "the contact added after the backup is gone" \
    "$(q "SELECT count(*) FROM contacts WHERE first_name = 'After'")" 0
t_eq "the restore is audited once, in the restored base" \
    "$(q "SELECT actor, action, entity, field, new FROM audit
        WHERE action = 'restore'")" "$ME|restore|base|file|$(real "$T/r.db")"
t_run "the base is sound" 0 crm-db check
t_out "nothing" ""

# An older backup is migrated forward as an open would: this one is cut
# back to schema version 1 as tests/unit/test_db.c does.
cp "$T/ok.db" "$T/v1.db"
sqlite3 "$T/v1.db" "DROP TABLE contact_custom;
    ALTER TABLE contacts DROP COLUMN consent_source;
    ALTER TABLE contacts DROP COLUMN consent_at;
    ALTER TABLE contacts DROP COLUMN consent;
    ALTER TABLE contacts ADD COLUMN consent INTEGER NOT NULL
	DEFAULT 0 CHECK (consent IN (0, 1));
    DROP TABLE plans; DROP INDEX contacts_unreachable;
    DROP INDEX contacts_owner; CREATE INDEX contacts_owner ON contacts(owner);
    DROP TABLE meetings; DROP TABLE tasks; DROP TABLE calls; DROP TABLE deals;
    DROP TABLE tags; DROP INDEX contacts_archived;
    PRAGMA writable_schema = ON;
    UPDATE sqlite_master SET sql = replace(sql, 'erased_at IS NOT NULL OR ',
	'') WHERE name = 'contacts';
    PRAGMA writable_schema = RESET;
    DROP TRIGGER contacts_fts_insert; DROP TRIGGER contacts_fts_update;
    DROP TRIGGER contacts_fts_delete; DROP TRIGGER companies_fts_insert;
    DROP TRIGGER companies_fts_update; DROP TRIGGER companies_fts_rename;
    DROP TRIGGER companies_fts_delete;
    DROP TABLE contacts_fts; DROP TABLE companies_fts;
    ALTER TABLE contacts DROP COLUMN erased_at;
    PRAGMA user_version = 1; VACUUM"
t_run "restore a backup of schema version 1" 0 crm-db restore --force \
    "$T/v1.db"
t_eq "the base is at this crm's version" "$(q "PRAGMA user_version")" \
    "$(sqlite3 "$T/ok.db" "PRAGMA user_version")"
t_eq "with the backup's contacts" \
    "$(q "SELECT id, first_name, last_name FROM contacts ORDER BY id")" \
    "$(sqlite3 "$T/v1.db" "SELECT id, first_name, last_name FROM contacts
        ORDER BY id")"
t_run "found by the search index the migration built" 0 crm-find -q nunez
t_out "Mía Núñez" 1
t_run "and sound" 0 crm-db check
t_out "nothing" ""

# A backup in WAL mode (what sqlite3's .backup of a live base makes) is
# read as it is, with no -wal or -shm made beside it (so it can be read
# from a read-only disk).
mkdir "$T/wal"
cp "$T/ok.db" "$T/wal/wal.db"
sqlite3 "$T/wal/wal.db" "PRAGMA journal_mode = WAL" >/dev/null
t_eq "setup: the file says WAL, alone" "$(od -An -tu1 -j18 -N2 \
    "$T/wal/wal.db" | tr -s ' '; ls -A "$T/wal")" " 2 2
wal.db"
t_run "restore a WAL-mode backup" 0 crm-db restore --force "$T/wal/wal.db"
t_eq "nothing made beside it" "$(ls -A "$T/wal")" "wal.db"
t_same_tables "the base is the backup's" "$CRM_DB" "$T/ok.db" contacts \
    meetings calls contact_custom

# --- check: one line a problem, exit 1, for cron.
crm-db backup "$T/c0.db"
check_copy() {	# NAME SQL: a copy of c0.db changed by SQL, then checked
	cp "$T/c0.db" "$T/c.db"
	sqlite3 "$T/c.db" "PRAGMA foreign_keys = OFF; $2"
	t_run "$1" 1 crm-db --db "$T/c.db" check
}
check_copy "check: a reference that leads nowhere" \
    "UPDATE meetings SET contact_id = 999999 WHERE id = 1"
t_out "one line" "foreign_key: meetings 1: contact_id names no row of contacts"
t_err "nothing on stderr" ""
t_run "-q: the exit status alone" 1 crm-db --db "$T/c.db" check -q
t_out "nothing" ""
check_copy "check: a contact missing from the search index" \
    "DELETE FROM contacts_fts WHERE rowid = 2"
t_out "named" "search: contact 2 is missing from the search index"
check_copy "check: a stale search text" \
    "UPDATE contacts_fts SET text = 'x' WHERE rowid = 1"
t_out "named" "search: the search index holds an old text of contact 1"
check_copy "check: a missing index and a foreign trigger" \
    "DROP INDEX contacts_email; CREATE TRIGGER t AFTER DELETE ON users
    BEGIN SELECT 1; END"
t_out "named" "schema: index contacts_email is missing
schema: trigger t is not one of crm's"
check_copy "check: no active admin left" \
    "UPDATE users SET role = 'manager' WHERE role = 'admin'"
t_out "named" "users: no active admin: nobody can add users or change settings"
cp "$T/snap.db" "$T/c.db"
damage "$T/c.db"
t_run "check: a damaged page" 1 crm-db --db "$T/c.db" check
t_ok "named, one line each" sh -c '[ -s "$1" ] && ! grep -v "^integrity: " "$1"' \
    x "$OUT"
cp "$T/c0.db" "$T/c.db"
sqlite3 "$T/c.db" "PRAGMA foreign_keys = OFF; UPDATE calls SET contact_id = 99
    WHERE id = 1; UPDATE meetings SET contact_id = 99 WHERE id = 1;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n
	WHERE i < 150)
    INSERT INTO tasks(contact_id, title, assignee, created_at, created_by,
	updated_at, updated_by) SELECT 99, 't' || i, '$ME', 'x', 'x', 'x', 'x'
	FROM n"
t_run "check: many problems" 1 crm-db --db "$T/c.db" check
t_eq "the first 100 of a kind, then how many more" \
    "$(grep -c '^foreign_key: ' "$OUT"; tail -n 1 "$OUT")" \
    "101
foreign_key: 52 more"
t_run "check: the base it found sound is still sound" 0 crm-db check

# --- Real users: a private base's backup in a folder she cannot write,
# and a shared install of this test's own (the group given up once the
# base is open): files made with the user's rights, the base's kept.
skip_rest() {	# REASON
	t_report "a folder the user cannot write is refused # SKIP $1" 1
	t_report "the shared install: backup, restore and check with the user's own rights # SKIP $1" 1
	t_done
	exit
}
[ "$(id -u)" = 0 ] || skip_rest "not run as root"
for tool in useradd userdel groupdel runuser findmnt; do
	command -v "$tool" >/dev/null || skip_rest "no $tool"
done
W=$(mktemp -d -p /var/tmp)
chmod 755 "$W"
G=crmdb_g_$$ ADM=crmdb_adm_$$ ANA=crmdb_ana_$$
cleanup() {
	userdel "$ADM" 2>/dev/null
	userdel "$ANA" 2>/dev/null
	groupdel "$G" 2>/dev/null
	rm -rf "$W" "$T"
}
trap cleanup EXIT
as() {	# USER CMD...: run CMD as USER, umask 022
	local u=$1
	shift
	runuser -u "$u" -- sh -c 'umask 022; exec "$@"' x "$@"
}
for u in "$ADM" "$ANA"; do
	useradd -M -d "$W/home/$u" -s /usr/sbin/nologin "$u"
	mkdir -p "$W/home/$u"
	chown "$u:" "$W/home/$u"
	chmod 700 "$W/home/$u"
done
H=$W/home/$ADM
mkdir "$W/shut"
t_run "her own base" 0 as "$ADM" "$BIN/crm-add" --db "$H/own.db" -q \
    first_name=A last_name=B email=a@b.es
t_run "backup into a folder she cannot write" 4 as "$ADM" "$BIN/crm-db" \
    --db "$H/own.db" backup "$W/shut/b.db"
t_err "permission denied" "crm-db: $W/shut/b.db: Permission denied"
t_eq "nothing made there" "$(ls -A "$W/shut")" ""

case ,$(findmnt -no OPTIONS --target "$W" 2>/dev/null), in
*,nosuid,*)
	t_report "the shared install: backup, restore and check with the user's own rights # SKIP /var/tmp is mounted nosuid" 1
	t_done
	exit ;;
esac
unset CRM_DB MAKEFLAGS MAKELEVEL
BUILD=${BIN%/bin}
# The binaries this test runs, in a build folder of its own: shared.sh's
# install may be under way at the same time.
make=(make -s --no-print-directory -C "$TOP" install-shared BUILD="$BUILD"
    SHAREDBUILD="$W/build" PREFIX="$W/prefix" SHAREDDIR="$W/lib"
    CRMGROUP="$G" ADMIN="$ADM"
    SHARED_BINS="$W/build/bin/crm-db $W/build/bin/crm-user $W/build/bin/crm-add")
[ -n "${CRM_SAN:-}" ] &&
    make+=('CFLAGS=$(SANFLAGS)' LDFLAGS=-fsanitize=address,undefined)
t_ok "make install-shared" "${make[@]}"
P=$W/prefix/bin DB=$W/lib/crm.db
t_eq "crm-db is installed setgid to the group" \
    "$(stat -c '%a %U %G' "$P/crm-db")" "2755 root $G"
as "$ADM" "$P/crm-user" add "$ANA" role=manager >/dev/null
as "$ANA" "$P/crm-add" -q first_name=Ana last_name=Client \
    email=client@x.es >/dev/null
t_run "the admin backs up the shared base into her home" 0 as "$ADM" \
    "$P/crm-db" backup "$H/shared.db"
t_eq "the file is hers, her group's, 0600: not the base's group" \
    "$(stat -c '%U %G %a' "$H/shared.db")" "$ADM $(id -gn "$ADM") 600"
t_eq "the whole base" "$(sqlite3 "$H/shared.db" "SELECT first_name FROM
    contacts")" Ana
t_run "backup into the base's folder" 4 as "$ADM" "$P/crm-db" backup \
    "$W/lib/copy.db"
t_err "is refused: the group was given up" \
    "crm-db: $W/lib/copy.db: Permission denied"
t_ok "nothing made there" test ! -e "$W/lib/copy.db"
t_run "a manager's backup" 4 as "$ANA" "$P/crm-db" backup \
    "$W/home/$ANA/b.db"
t_run "a manager checks the base" 0 as "$ANA" "$P/crm-db" check
t_out "sound" ""
cp "$H/shared.db" "$W/lib/group-only.db"
chown "root:$G" "$W/lib/group-only.db"
chmod 640 "$W/lib/group-only.db"
t_run "restore of a file only the group could read" 4 as "$ADM" \
    "$P/crm-db" restore --force "$W/lib/group-only.db"
t_err "is refused: she reads with her own rights" \
    "crm-db: $W/lib/group-only.db: Permission denied"
as "$ANA" "$P/crm-add" -q first_name=Later last_name=Client \
    email=later@x.es >/dev/null
owner=$(stat -c '%a %U %G' "$DB")
t_run "the admin restores her backup" 0 as "$ADM" "$P/crm-db" restore \
    --force "$H/shared.db"
t_eq "the base keeps its owner, group and mode" \
    "$(stat -c '%a %U %G' "$DB")" "$owner"
t_eq "and holds the backup's content" "$(sqlite3 "$DB" "SELECT first_name
    FROM contacts ORDER BY id")" Ana
t_run "the manager writes on" 0 as "$ANA" "$P/crm-add" -q \
    first_name=Again last_name=Client email=again@x.es
t_run "the admin checks it" 0 as "$ADM" "$P/crm-db" check
t_out "sound" ""
t_done
