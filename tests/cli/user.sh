# tests/cli/user.sh - crm-user: users and roles; the first is the admin.
. "$TOP/tests/lib.sh"

t_run "list on a new database" 0 crm-user list -f csv
cp "$OUT" "$T/l"
t_run "list columns" 0 cut -d, -f2,5,7 "$T/l"
t_out "creator is admin" "login,role,active
$ME,admin,yes"
t_run "add a manager" 0 crm-user add ana name="Ana Ruiz" email=Ana@ACME.es extension=101
t_run "add a supervisor" 0 crm-user add luis role=Supervisor
t_run "list them" 0 crm-user list -f tsv
cp "$OUT" "$T/l"
t_run "fields" 0 cut -f2-7 "$T/l"
t_out "users" "$(printf 'login\tname\temail\trole\textension\tactive\nana\tAna Ruiz\tAna@acme.es\tmanager\t101\tyes\nluis\t\t\tsupervisor\t\tyes\n%s\t\t\tadmin\t\tyes' "$ME")"
t_run "a login is added once" 1 crm-user add ana
t_err "exists message" 'crm-user: user "ana" already exists (crm-user set changes it)'
t_run "bad role" 2 crm-user add eva role=boss
t_err "bad role message" 'crm-user: role "boss" is not one of admin, supervisor, manager, operator'
t_run "and eva was not added" 0 sqlite3 "$CRM_DB" "SELECT count(*) FROM users WHERE login = 'eva'"
t_out "not added" "0"
t_run "bad login" 2 crm-user add "a b"
t_run "an extension rings one user" 1 crm-user set luis extension=101
t_err "extension message" "crm-user: extension 101 already belongs to ana"
t_run "bad extension" 2 crm-user set luis extension=12a
t_run "unknown field" 2 crm-user set luis colour=red
t_run "set on an unknown user" 3 crm-user set nobody name=X
t_err "not found message" 'crm-user: no user "nobody"'
t_run "deactivate" 0 crm-user set ana active=no name="Ana R."
t_run "changes are audited with old and new values" 0 sqlite3 "$CRM_DB" \
    "SELECT action, field, quote(old), quote(new) FROM audit WHERE entity = 'user' AND entity_id = 2 ORDER BY id"
t_out "audit: a new user's fields as its insert, then the changes" "insert|login|NULL|'ana'
insert|name|NULL|'Ana Ruiz'
insert|email|NULL|'Ana@acme.es'
insert|extension|NULL|'101'
update|active|'1'|'0'
update|name|'Ana Ruiz'|'Ana R.'"
t_run "a new user can own contacts" 0 crm-add -q first_name=A last_name=B email=a@b.es owner=luis
# Bulk: the output of crm-user list reads back in, as a backup of users.
crm-user list -f csv >"$T/users.csv"
export CRM_DB="$T/copy.db"
IN="$T/users.csv"
t_run "users from CSV into an empty database" 0 crm-user add --restore
t_err "summary" "crm-user: 2 added, 1 updated, 0 rejected"
t_run "the same users" 0 crm-user list -f csv
cp "$OUT" "$T/copy.csv"
t_run "fields compared" 0 cut -d, -f2-7 "$T/copy.csv"
t_out "users copied" "login,name,email,role,extension,active
ana,Ana R.,Ana@acme.es,manager,101,no
luis,,,supervisor,,yes
$ME,,,admin,,yes"
printf 'login;role;extension\nx;manager;\nbad login;manager;\ny;boss;\nz;manager;101\nluis;operator;\n' >"$T/bad.csv"
IN="$T/bad.csv"
t_run "bad rows are reported, good ones kept" 1 crm-user add
t_err "with their lines" 'crm-user: line 3: "bad login" is not a login name (letters, digits, . _ -)
crm-user: line 4: role "boss" is not one of admin, supervisor, manager, operator
crm-user: line 5: extension 101 already belongs to ana
crm-user: 1 added, 1 updated, 3 rejected'
t_run "a refused row left nothing behind" 0 sqlite3 "$CRM_DB" \
    "SELECT group_concat(login || ':' || role, ' ') FROM (SELECT login, role FROM users ORDER BY login)"
t_out "x added, luis changed, z not added" "ana:manager luis:operator $ME:admin x:manager"
printf 'login,colour\nq,red\n' >"$T/col.csv"
IN="$T/col.csv"
t_run "an unknown column refuses the input" 1 crm-user add
t_err "unknown column message" 'crm-user: line 1: unknown column "colour" for a user'
printf 'name\nQ\n' >"$T/nologin.csv"
IN="$T/nologin.csv"
t_run "a login column is needed" 1 crm-user add
t_err "no login message" 'crm-user: line 1: no login column'
export CRM_DB="$T/crm.db"

t_run "set needs a field" 2 crm-user set luis
t_run "unknown verb" 2 crm-user remove luis
t_run "--help" 0 crm-user --help
t_done
