-- the satellite with its ledger (the default)
{{ config(materialized='incremental') }}
{{ gata.sat(src_pk='customer_hk', src_hashdiff='customer_hashdiff', src_payload=['name'], src_eff='effective_from',
            src_ldts='load_datetime', src_source='record_source', source_model='led_stg_customers') }}
