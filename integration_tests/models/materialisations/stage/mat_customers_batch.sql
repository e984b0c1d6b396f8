-- one batch of customers (var batch): what a delta load delivers
select customer_id, name, load_datetime from {{ ref('mat_customers') }} where batch = {{ var('batch') }}
