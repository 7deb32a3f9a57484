# fish completion for crm-deal: deals through a pipeline of stages.
# Its helpers __crm_args and __crm_values are autoloaded from functions/.

complete -c crm-deal -f
complete -c crm-deal -l db -r -F -d 'Database file'
complete -c crm-deal -s f -l format -x -a 'table csv tsv json' -d 'Output format'
complete -c crm-deal -s q -l quiet -d 'Print ids only'
complete -c crm-deal -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-deal -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-deal -l help -d 'Give the help list'
complete -c crm-deal -l usage -d 'Give a short usage message'
complete -c crm-deal -l company -x -d 'Add the deal for COMPANY'
complete -c crm-deal -l for -x -a '(__crm_values logins)' -d "The new deal's manager; when listing, LOGIN's deals"
complete -c crm-deal -l won -d 'Move deal ID to won'
complete -c crm-deal -l lost -x -d 'Move deal ID to lost, saying why'
complete -c crm-deal -l mine -d 'List my deals (the default)'
complete -c crm-deal -l all -d "List everyone's deals"
complete -c crm-deal -l stage -x -a '(__crm_values stages)' -d 'Only deals at STAGE'
complete -c crm-deal -l pipeline -d 'Count and sum the deals per stage'
complete -c crm-deal -n 'test (count (__crm_args)) = 0' -a '(__crm_values contacts)' -d Contact
complete -c crm-deal -n 'set -l a (__crm_args); test (count $a) = 1; and string match -qr -- "^[0-9]+\$" $a[1]' -a '(__crm_values stages)' -d Stage
