-- the batch the current scenario step loads (var batch, set by tests/vault/test_param_forms.py)
select * exclude (batch) from {{ ref('params_phones') }} where batch = {{ var('batch') }}
