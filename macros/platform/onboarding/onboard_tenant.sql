{#- Run-operations: onboard_tenant (phases 1-5) and each phase alone, same arguments:
      dbt run-operation onboard_tenant --args '{tenant: acme}'
      dbt run-operation onboard_phase_3 --args '{tenant: acme, dry_run: true}'
    Every run first validates tenants.yaml (all tenants) and the tenant's raw datasets, then
    renders all files of the requested phases in memory, and only then writes. See
    macros/platform/onboarding.yml for the phases. -#}

{% macro onboard_tenant(tenant=none, dry_run=false) -%}{%- do gata.run_onboarding('onboard_tenant', tenant, ['1', '2', '3', '4', '5'], dry_run) -%}{%- endmacro %}
{% macro onboard_phase_1(tenant=none, dry_run=false) -%}{%- do gata.run_onboarding('onboard_phase_1', tenant, ['1'], dry_run) -%}{%- endmacro %}
{% macro onboard_phase_2(tenant=none, dry_run=false) -%}{%- do gata.run_onboarding('onboard_phase_2', tenant, ['2'], dry_run) -%}{%- endmacro %}
{% macro onboard_phase_3(tenant=none, dry_run=false) -%}{%- do gata.run_onboarding('onboard_phase_3', tenant, ['3'], dry_run) -%}{%- endmacro %}
{% macro onboard_phase_4(tenant=none, dry_run=false) -%}{%- do gata.run_onboarding('onboard_phase_4', tenant, ['4'], dry_run) -%}{%- endmacro %}
{% macro onboard_phase_5(tenant=none, dry_run=false) -%}{%- do gata.run_onboarding('onboard_phase_5', tenant, ['5'], dry_run) -%}{%- endmacro %}

{#- Several tenants in one dbt invocation (dbt starts and parses once, not once per tenant):
      dbt run-operation onboard_tenants                                  # every active tenant of tenants.yaml
      dbt run-operation onboard_tenants --args '{tenants: [acme, globex]}'
    Each tenant is onboarded exactly as by onboard_tenant, one after the other (a later tenant's
    vault shells see the earlier ones' files). The first tenant that fails stops the run: the tenants
    before it are onboarded, it and the ones after it are unchanged; the error names them. -#}
{% macro onboard_tenants(tenants=none, dry_run=false) -%}
  {%- set slugs = gata.onboard_tenants_list(tenants) -%}
  {%- for t in slugs -%}
    {{- log("onboard_tenants: tenant " ~ loop.index ~ "/" ~ slugs | length ~ ": " ~ t
            ~ ((" (not reached if it fails: " ~ slugs[loop.index:] | join(', ') ~ ")") if not loop.last else ""), info=true) -}}
    {%- do gata.run_onboarding('onboard_tenant', t, ['1', '2', '3', '4', '5'], dry_run) -%}
  {%- endfor -%}
  {{- log("onboard_tenants: " ~ slugs | length ~ " tenant(s) onboarded: " ~ slugs | join(', '), info=true) -}}
{%- endmacro %}

{#- The `tenants` argument: a list of slugs (validated by each tenant's run), or none for every
    tenant of tenants.yaml whose status is active. -> list of slugs, in the order given. -#}
{% macro onboard_tenants_list(tenants) -%}
  {%- if tenants is none -%}
    {%- set manifest = gata.parsed_manifest() -%}
    {%- set out = [] -%}
    {%- if manifest is mapping and gata.is_list(manifest.get('tenants')) -%}
      {%- for t in manifest.tenants if t is mapping and t.get('status', 'active') == 'active' and t.get('slug') is string -%}
        {%- do out.append(t.slug) -%}
      {%- endfor -%}
    {%- endif -%}
    {%- if not out -%}
      {{- exceptions.raise_compiler_error("onboard_tenants: tenants.yaml has no active tenant (or could not be read): nothing to onboard") -}}
    {%- endif -%}
    {{- return(out) -}}
  {%- endif -%}
  {%- if not gata.is_list(tenants) or tenants | length == 0 or tenants | reject('string') | list | length > 0 -%}
    {{- exceptions.raise_compiler_error("onboard_tenants: tenants must be a non-empty list of tenant slugs, e.g. --args '{tenants: [acme, globex]}', got " ~ gata.yaml_repr(tenants)) -}}
  {%- endif -%}
  {%- if tenants | unique | list | length < tenants | length -%}
    {{- exceptions.raise_compiler_error("onboard_tenants: tenants lists a slug twice: " ~ gata.yaml_repr(tenants)) -}}
  {%- endif -%}
  {{- return(tenants) -}}
{%- endmacro %}

{% macro onboarding_phase_names() -%}
  {{- return({'1': 'foundation', '2': 'scaffolding', '3': 'shim & source', '4': 'staging & linkage',
              '5': 'mart & activation', 'offboard': 'offboarding'}) -}}
{%- endmacro %}


{% macro run_onboarding(op, tenant, phases, dry_run) -%}
  {%- set dry_run = gata.bool_arg(dry_run, 'dry_run', op) -%}
  {%- set started = gata.utc_now() -%}
  {%- set ops_before = gata.file_operations_done() -%}
  {%- set ctx = gata.onboarding_context(tenant) -%}
  {%- set plans = {} -%}
  {%- set inventory = {} -%}
  {%- set phases = phases | list -%}
  {%- if ctx.errors | length == 0 -%}
    {%- for p in phases -%}
      {%- do plans.update({p: gata.plan_phase(p, ctx, inventory)}) -%}
    {%- endfor -%}
    {%- do ctx.errors.extend(gata.missing_prerequisites(op, phases, plans, ctx, inventory)) -%}
    {#- A phase run alone that removes shells (an object or connector left tenants.yaml) would leave
        later phases' shells referring to them, and dbt could not parse the project any more: the
        removal cascades through the later phases in the same run. A sources yml that drops a
        table is a removal too (the src shells reading it go in phase 3). -#}
    {%- set removes = [] -%}
    {%- for p in phases -%}{%- for e in plans[p] if e.action == 'delete' or e.get('interim') -%}{%- do removes.append(e.rel) -%}{%- endfor -%}{%- endfor -%}
    {%- if removes and ctx.errors | length == 0 -%}
      {%- set later = ['2', '3', '4', '5'] | reject('in', phases) | select('gt', phases | max) | list -%}
      {%- if later -%}
        {{- log(op ~ " " ~ tenant ~ ": " ~ removes | length ~ " shell(s) to remove; phases " ~ later | join(', ')
                ~ " run too so that no remaining shell refers to them", info=true) -}}
      {%- endif -%}
      {%- for p in later -%}
        {%- do plans.update({p: gata.plan_phase(p, ctx, inventory)}) -%}
        {%- do phases.append(p) -%}
      {%- endfor -%}
    {%- endif -%}
  {%- endif -%}
  {%- if ctx.errors | length > 0 -%}
    {%- do gata.fail_onboarding(op, tenant, phases[0], started, ctx.fingerprint, ctx.errors) -%}
  {%- endif -%}
  {%- for w in ctx.warnings -%}{{- log(op ~ " " ~ tenant ~ ": warning: " ~ w, info=true) -}}{%- endfor -%}

  {%- do gata.ensure_meta_tables() -%}
  {%- set names = gata.onboarding_phase_names() -%}
  {%- if '1' in phases -%}
    {%- set n_objects = ctx.cfg.sources | map(attribute='objects') | map('length') | sum -%}
    {{- log(op ~ " " ~ tenant ~ ": tenants.yaml is valid; " ~ ctx.cfg.sources | length ~ " enabled connector(s) ("
            ~ ctx.cfg.sources | map(attribute='connector') | join(', ') ~ "), " ~ n_objects ~ " object(s), "
            ~ ctx.columns | length ~ " raw columns, fingerprint " ~ ctx.fingerprint, info=true) -}}
  {%- endif -%}
  {%- if dry_run -%}
    {%- for p in phases -%}
      {{- log(op ~ " " ~ tenant ~ " (dry run): phase " ~ p ~ " " ~ names[p] ~ ": " ~ gata.summarize_entries(plans[p]), info=true) -}}
      {%- for e in plans[p] -%}{{- log("  " ~ ('deleted' if e.action == 'delete' else e.action).ljust(10) ~ e.rel, info=true) -}}{%- endfor -%}
      {%- do gata.record_onboarding_run(tenant, p, started, 'dry_run', ctx.fingerprint, plans[p]) -%}
    {%- endfor -%}
    {%- if '4' in phases -%}
      {{- log("  " ~ gata.sync_selectors_yml(ctx.reg, op, add=tenant, dry_run=true).ljust(10) ~ gata.selectors_yml_path(), info=true) -}}
    {%- endif -%}
    {{- log(op ~ " " ~ tenant ~ " (dry run): nothing was written", info=true) -}}
    {{- return(none) -}}
  {%- endif -%}

  {#- every phase's files at once, in the order that keeps the project parseable (apply_file_entries) -#}
  {%- set entries = [] -%}
  {%- for p in phases -%}{%- do entries.extend(plans[p]) -%}{%- endfor -%}
  {%- do gata.apply_file_entries(entries, inventory) -%}
  {{- log(op ~ " " ~ tenant ~ ": " ~ (gata.file_operations_done() - ops_before) ~ " file operation(s)", info=true) -}}
  {#- after the shells (a selector names a tag, never a file): a run killed before it leaves the old
      selectors, and the next run writes them -#}
  {%- if '4' in phases -%}
    {{- log(op ~ " " ~ tenant ~ ": " ~ gata.selectors_yml_path() ~ " " ~ gata.sync_selectors_yml(ctx.reg, op, add=tenant), info=true) -}}
  {%- endif -%}
  {%- for p in phases -%}
    {%- if p == '5' -%}{%- do gata.upsert_tenant_onboarded(ctx.cfg) -%}{%- endif -%}
    {%- do gata.record_onboarding_run(tenant, p, started, 'ok', ctx.fingerprint, plans[p]) -%}
    {{- log(op ~ " " ~ tenant ~ ": phase " ~ p ~ " " ~ names[p] ~ ": " ~ gata.summarize_entries(plans[p]), info=true) -}}
  {%- endfor -%}
  {{- log(op ~ " " ~ tenant ~ ": next: " ~ gata.onboarding_next_command(tenant, phases), info=true) -}}
{%- endmacro %}

{#- What to run after a successful run: the next phase, or the tenant's build. -#}
{% macro onboarding_next_command(tenant, phases) -%}
  {%- set last = phases | map('int') | max -%}
  {%- if last < 5 -%}
    {{- return("dbt run-operation onboard_phase_" ~ (last + 1) ~ " --args '{tenant: " ~ tenant ~ "}'") -}}
  {%- endif -%}
  {{- return("dbt build --select tenant:" ~ tenant ~ "   (then commit models/tenants/" ~ tenant ~ "/, models/vault/ and selectors.yml)") -}}
{%- endmacro %}


{#- A phase run alone needs the earlier phases' files on disk: stg shells ref src shells, src shells
    read the sources yml, marts ref the vault shells. -> errors naming the earliest phase whose
    files are missing (planning it finds 'new' files), or a sources yml that lacks a raw table this
    run's src shells read. -#}
{% macro missing_prerequisites(op, phases, plans, ctx, inventory) -%}
  {%- set names = gata.onboarding_phase_names() -%}
  {%- set file_phases = phases | select('in', ['2', '3', '4', '5']) | list -%}
  {%- if not file_phases -%}{{- return([]) -}}{%- endif -%}
  {%- set prefix = "tenant '" ~ ctx.cfg.slug ~ "': " -%}
  {%- set fix = "; run onboard_phase_{q} first, or onboard_tenant (every phase)" -%}
  {%- for q in ['2', '3', '4'] if q < file_phases | min -%}
    {%- set missing = gata.plan_phase(q, ctx, inventory) | selectattr('action', 'equalto', 'new') | map(attribute='rel') | list -%}
    {%- if missing -%}
      {{- return([prefix ~ "phase " ~ q ~ " (" ~ names[q] ~ ") has not run for this tenant: " ~ missing[0] ~ " is missing"
                  ~ ((" (and " ~ (missing | length - 1) ~ " more file(s))") if missing | length > 1 else "")
                  ~ fix.replace('{q}', q)]) -}}
    {%- endif -%}
  {%- endfor -%}
  {%- if '3' in phases and '2' not in phases -%}
    {%- set yml = gata.tenant_dir(ctx.cfg.slug) ~ '/' ~ gata.sources_yml_name(ctx.cfg.slug) -%}
    {%- set on_disk = inventory[gata.tenant_dir(ctx.cfg.slug)].get(yml.split('/')[-1], '') -%}
    {%- set defined = gata.sources_yml_tables(on_disk) -%}
    {%- for e in plans['3'] if e.action in ['new', 'changed'] -%}
      {%- for m in modules.re.findall("source\\('([a-z0-9_]+)', '([a-z0-9_]+)'\\)", e.text) if (m[0] ~ '.' ~ m[1]) not in defined -%}
        {{- return([prefix ~ "phase 2 (" ~ names['2'] ~ ") is out of date: " ~ yml ~ " has no table " ~ m[0] ~ "." ~ m[1]
                    ~ " (read by " ~ e.rel ~ ")" ~ fix.replace('{q}', '2')]) -}}
      {%- endfor -%}
    {%- endfor -%}
  {%- endif -%}
  {{- return([]) -}}
{%- endmacro %}

{#- 'schema.table' of every table a generated sources yml defines ([] for no text). -#}
{% macro sources_yml_tables(text) -%}
  {%- set out = [] -%}
  {%- set doc = fromyaml(text) if text else none -%}
  {%- for s in (doc.get('sources') or [] if doc is mapping else []) -%}
    {%- for tbl in s.get('tables') or [] -%}{%- do out.append(s.get('schema', s.name) ~ '.' ~ tbl.name) -%}{%- endfor -%}
  {%- endfor -%}
  {{- return(out) -}}
{%- endmacro %}


{#- Everything a run needs, validated: {errors, reg, cfg (resolved tenant), columns (raw
    introspection), fingerprint}. Read-only. -#}
{% macro onboarding_context(tenant) -%}
  {%- set ctx = {'errors': [], 'warnings': [], 'reg': gata.registry(), 'cfg': none, 'columns': [], 'yml_columns': [],
                 'fingerprint': none} -%}
  {%- do ctx.errors.extend(gata.validate_registry(ctx.reg)) -%}
  {%- set text = gata.read_manifest_text() -%}
  {%- set manifest = gata.parsed_manifest() -%}
  {%- if text is none -%}
    {%- do ctx.errors.append("tenants.yaml: file not found at " ~ gata.project_path('tenants.yaml')) -%}
  {%- else -%}
    {%- do ctx.errors.extend(gata.validate_manifest(text)) -%}
  {%- endif -%}
  {%- do ctx.errors.extend(gata.validate_onboard_target(manifest, tenant)) -%}
  {%- if ctx.errors | length == 0 -%}
    {%- do ctx.update({'cfg': gata.resolve_tenant(gata.manifest_tenant(manifest, tenant), ctx.reg)}) -%}
    {%- do ctx.errors.extend(gata.validate_tenant_warehouse(ctx.cfg, ctx.reg)) -%}
    {%- do ctx.update({'columns': gata.introspect_raw_columns(ctx.cfg.sources | map(attribute='raw_schema') | list)}) -%}
    {%- do ctx.update({'fingerprint': gata.raw_schema_fingerprint(ctx.columns)}) -%}
    {%- do ctx.update({'yml_columns': gata.jinja_free_columns(ctx.cfg.slug, ctx.columns, ctx.warnings)
                                      + gata.unloaded_raw_tables(ctx.cfg, ctx.reg, ctx.columns)}) -%}
  {%- endif -%}
  {{- return(ctx) -}}
{%- endmacro %}


{#- Render one phase and plan its writes (adds the phase's errors to ctx.errors). -#}
{% macro plan_phase(p, ctx, inventory) -%}
  {%- set rendered = gata.render_phase(p, ctx) -%}
  {%- do ctx.errors.extend(rendered.errors) -%}
  {#- a scope's files carry the main dbt_project.yml's hooks and a validated slug, no data -#}
  {%- for rel in rendered.files.keys() | sort if not rel.startswith(gata.scope_dir('')) -%}{%- do ctx.errors.extend(gata.data_jinja_errors(rel, rendered.files[rel])) -%}{%- endfor -%}
  {%- set entries = gata.plan_files(rendered.files, rendered.scopes, p, inventory) -%}
  {#- a sources yml that drops a table some src shell may still read: written first as the union of
      old and new, its final text once those shells are stubs (apply_file_entries) -#}
  {%- for e in entries if e.action == 'changed' and e.rank == 0 -%}
    {%- set interim = gata.sources_yml_union(ctx, inventory[e.dir][e.name], e.text) -%}
    {%- if interim is not none -%}{%- do e.update({'interim': interim}) -%}{%- endif -%}
  {%- endfor -%}
  {{- return(entries) -}}
{%- endmacro %}


{#- Raw names reach the sources yml, which dbt renders as Jinja: a table, column or type holding
    `{{`, `{%` or `{#` is left out (with a warning) so data never runs as code. -#}
{% macro jinja_free_columns(slug, columns, warnings) -%}
  {%- set out = [] -%}
  {%- for c in columns -%}
    {%- set bad = [] -%}
    {%- for part in ['table_name', 'column_name', 'data_type'] if gata.holds_jinja(c[part]) -%}{%- do bad.append(part) -%}{%- endfor -%}
    {%- if bad -%}
      {%- do warnings.append("tenant '" ~ slug ~ "': raw table " ~ c.table_schema ~ "." ~ c.table_name ~ ", column " ~ c.column_name
                             ~ " (type " ~ c.data_type ~ ") left out of _" ~ slug ~ "__sources.yml: its "
                             ~ bad | join(' and ') | replace('_', ' ') ~ " holds Jinja ({{, {% or {#), which dbt would run") -%}
    {%- else -%}
      {%- do out.append(c) -%}
    {%- endif -%}
  {%- endfor -%}
  {{- return(out) -}}
{%- endmacro %}

{% macro holds_jinja(text) -%}
  {{- return(modules.re.search('\\{[{%#]', text | string) is not none) -}}
{%- endmacro %}

{#- Final guard over a rendered file: Jinja only where the shell shapes put it. A properties file
    holds none but a description that is exactly a shared meaning, `description: "{{ doc('gata_<name>') }}"`
    with a name of gata.shared_doc_names() (gata.yaml_description); a model's line is either free of braces or exactly one `{{ ... }}` without nested
    braces (after an optional `-- depends_on: `). -> errors. -#}
{% macro data_jinja_errors(rel, text) -%}
  {%- set errors = [] -%}
  {%- for line in text.split('\n') -%}
    {%- set doc = modules.re.fullmatch(' *description: "\\{\\{ doc\\(\'gata_([a-z_]+)\'\\) \\}\\}"', line) -%}
    {%- set ok = (not gata.holds_jinja(line) or (doc is not none and doc.group(1) in gata.shared_doc_names()))
                 if rel.endswith('.yml') else
                 modules.re.fullmatch('[^{}]*|(-- depends_on: )?\\{\\{ [^{}]* \\}\\}', line) is not none -%}
    {%- if not ok -%}
      {%- do errors.append(rel ~ ": line " ~ loop.index ~ " would carry Jinja from data: " ~ line[:100]) -%}
    {%- endif -%}
  {%- endfor -%}
  {{- return(errors) -}}
{%- endmacro %}

{#- The union of a sources yml on disk and its new text (none when the new one drops no table). -#}
{% macro sources_yml_union(ctx, old_text, new_text) -%}
  {%- set new_tables = gata.sources_yml_tables(new_text) -%}
  {%- set old_doc = fromyaml(old_text) -%}
  {%- set extra = [] -%}
  {%- set schemas = ctx.cfg.sources | map(attribute='raw_schema') | list -%}
  {%- for s in old_doc.get('sources') or [] -%}
    {%- for tbl in s.get('tables') or [] if (s.schema ~ '.' ~ tbl.name) not in new_tables -%}
      {%- if s.schema not in schemas -%}{%- do schemas.append(s.schema) -%}{%- endif -%}
      {#- a table listed without columns (not loaded yet: unloaded_raw_tables) stays listed -#}
      {%- for col in tbl.get('columns') or [none] -%}
        {%- do extra.append({'table_schema': s.schema, 'table_name': tbl.name, 'column_name': col.name | string if col else none,
                             'data_type': col.get('data_type') | string if col else none}) -%}
      {%- endfor -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- if not extra -%}{{- return(none) -}}{%- endif -%}
  {%- set cfg = {'slug': ctx.cfg.slug, 'sources': []} -%}
  {%- set freshness = {} -%}
  {%- for s in ctx.cfg.sources -%}{%- do freshness.update({s.raw_schema: s.freshness}) -%}{%- endfor -%}
  {%- for s in schemas -%}
    {%- do cfg.sources.append({'raw_schema': s, 'freshness': freshness.get(s, gata.freshness_defaults())}) -%}
  {%- endfor -%}
  {%- set columns = ctx.yml_columns + gata.jinja_free_columns(ctx.cfg.slug, extra, []) -%}
  {{- return(gata.render_sources_yml(cfg, columns, ctx.reg).values() | first) -}}
{%- endmacro %}


{#- Files of one phase -> {files: {rel: text}, scopes: [{dir, pattern}], errors: [...]}. -#}
{% macro render_phase(phase, ctx) -%}
  {%- set cfg = ctx.cfg -%}
  {%- set tdir = gata.tenant_dir(cfg.slug) -%}
  {%- set out = {'files': {}, 'scopes': [], 'errors': []} -%}
  {%- if phase == '2' -%}
    {%- do out.files.update(gata.render_sources_yml(cfg, ctx.yml_columns, ctx.reg)) -%}
    {%- do out.scopes.append({'dir': tdir, 'pattern': '^_[a-z0-9_]+__sources\\.yml$'}) -%}
  {%- elif phase == '3' -%}
    {%- do out.files.update(gata.render_src_shells(cfg, ctx.reg)) -%}
    {%- do gata.warn_missing_raw_columns(cfg, ctx.reg, ctx.columns) -%}
    {%- do out.scopes.append({'dir': tdir, 'pattern': '^' ~ gata.src_prefix() ~ '.*\\.sql$'}) -%}
  {%- elif phase == '4' -%}
    {%- do out.files.update(gata.render_stg_shells(cfg, ctx.reg)) -%}
    {%- do out.scopes.append({'dir': tdir, 'pattern': '^(' ~ gata.stg_prefix() ~ '.*\\.sql|' ~ modules.re.escape(gata.staging_yml_name(cfg.slug)) ~ ')$'}) -%}
    {%- set others = gata.tenant_stg_feeds(ctx.reg, cfg.slug) -%}
    {%- do out.errors.extend(others.errors) -%}
    {%- set feeds = others.feeds -%}
    {%- for s in cfg.sources -%}
      {%- for o in s.objects -%}{%- do feeds.append({'slug': cfg.slug, 'connector': s.connector, 'object': o.object}) -%}{%- endfor -%}
    {%- endfor -%}
    {%- do out.files.update(gata.render_vault_shells(feeds, ctx.reg)) -%}
    {%- for d in gata.vault_dirs().values() | sort -%}{%- do out.scopes.append({'dir': d, 'pattern': '^.*\\.sql$'}) -%}{%- endfor -%}
  {%- elif phase == '5' -%}
    {%- do out.files.update(gata.render_mart_shells(cfg, ctx.reg)) -%}
    {%- set semantic = gata.render_semantic_yml(cfg, ctx.reg) -%}
    {%- for text in semantic.values() -%}{%- do out.errors.extend(gata.semantic_name_clashes(cfg.slug, text)) -%}{%- endfor -%}
    {%- do out.files.update(semantic) -%}
    {%- do out.scopes.append({'dir': tdir, 'pattern': '^(' ~ modules.re.escape(gata.mart_model_name(cfg.slug, '')) ~ '.*\\.sql|' ~ modules.re.escape(gata.marts_yml_name(cfg.slug)) ~ '|' ~ modules.re.escape(gata.semantic_yml_name(cfg.slug)) ~ ')$'}) -%}
    {%- do out.files.update(gata.scope_files(cfg.slug)) -%}
    {%- do out.scopes.append(gata.scope_files_owned(cfg.slug)) -%}
  {%- endif -%}
  {{- return(out) -}}
{%- endmacro %}


{#- Validation failed: record one error row (the only change a failed run makes; it creates
    gata_meta's tables if missing), then stop with every problem listed. -#}
{% macro fail_onboarding(op, tenant, phase, started, fingerprint, errors) -%}
  {%- do gata.ensure_meta_tables() -%}
  {%- do gata.record_onboarding_run(tenant | string, phase, started, 'error', fingerprint, [], errors | join('\n')) -%}
  {{- exceptions.raise_compiler_error(op ~ ": " ~ errors | length ~ " problem(s); nothing was written:\n  - " ~ errors | join('\n  - ')) -}}
{%- endmacro %}
