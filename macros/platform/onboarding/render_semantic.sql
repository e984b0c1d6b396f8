{#- Onboarding phase 5, the semantic layer: `_<slug>__semantic.yml`, MetricFlow semantic models over
    the tenant's marts and the tenant's metrics, from two registry files (docs/ARCHITECTURE.md):
    seeds/registry/gata_mart_semantics.csv (per mart: entities, dimensions, measures) and
    seeds/registry/gata_metrics.csv (simple metrics on a measure, ratio metrics of two metrics).
    MetricFlow names may not contain '__' and must be unique in the whole project, so every name a
    tenant defines (semantic model, entity, measure, metric) is `<slug>_<registry name>`
    (gata.semantic_name); entities are per tenant, so MetricFlow never joins two tenants' rows.
    Dimension names stay plain: MetricFlow qualifies them by entity (`acme_order__currency`). -#}

{% macro semantic_yml_path(slug) -%}{{- return(gata.tenant_dir(slug) ~ '/' ~ gata.semantic_yml_name(slug)) -}}{%- endmacro %}

{#- Registry metrics the tenant gets: those whose measures all live in marts the tenant has (ROAS needs
    orders and ad delivery). `mart_names`: the tenant's marts. -> metric rows, registry order. -#}
{% macro tenant_metrics(reg, mart_names) -%}
  {%- set measure_mart = {} -%}
  {%- for r in reg.semantics if r.kind == 'measure' -%}{%- do measure_mart.update({r.name: r.mart}) -%}{%- endfor -%}
  {%- set needs = {} -%}
  {%- set out = [] -%}
  {%- for m in reg.metrics -%}
    {%- if m.type == 'simple' -%}
      {%- do needs.update({m.metric: [measure_mart.get(m.measure)]}) -%}
    {%- else -%}
      {%- do needs.update({m.metric: needs.get(m.numerator, [none]) + needs.get(m.denominator, [none])}) -%}
    {%- endif -%}
    {%- if needs[m.metric] | reject('in', mart_names) | list | length == 0 -%}{%- do out.append(m) -%}{%- endif -%}
  {%- endfor -%}
  {{- return(out) -}}
{%- endmacro %}

{#- Pure: (resolved tenant, registry) -> {`_<slug>__semantic.yml`: text}, or {} when the tenant has no
    mart with semantics. Semantic models and metrics sorted by name, elements in registry order. -#}
{% macro render_semantic_yml(cfg, reg) -%}
  {%- set slug = cfg.slug -%}
  {%- set marts = gata.tenant_marts(cfg, reg) -%}
  {%- set lines = [gata.generated_header('#'), 'version: 2', '', 'semantic_models:'] -%}
  {%- set modelled = [] -%}
  {%- for mart in marts -%}
    {%- set rows = reg.semantics | selectattr('mart', 'equalto', mart.mart) | list -%}
    {%- if rows -%}
      {%- do modelled.append(mart.mart) -%}
      {%- do lines.extend(['  - name: ' ~ gata.semantic_name(slug, mart.mart),
                           '    description: ' ~ gata.yaml_quoted(mart.description),
                           "    model: ref('" ~ gata.mart_model_name(slug, mart.mart) ~ "')"]) -%}
      {%- if rows | selectattr('kind', 'equalto', 'measure') | list -%}
        {%- set time = rows | selectattr('kind', 'equalto', 'dimension') | selectattr('type', 'equalto', 'time') | first -%}
        {%- do lines.extend(['    defaults:', '      agg_time_dimension: ' ~ time.name]) -%}
      {%- endif -%}
      {%- for kind, key in [('entity', 'entities'), ('dimension', 'dimensions'), ('measure', 'measures')] -%}
        {%- set elements = rows | selectattr('kind', 'equalto', kind) | list -%}
        {%- if elements -%}{%- do lines.append('    ' ~ key ~ ':') -%}{%- endif -%}
        {%- for e in elements -%}
          {%- do lines.extend(['      - name: ' ~ (e.name if kind == 'dimension' else gata.semantic_name(slug, e.name)),
                               '        description: ' ~ gata.yaml_quoted(e.description),
                               '        ' ~ ('agg' if kind == 'measure' else 'type') ~ ': ' ~ e.type,
                               '        expr: ' ~ gata.yaml_quoted(e.expr)]) -%}
          {%- if kind == 'dimension' and e.type == 'time' -%}
            {%- do lines.extend(['        type_params:', '          time_granularity: day']) -%}
          {%- endif -%}
        {%- endfor -%}
      {%- endfor -%}
    {%- endif -%}
  {%- endfor -%}
  {%- if not modelled -%}{{- return({}) -}}{%- endif -%}
  {%- set metrics = gata.tenant_metrics(reg, modelled) -%}
  {%- if metrics -%}{%- do lines.extend(['', 'metrics:']) -%}{%- endif -%}
  {%- for m in metrics | sort(attribute='metric') -%}
    {#- labels must be unique across the project's metrics too -#}
    {%- do lines.extend(['  - name: ' ~ gata.semantic_name(slug, m.metric),
                         '    label: ' ~ gata.yaml_quoted(m.label ~ ' (' ~ slug ~ ')'),
                         '    description: ' ~ gata.yaml_quoted(m.description),
                         '    type: ' ~ m.type, '    type_params:']) -%}
    {%- if m.type == 'simple' -%}
      {%- do lines.append('      measure: ' ~ gata.semantic_name(slug, m.measure)) -%}
    {%- else -%}
      {%- do lines.extend(['      numerator: ' ~ gata.semantic_name(slug, m.numerator),
                           '      denominator: ' ~ gata.semantic_name(slug, m.denominator)]) -%}
    {%- endif -%}
  {%- endfor -%}
  {{- return({gata.semantic_yml_path(slug): gata.file_text(lines)}) -}}
{%- endmacro %}


{#- `<slug>_<name>` may equal a name of another tenant (slug `acme_gross` with metric `revenue`, slug
    `acme` with metric `gross_revenue`), and dbt would then refuse to parse the whole project. -> one
    error per name of this tenant's new semantic file (`text`) that another tenant's file on disk
    already uses, or that is used as two kinds of element. Dimensions may share a name. -#}
{% macro semantic_name_clashes(slug, text) -%}
  {%- set files = gata.read_project_glob('models/tenants/*/_*__semantic.yml') -%}
  {%- set seen = {} -%}
  {%- set errors = [] -%}
  {%- set own = gata.semantic_yml_path(slug) -%}
  {#- only another file that holds one of this file's names as text can clash with it: the others are not
      parsed (at 200 tenants, parsing every file was a second of each onboarding) -#}
  {%- set own_names = gata.semantic_names(fromyaml(text)) | map(attribute=1) | unique | list -%}
  {%- set escaped = [] -%}
  {%- for n in own_names -%}{%- do escaped.append(modules.re.escape(n)) -%}{%- endfor -%}
  {%- set any_own_name = modules.re.compile(escaped | join('|') if escaped else '(?!)') -%}
  {%- set others = [] -%}
  {%- for rel in files.keys() | reject('equalto', own) | sort if any_own_name.search(files[rel]) -%}
    {%- do others.append(rel) -%}
  {%- endfor -%}
  {%- for rel in others + [own] -%}
    {%- set doc = fromyaml(text if rel == own else files[rel]) -%}
    {%- for ns, name, kind in gata.semantic_names(doc) -%}
      {%- set key = ns ~ ':' ~ name -%}
      {%- set prior = seen.get(key) -%}
      {%- if prior is none -%}
        {%- do seen.update({key: {'kind': kind, 'rel': rel}}) -%}
      {%- elif rel == own and (prior.kind != kind or (prior.rel != rel and kind != 'dimension')) -%}
        {%- do errors.append("tenant '" ~ slug ~ "': " ~ own ~ ": " ~ kind ~ " '" ~ name ~ "' has the name of a " ~ prior.kind
                             ~ " in " ~ prior.rel ~ " (MetricFlow names are <slug>_<registry name> and must be unique in the project: choose another slug)") -%}
      {%- endif -%}
    {%- endfor -%}
  {%- endfor -%}
  {{- return(errors | unique | list) -}}
{%- endmacro %}

{#- [(namespace, name, kind)] defined by a semantic properties file (a parsed dict; none or a stub: []). -#}
{% macro semantic_names(doc) -%}
  {%- set out = [] -%}
  {%- if doc is mapping -%}
    {%- for sm in doc.get('semantic_models') or [] -%}
      {%- do out.append(('semantic_model', sm.name, 'semantic model')) -%}
      {%- for kind, key in [('entity', 'entities'), ('dimension', 'dimensions'), ('measure', 'measures')] -%}
        {%- for e in sm.get(key) or [] -%}{%- do out.append(('element', e.name, kind)) -%}{%- endfor -%}
      {%- endfor -%}
    {%- endfor -%}
    {%- for m in doc.get('metrics') or [] -%}{%- do out.append(('metric', m.name, 'metric')) -%}{%- endfor -%}
  {%- endif -%}
  {{- return(out) -}}
{%- endmacro %}


{#- The two registry files, checked before anything is rendered (called by gata.validate_registry).
    Names follow MetricFlow's rule (lower case, digits, single underscores, not ending in '_');
    expressions are SQL over the mart's columns: no ';', comments, double quotes or braces. -#}
{% macro validate_semantic_registry(reg) -%}
  {%- set errors = [] -%}
  {%- set name_re = '[a-z][a-z0-9]*(_[a-z0-9]+)*' -%}
  {%- set expr_re = "[a-z0-9_ ,'|()<>=.+*/-]+" -%}
  {%- set types = {'entity': ['foreign', 'primary', 'unique'], 'dimension': ['categorical', 'time'],
                   'measure': ['average', 'count', 'count_distinct', 'max', 'min', 'sum']} -%}
  {#- names MetricFlow reserves, and SQL keywords it refuses as a dimension name (dimensions keep their plain name) -#}
  {%- set reserved = ['metric_time', 'mf_internal_uuid', 'nanosecond', 'microsecond', 'millisecond', 'second', 'minute', 'hour',
                      'day', 'week', 'month', 'quarter', 'year', 'and', 'as', 'create', 'distinct', 'for', 'from', 'full',
                      'having', 'in', 'inner', 'into', 'is', 'join', 'left', 'like', 'natural', 'not', 'null', 'on', 'or',
                      'right', 'select', 'union', 'using', 'where', 'with'] -%}
  {%- set marts = reg.marts | map(attribute='mart') | list -%}
  {%- set file = 'seeds/registry/gata_mart_semantics.csv: ' -%}
  {%- set seen = [] -%}
  {%- set measures = [] -%}
  {%- set primary_of = {} -%}
  {%- for r in reg.semantics -%}
    {%- set at = file ~ r.mart ~ '.' ~ r.name ~ ': ' -%}
    {%- if r.mart not in marts -%}{%- do errors.append(at ~ "unknown mart '" ~ r.mart ~ "' (not in gata_marts.csv)") -%}{%- endif -%}
    {%- if not modules.re.fullmatch(name_re, r.name) -%}
      {%- do errors.append(at ~ "name '" ~ r.name ~ "' is not a MetricFlow name (" ~ name_re ~ ")") -%}
    {%- endif -%}
    {%- if r.kind not in types -%}
      {%- do errors.append(at ~ "kind '" ~ r.kind ~ "' is not one of " ~ types.keys() | sort | join(', ')) -%}
    {%- elif r.type not in types[r.kind] -%}
      {%- do errors.append(at ~ "type '" ~ r.type ~ "' of a " ~ r.kind ~ " is not one of " ~ types[r.kind] | join(', ')) -%}
    {%- endif -%}
    {%- if not modules.re.fullmatch(expr_re, r.expr) or '--' in r.expr or '/*' in r.expr -%}
      {%- do errors.append(at ~ "expr '" ~ r.expr ~ "' is not a plain SQL expression over the mart's columns") -%}
    {%- endif -%}
    {%- if r.kind == 'dimension' and r.name in reserved -%}{%- do errors.append(at ~ "dimension name '" ~ r.name ~ "' is reserved by MetricFlow or SQL") -%}{%- endif -%}
    {%- if (r.mart ~ '.' ~ r.name) in seen -%}{%- do errors.append(at ~ "defined twice for the mart") -%}{%- endif -%}
    {%- do seen.append(r.mart ~ '.' ~ r.name) -%}
    {%- if r.kind == 'measure' -%}
      {%- if r.name in measures -%}{%- do errors.append(at ~ "measure '" ~ r.name ~ "' is defined for another mart too (measure names are unique)") -%}{%- endif -%}
      {%- do measures.append(r.name) -%}
    {%- endif -%}
    {%- if r.kind == 'entity' and r.type == 'primary' -%}
      {%- if r.name in primary_of and primary_of[r.name] != r.mart -%}
        {%- do errors.append(at ~ "entity '" ~ r.name ~ "' is the primary entity of mart " ~ primary_of[r.name] ~ " already") -%}
      {%- endif -%}
      {%- do primary_of.update({r.name: r.mart}) -%}
    {%- endif -%}
  {%- endfor -%}
  {%- for mart in reg.semantics | map(attribute='mart') | unique | sort -%}
    {%- set rows = reg.semantics | selectattr('mart', 'equalto', mart) | list -%}
    {%- set n_primary = rows | selectattr('kind', 'equalto', 'entity') | selectattr('type', 'equalto', 'primary') | list | length -%}
    {%- set n_time = rows | selectattr('kind', 'equalto', 'dimension') | selectattr('type', 'equalto', 'time') | list | length -%}
    {%- if not modules.re.fullmatch(name_re, mart) -%}{%- do errors.append(file ~ mart ~ ": the mart's name is not a MetricFlow name (" ~ name_re ~ ")") -%}{%- endif -%}
    {%- if n_primary != 1 -%}{%- do errors.append(file ~ mart ~ ": needs exactly one primary entity (has " ~ n_primary ~ ")") -%}{%- endif -%}
    {%- if n_time > 1 or (n_time == 0 and rows | selectattr('kind', 'equalto', 'measure') | list) -%}
      {%- do errors.append(file ~ mart ~ ": needs exactly one time dimension when it has measures, at most one otherwise (has " ~ n_time ~ ")") -%}
    {%- endif -%}
  {%- endfor -%}
  {%- set file = 'seeds/registry/gata_metrics.csv: ' -%}
  {%- set metrics = [] -%}
  {%- for m in reg.metrics -%}
    {%- set at = file ~ m.metric ~ ': ' -%}
    {#- dbt allows 250 characters; <slug>_ takes up to 64 -#}
    {%- if not modules.re.fullmatch(name_re, m.metric) or m.metric | length > 180 -%}
      {%- do errors.append(at ~ "metric name '" ~ m.metric ~ "' is not a MetricFlow name (" ~ name_re ~ ", at most 180 characters)") -%}
    {%- endif -%}
    {%- if m.metric in metrics -%}{%- do errors.append(at ~ "defined twice") -%}{%- endif -%}
    {%- if not m.label -%}{%- do errors.append(at ~ "label is empty") -%}{%- endif -%}
    {%- if m.type == 'simple' -%}
      {%- if m.measure not in measures or m.numerator or m.denominator -%}
        {%- do errors.append(at ~ "a simple metric names one measure of gata_mart_semantics.csv (measure '" ~ m.measure ~ "') and no numerator or denominator") -%}
      {%- endif -%}
    {%- elif m.type == 'ratio' -%}
      {%- if m.measure or m.numerator not in metrics or m.denominator not in metrics -%}
        {%- do errors.append(at ~ "a ratio metric names no measure, and a numerator and a denominator metric defined on earlier rows (numerator '"
                             ~ m.numerator ~ "', denominator '" ~ m.denominator ~ "')") -%}
      {%- endif -%}
    {%- else -%}
      {%- do errors.append(at ~ "type '" ~ m.type ~ "' is not one of ratio, simple") -%}
    {%- endif -%}
    {%- do metrics.append(m.metric) -%}
  {%- endfor -%}
  {{- return(errors) -}}
{%- endmacro %}
