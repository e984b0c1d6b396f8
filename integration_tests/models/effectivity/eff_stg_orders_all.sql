{{ gata.stage(
    source_model='eff_raw_orders_all',
    hashed_columns={'customer_order_hk': ['customer_id', 'order_id'], 'order_hk': 'order_id', 'customer_hk': 'customer_id'}
) }}
