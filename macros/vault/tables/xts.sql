{#- Extended tracking satellite: every (key, satellite, hashdiff) seen at each load, changed or not
    (AutomateDV's record tracking), so one can tell which loads delivered a record even when the
    satellite itself stored nothing new. src_satellite = {label: {sat_name: {out_col: stage_col},
    hashdiff: {out_col: stage_col}}}; the stage_col of sat_name holds the satellite's name, that of
    hashdiff its hashdiff; either may also be written {source_column: stage_col, alias: out_col}
    (AutomateDV's aliased form, e.g. the hashdiff a satellite aliases). Output column names come from
    the first entry. Exact repeats of a (key, satellite, hashdiff, load) are stored once, so a re-run
    adds nothing. -#}
{%- macro xts(src_pk, src_satellite, src_extra_columns=none, src_ldts=none, src_source=none, source_model=none) -%}
    {{- gata.check_required('xts', {'src_pk': src_pk, 'src_satellite': src_satellite, 'src_ldts': src_ldts, 'src_source': src_source, 'source_model': source_model}) -}}
    {{ return(adapter.dispatch('xts', 'gata')(src_pk, src_satellite, src_extra_columns, src_ldts, src_source, source_model)) }}
{%- endmacro -%}

{%- macro default__xts(src_pk, src_satellite, src_extra_columns, src_ldts, src_source, source_model) -%}
{%- set pk = gata.as_list(src_pk) -%}
{%- set extra = gata.as_list(src_extra_columns) -%}
{%- set first = src_satellite[(src_satellite.keys() | list)[0]] -%}
{%- set name_col = gata.xts_column(first, 'sat_name')['alias'] -%}
{%- set hashdiff_col = gata.xts_column(first, 'hashdiff')['alias'] -%}
{%- set columns = pk + [hashdiff_col, name_col] + extra + [src_ldts, src_source] -%}
{%- set incremental = gata.is_any_incremental() -%}
with source_data as (
    {%- for relation in gata.source_models(source_model) %}
    {%- for label, sat in src_satellite.items() %}
    select distinct {{ gata.column_list(pk) }},
           {{ gata.escape(gata.xts_column(sat, 'hashdiff')['source']) }} as {{ gata.escape(hashdiff_col) }},
           {{ gata.escape(gata.xts_column(sat, 'sat_name')['source']) }} as {{ gata.escape(name_col) }}{{ ',' if extra }}
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

{#- One column of an xts src_satellite entry ('sat_name' or 'hashdiff') as {'source', 'alias'}:
    {out_col: stage_col} or {source_column: stage_col, alias: out_col}. -#}
{%- macro xts_column(satellite, part) -%}
    {%- set value = satellite.get(part) if satellite is mapping else none -%}
    {%- if value is mapping and 'source_column' in value -%}
        {{- return(gata.aliased_column(value, 'xts', 'src_satellite.' ~ part)) -}}
    {%- elif value is mapping and value | length == 1 -%}
        {%- for out_col, stage_col in value.items() -%}{{- return({'source': stage_col, 'alias': out_col}) -}}{%- endfor -%}
    {%- endif -%}
    {{- exceptions.raise_compiler_error("gata.xts: src_satellite entry needs " ~ part ~ ": {out_col: stage_col} or {source_column: ..., alias: ...}, got " ~ value ~ " (model " ~ this ~ ")") -}}
{%- endmacro -%}
