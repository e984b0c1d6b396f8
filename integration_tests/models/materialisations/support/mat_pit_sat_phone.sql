-- plain-SQL satellite rows (phone) up to env GATA_IT_BATCH (set by the test): PIT input
{{ config(materialized='table') }}
select unhex(md5(customer_id)) as customer_hk, load_datetime
from {{ ref('mat_pit_rows') }}
where sat = 'phone' and batch <= {{ env_var('GATA_IT_BATCH', '1') }}
