# fish completion for crm-export: contacts or companies with every field.

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

complete -c crm-export -f
complete -c crm-export -l db -r -F -d 'Database file'
complete -c crm-export -s f -l format -x -a 'table csv tsv json' -d 'Output format'
complete -c crm-export -s q -l quiet -d 'Print ids only'
complete -c crm-export -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-export -l help -d 'Give the help list'
complete -c crm-export -l usage -d 'Give a short usage message'
complete -c crm-export -l active -d 'Leave archived records out'
complete -c crm-export -s s -l since -x -d 'Only records changed at or after DATE'
complete -c crm-export -n 'not __crm_args | string match -q "*"' -a 'contact contacts company companies' -d Entity
complete -c crm-export -a '(__crm_fields owner tag company)'
