# tests/cli/stamps.sh - records nobody can forge: the stamps crm sets
# (created_at, created_by, updated_at, updated_by, archived_at, consent_at,
# consent_source, a task's done_at, a deal's closed_at) are refused from
# arguments, checked against what is stored in files (an unchanged export
# goes back in), and taken as given only by an admin's --restore, audited
# as one.  A forged time moves no figure.  And the README's backup round
# trip, on the same base and into fresh ones.
. "$TOP/tests/lib.sh"

q() { sqlite3 "$CRM_DB" "$1"; }
said() {	# NAME TEXT: $ERR holds the fixed string TEXT
	if grep -qF -- "$2" "$ERR"; then
		t_report "$1" 1
	else
		t_report "$1" 0 "no '$2' in:" "$(head -c 2000 "$ERR")"
	fi
}
as() { q "UPDATE users SET role = '$1' WHERE login = '$ME'"; }
# The figures of February 2020, the month every forgery below claims.
feb() {
	crm-report --period 2020-02 -f csv |
	    awk -F, '$1 == "activity" && $5 != "0" && $5 != "0.00"'
}
OLD=2020-01-15T10:00:00Z FORGED=2020-02-10T12:00:00Z

crm-config set phone.default_country 34 >/dev/null
crm-user add -q luis >/dev/null
crm-add -q first_name=Ana last_name=García phone=600111222 consent=yes \
    >/dev/null
crm-add -q first_name=Pau last_name=Gil email=pau@x.es owner=luis >/dev/null
crm-add -q company name=Acme >/dev/null
crm-task -q 1 "send offer" --due 2099-01-02 >/dev/null
crm-deal -q 1 Licences amount=100 >/dev/null
q "INSERT INTO meetings(contact_id, topic, at, status, manager, created_at,
    created_by, updated_at, updated_by) VALUES (1, 'Demo',
    '2099-12-01T10:00:00Z', 'planned', '$ME', '$OLD', '$ME', '$OLD', '$ME')"
# Records from long ago, so that a stamp of now always differs.
for t in contacts companies tasks deals; do
	q "UPDATE $t SET created_at = '$OLD', updated_at = '$OLD'"
done
q "UPDATE contacts SET consent_at = '$OLD' WHERE id = 1"
crm-plan -q "$ME" contacts_added=1 deals_won=1 --month 2020-02 >/dev/null
t_run "February 2020 before any forgery" 0 feb
t_out "has nothing done" ""
cp "$OUT" "$T/feb.before"

# --- arguments: a stamp given is a usage error ------------------------------
n=$(q "SELECT count(*) FROM contacts")
t_run "crm-add with created_at" 2 crm-add first_name=Eva last_name=Sanz \
    phone=600111333 created_at=$FORGED
t_err "names the column and who sets it" \
    "crm-add: created_at: crm sets it when the record is added; it is not given"
t_run "with created_by" 2 crm-add first_name=Eva last_name=Sanz \
    phone=600111333 created_by=luis
t_err "the same" \
    "crm-add: created_by: crm sets it when the record is added; it is not given"
t_run "with archived_at" 2 crm-add first_name=Eva last_name=Sanz \
    phone=600111333 archived_at=$FORGED
t_err "says what sets it" \
    "crm-add: archived_at: --archive and --unarchive set it; it is not given"
t_run "with consent_at" 2 crm-add first_name=Eva last_name=Sanz \
    phone=600111333 consent=yes consent_at=$FORGED
t_run "with consent_source" 2 crm-add first_name=Eva last_name=Sanz \
    phone=600111333 consent=yes consent_source=webform
t_eq "nothing was added" "$(q "SELECT count(*) FROM contacts")" "$n"
t_run "crm-add --upsert with the stored created_at" 0 crm-add --upsert id=1 \
    created_at=$OLD
t_err "is ignored: unchanged" "crm-add: contact unchanged"
t_run "crm-edit with another created_by" 2 crm-edit 1 created_by=luis
t_err "names stored and given" \
    "crm-edit: created_by \"luis\" is not the stored \"$ME\": crm sets it when the record is added"
t_run "crm-edit with updated_at" 2 crm-edit 1 city=Lugo updated_at=$FORGED
t_err "the record changes: crm stamps it" \
    "crm-edit: updated_at \"$FORGED\" is not the stored \"$OLD\": crm sets it when the record is changed"
t_run "crm-edit with archived_at" 2 crm-edit 2 archived_at=$FORGED
t_err "--archive does that" \
    "crm-edit: archived_at \"$FORGED\" is not the stored (empty): --archive and --unarchive set it"
t_run "crm-edit with consent_at" 2 crm-edit 1 consent_at=$FORGED
t_run "crm-edit of a company's created_at" 2 crm-edit company 1 \
    created_at=$FORGED
t_run "of a meeting's created_by" 2 crm-edit meeting 1 created_by=luis
t_run "of a deal's closed_at" 2 crm-edit deal 1 closed_at=2020-02-10
t_err "the stage sets it" \
    "crm-edit: closed_at \"2020-02-10\" is not the stored (empty): crm sets it when the stage moves to won or lost"
t_run "won with a closed_at" 2 crm-edit deal 1 stage=won closed_at=$FORGED
t_run "a task's done_at" 2 crm-edit task 1 done_at=2020-02-10
t_err "crm-task --done sets it" \
    "crm-edit: done_at \"2020-02-10\" is not the stored (empty): crm-task --done sets it (an empty done_at reopens the task)"
t_run "records unchanged" 0 q "SELECT created_by, updated_at, city IS NULL
    FROM contacts WHERE id = 1"
t_out "as they were" "$ME|$OLD|1"

# --- files: stamps are checked against what is stored ----------------------
crm-export >"$T/contacts.csv"
IN="$T/contacts.csv"
t_run "an unchanged export goes back with --upsert" 0 crm-add --upsert
t_err "unchanged" "crm-add: 0 added, 2 unchanged, 0 rejected"
IN="$T/contacts.csv"
t_run "and into crm-edit" 0 crm-edit
t_err "unchanged" "crm-edit: 0 updated, 2 unchanged, 0 rejected"
sed -e "2s/,$OLD,$ME,/,$FORGED,$ME,/" "$T/contacts.csv" >"$T/forged.csv"
IN="$T/forged.csv"
t_run "a row with another created_at" 1 crm-add --upsert --rejects \
    "$T/rej.csv"
t_err "is rejected with its line and column" \
    "crm-add: line 2: created_at \"$FORGED\" is not the stored \"$OLD\": crm sets it when the record is added
crm-add: 0 added, 1 unchanged, 1 rejected"
t_run "written to --rejects as other rejects are" 0 cut -d, -f1,17,22- \
    "$T/rej.csv"
t_out "with the error" "id,created_at,error
1,$FORGED,\"line 2: created_at \"\"$FORGED\"\" is not the stored \"\"$OLD\"\": crm sets it when the record is added\""
sed -e "2s/,$OLD,$ME,$OLD,$ME,/,$OLD,$ME,$OLD,luis,/" -e '2s/,,Lugo,/,,Vigo,/' \
    "$T/contacts.csv" >"$T/forged.csv"
IN="$T/forged.csv"
t_run "crm-edit: another updated_by" 1 crm-edit
t_err "rejected: nothing changed" \
    "crm-edit: line 2: updated_by \"luis\" is not the stored \"$ME\": crm sets it when the record is changed
crm-edit: 1 rejected; nothing changed, 1 good row left out (--partial commits them)"
sed -e '2s/^1,Ana,/1,Ana María,/' "$T/contacts.csv" >"$T/edited.csv"
IN="$T/edited.csv"
t_run "an edited export" 0 crm-edit
t_run "is stamped by crm" 0 q "SELECT first_name, created_at, updated_at > '$OLD',
    updated_by FROM contacts WHERE id = 1"
t_out "now, by me" "Ana María|$OLD|1|$ME"
IN="$T/edited.csv"
t_run "the same sheet again is stale" 1 crm-edit
said "updated_at is no longer what it was" \
    "line 2: updated_at \"$OLD\" is not the stored"
crm-find -f csv >"$T/found.csv" Gil
IN="$T/found.csv"
t_run "crm-find -f csv | crm-edit" 0 crm-edit
t_err "unchanged" "crm-edit: 0 updated, 1 unchanged, 0 rejected"

# A new record from a file gets me and now; what the file claims is
# ignored, its archived_at archives it now.
printf 'first_name,last_name,phone,consent,consent_at,consent_source,created_at,created_by,updated_at,updated_by,archived_at\nEva,Sanz,600111333,yes,%s,webform,%s,luis,%s,luis,%s\n' \
    $FORGED $FORGED $FORGED $FORGED >"$T/new.csv"
IN="$T/new.csv"
t_run "a forged new row" 0 crm-add -q
t_run "is added as crm would" 0 q "SELECT c.created_by, c.updated_by,
    c.created_at = b.time, c.updated_at = b.time, c.consent_at = b.time,
    c.consent_source, c.archived_at = b.time FROM contacts AS c, batches AS b
    WHERE c.first_name = 'Eva' AND b.id = c.batch_id"
t_out "by me, now, from the file" "$ME|$ME|1|1|1|new.csv|1"
printf 'Nombre,Apellido,Teléfono,Alta\nRosa,Díaz,600111444,%s\n' $FORGED \
    >"$T/mapped.csv"
IN="$T/mapped.csv"
t_run "a column --map names created_at" 0 crm-add -q --map \
    'Nombre=first_name,Apellido=last_name,Teléfono=phone,Alta=created_at'
t_run "is ignored as well" 0 q "SELECT created_at <> '$FORGED' FROM contacts
    WHERE first_name = 'Rosa'"
t_out "now" "1"
printf 'BEGIN:VCARD\r\nVERSION:3.0\r\nN:Gil;Leo;;;\r\nFN:Leo Gil\r\nTEL:600111555\r\nREV:20200210T120000Z\r\nX-CRM-CREATED-BY:luis\r\nEND:VCARD\r\n' \
    >"$T/leo.vcf"
IN="$T/leo.vcf"
t_run "a vCard with REV and X-CRM-CREATED-BY" 0 crm-add -q -f vcard
t_run "sets neither stamp" 0 q "SELECT c.created_by, c.updated_at <> '$FORGED',
    x.value FROM contacts AS c JOIN contact_custom AS x ON x.contact_id = c.id
    WHERE c.first_name = 'Leo'"
t_out "mine; theirs is a custom field" "$ME|1|luis"

# Activities: the library stamps done_at and closed_at at the change.
t_run "a deal won through crm-edit" 0 crm-edit deal 1 stage=won
t_run "is closed now" 0 q "SELECT closed_at = updated_at, closed_at > '$OLD'
    FROM deals WHERE id = 1"
t_out "closed_at is the change's" "1|1"
crm-export deals >"$T/deals.csv"
IN="$T/deals.csv"
t_run "its export goes back" 0 crm-edit deal
t_err "unchanged" "crm-edit: 0 updated, 1 unchanged, 0 rejected"
sed -E "2s/,won,,[^,]*,/,won,,$FORGED,/" "$T/deals.csv" >"$T/deals2.csv"
IN="$T/deals2.csv"
t_run "a sheet that moves closed_at" 1 crm-edit deal
said "is refused" "line 2: closed_at \"$FORGED\" is not the stored"
t_run "crm-task --done" 0 crm-task -q --done 1
t_run "an empty done_at reopens the task" 0 crm-edit -q task 1 done_at=
t_run "open again, audited" 0 q "SELECT quote(t.done_at), a.field, a.new IS NULL
    FROM tasks AS t, audit AS a WHERE t.id = 1 AND a.entity = 'task'
    AND a.entity_id = 1 AND a.action = 'update' ORDER BY a.id DESC LIMIT 1"
t_out "done_at cleared" "NULL|done_at|1"

# The other writers of files: crm-meet reads its own listing back, whose
# created_by it ignores as it ignores the id; no other stamp is a column
# of crm-meet's or crm-call's input.
printf 'contact_id,topic,at,created_by\n1,Visit,2099-12-03 10:00,luis\n' \
    >"$T/meet.csv"
IN="$T/meet.csv"
t_run "crm-meet from CSV with another's created_by" 0 crm-meet -q
t_run "typed by me all the same" 0 q "SELECT created_by FROM meetings
    WHERE topic = 'Visit'"
t_out "me" "$ME"
printf 'contact_id,topic,at,created_at\n1,Visit,%s,%s\n' $FORGED $FORGED \
    >"$T/meet.csv"
IN="$T/meet.csv"
t_run "with a created_at column" 1 crm-meet -q
said "refused: no such column" 'unknown column "created_at"'
printf 'time,direction,number,disposition,created_at\n2020-02-10 12:00:00,in,600111222,ANSWERED,%s\n' \
    $FORGED >"$T/calls.csv"
IN="$T/calls.csv"
t_run "crm-call --import csv with created_at" 1 crm-call -q --import csv
said "refused too" 'unknown column "created_at"'

t_run "February 2020 after every forgery" 0 feb
t_ok "moved no figure" cmp "$OUT" "$T/feb.before"
t_run "nor the plan of that month" 0 crm-plan -f csv --list --month 2020-02
t_out "nothing done" "id,manager,metric,period,target,done,percent
1,$ME,contacts_added,2020-02,1,0,0
2,$ME,deals_won,2020-02,1,0,0"

# --- users: the same rules for crm-user add from CSV ------------------------
q "UPDATE users SET created_at = '$OLD', updated_at = '$OLD'"
crm-user list -f csv >"$T/users.csv"
IN="$T/users.csv"
t_run "an unchanged user list goes back" 0 crm-user add
t_err "updates nothing" "crm-user: 0 added, 2 updated, 0 rejected"
sed -e "/^[0-9]*,luis,/s/,$OLD,/,$FORGED,/" "$T/users.csv" >"$T/u2.csv"
IN="$T/u2.csv"
t_run "another created_at" 1 crm-user add
said "is rejected" "created_at \"$FORGED\" is not the stored \"$OLD\": crm sets it when the user is added"
IN="$T/u2.csv"
t_run "a restore writes it" 0 crm-user add --restore
t_run "audited as a restore" 0 q "SELECT u.created_at, a.old, a.new FROM users
    AS u JOIN audit AS a ON a.entity = 'user' AND a.entity_id = u.id
    AND a.action = 'restore' WHERE u.login = 'luis'"
t_out "from, to" "$FORGED|$OLD|$FORGED"
t_run "--restore is for add from CSV" 2 crm-user add --restore ana

# --- --restore: admins, from a backup on stdin, audited as a restore --------
crm-export >"$T/contacts.csv"
t_run "--restore with arguments" 2 crm-add --restore first_name=A last_name=B \
    phone=600111666
t_err "says what it reads" \
    "crm-add: --restore reads a backup, crm-export's CSV, on standard input: no FIELD=VALUE, -f vcard, --map, --from or --keep-unknown"
as manager
IN="$T/contacts.csv"
t_run "a manager's --restore" 4 crm-add --restore --upsert
t_err "is refused" \
    "crm-add: restoring a backup (--restore) is for admins ($ME is a manager)"
as operator
IN="$T/contacts.csv"
t_run "an operator's too" 4 crm-add --restore --upsert
as admin
sed -e "2s/,$OLD,$ME,/,$FORGED,luis,/" "$T/contacts.csv" >"$T/restore.csv"
IN="$T/restore.csv"
t_run "an admin's --restore --upsert" 0 crm-add --restore --upsert
t_err "updates the one whose stamps differ" \
    "crm-add: 0 added, 1 updated, 4 unchanged, 0 rejected"
t_run "as the backup has it" 0 q "SELECT created_at, created_by FROM contacts
    WHERE id = 1"
t_out "the backup's" "$FORGED|luis"
t_run "the batch says restore" 0 q "SELECT DISTINCT action FROM audit
    WHERE batch_id = (SELECT max(id) FROM batches)"
t_out "restore" "restore"
t_run "each field it changed too" 0 q "SELECT field, old, new FROM audit
    WHERE action = 'restore' AND entity = 'contact' AND entity_id = 1"
t_out "created_at and created_by" "created_at|$OLD|$FORGED
created_by|$ME|luis"

# --- the README's backup, on the same base and into fresh ones -------------
q "UPDATE contacts SET archived_at = '$OLD' WHERE first_name = 'Pau'"
crm-export >"$T/before.csv"
crm-export companies >"$T/companies.before"
README=$T/readme.sh
cat >"$README" <<'SH'
set -e
crm-user list -f csv > users.csv             # a backup: users first,
crm-export companies > companies.csv         # then companies,
crm-export contacts > contacts.csv           # then contacts, every field
crm-user add < users.csv                     # restore in the same order;
crm-add --upsert companies < companies.csv   # upserting an unchanged
crm-add --upsert < contacts.csv              # export changes nothing
SH
t_run "the README's backup and restore, on the same base" 0 sh "$README"
t_err "changes nothing" "crm-user: 0 added, 2 updated, 0 rejected
crm-add: 0 added, 1 unchanged, 0 rejected
crm-add: 0 added, 5 unchanged, 0 rejected"
t_ok "every contact as it was" cmp contacts.csv "$T/before.csv"
restore() {	# into the fresh base $CRM_DB, as README says
	crm-user add --restore < users.csv &&
	crm-add --restore companies < companies.csv &&
	crm-add --restore < contacts.csv
}
export CRM_DB="$T/fresh.db"
t_run "restored with --restore into a fresh base" 0 restore
t_run "its export" 0 crm-export
t_ok "is the backup, byte for byte" cmp "$OUT" contacts.csv
t_run "companies too" 0 crm-export companies
t_ok "byte for byte" cmp "$OUT" companies.csv
t_run "users too" 0 crm-user list -f csv
t_ok "byte for byte" cmp "$OUT" users.csv
t_run "and the trail says so" 0 q "SELECT action, entity, field, new FROM audit
    WHERE action = 'restore' AND field = 'rows'"
t_out "two restore batches" "restore|company|rows|1 added, 0 updated, 0 unchanged, 0 rejected
restore|contact|rows|5 added, 0 updated, 0 unchanged, 0 rejected"
export CRM_DB="$T/plain.db"
crm-user add < users.csv >/dev/null 2>&1
crm-add -q companies < companies.csv >/dev/null
IN=contacts.csv
t_run "without --restore into a fresh base" 0 crm-add -q
t_run "the contacts keep their ids" 0 crm-export -q
t_out "1 to 5" "1
2
3
4
5"
t_run "and get the importing user and now" 0 q "SELECT count(*) FROM contacts
    AS c JOIN batches AS b ON b.id = c.batch_id WHERE c.created_by = '$ME'
    AND c.created_at = b.time AND c.updated_at = b.time"
t_out "every one" "5"
t_run "the archived ones are archived, now" 0 q "SELECT c.first_name FROM
    contacts AS c JOIN batches AS b ON b.id = c.batch_id
    WHERE c.archived_at = b.time ORDER BY c.id"
t_out "Pau and Eva" "Pau
Eva"
t_done
