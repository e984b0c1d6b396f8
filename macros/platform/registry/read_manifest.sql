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


{#- tenants.yaml parsed, once per invocation: none when the file is missing or is not YAML.
    Cached beside its text: with 10,000 tenants one parse takes seconds and every mart reads the
    manifest. With the profile's gata_manifest plugin the parse happens in Python (gata_read_manifest),
    once per process even when dbt compiles marts in parallel threads (two threads would both miss
    this cache), and comes back as JSON (dates as 'YYYY-MM-DD' strings); without it, fromyaml.
    Shared: callers must not change what they get. -#}
{% macro parsed_manifest() -%}
  {%- set cache = gata.invocation_cache() -%}
  {%- if 'tenants.yaml:parsed' not in cache -%}
    {%- set text = gata.read_manifest_text() -%}
    {%- do cache.update({'tenants.yaml:parsed': none if text is none else adapter.dispatch('parse_manifest', 'gata')(text)}) -%}
  {%- endif -%}
  {{- return(cache['tenants.yaml:parsed']) -}}
{%- endmacro %}

{% macro default__parse_manifest(text) -%}{{- return(fromyaml(text)) -}}{%- endmacro %}

{% macro duckdb__parse_manifest(text) -%}
  {%- if not gata.has_manifest_plugin() -%}{{- return(fromyaml(text)) -}}{%- endif -%}
  {{- return(fromjson(run_query("select gata_read_manifest(" ~ gata.sql_str(text) ~ ")").rows[0][0])) -}}
{%- endmacro %}

{#- true when the connection has the functions of the profile's gata_manifest plugin. -#}
{% macro has_manifest_plugin() -%}
  {%- set cache = gata.invocation_cache() -%}
  {%- if 'gata_manifest plugin' not in cache -%}
    {%- set found = run_query("select count(*) from duckdb_functions() where function_name = 'gata_read_manifest'") -%}
    {%- do cache.update({'gata_manifest plugin': found.rows[0][0] > 0}) -%}
  {%- endif -%}
  {{- return(cache['gata_manifest plugin']) -}}
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
