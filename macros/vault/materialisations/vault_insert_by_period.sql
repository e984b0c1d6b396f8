{#- vault_insert_by_period: loads a vault table one period at a time (AutomateDV's configs and
    semantics; body: gata.insert_by_slices). The model's SQL carries the placeholder __PERIOD_FILTER__
    (the gata vault macros add it to their source by themselves under this materialization); each
    iteration replaces it with `<timestamp_field> >= <period start> and <timestamp_field> < <next period start>`.
    Config: timestamp_field (required; TIMESTAMP or TIMESTAMP WITH TIME ZONE, periods are cut in the
    session's time zone), period (second|minute|hour|day|week|month|year, default day; millisecond and
    microsecond fail as too small), start_date, stop_date (inclusive: its period is loaded; missing: the
    max of date_source_models, else the current time), date_source_models (models whose min/max
    timestamp_field fill a missing start_date/stop_date). More than 100,000 periods fail before anything
    is written. The run that creates the table loads the first period only; later runs load every period
    from the target's latest timestamp_field up to the stop. -#}
{%- materialization vault_insert_by_period, default -%}
    {%- set kind = 'vault_insert_by_period' -%}
    {%- set period = gata.load_period(kind) -%}
    {%- set timestamp_field = gata.materialization_config(kind, 'timestamp_field', 'identifier', required=true) -%}
    {%- set start_date = gata.materialization_config(kind, 'start_date', 'date') -%}
    {%- set stop_date = gata.materialization_config(kind, 'stop_date', 'date') -%}
    {%- set date_source_models = gata.materialization_config(kind, 'date_source_models', 'models') -%}
    {%- do gata.check_placeholder(kind, '__PERIOD_FILTER__', sql) -%}

    {%- set bounds = gata.period_bounds(kind, timestamp_field, start_date, stop_date, date_source_models) -%}
    {%- do gata.check_iterations(kind, gata.period_count(period, bounds.start, bounds.stop),
                                 "loading by " ~ period ~ " from " ~ bounds.start ~ " to " ~ bounds.stop) -%}
    {#- resume at the period holding the latest loaded timestamp -#}
    {%- set start = gata.period_resume_start(this, timestamp_field, bounds.start) if gata.is_any_incremental() else bounds.start -%}
    {%- set params = {'sql': sql, 'timestamp_field': timestamp_field, 'period': period, 'start': start} -%}
    {{ return(gata.insert_by_slices(kind, gata.period_count(period, start, bounds.stop), gata.period_slice, params)) }}
{%- endmaterialization -%}
