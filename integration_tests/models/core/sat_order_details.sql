{{ config(materialized='incremental', apply_source_filter=true) }}
{{ gata.sat(src_pk='ORDER_HK', src_hashdiff='ORDER_HASHDIFF', src_payload=['amount'], src_extra_columns='channel',
            src_ldts='load_datetime', src_source='RECORD_SOURCE', source_model=['stg_orders', 'stg_web_orders']) }}
