{#- True when the model adds to a table that already exists: dbt's `incremental` or our
    `vault_insert_by_period`. dbt's is_incremental() alone is false for custom materializations,
    so the vault macros ask this one before comparing against {{ this }}. -#}
{%- macro is_any_incremental() -%}
    {%- if not execute -%}{{ return(false) }}{%- endif -%}
    {%- if is_incremental() -%}{{ return(true) }}{%- endif -%}
    {%- if config.get('materialized') == 'vault_insert_by_period' and not should_full_refresh() -%}
        {%- set existing = adapter.get_relation(this.database, this.schema, this.identifier) -%}
        {{ return(existing is not none and existing.type == 'table') }}
    {%- endif -%}
    {{ return(false) }}
{%- endmacro -%}

{#- The `where __PERIOD_FILTER__` clause the vault macros put on their source when the model is
    materialized by vault_insert_by_period (the materialization swaps in each period's range). -#}
{%- macro period_filter_clause(keyword='where') -%}
    {%- if config.get('materialized') == 'vault_insert_by_period' -%}
        {{ keyword }} __PERIOD_FILTER__
    {%- endif -%}
{%- endmacro -%}
