-- composite parent key (tenant, customer) and two child dependent keys
{{ config(materialized='incremental') }}
{{ gata.ma_sat(src_pk=['tenant', 'customer_hk'], src_cdk=['phone', 'ext'], src_hashdiff='hashdiff', src_payload=['phone_type'],
               src_ldts='load_datetime', src_source='record_source', source_model='eff_stg_phones_sha') }}
