-- one rank per iteration: each key's rows in load order (AutomateDV's DBTVAULT_RANK); full_refresh=false
-- as Gata's vault history guard sets it: --full-refresh must not drop this history
{{ config(materialized='vault_insert_by_rank', rank_column='DBTVAULT_RANK', rank_source_models='mat_stg_customers',
          full_refresh=false) }}
{{ gata.sat(src_pk='CUSTOMER_HK', src_hashdiff='CUSTOMER_HASHDIFF', src_payload=['name'],
            src_ldts='load_datetime', src_source='RECORD_SOURCE', source_model='mat_stg_customers') }}
