-- plain-SQL satellite rows up to the current batch (PIT input)
{{ config(materialized='table') }}
select unhex(md5(customer_id)) as customer_hk, name, load_datetime
from {{ ref('more_customers') }}
where batch <= {{ var('batch') }}
