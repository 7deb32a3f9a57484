# tests/cli/activities.sh - meetings, calls, tasks and deals through the
# generic tools: crm-find selects them (filters on typed fields, terms in
# their text), crm-export writes every column, crm-edit changes them by id
# or from CSV, one audited batch, checked per type; bad input a person
# really sends.  Meetings and calls are made with sqlite3 here, so that
# this does not depend on crm-meet and crm-call.
. "$TOP/tests/lib.sh"

# Stored times that depend on the clock; the tests see TIME.
norm() {
	sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' \
	    "$OUT" >"$OUT.n" && mv "$OUT.n" "$OUT"
}
q() { sqlite3 "$CRM_DB" "$1"; }
ids() { t_run "$1" "$2" crm-find -q "${@:4}"; t_out "$1: ids" "$3"; }
S="'2026-01-01T00:00:00Z', 'ana', '2026-01-01T00:00:00Z', 'ana'"
MH=id,contact_id,topic,at,duration,location,status,result,manager,created_at,created_by,updated_at,updated_by,archived_at
CH=id,at,direction,number,contact_id,manager,extension,status,duration,note,source_id,created_at,created_by,updated_at,updated_by,archived_at
TH=id,contact_id,call_id,title,assignee,due,done_at,created_at,created_by,updated_at,updated_by,archived_at
DH=id,title,contact_id,company_id,manager,amount,currency,stage,expected_close,closed_at,lost_reason,created_at,created_by,updated_at,updated_by,archived_at

crm-config set phone.default_country 34 >/dev/null
crm-user add -q ana name="Ana Ruiz" >/dev/null
crm-user add -q luis >/dev/null
crm-user add -q old active=no >/dev/null
crm-add -q first_name=Ana last_name=García phone="600 111 222" company=Acme \
    >/dev/null
crm-add -q first_name=Luis last_name=Núñez email=luis@x.es >/dev/null
q "INSERT INTO meetings(contact_id, topic, at, duration, location, status,
    result, manager, created_at, created_by, updated_at, updated_by) VALUES
    (1, 'Demo', '2099-12-01T10:00:00Z', 60, NULL, 'planned', NULL, 'luis', $S),
    (1, 'Intro', '2026-01-10T09:00:00Z', NULL, NULL, 'held', 'Interested',
     'ana', $S),
    (2, 'Pricing', '2099-12-05T15:00:00Z', 30, 'Madrid', 'planned', NULL,
     'luis', $S)"
q "INSERT INTO calls(at, direction, number, contact_id, manager, status,
    duration, note, source_id, created_at, created_by, updated_at,
    updated_by) VALUES
    ('2026-01-11T08:00:00Z', 'in', '+34600111222', 1, 'ana', 'callback', 0,
     'wants prices', NULL, $S),
    ('2026-01-12T08:00:00Z', 'out', '+34600111222', 1, 'luis', 'completed',
     125, 'sent prices', 'pbx-1', $S),
    ('2026-01-13T08:00:00Z', 'in', '+34911222333', NULL, NULL, 'no_answer',
     0, NULL, NULL, $S)"
crm-task -q 1 "send offer" --due 2099-01-02 --for ana >/dev/null
crm-task -q 2 "call back" --due 2099-01-03 >/dev/null
crm-deal -q 1 Licences amount=1200.50 --for ana >/dev/null
crm-deal -q --company acme Support amount=300 stage=proposal >/dev/null

# crm-find: the issue's examples, then every kind of filter.
ids "meetings by status and manager" 0 "1
3" meetings status=planned manager=luis
ids "calls to call back" 0 "1" calls status=callback
ids "ana's tasks" 0 "1" tasks assignee=ana
ids "deals at a stage" 0 "2" deals stage=proposal
ids "a contact's meetings" 0 "1
2" meetings contact=1
ids "contact_id= is the same filter" 0 "3" meetings contact_id=2
ids "a status by its alias" 0 "2" calls status=done
ids "a stage by its prefix" 0 "2" deals stage=prop
ids "a meeting status by its alias, a manager in capitals" 0 "2" \
    meeting status=done manager=ANA
ids "times compare as times" 0 "1
3" meetings "at>2099-01-01"
ids "a time equal to a day is that day" 0 "3" meetings at=2099-12-05
ids "a due date before a day" 0 "1" tasks "due<2099-01-03"
ids "amounts compare as amounts, not text" 0 "1" deals "amount>500"
ids "durations as numbers" 0 "2" calls "duration>60"
ids "an unset field" 0 "3" calls contact=
ids "text contains" 0 "3" meetings location~mad
ids "terms are looked for in the text fields" 0 "1
2" calls prices
ids "every term must match" 0 "2" calls sent prices
ids "--owner is the manager" 0 "1
3" meetings --owner luis
ids "--mine is my tasks" 0 "2" tasks --mine
ids "--sort by a time, descending" 0 "3
1
2" meetings --sort -at
ids "--sort by amount is by number" 0 "2
1" deals --sort amount
ids "nothing found exits 3" 3 "" deals stage=won
t_run "every column, as JSON" 0 crm-find -f json calls status=completed
t_out "a call" '{"id":2,"at":"2026-01-12T08:00:00Z","direction":"out","number":"+34600111222","contact_id":1,"manager":"luis","extension":null,"status":"completed","duration":125,"note":"sent prices","source_id":"pbx-1","created_at":"2026-01-01T00:00:00Z","created_by":"ana","updated_at":"2026-01-01T00:00:00Z","updated_by":"ana","archived_at":null}'
t_run "CSV with an id column first" 0 crm-find -f csv meetings status=held
t_out "the held meeting" "$MH
2,1,Intro,2026-01-10T09:00:00Z,,,held,Interested,ana,2026-01-01T00:00:00Z,ana,2026-01-01T00:00:00Z,ana,"
t_run "an unknown field of a meeting" 2 crm-find meetings colour=red
t_err "says so" 'crm-find: unknown field "colour" for a meeting
Try `crm-find --help'"'"' or `crm-find --usage'"'"' for more information.'
t_run "a status the pick list does not have" 2 crm-find calls status=xyz
t_err "names the list" 'crm-find: no status "xyz" (crm-config get call.statuses)'
t_out "and prints nothing" ""
t_run "a meeting status that is none" 2 crm-find meetings status=done_deal
t_err "lists them" 'crm-find: status "done_deal" is not one of the list (planned, held, cancelled, no_show)'
t_run "a contact that is no id" 2 crm-find meetings contact=ana
t_err "is refused" 'crm-find: contact_id "ana" is not an id'
t_run "tags on tasks" 2 crm-find tasks --tag vip
t_err "tasks have none" "crm-find: tasks have no tags"

# crm-export: every column of every row, id first.
t_run "meetings" 0 crm-export meetings
t_out "every column" "$MH
1,1,Demo,2099-12-01T10:00:00Z,60,,planned,,luis,2026-01-01T00:00:00Z,ana,2026-01-01T00:00:00Z,ana,
2,1,Intro,2026-01-10T09:00:00Z,,,held,Interested,ana,2026-01-01T00:00:00Z,ana,2026-01-01T00:00:00Z,ana,
3,2,Pricing,2099-12-05T15:00:00Z,30,Madrid,planned,,luis,2026-01-01T00:00:00Z,ana,2026-01-01T00:00:00Z,ana,"
t_run "calls" 0 crm-export calls
t_out "every column" "$CH
1,2026-01-11T08:00:00Z,in,+34600111222,1,ana,,callback,0,wants prices,,2026-01-01T00:00:00Z,ana,2026-01-01T00:00:00Z,ana,
2,2026-01-12T08:00:00Z,out,+34600111222,1,luis,,completed,125,sent prices,pbx-1,2026-01-01T00:00:00Z,ana,2026-01-01T00:00:00Z,ana,
3,2026-01-13T08:00:00Z,in,+34911222333,,,,no_answer,0,,,2026-01-01T00:00:00Z,ana,2026-01-01T00:00:00Z,ana,"
t_run "tasks" 0 crm-export tasks
norm
t_out "every column" "$TH
1,1,,send offer,ana,TIME,,TIME,$ME,TIME,$ME,
2,2,,call back,$ME,TIME,,TIME,$ME,TIME,$ME,"
t_run "deals as TSV" 0 crm-export -f tsv deals
norm
t_out "amounts exact" "$(printf '%s\n' "$DH" | tr , '\t')
$(printf '1\tLicences\t1\t\tana\t1200.50\tEUR\tlead\t\t\t\tTIME\t%s\tTIME\t%s\t' "$ME" "$ME")
$(printf '2\tSupport\t\t1\t%s\t300.00\tEUR\tproposal\t\t\t\tTIME\t%s\tTIME\t%s\t' "$ME" "$ME" "$ME")"
t_run "owner= is whose the records are" 0 crm-export -q deals owner=ana
t_out "ana's deal" "1"
t_run "so is the field's own name" 0 crm-export -q tasks assignee=ana
t_out "ana's task" "1"
t_run "a filter activities do not have" 2 crm-export meetings tag=vip
t_err "names the ones they have" 'crm-export: unknown filter "tag" for meetings (owner= or manager=)
Try `crm-export --help'"'"' or `crm-export --usage'"'"' for more information.'
t_run "--since leaves out what has not changed" 0 crm-export -q calls \
    --since 2026-06-01
t_out "nothing" ""

# crm-edit: one activity from arguments.
t_run "edit a meeting" 0 crm-edit -f csv meeting 1 topic="Demo v2" \
    at="2099-12-03 10:00"
norm
t_out "prints it" "$MH
1,1,Demo v2,TIME,60,,planned,,luis,TIME,ana,TIME,$ME,"
t_err "summary" "crm-edit: 1 updated, 0 unchanged, 0 rejected"
t_run "each field is audited, old and new" 0 q "SELECT action, entity,
    entity_id, field, old, new, quote(batch_id) FROM audit
    WHERE entity = 'meeting' AND action <> 'export' ORDER BY id"
t_out "under meeting" "update|meeting|1|topic|Demo|Demo v2|NULL
update|meeting|1|at|2099-12-01T10:00:00Z|2099-12-03T10:00:00Z|NULL"
t_run "and stamped" 0 q "SELECT updated_by, updated_at > created_at FROM
    meetings WHERE id = 1"
t_out "by me, now" "$ME|1"
t_run "a duration in hours, a location cleared" 0 crm-edit -q meetings 3 \
    duration=1h30 location=
t_run "stored" 0 q "SELECT duration, quote(location) FROM meetings WHERE id = 3"
t_out "90 minutes, NULL" "90|NULL"
t_run "held with a result, as a word crm-meet takes" 0 crm-edit -q \
    meeting 2 status=cancelled result=
t_run "back to held" 0 crm-edit meeting 2 status=done result="Signed"
t_ok "the counter it moves" grep -q '^meetings held this month by ana: [0-9]*$' "$ERR"
t_run "stored" 0 q "SELECT status, result FROM meetings WHERE id = 2"
t_out "held" "held|Signed"

t_run "held without a result" 1 crm-edit meeting 3 status=held
t_err "is refused" "crm-edit: a held meeting needs a result (result=...)"
t_run "a result taken away from a held meeting" 1 crm-edit meeting 2 result=
t_err "is refused too" "crm-edit: a held meeting needs a result (result=...)"
t_run "a planned meeting with a result" 1 crm-edit meeting 1 result=great
t_err "has none yet" "crm-edit: a planned meeting has no result yet (status=held with it, or result= to clear it)"
t_run "held ahead of its time" 1 crm-edit meeting 1 status=held result=ok
t_err "cannot be" "crm-edit: a meeting at 2099-12-03T10:00:00Z is still to come; it cannot be held yet"
t_run "a bad status" 2 crm-edit meeting 1 status=postponed
t_err "lists the good ones" 'crm-edit: status "postponed" is not one of the list (planned, held, cancelled, no_show)'
t_run "a bad date" 2 crm-edit meeting 1 at=soonish
t_err "is refused" 'crm-edit: at: date "soonish" is not understood'
t_run "a day without a time" 2 crm-edit meeting 1 at=2099-12-03
t_err "is no time for a meeting" 'crm-edit: at: date "2099-12-03" has no time of day; a meeting needs one ("2099-12-03 10:00")'
t_run "an inactive manager" 1 crm-edit meeting 1 manager=old
t_err "is refused" "crm-edit: manager: user \"old\" is not active (crm-user set old active=yes)"
t_run "a manager who is no user" 1 crm-edit meeting 1 manager=nobody
t_err "is refused" "crm-edit: manager: no user \"nobody\" (add it with: crm-user add nobody)"
t_run "a contact that does not exist" 1 crm-edit meeting 1 contact=99
t_err "is refused" "crm-edit: contact_id 99: no contact has that id"
t_run "an unknown field" 2 crm-edit meeting 1 colour=red
t_err "is refused" 'crm-edit: unknown field "colour" for a meeting'
t_run "a required field emptied" 1 crm-edit meeting 1 topic=
t_err "is refused" "crm-edit: topic cannot be empty: a meeting needs one"
t_run "a duration of nothing" 2 crm-edit meeting 1 duration=0
t_run "an unknown id" 3 crm-edit meeting 99 topic=x
t_err "is not found" "crm-edit: meeting 99 not found"
t_run "nothing was written by the refused edits" 0 q \
    "SELECT topic, at, status, quote(result), manager, contact_id FROM meetings WHERE id = 1"
t_out "as before" "Demo v2|2099-12-03T10:00:00Z|planned|NULL|luis|1"

# Calls: pick-list statuses, directions, numbers, another system's id.
t_run "a call's status by its alias" 0 crm-edit -f csv call 1 status=done \
    note="called back"
norm
t_out "completed" "$CH
1,TIME,in,+34600111222,1,ana,,completed,0,called back,,TIME,ana,TIME,$ME,"
t_run "a status not in call.statuses" 2 crm-edit call 1 status=xyz
t_err "is refused" 'crm-edit: no status "xyz" (crm-config get call.statuses)'
t_run "an ambiguous status" 2 crm-edit call 1 status=c
t_err "asks for more" 'crm-edit: status "c" is ambiguous (completed, callback); give more letters'
t_run "a direction that is none" 2 crm-edit call 1 direction=sideways
t_err "is refused" 'crm-edit: direction "sideways" is not one of the list (in, out)'
t_run "a duration as m:ss" 0 crm-edit -q call 2 duration=3:05
t_run "stored in seconds" 0 q "SELECT duration FROM calls WHERE id = 2"
t_out "185" "185"
t_run "a bad duration" 2 crm-edit call 2 duration=long
t_err "is refused" 'crm-edit: duration "long" is not seconds, m:ss or h:mm:ss'
t_run "the telephony's id" 1 crm-edit call 2 source_id=x
t_err "stays" "crm-edit: source_id is the id another system gave this call; it cannot be changed"
t_run "a call with neither number nor contact" 1 crm-edit call 3 number=
t_err "is refused" "crm-edit: a call needs a number or a contact_id"
t_run "link a call to a contact, number as typed" 0 crm-edit -q call 3 \
    contact=2 manager=luis number="0034 911 222 333"
t_run "stored" 0 q "SELECT number, contact_id, manager FROM calls WHERE id = 3"
t_out "E.164" "+34911222333|2|luis"

# Tasks and deals.
t_run "a task's due date and title" 0 crm-edit -q task 1 due=2099-02-01 \
    title="send the offer"
t_run "stored" 0 q "SELECT title, due FROM tasks WHERE id = 1"
t_out "due at midnight" "send the offer|2099-02-01T00:00:00Z"
t_run "a bad due date" 2 crm-edit task 1 due=someday
t_err "is refused" 'crm-edit: due: date "someday" is not understood'
t_run "an inactive assignee" 1 crm-edit task 1 assignee=old
t_err "is refused" "crm-edit: assignee: user \"old\" is not active (crm-user set old active=yes)"
t_run "audited under task" 0 q "SELECT field, old, new FROM audit
    WHERE entity = 'task' AND entity_id = 1 AND action = 'update' ORDER BY id"
t_out "title and due" "title|send offer|send the offer
due|2099-01-02T00:00:00Z|2099-02-01T00:00:00Z"

t_run "win a deal" 0 crm-edit -q deal 1 stage=won
t_run "closed now" 0 q "SELECT stage, closed_at = updated_at FROM deals WHERE id = 1"
t_out "won" "won|1"
t_run "lose it without a reason" 1 crm-edit deal 1 stage=lost
t_err "is refused" "crm-edit: a lost deal needs a reason (lost_reason=...)"
t_run "lose it with one" 0 crm-edit -q deal 1 stage=lost \
    lost_reason="too expensive"
t_run "back in the pipeline" 0 crm-edit -q deal 1 stage=lead
t_run "open again" 0 q "SELECT stage, quote(closed_at), quote(lost_reason) FROM deals WHERE id = 1"
t_out "no close, no reason" "lead|NULL|NULL"
# won -> lost moves closed_at only when a second has passed: not shown.
t_run "every move is audited" 0 q "SELECT field, quote(old), quote(new) FROM audit
    WHERE entity = 'deal' AND entity_id = 1 AND action = 'update'
    AND NOT (field = 'closed_at' AND old IS NOT NULL AND new IS NOT NULL)
    ORDER BY id"
norm
t_out "stage, closed_at, lost_reason" "stage|'lead'|'won'
closed_at|NULL|'TIME'
stage|'won'|'lost'
lost_reason|NULL|'too expensive'
stage|'lost'|'lead'
closed_at|'TIME'|NULL
lost_reason|'too expensive'|NULL"
t_run "an amount and a currency as typed" 0 crm-edit -f csv deal 2 \
    amount=1.234,5 currency=usd expected_close=2099-03-31
norm
t_out "exact" "$DH
2,Support,,1,$ME,1234.50,USD,proposal,2099-03-31,,,TIME,$ME,TIME,$ME,"
t_run "in minor units" 0 q "SELECT amount FROM deals WHERE id = 2"
t_out "cents" "123450"
t_run "a bad amount" 2 crm-edit deal 2 amount=lots
t_err "is refused" 'crm-edit: amount "lots" is not a number like 1234.50'
t_run "a stage not in the pipeline" 2 crm-edit deal 2 stage=signed
t_err "is refused" 'crm-edit: no stage "signed" (crm-config get deal.stages)'
t_run "a reason on an open deal" 1 crm-edit deal 2 lost_reason=x
t_err "is refused" "crm-edit: only a lost deal has a lost_reason"
t_run "a deal of nobody" 1 crm-edit deal 2 company=
t_err "is refused" "crm-edit: a deal needs a contact_id or a company_id"

# Archive, unarchive; no erasure.
t_run "archive a meeting" 0 crm-edit --archive meeting 2
t_err "summary" "crm-edit: 1 archived, 0 unchanged, 0 rejected"
ids "out of the lists" 0 "1
3" meetings
ids "--archived shows it" 0 "2" meetings --archived
t_run "audited as archive" 0 q "SELECT action, field FROM audit
    WHERE entity = 'meeting' AND entity_id = 2 ORDER BY id DESC LIMIT 1"
t_out "archive" "archive|archived_at"
t_run "--active exports leave it out" 0 crm-export -q --active meetings
t_out "two" "1
3"
t_run "unarchive it" 0 crm-edit --unarchive meeting 2
t_err "summary" "crm-edit: 1 unarchived, 0 unchanged, 0 rejected"
t_run "erasure is for contacts" 2 crm-edit --erase meeting 2
t_err "says so" "crm-edit: only contacts hold a person's data; a meeting cannot be erased"
t_run "crm-add does not add meetings" 2 crm-add meeting topic=x
t_err "and says who does" "crm-add: meetings are added with crm-meet and changed with crm-edit"

# CSV on stdin: one bad row and nothing is written; each reported by line.
printf 'id,status,result,manager\n1,held,Went well,luis\n3,done,,luis\n99,cancelled,,luis\n2,held,Signed,old\n1,planned,,ana\n' >"$T/bad.csv"
IN="$T/bad.csv"
t_run "rows with errors" 1 crm-edit meetings
t_err "each with its line, nothing changed" 'crm-edit: line 2: a meeting at 2099-12-03T10:00:00Z is still to come; it cannot be held yet
crm-edit: line 3: a held meeting needs a result (result=...)
crm-edit: line 4: meeting 99 not found
crm-edit: line 5: manager: user "old" is not active (crm-user set old active=yes)
crm-edit: 4 rejected; nothing changed, 1 good row left out (--partial commits them)'
t_out "and nothing printed" ""
t_run "nothing half-written" 0 q "SELECT id, status, manager FROM meetings ORDER BY id"
t_out "as before" "1|planned|luis
2|held|ana
3|planned|luis"
t_run "no batch left behind" 0 q "SELECT count(*) FROM batches WHERE entity = 'meeting'"
t_out "none" "0"
printf 'id,status,result\n3,cancelled,client ill\n1,cancelled,\n' >"$T/good.csv"
IN="$T/good.csv"
t_run "good rows" 0 crm-edit -q meetings
t_out "their ids" "3
1"
t_run "one batch" 0 q "SELECT entity, rows, updated FROM batches"
t_out "of meetings" "meeting|2|2"
t_run "its rows audited in it, old and new" 0 q "SELECT entity_id, field,
    quote(old), new FROM audit WHERE batch_id = 1 AND action = 'update'
    ORDER BY id"
t_out "per field" "3|status|'planned'|cancelled
3|result|NULL|client ill
1|status|'planned'|cancelled"
t_run "the batch is audited as an edit" 0 q "SELECT DISTINCT action, entity
    FROM audit WHERE batch_id = 1 AND entity_id IS NULL"
t_out "edit" "edit|meeting"
printf 'id,colour\n1,red\n' >"$T/col.csv"
IN="$T/col.csv"
t_run "an unknown column" 1 crm-edit meetings
t_err "names it on line 1" 'crm-edit: line 1: unknown column "colour" for a meeting'

# An edited export goes back in, even with a manager who has left since.
q "UPDATE meetings SET manager = 'old' WHERE id = 3"
crm-export meetings | sed 's/,Demo v2,/,Demo v3,/' >"$T/m.csv"
IN="$T/m.csv"
t_run "an edited export of meetings" 0 crm-edit -q meetings
t_err "changes what was edited" ""
t_run "the edit" 0 q "SELECT id, topic, manager FROM meetings ORDER BY id"
t_out "only the topic" "1|Demo v3|luis
2|Intro|ana
3|Pricing|old"
t_run "ids from crm-find into crm-edit" 0 sh -c \
    'crm-find -q meetings manager=luis | crm-edit -q meetings location=Online'
t_out "the one" "1"
t_run "the base is sound" 0 q "PRAGMA integrity_check; PRAGMA foreign_key_check"
t_out "integrity" "ok"
t_done
