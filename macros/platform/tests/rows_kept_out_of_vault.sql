{#- Warn-severity report of the staged rows stg_object keeps out of the vault (gata._engine_stg_rows):
    `issue` missing_key (own business key NULL or empty) or duplicate_key (own key seen before in the
    same load). One result row per such record, with its tenant, object, load and dlt row id, so dbt's
    "Got N results" is the count. Generated once per staging model in _<tenant>__staging.yml, without
    `issue` (both kinds: one scan of the staged rows, one test node); `issue` narrows it to one kind. -#}
{% test rows_kept_out_of_vault(model, tenant, connector, object, issue=none) %}
    {%- if issue is not none and issue not in ['missing_key', 'duplicate_key'] -%}
        {{ exceptions.raise_compiler_error("gata.rows_kept_out_of_vault: issue must be missing_key or duplicate_key, got '" ~ issue ~ "'") }}
    {%- endif -%}
    {%- set rows = gata._engine_stg_rows(tenant, connector, object) -%}
    {%- if not execute -%}{{- return(rows) -}}{%- endif -%}
    {%- set key = gata._engine_business_key(gata._engine_object(connector, object, tenant)['entity']) %}
select
    checked.tenant_slug,
    {{ gata.sql_str(connector) }} as connector,
    {{ gata.sql_str(object) }} as object,
    checked.gata_row_issue as issue,
    {%- for c in key %}
    checked.{{ c }},
    {%- endfor %}
    checked.dlt_load_id,
    checked._dlt_id
from (
{{ rows }}
) as checked
where {{ 'checked.gata_row_issue is not null' if issue is none else 'checked.gata_row_issue = ' ~ gata.sql_str(issue) }}
{% endtest %}
