{#- Transactional link: one row per transaction key (src_pk) with its foreign keys and payload.
    Transactions are immutable facts, so loading is insert-only on new keys. -#}
{%- macro t_link(src_pk, src_fk, src_payload=none, src_extra_columns=none, src_eff=none, src_ldts=none, src_source=none, source_model=none) -%}
    {{- gata.check_required('t_link', {'src_pk': src_pk, 'src_fk': src_fk, 'src_eff': src_eff, 'src_ldts': src_ldts, 'src_source': src_source, 'source_model': source_model}) -}}
    {{ return(adapter.dispatch('t_link', 'gata')(src_pk, src_fk, src_payload, src_extra_columns, src_eff, src_ldts, src_source, source_model)) }}
{%- endmacro -%}

{%- macro default__t_link(src_pk, src_fk, src_payload, src_extra_columns, src_eff, src_ldts, src_source, source_model) -%}
{%- set other = gata.as_list(src_fk) + gata.as_list(src_payload) + gata.as_list(src_extra_columns) + [src_eff] -%}
{{ gata.key_table('t_link', src_pk, other, [], src_ldts, src_source, source_model, order_by=[src_ldts, src_eff]) }}
{%- endmacro -%}
