{#- Helpers of vault_insert_by_period. Periods are cut in the session's time zone: every bound is a
    TIMESTAMP of local time (gata.period_timestamp), and a TIMESTAMP WITH TIME ZONE timestamp_field is
    compared with it as that local time, so each row falls in exactly one period whatever offset it was
    written with. Date arithmetic goes through dbt's cross-database dateadd/datediff/date_trunc. -#}

{#- The periods AutomateDV iterates over, finest first; finer ones (millisecond, microsecond) it refuses. -#}
{%- macro load_periods() -%}
    {{ return(['second', 'minute', 'hour', 'day', 'week', 'month', 'year']) }}
{%- endmacro -%}

{#- config period, checked: too small (millisecond, microsecond, nanosecond) or unknown fails; second,
    minute and hour warn, as AutomateDV does (many iterations). -#}
{%- macro load_period(kind) -%}
    {%- set period = gata.materialization_config(kind, 'period', 'word', default='day') -%}
    {%- if period in ['millisecond', 'microsecond', 'nanosecond'] -%}
        {{- gata.materialization_error(kind, "this datepart (" ~ period ~ ") is too small and not supported; "
            ~ "consider a different datepart value (e.g. day) or a rank column (vault_insert_by_rank)") -}}
    {%- elif period not in gata.load_periods() -%}
        {{- gata.materialization_error(kind, "period '" ~ period ~ "' is not one of " ~ gata.load_periods() | join(', ')) -}}
    {%- elif period in ['second', 'minute', 'hour'] -%}
        {%- do exceptions.warn(kind ~ ": model " ~ this ~ ": this datepart (" ~ period ~ ") is small and not recommended "
            ~ "(one iteration per " ~ period ~ "); consider day or a rank column") -%}
    {%- endif -%}
    {{ return(period) }}
{%- endmacro -%}

{#- SQL TIMESTAMP (session local time) of a bound written as text: a config date or a value read back
    from the database; an offset (+02, Z) is honoured. -#}
{%- macro period_timestamp(text) -%}
    {{- return(adapter.dispatch('period_timestamp', 'gata')(text)) -}}
{%- endmacro -%}

{%- macro default__period_timestamp(text) -%}
    {{- return('cast(' ~ gata.sql_str(text) ~ ' as ' ~ dbt.type_timestamp() ~ ')') -}}
{%- endmacro -%}

{%- macro duckdb__period_timestamp(text) -%}
    {#- DuckDB's cast of text to TIMESTAMP drops an offset; through TIMESTAMPTZ it is applied -#}
    {{- return('cast(cast(' ~ gata.sql_str(text) ~ ' as timestamp with time zone) as timestamp)') -}}
{%- endmacro -%}

{#- start/stop of the load, as text. start: start_date, else the min timestamp_field of date_source_models.
    stop: stop_date, else their max, else (only start_date given) the current time, as AutomateDV. -#}
{%- macro period_bounds(kind, timestamp_field, start_date, stop_date, date_source_models) -%}
    {%- if (start_date is none or stop_date is none) and date_source_models -%}
        {%- set query -%}
            select cast(min(gata_ts) as varchar), cast(max(gata_ts) as varchar) from (
            {%- for m in date_source_models %}
                select cast({{ gata.escape(timestamp_field) }} as {{ dbt.type_timestamp() }}) as gata_ts from {{ ref(m) }}{{ ' union all' if not loop.last }}
            {%- endfor %}
            ) as dates
        {%- endset -%}
        {%- set row = run_query(query).rows[0] -%}
        {%- set start_date = start_date if start_date is not none else row[0] -%}
        {%- set stop_date = stop_date if stop_date is not none else row[1] -%}
    {%- endif -%}
    {%- if start_date is none -%}
        {{- gata.materialization_error(kind, "needs start_date (stop_date is optional), or date_source_models holding rows") -}}
    {%- endif -%}
    {%- if stop_date is none -%}
        {%- set stop_date = run_query('select cast(cast(' ~ dbt.current_timestamp() ~ ' as ' ~ dbt.type_timestamp() ~ ') as varchar)').rows[0][0] -%}
    {%- endif -%}
    {{ return({'start': start_date | string, 'stop': stop_date | string}) }}
{%- endmacro -%}

{#- The later of start and the target's latest timestamp_field (its period is loaded again: its rows are
    compared with the table by the vault macros, so nothing is loaded twice). -#}
{%- macro period_resume_start(relation, timestamp_field, start) -%}
    {%- set start_ts = gata.period_timestamp(start) -%}
    {%- set query -%}
        select cast(greatest(coalesce(max(cast({{ gata.escape(timestamp_field) }} as {{ dbt.type_timestamp() }})), {{ start_ts }}), {{ start_ts }}) as varchar)
        from {{ relation }}
    {%- endset -%}
    {{ return(run_query(query).rows[0][0] | string) }}
{%- endmacro -%}

{#- How many periods from start's period to stop's period, both included (0 when stop is earlier). -#}
{%- macro period_count(period, start, stop) -%}
    {%- set query -%}
        select {{ dbt.datediff(dbt.date_trunc(period, gata.period_timestamp(start)), dbt.date_trunc(period, gata.period_timestamp(stop)), period) }} + 1
    {%- endset -%}
    {%- set n = run_query(query).rows[0][0] | int -%}
    {{ return([n, 0] | max) }}
{%- endmacro -%}

{#- Slice i of a period load (gata.insert_by_slices): the model SQL with __PERIOD_FILTER__ bound to the
    i-th period after start's period. params: {sql, timestamp_field, period, start}. -#}
{%- macro period_slice(params, i) -%}
    {%- set base = dbt.date_trunc(params.period, gata.period_timestamp(params.start)) -%}
    {%- set lower = dbt.dateadd(params.period, i, base) -%}
    {%- set filter -%}
        ({{ gata.escape(params.timestamp_field) }} >= {{ lower }} and {{ gata.escape(params.timestamp_field) }} < {{ dbt.dateadd(params.period, i + 1, base) }})
    {%- endset -%}
    {%- set label = params.period ~ ' ' ~ run_query('select cast(' ~ lower ~ ' as varchar)').rows[0][0] -%}
    {{ return({'sql': params.sql | replace('__PERIOD_FILTER__', filter), 'label': label}) }}
{%- endmacro -%}
