{#- One column as hashed: text, trimmed, upper-cased (unless hash_content_casing is DISABLED),
    and the empty string made NULL so '' and NULL keys hash alike. -#}
{%- macro standardise_column(column) -%}
    {%- set casing = (var('hash_content_casing', 'UPPER') | string | upper) -%}
    {%- if casing not in ['UPPER', 'DISABLED'] -%}
        {{- exceptions.raise_compiler_error("gata: var 'hash_content_casing' must be UPPER or DISABLED, got '" ~ casing ~ "'") -}}
    {%- endif -%}
    {%- set text = "TRIM(CAST(" ~ gata.escape(column) ~ " AS " ~ dbt.type_string() ~ "))" -%}
    {%- if casing == 'UPPER' -%}{%- set text = "UPPER(" ~ text ~ ")" -%}{%- endif -%}
    NULLIF({{ text }}, '')
{%- endmacro -%}
