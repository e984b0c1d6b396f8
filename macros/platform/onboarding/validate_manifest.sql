{#- Phase 1 checks. Each returns a list of messages (empty = fine); nothing here touches the
    warehouse except read-only information_schema queries. Every message starts with
    "tenants.yaml: tenant '<slug>': <field path>: ..." so an analyst can find the line. -#}

{#- A value as written in YAML, for messages: strings quoted. -#}
{% macro yaml_repr(value) -%}{{- return(value | tojson if value is string else value | string) -}}{%- endmacro %}

{#- A real list (YAML sequence), not a string or a mapping. -#}
{% macro is_list(value) -%}
  {{- return(value is sequence and value is not string and value is not mapping) -}}
{%- endmacro %}


{#- The whole manifest: structure, types, every tenant against the registry, duplicate slugs,
    colliding schema names. -> list of messages (empty = valid), cached per invocation.
    The rules live in Python, in gata_manifest.py, which ingestion/load.py uses too (one validator,
    one set of messages); dbt reaches it through the DuckDB function gata_validate_manifest that the
    profile's dbt-duckdb plugin `gata_manifest` registers on every connection. -#}
{% macro validate_manifest(text) -%}
  {{- return(adapter.dispatch('validate_manifest', 'gata')(text)) -}}
{%- endmacro %}

{% macro default__validate_manifest(text) -%}
  {{- exceptions.raise_compiler_error("gata.validate_manifest: no implementation for adapter " ~ adapter.type()) -}}
{%- endmacro %}

{% macro duckdb__validate_manifest(text) -%}
  {%- set cache = gata.invocation_cache() -%}
  {%- set key = 'tenants.yaml:problems:' ~ local_md5(text) -%}
  {%- if key not in cache -%}
    {%- if not gata.has_manifest_plugin() -%}
      {{- return(["profiles.yml: target '" ~ target.name ~ "' has no gata_manifest plugin, which validates tenants.yaml:"
                  ~ " add `plugins: [{module: gata_manifest}]` to that output (see profiles.yml in the gata project)"
                  ~ " and install gata into the venv (python3 tasks.py setup)"]) -}}
    {%- endif -%}
    {%- set res = run_query("select gata_validate_manifest(" ~ gata.sql_str(text) ~ ", " ~ gata.sql_str(gata.project_path()) ~ ")") -%}
    {%- do cache.update({key: fromjson(res.rows[0][0])}) -%}
  {%- endif -%}
  {{- return(cache[key]) -}}
{%- endmacro %}


{#- The tenant being onboarded: present, onboardable, at least one enabled connector. -#}
{% macro validate_onboard_target(manifest, tenant) -%}
  {%- set errors = [] -%}
  {%- if tenant is none -%}
    {%- do errors.append("no tenant given: pass it as --args '{tenant: <slug>}'") -%}
    {{- return(errors) -}}
  {%- elif not gata.is_valid_slug(tenant) -%}
    {%- do errors.append("tenant argument " ~ gata.yaml_repr(tenant) ~ " is not a valid slug (must match " ~ gata.slug_pattern() ~ ", contain no '__' and not end with '_')") -%}
    {{- return(errors) -}}
  {%- endif -%}
  {%- set entry = gata.manifest_tenant(manifest, tenant) -%}
  {%- if manifest is none -%}
    {#- missing or unreadable file: already reported -#}
  {%- elif entry is none -%}
    {%- set slugs = [] -%}
    {%- if manifest is mapping and gata.is_list(manifest.get('tenants')) -%}
      {%- for t in manifest.tenants if t is mapping and t.get('slug') is string -%}{%- do slugs.append(t.slug) -%}{%- endfor -%}
    {%- endif -%}
    {%- do errors.append("tenants.yaml: tenant '" ~ tenant ~ "': not found (tenants in the file: " ~ (slugs | unique | sort | join(', ') or 'none') ~ ")") -%}
  {%- elif entry.get('status') == 'offboarded' -%}
    {%- do errors.append("tenants.yaml: tenant '" ~ tenant ~ "': status: is 'offboarded'; set it to active to onboard the tenant again") -%}
  {%- endif -%}
  {{- return(errors) -}}
{%- endmacro %}


{#- First entry of the manifest with this slug, or none. -#}
{% macro manifest_tenant(manifest, tenant) -%}
  {%- if manifest is mapping and gata.is_list(manifest.get('tenants')) -%}
    {%- for t in manifest.tenants if t is mapping and t.get('slug') == tenant -%}
      {{- return(t) -}}
    {%- endfor -%}
  {%- endif -%}
  {{- return(none) -}}
{%- endmacro %}


{#- A validated tenant entry, resolved: defaults applied, disabled connectors dropped.
    {slug, business_name, status, sources: [{connector, category, raw_schema, freshness: {warn_after_hours,
    error_after_hours}, objects: [{object, index, list_key}]}]}
    (sorted by connector, objects sorted by name; index = position in the YAML list, or none
    when the list was omitted and every registry object of the connector is onboarded). -#}
{% macro resolve_tenant(entry, reg) -%}
  {%- set sources = [] -%}
  {%- for c in entry.sources.keys() | sort if entry.sources[c].get('enabled', true) -%}
    {%- set s = entry.sources[c] -%}
    {%- set list_key = 'tables' if 'tables' in s else 'objects' -%}
    {%- set objects = [] -%}
    {%- if list_key in s -%}
      {%- for o in s[list_key] -%}{%- do objects.append({'object': o, 'index': loop.index0, 'list_key': list_key}) -%}{%- endfor -%}
    {%- else -%}
      {%- for o in reg.objects_of[c] -%}{%- do objects.append({'object': o, 'index': none, 'list_key': list_key}) -%}{%- endfor -%}
    {%- endif -%}
    {%- set freshness = gata.freshness_defaults() -%}
    {%- do freshness.update(s.get('freshness') or {}) -%}
    {%- do sources.append({'connector': c, 'category': reg.connectors[c].category,
                           'raw_schema': gata.raw_schema_name(entry.slug, c), 'freshness': freshness,
                           'objects': objects | sort(attribute='object')}) -%}
  {%- endfor -%}
  {{- return({'slug': entry.slug, 'business_name': entry.business_name, 'status': entry.status, 'sources': sources,
             'marts': entry.get('marts') or {}}) -}}
{%- endmacro %}


{#- The resolved tenant against the warehouse: each enabled connector's raw dataset exists and
    holds every raw table its enabled objects read, but for nested tables dlt has not created yet
    (gata.optional_raw_tables: phase 3 warns, src_object reads them as empty). Read-only (information_schema). -#}
{% macro validate_tenant_warehouse(tenant_cfg, reg) -%}
  {%- set errors = [] -%}
  {%- set at = "tenants.yaml: tenant '" ~ tenant_cfg.slug ~ "': " -%}
  {%- if tenant_cfg.sources | length == 0 -%}
    {%- do errors.append(at ~ "sources: no enabled connector to onboard") -%}
    {{- return(errors) -}}
  {%- endif -%}
  {%- set tables = gata.warehouse_tables(tenant_cfg.sources | map(attribute='raw_schema') | list) -%}
  {%- for s in tenant_cfg.sources -%}
    {%- if s.raw_schema not in tables -%}
      {%- do errors.append(at ~ "sources." ~ s.connector ~ ": raw dataset '" ~ s.raw_schema
          ~ "' not found in the warehouse (load it first: python ingestion/load.py --tenant " ~ tenant_cfg.slug ~ ")") -%}
    {%- else -%}
      {%- for o in s.objects -%}
        {%- set opath = "sources." ~ s.connector ~ "." ~ o.list_key ~ ("[" ~ o.index ~ "]" if o.index is not none else "") -%}
        {%- set key = s.connector ~ '.' ~ o.object -%}
        {%- set optional = gata.optional_raw_tables(reg.objects[key], reg.fields.get(key, [])) -%}
        {%- for raw_table in gata.object_raw_tables(reg, s.connector, o.object) if raw_table not in tables[s.raw_schema] and raw_table not in optional -%}
          {%- do errors.append(at ~ opath ~ ": raw table '" ~ s.raw_schema ~ "." ~ raw_table ~ "' (read by object '"
              ~ o.object ~ "') not found in the warehouse") -%}
        {%- endfor -%}
      {%- endfor -%}
    {%- endif -%}
  {%- endfor -%}
  {{- return(errors) -}}
{%- endmacro %}


{#- The registry names that end up in file names, model names and SQL of the shells must be plain
    identifiers (the CSVs are edited by hand too), and every reference between the files must resolve. -#}
{% macro validate_registry(reg) -%}
  {%- set errors = [] -%}
  {%- set ident = '[a-z][a-z0-9_]*' -%}  {#- matched with fullmatch: `$` would accept a final newline -#}
  {%- for key, o in reg.objects | dictsort -%}
    {%- set at = "seeds/registry/gata_objects.csv: " ~ key ~ ": " -%}
    {%- for col in ['connector', 'object', 'raw_table', 'entity'] if not modules.re.fullmatch(ident, o[col]) -%}
      {%- do errors.append(at ~ col ~ " '" ~ o[col] ~ "' is not a lower-case identifier") -%}
    {%- endfor -%}
    {%- if '__' in o.connector or '__' in o.object -%}{%- do errors.append(at ~ "connector and object names may not contain '__'") -%}{%- endif -%}
    {%- if o.connector not in reg.connectors -%}{%- do errors.append(at ~ "unknown connector '" ~ o.connector ~ "'") -%}{%- endif -%}
    {%- if o.entity not in reg.entities -%}{%- do errors.append(at ~ "unknown entity '" ~ o.entity ~ "'") -%}{%- endif -%}
    {%- if o.parent_object and (o.connector ~ '.' ~ o.parent_object) not in reg.objects -%}
      {%- do errors.append(at ~ "unknown parent_object '" ~ o.parent_object ~ "'") -%}
    {%- endif -%}
    {%- for ref in reg.references.get(key, []) if ref not in reg.entities or not modules.re.fullmatch(ident, ref) -%}
      {%- do errors.append("seeds/registry/gata_relationships.csv: " ~ key ~ ": unknown entity '" ~ ref ~ "'") -%}
    {%- endfor -%}
    {%- for f in reg.fields.get(key, []) if f.child_table and not modules.re.fullmatch(ident, f.child_table) -%}
      {%- do errors.append("seeds/registry/gata_fields.csv: " ~ key ~ "." ~ f.column ~ ": child_table '" ~ f.child_table ~ "' is not a lower-case identifier") -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- for m in reg.marts if not modules.re.fullmatch(ident, m.mart) or m.category not in (reg.connectors.values() | map(attribute='category') | list) + ['all'] -%}
    {%- do errors.append("seeds/registry/gata_marts.csv: mart '" ~ m.mart ~ "': not a lower-case identifier or no connector of category '" ~ m.category ~ "' (or 'all': built from the tenant's other marts)") -%}
  {%- endfor -%}
  {#- the grain becomes the mart's uniqueness test (_<slug>__marts.yml): '|'-separated column names -#}
  {%- for m in reg.marts -%}
    {%- for col in (m.get('grain') or '').split('|') if not modules.re.fullmatch(ident, col) -%}
      {%- do errors.append("seeds/registry/gata_marts.csv: mart '" ~ m.mart ~ "': grain column '" ~ col ~ "' is not a lower-case identifier (grain: columns separated by '|')") -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- do errors.extend(gata.validate_semantic_registry(reg)) -%}
  {%- do errors.extend(gata.validate_mart_contracts(reg)) -%}
  {%- do errors.extend(gata.validate_category_contract(reg)) -%}
  {{- return(errors) -}}
{%- endmacro %}

{#- The category contract (gata_category_columns.csv): the columns an object of entity E must provide to
    feed its category's marts. Every object of a connector of category K whose entity has contract rows
    for K provides each required column (gata_fields) with the contract's type, and any optional column
    it provides with that type; every contract row names a known category and entity, a lower-case
    column (once per entity) and a plain type, and required is true or false. So a connector that lacks
    a column fails here, naming connector, object and column, instead of yielding NULLs in a mart. -#}
{% macro validate_category_contract(reg) -%}
  {%- set errors = [] -%}
  {%- set at = "seeds/registry/gata_category_columns.csv: " -%}
  {%- set categories = reg.connectors.values() | map(attribute='category') | unique | list -%}
  {%- for key, rows in reg.category_columns | dictsort -%}
    {%- set category, entity = key.split('.', 1) -%}
    {%- if category not in categories -%}{%- do errors.append(at ~ key ~ ": no connector of category '" ~ category ~ "'") -%}{%- endif -%}
    {%- if entity not in reg.entities -%}{%- do errors.append(at ~ key ~ ": unknown entity '" ~ entity ~ "' (gata_entities.csv)") -%}{%- endif -%}
    {%- set seen = [] -%}
    {%- for r in rows -%}
      {%- if not modules.re.fullmatch('[a-z][a-z0-9_]*', r.column) or r.column in seen -%}
        {%- do errors.append(at ~ key ~ ": column '" ~ r.column ~ "' is not a lower-case identifier or is listed twice") -%}
      {%- endif -%}
      {%- do seen.append(r.column) -%}
      {%- if not gata._engine_is_type(r.data_type) -%}
        {%- do errors.append(at ~ key ~ "." ~ r.column ~ ": data_type '" ~ r.data_type ~ "' is not a plain type name") -%}
      {%- endif -%}
      {%- if r.required not in ['true', 'false'] -%}
        {%- do errors.append(at ~ key ~ "." ~ r.column ~ ": required is '" ~ r.required ~ "' (true or false)") -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- for okey, o in reg.objects | dictsort if o.connector in reg.connectors -%}
    {%- set category = reg.connectors[o.connector].category -%}
    {%- set provided = {} -%}
    {%- for f in reg.fields.get(okey, []) -%}{%- do provided.update({f.column: f.data_type}) -%}{%- endfor -%}
    {%- for r in reg.category_columns.get(category ~ '.' ~ o.entity, []) -%}
      {%- set where = "connector '" ~ o.connector ~ "', object '" ~ o.object ~ "' (entity " ~ o.entity ~ ", category " ~ category ~ "): column '" ~ r.column ~ "'" -%}
      {%- if r.column not in provided and r.required == 'true' -%}
        {%- do errors.append("seeds/registry/gata_fields.csv: " ~ where ~ " is required by gata_category_columns.csv but missing") -%}
      {%- elif r.column in provided and provided[r.column] != r.data_type -%}
        {%- do errors.append("seeds/registry/gata_fields.csv: " ~ where ~ " is " ~ provided[r.column] ~ "; gata_category_columns.csv says " ~ r.data_type) -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
  {{- return(errors) -}}
{%- endmacro %}

{#- Every mart has an engine macro (gata.mart_<mart>) and an output contract (gata_mart_columns.csv: the
    columns phase 5 declares, with types dbt enforces), holding its grain; every contract row names a
    known mart, a lower-case column (once) and a plain type. -#}
{% macro validate_mart_contracts(reg) -%}
  {%- set errors = [] -%}
  {%- set at = "seeds/registry/gata_mart_columns.csv: " -%}
  {%- for m in reg.marts -%}
    {%- set columns = reg.mart_columns.get(m.mart, []) | map(attribute='column') | list -%}
    {%- for option in (m.get('options') or '').split('|') if option and not modules.re.fullmatch('[a-z][a-z0-9_]*', option) -%}
      {%- do errors.append("seeds/registry/gata_marts.csv: mart '" ~ m.mart ~ "': option '" ~ option ~ "' is not a lower-case identifier (options: names separated by '|')") -%}
    {%- endfor -%}
    {%- if gata.get('mart_' ~ m.mart) is none -%}
      {%- do errors.append("seeds/registry/gata_marts.csv: mart '" ~ m.mart ~ "': no mart macro gata.mart_" ~ m.mart ~ " (macros/platform/marts/)") -%}
    {%- endif -%}
    {%- if not columns -%}
      {%- do errors.append(at ~ "mart '" ~ m.mart ~ "': no contract columns (one row per output column: mart, column, data_type, description)") -%}
    {%- endif -%}
    {%- for col in (m.get('grain') or '').split('|') if columns and col not in columns -%}
      {%- do errors.append(at ~ "mart '" ~ m.mart ~ "': grain column '" ~ col ~ "' (gata_marts.csv) is not a contract column") -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- set marts = reg.marts | map(attribute='mart') | list -%}
  {%- for mart, rows in reg.mart_columns | dictsort -%}
    {%- if mart not in marts -%}{%- do errors.append(at ~ "mart '" ~ mart ~ "': not in gata_marts.csv") -%}{%- endif -%}
    {%- set seen = [] -%}
    {%- set options = (reg.marts | selectattr('mart', 'equalto', mart) | map(attribute='options') | first or '').split('|') -%}
    {%- for r in rows -%}
      {#- `{<option>}` in a name: one column per value of an option the mart takes -#}
      {%- set placeholder = modules.re.search('[{]([a-z_]+)[}]', r.column) -%}
      {%- if not modules.re.fullmatch('[a-z][a-z0-9_]*([{][a-z_]+[}][a-z0-9_]*)?', r.column) or r.column in seen -%}
        {%- do errors.append(at ~ "mart '" ~ mart ~ "': column '" ~ r.column ~ "' is not a lower-case identifier or is listed twice") -%}
      {%- elif placeholder and placeholder.group(1) not in options -%}
        {%- do errors.append(at ~ "mart '" ~ mart ~ "': column '" ~ r.column ~ "' names option '" ~ placeholder.group(1) ~ "', which the mart does not take (gata_marts.csv options)") -%}
      {%- endif -%}
      {%- do seen.append(r.column) -%}
      {%- if not gata._engine_is_type(r.data_type) -%}
        {%- do errors.append(at ~ "mart '" ~ mart ~ "': column '" ~ r.column ~ "': data_type '" ~ r.data_type ~ "' is not a plain type name (e.g. varchar, decimal(18,2))") -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
  {{- return(errors) -}}
{%- endmacro %}
