{#- One hashed column: a column, a list of columns, or {is_hashdiff, columns, exclude_columns, null_if_any_null};
    with exclude_columns the hash covers every available column except those listed; null_if_any_null
    makes the key NULL when any of its columns is NULL or empty (gata.hash). -#}
{%- macro hashed_column_expression(value, alias, available_columns) -%}
    {%- if value is mapping -%}
        {%- set is_hashdiff = value.get('is_hashdiff', false) -%}
        {%- set null_if_any_null = value.get('null_if_any_null', false) -%}
        {%- set listed = gata.as_list(value.get('columns')) -%}
        {%- if value.get('exclude_columns', false) -%}
            {%- set excluded = listed | map('lower') | list -%}
            {%- set cols = [] -%}
            {%- for c in available_columns if c | lower not in excluded -%}{%- do cols.append(c) -%}{%- endfor -%}
        {%- else -%}
            {%- set cols = listed -%}
        {%- endif -%}
    {%- else -%}
        {%- set is_hashdiff = false -%}
        {%- set null_if_any_null = false -%}
        {%- set cols = gata.as_list(value) -%}
    {%- endif -%}
    {%- if cols | length == 0 and not execute -%}
        {#- at parse time the source columns are unknown; any SQL will do -#}
        NULL AS {{ gata.escape(alias) }}
    {%- else -%}
        {{- gata.hash(cols, alias, is_hashdiff, null_if_any_null) -}}
    {%- endif -%}
{%- endmacro -%}
