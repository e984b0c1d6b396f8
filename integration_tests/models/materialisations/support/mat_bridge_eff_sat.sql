-- plain-SQL effectivity satellite rows up to env GATA_IT_BATCH (set by the test): bridge input
{{ config(materialized='table') }}
select unhex(md5(customer_id || '||' || order_id)) as customer_order_hk, end_date, load_datetime
from {{ ref('mat_bridge_rows') }}
where batch <= {{ env_var('GATA_IT_BATCH', '1') }}
