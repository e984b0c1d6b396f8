{#- Read-only introspection of a tenant's raw datasets (information_schema of the current
    database). dlt's bookkeeping tables and its `<dataset>_staging` schemas are not data. -#}

{% macro dlt_internal_tables() -%}{{- return(['_dlt_loads', '_dlt_pipeline_state', '_dlt_version']) -}}{%- endmacro %}

{#- WHERE clause selecting the raw data tables of `schemas` (exact names: `_staging` datasets never match). -#}
{% macro raw_tables_filter(schemas) -%}
  {%- set quoted = [] -%}
  {%- for s in schemas -%}{%- do quoted.append(gata.sql_str(s)) -%}{%- endfor -%}
  {%- set internal = [] -%}
  {%- for t in gata.dlt_internal_tables() -%}{%- do internal.append(gata.sql_str(t)) -%}{%- endfor -%}
  {{- return("table_catalog = current_database() and table_schema in (" ~ (quoted | join(', ') or "''") ~ ")"
             ~ " and table_name not in (" ~ internal | join(', ') ~ ")") -}}
{%- endmacro %}

{#- {schema: [table, ...]} for the schemas that exist (a schema without data tables maps to []). -#}
{% macro warehouse_tables(schemas) -%}
  {%- set out = {} -%}
  {%- set quoted = [] -%}
  {%- for s in schemas -%}{%- do quoted.append(gata.sql_str(s)) -%}{%- endfor -%}
  {%- set res = run_query("select schema_name from information_schema.schemata where catalog_name = current_database()"
                          ~ " and schema_name in (" ~ (quoted | join(', ') or "''") ~ ")") -%}
  {%- for row in res.rows -%}{%- do out.update({row[0]: []}) -%}{%- endfor -%}
  {%- set res = run_query("select table_schema, table_name from information_schema.tables where "
                          ~ gata.raw_tables_filter(schemas) ~ " order by 1, 2") -%}
  {%- for row in res.rows -%}{%- do out[row[0]].append(row[1]) -%}{%- endfor -%}
  {{- return(out) -}}
{%- endmacro %}

{#- Every (schema, table, column, data type) of the raw datasets, sorted. -#}
{% macro introspect_raw_columns(schemas) -%}
  {%- set res = run_query("select table_schema, table_name, column_name, data_type from information_schema.columns where "
                          ~ gata.raw_tables_filter(schemas) ~ " order by 1, 2, 3, 4") -%}
  {{- return(gata.agate_to_dicts(res)) -}}
{%- endmacro %}

{#- md5 over the sorted introspected list: changes whenever a raw table or column is added,
    dropped or changes type (recorded in gata_meta.onboarding_runs). -#}
{% macro raw_schema_fingerprint(columns) -%}
  {%- set lines = [] -%}
  {%- for c in columns -%}{%- do lines.append([c.table_schema, c.table_name, c.column_name, c.data_type] | join('|')) -%}{%- endfor -%}
  {{- return(local_md5(lines | sort | join('\n'))) -}}
{%- endmacro %}
