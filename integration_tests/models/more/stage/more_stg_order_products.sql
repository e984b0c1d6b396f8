select unhex(md5(order_id || '||' || product_id)) as order_product_hk,
       unhex(md5(order_id)) as order_hk, unhex(md5(product_id)) as product_hk,
       start_date, end_date, start_date as effective_from, load_datetime, 'test.order_products' as record_source
from {{ ref('more_order_products') }}
where batch = {{ var('batch') }}
