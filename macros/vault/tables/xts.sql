{#- Extended tracking satellite: which hashdiff each satellite held for a key at each load.
    src_satellite = {label: {sat_name: {out_col: stage_col}, hashdiff: {out_col: stage_col}}}; the
    stage_col of sat_name holds the satellite's name, that of hashdiff its hashdiff. Output column
    names come from the first entry. A row is stored when the (key, satellite) hashdiff differs from
    the previous one (target's latest, or the previous load in the batch). -#}
{%- macro xts(src_pk, src_satellite, src_extra_columns=none, src_ldts=none, src_source=none, source_model=none) -%}
    {{- gata.more_require('xts', {'src_pk': src_pk, 'src_satellite': src_satellite, 'src_ldts': src_ldts, 'src_source': src_source, 'source_model': source_model}) -}}
    {{ return(adapter.dispatch('xts', 'gata')(src_pk, src_satellite, src_extra_columns, src_ldts, src_source, source_model)) }}
{%- endmacro -%}

{%- macro default__xts(src_pk, src_satellite, src_extra_columns, src_ldts, src_source, source_model) -%}
{%- set pk = gata.more_as_list(src_pk) -%}
{%- set extra = gata.more_as_list(src_extra_columns) -%}
{%- set first = src_satellite[(src_satellite.keys() | list)[0]] -%}
{%- set name_col = (first['sat_name'].keys() | list)[0] -%}
{%- set hashdiff_col = (first['hashdiff'].keys() | list)[0] -%}
{%- set columns = pk + [hashdiff_col, name_col] + extra + [src_ldts, src_source] -%}
{%- set part = pk + [name_col] -%}
{%- set incremental = gata.is_any_incremental() -%}
{%- set models = [source_model] if source_model is string else source_model -%}
with source_data as (
    {%- for model in models %}
    {%- for label, sat in src_satellite.items() %}
    select distinct {{ gata.more_cols(pk) }},
           {{ sat['hashdiff'].values() | list | first }} as {{ hashdiff_col }},
           {{ sat['sat_name'].values() | list | first }} as {{ name_col }}{{ ',' if extra }}
           {{ gata.more_cols(extra) }}, {{ src_ldts }}, {{ src_source }}
    from {{ ref(model) }}
    where {% for c in pk %}{{ c }} is not null{{ ' and ' if not loop.last }}{% endfor %}
    {{ gata.period_filter_clause('and') }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),
{%- if incremental %}
target_latest as (
    select t.*, row_number() over (partition by {{ gata.more_cols(part) }} order by {{ src_ldts }} desc) as gata_rank
    from {{ this }} as t
),
{%- endif %}
timeline as (
    select {{ gata.more_cols(columns, 's') }}, false as gata_is_target
    from source_data as s
    {%- if incremental %}
    left join target_latest as l on {{ gata.more_equal_on(part, 'l', 's') }} and l.gata_rank = 1
    -- loads the target already holds are replays
    where l.{{ src_ldts }} is null or s.{{ src_ldts }} > l.{{ src_ldts }}
    union all
    select {{ gata.more_cols(columns) }}, true from target_latest where gata_rank = 1
    {%- endif %}
),
compared as (
    select t.*, lag({{ hashdiff_col }}) over (partition by {{ gata.more_cols(part) }} order by {{ src_ldts }}, {{ src_source }}) as gata_prev_hashdiff
    from timeline as t
)
select {{ gata.more_cols(columns) }}
from compared
where not gata_is_target
  and (gata_prev_hashdiff is null or gata_prev_hashdiff <> {{ hashdiff_col }})
{%- endmacro -%}
