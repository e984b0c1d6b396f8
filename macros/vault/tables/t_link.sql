{#- Transactional link: one row per transaction key (src_pk) with its foreign keys and payload.
    Transactions are immutable facts, so loading is insert-only on new keys. As in AutomateDV, a row with a
    NULL foreign key (any column of src_fk) is not loaded. src_payload is a column or a list: AutomateDV's
    t_link takes no {exclude_columns: ...} mapping, so one fails compilation naming the parameter. -#}
{%- macro t_link(src_pk, src_fk, src_payload=none, src_extra_columns=none, src_eff=none, src_ldts=none, src_source=none, source_model=none) -%}
    {{- gata.check_required('t_link', {'src_pk': src_pk, 'src_fk': src_fk, 'src_eff': src_eff, 'src_ldts': src_ldts, 'src_source': src_source, 'source_model': source_model}) -}}
    {{ return(adapter.dispatch('t_link', 'gata')(src_pk, src_fk, src_payload, src_extra_columns, src_eff, src_ldts, src_source, source_model)) }}
{%- endmacro -%}

{%- macro default__t_link(src_pk, src_fk, src_payload, src_extra_columns, src_eff, src_ldts, src_source, source_model) -%}
{%- if src_payload is mapping -%}
    {{- exceptions.raise_compiler_error("gata.t_link: parameter 'src_payload' must be a column name or a list of them (AutomateDV's t_link takes no {exclude_columns: ...} mapping), got " ~ src_payload ~ " (model " ~ this ~ ")") -}}
{%- endif -%}
{%- set fks = gata.as_list(src_fk) -%}
{%- set other = fks + gata.as_list(src_payload) + gata.as_list(src_extra_columns) + [src_eff] -%}
{{ gata.key_table('t_link', src_pk, other, fks, src_ldts, src_source, source_model, order_by=[src_ldts, src_eff]) }}
{%- endmacro -%}
