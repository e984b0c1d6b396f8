{{ config(materialized='table') }}
select distinct unhex(md5(customer_id || '||' || order_id)) as customer_order_hk,
       unhex(md5(customer_id)) as customer_hk, unhex(md5(order_id)) as order_hk
from {{ ref('mat_bridge_rows') }}
where batch <= {{ env_var('GATA_IT_BATCH', '1') }}
