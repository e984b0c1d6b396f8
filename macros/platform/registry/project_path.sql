{#- Paths for run-operations and engines. DuckDB resolves relative paths against the
    process's working directory, not the dbt project, so every file path the platform
    reads or writes is anchored at the project directory dbt was started with (or the var
    gata_project_dir, the same override the engines accept, for a project that installs gata
    as a package). -#}

{% macro project_path(rel='') -%}
  {%- set root = (var('gata_project_dir', none) or invocation_args_dict.get('project_dir') or '.') | string -%}
  {%- if root != '/' -%}{%- set root = root.rstrip('/') -%}{%- endif -%}
  {{- return(root ~ '/' ~ rel if rel else root) -}}
{%- endmacro %}


{#- A path for DuckDB's reading functions (read_text, read_csv, glob), which expand glob patterns:
    `[`, `*` and `?` in a project folder name (`proj[1]`) would match other folders (`proj1`), so
    each is escaped as a one-character class. `]`, `{`, `}` and spaces need no escape (checked
    with DuckDB 2.0.1); a backslash cannot be matched by a wildcard read at all. Writes (COPY TO)
    take paths literally and need no escape. -#}
{% macro glob_literal(path) -%}
  {{- return(modules.re.sub('([\\[*?])', '[\\1]', path | string)) -}}
{%- endmacro %}
