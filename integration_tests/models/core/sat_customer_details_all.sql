-- all batches in one incremental load (compared with sat_customer_details_by_period)
{{ config(materialized='incremental') }}
{{ gata.sat(src_pk='CUSTOMER_HK', src_hashdiff='CUSTOMER_HASHDIFF', src_payload=['customer_name', 'customer_dob'],
            src_eff='EFFECTIVE_FROM', src_ldts='load_datetime', src_source='RECORD_SOURCE',
            source_model='stg_customers_all') }}
