{#- Project files from a run-operation. dbt's Jinja has no file system access, so DuckDB does it:
    read_text/glob read, COPY ... (FORMAT blob) writes bytes exactly, and an empty partitioned COPY
    creates (OVERWRITE_OR_IGNORE) or empties (OVERWRITE) one directory. DuckDB cannot delete a single
    file, so deleting = emptying the folder and writing back the files that stay. All paths are
    relative to the project directory. -#}

{#- Relative paths of the files matching a glob pattern, sorted. -#}
{% macro glob_project_files(rel_pattern) -%}{{- return(adapter.dispatch('glob_project_files', 'gata')(rel_pattern)) -}}{%- endmacro %}
{% macro default__glob_project_files(rel_pattern) -%}{{- gata.unsupported_adapter('glob_project_files') -}}{%- endmacro %}
{% macro duckdb__glob_project_files(rel_pattern) -%}
  {%- set root = gata.project_path() ~ '/' -%}
  {%- set res = run_query("select file from glob(" ~ gata.sql_str(root ~ rel_pattern) ~ ") order by file") -%}
  {%- set out = [] -%}
  {%- for row in res.rows -%}{%- do out.append(row[0][root | length:]) -%}{%- endfor -%}
  {{- return(out) -}}
{%- endmacro %}

{#- {file name: text} of the files directly in a folder ({} when it does not exist). -#}
{% macro read_project_dir(rel_dir) -%}{{- return(adapter.dispatch('read_project_dir', 'gata')(rel_dir)) -}}{%- endmacro %}
{% macro default__read_project_dir(rel_dir) -%}{{- gata.unsupported_adapter('read_project_dir') -}}{%- endmacro %}
{% macro duckdb__read_project_dir(rel_dir) -%}
  {%- set res = run_query("select filename, content from read_text(" ~ gata.sql_str(gata.project_path(rel_dir) ~ '/*') ~ ")") -%}
  {%- set out = {} -%}
  {%- for row in res.rows -%}{%- do out.update({row[0].split('/')[-1]: row[1]}) -%}{%- endfor -%}
  {{- return(out) -}}
{%- endmacro %}

{#- Write `text` to a file (its folder must exist), byte for byte. -#}
{% macro write_project_file(rel, text) -%}{%- do adapter.dispatch('write_project_file', 'gata')(rel, text) -%}{%- endmacro %}
{% macro default__write_project_file(rel, text) -%}{{- gata.unsupported_adapter('write_project_file') -}}{%- endmacro %}
{% macro duckdb__write_project_file(rel, text) -%}
  {%- do run_query("copy (select encode(" ~ gata.sql_str(text) ~ ")) to " ~ gata.sql_str(gata.project_path(rel)) ~ " (format blob)") -%}
{%- endmacro %}

{#- Create a folder and its missing parents below the project directory. -#}
{% macro make_project_dir(rel_dir) -%}{%- do adapter.dispatch('make_project_dir', 'gata')(rel_dir) -%}{%- endmacro %}
{% macro default__make_project_dir(rel_dir) -%}{{- gata.unsupported_adapter('make_project_dir') -}}{%- endmacro %}
{% macro duckdb__make_project_dir(rel_dir) -%}
  {%- set parts = rel_dir.split('/') -%}
  {%- for i in range(1, parts | length + 1) -%}
    {%- do run_query("copy (select 1 as p, 1 as v where false) to " ~ gata.sql_str(gata.project_path(parts[:i] | join('/')))
                     ~ " (format csv, partition_by (p), overwrite_or_ignore)") -%}
  {%- endfor -%}
{%- endmacro %}

{#- Remove every file of a generated folder. Guarded: only a tenant folder or a vault shell folder. -#}
{% macro empty_project_dir(rel_dir) -%}
  {%- set m = modules.re.fullmatch('models/tenants/([a-z0-9_]+)', rel_dir) -%}
  {%- if not ((m is not none and gata.is_valid_slug(m.group(1))) or rel_dir in gata.vault_dirs().values()) -%}
    {{- exceptions.raise_compiler_error("gata.empty_project_dir: refusing to empty '" ~ rel_dir ~ "' (not a generated folder)") -}}
  {%- endif -%}
  {%- do adapter.dispatch('empty_project_dir', 'gata')(rel_dir) -%}
{%- endmacro %}
{% macro default__empty_project_dir(rel_dir) -%}{{- gata.unsupported_adapter('empty_project_dir') -}}{%- endmacro %}
{% macro duckdb__empty_project_dir(rel_dir) -%}
  {%- do run_query("copy (select 1 as p, 1 as v where false) to " ~ gata.sql_str(gata.project_path(rel_dir))
                   ~ " (format csv, partition_by (p), overwrite)") -%}
{%- endmacro %}

{% macro unsupported_adapter(what) -%}
  {{- exceptions.raise_compiler_error("gata." ~ what ~ ": not implemented for adapter " ~ adapter.type() ~ " (the onboarding phases need DuckDB)") -}}
{%- endmacro %}


{#- Plan against the files on disk.
    desired: {rel path: text}; scopes: [{dir, pattern}] = which existing files this run owns
    (a file in scope that is not desired gets deleted; only files that start with the generated
    header are ever owned); inventory: {dir: {name: text}}, filled here with every folder read
    and shared by the phases of one run. -> entries [{rel, dir, name, action, text, phase}],
    action: new | changed | unchanged | delete. -#}
{% macro plan_files(desired, scopes, phase, inventory) -%}
  {%- set dir_names = scopes | map(attribute='dir') | list -%}
  {%- for rel in desired.keys() -%}{%- do dir_names.append(rel.rsplit('/', 1)[0]) -%}{%- endfor -%}
  {%- for d in dir_names | unique if d not in inventory -%}{%- do inventory.update({d: gata.read_project_dir(d)}) -%}{%- endfor -%}
  {%- set entries = [] -%}
  {%- for rel in desired.keys() | sort -%}
    {%- set d, name = rel.rsplit('/', 1) -%}
    {%- set old = inventory[d].get(name) -%}
    {%- set action = 'new' if old is none else ('unchanged' if old == desired[rel] else 'changed') -%}
    {%- do entries.append({'rel': rel, 'dir': d, 'name': name, 'action': action, 'text': desired[rel], 'phase': phase}) -%}
  {%- endfor -%}
  {%- for scope in scopes -%}
    {%- for name in inventory[scope.dir].keys() | sort -%}
      {%- set rel = scope.dir ~ '/' ~ name -%}
      {%- if rel not in desired and modules.re.fullmatch(scope.pattern, name) and gata.is_generated_text(inventory[scope.dir][name]) -%}
        {%- do entries.append({'rel': rel, 'dir': scope.dir, 'name': name, 'action': 'delete', 'text': none, 'phase': phase}) -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
  {{- return(entries) -}}
{%- endmacro %}

{% macro is_generated_text(text) -%}
  {{- return(text.startswith(gata.generated_header() ~ '\n') or text.startswith(gata.generated_header('#') ~ '\n')) -}}
{%- endmacro %}


{#- Carry out planned entries. `inventory` (from plan_files) is kept up to date, so that emptying a folder writes back exactly the files that must stay. -#}
{% macro apply_file_entries(entries, inventory) -%}
  {%- set by_dir = {} -%}
  {%- for e in entries if e.action != 'unchanged' -%}{%- do by_dir.setdefault(e.dir, []).append(e) -%}{%- endfor -%}
  {%- for d in by_dir.keys() | sort -%}
    {%- set files = inventory.setdefault(d, {}) -%}
    {%- set deletes = by_dir[d] | selectattr('action', 'equalto', 'delete') | map(attribute='name') | list -%}
    {%- for e in by_dir[d] if e.action != 'delete' -%}{%- do files.update({e.name: e.text}) -%}{%- endfor -%}
    {%- for name in deletes -%}{%- do files.pop(name) -%}{%- endfor -%}
    {%- do gata.make_project_dir(d) -%}
    {%- if deletes | length > 0 -%}
      {%- do gata.empty_project_dir(d) -%}
      {%- for name in files.keys() | sort -%}{%- do gata.write_project_file(d ~ '/' ~ name, files[name]) -%}{%- endfor -%}
    {%- else -%}
      {%- for e in by_dir[d] -%}{%- do gata.write_project_file(e.rel, e.text) -%}{%- endfor -%}
    {%- endif -%}
  {%- endfor -%}
{%- endmacro %}


{#- "12 files: 3 new, 1 changed, 8 unchanged, 0 deleted" -#}
{% macro summarize_entries(entries) -%}
  {%- set counts = [] -%}
  {%- for action in ['new', 'changed', 'unchanged', 'delete'] -%}
    {%- do counts.append((entries | selectattr('action', 'equalto', action) | list | length) ~ ' ' ~ ('deleted' if action == 'delete' else action)) -%}
  {%- endfor -%}
  {{- return((entries | rejectattr('action', 'equalto', 'delete') | list | length) ~ ' files: ' ~ counts | join(', ')) -}}
{%- endmacro %}
