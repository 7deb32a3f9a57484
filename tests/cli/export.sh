# tests/cli/export.sh - crm-export: every field, filters, formats, and the
# round trip through crm-add --upsert into an empty database.
. "$TOP/tests/lib.sh"

crm-config set phone.default_country 34 >/dev/null
crm-user add ana name="Ana Ruiz" >/dev/null
cat >"$T/in.csv" <<'CSV'
first_name,last_name,phone,email,company,tags,notes,owner,consent,city
Ana,García,600 111 222,ana@acme.es,Acme,"vip,madrid","said ""call me"", later",ana,yes,Madrid
Luis,Pérez,,luis@x.es,,madrid,"two
lines",,no,
Robert,Tables,+44 20 7946 0958,,"Bobby'); DROP TABLE contacts;--",,"=HYPERLINK(""http://x"",""y"")",,,+cmd
CSV
IN="$T/in.csv"
t_run "import the sample" 0 crm-add -q
crm-add company name=Empty city=Nowhere >/dev/null
sqlite3 "$CRM_DB" "UPDATE contacts SET archived_at = '2026-11-20T10:00:00Z' WHERE id = 2"

t_run "export contacts as CSV by default" 0 crm-export
cp "$OUT" "$T/a.csv"
t_run "export has every field, quoted only where needed" 0 sed -E \
    "s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TIME/g" "$T/a.csv"
t_out "fields" "id,first_name,last_name,phone,email,company,title,city,address,source,tags,notes,owner,consent,consent_at,consent_source,created_at,created_by,updated_at,updated_by,archived_at
1,Ana,García,+34600111222,ana@acme.es,Acme,,Madrid,,,\"vip,madrid\",\"said \"\"call me\"\", later\",ana,yes,TIME,in.csv,TIME,$ME,TIME,$ME,
2,Luis,Pérez,,luis@x.es,,,,,,madrid,\"two
lines\",$ME,no,TIME,in.csv,TIME,$ME,TIME,$ME,TIME
3,Robert,Tables,+442079460958,,Bobby'); DROP TABLE contacts;--,,+cmd,,,,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",$ME,unknown,,,TIME,$ME,TIME,$ME,"
t_run "SQL- and formula-looking strings come back unchanged" 0 sqlite3 "$CRM_DB" \
    "SELECT c.name, t.notes, t.city FROM contacts t JOIN companies c ON c.id = t.company_id WHERE t.id = 3"
t_out "unchanged" "Bobby'); DROP TABLE contacts;--|=HYPERLINK(\"http://x\",\"y\")|+cmd"

t_run "filter owner=" 0 crm-export -q owner=ana
t_out "ana's contacts" "1"
t_run "filter tag= (case-insensitive, whole tags)" 0 crm-export -q tag=MADRID
t_out "tagged madrid" "1
2"
t_run "filter tag= matches no partial tag" 0 crm-export -q tag=mad
t_out "no partial match" ""
t_run "filter company=" 0 crm-export -q contacts company=acme
t_out "acme's contacts" "1"
t_run "--active leaves archived records out" 0 crm-export -q --active
t_out "active only" "1
3"
t_run "--since a future date exports nothing" 0 crm-export -q --since +1d
t_out "nothing changed tomorrow" ""
t_run "--since yesterday exports everything" 0 crm-export -q --since yesterday
t_out "everything" "1
2
3"
t_run "--since garbage is a usage error" 2 crm-export --since soonish
t_err "--since message" 'crm-export: --since: date "soonish" is not understood'
t_run "unknown filter is a usage error" 2 crm-export colour=red
t_run "companies export" 0 crm-export companies -f json --active
cp "$OUT" "$T/c.json"
t_run "companies as JSON lines" 0 cut -d, -f1-3 "$T/c.json"
t_out "companies" '{"id":1,"name":"Acme","phone":null
{"id":2,"name":"Bobby'"'"'); DROP TABLE contacts;--","phone":null
{"id":3,"name":"Empty","phone":null'

# Round trip into an empty database, companies first: a restore (by its
# admin, who made it) keeps the ids and stamps.
crm-export companies >"$T/companies.csv"
crm-user list -f csv >"$T/users.csv"
export CRM_DB="$T/copy.db"
IN="$T/users.csv"
t_run "users go into an empty database first" 0 crm-user add --restore
IN="$T/companies.csv"
t_run "companies go into an empty database" 0 crm-add --restore companies
IN="$T/a.csv"
t_run "contacts go into an empty database" 0 crm-add --restore
t_err "all added" "crm-add: 3 added, 0 rejected"
t_run "second export" 0 crm-export
cp "$OUT" "$T/b.csv"
t_ok "is byte for byte the first" cmp "$T/a.csv" "$T/b.csv"
t_run "companies export the same too" 0 crm-export companies
t_ok "companies byte for byte" cmp "$OUT" "$T/companies.csv"
IN="$T/a.csv"
t_run "upserting the unchanged export again" 0 crm-add --upsert
t_err "changes nothing" "crm-add: 0 added, 3 unchanged, 0 rejected"
t_run "and writes no update to the audit trail" 0 sqlite3 "$CRM_DB" \
    "SELECT count(*) FROM audit WHERE action = 'update' AND entity = 'contact'"
t_out "no updates" "0"
t_run "TSV export reads back too" 0 crm-export -f tsv
cp "$OUT" "$T/a.tsv"
export CRM_DB="$T/tsv.db"
crm-user add ana >/dev/null
IN="$T/companies.csv"; crm-add -q --restore companies <"$IN" >/dev/null
IN="$T/a.tsv"
t_run "TSV into a third database" 0 crm-add -q --restore
t_run "its CSV export" 0 crm-export
t_ok "equals the first" cmp "$OUT" "$T/a.csv"
t_done
