{#- Tenant scopes. `scopes/<slug>/` (written by onboarding, phase 5) is a dbt project over the same
    files as the main project, minus every other tenant's folder: its models are the tenant's own
    and the shared vault shells, each of which loads only the tenant's staging models. dbt's work
    per command (read the parse state, link the graph, write manifest.json and run_results.json)
    grows with the nodes of the project it runs in, so a scope costs what the tenant would cost
    alone, whatever the number of tenants:
        dbt build --project-dir scopes/acme      # = dbt build --select tenant:acme, at any scale
    The scope writes into the same warehouse tables; the vault stays one shared vault. -#}

{#- The tenants a scope project builds (its var gata_scope: a slug or a list of slugs), or none in
    the main project. -#}
{% macro scope_tenants() -%}
  {%- set scope = var('gata_scope', none) -%}
  {%- if scope is none -%}{{- return(none) -}}{%- endif -%}
  {%- set slugs = [scope] if scope is string else scope -%}
  {%- set ok = gata.is_list(slugs) and slugs | length > 0 -%}
  {%- for s in (slugs if gata.is_list(slugs) else []) if not gata.is_valid_slug(s) -%}
    {{- exceptions.raise_compiler_error("gata: var gata_scope must be a tenant slug or a list of slugs, got " ~ gata.yaml_repr(scope)) -}}
  {%- endfor -%}
  {%- if not ok -%}
    {{- exceptions.raise_compiler_error("gata: var gata_scope must be a tenant slug or a list of slugs, got " ~ gata.yaml_repr(scope)) -}}
  {%- endif -%}
  {{- return(slugs | sort) -}}
{%- endmacro %}

{#- The staging models among `names` that belong to the scope's tenants (all of them outside a scope). -#}
{% macro in_scope_models(names) -%}
  {%- set slugs = gata.scope_tenants() -%}
  {%- if slugs is none -%}{{- return(names) -}}{%- endif -%}
  {%- set prefixes = [] -%}
  {%- for slug in slugs -%}{%- do prefixes.append(gata.stg_model_prefix(slug)) -%}{%- endfor -%}
  {%- set out = [] -%}
  {%- for name in names -%}
    {%- for prefix in prefixes if name.startswith(prefix) -%}{%- do out.append(name) -%}{%- endfor -%}
  {%- endfor -%}
  {{- return(out) -}}
{%- endmacro %}

{% macro scope_dir(slug) -%}{{- return('scopes/' ~ slug) -}}{%- endmacro %}

{#- The files of a scope folder that onboarding owns (a plan scope of plan_files). -#}
{% macro scope_files_owned(slug) -%}
  {{- return({'dir': gata.scope_dir(slug), 'pattern': '^(dbt_project\\.yml|\\.dbtignore)$'}) -}}
{%- endmacro %}

{#- Phase 5's scope files: {scopes/<slug>/dbt_project.yml, scopes/<slug>/.dbtignore}. The project file is
    the main one (`project_yml`: its text) with every *-paths entry pointing two folders up, no seeds (a
    tenant's build does not load the registry seeds, as `--select tenant:<slug>` does not), and the vars
    gata_scope (the tenant) and gata_scope_root (the main project, relative to the scope). Its own
    target/ keeps its own partial-parse state. The ignore file leaves out every other tenant's folder. -#}
{% macro render_scope_files(slug, project_yml, dbtignore) -%}
  {%- set doc = fromyaml(project_yml) -%}
  {%- if doc is not mapping -%}
    {{- exceptions.raise_compiler_error("gata.render_scope_files: dbt_project.yml is not a YAML mapping") -}}
  {%- endif -%}
  {%- set up = '../..' -%}
  {%- for key in doc.keys() | list if key.endswith('-paths') -%}
    {%- set paths = [] -%}
    {%- for p in doc[key] -%}{%- do paths.append(up ~ '/' ~ p) -%}{%- endfor -%}
    {%- do doc.update({key: paths}) -%}
  {%- endfor -%}
  {%- do doc.update({'seed-paths': []}) -%}
  {%- do doc.pop('seeds', none) -%}  {#- no seeds here: their configs would only warn -#}
  {%- set vars = doc.get('vars') or {} -%}
  {%- do vars.update({'gata_scope': slug, 'gata_scope_root': up}) -%}
  {%- do doc.update({'vars': vars}) -%}
  {%- set lines = [gata.generated_header('#'),
                   '# The dbt project of tenant ' ~ slug ~ ' alone: dbt build --project-dir ' ~ gata.scope_dir(slug)
                   ~ ' (README "One tenant at scale").',
                   toyaml(doc, sort_keys=false).rstrip('\n')] -%}
  {%- set ignore = [gata.generated_header('#'),
                    "# Every tenant's folder but " ~ slug ~ "'s (paths are seen from this folder: ../../models/...).",
                    '**/models/tenants/*/**', '!**/models/tenants/' ~ slug ~ '/**'] -%}
  {#- the main file's patterns, anchored anywhere below the main project (a `!` re-include stays one) -#}
  {%- for line in dbtignore.split('\n') if line.strip() and not line.startswith('#') -%}
    {%- set negate = '!' if line.strip().startswith('!') else '' -%}
    {%- do ignore.append(negate ~ '**/' ~ line.strip()[negate | length:].lstrip('/')) -%}
  {%- endfor -%}
  {{- return({gata.scope_dir(slug) ~ '/dbt_project.yml': gata.file_text(lines),
              gata.scope_dir(slug) ~ '/.dbtignore': gata.file_text(ignore)}) -}}
{%- endmacro %}

{#- A tenant's scope files as onboarding writes them now: render_scope_files over the main project's
    dbt_project.yml and .dbtignore ('' when missing). Phase 5 writes them; check_scope_current compares. -#}
{% macro scope_files(slug) -%}
  {{- return(gata.render_scope_files(slug, gata.read_project_file('dbt_project.yml') or '',
                                     gata.read_project_file('.dbtignore') or '')) -}}
{%- endmacro %}

{#- on-run-start in a generated scope (vault_history_run_start): its files must be what onboarding would
    write now. A scope is a copy of dbt_project.yml's settings, so one left behind after an edit of the main
    file (a var, a model config) would build the tenant differently from the main project: refused. -#}
{% macro check_scope_current() -%}
  {%- set slug = var('gata_scope', none) -%}
  {%- if not execute or slug is not string -%}{{- return(none) -}}{%- endif -%}
  {%- set want = gata.scope_files(slug) -%}
  {%- for rel in want.keys() | sort if gata.read_project_file(rel) != want[rel] -%}
    {{- exceptions.raise_compiler_error("gata: " ~ rel ~ " is out of date with the main project's "
        ~ ('.dbtignore' if rel.endswith('.dbtignore') else 'dbt_project.yml') ~ "; nothing was run. Write it again from the project root: "
        ~ "dbt run-operation onboard_tenant --args '{tenant: " ~ slug ~ "}' (or onboard_tenants for every tenant)") -}}
  {%- endfor -%}
{%- endmacro %}
