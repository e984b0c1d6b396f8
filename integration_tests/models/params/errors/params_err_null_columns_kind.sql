-- must fail: a null_columns kind neither required nor optional. Enabled and rendered only with var
-- params_errors, and only at execution (so parsing, which renders every model, still succeeds).
-- depends_on: {{ ref('params_raw_customers') }}
{{ config(enabled=var('params_errors', false)) }}
{%- if execute %}
{{ gata.stage(source_model='params_raw_customers', null_columns={'MANDATORY': ['customer_id']}) }}
{%- else %}
select 1 as placeholder
{%- endif %}
