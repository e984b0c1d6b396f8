{{ config(materialized='table') }}
select distinct unhex(md5(order_id || '||' || product_id)) as order_product_hk,
       unhex(md5(order_id)) as order_hk, unhex(md5(product_id)) as product_hk
from {{ ref('more_order_products') }}
where batch <= {{ var('batch') }}
