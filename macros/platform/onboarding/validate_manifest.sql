{#- Phase 1 checks. Each returns a list of messages (empty = fine); nothing here touches the
    warehouse except read-only information_schema queries. Every message starts with
    "tenants.yaml: tenant '<slug>': <field path>: ..." so an analyst can find the line. -#}

{% macro manifest_tenant_keys() -%}{{- return(['business_name', 'slug', 'sources', 'status']) -}}{%- endmacro %}
{% macro manifest_source_keys() -%}{{- return(['enabled', 'generation', 'objects', 'tables']) -}}{%- endmacro %}
{% macro manifest_statuses() -%}{{- return(['active', 'paused', 'offboarded']) -}}{%- endmacro %}
{#- Schemas no tenant may claim (shared vault, platform metadata, DuckDB's own). -#}
{% macro reserved_schemas() -%}{{- return(['gata_meta', 'information_schema', 'main', 'pg_catalog', 'vault']) -}}{%- endmacro %}

{#- Label used in messages: the slug when it is a string, else the list position. -#}
{% macro manifest_tenant_label(t, index) -%}
  {%- if t is mapping and t.get('slug') is string -%}{{- return("tenant '" ~ t.slug ~ "'") -}}{%- endif -%}
  {{- return('tenants[' ~ index ~ ']') -}}
{%- endmacro %}

{% macro yaml_repr(value) -%}{{- return(value | tojson if value is string else value | string) -}}{%- endmacro %}

{#- A real list (YAML sequence), not a string or a mapping. -#}
{% macro is_list(value) -%}
  {{- return(value is sequence and value is not string and value is not mapping) -}}
{%- endmacro %}


{#- The whole manifest: structure, every tenant, duplicate slugs, colliding schema names. -#}
{% macro validate_manifest(manifest, reg) -%}
  {%- set errors = [] -%}
  {%- if manifest is not mapping or not gata.is_list(manifest.get('tenants')) -%}
    {%- do errors.append("tenants.yaml: tenants: the file must have a top-level list `tenants:`") -%}
    {{- return(errors) -}}
  {%- endif -%}
  {%- for key in manifest.keys() | map('string') | sort if key != 'tenants' -%}
    {%- do errors.append("tenants.yaml: " ~ key ~ ": unknown top-level key (allowed: tenants)") -%}
  {%- endfor -%}
  {%- set first_index = {} -%}
  {%- set schema_owner = {} -%}
  {%- for t in manifest.tenants -%}
    {%- set label = gata.manifest_tenant_label(t, loop.index0) -%}
    {%- do errors.extend(gata.validate_manifest_tenant(t, label, reg)) -%}
    {%- if t is mapping and gata.is_valid_slug(t.get('slug')) -%}
      {%- if t.slug in first_index -%}
        {%- do errors.append("tenants.yaml: " ~ label ~ ": slug: duplicate slug (tenants[" ~ first_index[t.slug] ~ "] and tenants[" ~ loop.index0 ~ "])") -%}
      {%- else -%}
        {%- do first_index.update({t.slug: loop.index0}) -%}
        {%- do errors.extend(gata.claim_tenant_schemas(t, label, schema_owner)) -%}
      {%- endif -%}
    {%- endif -%}
  {%- endfor -%}
  {{- return(errors) -}}
{%- endmacro %}


{#- Every schema a tenant's data lives in must belong to that tenant alone: its raw datasets
    (and dlt's `<dataset>_staging`), its staging and marts schemas. `schema_owner` collects
    claims across tenants (schema -> description of the owner). -#}
{% macro claim_tenant_schemas(t, label, schema_owner) -%}
  {%- set errors = [] -%}
  {%- set claims = [(gata.staging_schema_name(t.slug), 'staging schema'), (gata.marts_schema_name(t.slug), 'marts schema')] -%}
  {%- if t.get('sources') is mapping -%}
    {%- for c in t.sources.keys() | map('string') | sort -%}
      {%- set raw = gata.raw_schema_name(t.slug, c) -%}
      {%- do claims.append((raw, 'raw dataset of sources.' ~ c)) -%}
      {%- do claims.append((raw ~ '_staging', 'dlt staging dataset of sources.' ~ c)) -%}
    {%- endfor -%}
  {%- endif -%}
  {%- for schema, what in claims -%}
    {%- if schema in gata.reserved_schemas() -%}
      {%- do errors.append("tenants.yaml: " ~ label ~ ": slug: its " ~ what ~ " '" ~ schema ~ "' is a reserved schema name") -%}
    {%- elif schema in schema_owner -%}
      {%- do errors.append("tenants.yaml: " ~ label ~ ": slug: its " ~ what ~ " '" ~ schema ~ "' is also the " ~ schema_owner[schema]) -%}
    {%- else -%}
      {%- do schema_owner.update({schema: what ~ ' of ' ~ label}) -%}
    {%- endif -%}
  {%- endfor -%}
  {{- return(errors) -}}
{%- endmacro %}


{#- One tenant entry: required fields, their types, and each source against the registry. -#}
{% macro validate_manifest_tenant(t, label, reg) -%}
  {%- set errors = [] -%}
  {%- set at = "tenants.yaml: " ~ label ~ ": " -%}
  {%- if t is not mapping -%}
    {%- do errors.append(at ~ "must be a mapping with keys " ~ gata.manifest_tenant_keys() | join(', ')) -%}
    {{- return(errors) -}}
  {%- endif -%}
  {%- for key in t.keys() | map('string') | sort if key not in gata.manifest_tenant_keys() -%}
    {%- do errors.append(at ~ key ~ ": unknown key (allowed: " ~ gata.manifest_tenant_keys() | join(', ') ~ ")") -%}
  {%- endfor -%}
  {#- slug -#}
  {%- if t.get('slug') is none -%}
    {%- do errors.append(at ~ "slug: required field is missing") -%}
  {%- elif t.slug is not string -%}
    {%- do errors.append(at ~ "slug: must be a string (got " ~ gata.yaml_repr(t.slug) ~ ")") -%}
  {%- elif not gata.is_valid_slug(t.slug) -%}
    {%- do errors.append(at ~ "slug: '" ~ t.slug ~ "' is not a valid slug (must match " ~ gata.slug_pattern()
        ~ ", contain no '__' and not end with '_')") -%}
  {%- endif -%}
  {#- business_name -#}
  {%- if t.get('business_name') is none -%}
    {%- do errors.append(at ~ "business_name: required field is missing") -%}
  {%- elif t.business_name is not string or t.business_name | trim == '' -%}
    {%- do errors.append(at ~ "business_name: must be a non-empty string (got " ~ gata.yaml_repr(t.business_name) ~ ")") -%}
  {%- endif -%}
  {#- status -#}
  {%- if t.get('status') is none -%}
    {%- do errors.append(at ~ "status: required field is missing (one of " ~ gata.manifest_statuses() | join(', ') ~ ")") -%}
  {%- elif t.status is not string or t.status not in gata.manifest_statuses() -%}
    {%- do errors.append(at ~ "status: " ~ gata.yaml_repr(t.status) ~ " is not one of " ~ gata.manifest_statuses() | join(', ')) -%}
  {%- endif -%}
  {#- sources -#}
  {%- if t.get('sources') is none -%}
    {%- do errors.append(at ~ "sources: required field is missing (a mapping of connector name to settings)") -%}
  {%- elif t.sources is not mapping -%}
    {%- do errors.append(at ~ "sources: must be a mapping of connector name to settings") -%}
  {%- elif t.sources | length == 0 -%}
    {%- do errors.append(at ~ "sources: must name at least one connector") -%}
  {%- else -%}
    {%- for c in t.sources.keys() | map('string') | sort -%}
      {%- do errors.extend(gata.validate_manifest_source(c, t.sources[c], at, reg)) -%}
    {%- endfor -%}
  {%- endif -%}
  {{- return(errors) -}}
{%- endmacro %}


{#- One `sources.<connector>` entry. -#}
{% macro validate_manifest_source(c, s, at, reg) -%}
  {%- set errors = [] -%}
  {%- set path = at ~ "sources." ~ c -%}
  {%- if c not in reg.connectors -%}
    {%- do errors.append(path ~ ": unknown connector '" ~ c ~ "' (known: " ~ reg.connectors.keys() | sort | join(', ') ~ ")") -%}
    {{- return(errors) -}}
  {%- endif -%}
  {%- if s is not mapping -%}
    {%- do errors.append(path ~ ": must be a mapping with keys " ~ gata.manifest_source_keys() | join(', ')) -%}
    {{- return(errors) -}}
  {%- endif -%}
  {%- for key in s.keys() | map('string') | sort if key not in gata.manifest_source_keys() -%}
    {%- do errors.append(path ~ "." ~ key ~ ": unknown key (allowed: " ~ gata.manifest_source_keys() | join(', ') ~ ")") -%}
  {%- endfor -%}
  {%- if 'enabled' in s and s.enabled is not boolean -%}
    {%- do errors.append(path ~ ".enabled: must be true or false (got " ~ gata.yaml_repr(s.enabled) ~ ")") -%}
  {%- endif -%}
  {#- objects (alias tables) -#}
  {%- if 'objects' in s and 'tables' in s -%}
    {%- do errors.append(path ~ ": give either objects or tables (an alias), not both") -%}
  {%- endif -%}
  {%- set list_key = 'tables' if ('tables' in s and 'objects' not in s) else 'objects' -%}
  {%- set objects = s.get(list_key) -%}
  {%- if list_key in s and not gata.is_list(objects) -%}
    {%- do errors.append(path ~ "." ~ list_key ~ ": must be a list of object names (got " ~ gata.yaml_repr(objects) ~ ")") -%}
  {%- elif list_key in s and objects | length == 0 -%}
    {%- do errors.append(path ~ "." ~ list_key ~ ": lists no object (name at least one, or set enabled: false)") -%}
  {%- elif list_key in s -%}
    {%- set known = reg.objects_of.get(c, []) -%}
    {%- set seen = [] -%}
    {%- for o in objects -%}
      {%- set opath = path ~ "." ~ list_key ~ "[" ~ loop.index0 ~ "]" -%}
      {%- if o is not string -%}
        {%- do errors.append(opath ~ ": must be an object name (got " ~ gata.yaml_repr(o) ~ ")") -%}
      {%- elif o not in known -%}
        {%- do errors.append(opath ~ ": unknown object '" ~ o ~ "' for connector '" ~ c ~ "' (known: " ~ known | join(', ') ~ ")") -%}
      {%- elif o in seen -%}
        {%- do errors.append(opath ~ ": object '" ~ o ~ "' is listed twice") -%}
      {%- else -%}
        {%- do seen.append(o) -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endif -%}
  {#- generation -#}
  {%- if 'generation' in s -%}
    {%- if s.generation is not mapping -%}
      {%- do errors.append(path ~ ".generation: must be a mapping of parameter to value") -%}
    {%- else -%}
      {%- set params = reg.generation.get(c, {}) -%}
      {%- for p in s.generation.keys() | map('string') | sort -%}
        {%- if p not in params -%}
          {%- do errors.append(path ~ ".generation." ~ p ~ ": unknown parameter '" ~ p ~ "' for connector '" ~ c ~ "' (known: " ~ params.keys() | sort | join(', ') ~ ")") -%}
        {%- else -%}
          {%- set problem = gata.generation_value_problem(s.generation[p], params[p]) -%}
          {%- if problem -%}{%- do errors.append(path ~ ".generation." ~ p ~ ": " ~ problem) -%}{%- endif -%}
        {%- endif -%}
      {%- endfor -%}
    {%- endif -%}
  {%- endif -%}
  {{- return(errors) -}}
{%- endmacro %}


{#- '' when `value` fits the gata_generation row (data_type integer|number|date|string|boolean,
    optional minimum), else what is wrong. -#}
{% macro generation_value_problem(value, spec) -%}
  {%- set t = spec.data_type -%}
  {%- set got = " (got " ~ gata.yaml_repr(value) ~ ")" -%}
  {%- if t in ('integer', 'number') -%}
    {%- set ok_type = (value is integer) if t == 'integer' else (value is number and value is not boolean) -%}
    {%- if not ok_type -%}{{- return("must be " ~ ("an integer" if t == 'integer' else "a number") ~ got) -}}{%- endif -%}
    {%- if spec.minimum != '' and value < (spec.minimum | float) -%}{{- return("must be >= " ~ spec.minimum ~ got) -}}{%- endif -%}
  {%- elif t == 'date' -%}
    {#- YAML turns an unquoted 2026-11-01 into a date; a quoted one stays a string. -#}
    {%- set text = value.isoformat() if (value is not string and value.isoformat is defined) else value -%}
    {%- set m = modules.re.match('^(\\d{4})-(\\d{2})-(\\d{2})$', text) if text is string else none -%}
    {%- if m is none or not (1 <= (m.group(2) | int) <= 12) or not (1 <= (m.group(3) | int) <= 31) -%}
      {{- return("must be a date YYYY-MM-DD" ~ got) -}}
    {%- endif -%}
  {%- elif t == 'string' and value is not string -%}
    {{- return("must be a string" ~ got) -}}
  {%- elif t == 'boolean' and value is not boolean -%}
    {{- return("must be true or false" ~ got) -}}
  {%- endif -%}
  {{- return('') -}}
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
    {slug, business_name, status, sources: [{connector, category, raw_schema, objects: [{object, index, list_key}]}]}
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
    {%- do sources.append({'connector': c, 'category': reg.connectors[c].category,
                           'raw_schema': gata.raw_schema_name(entry.slug, c),
                           'objects': objects | sort(attribute='object')}) -%}
  {%- endfor -%}
  {{- return({'slug': entry.slug, 'business_name': entry.business_name, 'status': entry.status, 'sources': sources}) -}}
{%- endmacro %}


{#- The resolved tenant against the warehouse: each enabled connector's raw dataset exists and
    holds every raw table its enabled objects read. Read-only (information_schema). -#}
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
        {%- for raw_table in gata.object_raw_tables(reg, s.connector, o.object) if raw_table not in tables[s.raw_schema] -%}
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
  {%- set ident = '^[a-z][a-z0-9_]*$' -%}
  {%- for key, o in reg.objects | dictsort -%}
    {%- set at = "seeds/registry/gata_objects.csv: " ~ key ~ ": " -%}
    {%- for col in ['connector', 'object', 'raw_table', 'entity'] if not modules.re.match(ident, o[col]) -%}
      {%- do errors.append(at ~ col ~ " '" ~ o[col] ~ "' is not a lower-case identifier") -%}
    {%- endfor -%}
    {%- if '__' in o.connector or '__' in o.object -%}{%- do errors.append(at ~ "connector and object names may not contain '__'") -%}{%- endif -%}
    {%- if o.connector not in reg.connectors -%}{%- do errors.append(at ~ "unknown connector '" ~ o.connector ~ "'") -%}{%- endif -%}
    {%- if o.entity not in reg.entities -%}{%- do errors.append(at ~ "unknown entity '" ~ o.entity ~ "'") -%}{%- endif -%}
    {%- if o.parent_object and (o.connector ~ '.' ~ o.parent_object) not in reg.objects -%}
      {%- do errors.append(at ~ "unknown parent_object '" ~ o.parent_object ~ "'") -%}
    {%- endif -%}
    {%- for ref in reg.references.get(key, []) if ref not in reg.entities or not modules.re.match(ident, ref) -%}
      {%- do errors.append("seeds/registry/gata_relationships.csv: " ~ key ~ ": unknown entity '" ~ ref ~ "'") -%}
    {%- endfor -%}
    {%- for f in reg.fields.get(key, []) if f.child_table and not modules.re.match(ident, f.child_table) -%}
      {%- do errors.append("seeds/registry/gata_fields.csv: " ~ key ~ "." ~ f.column ~ ": child_table '" ~ f.child_table ~ "' is not a lower-case identifier") -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- for m in reg.marts if not modules.re.match(ident, m.mart) or m.category not in (reg.connectors.values() | map(attribute='category') | list) -%}
    {%- do errors.append("seeds/registry/gata_marts.csv: mart '" ~ m.mart ~ "': not a lower-case identifier or no connector of category '" ~ m.category ~ "'") -%}
  {%- endfor -%}
  {#- the grain becomes the mart's uniqueness test (_<slug>__marts.yml): '|'-separated column names -#}
  {%- for m in reg.marts -%}
    {%- for col in (m.get('grain') or '').split('|') if not modules.re.match(ident, col) -%}
      {%- do errors.append("seeds/registry/gata_marts.csv: mart '" ~ m.mart ~ "': grain column '" ~ col ~ "' is not a lower-case identifier (grain: columns separated by '|')") -%}
    {%- endfor -%}
  {%- endfor -%}
  {{- return(errors) -}}
{%- endmacro %}
