-- must fail: config sat_ledger is true or false. Enabled by GATA_IT_LED_ERRORS=1
{{ config(enabled=env_var('GATA_IT_LED_ERRORS', '') == '1', materialized='incremental', sat_ledger='yes') }}
{{ gata.sat(src_pk='customer_hk', src_hashdiff='customer_hashdiff', src_payload=['name'],
            src_ldts='load_datetime', src_source='record_source', source_model='led_stg_customers') }}
