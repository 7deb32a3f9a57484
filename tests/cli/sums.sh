# tests/cli/sums.sh - the largest amount a deal may have is one whose sums
# cannot overflow: 100,000 deals of it, open and won, add up exactly in
# the pipeline, the report and the plans, percentages included; a larger
# amount is refused, saying the largest.
. "$TOP/tests/lib.sh"

MAX=9999999999.99
N=100000
SUM=999999999999000.00	# N times MAX

crm-add -q first_name=Big last_name=Client email=big@example.es >/dev/null

t_run "one cent more than the largest amount" 2 crm-deal 1 Huge \
    amount=10000000000
t_err "is too large, saying the largest" \
    "crm-deal: amount \"10000000000\" is too large (at most $MAX)"
t_run "twenty digits" 2 crm-deal 1 Huge amount=99999999999999999999
t_err "are too large too" \
    "crm-deal: amount \"99999999999999999999\" is too large (at most $MAX)"
t_run "crm-edit: too large" 2 crm-edit deal 1 amount=10000000000
t_run "the largest amount" 0 crm-deal -q 1 Open amount=$MAX
t_run "the largest amount, won" 0 crm-deal -q 1 Won amount=$MAX
t_run "is won" 0 crm-deal 2 --won
# N deals of each, won in June 2020, as many a long-lived base holds.
sqlite3 "$CRM_DB" "UPDATE deals SET closed_at = '2020-06-15T12:00:00Z'
    WHERE id = 2;
    WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n
    WHERE i < $N) INSERT INTO deals (title, contact_id, manager, amount,
    currency, stage, closed_at, created_at, created_by, updated_at,
    updated_by) SELECT title, contact_id, manager, amount, currency, stage,
    closed_at, created_at, created_by, updated_at, updated_by
    FROM deals, n WHERE deals.id IN (1, 2)"

t_run "the pipeline" 0 crm-deal --pipeline -f csv
t_out "sums them exactly" "stage,currency,count,amount
lead,EUR,$N,$SUM
qualified,,0,0.00
proposal,,0,0.00
negotiation,,0,0.00
won,EUR,$N,$SUM
lost,,0,0.00"
t_run "a plan of one unit" 0 crm-plan -q "$ME" revenue_won=1 \
    deals_won=1 --month 2020-06
t_run "the plan's list" 0 crm-plan --list --month 2020-06 -f csv
t_out "the revenue and its percentage, exactly" \
    "id,manager,metric,period,target,done,percent
2,$ME,deals_won,2020-06,1,$N,10000000
1,$ME,revenue_won,2020-06,1.00,$SUM,99999999999900000"
t_run "the report" 0 crm-report -f csv --period 2020-06 \
    --section activity,plan,pipeline
grep -E "revenue_won|open_amount" "$OUT" >"$OUT.g" && mv "$OUT.g" "$OUT"
t_out "the report's sums and percentage, exactly" \
    "activity,2020-06,$ME,revenue_won,$SUM,,
activity,2020-06,team,revenue_won,$SUM,,
plan,2020-06,$ME,revenue_won,$SUM,1.00,99999999999900000
pipeline,now,$ME,open_amount,$SUM,,
pipeline,now,team,open_amount,$SUM,,"

t_done
