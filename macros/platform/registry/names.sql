{#- Names derived from a tenant slug (docs/ARCHITECTURE.md, "Names"): one place, so the
    generator, the validator and the engines agree. -#}

{% macro slug_pattern() -%}{{- return('^[a-z][a-z0-9_]{1,62}$') -}}{%- endmacro %}

{#- true when `slug` is safe as a tenant slug: it becomes part of schema, model and file names.
    A full match: with re.match, `$` also matches before a final newline ("evil\n"). -#}
{% macro is_valid_slug(slug) -%}
  {{- return(slug is string and modules.re.fullmatch(gata.slug_pattern(), slug) is not none
             and '__' not in slug and not slug.endswith('_')) -}}
{%- endmacro %}

{% macro raw_schema_name(slug, connector) -%}{{- return('raw_' ~ slug ~ '_' ~ connector) -}}{%- endmacro %}
{% macro staging_schema_name(slug) -%}{{- return(slug ~ '_staging') -}}{%- endmacro %}
{% macro marts_schema_name(slug) -%}{{- return(slug ~ '_marts') -}}{%- endmacro %}
{% macro tenant_tag(slug) -%}{{- return('tenant:' ~ slug) -}}{%- endmacro %}
{% macro src_model_name(slug, connector, object) -%}{{- return('src_' ~ slug ~ '__' ~ connector ~ '__' ~ object) -}}{%- endmacro %}
{% macro stg_model_name(slug, connector, object) -%}{{- return('stg_' ~ slug ~ '__' ~ connector ~ '__' ~ object) -}}{%- endmacro %}
{% macro mart_model_name(slug, mart) -%}{{- return(slug ~ '__' ~ mart) -}}{%- endmacro %}
{#- MetricFlow names (semantic models, entities, measures, metrics) may not contain '__': one '_' -#}
{% macro semantic_name(slug, name) -%}{{- return(slug ~ '_' ~ name) -}}{%- endmacro %}
{#- Where a vault rebuild archives a table's rows (vault_history.sql), and the record of the hash settings
    each vault table was built with. -#}
{% macro vault_schema_name() -%}{{- return('vault') -}}{%- endmacro %}  {#- dbt_project.yml: models.gata.vault +schema -#}
{% macro vault_archive_schema_name(vault_schema) -%}{{- return(vault_schema ~ '_archive') -}}{%- endmacro %}
{% macro vault_settings_relation() -%}{{- return({'schema': 'gata_meta', 'table': 'vault_settings'}) -}}{%- endmacro %}
