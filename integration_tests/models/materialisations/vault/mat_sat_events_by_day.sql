-- TIMESTAMP WITH TIME ZONE load datetimes, one day of the session's time zone per iteration; start_date has an
-- offset: 2024-01-01 21:00 UTC, in the session's first day 2024-01-01 (UTC) or 2024-01-01 (UTC-3)
{{ config(materialized='vault_insert_by_period', timestamp_field='load_datetime', period='day',
          start_date='2024-01-02 02:00:00+05', stop_date='2024-01-03') }}
{{ gata.sat(src_pk='CUSTOMER_HK', src_hashdiff='CUSTOMER_HASHDIFF', src_payload=['name'],
            src_ldts='load_datetime', src_source='RECORD_SOURCE', source_model='mat_stg_events_tz') }}
