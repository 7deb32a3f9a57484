# tests/cli/task.sh - crm-task: add a follow-up for a contact (for me or
# for someone else), mark it done, list open ones; bad input; the audit
# trail and the counter on stderr.
# crm-test: clock
. "$TOP/tests/lib.sh"

# Stored times that depend on the clock; the tests see TIME.
norm() {
	sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' \
	    "$OUT" >"$OUT.n" && mv "$OUT.n" "$OUT"
}
H=id,due,title,contact,contact_id,assignee,done_at,created_by

crm-user add ana name="Ana Ruiz" >/dev/null
crm-user add old active=no >/dev/null
crm-add first_name=Ana last_name=García email=ana@acme.es >/dev/null
crm-add first_name=Luis last_name=Núñez email=luis@x.es >/dev/null
crm-add first_name=Luisa last_name=Pérez email=lp@x.es >/dev/null

t_run "add a task for another user" 0 crm-task garcia "  send offer " \
    --due "2099-12-01 10:00" --for ana
t_out "prints it" "$H
1,$(t_utc "2099-12-01 10:00"),send offer,Ana García,1,ana,,$ME"
t_err "and counts the assignee's open tasks" "open tasks for ana: 1"

t_run "add one for me, by e-mail, title in words" 0 crm-task luis@x.es \
    call back --due 2020-01-01
t_out "assigned to me" "$H
2,$(t_utc "2020-01-01 00:00"),call back,Luis Núñez,2,$ME,,$ME"
t_err "my count" "open tasks for $ME: 1"

t_run "a relative due time" 0 crm-task 3 visit --due +2d
norm
t_out "is stored as UTC" "$H
3,TIME,visit,Luisa Pérez,3,$ME,,$ME"
t_run "-q prints the id only, no counter" 0 crm-task -q 3 no date
t_out "the id" "4"
t_err "silent" ""
t_run "due today" 0 crm-task -q 1 ring --due today

t_run "list: mine by default, soonest first, no due last" 0 crm-task
norm
t_out "my open tasks" "$H
2,TIME,call back,Luis Núñez,2,$ME,,$ME
5,TIME,ring,Ana García,1,$ME,,$ME
3,TIME,visit,Luisa Pérez,3,$ME,,$ME
4,,no date,Luisa Pérez,3,$ME,,$ME"
t_run "--mine is the same" 0 crm-task --mine -q
t_out "ids" "2
5
3
4"
t_run "--for ana" 0 crm-task --for ana -q
t_out "ana's" "1"
t_run "--all" 0 crm-task --all -q
t_out "everyone's" "2
5
3
1
4"
t_run "--overdue" 0 crm-task --all --overdue -q
t_out "due before now (today's midnight too)" "2
5"
t_run "--today" 0 crm-task --today -q
t_out "due within today" "5"

t_run "mark done" 0 crm-task --done 2
norm
t_out "prints it done" "$H
2,TIME,call back,Luis Núñez,2,$ME,TIME,$ME"
t_err "the count drops" "open tasks for $ME: 3"
t_run "done twice" 1 crm-task --done 2
t_err "says so" "crm-task: task 2 is already done"
t_run "done tasks leave the list" 0 crm-task -q --overdue
t_out "2 is gone" "5"
t_run "--done-too brings them back" 0 crm-task -q --done-too --overdue
t_out "done is not overdue" "5"
t_run "--done-too" 0 crm-task -q --done-too
t_out "with the done one" "2
5
3
4"
t_run "--done unknown id" 3 crm-task --done 99
t_err "not found" "crm-task: no task 99"
t_run "--done a non-number" 2 crm-task --done x
t_err "usage" 'crm-task: task id "x" is not a positive number'

t_run "missing title" 2 crm-task garcia
t_err "usage" "crm-task: no TITLE given (crm-task CONTACT TITLE...)"
t_run "an empty title" 1 crm-task garcia "  "
t_err "rejected" "crm-task: a task needs a title"
t_run "unknown contact" 3 crm-task nobody x
t_out "prints nothing" ""
t_err "says so" 'crm-task: no contact matches "nobody"'
t_run "ambiguous contact" 3 crm-task lu x
t_out "lists the candidates" "id  first_name  last_name  phone  email      company
2   Luis        Núñez             luis@x.es
3   Luisa       Pérez             lp@x.es"
t_err "and adds nothing" 'crm-task: "lu" matches more than one contact; give an id'
t_run "bad date is usage" 2 crm-task garcia x --due someday
t_err "names the option" 'crm-task: --due: date "someday" is not understood'
t_run "--for an unknown user" 1 crm-task garcia x --for bob
t_err "names crm-user add" 'crm-task: no user "bob" (add it with: crm-user add bob)'
t_run "--for an inactive user" 1 crm-task garcia x --for old
t_err "says so" 'crm-task: user "old" is not active (crm-user set old active=yes)'
t_run "list options do not go with an add" 2 crm-task garcia x --all
t_run "--done with other options" 2 crm-task --done 1 --for ana
t_run "--mine and --all" 2 crm-task --mine --all
t_ok "nothing bad was written" test \
    "$(sqlite3 "$CRM_DB" 'SELECT count(*) FROM tasks')" = 5

t_run "the audit trail" 0 sqlite3 "$CRM_DB" "SELECT actor, action, entity,
    entity_id, field, coalesce(old, '-'), new FROM audit
    WHERE entity = 'task' AND entity_id IN (1, 2) ORDER BY id"
norm
t_out "insert rows per field, done as an update" "$ME|insert|task|1|contact_id|-|1
$ME|insert|task|1|title|-|send offer
$ME|insert|task|1|assignee|-|ana
$ME|insert|task|1|due|-|TIME
$ME|insert|task|2|contact_id|-|2
$ME|insert|task|2|title|-|call back
$ME|insert|task|2|assignee|-|$ME
$ME|insert|task|2|due|-|TIME
$ME|update|task|2|done_at|-|TIME"
t_ok "created_by is who typed it" test \
    "$(sqlite3 "$CRM_DB" 'SELECT created_by FROM tasks WHERE id = 1')" = "$ME"

t_run "crm task runs crm-task" 0 crm task -q --for ana
t_out "ana's task" "1"
t_run "json" 0 crm-task -f json --for ana
t_out "one object" '{"id":1,"due":"'"$(t_utc "2099-12-01 10:00")"'","title":"send offer","contact":"Ana García","contact_id":1,"assignee":"ana","done_at":null,"created_by":"'"$ME"'"}'

t_done
