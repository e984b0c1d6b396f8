{#- The materializations (besides dbt's `incremental`) under which the vault macros compare with the
    table they load: the iterative loads, and the PIT/bridge ones that carry the table's rows over. -#}
{%- macro vault_incremental_materializations() -%}
    {{ return(['vault_insert_by_period', 'vault_insert_by_rank', 'pit_incremental', 'bridge_incremental']) }}
{%- endmacro -%}

{#- True when the model adds to a table that already exists: dbt's `incremental`, or one of ours
    (vault_incremental_materializations). dbt's is_incremental() alone is false for custom
    materializations, so the vault macros ask this one before comparing against {{ this }}.
    should_full_refresh() honours a model's `full_refresh: false` (Gata's vault history guard). -#}
{%- macro is_any_incremental() -%}
    {%- if not execute -%}{{ return(false) }}{%- endif -%}
    {%- if is_incremental() -%}{{ return(true) }}{%- endif -%}
    {%- if config.get('materialized') in gata.vault_incremental_materializations() and not should_full_refresh() -%}
        {%- set existing = adapter.get_relation(this.database, this.schema, this.identifier) -%}
        {{ return(existing is not none and existing.type == 'table') }}
    {%- endif -%}
    {{ return(false) }}
{%- endmacro -%}

{#- The filter the vault macros put on their source rows when the model is loaded in slices:
    `<keyword> __PERIOD_FILTER__` under vault_insert_by_period, `<keyword> __RANK_FILTER__` under
    vault_insert_by_rank (the materialization binds it to each period or rank), else nothing. -#}
{%- macro period_filter_clause(keyword='where') -%}
    {%- set placeholder = {'vault_insert_by_period': '__PERIOD_FILTER__',
                           'vault_insert_by_rank': '__RANK_FILTER__'}.get(config.get('materialized')) -%}
    {%- if placeholder -%}
        {{ keyword }} {{ placeholder }}
    {%- endif -%}
{%- endmacro -%}
