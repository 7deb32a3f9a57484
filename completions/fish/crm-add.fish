# fish completion for crm-add: create contacts and companies.

# The arguments before the cursor that are not options or their values.
function __crm_args
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l skip 0
    for t in $tokens
        if test $skip = 1
            set skip 0
        else if string match -qr -- '^(--db|-f|--format|-d|--delimiter|-r|--rejects|-s|--since)$' $t
            set skip 1
        else if not string match -q -- '-?*' $t
            echo $t
        end
    end
end

# Complete name=value words from the field names given: the names not yet
# on the line, or after name= its values.
function __crm_fields
    set -l cur (commandline -ct)
    if string match -q -- '*=*' $cur
        set -l field (string split -m1 = -- $cur)[1]
        switch $field
            case consent active
                printf '%s\n' $field=yes $field=no
            case role
                printf '%s\n' $field=admin $field=supervisor $field=manager $field=operator
        end
        return
    end
    set -l used (string match -r -- '^[a-z_]+(?==)' (__crm_args))
    for f in $argv
        contains -- $f $used; or echo $f=
    end
end

complete -c crm-add -f
complete -c crm-add -l db -r -F -d 'Database file'
complete -c crm-add -s f -l format -x -a 'table csv tsv json' -d 'Output format'
complete -c crm-add -s q -l quiet -d 'Print ids only'
complete -c crm-add -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-add -l help -d 'Give the help list'
complete -c crm-add -l usage -d 'Give a short usage message'
complete -c crm-add -l allow-duplicates -d 'Add contacts whose phone or e-mail is already in the base'
complete -c crm-add -l atomic -d 'Commit nothing if any row is rejected'
complete -c crm-add -s n -l dry-run -d 'Validate only; change nothing'
complete -c crm-add -s r -l rejects -r -F -d 'Write rejected rows to FILE'
complete -c crm-add -s u -l upsert -d 'Update the matching record instead of rejecting the row'
complete -c crm-add -n 'not __crm_args | string match -q "*"' -a 'contact contacts company companies' -d Entity
complete -c crm-add -n '__crm_args | head -n1 | string match -qr "^compan(y|ies)\$"' -a '(__crm_fields name phone email website city address tags notes owner)'
complete -c crm-add -n 'not __crm_args | head -n1 | string match -qr "^compan(y|ies)\$"' -a '(__crm_fields first_name last_name phone email company title city address source tags notes owner consent)'
