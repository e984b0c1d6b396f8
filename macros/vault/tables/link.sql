{#- Link: one row per relationship key; a row with any NULL foreign key is never loaded. -#}
{%- macro link(src_pk, src_fk, src_extra_columns=none, src_ldts=none, src_source=none, source_model=none) -%}
    {{- gata.check_required('link', {'src_fk': src_fk}) -}}
    {{- return(adapter.dispatch('link', 'gata')(src_pk, src_fk, src_extra_columns, src_ldts, src_source, source_model)) -}}
{%- endmacro -%}

{%- macro default__link(src_pk, src_fk, src_extra_columns, src_ldts, src_source, source_model) -%}
    {%- set fk = gata.as_list(src_fk) -%}
    {{- gata.key_table('link', src_pk, fk + gata.as_list(src_extra_columns), fk, src_ldts, src_source, source_model) -}}
{%- endmacro -%}
