-- plain-SQL effectivity satellite rows up to var batch: bridge input
{{ config(materialized='table') }}
select unhex(md5(customer_id || '||' || order_id)) as customer_order_hk, end_date, load_datetime
from {{ ref('mat_bridge_rows') }}
where batch <= {{ var('batch') }}
