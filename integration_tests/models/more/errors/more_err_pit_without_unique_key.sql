-- must fail: an incremental PIT without unique_key would duplicate rows on re-runs
{{ config(materialized='incremental') }}
{{ gata.pit(src_pk='customer_hk', as_of_dates_table='more_as_of_dates',
            satellites={'more_sat_customer_name': {'pk': {'pk': 'customer_hk'}, 'ldts': {'ldts': 'load_datetime'}}},
            stage_tables_ldts={'more_stg_customers': 'load_datetime'},
            src_ldts='load_datetime', source_model='more_hub_customer') }}
