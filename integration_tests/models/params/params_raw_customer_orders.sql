-- the batch the current scenario step loads, set by tests/vault/test_param_forms.py. An environment
-- variable, not a var: dbt then re-parses only this file when it changes (a new var re-parses everything)
select * exclude (batch) from {{ ref('params_customer_orders') }} where batch = {{ env_var('GATA_IT_PARAMS_BATCH', '1') }}
