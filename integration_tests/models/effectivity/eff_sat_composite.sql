-- composite link, driving and secondary keys (the tenant in each, selected once); auto end-dating per
-- (tenant, order), set in config meta; an extra column (a close takes it from the driving key's row, as AutomateDV)
{{ config(materialized='incremental', meta={'is_auto_end_dating': true}) }}
{{ gata.eff_sat(src_pk=['tenant', 'customer_order_hk'], src_dfk=['tenant', 'order_hk'], src_sfk=['tenant', 'customer_hk'], src_extra_columns=['customer_id'],
                src_start_date='start_date', src_end_date='end_date', src_eff='effective_from',
                src_ldts='load_datetime', src_source='record_source', source_model='eff_stg_orders_sha') }}
