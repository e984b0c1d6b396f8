-- must fail: 'fortnight' is not a period
{{ config(materialized='vault_insert_by_period', timestamp_field='load_datetime', period='fortnight', start_date='2024-01-01', stop_date='2024-01-02') }}
select * from {{ ref('more_stg_nations') }} where __PERIOD_FILTER__
