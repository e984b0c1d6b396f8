-- null_columns with AutomateDV's upper-case kinds
{{ gata.stage(
    source_model='params_raw_customers',
    derived_columns={'record_source': '!crm', 'effective_from': 'load_datetime', 'sat_name': '!SAT_CUSTOMER'},
    null_columns={'REQUIRED': ['customer_id'], 'OPTIONAL': 'city'},
    hashed_columns={
        'customer_hk': 'customer_id',
        'customer_hashdiff': {'is_hashdiff': true, 'columns': ['name', 'city']}
    }
) }}
