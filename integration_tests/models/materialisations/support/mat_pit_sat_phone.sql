-- plain-SQL satellite rows (phone) up to var batch: PIT input
{{ config(materialized='table') }}
select unhex(md5(customer_id)) as customer_hk, load_datetime
from {{ ref('mat_pit_rows') }}
where sat = 'phone' and batch <= {{ var('batch') }}
