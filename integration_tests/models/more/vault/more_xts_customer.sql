{{ config(materialized='incremental') }}
{{ gata.xts(src_pk='customer_hk',
            src_satellite={
              'SAT_CUSTOMER_NAME': {'sat_name': {'satellite_name': 'name_sat_name'}, 'hashdiff': {'hashdiff': 'name_hashdiff'}},
              'SAT_CUSTOMER_CITY': {'sat_name': {'satellite_name': 'city_sat_name'}, 'hashdiff': {'hashdiff': 'city_hashdiff'}}},
            src_ldts='load_datetime', src_source='record_source', source_model='more_stg_customers') }}
