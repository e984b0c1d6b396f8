select * exclude (load) from {{ ref('eff_phones') }} where tenant = 'T1'
