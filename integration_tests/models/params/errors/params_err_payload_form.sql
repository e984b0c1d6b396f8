-- must fail: a src_payload mapping with an unknown key (rendered only as params_err_null_columns_kind says)
-- depends_on: {{ ref('params_stg_customers') }}
{{ config(enabled=var('params_errors', false), materialized='incremental') }}
{%- if execute %}
{{ gata.sat(src_pk='customer_hk', src_hashdiff='customer_hashdiff', src_payload={'exclude': ['name']},
            src_ldts='load_datetime', src_source='record_source', source_model='params_stg_customers') }}
{%- else %}
select 1 as placeholder
{%- endif %}
