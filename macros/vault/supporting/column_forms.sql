{#- AutomateDV's parameter forms beyond a plain column name, resolved to plain names here so the table
    macros only ever see names. -#}

{#- AutomateDV's aliased column {source_column: <staged column>, alias: <output column>} or a plain name,
    as {'source': ..., 'alias': ...} (both the name for a plain name). Anything else is a compile error
    naming the macro, the parameter and the model. -#}
{%- macro aliased_column(value, macro_name, param) -%}
    {%- if value is string and value | trim | length > 0 -%}
        {{- return({'source': value, 'alias': value}) -}}
    {%- endif -%}
    {%- if value is mapping and (value.keys() | map('string') | sort | list) == ['alias', 'source_column']
          and value['source_column'] is string and value['alias'] is string
          and value['source_column'] | trim | length > 0 and value['alias'] | trim | length > 0 -%}
        {{- return({'source': value['source_column'], 'alias': value['alias']}) -}}
    {%- endif -%}
    {{- exceptions.raise_compiler_error("gata." ~ macro_name ~ ": parameter '" ~ param ~ "' must be a column name or {source_column: <staged column>, alias: <column>}, got " ~ value ~ " (model " ~ this ~ ")") -}}
{%- endmacro -%}

{#- `"source" AS "alias"` of an aliased_column (just `"source"` when not renamed), the source qualified
    with `prefix` (e.g. 's.'). -#}
{%- macro aliased_select(column, prefix='') -%}
    {{- prefix ~ gata.escape(column['source']) -}}
    {%- if column['source'] != column['alias'] %} AS {{ gata.escape(column['alias']) }}{%- endif -%}
{%- endmacro -%}

{#- src_payload as a list of names. A list or a name is taken as it is. AutomateDV's
    {exclude_columns: true, columns: [...]} means every column of the (first) source model except the
    listed ones and `not_payload` (keys, hashdiff, metadata: what the macro selects anyway); `columns`
    may be omitted; with exclude_columns false the payload is `columns`. The source columns are known
    only at run time: at parse time this gives [] (the SQL is not run then). Names compare case-insensitively; the source's order is kept. -#}
{%- macro payload_columns(src_payload, source_model, not_payload, macro_name) -%}
    {%- if src_payload is not mapping -%}{{- return(gata.as_list(src_payload)) -}}{%- endif -%}
    {%- set unknown = src_payload.keys() | map('string') | reject('in', ['exclude_columns', 'columns']) | list -%}
    {%- set exclude = src_payload.get('exclude_columns', false) -%}
    {%- if unknown or exclude not in [true, false] or (not exclude and not src_payload.get('columns')) -%}
        {{- exceptions.raise_compiler_error("gata." ~ macro_name ~ ": parameter 'src_payload' as a mapping must be {exclude_columns: true, columns: [...]} (columns optional), got " ~ src_payload ~ " (model " ~ this ~ ")") -}}
    {%- endif -%}
    {%- if not exclude -%}{{- return(gata.as_list(src_payload['columns'])) -}}{%- endif -%}
    {%- if not execute -%}{{- return([]) -}}{%- endif -%}
    {%- set excluded = (gata.as_list(src_payload.get('columns')) + not_payload) | map('lower') | list -%}
    {%- set first_source = gata.source_models(source_model)[0] -%}
    {%- set payload = [] -%}
    {%- for c in gata.relation_column_names(first_source) if c | lower not in excluded -%}{%- do payload.append(c) -%}{%- endfor -%}
    {%- if payload | length == 0 -%}
        {{- exceptions.raise_compiler_error("gata." ~ macro_name ~ ": src_payload excludes every column of " ~ first_source ~ " (model " ~ this ~ ")") -}}
    {%- endif -%}
    {{- return(payload) -}}
{%- endmacro -%}

{#- Names without repeats (case-insensitive), first occurrence kept: a column shared by two key
    parameters (e.g. a tenant in both the primary and the driving key) is selected once. -#}
{%- macro unique_columns(columns) -%}
    {%- set out = [] -%}
    {%- set seen = [] -%}
    {%- for c in columns if c | lower not in seen -%}{%- do out.append(c) -%}{%- do seen.append(c | lower) -%}{%- endfor -%}
    {{- return(out) -}}
{%- endmacro -%}

{#- One comparable SQL value for a (composite) key: the column itself for one column, else its columns
    as text joined by concat_string (the key columns are never NULL where this is used). -#}
{%- macro key_value(columns, prefix='') -%}
    {%- set cols = gata.as_list(columns) -%}
    {%- if cols | length == 1 -%}{{- return(prefix ~ gata.escape(cols[0])) -}}{%- endif -%}
    {%- set parts = [] -%}
    {%- for c in cols -%}{%- do parts.append("CAST(" ~ prefix ~ gata.escape(c) ~ " AS " ~ dbt.type_string() ~ ")") -%}{%- endfor -%}
    {{- return("CONCAT_WS(" ~ gata.sql_str(var('concat_string', '||')) ~ ", " ~ parts | join(', ') ~ ")") -}}
{%- endmacro -%}
