{#- Reference table: one row per reference code (src_pk, not hashed) with its descriptive columns
    (src_extra_columns). Insert-only on new codes, like a hub that carries its attributes. -#}
{%- macro ref_table(src_pk, src_extra_columns=none, src_ldts=none, src_source=none, source_model=none) -%}
    {{- gata.check_required('ref_table', {'src_pk': src_pk, 'src_ldts': src_ldts, 'src_source': src_source, 'source_model': source_model}) -}}
    {{ return(adapter.dispatch('ref_table', 'gata')(src_pk, src_extra_columns, src_ldts, src_source, source_model)) }}
{%- endmacro -%}

{%- macro default__ref_table(src_pk, src_extra_columns, src_ldts, src_source, source_model) -%}
{{ gata.key_table('ref_table', src_pk, gata.as_list(src_extra_columns), [], src_ldts, src_source, source_model) }}
{%- endmacro -%}
