{#- One derived column: '!text' is the constant 'text'; a list is its items concatenated with
    concat_string (items may be constants); a bare column name is quoted; anything else is SQL. -#}
{%- macro derived_column_expression(value, alias) -%}
    {%- if value is string -%}
        {{- gata.derived_item(value) }} AS {{ gata.escape(alias) -}}
    {%- elif value is iterable and value is not mapping -%}
        {%- set items = [] -%}
        {%- for v in value -%}{%- do items.append(gata.derived_item(v)) -%}{%- endfor -%}
        CONCAT_WS({{ gata.sql_str(var('concat_string', '||')) }}, {{ items | join(', ') }}) AS {{ gata.escape(alias) }}
    {%- else -%}
        {{- exceptions.raise_compiler_error("gata.stage: derived column '" ~ alias ~ "' must be a string or a list, got " ~ value) -}}
    {%- endif -%}
{%- endmacro -%}

{%- macro derived_item(value) -%}
    {%- set v = value | string -%}
    {%- if v.startswith('!') -%}
        {{- gata.sql_str(v[1:]) -}}
    {%- elif modules.re.fullmatch('[A-Za-z_][A-Za-z0-9_$]*', v) -%}
        {{- gata.escape(v) -}}
    {%- else -%}
        {{- v -}}
    {%- endif -%}
{%- endmacro -%}
