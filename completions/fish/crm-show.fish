# fish completion for crm-show: one contact's or company's card.
# Its helper __crm_args is autoloaded from functions/.

complete -c crm-show -f
complete -c crm-show -l db -r -F -d 'Database file'
complete -c crm-show -s f -l format -x -a 'table csv tsv json' -d 'Output format'
complete -c crm-show -s q -l quiet -d 'Print ids only'
complete -c crm-show -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-show -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-show -l help -d 'Give the help list'
complete -c crm-show -l usage -d 'Give a short usage message'
complete -c crm-show -n 'not __crm_args | string match -q "*"' -a 'contact contacts company companies meeting meetings call calls task tasks deal deals' -d Entity
