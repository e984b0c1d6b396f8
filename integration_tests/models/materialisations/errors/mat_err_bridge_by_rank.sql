-- must fail: a bridge is rebuilt (table or bridge_incremental), never loaded by rank
{{ config(materialized='vault_insert_by_rank', rank_column='DBTVAULT_RANK', rank_source_models='mat_stg_customers') }}
{{ gata.bridge(src_pk='customer_hk', as_of_dates_table='mat_as_of_dates',
               bridge_walk={'ONLY': {'link_table': 'mat_bridge_link', 'link_pk': 'customer_order_hk',
                                     'link_fk1': 'customer_hk', 'link_fk2': 'order_hk',
                                     'eff_sat_table': 'mat_bridge_eff_sat', 'eff_sat_pk': 'customer_order_hk',
                                     'eff_sat_end_date': 'end_date', 'eff_sat_load_date': 'load_datetime',
                                     'bridge_link_pk': 'link_hk', 'bridge_end_date': 'end_date', 'bridge_load_date': 'ldts'}},
               src_ldts='load_datetime', source_model='mat_hub_customer_plain') }}
