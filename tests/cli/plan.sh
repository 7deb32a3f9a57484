# tests/cli/plan.sh - crm-plan: set plans (upsert, audited), list them with
# what is done (each figure checked against its own SQL count over the
# same rows), delete, CSV input with rejects and --atomic; and the plan
# counters the writes of crm-call and crm-meet print.
# crm-test: clock
. "$TOP/tests/lib.sh"

q() { sqlite3 "$CRM_DB" "$1"; }
H=id,manager,metric,period,target,done,percent

crm-user add ana >/dev/null
crm-user add luis >/dev/null
crm-user add old active=no >/dev/null
crm-add -q first_name=Ana last_name=García email=ana@acme.es owner=ana \
    >/dev/null
crm-add -q first_name=Luis last_name=Núñez email=luis@x.es owner=luis \
    >/dev/null

# Rows of October 2026 (a past month) and around it, at known times.
S="'2026-01-01T00:00:00Z', 'x', '2026-01-01T00:00:00Z', 'x'"
meet() {	# MANAGER AT STATUS [ARCHIVED]
	q "INSERT INTO meetings(contact_id, topic, at, status, result, manager,
	    created_at, created_by, updated_at, updated_by, archived_at)
	    VALUES (1, 'T', '$2', '$3', CASE '$3' WHEN 'held' THEN 'ok' END,
	    '$1', $S, ${4:-NULL})"
}
call() {	# MANAGER AT STATUS
	local m=NULL
	[ -n "$1" ] && m="'$1'"
	q "INSERT INTO calls(at, direction, number, manager, status,
	    created_at, created_by, updated_at, updated_by)
	    VALUES ('$2', 'out', '+34600000000', $m, '$3', $S)"
}
deal() {	# MANAGER CLOSED_AT STAGE AMOUNT CURRENCY
	q "INSERT INTO deals(title, contact_id, manager, amount, currency,
	    stage, closed_at, created_at, created_by, updated_at, updated_by)
	    VALUES ('D', 1, '$1', $4, '$5', '$3', '$2', $S)"
}
meet ana 2026-09-30T23:59:59Z held
meet ana 2026-10-01T00:00:00Z held
meet ana 2026-10-15T10:00:00Z held "'2026-10-20T00:00:00Z'"
meet ana 2026-10-20T10:00:00Z planned
meet ana 2026-10-31T23:59:59Z held
meet ana 2026-11-01T00:00:00Z held
meet luis 2026-10-10T10:00:00Z held
call ana 2026-10-02T10:00:00Z completed
call ana 2026-10-03T10:00:00Z no_answer
call ana 2026-11-03T10:00:00Z completed
call luis 2026-10-04T10:00:00Z completed
call "" 2026-10-05T10:00:00Z completed
deal ana 2026-10-05T10:00:00Z won 100050 EUR
deal ana 2026-10-06T10:00:00Z won 20000 USD
deal ana 2026-10-07T10:00:00Z lost 5000 EUR
deal luis 2026-10-08T10:00:00Z won 30000 EUR
deal ana 2026-12-01T10:00:00Z won 99 EUR

# The metrics by SQL, independently of crm-plan.
OCT="BETWEEN '2026-10-01T00:00:00Z' AND '2026-10-31T23:59:59Z'"
held_ana=$(q "SELECT count(*) FROM meetings WHERE manager = 'ana'
    AND status = 'held' AND at $OCT")
calls_ana=$(q "SELECT count(*) FROM calls WHERE manager = 'ana' AND at $OCT")
calls_team=$(q "SELECT count(*) FROM calls WHERE at $OCT")
done_team=$(q "SELECT count(*) FROM calls WHERE at $OCT
    AND status = 'completed'")
won_ana=$(q "SELECT count(*) FROM deals WHERE manager = 'ana'
    AND stage = 'won' AND closed_at $OCT")
rev_ana=$(q "SELECT printf('%d.%02d', sum(amount) / 100, sum(amount) % 100)
    FROM deals WHERE manager = 'ana' AND stage = 'won' AND currency = 'EUR'
    AND closed_at $OCT")
t_ok "the rows hold what the test means" test \
    "$held_ana $calls_ana $calls_team $done_team $won_ana $rev_ana" = \
    "3 2 4 3 2 1000.50"

# --- Setting ---------------------------------------------------------------

t_run "set three plans of a month" 0 crm-plan ana meetings_held=10 \
    deals_won=4 calls=200 --month 2026-10
t_out "printed with what is done" "$H
1,ana,meetings_held,2026-10,10,$held_ana,$((held_ana * 100 / 10))
2,ana,deals_won,2026-10,4,$won_ana,$((won_ana * 100 / 4))
3,ana,calls,2026-10,200,$calls_ana,$((calls_ana * 100 / 200))"
t_run "stored as kind and first day" 0 q "SELECT manager, metric,
    period_kind, period_start, target, created_by FROM plans WHERE id = 1"
t_out "the row" "ana|meetings_held|month|2026-10-01|10|$ME"
t_run "audited as inserts" 0 q "SELECT action, field, old, new FROM audit
    WHERE entity = 'plan' AND entity_id = 1 ORDER BY id"
t_out "one row per field" "insert|manager||ana
insert|metric||meetings_held
insert|period||2026-10
insert|target||10"

t_run "setting again changes the target" 0 crm-plan -q ana meetings_held=12 \
    --month 2026-10
t_out "the same plan" "1"
t_run "one plan still" 0 q "SELECT count(*), max(target) FROM plans
    WHERE metric = 'meetings_held'"
t_out "target 12" "1|12"
t_run "audited old and new" 0 q "SELECT action, field, old, new FROM audit
    WHERE entity = 'plan' AND entity_id = 1 AND action = 'update'"
t_out "10 to 12" "update|target|10|12"
n=$(q "SELECT count(*) FROM audit")
t_run "the same target again" 0 crm-plan -q ana meetings_held=12 \
    --month 2026-10
t_ok "changes nothing, audits nothing" test "$(q "SELECT count(*) FROM audit")" = "$n"

t_run "revenue as a decimal, in deal.currency" 0 crm-plan ana \
    revenue_won=2001 --month 2026-10
t_out "sum of the EUR deals won, in euros" "$H
4,ana,revenue_won,2026-10,2001.00,$rev_ana,50"
t_run "stored in cents" 0 q "SELECT target FROM plans WHERE id = 4"
t_out "cents" "200100"

t_run "the team's plan" 0 crm-plan team calls=8 calls_completed=6 \
    --month 2026-10
t_out "every call of the month, a call of no one too" "$H
5,team,calls,2026-10,8,$calls_team,$((calls_team * 100 / 8))
6,team,calls_completed,2026-10,6,$done_team,$((done_team * 100 / 6))"
t_run "stored with no manager" 0 q "SELECT count(*) FROM plans
    WHERE manager IS NULL"
t_out "two" "2"
t_run "--team is team" 0 crm-plan -q --team calls=9 --month 2026-10
t_out "the same plan" "5"

t_run "a week" 0 crm-plan -q luis meetings_held=2 --week 2026-W41
t_out "id" "7"
t_run "a quarter" 0 crm-plan luis meetings_held=5 --quarter 2026-Q4
held_luis=$(q "SELECT count(*) FROM meetings WHERE manager = 'luis'
    AND status = 'held' AND at >= '2026-10-01T00:00:00Z'
    AND at < '2027-01-01T00:00:00Z'")
t_out "the quarter's count" "$H
8,luis,meetings_held,2026-Q4,5,$held_luis,$((held_luis * 100 / 5))"
t_run "week 41 (Oct 5-11) holds luis's meeting of the 10th" 0 \
    crm-plan --list --week 2026-W41
t_out "1 of 2" "$H
7,luis,meetings_held,2026-W41,2,1,50"
t_run "default: this month" 0 crm-plan -q contacts_added=3
t_run "stored for me, this month" 0 q "SELECT manager, period_kind,
    period_start FROM plans WHERE id = 9"
t_out "mine" "$ME|month|$(date +%Y-%m)-01"

# --- Listing ---------------------------------------------------------------

t_run "--list of a month" 0 crm-plan --list --month 2026-10
t_out "the team first, then by manager and metric" "$H
5,team,calls,2026-10,9,$calls_team,$((calls_team * 100 / 9))
6,team,calls_completed,2026-10,6,$done_team,$((done_team * 100 / 6))
3,ana,calls,2026-10,200,$calls_ana,$((calls_ana * 100 / 200))
2,ana,deals_won,2026-10,4,$won_ana,$((won_ana * 100 / 4))
1,ana,meetings_held,2026-10,12,$held_ana,$((held_ana * 100 / 12))
4,ana,revenue_won,2026-10,2001.00,$rev_ana,50"
t_run "--list of a month, one manager" 0 crm-plan --list -q \
    --month 2026-10 ana
t_out "ana's ids" "3
2
1
4"
t_run "--list team" 0 crm-plan --list -q --month 2026-10 team
t_out "the team's" "5
6"
t_run "--list alone: the current periods" 0 crm-plan --list -q "$ME"
t_out "my plan of this month" "9"
t_run "json" 0 crm-plan --list -f json --week 2026-W41
t_out "numbers unquoted" '{"id":7,"manager":"luis","metric":"meetings_held","period":"2026-W41","target":2,"done":1,"percent":50}'

# --- Errors ----------------------------------------------------------------

t_run "an unknown metric" 2 crm-plan ana visits=3
t_err "says which" "crm-plan: unknown metric \"visits\" (contacts_added, calls, calls_completed, meetings_held, deals_won, revenue_won)"
t_run "an inactive user" 1 crm-plan old calls=3
t_err "says so" "crm-plan: user \"old\" is not active (crm-user set old active=yes)"
t_run "a target that is not a number" 2 crm-plan ana calls=ten
t_err "says so" "crm-plan: calls: target \"ten\" is not a whole number"
t_run "nothing is written when one fails" 2 crm-plan ana calls=300 \
    deals_won=x --month 2026-10
t_ok "calls still 200" test "$(q "SELECT target FROM plans WHERE id = 3")" = 200
t_run "--month of a week" 2 crm-plan ana calls=3 --month 2026-W41
t_err "usage" "crm-plan: --month: \"2026-W41\" is not a month"
t_run "--week of nonsense" 2 crm-plan ana calls=3 --week soon
t_run "two periods" 2 crm-plan ana calls=3 --week week --month month
t_run "no target" 2 crm-plan ana
t_run "--list with a target" 2 crm-plan --list ana calls=3
t_run "--delete of nothing" 3 crm-plan --delete 99
t_err "says so" "crm-plan: no plan 99"
t_run "--delete of no number" 2 crm-plan --delete x

t_run "--delete" 0 crm-plan --delete 7
t_ok "gone" test "$(q "SELECT count(*) FROM plans WHERE id = 7")" = 0
t_run "audited" 0 q "SELECT action, field, old FROM audit
    WHERE entity = 'plan' AND entity_id = 7 AND action = 'delete'"
t_out "with its target" "delete|target|2"

# --- CSV -------------------------------------------------------------------

printf 'manager,metric,period,target\nluis,calls,2026-10,50\nbob,calls,2026-10,3\nluis,visits,2026-10,3\nluis,deals_won,2026-10-03,3\nteam,meetings_held,2026-10,x\nluis,deals_won,2026-W41,2\n,meetings_held,2026-10,30\n' >"$T/plans.csv"
IN="$T/plans.csv"
t_run "CSV: bad rows reported, good rows written" 1 crm-plan
t_err "line numbers and a summary" 'crm-plan: line 3: no user "bob" (add it with: crm-user add bob)
crm-plan: line 4: unknown metric "visits" (contacts_added, calls, calls_completed, meetings_held, deals_won, revenue_won)
crm-plan: line 5: period "2026-10-03": a plan is for a week, a month or a quarter
crm-plan: line 6: meetings_held: target "x" is not a whole number
crm-plan: 3 added, 0 updated, 0 unchanged, 4 rejected'
t_run "the good ones" 0 q "SELECT coalesce(manager, 'team'), metric,
    period_kind, period_start, target FROM plans WHERE id > 9 ORDER BY id"
t_out "three" "luis|calls|month|2026-10-01|50
luis|deals_won|week|2026-10-05|2
team|meetings_held|month|2026-10-01|30"

printf 'manager,metric,period,target\nluis,calls,2026-10,60\nluis,visits,2026-10,3\n' >"$T/atomic.csv"
IN="$T/atomic.csv"
t_run "--atomic: one bad row" 1 crm-plan --atomic
t_ok "writes nothing" test "$(q "SELECT target FROM plans WHERE id = 10")" = 50

crm-plan --list --month 2026-10 >"$T/list.csv"
IN="$T/list.csv"
t_run "a listing reads back in" 0 crm-plan
t_err "nothing changes" "crm-plan: 0 added, 0 updated, 8 unchanged, 0 rejected"
printf 'metric;target\ncalls;7\n' >"$T/semi.csv"
IN="$T/semi.csv"
t_run "manager and period may be left out: team, this month" 0 crm-plan -q
t_run "the team's plan of this month" 0 q "SELECT target FROM plans
    WHERE manager IS NULL AND metric = 'calls' AND period_start =
    '$(date +%Y-%m)-01'"
t_out "7" "7"
printf 'manager,metric,colour\n' >"$T/badhead.csv"
IN="$T/badhead.csv"
t_run "an unknown column" 1 crm-plan
t_err "line 1" 'crm-plan: line 1: unknown column "colour" (manager, metric, period, target)'

# --- The counters of writes ------------------------------------------------

# This month and this week in the local zone, to count by SQL what they show.
M0=$(date +%Y-%m-01)
M1=$(date -d "$M0 +1 month" +%Y-%m-%d)
MONTH="at >= '$(t_utc "$M0 00:00")' AND at < '$(t_utc "$M1 00:00")'"
W0=$(date -d "-$(($(date +%u) - 1)) days" +%Y-%m-%d)
W1=$(date -d "$W0 +7 days" +%Y-%m-%d)
WEEK="at >= '$(t_utc "$W0 00:00")' AND at < '$(t_utc "$W1 00:00")'"
calls_of() {	# WHO (a login, or "" for the team) PERIOD
	q "SELECT count(*) FROM calls WHERE ${1:+manager = '$1' AND} $2"
}

t_run "a call with no plan of mine: the team's shows" 0 \
    crm-call +34600111222 done
t_err "mine, then the team's" \
    "calls this month: $(calls_of "$ME" "$MONTH"), team $(calls_of "" "$MONTH")/7"
crm-plan -q calls=5 >/dev/null
t_run "with my plan of this month" 0 crm-call +34600111222 done
t_err "done/target" "calls this month: $(calls_of "$ME" "$MONTH")/5"
t_run "for another manager with no plan: the count" 0 \
    crm-call +34600111222 done --for ana
t_err "ana's, then the team's" \
    "calls this month by ana: $(calls_of ana "$MONTH"), team $(calls_of "" "$MONTH")/7"
crm-plan -q meetings_held=4 >/dev/null
t_run "a meeting held" 0 crm-meet 1 Review "went well"
t_err "meetings done/target" "meetings held this month: $(q "SELECT count(*)
    FROM meetings WHERE manager = '$ME' AND status = 'held' AND $MONTH")/4"
t_run "a week's plan when no month's" 0 crm-plan -q luis calls=3 --week week
t_run "luis's call" 0 crm-call +34600111222 done --for luis
t_err "this week" "calls this week by luis: $(calls_of luis "$WEEK")/3"
t_done
