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

{% macro onboarding_phase_names() -%}
  {{- return({'1': 'foundation', '2': 'scaffolding', '3': 'shim & source', '4': 'staging & linkage',
              '5': 'mart & activation', 'offboard': 'offboarding'}) -}}
{%- endmacro %}


{% macro run_onboarding(op, tenant, phases, dry_run) -%}
  {%- set dry_run = gata.bool_arg(dry_run, 'dry_run', op) -%}
  {%- set started = gata.utc_now() -%}
  {%- set ctx = gata.onboarding_context(tenant) -%}
  {%- set plans = {} -%}
  {%- set inventory = {} -%}
  {%- set phases = phases | list -%}
  {%- if ctx.errors | length == 0 -%}
    {%- for p in phases -%}
      {%- do plans.update({p: gata.plan_phase(p, ctx, inventory)}) -%}
    {%- endfor -%}
    {#- A phase run alone that removes shells (an object or connector left tenants.yaml) would leave
        later phases' shells referring to them, and dbt could not parse the project any more: the
        removal cascades through the later phases in the same run. -#}
    {%- set removes = [] -%}
    {%- for p in phases -%}{%- for e in plans[p] if e.action == 'delete' -%}{%- do removes.append(e.rel) -%}{%- endfor -%}{%- endfor -%}
    {%- if removes -%}
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
    {{- log(op ~ " " ~ tenant ~ " (dry run): nothing was written", info=true) -}}
    {{- return(none) -}}
  {%- endif -%}

  {%- for p in phases -%}
    {%- set phase_started = started if loop.first else gata.utc_now() -%}
    {%- do gata.apply_file_entries(plans[p], inventory) -%}
    {%- if p == '5' -%}{%- do gata.upsert_tenant_onboarded(ctx.cfg) -%}{%- endif -%}
    {%- do gata.record_onboarding_run(tenant, p, phase_started, 'ok', ctx.fingerprint, plans[p]) -%}
    {{- log(op ~ " " ~ tenant ~ ": phase " ~ p ~ " " ~ names[p] ~ ": " ~ gata.summarize_entries(plans[p]), info=true) -}}
  {%- endfor -%}
{%- endmacro %}


{#- Everything a run needs, validated: {errors, reg, cfg (resolved tenant), columns (raw
    introspection), fingerprint}. Read-only. -#}
{% macro onboarding_context(tenant) -%}
  {%- set ctx = {'errors': [], 'reg': gata.registry(), 'cfg': none, 'columns': [], 'fingerprint': none} -%}
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
  {%- endif -%}
  {{- return(ctx) -}}
{%- endmacro %}


{#- Render one phase and plan its writes (adds the phase's errors to ctx.errors). -#}
{% macro plan_phase(p, ctx, inventory) -%}
  {%- set rendered = gata.render_phase(p, ctx) -%}
  {%- do ctx.errors.extend(rendered.errors) -%}
  {{- return(gata.plan_files(rendered.files, rendered.scopes, p, inventory)) -}}
{%- endmacro %}


{#- Files of one phase -> {files: {rel: text}, scopes: [{dir, pattern}], errors: [...]}. -#}
{% macro render_phase(phase, ctx) -%}
  {%- set cfg = ctx.cfg -%}
  {%- set tdir = gata.tenant_dir(cfg.slug) -%}
  {%- set out = {'files': {}, 'scopes': [], 'errors': []} -%}
  {%- if phase == '2' -%}
    {%- do out.files.update(gata.render_sources_yml(cfg, ctx.columns)) -%}
    {%- do out.scopes.append({'dir': tdir, 'pattern': '^_[a-z0-9_]+__sources\\.yml$'}) -%}
  {%- elif phase == '3' -%}
    {%- do out.files.update(gata.render_src_shells(cfg, ctx.reg)) -%}
    {%- do gata.warn_missing_raw_columns(cfg, ctx.reg, ctx.columns) -%}
    {%- do out.scopes.append({'dir': tdir, 'pattern': '^src_.*\\.sql$'}) -%}
  {%- elif phase == '4' -%}
    {%- do out.files.update(gata.render_stg_shells(cfg)) -%}
    {%- do out.scopes.append({'dir': tdir, 'pattern': '^(stg_.*\\.sql|_' ~ cfg.slug ~ '__staging\\.yml)$'}) -%}
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
    {%- do out.scopes.append({'dir': tdir, 'pattern': '^(' ~ cfg.slug ~ '__.*\\.sql|_' ~ cfg.slug ~ '__marts\\.yml)$'}) -%}
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
