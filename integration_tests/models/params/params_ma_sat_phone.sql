-- composite parent key, two child dependent keys, aliased hashdiff, excluded payload
{{ config(materialized='incremental') }}
{{ gata.ma_sat(src_pk=['tenant', 'customer_hk'], src_cdk=['phone', 'ext'],
               src_hashdiff={'source_column': 'phone_hashdiff', 'alias': 'hashdiff'},
               src_payload={'exclude_columns': true, 'columns': ['customer_id']},
               src_ldts='load_datetime', src_source='record_source', source_model='params_stg_phones') }}
