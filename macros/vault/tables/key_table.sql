{#- Shared body of hub, link, t_link and ref_table: rows of every source whose keys are all non-NULL, the
    earliest row per primary key (by order_by, default load datetime then record source; ties are broken by
    the other columns, so several sources give one deterministic row),
    and on incremental runs only keys not yet in the target. Keys already in the target are dropped before
    ranking, so re-loading a loaded batch costs one anti-join. Under vault_insert_by_period each period's
    rows are compared with the table as the periods before left it (gata.is_any_incremental). -#}
{%- macro key_table(macro_name, src_pk, other_columns, required_columns, src_ldts, src_source, source_model, order_by=none) -%}
    {{- gata.check_required(macro_name, {'src_pk': src_pk, 'src_ldts': src_ldts, 'src_source': src_source, 'source_model': source_model}) -}}
    {%- set order_by = gata.as_list(order_by) or [src_ldts, src_source] -%}
    {%- set pk = gata.as_list(src_pk) -%}
    {%- set columns = gata.escape_list(pk + other_columns + [src_ldts, src_source]) -%}
    {%- set incremental = gata.is_any_incremental() -%}
with staged as (
    {%- for relation in gata.source_models(source_model) %}
    select {{ columns | join(', ') }}
    from {{ relation }} as s
    where {{ gata.all_not_null(pk + required_columns, 's.') }}
    {{ gata.period_filter_clause('and') }}
    {%- if incremental %}
      and not exists (select 1 from {{ this }} as t where {{ gata.key_join(pk, 't', 's') }})
    {%- endif %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),
first_seen as (
    {#- ties on the ordering columns are broken by the other columns, so the result is deterministic -#}
    {{ gata.first_row_per_key('staged', pk, other_columns + [src_ldts, src_source], order_by + (other_columns + [src_ldts, src_source]) | reject('in', order_by) | list) }}
)
select * from first_seen
{%- endmacro -%}
