-- all batches in one incremental load (compared with hub_customer_by_period)
{{ config(materialized='incremental') }}
{{ gata.hub(src_pk='CUSTOMER_HK', src_nk='customer_id', src_ldts='load_datetime', src_source='RECORD_SOURCE',
            source_model='stg_customers_all') }}
