-- the batch the current scenario step loads (var batch, set by tests/vault/test_param_forms.py)
select * exclude (batch) from {{ ref('params_customer_orders') }} where batch = {{ var('batch') }}
