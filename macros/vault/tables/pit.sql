{#- Point-in-time table: one row per hub key (source_model is the hub) and as-of date, with, per
    satellite, the key and load datetime of the satellite row current at that date (latest load on
    or before it). Where a satellite has none yet: the ghost key and 1900-01-01 00:00:00.
    satellites = {sat_model: {pk: {OUT: sat_pk_col}, ldts: {OUT: sat_ldts_col}}} -> columns
    <sat_model>_<OUT>. as_of_dates_table: a model with column as_of_date.
    Materialize as 'table', 'pit_incremental' (AutomateDV's: only new/changed as-of dates and new keys are
    computed, the other rows carried over) or 'incremental' with unique_key + delete+insert. -#}
{%- macro pit(src_pk, as_of_dates_table, satellites, stage_tables_ldts=none, src_ldts=none, source_model=none) -%}
    {{- gata.check_required('pit', {'src_pk': src_pk, 'as_of_dates_table': as_of_dates_table, 'satellites': satellites, 'src_ldts': src_ldts, 'source_model': source_model}) -}}
    {{ return(adapter.dispatch('pit', 'gata')(src_pk, as_of_dates_table, satellites, stage_tables_ldts, src_ldts, source_model)) }}
{%- endmacro -%}

{%- macro default__pit(src_pk, as_of_dates_table, satellites, stage_tables_ldts, src_ldts, source_model) -%}
{{ gata.pit_key_dates(src_pk, as_of_dates_table, stage_tables_ldts, source_model) }}
{%- for sat_name, sat in satellites.items() %}
{%- set sat_pk = sat['pk'].values() | list | first -%}
{%- set sat_ldts = sat['ldts'].values() | list | first %},
current_{{ loop.index }} as (
    -- the satellite row current at each as-of date: latest load on or before it
    select k.{{ src_pk }}, k.as_of_date, max(s.{{ sat_ldts }}) as gata_ldts
    from key_dates as k
    join {{ ref(sat_name) }} as s on s.{{ sat_pk }} = k.{{ src_pk }} and s.{{ sat_ldts }} <= k.as_of_date
    group by k.{{ src_pk }}, k.as_of_date
)
{%- endfor %},
new_rows as (
select k.{{ src_pk }}, k.as_of_date
{%- for sat_name, sat in satellites.items() %}
{%- set out_pk = sat['pk'].keys() | list | first -%}
{%- set out_ldts = sat['ldts'].keys() | list | first %},
       case when c{{ loop.index }}.gata_ldts is null then {{ gata.ghost_key_literal() }} else k.{{ src_pk }} end as {{ sat_name }}_{{ out_pk }},
       coalesce(c{{ loop.index }}.gata_ldts, cast('1900-01-01 00:00:00' as timestamp)) as {{ sat_name }}_{{ out_ldts }}
{%- endfor %}
from key_dates as k
{%- for sat_name in satellites %}
left join current_{{ loop.index }} as c{{ loop.index }} on c{{ loop.index }}.{{ src_pk }} = k.{{ src_pk }} and c{{ loop.index }}.as_of_date = k.as_of_date
{%- endfor %}
)
{%- set columns = [src_pk, 'as_of_date'] -%}
{%- for sat_name, sat in satellites.items() -%}
    {%- do columns.extend([sat_name ~ '_' ~ (sat['pk'].keys() | list | first), sat_name ~ '_' ~ (sat['ldts'].keys() | list | first)]) -%}
{%- endfor %}
{{ gata.pit_result(src_pk, stage_tables_ldts, columns) }}
{%- endmacro -%}
