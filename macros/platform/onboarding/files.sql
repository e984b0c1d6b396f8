{#- Project files from a run-operation. dbt's Jinja has no file system access, so DuckDB does it:
    read_text reads, COPY ... (FORMAT blob, USE_TMP_FILE) writes bytes exactly and atomically, and an
    empty partitioned COPY creates (OVERWRITE_OR_IGNORE) or empties (OVERWRITE) one directory. DuckDB
    cannot delete a single file: a removed shell becomes a stub (gata.stub_text), and a folder is
    emptied only once every file in it is a stub. All paths are relative to the project directory. -#}

{#- Relative paths of the files matching a glob pattern, sorted. -#}
{% macro glob_project_files(rel_pattern) -%}{{- return(gata.read_project_glob(rel_pattern).keys() | sort) -}}{%- endmacro %}

{#- Relative paths of the files matching a glob pattern that are not stubs (removed shells), sorted. -#}
{% macro live_project_files(rel_pattern) -%}
  {%- set files = gata.read_project_glob(rel_pattern) -%}
  {%- set out = [] -%}
  {%- for rel in files.keys() | sort if not gata.is_stub_text(files[rel]) -%}{%- do out.append(rel) -%}{%- endfor -%}
  {{- return(out) -}}
{%- endmacro %}

{#- {relative path: text} of the files matching a glob pattern below the project directory. The
    project directory's own name is escaped (gata.glob_literal): only `rel_pattern` globs. -#}
{% macro read_project_glob(rel_pattern) -%}{{- return(adapter.dispatch('read_project_glob', 'gata')(rel_pattern)) -}}{%- endmacro %}
{% macro default__read_project_glob(rel_pattern) -%}{{- gata.unsupported_adapter('read_project_glob') -}}{%- endmacro %}
{% macro duckdb__read_project_glob(rel_pattern) -%}
  {%- set root = gata.project_path() -%}
  {%- set res = run_query("select filename, content from read_text("
                          ~ gata.sql_str(gata.glob_literal(root) ~ '/' ~ rel_pattern) ~ ") order by filename") -%}
  {#- DuckDB hands file names back normalised (no leading './', no '//'): strip the root the same way -#}
  {%- set prefix = gata.normalized_path(root ~ '/') -%}
  {%- set out = {} -%}
  {%- for row in res.rows -%}
    {%- set name = gata.normalized_path(row[0]) -%}
    {%- if name.startswith(prefix) -%}{%- do out.update({name[prefix | length:]: row[1]}) -%}{%- endif -%}
  {%- endfor -%}
  {{- return(out) -}}
{%- endmacro %}

{% macro normalized_path(path) -%}
  {{- return(modules.re.sub('^(\\./)+', '', modules.re.sub('/+', '/', path))) -}}
{%- endmacro %}

{#- {file name: text} of the files directly in a folder ({} when it does not exist). -#}
{% macro read_project_dir(rel_dir) -%}
  {%- set out = {} -%}
  {%- set files = gata.read_project_glob(gata.glob_literal(rel_dir) ~ '/*') -%}
  {%- for rel in files.keys() -%}{%- do out.update({rel.split('/')[-1]: files[rel]}) -%}{%- endfor -%}
  {{- return(out) -}}
{%- endmacro %}

{#- Write `text` to a file (its folder must exist), byte for byte and atomically: DuckDB writes
    `tmp_<name>` beside it and renames it (USE_TMP_FILE), so a killed run leaves either the old or
    the new bytes, never half a shell. A leftover `tmp_*` is ignored by dbt (.dbtignore) and
    consumed by the next write of the same file. -#}
{% macro write_project_file(rel, text) -%}
  {%- do adapter.dispatch('write_project_file', 'gata')(rel, text) -%}
  {%- do gata.count_file_operation('wrote ' ~ rel) -%}
{%- endmacro %}
{% macro default__write_project_file(rel, text) -%}{{- gata.unsupported_adapter('write_project_file') -}}{%- endmacro %}
{% macro duckdb__write_project_file(rel, text) -%}
  {%- do run_query("copy (select encode(" ~ gata.sql_str(text) ~ ")) to " ~ gata.sql_str(gata.project_path(rel)) ~ " (format blob, use_tmp_file true)") -%}
{%- endmacro %}

{#- dbt 1.11's partial parsing misreads a changed properties file that drops a metric together with a
    ratio metric built on it: deleting the input schedules the ratio metric for re-parsing from the
    file's OLD text, and the next command fails ("The metric `acme_clicks` does not exist but was
    referenced by metric `acme_ctr`") although a full parse succeeds. So after a run that changed or
    stubbed a semantic yml, the saved partial-parse state is overwritten with nothing: dbt cannot read
    it and parses the whole project once (dbt/parser/manifest.py: read_manifest_for_partial_parse).
    Only the default location (<project>/target, or --target-path), or `target_dir` (a tenant scope's); not a
    file operation of the plan. -#}
{% macro invalidate_partial_parse(target_dir=none) -%}
  {%- if target_dir is none and (flags.PARTIAL_PARSE_FILE_PATH or (flags.TARGET_PATH or '').startswith('/')) -%}{{- return(none) -}}{%- endif -%}
  {%- set target_dir = target_dir or flags.TARGET_PATH or 'target' -%}
  {%- do gata.make_project_dir(target_dir) -%}
  {%- do adapter.dispatch('write_project_file', 'gata')(target_dir ~ '/partial_parse.msgpack', '') -%}
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

{#- Remove every file of a generated folder. Guarded: only a tenant folder or a vault shell folder,
    and apply_file_entries calls it only when every file in it is a stub. -#}
{% macro empty_project_dir(rel_dir) -%}
  {%- set m = modules.re.fullmatch('models/tenants/([a-z0-9_]+)', rel_dir) -%}
  {%- if not ((m is not none and gata.is_valid_slug(m.group(1))) or rel_dir in gata.vault_dirs().values()) -%}
    {{- exceptions.raise_compiler_error("gata.empty_project_dir: refusing to empty '" ~ rel_dir ~ "' (not a generated folder)") -}}
  {%- endif -%}
  {%- do adapter.dispatch('empty_project_dir', 'gata')(rel_dir) -%}
  {%- do gata.count_file_operation('emptied ' ~ rel_dir) -%}
{%- endmacro %}
{% macro default__empty_project_dir(rel_dir) -%}{{- gata.unsupported_adapter('empty_project_dir') -}}{%- endmacro %}
{% macro duckdb__empty_project_dir(rel_dir) -%}
  {%- do run_query("copy (select 1 as p, 1 as v where false) to " ~ gata.sql_str(gata.project_path(rel_dir))
                   ~ " (format csv, partition_by (p), overwrite)") -%}
{%- endmacro %}

{#- Counts the run's file operations (a write or a folder emptied; logged at the end of a run). Fault
    injection for the tests: with GATA_FAULT_AFTER_FILE_OPS=N the run stops (as a kill would) right
    after its N-th file operation. Unset: no effect. -#}
{% macro count_file_operation(what) -%}
  {%- set cache = gata.invocation_cache() -%}
  {%- do cache.update({'file_operations': cache.get('file_operations', 0) + 1}) -%}
  {%- set limit = env_var('GATA_FAULT_AFTER_FILE_OPS', '') -%}
  {%- if limit -%}
    {%- if cache['file_operations'] >= limit | int -%}
      {{- exceptions.raise_compiler_error("gata: fault injected after file operation " ~ cache['file_operations']
                                          ~ " (GATA_FAULT_AFTER_FILE_OPS=" ~ limit ~ "): " ~ what) -}}
    {%- endif -%}
  {%- endif -%}
{%- endmacro %}

{% macro unsupported_adapter(what) -%}
  {{- exceptions.raise_compiler_error("gata." ~ what ~ ": not implemented for adapter " ~ adapter.type() ~ " (the onboarding phases need DuckDB)") -}}
{%- endmacro %}


{#- A removed shell. DuckDB cannot delete one file, and emptying a folder to drop one would leave
    the folder's other shells missing until they are written back (a killed run lost them). So a
    removed shell is overwritten, atomically, by a stub dbt ignores: a model disabled, a properties
    file with no content. -#}
{% macro stub_text(rel) -%}
  {%- if not rel.endswith('.sql') -%}{{- return(gata.file_text([gata.generated_header('#'), 'version: 2'])) -}}{%- endif -%}
  {{- return(gata.file_text([gata.generated_header(), '{{ config(enabled=false) }}'])) -}}
{%- endmacro %}

{% macro is_stub_text(text) -%}
  {%- set cache = gata.invocation_cache() -%}
  {%- if 'stub_texts' not in cache -%}{%- do cache.update({'stub_texts': [gata.stub_text('x.sql'), gata.stub_text('x.yml')]}) -%}{%- endif -%}
  {{- return(text in cache['stub_texts']) -}}
{%- endmacro %}

{#- Write order of a generated file: what a file refers to comes first (sources yml, src, stg, vault
    shells, vault yml, marts, then the marts yml and the semantic yml, which ref the marts, then the
    tenant's scope project, over all of them); removals run in the reverse order. -#}
{% macro shell_rank(rel) -%}
  {%- set name = rel.split('/')[-1] -%}
  {%- if rel.startswith(gata.scope_dir('')) -%}{{- return(7) -}}{%- endif -%}
  {%- if rel.startswith('models/vault/') -%}{{- return(4 if name.endswith('.yml') else 3) -}}{%- endif -%}
  {%- if name == gata.sources_yml_name(rel.split('/')[-2]) -%}{{- return(0) -}}{%- endif -%}
  {%- if name.startswith(gata.src_prefix()) -%}{{- return(1) -}}{%- endif -%}
  {%- if name.startswith(gata.stg_prefix()) -%}{{- return(2) -}}{%- endif -%}
  {{- return(6 if name.endswith('.yml') else 5) -}}
{%- endmacro %}


{#- Plan against the files on disk.
    desired: {rel path: text}; scopes: [{dir, pattern}] = which existing files this run owns
    (a file in scope that is not desired gets removed; only files that start with the generated
    header are ever owned); inventory: {dir: {name: text}}, filled here with every folder read
    and shared by the phases of one run. -> entries [{rel, dir, name, action, text, phase, rank}],
    action: new | changed | unchanged | delete (becomes a stub) | cleanup (a leftover tmp_ file of
    a killed run, consumed by writing the stub it was going to be). A stub on disk counts as absent.
    `rewrite`: write even though unchanged (consumes a leftover tmp_<name>). -#}
{% macro plan_files(desired, scopes, phase, inventory) -%}
  {%- set dir_names = scopes | map(attribute='dir') | list -%}
  {%- for rel in desired.keys() -%}{%- do dir_names.append(rel.rsplit('/', 1)[0]) -%}{%- endfor -%}
  {%- for d in dir_names | unique if d not in inventory -%}{%- do inventory.update({d: gata.read_project_dir(d)}) -%}{%- endfor -%}
  {%- set entries = [] -%}
  {%- set by_rel = {} -%}
  {%- for rel in desired.keys() | sort -%}
    {%- set d, name = rel.rsplit('/', 1) -%}
    {%- set old = inventory[d].get(name) -%}
    {%- set action = 'new' if old is none or gata.is_stub_text(old) else ('unchanged' if old == desired[rel] else 'changed') -%}
    {%- do entries.append({'rel': rel, 'dir': d, 'name': name, 'action': action, 'text': desired[rel], 'phase': phase}) -%}
  {%- endfor -%}
  {%- for scope in scopes -%}
    {%- for name in inventory[scope.dir].keys() | sort if not name.startswith('tmp_') -%}
      {%- set rel = scope.dir ~ '/' ~ name -%}
      {%- set text = inventory[scope.dir][name] -%}
      {%- if rel not in desired and modules.re.fullmatch(scope.pattern, name) and gata.is_generated_text(text) and not gata.is_stub_text(text) -%}
        {%- do entries.append({'rel': rel, 'dir': scope.dir, 'name': name, 'action': 'delete', 'text': none, 'phase': phase}) -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- for e in entries -%}{%- do e.update({'rank': gata.shell_rank(e.rel)}) -%}{%- do by_rel.update({e.rel: e}) -%}{%- endfor -%}
  {#- leftovers of a killed run: tmp_<name> of a file this plan owns -#}
  {%- for d in dir_names | unique | sort -%}
    {%- for tmp in inventory[d].keys() | sort if tmp.startswith('tmp_') -%}
      {%- set name = tmp[4:] -%}
      {%- set rel = d ~ '/' ~ name -%}
      {%- if rel in by_rel -%}
        {%- do by_rel[rel].update({'rewrite': true}) -%}
      {%- elif gata.scopes_own(scopes, d, name) -%}
        {%- do entries.append({'rel': rel, 'dir': d, 'name': name, 'action': 'cleanup', 'text': none, 'phase': phase,
                               'rank': gata.shell_rank(rel)}) -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
  {{- return(entries) -}}
{%- endmacro %}

{% macro scopes_own(scopes, d, name) -%}
  {%- for scope in scopes if scope.dir == d and modules.re.fullmatch(scope.pattern, name) -%}{{- return(true) -}}{%- endfor -%}
  {{- return(false) -}}
{%- endmacro %}

{% macro is_generated_text(text) -%}
  {{- return(text.startswith(gata.generated_header() ~ '\n') or text.startswith(gata.generated_header('#') ~ '\n')) -}}
{%- endmacro %}


{#- Carry out planned entries (of every phase of a run at once) so that the project parses after
    each single write, whatever the point a run is killed at:
    1. new and changed files in dependency order (shell_rank): a file is written after what it refers to;
       a sources yml that drops tables is first written as the union of old and new (`interim`);
    2. removals in reverse order, each an atomic stub write: when a shell becomes a stub nothing live
       refers to it any more; the sources yml's final text comes last;
    3. a folder holding only stubs is emptied (nothing live is in it).
    Re-running after a kill finishes the work: the plan is made against what is on disk.
    `inventory` (from plan_files) is kept up to date. -#}
{% macro apply_file_entries(entries, inventory) -%}
  {%- set made = [] -%}
  {%- for e in entries | sort(attribute='rank,rel') if e.action in ['new', 'changed'] or e.get('rewrite') and e.action == 'unchanged' -%}
    {%- do gata.write_entry(e, e.get('interim') or e.text, inventory, made) -%}
  {%- endfor -%}
  {%- for e in entries | sort(attribute='rank,rel', reverse=true) -%}
    {%- if e.action in ['delete', 'cleanup'] -%}
      {%- do gata.write_entry(e, gata.stub_text(e.rel), inventory, made) -%}
    {%- elif e.get('interim') and e.action == 'changed' -%}
      {%- do gata.write_entry(e, e.text, inventory, made) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- for e in entries if e.rel.endswith('__semantic.yml') and e.action in ['changed', 'delete', 'cleanup'] -%}
    {%- if loop.first -%}{%- do gata.invalidate_partial_parse() -%}{%- endif -%}
    {#- and the tenant's scope project's own state (models/tenants/<slug>/...) -#}
    {%- do gata.invalidate_partial_parse(gata.scope_dir(e.rel.split('/')[2]) ~ '/target') -%}
  {%- endfor -%}
  {#- every folder the plan read, so that a re-run empties what a killed run left as stubs only -#}
  {%- for d in inventory.keys() | sort if d in gata.vault_dirs().values() or d.startswith('models/tenants/') -%}
    {%- set files = inventory.get(d, {}) -%}
    {%- set live = [] -%}
    {%- for name in files.keys() if not gata.is_stub_text(files[name]) -%}{%- do live.append(name) -%}{%- endfor -%}
    {%- if files and not live -%}
      {%- do gata.empty_project_dir(d) -%}
      {%- do inventory.update({d: {}}) -%}
    {%- endif -%}
  {%- endfor -%}
{%- endmacro %}

{% macro write_entry(e, text, inventory, made) -%}
  {%- if e.dir not in made -%}{%- do gata.make_project_dir(e.dir) -%}{%- do made.append(e.dir) -%}{%- endif -%}
  {%- do gata.write_project_file(e.rel, text) -%}
  {%- set files = inventory.setdefault(e.dir, {}) -%}
  {%- do files.update({e.name: text}) -%}
  {%- do files.pop('tmp_' ~ e.name, none) -%}
{%- endmacro %}


{#- "12 files: 3 new, 1 changed, 8 unchanged, 0 deleted" (a stub counts as deleted). -#}
{% macro summarize_entries(entries) -%}
  {%- set counts = [] -%}
  {%- for action in ['new', 'changed', 'unchanged', 'delete'] -%}
    {%- do counts.append((entries | selectattr('action', 'equalto', action) | list | length) ~ ' ' ~ ('deleted' if action == 'delete' else action)) -%}
  {%- endfor -%}
  {{- return((entries | selectattr('action', 'in', ['new', 'changed', 'unchanged']) | list | length) ~ ' files: ' ~ counts | join(', ')) -}}
{%- endmacro %}

{% macro file_operations_done() -%}{{- return(gata.invocation_cache().get('file_operations', 0)) -}}{%- endmacro %}
