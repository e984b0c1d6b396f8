-- must fail: rank_column is one column name, not a list
{{ config(materialized='vault_insert_by_rank', rank_column=['DBTVAULT_RANK'], rank_source_models='mat_stg_customers') }}
{{ gata.hub(src_pk='CUSTOMER_HK', src_nk='customer_id', src_ldts='load_datetime', src_source='RECORD_SOURCE', source_model='mat_stg_customers') }}
