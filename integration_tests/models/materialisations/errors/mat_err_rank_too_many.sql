-- must fail: rank 100,001 exceeds AutomateDV's iteration limit
{{ config(materialized='vault_insert_by_rank', rank_column='big_rank', rank_source_models='mat_rank_huge') }}
select name from {{ ref('mat_rank_huge') }} where __RANK_FILTER__
