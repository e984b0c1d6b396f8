-- plain-SQL hub of the PIT/bridge scenario (the hub engine is tested elsewhere): customers seen up to env GATA_IT_BATCH (set by the test)
{{ config(materialized='table') }}
select customer_hk, min(load_datetime) as load_datetime from (
    select unhex(md5(customer_id)) as customer_hk, load_datetime from {{ ref('mat_pit_rows') }} where batch <= {{ env_var('GATA_IT_BATCH', '1') }}
    union all
    select unhex(md5(customer_id)), load_datetime from {{ ref('mat_bridge_rows') }} where batch <= {{ env_var('GATA_IT_BATCH', '1') }}
) as seen
group by customer_hk
