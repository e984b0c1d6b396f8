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

{#- Quoted column names joined with commas, each qualified with a table alias when one is given. -#}
{%- macro column_list(columns, alias=none) -%}
    {%- set out = [] -%}
    {%- for c in gata.escape_list(columns) -%}{%- do out.append((alias ~ '.' ~ c) if alias else c) -%}{%- endfor -%}
    {{- out | join(', ') -}}
{%- endmacro -%}

{#- A SQL string literal, single quotes doubled: the one quoting helper of the package (vault engine and
    platform). Every value from YAML, the registry, vars or the file system goes through it before it
    reaches SQL. -#}
{%- macro sql_str(value) -%}
    {{- return("'" ~ (value | string | replace("'", "''")) ~ "'") -}}
{%- endmacro -%}
