-- must fail: start_date is not an ISO date
{{ config(materialized='vault_insert_by_period', timestamp_field='load_datetime', start_date='01/02/2024') }}
{{ gata.hub(src_pk='CUSTOMER_HK', src_nk='customer_id', src_ldts='load_datetime', src_source='RECORD_SOURCE', source_model='mat_stg_events_tz') }}
