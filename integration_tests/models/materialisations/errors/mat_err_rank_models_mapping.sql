-- must fail: rank_source_models is a model name or a list of them
{{ config(materialized='vault_insert_by_rank', rank_column='DBTVAULT_RANK', rank_source_models={'mat_stg_customers': 1}) }}
{{ gata.hub(src_pk='CUSTOMER_HK', src_nk='customer_id', src_ldts='load_datetime', src_source='RECORD_SOURCE', source_model='mat_stg_customers') }}
