{#- Phase 3: a mapped raw column that dlt never created (no load had a value for it) is read as a
    typed NULL by the object's src_* model (gata.src_object). Say so at onboarding, once per column,
    naming tenant, connector, object, raw table and column. Merge-key columns are not listed:
    src_object refuses to build without them. Likewise once per object and nested table dlt has not
    created yet (unloaded_raw_tables): read as empty. -> the warning texts, sorted. -#}
{% macro warn_missing_raw_columns(cfg, reg, columns) -%}
  {%- set have = {} -%}
  {%- for c in columns -%}{%- do have.setdefault(c.table_schema ~ '.' ~ c.table_name, []).append(c.column_name | lower) -%}{%- endfor -%}
  {%- set out = [] -%}
  {%- for s in cfg.sources -%}
    {%- for o in s.objects -%}
      {%- set obj = reg.objects[s.connector ~ '.' ~ o.object] -%}
      {%- set parent_obj = reg.objects.get(s.connector ~ '.' ~ obj.parent_object, {}) -%}
      {%- for f in reg.fields.get(s.connector ~ '.' ~ o.object, []) if f.source != 'constant' -%}
        {%- for r in gata._engine_field_raw_columns(f, obj, parent_obj) if not r.required -%}
          {%- set cols = have.get(s.raw_schema ~ '.' ~ r.table) -%}
          {%- set text = "tenant '" ~ cfg.slug ~ "', connector '" ~ s.connector ~ "', object '" ~ o.object
                         ~ "': raw column '" ~ r.column ~ "' is missing from " ~ s.raw_schema ~ "." ~ r.table
                         ~ "; " ~ gata.src_model_name(cfg.slug, s.connector, o.object) ~ " reads '" ~ f.column
                         ~ "' as NULL (" ~ f.data_type ~ ") until a load creates it" -%}
          {%- if cols is not none and (r.column | lower) not in cols and text not in out -%}{%- do out.append(text) -%}{%- endif -%}
        {%- endfor -%}
      {%- endfor -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- for t in gata.unloaded_raw_tables(cfg, reg, columns) -%}
    {%- for o in t.objects -%}
      {%- do out.append("tenant '" ~ cfg.slug ~ "', connector '" ~ t.connector ~ "', object '" ~ o ~ "': raw table "
                        ~ t.table_schema ~ "." ~ t.table_name ~ " is not loaded yet (dlt creates a nested table with the first"
                        ~ " record that has such a list); " ~ gata.src_model_name(cfg.slug, t.connector, o)
                        ~ " reads it as empty, and reads its rows from the first build after a load creates it (no onboarding needed)") -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- for text in out | sort -%}{%- do exceptions.warn("gata: warning: " ~ text) -%}{%- endfor -%}
  {{- return(out | sort) -}}
{%- endmacro %}

{#- The nested raw tables (gata.optional_raw_tables) of the tenant's objects that the introspected
    warehouse `columns` lack: dlt has not created them yet (no shop refund, no action value so far).
    Each as a column-less entry of the introspection ({table_schema, table_name, column_name: none,
    data_type: none}) plus connector and the reading objects, sorted: the sources yml lists the table
    (the src shells' depends_on need it), the warnings name it. -#}
{% macro unloaded_raw_tables(cfg, reg, columns) -%}
  {%- set have = [] -%}
  {%- for c in columns -%}{%- do have.append(c.table_schema ~ '.' ~ c.table_name) -%}{%- endfor -%}
  {%- set out = {} -%}
  {%- for s in cfg.sources -%}
    {%- for o in s.objects -%}
      {%- set key = s.connector ~ '.' ~ o.object -%}
      {%- for t in gata.optional_raw_tables(reg.objects[key], reg.fields.get(key, [])) if (s.raw_schema ~ '.' ~ t) not in have -%}
        {%- do out.setdefault(s.raw_schema ~ '.' ~ t, {'table_schema': s.raw_schema, 'table_name': t, 'column_name': none,
                                                      'data_type': none, 'connector': s.connector, 'objects': []}).objects.append(o.object) -%}
      {%- endfor -%}
    {%- endfor -%}
  {%- endfor -%}
  {%- set tables = [] -%}
  {%- for k in out.keys() | sort -%}{%- do tables.append(out[k]) -%}{%- endfor -%}
  {{- return(tables) -}}
{%- endmacro %}
