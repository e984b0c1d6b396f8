{#- Incremental PIT/bridge: which (key, as-of date) rows to (re)compute. As-of dates on or after the
    earliest load in the stage tables can see new satellite/link rows, as-of dates later than any in
    the target are new, and keys missing from the target are new; older rows cannot change.
    The model must replace rows by key (unique_key + delete+insert), else re-runs would duplicate. -#}
{%- macro pit_window_condition(src_pk, stage_tables_ldts, as_of_col, key_col) -%}
    (
        {{ as_of_col }} > (select max(as_of_date) from {{ this }})
        or not exists (select 1 from {{ this }} as t where t.{{ src_pk }} = {{ key_col }})
        {%- for stg, ldts in (stage_tables_ldts or {}).items() %}
        or {{ as_of_col }} >= (select min({{ ldts }}) from {{ ref(stg) }})
        {%- endfor %}
    )
{%- endmacro -%}

{#- The CTEs PIT and bridge start from: as_of_dates, and key_dates = every hub key x as-of date
    (only the window of pit_window_condition on incremental runs). The stage tables are declared
    as dependencies so the table is built after them. -#}
{%- macro pit_key_dates(src_pk, as_of_dates_table, stage_tables_ldts, source_model, rebuild_only=false) -%}
{%- if execute and rebuild_only and config.get('materialized') in ['incremental', 'vault_insert_by_period'] -%}
    {#- delete+insert by (key, as-of date) cannot remove a path that stopped being active -#}
    {{ exceptions.raise_compiler_error("gata.bridge: model " ~ this ~ " must be materialized 'table' (a bridge is rebuilt; incremental would keep paths that ended)") }}
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
