{{ config(materialized='incremental') }}
{{ gata.ref_table(src_pk='nation_code', src_extra_columns=['nation_name', 'region'],
                  src_ldts='load_datetime', src_source='record_source', source_model='more_stg_nations') }}
