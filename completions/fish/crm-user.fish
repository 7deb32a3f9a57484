# fish completion for crm-user: the users of the base.
# Its helpers __crm_args, __crm_fields and __crm_values are autoloaded from
# functions/.

complete -c crm-user -f
complete -c crm-user -l db -r -F -d 'Database file'
complete -c crm-user -s f -l format -x -a 'table csv tsv json' -d 'Output format'
complete -c crm-user -s q -l quiet -d 'Print ids only'
complete -c crm-user -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-user -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-user -l help -d 'Give the help list'
complete -c crm-user -l usage -d 'Give a short usage message'
complete -c crm-user -n 'test (count (__crm_args)) = 0' -a list -d 'List the users'
complete -c crm-user -n 'test (count (__crm_args)) = 0' -a add -d 'Add a user'
complete -c crm-user -n 'test (count (__crm_args)) = 0' -a set -d 'Change a user'
complete -c crm-user -n 'test (count (__crm_args)) = 0' -a deactivate -d 'Deactivate a user who leaves'
complete -c crm-user -l reassign-to -x -a '(__crm_values logins)' -d 'deactivate: who takes over the clients and open work'
complete -c crm-user -l restore -d 'add from CSV: restore a backup, keeping its stamps'
complete -c crm-user -n 'set -l a (__crm_args); test (count $a) = 1; and contains -- $a[1] set deactivate' -a '(__crm_values logins)' -d Login
complete -c crm-user -n 'set -l a (__crm_args); test (count $a) -ge 2; and contains -- $a[1] add set' -a '(__crm_fields name email role extension active)'
