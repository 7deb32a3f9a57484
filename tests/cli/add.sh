# tests/cli/add.sh - crm-add: one record from arguments, many from CSV,
# upsert, duplicates, rejects, atomic, dry run, formats.
. "$TOP/tests/lib.sh"

stamp() { sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g' "$@"; }
H=id,first_name,last_name,phone,email,company,title,city,address,source,tags,notes,owner,consent,consent_at,consent_source,created_at,created_by,updated_at,updated_by,archived_at

t_run "config sets the default country" 0 crm-config set phone.default_country 34
t_run "add one contact from arguments" 0 crm-add -f csv first_name=" Ana " \
    last_name=García phone="600 111 222" email=Ana@ACME.es company=Acme \
    tags="vip; madrid ,VIP"
stamp "$OUT" >"$T/o"; cp "$T/o" "$OUT"
t_out "prints the new record with its id, normalised, owner me, time now" "$H
1,Ana,García,+34600111222,Ana@acme.es,Acme,,,,,\"vip,madrid\",,$ME,unknown,,,TIME,$ME,TIME,$ME,"

t_run "the same number written another way is a duplicate" 1 crm-add \
    first_name=Luis last_name=Pérez phone="+34 600-111-222"
t_err "duplicate names the existing id" 'crm-add: duplicate of contact 1 (same phone +34600111222); --upsert updates it, --allow-duplicates adds it anyway'
t_run "0034 prefix is the same number too" 1 crm-add first_name=Luis \
    last_name=Pérez phone=0034600111222
t_run "e-mail duplicates ignore case" 1 crm-add first_name=Luis \
    last_name=Pérez email=ana@acme.ES
t_err "e-mail duplicate message" 'crm-add: duplicate of contact 1 (same email ana@acme.es); --upsert updates it, --allow-duplicates adds it anyway'
t_run "--allow-duplicates adds it anyway" 0 crm-add -q --allow-duplicates \
    first_name=Luis last_name=Pérez phone=600111222
t_out "-q prints the id only" "2"

t_run "a contact needs a phone or an e-mail" 1 crm-add first_name=X last_name=Y
t_err "minimum data message" "crm-add: a contact needs a phone or an email"
t_run "a contact needs a last name" 1 crm-add first_name=X email=x@y.es
t_err "missing name message" "crm-add: last_name is missing"
# A field or a value typed wrong on the command line is usage (crm(7)).
t_run "unknown field is refused" 2 crm-add first_name=X last_name=Y \
    email=x@y.es colour=red
t_err "unknown field message" 'crm-add: unknown field "colour" for a contact'
t_run "an argument without = is a usage error" 2 crm-add first_name=X Y
t_run "unknown entity is a usage error" 2 crm-add widget name=x
t_run "bad e-mail" 2 crm-add first_name=X last_name=Y email=x@
t_err "bad e-mail message" 'crm-add: email "x@" is not a valid address'
t_run "unknown owner" 1 crm-add first_name=X last_name=Y email=x@y.es owner=nobody
t_err "unknown owner message" 'crm-add: owner "nobody" is not a user (add it with: crm-user add nobody)'
t_run "bad consent" 2 crm-add first_name=X last_name=Y email=x@y.es consent=maybe
t_err "bad consent message" 'crm-add: consent "maybe" is not one of the list (yes, no, unknown)'
t_run "nothing of the refused rows was written" 0 sqlite3 "$CRM_DB" \
    "SELECT count(*) FROM contacts"
t_out "two contacts" "2"

t_run "add a company" 0 crm-add -f tsv company name="Núñez & Hijos" city=Sevilla
t_out "company as TSV" "$(printf 'id\tname\tphone\temail\twebsite\tcity\taddress\ttags\tnotes\towner\tcreated_at\tcreated_by\tupdated_at\tupdated_by\tarchived_at\n2\tNúñez & Hijos\t\t\t\tSevilla\t\t\t\t%s' "$ME")$(sed -n 2p "$OUT" | cut -f11- | sed 's/^/\t/')"
t_run "company names are unique, whatever the case" 1 crm-add companies name="núñez & hijos"
t_err "company duplicate message" 'crm-add: duplicate of company 2 (same name núñez & hijos)'
t_run "a contact joins an existing company by name" 0 crm-add -f json \
    first_name=Rosa last_name=Núñez email=rosa@nh.es company="núñez & HIJOS"
t_out "JSON, one object per line, stored company spelling" "$(printf '{"id":3,"first_name":"Rosa","last_name":"Núñez","phone":null,"email":"rosa@nh.es","company":"Núñez & Hijos","title":null,"city":null,"address":null,"source":null,"tags":null,"notes":null,"owner":"%s","consent":"unknown",' "$ME")$(sed 's/.*"consent":"unknown",//' "$OUT")"

# Bulk from CSV: good rows in, bad rows reported with their line.
printf 'First Name;Last Name;E-mail;Phone;Company\nEva;Sanz;eva@sanz.es;;Acme\nBad;;x@y.es;;\n"Multi\nLine";Díaz;diaz@d.es;;\nJo;Li;;+44 20 7946 0958;New Co\n' >"$T/in.csv"
IN="$T/in.csv"
t_run "bulk: semicolon CSV with other tools' column names" 1 crm-add -f csv --rejects "$T/rej.csv"
cp "$ERR" "$T/bulk.err"; cp "$OUT" "$T/bulk.out"
t_run "bulk prints the added rows" 0 cut -d, -f1-6 "$T/bulk.out"
t_out "added rows" "id,first_name,last_name,phone,email,company
4,Eva,Sanz,,eva@sanz.es,Acme
5,\"Multi
Line\",Díaz,,diaz@d.es,,
6,Jo,Li,+442079460958,,New Co"
cp "$T/bulk.err" "$ERR"
t_err "bulk reports the bad row with its line, and a summary" "crm-add: line 3: last_name is missing
crm-add: 3 added, 1 rejected, 1 company created"
t_run "rejects file holds the original row and the error" 0 cat "$T/rej.csv"
t_out "rejects content" "First Name,Last Name,E-mail,Phone,Company,error
Bad,,x@y.es,,,line 3: last_name is missing"
sed 's/^Bad,,/Bad,Fixed,/' "$T/rej.csv" >"$T/fixed.csv"
IN="$T/fixed.csv"
t_run "a fixed rejects file goes back in" 0 crm-add -q
t_out "and is added" "7"
t_run "the multi-line name survived" 0 sqlite3 "$CRM_DB" \
    "SELECT first_name FROM contacts WHERE id = 5"
t_out "multi-line value" "Multi
Line"
t_run "one audited batch per import" 0 sqlite3 "$CRM_DB" \
    "SELECT entity, source, rows, added, rejected FROM batches ORDER BY id"
t_out "batches" "contact|$T/in.csv|4|3|1
contact|$T/fixed.csv|1|1|0"
t_run "bulk inserts are not audited row by row" 0 sqlite3 "$CRM_DB" \
    "SELECT count(*) FROM audit WHERE action = 'insert' AND entity = 'contact' AND entity_id >= 4"
t_out "no per-row audit for the batch" "0"

# Upsert: same id, phone or e-mail updates; unchanged rows change nothing.
printf 'email,city,title\neva@sanz.es,Toledo,CEO\nnew@x.es,,\n' >"$T/up.csv"
IN="$T/up.csv"
t_run "without --upsert a known e-mail is a duplicate" 1 crm-add
t_err "and the new row is still added" "crm-add: line 2: duplicate of contact 4 (same email eva@sanz.es); --upsert updates it, --allow-duplicates adds it anyway
crm-add: line 3: first_name is missing
crm-add: 0 added, 2 rejected"
printf 'email,city,title\neva@sanz.es,Toledo,CEO\n' >"$T/up.csv"
IN="$T/up.csv"
t_run "--upsert updates the matching contact" 0 crm-add --upsert -f csv
t_run "updated fields are audited with old and new values" 0 sqlite3 "$CRM_DB" \
    "SELECT action, entity_id, field, quote(old), new FROM audit WHERE action = 'update' AND entity = 'contact' ORDER BY id"
t_out "audit of the update" "update|4|title|NULL|CEO
update|4|city|NULL|Toledo"
IN="$T/up.csv"
t_run "upserting the same row again" 0 crm-add --upsert
t_err "changes nothing" "crm-add: 0 added, 1 unchanged, 0 rejected"
t_run "--upsert keeps fields the input does not name" 0 sqlite3 "$CRM_DB" \
    "SELECT first_name, last_name, email, company_id, city FROM contacts WHERE id = 4"
t_out "merged record" "Eva|Sanz|eva@sanz.es|1|Toledo"

# --atomic and --dry-run commit nothing.
printf 'first_name,last_name,email\nA,B,a@b.es\nC,,c@d.es\n' >"$T/at.csv"
IN="$T/at.csv"
t_run "--atomic with a bad row fails" 1 crm-add --atomic
t_err "--atomic says nothing was committed" "crm-add: line 3: last_name is missing
crm-add: 1 rejected; nothing committed (--atomic), 1 good row left out"
t_out "--atomic prints no records" ""
printf 'first_name,last_name,email\nA,B,a@b.es\n' >"$T/dry.csv"
IN="$T/dry.csv"
t_run "--dry-run validates" 0 crm-add --dry-run
t_err "--dry-run summary" "crm-add: 1 would be added, 0 rejected"
t_run "neither wrote a contact" 0 sqlite3 "$CRM_DB" \
    "SELECT count(*) FROM contacts WHERE email IN ('a@b.es', 'c@d.es')"
t_out "none" "0"

printf 'first_name,last_name,email\rA,B,a@b.es\rC,,c@d.es\r"X\rY",Z,q@q.es\rE,F,bad@\r' >"$T/mac.csv"
IN="$T/mac.csv"
t_run "old Mac CR-only line ends" 1 crm-add -q
t_err "line numbers count bare CRs" 'crm-add: line 3: last_name is missing
crm-add: line 6: email "bad@" is not a valid address'
t_out "good rows added" "8
9"

# The initial load of an empty base takes a faster path (a Bloom filter
# of the batch's keys, indexes built at the end): same rules, same result.
export CRM_DB="$T/fresh.db"
crm-config set phone.default_country 34
printf 'first_name,last_name,phone,email,company\nA,A,600000001,a@x.es,K1\nB,B,600000002,b@x.es,K2\nC,C,+34 600 000 001,,K1\nD,D,,A@X.ES,\nE,E,600000005,e@x.es,k2\n' >"$T/load.csv"
IN="$T/load.csv"
t_run "initial load with duplicates inside the file" 1 crm-add -q
t_err "each duplicate names the row it repeats" 'crm-add: line 4: duplicate of contact 1 (same phone +34600000001); --upsert updates it, --allow-duplicates adds it anyway
crm-add: line 5: duplicate of contact 1 (same email A@x.es); --upsert updates it, --allow-duplicates adds it anyway'
t_run "the indexes are all back" 0 sqlite3 "$CRM_DB" \
    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('contacts', 'companies') ORDER BY name"
t_out "indexes" "companies_name
companies_owner
contacts_archived
contacts_company
contacts_email
contacts_owner
contacts_phone
contacts_unreachable"
t_run "and sound" 0 sqlite3 "$CRM_DB" "PRAGMA integrity_check"
t_out "integrity" "ok"
export CRM_DB="$T/fresh2.db"
crm-config set phone.default_country 34
IN="$T/load.csv"
t_run "initial load with --upsert" 0 crm-add -q --upsert
t_run "a repeat updates the row it repeats" 0 sqlite3 "$CRM_DB" \
    "SELECT id, first_name, phone, email, company_id FROM contacts ORDER BY id"
# Row C matched A by phone and, naming email empty, cleared it; so D's
# e-mail matched nobody any more and D was added.
t_out "four contacts" "1|C|+34600000001||1
2|B|+34600000002|b@x.es|2
3|D||A@x.es|
4|E|+34600000005|e@x.es|2"
export CRM_DB="$T/fresh3.db"
IN="$T/load.csv"
t_run "an --atomic initial load that fails" 1 crm-add -q --atomic
t_run "leaves the schema whole" 0 sqlite3 "$CRM_DB" \
    "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('contacts_owner', 'contacts_company', 'companies_owner')"
t_out "indexes kept" "3"
export CRM_DB="$T/crm.db"

t_run "no fields and stdin a terminal-less empty input" 0 crm-add
t_err "empty input message" \
    "crm-add: no records on standard input; nothing changed"
t_run "--rejects with arguments is a usage error" 2 crm-add --rejects x first_name=a
t_run "bad format" 2 crm-add -f xml first_name=a
t_run "--help works" 0 crm-add --help
t_done
