select unhex(md5(customer_id || '||' || order_id)) as customer_order_hk,
       unhex(md5(order_id)) as order_hk, unhex(md5(customer_id)) as customer_hk,
       start_date, end_date, load_datetime as effective_from, load_datetime, 'test.customer_orders' as record_source
from {{ ref('more_customer_orders') }}
where batch = {{ var('batch') }}
