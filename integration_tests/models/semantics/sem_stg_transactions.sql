{{ gata.stage(
    source_model='sem_raw_transactions',
    derived_columns={'record_source': '!ledger', 'effective_from': 'load_datetime'},
    hashed_columns={'transaction_hk': 'transaction_id', 'customer_hk': 'customer_id', 'account_hk': 'account_id'}
) }}
