# tests/cli/crm.sh - the dispatcher.
. "$TOP/tests/lib.sh"

t_run "crm --help lists the verbs" 0 crm --help
for v in add config deal edit export find log show task user; do
	t_has "the list names $v" "  $v "
done
t_run "crm -h too" 0 crm -h
t_has "the list" "  add "

t_run "crm alone on a new base shows its counts" 0 crm
sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}/TIME/' "$OUT" >"$T/counts"
t_ok "counts of a new base" test "$(cat "$T/counts")" = "contacts   0 active, 0 archived
companies  0
users      1 active
changed    TIME by $ME

verbs: add config deal edit export find log show task user (\"crm --help\" says what each does)"
t_run "crm add runs crm-add" 0 crm add -q first_name=A last_name=B email=a@b.es
t_out "with its arguments" "1"
t_run "crm export runs crm-export" 0 crm export -q
t_out "the contact" "1"
crm-user add ana >/dev/null
crm add -q first_name=C last_name=D email=c@d.es company=Acme >/dev/null
sqlite3 "$CRM_DB" "UPDATE contacts SET archived_at = '2026-11-20T10:00:00Z' WHERE id = 2; UPDATE users SET active = 0 WHERE login = 'ana'"
t_run "crm alone counts contacts, companies, users" 0 crm
t_has "active and archived contacts" "contacts   1 active, 1 archived"
t_has "companies" "companies  1"
t_has "active users" "users      1 active"
sqlite3 "$CRM_DB" "INSERT INTO audit(time, actor, action, entity) VALUES ('2026-11-20T10:00:00Z', 'ana', 'update', 'setting')"
t_run "crm alone again" 0 crm
t_has "the last change is the newest audit entry, in local time" \
    "changed    2026-11-20 10:00 by ana"
: >"$T/file"
t_run "crm alone on a base it cannot open" 5 env CRM_DB="$T/file/crm.db" crm
t_ok "says why on stderr" grep -q "^crm: " "$ERR"
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
