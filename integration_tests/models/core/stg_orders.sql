{{ gata.stage(
    source_model='raw_orders_batch',
    derived_columns={'RECORD_SOURCE': '!shop'},
    hashed_columns={
        'ORDER_HK': 'order_id',
        'CUSTOMER_HK': 'customer_id',
        'ORDER_CUSTOMER_LK': ['order_id', 'customer_id'],
        'ORDER_HASHDIFF': {'is_hashdiff': true, 'columns': ['amount']}
    }
) }}
where channel = 'shop'
