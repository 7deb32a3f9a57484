# fish completion for crm-report: supervisor reports.
# Its helpers __crm_args and __crm_values are autoloaded from functions/.

complete -c crm-report -f
complete -c crm-report -l db -r -F -d 'Database file'
complete -c crm-report -s f -l format -x -a 'table csv tsv json html email' -d 'Output format'
complete -c crm-report -s q -l quiet -d 'Print ids only'
complete -c crm-report -s d -l delimiter -x -a ', \; tab' -d 'Input delimiter'
complete -c crm-report -l encoding -x -a 'windows-1252 latin1 cp1251 utf-16 utf-16le utf-16be utf-8' -d 'Input encoding'
complete -c crm-report -l help -d 'Give the help list'
complete -c crm-report -l usage -d 'Give a short usage message'
complete -c crm-report -l period -x -a 'today yesterday week last-week month last-month quarter last-quarter' -d 'The period'
complete -c crm-report -l by -x -a 'manager day week month' -d 'Rows of the activity section'
complete -c crm-report -l section -x -a 'activity plan pipeline quality' -d 'Sections, comma separated'
complete -c crm-report -l manager -x -a '(__crm_values logins)' -d "Only LOGIN's figures"
complete -c crm-report -l to -x -d '-f email: a recipient'
complete -c crm-report -l subject -x -d '-f email: the subject'
complete -c crm-report -l rows -d 'Print the records behind one figure: MANAGER METRIC'
complete -c crm-report -n 'test (count (__crm_args)) = 0' -a '(__crm_values logins) team' -d Manager
complete -c crm-report -n 'test (count (__crm_args)) = 1' -a 'contacts_added calls calls_completed meetings meetings_held meetings_planned meetings_cancelled meetings_no_show tasks_done tasks_overdue deals_opened deals_won deals_lost revenue_won' -d Metric
