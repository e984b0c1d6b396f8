{{ gata.stage(
    source_model='sem_raw_customers',
    derived_columns={'record_source': '!crm', 'sat_name': '!SAT_CUSTOMER', 'sat_name_2': '!SAT_CUSTOMER_ID'},
    hashed_columns={
        'customer_hk': 'customer_id',
        'customer_hashdiff': {'is_hashdiff': true, 'columns': ['name']},
        'name_id_hashdiff': {'is_hashdiff': true, 'columns': ['name', 'customer_id']}
    }
) }}
