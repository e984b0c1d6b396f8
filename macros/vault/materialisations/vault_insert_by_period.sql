{#- vault_insert_by_period: backfills a vault table one period at a time. The model's SQL carries
    the placeholder __PERIOD_FILTER__ (the gata vault macros add it to their source by themselves
    under this materialization); each iteration replaces it with
    `<timestamp_field> >= <period start> and <timestamp_field> < <next period start>`.
    Config (AutomateDV's names): timestamp_field (required), period (hour|day|week|month|year,
    default day), start_date, stop_date (inclusive: its period is loaded), date_source_models (models
    whose min/max timestamp_field fill a missing start_date/stop_date).
    As in AutomateDV, the run that creates the table loads the first period only (the model's SQL
    was compiled before the table existed, so it cannot compare against it); later runs load every
    period from the target's latest timestamp_field up to stop_date, each compared with the table
    as filled by the periods before it. -#}
{%- materialization vault_insert_by_period, default -%}
    {%- set timestamp_field = config.require('timestamp_field') -%}
    {%- set period = config.get('period', 'day') | lower -%}
    {%- if period not in ['hour', 'day', 'week', 'month', 'year'] -%}
        {{ exceptions.raise_compiler_error("vault_insert_by_period: model " ~ this ~ ": period '" ~ period ~ "' is not one of hour, day, week, month, year") }}
    {%- endif -%}
    {%- if '__PERIOD_FILTER__' not in sql -%}
        {{ exceptions.raise_compiler_error("vault_insert_by_period: model " ~ this ~ " has no __PERIOD_FILTER__ placeholder in its SQL") }}
    {%- endif -%}

    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing = load_relation(this) -%}
    {%- set bounds = gata.period_bounds(timestamp_field, config.get('start_date'), config.get('stop_date'), config.get('date_source_models')) -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- if existing is none or existing.type != 'table' or should_full_refresh() -%}
        {%- if existing is not none -%}{% do adapter.drop_relation(existing) %}{%- endif -%}
        {%- set first_sql = gata.replace_period_filter(sql, timestamp_field, period, bounds.start, 0) -%}
        {% call statement('main') -%}
            {{ create_table_as(False, target_relation, first_sql) }}
        {%- endcall %}
        {% do log("vault_insert_by_period: created " ~ target_relation ~ " with its first " ~ period ~ " from " ~ bounds.start ~ "; run again to load up to " ~ bounds.stop, info=True) %}
    {%- else -%}
        {#- resume at the period holding the latest loaded timestamp (its remaining rows are compared
            with the table by the vault macros, so nothing is loaded twice) -#}
        {%- set resume = gata.period_resume_start(target_relation, timestamp_field, bounds.start) -%}
        {%- set n_periods = gata.period_count(period, resume, bounds.stop) -%}
        {%- set columns = adapter.get_columns_in_relation(target_relation) -%}
        {%- set column_list = columns | map(attribute='name') | map('string') | list -%}
        {%- set quoted = [] -%}{%- for c in column_list -%}{%- do quoted.append(adapter.quote(c)) -%}{%- endfor -%}
        {%- for offset in range(n_periods) -%}
            {%- set tmp_relation = make_temp_relation(target_relation, '__gata_period_' ~ offset) -%}
            {%- set period_sql = gata.replace_period_filter(sql, timestamp_field, period, resume, offset) -%}
            {% call statement('period_' ~ offset) -%}
                {{ create_table_as(True, tmp_relation, period_sql) }}
            {%- endcall %}
            {% call statement('main' if loop.last else 'insert_' ~ offset, fetch_result=False) -%}
                insert into {{ target_relation }} ({{ quoted | join(', ') }})
                select {{ quoted | join(', ') }} from {{ tmp_relation }}
            {%- endcall %}
            {% do adapter.drop_relation(tmp_relation) %}
            {% do log("vault_insert_by_period: " ~ target_relation ~ " " ~ period ~ " " ~ (offset + 1) ~ "/" ~ n_periods ~ " loaded", info=True) %}
        {%- endfor -%}
        {%- if n_periods == 0 -%}
            {% call statement('main') -%} select 1 {%- endcall %}
        {%- endif -%}
    {%- endif -%}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {% do adapter.commit() %}
    {{ run_hooks(post_hooks, inside_transaction=False) }}
    {{ return({'relations': [target_relation]}) }}
{%- endmaterialization -%}
