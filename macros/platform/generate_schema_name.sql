{#- Custom schemas are used verbatim (`acme_staging`, `vault`, `acme_marts`): the schema name is part of
    the contract, so dbt's default `<target.schema>_<custom>` prefixing is switched off. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
