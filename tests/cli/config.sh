# tests/cli/config.sh - crm-config: settings, checked and audited.
. "$TOP/tests/lib.sh"

t_run "get of an unset setting prints nothing" 0 crm-config get phone.default_country
t_out "empty" ""
t_run "set the default country" 0 crm-config set phone.default_country 34
t_run "get it back" 0 crm-config get phone.default_country
t_out "34" "34"
t_run "list shows every setting" 0 crm-config list -f csv
t_out "list" "key,value,default,description
phone.default_country,34,,country calling code for phone numbers written without one
deal.stages,\"lead,qualified,proposal,negotiation,won,lost\",\"lead,qualified,proposal,negotiation,won,lost\",\"the stages of a deal, in pipeline order (must include won and lost)\"
deal.currency,EUR,EUR,currency of a deal added without one
call.statuses,\"new,in_progress=taken,completed=done,callback,no_answer,busy,wrong_number,spam\",\"new,in_progress=taken,completed=done,callback,no_answer,busy,wrong_number,spam\",\"the statuses of a call, each with optional =alias|alias (must include completed, callback, no_answer, busy and wrong_number)\"
call.wrong_number_seconds,10,10,an answered call from an unknown number shorter than this is recorded as wrong_number
call.callback_minutes,60,60,a missed inbound call becomes a callback task due this many minutes after it
check.untouched_days,90,90,crm-check reports a contact with no activity for this many days as untouched
policy.labour,open,open,\"who changes clients' personal data after creation: open (a manager, of own clients) or operator (operators and admins only)\"
policy.visibility,all,all,what managers see: all (the whole base) or own (their own clients and events)
fields.personal,*,*,the custom fields that are personal data: * (all) or names separated by commas"
t_run "a country code is digits" 2 crm-config set phone.default_country +34
t_err "bad value message" 'crm-config: phone.default_country "+34" is not a country calling code like 34 or 1'
t_run "unknown setting" 2 crm-config set phone.country 34
t_err "unknown setting message" 'crm-config: unknown setting "phone.country" (crm-config list shows them)'
t_run "set takes two arguments" 2 crm-config set phone.default_country
t_run "unknown verb" 2 crm-config frobnicate
t_run "setting the same value again" 0 crm-config set phone.default_country 34
t_run "changes are audited, old and new, once" 0 sqlite3 "$CRM_DB" \
    "SELECT actor, action, field, quote(old), new FROM audit WHERE entity = 'setting'"
t_out "audit" "$ME|update|phone.default_country|NULL|34"
t_run "the default country applies to national numbers" 0 crm-add -q \
    first_name=A last_name=B phone="600 111 222"
t_run "stored in E.164" 0 sqlite3 "$CRM_DB" "SELECT phone FROM contacts"
t_out "E.164" "+34600111222"
t_run "unset" 0 crm-config unset phone.default_country
t_run "now national numbers are refused" 2 crm-add first_name=A last_name=C phone="600 111 333"
t_err "no country message" 'crm-add: phone "600 111 333" has no country code and phone.default_country is not set'
t_run "--db chooses the file" 0 crm-config --db "$T/other.db" set phone.default_country 1
t_ok "which was created" test -s "$T/other.db"
t_run "CRM_DB is not touched by --db" 0 crm-config get phone.default_country
t_out "still unset" ""
unset CRM_DB
t_run "without --db or CRM_DB, XDG_DATA_HOME is used" 0 env XDG_DATA_HOME="$T/xdg" crm-config set phone.default_country 44
t_ok "database under XDG_DATA_HOME" test -s "$T/xdg/crm/crm.db"
t_run "else ~/.local/share/crm/crm.db" 0 crm-config set phone.default_country 49
t_ok "database under HOME" test -s "$HOME/.local/share/crm/crm.db"
t_run "an unwritable place is a database error" 5 crm-config --db /proc/nope/crm.db list
t_run "--help" 0 crm-config --help
# The call statuses: a pick list with aliases; the ones imports set stay.
t_run "statuses with aliases" 0 crm-config set call.statuses \
    'new,completed=done|ok,callback=cb,no_answer,busy,wrong_number,quote'
t_run "one the call import sets is missing" 2 crm-config set call.statuses \
    'new,completed,callback,no_answer,wrong_number'
t_err "says which" 'crm-config: call.statuses must include busy'
t_run "an alias twice" 2 crm-config set call.statuses \
    'completed=done,callback=done,no_answer,busy,wrong_number'
t_err "says which" 'crm-config: call.statuses: "done" is there twice'
t_run "an alias without a name" 2 crm-config set call.statuses \
    '=done,completed,callback,no_answer,busy,wrong_number'
t_err "says the form" 'crm-config: call.statuses "=done,completed,callback,no_answer,busy,wrong_number" is not a comma list of lowercase words (a-z, _), each with optional =alias|alias'
t_run "alias of an alias" 2 crm-config set call.statuses \
    'completed=done=ok,callback,no_answer,busy,wrong_number'
t_run "an empty item" 2 crm-config set call.statuses \
    'completed,,callback,no_answer,busy,wrong_number'
t_run "capitals" 2 crm-config set call.statuses \
    'Completed,callback,no_answer,busy,wrong_number'
t_run "back to the defaults" 0 crm-config unset call.statuses
t_run "seconds are a number" 2 crm-config set call.wrong_number_seconds ten
t_err "says so" 'crm-config: "ten" is not a number of seconds from 0 to 3600'
t_run "within range" 2 crm-config set call.wrong_number_seconds 3601
t_run "zero turns it off" 0 crm-config set call.wrong_number_seconds 0
t_run "minutes are a number" 2 crm-config set call.callback_minutes -- -5
t_err "says so" 'crm-config: "-5" is not a number of minutes from 0 to 10080'
t_done
