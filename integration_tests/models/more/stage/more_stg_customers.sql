select unhex(md5(customer_id)) as customer_hk, name, city,
       unhex(md5(upper(name))) as name_hashdiff, unhex(md5(upper(city))) as city_hashdiff,
       'SAT_CUSTOMER_NAME' as name_sat_name, 'SAT_CUSTOMER_CITY' as city_sat_name,
       load_datetime, 'test.customers' as record_source
from {{ ref('more_customers') }}
where batch = {{ var('batch') }}
