-- two satellites: one with AutomateDV's aliased hashdiff, one in the {out_col: stage_col} form
{{ config(materialized='incremental') }}
{{ gata.xts(src_pk='customer_hk',
            src_satellite={'SAT_CUSTOMER': {'sat_name': {'satellite_name': 'sat_name'},
                                            'hashdiff': {'source_column': 'customer_hashdiff', 'alias': 'hashdiff'}},
                           'SAT_CUSTOMER_ID': {'sat_name': {'satellite_name': 'sat_name_2'},
                                               'hashdiff': {'hashdiff': 'name_id_hashdiff'}}},
            src_ldts='load_datetime', src_source='record_source', source_model='sem_stg_customers') }}
