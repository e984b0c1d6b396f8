{{ gata.stage(
    source_model='params_raw_phones',
    derived_columns={'record_source': '!phones'},
    hashed_columns={'customer_hk': 'customer_id', 'phone_hashdiff': {'is_hashdiff': true, 'columns': ['phone_type']}}
) }}
