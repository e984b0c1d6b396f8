{#- Normalise a macro argument that may be none, '', a single string or a list into a list of strings. -#}
{%- macro as_list(value) -%}
    {%- if value is none or value == '' -%}
        {{- return([]) -}}
    {%- elif value is string -%}
        {{- return([value]) -}}
    {%- else -%}
        {{- return(value | list) -}}
    {%- endif -%}
{%- endmacro -%}
