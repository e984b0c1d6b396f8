-- all batches one day at a time; bounds from the stage (first run: first day only, later runs: the rest)
{{ config(materialized='vault_insert_by_period', timestamp_field='load_datetime', period='day',
          date_source_models=['stg_customers_all']) }}
{{ gata.sat(src_pk='CUSTOMER_HK', src_hashdiff='CUSTOMER_HASHDIFF', src_payload=['customer_name', 'customer_dob'],
            src_eff='EFFECTIVE_FROM', src_ldts='load_datetime', src_source='RECORD_SOURCE',
            source_model='stg_customers_all') }}
