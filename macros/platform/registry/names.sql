{#- Every name derived from a tenant slug, a registry entity, connector or object (docs/ARCHITECTURE.md,
    "Names"): one place, so onboarding, the engines, the marts and the tests agree. Build a name only
    through these macros; a new kind of name gets a macro here.
    Python twin: gata_manifest.py ("names": is_valid_slug, raw_schema_name, staging_schema_name,
    marts_schema_name), used by ingestion/load.py and the validator; tests/product/test_names.py
    renders this file and checks that both give the same names. -#}

{% macro slug_pattern() -%}{{- return('^[a-z][a-z0-9_]{1,62}$') -}}{%- endmacro %}

{#- true when `slug` is safe as a tenant slug: it becomes part of schema, model and file names.
    A full match: with re.match, `$` also matches before a final newline ("evil\n"). -#}
{% macro is_valid_slug(slug) -%}
  {{- return(slug is string and modules.re.fullmatch(gata.slug_pattern(), slug) is not none
             and '__' not in slug and not slug.endswith('_')) -}}
{%- endmacro %}

{#- Schemas and tags of a tenant. -#}
{% macro raw_schema_name(slug, connector) -%}{{- return('raw_' ~ slug ~ '_' ~ connector) -}}{%- endmacro %}
{% macro staging_schema_name(slug) -%}{{- return(slug ~ '_staging') -}}{%- endmacro %}
{% macro marts_schema_name(slug) -%}{{- return(slug ~ '_marts') -}}{%- endmacro %}
{% macro tenant_tag(slug) -%}{{- return('tenant:' ~ slug) -}}{%- endmacro %}

{#- A tenant's models (models/tenants/<slug>/). The prefixes alone serve to recognise a file's kind. -#}
{% macro src_prefix() -%}{{- return('src_') -}}{%- endmacro %}
{% macro stg_prefix() -%}{{- return('stg_') -}}{%- endmacro %}
{% macro src_model_name(slug, connector, object) -%}{{- return(gata.src_prefix() ~ slug ~ '__' ~ connector ~ '__' ~ object) -}}{%- endmacro %}
{% macro stg_model_name(slug, connector, object) -%}{{- return(gata.stg_model_prefix(slug) ~ connector ~ '__' ~ object) -}}{%- endmacro %}
{#- What every staging model of one tenant starts with (a slug holds no `__`). -#}
{% macro stg_model_prefix(slug) -%}{{- return(gata.stg_prefix() ~ slug ~ '__') -}}{%- endmacro %}
{% macro mart_model_name(slug, mart) -%}{{- return(slug ~ '__' ~ mart) -}}{%- endmacro %}
{#- record_source of a tenant object's rows: `<slug>.<connector>.<object>`. -#}
{% macro record_source_name(slug, connector, object) -%}{{- return(slug ~ '.' ~ connector ~ '.' ~ object) -}}{%- endmacro %}
{#- The generated property files of a tenant folder. -#}
{% macro sources_yml_name(slug) -%}{{- return('_' ~ slug ~ '__sources.yml') -}}{%- endmacro %}
{% macro staging_yml_name(slug) -%}{{- return('_' ~ slug ~ '__staging.yml') -}}{%- endmacro %}
{% macro marts_yml_name(slug) -%}{{- return('_' ~ slug ~ '__marts.yml') -}}{%- endmacro %}
{% macro semantic_yml_name(slug) -%}{{- return('_' ~ slug ~ '__semantic.yml') -}}{%- endmacro %}
{#- A warn test of one tenant object (`acme__shopify__orders__rows_without_key`). -#}
{% macro object_test_name(slug, connector, object, suffix) -%}{{- return(slug ~ '__' ~ connector ~ '__' ~ object ~ '__' ~ suffix) -}}{%- endmacro %}

{#- The shared vault: models and their key columns. A hash key column is `<entity>_hk`, a link's own key
    `<entity>__<references>_lk`. -#}
{% macro hub_model_name(entity) -%}{{- return('hub_' ~ entity) -}}{%- endmacro %}
{% macro link_model_name(entity, references) -%}{{- return('link_' ~ entity ~ '__' ~ references) -}}{%- endmacro %}
{% macro sat_model_name(connector, object) -%}{{- return('sat_' ~ connector ~ '__' ~ object) -}}{%- endmacro %}
{#- A satellite's ledger of loaded load datetimes (macros/vault/tables/sat_ledger.sql), named after the satellite's
    schema and table (it may live in another schema: config sat_ledger_schema), and the temp table of a run's
    staged loads. -#}
{% macro sat_ledger_name(schema, table) -%}{{- return(schema ~ '__' ~ table ~ '__gata_ledger') -}}{%- endmacro %}
{% macro sat_ledger_batch_name(table) -%}{{- return(table ~ '__gata_ledger_batch') -}}{%- endmacro %}
{% macro hash_key_name(entity) -%}{{- return(entity ~ '_hk') -}}{%- endmacro %}
{% macro link_key_name(entity, references) -%}{{- return(entity ~ '__' ~ references ~ '_lk') -}}{%- endmacro %}

{#- MetricFlow names (semantic models, entities, measures, metrics) may not contain '__': one '_' -#}
{% macro semantic_name(slug, name) -%}{{- return(slug ~ '_' ~ name) -}}{%- endmacro %}
{#- Where a vault rebuild archives a table's rows (vault_history.sql), and the record of the hash settings
    each vault table was built with. -#}
{% macro vault_schema_name() -%}{{- return('vault') -}}{%- endmacro %}  {#- dbt_project.yml: models.gata.vault +schema -#}
{% macro vault_archive_schema_name(vault_schema) -%}{{- return(vault_schema ~ '_archive') -}}{%- endmacro %}
{#- `<table>__<UTC start of the run, YYYYMMDDTHHMMSSZ>` (`started_at`: a datetime, e.g. run_started_at). -#}
{% macro vault_archive_table_name(table, started_at) -%}{{- return(table ~ '__' ~ started_at.strftime('%Y%m%dT%H%M%SZ')) -}}{%- endmacro %}
{% macro vault_settings_relation() -%}{{- return({'schema': 'gata_meta', 'table': 'vault_settings'}) -}}{%- endmacro %}

{#- A mart column named after a tenants.yaml `marts:` option value: the placeholder `{<option>}` of a
    gata_mart_columns.csv column (`reached_{funnel_steps}`) becomes the value in lower case with every run of
    other characters than a-z and 0-9 as one '_' ('Add to cart' -> reached_add_to_cart). Python twin:
    gata_manifest.option_column_suffix (the validator refuses values that give an empty or a repeated name). -#}
{% macro mart_option_column(pattern, value) -%}
  {%- set suffix = modules.re.sub('[^a-z0-9]+', '_', value | lower).strip('_') -%}
  {{- return(modules.re.sub('[{][a-z_]+[}]', suffix, pattern)) -}}
{%- endmacro %}
