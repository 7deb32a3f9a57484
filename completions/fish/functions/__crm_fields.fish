# fish function __crm_fields, shared by the completions of crm-add, crm-edit,
# crm-export, crm-find and crm-user.  fish autoloads it by name from
# fish_function_path (vendor_functions.d once installed).

# Complete name=value words from the field names given: the names not yet
# on the line, or after name= its values (from the base for owner, company,
# tag, tags and role, through __crm_values).
function __crm_fields
    set -l cur (commandline -ct)
    if string match -q -- '*=*' $cur
        set -l parts (string split -m1 = -- $cur)
        set -l field $parts[1]
        set -l value (string unescape -- "$parts[2]"; or string trim -c '"\'' -- "$parts[2]")
        set -l kind
        set -l lead $field=
        switch $field
            case consent active
                printf '%s\n' $field=yes $field=no
            case role
                set kind roles
            case owner manager assignee
                set kind owners
            case stage
                set kind stages
            case direction
                printf '%s\n' $field=in $field=out
            case status
                switch (__crm_args)[1]
                    case call calls
                        set kind statuses
                    case meeting meetings
                        printf '%s\n' $field=planned $field=held $field=cancelled $field=no_show
                end
            case company
                set kind companies
            case tag tags
                # A list: complete its last item.
                set kind tags
                set -l head (string match -r -- '^.*,' "$value")
                set lead "$field=$head"
                set value (string replace -r -- '^.*,' '' "$value")
        end
        if test -n "$kind"
            for v in (__crm_values $kind "$value")
                echo "$lead$v"
            end
        end
        return
    end
    set -l used (string match -r -- '^[a-z_]+(?==)' (__crm_args))
    for f in $argv
        contains -- $f $used; or echo $f=
    end
end
