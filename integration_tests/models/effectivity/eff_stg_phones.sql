{{ gata.stage(
    source_model='eff_raw_phones',
    derived_columns={'record_source': '!phones'},
    hashed_columns={'customer_hk': 'customer_id', 'phone_hashdiff': {'is_hashdiff': true, 'columns': ['phone', 'phone_type']}}
) }}
