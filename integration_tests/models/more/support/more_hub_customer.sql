-- plain-SQL hub (the hub engine is tested elsewhere): every customer seen up to the current batch
{{ config(materialized='table') }}
select customer_hk, min(load_datetime) as load_datetime from (
    select unhex(md5(customer_id)) as customer_hk, load_datetime from {{ ref('more_customers') }} where batch <= {{ var('batch') }}
    union all
    select unhex(md5(customer_id)), load_datetime from {{ ref('more_phones') }} where batch <= {{ var('batch') }}
    union all
    select unhex(md5(customer_id)), load_datetime from {{ ref('more_customer_orders') }} where batch <= {{ var('batch') }}
) as seen
group by customer_hk
