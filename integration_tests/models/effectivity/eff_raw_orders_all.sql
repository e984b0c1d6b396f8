-- tenant T1's whole history, for the one-batch (table) loads
select * exclude (load) from {{ ref('eff_orders') }} where tenant = 'T1'
