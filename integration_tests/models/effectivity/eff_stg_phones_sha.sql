-- both tenants, SHA-256 written out here; the hashdiff covers the payload only, so two child keys
-- alone tell the rows of a set apart
select tenant, unhex(sha256(upper(trim(customer_id)))) as customer_hk, phone, ext, phone_type,
       unhex(sha256(upper(trim(phone_type)))) as hashdiff, load_datetime, 'phones' as record_source
from {{ ref('eff_phones') }}
where load = {{ env_var('GATA_IT_EFF_LOAD', '1') }}
