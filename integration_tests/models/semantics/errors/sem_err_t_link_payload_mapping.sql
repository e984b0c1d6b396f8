-- must fail: AutomateDV's t_link takes no {exclude_columns: ...} payload. Enabled by GATA_IT_SEM_ERRORS=1 and
-- rendered only at execution (parsing renders every model and must succeed)
-- depends_on: {{ ref('sem_stg_transactions') }}
{{ config(enabled=env_var('GATA_IT_SEM_ERRORS', '') == '1', materialized='incremental') }}
{%- if execute %}
{{ gata.t_link(src_pk='transaction_hk', src_fk=['customer_hk', 'account_hk'],
               src_payload={'exclude_columns': true, 'columns': ['amount']},
               src_eff='effective_from', src_ldts='load_datetime', src_source='record_source',
               source_model='sem_stg_transactions') }}
{%- else %}
select 1 as placeholder
{%- endif %}
