{#- Fails compilation, naming the macro, the parameter and the model, when a required parameter is
    missing: none, '' or an empty list/dict. -#}
{%- macro check_required(macro_name, params) -%}
    {%- for name, value in params.items() -%}
        {%- if value is none or value | length == 0 -%}
            {{- exceptions.raise_compiler_error("gata." ~ macro_name ~ ": parameter '" ~ name ~ "' is required (model " ~ this ~ ")") -}}
        {%- endif -%}
    {%- endfor -%}
{%- endmacro -%}
