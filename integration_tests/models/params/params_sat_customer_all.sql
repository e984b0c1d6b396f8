-- payload = every staged column but keys, hashdiff and metadata (no `columns` list)
{{ config(materialized='incremental') }}
{{ gata.sat(src_pk=['tenant', 'customer_hk'], src_hashdiff='customer_hashdiff', src_payload={'exclude_columns': true},
            src_ldts='load_datetime', src_source='record_source', source_model='params_stg_customers') }}
