-- every batch of raw_customers at once: the source of the one-go and the by-period loads below
{{ gata.stage(
    source_model='raw_customers',
    derived_columns={'RECORD_SOURCE': '!crm', 'EFFECTIVE_FROM': 'load_datetime'},
    hashed_columns={
        'CUSTOMER_HK': 'customer_id',
        'CUSTOMER_HASHDIFF': {'is_hashdiff': true, 'columns': ['customer_name', 'customer_id', 'customer_dob']}
    }
) }}
