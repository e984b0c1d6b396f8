{{ gata.stage(
    source_model='sem_raw_dated',
    derived_columns={'record_source': '!billing'},
    hashed_columns={
        'customer_hk': 'customer_id',
        'dated_hashdiff': {'is_hashdiff': true, 'columns': ['amount', 'note']}
    }
) }}
