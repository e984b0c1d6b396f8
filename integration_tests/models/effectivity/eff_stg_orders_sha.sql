-- both tenants, SHA-256 keys written out here (the tenant is a key column of its own, not hashed in)
select tenant,
       unhex(sha256(upper(trim(customer_id)) || '||' || upper(trim(order_id)))) as customer_order_hk,
       unhex(sha256(upper(trim(order_id)))) as order_hk,
       unhex(sha256(upper(trim(customer_id)))) as customer_hk,
       customer_id, start_date, end_date, effective_from, load_datetime, record_source
from {{ ref('eff_orders') }}
where load = {{ env_var('GATA_IT_EFF_LOAD', '1') }}
