{#- stg_object: staging of one tenant object through the vault engine's gata.stage. Adds the tenant and
    load metadata, the hub/link hash keys (tenant first in every key) and the hashdiff over the
    satellite payload (docs/ARCHITECTURE.md, "Staging columns"). -#}
{% macro stg_object(tenant, connector, object) -%}
    {%- do gata._engine_check_slug(tenant) -%}
    {%- do gata._engine_check_ident(connector, 'connector') -%}
    {%- do gata._engine_check_ident(object, 'object') -%}
    {%- set src_model = 'src_' ~ tenant ~ '__' ~ connector ~ '__' ~ object -%}
    {%- if not execute -%}
        {#- parse time: declare the one dependency; the registry (hash keys) is readable only at execution -#}
        {%- do ref(src_model) -%}
        {{- return('select 1 as _gata_parse_placeholder') -}}
    {%- endif -%}
    {%- set load_datetime = gata._engine_epoch_seconds_to_timestamp('dlt_load_id') -%}
    {%- set derived = {
        'tenant_slug': '!' ~ tenant,
        'record_source': '!' ~ tenant ~ '.' ~ connector ~ '.' ~ object,
        'load_datetime': load_datetime,
        'effective_from': load_datetime,
    } -%}
    {%- set obj = gata._engine_object(connector, object, tenant) -%}
    {%- set own_key = gata._engine_business_key(obj['entity']) -%}
    {%- set hashed = {obj['entity'] ~ '_hk': ['tenant_slug'] + own_key} -%}
    {%- for ref_entity in gata._engine_references(connector, object) -%}
        {%- set ref_key = gata._engine_business_key(ref_entity) -%}
        {%- do hashed.update({ref_entity ~ '_hk': ['tenant_slug'] + ref_key}) -%}
        {%- do hashed.update({obj['entity'] ~ '__' ~ ref_entity ~ '_lk': ['tenant_slug'] + own_key + ref_key}) -%}
    {%- endfor -%}
    {%- do hashed.update({'hashdiff': {'is_hashdiff': true, 'columns': gata._engine_payload_columns(connector, object)}}) -%}
    {{ gata.stage(include_source_columns=true, source_model=src_model, derived_columns=derived, hashed_columns=hashed) }}
{%- endmacro %}

{#- dlt load ids are epoch seconds as text ('1732712345.123456'); load_datetime is a naive UTC timestamp. -#}
{% macro _engine_epoch_seconds_to_timestamp(column) -%}
    {{- return(adapter.dispatch('_engine_epoch_seconds_to_timestamp', 'gata')(column)) -}}
{%- endmacro %}

{% macro default___engine_epoch_seconds_to_timestamp(column) -%}
    {{- return("cast(timestamp '1970-01-01 00:00:00' + cast(cast(" ~ column ~ " as double) as bigint) * interval '1' second as timestamp)") -}}
{%- endmacro %}

{% macro duckdb___engine_epoch_seconds_to_timestamp(column) -%}
    {#- make_timestamp(µs) is time-zone independent, unlike to_timestamp (timestamptz) -#}
    {{- return('make_timestamp(cast(cast(' ~ column ~ ' as double) * 1000000 as bigint))') -}}
{%- endmacro %}
