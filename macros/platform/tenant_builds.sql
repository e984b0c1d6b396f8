{#- on-run-end hook (gata project only): records in gata_meta.tenant_builds each tenant whose every model
    (every model tagged tenant:<slug>: its staging, the shared vault models it feeds, its marts) ran
    successfully in this `dbt run` / `dbt build`. The daily command (ingestion/daily.py) then builds only
    the tenants with a load or an onboarding since their last such build. A partial run (one model, a
    failure, a skipped mart) records nothing for the tenant, so it is built again next time. -#}
{% macro record_tenant_builds(results) -%}
  {{- return(adapter.dispatch('record_tenant_builds', 'gata')(results)) -}}
{%- endmacro %}

{% macro default__record_tenant_builds(results) -%}
  {%- if not execute or project_name != 'gata' or flags.WHICH not in ['run', 'build'] -%}{{- return('') -}}{%- endif -%}
  {%- set ok = [] -%}
  {%- for r in results if r.node.resource_type == 'model' and r.status == 'success' -%}{%- do ok.append(r.node.unique_id) -%}{%- endfor -%}
  {%- set complete = {} -%}
  {%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
    {%- for tag in node.tags if tag.startswith('tenant:') -%}
      {%- do complete.update({tag[7:]: complete.get(tag[7:], true) and node.unique_id in ok}) -%}
    {%- endfor -%}
  {%- endfor -%}
  {#- in a tenant scope the shared vault models still carry every feeding tenant's tag: only the scope's
      tenants were built -#}
  {%- set scope = gata.scope_tenants() -%}
  {%- set built = complete.items() | selectattr(1) | map(attribute=0) | select('in', scope if scope is not none else complete.keys() | list) | sort -%}
  {%- if not built -%}{{- return('') -}}{%- endif -%}
  {%- set rows = [] -%}
  {%- for slug in built -%}
    {%- do rows.append("(" ~ gata.sql_str(slug) ~ ", " ~ gata.sql_str(invocation_id) ~ ", "
                       ~ gata.sql_str(flags.WHICH) ~ ", cast(" ~ gata.sql_str(run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f'))
                       ~ " as timestamp), cast(now() at time zone 'UTC' as timestamp))") -%}
  {%- endfor -%}
  {%- do log("gata: recorded a complete build of " ~ built | length ~ " tenant(s) in gata_meta.tenant_builds", info=false) -%}
  {{- return("create schema if not exists gata_meta;
create table if not exists gata_meta.tenant_builds (tenant varchar, invocation_id varchar, command varchar,
  started_at timestamp, finished_at timestamp);
insert into gata_meta.tenant_builds values " ~ rows | join(",\n  ")) -}}
{%- endmacro %}
