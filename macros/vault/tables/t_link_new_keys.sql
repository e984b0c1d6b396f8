{#- Insert-only loading shared by t_link and ref_table: each key is stored once, from its earliest
    load; keys already in the target are skipped, so a re-run adds nothing. -#}
{%- macro insert_new_keys(src_pk, columns, order_by, source_model) -%}
    {{ return(adapter.dispatch('insert_new_keys', 'gata')(src_pk, columns, order_by, source_model)) }}
{%- endmacro -%}

{%- macro default__insert_new_keys(src_pk, columns, order_by, source_model) -%}
{%- set pk = gata.more_as_list(src_pk) -%}
with source_data as (
    select {{ gata.more_cols(columns) }}
    from {{ ref(source_model) }}
    {{ gata.period_filter_clause() }}
),
ranked as (
    -- several loads of the same key in one batch: the earliest is the record
    select source_data.*,
           row_number() over (partition by {{ gata.more_cols(pk) }} order by {{ gata.more_cols(order_by) }}) as gata_rank
    from source_data
    where {% for c in pk %}{{ c }} is not null{{ ' and ' if not loop.last }}{% endfor %}
)
select {{ gata.more_cols(columns, 'r') }}
from ranked as r
where r.gata_rank = 1
{%- if gata.is_any_incremental() %}
  and not exists (select 1 from {{ this }} as t where {{ gata.more_equal_on(pk, 't', 'r') }})
{%- endif %}
{%- endmacro -%}
