{#- Private helpers shared by the engines: registry lookups (on top of gata.read_registry, which reads
    seeds/registry/*.csv at execution and returns [] at parse time) and identifier validation. -#}

{#- Slugs reach schema names and SQL literals: refuse an invalid one before any SQL is built. -#}
{% macro _engine_check_slug(tenant) -%}
    {%- if not gata.is_valid_slug(tenant) -%}
        {{ exceptions.raise_compiler_error("gata: invalid tenant slug '" ~ tenant ~ "' (expected " ~ gata.slug_pattern() ~ ", no '__', not ending in '_')") }}
    {%- endif -%}
    {{- return(tenant) -}}
{%- endmacro %}

{#- Registry names (connectors, objects, columns, entities) become identifiers: same rule, lighter. -#}
{% macro _engine_check_ident(value, what) -%}
    {%- if not (value is string and modules.re.fullmatch('[a-z_][a-z0-9_]*', value)) -%}
        {{ exceptions.raise_compiler_error("gata: invalid " ~ what ~ " '" ~ value ~ "' (expected ^[a-z_][a-z0-9_]*$)") }}
    {%- endif -%}
    {{- return(value) -}}
{%- endmacro %}

{#- The registry rows of one object, or a clear error when the registry does not define it. -#}
{% macro _engine_object(connector, object, tenant=none) -%}
    {%- set found = gata.read_registry('gata_objects') | selectattr('connector', 'equalto', connector)
                    | selectattr('object', 'equalto', object) | list -%}
    {%- if execute and found | length != 1 -%}
        {{ exceptions.raise_compiler_error("gata: " ~ ("tenant '" ~ tenant ~ "': " if tenant else "") ~ "object '" ~ object ~ "' of connector '" ~ connector ~ "' is not in seeds/registry/gata_objects.csv") }}
    {%- endif -%}
    {{- return(found[0] if found else {}) -}}
{%- endmacro %}

{#- Fields of one object, in registry order. -#}
{% macro _engine_fields(connector, object) -%}
    {{- return(gata.read_registry('gata_fields') | selectattr('connector', 'equalto', connector)
               | selectattr('object', 'equalto', object) | list) -}}
{%- endmacro %}

{#- Business key columns of an entity (gata_entities.business_key, '|'-separated). -#}
{% macro _engine_business_key(entity) -%}
    {%- set found = gata.read_registry('gata_entities') | selectattr('entity', 'equalto', entity) | list -%}
    {%- if execute and not found -%}
        {{ exceptions.raise_compiler_error("gata: entity '" ~ entity ~ "' is not in seeds/registry/gata_entities.csv") }}
    {%- endif -%}
    {{- return(found[0]['business_key'].split('|') if found else []) -}}
{%- endmacro %}

{#- Entities an object references (gata_relationships), sorted for deterministic SQL. -#}
{% macro _engine_references(connector, object) -%}
    {{- return(gata.read_registry('gata_relationships') | selectattr('connector', 'equalto', connector)
               | selectattr('object', 'equalto', object) | map(attribute='references') | sort | list) -}}
{%- endmacro %}

{#- Satellite payload of an object: every platform column that is neither in the entity's business key
    nor in the business key of an entity it references (those live in hubs and links). -#}
{% macro _engine_payload_columns(connector, object) -%}
    {%- set obj = gata._engine_object(connector, object) -%}
    {%- set keys = gata._engine_business_key(obj['entity']) -%}
    {%- for ref_entity in gata._engine_references(connector, object) -%}
        {%- do keys.extend(gata._engine_business_key(ref_entity)) -%}
    {%- endfor -%}
    {{- return(gata._engine_fields(connector, object) | map(attribute='column') | reject('in', keys) | list) -}}
{%- endmacro %}

{#- Registry data types end up in casts: only plain type names with an optional (p[,s]). -#}
{% macro _engine_check_type(data_type, what) -%}
    {%- if not gata._engine_is_type(data_type) -%}
        {{ exceptions.raise_compiler_error("gata: invalid data_type '" ~ data_type ~ "' for " ~ what ~ " in seeds/registry/gata_fields.csv") }}
    {%- endif -%}
    {{- return(data_type) -}}
{%- endmacro %}

{#- true for a plain type name with an optional (p[,s]): what may reach a cast or a contract. -#}
{% macro _engine_is_type(data_type) -%}
    {{- return(data_type is string and modules.re.fullmatch('[a-z][a-z ]*(\\(\\d+(,\\s*\\d+)?\\))?', data_type) is not none) -}}
{%- endmacro %}
