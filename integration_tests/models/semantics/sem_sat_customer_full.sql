-- every batch so far into an empty target each run (a table: always the first load)
{{ config(materialized='table') }}
{{ gata.sat(src_pk='customer_hk', src_hashdiff={'source_column': 'customer_hashdiff', 'alias': 'hashdiff'},
            src_payload=['name'], src_ldts='load_datetime', src_source='record_source',
            source_model='sem_stg_customers_all') }}
