{#- TEST-ONLY stand-in for the vault engine (gata.stage/hub/link/sat), copied into the temporary test
    project ONLY while macros/vault does not define them yet, so the platform engines can be tested end
    to end. It follows the documented parameters and the hash convention (md5, '||', '^^', UPPER,
    BINARY) but none of the real engine's features. Not part of the product. -#}

{% macro _standin_hash(columns, is_hashdiff=false) -%}
    {%- set cols = (columns | sort) if is_hashdiff else ([columns] if columns is string else columns) -%}
    {%- if cols | length == 1 and not is_hashdiff -%}
        unhex(md5(nullif(upper(trim(cast({{ cols[0] }} as varchar))), '')))
    {%- else -%}
        {%- set parts = [] -%}
        {%- for c in cols -%}{%- do parts.append("coalesce(nullif(upper(trim(cast(" ~ c ~ " as varchar))), ''), '^^')") -%}{%- endfor -%}
        {%- set joined = "concat_ws('||', " ~ parts | join(', ') ~ ")" -%}
        {%- if is_hashdiff -%}
            unhex(md5({{ joined }}))
        {%- else -%}
            unhex(md5(nullif({{ joined }}, '{{ (["^^"] * cols | length) | join("||") }}')))
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{% macro stage(include_source_columns=true, source_model=none, derived_columns={}, null_columns={}, hashed_columns={}, ranked_columns={}) -%}
with derived as (
    select src.*
    {%- for name, value in derived_columns.items() %},
        {{ ("'" ~ value[1:] ~ "'") if value.startswith('!') else value }} as {{ name }}
    {%- endfor %}
    from {{ ref(source_model) }} as src
)
select derived.*
{%- for name, value in hashed_columns.items() %},
    {{ gata._standin_hash(value['columns'], true) if value is mapping else gata._standin_hash(value) }} as {{ name }}
{%- endfor %}
from derived
{%- endmacro %}

{% macro _standin_union(columns, source_model) -%}
    {%- for m in ([source_model] if source_model is string else source_model) %}
    select {{ columns | join(', ') }} from {{ ref(m) }}{{ ' union all' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{% macro _standin_keys(pk, columns, source_model, ldts) -%}
with u as ({{ gata._standin_union(columns, source_model) }}),
r as (select *, row_number() over (partition by {{ pk }} order by {{ ldts }}) as rn from u where {{ pk }} is not null)
select {{ columns | join(', ') }} from r where rn = 1
{%- if is_incremental() %} and {{ pk }} not in (select {{ pk }} from {{ this }}){% endif %}
{%- endmacro %}

{% macro hub(src_pk, src_nk, src_extra_columns=[], src_ldts=none, src_source=none, source_model=none) -%}
    {{ gata._standin_keys(src_pk, [src_pk] + src_nk + src_extra_columns + [src_ldts, src_source], source_model, src_ldts) }}
{%- endmacro %}

{% macro link(src_pk, src_fk, src_extra_columns=[], src_ldts=none, src_source=none, source_model=none) -%}
    {{ gata._standin_keys(src_pk, [src_pk] + src_fk + src_extra_columns + [src_ldts, src_source], source_model, src_ldts) }}
{%- endmacro %}

{% macro sat(src_pk, src_hashdiff, src_payload, src_extra_columns=[], src_eff=none, src_ldts=none, src_source=none, source_model=none) -%}
    {%- set columns = [src_pk, src_hashdiff] + src_payload + src_extra_columns + [src_eff, src_ldts, src_source] -%}
with u as ({{ gata._standin_union(columns, source_model) }}),
r as (select distinct {{ columns | join(', ') }} from u where {{ src_pk }} is not null)
select r.* from r
{%- if is_incremental() %}
where not exists (select 1 from {{ this }} as t where t.{{ src_pk }} = r.{{ src_pk }} and t.{{ src_hashdiff }} = r.{{ src_hashdiff }})
{%- endif %}
{%- endmacro %}
