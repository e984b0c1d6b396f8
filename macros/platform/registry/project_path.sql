{#- Paths for run-operations and engines. DuckDB resolves relative paths against the
    process's working directory, not the dbt project, so every file path the platform
    reads or writes is anchored at the project directory dbt was started with (or the var
    gata_project_dir, the same override the engines accept, for a project that installs gata
    as a package). In a tenant scope (scopes/<slug>/, macros/platform/scopes.sql) the project directory
    is the scope's: its var gata_scope_root leads from there to the main project. -#}

{% macro project_path(rel='') -%}
  {%- set up = var('gata_scope_root', none) -%}
  {%- set root = (var('gata_project_dir', none)
                  or gata.lexical_normpath(((invocation_args_dict.get('project_dir') or '.') | string) ~ ('/' ~ up if up else ''))) | string -%}
  {%- if root != '/' -%}{%- set root = root.rstrip('/') -%}{%- endif -%}
  {{- return(root ~ '/' ~ rel if rel else root) -}}
{%- endmacro %}


{#- `a/b/../..` as `.`, `/x/scopes/acme/../..` as `/x`: the path's own text, resolved without the file system
    (DuckDB hands back the names of the files it reads normalised, and read_project_glob strips the root
    from them). A leading `..` stays. -#}
{% macro lexical_normpath(path) -%}
  {%- set out = [] -%}
  {%- for part in path.split('/') if part not in ['', '.'] -%}
    {%- if part == '..' and out and out[-1] != '..' -%}{%- do out.pop() -%}{%- else -%}{%- do out.append(part) -%}{%- endif -%}
  {%- endfor -%}
  {{- return(('/' if path.startswith('/') else '') ~ (out | join('/')) or '.') -}}
{%- endmacro %}

{#- A path for DuckDB's reading functions (read_text, read_csv, glob), which expand glob patterns:
    `[`, `*` and `?` in a project folder name (`proj[1]`) would match other folders (`proj1`), so
    each is escaped as a one-character class. `]`, `{`, `}` and spaces need no escape (checked
    with DuckDB 2.0.1); a backslash cannot be matched by a wildcard read at all. Writes (COPY TO)
    take paths literally and need no escape. -#}
{% macro glob_literal(path) -%}
  {{- return(modules.re.sub('([\\[*?])', '[\\1]', path | string)) -}}
{%- endmacro %}
