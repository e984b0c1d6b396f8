{{ config(materialized='vault_insert_by_period', timestamp_field='load_datetime', period='day',
          date_source_models=['more_stg_customer_orders_all'], tags=['more_period']) }}
{{ gata.eff_sat(src_pk='customer_order_hk', src_dfk=['order_hk'], src_sfk=['customer_hk'],
                src_start_date='start_date', src_end_date='end_date', src_eff='effective_from',
                src_ldts='load_datetime', src_source='record_source',
                source_model='more_stg_customer_orders_all') }}
