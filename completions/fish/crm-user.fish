# fish completion for crm-user: the users of the base.

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

complete -c crm-user -f
complete -c crm-user -l db -r -F -d 'Database file'
complete -c crm-user -s f -l format -x -a 'table csv tsv json' -d 'Output format'
complete -c crm-user -s q -l quiet -d 'Print ids only'
complete -c crm-user -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-user -l help -d 'Give the help list'
complete -c crm-user -l usage -d 'Give a short usage message'
complete -c crm-user -n 'test (count (__crm_args)) = 0' -a list -d 'List the users'
complete -c crm-user -n 'test (count (__crm_args)) = 0' -a add -d 'Add a user'
complete -c crm-user -n 'test (count (__crm_args)) = 0' -a set -d 'Change a user'
complete -c crm-user -n 'set -l a (__crm_args); test (count $a) -ge 2; and contains -- $a[1] add set' -a '(__crm_fields name email role extension active)'
