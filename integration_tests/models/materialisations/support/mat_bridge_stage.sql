select unhex(md5(customer_id || '||' || order_id)) as customer_order_hk, load_datetime
from {{ ref('mat_bridge_rows') }} where batch = {{ env_var('GATA_IT_BATCH', '1') }}
