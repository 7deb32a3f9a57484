# tests/cli/edit.sh - crm-edit: one record from arguments, many from ids or
# CSV on stdin, all-or-nothing and --partial, duplicates, archive,
# erasure, bulk owner reassignment as one batch.
. "$TOP/tests/lib.sh"

stamp() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' "$OUT" >"$T/.st"; mv "$T/.st" "$OUT"; }
q() { sqlite3 "$CRM_DB" "$1"; }
H=id,first_name,last_name,phone,email,company,title,city,address,source,tags,notes,owner,consent,consent_at,consent_source,created_at,created_by,updated_at,updated_by,archived_at

crm-config set phone.default_country 34
crm-user add -q ana
crm-user add -q luis
printf 'first_name,last_name,phone,email,owner,company\nAna,García,600111221,ana@x.es,ana,Acme\nLuis,Pérez,600111222,,ana,\nEva,Sanz,,eva@x.es,ana,\nJo,Li,600111224,,ana,\nMo,Ra,600111225,mo@x.es,%s,\n' "$ME" >"$T/base.csv"
crm-add -q <"$T/base.csv" >/dev/null

# One record from arguments.
t_run "edit one contact" 0 crm-edit -f csv 2 city=Madrid title=" CEO "
stamp
t_out "prints the whole record, changed" "$H
2,Luis,Pérez,+34600111222,,,CEO,Madrid,,,,,ana,unknown,,,TIME,$ME,TIME,$ME,"
t_err "summary" "crm-edit: 1 updated, 0 unchanged, 0 rejected"
t_run "each changed field is audited with old and new values" 0 q \
    "SELECT action, entity, entity_id, field, quote(old), new, quote(batch_id) FROM audit WHERE entity_id = 2 AND action = 'update' ORDER BY id"
t_out "per-field audit, no batch" "update|contact|2|title|NULL|CEO|NULL
update|contact|2|city|NULL|Madrid|NULL"
t_run "the same edit again" 0 crm-edit -f csv 2 city=Madrid
t_err "changes nothing" "crm-edit: 0 updated, 1 unchanged, 0 rejected"
t_run "-q prints the id alone, no summary" 0 crm-edit -q 2 city=Madrid
t_out "the id" "2"
t_err "quiet" ""
t_run "an unknown id" 3 crm-edit 99 city=Madrid
t_err "is not found" "crm-edit: contact 99 not found"
t_run "another contact's phone" 1 crm-edit 2 phone="+34 600 111 221"
t_err "is a duplicate" "crm-edit: duplicate of contact 1 (same phone +34600111221)"
t_run "--allow-duplicates accepts it" 0 crm-edit -q --allow-duplicates 4 \
    phone=600111221
crm-edit -q 4 phone=600111224 >/dev/null
# A field or a value typed wrong on the command line is usage (crm(7)).
t_run "an unknown field" 2 crm-edit 2 colour=red
t_err "is refused" 'crm-edit: unknown field "colour" for a contact'
t_run "a bad e-mail" 2 crm-edit 2 email=x@
t_err "is refused as crm-add refuses it" 'crm-edit: email "x@" is not a valid address'
t_run "clearing the only way to reach a contact" 1 crm-edit 3 email=
t_err "is refused" "crm-edit: a contact needs a phone or an email"
t_run "an unknown owner" 1 crm-edit 2 owner=nobody
t_run "nothing was written by the refused edits" 0 q \
    "SELECT phone, quote(email), city FROM contacts WHERE id IN (2, 3) ORDER BY id"
t_out "as before" "+34600111222|NULL|Madrid
|'eva@x.es'|"
t_run "companies, plural or singular" 0 crm-edit -q companies 1 city=Sevilla
t_out "company id" "1"
t_run "the company changed" 0 q "SELECT city FROM companies WHERE id = 1"
t_out "city" "Sevilla"
t_run "nothing to change is a usage error" 2 crm-edit 2
t_run "a word that is neither id nor entity" 2 crm-edit widget 2 city=x
t_run "--erase with values is a usage error" 2 crm-edit --erase 2 city=x

# CSV on stdin: every row checked; one bad row and nothing is changed.
printf 'id,phone,city\n1,600111221,Bilbao\n2,600 111 222,León\n3,bad,Vigo\n4,600111224,Lugo\n5,600111221,Soria\n' >"$T/five.csv"
IN="$T/five.csv"
t_run "a bad phone on row 3 of 5" 1 crm-edit -f csv
t_err "every bad row is reported, nothing changed" 'crm-edit: line 4: phone "bad" has letters
crm-edit: line 6: duplicate of contact 1 (same phone +34600111221)
crm-edit: 2 rejected; nothing changed, 3 good rows left out (--partial commits them)'
t_out "and nothing printed" ""
t_run "no city changed" 0 q "SELECT count(*) FROM contacts WHERE city IN ('Bilbao', 'León', 'Lugo')"
t_out "none" "0"
IN="$T/five.csv"
t_run "--partial commits the good rows" 1 crm-edit --partial -f csv
t_err "and reports the bad ones" 'crm-edit: line 4: phone "bad" has letters
crm-edit: line 6: duplicate of contact 1 (same phone +34600111221)
crm-edit: 3 updated, 0 unchanged, 2 rejected'
cp "$OUT" "$T/o"
t_run "prints the good ones" 0 cut -d, -f1,8 "$T/o"
t_out "ids and cities" "id,city
1,Bilbao
2,León
4,Lugo"
t_run "cities" 0 q "SELECT id, city FROM contacts ORDER BY id"
t_out "good rows changed" "1|Bilbao
2|León
3|
4|Lugo
5|"
IN="$T/five.csv"
t_run "--dry-run" 1 crm-edit --dry-run --partial city=Ávila
t_err "says what would be" 'crm-edit: line 4: phone "bad" has letters
crm-edit: line 6: duplicate of contact 1 (same phone +34600111221)
crm-edit: 3 would be updated, 0 unchanged, 2 rejected'
t_run "and changes nothing" 0 q "SELECT count(*) FROM contacts WHERE city = 'Ávila'"
t_out "none" "0"

# An edited export goes back in; FIELD=VALUE overrides its column.
crm-export >"$T/all.csv"
sed -e 's/,León,/,Burgos,/' "$T/all.csv" >"$T/edited.csv"
IN="$T/edited.csv"
t_run "an edited export fed back" 0 crm-edit -f tsv
t_err "changes only what was edited" "crm-edit: 1 updated, 4 unchanged, 0 rejected"
cp "$OUT" "$T/o"
t_run "prints every record" 0 cut -f1,8 "$T/o"
t_out "as it now is" "$(printf 'id\tcity\n1\tBilbao\n2\tBurgos\n3\t\n4\tLugo\n5\t')"
# The records changed since that export: a fresh one (an older updated_at
# is refused, so a stale sheet cannot undo others' changes).
crm-export >"$T/edited.csv"
IN="$T/edited.csv"
t_run "FIELD=VALUE overrides a column" 0 crm-edit -q tags=vip
t_run "tags" 0 q "SELECT count(*) FROM contacts WHERE tags = 'vip'"
t_out "all five" "5"
printf 'phone,city\n600111222,X\n' >"$T/noid.csv"
IN="$T/noid.csv"
t_run "CSV without an id column" 1 crm-edit
t_err "is refused" "crm-edit: line 1: the input has no id column"

# Plain ids on stdin.
printf '1\n\n2\nabc\n99\n4\n' >"$T/ids"
IN="$T/ids"
t_run "plain ids with a bad line and an unknown id" 1 crm-edit notes=x
t_err "each reported with its line" 'crm-edit: line 4: id "abc" is not a positive whole number
crm-edit: line 5: contact 99 not found
crm-edit: 2 rejected; nothing changed, 3 good rows left out (--partial commits them)'
t_run "notes untouched" 0 q "SELECT count(*) FROM contacts WHERE notes = 'x'"
t_out "none" "0"
IN=/dev/null
t_run "empty stdin: nothing to do" 0 crm-edit owner=luis
t_err "summary" "crm-edit: no records on standard input; nothing changed"
printf '1\n' >"$T/one"
IN="$T/one"
t_run "ids without a change is a usage error" 2 crm-edit

# Bulk owner reassignment: a pipe, one batch.
t_run "reassign ana's contacts to luis" 0 sh -c \
    'crm-export -q owner=ana | crm-edit -f csv owner=luis | cut -d, -f1,13'
t_out "their records" "id,owner
1,luis
2,luis
3,luis
4,luis"
t_err "summary" "crm-edit: 4 updated, 0 unchanged, 0 rejected"
t_run "owners" 0 q "SELECT owner, count(*) FROM contacts GROUP BY owner ORDER BY owner"
t_out "ana has none left" "luis|4
$ME|1"
t_run "the edit is one batch" 0 q \
    "SELECT b.rows, b.updated, count(a.id) FROM batches AS b JOIN audit AS a ON a.batch_id = b.id AND a.action = 'update' WHERE b.id = (SELECT max(id) FROM batches)"
t_out "four rows, four audit rows in it" "4|4|4"
t_run "every owner change carries old and new" 0 q \
    "SELECT DISTINCT field, old, new FROM audit WHERE batch_id = (SELECT max(id) FROM batches) AND action = 'update'"
t_out "ana to luis" "owner|ana|luis"

# Archive and unarchive.
t_run "archive" 0 crm-edit -f csv --archive 4
stamp
t_out "archived now" "$H
4,Jo,Li,+34600111224,,,,Lugo,,,vip,,luis,unknown,,,TIME,$ME,TIME,$ME,TIME"
t_err "summary" "crm-edit: 1 archived, 0 unchanged, 0 rejected"
t_run "archiving again" 0 crm-edit --archive 4
t_err "changes nothing" "crm-edit: 0 archived, 1 unchanged, 0 rejected"
t_run "archived records leave active lists" 0 crm-export -q --active
t_out "4 is gone" "1
2
3
5"
t_run "unarchive" 0 crm-edit -q --unarchive 4
t_run "archive what an export lists" 0 sh -c \
    "crm-export owner=$ME | crm-edit -q --archive"
t_out "its archived_at column aside" "5"
t_run "archived" 0 q "SELECT id FROM contacts WHERE archived_at IS NOT NULL"
t_out "5" "5"
crm-edit -q --unarchive 5 >/dev/null
t_run "both audited by name" 0 q \
    "SELECT action, field, quote(old) = 'NULL', quote(new) = 'NULL' FROM audit WHERE entity_id = 4 AND field = 'archived_at' ORDER BY id"
t_out "archive, unarchive" "archive|archived_at|1|0
unarchive|archived_at|0|1"

# Erasure: personal data gone from the record and the audit trail.
crm-edit -q 3 title=Dr notes="allergic to cats" address="Calle Mayor 1" >/dev/null
t_run "erase a contact" 0 crm-edit -f csv --erase 3
stamp
t_out "an anonymised, archived record" "$H
3,erased,#3,,,,,,,,,,luis,no,TIME,erasure,TIME,$ME,TIME,$ME,TIME"
t_err "summary" "crm-edit: 1 erased, 0 unchanged, 0 rejected"
t_run "no personal value is left in the audit trail" 0 q \
    "SELECT count(*) FROM audit WHERE entity = 'contact' AND entity_id = 3 AND (old LIKE '%Sanz%' OR new LIKE '%Sanz%' OR new LIKE '%cats%' OR new LIKE '%Mayor%' OR new LIKE '%eva@%' OR old LIKE '%eva@%' OR new = 'Dr')"
t_out "none" "0"
t_run "scrubbed values read (erased)" 0 q \
    "SELECT field, new FROM audit WHERE entity_id = 3 AND action = 'update' AND field IN ('title', 'notes') ORDER BY id"
t_out "erased" "title|(erased)
notes|(erased)"
t_run "what is not personal stays" 0 q \
    "SELECT old, new FROM audit WHERE entity_id = 3 AND field = 'owner'"
t_out "owner change" "ana|luis"
t_run "the erasure is audited" 0 q \
    "SELECT action, quote(field), quote(old), quote(new) FROM audit WHERE entity_id = 3 AND action = 'erase'"
t_out "erase row" "erase|NULL|NULL|NULL"
t_run "the record stays for the counts" 0 q \
    "SELECT count(*), sum(erased_at IS NOT NULL) FROM contacts"
t_out "five contacts, one erased" "5|1"
t_run "nor is it found by its old name" 0 q \
    "SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH 'sanz'"
t_out "no match" "0"
t_ok "no byte of her is left in the database's files" sh -c \
    "! grep -qa -e Sanz -e eva@x.es -e 'cats' '$CRM_DB' '$CRM_DB-wal' 2>/dev/null"
t_run "erasing again" 0 crm-edit --erase 3
t_err "changes nothing" "crm-edit: 0 erased, 1 unchanged, 0 rejected"
t_run "an erased contact still takes a new owner" 0 sh -c \
    'crm-export -q owner=luis | crm-edit owner=ana >/dev/null'
t_err "in bulk" "crm-edit: 4 updated, 0 unchanged, 0 rejected"
t_run "companies hold no person's data" 2 crm-edit --erase company 1
t_err "says so" "crm-edit: only contacts hold a person's data; a company cannot be erased"
t_run "erasing an unknown id" 3 crm-edit --erase 99
t_run "a bulk edit's batch is audited as an edit" 0 q \
    "SELECT DISTINCT action FROM audit WHERE field = 'rows' AND batch_id = (SELECT max(id) FROM batches)"
t_out "edit" "edit"
t_run "the base is sound" 0 q "PRAGMA integrity_check"
t_out "integrity" "ok"
t_run "--help works" 0 crm-edit --help
t_done
