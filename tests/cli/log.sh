# tests/cli/log.sh - crm-log: the audit trail, newest first, its filters,
# bulk imports as their batch, and bad input.
. "$TOP/tests/lib.sh"

# Timestamps of this run read TIME in $OUT.
norm() {
	sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TIME/g' "$OUT" >"$T/.norm"
	mv "$T/.norm" "$OUT"
}
H=time,actor,action,entity,id,field,old,new,batch

t_run "a new base has no contact history" 0 crm-log contacts
t_out "just the header" "$H"
t_run "-q with nothing found prints nothing" 0 crm-log -q contacts
t_out "nothing" ""

crm-config set phone.default_country 34
crm-user add ana name="Ana Ruiz"
crm-add first_name=Ana last_name=García phone="600 111 222" company=Acme >/dev/null

t_run "the whole trail" 0 crm-log
norm
t_out "newest first, every change" "$H
TIME,$ME,insert,contact,1,consent,,unknown,
TIME,$ME,insert,contact,1,owner,,$ME,
TIME,$ME,insert,contact,1,company,,Acme,
TIME,$ME,insert,contact,1,phone,,+34600111222,
TIME,$ME,insert,contact,1,last_name,,García,
TIME,$ME,insert,contact,1,first_name,,Ana,
TIME,$ME,insert,company,1,name,,Acme,
TIME,$ME,insert,user,2,name,,Ana Ruiz,
TIME,$ME,insert,user,2,login,,ana,
TIME,$ME,update,setting,,phone.default_country,,34,
TIME,$ME,insert,user,1,login,,$ME,"

t_run "one record's history" 0 crm-log contact 1
cp "$OUT" "$T/one"
norm
t_out "contact 1" "$H
TIME,$ME,insert,contact,1,consent,,unknown,
TIME,$ME,insert,contact,1,owner,,$ME,
TIME,$ME,insert,contact,1,company,,Acme,
TIME,$ME,insert,contact,1,phone,,+34600111222,
TIME,$ME,insert,contact,1,last_name,,García,
TIME,$ME,insert,contact,1,first_name,,Ana,"
t_run "plural and any case name the same entity" 0 crm-log CONTACTS 1
t_ok "same output" cmp "$OUT" "$T/one"
t_run "a company" 0 crm-log companies 1
norm
t_out "company 1" "$H
TIME,$ME,insert,company,1,name,,Acme,"
t_run "a user" 0 crm-log user 2
norm
t_out "user 2" "$H
TIME,$ME,insert,user,2,name,,Ana Ruiz,
TIME,$ME,insert,user,2,login,,ana,"
crm-config set phone.default_country 44
t_run "a setting is named by its key" 0 crm-log setting phone.default_country
norm
t_out "old and new values" "$H
TIME,$ME,update,setting,,phone.default_country,34,44,
TIME,$ME,update,setting,,phone.default_country,,34,"
crm-config set phone.default_country 34
t_run "a record with no history" 0 crm-log contact 99
t_out "just the header" "$H"

IN=/dev/stdin
t_run "a bulk import" 1 crm-add -q <<'CSV'
first_name,last_name,email,owner
Luis,Pérez,luis@x.es,ana
Bad,Row,nope,
Eva,Sanz,eva@y.es,
CSV
t_run "is its batch's rows, not a row per record" 0 crm-log --action import
norm
t_out "batch 1" "$H
TIME,$ME,import,contact,,rows,,\"2 added, 0 updated, 0 unchanged, 1 rejected\",1
TIME,$ME,import,contact,,source,,stdin,1"
IN=/dev/stdin
t_run "a bulk upsert" 0 crm-add -q --upsert <<'CSV'
first_name,last_name,email,city
Luis,Pérez,luis@x.es,Madrid
CSV
t_run "--batch shows one batch" 0 crm-log --batch 2
norm
t_out "batch 2: its changes carry its number" "$H
TIME,$ME,import,contact,,rows,,\"0 added, 1 updated, 0 unchanged, 0 rejected\",2
TIME,$ME,import,contact,,source,,stdin,2
TIME,$ME,update,contact,2,city,,Madrid,2"
t_run "a bulk-imported record's history holds the batch that created it" 0 \
    crm-log contact 2
norm
t_out "contact 2" "$H
TIME,$ME,update,contact,2,city,,Madrid,2
TIME,$ME,import,contact,,rows,,\"2 added, 0 updated, 0 unchanged, 1 rejected\",1
TIME,$ME,import,contact,,source,,stdin,1"
t_run "-q: the records changed, each once, most recent first" 0 crm-log -q contacts
t_out "ids" "2
1"
t_run "-q -n counts ids" 0 crm-log -q -n 1 contact
t_out "one id" "2"

# Spread the rows over days (row N on January N) to see the order and
# the period filters; row 3 becomes the newest, and ana's.
sqlite3 "$CRM_DB" "UPDATE audit SET time = printf('2026-01-%02dT10:00:00Z', id);
    UPDATE audit SET time = '2026-02-01T09:00:00Z', actor = 'ana' WHERE id = 3"
t_run "newest first by time, not by order of entry" 0 crm-log -n 3
t_out "three rows" "$H
2026-02-01T09:00:00Z,ana,insert,user,2,login,,ana,
2026-01-18T10:00:00Z,$ME,import,contact,,rows,,\"0 added, 1 updated, 0 unchanged, 0 rejected\",2
2026-01-17T10:00:00Z,$ME,import,contact,,source,,stdin,2"
t_run "--since and --until: at or after, before" 0 \
    crm-log --since 2026-01-04 --until 2026-01-06T10:00:00Z
t_out "two rows" "$H
2026-01-05T10:00:00Z,$ME,insert,company,1,name,,Acme,
2026-01-04T10:00:00Z,$ME,insert,user,2,name,,Ana Ruiz,"
t_run "--actor" 0 crm-log -a ana
t_out "ana's change" "$H
2026-02-01T09:00:00Z,ana,insert,user,2,login,,ana,"
t_run "--actor nobody finds nothing" 0 crm-log --actor nobody
t_out "header" "$H"
t_run "filters combine" 0 crm-log --action update --since 2026-01-10 contacts
t_out "the upsert's update" "$H
2026-01-16T10:00:00Z,$ME,update,contact,2,city,,Madrid,2"
t_run "a period word" 0 crm-log --since today
t_out "nothing today" "$H"
t_run "JSON, ids and batches as numbers" 0 crm-log -f json -n 1 --action update contact
t_out "json" '{"time":"2026-01-16T10:00:00Z","actor":"'"$ME"'","action":"update","entity":"contact","id":2,"field":"city","old":null,"new":"Madrid","batch":2}'
t_run "a table for people" 0 crm-log -f table -a ana
t_out "aligned" "time                  actor  action  entity  id  field  old  new  batch
2026-02-01T09:00:00Z  ana    insert  user    2   login       ana"

t_run "unknown entity" 2 crm-log widgets
t_err "unknown entity message" 'crm-log: unknown entity "widgets" (contacts, companies, users, settings)'
t_run "non-numeric id" 2 crm-log contact ana
t_err "id message" 'crm-log: id "ana" is not a positive number'
t_run "bad date" 2 crm-log --since 2026-13-01
t_err "bad date message" 'crm-log: --since: date "2026-13-01" is not a real date'
t_run "words that are no date" 2 crm-log --until someday
t_err "no date message" 'crm-log: --until: date "someday" is not understood'
t_run "bad limit" 2 crm-log -n 0
t_err "limit message" 'crm-log: limit "0" is not a positive number'
t_run "bad batch" 2 crm-log --batch x
t_err "batch message" 'crm-log: batch "x" is not a positive number'
t_run "-q needs an entity" 2 crm-log -q
t_err "-q message" 'crm-log: -q needs an ENTITY: ids of different kinds of record do not mix'
t_run "too many arguments" 2 crm-log contact 1 2
t_err "extra argument message" 'crm-log: unexpected argument "2" (crm-log [ENTITY [ID]])'
t_run "unknown option" 2 crm-log --bogus
sed -i '2,$d' "$ERR"
t_err "first line says which" "crm-log: unrecognized option '--bogus'"
t_run "--help" 0 crm-log --help
t_done
