-- the batch the current scenario step loads (tests/vault/test_load_semantics.py); an environment variable,
-- not a var: dbt then re-parses only this file when it changes
select * exclude (batch) from {{ ref('sem_customers') }} where batch = {{ env_var('GATA_IT_SEM_BATCH', '1') }}
