-- only start_date: the load stops at the current time (rows dated later wait for a later run)
{{ config(materialized='vault_insert_by_period', timestamp_field='load_datetime', period='year', start_date='2024-01-01') }}
{{ gata.hub(src_pk='CUSTOMER_HK', src_nk='customer_id', src_ldts='load_datetime', src_source='RECORD_SOURCE',
            source_model='mat_stg_events_tz') }}
