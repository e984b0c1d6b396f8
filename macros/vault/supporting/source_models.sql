{#- source_model of hub/link/sat: one model name, one {source_name: table} dict, or a list of those. -#}
{%- macro source_models(source_model) -%}
    {%- if source_model is none or source_model is string or source_model is mapping -%}
        {%- set items = [source_model] -%}
    {%- else -%}
        {%- set items = source_model | list -%}
    {%- endif -%}
    {%- if items | length == 0 -%}
        {{- exceptions.raise_compiler_error("gata: source_model is empty") -}}
    {%- endif -%}
    {%- set relations = [] -%}
    {%- for item in items -%}{%- do relations.append(gata.source_relation(item)) -%}{%- endfor -%}
    {{- return(relations) -}}
{%- endmacro -%}

{#- `a.k1 = b.k1 AND a.k2 = b.k2 ...` for (composite) keys. -#}
{%- macro key_join(columns, left, right) -%}
    {%- set parts = [] -%}
    {%- for c in gata.escape_list(columns) -%}{%- do parts.append(left ~ '.' ~ c ~ ' = ' ~ right ~ '.' ~ c) -%}{%- endfor -%}
    {{- parts | join(' AND ') -}}
{%- endmacro -%}

{#- `c1 IS NOT NULL AND c2 IS NOT NULL ...` -#}
{%- macro all_not_null(columns, prefix='') -%}
    {%- set parts = [] -%}
    {%- for c in gata.escape_list(columns) -%}{%- do parts.append(prefix ~ c ~ ' IS NOT NULL') -%}{%- endfor -%}
    {{- parts | join(' AND ') -}}
{%- endmacro -%}

{#- Keep the first row of each key by `order_by` from relation/CTE `from_sql`. -#}
{%- macro first_row_per_key(from_sql, columns, key, order_by) -%}
    {{- adapter.dispatch('first_row_per_key', 'gata')(from_sql, columns, key, order_by) -}}
{%- endmacro -%}

{%- macro default__first_row_per_key(from_sql, columns, key, order_by) -%}
    select {{ columns | join(', ') }} from (
        select *, ROW_NUMBER() OVER (PARTITION BY {{ gata.escape_list(key) | join(', ') }} ORDER BY {{ order_by | join(', ') }}) AS gata_row_number
        from {{ from_sql }}
    ) as numbered
    where gata_row_number = 1
{%- endmacro -%}

{%- macro duckdb__first_row_per_key(from_sql, columns, key, order_by) -%}
    select {{ columns | join(', ') }} from {{ from_sql }}
    qualify ROW_NUMBER() OVER (PARTITION BY {{ gata.escape_list(key) | join(', ') }} ORDER BY {{ order_by | join(', ') }}) = 1
{%- endmacro -%}
