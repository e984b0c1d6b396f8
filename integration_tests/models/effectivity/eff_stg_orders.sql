-- MD5 keys from gata.stage; the seed delivers start, end and effective dates and the record source
{{ gata.stage(
    source_model='eff_raw_orders',
    hashed_columns={'customer_order_hk': ['customer_id', 'order_id'], 'order_hk': 'order_id', 'customer_hk': 'customer_id'}
) }}
