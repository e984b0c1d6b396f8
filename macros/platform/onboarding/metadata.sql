{#- gata_meta: the platform's own bookkeeping, created by the macros on first use.
    Timestamps are UTC (taken in Jinja, so each phase gets its own time even inside one
    transaction). -#}

{% macro utc_now() -%}
  {{- return(modules.datetime.datetime.utcnow().strftime('%Y-%m-%d %H:%M:%S.%f')) -}}
{%- endmacro %}

{% macro sql_ts(ts) -%}{{- return('null' if ts is none else "timestamp " ~ gata.sql_str(ts)) -}}{%- endmacro %}
{% macro sql_nullable_str(value) -%}{{- return('null' if value is none else gata.sql_str(value)) -}}{%- endmacro %}

{% macro ensure_meta_tables() -%}
  {%- do run_query("
    create schema if not exists gata_meta;
    create table if not exists gata_meta.onboarding_runs (
      tenant varchar,                 -- slug passed to the run-operation
      phase varchar,                  -- '1'..'5' or 'offboard'
      started_at timestamp,           -- UTC
      finished_at timestamp,          -- UTC
      result varchar,                 -- ok | error | dry_run
      raw_schema_fingerprint varchar, -- md5 of the sorted (schema, table, column, type) list of the raw datasets
      files_written integer,          -- new + changed files
      files_unchanged integer,
      files_deleted integer,
      detail varchar                  -- the error messages for result = error
    );
    create table if not exists gata_meta.tenants (
      slug varchar primary key,
      business_name varchar,
      status varchar,                 -- status from tenants.yaml when onboarded; offboarded after offboard_tenant
      activated_at timestamp,         -- first onboarding (again after an offboarding)
      last_onboarded_at timestamp,
      offboarded_at timestamp
    );") -%}
{%- endmacro %}

{#- One row of gata_meta.onboarding_runs. `entries` = the phase's planned files (counts). -#}
{% macro record_onboarding_run(tenant, phase, started_at, result, fingerprint, entries=[], detail=none) -%}
  {%- set written = entries | selectattr('action', 'in', ['new', 'changed']) | list | length -%}
  {%- set unchanged = entries | selectattr('action', 'equalto', 'unchanged') | list | length -%}
  {%- set deleted = entries | selectattr('action', 'equalto', 'delete') | list | length -%}
  {%- do run_query("insert into gata_meta.onboarding_runs values ("
      ~ [gata.sql_str(tenant), gata.sql_str(phase), gata.sql_ts(started_at), gata.sql_ts(gata.utc_now()), gata.sql_str(result),
         gata.sql_nullable_str(fingerprint), written, unchanged, deleted, gata.sql_nullable_str(detail)] | join(', ') ~ ")") -%}
{%- endmacro %}

{#- Phase 5: the tenant is live. activated_at is kept across re-onboardings, reset after an offboarding. -#}
{% macro upsert_tenant_onboarded(cfg) -%}
  {%- set now = gata.sql_ts(gata.utc_now()) -%}
  {%- do run_query("
    insert into gata_meta.tenants (slug, business_name, status, activated_at, last_onboarded_at, offboarded_at)
    values (" ~ gata.sql_str(cfg.slug) ~ ", " ~ gata.sql_str(cfg.business_name) ~ ", " ~ gata.sql_str(cfg.status) ~ ", " ~ now ~ ", " ~ now ~ ", null)
    on conflict (slug) do update set
      business_name = excluded.business_name,
      status = excluded.status,
      activated_at = case when status = 'offboarded' or activated_at is null
                          then excluded.activated_at else activated_at end,
      last_onboarded_at = excluded.last_onboarded_at,
      offboarded_at = null") -%}
{%- endmacro %}

{% macro mark_tenant_offboarded(slug, business_name) -%}
  {%- set now = gata.sql_ts(gata.utc_now()) -%}
  {%- do run_query("
    insert into gata_meta.tenants (slug, business_name, status, activated_at, last_onboarded_at, offboarded_at)
    values (" ~ gata.sql_str(slug) ~ ", " ~ gata.sql_nullable_str(business_name) ~ ", 'offboarded', null, null, " ~ now ~ ")
    on conflict (slug) do update set status = 'offboarded', offboarded_at = excluded.offboarded_at") -%}
{%- endmacro %}
