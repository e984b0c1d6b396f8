-- rank scenario: hashed by gata.stage (var hash: MD5 or SHA), ranked as AutomateDV's docs rank a stage
{{ gata.stage(
    source_model='mat_customers_batch',
    derived_columns={'RECORD_SOURCE': '!crm'},
    hashed_columns={'CUSTOMER_HK': 'customer_id',
                    'CUSTOMER_HASHDIFF': {'is_hashdiff': true, 'columns': ['name']}},
    ranked_columns={
        'DBTVAULT_RANK': {'partition_by': 'CUSTOMER_HK', 'order_by': 'load_datetime'},
        'LOAD_RANK': {'partition_by': [], 'order_by': 'load_datetime', 'dense_rank': true}}
) }}
