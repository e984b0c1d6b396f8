{{ gata.stage(
    source_model='raw_customers_batch',
    derived_columns={
        'RECORD_SOURCE': '!crm',
        'EFFECTIVE_FROM': 'load_datetime',
        'CUSTOMER_LABEL': ['customer_id', '!X', 'customer_name']
    },
    hashed_columns={
        'CUSTOMER_HK': 'customer_id',
        'CUSTOMER_HASHDIFF': {'is_hashdiff': true, 'columns': ['customer_name', 'customer_id', 'customer_dob']},
        'CUSTOMER_HASHDIFF_EXCL': {'is_hashdiff': true, 'exclude_columns': true,
                                   'columns': ['load_datetime', 'RECORD_SOURCE', 'EFFECTIVE_FROM', 'CUSTOMER_LABEL']}
    },
    ranked_columns={
        'CUSTOMER_RANK': {'partition_by': 'customer_id', 'order_by': 'load_datetime'},
        'CUSTOMER_DENSE_RANK': {'partition_by': 'customer_id', 'order_by': {'load_datetime': 'DESC'}, 'dense_rank': true}
    }
) }}
