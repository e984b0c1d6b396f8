-- every batch so far per run: batch 2's run re-delivers batch 1 with batch 2
{{ config(materialized='incremental') }}
{{ gata.sat(src_pk='customer_hk', src_hashdiff={'source_column': 'customer_hashdiff', 'alias': 'hashdiff'},
            src_payload=['name'], src_ldts='load_datetime', src_source='record_source',
            source_model='sem_stg_customers_all') }}
