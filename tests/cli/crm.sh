# tests/cli/crm.sh - the dispatcher.
. "$TOP/tests/lib.sh"

t_run "crm --help lists the verbs" 0 crm --help
for v in add call check config deal edit export find log meet plan report show status task user; do
	t_has "the list names $v" "  $v "
done
t_run "crm -h too" 0 crm -h
t_has "the list" "  add "

t_run "crm alone runs crm-status: in a pipe, its CSV rows" 0 crm
t_out "no plans yet: the header alone" \
    "manager,metric,period,target,done,percent,expected,delta"
t_run "crm alone, as a table, is the dashboard" 0 crm-status -f table
cp "$OUT" "$T/dash"
t_run "crm -f table is not crm alone: an unknown option" 2 crm -f table
t_ok "crm-status -f table starts with my plans" grep -qx "$ME: plans" "$T/dash"
t_run "crm add runs crm-add" 0 crm add -q first_name=A last_name=B email=a@b.es
t_out "with its arguments" "1"
t_run "crm export runs crm-export" 0 crm export -q
t_out "the contact" "1"
crm-user add ana >/dev/null
M=$(date +%Y-%m)
crm-plan -q ana calls=10 >/dev/null
crm-plan -q calls=20 >/dev/null
t_run "crm alone shows my plans of this month" 0 crm
t_out "one row, mine" "manager,metric,period,target,done,percent,expected,delta
$(crm-status | sed -n 2p)"
t_has "my calls plan" "$ME,calls,$M,20,0,0,"
: >"$T/file"
t_run "crm alone on a base it cannot open" 5 env CRM_DB="$T/file/crm.db" crm
t_ok "crm-status says why on stderr" grep -q "^crm-status: " "$ERR"
t_run "exit status passes through" 1 crm add first_name=A
t_err "and messages too" "crm-add: last_name is missing"
t_run "unknown verb" 2 crm frobnicate
t_err "unknown verb message" 'crm: unknown verb "frobnicate" (crm help lists them)'
t_run "a verb cannot be a path" 2 crm ../bin/sh
t_run "crm help VERB shows the manual" 0 env MANPAGER=cat PAGER=cat crm help add
t_has "the crm-add manual" "crm-add"
t_run "crm help of an unknown verb" 2 crm help frobnicate
t_run "crm --help" 0 crm --help
t_run "unknown option" 2 crm --frob
t_done
