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

{#- One row per key from `from_sql`: the first by `order_by` (columns, ascending), or the last when
    `descending`; output columns: key columns, then `columns`. -#}
{%- macro first_row_per_key(from_sql, key, columns, order_by, descending=false) -%}
    {{- adapter.dispatch('first_row_per_key', 'gata')(from_sql, key, columns, order_by, descending) -}}
{%- endmacro -%}

{%- macro default__first_row_per_key(from_sql, key, columns, order_by, descending=false) -%}
    {%- set direction = ' DESC' if descending else '' -%}
    {%- set order = [] -%}
    {%- for c in gata.escape_list(order_by) -%}{%- do order.append(c ~ direction) -%}{%- endfor -%}
    select {{ gata.escape_list(key + columns) | join(', ') }} from (
        select *, ROW_NUMBER() OVER (PARTITION BY {{ gata.escape_list(key) | join(', ') }} ORDER BY {{ order | join(', ') }}) AS gata_row_number
        from {{ from_sql }}
    ) as numbered
    where gata_row_number = 1
{%- endmacro -%}

{%- macro duckdb__first_row_per_key(from_sql, key, columns, order_by, descending=false) -%}
    {#- A grouped min/max of a struct led by the ordering columns (structs compare field by field) is a
        hash aggregate: about 1.6x faster than a ROW_NUMBER() window, which sorts every row, and a little
        faster than arg_min (benchmarks/bench_vault.py). -#}
    {%- set fields = [] -%}
    {%- for c in order_by + (columns | reject('in', order_by) | list) -%}
        {%- do fields.append(gata.sql_str(c) ~ ': ' ~ gata.escape(c)) -%}
    {%- endfor -%}
    {%- set outputs = [] -%}
    {%- for c in columns -%}{%- do outputs.append('gata_row.' ~ gata.escape(c) ~ ' AS ' ~ gata.escape(c)) -%}{%- endfor -%}
    {%- set keys = gata.escape_list(key) | join(', ') -%}
    select {{ keys }}, {{ outputs | join(', ') }} from (
        select {{ keys }}, {{ 'max' if descending else 'min' }}({ {{- fields | join(', ') -}} }) as gata_row
        from {{ from_sql }}
        group by {{ keys }}
    ) as gata_first
{%- endmacro -%}
