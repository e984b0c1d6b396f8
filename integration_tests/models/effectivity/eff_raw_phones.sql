-- tenant T1's phones of every load up to the current step (see eff_raw_orders)
select * exclude (load) from {{ ref('eff_phones') }} where tenant = 'T1' and load <= {{ env_var('GATA_IT_EFF_LOAD', '1') }}
