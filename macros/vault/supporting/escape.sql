{#- Quote a column name. DuckDB matches quoted identifiers case-insensitively, so quoting only
    protects names that collide with keywords (order, group, ...) and never changes the match. -#}
{%- macro escape(column) -%}
    {{- adapter.quote(column | trim) -}}
{%- endmacro -%}

{%- macro escape_list(columns) -%}
    {%- set out = [] -%}
    {%- for c in gata.as_list(columns) -%}{%- do out.append(gata.escape(c)) -%}{%- endfor -%}
    {{- return(out) -}}
{%- endmacro -%}
