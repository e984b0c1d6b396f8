-- composite primary key; with var params_override_hub the project's own default__hub (macros/) is used
{{ config(materialized='incremental') }}
{{ gata.hub(src_pk=['tenant', 'customer_hk'], src_nk='customer_id', src_ldts='load_datetime',
            src_source='record_source', source_model='params_stg_customers') }}
