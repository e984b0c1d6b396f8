-- the satellite's hashdiff in AutomateDV's aliased form
{{ config(materialized='incremental') }}
{{ gata.xts(src_pk=['tenant', 'customer_hk'],
            src_satellite={'SAT_CUSTOMER': {'sat_name': {'satellite_name': 'sat_name'},
                                            'hashdiff': {'source_column': 'customer_hashdiff', 'alias': 'hashdiff'}}},
            src_ldts='load_datetime', src_source='record_source', source_model='params_stg_customers') }}
