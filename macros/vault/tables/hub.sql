{#- Hub: one row per business key, from its first appearance. -#}
{%- macro hub(src_pk, src_nk, src_extra_columns=none, src_ldts=none, src_source=none, source_model=none) -%}
    {%- if src_nk is none -%}{{- exceptions.raise_compiler_error("gata.hub: src_nk is required") -}}{%- endif -%}
    {{- gata.key_table('hub', src_pk, gata.as_list(src_nk) + gata.as_list(src_extra_columns), [], src_ldts, src_source, source_model) -}}
{%- endmacro -%}
