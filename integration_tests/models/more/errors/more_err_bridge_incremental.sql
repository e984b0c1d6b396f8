-- must fail: a bridge is rebuilt, never incremental
{{ config(materialized='incremental', unique_key=['customer_hk', 'as_of_date'], incremental_strategy='delete+insert') }}
{{ gata.bridge(src_pk='customer_hk', as_of_dates_table='more_as_of_dates',
               bridge_walk={'ONLY': {'link_table': 'more_link_customer_order', 'link_pk': 'customer_order_hk',
                                     'link_fk1': 'customer_hk', 'link_fk2': 'order_hk',
                                     'eff_sat_table': 'more_eff_sat_customer_order', 'eff_sat_pk': 'customer_order_hk',
                                     'eff_sat_end_date': 'end_date', 'eff_sat_load_date': 'load_datetime',
                                     'bridge_link_pk': 'link_hk', 'bridge_end_date': 'end_date', 'bridge_load_date': 'ldts'}},
               src_ldts='load_datetime', source_model='more_hub_customer') }}
