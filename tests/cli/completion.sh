# tests/cli/completion.sh - the bash, zsh and fish completions offer
# exactly the expected candidates.  Each shell is driven non-interactively:
# bash by calling the completion function with COMP_WORDS set, zsh through
# a pseudo-terminal (zpty) with compadd wrapped to print what is offered,
# fish with "complete -C".  A shell that is not installed is skipped.
. "$TOP/tests/lib.sh"

COMPL=$TOP/completions
CMDS="crm crm-add crm-export crm-config crm-user crm-find crm-show crm-edit crm-log
    crm-task crm-deal crm-meet crm-call crm-plan crm-status crm-check
    crm-report crm-db"

# t_skip NAME REASON
t_skip() {
	t_n=$((t_n + 1))
	echo "ok $t_n - $1 # SKIP $2"
}

# t_same NAME GOT WANT: candidates, one a line, compared as sorted lists
# (WANT is split at white space).
t_same() {
	local got want
	got=$(printf '%s\n' "$2" | sed '/^$/d' | LC_ALL=C sort | tr '\n' ' ')
	want=$(printf '%s\n' $3 | sed '/^$/d' | LC_ALL=C sort | tr '\n' ' ')
	if [ "$got" = "$want" ]; then
		t_report "$1" 1
	else
		t_report "$1" 0 "got:  $got" "want: $want"
	fi
}

# t_cands NAME GOT WANT...: as t_same, one candidate a WANT argument (so
# a candidate may hold spaces).
t_cands() {
	local name=$1 got want
	got=$(printf '%s\n' "$2" | sed '/^$/d' | LC_ALL=C sort | tr '\n' ' ')
	shift 2
	want=$(printf '%s\n' "$@" | sed '/^$/d' | LC_ALL=C sort | tr '\n' ' ')
	if [ "$got" = "$want" ]; then
		t_report "$name" 1
	else
		t_report "$name" 0 "got:  $got" "want: $want"
	fi
}

contact_fields='first_name= last_name= phone= email= company= title= city=
    address= source= tags= notes= owner= consent='
company_fields='name= phone= email= website= city= address= tags= notes=
    owner='
entities='contact contacts company companies'
activities='meeting meetings call calls task tasks deal deals'
add_opts='--allow-duplicates --atomic --dry-run -n --rejects -r --upsert -u'
common_opts='--db --format -f --quiet -q --delimiter -d --encoding --help --usage'
common_bash='--db= --format= -f --quiet -q --delimiter= -d --encoding= --help --usage'
edit_opts='--allow-duplicates --archive --unarchive --erase --partial
    --dry-run -n'
find_opts='--archived --mine --limit -n --owner --sort --tag --mutt-query'
# The interchange formats' options and formats (crm-export, crm-find).
interop_opts='--excel --for-mailing --ignore-consent --split --vcard-version'
interop_bash='--excel --for-mailing --ignore-consent --split= --vcard-version='
interop_formats='table csv tsv json vcard ics mutt emails'
log_opts='--action --actor -a --batch --limit -n --since --until'
log_entities='contact contacts company companies user users setting settings'
actions='insert update archive unarchive erase import reassign export
    backup restore'
task_opts='--due --for --done --mine --all --overdue --today --done-too'
deal_opts='--company --for --won --lost --mine --all --stage --pipeline'
meet_opts='--at --duration --location --for --done --cancel --no-show --mine
    --all --today --week --upcoming --overdue --atomic --rejects'
call_opts='--in --out --duration --at --for --due --link --import --atomic
    --mine --all --today --week --unlinked'
# bash offers an option that takes a value as --option=.
meet_bash='--at= --duration= --location= --for= --done= --cancel= --no-show=
    --mine --all --today --week --upcoming --overdue --atomic --rejects='
call_bash='--in --out --duration= --at= --for= --due= --link= --import=
    --atomic --mine --all --today --week --unlinked'
statuses='new in_progress completed callback no_answer busy wrong_number spam'
stages='lead qualified proposal negotiation won lost'
metrics='contacts_added= calls= calls_completed= meetings_held= deals_won=
    revenue_won='
plan_opts='--week --month --quarter --team --list --delete --atomic'
plan_bash='--week= --month= --quarter= --team --list --delete= --atomic'
status_opts='--team --user --oneline'
status_bash='--team --user= --oneline'
check_opts='--owner --mine --problem --summary --fix'
check_bash='--owner= --mine --problem= --summary --fix'
report_opts='--period --by --section --manager --to --subject --rows'
report_bash='--period= --by= --section= --manager= --to= --subject= --rows'

# The bases the values come from: the default one ($CRM_DB, made by the
# first command; its creator $ME is its admin) and a second one that lines
# name with --db.  Completing reads them through crm-find --complete.
t_run "setup: user ana" 0 crm-user add ana name=Ana
t_run "setup: user luis" 0 crm-user add luis name=Luis
t_run "setup: company with a space and an accent" 0 crm-add company \
    'name=Acme Ibérica' tags=vip owner=ana
t_run "setup: company Zeta Corp" 0 crm-add company 'name=Zeta Corp' \
    owner=luis
t_run "setup: contact" 0 crm-add first_name=Eva last_name=Ruiz \
    phone=+34600111222 tags=vip,madrid owner=luis 'company=Zeta Corp'
DB2=$HOME/other.db
t_run "setup: second base" 0 crm-user --db "$DB2" add marta
t_run "setup: second base's company" 0 crm-add --db "$DB2" company \
    'name=Otra Empresa' tags=export owner=marta
owners="ana luis $ME"
# A backup file in the folder the shells complete in.
: >"$T/bk-one.db"
owners2="marta $ME"

# no_base NAME PATH: completing against a base that is not there made none.
no_base() {
	t_ok "$1: no base created at ${2##*/}" test ! -e "$2"
	rm -f "$2"
}

# ---------------------------------------------------------------- bash
#
# bash_complete FILE LINE: source FILE in a fresh bash, split LINE into
# COMP_WORDS the way readline does ("=" and ":" are words of their own),
# call the function registered for the command, print COMPREPLY.  A
# backslash-escaped space stays in its word, as readline leaves it.
cat >"$T/bcomp.bash" <<'EOF'
source "$1" || exit 1
line=$2
read -ra toks <<<"${line//\\ /$'\x1f'}"
W=()
for tok in "${toks[@]}"; do
	tok=${tok//$'\x1f'/\\ }
	while [[ $tok == *[=:]* ]]; do
		pre=${tok%%[=:]*}
		[[ -n $pre ]] && W+=("$pre")
		rest=${tok#"$pre"}
		brk=${rest%%[^=:]*}
		W+=("$brk")
		tok=${rest#"$brk"}
	done
	[[ -n $tok ]] && W+=("$tok")
done
[[ $line == *" " ]] && W+=("")
COMP_WORDS=("${W[@]}")
COMP_CWORD=$((${#W[@]} - 1))
COMP_LINE=$line
COMP_POINT=${#line}
COMPREPLY=()
spec=$(complete -p "${W[0]}" 2>/dev/null) || { echo "no completion"; exit 1; }
fn=${spec#*-F }
fn=${fn%% *}
"$fn" "${W[0]}" "${W[COMP_CWORD]}" "${W[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
EOF

bash_case() {	# LINE WANT...
	local line=$1 file got
	shift
	file=$COMPL/bash/${line%% *}
	got=$(bash --norc --noprofile "$T/bcomp.bash" "$file" "$line" 2>&1)
	t_cands "bash: $line" "$got" "$@"
}

bash_tests() {
	local c
	for c in $CMDS; do
		t_ok "bash: completions/bash/$c parses" bash -n "$COMPL/bash/$c"
	done
	bash_case 'crm ' add call check config db deal edit export find help log meet plan report show status task user
	bash_case 'crm -' --help -h
	bash_case 'crm help ' add call check config db deal edit export find log meet plan report show status task user
	bash_case 'crm add --up' --upsert
	bash_case 'crm export ta' tag= tasks task
	bash_case 'crm user set ana active=' yes no
	bash_case 'crm-add --fo' --format=
	bash_case 'crm-add -' --allow-duplicates --atomic --dry-run -n \
	    --rejects= -r --restore --upsert -u --from= --keep-unknown \
	    --map= --db= --format= -f --quiet -q --delimiter= -d --encoding= --help --usage
	bash_case 'crm-add ' $entities $contact_fields
	bash_case 'crm-add co' contact contacts company companies company= \
	    consent=
	bash_case 'crm-add company ' $company_fields
	bash_case 'crm-add company name=x ' address= city= email= notes= \
	    owner= phone= tags= website=
	bash_case 'crm-add -n -f json first_name=a last' last_name=
	bash_case 'crm-add consent=' yes no
	bash_case 'crm-add consent=y' yes
	bash_case 'crm-add -f ' table csv tsv json vcard
	bash_case 'crm-add --format ' table csv tsv json vcard
	bash_case 'crm-add --from ' google outlook
	bash_case 'crm-add --from=o' outlook
	bash_case 'crm-add --encoding=utf-16' utf-16 utf-16le utf-16be
	bash_case 'crm-add --encoding latin1 --map a=b -' --allow-duplicates \
	    --atomic --dry-run -n --rejects= -r --restore --upsert -u \
	    --from= --keep-unknown --map= --db= --format= -f --quiet -q \
	    --delimiter= -d --encoding= --help --usage
	bash_case 'crm-add --format=j' json
	bash_case 'crm-add -d ' ',' '\;' tab
	bash_case 'crm-add --delimiter=t' tab
	bash_case 'crm-export ' $entities $activities owner= tag= company=
	bash_case 'crm-export -' --active --since= -s --db= --format= -f \
	    --quiet -q --delimiter= -d --encoding= --help --usage $interop_bash
	bash_case 'crm-export -f ' $interop_formats
	bash_case 'crm-export --vcard-version ' 4.0 3.0
	bash_case 'crm-export --for-' --for-mailing
	bash_case 'crm-export contacts owner=x ' tag= company=
	bash_case 'crm-export -s -7d t' tag= tasks task
	bash_case 'crm-config ' list get set unset
	bash_case 'crm-config -' --db= --format= -f --quiet -q --delimiter= \
	    -d --encoding= --help --usage
	bash_case 'crm-config get ' phone.default_country deal.currency \
	    deal.stages call.callback_minutes call.statuses \
	    call.wrong_number_seconds check.untouched_days \
	    policy.labour policy.visibility fields.personal
	bash_case 'crm-config set phone.default_country '
	bash_case 'crm-config list '
	bash_case 'crm-user ' list add set deactivate
	bash_case 'crm-user deactivate ' ana luis $ME
	bash_case 'crm-user --reassign-to ' ana luis $ME
	bash_case 'crm-user add --re' --reassign-to= --restore
	bash_case 'crm-config set policy.labour ' open operator
	bash_case 'crm-config set policy.visibility o' own
	bash_case 'crm-user add ana ' name= email= role= extension= active=
	bash_case 'crm-user set ana name=x ro' role=
	bash_case 'crm-user add ana role=' admin supervisor manager operator
	bash_case 'crm-user add ana role=m' manager
	bash_case 'crm-user list '

	# The new programs: options, entities, fields.
	bash_case 'crm find --ow' --owner=
	bash_case 'crm-find -' --archived --mine --limit= -n --owner= --sort= \
	    --tag= --db= --format= -f --quiet -q --delimiter= -d --encoding= --help --usage \
	    --mutt-query= $interop_bash
	bash_case 'crm-find ' $entities $activities id= $contact_fields
	bash_case 'crm-find company ' id= $company_fields
	bash_case 'crm-find nunez i' id=
	bash_case 'crm-find -n 5 --sort name company na' name=
	bash_case 'crm-edit -' --allow-duplicates --archive --unarchive \
	    --erase --partial --dry-run -n --db= --format= -f --quiet -q \
	    --delimiter= -d --encoding= --help --usage
	bash_case 'crm-edit ' $entities $activities $contact_fields
	bash_case 'crm-edit company 2 ' $company_fields
	bash_case 'crm-edit -n 7 consent=' yes no
	bash_case 'crm-show -' --db= --format= -f --quiet -q --delimiter= -d --encoding= \
	    --help --usage
	bash_case 'crm-show ' $entities $activities
	bash_case 'crm-show company '
	bash_case 'crm-log -' --action= --actor= -a --batch= --limit= -n \
	    --since= --until= --db= --format= -f --quiet -q --delimiter= -d --encoding= \
	    --help --usage
	bash_case 'crm-log ' $log_entities
	bash_case 'crm-log --action ' $actions
	bash_case 'crm-log --action=ar' archive
	bash_case 'crm-log setting ' phone.default_country deal.currency \
	    deal.stages call.callback_minutes call.statuses \
	    call.wrong_number_seconds check.untouched_days \
	    policy.labour policy.visibility fields.personal
	bash_case 'crm-log contact '
	bash_case 'crm log se' setting settings
	bash_case 'crm-task -' --due= --for= --done= --mine --all --overdue \
	    --today --done-too --db= --format= -f --quiet -q --delimiter= -d --encoding= \
	    --help --usage
	bash_case 'crm-task --for ' $owners
	bash_case 'crm-deal -' --company= --for= --won --lost= --mine --all \
	    --stage= --pipeline --db= --format= -f --quiet -q --delimiter= -d --encoding= \
	    --help --usage
	bash_case 'crm-deal --for ' $owners
	bash_case 'crm task --for=l' luis

	# Reports.
	bash_case 'crm-report -' $report_bash $common_bash
	bash_case 'crm-report --by ' manager day week month
	bash_case 'crm-report --period last' last-week last-month last-quarter
	bash_case 'crm-report -f ' table csv tsv json html email
	bash_case 'crm-find -f ' $interop_formats
	bash_case 'crm-meet -f ' table csv tsv json
	bash_case 'crm-report --manager l' luis
	bash_case 'crm-report --rows ' $owners team
	bash_case 'crm-report --rows ana meetings_' meetings_held meetings_planned meetings_cancelled meetings_no_show

	# Activities in crm-find, crm-edit, crm-export: their fields and values.
	bash_case 'crm-find meetings ' id= contact_id= topic= at= duration= location= status= result= manager=
	bash_case 'crm-find meetings status=' planned held cancelled no_show
	bash_case 'crm-find calls status=c' completed callback
	bash_case 'crm-edit call 3 direction=' in out
	bash_case 'crm-edit deal 2 stage=p' proposal
	bash_case 'crm-find tasks assignee=l' luis
	bash_case 'crm-edit task 1 ' contact_id= title= assignee= due= done_at=
	bash_case 'crm-export deals ' owner=
	bash_case 'crm-add ' $entities $contact_fields

	# Plans, the dashboard, the checks.
	bash_case 'crm-plan -' $plan_bash $common_bash
	bash_case 'crm-plan ' $owners team $metrics
	bash_case 'crm-plan l' luis
	bash_case 'crm-plan ana ' $metrics
	bash_case 'crm-plan ana calls=5 me' meetings_held=
	bash_case 'crm-plan --month ' month last-month
	bash_case 'crm-status -' $status_bash $common_bash
	bash_case 'crm-status --user ' $owners
	bash_case 'crm-check -' $check_bash $common_bash
	bash_case 'crm-check --owner ' $owners
	bash_case 'crm-check --problem dup' duplicate_email duplicate_name duplicate_phone
	bash_case 'crm check --problem=task' task_overdue

	# crm-db: its commands, then the backup file of backup and restore.
	bash_case 'crm-db ' backup restore check
	bash_case 'crm-db -' --force $common_bash
	bash_case 'crm-db backup bk' bk-one.db
	bash_case 'crm-db --force restore bk-o' bk-one.db
	bash_case 'crm-db check '
	bash_case 'crm db r' restore
	bash_case 'crm db --forc' --force

	# Meetings and calls: contacts from the search index's words, call
	# statuses and deal stages from the base's pick lists.
	bash_case 'crm-meet -' $meet_bash $common_bash
	bash_case 'crm-meet --for ' $owners
	bash_case 'crm-meet ru' ruiz
	bash_case 'crm-meet z' zeta
	bash_case 'crm-meet ruiz '
	bash_case 'crm meet ev' eva
	bash_case 'crm-call -' $call_bash $common_bash
	bash_case 'crm-call --import ' asterisk csv
	bash_case 'crm-call --for ' $owners
	bash_case 'crm-call ma' madrid
	bash_case 'crm-call ruiz ' $statuses
	bash_case 'crm-call ruiz c' completed callback
	bash_case 'crm-call --in ruiz w' wrong_number
	bash_case 'crm-call ruiz done '
	bash_case 'crm call ruiz n' new no_answer
	bash_case 'crm-task ev' eva
	bash_case 'crm-deal ev' eva
	bash_case 'crm-deal 3 ' $stages
	bash_case 'crm-deal 3 p' proposal
	bash_case 'crm-deal --stage ' $stages

	# Values from the base: bash inserts COMPREPLY as it is, so a value
	# comes quoted for the line (with backslashes, or for an open quote).
	bash_case 'crm-add owner=' $owners
	bash_case 'crm-add owner=l' luis
	bash_case 'crm-edit company 2 owner=' $owners
	bash_case 'crm-export owner=a' ana
	bash_case 'crm-find --owner ' $owners
	bash_case 'crm-find --owner=lu' luis
	bash_case 'crm-find owner=' $owners
	bash_case 'crm-find --tag ' madrid vip
	bash_case 'crm-find tags=v' vip
	bash_case 'crm-export tag=' madrid vip
	bash_case 'crm-add tags=vip,m' vip,madrid
	bash_case 'crm-add company=' 'Acme\ Ibérica' 'Zeta\ Corp'
	bash_case 'crm-add company=Ac' 'Acme\ Ibérica'
	bash_case 'crm-export company=Acme\ I' 'Acme\ Ibérica'
	bash_case 'crm-find company="Ac' 'Acme Ibérica'
	bash_case "crm-edit company='Z" 'Zeta Corp'
	bash_case 'crm-log --actor ' $owners
	bash_case 'crm-log -a l' luis
	bash_case 'crm-config set ' phone.default_country deal.currency \
	    deal.stages call.callback_minutes call.statuses \
	    call.wrong_number_seconds check.untouched_days \
	    policy.labour policy.visibility fields.personal
	bash_case 'crm-config unset phone' phone.default_country
	bash_case 'crm-user set ' $owners
	bash_case 'crm-user set l' luis
	bash_case 'crm-user add '
	bash_case 'crm user set a' ana
	bash_case 'crm find --tag ' madrid vip
	# The --db of the line, however given.
	bash_case "crm-find --db $DB2 owner=" $owners2
	bash_case "crm-find --db=$DB2 --owner " $owners2
	bash_case "crm-export --db $DB2 company=" 'Otra\ Empresa'
	bash_case 'crm-add --db ~/other.db tags=' export
	bash_case "crm find --db $DB2 --owner m" marta
	bash_case "crm-user --db $DB2 set " $owners2
	# No base, no values, and no base made.
	bash_case "crm-find --db $T/none.db owner="
	no_base bash "$T/none.db"
	bash_case "crm-config --db=$T/none.db set " phone.default_country deal.currency \
	    deal.stages call.callback_minutes call.statuses \
	    call.wrong_number_seconds check.untouched_days \
	    policy.labour policy.visibility fields.personal
	no_base bash "$T/none.db"
	CRM_DB=$T/none2.db bash_case 'crm-user set '
	no_base bash "$T/none2.db"

	# Each file works alone, and registers every command of the suite.
	for c in $CMDS; do
		t_ok "bash: $c alone registers all commands" bash --norc \
		    --noprofile -c '. "$1"; shift; for c; do
			complete -p "$c" | grep -q -- "-F _crm" || exit 1
		    done' x "$COMPL/bash/$c" $CMDS
	done

	# bash-completion finds the file by the command's name and loads it.
	if [ -f /usr/share/bash-completion/bash_completion ]; then
		mkdir -p "$T/bc/completions"
		for c in $CMDS; do
			cp "$COMPL/bash/$c" "$T/bc/completions/$c"
		done
		for c in $CMDS; do
			t_ok "bash-completion loads $c on demand" env \
			    BASH_COMPLETION_USER_DIR="$T/bc" bash --norc \
			    --noprofile -c '
				. /usr/share/bash-completion/bash_completion
				__load_completion "$1" || exit 1
				complete -p "$1" | grep -q -- "-F _crm"' x "$c"
		done
	else
		t_skip "bash-completion loads the files on demand" \
		    "no bash-completion"
	fi
}

# ---------------------------------------------------------------- zsh
#
# A zsh in a pseudo-terminal loads compinit with completions/zsh on fpath;
# compadd is wrapped to print each match it is given, with its prefixes
# and suffix, between < and >, and the completion ends the shell.
cat >"$T/setup.zsh" <<'EOF'
PS1= PROMPT= RPROMPT=
autoload -Uz compinit && compinit -u -D
bindkey '^I' complete-word
zstyle ':completion:*' insert-tab false
compprefuncs=( _cap_start )
comppostfuncs=( _cap_end exit )
_cap_start() { print -rn -- $'\x01' }
_cap_end() { print -rn -- $'\x02' }
compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
    builtin compadd "$@"
    return
  fi
  local -a __hits
  local -A __o
  local __x
  zparseopts -E -A __o P: p: s: S:
  builtin compadd -A __hits "$@"
  for __x in $__hits; do
    print -r -- "<${__o[-P]-}${__o[-p]-}$__x${__o[-s]-}${__o[-S]-}>"
  done
  builtin compadd "$@"
}
EOF
cat >"$T/capture.zsh" <<'EOF'
# capture.zsh FPATHDIR SETUP LINE: the matches zsh offers for LINE.
zmodload zsh/zpty || exit 1
zpty z zsh -f -i
zpty -w z "fpath=(${(q)1} \$fpath); . ${(q)2}"
zpty -w z "$3"$'\t'
out=
SECONDS=0
while (( SECONDS < 10 )); do
  chunk=
  if zpty -rt z chunk; then out+=$chunk; else sleep 0.02; fi
  [[ $out == *$'\x02'* ]] && break
done
zpty -d z
[[ $out == *$'\x02'* ]] || { print "no completion ran"; exit 1 }
out=${out#*$'\x01'}
out=${out%%$'\x02'*}
print -r -- ${(F)${(u)${(M)${(f)out//$'\r'/}:#\<*\>}}}
EOF

zsh_case() {	# LINE WANT...
	local line=$1 got
	shift
	got=$(cd "$T" && zsh -f "$T/capture.zsh" "$COMPL/zsh" "$T/setup.zsh" \
	    "$line" 2>&1 | sed -n 's/^<\(.*\)>$/\1/p')
	t_cands "zsh: $line" "$got" "$@"
}

zsh_tests() {
	t_ok "zsh: completions/zsh/_crm parses" zsh -n "$COMPL/zsh/_crm"
	t_ok "zsh: #compdef names every command" grep -qx \
	    '#compdef crm crm-add crm-call crm-check crm-config crm-db crm-deal crm-edit crm-export crm-find crm-log crm-meet crm-plan crm-report crm-show crm-status crm-task crm-user' \
	    "$COMPL/zsh/_crm"
	zsh_case 'crm ' add call check config db deal edit export find help log meet plan report show status task user
	zsh_case 'crm -' --help -h
	zsh_case 'crm help ' add call check config db deal edit export find log meet plan report show status task user
	zsh_case 'crm add --up' --upsert
	zsh_case 'crm export ta' tag= tasks task
	zsh_case 'crm user set ana active=' yes no
	zsh_case 'crm-add --fo' --format
	zsh_case 'crm-add -' --allow-duplicates --atomic --dry-run -n \
	    --rejects -r --restore --upsert -u --from --keep-unknown --map \
	    --db --format -f --quiet -q --delimiter -d --encoding --help --usage
	zsh_case 'crm-add ' $entities $contact_fields
	zsh_case 'crm-add company ' $company_fields
	zsh_case 'crm-add company name=x ' address= city= email= notes= \
	    owner= phone= tags= website=
	zsh_case 'crm-add consent=' yes no
	zsh_case 'crm-add -f ' table csv tsv json vcard
	zsh_case 'crm-add --from=' google outlook
	zsh_case 'crm-add --format=j' json
	zsh_case 'crm-add -d ' ',' '\;' tab
	zsh_case 'crm-export ' $entities $activities owner= tag= company=
	zsh_case 'crm-export -' --active --since -s --db --format -f \
	    --quiet -q --delimiter -d --encoding --help --usage $interop_opts
	zsh_case 'crm-export -f ' $interop_formats
	zsh_case 'crm-export --vcard-version ' 4.0 3.0
	zsh_case 'crm-export contacts owner=x ' tag= company=
	zsh_case 'crm-config ' list get set unset
	zsh_case 'crm-config get ' phone.default_country deal.currency \
	    deal.stages call.callback_minutes call.statuses \
	    call.wrong_number_seconds check.untouched_days \
	    policy.labour policy.visibility fields.personal
	zsh_case 'crm-config set phone.default_country '
	zsh_case 'crm-user ' list add set deactivate
	zsh_case 'crm-user deactivate ' ana luis $ME
	zsh_case 'crm-user --reassign-to ' ana luis $ME
	zsh_case 'crm-user add --re' --reassign-to --restore
	zsh_case 'crm-config set policy.labour ' open operator
	zsh_case 'crm-config set policy.visibility o' own
	zsh_case 'crm-user add ana ' name= email= role= extension= active=
	zsh_case 'crm-user set ana name=x ro' role=
	zsh_case 'crm-user add ana role=' admin supervisor manager operator

	# The new programs: options, entities, fields.
	zsh_case 'crm find --ow' --owner
	zsh_case 'crm-find -' $find_opts $common_opts $interop_opts
	zsh_case 'crm-find ' $entities $activities id= $contact_fields
	zsh_case 'crm-find company ' id= $company_fields
	zsh_case 'crm-find -n 5 --sort name company na' name=
	zsh_case 'crm-edit -' $edit_opts $common_opts
	zsh_case 'crm-edit ' $entities $activities $contact_fields
	zsh_case 'crm-edit company 2 ' $company_fields
	zsh_case 'crm-show -' $common_opts
	zsh_case 'crm-show ' $entities $activities
	zsh_case 'crm-log -' $log_opts $common_opts
	zsh_case 'crm-log ' $log_entities
	zsh_case 'crm-log --action ' $actions
	zsh_case 'crm-log setting ' phone.default_country deal.currency \
	    deal.stages call.callback_minutes call.statuses \
	    call.wrong_number_seconds check.untouched_days \
	    policy.labour policy.visibility fields.personal
	zsh_case 'crm-task -' $task_opts $common_opts
	zsh_case 'crm-task --for ' $owners
	zsh_case 'crm-deal -' $deal_opts $common_opts
	zsh_case 'crm-deal --for ' $owners

	# Reports.
	zsh_case 'crm-report -' $report_opts $common_opts
	zsh_case 'crm-report --by ' manager day week month
	zsh_case 'crm-report --period last' last-week last-month last-quarter
	zsh_case 'crm-report -f ' table csv tsv json html email
	zsh_case 'crm-find -f ' $interop_formats
	zsh_case 'crm-report --manager l' luis
	zsh_case 'crm-report --rows ' $owners team
	zsh_case 'crm-report --rows ana meetings_' meetings_held meetings_planned meetings_cancelled meetings_no_show

	# Activities in crm-find, crm-edit, crm-export: their fields and values.
	zsh_case 'crm-find meetings ' id= contact_id= topic= at= duration= location= status= result= manager=
	zsh_case 'crm-find meetings status=' planned held cancelled no_show
	zsh_case 'crm-find calls status=c' completed callback
	zsh_case 'crm-edit call 3 direction=' in out
	zsh_case 'crm-edit deal 2 stage=p' proposal
	zsh_case 'crm-find tasks assignee=l' luis
	zsh_case 'crm-edit task 1 ' contact_id= title= assignee= due= done_at=
	zsh_case 'crm-export deals ' owner=
	zsh_case 'crm-add ' $entities $contact_fields

	# Plans, the dashboard, the checks.
	zsh_case 'crm-plan -' $plan_opts $common_opts
	zsh_case 'crm-plan ' $owners team $metrics
	zsh_case 'crm-plan l' luis
	zsh_case 'crm-plan ana ' $metrics
	zsh_case 'crm-plan ana calls=5 me' meetings_held=
	zsh_case 'crm-plan --month ' month last-month
	zsh_case 'crm-status -' $status_opts $common_opts
	zsh_case 'crm-status --user ' $owners
	zsh_case 'crm-check -' $check_opts $common_opts
	zsh_case 'crm-check --owner ' $owners
	zsh_case 'crm-check --problem dup' duplicate_email duplicate_name duplicate_phone
	zsh_case 'crm check --problem=task' task_overdue

	# crm-db: its commands, then the backup file of backup and restore.
	zsh_case 'crm-db ' backup restore check
	zsh_case 'crm-db -' --force $common_opts
	zsh_case 'crm-db backup bk' bk-one.db
	zsh_case 'crm-db --force restore bk-o' bk-one.db
	zsh_case 'crm-db check '
	zsh_case 'crm db r' restore

	# Meetings and calls: contacts from the search index's words, call
	# statuses and deal stages from the base's pick lists.
	zsh_case 'crm-meet -' $meet_opts $common_opts
	zsh_case 'crm-meet --for ' $owners
	zsh_case 'crm-meet ru' ruiz
	zsh_case 'crm-meet z' zeta
	zsh_case 'crm-meet ruiz '
	zsh_case 'crm meet ev' eva
	zsh_case 'crm-call -' $call_opts $common_opts
	zsh_case 'crm-call --import ' asterisk csv
	zsh_case 'crm-call --for ' $owners
	zsh_case 'crm-call ma' madrid
	zsh_case 'crm-call ruiz ' $statuses
	zsh_case 'crm-call ruiz c' completed callback
	zsh_case 'crm-call --in ruiz w' wrong_number
	zsh_case 'crm-call ruiz done '
	zsh_case 'crm call ruiz n' new no_answer
	zsh_case 'crm-task ev' eva
	zsh_case 'crm-deal ev' eva
	zsh_case 'crm-deal 3 ' $stages
	zsh_case 'crm-deal 3 p' proposal
	zsh_case 'crm-deal --stage ' $stages

	# Values from the base, given as they are: compadd quotes them.
	zsh_case 'crm-add owner=' $owners
	zsh_case 'crm-add owner=l' luis
	zsh_case 'crm-edit company 2 owner=' $owners
	zsh_case 'crm-find --owner ' $owners
	zsh_case 'crm-find --owner=lu' luis
	zsh_case 'crm-find owner=' $owners
	zsh_case 'crm-find --tag ' madrid vip
	zsh_case 'crm-export tag=' madrid vip
	zsh_case 'crm-add tags=vip,m' madrid
	zsh_case 'crm-add company=' 'Acme\ Ibérica' 'Zeta\ Corp'
	zsh_case 'crm-add company=Ac' 'Acme\ Ibérica'
	zsh_case 'crm-export company=Acme\ I' 'Acme\ Ibérica'
	zsh_case 'crm-find company="Ac' 'Acme\ Ibérica'
	zsh_case 'crm-log --actor ' $owners
	zsh_case 'crm-log -a l' luis
	zsh_case 'crm-config set ' phone.default_country deal.currency \
	    deal.stages call.callback_minutes call.statuses \
	    call.wrong_number_seconds check.untouched_days \
	    policy.labour policy.visibility fields.personal
	zsh_case 'crm-user set ' $owners
	zsh_case 'crm-user add '
	zsh_case 'crm user set a' ana
	zsh_case 'crm find --tag ' madrid vip
	# The --db of the line, however given.
	zsh_case "crm-find --db $DB2 owner=" $owners2
	zsh_case "crm-find --db=$DB2 --owner " $owners2
	zsh_case "crm-export --db $DB2 company=" 'Otra\ Empresa'
	zsh_case 'crm-add --db ~/other.db tags=' export
	zsh_case "crm find --db $DB2 --owner m" marta
	zsh_case "crm-user --db $DB2 set " $owners2
	# No base, no values, and no base made.
	zsh_case "crm-find --db $T/none.db owner="
	no_base zsh "$T/none.db"
	CRM_DB=$T/none2.db zsh_case 'crm-user set '
	no_base zsh "$T/none2.db"
}

# ---------------------------------------------------------------- fish
#
# fish loads completions/fish/CMD.fish for CMD when CMD is on PATH (the
# binaries under test are), and the helper functions they share from
# completions/fish/functions/NAME.fish when first called.
fish_case() {	# LINE WANT...
	local line=$1
	shift
	t_cands "fish: $line" "$(fish_complete "$COMPL/fish" "$line")" "$@"
}

fish_alone() {	# CMD LINE WANT...: with only CMD.fish and the functions
	local c=$1 line=$2
	shift 2
	mkdir -p "$T/fish-$c"
	cp "$COMPL/fish/$c.fish" "$T/fish-$c/"
	t_cands "fish: $c.fish alone: $line" \
	    "$(fish_complete "$T/fish-$c" "$line")" "$@"
}

fish_complete() {	# DIR LINE: the candidates, completions from DIR
	(cd "$T" && fish --no-config -c 'set -p fish_complete_path $argv[1]
	    set -p fish_function_path $argv[2]
	    complete -C $argv[3]' "$1" "$COMPL/fish/functions" "$2" 2>&1 |
	    cut -f1)
}

fish_tests() {
	local c f
	for c in $CMDS; do
		t_ok "fish: completions/fish/$c.fish parses" \
		    fish --no-config --no-execute "$COMPL/fish/$c.fish"
	done
	for f in "$COMPL"/fish/functions/*.fish; do
		c=${f##*/}
		c=${c%.fish}
		t_ok "fish: completions/fish/functions/$c.fish defines $c" \
		    fish --no-config -c 'source $argv[1]; and functions -q $argv[2]
			and test (count (functions -an | string match -- "__crm*")) = 1' \
		    "$f" "$c"
		t_ok "fish: $c is in no completion file" \
		    sh -c '! grep -q "^ *function $1\\b" "$2"/*.fish' x "$c" \
		    "$COMPL/fish"
	done
	fish_case 'crm ' add call check config db deal edit export find help log meet plan report show status task user
	fish_case 'crm -' --help -h
	fish_case 'crm help ' add call check config db deal edit export find log meet plan report show status task user
	fish_case 'crm add --up' --upsert
	fish_case 'crm export ta' tag= tasks task
	fish_case 'crm user set ana active=' active=yes active=no
	fish_case 'crm-add --fo' --format
	fish_case 'crm-add -' --allow-duplicates --atomic --dry-run -n \
	    --rejects -r --restore --upsert -u --from --keep-unknown --map \
	    --db --format -f --quiet -q --delimiter -d --encoding --help --usage
	fish_case 'crm-add ' $entities $contact_fields
	fish_case 'crm-add company ' $company_fields
	fish_case 'crm-add company name=x ' address= city= email= notes= \
	    owner= phone= tags= website=
	fish_case 'crm-add consent=' consent=yes consent=no
	fish_case 'crm-add -f ' table csv tsv json vcard
	fish_case 'crm-add --from ' google outlook
	fish_case 'crm-add --format=j' --format=json
	fish_case 'crm-add -d ' ',' ';' tab
	fish_case 'crm-export ' $entities $activities owner= tag= company=
	fish_case 'crm-export -' --active --since -s --db --format -f \
	    --quiet -q --delimiter -d --encoding --help --usage $interop_opts
	fish_case 'crm-export -f ' $interop_formats
	fish_case 'crm-export --vcard-version ' 4.0 3.0
	fish_case 'crm-export contacts owner=x ' tag= company=
	fish_case 'crm-config ' list get set unset
	fish_case 'crm-config get ' phone.default_country deal.currency \
	    deal.stages call.callback_minutes call.statuses \
	    call.wrong_number_seconds check.untouched_days \
	    policy.labour policy.visibility fields.personal
	fish_case 'crm-config set phone.default_country '
	fish_case 'crm-user ' list add set deactivate
	fish_case 'crm-user deactivate ' ana luis $ME
	fish_case 'crm-user --reassign-to ' ana luis $ME
	fish_case 'crm-user add --re' --reassign-to --restore
	fish_case 'crm-config set policy.labour ' open operator
	fish_case 'crm-config set policy.visibility o' own
	fish_case 'crm-user add ana ' name= email= role= extension= active=
	fish_case 'crm-user set ana name=x ro' role=
	fish_case 'crm-user add ana role=' role=admin role=supervisor \
	    role=manager role=operator

	# The new programs: options, entities, fields.
	fish_case 'crm find --ow' --owner
	fish_case 'crm-find -' $find_opts $common_opts $interop_opts
	fish_case 'crm-find ' $entities $activities id= $contact_fields
	fish_case 'crm-find company ' id= $company_fields
	fish_case 'crm-find -n 5 --sort name company na' name=
	fish_case 'crm-edit -' $edit_opts $common_opts
	fish_case 'crm-edit ' $entities $activities $contact_fields
	fish_case 'crm-edit company 2 ' $company_fields
	fish_case 'crm-show -' $common_opts
	fish_case 'crm-show ' $entities $activities
	fish_case 'crm-show company '
	fish_case 'crm-log -' $log_opts $common_opts
	fish_case 'crm-log ' $log_entities
	fish_case 'crm-log --action ' $actions
	fish_case 'crm-log setting ' phone.default_country deal.currency \
	    deal.stages call.callback_minutes call.statuses \
	    call.wrong_number_seconds check.untouched_days \
	    policy.labour policy.visibility fields.personal
	fish_case 'crm-log contact '
	fish_case 'crm-task -' $task_opts $common_opts
	fish_case 'crm-task --for ' $owners
	fish_case 'crm-deal -' $deal_opts $common_opts
	fish_case 'crm-deal --for ' $owners

	# Reports.
	fish_case 'crm-report -' $report_opts $common_opts
	fish_case 'crm-report --by ' manager day week month
	fish_case 'crm-report --period last' last-week last-month last-quarter
	fish_case 'crm-report -f ' table csv tsv json html email
	fish_case 'crm-find -f ' $interop_formats
	fish_case 'crm-report --manager l' luis
	fish_case 'crm-report --rows ' $owners team
	fish_case 'crm-report --rows ana meetings_' meetings_held meetings_planned meetings_cancelled meetings_no_show

	# Activities in crm-find, crm-edit, crm-export: their fields and values.
	fish_case 'crm-find meetings ' id= contact_id= topic= at= duration= location= status= result= manager=
	fish_case 'crm-find meetings status=' status=planned status=held status=cancelled status=no_show
	fish_case 'crm-find calls status=c' status=completed status=callback
	fish_case 'crm-edit call 3 direction=' direction=in direction=out
	fish_case 'crm-edit deal 2 stage=p' stage=proposal
	fish_case 'crm-find tasks assignee=l' assignee=luis
	fish_case 'crm-edit task 1 ' contact_id= title= assignee= due= done_at=
	fish_case 'crm-export deals ' owner=
	fish_case 'crm-add ' $entities $contact_fields

	# Plans, the dashboard, the checks.
	fish_case 'crm-plan -' $plan_opts $common_opts
	fish_case 'crm-plan ' $owners team $metrics
	fish_case 'crm-plan l' luis
	fish_case 'crm-plan ana ' $metrics
	fish_case 'crm-plan ana calls=5 me' meetings_held=
	fish_case 'crm-plan --month ' month last-month
	fish_case 'crm-status -' $status_opts $common_opts
	fish_case 'crm-status --user ' $owners
	fish_case 'crm-check -' $check_opts $common_opts
	fish_case 'crm-check --owner ' $owners
	fish_case 'crm-check --problem dup' duplicate_email duplicate_name duplicate_phone
	fish_case 'crm check --problem=task' --problem=task_overdue

	# crm-db: its commands, then the backup file of backup and restore.
	fish_case 'crm-db ' backup restore check
	fish_case 'crm-db -' --force $common_opts
	fish_case 'crm-db backup bk' bk-one.db
	fish_case 'crm-db --force restore bk-o' bk-one.db
	fish_case 'crm-db check '
	fish_case 'crm db r' restore

	# Meetings and calls: contacts from the search index's words, call
	# statuses and deal stages from the base's pick lists.
	fish_case 'crm-meet -' $meet_opts $common_opts
	fish_case 'crm-meet --for ' $owners
	fish_case 'crm-meet ru' ruiz
	fish_case 'crm-meet z' zeta
	fish_case 'crm-meet ruiz '
	fish_case 'crm meet ev' eva
	fish_case 'crm-call -' $call_opts $common_opts
	fish_case 'crm-call --import ' asterisk csv
	fish_case 'crm-call --for ' $owners
	fish_case 'crm-call ma' madrid
	fish_case 'crm-call ruiz ' $statuses
	fish_case 'crm-call ruiz c' completed callback
	fish_case 'crm-call --in ruiz w' wrong_number
	fish_case 'crm-call ruiz done '
	fish_case 'crm call ruiz n' new no_answer
	fish_case 'crm-task ev' eva
	fish_case 'crm-deal ev' eva
	fish_case 'crm-deal 3 ' $stages
	fish_case 'crm-deal 3 p' proposal
	fish_case 'crm-deal --stage ' $stages

	# Values from the base: fish escapes what it inserts.
	fish_case 'crm-add owner=' owner=ana owner=luis "owner=$ME"
	fish_case 'crm-add owner=l' owner=luis
	fish_case 'crm-edit company 2 owner=' owner=ana owner=luis "owner=$ME"
	fish_case 'crm-find --owner ' $owners
	fish_case 'crm-find --owner=lu' --owner=luis
	fish_case 'crm-find owner=' owner=ana owner=luis "owner=$ME"
	fish_case 'crm-find --tag ' madrid vip
	fish_case 'crm-export tag=' tag=madrid tag=vip
	fish_case 'crm-add tags=vip,m' tags=vip,madrid
	fish_case 'crm-add company=' 'company=Acme Ibérica' 'company=Zeta Corp'
	fish_case 'crm-add company=Ac' 'company=Acme Ibérica'
	fish_case 'crm-export company=Acme\ I' 'company=Acme Ibérica'
	fish_case 'crm-log --actor ' $owners
	fish_case 'crm-log -a l' luis
	fish_case 'crm-config set ' phone.default_country deal.currency \
	    deal.stages call.callback_minutes call.statuses \
	    call.wrong_number_seconds check.untouched_days \
	    policy.labour policy.visibility fields.personal
	fish_case 'crm-user set ' $owners
	fish_case 'crm-user add '
	fish_case 'crm user set a' ana
	fish_case 'crm find --tag ' madrid vip
	# The --db of the line, however given.
	fish_case "crm-find --db $DB2 owner=" owner=marta "owner=$ME"
	fish_case "crm-find --db=$DB2 --owner " $owners2
	fish_case "crm-export --db $DB2 company=" 'company=Otra Empresa'
	fish_case 'crm-add --db ~/other.db tags=' tags=export
	fish_case "crm find --db $DB2 --owner m" marta
	fish_case "crm-user --db $DB2 set " $owners2
	# No base, no values, and no base made.
	fish_case "crm-find --db $T/none.db owner="
	no_base fish "$T/none.db"
	CRM_DB=$T/none2.db fish_case 'crm-user set '
	no_base fish "$T/none2.db"

	# Each file works alone, with only the shared functions beside it.
	fish_alone crm 'crm ' add call check config db deal edit export find help log meet plan report show status task user
	fish_alone crm-add 'crm-add company name=x ' address= city= email= \
	    notes= owner= phone= tags= website=
	fish_alone crm-export 'crm-export contacts owner=x ' tag= company=
	fish_alone crm-config 'crm-config get ' phone.default_country deal.currency \
	    deal.stages call.callback_minutes call.statuses \
	    call.wrong_number_seconds check.untouched_days \
	    policy.labour policy.visibility fields.personal
	fish_alone crm-user 'crm-user add ana role=' role=admin \
	    role=supervisor role=manager role=operator
	fish_alone crm-find 'crm-find --owner ' $owners
	fish_alone crm-edit 'crm-edit company=Z' 'company=Zeta Corp'
	fish_alone crm-show 'crm-show ' $entities $activities
	fish_alone crm-log 'crm-log -a l' luis
	fish_alone crm-task 'crm-task --for l' luis
	fish_alone crm-meet 'crm-meet --for l' luis
	fish_alone crm-call 'crm-call ruiz b' busy
	fish_alone crm-deal 'crm-deal 3 w' won
	fish_alone crm-plan 'crm-plan ana d' deals_won=
	fish_alone crm-status 'crm-status --user l' luis
	fish_alone crm-check 'crm-check --problem bad' bad_email bad_phone
	fish_alone crm-report 'crm-report --by w' week
	fish_alone crm-db 'crm-db ' backup restore check
}

bash_tests
if command -v zsh >/dev/null 2>&1; then
	zsh_tests
else
	t_skip "zsh completion" "no zsh"
fi
if command -v fish >/dev/null 2>&1; then
	fish_tests
else
	t_skip "fish completion" "no fish"
fi
t_done
