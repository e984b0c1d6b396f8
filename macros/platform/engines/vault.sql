{#- Shared vault shells: one hub/link/satellite fed by the staging models of every tenant. The engines
    ref every source at parse time (lineage, tags) but load only the sources dbt selected, so
    `--select tag:tenant:acme` never re-reads another tenant's staging. Every vault row carries
    tenant_slug (src_extra_columns) so marts can filter on it. -#}

{% macro vault_hub(entity, sources) -%}
    {%- set chosen = gata._engine_vault_sources('hub_' ~ entity, sources) -%}
    {%- if not execute -%}{{- return('select 1 as _gata_parse_placeholder') -}}{%- endif -%}
    {{ gata.hub(src_pk=entity ~ '_hk', src_nk=gata._engine_business_key(entity),
                src_extra_columns=['tenant_slug'], src_ldts='load_datetime', src_source='record_source',
                source_model=chosen) }}
{%- endmacro %}

{% macro vault_link(entity, references, sources) -%}
    {%- set chosen = gata._engine_vault_sources('link_' ~ entity ~ '__' ~ references, sources) -%}
    {%- if not execute -%}{{- return('select 1 as _gata_parse_placeholder') -}}{%- endif -%}
    {{ gata.link(src_pk=entity ~ '__' ~ references ~ '_lk', src_fk=[entity ~ '_hk', references ~ '_hk'],
                 src_extra_columns=['tenant_slug'], src_ldts='load_datetime', src_source='record_source',
                 source_model=chosen) }}
{%- endmacro %}

{% macro vault_sat(connector, object, sources) -%}
    {%- set chosen = gata._engine_vault_sources('sat_' ~ connector ~ '__' ~ object, sources) -%}
    {%- if not execute -%}{{- return('select 1 as _gata_parse_placeholder') -}}{%- endif -%}
    {%- set obj = gata._engine_object(connector, object) -%}
    {{ gata.sat(src_pk=obj['entity'] ~ '_hk', src_hashdiff='hashdiff',
                src_payload=gata._engine_payload_columns(connector, object),
                src_extra_columns=['tenant_slug'], src_eff='effective_from', src_ldts='load_datetime',
                src_source='record_source', source_model=chosen) }}
{%- endmacro %}

{#- Refs every source (parse time: dependencies) and returns the ones to load at execution: those in
    selected_resources, or all of them when none is (the vault model was selected on its own, or
    nothing narrower than the whole project was). A --full-refresh over a partial set would drop the
    unselected tenants' rows, so it is refused. -#}
{% macro _engine_vault_sources(model_name, sources) -%}
    {%- set names = [sources] if sources is string else sources -%}
    {%- for name in names -%}
        {%- do gata._engine_check_ident(name, 'source model of ' ~ model_name) -%}
        {%- do ref(name) -%}
    {%- endfor -%}
    {%- if not execute -%}{{- return(names) -}}{%- endif -%}
    {%- set chosen = [] -%}
    {%- for name in names if ('model.' ~ model.get('package_name', 'gata') ~ '.' ~ name) in (selected_resources or []) -%}
        {%- do chosen.append(name) -%}
    {%- endfor -%}
    {%- if not chosen -%}
        {%- set chosen = names -%}
    {%- endif -%}
    {%- if flags.FULL_REFRESH and chosen | length < names | length -%}
        {{ exceptions.raise_compiler_error("gata: refusing --full-refresh of " ~ model_name ~ " with a partial selection (" ~ (chosen | join(', ')) ~ "): it is shared by every tenant and would lose the rows of " ~ (names | reject('in', chosen) | join(', ')) ~ ". Select all its sources or drop --full-refresh.") }}
    {%- endif -%}
    {{- return(chosen) -}}
{%- endmacro %}
