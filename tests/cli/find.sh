# tests/cli/find.sh - crm-find: full-text terms (case, accents, phones in
# any format), filters, owners, tags, archived, sorting, formats.
. "$TOP/tests/lib.sh"

crm-config set phone.default_country 34 >/dev/null
crm-user add ana >/dev/null
cat >"$T/in.csv" <<'CSV'
first_name,last_name,phone,email,company,tags,owner,city
Ana,Núñez,600 111 222,ana.nunez@acme.es,Acme Ibérica,vip,ana,Madrid
Luis,García,611 222 333,luis@garcia.es,García Hnos,,,Sevilla
María,García López,,maria@x.es,Acme Ibérica,"vip,madrid",ana,Madrid
Jörg,Müller,+49 30 1234567,jorg@example.de,,,,Berlin
CSV
IN="$T/in.csv"
crm-add -q <"$IN" >/dev/null
crm-add -q first_name=Old last_name=Garcia email=old@x.es >/dev/null
sqlite3 "$CRM_DB" "UPDATE contacts SET archived_at = '2026-01-01T00:00:00Z' WHERE id = 5"

ids() { t_run "$1" "$2" crm-find -q "${@:4}"; t_out "$1: ids" "$3"; }

ids "accents and case do not matter" 0 "1" nunez
ids "uppercase with accents" 0 "1" NÚÑEZ
ids "a name shared by two, best first" 0 "2
3" garcia
ids "a prefix of a word" 0 "4" müll
ids "every term must match" 0 "3" garcia lopez
ids "company words" 0 "1
3" ibérica
ids "e-mail as typed" 0 "1" ana.nunez@acme.es
ids "a tag as a term" 0 "3" madrid vip
ids "phone as stored" 0 "1" +34600111222
ids "phone with spaces" 0 "1" "600 111 222"
ids "phone as several words" 0 "1" 600 111 222
ids "phone with 00 and dashes" 0 "2" 0034-611-222-333
ids "phone by its last digits" 0 "1" 111222
ids "a foreign phone without its country code" 0 "4" "30 1234567"
ids "nothing found exits 3" 3 "" zzz
ids "punctuation alone finds nothing" 3 "" -- "---"
ids "archived records are left out" 0 "2
3" garcia
ids "--archived shows only them" 0 "5" garcia --archived
ids "--owner" 0 "1
3" --owner ana
ids "--mine" 0 "2
4" --mine
ids "--tag" 0 "1
3" --tag VIP
ids "field=value regardless of case" 0 "1
3" "city=madrid"
ids "field=value on a phone in another format" 0 "2" "phone=611 222 333"
ids "field=value on the company name" 0 "1
3" "company=acme ibérica"
ids "field= empty means unset" 0 "3" "phone="
ids "field~text contains" 0 "2" "email~GARCIA"
ids "field~ takes % and _ literally" 3 "" "email~%"
ids "field>value" 0 "3
4" "id>2"
ids "field<value" 0 "1" "id<2"
ids "terms and filters together" 0 "3" garcia city=madrid
ids "--sort a field" 0 "2
3
4
1" --sort last_name
ids "--sort descending" 0 "1
4
3
2" --sort -last_name
ids "--limit" 0 "2" garcia -n 1
ids "companies" 0 "1" companies acme
ids "a company by accent-free name" 0 "2" company garcia

t_run "table for people" 0 crm-find -f table nunez
t_has "table header" "id  first_name  last_name"
t_run "CSV with every field" 0 crm-find -f csv 611222333
t_has "CSV row" "2,Luis,García,+34611222333,luis@garcia.es,García Hnos,,Sevilla"
t_run "JSON" 0 crm-find -f json müller
t_has "JSON object" '{"id":4,"first_name":"Jörg","last_name":"Müller","phone":"+49301234567"'

t_run "unknown field" 2 crm-find colour=red
t_run "unknown sort field" 2 crm-find --sort colour
t_err "sort message" 'crm-find: cannot sort by "colour": no such field of a contact'
t_run "--mine with --owner" 2 crm-find --mine --owner ana
t_run "a bad --limit" 2 crm-find -n 0
t_run "quotes in a term are harmless" 3 crm-find -q 'a"b' '"' "O'Brien"
t_run "FTS syntax in a term is taken literally" 3 crm-find -q 'NEAR(a b)' 'x OR y' '*'
t_run "SQL in a term is taken literally" 3 crm-find -q "'; DROP TABLE contacts; --"
t_run "the base is intact" 0 sqlite3 "$CRM_DB" "SELECT count(*) FROM contacts"
t_out "five contacts" "5"

# The index follows every change: edits, renamed companies, deletions.
sqlite3 "$CRM_DB" "UPDATE contacts SET first_name = 'Lucas', last_name = 'Pérez', email = 'lucas@p.es' WHERE id = 2"
ids "an edited name is found" 0 "2" lucas perez
ids "and the old one is gone" 3 "" luis
sqlite3 "$CRM_DB" "UPDATE companies SET name = 'Zeta Corp' WHERE id = 1"
ids "a renamed company is found in its contacts" 0 "1
3" zeta
sqlite3 "$CRM_DB" "DELETE FROM contacts WHERE id = 4"
ids "a deleted contact is gone" 3 "" müller
t_run "--help" 0 crm-find --help
t_done
