-- must fail: AutomateDV does not load by periods finer than a second
{{ config(materialized='vault_insert_by_period', timestamp_field='load_datetime', period='millisecond', start_date='2024-01-01', stop_date='2024-01-02') }}
{{ gata.hub(src_pk='CUSTOMER_HK', src_nk='customer_id', src_ldts='load_datetime', src_source='RECORD_SOURCE', source_model='mat_stg_events_tz') }}
