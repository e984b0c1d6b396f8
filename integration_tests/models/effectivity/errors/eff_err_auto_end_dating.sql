-- must fail to compile, naming the model: is_auto_end_dating is neither true nor false (enabled at load step 4 only)
{{ config(enabled=(env_var('GATA_IT_EFF_LOAD', '1') == '4'), materialized='incremental', is_auto_end_dating='maybe') }}
{{ gata.eff_sat(src_pk='customer_order_hk', src_dfk='order_hk', src_sfk='customer_hk',
                src_start_date='start_date', src_end_date='end_date', src_eff='effective_from',
                src_ldts='load_datetime', src_source='record_source', source_model='eff_stg_orders') }}
