{{ gata.stage(
    source_model='led_raw_customers',
    derived_columns={'record_source': '!crm', 'effective_from': 'load_datetime'},
    hashed_columns={
        'customer_hk': 'customer_id',
        'customer_hashdiff': {'is_hashdiff': true, 'columns': ['name']}
    }
) }}
