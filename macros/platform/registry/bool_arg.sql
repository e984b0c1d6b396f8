{#- A boolean run-operation argument or var: YAML true/false only. `1`, "yes" or "true" are refused, so a
    typo can never turn a dry run into a real one or purge rows by accident. -> the boolean. -#}
{% macro bool_arg(value, name, op) -%}
  {%- if value is sameas true or value is sameas false -%}{{- return(value) -}}{%- endif -%}
  {{- exceptions.raise_compiler_error(op ~ ": argument " ~ name ~ " must be true or false (got "
      ~ (value | tojson if value is string else value | string) ~ "); nothing was done") -}}
{%- endmacro %}
