-- a DATE load date, a TIMESTAMPTZ effective date and a tenant in the key: the ghost row keeps each type
{{ config(materialized='incremental') }}
{{ gata.sat(src_pk=['tenant', 'customer_hk'], src_hashdiff='dated_hashdiff', src_payload=['amount', 'note'],
            src_eff='effective_from', src_ldts='load_date', src_source='record_source',
            source_model='sem_stg_dated') }}
