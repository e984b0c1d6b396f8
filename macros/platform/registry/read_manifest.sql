{#- tenants.yaml, read by the macros themselves (never passed in with --vars). -#}

{#- Text of a file under the project, or none when the file does not exist
    (DuckDB's read_text returns no row for a path that matches no file). -#}
{% macro read_project_file(rel) -%}
  {{- return(adapter.dispatch('read_project_file', 'gata')(rel)) -}}
{%- endmacro %}

{% macro default__read_project_file(rel) -%}
  {{- exceptions.raise_compiler_error("gata.read_project_file: no implementation for adapter " ~ adapter.type()) -}}
{%- endmacro %}

{% macro duckdb__read_project_file(rel) -%}
  {%- if not execute -%}{{- return(none) -}}{%- endif -%}
  {%- set res = run_query("select content from read_text(" ~ gata.sql_str(gata.glob_literal(gata.project_path(rel))) ~ ")") -%}
  {{- return(res.rows[0][0] if res.rows | length > 0 else none) -}}
{%- endmacro %}


{#- tenants.yaml's text, read once per invocation (gata.invocation_cache). -#}
{% macro read_manifest_text() -%}
  {%- set cache = gata.invocation_cache() -%}
  {%- if 'tenants.yaml' not in cache -%}
    {%- do cache.update({'tenants.yaml': gata.read_project_file('tenants.yaml')}) -%}
  {%- endif -%}
  {{- return(cache['tenants.yaml']) -}}
{%- endmacro %}


{#- The parsed manifest (a dict with key `tenants`). Raises a clear error when the file is
    missing or is not YAML; its content is checked by gata.validate_manifest. -#}
{% macro read_manifest() -%}
  {%- if not execute -%}{{- return({'tenants': []}) -}}{%- endif -%}
  {%- set text = gata.read_manifest_text() -%}
  {%- if text is none -%}
    {{- exceptions.raise_compiler_error("tenants.yaml: file not found at " ~ gata.project_path('tenants.yaml')) -}}
  {%- endif -%}
  {%- set parsed = fromyaml(text) -%}
  {%- if parsed is none -%}
    {{- exceptions.raise_compiler_error("tenants.yaml: not valid YAML (or empty)") -}}
  {%- endif -%}
  {{- return(parsed) -}}
{%- endmacro %}
