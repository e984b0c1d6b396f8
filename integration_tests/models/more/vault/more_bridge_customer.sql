{{ config(materialized='table') }}
{{ gata.bridge(src_pk='customer_hk', as_of_dates_table='more_as_of_dates',
               bridge_walk={
                 'CUSTOMER_ORDER': {'link_table': 'more_link_customer_order', 'link_pk': 'customer_order_hk',
                                    'link_fk1': 'customer_hk', 'link_fk2': 'order_hk',
                                    'eff_sat_table': 'more_eff_sat_customer_order', 'eff_sat_pk': 'customer_order_hk',
                                    'eff_sat_end_date': 'end_date', 'eff_sat_load_date': 'load_datetime',
                                    'bridge_link_pk': 'link_customer_order_hk', 'bridge_end_date': 'customer_order_end_date',
                                    'bridge_load_date': 'customer_order_load_datetime'},
                 'ORDER_PRODUCT': {'link_table': 'more_link_order_product', 'link_pk': 'order_product_hk',
                                   'link_fk1': 'order_hk', 'link_fk2': 'product_hk',
                                   'eff_sat_table': 'more_eff_sat_order_product', 'eff_sat_pk': 'order_product_hk',
                                   'eff_sat_end_date': 'end_date', 'eff_sat_load_date': 'load_datetime',
                                   'bridge_link_pk': 'link_order_product_hk', 'bridge_end_date': 'order_product_end_date',
                                   'bridge_load_date': 'order_product_load_datetime'}},
               stage_tables_ldts={'more_stg_customer_orders': 'load_datetime', 'more_stg_order_products': 'load_datetime'},
               src_ldts='load_datetime', source_model='more_hub_customer') }}
