# fish function __crm_fields, shared by the completions of crm-add, crm-config,
# crm-export and crm-user.  fish autoloads it by name from
# fish_function_path (vendor_functions.d once installed).

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
