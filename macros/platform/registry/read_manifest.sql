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
  {%- set res = run_query("select content from read_text(" ~ gata.sql_str(gata.project_path(rel)) ~ ")") -%}
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


{#- tenants.yaml parsed, once per invocation: none when the file is missing or is not YAML.
    Cached beside its text: with 10,000 tenants one parse takes seconds, and every mart reads the
    manifest several times (a one-tenant build went from 61 s to about 6 s). Shared: callers must
    not change what they get. -#}
{% macro parsed_manifest() -%}
  {%- set cache = gata.invocation_cache() -%}
  {%- if 'tenants.yaml:parsed' not in cache -%}
    {%- set text = gata.read_manifest_text() -%}
    {%- do cache.update({'tenants.yaml:parsed': none if text is none else fromyaml(text)}) -%}
  {%- endif -%}
  {{- return(cache['tenants.yaml:parsed']) -}}
{%- endmacro %}


{#- The parsed manifest (a dict with key `tenants`). Raises a clear error when the file is
    missing or is not YAML; its content is checked by gata.validate_manifest (onboarding). -#}
{% macro read_manifest() -%}
  {%- if not execute -%}{{- return({'tenants': []}) -}}{%- endif -%}
  {%- set text = gata.read_manifest_text() -%}
  {%- if text is none -%}
    {{- exceptions.raise_compiler_error("tenants.yaml: file not found at " ~ gata.project_path('tenants.yaml')) -}}
  {%- endif -%}
  {%- set parsed = gata.parsed_manifest() -%}
  {%- if parsed is not mapping -%}
    {{- exceptions.raise_compiler_error(gata.validate_manifest(text) | join('\n')) -}}
  {%- endif -%}
  {{- return(parsed) -}}
{%- endmacro %}
