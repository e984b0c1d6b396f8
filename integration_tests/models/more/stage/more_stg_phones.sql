select unhex(md5(customer_id)) as customer_hk, phone, phone_type,
       unhex(md5(phone || '||' || upper(phone_type))) as phone_hashdiff,
       load_datetime as effective_from, load_datetime, 'test.phones' as record_source
from {{ ref('more_phones') }}
where batch = {{ var('batch') }}
