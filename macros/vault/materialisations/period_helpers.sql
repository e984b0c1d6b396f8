{#- Helpers of vault_insert_by_period. Date arithmetic goes through dbt's cross-database
    dateadd/datediff/date_trunc, so the materialization itself is adapter-neutral. -#}

{#- start/stop of the backfill: the config's dates, else min/max timestamp_field of date_source_models. -#}
{%- macro period_bounds(timestamp_field, start_date, stop_date, date_source_models) -%}
    {%- if (start_date is none or stop_date is none) and date_source_models -%}
        {%- set models = [date_source_models] if date_source_models is string else date_source_models -%}
        {%- set query -%}
            select cast(min({{ timestamp_field }}) as varchar), cast(max({{ timestamp_field }}) as varchar) from (
            {%- for m in models %}
                select {{ timestamp_field }} from {{ ref(m) }}{{ ' union all' if not loop.last }}
            {%- endfor %}
            ) as dates
        {%- endset -%}
        {%- set row = run_query(query).rows[0] -%}
        {%- set start_date = start_date if start_date is not none else row[0] -%}
        {%- set stop_date = stop_date if stop_date is not none else row[1] -%}
    {%- endif -%}
    {%- if start_date is none or stop_date is none -%}
        {{ exceptions.raise_compiler_error("vault_insert_by_period: model " ~ this ~ " needs start_date and stop_date, or date_source_models holding rows") }}
    {%- endif -%}
    {{ return({'start': start_date | string, 'stop': stop_date | string}) }}
{%- endmacro -%}

{#- The later of start_date and the target's latest timestamp_field. -#}
{%- macro period_resume_start(relation, timestamp_field, start_date) -%}
    {%- set query -%}
        select cast(greatest(coalesce(max({{ timestamp_field }}), cast('{{ start_date }}' as timestamp)), cast('{{ start_date }}' as timestamp)) as varchar)
        from {{ relation }}
    {%- endset -%}
    {{ return(run_query(query).rows[0][0] | string) }}
{%- endmacro -%}

{#- How many periods from start's period to stop's period, both included (0 when stop is earlier). -#}
{%- macro period_count(period, start, stop) -%}
    {%- set query -%}
        select {{ dbt.datediff(dbt.date_trunc(period, "cast('" ~ start ~ "' as timestamp)"), dbt.date_trunc(period, "cast('" ~ stop ~ "' as timestamp)"), period) }} + 1
    {%- endset -%}
    {%- set n = run_query(query).rows[0][0] | int -%}
    {{ return([n, 0] | max) }}
{%- endmacro -%}

{#- The model's SQL with __PERIOD_FILTER__ bound to the offset-th period after start's period. -#}
{%- macro replace_period_filter(sql, timestamp_field, period, start, offset) -%}
    {%- set base = dbt.date_trunc(period, "cast('" ~ start ~ "' as timestamp)") -%}
    {%- set filter -%}
        ({{ timestamp_field }} >= {{ dbt.dateadd(period, offset, base) }} and {{ timestamp_field }} < {{ dbt.dateadd(period, offset + 1, base) }})
    {%- endset -%}
    {{ return(sql | replace('__PERIOD_FILTER__', filter)) }}
{%- endmacro -%}
