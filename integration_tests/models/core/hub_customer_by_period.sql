-- all batches one day at a time; bounds from the stage (first run: first day only, later runs: the rest)
{{ config(materialized='vault_insert_by_period', timestamp_field='load_datetime', period='day',
          date_source_models=['stg_customers_all']) }}
{{ gata.hub(src_pk='CUSTOMER_HK', src_nk='customer_id', src_ldts='load_datetime', src_source='RECORD_SOURCE',
            source_model='stg_customers_all') }}
