-- env GATA_IT_PIT_DROP_PHONE=yes removes a satellite: the table's columns no longer match the model's
{%- set satellites = {'mat_pit_sat_name': {'pk': {'PK': 'customer_hk'}, 'ldts': {'LDTS': 'load_datetime'}}} -%}
{%- if env_var('GATA_IT_PIT_DROP_PHONE', '') != 'yes' -%}
    {%- do satellites.update({'mat_pit_sat_phone': {'pk': {'PK': 'customer_hk'}, 'ldts': {'LDTS': 'load_datetime'}}}) -%}
{%- endif -%}
{{ config(materialized='pit_incremental') }}
{{ gata.pit(src_pk='customer_hk', as_of_dates_table='mat_as_of_dates', satellites=satellites,
            stage_tables_ldts={'mat_pit_stage': 'load_datetime'}, src_ldts='load_datetime',
            source_model='mat_hub_customer_plain') }}
