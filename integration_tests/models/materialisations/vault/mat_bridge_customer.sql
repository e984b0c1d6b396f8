{{ config(materialized='bridge_incremental') }}
{{ gata.bridge(src_pk='customer_hk', as_of_dates_table='mat_as_of_dates',
               bridge_walk={'CUSTOMER_ORDER': {
                   'link_table': 'mat_bridge_link', 'link_pk': 'customer_order_hk',
                   'link_fk1': 'customer_hk', 'link_fk2': 'order_hk',
                   'eff_sat_table': 'mat_bridge_eff_sat', 'eff_sat_pk': 'customer_order_hk',
                   'eff_sat_end_date': 'end_date', 'eff_sat_load_date': 'load_datetime',
                   'bridge_link_pk': 'link_customer_order_hk', 'bridge_end_date': 'customer_order_end_date',
                   'bridge_load_date': 'customer_order_load_datetime'}},
               stage_tables_ldts={'mat_bridge_stage': 'load_datetime'}, src_ldts='load_datetime',
               source_model='mat_hub_customer_plain') }}
