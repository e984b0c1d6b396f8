{{ gata.stage(
    source_model='params_raw_customer_orders',
    derived_columns={'record_source': '!orders', 'effective_from': 'load_datetime'},
    hashed_columns={'customer_order_hk': ['customer_id', 'order_id'], 'order_hk': 'order_id', 'customer_hk': 'customer_id'}
) }}
