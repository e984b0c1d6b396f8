-- plain-SQL hub of the PIT/bridge scenario (the hub engine is tested elsewhere): customers seen up to var batch
{{ config(materialized='table') }}
select customer_hk, min(load_datetime) as load_datetime from (
    select unhex(md5(customer_id)) as customer_hk, load_datetime from {{ ref('mat_pit_rows') }} where batch <= {{ var('batch') }}
    union all
    select unhex(md5(customer_id)), load_datetime from {{ ref('mat_bridge_rows') }} where batch <= {{ var('batch') }}
) as seen
group by customer_hk
