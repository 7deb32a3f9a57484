# tests/cli/roles.sh - roles, the division of labour and what managers see,
# enforced by libcrm for every binary.  The acting user is the login of
# the real uid, so this test changes that user's role in the base between
# steps (with sqlite3, as a second admin could with crm-user) to act as
# each role in turn.  Every denial exits 4 with the rule in one line and
# leaves the base, audit trail included, exactly as it was.  Real Unix
# users on a shared install are tests/cli/shared.sh's.
. "$TOP/tests/lib.sh"

q() { sqlite3 "$CRM_DB" "$1"; }
as() { q "UPDATE users SET role = '$1' WHERE login = '$ME'"; }
# Everything a denial must leave alone.
snap() {
	sqlite3 "$CRM_DB" "SELECT * FROM contacts ORDER BY id;
	    SELECT * FROM companies ORDER BY id; SELECT * FROM users ORDER BY id;
	    SELECT * FROM meetings ORDER BY id; SELECT * FROM calls ORDER BY id;
	    SELECT * FROM tasks ORDER BY id; SELECT * FROM deals ORDER BY id;
	    SELECT * FROM plans ORDER BY id; SELECT * FROM settings ORDER BY key;
	    SELECT * FROM contact_custom; SELECT * FROM audit ORDER BY id;
	    SELECT * FROM batches ORDER BY id" | md5sum
}
# denied NAME WANT-STDERR CMD...: exit 4, that one line, nothing changed.
denied() {
	local name=$1 want=$2 before
	shift 2
	before=$(snap)
	t_run "$name" 4 "$@"
	t_err "$name: the rule" "$want"
	t_eq "$name: the base is unchanged" "$(snap)" "$before"
}

crm-user add luis name="Luis Núñez" >/dev/null
crm-user add olga role=operator >/dev/null
crm-user add sue role=supervisor >/dev/null
crm-user add ana role=admin >/dev/null
crm-add -q first_name=Mía last_name=Ruiz phone=+34600000001 \
    email=mia@x.es city=Lugo >/dev/null
crm-add -q first_name=Pau last_name=Gil phone=+34600000002 owner=luis \
    >/dev/null
crm-add -q first_name=Eva last_name=Sanz email=eva@y.es owner=luis \
    tags=vip >/dev/null

# --- users and settings are the admins' --------------------------------------

as manager
denied "a manager adds no user" \
    "crm-user: managing users is for admins ($ME is a manager)" \
    crm-user add bob
denied "a manager changes no user" \
    "crm-user: managing users is for admins ($ME is a manager)" \
    crm-user set luis role=admin
printf 'login,role\nbob,admin\n' >"$T/users.csv"
IN=$T/users.csv denied "nor from CSV" \
    "crm-user: managing users is for admins ($ME is a manager)" \
    crm-user add
t_run "a manager lists users" 0 crm-user list -f csv
t_ok "all of them" test "$(grep -c . "$OUT")" = 6
denied "a manager changes no setting" \
    "crm-config: changing settings is for admins ($ME is a manager)" \
    crm-config set policy.labour operator
as supervisor
denied "nor does a supervisor" \
    "crm-config: changing settings is for admins ($ME is a supervisor)" \
    crm-config set policy.visibility own
as admin
t_run "an admin sets the policy" 0 crm-config set policy.labour operator
t_run "a bad policy" 2 crm-config set policy.labour closed
t_err "says which" 'crm-config: policy.labour "closed" is not one of open|operator'
t_run "a bad visibility" 2 crm-config set policy.visibility some
t_run "fields.personal takes names" 0 crm-config set fields.personal \
    birthday,phone_2
t_run "or not a list" 2 crm-config set fields.personal 'a,,b'
t_run "back to all" 0 crm-config unset fields.personal
t_run "an admin cannot demote the last other admins away" 0 \
    crm-user set ana role=manager
t_run "nor itself when it is the last" 1 crm-user set "$ME" role=manager
t_err "says why" "crm-user: the base would have no active admin; make another user admin first"
crm-user set ana role=admin >/dev/null

# --- personal data under policy.labour operator ------------------------------

as manager
denied "a manager's own client's phone, policy operator" \
    "crm-edit: contact 1: phone is personal data; operators change it (policy: operator)" \
    crm-edit 1 phone=+34600000009
denied "the names too" \
    "crm-edit: contact 1: last_name is personal data; operators change it (policy: operator)" \
    crm-edit 1 last_name=Ríos
denied "and the consent" \
    "crm-edit: contact 1: consent is personal data; operators change it (policy: operator)" \
    crm-edit 1 consent=yes
denied "custom fields are personal data by default" \
    "crm-edit: contact 1: custom.birthday is personal data; operators change it (policy: operator)" \
    crm-edit 1 custom.birthday=1990-01-01
as admin
crm-config set fields.personal birthday,mobile >/dev/null
as manager
denied "those named in fields.personal" \
    "crm-edit: contact 1: custom.mobile is personal data; operators change it (policy: operator)" \
    crm-edit 1 custom.mobile=600
t_run "not the others" 0 crm-edit -q 1 custom.segment=retail
t_eq "set" "$(q "SELECT name, value FROM contact_custom")" "segment|retail"
as admin
crm-config unset fields.personal >/dev/null
as manager
t_run "event data of an own client: the city" 0 crm-edit -q 1 city=Vigo
t_eq "changed" "$(q "SELECT city FROM contacts WHERE id = 1")" Vigo
t_run "and its tags" 0 crm-edit -q 1 tags=new
t_run "a new client is still the manager's to add" 0 crm-add -q \
    first_name=Ton last_name=Mas email=ton@z.es
t_eq "owned by the manager" "$(q "SELECT owner FROM contacts WHERE id = 4")" \
    "$ME"
denied "but not for another manager" \
    "crm-add: owner luis: only operators, supervisors and admins add a contact for others" \
    crm-add first_name=Al last_name=Bo email=al@b.es owner=luis
denied "another manager's client" \
    "crm-edit: contact 2: belongs to luis; managers change their own clients" \
    crm-edit 2 city=Soria
printf 'id,city\n1,Ourense\n2,Soria\n' >"$T/edit.csv"
IN=$T/edit.csv denied \
    "a CSV edit touching another's client changes nothing at all" \
    "crm-edit: line 3: contact 2: belongs to luis; managers change their own clients" \
    crm-edit
denied "reassigning is not a manager's" \
    "crm-edit: contact 1: owner: reassigning is for supervisors and admins" \
    crm-edit 1 owner=luis
denied "erasing is not a manager's" \
    "crm-edit: erasing personal data is for operators and admins ($ME is a manager)" \
    crm-edit --erase 1

as operator
t_run "an operator changes anyone's personal data" 0 crm-edit -q 2 \
    phone=+34600000022 last_name=Gil-Mas
t_eq "changed" "$(q "SELECT phone || ' ' || last_name FROM contacts
    WHERE id = 2")" "+34600000022 Gil-Mas"
t_eq "audited as the operator's" "$(q "SELECT actor, old, new FROM audit
    WHERE entity = 'contact' AND entity_id = 2 AND field = 'phone'
    AND action = 'update'")" "$ME|+34600000002|+34600000022"
denied "an operator does not reassign clients" \
    "crm-edit: contact 2: owner: reassigning is for supervisors and admins" \
    crm-edit 2 owner="$ME"

as supervisor
denied "a supervisor reads, it does not edit" \
    "crm-edit: contact 2: supervisors read and reassign; the owner and operators change the rest" \
    crm-edit 2 city=Soria
t_run "a supervisor reassigns" 0 crm-edit -q 3 owner="$ME"
t_eq "reassigned" "$(q "SELECT owner FROM contacts WHERE id = 3")" "$ME"
crm-edit -q 3 owner=luis >/dev/null

as admin
crm-config set policy.labour open >/dev/null
as manager
t_run "under policy open a manager changes own clients' personal data" 0 \
    crm-edit -q 1 phone=+34600000019
denied "still not another's" \
    "crm-edit: contact 2: belongs to luis; managers change their own clients" \
    crm-edit 2 phone=+34600000029

# --- acting for others ---------------------------------------------------------

as manager
denied "a manager does not act for another" \
    "crm-meet: acting for luis: only operators, supervisors and admins act for others" \
    crm-meet 2 Demo --at 'tomorrow 10:00' --for luis
denied "nor logs another's call" \
    "crm-call: acting for luis: only operators, supervisors and admins act for others" \
    crm-call 2 completed --for luis
denied "nor gives another a task" \
    "crm-task: acting for luis: only operators, supervisors and admins act for others" \
    crm-task 2 'Send offer' --for luis
denied "nor opens another's deal" \
    "crm-deal: acting for luis: only operators, supervisors and admins act for others" \
    crm-deal 2 'Big one' --for luis
printf 'contact,topic,at,manager\n1,Mine,2099-12-01 10:00,\n2,Theirs,2099-12-01 11:00,luis\n' \
    >"$T/meet.csv"
IN=$T/meet.csv denied "nor in a CSV of meetings, which then adds none" \
    "crm-meet: line 3: acting for luis: only operators, supervisors and admins act for others" \
    crm-meet
printf 'first_name,last_name,email,owner\nNo,Va,no@va.es,\nAl,Bo,al@bo.es,luis\n' \
    >"$T/add.csv"
IN=$T/add.csv denied "nor adds clients for another from a file" \
    "crm-add: line 3: owner luis: only operators, supervisors and admins add a contact for others" \
    crm-add
t_run "a manager plans own meetings with anyone's client" 0 crm-meet -q 2 Demo \
    --at 'tomorrow 10:00'
MINE=$(cat "$OUT")
as operator
t_run "an operator enters a meeting for luis" 0 crm-meet -q 2 Demo \
    --at 'tomorrow 11:00' --for luis
THEIRS=$(cat "$OUT")
t_eq "luis's, typed by the operator" "$(q "SELECT manager, created_by FROM
    meetings WHERE id = $THEIRS")" "luis|$ME"
as manager
denied "a manager does not close another's meeting" \
    "crm-meet: meeting $THEIRS: belongs to luis; managers change their own events" \
    crm-meet --cancel "$THEIRS"
t_run "but closes its own" 0 crm-meet -q --cancel "$MINE"
denied "a manager imports no call records" \
    "crm-call: importing call records is for operators, supervisors and admins ($ME is a manager)" \
    crm-call --import csv
denied "a manager fixes no data in bulk" \
    "crm-check: fixing clients' data is for operators and admins ($ME is a manager)" \
    crm-check --fix

# --- plans, reports, dashboards, the audit trail -------------------------------

as manager
denied "a manager sets no plan" \
    "crm-plan: setting plans is for supervisors and admins ($ME is a manager)" \
    crm-plan "$ME" calls=10
denied "nor reads reports" \
    "crm-report: reports is for supervisors and admins ($ME is a manager)" \
    crm-report
denied "nor the team's dashboard" \
    "crm-status: the team's dashboard is for supervisors and admins ($ME is a manager)" \
    crm-status --team
denied "nor another's" \
    "crm-status: another user's dashboard is for supervisors and admins ($ME is a manager)" \
    crm-status --user luis
t_run "its own dashboard is its own" 0 crm-status
t_run "the audit trail: its own actions only" 0 crm-log -f csv
t_eq "none of the others'" "$(tail -n +2 "$OUT" | cut -d, -f2 | sort -u)" \
    "$ME"
denied "not another's" \
    "crm-log: the audit trail of others is for supervisors and admins ($ME is a manager)" \
    crm-log --actor luis
as supervisor
t_run "a supervisor sets plans" 0 crm-plan luis calls=10
t_run "reads reports" 0 crm-report -f csv
t_run "and the whole trail" 0 crm-log -f csv --actor luis
t_run "and anyone's dashboard" 0 crm-status --user luis

# --- what managers see: policy.visibility ------------------------------------

as manager
t_run "under all, a manager finds every client" 0 crm-find -f table Gil
t_has "another's client" "Pau"
t_run "but exports only its own" 0 crm-find -f csv
t_eq "own clients only" "$(tail -n +2 "$OUT" | cut -d, -f1 | tr '\n' ' ')" \
    "1 4 "
t_eq "the export is audited with its rows and filter" \
    "$(q "SELECT action, entity, field, old, new FROM audit
    WHERE action = 'export' ORDER BY id DESC LIMIT 1")" "export|contact|csv||2"
t_run "a filter is recorded as typed" 0 crm-find -f json city=Vigo
t_eq "with it" "$(q "SELECT old || ' ' || new FROM audit
    WHERE action = 'export' ORDER BY id DESC LIMIT 1")" "city=Vigo 1"
t_run "crm-show's candidates for people: every one it may see" 3 crm-show es
t_eq "three" "$(grep -c '^ *[0-9]' "$OUT")" 3
t_run "as records for a program: its own, as an export" 3 crm-show -f csv es
t_eq "1 and 4" "$(tail -n +2 "$OUT" | cut -d, -f1 | sort -n | tr '\n' ' ')" \
    "1 4 "
t_eq "audited" "$(q "SELECT field, old, new FROM audit
    WHERE action = 'export' ORDER BY id DESC LIMIT 1")" "csv|es|2"
t_run "crm-export of a manager: its own clients" 0 crm-export -f csv
t_eq "1 and 4" "$(tail -n +2 "$OUT" | cut -d, -f1 | tr '\n' ' ')" "1 4 "
t_eq "audited" "$(q "SELECT field, old, new FROM audit
    WHERE action = 'export' ORDER BY id DESC LIMIT 1")" "csv||2"
t_run "another's clients by name: none" 0 crm-export -f json owner=luis
t_out "nothing" ""
t_eq "audited with the filter" "$(q "SELECT field, old, new FROM audit
    WHERE action = 'export' ORDER BY id DESC LIMIT 1")" "json|owner=luis|0"
t_run "its own meetings only, as a calendar" 0 crm-export meetings -f ics
t_ok "not luis's" sh -c "! grep -q 'meeting-$THEIRS@' '$OUT'"
as operator
t_run "an operator exports everyone's" 0 crm-export -f csv -q
t_eq "all" "$(tr '\n' ' ' <"$OUT")" "1 2 3 4 "
as admin
crm-config set policy.visibility own >/dev/null
as manager
t_run "under own, a manager finds only its own" 0 crm-find -f table -q
t_eq "own ids" "$(tr '\n' ' ' <"$OUT")" "1 4 "
t_run "another's client is not found" 3 crm-show 2
t_err "as if it were not there" "crm-show: no contact matches \"2\""
t_run "by name either" 3 crm-show Gil
t_run "lists show its own meetings only" 0 crm-meet --upcoming --all -f csv
t_eq "not luis's" "$(tail -n +2 "$OUT" | cut -d, -f1)" "$MINE"
t_run "completion offers its own clients' names" 0 crm-find --complete \
    contacts --complete-prefix m
t_out "its own only" "mas
mía"
t_run "none of another's" 0 crm-find --complete contacts --complete-prefix s
t_out "no sanz" ""
as operator
t_run "an operator is offered every name" 0 crm-find --complete contacts \
    --complete-prefix s
t_out "sanz" "sanz"
t_run "an operator sees all" 0 crm-find -q -f table
t_eq "every id" "$(tr '\n' ' ' <"$OUT")" "1 2 3 4 "
as admin
crm-config set policy.visibility all >/dev/null

# --- deactivation ----------------------------------------------------------------

crm-deal -q 2 'Open deal' --for luis >/dev/null
crm-deal -q 2 'Won deal' stage=won --for luis >/dev/null
crm-task -q 3 'Call back' --for luis >/dev/null
as manager
denied "a manager deactivates nobody" \
    "crm-user: managing users is for admins ($ME is a manager)" \
    crm-user deactivate luis --reassign-to "$ME"
as admin
t_run "deactivate to an unknown user" 3 crm-user deactivate luis \
    --reassign-to nobody
t_run "nor to itself" 2 crm-user deactivate luis --reassign-to luis
crm-user add gone active=no >/dev/null
t_run "nor to an inactive user" 1 crm-user deactivate luis --reassign-to gone
t_err "says so" 'crm-user: user "gone" is not active; reassign to an active user'
t_run "--reassign-to without deactivate" 2 crm-user --reassign-to olga list
t_err "is a usage error" "crm-user: --reassign-to goes with deactivate"
t_run "deactivate with a stray word" 2 crm-user deactivate luis olga
t_run "deactivate nobody" 2 crm-user deactivate
t_run "an admin cannot deactivate itself" 1 crm-user deactivate "$ME"
t_run "deactivate luis, his work to olga" 0 crm-user deactivate luis \
    --reassign-to olga
t_err "says what moved" "crm-user: luis deactivated; 2 contacts, 1 open deals, 1 planned meetings, 1 open tasks moved to olga"
t_eq "luis is inactive" "$(q "SELECT active FROM users WHERE login = 'luis'")" 0
t_eq "his clients are olga's" "$(q "SELECT group_concat(owner) FROM contacts
    WHERE id IN (2, 3)")" "olga,olga"
t_eq "the won deal stays his" "$(q "SELECT manager FROM deals
    WHERE title = 'Won deal'")" luis
t_eq "the open one moved" "$(q "SELECT manager FROM deals
    WHERE title = 'Open deal'")" olga
t_eq "history keeps who typed what" "$(q "SELECT created_by FROM meetings
    WHERE id = $THEIRS")" "$ME"
t_eq "one batch audits every move" "$(q "SELECT entity, entity_id, old, new,
    batch_id = (SELECT max(id) FROM batches) FROM audit WHERE action = 'reassign'
    ORDER BY id")" "contact|2|luis|olga|1
contact|3|luis|olga|1
deal|1|luis|olga|1
meeting|$THEIRS|luis|olga|1
task|1|luis|olga|1
user|||deactivate luis, reassign to olga|1
user|||0 added, 5 updated, 0 unchanged, 0 rejected|1"
t_eq "the batch says what it was" "$(q "SELECT source, updated FROM batches
    ORDER BY id DESC LIMIT 1")" "deactivate luis, reassign to olga|5"
q "UPDATE users SET active = 0 WHERE login = '$ME'"
denied "a deactivated user cannot write" "crm-add: user $ME is deactivated" \
    crm-add first_name=X last_name=Y email=x@y.es
denied "nor read" "crm-find: user $ME is deactivated" crm-find Gil
q "UPDATE users SET active = 1 WHERE login = '$ME'"

t_done
