-- auto end-dating off by config, whatever var enable_auto_end_dating says: only the source closes
{{ config(materialized='incremental', is_auto_end_dating=false) }}
{{ gata.eff_sat(src_pk='customer_order_hk', src_dfk='order_hk', src_sfk='customer_hk',
                src_start_date='start_date', src_end_date='end_date', src_eff='effective_from',
                src_ldts='load_datetime', src_source='record_source', source_model='eff_stg_orders') }}
