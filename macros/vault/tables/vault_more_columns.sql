{#- Column-list helpers shared by the t_link/eff_sat/ma_sat/xts/pit/bridge/ref_table engines. -#}

{#- A parameter given as nothing, one name or a list of names -> a list of names. -#}
{%- macro more_as_list(columns) -%}
    {%- if columns is none or columns == '' -%}{{ return([]) }}
    {%- elif columns is string -%}{{ return([columns]) }}
    {%- else -%}{{ return(columns | list) }}
    {%- endif -%}
{%- endmacro -%}

{#- Comma-joined column names, optionally qualified with a table alias. -#}
{%- macro more_cols(columns, alias=none) -%}
    {%- set out = [] -%}
    {%- for c in gata.more_as_list(columns) -%}
        {%- do out.append((alias ~ '.' ~ c) if alias else c) -%}
    {%- endfor -%}
    {{- out | join(', ') -}}
{%- endmacro -%}

{#- `a.x = b.x and a.y = b.y` over a column list (join condition). -#}
{%- macro more_equal_on(columns, left, right) -%}
    {%- set out = [] -%}
    {%- for c in gata.more_as_list(columns) -%}
        {%- do out.append(left ~ '.' ~ c ~ ' = ' ~ right ~ '.' ~ c) -%}
    {%- endfor -%}
    {{- out | join(' and ') -}}
{%- endmacro -%}

{#- Fails compilation with the macro and parameter named when a required parameter is missing. -#}
{%- macro more_require(macro_name, params) -%}
    {%- for name, value in params.items() -%}
        {%- if value is none or value == '' or value == [] or value == {} -%}
            {{ exceptions.raise_compiler_error("gata." ~ macro_name ~ ": parameter '" ~ name ~ "' is required (model " ~ this ~ ")") }}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro -%}

{#- An end date meaning "still open": AutomateDV's max datetime (9999-12-31). -#}
{%- macro more_is_open(end_date_column) -%}
    ({{ end_date_column }} is null or cast({{ end_date_column }} as date) = date '9999-12-31')
{%- endmacro -%}
