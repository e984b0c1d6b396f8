{#- dbt run-operation offboard_tenant --args '{tenant: acme}'            (also dry_run: true)
    dbt run-operation offboard_tenant --args '{tenant: acme, purge_rows: true}'
    Removes the tenant's generated shells, regenerates the shared vault shells without it (a vault
    shell no tenant feeds any more is deleted) and marks it offboarded in gata_meta.tenants.
    Data stays unless purge_rows: true, which deletes the tenant's rows from every shared vault
    table and drops its <slug>_staging and <slug>_marts schemas. Raw datasets are never touched.
    tenants.yaml is not required to be valid (an offboarding must not wait for an unrelated typo);
    set the tenant's status to offboarded there, or remove it. -#}

{% macro offboard_tenant(tenant=none, purge_rows=false, dry_run=false) -%}
  {%- set started = gata.utc_now() -%}
  {%- set op = 'offboard_tenant' -%}
  {%- set dry_run = gata.bool_arg(dry_run, 'dry_run', op) -%}
  {%- set purge_rows = gata.bool_arg(purge_rows, 'purge_rows', op) -%}
  {%- set errors = gata.validate_onboard_target(none, tenant) -%}
  {%- if errors | length > 0 -%}{%- do gata.fail_onboarding(op, tenant, 'offboard', started, none, errors) -%}{%- endif -%}
  {%- set reg = gata.registry() -%}
  {%- set tdir = gata.tenant_dir(tenant) -%}
  {%- set inventory = {} -%}
  {%- set entries = gata.plan_files({}, [{'dir': tdir, 'pattern': '.*'}, gata.scope_files_owned(tenant)], 'offboard', inventory) -%}
  {%- set others = gata.tenant_stg_feeds(reg, tenant) -%}
  {%- do errors.extend(others.errors) -%}
  {%- set vault_scopes = [] -%}
  {%- for d in gata.vault_dirs().values() | sort -%}{%- do vault_scopes.append({'dir': d, 'pattern': '^.*\\.sql$'}) -%}{%- endfor -%}
  {%- do entries.extend(gata.plan_files(gata.render_vault_shells(others.feeds, reg), vault_scopes, 'offboard', inventory)) -%}
  {%- set known = gata.known_tenant_row(tenant) -%}
  {%- if inventory[tdir] | length == 0 and known is none -%}
    {%- do errors.append("tenant '" ~ tenant ~ "': nothing to offboard (no folder " ~ tdir ~ " and no row in gata_meta.tenants)") -%}
  {%- endif -%}
  {%- if errors | length > 0 -%}{%- do gata.fail_onboarding(op, tenant, 'offboard', started, none, errors) -%}{%- endif -%}

  {%- do gata.ensure_meta_tables() -%}
  {%- if dry_run -%}
    {{- log(op ~ " " ~ tenant ~ " (dry run): " ~ gata.summarize_entries(entries), info=true) -}}
    {%- for e in entries -%}{{- log("  " ~ ('deleted' if e.action == 'delete' else e.action).ljust(10) ~ e.rel, info=true) -}}{%- endfor -%}
    {{- log("  " ~ gata.sync_selectors_yml(reg, op, remove=tenant, dry_run=true).ljust(10) ~ gata.selectors_yml_path(), info=true) -}}
    {%- do gata.record_onboarding_run(tenant, 'offboard', started, 'dry_run', none, entries) -%}
    {{- return(none) -}}
  {%- endif -%}

  {%- do gata.apply_file_entries(entries, inventory) -%}
  {{- log(op ~ " " ~ tenant ~ ": " ~ gata.file_operations_done() ~ " file operation(s)", info=true) -}}
  {{- log(op ~ " " ~ tenant ~ ": " ~ gata.selectors_yml_path() ~ " " ~ gata.sync_selectors_yml(reg, op, remove=tenant), info=true) -}}
  {%- set manifest_text = gata.read_project_file('tenants.yaml') -%}
  {%- set entry = gata.manifest_tenant(fromyaml(manifest_text) if manifest_text is not none else none, tenant) -%}
  {%- set business_name = entry.get('business_name') if entry is mapping and entry.get('business_name') is string else none -%}
  {%- do gata.mark_tenant_offboarded(tenant, business_name) -%}
  {%- if purge_rows -%}{%- do gata.purge_tenant_rows(tenant) -%}{%- endif -%}
  {%- do gata.record_onboarding_run(tenant, 'offboard', started, 'ok', none, entries,
                                    'purge_rows' if purge_rows else none) -%}
  {{- log(op ~ " " ~ tenant ~ ": " ~ gata.summarize_entries(entries) ~ (" ; rows purged" if purge_rows else " ; vault rows kept (purge_rows: true deletes them)"), info=true) -}}
  {%- if entry is mapping and entry.get('status') != 'offboarded' -%}
    {{- log(op ~ " " ~ tenant ~ ": tenants.yaml still lists the tenant as " ~ entry.get('status') ~ "; set status: offboarded there", info=true) -}}
  {%- endif -%}
{%- endmacro %}


{#- The tenant's row in gata_meta.tenants (dict) or none; none too when the table does not exist yet. -#}
{% macro known_tenant_row(slug) -%}
  {%- set exists = run_query("select count(*) from information_schema.tables where table_catalog = current_database()"
                             ~ " and table_schema = 'gata_meta' and table_name = 'tenants'") -%}
  {%- if exists.rows[0][0] == 0 -%}{{- return(none) -}}{%- endif -%}
  {%- set rows = gata.agate_to_dicts(run_query("select * from gata_meta.tenants where slug = " ~ gata.sql_str(slug))) -%}
  {{- return(rows[0] if rows | length > 0 else none) -}}
{%- endmacro %}


{#- Delete the tenant's rows from every shared vault table (those with a tenant_slug column) and
    drop its own staging and marts schemas. -#}
{% macro purge_tenant_rows(slug) -%}
  {%- set tables = run_query("select c.table_name from information_schema.columns c join information_schema.tables t"
                             ~ " using (table_catalog, table_schema, table_name)"
                             ~ " where c.table_catalog = current_database() and c.table_schema = 'vault'"
                             ~ " and c.column_name = 'tenant_slug' and t.table_type = 'BASE TABLE' order by 1") -%}
  {%- for row in tables.rows -%}
    {%- set rel = 'vault.' ~ adapter.quote(row[0]) -%}
    {%- set n = run_query("select count(*) from " ~ rel ~ " where tenant_slug = " ~ gata.sql_str(slug)).rows[0][0] -%}
    {%- do run_query("delete from " ~ rel ~ " where tenant_slug = " ~ gata.sql_str(slug)) -%}
    {#- a satellite's ledger would skip the deleted rows' loads if they were staged again (re-onboarding): drop it,
        the next run compares every load (macros/vault/tables/sat_ledger.sql) -#}
    {%- do run_query("drop table if exists " ~ gata.vault_settings_relation().schema ~ "."
                     ~ adapter.quote(gata.sat_ledger_name('vault', row[0]))) -%}
    {%- if n > 0 -%}{{- log("offboard_tenant " ~ slug ~ ": deleted " ~ n ~ " rows from " ~ rel, info=true) -}}{%- endif -%}
  {%- endfor -%}
  {%- for schema in [gata.staging_schema_name(slug), gata.marts_schema_name(slug)] -%}
    {%- do run_query("drop schema if exists " ~ adapter.quote(schema) ~ " cascade") -%}
  {%- endfor -%}
{%- endmacro %}
