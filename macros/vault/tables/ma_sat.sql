{#- Multi-active satellite: per key (src_pk) and load, a *set* of rows told apart by the child
    dependent key(s) (src_cdk). A loaded set is stored whole when it differs from the key's previous
    set (target's latest, or the previous load in the same batch): a (cdk, hashdiff) pair added, removed
    or changed; the same pairs in another row order are no change. Rows with a NULL key or child key are
    not loaded. src_pk and src_cdk may be lists; src_hashdiff and src_payload
    take AutomateDV's mapping forms as in gata.sat. -#}
{%- macro ma_sat(src_pk, src_cdk, src_hashdiff, src_payload, src_extra_columns=none, src_eff=none, src_ldts=none, src_source=none, source_model=none) -%}
    {{- gata.check_required('ma_sat', {'src_pk': src_pk, 'src_cdk': src_cdk, 'src_hashdiff': src_hashdiff, 'src_payload': src_payload, 'src_ldts': src_ldts, 'src_source': src_source, 'source_model': source_model}) -}}
    {{ return(adapter.dispatch('ma_sat', 'gata')(src_pk, src_cdk, src_hashdiff, src_payload, src_extra_columns, src_eff, src_ldts, src_source, source_model)) }}
{%- endmacro -%}

{#- An aggregate equal for two groups exactly when they hold the same set of distinct (cdk, hashdiff)
    pairs, whatever the row order or repeats (AutomateDV compares the count of distinct pairs and each
    pair). -#}
{%- macro ma_sat_set_signature(src_cdk, src_hashdiff) -%}
    {{ return(adapter.dispatch('ma_sat_set_signature', 'gata')(src_cdk, src_hashdiff)) }}
{%- endmacro -%}

{%- macro default__ma_sat_set_signature(src_cdk, src_hashdiff) -%}
    {%- set member = gata.ma_sat_set_member(src_cdk, gata.escape(src_hashdiff)) -%}
    listagg(distinct {{ member }}, ',') within group (order by {{ member }})
{%- endmacro -%}

{%- macro duckdb__ma_sat_set_signature(src_cdk, src_hashdiff) -%}
    {#- hex(): one text form for a BLOB (BINARY) or a text (HEX) hashdiff -#}
    {%- set member = gata.ma_sat_set_member(src_cdk, "hex(" ~ gata.escape(src_hashdiff) ~ ")") -%}
    string_agg(distinct {{ member }}, ',' order by {{ member }})
{%- endmacro -%}

{#- One pair as text: each value prefixed by its length, so no value (a child key holding ',' or ':')
    can make two different pairs, or two different sets, read the same. -#}
{%- macro ma_sat_set_member(src_cdk, hashdiff_text) -%}
    {%- set parts = [] -%}
    {%- for value in gata.escape_list(src_cdk) | map('string') | list + [hashdiff_text] -%}
        {%- set text = "coalesce(cast(" ~ value ~ " as " ~ dbt.type_string() ~ "), '')" -%}
        {%- do parts.append("length(" ~ text ~ ") || ':' || " ~ text) -%}
    {%- endfor -%}
    {{- return(parts | join(" || ',' || ")) -}}
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
{%- set ldts = gata.escape(src_ldts) -%}
{%- set incremental = gata.is_any_incremental() -%}
with source_data as (
    {#- the hashdiff read from its staged column, under its satellite name; rows need every key and child key (AutomateDV) -#}
    select distinct {{ gata.column_list(head) }}, {{ gata.aliased_select(hashdiff) }}, {{ gata.column_list(rest) }}
    from {{ gata.source_relation(source_model) }}
    where {{ gata.all_not_null(head) }}
    {{ gata.period_filter_clause('and') }}
),
{%- if incremental %}
target_latest as (
    select {{ gata.column_list(pk) }}, max({{ ldts }}) as gata_latest
    from {{ this }}
    group by {{ gata.column_list(pk) }}
),
{%- endif %}
source_sets as (
    select {{ gata.column_list(pk, 's') }}, s.{{ ldts }}, {{ gata.ma_sat_set_signature(src_cdk, src_hashdiff) }} as gata_signature
    from source_data as s
    {%- if incremental %}
    left join target_latest as l on {{ gata.key_join(pk, 'l', 's') }}
    -- loads the target already holds are replays
    where l.gata_latest is null or s.{{ ldts }} > l.gata_latest
    {%- endif %}
    group by {{ gata.column_list(pk, 's') }}, s.{{ ldts }}
),
all_sets as (
    select *, false as gata_is_target from source_sets
    {%- if incremental %}
    union all
    -- the latest set of each key loaded now: the set its first new one is compared with
    select {{ gata.column_list(pk, 't') }}, t.{{ ldts }}, {{ gata.ma_sat_set_signature(src_cdk, src_hashdiff) }}, true
    from {{ this }} as t
    join target_latest as l on {{ gata.key_join(pk, 'l', 't') }} and t.{{ ldts }} = l.gata_latest
    where exists (select 1 from source_sets as n where {{ gata.key_join(pk, 'n', 't') }})
    group by {{ gata.column_list(pk, 't') }}, t.{{ ldts }}
    {%- endif %}
),
compared as (
    select a.*, lag(a.gata_signature) over (partition by {{ gata.column_list(pk, 'a') }} order by a.{{ ldts }}) as gata_prev_signature
    from all_sets as a
),
changed_sets as (
    {#- a set is stored whole when any pair differs from the key's previous set (or it is the key's first) -#}
    select {{ gata.column_list(pk) }}, {{ ldts }}
    from compared
    where not gata_is_target
      and (gata_prev_signature is null or gata_prev_signature <> gata_signature)
)
select {{ gata.column_list(columns, 's') }}
from source_data as s
join changed_sets as c on {{ gata.key_join(pk + [src_ldts], 'c', 's') }}
{%- endmacro -%}
