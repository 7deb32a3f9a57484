# tests/cli/check.sh - crm-check: every problem code on a small base made
# with the binaries plus legacy rows written with sqlite3 (which crm-add
# would refuse); the order of the rows; --owner, --mine, --problem;
# --summary against counts taken with SQL; --fix changing exactly the
# fixable rows, audited; the setting check.untouched_days; exit statuses.
# Dates are far in the past (2001) or the future (2099): nothing depends
# on the clock.
. "$TOP/tests/lib.sh"

sql() { sqlite3 -batch "$CRM_DB" "$@"; }
H=entity,id,owner,problem,detail

crm-config set phone.default_country 34
crm-user add ana name="Ana Ruiz" >/dev/null
crm-user add luis >/dev/null

t_run "an empty base has no problem" 0 crm-check
t_out "only the header" "$H"

# Contacts 1..15, all added now (so not untouched unless made old).
add() { crm-add -q --allow-duplicates "$@" >/dev/null; }
add first_name=Ana last_name=García phone=+34600111222 email=ana@acme.es \
    company=Acme owner=ana					# 1
add first_name=ana last_name=garcía phone=+34600999000 email=ANA@acme.es \
    company=Acme owner=luis					# 2 same name, e-mail
add first_name=Luis last_name=Núñez phone=+34600222333 owner=ana	# 3
add first_name=Eva last_name=Pons phone=+34600444555 email=eva@x.es \
    owner=luis							# 4
add first_name=Marta last_name=Ruiz email=marta@x.es owner=ana	# 5
add first_name=Jon last_name=Sanz phone=+34600666777 owner=luis	# 6
add first_name=Jon last_name=Otro phone=+34600666777 owner=luis	# 7 same phone
add first_name=Old last_name=Client email=old@x.es owner=ana	# 8 untouched
add first_name=Called last_name=Later email=called@x.es owner=ana	# 9
add first_name=Called last_name=Before email=before@x.es owner=ana	# 10
add first_name=Nameless last_name=One email=nn@x.es owner=ana	# 11
add first_name=No last_name=Data email=nd@x.es owner=luis		# 12
add first_name=Gone last_name=Away phone=+34600777888 owner=ana	# 13
add first_name=Pat last_name=Case email=pat@x.es owner=luis	# 14
add first_name=Erased last_name=Person email=er@x.es owner=ana	# 15

# Legacy data that today's input would refuse.
sql "UPDATE contacts SET phone = '600 222 333' WHERE id = 3;
UPDATE contacts SET phone = '12ab' WHERE id = 4;
UPDATE contacts SET email = 'marta@' WHERE id = 5;
UPDATE contacts SET created_at = '2001-01-01T00:00:00Z' WHERE id IN (8, 9, 10);
UPDATE contacts SET first_name = ' ' WHERE id = 11;
UPDATE contacts SET email = '' WHERE id = 12;
UPDATE contacts SET phone = 'x', archived_at = '2001-01-01T00:00:00Z',
    created_at = '2001-01-01T00:00:00Z' WHERE id = 13;
UPDATE contacts SET email = 'Pat@X.ES' WHERE id = 14;
UPDATE contacts SET email = 'bad@', erased_at = '2001-01-01T00:00:00Z',
    created_at = '2001-01-01T00:00:00Z' WHERE id = 15;
UPDATE companies SET phone = '91 555 12 34' WHERE id = 1;"

# Activities: meetings and calls written as legacy rows.
act="'2001-01-01T00:00:00Z', 'x', '2001-01-01T00:00:00Z', 'x'"
sql "INSERT INTO meetings(contact_id, topic, at, status, result, manager,
    created_at, created_by, updated_at, updated_by, archived_at) VALUES
 (1, 'demo', '2001-02-03T10:00:00Z', 'held', ' ', 'ana', $act, NULL),
 (2, 'visit', '2001-03-04T10:00:00Z', 'planned', NULL, 'luis', $act, NULL),
 (2, 'next', '2099-01-01T10:00:00Z', 'planned', NULL, 'luis', $act, NULL),
 (1, 'done', '2001-01-05T10:00:00Z', 'held', 'ok', 'ana', $act, NULL),
 (1, 'old', '2001-01-06T10:00:00Z', 'planned', NULL, 'ana', $act,
  '2001-02-01T00:00:00Z'),
 (8, 'off', '2099-02-01T10:00:00Z', 'cancelled', NULL, 'ana', $act, NULL);
INSERT INTO calls(at, direction, number, contact_id, manager, status,
    created_at, created_by, updated_at, updated_by) VALUES
 ('2099-01-01T10:00:00Z', 'out', '+34600000009', 9, 'ana', 'completed', $act),
 ('2001-01-01T10:00:00Z', 'out', '+34600000010', 10, 'ana', 'completed',
  $act);"

# Tasks, a callback and deals through the binaries.
crm-task -q 1 send offer --due 2001-01-01 --for ana >/dev/null	# 1 overdue
crm-task -q 2 later --due 2099-01-01 --for luis >/dev/null	# 2
crm-task -q 3 done --due 2001-01-01 --for ana >/dev/null		# 3
crm-task -q --done 3 >/dev/null
crm-call -q 6 callback --at "2001-01-01 10:00" --for luis >/dev/null	# task 4
crm-deal -q 1 big deal close=2001-05-01 --for luis >/dev/null	# 1 past
crm-deal -q 2 future deal close=2099-01-01 --for luis >/dev/null	# 2
crm-deal -q 3 won deal close=2001-01-01 --for ana >/dev/null	# 3
crm-deal -q 3 --won >/dev/null
crm-deal -q 4 no date --for ana >/dev/null				# 4

ALL="$H
company,1,ana,unnormalised_phone,\"phone \"\"91 555 12 34\"\" normalises to +34915551234\"
contact,5,ana,bad_email,\"email \"\"marta@\"\" is not a valid address\"
contact,4,luis,bad_phone,\"phone \"\"12ab\"\" has letters\"
contact,1,ana,duplicate_email,ana@acme.es also on contact 2
contact,2,luis,duplicate_email,ANA@acme.es also on contact 1
contact,1,ana,duplicate_name,Ana García at Acme also on contact 2
contact,2,luis,duplicate_name,ana garcía at Acme also on contact 1
contact,6,luis,duplicate_phone,+34600666777 also on contact 7
contact,7,luis,duplicate_phone,+34600666777 also on contact 6
contact,12,luis,no_contact_data,no phone and no e-mail
contact,11,ana,no_name,no first name
contact,14,luis,unnormalised_email,\"email \"\"Pat@X.ES\"\" normalises to Pat@x.es\"
contact,3,ana,unnormalised_phone,\"phone \"\"600 222 333\"\" normalises to +34600222333\"
contact,8,ana,untouched,no activity for 90 days
contact,10,ana,untouched,no activity for 90 days
deal,1,luis,deal_past_close,\"expected 2001-05-01, lead: big deal\"
meeting,1,ana,meeting_no_result,held 2001-02-03T10:00:00Z: demo
meeting,2,luis,meeting_past_planned,planned for 2001-03-04T10:00:00Z: visit
task,4,luis,callback_overdue,due 2001-01-01T11:00:00Z: call back Jon Sanz
task,1,ana,task_overdue,due 2001-01-01T00:00:00Z: send offer"

t_run "every problem, exit 1" 1 crm-check
t_out "one row each, by entity, problem, id" "$ALL"
t_err "nothing on stderr" ""

t_run "a table" 1 crm-check -f table --problem no_name
t_out "aligned" "entity   id  owner  problem  detail
contact  11  ana    no_name  no first name"
t_run "json" 1 crm-check -f json --problem no_name
t_out "id is a number" '{"entity":"contact","id":11,"owner":"ana","problem":"no_name","detail":"no first name"}'
t_run "-q: ids only" 1 crm-check -q --problem duplicate_phone
t_out "the ids" "6
7"

# Selecting.
t_run "--problem, twice and with a comma" 1 crm-check \
    --problem bad_phone,unnormalised_phone --problem task_overdue
t_out "those codes only" "$(printf '%s\n' "$ALL" | grep -E \
    '^entity|,(bad_phone|unnormalised_phone|task_overdue),')"
t_run "--owner luis" 1 crm-check --owner luis
t_out "luis's records; his duplicates still found" "$(printf '%s\n' "$ALL" |
    grep -E '^entity|^[a-z]+,[0-9]+,luis,')"
t_run "--mine: I own nothing, exit 0" 0 crm-check --mine
t_out "header only" "$H"
t_run "a code with no problem exits 0" 0 crm-check --problem no_name \
    --owner luis
t_out "header only" "$H"
t_run "nobody's" 0 crm-check --owner nobody
t_run "unknown problem" 2 crm-check --problem typo
grep -q 'unknown problem "typo"' "$ERR"
t_report "the message names the code" "$([ $? = 0 ] && echo 1 || echo 0)" \
    "$(cat "$ERR")"
t_run "--mine with --owner" 2 crm-check --mine --owner ana
t_err "says so" "crm-check: --mine and --owner do not go together"
t_run "no arguments taken" 2 crm-check extra

# The setting.
t_run "untouched_days is 1..3650" 2 crm-config set check.untouched_days 0
t_err "says so" 'crm-config: "0" is not a number of days from 1 to 3650'
t_run "not above 3650" 2 crm-config set check.untouched_days 3651
t_run "set 3650" 0 crm-config set check.untouched_days 3650
t_run "still untouched in ten years" 1 crm-check --problem untouched
t_out "the detail follows" "$H
contact,8,ana,untouched,no activity for 3650 days
contact,10,ana,untouched,no activity for 3650 days"
t_run "back to the default" 0 crm-config unset check.untouched_days

# The summary against counts taken independently.
t_run "--summary" 1 crm-check --summary
want="owner,records,problems,score"
for o in ana luis; do
	recs=$(sql "SELECT
	 (SELECT count(*) FROM contacts WHERE owner = '$o'
	  AND archived_at IS NULL AND erased_at IS NULL) +
	 (SELECT count(*) FROM companies WHERE owner = '$o'
	  AND archived_at IS NULL) +
	 (SELECT count(*) FROM meetings WHERE manager = '$o'
	  AND archived_at IS NULL) +
	 (SELECT count(*) FROM tasks WHERE assignee = '$o'
	  AND archived_at IS NULL) +
	 (SELECT count(*) FROM deals WHERE manager = '$o'
	  AND archived_at IS NULL)")
	probs=$(printf '%s\n' "$ALL" | awk -F, -v o="$o" '$3 == o' | wc -l)
	bad=$(printf '%s\n' "$ALL" | awk -F, -v o="$o" '$3 == o { print $1, $2 }' |
	    sort -u | wc -l)
	want="$want
$o,$recs,$probs,$(( (recs - bad) * 100 / recs ))"
done
want=$(printf '%s\n' "$want" | { read -r h; echo "$h"; sort; })
t_out "records, problems and score per owner" "$want"
t_out "with the figures of this base" "owner,records,problems,score
ana,15,10,40
luis,12,10,25"
t_run "--summary of one problem" 1 crm-check --summary --problem no_name
t_out "scores over every record" "owner,records,problems,score
ana,15,1,93
luis,12,0,100"

# --fix: exactly the unnormalised phones and e-mails, audited.
t_run "--fix limited to other problems changes nothing" 1 crm-check --fix \
    --problem task_overdue
t_err "says none" "crm-check: 0 fixed"
t_run "--fix" 1 crm-check --fix
t_err "says what it changed" "crm-check: fixed company 1 phone: \"91 555 12 34\" -> +34915551234
crm-check: fixed contact 14 email: \"Pat@X.ES\" -> Pat@x.es
crm-check: fixed contact 3 phone: \"600 222 333\" -> +34600222333
crm-check: 3 fixed"
t_out "and reports what is left" "$(printf '%s\n' "$ALL" | grep -v unnormalised)"
t_run "stored" 0 sql "SELECT id, phone, email, updated_by FROM contacts
    WHERE id IN (3, 4, 14) ORDER BY id; SELECT phone FROM companies"
t_out "the fixed fields only" "3|+34600222333||$ME
4|12ab|eva@x.es|$ME
14||Pat@x.es|$ME
+34915551234"
t_run "audited" 0 sql "SELECT a.action, a.entity, a.entity_id, a.field,
    a.old, a.new, b.source FROM audit AS a JOIN batches AS b
    ON b.id = a.batch_id WHERE b.source = 'crm-check --fix'
    ORDER BY a.id"
t_out "one row per field, one batch per entity" "update|company|1|phone|91 555 12 34|+34915551234|crm-check --fix
fix|company||source||crm-check --fix|crm-check --fix
fix|company||rows||0 added, 1 updated, 0 unchanged, 0 rejected|crm-check --fix
update|contact|14|email|Pat@X.ES|Pat@x.es|crm-check --fix
update|contact|3|phone|600 222 333|+34600222333|crm-check --fix
fix|contact||source||crm-check --fix|crm-check --fix
fix|contact||rows||0 added, 2 updated, 0 unchanged, 0 rejected|crm-check --fix"
t_run "a second --fix finds nothing to fix" 1 crm-check --fix -q
t_err "-q: silent" ""
t_run "no new audit rows" 0 sql "SELECT count(*) FROM batches
    WHERE source = 'crm-check --fix'"
t_out "still two batches" "2"

# Clean the rest by hand: exit 0.
sql "DELETE FROM tasks; DELETE FROM deals; DELETE FROM meetings;
UPDATE contacts SET archived_at = '2001-01-01T00:00:00Z'
 WHERE id IN (2, 4, 5, 7, 8, 10, 11, 12)"
t_run "a clean base exits 0" 0 crm-check
t_out "header only" "$H"
t_run "--summary of a clean base" 0 crm-check --summary -f tsv
t_out "100 each" "owner	records	problems	score
ana	4	0	100
luis	2	0	100"

echo junk >"$T/bad.db"
t_run "not a database" 5 crm-check --db "$T/bad.db"
t_done
