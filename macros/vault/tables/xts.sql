{#- Extended tracking satellite: every (key, satellite, hashdiff) seen at each load, changed or not
    (AutomateDV's record tracking), so one can tell which loads delivered a record even when the
    satellite itself stored nothing new. src_satellite = {label: {sat_name: {out_col: stage_col},
    hashdiff: {out_col: stage_col}}}; the stage_col of sat_name holds the satellite's name, that of
    hashdiff its hashdiff. Output column names come from the first entry. Exact repeats of a
    (key, satellite, hashdiff, load) are stored once, so a re-run adds nothing. -#}
{%- macro xts(src_pk, src_satellite, src_extra_columns=none, src_ldts=none, src_source=none, source_model=none) -%}
    {{- gata.check_required('xts', {'src_pk': src_pk, 'src_satellite': src_satellite, 'src_ldts': src_ldts, 'src_source': src_source, 'source_model': source_model}) -}}
    {{ return(adapter.dispatch('xts', 'gata')(src_pk, src_satellite, src_extra_columns, src_ldts, src_source, source_model)) }}
{%- endmacro -%}

{%- macro default__xts(src_pk, src_satellite, src_extra_columns, src_ldts, src_source, source_model) -%}
{%- set pk = gata.as_list(src_pk) -%}
{%- set extra = gata.as_list(src_extra_columns) -%}
{%- set first = src_satellite[(src_satellite.keys() | list)[0]] -%}
{%- set name_col = (first['sat_name'].keys() | list)[0] -%}
{%- set hashdiff_col = (first['hashdiff'].keys() | list)[0] -%}
{%- set columns = pk + [hashdiff_col, name_col] + extra + [src_ldts, src_source] -%}
{%- set incremental = gata.is_any_incremental() -%}
with source_data as (
    {%- for relation in gata.source_models(source_model) %}
    {%- for label, sat in src_satellite.items() %}
    select distinct {{ gata.column_list(pk) }},
           {{ sat['hashdiff'].values() | list | first }} as {{ hashdiff_col }},
           {{ sat['sat_name'].values() | list | first }} as {{ name_col }}{{ ',' if extra }}
           {{ gata.column_list(extra) }}, {{ src_ldts }}, {{ src_source }}
    from {{ relation }}
    where {{ gata.all_not_null(pk) }}
    {{ gata.period_filter_clause('and') }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),
records as (
    -- a record seen in several stages (or twice in one) at one load is tracked once
    select {{ gata.column_list(columns) }},
           row_number() over (partition by {{ gata.column_list(pk + [name_col, hashdiff_col, src_ldts]) }} order by {{ src_source }}) as gata_rank
    from source_data
)
select {{ gata.column_list(columns, 'r') }}
from records as r
where r.gata_rank = 1
{%- if incremental %}
  and not exists (select 1 from {{ this }} as t
                  where {{ gata.key_join(pk + [name_col, hashdiff_col, src_ldts], 't', 'r') }})
{%- endif %}
{%- endmacro -%}
