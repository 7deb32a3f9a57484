# fish completion for crm-db: the whole base backed up, restored, checked.
# Its helper __crm_args is autoloaded from functions/.

complete -c crm-db -f
complete -c crm-db -l db -r -F -d 'Database file'
complete -c crm-db -s f -l format -x -a 'table csv tsv json' -d 'Output format'
complete -c crm-db -s q -l quiet -d 'check: print nothing, the exit status alone'
complete -c crm-db -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-db -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-db -l help -d 'Give the help list'
complete -c crm-db -l usage -d 'Give a short usage message'
complete -c crm-db -l force -d "backup: replace FILE; restore: replace the base's content"
complete -c crm-db -n 'test (count (__crm_args)) = 0' -a backup -d 'Copy the whole base to FILE'
complete -c crm-db -n 'test (count (__crm_args)) = 0' -a restore -d "Replace the base's content with FILE's"
complete -c crm-db -n 'test (count (__crm_args)) = 0' -a check -d 'Print the problems of the base'
complete -c crm-db -n 'set -l a (__crm_args); test (count $a) = 1; and contains -- $a[1] backup restore' -F
