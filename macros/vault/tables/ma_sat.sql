{#- Multi-active satellite: per key (src_pk) and load, a *set* of rows told apart by the child
    dependent key(s) (src_cdk). A loaded set is stored whole when it differs from the key's previous
    set (target's latest, or the previous load in the same batch): another row count or another
    combination of child keys and hashdiffs. src_pk and src_cdk may be lists; src_hashdiff and src_payload
    take AutomateDV's mapping forms as in gata.sat. -#}
{%- macro ma_sat(src_pk, src_cdk, src_hashdiff, src_payload, src_extra_columns=none, src_eff=none, src_ldts=none, src_source=none, source_model=none) -%}
    {{- gata.check_required('ma_sat', {'src_pk': src_pk, 'src_cdk': src_cdk, 'src_hashdiff': src_hashdiff, 'src_payload': src_payload, 'src_ldts': src_ldts, 'src_source': src_source, 'source_model': source_model}) -}}
    {{ return(adapter.dispatch('ma_sat', 'gata')(src_pk, src_cdk, src_hashdiff, src_payload, src_extra_columns, src_eff, src_ldts, src_source, source_model)) }}
{%- endmacro -%}

{#- An aggregate that is equal for two groups exactly when they hold the same (cdk, hashdiff) pairs. -#}
{%- macro ma_sat_set_signature(src_cdk, src_hashdiff) -%}
    {{ return(adapter.dispatch('ma_sat_set_signature', 'gata')(src_cdk, src_hashdiff)) }}
{%- endmacro -%}

{%- macro default__ma_sat_set_signature(src_cdk, src_hashdiff) -%}
    {%- set parts = [] -%}
    {%- for c in gata.as_list(src_cdk) -%}{%- do parts.append("coalesce(cast(" ~ c ~ " as varchar), '^^')") -%}{%- endfor -%}
    {%- set member = parts | join(" || '||' || ") ~ " || '||' || coalesce(cast(" ~ src_hashdiff ~ " as varchar), '^^')" -%}
    listagg({{ member }}, ',') within group (order by {{ member }})
{%- endmacro -%}

{%- macro duckdb__ma_sat_set_signature(src_cdk, src_hashdiff) -%}
    {%- set parts = [] -%}
    {%- for c in gata.as_list(src_cdk) -%}{%- do parts.append("coalesce(cast(" ~ c ~ " as varchar), '^^')") -%}{%- endfor -%}
    {#- hex() gives the same text for a BLOB or a HEX-string hashdiff's bytes, so sets compare by value -#}
    {%- set member = parts | join(" || '||' || ") ~ " || '||' || coalesce(hex(" ~ src_hashdiff ~ "), '^^')" -%}
    string_agg({{ member }}, ',' order by {{ member }})
{%- endmacro -%}

{%- macro default__ma_sat(src_pk, src_cdk, src_hashdiff, src_payload, src_extra_columns, src_eff, src_ldts, src_source, source_model) -%}
{%- set pk = gata.as_list(src_pk) -%}
{%- set hashdiff = gata.aliased_column(src_hashdiff, 'ma_sat', 'src_hashdiff') -%}
{%- set src_hashdiff = hashdiff['alias'] -%}
{%- set tail = gata.as_list(src_extra_columns) + gata.as_list(src_eff) + [src_ldts, src_source] -%}
{%- set not_payload = pk + gata.as_list(src_cdk) + [hashdiff['source'], hashdiff['alias']] + tail -%}
{%- set head = pk + gata.as_list(src_cdk) -%}
{%- set rest = gata.payload_columns(src_payload, source_model, not_payload, 'ma_sat') + tail -%}
{%- set columns = head + [src_hashdiff] + rest -%}
{%- set incremental = gata.is_any_incremental() -%}
with source_data as (
    {#- the hashdiff read from its staged column, under its satellite name -#}
    select distinct {{ gata.column_list(head) }}, {{ gata.aliased_select(hashdiff) }}, {{ gata.column_list(rest) }}
    from {{ gata.source_relation(source_model) }}
    where {{ gata.all_not_null(pk) }}
    {{ gata.period_filter_clause('and') }}
),
{%- if incremental %}
target_latest as (
    select {{ gata.column_list(pk) }}, max({{ src_ldts }}) as gata_latest
    from {{ this }}
    group by {{ gata.column_list(pk) }}
),
{%- endif %}
source_sets as (
    select {{ gata.column_list(pk, 's') }}, s.{{ src_ldts }}, count(*) as gata_size,
           {{ gata.ma_sat_set_signature(src_cdk, src_hashdiff) }} as gata_signature
    from source_data as s
    {%- if incremental %}
    left join target_latest as l on {{ gata.key_join(pk, 'l', 's') }}
    -- loads the target already holds are replays
    where l.gata_latest is null or s.{{ src_ldts }} > l.gata_latest
    {%- endif %}
    group by {{ gata.column_list(pk, 's') }}, s.{{ src_ldts }}
),
all_sets as (
    select *, false as gata_is_target from source_sets
    {%- if incremental %}
    union all
    select {{ gata.column_list(pk, 't') }}, t.{{ src_ldts }}, count(*),
           {{ gata.ma_sat_set_signature(src_cdk, src_hashdiff) }}, true
    from {{ this }} as t
    join target_latest as l on {{ gata.key_join(pk, 'l', 't') }} and t.{{ src_ldts }} = l.gata_latest
    group by {{ gata.column_list(pk, 't') }}, t.{{ src_ldts }}
    {%- endif %}
),
compared as (
    select a.*,
           lag(gata_size) over (partition by {{ gata.column_list(pk) }} order by {{ src_ldts }}) as gata_prev_size,
           lag(gata_signature) over (partition by {{ gata.column_list(pk) }} order by {{ src_ldts }}) as gata_prev_signature
    from all_sets as a
),
changed_sets as (
    select {{ gata.column_list(pk) }}, {{ src_ldts }}
    from compared
    where not gata_is_target
      and (gata_prev_size is null or gata_prev_size <> gata_size or gata_prev_signature <> gata_signature)
)
select {{ gata.column_list(columns, 's') }}
from source_data as s
join changed_sets as c on {{ gata.key_join(pk + [src_ldts], 'c', 's') }}
{%- endmacro -%}
