{#- Shared vault shells: one hub/link/satellite fed by the staging models of every tenant. The engines
    ref every source at parse time (lineage, tags) but load only the sources dbt selected, so
    `--select tag:tenant:acme` never re-reads another tenant's staging. Every vault row carries
    tenant_slug (src_extra_columns) so marts can filter on it. -#}

{% macro vault_hub(entity, sources) -%}
    {%- set chosen = gata._engine_vault_sources(gata.hub_model_name(entity), sources) -%}
    {%- do gata._engine_vault_history('hub', {'entity': entity}) -%}
    {%- if not execute -%}{{- return('select 1 as _gata_parse_placeholder') -}}{%- endif -%}
    {{ gata.hub(src_pk=gata._engine_vault_key('hub', {'entity': entity}), src_nk=gata._engine_business_key(entity),
                src_extra_columns=['tenant_slug'], src_ldts='load_datetime', src_source='record_source',
                source_model=chosen) }}
{%- endmacro %}

{% macro vault_link(entity, references, sources) -%}
    {%- set chosen = gata._engine_vault_sources(gata.link_model_name(entity, references), sources) -%}
    {%- do gata._engine_vault_history('link', {'entity': entity, 'references': references}) -%}
    {%- if not execute -%}{{- return('select 1 as _gata_parse_placeholder') -}}{%- endif -%}
    {{ gata.link(src_pk=gata._engine_vault_key('link', {'entity': entity, 'references': references}), src_fk=[gata.hash_key_name(entity), gata.hash_key_name(references)],
                 src_extra_columns=['tenant_slug'], src_ldts='load_datetime', src_source='record_source',
                 source_model=chosen) }}
{%- endmacro %}

{% macro vault_sat(connector, object, sources) -%}
    {%- set chosen = gata._engine_vault_sources(gata.sat_model_name(connector, object), sources) -%}
    {%- do gata._engine_vault_history('sat', {'connector': connector, 'object': object}) -%}
    {#- the ledger goes to gata_meta (made at on-run-start, in one thread): the vault schema holds only vault tables -#}
    {%- do config(sat_ledger_schema=gata.vault_settings_relation().schema) -%}
    {%- do gata.sat_ledger_hooks('gata._engine_vault_sat_ledger', [connector, object, sources] | tojson) -%}
    {%- if not execute -%}{{- return('select 1 as _gata_parse_placeholder') -}}{%- endif -%}
    {%- set c = gata._engine_vault_sat_columns(connector, object) -%}
    {{ gata.sat(src_pk=c.pk, src_hashdiff=c.hashdiff, src_payload=gata._engine_payload_columns(connector, object),
                src_extra_columns=['tenant_slug'], src_eff=c.eff, src_ldts=c.ldts,
                src_source='record_source', source_model=chosen) }}
{%- endmacro %}

{#- The satellite ledger's hook (macros/vault/tables/sat_ledger.sql) of a vault satellite: the same key and the
    same sources as the satellite reads in this run (only the selected tenants' staging). -#}
{% macro _engine_vault_sat_ledger(step, args) -%}
    {%- set connector, object, sources = args -%}
    {%- set c = gata._engine_vault_sat_columns(connector, object) -%}
    {{- return(gata.sat_ledger_hook(step, {'pk': [c.pk], 'hashdiff_column': c.hashdiff, 'src_eff': c.eff, 'src_ldts': c.ldts,
        'source_model': gata._engine_vault_sources(gata.sat_model_name(connector, object), sources)})) -}}
{%- endmacro %}

{#- A vault satellite's key, hashdiff, effective-from and load datetime columns (vault_sat and its ledger hook). -#}
{% macro _engine_vault_sat_columns(connector, object) -%}
    {{- return({'pk': gata._engine_vault_key('sat', {'connector': connector, 'object': object}), 'hashdiff': 'hashdiff',
                'eff': 'effective_from', 'ldts': 'load_datetime'}) -}}
{%- endmacro %}

{#- The key column of a vault model, from the engine's arguments (kind: hub | link | sat). -#}
{% macro _engine_vault_key(kind, args) -%}
    {%- if kind == 'hub' -%}{{- return(gata.hash_key_name(args.entity)) -}}
    {%- elif kind == 'link' -%}{{- return(gata.link_key_name(args.entity, args.references)) -}}
    {%- else -%}{{- return(gata.hash_key_name(gata._engine_object(args.connector, args.object)['entity'])) -}}
    {%- endif -%}
{%- endmacro %}

{#- Refs every source of the project (parse time: dependencies; in a tenant scope, its tenants' only, and a
    model none of them feeds is disabled) and returns the ones to load at execution: those in
    selected_resources, or all of them when none is (the vault model was selected on its own, or
    nothing narrower than the whole project was). A rebuild (should_full_refresh(): --full-refresh with
    gata_rebuild_vault: true, see vault_history.sql) over a partial set is refused: it is meant for the
    whole vault; a plain --full-refresh leaves vault tables incremental and passes. -#}
{% macro _engine_vault_sources(model_name, sources) -%}
    {%- set every = [sources] if sources is string else sources -%}
    {#- a tenant scope (macros/platform/scopes.sql) has only its tenants' staging models; a vault model none of
        them feeds is not part of it. Only the names used are checked (a vault shell lists every tenant's). -#}
    {%- set names = gata.in_scope_models(every) -%}
    {%- for name in names -%}{%- do gata._engine_check_ident(name, 'source model of ' ~ model_name) -%}{%- endfor -%}
    {%- if not names and gata.scope_tenants() is not none -%}
        {%- do config(enabled=false) -%}
        {{- return(names) -}}
    {%- endif -%}
    {%- for name in names -%}{%- do ref(name) -%}{%- endfor -%}
    {%- if not execute -%}{{- return(names) -}}{%- endif -%}
    {%- set chosen = [] -%}
    {%- for name in names if ('model.' ~ model.get('package_name', 'gata') ~ '.' ~ name) in (selected_resources or []) -%}
        {%- do chosen.append(name) -%}
    {%- endfor -%}
    {%- if not chosen -%}
        {%- set chosen = names -%}
    {%- endif -%}
    {%- if should_full_refresh() and chosen | length < every | length -%}
        {{ exceptions.raise_compiler_error("gata: refusing --full-refresh of " ~ model_name ~ " with a partial selection (" ~ (chosen | join(', ')) ~ "): it is shared by every tenant and would lose the rows of " ~ (every | reject('in', chosen) | join(', ')) ~ ". Select all its sources (in the main project, not a tenant scope) or drop --full-refresh.") }}
    {%- endif -%}
    {{- return(chosen) -}}
{%- endmacro %}
