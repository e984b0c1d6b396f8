-- one child dependent key
{{ config(materialized='incremental') }}
{{ gata.ma_sat(src_pk='customer_hk', src_cdk='phone', src_hashdiff='phone_hashdiff', src_payload=['phone_type'],
               src_ldts='load_datetime', src_source='record_source', source_model='eff_stg_phones') }}
