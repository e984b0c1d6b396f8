{#- stg_object: staging of one tenant object through the vault engine's gata.stage. Adds the tenant and
    load metadata, the hub/link hash keys (tenant first in every key) and the hashdiff over the
    satellite payload (docs/ARCHITECTURE.md, "Staging columns"). Only rows the vault may take pass:
    see _engine_stg_rows for the rows kept out and gata.rows_kept_out_of_vault for their report. -#}
{% macro stg_object(tenant, connector, object) -%}
    {%- set rows = gata._engine_stg_rows(tenant, connector, object) -%}
    {%- if not execute -%}{{- return(rows) -}}{%- endif -%}
select {{ gata._engine_star_except('checked', ['gata_row_issue']) }}
from (
{{ rows }}
) as checked
where checked.gata_row_issue is null
{%- endmacro %}

{#- Every staged row of one tenant object plus `gata_row_issue`, why the vault must not take it:
    - 'missing_key': its own key is absent (a business-key column NULL or empty): it would merge
      with every other keyless row into one fake key;
    - 'duplicate_key': another row of the same load has the same own key (same id, other payload):
      the satellite would get two versions at one load time. The row kept is chosen by content
      (hashdiff, then relationship keys, then the key columns as sent), never by row order; rows
      equal in all of these are equal in everything the vault stores.
    Keys are NULL when any of their business-key columns is missing, whatever the tenant prefix
    (gata.hash null_if_any_null): a guest order has no customer_hk, so no hub row and no link row. -#}
{% macro _engine_stg_rows(tenant, connector, object) -%}
    {%- do gata._engine_check_slug(tenant) -%}
    {%- do gata._engine_check_ident(connector, 'connector') -%}
    {%- do gata._engine_check_ident(object, 'object') -%}
    {%- set src_model = gata.src_model_name(tenant, connector, object) -%}
    {%- if not execute -%}
        {#- parse time: declare the one dependency; the registry (hash keys) is readable only at execution -#}
        {%- do ref(src_model) -%}
        {{- return('select 1 as _gata_parse_placeholder') -}}
    {%- endif -%}
    {%- set load_datetime = gata._engine_epoch_seconds_to_timestamp('dlt_load_id') -%}
    {%- set derived = {
        'tenant_slug': '!' ~ tenant,
        'record_source': '!' ~ gata.record_source_name(tenant, connector, object),
        'load_datetime': load_datetime,
        'effective_from': load_datetime,
    } -%}
    {%- set obj = gata._engine_object(connector, object, tenant) -%}
    {%- set own_hk = gata.hash_key_name(obj['entity']) -%}
    {%- set own_key = gata._engine_business_key(obj['entity']) -%}
    {%- set hashed = {own_hk: gata._engine_key_hash(own_key)} -%}
    {%- set tie_break = ['hashdiff'] -%}
    {%- set key_columns = own_key | list -%}
    {%- for ref_entity in gata._engine_references(connector, object) -%}
        {%- set ref_key = gata._engine_business_key(ref_entity) -%}
        {%- set link_key = gata.link_key_name(obj['entity'], ref_entity) -%}
        {%- do hashed.update({gata.hash_key_name(ref_entity): gata._engine_key_hash(ref_key)}) -%}
        {%- do hashed.update({link_key: gata._engine_key_hash(own_key + ref_key)}) -%}
        {%- do tie_break.append(link_key) -%}
        {%- do key_columns.extend(ref_key) -%}
    {%- endfor -%}
    {%- do hashed.update({'hashdiff': {'is_hashdiff': true, 'columns': gata._engine_payload_columns(connector, object)}}) -%}
    {%- set order_by = [] -%}
    {%- for c in tie_break + (key_columns | unique | list) -%}{%- do order_by.append('staged.' ~ c ~ ' nulls last') -%}{%- endfor %}
with staged as (
    {{ gata.stage(include_source_columns=true, source_model=src_model, derived_columns=derived, hashed_columns=hashed) | indent(4) }}
)
select
    staged.*,
    case
        when staged.{{ own_hk }} is null then 'missing_key'
        when row_number() over (partition by staged.{{ own_hk }}, staged.load_datetime order by {{ order_by | join(', ') }}) > 1 then 'duplicate_key'
    end as gata_row_issue
from staged
{%- endmacro %}

{#- A hash key of the tenant and business-key columns: NULL when any business-key column is
    NULL or empty (the tenant alone is no key); a complete key hashes as md5('TENANT||id'). -#}
{% macro _engine_key_hash(business_key) -%}
    {{- return({'columns': ['tenant_slug'] + business_key, 'null_if_any_null': true}) -}}
{%- endmacro %}

{#- `alias.*` without some columns (the row-issue column of _engine_stg_rows). -#}
{% macro _engine_star_except(alias, columns) -%}
    {{- return(adapter.dispatch('_engine_star_except', 'gata')(alias, columns)) -}}
{%- endmacro %}

{% macro default___engine_star_except(alias, columns) -%}
    {{- exceptions.raise_compiler_error("gata._engine_star_except: not implemented for adapter " ~ adapter.type()) -}}
{%- endmacro %}

{% macro duckdb___engine_star_except(alias, columns) -%}
    {{- return(alias ~ '.* exclude (' ~ columns | join(', ') ~ ')') -}}
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
