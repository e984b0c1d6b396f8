-- must fail: hand-written SQL under vault_insert_by_rank needs the rank placeholder
{{ config(materialized='vault_insert_by_rank', rank_column='DBTVAULT_RANK', rank_source_models='mat_stg_customers') }}
select * from {{ ref('mat_stg_customers') }}
