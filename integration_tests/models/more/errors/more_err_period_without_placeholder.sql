-- must fail: vault_insert_by_period needs the period placeholder in the SQL
{{ config(materialized='vault_insert_by_period', timestamp_field='load_datetime', start_date='2024-01-01', stop_date='2024-01-02') }}
select * from {{ ref('more_stg_nations') }}
