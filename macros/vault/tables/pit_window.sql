{#- Incremental PIT/bridge: which (key, as-of date) rows to (re)compute. As-of dates on or after the
    earliest load in a stage table can see new satellite/link rows, as-of dates not yet in the target
    are new, and keys missing from the target are new; the other rows cannot change. Never NULL (an
    empty stage recomputes nothing), so its negation selects exactly the rows to carry over.
    Under dbt's incremental the model must replace rows by key (unique_key + delete+insert); under
    pit_incremental / bridge_incremental the other rows are carried over (gata.pit_result). -#}
{%- macro pit_window_condition(src_pk, stage_tables_ldts, as_of_col, key_col) -%}
    (
        not exists (select 1 from {{ this }} as gata_w where gata_w.as_of_date = {{ as_of_col }})
        or not exists (select 1 from {{ this }} as gata_w where gata_w.{{ src_pk }} = {{ key_col }})
        {%- for stg, ldts in (stage_tables_ldts or {}).items() %}
        or exists (select 1 from {{ ref(stg) }} as gata_w where gata_w.{{ ldts }} <= {{ as_of_col }})
        {%- endfor %}
    )
{%- endmacro -%}

{#- The CTEs PIT and bridge start from: as_of_dates, and key_dates = every hub key x as-of date
    (only the window of pit_window_condition on incremental runs). The stage tables are declared
    as dependencies so the table is built after them. -#}
{%- macro pit_key_dates(src_pk, as_of_dates_table, stage_tables_ldts, source_model, rebuild_only=false) -%}
{%- if execute and rebuild_only and config.get('materialized') in ['incremental', 'vault_insert_by_period', 'vault_insert_by_rank'] -%}
    {#- delete+insert by (key, as-of date) cannot remove a path that stopped being active -#}
    {{ exceptions.raise_compiler_error("gata.bridge: model " ~ this ~ " must be materialized 'table' or 'bridge_incremental' (a bridge is rebuilt; incremental would keep paths that ended)") }}
{%- endif -%}
{%- if execute and config.get('materialized') == 'incremental' and not config.get('unique_key') -%}
    {#- appending would duplicate the recomputed (key, as-of date) rows -#}
    {{ exceptions.raise_compiler_error("gata: incremental PIT/bridge model " ~ this ~ " needs config unique_key=['" ~ src_pk ~ "', 'as_of_date'] and incremental_strategy='delete+insert'") }}
{%- endif -%}
{%- for stg in (stage_tables_ldts or {}) %}
-- depends_on: {{ ref(stg) }}
{%- endfor %}
with as_of_dates as (
    select distinct cast(as_of_date as timestamp) as as_of_date from {{ ref(as_of_dates_table) }}
),
key_dates as (
    select h.{{ src_pk }}, a.as_of_date
    from (select distinct {{ src_pk }} from {{ gata.source_relation(source_model) }}) as h
    cross join as_of_dates as a
    {%- if gata.is_any_incremental() %}
    where {{ gata.pit_window_condition(src_pk, stage_tables_ldts, 'a.as_of_date', 'h.' ~ src_pk) }}
    {%- endif %}
)
{%- endmacro -%}

{#- The final select of pit and bridge over their CTE new_rows (the computed rows, named columns).
    Under pit_incremental / bridge_incremental on an existing table (AutomateDV's semantics: each run's
    result is the whole table) it adds the target's rows outside the window, as long as their as-of date
    is still in as_of_dates_table: the materialization then replaces the contents with the union, so the
    table equals a full rebuild while only the window was computed. -#}
{%- macro pit_result(src_pk, stage_tables_ldts, columns) -%}
select {{ columns | join(', ') }} from new_rows
{%- if config.get('materialized') in ['pit_incremental', 'bridge_incremental'] and gata.is_any_incremental() %}
union all
select {% for c in columns %}gata_old.{{ c }}{{ ', ' if not loop.last }}{% endfor %}
from {{ this }} as gata_old
where not {{ gata.pit_window_condition(src_pk, stage_tables_ldts, 'gata_old.as_of_date', 'gata_old.' ~ src_pk) }}
  and gata_old.as_of_date in (select as_of_date from as_of_dates)
{%- endif %}
{%- endmacro -%}
