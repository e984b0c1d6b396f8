-- tenant T1's rows of every load up to the current scenario step (tests/vault/test_eff_ma_sat.py): each
-- run replays the loads before, which must add nothing. An environment variable, not a var: dbt then
-- re-parses only the files reading it when it changes.
select * exclude (load) from {{ ref('eff_orders') }} where tenant = 'T1' and load <= {{ env_var('GATA_IT_EFF_LOAD', '1') }}
