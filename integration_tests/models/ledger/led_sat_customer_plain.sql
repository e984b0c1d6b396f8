-- the same satellite without a ledger: every load compared with the satellite at every run
{{ config(materialized='incremental', sat_ledger=false) }}
{{ gata.sat(src_pk='customer_hk', src_hashdiff='customer_hashdiff', src_payload=['name'], src_eff='effective_from',
            src_ldts='load_datetime', src_source='record_source', source_model='led_stg_customers') }}
