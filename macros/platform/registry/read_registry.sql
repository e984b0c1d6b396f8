{#- Registry access (seeds/registry/*.csv), shared by the onboarding phases and the engines.
    The CSV files are read directly (not the loaded seeds), so the registry is usable in
    run-operations and at model execution before `dbt seed` ran. Returns [] at parse time
    (execute is false): callers that need the rows at parse time must guard with `execute`. -#}

{#- read_registry('gata_objects') -> list of dicts, one per CSV row, every value a string
    (empty cells are ''), in file order. -#}
{% macro read_registry(name) -%}
  {%- if not modules.re.fullmatch('gata_[a-z_]+', name | string) -%}
    {{- exceptions.raise_compiler_error("gata.read_registry: '" ~ name ~ "' is not a registry name (gata_<name>)") -}}
  {%- endif -%}
  {{- return(adapter.dispatch('read_registry', 'gata')(name)) -}}
{%- endmacro %}

{% macro default__read_registry(name) -%}
  {{- exceptions.raise_compiler_error("gata.read_registry: no implementation for adapter " ~ adapter.type()) -}}
{%- endmacro %}

{% macro duckdb__read_registry(name) -%}
  {%- if not execute -%}{{- return([]) -}}{%- endif -%}
  {%- set cache = gata.invocation_cache() -%}
  {%- set key = 'registry:' ~ name -%}
  {%- if key not in cache -%}
    {%- set path = gata.project_path('seeds/registry/' ~ name ~ '.csv') -%}
    {%- set res = run_query("select * from read_csv(" ~ gata.sql_str(gata.glob_literal(path)) ~ ", header = true, all_varchar = true)") -%}
    {%- do cache.update({key: gata.agate_to_dicts(res)}) -%}
  {%- endif -%}
  {#- copies: callers may change what they get without changing the cache -#}
  {%- set rows = [] -%}
  {%- for row in cache[key] -%}{%- do rows.append(row.copy()) -%}{%- endfor -%}
  {{- return(rows) -}}
{%- endmacro %}


{#- A dict that lives for one dbt invocation, shared by every node it compiles: the registry and
    tenants.yaml are read once per invocation instead of dozens of times per model (compiling
    a demo mart went from about 0.7 s to under 0.1 s, per target/run_results.json). It hangs off dbt's `graph` context
    dict, the one object that all nodes of an invocation share; neither file changes during one. -#}
{% macro invocation_cache() -%}
  {{- return(graph.setdefault('_gata_invocation_cache', {})) -}}
{%- endmacro %}


{#- agate table -> list of dicts; NULL becomes '' so registry values are always strings. -#}
{% macro agate_to_dicts(res) -%}
  {%- set out = [] -%}
  {%- for row in res.rows -%}
    {%- set d = {} -%}
    {%- for col in res.column_names -%}
      {%- do d.update({col: ('' if row[col] is none else row[col])}) -%}
    {%- endfor -%}
    {%- do out.append(d) -%}
  {%- endfor -%}
  {{- return(out) -}}
{%- endmacro %}


{#- The whole registry, indexed for lookups (one read per CSV):
      connectors[c]                   -> row of gata_connectors
      objects[c ~ '.' ~ o]            -> row of gata_objects
      objects_of[c]                   -> sorted object names of connector c
      entities[e]                     -> row of gata_entities
      references[c ~ '.' ~ o]         -> sorted referenced entities (gata_relationships)
      fields[c ~ '.' ~ o]             -> rows of gata_fields, in file order
      generation[c][parameter]        -> row of gata_generation
      relationships                   -> rows of gata_relationships sorted by connector, object, references,
                                         each with object_entity (the entity of its object)
      marts                           -> rows of gata_marts, sorted by mart
      mart_columns[m]                 -> rows of gata_mart_columns of mart m, in file (output) order
      category_columns[k ~ '.' ~ e]   -> rows of gata_category_columns (the category contract) of category k
                                         and entity e, in file order
      semantics, metrics              -> rows of gata_mart_semantics, gata_metrics, in file order -#}
{% macro registry() -%}
  {%- set reg = {'connectors': {}, 'objects': {}, 'objects_of': {}, 'entities': {}, 'references': {},
                 'fields': {}, 'generation': {}, 'marts': [], 'relationships': [], 'mart_columns': {}, 'category_columns': {},
                 'semantics': [], 'metrics': []} -%}
  {%- for r in gata.read_registry('gata_connectors') -%}
    {%- do reg.connectors.update({r.connector: r}) -%}
    {%- do reg.objects_of.update({r.connector: []}) -%}
    {%- do reg.generation.update({r.connector: {}}) -%}
  {%- endfor -%}
  {%- for r in gata.read_registry('gata_objects') -%}
    {%- do reg.objects.update({r.connector ~ '.' ~ r.object: r}) -%}
    {%- do reg.objects_of.setdefault(r.connector, []).append(r.object) -%}
  {%- endfor -%}
  {%- for c in reg.objects_of -%}{%- do reg.objects_of[c].sort() -%}{%- endfor -%}
  {%- for r in gata.read_registry('gata_entities') -%}
    {%- do reg.entities.update({r.entity: r}) -%}
  {%- endfor -%}
  {%- for r in gata.read_registry('gata_relationships') -%}
    {%- do reg.references.setdefault(r.connector ~ '.' ~ r.object, []).append(r.references) -%}
  {%- endfor -%}
  {%- for k in reg.references -%}{%- do reg.references[k].sort() -%}{%- endfor -%}
  {%- for r in gata.read_registry('gata_relationships') | sort(attribute='connector,object,references') -%}
    {%- do r.update({'object_entity': reg.objects.get(r.connector ~ '.' ~ r.object, {}).get('entity')}) -%}
    {%- do reg.relationships.append(r) -%}
  {%- endfor -%}
  {%- for r in gata.read_registry('gata_fields') -%}
    {%- do reg.fields.setdefault(r.connector ~ '.' ~ r.object, []).append(r) -%}
  {%- endfor -%}
  {%- for r in gata.read_registry('gata_generation') -%}
    {%- do reg.generation.setdefault(r.connector, {}).update({r.parameter: r}) -%}
  {%- endfor -%}
  {%- do reg.marts.extend(gata.read_registry('gata_marts') | sort(attribute='mart')) -%}
  {%- for r in gata.read_registry('gata_mart_columns') -%}
    {%- do reg.mart_columns.setdefault(r.mart, []).append(r) -%}
  {%- endfor -%}
  {%- for r in gata.read_registry('gata_category_columns') -%}
    {%- do reg.category_columns.setdefault(r.category ~ '.' ~ r.entity, []).append(r) -%}
  {%- endfor -%}
  {%- do reg.semantics.extend(gata.read_registry('gata_mart_semantics')) -%}
  {%- do reg.metrics.extend(gata.read_registry('gata_metrics')) -%}
  {{- return(reg) -}}
{%- endmacro %}


{#- Raw tables (dlt table names) an object reads, sorted: its own, its parent object's
    (child objects join their parent), and the child tables its child_* fields aggregate. -#}
{% macro object_raw_tables(reg, connector, object) -%}
  {%- set obj = reg.objects[connector ~ '.' ~ object] -%}
  {%- set tables = [obj.raw_table] -%}
  {%- if obj.parent_object -%}
    {%- do tables.append(reg.objects[connector ~ '.' ~ obj.parent_object].raw_table) -%}
  {%- endif -%}
  {%- for f in reg.fields.get(connector ~ '.' ~ object, []) -%}
    {%- if f.source in ('child_sum', 'child_max') and f.child_table -%}{%- do tables.append(f.child_table) -%}{%- endif -%}
  {%- endfor -%}
  {{- return(tables | unique | sort) -}}
{%- endmacro %}

{#- The raw tables of an object that may not exist yet, sorted: dlt creates a nested table (its own table
    for a child object, a child_table its child_* fields aggregate) only with the first record that has
    a non-empty list (WooCommerce's orders__refunds before the shop's first refund). src_object reads
    such a table as empty until a load creates it; a top-level table (its own without a parent object,
    its parent's) must exist. -#}
{% macro optional_raw_tables(obj, fields) -%}
  {%- set tables = [obj.raw_table] if obj.parent_object else [] -%}
  {%- for f in fields -%}
    {%- if f.source in ('child_sum', 'child_max') and f.child_table -%}{%- do tables.append(f.child_table) -%}{%- endif -%}
  {%- endfor -%}
  {{- return(tables | unique | sort) -}}
{%- endmacro %}
