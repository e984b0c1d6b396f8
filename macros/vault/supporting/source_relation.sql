{#- Resolve AutomateDV's source_model argument: a model name is ref'd, a one-entry dict
    {source_name: table_name} is source'd. -#}
{%- macro source_relation(source_model) -%}
    {%- if source_model is mapping -%}
        {%- if source_model | length != 1 -%}
            {{- exceptions.raise_compiler_error("gata: source_model as a dict must have exactly one entry {source_name: table_name}, got " ~ source_model) -}}
        {%- endif -%}
        {%- for source_name, table_name in source_model.items() -%}
            {{- return(source(source_name, table_name)) -}}
        {%- endfor -%}
    {%- elif source_model is string and source_model | length > 0 -%}
        {{- return(ref(source_model)) -}}
    {%- else -%}
        {{- exceptions.raise_compiler_error("gata: source_model must be a model name or {source_name: table_name}, got " ~ source_model) -}}
    {%- endif -%}
{%- endmacro -%}
