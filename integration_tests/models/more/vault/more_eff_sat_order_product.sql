{{ config(materialized='incremental') }}
{{ gata.eff_sat(src_pk='order_product_hk', src_dfk='order_hk', src_sfk='product_hk',
                src_start_date='start_date', src_end_date='end_date', src_eff='effective_from',
                src_ldts='load_datetime', src_source='record_source',
                source_model='more_stg_order_products') }}
