# fish completion for crm-task: follow-ups with due dates.
# Its helpers __crm_args and __crm_values are autoloaded from functions/.

complete -c crm-task -f
complete -c crm-task -l db -r -F -d 'Database file'
complete -c crm-task -s f -l format -x -a 'table csv tsv json' -d 'Output format'
complete -c crm-task -s q -l quiet -d 'Print ids only'
complete -c crm-task -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-task -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-task -l help -d 'Give the help list'
complete -c crm-task -l usage -d 'Give a short usage message'
complete -c crm-task -l due -x -d 'When the new task is due'
complete -c crm-task -l for -x -a '(__crm_values logins)' -d "Assign to LOGIN; when listing, LOGIN's tasks"
complete -c crm-task -l done -x -d 'Mark task ID done'
complete -c crm-task -l mine -d 'List my tasks (the default)'
complete -c crm-task -l all -d "List everyone's tasks"
complete -c crm-task -l overdue -d 'Only tasks not done and due before now'
complete -c crm-task -l today -d 'Only tasks due today'
complete -c crm-task -l done-too -d 'List done tasks too'
complete -c crm-task -n 'test (count (__crm_args)) = 0' -a '(__crm_values contacts)' -d Contact
