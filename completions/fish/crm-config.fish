# fish completion for crm-config: the settings of the base.
# Its helpers __crm_args and __crm_values are autoloaded from functions/.

complete -c crm-config -f
complete -c crm-config -l db -r -F -d 'Database file'
complete -c crm-config -s f -l format -x -a 'table csv tsv json' -d 'Output format'
complete -c crm-config -s q -l quiet -d 'Print ids only'
complete -c crm-config -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-config -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-config -l help -d 'Give the help list'
complete -c crm-config -l usage -d 'Give a short usage message'
complete -c crm-config -n 'test (count (__crm_args)) = 0' -a list -d 'List the settings'
complete -c crm-config -n 'test (count (__crm_args)) = 0' -a get -d 'Print a setting'
complete -c crm-config -n 'test (count (__crm_args)) = 0' -a set -d 'Change a setting'
complete -c crm-config -n 'test (count (__crm_args)) = 0' -a unset -d 'Go back to the default'
complete -c crm-config -n 'set -l a (__crm_args); test (count $a) = 1; and contains -- $a[1] get set unset' -a '(__crm_values settings)' -d Setting
complete -c crm-config -n 'set -l a (__crm_args); test (count $a) = 2; and test $a[1] = set; and test $a[2] = policy.labour' -a 'open operator' -d Policy
complete -c crm-config -n 'set -l a (__crm_args); test (count $a) = 2; and test $a[1] = set; and test $a[2] = policy.visibility' -a 'all own' -d Policy
