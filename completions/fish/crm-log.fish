# fish completion for crm-log: the audit trail.
# Its helpers __crm_args and __crm_values are autoloaded from functions/.

complete -c crm-log -f
complete -c crm-log -l db -r -F -d 'Database file'
complete -c crm-log -s f -l format -x -a 'table csv tsv json' -d 'Output format'
complete -c crm-log -s q -l quiet -d 'Print ids only'
complete -c crm-log -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-log -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-log -l help -d 'Give the help list'
complete -c crm-log -l usage -d 'Give a short usage message'
complete -c crm-log -l action -x -a 'insert update archive unarchive erase import reassign export backup restore' -d 'Only changes of this kind'
complete -c crm-log -s a -l actor -x -a '(__crm_values logins)' -d 'Only changes made by LOGIN'
complete -c crm-log -l batch -x -d 'Only the rows of import batch N'
complete -c crm-log -s n -l limit -x -d 'At most N rows'
complete -c crm-log -l since -x -d 'Only changes at or after DATE'
complete -c crm-log -l until -x -d 'Only changes before DATE'
complete -c crm-log -n 'test (count (__crm_args)) = 0' -a 'contact contacts company companies user users setting settings' -d Entity
complete -c crm-log -n 'set -l a (__crm_args); test (count $a) = 1; and contains -- $a[1] setting settings' -a '(__crm_values settings)' -d Setting
