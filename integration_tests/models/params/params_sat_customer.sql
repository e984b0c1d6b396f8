-- composite key, aliased hashdiff, payload = every staged column but the listed ones, keys and metadata
{{ config(materialized='incremental') }}
{{ gata.sat(src_pk=['tenant', 'customer_hk'],
            src_hashdiff={'source_column': 'customer_hashdiff', 'alias': 'hashdiff'},
            src_payload={'exclude_columns': true, 'columns': ['customer_id', 'customer_id_original', 'city_original', 'sat_name']},
            src_eff='effective_from', src_ldts='load_datetime', src_source='record_source',
            source_model='params_stg_customers') }}
