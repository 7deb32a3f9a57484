# tests/cli/call.sh - crm-call: log a call (status by name, prefix or
# alias; to a contact or to a number no one has), --for, callbacks and
# their tasks, --link, lists, the counter on stderr; import of Asterisk
# and generic CSV call records: classification, the resulting rows,
# re-runs, bad records, time zones.
. "$TOP/tests/lib.sh"

DATA=$TOP/tests/data/cdr

# Stored times that depend on the clock; the tests see TIME.
norm() {
	sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' \
	    "$OUT" >"$OUT.n" && mv "$OUT.n" "$OUT"
}
sql() {
	t_run "$1" 0 sqlite3 "$CRM_DB" "$2"
}
H=id,at,direction,number,contact,contact_id,manager,extension,status,duration,note,created_by

crm-config set phone.default_country 34 >/dev/null
crm-user add ana name="Ana Ruiz" extension=101 >/dev/null
crm-user add luis extension=102 >/dev/null
crm-user add old active=no >/dev/null
crm-add first_name=Ana last_name=García phone="+34 600 111 222" \
    email=ana@acme.es owner=ana >/dev/null
crm-add first_name=Pedro last_name=Gómez phone=600333444 owner=luis >/dev/null
crm-add first_name=Luis last_name=Núñez email=luis@x.es >/dev/null
crm-add first_name=Luisa last_name=Pérez email=lp@x.es >/dev/null

# Logging by hand

t_run "a call to a contact's number, status by an alias" 0 \
    crm-call +34600111222 done "wants price list"
norm
t_out "prints the call, linked to the contact" "$H
1,TIME,out,+34600111222,Ana García,1,$ME,,completed,,wants price list,$ME"
t_err "and counts my calls of the month" "calls this month: 1"

t_run "by name, status by a prefix, --at, --duration m:ss" 0 \
    crm-call garcia comp --at "2020-03-02 10:00" --duration 1:30
t_out "the contact's phone is the number" "$H
2,2020-03-02T10:00:00Z,out,+34600111222,Ana García,1,$ME,,completed,90,,$ME"
t_err "a call of another month does not count" "calls this month: 1"

t_run "by id, inbound, alias taken, -q" 0 crm-call -q 2 taken --in \
    --at 2020-03-02T11:00:00Z --duration 75 call me later
t_out "the id alone" "3"
t_err "no counter" ""
sql "in_progress, inbound, the note in words" "SELECT direction, status,
    duration, note FROM calls WHERE id = 3"
t_out "stored" "in|in_progress|75|call me later"

t_run "a number no contact has, typed in groups" 0 \
    crm-call 600 999 888 no_answer --at "2020-03-03 09:00"
t_out "kept with the number and no contact" "$H
4,2020-03-03T09:00:00Z,out,+34600999888,,,$ME,,no_answer,,,$ME"
t_run "the same number written otherwise" 0 crm-call -q 0034600999888 busy \
    --in --at "2020-03-03 10:00"
t_out "another unlinked call" "5"
t_run "--unlinked lists them by number" 0 crm-call -q --unlinked
t_out "both" "4
5"

# A status typed wrong on the command line is usage (crm(7)).
t_run "ambiguous status prefix" 2 crm-call garcia c
t_err "lists the candidates" 'crm-call: call status "c" is ambiguous (completed, callback); give more letters'
t_run "unknown status" 2 crm-call garcia nope
t_err "says where the list is" 'crm-call: no call status "nope" (crm-config get call.statuses)'
t_run "no status" 2 crm-call garcia
t_err "usage" "crm-call: no STATUS given (crm-call CONTACT|NUMBER STATUS [NOTE...])"
t_run "unknown contact" 3 crm-call nobody done
t_err "not found" 'crm-call: no contact matches "nobody"'
t_run "ambiguous contact" 3 crm-call lu done
t_out "lists the candidates" "id  first_name  last_name  phone  email      company
3   Luis        Núñez             luis@x.es
4   Luisa       Pérez             lp@x.es"
t_err "and logs nothing" 'crm-call: "lu" matches more than one contact; give an id'
t_run "a contact without a phone" 0 crm-call -q luisa@ done \
    --at "2020-03-03 11:00"
sql "has no number" "SELECT coalesce(number, '-'), contact_id FROM calls
    WHERE id = 6"
t_out "only the contact" "-|4"

t_run "bad --at" 2 crm-call garcia done --at someday
t_err "names the option" 'crm-call: --at: date "someday" is not understood'
t_run "bad --duration" 2 crm-call garcia done --duration 1:3
t_err "says what it takes" 'crm-call: --duration: duration "1:3" is not seconds, m:ss or h:mm:ss'
t_run "--due with another status" 2 crm-call garcia done --due tomorrow
t_err "is usage" "crm-call: a due time is for status callback, not completed"
t_run "--in and --out" 2 crm-call garcia done --in --out
t_run "list options with a call" 2 crm-call garcia done --today
t_run "--mine and --all" 2 crm-call --mine --all
t_run "--today and --week" 2 crm-call --today --week
t_ok "nothing bad was written" test \
    "$(sqlite3 "$CRM_DB" 'SELECT count(*) FROM calls')" = 6

# For someone else

t_run "--for ana: her call, typed by me" 0 crm-call --for ana garcia done
norm
t_out "manager ana, created_by me" "$H
7,TIME,out,+34600111222,Ana García,1,ana,,completed,,,$ME"
t_err "counts ana's calls" "calls this month by ana: 1"
t_run "--for an unknown user" 1 crm-call --for bob garcia done
t_err "names crm-user add" 'crm-call: no user "bob" (add it with: crm-user add bob)'
t_run "--for an inactive user" 1 crm-call --for old garcia done
t_err "says so" 'crm-call: user "old" is not active (crm-user set old active=yes)'

# Callbacks

t_run "callback with --due" 0 crm-call -q garcia callback \
    --at "2020-03-05 09:00" --due "2020-03-06 10:00"
t_out "the call" "8"
t_run "callback to a number, for ana, due after call.callback_minutes" 0 \
    crm-call -q 600555000 callb --for ana --at "2020-03-05 12:00"
t_out "the call" "9"
crm-config set call.callback_minutes 30 >/dev/null
t_run "the setting moves the due time" 0 crm-call -q pedro callback \
    --at "2020-03-05 12:00"
sql "the tasks, linked to their calls" "SELECT id, coalesce(contact_id, '-'),
    title, assignee, due, call_id, created_by FROM tasks ORDER BY id"
t_out "due then, or 60 and 30 minutes after" "1|1|call back Ana García|$ME|2020-03-06T10:00:00Z|8|$ME
2|-|call back +34600555000|ana|2020-03-05T13:00:00Z|9|$ME
3|2|call back Pedro Gómez|$ME|2020-03-05T12:30:00Z|10|$ME"
t_run "crm-task shows them" 0 crm-task -q --for ana
t_out "ana's" "2"

# Linking

crm-add first_name=Luis last_name=Soto phone=600999888 >/dev/null
crm-add first_name=Rosa last_name=Vidal phone=600555000 >/dev/null
t_run "a new call to the number is linked at once" 0 crm-call -q \
    600999888 done --at "2020-03-06 09:00"
sql "to the new contact" "SELECT contact_id FROM calls WHERE id = 11"
t_out "Luis Soto" "5"
t_run "--link one call: the number's other unlinked calls follow" 0 \
    crm-call --link 5 soto
t_out "prints the calls linked" "$H
4,2020-03-03T09:00:00Z,out,+34600999888,Luis Soto,5,$ME,,no_answer,,,$ME
5,2020-03-03T10:00:00Z,in,+34600999888,Luis Soto,5,$ME,,busy,,,$ME"
t_err "and my counter" "calls this month: 1"
t_run "--link a callback: its task gets the contact" 0 crm-call -q --link 9 vidal
t_out "the call" "9"
t_err "no counter with -q" ""
sql "the task" "SELECT contact_id FROM tasks WHERE id = 2"
t_out "Rosa Vidal" "6"
t_run "nothing left unlinked" 0 crm-call --all --unlinked -q
t_out "empty" ""
t_run "--link again" 1 crm-call --link 4 soto
t_err "says so" "crm-call: call 4 is linked to contact 5 already"
t_run "--link an unknown call" 3 crm-call --link 99 soto
t_err "not found" "crm-call: no call 99"
t_run "--link a non-number" 2 crm-call --link x soto
t_err "usage" 'crm-call: call id "x" is not a positive number'
t_run "--link without a contact" 2 crm-call --link 4
t_run "--link to an unknown contact" 3 crm-call --link 4 nobody
sql "the audit trail of a link" "SELECT action, entity, entity_id, field,
    coalesce(old, '-'), new FROM audit WHERE action = 'update'
    AND entity IN ('call', 'task') ORDER BY id"
t_out "one row per call, and the task" "update|call|5|contact_id|-|5
update|call|4|contact_id|-|5
update|call|9|contact_id|-|6
update|task|2|contact_id|-|6"
sql "the audit of a call logged" "SELECT field, new FROM audit
    WHERE entity = 'call' AND entity_id = 3 AND action = 'insert' ORDER BY id"
t_out "one row per field set, the contact's phone as number" "at|2020-03-02T11:00:00Z
direction|in
number|+34600333444
contact_id|2
manager|$ME
status|in_progress
duration|75
note|call me later"

# Lists

t_run "mine by default, oldest first" 0 crm-call -q
t_out "my calls" "2
3
4
5
6
8
10
11
1"
t_run "--mine is the same" 0 crm-call -q --mine
t_out "ids" "2
3
4
5
6
8
10
11
1"
t_run "--for ana" 0 crm-call -q --for ana
t_out "hers" "9
7"
t_run "--all" 0 crm-call -q --all
t_out "everyone's" "2
3
4
5
6
8
9
10
11
1
7"
t_run "--today" 0 crm-call -q --today
t_out "mine of today" "1"
t_run "--all --week" 0 crm-call -q --all --week
t_out "everyone's this week" "1
7"
t_run "json" 0 crm-call -f json --for ana --today
norm
t_out "one object a line" '{"id":7,"at":"TIME","direction":"out","number":"+34600111222","contact":"Ana García","contact_id":1,"manager":"ana","extension":null,"status":"completed","duration":null,"note":null,"created_by":"'"$ME"'"}'
t_run "crm call runs crm-call" 0 crm call -q --for ana --today
t_out "ana's" "7"

t_run "a whole e-mail address, in capitals" 0 crm-call LP@X.ES done \
    --at "2020-03-03 11:30"
t_out "its contact" "$H
12,2020-03-03T11:30:00Z,out,,Luisa Pérez,4,$ME,,completed,,,$ME"

# Importing Asterisk call records, into a base with no calls yet

export CRM_DB=$T/cdr.db
crm-config set phone.default_country 34 >/dev/null
crm-user add ana name="Ana Ruiz" extension=101 >/dev/null
crm-user add luis extension=102 >/dev/null
crm-add first_name=Ana last_name=García phone="+34 600 111 222" \
    owner=ana >/dev/null
crm-add first_name=Pedro last_name=Gómez phone=600333444 owner=luis >/dev/null
CALLS="SELECT id, at, direction, number, coalesce(contact_id, '-'),
    coalesce(manager, '-'), coalesce(extension, '-'), status,
    coalesce(duration, '-'), coalesce(note, '-'), source_id FROM calls"
TASKS="SELECT id, coalesce(contact_id, '-'), title, assignee, due, call_id
    FROM tasks ORDER BY id"

IN=/dev/null
t_run "an empty input" 0 crm-call --import asterisk
t_out "prints nothing" ""
t_err "and says so" "crm-call: no records on standard input; nothing changed"
t_ok "leaves no batch" test "$(sqlite3 "$CRM_DB" 'SELECT count(*) FROM batches')" = 0

IN=$DATA/master.csv
t_run "Master.csv" 0 crm-call --import asterisk
t_out "prints nothing on stdout" ""
t_err "reports the calls kept unassigned, and sums up" "crm-call: line 10: extension 205 is no user's; call kept unassigned
crm-call: line 11: extension 205 is no user's; call kept unassigned, no callback task
crm-call: line 14: no extension in src \"600888999\" or dst \"912345678\"; call kept unassigned
calls: 12 added, 1 already there, 1 internal skipped, 0 rejected; callback tasks: 2"
sql "the calls" "$CALLS ORDER BY id"
t_out "classified" "1|2020-03-02T09:00:00Z|out|+34600111222|1|ana|101|completed|120|-|1583139600.1
2|2020-03-02T10:00:00Z|in|+34600111222|1|luis|102|callback|0|wants a quote, urgently|1583143200.3
3|2020-03-02T11:00:00Z|out|+34600111222|1|luis|102|busy|0|-|1583146800.5
4|2020-03-02T11:30:00Z|out|+34600777888|-|ana|101|no_answer|0|-|1583148600.7
5|2020-03-02T11:40:00Z|out|+34600777889|-|ana|101|no_answer|0|-|1583149200.9
6|2020-03-02T12:00:00Z|in|+34600555666|-|ana|101|wrong_number|5|-|1583150400.11
7|2020-03-02T12:30:00Z|in|+34600333444|2|luis|102|completed|4|-|1583152200.13
8|2020-03-02T13:00:00Z|in|+34600555777|-|ana|101|callback|0|-|1583154000.15
9|2020-03-02T14:00:00Z|out|+34911222333|-|-|205|completed|60|-|1583157600.19
10|2020-03-02T14:30:00Z|in|+34600444555|-|-|205|callback|0|-|1583159400.21
11|2020-03-02T15:00:00Z|in|anonymous|-|ana|101|no_answer|0|-|1583161200.23
12|2020-03-02T15:30:00Z|in|+34600888999|-|-|-|completed|180|-|1583163000.25"
sql "the callback tasks" "$TASKS"
t_out "for the contact's owner, else the extension's user" "1|1|call back Ana García|ana|2020-03-02T11:00:00Z|2
2|-|call back +34600555777 (Pérez, Juan)|ana|2020-03-02T14:00:00Z|8"
sql "the indexes are back" "SELECT name FROM sqlite_master
    WHERE type = 'index' AND tbl_name = 'calls' ORDER BY name"
t_out "all of them" "calls_contact
calls_manager
calls_unlinked
sqlite_autoindex_calls_1"
sql "one batch in the audit trail" "SELECT entity, coalesce(entity_id, '-'),
    field, new FROM audit WHERE batch_id IS NOT NULL ORDER BY id"
t_out "not a row per call" "call|-|source|asterisk $DATA/master.csv
call|-|rows|12 added, 0 updated, 2 unchanged, 0 rejected
call|-|summary|calls: 12 added, 1 already there, 1 internal skipped, 0 rejected; callback tasks: 2"
t_ok "and no audit row per call or task" test "$(sqlite3 "$CRM_DB" \
    "SELECT count(*) FROM audit WHERE entity IN ('call', 'task')
    AND entity_id IS NOT NULL")" = 0
t_ok "every call is in the batch" test "$(sqlite3 "$CRM_DB" \
    'SELECT count(*) FROM calls WHERE batch_id = 1')" = 12

IN=$DATA/master.csv
t_run "the same file again" 0 crm-call --import asterisk
t_err "adds nothing, warns of nothing" "calls: 0 added, 13 already there, 1 internal skipped, 0 rejected; callback tasks: 0"
t_ok "no call more" test "$(sqlite3 "$CRM_DB" 'SELECT count(*) FROM calls')" = 12
t_ok "no task more" test "$(sqlite3 "$CRM_DB" 'SELECT count(*) FROM tasks')" = 2
t_ok "no batch more" test "$(sqlite3 "$CRM_DB" 'SELECT count(*) FROM batches')" = 1

# All or nothing: the same file with --atomic writes nothing at all.
before=$(sqlite3 "$CRM_DB" "SELECT (SELECT count(*) FROM calls),
    (SELECT count(*) FROM tasks), (SELECT count(*) FROM batches),
    (SELECT count(*) FROM audit)")
IN=$DATA/bad.csv
t_run "--atomic with bad records" 1 crm-call --atomic --import asterisk
t_ok "says so after the bad lines" test "$(tail -n 1 "$ERR")" = \
    "crm-call: 7 rejected; nothing committed (--atomic), 2 good records left out"
t_ok "the bad lines are still said" test "$(grep -c '^crm-call: line' "$ERR")" = 7
t_ok "nothing written" test "$(sqlite3 "$CRM_DB" "SELECT
    (SELECT count(*) FROM calls), (SELECT count(*) FROM tasks),
    (SELECT count(*) FROM batches), (SELECT count(*) FROM audit)")" = "$before"
t_run "--atomic without --import" 2 crm-call --atomic garcia done
t_err "usage" "crm-call: --atomic is for --import"
IN=$DATA/bad.csv
t_run "bad records" 1 crm-call --import asterisk
t_err "each with its line and reason; the rest is added" "crm-call: line 2: 6 fields; an Asterisk record has 16 to 18
crm-call: line 3: start \"5/3/2020 09:20\" is not a time (YYYY-MM-DD HH:MM:SS)
crm-call: line 5: duration \"-3\" is negative
crm-call: line 6: start \"2020-02-30 09:40:00\" is not a time (YYYY-MM-DD HH:MM:SS)
crm-call: line 7: billsec \"x\" is not a number of seconds
crm-call: line 8: disposition \"LOST\" is not ANSWERED, NO ANSWER, BUSY, FAILED or CONGESTION
crm-call: line 9: stray quote
calls: 2 added, 0 already there, 0 internal skipped, 7 rejected; callback tasks: 0"
sql "the good ones" "$CALLS WHERE id > 12 ORDER BY id"
t_out "committed" "13|2020-03-05T09:00:00Z|out|+34600111222|1|ana|101|completed|60|-|1583398800.1
14|2020-03-05T10:00:00Z|out|+34600333444|2|luis|102|completed|120|-|1583402400.15"
IN=$DATA/bad.csv
t_run "-q: no summary, the bad lines still said" 1 crm-call -q --import asterisk
t_out "nothing on stdout" ""
t_ok "seven lines on stderr" test "$(wc -l <"$ERR")" = 7

IN=$DATA/short.csv
t_run "records without uniqueid, or without userfield" 0 \
    crm-call --import asterisk
t_err "a twin without uniqueid is found by start|src|dst" "calls: 2 added, 1 already there, 0 internal skipped, 0 rejected; callback tasks: 1"
sql "their source ids" "$CALLS WHERE id > 14 ORDER BY id"
t_out "uniqueid, else start|src|dst" "15|2020-03-06T09:00:00Z|out|+34600111222|1|ana|101|completed|60|-|2020-03-06 09:00:00|101|600111222
16|2020-03-06T10:00:00Z|in|+34600111222|1|luis|102|callback|0|-|1583488800.33"

IN=$DATA/madrid.csv
t_run "start is in the local time zone" 0 env TZ=Europe/Madrid \
    crm-call -q --import asterisk
sql "stored in UTC" "SELECT at FROM calls WHERE source_id IN ('m1', 'm2')
    ORDER BY id"
t_out "winter and summer time" "2020-03-02T09:00:00Z
2020-07-01T08:00:00Z"

t_run "--all lists the unassigned calls" 0 crm-call -q --all --unlinked
t_out "no contact, by number" "10
6
8
4
5
12
9
11"

# The generic CSV

IN=$DATA/generic.csv
t_run "generic CSV" 1 crm-call --import csv
t_err "the same rules" "crm-call: line 4: extension 205 is no user's; call kept unassigned, no callback task
crm-call: line 6: direction \"sideways\" is not in or out
crm-call: line 7: duration \"-5\" is negative
crm-call: line 8: time: date \"someday\" is not understood
crm-call: line 9: no extension; call kept unassigned
calls: 4 added, 2 already there, 1 internal skipped, 3 rejected; callback tasks: 1"
sql "the calls" "$CALLS WHERE id > 18 ORDER BY id"
t_out "classified" "19|2020-03-03T09:00:00Z|out|+34600111222|1|ana|101|completed|90|-|g1
20|2020-03-03T10:00:00Z|in|+34600333444|2|luis|102|callback|-|-|g2
21|2020-03-03T11:00:00Z|in|+34600999000|-|-|205|callback|0|-|g3
22|2020-03-03T15:00:00Z|out|+34600444000|-|-|-|busy|3|-|2020-03-03 15:00:00Z||600444000"
sql "the tasks" "$TASKS"
t_out "for the owner of the contact" "1|1|call back Ana García|ana|2020-03-02T11:00:00Z|2
2|-|call back +34600555777 (Pérez, Juan)|ana|2020-03-02T14:00:00Z|8
3|1|call back Ana García|ana|2020-03-06T11:00:00Z|16
4|2|call back Pedro Gómez|luis|2020-03-03T11:00:00Z|20"
IN=$DATA/generic.csv
t_run "again" 1 crm-call --import csv
t_err "adds nothing" "crm-call: line 6: direction \"sideways\" is not in or out
crm-call: line 7: duration \"-5\" is negative
crm-call: line 8: time: date \"someday\" is not understood
calls: 0 added, 6 already there, 1 internal skipped, 3 rejected; callback tasks: 0"

printf 'time,direction,number,duration\n2020-03-03 09:00,out,600111222,5\n' \
    >"$T/nodisp.csv"
IN=$T/nodisp.csv
t_run "a header without disposition" 1 crm-call --import csv
t_err "says which column" 'crm-call: line 1: no column "disposition" in the header'
printf 'time,direction,number,disposition,agent\n' >"$T/agent.csv"
IN=$T/agent.csv
t_run "an unknown column" 1 crm-call --import csv
t_err "names them" 'crm-call: line 1: unknown column "agent" (time, direction, number, extension, duration, disposition, id, note)'
t_run "an unknown kind" 2 crm-call --import sip
t_err "usage" 'crm-call: --import: unknown kind of call record "sip" (asterisk, csv)'
t_run "--import with a contact" 2 crm-call --import csv garcia done
t_err "usage" "crm-call: --import KIND takes no other argument or option"

# The import checks references itself (foreign keys are off while it
# runs): every reference it wrote points at a row.
t_run "no dangling reference after the imports" 0 sqlite3 "$CRM_DB" \
    "PRAGMA foreign_key_check"
t_out "none" ""

t_done
