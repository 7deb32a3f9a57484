# tests/cli/deal.sh - crm-deal: add a deal for a contact or a company (for
# me or for someone else), move it through the pipeline, win and lose it,
# list, sum per stage; bad input; the audit trail and the counter.
. "$TOP/tests/lib.sh"

# Stored times that depend on the clock; the tests see TIME.
norm() {
	sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' \
	    "$OUT" >"$OUT.n" && mv "$OUT.n" "$OUT"
}
H=id,stage,title,contact,company,amount,currency,close,manager,closed_at,lost_reason,created_by

crm-user add ana name="Ana Ruiz" >/dev/null
crm-user add old active=no >/dev/null
crm-add first_name=Ana last_name=García email=ana@acme.es >/dev/null
crm-add first_name=Luis last_name=Núñez email=luis@x.es >/dev/null
crm-add first_name=Luisa last_name=Pérez email=lp@x.es >/dev/null
crm-add company name=Acme >/dev/null

t_run "add a deal for another user" 0 crm-deal garcia " Big  offer" \
    amount=1,234.50 close=2026-12-01 --for ana
t_out "prints it, first stage" "$H
1,lead,Big  offer,Ana García,,1234.50,EUR,2026-12-01,ana,,,$ME"
t_err "and counts the manager's open deals" "open deals for ana: 1"

t_run "for a company, in dollars, at a stage by prefix" 0 crm-deal \
    --company acme Licences amount=1.000,05 currency=USD stage=neg
t_out "mine" "$H
2,negotiation,Licences,,Acme,1000.05,USD,,$ME,,,$ME"
t_err "my count" "open deals for $ME: 1"
t_run "-q prints the id only, no counter" 0 crm-deal -q luis@x.es Support \
    amount=0.1
t_out "the id" "3"
t_err "silent" ""
t_run "no amount" 0 crm-deal -q 3 Visit stage=qualified
t_run "deal.currency is the default" 0 crm-config set deal.currency GBP
t_run "and 1234 is whole" 0 crm-deal -q 3 Training amount=1234
t_run "a won deal is closed" 0 crm-deal -q 3 Old stage=won amount=10

t_run "list: my open deals, by close date, none last" 0 crm-deal
t_out "mine" "$H
2,negotiation,Licences,,Acme,1000.05,USD,,$ME,,,$ME
3,lead,Support,Luis Núñez,,0.10,EUR,,$ME,,,$ME
4,qualified,Visit,Luisa Pérez,,,EUR,,$ME,,,$ME
5,lead,Training,Luisa Pérez,,1234.00,GBP,,$ME,,,$ME"
t_run "--for ana" 0 crm-deal -q --for ana
t_out "ana's" "1"
t_run "--all" 0 crm-deal -q --all
t_out "everyone's open ones" "1
2
3
4
5"
t_run "--stage by prefix" 0 crm-deal -q --all --stage le
t_out "the leads" "1
3
5"
t_run "--stage won shows closed ones" 0 crm-deal -q --stage won
t_out "the won deal" "6"

t_run "move by ID STAGE, a prefix" 0 crm-deal 1 prop
t_out "at proposal" "$H
1,proposal,Big  offer,Ana García,,1234.50,EUR,2026-12-01,ana,,,$ME"
t_err "the manager's count" "open deals for ana: 1"
t_run "--won" 0 crm-deal 2 --won
norm
t_out "closed" "$H
2,won,Licences,,Acme,1000.05,USD,,$ME,TIME,,$ME"
t_err "a won deal moves the deals won counter (deal 3 was added won)" \
    "deals won this month: 2"
t_run "--lost REASON" 0 crm-deal -q 3 --lost "too expensive"
t_run "reopen a lost deal" 0 crm-deal 3 lead
t_out "closed_at and the reason are gone" "$H
3,lead,Support,Luis Núñez,,0.10,EUR,,$ME,,,$ME"
t_run "lose it again" 0 crm-deal -q 3 --lost "no budget"

t_run "the pipeline of everyone" 0 crm-deal --pipeline --all
t_out "per stage in order, per currency, exact sums" "stage,currency,count,amount
lead,GBP,1,1234.00
qualified,EUR,1,0.00
proposal,EUR,1,1234.50
negotiation,,0,0.00
won,GBP,1,10.00
won,USD,1,1000.05
lost,EUR,1,0.10"
t_run "mine as JSON" 0 crm-deal --pipeline --for ana -f json
t_out "ana's" '{"stage":"lead","currency":null,"count":0,"amount":0.00}
{"stage":"qualified","currency":null,"count":0,"amount":0.00}
{"stage":"proposal","currency":"EUR","count":1,"amount":1234.50}
{"stage":"negotiation","currency":null,"count":0,"amount":0.00}
{"stage":"won","currency":null,"count":0,"amount":0.00}
{"stage":"lost","currency":null,"count":0,"amount":0.00}'
t_run "sums add cents exactly" 0 crm-deal -q 1 Top amount=0.2 currency=EUR --for ana
t_run "to 0.1 + 0.2" 0 crm-deal -q 7 --lost x
t_run "lost sum" 0 crm-deal --pipeline --all -f tsv
t_out "0.30, not 0.30000000000000004" "stage	currency	count	amount
lead	GBP	1	1234.00
qualified	EUR	1	0.00
proposal	EUR	1	1234.50
negotiation		0	0.00
won	GBP	1	10.00
won	USD	1	1000.05
lost	EUR	2	0.30"

t_run "a configured pipeline" 0 crm-config set deal.stages new,demo,won,lost
t_run "stages from the setting" 0 crm-deal -q 1 X stage=demo
t_out "added" "8"
t_run "a stage no longer in the pipeline is listed last" 0 crm-deal \
    --pipeline --for ana
t_out "proposal after lost" "stage,currency,count,amount
new,,0,0.00
demo,,0,0.00
won,,0,0.00
lost,EUR,1,0.20
proposal,EUR,1,1234.50"
t_run "a pipeline without lost" 2 crm-config set deal.stages a,won
t_err "is rejected" "crm-config: deal.stages must include lost"
t_run "twice the same stage" 2 crm-config set deal.stages won,lost,won
t_err "is rejected" 'crm-config: deal.stages: "won" is there twice'
t_run "capitals" 2 crm-config set deal.stages Lead,won,lost
t_run "a bad default currency" 2 crm-config set deal.currency euro
t_run "back to the defaults" 0 crm-config unset deal.stages

t_run "missing title" 2 crm-deal garcia amount=5
t_err "usage" "crm-deal: no TITLE given (crm-deal CONTACT TITLE...)"
t_run "an empty title" 1 crm-deal garcia "  "
t_err "rejected" "crm-deal: a deal needs a title"
t_run "three decimals" 2 crm-deal garcia x amount=12.345
t_err "usage" 'crm-deal: amount "12.345" has more than 2 decimals'
t_run "not a number" 2 crm-deal garcia x amount=abc
t_err "usage" 'crm-deal: amount "abc" is not a number like 1234.50'
t_run "negative" 2 crm-deal garcia x amount=-5
t_err "usage" 'crm-deal: amount "-5" is negative'
t_run "a bad currency" 2 crm-deal garcia x currency=eur
t_err "usage" 'crm-deal: currency "eur" is not a code like EUR (3 capital letters)'
t_run "a bad close date" 2 crm-deal garcia x close=someday
t_err "usage" 'crm-deal: close: date "someday" is not understood'
t_run "unknown stage" 2 crm-deal garcia x stage=closing
t_err "rejected" 'crm-deal: no stage "closing" (crm-config get deal.stages)'
t_run "ambiguous stage prefix" 2 crm-deal 1 l
t_err "rejected" 'crm-deal: stage "l" is ambiguous (lead, lost); give more letters'
t_run "lost without a reason" 1 crm-deal 1 lost
t_err "says how" 'crm-deal: a lost deal needs a reason (crm-deal 1 --lost REASON)'
t_run "--lost needs REASON" 2 crm-deal 1 --lost
t_run "added as lost" 1 crm-deal garcia x stage=lost
t_run "the stage it is at" 1 crm-deal 1 proposal
t_err "says so" "crm-deal: deal 1 is proposal already"
t_run "unknown deal id" 3 crm-deal 99 won
t_err "not found" "crm-deal: no deal 99"
t_run "--won of an unknown deal" 3 crm-deal 99 --won
t_run "--won without ID" 2 crm-deal --won
t_run "unknown contact" 3 crm-deal nobody x
t_out "prints nothing" ""
t_err "says so" 'crm-deal: no contact matches "nobody"'
t_run "unknown company" 3 crm-deal --company nobody x
t_err "says so" 'crm-deal: no company matches "nobody"'
t_run "ambiguous contact" 3 crm-deal lu x
t_out "lists the candidates" "id  first_name  last_name  phone  email      company
2   Luis        Núñez             luis@x.es
3   Luisa       Pérez             lp@x.es"
t_err "and adds nothing" 'crm-deal: "lu" matches more than one contact; give an id'
t_run "neither contact nor company" 2 crm-deal amount=5 x
t_err "usage" "crm-deal: no CONTACT or --company COMPANY given"
t_run "--for an unknown user" 1 crm-deal garcia x --for bob
t_err "names crm-user add" 'crm-deal: no user "bob" (add it with: crm-user add bob)'
t_run "--for an inactive user" 1 crm-deal garcia x --for old
t_err "says so" 'crm-deal: user "old" is not active (crm-user set old active=yes)'
t_run "list options do not go with an add" 2 crm-deal garcia x --all
t_run "--mine and --all" 2 crm-deal --mine --all
t_ok "nothing bad was written" test \
    "$(sqlite3 "$CRM_DB" 'SELECT count(*) FROM deals')" = 8

t_run "the audit trail" 0 sqlite3 "$CRM_DB" "SELECT actor, action, entity,
    entity_id, field, coalesce(old, '-'), coalesce(new, '-') FROM audit
    WHERE entity = 'deal' AND entity_id IN (1, 3) ORDER BY id"
norm
t_out "insert rows per field, moves as updates" "$ME|insert|deal|1|title|-|Big  offer
$ME|insert|deal|1|contact_id|-|1
$ME|insert|deal|1|manager|-|ana
$ME|insert|deal|1|amount|-|1234.50
$ME|insert|deal|1|currency|-|EUR
$ME|insert|deal|1|stage|-|lead
$ME|insert|deal|1|expected_close|-|2026-12-01
$ME|insert|deal|3|title|-|Support
$ME|insert|deal|3|contact_id|-|2
$ME|insert|deal|3|manager|-|$ME
$ME|insert|deal|3|amount|-|0.10
$ME|insert|deal|3|currency|-|EUR
$ME|insert|deal|3|stage|-|lead
$ME|update|deal|1|stage|lead|proposal
$ME|update|deal|3|stage|lead|lost
$ME|update|deal|3|closed_at|-|TIME
$ME|update|deal|3|lost_reason|-|too expensive
$ME|update|deal|3|stage|lost|lead
$ME|update|deal|3|closed_at|TIME|-
$ME|update|deal|3|lost_reason|too expensive|-
$ME|update|deal|3|stage|lead|lost
$ME|update|deal|3|closed_at|-|TIME
$ME|update|deal|3|lost_reason|-|no budget"
t_ok "created_by is who typed it" test \
    "$(sqlite3 "$CRM_DB" 'SELECT created_by FROM deals WHERE id = 1')" = "$ME"
t_run "crm-log deal 1" 0 crm-log -q deal 1
t_run "crm deal runs crm-deal" 0 crm deal -q --for ana
t_out "ana's deal" "1"

# Once a plan exists, the counter shows its target.
t_run "a plan of deals won" 0 crm-plan -q deals_won=5
won=$(sqlite3 "$CRM_DB" "SELECT count(*) FROM deals WHERE stage = 'won'
    AND manager = '$ME'")
open=$(sqlite3 "$CRM_DB" "SELECT count(*) FROM deals WHERE stage NOT IN
    ('won', 'lost') AND manager = '$ME'")
t_run "win deal 1 for ana: her count, no plan" 0 crm-deal 1 won
t_err "ana's" "deals won this month by ana: 1"
t_run "a deal added won" 0 crm-deal 'Ana García' Quick stage=won
t_err "my count against my plan" "deals won this month: $((won + 1))/5"
t_run "an open deal added" 0 crm-deal 'Ana García' Slow
t_err "the open count" "open deals for $ME: $((open + 1))"
t_done
