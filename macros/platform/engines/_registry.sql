{#- Private helpers shared by the engines: project files (registry CSVs, tenants.yaml) read through
    DuckDB at execution time, plus identifier validation. The registry helpers from
    macros/platform/registry/ (gata.read_registry) may replace _engine_registry once they land. -#}

{#- Folder holding seeds/registry and tenants.yaml: the invoking project, overridable by a var so the
    package also works when installed elsewhere. -#}
{% macro _engine_project_dir() -%}
    {%- set d = var('gata_project_dir', none) or invocation_args_dict.get('project_dir') or flags.PROJECT_DIR or '.' -%}
    {{- return(d | string) -}}
{%- endmacro %}

{#- A SQL string literal (single quotes doubled), for paths and registry values. -#}
{% macro _engine_literal(value) -%}
    {{- return("'" ~ (value | string | replace("'", "''")) ~ "'") -}}
{%- endmacro %}

{#- Query -> list of dicts (column name -> value); [] at parse time, when run_query returns nothing. -#}
{% macro _engine_rows(sql) -%}
    {%- set out = [] -%}
    {%- if execute -%}
        {%- set table = run_query(sql) -%}
        {%- for row in table.rows -%}
            {%- set d = {} -%}
            {%- for name in table.column_names -%}{%- do d.update({name: row[name]}) -%}{%- endfor -%}
            {%- do out.append(d) -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(out) -}}
{%- endmacro %}

{#- One registry file (seeds/registry/<name>.csv) as a list of dicts, every value a string or none. -#}
{% macro _engine_registry(name) -%}
    {%- if not modules.re.match('^gata_[a-z_]+$', name) -%}
        {{ exceptions.raise_compiler_error("gata: unknown registry file '" ~ name ~ "'") }}
    {%- endif -%}
    {%- set path = gata._engine_project_dir() ~ '/seeds/registry/' ~ name ~ '.csv' -%}
    {{- return(gata._engine_rows("select * from read_csv(" ~ gata._engine_literal(path) ~ ", all_varchar=true, header=true)")) -}}
{%- endmacro %}

{#- tenants.yaml parsed (DuckDB read_text + fromyaml); {} at parse time. -#}
{% macro _engine_manifest() -%}
    {%- set path = gata._engine_project_dir() ~ '/tenants.yaml' -%}
    {%- set rows = gata._engine_rows("select content from read_text(" ~ gata._engine_literal(path) ~ ")") -%}
    {{- return(fromyaml(rows[0]['content']) if rows else {}) -}}
{%- endmacro %}

{#- Slugs reach schema names and SQL literals: validate before use (docs/ARCHITECTURE.md, "Slugs"). -#}
{% macro _engine_check_slug(tenant) -%}
    {%- set ok = tenant is string and modules.re.match('^[a-z][a-z0-9_]{1,62}$', tenant)
                 and '__' not in tenant and not tenant.endswith('_') -%}
    {%- if not ok -%}
        {{ exceptions.raise_compiler_error("gata: invalid tenant slug '" ~ tenant ~ "' (expected ^[a-z][a-z0-9_]{1,62}$, no '__', not ending in '_')") }}
    {%- endif -%}
    {{- return(tenant) -}}
{%- endmacro %}

{#- Registry names (connectors, objects, columns, entities) become identifiers: same rule, lighter. -#}
{% macro _engine_check_ident(value, what) -%}
    {%- if not (value is string and modules.re.match('^[a-z_][a-z0-9_]*$', value)) -%}
        {{ exceptions.raise_compiler_error("gata: invalid " ~ what ~ " '" ~ value ~ "' (expected ^[a-z_][a-z0-9_]*$)") }}
    {%- endif -%}
    {{- return(value) -}}
{%- endmacro %}

{#- The registry rows of one object, or a clear error when the registry does not define it. -#}
{% macro _engine_object(connector, object, tenant=none) -%}
    {%- set found = gata._engine_registry('gata_objects') | selectattr('connector', 'equalto', connector)
                    | selectattr('object', 'equalto', object) | list -%}
    {%- if execute and found | length != 1 -%}
        {{ exceptions.raise_compiler_error("gata: " ~ ("tenant '" ~ tenant ~ "': " if tenant else "") ~ "object '" ~ object ~ "' of connector '" ~ connector ~ "' is not in seeds/registry/gata_objects.csv") }}
    {%- endif -%}
    {{- return(found[0] if found else {}) -}}
{%- endmacro %}

{#- Fields of one object, in registry order. -#}
{% macro _engine_fields(connector, object) -%}
    {{- return(gata._engine_registry('gata_fields') | selectattr('connector', 'equalto', connector)
               | selectattr('object', 'equalto', object) | list) -}}
{%- endmacro %}

{#- Business key columns of an entity (gata_entities.business_key, '|'-separated). -#}
{% macro _engine_business_key(entity) -%}
    {%- set found = gata._engine_registry('gata_entities') | selectattr('entity', 'equalto', entity) | list -%}
    {%- if execute and not found -%}
        {{ exceptions.raise_compiler_error("gata: entity '" ~ entity ~ "' is not in seeds/registry/gata_entities.csv") }}
    {%- endif -%}
    {{- return(found[0]['business_key'].split('|') if found else []) -}}
{%- endmacro %}

{#- Entities an object references (gata_relationships), sorted for deterministic SQL. -#}
{% macro _engine_references(connector, object) -%}
    {{- return(gata._engine_registry('gata_relationships') | selectattr('connector', 'equalto', connector)
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
    {%- if not (data_type is string and modules.re.match('^[a-z][a-z ]*(\\(\\d+(,\\s*\\d+)?\\))?$', data_type)) -%}
        {{ exceptions.raise_compiler_error("gata: invalid data_type '" ~ data_type ~ "' for " ~ what ~ " in seeds/registry/gata_fields.csv") }}
    {%- endif -%}
    {{- return(data_type) -}}
{%- endmacro %}
