{#- Phase 3: a mapped raw column that dlt never created (no load had a value for it) is read as a
    typed NULL by the object's src_* model (gata.src_object). Say so at onboarding, once per column,
    naming tenant, connector, object, raw table and column. Merge-key columns are not listed:
    src_object refuses to build without them. -> the warning texts, sorted. -#}
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
  {%- for text in out | sort -%}{%- do exceptions.warn("gata: warning: " ~ text) -%}{%- endfor -%}
  {{- return(out | sort) -}}
{%- endmacro %}
