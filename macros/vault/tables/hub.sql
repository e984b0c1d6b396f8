{#- Hub: one row per business key, from its first appearance. -#}
{%- macro hub(src_pk, src_nk, src_extra_columns=none, src_ldts=none, src_source=none, source_model=none) -%}
    {{- gata.check_required('hub', {'src_nk': src_nk}) -}}
    {{- return(adapter.dispatch('hub', 'gata')(src_pk, src_nk, src_extra_columns, src_ldts, src_source, source_model)) -}}
{%- endmacro -%}

{%- macro default__hub(src_pk, src_nk, src_extra_columns, src_ldts, src_source, source_model) -%}
    {{- gata.key_table('hub', src_pk, gata.as_list(src_nk) + gata.as_list(src_extra_columns), [], src_ldts, src_source, source_model) -}}
{%- endmacro -%}
