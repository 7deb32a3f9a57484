# tests/cli/crm.sh - the dispatcher.
. "$TOP/tests/lib.sh"

t_run "crm alone lists the verbs" 0 crm
for v in add config export user; do
	t_has "the list names $v" "  $v "
done
t_run "crm add runs crm-add" 0 crm add -q first_name=A last_name=B email=a@b.es
t_out "with its arguments" "1"
t_run "crm export runs crm-export" 0 crm export -q
t_out "the contact" "1"
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
