# fish completion for crm-export: contacts or companies with every field.
# Its helpers __crm_args, __crm_fields and __crm_values are autoloaded from
# functions/.

complete -c crm-export -f
complete -c crm-export -l db -r -F -d 'Database file'
complete -c crm-export -s f -l format -x -a 'table csv tsv json vcard ics mutt emails' -d 'Output format'
complete -c crm-export -s q -l quiet -d 'Print ids only'
complete -c crm-export -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-export -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-export -l help -d 'Give the help list'
complete -c crm-export -l usage -d 'Give a short usage message'
complete -c crm-export -l excel -d 'CSV for spreadsheets: BOM, CRLF, formulas neutralised'
complete -c crm-export -l for-mailing -d 'Only contacts with marketing consent'
complete -c crm-export -l ignore-consent -d 'Keep contacts without consent in a mailing'
complete -c crm-export -l split -x -a '(__fish_complete_directories)' -d '-f vcard: one file per contact in DIR'
complete -c crm-export -l vcard-version -x -a '4.0 3.0' -d 'vCard version'
complete -c crm-export -l active -d 'Leave archived records out'
complete -c crm-export -s s -l since -x -d 'Only records changed at or after DATE'
complete -c crm-export -n 'not __crm_args | string match -q "*"' -a 'contact contacts company companies meeting meetings call calls task tasks deal deals' -d Entity
complete -c crm-export -n 'not __crm_args | head -n1 | string match -qr "^(meetings?|calls?|tasks?|deals?)\$"' -a '(__crm_fields owner tag company)'
complete -c crm-export -n '__crm_args | head -n1 | string match -qr "^(meetings?|calls?|tasks?|deals?)\$"' -a '(__crm_fields owner)'
