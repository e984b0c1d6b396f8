{{ config(materialized='incremental') }}
{{ gata.link(src_pk='ORDER_CUSTOMER_LK', src_fk=['ORDER_HK', 'CUSTOMER_HK'], src_ldts='load_datetime',
             src_source='RECORD_SOURCE', source_model=['stg_orders', 'stg_web_orders']) }}
