-- must fail: a text column is no rank
{{ config(materialized='vault_insert_by_rank', rank_column='name', rank_source_models='mat_stg_customers') }}
{{ gata.hub(src_pk='CUSTOMER_HK', src_nk='customer_id', src_ldts='load_datetime', src_source='RECORD_SOURCE', source_model='mat_stg_customers') }}
